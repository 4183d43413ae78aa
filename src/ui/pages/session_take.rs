//! The learner's side of a session: open the link, give a name, wait for the shared start when
//! there is one, take the timed challenge, and hand back a result code.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::pack::Pack;
use crate::quiz::{Run, TimeMultiplier, score};
use crate::session::take::{Effect, Stage, Take, TakeAction};
use crate::session::{ResultCode, SessionSpec};
use crate::ui::browser;
use crate::ui::components::lazy_run::{self, LazyRunView, StartNote};
use crate::ui::components::run_view::SharedRun;
use crate::ui::components::session::copy_field::CopyField;
use crate::ui::components::session::link_fragment::{link_problem, use_link_spec};
use crate::ui::components::session::session_packs;
use crate::ui::pack_store;
use crate::ui::progress_store::use_progress;

/// Everything the page holds: the flow ([`Take`], which decides), and what it needs to carry out
/// the flow's effects (the packs, the run, the storage key). Shared with the page's clock.
struct Ctx {
    take: Take,
    key: String,
    /// `None` while loading.
    packs: Option<Vec<Pack>>,
    shipped: Rc<Vec<String>>,
    multiplier: TimeMultiplier,
    run: Option<SharedRun>,
}

impl Ctx {
    fn name_key(&self) -> String {
        format!("{}.name", self.key)
    }
    fn result_key(&self) -> String {
        format!("{}.result", self.key)
    }

    /// Applies an action, then carries out the effects it asks for (each may answer with another).
    fn apply(&mut self, action: TakeAction, now: u64) {
        let mut next = self.take.reduce(action, now);
        while let Some(effect) = next.take() {
            next = match effect {
                Effect::SaveName(name) => {
                    browser::storage_set_raw(&self.name_key(), &name);
                    None
                }
                Effect::StartRun => {
                    let refs: Vec<&Pack> = self.packs.iter().flatten().collect();
                    match self.take.spec().start_run(&refs, self.multiplier, now) {
                        Ok(run) => {
                            browser::storage_set_raw(&self.key, &run.to_json());
                            self.run = Some(SharedRun(Rc::new(RefCell::new(run))));
                            self.take.reduce(TakeAction::Started, now)
                        }
                        Err(m) => self.take.reduce(TakeAction::StartFailed(m.iter().map(ToString::to_string).collect()), now),
                    }
                }
                Effect::RecordResult => {
                    let Some(run) = &self.run else { break };
                    let code = ResultCode::from_run(self.take.spec(), self.take.name().unwrap_or(""), &run.0.borrow()).encode();
                    self.take.reduce(TakeAction::Recorded(code), now)
                }
                Effect::SaveResult(code) => {
                    browser::storage_set_raw(&self.result_key(), &code);
                    None
                }
            };
        }
    }

    /// One tick of the clock.
    fn tick(&mut self, now: u64) {
        let run_finished = self.run.as_ref().is_some_and(|r| r.0.borrow().is_finished());
        let view_ready = (lazy_run::PART.ready)().is_some();
        self.apply(TakeAction::Tick { run_finished, view_ready }, now);
    }

    /// A session that starts by itself, past its start, waiting for its run view to download.
    fn start_waits_for_view(&self, now: u64) -> bool {
        self.take.spec().start_ms.is_some() && self.take.stage(now) == Stage::Ready && (lazy_run::PART.ready)().is_none()
    }
}

/// `h:mm:ss` (or `m:ss`) until the start.
fn wait_text(ms: u64) -> String {
    crate::clock::clock(ms.div_ceil(1000))
}

/// The learner's page of a session (`/session#s1.…`).
#[component]
pub fn SessionTakePage() -> Html {
    let (hash, spec) = use_link_spec();
    match &*spec {
        Err(message) => link_problem(message),
        Ok(spec) => html! { <SessionTake key={hash} spec={Rc::new(spec.clone())} /> },
    }
}

#[derive(Properties, PartialEq)]
struct SessionTakeProps {
    spec: Rc<SessionSpec>,
}

#[component]
fn SessionTake(props: &SessionTakeProps) -> Html {
    let progress = use_progress();
    let redraw = use_force_update();
    let ctx = {
        let spec = (*props.spec).clone();
        use_mut_ref(move || {
            let key = format!("rollback-lab.session.{}", spec.id());
            // Inside an LMS (a SCORM package of the session), the LMS knows who the learner is.
            let lms_name = if crate::ui::scorm::connect() { crate::ui::scorm::student_name() } else { None };
            let name = lms_name.or_else(|| browser::storage_get_raw(&format!("{key}.name")));
            let result = browser::storage_get_raw(&format!("{key}.result"));
            Ctx { take: Take::new(spec, name, result), key, packs: None, shipped: Rc::new(Vec::new()), multiplier: TimeMultiplier::default(), run: None }
        })
    };
    ctx.borrow_mut().multiplier = progress.progress.settings.multiplier;
    let name_draft = use_state(|| ctx.borrow().take.name().unwrap_or_default().to_owned());
    let start_note = use_state(|| None::<StartNote>);
    // Load the packs, resume a saved run, and keep the clock going.
    {
        let ctx = ctx.clone();
        let redraw = redraw.clone();
        use_effect_with((), move |_| {
            {
                let ctx = ctx.clone();
                let redraw = redraw.clone();
                yew::platform::spawn_local(async move {
                    let spec = ctx.borrow().take.spec().clone();
                    let (packs, mut problems) = session_packs::load(&spec).await;
                    let refs: Vec<&Pack> = packs.iter().collect();
                    if let Err(m) = spec.resolve(&refs) {
                        problems.extend(m.iter().map(ToString::to_string));
                    }
                    let shipped = pack_store::shipped_ids();
                    {
                        let mut c = ctx.borrow_mut();
                        // The LMS's resume state counts when the browser has none (another device).
                        if c.take.result().is_none()
                            && let Some(saved) = browser::storage_get_raw(&c.key).or_else(crate::ui::scorm::saved_run)
                        {
                            match Run::resume(&saved, packs.iter(), browser::now_ms()) {
                                Ok(r) => c.run = Some(SharedRun(Rc::new(RefCell::new(r)))),
                                Err(e) => {
                                    problems.push(format!("your saved run could not be resumed ({e}); it starts again"))
                                }
                            }
                        }
                        c.shipped = Rc::new(shipped);
                        c.packs = Some(packs);
                        let resumed = c.run.is_some();
                        c.apply(TakeAction::Loaded { problems, resumed }, browser::now_ms());
                    }
                    redraw.force_update();
                });
            }
            let interval = gloo::timers::callback::Interval::new(500, move || {
                let now = browser::now_ms();
                ctx.borrow_mut().tick(now);
                // A session that starts by itself shows its first question without a press: its
                // run view downloads while the learner waits (again after a failure), and once the
                // start has passed (once: if that fails, the page says so and Start tries again).
                let c = ctx.borrow();
                if matches!(c.take.stage(now), Stage::Waiting { .. }) || (c.start_waits_for_view(now) && !lazy_run::PART.prefetch_failed()) {
                    lazy_run::PART.prefetch();
                }
                drop(c);
                redraw.force_update();
            });
            move || drop(interval)
        });
    }

    let c = ctx.borrow();
    let spec = c.take.spec();
    let now = browser::now_ms();
    let header = html! {
        <>
            <h1 id="session-title">{ if spec.title.is_empty() { "Session".to_owned() } else { spec.title.clone() } }</h1>
            <p class="lead">{ format!("A timed challenge of {} question{}.", spec.questions.len(), if spec.questions.len() == 1 { "" } else { "s" }) }
                if let Some(name) = c.take.name() { { format!(" Taking part as {name}.") } }</p>
        </>
    };
    let run_view = c.run.as_ref().map(|run| html! { <LazyRunView run={run.clone()} storage_key={c.key.clone()} shipped={c.shipped.clone()} /> });
    let body = match c.take.stage(now) {
        Stage::Done => html! {
            <>
                <section class="session-result" aria-labelledby="result-title">
                    <h2 id="result-title">{ "Your result code" }</h2>
                    <p>{ "Send this code to your instructor (copy it, or download it as a file). It holds your name, your answers' results and your times, nothing else." }</p>
                    <CopyField id="result-code" label="Result code" value={c.take.result().unwrap_or_default().to_owned()}
                        download={Some(AttrValue::from(format!("result-{}.txt", spec.id())))} />
                </section>
                { run_view.unwrap_or_default() }
            </>
        },
        Stage::Running => run_view.unwrap_or_default(),
        Stage::Loading => html! { <p role="status">{ "Loading the questions…" }</p> },
        Stage::Blocked => html! {
            <div class="notice error" role="alert">
                <p>{ "This session cannot be taken in this browser: your copy of the question packs differs from the instructor's." }</p>
                <ul class="problems">{ for c.take.problems().iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
                <p>{ "Reload the page to get the site's current packs, or remove an imported pack of the same name; if it persists, tell your instructor." }</p>
            </div>
        },
        Stage::NeedsName => {
        let on_input = {
            let name_draft = name_draft.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(i) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                    name_draft.set(i.value());
                }
            })
        };
        let on_submit = {
            let ctx = ctx.clone();
            let name_draft = name_draft.clone();
            let redraw = redraw.clone();
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                ctx.borrow_mut().apply(TakeAction::Name((*name_draft).clone()), browser::now_ms());
                redraw.force_update();
            })
        };
        html! {
            <form class="session-name" onsubmit={on_submit}>
                <label for="learner-name">{ "Your name, as the instructor will see it" }</label>
                <input type="text" id="learner-name" maxlength="64" autocomplete="name" value={(*name_draft).clone()} oninput={on_input} required=true />
                <button type="submit" class="button primary">{ "Continue" }</button>
            </form>
        }
        }
        Stage::Waiting { wait_ms: wait } => html! {
            <div class="session-wait">
                <p>{ format!("The session starts at {} (by this device's clock).", browser::local_time_text(spec.start_ms.unwrap_or(0))) }</p>
                <p class="wait-countdown" role="timer" aria-live="off">{ format!("Starts in {}", wait_text(wait)) }</p>
                <p class="visually-hidden" aria-live="polite">{ c.take.announcement().to_owned() }</p>
                <p class="meta">{ "Keep this page open; the first question appears by itself." }</p>
            </div>
        },
        Stage::Ready => {
            let start = {
                let ctx = ctx.clone();
                let redraw = redraw.clone();
                let start_note = start_note.clone();
                Callback::from(move |_: MouseEvent| {
                    let (ctx, redraw, note) = (ctx.clone(), redraw.clone(), start_note.clone());
                    let started = start_note.clone();
                    start_note.set(Some(StartNote::Loading));
                    // The run (and its questions' clocks) starts once its view is here.
                    lazy_run::PART.when_ready(
                        move || {
                            started.set(None);
                            ctx.borrow_mut().apply(TakeAction::Start, browser::now_ms());
                            redraw.force_update();
                        },
                        move || note.set(Some(StartNote::Failed)),
                    );
                })
            };
            let refs: Vec<&Pack> = c.packs.iter().flatten().collect();
            let questions = spec.resolve(&refs).unwrap_or_default();
            let questions: Vec<&crate::pack::Question> = questions.iter().map(|(_, q)| q).collect();
        html! {
            <div class="start">
                <p>{ format!("{} questions.", questions.len()) }</p>
                <ul>{ for score::rules_text(&spec.settings(c.multiplier), &questions).iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                <p>{ format!("Time multiplier: {}. ", c.multiplier.label()) }{ TimeMultiplier::EXPLANATION }</p>
                <p class="keys">{ "Keys: 1–4 or A–D choose, Enter submits, H shows the hint, N goes to the next question." }</p>
                <button type="button" class="button primary start-run" onclick={start} onpointerenter={lazy_run::PART.on_intent()} onfocus={lazy_run::PART.on_intent()}>{ "Start the challenge" }</button>
                { lazy_run::start_note((*start_note).or_else(|| c.start_waits_for_view(now).then(|| {
                    if lazy_run::PART.prefetch_failed() { StartNote::Failed } else { StartNote::Loading }
                }))) }
            </div>
        }
        }
    };
    html! {
        <section class="page quiz session-take" aria-labelledby="session-title">
            { header }
            { body }
        </section>
    }
}
