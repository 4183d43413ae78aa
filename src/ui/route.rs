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

    /// The data files this page fetches as soon as it starts, relative to `<base href>`. The
    /// start-up script (`cli::boot`) asks for them while the page's build downloads, so they are
    /// not fetched only after the wasm has started; the page's own fetch then takes the response
    /// the browser already has. Each must be a file the page fetches (an unused preload is a
    /// wasted download), and ids that are not slugs name no file.
    pub fn first_fetches(&self) -> Vec<String> {
        match self {
            Route::Packs | Route::Pack { .. } => vec![data::PACK_INDEX.into()],
            Route::Quiz { id, .. } if data::is_slug(id) => vec![data::PACK_INDEX.into(), data::pack(id)],
            Route::Learn { id } if data::is_slug(id) => vec![data::concepts(id)],
            Route::Incidents | Route::Sandbox => vec![data::SCENARIO_INDEX.into()],
            Route::Incident { id } if data::is_slug(id) => vec![data::scenario(id)],
            _ => Vec::new(),
        }
    }
}

/// Where the site keeps the data its pages fetch, relative to `<base href>`: one place, so that a
/// page, `lab build-site` and the start-up script's early requests name the same files.
pub mod data {
    /// The shipped packs' index.
    pub const PACK_INDEX: &str = "data/packs/index.json";
    /// The shipped scenarios' index.
    pub const SCENARIO_INDEX: &str = "data/scenarios/index.json";

    /// Whether `id` can name a file: ASCII letters, digits, `-` and `_`, not empty.
    pub fn is_slug(id: &str) -> bool {
        !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }

    /// The name of a shipped pack's file in `data/packs/`, as `lab build-site` writes it.
    pub fn pack_file_name(id: &str) -> String {
        format!("{id}.json")
    }

    /// A shipped pack's file.
    pub fn pack(id: &str) -> String {
        format!("data/packs/{}", pack_file_name(id))
    }

    /// A shipped scenario's file.
    pub fn scenario(id: &str) -> String {
        format!("data/scenarios/{id}.json")
    }

    /// A topic's concept cards (Learn).
    pub fn concepts(id: &str) -> String {
        format!("data/concepts/{id}.json")
    }
}
