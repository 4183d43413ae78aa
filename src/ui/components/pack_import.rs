use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::lms::draft::{self, Detected, Draft};
use crate::ui::browser;
use crate::ui::components::nav_link::NavLink;
use crate::ui::pack_store;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct PackImportProps {
    /// Called after a pack was imported.
    pub on_imported: Callback<()>,
}

/// What the import of a Moodle XML or GIFT bank read, shown whether or not a pack was stored.
#[derive(Clone, PartialEq)]
struct BankReport {
    file: String,
    label: &'static str,
    /// The draft, when the file could be read at all (for its lists and the TOML download).
    draft: Option<Draft>,
}

#[derive(Clone, PartialEq)]
enum Outcome {
    None,
    Imported { id: String, title: String, questions: usize, bank: Option<BankReport> },
    Problems { list: Vec<String>, bank: Option<BankReport> },
}

/// The name a pasted text goes by: it names the pack when the bank does not.
fn pasted_name(text: &str) -> String {
    match draft::detect("pasted", text) {
        Detected::Bank(draft::Source::MoodleXml) => "pasted.xml".to_owned(),
        Detected::Bank(draft::Source::Gift) => "pasted.gift".to_owned(),
        _ => "pasted pack".to_owned(),
    }
}

/// Reads a file or a pasted text: a pack's JSON, a Moodle XML bank or a GIFT bank, told apart by
/// the content. A bank becomes a draft pack (`lms::draft`), which is stored by the same
/// `pack_store::import` as a JSON pack (its check applies the draft relaxations).
fn check(name: &str, body: &str) -> Outcome {
    let source = match draft::detect(name, body) {
        Detected::Unreadable(why) => return Outcome::Problems { list: vec![why], bank: None },
        Detected::PackJson => {
            return match pack_store::import(name, body) {
                Ok(summary) => Outcome::Imported { id: summary.id, title: summary.title, questions: summary.questions, bank: None },
                Err(list) => Outcome::Problems { list, bank: None },
            };
        }
        Detected::Bank(source) => source,
    };
    let label = source.label();
    let report = |draft: Option<Draft>| Some(BankReport { file: name.to_owned(), label, draft });
    let drafted = match draft::draft(name, body, source) {
        Ok(d) => d,
        Err(why) => return Outcome::Problems { list: vec![why], bank: report(None) },
    };
    if !drafted.usable() {
        let list = vec![format!("{name}: no question in it can be used here, so nothing was stored (the reasons are listed below).")];
        return Outcome::Problems { list, bank: report(Some(drafted)) };
    }
    match pack_store::import(&draft::check_name(name), &crate::pack::to_json(&drafted.pack)) {
        Ok(summary) => Outcome::Imported { id: summary.id, title: summary.title, questions: summary.questions, bank: report(Some(drafted)) },
        Err(list) => Outcome::Problems { list, bank: report(Some(drafted)) },
    }
}

fn lines(class: &'static str, heading: String, items: &[String]) -> Html {
    if items.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h3>{ heading }</h3>
            <ul class={classes!("problems", class)}>{ for items.iter().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
        </>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a bank's import read, dropped, refused and filled in, and the draft as TOML.
fn bank_report(bank: &BankReport, download_error: &UseStateHandle<Option<String>>) -> Html {
    let read = html! { <p class="import-format">{ format!("Read {} as {} (from its content).", bank.file, bank.label) }</p> };
    let Some(d) = &bank.draft else {
        return html! { <section class="import-report" aria-label="What the import read">{ read }</section> };
    };
    let download = {
        // Written when asked for, not at every render.
        let d = d.clone();
        let download_error = download_error.clone();
        Callback::from(move |_: MouseEvent| {
            let name = format!("{}.toml", d.pack.id);
            download_error.set(browser::download_bytes(&name, "application/toml", d.to_toml().as_bytes()).err());
        })
    };
    html! {
        <section class="import-report" aria-label="What the import read">
            { read }
            { lines("dropped", format!("Left out: {} the pack format cannot hold", plural(d.dropped.len(), "construct", "constructs")), &d.dropped) }
            { lines("refused", format!("Refused by the pack check: {}", plural(d.refused.len(), "question", "questions")), &d.refused) }
            if d.usable() {
                { lines("filled", "Filled in by default (no LMS format carries these)".to_owned(), &d.filled) }
                <p>{ "To finish the draft as a pack file (kinds, difficulties, misconceptions, mistakes, a 10-question Test and a 5-question Challenge), download it, fill in every TODO and run " }
                   <code>{ "lab check" }</code>{ "." }</p>
                <button type="button" class="button download-toml" onclick={download}>{ "Download as TOML" }</button>
                if let Some(e) = &**download_error {
                    <p class="notice error" role="alert">{ e }</p>
                }
            }
        </section>
    }
}

/// Imports a pack from its JSON form, or a Moodle XML or GIFT question bank as a draft pack,
/// pasted or chosen as a file, checked by the same rules as the build (a draft with the relaxations
/// of `pack::read::DRAFT_RELAXATIONS`). Every problem is listed; a valid pack is kept in this
/// browser.
#[component]
pub fn PackImport(props: &PackImportProps) -> Html {
    let text = use_state(String::new);
    let outcome = use_state(|| Outcome::None);
    let download_error = use_state(|| None::<String>);
    let run = {
        let outcome = outcome.clone();
        let download_error = download_error.clone();
        let on_imported = props.on_imported.clone();
        move |name: String, body: String| {
            let result = check(&name, &body);
            if matches!(result, Outcome::Imported { .. }) {
                on_imported.emit(());
            }
            download_error.set(None);
            outcome.set(result);
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
        let run = run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run(pasted_name(&text), (*text).clone());
        })
    };
    let onchange = {
        let run = run.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let run = run.clone();
            yew::platform::spawn_local(async move {
                let name = file.name();
                let body = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                match body.ok().and_then(|v| v.as_string()) {
                    Some(body) => run(name, body),
                    None => run(name, String::new()),
                }
            });
        })
    };
    html! {
        <section class="import" aria-labelledby="import-title">
            <h2 id="import-title">{ "From a file or pasted text" }</h2>
            <p>{ "Instructors can add their own pack in its JSON form (" }<code>{ "lab export-pack my-pack.toml" }</code>
               { " writes it). It is checked by the same rules as the shipped packs and kept in this browser only." }</p>
            <p>{ "A Moodle XML or GIFT question bank works too: its single-choice, select-all and ordering questions become a draft pack you can practise and use in sessions here. What the file cannot say (kinds, difficulties, common mistakes, misconceptions) is filled in by default and listed, and every question or construct left out is named with its line." }</p>
            <form {onsubmit}>
                <label for="import-file">{ "Choose a file (JSON, Moodle XML or GIFT)" }</label>
                <input id="import-file" type="file" accept=".json,.xml,.gift,.txt,application/json,text/xml,text/plain" {onchange} />
                <label for="import-text">{ "or paste the JSON, Moodle XML or GIFT" }</label>
                <textarea id="import-text" rows="6" spellcheck="false" value={(*text).clone()} {oninput} />
                <button type="submit" class="button">{ "Check and import" }</button>
            </form>
            <div aria-live="polite">
                {
                    match &*outcome {
                        Outcome::None => html! {},
                        Outcome::Imported { id, title, questions, bank } => html! {
                            <>
                                <p class="notice ok">
                                    { format!("Imported “{title}” ({}). It is now in the list of packs: ", plural(*questions, "question", "questions")) }
                                    <NavLink to={Route::Pack { id: id.clone() }}>{ format!("open “{title}”") }</NavLink>{ "." }
                                </p>
                                if let Some(bank) = bank { { bank_report(bank, &download_error) } }
                            </>
                        },
                        Outcome::Problems { list, bank } => html! {
                            <>
                                <div class="notice error" role="alert">
                                    <p>{ format!("The pack was not imported: {} found.", plural(list.len(), "problem", "problems")) }</p>
                                    <ul class="problems">{ for list.iter().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
                                </div>
                                if let Some(bank) = bank { { bank_report(bank, &download_error) } }
                            </>
                        },
                    }
                }
            </div>
        </section>
    }
}
