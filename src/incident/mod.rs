//! One run of an incident, driven the same way by the browser, `lab` and the grader.
//!
//! # Layout
//! - [`run`]: [`IncidentRun`], the simulator plus the rules of a run (time limit, end, finishing),
//!   changed only through [`IncidentRun::reduce`] with an [`Action`].
//! - [`script`]: the action-script format (`1m30s kubectl rollout undo deploy/x`) and its one parser.
//! - [`transcript`]: the console transcript of a run.
//!
//! # Invariants
//! Plain Rust: no web crates, no IO, no clock. One set of rules: `lab sim`, `lab grade`, `lab check`,
//! the grader's baseline and reference runs, replay codes and the incident page all go through
//! [`IncidentRun`], so a script gives the same run, and the same grade, everywhere.
//!
//! Dependencies point one way: `sim` ← `incident` ← `grade` ← (`cli`, `ui`).

pub mod run;
pub mod script;
pub mod transcript;

pub use run::{Action, IncidentRun, Mode};
pub use script::{Script, ScriptAction, ScriptError};
pub use transcript::TranscriptEntry;
