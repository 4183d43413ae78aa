//! The traffic CLI (`traffic …`): see the split, point a Service at a version, set the canary weight.

use super::command::Traffic;
use super::table::columns;
use crate::sim::cluster::Selector;
use crate::sim::event::{Level, Source};
use crate::sim::scenario::Strategy;
use crate::sim::simulator::{Output, Sim};

impl Sim {
    /// The traffic split of the last tick: (version, share of requests).
    pub fn traffic_split(&self) -> Vec<(String, f64)> {
        let Some(m) = self.metrics.last() else { return Vec::new() };
        if m.rps <= 0.0 {
            return Vec::new();
        }
        m.by_version.iter().filter(|v| v.rps > 0.0).map(|v| (self.version_name(usize::from(v.vid)).to_string(), v.rps / m.rps)).collect()
    }

    /// Runs a `traffic` command.
    pub(crate) fn exec_traffic(&mut self, cmd: &Traffic) -> Output {
        match cmd {
            Traffic::Show => {
                let mut rows = vec![vec!["SERVICE".to_string(), "ROUTES TO".into(), "PRODUCTION".into()]];
                for s in &self.services {
                    let to = match s.selector {
                        Selector::App => "all app pods".to_string(),
                        Selector::Version(v) => format!("version {}", self.version_name(v)),
                        Selector::ReplicaSet(u) => self
                            .rs_index(u)
                            .and_then(|i| self.replicasets.get(i))
                            .map_or("?".to_string(), |r| format!("{} (version {})", r.name, self.version_name(r.template.vid))),
                        Selector::Nothing => "nothing".to_string(),
                    };
                    rows.push(vec![s.name.clone(), to, if s.production { "yes".into() } else { "no".into() }]);
                }
                let mut out = columns(&rows, 3, 0);
                if let Some(ro) = self.rollout.as_ref().filter(|r| r.strategy == Strategy::Canary) {
                    let w = if ro.new_uid.is_some() { ro.effective_weight() } else { 0 };
                    out.push_str(&format!("\n\ncanary weight: {w}%{}", if ro.manual_weight.is_some() { " (set by hand)" } else { "" }));
                }
                let split = self.traffic_split();
                if !split.is_empty() {
                    out.push_str("\n\nrequests in the last second:");
                    for (v, share) in split {
                        out.push_str(&format!("\n  {v}: {:.1}%", share * 100.0));
                    }
                }
                Output::ok(out)
            }
            Traffic::Switch { service, version } => {
                if !self.services.iter().any(|s| &s.name == service) {
                    return Output::err(format!("Error from server (NotFound): services \"{service}\" not found"));
                }
                if !self.versions.iter().any(|v| v == version) {
                    return Output::err(format!("traffic: unknown version \"{version}\" (known: {})", self.versions.join(", ")));
                }
                let vid = self.intern_version(version);
                // Prefer the ReplicaSet running that version (what an Argo-managed service selects).
                let rs = self
                    .replicasets
                    .iter()
                    .filter(|r| r.template.vid == vid)
                    .max_by_key(|r| (self.rs_pod_counts(r.uid).1, r.revision))
                    .map(|r| r.uid);
                let sel = match (self.rollout.is_some(), rs) {
                    (true, Some(u)) => Selector::ReplicaSet(u),
                    _ => Selector::Version(vid),
                };
                let ready = self.pods.iter().filter(|p| p.ready && self.service_selects(sel, p)).count();
                if let Some(s) = self.services.iter_mut().find(|s| &s.name == service) {
                    s.selector = sel;
                }
                self.emit(Source::Action, Level::Normal, "ServiceSelectorChanged", &format!("service/{service}"), format!("now routes to version {version}"));
                let mut msg = format!("service/{service} now routes to version {version} ({ready} ready pod{})", if ready == 1 { "" } else { "s" });
                if ready == 0 {
                    msg.push_str("\nwarning: no ready pods run that version: requests to this service will fail");
                }
                Output::ok(msg)
            }
            Traffic::Weight { rollout, percent } => {
                let Some(ro) = self.rollout.as_mut().filter(|r| &r.name == rollout) else {
                    return Output::err(format!("Error: rollouts.argoproj.io \"{rollout}\" not found"));
                };
                if ro.strategy != Strategy::Canary {
                    return Output::err(format!("traffic: rollout '{rollout}' is blue-green; use 'traffic switch' or promote/abort"));
                }
                ro.manual_weight = Some(*percent);
                self.emit(Source::Action, Level::Normal, "CanaryWeightSet", &format!("rollout/{rollout}"), format!("canary weight set to {percent}% on the router"));
                Output::ok(format!("canary weight for '{rollout}' set to {percent}% (the rollout controller overrides it at its next step)"))
            }
        }
    }
}
