//! The commands of the native `lab` tool. Each returns its output as a value (or an error
//! message) so tests can call them directly; `src/bin/lab.rs` only dispatches and prints.

pub mod args;
pub mod boot;
pub mod check;
pub mod export;
pub mod grade;
pub mod nginx;
pub mod report;
pub mod scorm;
pub mod server;
pub mod session;
pub mod site;
pub mod split;
pub mod sim;
