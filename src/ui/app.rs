//! The root component: router, page frame and the mount mark.

use yew::prelude::*;
use yew_router::prelude::*;

use super::browser;
use super::components::{footer::Footer, header::Header};
use super::components::progress_notice::ProgressNotice;
use super::pages::{
    badges::BadgesPage, help::HelpPage, home::HomePage, not_found::NotFoundPage, pack::PackPage, packs::PacksPage,
    quiz::QuizPage, review::ReviewPage,
};
use super::progress_store::{ProgressHandle, ProgressModel};
use super::route::Route;
use super::theme;

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::Packs => html! { <PacksPage /> },
        Route::Pack { id } => html! { <PackPage {id} /> },
        Route::Quiz { id, mode } => html! { <QuizPage {id} {mode} /> },
        Route::Review => html! { <ReviewPage /> },
        Route::Badges => html! { <BadgesPage /> },
        Route::Help => html! { <HelpPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

/// The whole application.
#[component]
pub fn App() -> Html {
    let progress = use_reducer(ProgressModel::load);
    use_effect_with((), |_| {
        theme::apply(theme::current());
        // Read by `lab report`: the time from navigation start until the first render is in the DOM.
        browser::performance_mark("app-mounted");
    });
    html! {
        <ContextProvider<ProgressHandle> context={progress}>
            <BrowserRouter>
                <a class="skip-link" href="#main">{ "Skip to content" }</a>
                <Header />
                <main id="main" tabindex="-1">
                    <ProgressNotice />
                    <Switch<Route> render={switch} />
                </main>
                <Footer />
            </BrowserRouter>
        </ContextProvider<ProgressHandle>>
    }
}
