//! An incident run's replay code, `p1.<base64url>`: the seed and the action log, so a link
//! (`incidents/<id>?replay=CODE`) replays the same run and grades it again.
//!
//! # Format, version 1
//! The envelope ([`super::envelope`]) holds the prefix `p1.`, the length and the checksum. The body:
//!
//! | field | encoding |
//! |---|---|
//! | seed | varint |
//! | actions | varint count (≤ [`MAX_ACTIONS`]), then per action: |
//! | · time | varint seconds after the previous action (the first: after the start) |
//! | · line | varint byte length (≤ [`MAX_LINE`]) + UTF-8 |
//!
//! Times are deltas, so a code can never go back in time. Whether the actions fit the scenario is
//! checked against it ([`Replay::decode_for`]); the run itself follows the incident's rules
//! ([`crate::incident::IncidentRun`]), so a forged code cannot ask for more than a run allows.

use std::fmt;

use super::envelope::{self, DecodeError, Kind};
use super::wire::{Reader, Writer};
use crate::incident::Script;
use crate::sim::Scenario;

/// The newest replay code version this app writes and reads.
pub const VERSION: u32 = 1;
/// More actions than a learner could type in an incident: the rest of a code is not trusted.
pub const MAX_ACTIONS: usize = 5000;
/// The longest line kept, in bytes (the simulator keeps 500 characters of a line).
pub const MAX_LINE: usize = 2000;

/// A decoded replay: the seed and the timed console lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replay {
    /// The run's seed.
    pub seed: u64,
    /// The actions at their ticks.
    pub script: Script,
}

/// Why a replay code cannot be replayed on a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// The code itself is unreadable (see [`DecodeError`]).
    Code(DecodeError),
    /// Action `action` (1-based) is at `tick`, after the scenario's end `end`.
    PastEnd {
        /// 1-based index of the action.
        action: usize,
        /// Its tick.
        tick: u32,
        /// The scenario's end.
        end: u32,
    },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Code(e) => e.fmt(f),
            ReplayError::PastEnd { action, .. } => write!(f, "its action {action} lies past the end of this scenario"),
        }
    }
}

impl From<DecodeError> for ReplayError {
    fn from(e: DecodeError) -> ReplayError {
        ReplayError::Code(e)
    }
}

impl Replay {
    /// The code of a run: its seed and its action log as a script.
    pub fn encode(seed: u64, script: &Script) -> String {
        let mut w = Writer::new();
        w.varint(seed);
        let actions = &script.actions[..script.actions.len().min(MAX_ACTIONS)];
        w.varint(actions.len() as u64);
        let mut last = 0u32;
        for a in actions {
            w.varint(u64::from(a.at.saturating_sub(last)));
            last = last.max(a.at);
            // Cut at a character boundary within MAX_LINE bytes (a line never holds a newline).
            let mut end = a.command.len().min(MAX_LINE);
            while !a.command.is_char_boundary(end) {
                end -= 1;
            }
            w.text(&a.command[..end]);
        }
        envelope::seal(Kind::Replay, VERSION, &w.finish())
    }

    /// Reads a code made by [`Replay::encode`], or says what is wrong with it.
    pub fn decode(text: &str) -> Result<Replay, DecodeError> {
        let (_, bytes) = envelope::open(text.trim(), Kind::Replay, VERSION)?;
        let mut r = Reader::new(&bytes);
        let seed = r.varint("seed")?;
        let n = r.count("action count", MAX_ACTIONS as u64)?;
        let mut timed = Vec::with_capacity(n);
        let mut at = 0u32;
        for _ in 0..n {
            let delta = r.ranged("action time", 0, u64::from(u32::MAX))?;
            at = at.saturating_add(u32::try_from(delta).unwrap_or(u32::MAX));
            timed.push((at, r.text("action line", MAX_LINE)?));
        }
        r.end()?;
        Ok(Replay { seed, script: Script::from_timed(timed.iter().map(|(t, l)| (*t, l.as_str()))) })
    }

    /// Reads a code and checks that its actions fit `scenario` (none after its end).
    pub fn decode_for(text: &str, scenario: &Scenario) -> Result<Replay, ReplayError> {
        let replay = Replay::decode(text)?;
        let end = scenario.duration.0;
        if let Some((i, a)) = replay.script.actions.iter().enumerate().find(|(_, a)| a.at > end) {
            return Err(ReplayError::PastEnd { action: i + 1, tick: a.at, end });
        }
        Ok(replay)
    }
}

/// The replay code in a page's query string (`?replay=CODE`), if any.
pub fn from_query(query: &str) -> Option<&str> {
    query.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("replay="))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(actions: &[(u32, &str)]) -> Script {
        Script::from_timed(actions.iter().copied())
    }

    #[test]
    fn round_trip() {
        let actions = [(0, "kubectl get pods"), (95, "notify payments 'rolled back — ok ✓'"), (95, "x")];
        for n in 0..=actions.len() {
            let s = script(&actions[..n]);
            let code = Replay::encode(42, &s);
            assert!(code.starts_with("p1."), "{code}");
            assert!(code.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{code}");
            assert_eq!(Replay::decode(&code), Ok(Replay { seed: 42, script: s }));
        }
    }

    #[test]
    fn mangled_codes_are_refused_with_a_reason() {
        let code = Replay::encode(7, &script(&[(60, "kubectl rollout undo deployment/checkout")]));
        assert!(matches!(Replay::decode(&code[..code.len() / 2]), Err(DecodeError::Truncated { .. })));
        let mut chars: Vec<char> = code.chars().collect();
        let i = chars.len() - 3;
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        assert!(Replay::decode(&chars.into_iter().collect::<String>()).is_err());
        for bad in ["", ".", "abc", "é.0000", "!!!.12345678", "p1.", "r1.AAAA", &format!("{code}x")] {
            assert!(Replay::decode(bad).is_err(), "{bad}");
        }
        assert!(matches!(Replay::decode("s1.AAAA"), Err(DecodeError::WrongKind { expected: Kind::Replay, found: Kind::Link })));
    }

    #[test]
    fn actions_past_the_end_are_refused() {
        let sc = Scenario::from_json(r#"{"id":"t","title":"T","duration":"10m","app":{"name":"a","strategy":"rolling","image":"r/a","version":"v1"}}"#).unwrap();
        let late = Replay::encode(1, &script(&[(60, "metrics"), (601, "alerts")]));
        assert_eq!(Replay::decode_for(&late, &sc), Err(ReplayError::PastEnd { action: 2, tick: 601, end: 600 }));
        assert!(Replay::decode_for(&Replay::encode(1, &script(&[(600, "alerts")])), &sc).is_ok());
    }

    #[test]
    fn query() {
        assert_eq!(from_query("?a=1&replay=XYZ.01"), Some("XYZ.01"));
        assert_eq!(from_query(""), None);
    }
}
