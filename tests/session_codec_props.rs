//! Property tests of the share link and result code codecs: random values round-trip exactly, and
//! mangled, truncated and random input is refused with a precise error, never a panic.
//!
//! The random values come from `cli::session` (the fuzzer's generators), which draw every field
//! over its whole allowed range; the seeds are fixed so a failure reproduces.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rollback_lab::cli::session::{fuzz_codes, mutate, random_code, random_spec, random_text};
use rollback_lab::session::envelope::{DecodeError, Kind};
use rollback_lab::session::{ResultCode, link};

#[test]
fn ten_thousand_random_specs_round_trip_through_their_links() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut longest = 0;
    for _ in 0..10_000 {
        let spec = random_spec(&mut rng);
        assert_eq!(spec.check(), Ok(()));
        let text = link::encode(&spec);
        assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "not fragment-safe: {text}");
        longest = longest.max(text.len());
        let back = link::decode(&text).unwrap_or_else(|e| panic!("{e}: {spec:?}"));
        assert_eq!(back.id(), spec.id());
        assert_eq!(back, spec);
    }
    assert!(longest > 1_000, "the generator never reached long sessions ({longest} characters)");
}

#[test]
fn ten_thousand_random_result_codes_round_trip() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for _ in 0..10_000 {
        let code = random_code(&mut rng);
        let text = code.encode();
        assert!(text.starts_with("r1."));
        assert_eq!(ResultCode::decode(&text).unwrap_or_else(|e| panic!("{e}: {code:?}")), code);
    }
}

/// A mangled code is refused, unless the mangle is one the decoders deliberately look past
/// (whitespace around it, a `#` or `/` in front, as when a whole URL is pasted): then it reads as
/// the very same value.
#[test]
fn every_single_character_mangle_is_caught() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut refused = 0u32;
    for i in 0..4_000 {
        let (spec, code) = (random_spec(&mut rng), random_code(&mut rng));
        let original = if i % 2 == 0 { link::encode(&spec) } else { code.encode() };
        let mangled = mutate(&mut rng, &original);
        let (as_link, as_code) = (link::decode(&mangled), ResultCode::decode(&mangled));
        match (&as_link, &as_code) {
            (Err(l), Err(c)) => {
                assert!(!l.to_string().is_empty() && !c.to_string().is_empty());
                refused += 1;
            }
            (Ok(back), Err(_)) if i % 2 == 0 => assert_eq!(back, &spec, "{original} → {mangled:?}"),
            (Err(_), Ok(back)) if i % 2 == 1 => assert_eq!(back, &code, "{original} → {mangled:?}"),
            _ => panic!("a mangle went unnoticed: {original} → {mangled:?}"),
        }
    }
    assert!(refused > 3_500, "only {refused} of 4000 mangles refused");
}

#[test]
fn every_cut_is_reported_as_truncated() {
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    for _ in 0..100 {
        let text = link::encode(&random_spec(&mut rng));
        for cut in 3..text.len() {
            match link::decode(&text[..cut]) {
                Err(DecodeError::Truncated { .. }) => {}
                other => panic!("{} of {} characters: {other:?}", cut, text.len()),
            }
        }
        assert_eq!(link::decode(&text[..2]), Err(DecodeError::NotACode { expected: Kind::Link }));
        assert_eq!(link::decode(""), Err(DecodeError::Empty));
    }
}

#[test]
fn random_text_is_refused_without_panic() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for i in 0..20_000 {
        let prefix = ["", "s1.", "r1.", "s", "r9."][i % 5];
        let text = format!("{prefix}{}", random_text(&mut rng, 200, false));
        // Random text after a real prefix decodes only with a 1 in 2^32 checksum chance.
        assert!(link::decode(&text).is_err() || prefix.is_empty(), "{text:?}");
        assert!(ResultCode::decode(&text).is_err() || prefix.is_empty(), "{text:?}");
    }
}

/// The messages the UI shows, one per kind of damage.
#[test]
fn errors_say_precisely_what_is_wrong() {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let link = link::encode(&random_spec(&mut rng));
    let code = random_code(&mut rng).encode();
    let mut flipped: Vec<char> = link.chars().collect();
    flipped[8] = if flipped[8] == 'x' { 'y' } else { 'x' };
    let flipped: String = flipped.into_iter().collect();
    let with_space = format!("{} {}", &link[..10], &link[10..]);
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "nothing to read: the code is empty"),
        ("hello".into(), "this is not a session link: it should start with \"s1.\""),
        (code.clone(), "this is a result code, not a session link"),
        (
            link.replacen("s1.", "s2.", 1),
            "this session link is version 2, and this app reads versions 1 to 1; it may come from a newer Rollback Lab",
        ),
        (with_space, "character 11 (' ') cannot appear in a code; was it retyped or wrapped?"),
        (link[..link.len() - 5].to_owned(), "the code is cut short: about 5 characters are missing at the end"),
        (format!("{link}AAAA"), "the code has about 4 extra characters at the end"),
        (flipped, "the checksum does not match: a character of the code was changed"),
    ];
    for (input, expected) in cases {
        let got = rollback_lab::session::link::decode(&input).map(|_| ()).unwrap_err().to_string();
        assert_eq!(got, expected, "for {input:?}");
    }
}

/// A short fuzz run on every `cargo test`; the million-input run is `lab fuzz-codes 1000000`
/// (or `FUZZ_CODES=1000000 cargo test --release --test session_codec_props fuzz`).
#[test]
fn fuzz_both_decoders() {
    let n = std::env::var("FUZZ_CODES").ok().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let report = fuzz_codes(n, 0x5eed).unwrap_or_else(|e| panic!("{e}"));
    println!("{report}");
    assert!(report.contains(" 0 panicked"), "{report}");
}
