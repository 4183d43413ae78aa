//! The few browser APIs the UI needs, behind plain functions.
//!
//! In wasm they call the real APIs and swallow their failures (a browser may refuse storage in
//! private mode; the app must keep working). Natively, where the library is unit-tested, they
//! are harmless stand-ins, so UI modules compile and test on the host.

#[cfg(target_arch = "wasm32")]
mod imp {
    use gloo::storage::{LocalStorage, Storage};
    use wasm_bindgen::{JsCast, JsValue};

    /// Starts another build through the start-up script's `rollbackLabStart` (a dynamic `import()`
    /// cannot be written in Rust; see `cli/boot.rs`). A module that already started in this
    /// document would not run its app again: then the page reloads instead, and the start-up
    /// script loads that build for the URL. The script also swaps the page's stylesheet for the
    /// `build`'s own (`<meta name="rollback-lab-BUILD-css">`) before the module starts.
    fn start_module(js: &str, wasm: &str, build: &str) -> Result<js_sys::Promise, String> {
        let window = web_sys::window().ok_or("no window")?;
        let start = js_sys::Reflect::get(&window, &JsValue::from_str("rollbackLabStart"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or("the page's start-up script did not run")?;
        start
            .call3(&JsValue::NULL, &JsValue::from_str(js), &JsValue::from_str(wasm), &JsValue::from_str(build))
            .ok()
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
            .ok_or_else(|| "the page's app could not be started".to_owned())
    }

    pub fn meta(name: &str) -> Option<String> {
        let doc = web_sys::window()?.document()?;
        doc.query_selector(&format!("meta[name='{name}']")).ok()??.get_attribute("content")
    }

    pub fn focus_by_id(id: &str) -> bool {
        let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) else {
            return false;
        };
        wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).is_ok_and(|el| el.focus().is_ok())
    }

    pub async fn hand_over_to(build: &str) -> Result<(), String> {
        let (Some(js), Some(wasm)) = (meta(&format!("rollback-lab-{build}-js")), meta(&format!("rollback-lab-{build}-wasm"))) else {
            return Err(format!("this build of the site lacks its {build} app (index.html names no {build} build)"));
        };
        // Unmount this app first: the other one mounts on <body> itself when it starts.
        crate::ui::unmount();
        let promise = start_module(&js, &wasm, build)?;
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map(|_| ())
            .map_err(|e| format!("the page's app could not be loaded ({})", e.as_string().unwrap_or_else(|| format!("{e:?}"))))
    }

    // The JSON text gloo's `LocalStorage::get::<String>` and `set` read and write (a JSON string),
    // read through the `serde_json::Value` reader every build has: `get::<String>` compiled a
    // serde_json deserializer for `String` of its own (docs/performance.md, "Session 11").
    pub fn storage_get(key: &str) -> Option<String> {
        match serde_json::from_str(&storage_get_raw(key)?) {
            Ok(serde_json::Value::String(text)) => Some(text),
            _ => None,
        }
    }

    pub fn storage_set(key: &str, value: &str) -> bool {
        serde_json::to_string(value).is_ok_and(|json| storage_set_raw(key, &json))
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

    pub fn storage_remove(key: &str) {
        LocalStorage::delete(key);
    }

    pub fn storage_get_raw(key: &str) -> Option<String> {
        web_sys::window()?.local_storage().ok()??.get_item(key).ok()?
    }

    pub fn storage_set_raw(key: &str, value: &str) -> bool {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .is_some_and(|s| s.set_item(key, value).is_ok())
    }

    pub fn now_ms() -> u64 {
        js_sys::Date::now() as u64
    }

    pub fn utc_offset_min() -> i32 {
        -(js_sys::Date::new_0().get_timezone_offset() as i32)
    }

    pub fn data_url(mime: &str, text: &str) -> String {
        format!("data:{mime};charset=utf-8,{}", String::from(js_sys::encode_uri_component(text)))
    }

    pub fn base_uri() -> String {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .unwrap_or_default()
    }

    pub fn location_hash() -> String {
        web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
    }

    pub fn location_search() -> String {
        web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
    }

    pub fn location_path() -> String {
        web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
    }

    pub fn base_path() -> String {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return String::new() };
        if !matches!(doc.query_selector("base[href]"), Ok(Some(_))) {
            return String::new();
        }
        let base = doc.base_uri().ok().flatten().and_then(|uri| web_sys::Url::new(&uri).ok());
        base.map(|url| url.pathname()).unwrap_or_default()
    }

    pub fn history_push(url: &str) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(url));
        }
    }

    pub fn on_pop_state(f: Box<dyn Fn()>) -> Option<gloo::events::EventListener> {
        web_sys::window().map(|w| gloo::events::EventListener::new(&w, "popstate", move |_| f()))
    }

    thread_local! {
        /// The LMS's SCORM 1.2 `API` object, once found.
        static LMS_API: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
    }

    /// `win.API` when it is an object; a cross-origin frame (which throws) counts as none.
    fn api_of(win: &JsValue) -> Option<JsValue> {
        let api = js_sys::Reflect::get(win, &JsValue::from_str("API")).ok()?;
        api.is_object().then_some(api)
    }

    /// The SCORM 1.2 RTE's search: this window, then up its parents (at most 7 steps), then the
    /// opener's chain the same way.
    fn find_api_from(start: JsValue) -> Option<JsValue> {
        let mut win = start;
        for _ in 0..=7 {
            if win.is_null() || win.is_undefined() {
                return None;
            }
            if let Some(api) = api_of(&win) {
                return Some(api);
            }
            let parent = js_sys::Reflect::get(&win, &JsValue::from_str("parent")).ok()?;
            if parent.is_null() || parent.is_undefined() || js_sys::Object::is(&parent, &win) {
                return None;
            }
            win = parent;
        }
        None
    }

    pub fn on_page_hide(f: Box<dyn Fn()>) {
        if let Some(w) = web_sys::window() {
            gloo::events::EventListener::new(&w, "pagehide", move |_| f()).forget();
        }
    }

    pub fn lms_find() -> bool {
        let Some(window) = web_sys::window() else { return false };
        let own: JsValue = window.clone().into();
        let found = find_api_from(own).or_else(|| window.opener().ok().and_then(find_api_from));
        let ok = found.is_some();
        LMS_API.with(|a| *a.borrow_mut() = found);
        ok
    }

    pub fn lms_call(method: &str, args: &[&str]) -> Option<String> {
        use wasm_bindgen::JsCast;
        let api = LMS_API.with(|a| a.borrow().clone())?;
        let f: js_sys::Function = js_sys::Reflect::get(&api, &JsValue::from_str(method)).ok()?.dyn_into().ok()?;
        let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
        let value = f.apply(&api, &args).ok()?;
        // LMS answers are strings by the spec; some runtimes answer booleans or numbers. A whole
        // number is written in integers as Rust would write it; any other, by JavaScript (the same
        // digits from 1e-6 to 1e21), so the float formatter stays out of the wasm.
        let number = |n: f64| {
            crate::quiz::scorm::whole_number_text(n)
                .unwrap_or_else(|| js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_default())
        };
        value.as_string().or_else(|| value.as_bool().map(|b| b.to_string())).or_else(|| value.as_f64().map(number)).or(Some(String::new()))
    }

    pub fn local_datetime_ms(text: &str) -> Option<u64> {
        if text.trim().is_empty() {
            return None;
        }
        let t = js_sys::Date::new(&JsValue::from_str(text)).get_time();
        (t.is_finite() && t >= 0.0).then_some(t as u64)
    }

    pub fn local_time_text(ms: u64) -> String {
        String::from(js_sys::Date::new(&JsValue::from_f64(ms as f64)).to_locale_string("default", &JsValue::UNDEFINED))
    }

    pub fn copy_to_clipboard(text: &str) {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(text);
        }
    }

    pub fn persist_storage() {
        if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
            let _ = storage.persist();
        }
    }

    /// A successful response for `url`, or what went wrong. Plain `fetch` through web-sys: gloo-net
    /// would bring the `http` crate into the wasm.
    async fn fetch_ok(url: &str) -> Result<web_sys::Response, String> {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        let window = web_sys::window().ok_or("no window")?;
        let response = JsFuture::from(window.fetch_with_str(url))
            .await
            .map_err(|_| format!("could not fetch {url}: the network request failed"))?
            .dyn_into::<web_sys::Response>()
            .map_err(|_| format!("could not fetch {url}"))?;
        if !response.ok() {
            return Err(format!("{url}: the server answered {} {}", response.status(), response.status_text()));
        }
        Ok(response)
    }

    pub async fn fetch_text(url: &str) -> Result<String, String> {
        let text = fetch_ok(url).await?.text().map_err(|_| format!("{url}: the response has no text"))?;
        wasm_bindgen_futures::JsFuture::from(text)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| format!("{url}: the response could not be read"))
    }

    /// Like `fetch_text`, for any file, as bytes.
    pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
        let buffer = fetch_ok(url).await?.array_buffer().map_err(|_| format!("{url}: the response has no body"))?;
        let buffer = wasm_bindgen_futures::JsFuture::from(buffer).await.map_err(|_| format!("{url}: the response could not be read"))?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }

    /// Offers `bytes` as a download named `name`, through a temporary object URL.
    pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
        use wasm_bindgen::JsCast;
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| "the browser refused to hold the file".to_string())?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "the browser refused to offer the file".to_string())?;
        let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
        let link = document.create_element("a").map_err(|_| "no link")?.dyn_into::<web_sys::HtmlAnchorElement>().map_err(|_| "no link")?;
        link.set_href(&url);
        link.set_download(name);
        link.click();
        // The download has started from the click; the URL is released after the browser took it.
        let release = url.clone();
        gloo::timers::callback::Timeout::new(60_000, move || {
            let _ = web_sys::Url::revoke_object_url(&release);
        })
        .forget();
        Ok(())
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

    pub fn storage_remove(key: &str) {
        STORAGE.with(|s| s.borrow_mut().remove(key));
    }

    pub fn storage_get_raw(key: &str) -> Option<String> {
        storage_get(key)
    }

    pub fn storage_set_raw(key: &str, value: &str) -> bool {
        storage_set(key, value)
    }

    pub fn now_ms() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }

    pub fn utc_offset_min() -> i32 {
        0
    }

    pub fn data_url(mime: &str, text: &str) -> String {
        format!("data:{mime};charset=utf-8,{}", text.len())
    }

    pub fn persist_storage() {}

    pub fn location_hash() -> String {
        String::new()
    }

    pub fn location_search() -> String {
        String::new()
    }

    pub fn location_path() -> String {
        "/".into()
    }

    pub fn base_path() -> String {
        String::new()
    }

    pub fn history_push(_url: &str) {}

    pub fn on_pop_state(_f: Box<dyn Fn()>) -> Option<gloo::events::EventListener> {
        None
    }

    pub fn on_page_hide(_f: Box<dyn Fn()>) {}

    pub fn lms_find() -> bool {
        false
    }

    pub fn lms_call(_method: &str, _args: &[&str]) -> Option<String> {
        None
    }

    pub fn local_datetime_ms(_text: &str) -> Option<u64> {
        None
    }

    pub fn local_time_text(ms: u64) -> String {
        ms.to_string()
    }

    pub fn copy_to_clipboard(_text: &str) {}

    pub fn base_uri() -> String {
        String::new()
    }

    pub async fn fetch_text(url: &str) -> Result<String, String> {
        Err(format!("{url}: there is no network outside the browser"))
    }

    pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
        Err(format!("{url}: there is no network outside the browser"))
    }

    pub fn download_bytes(_name: &str, _mime: &str, _bytes: &[u8]) -> Result<(), String> {
        Err("downloads only happen in a browser".into())
    }

    pub async fn hand_over_to(_build: &str) -> Result<(), String> {
        Err("the other builds only run in a browser".into())
    }

    pub fn focus_by_id(_id: &str) -> bool {
        false
    }

    pub fn meta(_name: &str) -> Option<String> {
        None
    }
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

/// Removes a key from localStorage.
pub fn storage_remove(key: &str) {
    imp::storage_remove(key)
}

/// Fetches a file of the site as text. Relative URLs resolve against `<base href>`, so this works
/// under a sub-path too.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    imp::fetch_text(url).await
}

/// Fetches a file of the site as bytes (relative URLs resolve against `<base href>`).
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    imp::fetch_bytes(url).await
}

/// Offers `bytes` to the user as a downloaded file `name`.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    imp::download_bytes(name, mime, bytes)
}

/// Reads a localStorage value as stored (no JSON decoding): for data the app stores as JSON itself.
pub fn storage_get_raw(key: &str) -> Option<String> {
    imp::storage_get_raw(key)
}

/// Writes a localStorage value as is; `false` when the browser refused.
pub fn storage_set_raw(key: &str, value: &str) -> bool {
    imp::storage_set_raw(key, value)
}

/// Wall-clock time in ms since 1970: the UI's only clock, passed into the quiz engine.
pub fn now_ms() -> u64 {
    imp::now_ms()
}

/// Minutes east of UTC, so a "day" of the streak ends at the learner's midnight.
pub fn utc_offset_min() -> i32 {
    imp::utc_offset_min()
}

/// A `data:` URL for a download link (`<a download href=…>`), which needs no script and no server.
pub fn data_url(mime: &str, text: &str) -> String {
    imp::data_url(mime, text)
}

/// The document's base URL (`<base href>` resolved), ending in `/`: for absolute links to copy.
pub fn base_uri() -> String {
    imp::base_uri()
}

/// Asks the browser to keep this site's storage even under storage pressure.
pub fn persist_storage() {
    imp::persist_storage()
}

/// Moves keyboard focus to the element with this id; `false` when there is none (or it cannot take
/// focus). Pages call it after an action replaces what had focus, so focus never falls to `<body>`.
pub fn focus_by_id(id: &str) -> bool {
    imp::focus_by_id(id)
}

/// The content of index.html's `<meta name="NAME">` tag (`None` outside a browser).
pub fn meta(name: &str) -> Option<String> {
    imp::meta(name)
}

/// Loads the named build and hands the page over to it (see `ui::handover`).
pub async fn hand_over_to(build: &str) -> Result<(), String> {
    imp::hand_over_to(build).await
}

/// The URL query with its `?` (`""` when there is none).
pub fn location_search() -> String {
    imp::location_search()
}

/// Looks for an LMS's SCORM 1.2 `API` object (this window, its parents, the opener's) and keeps
/// it for [`lms_call`]; `false` when there is none (not in an LMS, or natively).
pub fn lms_find() -> bool {
    imp::lms_find()
}

/// Runs `f` when the page is left (`pagehide`: closed, reloaded or navigated away), for the rest
/// of the page's life.
pub fn on_page_hide(f: Box<dyn Fn()>) {
    imp::on_page_hide(f)
}

/// Calls a method of the LMS API found by [`lms_find`] with string arguments; its answer as text
/// (`None` without an API, or when the method is missing or throws).
pub fn lms_call(method: &str, args: &[&str]) -> Option<String> {
    imp::lms_call(method, args)
}

/// The URL's path (`/rollback-lab/packs`), with the site's base if it has one.
pub fn location_path() -> String {
    imp::location_path()
}

/// The path of `<base href>` (`/rollback-lab/`, or `/` at a host's root); `""` when the document has
/// no `<base>`, as in the component tests' page.
pub fn base_path() -> String {
    imp::base_path()
}

/// Adds an entry to the browser's history for this URL (a path, with its query and fragment if any)
/// and shows it in the address bar, without loading it.
pub fn history_push(url: &str) {
    imp::history_push(url)
}

/// Calls `f` when the browser moves through its history (back, forward, a fragment followed); the
/// listening stops when the returned guard is dropped.
pub fn on_pop_state(f: Box<dyn Fn()>) -> Option<gloo::events::EventListener> {
    imp::on_pop_state(f)
}

/// The URL fragment with its `#` (`""` when there is none): session links carry their code there,
/// so it never reaches a server.
pub fn location_hash() -> String {
    imp::location_hash()
}

/// A `datetime-local` input's value (`2026-11-27T19:00`) read in the browser's own time zone, as
/// ms since 1970; `None` when empty or unreadable.
pub fn local_datetime_ms(text: &str) -> Option<u64> {
    imp::local_datetime_ms(text)
}

/// A time (ms since 1970) as the browser's locale writes dates and times, in its time zone.
pub fn local_time_text(ms: u64) -> String {
    imp::local_time_text(ms)
}

/// Puts `text` on the clipboard (the Clipboard API; silently nothing where the browser refuses,
/// so pages also show the text selectable).
pub fn copy_to_clipboard(text: &str) {
    imp::copy_to_clipboard(text)
}
