//! The grade report: what the UI shows after an incident and what `lab grade --json` prints.
//!
//! Architecture invariant: plain data with `Serialize`; built only by `grade::grader`, never edited
//! afterwards. Ticks are simulated seconds since the start of the run (`*_s` fields), so the UI can
//! place every finding, alert and action on one time axis beside the reference workflow.

use std::fmt::Write as _;

use serde::Serialize;

use crate::sim::workflow::Debrief;
use crate::sim::duration::format_duration;

/// Weights of the sub-scores in the total, in percent (they sum to 100).
///
/// Outcome weighs most because a tidy procedure that leaves users failing is not a recovery;
/// procedure next because the lab teaches the workflow; speed and impact measure the same incident
/// from two sides (time to mitigate, damage done); safety is small in the sum because a critical
/// harmful action fails the run outright anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Weights {
    /// Final state meets the success conditions.
    pub outcome: u32,
    /// Required steps done, in an acceptable order.
    pub procedure: u32,
    /// Time to mitigate against the target.
    pub speed: u32,
    /// Failed requests and bad predictions against the do-nothing baseline.
    pub impact: u32,
    /// No harmful moves.
    pub safety: u32,
}

/// The weights every scenario is graded with.
pub const WEIGHTS: Weights = Weights { outcome: 35, procedure: 25, speed: 15, impact: 15, safety: 10 };

/// Sub-scores, each 0..=100.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Subscores {
    /// Share of success conditions met at the end.
    pub outcome: u32,
    /// Required steps: 1 each when done in order, ½ when done out of order.
    pub procedure: u32,
    /// 100 at or under the target, falling linearly to 0 at three times the target; 0 if never mitigated.
    pub speed: u32,
    /// Share of the preventable damage prevented (see `grade::grader::impact_score`).
    pub impact: u32,
    /// 100 minus the penalty of each harmful move (minor 15, major 40, critical 100).
    pub safety: u32,
}

/// Why each sub-score is what it is, in one sentence each (the numbers it was computed from).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SubscoreReasons {
    /// Conditions met of conditions checked.
    pub outcome: String,
    /// Required steps in order, out of order and missing.
    pub procedure: String,
    /// Time to mitigate against the target.
    pub speed: String,
    /// Damage against doing nothing and against the reference.
    pub impact: String,
    /// Harmful moves and their penalties.
    pub safety: String,
    /// A cap applied to the total, if any (a critical harmful move).
    pub cap: Option<String>,
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A harmful move.
    Harmful,
    /// A required step never done.
    MissingStep,
    /// A step done before what must precede it.
    Order,
    /// A success condition not met at the end.
    Outcome,
    /// Mitigation late or never.
    Speed,
    /// More damage than doing nothing.
    Impact,
    /// An action after the time limit (ignored).
    Late,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Stable id: `harmful:<id>`, `missing:<step>`, `order:<step>`, `outcome:<condition>`,
    /// `not-mitigated`, `slow-mitigation`, `worse-than-baseline`, `late-action`.
    pub id: String,
    /// Category.
    pub kind: FindingKind,
    /// `info`, `minor`, `major` or `critical`.
    pub severity: String,
    /// When it happened (simulated seconds), if it happened at a moment.
    pub tick: Option<u32>,
    /// What happened.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// What the reference workflow does.
    pub reference: String,
}

/// One step of the reference workflow beside what the learner did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceStep {
    /// Step id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Required (false: recommended).
    pub required: bool,
    /// What must come first, as text (`resume`, `one of undo, set-image`).
    pub after: Vec<String>,
    /// A canonical command that does it (the first matcher's example).
    pub example: String,
    /// When the learner did it (the occurrence that counts), if at all.
    pub done_at_s: Option<u32>,
    /// Whether that occurrence came after everything it must follow.
    pub in_order: bool,
    /// The line the learner typed for it.
    pub by: Option<String>,
}

/// One learner action on the timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// Simulated second.
    pub tick: u32,
    /// As typed.
    pub line: String,
    /// Canonical spelling, if it parsed.
    pub canonical: Option<String>,
    /// Whether it succeeded.
    pub ok: bool,
    /// Reference step it counts for.
    pub step: Option<String>,
    /// Harmful move it was.
    pub harmful: Option<String>,
    /// After the time limit (ignored by the grader).
    pub late: bool,
}

/// Something else on the time axis: a failure starting or an alert firing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Marker {
    /// Simulated second.
    pub tick: u32,
    /// `failure`, `alert` or `alert-resolved`.
    pub kind: String,
    /// What (`crash-loop on version v2`, `HighErrorRate`).
    pub label: String,
}

/// One success condition at the end of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConditionResult {
    /// `serving`, `error-rate`, `accuracy`, `p99`, `config`, `model-loaded`, `model-alias`,
    /// `schema`, `writes`, `snapshot`, `not-degraded`.
    pub id: String,
    /// What is required, in words.
    pub expected: String,
    /// What was measured.
    pub actual: String,
    /// Met or not.
    pub passed: bool,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GradeReport {
    /// Scenario id.
    pub scenario: String,
    /// Seed of the run.
    pub seed: u64,
    /// The tick the run was graded at.
    pub graded_at_s: u32,
    /// Total, 0..=100 (the weighted sum of the sub-scores).
    pub score: u32,
    /// Pass: score ≥ the scenario's pass score, every success condition met, mitigated, nothing critical.
    pub passed: bool,
    /// Score needed.
    pub pass_score: u32,
    /// Sub-scores.
    pub subscores: Subscores,
    /// Their weights.
    pub weights: Weights,
    /// Why each sub-score is what it is.
    pub why: SubscoreReasons,
    /// First tick the service conditions failed (in the learner's run, else in the baseline's).
    pub incident_start_s: Option<u32>,
    /// First tick from which the service conditions held until the end (with the final state right).
    pub mitigated_at_s: Option<u32>,
    /// `mitigated_at_s - incident_start_s` (0 when there was no incident to mitigate).
    pub time_to_mitigate_s: Option<u32>,
    /// The scenario's target.
    pub target_mitigation_s: u32,
    /// Failed requests in the learner's run.
    pub failed_requests: u64,
    /// Bad predictions in the learner's run.
    pub bad_predictions: u64,
    /// Failed requests had nobody done anything.
    pub baseline_failed_requests: u64,
    /// Bad predictions had nobody done anything.
    pub baseline_bad_predictions: u64,
    /// Failed requests plus bad predictions of the reference workflow's run.
    pub reference_impact: u64,
    /// Success conditions.
    pub conditions: Vec<ConditionResult>,
    /// Findings, in time order (timeless ones last).
    pub findings: Vec<Finding>,
    /// The reference workflow beside the learner's actions.
    pub reference: Vec<ReferenceStep>,
    /// The learner's actions.
    pub timeline: Vec<TimelineEntry>,
    /// Failures and alerts on the same axis.
    pub markers: Vec<Marker>,
    /// The debrief.
    pub debrief: Option<Debrief>,
}

impl GradeReport {
    /// The finding ids, for tests and quick checks.
    pub fn finding_ids(&self) -> Vec<&str> {
        self.findings.iter().map(|f| f.id.as_str()).collect()
    }

    /// The plain-text report `lab grade` prints.
    pub fn to_text(&self) -> String {
        let t = |x: Option<u32>| x.map_or("-".to_string(), format_duration);
        let s = &self.subscores;
        let w = &self.weights;
        let mut out = format!(
            "scenario {} seed {}: {} — score {}/100 (pass at {})\n",
            self.scenario,
            self.seed,
            if self.passed { "PASSED" } else { "FAILED" },
            self.score,
            self.pass_score
        );
        let _ = writeln!(
            out,
            "  outcome {} ×{}%  procedure {} ×{}%  speed {} ×{}%  impact {} ×{}%  safety {} ×{}%",
            s.outcome, w.outcome, s.procedure, w.procedure, s.speed, w.speed, s.impact, w.impact, s.safety, w.safety
        );
        let y = &self.why;
        for (name, reason) in [("outcome", &y.outcome), ("procedure", &y.procedure), ("speed", &y.speed), ("impact", &y.impact), ("safety", &y.safety)] {
            let _ = writeln!(out, "    {name}: {reason}");
        }
        if let Some(cap) = &y.cap {
            let _ = writeln!(out, "    cap: {cap}");
        }
        let _ = writeln!(
            out,
            "  incident at {}, mitigated at {}, time to mitigate {} (target {})",
            t(self.incident_start_s),
            t(self.mitigated_at_s),
            t(self.time_to_mitigate_s),
            format_duration(self.target_mitigation_s)
        );
        let _ = writeln!(
            out,
            "  failed requests {} (doing nothing: {}), bad predictions {} (doing nothing: {}), reference run impact {}",
            self.failed_requests, self.baseline_failed_requests, self.bad_predictions, self.baseline_bad_predictions, self.reference_impact
        );
        out.push_str("\nconditions at the end:\n");
        for c in &self.conditions {
            let _ = writeln!(out, "  [{}] {}: {} (got {})", if c.passed { "x" } else { " " }, c.id, c.expected, c.actual);
        }
        out.push_str("\nreference workflow:\n");
        for r in &self.reference {
            let mark = match (r.done_at_s, r.in_order) {
                (Some(_), true) => "x",
                (Some(_), false) => "~",
                (None, _) => " ",
            };
            let _ = writeln!(
                out,
                "  [{mark}] {}{} — {}{}",
                r.id,
                if r.required { "" } else { " (optional)" },
                r.label,
                r.done_at_s.map(|d| format!(" (at {})", format_duration(d))).unwrap_or_default()
            );
        }
        out.push_str("\nyour actions:\n");
        for a in &self.timeline {
            let mut tags = Vec::new();
            if let Some(s) = &a.step {
                tags.push(format!("step {s}"));
            }
            if let Some(h) = &a.harmful {
                tags.push(format!("HARMFUL {h}"));
            }
            if !a.ok {
                tags.push("failed".to_string());
            }
            if a.late {
                tags.push("late".to_string());
            }
            let _ = writeln!(
                out,
                "  {:>6} {}{}",
                format_duration(a.tick),
                a.line,
                if tags.is_empty() { String::new() } else { format!("   [{}]", tags.join(", ")) }
            );
        }
        out.push_str("\nfindings:\n");
        if self.findings.is_empty() {
            out.push_str("  none\n");
        }
        for f in &self.findings {
            let _ = writeln!(out, "  {} [{}] {}{}", f.id, f.severity, t(f.tick), if f.tick.is_some() { ":" } else { "" });
            let _ = writeln!(out, "      what: {}\n      why: {}", f.what, f.why);
            if !f.reference.is_empty() {
                let _ = writeln!(out, "      reference: {}", f.reference);
            }
        }
        if let Some(d) = &self.debrief {
            let _ = writeln!(
                out,
                "\ndebrief\n  what happened: {}\n  reference: {}\n  lesson: {}",
                d.what_happened.trim(),
                d.reference.trim(),
                d.lesson.trim()
            );
        }
        out
    }
}
