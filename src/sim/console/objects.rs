//! The cluster's objects as the API server would return them: one `serde_json::Value` per object
//! (apiVersion, kind, metadata, spec, status), built from the simulator's state on demand. `kubectl
//! get -o json|yaml|jsonpath|custom-columns`, `--sort-by`, `--field-selector` and `-l` all read these,
//! so every output format and filter sees the same object.
//!
//! Architecture invariant: read-only over `&Sim`; the objects carry only what the simulator knows
//! (no invented status beyond the counts, phases and images it tracks).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::command::ResourceKind;
use super::table::timestamp;
use crate::sim::cluster::{Pod, PodPhase, Selector};
use crate::sim::event::Source;
use crate::sim::rollout::RolloutPhase;
use crate::sim::scenario::{IntOrPercent, Strategy};
use crate::sim::simulator::Sim;

/// Labels of a pod (`app`, `pod-template-hash`, `version`).
pub(crate) fn pod_labels(sim: &Sim, p: &Pod) -> BTreeMap<String, String> {
    // A StatefulSet's pod keeps its labels when the StatefulSet is deleted with --cascade=orphan.
    if let Some(rev) = sim.pod_revision(p) {
        // The StatefulSet controller's labels: revision, pod name and ordinal.
        // Built by insertion: `BTreeMap::from` sorts its array, one more copy of the sort in the wasm.
        let mut l = crate::sort::map_of([
            ("app".to_string(), sim.scenario().app.name.clone()),
            ("controller-revision-hash".to_string(), rev.name.clone()),
            ("statefulset.kubernetes.io/pod-name".to_string(), p.name.clone()),
            ("version".to_string(), sim.version_name(p.vid).to_string()),
        ]);
        if let Some(o) = crate::sim::statefulset::ordinal(&sim.scenario().app.name, &p.name) {
            l.insert("apps.kubernetes.io/pod-index".to_string(), o.to_string());
        }
        return l;
    }
    let hash = sim.rs_index(p.rs_uid).and_then(|i| sim.replicasets().get(i)).map(|r| r.hash.clone()).unwrap_or_default();
    crate::sort::map_of([
        ("app".to_string(), sim.scenario().app.name.clone()),
        ("pod-template-hash".to_string(), hash),
        ("version".to_string(), sim.version_name(p.vid).to_string()),
    ])
}

/// A pod's IP, stable per name.
pub(crate) fn pod_ip(name: &str) -> String {
    let h = crate::sim::event::fnv_str(name);
    format!("10.244.{}.{}", (h >> 8) % 4, 2 + h % 250)
}

/// A JSON object built field by field, the one way this module writes an object: each field is one
/// call here, where `json!` inlines a key allocation, a `to_value` with its error path and a
/// `Map::insert` for every field at every place it is used (docs/performance.md, "Session 10").
/// A later value for a key replaces an earlier one, as with `Map::insert`.
pub(super) struct Obj(Map<String, Value>);

impl Obj {
    pub(super) fn new() -> Obj {
        Obj(Map::new())
    }

    /// Sets `key` to `v`.
    pub(super) fn v(mut self, key: &str, v: Value) -> Obj {
        self.0.insert(key.to_string(), v);
        self
    }

    /// Sets `key` to the string `v`.
    pub(super) fn s(self, key: &str, v: &str) -> Obj {
        self.v(key, Value::String(v.to_string()))
    }

    /// Sets `key` to the number `v`.
    pub(super) fn n(self, key: &str, v: u64) -> Obj {
        self.v(key, Value::from(v))
    }

    /// Sets `key` to `v`.
    pub(super) fn b(self, key: &str, v: bool) -> Obj {
        self.v(key, Value::Bool(v))
    }

    pub(super) fn end(self) -> Value {
        Value::Object(self.0)
    }
}

/// `{key: v}`.
pub(super) fn one(key: &str, v: Value) -> Value {
    Obj::new().v(key, v).end()
}

/// `[s]`.
fn strings1(s: &str) -> Value {
    Value::Array(vec![Value::String(s.to_string())])
}

fn labels(pairs: &[(&str, &str)]) -> Value {
    let mut o = Obj::new();
    for (k, v) in pairs {
        o = o.s(k, v);
    }
    o.end()
}

/// `{"matchLabels": {"app": app}}`.
fn match_app(app: &str) -> Value {
    one("matchLabels", labels(&[("app", app)]))
}

/// A JSON object of `items` built by insertion, like `collect` (which, serde_json's map being a
/// `BTreeMap` in the wasm, sorts the pairs first: one more copy of the sort per iterator type).
fn json_map(items: impl IntoIterator<Item = (String, Value)>) -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in items {
        m.insert(k, v);
    }
    m
}

fn meta(sim: &Sim, name: &str, created: i64, labels_v: Value) -> Obj {
    meta_in(Some(&sim.scenario().cluster.namespace), name, created, labels_v)
}

/// `metadata` in namespace `ns` (`None`: a cluster-wide object such as a node). Never a removal
/// afterwards: `Map::remove` compiles the map's rebalancing code once more for its type.
fn meta_in(ns: Option<&str>, name: &str, created: i64, labels_v: Value) -> Obj {
    let mut m = Obj::new().s("name", name).s("creationTimestamp", &timestamp(created));
    if let Some(ns) = ns {
        m = m.s("namespace", ns);
    }
    if labels_v.as_object().is_some_and(|o| !o.is_empty()) {
        m = m.v("labels", labels_v);
    }
    m
}

fn object(api_version: &str, kind: &str, metadata: Obj, spec: Option<Value>, status: Option<Value>) -> Obj {
    let mut o = Obj::new().s("apiVersion", api_version).s("kind", kind).v("metadata", metadata.end());
    if let Some(s) = spec {
        o = o.v("spec", s);
    }
    if let Some(s) = status {
        o = o.v("status", s);
    }
    o
}

/// `[{"apiVersion": api_version, "kind": kind, "name": name, "controller": true}]`.
fn owner(api_version: &str, kind: &str, name: &str) -> Value {
    Value::Array(vec![Obj::new().s("apiVersion", api_version).s("kind", kind).s("name", name).b("controller", true).end()])
}

/// `{"terminated": {"reason": reason, "exitCode": 137 or 1}}`.
fn terminated(reason: &str, oom: bool) -> Value {
    one("terminated", Obj::new().s("reason", reason).n("exitCode", if oom { 137 } else { 1 }).end())
}

fn container(sim: &Sim, vid: usize) -> Value {
    Obj::new()
        .s("name", &sim.scenario().app.name)
        .s("image", &sim.image_of(vid))
        .v("ports", Value::Array(vec![Obj::new().n("containerPort", 8080).s("protocol", "TCP").end()]))
        .end()
}

/// A pod's `status.phase` (a crash-looping container leaves the pod Running; a container that
/// never started leaves it Pending).
fn pod_phase(p: &Pod) -> &'static str {
    match p.phase {
        PodPhase::Pending | PodPhase::ContainerCreating | PodPhase::ErrImagePull | PodPhase::ImagePullBackOff => "Pending",
        _ => "Running",
    }
}

fn pod(sim: &Sim, p: &Pod) -> Value {
    let l = pod_labels(sim, p);
    let lv = Value::Object(json_map(l.iter().map(|(k, v)| (k.clone(), Value::String(v.clone())))));
    let mut m = meta(sim, &p.name, p.created, lv);
    if let Some(rs) = sim.rs_index(p.rs_uid).and_then(|i| sim.replicasets().get(i)) {
        m = m.v("ownerReferences", owner("apps/v1", "ReplicaSet", &rs.name));
    } else if let (Some(_), Some(set)) = (sim.pod_revision(p), sim.statefulset()) {
        m = m.v("ownerReferences", owner("apps/v1", "StatefulSet", &set.name));
    }
    if p.phase == PodPhase::Terminating {
        m = m.s("deletionTimestamp", &timestamp(i64::from(sim.tick())));
    }
    let node = p.node.and_then(|n| sim.nodes().get(n)).map(|n| n.name.clone());
    let mut spec = Obj::new().v("containers", Value::Array(vec![container(sim, p.vid)]));
    if let Some(n) = &node {
        spec = spec.s("nodeName", n);
    }
    let state = match p.phase {
        PodPhase::Running | PodPhase::Terminating => one("running", Obj::new().s("startedAt", &timestamp(i64::from(p.started_at))).end()),
        PodPhase::Error | PodPhase::OomKilled => terminated(p.phase.as_str(), p.phase == PodPhase::OomKilled),
        other => one("waiting", Obj::new().s("reason", other.as_str()).end()),
    };
    let mut cs = Obj::new()
        .s("name", &sim.scenario().app.name)
        .s("image", &sim.image_of(p.vid))
        .b("ready", p.ready)
        .n("restartCount", u64::from(p.restarts))
        .b("started", matches!(p.phase, PodPhase::Running | PodPhase::Terminating))
        .v("state", state);
    if let Some(reason) = p.last_termination {
        cs = cs.v("lastState", terminated(reason, reason == "OOMKilled"));
    }
    let mut status = Obj::new()
        .s("phase", pod_phase(p))
        .v("conditions", Value::Array(vec![Obj::new().s("type", "Ready").s("status", if p.ready { "True" } else { "False" }).end()]))
        .v("containerStatuses", Value::Array(vec![cs.end()]));
    if node.is_some() && p.phase != PodPhase::Pending {
        status = status.s("podIP", &pod_ip(&p.name));
    }
    object("v1", "Pod", m, Some(spec.end()), Some(status.end())).end()
}

fn template(sim: &Sim, vid: usize, extra_labels: &[(&str, &str)]) -> Value {
    let app = sim.scenario().app.name.clone();
    let mut l = vec![("app", app.as_str())];
    l.extend_from_slice(extra_labels);
    Obj::new().v("metadata", one("labels", labels(&l))).v("spec", one("containers", Value::Array(vec![container(sim, vid)]))).end()
}

/// `{"loadBalancer": {}}`.
fn load_balancer() -> Value {
    one("loadBalancer", Obj::new().end())
}

/// `{"type": "ClusterIP", "clusterIP": ip, "ports": [{"name": name, "port": port, "protocol": "TCP", "targetPort": target}]}`.
fn cluster_ip(ip: &str, name: &str, port: u64, target: u64) -> Obj {
    Obj::new()
        .s("type", "ClusterIP")
        .s("clusterIP", ip)
        .v("ports", Value::Array(vec![Obj::new().s("name", name).n("port", port).s("protocol", "TCP").n("targetPort", target).end()]))
}

/// `{"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}}, "storageClassName": "standard"}` (more fields to come).
fn claim_spec() -> Obj {
    Obj::new()
        .v("accessModes", strings1("ReadWriteOnce"))
        .v("resources", one("requests", Obj::new().s("storage", "20Gi").end()))
        .s("storageClassName", "standard")
}

/// Every object of `kind` in the simulator, with its name, in kubectl's listing order (by name).
pub(crate) fn objects(sim: &Sim, kind: ResourceKind) -> Vec<(String, Value)> {
    let app = sim.scenario().app.name.clone();
    let cluster_age = -i64::from(sim.scenario().cluster.age.0);
    let mut out: Vec<(String, Value)> = Vec::new();
    match kind {
        ResourceKind::Pod => {
            for p in sim.pods() {
                out.push((p.name.clone(), pod(sim, p)));
            }
        }
        ResourceKind::Deployment => {
            if let Some(d) = sim.deployment() {
                let st = sim.deployment_status();
                let rev = sim.rs_for_template(d.template).and_then(|i| sim.replicasets().get(i)).map_or(0, |r| r.revision);
                let m = meta(sim, &d.name, d.created, labels(&[("app", &app)]))
                    .v("annotations", labels(&[("deployment.kubernetes.io/revision", &rev.to_string())]));
                let mut spec = Obj::new()
                    .n("replicas", u64::from(d.replicas))
                    .v("selector", match_app(&app))
                    .v("strategy", Obj::new().s("type", "RollingUpdate").v("rollingUpdate", labels(&[("maxSurge", "25%"), ("maxUnavailable", "25%")])).end())
                    .v("template", template(sim, d.template.vid, &[]));
                if d.paused {
                    spec = spec.b("paused", true);
                }
                let status = Obj::new()
                    .n("replicas", u64::from(st.replicas))
                    .n("updatedReplicas", u64::from(st.updated))
                    .n("readyReplicas", u64::from(st.available))
                    .n("availableReplicas", u64::from(st.available))
                    .n("unavailableReplicas", u64::from(st.replicas.saturating_sub(st.available)));
                out.push((d.name.clone(), object("apps/v1", "Deployment", m, Some(spec.end()), Some(status.end())).end()));
            }
        }
        ResourceKind::StatefulSet => {
            if let Some(set) = sim.statefulset() {
                let st = sim.statefulset_status();
                let m = meta(sim, &set.name, set.created, labels(&[("app", &app)])).n("generation", u64::from(set.generation));
                let mut tpl = template(sim, set.template.vid, &[]);
                tpl["spec"]["containers"][0]["volumeMounts"] = Value::Array(vec![labels(&[("mountPath", "/data"), ("name", "data")])]);
                let claim = Obj::new()
                    .s("apiVersion", "v1")
                    .s("kind", "PersistentVolumeClaim")
                    .v("metadata", labels(&[("name", "data")]))
                    .v("spec", claim_spec().end())
                    .end();
                let spec = Obj::new()
                    .n("replicas", u64::from(set.replicas))
                    .v("selector", match_app(&app))
                    .s("serviceName", &set.name)
                    .s("podManagementPolicy", "OrderedReady")
                    .n("revisionHistoryLimit", u64::from(set.history_limit))
                    .v(
                        "updateStrategy",
                        Obj::new().s("type", "RollingUpdate").v("rollingUpdate", Obj::new().n("partition", u64::from(set.partition)).end()).end(),
                    )
                    .v("template", tpl)
                    .v("volumeClaimTemplates", Value::Array(vec![claim]));
                let status = Obj::new()
                    .n("observedGeneration", u64::from(set.observed_generation))
                    .n("replicas", u64::from(st.replicas))
                    .n("readyReplicas", u64::from(st.ready))
                    .n("availableReplicas", u64::from(st.ready))
                    .n("currentReplicas", u64::from(st.current))
                    .n("updatedReplicas", u64::from(st.updated))
                    .s("currentRevision", &set.current_revision)
                    .s("updateRevision", &set.update_revision)
                    .n("collisionCount", 0);
                out.push((set.name.clone(), object("apps/v1", "StatefulSet", m, Some(spec.end()), Some(status.end())).end()));
            }
        }
        ResourceKind::ControllerRevision => {
            let set = sim.statefulset().map_or(app.clone(), |s| s.name.clone());
            for r in sim.controller_revisions() {
                let hash = r.name.rsplit('-').next().unwrap_or_default().to_string();
                let m = meta(sim, &r.name, r.created, labels(&[("app", &app), ("controller.kubernetes.io/hash", &hash)]))
                    .v("ownerReferences", owner("apps/v1", "StatefulSet", &set));
                let mut tpl = template(sim, r.template.vid, &[]);
                tpl["$patch"] = Value::String("replace".to_string());
                let o =
                    object("apps/v1", "ControllerRevision", m, None, None).n("revision", u64::from(r.revision)).v("data", one("spec", one("template", tpl)));
                out.push((r.name.clone(), o.end()));
            }
        }
        ResourceKind::PersistentVolumeClaim => {
            for c in sim.claims() {
                let mut m = meta(sim, &c.name, c.created, labels(&[("app", &app)])).v("finalizers", strings1("kubernetes.io/pvc-protection"));
                if c.deleting {
                    m = m.s("deletionTimestamp", &timestamp(i64::from(sim.tick())));
                }
                let spec = claim_spec().s("volumeMode", "Filesystem").s("volumeName", &c.volume);
                let status = Obj::new().s("phase", "Bound").v("accessModes", strings1("ReadWriteOnce")).v("capacity", labels(&[("storage", "20Gi")]));
                out.push((c.name.clone(), object("v1", "PersistentVolumeClaim", m, Some(spec.end()), Some(status.end())).end()));
            }
        }
        ResourceKind::ReplicaSet => {
            for rs in sim.replicasets() {
                let (cur, ready) = sim.rs_pod_counts(rs.uid);
                let (api, kind) = if sim.rollout().is_some() { ("argoproj.io/v1alpha1", "Rollout") } else { ("apps/v1", "Deployment") };
                let m = meta(sim, &rs.name, rs.created, labels(&[("app", &app), ("pod-template-hash", &rs.hash)]))
                    .v("annotations", labels(&[("deployment.kubernetes.io/revision", &rs.revision.to_string())]))
                    .v("ownerReferences", owner(api, kind, &app));
                let spec = Obj::new().n("replicas", u64::from(rs.replicas)).v("template", template(sim, rs.template.vid, &[("pod-template-hash", &rs.hash)]));
                let status = Obj::new().n("replicas", cur as u64).n("readyReplicas", ready as u64).n("availableReplicas", ready as u64);
                out.push((rs.name.clone(), object("apps/v1", "ReplicaSet", m, Some(spec.end()), Some(status.end())).end()));
            }
        }
        ResourceKind::Service => {
            let m = meta_in(Some("default"), "kubernetes", cluster_age - 86_400, labels(&[("component", "apiserver"), ("provider", "kubernetes")]));
            out.push((
                "kubernetes".to_string(),
                object("v1", "Service", m, Some(cluster_ip("10.96.0.1", "https", 443, 6443).end()), Some(load_balancer())).end(),
            ));
            for s in sim.services() {
                let selector = match s.selector {
                    Selector::App => labels(&[("app", &app)]),
                    Selector::Version(v) => labels(&[("app", &app), ("version", sim.version_name(v))]),
                    Selector::ReplicaSet(u) => {
                        let h = sim.rs_index(u).and_then(|i| sim.replicasets().get(i)).map(|r| r.hash.clone()).unwrap_or_default();
                        labels(&[("app", &app), ("rollouts-pod-template-hash", &h)])
                    }
                    Selector::Nothing => Obj::new().end(),
                };
                let m = meta(sim, &s.name, cluster_age, labels(&[("app", &app)]));
                let spec = cluster_ip(&s.cluster_ip, "http", 80, 8080).v("selector", selector);
                out.push((s.name.clone(), object("v1", "Service", m, Some(spec.end()), Some(load_balancer())).end()));
            }
        }
        ResourceKind::PodDisruptionBudget => {
            if let (Some(name), Some(spec), Some(st)) = (sim.pdb_name(), sim.pdb_spec(), sim.pdb_status()) {
                let m = meta(sim, name, cluster_age, labels(&[("app", &app)]));
                // `IntOrString` as Kubernetes writes it: a number, or a string with `%`.
                let int_or_percent = |v: IntOrPercent| match v {
                    IntOrPercent::Int(n) => Value::from(n),
                    IntOrPercent::Percent(_) => Value::String(v.to_string()),
                };
                let mut sp = Obj::new().v("selector", match_app(&app));
                if let Some(v) = spec.min_available {
                    sp = sp.v("minAvailable", int_or_percent(v));
                }
                if let Some(v) = spec.max_unavailable {
                    sp = sp.v("maxUnavailable", int_or_percent(v));
                }
                let status = Obj::new()
                    .n("currentHealthy", u64::from(st.current_healthy))
                    .n("desiredHealthy", u64::from(st.desired_healthy))
                    .n("disruptionsAllowed", u64::from(st.disruptions_allowed))
                    .n("expectedPods", u64::from(st.expected_pods))
                    .n("observedGeneration", 1);
                out.push((name.to_string(), object("policy/v1", "PodDisruptionBudget", m, Some(sp.end()), Some(status.end())).end()));
            }
        }
        ResourceKind::ConfigMap => {
            for c in sim.configmaps() {
                let data = json_map(c.data.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))));
                let o = object("v1", "ConfigMap", meta(sim, &c.name, c.created, Obj::new().end()), None, None).v("data", Value::Object(data));
                out.push((c.name.clone(), o.end()));
            }
        }
        ResourceKind::Node => {
            for n in sim.nodes() {
                let m = meta_in(None, &n.name, cluster_age - 86_400, labels(&[("kubernetes.io/hostname", &n.name), ("kubernetes.io/os", "linux")]));
                let (st, reason) = if n.ready { ("True", "KubeletReady") } else { ("Unknown", "NodeStatusUnknown") };
                let pods = sim.scenario().cluster.max_pods_per_node.to_string();
                let status = Obj::new()
                    .v("conditions", Value::Array(vec![labels(&[("type", "Ready"), ("status", st), ("reason", reason)])]))
                    .v("capacity", labels(&[("cpu", "4"), ("memory", "16Gi"), ("pods", &pods)]))
                    .v("nodeInfo", labels(&[("kubeletVersion", "v1.30.4"), ("operatingSystem", "linux"), ("architecture", "amd64")]));
                let spec = if n.unschedulable { Obj::new().b("unschedulable", true) } else { Obj::new() };
                out.push((n.name.clone(), object("v1", "Node", m, Some(spec.end()), Some(status.end())).end()));
            }
        }
        ResourceKind::Rollout => {
            if let Some(ro) = sim.rollout() {
                let m = meta(sim, &ro.name, ro.created, labels(&[("app", &app)]));
                let strategy = match ro.strategy {
                    Strategy::Canary => one(
                        "canary",
                        one(
                            "steps",
                            Value::Array(
                                ro.canary
                                    .steps
                                    .iter()
                                    .map(|s| match s {
                                        crate::sim::scenario::CanaryStep::SetWeight(w) => Obj::new().n("setWeight", u64::from(*w)).end(),
                                        crate::sim::scenario::CanaryStep::Pause(p) => match p.duration {
                                            Some(d) => one("pause", labels(&[("duration", &crate::sim::duration::format_duration(d.0))])),
                                            None => one("pause", Obj::new().end()),
                                        },
                                    })
                                    .collect(),
                            ),
                        ),
                    ),
                    _ => one("blueGreen", labels(&[("activeService", &format!("{app}-active")), ("previewService", &format!("{app}-preview"))])),
                };
                let mut spec = Obj::new().n("replicas", u64::from(ro.replicas)).v("strategy", strategy).v("template", template(sim, ro.template.vid, &[]));
                if ro.paused {
                    spec = spec.b("paused", true);
                }
                let stable = sim.rs_index(ro.stable_uid).and_then(|i| sim.replicasets().get(i)).map(|r| r.hash.clone()).unwrap_or_default();
                let (mut cur, mut ready) = (0, 0);
                for rs in sim.replicasets() {
                    let (c, r) = sim.rs_pod_counts(rs.uid);
                    cur += c;
                    ready += r;
                }
                let phase = match ro.phase {
                    RolloutPhase::Healthy => "Healthy",
                    RolloutPhase::Progressing => "Progressing",
                    RolloutPhase::Paused => "Paused",
                    RolloutPhase::Degraded => "Degraded",
                };
                let mut status = Obj::new()
                    .s("phase", phase)
                    .s("stableRS", &stable)
                    .n("replicas", cur as u64)
                    .n("readyReplicas", ready as u64)
                    .n("availableReplicas", ready as u64)
                    .b("abort", ro.aborted);
                if !ro.message.is_empty() {
                    status = status.s("message", &ro.message);
                }
                if ro.strategy == Strategy::Canary {
                    status = status.n("currentStepIndex", u64::from(ro.step));
                }
                out.push((ro.name.clone(), object("argoproj.io/v1alpha1", "Rollout", m, Some(spec.end()), Some(status.end())).end()));
            }
        }
        ResourceKind::AnalysisRun => {
            if let Some(a) = sim.rollout().and_then(|r| r.analysis.as_ref()) {
                let m = meta(sim, &a.name, i64::from(a.started), labels(&[("app", &app)]));
                let result = Obj::new()
                    .s("name", &a.metric)
                    .s("phase", a.phase.as_str())
                    .n("successful", u64::from(a.successful))
                    .n("failed", u64::from(a.failed))
                    .n("consecutiveError", u64::from(a.consecutive_errors))
                    .end();
                let status = Obj::new().s("phase", a.phase.as_str()).v("metricResults", Value::Array(vec![result]));
                let spec = one("metrics", Value::Array(vec![labels(&[("name", &a.metric)])]));
                out.push((a.name.clone(), object("argoproj.io/v1alpha1", "AnalysisRun", m, Some(spec), Some(status.end())).end()));
            }
        }
        ResourceKind::Event => {
            for (i, e) in events(sim).into_iter().enumerate() {
                let (kind, name) = e.object.split_once('/').unwrap_or(("", e.object.as_str()));
                let kind_name = match kind {
                    "pod" => "Pod",
                    "deployment" => "Deployment",
                    "replicaset" => "ReplicaSet",
                    "rollout" => "Rollout",
                    "node" => "Node",
                    "service" => "Service",
                    "analysisrun" => "AnalysisRun",
                    "statefulset" => "StatefulSet",
                    other => other,
                };
                let ename = format!("{name}.{:016x}", crate::sim::event::fnv_str(&format!("{i}{}{}", e.reason, e.object)));
                // No labels: `meta` leaves an empty object out.
                let m = meta(sim, &ename, i64::from(e.first), Obj::new().end());
                let component = match e.source {
                    Source::Argo => "rollouts-controller",
                    _ if kind == "pod" => {
                        if e.reason == "Scheduled" { "default-scheduler" } else { "kubelet" }
                    }
                    _ if kind == "statefulset" => "statefulset-controller",
                    _ => "deployment-controller",
                };
                let o = object("v1", "Event", m, None, None)
                    .v("involvedObject", labels(&[("kind", kind_name), ("name", name), ("namespace", &sim.scenario().cluster.namespace)]))
                    .s("reason", &e.reason)
                    .s("message", &e.message)
                    .s("type", e.level)
                    .n("count", u64::from(e.count))
                    .s("firstTimestamp", &timestamp(i64::from(e.first)))
                    .s("lastTimestamp", &timestamp(i64::from(e.last)))
                    .v("source", labels(&[("component", component)]));
                out.push((ename, sort_keys(o.end())));
            }
            return out;
        }
    }
    crate::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(n, v)| (n, sort_keys(v))).collect()
}

/// The object with every map's keys in order: kubectl prints unstructured objects, whose maps Go's
/// `encoding/json` writes sorted (serde_json may keep insertion order).
pub(crate) fn sort_keys(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(String, Value)> = m.into_iter().collect();
            crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
            Value::Object(json_map(entries.into_iter().map(|(k, v)| (k, sort_keys(v)))))
        }
        Value::Array(a) => Value::Array(a.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

/// One aggregated event: the event recorder folds repeats of (object, reason, message) into a count.
pub(crate) struct AggEvent {
    /// First occurrence tick.
    pub first: u32,
    /// Last occurrence tick.
    pub last: u32,
    /// Occurrences.
    pub count: u32,
    /// `Normal` / `Warning`.
    pub level: &'static str,
    /// Reason.
    pub reason: String,
    /// `kind/name`.
    pub object: String,
    /// Message.
    pub message: String,
    /// Who recorded it.
    pub source: Source,
}

/// The Kubernetes and Argo events of the last hour, aggregated, oldest last-seen first (at most 60).
pub(crate) fn events(sim: &Sim) -> Vec<AggEvent> {
    let mut agg: Vec<AggEvent> = Vec::new();
    let horizon = sim.tick().saturating_sub(3600);
    for e in sim.events().iter().filter(|e| matches!(e.source, Source::Kubernetes | Source::Argo) && e.tick >= horizon) {
        if let Some(a) = agg.iter_mut().find(|a| a.reason == e.reason && a.object == e.object && a.message == e.message) {
            a.last = e.tick;
            a.count += 1;
        } else {
            agg.push(AggEvent {
                first: e.tick,
                last: e.tick,
                count: 1,
                level: e.level.as_str(),
                reason: e.reason.clone(),
                object: e.object.clone(),
                message: e.message.clone(),
                source: e.source,
            });
        }
    }
    crate::sort::sort_by_key(&mut agg, |a| a.last);
    let skip = agg.len().saturating_sub(60);
    agg.into_iter().skip(skip).collect()
}

/// `kubectl get -o json|yaml` of several objects: a `List`.
pub(crate) fn list(items: Vec<Value>) -> Value {
    Obj::new().s("apiVersion", "v1").v("items", Value::Array(items)).s("kind", "List").v("metadata", labels(&[("resourceVersion", "")])).end()
}

/// Whether an object's labels satisfy a label selector (`a=b`, `a==b`, `a!=b`, `a`, `!a`, comma
/// separated, all must hold). `Err` is kubectl's message for a selector it cannot parse.
pub(crate) fn label_selector_matches(obj: &Value, selector: &str) -> Result<bool, String> {
    let labels = obj.pointer("/metadata/labels").and_then(Value::as_object);
    let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
    for req in selector.split(',').map(str::trim).filter(|r| !r.is_empty()) {
        let ok = if let Some((k, v)) = req.split_once("!=") {
            get(k.trim()) != Some(v.trim())
        } else if let Some((k, v)) = req.split_once("==").or_else(|| req.split_once('=')) {
            if k.trim().is_empty() {
                return Err(format!("error: this lab's console cannot read the selector \"{selector}\"; use KEY=VALUE, KEY!=VALUE, KEY or !KEY"));
            }
            get(k.trim()) == Some(v.trim())
        } else if let Some(k) = req.strip_prefix('!') {
            get(k.trim()).is_none()
        } else if req.contains(' ') || req.contains('(') {
            return Err(format!("error: set-based selectors (\"{req}\") are not supported by this lab's console; use KEY=VALUE"));
        } else {
            get(req).is_some()
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The field selectors the API server supports per kind (`metadata.name` and `metadata.namespace`
/// everywhere), as JSON paths into the object.
fn field_path(kind: ResourceKind, field: &str) -> Option<&'static str> {
    Some(match (kind, field) {
        (_, "metadata.name") => "/metadata/name",
        (_, "metadata.namespace") => "/metadata/namespace",
        (ResourceKind::Pod, "status.phase") => "/status/phase",
        (ResourceKind::Pod, "spec.nodeName") => "/spec/nodeName",
        (ResourceKind::Pod, "status.podIP") => "/status/podIP",
        (ResourceKind::Event, "type") => "/type",
        (ResourceKind::Event, "reason") => "/reason",
        (ResourceKind::Event, "involvedObject.kind") => "/involvedObject/kind",
        (ResourceKind::Event, "involvedObject.name") => "/involvedObject/name",
        (ResourceKind::ReplicaSet, "status.replicas") => "/status/replicas",
        _ => return None,
    })
}

/// Whether an object satisfies a field selector (`f=v`, `f==v`, `f!=v`, comma separated).
/// `Err` is the API server's refusal of a field it does not index for the kind.
pub(crate) fn field_selector_matches(kind: ResourceKind, obj: &Value, selector: &str) -> Result<bool, String> {
    for req in selector.split(',').map(str::trim).filter(|r| !r.is_empty()) {
        let (field, value, negate) = if let Some((f, v)) = req.split_once("!=") {
            (f, v, true)
        } else if let Some((f, v)) = req.split_once("==").or_else(|| req.split_once('=')) {
            (f, v, false)
        } else {
            return Err(format!("error: invalid selector: '{req}'; can't understand '{req}'"));
        };
        let Some(path) = field_path(kind, field.trim()) else {
            let resource = match kind {
                ResourceKind::Deployment | ResourceKind::ReplicaSet | ResourceKind::StatefulSet | ResourceKind::ControllerRevision => {
                    format!("apps/v1, Resource={}", kind.plural())
                }
                ResourceKind::Rollout | ResourceKind::AnalysisRun => format!("argoproj.io/v1alpha1, Resource={}", kind.plural()),
                other => format!("/v1, Resource={}", other.plural()),
            };
            return Err(format!(
                "Error from server (BadRequest): Unable to find \"{resource}\" that match label selector \"\", field selector \"{selector}\": field label not supported: {}",
                field.trim()
            ));
        };
        let actual = match obj.pointer(path) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(v) => crate::json_indent::compact(v),
        };
        if (actual == value.trim()) == negate {
            return Ok(false);
        }
    }
    Ok(true)
}
