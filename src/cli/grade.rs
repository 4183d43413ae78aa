//! `lab grade` and the scenario half of `lab check`.
//!
//! Architecture invariant: the IO (reading scenario files and action scripts) happens here; the
//! grading itself is `crate::grade::grade`, a pure function.

use std::path::Path;

use super::args::flag_value;
use super::sim::load_scenario;
use crate::grade::{GradeReport, grade};
use crate::incident::{IncidentRun, Mode, Script};
use crate::sim::Scenario;

/// Usage, for `lab --help`.
pub const USAGE: &str = "\
  grade SCENARIO --seed N --actions FILE [--json]
                     run a scenario with an action script and grade the recovery against its
                     reference workflow (score, sub-scores, findings, reference beside your actions)
";


/// Replays the script on a graded run of `scenario` (the browser's rules: [`IncidentRun`]) and
/// grades it.
pub fn grade_script(scenario: &Scenario, seed: u64, script: &str, file: &str) -> Result<GradeReport, String> {
    grade_script_noting(scenario, seed, script, file).map(|(report, _)| report)
}

/// [`grade_script`], plus the run's notes (script lines past the scenario's end, not simulated).
pub fn grade_script_noting(scenario: &Scenario, seed: u64, script: &str, file: &str) -> Result<(GradeReport, Vec<String>), String> {
    let script = Script::parse(script).map_err(|e| e.in_file(file))?;
    let run = IncidentRun::replay(scenario, seed, Mode::graded(scenario), &script);
    Ok((grade(scenario, run.sim()), super::sim::run_notes(&run)))
}

/// `lab grade SCENARIO --seed N --actions FILE [--json]`.
pub fn run_grade(args: &[String]) -> Result<String, String> {
    let usage = "usage: lab grade SCENARIO --seed N --actions FILE [--json]";
    let Some(name) = args.first().filter(|a| !a.starts_with('-')) else {
        return Err(usage.to_string());
    };
    let scenario = load_scenario(name)?;
    if scenario.workflow.is_none() {
        return Err(format!("grade: scenario {:?} has no [workflow] section (Sandbox scenarios are not graded)", scenario.id));
    }
    let seed = match flag_value(args, "--seed") {
        Some(s) => s.parse::<u64>().map_err(|_| format!("grade: --seed must be a whole number, got {s:?}"))?,
        None => 1,
    };
    let file = flag_value(args, "--actions").ok_or_else(|| format!("grade: --actions FILE is required\n{usage}"))?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let (report, notes) = grade_script_noting(&scenario, seed, &text, file)?;
    if args.iter().any(|a| a == "--json") {
        serde_json::to_string_pretty(&report).map(|s| s + "\n").map_err(|e| format!("grade: {e}"))
    } else {
        // Lines the run did not simulate come first, so a typo in a time is not missed.
        let mut out: String = notes.iter().map(|n| format!("note: {file}: {n}\n")).collect();
        out.push_str(&report.to_text());
        Ok(out)
    }
}

/// Validates every `*.toml` scenario under `dir` and replays each graded scenario's reference
/// script, which must pass. Every error names the file and the field; `Ok` summarises.
pub fn check_scenarios(dir: &Path) -> Result<String, String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut errors = Vec::new();
    let mut graded = 0;
    let mut sandbox = 0;
    let mut ids = Vec::new();
    for path in &paths {
        let file = path.display().to_string();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{file}: {e}"));
                continue;
            }
        };
        let sc = match Scenario::from_toml(&text) {
            Ok(s) => s,
            Err(e) => {
                for line in e.lines().filter(|l| !l.trim().is_empty()) {
                    errors.push(format!("{file}: {line}"));
                }
                continue;
            }
        };
        if sc.id != stem {
            errors.push(format!("{file}: id: {:?} must equal the file name {stem:?}", sc.id));
        }
        if ids.contains(&sc.id) {
            errors.push(format!("{file}: id: {:?} is used by another scenario", sc.id));
        }
        ids.push(sc.id.clone());
        let Some(wf) = sc.workflow.as_ref() else {
            if stem.starts_with("sandbox-") {
                sandbox += 1;
            } else {
                errors.push(format!("{file}: workflow: a graded scenario needs a [workflow] section (only sandbox-* files may omit it)"));
            }
            continue;
        };
        graded += 1;
        if sc.briefing.trim().is_empty() {
            errors.push(format!("{file}: briefing: must not be empty"));
        }
        if sc.difficulty.is_none() {
            errors.push(format!("{file}: difficulty: set easy, medium, hard or expert"));
        }
        if sc.time_limit.is_none() {
            errors.push(format!("{file}: time_limit: a graded scenario needs the learner's time limit"));
        }
        let script = match Script::parse_strict(&wf.reference_script).map_err(|e| e.in_file(&format!("{file}: workflow.reference_script"))) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if script.actions.iter().any(|a| a.at > sc.time_limit_secs()) {
            errors.push(format!("{file}: workflow.reference_script: an action comes after the time limit"));
        }
        let run = IncidentRun::replay(&sc, wf.reference_seed, Mode::graded(&sc), &script);
        let report = grade(&sc, run.sim());
        if !report.passed {
            errors.push(format!(
                "{file}: workflow.reference_script: the reference does not pass (score {}, findings: {})",
                report.score,
                report.finding_ids().join(", ")
            ));
        } else if !report.findings.is_empty() {
            errors.push(format!("{file}: workflow.reference_script: the reference has findings: {}", report.finding_ids().join(", ")));
        }
    }
    if errors.is_empty() {
        Ok(format!("scenarios: {} files ok ({graded} graded, reference scripts pass; {sandbox} sandbox)\n", paths.len()))
    } else {
        Err(errors.join("\n") + "\n")
    }
}

/// One line of `index.json`: what the scenario list shows before a scenario is fetched.
#[derive(serde::Serialize)]
struct IndexEntry<'a> {
    id: &'a str,
    title: &'a str,
    /// One line for the list (may be empty).
    summary: &'a str,
    strategy: &'static str,
    /// What the scenario exercises (`Scenario::tags`): the list's tags and filter chips.
    tags: Vec<&'static str>,
    difficulty: Option<crate::pack::Difficulty>,
    /// No `[workflow]`: a practice cluster, never graded.
    sandbox: bool,
}

/// Writes every `*.toml` scenario under `source` as JSON for the browser (which carries only a JSON
/// reader): `out/<id>.json`, read back by [`Scenario::from_json`], and `out/index.json`, the list
/// `[{id, title, summary, strategy, tags, difficulty, sandbox}]` sorted by id.
///
/// The files go through [`check_scenarios`] first (the same loading and validation, reference
/// scripts replayed): if any is invalid nothing is written and the error lists every problem.
/// `Ok` says what was written. `out` is created if missing; other files in it are left alone.
pub fn write_scenarios(source: &Path, out: &Path) -> Result<String, String> {
    check_scenarios(source)?;
    let mut paths: Vec<_> = std::fs::read_dir(source)
        .map_err(|e| format!("{}: {e}", source.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut scenarios = Vec::with_capacity(paths.len());
    for path in &paths {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        scenarios.push(Scenario::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    scenarios.sort_by(|a, b| a.id.cmp(&b.id));
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let write = |name: String, json: Result<String, serde_json::Error>| -> Result<(), String> {
        let path = out.join(name);
        let json = json.map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))
    };
    for sc in &scenarios {
        write(format!("{}.json", sc.id), serde_json::to_string(sc))?;
    }
    let index: Vec<IndexEntry> = scenarios
        .iter()
        .map(|sc| IndexEntry {
            id: &sc.id,
            title: &sc.title,
            summary: &sc.summary,
            strategy: sc.app.strategy.as_str(),
            tags: sc.tags(),
            difficulty: sc.difficulty,
            sandbox: sc.workflow.is_none(),
        })
        .collect();
    write("index.json".to_string(), serde_json::to_string(&index))?;
    Ok(format!("scenarios: wrote {} JSON files and index.json to {}\n", scenarios.len(), out.display()))
}
