//! Question packs: the model, and the reader that checks a pack and reports every problem.
//!
//! Packs are written in TOML (`static/packs/*.toml`, format in docs/pack-format.md) and shipped to
//! the browser as JSON of the same shape. Both formats are first turned into a [`tree::Node`], and
//! one reader, [`read::read_pack`], checks the tree and builds the [`model::Pack`]: the build, `lab
//! check` and the browser's import apply the very same rules. Packs the site itself wrote (shipped
//! files, and imports once checked) are read back by [`shipped::read_shipped`], which only checks
//! their shape: the quiz build carries it instead of the validating reader.
//!
//! Architecture invariant: no web crates, no I/O; the reader never panics and never stops at the
//! first problem.

pub mod index;
pub mod lint;
pub mod model;
pub mod problem;
pub mod read;
pub mod shipped;
pub mod tree;
#[cfg(not(target_arch = "wasm32"))]
pub mod toml_tree;

pub use index::{PackIndex, PackSummary};
pub use model::{ChoiceOption, Difficulty, Interaction, Kind, Pack, Question};
pub use problem::Problem;
pub use read::read_pack;
pub use shipped::read_shipped;

/// Reads a pack from its JSON form (the shipped form, and what instructors import in the browser).
pub fn from_json(file: &str, text: &str) -> Result<Pack, Vec<Problem>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        vec![Problem {
            file: file.to_owned(),
            line: Some(e.line() as u32),
            question: None,
            field: String::new(),
            message: format!("not valid JSON: {e}"),
        }]
    })?;
    read_pack(file, &tree::Node::from_json(&value))
}

/// Writes a pack in its JSON form: every field, as `lab export-pack` gives it to instructors.
pub fn to_json(pack: &Pack) -> String {
    serde_json::to_string(pack).unwrap_or_default()
}

/// Writes a pack in the JSON form the site ships (`data/packs/*.json`, `lab build-site`): the JSON
/// form without the fields only `lab check` reads (a question's lint waivers, `waive`, and the
/// simulator state its command output is checked against, `sim_state`), so a page downloads only
/// what the app shows. Both are optional fields, so both readers read it.
pub fn to_site_json(pack: &Pack) -> String {
    let mut shipped = pack.clone();
    for question in &mut shipped.questions {
        question.waive.clear();
        question.sim_state = None;
    }
    to_json(&shipped)
}
