//! `data/packs/index.json`: the list of shipped packs the browser reads before loading any pack.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::Pack;

/// What the site lists about one shipped pack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackSummary {
    pub id: String,
    /// The pack's JSON file, relative to `data/packs/`.
    pub file: String,
    pub title: String,
    pub summary: String,
    pub tags: Vec<String>,
    pub minutes: u32,
    pub questions: usize,
    pub badge: String,
    /// Questions per kind and per difficulty (file spellings), so a pack's page needs no pack file.
    #[serde(default)]
    pub by_kind: BTreeMap<String, usize>,
    #[serde(default)]
    pub by_difficulty: BTreeMap<String, usize>,
    /// Sizes of the Test and the Challenge.
    #[serde(default)]
    pub test: usize,
    #[serde(default)]
    pub challenge: usize,
    /// A draft imported from a question bank: its format (`moodle-xml`, `gift`); see `Pack`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
}

impl PackSummary {
    /// The summary of a pack that will be written to `file`.
    pub fn of(pack: &Pack, file: String) -> PackSummary {
        PackSummary {
            id: pack.id.clone(),
            file,
            title: pack.title.clone(),
            summary: pack.summary.clone(),
            tags: pack.tags.clone(),
            minutes: pack.minutes,
            questions: pack.questions.len(),
            badge: pack.badge.clone(),
            by_kind: count(pack.questions.iter().map(|q| q.kind.name())),
            by_difficulty: count(pack.questions.iter().map(|q| q.difficulty.name())),
            test: pack.test.len(),
            challenge: pack.challenge.len(),
            imported_from: pack.imported_from.clone(),
        }
    }
}

/// The whole index file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackIndex {
    pub packs: Vec<PackSummary>,
}

impl PackIndex {
    /// Reads the index; a broken file is an error message naming what is wrong.
    pub fn from_json(text: &str) -> Result<PackIndex, String> {
        serde_json::from_str(text).map_err(|e| format!("data/packs/index.json is damaged: {e}"))
    }
}

fn count<'a>(names: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    for n in names {
        *map.entry(n.to_owned()).or_default() += 1;
    }
    map
}
