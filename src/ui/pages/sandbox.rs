use yew::prelude::*;

/// Free practice with a chaos panel (to be built).
#[component]
pub fn SandboxPage() -> Html {
    html! { <section class="page narrow"><h1>{ "Sandbox" }</h1><p>{ "The sandbox is being built." }</p></section> }
}
