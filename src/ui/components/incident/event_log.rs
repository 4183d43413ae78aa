use yew::prelude::*;

use super::run_state::RunState;
use crate::clock::clock;
use crate::sim::event::{Event, Source};

/// Whether an event belongs in the log: everything, or only what an operator would see.
pub fn shown(e: &Event, operator_only: bool) -> bool {
    !(operator_only && e.source == Source::Chaos)
}

/// How many of the latest events are shown.
const SHOWN: usize = 80;

/// The event log, newest first. `operator_only`: only what an operator would see (graded runs): the
/// simulator's record of an injected failure starting or ending (`Source::Chaos`) names the cause, so
/// it stays out of the log until the debrief. The Sandbox, whose learner injects the failures, shows it.
pub fn event_log(run: &RunState, operator_only: bool) -> Html {
    let run = run.get();
    let events: Vec<&Event> = run.sim().events().iter().filter(|e| shown(e, operator_only)).collect();
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
