use yew::prelude::*;

/// The list of incident scenarios (to be built).
#[component]
pub fn IncidentsPage() -> Html {
    html! { <section class="page narrow"><h1>{ "Incidents" }</h1><p>{ "The incident screens are being built." }</p></section> }
}
