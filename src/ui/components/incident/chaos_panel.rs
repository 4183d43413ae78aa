use std::rc::Rc;

use yew::prelude::*;

use crate::sim::Failure;
use crate::sim::failure::{CATALOG, FailureSpec};

#[derive(Properties, PartialEq)]
pub struct ChaosPanelProps {
    /// App versions to target.
    pub versions: Rc<Vec<String>>,
    pub nodes: Rc<Vec<String>>,
    pub dependencies: Rc<Vec<String>>,
    /// Model versions, when the app serves a model.
    pub model_versions: Rc<Vec<u32>>,
    /// The current tick (the failure starts now).
    pub tick: u32,
    pub on_inject: Callback<Failure>,
}

fn needs_version(kind: &str) -> bool {
    matches!(kind, "crash-loop" | "image-pull" | "memory-leak" | "latency-regression" | "errors-under-load" | "schema-mismatch" | "canary-no-traffic")
}

fn is_model(kind: &str) -> bool {
    matches!(kind, "accuracy-drop" | "prediction-drift")
}

/// Break things on purpose: pick a failure from the catalog, its target, and inject it now.
#[component]
pub fn ChaosPanel(props: &ChaosPanelProps) -> Html {
    let kind = use_state(|| CATALOG[0].to_owned());
    let version = use_state(String::new);
    let node = use_state(String::new);
    let dependency = use_state(String::new);
    let model_version = use_state(String::new);
    let key = use_state(String::new);
    let value = use_state(String::new);
    let schema = use_state(String::new);
    let problem = use_state(|| None::<String>);

    let pick = |state: &UseStateHandle<String>, fallback: Option<String>| -> String {
        if state.is_empty() { fallback.unwrap_or_default() } else { (**state).clone() }
    };
    let chosen_version = pick(&version, props.versions.last().cloned());
    let chosen_node = pick(&node, props.nodes.first().cloned());
    let chosen_dependency = pick(&dependency, props.dependencies.first().cloned().or(Some("payments".into())));
    let chosen_model = pick(&model_version, props.model_versions.last().map(u32::to_string));

    let on_select = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.set(el.value());
        })
    };
    let on_text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.set(el.value());
        })
    };

    let inject = {
        let kind = (*kind).clone();
        let (v, n, d, m) = (chosen_version.clone(), chosen_node.clone(), chosen_dependency.clone(), chosen_model.clone());
        let (k, val, sch) = ((*key).clone(), (*value).clone(), (*schema).clone());
        let tick = props.tick;
        let on_inject = props.on_inject.clone();
        let problem = problem.clone();
        let has_model = !props.model_versions.is_empty();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let model_version = if is_model(&kind) && has_model { m.trim().parse::<u32>().ok() } else { None };
            let spec = FailureSpec {
                kind: kind.clone(),
                at: crate::sim::duration::Secs(tick),
                version: (needs_version(&kind) || (is_model(&kind) && model_version.is_none())).then(|| v.clone()),
                model_version,
                node: (kind == "node-failure").then(|| n.clone()),
                dependency: (kind == "dependency-outage").then(|| d.trim().to_owned()),
                key: (kind == "bad-config" && !k.trim().is_empty()).then(|| k.trim().to_owned()),
                value: (kind == "bad-config").then(|| val.clone()),
                schema: if kind == "schema-mismatch" { sch.trim().parse().ok() } else { None },
                ..Default::default()
            };
            match spec.to_failure() {
                Ok(f) => {
                    problem.set(None);
                    on_inject.emit(f);
                }
                Err(err) => problem.set(Some(err)),
            }
        })
    };

    let k = kind.as_str();
    let select = |id: &'static str, label: &'static str, options: Vec<String>, current: &str, state: &UseStateHandle<String>| html! {
        <p class="field">
            <label for={id}>{ label }</label>
            <select id={id} onchange={on_select(state)}>
                { for options.into_iter().map(|o| html! { <option selected={o == current} value={o.clone()}>{ o }</option> }) }
            </select>
        </p>
    };
    let text = |id: &'static str, label: &'static str, current: String, state: &UseStateHandle<String>, hint: &'static str| html! {
        <p class="field">
            <label for={id}>{ label }</label>
            <input id={id} type="text" value={current} oninput={on_text(state)} placeholder={hint} />
        </p>
    };
    html! {
        <form class="chaos-panel" onsubmit={inject} aria-labelledby="chaos-title">
            <h3 id="chaos-title">{ "Chaos panel" }</h3>
            { select("chaos-kind", "Failure", CATALOG.iter().map(|s| (*s).to_owned()).collect(), k, &kind) }
            if needs_version(k) || (is_model(k) && props.model_versions.is_empty()) {
                { select("chaos-version", "Version", props.versions.to_vec(), &chosen_version, &version) }
            }
            if is_model(k) && !props.model_versions.is_empty() {
                { select("chaos-model", "Model version", props.model_versions.iter().map(u32::to_string).collect(), &chosen_model, &model_version) }
            }
            if k == "node-failure" {
                { select("chaos-node", "Node", props.nodes.to_vec(), &chosen_node, &node) }
            }
            if k == "dependency-outage" {
                { text("chaos-dependency", "Dependency", chosen_dependency.clone(), &dependency, "payments") }
            }
            if k == "bad-config" {
                { text("chaos-key", "Config key", (*key).clone(), &key, "FEATURE_FLAG") }
                { text("chaos-value", "Breaking value", (*value).clone(), &value, "on") }
            }
            if k == "schema-mismatch" {
                { text("chaos-schema", "Breaks from schema version", (*schema).clone(), &schema, "2") }
            }
            <button type="submit" class="button primary inject">{ "Inject now" }</button>
            if let Some(p) = &*problem { <p class="notice error" role="alert">{ p }</p> }
        </form>
    }
}
