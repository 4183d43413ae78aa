use std::rc::Rc;

use yew::prelude::*;

use crate::sim::StateView;

#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    pub view: Rc<StateView>,
    /// Every version the simulator knows, by index: a version's colour is its index.
    pub versions: Rc<Vec<String>>,
}

fn healthy(phase: &str, ready: bool) -> bool {
    ready && phase == "Running"
}

fn pod_chip(p: &crate::sim::view::PodView, versions: &[String]) -> Html {
    let colour = versions.iter().position(|v| *v == p.version).unwrap_or(0) % 6;
    let ok = healthy(&p.phase, p.ready);
    let state = if ok { "ok" } else if p.phase == "Running" || p.phase == "ContainerCreating" || p.phase == "Pending" { "wait" } else { "bad" };
    let mark = match state {
        "ok" => "✓",
        "wait" => "…",
        _ => "✗",
    };
    let label = format!(
        "Pod {}: version {}, {}, {} ready, {} restart{}",
        p.name,
        p.version,
        p.phase,
        p.ready_text,
        p.restarts,
        if p.restarts == 1 { "" } else { "s" }
    );
    html! {
        <li class={classes!("pod", format!("ver-{colour}"), state)} title={label.clone()} aria-label={label}>
            <span class="pod-mark" aria-hidden="true">{ mark }</span>
            <span class="pod-version">{ &p.version }</span>
            <span class="pod-phase">{ &p.phase }</span>
            if p.restarts > 0 { <span class="pod-restarts">{ format!("↻{}", p.restarts) }</span> }
        </li>
    }
}

/// The nodes and their pods; each pod shows its version (colour and text) and health (mark and phase).
#[component]
pub fn ClusterView(props: &ClusterViewProps) -> Html {
    let v = &props.view;
    let unscheduled: Vec<_> = v.pods.iter().filter(|p| p.node.is_none()).collect();
    let w = &v.workload;
    html! {
        <div class="cluster-view">
            <p class="workload">
                <strong>{ format!("{} {}", w.kind, w.name) }</strong>
                { format!(" · {} · stable {}", w.strategy, w.stable_version) }
                if let Some(n) = &w.new_version { { format!(" · new {n}") } }
                { format!(" · {}", w.phase) }
                if w.paused { <span class="pill paused">{ "paused" }</span> }
            </p>
            <ul class="nodes">
                { for v.nodes.iter().map(|n| {
                    let pods: Vec<_> = v.pods.iter().filter(|p| p.node.as_deref() == Some(n.name.as_str())).collect();
                    html! {
                        <li class={classes!("node", (!n.ready).then_some("down"))} key={n.name.clone()}>
                            <span class="node-name">{ &n.name }{ if n.ready { " · Ready" } else { " · NotReady" } }</span>
                            <ul class="pods" aria-label={format!("Pods on {}", n.name)}>
                                { for pods.iter().map(|p| pod_chip(p, &props.versions)) }
                                if pods.is_empty() { <li class="pod empty">{ "no pods" }</li> }
                            </ul>
                        </li>
                    }
                }) }
                if !unscheduled.is_empty() {
                    <li class="node pending">
                        <span class="node-name">{ "Not scheduled" }</span>
                        <ul class="pods" aria-label="Pods waiting for a node">{ for unscheduled.iter().map(|p| pod_chip(p, &props.versions)) }</ul>
                    </li>
                }
            </ul>
        </div>
    }
}
