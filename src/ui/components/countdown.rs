use yew::prelude::*;

use crate::quiz::timer;

/// What the question's clock shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// Counting down: milliseconds left.
    Running(u64),
    /// The question was settled this many milliseconds after it opened.
    Answered(u64),
    /// The deadline passed.
    TimeUp,
    /// The run has no countdown.
    Untimed,
}

/// The question's clock: m:ss remaining, marked in the last 30 seconds; after the question is
/// settled, how long it took or that time ran out. The visible clock is not a live region (it would
/// be read out every second); announcements at thresholds, and on request, are.
/// `hidden`: the learner hid the countdown, so the time is only announced (thresholds, or T);
/// `announcement`: the latest spoken announcement ("1 minute left"), for screen readers.
pub fn countdown(clock: Clock, hidden: bool, announcement: &str) -> Html {
    let live = html! { <span class="visually-hidden" aria-live="assertive" aria-atomic="true">{ announcement }</span> };
    let chip = match clock {
        Clock::Untimed => html! { <span class="countdown untimed">{ "Untimed" }</span> },
        Clock::Answered(ms) => html! { <span class="countdown done">{ format!("Answered in {}", timer::answer_mmss(ms)) }</span> },
        Clock::TimeUp => html! { <span class="countdown urgent">{ "Time is up" }</span> },
        Clock::Running(_) if hidden => {
            html! { <span class="countdown hidden-timer">{ "Timer hidden" }<span class="key-hint">{ " · T tells the time" }</span></span> }
        }
        Clock::Running(ms) => {
            let urgent = timer::is_final_stretch(ms);
            html! {
                <span class={classes!("countdown", urgent.then_some("urgent"))} role="timer" aria-live="off">
                    <span class="visually-hidden">{ "Time remaining: " }</span>
                    { timer::mmss(ms) }<span aria-hidden="true">{ " left" }</span>
                </span>
            }
        }
    };
    html! { <>{ chip }{ live }</> }
}

/// What the T key (or the "time left" button) says.
pub fn spoken_time(clock: Clock) -> String {
    match clock {
        Clock::Running(ms) => format!("{} left on this question.", timer::spoken(ms)),
        Clock::Answered(_) => "This question is answered; its clock has stopped.".to_owned(),
        Clock::TimeUp => "Time is up for this question.".to_owned(),
        Clock::Untimed => "This run is untimed.".to_owned(),
    }
}
