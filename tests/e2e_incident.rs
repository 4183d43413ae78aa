//! End to end: the incident screens in Chromium behind nginx. One incident resolved through the
//! console and one through the buttons, both graded as passed; the run's replay link gives the same
//! score; a mangled replay link shows a message; the Sandbox injects a failure from its chaos panel.
//!
//! Simulated time is moved with the console's `wait` or the 16× speed, never by waiting out real minutes.

mod support;

use support::Site;
use thirtyfour::prelude::*;

const SCENARIO: &str = "rolling-crashloop";

/// The simulated clock on screen, in seconds.
async fn sim_seconds(site: &Site) -> u32 {
    let text = site.wait_css(".sim-clock").await.text().await.unwrap();
    let first = text.split_whitespace().next().unwrap_or_default();
    let mut parts = first.split(':').map(|p| p.parse::<u32>().unwrap_or(0));
    let (m, s) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    m * 60 + s
}

async fn type_command(site: &Site, line: &str) {
    let input = site.wait_css("#console-input").await;
    input.send_keys(line.to_owned() + Key::Enter).await.unwrap();
    site.wait_text(".console-log", line).await;
}

async fn score(site: &Site) -> String {
    let text = site.wait_text(".grade-score", "/100").await;
    text.split('/').next().unwrap_or_default().trim().to_owned()
}

async fn start_incident(site: &Site) {
    site.open(&format!("incidents/{SCENARIO}")).await;
    site.wait_text("#incident-title", "Checkout v2").await;
    site.click(".start-incident").await;
    site.wait_css("#console-input").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incident_resolved_through_the_console_passes_and_its_replay_gives_the_same_score() {
    let site = Site::start("dist", "", "incident-console").await;
    site.open("incidents").await;
    site.wait_text(".incident-list", "Checkout v2 will not start").await;
    site.screenshot("incident-list").await;
    start_incident(&site).await;

    // Let the release go wrong: one simulated minute.
    type_command(&site, "wait 1m").await;
    assert!(sim_seconds(&site).await >= 60);
    type_command(&site, "kubectl get pods").await;
    // The v2 pods crash-loop: never ready. (Their STATUS alternates between Running and
    // CrashLoopBackOff from second to second, so READY is what a test can rely on.)
    site.wait_text(".console-log", "0/1").await;

    // Tab completes the verb; the arrow keys bring back earlier lines.
    let input = site.wait_css("#console-input").await;
    input.send_keys("kubectl rollout und" + Key::Tab).await.unwrap();
    site.wait_for("Tab completion", async || {
        let v = input.prop("value").await.ok()??;
        (v == "kubectl rollout undo ").then_some(())
    })
    .await;
    input.send_keys("deployment/checkout" + Key::Enter).await.unwrap();
    site.wait_text(".console-log", "rolled back").await;
    input.send_keys(Key::Up).await.unwrap();
    site.wait_for("history on ArrowUp", async || {
        let v = input.prop("value").await.ok()??;
        (v == "kubectl rollout undo deployment/checkout").then_some(())
    })
    .await;
    // Down past the newest line gives an empty line again.
    input.send_keys(Key::Down).await.unwrap();
    site.wait_for("an empty line on ArrowDown", async || {
        let v = input.prop("value").await.ok()??;
        v.is_empty().then_some(())
    })
    .await;
    type_command(&site, "kubectl rollout status deployment/checkout").await;
    site.click("button[aria-label='Pause']").await;
    site.script("window.scrollTo(0, 0)").await;
    site.screenshot("incident-page").await;
    site.click(".theme-toggle").await;
    site.script("window.scrollTo(0, 0)").await;
    site.screenshot("incident-page-dark").await;
    site.click(".theme-toggle").await;

    site.click(".session-bar .done").await;
    site.wait_text(".grade-score", "Passed").await;
    let live = score(&site).await;
    site.wait_css(".timeline-chart svg").await;
    site.wait_text(".grade-report", "Debrief").await;
    site.screenshot("incident-report").await;
    site.script("document.querySelector('.timeline-chart').scrollIntoView()").await;
    site.screenshot("incident-report-timeline").await;

    // The best grade shows in the list.
    let href = site.wait_css(".replay-link").await.attr("href").await.unwrap().expect("replay href");
    site.open("incidents").await;
    site.wait_text(".incident-list", &format!("Best grade: {live}/100")).await;

    // The replay link reproduces the run and its report.
    site.open(&href).await;
    site.wait_css(".replay-note").await;
    site.wait_text(".grade-score", "Passed").await;
    assert_eq!(score(&site).await, live, "the replay gives the same score");
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incident_resolved_through_the_buttons_passes() {
    let site = Site::start("dist", "", "incident-buttons").await;
    start_incident(&site).await;
    site.click("button[aria-label='16× (sixteen times faster)']").await;
    site.wait_for("a simulated minute", async || (sim_seconds(&site).await >= 60).then_some(())).await;
    site.click("button[aria-label='Pause']").await;
    site.click("button.move[data-command='kubectl get pods']").await;
    site.wait_text(".console-log", "0/1").await;
    site.click("button.move[data-command='kubectl rollout undo deployment/checkout']").await;
    site.wait_text(".console-log", "rolled back").await;
    site.click("button.move[data-command='kubectl rollout status deployment/checkout']").await;
    let message = site.wait_css("#notify-message").await;
    message.send_keys("checkout rolled back to v1").await.unwrap();
    site.click(".notify-form .notify").await;
    site.wait_text(".console-log", "Message sent").await;
    site.click(".session-bar .done").await;
    site.wait_text(".grade-score", "Passed").await;
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mangled_replay_link_shows_a_message() {
    let site = Site::start("dist", "", "incident-mangled").await;
    for code in ["garbage", "cjEgNQ.00000000", "%%%"] {
        site.open(&format!("incidents/{SCENARIO}?replay={code}")).await;
        site.wait_text(".bad-replay", "This replay link cannot be replayed").await;
    }
    site.screenshot("incident-bad-replay").await;
    site.click(".bad-replay .button").await;
    site.wait_css(".start-incident").await;
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_injects_a_failure_from_the_chaos_panel() {
    let site = Site::start("dist", "", "incident-sandbox").await;
    site.open("sandbox").await;
    site.wait_css("#sandbox-strategy").await;
    site.wait_css(".chaos-panel").await;
    site.click(".chaos-panel .inject").await;
    site.wait_text(".console-log", "Injected crash-loop").await;
    type_command(&site, "kubectl get pods").await;
    site.wait_for("the sandbox clock to run", async || (sim_seconds(&site).await >= 1).then_some(())).await;
    site.script("window.scrollTo(0, 0)").await;
    site.screenshot("sandbox").await;
    site.quit().await;
}
