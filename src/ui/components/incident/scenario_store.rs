//! The shipped scenarios: `data/scenarios/index.json` and one JSON file per scenario.

use serde::Deserialize;

use crate::sim::Scenario;
use crate::ui::browser;
use crate::ui::route::data;

/// One line of the index.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ScenarioEntry {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub strategy: String,
    /// What the scenario exercises (`Scenario::tags`), most specific first.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub difficulty: Option<String>,
    #[serde(default)]
    pub sandbox: bool,
}

/// The index of shipped scenarios.
pub async fn index() -> Result<Vec<ScenarioEntry>, String> {
    let text = browser::fetch_text(data::SCENARIO_INDEX).await?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", data::SCENARIO_INDEX))
}

/// One scenario by id (ids are checked against the index's alphabet first, so no path can be built).
pub async fn load(id: &str) -> Result<Scenario, String> {
    if !data::is_slug(id) {
        return Err(format!("there is no scenario called “{id}”"));
    }
    let url = data::scenario(id);
    let text = browser::fetch_text(&url).await.map_err(|e| if e.contains("404") { format!("there is no scenario called “{id}”") } else { e })?;
    Scenario::from_json(&text).map_err(|e| format!("{url}: {e}"))
}
