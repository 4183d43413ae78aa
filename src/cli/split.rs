//! Splitting a build in two: the part a page needs to appear, and the part it needs only later
//! (`Build::split_part`), loaded on first use. A question run, a session link and the review page
//! open on a start screen, the run view behind it about a fifth of their wasm; an incident opens on
//! its briefing, the running incident and its grade report behind it.
//!
//! The code marks the split point (`ui::components::lazy_part`, one `#[wasm_split(run)]` function);
//! Trunk builds the build as any other, and this step, run by `lab build-site`, replaces what Trunk
//! made from it:
//! 1. the linked wasm, as cargo left it with its relocations (`--emit-relocs`, which
//!    `build.rs` adds for the feature `split`), is split by `wasm_split_cli_support` into the main module, the part's
//!    module and a small loader script;
//! 2. wasm-bindgen makes the main module's glue, keeping the exports the part's module imports
//!    (`--keep-lld-exports`: the function table);
//! 3. wasm-opt optimises both modules at the level Trunk uses for every other build (`-Oz`; Trunk
//!    does not optimise the split builds, `data-wasm-opt="0"`);
//! 4. the files are put back in the staging folder as `NAME.js`, `NAME_bg.wasm`, `NAME.split.js`
//!    and `NAME_run.wasm`, which `site::name_builds` names after their content like any build's.
//!
//! Architecture invariant: a build is split here or never runs. A build compiled with the `split`
//! feature imports its loader from a placeholder module that no browser can resolve, so a build
//! with a split part that this step did not split is an error of the site build, not of a visit.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::ui::route::Build;

/// The module name the wasm imports its loader from until it is split (wasm_split_helpers).
const PLACEHOLDER: &[u8] = b"__wasm_split_placeholder__";

/// The wasm-opt passes and features of every build (index.html's `data-wasm-opt="z"`, which
/// `site::check_rust_links` holds the other builds to; the split builds have `"0"`, Trunk's run on
/// them would be thrown away); the split modules no longer carry the `target_features` section
/// wasm-opt would read the features from.
const WASM_OPT_ARGS: [&str; 6] =
    ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types"];

/// The file names a split build's four files have before `site::name_builds` names them.
pub struct SplitFiles {
    pub glue: String,
    pub main: String,
    pub loader: String,
    pub part: String,
}

impl SplitFiles {
    pub fn of(build: Build, part: &str) -> SplitFiles {
        let name = build.name();
        SplitFiles { glue: format!("{name}.js"), main: format!("{name}_bg.wasm"), loader: format!("{name}.split.js"), part: format!("{name}_{part}.wasm") }
    }
}

/// wasm-opt: binaryen from npm, which scripts/bootstrap.sh installs into the project's tools/
/// folder (`source`: the project root); else whatever `wasm-opt` is on PATH.
pub fn wasm_opt(source: &Path) -> PathBuf {
    let local = source.join("tools/node_modules/.bin/wasm-opt");
    if local.is_file() { local } else { "wasm-opt".into() }
}

/// Where cargo left the linked wasm of `build` (`CARGO_TARGET_DIR`, else `target/` in `source`).
pub fn linked_wasm(source: &Path, build: Build) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| source.join("target"), PathBuf::from);
    let target = if target.is_relative() { source.join(target) } else { target };
    target.join("wasm32-unknown-unknown/release").join(format!("{}.wasm", build.name()))
}

/// Splits every build that has a split part (see the module's documentation), in `staging`.
pub fn split_builds(source: &Path, staging: &Path) -> Result<String, String> {
    let mut log = String::new();
    for build in Build::ALL {
        let Some(part) = build.split_part() else { continue };
        log.push_str(&split_build(source, staging, build, part)?);
    }
    Ok(log)
}

fn split_build(source: &Path, staging: &Path, build: Build, part: &str) -> Result<String, String> {
    let name = build.name();
    let input_path = linked_wasm(source, build);
    let input = fs::read(&input_path).map_err(|e| format!("{}: {e} (cargo builds it when Trunk builds the {name} build)", input_path.display()))?;
    let trunk_wasm = staging.join(format!("{name}_bg.wasm"));
    let built = fs::read(&trunk_wasm).map_err(|e| format!("{}: {e}", trunk_wasm.display()))?;
    check_inputs(name, &input, &built)?;

    let work = std::env::temp_dir().join(format!("rollback-lab-split-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    let bindgen_out = work.join("bindgen");
    fs::create_dir_all(&bindgen_out).map_err(|e| format!("{}: {e}", work.display()))?;
    let files = SplitFiles::of(build, part);
    let main_out = work.join(format!("{name}.wasm"));
    let loader_link = format!("./{}", files.loader);
    let glue_module = format!("./{}", files.glue);
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &work;
        opts.main_out_path = &main_out;
        opts.link_name = &loader_link;
        opts.main_module = &glue_module;
        opts
    })
    .map_err(|e| format!("{name}: splitting {}: {e:#}", input_path.display()))?;
    let [chunk] = split.split_modules.as_slice() else {
        return Err(format!("{name}: expected one split module (`{part}`), the splitter wrote {:?}", split.split_modules));
    };
    let expected_chunk = format!("split_{part}.wasm");
    if chunk.file_name().is_none_or(|n| n.to_string_lossy() != expected_chunk) {
        return Err(format!("{name}: the split module is {}, not {expected_chunk} (is the split point's module named `{part}`?)", chunk.display()));
    }

    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports", "--out-dir"])
        .arg(&bindgen_out)
        .arg(&main_out))
    .map_err(|e| format!("{name}: wasm-bindgen: {e}"))?;
    let opt = wasm_opt(source);
    run(Command::new(&opt).args(WASM_OPT_ARGS).arg(bindgen_out.join(&files.main)).arg("-o").arg(staging.join(&files.main)))
        .map_err(|e| format!("{name}: {}: {e}", opt.display()))?;
    run(Command::new(&opt).args(WASM_OPT_ARGS).arg(chunk).arg("-o").arg(staging.join(&files.part)))
        .map_err(|e| format!("{name}: {}: {e}", opt.display()))?;
    // The loader fetches the part relative to itself, by the name the splitter gave it.
    let loader = fs::read_to_string(work.join(&files.loader)).map_err(|e| format!("{name}: the splitter's loader: {e}"))?;
    let loader = rename_in(&loader, &format!("\"./{expected_chunk}\""), &format!("\"./{}\"", files.part))
        .map_err(|e| format!("{name}: the splitter's loader {e}"))?;
    fs::write(staging.join(&files.loader), loader).map_err(|e| format!("{}: {e}", files.loader))?;
    fs::copy(bindgen_out.join(&files.glue), staging.join(&files.glue)).map_err(|e| format!("{}: {e}", files.glue))?;
    let _ = fs::remove_dir_all(&work);

    let size = |f: &str| fs::metadata(staging.join(f)).map(|m| m.len()).unwrap_or(0);
    Ok(format!("split the {name} build: {} bytes of wasm at first, {} more for its `{part}` part\n", size(&files.main), size(&files.part)))
}

/// Refuses inputs that cannot make a working split: a linked wasm without relocations, or one that
/// is not the build Trunk just made (no split point in either).
pub fn check_inputs(name: &str, linked: &[u8], built: &[u8]) -> Result<(), String> {
    let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    if !has(built, PLACEHOLDER) {
        return Err(format!("{name}: the build has no split point (is it built with the Cargo feature `split`? see Cargo.toml)"));
    }
    if !has(linked, PLACEHOLDER) {
        return Err(format!("{name}: the linked wasm in target/ has no split point: it is not the build Trunk just made"));
    }
    if !has(linked, b"reloc.CODE") {
        return Err(format!("{name}: the linked wasm has no relocations (build.rs links a build with the feature `split` with `--emit-relocs`)"));
    }
    Ok(())
}

/// `text` with `from` replaced by `to`, which must occur exactly once.
pub fn rename_in(text: &str, from: &str, to: &str) -> Result<String, String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!("names {from} {n} times, not once")),
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("cannot run it ({e}); scripts/bootstrap.sh installs it"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_without_a_split_point_or_relocations_is_refused() {
        let built = b"...__wasm_split_placeholder__...".as_slice();
        let linked = b"...__wasm_split_placeholder__...reloc.CODE...".as_slice();
        assert!(check_inputs("quiz", linked, built).is_ok());
        let e = check_inputs("quiz", linked, b"plain wasm").unwrap_err();
        assert!(e.contains("no split point") && e.contains("`split`"), "{e}");
        let e = check_inputs("quiz", b"other wasm reloc.CODE", built).unwrap_err();
        assert!(e.contains("not the build Trunk just made"), "{e}");
        let e = check_inputs("quiz", b"__wasm_split_placeholder__", built).unwrap_err();
        assert!(e.contains("--emit-relocs"), "{e}");
    }

    #[test]
    fn a_name_is_renamed_only_where_it_occurs_once() {
        assert_eq!(rename_in("a \"./x.wasm\" b", "\"./x.wasm\"", "\"./y.wasm\"").unwrap(), "a \"./y.wasm\" b");
        assert!(rename_in("none", "x", "y").unwrap_err().contains("0 times"));
        assert!(rename_in("x x", "x", "y").unwrap_err().contains("2 times"));
    }

    #[test]
    fn the_builds_whose_pages_open_on_a_start_screen_are_split_and_no_other() {
        let split: Vec<&str> = Build::ALL.iter().filter(|b| b.split_part().is_some()).map(|b| b.name()).collect();
        assert_eq!(split, ["quiz", "progress", "session", "incident", "sandbox"]);
        let f = SplitFiles::of(Build::Quiz, "run");
        assert_eq!([f.glue, f.main, f.loader, f.part], ["quiz.js", "quiz_bg.wasm", "quiz.split.js", "quiz_run.wasm"]);
    }
}
