//! The incident grader (plain Rust: no web crates).
//!
//! # Layout
//! - [`matcher`]: the matching of parsed commands against the scenario's `[workflow]` section (the
//!   section's data types are `crate::sim::workflow`, on the scenario side: `grade` depends on `sim`).
//! - [`procedure`]: which steps the action log did, in which order, and which moves harmed.
//! - [`outcome`]: success conditions at the end and tick by tick (when the incident was mitigated).
//! - [`grader`]: [`grade`], combining the sub-scores; [`report`]: the [`GradeReport`].
//!
//! # Invariants
//! A pure function of the scenario and the finished run: no IO, no clock, never panics on any
//! action log. The baseline (do nothing) and the reference run are simulated inside with the run's
//! seed, through the same runner and rules as the learner's ([`crate::incident::IncidentRun`]), so the same scenario, seed and actions always give the same report, natively and in wasm.

pub mod grader;
pub mod matcher;
pub mod outcome;
pub mod procedure;
pub mod report;

#[cfg(all(test, target_arch = "wasm32"))]
mod wasm_tests;

pub use grader::{Comparisons, grade, grade_with};
pub use report::{GradeReport, WEIGHTS};
pub use crate::sim::workflow::Workflow;
