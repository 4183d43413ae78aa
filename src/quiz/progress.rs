//! Everything a learner's browser keeps, under one versioned schema in one localStorage entry.
//!
//! Architecture invariant: loading never panics and never silently drops data. [`Progress::load`]
//! returns the progress, the progress migrated from an older schema, or — for anything it cannot
//! read — the raw text and a precise error (with the JSON path of the bad field), so the UI can
//! tell the learner, offer the text as a download, and only then start fresh.
//!
//! # Schema, version 2 (what [`Progress::to_json`] writes)
//! ```json
//! {
//!   "version": 2,
//!   "settings": { "multiplier": "x1" },
//!   "history": [ { "t": 1767225600000, "p": "canary", "q": "cn-steps-timeline",
//!                  "m": "challenge", "r": "correct", "k": 1, "s": 1000 } ],
//!   "best": { "canary": { "challenge": 100, "test": 70 } },
//!   "badges": { "canary": { "at": 1767225600000, "multiplier": "x1" } },
//!   "review": { "pause-semantics-misread": { "box": 1, "due": 1767226200000, "misses": 1 } },
//!   "streak": { "days": [20454, 20455], "longest": 2 },
//!   "runs": [ 1234567890123 ]
//! }
//! ```
//! - `settings.multiplier`: `x1`, `x1.5`, `x2`, `x10` or `untimed` (the theme stays with the UI);
//!   `settings.hide_timer`: `true` when the learner hid the countdown (absent means false).
//! - `history`: the last [`HISTORY_CAP`] answered questions, oldest first: `t` when settled (ms),
//!   `p` pack, `q` question, `m` mode, `r` result (`correct`, `missed`, `timed-out`, `skipped`),
//!   `k` tries used, `s` points in thousandths (see [`crate::quiz::score`]).
//! - `best`: the best score per pack and mode, as a whole percentage.
//! - `badges`: pack ids (and `rollback-mastery`) → when earned and with which time multiplier.
//! - `review`: the Leitner schedule by misconception tag (see [`crate::quiz::review`]).
//! - `streak`: local day numbers (days since 1970-01-01 in the learner's time zone) with activity,
//!   the last [`DAYS_CAP`] kept, and the longest streak ever.
//! - `runs`: keys of the last runs filed, so filing the same finished run twice (a reload on the
//!   results page) counts it once.
//!
//! Version 1, the earlier shape, kept only a best Practice percentage per pack, earned pack
//! badges and the multiplier as a number: `{"version": 1, "scores": {"canary": 80},
//! "badges": ["canary"], "multiplier": 1.5}` (0 meant untimed). It migrates to version 2 with those
//! values and empty history, schedule and streak.
//!
//! Within a version, missing sections read as empty and unknown fields are ignored, so a file
//! written by a slightly newer build of the same schema still loads; a wrong type or value is an
//! error at its path.

use serde::Serialize;
use serde_json::Value;

use crate::quiz::badge::{self, BadgeRecord, MASTERY};
use crate::quiz::json_walk::{At, PathError, quoted};
use crate::quiz::json_write::Json;
use crate::quiz::mode::Mode;
use crate::quiz::review::{BOXES, Card, Schedule};
use crate::quiz::run::{Run, Status};
use crate::quiz::score;
use crate::str_map::StrMap;
use crate::quiz::timer::TimeMultiplier;

/// The schema version this build writes.
pub const VERSION: u32 = 2;

/// The localStorage key the UI keeps progress under.
pub const STORAGE_KEY: &str = "rollback-lab.progress";

/// localStorage key of the review due times (a JSON list of ms), written beside the progress so a
/// page can count due reviews without reading the whole progress.
pub const DUE_KEY: &str = "rollback-lab.review-due";

/// Answers kept in the history (about 100 bytes each: well within localStorage's 5 MB).
pub const HISTORY_CAP: usize = 1000;

/// Activity days kept for streaks.
pub const DAYS_CAP: usize = 400;

/// Runs remembered as already filed.
const RUNS_CAP: usize = 20;

/// Longest ids and tags accepted when reading (packs use far shorter ones).
const NAME_MAX: usize = 200;

/// Texts longer than this are refused before parsing (localStorage holds 5 MB at most).
const TEXT_MAX: usize = 8 * 1024 * 1024;

const DAY_MS: i64 = 86_400_000;

/// The learner's settings kept with progress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LearnerSettings {
    /// The time accommodation applied to every timed run.
    pub multiplier: TimeMultiplier,
    /// Whether the countdown is hidden (the time is still announced on request and at thresholds).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hide_timer: bool,
}

/// One answered question in the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// When it was settled.
    #[serde(rename = "t")]
    pub at_ms: u64,
    /// The pack.
    #[serde(rename = "p")]
    pub pack: String,
    /// The question.
    #[serde(rename = "q")]
    pub question: String,
    /// The mode of the run.
    #[serde(rename = "m")]
    pub mode: Mode,
    /// How it ended.
    #[serde(rename = "r")]
    pub result: Status,
    /// Tries used.
    #[serde(rename = "k")]
    pub tries: u8,
    /// Points earned, in thousandths.
    #[serde(rename = "s")]
    pub points: u32,
}

/// Days with activity, for streaks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Streak {
    /// Local day numbers with activity (the last [`DAYS_CAP`]), ascending without repeats: a sorted
    /// `Vec` (the same JSON list a `BTreeSet` wrote, and no B-tree code for `u32` in the wasm).
    pub days: Vec<u32>,
    /// The longest run of consecutive days ever seen (kept apart because old days are dropped).
    pub longest: u32,
}

/// The local day number of `now_ms` for a learner `utc_offset_min` minutes ahead of UTC (the
/// negation of JavaScript's `getTimezoneOffset()`), so a streak day ends at the learner's midnight.
pub fn day_of(now_ms: u64, utc_offset_min: i32) -> u32 {
    let local = i64::try_from(now_ms).unwrap_or(i64::MAX).saturating_add(i64::from(utc_offset_min) * 60_000);
    u32::try_from(local.max(0) / DAY_MS).unwrap_or(u32::MAX)
}

impl Streak {
    /// Notes activity on local day `day`.
    pub fn record(&mut self, day: u32) {
        crate::sort::insert_sorted(&mut self.days, day);
        let extra = self.days.len().saturating_sub(DAYS_CAP);
        self.days.drain(..extra);
        self.longest = self.longest.max(self.ending_at(day));
    }

    /// Consecutive active days ending on `day` (0 if `day` had no activity).
    fn ending_at(&self, day: u32) -> u32 {
        let mut n = 0;
        let mut d = day;
        while self.days.binary_search(&d).is_ok() {
            n += 1;
            let Some(prev) = d.checked_sub(1) else { break };
            d = prev;
        }
        n
    }

    /// The current streak on local day `today`: consecutive days ending today, or ending
    /// yesterday when today has no activity yet (the streak is still alive until today ends).
    pub fn current(&self, today: u32) -> u32 {
        match self.ending_at(today) {
            0 => today.checked_sub(1).map_or(0, |y| self.ending_at(y)),
            n => n,
        }
    }
}

/// One pack's best whole percentage per mode: pairs sorted by mode, written as the JSON object a
/// `BTreeMap<Mode, u32>` wrote (`{"test": 70, "challenge": 100}`, in mode order), without B-tree
/// code for `Mode` keys in the wasm (docs/performance.md "Session 8").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BestByMode(Vec<(Mode, u32)>);

impl BestByMode {
    /// The best percentage in `mode`, if the pack was played in it.
    pub fn get(&self, mode: &Mode) -> Option<&u32> {
        self.0.iter().find(|(m, _)| m == mode).map(|(_, p)| p)
    }

    /// Sets the best percentage in `mode`.
    pub fn insert(&mut self, mode: Mode, percent: u32) {
        *crate::sort::entry_sorted(&mut self.0, mode) = percent;
    }

    /// Every mode played with its best, in mode order.
    pub fn iter(&self) -> impl Iterator<Item = (Mode, u32)> + '_ {
        self.0.iter().copied()
    }
}

impl std::ops::Index<&Mode> for BestByMode {
    type Output = u32;

    /// Panics when the mode has no best, as `BTreeMap`'s index did (tests only).
    fn index(&self, mode: &Mode) -> &u32 {
        self.get(mode).expect("no best score in this mode")
    }
}

impl Serialize for BestByMode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(m, p)| (m, p)))
    }
}

/// Everything kept for one learner.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Settings.
    pub settings: LearnerSettings,
    /// The last answers, oldest first.
    pub history: Vec<Answer>,
    /// Best whole percentage per pack, then per mode.
    pub best: StrMap<BestByMode>,
    /// Badges earned, by pack id (and [`MASTERY`]).
    pub badges: StrMap<BadgeRecord>,
    /// The review schedule.
    pub review: Schedule,
    /// Activity days.
    pub streak: Streak,
    /// Keys of the last runs filed.
    pub runs: Vec<u64>,
}

/// What [`Progress::load`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadOutcome {
    /// Current-schema progress (or nothing stored yet: empty text gives empty progress).
    Ok(Progress),
    /// Progress read from an older schema version (the second field); save it back to upgrade.
    Migrated(Progress, u32),
    /// Nothing usable: keep `raw` for the learner to download, show `error`, start fresh.
    Unreadable {
        /// The text exactly as stored.
        raw: String,
        /// What is wrong, with the path of the bad field.
        error: String,
    },
}

/// What filing a finished run changed, for the results page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The run had been filed before (nothing changed).
    pub already: bool,
    /// Badges earned by this run, pack ids and possibly [`MASTERY`].
    pub new_badges: Vec<String>,
    /// The run's whole percentage, and whether it beat the best so far for its pack and mode
    /// (`None` for runs that keep no best score: reviews, and runs across packs).
    pub best: Option<(u32, bool)>,
}

/// The JSON shape written, with the version first: the derived writer [`Progress::to_json`]'s
/// text is tested against (native tests only: the property test that uses it).
#[cfg(all(test, not(target_arch = "wasm32")))]
#[derive(Serialize)]
struct Saved<'a> {
    version: u32,
    settings: &'a LearnerSettings,
    history: &'a [Answer],
    best: &'a StrMap<BestByMode>,
    badges: &'a StrMap<BadgeRecord>,
    review: &'a Schedule,
    streak: &'a Streak,
    runs: &'a [u64],
}

impl Progress {
    #[cfg(all(test, not(target_arch = "wasm32")))]
    fn saved(&self) -> Saved<'_> {
        Saved {
            version: VERSION,
            settings: &self.settings,
            history: &self.history,
            best: &self.best,
            badges: &self.badges,
            review: &self.review,
            streak: &self.streak,
            runs: &self.runs,
        }
    }

    /// The compact JSON kept in localStorage: what serde_json writes for the derived `Serialize`
    /// of `Saved`, written by hand (`json_write`, docs/performance.md "Session 14").
    pub fn to_json(&self) -> String {
        let mut j = Json::new();
        j.open().key("version").uint(u64::from(VERSION)).key("settings").open();
        j.key("multiplier").string(self.settings.multiplier.name());
        if self.settings.hide_timer {
            j.key("hide_timer").bool(true);
        }
        j.close().key("history").open_list();
        for a in &self.history {
            j.open().key("t").uint(a.at_ms).key("p").string(&a.pack).key("q").string(&a.question);
            j.key("m").string(a.mode.name()).key("r").string(a.result.name());
            j.key("k").uint(u64::from(a.tries)).key("s").uint(u64::from(a.points)).close();
        }
        j.close_list().key("best").open();
        for (pack, modes) in &self.best {
            j.key(pack).open();
            for (mode, percent) in modes.iter() {
                j.key(mode.name()).uint(u64::from(percent));
            }
            j.close();
        }
        j.close().key("badges").open();
        for (pack, b) in &self.badges {
            j.key(pack).open().key("at").uint(b.at_ms).key("multiplier").string(b.multiplier.name()).close();
        }
        j.close().key("review").open();
        for (tag, c) in &self.review.cards {
            j.key(tag).open().key("box").uint(u64::from(c.box_)).key("due").uint(c.due_ms);
            j.key("misses").uint(u64::from(c.misses)).close();
        }
        j.close().key("streak").open().key("days").uints(self.streak.days.iter().map(|&d| u64::from(d)));
        j.key("longest").uint(u64::from(self.streak.longest)).close();
        j.key("runs").uints(self.runs.iter().copied()).close();
        j.done()
    }

    /// The review due times, as the JSON list kept under [`DUE_KEY`] (what serde_json writes for
    /// a `Vec<u64>`).
    pub fn due_json(&self) -> String {
        let mut j = Json::new();
        j.uints(self.review.cards.values().map(|c| c.due_ms));
        j.done()
    }

    /// The progress as a file to download (the same schema, indented for people: serde_json's
    /// pretty text, made from the compact one so the serializer is compiled once, `json_indent`).
    pub fn export(&self) -> String {
        crate::json_indent::indent(&self.to_json())
    }

    /// Reads stored progress. Never panics; never drops data without saying so.
    pub fn load(text: &str) -> LoadOutcome {
        if text.trim().is_empty() {
            return LoadOutcome::Ok(Progress::default());
        }
        match Progress::import(text) {
            Ok((progress, VERSION)) => LoadOutcome::Ok(progress),
            Ok((progress, from)) => LoadOutcome::Migrated(progress, from),
            Err(e) => LoadOutcome::Unreadable { raw: text.to_owned(), error: e.to_string() },
        }
    }

    /// Reads a progress file (an export, or what localStorage held) and validates every field,
    /// returning the progress and the schema version it was written in, or the first problem
    /// with its path (`$.review.pause-semantics.box: expected a whole number from 1 to 5, found 9`).
    pub fn import(text: &str) -> Result<(Progress, u32), PathError> {
        let top = |message: String| PathError { path: "$".to_owned(), message };
        if text.len() > TEXT_MAX {
            return Err(top(format!("the file is {} bytes, more than progress can ever be", text.len())));
        }
        let value: Value = serde_json::from_str(text).map_err(|e| top(format!("not valid JSON: {e}")))?;
        let root = At::root(&value);
        root.object()?;
        let version = root.field("version")?;
        match version.value().as_u64() {
            Some(1) => Ok((read_v1(&root)?, 1)),
            Some(2) => Ok((read_v2(&root)?, 2)),
            Some(v) if v > u64::from(VERSION) => {
                Err(version
                    .error(format!("written by a newer Rollback Lab (schema {v}); this one reads up to {VERSION}")))
            }
            _ => Err(version.error(format!("expected a schema version from 1 to {VERSION}"))),
        }
    }

    /// The questions of `pack` met in the latest `count` answers of `mode` runs: what a new Test or
    /// Challenge draws around, so a retake meets other questions where the pools allow.
    /// Sorted without repeats, as a `BTreeSet` holds them (`sort::sorted_set`: no B-tree code for
    /// `String` sets in the quiz build, docs/performance.md "Session 14").
    pub fn recent_questions(&self, pack: &str, mode: Mode, count: usize) -> Vec<String> {
        crate::sort::sorted_set(
            self.history.iter().rev().filter(|a| a.pack == pack && a.mode == mode).take(count).map(|a| a.question.clone()),
        )
    }

    /// How many reviews are due at `now_ms`.
    pub fn due_reviews(&self, now_ms: u64) -> usize {
        self.review.due_count(now_ms)
    }

    /// The current streak in days, at `now_ms` for a learner `utc_offset_min` ahead of UTC.
    pub fn current_streak(&self, now_ms: u64, utc_offset_min: i32) -> u32 {
        self.streak.current(day_of(now_ms, utc_offset_min))
    }

    /// Notes activity at `now_ms` (a run filed does it too; Learn pages may call it).
    pub fn record_activity(&mut self, now_ms: u64, utc_offset_min: i32) {
        self.streak.record(day_of(now_ms, utc_offset_min));
    }

    /// Files a finished run at `now_ms`: its answers into the history, its score into the best
    /// scores, any badge it earns (and Rollback Mastery once every pack in `shipped` has its badge),
    /// its misconceptions into the review schedule, and the day into the streak. An unfinished
    /// run changes nothing; a run already filed changes nothing and says so.
    pub fn record_run(&mut self, run: &Run, shipped: &[&str], now_ms: u64, utc_offset_min: i32) -> Recorded {
        if !run.is_finished() {
            return Recorded::default();
        }
        let key = run_key(run);
        if self.runs.contains(&key) {
            return Recorded { already: true, ..Recorded::default() };
        }
        self.runs.push(key);
        if self.runs.len() > RUNS_CAP {
            self.runs.remove(0);
        }

        let report = score::report(run);
        for (slot, item) in run.slots().iter().zip(&report.items) {
            if slot.tries.is_empty() && slot.status != Status::TimedOut {
                continue;
            }
            self.history.push(Answer {
                at_ms: slot.settled_ms.unwrap_or(now_ms),
                pack: slot.pack.clone(),
                question: slot.question.clone(),
                mode: run.mode(),
                result: slot.status,
                tries: u8::try_from(slot.tries.len()).unwrap_or(u8::MAX),
                points: item.points,
            });
        }
        if self.history.len() > HISTORY_CAP {
            let extra = self.history.len() - HISTORY_CAP;
            self.history.drain(..extra);
        }

        let mut recorded = Recorded::default();
        let single_pack =
            run.slots().first().map(|s| s.pack.as_str()).filter(|p| run.slots().iter().all(|s| s.pack == *p));
        if let (Some(pack), true) = (single_pack, run.mode() != Mode::Review) {
            let percent = report.total.percent();
            let best = self.best.entry(pack.to_owned()).or_default();
            let improved = best.get(&run.mode()).is_none_or(|&b| percent > b);
            if improved {
                best.insert(run.mode(), percent);
            }
            recorded.best = Some((percent, improved));
        }

        let record = BadgeRecord { at_ms: now_ms, multiplier: run.settings().multiplier };
        if let Some(pack) = badge::pack_badge(run)
            && !self.badges.contains_key(pack)
        {
            self.badges.insert(pack.to_owned(), record);
            recorded.new_badges.push(pack.to_owned());
        }
        if !self.badges.contains_key(MASTERY) && badge::mastery_complete(|p| self.badges.contains_key(p), shipped) {
            self.badges.insert(MASTERY.to_owned(), record);
            recorded.new_badges.push(MASTERY.to_owned());
        }

        self.review.apply_run(run, now_ms);
        self.record_activity(now_ms, utc_offset_min);
        recorded
    }
}

/// A key that tells runs apart: when dealt, with which seed, in which mode, over which questions.
fn run_key(run: &Run) -> u64 {
    let mut h = crate::fnv::update(crate::fnv::OFFSET, &run.started_ms().to_le_bytes());
    h = crate::fnv::update(h, &run.settings().seed.to_le_bytes());
    h = crate::fnv::update(h, run.mode().name().as_bytes());
    for slot in run.slots() {
        h = crate::fnv::update(h, slot.question.as_bytes());
    }
    // JSON numbers past 2^53 lose precision in JavaScript tools that might open an export.
    h & ((1 << 53) - 1)
}

// -------------------------------------------------------------------- reading, version 2

fn read_v2(root: &At) -> Result<Progress, PathError> {
    let mut p = Progress::default();
    if let Some(settings) = root.opt("settings")? {
        settings.object()?;
        if let Some(m) = settings.opt("multiplier")? {
            p.settings.multiplier = multiplier(&m)?;
        }
        if let Some(hide) = settings.opt("hide_timer")? {
            p.settings.hide_timer = hide.bool()?;
        }
    }
    if let Some(history) = root.opt("history")? {
        for item in history.items()? {
            p.history.push(Answer {
                at_ms: item.field_ms("t")?,
                pack: item.field_name("p", NAME_MAX)?,
                question: item.field_name("q", NAME_MAX)?,
                mode: mode(&item.field("m")?)?,
                result: status(&item.field("r")?)?,
                tries: item.field_uint("k", 0, u64::from(u8::MAX))? as u8,
                points: item.field_uint("s", 0, u64::from(score::FULL))? as u32,
            });
        }
        if p.history.len() > HISTORY_CAP {
            let extra = p.history.len() - HISTORY_CAP;
            p.history.drain(..extra);
        }
    }
    if let Some(best) = root.opt("best")? {
        for (pack, modes) in best.entries()? {
            check_key(&modes, pack)?;
            let mut by_mode = BestByMode::default();
            for (name, percent) in modes.entries()? {
                let m = Mode::from_name(name)
                    .ok_or_else(|| percent.error(format!("`{name}` is not a mode ({MODE_NAMES})")))?;
                by_mode.insert(m, percent.uint(0, 100)? as u32);
            }
            p.best.insert(pack.to_owned(), by_mode);
        }
    }
    if let Some(badges) = root.opt("badges")? {
        for (pack, b) in badges.entries()? {
            check_key(&b, pack)?;
            let record = BadgeRecord { at_ms: b.field_ms("at")?, multiplier: multiplier(&b.field("multiplier")?)? };
            p.badges.insert(pack.to_owned(), record);
        }
    }
    if let Some(review) = root.opt("review")? {
        for (tag, c) in review.entries()? {
            check_key(&c, tag)?;
            let card = Card {
                box_: c.field_uint("box", 1, u64::from(BOXES))? as u8,
                due_ms: c.field_ms("due")?,
                misses: c.opt_uint("misses", u64::from(u32::MAX))?.unwrap_or(0) as u32,
            };
            p.review.cards.insert(tag.to_owned(), card);
        }
    }
    if let Some(streak) = root.opt("streak")? {
        if let Some(days) = streak.opt("days")? {
            for d in days.items()? {
                crate::sort::insert_sorted(&mut p.streak.days, d.uint(0, u64::from(u32::MAX))? as u32);
            }
            let extra = p.streak.days.len().saturating_sub(DAYS_CAP);
            p.streak.days.drain(..extra);
        }
        if let Some(longest) = streak.opt_uint("longest", u64::from(u32::MAX))? {
            p.streak.longest = longest as u32;
        }
    }
    if let Some(runs) = root.opt("runs")? {
        for r in runs.items()? {
            p.runs.push(r.ms()?);
        }
        let extra = p.runs.len().saturating_sub(RUNS_CAP);
        p.runs.drain(..extra);
    }
    Ok(p)
}

/// Object keys that name packs or tags must be names too (not empty, not a pasted novel).
fn check_key(at: &At, key: &str) -> Result<(), PathError> {
    if key.is_empty() || key.chars().count() > NAME_MAX {
        return Err(at.error(format!("a key must be a name of 1 to {NAME_MAX} characters")));
    }
    Ok(())
}

/// The modes' stored names, as a message lists them (a constant: no `join` over `&str` in the
/// wasm; test `the_mode_names_are_every_modes_name`).
const MODE_NAMES: &str = "practice, test, challenge, review";

fn mode(at: &At) -> Result<Mode, PathError> {
    let name = at.str()?;
    Mode::from_name(name).ok_or_else(|| at.error(format!("expected a mode ({MODE_NAMES}), found {}", quoted(name))))
}

fn status(at: &At) -> Result<Status, PathError> {
    let name = at.str()?;
    Status::from_name(name)
        .filter(|s| s.is_settled())
        .ok_or_else(|| at.error(format!("expected a result (correct, missed, timed-out, skipped), found {}", quoted(name))))
}

fn multiplier(at: &At) -> Result<TimeMultiplier, PathError> {
    let name = at.str()?;
    TimeMultiplier::from_name(name)
        .ok_or_else(|| at.error(format!("expected a time multiplier (x1, x1.5, x2, x10, untimed), found {}", quoted(name))))
}

// -------------------------------------------------------------------- reading, version 1

/// Reads the version-1 shape and migrates it (see the module docs).
fn read_v1(root: &At) -> Result<Progress, PathError> {
    let mut p = Progress::default();
    if let Some(scores) = root.opt("scores")? {
        for (pack, percent) in scores.entries()? {
            check_key(&percent, pack)?;
            p.best.entry(pack.to_owned()).or_default().insert(Mode::Practice, percent.uint(0, 100)? as u32);
        }
    }
    if let Some(badges) = root.opt("badges")? {
        for b in badges.items()? {
            // Version 1 kept no dates: the epoch marks "earned before dates were kept".
            p.badges.insert(b.name(NAME_MAX)?.to_owned(), BadgeRecord { at_ms: 0, multiplier: TimeMultiplier::X1 });
        }
    }
    if let Some(m) = root.opt("multiplier")? {
        p.settings.multiplier = match m.value().as_f64() {
            Some(0.0) => TimeMultiplier::Untimed,
            Some(1.0) => TimeMultiplier::X1,
            Some(1.5) => TimeMultiplier::X1_5,
            Some(2.0) => TimeMultiplier::X2,
            _ => return Err(m.error("expected a version-1 multiplier: 0 (untimed), 1, 1.5 or 2")),
        };
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaks_count_consecutive_local_days() {
        let mut s = Streak::default();
        for d in [10, 11, 12, 20, 21] {
            s.record(d);
        }
        assert_eq!((s.current(21), s.current(22), s.current(23), s.longest), (2, 2, 0, 3));
        assert_eq!(s.current(12), 3);
        // 23:30 UTC is already the next day two hours east.
        let late = 5 * 86_400_000 + 23 * 3_600_000 + 30 * 60_000;
        assert_eq!((day_of(late, 0), day_of(late, 120), day_of(late, -600)), (5, 6, 5));
        assert_eq!(day_of(0, -600), 0);
    }

    #[test]
    fn the_mode_names_are_every_modes_name() {
        assert_eq!(MODE_NAMES, Mode::ALL.iter().map(|m| m.name()).collect::<Vec<_>>().join(", "));
    }

    #[test]
    fn empty_text_is_a_fresh_start() {
        assert_eq!(Progress::load("  "), LoadOutcome::Ok(Progress::default()));
    }

    // proptest is a native dev-dependency: the component tests in Chromium build this module too.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        /// The hand-written progress, due times and pack standing are serde_json's text of the
        /// derived `Serialize`, for progress with any names (quotes, control characters, any
        /// Unicode), any numbers, every mode, result and multiplier, and sections empty or not.
        #[test]
        fn saved_progress_is_what_serde_writes(
            names in proptest::collection::vec(proptest::prelude::any::<String>(), 1..6),
            numbers in proptest::collection::vec(proptest::prelude::any::<u64>(), 1..12),
            picks in proptest::collection::vec(0..64usize, 0..40),
            hide_timer in proptest::prelude::any::<bool>(),
        ) {
            use crate::quiz::badge::BadgeRecord;
            let name = |i: usize| names[i % names.len()].clone();
            let number = |i: usize| numbers[i % numbers.len()];
            let multiplier = |i: usize| TimeMultiplier::ALL[i % TimeMultiplier::ALL.len()];
            let mut p = Progress::default();
            p.settings.multiplier = multiplier(picks.len());
            p.settings.hide_timer = hide_timer;
            for (k, &i) in picks.iter().enumerate() {
                match i % 6 {
                    0 => p.history.push(Answer {
                        at_ms: number(k),
                        pack: name(i),
                        question: name(k),
                        mode: Mode::ALL[k % 4],
                        result: Status::ALL[i % Status::ALL.len()],
                        tries: number(i) as u8,
                        points: number(k + 1) as u32,
                    }),
                    1 => p.best.entry(name(k)).or_default().insert(Mode::ALL[i % 4], number(i) as u32),
                    2 => {
                        p.badges.insert(name(i), BadgeRecord { at_ms: number(k), multiplier: multiplier(i) });
                    }
                    3 => {
                        p.review.cards.insert(name(k), Card { box_: number(i) as u8, due_ms: number(k), misses: number(i + k) as u32 });
                    }
                    4 => p.streak.record(number(k) as u32),
                    _ => p.runs.push(number(i)),
                }
            }
            p.streak.longest = number(7) as u32;
            proptest::prop_assert_eq!(p.to_json(), serde_json::to_string(&p.saved()).unwrap());
            let due: Vec<u64> = p.review.cards.values().map(|c| c.due_ms).collect();
            proptest::prop_assert_eq!(p.due_json(), serde_json::to_string(&due).unwrap());
            proptest::prop_assert_eq!(crate::quiz::standing::to_json(&p), serde_json::to_string(&crate::quiz::standing::of(&p)).unwrap());
        }
    }
}
