use yew::prelude::*;

/// The site footer with the version, so a bug report can say which build it saw.
pub fn footer() -> Html {
    html! {
        <footer class="site-footer">
            <p>
                { "Rollback Lab " }<span class="version">{ format!("v{}", crate::VERSION) }</span>
                { " · runs entirely in your browser; nothing you do here is sent anywhere." }
            </p>
        </footer>
    }
}
