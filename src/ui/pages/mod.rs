//! One component per page of the site. The light pages (home, help, Learn, the pack list and pack
//! pages) are in the light build only (and in `every-page` for tests): a bigger build hands them
//! over to the light build like any page it lacks (measured: 16–22 KB brotli less per bigger
//! build, docs/performance.md "Session 6").

#[cfg(feature = "progress")]
pub mod badges;
#[cfg(light_pages)]
pub mod help;
#[cfg(feature = "author")]
pub mod import;
#[cfg(feature = "incident")]
pub mod incident;
#[cfg(feature = "incidents")]
pub mod incidents;
#[cfg(light_pages)]
pub mod home;
#[cfg(light_pages)]
pub mod learn;
pub mod not_found;
#[cfg(light_pages)]
pub mod pack;
// Its `Loading` and `use_shipped_packs` serve every build; its page only the light build.
#[cfg_attr(not(light_pages), allow(dead_code))]
pub mod packs;
#[cfg(feature = "quiz")]
pub mod quiz;
#[cfg(feature = "progress")]
pub mod review;
#[cfg(feature = "sandbox")]
pub mod sandbox;
#[cfg(feature = "instructor")]
pub mod session_new;
#[cfg(feature = "instructor")]
pub mod session_present;
#[cfg(feature = "results")]
pub mod session_results;
#[cfg(feature = "session")]
pub mod session_take;
