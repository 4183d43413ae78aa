//! Properties of the release tools' console commands (`helm`, `argocd`, `git`), over random lines
//! built from their vocabulary and run against the two scenarios that use them:
//! - nothing typed panics, and every line that parses has a canonical form that parses back to it;
//! - a dry run never changes anything (the release, the Deployment's template, the ConfigMaps);
//! - a command that fails changes nothing either.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rollback_lab::cli::sim::load_scenario;
use rollback_lab::sim::{Command, Sim, parse};

const WORDS: &[&str] = &[
    "helm", "list", "ls", "-a", "-A", "history", "hist", "status", "get", "values", "rollback", "uninstall", "checkout", "2", "0",
    "-1", "9", "x", "--max", "--max=1", "--revision", "--revision=2", "--all", "--dry-run", "--dry-run=false", "--wait",
    "--timeout", "5m", "300", "-n", "default", "prod", "--show-desc", "argocd", "app", "get", "sync", "set", "catalog",
    "--sync-policy", "none", "manual", "automated", "auto", "bogus", "--self-heal", "--self-heal=false", "--auto-prune",
    "--refresh", "--prune", "git", "log", "--oneline", "-n", "revert", "--no-edit", "HEAD", "HEAD~1", "HEAD^", "push",
    "origin", "main", "'", "\"", "\\", "#", "--", "-", "é", "=",
];

fn line(rng: &mut ChaCha8Rng) -> String {
    // A third of the lines are well-formed changes with random flags, so dry runs and real
    // rollbacks come up often; the rest are free word salad.
    if rng.next_u32().is_multiple_of(3) {
        let pick = |rng: &mut ChaCha8Rng, xs: &[&'static str]| xs[(rng.next_u32() as usize) % xs.len()];
        let head = pick(rng, &["helm rollback checkout", "helm rollback checkout 1", "helm rollback checkout 2", "helm rollback checkout 3", "helm uninstall checkout", "helm rollback nope 2"]);
        let flags = [pick(rng, &["--dry-run", "", "--wait", "--dry-run --wait"]), pick(rng, &["", "--timeout 1m", "-n default", "-n prod"])];
        return format!("{head} {} {}", flags[0], flags[1]);
    }
    let tools = ["helm", "argocd app", "git"];
    let mut words = vec![tools[(rng.next_u32() as usize) % tools.len()].to_string()];
    for _ in 0..(rng.next_u32() % 6) {
        words.push(WORDS[(rng.next_u32() as usize) % WORDS.len()].to_string());
    }
    words.join(" ")
}

/// Everything a command could change, as text.
fn state(sim: &Sim) -> String {
    format!(
        "{:?}|{:?}|{:?}|{:?}",
        sim.helm_release(),
        sim.deployment().map(|d| (d.template, d.replicas, d.paused)),
        sim.configmaps(),
        sim.gitops().map(|g| (&g.repo, g.app.automated, g.app.self_heal, &g.app.history))
    )
}

fn is_dry_run(c: &Command) -> bool {
    c.to_string().contains("--dry-run")
}

#[test]
fn random_lines_never_panic_round_trip_and_dry_runs_change_nothing() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("cd to the crate root");
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let (mut parsed, mut dry, mut failed) = (0, 0, 0);
    for id in ["helm-bad-values", "gitops-autosync-rollback"] {
        let scenario = load_scenario(id).expect("scenario loads");
        let mut sim = Sim::new(&scenario, 3);
        sim.run_until(60);
        for i in 0..4000 {
            let l = line(&mut rng);
            if let Ok(cmd) = parse(&l) {
                parsed += 1;
                let canonical = cmd.to_string();
                assert_eq!(parse(&canonical), Ok(cmd.clone()), "{l:?} -> {canonical:?}");
            }
            let before = state(&sim);
            let out = sim.exec(&l);
            let cmd = parse(&l).ok();
            if cmd.as_ref().is_some_and(is_dry_run) {
                dry += 1;
                assert_eq!(state(&sim), before, "{id}: the dry run {l:?} changed something");
            } else if out.is_error && !l.contains("--wait") {
                failed += 1;
                assert_eq!(state(&sim), before, "{id}: the failed command {l:?} changed something: {}", out.text);
            }
            // Let time pass now and then, so self-heal and polls run between commands.
            if i % 50 == 0 && sim.tick() + 30 < scenario.duration.0 {
                let t = sim.tick() + 30;
                sim.run_until(t);
            }
        }
    }
    assert!(parsed > 1000, "too few lines parsed ({parsed}): the generator does not exercise the grammar");
    assert!(dry > 20, "too few dry runs ({dry})");
    assert!(failed > 100, "too few failing commands ({failed})");
}
