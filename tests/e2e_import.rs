//! End to end: a Moodle XML bank and a GIFT bank imported on the import page (author build),
//! chosen as a file and pasted; the constructs left out and the questions refused read on screen
//! with their lines; the imported pack opened and one of its questions answered right in a
//! practice run (quiz build); and files that cannot be imported named with nothing stored.

mod support;

use serde_json::Value;
use support::quiz::{answer, shown};
use support::{Site, repo};

use rollback_lab::lms::draft::{self, Source};

const IMPORTED: &str = "return Object.keys(JSON.parse(localStorage.getItem('rollback-lab.imported-packs') || '{}')).sort()";

/// Puts `text` in the paste box and submits it.
async fn paste(site: &Site, text: &str) {
    site.script(&format!(
        "const t = document.getElementById('import-text'); t.value = {}; t.dispatchEvent(new InputEvent('input', {{bubbles: true}}));",
        serde_json::to_string(text).unwrap()
    ))
    .await;
    site.click(".import button[type=submit]").await;
}

/// The lines of one list of the import report.
async fn listed(site: &Site, class: &str) -> Vec<String> {
    let v = site.script(&format!("return [...document.querySelectorAll('.import-report .{class} li')].map(li => li.textContent)")).await;
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect()
}

/// The draft the page makes of a fixture, as JSON (to find the right answers on screen).
fn draft_json(file: &str, name: &str, source: Source) -> Value {
    let text = std::fs::read_to_string(repo().join(file)).unwrap();
    let d = draft::draft(name, &text, source).unwrap();
    serde_json::from_str(&rollback_lab::pack::to_json(&d.pack)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moodle_and_gift_banks_import_and_their_questions_run() {
    let site = Site::start("dist", "", "import").await;
    site.open("packs/import").await;
    site.wait_css("#import-text").await;

    // A Moodle XML file, chosen with the file input.
    let file = repo().join("tests/fixtures/lms/bank.moodle.xml");
    let input = site.driver.find(thirtyfour::By::Id("import-file")).await.unwrap();
    input.send_keys(file.to_string_lossy()).await.unwrap();
    let ok = site.wait_text(".import .notice.ok", "Imported").await;
    assert!(ok.contains("“Release safety” (3 questions)"), "{ok}");
    site.wait_text(".import-report .import-format", "Read bank.moodle.xml as Moodle XML").await;
    assert_eq!(
        listed(&site, "dropped").await,
        [
            "bank.moodle.xml:19: truefalse questions are not supported (only multichoice and ordering)",
            "bank.moodle.xml:42: no answer has a positive fraction",
            "bank.moodle.xml:42: question skipped",
        ]
    );
    let refused = listed(&site, "refused").await;
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(refused[0].starts_with("bank.moodle.xml:34: question “Two right answers” not imported"), "{refused:?}");
    assert!(refused[1].starts_with("bank.moodle.xml:60: question “Too short” not imported"), "{refused:?}");
    let filled = listed(&site, "filled").await;
    assert!(filled.iter().any(|l| l == "Test and Challenge: all 3 questions in file order"), "{filled:?}");
    assert!(filled.iter().any(|l| l == "badge “Release safety” (named after the pack)"), "{filled:?}");
    site.wait_css(".import-report button.download-toml").await;
    site.screenshot("import-moodle").await;

    // A GIFT bank, pasted: the format is read from the text.
    let gift = std::fs::read_to_string(repo().join("tests/fixtures/lms/unsupported.gift")).unwrap();
    paste(&site, &gift).await;
    site.wait_text(".import-report .import-format", "Read pasted.gift as GIFT").await;
    site.wait_text(".import .notice.ok", "Imported “Imported” (2 questions)").await;
    let dropped = listed(&site, "dropped").await;
    assert_eq!(dropped.len(), 6, "{dropped:?}");
    assert_eq!(dropped[0], "pasted.gift:11: numeric answers are not supported");
    assert_eq!(dropped[5], "pasted.gift:24: essay questions (no answers) are not supported");
    assert_eq!(site.script(IMPORTED).await, serde_json::json!(["pasted", "release-safety"]));

    // Files that cannot be imported: each names what is wrong, and nothing more is stored.
    for (text, expected) in [
        ("<?xml version=\"1.0\"?>\n<quiz>\n  <question type=\"multichoice\">\n    <name><text>Cut", "pasted.xml:"),
        ("::Pods::How many replicas?{#1}\n\n::Paused::Paused can be undone.{FALSE}\n", "no question in it can be used"),
        ("   \n", "the file is empty"),
    ] {
        paste(&site, text).await;
        let notice = site.wait_text(".import .notice.error", "was not imported").await;
        assert!(notice.contains(expected), "{expected} not in {notice}");
        assert_eq!(site.script(IMPORTED).await, serde_json::json!(["pasted", "release-safety"]), "{text}");
    }
    // The bank with only unsupported questions still lists why, with lines.
    paste(&site, "::Pods::How many replicas?{#1}\n").await;
    site.wait_text(".import-report .dropped", "pasted.gift:1: numeric answers are not supported").await;
    // Binary junk chosen as a file.
    let junk = repo().join("target/e2e/junk.gift");
    std::fs::create_dir_all(junk.parent().unwrap()).unwrap();
    std::fs::write(&junk, [0x89u8, b'P', b'N', b'G', 0, 0, 0xff, 0xfe, 0x01]).unwrap();
    let input = site.driver.find(thirtyfour::By::Id("import-file")).await.unwrap();
    input.send_keys(junk.to_string_lossy()).await.unwrap();
    site.wait_text(".import .notice.error", "junk.gift: not a text file").await;
    assert_eq!(site.script(IMPORTED).await, serde_json::json!(["pasted", "release-safety"]));
    site.screenshot("import-refused").await;

    // The imported pack: listed, its page says where it came from, and a question runs.
    site.open("packs").await;
    site.click(".pack-card h3 a[href='/packs/release-safety']").await;
    site.wait_text("h1", "Release safety").await;
    let note = site.wait_text(".imported-from", "Imported from Moodle XML").await;
    assert!(note.contains("no common mistakes or misconceptions") && note.contains("Test: 3 questions"), "{note}");
    site.open("packs/release-safety/practice").await;
    site.click(".start-run").await;
    site.wait_css("#question-title").await;
    let pack = draft_json("tests/fixtures/lms/bank.moodle.xml", "bank.moodle.xml", Source::MoodleXml);
    let title = shown(&site.wait_css("#question-title").await.text().await.unwrap());
    answer(&site, &pack, true).await;
    site.wait_text(".verdict.ok", "Right").await;
    // No mistakes or quick check of its own (no LMS format has them): none is shown empty.
    site.wait_css(".solution").await;
    let empty = site.script("return [...document.querySelectorAll('.quick-check, .solution h4')].map(e => e.textContent)").await;
    assert_eq!(empty, serde_json::json!([]), "{title}");
    site.screenshot("import-practice").await;

    // And the GIFT pack's Test runs too.
    let gift_pack = draft_json("tests/fixtures/lms/unsupported.gift", "pasted.gift", Source::Gift);
    site.open("packs/pasted/practice").await;
    site.click(".start-run").await;
    site.wait_css("#question-title").await;
    answer(&site, &gift_pack, true).await;
    site.wait_text(".verdict.ok", "Right").await;
    site.quit().await;
}
