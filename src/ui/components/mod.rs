//! Pieces shared by several pages; one component per file.

pub mod footer;
pub mod header;
pub mod nav_link;
pub mod pack_import;
pub mod theme_toggle;
