//! The cluster simulator (plain Rust: no web crates). See ARCHITECTURE.md.
//!
//! # Layout
//! - [`scenario`]: the scenario file format (serde, unknown fields rejected).
//! - [`simulator`]: [`Sim`], the tick loop, failure injection, the console entry point, the trace hash.
//!   Its state is in parts: [`workload`] (the cluster's objects and the controller), [`telemetry`]
//!   (events, metrics, alerts, notifications), the registry and the database.
//! - [`cluster`]: nodes, pods, ReplicaSets, Services, ConfigMaps; kubelet, scheduler, ReplicaSet controller.
//! - [`deployment`]: the Deployment rolling-update controller, `rollout status`, `undo`.
//! - [`statefulset`]: the StatefulSet controller (ordinal pods, ControllerRevisions, partition).
//! - [`rollout`]: the Argo Rollout controller (blue-green and canary); [`analysis`]: AnalysisRuns.
//! - [`registry`]: model registry and serving; [`database`]: schema, snapshots, restores.
//! - [`traffic`]: request split and per-version behaviour; [`metrics`]: history and counters; [`alert`]: rules.
//! - [`failure`]: the failure catalog; [`effects`]: active failures resolved per tick.
//! - [`console`]: the command language (parse → [`console::Command`] → output).
//! - [`view`]: a read-only snapshot of the state for the UI and the grader.
//! - [`workflow`]: the scenario's `[workflow]` section as data (the grader reads it).
//! - [`helm`]: a Helm release over the Deployment; [`gitops`]: an Argo CD Application and its Git
//!   repository; [`calendar`]: the wall-clock instant a tick stands for, in the tools' date layouts.
//! - [`event`], [`rng`], [`duration`]: the event log and FNV hash, the seeded RNG, durations.
//!
//! # Invariants
//! No IO, no wall clock, no `HashMap` iteration reaching output, no `usize` in random draws: the same
//! scenario, seed and timed actions give the same [`Sim::trace_hash`] natively and in wasm.

pub mod alert;
pub mod analysis;
pub mod calendar;
pub mod cluster;
pub mod console;
pub mod database;
pub mod decimal;
pub mod deployment;
pub mod duration;
pub mod effects;
pub mod event;
pub mod failure;
pub mod marks;
pub mod pdb;
pub mod gitops;
pub mod helm;
pub mod metrics;
pub mod registry;
pub mod rng;
pub mod rollout;
pub mod scenario;
pub mod shipped;
pub mod simulator;
pub mod statefulset;
pub mod telemetry;
pub mod traffic;
pub mod view;
pub mod workload;
pub mod workflow;

pub use console::{Command, ParseError, parse};
pub use failure::{Failure, FailureKind, ModelTarget};
pub use scenario::Scenario;
pub use simulator::{ActionRecord, Output, Sim};
pub use view::StateView;
