//! A whole session natively, on the shipped packs: the instructor draws a session and shares the
//! link; three learners open it, take the timed Challenge (one perfect, one who lets time run out,
//! one with packs edited since), send their codes; the dashboard ranks them.

use std::path::Path;

use rollback_lab::cli::check::load_packs;
use rollback_lab::pack::Pack;
use rollback_lab::quiz::run::{Action, Run};
use rollback_lab::quiz::{Status, TimeMultiplier};
use rollback_lab::session::spec::Mismatch;
use rollback_lab::session::{Dashboard, DrawRule, ResultCode, SessionSpec, link};

fn packs() -> Vec<Pack> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/packs");
    load_packs(&dir).expect("packs dir").into_iter().filter_map(|f| f.result.ok()).collect()
}

/// Answers the current question right at `now`, then moves on.
fn answer_right(run: &mut Run, now: u64) {
    for action in run.correct_actions(run.current_index()) {
        run.reduce(action, now);
    }
    run.reduce(Action::Submit, now);
    run.reduce(Action::Next, now);
}

#[test]
fn draw_share_take_and_rank() {
    let packs = packs();
    let refs: Vec<&Pack> = packs.iter().collect();
    let rule =
        DrawRule { packs: vec![packs[0].id.clone(), packs[1].id.clone()], per_difficulty: [2, 2, 0, 0], seed: 7 };
    let mut spec = SessionSpec::draw("Monday session", &refs, rule).expect("draw");
    spec.shuffle_questions = true;
    spec.time_limit_s = Some(30);
    spec.start_ms = Some(1_000_000);
    let url = format!("https://lab.example/#/session/{}", link::encode(&spec));

    // Learners open the link; each starts at the shared start time.
    let opened = link::decode(&url).expect("the link opens");
    assert_eq!(opened, spec);
    assert_eq!(opened.wait_ms(990_000), 10_000, "a 10 s countdown");

    let mut ada = opened.start_run(&refs, TimeMultiplier::X1, 1_000_000).expect("same packs");
    let mut now = 1_000_000;
    while !ada.is_finished() {
        now += 4_000;
        answer_right(&mut ada, now);
    }
    let mut bob = opened.start_run(&refs, TimeMultiplier::X1, 1_000_000).expect("same packs");
    let mut now = 1_000_000;
    answer_right(&mut bob, now + 9_000);
    now += 9_000;
    while !bob.is_finished() {
        now += 31_000;
        bob.reduce(Action::Tick, now);
        bob.reduce(Action::Next, now);
    }

    let mut edited = packs.clone();
    let first = &opened.questions[0];
    let pack = edited.iter_mut().find(|p| p.id == first.pack).expect("pack");
    let q = pack.questions.iter_mut().find(|q| q.id == first.question).expect("question");
    q.attempts = if q.attempts == 1 { 2 } else { 1 };
    let edited_refs: Vec<&Pack> = edited.iter().collect();
    assert_eq!(
        opened.start_run(&edited_refs, TimeMultiplier::X1, 0).unwrap_err(),
        vec![Mismatch::Changed { pack: first.pack.clone(), question: first.question.clone() }]
    );

    let codes =
        [ResultCode::from_run(&opened, "Bob", &bob).encode(), ResultCode::from_run(&opened, "Ada", &ada).encode()]
            .join("\n");
    let (dashboard, problems) = Dashboard::load(&spec, &codes);
    assert!(problems.is_empty(), "{problems:?}");
    let board = dashboard.leaderboard();
    assert_eq!((board[0].name.as_str(), board[0].score, board[0].time_s), ("Ada", 4000, 16));
    assert_eq!((board[1].name.as_str(), board[1].score, board[1].correct), ("Bob", 1000, 1));
    let bob_result = &dashboard.results[board[1].result];
    assert_eq!(bob_result.answers.iter().filter(|a| a.status == Status::TimedOut).count(), 3);
    assert!(bob_result.answers.iter().filter(|a| a.status == Status::TimedOut).all(|a| a.time_s == 30));
    assert!(dashboard.items().iter().all(|i| i.responses == 2));
}
