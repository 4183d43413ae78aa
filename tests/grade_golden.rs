//! Data-driven grader tests. For every graded scenario `static/scenarios/<id>.toml` there are two
//! scripts under `tests/golden/grade/`:
//! - `<id>.pass.actions`: a correct recovery; it must pass with at least `# min-score:` (default 80);
//! - `<id>.harm.actions`: a harmful one; it must fail with every finding id listed in `# expect:`.
//!
//! Each run's JSON report must equal `<id>.<pass|harm>.json`; re-bless with `BLESS=1 cargo test`.
//! `GRADE_SHOW=<id>` prints both text reports (for scenario authors).

use std::path::Path;

use rollback_lab::cli::grade::{check_scenarios, grade_script};
use rollback_lab::cli::sim::load_scenario;

fn header(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| l.strip_prefix(&format!("# {key}:")).map(|v| v.trim().to_string()))
}

fn graded_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("static/scenarios"))
        .expect("scenario dir")
        .flatten()
        .filter_map(|e| e.path().file_stem().and_then(|s| s.to_str()).map(str::to_string))
        .filter(|s| !s.starts_with("sandbox-"))
        .collect();
    ids.sort();
    ids
}

#[test]
fn every_graded_scenario_has_passing_and_harmful_goldens() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).expect("cd to the crate root");
    let bless = std::env::var_os("BLESS").is_some();
    let show = std::env::var("GRADE_SHOW").ok();
    let dir = root.join("tests/golden/grade");
    let ids = graded_ids(root);
    let mut failures = Vec::new();
    for id in &ids {
        let scenario = match load_scenario(id) {
            Ok(s) => s,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        for kind in ["pass", "harm"] {
            let path = dir.join(format!("{id}.{kind}.actions"));
            let Ok(text) = std::fs::read_to_string(&path) else {
                failures.push(format!("{id}: missing {}", path.display()));
                continue;
            };
            let seed: u64 = header(&text, "seed").and_then(|s| s.parse().ok()).unwrap_or(1);
            let report = match grade_script(&scenario, seed, &text, &path.display().to_string()) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            if show.as_deref() == Some(id.as_str()) {
                println!("===== {id}.{kind} =====\n{}", report.to_text());
            }
            let ids = report.finding_ids();
            if kind == "pass" {
                let min: u32 = header(&text, "min-score").and_then(|s| s.parse().ok()).unwrap_or(80);
                if !report.passed || report.score < min {
                    failures.push(format!("{id}.pass: expected a pass with score >= {min}, got passed={} score={} findings={ids:?}", report.passed, report.score));
                }
            } else {
                if report.passed {
                    failures.push(format!("{id}.harm: expected a fail, got a pass (score {})", report.score));
                }
                let expect = header(&text, "expect").unwrap_or_default();
                let wanted: Vec<&str> = expect.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
                if wanted.is_empty() {
                    failures.push(format!("{id}.harm: the script needs a '# expect: finding, …' header"));
                }
                for w in wanted {
                    if !ids.contains(&w) {
                        failures.push(format!("{id}.harm: expected finding {w:?}, got {ids:?}"));
                    }
                }
            }
            let json = serde_json::to_string_pretty(&report).expect("report serialises") + "\n";
            let golden = dir.join(format!("{id}.{kind}.json"));
            if bless {
                std::fs::write(&golden, &json).expect("write golden");
            } else if std::fs::read_to_string(&golden).unwrap_or_default() != json {
                failures.push(format!("{id}.{kind}: report differs from {}; run with BLESS=1 to accept", golden.display()));
            }
        }
    }
    assert!(ids.len() >= 15, "expected at least 15 graded scenarios, found {}", ids.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn scenarios_validate_and_reference_scripts_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match check_scenarios(&root.join("static/scenarios")) {
        Ok(summary) => assert!(summary.contains("graded"), "{summary}"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn json_report_has_the_documented_fields() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).expect("cd to the crate root");
    let scenario = load_scenario("rolling-crashloop").expect("scenario");
    let report = grade_script(&scenario, 1, "1m kubectl rollout undo deployment/checkout\n", "inline").expect("grade");
    let v = serde_json::to_value(&report).expect("json");
    for key in ["score", "passed", "subscores", "time_to_mitigate_s", "failed_requests", "findings", "reference", "timeline", "markers", "debrief"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["outcome", "procedure", "speed", "impact", "safety"] {
        assert!(v["subscores"].get(key).is_some(), "missing subscores.{key}");
    }
}
