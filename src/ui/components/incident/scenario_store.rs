//! The shipped scenarios: `data/scenarios/index.json` and one JSON file per scenario, both read
//! with the light readers of files the site wrote (`sim::shipped`; see `cli::grade::write_scenarios`).

use crate::sim::Scenario;
use crate::sim::shipped::{read_object, read_shipped};
use crate::ui::browser;
use crate::ui::route::data;

/// One line of the index.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioEntry {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub strategy: String,
    /// What the scenario exercises (`Scenario::tags`), most specific first.
    pub tags: Vec<String>,
    pub difficulty: Option<String>,
    pub sandbox: bool,
}

/// The index of shipped scenarios.
pub async fn index() -> Result<Vec<ScenarioEntry>, String> {
    let text = browser::fetch_text(data::SCENARIO_INDEX).await?;
    read_index(data::SCENARIO_INDEX, &text)
}

/// Reads `index.json` as `lab build-site` writes it (a list of objects with the seven fields of
/// [`ScenarioEntry`], `difficulty` possibly `null`). `file` names it in the message.
pub fn read_index(file: &str, text: &str) -> Result<Vec<ScenarioEntry>, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("{file}: not valid JSON: {e}"))?;
    let items = value.as_array().ok_or_else(|| format!("{file}: expected a list of scenarios"))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let entry = read_object(item, "a scenario (an object)", |o| ScenarioEntry {
            id: o.string("id"),
            title: o.string("title"),
            summary: o.string("summary"),
            strategy: o.string("strategy"),
            tags: o.strings("tags"),
            difficulty: o.opt_string("difficulty"),
            sandbox: o.bool("sandbox"),
        });
        out.push(entry.map_err(|w| format!("{file}: entry {i}: {w}"))?);
    }
    Ok(out)
}

/// One scenario by id (ids are checked against the index's alphabet first, so no path can be built).
pub async fn load(id: &str) -> Result<Scenario, String> {
    if !data::is_slug(id) {
        return Err(format!("there is no scenario called “{id}”"));
    }
    let url = data::scenario(id);
    let text = browser::fetch_text(&url).await.map_err(|e| if e.contains("404") { format!("there is no scenario called “{id}”") } else { e })?;
    read_shipped(&url, &text)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// `index.json` as `lab build-site` writes it from the shipped scenarios.
    fn written_index() -> String {
        let out = std::env::temp_dir().join(format!("scenario-store-index-{}", std::process::id()));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::cli::grade::write_scenarios(&root.join("static/scenarios"), &out).expect("the shipped scenarios are valid");
        let text = std::fs::read_to_string(out.join("index.json")).expect("index.json");
        let _ = std::fs::remove_dir_all(&out);
        text
    }

    /// The start-up script fetches this sandbox's file with the index (`Route::first_fetches`): it
    /// must be a shipped sandbox, or every first visit to the Sandbox would fetch a file in vain.
    #[test]
    fn the_sandbox_shown_first_is_shipped() {
        let entries = read_index("index.json", &written_index()).expect("the written index");
        let first = crate::ui::route::data::FIRST_SANDBOX;
        assert!(entries.iter().any(|e| e.id == first && e.sandbox), "{first} is no shipped sandbox");
    }

    #[test]
    fn reads_the_index_the_site_writes() {
        let text = written_index();
        let entries = read_index("index.json", &text).expect("the written index");
        let raw: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
        assert_eq!(entries.len(), raw.len());
        assert!(entries.iter().any(|e| e.sandbox) && entries.iter().any(|e| e.difficulty.is_some()));
        for (e, r) in entries.iter().zip(&raw) {
            let back = serde_json::json!({
                "id": e.id, "title": e.title, "summary": e.summary, "strategy": e.strategy,
                "tags": e.tags, "difficulty": e.difficulty, "sandbox": e.sandbox,
            });
            assert_eq!(&back, r, "every field read as written");
        }
    }

    #[test]
    fn a_damaged_index_is_one_message_naming_the_entry_and_field() {
        let text = written_index();
        let err = |t: &str| read_index("index.json", t).unwrap_err();
        for end in (0..text.trim_end().len()).filter(|i| text.is_char_boundary(*i)) {
            assert!(err(&text[..end]).starts_with("index.json: not valid JSON: "));
        }
        assert_eq!(err("{}"), "index.json: expected a list of scenarios");
        let e = err(&text.replacen("\"sandbox\":false", "\"sandbox\":\"no\"", 1));
        assert!(e.starts_with("index.json: entry 0: field `sandbox`: expected true or false"), "{e}");
        let e = err(&text.replacen("\"tags\":[", "\"tags\":[1,", 2));
        assert!(e.starts_with("index.json: entry 0: field `tags`: expected a list of strings"), "{e}");
        let e = err(&text.replacen("\"title\":", "\"name\":", 1));
        assert!(e.starts_with("index.json: entry 0: field `title`: expected a string"), "{e}");
        assert!(read_index("index.json", &text.replacen("\"difficulty\":\"hard\"", "\"difficulty\":null", 1)).is_ok(), "a sandbox has none");
    }
}
