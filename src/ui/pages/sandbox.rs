use std::rc::Rc;

use yew::prelude::*;

use super::packs::Loading;
use crate::sim::Scenario;
use crate::ui::browser;
use crate::ui::components::incident::briefing::paragraphs;
use crate::ui::components::incident::scenario_store::{self, ScenarioEntry};
use crate::ui::components::incident::session::{SessionProps, keyed};
use crate::ui::components::lazy_part::use_part;
use crate::ui::route::data;

// The build's split part (`components/lazy_part.rs`): the running sandbox (cluster, traffic, charts,
// console, chaos panel) and the simulator behind it. The main module draws the page up to Start.
crate::split_part!(sandbox_part: fn(String, SessionProps) -> Html = keyed, "Loading the sandbox…");

/// What the sandbox is, before Start and (folded) above the running cluster.
fn about(sc: &Scenario) -> Html {
    html! {
        <>
            <p>{ "A practice cluster that starts healthy: nothing goes wrong until you inject a failure from the chaos panel, and nothing is graded. The clock starts when you do and has no limit until the scenario's end; pause or speed it up at any time." }</p>
            <p>{ "Use it to try a move before you need it: inject a failure, watch the cluster, traffic and metrics react, then recover with the console or the move buttons. Start over, or pick another strategy above, for a fresh cluster." }</p>
            <h3>{ "This cluster" }</h3>
            { paragraphs(&sc.briefing) }
        </>
    }
}

/// Free practice: pick a strategy, start its cluster, inject failures from the chaos panel, use the
/// console; no grade.
#[component]
pub fn SandboxPage() -> Html {
    let index = use_state(|| Loading::<Vec<ScenarioEntry>>::Pending);
    let chosen = use_state(|| None::<String>);
    let scenario = use_state(|| None::<Result<Rc<Scenario>, String>>);
    // The seed of the running cluster; none until Start.
    let running = use_state(|| None::<u64>);
    {
        let index = index.clone();
        let chosen = chosen.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                match scenario_store::index().await {
                    Ok(list) => {
                        let sandboxes: Vec<ScenarioEntry> = list.into_iter().filter(|s| s.sandbox).collect();
                        // The one whose file the start-up script fetched with the index, if shipped.
                        let first = sandboxes.iter().find(|s| s.id == data::FIRST_SANDBOX).or(sandboxes.first());
                        chosen.set(first.map(|s| s.id.clone()));
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
    let view = use_part(&sandbox_part::PART, running.is_some());
    let on_pick = {
        let chosen = chosen.clone();
        let running = running.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            running.set(None);
            chosen.set(Some(el.value()));
        })
    };
    let start = {
        let running = running.clone();
        // Any seed is fine; each Start is a fresh cluster.
        Callback::from(move |_: MouseEvent| running.set(Some(browser::now_ms() % 1_000_000)))
    };
    // Next to the picker: Start, or Start over while a cluster runs (once the strategy is here).
    let action = match (&*scenario, *running) {
        (Some(Ok(_)), None) => html! {
            <button type="button" class="button primary start-sandbox" onclick={start} onpointerenter={sandbox_part::PART.on_intent()} onfocus={sandbox_part::PART.on_intent()}>
                { "Start the sandbox" }
            </button>
        },
        (Some(Ok(_)), Some(_)) => html! { <button type="button" class="button start-over" onclick={start}>{ "Start over with a fresh cluster" }</button> },
        _ => html! {},
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
                { action }
            </p>
        },
    };
    let body = match (&*scenario, *running) {
        (None, _) => html! {},
        (Some(Err(e)), _) => html! { <div class="notice error" role="alert"><p>{ e }</p></div> },
        (Some(Ok(sc)), None) => html! {
            <div class="briefing sandbox-briefing">
                <h2>{ "About this sandbox" }</h2>
                { about(sc) }
            </div>
        },
        (Some(Ok(sc)), Some(seed)) => html! {
            <>
                <details class="briefing sandbox-about"><summary>{ "About this sandbox" }</summary>{ about(sc) }</details>
                { match view {
                    Ok(session) => session(format!("{}-{seed}", sc.id), SessionProps {
                        scenario: sc.clone(),
                        seed,
                        graded: false,
                        chaos: true,
                        on_finish: Callback::noop(),
                        children: Html::default(),
                    }),
                    Err(waiting) => waiting,
                } }
            </>
        },
    };
    html! {
        <section class="page sandbox" aria-labelledby="sandbox-title">
            <h1 id="sandbox-title">{ "Sandbox" }</h1>
            <p class="lead">{ "Pick a strategy and start it: its cluster starts healthy. Break it from the chaos panel and practise the moves. Nothing is graded." }</p>
            { picker }
            { body }
        </section>
    }
}
