//! The results dashboard, data-driven: a small session and a set of result codes (six learners, a
//! tie, a pasted-twice code, a second code under a taken name, another session's code, a mangled
//! one, a cut one, noise and a wrong-shaped one) → problems, leaderboard, item analysis and both
//! CSVs, compared with `tests/golden/session/dashboard.txt` (`BLESS=1 cargo test --test
//! session_dashboard` rewrites it). The key numbers are also asserted here by hand, so the golden
//! file is checked, not merely repeated.

use std::path::Path;

use rollback_lab::quiz::{Status, TimeMultiplier};
use rollback_lab::session::dashboard::ProblemKind;
use rollback_lab::session::envelope::DecodeError;
use rollback_lab::session::result_code::{Answer, ResultCode};
use rollback_lab::session::spec::{SessionId, SessionSpec, SpecQuestion};
use rollback_lab::session::{Dashboard, link};

fn spec() -> SessionSpec {
    let q = |pack: &str, question: &str, fingerprint| SpecQuestion {
        pack: pack.into(),
        question: question.into(),
        fingerprint,
    };
    SessionSpec {
        title: "Friday drill".into(),
        questions: vec![
            q("rollback-basics", "why-rollback", 11), // single choice, A right
            q("canary", "abort-signals", 22),         // select all, A and C right
            q("blue-green", "switch-back", 33),       // single choice, B right
            q("kubectl-rollout", "undo-order", 44),   // ordering
        ],
        drawn: None,
        shuffle_questions: true,
        seed: 42,
        time_limit_s: Some(60),
        attempts: Some(2),
        start_ms: None,
    }
}

/// One answer: status, points (thousandths), seconds, the option bit set of each try.
fn a(status: Status, points: u32, time_s: u32, tries: &[u32]) -> Answer {
    Answer { status, points, time_s, tries: tries.to_vec() }
}

fn learner(session: SessionId, name: &str, multiplier: TimeMultiplier, answers: Vec<Answer>) -> ResultCode {
    ResultCode { session, name: name.into(), multiplier, answers }
}

/// The codes as pasted, with the learners' results for the assertions.
fn pasted() -> String {
    use Status::*;
    use TimeMultiplier::*;
    let id = spec().id();
    let perfect = || {
        vec![
            a(Correct, 1000, 10, &[1]),
            a(Correct, 1000, 20, &[5]),
            a(Correct, 1000, 15, &[2]),
            a(Correct, 1000, 30, &[0]),
        ]
    };
    let ada = learner(id, "Ada", X1, perfect());
    let dee = learner(id, "Dee\nsecond line", X2, perfect());
    let lovelace = learner(
        id,
        "Lovelace, Ada \"the first\"",
        X1_5,
        vec![
            a(Correct, 1000, 12, &[1]),
            a(Correct, 500, 25, &[1, 5]),
            a(Missed, 0, 15, &[1, 4]),
            a(Correct, 1000, 40, &[0]),
        ],
    );
    let bob = learner(
        id,
        "Bob",
        X1,
        vec![a(Correct, 1000, 8, &[1]), a(Correct, 1000, 20, &[5]), a(TimedOut, 0, 60, &[]), a(Missed, 0, 50, &[0, 0])],
    );
    let cy = learner(
        id,
        "Cy",
        X1,
        vec![
            a(Correct, 1000, 9, &[1]),
            a(Missed, 0, 22, &[1, 3]),
            a(Correct, 500, 30, &[1, 2]),
            a(Missed, 0, 40, &[0, 0]),
        ],
    );
    let eve = learner(
        id,
        "=Eve",
        Untimed,
        vec![a(Missed, 0, 5, &[2, 4]), a(Correct, 1000, 3, &[5]), a(Correct, 1000, 10, &[2]), a(Waiting, 0, 0, &[])],
    );
    let other_bob = learner(id, " BOB", X1, perfect());
    let elsewhere = learner(SessionId(id.0 ^ 1), "Zed", X1, perfect());
    let short = learner(id, "Short", X1, perfect()[..3].to_vec());
    let cy_code = cy.encode();
    let mut mangled: Vec<char> = cy_code.chars().collect();
    mangled[20] = if mangled[20] == 'Q' { 'R' } else { 'Q' };
    let eve_code = eve.encode();
    [
        ada.encode(),
        bob.encode(),
        lovelace.encode() + "\n",
        mangled.into_iter().collect(),
        dee.encode(),
        bob.encode(),
        other_bob.encode(),
        elsewhere.encode() + "\n\n",
        eve_code[..eve_code.len() - 4].to_owned(),
        "hello".to_owned(),
        short.encode(),
        cy_code,
        eve_code,
    ]
    .join(" ")
}

fn render(d: &Dashboard, problems: &[rollback_lab::session::CodeProblem], input: &str) -> String {
    let mut out = format!(
        "# session {} ({})\n{}\n\n# codes pasted\n{input}\n\n# problems\n",
        d.session,
        d.spec.title,
        link::encode(&d.spec)
    );
    for p in problems {
        out.push_str(&format!("{p}\n"));
    }
    out.push_str("\n# leaderboard CSV\n");
    out.push_str(&d.to_csv());
    out.push_str("\n# item analysis CSV\n");
    out.push_str(&d.items_csv());
    out
}

#[test]
fn dashboard_golden() {
    let input = pasted();
    let (d, problems) = Dashboard::load(&spec(), &input);

    // The problems, one by one, and the rest loaded.
    let kinds: Vec<_> = problems.iter().map(|p| (p.position, p.kind.clone())).collect();
    assert_eq!(kinds.len(), 7, "{problems:#?}");
    assert_eq!(kinds[0], (4, ProblemKind::Corrupted(DecodeError::ChecksumMismatch)));
    assert_eq!(kinds[1], (6, ProblemKind::Duplicate { name: "Bob".into(), first: Some(2) }));
    assert_eq!(kinds[2], (7, ProblemKind::SameName { name: "Bob".into(), first: Some(2) }));
    assert!(matches!(kinds[3], (8, ProblemKind::OtherSession { .. })));
    assert!(matches!(kinds[4], (9, ProblemKind::Corrupted(DecodeError::Truncated { missing_chars: 4 }))));
    assert!(matches!(kinds[5], (10, ProblemKind::Corrupted(DecodeError::NotACode { .. }))));
    assert_eq!(kinds[6], (11, ProblemKind::WrongShape { answers: 3, questions: 4 }));
    assert_eq!(d.results.len(), 6);

    // Ranked by score; equal score and time share a rank; time breaks the 2-point tie.
    let board: Vec<(u32, &str, u32, u64)> =
        d.leaderboard().iter().map(|s| (s.rank, &*d.results[s.result].name, s.score, s.time_s)).collect();
    assert_eq!(
        board,
        vec![
            (1, "Ada", 4000, 75),
            (1, "Dee\nsecond line", 4000, 75),
            (3, "Lovelace, Ada \"the first\"", 2500, 92),
            (4, "=Eve", 2000, 18),
            (5, "Bob", 2000, 138),
            (6, "Cy", 1500, 101),
        ]
    );

    // n = 6, g = round(1.62) = 2: upper Ada and Dee, lower Bob and Cy.
    let items = d.items();
    let figures: Vec<(u32, String, Option<f64>)> =
        items.iter().map(|i| (i.correct, format!("{:.1}", i.percent_correct), i.discrimination)).collect();
    assert_eq!(
        figures,
        vec![
            (5, "83.3".into(), Some(0.0)),
            (5, "83.3".into(), Some(0.5)),
            (4, "66.7".into(), Some(0.5)),
            (3, "50.0".into(), Some(1.0)),
        ]
    );
    assert_eq!(items[3].average_time_s, Some(38.0), "Eve never reached it: (30+30+40+50+40)/5");
    assert_eq!((items[0].option_counts.clone(), items[0].no_answer), (vec![5, 1], 0));
    assert_eq!(items[1].option_counts, vec![6, 0, 4]);
    assert_eq!((items[2].option_counts.clone(), items[2].no_answer), (vec![2, 3], 1));
    assert_eq!((items[3].option_counts.clone(), items[3].no_answer), (vec![], 1));

    let csv = d.to_csv();
    assert!(csv.contains("\n1,\"Dee\nsecond line\",4,4,100,4,75,x2,"), "{csv}");
    assert!(csv.contains("\n3,\"Lovelace, Ada \"\"the first\"\"\",2.5,4,63,"), "{csv}");
    assert!(csv.contains("\n4,'=Eve,2,4,50,"), "a formula-like name opens as text: {csv}");

    let titled = d.items_csv_titled(&|pack, id| (id == "abort-signals").then(|| format!("Title of {pack}/{id}, with \"quotes\"")));
    let row2 = titled.lines().nth(2).unwrap_or_default();
    assert!(row2.starts_with("2,\"Title of "), "{titled}");
    assert!(row2.contains("with \"\"quotes\"\"\","), "{titled}");
    assert!(titled.lines().nth(1).unwrap_or_default().starts_with("1,,"), "an unknown title is empty: {titled}");

    let text = render(&d, &problems, &input);
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/session/dashboard.txt");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&golden, &text).expect("write golden");
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    assert!(expected == text, "dashboard differs from {}; run with BLESS=1 to accept:\n{text}", golden.display());
}

#[test]
fn each_load_numbers_its_own_problems_from_one() {
    let input = pasted();
    let codes: Vec<&str> = input.split_whitespace().collect();
    let mut d = Dashboard::new(&spec());
    let first = d.add(&codes[..5].join("\n"));
    let second = d.add(&codes[5..].join("\r\n"));
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].position, 4);
    // The second load's codes are its own 1..=6, and the copies of Bob (kept in the first load) say
    // "loaded earlier" instead of a number from another load.
    assert_eq!(second.iter().map(|p| p.position).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(second[0].kind, ProblemKind::Duplicate { name: "Bob".into(), first: None });
    assert_eq!(second[1].kind, ProblemKind::SameName { name: "Bob".into(), first: None });
    assert!(second[0].to_string().starts_with("code 1 ("), "{}", second[0]);
    assert!(second[0].to_string().contains("already loaded for Bob"), "{}", second[0]);
    // A load with no problem reports none: nothing of the earlier loads comes back.
    assert!(d.add("").is_empty());
    assert_eq!(d.results, Dashboard::load(&spec(), &input).0.results);
}

#[test]
fn empty_and_single_learner_dashboards() {
    let (d, problems) = Dashboard::load(&spec(), "  \n ");
    assert!(problems.is_empty() && d.leaderboard().is_empty());
    assert!(d.items().iter().all(|i| i.discrimination.is_none() && i.average_time_s.is_none()));
    assert_eq!(d.to_csv().lines().count(), 1, "the header alone");
    let one = learner(spec().id(), "Solo", TimeMultiplier::X1, vec![a(Status::Correct, 1000, 5, &[1]); 4]);
    let (d, _) = Dashboard::load(&spec(), &one.encode());
    assert_eq!(d.items()[0].discrimination, None, "undefined for one learner");
    assert_eq!(d.leaderboard()[0].rank, 1);
}
