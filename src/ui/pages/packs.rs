use yew::prelude::*;

use crate::pack::PackSummary;
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

fn card(pack: &PackSummary, imported: bool) -> Html {
    html! {
        <li class="card pack-card" key={pack.id.clone()}>
            <h3><NavLink to={Route::Pack { id: pack.id.clone() }}>{ &pack.title }</NavLink></h3>
            <p>{ &pack.summary }</p>
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
                        <ul class="card-grid">{ for packs.iter().map(|p| card(p, false)) }</ul>
                    },
                }
            }
            if !imported.is_empty() {
                <h2>{ "Imported packs" }</h2>
                <ul class="card-grid">{ for imported.iter().map(|p| card(p, true)) }</ul>
            }
            <h2>{ "Your own packs" }</h2>
            <p>{ "Instructors can add a pack of their own, checked by the same rules as the shipped ones and kept in this browser. " }
               <NavLink to={Route::ImportPack}>{ "Import a pack" }</NavLink></p>
        </section>
    }
}
