//! A read-only, owned snapshot of the simulator's state for the UI (cluster view, traffic split,
//! alerts) and for the grader's success conditions (final state).
//!
//! Architecture invariant: built from the state on demand, never stored; versions are resolved to
//! their names so consumers never need the internal version table.

use std::collections::BTreeMap;

use serde::Serialize;

use super::cluster::Selector;
use super::simulator::Sim;

/// A node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeView {
    /// Name.
    pub name: String,
    /// Ready or NotReady.
    pub ready: bool,
    /// Cordoned (`spec.unschedulable`, kubectl's `SchedulingDisabled`): no new pod is placed on it.
    pub cordoned: bool,
    /// Pods placed on it.
    pub pods: u32,
}

/// The app's PodDisruptionBudget, as `kubectl get pdb` shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PdbView {
    /// Name.
    pub name: String,
    /// The limit it sets: `min available 4`, `max unavailable 25%`.
    pub limit: String,
    /// Ready pods it counts.
    pub current_healthy: u32,
    /// Evictions it would accept now.
    pub disruptions_allowed: u32,
}

/// A pod.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PodView {
    /// Name.
    pub name: String,
    /// App version (image tag).
    pub version: String,
    /// STATUS column (`Running`, `CrashLoopBackOff`, …).
    pub phase: String,
    /// Readiness.
    pub ready: bool,
    /// `1/1` or `0/1`.
    pub ready_text: String,
    /// Restarts.
    pub restarts: u32,
    /// Node name, if scheduled.
    pub node: Option<String>,
    /// ReplicaSet name.
    pub replicaset: String,
}

/// A Service and where it points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceView {
    /// Name.
    pub name: String,
    /// Whether user traffic enters through it.
    pub production: bool,
    /// Versions it selects (`None`: every version of the app).
    pub version: Option<String>,
}

/// A ReplicaSet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicaSetView {
    /// Name.
    pub name: String,
    /// Revision.
    pub revision: u32,
    /// Version.
    pub version: String,
    /// Desired replicas.
    pub desired: u32,
    /// Ready pods.
    pub ready: u32,
}

/// The Deployment or Rollout.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkloadView {
    /// `Deployment` or `Rollout`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// `rolling`, `blue-green` or `canary`.
    pub strategy: String,
    /// Version of the current pod template.
    pub template_version: String,
    /// Version of the stable/active ReplicaSet (Rollout) or of the newest revision (Deployment).
    pub stable_version: String,
    /// Version being rolled out (Rollout), if any.
    pub new_version: Option<String>,
    /// Desired replicas.
    pub replicas: u32,
    /// Paused.
    pub paused: bool,
    /// `Healthy` / `Progressing` / `Paused` / `Degraded` (a Deployment maps its conditions onto these).
    pub phase: String,
    /// Status message.
    pub message: String,
    /// Current revision.
    pub revision: u32,
    /// Canary weight in effect (canary only).
    pub canary_weight: Option<u32>,
    /// Canary step `n/total` (canary only).
    pub step: Option<(u32, u32)>,
}

/// A firing alert.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertView {
    /// Name.
    pub name: String,
    /// `critical` or `warning`.
    pub severity: String,
    /// Tick it fired.
    pub since: u32,
    /// Summary.
    pub summary: String,
}

/// Pairs with distinct keys in ascending order, serialized as the map they stand for (the same JSON
/// as a `BTreeMap` of them).
fn pairs_as_map<'a, K: Serialize + 'a, V: Serialize + 'a, S: serde::Serializer>(pairs: impl IntoIterator<Item = &'a (K, V)>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.into_iter().map(|(k, v)| (k, v)))
}

/// Inserts a pair whose key is not in `pairs` yet where it keeps the keys in ascending order
/// (inlined: out of line, the incident build came out 120 B brotli larger).
#[inline(always)]
fn insert_in_order(pairs: &mut Vec<(String, f64)>, key: &str, value: f64) {
    let at = pairs.partition_point(|(k, _)| k.as_str() < key);
    pairs.insert(at, (key.to_owned(), value));
}

/// The model registry and server.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelView {
    /// Model name.
    pub model: String,
    /// Alias the server uses.
    pub serving_alias: String,
    /// Version the alias points at.
    pub alias_version: Option<u32>,
    /// Version the server has loaded.
    pub loaded_version: u32,
    /// All aliases.
    pub aliases: crate::str_map::StrMap<u32>,
    /// Tags per version, by version number (ascending; only the versions with tags), serialized
    /// as a map. Pairs, not a `BTreeMap<u32, …>`: no B-tree code of its own in the wasm.
    #[serde(serialize_with = "pairs_as_map")]
    pub tags: Vec<(u32, BTreeMap<String, String>)>,
}

/// The database.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatabaseView {
    /// Instance in use.
    pub instance: String,
    /// Schema version.
    pub schema_version: u32,
    /// Writes on.
    pub writes_enabled: bool,
    /// Writes lost by restores.
    pub lost_writes: u64,
    /// Snapshot names.
    pub snapshots: Vec<String>,
}

/// Everything a screen or a grader reads.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateView {
    /// Current tick.
    pub tick: u32,
    /// Nodes.
    pub nodes: Vec<NodeView>,
    /// Pods.
    pub pods: Vec<PodView>,
    /// ReplicaSets, newest revision first.
    pub replicasets: Vec<ReplicaSetView>,
    /// Services.
    pub services: Vec<ServiceView>,
    /// The app's PodDisruptionBudget, if it has one.
    pub pdb: Option<PdbView>,
    /// Share of the last second's requests per version.
    pub traffic: Vec<(String, f64)>,
    /// Success rate per version over the last minute, by version name (ascending), serialized as a
    /// map. Pairs, not a `BTreeMap<String, f64>`: no B-tree code of its own in the wasm.
    #[serde(serialize_with = "pairs_as_map")]
    pub success_by_version: Vec<(String, f64)>,
    /// The workload.
    pub workload: WorkloadView,
    /// Firing alerts.
    pub alerts: Vec<AlertView>,
    /// The app's ConfigMap.
    pub config: BTreeMap<String, String>,
    /// Whether the ConfigMap is back to (or still at) its tick-0 content.
    pub config_is_initial: bool,
    /// Model registry and server, if any.
    pub model: Option<ModelView>,
    /// Database, if any.
    pub database: Option<DatabaseView>,
    /// Requests received so far.
    pub total_requests: u64,
    /// Failed requests so far.
    pub failed_requests: u64,
    /// Bad predictions so far.
    pub bad_predictions: u64,
    /// Error budget consumed (fraction of the SLO window's budget).
    pub error_budget_consumed: f64,
}

impl Sim {
    /// A snapshot of the state for display and grading.
    pub fn view(&self) -> StateView {
        let app = &self.scenario.app;
        let nodes = self
            .workload.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeView {
                name: n.name.clone(),
                ready: n.ready,
                cordoned: n.unschedulable,
                pods: self.workload.pods.iter().filter(|p| p.node == Some(i)).count() as u32,
            })
            .collect();
        let pods = self
            .workload.pods
            .iter()
            .map(|p| PodView {
                name: p.name.clone(),
                version: self.version_name(p.vid).to_string(),
                phase: p.phase.as_str().to_string(),
                ready: p.ready,
                ready_text: if p.ready { "1/1".to_string() } else { "0/1".to_string() },
                restarts: p.restarts,
                node: p.node.and_then(|n| self.workload.nodes.get(n)).map(|n| n.name.clone()),
                replicaset: self
                    .rs_index(p.rs_uid)
                    .and_then(|i| self.workload.replicasets.get(i))
                    .map(|r| r.name.clone())
                    .or_else(|| self.pod_revision(p).map(|r| r.name.clone()))
                    .unwrap_or_default(),
            })
            .collect();
        let mut replicasets: Vec<ReplicaSetView> = self
            .workload.replicasets
            .iter()
            .map(|r| ReplicaSetView {
                name: r.name.clone(),
                revision: r.revision,
                version: self.version_name(r.template.vid).to_string(),
                desired: r.replicas,
                ready: self.rs_pod_counts(r.uid).1,
            })
            .collect();
        crate::sort::sort_by_key(&mut replicasets, |r| std::cmp::Reverse(r.revision));
        let services = self
            .workload.services
            .iter()
            .map(|s| ServiceView {
                name: s.name.clone(),
                production: s.production,
                version: match s.selector {
                    Selector::App => None,
                    Selector::Version(v) => Some(self.version_name(v).to_string()),
                    Selector::ReplicaSet(u) => self.rs_index(u).and_then(|i| self.workload.replicasets.get(i)).map(|r| self.version_name(r.template.vid).to_string()),
                    Selector::Nothing => Some(String::new()),
                },
            })
            .collect();
        // Version names are distinct (interned), so each goes in once.
        let mut success_by_version: Vec<(String, f64)> = Vec::new();
        for (vid, name) in self.versions.iter().enumerate() {
            if let Some(w) = self.telemetry.metrics.window_for_version(vid, self.tick, 60) {
                insert_in_order(&mut success_by_version, name, w.success_rate);
            }
        }
        let template = self.current_template();
        let workload = if let Some(d) = &self.workload.deployment {
            let rev = self.rs_for_template(d.template).and_then(|i| self.workload.replicasets.get(i)).map_or(0, |r| r.revision);
            let (line, _) = self.deployment_rollout_status();
            let phase = if d.progressing.reason == "ProgressDeadlineExceeded" {
                "Degraded"
            } else if d.paused {
                "Paused"
            } else if line.ends_with("successfully rolled out") {
                "Healthy"
            } else {
                "Progressing"
            };
            WorkloadView {
                kind: "Deployment".to_string(),
                name: d.name.clone(),
                strategy: app.strategy.as_str().to_string(),
                template_version: self.version_name(template.vid).to_string(),
                stable_version: self.version_name(template.vid).to_string(),
                new_version: None,
                replicas: d.replicas,
                paused: d.paused,
                phase: phase.to_string(),
                message: if phase == "Healthy" { String::new() } else { line },
                revision: rev,
                canary_weight: None,
                step: None,
            }
        } else if let Some(s) = &self.workload.statefulset {
            let (line, done) = self.statefulset_rollout_status();
            let vid_of = |name: &str| self.workload.controller_revisions.iter().find(|r| r.name == name).map(|r| self.version_name(r.template.vid).to_string());
            let stable = vid_of(&s.current_revision).unwrap_or_default();
            let update = vid_of(&s.update_revision).filter(|u| *u != stable);
            WorkloadView {
                kind: "StatefulSet".to_string(),
                name: s.name.clone(),
                strategy: app.strategy.as_str().to_string(),
                template_version: self.version_name(template.vid).to_string(),
                stable_version: stable,
                new_version: update,
                replicas: s.replicas,
                paused: false,
                phase: if done { "Healthy" } else { "Progressing" }.to_string(),
                message: if done { String::new() } else { line },
                revision: self.workload.controller_revisions.iter().find(|r| r.name == s.update_revision).map_or(0, |r| r.revision),
                canary_weight: None,
                step: None,
            }
        } else if let Some(r) = &self.workload.rollout {
            let vid_of = |u: u32| self.rs_index(u).and_then(|i| self.workload.replicasets.get(i)).map(|r| self.version_name(r.template.vid).to_string());
            let canary = r.strategy == super::scenario::Strategy::Canary;
            WorkloadView {
                kind: "Rollout".to_string(),
                name: r.name.clone(),
                strategy: r.strategy.as_str().to_string(),
                template_version: self.version_name(template.vid).to_string(),
                stable_version: vid_of(r.stable_uid).unwrap_or_default(),
                new_version: r.new_uid.and_then(vid_of),
                replicas: r.replicas,
                paused: r.paused,
                phase: r.phase.as_str().to_string(),
                message: r.message.clone(),
                revision: self.rs_for_template(r.template).and_then(|i| self.workload.replicasets.get(i)).map_or(0, |x| x.revision),
                canary_weight: canary.then(|| if r.new_uid.is_some() { r.effective_weight() } else { 0 }),
                step: canary.then(|| (r.step, r.step_count())),
            }
        } else {
            WorkloadView {
                kind: String::new(),
                name: String::new(),
                strategy: String::new(),
                template_version: String::new(),
                stable_version: String::new(),
                new_version: None,
                replicas: 0,
                paused: false,
                phase: String::new(),
                message: String::new(),
                revision: 0,
                canary_weight: None,
                step: None,
            }
        };
        let alerts = self
            .telemetry.alerts
            .iter()
            .filter(|a| a.firing)
            .map(|a| AlertView { name: a.rule.name().to_string(), severity: a.rule.severity().to_string(), since: a.since.unwrap_or(0), summary: a.summary.clone() })
            .collect();
        let model = self.registry.as_ref().map(|r| ModelView {
            model: r.model.clone(),
            serving_alias: r.serving_alias.clone(),
            alias_version: r.aliases.get(&r.serving_alias).copied(),
            loaded_version: r.loaded,
            aliases: r.aliases.clone(),
            tags: r.versions.iter().filter(|v| !v.tags.is_empty()).map(|v| (v.version, v.tags.clone())).collect(),
        });
        let database = self.db.as_ref().map(|d| DatabaseView {
            instance: d.instance.clone(),
            schema_version: d.schema_version,
            writes_enabled: d.writes_enabled,
            lost_writes: d.lost_writes as u64,
            snapshots: d.snapshots.iter().map(|s| s.name.clone()).collect(),
        });
        let pdb = match (self.pdb_name(), self.pdb_spec(), self.pdb_status()) {
            (Some(name), Some(spec), Some(status)) => Some(PdbView {
                name: name.to_string(),
                limit: match (spec.min_available, spec.max_unavailable) {
                    (Some(v), _) => format!("min available {v}"),
                    (None, Some(v)) => format!("max unavailable {v}"),
                    (None, None) => "min available 0".to_string(),
                },
                current_healthy: status.current_healthy,
                disruptions_allowed: status.disruptions_allowed,
            }),
            _ => None,
        };
        let c = &self.telemetry.metrics.counters;
        StateView {
            tick: self.tick,
            nodes,
            pods,
            replicasets,
            services,
            pdb,
            traffic: self.traffic_split(),
            success_by_version,
            workload,
            alerts,
            config: self.app_configmap().map(|c| c.data.clone()).unwrap_or_default(),
            config_is_initial: self.config_is_initial(),
            model,
            database,
            total_requests: c.total_requests.round() as u64,
            failed_requests: c.failed_requests.round() as u64,
            bad_predictions: c.bad_predictions.round() as u64,
            error_budget_consumed: c.error_budget_consumed,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Serialize)]
    struct Pairs<K: Serialize, V: Serialize> {
        #[serde(serialize_with = "pairs_as_map")]
        p: Vec<(K, V)>,
    }

    #[derive(Serialize)]
    struct Map<K: Serialize, V: Serialize> {
        p: BTreeMap<K, V>,
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        /// Distinct names inserted in any order come out in the map's order, and the pairs serialize
        /// as the `BTreeMap<String, f64>` they replaced.
        #[test]
        fn success_pairs_are_the_map_they_replaced(entries in proptest::collection::vec(("[a-zA-Z0-9._-]{0,6}", -1.0f64..2.0), 0..10)) {
            let mut pairs = Vec::new();
            let mut map = BTreeMap::new();
            for (k, v) in &entries {
                if !map.contains_key(k) {
                    insert_in_order(&mut pairs, k, *v);
                    map.insert(k.clone(), *v);
                }
            }
            prop_assert!(pairs.iter().map(|(k, v)| (k, v)).eq(map.iter()));
            prop_assert_eq!(serde_json::to_string(&Pairs { p: pairs }).unwrap(), serde_json::to_string(&Map { p: map }).unwrap());
        }

        /// Tags per version in ascending version order serialize as the `BTreeMap<u32, …>` they replaced.
        #[test]
        fn tag_pairs_serialize_as_the_map(tags in proptest::collection::btree_map(any::<u32>(), proptest::collection::btree_map("[a-z_]{0,5}", "[a-z0-9=\"]{0,4}", 0..3), 0..5)) {
            let pairs: Vec<(u32, BTreeMap<String, String>)> = tags.iter().map(|(k, v)| (*k, v.clone())).collect();
            prop_assert_eq!(serde_json::to_string(&Pairs { p: pairs }).unwrap(), serde_json::to_string(&Map { p: tags }).unwrap());
        }
    }
}
