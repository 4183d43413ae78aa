//! Pieces shared by several pages; one component per file.

#[cfg(feature = "full")]
pub mod countdown;
pub mod footer;
pub mod header;
#[cfg(feature = "full")]
pub mod incident;
pub mod nav_link;
#[cfg(feature = "full")]
pub mod pack_import;
#[cfg(feature = "full")]
pub mod progress_notice;
pub mod rich_text;
#[cfg(feature = "full")]
pub mod session;
#[cfg(feature = "full")]
pub mod run_view;
pub mod theme_toggle;
