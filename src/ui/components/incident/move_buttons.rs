use std::rc::Rc;

use yew::prelude::*;

use crate::sim::console::moves::{Move, notify};

#[derive(Properties)]
pub struct MoveButtonsProps {
    /// The moves (from the console's `moves::common_moves`).
    pub moves: Rc<Vec<Move>>,
    /// The teams one may notify; the first is the default.
    pub teams: Rc<Vec<String>>,
    pub on_run: Callback<String>,
    #[prop_or_default]
    pub disabled: bool,
}

/// The buttons show each move's label and canonical line, and run that line: two lists with the
/// same labels and lines render the same, so that is what is compared (the derived comparison
/// compared the commands field by field, the build's one use of `Command`'s `PartialEq` besides
/// two `== Command::Empty`, now `matches!`).
impl PartialEq for MoveButtonsProps {
    fn eq(&self, other: &Self) -> bool {
        let same = |a: &Move, b: &Move| a.label == b.label && a.command.to_string() == b.command.to_string();
        self.moves.len() == other.moves.len()
            && self.moves.iter().zip(other.moves.iter()).all(|(a, b)| same(a, b))
            && self.teams == other.teams
            && self.on_run == other.on_run
            && self.disabled == other.disabled
    }
}

/// Buttons for the common moves, and a small form to notify a team.
#[component]
pub fn MoveButtons(props: &MoveButtonsProps) -> Html {
    let team = use_state(|| props.teams.first().cloned().unwrap_or_else(|| "oncall".to_owned()));
    let message = use_state(String::new);
    let team_ref = use_node_ref();
    let message_ref = use_node_ref();
    let on_notify = {
        let message = message.clone();
        let on_run = props.on_run.clone();
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
                { for props.moves.iter().map(|m| {
                    let on_run = props.on_run.clone();
                    let (label, line) = (m.label, m.command.to_string());
                    let l = line.clone();
                    html! {
                        <button type="button" class="button move" title={line.clone()} disabled={props.disabled}
                            data-command={line.clone()} onclick={Callback::from(move |_: MouseEvent| on_run.emit(l.clone()))}>
                            { label }<span class="visually-hidden">{ " (runs " }{ line.clone() }{ ")" }</span>
                        </button>
                    }
                }) }
            </div>
            <form class="notify-form" onsubmit={on_notify}>
                <label for="notify-team">{ "Notify" }</label>
                <input id="notify-team" type="text" class="notify-team" ref={team_ref} value={(*team).clone()} oninput={text_input(&team)} aria-label="Team" />
                <input id="notify-message" type="text" ref={message_ref} value={(*message).clone()} oninput={text_input(&message)}
                    aria-label="Message" placeholder="what you did and what happens next" />
                <button type="submit" class="button notify" disabled={props.disabled}>{ "Send" }</button>
            </form>
        </div>
    }
}
