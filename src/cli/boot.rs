//! The start-up script: one download per visit.
//!
//! The site ships ten builds of the app (light, quiz, progress, session, instructor, results,
//! incident, sandbox, incidents, author; see `ui::handover`). Trunk's own start-up code always loads the light build,
//! and index.html preloads its wasm, so a visit that lands deep (a share link to a session, a
//! bookmark of an incident) used to download the light build and then the one the page needs. The
//! script written here decides first: it matches the URL against the app's route table (generated
//! from `ui::route::Route`, so it cannot drift) and loads only the build that has the page,
//! starting its wasm download at once, in parallel with its JavaScript. The data files the page
//! will fetch first (`Route::first_fetches`: a pack, a scenario, an index) are preloaded at the
//! same time (`<link rel="preload" as="fetch">`, which the page's own `fetch` then takes), instead
//! of being requested only once the wasm runs. The build's own stylesheet (`<meta
//! name="rollback-lab-NAME-css">`, see `site::split_stylesheet`) is requested first and in place
//! before the app mounts; a hand-over loads the next build's sheet with its module and drops the
//! previous one once the new one has loaded.
//!
//! It also holds the one piece of JavaScript the app itself needs, `rollbackLabStart(js, wasm)`,
//! which `ui::browser::hand_over_to` calls to start another build (a dynamic `import()` cannot be
//! written in Rust). Kept here rather than in a wasm-bindgen snippet: a snippet is one more file
//! for every first visit, and Trunk copies snippets from a folder the ten builds share while they
//! are built (see `site::name_builds`).
//!
//! After the app has started, the script registers the service worker (`sw.js`, see `site.rs` and
//! `static/sw.js`) on http(s) where the browser has one, and asks it to fetch the bigger builds in
//! the background, so the pages work offline after a first visit without slowing that visit. When
//! a new deployment's worker has installed and waits (found at a visit, or when a long-open tab
//! becomes visible again), the script offers a reload in a status bar at the top of the page; the
//! button asks the waiting worker to take over and reloads once it has. Nothing reloads by itself.
//!
//! Architecture invariant: the route table comes from `Route::routes()` and `Route::build()`; the
//! only JavaScript is this file's template, and it reads the bundle names from index.html's
//! `<meta name="rollback-lab-NAME-js|wasm">` tags at run time (`lab build-site` writes them from
//! the builds Trunk made). Anything unexpected falls back to the light build, whose own hand-over
//! still works.

use yew_router::Routable;

use crate::ui::route::{Build, Route};

/// One route of the start-up script's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteEntry {
    /// The route's pattern (`/packs/:id/:mode`).
    pub pattern: &'static str,
    /// The build that has its page.
    pub build: &'static str,
    /// The data files the page fetches first (`Route::first_fetches`), with the pattern's
    /// parameters left in (`data/packs/:id.json`), for the script to fill from the URL.
    pub fetches: Vec<String>,
}

/// Every route pattern of the app with the build that has its page and the data it fetches first,
/// most specific first (more literal segments first, so `/packs/import` is tried before `/packs/:id`).
pub fn route_table() -> Vec<RouteEntry> {
    // Each parameter is recognised as a slug that names it, then named back in the fetched paths.
    let marker = |i: usize| format!("rollbacklabparam{i}x");
    let mut table: Vec<RouteEntry> = Route::routes()
        .into_iter()
        .map(|pattern| {
            let params: Vec<&str> = pattern.split('/').filter(|s| s.starts_with(':')).collect();
            let mut i = 0;
            let sample: Vec<String> = pattern
                .split('/')
                .map(|s| {
                    if s.starts_with(':') {
                        i += 1;
                        marker(i - 1)
                    } else {
                        s.to_string()
                    }
                })
                .collect();
            let route = Route::recognize(&sample.join("/"));
            let fetches = route
                .as_ref()
                .map(|r| r.first_fetches())
                .unwrap_or_default()
                .into_iter()
                .map(|f| params.iter().enumerate().fold(f, |f, (i, p)| f.replace(&marker(i), p)))
                .collect();
            RouteEntry { pattern, build: route.map_or(Build::Light, |r| r.build()).name(), fetches }
        })
        .collect();
    let literal = |p: &str| p.split('/').filter(|s| !s.is_empty() && !s.starts_with(':')).count();
    table.sort_by(|a, b| literal(b.pattern).cmp(&literal(a.pattern)).then(a.pattern.cmp(b.pattern)));
    table
}

/// The light build's JavaScript and wasm paths, read from Trunk's start-up code.
pub fn light_paths(trunk_script: &str) -> Result<(String, String), String> {
    let quoted_after = |key: &str| -> Option<String> {
        let rest = &trunk_script[trunk_script.find(key)? + key.len()..];
        let rest = rest.trim_start();
        let q = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let body = &rest[1..];
        body.find(q).map(|end| body[..end].to_string())
    };
    match (quoted_after(" from "), quoted_after("module_or_path:")) {
        (Some(js), Some(wasm)) => Ok((js, wasm)),
        _ => Err("index.html: Trunk's start-up script names no app JavaScript and wasm (has Trunk changed its output?)".into()),
    }
}

/// The start-up script that replaces Trunk's, given Trunk's script.
pub fn boot_script(trunk_script: &str) -> Result<String, String> {
    let (js, wasm) = light_paths(trunk_script)?;
    let routes: Vec<String> = route_table()
        .iter()
        .map(|r| {
            let fetches: Vec<String> = r.fetches.iter().map(|f| format!("{f:?}")).collect();
            if fetches.is_empty() { format!("[{:?},{:?}]", r.pattern, r.build) } else { format!("[{:?},{:?},[{}]]", r.pattern, r.build, fetches.join(",")) }
        })
        .collect();
    let mut out = String::new();
    out.push_str("// Rollback Lab start-up (written by `lab build-site`): load the one build this page needs.\n");
    out.push_str(&format!("const routes = [{}];\n", routes.join(",")));
    out.push_str(&format!("const light = {{ js: {js:?}, wasm: {wasm:?} }};\n"));
    out.push_str(BOOT_BODY);
    Ok(out)
}

/// The fixed part of the start-up script (see the module docs). Its last part registers the
/// service worker once the app runs (no comments in it: every byte is part of a first visit).
const BOOT_BODY: &str = r#"const base = new URL(document.baseURI);
function pagePath() {
  let p = location.pathname;
  if (p.startsWith(base.pathname)) p = "/" + p.slice(base.pathname.length);
  p = p.replace(/\/+$/, "");
  return p === "" ? "/" : p;
}
function matches(pattern, path) {
  const a = pattern.split("/"), b = path.split("/");
  return a.length === b.length && a.every((s, i) => (s.startsWith(":") ? b[i] !== "" : s === b[i]));
}
function bundle(name) {
  const meta = (kind) => document.querySelector(`meta[name="rollback-lab-${name}-${kind}"]`)?.getAttribute("content");
  const js = meta("js"), wasm = meta("wasm");
  return js && wasm ? { js, wasm } : null;
}
const path = pagePath();
const hit = routes.find(([pattern]) => matches(pattern, path));
if (hit && hit[2]) {
  const names = hit[0].split("/"), values = path.split("/");
  const param = (p) => values[names.indexOf(p)];
  for (const file of hit[2]) {
    if (file.match(/:\w+/g)?.some((p) => !/^[\w-]+$/.test(param(p)))) continue;
    const link = Object.assign(document.createElement("link"), { rel: "preload", as: "fetch", crossOrigin: "anonymous", href: file.replace(/:\w+/g, param) });
    document.head.append(link);
  }
}
function style(name) {
  const href = document.querySelector(`meta[name="rollback-lab-${name}-css"]`)?.getAttribute("content");
  if (!href) return Promise.resolve();
  const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href: new URL(href, document.baseURI).href });
  link.dataset.build = name;
  return new Promise((done) => {
    link.onload = link.onerror = () => {
      for (const other of document.querySelectorAll("link[data-build]")) if (other !== link) other.remove();
      done();
    };
    document.head.append(link);
  });
}
const chosen = (hit && hit[1] !== "light" && bundle(hit[1])) || light;
const styled = style(chosen === light ? "light" : hit[1]);
const started = new Set([chosen.js]);
window.rollbackLabStart = (js, wasm, name) => {
  if (started.has(js)) {
    location.reload();
    return new Promise(() => {});
  }
  started.add(js);
  return Promise.all([import(new URL(js, document.baseURI).href), style(name)]).then(([m]) => m.default({ module_or_path: new URL(wasm, document.baseURI).href }));
};
const wasmResponse = fetch(new URL(chosen.wasm, document.baseURI));
const app = await import(new URL(chosen.js, document.baseURI).href);
await styled;
const wasm = await app.default({ module_or_path: wasmResponse });
window.wasmBindings = app;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
if (/^https?:$/.test(location.protocol) && "serviceWorker" in navigator) {
  const offer = (worker) => {
    if (!navigator.serviceWorker.controller || document.getElementById("update-offer")) return;
    const bar = document.createElement("div");
    bar.id = "update-offer";
    bar.setAttribute("role", "status");
    bar.innerHTML = "<span>A new version of Rollback Lab is ready. Reloading restarts a question run or an incident in progress.</span> <button type=button>Reload now</button>";
    bar.querySelector("button").onclick = () => {
      navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
      worker.postMessage("skip-waiting");
    };
    document.body.prepend(bar);
  };
  const offline = async () => {
    try {
      const reg = await navigator.serviceWorker.register(new URL("sw.js", base), { scope: base.pathname });
      if (reg.waiting) offer(reg.waiting);
      reg.addEventListener("updatefound", () => {
        const worker = reg.installing;
        worker?.addEventListener("statechange", () => worker.state === "installed" && offer(worker));
      });
      addEventListener("visibilitychange", () => document.visibilityState === "visible" && reg.update().catch(() => {}));
      const ready = await navigator.serviceWorker.ready;
      ready.active?.postMessage("warm");
    } catch (error) {
      console.warn("Rollback Lab will not work offline:", error);
    }
  };
  if (document.readyState === "complete") setTimeout(offline, 0);
  else addEventListener("load", offline, { once: true });
}
"#;

/// index.html without the preload hints of the light build (`<link rel="preload">` of its wasm and
/// `<link rel="modulepreload">` of its JavaScript): the start-up script fetches what the page needs.
pub fn strip_preloads(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<link ") {
        let Some(len) = rest[i..].find('>') else { break };
        let tag = &rest[i..i + len + 1];
        out.push_str(&rest[..i]);
        if !(tag.contains("rel=\"preload\"") || tag.contains("rel=\"modulepreload\"")) {
            out.push_str(tag);
        }
        rest = &rest[i + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::route::data;

    const TRUNK: &str = "import init, * as bindings from '/rollback-lab/rollback-lab-1.js';\nconst wasm = await init({ module_or_path: '/rollback-lab/rollback-lab-1_bg.wasm' });\nwindow.wasmBindings = bindings;";

    #[test]
    fn the_table_names_the_build_of_every_page() {
        let t = route_table();
        let build = |p: &str| t.iter().find(|r| r.pattern == p).map(|r| r.build);
        assert_eq!(build("/"), Some("light"));
        assert_eq!(build("/packs/:id"), Some("light"));
        assert_eq!(build("/packs/import"), Some("author"));
        assert_eq!(build("/packs/:id/:mode"), Some("quiz"));
        assert_eq!(build("/session"), Some("session"));
        assert_eq!(build("/review"), Some("progress"));
        assert_eq!(build("/sessions/new"), Some("instructor"));
        assert_eq!(build("/sessions/results"), Some("results"));
        assert_eq!(build("/incidents/:id"), Some("incident"));
        assert_eq!(build("/sandbox"), Some("sandbox"));
        assert_eq!(build("/incidents"), Some("incidents"));
        // Literal routes come before the patterns that would also match them.
        let pos = |p: &str| t.iter().position(|r| r.pattern == p).unwrap();
        assert!(pos("/packs/import") < pos("/packs/:id"));
        assert_eq!(t.len(), Route::routes().len());
    }

    #[test]
    fn the_table_names_the_data_each_page_fetches_first_with_its_parameters() {
        let t = route_table();
        let fetches = |p: &str| t.iter().find(|r| r.pattern == p).unwrap().fetches.clone();
        // A question run needs its pack's file and no index (index.html names the shipped packs).
        assert_eq!(fetches("/packs/:id/:mode"), ["data/packs/:id.json"]);
        assert_eq!(fetches("/packs/:id"), ["data/packs/index.json"]);
        assert_eq!(fetches("/incidents/:id"), ["data/scenarios/:id.json"]);
        assert_eq!(fetches("/learn/:id"), ["data/concepts/:id.json"]);
        assert_eq!(fetches("/incidents"), ["data/scenarios/index.json"]);
        // The sandbox shows its first strategy's cluster: that file comes with the index, not after it.
        assert_eq!(fetches("/sandbox"), ["data/scenarios/index.json".to_owned(), data::scenario(data::FIRST_SANDBOX)]);
        // A session's packs are named in the fragment's code: nothing is fetched early.
        assert!(fetches("/session").is_empty() && fetches("/sessions/results").is_empty());
        assert!(fetches("/").is_empty() && fetches("/sessions/new").is_empty() && fetches("/sessions/present").is_empty());
        // The pack file named is the one `lab build-site` writes, and a non-slug id names none.
        assert_eq!(Route::Quiz { id: "canary".into(), mode: "test".into() }.first_fetches()[0], format!("data/packs/{}", data::pack_file_name("canary")));
        assert_eq!(Route::Quiz { id: "../x".into(), mode: "test".into() }.first_fetches(), Vec::<String>::new());
        assert!(Route::Incident { id: "a b".into() }.first_fetches().is_empty());
        let s = boot_script(TRUNK).unwrap();
        assert!(s.contains(r#"["/packs/:id/:mode","quiz",["data/packs/:id.json"]]"#), "{s}");
        // The script fills parameters only with slugs, and preloads before it fetches the build.
        assert!(s.contains(r#"!/^[\w-]+$/.test(param(p))"#), "{s}");
        let preload = s.find(r#"rel: "preload", as: "fetch", crossOrigin: "anonymous""#).expect("a preload of the page's data");
        assert!(preload < s.find("const wasmResponse = fetch(").unwrap());
    }

    #[test]
    fn the_script_carries_the_table_and_the_light_build() {
        let s = boot_script(TRUNK).unwrap();
        assert!(s.contains(r#"["/incidents/:id","incident",["data/scenarios/:id.json"]]"#) && s.contains(r#"["/badges","progress"]"#), "{s}");
        // The build it starts is recorded, so a later hand-over back to it (through
        // `rollbackLabStart`, which `ui::browser::hand_over_to` calls) reloads instead.
        assert!(s.contains("const started = new Set([chosen.js]);"), "{s}");
        let start = s.find("window.rollbackLabStart = (js, wasm, name) => {").expect("the hand-over's start function");
        assert!(s[start..].contains("if (started.has(js)) {\n    location.reload();"), "{s}");
        // Each page has its build's stylesheet only: the first one is requested before the wasm and
        // in place before the app mounts; a hand-over loads the next build's with its module, and
        // the previous sheet goes once the new one has loaded.
        let styled = s.find("const styled = style(chosen === light ? \"light\" : hit[1]);").expect("the page's stylesheet");
        assert!(styled < s.find("const wasmResponse = fetch(").unwrap());
        let mounted = s.find("const wasm = await app.default(").unwrap();
        assert!(s.find("await styled;").is_some_and(|at| at < mounted), "{s}");
        assert!(s[start..].contains("Promise.all([import(new URL(js, document.baseURI).href), style(name)])"), "{s}");
        assert!(s.contains("if (other !== link) other.remove();"), "{s}");
        assert!(s.contains(r#"light = { js: "/rollback-lab/rollback-lab-1.js", wasm: "/rollback-lab/rollback-lab-1_bg.wasm" }"#), "{s}");
        assert!(!s.contains("import init"), "no static import of the light build");
        // The service worker is registered after the app has started, under the base URL, and only
        // where it can work.
        let started = s.find("TrunkApplicationStarted").unwrap();
        let register = s.find("serviceWorker.register(new URL(\"sw.js\", base), { scope: base.pathname })").expect("registration");
        assert!(started < register);
        assert!(s.contains(r#"/^https?:$/.test(location.protocol) && "serviceWorker" in navigator"#));
        // A waiting worker is offered, never forced, and only to a page an older worker controls
        // (a first visit's install is not an update).
        let offer = s.find("const offer = (worker) =>").expect("offer");
        assert!(s[offer..].starts_with("const offer = (worker) => {\n    if (!navigator.serviceWorker.controller"));
        assert!(s.contains("worker.postMessage(\"skip-waiting\")") && !s.contains("self.skipWaiting"));
        assert!(boot_script("console.log(1)").is_err());
    }

    #[test]
    fn preloads_go_and_everything_else_stays() {
        let html = r#"<head><link rel="stylesheet" href="/s.css"/><link rel="modulepreload" href="/a.js"><link rel="preload" href="/a_bg.wasm" as="fetch"><link rel="icon" href="/f.svg"/></head>"#;
        assert_eq!(strip_preloads(html), r#"<head><link rel="stylesheet" href="/s.css"/><link rel="icon" href="/f.svg"/></head>"#);
        assert_eq!(strip_preloads("<link unterminated"), "<link unterminated");
    }
}
