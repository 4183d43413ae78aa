//! `--dry-run` never changes the simulator, and a response whose only mitigation is a dry run fails.
//!
//! The same run with and without dry-run lines must have the same state (the view), the same
//! metrics and the same events apart from the console's own "Command" entries (the action log).

use rollback_lab::cli::grade::grade_script;
use rollback_lab::cli::sim::load_scenario;
use rollback_lab::incident::{IncidentRun, Mode, Script};
use rollback_lab::sim::event::Source;
use rollback_lab::sim::{Scenario, Sim};

fn root() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("cd to the crate root");
}

/// Everything but the action log: the state view, the metrics and the events the console did not write.
fn state(sim: &Sim) -> String {
    let events: Vec<String> = sim.events().iter().filter(|e| e.source != Source::Action).map(|e| e.to_line()).collect();
    format!(
        "{}\n{}\n{}",
        serde_json::to_string(&sim.view()).expect("view"),
        serde_json::to_string(&sim.metrics().counters).expect("counters"),
        events.join("\n")
    )
}

fn replay(sc: &Scenario, script: &str) -> IncidentRun {
    IncidentRun::replay(sc, 3, Mode::Sandbox, &Script::parse(script).expect("script"))
}

const DRY_LINES: &[&str] = &[
    "kubectl rollout undo deployment/checkout --dry-run=client",
    "kubectl rollout undo deployment/checkout --dry-run=server",
    "kubectl rollout undo deployment/checkout --dry-run",
    "kubectl rollout undo deployment/checkout --to-revision=1 --dry-run=server",
    "kubectl set image deployment/checkout checkout=registry.example.com/checkout:v1 --dry-run=client",
    "kubectl set image deployment/checkout '*=registry.example.com/checkout:v0' --dry-run=server",
    "kubectl scale deployment/checkout --replicas=0 --dry-run=server",
    "kubectl patch deployment checkout --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"registry.example.com/checkout:v1\"}]' --dry-run=client",
    "kubectl patch configmap checkout-config -p '{\"data\":{\"FEATURE_NEW_PRICING\":\"false\"}}' --dry-run=server",
    "kubectl delete pod checkout-doesnotexist --dry-run=client",
];

#[test]
fn dry_runs_change_nothing() {
    root();
    let sc = load_scenario("sandbox-rolling").expect("scenario");
    let base = "30 kubectl get pods\n3m kubectl rollout status deployment/checkout\n";
    let mut with_dry = String::from("30 kubectl get pods\n");
    for (i, l) in DRY_LINES.iter().enumerate() {
        with_dry.push_str(&format!("{} {l}\n", 40 + 10 * i));
    }
    // Delete a real pod and a real ReplicaSet, dry.
    let probe = replay(&sc, "1m kubectl get pods");
    let pod = probe.sim().pods().first().map(|p| p.name.clone()).expect("a pod");
    let rs = probe.sim().replicasets().first().map(|r| r.name.clone()).expect("a replicaset");
    with_dry.push_str(&format!("2m30s kubectl delete pod {pod} --dry-run=server\n2m40s kubectl delete rs {rs} --dry-run=client\n"));
    with_dry.push_str("3m kubectl rollout status deployment/checkout\n");
    let a = replay(&sc, base);
    let b = replay(&sc, &with_dry);
    assert_eq!(state(a.sim()), state(b.sim()), "a dry run changed the simulator");
    // Every dry line ran and succeeded (except the delete of a pod that does not exist), with kubectl's suffixes.
    let outs: Vec<&str> = b.transcript().iter().map(|e| e.text.as_str()).collect();
    assert!(outs.contains(&"deployment.apps/checkout rolled back (server dry run)"), "{outs:#?}");
    assert!(outs.iter().any(|t| t.starts_with("deployment.apps/checkout Pod Template:") && t.ends_with("\n (dry run)")), "{outs:#?}");
    assert!(outs.iter().any(|t| t.starts_with("W helpers.go:714] --dry-run is deprecated and can be replaced with --dry-run=client.\ndeployment.apps/checkout Pod Template:")), "{outs:#?}");
    assert!(outs.contains(&"deployment.apps/checkout image updated (dry run)"), "{outs:#?}");
    assert!(outs.contains(&"deployment.apps/checkout image updated (server dry run)"), "{outs:#?}");
    assert!(outs.contains(&"deployment.apps/checkout scaled (server dry run)"), "{outs:#?}");
    assert!(outs.contains(&"deployment.apps/checkout patched (dry run)"), "{outs:#?}");
    assert!(outs.contains(&"configmap/checkout-config patched (server dry run)"), "{outs:#?}");
    assert!(outs.contains(&format!("pod \"{pod}\" deleted from default namespace (server dry run)").as_str()), "{outs:#?}");
    assert!(outs.contains(&format!("replicaset.apps \"{rs}\" deleted from default namespace (dry run)").as_str()), "{outs:#?}");
    // The same lines without --dry-run do change it (so the comparison above can fail).
    let real = replay(&sc, "30 kubectl get pods\n40 kubectl rollout undo deployment/checkout\n3m kubectl rollout status deployment/checkout\n");
    assert_ne!(state(a.sim()), state(real.sim()));
}

#[test]
fn statefulset_dry_runs_change_nothing() {
    root();
    let sc = load_scenario("statefulset-partition").expect("scenario");
    let base = "1m kubectl get pods\n3m kubectl rollout status sts/feature-store\n";
    let dry = [
        "kubectl rollout undo sts/feature-store --dry-run=server",
        "kubectl rollout undo sts/feature-store --dry-run=client",
        "kubectl set image sts/feature-store feature-store=registry.example.com/feature-store:v1 --dry-run=server",
        "kubectl patch sts feature-store -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}' --dry-run=server",
        "kubectl scale sts feature-store --replicas=0 --dry-run=client",
        "kubectl delete pod feature-store-2 --dry-run=server",
        "kubectl delete pvc data-feature-store-0 --dry-run=server",
        "kubectl delete sts feature-store --dry-run=client",
    ];
    let mut with_dry = String::from("1m kubectl get pods\n");
    for (i, l) in dry.iter().enumerate() {
        with_dry.push_str(&format!("{} {l}\n", 70 + 5 * i));
    }
    with_dry.push_str("3m kubectl rollout status sts/feature-store\n");
    let a = replay(&sc, base);
    let b = replay(&sc, &with_dry);
    assert_eq!(state(a.sim()), state(b.sim()), "a dry run changed the simulator");
    let outs: Vec<&str> = b.transcript().iter().map(|e| e.text.as_str()).collect();
    assert!(outs.contains(&"statefulset.apps/feature-store rolled back (server dry run)"), "{outs:#?}");
    assert!(outs.contains(&"statefulset.apps \"feature-store\" deleted from default namespace (dry run)"), "{outs:#?}");
    // The real undo plus the delete of the stuck pod does change it.
    let real = replay(&sc, "1m kubectl get pods\n70 kubectl rollout undo sts/feature-store\n80 kubectl delete pod feature-store-2\n3m kubectl rollout status sts/feature-store\n");
    assert_ne!(state(a.sim()), state(real.sim()));
}

#[test]
fn bad_dry_run_values_are_refused_and_pause_has_no_dry_run() {
    root();
    let sc = load_scenario("sandbox-rolling").expect("scenario");
    let run = replay(&sc, "30 kubectl rollout undo deployment/checkout --dry-run=bogus\n40 kubectl rollout pause deployment/checkout --dry-run=client\n50 kubectl rollout undo deployment/checkout --dry-run=false\n");
    let t = run.transcript();
    assert_eq!(t[0].text, "error: Invalid dry-run value (bogus). Must be \"none\", \"server\", or \"client\".");
    assert!(t[0].is_error);
    assert_eq!(t[1].text, "error: unknown flag: --dry-run\nSee 'kubectl rollout pause --help' for usage.");
    assert_eq!(
        t[2].text,
        "W helpers.go:731] --dry-run=false is deprecated (boolean value) and can be replaced with --dry-run=none.\ndeployment.apps/checkout rolled back",
        "--dry-run=false is a real undo"
    );
}

#[test]
fn a_response_whose_only_mitigation_is_a_dry_run_fails() {
    root();
    let sc = load_scenario("rolling-crashloop").expect("scenario");
    let reference = sc.workflow.as_ref().map(|w| w.reference_script.clone()).expect("workflow");
    let real = grade_script(&sc, 1, &reference, "reference").expect("grade");
    assert!(real.passed, "the reference passes: {}", real.to_text());
    for dry in ["--dry-run=client", "--dry-run=server", "--dry-run"] {
        let script = reference.replace("kubectl rollout undo deployment/checkout", &format!("kubectl rollout undo deployment/checkout {dry}"));
        assert_ne!(script, reference);
        let report = grade_script(&sc, 1, &script, "dry").expect("grade");
        assert!(!report.passed, "{dry}: a dry-run undo mitigates nothing, yet the run passed with {}", report.score);
        assert!(report.score < real.score, "{dry}");
    }
}
