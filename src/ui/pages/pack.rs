use yew::prelude::*;

use super::packs::{Loading, standing_line, standings};
use crate::ui::components::rich_text::inline;
use crate::pack::{Difficulty, Kind, PackSummary};
use crate::ui::components::nav_link::NavLink;
use crate::ui::pack_store;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct PackPageProps {
    pub id: String,
}

fn overview(pack: &PackSummary) -> Html {
    html! {
        <>
            <p class="lead">{ inline(&pack.summary) }</p>
            { standing_line(standings().get(&pack.id), &pack.badge) }
            <div class="pack-facts">
                <dl>
                    <dt>{ "Questions" }</dt><dd>{ pack.questions }</dd>
                    <dt>{ "Time" }</dt><dd>{ format!("about {} min", pack.minutes) }</dd>
                    <dt>{ "Badge" }</dt><dd>{ &pack.badge }</dd>
                </dl>
                <dl>
                    { for Kind::ALL.iter().filter_map(|k| pack.by_kind.get(k.name()).map(|n| html! { <><dt>{ k.label() }</dt><dd>{ n }</dd></> })) }
                </dl>
                <dl>
                    { for Difficulty::ALL.iter().filter_map(|d| pack.by_difficulty.get(d.name()).map(|n| html! { <><dt>{ d.label() }</dt><dd>{ n }</dd></> })) }
                </dl>
            </div>
        </>
    }
}

/// One pack: what it covers and the ways to work through it.
#[component]
pub fn PackPage(props: &PackPageProps) -> Html {
    let state = use_state(|| Loading::Pending);
    {
        let state = state.clone();
        use_effect_with(props.id.clone(), move |id| {
            let id = id.clone();
            state.set(Loading::Pending);
            yew::platform::spawn_local(async move {
                state.set(match pack_store::summary(&id).await {
                    Ok(pack) => Loading::Ready(pack),
                    Err(problem) => Loading::Failed(problem),
                });
            });
        });
    }
    html! {
        <section class="page" aria-labelledby="pack-title">
            <p class="crumbs"><NavLink to={Route::Packs}>{ "← All packs" }</NavLink></p>
            {
                match &*state {
                    Loading::Pending => html! { <><h1 id="pack-title">{ "Loading…" }</h1><p role="status">{ "Loading the pack…" }</p></> },
                    Loading::Failed(problems) => html! {
                        <>
                            <h1 id="pack-title">{ "This pack is unavailable" }</h1>
                            <div class="notice error" role="alert">
                                <p>{ format!("The pack “{}” could not be loaded. The other packs are not affected.", props.id) }</p>
                                <ul class="problems">{ for problems.lines().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
                            </div>
                        </>
                    },
                    Loading::Ready(pack) => html! {
                        <>
                            <h1 id="pack-title">{ &pack.title }</h1>
                            { overview(pack) }
                            <h2>{ "Work through it" }</h2>
                            <ul class="card-grid modes">
                                <li class="card">
                                    <h3><NavLink to={Route::Learn { id: pack.id.clone() }}>{ "Learn" }</NavLink></h3>
                                    <p>{ "The ideas behind the questions, on a few short cards, before you practise." }</p>
                                </li>
                                <li class="card">
                                    <h3><NavLink to={Route::Quiz { id: pack.id.clone(), mode: "practice".into() }}>{ "Practice" }</NavLink></h3>
                                    <p>{ format!("All {} questions, no clock. Hints on request and the worked solution after each answer.", pack.questions) }</p>
                                </li>
                                <li class="card">
                                    <h3><NavLink to={Route::Quiz { id: pack.id.clone(), mode: "test".into() }}>{ "Test" }</NavLink></h3>
                                    <p>{ format!("{} questions drawn from the pack's pools, from easy to hard; one try each, no feedback until the report.", pack.test) }</p>
                                </li>
                                <li class="card">
                                    <h3><NavLink to={Route::Quiz { id: pack.id.clone(), mode: "challenge".into() }}>{ "Challenge" }</NavLink></h3>
                                    <p>{ format!("{} timed problems drawn from the pack's pools, two attempts each. All right earns “{}”.", pack.challenge, pack.badge) }</p>
                                </li>
                            </ul>
                        </>
                    },
                }
            }
        </section>
    }
}
