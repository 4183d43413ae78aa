//! `kubectl` against the simulated cluster: get, describe, logs, rollout, set image, scale, patch, delete.
//!
//! Architecture invariant: output text follows kubectl to the character for everything covered by
//! `rollout-fidelity.md` (confirmations, errors, `rollout status` lines, table layouts).

use std::collections::BTreeMap;

use super::command::{Kubectl, OutputFormat, ResourceKind, Target};
use super::table::{clock, human_duration, kubectl_table};
use crate::sim::cluster::{PodPhase, Selector};
use crate::sim::event::Source;
use crate::sim::simulator::{Output, Sim};

fn not_found(kind: ResourceKind, name: &str) -> Output {
    Output::err(format!("Error from server (NotFound): {} \"{name}\" not found", kind.api_name()))
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_string()).collect()
}

fn age(sim: &Sim, created: i64) -> String {
    human_duration(i64::from(sim.tick()) - created)
}

fn pod_labels(sim: &Sim, p: &crate::sim::cluster::Pod) -> BTreeMap<String, String> {
    let hash = sim.rs_index(p.rs_uid).and_then(|i| sim.replicasets().get(i)).map(|r| r.hash.clone()).unwrap_or_default();
    BTreeMap::from([
        ("app".to_string(), sim.scenario().app.name.clone()),
        ("pod-template-hash".to_string(), hash),
        ("version".to_string(), sim.version_name(p.vid).to_string()),
    ])
}

fn pod_ip(name: &str) -> String {
    let h = crate::sim::event::fnv_str(name);
    format!("10.244.{}.{}", (h >> 8) % 4, 2 + h % 250)
}

fn pod_ready_str(p: &crate::sim::cluster::Pod) -> &'static str {
    if p.ready { "1/1" } else { "0/1" }
}

fn pod_restarts_str(sim: &Sim, p: &crate::sim::cluster::Pod) -> String {
    match p.last_restart {
        Some(t) if p.restarts > 0 => format!("{} ({} ago)", p.restarts, human_duration(i64::from(sim.tick() - t.min(sim.tick())))),
        _ => p.restarts.to_string(),
    }
}

fn has_kind(sim: &Sim, kind: ResourceKind) -> bool {
    match kind {
        ResourceKind::Deployment => sim.deployment().is_some(),
        ResourceKind::Rollout | ResourceKind::AnalysisRun => sim.rollout().is_some(),
        _ => true,
    }
}

fn get_table(sim: &Sim, kind: ResourceKind, name: Option<&str>, output: Option<OutputFormat>, selector: Option<&str>) -> Output {
    let wide = output == Some(OutputFormat::Wide);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let app = sim.scenario().app.name.clone();
    let sel: Vec<(String, String)> = selector
        .map(|s| s.split(',').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.trim_end_matches('=').to_string(), v.to_string())).collect())
        .unwrap_or_default();
    match kind {
        ResourceKind::Pod => {
            let mut header = row(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
            if wide {
                header.extend(row(&["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]));
            }
            rows.push(header);
            let mut pods: Vec<&crate::sim::cluster::Pod> = sim.pods().iter().collect();
            pods.sort_by(|a, b| a.name.cmp(&b.name));
            for p in pods {
                if name.is_some_and(|n| n != p.name) {
                    continue;
                }
                let labels = pod_labels(sim, p);
                if !sel.iter().all(|(k, v)| labels.get(k) == Some(v)) {
                    continue;
                }
                names.push(format!("pod/{}", p.name));
                let mut r = vec![p.name.clone(), pod_ready_str(p).to_string(), p.phase.as_str().to_string(), pod_restarts_str(sim, p), age(sim, p.created)];
                if wide {
                    let node = p.node.and_then(|n| sim.nodes().get(n)).map_or("<none>".to_string(), |n| n.name.clone());
                    let ip = if p.node.is_some() && p.phase != PodPhase::Pending { pod_ip(&p.name) } else { "<none>".to_string() };
                    r.extend([ip, node, "<none>".to_string(), "<none>".to_string()]);
                }
                rows.push(r);
            }
        }
        ResourceKind::Deployment => {
            if let Some(d) = &sim.deployment() {
                let mut header = row(&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
                if wide {
                    header.extend(row(&["CONTAINERS", "IMAGES", "SELECTOR"]));
                }
                rows.push(header);
                if name.is_none_or(|n| n == d.name) {
                    let st = sim.deployment_status();
                    names.push(format!("deployment.apps/{}", d.name));
                    let mut r = vec![d.name.clone(), format!("{}/{}", st.available, d.replicas), st.updated.to_string(), st.available.to_string(), age(sim, d.created)];
                    if wide {
                        r.extend([app.clone(), sim.image_of(d.template.vid), format!("app={app}")]);
                    }
                    rows.push(r);
                }
            }
        }
        ResourceKind::ReplicaSet => {
            let mut header = row(&["NAME", "DESIRED", "CURRENT", "READY", "AGE"]);
            if wide {
                header.extend(row(&["CONTAINERS", "IMAGES", "SELECTOR"]));
            }
            rows.push(header);
            let mut sets: Vec<&crate::sim::cluster::ReplicaSet> = sim.replicasets().iter().collect();
            sets.sort_by(|a, b| a.name.cmp(&b.name));
            for rs in sets {
                if name.is_some_and(|n| n != rs.name) {
                    continue;
                }
                let (cur, ready) = sim.rs_pod_counts(rs.uid);
                names.push(format!("replicaset.apps/{}", rs.name));
                let mut r = vec![rs.name.clone(), rs.replicas.to_string(), cur.to_string(), ready.to_string(), age(sim, rs.created)];
                if wide {
                    r.extend([app.clone(), sim.image_of(rs.template.vid), format!("app={app},pod-template-hash={}", rs.hash)]);
                }
                rows.push(r);
            }
        }
        ResourceKind::Rollout => {
            if let Some(ro) = &sim.rollout() {
                rows.push(row(&["NAME", "DESIRED", "CURRENT", "UP-TO-DATE", "AVAILABLE", "AGE"]));
                if name.is_none_or(|n| n == ro.name) {
                    let mut cur = 0;
                    let mut avail = 0;
                    for rs in sim.replicasets() {
                        let (c, r) = sim.rs_pod_counts(rs.uid);
                        cur += c;
                        avail += r;
                    }
                    let upd = sim.rs_for_template(ro.template).and_then(|i| sim.replicasets().get(i)).map_or(0, |r| sim.rs_pod_counts(r.uid).0);
                    names.push(format!("rollout.argoproj.io/{}", ro.name));
                    rows.push(vec![ro.name.clone(), ro.replicas.to_string(), cur.to_string(), upd.to_string(), avail.to_string(), age(sim, ro.created)]);
                }
            }
        }
        ResourceKind::AnalysisRun => {
            rows.push(row(&["NAME", "STATUS", "AGE"]));
            if let Some(a) = sim.rollout().and_then(|r| r.analysis.as_ref())
                && name.is_none_or(|n| n == a.name) {
                    names.push(format!("analysisrun.argoproj.io/{}", a.name));
                    rows.push(vec![a.name.clone(), a.phase.as_str().to_string(), age(sim, i64::from(a.started))]);
                }
        }
        ResourceKind::Service => {
            rows.push(row(&["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]));
            let mut all: Vec<(String, String, String, i64)> = vec![("kubernetes".to_string(), "10.96.0.1".to_string(), "443/TCP".to_string(), -i64::from(sim.scenario().cluster.age.0) - 86_400)];
            for s in sim.services() {
                all.push((s.name.clone(), s.cluster_ip.clone(), "80/TCP".to_string(), -i64::from(sim.scenario().cluster.age.0)));
            }
            all.sort();
            for (n, ip, port, created) in all {
                if name.is_some_and(|x| x != n) {
                    continue;
                }
                names.push(format!("service/{n}"));
                rows.push(vec![n, "ClusterIP".to_string(), ip, "<none>".to_string(), port, age(sim, created)]);
            }
        }
        ResourceKind::Node => {
            rows.push(row(&["NAME", "STATUS", "ROLES", "AGE", "VERSION"]));
            for n in sim.nodes() {
                if name.is_some_and(|x| x != n.name) {
                    continue;
                }
                names.push(format!("node/{}", n.name));
                let status = if n.ready { "Ready" } else { "NotReady" };
                rows.push(vec![n.name.clone(), status.to_string(), "<none>".to_string(), age(sim, -i64::from(sim.scenario().cluster.age.0) - 86_400), "v1.30.4".to_string()]);
            }
        }
        ResourceKind::ConfigMap => {
            rows.push(row(&["NAME", "DATA", "AGE"]));
            for c in sim.configmaps() {
                if name.is_some_and(|x| x != c.name) {
                    continue;
                }
                names.push(format!("configmap/{}", c.name));
                rows.push(vec![c.name.clone(), c.data.len().to_string(), age(sim, c.created)]);
            }
            if output == Some(OutputFormat::Yaml) && name.is_some()
                && let Some(c) = sim.configmaps().iter().find(|c| Some(c.name.as_str()) == name) {
                    let mut s = String::from("apiVersion: v1\ndata:\n");
                    for (k, v) in &c.data {
                        s.push_str(&format!("  {k}: \"{v}\"\n"));
                    }
                    s.push_str(&format!("kind: ConfigMap\nmetadata:\n  name: {}\n  namespace: {}", c.name, sim.scenario().cluster.namespace));
                    return Output::ok(s);
                }
        }
        ResourceKind::Event => return get_events(sim),
    }
    if rows.len() <= 1 {
        return match name {
            Some(n) => not_found(kind, n),
            None => Output::ok(format!("No resources found in {} namespace.", sim.scenario().cluster.namespace)),
        };
    }
    if output == Some(OutputFormat::Name) {
        return Output::ok(names.join("\n"));
    }
    Output::ok(kubectl_table(&rows))
}

fn get_events(sim: &Sim) -> Output {
    // Aggregate repeats the way the event recorder does: (object, reason, message) → count.
    let mut agg: Vec<(u32, u32, u32, &'static str, String, String, String)> = Vec::new();
    let horizon = sim.tick().saturating_sub(3600);
    for e in sim.events().iter().filter(|e| matches!(e.source, Source::Kubernetes | Source::Argo) && e.tick >= horizon) {
        if let Some(a) = agg.iter_mut().find(|a| a.4 == e.reason && a.5 == e.object && a.6 == e.message) {
            a.0 = e.tick;
            a.2 += 1;
        } else {
            agg.push((e.tick, e.tick, 1, e.level.as_str(), e.reason.clone(), e.object.clone(), e.message.clone()));
        }
    }
    if agg.is_empty() {
        return Output::ok(format!("No resources found in {} namespace.", sim.scenario().cluster.namespace));
    }
    agg.sort_by_key(|a| a.0);
    let skip = agg.len().saturating_sub(60);
    let mut rows = vec![row(&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"])];
    for (last, first, count, level, reason, object, message) in agg.into_iter().skip(skip) {
        let seen = human_duration(i64::from(sim.tick() - last.min(sim.tick())));
        let seen = if count > 1 { format!("{seen} (x{count} over {})", human_duration(i64::from(sim.tick() - first.min(sim.tick())))) } else { seen };
        rows.push(vec![seen, level.to_string(), reason, object, message]);
    }
    Output::ok(kubectl_table(&rows))
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
                return match name {
                    Some(n) => not_found(kind, n),
                    None => Output::ok(format!("No resources found in {ns} namespace.")),
                };
            }
            let mut out = Vec::new();
            for p in pods {
                let labels = pod_labels(sim, p);
                let node = p.node.and_then(|n| sim.nodes().get(n)).map_or("<none>".to_string(), |n| format!("{}/10.0.0.{}", n.name, 10 + p.node.unwrap_or(0)));
                let rs = sim.rs_index(p.rs_uid).and_then(|i| sim.replicasets().get(i)).map(|r| r.name.clone()).unwrap_or_default();
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
                s.push_str(&format!("Name:             {}\nNamespace:        {ns}\nNode:             {node}\n", p.name));
                let mut first = true;
                for (k, v) in &labels {
                    s.push_str(if first { "Labels:           " } else { "                  " });
                    s.push_str(&format!("{k}={v}\n"));
                    first = false;
                }
                let status = if p.phase == PodPhase::Pending { "Pending" } else if p.phase == PodPhase::Terminating { "Terminating" } else { "Running" };
                s.push_str(&format!("Status:           {status}\nControlled By:    ReplicaSet/{rs}\nContainers:\n  {app}:\n    Image:          {}\n", sim.image_of(p.vid)));
                s.push_str(&format!("    State:          {state}\n"));
                if let Some(r) = reason {
                    s.push_str(&format!("      Reason:       {r}\n"));
                }
                if let Some(lt) = p.last_termination {
                    s.push_str(&format!("    Last State:     Terminated\n      Reason:       {lt}\n      Exit Code:    {}\n", if lt == "OOMKilled" { 137 } else { 1 }));
                }
                s.push_str(&format!(
                    "    Ready:          {}\n    Restart Count:  {}\n    Limits:\n      memory:  512Mi\n    Environment Variables from:\n      {app}-config  ConfigMap  Optional: false\nConditions:\n  Type              Status\n  Ready             {}\n",
                    if p.ready { "True" } else { "False" },
                    p.restarts,
                    if p.ready { "True" } else { "False" }
                ));
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
            s.push_str(&format!(
                "Pod Template:\n  Labels:  app={app}\n  Containers:\n   {app}:\n    Image:      {}\n    Port:       8080/TCP\n    Environment Variables from:\n      {app}-config  ConfigMap  Optional: false\n",
                sim.image_of(d.template.vid)
            ));
            let available = if st.available >= d.replicas.saturating_sub(d.max_unavailable.resolve(d.replicas, false)) { "True" } else { "False" };
            let avail_reason = if available == "True" { "MinimumReplicasAvailable" } else { "MinimumReplicasUnavailable" };
            // describe's PrefixWriter puts the indent inside the first cell, hence these widths.
            s.push_str("Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n");
            s.push_str(&format!("  {:<15}{:<8}{}\n", "Available", available, avail_reason));
            s.push_str(&format!("  {:<15}{:<8}{}\n", "Progressing", d.progressing.status, d.progressing.reason));
            s.push_str(&format!("OldReplicaSets:  {}\n", if olds.is_empty() { "<none>".to_string() } else { olds.join(", ") }));
            s.push_str(&format!(
                "NewReplicaSet:   {}\n",
                new_rs.map_or("<none>".to_string(), |r| format!("{} ({}/{} replicas created)", r.name, sim.rs_pod_counts(r.uid).0, r.replicas))
            ));
            s.push_str(&events_for(sim, &format!("deployment/{}", d.name)));
            Output::ok(s)
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
                    s.push_str(&format!("{k}:\n----\n{v}\n\n"));
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
                s.push_str(&format!("  Message:  {m}\n"));
            }
            s.push_str(&format!("  Metric Results:\n    Name:   {}\n    Phase:  {}\n    Measurements:\n", a.metric, a.phase.as_str()));
            let skip = a.measurements.len().saturating_sub(10);
            for m in a.measurements.iter().skip(skip) {
                match (m.value, &m.message) {
                    (Some(v), _) => s.push_str(&format!("      Value:  {v}   Phase: {}\n", m.phase.as_str())),
                    (None, Some(msg)) => s.push_str(&format!("      Message:  {msg}   Phase: {}\n", m.phase.as_str())),
                    (None, None) => s.push_str(&format!("      Value:  []   Phase: {}\n", m.phase.as_str())),
                }
            }
            s.push_str(&format!("    Successful:  {}\n    Failed:      {}\n    Consecutive Error:  {}", a.successful, a.failed, a.consecutive_errors));
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
        ResourceKind::Event => get_events(sim),
    }
}

fn logs(sim: &Sim, target: &Target, previous: bool, tail: Option<u32>) -> Output {
    let app = sim.scenario().app.name.clone();
    let pod = match target.kind {
        ResourceKind::Pod => sim.pods().iter().find(|p| p.name == target.name),
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
    let lines = log_lines(sim, p, previous);
    let n = tail.map_or(lines.len(), |t| t as usize);
    let skip = lines.len().saturating_sub(n);
    Output::ok(lines.into_iter().skip(skip).collect::<Vec<_>>().join("\n"))
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
                Some(f) => f.to_uppercase().chain(c).collect(),
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

/// Runs a kubectl command.
pub(crate) fn exec_kubectl(sim: &mut Sim, namespace: Option<&str>, cmd: &Kubectl) -> Output {
    let ns_ok = namespace.is_none_or(|n| n == sim.scenario().cluster.namespace);
    match cmd {
        Kubectl::Get { kinds, name, output, selector } => {
            if !ns_ok {
                return match name {
                    Some(n) => not_found(kinds.first().copied().unwrap_or(ResourceKind::Pod), n),
                    None => Output::ok(format!("No resources found in {} namespace.", namespace.unwrap_or_default())),
                };
            }
            let mut parts = Vec::new();
            let mut any_err = false;
            for k in kinds {
                if !has_kind(sim, *k) && kinds.len() > 1 {
                    continue;
                }
                let o = get_table(sim, *k, name.as_deref(), *output, selector.as_deref());
                any_err |= o.is_error;
                if kinds.len() > 1 && o.text.starts_with("No resources found") {
                    continue;
                }
                parts.push(o.text);
            }
            if parts.is_empty() {
                return Output::ok(format!("No resources found in {} namespace.", sim.scenario().cluster.namespace));
            }
            Output { text: parts.join("\n\n"), is_error: any_err }
        }
        Kubectl::Describe { kind, name } => {
            if !ns_ok {
                return not_found(*kind, name.as_deref().unwrap_or_default());
            }
            describe(sim, *kind, name.as_deref())
        }
        Kubectl::Logs { target, previous, tail } => {
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            logs(sim, target, *previous, *tail)
        }
        Kubectl::RolloutStatus { target } | Kubectl::RolloutHistory { target, .. } | Kubectl::RolloutUndo { target, .. }
        | Kubectl::RolloutPause { target } | Kubectl::RolloutResume { target } | Kubectl::RolloutRestart { target } => {
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            if let Err(o) = find_target_kind(sim, target) {
                return o;
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
        Kubectl::SetImage { target, container, image } => {
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            if let Err(o) = find_target_kind(sim, target) {
                return o;
            }
            if container != &sim.scenario().app.name {
                return Output::err(format!("error: unable to find container named \"{container}\""));
            }
            let Some(tag) = parse_image(sim, image) else {
                return Output::err(format!("error: invalid reference format: \"{image}\""));
            };
            match target.kind {
                ResourceKind::Deployment => {
                    sim.set_workload_image(&tag, Some(format!("kubectl set image deployment/{} {container}={image}", target.name)));
                    Output::ok(format!("deployment.apps/{} image updated", target.name))
                }
                ResourceKind::Rollout => {
                    sim.set_workload_image(&tag, None);
                    Output::ok(format!("rollout.argoproj.io/{} image updated", target.name))
                }
                other => Output::err(format!("error: {} \"{}\" has no pod template to update", other.api_name(), target.name)),
            }
        }
        Kubectl::Scale { target, replicas } => {
            if *replicas > 1000 {
                return Output::err(format!("error: this lab's cluster cannot run more than 1000 replicas (asked for {replicas})"));
            }
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            if let Err(o) = find_target_kind(sim, target) {
                return o;
            }
            match target.kind {
                ResourceKind::Deployment => {
                    sim.scale_workload(*replicas);
                    Output::ok(format!("deployment.apps/{} scaled", target.name))
                }
                ResourceKind::Rollout => {
                    sim.scale_workload(*replicas);
                    Output::ok(format!("rollout.argoproj.io/{} scaled", target.name))
                }
                ResourceKind::ReplicaSet => {
                    sim.scale_replicaset(&target.name, *replicas);
                    Output::ok(format!("replicaset.apps/{} scaled", target.name))
                }
                other => Output::err(format!("error: no scaler has been implemented for {{\"\" \"{}\"}}", other.singular())),
            }
        }
        Kubectl::Patch { target, patch } => {
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            if let Err(o) = find_target_kind(sim, target) {
                return o;
            }
            patch_object(sim, target, patch)
        }
        Kubectl::Delete { target } => {
            if !ns_ok {
                return not_found(target.kind, &target.name);
            }
            if let Err(o) = find_target_kind(sim, target) {
                return o;
            }
            match target.kind {
                ResourceKind::Pod => {
                    sim.delete_pod(&target.name);
                    Output::ok(format!("pod \"{}\" deleted", target.name))
                }
                ResourceKind::ReplicaSet => {
                    sim.delete_replicaset(&target.name);
                    Output::ok(format!("replicaset.apps \"{}\" deleted", target.name))
                }
                other => Output::err(format!("error: deleting {} is disabled in this lab", other.plural())),
            }
        }
    }
}

fn patch_object(sim: &mut Sim, target: &Target, patch: &str) -> Output {
    let v: serde_json::Value = match serde_json::from_str(patch) {
        Ok(v) => v,
        Err(_) => return Output::err(format!("error: unable to parse \"{patch}\": yaml: did not find expected node content")),
    };
    match target.kind {
        ResourceKind::ConfigMap => {
            let Some(data) = v.get("data").and_then(|d| d.as_object()) else {
                return Output::ok(format!("configmap/{} patched (no change)", target.name));
            };
            if sim.patch_configmap(&target.name, data) {
                Output::ok(format!("configmap/{} patched", target.name))
            } else {
                Output::ok(format!("configmap/{} patched (no change)", target.name))
            }
        }
        ResourceKind::Service => {
            let sel = v.pointer("/spec/selector/version").and_then(|x| x.as_str()).map(str::to_string);
            let Some(version) = sel else {
                return Output::err("error: this lab supports patching a Service's spec.selector.version only".to_string());
            };
            sim.select_service_version(&target.name, &version);
            Output::ok(format!("service/{} patched", target.name))
        }
        other => Output::err(format!("error: patching {} is not supported in this lab (use set image, scale or rollout)", other.plural())),
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
            revs.sort_by_key(|r| r.revision);
            if let Some(r) = revision {
                let Some(rs) = revs.iter().find(|x| x.revision == *r) else {
                    return Output::err("error: unable to find the specified revision".to_string());
                };
                let app = &sim.scenario().app.name;
                return Output::ok(format!(
                    "deployment.apps/{name} with revision #{r}\nPod Template:\n  Labels:\tapp={app}\n\tpod-template-hash={}\n  Containers:\n   {app}:\n    Image:\t{}\n    Port:\t8080/TCP\n    Environment Variables from:\n      {app}-config\tConfigMap\tOptional: false",
                    rs.hash,
                    sim.image_of(rs.template.vid)
                ));
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
        Kubectl::RolloutUndo { to_revision, .. } => match sim.deployment_undo(*to_revision) {
            Ok(s) => Output::ok(s),
            Err(e) => Output::err(e),
        },
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
