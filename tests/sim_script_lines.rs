//! Scripts keep going (issue #11, item 3): an unknown command is a failed action with the console's
//! error line, only a malformed time rejects a script, a time past the scenario's end is reported and
//! not simulated, and `lab check` still rejects a reference script with a command that does not parse.

use rollback_lab::cli::grade::{check_scenarios, grade_script};
use rollback_lab::cli::sim::{load_scenario, parse_actions, run_notes, run_script_noting};
use rollback_lab::incident::{IncidentRun, Mode, Script};

fn root() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("cd to the crate root");
}

#[test]
fn an_unknown_command_is_a_failed_action_and_the_run_goes_on() {
    root();
    let sc = load_scenario("rolling-crashloop").expect("scenario");
    let reference = sc.workflow.as_ref().map(|w| w.reference_script.clone()).expect("workflow");
    let with_typos = format!("10 kubectl rollbak undo deployment/checkout\n20 helmet list\n{reference}");
    let script = Script::parse(&with_typos).expect("only times are checked");
    let run = IncidentRun::replay(&sc, 1, Mode::graded(&sc), &script);
    let first: Vec<(u32, bool)> = run.sim().actions().iter().take(3).map(|a| (a.tick, a.ok)).collect();
    assert_eq!(first, vec![(10, false), (20, false), (60, true)]);
    assert!(run.transcript()[0].text.starts_with("error: unknown command \"rollbak\" for \"kubectl\""), "{:?}", run.transcript()[0]);
    assert!(run.transcript()[1].text.starts_with("helmet: command not found"), "{:?}", run.transcript()[1]);
    // The rest of the response still counts: it passes as the reference does.
    let report = grade_script(&sc, 1, &with_typos, "typos").expect("grades");
    assert!(report.passed, "{}", report.to_text());
    // A malformed time still rejects the script, naming the line.
    let e = grade_script(&sc, 1, "10 kubectl get pods\n1m3x kubectl get pods\n", "bad.txt").unwrap_err();
    assert!(e.starts_with("bad.txt:2: "), "{e}");
}

#[test]
fn a_time_past_the_end_is_reported_and_not_simulated() {
    root();
    let sc = load_scenario("rolling-crashloop").expect("scenario");
    let end = sc.duration.0;
    let reference = sc.workflow.as_ref().map(|w| w.reference_script.clone()).expect("workflow");
    let late = format!("{reference}1000h kubectl rollout undo deployment/checkout\n");
    // `lab grade` grades the same run: the late line changes nothing.
    let report = grade_script(&sc, 1, &late, "late.txt").expect("grades");
    let plain = grade_script(&sc, 1, &reference, "ref.txt").expect("grades");
    assert_eq!(report.score, plain.score, "the late line changes nothing");
    // It returns at once because the clock never goes past the end: count the ticks.
    let run = IncidentRun::replay(&sc, 1, Mode::graded(&sc), &Script::parse(&late).expect("script"));
    assert_eq!(run.sim().tick(), end, "the run stops at the scenario's end ({end} s), not at 1000h");
    assert!(run.sim().actions().iter().all(|a| a.tick < end));
    let notes = run_notes(&run);
    assert_eq!(notes.len(), 1);
    assert!(notes[0].starts_with("not simulated: past the scenario's end at "), "{notes:?}");
    assert!(notes[0].ends_with("1000h kubectl rollout undo deployment/checkout"), "{notes:?}");
    // lab sim reports it too.
    let actions = parse_actions(&late, "late.txt").expect("parses");
    let (sim, _, notes) = run_script_noting(&sc, 1, &actions);
    assert_eq!(sim.tick(), end);
    assert_eq!(notes.len(), 1);
    // lab grade prints the note above the report.
    let file = std::env::temp_dir().join(format!("late-{}.txt", std::process::id()));
    std::fs::write(&file, &late).expect("write");
    let args: Vec<String> = ["rolling-crashloop", "--seed", "1", "--actions", file.to_str().expect("utf-8 path")].iter().map(|s| s.to_string()).collect();
    let text = rollback_lab::cli::grade::run_grade(&args).expect("grades");
    let _ = std::fs::remove_file(&file);
    assert!(text.starts_with("note: ") && text.lines().next().is_some_and(|l| l.contains("not simulated: past the scenario's end")), "{text}");
}

#[test]
fn lab_check_rejects_a_reference_script_that_does_not_parse() {
    root();
    let dir = std::env::temp_dir().join(format!("rollback-lab-strict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = std::fs::read_to_string("static/scenarios/rolling-crashloop.toml").expect("scenario file");
    assert!(check_scenarios_in(&dir, &text).is_ok(), "the shipped scenario passes");
    let broken = text.replacen("kubectl rollout undo deployment/checkout", "kubectl rollout undoo deployment/checkout", 1);
    assert_ne!(broken, text);
    let e = check_scenarios_in(&dir, &broken).unwrap_err();
    assert!(e.contains("workflow.reference_script") && e.contains("unknown command \"undoo\""), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn check_scenarios_in(dir: &std::path::Path, text: &str) -> Result<String, String> {
    std::fs::write(dir.join("rolling-crashloop.toml"), text).expect("write");
    check_scenarios(dir)
}
