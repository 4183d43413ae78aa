//! State marks: the few facts of the system the success conditions judge (config, model, schema,
//! writes, snapshots, a Degraded workload, the version the workload settled on), recorded whenever they change.
//!
//! The grader needs them tick by tick, not just at the end: an incident is mitigated only from the
//! moment the scenario's own end condition holds (users are fine *and* the Rollout is no longer
//! Degraded, the model server has the good model, …), and a fix that comes nine minutes later
//! must not be timed from the minute an automatic abort quietened the errors.
//!
//! Architecture invariant: derived data, cheap to compute (no strings), not part of the trace hash;
//! one mark per change, so a 30-minute run records a handful.

use super::rollout::RolloutPhase;
use super::Sim;

/// The condition-relevant facts at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateMark {
    /// The tick from which these facts hold (until the next mark).
    pub tick: u32,
    /// The app's ConfigMap has its content from before the update.
    pub config_initial: bool,
    /// The model version the server has loaded.
    pub model_loaded: Option<u32>,
    /// The version the serving alias points at.
    pub model_alias: Option<u32>,
    /// The database schema version.
    pub schema_version: Option<u32>,
    /// Whether database writes are on.
    pub writes_enabled: Option<bool>,
    /// Snapshots that exist now and did not at the start.
    pub new_snapshots: u32,
    /// The workload is Degraded (an aborted Rollout, a Deployment past its progress deadline).
    pub degraded: bool,
    /// The version every replica runs Running and Ready, the workload's template too
    /// ([`Sim::settled_version`]); `None` while pods differ, are missing or not Ready.
    pub settled: Option<usize>,
    /// Nodes (bit = index) that are cordoned and have no pod left but terminating ones: drained.
    pub drained_nodes: u64,
}

impl Sim {
    /// The condition-relevant facts now.
    pub fn state_mark(&self) -> StateMark {
        self.state_mark_given(self.settled_version())
    }

    /// [`Sim::state_mark`] with the settled version already known (the tick loop counts it in the
    /// traffic model's pass over the pods).
    fn state_mark_given(&self, settled: Option<usize>) -> StateMark {
        let degraded = match (&self.workload.deployment, &self.workload.rollout) {
            (Some(d), _) => d.progressing.reason == "ProgressDeadlineExceeded",
            (None, Some(r)) => r.phase == RolloutPhase::Degraded,
            (None, None) => false,
        };
        let initial = self.scenario.database.as_ref().map(|d| d.snapshots.as_slice()).unwrap_or_default();
        StateMark {
            tick: self.tick,
            config_initial: self.config_is_initial(),
            model_loaded: self.registry.as_ref().map(|r| r.loaded),
            model_alias: self.registry.as_ref().and_then(|r| r.aliases.get(&r.serving_alias).copied()),
            schema_version: self.db.as_ref().map(|d| d.schema_version),
            writes_enabled: self.db.as_ref().map(|d| d.writes_enabled),
            new_snapshots: self.db.as_ref().map_or(0, |d| d.snapshots.iter().filter(|s| !initial.iter().any(|i| i.name == s.name)).count() as u32),
            degraded,
            settled,
            drained_nodes: self.drained_nodes(),
        }
    }

    /// Bit `i` set: node `i` is cordoned and runs no pod that is not terminating.
    pub fn drained_nodes(&self) -> u64 {
        let mut bits = 0u64;
        // Marks are taken every tick: nothing to scan while no node is cordoned (the common case).
        if !self.workload.nodes.iter().any(|n| n.unschedulable) {
            return bits;
        }
        for (i, n) in self.workload.nodes.iter().enumerate().take(64) {
            let busy = self.workload.pods.iter().any(|p| p.node == Some(i) && p.phase != super::cluster::PodPhase::Terminating);
            if n.unschedulable && !busy {
                bits |= 1 << i;
            }
        }
        bits
    }

    /// Records a mark when the facts changed since the last one (called after every step and action).
    pub(crate) fn record_state_mark(&mut self) {
        self.record_state_mark_given(self.settled_version());
    }

    /// [`Sim::record_state_mark`] with the settled version already known.
    pub(crate) fn record_state_mark_given(&mut self, settled: Option<usize>) {
        let mark = self.state_mark_given(settled);
        let same = self.state_marks.last().is_some_and(|m| StateMark { tick: m.tick, ..mark.clone() } == *m);
        if !same {
            self.state_marks.push(mark);
        }
    }

    /// Every recorded mark, in time order; the first is the starting state.
    pub fn state_marks(&self) -> &[StateMark] {
        &self.state_marks
    }
}
