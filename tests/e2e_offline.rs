//! End to end: after one online visit, the app works with the network gone (service worker,
//! `static/sw.js`, written into the site by `lab build-site`), at the root of a host and under a
//! sub-path; the manifest is valid and nginx serves the worker uncached.

mod support;

use serde_json::json;
use thirtyfour::prelude::Key;
use support::{SUB_PATH, Site, header, http_get, repo};

/// Every URL the page's origin holds in Cache Storage, by cache name.
const CACHED: &str = "return (async () => {
    const out = {};
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      out[key] = (await cache.keys()).map((r) => r.url);
    }
    return out;
  })();";

/// The one build a URL belongs to, from its file name (`incident-…_bg.wasm` → `incident`).
fn build_of(url: &str) -> Option<&str> {
    let leaf = url.rsplit('/').next()?;
    leaf.ends_with("_bg.wasm").then(|| leaf.split('-').next()).flatten()
}

/// The build a split part belongs to (`quiz-…_run.wasm` → `quiz`, see src/cli/split.rs).
fn part_of(url: &str) -> Option<&str> {
    let leaf = url.rsplit('/').next()?;
    leaf.ends_with("_run.wasm").then(|| leaf.split('-').next()).flatten()
}

/// The build a stylesheet belongs to, from its file name (`style-incident-….css` → `incident`).
fn sheet_of(url: &str) -> Option<&str> {
    url.rsplit('/').next()?.strip_prefix("style-")?.strip_suffix(".css")?.split('-').next()
}

async fn works_offline_after_one_visit(dist: &str, sub_path: &str, name: &str) {
    let mut site = Site::start(dist, sub_path, name).await;
    let scope = format!("{}/", sub_path);

    // Online: the home page, then an incident (which loads the incident build).
    site.open("").await;
    site.wait_text("h1", "release goes wrong").await;
    let script_url = site
        .wait_for("the service worker to control the page", async || {
            site.script("return navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL").await.as_str().map(str::to_owned)
        })
        .await;
    assert_eq!(script_url, site.url("sw.js"), "the worker lives at the root of the app");
    let registered_scope = site.script("return navigator.serviceWorker.ready.then((r) => r.scope)").await;
    assert_eq!(registered_scope.as_str(), Some(site.url("").as_str()));
    // Chromium reads the manifest the page links to, and finds nothing wrong in it.
    let manifest = site.driver.cdp().send_raw("Page.getAppManifest", json!({})).await.expect("Page.getAppManifest");
    assert_eq!(manifest["url"].as_str(), Some(site.url("manifest.webmanifest").as_str()), "{manifest}");
    assert_eq!(manifest["errors"], json!([]), "{manifest}");
    site.open("incidents/canary-abort-errors").await;
    site.wait_text("h1", "Cart").await;

    // The worker keeps one cache, which ends up holding all ten builds with their stylesheets (and
    // the split builds' second modules): the light one at install, the quiz, progress, session,
    // instructor, results, incident, sandbox, incidents and author ones fetched in the background.
    let every = ["author", "incident", "incidents", "instructor", "light", "progress", "quiz", "results", "sandbox", "session"];
    let cached = site
        .wait_for("the bigger builds and their sheets to be cached", async || {
            let caches = site.script(CACHED).await;
            let map = caches.as_object()?.clone();
            let urls: Vec<String> = map.values().flat_map(|v| v.as_array().cloned().unwrap_or_default()).filter_map(|u| u.as_str().map(str::to_owned)).collect();
            let mut builds: Vec<&str> = urls.iter().filter_map(|u| build_of(u)).collect();
            let mut sheets: Vec<&str> = urls.iter().filter_map(|u| sheet_of(u)).collect();
            let mut parts: Vec<&str> = urls.iter().filter_map(|u| part_of(u)).collect();
            builds.sort();
            sheets.sort();
            parts.sort();
            (builds == every && sheets == every && parts == ["incident", "progress", "quiz", "sandbox", "session"]).then_some(map)
        })
        .await;
    assert_eq!(cached.len(), 1, "one cache per deployment: {:?}", cached.keys().collect::<Vec<_>>());
    let (cache_name, urls) = cached.iter().next().unwrap();
    assert!(cache_name.starts_with("rollback-lab-"), "{cache_name}");
    let urls: Vec<&str> = urls.as_array().unwrap().iter().filter_map(|u| u.as_str()).collect();
    for must in ["index.html", "data/packs/index.json", "data/packs/canary.json", "data/scenarios/canary-abort-errors.json"] {
        assert!(urls.contains(&site.url(must).as_str()), "{must} is not cached: {urls:?}");
    }
    assert!(urls.iter().all(|u| u.starts_with(&site.url(""))), "everything cached is under {scope}: {urls:?}");
    assert!(!urls.iter().any(|u| u.ends_with(".br") || u.ends_with(".gz") || u.ends_with("/sw.js")), "{urls:?}");

    // Offline: the DevTools protocol cuts the page's network, and the server goes away too, so
    // nothing can come from anywhere but what the browser kept.
    let cdp = site.driver.cdp();
    cdp.send_raw("Network.enable", json!({})).await.expect("Network.enable");
    cdp.send_raw(
        "Network.emulateNetworkConditions",
        json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await
    .expect("offline");
    site.stop_server();

    // The incident page, reloaded.
    site.driver.refresh().await.expect("reload");
    site.wait_mounted().await;
    site.wait_text("h1", "Cart").await;
    // The incident starts and its console answers (the simulator runs in the cached incident build).
    site.click(".start-incident").await;
    let input = site.wait_css("#console-input").await;
    input.send_keys("kubectl get pods".to_owned() + Key::Enter).await.expect("type");
    site.wait_text(".console-log", "READY").await;
    site.screenshot(&format!("{name}-incident")).await;
    // The network is really gone: a file the worker never cached cannot be fetched.
    let probe = site
        .script("return fetch('offline-probe-' + Date.now() + '.txt').then((r) => 'fetched ' + r.status, (e) => 'failed')")
        .await;
    assert_eq!(probe.as_str(), Some("failed"), "the page still reaches the server");

    // The home page, a pack page and a question run, each loaded as a fresh page.
    for (path, heading) in [("", "release goes wrong"), ("packs/canary", "Canary"), ("packs/canary/practice", "Canary")] {
        site.driver.goto("about:blank").await.expect("blank");
        site.open(path).await;
        site.wait_text("h1", heading).await;
    }
    // A practice question, from the quiz build the worker fetched in the background.
    site.click(".start-run").await;
    site.wait_css("#question-title").await;
    site.screenshot(&format!("{name}-practice")).await;
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_works_offline_after_one_visit() {
    works_offline_after_one_visit("dist", "", "offline").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_works_offline_under_a_sub_path() {
    works_offline_after_one_visit("target/dist-subpath", SUB_PATH, "offline-subpath").await;
}

#[test]
fn nginx_serves_the_worker_uncached_and_a_manifest_that_follows_the_sub_path() {
    let prefix = repo().join("target/e2e/offline-headers");
    let nginx = rollback_lab::cli::server::Nginx::start(&repo().join("target/dist-subpath"), SUB_PATH, &prefix).expect("nginx");
    let base = nginx.url(SUB_PATH);

    let (status, headers, body) = http_get(&format!("{base}sw.js"), &[("Accept-Encoding", "br")]);
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "cache-control"), Some("no-cache"), "the browser must see every new worker");
    assert!(header(&headers, "content-type").is_some_and(|t| t.starts_with("application/javascript")));
    let csp = header(&headers, "content-security-policy").expect("CSP");
    assert!(csp.contains("worker-src 'self'") && csp.contains("manifest-src 'self'"), "{csp}");
    assert!(!body.is_empty());

    let (status, headers, body) = http_get(&format!("{base}manifest.webmanifest"), &[]);
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("application/manifest+json"));
    let manifest: serde_json::Value = serde_json::from_slice(&body).expect("the manifest is JSON");
    // Relative URLs resolve against the manifest's own URL, so they follow any sub-path.
    assert_eq!((manifest["start_url"].as_str(), manifest["scope"].as_str()), (Some("./"), Some("./")));
    assert_eq!(manifest["display"], "standalone");
    let icons = manifest["icons"].as_array().expect("icons");
    let sizes: Vec<&str> = icons.iter().filter_map(|i| i["sizes"].as_str()).collect();
    assert_eq!(sizes, ["any", "192x192", "512x512"], "an SVG and the two PNG sizes installers ask for");
    for icon in icons {
        let src = icon["src"].as_str().expect("icon src");
        let (status, headers, body) = http_get(&format!("{base}{src}"), &[]);
        assert_eq!(status, 200, "{src}");
        // The media type the manifest declares (nginx may add a charset to the SVG's).
        let kind = header(&headers, "content-type").unwrap_or_default().split(';').next().unwrap_or_default();
        assert_eq!(Some(kind), icon["type"].as_str(), "{src}");
        if kind == "image/svg+xml" {
            // The favicon the page already loads (hashed), not a second copy.
            assert!(src.starts_with("favicon-") && src.ends_with(".svg"), "{src}");
        } else {
            // A PNG whose header gives the size the manifest declares.
            assert!(body.starts_with(b"\x89PNG\r\n\x1a\n") && body.len() > 24, "{src} is not a PNG");
            let dim = |at: usize| u32::from_be_bytes(body[at..at + 4].try_into().unwrap());
            assert_eq!(format!("{}x{}", dim(16), dim(20)), icon["sizes"].as_str().unwrap(), "{src}");
        }
    }
    let (_, headers, _) = http_get(&format!("{base}manifest.webmanifest"), &[("Accept-Encoding", "br")]);
    assert_eq!(header(&headers, "content-encoding"), Some("br"), "the manifest is precompressed like the other text files");
    let (_, _, html) = http_get(&base, &[]);
    assert!(String::from_utf8_lossy(&html).contains("<link rel=\"manifest\" href=\"manifest.webmanifest\""));
}

/// The names of the caches the page's origin holds.
async fn cache_names(site: &Site) -> Vec<String> {
    let v = site.script("return caches.keys()").await;
    v.as_array().into_iter().flatten().filter_map(|k| k.as_str().map(str::to_owned)).collect()
}

/// A new deployment makes a new worker with a new cache: it waits while the old one still controls
/// a tab, the page offers the learner a reload, and when the learner accepts, the new worker takes
/// over, the page reloads on the new version and the old deployment's cache is deleted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_deployment_replaces_the_old_cache() {
    // A copy of the site that this test can redeploy.
    let copy = repo().join("target/e2e/offline-deploy-site");
    let _ = std::fs::remove_dir_all(&copy);
    let status = std::process::Command::new("cp").arg("-r").arg(repo().join("dist")).arg(&copy).status().expect("cp");
    assert!(status.success());
    let site = Site::start("target/e2e/offline-deploy-site", "", "offline-deploy").await;
    site.open("").await;
    site.wait_text("h1", "release goes wrong").await;
    let first = site
        .wait_for("the first worker's cache", async || {
            let controlled = site.script("return navigator.serviceWorker.controller !== null").await == json!(true);
            let names = cache_names(&site).await;
            (controlled && names.len() == 1).then(|| names[0].clone())
        })
        .await;

    // Deploy: a data file changes, and the build writes the worker again (without its stale
    // precompressed copies, which nginx would send instead).
    let index = copy.join("data/packs/index.json");
    let mut json = std::fs::read_to_string(&index).expect("pack index");
    json.push('\n');
    std::fs::write(&index, json).expect("pack index");
    for stale in ["data/packs/index.json.br", "data/packs/index.json.gz", "sw.js.br", "sw.js.gz"] {
        let _ = std::fs::remove_file(copy.join(stale));
    }
    rollback_lab::cli::site::write_service_worker(&copy).expect("sw.js");

    // The browser finds the new worker; it installs its own cache and waits.
    site.script("return navigator.serviceWorker.ready.then((r) => r.update()).then(() => true)").await;
    site.wait_for("the new worker to wait", async || {
        (site.script("return navigator.serviceWorker.ready.then((r) => r.waiting !== null)").await == json!(true)).then_some(())
    })
    .await;
    let both = cache_names(&site).await;
    assert!(both.len() == 2 && both.contains(&first), "old and new caches while the new worker waits: {both:?}");

    // The page offers the new version, in the flow at the top of the page, without taking focus.
    let focused_before = site.active_id().await;
    let offer = site.wait_text("#update-offer", "A new version of Rollback Lab is ready").await;
    assert!(offer.contains("restarts a question run or an incident in progress"), "{offer}");
    assert_eq!(site.script("return document.getElementById('update-offer').getAttribute('role')").await, json!("status"));
    assert_eq!(site.active_id().await, focused_before, "the offer must not move focus");
    assert_eq!(cache_names(&site).await.len(), 2, "nothing changed before the learner chose");
    let violations = site.axe_violations().await;
    assert!(violations.is_empty(), "axe-core on the update offer:\n{}", violations.join("\n"));
    site.screenshot("offline-update-offer").await;

    // Reload now: the waiting worker takes over, the page reloads itself, the old cache goes.
    site.script("window.beforeTheUpdate = true; return true").await;
    site.click("#update-offer button").await;
    site.wait_for("the page to reload", async || {
        (site.script("return window.beforeTheUpdate === undefined && document.readyState === 'complete'").await == json!(true)).then_some(())
    })
    .await;
    let now = site
        .wait_for("the old cache to go", async || {
            let names = cache_names(&site).await;
            (names.len() == 1 && names[0] != first).then_some(names)
        })
        .await;
    assert!(now[0].starts_with("rollback-lab-"), "{now:?}");
    site.wait_mounted().await;
    site.wait_text("h1", "release goes wrong").await;
    let still_offered = site.script("return document.getElementById('update-offer') !== null").await;
    assert_eq!(still_offered, json!(false), "the new version runs: nothing left to offer");
    site.quit().await;
}
