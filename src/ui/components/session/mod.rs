//! Pieces shared by the instructor session pages (builder, learner, presenter, results).

pub mod bar_chart;
pub mod copy_field;
pub mod link_fragment;
pub mod scorm_download;
pub mod session_packs;
pub mod stored;
