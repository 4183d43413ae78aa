//! Nodes, pods, ReplicaSets, Services and ConfigMaps, with the kubelet, the scheduler and the
//! ReplicaSet controller that move them along each tick.
//!
//! Architecture invariant: pods only change phase here. Higher controllers (the Deployment and Rollout
//! controllers) only set a ReplicaSet's desired replica count; this module creates, schedules, starts,
//! crashes and deletes pods to match it, consulting the active failures through `VersionTraits`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::event::{Level, Source};
use super::simulator::Sim;

/// A node of the cluster.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// Node name.
    pub name: String,
    /// Whether the kubelet is reporting (Ready).
    pub ready: bool,
    /// Tick at which it went NotReady.
    pub down_since: Option<u32>,
    /// `spec.unschedulable` (`kubectl cordon`): the scheduler places no new pod on it.
    pub unschedulable: bool,
}

/// What `kubectl get pods` shows in the STATUS column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PodPhase {
    /// Not scheduled yet.
    Pending,
    /// Scheduled; pulling the image and creating the container.
    ContainerCreating,
    /// The container runs (ready or not).
    Running,
    /// The container exited with an error and is about to be restarted.
    Error,
    /// The container was killed for exceeding its memory limit.
    OomKilled,
    /// Waiting to restart after repeated crashes.
    CrashLoopBackOff,
    /// The image pull just failed.
    ErrImagePull,
    /// Waiting before retrying the image pull.
    ImagePullBackOff,
    /// Being deleted.
    Terminating,
}

impl PodPhase {
    /// The STATUS column text.
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::ContainerCreating => "ContainerCreating",
            PodPhase::Running => "Running",
            PodPhase::Error => "Error",
            PodPhase::OomKilled => "OOMKilled",
            PodPhase::CrashLoopBackOff => "CrashLoopBackOff",
            PodPhase::ErrImagePull => "ErrImagePull",
            PodPhase::ImagePullBackOff => "ImagePullBackOff",
            PodPhase::Terminating => "Terminating",
        }
    }
}

/// A ReplicaSet's pods at one moment ([`Sim::rs_census`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RsPods {
    pub uid: u32,
    /// Pods that are not terminating ([`Sim::rs_pod_counts`]'s first count).
    pub total: u32,
    /// Of those, the ready ones.
    pub ready: u32,
    /// Whether it has any pod at all, terminating ones included ([`Sim::rs_has_pods`]).
    pub any: bool,
}

/// [`RsPods`] of every ReplicaSet that has pods.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RsCensus {
    rs: Vec<RsPods>,
    /// Pods waiting for the scheduler (Pending, on no node), whatever owns them.
    pub unscheduled: u32,
}

impl RsCensus {
    /// Adds a run of the ReplicaSet `uid`'s pods (at least one pod) to its entry, made on its first run.
    fn add(&mut self, uid: u32, total: u32, ready: u32) {
        match self.rs.iter_mut().find(|c| c.uid == uid) {
            Some(c) => {
                c.total += total;
                c.ready += ready;
            }
            None => self.rs.push(RsPods { uid, total, ready, any: true }),
        }
    }

    /// The counts of the ReplicaSet `uid` (all zero when it has no pods).
    pub(crate) fn of(&self, uid: u32) -> RsPods {
        self.rs.iter().find(|c| c.uid == uid).copied().unwrap_or(RsPods { uid, ..RsPods::default() })
    }
}

/// A pod of the app.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pod {
    /// `<replicaset>-<5 chars>`.
    pub name: String,
    /// Owning ReplicaSet's uid.
    pub rs_uid: u32,
    /// Index into the simulator's version table.
    pub vid: usize,
    /// Index of the node it runs on.
    pub node: Option<usize>,
    /// STATUS column.
    pub phase: PodPhase,
    /// Whether its readiness probe passes (it receives traffic).
    pub ready: bool,
    /// Container restarts.
    pub restarts: u32,
    /// Creation tick (negative: created before the scenario started).
    pub created: i64,
    /// Tick of the last restart.
    pub last_restart: Option<u32>,
    /// Tick the current container started.
    pub started_at: u32,
    /// Why the last container terminated (`Error`, `OOMKilled`).
    pub last_termination: Option<&'static str>,
    /// Whether it started with a ConfigMap value that breaks the app (index of the bad-config failure).
    pub bad_config: Option<usize>,
    /// Tick of the next scheduled transition (backoff end, creation end, deletion).
    pub(crate) timer: u32,
    /// Current back-off in seconds.
    pub(crate) backoff: u32,
    /// Whether a FailedScheduling event was already emitted.
    pub(crate) unschedulable_reported: bool,
}

impl Pod {
    /// A pod that was already Running and Ready on `node` when the scenario started.
    pub(crate) fn running_at_start(name: String, owner_uid: u32, vid: usize, node: usize, created: i64) -> Pod {
        Pod { node: Some(node), phase: PodPhase::Running, ready: true, created, started_at: 0, timer: 0, ..Pod::new(name, owner_uid, vid) }
    }

    /// A pod just created by its controller at `tick`: Pending, not placed yet.
    pub(crate) fn pending(name: String, owner_uid: u32, vid: usize, tick: u32) -> Pod {
        Pod { created: i64::from(tick), started_at: tick, timer: tick, ..Pod::new(name, owner_uid, vid) }
    }

    fn new(name: String, rs_uid: u32, vid: usize) -> Pod {
        Pod {
            name,
            rs_uid,
            vid,
            node: None,
            phase: PodPhase::Pending,
            ready: false,
            restarts: 0,
            created: 0,
            last_restart: None,
            started_at: 0,
            last_termination: None,
            bad_config: None,
            timer: 0,
            backoff: 0,
            unschedulable_reported: false,
        }
    }
}

/// A pod template: the only thing `rollout undo` restores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Template {
    /// Version (image tag) index.
    pub vid: usize,
    /// Bumped by `rollout restart` (the `kubectl.kubernetes.io/restartedAt` annotation).
    pub restart_gen: u32,
}

/// A ReplicaSet owned by the app's Deployment or Rollout.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicaSet {
    /// Stable id.
    pub uid: u32,
    /// `<app>-<pod-template-hash>`.
    pub name: String,
    /// The pod-template-hash label.
    pub hash: String,
    /// Its pod template.
    pub template: Template,
    /// `deployment.kubernetes.io/revision` (or the Rollout's revision).
    pub revision: u32,
    /// Desired replicas.
    pub replicas: u32,
    /// Creation tick (negative: before the scenario).
    pub created: i64,
    /// `kubernetes.io/change-cause`.
    pub change_cause: Option<String>,
    /// Argo: scale this ReplicaSet down at this tick (scaleDownDelaySeconds).
    pub scale_down_at: Option<u32>,
}

/// Which pods a Service sends traffic to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Selector {
    /// Every ready pod of the app.
    App,
    /// Ready pods of one version (index into the version table).
    Version(usize),
    /// Ready pods of one ReplicaSet (`rollouts-pod-template-hash`).
    ReplicaSet(u32),
    /// Nothing (no endpoints).
    Nothing,
}

/// A Service.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Service {
    /// Name.
    pub name: String,
    /// Whether user traffic arrives through it (the active / stable service).
    pub production: bool,
    /// What it selects.
    pub selector: Selector,
    /// ClusterIP shown by `kubectl get svc`.
    pub cluster_ip: String,
}

/// A ConfigMap.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConfigMap {
    /// Name.
    pub name: String,
    /// Data.
    pub data: BTreeMap<String, String>,
    /// Creation tick.
    pub created: i64,
}

impl Sim {
    // ----- named operations (what the console's commands do to the cluster) -----

    /// `kubectl scale rs/NAME`: the owning controller scales it straight back, as in a real cluster.
    pub(crate) fn scale_replicaset(&mut self, name: &str, replicas: u32) {
        if let Some(i) = self.workload.replicasets.iter().position(|r| r.name == name) {
            let owner = format!("replicaset/{name}");
            self.scale_rs(i, replicas, &owner);
        }
    }

    /// `kubectl delete pod NAME`: the pod terminates (its ReplicaSet replaces it).
    pub(crate) fn delete_pod(&mut self, name: &str) {
        if let Some(j) = self.workload.pods.iter().position(|p| p.name == name) {
            self.terminate_pod(j);
            let container = self.scenario.app.name.clone();
            self.emit(Source::Kubernetes, Level::Normal, "Killing", format!("pod/{name}"), format!("Stopping container {container}"));
        }
    }

    /// `kubectl delete rs NAME`: the ReplicaSet goes and its pods terminate.
    pub(crate) fn delete_replicaset(&mut self, name: &str) {
        if let Some(i) = self.workload.replicasets.iter().position(|r| r.name == name) {
            let uid = self.workload.replicasets.get(i).map_or(0, |r| r.uid);
            self.workload.replicasets.remove(i);
            for j in 0..self.workload.pods.len() {
                if self.workload.pods.get(j).is_some_and(|p| p.rs_uid == uid) {
                    self.terminate_pod(j);
                }
            }
        }
    }

    /// `kubectl patch configmap NAME -p '{"data":…}'`: sets (or, with `null`, removes) keys.
    /// Running pods keep the values they started with. Returns whether anything changed.
    pub(crate) fn patch_configmap(&mut self, name: &str, data: &serde_json::Map<String, serde_json::Value>) -> bool {
        let mut changed = false;
        if let Some(cm) = self.workload.configmaps.iter_mut().find(|c| c.name == name) {
            for (k, val) in data {
                let s = match val {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => {
                        // The map rebuilt without the key rather than `BTreeMap::remove`, whose
                        // rebalancing code would be compiled for this map type alone (2.5 KB raw of
                        // the incident build, docs/performance.md "Session 10").
                        if cm.data.contains_key(k) {
                            cm.data = crate::sort::map_of(std::mem::take(&mut cm.data).into_iter().filter(|(key, _)| key != k));
                            changed = true;
                        }
                        continue;
                    }
                    other => crate::json_indent::compact(other),
                };
                if cm.data.get(k) != Some(&s) {
                    cm.data.insert(k.clone(), s);
                    changed = true;
                }
            }
        }
        if changed {
            self.config_changed();
            self.emit(Source::Action, Level::Normal, "ConfigMapUpdated", format!("configmap/{name}"), "data patched (running pods keep the values they started with)".to_string());
        }
        changed
    }

    /// `kubectl patch service NAME` with `spec.selector.version`: the Service selects that version.
    pub(crate) fn select_service_version(&mut self, name: &str, version: &str) {
        let vid = self.intern_version(version);
        if let Some(s) = self.workload.services.iter_mut().find(|s| s.name == name) {
            s.selector = Selector::Version(vid);
        }
        self.emit(Source::Action, Level::Normal, "ServiceSelectorChanged", format!("service/{name}"), format!("selector now version={version}"));
    }

    /// Whether a Service with selector `sel` sends traffic to pod `p`.
    pub(crate) fn service_selects(&self, sel: Selector, p: &Pod) -> bool {
        match sel {
            Selector::App => true,
            Selector::Version(v) => v == p.vid,
            Selector::ReplicaSet(u) => u == p.rs_uid,
            Selector::Nothing => false,
        }
    }

    /// Node index for a name.
    pub(crate) fn node_index(&self, name: &str) -> Option<usize> {
        self.workload.nodes.iter().position(|n| n.name == name)
    }

    /// The pods of every ReplicaSet that has any, counted in one pass over the pods (the
    /// controllers ask for these counts many times a tick, and pods do not change while they
    /// scale ReplicaSets).
    pub(crate) fn rs_census(&self) -> RsCensus {
        let mut census = RsCensus { rs: Vec::with_capacity(4), unscheduled: 0 };
        self.count_rs_pods(&mut census);
        census
    }

    /// [`Sim::rs_census`] into `census`, whose buffer is reused (the tick loop takes one census a
    /// tick and allocates nothing for it).
    pub(crate) fn count_rs_pods(&self, census: &mut RsCensus) {
        census.rs.clear();
        // Pods of one ReplicaSet mostly follow each other: a run of them is counted in locals and
        // added to its ReplicaSet's entry when the run ends. Counted without branches on the pod's
        // state (it changes from pod to pod).
        let (mut run, mut total, mut ready, mut unscheduled) = (None, 0u32, 0u32, 0u32);
        for p in &self.workload.pods {
            if run != Some(p.rs_uid) {
                if let Some(uid) = run {
                    census.add(uid, total, ready);
                }
                (run, total, ready) = (Some(p.rs_uid), 0, 0);
            }
            let live = u32::from(p.phase != PodPhase::Terminating);
            total += live;
            ready += live & u32::from(p.ready);
            unscheduled += u32::from(p.node.is_none() & (p.phase == PodPhase::Pending));
        }
        if let Some(uid) = run {
            census.add(uid, total, ready);
        }
        census.unscheduled = unscheduled;
    }

    /// Pods (not terminating) and ready pods of a ReplicaSet.
    pub(crate) fn rs_pod_counts(&self, uid: u32) -> (u32, u32) {
        let mut total = 0;
        let mut ready = 0;
        for p in &self.workload.pods {
            if p.rs_uid == uid && p.phase != PodPhase::Terminating {
                total += 1;
                if p.ready {
                    ready += 1;
                }
            }
        }
        (total, ready)
    }

    /// Whether any pod (terminating included) of the ReplicaSet still exists.
    pub(crate) fn rs_has_pods(&self, uid: u32) -> bool {
        self.workload.pods.iter().any(|p| p.rs_uid == uid)
    }

    /// Index of a ReplicaSet by uid.
    pub(crate) fn rs_index(&self, uid: u32) -> Option<usize> {
        self.workload.replicasets.iter().position(|r| r.uid == uid)
    }

    /// The ReplicaSet matching a template, if any.
    pub(crate) fn rs_for_template(&self, t: Template) -> Option<usize> {
        self.workload.replicasets.iter().position(|r| r.template == t)
    }

    /// Highest revision among the ReplicaSets.
    pub(crate) fn max_revision(&self) -> u32 {
        self.workload.replicasets.iter().map(|r| r.revision).max().unwrap_or(0)
    }

    /// The full image reference for a version index.
    pub(crate) fn image_of(&self, vid: usize) -> String {
        [self.scenario.app.image.as_str(), ":", self.version_name(vid)].concat()
    }

    /// Makes sure a ReplicaSet exists for `t` and is the newest revision (undo re-creates an old
    /// revision as the newest). Returns its index.
    pub(crate) fn adopt_template(&mut self, t: Template, change_cause: Option<String>) -> usize {
        let next_rev = self.max_revision() + 1;
        if let Some(i) = self.rs_for_template(t) {
            if let Some(rs) = self.workload.replicasets.get_mut(i) {
                if rs.revision + 1 < next_rev {
                    rs.revision = next_rev;
                }
                if change_cause.is_some() {
                    rs.change_cause = change_cause;
                }
            }
            return i;
        }
        let hash = template_hash(&self.scenario.app.name, &self.image_of(t.vid), t.restart_gen);
        let uid = self.workload.next_uid;
        self.workload.next_uid += 1;
        self.workload.replicasets.push(ReplicaSet {
            uid,
            name: format!("{}-{}", self.scenario.app.name, hash),
            hash,
            template: t,
            revision: next_rev,
            replicas: 0,
            created: i64::from(self.tick),
            change_cause,
            scale_down_at: None,
        });
        self.workload.replicasets.len() - 1
    }

    /// Sets a ReplicaSet's desired replicas, with the `ScalingReplicaSet` event on `owner`.
    pub(crate) fn scale_rs(&mut self, idx: usize, to: u32, owner: &str) {
        let Some(rs) = self.workload.replicasets.get_mut(idx) else { return };
        let from = rs.replicas;
        if from == to {
            return;
        }
        rs.replicas = to;
        let name = rs.name.clone();
        let dir = if to > from { "up" } else { "down" };
        let source = if owner.starts_with("rollout/") { Source::Argo } else { Source::Kubernetes };
        self.emit(source, Level::Normal, "ScalingReplicaSet", owner, format!("Scaled {dir} replica set {name} from {from} to {to}"));
    }

    /// ReplicaSet controller: creates or deletes pods so each ReplicaSet has its desired count.
    /// `census` counts the pods as they are now ([`Sim::step`] takes it before the workload
    /// controllers, which change no pod).
    /// Returns whether it created any pod.
    pub(crate) fn reconcile_replicasets(&mut self, census: &RsCensus) -> bool {
        // Tests run with debug assertions: there, every tick checks the census is still true.
        debug_assert!(*census == self.rs_census(), "the pods changed after the census was taken");
        let mut created = false;
        for i in 0..self.workload.replicasets.len() {
            let (uid, want, vid) = match self.workload.replicasets.get(i) {
                Some(rs) => (rs.uid, rs.replicas, rs.template.vid),
                None => continue,
            };
            // Creating or deleting this ReplicaSet's pods leaves the others' counts as they were.
            let have = census.of(uid).total;
            if have == want {
                continue;
            }
            let rs_name = self.workload.replicasets.get(i).map(|rs| rs.name.clone()).unwrap_or_default();
            if have < want {
                created = true;
                for _ in have..want {
                    let name = [rs_name.as_str(), "-", &self.rng.k8s_suffix(5)].concat();
                    self.workload.pods.push(Pod::pending(name.clone(), uid, vid, self.tick));
                    self.emit(Source::Kubernetes, Level::Normal, "SuccessfulCreate", ["replicaset/", &rs_name].concat(), ["Created pod: ", &name].concat());
                }
            } else if have > want {
                let excess = have - want;
                // Delete the least useful pods first: unscheduled, then not ready, then the newest.
                let mut candidates: Vec<(u8, i64, usize)> = self
                    .workload.pods
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.rs_uid == uid && p.phase != PodPhase::Terminating)
                    .map(|(j, p)| {
                        let rank = if p.node.is_none() { 0 } else if !p.ready { 1 } else { 2 };
                        (rank, -p.created, j)
                    })
                    .collect();
                crate::sort::sort(&mut candidates);
                for &(_, _, j) in candidates.iter().take(excess as usize) {
                    self.terminate_pod(j);
                    let pname = self.workload.pods.get(j).map(|p| p.name.clone()).unwrap_or_default();
                    self.emit(Source::Kubernetes, Level::Normal, "SuccessfulDelete", format!("replicaset/{rs_name}"), format!("Deleted pod: {pname}"));
                }
            }
        }
        created
    }

    /// Starts deleting a pod: it leaves the endpoints at once and disappears after a short grace period
    /// (never, while its node is down: the kubelet cannot confirm the deletion).
    pub(crate) fn terminate_pod(&mut self, j: usize) {
        let grace = self.rng.range(2, 4);
        let tick = self.tick;
        if let Some(p) = self.workload.pods.get_mut(j) {
            if p.phase == PodPhase::Terminating {
                return;
            }
            p.phase = PodPhase::Terminating;
            p.ready = false;
            p.timer = tick + grace;
        }
    }

    /// The scheduler: assigns pending pods to the ready node with the fewest pods. `maybe_pending`
    /// false says there is none to place (the tick's census counted none and no controller created
    /// one since), which spares a pass over the pods on most ticks.
    pub(crate) fn schedule_pods(&mut self, maybe_pending: bool) {
        let n_nodes = self.workload.nodes.len();
        let pending = |p: &Pod| p.node.is_none() && p.phase == PodPhase::Pending;
        debug_assert!(maybe_pending || !self.workload.pods.iter().any(pending), "a pod became Pending after the census");
        if !maybe_pending || !self.workload.pods.iter().any(pending) {
            return;
        }
        let mut load = vec![0u32; n_nodes];
        for p in &self.workload.pods {
            if let Some(n) = p.node
                && let Some(l) = load.get_mut(n) {
                    *l += 1;
                }
        }
        let max = self.scenario.cluster.max_pods_per_node;
        for j in 0..self.workload.pods.len() {
            let pending = self.workload.pods.get(j).is_some_and(|p| p.node.is_none() && p.phase == PodPhase::Pending);
            if !pending {
                continue;
            }
            let best = (0..n_nodes)
                .filter(|&n| self.workload.nodes.get(n).is_some_and(|nd| nd.ready && !nd.unschedulable) && load.get(n).copied().unwrap_or(u32::MAX) < max)
                .min_by_key(|&n| (load.get(n).copied().unwrap_or(u32::MAX), n));
            match best {
                Some(n) => {
                    if let Some(l) = load.get_mut(n) {
                        *l += 1;
                    }
                    let create = self.rng.range(2, 4);
                    let tick = self.tick;
                    let ns = self.scenario.cluster.namespace.clone();
                    let node_name = self.workload.nodes.get(n).map(|x| x.name.clone()).unwrap_or_default();
                    let vid = self.workload.pods.get(j).map_or(0, |p| p.vid);
                    let image = self.image_of(vid);
                    let Some(p) = self.workload.pods.get_mut(j) else { continue };
                    p.node = Some(n);
                    p.phase = PodPhase::ContainerCreating;
                    p.timer = tick + create;
                    let name = p.name.clone();
                    let object = pod_object(&name);
                    self.emit(Source::Kubernetes, Level::Normal, "Scheduled", object.clone(), ["Successfully assigned ", &ns, "/", &name, " to ", &node_name].concat());
                    self.emit(Source::Kubernetes, Level::Normal, "Pulling", object, ["Pulling image \"", &image, "\""].concat());
                }
                None => {
                    let reported = self.workload.pods.get(j).is_some_and(|p| p.unschedulable_reported);
                    if !reported {
                        let down = self.workload.nodes.iter().filter(|n| !n.ready).count();
                        let cordoned = self.workload.nodes.iter().filter(|n| n.ready && n.unschedulable).count();
                        let full = n_nodes - down - cordoned;
                        let mut reasons = Vec::new();
                        if down > 0 {
                            reasons.push(format!("{down} node(s) had untolerated taint {{node.kubernetes.io/unreachable: }}"));
                        }
                        if cordoned > 0 {
                            reasons.push(format!("{cordoned} node(s) were unschedulable"));
                        }
                        if full > 0 {
                            reasons.push(format!("{full} Too many pods"));
                        }
                        let msg = format!("0/{n_nodes} nodes are available: {}.", reasons.join(", "));
                        let name = self.workload.pods.get(j).map(|p| p.name.clone()).unwrap_or_default();
                        if let Some(p) = self.workload.pods.get_mut(j) {
                            p.unschedulable_reported = true;
                        }
                        self.emit(Source::Kubernetes, Level::Warning, "FailedScheduling", format!("pod/{name}"), msg);
                    }
                }
            }
        }
    }

    /// The kubelets: moves every pod through its lifecycle according to the active failures.
    pub(crate) fn run_kubelets(&mut self) {
        let tick = self.tick;
        let ready_after = self.scenario.app.ready_after.0;
        let eviction = self.scenario.cluster.eviction_timeout.0;
        let mut removed = false;
        // Most ticks no node is down: then no pod's node needs looking up.
        let any_node_down = self.workload.nodes.iter().any(|n| n.down_since.is_some());
        for j in 0..self.workload.pods.len() {
            let Some(p) = self.workload.pods.get(j) else { continue };
            let (phase, timer, vid, node) = (p.phase, p.timer, p.vid, p.node);
            let node_down_since = if any_node_down { node.and_then(|n| self.workload.nodes.get(n)).and_then(|n| n.down_since) } else { None };
            if let Some(since) = node_down_since {
                let was_ready = p.ready;
                // The node controller marks the pods NotReady after the 40 s grace period and evicts
                // them after the eviction timeout; they then stay Terminating until the node returns.
                let elapsed = tick.saturating_sub(since);
                if elapsed >= 40 && was_ready
                    && let Some(p) = self.workload.pods.get_mut(j) {
                        p.ready = false;
                    }
                if elapsed >= eviction && phase != PodPhase::Terminating {
                    let ns = self.scenario.cluster.namespace.clone();
                    let Some(p) = self.workload.pods.get_mut(j) else { continue };
                    p.phase = PodPhase::Terminating;
                    p.ready = false;
                    p.timer = u32::MAX;
                    // The name is copied only for the event: a down node's pods are visited every tick.
                    let name = p.name.clone();
                    self.emit(Source::Kubernetes, Level::Normal, "TaintManagerEviction", format!("pod/{name}"), format!("Marking for deletion Pod {ns}/{name}"));
                }
                continue;
            }
            if tick < timer && phase != PodPhase::Running {
                continue;
            }
            // The three effects the kubelet acts on (copied, not the whole `VersionTraits`: this runs
            // for every pod every tick).
            let traits = self.traits.get(vid).map_or(KubeletTraits::default(), KubeletTraits::of);
            match phase {
                PodPhase::Pending => {}
                PodPhase::Terminating => {
                    if let Some(p) = self.workload.pods.get_mut(j) {
                        p.timer = u32::MAX; // marker: remove below
                        p.node = None;
                    }
                    removed = true;
                }
                PodPhase::ContainerCreating | PodPhase::ImagePullBackOff => {
                    if traits.image_pull {
                        let image = self.image_of(vid);
                        let name = p.name.clone();
                        if let Some(p) = self.workload.pods.get_mut(j) {
                            p.phase = PodPhase::ErrImagePull;
                            p.timer = tick + 2;
                        }
                        self.emit(
                            Source::Kubernetes,
                            Level::Warning,
                            "Failed",
                            format!("pod/{name}"),
                            format!("Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found"),
                        );
                    } else {
                        self.start_container(j);
                    }
                }
                PodPhase::ErrImagePull => {
                    let name = p.name.clone();
                    let image = self.image_of(vid);
                    let backoff = next_backoff(p.backoff);
                    if let Some(p) = self.workload.pods.get_mut(j) {
                        p.phase = PodPhase::ImagePullBackOff;
                        p.backoff = backoff;
                        p.timer = tick + backoff;
                    }
                    self.emit(Source::Kubernetes, Level::Normal, "BackOff", format!("pod/{name}"), format!("Back-off pulling image \"{image}\""));
                }
                PodPhase::Running => {
                    let started = p.started_at;
                    let crash = traits.crash || (p.bad_config.is_some() && self.bad_config_crashes(p.bad_config));
                    if crash && tick >= started + 3 {
                        self.container_died(j, "Error");
                    } else if traits.oom_after.is_some_and(|o| tick >= started + o) {
                        self.container_died(j, "OOMKilled");
                    } else if !p.ready && !crash && tick >= started + ready_after {
                        if let Some(p) = self.workload.pods.get_mut(j) {
                            p.ready = true;
                            // A container that stays up long enough resets its back-off, like the kubelet.
                        }
                    } else if p.backoff > 0 && tick >= started + 600
                        && let Some(p) = self.workload.pods.get_mut(j) {
                            p.backoff = 0;
                        }
                }
                PodPhase::Error | PodPhase::OomKilled => {
                    let name = p.name.clone();
                    let backoff = next_backoff(p.backoff);
                    let app = self.scenario.app.name.clone();
                    let ns = self.scenario.cluster.namespace.clone();
                    if let Some(p) = self.workload.pods.get_mut(j) {
                        p.phase = PodPhase::CrashLoopBackOff;
                        p.backoff = backoff;
                        p.timer = tick + backoff;
                    }
                    self.emit(
                        Source::Kubernetes,
                        Level::Warning,
                        "BackOff",
                        pod_object(&name),
                        ["Back-off restarting failed container ", &app, " in pod ", &name, "_", &ns].concat(),
                    );
                }
                PodPhase::CrashLoopBackOff => self.start_container(j),
            }
        }
        if removed {
            self.workload.pods.retain(|p| !(p.phase == PodPhase::Terminating && p.timer == u32::MAX && p.node.is_none()));
        }
    }

    fn bad_config_crashes(&self, idx: Option<usize>) -> bool {
        use super::failure::FailureKind;
        idx.and_then(|i| self.failures.get(i))
            .is_some_and(|f| matches!(f.kind, FailureKind::BadConfig { error_rate: None, .. }))
    }

    /// Starts (or restarts) the container: reads the ConfigMap, may run the schema migration.
    fn start_container(&mut self, j: usize) {
        let tick = self.tick;
        let bad = self.bad_config_now();
        let Some(p) = self.workload.pods.get_mut(j) else { return };
        let first = p.phase != PodPhase::CrashLoopBackOff;
        p.phase = PodPhase::Running;
        p.ready = false;
        p.started_at = tick;
        p.bad_config = bad;
        if !first {
            p.restarts += 1;
            p.last_restart = Some(tick);
        }
        let vid = p.vid;
        let name = p.name.clone();
        let app = self.scenario.app.name.clone();
        if first {
            let image = self.image_of(vid);
            self.emit(Source::Kubernetes, Level::Normal, "Pulled", pod_object(&name), ["Successfully pulled image \"", &image, "\""].concat());
        }
        let object = pod_object(&name);
        self.emit(Source::Kubernetes, Level::Normal, "Created", object.clone(), ["Created container ", &app].concat());
        self.emit(Source::Kubernetes, Level::Normal, "Started", object, ["Started container ", &app].concat());
        self.maybe_migrate(vid);
    }

    fn container_died(&mut self, j: usize, reason: &'static str) {
        let tick = self.tick;
        let Some(p) = self.workload.pods.get_mut(j) else { return };
        p.phase = if reason == "OOMKilled" { PodPhase::OomKilled } else { PodPhase::Error };
        p.ready = false;
        p.last_termination = Some(reason);
        p.timer = tick + 1;
        let name = p.name.clone();
        let node = p.node.and_then(|n| self.workload.nodes.get(n)).map(|n| n.name.clone()).unwrap_or_default();
        if reason == "OOMKilled" {
            let app = self.scenario.app.name.clone();
            self.emit(
                Source::Kubernetes,
                Level::Warning,
                "OOMKilling",
                ["node/", &node].concat(),
                ["Memory cgroup out of memory: Killed process (", &app, ") in pod ", &name].concat(),
            );
        }
    }

    /// Takes a node down (node-failure onset).
    pub(crate) fn fail_node(&mut self, n: usize) {
        let tick = self.tick;
        let Some(node) = self.workload.nodes.get_mut(n) else { return };
        if !node.ready {
            return;
        }
        node.ready = false;
        node.down_since = Some(tick);
        let name = node.name.clone();
        self.emit(Source::Kubernetes, Level::Normal, "NodeNotReady", format!("node/{name}"), format!("Node {name} status is now: NodeNotReady"));
    }

    /// Brings a node back (node-failure end): its stuck Terminating pods finally go away.
    pub(crate) fn recover_node(&mut self, n: usize) {
        let tick = self.tick;
        let Some(node) = self.workload.nodes.get_mut(n) else { return };
        if node.ready {
            return;
        }
        node.ready = true;
        node.down_since = None;
        let name = node.name.clone();
        for p in self.workload.pods.iter_mut().filter(|p| p.node == Some(n)) {
            if p.phase == PodPhase::Terminating {
                p.timer = tick + 1;
            }
        }
        self.emit(Source::Kubernetes, Level::Normal, "NodeReady", format!("node/{name}"), format!("Node {name} status is now: NodeReady"));
    }
}

/// `pod/NAME`, the object of a pod's events. Built by concatenation, not `format!`: the kubelet
/// and the scheduler emit several events for every pod they start.
fn pod_object(name: &str) -> String {
    ["pod/", name].concat()
}

/// What the kubelet reads of a version's [`super::effects::VersionTraits`].
#[derive(Clone, Copy, Debug, Default)]
struct KubeletTraits {
    crash: bool,
    image_pull: bool,
    oom_after: Option<u32>,
}

impl KubeletTraits {
    fn of(t: &super::effects::VersionTraits) -> KubeletTraits {
        KubeletTraits { crash: t.crash, image_pull: t.image_pull, oom_after: t.oom_after }
    }
}

/// The kubelet's exponential back-off: 10 s, 20 s, 40 s … capped at 5 minutes.
pub fn next_backoff(current: u32) -> u32 {
    if current == 0 { 10 } else { (current * 2).min(300) }
}

/// A 10-character pod-template-hash derived from the template (deterministic, seed-independent).
pub fn template_hash(app: &str, image: &str, restart_gen: u32) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut h = super::event::Fnv64::default();
    h.str(app);
    h.str(image);
    h.u32(restart_gen);
    let mut v = h.finish();
    let mut s = String::with_capacity(10);
    for _ in 0..10 {
        let i = (v % ALPHABET.len() as u64) as usize;
        v /= ALPHABET.len() as u64;
        s.push(char::from(ALPHABET.get(i).copied().unwrap_or(b'x')));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_cap() {
        let mut b = 0;
        let mut seen = Vec::new();
        for _ in 0..7 {
            b = next_backoff(b);
            seen.push(b);
        }
        assert_eq!(seen, vec![10, 20, 40, 80, 160, 300, 300]);
    }

    /// The census counts each ReplicaSet's pods as a pass over the pods per ReplicaSet does, while
    /// an update undone halfway interleaves old and new pods (a ReplicaSet's pods in several runs).
    #[test]
    fn the_census_counts_as_one_pass_per_replicaset_does() {
        let sc = crate::sim::Scenario::from_json(
            r#"{"id":"t","title":"T","app":{"name":"myapp","strategy":"rolling","image":"reg/myapp","version":"v2","previous_versions":["v1"],"replicas":6}}"#,
        )
        .unwrap();
        let mut sim = Sim::new(&sc, 3);
        sim.run_until(5);
        sim.exec("kubectl set image deployment/myapp myapp=reg/myapp:v1");
        let mut interleaved = false;
        for i in 0..150 {
            // Undone mid-rollout: the old ReplicaSet's new pods follow the new one's.
            if i == 8 {
                sim.exec("kubectl rollout undo deployment/myapp");
            }
            sim.step();
            let census = sim.rs_census();
            for rs in sim.replicasets() {
                let c = census.of(rs.uid);
                assert_eq!((c.total, c.ready), sim.rs_pod_counts(rs.uid), "tick {}", sim.tick());
                assert_eq!(c.any, sim.rs_has_pods(rs.uid), "tick {}", sim.tick());
            }
            let unscheduled = sim.pods().iter().filter(|p| p.node.is_none() && p.phase == PodPhase::Pending).count();
            assert_eq!(census.unscheduled as usize, unscheduled, "tick {}", sim.tick());
            let uids: Vec<u32> = sim.pods().iter().map(|p| p.rs_uid).collect();
            let runs = 1 + uids.windows(2).filter(|w| w.first() != w.last()).count();
            interleaved |= runs > census.rs.len();
        }
        assert!(interleaved, "no tick had a ReplicaSet's pods in more than one run");
    }

    #[test]
    fn template_hash_is_stable() {
        let a = template_hash("myapp", "reg/myapp:v1", 0);
        assert_eq!(a.len(), 10);
        assert_eq!(a, template_hash("myapp", "reg/myapp:v1", 0));
        assert_ne!(a, template_hash("myapp", "reg/myapp:v2", 0));
        assert_ne!(a, template_hash("myapp", "reg/myapp:v1", 1));
    }
}
