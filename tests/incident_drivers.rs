//! One script, three drivers, one report: `lab grade` (the CLI function), the grader on a replayed
//! run, and the browser's path (an `IncidentRun` stepped one second at a time, the lines typed at
//! their second, then "I'm done"), plus the replay code the browser makes of that run. All four
//! must give the same report, byte for byte.

use std::path::Path;

use rollback_lab::cli::grade::run_grade;
use rollback_lab::cli::sim::load_scenario;
use rollback_lab::grade::{GradeReport, grade};
use rollback_lab::incident::{Action, IncidentRun, Mode, Script};
use rollback_lab::session::replay_code::Replay;

fn json(report: &GradeReport) -> String {
    serde_json::to_string_pretty(report).expect("report serialises") + "\n"
}

fn seed_of(text: &str) -> u64 {
    text.lines().find_map(|l| l.strip_prefix("# seed:")).and_then(|s| s.trim().parse().ok()).unwrap_or(1)
}

#[test]
fn lab_grade_the_grader_and_the_browser_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).expect("cd to the crate root");
    let mut checked = 0;
    for (id, kind) in [("rolling-crashloop", "pass"), ("rolling-crashloop", "harm"), ("canary-abort-errors", "pass"), ("crosslayer-release", "harm"), ("model-alias-reload", "pass")] {
        let path = root.join(format!("tests/golden/grade/{id}.{kind}.actions"));
        let text = std::fs::read_to_string(&path).expect("golden script");
        let seed = seed_of(&text);
        let sc = load_scenario(id).expect("scenario");
        let script = Script::parse(&text).expect("script");

        // 1. `lab grade SCENARIO --seed N --actions FILE --json`.
        let args: Vec<String> = [id, "--seed", &seed.to_string(), "--actions", &path.display().to_string(), "--json"].iter().map(|s| s.to_string()).collect();
        let cli = run_grade(&args).expect("lab grade");

        // 2. The grader on the script replayed by the one runner.
        let graded = json(&grade(&sc, IncidentRun::replay(&sc, seed, Mode::graded(&sc), &script).sim()));

        // 3. The browser: the clock steps, lines are typed at their second, then "I'm done".
        let mut run = IncidentRun::new(&sc, seed, Mode::graded(&sc));
        for a in &script.actions {
            while run.sim().tick() < a.at && !run.is_finished() {
                run.reduce(Action::Step);
            }
            run.reduce(Action::Exec(a.command.clone()));
        }
        run.reduce(Action::Finish);
        let browser = json(&grade(&sc, run.sim()));

        // 4. The browser's replay link of that run.
        let code = Replay::encode(run.sim().seed(), &run.script());
        let replay = Replay::decode_for(&code, &sc).expect("replay code");
        let replayed = json(&grade(&sc, IncidentRun::replay(&sc, replay.seed, Mode::graded(&sc), &replay.script).sim()));

        assert_eq!(cli, graded, "{id}.{kind}: lab grade vs the grader");
        assert_eq!(cli, browser, "{id}.{kind}: lab grade vs the browser's run");
        assert_eq!(cli, replayed, "{id}.{kind}: lab grade vs the replay link");
        let golden = std::fs::read_to_string(root.join(format!("tests/golden/grade/{id}.{kind}.json"))).expect("golden report");
        assert_eq!(cli, golden, "{id}.{kind}: the golden report");
        checked += 1;
    }
    assert_eq!(checked, 5);
}
