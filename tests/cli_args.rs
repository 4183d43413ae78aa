//! The `lab` binary's command line, run as a user runs it: mistakes exit 2 naming the mistake and
//! pointing to `--help`, every subcommand has its own help, completions print, and output keeps
//! one problem per line.

use std::process::{Command, Output};

fn lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lab"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run lab")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Asserts that `args` is refused as a command-line mistake: exit code 2, `named` in the message,
/// and a pointer to `--help`.
fn refused(args: &[&str], named: &str) {
    let o = lab(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "lab {args:?} should exit 2\n{err}");
    assert!(err.contains(named), "lab {args:?}: the message should name {named:?}\n{err}");
    assert!(err.contains("--help"), "lab {args:?}: the message should point to --help\n{err}");
    assert!(o.stdout.is_empty(), "lab {args:?} printed on stdout: {}", stdout(&o));
}

#[test]
fn unknown_flags_are_errors_that_name_the_flag() {
    refused(&["grade", "x", "--seed", "1", "--sed", "2"], "--sed");
    refused(&["grade", "rolling-crashloop", "--actions", "a.txt", "--jsn"], "--jsn");
    refused(&["check", "--typo", "static/packs"], "--typo");
    refused(&["report", "--chekc"], "--chekc");
    refused(&["frobnicate"], "frobnicate");
}

#[test]
fn bad_numbers_and_missing_values_are_errors() {
    refused(&["console", "rolling-crashloop", "--seed", "abc"], "abc");
    refused(&["console", "rolling-crashloop", "--seed"], "--seed");
    refused(&["sim", "rolling-crashloop", "--seed", "-1"], "-1");
    refused(&["grade", "rolling-crashloop", "--seed", "1"], "--actions");
    refused(&["nginx-conf", "--root", "dist"], "--prefix");
    refused(&["nginx-conf", "--root", "dist", "--prefix", "p", "--port", "70000"], "70000");
    refused(&["report", "--loads", "0"], "0");
    refused(&["bench", "--runs", "many"], "many");
    refused(&["fuzz-console"], "<N>");
    refused(&["completions", "tcsh"], "tcsh");
}

#[test]
fn no_arguments_prints_the_help_and_exits_2() {
    let o = lab(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Usage: lab <COMMAND>"), "{}", stderr(&o));
}

#[test]
fn every_subcommand_has_its_own_help() {
    let top = lab(&["--help"]);
    assert!(top.status.success());
    let commands = [
        "check", "export-pack", "build-site", "nginx-conf", "report", "sim", "console", "grade",
        "bench", "fuzz-console", "fuzz-codes", "completions", "scorm", "import-pack",
    ];
    for command in commands {
        assert!(stdout(&top).contains(&format!("  {command} ")), "lab --help does not list {command}");
        let o = lab(&[command, "--help"]);
        assert!(o.status.success(), "lab {command} --help failed: {}", stderr(&o));
        assert!(stdout(&o).contains(&format!("Usage: lab {command}")), "lab {command} --help:\n{}", stdout(&o));
    }
    let version = lab(&["--version"]);
    assert_eq!(stdout(&version).trim(), format!("lab {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn scorm_refuses_a_practice_package_a_missing_out_and_a_mastery_over_100() {
    for args in [
        &["scorm", "canary", "--mode", "practice", "--out", "x.zip"][..],
        &["scorm", "canary"][..],
        &["scorm", "canary", "--mastery", "101", "--out", "x.zip"][..],
    ] {
        let o = lab(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("--help"), "{args:?}: {}", stderr(&o));
    }
    // A site without the pack is a problem (exit 1) that names the pack.
    let o = lab(&["scorm", "canary", "--site", "tests/fixtures/no-such-site", "--out", "target/x.zip"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("canary"), "{}", stderr(&o));
}

#[test]
fn completions_print_for_each_shell() {
    for (shell, marker) in [("bash", "complete -F"), ("zsh", "#compdef lab"), ("fish", "complete -c lab")] {
        let o = lab(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        assert!(script.contains(marker), "{shell} completion lacks {marker:?}");
        assert!(script.contains("fuzz-console") && script.contains("throttled-loads"), "{shell}: incomplete");
    }
}

#[test]
fn validated_values_reach_the_command() {
    // A real run: the seed given is the seed used (the text report names it).
    let o = lab(&["sim", "rolling-crashloop", "--seed", "7"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("scenario rolling-crashloop seed 7\n"), "{}", stdout(&o));
}

#[test]
fn a_missing_pack_folder_is_one_problem_on_its_own_line() {
    let o = lab(&["check", "target/no-such-pack-folder"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let first = err.lines().next().unwrap_or_default();
    assert!(first.starts_with("target/no-such-pack-folder: "), "{err}");
    // The next section (concept cards, scenarios) starts on a line of its own.
    assert!(err.lines().count() > 1, "{err}");
    for line in err.lines() {
        assert!(line.matches("static/").count() <= 1, "two problems on one line: {line}");
        assert!(!line.contains("(os error 2)") || line.ends_with("(os error 2)"), "two problems on one line: {line}");
    }
}
