use yew::prelude::*;

use crate::ui::browser;

/// "I'm done", with a confirmation: grading ends the run, so one stray click must not do it.
/// Asking moves focus to the confirm button; "Keep going" or Escape puts it back on "I'm done".
/// A function of the session's state `asking` (whether the question is shown), not a component:
/// the session holds that state and moves the focus when it changes ([`focus_follows`]).
pub fn done_button(asking: &UseStateHandle<bool>, on_done: &Callback<()>) -> Html {
    if **asking {
        let cancel = {
            let asking = asking.clone();
            Callback::from(move |_: MouseEvent| asking.set(false))
        };
        let on_key = {
            let asking = asking.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Escape" {
                    e.prevent_default();
                    asking.set(false);
                }
            })
        };
        let confirm = {
            let on_done = on_done.clone();
            Callback::from(move |_: MouseEvent| on_done.emit(()))
        };
        html! {
            <span class="confirm done-confirm" role="group" aria-labelledby="done-question" onkeydown={on_key}>
                <span id="done-question">{ "Finish and get graded? The rest of the scenario plays out as you leave it." }</span>
                <button type="button" class="button primary" id="done-confirm" onclick={confirm}>{ "Grade my response" }</button>
                <button type="button" class="button subtle done-cancel" onclick={cancel}>{ "Keep going" }</button>
            </span>
        }
    } else {
        let ask = {
            let asking = asking.clone();
            Callback::from(move |_: MouseEvent| asking.set(true))
        };
        html! { <button type="button" class="button primary done" id="done" onclick={ask}>{ "I'm done" }</button> }
    }
}

/// Moves the focus when `asking` differs from the value it last followed (`asked`), so not on the
/// session's first render (the console has the focus then) nor when something else re-renders it.
pub fn focus_follows(asking: bool, asked: &std::cell::RefCell<Option<bool>>) {
    if asked.borrow_mut().replace(asking).is_some_and(|before| before != asking) {
        browser::focus_by_id(if asking { "done-confirm" } else { "done" });
    }
}
