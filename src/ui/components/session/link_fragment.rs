//! The session a page is about, read from the URL fragment (`#s1.…`): the fragment never reaches
//! a server, so the whole session stays between the instructor and the learners.

use yew::prelude::*;

use crate::session::{SessionSpec, link};
use crate::ui::browser;

/// The session in this page's URL fragment, or the decoder's message saying what is wrong.
pub fn spec_from_fragment() -> Result<SessionSpec, String> {
    let hash = browser::location_hash();
    let code = hash.trim_start_matches('#');
    if code.trim().is_empty() {
        return Err("this address holds no session: a session link ends in # and a code starting with \"s1.\"".into());
    }
    link::decode(code).map_err(|e| e.to_string())
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
