use yew::prelude::*;

use crate::ui::browser;
use crate::ui::progress_store::{ProgressAction, use_progress};

/// Tells the learner when saved progress could not be read, offers the text for download, and
/// says that the app started fresh. Also mentions a migration from an older format.
#[component]
pub fn ProgressNotice() -> Html {
    let progress = use_progress();
    let dismiss = {
        let progress = progress.clone();
        Callback::from(move |_: MouseEvent| progress.dispatch(ProgressAction::DismissUnreadable))
    };
    match &progress.unreadable {
        Some((raw, error)) => html! {
            <div class="notice error progress-notice" role="alert">
                <p><strong>{ "Your saved progress could not be read." }</strong>{ format!(" What was wrong: {error}.") }</p>
                <p>{ "Nothing was deleted: download the saved text to keep it or to send it to us, then carry on. You are starting with fresh progress." }</p>
                <p>
                    <a class="button" download="rollback-lab-unreadable-progress.txt" href={browser::data_url("text/plain", raw)}>{ "Download the saved text" }</a>
                    { " " }
                    <button type="button" class="button" onclick={dismiss}>{ "I have what I need; dismiss" }</button>
                </p>
            </div>
        },
        None => html! {},
    }
}
