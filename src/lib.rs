//! Rollback Lab: learn to recover from failed updates in MLOps.
//!
//! # Layout
//! - [`base64url`]: the URL-safe text of share links, result codes and replay codes.
//! - [`clock`]: the one `m:ss` clock display.
//! - [`concept`]: the Learn mode's concept cards.
//! - [`pack`]: question packs, and the reader that checks them.
//! - [`quiz`]: the learner modes' core: runs, scoring, badges, spaced review, saved progress (plain Rust).
//! - [`session`]: instructor sessions: the spec, share links, result codes and the results dashboard (plain Rust).
//! - [`sim`]: the deterministic cluster simulator and its console (plain Rust).
//! - [`incident`]: one run of an incident (`IncidentRun`), the action-script format and its runner (plain Rust).
//! - [`grade`]: the incident grader (plain Rust).
//! - [`ui`]: the Yew front end, a thin layer over the core.
//! - `cli` (native only): the commands of the `lab` tool used by authors, the build and the tests.
//!
//! The core modules never import web crates, so everything except `ui` is tested natively with
//! `cargo test`. ARCHITECTURE.md at the repository root is the full map.

pub mod base64url;
pub mod chacha8;
pub mod clock;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod concept;
pub mod fixed;
pub mod fnv;
pub mod grade;
pub mod incident;
pub mod json_indent;
// Native for `lab`; in the wasm only for the author build's import of Moodle XML and GIFT.
#[cfg(any(not(target_arch = "wasm32"), feature = "author"))]
pub mod lms;
pub mod lower_case;
pub mod pack;
pub mod quiz;
pub mod scorm_package;
pub mod session;
pub mod sim;
pub mod site_files;
pub mod sort;
pub mod str_map;
pub mod suggest;
pub mod ui;

/// The version of this build, shown in the footer and by `lab --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
