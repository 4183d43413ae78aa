use yew::prelude::*;

use super::run_state::RunState;
use crate::clock::clock;
use crate::sim::console::complete::{Names, complete};

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// The run: its transcript is the scrollback, its names feed Tab completion.
    pub run: RunState,
    /// Runs a line (the same path for typed lines and buttons).
    pub on_run: Callback<String>,
    #[prop_or_default]
    pub disabled: bool,
    /// Put the keyboard in the command line when the console appears (an incident just started).
    #[prop_or_default]
    pub focus_on_mount: bool,
}

/// The scrollback shows this many entries (the run keeps them all).
const SHOWN: usize = 300;

/// The console: a command line with history (↑/↓), Tab completion and a scrolling, announced log.
#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let input = use_state(String::new);
    let history = use_mut_ref(Vec::<String>::new);
    let position = use_mut_ref(|| None::<usize>);
    let choices = use_state(Vec::<String>::new);
    let log_ref = use_node_ref();

    {
        let focus = props.focus_on_mount;
        use_effect_with((), move |_| {
            if focus {
                crate::ui::browser::focus_by_id("console-input");
            }
        });
    }

    // Keep the newest output in sight.
    {
        let log_ref = log_ref.clone();
        use_effect_with(props.run.get().transcript().len(), move |_| {
            if let Some(el) = log_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let oninput = {
        let input = input.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            input.set(el.value());
        })
    };
    let onkeydown = {
        let input = input.clone();
        let history = history.clone();
        let position = position.clone();
        let choices = choices.clone();
        let on_run = props.on_run.clone();
        let run = props.run.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            // The element holds what was typed even if a render has not caught up yet.
            let typed = e.target_dyn_into::<web_sys::HtmlInputElement>().map(|el| el.value()).unwrap_or_else(|| (*input).clone());
            match key.as_str() {
                "Enter" => {
                    e.prevent_default();
                    let line = typed;
                    if !line.trim().is_empty() {
                        let mut h = history.borrow_mut();
                        if h.last() != Some(&line) {
                            h.push(line.clone());
                        }
                        on_run.emit(line);
                    }
                    *position.borrow_mut() = None;
                    choices.set(Vec::new());
                    input.set(String::new());
                }
                "ArrowUp" | "ArrowDown" => {
                    let h = history.borrow();
                    if h.is_empty() {
                        return;
                    }
                    e.prevent_default();
                    let mut pos = position.borrow_mut();
                    let next = match (key.as_str(), *pos) {
                        ("ArrowUp", None) => Some(h.len() - 1),
                        ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                        ("ArrowDown", Some(i)) if i + 1 < h.len() => Some(i + 1),
                        _ => None,
                    };
                    *pos = next;
                    input.set(next.and_then(|i| h.get(i).cloned()).unwrap_or_default());
                }
                "Tab" if !e.shift_key() && !typed.trim().is_empty() => {
                    let (new, many) = complete(&typed, &Names::of(run.get().sim()));
                    if new.is_none() && many.is_empty() {
                        return; // nothing to complete: Tab moves focus as usual
                    }
                    e.prevent_default();
                    if let Some(n) = new {
                        input.set(n);
                    }
                    choices.set(many);
                }
                "Escape" => {
                    choices.set(Vec::new());
                }
                _ => {}
            }
        })
    };

    let run = props.run.get();
    let log = run.transcript();
    html! {
        <div class="console">
            <div class="console-log" ref={log_ref} role="log" aria-live="polite" aria-label="Console output" tabindex="0">
                if log.is_empty() {
                    <p class="meta">{ "Type a command and press Enter. Try help, kubectl get pods or metrics." }</p>
                }
                { for log.iter().skip(log.len().saturating_sub(SHOWN)).map(|e| html! {
                    <div class={classes!("console-entry", e.is_error.then_some("error"))}>
                        if !e.line.is_empty() {
                            <div class="console-line"><span class="console-time">{ clock(e.tick) }</span><span class="prompt" aria-hidden="true">{ "$ " }</span>{ &e.line }</div>
                        }
                        if !e.text.is_empty() { <pre class="console-output">{ &e.text }</pre> }
                    </div>
                }) }
            </div>
            if !choices.is_empty() {
                <p class="completions" aria-live="polite">{ format!("Tab: {}", choices.join("  ")) }</p>
            }
            <div class="console-input">
                <label for="console-input" class="prompt">{ "$" }<span class="visually-hidden">{ "Console command" }</span></label>
                <input id="console-input" type="text" value={(*input).clone()} {oninput} {onkeydown}
                    autocomplete="off" autocapitalize="off" spellcheck="false" disabled={props.disabled}
                    aria-describedby="console-keys" placeholder="kubectl get pods" />
            </div>
            <p id="console-keys" class="meta">{ "Enter runs · ↑/↓ history · Tab completes · help lists the commands" }</p>
        </div>
    }
}
