//! The root component: router, page frame and the mount mark.

use yew::prelude::*;

use super::browser;
use super::components::{footer::footer, header::header};
use super::pages::not_found::not_found_page;
use super::route::Route;
use super::router::{use_route, Router};
use super::theme;

/// The pages of the progress build: the review of due misconceptions and the badges page.
#[cfg(feature = "progress")]
fn progress_page(route: Route) -> Html {
    use super::pages::{badges::BadgesPage, review::ReviewPage};
    match route {
        Route::Review => html! { <ReviewPage /> },
        Route::Badges => html! { <BadgesPage /> },
        _ => not_found_page(),
    }
}

/// The pages of the instructor build: the session builder and the presenter view.
#[cfg(feature = "instructor")]
fn instructor_page(route: Route) -> Html {
    use super::pages::{session_new::SessionNewPage, session_present::SessionPresentPage};
    match route {
        Route::SessionNew => html! { <SessionNewPage /> },
        Route::SessionPresent => html! { <SessionPresentPage /> },
        _ => not_found_page(),
    }
}

/// The page of the author build: importing a pack or a question bank.
#[cfg(feature = "author")]
fn author_page(route: Route) -> Html {
    match route {
        Route::ImportPack => html! { <super::pages::import::ImportPage /> },
        _ => not_found_page(),
    }
}

fn switch(route: Route) -> Html {
    let build = route.build();
    if !build.is_here() {
        // A page of another build: load that build and hand over.
        #[cfg(not(all(feature = "learner", feature = "staff", feature = "simulator", feature = "incidents", feature = "author")))]
        return html! { <super::handover::OtherBuild {build} /> };
    }
    match build {
        #[cfg(feature = "quiz")]
        super::route::Build::Quiz => return match route {
            Route::Quiz { id, mode } => html! { <super::pages::quiz::QuizPage {id} {mode} /> },
            _ => not_found_page(),
        },
        #[cfg(feature = "progress")]
        super::route::Build::Progress => return progress_page(route),
        #[cfg(feature = "session")]
        super::route::Build::Session => return html! { <super::pages::session_take::SessionTakePage /> },
        #[cfg(feature = "instructor")]
        super::route::Build::Instructor => return instructor_page(route),
        #[cfg(feature = "results")]
        super::route::Build::Results => return html! { <super::pages::session_results::SessionResultsPage /> },
        #[cfg(feature = "incident")]
        super::route::Build::Incident => return match route {
            Route::Incident { id } => html! { <super::pages::incident::IncidentPage {id} /> },
            _ => not_found_page(),
        },
        #[cfg(feature = "sandbox")]
        super::route::Build::Sandbox => return html! { <super::pages::sandbox::SandboxPage /> },
        #[cfg(feature = "incidents")]
        super::route::Build::Incidents => return html! { <super::pages::incidents::IncidentsPage /> },
        #[cfg(feature = "author")]
        super::route::Build::Author => return author_page(route),
        _ => {}
    }
    #[cfg(light_pages)]
    return match route {
        Route::Home => html! { <super::pages::home::HomePage /> },
        Route::Packs => html! { <super::pages::packs::PacksPage /> },
        Route::Pack { id } => html! { <super::pages::pack::PackPage {id} /> },
        Route::Learn { id } => html! { <super::pages::learn::LearnPage {id} /> },
        Route::Help => html! { <super::pages::help::HelpPage /> },
        _ => not_found_page(),
    };
    // A bigger build has no light page: `Route::build` sent every one of them to the hand-over above.
    #[cfg(not(light_pages))]
    not_found_page()
}

/// The page the address bar names.
#[component]
fn PageHere() -> Html {
    use_route().map(switch).unwrap_or_default()
}

/// The whole application.
#[component]
pub fn App() -> Html {
    use_effect_with((), |_| {
        theme::apply(theme::current());
        // Read by `lab report`: the time from navigation start until the first render is in the DOM.
        browser::performance_mark("app-mounted");
    });
    // "Skip to content" moves the focus to the page's content. Followed as a link, `#main` would
    // resolve against `<base href>` and open the home page from any other page.
    let skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        browser::focus_by_id("main");
    });
    let page = html! {
        <Router>
            <a class="skip-link" href="#main" onclick={skip}>{ "Skip to content" }</a>
            <SiteChrome>{ header() }</SiteChrome>
            <main id="main" tabindex="-1">
                { progress_notice() }
                <PageHere />
            </main>
            <SiteChrome>{ footer() }</SiteChrome>
        </Router>
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
    if use_route() == Some(Route::SessionPresent) { html! {} } else { props.children.clone() }
}

/// The quiz and session builds share the learner's progress with every page through a context.
#[cfg(feature = "learner")]
fn with_progress(page: Html) -> Html {
    html! { <ProgressProvider>{ page }</ProgressProvider> }
}

#[cfg(not(feature = "learner"))]
fn with_progress(page: Html) -> Html {
    page
}

#[cfg(feature = "learner")]
fn progress_notice() -> Html {
    html! { <super::components::progress_notice::ProgressNotice /> }
}

#[cfg(not(feature = "learner"))]
fn progress_notice() -> Html {
    html! {}
}

#[cfg(feature = "learner")]
#[derive(Properties, PartialEq)]
struct ProgressProviderProps {
    children: Html,
}

#[cfg(feature = "learner")]
#[component]
fn ProgressProvider(props: &ProgressProviderProps) -> Html {
    use super::progress_store::{ProgressHandle, ProgressModel};
    let progress = use_reducer(ProgressModel::load);
    html! { <ContextProvider<ProgressHandle> context={progress}>{ props.children.clone() }</ContextProvider<ProgressHandle>> }
}
