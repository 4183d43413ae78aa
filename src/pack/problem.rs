//! One problem found in a pack, located as precisely as the format allows.

use std::fmt;

/// A mistake in a pack file: where it is, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the author knows it (`static/packs/canary.toml`, or the name of an imported file).
    pub file: String,
    /// 1-based line, when the format records lines (TOML does; JSON values do not).
    pub line: Option<u32>,
    /// The id of the question concerned, if any.
    pub question: Option<String>,
    /// The field concerned (`time_limit`, `option[2].misconception`), empty for the file as a whole.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ":")?;
        match (&self.question, self.field.is_empty()) {
            (Some(q), false) => write!(f, " question `{q}`, field `{}`:", self.field)?,
            (Some(q), true) => write!(f, " question `{q}`:")?,
            (None, false) => write!(f, " field `{}`:", self.field)?,
            (None, true) => {}
        }
        write!(f, " {}", self.message)
    }
}
