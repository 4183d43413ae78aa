use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct IncidentPageProps {
    pub id: String,
}

/// One incident: briefing, cluster, console, grade (to be built).
#[component]
pub fn IncidentPage(props: &IncidentPageProps) -> Html {
    html! { <section class="page narrow"><h1>{ format!("Incident {}", props.id) }</h1><p>{ "The incident screens are being built." }</p></section> }
}
