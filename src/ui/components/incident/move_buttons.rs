use yew::prelude::*;

use crate::sim::console::moves::{Move, notify};

/// The notify form's state, held by the session (hooks of its component).
pub struct NotifyForm {
    pub team: UseStateHandle<String>,
    pub message: UseStateHandle<String>,
    pub team_ref: NodeRef,
    pub message_ref: NodeRef,
}

/// Buttons for the common moves, and a small form to notify a team. A function of the session, not
/// a component: it re-renders with the session (every simulated second), which costs less in the
/// build than the component's machinery and its props comparison did.
pub fn move_buttons(moves: &[Move], form: &NotifyForm, on_run: &Callback<String>) -> Html {
    let NotifyForm { team, message, team_ref, message_ref } = form;
    let on_notify = {
        let message = message.clone();
        let on_run = on_run.clone();
        let (team_ref, message_ref) = (team_ref.clone(), message_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let read = |r: &NodeRef| r.cast::<web_sys::HtmlInputElement>().map(|el| el.value()).unwrap_or_default();
            let Some(command) = notify(&read(&team_ref), &read(&message_ref)) else { return };
            on_run.emit(command.to_string());
            message.set(String::new());
        })
    };
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.set(el.value());
        })
    };
    html! {
        <div class="moves">
            <div class="move-buttons" role="group" aria-label="Common moves">
                { for moves.iter().map(|m| {
                    let on_run = on_run.clone();
                    let (label, line) = (m.label, m.command.to_string());
                    let l = line.clone();
                    html! {
                        <button type="button" class="button move" title={line.clone()}
                            data-command={line.clone()} onclick={Callback::from(move |_: MouseEvent| on_run.emit(l.clone()))}>
                            { label }<span class="visually-hidden">{ " (runs " }{ line.clone() }{ ")" }</span>
                        </button>
                    }
                }) }
            </div>
            <form class="notify-form" onsubmit={on_notify}>
                <label for="notify-team">{ "Notify" }</label>
                <input id="notify-team" type="text" class="notify-team" ref={team_ref.clone()} value={(**team).clone()} oninput={text_input(team)} aria-label="Team" />
                <input id="notify-message" type="text" ref={message_ref.clone()} value={(**message).clone()} oninput={text_input(message)}
                    aria-label="Message" placeholder="what you did and what happens next" />
                <button type="submit" class="button notify">{ "Send" }</button>
            </form>
        </div>
    }
}
