//! Data-driven simulator tests: each `tests/golden/sim/*.actions` script names a scenario and a seed
//! in its header; the report of the run must equal `<name>.golden`. Re-bless with `BLESS=1 cargo test`.

use std::path::Path;

use rollback_lab::cli::sim::{load_scenario, parse_actions, run_script, text_report};

fn header(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| l.strip_prefix(&format!("# {key}:")).map(|v| v.trim().to_string()))
}

#[test]
fn golden_runs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/sim");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).expect("cd to the crate root");
    let bless = std::env::var_os("BLESS").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).expect("golden dir").flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "actions")) {
        let text = std::fs::read_to_string(path).expect("read actions");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let scenario = load_scenario(&header(&text, "scenario").expect("# scenario: header")).expect("scenario loads");
        let seed: u64 = header(&text, "seed").and_then(|s| s.parse().ok()).expect("# seed: header");
        let actions = parse_actions(&text, name).expect("actions parse");
        let (sim, outputs) = run_script(&scenario, seed, &actions);
        let report = text_report(&sim, &outputs);
        let golden_path = path.with_extension("golden");
        if bless {
            std::fs::write(&golden_path, &report).expect("write golden");
        } else {
            let expected = std::fs::read_to_string(&golden_path).unwrap_or_default();
            if expected != report {
                let line = expected.lines().zip(report.lines()).position(|(a, b)| a != b).map_or(0, |i| i + 1);
                failures.push(format!("{name}: differs from {} (first difference at line {line}); run with BLESS=1 to accept", golden_path.display()));
            }
        }
        checked += 1;
    }
    assert!(checked >= 5, "expected at least 5 golden scripts, found {checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
