//! The grader never panics: empty logs, garbage logs, scenarios without a workflow, runs stopped
//! early, and runs of another scenario all give a report. Also the timing of simulating and grading
//! a 30-minute incident (print with `--nocapture`; the budget is 5 ms natively in release, 16 ms in wasm).

use std::path::Path;
use std::time::Instant;

use rollback_lab::cli::sim::load_scenario;
use rollback_lab::grade::grade;
use rollback_lab::incident::{IncidentRun, Mode, Script};
use rollback_lab::sim::Sim;

fn cd_root() {
    std::env::set_current_dir(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("cd to the crate root");
}

#[test]
fn empty_and_garbage_logs_never_panic() {
    cd_root();
    let garbage = ["", "   ", "kubectl", "kubectl rollout undo", "'unterminated", "rm -rf /", "k rollout undo deploy/x --to-revision=-1", "🚀 é \\", "db snapshot restore", "traffic weight x 999999999999", "notify", "wait 0s"];
    for id in ["rolling-crashloop", "crosslayer-release", "bluegreen-expired-window", "sandbox-rolling"] {
        let sc = load_scenario(id).expect("scenario");
        // Empty log, graded at tick 0 and at the end.
        let sim = Sim::new(&sc, 1);
        let r = grade(&sc, &sim);
        assert!(!r.passed, "{id}: an empty run at tick 0 cannot pass");
        let mut sim = Sim::new(&sc, 1);
        sim.run_to_end();
        let r = grade(&sc, &sim);
        assert!(r.score <= 100);
        // Garbage at many ticks.
        let mut sim = Sim::new(&sc, 2);
        for (i, g) in garbage.iter().enumerate() {
            sim.run_until(10 * i as u32);
            let _ = sim.exec(g);
        }
        sim.run_to_end();
        let r = grade(&sc, &sim);
        assert!(!r.passed, "{id}: garbage must not pass");
        assert!(serde_json::to_string(&r).is_ok());
        assert!(!r.to_text().is_empty());
    }
}

#[test]
fn grading_a_run_of_another_scenario_does_not_panic() {
    cd_root();
    let a = load_scenario("rolling-crashloop").expect("scenario");
    let b = load_scenario("model-silent-regression").expect("scenario");
    let mut sim = Sim::new(&b, 3);
    sim.exec("registry alias set churn-scorer champion 12");
    sim.run_until(600);
    let r = grade(&a, &sim);
    assert!(!r.passed);
}

#[test]
fn sandbox_scenarios_are_not_graded() {
    cd_root();
    let sc = load_scenario("sandbox-canary").expect("scenario");
    let mut sim = Sim::new(&sc, 1);
    sim.run_to_end();
    let r = grade(&sc, &sim);
    assert_eq!((r.score, r.passed), (0, false));
}

/// Simulates the 30-minute cross-layer incident with its reference actions and grades it (the grader
/// simulates the do-nothing baseline and the reference run inside): three 30-minute simulations.
fn simulate_and_grade_30_minutes() -> (f64, u32) {
    let sc = load_scenario("crosslayer-release").expect("scenario");
    let script = sc.workflow.as_ref().map(|w| w.reference_script.clone()).unwrap_or_default();
    let actions = Script::parse(&script).expect("script");
    let t = Instant::now();
    let sim = IncidentRun::replay(&sc, 1, Mode::graded(&sc), &actions).into_sim();
    let report = grade(&sc, &sim);
    (t.elapsed().as_secs_f64() * 1000.0, report.score)
}

#[test]
fn timing_simulate_and_grade_a_30_minute_incident() {
    cd_root();
    let sc = load_scenario("crosslayer-release").expect("scenario");
    assert_eq!(sc.duration.0, 1800, "the timing scenario must last 30 minutes");
    let mut times: Vec<f64> = (0..15).map(|_| simulate_and_grade_30_minutes().0).collect();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "simulate + grade a 30-minute incident (3 simulations: learner, baseline, reference): median {median:.3} ms, min {:.3} ms ({} build)",
        times[0],
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    // Generous in debug builds; the release budget is 5 ms.
    let limit = if cfg!(debug_assertions) { 2000.0 } else { 5.0 };
    assert!(median < limit, "median {median:.3} ms over {limit} ms");
}
