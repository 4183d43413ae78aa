//! The incident screens' pieces (incident build only): the running session and its panels, the grade
//! report and the best grades. One component per file; the simulator and the
//! grader do the work: the session wraps an `incident::IncidentRun` in one `Reducible`
//! (`run_state.rs`), these render it and turn clicks and keys into its actions.

pub mod alerts_panel;
pub mod best_grades;
pub mod chaos_panel;
pub mod cluster_view;
pub mod console;
pub mod done_button;
pub mod event_log;
pub mod grade_report;
pub mod metric_chart;
pub mod move_buttons;
pub mod run_state;
pub mod scenario_store;
pub mod session;
pub mod time_controls;
pub mod timeline_chart;
pub mod traffic_split;
