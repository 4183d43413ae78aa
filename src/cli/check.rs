//! `lab check`: validates content files and prints every problem, plus statistics; lints the packs
//! that read cleanly ([`crate::pack::lint`]) and prints every finding and the give-away numbers.
//!
//! Also the loader the build uses (`lab build-site`), so what the build ships is exactly what
//! `lab check` accepted.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::pack::lint::{self, Finding, Rule};
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

/// Lints packs that read cleanly, each given with its file as the author knows it, and returns the
/// findings with their printed lines (`FILE: question `ID`, field `F`: [rule] message`).
pub fn lint_packs(packs: &[(&str, &Pack)]) -> Vec<(Finding, String)> {
    let only: Vec<&Pack> = packs.iter().map(|(_, p)| *p).collect();
    let file_of: BTreeMap<&str, &str> = packs.iter().map(|(f, p)| (p.id.as_str(), *f)).collect();
    lint::lint(&only)
        .into_iter()
        .map(|f| {
            let line = f.problem(file_of.get(f.pack.as_str()).copied().unwrap_or(&f.pack)).to_string();
            (f, line)
        })
        .collect()
}

/// The give-away statistics: per pack, the longest-option share, the select-all right-option
/// counts and the pools; over the bank, the longest-option share (also by kind) and what "always
/// pick the longest option" scores; the waivers in use; the findings by rule.
pub fn give_away_statistics(packs: &[&Pack], findings: &[Finding]) -> String {
    let mut out = String::from("  give-aways per pack (right option clearly the longest; select-all right options; pools):\n");
    for pack in packs {
        let s = lint::pack_stats(pack);
        let rights = if s.select_all_rights.is_empty() {
            "none".to_owned()
        } else {
            s.select_all_rights.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        };
        let pools = match s.smallest_pool {
            Some(min) => format!("{} pools, smallest {min}", s.pools),
            None => "no pools".to_owned(),
        };
        let _ = writeln!(
            out,
            "    {}: longest {}/{} single-choice ({}%); select-all {rights}; {pools}",
            pack.id,
            s.clearly_longest,
            s.singles,
            percent(s.clearly_longest as f64, s.singles)
        );
    }
    let g = lint::give_aways(packs);
    let _ = writeln!(
        out,
        "  give-aways over the bank: the right option is clearly the longest in {} of {} single-choice questions ({}%); always picking the longest option scores {}% on them",
        g.clearly_longest,
        g.singles,
        percent(g.clearly_longest as f64, g.singles),
        percent(g.longest_strategy, g.singles)
    );
    let mut by_kind: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    for q in packs.iter().flat_map(|p| &p.questions).filter(|q| q.interaction == Interaction::Single) {
        let entry = by_kind.entry(q.kind).or_default();
        entry.0 += usize::from(lint::right_is_clearly_longest(q));
        entry.1 += 1;
    }
    let kinds: Vec<String> = by_kind.iter().map(|(k, (l, n))| format!("{} {l}/{n}", k.name())).collect();
    let _ = writeln!(out, "  clearly longest right option by kind: {}", kinds.join(", "));
    let mut waivers: BTreeMap<&str, usize> = BTreeMap::new();
    for q in packs.iter().flat_map(|p| &p.questions) {
        for rule in q.waive.keys() {
            *waivers.entry(rule.as_str()).or_default() += 1;
        }
    }
    let total: usize = waivers.values().sum();
    let listed: Vec<String> = waivers.iter().map(|(r, n)| format!("{r} {n}")).collect();
    let _ = writeln!(out, "  waivers: {total}{}", if total > 0 { format!(" ({})", listed.join(", ")) } else { String::new() });
    let by_rule: Vec<String> = Rule::ALL
        .iter()
        .map(|r| (r, findings.iter().filter(|f| f.rule == *r).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(r, n)| format!("{} {n}", r.name()))
        .collect();
    let _ = writeln!(out, "  lint findings: {}{}", findings.len(), if by_rule.is_empty() { String::new() } else { format!(" ({})", by_rule.join(", ")) });
    out
}

/// Rounded percentage of `part` in `whole` (0 when `whole` is 0).
fn percent(part: f64, whole: usize) -> u32 {
    if whole == 0 { 0 } else { (part * 100.0 / whole as f64).round() as u32 }
}

/// `lab check DIR`: every problem of every pack, every lint finding of the packs that read cleanly,
/// then the statistics. Err when any problem or finding.
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
    let names: Vec<(String, &Pack)> =
        files.iter().filter_map(|f| f.result.as_ref().ok().map(|p| (f.path.display().to_string(), p))).collect();
    let good: Vec<&Pack> = names.iter().map(|(_, p)| *p).collect();
    let linted = lint_packs(&names.iter().map(|(f, p)| (f.as_str(), *p)).collect::<Vec<_>>());
    let mut findings = Vec::with_capacity(linted.len());
    for (finding, line) in linted {
        let _ = writeln!(problems, "{line}");
        findings.push(finding);
    }
    let stats = format!("{}{}", statistics(&good), give_away_statistics(&good, &findings));
    let mut summary = Vec::new();
    if count > 0 {
        summary.push(format!("{count} problem(s) in {} of {} pack file(s)", files.len() - good.len(), files.len()));
    }
    if !findings.is_empty() {
        summary.push(format!("{} lint finding(s) in {} pack(s)", findings.len(), findings.iter().map(|f| &f.pack).collect::<std::collections::BTreeSet<_>>().len()));
    }
    if summary.is_empty() {
        return Ok(stats);
    }
    Err(format!("{problems}{}\n{stats}", summary.join("; ")))
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
