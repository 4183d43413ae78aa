//! `kubectl argo rollouts` against the simulated Rollout.
//!
//! Architecture invariant: confirmations and errors use the plugin's exact wording
//! (`rollout 'myapp' aborted`, `Error: rollouts.argoproj.io "x" not found`).

use super::command::Argo;
use super::table::{columns, human_duration};
use crate::sim::cluster::PodPhase;
use crate::sim::rollout::RolloutPhase;
use crate::sim::scenario::{CanaryStep, Strategy};
use crate::sim::simulator::{Output, Sim};

fn icon(phase: RolloutPhase) -> &'static str {
    match phase {
        RolloutPhase::Healthy => "✔",
        RolloutPhase::Progressing => "◌",
        RolloutPhase::Paused => "॥",
        RolloutPhase::Degraded => "✖",
    }
}

/// `kubectl argo rollouts get rollout NAME` (the tree view).
pub(crate) fn argo_get(sim: &Sim, name: &str) -> Output {
    let Some(ro) = sim.rollout().filter(|r| r.name == name) else {
        return Output::err(format!("Error: rollouts.argoproj.io \"{name}\" not found"));
    };
    let ns = &sim.scenario().cluster.namespace;
    let mut s = format!("Name:            {}\nNamespace:       {ns}\nStatus:          {} {}\n", ro.name, icon(ro.phase), ro.phase.as_str());
    if !ro.message.is_empty() && ro.phase != RolloutPhase::Healthy {
        s.push_str(&format!("Message:         {}\n", ro.message));
    }
    let new_uid = ro.new_uid;
    match ro.strategy {
        Strategy::Canary => {
            let total = ro.step_count();
            let set_weight = ro.canary.steps.iter().take(ro.step as usize).filter_map(|st| match st {
                CanaryStep::SetWeight(w) => Some(*w),
                CanaryStep::Pause(_) => None,
            }).next_back().unwrap_or(if new_uid.is_some() { 0 } else { 100 });
            let actual = if new_uid.is_some() { ro.effective_weight() } else { 100 };
            s.push_str(&format!(
                "Strategy:        Canary\n  Step:          {}/{total}\n  SetWeight:     {}\n  ActualWeight:  {actual}\n",
                ro.step.min(total),
                if ro.aborted { 0 } else { set_weight }
            ));
        }
        _ => s.push_str("Strategy:        BlueGreen\n"),
    }
    let stable_img = sim.rs_index(ro.stable_uid).and_then(|i| sim.replicasets().get(i)).map(|r| sim.image_of(r.template.vid)).unwrap_or_default();
    let label_new = if ro.strategy == Strategy::Canary { "canary" } else { "preview" };
    let label_stable = if ro.strategy == Strategy::Canary { "stable" } else { "stable, active" };
    s.push_str(&format!("Images:          {stable_img} ({label_stable})\n"));
    if let Some(u) = new_uid.filter(|_| !ro.aborted) {
        let img = sim.rs_index(u).and_then(|i| sim.replicasets().get(i)).map(|r| sim.image_of(r.template.vid)).unwrap_or_default();
        s.push_str(&format!("                 {img} ({label_new})\n"));
    }
    let mut cur = 0;
    let mut ready = 0;
    for rs in sim.replicasets() {
        let (c, r) = sim.rs_pod_counts(rs.uid);
        cur += c;
        ready += r;
    }
    let updated = sim.rs_for_template(ro.template).and_then(|i| sim.replicasets().get(i)).map_or(0, |r| sim.rs_pod_counts(r.uid).0);
    s.push_str(&format!(
        "Replicas:\n  Desired:       {}\n  Current:       {cur}\n  Updated:       {updated}\n  Ready:         {ready}\n  Available:     {ready}\n\n",
        ro.replicas
    ));
    let mut rows = vec![vec!["NAME".to_string(), "KIND".to_string(), "STATUS".to_string(), "AGE".to_string(), "INFO".to_string()]];
    rows.push(vec![format!("⟳ {}", ro.name), "Rollout".to_string(), format!("{} {}", icon(ro.phase), ro.phase.as_str()), human_duration(i64::from(sim.tick()) - ro.created), String::new()]);
    let mut sets: Vec<&crate::sim::cluster::ReplicaSet> = sim.replicasets().iter().collect();
    sets.sort_by_key(|r| std::cmp::Reverse(r.revision));
    let n = sets.len();
    for (i, rs) in sets.into_iter().enumerate() {
        let last = i + 1 == n;
        let (branch, indent) = if last { ("└──", "   ") } else { ("├──", "│  ") };
        rows.push(vec![format!("{branch}# revision:{}", rs.revision), String::new(), String::new(), String::new(), String::new()]);
        let (c, r) = sim.rs_pod_counts(rs.uid);
        let status = if rs.replicas == 0 && c == 0 {
            "• ScaledDown"
        } else if r >= rs.replicas && c == rs.replicas {
            "✔ Healthy"
        } else {
            "◌ Progressing"
        };
        let mut info = Vec::new();
        if rs.uid == ro.stable_uid {
            info.push(if ro.strategy == Strategy::BlueGreen { "stable,active" } else { "stable" });
        } else if Some(rs.uid) == new_uid {
            info.push(if ro.strategy == Strategy::BlueGreen { "preview" } else { "canary" });
        }
        if rs.scale_down_at.is_some() {
            info.push("delay");
        }
        rows.push(vec![format!("{indent}└──⧉ {}", rs.name), "ReplicaSet".to_string(), status.to_string(), human_duration(i64::from(sim.tick()) - rs.created), info.join(",")]);
        let pods: Vec<_> = sim.pods().iter().filter(|p| p.rs_uid == rs.uid).collect();
        let np = pods.len();
        for (j, p) in pods.into_iter().enumerate() {
            let pb = if j + 1 == np { "└──" } else { "├──" };
            let ps = match p.phase {
                PodPhase::Running if p.ready => "✔ Running".to_string(),
                PodPhase::Running => "◌ Running".to_string(),
                PodPhase::Pending | PodPhase::ContainerCreating => format!("◌ {}", p.phase.as_str()),
                PodPhase::Terminating => "◌ Terminating".to_string(),
                other => format!("✖ {}", other.as_str()),
            };
            let mut info = format!("ready:{}", if p.ready { "1/1" } else { "0/1" });
            if p.restarts > 0 {
                info.push_str(&format!(",restarts:{}", p.restarts));
            }
            rows.push(vec![format!("{indent}   {pb}□ {}", p.name), "Pod".to_string(), ps, human_duration(i64::from(sim.tick()) - p.created), info]);
        }
        if (Some(rs.uid) == new_uid || rs.uid == ro.stable_uid)
            && let Some(a) = ro.analysis.as_ref().filter(|a| a.name.starts_with(&rs.name)) {
                let st = match a.phase {
                    crate::sim::analysis::AnalysisPhase::Successful => "✔ Successful",
                    crate::sim::analysis::AnalysisPhase::Running => "◌ Running",
                    crate::sim::analysis::AnalysisPhase::Failed => "✖ Failed",
                    crate::sim::analysis::AnalysisPhase::Error => "⚠ Error",
                    crate::sim::analysis::AnalysisPhase::Inconclusive => "? Inconclusive",
                };
                rows.push(vec![
                    format!("{indent}└──α {}", a.name),
                    "AnalysisRun".to_string(),
                    st.to_string(),
                    human_duration(i64::from(sim.tick().saturating_sub(a.started))),
                    format!("✔ {},✖ {}", a.successful, a.failed),
                ]);
            }
    }
    s.push_str(&columns(&rows, 2, 0));
    Output::ok(s.trim_end().to_string())
}

/// Runs a `kubectl argo rollouts` command.
pub(crate) fn exec_argo(sim: &mut Sim, namespace: Option<&str>, cmd: &Argo) -> Output {
    let ns_ok = namespace.is_none_or(|n| n == sim.scenario().cluster.namespace);
    let name = match cmd {
        Argo::List => {
            let Some(ro) = sim.rollout().filter(|_| ns_ok) else {
                return Output::ok(format!("No resources found in {} namespace.", namespace.unwrap_or(&sim.scenario().cluster.namespace)));
            };
            let (status, _) = sim.rollout_status_line();
            let rows = vec![
                ["NAME", "STRATEGY", "STATUS", "STEP", "SET-WEIGHT", "READY", "DESIRED", "UP-TO-DATE", "AVAILABLE"].iter().map(|s| s.to_string()).collect(),
                vec![
                    ro.name.clone(),
                    if ro.strategy == Strategy::Canary { "Canary" } else { "BlueGreen" }.to_string(),
                    status.split(" - ").next().unwrap_or("").to_string(),
                    if ro.strategy == Strategy::Canary { format!("{}/{}", ro.step, ro.step_count()) } else { "-".to_string() },
                    if ro.strategy == Strategy::Canary { ro.effective_weight().to_string() } else { "-".to_string() },
                    format!("{}/{}", sim.pods().iter().filter(|p| p.ready).count(), ro.replicas),
                    ro.replicas.to_string(),
                    ro.replicas.to_string(),
                    sim.pods().iter().filter(|p| p.ready).count().to_string(),
                ],
            ];
            return Output::ok(columns(&rows, 1, 0));
        }
        Argo::Get { name }
        | Argo::Status { name }
        | Argo::Promote { name, .. }
        | Argo::Abort { name }
        | Argo::Undo { name, .. }
        | Argo::Retry { name }
        | Argo::Pause { name }
        | Argo::SetImage { name, .. } => name.clone(),
    };
    if !ns_ok || sim.rollout().is_none_or(|r| r.name != name) {
        return Output::err(format!("Error: rollouts.argoproj.io \"{name}\" not found"));
    }
    match cmd {
        Argo::Get { .. } => argo_get(sim, &name),
        Argo::Status { .. } => {
            let (line, err) = sim.rollout_status_line();
            match err {
                Some(e) => Output::err(format!("{line}\n{e}")),
                None => Output::ok(line),
            }
        }
        Argo::Promote { full, .. } => {
            sim.promote_rollout(*full);
            Output::ok(if *full { format!("rollout '{name}' fully promoted") } else { format!("rollout '{name}' promoted") })
        }
        Argo::Abort { .. } => {
            sim.rollout_abort(None);
            Output::ok(format!("rollout '{name}' aborted"))
        }
        Argo::Undo { to_revision, .. } => match sim.rollout_undo(*to_revision) {
            Ok(s) => Output::ok(s),
            Err(e) => Output::err(e),
        },
        Argo::Retry { .. } => {
            sim.rollout_retry();
            Output::ok(format!("rollout '{name}' retried"))
        }
        Argo::Pause { .. } => {
            sim.pause_rollout();
            Output::ok(format!("rollout '{name}' paused"))
        }
        Argo::SetImage { container, image, .. } => {
            if container != &sim.scenario().app.name {
                return Output::err(format!("Error: unable to find container named \"{container}\""));
            }
            let tag = match image.rsplit_once(':') {
                Some((repo, tag)) if !repo.is_empty() && !tag.is_empty() => {
                    if repo == sim.scenario().app.image { tag.to_string() } else { image.clone() }
                }
                _ => return Output::err(format!("Error: invalid reference format: \"{image}\"")),
            };
            sim.set_workload_image(&tag, None);
            Output::ok(format!("rollout \"{name}\" image updated"))
        }
        Argo::List => Output::ok(String::new()),
    }
}
