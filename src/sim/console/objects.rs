//! The cluster's objects as the API server would return them: one `serde_json::Value` per object
//! (apiVersion, kind, metadata, spec, status), built from the simulator's state on demand. `kubectl
//! get -o json|yaml|jsonpath|custom-columns`, `--sort-by`, `--field-selector` and `-l` all read these,
//! so every output format and filter sees the same object.
//!
//! Architecture invariant: read-only over `&Sim`; the objects carry only what the simulator knows
//! (no invented status beyond the counts, phases and images it tracks).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::command::ResourceKind;
use super::table::timestamp;
use crate::sim::cluster::{Pod, PodPhase, Selector};
use crate::sim::event::Source;
use crate::sim::rollout::RolloutPhase;
use crate::sim::scenario::Strategy;
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

fn labels(pairs: &[(&str, &str)]) -> Value {
    Value::Object(json_map(pairs.iter().map(|(k, v)| ((*k).to_string(), Value::String((*v).to_string())))))
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

fn meta(sim: &Sim, name: &str, created: i64, labels_v: Value) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("name".into(), json!(name));
    m.insert("namespace".into(), json!(sim.scenario().cluster.namespace));
    m.insert("creationTimestamp".into(), json!(timestamp(created)));
    if labels_v.as_object().is_some_and(|o| !o.is_empty()) {
        m.insert("labels".into(), labels_v);
    }
    m
}

fn object(api_version: &str, kind: &str, metadata: Map<String, Value>, spec: Option<Value>, status: Option<Value>) -> Value {
    let mut o = Map::new();
    o.insert("apiVersion".into(), json!(api_version));
    o.insert("kind".into(), json!(kind));
    o.insert("metadata".into(), Value::Object(metadata));
    if let Some(s) = spec {
        o.insert("spec".into(), s);
    }
    if let Some(s) = status {
        o.insert("status".into(), s);
    }
    Value::Object(o)
}

fn container(sim: &Sim, vid: usize) -> Value {
    json!({
        "name": sim.scenario().app.name,
        "image": sim.image_of(vid),
        "ports": [{"containerPort": 8080, "protocol": "TCP"}],
    })
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
    let lv = Value::Object(json_map(l.iter().map(|(k, v)| (k.clone(), json!(v)))));
    let mut m = meta(sim, &p.name, p.created, lv);
    if let Some(rs) = sim.rs_index(p.rs_uid).and_then(|i| sim.replicasets().get(i)) {
        m.insert("ownerReferences".into(), json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs.name, "controller": true}]));
    } else if let (Some(_), Some(set)) = (sim.pod_revision(p), sim.statefulset()) {
        m.insert("ownerReferences".into(), json!([{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": set.name, "controller": true}]));
    }
    if p.phase == PodPhase::Terminating {
        m.insert("deletionTimestamp".into(), json!(timestamp(i64::from(sim.tick()))));
    }
    let node = p.node.and_then(|n| sim.nodes().get(n)).map(|n| n.name.clone());
    let mut spec = json!({"containers": [container(sim, p.vid)]});
    if let Some(n) = &node {
        spec["nodeName"] = json!(n);
    }
    let state = match p.phase {
        PodPhase::Running | PodPhase::Terminating => json!({"running": {"startedAt": timestamp(i64::from(p.started_at))}}),
        PodPhase::Error | PodPhase::OomKilled => json!({"terminated": {"reason": p.phase.as_str(), "exitCode": if p.phase == PodPhase::OomKilled { 137 } else { 1 }}}),
        other => json!({"waiting": {"reason": other.as_str()}}),
    };
    let mut cs = json!({
        "name": sim.scenario().app.name,
        "image": sim.image_of(p.vid),
        "ready": p.ready,
        "restartCount": p.restarts,
        "started": matches!(p.phase, PodPhase::Running | PodPhase::Terminating),
        "state": state,
    });
    if let Some(reason) = p.last_termination {
        cs["lastState"] = json!({"terminated": {"reason": reason, "exitCode": if reason == "OOMKilled" { 137 } else { 1 }}});
    }
    let mut status = json!({
        "phase": pod_phase(p),
        "conditions": [{"type": "Ready", "status": if p.ready { "True" } else { "False" }}],
        "containerStatuses": [cs],
    });
    if node.is_some() && p.phase != PodPhase::Pending {
        status["podIP"] = json!(pod_ip(&p.name));
    }
    object("v1", "Pod", m, Some(spec), Some(status))
}

fn template(sim: &Sim, vid: usize, extra_labels: &[(&str, &str)]) -> Value {
    let app = sim.scenario().app.name.clone();
    let mut l = vec![("app", app.as_str())];
    l.extend_from_slice(extra_labels);
    json!({"metadata": {"labels": labels(&l)}, "spec": {"containers": [container(sim, vid)]}})
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
                let mut m = meta(sim, &d.name, d.created, labels(&[("app", &app)]));
                m.insert("annotations".into(), json!({"deployment.kubernetes.io/revision": rev.to_string()}));
                let mut spec = json!({
                    "replicas": d.replicas,
                    "selector": {"matchLabels": {"app": app}},
                    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
                    "template": template(sim, d.template.vid, &[]),
                });
                if d.paused {
                    spec["paused"] = json!(true);
                }
                let status = json!({
                    "replicas": st.replicas,
                    "updatedReplicas": st.updated,
                    "readyReplicas": st.available,
                    "availableReplicas": st.available,
                    "unavailableReplicas": st.replicas.saturating_sub(st.available),
                });
                out.push((d.name.clone(), object("apps/v1", "Deployment", m, Some(spec), Some(status))));
            }
        }
        ResourceKind::StatefulSet => {
            if let Some(set) = sim.statefulset() {
                let st = sim.statefulset_status();
                let mut m = meta(sim, &set.name, set.created, labels(&[("app", &app)]));
                m.insert("generation".into(), json!(set.generation));
                let mut tpl = template(sim, set.template.vid, &[]);
                tpl["spec"]["containers"][0]["volumeMounts"] = json!([{"mountPath": "/data", "name": "data"}]);
                let spec = json!({
                    "replicas": set.replicas,
                    "selector": {"matchLabels": {"app": app}},
                    "serviceName": set.name,
                    "podManagementPolicy": "OrderedReady",
                    "revisionHistoryLimit": set.history_limit,
                    "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": set.partition}},
                    "template": tpl,
                    "volumeClaimTemplates": [{
                        "apiVersion": "v1",
                        "kind": "PersistentVolumeClaim",
                        "metadata": {"name": "data"},
                        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}}, "storageClassName": "standard"},
                    }],
                });
                let status = json!({
                    "observedGeneration": set.observed_generation,
                    "replicas": st.replicas,
                    "readyReplicas": st.ready,
                    "availableReplicas": st.ready,
                    "currentReplicas": st.current,
                    "updatedReplicas": st.updated,
                    "currentRevision": set.current_revision,
                    "updateRevision": set.update_revision,
                    "collisionCount": 0,
                });
                out.push((set.name.clone(), object("apps/v1", "StatefulSet", m, Some(spec), Some(status))));
            }
        }
        ResourceKind::ControllerRevision => {
            let set = sim.statefulset().map_or(app.clone(), |s| s.name.clone());
            for r in sim.controller_revisions() {
                let hash = r.name.rsplit('-').next().unwrap_or_default().to_string();
                let mut m = meta(sim, &r.name, r.created, labels(&[("app", &app), ("controller.kubernetes.io/hash", &hash)]));
                m.insert("ownerReferences".into(), json!([{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": set, "controller": true}]));
                let mut tpl = template(sim, r.template.vid, &[]);
                tpl["$patch"] = json!("replace");
                let mut o = object("apps/v1", "ControllerRevision", m, None, None);
                o["revision"] = json!(r.revision);
                o["data"] = json!({"spec": {"template": tpl}});
                out.push((r.name.clone(), o));
            }
        }
        ResourceKind::PersistentVolumeClaim => {
            for c in sim.claims() {
                let mut m = meta(sim, &c.name, c.created, labels(&[("app", &app)]));
                m.insert("finalizers".into(), json!(["kubernetes.io/pvc-protection"]));
                if c.deleting {
                    m.insert("deletionTimestamp".into(), json!(timestamp(i64::from(sim.tick()))));
                }
                let spec = json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}}, "storageClassName": "standard", "volumeMode": "Filesystem", "volumeName": c.volume});
                let status = json!({"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "20Gi"}});
                out.push((c.name.clone(), object("v1", "PersistentVolumeClaim", m, Some(spec), Some(status))));
            }
        }
        ResourceKind::ReplicaSet => {
            for rs in sim.replicasets() {
                let (cur, ready) = sim.rs_pod_counts(rs.uid);
                let mut m = meta(sim, &rs.name, rs.created, labels(&[("app", &app), ("pod-template-hash", &rs.hash)]));
                m.insert("annotations".into(), json!({"deployment.kubernetes.io/revision": rs.revision.to_string()}));
                let owner = if sim.rollout().is_some() { ("argoproj.io/v1alpha1", "Rollout") } else { ("apps/v1", "Deployment") };
                m.insert("ownerReferences".into(), json!([{"apiVersion": owner.0, "kind": owner.1, "name": app, "controller": true}]));
                let spec = json!({"replicas": rs.replicas, "template": template(sim, rs.template.vid, &[("pod-template-hash", &rs.hash)])});
                let status = json!({"replicas": cur, "readyReplicas": ready, "availableReplicas": ready});
                out.push((rs.name.clone(), object("apps/v1", "ReplicaSet", m, Some(spec), Some(status))));
            }
        }
        ResourceKind::Service => {
            let mut m = meta(sim, "kubernetes", cluster_age - 86_400, labels(&[("component", "apiserver"), ("provider", "kubernetes")]));
            m.remove("namespace");
            m.insert("namespace".into(), json!("default"));
            out.push((
                "kubernetes".to_string(),
                object("v1", "Service", m, Some(json!({"type": "ClusterIP", "clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]})), Some(json!({"loadBalancer": {}}))),
            ));
            for s in sim.services() {
                let selector = match s.selector {
                    Selector::App => json!({"app": app}),
                    Selector::Version(v) => json!({"app": app, "version": sim.version_name(v)}),
                    Selector::ReplicaSet(u) => {
                        let h = sim.rs_index(u).and_then(|i| sim.replicasets().get(i)).map(|r| r.hash.clone()).unwrap_or_default();
                        json!({"app": app, "rollouts-pod-template-hash": h})
                    }
                    Selector::Nothing => json!({}),
                };
                let m = meta(sim, &s.name, cluster_age, labels(&[("app", &app)]));
                let spec = json!({"type": "ClusterIP", "clusterIP": s.cluster_ip, "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080}], "selector": selector});
                out.push((s.name.clone(), object("v1", "Service", m, Some(spec), Some(json!({"loadBalancer": {}})))));
            }
        }
        ResourceKind::PodDisruptionBudget => {
            if let (Some(name), Some(spec), Some(st)) = (sim.pdb_name(), sim.pdb_spec(), sim.pdb_status()) {
                let m = meta(sim, name, cluster_age, labels(&[("app", &app)]));
                let mut sp = json!({"selector": {"matchLabels": {"app": app}}});
                if let Some(v) = spec.min_available {
                    sp["minAvailable"] = serde_json::to_value(v).unwrap_or(Value::Null);
                }
                if let Some(v) = spec.max_unavailable {
                    sp["maxUnavailable"] = serde_json::to_value(v).unwrap_or(Value::Null);
                }
                let status = json!({
                    "currentHealthy": st.current_healthy,
                    "desiredHealthy": st.desired_healthy,
                    "disruptionsAllowed": st.disruptions_allowed,
                    "expectedPods": st.expected_pods,
                    "observedGeneration": 1,
                });
                out.push((name.to_string(), object("policy/v1", "PodDisruptionBudget", m, Some(sp), Some(status))));
            }
        }
        ResourceKind::ConfigMap => {
            for c in sim.configmaps() {
                let data = json_map(c.data.iter().map(|(k, v)| (k.clone(), json!(v))));
                let mut o = object("v1", "ConfigMap", meta(sim, &c.name, c.created, json!({})), None, None);
                o["data"] = Value::Object(data);
                out.push((c.name.clone(), o));
            }
        }
        ResourceKind::Node => {
            for n in sim.nodes() {
                let mut m = meta(sim, &n.name, cluster_age - 86_400, labels(&[("kubernetes.io/hostname", &n.name), ("kubernetes.io/os", "linux")]));
                m.remove("namespace");
                let (st, reason) = if n.ready { ("True", "KubeletReady") } else { ("Unknown", "NodeStatusUnknown") };
                let status = json!({
                    "conditions": [{"type": "Ready", "status": st, "reason": reason}],
                    "capacity": {"cpu": "4", "memory": "16Gi", "pods": sim.scenario().cluster.max_pods_per_node.to_string()},
                    "nodeInfo": {"kubeletVersion": "v1.30.4", "operatingSystem": "linux", "architecture": "amd64"},
                });
                let spec = if n.unschedulable { json!({"unschedulable": true}) } else { json!({}) };
                out.push((n.name.clone(), object("v1", "Node", m, Some(spec), Some(status))));
            }
        }
        ResourceKind::Rollout => {
            if let Some(ro) = sim.rollout() {
                let m = meta(sim, &ro.name, ro.created, labels(&[("app", &app)]));
                let strategy = match ro.strategy {
                    Strategy::Canary => json!({"canary": {"steps": ro.canary.steps.iter().map(|s| match s {
                        crate::sim::scenario::CanaryStep::SetWeight(w) => json!({"setWeight": w}),
                        crate::sim::scenario::CanaryStep::Pause(p) => match p.duration {
                            Some(d) => json!({"pause": {"duration": crate::sim::duration::format_duration(d.0)}}),
                            None => json!({"pause": {}}),
                        },
                    }).collect::<Vec<_>>()}}),
                    _ => json!({"blueGreen": {"activeService": format!("{app}-active"), "previewService": format!("{app}-preview")}}),
                };
                let mut spec = json!({"replicas": ro.replicas, "strategy": strategy, "template": template(sim, ro.template.vid, &[])});
                if ro.paused {
                    spec["paused"] = json!(true);
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
                let mut status = json!({"phase": phase, "stableRS": stable, "replicas": cur, "readyReplicas": ready, "availableReplicas": ready, "abort": ro.aborted});
                if !ro.message.is_empty() {
                    status["message"] = json!(ro.message);
                }
                if ro.strategy == Strategy::Canary {
                    status["currentStepIndex"] = json!(ro.step);
                }
                out.push((ro.name.clone(), object("argoproj.io/v1alpha1", "Rollout", m, Some(spec), Some(status))));
            }
        }
        ResourceKind::AnalysisRun => {
            if let Some(a) = sim.rollout().and_then(|r| r.analysis.as_ref()) {
                let m = meta(sim, &a.name, i64::from(a.started), labels(&[("app", &app)]));
                let status = json!({"phase": a.phase.as_str(), "metricResults": [{"name": a.metric, "phase": a.phase.as_str(), "successful": a.successful, "failed": a.failed, "consecutiveError": a.consecutive_errors}]});
                out.push((a.name.clone(), object("argoproj.io/v1alpha1", "AnalysisRun", m, Some(json!({"metrics": [{"name": a.metric}]})), Some(status))));
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
                let mut m = meta(sim, &ename, i64::from(e.first), json!({}));
                m.remove("labels");
                let component = match e.source {
                    Source::Argo => "rollouts-controller",
                    _ if kind == "pod" => {
                        if e.reason == "Scheduled" { "default-scheduler" } else { "kubelet" }
                    }
                    _ if kind == "statefulset" => "statefulset-controller",
                    _ => "deployment-controller",
                };
                let mut o = object("v1", "Event", m, None, None);
                o["involvedObject"] = json!({"kind": kind_name, "name": name, "namespace": sim.scenario().cluster.namespace});
                o["reason"] = json!(e.reason);
                o["message"] = json!(e.message);
                o["type"] = json!(e.level);
                o["count"] = json!(e.count);
                o["firstTimestamp"] = json!(timestamp(i64::from(e.first)));
                o["lastTimestamp"] = json!(timestamp(i64::from(e.last)));
                o["source"] = json!({"component": component});
                out.push((ename, sort_keys(o)));
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
    json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
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
            Some(v) => v.to_string(),
        };
        if (actual == value.trim()) == negate {
            return Ok(false);
        }
    }
    Ok(true)
}
