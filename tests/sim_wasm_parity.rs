//! The native half of the cross-platform determinism check. `tests/fixtures/sim/parity.json` lists
//! runs (a scenario fixture, a seed, an action script) with the trace hash, the grade score and the
//! grade report's hash this build computes natively; `src/grade/wasm_tests.rs` runs the same cases in
//! headless Chromium and asserts the same values. If either platform drifts, one of the two fails.
//!
//! The fixtures are generated natively from the TOML sources (the wasm build has no TOML reader):
//! after a deliberate change to the simulator, the grader or a fixture scenario, regenerate with
//! `UPDATE_FIXTURES=1 cargo test --test sim_wasm_parity` and review the diff.

use std::path::{Path, PathBuf};

use rollback_lab::cli::sim::{BENCH_SCENARIO, BENCH_WORKFLOW};
use rollback_lab::grade::grade;
use rollback_lab::incident::{IncidentRun, Mode, Script};
use rollback_lab::sim::Scenario;

/// The fixture directory, regenerated first (once per test binary) when `UPDATE_FIXTURES` is set.
fn fixtures() -> PathBuf {
    static UPDATE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        UPDATE.call_once(write_fixtures);
    }
    fixture_dir()
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sim")
}

/// `lab bench`'s 50-pod incident with a reference workflow, so that grading it does the full work
/// (the grader simulates the do-nothing baseline and the reference run: three 50-pod simulations).
/// The wasm timing test simulates and grades this one.
fn graded_bench_toml() -> String {
    let bench = BENCH_SCENARIO
        .replace("id = \"bench-50-pods\"", "id = \"bench-50-pods-graded\"")
        .replace("title = \"Benchmark: 30 minutes, 50 pods\"", "title = \"Benchmark: 30 minutes, 50 pods, graded\"");
    assert!(bench.contains("bench-50-pods-graded"), "BENCH_SCENARIO changed its id line");
    let head = "difficulty = \"medium\"\nbriefing = \"checkout v2 leaks memory and is slow; 50 pods, 3000 rps.\"\n";
    format!("{head}{bench}{BENCH_WORKFLOW}")
}

/// The runs compared across platforms: (fixture file, seed, action script).
fn cases() -> Vec<(&'static str, u64, String)> {
    let crosslayer = Scenario::from_toml(&std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios/crosslayer-release.toml")).expect("read")).expect("crosslayer-release");
    let reference = crosslayer.workflow.as_ref().expect("a workflow").reference_script.clone();
    vec![
        // A graded cross-layer incident (app, config, model, database) with its reference workflow
        // and a few reads around it, so console output reaches the event log.
        ("crosslayer-release.json", 7, format!("20s kubectl get pods\n45s kubectl get events\n{reference}10m kubectl rollout history deployment/assist-api\n20m alerts\n")),
        // The 50-pod benchmark incident: memory leak, latency regression, node failure at 10–20 min.
        ("bench-50-pods-graded.json", 42, "30s kubectl get pods\n2m metrics\n2m10s kubectl rollout undo deployment/checkout\n4m kubectl rollout status deployment/checkout\n12m kubectl get pods -o wide\n25m alerts\n".to_string()),
    ]
}

/// What a run yields: (trace hash, grade score, FNV-1a of the grade report's JSON). The wasm side
/// (`src/grade/wasm_tests.rs::run_case`) computes it the same way.
fn run_case(scenario_json: &str, seed: u64, actions: &str) -> (u64, u32, u64) {
    let sc = Scenario::from_json(scenario_json).expect("fixture scenario");
    let actions = Script::parse(actions).expect("action script");
    let sim = IncidentRun::replay(&sc, seed, Mode::graded(&sc), &actions).into_sim();
    let report = grade(&sc, &sim);
    let report_json = serde_json::to_string(&report).expect("report JSON");
    (sim.trace_hash(), report.score, rollback_lab::fnv::hash(report_json.as_bytes()))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e} (regenerate with UPDATE_FIXTURES=1)", path.display()))
}

fn write_fixtures() {
    let dir = fixture_dir();
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let crosslayer = Scenario::from_toml(&read(&root.join("static/scenarios/crosslayer-release.toml"))).expect("crosslayer-release");
    let bench = Scenario::from_toml(&graded_bench_toml()).expect("graded bench scenario");
    for (name, sc) in [("crosslayer-release.json", &crosslayer), ("bench-50-pods-graded.json", &bench)] {
        std::fs::write(dir.join(name), serde_json::to_string_pretty(sc).expect("JSON") + "\n").expect("write fixture");
    }
    let mut entries = Vec::new();
    for (file, seed, actions) in cases() {
        let (trace, score, report) = run_case(&read(&dir.join(file)), seed, &actions);
        entries.push(serde_json::json!({
            "scenario": file,
            "seed": seed,
            "actions": actions,
            "trace_hash": format!("{trace:016x}"),
            "score": score,
            "report_hash": format!("{report:016x}"),
        }));
    }
    let text = serde_json::to_string_pretty(&entries).expect("JSON") + "\n";
    std::fs::write(dir.join("parity.json"), text).expect("write parity.json");
}

#[test]
fn native_runs_match_the_recorded_trace_hashes() {
    let dir = fixtures();
    let parity: serde_json::Value = serde_json::from_str(&read(&dir.join("parity.json"))).expect("parity.json");
    let recorded = parity.as_array().expect("an array of cases");
    let cases = cases();
    assert_eq!(recorded.len(), cases.len(), "parity.json is stale: regenerate with UPDATE_FIXTURES=1");
    for (case, (file, seed, actions)) in recorded.iter().zip(&cases) {
        assert_eq!((case["scenario"].as_str(), case["seed"].as_u64(), case["actions"].as_str()), (Some(*file), Some(*seed), Some(actions.as_str())), "parity.json is stale: regenerate with UPDATE_FIXTURES=1");
        let (trace, score, report) = run_case(&read(&dir.join(file)), *seed, actions);
        let got = (format!("{trace:016x}"), u64::from(score), format!("{report:016x}"));
        let want = (case["trace_hash"].as_str().unwrap_or("").to_string(), case["score"].as_u64().unwrap_or(u64::MAX), case["report_hash"].as_str().unwrap_or("").to_string());
        assert_eq!(got, want, "{file} seed {seed}: (trace hash, score, report hash) drifted natively");
    }
}

#[test]
fn the_graded_bench_fixture_is_the_bench_incident_with_a_workflow() {
    let fixture = Scenario::from_json(&read(&fixtures().join("bench-50-pods-graded.json"))).expect("fixture");
    let bench = Scenario::from_toml(BENCH_SCENARIO).expect("bench");
    assert_eq!((fixture.app.clone(), fixture.failures.clone(), fixture.duration), (bench.app, bench.failures, bench.duration), "regenerate with UPDATE_FIXTURES=1");
    assert_eq!((fixture.app.replicas, fixture.duration.0), (50, 1800));
    // The reference workflow passes, so the timing run grades a real incident, not an empty one.
    let wf = fixture.workflow.as_ref().expect("a workflow");
    let actions = Script::parse(&wf.reference_script).expect("script");
    let sim = IncidentRun::replay(&fixture, wf.reference_seed, Mode::graded(&fixture), &actions).into_sim();
    let report = grade(&fixture, &sim);
    assert!(report.passed, "score {} findings {:?}", report.score, report.finding_ids());
}
