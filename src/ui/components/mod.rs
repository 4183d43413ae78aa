//! Pieces shared by several pages; one component per file.

pub mod badge_art;
#[cfg(feature = "learner")]
pub mod countdown;
pub mod footer;
pub mod header;
// The incident list (the incidents build) reads the scenario index and the best grades from here too.
#[cfg(any(feature = "simulator", feature = "incidents"))]
pub mod incident;
pub mod nav_link;
#[cfg(feature = "author")]
pub mod pack_import;
#[cfg(any(feature = "learner", feature = "simulator"))]
pub mod lazy_part;
#[cfg(feature = "learner")]
pub mod lazy_run;
#[cfg(feature = "learner")]
pub mod progress_notice;
// Used by the light, quiz, session and instructor pages; in the results, incident and author builds only by code LTO drops.
#[cfg_attr(not(any(feature = "learner", feature = "instructor", not(any(feature = "results", feature = "simulator", feature = "incidents", feature = "author")))), allow(dead_code))]
pub mod rich_text;
#[cfg(any(feature = "quiz", feature = "progress"))]
pub mod timer_settings;
#[cfg(any(feature = "session", feature = "staff"))]
pub mod session;
#[cfg(feature = "learner")]
pub mod run_report;
#[cfg(feature = "learner")]
pub mod run_view;
pub mod theme_toggle;
