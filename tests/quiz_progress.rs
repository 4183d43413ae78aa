//! Saved progress: good, migrated and corrupted stores; export and import with precise errors;
//! and a property test that no input (12,000 of them: random bytes, truncations, type swaps) panics
//! the loader or loses the raw text.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rollback_lab::pack::{ChoiceOption, Difficulty, Interaction, Kind, Pack, Question};
use rollback_lab::quiz::badge::BadgeRecord;
use rollback_lab::quiz::progress::{LoadOutcome, Progress, VERSION};
use rollback_lab::quiz::run::{Action, Run};
use rollback_lab::quiz::{Mode, TimeMultiplier};

fn question(id: &str) -> Question {
    Question {
        id: id.to_owned(),
        kind: Kind::Conceptual,
        interaction: Interaction::Single,
        difficulty: Difficulty::Easy,
        time_limit: 60,
        attempts: 2,
        title: id.to_owned(),
        prompt: "?".to_owned(),
        code: None,
        code_lang: None,
        options: (0..3)
            .map(|i| ChoiceOption {
                text: format!("o{i}"),
                correct: i == 0,
                misconception: (i != 0).then(|| format!("misread-{i}")),
                why: None,
            })
            .collect(),
        steps: vec![],
        order_misconception: None,
        hint: "h".to_owned(),
        solution: vec!["a".to_owned(), "b".to_owned()],
        explanation: "e".to_owned(),
        quick_check: "q".to_owned(),
        mistakes: vec!["m".to_owned(), "n".to_owned()],
        sim_state: None,
        pool: None,
        waive: Default::default(),
    }
}

/// Progress with something in every section: a Challenge with one miss and a badge-less finish.
fn sample() -> Progress {
    let questions: Vec<Question> = (0..5).map(|i| question(&format!("q{i}"))).collect();
    let pack = Pack {
        id: "canary".to_owned(),
        title: "C".to_owned(),
        summary: String::new(),
        tags: vec![],
        minutes: 5,
        badge: "Canary Keeper".to_owned(),
        test: vec![],
        challenge: questions.iter().map(|q| q.id.clone()).collect(),
        questions,
        imported_from: None,
    };
    let mut run = Run::for_pack(&pack, Mode::Challenge, 4, TimeMultiplier::X2, &[], 1_000);
    for i in 0..run.len() {
        let pick = if i == 2 { 1 } else { 0 };
        run.reduce(Action::Choose(run.position_of(i, pick).unwrap()), 2_000);
        run.reduce(Action::Submit, 3_000);
        if i == 2 {
            run.reduce(Action::Choose(run.position_of(i, 0).unwrap()), 3_500);
            run.reduce(Action::Submit, 4_000);
        }
        run.reduce(Action::Next, 5_000);
    }
    let mut p = Progress::default();
    p.settings.multiplier = TimeMultiplier::X2;
    p.record_run(&run, &["canary", "blue-green"], 6_000, 0);
    assert!(p.badges.contains_key("canary") && !p.review.cards.is_empty() && !p.history.is_empty());
    p
}

#[test]
fn good_progress_round_trips() {
    let p = sample();
    assert_eq!(Progress::load(&p.to_json()), LoadOutcome::Ok(p.clone()));
    let exported = p.export();
    assert!(exported.starts_with("{\n  \"version\": 2,"), "{exported}");
    assert_eq!(Progress::import(&exported), Ok((p, VERSION)));
}

#[test]
fn version_one_migrates() {
    let v1 =
        r#"{"version": 1, "scores": {"canary": 80, "blue-green": 100}, "badges": ["blue-green"], "multiplier": 1.5}"#;
    let LoadOutcome::Migrated(p, 1) = Progress::load(v1) else { panic!("{:?}", Progress::load(v1)) };
    assert_eq!(p.settings.multiplier, TimeMultiplier::X1_5);
    assert_eq!(p.best["canary"][&Mode::Practice], 80);
    assert_eq!(p.best["blue-green"][&Mode::Practice], 100);
    assert_eq!(p.badges["blue-green"], BadgeRecord { at_ms: 0, multiplier: TimeMultiplier::X1 });
    assert!(p.history.is_empty() && p.review.cards.is_empty());
    // Saved back, it is current.
    assert_eq!(Progress::load(&p.to_json()), LoadOutcome::Ok(p));
    let LoadOutcome::Migrated(untimed, 1) = Progress::load(r#"{"version":1,"multiplier":0}"#) else { panic!() };
    assert_eq!(untimed.settings.multiplier, TimeMultiplier::Untimed);
}

/// Data-driven: a stored text in, the error the learner reads out.
#[test]
fn unreadable_progress_says_where_and_keeps_the_text() {
    let cases: &[(&str, &str)] = &[
        ("{\"version\": 2, \"best\": {", "$: not valid JSON: EOF while parsing an object at line 1 column 24"),
        ("\u{1}\u{ff}garbage", "$: not valid JSON: expected value at line 1 column 1"),
        ("[1, 2]", "$: expected an object, found a list"),
        ("{}", "$: missing field `version`"),
        ("{\"version\": \"2\"}", "$.version: expected a schema version from 1 to 2"),
        ("{\"version\": 7}", "$.version: written by a newer Rollback Lab (schema 7); this one reads up to 2"),
        (
            "{\"version\": 2, \"settings\": {\"multiplier\": \"x3\"}}",
            "$.settings.multiplier: expected a time multiplier (x1, x1.5, x2, x10, untimed), found \"x3\"",
        ),
        (
            "{\"version\": 2, \"review\": {\"too-fast\": {\"box\": 9, \"due\": 1}}}",
            "$.review.too-fast.box: expected a whole number from 1 to 5, found 9",
        ),
        (
            "{\"version\": 2, \"review\": {\"a b\": {\"box\": 1, \"due\": -4}}}",
            "$.review[\"a b\"].due: expected a time in milliseconds (a whole number), found a whole number",
        ),
        (
            "{\"version\": 2, \"history\": [{\"t\": 1, \"p\": \"x\", \"q\": \"y\", \"m\": \"exam\", \"r\": \"correct\", \"k\": 1, \"s\": 1000}]}",
            "$.history[0].m: expected a mode (practice, test, challenge, review), found \"exam\"",
        ),
        (
            "{\"version\": 2, \"history\": [{\"t\": 1, \"p\": \"x\", \"q\": \"y\", \"m\": \"test\", \"r\": \"correct\", \"k\": 1}]}",
            "$.history[0]: missing field `s`",
        ),
        (
            "{\"version\": 2, \"best\": {\"canary\": {\"tset\": 50}}}",
            "$.best.canary.tset: `tset` is not a mode (practice, test, challenge, review)",
        ),
        (
            "{\"version\": 2, \"best\": {\"canary\": {\"test\": 101}}}",
            "$.best.canary.test: expected a whole number from 0 to 100, found 101",
        ),
        ("{\"version\": 2, \"badges\": {\"canary\": {\"at\": 5}}}", "$.badges.canary: missing field `multiplier`"),
        (
            "{\"version\": 2, \"streak\": {\"days\": [1, true]}}",
            "$.streak.days[1]: expected a whole number from 0 to 4294967295, found true or false",
        ),
        ("{\"version\": 1, \"badges\": \"canary\"}", "$.badges: expected a list, found a string"),
        (
            "{\"version\": 1, \"multiplier\": 3}",
            "$.multiplier: expected a version-1 multiplier: 0 (untimed), 1, 1.5 or 2",
        ),
    ];
    for (text, expected) in cases {
        match Progress::load(text) {
            LoadOutcome::Unreadable { raw, error } => {
                assert_eq!(&raw, text, "the raw text is kept for download");
                assert_eq!(&error, expected, "for {text}");
            }
            other => panic!("{text} loaded as {other:?}"),
        }
    }
}

#[test]
fn missing_sections_and_unknown_fields_are_fine() {
    let LoadOutcome::Ok(p) = Progress::load(r#"{"version": 2, "theme": "dark"}"#) else { panic!() };
    assert_eq!(p, Progress::default());
}

/// Replaces one random scalar or container inside `value` with a value of another type.
fn mutate(value: &mut serde_json::Value, rng: &mut ChaCha8Rng) {
    use serde_json::Value;
    let step = rng.next_u32();
    let descend = !step.is_multiple_of(4);
    match value {
        Value::Object(map) if descend && !map.is_empty() => {
            let k = map.keys().nth((step as usize / 4) % map.len()).cloned().unwrap_or_default();
            if let Some(child) = map.get_mut(&k) {
                return mutate(child, rng);
            }
        }
        Value::Array(items) if descend && !items.is_empty() => {
            let n = items.len();
            return mutate(&mut items[(step as usize / 4) % n], rng);
        }
        _ => {}
    }
    *value = match rng.next_u32() % 8 {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => serde_json::json!(-1),
        3 => serde_json::json!(1.5),
        4 => serde_json::json!("x"),
        5 => serde_json::json!([]),
        6 => serde_json::json!(u64::MAX),
        _ => serde_json::json!({}),
    };
}

#[test]
fn no_input_panics_or_loses_the_text() {
    let mut rng = ChaCha8Rng::seed_from_u64(20_260_101);
    let good = sample().to_json();
    let good_value: serde_json::Value = serde_json::from_str(&good).unwrap();
    let v1 = r#"{"version":1,"scores":{"canary":80},"badges":["canary"],"multiplier":2}"#;
    let (mut ok, mut unreadable) = (0, 0);
    for round in 0..12_000u32 {
        let text = match round % 4 {
            0 => {
                let len = rng.next_u32() % 200;
                let bytes: Vec<u8> = (0..len).map(|_| rng.next_u32() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            1 => {
                let source = if rng.next_u32() % 3 == 0 { v1 } else { good.as_str() };
                let cut = (rng.next_u32() as usize) % (source.len() + 1);
                source.get(..cut).unwrap_or(source).to_owned()
            }
            _ => {
                let mut v =
                    if rng.next_u32() % 5 == 0 { serde_json::from_str(v1).unwrap() } else { good_value.clone() };
                for _ in 0..1 + rng.next_u32() % 3 {
                    mutate(&mut v, &mut rng);
                }
                v.to_string()
            }
        };
        match Progress::load(&text) {
            LoadOutcome::Ok(p) | LoadOutcome::Migrated(p, _) => {
                ok += 1;
                // Whatever loads, saves and loads back the same.
                assert_eq!(Progress::load(&p.to_json()), LoadOutcome::Ok(p), "from {text}");
            }
            LoadOutcome::Unreadable { raw, error } => {
                unreadable += 1;
                assert_eq!(raw, text);
                assert!(error.starts_with('$'), "{error}");
            }
        }
    }
    assert!(ok > 100 && unreadable > 5_000, "ok {ok}, unreadable {unreadable}: the generator is lopsided");
}
