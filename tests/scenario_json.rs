//! Scenarios for the browser: `write_scenarios` turns every `static/scenarios/*.toml` into JSON that
//! `Scenario::from_json` reads back to the same scenario, plus an index for the scenario list; an
//! invalid file stops it with every problem listed. The incident build reads those files with the
//! light reader (`sim::shipped`), which must read exactly what the validating reader reads, refuse
//! what it cannot read with a message naming the field, and never panic.

use std::path::{Path, PathBuf};

use rollback_lab::cli::grade::write_scenarios;
use rollback_lab::sim::{Scenario, shipped};

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

/// The shipped form of every scenario: `write_scenarios` run on `static/scenarios` (file name, text).
fn shipped(dir: &str) -> Vec<(String, String)> {
    let out = fresh_dir(dir);
    write_scenarios(&root().join("static/scenarios"), &out).expect("the shipped scenarios are valid");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&out)
        .expect("out")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "index.json"))
        .map(|p| (p.file_name().unwrap_or_default().to_string_lossy().into_owned(), read(&p)))
        .collect();
    files.sort();
    assert!(files.len() >= 16, "expected the shipped scenarios, found {}", files.len());
    files
}

#[test]
fn the_light_reader_gives_exactly_what_the_validating_reader_gives() {
    for (name, text) in shipped("light") {
        let validated = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(shipped::read_fields(&text), Ok(validated.clone()), "{name}");
        assert_eq!(shipped::read_shipped(&name, &text), Ok(validated), "{name}");
    }
}

#[test]
fn the_light_reader_checks_the_scenario_rules_too() {
    let (name, text) = shipped("rules").into_iter().find(|(n, _)| n == "rolling-crashloop.json").expect("rolling-crashloop");
    let broken = text.replacen("\"replicas\":", "\"replicas\":0,\"was\":", 1);
    assert!(shipped::read_fields(&broken).is_ok(), "the fields are all there and of the right type");
    let err = shipped::read_shipped(&name, &broken).unwrap_err();
    assert!(err.starts_with("rolling-crashloop.json: ") && err.contains("app.replicas: must be between 1 and 200, got 0"), "{err}");
}

#[test]
fn every_truncation_of_every_shipped_scenario_is_an_error_naming_the_file() {
    for (name, text) in shipped("truncated") {
        let whole = text.trim_end();
        for end in (0..whole.len()).filter(|i| whole.is_char_boundary(*i)) {
            let err = shipped::read_shipped(&name, &whole[..end]).expect_err("a truncated file is not a scenario");
            assert!(err.starts_with(&format!("{name}: not valid JSON: ")), "{name} cut at {end}: {err}");
        }
    }
}

/// Every path in a JSON document (`app.canary.steps[1].pause`), with the steps that lead there.
fn paths(v: &serde_json::Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
            at.push(Step::Key(k.clone()));
            out.push(at.clone());
            paths(x, at, out);
            at.pop();
        }),
        serde_json::Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
            at.push(Step::Index(i));
            out.push(at.clone());
            paths(x, at, out);
            at.pop();
        }),
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn display(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) if s.is_empty() => s.push_str(k),
            Step::Key(k) => s.push_str(&format!(".{k}")),
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// The document with the value at `path` replaced (`Some`) or removed (`None`; a list item is
/// removed from its list).
fn mutate(doc: &serde_json::Value, path: &[Step], with: Option<&serde_json::Value>) -> serde_json::Value {
    let mut out = doc.clone();
    let (last, parents) = path.split_last().expect("a path below the root");
    let mut v = &mut out;
    for step in parents {
        v = match step {
            Step::Key(k) => v.get_mut(k.as_str()),
            Step::Index(i) => v.get_mut(*i),
        }
        .expect("the path exists");
    }
    match (last, with, v) {
        (Step::Key(k), Some(x), serde_json::Value::Object(m)) => drop(m.insert(k.clone(), x.clone())),
        (Step::Key(k), None, serde_json::Value::Object(m)) => drop(m.remove(k)),
        (Step::Index(i), Some(x), serde_json::Value::Array(a)) => a[*i] = x.clone(),
        (Step::Index(i), None, serde_json::Value::Array(a)) => drop(a.remove(*i)),
        _ => panic!("the path exists"),
    }
    out
}

/// Each field of every shipped scenario removed, set to null and replaced with a value of every other
/// JSON type: the light reader never panics, and it either says which field is wrong (the field
/// itself, one around it, or one inside the value put there) or reads exactly what the validating
/// reader's serde derives read from the same document (an optional field left out, a whole number
/// where a float goes). It never reads a scenario that serde would refuse or read differently.
#[test]
fn no_mutation_of_a_shipped_scenario_is_read_differently_or_panics() {
    use serde_json::{Value, json};
    let others = [json!(true), json!(7), json!(-1), json!(2.5), json!("x"), json!([]), json!({}), json!(["x"]), json!({"x": 1})];
    let (mut refused, mut same) = (0, 0);
    for (name, text) in shipped("mutated") {
        let doc: Value = serde_json::from_str(&text).expect("JSON");
        let mut all = Vec::new();
        paths(&doc, &mut Vec::new(), &mut all);
        for path in &all {
            let field = display(path);
            let original = doc.pointer(&path_pointer(path)).expect("the path exists");
            let replacements = std::iter::once(None)
                .chain(std::iter::once(Some(&Value::Null)))
                .chain(others.iter().filter(|x| !same_type(x, original)).map(Some));
            for with in replacements {
                let mutated = mutate(&doc, path, with);
                match shipped::read_value(&mutated) {
                    Err(e) => {
                        let named = e.strip_prefix("field `").and_then(|r| r.split_once('`')).map(|(f, _)| f).unwrap_or_else(|| panic!("{e}"));
                        let related = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}.")) || a.starts_with(&format!("{b}["));
                        assert!(related(&field, named) || related(named, &field), "{name}: {field} set to {with:?}: the message names {named:?}: {e}");
                        refused += 1;
                    }
                    Ok(read) => {
                        let serde: Result<Scenario, _> = serde_json::from_value(mutated.clone());
                        assert_eq!(serde.as_ref().ok(), Some(&read), "{name}: {field} set to {with:?}: read as something the derived reader does not read");
                        same += 1;
                    }
                }
            }
        }
    }
    // Both outcomes happen (about nine refusals to one read, as of 27 scenarios).
    assert!(refused > 5 * same && same > 0, "refused {refused}, read as serde does {same}");
}

fn path_pointer(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => format!("/{i}"),
        })
        .collect()
}

fn same_type(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => x.is_f64() == y.is_f64() && x.is_i64() == y.is_i64(),
        (V::Array(x), V::Array(y)) => x.is_empty() == y.is_empty(),
        (V::Object(x), V::Object(y)) => x.is_empty() == y.is_empty(),
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// The incidents page ignores case with `suggest::fold`, which lowers only ASCII letters: so that
/// the shipped scenarios are found and sorted as Unicode lower case would, their titles, summaries
/// and tags hold no other letter that has a case.
#[test]
fn scenario_words_that_have_a_case_are_ascii() {
    let out = fresh_dir("cased-words");
    write_scenarios(&root().join("static/scenarios"), &out).expect("the shipped scenarios are valid");
    let index: serde_json::Value = serde_json::from_str(&read(&out.join("index.json"))).expect("index.json is JSON");
    for e in index.as_array().expect("an array") {
        let words = format!("{} {} {}", e["title"], e["summary"], e["tags"]);
        assert_eq!(rollback_lab::suggest::fold(&words), words.to_lowercase(), "{}", e["id"]);
    }
}
