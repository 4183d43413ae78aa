use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::ui::pack_store;

#[derive(Properties, PartialEq)]
pub struct PackImportProps {
    /// Called after a pack was imported.
    pub on_imported: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Outcome {
    None,
    Imported(String),
    Problems(Vec<String>),
}

/// Imports a pack from its JSON form, pasted or chosen as a file, checked by the same rules as the
/// build. Every problem is listed; a valid pack is kept in this browser.
#[component]
pub fn PackImport(props: &PackImportProps) -> Html {
    let text = use_state(String::new);
    let outcome = use_state(|| Outcome::None);
    let check = {
        let outcome = outcome.clone();
        let on_imported = props.on_imported.clone();
        move |name: String, body: String| {
            let result = pack_store::import(&name, &body);
            outcome.set(match result {
                Ok(summary) => {
                    on_imported.emit(());
                    Outcome::Imported(summary.title)
                }
                Err(problems) => Outcome::Problems(problems),
            });
        }
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                text.set(area.value());
            }
        })
    };
    let onsubmit = {
        let text = text.clone();
        let check = check.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            check("pasted pack".into(), (*text).clone());
        })
    };
    let onchange = {
        let check = check.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let check = check.clone();
            yew::platform::spawn_local(async move {
                let name = file.name();
                let body = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                match body.ok().and_then(|v| v.as_string()) {
                    Some(body) => check(name, body),
                    None => check(name, String::new()),
                }
            });
        })
    };
    html! {
        <section class="import" aria-labelledby="import-title">
            <h2 id="import-title">{ "From a file or pasted JSON" }</h2>
            <p>{ "Instructors can add their own pack in its JSON form (" }<code>{ "lab export-pack my-pack.toml" }</code>
               { " writes it). It is checked by the same rules as the shipped packs and kept in this browser only." }</p>
            <p>{ "A Moodle XML or GIFT question bank is not read here: turn it into a pack with " }
               <code>{ "lab import-pack bank.xml --format moodle-xml" }</code>{ ", fill in what it marks TODO, then export the JSON." }</p>
            <form {onsubmit}>
                <label for="import-file">{ "Choose a file" }</label>
                <input id="import-file" type="file" accept=".json,application/json" {onchange} />
                <label for="import-text">{ "or paste the JSON" }</label>
                <textarea id="import-text" rows="6" spellcheck="false" value={(*text).clone()} {oninput} />
                <button type="submit" class="button">{ "Check and import" }</button>
            </form>
            <div aria-live="polite">
                {
                    match &*outcome {
                        Outcome::None => html! {},
                        Outcome::Imported(title) => html! {
                            <p class="notice ok">{ format!("Imported “{title}”. It is now in the list of packs.") }</p>
                        },
                        Outcome::Problems(list) => html! {
                            <div class="notice error" role="alert">
                                <p>{ format!("The pack was not imported: {} problem{} found.", list.len(), if list.len() == 1 { "" } else { "s" }) }</p>
                                <ul class="problems">{ for list.iter().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
                            </div>
                        },
                    }
                }
            </div>
        </section>
    }
}
