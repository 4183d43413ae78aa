//! The progress build's entry point (`--features progress`): a learner's review of due misconceptions
//! and the badges page.
//! Trunk builds it from index.html (see ARCHITECTURE.md, "Ten builds of one app"); the feature
//! decides which pages the app has. Natively it does nothing: `lab` (src/bin/lab.rs) is the native tool.

fn main() {
    #[cfg(target_arch = "wasm32")]
    rollback_lab::ui::mount();
}
