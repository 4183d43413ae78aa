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

/// The run view, loaded on first use.
#[component]
pub fn LazyRunView(props: &RunViewProps) -> Html {
    match super::lazy_part::use_part(&PART, true) {
        Ok(render) => render(props.clone()),
        Err(waiting) => waiting,
    }
}
