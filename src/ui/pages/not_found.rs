use yew::prelude::*;

use crate::ui::components::nav_link::NavLink;
use crate::ui::route::Route;

/// Shown for any URL the site does not know.
pub fn not_found_page() -> Html {
    html! {
        <section class="page narrow" aria-labelledby="nf-title">
            <h1 id="nf-title">{ "Page not found" }</h1>
            <p>{ "There is nothing at this address. It may have been mistyped, or the link may be from an older version of the site." }</p>
            <p><NavLink to={Route::Home} classes="button">{ "Go to the home page" }</NavLink></p>
        </section>
    }
}
