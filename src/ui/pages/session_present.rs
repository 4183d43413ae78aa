//! The presenter view: for a projector, the current question large (no answers) with its
//! countdown on the session's schedule, and each question's answer and explanation once its time
//! is over. Question i occupies [start + the previous questions' limits, + its own limit).

use std::rc::Rc;

use yew::prelude::*;

use crate::pack::{Interaction, Pack};
use crate::quiz::{Run, TimeMultiplier, score, timer};
use crate::session::SessionSpec;
use crate::ui::browser;
use crate::ui::components::rich_text::{RichText, inline};
use crate::ui::components::session::link_fragment::{LinkProblem, spec_from_fragment};
use crate::ui::components::session::session_packs;

/// Where the schedule stands at a moment.
#[derive(Debug, PartialEq)]
enum Phase {
    /// Before the start, this long to go.
    Before(u64),
    /// Question `index` is open, this long left.
    Question { index: usize, left_ms: u64 },
    /// Every question's time is over.
    Over,
}

/// The phase `elapsed_ms` after the start (`None`: before it) for questions of these limits (s).
fn phase(limits_s: &[u32], start_ms: u64, now_ms: u64) -> Phase {
    if now_ms < start_ms {
        return Phase::Before(start_ms - now_ms);
    }
    let elapsed = now_ms - start_ms;
    let mut end = 0u64;
    for (index, &limit) in limits_s.iter().enumerate() {
        end += u64::from(limit) * 1000;
        if elapsed < end {
            return Phase::Question {
                index,
                left_ms: end - elapsed,
            };
        }
    }
    Phase::Over
}

#[component]
pub fn SessionPresentPage() -> Html {
    let spec = use_memo((), |_| spec_from_fragment());
    match &*spec {
        Err(message) => html! { <LinkProblem message={message.clone()} /> },
        Ok(spec) => html! { <Presenter spec={Rc::new(spec.clone())} /> },
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
    let local_start = use_state(|| browser::storage_get_raw(&start_key).and_then(|s| s.parse::<u64>().ok()));
    let now = use_state(browser::now_ms);
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
            return html! { <section class="page present">{ title }<p role="status">{ "Loading the questions…" }</p></section> };
        }
        Some(Err(problems)) => {
            return html! {
                <section class="page present">{ title }
                    <div class="notice error" role="alert"><p>{ "The questions of this session cannot be shown here:" }</p>
                        <ul class="problems">{ for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul></div>
                </section>
            };
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
    let start = spec.start_ms.or(*local_start);
    let Some(start) = start else {
        let on_start = {
            let local_start = local_start.clone();
            let key = start_key.clone();
            Callback::from(move |_: MouseEvent| {
                let at = browser::now_ms();
                browser::storage_set_raw(&key, &at.to_string());
                local_start.set(Some(at));
            })
        };
        let total: u32 = limits.iter().sum();
        return html! {
            <section class="page present" aria-labelledby="present-title">
                { title }
                <p class="lead">{ format!("{} questions, about {} in all. This session has no shared start time: start the clock when the learners start.",
                    run.len(), timer::mmss(u64::from(total) * 1000)) }</p>
                <button type="button" class="button primary present-start" onclick={on_start}>{ "Start" }</button>
            </section>
        };
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
                <RichText text={q.prompt.clone()} />
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
                <RichText text={q.explanation.clone()} />
            </section>
        }
    };
    let body = match phase(&limits, start, *now) {
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
    html! {
        <section class="page present" aria-labelledby="present-title">
            { title }
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_follows_the_limits() {
        assert_eq!(phase(&[10, 20], 1000, 500), Phase::Before(500));
        assert_eq!(
            phase(&[10, 20], 1000, 1000),
            Phase::Question {
                index: 0,
                left_ms: 10_000
            }
        );
        assert_eq!(
            phase(&[10, 20], 1000, 11_000),
            Phase::Question {
                index: 1,
                left_ms: 20_000
            }
        );
        assert_eq!(phase(&[10, 20], 1000, 31_000), Phase::Over);
    }
}
