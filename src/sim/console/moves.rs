//! The common moves of an incident, as [`Command`]s: what the move buttons run.
//!
//! A button shows and runs the command's canonical text (its `Display`), exactly what one would
//! type, so the grader counts a click the same as the typed line.

use super::command::{Argo, Command, Db, Kubectl, ResourceKind, Serving, Target, Traffic};
use crate::sim::scenario::{Scenario, Strategy};
use crate::sim::view::StateView;

/// One move: a short label and the command it runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Move {
    /// What the button says.
    pub label: &'static str,
    /// What it runs.
    pub command: Command,
}

fn kubectl(cmd: Kubectl) -> Command {
    Command::Kubectl { namespace: None, context: None, cmd }
}

fn argo(cmd: Argo) -> Command {
    Command::Argo { namespace: None, cmd }
}

/// The common moves for `scenario` in its current state (`view`: the stable version and the
/// production Service, for "traffic back to stable" on blue-green).
pub fn common_moves(scenario: &Scenario, view: &StateView) -> Vec<Move> {
    let name = scenario.app.name.clone();
    let deployment = || Target { kind: ResourceKind::Deployment, name: name.clone() };
    let mv = |label, command| Move { label, command };
    let mut out = vec![mv("Pods", kubectl(Kubectl::Get { kinds: vec![ResourceKind::Pod], name: None, output: None, selector: None, field_selector: None, sort_by: None, no_headers: false, all_namespaces: false, show_labels: false }))];
    match scenario.app.strategy {
        Strategy::Rolling => {
            out.push(mv("Rollout status", kubectl(Kubectl::RolloutStatus { target: deployment() })));
            out.push(mv("History", kubectl(Kubectl::RolloutHistory { target: deployment(), revision: None })));
            out.push(mv("Undo", kubectl(Kubectl::RolloutUndo { target: deployment(), to_revision: None, dry_run: None })));
            out.push(mv("Pause", kubectl(Kubectl::RolloutPause { target: deployment() })));
            out.push(mv("Resume", kubectl(Kubectl::RolloutResume { target: deployment() })));
        }
        Strategy::StatefulSet => {
            let sts = || Target { kind: ResourceKind::StatefulSet, name: name.clone() };
            out.push(mv("Rollout status", kubectl(Kubectl::RolloutStatus { target: sts() })));
            out.push(mv("History", kubectl(Kubectl::RolloutHistory { target: sts(), revision: None })));
            out.push(mv("Undo", kubectl(Kubectl::RolloutUndo { target: sts(), to_revision: None, dry_run: None })));
            out.push(mv(
                "Revisions",
                kubectl(Kubectl::Get { kinds: vec![ResourceKind::ControllerRevision], name: None, output: None, selector: None, field_selector: None, sort_by: None, no_headers: false, all_namespaces: false, show_labels: false }),
            ));
        }
        Strategy::BlueGreen | Strategy::Canary => {
            out.push(mv("Rollout status", argo(Argo::Status { name: name.clone() })));
            out.push(mv("Abort", argo(Argo::Abort { name: name.clone() })));
            out.push(mv("Promote", argo(Argo::Promote { name: name.clone(), full: false })));
            out.push(mv("Undo", argo(Argo::Undo { name: name.clone(), to_revision: None })));
            let stable = &view.workload.stable_version;
            let production = view.services.iter().find(|s| s.production).map(|s| s.name.clone()).unwrap_or_default();
            if scenario.app.strategy == Strategy::Canary {
                out.push(mv("Traffic back to stable", Command::Traffic(Traffic::Weight { rollout: name.clone(), percent: 0 })));
            } else if !production.is_empty() && !stable.is_empty() {
                out.push(mv("Traffic back to stable", Command::Traffic(Traffic::Switch { service: production, version: stable.clone() })));
            }
        }
    }
    if scenario.model.is_some() {
        out.push(mv("Model status", Command::Serving(Serving::Status)));
        out.push(mv("Reload the model", Command::Serving(Serving::Reload)));
    }
    if scenario.database.is_some() {
        out.push(mv("Database status", Command::Db(Db::Status)));
    }
    out.push(mv("Metrics", Command::Metrics { version: None }));
    out.push(mv("Alerts", Command::Alerts));
    out
}

/// The `notify` command for a team and a message (the notify form), or `None` if either is blank.
pub fn notify(team: &str, message: &str) -> Option<Command> {
    let (team, message) = (team.trim(), message.trim());
    (!team.is_empty() && !message.is_empty()).then(|| Command::Notify { team: team.to_string(), message: message.to_string() })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::sim::{Sim, parse};

    #[test]
    fn every_move_is_its_own_canonical_line() {
        for file in ["rolling-crashloop", "bluegreen-switch-back", "canary-abort-errors", "crosslayer-release"] {
            let text = std::fs::read_to_string(format!("{}/static/scenarios/{file}.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
            let sc = Scenario::from_toml(&text).unwrap();
            let view = Sim::new(&sc, 1).view();
            for m in common_moves(&sc, &view) {
                let line = m.command.to_string();
                assert_eq!(parse(&line).as_ref(), Ok(&m.command), "{file}: {line}");
            }
        }
    }

    #[test]
    fn lines_are_the_ones_a_learner_types() {
        let text = std::fs::read_to_string(format!("{}/static/scenarios/rolling-crashloop.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let sc = Scenario::from_toml(&text).unwrap();
        let lines: Vec<String> = common_moves(&sc, &Sim::new(&sc, 1).view()).iter().map(|m| m.command.to_string()).collect();
        assert!(lines.contains(&"kubectl get pods".to_string()));
        assert!(lines.contains(&"kubectl rollout undo deployment/checkout".to_string()));
        assert_eq!(notify("payments", "it's fine").map(|c| c.to_string()).as_deref(), Some("notify payments 'it'\\''s fine'"));
        assert_eq!(notify(" ", "x"), None);
    }
}
