//! A saved run and saved progress as learners' browsers hold them today, kept as files: whatever
//! reads them (session 8 replaced the run's derived serde reader with one over `serde_json::Value`,
//! and the streak's days became a sorted `Vec`) must read them to the same values and write them
//! back byte for byte. The files were written by `Run::to_json` and `Progress::export`/`to_json`
//! before the run's reader changed: main's writers (serde's derived `Serialize`, which session 8
//! leaves as it was; the days list is written the same from a sorted `Vec` as from a `BTreeSet`).
//! `BLESS=1` rewrites them: look at the diff, a changed file means browsers hold data in the old shape.
//!
//! Also: every truncation of either file gives a message, never a panic.

use std::path::Path;

use rollback_lab::pack::{Interaction, Pack};
use rollback_lab::quiz::progress::{LoadOutcome, Progress, VERSION};
use rollback_lab::quiz::run::{Action, ResumeError, Run};
use rollback_lab::quiz::{Mode, TimeMultiplier};

fn canary() -> Pack {
    let text = std::fs::read_to_string("static/packs/canary.toml").unwrap();
    rollback_lab::cli::check::read_toml_pack("canary.toml", &text).unwrap()
}

/// A Challenge of the canary pack played part way, as a learner would: every kind of field set
/// (wrong and right tries, a hint, an ordering arrangement, a time-up, settled and open slots).
fn played_part_way(pack: &Pack) -> Run {
    let mut run = Run::for_pack(pack, Mode::Challenge, 20_261_203, TimeMultiplier::X1_5, &[], 1_764_000_000_000);
    let mut now = 1_764_000_000_000;
    for i in 0..3 {
        let q = run.question(i).unwrap().clone();
        now += 4_000;
        if q.interaction == Interaction::Ordering {
            run.reduce(Action::MoveStep { from: 0, to: 1 }, now);
            run.reduce(Action::Submit, now + 500);
            run.reduce(Action::Hint, now + 600);
        } else {
            let wrong = (0..q.options.len()).find(|&o| !q.options[o].correct).unwrap();
            run.reduce(Action::Choose(run.position_of(i, wrong as u8).unwrap()), now);
            run.reduce(Action::Submit, now + 500);
            run.reduce(Action::Hint, now + 600);
            for o in q.correct_options() {
                run.reduce(Action::Choose(run.position_of(i, o as u8).unwrap()), now + 700);
            }
            run.reduce(Action::Submit, now + 900);
        }
        if i == 1 {
            // Left to time out: the next action comes after the deadline.
            now += 1_000_000;
            run.reduce(Action::Tick, now);
        }
        run.reduce(Action::Skip, now + 1_000);
        run.reduce(Action::Next, now + 1_100);
    }
    run
}

/// Progress with something in every section, from finished runs of the canary pack.
fn progress(pack: &Pack) -> Progress {
    let mut p = Progress::default();
    p.settings.multiplier = TimeMultiplier::X1_5;
    p.settings.hide_timer = true;
    for (k, mode) in [Mode::Practice, Mode::Test, Mode::Challenge].into_iter().enumerate() {
        let day = 1_764_000_000_000 + k as u64 * 86_400_000;
        let mut run = Run::for_pack(pack, mode, 7 + k as u64, TimeMultiplier::X1_5, &[], day);
        for i in 0..run.len() {
            for action in run.correct_actions(i).into_iter().take(if i % 2 == 0 { 99 } else { 0 }) {
                run.reduce(action, day + 1_000);
            }
            if i % 2 == 1 {
                let q = run.question(i).unwrap();
                if q.interaction == Interaction::Ordering {
                    run.reduce(Action::MoveStep { from: 1, to: 0 }, day + 1_000);
                } else {
                    let wrong = (0..q.options.len()).find(|&o| !q.options[o].correct).unwrap();
                    run.reduce(Action::Choose(run.position_of(i, wrong as u8).unwrap()), day + 1_000);
                }
            }
            run.reduce(Action::Submit, day + 2_000);
            run.reduce(Action::Skip, day + 2_500);
            run.reduce(Action::Next, day + 3_000);
        }
        run.reduce(Action::Finish, day + 4_000);
        p.record_run(&run, &["canary", "helm-releases"], day + 5_000, 60);
    }
    p
}

fn fixture(name: &str, written: &str) -> String {
    let path = Path::new("tests/fixtures/saved").join(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, written).unwrap();
    }
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}; run with BLESS=1 to write it", path.display()))
}

#[test]
fn a_saved_run_of_today_resumes_to_the_same_values_and_saves_back_the_same_text() {
    let pack = canary();
    let run = played_part_way(&pack);
    let text = fixture("run-canary-challenge.json", &run.to_json());
    let resumed = Run::resume(&text, [&pack], 1_764_000_000_000).expect("today's saved run resumes");
    assert_eq!(resumed.settings(), run.settings());
    assert_eq!(resumed.slots(), run.slots());
    assert_eq!((resumed.current_index(), resumed.started_ms(), resumed.finished_ms()), (run.current_index(), run.started_ms(), run.finished_ms()));
    assert_eq!(resumed, run);
    assert_eq!(resumed.to_json(), text);
    // What the file holds, spelled out, so a change of the values (not only of the text) shows.
    let s = &resumed.slots()[0];
    assert!(s.tries.len() >= 1 && s.hint_shown && s.opened_ms.is_some() && s.settled_ms.is_some());
    assert!(resumed.slots().iter().any(|s| s.status == rollback_lab::quiz::Status::TimedOut), "{text}");
    assert!(resumed.slots().iter().any(|s| s.deadline_ms.is_some()));
    assert_eq!(resumed.settings().badge_pack.as_deref(), Some("canary"));
}

#[test]
fn saved_progress_of_today_loads_to_the_same_values_and_saves_back_the_same_text() {
    let pack = canary();
    let p = progress(&pack);
    let exported = fixture("progress-v2.json", &p.export());
    assert_eq!(Progress::import(&exported), Ok((p.clone(), VERSION)));
    assert_eq!(p.export(), exported);
    let compact = fixture("progress-v2.compact.json", &p.to_json());
    assert_eq!(Progress::load(&compact), LoadOutcome::Ok(p.clone()));
    assert_eq!(p.to_json(), compact);
    assert!(!p.history.is_empty() && !p.best.is_empty() && !p.review.cards.is_empty() && p.streak.days.len() == 3, "{exported}");
    assert!(p.settings.hide_timer && p.settings.multiplier == TimeMultiplier::X1_5);
}

#[test]
fn every_truncation_of_either_file_is_a_message_not_a_panic() {
    let pack = canary();
    let run = std::fs::read_to_string("tests/fixtures/saved/run-canary-challenge.json").unwrap();
    for (end, _) in run.char_indices().skip(1) {
        match Run::resume(&run[..end], [&pack], 0) {
            Err(ResumeError::Unreadable(why)) => assert!(!why.is_empty()),
            other => panic!("{end}: {other:?}"),
        }
    }
    let progress = std::fs::read_to_string("tests/fixtures/saved/progress-v2.json").unwrap();
    for (end, _) in progress.char_indices().skip(1) {
        match Progress::load(&progress[..end]) {
            LoadOutcome::Unreadable { raw, error } => assert!(raw == progress[..end] && !error.is_empty()),
            LoadOutcome::Ok(p) if progress[..end].trim().is_empty() => assert_eq!(p, Progress::default()),
            other => panic!("{end}: {other:?}"),
        }
    }
}
