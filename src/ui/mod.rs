//! The user interface: Yew components that render the core's state and dispatch its actions.
//!
//! Architecture invariant: no domain logic lives here. Pages read data from the core modules
//! (`sim`, `pack`, …) and turn clicks and key presses into calls on them.

mod app;
pub mod browser;
mod components;
pub mod pack_store;
pub mod progress_store;
mod pages;
pub mod route;
pub mod theme;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

pub use app::App;

/// Mounts the app on `<body>`. Called once by the wasm entry point.
#[cfg(target_arch = "wasm32")]
pub fn mount() {
    yew::Renderer::<App>::new().render();
}
