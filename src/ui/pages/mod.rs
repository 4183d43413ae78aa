//! One component per page of the site.

#[cfg(feature = "full")]
pub mod badges;
pub mod help;
#[cfg(feature = "full")]
pub mod import;
#[cfg(feature = "full")]
pub mod incident;
#[cfg(feature = "full")]
pub mod incidents;
pub mod home;
pub mod learn;
pub mod not_found;
pub mod pack;
pub mod packs;
#[cfg(feature = "full")]
pub mod quiz;
#[cfg(feature = "full")]
pub mod review;
#[cfg(feature = "full")]
pub mod sandbox;
