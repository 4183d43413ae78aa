//! End to end: a SCORM 1.2 package from `lab scorm` runs inside a page hosting a real SCORM 1.2
//! runtime (scorm-again, from npm, installed into tools/ by scripts/bootstrap.sh), as in an LMS.
//!
//! The test writes the package, unpacks it into a folder of a plain file server (nginx standing
//! in for the LMS: none of the site's own headers, no fallback), and writes the LMS's host page:
//! it creates `new Scorm12API(...)` as `window.API`, hands over a mastery score of 60 as the LMS
//! would from the manifest, and frames the SCO at the launch URL the manifest names. Chromium
//! takes the Test inside the frame; then the test reads back what the runtime recorded.
//!
//! Needs the site built with a relative public URL:
//! `PUBLIC_URL=./ DIST=target/dist-scorm bash scripts/build.sh` (scripts/test.sh does it).

mod support;

use std::path::Path;

use rollback_lab::quiz::Mode;
use serde_json::Value;
use support::quiz::answer;
use support::{SUB_PATH, Site, repo};
use thirtyfour::prelude::*;

const SITE: &str = "target/dist-scorm";
const PACK: &str = "canary";
const MASTERY: u32 = 60;




/// Unpacks the zip into `dir`.
fn unzip(zip_file: &Path, dir: &Path) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(zip_file).expect("package")).expect("a zip");
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let path = dir.join(entry.enclosed_name().expect("a safe name"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut out = std::fs::File::create(&path).unwrap();
        std::io::copy(&mut entry, &mut out).unwrap();
        names.push(entry.name().to_owned());
    }
    names
}

/// The SCO's launch URL from imsmanifest.xml.
fn launch_href(manifest: &str) -> String {
    let resource = &manifest[manifest.find("<resource ").expect("a resource")..];
    let href = &resource[resource.find(" href=\"").expect("an href") + 7..];
    href[..href.find('"').unwrap()].replace("&amp;", "&")
}

/// A SCORM 1.2 CMITimespan (`H+:MM:SS` with up to two decimals) in seconds.
fn timespan_seconds(text: &str) -> Option<f64> {
    let mut parts = text.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none() && h.len() >= 2 && m.len() == 2 && s.len() >= 2 && s.split('.').nth(1).is_none_or(|d| (1..=2).contains(&d.len()));
    ok.then_some(())?;
    Some(h.parse::<f64>().ok()? * 3600.0 + m.parse::<f64>().ok()? * 60.0 + s.parse::<f64>().ok()?)
}

const HOST_JS: &str = r#"// The LMS side: a SCORM 1.2 runtime as window.API, before the SCO's frame loads.
window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
window.API.loadFromJSON({ student_data: { mastery_score: "MASTERY" } }, "");
"#;

/// Writes the package, unpacks it into the LMS's folder `target/e2e/NAME-www` with the host page
/// (`index.html`), and starts the LMS's server and a browser on it. Returns the site, the LMS folder,
/// the launch URL and the pack.
async fn lms(name: &str) -> (Site, std::path::PathBuf, String, Value) {
    let site_dir = repo().join(SITE);
    assert!(
        site_dir.join("index.html").is_file(),
        "{SITE} is missing: build it with PUBLIC_URL=./ DIST={SITE} bash scripts/build.sh"
    );
    let runtime = repo().join("tools/node_modules/scorm-again/dist/scorm12.min.js");
    assert!(runtime.is_file(), "scorm-again is missing: run scripts/bootstrap.sh");

    // The package, as an instructor would upload it.
    let work = repo().join(format!("target/e2e/{name}-www"));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let zip_file = repo().join(format!("target/e2e/{name}-canary-test.zip"));
    let said = rollback_lab::cli::scorm::package(PACK, Mode::Test, 80, &site_dir, &zip_file).expect("lab scorm");
    assert!(said.contains("index.html?scorm=canary/test"), "{said}");

    // The LMS unpacks it into a folder of its own and frames the launch URL.
    let names = unzip(&zip_file, &work.join("course"));
    assert!(names.iter().any(|n| n == "imsmanifest.xml"));
    let manifest = std::fs::read_to_string(work.join("course/imsmanifest.xml")).unwrap();
    let href = launch_href(&manifest);
    assert!(work.join("course").join(href.split('?').next().unwrap()).is_file(), "{href}");
    std::fs::copy(&runtime, work.join("scorm12.min.js")).unwrap();
    host_page(&work, "index", &HOST_JS.replace("MASTERY", &MASTERY.to_string()), &href);
    let pack: Value = serde_json::from_str(&std::fs::read_to_string(site_dir.join(format!("data/packs/{PACK}.json"))).unwrap()).unwrap();

    let site = Site::start_lms(&work, name).await;
    (site, work, href, pack)
}

/// The host page: the runtime, the LMS script `host_js`, and the SCO framed at the launch URL.
fn host_page(work: &Path, file: &str, host_js: &str, href: &str) {
    std::fs::write(work.join(format!("{file}-host.js")), host_js).unwrap();
    std::fs::write(
        work.join(format!("{file}.html")),
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>LMS</title>\
             <script src=\"scorm12.min.js\"></script><script src=\"{file}-host.js\"></script></head>\
             <body><h1>A course</h1><iframe id=\"sco\" title=\"Rollback Lab\" src=\"course/{href}\" style=\"width:1200px;height:800px\"></iframe></body></html>"
        ),
    )
    .unwrap();
}

/// Opens an LMS page and enters the SCO's frame once the launcher has opened the run's page.
async fn launch(site: &Site, page: &str) {
    site.driver.goto(site.url(page)).await.expect("the LMS page");
    site.wait_css("#sco").await.enter_frame().await.expect("into the SCO's frame");
    site.wait_for("the run's page", async || {
        // The frame's own location (WebDriver's current URL is the top page's).
        let path = site.driver.execute("return location.pathname + location.search", vec![]).await.ok()?;
        (path.json().as_str()? == "/course/packs/canary/test?scorm=1").then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_package_runs_in_a_scorm_1_2_runtime_and_reports_status_score_time_and_interactions() {
    let (site, _work, _href, pack) = lms("scorm").await;
    launch(&site, "index.html").await;
    site.click(".start-run").await;
    site.wait_css("#question-title").await;
    let initialized = site.script("return window.parent.API.isInitialized()").await;
    assert_eq!(initialized, Value::Bool(true), "the bridge called LMSInitialize");

    // Three wrong answers, the rest right.
    let mut asked = 0;
    while site.driver.find(By::Css(".run-report")).await.is_err() {
        answer(&site, &pack, asked >= 3).await;
        asked += 1;
        if asked == 1 {
            // After the first answer the LMS holds the run as resume state.
            let core = site.script("return JSON.parse(JSON.stringify(window.parent.API.cmi.core))").await;
            assert_eq!(core["lesson_status"], "incomplete", "{core}");
            let data = site.script("return window.parent.API.cmi.suspend_data").await;
            assert!(data.as_str().is_some_and(|d| d.contains("\"canary\"")), "{data}");
        }
        site.click(".controls .next").await;
        assert!(asked < 40, "the run never ended");
    }
    let report = site.wait_text(".run-report", "right").await;
    let right = asked - 3;
    assert!(report.contains(&format!("{right} of {asked} right")), "{report}");
    site.screenshot("scorm-report").await;

    // What the runtime recorded.
    site.driver.enter_default_frame().await.unwrap();
    let cmi = site.script("return JSON.parse(JSON.stringify(window.API.cmi))").await;
    let core = &cmi["core"];
    let raw: u32 = core["score"]["raw"].as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("score.raw {core}"));
    assert_eq!((core["score"]["min"].as_str(), core["score"]["max"].as_str()), (Some("0"), Some("100")), "{core}");
    assert!(raw > 0 && raw < 100, "{core}");
    assert!(report.contains(&format!("{raw}%")), "the page shows another score than {raw}%: {report}");
    // One point per question in a Test: 7 of 10 is 70%, under the bridge's default of 80% and over
    // the 60% the LMS handed over, so "passed" shows the LMS's mastery score was the rule applied.
    assert_eq!(raw as usize, right * 100 / asked, "{core}");
    assert!((MASTERY..rollback_lab::quiz::scorm::DEFAULT_MASTERY).contains(&raw), "pick answers that tell the two rules apart");
    assert_eq!(core["lesson_status"], "passed", "{core}");
    let session_time = core["session_time"].as_str().unwrap_or_default();
    // The runtime keeps what it was sent (HHHH:MM:SS.SS) in its own HH:MM:SS.SS spelling.
    assert!(timespan_seconds(session_time).is_some_and(|s| s > 1.0 && s < 600.0), "session_time {session_time:?}");
    // The runtime writes its interactions as {"0": …, "1": …}.
    let interactions: Vec<Value> = (0..)
        .map_while(|n: usize| cmi["interactions"].get(n.to_string()).cloned())
        .collect();
    assert_eq!(interactions.len(), asked, "one interaction per question: {}", cmi["interactions"]);
    let correct = interactions.iter().filter(|i| i["result"] == "correct").count();
    let wrong = interactions.iter().filter(|i| i["result"] == "wrong").count();
    assert_eq!((correct, wrong), (right, 3), "{interactions:?}");
    for i in &interactions {
        assert!(i["type"] == "choice" || i["type"] == "sequencing", "{i}");
        assert!(i["id"].as_str().is_some_and(|id| id.starts_with("canary-")), "{i}");
        assert!(i["student_response"].as_str().is_some_and(|r| !r.is_empty()), "{i}");
        assert!(i["latency"].as_str().and_then(timespan_seconds).is_some_and(|s| s < 600.0), "{i}");
    }
    let suspend = cmi["suspend_data"].as_str().unwrap_or_default();
    assert!(!suspend.is_empty() && suspend.len() <= 4096, "suspend_data of {} characters", suspend.len());
    let saved: Value = serde_json::from_str(suspend).expect("suspend_data is the saved run");
    assert!(saved.to_string().contains("\"canary\""), "{saved}");
    // LMSFinish was called: the runtime is terminated.
    let finished = site.script("return window.API.isTerminated()").await;
    assert_eq!(finished, Value::Bool(true));
    eprintln!(
        "scorm: status {}, score {raw}, session_time {session_time}, {} interactions, suspend_data {} characters",
        core["lesson_status"],
        interactions.len(),
        suspend.len()
    );
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relaunch_resumes_the_run_from_the_lms_suspend_data() {
    let (site, work, href, pack) = lms("scorm-resume").await;
    launch(&site, "index.html").await;
    site.click(".start-run").await;
    for _ in 0..2 {
        answer(&site, &pack, true).await;
        site.click(".controls .next").await;
    }
    let third = site.wait_css("#question-title").await.text().await.unwrap();
    let suspend = site.script("return window.parent.API.cmi.suspend_data").await;
    let suspend = suspend.as_str().expect("suspend_data after two answers").to_owned();
    // A new browser profile in effect: the browser's own saved run is gone, only the LMS has one.
    site.script("localStorage.clear(); return true").await;
    site.driver.enter_default_frame().await.unwrap();

    // The LMS's second launch hands back what it stored.
    let host = format!(
        "window.API = new Scorm12API({{ autocommit: false, logLevel: 5 }});\n\
         window.API.loadFromJSON({{ suspend_data: {}, student_data: {{ mastery_score: \"{MASTERY}\" }} }}, \"\");\n",
        serde_json::to_string(&suspend).unwrap()
    );
    host_page(&work, "again", &host, &href);
    launch(&site, "again.html").await;
    site.wait_text("#question-title", &third).await;
    assert!(site.driver.find(By::Css(".start-run")).await.is_err(), "a relaunch offered a new run");
    // The rest of the run, then the report counts the two answers of the first launch.
    let mut asked = 2;
    while site.driver.find(By::Css(".run-report")).await.is_err() {
        answer(&site, &pack, true).await;
        asked += 1;
        site.click(".controls .next").await;
        assert!(asked < 40, "the run never ended");
    }
    site.wait_text(".run-report", &format!("{asked} of {asked} right")).await;
    site.driver.enter_default_frame().await.unwrap();
    let core = site.script("return JSON.parse(JSON.stringify(window.API.cmi.core))").await;
    assert_eq!((core["lesson_status"].as_str(), core["score"]["raw"].as_str()), (Some("passed"), Some("100")), "{core}");
    site.quit().await;
}

/// The session builder's download, end to end: an instructor builds a session on a deployment
/// under a sub-path (every URL of its index.html is absolute there), downloads its SCORM package in
/// the browser with a passing score of 50%, and the LMS runs it: the learner's name comes from the
/// LMS, one answer right and one wrong score 50%, which passes under the package's mastery score
/// (and would fail under the bridge's default of 80%), and the LMS holds one interaction per
/// question and the session time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_downloaded_from_the_builder_runs_in_the_lms_and_reports_to_it() {
    const QUESTIONS: [&str; 2] = ["cn-first-command", "cn-both-got-worse"];
    let runtime = repo().join("tools/node_modules/scorm-again/dist/scorm12.min.js");
    assert!(runtime.is_file(), "scorm-again is missing: run scripts/bootstrap.sh");
    let site = Site::start("target/dist-subpath", SUB_PATH, "scorm-session-build").await;
    site.open("sessions/new").await;
    let title = site.wait_css("#session-title").await;
    title.clear().await.unwrap();
    title.send_keys("Week 3 drill").await.unwrap();
    site.click(&format!("#pack-{PACK}")).await;
    for q in QUESTIONS {
        site.click(&format!("#pick-{PACK}-{q}")).await;
    }
    site.script("const s = document.getElementById('attempts'); s.value = '1'; s.dispatchEvent(new Event('change', {bubbles: true}))").await;
    site.click(".create-link").await;
    site.wait_css("#share-link").await;
    let share = site.script("return document.getElementById('share-link').value").await.as_str().unwrap_or_default().to_owned();
    let code = share.rsplit_once('#').expect("a share link").1.to_owned();
    let spec = rollback_lab::session::link::decode(&code).expect("the link decodes");
    assert_eq!(spec.attempts, Some(1));

    // The download: the Blob the page makes a URL for, and the name of the link it clicks, caught
    // and read back as base64url (the site's CSP keeps the page from fetching a blob: URL).
    site.script(
        "window.__zip = null; const make = URL.createObjectURL;\
         URL.createObjectURL = function (blob) { window.__blob = blob; return make.call(URL, blob); };\
         const click = HTMLAnchorElement.prototype.click;\
         HTMLAnchorElement.prototype.click = function () {\
           if (!this.download.endsWith('.zip')) return click.call(this);\
           const name = this.download, blob = window.__blob;\
           blob.arrayBuffer().then(b => { const u = new Uint8Array(b); let s = '';\
             for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000));\
             window.__zip = { name, type: blob.type, size: u.length, data: btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '') }; }); };\
         return true",
    )
    .await;
    let mastery = site.wait_css("#scorm-mastery").await;
    mastery.clear().await.unwrap();
    mastery.send_keys("50").await.unwrap();
    site.click("#scorm-download").await;
    let status = site.wait_text(".scorm-status", "Downloaded").await;
    let zip = site
        .wait_for("the package's bytes", async || {
            let v = site.script("return window.__zip").await;
            v.get("data").is_some().then_some(v)
        })
        .await;
    let name = zip["name"].as_str().unwrap();
    assert_eq!(name, format!("rollback-lab-session-{}.zip", spec.id()), "{status}");
    assert_eq!(zip["type"], "application/zip");
    assert!(status.contains(name), "{status}");
    site.screenshot("session-builder-scorm").await;
    site.quit().await;
    let bytes = rollback_lab::base64url::decode(zip["data"].as_str().unwrap()).expect("base64url");
    assert_eq!(bytes.len() as u64, zip["size"].as_u64().unwrap());

    // The LMS: the package unpacked into a folder of its own, the launch URL from the manifest.
    let work = repo().join("target/e2e/scorm-session-www");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let zip_file = repo().join("target/e2e/scorm-session.zip");
    std::fs::write(&zip_file, &bytes).unwrap();
    let names = unzip(&zip_file, &work.join("course"));
    assert_eq!(names.first().map(String::as_str), Some("imsmanifest.xml"));
    assert!(!names.iter().any(|n| n.starts_with("data/scenarios/")), "a session package carries no incidents");
    assert!(names.iter().any(|n| n == "data/packs/canary.json"));
    let manifest = std::fs::read_to_string(work.join("course/imsmanifest.xml")).unwrap();
    assert!(manifest.contains("<adlcp:masteryscore>50</adlcp:masteryscore>") && manifest.contains("<title>Rollback Lab: Week 3 drill</title>"), "{manifest}");
    for n in &names[1..] {
        assert!(manifest.contains(&format!("<file href=\"{n}\"/>")), "{n} is not in the manifest");
    }
    let index = std::fs::read_to_string(work.join("course/index.html")).unwrap();
    assert!(index.contains("<base href=\"./\"") && !index.contains("=\"/rollback-lab/"), "{index}");
    let href = launch_href(&manifest);
    assert_eq!(href, format!("index.html?scorm=session&s={code}"));
    std::fs::copy(&runtime, work.join("scorm12.min.js")).unwrap();
    host_page(
        &work,
        "index",
        "window.API = new Scorm12API({ autocommit: false, logLevel: 5 });\n\
         window.API.loadFromJSON({ core: { student_name: \"Lovelace, Ada\" }, student_data: { mastery_score: \"50\" } }, \"\");\n",
        &href,
    );
    let site = Site::start_lms(&work, "scorm-session").await;
    site.driver.goto(site.url("index.html")).await.expect("the LMS page");
    site.wait_css("#sco").await.enter_frame().await.expect("into the SCO's frame");
    site.wait_for("the session's page", async || {
        let path = site.driver.execute("return location.pathname + location.search + location.hash", vec![]).await.ok()?;
        (path.json().as_str()? == format!("/course/session?scorm=1#{code}")).then_some(())
    })
    .await;
    // No name to type: the LMS said who the learner is.
    site.wait_text(".lead", "Taking part as Ada Lovelace").await;
    assert!(site.driver.find(By::Css("#learner-name")).await.is_err(), "the page asked for a name the LMS gave");
    site.click(".start-run").await;
    let pack: Value = serde_json::from_str(&std::fs::read_to_string(work.join("course/data/packs/canary.json")).unwrap()).unwrap();
    answer(&site, &pack, true).await;
    site.click(".controls .next").await;
    answer(&site, &pack, false).await;
    site.click(".controls .next").await;
    site.wait_css("#result-code").await;
    site.driver.enter_default_frame().await.unwrap();
    let cmi = site
        .wait_for("the LMS to hear the end", async || {
            let cmi = site.script("return JSON.parse(JSON.stringify(window.API.cmi))").await;
            (cmi["core"]["lesson_status"] != "incomplete" && cmi["core"]["lesson_status"] != "not attempted").then_some(cmi)
        })
        .await;
    let core = &cmi["core"];
    assert_eq!((core["lesson_status"].as_str(), core["score"]["raw"].as_str()), (Some("passed"), Some("50")), "{core}");
    const { assert!(50 < rollback_lab::quiz::scorm::DEFAULT_MASTERY, "the package's mastery score, not the default, decided") };
    assert!(core["session_time"].as_str().and_then(timespan_seconds).is_some_and(|s| s > 0.0), "{core}");
    let interactions: Vec<Value> = (0..).map_while(|n: usize| cmi["interactions"].get(n.to_string()).cloned()).collect();
    let results: Vec<&str> = interactions.iter().map(|i| i["result"].as_str().unwrap_or_default()).collect();
    assert_eq!(results, ["correct", "wrong"], "{interactions:?}");
    assert_eq!(site.script("return window.API.isTerminated()").await, Value::Bool(true), "LMSFinish was called");
    site.quit().await;
}
