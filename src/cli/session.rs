//! `lab fuzz-codes`: random and mangled share links and result codes fed to both decoders (and,
//! now and then, to the dashboard), counting panics. Also the random specs and codes that the
//! property tests (`tests/session_*.rs`) draw from, so the fuzzer and the tests agree on what a
//! valid value looks like.
//!
//! Architecture invariant: native only (it times itself with the wall clock); it returns its report.

use std::time::Instant;

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use crate::quiz::{Status, TimeMultiplier};
use crate::session::envelope::{self, Kind};
use crate::session::result_code::{Answer, MAX_NAME, MAX_TIME_S, ResultCode};
use crate::session::spec::{DrawRule, MAX_ID, MAX_TITLE, SessionId, SessionSpec, SpecQuestion};
use crate::base64url;
use crate::session::{Dashboard, link};

/// Usage, for `lab --help`.
pub const USAGE: &str = "\
  fuzz-codes N [SEED] feed N random and mangled share links and result codes to both decoders; report any panic
";

/// A uniform value in `0..n` (0 when `n` is 0), as `quiz::shuffle` draws: a `u32`, never a `usize`.
fn below(rng: &mut ChaCha8Rng, n: u32) -> u32 {
    ((u64::from(rng.next_u32()) * u64::from(n)) >> 32) as u32
}

/// Characters random texts are made of: ASCII, the characters of codes, and some that need care
/// (multi-byte, combining, quotes, separators of CSV and URLs).
const CHARS: &[char] = &[
    'a', 'b', 'Z', '0', '9', '-', '_', '.', ' ', ',', '"', '\'', '\n', '\r', '\t', '#', '/', '=', '+', 'é', 'ß', '✓',
    '🚀', '\u{301}', '\u{0}', 's', 'r', '1',
];

/// A random text of at most `max_bytes` bytes of UTF-8 (at least one character when `non_empty`).
pub fn random_text(rng: &mut ChaCha8Rng, max_bytes: usize, non_empty: bool) -> String {
    let target = below(rng, max_bytes as u32 + 1) as usize;
    let mut s = String::new();
    while s.len() < target || (non_empty && s.is_empty()) {
        let c = CHARS[below(rng, CHARS.len() as u32) as usize];
        if s.len() + c.len_utf8() > max_bytes {
            break;
        }
        s.push(c);
    }
    if non_empty && s.is_empty() {
        s.push('x');
    }
    s
}

/// A random id: 1 to 64 bytes, ending in `suffix` so ids built with different suffixes differ.
fn random_id(rng: &mut ChaCha8Rng, suffix: usize) -> String {
    let tail = format!("-{suffix}");
    let head = random_text(rng, MAX_ID - tail.len(), false);
    format!("{head}{tail}")
}

fn maybe<T>(rng: &mut ChaCha8Rng, f: impl FnOnce(&mut ChaCha8Rng) -> T) -> Option<T> {
    if rng.next_u32() & 1 == 0 { Some(f(rng)) } else { None }
}

/// A random spec that passes [`SessionSpec::check`]: every field drawn over its whole range.
pub fn random_spec(rng: &mut ChaCha8Rng) -> SessionSpec {
    let title = random_text(rng, MAX_TITLE, false);
    let packs: Vec<String> = (0..1 + below(rng, 6) as usize).map(|i| random_id(rng, i)).collect();
    // Mostly short sessions (the common case), sometimes up to the limit.
    let n = 1 + if below(rng, 20) == 0 { below(rng, 200) } else { below(rng, 30) } as usize;
    let questions = (0..n)
        .map(|i| SpecQuestion {
            pack: packs[below(rng, packs.len() as u32) as usize].clone(),
            question: random_id(rng, i),
            fingerprint: rng.next_u32(),
        })
        .collect();
    let drawn = maybe(rng, |rng| DrawRule {
        packs: (0..below(rng, 4)).map(|i| random_id(rng, 100 + i as usize)).collect(),
        per_difficulty: [rng.next_u32() as u8, rng.next_u32() as u8, rng.next_u32() as u8, rng.next_u32() as u8],
        seed: rng.next_u64(),
    });
    SessionSpec {
        title,
        questions,
        drawn,
        shuffle_questions: rng.next_u32() & 1 == 0,
        seed: if below(rng, 4) == 0 { u64::from(below(rng, 100)) } else { rng.next_u64() },
        time_limit_s: maybe(rng, |rng| 5 + below(rng, 3596)),
        attempts: maybe(rng, |rng| 1 + below(rng, 5) as u8),
        start_ms: maybe(rng, |rng| rng.next_u64() >> 11),
    }
}

/// A random result code that decodes: every field drawn over its whole range.
pub fn random_code(rng: &mut ChaCha8Rng) -> ResultCode {
    let n = below(rng, 40) as usize;
    let answers = (0..n)
        .map(|_| Answer {
            status: Status::ALL[below(rng, 6) as usize],
            points: below(rng, 1001),
            time_s: if below(rng, 10) == 0 { below(rng, MAX_TIME_S + 1) } else { below(rng, 120) },
            tries: (0..below(rng, 6))
                .map(|_| if below(rng, 8) == 0 { rng.next_u32() } else { below(rng, 64) })
                .collect(),
        })
        .collect();
    ResultCode {
        session: SessionId(rng.next_u64()),
        name: random_text(rng, MAX_NAME, true),
        multiplier: TimeMultiplier::ALL[below(rng, TimeMultiplier::ALL.len() as u32) as usize],
        answers,
    }
}

/// `text` with one character replaced, inserted or deleted at a random place.
pub fn mutate(rng: &mut ChaCha8Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = below(rng, chars.len() as u32 + 1) as usize;
    let c = if below(rng, 4) == 0 {
        CHARS[below(rng, CHARS.len() as u32) as usize]
    } else {
        // A character of the code alphabet: the mangling that gets furthest into the decoder.
        char::from(base64url::encode(&[rng.next_u32() as u8]).as_bytes()[0])
    };
    match below(rng, 3) {
        0 if at < chars.len() => chars[at] = c,
        1 => chars.insert(at, c),
        _ if at < chars.len() => {
            chars.remove(at);
        }
        _ => chars.push(c),
    }
    chars.into_iter().collect()
}

/// One fuzz input, by one of six strategies (see [`fuzz_codes`]).
fn fuzz_input(rng: &mut ChaCha8Rng, links: &[String], codes: &[String]) -> String {
    let pick = |rng: &mut ChaCha8Rng, pool: &[String]| pool[below(rng, pool.len() as u32) as usize].clone();
    let valid = |rng: &mut ChaCha8Rng| if rng.next_u32() & 1 == 0 { pick(rng, links) } else { pick(rng, codes) };
    match below(rng, 6) {
        // Noise, sometimes behind a real prefix.
        0 => {
            let prefix = ["", "s1.", "r1.", "s2.", "r0.", "s01."][below(rng, 6) as usize];
            format!("{prefix}{}", random_text(rng, 120, false))
        }
        // One character mangled.
        1 => {
            let v = valid(rng);
            mutate(rng, &v)
        }
        // Cut short.
        2 => {
            let v = valid(rng);
            let keep = below(rng, v.len() as u32) as usize;
            v.char_indices().take_while(|(i, _)| *i < keep).map(|(_, c)| c).collect()
        }
        // Random bytes with a correct checksum: straight into the field readers.
        3 => {
            let body: Vec<u8> = (0..below(rng, 80)).map(|_| rng.next_u32() as u8).collect();
            let kind = if rng.next_u32() & 1 == 0 { Kind::Link } else { Kind::Result };
            envelope::seal(kind, 1, &body)
        }
        // A valid body with one byte changed and the checksum recomputed: deep field errors.
        4 => {
            let v = valid(rng);
            let kind = if v.starts_with('s') { Kind::Link } else { Kind::Result };
            let (_, mut body) = envelope::open(&v, kind, 1).unwrap_or_default();
            if !body.is_empty() {
                let at = below(rng, body.len() as u32) as usize;
                body[at] = rng.next_u32() as u8;
            }
            if below(rng, 3) == 0 {
                body.truncate(below(rng, body.len() as u32 + 1) as usize);
            }
            envelope::seal(kind, 1, &body)
        }
        // Several mangles at once.
        _ => {
            let mut v = valid(rng);
            for _ in 0..1 + below(rng, 4) {
                v = mutate(rng, &v);
            }
            v
        }
    }
}

/// Feeds `n` random and mangled inputs to [`link::decode`] and [`ResultCode::decode`] (and every
/// 64th batch of 16 to [`Dashboard::load`]), catching panics. `Ok` with the figures when nothing
/// panicked; `Err` with the first inputs that did.
///
/// The strategies, one sixth each: noise (sometimes behind a real prefix); a valid link or code
/// with one character replaced, inserted or deleted; one cut short; random bytes sealed with a
/// correct checksum; a valid body with one byte changed and resealed; several mangles at once.
pub fn fuzz_codes(n: u64, seed: u64) -> Result<String, String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let specs: Vec<SessionSpec> = (0..64).map(|_| random_spec(&mut rng)).collect();
    let links: Vec<String> = specs.iter().map(link::encode).collect();
    let codes: Vec<String> = (0..64).map(|_| random_code(&mut rng).encode()).collect();
    let (mut links_read, mut codes_read, mut unchanged) = (0u64, 0u64, 0u64);
    let mut panics: Vec<String> = Vec::new();
    let mut panic_count = 0u64;
    let mut batch: Vec<String> = Vec::with_capacity(16);
    let t = Instant::now();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for i in 0..n {
        let input = fuzz_input(&mut rng, &links, &codes);
        let result = std::panic::catch_unwind(|| {
            let l = link::decode(&input).is_ok();
            let c = ResultCode::decode(&input).is_ok();
            (l, c)
        });
        match result {
            Ok((l, c)) => {
                links_read += u64::from(l);
                codes_read += u64::from(c);
                unchanged += u64::from((l || c) && (links.contains(&input) || codes.contains(&input)));
            }
            Err(_) => {
                panic_count += 1;
                if panics.len() < 20 {
                    panics.push(format!("{input:?}"));
                }
            }
        }
        if (i / 16) % 64 == 0 {
            batch.push(input);
            if batch.len() == 16 {
                let text = batch.join("\n");
                let spec = &specs[(i % 64) as usize];
                if std::panic::catch_unwind(|| Dashboard::load(spec, &text)).is_err() {
                    panic_count += 1;
                    panics.push(format!("dashboard: {text:?}"));
                }
                batch.clear();
            }
        }
    }
    std::panic::set_hook(previous_hook);
    let mut s = format!(
        "fuzz-codes: {n} inputs (seed {seed}) in {:.1} s; {links_read} read as links, {codes_read} as result codes \
         ({unchanged} of them an unchanged valid code); {panic_count} panicked\n",
        t.elapsed().as_secs_f64(),
    );
    for p in &panics {
        s.push_str(&format!("  panic on {p}\n"));
    }
    if panic_count == 0 { Ok(s) } else { Err(s) }
}

/// `lab fuzz-codes N [SEED]`.
pub fn run_fuzz_codes(args: &[String]) -> Result<String, String> {
    let n: u64 =
        args.first().ok_or("usage: lab fuzz-codes N [SEED]")?.parse().map_err(|_| "fuzz-codes: N must be a number")?;
    let seed: u64 = match args.get(1) {
        Some(s) => s.parse().map_err(|_| "fuzz-codes: SEED must be a number")?,
        None => 0x5eed,
    };
    fuzz_codes(n, seed)
}

/// `lab bench-dashboard`: a dashboard of `codes` result codes of one 20-question session (random
/// names, answers and times; distinct names, so all load), computed `runs` times: reading the codes,
/// the leaderboard, the item analysis, both CSV files and the browser store's save and read back,
/// which is all the dashboard page computes. Reports the median and the fastest run.
pub fn bench_dashboard(codes: u32, runs: u32, seed: u64) -> Result<String, String> {
    use crate::session::store::{SessionStore, StoreLoad};
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut spec = random_spec(&mut rng);
    spec.questions.truncate(20);
    while spec.questions.len() < 20 {
        let i = spec.questions.len();
        spec.questions.push(SpecQuestion { pack: "bench".into(), question: format!("q{i}"), fingerprint: i as u32 });
    }
    let id = spec.id();
    let n = spec.questions.len();
    let text: Vec<String> = (0..codes)
        .map(|i| {
            let mut code = random_code(&mut rng);
            code.session = id;
            code.name = format!("learner {i}");
            while code.answers.len() < n {
                code.answers.push(Answer { status: Status::Correct, points: 1000, time_s: below(&mut rng, 60), tries: vec![1] });
            }
            code.answers.truncate(n);
            code.encode()
        })
        .collect();
    let text = text.join("\n");
    let mut times = Vec::new();
    let mut check = (0, 0, 0);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let (d, problems) = Dashboard::load(&spec, &text);
        let board = d.leaderboard();
        let items = d.items();
        let csv = d.to_csv().len() + d.items_csv().len();
        let mut store = SessionStore::default();
        store.set_codes(&spec, d.results.iter().map(ResultCode::encode).collect(), 0);
        let StoreLoad::Ok(back, _) = SessionStore::load(&store.to_json()) else {
            return Err("bench-dashboard: the store did not read back".into());
        };
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        check = (board.len() + problems.len(), items.len(), csv.min(1) + back.sessions.len());
    }
    if check.0 != codes as usize || check.1 != n {
        return Err(format!("bench-dashboard: expected {codes} results over {n} questions, got {check:?}"));
    }
    times.sort_by(f64::total_cmp);
    Ok(format!(
        "bench-dashboard: {codes} result codes, {n} questions, {} runs: median {:.1} ms, fastest {:.1} ms \
         (load, leaderboard, item analysis, both CSV files, store save and read)\n",
        times.len(),
        times[times.len() / 2],
        times[0],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_dashboard_loads_every_code() {
        let report = bench_dashboard(50, 1, 3).unwrap();
        assert!(report.starts_with("bench-dashboard: 50 result codes, 20 questions"), "{report}");
    }

    #[test]
    fn a_short_fuzz_run_finds_no_panic() {
        let report = fuzz_codes(3_000, 1).unwrap();
        assert!(report.contains("0 panicked"), "{report}");
    }

    #[test]
    fn random_values_are_valid() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for _ in 0..200 {
            let spec = random_spec(&mut rng);
            assert_eq!(spec.check(), Ok(()), "{spec:?}");
        }
    }
}
