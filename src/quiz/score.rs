//! Scoring: the rules as code, the same rules as text for the learner, and the end-of-run report.
//!
//! Points are counted in thousandths of a question (a right first try is 1000) so that halves,
//! quarters and partial orders add up exactly in integers, natively and in wasm alike.
//!
//! The rules:
//! - A right answer earns 1 point on the first try, ½ on the second, ¼ on any later try.
//! - A time-up earns nothing; so does using every attempt without the right answer, or skipping.
//! - Select-all-that-apply questions are all or nothing: exactly the right options.
//! - Ordering questions are all or nothing, except in Practice: there an order that never came
//!   fully right earns its best try's *share of steps in their correct position*, scaled by that
//!   try's factor. Share-in-place (rather than longest correct subsequence) because it is the rule a
//!   learner can check by eye: "3 of 5 steps were where they belong".
//! - The hint costs nothing: it is there to help learning, and the Challenge only unlocks it after a miss.

use std::collections::BTreeMap;

use crate::pack::{Difficulty, Interaction, Kind, Question};
use crate::quiz::mode::Mode;
use crate::quiz::run::{Run, Settings, Slot, Status, letter};
use crate::quiz::timer::TimeMultiplier;

/// The points of a right answer on the first try.
pub const FULL: u32 = 1000;

/// The factor, in thousandths, of a right answer on try `n` (1-based).
pub fn try_factor(n: usize) -> u32 {
    match n {
        0 | 1 => FULL,
        2 => FULL / 2,
        _ => FULL / 4,
    }
}

/// The points a question earned (in thousandths), by the rules above.
pub fn slot_points(mode: Mode, slot: &Slot, question: &Question) -> u32 {
    match slot.status {
        Status::Correct => slot.tries.iter().position(|t| t.correct).map_or(0, |i| try_factor(i + 1)),
        Status::TimedOut => 0,
        _ if mode.ordering_partial_credit() && question.interaction == Interaction::Ordering => slot
            .tries
            .iter()
            .enumerate()
            .map(|(i, t)| u32::from(t.share.min(1000)) * try_factor(i + 1) / FULL)
            .max()
            .unwrap_or(0),
        _ => 0,
    }
}

/// The scoring rules of a run set up with `settings`, as lines to show before it starts and in
/// its results.
pub fn rules_text(settings: &Settings) -> Vec<String> {
    let mode = settings.mode;
    let mut lines = vec!["Each question is worth 1 point.".to_owned()];
    let one_try = settings.attempts.map_or(matches!(mode, Mode::Test | Mode::Review), |a| a <= 1);
    if one_try {
        lines.push("You get one try per question: a right answer earns 1 point.".to_owned());
    } else {
        lines.push(
            "A right answer earns 1 point on the first try, ½ point on the second and ¼ point on a later try."
                .to_owned(),
        );
        lines.push("Using every attempt without the right answer earns nothing.".to_owned());
    }
    if mode.timed() && settings.multiplier != TimeMultiplier::Untimed {
        lines.push("When a question's time is up, it earns nothing.".to_owned());
    }
    lines.push("“Select all that apply”: all or nothing; choose every right option and no wrong one.".to_owned());
    if mode.ordering_partial_credit() {
        lines.push(
            "“Put in order”: a fully right order scores as above; otherwise your best try earns the share of \
             steps in their correct position (3 of 5 in place on the first try: 0.6 point), times that try's factor."
                .to_owned(),
        );
    } else {
        lines.push("“Put in order”: all or nothing; every step must be in its place.".to_owned());
    }
    if mode.hints() != crate::quiz::mode::HintRule::Never {
        lines.push("Looking at the hint costs nothing.".to_owned());
    }
    if mode.timed() {
        lines.push(format!("Time multiplier: {}.", settings.multiplier.label()));
    }
    lines
}

/// Points in thousandths as the learner reads them: `1`, `0.5`, `2.25`.
pub fn format_points(points: u32) -> String {
    let whole = points / FULL;
    let frac = points % FULL;
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:03}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Counts for one group of questions (a difficulty, a kind).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Questions in the group.
    pub questions: u32,
    /// Of which answered right.
    pub correct: u32,
    /// Points earned, in thousandths.
    pub points: u32,
    /// Points possible, in thousandths.
    pub max_points: u32,
}

impl Tally {
    fn add(&mut self, correct: bool, points: u32) {
        self.questions += 1;
        self.correct += u32::from(correct);
        self.points += points;
        self.max_points += FULL;
    }

    /// The score as a whole percentage, rounded down (0 for an empty group).
    pub fn percent(&self) -> u32 {
        percent(self.points, self.max_points)
    }
}

/// `points` out of `max` as a whole percentage, rounded down so 99.9% never shows as 100%.
pub fn percent(points: u32, max: u32) -> u32 {
    if max == 0 { 0 } else { (u64::from(points) * 100 / u64::from(max)) as u32 }
}

/// The review of one answer, for the results page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Position in the run (the UI takes the solution, explanation, quick check and mistakes from
    /// `run.question(index)`).
    pub index: usize,
    /// The question's pack.
    pub pack: String,
    /// The question's id.
    pub question: String,
    /// Its title.
    pub title: String,
    /// Its difficulty.
    pub difficulty: Difficulty,
    /// Its kind.
    pub kind: Kind,
    /// How it ended.
    pub status: Status,
    /// Tries used.
    pub tries: u32,
    /// Whether the hint was looked at.
    pub hint_used: bool,
    /// Points earned, in thousandths.
    pub points: u32,
    /// The last answer given, as displayed ("B. Point the traffic back at blue", or "1. …" per step).
    pub given: Vec<String>,
    /// The right answer, the same way.
    pub expected: Vec<String>,
    /// The misconceptions the wrong tries revealed, sorted.
    pub misconceptions: Vec<String>,
    /// From showing the question to settling it.
    pub time_ms: Option<u64>,
}

/// The end-of-run report: totals, by difficulty and by kind (the Test's report), and every answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The mode played.
    pub mode: Mode,
    /// The time multiplier the run used, always shown with the results.
    pub multiplier: TimeMultiplier,
    /// All questions together.
    pub total: Tally,
    /// By difficulty, easiest first.
    pub by_difficulty: BTreeMap<Difficulty, Tally>,
    /// By kind, in the pack format's order.
    pub by_kind: BTreeMap<Kind, Tally>,
    /// Every question, in run order.
    pub items: Vec<Item>,
    /// From dealing the run to finishing it (or to the last settled question while running).
    pub duration_ms: u64,
}

/// The answer `answer` (authored indices) to question `index` of `run`, as the learner saw it.
pub fn answer_lines(run: &Run, index: usize, answer: &[u8]) -> Vec<String> {
    let Some(question) = run.question(index) else { return Vec::new() };
    if question.interaction == Interaction::Ordering {
        return answer
            .iter()
            .enumerate()
            .filter_map(|(i, &s)| question.steps.get(usize::from(s)).map(|t| format!("{}. {t}", i + 1)))
            .collect();
    }
    let mut shown: Vec<(u8, &str)> = answer
        .iter()
        .filter_map(|&a| Some((run.position_of(index, a)?, question.options.get(usize::from(a))?.text.as_str())))
        .collect();
    shown.sort();
    shown.dedup();
    shown.into_iter().map(|(p, text)| format!("{}. {text}", letter(p))).collect()
}

/// The right answer to question `index` of `run`, as [`answer_lines`] shows answers.
pub fn expected_lines(run: &Run, index: usize) -> Vec<String> {
    let Some(question) = run.question(index) else { return Vec::new() };
    let expected: Vec<u8> = if question.interaction == Interaction::Ordering {
        (0..question.steps.len().min(255) as u8).collect()
    } else {
        question.correct_options().into_iter().filter_map(|i| u8::try_from(i).ok()).collect()
    };
    answer_lines(run, index, &expected)
}

/// Builds the report of `run` (finished or not: the Test shows it at the end, the Practice page
/// may show a running total).
pub fn report(run: &Run) -> Report {
    let mut total = Tally::default();
    let mut by_difficulty: BTreeMap<Difficulty, Tally> = BTreeMap::new();
    let mut by_kind: BTreeMap<Kind, Tally> = BTreeMap::new();
    let mut items = Vec::with_capacity(run.len());
    let mut last_ms = run.started_ms();
    for (index, slot) in run.slots().iter().enumerate() {
        let Some(question) = run.question(index) else { continue };
        let points = slot_points(run.mode(), slot, question);
        let correct = slot.status == Status::Correct;
        total.add(correct, points);
        by_difficulty.entry(question.difficulty).or_default().add(correct, points);
        by_kind.entry(question.kind).or_default().add(correct, points);
        let mut misconceptions: Vec<String> =
            slot.tries.iter().flat_map(|t| crate::quiz::grade::grade(question, &t.answer).misconceptions).collect();
        misconceptions.sort();
        misconceptions.dedup();
        if let Some(settled) = slot.settled_ms {
            last_ms = last_ms.max(settled);
        }
        items.push(Item {
            index,
            pack: slot.pack.clone(),
            question: slot.question.clone(),
            title: question.title.clone(),
            difficulty: question.difficulty,
            kind: question.kind,
            status: slot.status,
            tries: slot.tries.len() as u32,
            hint_used: slot.hint_shown,
            points,
            given: slot.last_answer().map(|a| answer_lines(run, index, a)).unwrap_or_default(),
            expected: expected_lines(run, index),
            misconceptions,
            time_ms: slot.opened_ms.zip(slot.settled_ms).map(|(o, s)| s.saturating_sub(o)),
        });
    }
    Report {
        mode: run.mode(),
        multiplier: run.settings().multiplier,
        total,
        by_difficulty,
        by_kind,
        items,
        duration_ms: run.finished_ms().unwrap_or(last_ms).saturating_sub(run.started_ms()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_read_as_decimals() {
        assert_eq!(format_points(0), "0");
        assert_eq!(format_points(1000), "1");
        assert_eq!(format_points(2500), "2.5");
        assert_eq!(format_points(1250), "1.25");
        assert_eq!(format_points(600), "0.6");
        assert_eq!(format_points(333), "0.333");
        assert_eq!(percent(4999, 5000), 99);
        assert_eq!(percent(0, 0), 0);
    }

    #[test]
    fn factors() {
        assert_eq!((try_factor(1), try_factor(2), try_factor(3), try_factor(5)), (1000, 500, 250, 250));
    }

    #[test]
    fn rules_text_follows_the_mode() {
        let practice = rules_text(&Settings::new(Mode::Practice, 1, TimeMultiplier::X1)).join("\n");
        assert!(practice.contains("share of steps"));
        assert!(!practice.contains("time is up"));
        let challenge = rules_text(&Settings::new(Mode::Challenge, 1, TimeMultiplier::X1_5)).join("\n");
        assert!(challenge.contains("½ point on the second"));
        assert!(challenge.contains("time is up") && challenge.contains("×1.5"));
        assert!(challenge.contains("all or nothing; every step"));
        let test = rules_text(&Settings::new(Mode::Test, 1, TimeMultiplier::X1)).join("\n");
        assert!(test.contains("one try") && !test.contains("hint"));
    }
}
