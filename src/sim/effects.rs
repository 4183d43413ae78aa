//! Active failures resolved into per-version and global effects, once per tick.
//!
//! Architecture invariant: this is the only place that interprets [`FailureKind`]s for the hot loop.
//! The kubelet, the traffic model and the analysis read the resolved flags, so adding a failure kind
//! means adding a field here and reading it in one place.

use super::failure::{FailureKind, ModelTarget};
use super::simulator::Sim;

/// Effects on one app version.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VersionTraits {
    /// Containers crash shortly after starting.
    pub crash: bool,
    /// The image cannot be pulled.
    pub image_pull: bool,
    /// Containers are OOMKilled after this many seconds.
    pub oom_after: Option<u32>,
    /// Extra p99 latency in ms.
    pub extra_ms: f64,
    /// (threshold rps per pod, error rate) under load.
    pub load_errors: Option<(f64, f64)>,
    /// (schema version from which it breaks, error rate).
    pub schema_break: Option<(u32, f64)>,
    /// Accuracy cap for predictions served by this version.
    pub accuracy: Option<f64>,
    /// Extra drift for this version.
    pub drift: f64,
    /// The router sends it nothing.
    pub no_traffic: bool,
}

/// Effects on everything.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GlobalTraits {
    /// The analysis provider fails.
    pub analysis_error: bool,
    /// Error rate added by dependency outages.
    pub dependency_error: f64,
}

/// The version index each failure names, by failure (`None`: it names no app version, or one the
/// simulator has not seen yet), so the tick loop does not look the names up every tick.
///
/// A cache of `(failures, versions)`: both lists only ever grow (a failure or a version is never
/// changed or removed), so it is recomputed exactly when either got longer.
#[derive(Clone, Debug, Default)]
pub(crate) struct FailureVersions {
    failures: usize,
    versions: usize,
    vids: Vec<Option<usize>>,
}

impl Sim {
    /// Brings [`FailureVersions`] up to date when a failure or a version was added.
    fn refresh_failure_versions(&mut self) {
        let fv = &mut self.failure_versions;
        if fv.failures == self.failures.len() && fv.versions == self.versions.len() {
            return;
        }
        fv.failures = self.failures.len();
        fv.versions = self.versions.len();
        fv.vids.clear();
        let versions = &self.versions;
        fv.vids.extend(self.failures.iter().map(|f| f.kind.app_version().and_then(|v| versions.iter().position(|x| x == v))));
    }

    /// Recomputes [`VersionTraits`] and [`GlobalTraits`] for the current tick, and applies the
    /// one-off effects of failures starting or ending now.
    pub(crate) fn resolve_failures(&mut self) {
        let tick = self.tick;
        let nv = self.versions.len();
        self.traits.clear();
        self.traits.resize(nv, VersionTraits::default());
        self.global_traits = GlobalTraits::default();
        self.model_accuracy_caps.clear();
        self.model_drift.clear();
        for fi in 0..self.failures.len() {
            let Some(f) = self.failures.get(fi) else { continue };
            let active = f.active_at(tick);
            let was = self.failure_active.get(fi).copied().unwrap_or(false);
            if active != was {
                if let Some(a) = self.failure_active.get_mut(fi) {
                    *a = active;
                }
                self.failure_transition(fi, active);
            }
            if !active {
                continue;
            }
            // Refreshed here, after the transition: a failure's onset may add a version.
            self.refresh_failure_versions();
            let Some(f) = self.failures.get(fi) else { continue };
            let vid = self.failure_versions.vids.get(fi).copied().flatten();
            debug_assert_eq!(vid, f.kind.app_version().and_then(|v| self.versions.iter().position(|x| x == v)));
            match &f.kind {
                FailureKind::CrashLoop { .. } => {
                    if let Some(t) = vid.and_then(|i| self.traits.get_mut(i)) {
                        t.crash = true;
                    }
                }
                FailureKind::ImagePull { .. } => {
                    if let Some(t) = vid.and_then(|i| self.traits.get_mut(i)) {
                        t.image_pull = true;
                    }
                }
                FailureKind::MemoryLeak { oom_after_s, .. } => {
                    let o = *oom_after_s;
                    if let Some(t) = vid.and_then(|i| self.traits.get_mut(i)) {
                        t.oom_after = Some(t.oom_after.map_or(o, |x| x.min(o)));
                    }
                }
                FailureKind::LatencyRegression { extra_ms, .. } => {
                    let e = *extra_ms;
                    if let Some(t) = vid.and_then(|i| self.traits.get_mut(i)) {
                        t.extra_ms += e;
                    }
                }
                FailureKind::ErrorsUnderLoad { rps_per_pod, error_rate, .. } => {
                    let v = (*rps_per_pod, *error_rate);
                    if let Some(t) = vid.and_then(|i| self.traits.get_mut(i)) {
                        t.load_errors = Some(v);
                    }
                }
                FailureKind::SchemaMismatch { schema, error_rate, .. } => {
                    let v = (*schema, *error_rate);
                    if let Some(t) = vid.and_then(|i| self.traits.get_mut(i)) {
                        t.schema_break = Some(v);
                    }
                }
                FailureKind::CanaryNoTraffic { .. } => {
                    if let Some(t) = vid.and_then(|i| self.traits.get_mut(i)) {
                        t.no_traffic = true;
                    }
                }
                FailureKind::AccuracyDrop { target, accuracy } => {
                    let a = *accuracy;
                    match target {
                        ModelTarget::AppVersion(_) => {
                            if let Some(t) = vid.and_then(|i| self.traits.get_mut(i)) {
                                t.accuracy = Some(t.accuracy.map_or(a, |x| x.min(a)));
                            }
                        }
                        ModelTarget::ModelVersion(m) => {
                            let m = *m;
                            self.model_accuracy_caps.push((m, a));
                        }
                    }
                }
                FailureKind::PredictionDrift { target, drift } => {
                    let d = *drift;
                    match target {
                        ModelTarget::AppVersion(_) => {
                            if let Some(t) = vid.and_then(|i| self.traits.get_mut(i)) {
                                t.drift = t.drift.max(d);
                            }
                        }
                        ModelTarget::ModelVersion(m) => {
                            let m = *m;
                            self.model_drift.push((m, d));
                        }
                    }
                }
                FailureKind::AnalysisProviderError => self.global_traits.analysis_error = true,
                FailureKind::DependencyOutage { error_rate, .. } => {
                    let g = &mut self.global_traits;
                    g.dependency_error = 1.0 - (1.0 - g.dependency_error) * (1.0 - error_rate);
                }
                FailureKind::BadConfig { .. } | FailureKind::NodeFailure { .. } | FailureKind::MissingRevision => {}
            }
        }
    }

    /// One-off effects and the chaos event when failure `fi` starts or stops.
    fn failure_transition(&mut self, fi: usize, started: bool) {
        let Some(f) = self.failures.get(fi).cloned() else { return };
        let what = if started { "FailureStarted" } else { "FailureEnded" };
        self.emit(
            super::event::Source::Chaos,
            super::event::Level::Warning,
            what,
            format!("failure/{}", f.kind.name()),
            format!("{} on {}", f.kind.name(), f.kind.target_label()),
        );
        match &f.kind {
            FailureKind::NodeFailure { node } => {
                if let Some(n) = self.node_index(node) {
                    if started { self.fail_node(n) } else { self.recover_node(n) }
                }
            }
            FailureKind::MissingRevision if started => {
                // Old ReplicaSets are garbage-collected: keep only the ones with pods or replicas.
                let current: Vec<u32> = self
                    .workload.replicasets
                    .iter()
                    .filter(|r| r.replicas > 0 || r.scale_down_at.is_some())
                    .map(|r| r.uid)
                    .collect();
                let pods: Vec<u32> = self.workload.pods.iter().map(|p| p.rs_uid).collect();
                self.workload.replicasets.retain(|r| current.contains(&r.uid) || pods.contains(&r.uid));
            }
            _ => {}
        }
    }

    /// Index of the active bad-config failure matching the ConfigMap now, if any.
    pub(crate) fn bad_config_now(&self) -> Option<usize> {
        let cm = self.app_configmap()?;
        self.failures.iter().enumerate().find_map(|(i, f)| match &f.kind {
            FailureKind::BadConfig { key, value, .. }
                if self.failure_active.get(i).copied().unwrap_or(false) && cm.data.get(key) == Some(value) =>
            {
                Some(i)
            }
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::{Scenario, Sim};

    /// A failure on a version the simulator meets only later (a tag the learner types) takes effect
    /// once that version exists: the cached failure versions are refreshed when a version is added.
    #[test]
    fn a_failure_on_a_version_added_later_takes_effect() {
        let sc = Scenario::from_json(
            r#"{"id":"t","title":"T","app":{"name":"myapp","strategy":"rolling","image":"reg/myapp","version":"v2","previous_versions":["v1"],"built_versions":["v3"],"replicas":2},
               "failures":[{"kind":"latency-regression","version":"v3","extra_ms":400}]}"#,
        )
        .unwrap();
        let mut sim = Sim::new(&sc, 1);
        sim.run_until(5);
        assert!(sim.versions().iter().all(|v| v != "v3"));
        assert!(sim.traits.iter().all(|t| t.extra_ms == 0.0));
        sim.exec("kubectl set image deployment/myapp myapp=reg/myapp:v3");
        sim.step();
        let v3 = sim.versions().iter().position(|v| v == "v3");
        assert_eq!(v3.and_then(|i| sim.traits.get(i)).map(|t| t.extra_ms), Some(400.0));
    }
}
