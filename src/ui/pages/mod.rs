//! One component per page of the site.

pub mod badges;
pub mod help;
pub mod home;
pub mod not_found;
pub mod pack;
pub mod packs;
pub mod quiz;
pub mod review;
