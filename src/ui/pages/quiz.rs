use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::packs::Loading;
use crate::pack::Pack;
use crate::quiz::run::{Run, Settings};
use crate::quiz::{Mode, score};
use crate::ui::browser;
use crate::ui::components::nav_link::NavLink;
use crate::ui::components::run_report::Again;
use crate::ui::components::lazy_run::{self, LazyRunView, StartNote};
use crate::ui::components::run_view::SharedRun;
use crate::ui::components::timer_settings::timer_settings;
use crate::ui::pack_store;
use crate::ui::progress_store::use_progress;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct QuizPageProps {
    pub id: String,
    pub mode: String,
}

/// The key an unfinished run of this pack and mode is saved under.
fn run_key(pack: &str, mode: Mode) -> String {
    format!("rollback-lab.run.{pack}.{}", mode.name())
}

/// What the page has: the pack, the ids of all shipped packs, and a resume problem if any.
#[derive(Clone, PartialEq)]
struct Loaded {
    pack: Rc<Pack>,
    shipped: Rc<Vec<String>>,
}

/// Practice, Test or Challenge on one pack: a start screen with the rules, then the run.
#[component]
pub fn QuizPage(props: &QuizPageProps) -> Html {
    let mode = Mode::from_name(&props.mode).filter(|m| *m != Mode::Review);
    let state = use_state(|| Loading::<Loaded>::Pending);
    let run = use_state(|| None::<SharedRun>);
    let resume_problem = use_state(|| None::<String>);
    let start_note = use_state(|| None::<StartNote>);
    let seed = use_state(browser::now_ms);
    let navigator = crate::ui::router::use_navigator();
    let progress = use_progress();
    {
        let state = state.clone();
        let run = run.clone();
        let resume_problem = resume_problem.clone();
        use_effect_with((props.id.clone(), mode), move |(id, mode)| {
            let (id, mode) = (id.clone(), *mode);
            run.set(None);
            yew::platform::spawn_local(async move {
                let Some(mode) = mode else { return };
                let pack = match pack_store::load(&id).await {
                    Ok(p) => p,
                    Err(e) => return state.set(Loading::Failed(e.join("\n"))),
                };
                let shipped = pack_store::shipped_ids();
                // An unfinished run of this pack and mode comes back as it was: same time left, same attempts.
                // Launched from a SCORM package, the LMS's resume state counts when the browser has none.
                let lms_saved = if crate::ui::scorm::connect() { crate::ui::scorm::saved_run() } else { None };
                if let Some(saved) = browser::storage_get_raw(&run_key(&id, mode)).or(lms_saved) {
                    match Run::resume(&saved, [&pack], browser::now_ms()) {
                        Ok(r) => run.set(Some(SharedRun(Rc::new(RefCell::new(r))))),
                        Err(e) => resume_problem.set(Some(e.to_string())),
                    }
                }
                state.set(Loading::Ready(Loaded { pack: Rc::new(pack), shipped: Rc::new(shipped) }));
            });
        });
    }
    let Some(mode) = mode else {
        return html! { <section class="page narrow"><h1>{ "No such mode" }</h1><p>{ "Choose Practice, Test or Challenge from the pack's page." }</p></section> };
    };
    let back = html! { <p class="crumbs"><NavLink to={Route::Pack { id: props.id.clone() }}>{ "← Back to the pack" }</NavLink></p> };
    let loaded = match &*state {
        Loading::Pending => return html! { <section class="page">{ back }<p role="status">{ "Loading…" }</p></section> },
        Loading::Failed(e) => {
            return html! {
                <section class="page">{ back }<h1>{ "This pack is unavailable" }</h1>
                    <div class="notice error" role="alert"><ul class="problems">{ for e.lines().map(|l| html! { <li><code>{ l }</code></li> }) }</ul></div>
                </section>
            };
        }
        Loading::Ready(l) => l.clone(),
    };
    let title = format!("{}: {}", mode.label(), loaded.pack.title);
    let body = match &*run {
        Some(shared) => {
            let on_again = {
                let run = run.clone();
                let seed = seed.clone();
                let pack = loaded.pack.clone();
                let navigator = navigator.clone();
                let multiplier = progress.progress.settings.multiplier;
                Callback::from(move |again: Again| match again {
                    Again::Retry => {
                        seed.set(browser::now_ms());
                        run.set(None);
                        browser::focus_by_id("quiz-title");
                    }
                    Again::PractiseMissed(ids) => {
                        let now = browser::now_ms();
                        let questions = ids.iter().filter_map(|id| pack.question(id)).map(|q| (pack.id.clone(), q.clone())).collect();
                        let mut settings = Settings::new(Mode::Practice, now, multiplier);
                        settings.shuffle_questions = false;
                        let practice = Run::new(questions, settings, now);
                        browser::storage_set_raw(&run_key(&pack.id, Mode::Practice), &practice.to_json());
                        if mode == Mode::Practice {
                            run.set(Some(SharedRun(Rc::new(RefCell::new(practice)))));
                        } else if let Some(navigator) = &navigator {
                            navigator.push(&Route::Quiz { id: pack.id.clone(), mode: Mode::Practice.name().to_owned() });
                        }
                    }
                })
            };
            html! {
                <LazyRunView run={shared.clone()} storage_key={run_key(&loaded.pack.id, mode)} shipped={loaded.shipped.clone()}
                    badge_name={loaded.pack.badge.clone()} on_again={Some(on_again)} />
            }
        }
        None => {
            let multiplier = progress.progress.settings.multiplier;
            let slots = match mode {
                Mode::Test => loaded.pack.test.len(),
                Mode::Challenge => loaded.pack.challenge.len(),
                _ => 0,
            };
            let avoid = progress.progress.recent_questions(&loaded.pack.id, mode, slots);
            // The questions are drawn now, with the seed the run will use, so the rules shown are
            // those of the very questions dealt.
            let dealt = crate::quiz::draw::deal(&loaded.pack, mode, *seed, &avoid);
            let settings = Settings::new(mode, *seed, multiplier);
            let start = {
                let run = run.clone();
                let pack = loaded.pack.clone();
                let seed = *seed;
                let start_note = start_note.clone();
                Callback::from(move |_: MouseEvent| {
                    let (run, pack, avoid, note) = (run.clone(), pack.clone(), avoid.clone(), start_note.clone());
                    let started = start_note.clone();
                    start_note.set(Some(StartNote::Loading));
                    // The run (and a Challenge question's clock) starts once its view is here.
                    lazy_run::PART.when_ready(
                        move || {
                            started.set(None);
                            let now = browser::now_ms();
                            let r = Run::for_pack(&pack, mode, seed, multiplier, &avoid, now);
                            browser::storage_set_raw(&run_key(&pack.id, mode), &r.to_json());
                            run.set(Some(SharedRun(Rc::new(RefCell::new(r)))));
                        },
                        move || note.set(Some(StartNote::Failed)),
                    );
                })
            };
            let order = if mode == Mode::Practice {
                "every question of the pack"
            } else {
                "drawn from the pack's pools, so a retake brings other questions"
            };
            html! {
                <div class="start">
                    if let Some(problem) = &*resume_problem {
                        <p class="notice warn" role="alert">{ format!("A saved run could not be resumed ({problem}); start a new one.") }</p>
                    }
                    <p>{ format!("{} questions, {order}, from easy to hard.", dealt.len()) }</p>
                    <h2 class="rules-title">{ "The rules" }</h2>
                    <ul class="rules">{ for score::rules_text(&settings, &dealt).iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                    if mode == Mode::Challenge {
                        <p>{ format!("Get every question right to earn the “{}” badge.", loaded.pack.badge) }</p>
                    }
                    if mode.timed() {
                        { timer_settings("start-timer", &progress) }
                    }
                    <p class="keys">{ "Keys: 1–6 or A–F choose, Enter submits, N goes to the next question" }
                        { if mode.hints() == crate::quiz::mode::HintRule::Never { "" } else { ", H shows the hint when there is one" } }
                        { if mode.timed() { ", T tells the time left." } else { "." } }</p>
                    <button type="button" class="button primary start-run" onclick={start} onpointerenter={lazy_run::PART.on_intent()} onfocus={lazy_run::PART.on_intent()}>{ format!("Start the {}", mode.label().to_ascii_lowercase()) }</button>
                    { lazy_run::start_note(*start_note) }
                </div>
            }
        }
    };
    html! {
        <section class="page quiz" aria-labelledby="quiz-title">
            { back }
            <h1 id="quiz-title">{ title }</h1>
            { body }
        </section>
    }
}
