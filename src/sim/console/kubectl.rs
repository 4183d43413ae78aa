//! `kubectl` against the simulated cluster: get, describe, logs, rollout, set image, scale, patch, delete.
//!
//! Architecture invariant: output text follows kubectl to the character for everything covered by
//! `rollout-fidelity.md` (confirmations, errors, `rollout status` lines, table layouts).

use std::fmt::Write as _;

use super::command::{DryRun, Kubectl, PatchType, ResourceKind, Target, TopKind};
use super::objects::{pod_ip, pod_labels};
use super::table::{clock, human_duration};
use crate::sim::cluster::{PodPhase, Selector};
use crate::sim::event::Source;
use crate::sim::simulator::{Output, Sim};

pub(crate) fn not_found(kind: ResourceKind, name: &str) -> Output {
    Output::err(format!("Error from server (NotFound): {} \"{name}\" not found", kind.api_name()))
}

/// What kubectl says when nothing matches: the named object is not found, or the namespace has none.
fn nothing_found(kind: ResourceKind, name: Option<&str>, ns: &str) -> Output {
    match name {
        Some(n) => not_found(kind, n),
        None => Output::ok(format!("No resources found in {ns} namespace.")),
    }
}

pub(crate) fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_string()).collect()
}

pub(crate) fn age(sim: &Sim, created: i64) -> String {
    human_duration(i64::from(sim.tick()) - created)
}

pub(crate) fn pod_ready_str(p: &crate::sim::cluster::Pod) -> &'static str {
    if p.ready { "1/1" } else { "0/1" }
}

pub(crate) fn pod_restarts_str(sim: &Sim, p: &crate::sim::cluster::Pod) -> String {
    match p.last_restart {
        Some(t) if p.restarts > 0 => format!("{} ({} ago)", p.restarts, human_duration(i64::from(sim.tick() - t.min(sim.tick())))),
        _ => p.restarts.to_string(),
    }
}

pub(crate) fn has_kind(sim: &Sim, kind: ResourceKind) -> bool {
    match kind {
        ResourceKind::Deployment => sim.deployment().is_some(),
        ResourceKind::Rollout | ResourceKind::AnalysisRun => sim.rollout().is_some(),
        ResourceKind::StatefulSet => sim.statefulset().is_some(),
        ResourceKind::ControllerRevision => !sim.controller_revisions().is_empty(),
        ResourceKind::PersistentVolumeClaim => !sim.claims().is_empty(),
        _ => true,
    }
}

fn events_for(sim: &Sim, object: &str) -> String {
    let mut rows = vec![row(&["Type", "Reason", "Age", "From", "Message"]), row(&["----", "------", "----", "----", "-------"])];
    let evs: Vec<_> = sim.events().iter().filter(|e| e.object == object).collect();
    if evs.is_empty() {
        return "Events:  <none>".to_string();
    }
    let skip = evs.len().saturating_sub(15);
    for e in evs.into_iter().skip(skip) {
        let from = match e.source {
            Source::Argo => "rollouts-controller",
            _ if object.starts_with("pod/") => {
                if e.reason == "Scheduled" { "default-scheduler" } else { "kubelet" }
            }
            _ if object.starts_with("statefulset/") => "statefulset-controller",
            _ => "deployment-controller",
        };
        rows.push(vec![e.level.as_str().to_string(), e.reason.clone(), human_duration(i64::from(sim.tick() - e.tick.min(sim.tick()))), from.to_string(), e.message.clone()]);
    }
    let t = super::table::columns(&rows, 2, 0);
    let mut s = String::from("Events:\n");
    for l in t.lines() {
        s.push_str("  ");
        s.push_str(l);
        s.push('\n');
    }
    s.trim_end().to_string()
}

fn describe(sim: &Sim, kind: ResourceKind, name: Option<&str>) -> Output {
    let ns = sim.scenario().cluster.namespace.clone();
    let app = sim.scenario().app.name.clone();
    match kind {
        ResourceKind::Pod => {
            let pods: Vec<_> = sim.pods().iter().filter(|p| name.is_none_or(|n| n == p.name)).collect();
            if pods.is_empty() {
                return nothing_found(kind, name, &ns);
            }
            let mut out = Vec::new();
            for p in pods {
                let labels = pod_labels(sim, p);
                let node = p.node.and_then(|n| sim.nodes().get(n)).map_or("<none>".to_string(), |n| format!("{}/10.0.0.{}", n.name, 10 + p.node.unwrap_or(0)));
                // An orphaned pod (its StatefulSet deleted with --cascade=orphan) has no controller line.
                let controller = match (sim.pod_revision(p), sim.statefulset()) {
                    (Some(_), Some(set)) => format!("Controlled By:    StatefulSet/{}\n", set.name),
                    (Some(_), None) => String::new(),
                    _ => format!("Controlled By:    ReplicaSet/{}\n", sim.rs_index(p.rs_uid).and_then(|i| sim.replicasets().get(i)).map(|r| r.name.clone()).unwrap_or_default()),
                };
                let (state, reason) = match p.phase {
                    PodPhase::Running => ("Running", None),
                    PodPhase::Pending | PodPhase::ContainerCreating => ("Waiting", Some("ContainerCreating")),
                    PodPhase::CrashLoopBackOff => ("Waiting", Some("CrashLoopBackOff")),
                    PodPhase::ErrImagePull => ("Waiting", Some("ErrImagePull")),
                    PodPhase::ImagePullBackOff => ("Waiting", Some("ImagePullBackOff")),
                    PodPhase::Error => ("Terminated", Some("Error")),
                    PodPhase::OomKilled => ("Terminated", Some("OOMKilled")),
                    PodPhase::Terminating => ("Running", None),
                };
                let mut s = String::new();
                let _ = writeln!(s, "Name:             {}\nNamespace:        {ns}\nNode:             {node}", p.name);
                let mut first = true;
                for (k, v) in &labels {
                    s.push_str(if first { "Labels:           " } else { "                  " });
                    let _ = writeln!(s, "{k}={v}");
                    first = false;
                }
                let status = if p.phase == PodPhase::Pending { "Pending" } else if p.phase == PodPhase::Terminating { "Terminating" } else { "Running" };
                let _ = writeln!(s, "Status:           {status}\n{controller}Containers:\n  {app}:\n    Image:          {}", sim.image_of(p.vid));
                let _ = writeln!(s, "    State:          {state}");
                if let Some(r) = reason {
                    let _ = writeln!(s, "      Reason:       {r}");
                }
                if let Some(lt) = p.last_termination {
                    let _ = writeln!(s, "    Last State:     Terminated\n      Reason:       {lt}\n      Exit Code:    {}", if lt == "OOMKilled" { 137 } else { 1 });
                }
                let _ = writeln!(
                    s,
                    "    Ready:          {}\n    Restart Count:  {}\n    Limits:\n      memory:  512Mi\n    Environment Variables from:\n      {app}-config  ConfigMap  Optional: false\nConditions:\n  Type              Status\n  Ready             {}",
                    if p.ready { "True" } else { "False" },
                    p.restarts,
                    if p.ready { "True" } else { "False" }
                );
                s.push_str(&events_for(sim, &format!("pod/{}", p.name)));
                out.push(s);
            }
            Output::ok(out.join("\n\n\n"))
        }
        ResourceKind::Deployment => {
            let Some(d) = &sim.deployment() else { return not_found(kind, name.unwrap_or(&app)) };
            if name.is_some_and(|n| n != d.name) {
                return not_found(kind, name.unwrap_or_default());
            }
            let st = sim.deployment_status();
            let new_rs = sim.deployment_new_rs().and_then(|i| sim.replicasets().get(i));
            let olds: Vec<String> = sim
                .replicasets()
                .iter()
                .filter(|r| Some(r.uid) != new_rs.map(|n| n.uid) && (r.replicas > 0 || sim.rs_has_pods(r.uid)))
                .map(|r| format!("{} ({}/{} replicas created)", r.name, sim.rs_pod_counts(r.uid).0, r.replicas))
                .collect();
            let rev = new_rs.map_or(0, |r| r.revision);
            let mut s = format!(
                "Name:                   {}\nNamespace:              {ns}\nLabels:                 app={app}\nAnnotations:            deployment.kubernetes.io/revision: {rev}\nSelector:               app={app}\nReplicas:               {} desired | {} updated | {} total | {} available | {} unavailable\nStrategyType:           RollingUpdate\nMinReadySeconds:        0\nRollingUpdateStrategy:  {} max unavailable, {} max surge\n",
                d.name,
                d.replicas,
                st.updated,
                st.replicas,
                st.available,
                st.replicas.saturating_sub(st.available).max(d.replicas.saturating_sub(st.available)),
                d.max_unavailable,
                d.max_surge
            );
            let _ = writeln!(
                s,
                "Pod Template:\n  Labels:  app={app}\n  Containers:\n   {app}:\n    Image:      {}\n    Port:       8080/TCP\n    Environment Variables from:\n      {app}-config  ConfigMap  Optional: false",
                sim.image_of(d.template.vid)
            );
            let available = if st.available >= d.replicas.saturating_sub(d.max_unavailable.resolve(d.replicas, false)) { "True" } else { "False" };
            let avail_reason = if available == "True" { "MinimumReplicasAvailable" } else { "MinimumReplicasUnavailable" };
            // describe's PrefixWriter puts the indent inside the first cell, hence these widths.
            s.push_str("Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n");
            let _ = writeln!(s, "  {:<15}{:<8}{}", "Available", available, avail_reason);
            let _ = writeln!(s, "  {:<15}{:<8}{}", "Progressing", d.progressing.status, d.progressing.reason);
            let _ = writeln!(s, "OldReplicaSets:  {}", if olds.is_empty() { "<none>".to_string() } else { olds.join(", ") });
            let _ = writeln!(
                s,
                "NewReplicaSet:   {}",
                new_rs.map_or("<none>".to_string(), |r| format!("{} ({}/{} replicas created)", r.name, sim.rs_pod_counts(r.uid).0, r.replicas))
            );
            s.push_str(&events_for(sim, &format!("deployment/{}", d.name)));
            Output::ok(s)
        }
        ResourceKind::PodDisruptionBudget => {
            let (Some(pdb), Some(spec), Some(st)) = (sim.pdb_name(), sim.pdb_spec(), sim.pdb_status()) else {
                return not_found(kind, name.unwrap_or_default());
            };
            if name.is_some_and(|n| n != pdb) {
                return not_found(kind, name.unwrap_or_default());
            }
            // describe.go's describePodDisruptionBudgetV1, laid out by its tabwriter (padding 2):
            // the lines before `Status:` are one block, the indented status lines and Events another.
            let limit = match (spec.min_available, spec.max_unavailable) {
                (Some(v), _) => ("Min available:", v.to_string()),
                (None, Some(v)) => ("Max unavailable:", v.to_string()),
                (None, None) => ("Min available:", "0".to_string()),
            };
            let app = sim.scenario().app.name.clone();
            let head = [("Name:", pdb.to_string()), ("Namespace:", ns.to_string()), limit, ("Selector:", format!("app={app}"))];
            let tail = [
                ("    Allowed disruptions:", st.disruptions_allowed.to_string()),
                ("    Current:", st.current_healthy.to_string()),
                ("    Desired:", st.desired_healthy.to_string()),
                ("    Total:", st.expected_pods.to_string()),
                ("Events:", "<none>".to_string()),
            ];
            let block = |rows: &[(&str, String)]| -> String {
                let w = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
                rows.iter().map(|(k, v)| format!("{k:<w$}{v}")).collect::<Vec<_>>().join("\n")
            };
            Output::ok(format!("{}\nStatus:\n{}", block(&head), block(&tail)))
        }
        ResourceKind::ConfigMap => {
            let cms: Vec<_> = sim.configmaps().iter().filter(|c| name.is_none_or(|n| n == c.name)).collect();
            if cms.is_empty() {
                return not_found(kind, name.unwrap_or_default());
            }
            let mut out = Vec::new();
            for c in cms {
                let mut s = format!("Name:         {}\nNamespace:    {ns}\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\n", c.name);
                for (k, v) in &c.data {
                    let _ = writeln!(s, "{k}:\n----\n{v}\n");
                }
                s.push_str("\nBinaryData\n====\n\nEvents:  <none>");
                out.push(s);
            }
            Output::ok(out.join("\n\n\n"))
        }
        ResourceKind::Rollout => match &sim.rollout() {
            Some(ro) if name.is_none_or(|n| n == ro.name) => {
                let mut out = super::argo::argo_get(sim, &ro.name);
                out.text.push('\n');
                out.text.push('\n');
                out.text.push_str(&events_for(sim, &format!("rollout/{}", ro.name)));
                out
            }
            _ => not_found(kind, name.unwrap_or(&app)),
        },
        ResourceKind::AnalysisRun => {
            let Some(a) = sim.rollout().and_then(|r| r.analysis.as_ref()).filter(|a| name.is_none_or(|n| n == a.name)) else {
                return not_found(kind, name.unwrap_or_default());
            };
            let mut s = format!(
                "Name:         {}\nNamespace:    {ns}\nStatus:\n  Phase:  {}\n",
                a.name,
                a.phase.as_str()
            );
            if let Some(m) = &a.message {
                let _ = writeln!(s, "  Message:  {m}");
            }
            let _ = writeln!(s, "  Metric Results:\n    Name:   {}\n    Phase:  {}\n    Measurements:", a.metric, a.phase.as_str());
            let skip = a.measurements.len().saturating_sub(10);
            for m in a.measurements.iter().skip(skip) {
                match (m.value, &m.message) {
                    (Some(v), _) => {
                        let _ = writeln!(s, "      Value:  {}   Phase: {}", crate::fixed::shortest(v), m.phase.as_str());
                    }
                    (None, Some(msg)) => {
                        let _ = writeln!(s, "      Message:  {msg}   Phase: {}", m.phase.as_str());
                    }
                    (None, None) => {
                        let _ = writeln!(s, "      Value:  []   Phase: {}", m.phase.as_str());
                    }
                }
            }
            let _ = write!(s, "    Successful:  {}\n    Failed:      {}\n    Consecutive Error:  {}", a.successful, a.failed, a.consecutive_errors);
            Output::ok(s)
        }
        ResourceKind::Node => {
            let nodes: Vec<_> = sim.nodes().iter().filter(|n| name.is_none_or(|x| x == n.name)).collect();
            if nodes.is_empty() {
                return not_found(kind, name.unwrap_or_default());
            }
            let mut out = Vec::new();
            for (i, n) in sim.nodes().iter().enumerate().filter(|(_, n)| nodes.iter().any(|m| m.name == n.name)) {
                let pods: Vec<&str> = sim.pods().iter().filter(|p| p.node == Some(i)).map(|p| p.name.as_str()).collect();
                let ready = if n.ready { "True    KubeletReady              kubelet is posting ready status" } else { "Unknown NodeStatusUnknown         Kubelet stopped posting node status." };
                out.push(format!(
                    "Name:               {}\nRoles:              <none>\nConditions:\n  Type    Status  Reason                    Message\n  Ready   {ready}\nNon-terminated Pods:          ({} in total)\n  {}",
                    n.name,
                    pods.len(),
                    pods.join("\n  ")
                ));
            }
            Output::ok(out.join("\n\n\n"))
        }
        ResourceKind::Service => {
            let svcs: Vec<_> = sim.services().iter().filter(|s| name.is_none_or(|n| n == s.name)).collect();
            if svcs.is_empty() {
                return not_found(kind, name.unwrap_or_default());
            }
            let mut out = Vec::new();
            for s in svcs {
                let selector = match s.selector {
                    Selector::App => format!("app={app}"),
                    Selector::Version(v) => format!("app={app},version={}", sim.version_name(v)),
                    Selector::ReplicaSet(u) => {
                        let h = sim.rs_index(u).and_then(|i| sim.replicasets().get(i)).map(|r| r.hash.clone()).unwrap_or_default();
                        format!("app={app},rollouts-pod-template-hash={h}")
                    }
                    Selector::Nothing => "<none>".to_string(),
                };
                let eps: Vec<String> = sim
                    .pods()
                    .iter()
                    .filter(|p| p.ready && sim.service_selects(s.selector, p))
                    .map(|p| format!("{}:8080", pod_ip(&p.name)))
                    .collect();
                out.push(format!(
                    "Name:              {}\nNamespace:         {ns}\nSelector:          {selector}\nType:              ClusterIP\nIP:                {}\nPort:              http  80/TCP\nTargetPort:        8080/TCP\nEndpoints:         {}",
                    s.name,
                    s.cluster_ip,
                    if eps.is_empty() { "<none>".to_string() } else { eps.join(",") }
                ));
            }
            Output::ok(out.join("\n\n\n"))
        }
        ResourceKind::ReplicaSet => {
            let sets: Vec<_> = sim.replicasets().iter().filter(|r| name.is_none_or(|n| n == r.name)).collect();
            if sets.is_empty() {
                return not_found(kind, name.unwrap_or_default());
            }
            let mut out = Vec::new();
            for r in sets {
                let (cur, ready) = sim.rs_pod_counts(r.uid);
                out.push(format!(
                    "Name:           {}\nNamespace:      {ns}\nAnnotations:    deployment.kubernetes.io/revision: {}\nReplicas:       {cur} current / {} desired\nPods Status:    {ready} Running / {} Waiting / 0 Succeeded / 0 Failed\nPod Template:\n  Containers:\n   {app}:\n    Image:  {}\n{}",
                    r.name,
                    r.revision,
                    r.replicas,
                    cur.saturating_sub(ready),
                    sim.image_of(r.template.vid),
                    events_for(sim, &format!("replicaset/{}", r.name))
                ));
            }
            Output::ok(out.join("\n\n\n"))
        }
        ResourceKind::Event => super::get::events_table(sim),
        ResourceKind::StatefulSet => describe_statefulset(sim, name),
        ResourceKind::ControllerRevision => {
            let revs: Vec<_> = sim.controller_revisions().into_iter().filter(|r| name.is_none_or(|n| n == r.name)).collect();
            if revs.is_empty() {
                return not_found(kind, name.unwrap_or_default());
            }
            let set = sim.statefulset().map_or(app.clone(), |s| s.name.clone());
            let mut out = Vec::new();
            for r in revs {
                let rows = [
                    ("Name:", r.name.clone()),
                    ("Namespace:", ns.clone()),
                    ("Labels:", format!("app={app}")),
                    ("", format!("controller.kubernetes.io/hash={}", r.name.rsplit('-').next().unwrap_or_default())),
                    ("Annotations:", "<none>".to_string()),
                    ("API Version:", "apps/v1".to_string()),
                    ("Kind:", "ControllerRevision".to_string()),
                    ("Revision:", r.revision.to_string()),
                    ("Controlled By:", format!("StatefulSet/{set}")),
                    ("Events:", "<none>".to_string()),
                ];
                let w = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
                out.push(rows.iter().map(|(k, v)| format!("{k:<w$}{v}")).collect::<Vec<_>>().join("\n"));
            }
            Output::ok(out.join("\n\n\n"))
        }
        ResourceKind::PersistentVolumeClaim => {
            let claims: Vec<_> = sim.claims().iter().filter(|c| name.is_none_or(|n| n == c.name)).collect();
            if claims.is_empty() {
                return nothing_found(kind, name, &ns);
            }
            let mut out = Vec::new();
            for c in claims {
                // describe.go's describePersistentVolumeClaim, one tabwriter block.
                let used_by = c.name.strip_prefix("data-").filter(|p| sim.pods().iter().any(|x| x.name == *p)).unwrap_or("<none>").to_string();
                let status = if c.deleting { "Terminating (lasts <unknown>)".to_string() } else { "Bound".to_string() };
                let rows = [
                    ("Name:", c.name.clone()),
                    ("Namespace:", ns.clone()),
                    ("StorageClass:", "standard".to_string()),
                    ("Status:", status),
                    ("Volume:", c.volume.clone()),
                    ("Labels:", format!("app={app}")),
                    ("Annotations:", "pv.kubernetes.io/bind-completed: yes".to_string()),
                    ("Finalizers:", "[kubernetes.io/pvc-protection]".to_string()),
                    ("Capacity:", "20Gi".to_string()),
                    ("Access Modes:", "RWO".to_string()),
                    ("VolumeMode:", "Filesystem".to_string()),
                    ("Used By:", used_by),
                    ("Events:", "<none>".to_string()),
                ];
                let w = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
                out.push(rows.iter().map(|(k, v)| format!("{k:<w$}{v}")).collect::<Vec<_>>().join("\n"));
            }
            Output::ok(out.join("\n\n\n"))
        }
    }
}

/// `kubectl describe statefulset` (describe.go's `describeStatefulSet`): the head is one tabwriter
/// block (padding 2), the pod template and the claim templates follow.
fn describe_statefulset(sim: &Sim, name: Option<&str>) -> Output {
    let app = sim.scenario().app.name.clone();
    let ns = sim.scenario().cluster.namespace.clone();
    let Some(set) = sim.statefulset() else { return not_found(ResourceKind::StatefulSet, name.unwrap_or(&app)) };
    if name.is_some_and(|n| n != set.name) {
        return not_found(ResourceKind::StatefulSet, name.unwrap_or_default());
    }
    let st = sim.statefulset_status();
    let pods: Vec<_> = sim.pods().iter().filter(|p| crate::sim::statefulset::ordinal(&set.name, &p.name).is_some()).collect();
    let running = pods.iter().filter(|p| matches!(p.phase, PodPhase::Running | PodPhase::Error | PodPhase::OomKilled | PodPhase::CrashLoopBackOff | PodPhase::Terminating)).count();
    let waiting = pods.len() - running;
    let rows = [
        ("Name:", set.name.clone()),
        ("Namespace:", ns),
        ("CreationTimestamp:", crate::sim::calendar::rfc1123z(set.created)),
        ("Selector:", format!("app={app}")),
        ("Labels:", format!("app={app}")),
        ("Annotations:", "<none>".to_string()),
        ("Service Name:", set.name.clone()),
        ("Pod Management Policy:", "OrderedReady".to_string()),
        ("Replicas:", format!("{} desired | {} total", set.replicas, st.replicas)),
        ("Update Strategy:", "RollingUpdate".to_string()),
        ("  Partition:", set.partition.to_string()),
        ("Pods Status:", format!("{running} Running / {waiting} Waiting / 0 Succeeded / 0 Failed")),
    ];
    let w = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
    let mut s: String = rows.iter().map(|(k, v)| format!("{k:<w$}{v}\n")).collect();
    let _ = writeln!(
        s,
        "Pod Template:\n  Labels:  app={app}\n  Containers:\n   {app}:\n    Image:      {}\n    Port:       8080/TCP\n    Environment Variables from:\n      {app}-config  ConfigMap  Optional: false\n    Mounts:\n      /data from data (rw)",
        sim.image_of(set.template.vid)
    );
    s.push_str("Volume Claims:\n  Name:          data\n  StorageClass:  standard\n  Labels:        <none>\n  Annotations:   <none>\n  Capacity:      20Gi\n  Access Modes:  [ReadWriteOnce]\n");
    s.push_str(&events_for(sim, &format!("statefulset/{}", set.name)));
    Output::ok(s)
}

fn logs(sim: &Sim, target: &Target, previous: bool, since: Option<u32>, tail: Option<u32>) -> Output {
    let app = sim.scenario().app.name.clone();
    let pod = match target.kind {
        ResourceKind::Pod => sim.pods().iter().find(|p| p.name == target.name),
        ResourceKind::StatefulSet => {
            let Some(set) = sim.statefulset().filter(|s| s.name == target.name) else { return not_found(target.kind, &target.name) };
            let first = format!("{}-0", set.name);
            sim.pods().iter().find(|p| p.name == first).or_else(|| sim.pods().first())
        }
        ResourceKind::Deployment | ResourceKind::ReplicaSet | ResourceKind::Rollout => {
            if !has_kind(sim, target.kind) || (target.kind != ResourceKind::ReplicaSet && target.name != app) {
                return not_found(target.kind, &target.name);
            }
            let uid = match target.kind {
                ResourceKind::ReplicaSet => match sim.replicasets().iter().find(|r| r.name == target.name) {
                    Some(r) => Some(r.uid),
                    None => return not_found(target.kind, &target.name),
                },
                _ => sim.rs_for_template(sim.current_template()).and_then(|i| sim.replicasets().get(i)).map(|r| r.uid),
            };
            sim.pods().iter().find(|p| Some(p.rs_uid) == uid).or_else(|| sim.pods().first())
        }
        other => return Output::err(format!("error: cannot get the logs from {}", other.api_name())),
    };
    let Some(p) = pod else { return not_found(ResourceKind::Pod, &target.name) };
    let waiting = match p.phase {
        PodPhase::Pending | PodPhase::ContainerCreating => Some("ContainerCreating"),
        PodPhase::ErrImagePull | PodPhase::ImagePullBackOff => Some("trying and failing to pull image"),
        _ => None,
    };
    if previous {
        if p.last_termination.is_none() {
            return Output::err(format!("Error from server (BadRequest): previous terminated container \"{app}\" in pod \"{}\" not found", p.name));
        }
    } else if let Some(w) = waiting {
        let msg = if w == "ContainerCreating" {
            format!("Error from server (BadRequest): container \"{app}\" in pod \"{}\" is waiting to start: ContainerCreating", p.name)
        } else {
            format!("Error from server (BadRequest): container \"{app}\" in pod \"{}\" is waiting to start: {w}", p.name)
        };
        return Output::err(msg);
    }
    let mut lines = log_lines(sim, p, previous);
    if let Some(s) = since {
        // Lines start with their wall-clock time; keep those at or after now - since.
        let from = 9 * 3600 + i64::from(sim.tick()) - i64::from(s);
        lines.retain(|l| line_second(l).is_none_or(|t| t >= from));
    }
    let n = tail.map_or(lines.len(), |t| t as usize);
    let skip = lines.len().saturating_sub(n);
    Output::ok(lines.into_iter().skip(skip).collect::<Vec<_>>().join("\n"))
}

/// The second of the day a log line was written (`09:01:05 INFO …` → 32465), read back from the
/// clock [`clock`] put at its start.
fn line_second(line: &str) -> Option<i64> {
    let t = line.get(..8)?;
    let mut parts = t.split(':').map(|x| x.parse::<i64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    Some(h * 3600 + m * 60 + s)
}

fn log_lines(sim: &Sim, p: &crate::sim::cluster::Pod, previous: bool) -> Vec<String> {
    let v = sim.version_name(p.vid).to_string();
    let t0 = i64::from(p.started_at);
    let tr = sim.traits.get(p.vid).cloned().unwrap_or_default();
    let mut out = vec![
        format!("{} INFO  starting {} {v}", clock(t0), sim.scenario().app.name),
        format!("{} INFO  config loaded from {}-config ({} keys)", clock(t0), sim.scenario().app.name, sim.app_configmap().map_or(0, |c| c.data.len())),
    ];
    if let Some(reg) = &sim.registry() {
        out.push(format!("{} INFO  model models:/{}@{} resolved to version {}", clock(t0), reg.model, reg.serving_alias, reg.loaded));
    }
    let bad_key = p.bad_config.and_then(|i| sim.failures().get(i)).and_then(|f| match &f.kind {
        crate::sim::failure::FailureKind::BadConfig { key, value, error_rate } => Some((key.clone(), value.clone(), *error_rate)),
        _ => None,
    });
    let end = if previous { i64::from(p.last_restart.unwrap_or(sim.tick())) } else { i64::from(sim.tick()) };
    if tr.crash || bad_key.as_ref().is_some_and(|b| b.2.is_none()) {
        match bad_key {
            Some((k, val, _)) => out.push(format!("{} FATAL invalid configuration: {k}={val:?} is not a valid value", clock(t0 + 1))),
            None => out.push(format!("{} FATAL failed to initialise: required environment variable FEATURE_STORE_URL is not set", clock(t0 + 1))),
        }
        out.push(format!("{} ERROR exiting with status 1", clock(t0 + 2)));
        return out;
    }
    if tr.oom_after.is_some() {
        out.push(format!("{} INFO  listening on :8080", clock(t0 + 3)));
        let mut t = t0 + 30;
        let mut mem = 180;
        while t < end && mem < 500 {
            out.push(format!("{} WARN  cache size growing: heap in use {mem}Mi of 512Mi", clock(t)));
            t += 30;
            mem += 60;
        }
        if previous {
            out.push(format!("{} WARN  heap in use 509Mi of 512Mi", clock(end - 1)));
        }
        return out;
    }
    out.push(format!("{} INFO  listening on :8080", clock(t0 + 3)));
    let from = (end - 20).max(t0 + 4);
    let mut t = from;
    while t < end {
        let status_line = if let (Some((s, _)), Some(db)) = (tr.schema_break, sim.database()) {
            if db.schema_version >= s {
                format!("{} ERROR POST /predict 500: pq: column \"segment_v{}\" does not exist", clock(t), db.schema_version)
            } else {
                format!("{} INFO  POST /predict 200 {}ms", clock(t), 35 + (t % 17))
            }
        } else if sim.global_traits.dependency_error > 0.0 {
            let dep = sim.scenario().app.dependencies.first().cloned().unwrap_or_else(|| "upstream".to_string());
            format!("{} WARN  POST /predict 503: upstream {dep} returned 503 Service Unavailable", clock(t))
        } else if tr.extra_ms > 0.0 {
            format!("{} INFO  POST /predict 200 {}ms", clock(t), 35 + tr.extra_ms as i64 + (t % 17))
        } else {
            format!("{} INFO  POST /predict 200 {}ms", clock(t), 35 + (t % 17))
        };
        out.push(status_line);
        t += 4;
    }
    out
}

fn find_target_kind(sim: &Sim, t: &Target) -> Result<(), Output> {
    let exists = match t.kind {
        ResourceKind::Deployment => sim.deployment().is_some_and(|d| d.name == t.name),
        ResourceKind::Rollout => sim.rollout().is_some_and(|r| r.name == t.name),
        ResourceKind::Pod => sim.pods().iter().any(|p| p.name == t.name),
        ResourceKind::ReplicaSet => sim.replicasets().iter().any(|r| r.name == t.name),
        ResourceKind::ConfigMap => sim.configmaps().iter().any(|c| c.name == t.name),
        ResourceKind::Service => sim.services().iter().any(|s| s.name == t.name),
        ResourceKind::Node => sim.nodes().iter().any(|n| n.name == t.name),
        ResourceKind::AnalysisRun => sim.rollout().and_then(|r| r.analysis.as_ref()).is_some_and(|a| a.name == t.name),
        ResourceKind::PodDisruptionBudget => sim.pdb_name() == Some(t.name.as_str()),
        ResourceKind::StatefulSet => sim.statefulset().is_some_and(|s| s.name == t.name),
        ResourceKind::ControllerRevision => sim.controller_revisions().iter().any(|r| r.name == t.name),
        ResourceKind::PersistentVolumeClaim => sim.claims().iter().any(|c| c.name == t.name),
        ResourceKind::Event => false,
    };
    if exists { Ok(()) } else { Err(not_found(t.kind, &t.name)) }
}

fn no_implementation(kind: ResourceKind, what: &str) -> Output {
    let gk = match kind {
        ResourceKind::Rollout => "Rollout.argoproj.io".to_string(),
        ResourceKind::ReplicaSet => "ReplicaSet.apps".to_string(),
        ResourceKind::AnalysisRun => "AnalysisRun.argoproj.io".to_string(),
        other => {
            let s = other.singular();
            let mut c = s.chars();
            match c.next() {
                // Resource names are ASCII: no Unicode case tables in the wasm.
                Some(f) => std::iter::once(f.to_ascii_uppercase()).chain(c).collect(),
                None => String::new(),
            }
        }
    };
    Output::err(format!("error: no {what} has been implemented for \"{gk}\""))
}

fn parse_image(sim: &Sim, image: &str) -> Option<String> {
    let (repo, tag) = image.rsplit_once(':')?;
    if repo.is_empty() || tag.is_empty() || repo.contains('@') {
        return None;
    }
    if repo != sim.scenario().app.image {
        return Some(format!("{repo}:{tag}"));
    }
    Some(tag.to_string())
}

/// The namespace and context checks every kubectl command starts with: an unknown `--context` is a
/// configuration error (client-go's `errContextNotFound`, printed by cmdutil's `checkErr`).
fn context_error(context: Option<&str>) -> Option<Output> {
    context
        .filter(|c| *c != super::parse::CONTEXT)
        .map(|c| Output::err(format!("Error in configuration: context was not found for specified context: {c}")))
}

/// Names of the objects of `kind` whose labels match `selector` (an `Err` is kubectl's message).
fn selected(sim: &Sim, kind: ResourceKind, selector: &str) -> Result<Vec<String>, Output> {
    let mut names = Vec::new();
    for (name, obj) in super::objects::objects(sim, kind) {
        match super::objects::label_selector_matches(&obj, selector) {
            Ok(true) => names.push(name),
            Ok(false) => {}
            Err(e) => return Err(Output::err(e)),
        }
    }
    Ok(names)
}

/// `(dry run)` / `(server dry run)` after an operation, as kubectl's printer adds it.
fn dry(op: &str, d: Option<DryRun>) -> String {
    format!("{op}{}", d.map_or("", DryRun::suffix))
}

/// Runs a kubectl command.
pub(crate) fn exec_kubectl(sim: &mut Sim, namespace: Option<&str>, context: Option<&str>, cmd: &Kubectl) -> Output {
    if let Some(e) = context_error(context) {
        return e;
    }
    let ns_ok = namespace.is_none_or(|n| n == sim.scenario().cluster.namespace);
    match cmd {
        Kubectl::Get { kinds, name, output, selector, field_selector, sort_by, no_headers, all_namespaces, show_labels } => {
            if !ns_ok && !*all_namespaces {
                return match name {
                    Some(n) => not_found(kinds.first().copied().unwrap_or(ResourceKind::Pod), n),
                    None => Output::ok(format!("No resources found in {} namespace.", namespace.unwrap_or_default())),
                };
            }
            super::get::get(
                sim,
                &super::get::GetArgs {
                    kinds,
                    name: name.as_deref(),
                    output: output.as_ref(),
                    selector: selector.as_deref(),
                    field_selector: field_selector.as_deref(),
                    sort_by: sort_by.as_deref(),
                    no_headers: *no_headers,
                    all_namespaces: *all_namespaces,
                    show_labels: *show_labels,
                },
            )
        }
        Kubectl::Describe { kind, name, selector } => {
            if !ns_ok {
                return not_found(*kind, name.as_deref().unwrap_or_default());
            }
            match (name, selector) {
                (None, Some(sel)) => {
                    let names = match selected(sim, *kind, sel) {
                        Ok(n) => n,
                        Err(o) => return o,
                    };
                    if names.is_empty() {
                        return Output::ok(format!("No resources found in {} namespace.", sim.scenario().cluster.namespace));
                    }
                    let parts: Vec<Output> = names.iter().map(|n| describe(sim, *kind, Some(n))).collect();
                    let is_error = parts.iter().any(|o| o.is_error);
                    Output { text: parts.into_iter().map(|o| o.text).collect::<Vec<_>>().join("\n\n\n"), is_error }
                }
                _ => describe(sim, *kind, name.as_deref()),
            }
        }
        Kubectl::Logs { target, selector, previous, since, tail } => {
            if !ns_ok {
                return match target {
                    Some(t) => not_found(t.kind, &t.name),
                    None => Output::ok(format!("No resources found in {} namespace.", namespace.unwrap_or_default())),
                };
            }
            match (target, selector) {
                (Some(t), _) => logs(sim, t, *previous, *since, *tail),
                (None, Some(sel)) => {
                    let names = match selected(sim, ResourceKind::Pod, sel) {
                        Ok(n) => n,
                        Err(o) => return o,
                    };
                    if names.is_empty() {
                        return Output::ok(format!("No resources found in {} namespace.", sim.scenario().cluster.namespace));
                    }
                    // With a selector kubectl shows the last 10 lines of each pod unless --tail says otherwise.
                    let tail = Some(tail.unwrap_or(10));
                    let mut parts = Vec::new();
                    for n in names {
                        let o = logs(sim, &Target { kind: ResourceKind::Pod, name: n }, *previous, *since, tail);
                        if o.is_error {
                            return o;
                        }
                        if !o.text.is_empty() {
                            parts.push(o.text);
                        }
                    }
                    Output::ok(parts.join("\n"))
                }
                (None, None) => Output::err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'."),
            }
        }
        Kubectl::Top { kind, name, selector } => {
            if !ns_ok && *kind == TopKind::Pods {
                return Output::err(format!("error: Metrics not available for pod {}/{}", namespace.unwrap_or_default(), name.as_deref().unwrap_or_default()));
            }
            top(sim, *kind, name.as_deref(), selector.as_deref())
        }
        Kubectl::RolloutStatus { target } | Kubectl::RolloutHistory { target, .. } | Kubectl::RolloutUndo { target, .. }
        | Kubectl::RolloutPause { target } | Kubectl::RolloutResume { target } | Kubectl::RolloutRestart { target } => {
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            if let Err(o) = find_target_kind(sim, target) {
                return o;
            }
            if target.kind == ResourceKind::StatefulSet {
                return exec_sts_rollout(sim, cmd, &target.name);
            }
            if target.kind != ResourceKind::Deployment {
                let what = match cmd {
                    Kubectl::RolloutStatus { .. } => "status viewer",
                    Kubectl::RolloutHistory { .. } => "history viewer",
                    Kubectl::RolloutUndo { .. } => "rollbacker",
                    Kubectl::RolloutRestart { .. } => "restarter",
                    _ => "pauser",
                };
                return no_implementation(target.kind, what);
            }
            exec_rollout(sim, cmd, &target.name)
        }
        Kubectl::SetImage { target, container, image, dry_run } => {
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            if let Err(o) = find_target_kind(sim, target) {
                return o;
            }
            if container != "*" && container != &sim.scenario().app.name {
                return Output::err(format!("error: unable to find container named \"{container}\""));
            }
            let Some(tag) = parse_image(sim, image) else {
                return Output::err(format!("error: invalid reference format: \"{image}\""));
            };
            let printed = match target.kind {
                ResourceKind::Deployment | ResourceKind::Rollout | ResourceKind::StatefulSet => target.kind.printed(),
                other => return Output::err(format!("error: {} \"{}\" has no pod template to update", other.api_name(), target.name)),
            };
            if dry_run.is_none() {
                let cause = (target.kind == ResourceKind::Deployment).then(|| format!("kubectl set image deployment/{} {container}={image}", target.name));
                sim.set_workload_image(&tag, cause);
            }
            Output::ok(format!("{printed}/{} {}", target.name, dry("image updated", *dry_run)))
        }
        Kubectl::Scale { target, replicas, dry_run } => {
            if *replicas > 1000 {
                return Output::err(format!("error: this lab's cluster cannot run more than 1000 replicas (asked for {replicas})"));
            }
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            if let Err(o) = find_target_kind(sim, target) {
                return o;
            }
            let printed = match target.kind {
                ResourceKind::Deployment | ResourceKind::Rollout | ResourceKind::ReplicaSet | ResourceKind::StatefulSet => target.kind.printed(),
                other => return Output::err(format!("error: no scaler has been implemented for {{\"\" \"{}\"}}", other.singular())),
            };
            if dry_run.is_none() {
                if target.kind == ResourceKind::ReplicaSet {
                    sim.scale_replicaset(&target.name, *replicas);
                } else {
                    sim.scale_workload(*replicas);
                }
            }
            Output::ok(format!("{printed}/{} {}", target.name, dry("scaled", *dry_run)))
        }
        Kubectl::Patch { target, patch, patch_type, dry_run } => {
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            if let Err(o) = find_target_kind(sim, target) {
                return o;
            }
            patch_object(sim, target, patch, *patch_type, *dry_run)
        }
        Kubectl::Delete { target, orphan, dry_run } => {
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            if let Err(o) = find_target_kind(sim, target) {
                return o;
            }
            // delete.go's PrintObj: `kind[.group] "name" deleted from NS namespace`, plus the dry-run suffix.
            let ns = sim.scenario().cluster.namespace.clone();
            let op = dry(&format!("deleted from {ns} namespace"), *dry_run);
            match target.kind {
                ResourceKind::Pod => {
                    if dry_run.is_none() {
                        sim.delete_pod(&target.name);
                    }
                    Output::ok(format!("pod \"{}\" {op}", target.name))
                }
                ResourceKind::ReplicaSet => {
                    if dry_run.is_none() {
                        sim.delete_replicaset(&target.name);
                    }
                    Output::ok(format!("replicaset.apps \"{}\" {op}", target.name))
                }
                ResourceKind::PodDisruptionBudget => {
                    if dry_run.is_none() {
                        sim.delete_pdb();
                    }
                    Output::ok(format!("poddisruptionbudget.policy \"{}\" {op}", target.name))
                }
                ResourceKind::StatefulSet => {
                    if dry_run.is_none() {
                        sim.delete_statefulset(*orphan);
                    }
                    Output::ok(format!("statefulset.apps \"{}\" {op}", target.name))
                }
                ResourceKind::PersistentVolumeClaim => {
                    if dry_run.is_none() {
                        sim.delete_claim(&target.name);
                    }
                    Output::ok(format!("persistentvolumeclaim \"{}\" {op}", target.name))
                }
                other => Output::err(format!("error: deleting {} is disabled in this lab", other.plural())),
            }
        }
        Kubectl::Cordon { node, unschedulable, dry_run } => {
            if !sim.nodes().iter().any(|n| n.name == *node) {
                return not_found(ResourceKind::Node, node);
            }
            Output::ok(cordon_line(sim, node, *unschedulable, *dry_run))
        }
        Kubectl::Drain { node, disable_eviction, dry_run } => drain(sim, node, *disable_eviction, *dry_run),
    }
}

/// `kubectl patch pdb NAME -p '{"spec":{"minAvailable":N}}'` (merge or strategic; `null` removes a
/// field). The API server refuses a budget with both fields set.
fn patch_pdb(sim: &mut Sim, target: &Target, v: &serde_json::Value, patch_type: Option<PatchType>, dry_run: Option<DryRun>) -> Output {
    use crate::sim::scenario::IntOrPercent;
    if patch_type == Some(PatchType::Json) {
        return Output::err("error: this lab patches a PodDisruptionBudget with a merge patch only (-p '{\"spec\":{\"minAvailable\":N}}')".to_string());
    }
    let Some(mut spec) = sim.pdb_spec().cloned() else { return not_found(target.kind, &target.name) };
    let Some(obj) = v.get("spec").and_then(|s| s.as_object()) else {
        return Output::err("error: this lab patches a PodDisruptionBudget's spec.minAvailable or spec.maxUnavailable only".to_string());
    };
    let parse = |x: &serde_json::Value| -> Result<Option<IntOrPercent>, String> {
        match x {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()).map(|n| Some(IntOrPercent::Int(n))).ok_or_else(|| format!("invalid value {n}")),
            serde_json::Value::String(t) => t
                .strip_suffix('%')
                .and_then(|p| p.parse::<u32>().ok())
                .filter(|p| *p <= 100)
                .map(|p| Some(IntOrPercent::Percent(p)))
                .ok_or_else(|| format!("invalid value {t:?}")),
            other => Err(format!("invalid value {}", crate::json_indent::compact(other))),
        }
    };
    let before = spec.clone();
    for (k, x) in obj {
        let val = match parse(x) {
            Ok(val) => val,
            Err(e) => return Output::err(format!("The PodDisruptionBudget \"{}\" is invalid: spec.{k}: {e}", target.name)),
        };
        match k.as_str() {
            "minAvailable" => spec.min_available = val,
            "maxUnavailable" => spec.max_unavailable = val,
            _ => return Output::err("error: this lab patches a PodDisruptionBudget's spec.minAvailable or spec.maxUnavailable only".to_string()),
        }
    }
    if spec.min_available.is_some() && spec.max_unavailable.is_some() {
        return Output::err(format!("The PodDisruptionBudget \"{}\" is invalid: spec: Invalid value: minAvailable and maxUnavailable cannot be both set", target.name));
    }
    let printed = format!("{}/{}", target.kind.printed(), target.name);
    if spec == before {
        return Output::ok(format!("{printed} {}", dry("patched (no change)", dry_run)));
    }
    if dry_run.is_none() {
        sim.set_pdb_spec(spec);
    }
    Output::ok(format!("{printed} {}", dry("patched", dry_run)))
}

/// `node/NAME cordoned` (or `uncordoned`, `already cordoned`), cordoning unless a dry run.
fn cordon_line(sim: &mut Sim, node: &str, unschedulable: bool, dry_run: Option<DryRun>) -> String {
    let already = sim.nodes().iter().any(|n| n.name == node && n.unschedulable == unschedulable);
    let verb = match (already, unschedulable) {
        (true, true) => "already cordoned",
        (true, false) => "already uncordoned",
        (false, true) => "cordoned",
        (false, false) => "uncordoned",
    };
    if dry_run.is_none() && !already {
        sim.set_node_unschedulable(node, unschedulable);
    }
    format!("node/{node} {}", dry(verb, dry_run))
}

/// `kubectl drain NODE`: cordon, then evict every pod on the node through the eviction API (or
/// delete them with `--disable-eviction`, which skips PodDisruptionBudgets). Real kubectl retries a
/// refused eviction every 5 s until `--timeout`; the console makes one attempt, prints kubectl's
/// retry line and leaves the node cordoned, so running `drain` again is the retry.
fn drain(sim: &mut Sim, node: &str, disable_eviction: bool, dry_run: Option<DryRun>) -> Output {
    if !sim.nodes().iter().any(|n| n.name == node) {
        return not_found(ResourceKind::Node, node);
    }
    let ns = sim.scenario().cluster.namespace.clone();
    let mut out = vec![cordon_line(sim, node, true, dry_run)];
    let pods = sim.pods_on_node(node);
    let mut results = Vec::new();
    let mut blocked = false;
    for name in &pods {
        if disable_eviction {
            if dry_run.is_none() {
                sim.delete_pod(name);
            }
            results.push(format!("pod/{name} {}", dry("deleted", dry_run)));
            continue;
        }
        out.push(format!("evicting pod {ns}/{name}{}", dry_run.map_or("", DryRun::suffix)));
        if dry_run.is_some() {
            results.push(format!("pod/{name} {}", dry("evicted", dry_run)));
            continue;
        }
        match sim.evict_pod(name) {
            Ok(()) => results.push(format!("pod/{name} evicted")),
            Err(crate::sim::pdb::EvictError::NotFound) => {}
            Err(crate::sim::pdb::EvictError::Budget) => {
                blocked = true;
                results.push(format!("error when evicting pods/\"{name}\" -n \"{ns}\" (will retry after 5s): {}", crate::sim::pdb::EVICT_BUDGET_MESSAGE));
            }
        }
    }
    out.extend(results);
    if blocked {
        return Output::err(out.join("\n"));
    }
    out.push(format!("node/{node} {}", dry("drained", dry_run)));
    Output::ok(out.join("\n"))
}

/// Go's `time.Duration` text for whole seconds (`1m30s`, `2h0m5s`).
fn go_duration(secs: i64) -> String {
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    }
}

/// `kubectl top pods|nodes`: CPU from each pod's share of its version's requests over the last
/// minute, memory from the time its container has run (a leaking build grows toward its limit).
fn top(sim: &Sim, kind: TopKind, name: Option<&str>, selector: Option<&str>) -> Output {
    let tick = sim.tick();
    let pod_usage = |p: &crate::sim::cluster::Pod| -> Option<(u64, u64)> {
        if p.phase != PodPhase::Running || p.node.is_none_or(|n| sim.nodes().get(n).is_none_or(|x| !x.ready)) {
            return None;
        }
        let ready_of_version = sim.pods().iter().filter(|q| q.vid == p.vid && q.ready).count().max(1) as f64;
        let rps = sim.metrics().window_for_version(p.vid, tick, 60).map_or(0.0, |w| w.rps);
        let cpu = 5 + ((rps / ready_of_version) * 2.0).round() as u64;
        let traits = sim.traits.get(p.vid).cloned().unwrap_or_default();
        let up = u64::from(tick.saturating_sub(p.started_at));
        let mem = match traits.oom_after {
            Some(o) if o > 0 => 180 + (up * 330 / u64::from(o)).min(330),
            _ => 180 + (up / 600).min(20),
        };
        Some((cpu, mem))
    };
    match kind {
        TopKind::Pods => {
            let mut pods: Vec<&crate::sim::cluster::Pod> = sim.pods().iter().filter(|p| name.is_none_or(|n| n == p.name)).collect();
            if let Some(sel) = selector {
                let names = match selected(sim, ResourceKind::Pod, sel) {
                    Ok(n) => n,
                    Err(o) => return o,
                };
                pods.retain(|p| names.contains(&p.name));
            }
            crate::sort::sort_by(&mut pods, |a, b| a.name.cmp(&b.name));
            let listed: Vec<(String, i64)> = pods.iter().map(|p| (p.name.clone(), p.created)).collect();
            let mut rows = vec![row(&["NAME", "CPU(cores)", "MEMORY(bytes)"])];
            for p in pods {
                if let Some((cpu, mem)) = pod_usage(p) {
                    rows.push(vec![p.name.clone(), format!("{cpu}m"), format!("{mem}Mi")]);
                }
            }
            if rows.len() == 1 {
                // top_pod.go: nothing listed is "No resources found"; else a pod older than the
                // metrics delay (2 minutes) has no metrics, or they are not ready yet.
                let ns = &sim.scenario().cluster.namespace;
                let Some(first) = listed.first() else {
                    return nothing_found(ResourceKind::Pod, name, &ns);
                };
                let age = i64::from(tick) - first.1;
                return if age > 120 {
                    Output::err(format!("error: Metrics not available for pod {ns}/{}, age: {}", first.0, go_duration(age)))
                } else {
                    Output::err("error: metrics not available yet")
                };
            }
            Output::ok(super::table::kubectl_table(&rows))
        }
        TopKind::Nodes => {
            let mut rows = vec![row(&["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"])];
            let mut found = false;
            for (i, n) in sim.nodes().iter().enumerate() {
                if name.is_some_and(|x| x != n.name) {
                    continue;
                }
                found = true;
                if !n.ready {
                    rows.push(vec![n.name.clone(), "<unknown>".into(), "<unknown>".into(), "<unknown>".into(), "<unknown>".into()]);
                    continue;
                }
                let (mut cpu, mut mem) = (150u64, 1200u64);
                for p in sim.pods().iter().filter(|p| p.node == Some(i)) {
                    if let Some((c, m)) = pod_usage(p) {
                        cpu += c;
                        mem += m;
                    }
                }
                rows.push(vec![n.name.clone(), format!("{cpu}m"), format!("{}%", cpu * 100 / 4000), format!("{mem}Mi"), format!("{}%", mem * 100 / 16_384)]);
            }
            if !found {
                return Output::err(format!("Error from server (NotFound): nodes.metrics.k8s.io \"{}\" not found", name.unwrap_or_default()));
            }
            Output::ok(super::table::kubectl_table(&rows))
        }
    }
}

/// What a patch asks of the simulated objects, whatever its type.
#[derive(Default)]
struct PatchIntent {
    image: Option<String>,
    replicas: Option<u32>,
    paused: Option<bool>,
    data: serde_json::Map<String, serde_json::Value>,
    selector_version: Option<String>,
    partition: Option<u32>,
}

/// Reads a strategic or merge patch (`{"spec":{…}}`) into an intent.
fn merge_intent(v: &serde_json::Value, app: &str) -> Result<PatchIntent, String> {
    let mut i = PatchIntent::default();
    if let Some(cs) = v.pointer("/spec/template/spec/containers").and_then(|c| c.as_array()) {
        for c in cs {
            if let Some(name) = c.get("name").and_then(|n| n.as_str())
                && name != app
            {
                return Err(format!("error: unable to find container named \"{name}\""));
            }
            if let Some(img) = c.get("image").and_then(|x| x.as_str()) {
                i.image = Some(img.to_string());
            }
        }
    }
    if let Some(r) = v.pointer("/spec/replicas") {
        i.replicas = Some(r.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or("error: spec.replicas must be a whole number")?);
    }
    if let Some(p) = v.pointer("/spec/paused") {
        i.paused = Some(p.as_bool().ok_or("error: spec.paused must be true or false")?);
    }
    if let Some(p) = v.pointer("/spec/updateStrategy/rollingUpdate/partition") {
        i.partition = Some(partition_value(p)?);
    }
    if let Some(d) = v.get("data").and_then(|d| d.as_object()) {
        i.data = d.clone();
    }
    if let Some(ver) = v.pointer("/spec/selector/version").and_then(|x| x.as_str()) {
        i.selector_version = Some(ver.to_string());
    }
    Ok(i)
}

/// `spec.updateStrategy.rollingUpdate.partition`: an int32 the API server validates as 0 or more.
fn partition_value(v: &serde_json::Value) -> Result<u32, String> {
    match v.as_i64() {
        Some(n) if n < 0 => Err(format!(
            "The StatefulSet \"{{name}}\" is invalid: spec.updateStrategy.rollingUpdate.partition: Invalid value: {n}: must be greater than or equal to 0"
        )),
        Some(n) => u32::try_from(n).map_err(|_| "error: spec.updateStrategy.rollingUpdate.partition must be a whole number".to_string()),
        None => Err("error: spec.updateStrategy.rollingUpdate.partition must be a whole number".to_string()),
    }
}

/// Reads an RFC 6902 patch (`[{"op":"replace","path":…,"value":…}]`) into an intent.
fn json_patch_intent(v: &serde_json::Value, patch: &str) -> Result<PatchIntent, String> {
    let Some(ops) = v.as_array() else {
        return Err(format!("error: unable to parse \"{patch}\": json: cannot unmarshal object into Go value of type jsonpatch.Patch"));
    };
    let mut i = PatchIntent::default();
    for op in ops {
        let kind = op.get("op").and_then(|x| x.as_str()).unwrap_or("");
        let path = op.get("path").and_then(|x| x.as_str()).unwrap_or("");
        let value = op.get("value");
        if !matches!(kind, "replace" | "add") {
            return Err(format!("error: this lab's console applies \"replace\" and \"add\" operations only, not {kind:?}"));
        }
        let Some(value) = value else {
            return Err(format!("error: unable to apply the patch: missing value for the {kind} operation at {path}"));
        };
        if path == "/spec/template/spec/containers/0/image" {
            i.image = Some(value.as_str().ok_or("error: the image must be a string")?.to_string());
        } else if path == "/spec/replicas" {
            i.replicas = Some(value.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or("error: spec.replicas must be a whole number")?);
        } else if path == "/spec/updateStrategy/rollingUpdate/partition" {
            i.partition = Some(partition_value(value)?);
        } else if path == "/spec/paused" {
            i.paused = Some(value.as_bool().ok_or("error: spec.paused must be true or false")?);
        } else if path == "/spec/selector/version" {
            i.selector_version = Some(value.as_str().ok_or("error: the selector must be a string")?.to_string());
        } else if let Some(key) = path.strip_prefix("/data/") {
            i.data.insert(key.replace("~1", "/").replace("~0", "~"), value.clone());
        } else {
            return Err(format!(
                "error: this lab's console patches {path:?} nowhere; it applies JSON patches to /spec/template/spec/containers/0/image, /spec/replicas, /spec/paused, /spec/selector/version /spec/updateStrategy/rollingUpdate/partition and /data/KEY"
            ));
        }
    }
    Ok(i)
}

fn patch_object(sim: &mut Sim, target: &Target, patch: &str, patch_type: Option<PatchType>, dry_run: Option<DryRun>) -> Output {
    let v: serde_json::Value = match serde_json::from_str(patch) {
        Ok(v) => v,
        Err(_) => return Output::err(format!("error: unable to parse \"{patch}\": yaml: did not find expected node content")),
    };
    if target.kind == ResourceKind::PodDisruptionBudget {
        return patch_pdb(sim, target, &v, patch_type, dry_run);
    }
    let app = sim.scenario().app.name.clone();
    let intent = match patch_type {
        Some(PatchType::Json) => json_patch_intent(&v, patch),
        _ => merge_intent(&v, &app),
    };
    let intent = match intent {
        Ok(i) => i,
        // The API server's validation error names the object (the reader cannot know it).
        Err(e) => return Output::err(e.replace("{name}", &target.name)),
    };
    let printed = format!("{}/{}", target.kind.printed(), target.name);
    let mut changed = false;
    if intent.partition.is_some() && target.kind != ResourceKind::StatefulSet {
        return Output::err(format!("error: {} have no spec.updateStrategy.rollingUpdate.partition in this lab", target.kind.plural()));
    }
    match target.kind {
        ResourceKind::StatefulSet => {
            if !intent.data.is_empty() || intent.selector_version.is_some() || intent.paused.is_some() {
                return Output::err("error: this lab patches a StatefulSet's image, replicas and partition only".to_string());
            }
            if let Some(img) = &intent.image {
                let Some(tag) = parse_image(sim, img) else {
                    return Output::err(format!("error: invalid reference format: \"{img}\""));
                };
                if sim.version_name(sim.current_template_vid()) != tag {
                    changed = true;
                    if dry_run.is_none() {
                        sim.set_workload_image(&tag, None);
                    }
                }
            }
            if let Some(r) = intent.replicas {
                if r > 1000 {
                    return Output::err(format!("error: this lab's cluster cannot run more than 1000 replicas (asked for {r})"));
                }
                if sim.statefulset().map(|s| s.replicas) != Some(r) {
                    changed = true;
                    if dry_run.is_none() {
                        sim.statefulset_scale(r);
                    }
                }
            }
            if let Some(p) = intent.partition
                && sim.statefulset().map(|s| s.partition) != Some(p)
            {
                changed = true;
                if dry_run.is_none() {
                    sim.statefulset_set_partition(p);
                }
            }
        }
        ResourceKind::Deployment | ResourceKind::Rollout => {
            if !intent.data.is_empty() || intent.selector_version.is_some() {
                return Output::err(format!("error: {} has no data or selector.version to patch in this lab", target.kind.plural()));
            }
            if let Some(img) = &intent.image {
                let Some(tag) = parse_image(sim, img) else {
                    return Output::err(format!("error: invalid reference format: \"{img}\""));
                };
                if sim.image_of(sim.current_template_vid()) != *img && sim.version_name(sim.current_template_vid()) != tag {
                    changed = true;
                    if dry_run.is_none() {
                        sim.set_workload_image(&tag, None);
                    }
                }
            }
            if let Some(r) = intent.replicas {
                if r > 1000 {
                    return Output::err(format!("error: this lab's cluster cannot run more than 1000 replicas (asked for {r})"));
                }
                let current = sim.deployment().map(|d| d.replicas).or_else(|| sim.rollout().map(|r| r.replicas));
                if current != Some(r) {
                    changed = true;
                    if dry_run.is_none() {
                        sim.scale_workload(r);
                    }
                }
            }
            if let Some(p) = intent.paused {
                let current = sim.deployment().map(|d| d.paused).or_else(|| sim.rollout().map(|r| r.paused)).unwrap_or(false);
                if current != p {
                    changed = true;
                    if dry_run.is_none() {
                        match (target.kind, p) {
                            (ResourceKind::Deployment, true) => sim.pause_deployment(),
                            (ResourceKind::Deployment, false) => sim.resume_deployment(),
                            (_, true) => sim.pause_rollout(),
                            (_, false) => sim.promote_rollout(false),
                        }
                    }
                }
            }
        }
        ResourceKind::ConfigMap => {
            if intent.image.is_some() || intent.replicas.is_some() || intent.paused.is_some() || intent.selector_version.is_some() {
                return Output::err("error: this lab supports patching a ConfigMap's data only".to_string());
            }
            if !intent.data.is_empty() {
                let current = sim.configmaps().iter().find(|c| c.name == target.name).map(|c| c.data.clone()).unwrap_or_default();
                changed = intent.data.iter().any(|(k, val)| match val {
                    serde_json::Value::Null => current.contains_key(k),
                    serde_json::Value::String(s) => current.get(k) != Some(s),
                    other => current.get(k) != Some(&crate::json_indent::compact(other)),
                });
                if changed && dry_run.is_none() {
                    sim.patch_configmap(&target.name, &intent.data);
                }
            }
        }
        ResourceKind::Service => {
            let Some(version) = intent.selector_version else {
                return Output::err("error: this lab supports patching a Service's spec.selector.version only".to_string());
            };
            changed = true;
            if dry_run.is_none() {
                sim.select_service_version(&target.name, &version);
            }
        }
        other => return Output::err(format!("error: patching {} is not supported in this lab (use set image, scale or rollout)", other.plural())),
    }
    let op = if changed { "patched" } else { "patched (no change)" };
    Output::ok(format!("{printed} {}", dry(op, dry_run)))
}

/// A ReplicaSet's pod template as kubectl's `DescribePodTemplate` prints it (what `rollout history
/// --revision=N` and a client dry run of `rollout undo` show).
fn pod_template_text(sim: &Sim, rs: &crate::sim::cluster::ReplicaSet) -> String {
    let app = &sim.scenario().app.name;
    format!(
        "Pod Template:\n  Labels:\tapp={app}\n\tpod-template-hash={}\n  Containers:\n   {app}:\n    Image:\t{}\n    Port:\t8080/TCP\n    Environment Variables from:\n      {app}-config\tConfigMap\tOptional: false",
        rs.hash,
        sim.image_of(rs.template.vid)
    )
}

/// A ControllerRevision's pod template as `DescribePodTemplate` prints it (`rollout history
/// --revision=N`, a client dry run of `rollout undo`).
fn sts_template_text(sim: &Sim, vid: usize) -> String {
    let app = &sim.scenario().app.name;
    format!(
        "Pod Template:\n  Labels:\tapp={app}\n  Containers:\n   {app}:\n    Image:\t{}\n    Port:\t8080/TCP\n    Environment Variables from:\n      {app}-config\tConfigMap\tOptional: false\n    Mounts:\n      /data from data (rw)",
        sim.image_of(vid)
    )
}

/// `kubectl rollout status|history|undo|restart|pause|resume statefulset/NAME`.
fn exec_sts_rollout(sim: &mut Sim, cmd: &Kubectl, name: &str) -> Output {
    match cmd {
        Kubectl::RolloutStatus { .. } => Output::ok(sim.statefulset_rollout_status().0),
        Kubectl::RolloutHistory { revision, .. } => {
            let revs = sim.controller_revisions();
            if revs.is_empty() {
                return Output::ok(format!("statefulset.apps/{name} \nNo rollout history found."));
            }
            if let Some(r) = revision {
                let Some(cr) = revs.iter().find(|x| x.revision == *r) else {
                    return Output::err("error: unable to find the specified revision".to_string());
                };
                let vid = cr.template.vid;
                return Output::ok(format!("statefulset.apps/{name} with revision #{r}\n{}", sts_template_text(sim, vid)));
            }
            let mut rows = vec![row(&["REVISION", "CHANGE-CAUSE"])];
            for r in revs {
                rows.push(vec![r.revision.to_string(), r.change_cause.clone().unwrap_or_else(|| "<none>".to_string())]);
            }
            Output::ok(format!("statefulset.apps/{name} \n{}\n", super::table::columns(&rows, 2, 0)))
        }
        Kubectl::RolloutUndo { to_revision, dry_run, .. } => {
            if *dry_run == Some(DryRun::Client) {
                return match sim.statefulset_undo_target(*to_revision) {
                    Ok(cr) => Output::ok(format!("statefulset.apps/{name} {}\n (dry run)", sts_template_text(sim, cr.template.vid))),
                    Err(e) => Output::err(e),
                };
            }
            let server = *dry_run == Some(DryRun::Server);
            let suffix = if server { " (server dry run)" } else { "" };
            match sim.statefulset_undo(*to_revision, server) {
                Ok(true) => Output::ok(format!("statefulset.apps/{name} rolled back{suffix}")),
                Ok(false) => Output::ok(format!(
                    "statefulset.apps/{name} skipped rollback (current template already matches revision {}){suffix}",
                    to_revision.unwrap_or(0)
                )),
                Err(e) => Output::err(e),
            }
        }
        Kubectl::RolloutRestart { .. } => {
            let t = sim.current_template();
            sim.statefulset_set_template(crate::sim::cluster::Template { vid: t.vid, restart_gen: t.restart_gen + 1 }, None);
            Output::ok(format!("statefulset.apps/{name} restarted"))
        }
        Kubectl::RolloutPause { .. } => Output::err(format!("error: statefulsets.apps \"{name}\" pausing is not supported")),
        Kubectl::RolloutResume { .. } => Output::err(format!("error: statefulsets.apps \"{name}\" resuming is not supported")),
        _ => Output::err("error: unsupported".to_string()),
    }
}

fn exec_rollout(sim: &mut Sim, cmd: &Kubectl, name: &str) -> Output {
    match cmd {
        Kubectl::RolloutStatus { .. } => {
            let (line, is_err) = sim.deployment_rollout_status();
            Output { text: line, is_error: is_err }
        }
        Kubectl::RolloutHistory { revision, .. } => {
            let mut revs: Vec<&crate::sim::cluster::ReplicaSet> = sim.replicasets().iter().collect();
            crate::sort::sort_by_key(&mut revs, |r| r.revision);
            if let Some(r) = revision {
                let Some(rs) = revs.iter().find(|x| x.revision == *r) else {
                    return Output::err("error: unable to find the specified revision".to_string());
                };
                return Output::ok(format!("deployment.apps/{name} with revision #{r}\n{}", pod_template_text(sim, rs)));
            }
            if revs.is_empty() {
                return Output::ok(format!("No rollout history found in deployment.apps \"{name}\""));
            }
            let mut rows = vec![row(&["REVISION", "CHANGE-CAUSE"])];
            for r in revs {
                rows.push(vec![r.revision.to_string(), r.change_cause.clone().unwrap_or_else(|| "<none>".to_string())]);
            }
            Output::ok(format!("deployment.apps/{name} \n{}\n", super::table::columns(&rows, 2, 0)))
        }
        Kubectl::RolloutUndo { to_revision, dry_run, .. } => {
            if *dry_run == Some(DryRun::Client) {
                // kubectl's client dry run looks the revision up, then prints its pod template as
                // the operation: "deployment.apps/NAME <template> (dry run)"; nothing is sent.
                return match sim.deployment_undo_target(*to_revision) {
                    Ok(rs) => Output::ok(format!("deployment.apps/{name} {}\n (dry run)", pod_template_text(sim, &rs))),
                    Err(e) => Output::err(e),
                };
            }
            match sim.deployment_undo(*to_revision, *dry_run == Some(DryRun::Server)) {
                Ok(s) => Output::ok(s),
                Err(e) => Output::err(e),
            }
        }
        Kubectl::RolloutPause { .. } => {
            let Some(d) = sim.deployment() else { return not_found(ResourceKind::Deployment, name) };
            if d.paused {
                return Output::err(format!("error: deployments.apps \"{name}\" is already paused"));
            }
            sim.pause_deployment();
            Output::ok(format!("deployment.apps/{name} paused"))
        }
        Kubectl::RolloutResume { .. } => {
            let Some(d) = sim.deployment() else { return not_found(ResourceKind::Deployment, name) };
            if !d.paused {
                return Output::err(format!("error: deployments.apps \"{name}\" is not paused"));
            }
            sim.resume_deployment();
            Output::ok(format!("deployment.apps/{name} resumed"))
        }
        Kubectl::RolloutRestart { .. } => {
            let Some(d) = sim.deployment() else { return not_found(ResourceKind::Deployment, name) };
            if d.paused {
                return Output::err(format!("error: deployments.apps \"{name}\" can't restart paused deployment (run rollout resume first)"));
            }
            sim.restart_deployment();
            Output::ok(format!("deployment.apps/{name} restarted"))
        }
        _ => Output::err("error: unsupported".to_string()),
    }
}
