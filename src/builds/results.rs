//! The results build's entry point (`--features results`): a session's results dashboard, where an
//! instructor loads the learners' result codes. Trunk builds it from index.html (see ARCHITECTURE.md, "Ten builds
//! of one app"); the feature decides which pages the app has. Natively it does nothing: `lab`
//! (src/bin/lab.rs) is the native tool.

fn main() {
    #[cfg(target_arch = "wasm32")]
    rollback_lab::ui::mount();
}
