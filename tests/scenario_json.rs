//! Scenarios for the browser: `write_scenarios` turns every `static/scenarios/*.toml` into JSON that
//! `Scenario::from_json` (the only reader in the wasm) reads back to the same scenario, plus an
//! index for the scenario list; an invalid file stops it with every problem listed.

use std::path::{Path, PathBuf};

use rollback_lab::cli::grade::write_scenarios;
use rollback_lab::sim::Scenario;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh directory under `target/tmp` (Cargo's per-target scratch space for integration tests).
fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scenario_json").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the temp dir");
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_scenario_round_trips_through_json() {
    let source = root().join("static/scenarios");
    let out = fresh_dir("out");
    let summary = write_scenarios(&source, &out).expect("the shipped scenarios are valid");
    let mut tomls: Vec<PathBuf> = std::fs::read_dir(&source)
        .expect("static/scenarios")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    tomls.sort();
    assert!(tomls.len() >= 16, "expected the shipped scenarios, found {}", tomls.len());
    assert!(summary.contains(&format!("wrote {} JSON files", tomls.len())), "{summary}");

    for toml in &tomls {
        let original = Scenario::from_toml(&read(toml)).expect("valid TOML");
        let json_path = out.join(format!("{}.json", original.id));
        let again = Scenario::from_json(&read(&json_path)).unwrap_or_else(|e| panic!("{}: {e}", json_path.display()));
        assert_eq!(again, original, "{} does not round-trip", json_path.display());
    }

    let written = std::fs::read_dir(&out).expect("out").flatten().count();
    assert_eq!(written, tomls.len() + 1, "one JSON file per scenario plus index.json");
}

#[test]
fn index_lists_every_scenario_with_its_strategy_difficulty_and_kind() {
    let source = root().join("static/scenarios");
    let out = fresh_dir("index");
    write_scenarios(&source, &out).expect("the shipped scenarios are valid");
    let index: serde_json::Value = serde_json::from_str(&read(&out.join("index.json"))).expect("index.json is JSON");
    let entries = index.as_array().expect("an array");
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().expect("id")).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "sorted by id");

    for e in entries {
        let id = e["id"].as_str().expect("id");
        let sc = Scenario::from_json(&read(&out.join(format!("{id}.json")))).expect("scenario JSON");
        let keys: Vec<&str> = e.as_object().expect("an object").keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 7, "{id}: {keys:?}");
        assert_eq!(e["title"], sc.title.as_str(), "{id}");
        assert_eq!(e["summary"], sc.summary.as_str(), "{id}");
        assert_eq!(e["tags"], serde_json::json!(sc.tags()), "{id}");
        assert_eq!(e["strategy"], sc.app.strategy.as_str(), "{id}");
        assert_eq!(e["difficulty"].as_str(), sc.difficulty.map(|d| d.name()), "{id}");
        assert_eq!(e["sandbox"], sc.workflow.is_none(), "{id}");
        assert_eq!(e["sandbox"], id.starts_with("sandbox-"), "{id}");
    }
    let sandbox = entries.iter().filter(|e| e["sandbox"] == true).count();
    assert!(sandbox >= 1 && sandbox < entries.len(), "both sandbox and graded scenarios are listed");
}

#[test]
fn invalid_scenarios_stop_it_with_every_problem_listed() {
    let source = fresh_dir("bad-source");
    let out = fresh_dir("bad-out");
    std::fs::copy(root().join("static/scenarios/sandbox-rolling.toml"), source.join("sandbox-rolling.toml")).expect("copy");
    std::fs::write(source.join("sandbox-broken.toml"), "id = \"sandbox-broken\"\ntitle = \"B\"\n[app]\nname = \"Bad_Name\"\nstrategy = \"rolling\"\nimage = \"r/x\"\nversion = \"v1\"\nreplicas = 0\n").expect("write");
    std::fs::write(source.join("misnamed.toml"), "id = \"other\"\ntitle = \"M\"\n[app]\nname = \"m\"\nstrategy = \"rolling\"\nimage = \"r/m\"\nversion = \"v1\"\n").expect("write");

    let err = write_scenarios(&source, &out).expect_err("invalid files must stop the export");
    for expected in ["sandbox-broken.toml: app.name", "sandbox-broken.toml: app.replicas", "misnamed.toml: id", "misnamed.toml: workflow"] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert_eq!(std::fs::read_dir(&out).expect("out").count(), 0, "nothing is written when a file is invalid");
}
