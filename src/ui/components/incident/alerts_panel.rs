use yew::prelude::*;

use crate::clock::clock;
use crate::sim::StateView;

/// The alerts firing now.
pub fn alerts_panel(view: &StateView) -> Html {
    let alerts = &view.alerts;
    html! {
        <div class="alerts-panel">
            if alerts.is_empty() {
                <p class="meta">{ "No alerts are firing." }</p>
            } else {
                <ul class="alerts">
                    { for alerts.iter().map(|a| html! {
                        <li class={classes!("alert", a.severity.clone())}>
                            <span class="alert-mark" aria-hidden="true">{ "▲" }</span>
                            <strong>{ &a.name }</strong>
                            <span class="pill">{ &a.severity }</span>
                            <span class="meta">{ format!(" since {}", clock(a.since)) }</span>
                            <div class="alert-summary">{ &a.summary }</div>
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}
