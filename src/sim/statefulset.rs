//! The Kubernetes StatefulSet and its controller (RollingUpdate with a partition, OrderedReady).
//!
//! Faithful to the upstream controller (`pkg/controller/statefulset/stateful_set_control.go`):
//! - Pods are named `NAME-0 … NAME-(N-1)` and keep their name across recreation; each carries the
//!   ControllerRevision it was made from (`controller-revision-hash`). Revisions are
//!   ControllerRevisions `NAME-<hash>`: a template equal to an older revision reuses it with the next
//!   revision number (that is how `rollout undo` shows up), a new template gets a new one.
//! - One sync, in order: every missing ordinal below `replicas` is created (from the current revision
//!   below the partition, the update revision at or above it) and the sync stops there; a pod that is
//!   terminating, or not Running and Ready, stops the sync (OrderedReady: nothing after it moves);
//!   pods past `replicas` are deleted highest first; then the rolling update deletes the highest
//!   ordinal at or above the partition whose revision is not the update revision, one per sync,
//!   waiting for each to come back Ready.
//! - So when the update revision never becomes Ready, reverting the template does not help by
//!   itself: the sync stops at the broken pod before the update step could replace it. The pod must
//!   be deleted; it is recreated from the (reverted) update revision. This is the "forced rollback"
//!   of the StatefulSet documentation.
//! - Status: `currentRevision` becomes the update revision only once every pod is updated and Ready.
//!
//! Architecture invariant: like the real controller (which owns pods directly, without ReplicaSets),
//! it creates and deletes pods itself; the kubelets and the scheduler move them as any other pod. A
//! StatefulSet pod's `rs_uid` is the uid of its ControllerRevision (no ReplicaSet has it, so the
//! ReplicaSet controller never touches these pods).

use serde::Serialize;

use super::cluster::{Pod, PodPhase, Template, template_hash};
use super::event::{Level, Source};
use super::simulator::Sim;

/// A ControllerRevision of the StatefulSet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ControllerRevision {
    /// Stable id (from the workload's uid counter; pods refer to it).
    pub uid: u32,
    /// `<statefulset>-<hash>`.
    pub name: String,
    /// The pod template it records.
    pub template: Template,
    /// `revision`.
    pub revision: u32,
    /// Creation tick.
    pub created: i64,
    /// `kubernetes.io/change-cause` copied from the StatefulSet when it was recorded.
    pub change_cause: Option<String>,
}

/// A PersistentVolumeClaim of the StatefulSet's `volumeClaimTemplates` (`data-<pod>`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Claim {
    /// `data-<statefulset>-<ordinal>`.
    pub name: String,
    /// The bound volume (`pvc-…`).
    pub volume: String,
    /// Creation tick.
    pub created: i64,
    /// Deleted while a pod still used it: it stays `Terminating` (pvc-protection) until that pod
    /// is gone, then it and its data are gone.
    pub deleting: bool,
}

/// A StatefulSet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatefulSet {
    /// Name (also the pods' name prefix).
    pub name: String,
    /// `spec.replicas`.
    pub replicas: u32,
    /// `spec.template`.
    pub template: Template,
    /// `spec.updateStrategy.rollingUpdate.partition`.
    pub partition: u32,
    /// `revisionHistoryLimit`.
    pub history_limit: u32,
    /// Creation tick.
    pub created: i64,
    /// `metadata.generation`: bumped by every spec change.
    pub generation: u32,
    /// `status.observedGeneration`.
    pub observed_generation: u32,
    /// `status.currentRevision` (a ControllerRevision name).
    pub current_revision: String,
    /// `status.updateRevision`.
    pub update_revision: String,
    /// The change cause the next new revision records.
    pub(crate) pending_change_cause: Option<String>,
}

/// `status` counts of a StatefulSet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatefulSetStatus {
    /// Pods that exist (terminating ones included).
    pub replicas: u32,
    /// Running and Ready pods.
    pub ready: u32,
    /// Pods (not terminating) of the current revision.
    pub current: u32,
    /// Pods (not terminating) of the update revision.
    pub updated: u32,
}

/// The ordinal of a pod of `set` (`web-2` → 2).
pub fn ordinal(set: &str, pod: &str) -> Option<u32> {
    let rest = pod.strip_prefix(set)?.strip_prefix('-')?;
    if rest.is_empty() || (rest.len() > 1 && rest.starts_with('0')) || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

fn running_and_ready(p: &Pod) -> bool {
    p.ready && p.phase == PodPhase::Running
}

impl Sim {
    /// The StatefulSet (strategy `statefulset`).
    pub fn statefulset(&self) -> Option<&StatefulSet> {
        self.workload.statefulset.as_ref()
    }

    /// The StatefulSet's ControllerRevisions, oldest revision first.
    pub fn controller_revisions(&self) -> Vec<&ControllerRevision> {
        let mut v: Vec<&ControllerRevision> = self.workload.controller_revisions.iter().collect();
        crate::sort::sort_by_key(&mut v, |r| r.revision);
        v
    }

    /// The StatefulSet's PersistentVolumeClaims.
    pub fn claims(&self) -> &[Claim] {
        &self.workload.claims
    }

    /// The ControllerRevision a pod was made from.
    pub(crate) fn pod_revision(&self, p: &Pod) -> Option<&ControllerRevision> {
        self.workload.controller_revisions.iter().find(|r| r.uid == p.rs_uid)
    }

    fn revision_by_name(&self, name: &str) -> Option<&ControllerRevision> {
        self.workload.controller_revisions.iter().find(|r| r.name == name)
    }

    /// The ControllerRevision recording `t`: an equal one is reused (renumbered as the newest when
    /// it is not already), else a new one is made (`getStatefulSetRevisions`).
    pub(crate) fn sts_revision_for(&mut self, t: Template, change_cause: Option<String>) -> String {
        let Some(set) = self.workload.statefulset.as_ref() else { return String::new() };
        let set_name = set.name.clone();
        let max = self.workload.controller_revisions.iter().map(|r| r.revision).max().unwrap_or(0);
        if let Some(r) = self.workload.controller_revisions.iter_mut().find(|r| r.template == t) {
            if r.revision < max {
                r.revision = max + 1;
                if change_cause.is_some() {
                    r.change_cause = change_cause;
                }
            }
            return r.name.clone();
        }
        let hash = template_hash(&set_name, &self.image_of(t.vid), t.restart_gen);
        let uid = self.workload.next_uid;
        self.workload.next_uid += 1;
        let name = format!("{set_name}-{hash}");
        self.workload.controller_revisions.push(ControllerRevision {
            uid,
            name: name.clone(),
            template: t,
            revision: max + 1,
            created: i64::from(self.tick),
            change_cause,
        });
        name
    }

    /// The StatefulSet's status counts now.
    pub fn statefulset_status(&self) -> StatefulSetStatus {
        let mut st = StatefulSetStatus::default();
        let Some(set) = self.workload.statefulset.as_ref() else { return st };
        let cur = self.revision_by_name(&set.current_revision).map(|r| r.uid);
        let upd = self.revision_by_name(&set.update_revision).map(|r| r.uid);
        for p in self.workload.pods.iter().filter(|p| ordinal(&set.name, &p.name).is_some()) {
            st.replicas += 1;
            if running_and_ready(p) {
                st.ready += 1;
            }
            if p.phase != PodPhase::Terminating {
                if Some(p.rs_uid) == cur {
                    st.current += 1;
                }
                if Some(p.rs_uid) == upd {
                    st.updated += 1;
                }
            }
        }
        st
    }

    // ----- named operations -----

    /// A spec change of the StatefulSet (the controller observes it at its next sync).
    fn sts_spec_changed(&mut self) {
        if let Some(s) = self.workload.statefulset.as_mut() {
            s.generation += 1;
        }
    }

    /// `kubectl set image`, `rollout undo`, a patch of the template.
    pub(crate) fn statefulset_set_template(&mut self, t: Template, change_cause: Option<String>) {
        let Some(s) = self.workload.statefulset.as_mut() else { return };
        if s.template == t {
            return;
        }
        s.template = t;
        s.pending_change_cause = change_cause;
        self.sts_spec_changed();
    }

    /// `kubectl scale statefulset`.
    pub(crate) fn statefulset_scale(&mut self, replicas: u32) {
        let Some(s) = self.workload.statefulset.as_mut() else { return };
        if s.replicas != replicas {
            s.replicas = replicas;
            self.sts_spec_changed();
        }
    }

    /// `kubectl patch statefulset … partition`.
    pub(crate) fn statefulset_set_partition(&mut self, partition: u32) {
        let Some(s) = self.workload.statefulset.as_mut() else { return };
        if s.partition != partition {
            s.partition = partition;
            self.sts_spec_changed();
        }
    }

    /// `kubectl delete statefulset NAME [--cascade=orphan]`: the StatefulSet goes; its pods are
    /// deleted too unless orphaned (then they run on, owned by nothing). Claims are never deleted.
    pub(crate) fn delete_statefulset(&mut self, orphan: bool) {
        if self.workload.statefulset.take().is_none() {
            return;
        }
        if !orphan {
            for j in 0..self.workload.pods.len() {
                self.terminate_pod(j);
            }
        }
    }

    /// `kubectl delete pvc NAME`: protected while a pod uses it (Terminating), gone with its data
    /// once no pod does.
    pub(crate) fn delete_claim(&mut self, name: &str) {
        if let Some(c) = self.workload.claims.iter_mut().find(|c| c.name == name) {
            c.deleting = true;
        }
        self.release_claims();
    }

    /// Removes deleted claims no pod uses any more.
    fn release_claims(&mut self) {
        let pods = &self.workload.pods;
        self.workload.claims.retain(|c| !c.deleting || pods.iter().any(|p| c.name.strip_prefix("data-") == Some(p.name.as_str())));
    }

    /// `kubectl rollout undo statefulset/NAME [--to-revision=N]`, as kubectl's
    /// `StatefulSetRollbacker`: the revision to restore (`Err` is kubectl's message).
    pub(crate) fn statefulset_undo_target(&self, to_revision: Option<i64>) -> Result<ControllerRevision, String> {
        let to = to_revision.unwrap_or(0);
        if to < 0 {
            return Err(format!("error: unable to find specified revision {to} in history"));
        }
        let history = self.controller_revisions();
        if to == 0 && history.len() <= 1 {
            return Err("error: no last revision to roll back to".to_string());
        }
        let found = if to == 0 { history.len().checked_sub(2).and_then(|i| history.get(i)) } else { history.iter().find(|r| i64::from(r.revision) == to) };
        found.map(|r| (*r).clone()).ok_or_else(|| format!("error: unable to find specified revision {to} in history"))
    }

    /// Restores a revision's template (after the checks of [`Sim::statefulset_undo_target`]):
    /// `Ok(true)` when it changed the template, `Ok(false)` when it already matched.
    pub(crate) fn statefulset_undo(&mut self, to_revision: Option<i64>, server_dry_run: bool) -> Result<bool, String> {
        let target = self.statefulset_undo_target(to_revision)?;
        let Some(s) = self.workload.statefulset.as_ref() else { return Err("no statefulset".to_string()) };
        if s.template == target.template {
            return Ok(false);
        }
        if !server_dry_run {
            self.statefulset_set_template(target.template, target.change_cause.clone());
        }
        Ok(true)
    }

    // ----- the controller -----

    fn sts_event(&mut self, set: &str, verb: &str, pod: &str) {
        // stateful_pod_control.go's recordPodEvent.
        let lower = verb.to_ascii_lowercase();
        self.emit(Source::Kubernetes, Level::Normal, &format!("Successful{verb}"), format!("statefulset/{set}"), format!("{lower} Pod {pod} in StatefulSet {set} successful"));
    }

    fn sts_create_pod(&mut self, set: &str, ord: u32, rev_uid: u32, vid: usize) {
        let name = format!("{set}-{ord}");
        let claim = format!("data-{name}");
        if !self.workload.claims.iter().any(|c| c.name == claim) {
            let volume = format!("pvc-{:08x}-{:04x}", super::event::fnv_str(&format!("{claim}{}", self.tick)) as u32, self.tick & 0xffff);
            self.workload.claims.push(Claim { name: claim, volume, created: i64::from(self.tick), deleting: false });
        }
        self.workload.pods.push(Pod::pending(name.clone(), rev_uid, vid, self.tick));
        self.sts_event(set, "Create", &name);
    }

    fn sts_delete_pod(&mut self, set: &str, j: usize) {
        let name = self.workload.pods.get(j).map(|p| p.name.clone()).unwrap_or_default();
        self.terminate_pod(j);
        self.sts_event(set, "Delete", &name);
    }

    /// One sync of the StatefulSet controller.
    pub(crate) fn statefulset_step(&mut self) {
        self.release_claims();
        let Some(set) = self.workload.statefulset.as_ref() else { return };
        let (name, replicas, partition, template, generation) = (set.name.clone(), set.replicas, set.partition, set.template, set.generation);
        // Revisions: the update revision records the template; the current one stays until the
        // rolling update completes.
        let cause = set.pending_change_cause.clone();
        let update_name = self.sts_revision_for(template, cause);
        let known_current = self.workload.statefulset.as_ref().is_some_and(|s| self.revision_by_name(&s.current_revision).is_some());
        let Some(set) = self.workload.statefulset.as_mut() else { return };
        set.pending_change_cause = None;
        set.update_revision = update_name.clone();
        set.observed_generation = generation;
        if !known_current {
            set.current_revision = update_name.clone();
        }
        let current_name = set.current_revision.clone();
        let (cur_uid, cur_vid) = self.revision_by_name(&current_name).map_or((0, 0), |r| (r.uid, r.template.vid));
        let (upd_uid, upd_vid) = self.revision_by_name(&update_name).map_or((0, 0), |r| (r.uid, r.template.vid));

        self.statefulset_sync(&name, replicas, partition, (cur_uid, cur_vid), (upd_uid, upd_vid));

        // completeRollingUpdate: every pod updated and Ready.
        let st = self.statefulset_status();
        if st.updated == st.replicas && st.ready == st.replicas
            && let Some(s) = self.workload.statefulset.as_mut()
        {
            s.current_revision = s.update_revision.clone();
        }
        self.sts_truncate_history();
    }

    /// `updateStatefulSet` for OrderedReady with a RollingUpdate strategy; returns at the first
    /// thing that blocks, as the monotonic sync does.
    fn statefulset_sync(&mut self, name: &str, replicas: u32, partition: u32, current: (u32, usize), update: (u32, usize)) {
        let find = |sim: &Sim, ord: u32| -> Option<usize> {
            let want = format!("{name}-{ord}");
            sim.workload.pods.iter().position(|p| p.name == want)
        };
        // 1. Living replicas, in ordinal order.
        for ord in 0..replicas {
            let Some(j) = find(self, ord) else {
                let (uid, vid) = if ord < partition { current } else { update };
                self.sts_create_pod(name, ord, uid, vid);
                return;
            };
            let Some(p) = self.workload.pods.get(j) else { return };
            if p.phase == PodPhase::Terminating || !running_and_ready(p) {
                return;
            }
        }
        // 2. Condemned pods (ordinal ≥ replicas), highest first.
        let mut condemned: Vec<(u32, usize)> = self
            .workload
            .pods
            .iter()
            .enumerate()
            .filter_map(|(j, p)| ordinal(name, &p.name).filter(|&o| o >= replicas).map(|o| (o, j)))
            .collect();
        crate::sort::sort(&mut condemned);
        condemned.reverse();
        // The first unhealthy condemned pod (the lowest ordinal) may be deleted even if unhealthy.
        let first_unhealthy = condemned.iter().rev().find(|&&(_, j)| self.workload.pods.get(j).is_some_and(|p| !running_and_ready(p))).map(|&(_, j)| j);
        if let Some(&(_, j)) = condemned.first() {
            let Some(p) = self.workload.pods.get(j) else { return };
            if p.phase == PodPhase::Terminating {
                return;
            }
            if !running_and_ready(p) && Some(j) != first_unhealthy {
                return;
            }
            self.sts_delete_pod(name, j);
            return;
        }
        // 3. The rolling update: the highest ordinal at or above the partition not at the update
        // revision is deleted (it is recreated from the update revision at the next sync).
        for ord in (partition..replicas).rev() {
            let Some(j) = find(self, ord) else { return };
            let Some(p) = self.workload.pods.get(j) else { return };
            if p.rs_uid != update.0 && p.phase != PodPhase::Terminating {
                self.sts_delete_pod(name, j);
                return;
            }
            if !running_and_ready(p) {
                return;
            }
        }
    }

    /// Deletes the oldest revisions no pod, nor the status, uses, beyond `revisionHistoryLimit`.
    fn sts_truncate_history(&mut self) {
        let Some(set) = self.workload.statefulset.as_ref() else { return };
        let limit = set.history_limit as usize;
        let live = [set.current_revision.clone(), set.update_revision.clone()];
        let pods: Vec<u32> = self.workload.pods.iter().map(|p| p.rs_uid).collect();
        let mut idle: Vec<(u32, u32)> = self
            .workload
            .controller_revisions
            .iter()
            .filter(|r| !live.contains(&r.name) && !pods.contains(&r.uid))
            .map(|r| (r.revision, r.uid))
            .collect();
        if idle.len() <= limit {
            return;
        }
        crate::sort::sort(&mut idle);
        let drop: Vec<u32> = idle.iter().take(idle.len() - limit).map(|&(_, u)| u).collect();
        self.workload.controller_revisions.retain(|r| !drop.contains(&r.uid));
    }

    /// The line `kubectl rollout status statefulset/NAME` prints now (`rollout_status.go`'s
    /// `StatefulSetStatusViewer`; the strategy is always RollingUpdate with a partition, which the
    /// API server defaults to 0), and whether the rollout is done.
    pub fn statefulset_rollout_status(&self) -> (String, bool) {
        let Some(s) = self.workload.statefulset.as_ref() else { return (String::new(), true) };
        if s.observed_generation == 0 || s.generation > s.observed_generation {
            return ("Waiting for statefulset spec update to be observed...".to_string(), false);
        }
        let st = self.statefulset_status();
        if st.ready < s.replicas {
            return (format!("Waiting for {} pods to be ready...", s.replicas - st.ready), false);
        }
        let want = s.replicas.saturating_sub(s.partition);
        if s.partition <= s.replicas && st.updated < want {
            return (format!("Waiting for partitioned roll out to finish: {} out of {want} new pods have been updated...", st.updated), false);
        }
        (format!("partitioned roll out complete: {} new pods have been updated...", st.updated), true)
    }

    /// Whether the workload is settled on one version: every desired replica exists, is Running and
    /// Ready, not terminating, and runs the version of the workload's template (a StatefulSet's
    /// pods, or a Deployment's or Rollout's). `Some(vid)` is that version.
    pub fn settled_version(&self) -> Option<usize> {
        let (vid, want) = self.settled_target()?;
        let mut n = 0u32;
        for p in &self.workload.pods {
            if p.phase == PodPhase::Terminating {
                continue;
            }
            if !running_and_ready(p) || p.vid != vid {
                return None;
            }
            n += 1;
        }
        (n == want && want > 0).then_some(vid)
    }

    /// What [`Sim::settled_version`] checks the pods against: the version of the workload's
    /// template and its desired replicas (`None` without a workload).
    pub(crate) fn settled_target(&self) -> Option<(usize, u32)> {
        let want = if let Some(s) = &self.workload.statefulset {
            s.replicas
        } else if let Some(d) = &self.workload.deployment {
            d.replicas
        } else if let Some(r) = &self.workload.rollout {
            r.replicas
        } else {
            return None;
        };
        Some((self.current_template().vid, want))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Scenario;

    fn scenario(partition: u32, failure: &str) -> Scenario {
        Scenario::from_json(&format!(
            r#"{{"id":"t","title":"T","app":{{"name":"index","strategy":"statefulset","image":"reg/index","version":"v1","previous_versions":["v0"],"replicas":3,"statefulset":{{"partition":{partition}}}}},
               "update":{{"at":"10s","version":"v2"}},"failures":[{failure}]}}"#
        ))
        .unwrap()
    }

    fn versions(sim: &Sim) -> Vec<(String, String, bool)> {
        let mut v: Vec<(String, String, bool)> = sim.pods().iter().filter(|p| p.phase != PodPhase::Terminating).map(|p| (p.name.clone(), sim.version_name(p.vid).to_string(), p.ready)).collect();
        crate::sort::sort(&mut v);
        v
    }

    #[test]
    fn ordinals_parse_only_the_set_pods() {
        assert_eq!(ordinal("web", "web-0"), Some(0));
        assert_eq!(ordinal("web", "web-12"), Some(12));
        assert_eq!(ordinal("web", "web-01"), None);
        assert_eq!(ordinal("web", "web-"), None);
        assert_eq!(ordinal("web", "webx-1"), None);
        assert_eq!(ordinal("web", "web-1a"), None);
    }

    #[test]
    fn starts_with_ordinal_pods_and_two_revisions() {
        let sim = Sim::new(&scenario(0, ""), 1);
        let names: Vec<&str> = sim.pods().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["index-0", "index-1", "index-2"]);
        let revs: Vec<u32> = sim.controller_revisions().iter().map(|r| r.revision).collect();
        assert_eq!(revs, [1, 2]);
        let s = sim.statefulset().unwrap();
        assert_eq!(s.current_revision, s.update_revision);
        assert_eq!(sim.statefulset_status(), StatefulSetStatus { replicas: 3, ready: 3, current: 3, updated: 3 });
    }

    /// The tick loop counts the pods once for the Deployment and ReplicaSet controllers, and again
    /// after a StatefulSet's controller, which creates and deletes pods in between. Without the
    /// recount, the ReplicaSet controller's check of its census (a debug assertion: tests have
    /// them) fails on the first tick the update replaces a pod.
    #[test]
    fn the_pods_are_counted_again_after_the_statefulset_controller() {
        let mut sim = Sim::new(&scenario(0, ""), 1);
        sim.run_until(400);
        assert!(versions(&sim).iter().all(|(_, v, r)| v == "v2" && *r), "{:?}", versions(&sim));
        assert!(sim.events().iter().any(|e| e.reason == "SuccessfulDelete"));
    }

    #[test]
    fn partition_updates_only_high_ordinals_highest_first() {
        let mut sim = Sim::new(&scenario(1, ""), 1);
        sim.run_until(200);
        assert_eq!(
            versions(&sim),
            [("index-0".into(), "v1".into(), true), ("index-1".into(), "v2".into(), true), ("index-2".into(), "v2".into(), true)]
        );
        // index-2 was replaced before index-1.
        let deletes: Vec<&str> = sim.events().iter().filter(|e| e.reason == "SuccessfulDelete").map(|e| e.message.as_str()).collect();
        assert_eq!(deletes, ["delete Pod index-2 in StatefulSet index successful", "delete Pod index-1 in StatefulSet index successful"]);
        let st = sim.statefulset_status();
        assert_eq!((st.current, st.updated), (1, 2), "the current revision stays until every pod is updated");
        assert_eq!(sim.statefulset_rollout_status().0, "partitioned roll out complete: 2 new pods have been updated...");
        // Partition 0 finishes the rollout and the current revision moves.
        sim.exec(r#"kubectl patch statefulset index -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'"#);
        sim.run_until(400);
        assert!(versions(&sim).iter().all(|(_, v, r)| v == "v2" && *r));
        let s = sim.statefulset().unwrap();
        assert_eq!(s.current_revision, s.update_revision);
    }

    #[test]
    fn undo_alone_waits_for_the_broken_pod_and_deleting_it_completes_the_rollback() {
        let mut sim = Sim::new(&scenario(2, r#"{"kind":"crash-loop","version":"v2"}"#), 1);
        sim.run_until(120);
        assert_eq!(sim.statefulset_rollout_status().0, "Waiting for 1 pods to be ready...");
        assert_eq!(versions(&sim)[2], ("index-2".to_string(), "v2".to_string(), false));
        let out = sim.exec("kubectl rollout undo sts/index");
        assert_eq!(out.text, "statefulset.apps/index rolled back");
        sim.run_until(600);
        // Still stuck: OrderedReady waits for index-2 to be Ready before replacing it.
        assert_eq!(versions(&sim)[2], ("index-2".to_string(), "v2".to_string(), false));
        assert_eq!(sim.settled_version(), None);
        let out = sim.exec("kubectl delete pod index-2");
        assert_eq!(out.text, "pod \"index-2\" deleted from default namespace");
        sim.run_until(700);
        assert!(versions(&sim).iter().all(|(_, v, r)| v == "v1" && *r), "{:?}", versions(&sim));
        assert_eq!(sim.settled_version().map(|v| sim.version_name(v).to_string()), Some("v1".to_string()));
        // The update revision is v1's again, which every pod runs now.
        assert_eq!(sim.statefulset_rollout_status().0, "partitioned roll out complete: 3 new pods have been updated...");
        // The old revision was renumbered, not copied.
        let revs: Vec<(u32, String)> = sim.controller_revisions().iter().map(|r| (r.revision, sim.version_name(r.template.vid).to_string())).collect();
        assert_eq!(revs, [(1, "v0".to_string()), (3, "v2".to_string()), (4, "v1".to_string())]);
    }

    #[test]
    fn a_lower_partition_makes_a_deleted_healthy_pod_come_back_broken() {
        let mut sim = Sim::new(&scenario(2, r#"{"kind":"crash-loop","version":"v2"}"#), 1);
        sim.run_until(120);
        sim.exec(r#"kubectl patch sts index --type=merge -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'"#);
        sim.run_until(300);
        // Held back by the crashing index-2: the healthy pods are not replaced by themselves.
        assert_eq!(versions(&sim)[0], ("index-0".to_string(), "v1".to_string(), true));
        assert_eq!(versions(&sim)[1], ("index-1".to_string(), "v1".to_string(), true));
        sim.exec("kubectl delete pod index-1");
        sim.run_until(400);
        assert_eq!(versions(&sim)[1], ("index-1".to_string(), "v2".to_string(), false), "ordinal 1 is at or above the partition now");
    }

    #[test]
    fn a_claim_deleted_under_its_pod_waits_for_the_pod_then_is_replaced_empty() {
        let mut sim = Sim::new(&scenario(2, ""), 1);
        sim.run_until(5);
        let before = sim.claims().iter().find(|c| c.name == "data-index-0").map(|c| c.volume.clone());
        assert_eq!(sim.exec("kubectl delete pvc data-index-0").text, "persistentvolumeclaim \"data-index-0\" deleted from default namespace");
        sim.run_until(10);
        assert!(sim.claims().iter().any(|c| c.name == "data-index-0" && c.deleting), "pvc-protection keeps it while index-0 runs");
        sim.exec("kubectl delete pod index-0");
        sim.run_until(60);
        let after = sim.claims().iter().find(|c| c.name == "data-index-0").map(|c| (c.volume.clone(), c.deleting));
        assert!(after.as_ref().is_some_and(|(v, d)| Some(v) != before.as_ref() && !d), "a new, empty volume: {after:?} vs {before:?}");
    }

    #[test]
    fn deleting_the_broken_pod_without_reverting_brings_it_back_broken() {
        let mut sim = Sim::new(&scenario(2, r#"{"kind":"crash-loop","version":"v2"}"#), 1);
        sim.run_until(120);
        sim.exec("kubectl delete pod index-2");
        sim.run_until(300);
        assert_eq!(versions(&sim)[2], ("index-2".to_string(), "v2".to_string(), false));
    }

    #[test]
    fn a_deleted_pod_below_the_partition_comes_back_on_the_current_revision() {
        let mut sim = Sim::new(&scenario(2, r#"{"kind":"crash-loop","version":"v2"}"#), 1);
        sim.run_until(120);
        sim.exec("kubectl delete pod index-0");
        sim.run_until(300);
        assert_eq!(versions(&sim)[0], ("index-0".to_string(), "v1".to_string(), true));
    }

    #[test]
    fn scale_down_removes_the_highest_ordinals_and_delete_takes_the_pods() {
        let mut sim = Sim::new(&scenario(0, ""), 1);
        sim.run_until(5);
        assert_eq!(sim.exec("kubectl scale sts index --replicas=1").text, "statefulset.apps/index scaled");
        sim.run_until(60);
        let names: Vec<String> = versions(&sim).into_iter().map(|v| v.0).collect();
        assert_eq!(names, ["index-0"]);
        assert_eq!(sim.exec("kubectl delete statefulset index").text, "statefulset.apps \"index\" deleted from default namespace");
        sim.run_until(80);
        assert!(sim.pods().is_empty());
        assert_eq!(sim.claims().len(), 3, "claims outlive the StatefulSet");
    }
}
