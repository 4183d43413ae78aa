//! A build that `lab build-site` splits in two (Cargo feature `split`, see src/cli/split.rs) is
//! linked with its relocations, which the splitter reads to tell the two parts apart; wasm-bindgen
//! drops them, so no served file carries them. Other builds are linked as usual: binaryen warns on
//! (and does not optimise away) a wasm that has them.
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
