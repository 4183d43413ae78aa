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

use crate::pack::{Difficulty, Interaction, Kind, Question};
use crate::quiz::mode::{Feedback, HintRule, Mode};
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

/// The rules of a run set up with `settings` over `questions`, as lines to show before it starts
/// and with its results. Generated from the real settings (time per question, attempts, feedback,
/// hints), so the screen never promises what the run does not do.
pub fn rules_text(settings: &Settings, questions: &[&Question]) -> Vec<String> {
    let mode = settings.mode;
    let mut lines = Vec::new();
    // Time.
    if mode.timed() {
        let limits: Vec<u32> = questions.iter().map(|q| settings.time_limit_s.unwrap_or(q.time_limit)).collect();
        let allowed = |s: u32| settings.multiplier.allowance_ms(s).map(crate::quiz::timer::mmss);
        let (min, max) = (limits.iter().min().copied(), limits.iter().max().copied());
        match (min.and_then(allowed), max.and_then(allowed)) {
            _ if settings.multiplier == TimeMultiplier::Untimed => {
                lines.push("No countdown: you chose to take this run untimed.".to_owned())
            }
            (Some(lo), Some(hi)) => {
                let applied = if settings.multiplier == TimeMultiplier::X1 {
                    String::new()
                } else {
                    format!(" (your time multiplier {} included)", settings.multiplier.label())
                };
                if lo == hi {
                    lines.push(format!("Each question has {lo} on its clock{applied}."));
                } else {
                    lines.push(format!("Each question has its own time limit, from {lo} to {hi}{applied}."));
                }
                lines.push("A question whose time runs out earns nothing.".to_owned());
            }
            _ => {}
        }
    } else {
        lines.push("There is no time limit.".to_owned());
    }
    // Attempts and points.
    let tries: Vec<u8> = questions
        .iter()
        .map(|q| settings.attempts.map_or_else(|| mode.attempts(q), |a| a.clamp(1, 5)))
        .collect();
    let most = tries.iter().copied().max().unwrap_or(1);
    let least = tries.iter().copied().min().unwrap_or(1);
    if most <= 1 {
        lines.push("One try per question: a right answer earns 1 point.".to_owned());
    } else {
        let count = if least == most { format!("{most} tries") } else { format!("up to {most} tries") };
        let later = if most >= 3 { ", ¼ point on any later try" } else { "" };
        lines.push(format!(
            "Each question allows {count}: a right answer earns 1 point on the first try, ½ point on the second{later}."
        ));
        lines.push("Using every try without the right answer earns nothing.".to_owned());
    }
    // Feedback and hints.
    lines.push(
        match mode.feedback() {
            Feedback::Solution => "After each try you see whether it was right and why; once a question is settled, its worked solution.",
            Feedback::Verdict => "After each try you see whether it was right, and why a wrong choice is wrong; the worked solutions come with your results.",
            Feedback::Deferred => "You see no feedback until the end; then a report by difficulty and kind, with the solution of every question you met.",
        }
        .to_owned(),
    );
    lines.push(
        match mode.hints() {
            HintRule::OnRequest => "A hint is there whenever you ask (H), and it costs nothing.",
            HintRule::AfterFirstMiss => "After a wrong first try, a hint is offered (H); it costs nothing.",
            HintRule::Never => "There are no hints.",
        }
        .to_owned(),
    );
    // Interactions present.
    let has = |i: Interaction| questions.is_empty() || questions.iter().any(|q| q.interaction == i);
    if has(Interaction::Multiple) {
        lines.push("“Select all that apply”: all or nothing; choose every right option and no wrong one.".to_owned());
    }
    if has(Interaction::Ordering) {
        if mode.ordering_partial_credit() {
            lines.push(
                "“Put in order”: a fully right order scores as above; otherwise your best try earns the share of \
                 steps in their correct position (3 of 5 in place on the first try: 0.6 point), times that try's factor."
                    .to_owned(),
            );
        } else {
            lines.push("“Put in order”: all or nothing; every step must be in its place.".to_owned());
        }
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

    /// The score as a whole percentage (see [`percent`]; 0 for an empty group).
    pub fn percent(&self) -> u32 {
        percent(self.points, self.max_points)
    }
}

/// `points` out of `max` as a whole percentage, rounded to the nearest (2 of 3 is 67%), except
/// that only a perfect score shows as 100% (99.6% shows 99%).
pub fn percent(points: u32, max: u32) -> u32 {
    if max == 0 {
        return 0;
    }
    let (points, max) = (u64::from(points.min(max)), u64::from(max));
    let nearest = ((points * 200 + max) / (2 * max)) as u32;
    if nearest == 100 && points < max { 99 } else { nearest }
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
    /// Whether the learner was shown it. A question never reached keeps its answer hidden in the
    /// report: `given` and `expected` are empty, so ending a run early reveals nothing.
    pub seen: bool,
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
    /// By difficulty, easiest first (pairs sorted by key, as a `BTreeMap` iterates: no B-tree code
    /// for these two key types in the wasm, docs/performance.md "Session 8").
    pub by_difficulty: Vec<(Difficulty, Tally)>,
    /// By kind, in the pack format's order.
    pub by_kind: Vec<(Kind, Tally)>,
    /// Every question, in run order.
    pub items: Vec<Item>,
    /// From dealing the run to finishing it (or to the last settled question while running).
    pub duration_ms: u64,
}

impl Report {
    /// Seconds spent answering: each settled question's time rounded by
    /// [`crate::quiz::timer::answer_seconds`], then summed. This is the total a session's
    /// leaderboard shows for the same run (the result code stores the same per-question seconds),
    /// unlike [`Report::duration_ms`], which also counts reading feedback between questions.
    pub fn answer_time_s(&self) -> u64 {
        self.items.iter().filter_map(|i| i.time_ms).map(crate::quiz::timer::answer_seconds).sum()
    }
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
    crate::sort::sort(&mut shown);
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
    let mut by_difficulty: Vec<(Difficulty, Tally)> = Vec::new();
    let mut by_kind: Vec<(Kind, Tally)> = Vec::new();
    let mut items = Vec::with_capacity(run.len());
    let mut last_ms = run.started_ms();
    for (index, slot) in run.slots().iter().enumerate() {
        let Some(question) = run.question(index) else { continue };
        let points = slot_points(run.mode(), slot, question);
        let correct = slot.status == Status::Correct;
        total.add(correct, points);
        crate::sort::entry_sorted(&mut by_difficulty, question.difficulty).add(correct, points);
        crate::sort::entry_sorted(&mut by_kind, question.kind).add(correct, points);
        let mut misconceptions: Vec<String> =
            slot.tries.iter().flat_map(|t| crate::quiz::grade::grade(question, &t.answer).misconceptions).collect();
        crate::sort::sort(&mut misconceptions);
        misconceptions.dedup();
        if let Some(settled) = slot.settled_ms {
            last_ms = last_ms.max(settled);
        }
        let seen = slot.opened_ms.is_some();
        items.push(Item {
            index,
            pack: slot.pack.clone(),
            question: slot.question.clone(),
            title: question.title.clone(),
            difficulty: question.difficulty,
            kind: question.kind,
            status: slot.status,
            seen,
            tries: slot.tries.len() as u32,
            hint_used: slot.hint_shown,
            points,
            given: slot.last_answer().map(|a| answer_lines(run, index, a)).unwrap_or_default(),
            expected: if seen { expected_lines(run, index) } else { Vec::new() },
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
    fn percentages_round_to_the_nearest_but_only_perfect_is_100() {
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(1, 2), 50);
        assert_eq!(percent(995, 1000), 99);
        assert_eq!(percent(1000, 1000), 100);
        assert_eq!(percent(4, 1000), 0);
        assert_eq!(percent(5, 1000), 1);
        assert_eq!(percent(7, 5), 100);
    }

    #[test]
    fn rules_text_follows_the_settings() {
        use crate::quiz::grade::fixtures::question;
        let mut slow = question("slow", Interaction::Ordering, &[], 4);
        slow.time_limit = 180;
        let mut quick = question("quick", Interaction::Single, &[0], 0);
        quick.time_limit = 60;
        let qs = [&slow, &quick];
        let practice = rules_text(&Settings::new(Mode::Practice, 1, TimeMultiplier::X1), &qs).join("\n");
        assert!(practice.contains("share of steps") && practice.contains("no time limit"));
        assert!(!practice.contains("Select all"), "no select-all question in this run");
        let challenge = rules_text(&Settings::new(Mode::Challenge, 1, TimeMultiplier::X1_5), &qs).join("\n");
        assert!(challenge.contains("from 1:30 to 4:30") && challenge.contains("×1.5 included"), "{challenge}");
        assert!(challenge.contains("½ point on the second") && !challenge.contains("¼"), "two tries cannot reach ¼");
        assert!(challenge.contains("After a wrong first try, a hint"));
        assert!(challenge.contains("all or nothing; every step"));
        let mut three = Settings::new(Mode::Challenge, 1, TimeMultiplier::Untimed);
        three.attempts = Some(3);
        three.time_limit_s = Some(90);
        let three = rules_text(&three, &qs).join("\n");
        assert!(three.contains("3 tries") && three.contains("¼ point") && three.contains("untimed"), "{three}");
        let test = rules_text(&Settings::new(Mode::Test, 1, TimeMultiplier::X1), &qs).join("\n");
        assert!(test.contains("One try") && test.contains("There are no hints") && test.contains("no feedback until the end"));
    }
}
