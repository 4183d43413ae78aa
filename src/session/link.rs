//! The share link: a whole [`SessionSpec`] as one URL-fragment-safe word, `s1.<base64url>`.
//!
//! Nothing goes to a server: the UI puts the word after `#` in the page's URL (browsers never send
//! the fragment), and the learner's app reads it back with [`decode`].
//!
//! # Format, version 1
//! The envelope ([`super::envelope`]) holds the prefix `s1.`, the length and the checksum. The body:
//!
//! | field | encoding |
//! |---|---|
//! | title | varint byte length + UTF-8 (≤ 200 bytes) |
//! | flags | 1 byte: 1 shuffled, 2 time per question, 4 attempts, 8 start time, 16 draw rule; other bits refused |
//! | seed | varint |
//! | time per question (flag 2) | varint seconds, 5–3600 |
//! | attempts (flag 4) | 1 byte, 1–5 |
//! | start time (flag 8) | varint ms since the epoch, ≤ 2^53 − 1 |
//! | pack table | varint count (1–250), then each pack id as text (1–64 bytes) |
//! | questions | varint count (1–200), then each: varint index into the pack table, question id as text (1–64 bytes), fingerprint as 4 bytes little-endian |
//! | draw rule (flag 16) | varint count of packs (≤ 50) and each a varint index into the pack table; 4 varints (easy, medium, hard, expert counts, ≤ 255 each); varint seed |
//!
//! Pack ids are written once in a table because a session usually takes many questions from few
//! packs. Later versions get a new prefix (`s2.`) and a new body reader here, and keep this one.

use super::envelope::{self, DecodeError, Kind};
use super::spec::{
    DrawRule, MAX_DRAW_PACKS, MAX_ID, MAX_QUESTIONS, MAX_START_MS, MAX_TITLE, SessionSpec, SpecQuestion,
    TIME_LIMIT_RANGE,
};
use super::wire::{Reader, Writer};

/// Why a link could not be read (shared with result codes; see [`DecodeError`]'s variants).
pub type LinkError = DecodeError;

/// The newest link version this app writes and reads.
pub const VERSION: u32 = 1;

const SHUFFLED: u8 = 1;
const TIMED: u8 = 2;
const ATTEMPTS: u8 = 4;
const START: u8 = 8;
const DRAWN: u8 = 16;

/// The packs `spec`'s questions and draw rule name, in order of first use: the link's pack table,
/// where a pack's index is its place (found by a linear search: at most 250 packs, and no map code
/// in the wasm for it).
fn pack_table(spec: &SessionSpec) -> Vec<&str> {
    let mut table: Vec<&str> = Vec::new();
    let drawn_packs = spec.drawn.iter().flat_map(|d| d.packs.iter());
    for pack in spec.questions.iter().map(|q| q.pack.as_str()).chain(drawn_packs.map(String::as_str)) {
        if !table.contains(&pack) {
            table.push(pack);
        }
    }
    table
}

/// The v1 body of `spec` (also what [`SessionSpec::id`] hashes).
pub fn body(spec: &SessionSpec) -> Vec<u8> {
    let table = pack_table(spec);
    let index = |pack: &str| table.iter().position(|p| *p == pack).unwrap_or(0) as u64;
    let mut w = Writer::new();
    w.text(&spec.title);
    let flag = |on: bool, bit: u8| if on { bit } else { 0 };
    let flags = flag(spec.shuffle_questions, SHUFFLED)
        | flag(spec.time_limit_s.is_some(), TIMED)
        | flag(spec.attempts.is_some(), ATTEMPTS)
        | flag(spec.start_ms.is_some(), START)
        | flag(spec.drawn.is_some(), DRAWN);
    w.byte(flags);
    w.varint(spec.seed);
    if let Some(t) = spec.time_limit_s {
        w.varint(u64::from(t));
    }
    if let Some(a) = spec.attempts {
        w.byte(a);
    }
    if let Some(s) = spec.start_ms {
        w.varint(s);
    }
    w.varint(table.len() as u64);
    for pack in &table {
        w.text(pack);
    }
    w.varint(spec.questions.len() as u64);
    for q in &spec.questions {
        w.varint(index(&q.pack));
        w.text(&q.question);
        w.u32_le(q.fingerprint);
    }
    if let Some(rule) = &spec.drawn {
        w.varint(rule.packs.len() as u64);
        for p in &rule.packs {
            w.varint(index(p));
        }
        for &n in &rule.per_difficulty {
            w.varint(u64::from(n));
        }
        w.varint(rule.seed);
    }
    w.finish()
}

/// The share word of `spec`: `s1.` and base64url. A spec that passes [`SessionSpec::check`]
/// always decodes back equal; one that does not is refused by [`decode`] with the field named.
pub fn encode(spec: &SessionSpec) -> String {
    envelope::seal(Kind::Link, VERSION, &body(spec))
}

/// The code part of what was pasted or opened: surrounding whitespace is dropped, and from a whole
/// URL only what follows the last `#` or `/` is kept (neither can occur in the code itself), so
/// the learner may paste the link or just the word.
pub fn code_part(text: &str) -> &str {
    let text = text.trim();
    let text = text.rsplit_once('#').map_or(text, |(_, after)| after);
    text.rsplit_once('/').map_or(text, |(_, after)| after)
}

/// Reads a share link (the word, or a whole URL ending in it; see [`code_part`]).
pub fn decode(text: &str) -> Result<SessionSpec, LinkError> {
    let (version, bytes) = envelope::open(code_part(text), Kind::Link, VERSION)?;
    match version {
        1 => read_v1(&bytes),
        _ => Err(DecodeError::UnknownVersion { kind: Kind::Link, version: version.to_string(), newest: VERSION }),
    }
}

fn id_text(r: &mut Reader<'_>, field: &'static str) -> Result<String, DecodeError> {
    let s = r.text(field, MAX_ID)?;
    if s.is_empty() {
        return Err(DecodeError::BadField { field, why: "is empty" });
    }
    Ok(s)
}

fn read_v1(bytes: &[u8]) -> Result<SessionSpec, DecodeError> {
    let mut r = Reader::new(bytes);
    let title = r.text("title", MAX_TITLE)?;
    let flags = r.byte("flags", 0, SHUFFLED | TIMED | ATTEMPTS | START | DRAWN)?;
    let seed = r.varint("seed")?;
    let time_limit_s = if flags & TIMED != 0 {
        Some(r.ranged("time per question", u64::from(TIME_LIMIT_RANGE.0), u64::from(TIME_LIMIT_RANGE.1))? as u32)
    } else {
        None
    };
    let attempts = if flags & ATTEMPTS != 0 { Some(r.byte("attempts", 1, 5)?) } else { None };
    let start_ms = if flags & START != 0 { Some(r.ranged("start time", 0, MAX_START_MS)?) } else { None };
    let packs = r.count("number of packs", (MAX_QUESTIONS + MAX_DRAW_PACKS) as u64)?;
    if packs == 0 {
        return Err(DecodeError::FieldOutOfRange { field: "number of packs", value: 0, min: 1, max: 250 });
    }
    let table: Vec<String> = (0..packs).map(|_| id_text(&mut r, "pack id")).collect::<Result<_, _>>()?;
    let last = packs as u64 - 1;
    let n = r.count("number of questions", MAX_QUESTIONS as u64)?;
    if n == 0 {
        return Err(DecodeError::FieldOutOfRange {
            field: "number of questions",
            value: 0,
            min: 1,
            max: MAX_QUESTIONS as u64,
        });
    }
    let mut questions = Vec::with_capacity(n);
    // A sorted `Vec` as the set: no B-tree code for `(String, String)` in the session build.
    let mut seen: Vec<(String, String)> = Vec::new();
    for _ in 0..n {
        let pack = table[r.ranged("pack of a question", 0, last)? as usize].clone();
        let question = id_text(&mut r, "question id")?;
        let fingerprint = r.u32_le("fingerprint")?;
        if !crate::sort::insert_sorted(&mut seen, (pack.clone(), question.clone())) {
            return Err(DecodeError::BadField { field: "question list", why: "holds a question twice" });
        }
        questions.push(SpecQuestion { pack, question, fingerprint });
    }
    let drawn = if flags & DRAWN != 0 {
        let count = r.count("number of packs drawn from", MAX_DRAW_PACKS as u64)?;
        let packs: Vec<String> = (0..count)
            .map(|_| r.ranged("pack drawn from", 0, last).map(|i| table[i as usize].clone()))
            .collect::<Result<_, _>>()?;
        let mut per_difficulty = [0u8; 4];
        for n in &mut per_difficulty {
            *n = r.ranged("questions per difficulty", 0, 255)? as u8;
        }
        Some(DrawRule { packs, per_difficulty, seed: r.varint("draw seed")? })
    } else {
        None
    };
    r.end()?;
    Ok(SessionSpec {
        title,
        questions,
        drawn,
        shuffle_questions: flags & SHUFFLED != 0,
        seed,
        time_limit_s,
        attempts,
        start_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Pack;
    use crate::session::spec::tests::packs;

    fn sample() -> SessionSpec {
        let p = packs();
        let refs: Vec<&Pack> = p.iter().collect();
        let rule = DrawRule { packs: vec!["b".into(), "a".into()], per_difficulty: [2, 1, 1, 0], seed: 99 };
        let mut spec = SessionSpec::draw("Friday drill: rollbacks ✓", &refs, rule).unwrap();
        spec.shuffle_questions = true;
        spec.time_limit_s = Some(45);
        spec.attempts = Some(2);
        spec.start_ms = Some(1_760_000_000_000);
        spec
    }

    #[test]
    fn a_link_round_trips_and_is_fragment_safe() {
        let spec = sample();
        let link = encode(&spec);
        assert!(link.starts_with("s1."));
        assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{link}");
        assert!(link.len() < 160, "{} characters: {link}", link.len());
        assert_eq!(decode(&link), Ok(spec.clone()));
        assert_eq!(decode(&format!("  https://lab.example/#/session/{link}\n")), Ok(spec.clone()));
        let plain = SessionSpec { drawn: None, time_limit_s: None, attempts: None, start_ms: None, ..spec };
        assert_eq!(decode(&encode(&plain)), Ok(plain));
    }

    #[test]
    fn the_id_follows_every_field() {
        let a = sample();
        let b = SessionSpec { seed: a.seed + 1, ..a.clone() };
        assert_ne!(a.id(), b.id());
        assert_eq!(a.id(), sample().id());
    }

    /// `body(&sample())` as the map-based writer of session 11 wrote it (the two were compared over
    /// 20,000 random specs before the map went).
    const SAMPLE_BODY: &str = "1b467269646179206472696c6c3a20726f6c6c6261636b7320e29c931f632d028080b3c19c3302016101620400026133a38cf3af000261324dc61dba0002613465f011ac0102623286c0610d0201000201010063";

    #[test]
    fn packs_are_numbered_as_the_map_numbered_them() {
        let mut rng = crate::chacha8::ChaCha8::seed_from_u64(15);
        let ids = ["a", "b", "canary", "b2", "zeta", "alpha-1", "é", "m"];
        let mut pick = |n: u32| rng.next_u32() % n;
        for _ in 0..20_000 {
            let pack_count = 1 + pick(ids.len() as u32) as usize;
            let questions = (0..1 + pick(30))
                .map(|q| SpecQuestion {
                    pack: ids[pick(pack_count as u32) as usize].to_owned(),
                    question: format!("q{q}"),
                    fingerprint: pick(u32::MAX),
                })
                .collect();
            let drawn = (pick(2) == 0).then(|| DrawRule {
                packs: (0..pick(6)).map(|_| ids[pick(ids.len() as u32) as usize].to_owned()).collect(),
                per_difficulty: [pick(4) as u8, pick(4) as u8, 0, pick(2) as u8],
                seed: u64::from(pick(1000)),
            });
            let spec = SessionSpec {
                title: "t".repeat(pick(5) as usize),
                questions,
                drawn,
                shuffle_questions: pick(2) == 0,
                seed: u64::from(pick(1 << 20)),
                time_limit_s: (pick(2) == 0).then_some(30),
                attempts: (pick(2) == 0).then_some(2),
                start_ms: (pick(2) == 0).then_some(1_760_000_000_000),
            };
            // Until session 12 a `BTreeMap` gave each pack the next index when first seen.
            let mut numbered: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
            let drawn_packs = spec.drawn.iter().flat_map(|d| d.packs.iter());
            for pack in spec.questions.iter().map(|q| q.pack.as_str()).chain(drawn_packs.map(String::as_str)) {
                let next = numbered.len();
                numbered.entry(pack).or_insert(next);
            }
            let table = pack_table(&spec);
            assert_eq!(table.len(), numbered.len(), "{spec:?}");
            assert!(numbered.iter().all(|(pack, i)| table[*i] == *pack), "{spec:?}");
        }
        // And the bytes of one link, written before the change: ids of stored sessions hash them.
        let hex: String = body(&sample()).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, SAMPLE_BODY);
    }

    #[test]
    fn a_forged_body_is_refused_field_by_field() {
        let mut w = Writer::new();
        w.text("t");
        w.byte(0x40);
        let forged = envelope::seal(Kind::Link, 1, &w.finish());
        assert_eq!(decode(&forged), Err(DecodeError::FieldOutOfRange { field: "flags", value: 0x40, min: 0, max: 31 }));
        assert_eq!(decode(&forged).unwrap_err().to_string(), "the flags is 64, outside 0 to 31");
    }
}
