//! Determinism: the same scenario, seed and timed actions give the same trace hash; another seed
//! gives another trace. (The wasm side of the comparison runs the same function under wasm-bindgen-test.)

use rollback_lab::cli::sim::{BENCH_SCENARIO, bench_once, load_scenario, parse_actions, run_script};
use rollback_lab::sim::{FailureKind, Scenario, Sim, failure::Failure};

fn run(id: &str, seed: u64) -> u64 {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("cd");
    let scenario = load_scenario(id).expect("scenario");
    let actions = parse_actions("30 kubectl get pods\n2m metrics\n3m kubectl rollout status deploy/checkout\n", "inline").expect("actions");
    let (sim, _) = run_script(&scenario, seed, &actions);
    sim.trace_hash()
}

#[test]
fn same_seed_same_trace_other_seed_other_trace() {
    for id in ["sandbox-rolling", "sandbox-canary", "sandbox-blue-green", "sandbox-model", "sandbox-paused"] {
        assert_eq!(run(id, 42), run(id, 42), "{id}");
        assert_ne!(run(id, 42), run(id, 43), "{id}");
    }
}

#[test]
fn bench_incident_is_deterministic() {
    let s = Scenario::from_toml(BENCH_SCENARIO).expect("bench scenario");
    assert_eq!(bench_once(&s), bench_once(&s));
}

#[test]
fn injected_failure_changes_the_trace_and_is_reproducible() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("cd");
    let s = load_scenario("sandbox-blue-green").expect("scenario");
    let go = |inject: bool| {
        let mut sim = Sim::new(&s, 5);
        sim.run_until(60);
        if inject {
            sim.inject(Failure { at: 60, until: Some(200), kind: FailureKind::NodeFailure { node: "node-2".into() } });
        }
        sim.run_to_end();
        sim.trace_hash()
    };
    assert_eq!(go(true), go(true));
    assert_ne!(go(true), go(false));
}
