//! The few browser APIs the UI needs, behind plain functions.
//!
//! In wasm they call the real APIs and swallow their failures (a browser may refuse storage in
//! private mode; the app must keep working). Natively, where the library is unit-tested, they
//! are harmless stand-ins, so UI modules compile and test on the host.

#[cfg(target_arch = "wasm32")]
mod imp {
    use gloo::storage::{LocalStorage, Storage};

    pub fn storage_get(key: &str) -> Option<String> {
        LocalStorage::get::<String>(key).ok()
    }

    pub fn storage_set(key: &str, value: &str) -> bool {
        LocalStorage::set(key, value).is_ok()
    }

    pub fn prefers_dark() -> bool {
        web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches())
    }

    pub fn set_root_attribute(name: &str, value: &str) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute(name, value);
        }
    }

    pub fn performance_mark(name: &str) {
        if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
            let _ = perf.mark(name);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    thread_local! {
        static STORAGE: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
    }

    pub fn storage_get(key: &str) -> Option<String> {
        STORAGE.with(|s| s.borrow().get(key).cloned())
    }

    pub fn storage_set(key: &str, value: &str) -> bool {
        STORAGE.with(|s| s.borrow_mut().insert(key.to_owned(), value.to_owned()));
        true
    }

    pub fn prefers_dark() -> bool {
        false
    }

    pub fn set_root_attribute(_name: &str, _value: &str) {}

    pub fn performance_mark(_name: &str) {}
}

/// Reads a string from localStorage (`None` when absent or storage is unavailable).
pub fn storage_get(key: &str) -> Option<String> {
    imp::storage_get(key)
}

/// Writes a string to localStorage; `false` when the browser refused.
pub fn storage_set(key: &str, value: &str) -> bool {
    imp::storage_set(key, value)
}

/// Whether the system asks for a dark colour scheme.
pub fn prefers_dark() -> bool {
    imp::prefers_dark()
}

/// Sets an attribute on `<html>`.
pub fn set_root_attribute(name: &str, value: &str) {
    imp::set_root_attribute(name, value)
}

/// Records a `performance.mark`, read by `lab report` to time the first load.
pub fn performance_mark(name: &str) {
    imp::performance_mark(name)
}
