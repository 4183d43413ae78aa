//! Spaced review by misconception: Leitner boxes per misconception tag, with due times in ms.
//!
//! What is scheduled is the misunderstanding, not the question: a wrong option's `misconception`
//! tag (or an ordering question's `order_misconception`) is what the learner needs to unlearn, and
//! any question whose options carry that tag can test it. So a wrong answer anywhere (Practice,
//! Test, Challenge, Review) puts each misconception it revealed in box 1, due [`INTERVALS_MS`]`[0]`
//! (ten minutes) later; a right answer *in Review* to a question carrying a scheduled tag promotes
//! that tag one box (if it was due, and once per run), due after that box's interval; a right answer from the last box retires the
//! tag. A wrong answer in Review sends the question's scheduled tags back to box 1 as well: it was
//! picked to test them, and they did not pass.

use serde::Serialize;

use crate::pack::{Pack, Question};
use crate::quiz::grade::{grade, question_tags};
use crate::quiz::mode::Mode;
use crate::quiz::run::{Run, Status};
use crate::quiz::shuffle::Shuffler;
use crate::str_map::StrMap;

const MINUTE: u64 = 60_000;
const DAY: u64 = 24 * 60 * MINUTE;

/// The wait before a tag in box `n` (1-based) is due again: 10 minutes, 1, 3, 7 and 21 days.
/// Ten minutes first, so a mistake comes back within the same sitting, while it can still be fixed.
pub const INTERVALS_MS: [u64; 5] = [10 * MINUTE, DAY, 3 * DAY, 7 * DAY, 21 * DAY];

/// The number of boxes.
pub const BOXES: u8 = INTERVALS_MS.len() as u8;

/// One scheduled misconception.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Card {
    /// Its Leitner box, 1 to [`BOXES`].
    #[serde(rename = "box")]
    pub box_: u8,
    /// When it is due.
    #[serde(rename = "due")]
    pub due_ms: u64,
    /// How many times it was revealed by a wrong answer (for the learner's own curiosity).
    pub misses: u32,
}

/// What a right answer in review did to a tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Promotion {
    /// Moved up to this box.
    To(u8),
    /// Passed the last box: no longer scheduled.
    Retired,
    /// The tag was not scheduled.
    NotScheduled,
}

/// The review schedule: every misconception being reviewed, by tag (sorted, so output is stable).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Schedule {
    /// The cards by tag.
    pub cards: StrMap<Card>,
}

/// The interval of box `n` (clamped into range).
fn interval(n: u8) -> u64 {
    INTERVALS_MS[usize::from(n.clamp(1, BOXES) - 1)]
}

impl Schedule {
    /// A wrong answer revealed `tag` at `now_ms`: box 1, due soon.
    pub fn miss(&mut self, tag: &str, now_ms: u64) {
        let card = self.cards.entry(tag.to_owned()).or_insert(Card { box_: 1, due_ms: 0, misses: 0 });
        card.box_ = 1;
        card.due_ms = now_ms.saturating_add(interval(1));
        card.misses = card.misses.saturating_add(1);
    }

    /// A right answer in review cleared `tag` at `now_ms`: one box up, or retired from the last.
    pub fn hit(&mut self, tag: &str, now_ms: u64) -> Promotion {
        let Some(card) = self.cards.get_mut(tag) else { return Promotion::NotScheduled };
        if card.box_ >= BOXES {
            self.cards.remove(tag);
            return Promotion::Retired;
        }
        card.box_ += 1;
        card.due_ms = now_ms.saturating_add(interval(card.box_));
        Promotion::To(card.box_)
    }

    /// The tags due at `now_ms`, the longest overdue first (ties by tag).
    pub fn due(&self, now_ms: u64) -> Vec<&str> {
        let mut due: Vec<(u64, &str)> =
            self.cards.iter().filter(|(_, c)| c.due_ms <= now_ms).map(|(t, c)| (c.due_ms, t.as_str())).collect();
        crate::sort::sort(&mut due);
        due.into_iter().map(|(_, t)| t).collect()
    }

    /// How many reviews are due at `now_ms` (the home page's count).
    pub fn due_count(&self, now_ms: u64) -> usize {
        self.cards.values().filter(|c| c.due_ms <= now_ms).count()
    }

    /// When the next review comes due (which may be in the past), if any is scheduled.
    pub fn next_due_ms(&self) -> Option<u64> {
        self.cards.values().map(|c| c.due_ms).min()
    }

    /// Files what a run revealed, at `now_ms`: every wrong try's misconceptions are missed; in a
    /// Review run, a question answered right promotes its due tags (each once per run) and one
    /// answered wrong (or timed out) sends its scheduled tags back to box 1.
    pub fn apply_run(&mut self, run: &Run, now_ms: u64) {
        // Small sets as sorted `Vec`s (no B-tree code per element type in the wasm).
        let mut promoted: Vec<String> = Vec::new();
        for (i, slot) in run.slots().iter().enumerate() {
            let Some(question) = run.question(i) else { continue };
            for t in slot.tries.iter().filter(|t| !t.correct) {
                for tag in grade(question, &t.answer).misconceptions {
                    self.miss(&tag, now_ms);
                }
            }
            if run.mode() != Mode::Review {
                continue;
            }
            let scheduled: Vec<String> = question_tags(question)
                .into_iter()
                .filter(|t| self.cards.contains_key(t))
                .map(str::to_owned)
                .collect();
            match slot.status {
                Status::Correct => {
                    for tag in scheduled {
                        // Only a due card moves up, and once per run: two questions on the same
                        // misconception in one sitting are one review, not two.
                        let due = self.cards.get(&tag).is_some_and(|c| c.due_ms <= now_ms);
                        if due && crate::sort::insert_sorted(&mut promoted, tag.clone()) {
                            self.hit(&tag, now_ms);
                        }
                    }
                }
                Status::Missed | Status::TimedOut => {
                    for tag in scheduled {
                        self.miss(&tag, now_ms);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Picks up to `max` questions for the tags due at `now_ms`, one per due tag, longest overdue
/// first: for each tag, a question (from `packs`) that carries it, chosen with `seed` among those
/// not picked yet. Returns `(pack id, question)` pairs ready for [`Run::new`] in [`Mode::Review`].
/// A due tag no loaded question carries (a pack changed) is left out.
pub fn pick<'a>(
    schedule: &Schedule,
    packs: impl IntoIterator<Item = &'a Pack>,
    now_ms: u64,
    seed: u64,
    max: usize,
) -> Vec<(String, Question)> {
    let all: Vec<(&str, &Question)> =
        packs.into_iter().flat_map(|p| p.questions.iter().map(move |q| (p.id.as_str(), q))).collect();
    let mut shuffler = Shuffler::new(seed);
    let mut taken: Vec<(&str, &str)> = Vec::new();
    let mut picked = Vec::new();
    for tag in schedule.due(now_ms) {
        if picked.len() >= max {
            break;
        }
        let candidates: Vec<&(&str, &Question)> = all
            .iter()
            .filter(|(p, q)| !taken.contains(&(*p, q.id.as_str())) && question_tags(q).contains(&tag))
            .collect();
        let n = u32::try_from(candidates.len()).unwrap_or(u32::MAX);
        if let Some(&&(pack, question)) = candidates.get(shuffler.below(n) as usize) {
            crate::sort::insert_sorted(&mut taken, (pack, question.id.as_str()));
            picked.push((pack.to_owned(), question.clone()));
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Interaction;
    use crate::quiz::grade::fixtures::{question, single};
    use crate::quiz::run::{Action, Run, Settings};
    use crate::quiz::timer::TimeMultiplier;

    #[test]
    fn wrong_puts_in_box_one_and_right_promotes() {
        let mut s = Schedule::default();
        s.miss("t", 1_000);
        assert_eq!(s.cards["t"], Card { box_: 1, due_ms: 1_000 + 10 * MINUTE, misses: 1 });
        assert_eq!(s.due_count(1_000), 0);
        assert_eq!(s.due_count(1_000 + 10 * MINUTE), 1);
        assert_eq!(s.hit("t", 2_000), Promotion::To(2));
        assert_eq!(s.cards["t"].due_ms, 2_000 + DAY);
        for b in 3..=5 {
            assert_eq!(s.hit("t", 3_000), Promotion::To(b));
        }
        assert_eq!(s.hit("t", 4_000), Promotion::Retired);
        assert!(s.cards.is_empty());
        assert_eq!(s.hit("t", 4_000), Promotion::NotScheduled);
        s.miss("u", 0);
        s.hit("u", 0);
        s.miss("u", 5);
        assert_eq!((s.cards["u"].box_, s.cards["u"].misses), (1, 2), "a new miss sends it back to box 1");
    }

    fn pack(questions: Vec<Question>) -> Pack {
        Pack {
            id: "p".to_owned(),
            title: String::new(),
            summary: String::new(),
            tags: vec![],
            minutes: 1,
            badge: String::new(),
            test: vec![],
            challenge: vec![],
            questions,
            imported_from: None,
        }
    }

    #[test]
    fn runs_schedule_what_they_reveal_and_reviews_promote() {
        let p = pack(vec![single("a", 0), single("b", 0), question("o", Interaction::Ordering, &[], 3)]);
        let questions = p.questions.iter().map(|q| ("p".to_owned(), q.clone())).collect();
        let mut run = Run::new(questions, Settings::new(Mode::Test, 1, TimeMultiplier::X1), 0);
        for i in 0..run.len() {
            if run.question(i).unwrap().interaction != Interaction::Ordering {
                let wrong = if run.question(i).unwrap().id == "a" { 1 } else { 2 };
                run.reduce(Action::Choose(run.position_of(i, wrong).unwrap()), 1);
            }
            run.reduce(Action::Submit, 2);
            run.reduce(Action::Next, 3);
        }
        let mut s = Schedule::default();
        s.apply_run(&run, 10);
        assert_eq!(s.cards.keys().collect::<Vec<_>>(), vec!["order-tag", "tag-1", "tag-2"]);
        let now = 10 + 10 * MINUTE;
        assert_eq!(s.due_count(now), 3);

        let picked = pick(&s, [&p], now, 4, 10);
        assert_eq!(picked.len(), 3, "one question per due tag, none twice");
        let mut review = Run::new(picked, Settings::new(Mode::Review, 4, TimeMultiplier::X1), now);
        for i in 0..review.len() {
            let q = review.question(i).unwrap().clone();
            if q.interaction == Interaction::Ordering {
                for target in 0..3u8 {
                    let at = review.steps(i).iter().position(|&(s, _)| s == target).unwrap() as u8;
                    review.reduce(Action::MoveStep { from: at, to: 2 }, now);
                }
            } else {
                review.reduce(Action::Choose(review.position_of(i, 0).unwrap()), now);
            }
            assert!(matches!(
                review.reduce(Action::Submit, now),
                crate::quiz::run::Effect::Answered { correct: true, .. }
            ));
            review.reduce(Action::Next, now);
        }
        s.apply_run(&review, now);
        assert_eq!(s.due_count(now), 0);
        assert!(s.cards.values().all(|c| c.box_ == 2), "{s:?}");
        assert_eq!(s.due_count(now + DAY), 3);
    }

    #[test]
    fn picking_is_seeded_and_skips_unknown_tags() {
        let p = pack((0..6).map(|i| single(&format!("q{i}"), 0)).collect());
        let mut s = Schedule::default();
        s.miss("tag-1", 0);
        s.miss("gone", 0);
        let due = 20 * MINUTE;
        let a = pick(&s, [&p], due, 1, 10);
        assert_eq!(a.len(), 1);
        assert_eq!(a, pick(&s, [&p], due, 1, 10));
        let ids: std::collections::BTreeSet<String> = (0..30).map(|seed| pick(&s, [&p], due, seed, 10)[0].1.id.clone()).collect();
        assert!(ids.len() > 3, "{ids:?}");
        assert!(pick(&s, [&p], 0, 1, 10).is_empty(), "nothing due yet");
    }
}
