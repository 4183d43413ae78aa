//! A pack's standing as the pack list and pack pages show it: best Test score, best Challenge
//! score, and whether its badge is earned.
//!
//! Those pages belong to the light build, which does not carry the progress reader; so the
//! quiz build writes this small summary beside the progress each time it saves
//! ([`STANDING_KEY`]), and the light build reads only that. It is derived data: losing or
//! mangling it loses nothing (the next save rewrites it), so the reader ignores what it cannot read.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::quiz::Mode;
use crate::quiz::json_write::Json;
use crate::quiz::progress::Progress;

/// The localStorage key of the summary.
pub const STANDING_KEY: &str = "rollback-lab.pack-standing";

/// One pack's standing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// Best Test score, whole percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<u32>,
    /// Best Challenge score, whole percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge: Option<u32>,
    /// Whether the pack's badge is earned.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub badge: bool,
}

/// The standing of every pack with any, from the progress.
pub fn of(progress: &Progress) -> BTreeMap<String, Standing> {
    crate::sort::map_of(sorted(progress).into_iter().map(|(pack, s)| (pack.to_owned(), s)))
}

/// The standing of every pack with any, as pairs sorted by pack id (what [`of`] holds, in its
/// order): [`to_json`] writes them without a `BTreeMap<String, Standing>` in the quiz build
/// (docs/performance.md, "Session 11").
fn sorted(progress: &Progress) -> Vec<(&str, Standing)> {
    let mut out: Vec<(&str, Standing)> = Vec::new();
    for (pack, modes) in &progress.best {
        let s = crate::sort::entry_sorted(&mut out, pack.as_str());
        s.test = modes.get(&Mode::Test).copied();
        s.challenge = modes.get(&Mode::Challenge).copied();
    }
    for pack in progress.badges.keys() {
        crate::sort::entry_sorted(&mut out, pack.as_str()).badge = true;
    }
    out
}

/// The summary as stored: the JSON object of [`of`], byte for byte, written by hand
/// (`json_write`, docs/performance.md "Session 14").
pub fn to_json(progress: &Progress) -> String {
    let mut j = Json::new();
    j.open();
    for (pack, s) in sorted(progress) {
        j.key(pack).open();
        if let Some(p) = s.test {
            j.key("test").uint(u64::from(p));
        }
        if let Some(p) = s.challenge {
            j.key("challenge").uint(u64::from(p));
        }
        if s.badge {
            j.key("badge").bool(true);
        }
        j.close();
    }
    j.close();
    j.done()
}

/// Reads a stored summary; anything unreadable counts as no standing.
pub fn from_json(text: &str) -> BTreeMap<String, Standing> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return BTreeMap::new();
    };
    let percent = |v: Option<&serde_json::Value>| v.and_then(serde_json::Value::as_u64).filter(|p| *p <= 100).map(|p| p as u32);
    map.iter()
        .map(|(pack, v)| {
            let standing = Standing {
                test: percent(v.get("test")),
                challenge: percent(v.get("challenge")),
                badge: v.get("badge").and_then(serde_json::Value::as_bool).unwrap_or(false),
            };
            (pack.clone(), standing)
        })
        .collect()
}

impl Standing {
    /// One line for a pack card: "Best Test 80% · Challenge 100% · badge earned"; `None` when the
    /// learner has not taken the pack's Test or Challenge yet.
    pub fn summary(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(t) = self.test {
            parts.push(format!("Best Test {t}%"));
        }
        if let Some(c) = self.challenge {
            parts.push(format!("best Challenge {c}%"));
        }
        if self.badge {
            parts.push("badge earned".to_owned());
        }
        if parts.is_empty() {
            return None;
        }
        let mut line = parts.join(" · ");
        // A one-byte prefix is ASCII: ASCII case folding is exact here and keeps the Unicode case
        // tables out of the wasm.
        if let Some(first) = line.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_garbage() {
        let mut p = Progress::default();
        p.best.entry("canary".into()).or_default().insert(Mode::Test, 80);
        p.best.entry("canary".into()).or_default().insert(Mode::Challenge, 100);
        p.best.entry("helm".into()).or_default().insert(Mode::Practice, 50);
        p.badges.insert("canary".into(), crate::quiz::badge::BadgeRecord { at_ms: 1, multiplier: crate::quiz::TimeMultiplier::X1 });
        let read = from_json(&to_json(&p));
        assert_eq!(read, of(&p));
        assert_eq!(read["canary"].summary().as_deref(), Some("Best Test 80% · best Challenge 100% · badge earned"));
        assert_eq!(read["helm"].summary(), None, "practice alone shows nothing");
        assert_eq!(to_json(&p), serde_json::to_string(&of(&p)).unwrap());
        for junk in ["", "[]", "{\"x\": 5}", "{\"x\": {\"test\": 900}}", "nul"] {
            assert!(from_json(junk).values().all(|s| s.summary().is_none()), "{junk}");
        }
    }

    #[test]
    fn the_summary_is_the_maps_json() {
        // Progress with packs in best scores, badges, both or neither, in every order of insertion:
        // the sorted pairs write what serialising the `BTreeMap` of `of` writes.
        let names = ["canary", "blue-green", "a", "Z", "helm-rollback", "é", "canary-2", "b"];
        let mut r = crate::quiz::shuffle::Shuffler::new(3);
        for _ in 0..2_000 {
            let mut p = Progress::default();
            for _ in 0..r.below(12) {
                let pack = names[r.below(names.len() as u32) as usize].to_owned();
                match r.below(4) {
                    0 => p.best.entry(pack).or_default().insert(Mode::Test, r.below(101)),
                    1 => p.best.entry(pack).or_default().insert(Mode::Challenge, r.below(101)),
                    2 => p.best.entry(pack).or_default().insert(Mode::Practice, r.below(101)),
                    _ => {
                        let record = crate::quiz::badge::BadgeRecord { at_ms: 1, multiplier: crate::quiz::TimeMultiplier::X1 };
                        p.badges.insert(pack, record);
                    }
                }
            }
            assert_eq!(to_json(&p), serde_json::to_string(&of(&p)).unwrap());
            assert_eq!(from_json(&to_json(&p)), of(&p));
        }
    }
}
