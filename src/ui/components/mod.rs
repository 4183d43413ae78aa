//! Pieces shared by several pages; one component per file.

pub mod badge_art;
#[cfg(feature = "practice")]
pub mod countdown;
pub mod footer;
pub mod header;
#[cfg(feature = "full")]
pub mod incident;
pub mod nav_link;
#[cfg(feature = "practice")]
pub mod pack_import;
#[cfg(feature = "practice")]
pub mod progress_notice;
pub mod rich_text;
#[cfg(feature = "practice")]
pub mod timer_settings;
#[cfg(feature = "practice")]
pub mod session;
#[cfg(feature = "practice")]
pub mod run_report;
#[cfg(feature = "practice")]
pub mod run_view;
pub mod theme_toggle;
