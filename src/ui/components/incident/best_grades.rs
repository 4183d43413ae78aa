//! The learner's best grade per scenario, kept in localStorage as a JSON object `id → score`.
//! An unreadable value is treated as empty and left untouched (never overwritten).

use std::collections::BTreeMap;

use crate::ui::browser;

/// The localStorage key.
pub const KEY: &str = "rollback-lab.incident-best";

/// The stored best grades; `None` when the stored value cannot be read (so it must not be replaced).
fn stored() -> Option<BTreeMap<String, u32>> {
    match browser::storage_get_raw(KEY) {
        None => Some(BTreeMap::new()),
        Some(raw) => serde_json::from_str(&raw).ok(),
    }
}

/// The best grades, empty when storage is unreadable.
pub fn load() -> BTreeMap<String, u32> {
    stored().unwrap_or_default()
}

/// Records a score; keeps the better one. Does nothing if the stored value is unreadable.
pub fn record(id: &str, score: u32) {
    let Some(mut map) = stored() else { return };
    let best = map.entry(id.to_owned()).or_insert(score);
    *best = (*best).max(score);
    if let Ok(json) = serde_json::to_string(&map) {
        browser::storage_set_raw(KEY, &json);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_best_and_leaves_garbage_alone() {
        browser::storage_remove(KEY);
        record("a", 40);
        record("a", 80);
        record("a", 60);
        assert_eq!(load().get("a"), Some(&80));
        browser::storage_set_raw(KEY, "{not json");
        assert!(load().is_empty());
        record("a", 90);
        assert_eq!(browser::storage_get_raw(KEY).as_deref(), Some("{not json"));
        browser::storage_remove(KEY);
    }
}
