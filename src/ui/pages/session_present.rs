//! The presenter view: for a projector, full screen without the site's navigation, the current
//! question large (no answers) with its countdown on the session's schedule, controls (start,
//! pause/resume, next), and each question's answer and explanation once its time is over, with
//! "reveal" of how learners answered — from the result codes loaded on this browser's dashboard,
//! the only answers a serverless presenter can know (the page says so). The clock is
//! [`crate::session::present::Clock`].

use std::rc::Rc;

use yew::prelude::*;

use crate::pack::{Interaction, Pack};
use crate::quiz::{Run, TimeMultiplier, score, timer};
use crate::session::present::{Clock, Phase};
use crate::session::{Dashboard, SessionSpec};
use crate::ui::components::session::stored;
use crate::ui::components::theme_toggle::ThemeToggle;
use crate::ui::browser;
use crate::ui::components::rich_text::{inline, rich_text};
use crate::ui::components::session::link_fragment::{link_problem, use_link_spec};
use crate::ui::components::session::session_packs;

#[component]
pub fn SessionPresentPage() -> Html {
    let (hash, spec) = use_link_spec();
    match &*spec {
        Err(message) => frame(link_problem(message)),
        Ok(spec) => html! { <Presenter key={hash} spec={Rc::new(spec.clone())} /> },
    }
}

#[derive(Properties, PartialEq)]
struct PresenterProps {
    spec: Rc<SessionSpec>,
}

#[component]
fn Presenter(props: &PresenterProps) -> Html {
    let spec = props.spec.clone();
    let start_key = format!("rollback-lab.present.{}", spec.id());
    // The run is dealt only to get the questions in the learners' order and their option letters.
    let run = use_state(|| None::<Result<Rc<Run>, Vec<String>>>);
    let local_clock = use_state(|| browser::storage_get_raw(&start_key).and_then(|s| Clock::from_text(&s)));
    // The question whose answers are revealed, with the codes loaded on this browser's dashboard
    // when "reveal" was pressed (read then, not on every tick of the clock).
    let revealed = use_state(|| None::<(usize, Rc<Option<Dashboard>>)>);
    let now = use_state(browser::now_ms);
    // Focus follows the presenter's actions: Start moves it to the controls, reveal to what it revealed.
    let focus_to = use_state(|| None::<String>);
    use_effect_with((*focus_to).clone(), |id| {
        if let Some(id) = id {
            browser::focus_by_id(id);
        }
    });
    {
        let run = run.clone();
        let spec = spec.clone();
        let now = now.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                let (packs, mut problems) = session_packs::load(&spec).await;
                let refs: Vec<&Pack> = packs.iter().collect();
                match spec.start_run(&refs, TimeMultiplier::default(), 0) {
                    Ok(r) if problems.is_empty() => run.set(Some(Ok(Rc::new(r)))),
                    Ok(_) => run.set(Some(Err(problems))),
                    Err(m) => {
                        problems.extend(m.iter().map(ToString::to_string));
                        run.set(Some(Err(problems)));
                    }
                }
            });
            let interval = gloo::timers::callback::Interval::new(250, move || now.set(browser::now_ms()));
            move || drop(interval)
        });
    }
    let title = html! { <h1 id="present-title">{ if spec.title.is_empty() { "Session".to_owned() } else { spec.title.clone() } }</h1> };
    let run = match &*run {
        None => {
            return frame(html! { <>{ title }<p role="status">{ "Loading the questions…" }</p></> });
        }
        Some(Err(problems)) => {
            return frame(html! {
                <>{ title }
                    <div class="notice error" role="alert"><p>{ "The questions of this session cannot be shown here:" }</p>
                        <ul class="problems">{ for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul></div>
                </>
            });
        }
        Some(Ok(r)) => r.clone(),
    };
    let limits: Vec<u32> = (0..run.len())
        .map(|i| {
            spec.time_limit_s
                .or(run.question(i).map(|q| q.time_limit))
                .unwrap_or(60)
        })
        .collect();
    // A shared start time starts the clock; otherwise the presenter's Start does. Pause and next
    // work on both, kept in this browser.
    let clock = (*local_clock).or(spec.start_ms.map(Clock::started));
    let save = {
        let local_clock = local_clock.clone();
        let key = start_key.clone();
        move |c: Clock| {
            browser::storage_set_raw(&key, &c.to_text());
            local_clock.set(Some(c));
        }
    };
    let Some(clock) = clock else {
        let on_start = {
            let save = save.clone();
            let focus_to = focus_to.clone();
            Callback::from(move |_: MouseEvent| {
                save(Clock::started(browser::now_ms()));
                focus_to.set(Some("present-pause".to_owned()));
            })
        };
        let total: u32 = limits.iter().sum();
        return frame(html! {
            <>
                { title }
                <p class="lead">{ format!("{} questions, about {} in all. This session has no shared start time: start the clock when the learners start.",
                    run.len(), timer::mmss(u64::from(total) * 1000)) }</p>
                <button type="button" class="button primary present-start" onclick={on_start}>{ "Start" }</button>
            </>
        });
    };
    let controls = {
        let on_pause = {
            let save = save.clone();
            Callback::from(move |_: MouseEvent| {
                let mut c = clock;
                if c.paused() { c.resume(browser::now_ms()) } else { c.pause(browser::now_ms()) }
                save(c);
            })
        };
        let on_next = {
            let save = save.clone();
            let limits = limits.clone();
            Callback::from(move |_: MouseEvent| {
                let mut c = clock;
                c.next(&limits, browser::now_ms());
                save(c);
            })
        };
        html! {
            <p class="present-controls" role="group" aria-label="Presenter controls">
                <button type="button" class="button present-pause" id="present-pause" onclick={on_pause}>
                    { if clock.paused() { "Resume" } else { "Pause" } }
                </button>
                { " " }
                <button type="button" class="button present-next" onclick={on_next}>{ "Next question" }</button>
                if clock.paused() { <span class="meta paused-note">{ " Paused: the projected clock is stopped. Learners' own clocks keep running on their devices." }</span> }
            </p>
        }
    };
    // What a serverless presenter can know of the answers: the codes loaded on this browser's
    // dashboard, read when "reveal" is pressed.
    let distribution = |index: usize, loaded: &Option<Dashboard>| -> Html {
        let Some(d) = loaded.as_ref().filter(|d| !d.results.is_empty()) else {
            return html! { <p class="meta reveal-none">{ "No result codes are loaded for this session in this browser yet, so there is no answer count to show: learners' answers reach you only as result codes, when they finish. Load them on the dashboard, then reveal again." }</p> };
        };
        // The run's question `index` is the spec question of the same pack and id.
        let Some(slot) = run.slots().get(index) else { return html! {} };
        let Some(q) = spec.questions.iter().position(|sq| sq.pack == slot.pack && sq.question == slot.question) else { return html! {} };
        let items = d.items();
        let Some(item) = items.get(q) else { return html! {} };
        let Some(question) = run.question(index) else { return html! {} };
        let counts: Html = if question.interaction == Interaction::Ordering {
            html! { <p>{ format!("{} of {} learners put the steps in the right order.", item.correct, item.responses) }</p> }
        } else {
            html! { <ul class="reveal-counts">{ for question.options.iter().enumerate().map(|(o, opt)| {
                let n = item.option_counts.get(o).copied().unwrap_or(0);
                html! { <li class={classes!(opt.correct.then_some("right"))}>{ inline(&opt.text) }{ format!(": {n} first tr{}{}", if n == 1 { "y" } else { "ies" }, if opt.correct { " (right)" } else { "" }) }</li> }
            }) }</ul> }
        };
        html! {
            <div class="reveal">
                <p>{ format!("From the {} result code{} loaded on the dashboard (first tries; {} without an answer):", d.results.len(), if d.results.len() == 1 { "" } else { "s" }, item.no_answer) }</p>
                { counts }
            </div>
        }
    };
    let question_view = |index: usize, left_ms: u64| {
        let Some(q) = run.question(index) else {
            return html! {};
        };
        let items: Html = if q.interaction == Interaction::Ordering {
            html! { <ul class="present-steps">{ for run.steps(index).iter().map(|(_, t)| html! { <li>{ inline(t) }</li> }) }</ul> }
        } else {
            html! { <ol class="present-options">{ for run.options(index).iter().map(|o| html! {
                <li><span class="present-letter" aria-hidden="true">{ o.letter }</span>{ inline(o.text) }</li>
            }) }</ol> }
        };
        html! {
            <article class="present-question" aria-labelledby="present-q-title">
                <header class="question-bar">
                    <span class="position">{ format!("Question {} of {}", index + 1, run.len()) }</span>
                    <span class={classes!("countdown", timer::is_final_stretch(left_ms).then_some("urgent"))} role="timer" aria-live="off">
                        { timer::mmss(left_ms) }
                    </span>
                </header>
                <h2 id="present-q-title">{ inline(&q.title) }</h2>
                { rich_text(&q.prompt) }
                if let Some(code) = &q.code { <pre tabindex="0"><code>{ code.clone() }</code></pre> }
                { items }
            </article>
        }
    };
    let answer_view = |index: usize| {
        let Some(q) = run.question(index) else {
            return html! {};
        };
        html! {
            <section class="present-answer" aria-labelledby={format!("answer-{index}")}>
                <h2 id={format!("answer-{index}")}>{ format!("Answer to question {}: ", index + 1) }{ inline(&q.title) }</h2>
                <p class="answer">{ for score::expected_lines(&run, index).iter().map(|l| html! { <span class="answer-line">{ inline(l) }</span> }) }</p>
                { rich_text(&q.explanation) }
                if let Some((_, loaded)) = (*revealed).as_ref().filter(|(i, _)| *i == index) {
                    <div class="reveal-area" id={format!("reveal-{index}")} tabindex="-1">{ distribution(index, loaded) }</div>
                } else {
                    <button type="button" class="button present-reveal" onclick={{
                        let revealed = revealed.clone();
                        let focus_to = focus_to.clone();
                        let spec = spec.clone();
                        Callback::from(move |_: MouseEvent| {
                            let loaded = stored::peek().get(spec.id()).map(|s| Dashboard::load(&spec, &s.codes.join("\n")).0);
                            revealed.set(Some((index, Rc::new(loaded))));
                            focus_to.set(Some(format!("reveal-{index}")));
                        })
                    }}>{ "Reveal how learners answered" }</button>
                }
            </section>
        }
    };
    // The time of this render, not of the last tick: right after Start (or Next) the tick's time
    // may still be before it, which showed "Starts in" and no controls for up to a tick.
    let now_ms = (*now).max(browser::now_ms());
    let phase = clock.phase(&limits, now_ms);
    let body = match phase {
        Phase::Before(ms) => html! {
            <p class="wait-countdown" role="timer">{ format!("Starts in {}", timer::mmss(ms)) }</p>
        },
        Phase::Question { index, left_ms } => html! {
            <>
                { question_view(index, left_ms) }
                if index > 0 { { answer_view(index - 1) } }
            </>
        },
        Phase::Over => html! {
            <>
                <p class="lead">{ "Every question's time is over." }</p>
                { answer_view(run.len().saturating_sub(1)) }
            </>
        },
    };
    let started = !matches!(phase, Phase::Before(_) | Phase::Over);
    frame(html! {
        <>
            { title }
            if started { { controls } }
            { body }
        </>
    })
}

/// The presenter's full-screen frame: no site navigation (the app leaves it out on this route),
/// only a way back and the theme.
fn frame(content: Html) -> Html {
    html! {
        <section class="page present">
            <p class="present-bar">
                <a href="sessions/new" class="present-exit">{ "Leave the presenter view" }</a>
                { " " }
                <ThemeToggle />
            </p>
            { content }
        </section>
    }
}
