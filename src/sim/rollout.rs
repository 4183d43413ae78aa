//! The Argo Rollout and its controller: blue-green and canary.
//!
//! Architecture invariant: like the deployment controller, this module only scales ReplicaSets, points
//! Services at them and sets the canary weight; pods are the cluster module's business. It follows Argo
//! Rollouts' semantics: a blue-green promotion switches the active Service and keeps the old ReplicaSet
//! for `scaleDownDelaySeconds`; a canary walks its steps while a background analysis measures the new
//! version; `abort` sends the weight to 0 and leaves the Rollout Degraded until the stable spec is set
//! again (or `retry`).

use serde::Serialize;

use super::analysis::{AnalysisPhase, AnalysisRun, Sample};
use super::cluster::{Selector, Template};
use super::event::{Level, Source};
use super::scenario::{BlueGreenSpec, CanarySpec, CanaryStep, Measure, Strategy};
use super::simulator::Sim;

/// Rollout phase, as `kubectl argo rollouts get` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RolloutPhase {
    /// Stable and fully available.
    Healthy,
    /// An update is under way.
    Progressing,
    /// Waiting at a pause step, for promotion, or paused by hand.
    Paused,
    /// Aborted or stalled.
    Degraded,
}

impl RolloutPhase {
    /// Name as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutPhase::Healthy => "Healthy",
            RolloutPhase::Progressing => "Progressing",
            RolloutPhase::Paused => "Paused",
            RolloutPhase::Degraded => "Degraded",
        }
    }
}

/// An Argo Rollout.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rollout {
    /// Name.
    pub name: String,
    /// Desired replicas.
    pub replicas: u32,
    /// `blue-green` or `canary`.
    pub strategy: Strategy,
    /// Blue-green settings.
    pub blue_green: BlueGreenSpec,
    /// Canary settings.
    pub canary: CanarySpec,
    /// `spec.template`.
    pub template: Template,
    /// The stable (active) ReplicaSet.
    pub stable_uid: u32,
    /// The ReplicaSet being rolled out (preview / canary), if an update is under way.
    pub new_uid: Option<u32>,
    /// Phase.
    pub phase: RolloutPhase,
    /// Status message (`RolloutAborted: Rollout aborted update to revision 2`, `CanaryPauseStep`, …).
    pub message: String,
    /// `spec.paused` (set by `pause`, cleared by `promote`).
    pub paused: bool,
    /// `status.abort`.
    pub aborted: bool,
    /// Current canary step index (`status.currentStepIndex`).
    pub step: u32,
    /// Canary traffic weight currently applied (0–100).
    pub weight: u32,
    /// A weight set by hand on the traffic router; the controller overwrites it at its next step.
    pub manual_weight: Option<u32>,
    /// The analysis run in progress or last finished.
    pub analysis: Option<AnalysisRun>,
    /// `revisionHistoryLimit`.
    pub history_limit: u32,
    /// `progressDeadlineSeconds`.
    pub progress_deadline: u32,
    /// Creation tick.
    pub created: i64,
    /// Blue-green: the old active ReplicaSet while post-promotion analysis runs.
    pub post_promotion_prev: Option<u32>,
    pub(crate) pause_started: Option<u32>,
    pub(crate) ready_since: Option<u32>,
    pub(crate) promote_requested: bool,
    pub(crate) last_progress: u32,
    pub(crate) last_new_ready: u32,
    pub(crate) analysis_seq: u32,
}

impl Rollout {
    /// Canary weight in effect (a manual override wins until the controller writes again).
    pub fn effective_weight(&self) -> u32 {
        self.manual_weight.unwrap_or(self.weight)
    }

    /// Number of canary steps.
    pub fn step_count(&self) -> u32 {
        u32::try_from(self.canary.steps.len()).unwrap_or(u32::MAX)
    }
}

impl Sim {
    // ----- named operations (what `kubectl argo rollouts …` does) -----

    /// `promote` (one pause step) or `promote --full` (skip the remaining steps); blue-green
    /// switches at the next reconcile. Unpauses the rollout either way.
    pub(crate) fn promote_rollout(&mut self, full: bool) {
        let Some(ro) = self.workload.rollout.as_mut() else { return };
        ro.paused = false;
        if ro.new_uid.is_some() && !ro.aborted {
            match ro.strategy {
                Strategy::Canary => {
                    if full {
                        ro.step = ro.step_count();
                    } else if matches!(ro.canary.steps.get(ro.step as usize), Some(CanaryStep::Pause(_))) {
                        ro.step += 1;
                    }
                    ro.pause_started = None;
                    ro.phase = RolloutPhase::Progressing;
                }
                _ => {
                    ro.promote_requested = true;
                }
            }
        }
        let owner = format!("rollout/{}", ro.name);
        self.emit(Source::Argo, Level::Normal, "RolloutResumed", &owner, if full { "Rollout fully promoted".to_string() } else { "Rollout promoted".to_string() });
    }

    /// `pause`.
    pub(crate) fn pause_rollout(&mut self) {
        if let Some(r) = self.workload.rollout.as_mut() {
            r.paused = true;
        }
    }

    fn rollout_owner(&self) -> String {
        self.workload.rollout.as_ref().map(|r| format!("rollout/{}", r.name)).unwrap_or_default()
    }

    fn rs_revision(&self, uid: u32) -> u32 {
        self.rs_index(uid).and_then(|i| self.workload.replicasets.get(i)).map_or(0, |r| r.revision)
    }

    fn rs_name(&self, uid: u32) -> String {
        self.rs_index(uid).and_then(|i| self.workload.replicasets.get(i)).map(|r| r.name.clone()).unwrap_or_default()
    }

    fn set_service_rs(&mut self, svc_name: &str, uid: u32) {
        let hash = self.rs_index(uid).and_then(|i| self.workload.replicasets.get(i)).map(|r| r.hash.clone()).unwrap_or_default();
        let Some(svc) = self.workload.services.iter_mut().find(|s| s.name == svc_name) else { return };
        let before = match svc.selector {
            Selector::ReplicaSet(old) => Some(old),
            _ => None,
        };
        if svc.selector == Selector::ReplicaSet(uid) {
            return;
        }
        svc.selector = Selector::ReplicaSet(uid);
        let from = before.and_then(|u| self.rs_index(u)).and_then(|i| self.workload.replicasets.get(i)).map(|r| r.hash.clone()).unwrap_or_default();
        let owner = self.rollout_owner();
        self.emit(Source::Argo, Level::Normal, "SwitchService", &owner, format!("Switched selector for service '{svc_name}' from '{from}' to '{hash}'"));
    }

    /// Changes the Rollout's template (`set image`, `undo`). Setting it back to the stable template
    /// ends an update (and clears an abort) at once.
    pub(crate) fn rollout_set_template(&mut self, t: Template) {
        let tick = self.tick;
        let Some(ro) = self.workload.rollout.as_ref() else { return };
        if ro.template == t && !ro.aborted {
            return;
        }
        let stable_uid = ro.stable_uid;
        let stable_t = self.rs_index(stable_uid).and_then(|i| self.workload.replicasets.get(i)).map(|r| r.template);
        let old_new = ro.new_uid;
        let idx = self.adopt_template(t, None);
        let uid = self.workload.replicasets.get(idx).map_or(0, |r| r.uid);
        let Some(ro) = self.workload.rollout.as_mut() else { return };
        ro.template = t;
        ro.aborted = false;
        ro.step = 0;
        ro.weight = 0;
        ro.manual_weight = None;
        ro.pause_started = None;
        ro.ready_since = None;
        ro.promote_requested = false;
        ro.last_progress = tick;
        ro.last_new_ready = 0;
        if let Some(a) = ro.analysis.as_mut() {
            a.complete();
        }
        if stable_t == Some(t) {
            ro.new_uid = None;
            ro.phase = RolloutPhase::Healthy;
            ro.message = String::new();
            if let Some(old) = old_new.filter(|u| *u != stable_uid)
                && let Some(i) = self.rs_index(old)
                    && let Some(rs) = self.workload.replicasets.get_mut(i) {
                        rs.scale_down_at = Some(tick + 30);
                    }
            let svc = self.rollout_preview_service();
            self.set_service_rs(&svc, stable_uid);
            return;
        }
        ro.new_uid = Some(uid);
        ro.phase = RolloutPhase::Progressing;
        ro.message = "more replicas need to be updated".to_string();
        if let Some(rs) = self.workload.replicasets.get_mut(idx) {
            rs.scale_down_at = None;
        }
        if let Some(old) = old_new.filter(|u| *u != uid && *u != stable_uid)
            && let Some(i) = self.rs_index(old)
                && let Some(rs) = self.workload.replicasets.get_mut(i) {
                    rs.scale_down_at = Some(tick + 30);
                }
        self.start_canary_analysis();
    }

    fn rollout_preview_service(&self) -> String {
        let Some(ro) = self.workload.rollout.as_ref() else { return String::new() };
        match ro.strategy {
            Strategy::Canary => format!("{}-canary", ro.name),
            _ => format!("{}-preview", ro.name),
        }
    }

    fn start_canary_analysis(&mut self) {
        let tick = self.tick;
        let Some(ro) = self.workload.rollout.as_ref() else { return };
        if ro.strategy != Strategy::Canary {
            return;
        }
        let Some(spec) = ro.canary.analysis.clone() else { return };
        let Some(uid) = ro.new_uid else { return };
        let rs_name = self.rs_name(uid);
        let rev = self.rs_revision(uid);
        let owner = self.rollout_owner();
        let Some(ro) = self.workload.rollout.as_mut() else { return };
        ro.analysis_seq += 1;
        let name = format!("{rs_name}-{rev}-{}", ro.analysis_seq);
        ro.analysis = Some(AnalysisRun::start(name.clone(), &spec, tick));
        self.emit(Source::Argo, Level::Normal, "AnalysisRunRunning", &owner, format!("Analysis Run '{name}' Status New: 'Running' Previous: ''"));
    }

    /// Aborts the update in progress with `reason` appended to the standard message.
    pub(crate) fn rollout_abort(&mut self, detail: Option<String>) {
        let tick = self.tick;
        let Some(ro) = self.workload.rollout.as_ref() else { return };
        let Some(uid) = ro.new_uid else {
            return;
        };
        let rev = self.rs_revision(uid);
        let owner = self.rollout_owner();
        let mut message = format!("RolloutAborted: Rollout aborted update to revision {rev}");
        if let Some(d) = &detail {
            message.push_str(": ");
            message.push_str(d);
        }
        if let Some(i) = self.rs_index(uid)
            && let Some(rs) = self.workload.replicasets.get_mut(i) {
                rs.scale_down_at = Some(tick + 30);
            }
        let Some(ro) = self.workload.rollout.as_mut() else { return };
        ro.aborted = true;
        ro.weight = 0;
        ro.manual_weight = None;
        ro.phase = RolloutPhase::Degraded;
        ro.message = message.clone();
        ro.pause_started = None;
        if let Some(a) = ro.analysis.as_mut()
            && a.phase == AnalysisPhase::Running {
                a.phase = AnalysisPhase::Inconclusive;
            }
        self.emit(Source::Argo, Level::Warning, "RolloutAborted", &owner, message.trim_start_matches("RolloutAborted: ").to_string());
    }

    /// One tick of the Argo Rollouts controller.
    pub(crate) fn rollout_step(&mut self) {
        let tick = self.tick;
        let Some(ro) = self.workload.rollout.as_ref() else { return };
        let owner = self.rollout_owner();
        let (replicas, stable_uid, new_uid, aborted, strategy, paused) =
            (ro.replicas, ro.stable_uid, ro.new_uid, ro.aborted, ro.strategy, ro.paused);

        // Delayed scale-downs (scaleDownDelaySeconds, abortScaleDownDelaySeconds).
        for i in 0..self.workload.replicasets.len() {
            let due = self.workload.replicasets.get(i).and_then(|r| r.scale_down_at).is_some_and(|t| tick >= t);
            if due {
                if let Some(rs) = self.workload.replicasets.get_mut(i) {
                    rs.scale_down_at = None;
                }
                self.scale_rs(i, 0, &owner);
            }
        }
        // The stable ReplicaSet always runs at full size.
        if let Some(i) = self.rs_index(stable_uid) {
            self.scale_rs(i, replicas, &owner);
        }
        let Some(new_uid) = new_uid else {
            if let Some(ro) = self.workload.rollout.as_mut()
                && (ro.phase != RolloutPhase::Degraded || !ro.aborted) {
                    ro.phase = if paused { RolloutPhase::Paused } else { RolloutPhase::Healthy };
                    ro.message = if paused { "manually paused".to_string() } else { String::new() };
                }
            let census = self.rs_census();
            self.cleanup_history(stable_uid, self.workload.rollout.as_ref().map_or(10, |r| r.history_limit), &census);
            return;
        };
        if aborted {
            return;
        }
        let Some(new_idx) = self.rs_index(new_uid) else { return };
        let (_, new_ready) = self.rs_pod_counts(new_uid);
        match strategy {
            Strategy::BlueGreen => self.blue_green_step(new_idx, new_uid, new_ready, &owner),
            Strategy::Canary => self.canary_step(new_idx, new_uid, new_ready, &owner),
            Strategy::Rolling | Strategy::StatefulSet => {}
        }
        // Progress deadline (Degraded, but nothing is rolled back).
        let rs_name = self.rs_name(new_uid);
        let Some(ro) = self.workload.rollout.as_mut() else { return };
        if ro.new_uid.is_none() || ro.aborted {
            return;
        }
        if new_ready > ro.last_new_ready || ro.phase == RolloutPhase::Paused {
            ro.last_progress = tick;
        }
        ro.last_new_ready = new_ready;
        if ro.phase != RolloutPhase::Degraded && tick.saturating_sub(ro.last_progress) > ro.progress_deadline {
            ro.phase = RolloutPhase::Degraded;
            ro.message = format!("ProgressDeadlineExceeded: ReplicaSet \"{rs_name}\" has timed out progressing.");
            self.emit(Source::Argo, Level::Warning, "RolloutTimedOut", &owner, format!("ReplicaSet \"{rs_name}\" has timed out progressing."));
        }
    }

    fn blue_green_step(&mut self, new_idx: usize, new_uid: u32, new_ready: u32, owner: &str) {
        let tick = self.tick;
        let Some(ro) = self.workload.rollout.as_ref() else { return };
        let replicas = ro.replicas;
        let bg = ro.blue_green.clone();
        let preview_count = bg.preview_replica_count.unwrap_or(replicas).min(replicas);
        let promoting = ro.promote_requested;
        let paused = ro.paused;
        let name = ro.name.clone();
        let want = if promoting { replicas } else { preview_count };
        self.scale_rs(new_idx, want, owner);
        self.set_service_rs(&format!("{name}-preview"), new_uid);
        if new_ready < preview_count {
            if let Some(ro) = self.workload.rollout.as_mut()
                && ro.phase != RolloutPhase::Degraded {
                    ro.phase = RolloutPhase::Progressing;
                    ro.message = "more replicas need to be updated".to_string();
                }
            return;
        }
        let Some(ro) = self.workload.rollout.as_mut() else { return };
        let since = *ro.ready_since.get_or_insert(tick);
        if !ro.promote_requested {
            if paused {
                ro.phase = RolloutPhase::Paused;
                ro.message = "manually paused".to_string();
                return;
            }
            if bg.auto_promotion_enabled && tick >= since + bg.auto_promotion_seconds.0 {
                ro.promote_requested = true;
            } else {
                if ro.phase != RolloutPhase::Paused {
                    ro.phase = RolloutPhase::Paused;
                    ro.message = "BlueGreenPause".to_string();
                    self.emit(Source::Argo, Level::Normal, "RolloutPaused", owner, "Rollout is paused (BlueGreenPause)".to_string());
                }
                return;
            }
        }
        // Promotion: wait for full size, then switch the active service.
        self.scale_rs(new_idx, replicas, owner);
        if new_ready < replicas {
            if let Some(ro) = self.workload.rollout.as_mut() {
                ro.phase = RolloutPhase::Progressing;
                ro.message = "updated replicas are still becoming available".to_string();
            }
            return;
        }
        let Some(ro) = self.workload.rollout.as_ref() else { return };
        let old_stable = ro.stable_uid;
        self.set_service_rs(&format!("{name}-active"), new_uid);
        let rev = self.rs_revision(new_uid);
        let delay = bg.scale_down_delay.0;
        let Some(ro) = self.workload.rollout.as_mut() else { return };
        ro.stable_uid = new_uid;
        ro.new_uid = None;
        ro.promote_requested = false;
        ro.ready_since = None;
        ro.phase = RolloutPhase::Healthy;
        ro.message = String::new();
        if let Some(spec) = bg.post_promotion_analysis.as_ref() {
            ro.post_promotion_prev = Some(old_stable);
            ro.analysis_seq += 1;
            let aname = format!("{}-{rev}-{}", self.rs_name(new_uid), self.workload.rollout.as_ref().map_or(0, |r| r.analysis_seq));
            if let Some(ro) = self.workload.rollout.as_mut() {
                ro.analysis = Some(AnalysisRun::start(aname, spec, tick));
            }
        } else if let Some(i) = self.rs_index(old_stable)
            && let Some(rs) = self.workload.replicasets.get_mut(i) {
                rs.scale_down_at = Some(tick + delay);
            }
        self.emit(Source::Argo, Level::Normal, "RolloutCompleted", owner, format!("Rollout completed update to revision {rev}: switched active service to the new ReplicaSet"));
    }

    fn canary_step(&mut self, new_idx: usize, new_uid: u32, new_ready: u32, owner: &str) {
        let tick = self.tick;
        let Some(ro) = self.workload.rollout.as_ref() else { return };
        let replicas = ro.replicas;
        let steps = ro.canary.steps.clone();
        let step = ro.step as usize;
        let paused = ro.paused;
        let name = ro.name.clone();
        self.set_service_rs(&format!("{name}-canary"), new_uid);
        // Background analysis.
        self.canary_analysis_tick(new_uid);
        if self.workload.rollout.as_ref().is_none_or(|r| r.aborted) {
            return;
        }
        if paused {
            if let Some(ro) = self.workload.rollout.as_mut() {
                ro.phase = RolloutPhase::Paused;
                ro.message = "manually paused".to_string();
            }
            return;
        }
        let total = steps.len();
        match steps.get(step) {
            Some(CanaryStep::SetWeight(w)) => {
                let w = (*w).min(100);
                let want = ((u64::from(replicas) * u64::from(w)).div_ceil(100)) as u32;
                self.scale_rs(new_idx, want, owner);
                let Some(ro) = self.workload.rollout.as_mut() else { return };
                ro.phase = RolloutPhase::Progressing;
                ro.message = "more replicas need to be updated".to_string();
                if new_ready >= want {
                    ro.weight = w;
                    ro.manual_weight = None;
                    ro.step += 1;
                    self.emit(Source::Argo, Level::Normal, "RolloutStepCompleted", owner, format!("Rollout step {}/{total} completed (setWeight: {w})", step + 1));
                }
            }
            Some(CanaryStep::Pause(p)) => {
                let Some(ro) = self.workload.rollout.as_mut() else { return };
                let started = *ro.pause_started.get_or_insert(tick);
                if started == tick {
                    ro.phase = RolloutPhase::Paused;
                    ro.message = "CanaryPauseStep".to_string();
                    self.emit(Source::Argo, Level::Normal, "RolloutPaused", owner, "Rollout is paused (CanaryPauseStep)".to_string());
                }
                let Some(ro) = self.workload.rollout.as_mut() else { return };
                if p.duration.is_some_and(|d| tick >= started + d.0) {
                    ro.pause_started = None;
                    ro.step += 1;
                    ro.phase = RolloutPhase::Progressing;
                    let d = p.duration.map_or(0, |d| d.0);
                    self.emit(Source::Argo, Level::Normal, "RolloutStepCompleted", owner, format!("Rollout step {}/{total} completed (pause: {d}s)", step + 1));
                }
            }
            None => {
                // All steps done: scale the canary to full size, then make it stable.
                self.scale_rs(new_idx, replicas, owner);
                if new_ready < replicas {
                    if let Some(ro) = self.workload.rollout.as_mut() {
                        ro.phase = RolloutPhase::Progressing;
                        ro.message = "updated replicas are still becoming available".to_string();
                    }
                    return;
                }
                let Some(ro) = self.workload.rollout.as_ref() else { return };
                let old_stable = ro.stable_uid;
                let delay = ro.canary.scale_down_delay.0;
                let rev = self.rs_revision(new_uid);
                self.set_service_rs(&name, new_uid);
                if let Some(i) = self.rs_index(old_stable)
                    && let Some(rs) = self.workload.replicasets.get_mut(i) {
                        rs.scale_down_at = Some(tick + delay);
                    }
                let Some(ro) = self.workload.rollout.as_mut() else { return };
                ro.stable_uid = new_uid;
                ro.new_uid = None;
                ro.weight = 0;
                ro.manual_weight = None;
                ro.phase = RolloutPhase::Healthy;
                ro.message = String::new();
                if let Some(a) = ro.analysis.as_mut() {
                    a.complete();
                }
                self.emit(Source::Argo, Level::Normal, "RolloutCompleted", owner, format!("Rollout completed update to revision {rev}: Completed all {total} canary steps"));
            }
        }
    }

    /// Records a measurement of the running analysis for ReplicaSet `uid` when one is due; returns
    /// whether it did. Shared by the canary analysis and blue-green's post-promotion analysis.
    fn measure_analysis(&mut self, uid: u32) -> bool {
        let tick = self.tick;
        let Some(ro) = self.workload.rollout.as_ref() else { return false };
        let Some(run) = ro.analysis.as_ref() else { return false };
        if !run.due(tick) {
            return false;
        }
        let interval = run.spec().interval.0;
        let measure = run.spec().measure;
        let vid = self.rs_index(uid).and_then(|i| self.workload.replicasets.get(i)).map_or(0, |r| r.template.vid);
        let sample = if self.global_traits.analysis_error {
            Sample::ProviderError("Post \"http://prometheus.monitoring:9090/api/v1/query\": dial tcp 10.96.0.15:9090: connect: connection refused".to_string())
        } else {
            match self.telemetry.metrics.window_for_version(vid, tick, interval) {
                None => Sample::NoData,
                Some(w) => Sample::Value(match measure {
                    Measure::SuccessRate => round4(w.success_rate),
                    Measure::ErrorRate => round4(1.0 - w.success_rate),
                    Measure::LatencyP99 => w.p99_ms.round(),
                }),
            }
        };
        let Some(run) = self.workload.rollout.as_mut().and_then(|r| r.analysis.as_mut()) else { return false };
        run.record(tick, sample);
        true
    }

    /// Takes a measurement for the canary analysis when one is due, and aborts on its failure.
    fn canary_analysis_tick(&mut self, uid: u32) {
        if !self.measure_analysis(uid) {
            return;
        }
        let owner = self.rollout_owner();
        let Some(ro) = self.workload.rollout.as_mut() else { return };
        let Some(run) = ro.analysis.as_mut() else { return };
        let phase = run.phase;
        let msg = run.message.clone();
        let name = run.name.clone();
        match phase {
            AnalysisPhase::Failed | AnalysisPhase::Error => {
                self.emit(
                    Source::Argo,
                    Level::Warning,
                    if phase == AnalysisPhase::Failed { "AnalysisRunFailed" } else { "AnalysisRunError" },
                    &owner,
                    format!("Analysis Run '{name}' Status New: '{}' Previous: 'Running'", phase.as_str()),
                );
                self.rollout_abort(msg);
            }
            _ => {}
        }
    }

    /// Post-promotion analysis for blue-green: on failure the active service goes back to the old
    /// ReplicaSet (if it still runs) and the Rollout aborts.
    pub(crate) fn post_promotion_tick(&mut self) {
        let tick = self.tick;
        let Some(ro) = self.workload.rollout.as_ref() else { return };
        let Some(prev) = ro.post_promotion_prev else { return };
        let stable = ro.stable_uid;
        let name = ro.name.clone();
        let delay = ro.blue_green.scale_down_delay.0;
        self.measure_analysis(stable);
        let Some(ro) = self.workload.rollout.as_ref() else { return };
        let Some(run) = ro.analysis.as_ref() else { return };
        match run.phase {
            AnalysisPhase::Running => {}
            AnalysisPhase::Successful | AnalysisPhase::Inconclusive => {
                if let Some(i) = self.rs_index(prev)
                    && let Some(rs) = self.workload.replicasets.get_mut(i) {
                        rs.scale_down_at = Some(tick + delay);
                    }
                if let Some(ro) = self.workload.rollout.as_mut() {
                    ro.post_promotion_prev = None;
                }
            }
            AnalysisPhase::Failed | AnalysisPhase::Error => {
                let msg = run.message.clone();
                let rev = self.rs_revision(stable);
                self.set_service_rs(&format!("{name}-active"), prev);
                let owner = self.rollout_owner();
                let mut message = format!("RolloutAborted: Rollout aborted update to revision {rev}");
                if let Some(m) = msg {
                    message.push_str(": ");
                    message.push_str(&m);
                }
                if let Some(i) = self.rs_index(stable)
                    && let Some(rs) = self.workload.replicasets.get_mut(i) {
                        rs.scale_down_at = Some(tick + 30);
                    }
                if let Some(ro) = self.workload.rollout.as_mut() {
                    ro.stable_uid = prev;
                    ro.new_uid = Some(stable);
                    ro.post_promotion_prev = None;
                    ro.aborted = true;
                    ro.phase = RolloutPhase::Degraded;
                    ro.message = message.clone();
                }
                self.emit(Source::Argo, Level::Warning, "RolloutAborted", &owner, message.trim_start_matches("RolloutAborted: ").to_string());
            }
        }
    }

    /// `kubectl argo rollouts status` lines: (stdout line, optional error line).
    pub fn rollout_status_line(&self) -> (String, Option<String>) {
        let Some(ro) = self.workload.rollout.as_ref() else { return (String::new(), None) };
        match ro.phase {
            RolloutPhase::Healthy => ("Healthy".to_string(), None),
            RolloutPhase::Degraded => (
                format!("Degraded - {}", ro.message),
                Some(format!("Error: The rollout is in a degraded state with message: {}", ro.message)),
            ),
            RolloutPhase::Paused => (format!("Paused - {}", ro.message), None),
            RolloutPhase::Progressing => {
                let msg = if ro.strategy == Strategy::Canary && ro.new_uid.is_some() && (ro.step as usize) < ro.canary.steps.len() {
                    "waiting for all steps to complete".to_string()
                } else {
                    ro.message.clone()
                };
                (format!("Progressing - {msg}"), None)
            }
        }
    }

    /// `retry`: restarts an aborted update from step 0 with a fresh analysis.
    pub(crate) fn rollout_retry(&mut self) {
        let tick = self.tick;
        let Some(ro) = self.workload.rollout.as_mut() else { return };
        if !ro.aborted {
            return;
        }
        let Some(uid) = ro.new_uid else { return };
        ro.aborted = false;
        ro.step = 0;
        ro.weight = 0;
        ro.manual_weight = None;
        ro.pause_started = None;
        ro.ready_since = None;
        ro.promote_requested = false;
        ro.last_progress = tick;
        ro.last_new_ready = 0;
        ro.phase = RolloutPhase::Progressing;
        ro.message = "more replicas need to be updated".to_string();
        if let Some(i) = self.rs_index(uid)
            && let Some(rs) = self.workload.replicasets.get_mut(i) {
                rs.scale_down_at = None;
            }
        self.start_canary_analysis();
    }

    /// `undo` for a Rollout: back to the previous revision's template.
    pub(crate) fn rollout_undo(&mut self, to_revision: Option<u32>) -> Result<String, String> {
        let Some(ro) = self.workload.rollout.as_ref() else { return Err("no rollout".to_string()) };
        let name = ro.name.clone();
        let current = ro.template;
        let current_rev = self.rs_for_template(current).and_then(|i| self.workload.replicasets.get(i)).map_or(0, |r| r.revision);
        let target = match to_revision {
            Some(rev) if rev > 0 => match self.workload.replicasets.iter().find(|r| r.revision == rev) {
                Some(r) => r.template,
                None => return Err(format!("Error: unable to find specified revision {rev} in history")),
            },
            _ => match self.workload.replicasets.iter().filter(|r| r.revision < current_rev).max_by_key(|r| r.revision) {
                Some(r) => r.template,
                None => return Err(format!("Error: no rollout history found for rollout \"{name}\"")),
            },
        };
        self.rollout_set_template(target);
        Ok(format!("rollout '{name}' undo"))
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
