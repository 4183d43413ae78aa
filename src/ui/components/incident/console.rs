use std::rc::Rc;

use yew::prelude::*;

use super::{ConsoleEntry, clock};
use crate::sim::console::command::ResourceKind;
use crate::sim::console::parse::{ARGO_SUBCOMMANDS, KUBECTL_SUBCOMMANDS, PROGRAMS, ROLLOUT_SUBCOMMANDS};

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// The scrollback (commands typed or clicked, and what they printed).
    pub log: Rc<Vec<ConsoleEntry>>,
    /// Runs a line (the same path for typed lines and buttons).
    pub on_run: Callback<String>,
    /// Object names of the running system, for Tab completion (`deployment/checkout`, pod names, versions).
    pub names: Rc<Vec<String>>,
    #[prop_or_default]
    pub disabled: bool,
}

const OTHER_SUBCOMMANDS: &[&str] = &[
    "models", "versions", "alias", "tag", "status", "reload", "snapshot", "create", "list", "restore", "writes", "stop", "resume",
    "migrate", "show", "switch", "weight", "rollouts", "--previous", "--replicas=", "--to-revision=", "--full", "-o", "wide", "yaml",
];

/// The words that may follow `before` (the words typed so far).
fn candidates(before: &[&str], names: &[String]) -> Vec<String> {
    let list: Vec<&str> = match before {
        [] => PROGRAMS.to_vec(),
        ["kubectl"] => KUBECTL_SUBCOMMANDS.to_vec(),
        ["kubectl", "rollout"] => ROLLOUT_SUBCOMMANDS.to_vec(),
        ["kubectl", "argo"] => vec!["rollouts"],
        ["kubectl", "argo", "rollouts"] | ["kubectl-argo-rollouts"] => ARGO_SUBCOMMANDS.to_vec(),
        ["help"] => PROGRAMS.iter().copied().chain(["rollout", "argo", "get", "logs", "set"]).collect(),
        _ => ResourceKind::WORDS.iter().copied().chain(OTHER_SUBCOMMANDS.iter().copied()).collect(),
    };
    let mut out: Vec<String> = list.into_iter().map(str::to_owned).collect();
    if !before.is_empty() {
        out.extend(names.iter().cloned());
    }
    out.sort();
    out.dedup();
    out
}

/// Tab completion of the last word: the new input, or the choices when the word is ambiguous.
pub fn complete(input: &str, names: &[String]) -> (Option<String>, Vec<String>) {
    let start = input.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    let (head, word) = input.split_at(start);
    let before: Vec<&str> = head.split_whitespace().collect();
    let matches: Vec<String> = candidates(&before, names).into_iter().filter(|c| c.starts_with(word)).collect();
    match matches.as_slice() {
        [] => (None, Vec::new()),
        [one] => {
            let space = if one.ends_with('=') || one.ends_with('/') { "" } else { " " };
            (Some(format!("{head}{one}{space}")), Vec::new())
        }
        many => {
            let common = many.iter().skip(1).fold(many[0].clone(), |acc, m| {
                acc.chars().zip(m.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect()
            });
            let extended = (common.len() > word.len()).then(|| format!("{head}{common}"));
            (extended, many.to_vec())
        }
    }
}

/// The console: a command line with history (↑/↓), Tab completion and a scrolling, announced log.
#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let input = use_state(String::new);
    let history = use_mut_ref(Vec::<String>::new);
    let position = use_mut_ref(|| None::<usize>);
    let choices = use_state(Vec::<String>::new);
    let log_ref = use_node_ref();

    // Keep the newest output in sight.
    {
        let log_ref = log_ref.clone();
        use_effect_with(props.log.len(), move |_| {
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
        let names = props.names.clone();
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
                    let (new, many) = complete(&typed, &names);
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

    html! {
        <div class="console">
            <div class="console-log" ref={log_ref} role="log" aria-live="polite" aria-label="Console output" tabindex="0">
                if props.log.is_empty() {
                    <p class="meta">{ "Type a command and press Enter. Try help, kubectl get pods or metrics." }</p>
                }
                { for props.log.iter().map(|e| html! {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_words_in_context() {
        let names = vec!["deployment/checkout".to_owned()];
        assert_eq!(complete("kub", &names).0.as_deref(), Some("kubectl"));
        assert_eq!(complete("kubectl rollout un", &names).0.as_deref(), Some("kubectl rollout undo "));
        assert_eq!(complete("kubectl rollout undo deployment/c", &names).0.as_deref(), Some("kubectl rollout undo deployment/checkout "));
        let (_, many) = complete("kubectl rollout ", &names);
        assert!(many.contains(&"undo".to_owned()));
        assert_eq!(complete("zzz", &names), (None, Vec::new()));
        // Never splits a character.
        assert_eq!(complete("notify é", &names), (None, Vec::new()));
        assert_eq!(complete("ééé ", &names).0, None);
    }
}
