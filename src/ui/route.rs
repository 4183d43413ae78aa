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

/// The builds of the app (see `handover`). Each has the pages of one kind of visitor, and nothing
/// else: the light build the pages a first visit needs, each bigger one a quiz taker's, an
/// instructor's, an incident's or a pack author's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    /// What a first visit loads: home, help, Learn, the pack list and pages.
    Light,
    /// A learner's question runs, review, badges and session link (feature `quiz`).
    Quiz,
    /// An instructor's pages: session builder, presenter, results dashboard (feature `instructor`).
    Instructor,
    /// The incident simulator and grader: incident list, incidents, sandbox (feature `incident`).
    Incident,
    /// A pack author's page: the import of a pack's JSON or a Moodle XML / GIFT bank as a draft
    /// pack (feature `author`). Apart from the instructor's pages, so that a results dashboard does
    /// not download the bank readers (measured: docs/performance.md, "Session 7").
    Author,
}

impl Build {
    /// Every build, the light one first (the order of index.html's `<link data-trunk rel="rust">`).
    pub const ALL: [Build; 5] = [Build::Light, Build::Quiz, Build::Instructor, Build::Incident, Build::Author];

    /// Whether this wasm has the pages of `self`. Each build has its own pages only (the light
    /// pages are in the light build; `every-page`, for tests, has all).
    pub const fn is_here(self) -> bool {
        match self {
            Build::Light => cfg!(any(feature = "every-page", not(any(feature = "quiz", feature = "instructor", feature = "incident", feature = "author")))),
            Build::Quiz => cfg!(feature = "quiz"),
            Build::Instructor => cfg!(feature = "instructor"),
            Build::Incident => cfg!(feature = "incident"),
            Build::Author => cfg!(feature = "author"),
        }
    }

    /// Its name: of its binary (`data-bin` in index.html, `[[bin]]` in Cargo.toml), of its files
    /// (`NAME-HASH.js`), of its `<meta name="rollback-lab-NAME-js">` tags, and of the Cargo feature
    /// that makes it (none for the light build).
    pub fn name(self) -> &'static str {
        match self {
            Build::Light => "light",
            Build::Quiz => "quiz",
            Build::Instructor => "instructor",
            Build::Incident => "incident",
            Build::Author => "author",
        }
    }
}

impl Route {
    /// The build that has this page (the light build for the light pages and the not-found page).
    pub fn build(&self) -> Build {
        match self {
            Route::Incidents | Route::Incident { .. } | Route::Sandbox => Build::Incident,
            Route::Quiz { .. } | Route::Review | Route::Badges | Route::SessionTake => Build::Quiz,
            Route::SessionNew | Route::SessionPresent | Route::SessionResults => Build::Instructor,
            Route::ImportPack => Build::Author,
            _ => Build::Light,
        }
    }
}
