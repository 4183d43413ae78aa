//! The learner modes' core: runs of questions, scoring, badges, spaced review and saved progress.
//!
//! Architecture invariant: plain Rust. No web crates, no wall clock (time comes in as `now_ms`, the
//! milliseconds since the Unix epoch the UI read from the browser), no unseeded randomness (shuffles
//! come from a `u64` seed through [`shuffle::Shuffler`]), `BTreeMap` wherever order reaches output,
//! and no panics on any input: learner actions, saved runs and saved progress are all untrusted.
//!
//! API boundary: the UI builds a [`run::Run`], dispatches [`run::Action`]s through
//! [`run::Run::reduce`] and renders what the run's accessors return; it saves
//! [`run::Run::to_json`] after every action and calls [`run::Run::resume`] after a reload. When a run
//! finishes, [`progress::Progress::record_run`] files it (history, best scores, badges, review
//! schedule, streak) and [`score::report`] describes it.
//!
//! # Layout
//! - [`mode`]: the four modes and the rules each one applies (feedback, hints, attempts, timing).
//! - [`timer`]: time multipliers, deadlines and how remaining time is shown and announced.
//! - [`shuffle`]: seeded, portable shuffles of questions, options and steps.
//! - [`grade`]: whether one answer to one question is right, and what a wrong one reveals.
//! - [`run`]: the state machine of a run, its actions, and resuming it after a reload.
//! - [`score`]: the scoring rules (as code and as text for the learner) and the end-of-run report.
//! - [`badge`]: which runs earn a pack's badge, and the Rollback Mastery badge.
//! - [`review`]: Leitner boxes per misconception tag, and picking questions for due reviews.
//! - [`json_walk`]: reading untrusted JSON with the path of every problem (`review.x.due`).
//! - [`json_write`]: writing saved JSON by hand, as serde_json writes the derived `Serialize`.
//! - [`progress`]: everything kept in localStorage, under one versioned schema, with migration,
//!   export and import.

pub mod badge;
pub mod draw;
pub mod grade;
pub mod json_walk;
pub mod json_write;
pub mod mode;
pub mod progress;
pub mod review;
pub mod run;
pub mod score;
pub mod scorm;
pub mod shuffle;
pub mod standing;
pub mod timer;

pub use mode::Mode;
pub use progress::{LoadOutcome, Progress};
pub use run::{Action, Effect, Run, Settings, Status};
pub use timer::TimeMultiplier;
