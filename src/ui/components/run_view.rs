//! A run of questions on screen: the question, its options or steps, the clock, the feedback the
//! mode allows, and at the end the report. Every click and key becomes one `quiz::Action`; the run
//! is saved after each, so a reload resumes it with the time and attempts really left.
//!
//! Focus follows the learner: the heading of each new question, the hint once shown, the feedback
//! after a wrong try, the Next button after a question is settled, a moved step's own button. An
//! action that replaces the focused element therefore never drops focus to `<body>`.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::countdown::{Clock, countdown, spoken_time};
use super::rich_text::{inline, rich_text};
use super::run_report::{Again, run_report};
use crate::pack::Interaction;
use crate::quiz::run::{Action, Effect, Mark, Refusal, Run, Status};
use crate::quiz::{score, timer};
use crate::ui::browser;
use crate::ui::progress_store::{ProgressAction, use_progress};

/// A run shared between the page that made it and this view (compared by identity).
#[derive(Clone)]
pub struct SharedRun(pub Rc<RefCell<Run>>);

impl PartialEq for SharedRun {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct RunViewProps {
    pub run: SharedRun,
    /// localStorage key the unfinished run is saved under.
    pub storage_key: AttrValue,
    /// Ids of the shipped packs (for the Rollback Mastery badge).
    pub shipped: Rc<Vec<String>>,
    /// The name of the badge this run can earn (a pack's Challenge), shown when it is earned.
    #[prop_or_default]
    pub badge_name: AttrValue,
    /// "Retry" and "practise the ones I missed" on the report; pack runs offer them, sessions do not.
    #[prop_or_default]
    pub on_again: Option<Callback<Again>>,
}

/// What recording the finished run produced, shown with the report.
#[derive(Clone, PartialEq, Default)]
struct Outcome {
    new_badges: Vec<String>,
}

/// Element ids focus moves to.
const HEADING_ID: &str = "question-title";
const HINT_ID: &str = "question-hint";
const FEEDBACK_ID: &str = "question-feedback";
const NEXT_ID: &str = "question-next";
const SUBMIT_ID: &str = "question-submit";

fn step_button_id(position: u8, up: bool) -> String {
    format!("step-{position}-{}", if up { "up" } else { "down" })
}

fn key_to_action(key: &str, run: &Run) -> Option<Action> {
    let open = run.slot(run.current_index()).is_some_and(|s| s.status == Status::Open);
    match key {
        "Enter" => Some(if open { Action::Submit } else { Action::Next }),
        "h" | "H" => Some(Action::Hint),
        "n" | "N" => Some(Action::Next),
        k if k.len() == 1 => {
            let c = k.chars().next()?.to_ascii_uppercase();
            let position = match c {
                '1'..='9' => c as u8 - b'1',
                'A'..='F' => c as u8 - b'A',
                _ => return None,
            };
            open.then_some(Action::Choose(position))
        }
        _ => None,
    }
}

/// The clock of the question at `index` at `now_ms`.
fn clock(run: &Run, index: usize, now_ms: u64) -> Clock {
    let Some(slot) = run.slot(index) else { return Clock::Untimed };
    if slot.status == Status::TimedOut {
        return Clock::TimeUp;
    }
    match (slot.status, slot.deadline_ms, slot.opened_ms, slot.settled_ms) {
        (Status::Open, Some(deadline), _, _) => Clock::Running(timer::remaining_ms(deadline, now_ms)),
        (_, Some(_), Some(opened), Some(settled)) => Clock::Answered(settled.saturating_sub(opened)),
        _ => Clock::Untimed,
    }
}

/// What to say when a submit is refused, so a press never silently does nothing.
fn refusal_text(refusal: Refusal) -> Option<&'static str> {
    match refusal {
        Refusal::SameAnswer => Some("That is the answer just marked wrong. Change it before you submit again."),
        Refusal::NothingChosen => Some("Choose an answer first."),
        Refusal::NoHint => Some("There is no hint yet: it is offered after a wrong first try."),
        _ => None,
    }
}

/// The running quiz.
#[component]
pub fn RunView(props: &RunViewProps) -> Html {
    let run = props.run.0.clone();
    let progress = use_progress();
    let hide_timer = progress.progress.settings.hide_timer;
    let redraw = use_state(|| 0u32);
    let now = use_state(browser::now_ms);
    let announcement = use_state(String::new);
    let notice = use_state(|| None::<&'static str>);
    let outcome = use_state(Outcome::default);
    let dragging = use_state(|| None::<u8>);
    // Where focus goes after the next render (an id), set by the action that changed the screen.
    let focus_next = use_mut_ref(|| Some(HEADING_ID.to_owned()));

    let dispatch = {
        let run = run.clone();
        let redraw = redraw.clone();
        let key = props.storage_key.clone();
        let progress = progress.clone();
        let outcome = outcome.clone();
        let announcement = announcement.clone();
        let notice = notice.clone();
        let shipped = props.shipped.clone();
        let badge_name = props.badge_name.clone();
        let focus_next = focus_next.clone();
        Callback::from(move |action: Action| {
            let at = browser::now_ms();
            let mut r = run.borrow_mut();
            let before = r.current_index();
            let moved_to = match action {
                Action::MoveStep { from, to } => Some((to, to < from)),
                _ => None,
            };
            let is_hint = action == Action::Hint;
            let effect = r.reduce(action, at);
            // A clock tick changes nothing the learner did, so it leaves a refusal message up.
            if effect != Effect::Nothing {
                notice.set(None);
            }
            match effect {
                Effect::Finished => {
                    browser::storage_remove(&key);
                    crate::ui::scorm::finish(&r);
                    let mut p = progress.progress.clone();
                    let ids: Vec<&str> = shipped.iter().map(String::as_str).collect();
                    let recorded = p.record_run(&r, &ids, at, browser::utc_offset_min());
                    progress.dispatch(ProgressAction::Replace(p));
                    announcement.set("The run is finished. Your results are below.".into());
                    let names = recorded
                        .new_badges
                        .iter()
                        .map(|id| if id == crate::quiz::badge::MASTERY { crate::quiz::badge::MASTERY_NAME.to_owned() } else { badge_name.to_string() })
                        .collect();
                    outcome.set(Outcome { new_badges: names });
                    *focus_next.borrow_mut() = Some(super::run_report::REPORT_TITLE_ID.to_owned());
                }
                Effect::TimeUp => {
                    announcement.set("Time is up for this question.".into());
                    browser::storage_set_raw(&key, &r.to_json());
                    crate::ui::scorm::save(&r);
                    *focus_next.borrow_mut() = Some(NEXT_ID.to_owned());
                }
                Effect::Ignored(refusal) => notice.set(refusal_text(refusal)),
                Effect::Nothing => {}
                Effect::Answered { correct, attempts_left } => {
                    browser::storage_set_raw(&key, &r.to_json());
                    crate::ui::scorm::save(&r);
                    let settled = correct || attempts_left == 0;
                    *focus_next.borrow_mut() = Some(if settled { NEXT_ID } else { FEEDBACK_ID }.to_owned());
                }
                Effect::Changed => {
                    browser::storage_set_raw(&key, &r.to_json());
                    // The LMS hears of moves between questions, not of every click on an option.
                    if r.current_index() != before {
                        crate::ui::scorm::save(&r);
                    }
                    if is_hint {
                        *focus_next.borrow_mut() = Some(HINT_ID.to_owned());
                    } else if let Some((to, up)) = moved_to {
                        // Keep focus on the step that moved, on the button that moves it further
                        // the same way (or the other one at either end).
                        let last = u8::try_from(r.steps(r.current_index()).len().saturating_sub(1)).unwrap_or(0);
                        let up = if to == 0 { false } else if to == last { true } else { up };
                        *focus_next.borrow_mut() = Some(step_button_id(to, up));
                    } else if r.slot(r.current_index()).is_some_and(|s| s.status == Status::Skipped) {
                        *focus_next.borrow_mut() = Some(NEXT_ID.to_owned());
                    }
                }
            }
            if r.current_index() != before {
                announcement.set(String::new());
                *focus_next.borrow_mut() = Some(HEADING_ID.to_owned());
            }
            drop(r);
            if effect != Effect::Nothing {
                redraw.set(*redraw + 1);
            }
        })
    };

    // After every render: move focus where the last action asked.
    {
        let focus_next = focus_next.clone();
        use_effect(move || {
            if let Some(id) = focus_next.borrow_mut().take() {
                browser::focus_by_id(&id);
            }
        });
    }

    // The clock: a repaint four times a second, and a Tick so the engine notices a deadline.
    {
        let dispatch = dispatch.clone();
        let now = now.clone();
        let run = run.clone();
        let announcement = announcement.clone();
        use_effect_with((), move |_| {
            let interval = gloo::timers::callback::Interval::new(250, move || {
                let at = browser::now_ms();
                let (timed, before) = {
                    let r = run.borrow();
                    (r.remaining_ms(at).is_some() && !r.is_finished(), r.remaining_ms(*now))
                };
                if timed {
                    if let (Some(before), Some(after)) = (before, run.borrow().remaining_ms(at))
                        && let Some(text) = timer::announcement(before, after)
                    {
                        announcement.set(text);
                    }
                    dispatch.emit(Action::Tick);
                }
                now.set(at);
            });
            move || drop(interval)
        });
    }

    // Keyboard: digits and letters choose, Enter submits or moves on, H the hint, N next, T the time.
    {
        let dispatch = dispatch.clone();
        let run = run.clone();
        let announcement = announcement.clone();
        use_effect_with((), move |_| {
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new_with_options(&w, "keydown", options, move |event| {
                    let Some(event) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(event) else { return };
                    if event.ctrl_key() || event.meta_key() || event.alt_key() {
                        return;
                    }
                    let tag = event
                        .target()
                        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                        .map(|e| e.tag_name())
                        .unwrap_or_default();
                    // Typing in a field, or Enter on a button (which clicks it anyway), is not a shortcut.
                    if matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        || (tag == "BUTTON" && (event.key() == "Enter" || event.key() == " "))
                    {
                        return;
                    }
                    if matches!(event.key().as_str(), "t" | "T") {
                        let r = run.borrow();
                        if r.mode().timed() && !r.is_finished() {
                            event.prevent_default();
                            announcement.set(spoken_time(clock(&r, r.current_index(), browser::now_ms())));
                        }
                        return;
                    }
                    let action = key_to_action(&event.key(), &run.borrow());
                    if let Some(action) = action {
                        event.prevent_default();
                        dispatch.emit(action);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let r = run.borrow();
    if r.is_finished() {
        return run_report(&props.run, &outcome.new_badges, announcement.as_str(), props.on_again.as_ref());
    }
    let index = r.current_index();
    let (Some(question), Some(slot)) = (r.question(index), r.slot(index)) else {
        return html! { <p class="notice error">{ "This run has no questions." }</p> };
    };
    let show = r.show(index);
    let open = slot.status == Status::Open;
    let on = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };

    let step_marks = r.step_marks(index);
    let answer_area = if question.interaction == Interaction::Ordering {
        let steps = r.steps(index);
        let last = steps.len().saturating_sub(1) as u8;
        html! {
            <ol class="steps" aria-label="Steps, in the order you chose">
                { for steps.iter().enumerate().map(|(i, (_, text))| {
                    let i = i as u8;
                    let mark = step_marks.as_ref().and_then(|m| m.get(usize::from(i)).copied());
                    let ondragstart = { let dragging = dragging.clone(); Callback::from(move |_: DragEvent| dragging.set(Some(i))) };
                    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
                    let ondrop = {
                        let dragging = dragging.clone();
                        let dispatch = dispatch.clone();
                        Callback::from(move |e: DragEvent| {
                            e.prevent_default();
                            if let Some(from) = *dragging { dispatch.emit(Action::MoveStep { from, to: i }); }
                            dragging.set(None);
                        })
                    };
                    html! {
                        <li class={classes!("step", mark.map(|ok| if ok { "in-place" } else { "out-of-place" }))}
                            draggable={open.to_string()} {ondragstart} {ondragover} {ondrop}>
                            if let Some(ok) = mark {
                                <span class="mark" aria-hidden="true">{ if ok { "✓" } else { "✗" } }</span>
                                <span class="visually-hidden">{ if ok { "In its right place: " } else { "Not in its right place: " } }</span>
                            }
                            <span class="step-text">{ inline(text) }</span>
                            <span class="step-moves">
                                <button type="button" class="icon" id={step_button_id(i, true)} disabled={!open || i == 0}
                                    aria-label={format!("Move step {} up", i + 1)}
                                    onclick={on(Action::MoveStep { from: i, to: i.saturating_sub(1) })}>{ "↑" }</button>
                                <button type="button" class="icon" id={step_button_id(i, false)} disabled={!open || i == last}
                                    aria-label={format!("Move step {} down", i + 1)}
                                    onclick={on(Action::MoveStep { from: i, to: (i + 1).min(last) })}>{ "↓" }</button>
                            </span>
                        </li>
                    }
                }) }
            </ol>
        }
    } else {
        let multiple = question.interaction == Interaction::Multiple;
        let marks = r.marks(index);
        html! {
            <div class="options" role={if multiple { "group" } else { "radiogroup" }} aria-labelledby={HEADING_ID}>
                { for r.options(index).iter().map(|o| {
                    let mark = marks.get(usize::from(o.position)).copied().unwrap_or(Mark::Plain);
                    let why = question.options.get(usize::from(o.authored)).and_then(|opt| opt.why.clone());
                    html! {
                        <div class={classes!("option-row", match mark { Mark::Wrong => Some("wrong"), Mark::Right => Some("right"), Mark::Plain => None })}>
                            <button type="button"
                                class={classes!("option", o.selected.then_some("selected"))}
                                role={if multiple { "checkbox" } else { "radio" }}
                                aria-checked={o.selected.to_string()}
                                disabled={!open}
                                onclick={on(Action::Choose(o.position))}>
                                <span class="letter" aria-hidden="true">{ o.letter }</span>
                                <span class="visually-hidden">{ format!("Option {}: ", o.letter) }</span>
                                <span class="option-text">{ inline(o.text) }</span>
                                { match mark {
                                    Mark::Wrong => html! { <span class="mark"><span aria-hidden="true">{ "✗ " }</span>{ "Wrong" }</span> },
                                    Mark::Right => html! { <span class="mark"><span aria-hidden="true">{ "✓ " }</span>{ "Right" }</span> },
                                    Mark::Plain => html! {},
                                } }
                            </button>
                            if mark == Mark::Wrong {
                                if let Some(why) = why {
                                    <p class="why">{ inline(&why) }</p>
                                }
                            }
                        </div>
                    }
                }) }
            </div>
        }
    };

    let verdict = verdict_text(&r, index, show.verdict);
    let solution = if show.solution && slot.status.is_settled() {
        let expected = score::expected_lines(&r, index);
        html! {
            <section class="solution" aria-labelledby="solution-title">
                <h3 id="solution-title">{ "Solution" }</h3>
                // An imported draft may lack the worked solution, explanation, quick check and
                // mistakes (pack::read::DRAFT_RELAXATIONS): what it lacks is left out.
                if !question.solution.is_empty() {
                    <ol>{ for question.solution.iter().map(|s| html! { <li>{ inline(s) }</li> }) }</ol>
                }
                <p><strong>{ "Answer: " }</strong>{ for expected.iter().map(|l| html! { <span class="answer-line">{ inline(l) }</span> }) }</p>
                if !question.explanation.is_empty() {
                    { rich_text(&question.explanation) }
                }
                if !question.quick_check.is_empty() {
                    <p class="quick-check"><strong>{ "Quick check: " }</strong>{ inline(&question.quick_check) }</p>
                }
                if !question.mistakes.is_empty() {
                    <h4>{ "Common mistakes" }</h4>
                    <ul>{ for question.mistakes.iter().map(|m| html! { <li>{ inline(m) }</li> }) }</ul>
                }
            </section>
        }
    } else if show.verdict && slot.status.is_settled() && question.interaction == Interaction::Ordering {
        // A Challenge keeps the worked solution for the results, but a settled ordering question
        // still shows the right order, as choice questions mark their right option.
        let expected = score::expected_lines(&r, index);
        html! {
            <section class="solution" aria-labelledby="order-title">
                <h3 id="order-title">{ "The right order" }</h3>
                <ol class="answer-order">{ for expected.iter().map(|l| html! { <li>{ inline(l.split_once(". ").map_or(l.as_str(), |(_, t)| t)) }</li> }) }</ol>
            </section>
        }
    } else {
        html! {}
    };

    let hint = if slot.hint_shown {
        html! { <p class="hint" id={HINT_ID} tabindex="-1"><strong>{ "Hint: " }</strong>{ inline(&question.hint) }</p> }
    } else {
        html! {}
    };

    let is_last = index + 1 >= r.len();
    let timed = r.mode().timed();
    let clock_now = clock(&r, index, *now);
    html! {
        <article class="question" aria-labelledby={HEADING_ID}>
            <header class="question-bar">
                <span class="pill kind">{ question.kind.label() }</span>
                <span class={classes!("pill", "level", question.difficulty.name())}>{ question.difficulty.label() }</span>
                <span class="position"><span class="visually-hidden">{ "Question " }</span>{ r.position_label() }</span>
                if timed {
                    { countdown(clock_now, hide_timer, announcement.as_str()) }
                }
                if show.attempts_left && open {
                    <span class="attempts">{ match slot.attempts_left() { 1 => "Last attempt".to_owned(), n => format!("{n} attempts left") } }</span>
                }
            </header>
            <h2 id={HEADING_ID} tabindex="-1">{ &question.title }</h2>
            { rich_text(&question.prompt) }
            if let Some(code) = &question.code {
                <pre class={classes!("snippet", question.code_lang.clone())} tabindex="0"><code>{ code }</code></pre>
            }
            <p class="interaction-note">{ question.interaction.label() }</p>
            { answer_area }
            <div class="feedback" aria-live="polite">
                if let Some(text) = *notice {
                    <p class="notice warn">{ text }</p>
                }
                if let Some((ok, text)) = verdict {
                    <p class={classes!("verdict", if ok { "ok" } else { "bad" })} id={FEEDBACK_ID} tabindex="-1">
                        <span aria-hidden="true">{ if ok { "✓ " } else { "✗ " } }</span>{ text }
                    </p>
                }
                { hint }
            </div>
            <div class="controls">
                if open {
                    <button type="button" class="button primary submit" id={SUBMIT_ID} onclick={on(Action::Submit)}>{ "Submit" }<kbd>{ "Enter" }</kbd></button>
                    if r.hint_available(index) && !slot.hint_shown {
                        <button type="button" class="button hint-button" onclick={on(Action::Hint)}>{ "Hint" }<kbd>{ "H" }</kbd></button>
                    }
                    <button type="button" class="button skip" onclick={on(Action::Skip)}>{ "Skip" }</button>
                } else {
                    <button type="button" class="button primary next" id={NEXT_ID} onclick={on(Action::Next)}>
                        { if is_last { "See results" } else { "Next question" } }<kbd>{ "N" }</kbd>
                    </button>
                }
                if timed && open {
                    <button type="button" class="button subtle time-left" onclick={{
                        let announcement = announcement.clone();
                        Callback::from(move |_: MouseEvent| announcement.set(spoken_time(clock_now)))
                    }}>{ "Time left" }<kbd>{ "T" }</kbd></button>
                }
                <EndRun on_end={on(Action::Finish)} />
            </div>
            { solution }
        </article>
    }
}

/// The verdict line of the question at `index`: right or not, and what to do next. `None` while
/// nothing may be said (a Test, or no try yet).
fn verdict_text(run: &Run, index: usize, verdict_allowed: bool) -> Option<(bool, String)> {
    let slot = run.slot(index)?;
    let question = run.question(index)?;
    if slot.status == Status::TimedOut {
        return Some((false, "Time is up: this question earns nothing.".to_owned()));
    }
    if !verdict_allowed {
        return None;
    }
    let last = slot.tries.last()?;
    if last.correct {
        let on_try = match slot.tries.len() {
            1 => "Right, on the first try.".to_owned(),
            n => format!("Right, on try {n}."),
        };
        return Some((true, on_try));
    }
    let what = match question.interaction {
        Interaction::Ordering => {
            let in_place = run.step_marks(index).map_or(0, |m| m.iter().filter(|ok| **ok).count());
            format!("Not right: {in_place} of {} steps are in their place (marked ✓).", question.steps.len())
        }
        Interaction::Multiple => {
            let wrong = run.marks(index).iter().filter(|m| **m == Mark::Wrong).count();
            match wrong {
                0 => "Not right: every option you chose is right, but some right ones are missing.".to_owned(),
                1 => "Not right: one option you chose is wrong (marked ✗, with why).".to_owned(),
                n => format!("Not right: {n} options you chose are wrong (marked ✗, with why)."),
            }
        }
        Interaction::Single => "Not right: see why under your choice.".to_owned(),
    };
    let next = match (slot.status, slot.attempts_left()) {
        (Status::Open, 1) => " One attempt left.".to_owned(),
        (Status::Open, n) => format!(" {n} attempts left."),
        _ => " The right answer is marked ✓.".to_owned(),
    };
    Some((false, format!("{what}{next}")))
}

#[derive(Properties, PartialEq)]
struct EndRunProps {
    on_end: Callback<MouseEvent>,
}

/// "End the run", with a confirmation: one stray click must not end a graded run.
#[component]
fn EndRun(props: &EndRunProps) -> Html {
    let asking = use_state(|| false);
    // Focus follows the question and its answer, but not on the first render: the question's
    // heading has it then.
    let mounted = use_mut_ref(|| false);
    {
        let asking = *asking;
        use_effect_with(asking, move |asking| {
            if std::mem::replace(&mut *mounted.borrow_mut(), true) {
                browser::focus_by_id(if *asking { "end-run-confirm" } else { "end-run" });
            }
        });
    }
    if *asking {
        let cancel = {
            let asking = asking.clone();
            Callback::from(move |_: MouseEvent| asking.set(false))
        };
        html! {
            <span class="confirm" role="group" aria-labelledby="end-run-question">
                <span id="end-run-question">{ "End the run now? Questions not answered score nothing." }</span>
                <button type="button" class="button danger finish-confirm" id="end-run-confirm" onclick={props.on_end.clone()}>{ "End it" }</button>
                <button type="button" class="button subtle" onclick={cancel}>{ "Keep going" }</button>
            </span>
        }
    } else {
        let ask = {
            let asking = asking.clone();
            Callback::from(move |_: MouseEvent| asking.set(true))
        };
        html! { <button type="button" class="button subtle finish" id="end-run" onclick={ask}>{ "End the run" }</button> }
    }
}
