//! A run of questions on screen: the question, its options or steps, the clock, the feedback the
//! mode allows, and at the end the report. Every click and key becomes one `quiz::Action`; the run
//! is saved after each, so a reload resumes it with the time and attempts really left.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::countdown::Countdown;
use super::rich_text::{RichText, inline};
use crate::pack::Interaction;
use crate::quiz::run::{Action, Effect, Run, Status};
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

#[derive(Properties, PartialEq)]
pub struct RunViewProps {
    pub run: SharedRun,
    /// localStorage key the unfinished run is saved under.
    pub storage_key: AttrValue,
    /// Ids of the shipped packs (for the Rollback Mastery badge).
    pub shipped: Rc<Vec<String>>,
    /// The name of the badge this run can earn (a pack's Challenge), shown when it is earned.
    #[prop_or_default]
    pub badge_name: AttrValue,
}

/// What recording the finished run produced, shown with the report.
#[derive(Clone, PartialEq, Default)]
struct Outcome {
    new_badges: Vec<String>,
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

/// The running quiz.
#[component]
pub fn RunView(props: &RunViewProps) -> Html {
    let run = props.run.0.clone();
    let progress = use_progress();
    let redraw = use_state(|| 0u32);
    let now = use_state(browser::now_ms);
    let announcement = use_state(String::new);
    let outcome = use_state(Outcome::default);
    let heading = use_node_ref();
    let dragging = use_state(|| None::<u8>);

    let dispatch = {
        let run = run.clone();
        let redraw = redraw.clone();
        let key = props.storage_key.clone();
        let progress = progress.clone();
        let outcome = outcome.clone();
        let announcement = announcement.clone();
        let shipped = props.shipped.clone();
        let badge_name = props.badge_name.clone();
        Callback::from(move |action: Action| {
            let at = browser::now_ms();
            let mut r = run.borrow_mut();
            let before = r.current_index();
            let effect = r.reduce(action, at);
            match effect {
                Effect::Finished => {
                    browser::storage_remove(&key);
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
                }
                Effect::TimeUp => {
                    announcement.set("Time is up for this question.".into());
                    browser::storage_set_raw(&key, &r.to_json());
                }
                Effect::Nothing | Effect::Ignored(_) => {}
                _ => {
                    browser::storage_set_raw(&key, &r.to_json());
                }
            }
            let moved = r.current_index() != before;
            drop(r);
            if moved {
                announcement.set(String::new());
            }
            if effect != Effect::Nothing {
                redraw.set(*redraw + 1);
            }
        })
    };

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
                    if let (Some(before), Some(after)) = (before, run.borrow().remaining_ms(at)) {
                        if let Some(text) = timer::announcement(before, after) {
                            announcement.set(text);
                        }
                    }
                    dispatch.emit(Action::Tick);
                }
                now.set(at);
            });
            move || drop(interval)
        });
    }

    // Keyboard: digits and letters choose, Enter submits or moves on, H shows the hint, N next.
    {
        let dispatch = dispatch.clone();
        let run = run.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "keydown", move |event| {
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

    // Focus the question's heading when a new question opens.
    let current = run.borrow().current_index();
    {
        let heading = heading.clone();
        use_effect_with(current, move |_| {
            if let Some(el) = heading.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }

    let r = run.borrow();
    if r.is_finished() {
        return report_view(&r, &outcome.new_badges, &announcement);
    }
    let index = r.current_index();
    let (Some(question), Some(slot)) = (r.question(index), r.slot(index)) else {
        return html! { <p class="notice error">{ "This run has no questions." }</p> };
    };
    let show = r.show(index);
    let open = slot.status == Status::Open;
    let remaining = r.remaining_ms(*now);
    let on = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };

    let answer_area = if question.interaction == Interaction::Ordering {
        let steps = r.steps(index);
        let last = steps.len().saturating_sub(1) as u8;
        html! {
            <ol class="steps" aria-label="Steps, in the order you chose">
                { for steps.iter().enumerate().map(|(i, (_, text))| {
                    let i = i as u8;
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
                        <li class="step" draggable={open.to_string()} {ondragstart} {ondragover} {ondrop}>
                            <span class="step-text">{ inline(text) }</span>
                            <span class="step-moves">
                                <button type="button" class="icon" disabled={!open || i == 0}
                                    aria-label={format!("Move step {} up", i + 1)}
                                    onclick={on(Action::MoveStep { from: i, to: i.saturating_sub(1) })}>{ "↑" }</button>
                                <button type="button" class="icon" disabled={!open || i == last}
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
        html! {
            <div class="options" role={if multiple { "group" } else { "radiogroup" }} aria-labelledby="question-title">
                { for r.options(index).iter().map(|o| html! {
                    <button type="button"
                        class={classes!("option", o.selected.then_some("selected"))}
                        role={if multiple { "checkbox" } else { "radio" }}
                        aria-checked={o.selected.to_string()}
                        disabled={!open}
                        onclick={on(Action::Choose(o.position))}>
                        <span class="letter" aria-hidden="true">{ o.letter }</span>
                        <span class="visually-hidden">{ format!("Option {}: ", o.letter) }</span>
                        <span>{ inline(o.text) }</span>
                    </button>
                }) }
            </div>
        }
    };

    let verdict = if show.verdict && !slot.tries.is_empty() {
        match slot.status {
            Status::Correct => html! { <p class="verdict ok">{ "Correct." }</p> },
            Status::TimedOut => html! { <p class="verdict bad">{ "Time is up." }</p> },
            Status::Open => html! { <p class="verdict bad">{ "Not quite. Try again." }</p> },
            _ => html! { <p class="verdict bad">{ "Not right." }</p> },
        }
    } else if slot.status == Status::TimedOut {
        html! { <p class="verdict bad">{ "Time is up." }</p> }
    } else {
        html! {}
    };

    let solution = if show.solution && slot.status.is_settled() {
        let expected = score::expected_lines(&r, index);
        html! {
            <section class="solution" aria-labelledby="solution-title">
                <h3 id="solution-title">{ "Solution" }</h3>
                <ol>{ for question.solution.iter().map(|s| html! { <li>{ inline(s) }</li> }) }</ol>
                <p><strong>{ "Answer: " }</strong>{ for expected.iter().map(|l| html! { <span class="answer-line">{ inline(l) }</span> }) }</p>
                <RichText text={question.explanation.clone()} />
                <p class="quick-check"><strong>{ "Quick check: " }</strong>{ inline(&question.quick_check) }</p>
                <h4>{ "Common mistakes" }</h4>
                <ul>{ for question.mistakes.iter().map(|m| html! { <li>{ inline(m) }</li> }) }</ul>
            </section>
        }
    } else {
        html! {}
    };

    let hint = if slot.hint_shown {
        html! { <p class="hint" role="note"><strong>{ "Hint: " }</strong>{ inline(&question.hint) }</p> }
    } else {
        html! {}
    };

    let is_last = index + 1 >= r.len();
    html! {
        <article class="question" aria-labelledby="question-title">
            <header class="question-bar">
                <span class="pill kind">{ question.kind.label() }</span>
                <span class={classes!("pill", "level", question.difficulty.name())}>{ question.difficulty.label() }</span>
                <span class="position" aria-label={format!("Question {}", r.position_label())}>{ r.position_label() }</span>
                if r.mode().timed() {
                    <Countdown remaining_ms={remaining} announcement={(*announcement).clone()} />
                }
                if show.attempts_left {
                    <span class="attempts">{ format!("Attempts: {} left", slot.attempts_left()) }</span>
                }
            </header>
            <h2 id="question-title" ref={heading} tabindex="-1">{ &question.title }</h2>
            <RichText text={question.prompt.clone()} />
            if let Some(code) = &question.code {
                <pre class={classes!("snippet", question.code_lang.clone())}><code>{ code }</code></pre>
            }
            <p class="interaction-note">{ question.interaction.label() }</p>
            { answer_area }
            <div class="feedback" aria-live="polite">{ verdict }{ hint }</div>
            <div class="controls">
                if open {
                    <button type="button" class="button primary submit" onclick={on(Action::Submit)}>{ "Submit" }<kbd>{ "Enter" }</kbd></button>
                    if r.hint_available(index) && !slot.hint_shown {
                        <button type="button" class="button hint-button" onclick={on(Action::Hint)}>{ "Hint" }<kbd>{ "H" }</kbd></button>
                    }
                    <button type="button" class="button skip" onclick={on(Action::Skip)}>{ "Skip" }</button>
                } else {
                    <button type="button" class="button primary next" onclick={on(Action::Next)}>
                        { if is_last { "See results" } else { "Next question" } }<kbd>{ "N" }</kbd>
                    </button>
                }
                <button type="button" class="button subtle finish" onclick={on(Action::Finish)}>{ "End the run" }</button>
            </div>
            { solution }
        </article>
    }
}

fn report_view(run: &Run, new_badges: &[String], announcement: &str) -> Html {
    let report = score::report(run);
    let table = |title: &str, rows: Vec<(&'static str, &score::Tally)>| {
        html! {
            <table class="tally">
                <caption>{ title.to_owned() }</caption>
                <thead><tr><th scope="col">{ "" }</th><th scope="col">{ "Right" }</th><th scope="col">{ "Score" }</th></tr></thead>
                <tbody>
                    { for rows.into_iter().map(|(label, t)| html! {
                        <tr><th scope="row">{ label }</th><td>{ format!("{}/{}", t.correct, t.questions) }</td><td>{ format!("{}%", t.percent()) }</td></tr>
                    }) }
                </tbody>
            </table>
        }
    };
    html! {
        <section class="run-report" aria-labelledby="report-title">
            <p class="visually-hidden" aria-live="polite">{ announcement.to_owned() }</p>
            <h2 id="report-title" tabindex="-1">{ format!("{} results", report.mode.label()) }</h2>
            <p class="score-line" role="status">
                <strong>{ format!("{}%", report.total.percent()) }</strong>
                { format!(" · {} of {} right · time multiplier {} · {} min {} s",
                    report.total.correct, report.total.questions, report.multiplier.label(),
                    report.duration_ms / 60_000, report.duration_ms / 1000 % 60) }
            </p>
            { for new_badges.iter().map(|b| html! { <p class="notice ok badge-earned">{ format!("Badge earned: {b}") }</p> }) }
            <div class="tallies">
                { table("By difficulty", report.by_difficulty.iter().map(|(d, t)| (d.label(), t)).collect()) }
                { table("By kind", report.by_kind.iter().map(|(k, t)| (k.label(), t)).collect()) }
            </div>
            <h3>{ "Every answer" }</h3>
            <ol class="answer-review">
                { for report.items.iter().map(|item| {
                    let question = run.question(item.index);
                    html! {
                        <li class={classes!("review-item", (item.status == Status::Correct).then_some("right"))}>
                            <h4>{ &item.title }<span class="pill">{ item.status.label() }</span></h4>
                            <p class="meta">{ format!("{} · {} · {} tr{} · {} point{}", item.kind.label(), item.difficulty.label(), item.tries,
                                if item.tries == 1 { "y" } else { "ies" }, score::format_points(item.points), if item.points == 1000 { "" } else { "s" }) }</p>
                            if !item.given.is_empty() {
                                <p><strong>{ "Your answer: " }</strong>{ for item.given.iter().map(|l| html! { <span class="answer-line">{ inline(l) }</span> }) }</p>
                            }
                            <p><strong>{ "Right answer: " }</strong>{ for item.expected.iter().map(|l| html! { <span class="answer-line">{ inline(l) }</span> }) }</p>
                            if let Some(q) = question {
                                <details><summary>{ "Solution" }</summary>
                                    <ol>{ for q.solution.iter().map(|s| html! { <li>{ inline(s) }</li> }) }</ol>
                                    <RichText text={q.explanation.clone()} />
                                    <p class="quick-check"><strong>{ "Quick check: " }</strong>{ inline(&q.quick_check) }</p>
                                </details>
                            }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
