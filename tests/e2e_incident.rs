//! End to end: the incident screens in Chromium behind nginx. One incident resolved through the
//! console and one through the buttons, both graded as passed; the run's replay link gives the same
//! score; a mangled replay link shows a message; the Sandbox injects a failure from its chaos panel.
//! Then the screen's promises: no spoiler in the event log, a briefing that can be reread and matches
//! the screen, a traffic panel that says what `traffic show` says, a confirmation before grading, a
//! layout that shows cluster, metrics and console together at 1280×900 and fits 390 px, focus in the
//! console on Start, a filterable incidents list with the right tags, and a Sandbox that starts healthy.
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

/// Clicks an element after bringing it to the middle of the window: the sticky header and session
/// bar cover the top of it.
async fn click_centered(site: &Site, css: &str) {
    site.wait_css(css).await;
    site.script(&format!("document.querySelector(\"{css}\").scrollIntoView({{block: 'center'}})")).await;
    site.click(css).await;
}

/// "I'm done", then the confirmation.
async fn finish(site: &Site) {
    site.click(".session-bar .done").await;
    site.click("#done-confirm").await;
}

/// How many times the page downloaded its build's second wasm module (src/cli/split.rs).
const PARTS: &str = "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('_run.wasm') && e.responseStatus === 200).length;";

/// Opens the incident and starts it. The briefing downloads none of the running incident (the
/// build's second wasm module); Start does.
async fn start_incident(site: &Site) {
    site.open(&format!("incidents/{SCENARIO}")).await;
    site.wait_text("#incident-title", "Checkout v2").await;
    assert_eq!(site.script(PARTS).await, 0, "the briefing downloads no running incident");
    site.click(".start-incident").await;
    site.wait_css("#console-input").await;
    assert_eq!(site.script(PARTS).await, 1, "Start downloads the running incident once");
}

/// Opens the Sandbox and starts its first strategy. Before Start the page says what the cluster is,
/// runs no clock and downloads none of the running sandbox (the build's second wasm module); Start
/// does, and puts the keyboard in the console.
async fn start_sandbox(site: &Site) {
    site.open("sandbox").await;
    let about = text_of(site, ".sandbox-briefing").await;
    assert!(about.contains("starts healthy") && about.contains("Nothing is broken yet"), "{about}");
    let running = "return document.querySelectorAll('.chaos-panel, #console-input, .sim-clock').length";
    assert_eq!(site.script(running).await, 0, "nothing runs before Start");
    assert_eq!(site.script(PARTS).await, 0, "the page before Start downloads no running sandbox");
    site.click(".start-sandbox").await;
    site.wait_css(".chaos-panel").await;
    assert_eq!(site.script(PARTS).await, 1, "Start downloads the running sandbox once");
    let focused = site.script("return document.activeElement && document.activeElement.id").await;
    assert_eq!(focused.as_str(), Some("console-input"), "the keyboard is in the console after Start");
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

    finish(&site).await;
    site.wait_text(".grade-score", "Passed").await;
    let live = score(&site).await;
    site.wait_css(".timeline-chart svg").await;
    site.wait_text(".grade-report", "Debrief").await;
    // Each sub-score says why it is what it is (the grader's own reasons, not a fixed caption).
    site.wait_text(".subscores", "required steps done in order").await;
    site.wait_text(".subscores", "within the target").await;
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
    click_centered(&site, "button.move[data-command='kubectl get pods']").await;
    site.wait_text(".console-log", "0/1").await;
    click_centered(&site, "button.move[data-command='kubectl rollout undo deployment/checkout']").await;
    site.wait_text(".console-log", "rolled back").await;
    click_centered(&site, "button.move[data-command='kubectl rollout status deployment/checkout']").await;
    let message = site.wait_css("#notify-message").await;
    message.send_keys("checkout rolled back to v1").await.unwrap();
    click_centered(&site, ".notify-form .notify").await;
    site.wait_text(".console-log", "Message sent").await;
    finish(&site).await;
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
    site.wait_css(".start-sandbox").await;
    site.screenshot("sandbox-before-start").await;
    start_sandbox(&site).await;
    site.click(".chaos-panel .inject").await;
    site.wait_text(".console-log", "Injected crash-loop").await;
    type_command(&site, "kubectl get pods").await;
    site.wait_for("the sandbox clock to run", async || (sim_seconds(&site).await >= 1).then_some(())).await;
    site.script("window.scrollTo(0, 0)").await;
    site.screenshot("sandbox").await;
    site.quit().await;
}

const CANARY: &str = "canary-abort-errors";

/// Opens an incident, starts it and pauses the clock at once.
async fn start_paused(site: &Site, id: &str) {
    site.open(&format!("incidents/{id}")).await;
    site.click(".start-incident").await;
    site.click("button[aria-label='Pause']").await;
}

/// The text of the newest console output.
async fn last_output(site: &Site) -> String {
    site.script("const o = document.querySelectorAll('.console-output'); return o.length ? o[o.length - 1].textContent : ''")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn text_of(site: &Site, css: &str) -> String {
    site.wait_css(css).await.text().await.unwrap_or_default()
}

/// Where each Service points, as the traffic panel says it: `service/NAME → TARGET (role)`, with
/// TARGET a version, `all app pods` or `nothing`.
async fn panel_services(site: &Site) -> Vec<(String, String)> {
    let v = site.script("return [...document.querySelectorAll('.traffic-split .service')].map(e => e.textContent.trim())").await;
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| {
            let (name, rest) = t.as_str()?.strip_prefix("service/")?.split_once(" → ")?;
            Some((name.to_owned(), rest.rsplit_once(" (")?.0.to_owned()))
        })
        .collect()
}

/// Where each Service points, as `traffic show` says it (`NAME  RS (version V) | version V | all app
/// pods | nothing  yes|no`; columns are two or more spaces apart), in the panel's terms.
async fn console_services(site: &Site) -> Vec<(String, String)> {
    type_command(site, "traffic show").await;
    let out = last_output(site).await;
    out.lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let cols: Vec<&str> = l.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
            let (name, to) = (cols.first()?, cols.get(1)?);
            let target = match to.split_once("(version ") {
                Some((_, v)) => v.trim_end_matches(')').to_owned(),
                None => to.strip_prefix("version ").unwrap_or(to).to_owned(),
            };
            Some(((*name).to_owned(), target))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_log_never_names_the_injected_cause_while_the_run_is_live() {
    let site = Site::start("dist", "", "incident-spoiler").await;
    start_paused(&site, CANARY).await;
    // The failure is part of the scenario from 0:00; a minute later the canary is failing.
    type_command(&site, "wait 1m").await;
    site.wait_text(".event-log", "RolloutPaused").await;
    let log = text_of(&site, ".event-log").await;
    for spoiler in ["FailureStarted", "errors-under-load", "failure/", "chaos"] {
        assert!(!log.contains(spoiler), "the event log gives the cause away ({spoiler}):\n{log}");
    }
    // Kubernetes, Argo and the learner's own actions are there.
    assert!(log.contains("ScalingReplicaSet") && log.contains("Command"), "{log}");
    // The debrief after grading may name the cause.
    finish(&site).await;
    site.wait_css(".grade-score").await;
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_briefing_matches_the_screen_can_be_reread_and_the_console_has_focus() {
    let site = Site::start("dist", "", "incident-briefing").await;
    site.open(&format!("incidents/{CANARY}")).await;
    let briefing = text_of(&site, ".briefing").await;
    assert!(briefing.contains("20% of traffic"), "{briefing}");
    site.screenshot("incident-briefing").await;
    site.click(".start-incident").await;
    site.wait_css("#console-input").await;
    // Focus is in the console, ready to type.
    site.wait_for("focus in the console", async || (site.active_id().await == "console-input").then_some(())).await;
    site.click("button[aria-label='Pause']").await;
    // In the first seconds the screen shows what the briefing describes: the canary at 20%.
    assert!(sim_seconds(&site).await < 60, "the learner takes over at the moment the briefing describes, not later");
    let traffic = text_of(&site, ".traffic-split").await;
    assert!(traffic.contains("v7 20% of requests") && traffic.contains("v6 80% of requests"), "{traffic}");
    site.wait_text(".cluster-view .workload", "canary weight 20%").await;
    // The briefing is still there, closed, and opens from the keyboard.
    let summary = site.wait_css(".briefing-again summary").await;
    assert_eq!(site.script("return document.querySelector('.briefing-again').open").await, serde_json::json!(false));
    summary.send_keys(Key::Enter).await.unwrap();
    site.wait_for("the briefing to open", async || {
        (site.script("return document.querySelector('.briefing-again').open").await == serde_json::json!(true)).then_some(())
    })
    .await;
    site.wait_text(".briefing-again", "20% of traffic").await;
    site.screenshot("incident-briefing-reread").await;
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_traffic_panel_and_traffic_show_agree_on_every_service() {
    let site = Site::start("dist", "", "incident-traffic").await;
    // A Deployment's one Service selects every app pod.
    start_paused(&site, SCENARIO).await;
    let (console, panel) = (console_services(&site).await, panel_services(&site).await);
    assert_eq!(console, [("checkout".to_owned(), "all app pods".to_owned())]);
    assert_eq!(panel, console);
    // A canary's two Services, before and after the abort and the undo.
    start_paused(&site, CANARY).await;
    for step in ["", "kubectl argo rollouts abort cart", "kubectl argo rollouts undo cart"] {
        if !step.is_empty() {
            type_command(&site, step).await;
            type_command(&site, "wait 20s").await;
        }
        let console = console_services(&site).await;
        let panel = panel_services(&site).await;
        assert_eq!(console.len(), 2, "after {step:?}: {}", last_output(&site).await);
        assert_eq!(panel, console, "after {step:?}: the panel and `traffic show` disagree");
        // And on the canary weight (shown while a canary is in progress).
        let out = last_output(&site).await;
        let weight = out.lines().find(|l| l.starts_with("canary weight:")).map(|l| l.trim().to_owned());
        let panel_weight = site.script("const w = document.querySelector('.canary-weight'); return w ? w.textContent.trim() : null").await;
        assert!(!step.is_empty() || panel_weight.is_string(), "the canary's weight is on the panel: {panel_weight}");
        if let Some(shown) = panel_weight.as_str() {
            assert_eq!(Some(shown.to_owned()), weight, "after {step:?}");
        }
    }
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn i_am_done_asks_first_and_focus_follows() {
    let site = Site::start("dist", "", "incident-confirm").await;
    start_paused(&site, SCENARIO).await;
    site.click(".session-bar .done").await;
    site.wait_text(".done-confirm", "Finish and get graded?").await;
    site.wait_for("focus on the confirm button", async || (site.active_id().await == "done-confirm").then_some(())).await;
    site.screenshot("incident-confirm").await;
    // Escape cancels and gives focus back to "I'm done".
    site.wait_css("#done-confirm").await.send_keys(Key::Escape).await.unwrap();
    site.wait_for("focus back on I'm done", async || (site.active_id().await == "done").then_some(())).await;
    assert!(site.driver.find(By::Css(".grade-score")).await.is_err(), "nothing was graded");
    // So does "Keep going".
    site.click(".session-bar .done").await;
    site.click(".done-cancel").await;
    site.wait_for("focus back on I'm done", async || (site.active_id().await == "done").then_some(())).await;
    // Confirming grades.
    finish(&site).await;
    site.wait_css(".grade-score").await;
    site.quit().await;
}

/// The element's rectangle in the viewport: [top, bottom, left, right].
async fn rect(site: &Site, css: &str) -> Vec<f64> {
    site.wait_css(css).await;
    let v = site.script(&format!("const r = document.querySelector(\"{css}\").getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right]")).await;
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_f64()).collect()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cluster_metrics_and_console_fit_1280x900_and_the_page_fits_390() {
    let site = Site::start("dist", "", "incident-layout").await;
    let (w, h) = site.set_viewport(1280, 900).await;
    assert_eq!((w, h), (1280, 900));
    start_paused(&site, SCENARIO).await;
    type_command(&site, "kubectl get pods -o wide").await;
    type_command(&site, "kubectl get events").await;
    site.script("window.scrollTo(0, 0)").await;
    for css in [".panel-cluster", ".panel-charts .chart svg", ".console-log", "#console-input"] {
        let r = rect(&site, css).await;
        println!("1280×900: {css} top {:.0} bottom {:.0} left {:.0} right {:.0}", r[0], r[1], r[2], r[3]);
        assert!(r.len() == 4 && r[0] >= 0.0 && r[1] <= f64::from(h) && r[2] >= 0.0 && r[3] <= f64::from(w), "{css} is not wholly in the 1280×900 viewport: {r:?}");
    }
    // Long output wraps: the console never scrolls sideways.
    let log = site.script("const l = document.querySelector('.console-log'); return [l.scrollWidth, l.clientWidth]").await;
    assert!(log[0].as_f64() <= log[1].as_f64(), "the console scrolls sideways: {log}");
    site.screenshot("incident-layout-1280").await;

    site.set_viewport(390, 844).await;
    site.script("window.scrollTo(0, 0)").await;
    let page = site.script("return [document.documentElement.scrollWidth, window.innerWidth]").await;
    assert!(page[0].as_f64() <= page[1].as_f64(), "a horizontal scrollbar at 390 px: {page}");
    let log = site.script("const l = document.querySelector('.console-log'); return [l.scrollWidth, l.clientWidth]").await;
    assert!(log[0].as_f64() <= log[1].as_f64(), "the console scrolls sideways at 390 px: {log}");
    // Stacked: the console is below the cluster and as wide as it.
    let (cluster, console) = (rect(&site, ".panel-cluster").await, rect(&site, ".panel-console").await);
    assert!(console[0] > cluster[1] && (console[3] - console[2] - (cluster[3] - cluster[2])).abs() < 2.0, "{cluster:?} {console:?}");
    site.screenshot("incident-layout-390").await;
    site.script("document.querySelector('.panel-console').scrollIntoView()").await;
    site.screenshot("incident-layout-390-console").await;
    // The incidents list and the Sandbox fit too.
    for (path, ready) in [("incidents", ".incident-card"), ("sandbox", ".start-sandbox"), ("sandbox", ".chaos-panel")] {
        if ready == ".chaos-panel" {
            site.click(".start-sandbox").await;
        } else {
            site.open(path).await;
        }
        site.wait_css(ready).await;
        let page = site.script("return [document.documentElement.scrollWidth, window.innerWidth]").await;
        assert!(page[0].as_f64() <= page[1].as_f64(), "/{path}: a horizontal scrollbar at 390 px: {page}");
    }
    // At desktop widths the incident cards are narrow (several to a row): their tags and difficulty
    // wrap inside the card, and nothing makes the page scroll sideways.
    for width in [1280, 1024, 768] {
        site.set_viewport(width, 900).await;
        site.open("incidents").await;
        site.wait_css(".incident-card").await;
        let out = site
            .script(
                "return [...document.querySelectorAll('.incident-card')].flatMap(c => { const r = c.getBoundingClientRect(); \
                 return [...c.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > r.right + 1) \
                 .map(e => c.dataset.id + ': ' + e.textContent); })",
            )
            .await;
        assert_eq!(out, serde_json::json!([]), "at {width} px, these stick out of their incident card");
        let page = site.script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]").await;
        assert!(page[0].as_f64() <= page[1].as_f64(), "/incidents: a horizontal scrollbar at {width} px: {page}");
    }
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_incidents_list_filters_sorts_and_tags_what_each_incident_exercises() {
    let site = Site::start("dist", "", "incident-list").await;
    site.open("incidents").await;
    site.wait_css(".incident-list .incident-card").await;
    let cards = async || site.script("return [...document.querySelectorAll('.incident-card')].map(c => c.dataset.id)").await;
    let all = cards().await.as_array().cloned().unwrap_or_default();
    assert!(all.len() >= 16, "{all:?}");
    // Easiest first; every card has a one-line summary.
    let levels = site.script("return [...document.querySelectorAll('.incident-card .pill.level')].map(p => p.textContent)").await;
    let rank = |l: &str| ["easy", "medium", "hard", "expert"].iter().position(|x| *x == l).unwrap_or(9);
    let ranks: Vec<usize> = levels.as_array().unwrap().iter().map(|l| rank(l.as_str().unwrap_or(""))).collect();
    assert!(ranks.windows(2).all(|p| p[0] <= p[1]), "not sorted by difficulty: {levels}");
    let summaries = site.script("return document.querySelectorAll('.incident-card .summary').length").await;
    assert_eq!(summaries.as_u64(), Some(all.len() as u64));
    // The model incident is tagged by what it exercises, not "rolling".
    let tags = text_of(&site, ".incident-card[data-id='model-alias-reload'] .meta").await;
    assert!(tags.contains("model-registry") && !tags.contains("rolling"), "{tags}");
    // Typing narrows the list.
    site.wait_css("#incident-filter").await.send_keys("fraud").await.unwrap();
    site.wait_for("the filter to narrow the list", async || {
        let ids = cards().await;
        (ids.as_array()?.len() < all.len()).then_some(())
    })
    .await;
    let ids = cards().await;
    assert_eq!(ids, serde_json::json!(["model-alias-reload"]));
    site.wait_text("#incident-count", "1 of").await;
    // A tag chip narrows it too.
    site.wait_css("#incident-filter").await.clear().await.unwrap();
    site.script("document.getElementById('incident-filter').dispatchEvent(new InputEvent('input', {bubbles: true}))").await;
    site.click(".chips .chip[aria-pressed='false']:last-child").await;
    let chosen = text_of(&site, ".chips .chip[aria-pressed='true']").await;
    let shown = site.script("return [...document.querySelectorAll('.incident-card .meta')].map(m => m.textContent)").await;
    let shown = shown.as_array().unwrap();
    assert!(!shown.is_empty() && shown.len() < all.len() && shown.iter().all(|m| m.as_str().unwrap().contains(&chosen)), "{chosen}: {shown:?}");
    site.screenshot("incident-list-filtered").await;
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_starts_healthy_explains_itself_and_a_down_node_is_not_ready() {
    let site = Site::start("dist", "", "incident-sandbox-healthy").await;
    start_sandbox(&site).await;
    let options = site.script("return [...document.querySelectorAll('#sandbox-strategy option')].map(o => o.value)").await;
    let options: Vec<String> = options.as_array().unwrap().iter().filter_map(|o| o.as_str().map(str::to_owned)).collect();
    assert!(options.len() >= 5, "{options:?}");
    for id in &options {
        // Another strategy stops the running cluster and says what the new one is, until Start.
        site.script(&format!("const s = document.getElementById('sandbox-strategy'); s.value = '{id}'; s.dispatchEvent(new Event('change', {{bubbles: true}}))")).await;
        site.wait_for("the strategy's briefing", async || site.driver.find(By::Css(".start-sandbox")).await.ok().map(|_| ())).await;
        assert_eq!(site.script("return document.querySelectorAll('.chaos-panel, #console-input').length").await, 0, "{id}");
        let about = text_of(&site, ".sandbox-briefing").await;
        assert!(about.contains("starts healthy") && about.contains("Nothing is broken yet"), "{id}: {about}");
        site.click(".start-sandbox").await;
        site.wait_css(".chaos-panel").await;
        // Above the running cluster, the same text, folded.
        let about = text_of(&site, ".sandbox-about").await;
        site.script("document.querySelector('.sandbox-about summary').scrollIntoView({block: 'center'})").await;
        site.click(".sandbox-about summary").await;
        let about_open = text_of(&site, ".sandbox-about").await;
        assert!(about.contains("About this sandbox") && !about.contains("starts healthy") && about_open.contains("Nothing is broken yet"), "{id}: {about_open}");
        // Ten simulated minutes with nobody touching anything: no failure, no alert, every pod serving.
        site.click("button[aria-label='Pause']").await;
        type_command(&site, "wait 9m").await;
        site.wait_text(".panel-traffic", "No alerts are firing").await;
        let bad = site.script("return document.querySelectorAll('.pod.bad, .pod.wait').length").await;
        assert_eq!(bad.as_u64(), Some(0), "{id}: pods are failing without a failure injected");
        assert!(!text_of(&site, ".event-log").await.contains("FailureStarted"), "{id}: a scripted failure ran");
    }
    // A node failure from the chaos panel: its pods are not shown as serving.
    site.script("const s = document.getElementById('chaos-kind'); s.value = 'node-failure'; s.dispatchEvent(new Event('change', {bubbles: true}))").await;
    site.wait_css("#chaos-node").await;
    site.click(".chaos-panel .inject").await;
    site.wait_text(".console-log", "Injected node-failure").await;
    // The clock is paused: let five simulated seconds pass (less than the 40 s after which the
    // node controller marks the pods NotReady: they still say Running 1/1 in the simulator).
    type_command(&site, "wait 5s").await;
    site.wait_css(".node.down").await;
    let (down, ok) = (
        site.script("return document.querySelectorAll('.node.down .pod:not(.empty)').length").await,
        site.script("return document.querySelectorAll('.node.down .pod.ok').length").await,
    );
    assert!(down.as_u64() > Some(0) && ok.as_u64() == Some(0), "pods on the NotReady node: {down}, shown serving: {ok}");
    site.wait_text(".node.down", "not ready").await;
    site.script("document.querySelector('.node.down').scrollIntoView({block: 'center'})").await;
    site.screenshot("sandbox-node-down").await;
    // Start over: the same strategy, a fresh cluster from 0:00 (the part is not downloaded again).
    type_command(&site, "wait 2m").await;
    site.script("window.scrollTo(0, 0)").await;
    site.click(".start-over").await;
    site.wait_for("a fresh cluster", async || {
        let log = site.driver.find(By::Css(".console-log")).await.ok()?.text().await.ok()?;
        (!log.contains("wait 2m") && !log.contains("Injected")).then_some(())
    })
    .await;
    assert!(sim_seconds(&site).await < 60, "a fresh cluster starts at 0:00");
    assert_eq!(site.script("return document.querySelectorAll('.node.down').length").await, 0);
    assert_eq!(site.script(PARTS).await, 1);
    site.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cluster_view_shows_the_disruption_budget_and_a_cordoned_node() {
    let site = Site::start("dist", "", "incident-pdb").await;
    site.open("incidents").await;
    let tags = text_of(&site, ".incident-card[data-id='drain-blocked-pdb'] .meta").await;
    assert!(tags.contains("disruption-budget") && !tags.contains("rolling"), "a drain is not a rolling update: {tags}");
    start_paused(&site, "drain-blocked-pdb").await;
    let pdb = site.wait_text(".cluster-view .pdb", "0 evictions allowed").await;
    assert!(pdb.contains("payments") && pdb.contains("min available 4") && pdb.contains("4 healthy"), "{pdb}");
    let cordoned = async || site.script("return document.querySelectorAll('.node.cordoned').length").await.as_u64();
    assert_eq!(cordoned().await, Some(0));
    let pods_on_node2 = async || {
        site.script("return [...document.querySelectorAll('.node')].filter(n => n.querySelector('.node-name').textContent.startsWith('node-2')).map(n => n.querySelectorAll('.pod:not(.empty)').length)[0]").await.as_u64()
    };
    let before = pods_on_node2().await;
    type_command(&site, "kubectl cordon node-2").await;
    let name = site.wait_text(".node.cordoned .node-name", "node-2").await;
    assert!(name.contains("SchedulingDisabled"), "{name}");
    assert_eq!(cordoned().await, Some(1));
    // A fifth replica gives the budget room; it is placed on a node that takes pods.
    type_command(&site, "kubectl scale deployment/payments --replicas=5").await;
    type_command(&site, "wait 1m").await;
    let pdb = site.wait_text(".cluster-view .pdb", "1 eviction allowed").await;
    assert!(pdb.contains("5 healthy"), "{pdb}");
    assert_eq!(pods_on_node2().await, before, "the new pod went to the cordoned node");
    site.script("document.querySelector('.cluster-view').scrollIntoView({block: 'center'})").await;
    site.screenshot("incident-pdb-cordoned").await;
    site.quit().await;
}

/// Every graded scenario hands over no later than its reference response's first action, so the
/// browser's start never hides a moment the reference uses.
#[test]
fn every_scenario_starts_before_its_reference_acts_and_has_a_summary() {
    let dir = support::repo().join("static/scenarios");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let sc = rollback_lab::sim::Scenario::from_toml(&text).unwrap();
        assert!(!sc.summary.is_empty(), "{}: no summary", sc.id);
        if let Some(w) = &sc.workflow {
            let script = rollback_lab::incident::Script::parse(&w.reference_script).unwrap();
            let first = script.actions.first().map_or(u32::MAX, |a| a.at);
            assert!(sc.starts_at.0 < first, "{}: starts at {} s, after the reference's first action at {first} s", sc.id, sc.starts_at.0);
            // At 0:00 only when the briefing itself hands the problem over (a planned task such as a
            // drain, `known_from`), and then no later than that moment.
            match w.known_from {
                Some(known) => assert!(sc.starts_at.0 <= known.0, "{}: starts after its briefing hands the problem over", sc.id),
                None => assert!(sc.starts_at.0 > 0, "{}: a graded scenario starts where its briefing does", sc.id),
            }
        } else {
            assert_eq!(sc.starts_at.0, 0, "{}: a sandbox starts at 0:00", sc.id);
            assert!(sc.failures.is_empty(), "{}: a sandbox starts healthy; only the chaos panel injects failures", sc.id);
            assert!(sc.briefing.contains("Nothing is broken yet"), "{}: the About panel says what the sandbox is", sc.id);
        }
        seen += 1;
    }
    assert!(seen >= 21, "{seen}");
}
