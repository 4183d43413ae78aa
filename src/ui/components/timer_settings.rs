//! The learner's timer accommodations, offered where a timed run starts and on the progress page:
//! the time multiplier (×1 to ×10, or untimed) and hiding the countdown. Both are kept with progress.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::quiz::TimeMultiplier;
use crate::ui::progress_store::{ProgressAction, ProgressHandle};


/// The multiplier select with its one-sentence explanation, and the "hide the countdown" switch,
/// changing the page's `progress` (`use_progress`). `id` starts the ids of its fields, distinct
/// where the settings appear twice on a page. A plain function, not a component: the page already
/// holds the progress, and each component costs the wasm its own copy of yew's component
/// machinery (docs/performance.md, "Session 10").
pub fn timer_settings(id: &str, progress: &ProgressHandle) -> Html {
    let settings = progress.progress.settings.clone();
    let set_multiplier = {
        let progress = progress.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else { return };
            if let Some(m) = TimeMultiplier::from_name(&select.value()) {
                let mut next = progress.progress.clone();
                next.settings.multiplier = m;
                progress.dispatch(ProgressAction::Replace(next));
            }
        })
    };
    let toggle_hidden = {
        let progress = progress.clone();
        Callback::from(move |_: Event| {
            let mut next = progress.progress.clone();
            next.settings.hide_timer = !next.settings.hide_timer;
            progress.dispatch(ProgressAction::Replace(next));
        })
    };
    let select_id = format!("{id}-multiplier");
    let hide_id = format!("{id}-hide");
    let explain_id = format!("{id}-explain");
    html! {
        <fieldset class="timer-settings">
            <legend>{ "Timer" }</legend>
            <label for={select_id.clone()}>{ "Time multiplier" }</label>
            <select id={select_id} onchange={set_multiplier} aria-describedby={explain_id.clone()}>
                { for TimeMultiplier::MENU.iter().map(|m| html! {
                    <option value={m.name()} selected={*m == settings.multiplier}>{ multiplier_text(*m) }</option>
                }) }
            </select>
            <p class="meta" id={explain_id}>{ TimeMultiplier::EXPLANATION }</p>
            <label class="check">
                <input id={hide_id} type="checkbox" checked={settings.hide_timer} onchange={toggle_hidden} />
                { " Hide the countdown (press T during a question to hear the time left)" }
            </label>
        </fieldset>
    }
}

fn multiplier_text(m: TimeMultiplier) -> &'static str {
    match m {
        TimeMultiplier::X1 => "×1: the time each question sets",
        TimeMultiplier::X1_5 => "×1.5: half as much again",
        TimeMultiplier::X2 => "×2: double time",
        TimeMultiplier::X10 => "×10: ten times the time",
        TimeMultiplier::Untimed => "Untimed: no countdown",
    }
}
