//! End to end: the question packs in the browser. Listing, opening, importing (good and broken),
//! and a shipped pack whose file is damaged on the server.

mod support;

use std::path::Path;

use support::{SUB_PATH, Site, header, http_get, repo};

/// Copies a built site so a test can damage it without touching the real one.
fn copy_site(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_site(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn packs_list_open_and_import() {
    let site = Site::start("dist", "", "packs").await;
    site.open("packs").await;
    site.wait_text(".pack-card h3", "").await;
    let count = site.script("return document.querySelectorAll('.pack-card').length").await;
    assert!(count.as_u64().unwrap_or(0) >= 8, "expected at least 8 packs, found {count}");
    site.screenshot("packs").await;

    // Open a pack from the list.
    site.click(".pack-card h3 a[href='/packs/canary']").await;
    site.wait_text("h1", "Canary").await;
    site.wait_text(".pack-facts", "Questions").await;
    site.screenshot("pack-canary").await;

    // Learn: the topic's concept cards, then the way into practice.
    site.click("a[href='/learn/canary']").await;
    site.wait_text("h1", "Learn:").await;
    let cards = site.script("return document.querySelectorAll('.concept-cards > li').length").await;
    assert!(cards.as_u64().unwrap_or(0) >= 3, "expected concept cards, found {cards}");
    site.wait_css(".diagram pre[role=img][aria-label]").await;
    site.screenshot("learn-canary").await;
    site.click("a[href='/packs/canary/practice']").await;
    site.wait_text("h1", "Practice:").await;

    // A broken pack pasted into the import form: every problem is listed, nothing is imported.
    // (The import page belongs to the instructor build: following the link loads it and hands over.)
    site.open("packs").await;
    site.click("a[href='/packs/import']").await;
    site.wait_css("#import-text").await;
    let broken = r#"{"id": "mine", "title": "Mine", "summary": "s", "tags": ["x"], "minutes": 5, "badge": "b",
        "test": [], "challenge": [], "question": [{"id": "q1", "kind": "conceptul"}]}"#;
    site.script(&format!(
        "const t = document.getElementById('import-text'); t.value = {}; t.dispatchEvent(new InputEvent('input', {{bubbles: true}}));",
        serde_json::to_string(broken).unwrap()
    ))
    .await;
    site.click(".import button[type=submit]").await;
    let notice = site.wait_text(".import .notice.error", "was not imported").await;
    assert!(notice.contains("did you mean `conceptual`"), "{notice}");
    assert!(notice.contains("field `test`: expected exactly 10 items, found 0"), "{notice}");
    site.screenshot("pack-import-errors").await;

    // A valid pack (the JSON export of a shipped one, renamed) imports and survives a reload.
    let json = std::fs::read_to_string(repo().join("dist/data/packs/blue-green.json")).unwrap();
    let json = json.replacen("\"id\":\"blue-green\"", "\"id\":\"my-blue-green\"", 1).replacen(
        "\"title\":\"",
        "\"title\":\"Imported: ",
        1,
    );
    site.script(&format!(
        "const t = document.getElementById('import-text'); t.value = {}; t.dispatchEvent(new InputEvent('input', {{bubbles: true}}));",
        serde_json::to_string(&json).unwrap()
    ))
    .await;
    site.click(".import button[type=submit]").await;
    site.wait_text(".import .notice.ok", "Imported").await;
    site.open("packs").await;
    site.click(".pack-card h3 a[href='/packs/my-blue-green']").await;
    site.wait_text("h1", "Imported:").await;
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_shipped_pack_is_unavailable_and_the_others_still_work() {
    let damaged = repo().join("target/e2e/damaged-site");
    copy_site(&repo().join("dist"), &damaged);
    // Damage one pack: drop the precompressed copies so nginx serves the damaged file itself.
    let pack = damaged.join("data/packs/canary.json");
    std::fs::write(&pack, "{\"id\": \"canary\", \"title\": 42").unwrap();
    let _ = std::fs::remove_file(damaged.join("data/packs/canary.json.br"));
    let _ = std::fs::remove_file(damaged.join("data/packs/canary.json.gz"));
    // And another one that is valid JSON but not what the build writes: a number where a text was.
    let helm = damaged.join("data/packs/helm-releases.json");
    let text = std::fs::read_to_string(&helm).unwrap();
    let broken = text.replacen("\"title\":\"", "\"title\":7,\"x\":\"", 1);
    assert_ne!(broken, text, "the pack file has a title to damage");
    std::fs::write(&helm, broken).unwrap();
    let _ = std::fs::remove_file(damaged.join("data/packs/helm-releases.json.br"));
    let _ = std::fs::remove_file(damaged.join("data/packs/helm-releases.json.gz"));

    let site = Site::start("target/e2e/damaged-site", "", "damaged").await;
    site.open("packs/canary/practice").await;
    site.wait_text("h1", "unavailable").await;
    let notice = site.wait_text(".notice.error", "canary.json").await;
    assert!(notice.contains("not valid JSON"), "the message should say what is wrong: {notice}");
    site.open("packs/helm-releases/practice").await;
    site.wait_text("h1", "unavailable").await;
    let notice = site.wait_text(".notice.error", "helm-releases.json").await;
    assert!(notice.contains("field `title`: expected a string"), "the message should name the field: {notice}");
    site.screenshot("pack-unavailable").await;
    site.open("packs/blue-green/practice").await;
    site.wait_text("h1", "Practice: Blue-green").await;
    site.quit().await;
}

/// The "Use it in your LMS" links of a pack page, followed as a browser would (each `href` resolved
/// against the page, here under a sub-path): every one is served by nginx with its media type and
/// is the file it says (Moodle XML, GIFT text, a QTI zip), not the app's HTML fallback.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pack_pages_export_links_download_the_files_they_name() {
    let site = Site::start("target/dist-subpath", SUB_PATH, "packs-exports").await;
    site.open("packs/helm-releases").await;
    site.wait_css(".exports a").await;
    let links = site.script("return [...document.querySelectorAll('.exports a')].map(a => [a.href, a.getAttribute('download'), a.textContent])").await;
    let links = links.as_array().expect("links").clone();
    assert_eq!(links.len(), 3, "{links:?}");
    for link in &links {
        let (href, download) = (link[0].as_str().unwrap(), link[1].as_str().unwrap_or_default());
        assert!(href.contains(&format!("{SUB_PATH}/data/exports/helm-releases.")), "{href} does not follow the sub-path");
        assert!(href.ends_with(download) && !download.is_empty(), "{href}: download name {download:?}");
        let (status, headers, body) = http_get(href, &[]);
        assert_eq!(status, 200, "{href}");
        let kind = header(&headers, "content-type").unwrap_or_default().split(';').next().unwrap_or_default().to_owned();
        let text = String::from_utf8_lossy(&body);
        if href.ends_with(".moodle.xml") {
            assert_eq!(kind, "text/xml", "{href}");
            assert!(text.starts_with("<?xml") && text.contains("<quiz>") && text.contains("type=\"multichoice\""), "{href}");
        } else if href.ends_with(".gift.txt") {
            assert_eq!(kind, "text/plain", "{href}");
            assert!(text.contains("::") && text.contains('{') && !text.contains("<!DOCTYPE"), "{href}");
        } else {
            assert!(href.ends_with(".qti.zip"), "{href}");
            assert_eq!(kind, "application/zip", "{href}");
            assert!(body.starts_with(b"PK\x03\x04"), "{href} is not a zip");
        }
    }
    // A file that does not exist is a 404, not the app's page.
    let missing = links[0][0].as_str().unwrap().replace("helm-releases.", "no-such-pack.");
    assert_eq!(http_get(&missing, &[]).0, 404, "{missing}");
    site.quit().await;
}
