//! `lab check`: validates content files and prints every problem, plus statistics.
//!
//! Also the loader the build uses (`lab build-site`), so what the build ships is exactly what
//! `lab check` accepted.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::pack::{Difficulty, Interaction, Kind, Pack, Problem, read_pack, toml_tree};

/// One pack file and what reading it gave.
pub struct PackFile {
    pub path: PathBuf,
    pub result: Result<Pack, Vec<Problem>>,
}

/// The `*.toml` files in `dir`, in file-name order (so output and builds are stable).
pub fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Reads every `*.toml` in `dir`, in file-name order.
pub fn load_packs(dir: &Path) -> Result<Vec<PackFile>, String> {
    let paths = toml_files(dir)?;
    Ok(paths
        .into_iter()
        .map(|path| {
            let name = path.display().to_string();
            let result = match std::fs::read_to_string(&path) {
                Ok(text) => read_toml_pack(&name, &text),
                Err(e) => Err(vec![Problem {
                    file: name,
                    line: None,
                    question: None,
                    field: String::new(),
                    message: format!("cannot read: {e}"),
                }]),
            };
            PackFile { path, result }
        })
        .collect())
}

/// Reads one pack from TOML text.
pub fn read_toml_pack(file: &str, text: &str) -> Result<Pack, Vec<Problem>> {
    let tree = toml_tree::parse(file, text).map_err(|p| vec![p])?;
    read_pack(file, &tree)
}

/// Counts by kind, interaction and difficulty over all packs.
pub fn statistics(packs: &[&Pack]) -> String {
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut interactions: BTreeMap<Interaction, usize> = BTreeMap::new();
    let mut levels: BTreeMap<Difficulty, usize> = BTreeMap::new();
    let mut total = 0;
    for q in packs.iter().flat_map(|p| &p.questions) {
        *kinds.entry(q.kind).or_default() += 1;
        *interactions.entry(q.interaction).or_default() += 1;
        *levels.entry(q.difficulty).or_default() += 1;
        total += 1;
    }
    let list = |items: Vec<(&str, usize)>| items.iter().map(|(n, c)| format!("{n} {c}")).collect::<Vec<_>>().join(", ");
    let mut out = format!("{} packs, {total} questions\n", packs.len());
    let _ = writeln!(out, "  by kind: {}", list(Kind::ALL.iter().map(|k| (k.name(), kinds.get(k).copied().unwrap_or(0))).collect()));
    let _ = writeln!(
        out,
        "  by interaction: {}",
        list(Interaction::ALL.iter().map(|k| (k.name(), interactions.get(k).copied().unwrap_or(0))).collect())
    );
    let _ = writeln!(
        out,
        "  by difficulty: {}",
        list(Difficulty::ALL.iter().map(|k| (k.name(), levels.get(k).copied().unwrap_or(0))).collect())
    );
    out
}

/// `lab check DIR`: every problem of every pack, then the statistics. Err when any problem.
pub fn check_packs(dir: &Path) -> Result<String, String> {
    let files = load_packs(dir)?;
    if files.is_empty() {
        return Err(format!("{}: no *.toml pack files", dir.display()));
    }
    let mut problems = String::new();
    let mut count = 0;
    for file in &files {
        if let Err(list) = &file.result {
            for p in list {
                let _ = writeln!(problems, "{p}");
                count += 1;
            }
        }
    }
    let good: Vec<&Pack> = files.iter().filter_map(|f| f.result.as_ref().ok()).collect();
    let stats = statistics(&good);
    if count > 0 {
        let bad = files.len() - good.len();
        return Err(format!("{problems}{count} problem(s) in {bad} of {} pack file(s)\n{stats}", files.len()));
    }
    Ok(stats)
}

/// Reads and checks every concept topic in `dir` (`*.toml`) against the pack ids that exist.
/// Returns the topics that are clean, and every problem.
pub fn load_concepts(dir: &Path, pack_ids: &[&str]) -> Result<(Vec<crate::concept::Topic>, Vec<String>), String> {
    let paths = toml_files(dir)?;
    let mut topics = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        match toml::from_str::<crate::concept::Topic>(&text) {
            Ok(topic) => {
                let found = topic.problems(&name, pack_ids);
                if found.is_empty() {
                    topics.push(topic);
                }
                problems.extend(found);
            }
            Err(e) => {
                let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                let at = line.map(|l| format!(":{l}")).unwrap_or_default();
                problems.push(format!("{name}{at}: {}", e.message().trim_end()));
            }
        }
    }
    Ok((topics, problems))
}

/// `lab check` for concept cards: every problem, or a one-line summary.
pub fn check_concepts(dir: &Path, pack_ids: &[&str]) -> Result<String, String> {
    let (topics, problems) = load_concepts(dir, pack_ids)?;
    if !problems.is_empty() {
        return Err(format!("{}\n{} problem(s) in concept cards\n", problems.join("\n"), problems.len()));
    }
    let cards: usize = topics.iter().map(|t| t.cards.len()).sum();
    let missing: Vec<&str> = pack_ids.iter().copied().filter(|id| !topics.iter().any(|t| t.id == *id)).collect();
    let note = if missing.is_empty() { String::new() } else { format!(" (no cards yet for: {})", missing.join(", ")) };
    Ok(format!("concepts: {} topics, {cards} cards{note}\n", topics.len()))
}

/// Text as a learner reads it in an option: inline-code backticks dropped, spaces collapsed.
fn plain(text: &str) -> String {
    text.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs every command-output question that names a simulator state (`sim_state = "SCENARIO@SECONDS"`)
/// against the simulator: the scenario is run with seed 1 to that second, the question's `code` is
/// typed into the console, and the output must be exactly the correct option (and no wrong option).
/// So the packs' quoted outputs are checked by the code that learners meet in incidents.
pub fn check_sim_questions(packs: &[&Pack], scenario_dir: &Path) -> Result<String, String> {
    let mut problems = Vec::new();
    let mut checked = 0;
    for pack in packs {
        for q in pack.questions.iter().filter(|q| q.sim_state.is_some()) {
            let at = |m: String| format!("{}: question `{}`, field `sim_state`: {m}", pack.id, q.id);
            let state = q.sim_state.as_deref().unwrap_or_default();
            let Some((scenario_id, seconds)) = state.split_once('@') else {
                problems.push(at(format!("`{state}` should be SCENARIO@SECONDS, e.g. `rolling-crashloop@60`")));
                continue;
            };
            let Ok(tick) = seconds.parse::<u32>() else {
                problems.push(at(format!("`{seconds}` is not a whole number of seconds")));
                continue;
            };
            let path = scenario_dir.join(format!("{scenario_id}.toml"));
            let scenario = match super::sim::load_scenario(&path.display().to_string()) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(at(format!("no such scenario ({e})")));
                    continue;
                }
            };
            let Some(code) = q.code.as_deref().map(str::trim).filter(|c| !c.is_empty() && !c.contains('\n')) else {
                problems.push(at("the question's `code` must be the one console command to run".into()));
                continue;
            };
            let mut sim = crate::sim::Sim::new(&scenario, 1);
            sim.run_until(tick);
            let output = plain(&sim.exec(code).text);
            for o in &q.options {
                let same = plain(&o.text) == output;
                if o.correct && !same {
                    problems.push(at(format!("the simulator prints `{output}` but the correct option says `{}`", plain(&o.text))));
                } else if !o.correct && same {
                    problems.push(at(format!("the wrong option `{}` is exactly what the simulator prints", plain(&o.text))));
                }
            }
            checked += 1;
        }
    }
    if problems.is_empty() {
        Ok(format!("simulator-backed questions: {checked} checked against the simulator\n"))
    } else {
        Err(format!("{}\n", problems.join("\n")))
    }
}
