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

/// The format a draft pack was imported from, as people name it (`pack::read::DRAFT_SOURCES`).
fn imported_label(pack: &PackSummary) -> Option<&'static str> {
    let name = pack.imported_from.as_deref()?;
    crate::pack::read::DRAFT_SOURCES.iter().find(|(n, _)| *n == name).map(|(_, label)| *label)
}

fn overview(pack: &PackSummary) -> Html {
    html! {
        <>
            <p class="lead">{ inline(&pack.summary) }</p>
            if let Some(label) = imported_label(pack) {
                <p class="notice imported-from">{ format!(
                    "Imported from {label}: no common mistakes or misconceptions; kinds and difficulties are defaults. Test: {} questions, Challenge: {}.",
                    pack.test, pack.challenge
                ) }</p>
            }
            { standing_line(standings().get(&pack.id), &pack.badge) }
            <div class="pack-facts">
                <dl>
                    <dt>{ "Questions" }</dt><dd>{ pack.questions }</dd>
                    <dt>{ "Time" }</dt><dd>{ format!("about {} min", pack.minutes) }</dd>
                    if pack.imported_from.is_none() {
                        <dt>{ "Badge" }</dt><dd>{ &pack.badge }</dd>
                    }
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

/// The question bank exports `lab build-site` writes for every shipped pack, under
/// `data/exports/<pack>.<suffix>` (src/lms): suffix, link text, what it is for.
pub const EXPORTS: [(&str, &str, &str); 3] = [
    ("moodle.xml", "Moodle XML", "every question, ordering included, with feedback and hints"),
    ("gift.txt", "GIFT", "the choice questions, for Moodle or any GIFT reader; no ordering, no hints"),
    ("qti.zip", "QTI 1.2 for Canvas", "the choice questions, with feedback; no ordering, no hints"),
];

/// Download links for the pack's exports. Only shipped packs have them (an imported pack of the
/// same id replaces the shipped one on this page, and no file was built for it).
fn exports(pack: &PackSummary) -> Html {
    if pack_store::imported_summaries().iter().any(|s| s.id == pack.id) {
        return html! {};
    }
    html! {
        <>
            <h2>{ "Use it in your LMS" }</h2>
            <p>{ "Import the questions into your learning management system's question bank:" }</p>
            <ul class="exports">
                { for EXPORTS.iter().map(|(suffix, label, note)| {
                    let file = format!("{}.{suffix}", pack.id);
                    html! { <li><a href={format!("data/exports/{file}")} download={file}>{ *label }</a>{ format!(": {note}.") }</li> }
                }) }
            </ul>
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
                                    <p>{ if pack.imported_from.is_some() {
                                        format!("{} timed problems, two attempts each. A draft imported from a question bank earns no badge.", pack.challenge)
                                    } else {
                                        format!("{} timed problems drawn from the pack's pools, two attempts each. All right earns “{}”.", pack.challenge, pack.badge)
                                    } }</p>
                                </li>
                            </ul>
                            { exports(pack) }
                        </>
                    },
                }
            }
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #[test]
    fn the_links_name_the_files_the_build_writes() {
        use crate::lms::Format;
        let built: Vec<&str> = [Format::MoodleXml, Format::Gift, Format::Qti].iter().map(|f| f.suffix()).collect();
        let linked: Vec<&str> = super::EXPORTS.iter().map(|e| e.0).collect();
        assert_eq!(built, linked);
    }
}
