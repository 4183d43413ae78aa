//! Instructor sessions without a server: the session spec, its share link, learners' result
//! codes and the results dashboard.
//!
//! Architecture invariant: plain Rust. No web crates, no clock (times are arguments), no panic on
//! any input: links and result codes are pasted by people and arrive mangled, truncated or forged,
//! and each decoder answers with a value or a precise [`envelope::DecodeError`].
//!
//! API boundary: the builder makes a [`spec::SessionSpec`] ([`SessionSpec::from_questions`],
//! [`SessionSpec::draw`]) and shares [`link::encode`]; the learner's app reads [`link::decode`],
//! deals [`SessionSpec::start_run`] and, when the run is over, shows
//! [`result_code::ResultCode::from_run`]'s [`encode`](result_code::ResultCode::encode); the
//! dashboard is [`dashboard::Dashboard::load`] on whatever the instructor pasted.
//!
//! Honesty note for the UI: the checksums catch accidents (a character lost in copying), not
//! cheating. A static site cannot stop a determined learner from forging a code.
//!
//! # Layout
//! - [`spec`]: the session spec, building it (picked or drawn), its id, and dealing a learner's run.
//! - [`link`]: the share link codec (`s1.`), and the v1 format table.
//! - [`result_code`]: a learner's result code (`r1.`), and its format table.
//! - [`replay_code`]: an incident run's replay code (`p1.`), and its format table.
//! - [`take`]: the learner's flow (name, wait, start, result) as a tested state machine.
//! - [`dashboard`]: loading many codes, the leaderboard, item analysis and CSV.
//! - [`present`]: the presenter's clock (start, pause/resume, next) as pure functions of time.
//! - [`store`]: the instructor's sessions and loaded codes kept in the browser (versioned, export/import).
//! - [`envelope`]: the prefix, length and checksum around all three, and [`envelope::DecodeError`].
//! - [`wire`]: the compact binary fields (varints, texts) inside.

pub mod dashboard;
pub mod envelope;
pub mod link;
pub mod replay_code;
pub mod result_code;
pub mod present;
pub mod spec;
pub mod store;
pub mod take;
pub mod wire;

pub use dashboard::{CodeProblem, Dashboard};
pub use envelope::DecodeError;
pub use link::LinkError;
pub use result_code::ResultCode;
pub use spec::{DrawRule, SessionId, SessionSpec};
