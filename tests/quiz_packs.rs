//! The quiz engine on the shipped packs: perfect Challenges earn every badge and Rollback Mastery,
//! shuffles move the right answer around, a Test reports by difficulty and kind, and wrong answers
//! come back as reviews.

use std::collections::BTreeSet;
use std::path::Path;

use rollback_lab::cli::check::load_packs;
use rollback_lab::pack::{Difficulty, Interaction, Pack};
use rollback_lab::quiz::badge::MASTERY;
use rollback_lab::quiz::progress::Progress;
use rollback_lab::quiz::run::{Action, Effect, Run, Status};
use rollback_lab::quiz::{Mode, TimeMultiplier, review, score};

fn packs() -> Vec<Pack> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/packs");
    let packs: Vec<Pack> = load_packs(&dir).expect("packs dir").into_iter().filter_map(|f| f.result.ok()).collect();
    assert!(packs.len() >= 9, "only {} shipped packs read", packs.len());
    packs
}

/// Answers the current question right at `now`.
fn answer_right(run: &mut Run, now: u64) -> Effect {
    for action in run.correct_actions(run.current_index()) {
        run.reduce(action, now);
    }
    run.reduce(Action::Submit, now)
}

/// Answers the current question wrong: the first wrong option, or the steps reversed.
fn answer_wrong(run: &mut Run, now: u64) -> Effect {
    let i = run.current_index();
    let q = run.question(i).expect("question").clone();
    if q.interaction == Interaction::Ordering {
        let n = q.steps.len() as u8;
        for target in (0..n).rev() {
            let at = run.steps(i).iter().position(|&(s, _)| s == target).expect("step") as u8;
            run.reduce(Action::MoveStep { from: at, to: n - 1 }, now);
        }
    } else {
        let wrong = q.options.iter().position(|o| !o.correct).expect("a wrong option") as u8;
        run.reduce(Action::Choose(run.position_of(i, wrong).expect("shown")), now);
    }
    run.reduce(Action::Submit, now)
}

#[test]
fn perfect_challenges_earn_every_badge_then_mastery() {
    let packs = packs();
    let shipped: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
    let mut progress = Progress::default();
    let mut now = 1_767_225_600_000;
    for (n, pack) in packs.iter().enumerate() {
        let mut run = Run::for_pack(pack, Mode::Challenge, n as u64, TimeMultiplier::X1_5, &[], now);
        assert_eq!(run.len(), 5, "{}", pack.id);
        while !run.is_finished() {
            now += 10_000;
            assert!(matches!(answer_right(&mut run, now), Effect::Answered { correct: true, .. }), "{}", pack.id);
            run.reduce(Action::Next, now);
        }
        let report = score::report(&run);
        assert_eq!(report.total.percent(), 100);
        assert_eq!(report.multiplier, TimeMultiplier::X1_5);
        let recorded = progress.record_run(&run, &shipped, now, 60);
        let last = n + 1 == packs.len();
        let mut expected = vec![pack.id.clone()];
        if last {
            expected.push(MASTERY.to_owned());
        }
        assert_eq!(recorded.new_badges, expected);
        assert_eq!(recorded.best, Some((100, true)));
        assert!(progress.record_run(&run, &shipped, now, 60).already, "filing twice counts once");
    }
    assert_eq!(progress.badges.len(), packs.len() + 1);
    assert_eq!(progress.due_reviews(now + 3_600_000), 0, "no mistakes, nothing to review");
    assert_eq!(progress.current_streak(now, 60), 1);
}

#[test]
fn the_right_option_is_not_always_in_the_same_place() {
    for pack in packs() {
        for q in pack.questions.iter().filter(|q| q.interaction == Interaction::Single) {
            let right = q.correct_options()[0] as u8;
            let places: BTreeSet<u8> = (0..24)
                .map(|seed| {
                    let run = Run::new(
                        vec![(pack.id.clone(), q.clone())],
                        rollback_lab::quiz::Settings::new(Mode::Practice, seed, TimeMultiplier::X1),
                        0,
                    );
                    run.position_of(0, right).expect("shown")
                })
                .collect();
            assert!(places.len() >= 2, "{}: right option always at {places:?}", q.id);
        }
    }
}

#[test]
fn ordering_questions_are_never_dealt_in_order() {
    for pack in packs() {
        for seed in 0..40 {
            let run = Run::for_pack(&pack, Mode::Practice, seed, TimeMultiplier::X1, &[], 0);
            for (i, slot) in run.slots().iter().enumerate() {
                if run.question(i).is_some_and(|q| q.interaction == Interaction::Ordering) {
                    assert!(slot.order.iter().enumerate().any(|(k, &s)| usize::from(s) != k), "{}", slot.question);
                }
            }
        }
    }
}

#[test]
fn a_test_reports_by_difficulty_and_kind_and_reviews_every_answer() {
    let packs = packs();
    let pack = &packs[0];
    let mut run = Run::for_pack(pack, Mode::Test, 11, TimeMultiplier::X1, &[], 0);
    assert_eq!(run.len(), 10);
    let mut now = 0;
    for i in 0..run.len() {
        now += 30_000;
        if i % 2 == 0 {
            answer_right(&mut run, now)
        } else {
            answer_wrong(&mut run, now)
        };
        assert!(!run.show(i).verdict, "no feedback during a test");
        run.reduce(Action::Next, now);
    }
    assert!(run.is_finished());
    let report = score::report(&run);
    assert_eq!((report.total.questions, report.total.correct, report.total.points), (10, 5, 5000));
    for level in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard] {
        assert!(report.by_difficulty.iter().any(|(d, _)| *d == level), "{level:?} missing");
    }
    assert_eq!(report.by_kind.iter().map(|(_, t)| t.questions).sum::<u32>(), 10);
    for item in &report.items {
        assert!(!item.expected.is_empty() && !item.given.is_empty(), "{item:?}");
        assert_eq!(item.status == Status::Correct, item.misconceptions.is_empty(), "{item:?}");
        assert!(run.show(item.index).solution);
        let letter_line = &item.expected[0];
        assert!(letter_line.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()), "{letter_line}");
    }
    assert_eq!(report.duration_ms, now);
}

#[test]
fn wrong_answers_come_back_as_reviews() {
    let packs = packs();
    let pack = &packs[1];
    let mut progress = Progress::default();
    let mut run = Run::for_pack(pack, Mode::Test, 3, TimeMultiplier::X1, &[], 0);
    answer_wrong(&mut run, 1_000);
    run.reduce(Action::Finish, 2_000);
    progress.record_run(&run, &[], 2_000, 0);
    assert_eq!(progress.due_reviews(2_000), 0, "not due straight away");
    let due_at = 2_000 + review::INTERVALS_MS[0];
    let due = progress.due_reviews(due_at);
    assert!(due >= 1);

    let picked = review::pick(&progress.review, &packs, due_at, 9, 10);
    assert_eq!(picked.len(), due);
    let tags = progress.review.due(due_at).into_iter().map(str::to_owned).collect::<Vec<_>>();
    for ((_, q), tag) in picked.iter().zip(&tags) {
        assert!(rollback_lab::quiz::grade::question_tags(q).contains(&tag.as_str()), "{} does not test {tag}", q.id);
    }
    let mut review_run =
        Run::new(picked, rollback_lab::quiz::Settings::new(Mode::Review, 9, TimeMultiplier::X1), due_at);
    while !review_run.is_finished() {
        answer_right(&mut review_run, due_at);
        review_run.reduce(Action::Next, due_at);
    }
    progress.record_run(&review_run, &[], due_at, 0);
    assert_eq!(progress.due_reviews(due_at), 0);
    assert!(progress.review.cards.values().all(|c| c.box_ == 2));
}

/// Properties of every pack's drawn runs, over many seeds: one question per slot, drawn from that
/// slot's pool, dealt easy to hard; a retake that avoids the previous run's questions meets none of
/// them again (every pool a slot names holds at least two questions).
#[test]
fn drawn_runs_take_one_question_per_slot_easy_to_hard_and_retakes_differ() {
    for pack in packs() {
        for (mode, slots) in [(Mode::Test, &pack.test), (Mode::Challenge, &pack.challenge)] {
            for seed in 0..30u64 {
                let run = Run::for_pack(&pack, mode, seed, TimeMultiplier::X1, &[], 0);
                assert_eq!(run.len(), slots.len(), "{} {mode:?}", pack.id);
                let ids: Vec<String> = run.slots().iter().map(|s| s.question.clone()).collect();
                for slot in slots {
                    let members: Vec<&str> = pack.slot_questions(slot).iter().map(|q| q.id.as_str()).collect();
                    let drawn = ids.iter().filter(|id| members.contains(&id.as_str())).count();
                    assert_eq!(drawn, 1, "{} {mode:?} seed {seed}: slot {slot} drew {drawn} questions", pack.id);
                }
                let levels: Vec<Difficulty> = (0..run.len()).map(|i| run.question(i).unwrap().difficulty).collect();
                assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{} {mode:?} seed {seed}: not easy to hard", pack.id);
                let avoid: Vec<String> = ids.clone();
                let retake = Run::for_pack(&pack, mode, seed + 1000, TimeMultiplier::X1, &avoid, 0);
                for s in retake.slots() {
                    let pool_size = pack
                        .questions
                        .iter()
                        .find(|q| q.id == s.question)
                        .and_then(|q| q.pool.as_ref())
                        .map_or(1, |p| pack.questions.iter().filter(|o| o.pool.as_ref() == Some(p)).count());
                    assert!(
                        pool_size < 2 || !avoid.contains(&s.question),
                        "{} {mode:?} seed {seed}: the retake met {} again",
                        pack.id,
                        s.question
                    );
                }
            }
        }
    }
}

/// Ending any run early never reveals the answer of a question the learner was not shown: over
/// every pack and mode, after answering k questions, the report's right answers are exactly those
/// of the k + 1 questions shown.
#[test]
fn an_early_end_reveals_only_the_questions_shown() {
    for pack in packs() {
        for mode in [Mode::Practice, Mode::Test, Mode::Challenge] {
            for k in [0usize, 1, 3] {
                let mut run = Run::for_pack(&pack, mode, k as u64, TimeMultiplier::X1, &[], 0);
                let mut now = 0;
                for _ in 0..k.min(run.len().saturating_sub(1)) {
                    now += 1000;
                    answer_right(&mut run, now);
                    run.reduce(Action::Next, now);
                }
                run.reduce(Action::Finish, now + 1);
                let report = score::report(&run);
                let shown = k.min(run.len().saturating_sub(1)) + 1;
                let revealed = report.items.iter().filter(|i| !i.expected.is_empty()).count();
                assert_eq!(revealed, shown, "{} {mode:?} after {k}: {revealed} answers revealed", pack.id);
                assert!(report.items.iter().filter(|i| !i.seen).all(|i| i.given.is_empty() && i.expected.is_empty()));
            }
        }
    }
}

/// The quiz build reads shipped and imported packs with the light reader (`pack::read_shipped`):
/// every shipped pack, in its JSON form (imports), reads back equal to what `lab check` read, and
/// in the form the build writes (`to_site_json`), equal to it without the fields only `lab check` reads.
#[test]
fn the_light_reader_reads_back_every_shipped_pack() {
    for pack in packs() {
        let file = format!("{}.json", pack.id);
        let json = rollback_lab::pack::to_json(&pack);
        assert_eq!(rollback_lab::pack::read_shipped(&file, &json), Ok(pack.clone()));
        let mut expected = pack.clone();
        for q in &mut expected.questions {
            q.waive.clear();
            q.sim_state = None;
        }
        assert_eq!(rollback_lab::pack::read_shipped(&file, &rollback_lab::pack::to_site_json(&pack)), Ok(expected));
    }
}
