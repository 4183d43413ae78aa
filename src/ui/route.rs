//! The site's URLs. Real paths (no `#`), resolved against `<base href>` so the site also works
//! under a sub-path such as `/rollback-lab/`.

use yew_router::prelude::*;

/// Every page of the site.
#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/packs")]
    Packs,
    #[at("/packs/import")]
    ImportPack,
    #[at("/packs/:id")]
    Pack { id: String },
    #[at("/packs/:id/:mode")]
    Quiz { id: String, mode: String },
    #[at("/learn/:id")]
    Learn { id: String },
    #[at("/incidents")]
    Incidents,
    #[at("/incidents/:id")]
    Incident { id: String },
    #[at("/sandbox")]
    Sandbox,
    #[at("/review")]
    Review,
    #[at("/badges")]
    Badges,
    #[at("/sessions/new")]
    SessionNew,
    #[at("/session")]
    SessionTake,
    #[at("/sessions/present")]
    SessionPresent,
    #[at("/sessions/results")]
    SessionResults,
    #[at("/help")]
    Help,
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// The builds of the app, smallest first (see `handover`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Build {
    /// What a first visit loads: home, help, Learn, the pack list and pages.
    Light,
    /// Adds question runs, review, badges, imports and instructor sessions.
    Practice,
    /// Adds the incident simulator and grader.
    Full,
}

impl Build {
    /// The build this wasm is.
    pub const CURRENT: Build = if cfg!(feature = "full") {
        Build::Full
    } else if cfg!(feature = "practice") {
        Build::Practice
    } else {
        Build::Light
    };

    /// Its name in index.html's `<meta name="rollback-lab-NAME-js">` tags.
    pub fn name(self) -> &'static str {
        match self {
            Build::Light => "light",
            Build::Practice => "practice",
            Build::Full => "full",
        }
    }
}

impl Route {
    /// The smallest build that has this page.
    pub fn build(&self) -> Build {
        match self {
            Route::Incidents | Route::Incident { .. } | Route::Sandbox => Build::Full,
            Route::ImportPack
            | Route::Quiz { .. }
            | Route::Review
            | Route::Badges
            | Route::SessionNew
            | Route::SessionTake
            | Route::SessionPresent
            | Route::SessionResults => Build::Practice,
            _ => Build::Light,
        }
    }
}
