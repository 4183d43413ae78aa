//! `lab report`: what a learner meets on every kind of page of the built site.
//!
//! For each kind of page ([`PAGES`]: home, a pack page, a question run, an incident, an instructor's
//! session link, the results dashboard, the review and badges pages, the incident list, the sandbox,
//! the import page) it loads the page as a first visit (a fresh headless
//! Chromium with an empty profile, its cache and the site's stored data cleared between loads),
//! served by nginx with the project's configuration, and reports:
//! - the files that first visit fetched, with their raw, gzip and brotli sizes. The page itself
//!   says which URLs it fetched (Resource Timing: the navigation entry and every resource entry);
//!   the sizes are those files and their `.gz`/`.br` siblings in the built folder, so the numbers
//!   are exact and the same on every run;
//! - the time until the page is ready (its [`PageKind::ready_css`] element is in the DOM), median
//!   over fresh loads, unthrottled and throttled ([`THROTTLE`], through the DevTools protocol);
//! - the JS heap after a garbage collection, on the first load.
//!
//! A minimal static page served by a second nginx with the same configuration is measured the
//! same way, as a reference for the times of this run on this machine.
//!
//! Times start at navigation and do not include opening a connection: before each load the browser
//! opens a plain page of the same origin (see `Browser::prepare`), whose connection the load may
//! reuse. On the loopback that saves nothing unthrottled and at most about one round trip (150 ms)
//! throttled, the same for every page.
//!
//! Budgets are on bytes only ([`Budget`]): times depend on how busy the machine is, so they are
//! printed, never checked.
//!
//! Architecture invariant: the measuring (browsers, servers) is in [`measure`]; everything else
//! here (paths from URLs, byte sums, medians, budgets, the table) is pure and unit-tested.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use thirtyfour::prelude::*;

use super::server::{BrowserProfile, ChromeDriver, Nginx};

/// 1 KB, as budgets and the issue count it.
const KB: u64 = 1000;

/// A byte budget of a first visit, brotli-compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// The goal, in bytes.
    pub goal_br: u64,
    /// Whether `lab report --check` fails when the goal is missed. Goals that today's build cannot
    /// meet yet are printed as "over the goal" without failing the test command.
    pub enforced: bool,
    /// For a goal not enforced yet: the size the page may not grow past (today's first visit plus
    /// about 1%, over the few hundred bytes a rebuild moves brotli by). `--check` fails above it, so
    /// a page over its goal can only get smaller unless someone raises its ceiling on purpose.
    pub ceiling_br: Option<u64>,
}

/// Where a kind of page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A fixed path of the site.
    Path(&'static str),
    /// `session#<link>`: the learner's page of an instructor's session, with a valid link.
    SessionLink,
    /// `sessions/results#<link>`: the instructor's results dashboard of the same session.
    ResultsDashboard,
}

/// One kind of page the report measures.
#[derive(Clone, Copy, Debug)]
pub struct PageKind {
    /// Its name in the table.
    pub name: &'static str,
    pub target: Target,
    /// A CSS selector that matches once the page is ready for the learner (its content, not a
    /// "Loading…" placeholder). Chosen among the selectors the end-to-end tests rely on.
    pub ready_css: &'static str,
    /// What the learner does next, when the page's point is past its first screen: the row then
    /// counts the bytes and time until that is done too.
    pub then: Option<Then>,
    pub budget: Budget,
}

/// A press after the page is ready, and what shows once it has taken effect.
#[derive(Clone, Copy, Debug)]
pub struct Then {
    /// The CSS selector of the button pressed.
    pub click: &'static str,
    /// The CSS selector that matches once the press has taken effect; the row's time is until then.
    pub ready_css: &'static str,
}

/// The pages measured, and their byte budgets — the one place they are set.
///
/// Goals (issue #15): every page's first visit ≤ 160 KB brotli, except incident pages ≤ 300 KB.
/// Pages still over their goal have a ceiling, today's size plus about 1% (2026-12-03, session 6,
/// each bigger build without the light pages: question run and session link 278.5 KB, results
/// dashboard 257.3 KB, incident 414.7 KB): `--check` fails if they grow past it. Lower a ceiling
/// after a cut; raise one only with the reason in the commit. Raised since: results dashboard to
/// 282 KB (session 6): the instructor build now reads Moodle XML and GIFT banks on its import page
/// (`src/lms` readers and the draft, +21.6 KB brotli); a build of its own for the import page would
/// give it back. Session 7 made it (the author build), and the instructor build now loads packs with
/// the light reader, and sets are built without sorting (`sort::set_of`): results dashboard 239.8 KB,
/// ceiling 282 → 242 KB; question run and session link 273.3 KB, ceiling 282 → 276 KB; the import
/// page, measured since, 172.8 KB, ceiling 175 KB. Incident raised 419 → 423 KB (session 7): the
/// simulator's per-tick census, pod tally and caches that brought `lab bench` under 5 ms (#11) add
/// 1.6 KB brotli to the incident build (page 418.6 KB, 0.4 KB under the old ceiling, within a
/// rebuild's layout noise of it). Session 8 (the light scenario reader, no float parser in the quiz
/// and incident builds, small sets and maps as sorted `Vec`s, saved runs read over `Value`): question
/// run and session link 252.5 KB, ceiling 276 → 255 KB; incident 381.4 KB, ceiling 423 → 386 KB.
/// Session 10 (hand-written routes, case folding without the Unicode table, the incident and quiz
/// cuts of docs/performance.md): question run and session link 238.7 KB, ceiling 255 → 241 KB;
/// incident 353.4 KB, ceiling 386 → 357 KB; results dashboard 233.3 KB, ceiling 242 → 236 KB; the
/// import page 158.6 KB, under its goal, now enforced. Session 11 (a router of our own instead of
/// yew-router's `BrowserRouter`, no float formatting in the instructor and incident builds, the
/// stylesheet without comments, the quiz and incident cuts of docs/performance.md): question run
/// and session link 213.2 KB, ceiling 241 → 216 KB; incident 323.2 KB, ceiling 357 → 326 KB; results
/// dashboard 216.2 KB, ceiling 236 → 219 KB. Session 12 (a stylesheet per build, the readers that
/// check once at the end, the dashboard's lower case by our own tables, the simulator on our
/// ChaCha8): question run and session link 207.5 KB, ceiling 216 → 210 KB; incident 320.3 KB,
/// ceiling 326 → 324 KB; results dashboard 205.5 KB, ceiling 219 → 208 KB. Session 13 (the
/// JavaScript minified, no pack index on a question run, the session link in a build of its own):
/// question run 185.8 KB, ceiling 210 → 188 KB; session link 184.7 KB, ceiling 210 → 187 KB;
/// results dashboard 198.6 KB, ceiling 208 → 201 KB; incident 316.0 KB, ceiling 324 → 318 KB; then
/// the results dashboard in a build of its own: 149.3 KB, under its goal, now enforced. Session 14
/// (review and badges in a build of their own, `progress`; saved progress without B-trees and serde):
/// question run 168.8 KB, ceiling 188 → 171 KB; session link 177.9 KB, ceiling 187 → 180 KB; the
/// review and badges pages, measured since, 149.5 and 152.0 KB, under their goal, enforced.
/// Then the incident page in a build of its own (the incident list and the sandbox in theirs): 296.8
/// KB, under its 300 KB goal, enforced; the incident list 96.2 KB and the sandbox 274.4, enforced.
/// Session 15: the run view split off the quiz, progress and session builds into a second wasm module
/// loaded on Start (src/cli/split.rs): question run 147.4 KB, session link 154.5, review 128.1, badges
/// 130.6, all under their goal and enforced. The bytes did not vanish: the "first question" row (the
/// question run with Start pressed) counts the second module, 180.5 KB, over the goal (the split costs
/// about 11.7 KB more than the unsplit 168.8, code that can no longer be inlined or shared across the
/// two modules), with a ceiling of 182 KB. Then the incident build split the same way (the running
/// incident and the grade report behind Start): incident 296.8 -> 273.8 KB; "incident running", with
/// the part, 308.0 KB, over its goal by 8 KB, ceiling 311 KB. Then the simulator and the grader
/// moved into the incident's part too (the briefing needs neither): incident 273.8 -> 158.0 KB;
/// incident running 312.6 KB, ceiling raised 311 -> 316 KB: the two modules share less (4.6 KB more
/// in all), the price of a first visit half the size.
/// Session 16: the sandbox split the same way (its cluster starts on Start, and its file is fetched
/// with the scenario index): sandbox 274.3 -> 149.8 KB, now under the 160 KB goal of a page that is
/// not an incident, enforced; "sandbox running", with the part, 289.6 KB, ceiling 293 KB. "First
/// question" ceiling raised 182 -> 183.5 KB (today's 181.6-181.8 plus 1%, the rule above; session 15
/// had set it 0.4% over): a session that starts by itself now waits for its run view, and the state
/// of a prefetch that `lazy_part` keeps for it is in the quiz build too (+0.2 KB brotli).
/// Enforced by `--check`: every first visit's goal (2026-12-04, session 15; docs/performance.md has
/// the table). Every first visit downloads one build (src/cli/boot.rs), but the pages of the quiz
/// build (question run, session link: 278.5 KB, of which the build's wasm is 240.9 KB), the
/// instructor build (results dashboard: 257.3 KB) and the incident build (414.7 KB) are still over
/// their goals; they are reported as "over the goal" until cuts bring them under
/// (docs/performance.md). Then set `enforced: true` on them.
pub const PAGES: &[PageKind] = &[
    PageKind {
        name: "home",
        target: Target::Path(""),
        ready_css: ".hero",
        then: None,
        budget: Budget { goal_br: 160 * KB, enforced: true, ceiling_br: None },
    },
    PageKind {
        name: "pack page",
        target: Target::Path("packs/canary"),
        ready_css: ".pack-facts",
        then: None,
        budget: Budget { goal_br: 160 * KB, enforced: true, ceiling_br: None },
    },
    PageKind {
        name: "question run",
        target: Target::Path("packs/canary/practice"),
        // The run's rules and its start button: what the learner meets before the first question.
        ready_css: ".start-run",
        then: None,
        budget: Budget { goal_br: 160 * KB, enforced: true, ceiling_br: None },
    },
    PageKind {
        name: "first question",
        target: Target::Path("packs/canary/practice"),
        // The question run again, and Start pressed: its run view is a second wasm module, loaded
        // then (src/cli/split.rs); this row counts it, so a split never hides bytes from the report.
        ready_css: ".start-run",
        then: Some(Then { click: ".start-run", ready_css: "#question-title" }),
        budget: Budget { goal_br: 160 * KB, enforced: false, ceiling_br: Some(183_500) },
    },
    PageKind {
        name: "incident",
        target: Target::Path("incidents/rolling-crashloop"),
        // The briefing and its start button: what the learner meets before the console.
        ready_css: ".start-incident",
        then: None,
        budget: Budget { goal_br: 300 * KB, enforced: true, ceiling_br: None },
    },
    PageKind {
        name: "incident running",
        target: Target::Path("incidents/rolling-crashloop"),
        // The incident again, and Start pressed: the running incident and the grade report are the
        // incident build's second wasm module, loaded then; this row counts it.
        ready_css: ".start-incident",
        then: Some(Then { click: ".start-incident", ready_css: "#console-input" }),
        budget: Budget { goal_br: 300 * KB, enforced: false, ceiling_br: Some(316 * KB) },
    },
    PageKind {
        name: "incident list",
        target: Target::Path("incidents"),
        // The scenarios' cards, listed once the scenario index has arrived.
        ready_css: ".incident-card",
        then: None,
        budget: Budget { goal_br: 160 * KB, enforced: true, ceiling_br: None },
    },
    PageKind {
        name: "sandbox",
        target: Target::Path("sandbox"),
        // The strategies, what the first one's cluster is, and its start button.
        ready_css: ".start-sandbox",
        then: None,
        budget: Budget { goal_br: 160 * KB, enforced: true, ceiling_br: None },
    },
    PageKind {
        name: "sandbox running",
        target: Target::Path("sandbox"),
        // The sandbox again, and Start pressed: the running sandbox (and the simulator) are the
        // sandbox build's second wasm module, loaded then; this row counts it.
        ready_css: ".start-sandbox",
        then: Some(Then { click: ".start-sandbox", ready_css: "#console-input" }),
        budget: Budget { goal_br: 300 * KB, enforced: false, ceiling_br: Some(293 * KB) },
    },
    PageKind {
        name: "session link",
        target: Target::SessionLink,
        ready_css: "#learner-name",
        then: None,
        budget: Budget { goal_br: 160 * KB, enforced: true, ceiling_br: None },
    },
    PageKind {
        name: "results dashboard",
        target: Target::ResultsDashboard,
        ready_css: "#codes",
        then: None,
        budget: Budget { goal_br: 160 * KB, enforced: true, ceiling_br: None },
    },
    PageKind {
        name: "review page",
        target: Target::Path("review"),
        // A first visit has nothing due: the page says so (and downloads no pack).
        ready_css: ".notice.ok",
        then: None,
        budget: Budget { goal_br: 160 * KB, enforced: true, ceiling_br: None },
    },
    PageKind {
        name: "badges page",
        target: Target::Path("badges"),
        // The shipped packs' badges, listed once the pack index has arrived.
        ready_css: "li.badge",
        then: None,
        budget: Budget { goal_br: 160 * KB, enforced: true, ceiling_br: None },
    },
    PageKind {
        name: "import page",
        target: Target::Path("packs/import"),
        // The paste box: what an author meets first (the author build, src/builds/author.rs).
        ready_css: "#import-text",
        then: None,
        budget: Budget { goal_br: 160 * KB, enforced: true, ceiling_br: None },
    },
];

/// The pack the session link is made of (its first two questions).
const SESSION_PACK: &str = "canary";

/// Network and CPU conditions of the throttled loads: a slow 3G-like connection and a slow phone.
pub struct Throttle {
    pub cpu_slowdown: f64,
    pub down_kbps: u64,
    pub up_kbps: u64,
    pub rtt_ms: u64,
}

pub const THROTTLE: Throttle = Throttle { cpu_slowdown: 4.0, down_kbps: 1600, up_kbps: 750, rtt_ms: 150 };

/// How many fresh loads of each page.
#[derive(Clone, Copy, Debug)]
pub struct Loads {
    pub unthrottled: u32,
    pub throttled: u32,
}

/// What [`measure`] measures.
#[derive(Clone, Debug)]
pub struct Options {
    pub loads: Loads,
    /// Names of the [`PAGES`] to measure; empty for all (and the reference page).
    pub pages: Vec<String>,
    /// Whether to keep the timeline of each page's last throttled load.
    pub timeline: bool,
}

/// The pages of [`PAGES`] that `names` asks for (all when empty), or which name is unknown.
pub fn chosen_pages(names: &[String]) -> Result<Vec<&'static PageKind>, String> {
    if let Some(unknown) = names.iter().find(|n| !PAGES.iter().any(|p| p.name == n.as_str())) {
        let known: Vec<&str> = PAGES.iter().map(|p| p.name).collect();
        return Err(format!("report: no page called “{unknown}”; the pages are: {}", known.join(", ")));
    }
    Ok(PAGES.iter().filter(|p| names.is_empty() || names.iter().any(|n| n == p.name)).collect())
}

/// One file of a load's timeline: when its request started and its response ended, in ms since
/// navigation start (Resource Timing).
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub url: String,
    pub start_ms: f64,
    pub end_ms: f64,
}

/// Sizes of one file of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSize {
    /// Path relative to the site root.
    pub path: String,
    pub raw: u64,
    /// The `.gz` sibling's size; the raw size when there is none (nginx then sends the file as is).
    pub gzip: u64,
    /// The `.br` sibling's size; the raw size when there is none.
    pub brotli: u64,
}

/// Byte totals of a set of files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// What was measured for one kind of page.
#[derive(Clone, Debug)]
pub struct PageReport {
    pub name: String,
    /// The path loaded (a session link's code shortened).
    pub path: String,
    pub budget: Option<Budget>,
    pub files: Vec<FileSize>,
    /// Same-origin URLs the page fetched that are no file of the site (not counted).
    pub not_in_site: Vec<String>,
    pub ready_ms: Vec<f64>,
    pub throttled_ms: Vec<f64>,
    /// JS heap used after a garbage collection, in bytes.
    pub heap_bytes: Option<f64>,
    /// With `--timeline`: the last throttled load's files up to ready, in the order they started.
    pub timeline: Vec<Span>,
}

impl PageReport {
    pub fn totals(&self) -> Totals {
        self.files.iter().fold(Totals::default(), |t, f| Totals {
            raw: t.raw + f.raw,
            gzip: t.gzip + f.gzip,
            brotli: t.brotli + f.brotli,
        })
    }
}

/// The whole report: the site's pages, then the reference page.
#[derive(Clone, Debug)]
pub struct Report {
    pub pages: Vec<PageReport>,
    pub reference: Option<PageReport>,
    pub loads: Loads,
}

/// How a page's bytes compare with its budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Within,
    /// Over an enforced budget: `--check` fails.
    OverBudget,
    /// Over a goal that is not enforced yet, within its ceiling: printed, never fails.
    OverGoal,
    /// Over a goal not enforced yet and over its ceiling (the page grew): `--check` fails.
    OverCeiling,
}

/// Compares a first visit's brotli bytes with a budget.
pub fn evaluate(budget: Budget, brotli: u64) -> Verdict {
    match (brotli <= budget.goal_br, budget.enforced) {
        (true, _) => Verdict::Within,
        (false, true) => Verdict::OverBudget,
        (false, false) if budget.ceiling_br.is_some_and(|c| brotli > c) => Verdict::OverCeiling,
        (false, false) => Verdict::OverGoal,
    }
}

/// Median of a list, `None` for an empty one.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => None,
        n if n % 2 == 1 => Some(v[n / 2]),
        n => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// The site-relative paths of the URLs a page fetched, in order, each once. `urls[0]` is the
/// navigation (the page's own URL): a page path that is no file is served `index.html` by the
/// site's nginx configuration. URLs of other origins (and `data:`, `blob:`) are not the site's
/// and are left out. Query strings and fragments are dropped.
pub fn site_paths(urls: &[String], base_url: &str, dist: &Path) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        let Some(rest) = url.strip_prefix(base_url) else { continue };
        let rel = rest.split(['?', '#']).next().unwrap_or_default();
        let is_file = !rel.is_empty() && dist.join(rel).is_file();
        let rel = if i == 0 && !is_file { "index.html" } else { rel };
        if seen.insert(rel.to_owned()) {
            out.push(rel.to_owned());
        }
    }
    out
}

/// The sizes of `paths` in `dist` and of their `.gz`/`.br` siblings. Paths that are no file of the
/// site come back in the second list.
pub fn file_sizes(dist: &Path, paths: &[String]) -> (Vec<FileSize>, Vec<String>) {
    let len = |p: &Path| std::fs::metadata(p).ok().filter(|m| m.is_file()).map(|m| m.len());
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for rel in paths {
        let path = dist.join(rel);
        match len(&path) {
            Some(raw) if !rel.is_empty() => {
                let sibling = |ext: &str| {
                    let mut name = path.clone().into_os_string();
                    name.push(ext);
                    len(Path::new(&name)).unwrap_or(raw)
                };
                files.push(FileSize { path: rel.clone(), raw, gzip: sibling(".gz"), brotli: sibling(".br") });
            }
            _ => missing.push(rel.clone()),
        }
    }
    (files, missing)
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / KB as f64)
}

fn ms(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.0}"))
}

impl Report {
    /// The table, the budgets, then each page's files.
    pub fn render(&self) -> String {
        let t = &THROTTLE;
        let mut out = format!(
            "First visit to each kind of page: fresh headless Chromium, nothing cached; medians of {} loads, \
             throttled: {} loads at {}x CPU, {} kbps down, {} kbps up, {} ms RTT\n",
            self.loads.unthrottled, self.loads.throttled, t.cpu_slowdown, t.down_kbps, t.up_kbps, t.rtt_ms
        );
        let row = |out: &mut String, cells: [&str; 8]| {
            let _ = writeln!(
                out,
                "{:<18} {:>5} {:>9} {:>9} {:>9} {:>8} {:>12} {:>9}",
                cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7]
            );
        };
        row(&mut out, ["route", "files", "raw", "gzip", "br", "ready ms", "throttled ms", "heap MiB"]);
        for page in self.pages.iter().chain(&self.reference) {
            let totals = page.totals();
            row(
                &mut out,
                [
                    &page.name,
                    &page.files.len().to_string(),
                    &totals.raw.to_string(),
                    &totals.gzip.to_string(),
                    &totals.brotli.to_string(),
                    &ms(median(&page.ready_ms)),
                    &ms(median(&page.throttled_ms)),
                    &page.heap_bytes.map_or_else(|| "-".to_owned(), |h| format!("{:.2}", h / 1_048_576.0)),
                ],
            );
        }
        out.push_str(
            "\nBytes of a first visit, brotli, against the goals (times are printed, never checked). Goals not \
             enforced yet are those of pages whose build is still over its goal (PAGES in src/cli/report.rs):\n",
        );
        for page in &self.pages {
            let Some(budget) = page.budget else { continue };
            let br = page.totals().brotli;
            let verdict = match evaluate(budget, br) {
                Verdict::Within if budget.enforced => format!("within the budget of {} (enforced)", kb(budget.goal_br)),
                Verdict::Within => format!("within the goal of {} (not enforced yet)", kb(budget.goal_br)),
                Verdict::OverBudget => format!("OVER THE BUDGET of {} (enforced)", kb(budget.goal_br)),
                Verdict::OverGoal => format!(
                    "over the goal of {} by {} (not enforced yet; ceiling {})",
                    kb(budget.goal_br),
                    kb(br - budget.goal_br),
                    budget.ceiling_br.map_or_else(|| "none".to_owned(), kb)
                ),
                Verdict::OverCeiling => format!(
                    "OVER ITS CEILING of {} (it grew; the goal is {})",
                    budget.ceiling_br.map_or_else(String::new, kb),
                    kb(budget.goal_br)
                ),
            };
            let _ = writeln!(out, "  {:<18} {:>9}  {verdict}", page.name, kb(br));
        }
        for page in self.pages.iter().chain(&self.reference) {
            let _ = writeln!(out, "\n{} ({})", page.name, page.path);
            for f in &page.files {
                let _ = writeln!(out, "  {:<52} {:>9} {:>9} {:>9}", f.path, f.raw, f.gzip, f.brotli);
            }
            for url in &page.not_in_site {
                let _ = writeln!(out, "  {url:<52} not a file of the site, not counted");
            }
            let sorted = |v: &[f64]| {
                let mut v = v.to_vec();
                v.sort_by(f64::total_cmp);
                v.iter().map(|m| format!("{m:.0}")).collect::<Vec<_>>().join(", ")
            };
            let _ = writeln!(out, "  ready ms [{}], throttled [{}]", sorted(&page.ready_ms), sorted(&page.throttled_ms));
            if let (false, Some(ready)) = (page.timeline.is_empty(), page.throttled_ms.last()) {
                let _ = writeln!(out, "  last throttled load (ms since navigation start; ready at {ready:.0}):");
                for span in &page.timeline {
                    let name = span.url.rsplit('/').next().unwrap_or(&span.url);
                    let _ = writeln!(out, "    {:>6.0} {:>6.0}  {name}", span.start_ms, span.end_ms);
                }
            }
        }
        out
    }

    /// The enforced budgets that are broken, one message each.
    pub fn over_budget(&self) -> Vec<String> {
        self.pages
            .iter()
            .filter_map(|page| {
                let budget = page.budget?;
                let br = page.totals().brotli;
                match evaluate(budget, br) {
                    Verdict::OverBudget => Some(format!("{}: first visit is {br} bytes brotli, over its budget of {} bytes", page.name, budget.goal_br)),
                    Verdict::OverCeiling => Some(format!(
                        "{}: first visit is {br} bytes brotli, over its ceiling of {} bytes (it grew; cut it, or raise the ceiling in src/cli/report.rs PAGES and say why)",
                        page.name,
                        budget.ceiling_br.unwrap_or_default()
                    )),
                    Verdict::Within | Verdict::OverGoal => None,
                }
            })
            .collect()
    }
}

/// The learner's session link for a session of the first two questions of a shipped pack, built
/// from the pack the site serves, as the session builder would.
pub fn session_code(dist: &Path) -> Result<String, String> {
    use crate::session::link;
    use crate::session::spec::{SessionSpec, SpecQuestion};
    let file = dist.join(format!("data/packs/{SESSION_PACK}.json"));
    let name = file.display().to_string();
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{name}: {e}"))?;
    let pack = crate::pack::from_json(&name, &text)
        .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
    let questions = pack
        .questions
        .iter()
        .take(2)
        .map(|q| SpecQuestion {
            pack: pack.id.clone(),
            question: q.id.clone(),
            fingerprint: crate::quiz::run::fingerprint(q) as u32,
        })
        .collect();
    let spec = SessionSpec {
        title: "lab report".into(),
        questions,
        drawn: None,
        shuffle_questions: false,
        seed: 1,
        time_limit_s: None,
        attempts: None,
        start_ms: None,
    };
    Ok(link::encode(&spec))
}

/// Records, in the page, the time the first element matching the selector appears
/// (`window.__labReady`, ms since navigation start). Injected through the DevTools protocol before
/// any of the page's own scripts, so it needs no change to the app and no polling.
fn ready_observer(css: &str) -> String {
    let css = serde_json::to_string(css).unwrap_or_default();
    format!(
        "(() => {{ const css = {css}; const seen = () => {{ if (window.__labReady === undefined && document.querySelector(css)) \
         {{ window.__labReady = performance.now(); observer.disconnect(); }} }}; \
         const observer = new MutationObserver(seen); observer.observe(document, {{ childList: true, subtree: true }}); }})();"
    )
}

/// The URLs a page fetched: the navigation first, then every resource.
const FETCHED_URLS: &str = "return performance.getEntriesByType('navigation').map(e => e.name)\
    .concat(performance.getEntriesByType('resource').map(e => e.name));";

/// Every file of the page so far with when it started and ended (the navigation's end is when the
/// HTML arrived; a file still loading ends at 0).
const SPANS: &str = "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))\
    .map(e => [e.name, e.startTime, e.responseEnd]);";

/// What one load gave.
struct Load {
    ready_ms: f64,
    urls: Vec<String>,
    heap_bytes: Option<f64>,
    timeline: Vec<Span>,
}

/// A fresh headless Chromium (new empty profile) for the loads of one page in one mode.
///
/// Its first load is a first visit in the strictest sense. Before each later load the browser
/// cache (which also holds compiled wasm) and everything the site stored (local storage, IndexedDB,
/// service workers, caches) are cleared through the DevTools protocol, so it is again a first
/// visit, without paying a Chromium start for every load.
struct Browser {
    driver: WebDriver,
    _profile: BrowserProfile,
    origin: String,
    warm_up_url: String,
    loads: u32,
}

impl Browser {
    async fn open(driver_url: &str, profile_dir: &Path, base_url: &str, ready_css: &str, throttled: bool) -> Result<Browser, String> {
        let profile = BrowserProfile::new(profile_dir)?;
        let mut caps = DesiredCapabilities::chrome();
        for arg in profile.chrome_args().iter().map(String::as_str).chain(["--window-size=1280,900"]) {
            caps.add_arg(arg).map_err(|e| format!("chrome argument {arg}: {e}"))?;
        }
        let driver = WebDriver::new(driver_url, caps).await.map_err(|e| format!("a Chromium session: {e}"))?;
        let browser = Browser {
            driver,
            _profile: profile,
            origin: base_url.trim_end_matches('/').to_owned(),
            // A page of the site's origin that is not the app (nginx's 404 for a missing .txt).
            warm_up_url: format!("{base_url}lab-report-warm-up.txt"),
            loads: 0,
        };
        if let Err(e) = browser.prepare(ready_css, throttled).await {
            browser.quit().await;
            return Err(e);
        }
        Ok(browser)
    }

    async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.driver.cdp().send_raw(cmd, params).await.map_err(|e| format!("DevTools {cmd}: {e}"))
    }

    async fn prepare(&self, ready_css: &str, throttled: bool) -> Result<(), String> {
        // Throttling belongs to the tab's renderer: open a page of the same origin first, so the
        // pages measured run in the renderer that is throttled.
        self.driver.goto(&self.warm_up_url).await.map_err(|e| format!("{}: {e}", self.warm_up_url))?;
        self.cdp("Network.enable", json!({})).await?;
        if throttled {
            let t = &THROTTLE;
            self.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true })).await?;
            self.cdp(
                "Network.emulateNetworkConditions",
                json!({
                    "offline": false,
                    "latency": t.rtt_ms,
                    "downloadThroughput": t.down_kbps * 1000 / 8,
                    "uploadThroughput": t.up_kbps * 1000 / 8,
                }),
            )
            .await?;
            self.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": t.cpu_slowdown })).await?;
        }
        self.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": ready_observer(ready_css) })).await?;
        Ok(())
    }

    /// Loads `url` as a first visit and waits until it is ready. With `detail`, also waits for the
    /// page's fetches to settle and reads the URLs fetched and the heap.
    async fn load(&mut self, url: &str, ready_css: &str, then: Option<Then>, throttled: bool, detail: bool, timeline: bool) -> Result<Load, String> {
        if self.loads > 0 {
            self.driver.goto(&self.warm_up_url).await.map_err(|e| format!("{}: {e}", self.warm_up_url))?;
            self.cdp("Network.clearBrowserCache", json!({})).await?;
            self.cdp("Storage.clearDataForOrigin", json!({ "origin": self.origin, "storageTypes": "all" })).await?;
        }
        self.loads += 1;
        let driver = &self.driver;
        driver.goto(url).await.map_err(|e| format!("{url}: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(if throttled { 90 } else { 30 });
        let ready_ms = loop {
            let value = driver
                .execute("return window.__labReady === undefined ? null : window.__labReady;", vec![])
                .await
                .map_err(|e| format!("{url}: {e}"))?;
            if let Some(ms) = value.json().as_f64() {
                break ms;
            }
            if Instant::now() > deadline {
                let text = driver
                    .execute("return document.body ? document.body.innerText.slice(0, 300) : ''", vec![])
                    .await
                    .map(|r| r.json().to_string())
                    .unwrap_or_default();
                return Err(format!("{url}: no `{ready_css}` on the page in time; the page shows: {text}"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let ready_ms = match then {
            None => ready_ms,
            Some(then) => self.press(url, then, deadline).await?,
        };
        let timeline = if timeline { self.spans(url).await? } else { Vec::new() };
        if !detail {
            return Ok(Load { ready_ms, urls: Vec::new(), heap_bytes: None, timeline });
        }
        // Fetches that start after the page is ready (data, images) are part of the first visit too:
        // wait until no new one has started for half a second.
        let mut urls: Vec<String> = Vec::new();
        let settle = Instant::now() + Duration::from_secs(10);
        loop {
            let value = driver.execute(FETCHED_URLS, vec![]).await.map_err(|e| format!("{url}: {e}"))?;
            let now: Vec<String> =
                value.json().as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect();
            let settled = now.len() == urls.len();
            urls = now;
            if settled || Instant::now() > settle {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let heap_bytes = match self.cdp("HeapProfiler.collectGarbage", json!({})).await {
            Ok(_) => self.cdp("Runtime.getHeapUsage", json!({})).await.ok().and_then(|v| v["usedSize"].as_f64()),
            Err(_) => None,
        };
        Ok(Load { ready_ms, urls, heap_bytes, timeline })
    }

    /// The page's files so far with when each started and ended.
    async fn spans(&self, url: &str) -> Result<Vec<Span>, String> {
        let value = self.driver.execute(SPANS, vec![]).await.map_err(|e| format!("{url}: {e}"))?;
        let mut spans: Vec<Span> = value
            .json()
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| Some(Span { url: e[0].as_str()?.to_owned(), start_ms: e[1].as_f64()?, end_ms: e[2].as_f64()? }))
            .collect();
        spans.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
        Ok(spans)
    }

    /// Presses `then.click` and waits until `then.ready_css` matches: the time since navigation then.
    async fn press(&self, url: &str, then: Then, deadline: Instant) -> Result<f64, String> {
        let pressed = self
            .driver
            .execute("const b = document.querySelector(arguments[0]); if (!b) return false; b.click(); return true;", vec![json!(then.click)])
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        if pressed.json().as_bool() != Some(true) {
            return Err(format!("{url}: no `{}` to press", then.click));
        }
        loop {
            let value = self
                .driver
                .execute("return document.querySelector(arguments[0]) ? performance.now() : null;", vec![json!(then.ready_css)])
                .await
                .map_err(|e| format!("{url}: {e}"))?;
            if let Some(ms) = value.json().as_f64() {
                return Ok(ms);
            }
            if Instant::now() > deadline {
                return Err(format!("{url}: no `{}` on the page in time after pressing `{}`", then.ready_css, then.click));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn quit(self) {
        let _ = self.driver.quit().await;
    }
}

/// A page to measure: its name, path, selector and budget.
struct Plan {
    name: String,
    path: String,
    shown_path: String,
    ready_css: String,
    then: Option<Then>,
    budget: Option<Budget>,
}

/// Runs `count` loads of `plan`'s page at `url` in one fresh browser. The first unthrottled load
/// also reads the URLs fetched and the heap; with `timeline`, the last load reads its spans.
#[allow(clippy::too_many_arguments)]
async fn run_loads(
    driver: &ChromeDriver,
    work: &Path,
    base_url: &str,
    url: &str,
    plan: &Plan,
    throttled: bool,
    count: u32,
    timeline: bool,
) -> Result<Vec<Load>, String> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let ready_css = plan.ready_css.as_str();
    let mut browser = Browser::open(&driver.url(), &work.join("report-profile"), base_url, ready_css, throttled).await?;
    let mut loads = Vec::new();
    for i in 0..count {
        match browser.load(url, ready_css, plan.then, throttled, !throttled && i == 0, timeline && i + 1 == count).await {
            Ok(load) => loads.push(load),
            Err(e) => {
                browser.quit().await;
                return Err(e);
            }
        }
    }
    browser.quit().await;
    Ok(loads)
}

async fn measure_page(
    driver: &ChromeDriver,
    base_url: &str,
    dist: &Path,
    work: &Path,
    plan: &Plan,
    loads: Loads,
    timeline: bool,
) -> Result<PageReport, String> {
    let url = format!("{base_url}{}", plan.path);
    let plain = run_loads(driver, work, base_url, &url, plan, false, loads.unthrottled, false).await?;
    let throttled = run_loads(driver, work, base_url, &url, plan, true, loads.throttled, timeline).await?;
    let first = plain.first().ok_or("report: at least one unthrottled load is needed")?;
    let (files, not_in_site) = file_sizes(dist, &site_paths(&first.urls, base_url, dist));
    Ok(PageReport {
        name: plan.name.clone(),
        path: plan.shown_path.clone(),
        budget: plan.budget,
        files,
        not_in_site,
        ready_ms: plain.iter().map(|l| l.ready_ms).collect(),
        throttled_ms: throttled.iter().map(|l| l.ready_ms).collect(),
        heap_bytes: first.heap_bytes,
        timeline: throttled.last().map(|l| l.timeline.clone()).unwrap_or_default(),
    })
}

/// The reference page: minimal static HTML, no script, one paragraph that is the "ready" element.
const REFERENCE_HTML: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
    <title>Reference</title></head><body><p id=\"ready\">A minimal static page.</p></body></html>\n";

/// Serves `dist` with nginx and measures the pages `options` asks for (every page of [`PAGES`], then
/// the reference page, unless it names some). `work` holds nginx's and Chromium's private folders.
pub fn measure(dist: &Path, work: &Path, options: &Options) -> Result<Report, String> {
    let pages = chosen_pages(&options.pages)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("report: {e}"))?;
    runtime.block_on(measure_async(dist, work, &pages, options))
}

async fn measure_async(dist: &Path, work: &Path, chosen: &[&PageKind], options: &Options) -> Result<Report, String> {
    let loads = options.loads;
    let code = session_code(dist)?;
    let nginx = Nginx::start(dist, "", &work.join("report-nginx"))?;
    let driver = ChromeDriver::start()?;
    let base_url = nginx.url("");
    let short = format!("{}…", &code[..code.len().min(12)]);
    let mut pages = Vec::new();
    for page in chosen {
        let (path, shown_path) = match page.target {
            Target::Path(p) => (p.to_owned(), format!("/{p}")),
            Target::SessionLink => (format!("session#{code}"), format!("/session#{short}")),
            Target::ResultsDashboard => (format!("sessions/results#{code}"), format!("/sessions/results#{short}")),
        };
        let plan =
            Plan { name: page.name.to_owned(), path, shown_path, ready_css: page.ready_css.to_owned(), then: page.then, budget: Some(page.budget) };
        pages.push(measure_page(&driver, &base_url, dist, work, &plan, loads, options.timeline).await?);
    }
    if !options.pages.is_empty() {
        return Ok(Report { pages, reference: None, loads });
    }
    // The reference page, from its own folder, by a second nginx with the same configuration.
    let reference_dir = work.join("report-reference-site");
    let _ = std::fs::remove_dir_all(&reference_dir);
    std::fs::create_dir_all(&reference_dir).map_err(|e| format!("{}: {e}", reference_dir.display()))?;
    std::fs::write(reference_dir.join("index.html"), REFERENCE_HTML).map_err(|e| e.to_string())?;
    let reference_nginx = Nginx::start(&reference_dir, "", &work.join("report-reference-nginx"))?;
    let plan = Plan {
        name: "reference (static)".into(),
        path: String::new(),
        shown_path: "a minimal static HTML page".into(),
        ready_css: "#ready".into(),
        then: None,
        budget: None,
    };
    let reference = measure_page(&driver, &reference_nginx.url(""), &reference_dir, work, &plan, loads, options.timeline).await?;
    Ok(Report { pages, reference: Some(reference), loads })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, brotli: u64, budget: Option<Budget>) -> PageReport {
        PageReport {
            name: name.into(),
            path: format!("/{name}"),
            budget,
            files: vec![
                FileSize { path: "index.html".into(), raw: 2_000, gzip: 900, brotli: 800 },
                FileSize { path: "app_bg.wasm".into(), raw: brotli * 3, gzip: brotli + 10_000, brotli: brotli - 800 },
            ],
            not_in_site: vec!["missing.json".into()],
            ready_ms: vec![210.0, 190.0, 400.0],
            throttled_ms: vec![1500.0, 1700.0],
            heap_bytes: Some(1_048_576.0),
            timeline: Vec::new(),
        }
    }

    #[test]
    fn pages_are_chosen_by_their_names_in_the_table() {
        assert_eq!(chosen_pages(&[]).unwrap().len(), PAGES.len());
        let two = chosen_pages(&["sandbox".to_owned(), "home".to_owned()]).unwrap();
        // In the table's order, whatever the order asked.
        assert_eq!(two.iter().map(|p| p.name).collect::<Vec<_>>(), ["home", "sandbox"]);
        let err = chosen_pages(&["sandbox".to_owned(), "sandbx".to_owned()]).unwrap_err();
        assert!(err.contains("“sandbx”") && err.contains("incident running"), "{err}");
    }

    #[test]
    fn a_timeline_lists_the_files_of_the_last_throttled_load() {
        let mut p = page("sandbox", 1000, None);
        p.throttled_ms = vec![1900.0, 2000.4];
        p.timeline = vec![
            Span { url: "http://127.0.0.1:1/sandbox".into(), start_ms: 0.0, end_ms: 310.2 },
            Span { url: "http://127.0.0.1:1/sandbox-abc_bg.wasm".into(), start_ms: 330.0, end_ms: 1710.6 },
        ];
        let out = Report { pages: vec![p], reference: None, loads: Loads { unthrottled: 1, throttled: 2 } }.render();
        assert!(out.contains("ready at 2000"), "{out}");
        assert!(out.contains("     0    310  sandbox\n"), "{out}");
        assert!(out.contains("   330   1711  sandbox-abc_bg.wasm\n"), "{out}");
        // Without a timeline, no such section.
        let out = Report { pages: vec![page("home", 1000, None)], reference: None, loads: Loads { unthrottled: 1, throttled: 1 } }.render();
        assert!(!out.contains("last throttled load"), "{out}");
    }

    #[test]
    fn median_of_odd_even_and_empty_lists() {
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn budgets_fail_only_when_enforced() {
        let enforced = Budget { goal_br: 160_000, enforced: true, ceiling_br: None };
        let goal = Budget { goal_br: 160_000, enforced: false, ceiling_br: None };
        let ceiling = Budget { goal_br: 160_000, enforced: false, ceiling_br: Some(300_000) };
        assert_eq!(evaluate(enforced, 160_000), Verdict::Within);
        assert_eq!(evaluate(enforced, 160_001), Verdict::OverBudget);
        assert_eq!(evaluate(goal, 160_001), Verdict::OverGoal);
        assert_eq!(evaluate(goal, 1), Verdict::Within);
        assert_eq!(evaluate(ceiling, 300_000), Verdict::OverGoal);
        assert_eq!(evaluate(ceiling, 300_001), Verdict::OverCeiling);
        assert_eq!(evaluate(ceiling, 150_000), Verdict::Within);
        let report = Report {
            pages: vec![page("home", 150_000, Some(enforced)), page("incident", 580_000, Some(goal))],
            reference: None,
            loads: Loads { unthrottled: 3, throttled: 2 },
        };
        assert!(report.over_budget().is_empty());
        let mut broken = report.clone();
        broken.pages[0] = page("home", 170_000, Some(enforced));
        assert_eq!(broken.over_budget(), ["home: first visit is 170000 bytes brotli, over its budget of 160000 bytes"]);
        let mut grown = report.clone();
        grown.pages[1] = page("question run", 300_001, Some(ceiling));
        assert_eq!(
            grown.over_budget(),
            ["question run: first visit is 300001 bytes brotli, over its ceiling of 300000 bytes (it grew; cut it, or raise the ceiling in src/cli/report.rs PAGES and say why)"]
        );
    }

    #[test]
    fn the_table_has_one_row_per_page_and_says_which_goals_are_missed() {
        let report = Report {
            pages: vec![
                page("home", 150_000, Some(Budget { goal_br: 160_000, enforced: true, ceiling_br: None })),
                page("incident", 580_000, Some(Budget { goal_br: 300_000, enforced: false, ceiling_br: None })),
            ],
            reference: Some(page("reference (static)", 1_000, None)),
            loads: Loads { unthrottled: 3, throttled: 2 },
        };
        let text = report.render();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].starts_with("route") && lines[1].contains("throttled ms"), "{text}");
        let home: Vec<&str> = lines[2].split_whitespace().collect();
        assert_eq!(home, ["home", "2", "452000", "160900", "150000", "210", "1600", "1.00"]);
        assert!(lines[3].starts_with("incident "));
        assert!(lines[4].starts_with("reference (static) "));
        assert!(text.contains("  home                150.0 KB  within the budget of 160.0 KB (enforced)\n"), "{text}");
        assert!(text.contains("over the goal of 300.0 KB by 280.0 KB (not enforced yet"), "{text}");
        assert!(text.contains("  missing.json"), "{text}");
        assert!(text.contains("ready ms [190, 210, 400], throttled [1500, 1700]"), "{text}");
    }

    #[test]
    fn bytes_are_summed_from_the_files_and_their_compressed_siblings() {
        let dist = std::env::temp_dir().join(format!("lab-report-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dist);
        std::fs::create_dir_all(dist.join("data/packs")).unwrap();
        let write = |name: &str, len: usize| std::fs::write(dist.join(name), vec![b'x'; len]).unwrap();
        write("index.html", 1000);
        write("index.html.gz", 400);
        write("index.html.br", 300);
        write("app_bg.wasm", 50_000);
        write("app_bg.wasm.gz", 20_000);
        write("app_bg.wasm.br", 15_000);
        write("logo.png", 700); // no compressed siblings: sent as is
        write("data/packs/canary.json", 5000);
        write("data/packs/canary.json.br", 1000);
        let base = "http://127.0.0.1:9999/";
        let urls: Vec<String> = [
            "http://127.0.0.1:9999/packs/canary/practice?x=1#frag", // a page path: index.html
            "http://127.0.0.1:9999/app_bg.wasm",
            "http://127.0.0.1:9999/app_bg.wasm", // fetched twice, counted once
            "http://127.0.0.1:9999/logo.png",
            "http://127.0.0.1:9999/data/packs/canary.json?v=2",
            "http://127.0.0.1:9999/data/packs/gone.json",
            "https://elsewhere.example/font.woff2",
            "data:image/png;base64,AAAA",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let paths = site_paths(&urls, base, &dist);
        assert_eq!(paths, ["index.html", "app_bg.wasm", "logo.png", "data/packs/canary.json", "data/packs/gone.json"]);
        let (files, missing) = file_sizes(&dist, &paths);
        assert_eq!(missing, ["data/packs/gone.json"]);
        let report = PageReport {
            name: "x".into(),
            path: "/x".into(),
            budget: None,
            files,
            not_in_site: missing,
            ready_ms: vec![],
            throttled_ms: vec![],
            heap_bytes: None,
            timeline: Vec::new(),
        };
        assert_eq!(report.totals(), Totals { raw: 56_700, gzip: 26_100, brotli: 17_000 });
        // A navigation to a real file is that file, not index.html.
        let direct = site_paths(&["http://127.0.0.1:9999/logo.png".to_owned()], base, &dist);
        assert_eq!(direct, ["logo.png"]);
        std::fs::remove_dir_all(&dist).unwrap();
    }

    #[test]
    fn the_ready_observer_quotes_its_selector() {
        let script = ready_observer("a[title=\"x\"]");
        assert!(script.contains(r#"const css = "a[title=\"x\"]";"#), "{script}");
    }

    #[test]
    fn every_page_has_a_selector_and_the_goals_of_the_issue() {
        for page in PAGES {
            assert!(!page.ready_css.is_empty());
            // The incident pages, and the sandbox once started: the simulator and the console.
            let goal = if matches!(page.name, "incident" | "incident running" | "sandbox running") { 300_000 } else { 160_000 };
            assert_eq!(page.budget.goal_br, goal, "{}", page.name);
        }
        // Every first visit is held to its goal; the rows of a second step (Start pressed) are not.
        let not_enforced: Vec<&str> = PAGES.iter().filter(|p| !p.budget.enforced).map(|p| p.name).collect();
        assert_eq!(not_enforced, ["first question", "incident running", "sandbox running"]);
        assert!(PAGES.iter().all(|p| p.budget.enforced == p.then.is_none()));
        // A row with a press is a first visit's row with its Start pressed (the question run, the
        // incident, the sandbox), so the report shows what a split moved behind Start
        // (src/cli/split.rs).
        for pressed in PAGES.iter().filter(|p| p.then.is_some()) {
            let first = PAGES.iter().filter(|p| p.then.is_none()).find(|p| p.target == pressed.target).unwrap();
            assert_eq!(pressed.ready_css, first.ready_css, "{}", pressed.name);
            assert_eq!(pressed.then.map(|t| t.click), Some(first.ready_css), "{}", pressed.name);
        }
    }
}
