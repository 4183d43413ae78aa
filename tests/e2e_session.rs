//! End to end: an instructor session in Chromium behind nginx. The instructor builds a session of
//! two questions in the builder and reads its link; a learner opens it, answers one right and one
//! wrong and copies the result code; the dashboard of the session reads that code and a mangled
//! one, and shows the leaderboard, the item analysis and the CSV. A mangled link shows the
//! decoder's message.
//!
//! The answers come from the pack file the site serves, matched to the page by text, so the
//! option order on screen does not matter.

mod support;

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
    site.script("document.querySelector('.session-created').scrollIntoView()")
        .await;
    site.screenshot("session-builder").await;

    // A learner opens the link, gives a name and answers one right and one wrong (both tries).
    site.driver.goto(&share).await.unwrap();
    site.wait_mounted().await;
    type_into(&site, "#learner-name", "Ada Lovelace").await;
    site.click(".session-name button[type='submit']").await;
    site.click(".start-run").await;
    answer(&site, &canary, true, 0).await;
    site.wait_text(".feedback", "Right, on the first try").await;
    site.click(".controls .next").await;
    site.wait_text(".position", "2").await;
    answer(&site, &canary, false, 0).await;
    site.wait_text(".feedback", "One attempt left").await;
    site.wait_css(".option-row.wrong .why").await;
    answer(&site, &canary, false, 1).await;
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
    site.click(".present-start").await;
    site.wait_text(".present-question .position", "Question 1 of 2").await;
    site.screenshot("session-presenter").await;
    // Once the first question's time is over, its answer shows under the second question: move the
    // presenter's local start back by that time instead of waiting.
    let first = canary["question"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == QUESTIONS[0])
        .unwrap();
    let shift = first["time_limit"].as_u64().unwrap() * 1000 + 2000;
    site.script(&format!(
        "const k = 'rollback-lab.present.{}'; localStorage.setItem(k, String(Number(localStorage.getItem(k)) - {shift}));",
        spec.id()
    ))
    .await;
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
    site.wait_text(".present-question .position", "Question 2 of 2").await;
    site.wait_text(".present-answer h2", "Answer to question 1").await;
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
    assert!(
        items
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("1,canary,cn-first-command,1,1,100.0,"),
        "{items}"
    );
    assert!(
        items
            .lines()
            .nth(2)
            .unwrap()
            .starts_with("2,canary,cn-both-got-worse,1,0,0.0,"),
        "{items}"
    );
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
