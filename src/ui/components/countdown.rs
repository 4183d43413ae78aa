use yew::prelude::*;

use crate::quiz::timer;

#[derive(Properties, PartialEq)]
pub struct CountdownProps {
    /// Milliseconds left, `None` when untimed.
    pub remaining_ms: Option<u64>,
    /// The latest spoken announcement ("1 minute left"), for screen readers.
    pub announcement: AttrValue,
}

/// The question's clock: m:ss remaining, marked in the last 30 seconds. The visible clock is not a
/// live region (it would be read out every second); announcements at sensible moments are.
#[component]
pub fn Countdown(props: &CountdownProps) -> Html {
    let Some(ms) = props.remaining_ms else {
        return html! { <span class="countdown untimed">{ "Untimed" }</span> };
    };
    let urgent = timer::is_final_stretch(ms);
    html! {
        <>
            <span class={classes!("countdown", urgent.then_some("urgent"))} role="timer" aria-live="off">
                <span class="visually-hidden">{ "Time remaining: " }</span>
                { timer::mmss(ms) }<span aria-hidden="true">{ " remaining" }</span>
            </span>
            <span class="visually-hidden" aria-live="assertive" aria-atomic="true">{ props.announcement.clone() }</span>
        </>
    }
}
