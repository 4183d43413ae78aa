use yew::prelude::*;

use super::packs::Loading;
use crate::ui::components::incident::best_grades;
use crate::ui::components::incident::scenario_store::{self, ScenarioEntry};
use crate::ui::components::nav_link::NavLink;
use crate::suggest::fold;
use crate::ui::route::Route;

/// Easy first; an unknown or missing difficulty last.
fn difficulty_rank(d: Option<&str>) -> u8 {
    match d {
        Some("easy") => 0,
        Some("medium") => 1,
        Some("hard") => 2,
        Some("expert") => 3,
        _ => 4,
    }
}

/// The graded scenarios in list order: by difficulty, then title.
pub fn graded_in_order(list: &[ScenarioEntry]) -> Vec<&ScenarioEntry> {
    let mut graded: Vec<&ScenarioEntry> = list.iter().filter(|s| !s.sandbox).collect();
    crate::sort::sort_by(&mut graded, |a, b| {
        (difficulty_rank(a.difficulty.as_deref()), fold(&a.title)).cmp(&(difficulty_rank(b.difficulty.as_deref()), fold(&b.title)))
    });
    graded
}

/// What a scenario is tagged with: its `tags`, or its strategy from an older index.
fn tags_of(s: &ScenarioEntry) -> Vec<&str> {
    if s.tags.is_empty() { vec![s.strategy.as_str()] } else { s.tags.iter().map(String::as_str).collect() }
}

/// Whether a scenario matches the filter: every word of `text` in its title, summary or tags,
/// and the chosen tag (if any) among its tags. Case is ignored as [`fold`] ignores it: the shipped
/// scenarios' words are ASCII wherever case matters (tests/scenario_json.rs).
pub fn matches(s: &ScenarioEntry, text: &str, tag: Option<&str>) -> bool {
    let tags = tags_of(s);
    let haystack = fold(&format!("{} {} {}", s.title, s.summary, tags.join(" ")));
    fold(text).split_whitespace().all(|w| haystack.contains(w)) && tag.is_none_or(|t| tags.contains(&t))
}

/// The graded incident scenarios, with summary, tags, difficulty and the learner's best grade;
/// a text filter and tag chips narrow the list.
#[component]
pub fn IncidentsPage() -> Html {
    let index = use_state(|| Loading::<Vec<ScenarioEntry>>::Pending);
    let best = use_state(best_grades::load);
    let text = use_state(String::new);
    let tag = use_state(|| None::<String>);
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
            <li class="card incident-card" key={s.id.clone()} data-id={s.id.clone()}>
                <h3><NavLink to={Route::Incident { id: s.id.clone() }}>{ &s.title }</NavLink></h3>
                if !s.summary.is_empty() { <p class="summary">{ &s.summary }</p> }
                <p class="meta">
                    { for tags_of(s).into_iter().map(|t| html! { <span class="pill strategy">{ t }</span> }) }
                    if !difficulty.is_empty() { <span class={classes!("pill", "level", difficulty.clone())}>{ &difficulty }</span> }
                </p>
                <p class="best">{ match best.get(&s.id) {
                    Some(score) => format!("Best grade: {score}/100"),
                    None => "Not tried yet".to_owned(),
                } }</p>
            </li>
        }
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            text.set(el.value());
        })
    };
    let list = match &*index {
        Loading::Pending => html! { <p role="status">{ "Loading the scenarios…" }</p> },
        Loading::Failed(e) => html! {
            <div class="notice error" role="alert"><p>{ "The list of scenarios could not be loaded." }</p><p class="detail">{ e }</p></div>
        },
        Loading::Ready(list) => {
            let graded = graded_in_order(list);
            let mut all_tags: Vec<&str> = graded.iter().flat_map(|s| tags_of(s)).collect();
            crate::sort::sort(&mut all_tags);
            all_tags.dedup();
            let shown: Vec<&ScenarioEntry> = graded.iter().copied().filter(|s| matches(s, &text, tag.as_deref())).collect();
            let chip = |t: Option<&str>| {
                let pressed = tag.as_deref() == t;
                let tag = tag.clone();
                let value = t.map(str::to_owned);
                html! {
                    <button type="button" class={classes!("chip", pressed.then_some("active"))} aria-pressed={pressed.to_string()}
                        onclick={Callback::from(move |_: MouseEvent| tag.set(value.clone()))}>{ t.unwrap_or("all") }</button>
                }
            };
            html! {
                <>
                    <div class="incident-filter" role="search" aria-label="Filter the incidents">
                        <p class="field">
                            <label for="incident-filter">{ "Filter" }</label>
                            <input id="incident-filter" type="search" value={(*text).clone()} oninput={on_text}
                                placeholder="title, summary or tag" autocomplete="off" aria-describedby="incident-count" />
                        </p>
                        <div class="chips" role="group" aria-label="What the incident exercises">
                            { chip(None) }
                            { for all_tags.iter().map(|t| chip(Some(t))) }
                        </div>
                    </div>
                    <p id="incident-count" class="meta" role="status">{ format!("{} of {} incidents, easiest first", shown.len(), graded.len()) }</p>
                    <ul class="card-grid incident-list">{ for shown.into_iter().map(card) }</ul>
                </>
            }
        }
    };
    html! {
        <section class="page" aria-labelledby="incidents-title">
            <h1 id="incidents-title">{ "Incidents" }</h1>
            <p class="lead">{ "A release goes wrong in a simulated cluster. Read the briefing, diagnose from the console, and get the service back to safe ground. You are graded on outcome, procedure, speed, impact and safety." }</p>
            { list }
            <h2>{ "Practise freely" }</h2>
            <p>{ "No grade, no clock pressure: " }<NavLink to={Route::Sandbox}>{ "open the Sandbox" }</NavLink>{ ", pick a strategy and break things from the chaos panel." }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, title: &str, difficulty: &str, tags: &[&str]) -> ScenarioEntry {
        ScenarioEntry {
            id: id.into(),
            title: title.into(),
            summary: format!("summary of {id}"),
            strategy: "rolling".into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            difficulty: Some(difficulty.into()),
            sandbox: false,
        }
    }

    #[test]
    fn the_list_is_sorted_by_difficulty_then_title_and_filtered_by_words_and_tag() {
        let list = vec![
            entry("c", "Zeta", "easy", &["canary"]),
            entry("b", "Alpha", "hard", &["model-registry"]),
            entry("a", "Beta", "easy", &["rolling", "database"]),
        ];
        let order: Vec<&str> = graded_in_order(&list).iter().map(|s| s.id.as_str()).collect();
        assert_eq!(order, ["a", "c", "b"]);
        assert!(matches(&list[1], "ALPHA", None));
        assert!(matches(&list[1], "summary b", None), "words may come from the summary");
        assert!(!matches(&list[1], "alpha beta", None), "every word must match");
        assert!(matches(&list[2], "database", None), "tags are searched");
        assert!(matches(&list[2], "", Some("database")));
        assert!(!matches(&list[0], "", Some("database")));
    }
}
