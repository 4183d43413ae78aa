//! What a pack holds, once read and checked.
//!
//! `Serialize` writes the JSON form with the same field names as the TOML authoring form
//! (`question`, `option`), which the same reader reads back in the browser.

use serde::{Deserialize, Serialize};

use crate::str_map::StrMap;

/// The label a question carries: what sort of thinking it asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Conceptual,
    CommandOutput,
    Workflow,
    Troubleshooting,
    BestPractice,
    CodeOutput,
}

/// How the learner answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Interaction {
    /// Pick the one right option.
    Single,
    /// Select all that apply.
    Multiple,
    /// Put the steps in order.
    Ordering,
}

/// How hard a question (or an incident scenario) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
    Expert,
}

/// Generates the name tables of an enum whose variants are spelled in kebab-case in files.
macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal, $label:literal;)* }) => {
        impl $ty {
            /// Every value, in display order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            /// The spelling used in pack files.
            pub fn name(self) -> &'static str {
                match self { $($ty::$variant => $name),* }
            }

            /// The label shown to learners.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),* }
            }

            /// Reads the file spelling.
            pub fn from_name(name: &str) -> Option<$ty> {
                match name { $($name => Some($ty::$variant),)* _ => None }
            }
        }
    };
}

names!(Kind {
    Conceptual => "conceptual", "Conceptual";
    CommandOutput => "command-output", "Command output";
    Workflow => "workflow", "Workflow";
    Troubleshooting => "troubleshooting", "Troubleshooting";
    BestPractice => "best-practice", "Best practice";
    CodeOutput => "code-output", "Code output";
});

names!(Interaction {
    Single => "single", "Single choice";
    Multiple => "multiple", "Select all that apply";
    Ordering => "ordering", "Put in order";
});

names!(Difficulty {
    Easy => "easy", "Easy";
    Medium => "medium", "Medium";
    Hard => "hard", "Hard";
    Expert => "expert", "Expert";
});

/// One option of a choice question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChoiceOption {
    pub text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub correct: bool,
    /// The misunderstanding that choosing this (wrong) option reveals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub misconception: Option<String>,
    /// One sentence on why this option is wrong (or, on a right option of a select-all question,
    /// why it belongs): shown beside the option after a wrong attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// One question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
    pub interaction: Interaction,
    pub difficulty: Difficulty,
    /// Seconds allowed in a timed run.
    pub time_limit: u32,
    pub attempts: u8,
    pub title: String,
    pub prompt: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_lang: Option<String>,
    /// The options of a single or multiple choice question, in authored order.
    #[serde(rename = "option", skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// The steps of an ordering question, in the correct order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_misconception: Option<String>,
    pub hint: String,
    pub solution: Vec<String>,
    pub explanation: String,
    pub quick_check: String,
    pub mistakes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sim_state: Option<String>,
    /// The pool of interchangeable questions (same skill, same difficulty) this one belongs to; a
    /// Test or Challenge slot that names the pool draws one of its questions per run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// Lint rules this question is exempt from, each with the author's reason (`lab check`).
    #[serde(skip_serializing_if = "StrMap::is_empty")]
    pub waive: StrMap<String>,
}

impl Question {
    /// Indices of the correct options.
    pub fn correct_options(&self) -> Vec<usize> {
        self.options.iter().enumerate().filter(|(_, o)| o.correct).map(|(i, _)| i).collect()
    }
}

/// A pack of questions on one topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub tags: Vec<String>,
    pub minutes: u32,
    pub badge: String,
    /// The slots of the pack's Test: each names a pool (one question is drawn per run) or a
    /// single question.
    pub test: Vec<String>,
    /// The slots of the pack's Challenge, named the same way.
    pub challenge: Vec<String>,
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
    /// Set on a draft pack made in the browser from a Moodle XML or GIFT question bank
    /// (`lms::draft`): the format's file spelling (`moodle-xml`, `gift`). Such a pack is read
    /// with the draft relaxations of `pack::read` (docs/lms-exports.md); a pack file (`.toml`)
    /// may not set it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
}

impl Pack {
    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions a Test or Challenge slot may draw: the members of the pool it names, in pack
    /// order, or the one question of that id. Empty when the name is unknown (the reader refuses
    /// such packs).
    pub fn slot_questions(&self, slot: &str) -> Vec<&Question> {
        let pool: Vec<&Question> = self.questions.iter().filter(|q| q.pool.as_deref() == Some(slot)).collect();
        if pool.is_empty() { self.question(slot).into_iter().collect() } else { pool }
    }
}
