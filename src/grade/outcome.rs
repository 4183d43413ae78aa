//! Success conditions: checked on the final state, and (the service ones) tick by tick to find when
//! the incident was mitigated.
//!
//! Definitions, precisely:
//! - A tick is *healthy* when every service condition holds on that tick's metrics: the share of
//!   requests reaching a `serving` version is at least `min_share`, the error rate is at most
//!   `max_error_rate`, the true accuracy is at least `min_accuracy`, the p99 is at most `max_p99_ms`.
//! - The *incident start* is the first tick on which an impact condition (error rate, accuracy,
//!   p99) fails; where traffic goes is not a symptom by itself.
//! - *Mitigated at* is the first tick from which, up to the end of the run, every tick is healthy
//!   and every state condition (config, model, schema, writes, snapshot, not Degraded) holds: the
//!   scenario's own end condition, tracked through the simulator's state marks. An automatic abort
//!   that quietens the errors while the Rollout stays Degraded has not mitigated anything yet.
//! - At the end, the service conditions are judged over the trailing `window` (request-weighted).

use super::report::ConditionResult;
use crate::sim::workflow::Success;
use crate::sim::Sim;
use crate::sim::console::{Command, Db};
use crate::sim::marks::StateMark;
use crate::sim::metrics::TickMetrics;

/// Whether the state conditions of `s` hold at one mark (the snapshot's order is judged at the end,
/// in [`final_conditions`]).
fn state_holds(m: &StateMark, s: &Success, drain_bit: Option<u64>, settled_vid: Option<Option<usize>>) -> bool {
    drain_bit.is_none_or(|b| m.drained_nodes & b != 0)
        && settled_vid.is_none_or(|v| v.is_some() && m.settled == v)
        && (!s.config_initial || m.config_initial)
        && s.model_loaded.is_none_or(|v| m.model_loaded == Some(v))
        && s.model_alias.is_none_or(|v| m.model_alias == Some(v))
        && s.schema_version.is_none_or(|v| m.schema_version == Some(v))
        && s.writes_enabled.is_none_or(|w| m.writes_enabled == Some(w))
        && (!s.snapshot_taken || m.new_snapshots > 0)
        && (!s.not_degraded || !m.degraded)
}

/// The first tick from which every state condition holds up to the end (`None`: not at the end).
pub fn state_holds_from(sim: &Sim, s: &Success) -> Option<u32> {
    let mut from = None;
    let drain_bit = drain_bit(sim, s);
    let settled = settled_vid(sim, s);
    for m in sim.state_marks().iter().rev() {
        if state_holds(m, s, drain_bit, settled) {
            from = Some(m.tick);
        } else {
            break;
        }
    }
    if s.escalate_to.is_empty() {
        return from;
    }
    // A message sent stays sent: escalation holds from the first one to a listed team.
    Some(from?.max(escalated_at(sim, s)?))
}

/// When one of the teams of `escalate_to` was first told.
fn escalated_at(sim: &Sim, s: &Success) -> Option<u32> {
    sim.notifications().iter().find(|n| s.escalate_to.contains(&n.team)).map(|n| n.tick)
}

/// Whether a snapshot was taken before the first restore (or no restore happened): the state
/// before a restore can only be kept by a snapshot taken before it.
fn snapshot_before_restore(sim: &Sim) -> bool {
    let first = |f: &dyn Fn(&Db) -> bool| sim.actions().iter().position(|a| a.ok && matches!(&a.command, Some(Command::Db(d)) if f(d)));
    let snap = first(&|d| matches!(d, Db::SnapshotCreate { .. }));
    let restore = first(&|d| matches!(d, Db::SnapshotRestore { .. }));
    match (snap, restore) {
        (_, None) => true,
        (Some(s), Some(r)) => s < r,
        (None, Some(_)) => false,
    }
}

/// The set of version indices allowed to serve.
fn serving_vids(sim: &Sim, s: &Success) -> Vec<u16> {
    sim.versions()
        .iter()
        .enumerate()
        .filter(|(_, v)| s.serving.iter().any(|x| x == *v))
        .filter_map(|(i, _)| u16::try_from(i).ok())
        .collect()
}

/// Whether one tick meets the service conditions (`with_serving`: including where traffic goes).
fn tick_healthy(m: &TickMetrics, s: &Success, vids: &[u16], with_serving: bool) -> bool {
    if with_serving && !s.serving.is_empty() && m.rps > 0.0 {
        let good: f64 = m.by_version.iter().filter(|v| vids.contains(&v.vid)).map(|v| v.rps).sum();
        if good / m.rps < s.min_share {
            return false;
        }
    }
    if s.max_error_rate.is_some_and(|max| 1.0 - m.success_rate > max) {
        return false;
    }
    if let (Some(min), Some(a)) = (s.min_accuracy, m.accuracy_true)
        && a < min
    {
        return false;
    }
    if s.max_p99_ms.is_some_and(|max| m.p99_ms > max) {
        return false;
    }
    true
}

/// (incident start, first tick from which every tick is healthy) over the run so far.
///
/// The start looks at the impact conditions only (errors, accuracy, latency): which version serves
/// before the incident is not itself a symptom (the release under test serves until it fails).
pub fn service_timeline(sim: &Sim, s: &Success) -> (Option<u32>, Option<u32>) {
    let vids = serving_vids(sim, s);
    let ticks = &sim.metrics().ticks;
    let start = ticks.iter().find(|m| !tick_healthy(m, s, &vids, false)).map(|m| m.tick);
    let mut from = None;
    for m in ticks.iter().rev() {
        if tick_healthy(m, s, &vids, true) {
            from = Some(m.tick);
        } else {
            break;
        }
    }
    (start, from)
}

fn pct(x: f64) -> String {
    format!("{}%", crate::fixed::fixed(x * 100.0, 2))
}

/// Every condition of `s`, judged at the end of the run.
pub fn final_conditions(sim: &Sim, s: &Success) -> Vec<ConditionResult> {
    let mut out = Vec::new();
    let ticks = &sim.metrics().ticks;
    let end = sim.tick();
    let from = end.saturating_sub(s.window.0.max(1));
    let window: Vec<&TickMetrics> = ticks.iter().rev().take_while(|m| m.tick >= from).collect();
    let req: f64 = window.iter().map(|m| m.rps).sum();
    let vids = serving_vids(sim, s);
    let wsec = crate::sim::duration::format_duration(s.window.0);
    if !s.serving.is_empty() {
        let good: f64 = window.iter().flat_map(|m| m.by_version.iter()).filter(|v| vids.contains(&v.vid)).map(|v| v.rps).sum();
        let share = if req > 0.0 { good / req } else { 0.0 };
        out.push(ConditionResult {
            id: "serving".into(),
            expected: format!("at least {} of requests served by {} over the last {wsec}", pct(s.min_share), s.serving.join(" or ")),
            actual: pct(share),
            passed: req > 0.0 && share >= s.min_share,
        });
    }
    if let Some(max) = s.max_error_rate {
        let failed: f64 = window.iter().map(|m| m.rps * (1.0 - m.success_rate)).sum();
        let rate = if req > 0.0 { failed / req } else { 1.0 };
        out.push(ConditionResult { id: "error-rate".into(), expected: format!("error rate at most {} over the last {wsec}", pct(max)), actual: pct(rate), passed: rate <= max });
    }
    if let Some(min) = s.min_accuracy {
        let acc: Vec<f64> = window.iter().filter_map(|m| m.accuracy_true).collect();
        let mean = if acc.is_empty() { 0.0 } else { acc.iter().sum::<f64>() / acc.len() as f64 };
        out.push(ConditionResult { id: "accuracy".into(), expected: format!("model accuracy at least {} over the last {wsec}", pct(min)), actual: pct(mean), passed: mean >= min });
    }
    if let Some(max) = s.max_p99_ms {
        let p: f64 = if req > 0.0 { window.iter().map(|m| m.rps * m.p99_ms).sum::<f64>() / req } else { f64::INFINITY };
        out.push(ConditionResult { id: "p99".into(), expected: format!("p99 latency at most {} ms over the last {wsec}", crate::fixed::fixed(max, 0)), actual: format!("{} ms", crate::fixed::fixed(p, 0)), passed: p <= max });
    }
    let v = StateBits::of(sim);
    if s.config_initial {
        out.push(ConditionResult {
            id: "config".into(),
            expected: "the app's ConfigMap back to its content before the update".into(),
            actual: if v.config_initial { "reverted".into() } else { "still changed".into() },
            passed: v.config_initial,
        });
    }
    if let Some(m) = s.model_loaded {
        out.push(ConditionResult {
            id: "model-loaded".into(),
            expected: format!("the model server serving version {m}"),
            actual: v.loaded.map_or("no model".into(), |x| format!("version {x}")),
            passed: v.loaded == Some(m),
        });
    }
    if let Some(m) = s.model_alias {
        out.push(ConditionResult {
            id: "model-alias".into(),
            expected: format!("the serving alias pointing at version {m}"),
            actual: v.alias.map_or("unset".into(), |x| format!("version {x}")),
            passed: v.alias == Some(m),
        });
    }
    if let Some(sv) = s.schema_version {
        out.push(ConditionResult {
            id: "schema".into(),
            expected: format!("database schema at version {sv}"),
            actual: v.schema.map_or("no database".into(), |x| format!("version {x}")),
            passed: v.schema == Some(sv),
        });
    }
    if let Some(w) = s.writes_enabled {
        out.push(ConditionResult {
            id: "writes".into(),
            expected: if w { "database writes back on".into() } else { "database writes stopped".into() },
            actual: match v.writes {
                Some(true) => "on".into(),
                Some(false) => "stopped".into(),
                None => "no database".into(),
            },
            passed: v.writes == Some(w),
        });
    }
    if s.snapshot_taken {
        let initial: Vec<&str> = sim.scenario().database.as_ref().map(|d| d.snapshots.iter().map(|x| x.name.as_str()).collect()).unwrap_or_default();
        let taken: Vec<&String> = v.snapshots.iter().filter(|n| !initial.contains(&n.as_str())).collect();
        let before = snapshot_before_restore(sim);
        out.push(ConditionResult {
            id: "snapshot".into(),
            expected: "a snapshot of the state before the restore, kept for reconciliation".into(),
            actual: match (taken.is_empty(), before) {
                (true, _) => "none taken".into(),
                (false, true) => taken.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                (false, false) => format!("{}, taken only after the restore", taken.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
            },
            passed: !taken.is_empty() && before,
        });
    }
    if !s.escalate_to.is_empty() {
        let at = escalated_at(sim, s);
        out.push(ConditionResult {
            id: "escalated".into(),
            expected: format!("the owners told: {}", s.escalate_to.join(" or ")),
            actual: at.map_or("nobody told".into(), |t| format!("told at {}", crate::clock::clock(t))),
            passed: at.is_some(),
        });
    }
    if let Some(node) = &s.node_drained {
        let bit = drain_bit(sim, s).unwrap_or(0);
        let drained = bit != 0 && sim.drained_nodes() & bit != 0;
        let n = sim.nodes().iter().find(|n| n.name == *node);
        let left = sim.pods().iter().filter(|p| p.phase != crate::sim::cluster::PodPhase::Terminating && p.node.is_some_and(|i| sim.nodes().get(i).is_some_and(|x| x.name == *node))).count();
        out.push(ConditionResult {
            id: "drained".into(),
            expected: format!("{node} drained: cordoned, its pods moved to other nodes"),
            actual: match n {
                None => "no such node".into(),
                Some(_) if drained => "drained".into(),
                Some(x) => format!("{}, {left} pod(s) still on it", if x.unschedulable { "cordoned" } else { "schedulable" }),
            },
            passed: drained,
        });
    }
    if let Some(v) = &s.settled_on {
        let now = sim.settled_version();
        let want = settled_vid(sim, s).flatten();
        let not_ready = sim.pods().iter().filter(|p| p.phase != crate::sim::cluster::PodPhase::Terminating && !p.ready).count();
        let other: Vec<String> = sim
            .pods()
            .iter()
            .filter(|p| p.phase != crate::sim::cluster::PodPhase::Terminating && sim.version_name(p.vid) != v)
            .map(|p| format!("{} on {}", p.name, sim.version_name(p.vid)))
            .collect();
        out.push(ConditionResult {
            id: "settled".into(),
            expected: format!("every replica Running and Ready on {v}, and the template on {v}"),
            actual: match now {
                Some(x) if Some(x) == want => format!("all on {v}, Ready"),
                Some(x) => format!("all on {}", sim.version_name(x)),
                None if !other.is_empty() => other.join(", "),
                None if not_ready > 0 => format!("{not_ready} pod(s) not Ready"),
                None => format!("template on {}, replicas missing", sim.version_name(sim.current_template_vid())),
            },
            passed: now.is_some() && now == want,
        });
    }
    if s.not_degraded {
        out.push(ConditionResult {
            id: "not-degraded".into(),
            expected: "the workload no longer Degraded (stable spec re-applied)".into(),
            actual: v.phase.clone(),
            passed: v.phase != "Degraded",
        });
    }
    out
}

/// The version index `settled_on` names: `None` when the condition is not set, `Some(None)` for a
/// version the simulator does not know (never holds).
fn settled_vid(sim: &Sim, s: &Success) -> Option<Option<usize>> {
    let v = s.settled_on.as_ref()?;
    Some(sim.versions().iter().position(|x| x == v))
}

/// The mark bit of the node `node_drained` names (a name no node has never holds).
fn drain_bit(sim: &Sim, s: &Success) -> Option<u64> {
    let name = s.node_drained.as_ref()?;
    Some(sim.nodes().iter().position(|n| n.name == *name).filter(|&i| i < 64).map_or(0, |i| 1u64 << i))
}

/// The few state facts the conditions read (cheaper than a full `StateView`).
struct StateBits {
    config_initial: bool,
    loaded: Option<u32>,
    alias: Option<u32>,
    schema: Option<u32>,
    writes: Option<bool>,
    snapshots: Vec<String>,
    phase: String,
}

impl StateBits {
    fn of(sim: &Sim) -> StateBits {
        let v = sim.view();
        StateBits {
            config_initial: v.config_is_initial,
            loaded: v.model.as_ref().map(|m| m.loaded_version),
            alias: v.model.as_ref().and_then(|m| m.alias_version),
            schema: v.database.as_ref().map(|d| d.schema_version),
            writes: v.database.as_ref().map(|d| d.writes_enabled),
            snapshots: v.database.map(|d| d.snapshots).unwrap_or_default(),
            phase: v.workload.phase,
        }
    }
}
