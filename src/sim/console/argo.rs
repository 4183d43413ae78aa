//! `kubectl argo rollouts` against the simulated Rollout.
//!
//! Architecture invariant: confirmations and errors use the plugin's exact wording
//! (`rollout 'myapp' aborted`, `Error: rollouts.argoproj.io "x" not found`).

use std::fmt::Write as _;

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

/// argo-rollouts' `GetCurrentSetWeight`: 0 once aborted, the maximum (100) past the last step,
/// else the last `setWeight` at or before the current step (0 if none).
fn current_set_weight(ro: &crate::sim::rollout::Rollout) -> u32 {
    if ro.aborted {
        return 0;
    }
    if ro.step >= ro.step_count() {
        return 100;
    }
    ro.canary
        .steps
        .iter()
        .take(ro.step as usize + 1)
        .filter_map(|st| match st {
            CanaryStep::SetWeight(w) => Some(*w),
            CanaryStep::Pause(_) => None,
        })
        .next_back()
        .unwrap_or(0)
}

/// The plugin's `getPrefixes`: the branch for a child and the indentation for its own children.
fn prefixes(is_last: bool, sub: &str) -> (String, String) {
    if is_last { (format!("{sub}└──"), format!("{sub}   ")) } else { (format!("{sub}├──"), format!("{sub}│  ")) }
}

/// `kubectl argo rollouts get rollout NAME` (the tree view).
pub(crate) fn argo_get(sim: &Sim, name: &str) -> Output {
    let Some(ro) = sim.rollout().filter(|r| r.name == name) else {
        return Output::err(format!("Error: rollouts.argoproj.io \"{name}\" not found"));
    };
    let ns = &sim.scenario().cluster.namespace;
    let mut s = format!("Name:            {}\nNamespace:       {ns}\nStatus:          {} {}\n", ro.name, icon(ro.phase), ro.phase.as_str());
    if !ro.message.is_empty() && ro.phase != RolloutPhase::Healthy {
        let _ = writeln!(s, "Message:         {}", ro.message);
    }
    let new_uid = ro.new_uid;
    match ro.strategy {
        Strategy::Canary => {
            let total = ro.step_count();
            let set_weight = current_set_weight(ro);
            let actual = if new_uid.is_some() { ro.effective_weight() } else { 100 };
            let _ = writeln!(
                s,
                "Strategy:        Canary\n  Step:          {}/{total}\n  SetWeight:     {}\n  ActualWeight:  {actual}",
                ro.step.min(total),
                set_weight
            );
        }
        _ => s.push_str("Strategy:        BlueGreen\n"),
    }
    let stable_img = sim.rs_index(ro.stable_uid).and_then(|i| sim.replicasets().get(i)).map(|r| sim.image_of(r.template.vid)).unwrap_or_default();
    let label_new = if ro.strategy == Strategy::Canary { "canary" } else { "preview" };
    let label_stable = if ro.strategy == Strategy::Canary { "stable" } else { "stable, active" };
    let _ = writeln!(s, "Images:          {stable_img} ({label_stable})");
    if let Some(u) = new_uid.filter(|_| !ro.aborted) {
        let img = sim.rs_index(u).and_then(|i| sim.replicasets().get(i)).map(|r| sim.image_of(r.template.vid)).unwrap_or_default();
        let _ = writeln!(s, "                 {img} ({label_new})");
    }
    let mut cur = 0;
    let mut ready = 0;
    for rs in sim.replicasets() {
        let (c, r) = sim.rs_pod_counts(rs.uid);
        cur += c;
        ready += r;
    }
    let updated = sim.rs_for_template(ro.template).and_then(|i| sim.replicasets().get(i)).map_or(0, |r| sim.rs_pod_counts(r.uid).0);
    let _ = writeln!(
        s,
        "Replicas:\n  Desired:       {}\n  Current:       {cur}\n  Updated:       {updated}\n  Ready:         {ready}\n  Available:     {ready}\n",
        ro.replicas
    );
    let mut rows = vec![vec!["NAME".to_string(), "KIND".to_string(), "STATUS".to_string(), "AGE".to_string(), "INFO".to_string()]];
    rows.push(vec![format!("⟳ {}", ro.name), "Rollout".to_string(), format!("{} {}", icon(ro.phase), ro.phase.as_str()), human_duration(i64::from(sim.tick()) - ro.created), String::new()]);
    // The plugin's tree (get_rollout.go): revisions newest first; under each, its ReplicaSets then
    // its AnalysisRuns, "├──" for all but the last child and "└──" for the last, the children of a
    // child indented by "│  " or "   " accordingly (getPrefixes).
    let mut sets: Vec<&crate::sim::cluster::ReplicaSet> = sim.replicasets().iter().collect();
    crate::sort::sort_by_key(&mut sets, |r| std::cmp::Reverse(r.revision));
    let analysis = ro.analysis.as_ref();
    let n = sets.len();
    for (i, rs) in sets.into_iter().enumerate() {
        let (prefix, subpfx) = prefixes(i + 1 == n, "");
        rows.push(vec![format!("{prefix}# revision:{}", rs.revision), String::new(), " ".to_string(), String::new(), String::new()]);
        let ar = analysis.filter(|a| (Some(rs.uid) == new_uid || rs.uid == ro.stable_uid) && a.name.starts_with(&rs.name));
        let children = 1 + usize::from(ar.is_some());
        let (_, r) = sim.rs_pod_counts(rs.uid);
        let status = if r < rs.replicas {
            "◌ Progressing"
        } else if rs.replicas == 0 {
            "• ScaledDown"
        } else {
            "✔ Healthy"
        };
        let mut info: Vec<String> = Vec::new();
        if rs.uid == ro.stable_uid {
            info.push("stable".to_string());
            if ro.strategy == Strategy::BlueGreen {
                info.push("active".to_string());
            }
        } else if Some(rs.uid) == new_uid {
            info.push(if ro.strategy == Strategy::BlueGreen { "preview" } else { "canary" }.to_string());
        }
        if let Some(at) = rs.scale_down_at {
            let left = i64::from(at) - i64::from(sim.tick());
            info.push(if left < 0 { "delay:passed".to_string() } else { format!("delay:{}", human_duration(left)) });
        }
        let (rs_prefix, rs_sub) = prefixes(children == 1, &subpfx);
        rows.push(vec![format!("{rs_prefix}⧉ {}", rs.name), "ReplicaSet".to_string(), status.to_string(), human_duration(i64::from(sim.tick()) - rs.created), info.join(",")]);
        let pods: Vec<_> = sim.pods().iter().filter(|p| p.rs_uid == rs.uid).collect();
        let np = pods.len();
        for (j, p) in pods.into_iter().enumerate() {
            let (pod_prefix, _) = prefixes(j + 1 == np, &rs_sub);
            let ps = match p.phase {
                PodPhase::Running if p.ready => "✔ Running".to_string(),
                PodPhase::Running => "◌ Running".to_string(),
                PodPhase::Pending | PodPhase::ContainerCreating => format!("◌ {}", p.phase.as_str()),
                PodPhase::Terminating => "◌ Terminating".to_string(),
                other => format!("✖ {}", other.as_str()),
            };
            let mut info = format!("ready:{}", if p.ready { "1/1" } else { "0/1" });
            if p.restarts > 0 {
                let _ = write!(info, ",restarts:{}", p.restarts);
            }
            rows.push(vec![format!("{pod_prefix}□ {}", p.name), "Pod".to_string(), ps, human_duration(i64::from(sim.tick()) - p.created), info]);
        }
        if let Some(a) = ar {
            use crate::sim::analysis::AnalysisPhase as P;
            let st = match a.phase {
                P::Successful => "✔ Successful",
                P::Running => "◌ Running",
                P::Failed => "✖ Failed",
                P::Error => "⚠ Error",
                P::Inconclusive => "? Inconclusive",
            };
            let count = |ph: P| a.measurements.iter().filter(|m| m.phase == ph).count();
            let mut info = Vec::new();
            for (sym, n) in [("✔", a.successful as usize), ("✖", a.failed as usize), ("?", count(P::Inconclusive)), ("⚠", count(P::Error))] {
                if n > 0 {
                    info.push(format!("{sym} {n}"));
                }
            }
            let (ar_prefix, _) = prefixes(true, &subpfx);
            rows.push(vec![format!("{ar_prefix}α {}", a.name), "AnalysisRun".to_string(), st.to_string(), human_duration(i64::from(sim.tick().saturating_sub(a.started))), info.join(",")]);
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
                // list_rollouts.go prints this on stderr and exits 0.
                return Output::ok("No resources found.");
            };
            // rolloutinfo.go: STEP is the current step index over the step count, SET-WEIGHT the
            // desired weight of the current step (0 once aborted, the maximum past the last step),
            // READY is ready over current pods (status.readyReplicas/status.replicas).
            let (mut current, mut ready) = (0u32, 0u32);
            for rs in sim.replicasets() {
                let (c, r) = sim.rs_pod_counts(rs.uid);
                current += c;
                ready += r;
            }
            let updated = sim.rs_for_template(ro.template).and_then(|i| sim.replicasets().get(i)).map_or(0, |r| sim.rs_pod_counts(r.uid).0);
            let (step, weight) = if ro.strategy == Strategy::Canary {
                let total = ro.step_count();
                let weight = current_set_weight(ro);
                (if total > 0 { format!("{}/{total}", ro.step) } else { "-".to_string() }, weight.to_string())
            } else {
                ("-".to_string(), "-".to_string())
            };
            let strategy = match ro.strategy {
                Strategy::Canary => "Canary",
                Strategy::BlueGreen => "BlueGreen",
                _ => "unknown",
            };
            let header: Vec<String> = ["NAME", "STRATEGY", "STATUS", "STEP", "SET-WEIGHT", "READY", "DESIRED", "UP-TO-DATE", "AVAILABLE"].iter().map(|s| s.to_string()).collect();
            // columnFmtString = "%-10s\t%-9s\t%-12s\t%-4s\t%-10s\t%-5s\t%-7d\t%-10d\t%-9d"
            let line = vec![
                format!("{:<10}", ro.name),
                format!("{strategy:<9}"),
                format!("{:<12}", ro.phase.as_str()),
                format!("{step:<4}"),
                format!("{weight:<10}"),
                format!("{:<5}", format!("{ready}/{current}")),
                format!("{:<7}", ro.replicas),
                format!("{updated:<10}"),
                format!("{ready:<9}"),
            ];
            return Output::ok(columns(&[header, line], 2, 0));
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
