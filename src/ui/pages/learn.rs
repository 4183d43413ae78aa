use yew::prelude::*;

use super::packs::Loading;
use crate::concept::Topic;
use crate::ui::browser;
use crate::ui::components::nav_link::NavLink;
use crate::ui::components::rich_text::rich_text;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct LearnPageProps {
    pub id: String,
}

/// Learn mode: a topic's concept cards, then the way into practising it.
#[component]
pub fn LearnPage(props: &LearnPageProps) -> Html {
    let state = use_state(|| Loading::<Topic>::Pending);
    {
        let state = state.clone();
        use_effect_with(props.id.clone(), move |id| {
            let url = crate::ui::route::data::concepts(id);
            yew::platform::spawn_local(async move {
                let loaded = match browser::fetch_text(&url).await {
                    Ok(text) => Topic::from_json(&text).map_err(|e| format!("{url}: {e}")),
                    Err(e) => Err(e),
                };
                state.set(match loaded {
                    Ok(t) => Loading::Ready(t),
                    Err(e) => Loading::Failed(e),
                });
            });
        });
    }
    let back = html! { <p class="crumbs"><NavLink to={Route::Pack { id: props.id.clone() }}>{ "← Back to the pack" }</NavLink></p> };
    let body = match &*state {
        Loading::Pending => html! { <p role="status">{ "Loading the cards…" }</p> },
        Loading::Failed(e) => html! {
            <>
                <h1 id="learn-title">{ "These cards are unavailable" }</h1>
                <p class="notice error" role="alert">{ e }</p>
            </>
        },
        Loading::Ready(topic) => html! {
            <>
                <h1 id="learn-title">{ format!("Learn: {}", topic.title) }</h1>
                <p class="lead">{ &topic.summary }</p>
                <ol class="concept-cards">
                    { for topic.cards.iter().map(|card| html! {
                        <li class="concept card">
                            <h2>{ &card.title }</h2>
                            { rich_text(&card.body) }
                            if let Some(diagram) = &card.diagram {
                                <figure class="diagram">
                                    <pre role="img" aria-label={card.diagram_alt.clone().unwrap_or_default()}>{ diagram.trim_end() }</pre>
                                </figure>
                            }
                            <p class="key-point"><strong>{ "Remember: " }</strong>{ &card.key_point }</p>
                        </li>
                    }) }
                </ol>
                <p class="actions">
                    <NavLink to={Route::Quiz { id: topic.id.clone(), mode: "practice".into() }} classes="button primary">{ "Practise this topic" }</NavLink>
                </p>
            </>
        },
    };
    html! { <section class="page narrow" aria-labelledby="learn-title">{ back }{ body }</section> }
}
