//! The workload part of the simulator's state: the cluster's objects (nodes, pods, ReplicaSets,
//! Services, ConfigMaps) and the one controller that owns the app's pods (a Deployment or an Argo
//! Rollout).
//!
//! Invariants: exactly one of `deployment` and `rollout` is set, by the scenario's strategy; every
//! pod's `rs_uid` names a ReplicaSet that exists or existed (a deleted ReplicaSet's pods are
//! terminating); uids come from `next_uid` and are never reused; `initial_config` is the app's
//! ConfigMap at tick 0 (what "the config was reverted" is judged against).

use std::collections::BTreeMap;

use super::cluster::{ConfigMap, Node, Pod, ReplicaSet, Service};
use super::deployment::Deployment;
use super::rollout::Rollout;

/// The cluster's objects and the workload's controller.
#[derive(Clone, Debug)]
pub struct Workload {
    pub(crate) nodes: Vec<Node>,
    pub(crate) pods: Vec<Pod>,
    pub(crate) replicasets: Vec<ReplicaSet>,
    pub(crate) next_uid: u32,
    pub(crate) deployment: Option<Deployment>,
    pub(crate) rollout: Option<Rollout>,
    pub(crate) services: Vec<Service>,
    pub(crate) configmaps: Vec<ConfigMap>,
    pub(crate) initial_config: BTreeMap<String, String>,
    /// The app's PodDisruptionBudget (from `app.pdb`; `None` once deleted).
    pub(crate) pdb: Option<super::scenario::PdbSpec>,
}
