//! Two things the Cargo features decide that `cfg(feature)` alone says badly:
//! - `cfg(light_pages)`: whether this compilation has the light build's pages (home, help, Learn,
//!   the pack list and pages): the light build (no build feature) and `every-page` (tests). Said once
//!   here instead of as a long predicate at every place that compiles them (src/ui/route.rs,
//!   `Build::is_here`, says the same for the running wasm).
//! - A build that `lab build-site` splits in two (Cargo feature `split`, see src/cli/split.rs) is
//!   linked with its relocations, which the splitter reads to tell the two parts apart; wasm-bindgen
//!   drops them, so no served file carries them. Other builds are linked as usual: binaryen warns on
//!   (and does not optimise away) a wasm that has them.
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(light_pages)");
    let feature = |name: &str| std::env::var_os(format!("CARGO_FEATURE_{}", name.to_uppercase().replace('-', "_"))).is_some();
    // The features that make a bigger build (the others, `quiz` …, each turn on one of these).
    let bigger = ["learner", "staff", "simulator", "incidents", "author"].iter().any(|f| feature(f));
    if feature("every-page") || !bigger {
        println!("cargo::rustc-cfg=light_pages");
    }
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
