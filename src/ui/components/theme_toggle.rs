use yew::prelude::*;

use crate::ui::theme::{self, Theme};

/// A button that switches between the light and the dark theme and remembers the choice.
#[component]
pub fn ThemeToggle() -> Html {
    let current = use_state(theme::current);
    let onclick = {
        let current = current.clone();
        Callback::from(move |_| {
            let next = current.toggled();
            theme::choose(next);
            current.set(next);
        })
    };
    let (label, icon) = match *current {
        Theme::Light => ("Switch to dark theme", "☾"),
        Theme::Dark => ("Switch to light theme", "☀"),
    };
    html! {
        <button type="button" class="theme-toggle" aria-label={label} title={label}
                data-theme-now={current.as_str()} {onclick}>
            <span aria-hidden="true">{ icon }</span>
        </button>
    }
}
