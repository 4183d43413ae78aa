//! The simulator: state, the tick loop, failure injection and the console entry point.
//!
//! Architecture invariant: no IO, no wall clock, no platform-dependent randomness. Time advances only
//! through [`Sim::step`]; randomness comes only from the seeded [`SimRng`]. The same scenario, seed and
//! actions (at the same ticks) give the same event log, metrics and [`Sim::trace_hash`] everywhere.
//!
//! A tick is processed in a fixed order: scheduled changes (the update, teammates' moves) → failures →
//! controllers (deployment, StatefulSet or rollout) → ReplicaSets → scheduler → kubelets → serving → database →
//! traffic and metrics → alerts.

use std::collections::BTreeMap;

use serde::Serialize;

use super::alert::{Alert, RULES};
use super::cluster::{ConfigMap, Node, Pod, ReplicaSet, Selector, Service, Template};
use super::console::{self, Command};
use super::database::{Database, Snapshot};
use super::deployment::{Deployment, Progressing};
use super::effects::{GlobalTraits, VersionTraits};
use super::event::{Event, Fnv64, Level, Source};
use super::failure::Failure;
use super::metrics::MetricsHistory;
use super::registry::{ModelVersion, Registry, Versions};
use super::rng::SimRng;
use super::rollout::{Rollout, RolloutPhase};
use super::scenario::{Scenario, Strategy};
use super::telemetry::Telemetry;
use super::workload::Workload;

/// What a console command printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Output {
    /// The text, exactly as the real tool would print it (without a trailing newline).
    pub text: String,
    /// Whether the command failed (the tool would exit non-zero).
    pub is_error: bool,
}

impl Output {
    /// A successful output.
    pub fn ok(text: impl Into<String>) -> Output {
        Output { text: text.into(), is_error: false }
    }

    /// An error output.
    pub fn err(text: impl Into<String>) -> Output {
        Output { text: text.into(), is_error: true }
    }
}

/// One learner action, as recorded for the grader.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionRecord {
    /// Tick at which it was run.
    pub tick: u32,
    /// The line as typed.
    pub line: String,
    /// The parsed command (`None` if it did not parse).
    pub command: Option<Command>,
    /// Whether it succeeded.
    pub ok: bool,
}

/// A message sent with `notify`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// Tick sent.
    pub tick: u32,
    /// Team.
    pub team: String,
    /// Message.
    pub message: String,
}

/// The simulator.
#[derive(Clone, Debug)]
pub struct Sim {
    pub(crate) scenario: Scenario,
    pub(crate) seed: u64,
    pub(crate) rng: SimRng,
    pub(crate) tick: u32,
    pub(crate) versions: Vec<String>,
    /// The cluster's objects and the workload's controller.
    pub(crate) workload: Workload,
    pub(crate) registry: Option<Registry>,
    pub(crate) db: Option<Database>,
    pub(crate) failures: Vec<Failure>,
    pub(crate) failure_active: Vec<bool>,
    pub(crate) traits: Vec<VersionTraits>,
    pub(crate) global_traits: GlobalTraits,
    pub(crate) model_accuracy_caps: Vec<(u32, f64)>,
    pub(crate) model_drift: Vec<(u32, f64)>,
    pub(crate) baseline_accuracy: Option<f64>,
    pub(crate) ground_truth_delay: u32,
    pub(crate) actions: Vec<ActionRecord>,
    /// What the run has recorded and observed: events, metrics, alerts, notifications.
    pub(crate) telemetry: Telemetry,
    pub(crate) pending_change_cause: Option<String>,
    pub(crate) pending_migration: Option<(usize, u32)>,
    pub(crate) update_applied: bool,
    pub(crate) teammate_pause_at: Option<u32>,
    /// The condition-relevant facts each time they changed (`marks.rs`).
    pub(crate) state_marks: Vec<super::marks::StateMark>,
    // ----- release tooling that manages the workload (scenario sections `[helm]`, `[argocd]`) -----
    /// The Helm release (`helm.rs`).
    pub(crate) helm: Option<super::helm::HelmRelease>,
    /// The Argo CD Application and its Git repository (`gitops.rs`).
    pub(crate) gitops: Option<super::gitops::GitOps>,
    /// The buffer of the per-tick census of ReplicaSets' pods ([`Sim::step`]), kept between ticks
    /// so that counting allocates nothing; its content is meaningful only inside a step.
    pub(crate) rs_census_buf: super::cluster::RsCensus,
    /// The version each failure names (`effects.rs`).
    pub(crate) failure_versions: super::effects::FailureVersions,
}

impl Sim {
    /// Builds the starting system of `scenario`, with randomness from `seed`.
    ///
    /// The scenario is assumed valid ([`Scenario::validate`]); anything inconsistent is skipped
    /// rather than causing a panic.
    pub fn new(scenario: &Scenario, seed: u64) -> Sim {
        let sc = scenario.clone();
        let app = &sc.app;
        let mut versions: Vec<String> = Vec::new();
        let intern = |v: &str, versions: &mut Vec<String>| -> usize {
            match versions.iter().position(|x| x == v) {
                Some(i) => i,
                None => {
                    versions.push(v.to_string());
                    versions.len() - 1
                }
            }
        };
        for v in &app.previous_versions {
            intern(v, &mut versions);
        }
        let current = intern(&app.version, &mut versions);
        if let Some(v) = sc.update.as_ref().and_then(|u| u.version.as_ref()) {
            intern(v, &mut versions);
        }
        let age = -i64::from(sc.cluster.age.0);
        let mut sim = Sim {
            seed,
            rng: SimRng::new(seed),
            tick: 0,
            versions,
            workload: Workload {
                nodes: sc.cluster.nodes.iter().map(|n| Node { name: n.clone(), ready: true, down_since: None, unschedulable: false }).collect(),
                pods: Vec::new(),
                replicasets: Vec::new(),
                next_uid: 1,
                deployment: None,
                rollout: None,
                statefulset: None,
                controller_revisions: Vec::new(),
                claims: Vec::new(),
                services: Vec::new(),
                configmaps: vec![
                    ConfigMap {
                        name: "kube-root-ca.crt".to_string(),
                        data: crate::sort::map_of([("ca.crt".to_string(), "-----BEGIN CERTIFICATE-----".to_string())]),
                        created: age,
                    },
                    ConfigMap { name: format!("{}-config", app.name), data: app.config.clone(), created: age },
                ],
                initial_config: app.config.clone(),
                config_initial: true,
                pdb: app.pdb.clone(),
            },
            registry: None,
            db: None,
            failures: sc.typed_failures(),
            failure_active: Vec::new(),
            traits: Vec::new(),
            global_traits: GlobalTraits::default(),
            model_accuracy_caps: Vec::new(),
            model_drift: Vec::new(),
            baseline_accuracy: None,
            ground_truth_delay: sc.model.as_ref().map_or(600, |m| m.ground_truth_delay.0),
            actions: Vec::new(),
            telemetry: Telemetry {
                events: Vec::new(),
                // One sample a tick: room for the whole run (up to two hours; a longer one grows as
                // it goes), so a usual history is never copied to grow.
                metrics: MetricsHistory { ticks: Vec::with_capacity(sc.duration.0.min(7200) as usize + 1), ..MetricsHistory::default() },
                alerts: RULES.iter().map(|r| Alert::new(*r)).collect(),
                notifications: Vec::new(),
                err_ewma: 0.0,
                p99_ewma: 0.0,
                acc_scratch: Vec::new(),
                pods_seen: super::traffic::PodTally::default(),
            },
            pending_change_cause: None,
            pending_migration: None,
            update_applied: false,
            teammate_pause_at: None,
            state_marks: Vec::new(),
            helm: sc.helm.as_ref().map(|h| super::helm::HelmRelease::from_spec(h, &sc)),
            gitops: sc.argocd.as_ref().map(|a| super::gitops::GitOps::from_spec(a, &sc)),
            rs_census_buf: super::cluster::RsCensus::default(),
            failure_versions: super::effects::FailureVersions::default(),
            scenario: sc,
        };
        sim.failure_active = vec![false; sim.failures.len()];
        sim.build_workload(current, age);
        sim.build_model_and_db(age);
        sim.record_state_mark();
        sim
    }

    fn build_workload(&mut self, current: usize, age: i64) {
        let app = self.scenario.app.clone();
        if app.strategy == Strategy::StatefulSet {
            self.build_statefulset(current, age);
            return;
        }
        // Older revisions (at 0 replicas), then the current one.
        let keep = app.previous_versions.len().min(app.revision_history_limit as usize);
        let skip = app.previous_versions.len() - keep;
        let mut rev = u32::try_from(skip).unwrap_or(0);
        for (i, v) in app.previous_versions.iter().enumerate().skip(skip) {
            rev += 1;
            let vid = self.versions.iter().position(|x| x == v).unwrap_or(0);
            let t = Template { vid, restart_gen: 0 };
            if self.rs_for_template(t).is_some() {
                continue;
            }
            let idx = self.adopt_template(t, None);
            if let Some(rs) = self.workload.replicasets.get_mut(idx) {
                rs.revision = rev;
                rs.created = age + i64::try_from(i).unwrap_or(0) * 3600;
            }
        }
        let t = Template { vid: current, restart_gen: 0 };
        let idx = self.adopt_template(t, None);
        let stable_uid = self.workload.replicasets.get(idx).map_or(0, |r| r.uid);
        if let Some(rs) = self.workload.replicasets.get_mut(idx) {
            rs.replicas = app.replicas;
            rs.created = age / 2;
        }
        // Running pods of the current revision, spread over the nodes.
        let rs_name = self.workload.replicasets.get(idx).map(|r| r.name.clone()).unwrap_or_default();
        let n_nodes = self.workload.nodes.len().max(1);
        for i in 0..app.replicas {
            let name = format!("{rs_name}-{}", self.rng.k8s_suffix(5));
            self.workload.pods.push(Pod::running_at_start(name, stable_uid, current, i as usize % n_nodes, age / 2));
        }
        let ip = |n: u32| format!("10.96.{}.{}", 100 + n / 250, 10 + n % 240);
        match app.strategy {
            Strategy::Rolling => {
                self.workload.deployment = Some(Deployment {
                    name: app.name.clone(),
                    replicas: app.replicas,
                    paused: app.paused,
                    template: t,
                    history_limit: app.revision_history_limit,
                    max_surge: app.max_surge,
                    max_unavailable: app.max_unavailable,
                    progress_deadline: app.progress_deadline.0,
                    progressing: Progressing {
                        status: "True",
                        reason: "NewReplicaSetAvailable",
                        message: format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
                    },
                    created: age,
                    last_progress: 0,
                    last_new_ready: app.replicas,
                });
                self.workload.services.push(Service { name: app.name.clone(), production: true, selector: Selector::App, cluster_ip: ip(1) });
            }
            Strategy::StatefulSet => {}
            Strategy::BlueGreen | Strategy::Canary => {
                self.workload.rollout = Some(Rollout {
                    name: app.name.clone(),
                    replicas: app.replicas,
                    strategy: app.strategy,
                    blue_green: app.blue_green.clone().unwrap_or_default(),
                    canary: app.canary.clone().unwrap_or_default(),
                    template: t,
                    stable_uid,
                    new_uid: None,
                    phase: if app.paused { RolloutPhase::Paused } else { RolloutPhase::Healthy },
                    message: String::new(),
                    paused: app.paused,
                    aborted: false,
                    step: u32::try_from(app.canary.as_ref().map_or(0, |c| c.steps.len())).unwrap_or(0),
                    weight: 0,
                    manual_weight: None,
                    analysis: None,
                    history_limit: app.revision_history_limit,
                    progress_deadline: app.progress_deadline.0,
                    created: age,
                    post_promotion_prev: None,
                    pause_started: None,
                    ready_since: None,
                    promote_requested: false,
                    last_progress: 0,
                    last_new_ready: 0,
                    analysis_seq: 0,
                });
                let (main, second) = if app.strategy == Strategy::BlueGreen {
                    (format!("{}-active", app.name), format!("{}-preview", app.name))
                } else {
                    (app.name.clone(), format!("{}-canary", app.name))
                };
                self.workload.services.push(Service { name: main, production: true, selector: Selector::ReplicaSet(stable_uid), cluster_ip: ip(1) });
                self.workload.services.push(Service { name: second, production: false, selector: Selector::ReplicaSet(stable_uid), cluster_ip: ip(2) });
            }
        }
    }

    /// A StatefulSet at rest: a ControllerRevision per kept older version and the current one,
    /// pods `NAME-0…` Running and Ready on the current revision, each with its claim.
    fn build_statefulset(&mut self, current: usize, age: i64) {
        let app = self.scenario.app.clone();
        let name = app.name.clone();
        self.workload.statefulset = Some(super::statefulset::StatefulSet {
            name: name.clone(),
            replicas: app.replicas,
            template: Template { vid: current, restart_gen: 0 },
            partition: app.statefulset.as_ref().map_or(0, |s| s.partition),
            history_limit: app.revision_history_limit,
            created: age,
            generation: 1,
            observed_generation: 1,
            current_revision: String::new(),
            update_revision: String::new(),
            pending_change_cause: None,
        });
        let keep = app.previous_versions.len().min(app.revision_history_limit as usize);
        let skip = app.previous_versions.len() - keep;
        for (i, v) in app.previous_versions.iter().enumerate().skip(skip) {
            let vid = self.versions.iter().position(|x| x == v).unwrap_or(0);
            self.sts_revision_for(Template { vid, restart_gen: 0 }, None);
            if let Some(r) = self.workload.controller_revisions.last_mut() {
                r.created = age + i64::try_from(i).unwrap_or(0) * 3600;
            }
        }
        let rev = self.sts_revision_for(Template { vid: current, restart_gen: 0 }, None);
        let uid = self.workload.controller_revisions.iter().find(|r| r.name == rev).map_or(0, |r| r.uid);
        if let Some(r) = self.workload.controller_revisions.iter_mut().find(|r| r.name == rev) {
            r.created = age / 2;
        }
        if let Some(s) = self.workload.statefulset.as_mut() {
            s.current_revision = rev.clone();
            s.update_revision = rev;
        }
        let n_nodes = self.workload.nodes.len().max(1);
        for i in 0..app.replicas {
            let pod = format!("{name}-{i}");
            self.workload.claims.push(super::statefulset::Claim {
                name: format!("data-{pod}"),
                volume: format!("pvc-{:08x}-{:04x}", super::event::fnv_str(&pod) as u32, i),
                created: age,
                deleting: false,
            });
            self.workload.pods.push(Pod::running_at_start(pod, uid, current, i as usize % n_nodes, age / 2));
        }
        let ip = format!("10.96.{}.{}", 100, 11);
        self.workload.services.push(Service { name: name.clone(), production: true, selector: Selector::App, cluster_ip: ip });
    }

    fn build_model_and_db(&mut self, age: i64) {
        if let Some(m) = self.scenario.model.clone() {
            let mut versions = Versions::default();
            for (i, v) in m.versions.iter().enumerate() {
                let run_id = v.run_id.clone().unwrap_or_else(|| format!("{:016x}", super::event::fnv_str(&format!("{}{}", m.name, v.version)))[..8].to_string());
                let created = age + i64::try_from(i).unwrap_or(0) * 3600;
                versions.insert(ModelVersion { version: v.version, accuracy: v.accuracy, run_id, tags: BTreeMap::new(), created });
            }
            let loaded = m.aliases.get(&m.serving_alias).copied().or_else(|| versions.latest()).unwrap_or(1);
            self.baseline_accuracy = versions.get(loaded).map(|v| v.accuracy);
            self.registry = Some(Registry {
                model: m.name.clone(),
                versions,
                aliases: m.aliases.clone(),
                serving_alias: m.serving_alias.clone(),
                loaded,
                loaded_at: age / 2,
                reloading: None,
            });
        }
        if let Some(d) = self.scenario.database.clone() {
            let snapshots = d
                .snapshots
                .iter()
                .map(|s| Snapshot {
                    name: s.name.clone(),
                    taken: -i64::from(s.age.0),
                    schema_version: d.schema_version,
                    rows: (d.rows as f64 - d.writes_per_s * f64::from(s.age.0)).max(0.0) as u64,
                })
                .collect();
            self.db = Some(Database {
                instance: d.name.clone(),
                schema_version: d.schema_version,
                rows: d.rows as f64,
                writes_enabled: true,
                writes_per_s: d.writes_per_s,
                reversible: d.reversible_migrations,
                snapshots,
                lost_writes: 0.0,
                restores: 0,
                history: Vec::new(),
            });
        }
    }

    // ----- time -----

    /// The current tick (simulated seconds since the start).
    pub fn tick(&self) -> u32 {
        self.tick
    }

    /// The seed the simulator was created with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The scenario being run.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Whether the scenario's duration has been reached.
    pub fn finished(&self) -> bool {
        self.tick >= self.scenario.duration.0
    }

    /// Advances one simulated second.
    pub fn step(&mut self) {
        self.apply_scheduled();
        self.gitops_tick();
        self.resolve_failures();
        // One census of the pods serves the Deployment controller, the ReplicaSet controller and
        // the scheduler (are any pods waiting for a node?): the workload controllers in between scale
        // ReplicaSets but create, delete or change no pod, except a StatefulSet's, after which the
        // pods are counted again. The census's buffer is kept from tick to tick.
        let mut census = std::mem::take(&mut self.rs_census_buf);
        self.count_rs_pods(&mut census);
        self.deployment_step(&census);
        self.statefulset_step();
        self.rollout_step();
        self.post_promotion_tick();
        if self.workload.statefulset.is_some() {
            self.count_rs_pods(&mut census);
        }
        let created = self.reconcile_replicasets(&census);
        let maybe_pending = census.unscheduled > 0 || created;
        self.rs_census_buf = census;
        self.schedule_pods(maybe_pending);
        self.run_kubelets();
        self.serving_tick();
        self.database_tick();
        self.traffic_tick();
        self.alerts_tick();
        self.tick += 1;
        // The pods are as the traffic model counted them (`pods_seen`).
        let settled = self.telemetry.pods_seen.settled;
        debug_assert_eq!(settled, self.settled_version(), "the pods changed after the traffic model counted them");
        self.record_state_mark_given(settled);
    }

    /// Steps until the current tick is `tick` (does nothing if it is already past).
    pub fn run_until(&mut self, tick: u32) {
        while self.tick < tick {
            self.step();
        }
    }

    /// Runs to the end of the scenario.
    pub fn run_to_end(&mut self) {
        let end = self.scenario.duration.0;
        self.run_until(end);
    }

    fn apply_scheduled(&mut self) {
        let tick = self.tick;
        if !self.update_applied {
            let Some(u) = self.scenario.update.clone() else {
                self.update_applied = true;
                return;
            };
            if tick < u.at.0 {
                return;
            }
            self.update_applied = true;
            for (k, v) in &u.config {
                self.set_config(k, v);
            }
            if let Some(v) = &u.version {
                let vid = self.intern_version(v);
                if let Some(to) = u.migrate_schema_to {
                    self.pending_migration = Some((vid, to));
                }
                let t = Template { vid, restart_gen: self.current_template().restart_gen };
                self.set_workload_template(t, u.change_cause.clone());
            }
            if let Some(mv) = u.model_version {
                let alias = self.registry.as_ref().map(|r| r.serving_alias.clone()).unwrap_or_default();
                let _ = self.registry_set_alias(&alias, mv);
                let _ = self.serving_reload();
            }
            if let Some(p) = u.pause_after {
                self.teammate_pause_at = Some(tick + p.0);
            }
            // The update made through a release tool is recorded there too.
            self.helm_on_update();
            self.gitops_on_update();
        }
        if self.teammate_pause_at == Some(tick) {
            self.teammate_pause_at = None;
            if let Some(d) = self.workload.deployment.as_mut()
                && !d.paused {
                    d.paused = true;
                    let name = d.name.clone();
                    self.emit(Source::Kubernetes, Level::Normal, "DeploymentPaused", format!("deployment/{name}"), "Deployment paused by sre-oncall (kubectl rollout pause)".to_string());
                }
            if let Some(r) = self.workload.rollout.as_mut() {
                r.paused = true;
            }
        }
    }

    // ----- failures -----

    /// Adds a failure at run time (the Sandbox chaos panel). A failure whose onset is in the past
    /// starts at the next tick.
    pub fn inject(&mut self, failure: Failure) {
        let mut f = failure;
        if f.at < self.tick {
            f.at = self.tick;
        }
        if let super::failure::FailureKind::CrashLoop { version }
        | super::failure::FailureKind::ImagePull { version } = &f.kind
        {
            let v = version.clone();
            self.intern_version(&v);
        }
        self.failures.push(f);
        self.failure_active.push(false);
    }

    /// The failures, scenario ones first then injected ones.
    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }

    // ----- console -----

    /// Runs one console command at the current tick and records it in the action log.
    pub fn exec(&mut self, line: &str) -> Output {
        let parsed = console::parse(line);
        if matches!(parsed, Ok(Command::Empty)) {
            return Output::ok("");
        }
        let tick = self.tick;
        let trimmed: String = line.trim().chars().take(500).collect();
        // The command is logged before it runs, so the events it causes follow it in the log.
        self.emit(Source::Action, Level::Normal, "Command", "console", trimmed.clone());
        let (mut out, command) = match parsed {
            Ok(cmd) => (console::execute(self, &cmd), Some(console::resolve_wildcards(cmd, self))),
            Err(e) => (Output::err(e.to_string()), None),
        };
        // kubectl's deprecation warnings (stderr) show above the output, as in a terminal.
        let warnings = console::warnings(line);
        if !warnings.is_empty() {
            let mut text = warnings.join("\n");
            if !out.text.is_empty() {
                text.push('\n');
                text.push_str(&out.text);
            }
            out.text = text;
        }
        self.actions.push(ActionRecord { tick, line: trimmed, command, ok: !out.is_error });
        self.record_state_mark();
        out
    }

    /// The learner's actions so far.
    pub fn actions(&self) -> &[ActionRecord] {
        &self.actions
    }

    /// Messages sent with `notify`.
    pub fn notifications(&self) -> &[Notification] {
        &self.telemetry.notifications
    }

    // ----- observation -----
    //
    // Read-only borrows of the object model: what the console (a client of the simulator) reads.
    // It changes the simulator only through named operations (`set_workload_image`,
    // `delete_pod`, `route_service_to`, `promote_rollout`, `db_restore`, …).

    /// The nodes.
    pub fn nodes(&self) -> &[Node] {
        &self.workload.nodes
    }

    /// The pods.
    pub fn pods(&self) -> &[Pod] {
        &self.workload.pods
    }

    /// The ReplicaSets.
    pub fn replicasets(&self) -> &[ReplicaSet] {
        &self.workload.replicasets
    }

    /// The Deployment (rolling-update scenarios).
    pub fn deployment(&self) -> Option<&Deployment> {
        self.workload.deployment.as_ref()
    }

    /// The Argo Rollout (blue-green and canary scenarios).
    pub fn rollout(&self) -> Option<&Rollout> {
        self.workload.rollout.as_ref()
    }

    /// The Services.
    pub fn services(&self) -> &[Service] {
        &self.workload.services
    }

    /// The ConfigMaps.
    pub fn configmaps(&self) -> &[ConfigMap] {
        &self.workload.configmaps
    }

    /// The model registry and serving, if the scenario has a model.
    pub fn registry(&self) -> Option<&Registry> {
        self.registry.as_ref()
    }

    /// The database, if the scenario has one.
    pub fn database(&self) -> Option<&Database> {
        self.db.as_ref()
    }

    /// The event log.
    pub fn events(&self) -> &[Event] {
        &self.telemetry.events
    }

    /// The per-tick metrics history and counters.
    pub fn metrics(&self) -> &MetricsHistory {
        &self.telemetry.metrics
    }

    /// The alert rules and their state.
    pub fn alerts(&self) -> &[Alert] {
        &self.telemetry.alerts
    }

    /// Name (image tag) of version index `vid`.
    pub fn version_name(&self, vid: usize) -> &str {
        self.versions.get(vid).map_or("?", String::as_str)
    }

    /// Every version known to the simulator, by index.
    pub fn versions(&self) -> &[String] {
        &self.versions
    }

    /// A stable 64-bit hash over the event log, the metrics history and the counters: two runs are
    /// the same run exactly when their hashes match (natively and in wasm).
    pub fn trace_hash(&self) -> u64 {
        let mut h = Fnv64::default();
        for e in &self.telemetry.events {
            h.u32(e.tick);
            h.str(e.source.as_str());
            h.str(e.level.as_str());
            h.str(&e.reason);
            h.str(&e.object);
            h.str(&e.message);
        }
        for m in &self.telemetry.metrics.ticks {
            h.u32(m.tick);
            h.u64(m.rps.to_bits());
            h.u64(m.success_rate.to_bits());
            h.u64(m.p50_ms.to_bits());
            h.u64(m.p99_ms.to_bits());
            h.u64(m.accuracy_true.map_or(0, f64::to_bits));
            h.u64(m.drift.map_or(0, f64::to_bits));
            for v in &m.by_version {
                h.u32(u32::from(v.vid));
                h.u64(v.rps.to_bits());
                h.u64(v.success_rate.to_bits());
            }
        }
        let c = &self.telemetry.metrics.counters;
        h.u64(c.failed_requests.to_bits());
        h.u64(c.bad_predictions.to_bits());
        h.finish()
    }

    // ----- internals shared by the modules -----

    /// Appends an event.
    pub(crate) fn emit(&mut self, source: Source, level: Level, reason: &str, object: impl Into<String>, message: String) {
        self.telemetry.events.push(Event { tick: self.tick, source, level, reason: reason.to_string(), object: object.into(), message });
    }

    /// Index of a version, adding it if new (an image tag typed by the learner).
    pub(crate) fn intern_version(&mut self, v: &str) -> usize {
        if let Some(i) = self.versions.iter().position(|x| x == v) {
            return i;
        }
        self.versions.push(v.to_string());
        self.traits.push(VersionTraits::default());
        // Tags nobody ever built cannot be pulled.
        let known = self.scenario.app.previous_versions.iter().any(|x| x == v)
            || self.scenario.app.version == v
            || self.scenario.update.as_ref().and_then(|u| u.version.as_ref()).is_some_and(|x| x == v)
            || self.scenario.app.built_versions.iter().any(|x| x == v);
        if !known {
            self.failures.push(Failure {
                at: 0,
                until: None,
                kind: super::failure::FailureKind::ImagePull { version: v.to_string() },
            });
            self.failure_active.push(true);
        }
        self.versions.len() - 1
    }

    /// The workload's current pod template.
    pub(crate) fn current_template(&self) -> Template {
        if let Some(d) = &self.workload.deployment {
            return d.template;
        }
        if let Some(r) = &self.workload.rollout {
            return r.template;
        }
        if let Some(s) = &self.workload.statefulset {
            return s.template;
        }
        // No workload any more (a deleted StatefulSet): the version the scenario started on.
        let vid = self.versions.iter().position(|v| *v == self.scenario.app.version).unwrap_or(0);
        Template { vid, restart_gen: 0 }
    }

    /// Version index of the current template.
    pub(crate) fn current_template_vid(&self) -> usize {
        self.current_template().vid
    }

    /// Sets the workload's template (Deployment or Rollout).
    pub(crate) fn set_workload_template(&mut self, t: Template, change_cause: Option<String>) {
        if self.workload.deployment.is_some() {
            self.deployment_set_template(t, change_cause);
        } else if self.workload.rollout.is_some() {
            self.rollout_set_template(t);
        } else if self.workload.statefulset.is_some() {
            self.statefulset_set_template(t, change_cause);
        }
    }

    /// The app's ConfigMap.
    pub(crate) fn app_configmap(&self) -> Option<&ConfigMap> {
        let app = &self.scenario.app.name;
        self.workload.configmaps.iter().find(|c| c.name.strip_suffix("-config") == Some(app.as_str()))
    }

    /// Sets a key of the app's ConfigMap (pods read it when their container starts).
    pub(crate) fn set_config(&mut self, key: &str, value: &str) {
        let name = format!("{}-config", self.scenario.app.name);
        if let Some(cm) = self.workload.configmaps.iter_mut().find(|c| c.name == name) {
            cm.data.insert(key.to_string(), value.to_string());
        }
        self.config_changed();
    }

    /// Recomputes whether the app's ConfigMap is as it started (`Workload::config_initial`): called
    /// after every write to a ConfigMap's data.
    pub(crate) fn config_changed(&mut self) {
        self.workload.config_initial = self.app_configmap().is_some_and(|c| c.data == self.workload.initial_config);
    }

    /// The names of the ConfigMaps.
    pub fn configmap_names(&self) -> Vec<String> {
        self.workload.configmaps.iter().map(|c| c.name.clone()).collect()
    }

    /// Whether the app's ConfigMap equals its state at tick 0.
    pub fn config_is_initial(&self) -> bool {
        // Tests run with debug assertions: there, every read checks the cache is still true.
        debug_assert_eq!(
            self.workload.config_initial,
            self.app_configmap().is_some_and(|c| c.data == self.workload.initial_config),
            "a ConfigMap changed without Sim::config_changed"
        );
        self.workload.config_initial
    }

    /// Sends a notification.
    pub(crate) fn notify(&mut self, team: &str, message: &str) {
        self.telemetry.notifications.push(Notification { tick: self.tick, team: team.to_string(), message: message.to_string() });
        self.emit(Source::Notify, Level::Normal, "Notified", format!("team/{team}"), message.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn rolling() -> Scenario {
        Scenario::from_json(
            r#"{"id":"t","title":"T","app":{"name":"myapp","strategy":"rolling","image":"reg/myapp","version":"v2","previous_versions":["v1"],"replicas":4}}"#,
        )
        .unwrap()
    }

    #[test]
    fn starts_healthy() {
        let mut sim = Sim::new(&rolling(), 1);
        sim.run_until(60);
        let m = sim.metrics().last().unwrap();
        assert!(m.success_rate > 0.99, "{m:?}");
        assert_eq!(sim.workload.pods.len(), 4);
        assert!(sim.workload.pods.iter().all(|p| p.ready));
    }

    #[test]
    fn set_image_rolls_out() {
        let mut sim = Sim::new(&rolling(), 1);
        sim.run_until(5);
        let out = sim.exec("kubectl set image deployment/myapp myapp=reg/myapp:v1");
        assert_eq!(out.text, "deployment.apps/myapp image updated");
        sim.run_until(120);
        assert_eq!(sim.deployment_rollout_status().0, "deployment \"myapp\" successfully rolled out");
        assert!(sim.workload.pods.iter().all(|p| sim.version_name(p.vid) == "v1"));
    }

    /// The state mark's "config is initial" is cached: a patch and its undo each recompute it.
    #[test]
    fn patching_the_config_and_back_updates_the_mark() {
        let mut sim = Sim::new(&rolling(), 1);
        sim.run_until(5);
        assert!(sim.config_is_initial());
        let out = sim.exec(r#"kubectl patch configmap myapp-config -p '{"data":{"TIMEOUT_MS":"100"}}'"#);
        assert!(!out.is_error, "{}", out.text);
        assert!(!sim.config_is_initial());
        assert!(sim.state_marks().last().is_some_and(|m| !m.config_initial && m.tick == 5));
        sim.run_until(8);
        let out = sim.exec(r#"kubectl patch configmap myapp-config -p '{"data":{"TIMEOUT_MS":null}}'"#);
        assert!(!out.is_error, "{}", out.text);
        assert!(sim.config_is_initial());
        assert!(sim.state_marks().last().is_some_and(|m| m.config_initial && m.tick == 8));
    }

    #[test]
    fn same_seed_same_hash() {
        let run = |seed| {
            let mut sim = Sim::new(&rolling(), seed);
            sim.run_until(30);
            sim.exec("kubectl set image deployment/myapp myapp=reg/myapp:v1");
            sim.run_until(200);
            sim.trace_hash()
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
    }
}
