//! Route-based code splitting. A first visit loads the light build: home, help, the pack list and
//! pages. The first page that needs more (a quiz run, review, badges, an import) loads the full
//! build, a second wasm that holds the whole app, and hands the page over to it: the light app is
//! unmounted and the full one mounts on the same URL, so the learner sees one app.
//!
//! The build writes the full build's file names into `<meta name="rollback-lab-full-js">` and
//! `<meta name="rollback-lab-full-wasm">` in index.html (`lab install-full`).

use yew::prelude::*;

use super::browser;

/// Shown on a page that needs the full build while it loads; if it cannot load, says why.
#[component]
pub fn FullApp() -> Html {
    let failure = use_state(|| None::<String>);
    {
        let failure = failure.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                if let Err(e) = browser::hand_over_to_full_build().await {
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
