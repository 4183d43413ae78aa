//! The traffic CLI (`traffic …`): see the split, point a Service at a version, set the canary weight.

use std::fmt::Write as _;

use super::command::Traffic;
use super::table::columns;
use crate::sim::cluster::Selector;
use crate::sim::scenario::Strategy;
use crate::sim::simulator::{Output, Sim};

/// Runs a `traffic` command.
pub(crate) fn exec_traffic(sim: &mut Sim, cmd: &Traffic) -> Output {
    match cmd {
        Traffic::Show => {
            let mut rows = vec![vec!["SERVICE".to_string(), "ROUTES TO".into(), "PRODUCTION".into()]];
            for s in sim.services() {
                let to = match s.selector {
                    Selector::App => "all app pods".to_string(),
                    Selector::Version(v) => format!("version {}", sim.version_name(v)),
                    Selector::ReplicaSet(u) => sim
                        .rs_index(u)
                        .and_then(|i| sim.replicasets().get(i))
                        .map_or("?".to_string(), |r| format!("{} (version {})", r.name, sim.version_name(r.template.vid))),
                    Selector::Nothing => "nothing".to_string(),
                };
                rows.push(vec![s.name.clone(), to, if s.production { "yes".into() } else { "no".into() }]);
            }
            let mut out = columns(&rows, 3, 0);
            if let Some(ro) = sim.rollout().filter(|r| r.strategy == Strategy::Canary) {
                let w = if ro.new_uid.is_some() { ro.effective_weight() } else { 0 };
                let _ = write!(out, "\n\ncanary weight: {w}%{}", if ro.manual_weight.is_some() { " (set by hand)" } else { "" });
            }
            let split = sim.traffic_split();
            if !split.is_empty() {
                out.push_str("\n\nrequests in the last second:");
                for (v, share) in split {
                    let _ = write!(out, "\n  {v}: {}%", crate::fixed::fixed(share * 100.0, 1));
                }
            }
            Output::ok(out)
        }
        Traffic::Switch { service, version } => {
            if !sim.services().iter().any(|s| &s.name == service) {
                return Output::err(format!("Error from server (NotFound): services \"{service}\" not found"));
            }
            if !sim.versions().iter().any(|v| v == version) {
                return Output::err(format!("traffic: unknown version \"{version}\" (known: {})", sim.versions().join(", ")));
            }
            let ready = sim.route_service_to(service, version);
            let mut msg = format!("service/{service} now routes to version {version} ({ready} ready pod{})", if ready == 1 { "" } else { "s" });
            if ready == 0 {
                msg.push_str("\nwarning: no ready pods run that version: requests to this service will fail");
            }
            Output::ok(msg)
        }
        Traffic::Weight { rollout, percent } => {
            let Some(ro) = sim.rollout().filter(|r| &r.name == rollout) else {
                return Output::err(format!("Error: rollouts.argoproj.io \"{rollout}\" not found"));
            };
            if ro.strategy != Strategy::Canary {
                return Output::err(format!("traffic: rollout '{rollout}' is blue-green; use 'traffic switch' or promote/abort"));
            }
            sim.set_canary_weight(*percent);
            Output::ok(format!("canary weight for '{rollout}' set to {percent}% (the rollout controller overrides it at its next step)"))
        }
    }
}
