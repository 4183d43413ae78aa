use std::rc::Rc;

use yew::prelude::*;

use super::shell_quote;
use crate::sim::Scenario;
use crate::sim::scenario::Strategy;

#[derive(Properties, PartialEq)]
pub struct MoveButtonsProps {
    pub scenario: Rc<Scenario>,
    /// The stable version and the production Service, for "traffic back" on blue-green.
    pub stable_version: AttrValue,
    pub production_service: AttrValue,
    pub on_run: Callback<String>,
    #[prop_or_default]
    pub disabled: bool,
}

/// The common moves, as (label, console line). The lines are exactly what one would type, so the
/// grader counts a click the same as the typed command.
pub fn moves(scenario: &Scenario, stable: &str, service: &str) -> Vec<(&'static str, String)> {
    let name = &scenario.app.name;
    let mut out = vec![("Pods", "kubectl get pods".to_owned())];
    match scenario.app.strategy {
        Strategy::Rolling => {
            out.push(("Rollout status", format!("kubectl rollout status deployment/{name}")));
            out.push(("History", format!("kubectl rollout history deployment/{name}")));
            out.push(("Undo", format!("kubectl rollout undo deployment/{name}")));
            out.push(("Pause", format!("kubectl rollout pause deployment/{name}")));
            out.push(("Resume", format!("kubectl rollout resume deployment/{name}")));
        }
        Strategy::BlueGreen | Strategy::Canary => {
            out.push(("Rollout status", format!("kubectl argo rollouts status {name}")));
            out.push(("Abort", format!("kubectl argo rollouts abort {name}")));
            out.push(("Promote", format!("kubectl argo rollouts promote {name}")));
            out.push(("Undo", format!("kubectl argo rollouts undo {name}")));
            if scenario.app.strategy == Strategy::Canary {
                out.push(("Traffic back to stable", format!("traffic weight {name} 0")));
            } else if !service.is_empty() && !stable.is_empty() {
                out.push(("Traffic back to stable", format!("traffic switch {} {}", shell_quote(service), shell_quote(stable))));
            }
        }
    }
    if scenario.model.is_some() {
        out.push(("Model status", "serving status".to_owned()));
        out.push(("Reload the model", "serving reload".to_owned()));
    }
    if scenario.database.is_some() {
        out.push(("Database status", "db status".to_owned()));
    }
    out.push(("Metrics", "metrics".to_owned()));
    out.push(("Alerts", "alerts".to_owned()));
    out
}

/// Buttons for the common moves, and a small form to notify a team.
#[component]
pub fn MoveButtons(props: &MoveButtonsProps) -> Html {
    let team = use_state(|| props.scenario.app.dependencies.first().cloned().unwrap_or_else(|| "oncall".to_owned()));
    let message = use_state(String::new);
    let list = moves(&props.scenario, &props.stable_version, &props.production_service);
    let team_ref = use_node_ref();
    let message_ref = use_node_ref();
    let notify = {
        let message = message.clone();
        let on_run = props.on_run.clone();
        let (team_ref, message_ref) = (team_ref.clone(), message_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let read = |r: &NodeRef| r.cast::<web_sys::HtmlInputElement>().map(|el| el.value()).unwrap_or_default();
            let (who, text) = (read(&team_ref), read(&message_ref));
            let (who, text) = (who.trim(), text.trim());
            if text.is_empty() || who.is_empty() {
                return;
            }
            on_run.emit(format!("notify {} {}", shell_quote(who), shell_quote(text)));
            message.set(String::new());
        })
    };
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.set(el.value());
        })
    };
    html! {
        <div class="moves">
            <div class="move-buttons" role="group" aria-label="Common moves">
                { for list.into_iter().map(|(label, line)| {
                    let on_run = props.on_run.clone();
                    let l = line.clone();
                    html! {
                        <button type="button" class="button move" title={line.clone()} disabled={props.disabled}
                            data-command={line.clone()} onclick={Callback::from(move |_: MouseEvent| on_run.emit(l.clone()))}>
                            { label }<span class="visually-hidden">{ format!(" (runs {line})") }</span>
                        </button>
                    }
                }) }
            </div>
            <form class="notify-form" onsubmit={notify}>
                <label for="notify-team">{ "Notify" }</label>
                <input id="notify-team" type="text" class="notify-team" ref={team_ref} value={(*team).clone()} oninput={text_input(&team)} aria-label="Team" />
                <input id="notify-message" type="text" ref={message_ref} value={(*message).clone()} oninput={text_input(&message)}
                    aria-label="Message" placeholder="what you did and what happens next" />
                <button type="submit" class="button notify" disabled={props.disabled}>{ "Send" }</button>
            </form>
        </div>
    }
}
