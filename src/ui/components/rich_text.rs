use yew::prelude::*;

/// Pack text: paragraphs, `inline code`, and fenced blocks between lines of three backticks.
/// Everything is rendered as text nodes, never as HTML, so a pack cannot inject markup.
pub fn rich_text(text: &str) -> Html {
    let mut blocks = Vec::new();
    for (i, part) in text.split("```").enumerate() {
        if i % 2 == 1 {
            // A fenced block; its first line may name the language.
            let code = part.split_once('\n').map_or(part, |(first, rest)| if first.trim().contains(' ') { part } else { rest });
            blocks.push(html! { <pre tabindex="0"><code>{ code.trim_end() }</code></pre> });
        } else {
            for para in part.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                blocks.push(html! { <p>{ inline(para) }</p> });
            }
        }
    }
    html! { <>{ for blocks }</> }
}

/// Text with `inline code` spans.
pub fn inline(text: &str) -> Html {
    html! {
        <>{ for text.split('`').enumerate().map(|(i, piece)| if i % 2 == 1 {
            html! { <code>{ piece }</code> }
        } else {
            html! { { piece } }
        }) }</>
    }
}
