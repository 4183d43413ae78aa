use yew::prelude::*;

use super::run_state::RunState;
use crate::clock::clock;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// The run (its version changes on every change, so the log re-renders).
    pub run: RunState,
}

/// How many of the latest events are shown.
const SHOWN: usize = 80;

/// The event log, newest first.
#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let run = props.run.get();
    let events = run.sim().events();
    // Focusable because the list scrolls (max-height in style.css): a keyboard must reach it to scroll it.
    html! {
        <ol class="event-log" reversed=true aria-label="Events, newest first" tabindex="0">
            { for events.iter().rev().take(SHOWN).map(|e| html! {
                <li class={classes!("event", e.level.as_str().to_ascii_lowercase(), e.source.as_str())}>
                    <span class="event-time">{ clock(e.tick) }</span>
                    <span class="event-source">{ e.source.as_str() }</span>
                    <span class="event-reason">{ &e.reason }</span>
                    <span class="event-message">{ format!("{} {}", e.object, e.message) }</span>
                </li>
            }) }
            if events.is_empty() { <li class="meta">{ "Nothing has happened yet." }</li> }
        </ol>
    }
}
