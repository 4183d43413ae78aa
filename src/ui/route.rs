//! The site's URLs. Real paths (no `#`), resolved against `<base href>` so the site also works
//! under a sub-path such as `/rollback-lab/`.

use std::borrow::Cow;
use std::collections::HashMap;

use yew_router::__macro::{decode_for_url, encode_for_url};
use yew_router::Routable;

/// Every page of the site. Its paths are below (`Routable`), written by hand rather than derived:
/// the derive recognises paths with `route-recognizer` (an NFA, its B-trees and hash sets), which
/// every build carried (docs/performance.md, "Session 10").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`
    Home,
    /// `/packs`
    Packs,
    /// `/packs/import`
    ImportPack,
    /// `/packs/:id`
    Pack { id: String },
    /// `/packs/:id/:mode`
    Quiz { id: String, mode: String },
    /// `/learn/:id`
    Learn { id: String },
    /// `/incidents`
    Incidents,
    /// `/incidents/:id`
    Incident { id: String },
    /// `/sandbox`
    Sandbox,
    /// `/review`
    Review,
    /// `/badges`
    Badges,
    /// `/sessions/new`
    SessionNew,
    /// `/session`
    SessionTake,
    /// `/sessions/present`
    SessionPresent,
    /// `/sessions/results`
    SessionResults,
    /// `/help`
    Help,
    /// `/404`, and every path that is no other page's.
    NotFound,
}

impl Default for Route {
    /// The not-found page, as `#[derive(Routable)]` with `#[not_found]` made it.
    fn default() -> Self {
        Route::NotFound
    }
}

/// A dynamic segment as the page reads it: percent-decoded, `None` when the bytes are not UTF-8
/// (yew-router's own decoder, as the derive used it).
fn decoded(segment: &str) -> Option<String> {
    decode_for_url(segment).ok().map(Cow::into_owned)
}

impl Route {
    /// The route of a path's segments (between the slashes, still percent-encoded); `None` for a
    /// path of no page or a dynamic segment that does not decode.
    fn from_segments(segments: &[&str]) -> Option<Route> {
        Some(match segments {
            [""] => Route::Home,
            ["packs"] => Route::Packs,
            ["packs", "import"] => Route::ImportPack,
            ["packs", id] => Route::Pack { id: decoded(id)? },
            ["packs", id, mode] => Route::Quiz { id: decoded(id)?, mode: decoded(mode)? },
            ["learn", id] => Route::Learn { id: decoded(id)? },
            ["incidents"] => Route::Incidents,
            ["incidents", id] => Route::Incident { id: decoded(id)? },
            ["sandbox"] => Route::Sandbox,
            ["review"] => Route::Review,
            ["badges"] => Route::Badges,
            ["sessions", "new"] => Route::SessionNew,
            ["session"] => Route::SessionTake,
            ["sessions", "present"] => Route::SessionPresent,
            ["sessions", "results"] => Route::SessionResults,
            ["help"] => Route::Help,
            ["404"] => Route::NotFound,
            _ => return None,
        })
    }
}

/// The same paths as `#[derive(Routable)]` with the `#[at]` of each variant's doc comment, tested
/// against it (`tests::recognize_is_the_derives`): one trailing and one leading `/` are ignored,
/// a literal segment matches itself only (so `/packs/import` is not a pack), a dynamic segment is
/// one or more characters other than `/`, percent-decoded, and anything else is `NotFound`.
impl Routable for Route {
    fn from_path(path: &str, params: &HashMap<&str, &str>) -> Option<Self> {
        // yew-router calls this only from its own recognizer, which `recognize` does not use;
        // it answers as the derive's did: the variant of the pattern `path`, its parameters decoded.
        let param = |name: &str| params.get(name).and_then(|value| decoded(value));
        Some(match path {
            "/packs/:id" => Route::Pack { id: param("id")? },
            "/packs/:id/:mode" => Route::Quiz { id: param("id")?, mode: param("mode")? },
            "/learn/:id" => Route::Learn { id: param("id")? },
            "/incidents/:id" => Route::Incident { id: param("id")? },
            pattern if Self::routes().contains(&pattern) => {
                Self::from_segments(&pattern[1..].split('/').collect::<Vec<_>>())?
            }
            _ => return None,
        })
    }

    fn to_path(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::Packs => "/packs".into(),
            Route::ImportPack => "/packs/import".into(),
            Route::Pack { id } => format!("/packs/{}", encode_for_url(id)),
            Route::Quiz { id, mode } => format!("/packs/{}/{}", encode_for_url(id), encode_for_url(mode)),
            Route::Learn { id } => format!("/learn/{}", encode_for_url(id)),
            Route::Incidents => "/incidents".into(),
            Route::Incident { id } => format!("/incidents/{}", encode_for_url(id)),
            Route::Sandbox => "/sandbox".into(),
            Route::Review => "/review".into(),
            Route::Badges => "/badges".into(),
            Route::SessionNew => "/sessions/new".into(),
            Route::SessionTake => "/session".into(),
            Route::SessionPresent => "/sessions/present".into(),
            Route::SessionResults => "/sessions/results".into(),
            Route::Help => "/help".into(),
            Route::NotFound => "/404".into(),
        }
    }

    fn routes() -> Vec<&'static str> {
        vec![
            "/",
            "/packs",
            "/packs/import",
            "/packs/:id",
            "/packs/:id/:mode",
            "/learn/:id",
            "/incidents",
            "/incidents/:id",
            "/sandbox",
            "/review",
            "/badges",
            "/sessions/new",
            "/session",
            "/sessions/present",
            "/sessions/results",
            "/help",
            "/404",
        ]
    }

    fn not_found_route() -> Option<Self> {
        Some(Route::NotFound)
    }

    fn recognize(pathname: &str) -> Option<Self> {
        let path = pathname.strip_suffix('/').unwrap_or(pathname);
        let path = path.strip_prefix('/').unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        // An empty segment is never a page's (literal segments are not empty, dynamic ones are one
        // character or more), except the whole path of the home page.
        let found = if path.is_empty() || !segments.contains(&"") { Self::from_segments(&segments) } else { None };
        Some(found.unwrap_or(Route::NotFound))
    }
}

/// The builds of the app (see `handover`). Each has the pages of one kind of visitor, and nothing
/// else: the light build the pages a first visit needs, each bigger one a quiz taker's, a reviewer's,
/// a session taker's, an instructor's, a results reader's, an incident's, a sandbox player's, an
/// incident browser's or a pack author's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    /// What a first visit loads: home, help, Learn, the pack list and pages.
    Light,
    /// A learner's own question runs (feature `quiz`).
    Quiz,
    /// A learner's progress: the review of due misconceptions and the badges page (feature
    /// `progress`). Apart from the quiz build, which shares the run view, progress and pack loading
    /// with it (Cargo feature `learner`), so that a question run's first visit does not download the
    /// review scheduler and the badges page (measured: docs/performance.md, "Session 14").
    Progress,
    /// A learner's side of an instructor's session: the session link's page (feature `session`).
    /// Apart from the quiz and progress builds, which share the run view, progress and pack loading with it
    /// (Cargo feature `learner`), so that neither first visit downloads the other's pages
    /// (measured: docs/performance.md, "Session 13").
    Session,
    /// An instructor's pages: session builder and presenter (feature `instructor`).
    Instructor,
    /// The results dashboard of a session (feature `results`). Apart from the instructor build, which
    /// shares the session components and pack loading with it (Cargo feature `staff`), so that a
    /// dashboard's first visit does not download the builder (measured: docs/performance.md,
    /// "Session 13").
    Results,
    /// The incident simulator and grader: an incident's page (feature `incident`). Apart from the
    /// sandbox, which shares the simulator, the console and the session's panels with it (Cargo
    /// feature `simulator`), and from the incident list, so that an incident's first
    /// visit downloads neither the chaos panel nor the list (measured: docs/performance.md,
    /// "Session 14").
    Incident,
    /// The sandbox: free practice on a cluster with the chaos panel, no grade (feature `sandbox`).
    Sandbox,
    /// The incident list (feature `incidents`): the scenarios' cards with their best grades, a
    /// filter by words and tags. Its own build, not the light one: its page would add 10 KB brotli to
    /// every first visit of the light pages (measured: docs/performance.md, "Session 14").
    Incidents,
    /// A pack author's page: the import of a pack's JSON or a Moodle XML / GIFT bank as a draft
    /// pack (feature `author`). Apart from the instructor's pages, so that a results dashboard does
    /// not download the bank readers (measured: docs/performance.md, "Session 7").
    Author,
}

impl Build {
    /// Every build, the light one first (the order of index.html's `<link data-trunk rel="rust">`).
    pub const ALL: [Build; 10] = [Build::Light, Build::Quiz, Build::Progress, Build::Session, Build::Instructor, Build::Results, Build::Incident, Build::Sandbox, Build::Incidents, Build::Author];

    /// Whether this wasm has the pages of `self`. Each build has its own pages only (the light
    /// pages are in the light build; `every-page`, for tests, has all).
    pub const fn is_here(self) -> bool {
        match self {
            Build::Light => cfg!(light_pages),
            Build::Quiz => cfg!(feature = "quiz"),
            Build::Progress => cfg!(feature = "progress"),
            Build::Session => cfg!(feature = "session"),
            Build::Instructor => cfg!(feature = "instructor"),
            Build::Results => cfg!(feature = "results"),
            Build::Incident => cfg!(feature = "incident"),
            Build::Sandbox => cfg!(feature = "sandbox"),
            Build::Incidents => cfg!(feature = "incidents"),
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
            Build::Progress => "progress",
            Build::Session => "session",
            Build::Instructor => "instructor",
            Build::Results => "results",
            Build::Incident => "incident",
            Build::Sandbox => "sandbox",
            Build::Incidents => "incidents",
            Build::Author => "author",
        }
    }

    /// The part of the build `lab build-site` splits off into a second wasm module, loaded when it is
    /// first needed (`ui::components::lazy_part`): what the pages show after Start, the run view of
    /// the three builds that run questions (`lazy_run`), the running incident and its grade report
    /// (`incident::lazy`) and the running sandbox (`pages::sandbox`). Its files are `NAME-HASH_run.wasm` and the loader `NAME-HASH.split.js`
    /// (`cli::split`).
    pub fn split_part(self) -> Option<&'static str> {
        match self {
            Build::Quiz | Build::Progress | Build::Session | Build::Incident | Build::Sandbox => Some("run"),
            _ => None,
        }
    }
}

impl Route {
    /// The build that has this page (the light build for the light pages and the not-found page).
    pub fn build(&self) -> Build {
        match self {
            Route::Incident { .. } => Build::Incident,
            Route::Sandbox => Build::Sandbox,
            Route::Incidents => Build::Incidents,
            Route::Quiz { .. } => Build::Quiz,
            Route::Review | Route::Badges => Build::Progress,
            Route::SessionTake => Build::Session,
            Route::SessionNew | Route::SessionPresent => Build::Instructor,
            Route::SessionResults => Build::Results,
            Route::ImportPack => Build::Author,
            _ => Build::Light,
        }
    }

    /// The data files this page fetches as soon as it starts, relative to `<base href>`. The
    /// start-up script (`cli::boot`) asks for them while the page's build downloads, so they are
    /// not fetched only after the wasm has started; the page's own fetch then takes the response
    /// the browser already has. Each must be a file the page fetches (an unused preload is a
    /// wasted download), and ids that are not slugs name no file. A session link and the results
    /// dashboard name their packs in the URL's fragment, in the link's binary code: the build
    /// fetches them once it has read the code (and no index: a pack's file is named after its id,
    /// and index.html names the shipped ones, [`data::SHIPPED_PACKS_META`]).
    pub fn first_fetches(&self) -> Vec<String> {
        match self {
            Route::Packs | Route::Pack { .. } => vec![data::PACK_INDEX.into()],
            Route::Quiz { id, .. } if data::is_slug(id) => vec![data::pack(id)],
            Route::Learn { id } if data::is_slug(id) => vec![data::concepts(id)],
            Route::Incidents => vec![data::SCENARIO_INDEX.into()],
            Route::Sandbox => vec![data::SCENARIO_INDEX.into(), data::scenario(data::FIRST_SANDBOX)],
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
    /// The `<meta>` tag of index.html that names the shipped packs (their ids, separated by spaces;
    /// written by `lab build-site` from the index): a question run, a session link and the results
    /// dashboard need the ids and nothing else of the index, so they do not download it.
    pub const SHIPPED_PACKS_META: &str = "rollback-lab-shipped-packs";
    /// The shipped scenarios' index.
    pub const SCENARIO_INDEX: &str = "data/scenarios/index.json";
    /// The sandbox the Sandbox page shows first (if the index has it; else the index's first
    /// sandbox), so that its file is fetched with the index, not after it.
    pub const FIRST_SANDBOX: &str = "sandbox-blue-green";

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::shuffle::Shuffler;

    /// The routes as they were declared before session 10, through yew-router's derive: the
    /// reference the hand-written `Routable` must agree with.
    #[derive(Clone, Debug, PartialEq, Eq, Routable)]
    enum Derived {
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

    impl From<Derived> for Route {
        fn from(d: Derived) -> Route {
            match d {
                Derived::Home => Route::Home,
                Derived::Packs => Route::Packs,
                Derived::ImportPack => Route::ImportPack,
                Derived::Pack { id } => Route::Pack { id },
                Derived::Quiz { id, mode } => Route::Quiz { id, mode },
                Derived::Learn { id } => Route::Learn { id },
                Derived::Incidents => Route::Incidents,
                Derived::Incident { id } => Route::Incident { id },
                Derived::Sandbox => Route::Sandbox,
                Derived::Review => Route::Review,
                Derived::Badges => Route::Badges,
                Derived::SessionNew => Route::SessionNew,
                Derived::SessionTake => Route::SessionTake,
                Derived::SessionPresent => Route::SessionPresent,
                Derived::SessionResults => Route::SessionResults,
                Derived::Help => Route::Help,
                Derived::NotFound => Route::NotFound,
            }
        }
    }

    fn derived(path: &str) -> Option<Route> {
        Derived::recognize(path).map(Route::from)
    }

    /// Values for dynamic segments: slugs, the literal segments' words, characters that must be
    /// escaped (`/`, `%`, `?`, `#`, space, `.`), non-ASCII text, the empty string.
    const VALUES: [&str; 14] =
        ["canary-rollout", "import", "new", "practice", "404", "a/b", "50%", "x?y#z", "two words", "v1.2", "é", "日本", "", "%2F"];

    /// One of every route, with each kind of value in its dynamic segments, as the derive declares it.
    fn every_route() -> Vec<Derived> {
        let mut routes = vec![
            Derived::Home,
            Derived::Packs,
            Derived::ImportPack,
            Derived::Incidents,
            Derived::Sandbox,
            Derived::Review,
            Derived::Badges,
            Derived::SessionNew,
            Derived::SessionTake,
            Derived::SessionPresent,
            Derived::SessionResults,
            Derived::Help,
            Derived::NotFound,
        ];
        for v in VALUES {
            let s = v.to_string();
            routes.push(Derived::Pack { id: s.clone() });
            routes.push(Derived::Learn { id: s.clone() });
            routes.push(Derived::Incident { id: s.clone() });
            for m in VALUES {
                routes.push(Derived::Quiz { id: s.clone(), mode: m.to_string() });
            }
        }
        routes
    }

    #[test]
    fn routes_and_not_found_are_the_derives() {
        assert_eq!(Route::routes(), Derived::routes());
        assert_eq!(Route::not_found_route(), Derived::not_found_route().map(Route::from));
        assert_eq!(Route::default(), Route::from(Derived::default()));
    }

    #[test]
    fn to_path_is_the_derives_and_recognize_reads_it_back() {
        for declared in every_route() {
            let route = Route::from(declared.clone());
            let path = route.to_path();
            assert_eq!(path, declared.to_path(), "{route:?}");
            assert_eq!(Route::recognize(&path), derived(&path), "{path}");
            // An empty dynamic segment is written as the derive writes it, but names no page.
            let empty = matches!(&route, Route::Pack { id } | Route::Learn { id } | Route::Incident { id } if id.is_empty())
                || matches!(&route, Route::Quiz { id, mode } if id.is_empty() || mode.is_empty());
            if !empty && route != (Route::Pack { id: "import".into() }) {
                assert_eq!(Route::recognize(&path), Some(route.clone()), "{path}");
            }
        }
        assert_eq!(Route::recognize("/packs/import"), Some(Route::ImportPack));
    }

    #[test]
    fn from_path_is_the_derives() {
        let mut patterns = Route::routes();
        patterns.extend(["", "/packs/", "/nope", "/packs/x", "/packs/:mode", ":id"]);
        for pattern in patterns {
            for id in VALUES {
                for mode in [None, Some("test"), Some("%E9"), Some("%FF")] {
                    let mut params = HashMap::new();
                    params.insert("id", id);
                    if let Some(mode) = mode {
                        params.insert("mode", mode);
                    }
                    let ours = Route::from_path(pattern, &params);
                    assert_eq!(ours, Derived::from_path(pattern, &params).map(Route::from), "{pattern} {params:?}");
                }
            }
            assert_eq!(Route::from_path(pattern, &HashMap::new()), Derived::from_path(pattern, &HashMap::new()).map(Route::from));
        }
    }

    /// Pieces of generated paths: the literal segments, slugs, percent escapes (valid UTF-8, not
    /// UTF-8, malformed), characters that split segments elsewhere (`.`), non-ASCII characters,
    /// a base path, and empty pieces (so slashes double).
    const PIECES: [&str; 32] = [
        "", "packs", "import", "learn", "incidents", "sandbox", "review", "badges", "sessions", "session", "new",
        "present", "results", "help", "404", "canary", "practice", "rollback-lab", "%20", "%2F", "%e9", "%C3%A9",
        "%FF", "%", "%4", "%zz", ".", "packs.json", "é", "\u{80}", "?x=1", "PACKS",
    ];

    fn random_path(rng: &mut Shuffler) -> String {
        let mut path = String::new();
        if rng.below(8) != 0 {
            path.push('/');
        }
        let segments = rng.below(5);
        for i in 0..segments {
            if i > 0 {
                path.push('/');
            }
            for _ in 0..1 + rng.below(3) / 2 {
                match rng.below(10) {
                    0 => {
                        // a random character, never NUL (route-recognizer's character classes
                        // subtract one from it, which overflows in a debug build; a browser's
                        // path has `%00` instead)
                        let c = char::from_u32(1 + rng.below(0x3000)).unwrap_or('x');
                        path.push(c);
                    }
                    1 => path.push(['/', '%', '.', '#', ':', '*'][rng.below(6) as usize]),
                    _ => path.push_str(PIECES[rng.below(PIECES.len() as u32) as usize]),
                }
            }
        }
        for _ in 0..rng.below(4) / 2 {
            path.push('/');
        }
        path
    }

    #[test]
    fn recognize_is_the_derives() {
        let fixed = [
            "", "/", "//", "///", "/packs", "/packs/", "/packs//", "//packs", "/packs/import", "/packs/import/",
            "/packs/import/test", "/packs/a/b/c", "/session", "/sessions", "/sessions/", "/404", "/404/",
            "/rollback-lab/packs", "packs", "packs/x", "/learn/%FF", "/learn/%C3%A9", "/learn/%", "/packs/%2F/%2f",
            "/packs/a.b", "/packs.json", "/incidents/x/", "/incidents/x//",
        ];
        for path in fixed {
            assert_eq!(Route::recognize(path), derived(path), "{path:?}");
        }
        let mut rng = Shuffler::new(10);
        let mut pages = Vec::new();
        for _ in 0..100_000 {
            let path = random_path(&mut rng);
            let route = Route::recognize(&path);
            assert_eq!(route, derived(&path), "{path:?}");
            crate::sort::insert_sorted(&mut pages, format!("{route:?}").split([' ', '{']).next().map(str::to_string));
        }
        // The generated paths reach every page, not only `NotFound`.
        assert_eq!(pages.len(), 17, "{pages:?}");
    }
}
