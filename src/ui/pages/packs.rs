use std::collections::BTreeMap;

use yew::prelude::*;

use crate::pack::PackSummary;
use crate::quiz::standing::{self, Standing};
use crate::ui::components::badge_art::badge_art;
use crate::ui::components::rich_text::inline;
use crate::ui::components::nav_link::NavLink;
use crate::ui::pack_store;
use crate::ui::route::Route;

/// The state of a fetch, for pages that load data.
#[derive(Clone, PartialEq)]
pub enum Loading<T> {
    Pending,
    Ready(T),
    Failed(String),
}

/// The shipped packs' summaries, fetched once when the component mounts.
#[hook]
pub fn use_shipped_packs() -> UseStateHandle<Loading<Vec<PackSummary>>> {
    let index = use_state(|| Loading::Pending);
    {
        let index = index.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                index.set(match pack_store::shipped_index().await {
                    Ok(i) => Loading::Ready(i.packs),
                    Err(e) => Loading::Failed(e),
                });
            });
        });
    }
    index
}

/// The learner's standing per pack (best Test and Challenge, badge), from the summary the practice
/// build keeps beside the progress.
pub fn standings() -> BTreeMap<String, Standing> {
    crate::ui::browser::storage_get_raw(standing::STANDING_KEY).map(|t| standing::from_json(&t)).unwrap_or_default()
}

/// A pack's standing as a line with the badge's medal, or nothing when there is none yet.
pub fn standing_line(standing: Option<&Standing>, badge: &str) -> Html {
    let Some((s, line)) = standing.and_then(|s| Some((s, s.summary()?))) else { return html! {} };
    html! {
        <p class="pack-progress">
            if s.badge { { badge_art(badge, false) } }
            <span>{ line }</span>
        </p>
    }
}

fn card(pack: &PackSummary, imported: bool, standing: Option<&Standing>) -> Html {
    html! {
        <li class="card pack-card" key={pack.id.clone()}>
            <h3><NavLink to={Route::Pack { id: pack.id.clone() }}>{ &pack.title }</NavLink></h3>
            <p>{ inline(&pack.summary) }</p>
            { standing_line(standing, &pack.badge) }
            <p class="meta">
                { format!("{} questions · about {} min", pack.questions, pack.minutes) }
                if imported { <span class="tag">{ "imported" }</span> }
            </p>
            <ul class="tags" aria-label="Topics">
                { for pack.tags.iter().map(|t| html! { <li class="tag">{ t }</li> }) }
            </ul>
        </li>
    }
}

/// The list of question packs, and the form to import one.
#[component]
pub fn PacksPage() -> Html {
    let index = use_shipped_packs();
    let imported = use_state(pack_store::imported_summaries);
    let standings = use_state(standings);
    html! {
        <section class="page" aria-labelledby="packs-title">
            <h1 id="packs-title">{ "Question packs" }</h1>
            <p class="lead">{ "Each pack covers one topic with questions from easy to expert. Open one to practise, take its test or try its timed challenge." }</p>
            {
                match &*index {
                    Loading::Pending => html! { <p role="status">{ "Loading the packs…" }</p> },
                    Loading::Failed(e) => html! {
                        <div class="notice error" role="alert">
                            <p>{ "The list of packs could not be loaded, so only imported packs are shown." }</p>
                            <p class="detail">{ e }</p>
                        </div>
                    },
                    Loading::Ready(packs) => html! {
                        <ul class="card-grid">{ for packs.iter().map(|p| card(p, false, standings.get(&p.id))) }</ul>
                    },
                }
            }
            if !imported.is_empty() {
                <h2>{ "Imported packs" }</h2>
                <ul class="card-grid">{ for imported.iter().map(|p| card(p, true, standings.get(&p.id))) }</ul>
            }
            <h2>{ "Your own packs" }</h2>
            <p>{ "Instructors can add a pack of their own, checked by the same rules as the shipped ones and kept in this browser. " }
               <NavLink to={Route::ImportPack}>{ "Import a pack" }</NavLink></p>
        </section>
    }
}
