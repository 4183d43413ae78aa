//! End to end: the learner modes in Chromium behind nginx. A perfect Challenge earns the badge; a
//! question times out; a reload keeps the time left; a Test ends with its report; a wrong answer
//! comes back for review.
//!
//! The answers come from the pack file the site serves, matched to what the page shows by text, so
//! the shuffled order on screen does not matter. Time is controlled by editing the saved run's
//! deadline, never by waiting out a real time limit.

mod support;

use serde_json::Value;
use support::quiz::{answer, pack, question_by_title, shown, texts};
use support::Site;
use thirtyfour::prelude::*;






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
    site.wait_text(".attempts", "2 attempts left").await;
    site.screenshot("challenge-question").await;
    for i in 0..5 {
        answer(&site, &canary, true).await;
        site.wait_text(".feedback", "Right, on the first try").await;
        if i == 0 {
            site.screenshot("challenge-correct").await;
        }
        site.click(".controls .next").await;
    }
    site.wait_text(".run-report h2", "Challenge results").await;
    site.wait_text(".score-line", "100%").await;
    let badge = canary["badge"].as_str().unwrap();
    site.wait_text(".badge-moment", badge).await;
    site.wait_css(".badge-moment svg.badge-art").await;
    site.screenshot("challenge-badge").await;
    // The pack list and the pack's page show the badge and the best Challenge score.
    site.open("packs/canary").await;
    let standing = site.wait_text(".pack-progress", "badge earned").await;
    assert!(standing.to_lowercase().contains("best challenge 100%"), "{standing}");
    site.screenshot("pack-badge").await;
    site.open("packs").await;
    site.wait_text(".pack-card .pack-progress", "badge earned").await;
    site.open("badges").await;
    site.wait_text(".badge.earned", badge).await;
    site.screenshot("badges").await;
    // From the quiz build to the incident one: the incident pages load and take over in place.
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
    site.wait_text(".attempts", "Last attempt").await;
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    site.driver.refresh().await.unwrap();
    site.wait_mounted().await;
    site.wait_css("#question-title").await;
    let after = seconds_left(&site).await;
    assert!(after + 2 <= first, "the clock was reset by the reload: {first}s before, {after}s after");
    site.wait_text(".attempts", "Last attempt").await;

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
        assert!(!feedback.contains("Right") && !feedback.contains("Not right"), "a Test gave feedback: {feedback}");
        assert!(site.driver.find_all(By::Css(".option-row.wrong, .option-row.right, .step.in-place")).await.unwrap().is_empty(), "a Test marked an option");
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

/// The id of the focused element.
async fn focused(site: &Site) -> String {
    site.script("return document.activeElement ? document.activeElement.id : ''").await.as_str().unwrap_or_default().to_owned()
}

/// The titles a Challenge run of `pack` deals, answering every question right.
async fn challenge_titles(site: &Site, id: &str, pack: &Value) -> Vec<String> {
    start(site, &format!("packs/{id}/challenge")).await;
    let mut titles = Vec::new();
    for _ in 0..5 {
        titles.push(shown(&site.wait_css("#question-title").await.text().await.unwrap()));
        answer(site, pack, true).await;
        site.click(".controls .next").await;
    }
    site.wait_text(".run-report h2", "Challenge results").await;
    titles
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_teaches_focus_follows_and_the_timer_can_be_hidden() {
    let site = Site::start("dist", "", "quiz-feedback").await;
    let bg = pack("blue-green");

    // The start screen states the real rules, and offers the timer settings: hide the countdown.
    site.open("packs/blue-green/challenge").await;
    let rules = site.wait_text(".rules", "time limit").await;
    assert!(rules.contains("2 tries") && !rules.contains("¼"), "rules that two attempts cannot keep: {rules}");
    site.click(".timer-settings input[type=checkbox]").await;
    site.click(".start-run").await;
    site.wait_css("#question-title").await;
    assert_eq!(focused(&site).await, "question-title", "focus after Start");
    site.wait_css(".countdown.hidden-timer").await;
    // T says the time left, once, in the live region (not every second).
    site.driver.find(By::Css("body")).await.unwrap().send_keys("t").await.unwrap();
    site.wait_text(".question-bar [aria-live=assertive]", "left on this question").await;

    // A wrong try: the chosen option is marked wrong, with its reason from the pack; focus on the verdict.
    let title = site.wait_css("#question-title").await.text().await.unwrap();
    let q = question_by_title(&bg, &title).clone();
    answer(&site, &bg, false).await;
    site.wait_text(".verdict.bad", "Not right").await;
    assert_eq!(focused(&site).await, "question-feedback", "focus after a wrong Submit");
    if q["interaction"] != "ordering" {
        let wrong_text = site.wait_css(".option-row.wrong .option-text").await.text().await.unwrap();
        let picked = q["option"].as_array().unwrap().iter().find(|o| shown(o["text"].as_str().unwrap()) == shown(&wrong_text)).unwrap();
        let why = site.wait_css(".option-row.wrong .why").await.text().await.unwrap();
        assert_eq!(shown(&why), shown(picked["why"].as_str().unwrap()), "the reason shown is the option's own");
        assert!(site.driver.find_all(By::Css(".option-row.right")).await.unwrap().is_empty(), "the right option was revealed with an attempt left");
    } else {
        site.wait_css(".step.out-of-place").await;
    }
    site.screenshot("challenge-wrong-attempt").await;
    // The hint, offered after the miss, takes focus.
    site.click(".hint-button").await;
    site.wait_css("#question-hint").await;
    assert_eq!(focused(&site).await, "question-hint", "focus after Hint");
    // The same wrong answer again is refused with a message, not silently.
    site.click(".controls .submit").await;
    site.wait_text(".feedback .notice", "just marked wrong").await;
    // The right answer: marked right, focus on Next; Next focuses the new question.
    answer(&site, &bg, true).await;
    site.wait_text(".verdict.ok", "Right, on try 2").await;
    site.wait_css(".countdown.done").await;
    assert_eq!(focused(&site).await, "question-next", "focus after a right Submit");
    if q["interaction"] != "ordering" {
        site.wait_css(".option-row.right").await;
    }
    site.screenshot("challenge-right-answer").await;
    site.click(".controls .next").await;
    site.wait_for("focus on the next question", async || (focused(&site).await == "question-title").then_some(())).await;

    // Ending early asks first, then reports only what was seen.
    site.click(".controls .finish").await;
    site.click(".controls .finish-confirm").await;
    site.wait_text(".run-report h2", "Challenge results").await;
    let items = site.driver.find_all(By::Css(".answer-review .review-item")).await.unwrap().len();
    assert_eq!(items, 2, "the report lists exactly the questions shown");
    site.wait_text(".run-report", "3 questions were not reached").await;
    let report = site.wait_css(".run-report").await.text().await.unwrap();
    for other in bg["question"].as_array().unwrap() {
        let t = shown(other["title"].as_str().unwrap());
        if t != shown(&title) && report.contains(&t) {
            // Only the second question may appear besides the first.
            let shown_titles = texts(&site, ".answer-review h4").await;
            assert!(shown_titles.iter().any(|s| s.starts_with(&t)), "an unseen question leaked into the report: {t}");
        }
    }
    site.screenshot("challenge-report-early").await;

    // Retaking the Challenge draws other questions: the pools hold three or more per slot.
    let first = challenge_titles(&site, "canary", &pack("canary")).await;
    let second = challenge_titles(&site, "canary", &pack("canary")).await;
    assert!(first.iter().all(|t| !second.contains(t)), "a retake met the same questions: {first:?} then {second:?}");
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_early_practice_report_reveals_only_the_questions_seen() {
    let site = Site::start("dist", "", "quiz-practice-early").await;
    let canary = pack("canary");
    start(&site, "packs/canary/practice").await;
    answer(&site, &canary, true).await;
    site.click(".controls .finish").await;
    site.click(".controls .finish-confirm").await;
    site.wait_text(".run-report h2", "Practice results").await;
    assert_eq!(site.driver.find_all(By::Css(".answer-review .review-item")).await.unwrap().len(), 1);
    let report = site.wait_css(".run-report").await.text().await.unwrap();
    let leaked = canary["question"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["option"].as_array().is_some_and(|o| !o.is_empty()))
        .filter_map(|q| q["option"].as_array().unwrap().iter().find(|o| o["correct"] == true))
        .filter(|o| report.contains(&shown(o["text"].as_str().unwrap())))
        .count();
    assert!(leaked <= 1, "{leaked} right answers are in the report of a run that showed one question");
    site.wait_css(".again .practise-missed, .again .retry").await;
    site.quit().await;
}

/// The run view is a second wasm module (src/cli/split.rs): the start screen does not download it,
/// Start does, and the run starts only once it is here; a failed download says so, starts nothing,
/// and Start tries again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_run_view_downloads_on_start_and_a_run_starts_only_once_it_is_here() {
    let site = Site::start("dist", "", "quiz-split").await;
    // Downloads of the run view that arrived (a blocked request leaves an entry with no status).
    let parts = "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('_run.wasm') && e.responseStatus === 200).length;";
    site.open("packs/canary/practice").await;
    site.wait_css(".start-run").await;
    assert_eq!(site.script(parts).await, 0, "the start screen downloads no run view");
    let cdp = site.driver.cdp();
    cdp.send_raw("Network.enable", serde_json::json!({})).await.expect("Network.enable");
    cdp.send_raw("Network.setBlockedURLs", serde_json::json!({ "urls": ["*_run.wasm"] })).await.expect("Network.setBlockedURLs");
    site.click(".start-run").await;
    // The run does not start without its view (a Challenge question's clock would run unseen): the
    // start screen says why and stays, and nothing is saved.
    site.wait_text(".start-note[role=alert]", "could not be downloaded").await;
    site.wait_css(".start-run").await;
    let saved = "return Object.keys(localStorage).filter(k => k.includes('canary') && k.includes('practice')).length;";
    assert_eq!(site.script(saved).await, 0, "no run was saved");
    site.screenshot("run-download-failed").await;
    cdp.send_raw("Network.setBlockedURLs", serde_json::json!({ "urls": [] })).await.expect("Network.setBlockedURLs");
    site.click(".start-run").await;
    site.wait_css("#question-title").await;
    assert_eq!(site.script(parts).await, 1, "Start again downloads the run view");
    // The run is saved once started, and a reload resumes it (the view downloads again on its own).
    let title = site.wait_css("#question-title").await.text().await.unwrap();
    site.open("packs/canary/practice").await;
    site.wait_text("#question-title", &title).await;
    site.quit().await;
}
