use yew::prelude::*;

use crate::sim::StateView;

/// How a pod looks: `ok` (serving), `wait` (starting), `bad` (failing or cut off).
///
/// A pod on a NotReady node is not counted as serving even before the node controller marks it:
/// kubectl then still says STATUS Running, READY 0/1, and no request reaches it.
pub fn pod_state(phase: &str, ready: bool, node_ready: bool) -> &'static str {
    if !node_ready && phase != "Pending" {
        "bad"
    } else if ready && phase == "Running" {
        "ok"
    } else if phase == "Running" || phase == "ContainerCreating" || phase == "Pending" {
        "wait"
    } else {
        "bad"
    }
}

fn pod_chip(p: &crate::sim::view::PodView, versions: &[String], node_ready: bool) -> Html {
    let colour = versions.iter().position(|v| *v == p.version).unwrap_or(0) % 6;
    let state = pod_state(&p.phase, p.ready, node_ready);
    let mark = match state {
        "ok" => "✓",
        "wait" => "…",
        _ => "✗",
    };
    let ready_text = if node_ready { p.ready_text.as_str() } else { "0/1" };
    let label = format!(
        "Pod {}: version {}, {}, {} ready{}, {} restart{}",
        p.name,
        p.version,
        p.phase,
        ready_text,
        if node_ready { "" } else { " (its node is NotReady)" },
        p.restarts,
        if p.restarts == 1 { "" } else { "s" }
    );
    html! {
        <li class={classes!("pod", format!("ver-{colour}"), state)} title={label.clone()} aria-label={label}>
            <span class="pod-mark" aria-hidden="true">{ mark }</span>
            <span class="pod-version">{ &p.version }</span>
            <span class="pod-phase">{ &p.phase }</span>
            if !node_ready { <span class="pod-unready">{ "not ready" }</span> }
            if p.restarts > 0 { <span class="pod-restarts">{ format!("↻{}", p.restarts) }</span> }
        </li>
    }
}

/// A node's status as words, after its name: kubectl's `Ready,SchedulingDisabled` said plainly.
pub fn node_status(ready: bool, cordoned: bool) -> &'static str {
    match (ready, cordoned) {
        (true, false) => " · Ready",
        (false, false) => " · NotReady",
        (true, true) => " · Ready · cordoned (SchedulingDisabled): no new pods",
        (false, true) => " · NotReady · cordoned (SchedulingDisabled)",
    }
}

/// The nodes and their pods; each pod shows its version (colour and text) and health (mark and phase).
/// `versions`: every version the simulator knows, by index: a version's colour is its index.
pub fn cluster_view(v: &StateView, versions: &[String]) -> Html {
    let unscheduled: Vec<_> = v.pods.iter().filter(|p| p.node.is_none()).collect();
    let w = &v.workload;
    html! {
        <div class="cluster-view">
            <p class="workload">
                <strong>{ format!("{} {}", w.kind, w.name) }</strong>
                // A Deployment has no "stable" version of its own: it is rolling to its template.
                if w.kind == "Deployment" { { format!(" · {} · image {}", w.strategy, w.template_version) } }
                else { { format!(" · {} · stable {}", w.strategy, w.stable_version) } }
                if let Some(n) = &w.new_version { { format!(" · new {n}") } }
                if let (Some(weight), Some(_)) = (w.canary_weight, &w.new_version) { { format!(" · canary weight {weight}%") } }
                { format!(" · {}", w.phase) }
                if w.paused { <span class="pill paused">{ "paused" }</span> }
            </p>
            if let Some(pdb) = &v.pdb {
                <p class="pdb">
                    { format!("PodDisruptionBudget {} · {} · {} healthy · ", pdb.name, pdb.limit, pdb.current_healthy) }
                    <strong class={classes!((pdb.disruptions_allowed == 0).then_some("blocked"))}>
                        { format!("{} eviction{} allowed", pdb.disruptions_allowed, if pdb.disruptions_allowed == 1 { "" } else { "s" }) }
                    </strong>
                </p>
            }
            <ul class="nodes">
                { for v.nodes.iter().map(|n| {
                    let pods: Vec<_> = v.pods.iter().filter(|p| p.node.as_deref() == Some(n.name.as_str())).collect();
                    html! {
                        <li class={classes!("node", (!n.ready).then_some("down"), n.cordoned.then_some("cordoned"))} key={n.name.clone()}>
                            <span class="node-name">{ &n.name }{ node_status(n.ready, n.cordoned) }</span>
                            <ul class="pods" aria-label={format!("Pods on {}", n.name)}>
                                { for pods.iter().map(|p| pod_chip(p, versions, n.ready)) }
                                if pods.is_empty() { <li class="pod empty">{ "no pods" }</li> }
                            </ul>
                        </li>
                    }
                }) }
                if !unscheduled.is_empty() {
                    <li class="node pending">
                        <span class="node-name">{ "Not scheduled" }</span>
                        <ul class="pods" aria-label="Pods waiting for a node">{ for unscheduled.iter().map(|p| pod_chip(p, versions, true)) }</ul>
                    </li>
                }
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::pod_state;

    #[test]
    fn a_cordoned_node_says_so_in_kubectls_words() {
        assert_eq!(super::node_status(true, false), " · Ready");
        assert!(super::node_status(true, true).contains("SchedulingDisabled"));
        assert!(super::node_status(false, true).starts_with(" · NotReady"));
    }

    #[test]
    fn a_pod_on_a_not_ready_node_is_not_shown_as_serving() {
        assert_eq!(pod_state("Running", true, true), "ok");
        assert_eq!(pod_state("Running", true, false), "bad", "Running 1/1 on a NotReady node still serves nothing");
        assert_eq!(pod_state("Running", false, true), "wait");
        assert_eq!(pod_state("CrashLoopBackOff", false, true), "bad");
        assert_eq!(pod_state("Pending", false, false), "wait");
    }
}
