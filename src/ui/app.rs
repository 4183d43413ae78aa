//! The root component: router, page frame and the mount mark.

use yew::prelude::*;
use yew_router::prelude::*;

use super::browser;
use super::components::{footer::Footer, header::Header};
use super::pages::{help::HelpPage, home::HomePage, not_found::NotFoundPage, pack::PackPage, packs::PacksPage};
use super::route::Route;
use super::theme;

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::Packs => html! { <PacksPage /> },
        Route::Pack { id } => html! { <PackPage {id} /> },
        Route::Help => html! { <HelpPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

/// The whole application.
#[component]
pub fn App() -> Html {
    use_effect_with((), |_| {
        theme::apply(theme::current());
        // Read by `lab report`: the time from navigation start until the first render is in the DOM.
        browser::performance_mark("app-mounted");
    });
    html! {
        <BrowserRouter>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <Header />
            <main id="main" tabindex="-1">
                <Switch<Route> render={switch} />
            </main>
            <Footer />
        </BrowserRouter>
    }
}
