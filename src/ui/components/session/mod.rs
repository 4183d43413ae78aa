//! Pieces shared by the session pages: builder and presenter (instructor build), results (results
//! build) and the learner's page (session build).

#[cfg(feature = "results")]
pub mod bar_chart;
#[cfg(any(feature = "session", feature = "instructor"))]
pub mod copy_field;
pub mod link_fragment;
#[cfg(feature = "instructor")]
pub mod scorm_download;
pub mod session_packs;
#[cfg(feature = "staff")]
pub mod stored;
