//! Pieces shared by several pages; one component per file.

pub mod countdown;
pub mod footer;
pub mod header;
pub mod nav_link;
pub mod pack_import;
pub mod progress_notice;
pub mod rich_text;
pub mod run_view;
pub mod theme_toggle;
