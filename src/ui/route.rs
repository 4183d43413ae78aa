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

impl Route {
    /// Whether the page needs the full build (see `handover`): everything a first visit does not.
    pub fn needs_full_build(&self) -> bool {
        matches!(
            self,
            Route::ImportPack
                | Route::Quiz { .. }
                | Route::Review
                | Route::Badges
                | Route::Incidents
                | Route::Incident { .. }
                | Route::Sandbox
                | Route::SessionNew
                | Route::SessionTake
                | Route::SessionPresent
                | Route::SessionResults
        )
    }
}
