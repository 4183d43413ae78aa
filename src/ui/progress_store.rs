//! The learner's progress, shared by every page through a Yew context, and kept in localStorage.
//!
//! Unreadable saved progress is never dropped in silence: the raw text is copied to a backup key
//! before anything else is written, the learner is told what was wrong and can download the copy,
//! and the app starts fresh.

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use crate::quiz::progress::{DUE_KEY, LoadOutcome, Progress, STORAGE_KEY};

/// Where the text of unreadable progress is kept until the learner dismisses the notice.
pub const BACKUP_KEY: &str = "rollback-lab.progress.unreadable";

/// The shared progress and what happened when it was loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressModel {
    pub progress: Progress,
    /// Saved progress that could not be read: (its text, what was wrong).
    pub unreadable: Option<(String, String)>,
    /// The schema version older progress was migrated from.
    pub migrated_from: Option<u32>,
}

/// Every change to the shared progress.
// An action lives for one dispatch and is never stored, so its size does not matter; since
// progress keeps its maps as `StrMap`s (two `Vec`s each) `Replace` is over clippy's limit, and a
// `Box` would only add an allocation to every caller.
#[allow(clippy::large_enum_variant)]
pub enum ProgressAction {
    /// Replace the progress (after a run was recorded, a setting changed, an import), and save it.
    Replace(Progress),
    /// The learner has seen the notice about unreadable progress.
    DismissUnreadable,
}

impl ProgressModel {
    /// Loads from localStorage.
    pub fn load() -> ProgressModel {
        let raw = browser::storage_get_raw(STORAGE_KEY).unwrap_or_default();
        let backup = browser::storage_get_raw(BACKUP_KEY);
        let (progress, unreadable, migrated_from) = match Progress::load(&raw) {
            LoadOutcome::Ok(p) => (p, None, None),
            LoadOutcome::Migrated(p, from) => {
                save(&p);
                (p, None, Some(from))
            }
            LoadOutcome::Unreadable { raw, error } => {
                // Keep the text before anything can overwrite it.
                browser::storage_set_raw(BACKUP_KEY, &raw);
                browser::storage_remove(STORAGE_KEY);
                (Progress::default(), Some((raw, error)), None)
            }
        };
        // A backup from an earlier visit that the learner has not dismissed yet is still shown.
        browser::storage_set_raw(crate::quiz::standing::STANDING_KEY, &crate::quiz::standing::to_json(&progress));
        let unreadable = unreadable.or_else(|| backup.map(|raw| (raw, "it could not be read on an earlier visit".into())));
        browser::persist_storage();
        ProgressModel { progress, unreadable, migrated_from }
    }
}

/// Saves the progress, and beside it the review due times the light build's home page counts.
fn save(progress: &Progress) {
    browser::storage_set_raw(STORAGE_KEY, &progress.to_json());
    browser::storage_set_raw(DUE_KEY, &progress.due_json());
    browser::storage_set_raw(crate::quiz::standing::STANDING_KEY, &crate::quiz::standing::to_json(progress));
}

impl Reducible for ProgressModel {
    type Action = ProgressAction;

    fn reduce(self: Rc<Self>, action: ProgressAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ProgressAction::Replace(progress) => {
                save(&progress);
                next.progress = progress;
            }
            ProgressAction::DismissUnreadable => {
                browser::storage_remove(BACKUP_KEY);
                next.unreadable = None;
            }
        }
        Rc::new(next)
    }
}

/// The handle pages use: read `.progress`, dispatch changes.
pub type ProgressHandle = UseReducerHandle<ProgressModel>;

/// The progress from the context (the app always provides it).
#[hook]
pub fn use_progress() -> ProgressHandle {
    use_context::<ProgressHandle>().expect("ProgressHandle is provided by App")
}
