//! [`grade`]: a pure function of the scenario and the learner's finished run.
//!
//! The run (a [`Sim`]) carries the action log (tick, parsed command, success), the metrics history
//! and the final state. The grader also simulates, with the same seed and up to the same tick, the
//! do-nothing baseline and the scenario's reference script, to judge impact: how much of the damage
//! the reference workflow prevents, the learner prevented too. Those two runs depend on neither the
//! learner's actions nor the clock, only on the scenario, the seed and the end tick, so a page can
//! simulate them while the learner plays ([`Comparisons`], [`grade_with`]) and "I'm done" then pays
//! for the learner's own run only; the report is the same either way.
//!
//! Total = Σ weight × sub-score / 100 (weights in [`WEIGHTS`]). Passing needs all of: the total at
//! least the scenario's `pass_score`, every success condition met, the incident mitigated, and no
//! critical harmful move.

use super::outcome::{final_conditions, service_timeline, state_holds_from};
use super::procedure::{CompiledWorkflow, graded_actions, match_harmful, match_steps};
use super::report::{ConditionResult, Finding, FindingKind, GradeReport, Marker, ReferenceStep, SubscoreReasons, Subscores, TimelineEntry, WEIGHTS};
use crate::sim::workflow::{Severity, Workflow};
use crate::incident::{Action, IncidentRun, Mode, Script};
use crate::sim::event::{Level, Source};
use crate::sim::{Scenario, Sim};

/// The highest score a run with a critical harmful move can get: well under any pass mark, so the
/// score says what the verdict says (the run failed).
pub const CRITICAL_CAP: u32 = 40;

/// The most that adding a harmless look (get, describe, logs, status, metrics) can lower a score.
/// Zero: a look changes nothing in the system, and one action counts for at most one step, so a
/// look can only add credit. (The property suite, `tests/grade_props.rs`, holds the grader to it.)
pub const LOOK_ALLOWANCE: u32 = 0;

/// Grades a finished (or stopped) run of `scenario`.
///
/// Never panics: a scenario without a `[workflow]`, an empty or garbage action log, or a run of a
/// different scenario all give a report (a scenario without workflow scores 0 and fails).
pub fn grade(scenario: &Scenario, run: &Sim) -> GradeReport {
    grade_with(scenario, run, None)
}

/// The runs a grade compares the learner's with: the do-nothing baseline and the scenario's
/// reference script, simulated with the learner's seed up to the same end tick.
pub struct Comparisons {
    scenario: String,
    seed: u64,
    end: u32,
    baseline: Sim,
    reference: Option<Sim>,
}

impl Comparisons {
    /// Simulates both runs for a learner's run of `scenario` with `seed` that ends at `end` (an
    /// [`IncidentRun`]'s end: the scenario's duration unless it was shortened). `None` when the
    /// scenario has no workflow, whose grade compares nothing.
    pub fn simulate(scenario: &Scenario, seed: u64, end: u32) -> Option<Comparisons> {
        scenario.workflow.as_ref().map(|wf| Comparisons::of(scenario, wf, seed, end))
    }

    fn of(scenario: &Scenario, wf: &Workflow, seed: u64, end: u32) -> Comparisons {
        Comparisons {
            scenario: scenario.id.clone(),
            seed,
            end,
            baseline: comparison_run(scenario, seed, &Script::default(), end),
            reference: Script::parse(&wf.reference_script).ok().map(|s| comparison_run(scenario, seed, &s, end)),
        }
    }

    /// Whether these are the comparisons of a run of `scenario` with `seed` that ended at `end`.
    pub fn fit(&self, scenario: &Scenario, seed: u64, end: u32) -> bool {
        self.scenario == scenario.id && self.seed == seed && self.end == end
    }
}

/// [`grade`], with the comparison runs simulated beforehand. Comparisons that do not fit the run
/// (another scenario, seed or end tick) are not used: they are simulated again, so the report is
/// always the one [`grade`] gives.
pub fn grade_with(scenario: &Scenario, run: &Sim, ready: Option<&Comparisons>) -> GradeReport {
    let end = run.tick();
    let mut report = GradeReport {
        scenario: scenario.id.clone(),
        seed: run.seed(),
        graded_at_s: end,
        score: 0,
        passed: false,
        pass_score: 0,
        subscores: Subscores::default(),
        weights: WEIGHTS,
        why: SubscoreReasons::default(),
        incident_start_s: None,
        mitigated_at_s: None,
        time_to_mitigate_s: None,
        target_mitigation_s: 0,
        failed_requests: run.metrics().counters.failed_requests.round() as u64,
        bad_predictions: run.metrics().counters.bad_predictions.round() as u64,
        baseline_failed_requests: 0,
        baseline_bad_predictions: 0,
        reference_impact: 0,
        conditions: Vec::new(),
        findings: Vec::new(),
        reference: Vec::new(),
        timeline: Vec::new(),
        markers: markers(run),
        debrief: None,
    };
    let Some(wf) = scenario.workflow.as_ref() else {
        report.timeline = run
            .actions()
            .iter()
            .map(|a| TimelineEntry { tick: a.tick, line: a.line.clone(), canonical: a.command.as_ref().map(|c| c.to_string()), ok: a.ok, step: None, harmful: None, late: false })
            .collect();
        return report;
    };
    report.pass_score = wf.pass_score.min(100);
    report.target_mitigation_s = wf.target_mitigation.0;
    report.debrief = Some(wf.debrief.clone());
    let limit = scenario.time_limit_secs();

    // ---- procedure and safety ----
    let cw = CompiledWorkflow::new(wf);
    let actions = graded_actions(run.actions(), limit);
    // When the failure could first be seen: a look before it diagnoses nothing.
    let (learner_start, healthy_from) = service_timeline(run, &wf.success);
    let fresh;
    let compared = match ready.filter(|c| c.fit(scenario, run.seed(), end)) {
        Some(c) => c,
        None => {
            fresh = Comparisons::of(scenario, wf, run.seed(), end);
            &fresh
        }
    };
    let baseline = &compared.baseline;
    let warning = first_warning(run);
    let known = wf.known_from.map(|k| k.0);
    let seen = [learner_start.or_else(|| service_timeline(baseline, &wf.success).0), warning, known].into_iter().flatten().min();
    // Where users were never hurt (a failure caught in time), the incident starts when it could
    // first be seen, so a late response is still timed as late; a problem the briefing hands over
    // starts when it is handed over.
    let start = learner_start.or_else(|| service_timeline(baseline, &wf.success).0).or(warning);
    let start = match (start, known) {
        (Some(s), Some(k)) => Some(s.min(k)),
        (s, k) => s.or(k),
    };
    let steps = match_steps(&cw, &actions, seen.unwrap_or(0));
    let harms = match_harmful(&cw, &actions, &steps);
    let log = run.actions();
    let line_at = |idx: usize| log.get(idx).map(|a| (a.tick, a.line.clone()));
    let mut findings = Vec::new();

    for h in &harms {
        let Some(spec) = wf.harmful.get(h.harmful) else { continue };
        let (tick, line) = line_at(h.action).unwrap_or_default();
        findings.push(Finding {
            id: format!("harmful:{}", spec.id),
            kind: FindingKind::Harmful,
            severity: spec.severity.as_str().to_string(),
            tick: Some(tick),
            what: format!("{} (`{line}`)", spec.label),
            why: spec.why.clone(),
            reference: spec.instead.clone(),
        });
    }
    let safety = 100u32.saturating_sub(harms.iter().filter_map(|h| wf.harmful.get(h.harmful)).map(|s| s.severity.penalty()).sum());
    let critical = harms.iter().filter_map(|h| wf.harmful.get(h.harmful)).any(|s| s.severity == Severity::Critical);

    let mut required = 0u32;
    let mut credit = 0u32; // in halves
    let (mut in_order, mut out_of_order) = (0u32, 0u32);
    for (step, o) in wf.steps.iter().zip(&steps) {
        let after: Vec<String> = step.after.iter().map(|a| a.describe()).collect();
        let by = o.counted.and_then(line_at);
        report.reference.push(ReferenceStep {
            id: step.id.clone(),
            label: step.label.clone(),
            required: step.required,
            after: after.clone(),
            example: step.matchers.first().map(|m| m.command.clone()).unwrap_or_default(),
            done_at_s: by.as_ref().map(|b| b.0),
            in_order: o.in_order,
            by: by.as_ref().map(|b| b.1.clone()),
        });
        if !step.required {
            continue;
        }
        required += 1;
        match (&by, o.in_order) {
            (Some(_), true) => {
                credit += 2;
                in_order += 1;
            }
            (Some((tick, line)), false) => {
                credit += 1;
                out_of_order += 1;
                findings.push(Finding {
                    id: format!("order:{}", step.id),
                    kind: FindingKind::Order,
                    severity: "minor".into(),
                    tick: Some(*tick),
                    what: format!("{} (`{line}`) was not preceded by {}", step.label, after.join(" and ")),
                    why: if step.why.is_empty() { "The order matters: the earlier steps make this one safe or effective.".into() } else { step.why.clone() },
                    reference: format!("The reference does it after {}.", after.join(" and ")),
                });
            }
            (None, _) => findings.push(Finding {
                id: format!("missing:{}", step.id),
                kind: FindingKind::MissingStep,
                severity: "major".into(),
                tick: None,
                what: format!("Not done: {}", step.label),
                why: if step.why.is_empty() { "The reference workflow needs this step.".into() } else { step.why.clone() },
                reference: format!("For example: `{}`", step.matchers.first().map(|m| m.command.as_str()).unwrap_or("")),
            }),
        }
    }
    let procedure = (credit * 50).checked_div(required).unwrap_or(100);

    // ---- outcome and speed ----
    let conditions = final_conditions(run, &wf.success);
    let all_met = conditions.iter().all(|c| c.passed);
    let met = conditions.iter().filter(|c| c.passed).count() as u32;
    let outcome = if conditions.is_empty() { 100 } else { met * 100 / conditions.len() as u32 };
    for c in conditions.iter().filter(|c| !c.passed) {
        findings.push(outcome_finding(c, end));
    }
    let state_ok = conditions.iter().filter(|c| is_state_condition(&c.id)).all(|c| c.passed);
    report.incident_start_s = start;
    // Mitigated once the scenario's whole end condition holds for good: service and state.
    let mitigated_at = match (healthy_from, state_holds_from(run, &wf.success)) {
        (Some(h), Some(s)) if state_ok => Some(h.max(s)),
        _ => None,
    };
    report.mitigated_at_s = mitigated_at;
    let ttm = mitigated_at.map(|m| start.map_or(0, |s| m.saturating_sub(s)));
    report.time_to_mitigate_s = ttm;
    let target = wf.target_mitigation.0.max(1);
    let speed = match ttm {
        None => 0,
        Some(t) if t <= target => 100,
        Some(t) => {
            let over = f64::from(t - target) / (2.0 * f64::from(target));
            ((1.0 - over).max(0.0) * 100.0).round() as u32
        }
    };
    match ttm {
        None => findings.push(Finding {
            id: "not-mitigated".into(),
            kind: FindingKind::Speed,
            severity: "critical".into(),
            tick: None,
            what: "The incident was not mitigated by the end of the run.".into(),
            why: "Until the service conditions hold and stay held, users keep paying for the bad release.".into(),
            reference: format!("The reference mitigates within {}.", crate::sim::duration::format_duration(target)),
        }),
        Some(t) if t > target => findings.push(Finding {
            id: "slow-mitigation".into(),
            kind: FindingKind::Speed,
            severity: "minor".into(),
            tick: mitigated_at,
            what: format!("Mitigated {} after the incident started.", crate::sim::duration::format_duration(t)),
            why: "Every minute before mitigation adds failed requests or bad predictions.".into(),
            reference: format!("The reference mitigates within {}.", crate::sim::duration::format_duration(target)),
        }),
        _ => {}
    }

    // ---- impact ----
    let bc = baseline.metrics().counters;
    report.baseline_failed_requests = bc.failed_requests.round() as u64;
    report.baseline_bad_predictions = bc.bad_predictions.round() as u64;
    let reference_run = compared.reference.as_ref();
    let lc = run.metrics().counters;
    let damage = |c: &crate::sim::metrics::Counters| c.failed_requests + c.bad_predictions;
    let (l, b) = (damage(&lc), damage(&bc));
    let r = reference_run.map_or(b, |x| damage(&x.metrics().counters));
    report.reference_impact = r.round() as u64;
    let impact = impact_score(l, b, r, lc.total_requests);
    if l > b * 1.05 + 50.0 {
        findings.push(Finding {
            id: "worse-than-baseline".into(),
            kind: FindingKind::Impact,
            severity: "major".into(),
            tick: None,
            what: format!("{} failed requests and bad predictions, against {} had nobody acted.", l.round() as u64, b.round() as u64),
            why: "The actions taken made the incident worse than leaving it alone.".into(),
            reference: format!("The reference run ends with {}.", r.round() as u64),
        });
    }
    for a in run.actions().iter().filter(|a| a.tick > limit).take(1) {
        findings.push(Finding {
            id: "late-action".into(),
            kind: FindingKind::Late,
            severity: "info".into(),
            tick: Some(a.tick),
            what: format!("Actions after the time limit ({}) were not graded.", crate::sim::duration::format_duration(limit)),
            why: "An incident has a clock; the lab grades what was done within it.".into(),
            reference: String::new(),
        });
    }

    // ---- timeline ----
    let by_index = |i: usize| actions.iter().find(|a| a.index == i);
    report.timeline = log
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let ga = by_index(i);
            TimelineEntry {
                tick: a.tick,
                line: a.line.clone(),
                canonical: a.command.as_ref().map(|c| c.to_string()),
                ok: a.ok,
                // The step this action counted for, else the first step it matches.
                step: steps
                    .iter()
                    .position(|o| o.counted == Some(i))
                    .or_else(|| ga.and_then(|g| (0..wf.steps.len()).find(|si| cw.step_matches(*si, g))))
                    .and_then(|si| wf.steps.get(si))
                    .map(|s| s.id.clone()),
                harmful: harms.iter().find(|h| h.action == i).and_then(|h| wf.harmful.get(h.harmful)).map(|h| h.id.clone()),
                late: ga.is_none(),
            }
        })
        .collect();

    crate::sort::sort_by_key(&mut findings, |f| (f.tick.unwrap_or(u32::MAX), f.kind));
    report.subscores = Subscores { outcome, procedure, speed, impact, safety };
    let w = WEIGHTS;
    let total = w.outcome * outcome + w.procedure * procedure + w.speed * speed + w.impact * impact + w.safety * safety;
    report.score = ((total + 50) / 100).min(100);
    if critical {
        report.score = report.score.min(CRITICAL_CAP);
    }
    let fmt = crate::sim::duration::format_duration;
    let unmet: Vec<&str> = conditions.iter().filter(|c| !c.passed).map(|c| c.id.as_str()).collect();
    let harm_list: Vec<String> = harms.iter().filter_map(|h| wf.harmful.get(h.harmful)).map(|h| format!("{} ({}, −{})", h.id, h.severity.as_str(), h.severity.penalty())).collect();
    report.why = SubscoreReasons {
        outcome: match (conditions.len(), unmet.is_empty()) {
            (0, _) => "no success conditions: full marks".into(),
            (n, true) => format!("all {n} conditions met at the end"),
            (n, false) => format!("{met} of {n} conditions met at the end (not met: {})", unmet.join(", ")),
        },
        procedure: format!(
            "{in_order} of {required} required steps done in order (full credit), {out_of_order} out of order (half), {} not done; one action counts for one step, and a look counts only once the failure could be seen",
            required - in_order - out_of_order
        ),
        speed: match ttm {
            None => "not mitigated by the end: 0 (mitigated means the scenario's whole end condition holds from then on)".into(),
            Some(t) if t <= target => format!("mitigated {} after the incident started, within the target {}: full marks", fmt(t), fmt(target)),
            Some(t) => format!("mitigated {} after the incident started, {} over the target {}; the score falls to 0 at three times the target", fmt(t), fmt(t - target), fmt(target)),
        },
        impact: format!(
            "{} failed requests and bad predictions; doing nothing: {}; the reference: {} (the share of the preventable damage prevented, or full marks when nothing was preventable and no harm was added)",
            l.round() as u64,
            b.round() as u64,
            r.round() as u64
        ),
        safety: if harm_list.is_empty() { "no harmful moves".into() } else { format!("harmful moves: {}", harm_list.join(", ")) },
        cap: critical.then(|| format!("a critical harmful move fails the run and caps the score at {CRITICAL_CAP}")),
    };
    report.passed = report.score >= report.pass_score && all_met && mitigated_at.is_some() && !critical;
    report.conditions = conditions;
    report.findings = findings;
    report
}

/// The first warning an operator could see: an alert firing, or a warning from the system (a pod
/// OOMKilled in a preview, a failing readiness probe). The injected cause itself (`Source::Chaos`)
/// is not something an operator sees. With the incident start (users hurt), it is the moment from
/// which a look can diagnose anything.
fn first_warning(run: &Sim) -> Option<u32> {
    run.events()
        .iter()
        .find(|e| e.level == Level::Warning && !matches!(e.source, Source::Chaos | Source::Action | Source::Notify))
        .map(|e| e.tick)
}

/// A run to compare the learner's with: the same scenario and seed, under the same rules
/// ([`IncidentRun`]), observed at the learner's last tick `end`.
fn comparison_run(scenario: &Scenario, seed: u64, script: &Script, end: u32) -> Sim {
    let mut run = IncidentRun::new(scenario, seed, Mode::graded(scenario)).ending_at(end);
    run.play(script);
    run.reduce(Action::Finish);
    run.into_sim()
}

/// Impact sub-score from damage (failed requests + bad predictions) of the learner `l`, the
/// do-nothing baseline `b` and the reference run `r`.
///
/// When the reference prevents a meaningful amount (`b - r` above 0.1% of requests and 50), the
/// score is the share of that preventable damage the learner prevented: 100 at or below `r`, 0 at or
/// above `b`. When there is nothing to prevent (the alarm is noise, the dependency recovers on its
/// own), doing no harm earns 100, and damage beyond the baseline costs in proportion.
pub fn impact_score(l: f64, b: f64, r: f64, total_requests: f64) -> u32 {
    let eps = (total_requests * 0.001).max(50.0);
    let preventable = b - r;
    let score = if preventable > eps {
        (b - l) / preventable
    } else if l <= b + eps {
        1.0
    } else {
        1.0 - (l - b) / b.max(eps)
    };
    (score.clamp(0.0, 1.0) * 100.0).round() as u32
}

fn is_state_condition(id: &str) -> bool {
    !matches!(id, "serving" | "error-rate" | "accuracy" | "p99")
}

fn outcome_finding(c: &ConditionResult, end: u32) -> Finding {
    let (why, reference) = match c.id.as_str() {
        "serving" => ("Users are still reaching a version the incident showed to be bad (or none at all).", "Production traffic goes to a healthy version."),
        "error-rate" => ("Requests are still failing at the end.", "The error rate falls back under the threshold and stays there."),
        "accuracy" => ("The model keeps making worse predictions, silently: HTTP is fine, answers are not.", "The known-good model is what the server actually has loaded."),
        "p99" => ("Users still wait too long.", "Latency returns under the objective."),
        "config" => ("Rolling back the Deployment restores the pod template only; the changed ConfigMap stays.", "The ConfigMap is reverted separately and pods restarted onto it."),
        "model-loaded" => ("Moving an alias changes the registry, not a server that already loaded a model.", "The server is reloaded after the alias moves, then checked."),
        "model-alias" => ("The alias still points at the bad model: the next deploy or reload brings it back.", "The serving alias is moved back to the known-good version."),
        "schema" => ("The application and the schema must agree; the old code breaks on the new schema.", "The schema is brought back (restore or down-migration) with the application."),
        "writes" => ("Writes left stopped is an outage of its own.", "Writes are resumed once data and code agree."),
        "snapshot" => ("Without a snapshot of the state before the restore, writes made since cannot be reconciled.", "Snapshot the current state before restoring an older one."),
        "escalated" => ("The failure belongs to another team's service; until its owners know, nobody is fixing it.", "Show where the errors come from, then tell the owning team with the evidence."),
        "drained" => ("The node is still carrying pods when its owners take it away: they go down with it.", "Move the pods off the node in a way the disruption budget allows, until the drain finishes."),
        "settled" => ("A rollback is finished when every replica runs the good version and is Ready; a pod left on the bad revision keeps a replica down and blocks the controller.", "Revert the template, then replace what still runs the bad revision, until every pod is Ready on the good one."),
        "not-degraded" => ("An aborted Rollout stays Degraded until the stable spec is applied again; the next sync may retry the bad version.", "Re-apply the stable spec (undo or set the image back)."),
        _ => ("A success condition is not met.", ""),
    };
    Finding {
        id: format!("outcome:{}", c.id),
        kind: FindingKind::Outcome,
        severity: "major".into(),
        tick: Some(end),
        what: format!("At the end: expected {}, got {}.", c.expected, c.actual),
        why: why.into(),
        reference: reference.into(),
    }
}

fn markers(run: &Sim) -> Vec<Marker> {
    run.events()
        .iter()
        .filter_map(|e| match (e.source, e.reason.as_str()) {
            (Source::Chaos, "FailureStarted") => Some(Marker { tick: e.tick, kind: "failure".into(), label: e.message.clone() }),
            (Source::Alert, "AlertFiring") => Some(Marker { tick: e.tick, kind: "alert".into(), label: e.object.trim_start_matches("alert/").to_string() }),
            (Source::Alert, "AlertResolved") => Some(Marker { tick: e.tick, kind: "alert-resolved".into(), label: e.object.trim_start_matches("alert/").to_string() }),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_bounds() {
        assert_eq!(impact_score(100.0, 10_000.0, 100.0, 1e6), 100);
        assert_eq!(impact_score(10_000.0, 10_000.0, 100.0, 1e6), 0);
        assert_eq!(impact_score(20_000.0, 10_000.0, 100.0, 1e6), 0);
        // Nothing preventable: doing no harm is full marks.
        assert_eq!(impact_score(5_000.0, 5_000.0, 5_000.0, 1e6), 100);
        assert!(impact_score(9_000.0, 5_000.0, 5_000.0, 1e6) < 30);
        for bad in [f64::NAN, -1.0, 0.0] {
            let _ = impact_score(bad, bad, bad, bad);
        }
    }
}
