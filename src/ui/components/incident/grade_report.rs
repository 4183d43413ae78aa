use yew::prelude::*;

use crate::clock::clock;
use super::timeline_chart::timeline_chart;
use crate::grade::GradeReport;

/// What the report shows besides the grade.
pub struct GradeReportView<'a> {
    pub report: &'a GradeReport,
    /// The reference workflow's timed commands, for the timeline.
    pub reference: &'a [(u32, String)],
    /// The replay link (relative to the site) and the same as an absolute URL to copy.
    pub replay_href: Option<&'a str>,
    pub replay_url: Option<&'a str>,
}

fn paragraphs(text: &str) -> Html {
    text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| html! { <p>{ p.split_whitespace().collect::<Vec<_>>().join(" ") }</p> }).collect::<Html>()
}

/// The grade: total and pass/fail (announced), sub-scores, conditions, findings, the timeline beside
/// the reference workflow, the debrief, and the replay link. A function, not a component: its one
/// hook, the focus on its heading when a report appears, is the page's (`pages/incident.rs`).
pub fn grade_report(props: &GradeReportView) -> Html {
    let r = props.report;
    let s = &r.subscores;
    let w = &r.weights;
    let y = &r.why;
    let rows = [
        ("Outcome", s.outcome, w.outcome, y.outcome.as_str()),
        ("Procedure", s.procedure, w.procedure, y.procedure.as_str()),
        ("Speed", s.speed, w.speed, y.speed.as_str()),
        ("Impact", s.impact, w.impact, y.impact.as_str()),
        ("Safety", s.safety, w.safety, y.safety.as_str()),
    ];
    let verdict = if r.passed { "Passed" } else { "Not passed" };
    let t = |x: Option<u32>| x.map_or_else(|| "never".to_owned(), clock);
    html! {
        <section class="grade-report" aria-labelledby="grade-title">
            <h2 id="grade-title" tabindex="-1">{ "Your grade" }</h2>
            <p class={classes!("grade-score", if r.passed { "passed" } else { "failed" })} role="status" aria-live="polite">
                <strong class="score">{ format!("{}/100", r.score) }</strong>
                <span class="verdict-text">{ format!("{} {}", if r.passed { "✓" } else { "✗" }, verdict) }</span>
                <span class="meta">{ format!(" (pass at {})", r.pass_score) }</span>
            </p>
            <p class="meta">
                { format!("Incident at {}, mitigated at {}, time to mitigate {} (target {}). Failed requests {} (doing nothing: {}); bad predictions {} (doing nothing: {}).",
                    t(r.incident_start_s), t(r.mitigated_at_s), t(r.time_to_mitigate_s), clock(r.target_mitigation_s),
                    r.failed_requests, r.baseline_failed_requests, r.bad_predictions, r.baseline_bad_predictions) }
            </p>
            <table class="subscores">
                <caption>{ "Sub-scores" }</caption>
                <thead><tr><th scope="col">{ "Part" }</th><th scope="col">{ "Score" }</th><th scope="col">{ "Weight" }</th><th scope="col">{ "Why this score" }</th></tr></thead>
                <tbody>
                    { for rows.iter().map(|(name, score, weight, what)| html! {
                        <tr class="subscore">
                            <th scope="row">{ *name }</th>
                            <td>
                                <svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                                    <rect class="meter-bg" x="0" y="0" width="100" height="8" />
                                    <rect class="meter-fill" x="0" y="0" width={score.to_string()} height="8" />
                                </svg>
                                <span class="subscore-value">{ format!("{score}/100") }</span>
                            </td>
                            <td>{ format!("{weight}%") }</td>
                            <td class="meta">{ *what }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if let Some(cap) = &y.cap {
                <p class="notice error">{ format!("Capped: {cap}.") }</p>
            }

            <h3>{ "Timeline" }</h3>
            { timeline_chart(r, props.reference) }

            <h3>{ "Findings" }</h3>
            if r.findings.is_empty() {
                <p>{ "No findings: nothing harmful, nothing missing." }</p>
            } else {
                <ol class="findings">
                    { for r.findings.iter().map(|f| html! {
                        <li class={classes!("finding", f.severity.clone())}>
                            <p class="finding-head">
                                <span class="pill">{ &f.severity }</span>
                                if let Some(tick) = f.tick { <span class="finding-time">{ format!("at {}", clock(tick)) }</span> }
                                <strong>{ &f.what }</strong>
                            </p>
                            <p><span class="label">{ "Why it matters: " }</span>{ &f.why }</p>
                            if !f.reference.is_empty() { <p><span class="label">{ "The reference: " }</span>{ &f.reference }</p> }
                        </li>
                    }) }
                </ol>
            }

            <h3>{ "The reference workflow beside yours" }</h3>
            <table class="reference-steps">
                <thead><tr><th scope="col">{ "Step" }</th><th scope="col">{ "Reference command" }</th><th scope="col">{ "You" }</th></tr></thead>
                <tbody>
                    { for r.reference.iter().map(|step| html! {
                        <tr class={classes!(step.done_at_s.is_some().then_some("done"))}>
                            <td>{ &step.label }{ if step.required { "" } else { " (optional)" } }
                                if !step.after.is_empty() { <div class="meta">{ format!("after {}", step.after.join(", ")) }</div> }</td>
                            <td><code>{ &step.example }</code></td>
                            <td>{ match (step.done_at_s, &step.by) {
                                (Some(at), Some(by)) => html! { <>{ format!("{} at {}{} ", if step.in_order { "✓" } else { "~" }, clock(at), if step.in_order { "" } else { " (out of order)" }) }<code>{ by }</code></> },
                                _ => html! { <span class="missing">{ "✗ not done" }</span> },
                            } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>

            <h3>{ "Conditions at the end" }</h3>
            <ul class="conditions">
                { for r.conditions.iter().map(|c| html! {
                    <li class={classes!(if c.passed { "ok" } else { "bad" })}>
                        { format!("{} {}: {} (got {})", if c.passed { "✓" } else { "✗" }, c.id, c.expected, c.actual) }
                    </li>
                }) }
            </ul>

            if let Some(d) = &r.debrief {
                <h3>{ "Debrief" }</h3>
                <div class="debrief">
                    <h4>{ "What happened" }</h4>{ paragraphs(&d.what_happened) }
                    <h4>{ "What the reference does" }</h4>{ paragraphs(&d.reference) }
                    <h4>{ "The lesson" }</h4>{ paragraphs(&d.lesson) }
                </div>
            }

            <details class="your-actions">
                <summary>{ format!("Your actions ({})", r.timeline.len()) }</summary>
                <ol>
                    { for r.timeline.iter().map(|a| html! {
                        <li>{ format!("{} ", clock(a.tick)) }<code>{ &a.line }</code>
                            if let Some(s) = &a.step { <span class="pill">{ format!("step {s}") }</span> }
                            if let Some(h) = &a.harmful { <span class="pill harmful">{ format!("harmful: {h}") }</span> }
                            if !a.ok { <span class="pill">{ "failed" }</span> }
                            if a.late { <span class="pill">{ "late" }</span> }
                        </li>
                    }) }
                </ol>
            </details>

            if let (Some(href), Some(url)) = (props.replay_href, props.replay_url) {
                <div class="replay">
                    <h3>{ "Replay link" }</h3>
                    <p>{ "This link holds the seed and your actions; it replays the run exactly and shows this report, for a debrief or a post-mortem. " }
                        <a class="replay-link" href={href.to_owned()}>{ "Open the replay" }</a></p>
                    <label for="replay-url">{ "Copy the link" }</label>
                    <input id="replay-url" type="text" readonly=true value={url.to_owned()} />
                </div>
            }
        </section>
    }
}
