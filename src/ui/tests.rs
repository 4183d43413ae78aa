//! Component tests: the real app mounted in headless Chromium (`cargo test --target
//! wasm32-unknown-unknown`), driven by clicks, checked on the DOM. `yew::scheduler::flush` lets
//! Yew finish rendering instead of sleeping.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use super::App;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// Mounts a fresh app at `/` in its own element.
async fn mount() -> Element {
    let window = web_sys::window().expect("a window");
    window.history().expect("history").replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/")).expect("reset URL");
    let root = document().create_element("div").expect("a div");
    document().body().expect("a body").append_child(&root).expect("attach");
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn home_page_has_the_shell() {
    let root = mount().await;
    assert!(text(&root, "h1").contains("release goes wrong"));
    assert!(text(&root, ".site-header .brand").contains("Rollback Lab"));
    assert!(text(&root, ".site-footer").contains(&format!("v{}", crate::VERSION)));
    let current = root.query_selector("nav a[aria-current='page']").unwrap().expect("a current link");
    assert_eq!(current.text_content().unwrap(), "Home");
}

#[wasm_bindgen_test]
async fn help_link_shows_the_help_page_and_marks_it_current() {
    let root = mount().await;
    click(&root, "nav a[href='/help']");
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "h1"), "How Rollback Lab works");
    assert_eq!(text(&root, "nav a[aria-current='page']"), "Help");
    assert_eq!(web_sys::window().unwrap().location().pathname().unwrap(), "/help");
}

#[wasm_bindgen_test]
async fn theme_toggle_flips_the_theme_and_remembers_it() {
    let root = mount().await;
    let html = document().document_element().unwrap();
    let before = html.get_attribute("data-theme").expect("the app sets data-theme");
    click(&root, ".theme-toggle");
    yew::scheduler::flush().await;
    let after = html.get_attribute("data-theme").unwrap();
    assert_ne!(before, after);
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("rollback-lab.theme").unwrap();
    assert_eq!(stored.as_deref(), Some(format!("\"{after}\"").as_str()));
}
