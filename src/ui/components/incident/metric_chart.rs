use yew::prelude::*;

use crate::clock::clock;
use crate::fixed::fixed;

/// A chart's data and labels.
pub struct MetricChart<'a> {
    pub title: &'static str,
    /// (tick, value) in time order.
    pub points: &'a [(u32, f64)],
    /// The y range shown (values outside are clamped).
    pub min: f64,
    pub max: f64,
    /// Formats a value for the caption and the text alternative.
    pub unit: &'static str,
    /// A threshold line (e.g. the SLO), if any.
    pub threshold: Option<f64>,
    /// Shown when there are no points (accuracy before ground truth arrives); may be empty.
    pub empty_note: &'static str,
    /// The x axis spans at least this many seconds.
    pub min_span: u32,
}

const W: f64 = 300.0;
const H: f64 = 100.0;
/// At most this many points are drawn; longer histories are thinned.
const MAX_POINTS: usize = 300;

fn fmt(v: f64, unit: &str) -> String {
    match unit {
        "%" => format!("{}%", fixed(v, 1)),
        "ms" => format!("{} ms", fixed(v, 0)),
        _ => fixed(v, 2),
    }
}

/// A line chart in SVG (presentation attributes and classes only: the CSP forbids inline styles).
pub fn metric_chart(props: &MetricChart) -> Html {
    let pts = props.points;
    let last = pts.last().copied();
    let span = pts.last().map_or(0, |p| p.0).max(props.min_span).max(1) as f64;
    let range = (props.max - props.min).max(f64::EPSILON);
    // `f64::clamp` written out: its panic message would write the bounds with the float formatter.
    let y = |v: f64| {
        assert!(props.min <= props.max, "min > max, or either was NaN");
        H - ((if v < props.min { props.min } else if v > props.max { props.max } else { v }) - props.min) / range * H
    };
    let stride = pts.len().div_ceil(MAX_POINTS).max(1);
    let line: String = pts
        .iter()
        .enumerate()
        .filter(|(i, _)| i % stride == 0 || *i + 1 == pts.len())
        .map(|(_, (t, v))| format!("{},{}", fixed(f64::from(*t) / span * W, 1), fixed(y(*v), 1)))
        .collect::<Vec<_>>()
        .join(" ");
    let summary = match last {
        Some((t, v)) => format!("{}: {} at {}", props.title, fmt(v, props.unit), clock(t)),
        None => format!("{}: {}", props.title, if props.empty_note.is_empty() { "no data yet" } else { props.empty_note }),
    };
    html! {
        <figure class="chart">
            <figcaption>
                <span class="chart-title">{ props.title }</span>
                <strong class="chart-value">{ last.map_or_else(|| "—".to_owned(), |(_, v)| fmt(v, props.unit)) }</strong>
            </figcaption>
            <svg viewBox={format!("0 0 {} {}", W as u32, H as u32)} preserveAspectRatio="none" role="img" aria-label={summary}>
                <rect class="chart-bg" x="0" y="0" width={(W as u32).to_string()} height={(H as u32).to_string()} />
                <line class="chart-grid" x1="0" x2={(W as u32).to_string()} y1="50" y2="50" vector-effect="non-scaling-stroke" />
                if let Some(t) = props.threshold {
                    <line class="chart-threshold" x1="0" x2={(W as u32).to_string()} y1={fixed(y(t), 1)} y2={fixed(y(t), 1)}
                        vector-effect="non-scaling-stroke" stroke-dasharray="4 3" />
                }
                if !line.is_empty() {
                    <polyline class="chart-line" points={line} fill="none" vector-effect="non-scaling-stroke" />
                }
            </svg>
            <div class="chart-axis" aria-hidden="true">
                <span>{ fmt(props.max, props.unit) }</span>
                <span>{ format!("0:00 – {}", clock(span as u32)) }</span>
                <span>{ fmt(props.min, props.unit) }</span>
            </div>
            if last.is_none() && !props.empty_note.is_empty() { <p class="meta">{ props.empty_note }</p> }
        </figure>
    }
}
