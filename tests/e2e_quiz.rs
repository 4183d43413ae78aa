//! End to end: the learner modes in Chromium behind nginx. A perfect Challenge earns the badge; a
//! question times out; a reload keeps the time left; a Test ends with its report; a wrong answer
//! comes back for review.
//!
//! The answers come from the pack file the site serves, matched to what the page shows by text, so
//! the shuffled order on screen does not matter. Time is controlled by editing the saved run's
//! deadline, never by waiting out a real time limit.

mod support;

use serde_json::Value;
use support::{Site, repo};
use thirtyfour::prelude::*;

/// The pack as the site serves it.
fn pack(id: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(format!("dist/data/packs/{id}.json"))).expect("built pack");
    serde_json::from_str(&text).expect("pack JSON")
}

/// Text as the page shows it: inline-code backticks are rendered, not shown.
fn shown(text: &str) -> String {
    text.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn question_by_title<'a>(pack: &'a Value, title: &str) -> &'a Value {
    pack["question"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| shown(q["title"].as_str().unwrap()) == shown(title))
        .unwrap_or_else(|| panic!("no question titled {title:?}"))
}

async fn texts(site: &Site, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in site.driver.find_all(By::Css(css)).await.unwrap() {
        out.push(shown(&el.text().await.unwrap()));
    }
    out
}

/// Answers the open question right (or wrong) and submits.
async fn answer(site: &Site, pack: &Value, right: bool) {
    let title = site.wait_css("#question-title").await.text().await.unwrap();
    let q = question_by_title(pack, &title);
    if q["interaction"] == "ordering" {
        let wanted: Vec<String> = q["steps"].as_array().unwrap().iter().map(|s| shown(s.as_str().unwrap())).collect();
        // Selection sort with the "move up" buttons, as a keyboard user would.
        for target in 0..wanted.len() {
            let now = texts(site, ".steps .step .step-text").await;
            let from = now.iter().position(|t| *t == wanted[target]).expect("step on screen");
            for pos in (target + 1..=from).rev() {
                site.click(&format!("button[aria-label='Move step {} up']", pos + 1)).await;
            }
        }
        if !right {
            site.click("button[aria-label='Move step 1 down']").await;
        }
    } else {
        let options = q["option"].as_array().unwrap();
        let on_screen = texts(site, ".options .option > span:last-child").await;
        let buttons = site.driver.find_all(By::Css(".options .option")).await.unwrap();
        let mut chose_wrong = false;
        for (i, text) in on_screen.iter().enumerate() {
            let o = options.iter().find(|o| shown(o["text"].as_str().unwrap()) == *text).expect("option on screen");
            let correct = o["correct"].as_bool().unwrap_or(false);
            let pick = if right { correct } else { !correct && !chose_wrong };
            if pick {
                chose_wrong |= !correct;
                buttons[i].click().await.unwrap();
            }
        }
    }
    site.click(".controls .submit").await;
}

async fn start(site: &Site, path: &str) {
    site.open(path).await;
    site.click(".start-run").await;
    site.wait_css("#question-title").await;
}

async fn seconds_left(site: &Site) -> u64 {
    let text = site.wait_css(".countdown").await.text().await.unwrap();
    text.split_whitespace()
        .filter_map(|w| w.split_once(':'))
        .find_map(|(m, s)| Some(m.parse::<u64>().ok()? * 60 + s.parse::<u64>().ok()?))
        .unwrap_or_else(|| panic!("no m:ss in {text:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_perfect_challenge_earns_the_badge() {
    let site = Site::start("dist", "", "quiz-challenge").await;
    let canary = pack("canary");
    start(&site, "packs/canary/challenge").await;
    site.wait_text(".attempts", "Attempts: 2 left").await;
    site.screenshot("challenge-question").await;
    for i in 0..5 {
        answer(&site, &canary, true).await;
        site.wait_text(".feedback", "Correct").await;
        if i == 0 {
            site.screenshot("challenge-correct").await;
        }
        site.click(".controls .next").await;
    }
    site.wait_text(".run-report h2", "Challenge results").await;
    site.wait_text(".score-line", "100%").await;
    let badge = canary["badge"].as_str().unwrap();
    site.wait_text(".badge-earned", badge).await;
    site.screenshot("challenge-badge").await;
    site.open("badges").await;
    site.wait_text(".badge.earned", badge).await;
    site.screenshot("badges").await;
    // From the practice build to the full one: the incident pages load and take over in place.
    site.click("nav a[href='/incidents']").await;
    site.wait_css(".incident-list").await;
    assert_eq!(site.path().await, "/incidents");
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reloading_keeps_the_time_left_and_a_deadline_times_out() {
    let site = Site::start("dist", "", "quiz-timer").await;
    start(&site, "packs/blue-green/challenge").await;
    let first = seconds_left(&site).await;
    // A wrong answer uses one attempt; it must still be used after the reload.
    answer(&site, &pack("blue-green"), false).await;
    site.wait_text(".attempts", "Attempts: 1 left").await;
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
    site.wait_css("#question-title").await;
    let after = seconds_left(&site).await;
    assert!(after + 2 <= first, "the clock was reset by the reload: {first}s before, {after}s after");
    site.wait_text(".attempts", "Attempts: 1 left").await;

    // Move the question's start back in time so that two seconds are left, as if the learner had
    // waited that long, and reload.
    // The save is edited as text: JSON.parse would round the 64-bit fingerprints.
    site.script(
        "const k = 'rollback-lab.run.blue-green.challenge'; let text = localStorage.getItem(k);
         const r = JSON.parse(text); const s = r.slots[r.current];
         const shift = s.deadline_ms - (Date.now() + 2000);
         const move = (field, v) => { text = text.replace(`\"${field}\":${v}`, `\"${field}\":${v - shift}`); };
         move('deadline_ms', s.deadline_ms); move('opened_ms', s.opened_ms); move('started_ms', r.started_ms);
         for (const t of s.tries) move('at_ms', t.at_ms);
         localStorage.setItem(k, text);",
    )
    .await;
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
    site.wait_text(".feedback", "Time is up").await;
    site.wait_css(".controls .next").await;
    site.screenshot("challenge-time-up").await;
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_ends_with_its_report_and_a_miss_comes_back_for_review() {
    let site = Site::start("dist", "", "quiz-test").await;
    let kr = pack("kubectl-rollout");
    start(&site, "packs/kubectl-rollout/test").await;
    // The first answer wrong, the rest right; a Test says nothing until the end.
    for i in 0..10 {
        answer(&site, &kr, i != 0).await;
        let feedback = site.wait_css(".feedback").await.text().await.unwrap();
        assert!(!feedback.contains("Correct") && !feedback.contains("Not"), "a Test gave feedback: {feedback}");
        site.click(".controls .next").await;
    }
    site.wait_text(".run-report h2", "Test results").await;
    let report = site.wait_text(".run-report", "By difficulty").await;
    assert!(report.contains("By kind") && report.contains("9 of 10 right"), "{report}");
    site.screenshot("test-report").await;

    // The miss is scheduled for review by its misconception; make it due now and see it come back.
    site.script(
        "const p = JSON.parse(localStorage.getItem('rollback-lab.progress'));
         for (const c of Object.values(p.review)) c.due = 0;
         localStorage.setItem('rollback-lab.progress', JSON.stringify(p));
         localStorage.setItem('rollback-lab.review-due', '[0]');",
    )
    .await;
    site.open("").await;
    site.wait_text(".due-reviews", "1 review is due").await;
    site.click(".due-reviews a").await;
    site.wait_css("#question-title").await;
    site.wait_text("h1", "Review").await;
    site.screenshot("review").await;
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_progress_is_reported_kept_for_download_and_the_app_starts_fresh() {
    let site = Site::start("dist", "", "quiz-corrupt").await;
    site.open("").await;
    site.script("localStorage.setItem('rollback-lab.progress', '{\"version\": 2, \"badges\": [oops');").await;
    site.open("badges").await;
    let notice = site.wait_text(".progress-notice", "could not be read").await;
    assert!(notice.contains("Nothing was deleted"), "{notice}");
    // The text that could not be read is offered as a download, byte for byte.
    let href = site.script("return document.querySelector('.progress-notice a[download]').href").await;
    let href = href.as_str().unwrap_or_default().to_owned();
    assert!(href.starts_with("data:text/plain"), "{href}");
    assert!(href.contains("oops"), "the download does not hold the saved text: {href}");
    // The app still works with fresh progress, and the copy survives a reload until dismissed.
    site.wait_text("h1", "Badges and progress").await;
    site.screenshot("progress-unreadable").await;
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
    site.wait_text(".progress-notice", "could not be read").await;
    site.click(".progress-notice button").await;
    let gone = site.script("return document.querySelector('.progress-notice') === null && localStorage.getItem('rollback-lab.progress.unreadable') === null").await;
    assert_eq!(gone, Value::Bool(true));

    // Phone width: a question stays usable (no sideways scrolling).
    site.driver.set_window_rect(0, 0, 390, 844).await.unwrap();
    start(&site, "packs/canary/practice").await;
    let overflow = site.script("return document.documentElement.scrollWidth > window.innerWidth").await;
    assert_eq!(overflow, Value::Bool(false), "the question scrolls sideways at phone width");
    site.screenshot("practice-phone").await;
    site.quit().await;
}
