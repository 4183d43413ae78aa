//! End to end: axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation (with `target-size` on) on
//! any route of the site or in the key states of its learner modes, incidents and sessions, in the
//! light and the dark theme, at desktop width and, for the main pages and states, at phone width
//! (390 px). See tests/support/axe.rs for the rules and how axe gets into the page.
//!
//! One browser walks every page; each finding is collected with the page and state it was found
//! in, and the test fails at the end with the whole list, so one run shows everything to fix.

mod support;

use support::quiz::{answer, pack};
use support::Site;
use thirtyfour::prelude::*;

const SCENARIO: &str = "rolling-crashloop";
const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (390, 844);





/// The pages of the site, each with what shows that it has finished loading, and whether it is
/// also checked at phone width.
const ROUTES: &[(&str, &str, bool)] = &[
    ("", "#home-title", true),
    ("packs", ".pack-card", true),
    ("packs/canary", ".pack-facts", true),
    ("learn/canary", ".concept-cards", true),
    ("packs/canary/practice", ".start-run", true),
    ("packs/canary/challenge", ".start-run", false),
    ("packs/import", ".import form", false),
    ("incidents", ".incident-list", true),
    ("incidents/rolling-crashloop", ".start-incident", true),
    ("sandbox", ".start-sandbox", true),
    ("review", ".page.quiz .notice", false),
    ("badges", ".badges .badge", false),
    ("sessions/new", "#session-title", false),
    ("sessions/results", "main h1", false),
    ("session", "main h1", false),
    ("sessions/present", "main h1", false),
    ("help", "#help-title", false),
    ("no/such/page", "#nf-title", false),
];

/// The browser, and what the checks found so far.
struct Audit {
    site: Site,
    width: u32,
    checked: usize,
    findings: Vec<String>,
}

impl Audit {
    async fn theme(&self) -> String {
        self.site.script("return document.documentElement.dataset.theme || ''").await.as_str().unwrap_or_default().to_owned()
    }

    /// Runs axe on the page as it is now and notes what it finds under `state`.
    async fn check(&mut self, state: &str) {
        let theme = self.theme().await;
        let found = self.site.axe_violations().await;
        self.checked += 1;
        let label = format!("{state} [{theme}, {}px]", self.width);
        eprintln!("a11y: {label}: {} violation(s)", found.len());
        for f in &found {
            eprintln!("    {f}");
        }
        if !found.is_empty() {
            let name: String =
                format!("a11y-{state}-{theme}-{}", self.width).chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
            self.site.screenshot(&name).await;
        }
        self.findings.extend(found.into_iter().map(|f| format!("{label}: {f}")));
    }

    /// Checks the page in the theme it shows, switches the theme with the header's toggle, checks
    /// again and switches back.
    async fn check_both_themes(&mut self, state: &str) {
        self.check(state).await;
        let before = self.theme().await;
        self.site.click(".theme-toggle").await;
        self.site
            .wait_for("the theme to switch", async || (self.theme().await != before).then_some(()))
            .await;
        self.check(state).await;
        self.site.click(".theme-toggle").await;
        self.site
            .wait_for("the theme to switch back", async || (self.theme().await == before).then_some(()))
            .await;
    }

    async fn resize(&mut self, (w, h): (u32, u32)) {
        self.site.driver.set_window_rect(0, 0, w, h).await.unwrap();
        self.width = self.site.script("return window.innerWidth").await.as_u64().unwrap_or(w as u64) as u32;
    }

    /// Every route (at phone width, the main ones).
    async fn routes(&mut self, phone: bool) {
        for (path, ready, on_phone) in ROUTES {
            if phone && !on_phone {
                continue;
            }
            self.site.open(path).await;
            self.site.wait_css(ready).await;
            self.check_both_themes(&format!("/{path}")).await;
        }
    }

    /// A pack that cannot be imported: the list of its problems.
    async fn import_problems(&mut self) {
        self.site.open("packs/import").await;
        let text = self.site.wait_css("#import-text").await;
        text.send_keys("{\"id\": \"broken\"}").await.unwrap();
        self.site.click(".import button[type='submit']").await;
        self.site.wait_css(".import .notice.error .problems").await;
        self.check_both_themes("pack import, problems listed").await;
    }

    /// A Moodle XML bank imported: the report of what was read, left out, refused and filled in,
    /// and the imported pack's page with its "Imported from" note.
    async fn import_bank(&mut self) {
        self.site.open("packs/import").await;
        self.site.wait_css("#import-text").await;
        let bank = std::fs::read_to_string(support::repo().join("tests/fixtures/lms/bank.moodle.xml")).unwrap();
        self.site
            .script(&format!(
                "const t = document.getElementById('import-text'); t.value = {}; t.dispatchEvent(new InputEvent('input', {{bubbles: true}}));",
                serde_json::to_string(&bank).unwrap()
            ))
            .await;
        self.site.click(".import button[type='submit']").await;
        self.site.wait_css(".import-report .filled").await;
        self.check_both_themes("pack import, a Moodle XML bank read").await;
        self.site.open("packs/release-safety").await;
        self.site.wait_css(".imported-from").await;
        self.check_both_themes("an imported bank's pack page").await;
    }

    /// Practice: a question unanswered, its solution shown, the report of a run ended early.
    async fn practice(&mut self) {
        self.site.open("packs/canary/practice").await;
        self.site.click(".start-run").await;
        self.site.wait_css("#question-title").await;
        self.check_both_themes("practice question, unanswered").await;
        answer(&self.site, &pack("canary"), true).await;
        self.site.wait_css(".solution").await;
        self.check_both_themes("practice question, solution shown").await;
        self.site.click(".controls .finish").await;
        self.site.wait_css(".controls .finish-confirm").await;
        self.check_both_themes("practice, asking to end the run").await;
        self.site.click(".controls .finish-confirm").await;
        self.site.wait_text(".run-report h2", "Practice results").await;
        self.check_both_themes("practice report").await;
    }

    /// Challenge: a wrong attempt with its reason, the hint, the right answer, the report.
    async fn challenge(&mut self) {
        let bg = pack("blue-green");
        self.site.open("packs/blue-green/challenge").await;
        self.site.click(".start-run").await;
        self.site.wait_css("#question-title").await;
        answer(&self.site, &bg, false).await;
        self.site.wait_text(".verdict.bad", "Not right").await;
        self.check_both_themes("challenge, wrong attempt with its reason").await;
        self.site.click(".hint-button").await;
        self.site.wait_css("#question-hint").await;
        self.check_both_themes("challenge, hint shown").await;
        answer(&self.site, &bg, true).await;
        self.site.wait_css(".verdict.ok").await;
        self.check_both_themes("challenge, right on the second try").await;
        self.site.click(".controls .next").await;
        self.site.wait_css("#question-title").await;
        self.site.click(".controls .finish").await;
        self.site.click(".controls .finish-confirm").await;
        self.site.wait_text(".run-report h2", "Challenge results").await;
        self.check_both_themes("challenge report").await;
    }

    /// A perfect Challenge: the badge moment in the report, then the badge on the pack page,
    /// the pack list and the badges page.
    async fn badge(&mut self) {
        let canary = pack("canary");
        self.site.open("packs/canary/challenge").await;
        self.site.click(".start-run").await;
        for _ in 0..5 {
            self.site.wait_css("#question-title").await;
            answer(&self.site, &canary, true).await;
            self.site.click(".controls .next").await;
        }
        self.site.wait_css(".badge-moment svg.badge-art").await;
        self.check_both_themes("challenge report with the badge moment").await;
        self.site.open("packs/canary").await;
        self.site.wait_text(".pack-progress", "badge earned").await;
        self.check_both_themes("pack page with its badge").await;
        self.site.open("packs").await;
        self.site.wait_css(".pack-card .pack-progress .badge-art").await;
        self.check_both_themes("pack list with a badge").await;
        self.site.open("badges").await;
        self.site.wait_css(".badge.earned").await;
        self.check_both_themes("badges page with a badge earned").await;
    }

    /// An incident: running after Start, then its grade report.
    async fn incident(&mut self) {
        self.site.open(&format!("incidents/{SCENARIO}")).await;
        self.site.click(".start-incident").await;
        self.site.wait_css("#console-input").await;
        self.check_both_themes("incident running").await;
        // A simulated minute later the release has gone wrong: crash-looping pods, alerts, events.
        self.site.click("button[aria-label='Pause']").await;
        let input = self.site.wait_css("#console-input").await;
        input.send_keys("wait 1m" + Key::Enter).await.unwrap();
        self.site.wait_text(".console-log", "wait 1m").await;
        input.send_keys("kubectl get pods" + Key::Enter).await.unwrap();
        self.site.wait_text(".console-log", "0/1").await;
        self.check_both_themes("incident running, paused after a simulated minute").await;
        // The sticky session bar would cover a button at the top of the window: bring it to the middle.
        let undo = "button.move[data-command='kubectl rollout undo deployment/checkout']";
        self.site.wait_css(undo).await;
        self.site.script(&format!("document.querySelector(\"{undo}\").scrollIntoView({{block: 'center'}})")).await;
        self.site.click(undo).await;
        self.site.wait_text(".console-log", "rolled back").await;
        // The briefing reread during the run, and the question before grading.
        self.site.script("document.querySelector('.briefing-again summary').scrollIntoView({block: 'center'})").await;
        self.site.click(".briefing-again summary").await;
        self.check_both_themes("incident running, briefing reopened").await;
        self.site.script("window.scrollTo(0, 0)").await;
        self.site.click(".session-bar .done").await;
        self.site.wait_css("#done-confirm").await;
        self.check_both_themes("incident, asked before grading").await;
        self.site.click("#done-confirm").await;
        self.site.wait_css(".grade-score").await;
        self.site.wait_css(".timeline-chart svg").await;
        self.check_both_themes("incident grade report").await;

        self.site.open("sandbox").await;
        self.site.click(".start-sandbox").await;
        self.site.click(".chaos-panel .inject").await;
        self.site.wait_text(".console-log", "Injected").await;
        self.check_both_themes("sandbox, a failure injected").await;
    }

    /// A session: the builder with its link, the learner's pages from that link, the dashboard.
    async fn session(&mut self) {
        let canary = pack("canary");
        self.site.open("sessions/new").await;
        let title = self.site.wait_css("#session-title").await;
        title.clear().await.unwrap();
        title.send_keys("Accessibility drill").await.unwrap();
        self.site.click("#pack-canary").await;
        self.site.click("#pick-canary-cn-first-command").await;
        self.site.click(".create-link").await;
        self.site.wait_css(".session-created").await;
        self.check_both_themes("session builder with its link").await;
        let share = self
            .site
            .script("return document.querySelector('#share-link').value")
            .await
            .as_str()
            .expect("share link")
            .to_owned();
        let code = share.rsplit_once('#').expect("link fragment").1.to_owned();

        self.site.open(&format!("sessions/present#{code}")).await;
        self.site.wait_css(".present-start").await;
        self.check_both_themes("session presenter, before the start").await;
        self.site.click(".present-start").await;
        self.site.wait_css(".present-question").await;
        self.check_both_themes("session presenter, a question").await;
        self.site.click(".present-pause").await;
        self.site.wait_css(".paused-note").await;
        self.check_both_themes("session presenter, paused").await;
        self.site.click(".present-next").await;
        self.site.wait_css(".present-answer .present-reveal").await;
        self.check_both_themes("session presenter, the answer after the time").await;
        self.site.click(".present-reveal").await;
        self.site.wait_css(".reveal-none").await;
        self.check_both_themes("session presenter, revealed without codes").await;

        self.site.driver.goto(&share).await.unwrap();
        self.site.wait_mounted().await;
        self.site.wait_css("#learner-name").await;
        self.check_both_themes("session learner, name").await;
        let name = self.site.wait_css("#learner-name").await;
        name.send_keys("Ada").await.unwrap();
        self.site.click(".session-name button[type='submit']").await;
        self.site.wait_css(".start-run").await;
        self.check_both_themes("session learner, start").await;
        self.site.click(".start-run").await;
        self.site.wait_css("#question-title").await;
        self.check_both_themes("session learner, question").await;
        answer(&self.site, &canary, false).await;
        self.site.wait_css(".verdict, .feedback p").await;
        self.check_both_themes("session learner, wrong attempt").await;
        if !self.site.driver.find_all(By::Css(".controls .submit")).await.unwrap().is_empty() {
            answer(&self.site, &canary, true).await;
        }
        self.site.click(".controls .next").await;
        self.site.wait_css("#result-code").await;
        self.check_both_themes("session learner, result code").await;
        let result = self
            .site
            .script("return document.querySelector('#result-code').value")
            .await
            .as_str()
            .expect("result code")
            .to_owned();

        self.site.open(&format!("sessions/results#{code}")).await;
        let codes = self.site.wait_css("#codes").await;
        codes.send_keys(format!("{result}\nr1.mangled\n")).await.unwrap();
        self.site.click(".load-codes").await;
        self.site.wait_text(".leaderboard", "Ada").await;
        self.site.wait_css(".code-problems").await;
        self.check_both_themes("session dashboard with a result and a bad code").await;
        self.site.driver.refresh().await.unwrap();
        self.site.wait_mounted().await;
        self.site.wait_text(".load-note", "restored from this browser").await;
        self.check_both_themes("session dashboard restored after a reload").await;
        // A second load has its own problem list.
        let codes = self.site.wait_css("#codes").await;
        codes.send_keys("r1.another-mangled-one\n").await.unwrap();
        self.site.click(".load-codes").await;
        self.site.wait_text(".code-problems", "code 1").await;
        self.check_both_themes("session dashboard, problems of a second load").await;

        // The presenter (its clock is over) reveals the first tries of the loaded code.
        self.site.open(&format!("sessions/present#{code}")).await;
        self.site.click(".present-reveal").await;
        self.site.wait_css(".reveal-counts").await;
        self.check_both_themes("session presenter, first tries revealed").await;

        self.site.open("sessions/new").await;
        self.site.wait_css(".my-sessions .stored-session").await;
        self.check_both_themes("builder, my sessions").await;
        self.site.click(".delete-session").await;
        self.site.wait_css(".confirm-delete").await;
        self.check_both_themes("builder, my sessions, confirming a delete").await;
        self.site.click(".cancel-delete").await;

        // A file that is not a sessions file, then stored sessions that cannot be read.
        let bad = support::repo().join("target/e2e/a11y-not-sessions.json");
        std::fs::write(&bad, "{\"version\": 1}").unwrap();
        let input = self.site.wait_css("#import-sessions").await;
        input.send_keys(bad.to_string_lossy()).await.unwrap();
        self.site.wait_text(".my-sessions-note", "is not a sessions file").await;
        self.check_both_themes("builder, my sessions, a file that cannot be imported").await;
        self.site.script("localStorage.setItem('rollback-lab.sessions', '{\"version\": 1, \"sessions\": [{\"link\": 5}]}')").await;
        self.site.driver.refresh().await.unwrap();
        self.site.wait_mounted().await;
        self.site.wait_css(".my-sessions .store-notes").await;
        self.check_both_themes("builder, my sessions, unreadable data set aside").await;
        self.site.driver.refresh().await.unwrap();
        self.site.wait_mounted().await;
        self.site.wait_css(".my-sessions .aside-note").await;
        self.check_both_themes("builder, my sessions, data set aside earlier").await;
    }

    /// The key states at phone width.
    async fn phone_states(&mut self) {
        let canary = pack("canary");
        self.site.open("packs/canary/practice").await;
        self.site.click(".start-run").await;
        self.site.wait_css("#question-title").await;
        self.check_both_themes("practice question, unanswered").await;
        answer(&self.site, &canary, true).await;
        self.site.wait_css(".solution").await;
        self.check_both_themes("practice question, solution shown").await;
        self.site.click(".controls .finish").await;
        self.site.click(".controls .finish-confirm").await;
        self.site.wait_text(".run-report h2", "Practice results").await;
        self.check_both_themes("practice report").await;

        let bg = pack("blue-green");
        self.site.open("packs/blue-green/challenge").await;
        self.site.click(".start-run").await;
        self.site.wait_css("#question-title").await;
        answer(&self.site, &bg, false).await;
        self.site.wait_text(".verdict.bad", "Not right").await;
        self.check_both_themes("challenge, wrong attempt with its reason").await;

        self.incident().await;
        self.session().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_and_key_state_passes_axe_in_both_themes_and_at_phone_width() {
    let site = Site::start("dist", "", "a11y").await;
    let mut audit = Audit { site, width: DESKTOP.0, checked: 0, findings: Vec::new() };
    audit.resize(DESKTOP).await;

    // A first check that the checker itself works: axe must get into the page despite its CSP.
    audit.site.open("").await;
    audit.site.inject_axe().await;

    audit.routes(false).await;
    audit.import_problems().await;
    audit.import_bank().await;
    audit.practice().await;
    audit.challenge().await;
    audit.badge().await;
    audit.incident().await;
    audit.session().await;

    // Phone width, from fresh progress so the same states come back.
    audit.site.script("localStorage.clear()").await;
    audit.resize(PHONE).await;
    audit.routes(true).await;
    audit.phone_states().await;

    let Audit { site, checked, findings, .. } = audit;
    site.quit().await;
    eprintln!("a11y: {checked} checks, {} finding(s)", findings.len());
    assert!(
        findings.is_empty(),
        "axe-core found {} violation(s) in {checked} checks:\n{}",
        findings.len(),
        findings.join("\n")
    );
}
