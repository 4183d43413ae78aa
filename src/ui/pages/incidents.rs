use yew::prelude::*;

use super::packs::Loading;
use crate::ui::components::incident::best_grades;
use crate::ui::components::incident::scenario_store::{self, ScenarioEntry};
use crate::ui::components::nav_link::NavLink;
use crate::ui::route::Route;

/// The graded incident scenarios, with strategy, difficulty and the learner's best grade.
#[component]
pub fn IncidentsPage() -> Html {
    let index = use_state(|| Loading::<Vec<ScenarioEntry>>::Pending);
    let best = use_state(best_grades::load);
    {
        let index = index.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                index.set(match scenario_store::index().await {
                    Ok(list) => Loading::Ready(list),
                    Err(e) => Loading::Failed(e),
                });
            });
        });
    }
    let card = |s: &ScenarioEntry| {
        let difficulty = s.difficulty.clone().unwrap_or_default();
        html! {
            <li class="card incident-card" key={s.id.clone()}>
                <h3><NavLink to={Route::Incident { id: s.id.clone() }}>{ &s.title }</NavLink></h3>
                <p class="meta">
                    <span class="pill strategy">{ &s.strategy }</span>
                    if !difficulty.is_empty() { <span class={classes!("pill", "level", difficulty.clone())}>{ &difficulty }</span> }
                </p>
                <p class="best">{ match best.get(&s.id) {
                    Some(score) => format!("Best grade: {score}/100"),
                    None => "Not tried yet".to_owned(),
                } }</p>
            </li>
        }
    };
    html! {
        <section class="page" aria-labelledby="incidents-title">
            <h1 id="incidents-title">{ "Incidents" }</h1>
            <p class="lead">{ "A release goes wrong in a simulated cluster. Read the briefing, diagnose from the console, and get the service back to safe ground. You are graded on outcome, procedure, speed, impact and safety." }</p>
            { match &*index {
                Loading::Pending => html! { <p role="status">{ "Loading the scenarios…" }</p> },
                Loading::Failed(e) => html! {
                    <div class="notice error" role="alert"><p>{ "The list of scenarios could not be loaded." }</p><p class="detail">{ e }</p></div>
                },
                Loading::Ready(list) => html! {
                    <ul class="card-grid incident-list">{ for list.iter().filter(|s| !s.sandbox).map(card) }</ul>
                },
            } }
            <h2>{ "Practise freely" }</h2>
            <p>{ "No grade, no clock pressure: " }<NavLink to={Route::Sandbox}>{ "open the Sandbox" }</NavLink>{ ", pick a strategy and break things from the chaos panel." }</p>
        </section>
    }
}
