use yew::prelude::*;

use crate::ui::components::nav_link::NavLink;
use crate::ui::components::pack_import::PackImport;
use crate::ui::route::Route;

/// Importing a pack of one's own.
#[component]
pub fn ImportPage() -> Html {
    html! {
        <section class="page" aria-labelledby="import-page-title">
            <p class="crumbs"><NavLink to={Route::Packs}>{ "← All packs" }</NavLink></p>
            <h1 id="import-page-title">{ "Import a pack" }</h1>
            <PackImport on_imported={Callback::noop()} />
            <p class="import-next">{ "An imported pack is listed with the shipped ones, for learners in this browser and in the " }
               <NavLink to={Route::SessionNew} classes={classes!("session-builder-link")}>{ "session builder" }</NavLink>{ "." }</p>
        </section>
    }
}
