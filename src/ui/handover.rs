//! Route-based code splitting. A first visit loads the light build: home, help, Learn, the pack
//! list and pages. The first page that needs more loads the build that has it (`Route::build`: the
//! practice build for question runs and sessions, the full build for incidents) and hands the page
//! over: this app is unmounted and the other one mounts on the same URL, so the learner sees one app.
//!
//! The build writes each bundle's file names into `<meta name="rollback-lab-NAME-js">` and
//! `<meta name="rollback-lab-NAME-wasm">` in index.html (`lab install-bundle`).

use yew::prelude::*;

use super::browser;
use super::route::Build;

#[derive(Properties, PartialEq)]
pub struct FullAppProps {
    /// The build that has the page.
    pub build: Build,
}

/// Shown on a page that needs the full build while it loads; if it cannot load, says why.
#[component]
pub fn FullApp(props: &FullAppProps) -> Html {
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
