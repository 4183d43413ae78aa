//! The procedure: which reference steps the learner's actions did, whether in an acceptable order,
//! and which of them were harmful.
//!
//! Architecture invariant: works on the action log only (ticks, parsed commands, success); the
//! order is judged by position in the log, so two actions at the same tick keep their order.
//!
//! Order rule: a step counts as in order when the action counted for it comes after the action
//! counted for each step it must follow (for `any_of`, for at least one); one action counts for at
//! most one step (see [`match_steps`]). A required prerequisite
//! never done makes the dependent step out of order (a check of a rollback that never happened
//! verifies nothing); an optional one never done constrains nothing.

use super::matcher::CompiledMatcher;
use crate::sim::workflow::{After, Harmful, Step, Workflow, command_tree};
use crate::sim::ActionRecord;

/// One action as the grader sees it.
#[derive(Clone, Debug)]
pub struct GradedAction {
    /// Index in the action log.
    pub index: usize,
    /// Tick.
    pub tick: u32,
    /// Succeeded.
    pub ok: bool,
    /// The command as a tree (`None`: did not parse).
    pub tree: Option<serde_json::Value>,
}

/// What the learner did for one step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepOutcome {
    /// Indices (in the action log) of the actions that did it.
    pub occurrences: Vec<usize>,
    /// The occurrence that counts (the first in order, else the first).
    pub counted: Option<usize>,
    /// Whether the counted occurrence is in order.
    pub in_order: bool,
}

/// One harmful move made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HarmDone {
    /// Index in `Workflow::harmful`.
    pub harmful: usize,
    /// Index in the action log.
    pub action: usize,
}

/// The compiled matchers of a workflow (examples parsed once).
pub struct CompiledWorkflow<'a> {
    /// The workflow.
    pub workflow: &'a Workflow,
    steps: Vec<Vec<CompiledMatcher>>,
    harmful: Vec<Vec<CompiledMatcher>>,
    look_steps: Vec<bool>,
}

impl<'a> CompiledWorkflow<'a> {
    /// Compiles every matcher; one that does not parse is dropped (validation reports it).
    pub fn new(workflow: &'a Workflow) -> CompiledWorkflow<'a> {
        let compile = |ms: &[crate::sim::workflow::Matcher]| ms.iter().filter_map(|m| CompiledMatcher::compile(m).ok()).collect();
        CompiledWorkflow {
            workflow,
            steps: workflow.steps.iter().map(|s| compile(&s.matchers)).collect(),
            harmful: workflow.harmful.iter().map(|h| compile(&h.matchers)).collect(),
            look_steps: workflow
                .steps
                .iter()
                .map(|s| !s.matchers.is_empty() && s.matchers.iter().all(|m| crate::sim::parse(&m.command).is_ok_and(|c| c.is_look())))
                .collect(),
        }
    }

    /// Whether `action` does step `i`.
    pub fn step_matches(&self, i: usize, action: &GradedAction) -> bool {
        let (Some(step), Some(ms), Some(tree)) = (self.workflow.steps.get(i), self.steps.get(i), action.tree.as_ref()) else {
            return false;
        };
        (action.ok || !step.require_success) && ms.iter().any(|m| m.matches(tree))
    }

    /// Whether step `i` is made only of looks (every example reads and changes nothing).
    pub fn is_look_step(&self, i: usize) -> bool {
        self.look_steps.get(i).copied().unwrap_or(false)
    }

    /// Whether `action` is harmful move `i` (before the exceptions are considered).
    pub fn harmful_matches(&self, i: usize, action: &GradedAction) -> bool {
        let (Some(h), Some(ms), Some(tree)) = (self.workflow.harmful.get(i), self.harmful.get(i), action.tree.as_ref()) else {
            return false;
        };
        (action.ok || !h.require_success) && ms.iter().any(|m| m.matches(tree))
    }
}

/// Turns the log into graded actions, dropping those after `limit` (the time limit) and the dry
/// runs (`--dry-run=client|server` changes nothing, so it does no step and no harm).
pub fn graded_actions(log: &[ActionRecord], limit: u32) -> Vec<GradedAction> {
    log.iter()
        .enumerate()
        .filter(|(_, a)| a.tick <= limit && !a.command.as_ref().is_some_and(crate::sim::Command::is_dry_run))
        .map(|(index, a)| GradedAction { index, tick: a.tick, ok: a.ok, tree: a.command.as_ref().map(command_tree) })
        .collect()
}

/// Matches every step against the actions.
///
/// Two rules keep a verdict honest:
/// - one action counts for at most one step (an `undo` is the abort or the re-applied spec, not
///   both): required steps choose first, in the workflow's order, each taking its first unused
///   occurrence that is in order, else its first unused one; optional steps take what is left;
/// - a step made only of looks (a diagnosis, a verification) counts only for looks made at or after
///   `observable_from`, the tick the failure could first be seen: a `metrics` typed before the
///   canary takes traffic compares nothing.
pub fn match_steps(cw: &CompiledWorkflow, actions: &[GradedAction], observable_from: u32) -> Vec<StepOutcome> {
    let steps = &cw.workflow.steps;
    let mut out: Vec<StepOutcome> = (0..steps.len())
        .map(|i| {
            let early_look = |a: &GradedAction| cw.is_look_step(i) && a.tick < observable_from;
            StepOutcome { occurrences: actions.iter().filter(|a| cw.step_matches(i, a) && !early_look(a)).map(|a| a.index).collect(), ..Default::default() }
        })
        .collect();
    let mut order: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].required).collect();
    order.extend((0..steps.len()).filter(|&i| !steps[i].required));
    let mut used: Vec<usize> = Vec::new();
    for i in order {
        let Some(step) = steps.get(i) else { continue };
        // A prerequisite already assigned is judged by its counted action, else by its first free one.
        let first: Vec<Option<usize>> = out.iter().map(|o| o.counted.or_else(|| o.occurrences.iter().copied().find(|x| !used.contains(x)))).collect();
        let ok_at = |idx: usize| step_order_ok(step, idx, &|id: &str| prereq(steps, &first, id));
        let free: Vec<usize> = out.get(i).map(|o| o.occurrences.iter().copied().filter(|x| !used.contains(x)).collect()).unwrap_or_default();
        let counted = free.iter().copied().find(|&idx| ok_at(idx)).or(free.first().copied());
        if let Some(c) = counted {
            used.push(c);
        }
        if let Some(o) = out.get_mut(i) {
            o.counted = counted;
        }
    }
    // In order, judged against what each prerequisite step finally counted.
    let counted: Vec<Option<usize>> = out.iter().map(|o| o.counted).collect();
    for (i, step) in steps.iter().enumerate() {
        let in_order = counted.get(i).copied().flatten().is_some_and(|idx| step_order_ok(step, idx, &|id: &str| prereq(steps, &counted, id)));
        if let Some(o) = out.get_mut(i) {
            o.in_order = in_order;
        }
    }
    out
}

/// The state of prerequisite `id`, given each step's first (or counted) action.
fn prereq(steps: &[Step], first: &[Option<usize>], id: &str) -> Prereq {
    match steps.iter().position(|s| s.id == id) {
        None => Prereq::Ignored,
        Some(i) => match (first.get(i).copied().flatten(), steps.get(i).is_some_and(|s| s.required)) {
            (Some(f), _) => Prereq::Done(f),
            (None, true) => Prereq::Missing,
            (None, false) => Prereq::Ignored,
        },
    }
}

/// The state of a step another step must follow.
enum Prereq {
    /// Done; first at this action index.
    Done(usize),
    /// Required and never done: what depends on it cannot be in order (checking a rollback that never
    /// happened verifies nothing).
    Missing,
    /// Optional and never done (or unknown): constrains nothing.
    Ignored,
}

fn step_order_ok(step: &Step, idx: usize, prereq: &dyn Fn(&str) -> Prereq) -> bool {
    step.after.iter().all(|a| match a {
        After::Step(id) => match prereq(id) {
            Prereq::Done(f) => f < idx,
            Prereq::Missing => false,
            Prereq::Ignored => true,
        },
        After::AnyOf { any_of } => {
            let states: Vec<Prereq> = any_of.iter().map(|id| prereq(id)).collect();
            states.iter().any(|p| matches!(p, Prereq::Done(f) if *f < idx)) || states.iter().all(|p| matches!(p, Prereq::Ignored))
        }
    })
}

/// The harmful moves made, after their exceptions (`unless_after`, `unless_followed_by`).
pub fn match_harmful(cw: &CompiledWorkflow, actions: &[GradedAction], steps: &[StepOutcome]) -> Vec<HarmDone> {
    let wf = cw.workflow;
    let occ = |id: &str| wf.steps.iter().position(|s| s.id == id).and_then(|i| steps.get(i)).map(|o| o.occurrences.clone()).unwrap_or_default();
    let tick_of = |idx: usize| actions.iter().find(|a| a.index == idx).map_or(0, |a| a.tick);
    let mut out = Vec::new();
    for a in actions {
        for (hi, h) in wf.harmful.iter().enumerate() {
            if !cw.harmful_matches(hi, a) || excused(h, a, &occ, &tick_of) {
                continue;
            }
            out.push(HarmDone { harmful: hi, action: a.index });
        }
    }
    out
}

fn excused(h: &Harmful, a: &GradedAction, occ: &dyn Fn(&str) -> Vec<usize>, tick_of: &dyn Fn(usize) -> u32) -> bool {
    if !h.unless_after.is_empty() && h.unless_after.iter().all(|id| occ(id).iter().any(|&i| i < a.index)) {
        return true;
    }
    if let Some(id) = &h.unless_followed_by {
        let deadline = a.tick.saturating_add(h.within.0);
        if occ(id).iter().any(|&i| i > a.index && tick_of(i) <= deadline) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::workflow::{Debrief, Matcher, Success};
    use crate::sim::duration::Secs;

    fn step(id: &str, cmd: &str, after: Vec<After>) -> Step {
        Step {
            id: id.into(),
            label: id.into(),
            why: String::new(),
            matchers: vec![Matcher { command: cmd.into(), any: vec![] }],
            after,
            required: true,
            require_success: true,
        }
    }

    fn wf(steps: Vec<Step>) -> Workflow {
        Workflow {
            target_mitigation: Secs(60),
            known_from: None,
            pass_score: 70,
            steps,
            harmful: vec![],
            success: Success::default(),
            debrief: Debrief { what_happened: "x".into(), reference: "x".into(), lesson: "x".into() },
            reference_script: "0 alerts".into(),
            reference_seed: 1,
        }
    }

    #[test]
    fn a_dry_run_counts_for_no_step_and_no_harm() {
        let record = |tick: u32, line: &str| ActionRecord { tick, line: line.into(), command: crate::sim::parse(line).ok(), ok: true };
        let log = vec![
            record(10, "kubectl rollout undo deploy/myapp --dry-run=client"),
            record(20, "kubectl rollout undo deploy/myapp --dry-run=server"),
            record(30, "kubectl rollout undo deploy/myapp --dry-run"),
            record(40, "kubectl rollout undo deploy/myapp --dry-run=none"),
        ];
        let graded = graded_actions(&log, 600);
        assert_eq!(graded.iter().map(|a| a.index).collect::<Vec<_>>(), vec![3], "only the real undo (none) is graded");
        // Harm is matched over these same graded actions, so a dry run can be neither a step nor a harm.
        let w = wf(vec![step("undo", "kubectl rollout undo deploy/myapp", vec![])]);
        let cw = CompiledWorkflow::new(&w);
        assert_eq!(match_steps(&cw, &graded, 0)[0].occurrences, vec![3]);
        let dry_only = graded_actions(log.get(..3).unwrap_or_default(), 600);
        assert!(dry_only.is_empty());
        assert!(match_steps(&cw, &dry_only, 0)[0].occurrences.is_empty());
    }

    fn log(lines: &[&str]) -> Vec<GradedAction> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| GradedAction { index: i, tick: i as u32 * 10, ok: true, tree: crate::sim::parse(l).ok().map(|c| command_tree(&c)) })
            .collect()
    }

    /// resume → (undo | set image) → status, with `status` after either of the two.
    fn paused() -> Workflow {
        wf(vec![
            step("resume", "kubectl rollout resume deploy/app", vec![]),
            step("undo", "kubectl rollout undo deploy/app", vec![After::Step("resume".into())]),
            step("set-image", "kubectl set image deploy/app app=reg/app:v1", vec![After::Step("resume".into())]),
            step("status", "kubectl rollout status deploy/app", vec![After::AnyOf { any_of: vec!["undo".into(), "set-image".into()] }]),
        ])
    }

    #[test]
    fn partial_order_with_alternatives() {
        let w = paused();
        let cw = CompiledWorkflow::new(&w);
        let good = log(&["kubectl rollout resume deployment app", "kubectl set image deployment/app app=reg/app:v1", "kubectl rollout status deploy app"]);
        let r = match_steps(&cw, &good, 0);
        assert!(r[0].in_order && r[2].in_order && r[3].in_order, "{r:?}");
        assert!(r[1].counted.is_none(), "undo was not done");
        // status before any rollback, then again after: the later one counts, in order.
        let redo = log(&["kubectl rollout status deploy/app", "kubectl rollout resume deploy/app", "kubectl rollout undo deploy/app", "kubectl rollout status deploy/app"]);
        let r = match_steps(&cw, &redo, 0);
        assert_eq!(r[3].counted, Some(3));
        assert!(r[3].in_order);
        // undo before resume only: out of order.
        let wrong = log(&["kubectl rollout undo deploy/app", "kubectl rollout resume deploy/app"]);
        let r = match_steps(&cw, &wrong, 0);
        assert_eq!(r[1].counted, Some(0));
        assert!(!r[1].in_order);
    }

    #[test]
    fn failed_commands_do_not_count() {
        let w = paused();
        let cw = CompiledWorkflow::new(&w);
        let mut l = log(&["kubectl rollout resume deploy/app"]);
        l[0].ok = false;
        assert!(match_steps(&cw, &l, 0)[0].counted.is_none());
    }

    #[test]
    fn harmful_exceptions() {
        let mut w = paused();
        w.harmful.push(Harmful {
            id: "resume-bad".into(),
            label: "resumed the bad rollout".into(),
            severity: crate::sim::workflow::Severity::Major,
            why: "it continues".into(),
            instead: String::new(),
            matchers: vec![Matcher { command: "kubectl rollout resume deploy/app".into(), any: vec![] }],
            unless_after: vec![],
            unless_followed_by: Some("undo".into()),
            within: Secs(15),
            require_success: true,
        });
        let cw = CompiledWorkflow::new(&w);
        let quick = log(&["kubectl rollout resume deploy/app", "kubectl rollout undo deploy/app"]);
        assert!(match_harmful(&cw, &quick, &match_steps(&cw, &quick, 0)).is_empty());
        let slow = log(&["kubectl rollout resume deploy/app", "alerts", "kubectl rollout undo deploy/app"]);
        assert_eq!(match_harmful(&cw, &slow, &match_steps(&cw, &slow, 0)).len(), 1);
    }
}
