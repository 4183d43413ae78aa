//! The Kubernetes Deployment and its rolling-update controller.
//!
//! Architecture invariant: the controller only scales ReplicaSets (through `Sim::scale_rs`) and keeps the
//! Deployment's conditions; it never touches pods. Its arithmetic follows the upstream controller:
//! surge rounds up, unavailability rounds down, both zero means one unavailable; a stalled rollout gets
//! `Progressing=False` with reason `ProgressDeadlineExceeded` and nothing rolls back by itself.

use serde::Serialize;

use super::cluster::{ReplicaSet, RsCensus, RsPods, Template};
use super::event::{Level, Source};
use super::scenario::IntOrPercent;
use super::simulator::Sim;

/// The Deployment's `Progressing` condition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Progressing {
    /// `True` or `False` (`Unknown` while paused).
    pub status: &'static str,
    /// `NewReplicaSetAvailable`, `ReplicaSetUpdated`, `ProgressDeadlineExceeded`, `DeploymentPaused`, …
    pub reason: &'static str,
    /// Condition message.
    pub message: String,
}

impl Progressing {
    /// Sets the condition to `reason` with the message `ReplicaSet "RS" WHAT`, writing the message
    /// only when it changes (the controller sets the same condition every tick of a settled
    /// Deployment).
    fn set(&mut self, status: &'static str, reason: &'static str, rs: &str, what: &str) {
        let same = self.reason == reason
            && self.message.strip_prefix("ReplicaSet \"").and_then(|m| m.strip_suffix(what)).and_then(|m| m.strip_suffix("\" ")) == Some(rs);
        self.status = status;
        self.reason = reason;
        if !same {
            self.message = format!("ReplicaSet \"{rs}\" {what}");
        }
    }
}

/// A Deployment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deployment {
    /// Name.
    pub name: String,
    /// Desired replicas.
    pub replicas: u32,
    /// `spec.paused`.
    pub paused: bool,
    /// The pod template (`spec.template`).
    pub template: Template,
    /// `revisionHistoryLimit`.
    pub history_limit: u32,
    /// `maxSurge`.
    pub max_surge: IntOrPercent,
    /// `maxUnavailable`.
    pub max_unavailable: IntOrPercent,
    /// `progressDeadlineSeconds`.
    pub progress_deadline: u32,
    /// The Progressing condition.
    pub progressing: Progressing,
    /// Creation tick.
    pub created: i64,
    /// Tick of the last observed progress.
    pub(crate) last_progress: u32,
    /// Ready pods of the new ReplicaSet at the last tick (progress detection).
    pub(crate) last_new_ready: u32,
}

/// Counts `kubectl` shows for a Deployment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DeploymentStatus {
    /// Pods of every ReplicaSet (`status.replicas`).
    pub replicas: u32,
    /// Pods of the current template (`UP-TO-DATE`).
    pub updated: u32,
    /// Ready pods (`AVAILABLE`).
    pub available: u32,
    /// Ready pods of the current template.
    pub updated_available: u32,
}

impl Sim {
    // ----- named operations (what the console's commands do to the workload) -----

    /// `kubectl set image` / `kubectl argo rollouts set image`: the workload's template moves to
    /// the image tag (a tag nobody built fails to pull).
    pub(crate) fn set_workload_image(&mut self, tag: &str, change_cause: Option<String>) {
        let vid = self.intern_version(tag);
        let restart_gen = self.current_template().restart_gen;
        self.set_workload_template(Template { vid, restart_gen }, change_cause);
    }

    /// `kubectl scale deployment|rollout`: the desired replica count.
    pub(crate) fn scale_workload(&mut self, replicas: u32) {
        if let Some(d) = self.workload.deployment.as_mut() {
            d.replicas = replicas;
        }
        if let Some(r) = self.workload.rollout.as_mut() {
            r.replicas = replicas;
        }
        self.statefulset_scale(replicas);
    }

    /// `kubectl rollout pause`.
    pub(crate) fn pause_deployment(&mut self) {
        if let Some(d) = self.workload.deployment.as_mut() {
            d.paused = true;
        }
    }

    /// `kubectl rollout resume`: progress is measured again from now.
    pub(crate) fn resume_deployment(&mut self) {
        let tick = self.tick;
        if let Some(d) = self.workload.deployment.as_mut() {
            d.paused = false;
            d.last_progress = tick;
            if d.progressing.reason == "DeploymentPaused" {
                d.progressing = Progressing { status: "Unknown", reason: "DeploymentResumed", message: "Deployment is resumed".to_string() };
            }
        }
    }

    /// `kubectl rollout restart`: the same version under a new template (new pods, same image).
    pub(crate) fn restart_deployment(&mut self) {
        let Some(t) = self.workload.deployment.as_ref().map(|d| d.template) else { return };
        let max_gen = self.workload.replicasets.iter().map(|r| r.template.restart_gen).max().unwrap_or(0);
        self.deployment_set_template(Template { vid: t.vid, restart_gen: max_gen + 1 }, None);
    }

    /// Index of the ReplicaSet of the Deployment's current template.
    pub(crate) fn deployment_new_rs(&self) -> Option<usize> {
        let d = self.workload.deployment.as_ref()?;
        self.rs_for_template(d.template)
    }

    /// The Deployment's status counts.
    pub fn deployment_status(&self) -> DeploymentStatus {
        self.deployment_status_of(&self.rs_census())
    }

    /// [`Sim::deployment_status`] from a census of the pods taken now.
    fn deployment_status_of(&self, census: &RsCensus) -> DeploymentStatus {
        let mut st = DeploymentStatus::default();
        let new_uid = self.deployment_new_rs().and_then(|i| self.workload.replicasets.get(i)).map(|r| r.uid);
        for rs in &self.workload.replicasets {
            let RsPods { total, ready, .. } = census.of(rs.uid);
            st.replicas += total;
            st.available += ready;
            if Some(rs.uid) == new_uid {
                st.updated += total;
                st.updated_available += ready;
            }
        }
        st
    }

    /// Changes the Deployment's template (set image, undo, restart). The controller picks it up
    /// on the next tick unless the Deployment is paused.
    pub(crate) fn deployment_set_template(&mut self, t: Template, change_cause: Option<String>) {
        let tick = self.tick;
        let Some(d) = self.workload.deployment.as_mut() else { return };
        if d.template == t {
            return;
        }
        d.template = t;
        d.last_progress = tick;
        d.last_new_ready = 0;
        if !d.paused {
            self.adopt_template(t, change_cause);
        } else {
            self.pending_change_cause = change_cause;
        }
    }

    /// One tick of the deployment controller; `census` counts the pods as they are now.
    pub(crate) fn deployment_step(&mut self, census: &RsCensus) {
        let tick = self.tick;
        let Some(d) = self.workload.deployment.as_ref() else { return };
        let (replicas, paused, template) = (d.replicas, d.paused, d.template);
        let (surge_cfg, unavailable_cfg) = (d.max_surge, d.max_unavailable);
        if paused {
            if let Some(d) = self.workload.deployment.as_mut() {
                d.last_progress = tick;
                if d.progressing.reason != "ProgressDeadlineExceeded" {
                    d.progressing = Progressing { status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused".to_string() };
                }
            }
            return;
        }
        let new_idx = match self.rs_for_template(template) {
            Some(i) => i,
            None => {
                let cause = self.pending_change_cause.take();
                self.adopt_template(template, cause)
            }
        };
        let surge = surge_cfg.resolve(replicas, true);
        let mut unavailable = unavailable_cfg.resolve(replicas, false);
        if surge == 0 && unavailable == 0 {
            unavailable = 1;
        }
        let new_uid = self.workload.replicasets.get(new_idx).map_or(0, |r| r.uid);
        let new_replicas = self.workload.replicasets.get(new_idx).map_or(0, |r| r.replicas);
        // Scaling ReplicaSets below creates and deletes no pod (the ReplicaSet controller does, later
        // in the tick), so one census serves the whole step.
        let has_old_pods = self.workload.replicasets.iter().any(|r| r.uid != new_uid && (r.replicas > 0 || census.of(r.uid).any));
        let mut progressed = false;

        if !has_old_pods {
            // No rollout in progress: plain scaling.
            if new_replicas != replicas {
                self.scale_rs(new_idx, replicas, &self.deployment_owner());
                progressed = true;
            }
        } else {
            // Scale up the new ReplicaSet within maxSurge.
            let total: u32 = self.workload.replicasets.iter().map(|r| r.replicas).sum();
            let max_total = replicas + surge;
            if new_replicas < replicas && total < max_total {
                let up = (max_total - total).min(replicas - new_replicas);
                self.scale_rs(new_idx, new_replicas + up, &self.deployment_owner());
                progressed = true;
            }
            // Scale down old ReplicaSets within maxUnavailable.
            let all_pods: u32 = self.workload.replicasets.iter().map(|r| r.replicas).sum();
            let min_available = replicas.saturating_sub(unavailable);
            let new_ready = census.of(new_uid).ready;
            let new_now = self.workload.replicasets.get(new_idx).map_or(0, |r| r.replicas);
            let new_unavailable = new_now.saturating_sub(new_ready);
            // Old pods that are not ready can always go (cleanupUnhealthyReplicas); ready ones only
            // down to minAvailable.
            let mut budget = all_pods.saturating_sub(min_available).saturating_sub(new_unavailable);
            let mut old: Vec<(u32, usize)> = self
                .workload.replicasets
                .iter()
                .enumerate()
                .filter(|(_, r)| r.uid != new_uid && r.replicas > 0)
                .map(|(i, r)| (r.revision, i))
                .collect();
            crate::sort::sort(&mut old);
            for &(_, i) in &old {
                let (uid, reps) = match self.workload.replicasets.get(i) {
                    Some(r) => (r.uid, r.replicas),
                    None => continue,
                };
                let ready = census.of(uid).ready;
                let unhealthy = reps.saturating_sub(ready);
                let mut down = unhealthy.min(reps);
                let remaining = reps - down;
                let extra = budget.min(remaining);
                budget -= extra;
                down += extra;
                if down > 0 {
                    self.scale_rs(i, reps - down, &self.deployment_owner());
                    progressed = true;
                }
            }
        }

        // Conditions and the progress deadline.
        let new_ready = census.of(new_uid).ready;
        let st = self.deployment_status_of(census);
        let complete = st.updated == replicas && st.replicas == replicas && st.available == replicas
            && !self.workload.replicasets.iter().any(|r| r.uid != new_uid && census.of(r.uid).any);
        let Some(rs) = self.workload.replicasets.get(new_idx) else { return };
        let Some(d) = self.workload.deployment.as_mut() else { return };
        if new_ready > d.last_new_ready {
            progressed = true;
        }
        d.last_new_ready = new_ready;
        let mut timed_out = false;
        if complete {
            d.last_progress = tick;
            d.progressing.set("True", "NewReplicaSetAvailable", &rs.name, "has successfully progressed.");
        } else if progressed {
            d.last_progress = tick;
            d.progressing.set("True", "ReplicaSetUpdated", &rs.name, "is progressing.");
        } else if d.progressing.reason != "ProgressDeadlineExceeded" && tick.saturating_sub(d.last_progress) > d.progress_deadline {
            d.progressing.set("False", "ProgressDeadlineExceeded", &rs.name, "has timed out progressing.");
            timed_out = true;
        }
        let limit = d.history_limit;
        if timed_out {
            let message = d.progressing.message.clone();
            self.emit(Source::Kubernetes, Level::Warning, "ProgressDeadlineExceeded", &self.deployment_owner(), message);
        }
        self.cleanup_history(new_uid, limit, census);
    }

    /// `deployment/NAME`, the owner named in the Deployment controller's events.
    fn deployment_owner(&self) -> String {
        self.workload.deployment.as_ref().map(|d| format!("deployment/{}", d.name)).unwrap_or_default()
    }

    /// Deletes the oldest scaled-down ReplicaSets beyond `revisionHistoryLimit`.
    pub(crate) fn cleanup_history(&mut self, current_uid: u32, limit: u32, census: &RsCensus) {
        let is_idle = |r: &&ReplicaSet| r.uid != current_uid && r.replicas == 0 && r.scale_down_at.is_none() && !census.of(r.uid).any;
        // Counted first: this runs every tick, and there is rarely anything to delete.
        if self.workload.replicasets.iter().filter(is_idle).count() as u64 <= u64::from(limit) {
            return;
        }
        let mut idle: Vec<(u32, u32)> = self.workload.replicasets.iter().filter(is_idle).map(|r| (r.revision, r.uid)).collect();
        crate::sort::sort(&mut idle);
        let drop = idle.len() - limit as usize;
        for &(_, uid) in idle.iter().take(drop) {
            if let Some(i) = self.rs_index(uid) {
                self.workload.replicasets.remove(i);
            }
        }
    }

    /// The line `kubectl rollout status` prints now, and whether it is an error.
    pub fn deployment_rollout_status(&self) -> (String, bool) {
        let Some(d) = self.workload.deployment.as_ref() else { return (String::new(), true) };
        let name = &d.name;
        if d.progressing.reason == "ProgressDeadlineExceeded" {
            return (format!("error: deployment \"{name}\" exceeded its progress deadline"), true);
        }
        let st = self.deployment_status();
        if st.updated < d.replicas {
            return (
                format!("Waiting for deployment \"{name}\" rollout to finish: {} out of {} new replicas have been updated...", st.updated, d.replicas),
                false,
            );
        }
        if st.replicas > st.updated {
            return (
                format!("Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...", st.replicas - st.updated),
                false,
            );
        }
        if st.updated_available < st.updated {
            return (
                format!("Waiting for deployment \"{name}\" rollout to finish: {} of {} updated replicas are available...", st.updated_available, st.updated),
                false,
            );
        }
        (format!("deployment \"{name}\" successfully rolled out"), false)
    }

    /// `kubectl rollout undo`: the message printed, or the error.
    /// The ReplicaSet `kubectl rollout undo` would restore, looked up as kubectl's
    /// `deploymentRevision` does (before any paused check): `--to-revision=N` names one (a negative
    /// or unknown N is "unable to find specified revision N in history"), none means the newest but
    /// one.
    pub(crate) fn deployment_undo_target(&self, to_revision: Option<i64>) -> Result<ReplicaSet, String> {
        let Some(d) = self.workload.deployment.as_ref() else { return Err("no deployment".to_string()) };
        let name = d.name.clone();
        let current_rev = self.rs_for_template(d.template).and_then(|i| self.workload.replicasets.get(i)).map_or(0, |r| r.revision);
        match to_revision {
            Some(rev) if rev != 0 => self
                .workload
                .replicasets
                .iter()
                .find(|r| i64::from(r.revision) == rev)
                .cloned()
                .ok_or_else(|| format!("error: unable to find specified revision {rev} in history")),
            _ => self
                .workload
                .replicasets
                .iter()
                .filter(|r| r.revision < current_rev)
                .max_by_key(|r| r.revision)
                .cloned()
                .ok_or_else(|| format!("error: no rollout history found for deployment \"{name}\"")),
        }
    }

    /// `kubectl rollout undo` (kubectl's `DeploymentRollbacker`, in its order): find the revision,
    /// refuse a paused Deployment, skip when the template already matches, else restore the
    /// revision's template. A server dry run goes through every check and changes nothing; the
    /// client dry run is the console's (it prints the template and never gets here).
    pub(crate) fn deployment_undo(&mut self, to_revision: Option<i64>, server_dry_run: bool) -> Result<String, String> {
        let target = self.deployment_undo_target(to_revision)?;
        let Some(d) = self.workload.deployment.as_ref() else { return Err("no deployment".to_string()) };
        let name = d.name.clone();
        let suffix = if server_dry_run { " (server dry run)" } else { "" };
        if d.paused {
            return Err("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".to_string());
        }
        if target.template == d.template {
            // kubectl prints the revision it was asked for (0 when none was given).
            return Ok(format!(
                "deployment.apps/{name} skipped rollback (current template already matches revision {}){suffix}",
                to_revision.unwrap_or(0)
            ));
        }
        if server_dry_run {
            return Ok(format!("deployment.apps/{name} rolled back{suffix}"));
        }
        let owner = format!("deployment/{name}");
        self.emit(Source::Kubernetes, Level::Normal, "DeploymentRollback", &owner, format!("Rolled back deployment \"{name}\" to revision {}", target.revision));
        self.deployment_set_template(target.template, target.change_cause.clone());
        Ok(format!("deployment.apps/{name} rolled back"))
    }
}
