//! The session a page is about, read from the URL fragment (`#s1.…`): the fragment never reaches
//! a server, so the whole session stays between the instructor and the learners.

use std::rc::Rc;

use yew::prelude::*;

use crate::session::{SessionSpec, link};
use crate::ui::browser;
use crate::ui::router::use_location;

/// The session in the URL fragment `hash` (with or without its `#`), or the decoder's message
/// saying what is wrong.
pub fn spec_from_hash(hash: &str) -> Result<SessionSpec, String> {
    let code = hash.trim_start_matches('#');
    if code.trim().is_empty() {
        return Err("this address holds no session: a session link ends in # and a code starting with \"s1.\"".into());
    }
    link::decode(code).map_err(|e| e.to_string())
}

/// The page's URL fragment and the session in it, read again when the fragment changes (the
/// router follows it: another session's link followed or pasted into this tab changes only the
/// fragment, which loads no new page). A page shows its session under the fragment as a key, so it
/// starts afresh.
#[hook]
pub fn use_link_spec() -> (String, Rc<Result<SessionSpec, String>>) {
    let hash = use_location().map_or_else(browser::location_hash, |l| l.hash().to_owned());
    let spec = use_memo(hash.clone(), |hash| spec_from_hash(hash));
    (hash, spec)
}

/// What a mangled or empty session link shows instead of the page.
pub fn link_problem(message: &str) -> Html {
    html! {
        <section class="page narrow" aria-labelledby="link-problem-title">
            <h1 id="link-problem-title">{ "This session link cannot be opened" }</h1>
            <div class="notice error link-problem" role="alert">
                <p>{ "The link is damaged: " }{ message }{ "." }</p>
            </div>
            <p>{ "Copy the whole link again from the instructor's message, without line breaks or missing characters, and open it once more." }</p>
        </section>
    }
}
