//! The root component: router, page frame and the mount mark.

use yew::prelude::*;
use yew_router::prelude::*;

use super::browser;
use super::components::{footer::Footer, header::Header};
use super::pages::{help::HelpPage, home::HomePage, not_found::NotFoundPage, pack::PackPage, packs::PacksPage};
use super::route::{Build, Route};
use super::theme;

/// The pages of the practice build.
#[cfg(feature = "practice")]
fn practice_page(route: Route) -> Html {
    use super::pages::{badges::BadgesPage, import::ImportPage, quiz::QuizPage, review::ReviewPage};
    match route {
        Route::Quiz { id, mode } => html! { <QuizPage {id} {mode} /> },
        Route::Review => html! { <ReviewPage /> },
        Route::Badges => html! { <BadgesPage /> },
        Route::ImportPack => html! { <ImportPage /> },
        Route::SessionNew => html! { <super::pages::session_new::SessionNewPage /> },
        Route::SessionTake => html! { <super::pages::session_take::SessionTakePage /> },
        Route::SessionPresent => html! { <super::pages::session_present::SessionPresentPage /> },
        Route::SessionResults => html! { <super::pages::session_results::SessionResultsPage /> },
        _ => html! { <NotFoundPage /> },
    }
}

/// The pages of the full build.
#[cfg(feature = "full")]
fn full_page(route: Route) -> Html {
    match route {
        Route::Incidents => html! { <super::pages::incidents::IncidentsPage /> },
        Route::Incident { id } => html! { <super::pages::incident::IncidentPage {id} /> },
        Route::Sandbox => html! { <super::pages::sandbox::SandboxPage /> },
        _ => html! { <NotFoundPage /> },
    }
}

/// A page of a bigger build than this one: load that build and hand over.
#[cfg(not(feature = "full"))]
fn larger_build_page(build: Build) -> Html {
    html! { <super::handover::FullApp {build} /> }
}

fn switch(route: Route) -> Html {
    let build = route.build();
    if build > Build::CURRENT {
        #[cfg(not(feature = "full"))]
        return larger_build_page(build);
    }
    #[cfg(feature = "full")]
    if build == Build::Full {
        return full_page(route);
    }
    #[cfg(feature = "practice")]
    if build == Build::Practice {
        return practice_page(route);
    }
    match route {
        Route::Home => html! { <HomePage /> },
        Route::Packs => html! { <PacksPage /> },
        Route::Pack { id } => html! { <PackPage {id} /> },
        Route::Learn { id } => html! { <super::pages::learn::LearnPage {id} /> },
        Route::Help => html! { <HelpPage /> },
        _ => html! { <NotFoundPage /> },
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
    let page = html! {
        <BrowserRouter>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <SiteChrome><Header /></SiteChrome>
            <main id="main" tabindex="-1">
                { progress_notice() }
                <Switch<Route> render={switch} />
            </main>
            <SiteChrome><Footer /></SiteChrome>
        </BrowserRouter>
    };
    with_progress(page)
}

#[derive(Properties, PartialEq)]
struct SiteChromeProps {
    children: Html,
}

/// The site's header or footer, left out on the presenter view (a full-screen page for a projector).
#[component]
fn SiteChrome(props: &SiteChromeProps) -> Html {
    if use_route::<Route>() == Some(Route::SessionPresent) { html! {} } else { props.children.clone() }
}

/// The full build shares the learner's progress with every page through a context.
#[cfg(feature = "practice")]
fn with_progress(page: Html) -> Html {
    html! { <ProgressProvider>{ page }</ProgressProvider> }
}

#[cfg(not(feature = "practice"))]
fn with_progress(page: Html) -> Html {
    page
}

#[cfg(feature = "practice")]
fn progress_notice() -> Html {
    html! { <super::components::progress_notice::ProgressNotice /> }
}

#[cfg(not(feature = "practice"))]
fn progress_notice() -> Html {
    html! {}
}

#[cfg(feature = "practice")]
#[derive(Properties, PartialEq)]
struct ProgressProviderProps {
    children: Html,
}

#[cfg(feature = "practice")]
#[component]
fn ProgressProvider(props: &ProgressProviderProps) -> Html {
    use super::progress_store::{ProgressHandle, ProgressModel};
    let progress = use_reducer(ProgressModel::load);
    html! { <ContextProvider<ProgressHandle> context={progress}>{ props.children.clone() }</ContextProvider<ProgressHandle>> }
}
