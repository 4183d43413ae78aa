//! Data-driven tests of the pack reader: each `tests/fixtures/packs/NAME.toml` is read, and the full
//! list of problems must equal `NAME.expected` (one per line). `BLESS=1 cargo test --test
//! pack_fixtures` rewrites the expected files after a deliberate change; review the diff.
//!
//! Also: every shipped pack reads cleanly, both from TOML and from the JSON form the browser loads.

use std::path::Path;

use rollback_lab::cli::check::{load_packs, read_toml_pack};
use rollback_lab::pack;

#[test]
fn broken_fixtures_report_every_problem() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let name = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(&path).unwrap();
        let problems = read_toml_pack(&name, &text).expect_err("a broken fixture must not read cleanly");
        let actual: String = problems.iter().map(|p| format!("{p}\n")).collect();
        let expected_path = path.with_extension("expected");
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&expected_path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        assert_eq!(actual, expected, "problems of {name} changed (BLESS=1 to accept)");
        checked += 1;
    }
    assert!(checked >= 2, "no fixtures found");
}

#[test]
fn every_shipped_pack_reads_cleanly_in_both_forms() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/packs");
    let files = load_packs(&dir).unwrap();
    assert!(files.len() >= 8, "expected at least 8 packs, found {}", files.len());
    let mut questions = 0;
    for file in files {
        let pack = file.result.unwrap_or_else(|p| panic!("{}: {}", file.path.display(), p[0]));
        // The browser reads the JSON form through the same reader.
        let json = pack::to_json(&pack);
        let again = pack::from_json(&format!("{}.json", pack.id), &json).unwrap_or_else(|p| panic!("{}", p[0]));
        assert_eq!(again, pack, "{} changed on its way through JSON", pack.id);
        // The form the site ships (the instructor build reads it with the same reader) is the pack
        // without the fields only `lab check` reads.
        let shipped = pack::from_json(&format!("{}.json", pack.id), &pack::to_site_json(&pack)).unwrap_or_else(|p| panic!("{}", p[0]));
        let mut expected = pack.clone();
        for q in &mut expected.questions {
            q.waive.clear();
            q.sim_state = None;
        }
        assert_eq!(shipped, expected, "{}: the site's form", pack.id);
        questions += pack.questions.len();
    }
    assert!(questions >= 150, "expected at least 150 questions, found {questions}");
}

#[test]
fn json_import_errors_have_lines_and_never_panic() {
    let err = pack::from_json("upload.json", "{\n  \"id\": \"x\",\n  oops\n}").unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].line, Some(3));
    for junk in ["", "null", "[]", "42", "\"pack\"", "{\"question\": [1, null, {}]}", "{\"id\": 7}"] {
        let problems = pack::from_json("junk.json", junk).unwrap_err();
        assert!(!problems.is_empty(), "{junk:?} was accepted");
    }
}
