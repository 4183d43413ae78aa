//! The learner modes and the rules each one applies.
//!
//! Every rule that differs between modes is a method here, so the run engine asks "may the hint be
//! shown?" rather than matching on modes all over, and instructor sessions (which reuse the
//! Challenge rules with their own time limits and attempts, see [`crate::quiz::run::Settings`]) get
//! the same behaviour for free.

use serde::{Deserialize, Serialize};

use crate::pack::Question;

/// How a run is played.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Untimed, a hint on request, the worked solution after each question.
    Practice,
    /// The pack's ten test questions, no feedback until the end, then a report.
    Test,
    /// The pack's five challenge questions, each with its own countdown and attempts.
    Challenge,
    /// Spaced repetition of misconceptions that are due.
    Review,
}

/// What the learner is told while a run is going on (after it ends, everything is shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feedback {
    /// Right or wrong after each try, and the worked solution once the question is settled.
    Solution,
    /// Right or wrong and the attempts left after each try; solutions wait for the results.
    Verdict,
    /// Nothing until the end: a test measures, it does not teach mid-way.
    Deferred,
}

/// When the hint may be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HintRule {
    /// Whenever the learner asks.
    OnRequest,
    /// Only after a wrong try, so a timed challenge first measures what the learner knows.
    AfterFirstMiss,
    /// Never (a test).
    Never,
}

impl Mode {
    /// Every mode, in menu order.
    pub const ALL: &'static [Mode] = &[Mode::Practice, Mode::Test, Mode::Challenge, Mode::Review];

    /// The spelling stored in progress and saved runs.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Test => "test",
            Mode::Challenge => "challenge",
            Mode::Review => "review",
        }
    }

    /// Reads the stored spelling.
    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.iter().copied().find(|m| m.name() == name)
    }

    /// The label shown to learners.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Practice => "Practice",
            Mode::Test => "Test",
            Mode::Challenge => "Challenge",
            Mode::Review => "Review",
        }
    }

    /// What the learner is told during the run.
    pub fn feedback(self) -> Feedback {
        match self {
            Mode::Practice | Mode::Review => Feedback::Solution,
            Mode::Challenge => Feedback::Verdict,
            Mode::Test => Feedback::Deferred,
        }
    }

    /// When the hint may be shown.
    pub fn hints(self) -> HintRule {
        match self {
            Mode::Practice | Mode::Review => HintRule::OnRequest,
            Mode::Challenge => HintRule::AfterFirstMiss,
            Mode::Test => HintRule::Never,
        }
    }

    /// Whether questions count down (unless the learner chose "untimed").
    pub fn timed(self) -> bool {
        self == Mode::Challenge
    }

    /// Whether a wrong order still earns the share of steps in place (see [`crate::quiz::score`]).
    pub fn ordering_partial_credit(self) -> bool {
        self == Mode::Practice
    }

    /// How many tries a question allows in this mode.
    ///
    /// A Test gives no feedback, so a second try could only be a blind guess: one try. A Review
    /// checks whether a misconception is gone, which the first answer shows: one try. Practice and
    /// Challenge use the question's own `attempts` (1–5, default 2), clamped here too because a
    /// question may come from an instructor's imported pack.
    pub fn attempts(self, question: &Question) -> u8 {
        match self {
            Mode::Test | Mode::Review => 1,
            Mode::Practice | Mode::Challenge => match question.attempts {
                0 => 2,
                n => n.min(5),
            },
        }
    }
}
