use yew::prelude::*;

use crate::ui::browser;

#[derive(Properties, PartialEq)]
pub struct DoneButtonProps {
    /// Grades the run (after the learner confirms).
    pub on_done: Callback<()>,
}

/// "I'm done", with a confirmation: grading ends the run, so one stray click must not do it.
/// Asking moves focus to the confirm button; "Keep going" or Escape puts it back on "I'm done".
#[component]
pub fn DoneButton(props: &DoneButtonProps) -> Html {
    let asking = use_state(|| false);
    // Focus follows the question and its answer, but not on the first render (the console has it).
    let mounted = use_mut_ref(|| false);
    {
        let asking = *asking;
        use_effect_with(asking, move |asking| {
            if std::mem::replace(&mut *mounted.borrow_mut(), true) {
                browser::focus_by_id(if *asking { "done-confirm" } else { "done" });
            }
        });
    }
    if *asking {
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
            let on_done = props.on_done.clone();
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
