//! The module invariants of ARCHITECTURE.md that a reader of the source can check, checked: the
//! dependency direction between the core modules, the console as a client of the simulator, and no
//! web crates, command lines or rules where they do not belong.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every line of the `.rs` files under `src/<dir>` containing one of `needles`, as `file:line: text`.
/// The browser-side test harnesses (`wasm_tests.rs`, compiled only into wasm tests) are left out:
/// they drive the whole pipeline and read the browser's clock.
fn lines_with(dir: &str, needles: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let base = root.join(dir);
    if base.is_file() {
        files.push(base);
    } else {
        rust_files(&base, &mut files);
    }
    files.sort();
    let mut hits = Vec::new();
    for f in files.into_iter().filter(|f| !f.ends_with("wasm_tests.rs")) {
        let text = std::fs::read_to_string(&f).expect("read source");
        for (i, line) in text.lines().enumerate() {
            if needles.iter().any(|n| line.contains(n)) {
                hits.push(format!("{}:{}: {}", f.strip_prefix(&root).unwrap_or(&f).display(), i + 1, line.trim()));
            }
        }
    }
    hits
}

#[test]
fn the_simulator_depends_on_neither_the_runner_nor_the_grader() {
    assert_eq!(lines_with("sim", &["crate::grade", "crate::incident", "crate::ui", "crate::cli"]), Vec::<String>::new());
}

#[test]
fn the_runner_does_not_depend_on_the_grader() {
    assert_eq!(lines_with("incident", &["crate::grade", "crate::ui", "crate::cli"]), Vec::<String>::new());
}

#[test]
fn the_console_is_a_client_of_the_simulator() {
    assert_eq!(lines_with("sim/console", &["impl Sim"]), Vec::<String>::new());
}

#[test]
fn the_core_has_no_web_crates() {
    for dir in ["sim", "grade", "incident", "session", "clock.rs", "suggest.rs"] {
        assert_eq!(lines_with(dir, &["yew", "web_sys", "js_sys", "gloo", "wasm_bindgen::"]), Vec::<String>::new(), "{dir}");
    }
}

#[test]
fn the_ui_builds_no_command_lines() {
    let programs = ["kubectl", "notify", "traffic ", "registry ", "serving ", "db ", "metrics", "alerts"];
    let hits: Vec<String> = lines_with("ui", &["format!(\""])
        .into_iter()
        .filter(|l| {
            let after = l.split("format!(\"").nth(1).unwrap_or("");
            programs.iter().any(|p| after.starts_with(p))
        })
        .collect();
    assert_eq!(hits, Vec::<String>::new());
}

/// The standard float parser is 12.5 KB brotli of the incident build (docs/performance.md, session 8):
/// the simulator reads numbers in text with `sim::decimal` (whose tests compare it with the standard one).
#[test]
fn the_simulator_has_no_standard_float_parser() {
    let hits: Vec<String> =
        lines_with("sim", &["parse::<f64>", "parse::<f32>", "f64::from_str"]).into_iter().filter(|l| !l.starts_with("sim/decimal.rs:")).collect();
    assert_eq!(hits, Vec::<String>::new());
}

/// The simulator, the runner and the grader sort with `crate::sort`: every standard slice sort with a
/// new element type or comparator is one more copy of the standard sort in the wasm (2–4 KB raw each;
/// docs/performance.md, sessions 8 and 10).
#[test]
fn the_simulator_runner_and_grader_sort_with_the_shared_sort() {
    let std_sorts = [".sort()", ".sort_by(", ".sort_by_key(", ".sort_by_cached_key(", ".sort_unstable"];
    for dir in ["sim", "incident", "grade"] {
        assert_eq!(lines_with(dir, &std_sorts), Vec::<String>::new(), "{dir}");
    }
}

/// The incident pages read the site's scenario files with the light reader (`sim::shipped`), not with
/// serde's derived readers (73 KB raw of the incident build, session 8).
#[test]
fn the_incident_pages_read_scenarios_with_the_light_reader() {
    for dir in ["ui/components/incident", "ui/pages/incident.rs", "ui/pages/incidents.rs"] {
        assert_eq!(lines_with(dir, &["Scenario::from_json", "serde_json::from_str::<Scenario", "Deserialize"]), Vec::<String>::new(), "{dir}");
    }
}
