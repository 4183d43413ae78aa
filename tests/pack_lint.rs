//! Data-driven tests of the pack linter. Each `tests/fixtures/lint/NAME.toml` is one pack, and each
//! `tests/fixtures/lint/NAME/` a directory of packs linted together (near-duplicates cross packs);
//! the findings, one per line as `lab check` prints them, must equal `NAME.expected`. `BLESS=1 cargo
//! test --test pack_lint` rewrites the expected files after a deliberate change; review the diff.
//!
//! Every fixture pack gets `base-questions.toml.in` (a directory's second pack
//! `base-questions-2.toml.in`) appended: ten lint-clean pools of ordering
//! questions that its Test and Challenge can name, so a fixture holds only the questions its rule
//! needs. A fixture pack must read cleanly: the linter only sees packs the reader accepted.

use std::path::{Path, PathBuf};

use rollback_lab::cli::check::{lint_packs, load_packs, read_toml_pack};
use rollback_lab::pack::Pack;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint")
}

/// Reads a fixture pack with the shared base questions appended: the second pack of a directory
/// gets the same base in other words, so the two bases are not near-duplicates of each other.
fn read_fixture(path: &Path, nth: usize) -> (String, Pack) {
    let base_file = if nth == 0 { "base-questions.toml.in" } else { "base-questions-2.toml.in" };
    let base = std::fs::read_to_string(fixtures().join(base_file)).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let rel = path.strip_prefix(fixtures()).unwrap().display().to_string();
    let name = format!("fixtures/lint/{rel}");
    let pack = read_toml_pack(&name, &format!("{text}\n{base}"))
        .unwrap_or_else(|p| panic!("{name} must read cleanly:\n{}", p.iter().map(|p| format!("{p}\n")).collect::<String>()));
    (name, pack)
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn lint_fixtures_give_their_exact_findings() {
    let mut cases: Vec<(PathBuf, Vec<PathBuf>)> = toml_files(&fixtures()).into_iter().map(|p| (p.clone(), vec![p])).collect();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            cases.push((path.clone(), toml_files(&path)));
        }
    }
    cases.sort();
    assert!(cases.len() >= 9, "expected a fixture per rule, found {}", cases.len());
    let mut failed = Vec::new();
    for (case, files) in cases {
        let packs: Vec<(String, Pack)> = files.iter().enumerate().map(|(i, f)| read_fixture(f, i)).collect();
        let refs: Vec<(&str, &Pack)> = packs.iter().map(|(n, p)| (n.as_str(), p)).collect();
        let actual: String = lint_packs(&refs).into_iter().map(|(_, line)| format!("{line}\n")).collect();
        let expected_path = case.with_extension("expected");
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&expected_path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failed.push(format!("{}:\n--- expected\n{expected}--- actual\n{actual}", case.display()));
        }
    }
    assert!(failed.is_empty(), "findings changed (BLESS=1 to accept):\n{}", failed.join("\n"));
}

#[test]
fn linting_the_shipped_packs_never_panics_and_is_stable() {
    let files = load_packs(&Path::new(env!("CARGO_MANIFEST_DIR")).join("static/packs")).unwrap();
    let packs: Vec<(String, &Pack)> =
        files.iter().filter_map(|f| f.result.as_ref().ok().map(|p| (f.path.display().to_string(), p))).collect();
    let refs: Vec<(&str, &Pack)> = packs.iter().map(|(n, p)| (n.as_str(), *p)).collect();
    let first: Vec<String> = lint_packs(&refs).into_iter().map(|(_, l)| l).collect();
    let again: Vec<String> = lint_packs(&refs).into_iter().map(|(_, l)| l).collect();
    assert_eq!(first, again);
    // Every finding names its pack's file and a rule.
    for line in &first {
        assert!(line.contains("static/packs/") && line.contains(": [") && line.contains("] "), "{line}");
    }
}

#[test]
fn lab_check_fails_on_a_finding_and_prints_it_with_the_give_away_numbers() {
    let dir = std::env::temp_dir().join(format!("rollback-lab-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let base = std::fs::read_to_string(fixtures().join("base-questions.toml.in")).unwrap();
    let text = std::fs::read_to_string(fixtures().join("longest-option.toml")).unwrap();
    std::fs::write(dir.join("longest-option.toml"), format!("{text}\n{base}")).unwrap();
    let out = rollback_lab::cli::check::check_packs(&dir).expect_err("a finding fails `lab check`");
    let file = dir.join("longest-option.toml").display().to_string();
    assert!(out.contains(&format!("{file}: field `question`: [longest-option] ")), "{out}");
    assert!(out.contains("1 lint finding(s) in 1 pack(s)"), "{out}");
    assert!(out.contains("longest-option: longest 2/4 single-choice (50%); select-all none; 10 pools, smallest 3"), "{out}");
    assert!(out.contains("always picking the longest option scores 75% on them"), "{out}");
    assert!(out.contains("lint findings: 1 (longest-option 1)"), "{out}");

    // Waived, the same pack passes.
    let waived = text.replace("id = \"lo-one\"", "id = \"lo-one\"\nwaive = { longest-option = \"The right option is a fixture.\" }");
    std::fs::write(dir.join("longest-option.toml"), format!("{waived}\n{base}")).unwrap();
    let out = rollback_lab::cli::check::check_packs(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.contains("waivers: 1 (longest-option 1)"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
