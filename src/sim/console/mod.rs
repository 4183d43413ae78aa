//! The console: a command language over the simulator, faithful to kubectl and Argo Rollouts.
//!
//! Layout: [`parse`] turns a line into a typed [`Command`] (never panics); [`execute`] runs it against
//! a [`Sim`] and returns the tool's output. One file per tool: `kubectl.rs`, `argo.rs`, `registry.rs`,
//! `db.rs`, `traffic.rs`, `observe.rs`; `get.rs` is `kubectl get` over the API objects of `objects.rs`
//! (printed by `yaml.rs` and `jsonpath.rs` for `-o yaml|jsonpath|custom-columns`); the release tools
//! `helm.rs`, `argocd.rs`, `git.rs` (each with its own grammar; `cobra.rs` parses their flags the way
//! cobra/pflag do); `table.rs` holds kubectl's column layout, AGE format and timestamps,
//! `suggest.rs` the "Did you mean this?" logic, `help.rs` the help texts, `tree.rs` a command as the JSON
//! tree the grader's matchers compare. The grammar's word lists
//! also drive Tab completion (`complete.rs`) and the move buttons are commands (`moves.rs`), so the
//! console, the completion and the buttons speak one vocabulary.

pub mod argo;
pub mod argocd;
pub mod cobra;
pub mod command;
pub mod complete;
pub mod db;
pub mod get;
pub mod git;
pub mod helm;
pub mod help;
pub mod jsonpath;
pub mod kubectl;
pub mod moves;
pub mod objects;
pub mod observe;
pub mod parse;
pub mod registry;
pub mod suggest;
pub mod table;
pub mod traffic;
pub mod tree;
pub mod yaml;

pub use command::{Argo, Command, Db, DryRun, Kubectl, OutputFormat, PatchType, Registry, ResourceKind, Serving, Target, TopKind, Traffic};
pub use parse::{ParseError, parse, quote, tokenize, warnings};

use crate::sim::simulator::{Output, Sim};

/// The command as the action log records it: `kubectl set image … *=IMAGE` names every container,
/// which in the simulated pod template is the app's one container, so it is recorded with that
/// name and the grader sees the same command as `APP=IMAGE` (the typed line is kept as typed).
pub fn resolve_wildcards(cmd: Command, sim: &Sim) -> Command {
    match cmd {
        Command::Kubectl { namespace, context, cmd: Kubectl::SetImage { target, container, image, dry_run } } if container == "*" => {
            let container = sim.scenario().app.name.clone();
            Command::Kubectl { namespace, context, cmd: Kubectl::SetImage { target, container, image, dry_run } }
        }
        other => other,
    }
}

/// Runs a parsed command against the simulator at its current tick.
pub fn execute(sim: &mut Sim, cmd: &Command) -> Output {
    match cmd {
        Command::Empty => Output::ok(""),
        Command::Kubectl { namespace, context, cmd } => kubectl::exec_kubectl(sim, namespace.as_deref(), context.as_deref(), cmd),
        Command::Argo { namespace, cmd } => argo::exec_argo(sim, namespace.as_deref(), cmd),
        Command::Registry(r) => registry::exec_registry(sim, r),
        Command::Serving(s) => registry::exec_serving(sim, s),
        Command::Db(d) => db::exec_db(sim, d),
        Command::Traffic(t) => traffic::exec_traffic(sim, t),
        Command::Metrics { version } => observe::exec_metrics(sim, version.as_deref()),
        Command::Alerts => observe::exec_alerts(sim),
        Command::Notify { team, message } => {
            sim.notify(team, message);
            Output::ok(format!("Message sent to #{team}."))
        }
        Command::Wait { seconds } => {
            // One command advances at most an hour, so a typo cannot freeze the page.
            let end = sim.tick().saturating_add((*seconds).min(3600));
            sim.run_until(end);
            Output::ok(format!("(waited {}; now t={})", crate::sim::duration::format_duration(*seconds), crate::sim::duration::format_duration(sim.tick())))
        }
        Command::Helm(c) => helm::exec_helm(sim, c),
        Command::Argocd(c) => argocd::exec_argocd(sim, c),
        Command::Git(c) => git::exec_git(sim, c),
        Command::Help { topic } => match help::help_text(topic) {
            Some(t) => Output::ok(t),
            None => {
                let s = suggest::suggestions(topic.first().map_or("", String::as_str), ["kubectl", "rollout", "get", "logs", "top", "patch", "dry-run", "argo", "registry", "serving", "db", "traffic", "metrics", "alerts", "notify", "wait", "helm", "argocd", "git"]);
                Output::err(format!("help: no help for \"{}\"{}", topic.join(" "), suggest::did_you_mean(&s)))
            }
        },
    }
}
