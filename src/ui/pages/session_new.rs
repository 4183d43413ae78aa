//! The session builder: an instructor chooses packs and questions (or a draw by difficulty), the
//! order, the time, the attempts and an optional shared start, and gets a share link carrying the
//! whole session in its fragment.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::packs::Loading;
use crate::pack::{Difficulty, Pack, PackSummary};
use crate::session::{DrawRule, SessionSpec, link};
use crate::ui::browser;
use crate::ui::components::session::copy_field::CopyField;
use crate::ui::components::session::scorm_download::ScormDownload;
use crate::ui::components::session::stored::{self, MySessions};
use crate::ui::components::rich_text::inline;
use crate::ui::components::nav_link::NavLink;
use crate::ui::pack_store;
use crate::ui::route::Route;

/// What the form holds, as typed (numbers are read when the link is made, so a half-typed value is
/// never rejected while typing).
#[derive(Clone, PartialEq)]
struct Form {
    title: String,
    /// Pack ids, in the order chosen.
    chosen: Vec<String>,
    /// Draw N per difficulty instead of picking.
    draw: bool,
    picked: BTreeSet<(String, String)>,
    per_difficulty: [String; 4],
    draw_seed: String,
    shuffle: bool,
    seed: String,
    own_time: bool,
    time_s: String,
    /// `""`: each question's own.
    attempts: String,
    /// A `datetime-local` value, or `""`.
    start: String,
}

impl Default for Form {
    fn default() -> Form {
        Form {
            title: "Rollback Lab session".into(),
            chosen: Vec::new(),
            draw: false,
            picked: BTreeSet::new(),
            per_difficulty: Default::default(),
            draw_seed: "1".into(),
            shuffle: false,
            seed: "1".into(),
            own_time: true,
            time_s: "60".into(),
            attempts: String::new(),
            start: String::new(),
        }
    }
}

fn number<T: std::str::FromStr>(text: &str, field: &str) -> Result<T, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{field}: {text:?} is not a whole number in range"))
}

/// The spec the form describes, or what is wrong with it.
fn build(form: &Form, packs: &BTreeMap<String, Rc<Pack>>) -> Result<SessionSpec, String> {
    let chosen: Vec<&Pack> = form
        .chosen
        .iter()
        .filter_map(|id| packs.get(id).map(|p| &**p))
        .collect();
    if chosen.is_empty() {
        return Err("choose at least one pack".into());
    }
    let title = form.title.trim();
    let mut spec = if form.draw {
        let mut per = [0u8; 4];
        for (i, text) in form.per_difficulty.iter().enumerate() {
            let label = Difficulty::ALL.get(i).map_or("questions", |d| d.label());
            per[i] = if text.trim().is_empty() {
                0
            } else {
                number(text, &format!("{label} questions"))?
            };
        }
        let rule = DrawRule {
            packs: form.chosen.clone(),
            per_difficulty: per,
            seed: number(&form.draw_seed, "draw seed")?,
        };
        SessionSpec::draw(title, &chosen, rule).map_err(|e| e.to_string())?
    } else {
        // Picked questions in pack order, then authored order.
        let picks: Vec<(String, String)> = chosen
            .iter()
            .flat_map(|p| p.questions.iter().map(move |q| (p.id.clone(), q.id.clone())))
            .filter(|k| form.picked.contains(k))
            .collect();
        if picks.is_empty() {
            return Err("pick at least one question".into());
        }
        SessionSpec::from_questions(title, &chosen, &picks).map_err(|e| e.to_string())?
    };
    spec.shuffle_questions = form.shuffle;
    if form.shuffle || !form.draw {
        spec.seed = number(&form.seed, "shuffle seed")?;
    }
    spec.time_limit_s = if form.own_time {
        None
    } else {
        Some(number(&form.time_s, "time per question")?)
    };
    spec.attempts = if form.attempts.is_empty() {
        None
    } else {
        Some(number(&form.attempts, "attempts")?)
    };
    spec.start_ms = if form.start.trim().is_empty() {
        None
    } else {
        Some(
            browser::local_datetime_ms(&form.start)
                .ok_or_else(|| format!("start time: {:?} is not a date and time", form.start))?,
        )
    };
    spec.check().map_err(|e| e.to_string())?;
    Ok(spec)
}

/// One change to the form, made from the event that asked for it.
type Edit = Box<dyn Fn(&mut Form, &Event)>;

fn event_value(e: &Event) -> String {
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    String::new()
}

fn event_checked(e: &Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// The questions of the session made into `code`, for the instructor to read before sharing: titles,
/// prompts and options with the right ones marked (ordering questions: the steps in the right order).
fn preview(code: &str, packs: &BTreeMap<String, Rc<Pack>>) -> Html {
    let Ok(spec) = link::decode(code) else { return html! {} };
    let all: Vec<&Pack> = packs.values().map(|p| &**p).collect();
    let questions = match spec.resolve(&all) {
        Ok(q) => q,
        Err(missing) => {
            return html! { <p class="notice warn">{ format!("No preview: {} question(s) could not be found in the loaded packs.", missing.len()) }</p> };
        }
    };
    let order = if spec.shuffle_questions { "Learners see them shuffled, and every question's options shuffled." } else { "Learners see them in this order, with every question's options shuffled." };
    html! {
        <details class="session-preview">
            <summary>{ format!("Preview the {} question{} (right answers marked, for you only)", questions.len(), if questions.len() == 1 { "" } else { "s" }) }</summary>
            <p class="meta">{ order }</p>
            <ol class="preview-questions">
                { for questions.iter().map(|(pack, q)| html! {
                    <li class="preview-question">
                        <h3>{ inline(&q.title) }<span class="meta">{ format!(" · {pack}/{}", q.id) }</span></h3>
                        <p>{ inline(&q.prompt) }</p>
                        if q.steps.is_empty() {
                            <ul class="preview-options">
                                { for q.options.iter().enumerate().map(|(i, o)| html! {
                                    <li class={classes!(o.correct.then_some("right"))}>
                                        { format!("{}. ", crate::quiz::run::letter(i as u8)) }{ inline(&o.text) }
                                        if o.correct { <strong>{ " (right)" }</strong> }
                                    </li>
                                }) }
                            </ul>
                        } else {
                            <p class="meta">{ "Right order:" }</p>
                            <ol class="preview-steps">{ for q.steps.iter().map(|s| html! { <li>{ inline(s) }</li> }) }</ol>
                        }
                    </li>
                }) }
            </ol>
        </details>
    }
}

/// The builder page.
#[component]
pub fn SessionNewPage() -> Html {
    let form = use_state(Form::default);
    let index = use_state(|| Loading::<Vec<PackSummary>>::Pending);
    let packs = use_mut_ref(BTreeMap::<String, Rc<Pack>>::new);
    let pack_problems = use_mut_ref(BTreeMap::<String, String>::new);
    let redraw = use_force_update();
    let created = use_state(|| None::<Result<String, String>>);
    {
        let index = index.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                match pack_store::shipped_index().await {
                    Ok(i) => {
                        let mut all = i.packs;
                        for s in pack_store::imported_summaries() {
                            if !all.iter().any(|p| p.id == s.id) {
                                all.push(s);
                            }
                        }
                        index.set(Loading::Ready(all));
                    }
                    Err(e) => index.set(Loading::Failed(e)),
                }
            });
        });
    }
    // Every change goes through here, and makes an earlier link stale.
    let change = {
        let form = form.clone();
        let created = created.clone();
        move |f: Edit| {
            let form = form.clone();
            let created = created.clone();
            Callback::from(move |e: Event| {
                let mut next = (*form).clone();
                f(&mut next, &e);
                form.set(next);
                created.set(None);
            })
        }
    };
    let choose_pack = |id: String| {
        let packs = packs.clone();
        let pack_problems = pack_problems.clone();
        let redraw = redraw.clone();
        change(Box::new(move |f: &mut Form, e: &Event| {
            if event_checked(e) {
                if !f.chosen.contains(&id) {
                    f.chosen.push(id.clone());
                }
                if !packs.borrow().contains_key(&id) {
                    let (packs, pack_problems, redraw, id) =
                        (packs.clone(), pack_problems.clone(), redraw.clone(), id.clone());
                    yew::platform::spawn_local(async move {
                        match pack_store::load(&id).await {
                            Ok(p) => {
                                packs.borrow_mut().insert(id.clone(), Rc::new(p));
                            }
                            Err(e) => {
                                pack_problems.borrow_mut().insert(id.clone(), e.join("; "));
                            }
                        }
                        redraw.force_update();
                    });
                }
            } else {
                f.chosen.retain(|c| *c != id);
                f.picked.retain(|(p, _)| *p != id);
            }
        }))
    };
    let create = {
        let form = form.clone();
        let packs = packs.clone();
        let created = created.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            created.set(Some(build(&form, &packs.borrow()).map(|spec| {
                // Kept in "My sessions" so losing the link does not lose the dashboard.
                let (mut kept, _) = stored::read();
                kept.add_session(&spec, browser::now_ms());
                stored::write(&kept);
                link::encode(&spec)
            })));
        })
    };

    let f = &*form;
    let pack_list = match &*index {
        Loading::Pending => html! { <p role="status">{ "Loading the packs…" }</p> },
        Loading::Failed(e) => html! { <p class="notice error" role="alert">{ e.clone() }</p> },
        Loading::Ready(list) => html! {
            <ul class="session-packs">
                { for list.iter().map(|s| {
                    let id = format!("pack-{}", s.id);
                    html! {
                        <li>
                            <input type="checkbox" id={id.clone()} checked={f.chosen.contains(&s.id)} onchange={choose_pack(s.id.clone())} />
                            <label for={id}>{ format!("{} ({} questions)", s.title, s.questions) }</label>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    let loaded = packs.borrow();
    let problems = pack_problems.borrow();
    let chosen_packs: Vec<Rc<Pack>> = f.chosen.iter().filter_map(|id| loaded.get(id).cloned()).collect();
    let waiting = f
        .chosen
        .iter()
        .any(|id| !loaded.contains_key(id) && !problems.contains_key(id));
    let question_picker = html! {
        <>
            { for chosen_packs.iter().map(|p| html! {
                <fieldset class="session-questions">
                    <legend>{ format!("{}: pick questions", p.title) }</legend>
                    <ul>
                        { for p.questions.iter().map(|q| {
                            let key = (p.id.clone(), q.id.clone());
                            let id = format!("pick-{}-{}", p.id, q.id);
                            let toggle = {
                                let key = key.clone();
                                change(Box::new(move |f: &mut Form, e: &Event| {
                                    if event_checked(e) { f.picked.insert(key.clone()); } else { f.picked.remove(&key); }
                                }))
                            };
                            html! {
                                <li>
                                    <input type="checkbox" id={id.clone()} checked={f.picked.contains(&key)} onchange={toggle} />
                                    <label for={id}>
                                        <span class="q-title">{ crate::ui::components::rich_text::inline(&q.title) }</span>
                                        <span class="meta">{ format!(" {} · {} · {} s", q.kind.label(), q.difficulty.label(), q.time_limit) }</span>
                                    </label>
                                </li>
                            }
                        }) }
                    </ul>
                </fieldset>
            }) }
        </>
    };
    let draw_inputs = {
        let available = |d: Difficulty| {
            chosen_packs
                .iter()
                .map(|p| p.questions.iter().filter(|q| q.difficulty == d).count())
                .sum::<usize>()
        };
        html! {
            <fieldset class="session-draw">
                <legend>{ "Questions to draw of each difficulty" }</legend>
                { for Difficulty::ALL.iter().enumerate().map(|(i, d)| {
                    let id = format!("draw-{}", d.name());
                    html! {
                        <p>
                            <label for={id.clone()}>{ format!("{} ({} available)", d.label(), available(*d)) }</label>
                            <input type="number" min="0" max="50" id={id} value={f.per_difficulty[i].clone()}
                                oninput={change(Box::new(move |f: &mut Form, e: &Event| f.per_difficulty[i] = event_value(e))).reform(|e: InputEvent| e.into())} />
                        </p>
                    }
                }) }
                <p>
                    <label for="draw-seed">{ "Draw seed (the same seed draws the same questions)" }</label>
                    <input type="number" min="0" id="draw-seed" value={f.draw_seed.clone()}
                        oninput={change(Box::new(|f: &mut Form, e: &Event| f.draw_seed = event_value(e))).reform(|e: InputEvent| e.into())} />
                </p>
            </fieldset>
        }
    };
    let result = match &*created {
        None => html! {},
        Some(Err(e)) => {
            html! { <p class="notice error" role="alert">{ format!("The link cannot be made: {e}.") }</p> }
        }
        Some(Ok(code)) => {
            let share = format!("{}session#{code}", browser::base_uri());
            let preview = preview(code, &packs.borrow());
            html! {
                <section class="session-created" aria-labelledby="created-title">
                    <h2 id="created-title" tabindex="-1">{ "Your session link" }</h2>
                    <p>{ "Send this link to the learners. The whole session is in the link itself: nothing is stored on any server." }</p>
                    <CopyField id="share-link" label="Share link" value={share} />
                    <ul class="session-next">
                        <li><a class="present-link" href={format!("sessions/present#{code}")}>{ "Open the presenter view" }</a>{ " (for a projector)" }</li>
                        <li><a class="results-link" href={format!("sessions/results#{code}")}>{ "Open the results dashboard" }</a>{ " (paste the learners' result codes there)" }</li>
                        <li><a class="learner-link" href={format!("session#{code}")}>{ "Try it as a learner" }</a></li>
                    </ul>
                    <p class="meta">{ "Keep the link: the dashboard needs it to read this session's codes. Changing anything and making a new link makes a different session. It is also kept under \u{201c}My sessions\u{201d} below, in this browser." }</p>
                    { preview }
                    <ScormDownload code={code.clone()} />
                </section>
            }
        }
    };
    html! {
        <section class="page session-builder" aria-labelledby="builder-title">
            <h1 id="builder-title">{ "Build a session" }</h1>
            <p class="lead">{ "A timed challenge for a group: choose the questions and the rules, then share one link. Learners send you back a result code; the dashboard reads them." }</p>
            <form onsubmit={create}>
                <p>
                    <label for="session-title">{ "Title" }</label>
                    <input type="text" id="session-title" maxlength="200" value={f.title.clone()}
                        oninput={change(Box::new(|f: &mut Form, e: &Event| f.title = event_value(e))).reform(|e: InputEvent| e.into())} />
                </p>
                <fieldset>
                    <legend>{ "Packs" }</legend>
                    { pack_list }
                    <p class="meta">{ "Questions of your own: " }
                       <NavLink to={Route::ImportPack} classes={classes!("import-link")}>{ "import a pack or a Moodle XML or GIFT bank" }</NavLink>
                       { ", and it is listed here." }</p>
                    { for problems.iter().map(|(id, e)| html! { <p class="notice error" role="alert">{ format!("{id}: {e}") }</p> }) }
                    if waiting { <p role="status">{ "Loading the chosen packs…" }</p> }
                </fieldset>
                <fieldset>
                    <legend>{ "Questions" }</legend>
                    <p class="choice">
                        <input type="radio" name="how" id="how-pick" checked={!f.draw}
                            onchange={change(Box::new(|f: &mut Form, _e: &Event| f.draw = false))} />
                        <label for="how-pick">{ "Pick the questions" }</label>
                        <input type="radio" name="how" id="how-draw" checked={f.draw}
                            onchange={change(Box::new(|f: &mut Form, _e: &Event| f.draw = true))} />
                        <label for="how-draw">{ "Draw a number of each difficulty" }</label>
                    </p>
                    if f.chosen.is_empty() { <p class="meta">{ "Choose a pack first." }</p> }
                    else if f.draw { { draw_inputs } } else { { question_picker } }
                </fieldset>
                <fieldset>
                    <legend>{ "Order" }</legend>
                    <p class="choice">
                        <input type="radio" name="order" id="order-fixed" checked={!f.shuffle}
                            onchange={change(Box::new(|f: &mut Form, _e: &Event| f.shuffle = false))} />
                        <label for="order-fixed">{ "Fixed" }</label>
                        <input type="radio" name="order" id="order-shuffled" checked={f.shuffle}
                            onchange={change(Box::new(|f: &mut Form, _e: &Event| f.shuffle = true))} />
                        <label for="order-shuffled">{ "Shuffled (the same order for everyone)" }</label>
                    </p>
                    <p>
                        <label for="session-seed">{ "Seed (the order when shuffled, and every question's option order)" }</label>
                        <input type="number" min="0" id="session-seed" value={f.seed.clone()}
                            oninput={change(Box::new(|f: &mut Form, e: &Event| f.seed = event_value(e))).reform(|e: InputEvent| e.into())} />
                    </p>
                </fieldset>
                <fieldset>
                    <legend>{ "Time and attempts" }</legend>
                    <p class="choice">
                        <input type="radio" name="time" id="time-own" checked={f.own_time}
                            onchange={change(Box::new(|f: &mut Form, _e: &Event| f.own_time = true))} />
                        <label for="time-own">{ "Each question's own time" }</label>
                        <input type="radio" name="time" id="time-same" checked={!f.own_time}
                            onchange={change(Box::new(|f: &mut Form, _e: &Event| f.own_time = false))} />
                        <label for="time-same">{ "The same time for every question" }</label>
                    </p>
                    if !f.own_time {
                        <p>
                            <label for="time-s">{ "Seconds per question (5 to 3600)" }</label>
                            <input type="number" min="5" max="3600" id="time-s" value={f.time_s.clone()}
                                oninput={change(Box::new(|f: &mut Form, e: &Event| f.time_s = event_value(e))).reform(|e: InputEvent| e.into())} />
                        </p>
                    }
                    <p>
                        <label for="attempts">{ "Attempts per question" }</label>
                        <select id="attempts" onchange={change(Box::new(|f: &mut Form, e: &Event| f.attempts = event_value(e)))}>
                            <option value="" selected={f.attempts.is_empty()}>{ "Each question's own" }</option>
                            { for (1..=5).map(|n| html! { <option value={n.to_string()} selected={f.attempts == n.to_string()}>{ n }</option> }) }
                        </select>
                    </p>
                </fieldset>
                <fieldset>
                    <legend>{ "Start time (optional)" }</legend>
                    <p>
                        <label for="start">{ "Everyone starts at" }</label>
                        <input type="datetime-local" id="start" value={f.start.clone()}
                            oninput={change(Box::new(|f: &mut Form, e: &Event| f.start = event_value(e))).reform(|e: InputEvent| e.into())} />
                    </p>
                    <p class="meta">{ "Read in this browser's time zone. Each learner's countdown runs on their own device's clock, so a clock that is wrong starts early or late. Leave it empty to let everyone start when ready." }</p>
                </fieldset>
                <p><button type="submit" class="button primary create-link">{ "Create link" }</button></p>
            </form>
            <div aria-live="polite">{ result }</div>
            <MySessions key={created.as_ref().and_then(|c| c.as_ref().ok()).cloned().unwrap_or_default()} />
        </section>
    }
}
