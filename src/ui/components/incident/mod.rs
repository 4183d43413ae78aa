//! The incident screens' pieces (incident and sandbox builds, feature `simulator`): the running
//! session and its panels, the grade report; and what the incident list (the incidents build) reads too:
//! the scenario index and the best grades. One component per file; the simulator and the
//! grader do the work: the session wraps an `incident::IncidentRun` in one `Reducible`
//! (`run_state.rs`), these render it and turn clicks and keys into its actions.

#[cfg(feature = "simulator")]
pub mod alerts_panel;
// Its `load` is the incident list's, `record` the incident page's: each build uses half.
#[cfg_attr(not(feature = "every-page"), allow(dead_code))]
pub mod best_grades;
#[cfg(feature = "simulator")]
pub mod briefing;
#[cfg(feature = "simulator")]
pub mod chaos_panel;
#[cfg(feature = "simulator")]
pub mod cluster_view;
#[cfg(feature = "simulator")]
pub mod console;
#[cfg(feature = "simulator")]
pub mod done_button;
#[cfg(feature = "simulator")]
pub mod event_log;
#[cfg(feature = "incident")]
pub mod grade_report;
#[cfg(feature = "incident")]
pub mod lazy;
#[cfg(feature = "simulator")]
pub mod metric_chart;
#[cfg(feature = "simulator")]
pub mod move_buttons;
#[cfg(feature = "simulator")]
pub mod run_state;
// Its index is the incident list's and the sandbox's, `load` the incident page's and the sandbox's.
#[cfg_attr(not(feature = "every-page"), allow(dead_code))]
pub mod scenario_store;
#[cfg(feature = "simulator")]
pub mod session;
#[cfg(feature = "simulator")]
pub mod time_controls;
#[cfg(feature = "incident")]
pub mod timeline_chart;
#[cfg(feature = "simulator")]
pub mod traffic_split;
