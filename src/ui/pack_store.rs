//! Where the UI gets packs: the shipped ones from the site (one JSON file per pack, named after its
//! id and fetched when needed; `data/packs/index.json` lists them with their summaries for the pages
//! that show them, and index.html names their ids, which is all a question run needs) and the ones
//! an instructor imported, kept in localStorage.
//!
//! An import (the author build's page) goes through `pack::from_json`, the same validating reader
//! `lab check` uses, and is kept in the form `pack::to_json` writes; shipped packs were checked and
//! written the same way by `lab build-site`. So the quiz build loads packs with the light reader,
//! `pack::read_shipped`, which checks only their shape, and the validating reader stays out of it;
//! so does the instructor build (since the import page moved to the author build, which loads no
//! pack: measured 11.7 KB brotli less, docs/performance.md "Session 7"). A damaged file shows as
//! unavailable with what is wrong while every other pack keeps working. The light and incident builds only read the
//! indexes; reading packs is the quiz and instructor builds' job, storing imports the author build's.

use super::browser;
use super::route::data;
use crate::pack::{PackIndex, PackSummary};

/// Imported packs, id → JSON text (quiz, instructor and author builds only).
#[cfg(any(feature = "learner", feature = "staff", feature = "author"))]
const IMPORTED_KEY: &str = "rollback-lab.imported-packs";
/// Summaries of the imported packs, kept beside them so the light build can list them.
const IMPORTED_INDEX_KEY: &str = "rollback-lab.imported-index";

#[cfg(any(feature = "learner", feature = "staff"))]
thread_local! {
    /// The list of shipped packs once fetched. It does not change while the page is open (a new
    /// deployment reaches an open tab only through a reload), and the review page and the session
    /// builder may ask for it more than once, so one request serves them all. The light pages ask
    /// once (kept out of the light build: 0.7 KB brotli).
    static SHIPPED_INDEX: std::cell::RefCell<Option<PackIndex>> = const { std::cell::RefCell::new(None) };
}

/// The list of shipped packs (in the quiz and instructor builds fetched once per page load; a
/// failed fetch is tried again next time).
pub async fn shipped_index() -> Result<PackIndex, String> {
    #[cfg(any(feature = "learner", feature = "staff"))]
    if let Some(index) = SHIPPED_INDEX.with_borrow(Clone::clone) {
        return Ok(index);
    }
    let text = browser::fetch_text(data::PACK_INDEX).await?;
    let index = PackIndex::from_json(&text)?;
    #[cfg(any(feature = "learner", feature = "staff"))]
    SHIPPED_INDEX.set(Some(index.clone()));
    Ok(index)
}

/// The ids of the shipped packs, as index.html names them (`lab build-site` writes the tag from the
/// index): what a question run needs to know of the other packs (Rollback Mastery is every shipped
/// pack's badge). Empty outside a built site.
pub fn shipped_ids() -> Vec<String> {
    browser::meta(data::SHIPPED_PACKS_META).map(|ids| ids.split_whitespace().map(str::to_owned).collect()).unwrap_or_default()
}

/// Summaries of the imported packs. Unreadable storage counts as none (and is left untouched).
pub fn imported_summaries() -> Vec<PackSummary> {
    // The index's own reader (no derived deserializer for the summaries in any build that reads them).
    browser::storage_get_raw(IMPORTED_INDEX_KEY)
        .and_then(|raw| serde_json::from_str::<serde_json::Value>(&raw).ok())
        .and_then(|list| crate::pack::index::summaries(&crate::quiz::json_walk::At::root(&list)).ok())
        .unwrap_or_default()
}

/// The summary of a pack, shipped or imported.
pub async fn summary(id: &str) -> Result<PackSummary, String> {
    if let Some(s) = imported_summaries().into_iter().find(|s| s.id == id) {
        return Ok(s);
    }
    let index = shipped_index().await?;
    index.packs.into_iter().find(|p| p.id == id).ok_or_else(|| format!("there is no pack called `{id}`"))
}

#[cfg(any(feature = "learner", feature = "staff", feature = "author"))]
pub use packs::*;

#[cfg(any(feature = "learner", feature = "staff", feature = "author"))]
mod packs {
    #[cfg(feature = "author")]
    use std::collections::BTreeMap;

    use super::*;
    #[cfg(any(feature = "learner", feature = "staff"))]
    use crate::pack::Pack;
    use crate::pack::{self, Problem};

    /// Loads a pack by id: an imported pack of that id first, else the shipped one, from its file
    /// (named after the id: no index is fetched for it).
    #[cfg(any(feature = "learner", feature = "staff"))]
    pub async fn load(id: &str) -> Result<Pack, Vec<String>> {
        if let Some(text) = imported_text(id) {
            return read_stored(&format!("{id} (imported)"), &text).map_err(messages);
        }
        let shipped = shipped_ids();
        // An id that is no file name, or that index.html does not list, names no shipped pack (a
        // site without the list, outside a build, looks for the file all the same).
        if !data::is_slug(id) || (!shipped.is_empty() && !shipped.iter().any(|s| s == id)) {
            return Err(vec![format!("there is no pack called `{id}`")]);
        }
        let text = browser::fetch_text(&data::pack(id)).await.map_err(|e| vec![e])?;
        read_stored(&data::pack_file_name(id), &text).map_err(messages)
    }

    /// Reads a pack the site wrote (shipped, or an import once checked): with the light reader in
    /// both builds that load packs. Only the author build validates (it imports, and loads none).
    #[cfg(any(feature = "learner", feature = "staff"))]
    fn read_stored(file: &str, text: &str) -> Result<Pack, Vec<Problem>> {
        pack::read_shipped(file, text)
    }

    /// Problems as the lines shown to people.
    pub fn messages(problems: Vec<Problem>) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    /// The stored text of the imported pack `id`, read over the JSON value (no map deserializer
    /// in the quiz build, docs/performance.md "Session 8"). Unreadable storage counts as none.
    #[cfg(any(feature = "learner", feature = "staff"))]
    fn imported_text(id: &str) -> Option<String> {
        let value: serde_json::Value = serde_json::from_str(&browser::storage_get_raw(IMPORTED_KEY)?).ok()?;
        value.get(id)?.as_str().map(str::to_owned)
    }

    /// Imported packs: id → JSON text (the import page rewrites them all).
    #[cfg(feature = "author")]
    pub fn imported() -> BTreeMap<String, String> {
        browser::storage_get_raw(IMPORTED_KEY)
            .and_then(|raw| serde_json::from_str(&raw).ok())
            .unwrap_or_default()
    }

    /// Checks an imported file and keeps it when it is a valid pack (the author build's import page).
    #[cfg(feature = "author")]
    pub fn import(file_name: &str, text: &str) -> Result<PackSummary, Vec<String>> {
        let pack = pack::from_json(file_name, text).map_err(messages)?;
        let mut all = imported();
        all.insert(pack.id.clone(), pack::to_json(&pack));
        let summaries: Vec<PackSummary> = all
            .iter()
            .filter_map(|(id, text)| pack::from_json(id, text).ok())
            .map(|p| PackSummary::of(&p, String::new()))
            .collect();
        let stored = browser::storage_set_raw(IMPORTED_KEY, &serde_json::to_string(&all).unwrap_or_default())
            && browser::storage_set_raw(IMPORTED_INDEX_KEY, &serde_json::to_string(&summaries).unwrap_or_default());
        if !stored {
            return Err(vec!["the browser refused to store the pack (storage full or disabled)".into()]);
        }
        Ok(PackSummary::of(&pack, String::new()))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The summaries the import page stores (serde's derived writer) read back with the index's
    /// reader; anything unreadable is no imported pack.
    #[test]
    fn imported_summaries_read_what_the_import_page_writes() {
        let summary = PackSummary {
            id: "bank".into(),
            file: String::new(),
            title: "A bank".into(),
            summary: "s".into(),
            tags: vec!["gift".into()],
            minutes: 3,
            questions: 2,
            badge: "B".into(),
            by_kind: [("conceptual".to_owned(), 2)].into(),
            by_difficulty: [("easy".to_owned(), 2)].into(),
            test: 2,
            challenge: 2,
            imported_from: Some("gift".into()),
        };
        browser::storage_set_raw(IMPORTED_INDEX_KEY, &serde_json::to_string(&vec![summary.clone()]).unwrap());
        assert_eq!(imported_summaries(), vec![summary]);
        for junk in ["", "{}", "[{\"id\": 5}]", "[1"] {
            browser::storage_set_raw(IMPORTED_INDEX_KEY, junk);
            assert_eq!(imported_summaries(), vec![], "{junk}");
        }
    }
}
