//! The grader's rules as properties, checked over every graded scenario with generated variants of
//! its reference response (the reference script, replayed with the scenario's reference seed).
//!
//! A learner trusts the verdict and an instructor grades with it, so each rule below is one a
//! test-wise learner would try to break: look less, act blind, act late, do harm, spell a command
//! another way, dry-run instead of acting, or do nothing at all.
//!
//! Generated cases are few per property (each grade simulates the learner's run, the do-nothing
//! baseline and the reference, in a debug build); `PROPTEST_CASES=N` runs more.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use rollback_lab::cli::sim::load_scenario;
use rollback_lab::grade::grader::{CRITICAL_CAP, LOOK_ALLOWANCE};
use rollback_lab::grade::report::FindingKind;
use rollback_lab::grade::{Comparisons, GradeReport, grade, grade_with};
use rollback_lab::incident::{IncidentRun, Mode, Script, ScriptAction};
use rollback_lab::grade::procedure::{CompiledWorkflow, GradedAction};
use rollback_lab::sim::workflow::{After, Severity, Workflow, command_tree};
use rollback_lab::sim::{Scenario, parse};

/// One graded scenario with its reference response and that response's report.
struct Case {
    id: String,
    scenario: Scenario,
    seed: u64,
    reference: Script,
    report: GradeReport,
}

fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        std::env::set_current_dir(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("cd to the crate root");
        let mut ids: Vec<String> = std::fs::read_dir("static/scenarios")
            .expect("scenario dir")
            .flatten()
            .filter_map(|e| e.path().file_stem().and_then(|s| s.to_str()).map(str::to_string))
            .collect();
        ids.sort();
        ids.into_iter()
            .filter_map(|id| {
                let scenario = load_scenario(&id).expect("scenario loads");
                let wf = scenario.workflow.as_ref()?;
                let reference = Script::parse(&wf.reference_script).expect("reference script parses");
                let seed = wf.reference_seed;
                let report = run(&scenario, seed, &reference);
                assert!(report.passed, "{id}: the reference response must pass, got {}", report.score);
                Some(Case { id, scenario, seed, reference, report })
            })
            .collect()
    })
}

fn run(scenario: &Scenario, seed: u64, script: &Script) -> GradeReport {
    let r = IncidentRun::replay(scenario, seed, Mode::graded(scenario), script);
    grade(scenario, r.sim())
}

/// A script from timed lines, kept in time order (stable: lines at the same tick keep their order).
fn script(mut lines: Vec<(u32, String)>) -> Script {
    lines.sort_by_key(|(t, _)| *t);
    Script { actions: lines.into_iter().map(|(at, command)| ScriptAction { line: 0, at, command }).collect() }
}

fn lines(s: &Script) -> Vec<(u32, String)> {
    s.actions.iter().map(|a| (a.at, a.command.clone())).collect()
}

fn is_look(line: &str) -> bool {
    parse(line).is_ok_and(|c| c.is_look())
}

/// Looks every scenario accepts (some fail on a scenario without that part: still harmless).
const LOOKS: [&str; 6] = ["alerts", "metrics", "kubectl get pods", "kubectl get events", "traffic show", "kubectl get all"];

/// The rules every report must keep, whatever the response: score and verdict agree, and one
/// action counts for at most one step. `Err` says which was broken.
fn verdict_agrees(case: &Case, r: &GradeReport, what: &str) -> Result<(), String> {
    let critical = r.findings.iter().any(|f| f.kind == FindingKind::Harmful && f.severity == Severity::Critical.as_str());
    if critical && (r.passed || r.score > CRITICAL_CAP.min(r.pass_score.saturating_sub(1))) {
        return Err(format!("{}: {what}: a critical harm must fail the run and cap the score, got {} (passed: {})", case.id, r.score, r.passed));
    }
    if r.passed && r.score < r.pass_score {
        return Err(format!("{}: {what}: passed with {} under the pass mark {}", case.id, r.score, r.pass_score));
    }
    let mut done: Vec<(u32, &str)> = r.reference.iter().filter_map(|s| Some((s.done_at_s?, s.by.as_deref()?))).collect();
    let n = done.len();
    done.sort();
    done.dedup();
    if done.len() != n {
        return Err(format!("{}: {what}: one action counted for two steps: {:?}", case.id, r.reference));
    }
    Ok(())
}

/// Fails with every broken rule at once (one line each).
fn report(bad: Vec<String>) {
    assert!(bad.is_empty(), "{} broken:\n{}", bad.len(), bad.join("\n"));
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    /// Adding a harmless look anywhere never lowers the score by more than `LOOK_ALLOWANCE`, and
    /// never turns a pass into a fail.
    #[test]
    fn a_look_never_costs(ci in any::<prop::sample::Index>(), look in 0..LOOKS.len(), at in 0u32..1800) {
        let case = &cases()[ci.index(cases().len())];
        let limit = case.scenario.time_limit_secs();
        let mut l = lines(&case.reference);
        l.push((at % limit.max(1), LOOKS[look].to_string()));
        let r = run(&case.scenario, case.seed, &script(l));
        if let Err(e) = verdict_agrees(case, &r, "look added") { prop_assert!(false, "{}", e); }
        prop_assert!(r.score + LOOK_ALLOWANCE >= case.report.score, "{}: adding `{}` at {at}s lowered {} to {}", case.id, LOOKS[look], case.report.score, r.score);
        prop_assert!(r.passed, "{}: adding `{}` at {at}s failed the run", case.id, LOOKS[look]);
    }

    /// Delaying any part of the response (every action from one on) never raises the score.
    #[test]
    fn delay_never_pays(ci in any::<prop::sample::Index>(), from in any::<prop::sample::Index>(), delay in 1u32..900) {
        let case = &cases()[ci.index(cases().len())];
        let mut l = lines(&case.reference);
        let k = from.index(l.len().max(1));
        for (t, _) in l.iter_mut().skip(k) {
            *t += delay;
        }
        let r = run(&case.scenario, case.seed, &script(l));
        if let Err(e) = verdict_agrees(case, &r, "delayed") { prop_assert!(false, "{}", e); }
        prop_assert!(r.score <= case.report.score, "{}: delaying actions from #{k} by {delay}s raised {} to {}", case.id, case.report.score, r.score);
    }

    /// Adding a move from the scenario's harmful list never raises the score; a critical one fails
    /// the run and caps the score well under the pass mark.
    #[test]
    fn harm_never_pays(ci in any::<prop::sample::Index>(), hi in any::<prop::sample::Index>(), pos in any::<prop::sample::Index>()) {
        let case = &cases()[ci.index(cases().len())];
        let wf = case.scenario.workflow.as_ref().expect("graded");
        let examples: Vec<&str> = wf.harmful.iter().flat_map(|h| h.matchers.iter().map(|m| m.command.as_str())).filter(|c| !c.contains('*') && parse(c).is_ok()).collect();
        prop_assume!(!examples.is_empty());
        let harm = examples[hi.index(examples.len())];
        let mut l = lines(&case.reference);
        let at = l.get(pos.index(l.len().max(1))).map_or(30, |x| x.0);
        l.push((at, harm.to_string()));
        let r = run(&case.scenario, case.seed, &script(l));
        if let Err(e) = verdict_agrees(case, &r, "harm added") { prop_assert!(false, "{}", e); }
        prop_assert!(r.score <= case.report.score, "{}: adding `{harm}` at {at}s raised {} to {}", case.id, case.report.score, r.score);
    }
}

/// Doing nothing fails every scenario, and so does only looking: including the one where rolling
/// back is wrong (there the evidence and the escalation are required).
#[test]
fn doing_nothing_or_only_looking_fails_everywhere() {
    let mut bad = Vec::new();
    for case in cases() {
        let r = run(&case.scenario, case.seed, &Script::default());
        bad.extend(verdict_agrees(case, &r, "nothing done").err());
        if r.passed {
            bad.push(format!("{}: doing nothing passed with {}", case.id, r.score));
        }
        let looks: Vec<(u32, String)> = lines(&case.reference).into_iter().filter(|(_, c)| is_look(c)).collect();
        let r = run(&case.scenario, case.seed, &script(looks));
        bad.extend(verdict_agrees(case, &r, "only looks").err());
        if r.passed {
            bad.push(format!("{}: only looking passed with {}", case.id, r.score));
        }
    }
    report(bad);
}

/// Acting blind (dropping every look before the first action that changes something) scores less
/// than the reference.
#[test]
fn acting_blind_costs() {
    let mut bad = Vec::new();
    for case in cases() {
        let l = lines(&case.reference);
        let first_act = l.iter().position(|(_, c)| !is_look(c)).unwrap_or(l.len());
        let blind: Vec<(u32, String)> = l.iter().enumerate().filter(|(i, (_, c))| *i >= first_act || !is_look(c)).map(|(_, x)| x.clone()).collect();
        if blind.len() == l.len() {
            bad.push(format!("{}: the reference must look before it acts", case.id));
            continue;
        }
        let r = run(&case.scenario, case.seed, &script(blind));
        bad.extend(verdict_agrees(case, &r, "blind").err());
        if r.score >= case.report.score {
            bad.push(format!("{}: acting blind scored {} (reference {})", case.id, r.score, case.report.score));
        }
    }
    report(bad);
}

/// Looks made before the failure could be seen diagnose nothing: moving the reference's first looks
/// to the first second scores less (where the failure starts later than that).
#[test]
fn a_diagnosis_before_the_failure_is_not_one() {
    let mut bad = Vec::new();
    for case in cases() {
        let Some(start) = case.report.incident_start_s.filter(|s| *s >= 10) else { continue };
        let l = lines(&case.reference);
        let first_act = l.iter().position(|(_, c)| !is_look(c)).unwrap_or(l.len());
        let early: Vec<(u32, String)> = l.iter().enumerate().map(|(i, (t, c))| if i < first_act { (0, c.clone()) } else { (*t, c.clone()) }).collect();
        let r = run(&case.scenario, case.seed, &script(early));
        bad.extend(verdict_agrees(case, &r, "early looks").err());
        if r.score >= case.report.score {
            bad.push(format!("{}: looking at 0s (the incident starts at {start}s) scored {} (reference {})", case.id, r.score, case.report.score));
        }
    }
    report(bad);
}

/// Starting the whole response later than the scenario's mitigation target scores less, and the
/// measured time to mitigate grows.
#[test]
fn acting_late_costs() {
    let mut bad = Vec::new();
    for case in cases() {
        let shift = case.report.target_mitigation_s + 60;
        let late: Vec<(u32, String)> = lines(&case.reference).into_iter().map(|(t, c)| (t + shift, c)).collect();
        let r = run(&case.scenario, case.seed, &script(late));
        bad.extend(verdict_agrees(case, &r, "late").err());
        if r.score >= case.report.score {
            bad.push(format!("{}: acting {shift}s later scored {} (reference {})", case.id, r.score, case.report.score));
        }
        if let (Some(a), Some(b)) = (case.report.time_to_mitigate_s, r.time_to_mitigate_s)
            && b <= a
        {
            bad.push(format!("{}: acting {shift}s later mitigated in {b}s, the reference in {a}s", case.id));
        }
    }
    report(bad);
}

/// Swapping the actions of two steps the workflow orders (B after A) lowers the procedure score.
#[test]
fn swapping_ordered_steps_costs() {
    let mut bad = Vec::new();
    let mut checked = 0;
    for case in cases() {
        let wf = case.scenario.workflow.as_ref().expect("graded");
        let l = lines(&case.reference);
        for step in wf.steps.iter().filter(|s| s.required) {
            for a in &step.after {
                let After::Step(prev) = a else { continue };
                let find = |id: &str| case.report.reference.iter().find(|s| s.id == id).and_then(|s| Some((s.done_at_s?, s.by.clone()?)));
                let (Some(pa), Some(pb)) = (find(prev), find(&step.id)) else { continue };
                let (Some(ia), Some(ib)) = (l.iter().position(|x| *x == pa), l.iter().position(|x| *x == pb)) else { continue };
                let mut s = l.clone();
                s[ia].1 = pb.1.clone();
                s[ib].1 = pa.1.clone();
                // Every other action that would do either step goes, so the swapped pair is the
                // only way the two steps are done.
                let (sa, sb) = (step_index(wf, prev), step_index(wf, &step.id));
                let s: Vec<(u32, String)> = s.into_iter().enumerate().filter(|(i, (_, c))| *i == ia || *i == ib || !(does_step(wf, sa, c) || does_step(wf, sb, c))).map(|(_, x)| x).collect();
                let r = run(&case.scenario, case.seed, &script(s));
                bad.extend(verdict_agrees(case, &r, "swapped").err());
                if r.subscores.procedure >= case.report.subscores.procedure {
                    bad.push(format!("{}: swapping `{}` and `{}` kept procedure {}", case.id, pa.1, pb.1, r.subscores.procedure));
                }
                checked += 1;
            }
        }
    }
    if checked < 10 {
        bad.push(format!("only {checked} ordered pairs checked"));
    }
    report(bad);
}

fn step_index(wf: &Workflow, id: &str) -> usize {
    wf.steps.iter().position(|s| s.id == id).expect("step id")
}

/// Whether `line` would do step `i` of `wf` (as the grader matches it).
fn does_step(wf: &Workflow, i: usize, line: &str) -> bool {
    let cw = CompiledWorkflow::new(wf);
    let action = GradedAction { index: 0, tick: 0, ok: true, tree: parse(line).ok().map(|c| command_tree(&c)) };
    cw.step_matches(i, &action)
}

/// Every spelling the grammar allows for the same command gives the same report.
#[test]
fn equivalent_spellings_grade_the_same() {
    let mut bad = Vec::new();
    for case in cases() {
        for v in 0..3 {
            let l: Vec<(u32, String)> = lines(&case.reference).into_iter().map(|(t, c)| (t, respell(&c, v))).collect();
            for ((_, a), (_, b)) in lines(&case.reference).iter().zip(&l) {
                if parse(a).ok() != parse(b).ok() {
                    bad.push(format!("{}: `{a}` and `{b}` must parse alike", case.id));
                }
            }
            let r = run(&case.scenario, case.seed, &script(l));
            if (r.score, r.passed, &r.subscores) != (case.report.score, case.report.passed, &case.report.subscores) {
                bad.push(format!("{}: spelling variant {v} scored {} (reference {})", case.id, r.score, case.report.score));
            }
        }
    }
    report(bad);
}

/// Another spelling of `line` (variant 0, 1 or 2): resource aliases, the plugin's binary name,
/// `--flag=v` as `--flag v`, and `-n NS` moved after the verb.
fn respell(line: &str, variant: usize) -> String {
    let mut words: Vec<String> = line.split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
    if words.iter().any(|w| w.contains('"') || w.contains('\'')) {
        return line.to_string();
    }
    let alias = |w: &str| -> String {
        let pairs: [(&str, [&str; 3]); 3] = [("deploy/", ["deployment/", "deployments.apps/", "deploy/"]), ("rollout/", ["rollouts/", "ro/", "rollout/"]), ("cm/", ["configmap/", "configmaps/", "cm/"])];
        for (from, to) in pairs {
            if let Some(rest) = w.strip_prefix(from) {
                return format!("{}{rest}", to[variant]);
            }
        }
        w.to_string()
    };
    words = words.iter().map(|w| alias(w)).collect();
    if variant != 2 && words.len() > 3 && words[0] == "kubectl" && words[1] == "argo" && words[2] == "rollouts" {
        words.splice(0..3, ["kubectl-argo-rollouts".to_string()]);
    }
    if variant == 1 {
        words = words
            .into_iter()
            .flat_map(|w| match w.split_once('=') {
                Some((f, v)) if f.starts_with("--") && f != "--dry-run" => vec![f.to_string(), v.to_string()],
                _ => vec![w],
            })
            .collect();
    }
    if variant == 2 && words.first().is_some_and(|w| w == "kubectl") && words.get(1).is_some_and(|w| w == "-n") && words.len() > 3 {
        let ns: Vec<String> = words.drain(1..3).collect();
        words.extend(ns);
    }
    words.join(" ")
}

/// A condition that names an order checks the order: a snapshot "of the state before the restore"
/// taken after the restore does not count.
#[test]
fn a_snapshot_after_the_restore_is_not_one_before_it() {
    let mut checked = 0;
    for case in cases().iter().filter(|c| c.scenario.workflow.as_ref().is_some_and(|w| w.success.snapshot_taken)) {
        let l = lines(&case.reference);
        let snap = l.iter().position(|(_, c)| c.starts_with("db snapshot create")).expect("the reference snapshots");
        let restore = l.iter().position(|(_, c)| c.starts_with("db snapshot restore")).expect("the reference restores");
        assert!(snap < restore, "{}: the reference snapshots first", case.id);
        let mut late = l.clone();
        late[snap].0 = l[restore].0 + 5;
        let r = run(&case.scenario, case.seed, &script(late));
        let cond = r.conditions.iter().find(|c| c.id == "snapshot").expect("snapshot condition");
        assert!(!cond.passed, "{}: a snapshot taken after the restore passed: {cond:?}", case.id);
        assert!(!r.passed && r.score < case.report.score, "{}: {} (passed: {})", case.id, r.score, r.passed);
        checked += 1;
    }
    assert!(checked >= 1);
}

/// The report says why each sub-score is what it is, and the measured time to mitigate.
#[test]
fn every_subscore_says_why() {
    for case in cases() {
        let w = &case.report.why;
        for (name, reason) in [("outcome", &w.outcome), ("procedure", &w.procedure), ("speed", &w.speed), ("impact", &w.impact), ("safety", &w.safety)] {
            assert!(reason.len() > 10, "{}: {name} has no reason", case.id);
        }
        assert!(case.report.time_to_mitigate_s.is_some(), "{}: the reference's time to mitigate is measured", case.id);
        let json = serde_json::to_value(&case.report).expect("json");
        assert!(json["why"]["speed"].is_string() && json["time_to_mitigate_s"].is_u64(), "{}", case.id);
    }
}

/// A dry run never changes state and never counts: the reference with every kubectl change made a
/// dry run (client or server) leaves the system as if those lines were never typed, scores no more
/// than leaving them out, and fails wherever leaving them out fails.
#[test]
fn a_dry_run_changes_nothing_and_mitigates_nothing() {
    let mut bad = Vec::new();
    let mut failed_checks = 0;
    for case in cases() {
        for mode in ["client", "server"] {
            let l = lines(&case.reference);
            let dry = |c: &str| format!("{c} --dry-run={mode}");
            let turns = |c: &str| !is_look(c) && parse(&dry(c)).is_ok_and(|x| x.is_dry_run());
            if !l.iter().any(|(_, c)| turns(c)) {
                continue;
            }
            let with_dry: Vec<(u32, String)> = l.iter().map(|(t, c)| (*t, if turns(c) { dry(c) } else { c.clone() })).collect();
            let without: Vec<(u32, String)> = l.iter().filter(|(_, c)| !turns(c)).cloned().collect();
            let a = IncidentRun::replay(&case.scenario, case.seed, Mode::graded(&case.scenario), &script(with_dry.clone()));
            let b = IncidentRun::replay(&case.scenario, case.seed, Mode::graded(&case.scenario), &script(without));
            let (va, vb) = (serde_json::to_value(a.sim().view()).expect("view"), serde_json::to_value(b.sim().view()).expect("view"));
            if va != vb || a.sim().metrics().counters != b.sim().metrics().counters {
                bad.push(format!("{}: dry runs ({mode}) changed the system", case.id));
            }
            let r = grade(&case.scenario, a.sim());
            let rb = grade(&case.scenario, b.sim());
            bad.extend(verdict_agrees(case, &r, "dry run").err());
            if r.score > rb.score {
                bad.push(format!("{}: dry runs ({mode}) scored {} above leaving those lines out ({})", case.id, r.score, rb.score));
            }
            // Where the response without those lines fails (the dry runs were its mitigation), the
            // dry-run response fails too.
            if !rb.passed {
                failed_checks += 1;
                if r.passed {
                    bad.push(format!("{}: a response that only dry-runs its mitigation ({mode}) passed with {}", case.id, r.score));
                }
            }
        }
    }
    if failed_checks < 4 {
        bad.push(format!("only {failed_checks} dry-run mitigations were checked"));
    }
    report(bad);
}

/// The incident page simulates the comparison runs while the learner plays and grades with them on
/// "I'm done": that must give exactly the report `grade` gives, for any response, and comparisons
/// made for another seed or end tick must never be used (the report is still `grade`'s). A live
/// run ends where the page expects it to (`IncidentRun::end_of`), or the early simulation would be
/// wasted on every run.
#[test]
fn comparisons_simulated_while_playing_give_the_same_report() {
    let mut bad = Vec::new();
    for case in cases() {
        let sc = &case.scenario;
        let end = IncidentRun::end_of(sc);
        let ready = Comparisons::simulate(sc, case.seed, end).expect("a graded scenario has comparisons");
        let other_seed = Comparisons::simulate(sc, case.seed + 1, end).expect("comparisons");
        let shorter = Comparisons::simulate(sc, case.seed, end / 2).expect("comparisons");
        let l = lines(&case.reference);
        let responses = [case.reference.clone(), Script::default(), script(l.iter().map(|(t, c)| (t + 120, c.clone())).collect()), script(l.iter().skip(1).cloned().collect())];
        for (i, response) in responses.iter().enumerate() {
            let run = IncidentRun::replay(sc, case.seed, Mode::graded(sc), response);
            if run.sim().tick() != end {
                bad.push(format!("{}: response {i} ended at tick {}, not at IncidentRun::end_of = {end}", case.id, run.sim().tick()));
            }
            if !ready.fit(sc, case.seed, run.sim().tick()) {
                bad.push(format!("{}: the comparisons simulated ahead do not fit response {i}", case.id));
            }
            let cold = grade(sc, run.sim());
            for (what, c) in [("ahead", &ready), ("another seed's", &other_seed), ("a shorter run's", &shorter)] {
                if grade_with(sc, run.sim(), Some(c)) != cold {
                    bad.push(format!("{}: response {i} graded with {what} comparisons differs from grade()", case.id));
                }
            }
        }
        if other_seed.fit(sc, case.seed, end) || shorter.fit(sc, case.seed, end) {
            bad.push(format!("{}: comparisons of another seed or end claim to fit", case.id));
        }
    }
    report(bad);
}
