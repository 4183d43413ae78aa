use yew::prelude::*;

/// A briefing's paragraphs (blank-line separated), with `names` in backticks set as code.
pub fn paragraphs(text: &str) -> Html {
    html! {
        { for text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| {
            let joined = p.split_whitespace().collect::<Vec<_>>().join(" ");
            html! { <p>{ for joined.split('`').enumerate().map(|(i, part)| if i % 2 == 1 { html! { <code>{ part }</code> } } else { html! { { part } } }) }</p> }
        }) }
    }
}
