use yew::prelude::*;

use crate::ui::browser;
use crate::ui::components::nav_link::NavLink;
use crate::ui::route::Route;

/// One way of learning, as shown on the home page.
struct Mode {
    name: &'static str,
    blurb: &'static str,
    /// Where the mode starts, when it is available.
    to: Option<Route>,
}

const STUDY_MODES: &[Mode] = &[
    Mode { name: "Learn", blurb: "Short concept cards on each strategy: what it protects you from and where it bites. Open a pack to start.", to: Some(Route::Packs) },
    Mode { name: "Practice", blurb: "One question at a time, no clock. Ask for a hint, then read the worked solution.", to: Some(Route::Packs) },
    Mode { name: "Test", blurb: "Ten questions from easy to hard, no feedback until the end, then a report by kind and difficulty.", to: Some(Route::Packs) },
    Mode { name: "Challenge", blurb: "Five timed problems with two attempts each. Get them all right to earn the pack's badge.", to: Some(Route::Packs) },
    Mode { name: "Review", blurb: "Questions you missed come back, scheduled by the misunderstanding behind the wrong answer.", to: Some(Route::Review) },
];

const INCIDENT_MODES: &[Mode] = &[
    Mode { name: "Incidents", blurb: "A release goes wrong in a simulated cluster. Diagnose it from a console and roll back; you are graded on outcome, order, speed, impact and safety.", to: None },
    Mode { name: "Sandbox", blurb: "Pick a strategy, break things from a chaos panel and practise the moves with nothing at stake.", to: None },
    Mode { name: "Instructor sessions", blurb: "Build a timed challenge, share it as a link, collect result codes and analyse them, all without a server.", to: Some(Route::SessionNew) },
];

fn mode_list(modes: &[Mode]) -> Html {
    html! {
        <ul class="card-grid">
            { for modes.iter().map(|m| html! {
                <li class="card">
                    <h3>
                        if let Some(to) = &m.to { <NavLink to={to.clone()}>{ m.name }</NavLink> } else { { m.name } }
                    </h3>
                    <p>{ m.blurb }</p>
                </li>
            }) }
        </ul>
    }
}

/// Reviews due now, from the due times the quiz build keeps beside the progress (so this light
/// page needs no progress reader).
fn due_reviews(now_ms: u64) -> usize {
    browser::storage_get_raw(crate::quiz::progress::DUE_KEY)
        .and_then(|raw| serde_json::from_str::<Vec<u64>>(&raw).ok())
        .map_or(0, |due| due.iter().filter(|&&t| t <= now_ms).count())
}

/// The landing page: what Rollback Lab is and the ways to use it.
#[component]
pub fn HomePage() -> Html {
    let due = due_reviews(browser::now_ms());
    html! {
        <>
            <section class="hero" aria-labelledby="home-title">
                <h1 id="home-title">{ "When a release goes wrong, get back to safe ground fast." }</h1>
                <p class="lead">
                    { "Rollback Lab is a practice ground for recovering from failed updates in machine-learning systems: \
                       blue-green switches, canary aborts, rolling-update undos, model-registry rollbacks and database restores. \
                       Study the ideas, test yourself against the clock, then handle simulated incidents where every command counts." }
                </p>
                <p class="actions">
                    <NavLink to={Route::Packs} classes="button primary">{ "Browse the question packs" }</NavLink>
                    <NavLink to={Route::Help} classes="button">{ "How it works" }</NavLink>
                </p>
                if due > 0 {
                    <p class="notice warn due-reviews">
                        { format!("{due} review{} due. ", if due == 1 { " is" } else { "s are" }) }
                        <NavLink to={Route::Review}>{ "Review now" }</NavLink>
                    </p>
                }
            </section>
            <section aria-labelledby="study-title">
                <h2 id="study-title">{ "Study and test yourself" }</h2>
                { mode_list(STUDY_MODES) }
            </section>
            <section aria-labelledby="incident-title">
                <h2 id="incident-title">{ "Handle incidents, run sessions" }</h2>
                { mode_list(INCIDENT_MODES) }
            </section>
        </>
    }
}
