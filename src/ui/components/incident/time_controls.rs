use yew::prelude::*;

use crate::clock::clock;

/// What the time controls show and do.
pub struct TimeControls<'a> {
    pub tick: u32,
    /// The time limit, if the run has one.
    pub limit: Option<u32>,
    /// Simulated seconds per real second; 0 is paused.
    pub speed: u32,
    pub on_speed: &'a Callback<u32>,
    pub on_step: &'a Callback<()>,
}

/// Pause, 1×, 4×, 16×, one step, and the simulated clock.
pub fn time_controls(props: &TimeControls) -> Html {
    let speed_button = |speed: u32, label: &'static str, name: &'static str| {
        let on_speed = props.on_speed.clone();
        html! {
            <button type="button" class={classes!("button", "speed", (props.speed == speed).then_some("active"))}
                aria-pressed={(props.speed == speed).to_string()} aria-label={name}
                onclick={Callback::from(move |_: MouseEvent| on_speed.emit(speed))}>{ label }</button>
        }
    };
    let on_step = props.on_step.clone();
    html! {
        <div class="time-controls" role="group" aria-label="Simulated time">
            <span class="sim-clock">
                { clock(props.tick) }
                if let Some(l) = props.limit { <span class="meta">{ format!(" / {}", clock(l)) }</span> }
            </span>
            { speed_button(0, "❚❚ Pause", "Pause") }
            { speed_button(1, "1×", "1× (normal speed)") }
            { speed_button(4, "4×", "4× (four times faster)") }
            { speed_button(16, "16×", "16× (sixteen times faster)") }
            <button type="button" class="button step" disabled={props.speed != 0}
                title="Advance one simulated second (while paused)"
                onclick={Callback::from(move |_: MouseEvent| on_step.emit(()))}>{ "Step +1 s" }</button>
        </div>
    }
}
