use yew::prelude::*;

use crate::ui::route::Route;
use crate::ui::router::{use_navigator, use_route};

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
    let current = use_route();
    let Some(navigator) = navigator else {
        return html! {};
    };
    let href = navigator.href(&props.to);
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
