//! Route-based code splitting, one build per kind of visitor. The light build has the light pages
//! (home, help, Learn, the pack list and pages); the quiz build has a learner's pages, the
//! instructor build an instructor's, the incident build the simulator's (`Route::build`), and no
//! build has another's. A page
//! the running build lacks loads the build that has it and hands the page over: this app is
//! unmounted and the other one mounts on the same URL, so the learner sees one app. A build that
//! already ran in this document cannot start a second time (its module is initialised once), so a
//! hand-over back to it reloads the page, whose start-up script then loads that build alone
//! (`browser::hand_over_to`).
//!
//! The build writes each bigger build's file names into `<meta name="rollback-lab-NAME-js">` and
//! `<meta name="rollback-lab-NAME-wasm">` in index.html (`lab build-site`, after Trunk has built
//! all four).

use yew::prelude::*;

use super::browser;
use super::route::Build;

#[derive(Properties, PartialEq)]
pub struct OtherBuildProps {
    /// The build that has the page.
    pub build: Build,
}

/// Shown on a page of another build while that build loads; if it cannot load, says why.
#[component]
pub fn OtherBuild(props: &OtherBuildProps) -> Html {
    let name = props.build.name();
    let failure = use_state(|| None::<String>);
    {
        let failure = failure.clone();
        use_effect_with(name, move |name| {
            let name = *name;
            yew::platform::spawn_local(async move {
                if let Err(e) = browser::hand_over_to(name).await {
                    failure.set(Some(e));
                }
            });
        });
    }
    match &*failure {
        None => html! { <p class="page" role="status">{ "Loading…" }</p> },
        Some(e) => html! {
            <section class="page narrow">
                <h1>{ "This page could not be loaded" }</h1>
                <p class="notice error" role="alert">{ e }</p>
                <p>{ "Check the connection and reload the page." }</p>
            </section>
        },
    }
}
