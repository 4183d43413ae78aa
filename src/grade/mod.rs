//! The incident grader (plain Rust: no web crates).
//!
//! # Layout
//! - [`workflow`]: the scenario's `[workflow]` section (steps, order, harmful moves, success
//!   conditions, debrief) and the matching of parsed commands against it.
//! - [`procedure`]: which steps the action log did, in which order, and which moves harmed.
//! - [`outcome`]: success conditions at the end and tick by tick (when the incident was mitigated).
//! - [`script`]: action scripts without IO, to replay the reference workflow and the baseline.
//! - [`grader`]: [`grade`], combining the sub-scores; [`report`]: the [`GradeReport`].
//!
//! # Invariants
//! A pure function of the scenario and the finished run: no IO, no clock, never panics on any
//! action log. The baseline (do nothing) and the reference run are simulated inside with the run's
//! seed, so the same scenario, seed and actions always give the same report, natively and in wasm.

pub mod grader;
pub mod outcome;
pub mod procedure;
pub mod report;
pub mod script;
pub mod workflow;

pub use grader::grade;
pub use report::{GradeReport, WEIGHTS};
pub use workflow::Workflow;
