//! Which questions a pack run deals, and in which order.
//!
//! A pack's Test and Challenge are lists of slots; a slot names a pool of interchangeable
//! questions (same skill, same difficulty) or a single question. A run draws one question per
//! slot with its seed, so a retake meets other questions wherever a pool has them, and a learner
//! cannot learn "the five Challenge answers" by heart. Questions the learner met in their previous
//! run of the same mode are drawn only when a pool has nothing else.
//!
//! Order: every pack run goes from easy to hard (the screens announce it), shuffled within each
//! difficulty, so the first Practice question is never an expert one and the Test keeps its word.

use crate::pack::{Pack, Question};
use crate::quiz::mode::Mode;
use crate::quiz::shuffle::Shuffler;

/// The questions of a `mode` run of `pack`, in the order they are dealt.
///
/// `avoid` holds the ids of questions to leave out where a pool allows (the previous run's). The
/// result is a function of the pack, the mode, the seed and `avoid`, on every platform.
pub fn deal<'p>(pack: &'p Pack, mode: Mode, seed: u64, avoid: &[String]) -> Vec<&'p Question> {
    // A seed of its own for the draw, so the run's option shuffles (seeded with `seed`) do not
    // depend on how many pools there were.
    let mut shuffler = Shuffler::new(seed ^ 0x6472_6177_5f70_6f6f);
    let picked: Vec<&Question> = match mode {
        Mode::Practice | Mode::Review => pack.questions.iter().collect(),
        Mode::Test => draw_slots(pack, &pack.test, &mut shuffler, avoid),
        Mode::Challenge => draw_slots(pack, &pack.challenge, &mut shuffler, avoid),
    };
    // Easy to hard, shuffled within a difficulty: a permutation first, then a stable sort.
    let order = shuffler.permutation(u32::try_from(picked.len()).unwrap_or(u32::MAX));
    let mut dealt: Vec<&Question> = order.iter().filter_map(|&i| picked.get(i as usize).copied()).collect();
    crate::sort::sort_by_key(&mut dealt, |q| q.difficulty);
    dealt
}

/// One question per slot: uniformly among the slot's questions not in `avoid`, or among all of
/// them when every one is to be avoided.
fn draw_slots<'p>(pack: &'p Pack, slots: &[String], shuffler: &mut Shuffler, avoid: &[String]) -> Vec<&'p Question> {
    slots
        .iter()
        .filter_map(|slot| {
            let all = pack.slot_questions(slot);
            let fresh: Vec<&Question> = all.iter().copied().filter(|q| !avoid.contains(&q.id)).collect();
            let from = if fresh.is_empty() { all } else { fresh };
            let n = u32::try_from(from.len()).unwrap_or(u32::MAX);
            from.get(shuffler.below(n) as usize).copied()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::pack::Difficulty;
    use crate::quiz::grade::fixtures::question;
    use crate::pack::Interaction;

    fn pooled_pack() -> Pack {
        let mut questions = Vec::new();
        for slot in 0..5 {
            for member in 0..3 {
                let mut q = question(&format!("q{slot}-{member}"), Interaction::Single, &[0], 0);
                q.pool = Some(format!("slot-{slot}"));
                q.difficulty = Difficulty::ALL[slot % 4];
                questions.push(q);
            }
        }
        Pack {
            id: "p".into(),
            title: "P".into(),
            summary: "s".into(),
            tags: vec!["t".into()],
            minutes: 5,
            badge: "B".into(),
            test: vec![],
            challenge: (0..5).map(|s| format!("slot-{s}")).collect(),
            questions,
            imported_from: None,
        }
    }

    #[test]
    fn one_question_per_slot_easy_to_hard() {
        let pack = pooled_pack();
        for seed in 0..50 {
            let dealt = deal(&pack, Mode::Challenge, seed, &[]);
            assert_eq!(dealt.len(), 5);
            let slots: BTreeSet<&str> = dealt.iter().filter_map(|q| q.pool.as_deref()).collect();
            assert_eq!(slots.len(), 5, "seed {seed}: every slot once");
            assert!(dealt.windows(2).all(|w| w[0].difficulty <= w[1].difficulty), "seed {seed}: easy to hard");
        }
    }

    #[test]
    fn a_retake_avoids_the_previous_questions() {
        let pack = pooled_pack();
        for seed in 0..50 {
            let first: Vec<String> = deal(&pack, Mode::Challenge, seed, &[]).iter().map(|q| q.id.clone()).collect();
            let second = deal(&pack, Mode::Challenge, seed + 1000, &first);
            assert!(second.iter().all(|q| !first.contains(&q.id)), "seed {seed}: a retake met a question again");
        }
    }

    #[test]
    fn draws_cover_every_pool_member() {
        let pack = pooled_pack();
        let seen: BTreeSet<String> = (0..200)
            .flat_map(|seed| deal(&pack, Mode::Challenge, seed, &[]).into_iter().map(|q| q.id.clone()))
            .collect();
        assert_eq!(seen.len(), 15);
    }

    #[test]
    fn practice_deals_every_question_easy_first() {
        let pack = pooled_pack();
        let dealt = deal(&pack, Mode::Practice, 9, &[]);
        assert_eq!(dealt.len(), pack.questions.len());
        assert_eq!(dealt[0].difficulty, Difficulty::Easy);
    }
}
