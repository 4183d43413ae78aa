use std::rc::Rc;

use yew::prelude::*;

use super::packs::Loading;
use crate::sim::Scenario;
use crate::ui::browser;
use crate::ui::components::incident::scenario_store::{self, ScenarioEntry};
use crate::ui::components::incident::session::IncidentSession;

/// Free practice: pick a strategy, inject failures from the chaos panel, use the console; no grade.
#[component]
pub fn SandboxPage() -> Html {
    let index = use_state(|| Loading::<Vec<ScenarioEntry>>::Pending);
    let chosen = use_state(|| None::<String>);
    let scenario = use_state(|| None::<Result<Rc<Scenario>, String>>);
    let seed = use_state(|| browser::now_ms() % 1_000_000);
    {
        let index = index.clone();
        let chosen = chosen.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                match scenario_store::index().await {
                    Ok(list) => {
                        let sandboxes: Vec<ScenarioEntry> = list.into_iter().filter(|s| s.sandbox).collect();
                        chosen.set(sandboxes.first().map(|s| s.id.clone()));
                        index.set(Loading::Ready(sandboxes));
                    }
                    Err(e) => index.set(Loading::Failed(e)),
                }
            });
        });
    }
    {
        let scenario = scenario.clone();
        use_effect_with((*chosen).clone(), move |id| {
            let id = id.clone();
            scenario.set(None);
            if let Some(id) = id {
                yew::platform::spawn_local(async move {
                    scenario.set(Some(scenario_store::load(&id).await.map(Rc::new)));
                });
            }
        });
    }
    let on_pick = {
        let chosen = chosen.clone();
        let seed = seed.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            seed.set(browser::now_ms() % 1_000_000);
            chosen.set(Some(el.value()));
        })
    };
    let picker = match &*index {
        Loading::Pending => html! { <p role="status">{ "Loading the strategies…" }</p> },
        Loading::Failed(e) => html! { <div class="notice error" role="alert"><p>{ "The sandboxes could not be loaded." }</p><p class="detail">{ e }</p></div> },
        Loading::Ready(list) => html! {
            <p class="field sandbox-picker">
                <label for="sandbox-strategy">{ "Strategy " }</label>
                <select id="sandbox-strategy" onchange={on_pick}>
                    { for list.iter().map(|s| html! {
                        <option value={s.id.clone()} selected={chosen.as_deref() == Some(s.id.as_str())}>{ s.title.trim_start_matches("Sandbox: ") }</option>
                    }) }
                </select>
            </p>
        },
    };
    let body = match &*scenario {
        None => html! {},
        Some(Err(e)) => html! { <div class="notice error" role="alert"><p>{ e }</p></div> },
        Some(Ok(sc)) => html! {
            <>
                <details class="briefing sandbox-about"><summary>{ "About this sandbox" }</summary>
                    <p>{ "A practice cluster that starts healthy: nothing goes wrong until you inject a failure from the chaos panel, and nothing is graded. The clock has no limit until the scenario's end; pause or speed it up at any time." }</p>
                    <p>{ "Use it to try a move before you need it: inject a failure, watch the cluster, traffic and metrics react, then recover with the console or the move buttons. Pick another strategy above to start over with a fresh cluster." }</p>
                    <h3>{ "This cluster" }</h3>
                    { crate::ui::components::incident::briefing::paragraphs(&sc.briefing) }
                </details>
                <IncidentSession key={format!("{}-{}", sc.id, *seed)} scenario={sc.clone()} seed={*seed} chaos=true />
            </>
        },
    };
    html! {
        <section class="page sandbox" aria-labelledby="sandbox-title">
            <h1 id="sandbox-title">{ "Sandbox" }</h1>
            <p class="lead">{ "Pick a strategy: its cluster starts healthy. Break it from the chaos panel and practise the moves. Nothing is graded." }</p>
            { picker }
            { body }
        </section>
    }
}
