//! Pieces shared by the session pages: builder, presenter and results (instructor build) and the
//! learner's page (session build).

#[cfg(feature = "instructor")]
pub mod bar_chart;
pub mod copy_field;
pub mod link_fragment;
#[cfg(feature = "instructor")]
pub mod scorm_download;
pub mod session_packs;
#[cfg(feature = "instructor")]
pub mod stored;
