//! A learner's result code: what they did in a session, as one word to copy or download,
//! `r1.<base64url>`, for the instructor's dashboard.
//!
//! # Format, version 1
//! The envelope ([`super::envelope`]) holds the prefix `r1.`, the length and the checksum. The body:
//!
//! | field | encoding |
//! |---|---|
//! | session id | 8 bytes little-endian ([`SessionId`]) |
//! | display name | varint byte length + UTF-8 (1–64 bytes) |
//! | time multiplier | 1 byte: 0 ×1, 1 ×1.5, 2 ×2, 3 untimed, 4 ×10 |
//! | answers | varint count (≤ 200), then per question of the spec, in the spec's order: |
//! | · status | 1 byte: 0 not reached, 1 in progress, 2 correct, 3 wrong, 4 time up, 5 skipped |
//! | · points | varint thousandths of a point, 0–1000 |
//! | · time | varint whole seconds from showing to settling, ≤ 604 800 |
//! | · tries | varint count (≤ 15), then each try's options as a varint bit set (bit i: authored option i; 0 for ordering questions) |
//!
//! Answers follow the spec's order, not the learner's shuffled one, so the dashboard lines up every
//! learner's answer to a question without knowing how each run was dealt.

use super::envelope::{self, DecodeError, Kind};
use super::spec::{MAX_QUESTIONS, SessionId, SessionSpec};
use super::wire::{Reader, Writer};
use crate::pack::Interaction;
use crate::quiz::TimeMultiplier;
use crate::quiz::run::{Run, Status};
use crate::quiz::score::{FULL, slot_points};

/// Why a result code could not be read (shared with links; see [`DecodeError`]'s variants).
pub type ResultCodeError = DecodeError;

/// The newest result code version this app writes and reads.
pub const VERSION: u32 = 1;
/// The longest display name kept, in bytes of UTF-8.
pub const MAX_NAME: usize = 64;
/// The name written when the learner gave none.
pub const NO_NAME: &str = "(no name)";
/// The most seconds one question can be recorded as taking (a week: untimed runs may idle).
pub const MAX_TIME_S: u32 = 604_800;
/// The most tries recorded per question.
pub const MAX_TRIES: usize = 15;

/// What a learner did with one question of the session.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Answer {
    /// How it ended.
    pub status: Status,
    /// Points earned, in thousandths (see [`crate::quiz::score`]).
    pub points: u32,
    /// Whole seconds from showing the question to settling it (0 if never shown or still open).
    pub time_s: u32,
    /// Each try's options, as a bit set: bit `i` set when authored option `i` was chosen. Ordering
    /// questions record 0 per try (only their tries count and status matter to the analysis).
    pub tries: Vec<u32>,
}

impl Answer {
    /// The authored indices of the options chosen on try `n` (0-based), ascending.
    pub fn chosen(&self, n: usize) -> Vec<u8> {
        let mask = self.tries.get(n).copied().unwrap_or(0);
        (0..32u8).filter(|i| mask & (1 << i) != 0).collect()
    }
}

/// A learner's result for a session.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResultCode {
    /// The session it belongs to.
    pub session: SessionId,
    /// The name the learner gave (trimmed, at most [`MAX_NAME`] bytes).
    pub name: String,
    /// The learner's time accommodation, shown beside their time.
    pub multiplier: TimeMultiplier,
    /// One per question of the spec, in the spec's order.
    pub answers: Vec<Answer>,
}

fn multiplier_byte(m: TimeMultiplier) -> u8 {
    TimeMultiplier::ALL.iter().position(|&x| x == m).unwrap_or(0) as u8
}

fn status_byte(s: Status) -> u8 {
    Status::ALL.iter().position(|&x| x == s).unwrap_or(0) as u8
}

/// `name` trimmed and cut to [`MAX_NAME`] bytes at a character boundary; [`NO_NAME`] when empty.
pub fn clean_name(name: &str) -> String {
    let name = name.trim();
    let mut end = name.len().min(MAX_NAME);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let name = name[..end].trim_end();
    if name.is_empty() { NO_NAME.to_owned() } else { name.to_owned() }
}

impl ResultCode {
    /// The result of `run`, a run dealt from `spec` (finished or not: unsettled questions say so).
    ///
    /// Answers are put in the spec's order by matching each spec question with the run's slot of
    /// the same pack and id; a spec question the run lacks is recorded as not reached. (It takes
    /// the spec rather than only its id because the run's order is shuffled.)
    pub fn from_run(spec: &SessionSpec, display_name: &str, run: &Run) -> ResultCode {
        let mut used = vec![false; run.len()];
        let answers = spec
            .questions
            .iter()
            .map(|sq| {
                let found = run.slots().iter().enumerate().find(|(i, s)| {
                    !used.get(*i).copied().unwrap_or(true) && s.pack == sq.pack && s.question == sq.question
                });
                let Some((index, slot)) = found else {
                    return Answer { status: Status::Waiting, points: 0, time_s: 0, tries: Vec::new() };
                };
                if let Some(u) = used.get_mut(index) {
                    *u = true;
                }
                let question = run.question(index);
                let ordering = question.is_some_and(|q| q.interaction == Interaction::Ordering);
                let points = question.map_or(0, |q| slot_points(run.mode(), slot, q)).min(FULL);
                let time_ms = slot.opened_ms.zip(slot.settled_ms).map_or(0, |(o, s)| s.saturating_sub(o));
                // The one rounding the learner's "Answered in" also uses (nearest second).
                let time_s = u32::try_from(crate::quiz::timer::answer_seconds(time_ms)).unwrap_or(u32::MAX).min(MAX_TIME_S);
                let tries =
                    slot.tries
                        .iter()
                        .take(MAX_TRIES)
                        .map(|t| {
                            if ordering {
                                0
                            } else {
                                t.answer.iter().filter(|&&a| a < 32).fold(0u32, |m, &a| m | 1 << a)
                            }
                        })
                        .collect();
                Answer { status: slot.status, points, time_s, tries }
            })
            .collect();
        ResultCode {
            session: spec.id(),
            name: clean_name(display_name),
            multiplier: run.settings().multiplier,
            answers,
        }
    }

    /// The total score, in thousandths of a point.
    pub fn score(&self) -> u32 {
        self.answers.iter().map(|a| a.points).sum()
    }

    /// The total time, in seconds.
    pub fn time_s(&self) -> u64 {
        self.answers.iter().map(|a| u64::from(a.time_s)).sum()
    }

    /// How many questions were answered right.
    pub fn correct(&self) -> u32 {
        self.answers.iter().filter(|a| a.status == Status::Correct).count() as u32
    }

    /// The code's text: `r1.` and base64url. A code from [`ResultCode::from_run`] always decodes
    /// back equal.
    pub fn encode(&self) -> String {
        let mut w = Writer::new();
        w.u64_le(self.session.0);
        w.text(&self.name);
        w.byte(multiplier_byte(self.multiplier));
        w.varint(self.answers.len() as u64);
        for a in &self.answers {
            w.byte(status_byte(a.status));
            w.varint(u64::from(a.points));
            w.varint(u64::from(a.time_s));
            w.varint(a.tries.len() as u64);
            for &t in &a.tries {
                w.varint(u64::from(t));
            }
        }
        envelope::seal(Kind::Result, VERSION, &w.finish())
    }

    /// Reads a result code (surrounding whitespace ignored).
    pub fn decode(text: &str) -> Result<ResultCode, ResultCodeError> {
        let (version, bytes) = envelope::open(text.trim(), Kind::Result, VERSION)?;
        if version != 1 {
            return Err(DecodeError::UnknownVersion {
                kind: Kind::Result,
                version: version.to_string(),
                newest: VERSION,
            });
        }
        let mut r = Reader::new(&bytes);
        let session = SessionId(r.u64_le("session id")?);
        let name = r.text("display name", MAX_NAME)?;
        if name.is_empty() {
            return Err(DecodeError::BadField { field: "display name", why: "is empty" });
        }
        let multiplier = TimeMultiplier::ALL[usize::from(r.byte("time multiplier", 0, (TimeMultiplier::ALL.len() - 1) as u8)?)];
        let n = r.count("number of answers", MAX_QUESTIONS as u64)?;
        let mut answers = Vec::with_capacity(n);
        for _ in 0..n {
            let status = Status::ALL[usize::from(r.byte("status", 0, 5)?)];
            let points = r.ranged("points", 0, u64::from(FULL))? as u32;
            let time_s = r.ranged("time", 0, u64::from(MAX_TIME_S))? as u32;
            let count = r.count("number of tries", MAX_TRIES as u64)?;
            let tries = (0..count)
                .map(|_| r.ranged("options chosen", 0, u64::from(u32::MAX)).map(|m| m as u32))
                .collect::<Result<_, _>>()?;
            answers.push(Answer { status, points, time_s, tries });
        }
        r.end()?;
        Ok(ResultCode { session, name, multiplier, answers })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Pack;
    use crate::quiz::Action;
    use crate::session::spec::tests::packs;

    #[test]
    fn a_finished_run_becomes_a_code_in_spec_order() {
        let p = packs();
        let refs: Vec<&Pack> = p.iter().collect();
        let list: Vec<(String, String)> =
            [("a", "a1"), ("a", "a3"), ("b", "b2")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let mut spec = SessionSpec::from_questions("T", &refs, &list).unwrap();
        spec.shuffle_questions = true;
        spec.seed = 3;
        let mut run = spec.start_run(&refs, TimeMultiplier::X1_5, 0).unwrap();
        let mut now = 0;
        // Answer a1 right on the first try (at 2.4 s), a3 wrong then right, and skip b2.
        while !run.is_finished() {
            let i = run.current_index();
            let id = run.slot(i).unwrap().question.clone();
            let opened = now;
            let choose = |run: &mut Run, authored: u8, at| {
                let pos = run.position_of(i, authored).unwrap();
                run.reduce(Action::Choose(pos), at);
            };
            match id.as_str() {
                "a1" => {
                    choose(&mut run, 0, now + 1000);
                    run.reduce(Action::Submit, opened + 2400);
                }
                "a3" => {
                    choose(&mut run, 1, now + 100);
                    run.reduce(Action::Submit, now + 200);
                    choose(&mut run, 1, now + 300);
                    choose(&mut run, 0, now + 400);
                    choose(&mut run, 2, now + 500);
                    run.reduce(Action::Submit, opened + 7000);
                }
                _ => {
                    run.reduce(Action::Skip, now + 1000);
                }
            }
            now += 10_000;
            run.reduce(Action::Next, now);
        }
        let code = ResultCode::from_run(&spec, "  Ada, \"the\" Lovelace  ", &run);
        assert_eq!(code.name, "Ada, \"the\" Lovelace");
        assert_eq!(code.session, spec.id());
        assert_eq!(code.multiplier, TimeMultiplier::X1_5);
        let summary: Vec<_> = code.answers.iter().map(|a| (a.status, a.points, a.time_s, a.tries.clone())).collect();
        assert_eq!(
            summary,
            vec![
                (Status::Correct, 1000, 2, vec![0b0001]),
                (Status::Correct, 500, 7, vec![0b0010, 0b0101]),
                (Status::Skipped, 0, 1, vec![]),
            ]
        );
        assert_eq!(code.answers[1].chosen(1), vec![0, 2]);
        assert_eq!((code.score(), code.correct(), code.time_s()), (1500, 2, 10));
        let text = code.encode();
        assert!(text.starts_with("r1.") && text.len() < 80, "{text}");
        assert_eq!(ResultCode::decode(&text), Ok(code));
    }

    #[test]
    fn names_are_trimmed_and_cut_on_a_character() {
        assert_eq!(clean_name("   "), NO_NAME);
        let long = "é".repeat(40);
        let cut = clean_name(&long);
        assert_eq!(cut.len(), 64);
        assert_eq!(clean_name("Bo"), "Bo");
    }

    #[test]
    fn a_link_is_not_a_result_code() {
        let err = ResultCode::decode("s1.AAAA").unwrap_err();
        assert_eq!(err.to_string(), "this is a session link, not a result code");
    }
}
