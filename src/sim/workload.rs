//! The workload part of the simulator's state: the cluster's objects (nodes, pods, ReplicaSets,
//! Services, ConfigMaps) and the one controller that owns the app's pods (a Deployment, an Argo
//! Rollout or a StatefulSet).
//!
//! Invariants: at most one of `deployment`, `rollout` and `statefulset` is set, by the scenario's
//! strategy (only deleting the StatefulSet leaves none); every pod's `rs_uid` names a ReplicaSet, or
//! for a StatefulSet's pods a ControllerRevision, that exists or existed (a deleted ReplicaSet's pods
//! are terminating); a StatefulSet's pods are named `NAME-ORDINAL`, one per ordinal at most; uids
//! come from `next_uid` (shared by ReplicaSets and ControllerRevisions) and are never reused; `initial_config` is the app's
//! ConfigMap at tick 0 (what "the config was reverted" is judged against).

use std::collections::BTreeMap;

use super::cluster::{ConfigMap, Node, Pod, ReplicaSet, Service};
use super::deployment::Deployment;
use super::rollout::Rollout;
use super::statefulset::{Claim, ControllerRevision, StatefulSet};

/// The cluster's objects and the workload's controller.
#[derive(Clone, Debug)]
pub struct Workload {
    pub(crate) nodes: Vec<Node>,
    pub(crate) pods: Vec<Pod>,
    pub(crate) replicasets: Vec<ReplicaSet>,
    pub(crate) next_uid: u32,
    pub(crate) deployment: Option<Deployment>,
    pub(crate) rollout: Option<Rollout>,
    /// The StatefulSet (strategy `statefulset`), its ControllerRevisions and its claims.
    pub(crate) statefulset: Option<StatefulSet>,
    pub(crate) controller_revisions: Vec<ControllerRevision>,
    pub(crate) claims: Vec<Claim>,
    pub(crate) services: Vec<Service>,
    pub(crate) configmaps: Vec<ConfigMap>,
    pub(crate) initial_config: BTreeMap<String, String>,
    /// Whether the app's ConfigMap equals `initial_config` (read by every tick's state mark). A
    /// cache: whatever writes a ConfigMap's data calls `Sim::config_changed`, which recomputes it.
    pub(crate) config_initial: bool,
    /// The app's PodDisruptionBudget (from `app.pdb`; `None` once deleted).
    pub(crate) pdb: Option<super::scenario::PdbSpec>,
}
