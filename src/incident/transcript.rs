//! The console transcript of a run: every line typed or clicked with what it printed, and notes
//! (an injected failure) in between, each at its simulated second.

use serde::Serialize;

/// One entry of the transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TranscriptEntry {
    /// Simulated second the line ran at (or the note was written).
    pub tick: u32,
    /// The line as typed or clicked; empty for a note.
    pub line: String,
    /// What it printed (the note's text for a note).
    pub text: String,
    /// Whether the command failed.
    pub is_error: bool,
}

impl TranscriptEntry {
    /// Whether this is a note rather than a command.
    pub fn is_note(&self) -> bool {
        self.line.is_empty()
    }
}
