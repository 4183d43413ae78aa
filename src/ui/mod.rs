//! The user interface: Yew components that render the core's state and dispatch its actions.
//!
//! Architecture invariant: no domain logic lives here. Pages read data from the core modules
//! (`sim`, `pack`, …) and turn clicks and key presses into calls on them.

mod app;
pub mod browser;
mod components;
pub mod pack_store;
#[cfg(not(all(feature = "learner", feature = "staff", feature = "simulator", feature = "incidents", feature = "author")))]
mod handover;
#[cfg(feature = "learner")]
pub mod progress_store;
mod pages;
pub mod route;
mod router;
#[cfg(feature = "learner")]
pub mod scorm;
pub mod theme;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

pub use app::App;

thread_local! {
    static APP: std::cell::RefCell<Option<yew::AppHandle<App>>> = const { std::cell::RefCell::new(None) };
}

/// Mounts the app on `<body>`. Called once by the wasm entry point.
pub fn mount() {
    let handle = yew::Renderer::<App>::new().render();
    APP.with(|app| *app.borrow_mut() = Some(handle));
}

/// Unmounts the app, before another build takes over the page (see `handover`).
pub fn unmount() {
    if let Some(handle) = APP.with(|app| app.borrow_mut().take()) {
        handle.destroy();
    }
}
