//! The instructor's session store ([`crate::session::store`]) in localStorage, and the "My
//! sessions" list shown on the builder page.
//!
//! Reading never loses data: text or entries that cannot be read are written aside under
//! [`store::ASIDE_KEY`] before anything is saved over them, and the page says what was wrong and
//! offers the kept text as a download.

use yew::prelude::*;

use crate::session::store::{self, SessionStore, SetAside, StoreLoad};
use crate::session::SessionId;
use crate::ui::browser;

/// The store, and a sentence for each thing that could not be read (empty when all was well).
///
/// What cannot be read is set aside first ([`store::add_aside`], which keeps whatever was set aside
/// before); only then is the store saved without it, so the message shows once and the data stays
/// downloadable ([`aside`]).
pub fn read() -> (SessionStore, Vec<String>) {
    let text = browser::storage_get_raw(store::STORAGE_KEY).unwrap_or_default();
    match SessionStore::load(&text) {
        StoreLoad::Ok(s, aside) if aside.is_empty() => (s, Vec::new()),
        StoreLoad::Ok(s, aside) => {
            let mut notes: Vec<String> = aside
                .iter()
                .map(|a| format!("A saved session could not be read and was set aside ({}). The other sessions are kept.", a.error))
                .collect();
            if set_aside(&aside) {
                write(&s);
            } else {
                notes.push("This browser refused to store a copy aside, so the saved data was left as it is.".to_owned());
            }
            (s, notes)
        }
        StoreLoad::Unreadable { raw, error } => {
            let kept = set_aside(&[SetAside { raw, error: error.clone() }]);
            // Start fresh only once the text is safely aside.
            if kept {
                browser::storage_remove(store::STORAGE_KEY);
            }
            let note = if kept {
                format!("The saved sessions could not be read ({error}). They were set aside, and the list starts empty.")
            } else {
                format!("The saved sessions could not be read ({error}), and this browser refused to store a copy aside.")
            };
            (SessionStore::default(), vec![note])
        }
    }
}

/// The store as saved, without reporting or setting anything aside (for a page that only reads).
// The builder's and presenter's (instructor build), not the dashboard's.
#[cfg_attr(not(feature = "instructor"), allow(dead_code))]
pub fn peek() -> SessionStore {
    match SessionStore::load(&browser::storage_get_raw(store::STORAGE_KEY).unwrap_or_default()) {
        StoreLoad::Ok(s, _) => s,
        StoreLoad::Unreadable { .. } => SessionStore::default(),
    }
}

fn set_aside(new: &[SetAside]) -> bool {
    let before = browser::storage_get_raw(store::ASIDE_KEY);
    browser::storage_set_raw(store::ASIDE_KEY, &store::add_aside(before.as_deref(), new))
}

/// Saves the store; `false` when the browser refused (full or disabled storage).
pub fn write(s: &SessionStore) -> bool {
    browser::storage_set_raw(store::STORAGE_KEY, &s.to_json())
}

/// What was set aside, if anything, for a download link.
pub fn aside() -> Option<String> {
    browser::storage_get_raw(store::ASIDE_KEY).filter(|t| !t.trim().is_empty())
}

/// The notice of a read that found unreadable data, with the download of what was set aside; or,
/// when this read found nothing wrong but data was set aside on an earlier visit, a line offering it.
pub fn problems_notice(problems: &[String]) -> Html {
    let kept = aside();
    let download = |kept: &str| html! {
        <a class="button download-aside" download="rollback-lab-sessions-unreadable.json" href={browser::data_url("application/json", kept)}>{ "Download the data set aside" }</a>
    };
    if !problems.is_empty() {
        html! {
            <div class="notice warn store-notes" role="alert">
                <ul class="problems">{ for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
                if let Some(kept) = &kept { <p>{ download(kept) }</p> }
            </div>
        }
    } else if let Some(kept) = &kept {
        let n = store::aside_count(kept);
        html! {
            <p class="meta aside-note">
                { format!("{n} piece{} of saved session data could not be read on an earlier visit; {} kept in this browser. ", if n == 1 { "" } else { "s" }, if n == 1 { "it is" } else { "they are" }) }
                { download(kept) }
            </p>
        }
    } else {
        html! {}
    }
}

/// The "My sessions" list: every session kept in this browser, newest first, with its dashboard and
/// presenter, an export of them all, an import, and delete behind a confirmation.
#[component]
pub fn MySessions() -> Html {
    let state = use_state(read);
    let confirming = use_state(|| None::<SessionId>);
    let note = use_state(String::new);
    let (sessions, problems) = (&state.0, &state.1);
    // Focus after a change to the list: asking to delete moves it to the confirmation, "Keep it"
    // back to that session's "Delete…" button, deleting to the list's heading.
    let refocus = use_state(|| None::<String>);
    use_effect_with((*confirming, (*refocus).clone()), |(c, r)| {
        if c.is_some() {
            browser::focus_by_id("confirm-delete");
        } else if let Some(id) = r {
            browser::focus_by_id(id);
        }
    });
    let delete = |id: SessionId| {
        let state = state.clone();
        let confirming = confirming.clone();
        let note = note.clone();
        let refocus = refocus.clone();
        Callback::from(move |_| {
            // The store as saved now (another tab may have changed it since this page read it).
            let (mut s, _) = read();
            let gone = s.remove(id);
            let saved = write(&s);
            note.set(match (gone, saved) {
                (Some(g), true) => format!("Deleted \u{201c}{}\u{201d} and its {}.", title(&g.spec.title), codes_text(g.codes.len())),
                (_, false) => "This browser refused to save: nothing was deleted.".to_owned(),
                (None, true) => String::new(),
            });
            if saved {
                state.set((s, state.1.clone()));
            }
            confirming.set(None);
            refocus.set(Some("my-sessions-title".to_owned()));
        })
    };
    let on_import = {
        let state = state.clone();
        let note = note.clone();
        Callback::from(move |e: Event| {
            use wasm_bindgen::JsCast;
            let Some(file) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            let state = state.clone();
            let note = note.clone();
            yew::platform::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
                let Some(text) = text else {
                    note.set(format!("{} could not be read as text.", file.name()));
                    return;
                };
                match SessionStore::import(&text) {
                    Err(e) => note.set(format!("{} is not a sessions file: {e}. Nothing was imported.", file.name())),
                    Ok((other, _, aside)) => {
                        let (mut s, _) = read();
                        let (added, codes) = s.merge(other);
                        let mut msg = format!("Imported {added} session(s) and {codes} result code(s) from {}.", file.name());
                        for a in &aside {
                            msg.push_str(&format!(" Left out: {}.", a.error));
                        }
                        if write(&s) {
                            state.set((s, state.1.clone()));
                        } else {
                            msg = "This browser refused to save the imported sessions.".to_owned();
                        }
                        note.set(msg);
                    }
                }
            });
        })
    };
    let mut list: Vec<_> = sessions.sessions.iter().collect();
    list.reverse();
    html! {
        <section class="my-sessions" aria-labelledby="my-sessions-title">
            <h2 id="my-sessions-title" tabindex="-1">{ "My sessions" }</h2>
            <p class="meta">{ "Kept in this browser only: the sessions you built here and the result codes loaded on their dashboards. Export them to keep a copy or move them to another browser." }</p>
            { problems_notice(problems) }
            <div aria-live="polite" class="my-sessions-note">{ (*note).clone() }</div>
            if list.is_empty() {
                <p class="meta no-sessions">{ "No session built in this browser yet." }</p>
            } else {
                <ul class="session-list">
                    { for list.into_iter().map(|s| {
                        let id = s.id();
                        let code = s.link.clone();
                        let name = title(&s.spec.title);
                        html! {
                            <li class="stored-session">
                                <strong>{ name.clone() }</strong>
                                { format!(" · {} question{} · built {} · {} result{}", s.spec.questions.len(), if s.spec.questions.len() == 1 { "" } else { "s" },
                                    browser::local_time_text(s.created_ms), s.codes.len(), if s.codes.len() == 1 { "" } else { "s" }) }
                                { " · " }<a class="stored-results" href={format!("sessions/results#{code}")}>{ format!("Dashboard of {name}") }</a>
                                { " · " }<a class="stored-present" href={format!("sessions/present#{code}")}>{ format!("Presenter of {name}") }</a>
                                { " · " }
                                if *confirming == Some(id) {
                                    <span role="group" aria-label={format!("Confirm deleting {name}")}>
                                        { format!("Delete {name} and its {} from this browser? ", codes_text(s.codes.len())) }
                                        <button type="button" class="button danger confirm-delete" id="confirm-delete" onclick={delete(id)}>{ "Delete" }</button>
                                        { " " }
                                        <button type="button" class="button cancel-delete" onclick={{
                                            let confirming = confirming.clone();
                                            let refocus = refocus.clone();
                                            Callback::from(move |_| { confirming.set(None); refocus.set(Some(format!("delete-{id}"))); })
                                        }}>{ "Keep it" }</button>
                                    </span>
                                } else {
                                    <button type="button" class="button delete-session" id={format!("delete-{id}")} aria-label={format!("Delete {name}")} onclick={{
                                        let confirming = confirming.clone();
                                        Callback::from(move |_| confirming.set(Some(id)))
                                    }}>{ "Delete…" }</button>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            <p class="sessions-files">
                if !sessions.sessions.is_empty() {
                    <a class="button export-sessions" download="rollback-lab-sessions.json" href={browser::data_url("application/json", &sessions.export())}>{ "Export my sessions" }</a>
                    { " " }
                }
                <label for="import-sessions">{ "Import a sessions file" }</label>
                <input type="file" id="import-sessions" accept=".json,application/json" onchange={on_import} />
            </p>
        </section>
    }
}

// The builder's and presenter's (instructor build), not the dashboard's.
#[cfg_attr(not(feature = "instructor"), allow(dead_code))]
fn codes_text(n: usize) -> String {
    if n == 1 { "1 result code".to_owned() } else { format!("{n} result codes") }
}

// The builder's and presenter's (instructor build), not the dashboard's.
#[cfg_attr(not(feature = "instructor"), allow(dead_code))]
fn title(t: &str) -> String {
    if t.is_empty() { "Untitled session".to_owned() } else { t.to_owned() }
}
