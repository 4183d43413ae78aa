//! What a finished run reports to an LMS through the SCORM 1.2 run-time data model: the pure part
//! of the bridge (`ui::scorm` finds the LMS's API and makes the calls).
//!
//! Values follow the SCORM 1.2 RTE data types: `CMITimespan` is `HHHH:MM:SS.SS`; an interaction's
//! `student_response` for `choice` is the letters of the options chosen as displayed (`a`, `b`, …,
//! comma-separated) and for `sequencing` the authored steps in the order given, each as a letter
//! (`a` is the first step of the right order), so the right order always reads `a,b,c,…`.
//!
//! Architecture invariant: plain Rust like the rest of `quiz` (no web crates, no clock); never
//! panics; every value fits its SCORM 1.2 type (`suspend_data` within [`SUSPEND_MAX`] characters).

use super::run::{Run, Status};
use super::score;
use crate::pack::Interaction;

/// `cmi.suspend_data` holds at most this many characters in SCORM 1.2.
pub const SUSPEND_MAX: usize = 4096;

/// The passing score when the LMS gives none (`cmi.student_data.mastery_score` empty or not a number).
pub const DEFAULT_MASTERY: u32 = 80;

/// `ms` as a SCORM 1.2 `CMITimespan`, `HHHH:MM:SS.SS` (hours capped at 9999).
pub fn timespan(ms: u64) -> String {
    let hundredths = ms / 10;
    let hours = (hundredths / 360_000).min(9999);
    let rest = if hours == 9999 { 359_999 } else { hundredths % 360_000 };
    format!("{hours:04}:{:02}:{:02}.{:02}", rest / 6000, rest / 100 % 60, rest % 100)
}

/// A SCORM 1.2 `cmi.core.student_name` ("Last, First", by the standard's convention) as a person
/// writes it: "First Last". A name without a comma is kept as it is; an empty one is `None`.
pub fn display_name(lms_name: &str) -> Option<String> {
    let name = match lms_name.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() && !last.trim().is_empty() => format!("{} {}", first.trim(), last.trim()),
        _ => lms_name.trim().trim_matches(',').trim().to_owned(),
    };
    (!name.is_empty()).then_some(name)
}

/// The mastery score the LMS handed over, else [`DEFAULT_MASTERY`].
///
/// The value a `parse::<f64>()` of the trimmed text, rounded up, would give when it is a number
/// from 0 to 100 (Rust's float grammar: sign, digits with an optional point, optional exponent;
/// `inf`, `NaN` and anything else give the default), worked out exactly in integers: the float
/// parser is 10 KB of tables and code in the wasm for this one call (docs/performance.md,
/// "Session 8"). A test compares the two over many texts.
pub fn mastery(lms_value: &str) -> u32 {
    ceil_percent(lms_value.trim()).unwrap_or(DEFAULT_MASTERY)
}

/// `text` read as a decimal number (Rust's float grammar, no `inf`/`nan`), rounded to the nearest
/// `f64` as the float parser rounds, then up to a whole number: `Some` when that is from 0 to 100.
fn ceil_percent(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let int_len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (int_digits, rest) = rest.split_at(int_len);
    let (frac_digits, rest) = match rest.split_first() {
        Some((b'.', after)) => after.split_at(after.iter().take_while(|b| b.is_ascii_digit()).count()),
        _ => (&rest[..0], rest),
    };
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    let exponent: i64 = match rest.split_first() {
        None => 0,
        Some((b'e' | b'E', after)) => {
            let (sign, digits) = match after.split_first() {
                Some((b'-', d)) => (-1, d),
                Some((b'+', d)) => (1, d),
                _ => (1, after),
            };
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            // Saturates far beyond any exponent that could matter (the input is bounded by memory).
            sign * digits.iter().fold(0i64, |n, d| n.saturating_mul(10).saturating_add(i64::from(d - b'0')).min(1 << 60))
        }
        Some(_) => return None,
    };
    // The significant digits (no leading zeros) and where the point stands among them: the value
    // is 0.DIGITS × 10^point.
    let all: Vec<u8> = int_digits.iter().chain(frac_digits).map(|d| d - b'0').collect();
    let zeros = all.iter().take_while(|&&d| d == 0).count();
    let digits = &all[zeros..];
    if digits.is_empty() {
        return Some(0);
    }
    let point = (int_digits.len() as i64 - zeros as i64).saturating_add(exponent);
    let digit = |i: i64| if i >= 0 && (i as usize) < digits.len() { digits[i as usize] } else { 0 };
    if point > 3 {
        return None; // 1000 or more (or less than -1000)
    }
    let whole = (0..point.max(0)).fold(0u32, |n, i| n * 10 + u32::from(digit(i)));
    // The fraction's digits after the point are digit(point), digit(point + 1), …; a value that is
    // whole or within half a float spacing above a whole number rounds to that whole number.
    let fraction_len = digits.len() as i64 - point;
    let rounds_down = |m: u32| {
        // Whether 0.FRACTION ≤ 2^-m, that is ≤ 5^m × 10^-m: digit by digit against 5^m's m digits.
        if fraction_len <= 0 || -point >= i64::from(m) {
            return true;
        }
        // A value below 1 is at least 10^(point-1), more than 2^-m once point - 1 ≥ -⌊m·log10 2⌋
        // (0.30102 is a little under log10 2): no need to write out 2^-1075's 1075 digits.
        if point <= 0 && point - 1 >= -(i64::from(m) * 30_102 / 100_000) {
            return false;
        }
        let half = pow5_digits(m);
        for i in 0..i64::from(m).max(fraction_len) {
            let (ours, theirs) = (digit(point + i), half.get(i as usize).copied().unwrap_or(0));
            if ours != theirs {
                return ours < theirs;
            }
        }
        true
    };
    if negative {
        // Negative values read as -0.0 (which counts as 0) only when they round to zero.
        return (whole == 0 && rounds_down(1075)).then_some(0);
    }
    let spacing_exponent = if whole == 0 { 1075 } else { 53 - (31 - whole.leading_zeros()) };
    let value = if rounds_down(spacing_exponent) { whole } else { whole + 1 };
    (value <= 100).then_some(value)
}

/// The decimal digits of 5^m, most significant first, padded with zeros to `m` digits: the digits
/// after the point of 2^-m.
fn pow5_digits(m: u32) -> Vec<u8> {
    let mut little = vec![1u8];
    for _ in 0..m {
        let mut carry = 0;
        for d in &mut little {
            let x = *d * 5 + carry;
            *d = x % 10;
            carry = x / 10;
        }
        if carry > 0 {
            little.push(carry);
        }
    }
    little.resize((m as usize).max(little.len()), 0);
    little.reverse();
    little
}

/// A number an LMS answered where SCORM 1.2 says a string, as the text Rust's `f64` `Display`
/// gives it, when it is a whole number below 2^53 (every whole number an LMS plausibly sends):
/// integer formatting, so the float formatter (9.5 KB of the wasm) stays out. `None` for any
/// other number; `ui::browser` then lets JavaScript write it.
pub fn whole_number_text(n: f64) -> Option<String> {
    // Also false for NaN and the infinities.
    if !(n.abs() < 9_007_199_254_740_992.0) || n.fract() != 0.0 {
        return None;
    }
    if n == 0.0 && n.is_sign_negative() {
        return Some("-0".to_owned());
    }
    Some((n as i64).to_string())
}

/// The letter SCORM 1.2 uses for the `n`-th choice (a–z, then 0–9; `None` beyond 36).
fn choice_char(n: u8) -> Option<char> {
    match n {
        0..=25 => Some(char::from(b'a' + n)),
        26..=35 => Some(char::from(b'0' + n - 26)),
        _ => None,
    }
}

/// One question of the run as a `cmi.interactions.n` record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interaction12 {
    pub id: String,
    /// `choice` or `sequencing`.
    pub kind: &'static str,
    pub student_response: String,
    pub correct_pattern: String,
    /// `correct` or `wrong`.
    pub result: &'static str,
    pub latency: String,
}

/// Everything the bridge writes when a run ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// `passed` or `failed`.
    pub lesson_status: &'static str,
    /// 0–100.
    pub score_raw: u32,
    pub interactions: Vec<Interaction12>,
}

/// The run's outcome against the pass rule: passed when its score (a whole percentage, as the
/// report shows it) reaches `mastery`.
pub fn outcome(run: &Run, mastery: u32) -> Outcome {
    let report = score::report(run);
    let score_raw = report.total.percent();
    let interactions = (0..run.len())
        .filter_map(|i| Some((i, run.slot(i)?, run.question(i)?)))
        .map(|(i, slot, question)| {
            let last = slot.tries.last().map(|t| t.answer.clone()).unwrap_or_default();
            let sequencing = question.interaction == Interaction::Ordering;
            let letters = |answer: &[u8]| -> String {
                let mut chars: Vec<char> = if sequencing {
                    answer.iter().filter_map(|&s| choice_char(s)).collect()
                } else {
                    // The shared sort (`sort::sorted_set`), not a copy of the standard one for `u8`.
                    let shown = crate::sort::sorted_set(answer.iter().filter_map(|&a| run.position_of(i, a)));
                    shown.into_iter().filter_map(choice_char).collect()
                };
                chars.truncate(36);
                chars.iter().map(char::to_string).collect::<Vec<_>>().join(",")
            };
            let expected: Vec<u8> = if sequencing {
                (0..question.steps.len().min(36) as u8).collect()
            } else {
                question.correct_options().into_iter().filter_map(|o| u8::try_from(o).ok()).collect()
            };
            let latency = match (slot.opened_ms, slot.settled_ms) {
                (Some(open), Some(settled)) => settled.saturating_sub(open),
                _ => 0,
            };
            Interaction12 {
                id: identifier(&format!("{}-{}", slot.pack, slot.question)),
                kind: if sequencing { "sequencing" } else { "choice" },
                student_response: letters(&last),
                correct_pattern: letters(&expected),
                result: if slot.status == Status::Correct { "correct" } else { "wrong" },
                latency: timespan(latency),
            }
        })
        .collect();
    Outcome { lesson_status: if score_raw >= mastery { "passed" } else { "failed" }, score_raw, interactions }
}

/// A `CMIIdentifier`: printable ASCII without spaces, at most 255 characters.
fn identifier(text: &str) -> String {
    let id: String = text.chars().map(|c| if c.is_ascii_graphic() { c } else { '_' }).take(255).collect();
    if id.is_empty() { "q".into() } else { id }
}

/// `cmi.suspend_data` for a run: the run as saved in the browser (`Run::to_json`, which
/// `Run::resume` reads back with the time and attempts really left) when it fits in
/// [`SUSPEND_MAX`], else nothing (the LMS then holds no resume state and a relaunch starts anew).
pub fn suspend_data(run: &Run) -> String {
    let json = run.to_json();
    if json.chars().count() <= SUSPEND_MAX { json } else { String::new() }
}

// Native only: the fixture pack is read with the TOML reader of `lab`, which the wasm build lacks.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::quiz::Mode;
    use crate::quiz::run::Action;

    fn canary() -> crate::pack::Pack {
        let text = std::fs::read_to_string("static/packs/canary.toml").unwrap();
        crate::cli::check::read_toml_pack("canary.toml", &text).unwrap()
    }

    #[test]
    fn the_lms_name_reads_first_name_first() {
        assert_eq!(display_name("Curie, Marie").as_deref(), Some("Marie Curie"));
        assert_eq!(display_name("  Lovelace ,Ada ").as_deref(), Some("Ada Lovelace"));
        assert_eq!(display_name("Ada Lovelace").as_deref(), Some("Ada Lovelace"));
        assert_eq!(display_name("Curie,").as_deref(), Some("Curie"));
        assert_eq!(display_name(" , ").as_deref(), None);
        assert_eq!(display_name("").as_deref(), None);
    }

    #[test]
    fn timespans_are_hhhh_mm_ss_ss() {
        assert_eq!(timespan(0), "0000:00:00.00");
        assert_eq!(timespan(61_234), "0000:01:01.23");
        assert_eq!(timespan(3_600_000 + 59 * 60_000 + 59_990), "0001:59:59.99");
        assert_eq!(timespan(u64::MAX), "9999:59:59.99");
    }

    #[test]
    fn mastery_comes_from_the_lms_or_defaults() {
        assert_eq!(mastery("70"), 70);
        assert_eq!(mastery(" 66.5 "), 67);
        for odd in ["", "abc", "-1", "101", "NaN", "inf"] {
            assert_eq!(mastery(odd), DEFAULT_MASTERY, "{odd}");
        }
    }

    /// What `mastery` was before session 8: the float parser.
    fn mastery_by_float(lms_value: &str) -> u32 {
        lms_value.trim().parse::<f64>().ok().filter(|v| v.is_finite() && (0.0..=100.0).contains(v)).map_or(DEFAULT_MASTERY, |v| v.ceil() as u32)
    }

    /// The digits after the point of 2^-m, by halving (not the code under test's 5^m).
    fn half_powers(m: u32) -> String {
        let mut digits: Vec<u8> = vec![];
        let mut whole = 1u8;
        for _ in 0..m {
            // Halve whole.digits: each digit's remainder carries into the next one.
            let mut carry = whole % 2;
            whole /= 2;
            for d in &mut digits {
                let x = carry * 10 + *d;
                *d = x / 2;
                carry = x % 2;
            }
            if carry == 1 {
                digits.push(5);
            }
        }
        digits.iter().map(|d| char::from(b'0' + d)).collect()
    }

    #[test]
    fn mastery_in_integers_is_the_float_parsers_answer() {
        let mut texts: Vec<String> = vec![];
        for n in -20..=220 {
            for t in [format!("{n}"), format!("{n}.0"), format!("+{n}"), format!(" {n}\t"), format!("{n}e0"), format!("{n}00e-2"), format!("{n}.")] {
                texts.push(t);
            }
        }
        for n in 0..=10_500u32 {
            texts.push(format!("{}.{:02}", n / 100, n % 100));
            texts.push(format!("-{}.{:03}", n / 1000, n % 1000));
            texts.push(format!("{}e-2", n));
            texts.push(format!(".{n}e3"));
        }
        // Half a float spacing above each whole number from 0 to 100, exactly, a digit more, and less.
        for k in 0u32..=101 {
            let m = if k == 0 { 1075 } else { 53 - (31 - k.leading_zeros()) };
            let half = half_powers(m);
            let below = {
                let mut b = half.clone().into_bytes();
                let last = b.len() - 1;
                b[last] -= 1; // the last digit of 2^-m is 5
                String::from_utf8(b).unwrap()
            };
            for frac in [half.clone(), format!("{half}1"), format!("{half}0000"), below, format!("{half}000000000000000000001")] {
                texts.push(format!("{k}.{frac}"));
                texts.push(format!("-{k}.{frac}"));
            }
        }
        for odd in [
            "", " ", "+", "-", ".", "e5", ".e5", "1e", "1e+", "1e-", "1.e2", "1E2", "+.5", "-.5", "5.", "1e5.5", "1..2", "+-1",
            "0x10", "1_0", "١٠", "inf", "-inf", "+infinity", "NaN", "nan", "-0", "-0.0", "-0e99999999999999999999", "0e-99999999999999999999",
            "1e-400", "-1e-400", "1e-324", "-2.5e-324", "2.4e-324", "99.99999999999999999999", "100.000000000000000000001",
            "1e99999999999999999999", "1e-99999999999999999999", "0.000000000000000000000000000000000000000001e40", "000000100.0",
            "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000066.5", " 66.5 ", "\u{a0}70\u{2003}",
        ] {
            texts.push(odd.to_owned());
        }
        // Random texts over the grammar's alphabet.
        let mut r = crate::quiz::shuffle::Shuffler::new(15);
        for _ in 0..60_000 {
            let len = 1 + r.below(14) as usize;
            texts.push((0..len).map(|_| char::from(b"0123456789.eE+-0001"[r.below(19) as usize])).collect());
        }
        for t in &texts {
            assert_eq!(mastery(t), mastery_by_float(t), "{t:?}");
        }
    }

    #[test]
    fn whole_numbers_from_the_lms_read_as_the_float_formatter_writes_them() {
        let mut r = crate::quiz::shuffle::Shuffler::new(8);
        let mut values: Vec<f64> = (-1000..=1000).map(f64::from).collect();
        values.extend([0.0, -0.0, 9_007_199_254_740_991.0, -9_007_199_254_740_991.0, 4_294_967_296.0, 1e15, 123_456_789_012.0]);
        values.extend((0..10_000).map(|_| f64::from(r.below(u32::MAX)) * f64::from(r.below(2_097_152))));
        for n in values {
            assert_eq!(whole_number_text(n), Some(n.to_string()), "{n:?}");
        }
        for other in [0.5, -66.5, 1e-7, 9_007_199_254_740_992.0, 1e21, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(whole_number_text(other), None, "{other:?}");
        }
    }

    /// Plays a Test as a learner would (choices and moved steps): the first `right` questions
    /// answered right, the rest wrong; 1.5 s per question.
    fn played(right: usize) -> Run {
        let pack = canary();
        let mut run = Run::for_pack(&pack, Mode::Test, 7, Default::default(), &[], 1_000);
        let mut now = 1_000;
        for i in 0..run.len() {
            let q = run.question(i).unwrap().clone();
            if q.interaction == Interaction::Ordering {
                for target in 0..q.steps.len() as u8 {
                    let at = run.slot(i).unwrap().order.iter().position(|&s| s == target).unwrap() as u8;
                    if at != target {
                        run.reduce(Action::MoveStep { from: at, to: target }, now);
                    }
                }
                if i >= right {
                    run.reduce(Action::MoveStep { from: 0, to: 1 }, now);
                }
            } else {
                let correct = q.correct_options();
                let picks: Vec<usize> = if i < right { correct } else { (0..q.options.len()).filter(|o| !correct.contains(o)).take(1).collect() };
                for o in picks {
                    run.reduce(Action::Choose(run.position_of(i, o as u8).unwrap()), now);
                }
            }
            now += 1_500;
            run.reduce(Action::Submit, now);
            run.reduce(Action::Next, now);
        }
        if !run.is_finished() {
            run.reduce(Action::Finish, now);
        }
        run
    }

    #[test]
    fn a_finished_test_reports_status_score_and_one_interaction_per_question() {
        let all = played(usize::MAX);
        assert!(all.is_finished());
        let o = outcome(&all, 80);
        assert_eq!((o.lesson_status, o.score_raw), ("passed", 100));
        assert_eq!(o.interactions.len(), all.len());
        for (i, x) in o.interactions.iter().enumerate() {
            assert_eq!(x.result, "correct", "{x:?}");
            assert_eq!(x.student_response, x.correct_pattern, "{x:?}");
            assert!(x.id.contains(&all.slot(i).unwrap().question), "{x:?}");
            assert!(x.id.chars().all(|c| c.is_ascii_graphic()));
            assert!(x.student_response.split(',').all(|s| s.len() == 1), "{x:?}");
            assert_eq!(x.latency, "0000:00:01.50", "{x:?}");
            if x.kind == "sequencing" {
                assert!(x.correct_pattern.starts_with("a,b"), "{x:?}");
            }
        }
        let none = outcome(&played(0), 80);
        assert_eq!((none.lesson_status, none.score_raw), ("failed", 0));
        assert!(none.interactions.iter().all(|x| x.result == "wrong" && x.student_response != x.correct_pattern), "{none:?}");
        // The pass rule is the mastery score: a zero mastery passes anything.
        assert_eq!(outcome(&played(0), 0).lesson_status, "passed");
    }

    #[test]
    fn suspend_data_is_the_saved_run_within_4096_characters() {
        let run = played(1);
        let data = suspend_data(&run);
        eprintln!("suspend_data of a finished canary test: {} characters", data.len());
        assert!(!data.is_empty() && data.chars().count() <= SUSPEND_MAX, "{}", data.len());
        let back = Run::resume(&data, [&canary()], 10_000).unwrap();
        assert_eq!((back.len(), back.is_finished()), (run.len(), true));
        assert_eq!(outcome(&back, 80), outcome(&run, 80));
    }
}
