//! Badges: one per pack for a perfect Challenge, and Rollback Mastery across the shipped packs.
//!
//! Definitions (also shown on the badges page, see [`rules_text`]):
//! - A pack's badge is earned by a finished run of that pack's own Challenge (the five questions its
//!   `challenge` list names, dealt by [`Run::for_pack`]) in which every question was answered right
//!   before its time ran out, on any of its allowed tries. The time multiplier does not matter: it
//!   is an accommodation, not an easier test, and it is recorded with the badge.
//! - Rollback Mastery is earned once the badge of every *shipped* pack (the site's own packs, not
//!   packs an instructor imported) has been earned. Once earned it is kept, even when a later
//!   release ships a new pack.

use serde::Serialize;

use crate::quiz::mode::Mode;
use crate::quiz::run::{Run, Status};
use crate::quiz::timer::TimeMultiplier;

/// The key of the Rollback Mastery badge among the earned badges (pack ids are slugs too, and no
/// pack may take this id: it is not a pack-id pattern a pack would use, and [`rules_text`] reserves it).
pub const MASTERY: &str = "rollback-mastery";

/// The name shown for Rollback Mastery.
pub const MASTERY_NAME: &str = "Rollback Mastery";

/// When and how a badge was earned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BadgeRecord {
    /// When it was earned.
    #[serde(rename = "at")]
    pub at_ms: u64,
    /// The time multiplier of the run that earned it (Mastery: of the run that completed it).
    pub multiplier: TimeMultiplier,
}

/// The pack whose badge `run` earns, if it earns one.
pub fn pack_badge(run: &Run) -> Option<&str> {
    let pack = run.settings().badge_pack.as_deref()?;
    let perfect = run.mode() == Mode::Challenge
        && run.is_finished()
        && !run.is_empty()
        && run.slots().iter().all(|s| s.status == Status::Correct && s.pack == pack);
    perfect.then_some(pack)
}

/// Whether the badges earned (`has(pack_id)`) complete Rollback Mastery for the `shipped` packs.
/// An empty shipped list never does: mastery of nothing is not mastery.
pub fn mastery_complete(has: impl Fn(&str) -> bool, shipped: &[&str]) -> bool {
    !shipped.is_empty() && shipped.iter().all(|p| has(p))
}

/// How badges are earned, for the badges page.
pub fn rules_text() -> Vec<String> {
    vec![
        "Each pack has a badge: answer all five questions of its Challenge right, each before its time runs out \
         (a second try still counts)."
            .to_owned(),
        "The time multiplier you chose in settings is fine: it is shown with the badge.".to_owned(),
        format!("{MASTERY_NAME}: earn the badge of every pack that ships with Rollback Lab."),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Pack;
    use crate::quiz::grade::fixtures::single;
    use crate::quiz::run::Action;

    fn pack() -> Pack {
        let questions: Vec<_> = (0..5).map(|i| single(&format!("q{i}"), 0)).collect();
        Pack {
            id: "p".to_owned(),
            title: "P".to_owned(),
            summary: String::new(),
            tags: vec![],
            minutes: 5,
            badge: "Keeper".to_owned(),
            test: vec![],
            challenge: questions.iter().map(|q| q.id.clone()).collect(),
            questions,
            imported_from: None,
        }
    }

    /// Plays the pack's Challenge answering right, except question `miss_at` (missed twice) and
    /// question `second_try_at` (right on the second try).
    fn play(pack: &Pack, miss_at: Option<usize>, second_try_at: Option<usize>) -> Run {
        let mut run = Run::for_pack(pack, Mode::Challenge, 5, TimeMultiplier::X2, &[], 0);
        for i in 0..run.len() {
            let right = run.position_of(i, 0).unwrap();
            let wrong = run.position_of(i, 1).unwrap();
            let wrong2 = run.position_of(i, 2).unwrap();
            if miss_at == Some(i) {
                run.reduce(Action::Choose(wrong), 1);
                run.reduce(Action::Submit, 2);
                run.reduce(Action::Choose(wrong2), 3);
                run.reduce(Action::Submit, 4);
            } else {
                if second_try_at == Some(i) {
                    run.reduce(Action::Choose(wrong), 1);
                    run.reduce(Action::Submit, 2);
                }
                run.reduce(Action::Choose(right), 5);
                run.reduce(Action::Submit, 6);
            }
            run.reduce(Action::Next, 7);
        }
        run
    }

    #[test]
    fn a_perfect_challenge_earns_the_pack_badge() {
        let p = pack();
        assert_eq!(pack_badge(&play(&p, None, None)), Some("p"));
        assert_eq!(pack_badge(&play(&p, None, Some(2))), Some("p"), "a second try still counts");
        assert_eq!(pack_badge(&play(&p, Some(3), None)), None);
        let practice = Run::for_pack(&p, Mode::Practice, 1, TimeMultiplier::X1, &[], 0);
        assert_eq!(pack_badge(&practice), None);
        let unfinished = Run::for_pack(&p, Mode::Challenge, 1, TimeMultiplier::X1, &[], 0);
        assert_eq!(pack_badge(&unfinished), None);
    }

    #[test]
    fn a_draft_imported_from_a_bank_earns_no_badge() {
        // Anyone can import a bank under a shipped pack's id; a perfect Challenge of it must not
        // stand for that pack's badge (nor count toward Mastery).
        let draft = Pack { imported_from: Some("gift".to_owned()), ..pack() };
        assert_eq!(pack_badge(&play(&draft, None, None)), None);
    }

    #[test]
    fn mastery_needs_every_shipped_pack() {
        let earned = ["a", "b"];
        let has = |p: &str| earned.contains(&p);
        assert!(mastery_complete(has, &["a", "b"]));
        assert!(!mastery_complete(has, &["a", "b", "c"]));
        assert!(!mastery_complete(has, &[]));
    }
}
