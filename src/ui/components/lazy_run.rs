//! The run view as the split part of the quiz, progress and session builds (see `lazy_part.rs`). A
//! learner who opens a pack's Practice page, a session link or the review page first sees the start
//! screen: the code that runs the questions (about a fifth of the build) is only needed once they
//! press Start or resume, and is fetched then, or when they head for Start.

use yew::prelude::*;

use super::run_view::{RunView, RunViewProps};

/// The part's entry point: renders the run view with these props.
type Render = fn(RunViewProps) -> Html;

fn render(props: RunViewProps) -> Html {
    html! { <RunView ..props /> }
}

crate::split_part!(run_part: Render = render, "Loading the questions…");

pub use run_part::PART;

/// What a start screen says after Start was pressed while the run view is still downloading
/// ([`start_note`]), or when it could not be downloaded.
#[cfg_attr(not(any(feature = "quiz", feature = "session")), allow(dead_code))]
#[derive(Clone, Copy, PartialEq)]
pub enum StartNote {
    Loading,
    Failed,
}

/// The note under a Start button: the run starts (and a timed question's clock with it) only once
/// its view is here (`Part::when_ready`).
#[cfg_attr(not(any(feature = "quiz", feature = "session")), allow(dead_code))]
pub fn start_note(note: Option<StartNote>) -> Html {
    match note {
        None => Html::default(),
        Some(StartNote::Loading) => html! { <p class="start-note" role="status">{ PART.loading }</p> },
        Some(StartNote::Failed) => html! {
            <p class="notice error start-note" role="alert">{ "The questions could not be downloaded: " }{ super::lazy_part::WHY_UNREACHABLE }{ ". Nothing has started; press Start to try again." }</p>
        },
    }
}

/// The run view, loaded on first use.
#[component]
pub fn LazyRunView(props: &RunViewProps) -> Html {
    match super::lazy_part::use_part(&PART, true) {
        Ok(render) => render(props.clone()),
        Err(waiting) => waiting,
    }
}
