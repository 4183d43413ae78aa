//! The app's PodDisruptionBudget, the eviction API that obeys it, and cordoning a node: what
//! `kubectl drain` is made of.
//!
//! Faithful to the upstream disruption controller and eviction handler: a budget's *expected* pods
//! are the matching pods for an integer `minAvailable`, the workload's scale otherwise; *desired
//! healthy* is `minAvailable` (a percentage rounds up) or expected minus `maxUnavailable` (rounded
//! up); *allowed disruptions* is healthy minus desired, never below 0. An eviction is refused with
//! 429 TooManyRequests when no disruption is allowed, except for a pod that is not Running yet (a
//! Pending pod ignores the budget) or not Ready while the budget is met (the default
//! `IfHealthyBudget` policy). Deleting a pod (`kubectl delete pod`) does not ask the budget.
//!
//! Architecture invariant: computed from the pods on demand (no state of its own besides the spec
//! in the scenario), so it can never disagree with what `get pods` shows.

use serde::Serialize;

use super::cluster::PodPhase;
use super::event::{Level, Source};
use super::scenario::{IntOrPercent, PdbSpec};
use super::simulator::Sim;

/// The budget's status, as `kubectl get pdb` and `describe pdb` show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PdbStatus {
    /// `status.currentHealthy`: Ready pods not being deleted.
    pub current_healthy: u32,
    /// `status.desiredHealthy`.
    pub desired_healthy: u32,
    /// `status.expectedPods`.
    pub expected_pods: u32,
    /// `status.disruptionsAllowed`.
    pub disruptions_allowed: u32,
}

/// Why the eviction API refused a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvictError {
    /// No such pod (404).
    NotFound,
    /// The budget allows no disruption now (429).
    Budget,
}

/// The API server's message for a refused eviction (`pkg/registry/core/pod/storage/eviction.go`).
pub const EVICT_BUDGET_MESSAGE: &str = "Cannot evict pod as it would violate the pod's disruption budget.";

impl Sim {
    /// The budget's name (the app's name), when the scenario has one.
    pub fn pdb_name(&self) -> Option<&str> {
        self.workload.pdb.as_ref().map(|_| self.scenario.app.name.as_str())
    }

    /// The budget's status now, when the scenario has one.
    pub fn pdb_status(&self) -> Option<PdbStatus> {
        let spec = self.workload.pdb.as_ref()?;
        let pods = &self.workload.pods;
        let current_healthy = u32::try_from(pods.iter().filter(|p| p.ready && p.phase != PodPhase::Terminating).count()).unwrap_or(u32::MAX);
        let scale = match (&self.workload.deployment, &self.workload.rollout) {
            (Some(d), _) => d.replicas,
            (None, Some(r)) => r.replicas,
            (None, None) => 0,
        };
        let (expected_pods, desired_healthy) = match (spec.min_available, spec.max_unavailable) {
            (Some(IntOrPercent::Int(n)), _) => (u32::try_from(pods.len()).unwrap_or(u32::MAX), n),
            (Some(p @ IntOrPercent::Percent(_)), _) => (scale, p.resolve(scale, true)),
            (None, Some(m)) => (scale, scale.saturating_sub(m.resolve(scale, true))),
            (None, None) => (scale, 0),
        };
        Some(PdbStatus { current_healthy, desired_healthy, expected_pods, disruptions_allowed: current_healthy.saturating_sub(desired_healthy) })
    }

    /// The budget's spec now (`None`: there is none, or it was deleted).
    pub fn pdb_spec(&self) -> Option<&PdbSpec> {
        self.workload.pdb.as_ref()
    }

    /// `kubectl delete pdb NAME`.
    pub(crate) fn delete_pdb(&mut self) {
        if self.workload.pdb.take().is_some() {
            let name = self.scenario.app.name.clone();
            self.emit(Source::Action, Level::Normal, "Deleted", format!("poddisruptionbudget/{name}"), "PodDisruptionBudget deleted".to_string());
        }
    }

    /// `kubectl patch pdb NAME -p '{"spec":{"minAvailable":…}}'`: the new spec (setting one field
    /// clears the other, as a budget holds exactly one).
    pub(crate) fn set_pdb_spec(&mut self, spec: PdbSpec) {
        if self.workload.pdb.is_some() {
            self.workload.pdb = Some(spec);
        }
    }

    /// `POST pods/NAME/eviction`: deletes the pod if the budget allows it.
    pub(crate) fn evict_pod(&mut self, name: &str) -> Result<(), EvictError> {
        let Some(j) = self.workload.pods.iter().position(|p| p.name == name) else { return Err(EvictError::NotFound) };
        let (phase, ready) = self.workload.pods.get(j).map_or((PodPhase::Terminating, false), |p| (p.phase, p.ready));
        if phase == PodPhase::Terminating {
            return Ok(());
        }
        if let Some(st) = self.pdb_status() {
            // A pod that is not Running yet is Pending to the API: the budget does not apply.
            let pending = matches!(phase, PodPhase::Pending | PodPhase::ContainerCreating);
            let unhealthy_ok = !ready && st.current_healthy >= st.desired_healthy && st.desired_healthy > 0;
            if !pending && !unhealthy_ok && st.disruptions_allowed == 0 {
                return Err(EvictError::Budget);
            }
        }
        self.delete_pod(name);
        Ok(())
    }

    /// `kubectl cordon|uncordon NODE`: marks the node (un)schedulable. Returns whether it changed,
    /// `None` when there is no such node.
    pub(crate) fn set_node_unschedulable(&mut self, node: &str, unschedulable: bool) -> Option<bool> {
        let n = self.workload.nodes.iter_mut().find(|n| n.name == node)?;
        if n.unschedulable == unschedulable {
            return Some(false);
        }
        n.unschedulable = unschedulable;
        let status = if unschedulable { "NodeNotSchedulable" } else { "NodeSchedulable" };
        self.emit(Source::Kubernetes, Level::Normal, status, format!("node/{node}"), format!("Node {node} status is now: {status}"));
        Some(true)
    }

    /// Names of the pods on a node that are not being deleted, by name.
    pub(crate) fn pods_on_node(&self, node: &str) -> Vec<String> {
        let Some(n) = self.workload.nodes.iter().position(|x| x.name == node) else { return Vec::new() };
        let mut v: Vec<String> = self.workload.pods.iter().filter(|p| p.node == Some(n) && p.phase != PodPhase::Terminating).map(|p| p.name.clone()).collect();
        crate::sort::sort(&mut v);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::Scenario;

    fn sim(pdb: &str) -> Sim {
        let text = format!(
            r#"{{"id":"t","title":"T","app":{{"name":"pay","strategy":"rolling","image":"reg/pay","version":"v1","replicas":4,"pdb":{pdb}}}}}"#
        );
        let mut s = Sim::new(&Scenario::from_json(&text).unwrap(), 1);
        s.run_until(5);
        s
    }

    fn ready(s: &Sim) -> u32 {
        s.pods().iter().filter(|p| p.ready && p.phase != PodPhase::Terminating).count() as u32
    }

    #[test]
    fn min_available_equal_to_replicas_refuses_every_eviction_until_a_spare_is_ready() {
        let mut s = sim(r#"{"min_available":4}"#);
        assert_eq!(ready(&s), 4);
        let st = s.pdb_status().unwrap();
        assert_eq!((st.current_healthy, st.desired_healthy, st.expected_pods, st.disruptions_allowed), (4, 4, 4, 0));
        let victim = s.pods().first().unwrap().name.clone();
        assert_eq!(s.evict_pod(&victim), Err(EvictError::Budget));
        assert!(s.pods().iter().any(|p| p.name == victim && p.phase == PodPhase::Running), "a refused eviction leaves the pod");
        s.scale_workload(5);
        s.run_until(40);
        assert_eq!(s.pdb_status().unwrap().disruptions_allowed, 1);
        assert_eq!(s.evict_pod(&victim), Ok(()));
        // The eviction used the one allowed disruption: the next is refused until the replacement is Ready.
        let other = s.pods().iter().find(|p| p.name != victim && p.ready).unwrap().name.clone();
        assert_eq!(s.evict_pod(&other), Err(EvictError::Budget));
        assert_eq!(s.evict_pod("nope"), Err(EvictError::NotFound));
    }

    #[test]
    fn max_unavailable_counts_against_the_scale_and_deleting_the_budget_lifts_it() {
        let mut s = sim(r#"{"max_unavailable":"25%"}"#);
        let st = s.pdb_status().unwrap();
        assert_eq!((st.desired_healthy, st.disruptions_allowed), (3, 1));
        s.delete_pdb();
        assert!(s.pdb_status().is_none());
        let names: Vec<String> = s.pods().iter().map(|p| p.name.clone()).collect();
        for n in &names {
            assert_eq!(s.evict_pod(n), Ok(()), "no budget: every eviction goes through");
        }
    }

    #[test]
    fn a_cordoned_node_gets_no_new_pod() {
        let mut s = sim(r#"{"min_available":1}"#);
        assert_eq!(s.set_node_unschedulable("node-2", true), Some(true));
        assert_eq!(s.set_node_unschedulable("node-2", true), Some(false));
        assert_eq!(s.set_node_unschedulable("node-9", true), None);
        s.scale_workload(8);
        s.run_until(60);
        let n2 = s.nodes().iter().position(|n| n.name == "node-2");
        let before = s.pods_on_node("node-2").len();
        s.scale_workload(12);
        s.run_until(90);
        assert_eq!(s.pods_on_node("node-2").len(), before, "new pods avoid the cordoned node");
        assert!(s.pods().iter().filter(|p| p.created > 60).all(|p| p.node != n2));
    }
}
