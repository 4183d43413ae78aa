//! `data/packs/index.json`: the list of shipped packs the browser reads before loading any pack.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::Pack;
use crate::quiz::json_walk::{At, First, PathError};

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
    /// Reads the index; a broken file is an error message naming what is wrong and where
    /// (`data/packs/index.json is damaged: $.packs[3].minutes: expected …`).
    ///
    /// Over the parsed JSON value rather than a derived deserializer: the quiz build reads the index
    /// on every question run, and serde's generated code for it (a list of summaries with two maps
    /// each) was 6 KB of its wasm (docs/performance.md "Session 8"). It reads what the derive read:
    /// fields in any order, unknown ones ignored, `by_kind`, `by_difficulty`, `test`, `challenge`
    /// and `imported_from` optional, every other field required with its type.
    pub fn from_json(text: &str) -> Result<PackIndex, String> {
        let damaged = |e: String| format!("data/packs/index.json is damaged: {e}");
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| damaged(e.to_string()))?;
        let packs = At::root(&value).field("packs").and_then(|p| summaries(&p)).map_err(|e| damaged(e.to_string()))?;
        Ok(PackIndex { packs })
    }
}

/// A list of pack summaries, as [`PackIndex::from_json`] reads them.
pub fn summaries(list: &At) -> Result<Vec<PackSummary>, PathError> {
    // Every read through `f`, in the order an early return per read would stop at
    // (`json_walk::First`).
    let f = First::default();
    let counts = |s: &At, name: &str| {
        let mut map = BTreeMap::new();
        if let Some(m) = f.or_default(s.opt(name)) {
            for (k, n) in f.or_default(m.entries()) {
                map.insert(k.to_owned(), f.or_default(n.uint(0, usize::MAX as u64)) as usize);
            }
        }
        map
    };
    let optional = |s: &At, name: &str| f.or_default(s.opt_uint(name, usize::MAX as u64)).unwrap_or_default() as usize;
    let mut out = Vec::new();
    for s in f.or_default(list.items()) {
        out.push(PackSummary {
            id: f.or_default(s.field_string("id")),
            file: f.or_default(s.field_string("file")),
            title: f.or_default(s.field_string("title")),
            summary: f.or_default(s.field_string("summary")),
            tags: {
                let tags = f.at(s.field("tags"));
                f.or_default(tags.items()).iter().map(|t| f.or_default(t.str().map(str::to_owned))).collect()
            },
            minutes: f.or_default(s.field_uint("minutes", 0, u32::MAX.into())) as u32,
            questions: f.or_default(s.field_uint("questions", 0, usize::MAX as u64)) as usize,
            badge: f.or_default(s.field_string("badge")),
            by_kind: counts(&s, "by_kind"),
            by_difficulty: counts(&s, "by_difficulty"),
            test: optional(&s, "test"),
            challenge: optional(&s, "challenge"),
            imported_from: f.or_default(s.opt("imported_from").and_then(|i| i.map(|i| i.str().map(str::to_owned)).transpose())),
        });
    }
    f.result(out)
}

fn count<'a>(names: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    for n in names {
        *map.entry(n.to_owned()).or_default() += 1;
    }
    map
}

// Native only: the shipped packs are read with the TOML reader of `lab`, which the wasm build lacks.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The index `lab build-site` writes for the shipped packs (one imported draft among them).
    fn index() -> PackIndex {
        let mut packs = Vec::new();
        for entry in std::fs::read_dir("static/packs").unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let pack = crate::cli::check::read_toml_pack(&name, &text).unwrap();
            packs.push(PackSummary::of(&pack, name.replace(".toml", ".json")));
        }
        packs.sort_by(|a, b| a.id.cmp(&b.id));
        packs[0].imported_from = Some("gift".to_owned());
        PackIndex { packs }
    }

    /// The summaries reader as it was before it read through `json_walk::First`: stopping at the
    /// first problem with `?`. The oracle of the test below; not used by the app.
    fn summaries_stopping(list: &At) -> Result<Vec<PackSummary>, PathError> {
        let count = |at: &At| at.uint(0, usize::MAX as u64).map(|n| n as usize);
        let counts = |s: &At, name: &str| -> Result<BTreeMap<String, usize>, PathError> {
            let mut map = BTreeMap::new();
            if let Some(m) = s.opt(name)? {
                for (k, n) in m.entries()? {
                    map.insert(k.to_owned(), count(&n)?);
                }
            }
            Ok(map)
        };
        let optional = |s: &At, name: &str| s.opt_uint(name, usize::MAX as u64).map(|n| n.unwrap_or_default() as usize);
        list.items()?
            .iter()
            .map(|s| {
                Ok(PackSummary {
                    id: s.field_string("id")?,
                    file: s.field_string("file")?,
                    title: s.field_string("title")?,
                    summary: s.field_string("summary")?,
                    tags: s.field("tags")?.items()?.iter().map(|t| t.str().map(str::to_owned)).collect::<Result<_, _>>()?,
                    minutes: s.field_uint("minutes", 0, u32::MAX.into())? as u32,
                    questions: s.field_uint("questions", 0, usize::MAX as u64)? as usize,
                    badge: s.field_string("badge")?,
                    by_kind: counts(s, "by_kind")?,
                    by_difficulty: counts(s, "by_difficulty")?,
                    test: optional(s, "test")?,
                    challenge: optional(s, "challenge")?,
                    imported_from: s.opt("imported_from")?.map(|i| i.str().map(str::to_owned)).transpose()?,
                })
            })
            .collect()
    }

    /// The reader gives what the reader that stopped at the first problem gave, summaries or
    /// message, for the shipped index (two packs of it) with every field at every depth left out or
    /// given a value of every JSON type, and every pair of fields made `null`.
    #[test]
    fn the_summaries_read_as_the_reader_that_stopped_at_the_first_problem() {
        let mut index = index();
        index.packs.truncate(2);
        let doc = serde_json::to_value(&index).unwrap();
        let read = |doc: &serde_json::Value| {
            let list = At::root(doc);
            let list = list.field("packs").unwrap_or(list);
            (summaries(&list), summaries_stopping(&list))
        };
        let checked = crate::quiz::json_walk::edits::compare(&doc, &crate::quiz::json_walk::edits::values(&[]), read);
        assert!(checked > 2_000, "{checked}");
    }

    #[test]
    fn the_reader_reads_what_the_derived_reader_read() {
        let written = serde_json::to_string_pretty(&index()).unwrap();
        assert_eq!(PackIndex::from_json(&written), Ok(index()));
        let mut value: serde_json::Value = serde_json::from_str(&written).unwrap();
        let first = &mut value["packs"][0];
        first.as_object_mut().unwrap().remove("by_kind");
        first.as_object_mut().unwrap().remove("test");
        first["unknown"] = serde_json::json!([1, 2]);
        let lenient = value.to_string();
        let derived: PackIndex = serde_json::from_str(&lenient).unwrap();
        assert_eq!(PackIndex::from_json(&lenient), Ok(derived));
        // Every field swapped for a value of another type, and every truncation: an error both
        // ways (never a panic), naming the field in ours.
        for field in ["id", "file", "title", "summary", "tags", "minutes", "questions", "badge", "by_kind", "test", "imported_from"] {
            let mut v: serde_json::Value = serde_json::from_str(&written).unwrap();
            v["packs"][1][field] = serde_json::json!({"x": "y"});
            let text = v.to_string();
            assert!(serde_json::from_str::<PackIndex>(&text).is_err(), "{field}");
            let ours = PackIndex::from_json(&text).unwrap_err();
            assert!(ours.starts_with("data/packs/index.json is damaged: $.packs[1]."), "{ours}");
        }
        for end in (0..written.len()).filter(|&e| written.is_char_boundary(e)) {
            let ours = PackIndex::from_json(&written[..end]).unwrap_err();
            assert!(ours.starts_with("data/packs/index.json is damaged: "), "{ours}");
        }
    }
}
