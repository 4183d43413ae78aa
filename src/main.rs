//! The browser entry point: mounts the Yew app. Natively this binary does nothing; the native
//! entry point for authors and tests is `lab` (src/bin/lab.rs).

fn main() {
    #[cfg(target_arch = "wasm32")]
    rollback_lab::ui::mount();
}
