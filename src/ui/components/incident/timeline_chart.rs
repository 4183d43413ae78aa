use yew::prelude::*;

use crate::clock::clock;
use crate::fixed::fixed;
use crate::grade::GradeReport;

const LEFT: f64 = 118.0;
const WIDTH: f64 = 600.0;
const PLOT: f64 = WIDTH - LEFT - 12.0;

/// The run on one time axis: failure onset and alerts, each learner action, and the reference
/// workflow's steps below them (SVG; the same facts are listed as text underneath).
/// `reference`: the reference workflow's timed commands.
pub fn timeline_chart(r: &GradeReport, reference: &[(u32, String)]) -> Html {
    let end = r
        .timeline
        .iter()
        .map(|a| a.tick)
        .chain(reference.iter().map(|a| a.0))
        .chain(r.markers.iter().map(|m| m.tick))
        .chain(r.mitigated_at_s)
        .max()
        .unwrap_or(0)
        .max(60)
        .saturating_add(30);
    let x = |t: u32| LEFT + f64::from(t.min(end)) / f64::from(end) * PLOT;
    let step_minutes = ((end / 60) / 8).max(1);
    let axis: Vec<u32> = (0..=end / 60).step_by(step_minutes as usize).map(|m| m * 60).collect();
    let lane = |y: u32, label: &'static str| html! {
        <>
            <text class="lane-label" x="0" y={(y + 4).to_string()}>{ label }</text>
            <line class="lane" x1={(LEFT as u32).to_string()} x2={((LEFT + PLOT) as u32).to_string()} y1={y.to_string()} y2={y.to_string()} />
        </>
    };
    let summary = format!(
        "Timeline: {} actions of yours, {} reference steps, {} failure and alert markers{}",
        r.timeline.len(),
        reference.len(),
        r.markers.len(),
        r.mitigated_at_s.map(|m| format!(", mitigated at {}", clock(m))).unwrap_or_default()
    );
    html! {
        <figure class="timeline-chart">
            <svg viewBox={format!("0 0 {} 150", WIDTH as u32)} role="img" aria-label={summary}>
                { lane(22, "Failures, alerts") }
                { lane(62, "Your actions") }
                { lane(102, "Reference") }
                if let Some(s) = r.incident_start_s {
                    <line class="mark-incident" x1={crate::fixed::shortest(x(s))} x2={crate::fixed::shortest(x(s))} y1="8" y2="118" stroke-dasharray="3 3" />
                }
                if let Some(m) = r.mitigated_at_s {
                    <line class="mark-mitigated" x1={crate::fixed::shortest(x(m))} x2={crate::fixed::shortest(x(m))} y1="8" y2="118" stroke-dasharray="6 3" />
                }
                { for r.markers.iter().map(|m| {
                    let cx = x(m.tick);
                    let class = match m.kind.as_str() { "failure" => "mark-failure", "alert" => "mark-alert", _ => "mark-resolved" };
                    let shape = if m.kind == "failure" {
                        format!("{},14 {},22 {},30 {},22", fixed(cx, 1), fixed(cx + 7.0, 1), fixed(cx, 1), fixed(cx - 7.0, 1))
                    } else {
                        format!("{},15 {},28 {},28", fixed(cx, 1), fixed(cx + 6.0, 1), fixed(cx - 6.0, 1))
                    };
                    html! { <polygon class={class} points={shape}><title>{ format!("{} {}: {}", clock(m.tick), m.kind, m.label) }</title></polygon> }
                }) }
                { for r.timeline.iter().map(|a| {
                    let class = if a.harmful.is_some() { "act-harmful" } else if a.step.is_some() { "act-step" } else if !a.ok { "act-failed" } else { "act" };
                    html! { <circle class={class} cx={fixed(x(a.tick), 1)} cy="62" r="5"><title>{ format!("{} {}", clock(a.tick), a.line) }</title></circle> }
                }) }
                { for reference.iter().map(|(t, line)| {
                    let cx = x(*t);
                    html! { <rect class="ref-step" x={fixed(cx - 4.5, 1)} y="97.5" width="9" height="9"><title>{ format!("{} {}", clock(*t), line) }</title></rect> }
                }) }
                { for axis.iter().map(|t| html! {
                    <text class="axis-label" x={fixed(x(*t), 1)} y="142" text-anchor="middle">{ clock(*t) }</text>
                }) }
            </svg>
            <figcaption class="legend">
                <span><span class="key key-failure" aria-hidden="true">{ "◆" }</span>{ " failure onset" }</span>
                <span><span class="key key-alert" aria-hidden="true">{ "▲" }</span>{ " alert" }</span>
                <span><span class="key key-step" aria-hidden="true">{ "●" }</span>{ " your action (a workflow step)" }</span>
                <span><span class="key key-harmful" aria-hidden="true">{ "●" }</span>{ " harmful action" }</span>
                <span><span class="key key-ref" aria-hidden="true">{ "■" }</span>{ " reference step" }</span>
                <span>{ "┆ incident start · ╎ mitigated" }</span>
            </figcaption>
        </figure>
    }
}
