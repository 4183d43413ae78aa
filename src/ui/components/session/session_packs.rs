//! The packs a session draws its questions from, loaded as the learner's app has them.

use crate::pack::Pack;
use crate::session::SessionSpec;
use crate::ui::pack_store;

/// The ids of the packs a session uses, in first-use order.
pub fn pack_ids(spec: &SessionSpec) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for q in &spec.questions {
        if !ids.contains(&q.pack) {
            ids.push(q.pack.clone());
        }
    }
    ids
}

/// Loads every pack of `spec` (imported copies first, as everywhere); the packs that could be
/// loaded, and a message for each one that could not.
pub async fn load(spec: &SessionSpec) -> (Vec<Pack>, Vec<String>) {
    let mut packs = Vec::new();
    let mut problems = Vec::new();
    for id in pack_ids(spec) {
        match pack_store::load(&id).await {
            Ok(p) => packs.push(p),
            Err(e) => problems.extend(e.into_iter().map(|m| format!("pack {id}: {m}"))),
        }
    }
    (packs, problems)
}
