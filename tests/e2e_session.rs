//! End to end: an instructor session in Chromium behind nginx. The instructor builds a session of
//! two questions in the builder and reads its link; a learner opens it, answers one right and one
//! wrong and copies the result code; the dashboard of the session reads that code and a mangled
//! one, and shows the leaderboard, the item analysis and the CSV. A mangled link shows the
//! decoder's message.
//!
//! The answers come from the pack file the site serves, matched to the page by text, so the
//! option order on screen does not matter.

mod support;

use rollback_lab::session::dashboard::csv_field;
use rollback_lab::session::link;
use serde_json::Value;
use support::{Site, repo};
use thirtyfour::prelude::*;

const PACK: &str = "canary";
/// Two single-choice questions of the canary pack, in the pack's order.
const QUESTIONS: [&str; 2] = ["cn-first-command", "cn-both-got-worse"];

fn pack(id: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(format!("dist/data/packs/{id}.json"))).expect("built pack");
    serde_json::from_str(&text).expect("pack JSON")
}

/// Text as the page shows it: inline-code backticks are rendered, not shown.
fn shown(text: &str) -> String {
    text.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn texts(site: &Site, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in site.driver.find_all(By::Css(css)).await.unwrap() {
        out.push(shown(&el.text().await.unwrap()));
    }
    out
}

/// Chooses the right option (or the `nth` wrong one: a repeated answer does not count as a try) of
/// the open single-choice question and submits.
async fn answer(site: &Site, pack: &Value, right: bool, nth: usize) {
    let title = shown(&site.wait_css("#question-title").await.text().await.unwrap());
    let q = pack["question"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| shown(q["title"].as_str().unwrap()) == title)
        .unwrap_or_else(|| panic!("no question titled {title:?}"));
    let options = q["option"].as_array().unwrap();
    let on_screen = texts(site, ".options .option .option-text").await;
    let buttons = site.driver.find_all(By::Css(".options .option")).await.unwrap();
    let pick = on_screen
        .iter()
        .enumerate()
        .filter(|(_, text)| {
            let o = options
                .iter()
                .find(|o| shown(o["text"].as_str().unwrap()) == **text)
                .expect("option on screen");
            o["correct"].as_bool().unwrap_or(false) == right
        })
        .nth(nth)
        .expect("an option to pick")
        .0;
    buttons[pick].click().await.unwrap();
    site.click(".controls .submit").await;
}

async fn value(site: &Site, css: &str) -> String {
    site.wait_css(css).await;
    site.script(&format!("return document.querySelector('{css}').value"))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn type_into(site: &Site, css: &str, text: &str) {
    let el = site.wait_css(css).await;
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_from_builder_to_dashboard() {
    let site = Site::start("dist", "", "session").await;
    let canary = pack(PACK);

    // The instructor builds the session: two questions, fixed order, no start time.
    site.open("sessions/new").await;
    type_into(&site, "#session-title", "Friday canary drill").await;
    site.click(&format!("#pack-{PACK}")).await;
    for q in QUESTIONS {
        site.click(&format!("#pick-{PACK}-{q}")).await;
    }
    // The same time for every question, and two attempts each.
    site.click("#time-same").await;
    type_into(&site, "#time-s", "45").await;
    site.click("#attempts option[value='2']").await;
    site.click(".create-link").await;
    let share = value(&site, "#share-link").await;
    assert!(share.starts_with(&site.url("session#s1.")), "share link {share:?}");
    let code = share.rsplit_once('#').unwrap().1.to_owned();
    let spec = link::decode(&code).expect("the link decodes");
    assert_eq!(spec.title, "Friday canary drill");
    assert_eq!(
        spec.questions.iter().map(|q| q.question.as_str()).collect::<Vec<_>>(),
        QUESTIONS
    );
    assert!(!spec.shuffle_questions && spec.start_ms.is_none());
    assert_eq!((spec.time_limit_s, spec.attempts), (Some(45), Some(2)));
    // The preview shows the dealt questions with the right options marked.
    site.click(".session-preview summary").await;
    let titles = texts(&site, ".preview-question h3").await;
    assert_eq!(titles.len(), 2, "{titles:?}");
    let right = texts(&site, ".preview-options li.right").await;
    for (i, id) in QUESTIONS.iter().enumerate() {
        let q = canary["question"].as_array().unwrap().iter().find(|q| q["id"] == *id).unwrap();
        assert!(titles[i].starts_with(&shown(q["title"].as_str().unwrap())), "{titles:?}");
        for o in q["option"].as_array().unwrap().iter().filter(|o| o["correct"] == true) {
            let text = shown(o["text"].as_str().unwrap());
            assert!(right.iter().any(|r| r.contains(&text) && r.ends_with("(right)")), "{text:?} not marked in {right:?}");
        }
    }
    site.script("document.querySelector('.session-created').scrollIntoView()")
        .await;
    site.screenshot("session-builder").await;

    // A learner opens the link, gives a name and answers one right and one wrong (both tries).
    site.driver.goto(&share).await.unwrap();
    site.wait_mounted().await;
    type_into(&site, "#learner-name", "Ada Lovelace").await;
    site.click(".session-name button[type='submit']").await;
    // The rules state the session's own settings.
    let rules = site.wait_text(".start", "on its clock").await;
    assert!(rules.contains("Each question has 0:45 on its clock"), "{rules}");
    assert!(rules.contains("Each question allows 2 tries"), "{rules}");
    site.click(".start-run").await;
    // "End the run" asks first; "Keep going" keeps the run as it was.
    site.click(".controls .finish").await;
    site.wait_css(".controls .finish-confirm").await;
    site.click(".controls .confirm .button.subtle").await;
    site.wait_css(".controls .finish").await;
    assert!(site.driver.find_all(By::Css("#result-code")).await.unwrap().is_empty(), "the run goes on");
    answer(&site, &canary, true, 0).await;
    site.wait_text(".feedback", "Right, on the first try").await;
    let mut answered_s = 0;
    let seconds_of = |chip: String| -> u64 {
        let mmss = chip.rsplit(' ').next().unwrap_or_default().to_owned();
        let (m, s) = mmss.split_once(':').unwrap_or_else(|| panic!("chip {chip:?}"));
        m.parse::<u64>().unwrap() * 60 + s.parse::<u64>().unwrap()
    };
    answered_s += seconds_of(site.wait_text(".countdown.done", "Answered in").await);
    site.click(".controls .next").await;
    site.wait_text(".position", "2").await;
    answer(&site, &canary, false, 0).await;
    site.wait_text(".feedback", "One attempt left").await;
    site.wait_css(".option-row.wrong .why").await;
    answer(&site, &canary, false, 1).await;
    answered_s += seconds_of(site.wait_text(".countdown.done", "Answered in").await);
    site.click(".controls .next").await;
    let result = value(&site, "#result-code").await;
    assert!(result.starts_with("r1."), "result code {result:?}");
    site.screenshot("session-result-code").await;
    // A reload keeps the result.
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
    assert_eq!(value(&site, "#result-code").await, result);

    // The presenter view of the same session.
    site.open(&format!("sessions/present#{code}")).await;
    site.wait_css(".present-start").await;
    // Full screen: no site navigation.
    assert!(site.driver.find_all(By::Css(".site-header, .site-footer")).await.unwrap().is_empty(), "no site chrome");
    site.click(".present-start").await;
    site.wait_text(".present-question .position", "Question 1 of 2").await;
    site.wait_for("focus on the presenter's controls after Start", async || (site.active_id().await == "present-pause").then_some(())).await;
    // While a question is open, nothing of its answer is on screen.
    assert!(site.driver.find_all(By::Css(".present-answer, .present-reveal")).await.unwrap().is_empty(), "no answer while open");
    site.screenshot("session-presenter").await;
    // Pause stops the projected clock; resume starts it again.
    site.click(".present-pause").await;
    site.wait_text(".present-pause", "Resume").await;
    site.wait_css(".paused-note").await;
    let frozen = site.wait_css(".present-question .countdown").await.text().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    assert_eq!(site.wait_css(".present-question .countdown").await.text().await.unwrap(), frozen, "paused");
    site.screenshot("session-presenter-paused").await;
    site.click(".present-pause").await;
    site.wait_text(".present-pause", "Pause").await;
    site.wait_for("the clock to run again", async || {
        let now = site.driver.find(By::Css(".present-question .countdown")).await.ok()?.text().await.ok()?;
        (now != frozen).then_some(())
    })
    .await;
    assert!(site.driver.find_all(By::Css(".paused-note")).await.unwrap().is_empty(), "no pause note while running");
    // "Next question" ends the first question: its answer shows under the second, and "reveal" is
    // honest that no result code is loaded yet.
    site.click(".present-next").await;
    site.wait_text(".present-question .position", "Question 2 of 2").await;
    site.wait_text(".present-answer h2", "Answer to question 1").await;
    site.click(".present-reveal").await;
    site.wait_text(".reveal-none", "No result codes are loaded").await;
    assert_eq!(site.active_id().await, "reveal-0", "focus goes to what was revealed");
    site.script("document.querySelector('.present-answer').scrollIntoView()")
        .await;
    site.screenshot("session-presenter-answer").await;

    // The dashboard reads the code and reports a mangled one.
    site.open(&format!("sessions/results#{code}")).await;
    let mut mangled: Vec<char> = result.chars().collect();
    let middle = mangled.len() / 2;
    mangled[middle] = if mangled[middle] == 'A' { 'B' } else { 'A' };
    let mangled: String = mangled.into_iter().collect();
    type_into(&site, "#codes", &format!("{result}\n{mangled}\n")).await;
    site.click(".load-codes").await;
    site.wait_text(".leaderboard", "Ada Lovelace").await;
    site.wait_text(".leaderboard .score", "1 / 2 (50%)").await;
    // The leaderboard's time is the sum of what the learner's "Answered in" chips said.
    assert_eq!(site.wait_css(".leaderboard td.time").await.text().await.unwrap(), format!("{answered_s} s"));
    site.wait_text(".code-problems", "code 2").await;
    assert_eq!(texts(&site, ".percent-correct").await, ["100%", "0%"]);
    let csv = site
        .script("return decodeURIComponent(document.querySelector('a.csv-results').href.split(',').slice(1).join(','))")
        .await;
    let csv = csv.as_str().unwrap();
    let row = csv.lines().nth(1).unwrap_or_else(|| panic!("no row in {csv:?}"));
    assert!(row.starts_with("1,Ada Lovelace,1,2,50,1,"), "row {row:?}");
    assert!(row.contains(",correct,1,") && row.contains(",missed,0,"), "row {row:?}");
    let items = site
        .script("return decodeURIComponent(document.querySelector('a.csv-items').href.split(',').slice(1).join(','))")
        .await;
    let items = items.as_str().unwrap();
    // Each row names the question by its title (CSV-quoted) as well as its pack and id.
    let title_of = |id: &str| {
        let q = canary["question"].as_array().unwrap().iter().find(|q| q["id"] == id).unwrap();
        csv_field(&q["title"].as_str().unwrap().replace('`', ""))
    };
    let first_row = format!("1,{},canary,cn-first-command,1,1,100.0,", title_of(QUESTIONS[0]));
    assert!(items.lines().nth(1).unwrap().starts_with(&first_row), "{first_row} in {items}");
    let second_row = format!("2,{},canary,cn-both-got-worse,1,0,0.0,", title_of(QUESTIONS[1]));
    assert!(items.lines().nth(2).unwrap().starts_with(&second_row), "{second_row} in {items}");
    // Every option's whole text is on the page (the chart may cut long labels).
    for id in QUESTIONS {
        let q = canary["question"].as_array().unwrap().iter().find(|q| q["id"] == id).unwrap();
        for option in q["option"].as_array().unwrap() {
            let text = shown(option["text"].as_str().unwrap());
            let listed = texts(&site, ".item-options li").await;
            assert!(listed.iter().any(|l| l.contains(&text)), "{text:?} not in {listed:?}");
        }
    }
    site.screenshot("session-dashboard").await;
    site.script("document.querySelector('.leaderboard').scrollIntoView()")
        .await;
    site.screenshot("session-dashboard-leaderboard").await;
    // Every option is charted, the ones nobody chose too.
    let options = |id: &str| {
        canary["question"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .unwrap()["option"]
            .as_array()
            .unwrap()
            .len()
    };
    let bars = site
        .script("return Array.from(document.querySelectorAll('.item')).map(i => i.querySelectorAll('rect.bar').length)")
        .await;
    assert_eq!(bars, serde_json::json!([options(QUESTIONS[0]), options(QUESTIONS[1])]));
    site.script("document.querySelector('.item').scrollIntoView()").await;
    site.screenshot("session-dashboard-items").await;

    // A second paste: its problem list is its own, numbered from 1, and the earlier one is gone.
    type_into(&site, "#codes", &format!("{mangled}\n{result}\n")).await;
    site.click(".load-codes").await;
    site.wait_text(".code-problems", "already loaded for").await;
    let listed = texts(&site, ".code-problems li").await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed[0].contains("code 1 ("), "{listed:?}");
    assert!(listed[1].contains("already loaded for Ada Lovelace"), "{listed:?}");
    assert_eq!(site.active_id().await, "load-note", "focus goes to what the load did");
    site.script("document.querySelector('.code-problems').scrollIntoView()").await;
    site.screenshot("session-dashboard-second-load").await;

    // The results survive a reload: the browser kept the codes.
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
    site.wait_text(".load-note", "1 result restored from this browser").await;
    site.wait_text(".leaderboard", "Ada Lovelace").await;
    assert!(site.driver.find_all(By::Css(".code-problems")).await.unwrap().is_empty(), "no stale problems");
    site.screenshot("session-dashboard-restored").await;

    // The presenter reveals the first tries of the codes loaded on the dashboard: question 1 was
    // answered right, question 2 wrong on the first try. (A fresh clock: the first one ran on.)
    site.script(&format!("localStorage.removeItem('rollback-lab.present.{}')", spec.id())).await;
    site.open(&format!("sessions/present#{code}")).await;
    site.click(".present-start").await;
    site.wait_text(".present-question .position", "Question 1 of 2").await;
    site.click(".present-next").await;
    site.wait_text(".present-answer h2", "Answer to question 1").await;
    site.click(".present-reveal").await;
    site.wait_text(".reveal", "From the 1 result code loaded").await;
    let right = texts(&site, ".reveal-counts li.right").await;
    let others = texts(&site, ".reveal-counts li:not(.right)").await;
    assert_eq!(right.len(), 1, "{right:?}");
    assert!(right[0].ends_with(": 1 first try (right)"), "{right:?}");
    assert!(!others.is_empty() && others.iter().all(|o| o.ends_with(": 0 first tries")), "{others:?}");
    site.screenshot("session-presenter-revealed").await;
    // Next at the last question: every question's time is over, the last answer shows.
    site.click(".present-next").await;
    site.wait_text(".present .lead", "Every question's time is over").await;
    site.wait_text(".present-answer h2", "Answer to question 2").await;
    assert!(site.driver.find_all(By::Css(".present-controls")).await.unwrap().is_empty(), "no controls after the end");
    site.click(".present-reveal").await;
    site.wait_text(".reveal", "From the 1 result code loaded").await;
    let right = texts(&site, ".reveal-counts li.right").await;
    let others = texts(&site, ".reveal-counts li:not(.right)").await;
    assert!(right.iter().all(|r| r.ends_with(": 0 first tries (right)")), "{right:?}");
    assert_eq!(others.iter().filter(|o| o.ends_with(": 1 first try")).count(), 1, "{others:?}");
    assert_eq!(site.active_id().await, "reveal-1");

    // "My sessions" on the builder lists it with its dashboard and presenter; delete asks first.
    site.open("sessions/new").await;
    site.wait_text(".my-sessions .stored-session", "Friday canary drill").await;
    let href = site.script("return document.querySelector('.stored-results').getAttribute('href')").await;
    assert_eq!(href.as_str().unwrap(), format!("sessions/results#{code}"));
    let href = site.script("return document.querySelector('.stored-present').getAttribute('href')").await;
    assert_eq!(href.as_str().unwrap(), format!("sessions/present#{code}"));
    site.wait_text(".my-sessions .stored-session", "1 result").await;
    site.click(".delete-session").await;
    site.wait_text(".my-sessions .stored-session", "Delete Friday canary drill and its 1 result code from this browser?").await;
    site.click(".cancel-delete").await;
    site.script("document.querySelector('.my-sessions').scrollIntoView()").await;
    site.screenshot("session-my-sessions").await;
    site.click(".delete-session").await;
    site.wait_css(".confirm-delete").await;
    site.screenshot("session-my-sessions-confirm").await;
    site.wait_for("focus on the confirmation", async || (site.active_id().await == "confirm-delete").then_some(())).await;
    site.click(".cancel-delete").await;
    site.wait_css(".delete-session").await;
    let delete_id = format!("delete-{}", spec.id());
    site.wait_for("focus back on the Delete button", async || (site.active_id().await == delete_id).then_some(())).await;
    assert_eq!(site.driver.find_all(By::Css(".stored-session")).await.unwrap().len(), 1, "Keep it keeps it");
    site.click(".delete-session").await;
    // From the keyboard: focus is on the confirmation, and Enter deletes.
    site.wait_for("focus on the confirmation", async || (site.active_id().await == "confirm-delete").then_some(())).await;
    site.driver.active_element().await.unwrap().send_keys(Key::Enter).await.unwrap();
    site.wait_text(".my-sessions .no-sessions", "No session built").await;
    site.wait_text(".my-sessions-note", "Deleted").await;
    site.wait_for("focus on the list's heading", async || (site.active_id().await == "my-sessions-title").then_some(())).await;
    let kept = site.script("return localStorage.getItem('rollback-lab.sessions')").await;
    assert!(!kept.as_str().unwrap_or_default().contains(&code), "deleted from storage too: {kept}");
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mangled_link_says_what_is_wrong() {
    let site = Site::start("dist", "", "session-mangled").await;
    let mangled = "s1.AAAAbroken";
    let expected = link::decode(mangled).expect_err("mangled").to_string();
    site.open(&format!("session#{mangled}")).await;
    site.wait_text(".link-problem", &expected).await;
    site.wait_text("h1", "cannot be opened").await;
    site.screenshot("session-mangled-link").await;
    site.quit().await;
}

/// Sets the sessions kept in the browser to `text` (as a hand edit or a broken write would) and
/// reloads the page.
async fn corrupt_store(site: &Site, text: &str) {
    site.script(&format!("localStorage.setItem('rollback-lab.sessions', {})", serde_json::to_string(text).unwrap()))
        .await;
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
}

/// What was set aside, as the page keeps it: the `data` of each entry.
async fn set_aside(site: &Site) -> Vec<String> {
    let text = site.script("return localStorage.getItem('rollback-lab.sessions.unreadable')").await;
    let list: Value = serde_json::from_str(text.as_str().expect("data set aside")).expect("a JSON list");
    list.as_array().unwrap().iter().map(|e| e["data"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_stored_sessions_are_named_set_aside_and_the_good_ones_kept() {
    let site = Site::start("dist", "", "session-store").await;
    let canary = rollback_lab::pack::from_json(
        "canary.json",
        &std::fs::read_to_string(repo().join("dist/data/packs/canary.json")).expect("built pack"),
    )
    .expect("the canary pack");
    let link_of = |title: &str, q: &str| {
        let s = rollback_lab::session::SessionSpec::from_questions(title, &[&canary], &[(PACK.to_owned(), q.to_owned())]).unwrap();
        link::encode(&s)
    };
    let monday = link_of("Monday drill", QUESTIONS[0]);
    let tuesday = link_of("Tuesday drill", QUESTIONS[1]);
    site.open("sessions/new").await;
    site.wait_css(".my-sessions .no-sessions").await;

    // Not JSON at all: named, set aside, and the list starts empty.
    corrupt_store(&site, "{\"version\": 1, \"sessions\": [").await;
    site.wait_text(".my-sessions .store-notes", "not valid JSON").await;
    site.wait_css(".my-sessions .no-sessions").await;
    assert_eq!(set_aside(&site).await, ["{\"version\": 1, \"sessions\": ["]);
    let download = site
        .script("return decodeURIComponent(document.querySelector('.store-notes a.download-aside').href.split(',').slice(1).join(','))")
        .await;
    let download: Value = serde_json::from_str(download.as_str().unwrap()).expect("the download is JSON");
    assert_eq!(download[0]["data"], "{\"version\": 1, \"sessions\": [", "the download holds the data: {download}");
    assert!(download[0]["problem"].as_str().unwrap().starts_with("$: not valid JSON"), "{download}");
    site.script("document.querySelector('.my-sessions').scrollIntoView()").await;
    site.screenshot("session-store-not-json").await;

    // A newer schema: refused with its version, set aside beside the first one.
    corrupt_store(&site, "{\"version\": 9, \"sessions\": []}").await;
    site.wait_text(".my-sessions .store-notes", "newer Rollback Lab (session store schema 9)").await;
    site.wait_text(".my-sessions .store-notes", "$.version").await;
    assert_eq!(set_aside(&site).await.len(), 2, "nothing set aside earlier is lost");

    // Bad entries among good ones: each named by its path, the good ones listed and kept.
    let text = format!(
        r#"{{"version": 1, "sessions": [
            {{"link": "{monday}", "created": 1767225600000, "codes": []}},
            {{"link": "s1.garbage", "created": 1767225600000}},
            {{"link": "{tuesday}", "created": 1767312000000, "codes": []}},
            {{"link": "{monday}", "created": "yesterday"}}
        ]}}"#
    );
    corrupt_store(&site, &text).await;
    site.wait_text(".my-sessions .store-notes", "$.sessions[1].link: not a session link").await;
    site.wait_text(".my-sessions .store-notes", "$.sessions[3].created").await;
    let listed = texts(&site, ".stored-session strong").await;
    assert_eq!(listed, ["Tuesday drill", "Monday drill"], "newest first, the good ones only");
    let aside = set_aside(&site).await;
    assert_eq!(aside.len(), 4, "{aside:?}");
    assert!(aside[2].contains("s1.garbage") && aside[3].contains("yesterday"), "{aside:?}");
    site.script("document.querySelector('.my-sessions').scrollIntoView()").await;
    site.screenshot("session-store-bad-entries").await;
    // The store now holds the good entries only, so the next visit reads it without complaint and
    // still offers what was set aside.
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
    site.wait_text(".my-sessions .aside-note", "4 pieces of saved session data").await;
    assert!(site.driver.find_all(By::Css(".store-notes")).await.unwrap().is_empty(), "reported once");
    assert_eq!(texts(&site, ".stored-session strong").await, ["Tuesday drill", "Monday drill"]);

    // The dashboard reports an unreadable store too, and the same data is not set aside twice.
    site.script("localStorage.setItem('rollback-lab.sessions', '{\"version\": 1, \"sessions\": [')").await;
    site.open(&format!("sessions/results#{tuesday}")).await;
    site.wait_text(".store-notes", "not valid JSON").await;
    assert_eq!(set_aside(&site).await.len(), 4);
    // It still works, and keeps this session again from here on.
    site.wait_css("#codes").await;
    let kept = site.script("return localStorage.getItem('rollback-lab.sessions')").await;
    assert!(kept.as_str().unwrap_or_default().contains(&tuesday), "{kept}");
    site.quit().await;
}

/// A session link for the report's two questions that starts by itself `in_ms` from now, and its
/// key in the learner's storage.
fn scheduled_link(in_ms: u64, seed: u64) -> (String, String) {
    let code = rollback_lab::cli::report::session_code(&repo().join("dist")).expect("a session link");
    let mut spec = link::decode(&code).expect("the link decodes");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
    spec.start_ms = Some(now + in_ms);
    spec.seed = seed;
    (link::encode(&spec), format!("rollback-lab.session.{}", spec.id()))
}

/// A session that starts by itself starts its run (and its first question's clock) only once the
/// run's view has downloaded: if it cannot be downloaded, the page says so when the start passes,
/// nothing has started and nothing is saved, and Start tries again. With the view here, the first
/// question appears by itself at the start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_that_starts_by_itself_waits_for_its_questions() {
    let site = Site::start("dist", "", "session-scheduled").await;
    let (code, key) = scheduled_link(6_000, 7);
    site.open(&format!("session#{code}")).await;
    site.wait_css("#learner-name").await;
    let cdp = site.driver.cdp();
    cdp.send_raw("Network.enable", serde_json::json!({})).await.expect("Network.enable");
    cdp.send_raw("Network.setBlockedURLs", serde_json::json!({ "urls": ["*_run.wasm"] })).await.expect("Network.setBlockedURLs");
    type_into(&site, "#learner-name", "Grace").await;
    site.click(".session-name button[type='submit']").await;
    // (The page counts down to the start; on a busy machine the start may pass before it is seen.)
    // The start passes without the view: said, with Start to try again; no run, nothing saved.
    site.wait_text(".start-note[role=alert]", "could not be downloaded").await;
    assert_eq!(site.script("return document.querySelectorAll('#question-title').length").await, 0);
    let saved = format!("return localStorage.getItem('{key}')");
    assert_eq!(site.script(&saved).await, serde_json::Value::Null, "no run was saved");
    site.screenshot("session-scheduled-view-failed").await;
    cdp.send_raw("Network.setBlockedURLs", serde_json::json!({ "urls": [] })).await.expect("Network.setBlockedURLs");
    site.click(".start-run").await;
    site.wait_css("#question-title").await;
    assert_ne!(site.script(&saved).await, serde_json::Value::Null, "the run is saved once started");

    // Another session's link in the same tab (only the fragment changes: no new page load) is that
    // session, from its name form. The view downloadable: the first question appears by itself.
    let (code, _) = scheduled_link(5_000, 8);
    site.open(&format!("session#{code}")).await;
    type_into(&site, "#learner-name", "Grace").await;
    site.click(".session-name button[type='submit']").await;
    site.wait_css("#question-title").await;
    site.quit().await;
}
