//! Whether one answer to one question is right, how much of an order is in place, and which
//! misconceptions a wrong answer reveals.
//!
//! Answers are always in *authored* indices (the order of `[[question.option]]` blocks and of
//! `steps` in the pack), never in displayed positions: the run maps positions to authored indices
//! once, so grading cannot be fooled by the shuffle.

use crate::pack::{Interaction, Question};
use crate::sort::sorted_set;

/// The verdict on one answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grade {
    /// Exactly right.
    pub correct: bool,
    /// For ordering: the share of steps in their correct place, in thousandths. For choice questions
    /// 1000 when right, 0 otherwise (all or nothing).
    pub share: u16,
    /// The misconception tags the answer reveals, sorted and without repeats: the tags of the wrong
    /// options chosen, or the question's `order_misconception` for a wrong order. Empty when right.
    pub misconceptions: Vec<String>,
}

/// Grades `answer` (authored indices: the options chosen, or the steps in the order given).
///
/// Malformed answers (an index out of range, a step twice, too few steps) are simply wrong: the
/// answer may come from a saved run someone edited, and grading must not panic on it.
pub fn grade(question: &Question, answer: &[u8]) -> Grade {
    match question.interaction {
        Interaction::Single | Interaction::Multiple => grade_choice(question, answer),
        Interaction::Ordering => grade_order(question, answer),
    }
}

fn grade_choice(question: &Question, answer: &[u8]) -> Grade {
    // Sets as sorted `Vec`s: no B-tree code per element type in the wasm (docs/performance.md, "Session 8").
    let chosen: Vec<usize> = sorted_set(answer.iter().map(|&i| usize::from(i)));
    let right: Vec<usize> = sorted_set(question.correct_options());
    let in_range = chosen.iter().all(|&i| i < question.options.len());
    let single_ok = question.interaction != Interaction::Single || chosen.len() == 1;
    let correct = in_range && single_ok && !right.is_empty() && chosen == right;
    let misconceptions: Vec<String> = sorted_set(
        chosen.iter().filter_map(|&i| question.options.get(i)).filter(|o| !o.correct).filter_map(|o| o.misconception.clone()),
    );
    Grade { correct, share: if correct { 1000 } else { 0 }, misconceptions }
}

fn grade_order(question: &Question, answer: &[u8]) -> Grade {
    let n = question.steps.len();
    let in_place = answer.iter().enumerate().filter(|&(i, &step)| usize::from(step) == i).count();
    // A valid order names every step once; anything else is wrong however many steps line up.
    let distinct: Vec<u8> = sorted_set(answer.iter().copied());
    let valid = n > 0 && answer.len() == n && distinct.len() == n && answer.iter().all(|&s| usize::from(s) < n);
    let correct = valid && in_place == n;
    let share = if valid { (in_place * 1000 / n) as u16 } else { 0 };
    let misconceptions = match (&question.order_misconception, correct) {
        (Some(tag), false) => vec![tag.clone()],
        _ => Vec::new(),
    };
    Grade { correct, share, misconceptions }
}

/// Every misconception tag a question can reveal: its wrong options' tags or its
/// `order_misconception`, sorted and without repeats. Review picks questions by these.
pub fn question_tags(question: &Question) -> Vec<&str> {
    sorted_set(question.options.iter().filter_map(|o| o.misconception.as_deref()).chain(question.order_misconception.as_deref()))
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Small questions for the quiz tests, built in code so each test shows what it relies on.

    use crate::pack::{ChoiceOption, Difficulty, Interaction, Kind, Question};

    /// A question with the given interaction; choice questions get four options, `correct` marking
    /// the right ones and each wrong option tagged `tag-<index>`; ordering questions get `steps` steps.
    pub fn question(id: &str, interaction: Interaction, correct: &[usize], steps: usize) -> Question {
        let options = if interaction == Interaction::Ordering {
            Vec::new()
        } else {
            (0..4)
                .map(|i| ChoiceOption {
                    text: format!("option {i}"),
                    correct: correct.contains(&i),
                    misconception: (!correct.contains(&i)).then(|| format!("tag-{i}")),
                    why: None,
                })
                .collect()
        };
        Question {
            id: id.to_owned(),
            kind: Kind::Conceptual,
            interaction,
            difficulty: Difficulty::Easy,
            time_limit: 60,
            attempts: 2,
            title: format!("title {id}"),
            prompt: "prompt".to_owned(),
            code: None,
            code_lang: None,
            options,
            steps: (0..steps).map(|i| format!("step {i}")).collect(),
            order_misconception: (interaction == Interaction::Ordering).then(|| "order-tag".to_owned()),
            hint: "hint".to_owned(),
            solution: vec!["s1".to_owned(), "s2".to_owned()],
            explanation: "because".to_owned(),
            quick_check: "rule".to_owned(),
            mistakes: vec!["m1".to_owned(), "m2".to_owned()],
            sim_state: None,
            pool: None,
            waive: Default::default(),
        }
    }

    /// A single-choice question whose right option is authored index `right`.
    pub fn single(id: &str, right: usize) -> Question {
        question(id, Interaction::Single, &[right], 0)
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn single_choice() {
        let q = single("q", 1);
        assert!(grade(&q, &[1]).correct);
        let g = grade(&q, &[2]);
        assert!(!g.correct);
        assert_eq!(g.misconceptions, vec!["tag-2".to_owned()]);
        assert!(!grade(&q, &[1, 2]).correct);
        assert!(!grade(&q, &[]).correct);
        assert!(!grade(&q, &[200]).correct);
    }

    #[test]
    fn multiple_choice_is_all_or_nothing() {
        let q = question("q", Interaction::Multiple, &[0, 2], 0);
        assert!(grade(&q, &[2, 0]).correct);
        assert!(grade(&q, &[0, 2, 2]).correct);
        let missing = grade(&q, &[0]);
        assert!(!missing.correct && missing.share == 0 && missing.misconceptions.is_empty());
        let extra = grade(&q, &[0, 2, 3]);
        assert_eq!((extra.correct, extra.misconceptions), (false, vec!["tag-3".to_owned()]));
    }

    #[test]
    fn ordering_counts_steps_in_place() {
        let q = question("q", Interaction::Ordering, &[], 4);
        assert_eq!(grade(&q, &[0, 1, 2, 3]), Grade { correct: true, share: 1000, misconceptions: vec![] });
        let g = grade(&q, &[0, 1, 3, 2]);
        assert_eq!((g.correct, g.share), (false, 500));
        assert_eq!(g.misconceptions, vec!["order-tag".to_owned()]);
        assert_eq!(grade(&q, &[0, 0, 2, 3]).share, 0, "a repeated step is not an order");
        assert_eq!(grade(&q, &[0, 1, 2]).share, 0);
        assert_eq!(question_tags(&q).into_iter().collect::<Vec<_>>(), vec!["order-tag"]);
    }
}
