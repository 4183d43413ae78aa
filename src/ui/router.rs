//! The router: which page the address bar names, and going to another page without a reload.
//!
//! yew-router's `BrowserRouter` did this through gloo-history, which stores a serialised state with
//! every history entry; that serialiser (serde-wasm-bindgen, and the float formatting its error
//! messages use) came into every build for state the app never keeps (docs/performance.md,
//! "Session 11: the router"). The app needs less: the path below the site's base and the query,
//! pushing a page, and following the browser's back and forward buttons. `Route` keeps yew-router's
//! `Routable` (its paths are written by hand in `route.rs`).

use std::rc::Rc;

use yew::prelude::*;
use yew_router::Routable;

use super::browser;
use super::route::Route;

/// Where the app is: the path below the site's base (`/packs/canary`, never empty), the query
/// with its `?` and the fragment with its `#` (`""` when there is none). Only the session pages
/// read the fragment (a session link's code); following another link of the same page changes
/// only the fragment, which loads no new page, so the router reads it too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    path: String,
    query: String,
    hash: String,
}

impl Location {
    /// The address bar's location now.
    fn current(base: &str) -> Location {
        Location {
            path: below_base(base, &browser::location_path()),
            query: browser::location_search(),
            hash: browser::location_hash(),
        }
    }

    /// The query without its `?`, as yew-router's `Location::query_str` gave it. (Only the incident
    /// page reads a query.)
    #[cfg_attr(not(feature = "incident"), allow(dead_code))]
    pub fn query_str(&self) -> &str {
        self.query.strip_prefix('?').unwrap_or(&self.query)
    }

    /// The fragment with its `#` (`""` when there is none).
    #[cfg_attr(not(any(feature = "session", feature = "staff")), allow(dead_code))]
    pub fn hash(&self) -> &str {
        &self.hash
    }
}

/// The site's base as a prefix of every page's path: `""` at a host's root or without `<base>`,
/// else without its last slash (`/rollback-lab`).
fn base_prefix(base_path: &str) -> String {
    base_path.strip_suffix('/').unwrap_or(base_path).to_owned()
}

/// A URL's path with the site's base taken off; always starts with `/`. A path outside the base is
/// read as it is (no page has it, so it shows the not-found page).
fn below_base(base: &str, path: &str) -> String {
    let rest = path.strip_prefix(base).unwrap_or(path);
    if rest.starts_with('/') {
        rest.to_owned()
    } else {
        format!("/{rest}")
    }
}

/// What the router knows, shared with every page through a context. Equal when the location is:
/// a page re-renders only when the location changes.
#[derive(Clone, PartialEq)]
struct Here {
    base: Rc<str>,
    location: Location,
}

impl Reducible for Here {
    /// Read the address bar again (after a push, or when the browser moved through its history).
    type Action = ();

    fn reduce(self: Rc<Self>, _: ()) -> Rc<Self> {
        let location = Location::current(&self.base);
        if location == self.location {
            self
        } else {
            Rc::new(Here {
                base: self.base.clone(),
                location,
            })
        }
    }
}

/// Goes to another page of the app.
#[derive(Clone, PartialEq)]
pub struct Navigator {
    base: Rc<str>,
    reread: UseReducerDispatcher<Here>,
}

impl Navigator {
    /// The URL of a page, with the site's base: what a link's `href` says.
    pub fn href(&self, route: &Route) -> String {
        format!("{}{}", self.base, route.to_path())
    }

    /// Shows a page: a new history entry (the back button returns here), no reload.
    pub fn push(&self, route: &Route) {
        browser::history_push(&self.href(route));
        self.reread.dispatch(());
    }
}

#[derive(Clone, PartialEq)]
struct RouterContext {
    here: UseReducerHandle<Here>,
    navigator: Navigator,
}

#[derive(Properties, PartialEq)]
pub struct RouterProps {
    pub children: Html,
}

/// Gives the pages inside it the location and a navigator, and follows the browser's back and
/// forward buttons. One per app, around everything that links or reads the route.
#[component]
pub fn Router(props: &RouterProps) -> Html {
    let here = use_reducer(|| {
        let base: Rc<str> = base_prefix(&browser::base_path()).into();
        let location = Location::current(&base);
        Here { base, location }
    });
    {
        let reread = here.dispatcher();
        use_effect_with((), move |_| {
            let listener = browser::on_pop_state(Box::new(move || reread.dispatch(())));
            move || drop(listener)
        });
    }
    let navigator = Navigator {
        base: here.base.clone(),
        reread: here.dispatcher(),
    };
    let context = RouterContext { here, navigator };
    html! {
        <ContextProvider<RouterContext> {context}>{ props.children.clone() }</ContextProvider<RouterContext>>
    }
}

/// The location, inside a `Router`.
#[hook]
pub fn use_location() -> Option<Location> {
    use_context::<RouterContext>().map(|c| c.here.location.clone())
}

/// The page the location names (the not-found page for a path of none), inside a `Router`.
#[hook]
pub fn use_route() -> Option<Route> {
    use_context::<RouterContext>().and_then(|c| Route::recognize(&c.here.location.path))
}

/// The navigator, inside a `Router`.
#[hook]
pub fn use_navigator() -> Option<Navigator> {
    use_context::<RouterContext>().map(|c| c.navigator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_becomes_a_prefix_without_its_last_slash() {
        assert_eq!(base_prefix(""), "");
        assert_eq!(base_prefix("/"), "");
        assert_eq!(base_prefix("/rollback-lab/"), "/rollback-lab");
        assert_eq!(base_prefix("/a/b/"), "/a/b");
    }

    #[test]
    fn a_path_below_the_base_loses_the_base_and_keeps_its_leading_slash() {
        assert_eq!(below_base("", "/"), "/");
        assert_eq!(below_base("", "/packs/canary"), "/packs/canary");
        assert_eq!(below_base("/rollback-lab", "/rollback-lab/"), "/");
        assert_eq!(below_base("/rollback-lab", "/rollback-lab"), "/");
        assert_eq!(
            below_base("/rollback-lab", "/rollback-lab/packs/canary/practice"),
            "/packs/canary/practice"
        );
        // Outside the base: read as it is, which names no page.
        assert_eq!(below_base("/rollback-lab", "/packs"), "/packs");
        assert_eq!(
            Route::recognize(&below_base("/rollback-lab", "/elsewhere/x")),
            Some(Route::NotFound)
        );
    }

    #[test]
    fn every_page_is_recognised_below_every_base() {
        let routes = [
            Route::Home,
            Route::Packs,
            Route::ImportPack,
            Route::Pack {
                id: "canary".into(),
            },
            Route::Quiz {
                id: "blue green".into(),
                mode: "practice".into(),
            },
            Route::Learn { id: "a/b".into() },
            Route::Incident {
                id: "rolling-crashloop".into(),
            },
            Route::SessionTake,
            Route::SessionResults,
            Route::Help,
        ];
        for base_path in ["", "/", "/rollback-lab/", "/deep/er/"] {
            let base = base_prefix(base_path);
            for route in &routes {
                let href = format!("{base}{}", route.to_path());
                assert!(href.starts_with('/'), "{href}");
                assert_eq!(
                    Route::recognize(&below_base(&base, &href)).as_ref(),
                    Some(route),
                    "{href} under {base_path:?}"
                );
            }
        }
    }

    #[test]
    fn the_query_is_read_without_its_question_mark() {
        let at = |query: &str| Location {
            path: "/".into(),
            query: query.into(),
            hash: String::new(),
        };
        assert_eq!(at("").query_str(), "");
        assert_eq!(at("?replay=r1.abc").query_str(), "replay=r1.abc");
    }
}
