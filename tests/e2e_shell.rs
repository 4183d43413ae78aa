//! End to end: the app shell in Chromium, served by nginx with deploy/nginx/rollback-lab.conf.

mod support;

use support::{Site, SUB_PATH, dist_files, header, http_get, repo};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shell_navigation_deep_links_theme_and_phone_width() {
    let site = Site::start("dist", "", "shell").await;

    // The home page.
    site.open("").await;
    site.wait_text("h1", "release goes wrong").await;
    site.wait_text(".site-footer", &format!("v{}", rollback_lab::VERSION)).await;
    site.screenshot("home").await;

    // Following a link navigates inside the app.
    site.click("nav a[href='/help']").await;
    site.wait_text("h1", "How Rollback Lab works").await;
    assert_eq!(site.path().await, "/help");
    site.screenshot("help").await;

    // A deep URL loaded directly (nginx's fallback to index.html, then the router).
    site.driver.goto(site.url("help")).await.unwrap();
    site.wait_mounted().await;
    site.wait_text("h1", "How Rollback Lab works").await;

    // "Skip to content", from the keyboard, puts the focus on the page's content and stays on the
    // page (followed as a link, `#main` resolved against `<base href>` opened the home page).
    site.script("document.querySelector('.skip-link').focus()").await;
    site.wait_css(".skip-link").await.send_keys(thirtyfour::Key::Enter).await.unwrap();
    site.wait_for("the focus on the content", async || (site.active_id().await == "main").then_some(())).await;
    assert_eq!(site.path().await, "/help");
    site.wait_text("h1", "How Rollback Lab works").await;

    // An unknown URL shows the app's own not-found page.
    site.open("no/such/page").await;
    site.wait_text("h1", "Page not found").await;
    site.screenshot("not-found").await;

    // The theme toggle flips the theme, and the choice survives a reload.
    site.open("").await;
    let before = site.script("return document.documentElement.dataset.theme").await;
    site.click(".theme-toggle").await;
    let after = site.script("return document.documentElement.dataset.theme").await;
    assert_ne!(before, after, "the toggle changed nothing");
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
    site.wait_for("the theme to be applied after reload", async || {
        (site.script("return document.documentElement.dataset.theme").await == after).then_some(())
    })
    .await;
    site.screenshot(&format!("home-{}", after.as_str().unwrap_or("theme"))).await;
    site.click(".theme-toggle").await;
    site.screenshot(&format!("home-{}", before.as_str().unwrap_or("theme"))).await;

    // Phone width: the header wraps, nothing scrolls sideways.
    site.driver.set_window_rect(0, 0, 390, 844).await.unwrap();
    site.open("").await;
    let overflow = site.script("return document.documentElement.scrollWidth > window.innerWidth").await;
    assert_eq!(overflow, serde_json::Value::Bool(false), "the page scrolls sideways at phone width");
    site.screenshot("home-phone").await;

    site.quit().await;
}

/// The wasm files a page fetched, by build (the part of the file name before its hash).
async fn wasm_fetched(site: &Site) -> Vec<String> {
    let v = site.script("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.wasm'))").await;
    let mut names: Vec<String> = v
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str()).map(|n| n.rsplit('/').next().unwrap_or(n).split('-').next().unwrap_or(n).to_string()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// The builds whose stylesheet the page links now (the part of the file name after `style-`).
async fn stylesheets(site: &Site) -> Vec<String> {
    let v = site.script("return [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)").await;
    v.as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str()).map(|n| n.rsplit('/').next().unwrap_or(n).split('-').nth(1).unwrap_or(n).to_string()).collect())
        .unwrap_or_default()
}

/// A first visit downloads one build, the one its page needs, whatever page it lands on (a share
/// link or a bookmark lands deep); later navigation inside the app still hands over to a bigger
/// build when a page needs one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_visit_downloads_only_the_build_its_page_needs() {
    let site = Site::start("dist", "", "one-build").await;
    for (path, build, heading) in [
        ("", "light", "release goes wrong"),
        ("packs/canary", "light", "Canary"),
        ("packs/canary/practice", "quiz", "Canary"),
        ("badges", "progress", "Badges and progress"),
        ("review", "progress", "Review"),
        ("session", "session", "This session link cannot be opened"),
        ("sessions/new", "instructor", "Build a session"),
        ("sessions/results", "results", "This session link cannot be opened"),
        ("packs/import", "author", "Import a pack"),
        ("incidents", "incidents", "Incidents"),
        ("sandbox", "sandbox", "Sandbox"),
        ("incidents/canary-abort-errors", "incident", "Cart"),
    ] {
        // A fresh visit: nothing cached in memory from the previous page.
        site.driver.goto("about:blank").await.unwrap();
        site.open(path).await;
        site.wait_text("h1", heading).await;
        assert_eq!(wasm_fetched(&site).await, vec![build.to_string()], "/{path} should fetch only the {build} build");
        // And only that build's stylesheet, with which the page looks as with the whole sheet.
        assert_eq!(stylesheets(&site).await, [build], "/{path}");
        site.assert_own_stylesheet_suffices(&format!("/{path}")).await;
    }
    // The comparison finds a rule the page's sheet lacks: with the hero's rule taken out, the
    // home page's hero is styled differently than the whole sheet would.
    site.driver.goto("about:blank").await.unwrap();
    site.open("").await;
    site.wait_text("h1", "release goes wrong").await;
    let (_, same) = site.stylesheet_differences().await.unwrap();
    assert!(same.is_empty(), "{same:?}");
    let removed = site.script("const s = document.querySelector('link[rel=stylesheet]').sheet; const i = [...s.cssRules].findIndex(r => r.selectorText === '.hero'); if (i >= 0) s.deleteRule(i); return i >= 0").await;
    assert_eq!(removed, serde_json::Value::Bool(true), "the light sheet has a `.hero` rule");
    let (_, differences) = site.stylesheet_differences().await.unwrap();
    assert!(differences.iter().any(|d| d.contains(".hero:")), "{differences:?}");
    // From the home page, a page of a bigger build still loads it on the way.
    site.driver.goto("about:blank").await.unwrap();
    site.open("").await;
    site.click("nav a[href='/badges']").await;
    site.wait_text("h1", "Badges and progress").await;
    assert_eq!(wasm_fetched(&site).await, vec!["light".to_string(), "progress".to_string()]);
    // From the progress build to the incident list's build: it hands over in place.
    site.click("nav a[href='/incidents']").await;
    site.wait_text("h1", "Incidents").await;
    assert_eq!(wasm_fetched(&site).await, vec!["incidents".to_string(), "light".to_string(), "progress".to_string()]);
    // And from there to an incident's page, in the incident build: in place too.
    site.click(".incident-card h3 a").await;
    site.wait_for("an incident's page", async || site.path().await.starts_with("/incidents/").then_some(())).await;
    site.wait_css(".start-incident").await;
    assert_eq!(wasm_fetched(&site).await, vec!["incident".to_string(), "incidents".to_string(), "light".to_string(), "progress".to_string()]);
    // The hand-over swapped the incident list's stylesheet for the incident build's.
    assert_eq!(stylesheets(&site).await, ["incident"]);
    site.assert_own_stylesheet_suffices("an incident after three hand-overs").await;
    // Back to a page of the progress build, which already ran in this document: the page reloads
    // and its start-up script loads the progress build alone.
    site.click("nav a[href='/badges']").await;
    site.wait_text("h1", "Badges and progress").await;
    site.wait_for("the page to reload into the progress build", async || (wasm_fetched(&site).await == ["progress"]).then_some(())).await;
    // Each build has its own pages only: from the progress build, a light page hands over to the light build.
    site.click("nav a[href='/help']").await;
    site.wait_text("h1", "How Rollback Lab works").await;
    assert_eq!(wasm_fetched(&site).await, vec!["light".to_string(), "progress".to_string()]);
    // Back to the progress build's page, which already ran in this document: the page reloads into it.
    site.driver.back().await.unwrap();
    site.wait_text("h1", "Badges and progress").await;
    site.wait_for("Back to reload into the progress build", async || (wasm_fetched(&site).await == ["progress"]).then_some(())).await;
    assert_eq!(site.path().await, "/badges");
    // Forward again: the light page, with the light build.
    site.driver.forward().await.unwrap();
    site.wait_text("h1", "How Rollback Lab works").await;
    assert_eq!(site.path().await, "/help");
    site.wait_for("Forward to the light build", async || wasm_fetched(&site).await.contains(&"light".to_string()).then_some(())).await;
    site.quit().await;
}

/// The import page is the author build's, apart from the instructor's pages: the session builder
/// links to it and it links back, each way a hand-over (in place the first time, a reload into a
/// build that already ran in this document), Back and Forward included; and the instructor build,
/// which the results dashboard downloads, carries none of the import's code.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_builder_and_the_import_page_hand_over_both_ways() {
    let site = Site::start("dist", "", "author").await;
    site.driver.goto("about:blank").await.unwrap();
    site.open("sessions/new").await;
    site.wait_text("h1", "Build a session").await;
    assert_eq!(wasm_fetched(&site).await, ["instructor"]);
    // Builder → import page: the author build has not run in this document, so it takes over in place.
    site.click("a.import-link").await;
    site.wait_text("h1", "Import a pack").await;
    assert_eq!(site.path().await, "/packs/import");
    assert_eq!(wasm_fetched(&site).await, ["author", "instructor"]);
    site.wait_css("#import-text").await;
    // Import page → builder: the instructor build already ran here, so the page reloads into it alone.
    site.click("a.session-builder-link").await;
    site.wait_text("h1", "Build a session").await;
    site.wait_for("the page to reload into the instructor build", async || (wasm_fetched(&site).await == ["instructor"]).then_some(())).await;
    assert_eq!(site.path().await, "/sessions/new");
    // Back: the import page again, in the author build (which has not run since the reload).
    site.driver.back().await.unwrap();
    site.wait_text("h1", "Import a pack").await;
    assert_eq!(site.path().await, "/packs/import");
    site.wait_css("#import-text").await;
    let fetched = wasm_fetched(&site).await;
    assert!(fetched == ["author"] || fetched == ["author", "instructor"], "{fetched:?}");
    // Forward: the builder, in the instructor build.
    site.driver.forward().await.unwrap();
    site.wait_text("h1", "Build a session").await;
    assert_eq!(site.path().await, "/sessions/new");
    site.wait_css("a.import-link").await;
    let fetched = wasm_fetched(&site).await;
    assert!(fetched == ["instructor"] || fetched == ["author", "instructor"], "{fetched:?}");
    site.quit().await;

    // The bytes themselves: strings of the import page and of the GIFT reader are in the author
    // build and in no build a results dashboard or a builder downloads.
    let dist = repo().join("dist");
    let wasm_of = |build: &str| {
        let name = dist_files(&dist).into_iter().find(|f| f.starts_with(&format!("{build}-")) && f.ends_with("_bg.wasm")).expect(build);
        std::fs::read(dist.join(name)).unwrap()
    };
    let has = |bytes: &[u8], s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    let (author, instructor) = (wasm_of("author"), wasm_of("instructor"));
    for s in ["Choose a file (JSON, Moodle XML or GIFT)", "numeric answers are not supported"] {
        assert!(has(&author, s), "the author build lacks {s:?}");
        assert!(!has(&instructor, s), "the instructor build carries {s:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_works_under_a_sub_path() {
    let site = Site::start("target/dist-subpath", SUB_PATH, "subpath").await;
    site.open("").await;
    site.wait_text("h1", "release goes wrong").await;
    site.click("nav a[href='/rollback-lab/help']").await;
    site.wait_text("h1", "How Rollback Lab works").await;
    assert_eq!(site.path().await, "/rollback-lab/help");
    // A deep link under the sub-path, loaded directly.
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
    site.wait_text("h1", "How Rollback Lab works").await;
    site.screenshot("subpath-help").await;
    // A page of the progress build: the light app loads it from under the sub-path and hands over.
    site.click("nav a[href='/rollback-lab/badges']").await;
    site.wait_text("h1", "Badges and progress").await;
    assert_eq!(site.path().await, "/rollback-lab/badges");
    // A deep link under the sub-path loads only the incident build, from under the sub-path.
    site.driver.goto("about:blank").await.unwrap();
    site.open("incidents/canary-abort-errors").await;
    site.wait_text("h1", "Cart").await;
    assert_eq!(wasm_fetched(&site).await, vec!["incident".to_string()]);
    site.quit().await;
}

/// No build carries the standard library's float formatting (Grisu and Dragon with their tables,
/// about 5.5 KB brotli of a build): every float the app writes goes through `rollback_lab::fixed`
/// (ARCHITECTURE.md). One `{:.1}` or `f64::to_string` anywhere in a build brings it back. Its table
/// of cached powers of ten marks it: the first entry's significand, 10^-348 scaled to 64 bits.
#[test]
fn no_build_carries_the_standard_float_formatting() {
    let marker = 0xe61a_cf03_3d1a_45df_u64.to_le_bytes();
    let dist = repo().join("dist");
    let builds: Vec<String> = dist_files(&dist).into_iter().filter(|f| f.ends_with("_bg.wasm")).collect();
    assert_eq!(builds.len(), 10, "{builds:?}");
    for build in builds {
        let wasm = std::fs::read(dist.join(&build)).expect("a build");
        assert!(!wasm.windows(8).any(|w| w == marker), "{build} formats floats with the standard library: use rollback_lab::fixed");
    }
    // The marker is what it says: this test formats a float, and its own program holds the table.
    assert_eq!(format!("{:.1}", std::hint::black_box(0.25)), "0.2");
    let this = std::fs::read(std::env::current_exe().expect("the test program")).expect("the test program's bytes");
    assert!(this.windows(8).any(|w| w == marker), "the marker is not core's table of cached powers of ten");
}

#[test]
fn nginx_sends_the_right_headers_and_encodings() {
    let prefix = repo().join("target/e2e/headers");
    let nginx = rollback_lab::cli::server::Nginx::start(&repo().join("dist"), "", &prefix).expect("nginx");
    let base = nginx.url("");

    let (status, headers, body) = http_get(&base, &[]);
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "cache-control"), Some("no-cache"));
    let csp = header(&headers, "content-security-policy").expect("CSP");
    assert!(csp.contains("default-src 'self'") && csp.contains("'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"));
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
    assert_eq!(header(&headers, "referrer-policy"), Some("no-referrer"));
    let html = String::from_utf8_lossy(&body);
    assert!(!html.contains("<script type=\"module\">"), "index.html still has an inline script");

    // A deep link falls back to the app.
    let (status, _, deep) = http_get(&format!("{base}help/anything"), &[]);
    assert_eq!((status, &deep), (200, &body));
    // A page whose name is also a folder of data files is still the page, not a redirect.
    let (status, _, page) = http_get(&format!("{base}packs"), &[]);
    assert_eq!((status, &page), (200, &body));

    // The wasm: right type, cached forever, sent brotli-compressed when the browser accepts it.
    let files = dist_files(&repo().join("dist"));
    let wasms: Vec<&String> = files.iter().filter(|f| f.ends_with("_bg.wasm")).collect();
    assert_eq!(wasms.len(), 10, "the light, quiz, progress, session, instructor, results, incident, sandbox, incidents and author builds: {wasms:?}");
    // The second modules of the split builds (src/cli/split.rs), the same way.
    let parts: Vec<&String> = files.iter().filter(|f| f.ends_with("_run.wasm")).collect();
    assert_eq!(parts.len(), 5, "the quiz, progress and session builds' run views, the incident build's running incident and the sandbox build's running sandbox: {parts:?}");
    for wasm in wasms.into_iter().chain(parts) {
        let (status, headers, _) = http_get(&format!("{base}{wasm}"), &[("Accept-Encoding", "gzip, br")]);
        assert_eq!(status, 200);
        assert_eq!(header(&headers, "content-type"), Some("application/wasm"));
        assert_eq!(header(&headers, "content-encoding"), Some("br"));
        assert_eq!(header(&headers, "cache-control"), Some("public, max-age=31536000, immutable"), "{wasm}");
        let (_, headers, _) = http_get(&format!("{base}{wasm}"), &[("Accept-Encoding", "gzip")]);
        assert_eq!(header(&headers, "content-encoding"), Some("gzip"));
    }
    // Every hashed script and style sheet is cached for good too; index.html never, nor the service
    // worker (the one script whose name carries no hash: it tells the browser of a new deployment).
    for f in files.iter().filter(|f| (f.ends_with(".js") || f.ends_with(".css")) && !f.contains('/')) {
        let (_, headers, _) = http_get(&format!("{base}{f}"), &[]);
        let expected = if f == "sw.js" { "no-cache" } else { "public, max-age=31536000, immutable" };
        assert_eq!(header(&headers, "cache-control"), Some(expected), "{f}");
    }
    assert!(files.iter().any(|f| f == "sw.js"), "the build writes the service worker");

    // A missing asset is a 404, not the app's HTML.
    let (status, _, _) = http_get(&format!("{base}missing-0123456789abcdef.js"), &[]);
    assert_eq!(status, 404);
}

/// A first visit asks for the data its page fetches first (a question run's pack, an incident's
/// scenario, a topic's concept cards) while its build downloads, and the page takes those
/// responses: each file crosses the network once, started before the build arrived. A question
/// run, a session link and the results dashboard do not download the pack index (index.html names
/// the shipped packs, and a pack's file is named after its id); the pack page does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_visit_fetches_its_pages_data_while_the_build_downloads() {
    let site = Site::start("dist", "", "preload").await;
    let code = rollback_lab::cli::report::session_code(&repo().join("dist")).expect("a session link");
    let (session, results) = (format!("session#{code}"), format!("sessions/results#{code}"));
    let index = "data/packs/index.json";
    for (path, heading, files, not_fetched) in [
        ("packs/canary/practice", "Canary", &["data/packs/canary.json"][..], Some(index)),
        ("packs/canary", "Canary", &[index][..], None),
        ("incidents/canary-abort-errors", "Cart", &["data/scenarios/canary-abort-errors.json"][..], None),
        ("learn/canary", "Learn: ", &["data/concepts/canary.json"][..], None),
        // The session's pack is named in the fragment's code: the build fetches it, nothing early.
        (session.as_str(), "lab report", &[][..], Some(index)),
        (results.as_str(), "Results: lab report", &[][..], Some(index)),
    ] {
        site.driver.goto("about:blank").await.unwrap();
        site.open(path).await;
        site.wait_text("h1", heading).await;
        let resources = "return performance.getEntriesByType('resource').map(e => ({ name: e.name, by: e.initiatorType, start: e.startTime, end: e.responseEnd, bytes: e.transferSize }))";
        // Every page here goes on to fetch a pack or a scenario or cards: once it has, the page has
        // asked for the files above too.
        let entries = site
            .wait_for("the page's data", async || {
                let entries = site.script(resources).await;
                let fetched = entries.as_array()?.iter().any(|e| e["name"].as_str().is_some_and(|n| n.contains("/data/") && (!n.ends_with("/index.json") || path == "packs/canary")));
                fetched.then_some(entries)
            })
            .await;
        let entries = entries.as_array().expect("resource entries");
        let wasm_end = entries
            .iter()
            .find(|e| e["name"].as_str().is_some_and(|n| n.ends_with(".wasm")))
            .and_then(|e| e["end"].as_f64())
            .unwrap_or_else(|| panic!("/{path} fetched no wasm: {entries:?}"));
        for file in files {
            let of_file: Vec<_> = entries.iter().filter(|e| e["name"].as_str().is_some_and(|n| n.ends_with(&format!("/{file}")))).collect();
            assert_eq!(of_file.len(), 1, "/{path}: {file} should be requested once, by the start-up script's preload: {of_file:?} (all: {entries:?})");
            assert_eq!(of_file[0]["by"], "link", "/{path}: {file} {of_file:?}");
            assert!(of_file[0]["start"].as_f64().unwrap() < wasm_end, "/{path}: {file} should start before the build has downloaded: {of_file:?}, wasm done at {wasm_end}");
        }
        if let Some(file) = not_fetched {
            assert!(
                !entries.iter().any(|e| e["name"].as_str().is_some_and(|n| n.ends_with(&format!("/{file}")))),
                "/{path} should not download {file}: {entries:?}"
            );
        }
    }
    // A page whose id is not a file name preloads nothing and still says what is wrong.
    site.driver.goto("about:blank").await.unwrap();
    site.open("incidents/no%20such").await;
    site.wait_text("h1", "This incident is unavailable").await;
    site.wait_text(".notice.error", "no scenario called").await;
    let preloads = site.script("return document.querySelectorAll('link[rel=preload]').length").await;
    assert_eq!(preloads, 0);
    // A question run of a pack the site does not ship says so (index.html names the shipped ones).
    site.driver.goto("about:blank").await.unwrap();
    site.open("packs/no-such-pack/practice").await;
    site.wait_text("h1", "This pack is unavailable").await;
    site.wait_text(".notice.error", "there is no pack called `no-such-pack`").await;
    // The review page with nothing due (a first visit) says so and downloads no pack, nor the index.
    site.driver.goto("about:blank").await.unwrap();
    site.open("review").await;
    site.wait_text(".notice.ok", "Nothing is due for review now.").await;
    let data = site.script("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/data/'))").await;
    assert_eq!(data, serde_json::json!([]), "/review with nothing due should fetch no data");
    site.quit().await;
}
