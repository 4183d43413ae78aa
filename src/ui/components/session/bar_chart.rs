//! A small horizontal bar chart in SVG, drawn with presentation attributes and classes only (the
//! Content-Security-Policy forbids inline styles). The numbers are also in the text next to it:
//! the chart is a picture of a table, labelled for screen readers.

use yew::prelude::*;

/// One bar.
#[derive(Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// 0 to 1 of the chart's width.
    pub fraction: f64,
    /// The value as written next to the bar.
    pub value_text: String,
    /// Drawn in the accent colour (e.g. the right option).
    pub highlight: bool,
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// What the chart shows, read by screen readers.
    pub title: AttrValue,
    pub bars: Vec<Bar>,
}

const ROW: u32 = 22;
const LABEL_W: u32 = 190;
const BAR_W: u32 = 260;

#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let height = ROW * props.bars.len().max(1) as u32;
    let width = LABEL_W + BAR_W + 90;
    let summary: Vec<String> = props
        .bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.value_text))
        .collect();
    html! {
        <svg class="bar-chart" role="img" viewBox={format!("0 0 {width} {height}")} width={width.to_string()}
            height={height.to_string()} aria-label={format!("{}. {}", props.title, summary.join("; "))}>
            { for props.bars.iter().enumerate().map(|(i, b)| {
                let y = i as u32 * ROW;
                // Whole pixels, as an integer: writing the float would bring the float formatting in.
                let w = (b.fraction.clamp(0.0, 1.0) * f64::from(BAR_W)).round().max(if b.fraction > 0.0 { 2.0 } else { 0.0 }) as u32;
                let mut label = b.label.clone();
                if label.chars().count() > 28 {
                    label = label.chars().take(27).collect::<String>() + "…";
                }
                html! {
                    <g>
                        <text class="bar-label" x="0" y={(y + 15).to_string()}>{ label }</text>
                        <rect class="bar-track" x={LABEL_W.to_string()} y={(y + 4).to_string()} width={BAR_W.to_string()} height="14" rx="3" />
                        <rect class={classes!("bar", b.highlight.then_some("highlight"))} x={LABEL_W.to_string()}
                            y={(y + 4).to_string()} width={w.to_string()} height="14" rx="3" />
                        <text class="bar-value" x={(LABEL_W + BAR_W + 6).to_string()} y={(y + 15).to_string()}>{ b.value_text.clone() }</text>
                    </g>
                }
            }) }
        </svg>
    }
}
