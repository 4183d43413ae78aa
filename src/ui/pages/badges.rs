use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::packs::Loading;
use crate::quiz::badge::{MASTERY, MASTERY_NAME};
use crate::quiz::progress::Progress;
use crate::ui::browser;
use crate::ui::components::timer_settings::timer_settings;
use crate::ui::pages::packs::use_shipped_packs;
use crate::ui::progress_store::{ProgressAction, use_progress};

/// Badges, streak, the time accommodation, and the learner's data (export and import).
#[component]
pub fn BadgesPage() -> Html {
    let progress = use_progress();
    let index = use_shipped_packs();
    let import_message = use_state(|| None::<Result<String, String>>);
    let p = &progress.progress;
    let now = browser::now_ms();
    let on_import = {
        let progress = progress.clone();
        let import_message = import_message.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let progress = progress.clone();
            let import_message = import_message.clone();
            yew::platform::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string()).unwrap_or_default();
                import_message.set(Some(match Progress::import(&text) {
                    Ok((imported, _)) => {
                        progress.dispatch(ProgressAction::Replace(imported));
                        Ok(format!("Imported the progress in {}.", file.name()))
                    }
                    Err(e) => Err(format!("{} was not imported: {e}. Your current progress is unchanged.", file.name())),
                }));
            });
        })
    };
    let badge_row = |name: &str, id: &str, earned: bool| {
        html! {
            <li class={classes!("badge", earned.then_some("earned"))}>
                <span class="badge-mark" aria-hidden="true">{ if earned { "★" } else { "☆" } }</span>
                <span class="badge-name">{ name.to_owned() }</span>
                <span class="badge-state">{ if earned { "earned" } else { "not yet" } }</span>
                if let Some(b) = p.badges.get(id) {
                    <span class="meta">{ format!("time multiplier {}", b.multiplier.label()) }</span>
                }
            </li>
        }
    };
    html! {
        <section class="page" aria-labelledby="badges-title">
            <h1 id="badges-title">{ "Badges and progress" }</h1>
            <p class="lead">{ format!("Current streak: {} day{}. Reviews due now: {}.",
                p.current_streak(now, browser::utc_offset_min()), if p.current_streak(now, browser::utc_offset_min()) == 1 { "" } else { "s" },
                p.due_reviews(now)) }</p>
            <h2>{ "Badges" }</h2>
            <p>{ "A pack's badge is earned by getting all five questions of its Challenge right in time. Rollback Mastery needs every pack's badge." }</p>
            <ul class="badges">
                { badge_row(MASTERY_NAME, MASTERY, p.badges.contains_key(MASTERY)) }
                {
                    match &*index {
                        Loading::Ready(packs) => html! { <>{ for packs.iter().map(|s| badge_row(&format!("{} ({})", s.badge, s.title), &s.id, p.badges.contains_key(&s.id))) }</> },
                        Loading::Failed(e) => html! { <li class="notice error">{ e }</li> },
                        Loading::Pending => html! {},
                    }
                }
            </ul>
            <h2>{ "Time accommodation" }</h2>
            { timer_settings("settings-timer", &progress) }
            <p class="meta">{ "Results and badges record the multiplier they were earned with." }</p>
            <h2>{ "Your data" }</h2>
            <p>{ "Progress is kept in this browser only. Download it to keep a copy or move it to another browser." }</p>
            <p><a class="button" download="rollback-lab-progress.json" href={browser::data_url("application/json", &p.export())}>{ "Download my progress" }</a></p>
            <label for="progress-import">{ "Import progress from a file (replaces what is here)" }</label>
            <input id="progress-import" type="file" accept=".json,application/json" onchange={on_import} />
            <div aria-live="polite">
                { match &*import_message {
                    Some(Ok(m)) => html! { <p class="notice ok">{ m }</p> },
                    Some(Err(m)) => html! { <p class="notice error" role="alert">{ m }</p> },
                    None => html! {},
                } }
            </div>
        </section>
    }
}
