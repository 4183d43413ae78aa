use yew::prelude::*;
use yew_router::prelude::*;

use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A link inside the app that marks itself `aria-current="page"` when it points at the page shown.
/// Like the router's `Link`, a plain click navigates in place, and a modified click (new tab) is
/// left to the browser.
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let current = use_route::<Route>();
    let Some(navigator) = navigator else {
        return html! {};
    };
    let href = format!("{}{}", navigator.basename().unwrap_or(""), props.to.to_path());
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            if e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
                return;
            }
            e.prevent_default();
            navigator.push(&to);
        })
    };
    let aria_current = (current.as_ref() == Some(&props.to)).then_some("page");
    html! {
        <a class={props.classes.clone()} {href} {onclick} aria-current={aria_current}>
            { props.children.clone() }
        </a>
    }
}
