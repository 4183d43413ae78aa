//! The end-of-run report: the score, tallies by difficulty and kind, any badge earned, and every
//! question the learner met with their answer, the right one and the solution. Questions never
//! reached are counted but keep their answers hidden, so ending a run early reveals nothing.

use yew::prelude::*;
use super::nav_link::NavLink;

use super::badge_art::badge_art;
use super::rich_text::{inline, rich_text};
use super::run_view::SharedRun;
use crate::quiz::run::Status;
use crate::quiz::score;
use crate::ui::route::Route;

/// The id of the report's heading, focused when the run ends.
pub const REPORT_TITLE_ID: &str = "report-title";

/// What the learner asked for from the report.
#[derive(Clone, Debug, PartialEq)]
pub enum Again {
    /// The same mode again (a new draw).
    Retry,
    /// Practice on these question ids, the ones not answered right.
    PractiseMissed(Vec<String>),
}

/// The report of a finished `run`: `new_badges` are the badges it earned, by name, `announcement`
/// the latest spoken announcement, `on_again` what the retry buttons call (none without it). A
/// plain function, not a component (docs/performance.md, "Session 10").
pub fn run_report(run: &SharedRun, new_badges: &[String], announcement: &str, on_again: Option<&Callback<Again>>) -> Html {
    let run = run.0.borrow();
    let report = score::report(&run);
    let table = |title: &str, rows: Vec<(&'static str, &score::Tally)>| {
        html! {
            <table class="tally">
                <caption>{ title.to_owned() }</caption>
                <thead><tr><th scope="col">{ "Group" }</th><th scope="col">{ "Right" }</th><th scope="col">{ "Score" }</th></tr></thead>
                <tbody>
                    { for rows.into_iter().map(|(label, t)| html! {
                        <tr><th scope="row">{ label }</th><td>{ format!("{}/{}", t.correct, t.questions) }</td><td>{ format!("{}%", t.percent()) }</td></tr>
                    }) }
                </tbody>
            </table>
        }
    };
    let missed: Vec<String> =
        report.items.iter().filter(|i| i.seen && i.status != Status::Correct).map(|i| i.question.clone()).collect();
    let unseen = report.items.iter().filter(|i| !i.seen).count();
    let again = on_again.map(|on_again| {
        let retry = {
            let on_again = on_again.clone();
            Callback::from(move |_: MouseEvent| on_again.emit(Again::Retry))
        };
        let practise = {
            let on_again = on_again.clone();
            let missed = missed.clone();
            Callback::from(move |_: MouseEvent| on_again.emit(Again::PractiseMissed(missed.clone())))
        };
        html! {
            <div class="controls again">
                <button type="button" class="button primary retry" onclick={retry}>{ format!("{} again", report.mode.label()) }</button>
                if !missed.is_empty() {
                    <button type="button" class="button practise-missed" onclick={practise}>
                        { format!("Practise the {} I missed", if missed.len() == 1 { "one".to_owned() } else { missed.len().to_string() }) }
                    </button>
                }
            </div>
        }
    });
    html! {
        <section class="run-report" aria-labelledby={REPORT_TITLE_ID}>
            <p class="visually-hidden" aria-live="polite">{ announcement }</p>
            <h2 id={REPORT_TITLE_ID} tabindex="-1">{ format!("{} results", report.mode.label()) }</h2>
            <p class="score-line" role="status">
                <strong>{ format!("{}%", report.total.percent()) }</strong>
                { format!(" · {} of {} right · {} points of {} · time multiplier {} · {} min {} s answering",
                    report.total.correct, report.total.questions,
                    score::format_points(report.total.points), score::format_points(report.total.max_points),
                    report.multiplier.label(), report.answer_time_s() / 60, report.answer_time_s() % 60) }
            </p>
            { for new_badges.iter().map(|b| {
                let mastery = b == crate::quiz::badge::MASTERY_NAME;
                html! {
                    <div class="badge-moment" role="status">
                        { badge_art(b, mastery) }
                        <div>
                            <p class="badge-title">{ format!("Badge earned: {b}") }</p>
                            <p>{ if mastery { "Every pack's badge: you have earned Rollback Mastery." } else { "Every question right, in time." } }</p>
                            <NavLink to={Route::Badges} classes="badge-link">{ "See all your badges" }</NavLink>
                        </div>
                    </div>
                }
            }) }
            { again.unwrap_or_default() }
            <div class="tallies">
                { table("By difficulty", report.by_difficulty.iter().map(|(d, t)| (d.label(), t)).collect()) }
                { table("By kind", report.by_kind.iter().map(|(k, t)| (k.label(), t)).collect()) }
            </div>
            <h3>{ "Every answer" }</h3>
            if unseen > 0 {
                <p class="meta">{ format!("{unseen} question{} not reached: {} answer{} stay{} hidden, so you can still meet {} fresh.",
                    if unseen == 1 { " was" } else { "s were" }, if unseen == 1 { "its" } else { "their" },
                    if unseen == 1 { "" } else { "s" }, if unseen == 1 { "s" } else { "" }, if unseen == 1 { "it" } else { "them" }) }</p>
            }
            <ol class="answer-review">
                { for report.items.iter().filter(|item| item.seen).map(|item| {
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
                                    if !q.solution.is_empty() {
                                        <ol>{ for q.solution.iter().map(|s| html! { <li>{ inline(s) }</li> }) }</ol>
                                    }
                                    if !q.explanation.is_empty() {
                                        { rich_text(&q.explanation) }
                                    }
                                    if !q.quick_check.is_empty() {
                                        <p class="quick-check"><strong>{ "Quick check: " }</strong>{ inline(&q.quick_check) }</p>
                                    }
                                </details>
                            }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
