//! The scenario file format: the starting system, the update being rolled out and the failures.
//!
//! Architecture invariant: a [`Scenario`] is plain data, deserialised with serde and rejected on any
//! unknown field (the message names the field). The simulator never mutates it. Later sections (a
//! `[workflow]` for grading, a briefing for the UI) are added as new optional fields here.
//!
//! API boundary: [`Scenario::from_toml`] (native only: the `toml` crate is not in the wasm build) and
//! [`Scenario::from_json`] (everywhere) parse and validate; [`Scenario::validate`] lists every problem.
//! The incident build reads the site's own files with the light reader instead
//! ([`super::shipped::read_shipped`], no derived readers), which validates the same way.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::duration::Secs;
use super::failure::{Failure, FailureSpec};

/// A whole scenario file.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable identifier, e.g. `sandbox-rolling` (also the file name without `.toml`).
    pub id: String,
    /// Title shown in lists.
    pub title: String,
    /// One line for lists: what goes wrong, without the answer (the incidents page shows it).
    #[serde(default)]
    pub summary: String,
    /// What the learner is told at the start.
    #[serde(default)]
    pub briefing: String,
    /// The simulated moment the briefing describes: the browser's run is played silently up to it
    /// before the learner takes over (default 0). A run still starts at tick 0, so grading, replay
    /// codes and scripts are unchanged; only what the learner first sees moves.
    #[serde(default)]
    pub starts_at: Secs,
    /// Length of the run in simulated seconds (default 30 minutes).
    #[serde(default = "default_duration")]
    pub duration: Secs,
    /// Nodes and namespace.
    #[serde(default)]
    pub cluster: ClusterSpec,
    /// The application and how it is deployed.
    pub app: AppSpec,
    /// The update being rolled out, if any.
    #[serde(default)]
    pub update: Option<UpdateSpec>,
    /// The model registry and serving layer, if the app serves a model.
    #[serde(default)]
    pub model: Option<ModelSpec>,
    /// The database, if the scenario has one.
    #[serde(default)]
    pub database: Option<DatabaseSpec>,
    /// Service level objective used for alerts and the error budget.
    #[serde(default)]
    pub slo: SloSpec,
    /// Failures and their onsets.
    #[serde(default)]
    pub failures: Vec<FailureSpec>,
    /// How hard the incident is (graded scenarios).
    #[serde(default)]
    pub difficulty: Option<crate::pack::Difficulty>,
    /// The learner's time limit (default: the whole duration); the grader ignores later actions.
    #[serde(default)]
    pub time_limit: Option<Secs>,
    /// The reference workflow and grading rules (graded scenarios; the Sandbox has none).
    #[serde(default)]
    pub workflow: Option<super::workflow::Workflow>,
    /// A Helm release that manages the app (`[helm]`).
    #[serde(default)]
    pub helm: Option<super::helm::HelmSpec>,
    /// An Argo CD Application and its Git repository that manage the app (`[argocd]`).
    #[serde(default)]
    pub argocd: Option<super::gitops::ArgoCdSpec>,
}

fn default_duration() -> Secs {
    Secs(1800)
}

/// The cluster.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    /// Namespace everything lives in (default `default`).
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// Node names (default three nodes).
    #[serde(default = "default_nodes")]
    pub nodes: Vec<String>,
    /// Pods a node accepts (default 40).
    #[serde(default = "default_max_pods")]
    pub max_pods_per_node: u32,
    /// How old the pre-existing objects are at tick 0 (default 3 days), for AGE columns.
    #[serde(default = "default_age")]
    pub age: Secs,
    /// How long a NotReady node keeps its pods before they are evicted (default 60 s; real clusters use 300 s).
    #[serde(default = "default_eviction")]
    pub eviction_timeout: Secs,
}

fn default_namespace() -> String {
    "default".to_string()
}
fn default_nodes() -> Vec<String> {
    vec!["node-1".to_string(), "node-2".to_string(), "node-3".to_string()]
}
fn default_max_pods() -> u32 {
    40
}
fn default_age() -> Secs {
    Secs(3 * 86_400)
}
fn default_eviction() -> Secs {
    Secs(60)
}

impl Default for ClusterSpec {
    fn default() -> Self {
        ClusterSpec {
            namespace: default_namespace(),
            nodes: default_nodes(),
            max_pods_per_node: default_max_pods(),
            age: default_age(),
            eviction_timeout: default_eviction(),
        }
    }
}

/// How the app is rolled out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// A Kubernetes Deployment with a RollingUpdate strategy.
    Rolling,
    /// An Argo Rollout with a blueGreen strategy.
    BlueGreen,
    /// An Argo Rollout with a canary strategy.
    Canary,
    /// A Kubernetes StatefulSet with a RollingUpdate strategy (OrderedReady pods, an optional
    /// partition in `[app.statefulset]`).
    #[serde(rename = "statefulset")]
    StatefulSet,
}

impl Strategy {
    /// `rolling`, `blue-green` or `canary`.
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Rolling => "rolling",
            Strategy::BlueGreen => "blue-green",
            Strategy::Canary => "canary",
            Strategy::StatefulSet => "statefulset",
        }
    }
}

/// The application.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AppSpec {
    /// Deployment / Rollout name (`myapp`).
    pub name: String,
    /// How it is rolled out.
    pub strategy: Strategy,
    /// Image repository without tag (`registry.example.com/myapp`).
    pub image: String,
    /// The version (image tag) running at tick 0.
    pub version: String,
    /// Older versions still in the revision history, oldest first (each one a ReplicaSet at 0 replicas).
    #[serde(default)]
    pub previous_versions: Vec<String>,
    /// Image tags built and pushed but never deployed (a hotfix ready to roll forward): they can be
    /// pulled, unlike a tag nobody built.
    #[serde(default)]
    pub built_versions: Vec<String>,
    /// Desired replicas (default 3).
    #[serde(default = "default_replicas")]
    pub replicas: u32,
    /// `revisionHistoryLimit` (default 10; 0 makes undo impossible).
    #[serde(default = "default_history_limit")]
    pub revision_history_limit: u32,
    /// `progressDeadlineSeconds` (default 600).
    #[serde(default = "default_deadline")]
    pub progress_deadline: Secs,
    /// `maxSurge`: a count (`1`) or a percentage (`"25%"`, the default).
    #[serde(default = "default_quarter")]
    pub max_surge: IntOrPercent,
    /// `maxUnavailable`: a count or a percentage (default `"25%"`).
    #[serde(default = "default_quarter")]
    pub max_unavailable: IntOrPercent,
    /// Whether the Deployment starts paused.
    #[serde(default)]
    pub paused: bool,
    /// Seconds a started container needs before its readiness probe passes (default 5).
    #[serde(default = "default_ready_after")]
    pub ready_after: Secs,
    /// Requests per second arriving at the app (default 200).
    #[serde(default = "default_rps")]
    pub rps: f64,
    /// Requests per second one pod serves before it saturates (default 100).
    #[serde(default = "default_capacity")]
    pub pod_capacity_rps: f64,
    /// Median latency of a healthy pod in ms (default 40).
    #[serde(default = "default_latency")]
    pub base_latency_ms: f64,
    /// A PodDisruptionBudget over the app's pods (`<name>`), which evictions (`kubectl drain`) obey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdb: Option<PdbSpec>,
    /// Background error rate (default 0.0005).
    #[serde(default = "default_error_rate")]
    pub base_error_rate: f64,
    /// The app's ConfigMap (`<name>-config`) data at tick 0.
    #[serde(default)]
    pub config: BTreeMap<String, String>,
    /// Names of downstream dependencies (for dependency-outage and `describe`).
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// Blue-green settings (strategy `blue-green`).
    #[serde(default)]
    pub blue_green: Option<BlueGreenSpec>,
    /// Canary settings (strategy `canary`).
    #[serde(default)]
    pub canary: Option<CanarySpec>,
    /// StatefulSet settings (strategy `statefulset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statefulset: Option<StatefulSetSpec>,
}

/// StatefulSet settings (`spec.updateStrategy.rollingUpdate`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatefulSetSpec {
    /// `partition` at tick 0: only ordinals at or above it take a new template (default 0).
    #[serde(default)]
    pub partition: u32,
}

fn default_replicas() -> u32 {
    3
}
fn default_history_limit() -> u32 {
    10
}
fn default_deadline() -> Secs {
    Secs(600)
}
fn default_quarter() -> IntOrPercent {
    IntOrPercent::Percent(25)
}
fn default_ready_after() -> Secs {
    Secs(5)
}
fn default_rps() -> f64 {
    200.0
}
fn default_capacity() -> f64 {
    100.0
}
fn default_latency() -> f64 {
    40.0
}
fn default_error_rate() -> f64 {
    0.0005
}

/// A Kubernetes `IntOrString` for surge and unavailability: `1` or `"25%"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    /// An absolute number of pods.
    Int(u32),
    /// A percentage of the desired replicas.
    Percent(u32),
}

impl IntOrPercent {
    /// Resolves against `replicas`, rounding up (surge) or down (unavailable) like the controller.
    pub fn resolve(self, replicas: u32, round_up: bool) -> u32 {
        match self {
            IntOrPercent::Int(n) => n,
            IntOrPercent::Percent(p) => {
                let x = u64::from(replicas) * u64::from(p);
                let v = if round_up { x.div_ceil(100) } else { x / 100 };
                u32::try_from(v).unwrap_or(u32::MAX)
            }
        }
    }
}

impl std::fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrPercent::Int(n) => write!(f, "{n}"),
            IntOrPercent::Percent(p) => write!(f, "{p}%"),
        }
    }
}

impl Serialize for IntOrPercent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IntOrPercent::Int(n) => s.serialize_u32(*n),
            IntOrPercent::Percent(_) => s.serialize_str(&self.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for IntOrPercent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = IntOrPercent;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of pods or a percentage such as \"25%\"")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<IntOrPercent, E> {
                u32::try_from(v).map(IntOrPercent::Int).map_err(|_| E::custom("value too large"))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<IntOrPercent, E> {
                u32::try_from(v).map(IntOrPercent::Int).map_err(|_| E::custom("value must be 0 or more"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<IntOrPercent, E> {
                let digits = v.strip_suffix('%').ok_or_else(|| E::custom(format!("{v:?} is not a percentage like \"25%\"")))?;
                let p: u32 = digits.parse().map_err(|_| E::custom(format!("{v:?} is not a percentage like \"25%\"")))?;
                if p > 100 {
                    return Err(E::custom(format!("{v:?} is over 100%")));
                }
                Ok(IntOrPercent::Percent(p))
            }
        }
        d.deserialize_any(V)
    }
}

/// A PodDisruptionBudget (`policy/v1`) selecting the app's pods: exactly one of the two fields.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PdbSpec {
    /// `spec.minAvailable`.
    #[serde(default)]
    pub min_available: Option<IntOrPercent>,
    /// `spec.maxUnavailable`.
    #[serde(default)]
    pub max_unavailable: Option<IntOrPercent>,
}

/// Blue-green settings (Argo Rollouts `strategy.blueGreen`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BlueGreenSpec {
    /// `autoPromotionEnabled` (default true).
    #[serde(default = "default_true")]
    pub auto_promotion_enabled: bool,
    /// `autoPromotionSeconds`: wait this long after the preview is ready (default 0).
    #[serde(default)]
    pub auto_promotion_seconds: Secs,
    /// `scaleDownDelaySeconds` (default 30).
    #[serde(default = "default_scale_down")]
    pub scale_down_delay: Secs,
    /// `previewReplicaCount` (default: full replicas).
    #[serde(default)]
    pub preview_replica_count: Option<u32>,
    /// Post-promotion analysis: if it fails, traffic switches back to the old version.
    #[serde(default)]
    pub post_promotion_analysis: Option<AnalysisSpec>,
}

fn default_true() -> bool {
    true
}
fn default_scale_down() -> Secs {
    Secs(30)
}

impl Default for BlueGreenSpec {
    fn default() -> Self {
        BlueGreenSpec {
            auto_promotion_enabled: true,
            auto_promotion_seconds: Secs(0),
            scale_down_delay: default_scale_down(),
            preview_replica_count: None,
            post_promotion_analysis: None,
        }
    }
}

/// Canary settings (Argo Rollouts `strategy.canary`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CanarySpec {
    /// The steps, e.g. `[{ set_weight = 20 }, { pause = { duration = "1m" } }, { pause = {} }]`.
    #[serde(default)]
    pub steps: Vec<CanaryStep>,
    /// Background analysis run during the steps.
    #[serde(default)]
    pub analysis: Option<AnalysisSpec>,
    /// `scaleDownDelaySeconds` for the old stable ReplicaSet after full promotion (default 30).
    #[serde(default = "default_scale_down")]
    pub scale_down_delay: Secs,
}

impl Default for CanarySpec {
    fn default() -> Self {
        CanarySpec { steps: Vec::new(), analysis: None, scale_down_delay: default_scale_down() }
    }
}

/// One canary step.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CanaryStep {
    /// `setWeight: N`: send N% of traffic to the canary.
    SetWeight(u32),
    /// `pause: {duration: …}` or `pause: {}` (indefinite, until promoted).
    Pause(PauseSpec),
}

/// The body of a pause step.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PauseSpec {
    /// How long; absent means until `promote`.
    #[serde(default)]
    pub duration: Option<Secs>,
}

/// What an analysis measures on the new version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Share of successful requests (0..1).
    SuccessRate,
    /// Share of failed requests (0..1).
    ErrorRate,
    /// p99 latency in milliseconds.
    LatencyP99,
}

/// An AnalysisTemplate with one metric.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSpec {
    /// Metric name as it appears in messages (default `success-rate`).
    #[serde(default = "default_metric")]
    pub metric: String,
    /// What is measured (default success-rate).
    #[serde(default = "default_measure")]
    pub measure: Measure,
    /// `successCondition`, e.g. `result[0] >= 0.95`.
    #[serde(default = "default_condition")]
    pub success_condition: String,
    /// Time between measurements (default 60 s).
    #[serde(default = "default_interval")]
    pub interval: Secs,
    /// `failureLimit` (default 0).
    #[serde(default)]
    pub failure_limit: u32,
    /// `consecutiveErrorLimit` (default 4).
    #[serde(default = "default_error_limit")]
    pub consecutive_error_limit: u32,
    /// Number of measurements; absent means until the rollout ends.
    #[serde(default)]
    pub count: Option<u32>,
}

fn default_metric() -> String {
    "success-rate".to_string()
}
fn default_measure() -> Measure {
    Measure::SuccessRate
}
fn default_condition() -> String {
    "result[0] >= 0.95".to_string()
}
fn default_interval() -> Secs {
    Secs(60)
}
fn default_error_limit() -> u32 {
    4
}

/// The update rolled out during the scenario.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateSpec {
    /// When it is applied (default 0).
    #[serde(default)]
    pub at: Secs,
    /// New app version (image tag); absent leaves the image alone.
    #[serde(default)]
    pub version: Option<String>,
    /// ConfigMap keys changed at the same time.
    #[serde(default)]
    pub config: BTreeMap<String, String>,
    /// Schema version the new app version migrates the database to, when its first pod starts.
    #[serde(default)]
    pub migrate_schema_to: Option<u32>,
    /// Model version the serving alias is moved to (the server reloads with the deploy).
    #[serde(default)]
    pub model_version: Option<u32>,
    /// A teammate pauses the Deployment this long after the update started.
    #[serde(default)]
    pub pause_after: Option<Secs>,
    /// `kubernetes.io/change-cause` shown by `rollout history`.
    #[serde(default)]
    pub change_cause: Option<String>,
}

/// The model registry and serving layer.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// Registered model name (`fraud-detector`).
    pub name: String,
    /// The alias the server resolves (default `champion`).
    #[serde(default = "default_alias")]
    pub serving_alias: String,
    /// Registered versions.
    pub versions: Vec<ModelVersionSpec>,
    /// Alias → version at tick 0.
    #[serde(default)]
    pub aliases: crate::str_map::StrMap<u32>,
    /// Ground truth arrives this long after a prediction (default 10 minutes).
    #[serde(default = "default_gt_delay")]
    pub ground_truth_delay: Secs,
}

fn default_alias() -> String {
    "champion".to_string()
}
fn default_gt_delay() -> Secs {
    Secs(600)
}

/// One registered model version.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelVersionSpec {
    /// Version number.
    pub version: u32,
    /// Accuracy it reaches on live traffic (default 0.92).
    #[serde(default = "default_accuracy")]
    pub accuracy: f64,
    /// Run that produced it (shown by `registry versions`).
    #[serde(default)]
    pub run_id: Option<String>,
}

fn default_accuracy() -> f64 {
    0.92
}

/// The database.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSpec {
    /// Instance name (`orders-db`).
    #[serde(default = "default_db_name")]
    pub name: String,
    /// Schema version at tick 0.
    pub schema_version: u32,
    /// Rows at tick 0.
    #[serde(default = "default_rows")]
    pub rows: u64,
    /// Writes per second while writes are on (default 5).
    #[serde(default = "default_writes")]
    pub writes_per_s: f64,
    /// Whether migrations have a down step (`db migrate <older>` works).
    #[serde(default)]
    pub reversible_migrations: bool,
    /// Snapshots taken before tick 0.
    #[serde(default)]
    pub snapshots: Vec<SnapshotSpec>,
}

fn default_db_name() -> String {
    "app-db".to_string()
}
fn default_rows() -> u64 {
    5_000_000
}
fn default_writes() -> f64 {
    5.0
}

/// A snapshot that exists at tick 0.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotSpec {
    /// Snapshot name.
    pub name: String,
    /// How long before tick 0 it was taken.
    #[serde(default)]
    pub age: Secs,
}

/// The service level objective.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SloSpec {
    /// Success-rate target (default 0.999).
    #[serde(default = "default_slo")]
    pub target: f64,
    /// p99 latency objective in ms (default 500).
    #[serde(default = "default_p99")]
    pub latency_p99_ms: f64,
    /// Budget window (default 30 days).
    #[serde(default = "default_window")]
    pub window: Secs,
}

fn default_slo() -> f64 {
    0.999
}
fn default_p99() -> f64 {
    500.0
}
fn default_window() -> Secs {
    Secs(30 * 86_400)
}

impl Default for SloSpec {
    fn default() -> Self {
        SloSpec { target: default_slo(), latency_p99_ms: default_p99(), window: default_window() }
    }
}

impl Scenario {
    /// Parses a TOML scenario and validates it. Errors say where (line, field) and what.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_toml(text: &str) -> Result<Scenario, String> {
        let s: Scenario = toml::from_str(text).map_err(|e| e.to_string())?;
        s.check()
    }

    /// Parses a JSON scenario (the same structure) and validates it.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        let s: Scenario = serde_json::from_str(text).map_err(|e| e.to_string())?;
        s.check()
    }

    fn check(self) -> Result<Scenario, String> {
        let errors = self.validate();
        if errors.is_empty() { Ok(self) } else { Err(errors.join("\n")) }
    }

    /// Every version the scenario can run: previous, current, the update's and the built ones.
    pub fn known_versions(&self) -> Vec<&str> {
        let app = &self.app;
        let mut v: Vec<&str> = app.previous_versions.iter().map(String::as_str).collect();
        v.push(&app.version);
        if let Some(u) = self.update.as_ref().and_then(|u| u.version.as_ref()) {
            v.push(u);
        }
        v.extend(app.built_versions.iter().map(String::as_str));
        v
    }

    /// The learner's time limit in seconds (the duration when unset).
    pub fn time_limit_secs(&self) -> u32 {
        self.time_limit.map_or(self.duration.0, |t| t.0.min(self.duration.0))
    }

    /// What the scenario exercises, most specific first: `model-registry` when it serves a model,
    /// `database` when it has one, `disruption-budget` when the app has a PodDisruptionBudget, then the deployment strategy when the update changes the app
    /// (or there is no model or database to speak of). Lists tag and filter scenarios by these.
    pub fn tags(&self) -> Vec<&'static str> {
        let mut tags = Vec::new();
        if self.model.is_some() {
            tags.push("model-registry");
        }
        if self.database.is_some() {
            tags.push("database");
        }
        if self.app.pdb.is_some() {
            tags.push("disruption-budget");
        }
        let changes_app = self.update.as_ref().is_some_and(|u| u.version.is_some() || !u.config.is_empty());
        if changes_app || tags.is_empty() {
            tags.push(self.app.strategy.as_str());
        }
        tags
    }

    /// The failures as typed values (invalid ones are skipped; [`Scenario::validate`] reports them).
    pub fn typed_failures(&self) -> Vec<Failure> {
        self.failures.iter().filter_map(|f| f.to_failure().ok()).collect()
    }

    /// Every problem with the scenario, each naming the field (`failures[1].version: …`).
    pub fn validate(&self) -> Vec<String> {
        let mut errs = Vec::new();
        let app = &self.app;
        if !is_dns_label(&app.name) {
            errs.push(format!("app.name: {:?} is not a valid Kubernetes name (lowercase letters, digits, '-')", app.name));
        }
        if app.version.is_empty() {
            errs.push("app.version: must not be empty".to_string());
        }
        if app.replicas == 0 || app.replicas > 200 {
            errs.push(format!("app.replicas: must be between 1 and 200, got {}", app.replicas));
        }
        if !(app.rps.is_finite() && app.rps >= 0.0) {
            errs.push("app.rps: must be a number of 0 or more".to_string());
        }
        if !(app.pod_capacity_rps.is_finite() && app.pod_capacity_rps > 0.0) {
            errs.push("app.pod_capacity_rps: must be more than 0".to_string());
        }
        if self.cluster.nodes.is_empty() {
            errs.push("cluster.nodes: at least one node is needed".to_string());
        }
        if app.statefulset.is_some() && app.strategy != Strategy::StatefulSet {
            errs.push(format!("app.statefulset: only for strategy \"statefulset\", not {:?}", app.strategy.as_str()));
        }
        if let Some(p) = &app.pdb
            && p.min_available.is_some() == p.max_unavailable.is_some()
        {
            errs.push("app.pdb: give exactly one of min_available and max_unavailable".to_string());
        }
        match app.strategy {
            Strategy::Rolling | Strategy::StatefulSet => {
                if app.blue_green.is_some() || app.canary.is_some() {
                    errs.push(format!("app: strategy {:?} takes no [app.blue_green] or [app.canary] section", app.strategy.as_str()));
                }
            }
            Strategy::BlueGreen => {
                if app.canary.is_some() {
                    errs.push("app.canary: not allowed with strategy \"blue-green\"".to_string());
                }
            }
            Strategy::Canary => {
                if app.blue_green.is_some() {
                    errs.push("app.blue_green: not allowed with strategy \"canary\"".to_string());
                }
                if let Some(c) = &app.canary {
                    for (i, step) in c.steps.iter().enumerate() {
                        if let CanaryStep::SetWeight(w) = step
                            && *w > 100 {
                                errs.push(format!("app.canary.steps[{i}].set_weight: {w} is over 100"));
                            }
                    }
                }
            }
        }
        let analyses = [
            app.canary.as_ref().and_then(|c| c.analysis.as_ref()).map(|a| ("app.canary.analysis", a)),
            app.blue_green.as_ref().and_then(|b| b.post_promotion_analysis.as_ref()).map(|a| ("app.blue_green.post_promotion_analysis", a)),
        ];
        for (path, a) in analyses.into_iter().flatten() {
            if let Err(e) = super::analysis::Condition::parse(&a.success_condition) {
                errs.push(format!("{path}.success_condition: {e}"));
            }
            if a.interval.0 == 0 {
                errs.push(format!("{path}.interval: must be at least 1s"));
            }
        }
        let known_versions = self.known_versions();
        if self.summary.contains('\n') || self.summary.chars().count() > 160 {
            errs.push("summary: must be one line of at most 160 characters".to_string());
        }
        if self.starts_at.0 >= self.time_limit_secs() {
            errs.push(format!("starts_at: must be before the time limit ({} s), got {} s", self.time_limit_secs(), self.starts_at.0));
        }
        if let Some(t) = self.time_limit
            && (t.0 == 0 || t.0 > self.duration.0) {
                errs.push(format!("time_limit: must be between 1 s and the duration ({} s), got {} s", self.duration.0, t.0));
            }
        if let Some(w) = &self.workflow {
            errs.extend(w.validate(self));
        }
        if let Some(h) = &self.helm {
            errs.extend(h.validate(self));
        }
        if let Some(a) = &self.argocd {
            errs.extend(a.validate(self));
        }
        if let Some(u) = &self.update {
            if let (Some(mv), Some(m)) = (u.model_version, &self.model)
                && !m.versions.iter().any(|x| x.version == mv) {
                    errs.push(format!("update.model_version: model {:?} has no version {mv}", m.name));
                }
            if u.model_version.is_some() && self.model.is_none() {
                errs.push("update.model_version: the scenario has no [model] section".to_string());
            }
            if u.migrate_schema_to.is_some() && self.database.is_none() {
                errs.push("update.migrate_schema_to: the scenario has no [database] section".to_string());
            }
        }
        if let Some(m) = &self.model {
            if m.versions.is_empty() {
                errs.push("model.versions: at least one version is needed".to_string());
            }
            for (alias, v) in &m.aliases {
                if !m.versions.iter().any(|x| x.version == *v) {
                    errs.push(format!("model.aliases.{alias}: version {v} is not registered"));
                }
            }
            if !m.aliases.contains_key(&m.serving_alias) {
                errs.push(format!("model.aliases: the serving alias {:?} must be set", m.serving_alias));
            }
        }
        for (i, f) in self.failures.iter().enumerate() {
            match f.to_failure() {
                Err(e) => errs.push(format!("failures[{i}]: {e}")),
                Ok(fail) => {
                    use super::failure::FailureKind as K;
                    match &fail.kind {
                        K::NodeFailure { node } if !self.cluster.nodes.contains(node) => {
                            errs.push(format!("failures[{i}].node: no node named {node:?} in cluster.nodes"));
                        }
                        K::CrashLoop { version }
                        | K::ImagePull { version }
                        | K::MemoryLeak { version, .. }
                        | K::LatencyRegression { version, .. }
                        | K::ErrorsUnderLoad { version, .. }
                        | K::SchemaMismatch { version, .. }
                        | K::CanaryNoTraffic { version }
                            if !known_versions.contains(&version.as_str()) =>
                        {
                            errs.push(format!(
                                "failures[{i}].version: {version:?} is not one of the scenario's versions ({})",
                                known_versions.join(", ")
                            ));
                        }
                        K::DependencyOutage { dependency, .. } if !app.dependencies.contains(dependency) => {
                            errs.push(format!("failures[{i}].dependency: {dependency:?} is not in app.dependencies"));
                        }
                        _ => {}
                    }
                }
            }
        }
        errs
    }
}

/// Whether `s` is a valid DNS-1123 label (Kubernetes object names).
pub fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
id = "t"
title = "T"
[app]
name = "myapp"
strategy = "rolling"
image = "reg/myapp"
version = "v1"
"#;

    #[test]
    fn tags_name_what_the_scenario_exercises() {
        let rolling = Scenario::from_toml(&format!("{MINIMAL}[update]\nversion = \"v2\"\n")).unwrap();
        assert_eq!(rolling.tags(), ["rolling"]);
        // A model whose alias moves, no new image: not a rolling update.
        let model = format!("{MINIMAL}[update]\nmodel_version = 2\n[model]\nname = \"m\"\nversions = [{{ version = 1, accuracy = 0.9 }}, {{ version = 2, accuracy = 0.8 }}]\naliases = {{ champion = 1 }}\n");
        assert_eq!(Scenario::from_toml(&model).unwrap().tags(), ["model-registry"]);
        assert_eq!(Scenario::from_toml(MINIMAL).unwrap().tags(), ["rolling"], "nothing else to name: the strategy");
        let budget = format!("{MINIMAL}pdb = {{ min_available = 1 }}\n");
        assert_eq!(Scenario::from_toml(&budget).unwrap().tags(), ["disruption-budget"], "a drain against a budget is not a rolling update");
    }

    #[test]
    fn statefulset_strategy_tags_and_section() {
        let sts = MINIMAL.replace("strategy = \"rolling\"", "strategy = \"statefulset\"");
        let s = Scenario::from_toml(&format!("{sts}[app.statefulset]\npartition = 2\n[update]\nversion = \"v2\"\n")).unwrap();
        assert_eq!(s.tags(), ["statefulset"], "a StatefulSet update is not tagged rolling");
        assert_eq!(s.app.statefulset, Some(StatefulSetSpec { partition: 2 }));
        let errs = Scenario::from_toml(&format!("{MINIMAL}[app.statefulset]\npartition = 1\n")).unwrap_err();
        assert!(errs.contains("app.statefulset: only for strategy \"statefulset\""), "{errs}");
        let errs = Scenario::from_toml(&format!("{sts}[app.canary]\nsteps = []\n")).unwrap_err();
        assert!(errs.contains("strategy \"statefulset\" takes no [app.blue_green] or [app.canary]"), "{errs}");
    }

    #[test]
    fn summary_and_start_are_checked() {
        let ok = Scenario::from_toml(&format!("summary = \"One line.\"\nstarts_at = \"45s\"\n{MINIMAL}")).unwrap();
        assert_eq!((ok.summary.as_str(), ok.starts_at), ("One line.", Secs(45)));
        let errs = Scenario::from_toml(&format!("summary = \"two\\nlines\"\nstarts_at = \"31m\"\n{MINIMAL}")).unwrap_err();
        assert!(errs.contains("summary: must be one line"), "{errs}");
        assert!(errs.contains("starts_at: must be before the time limit (1800 s), got 1860 s"), "{errs}");
    }

    #[test]
    fn minimal_parses_with_defaults() {
        let s = Scenario::from_toml(MINIMAL).unwrap();
        assert_eq!(s.app.replicas, 3);
        assert_eq!(s.duration, Secs(1800));
        assert_eq!(s.app.max_surge, IntOrPercent::Percent(25));
        assert_eq!(s.cluster.nodes.len(), 3);
    }

    #[test]
    fn unknown_field_is_named() {
        let text = MINIMAL.replace("version = \"v1\"", "version = \"v1\"\nreplica = 3");
        let err = Scenario::from_toml(&text).unwrap_err();
        assert!(err.contains("unknown field `replica`"), "{err}");
    }

    #[test]
    fn bad_failure_target_is_named() {
        let text = format!("{MINIMAL}\n[[failures]]\nkind = \"crash-loop\"\nversion = \"v9\"\n");
        let err = Scenario::from_toml(&text).unwrap_err();
        assert!(err.contains("failures[0].version"), "{err}");
    }

    #[test]
    fn canary_steps_parse() {
        let text = MINIMAL.replace("strategy = \"rolling\"", "strategy = \"canary\"")
            + "[app.canary]\nsteps = [{ set_weight = 20 }, { pause = { duration = \"1m\" } }, { pause = {} }]\n";
        let s = Scenario::from_toml(&text).unwrap();
        let steps = &s.app.canary.unwrap().steps;
        assert_eq!(steps[0], CanaryStep::SetWeight(20));
        assert_eq!(steps[1], CanaryStep::Pause(PauseSpec { duration: Some(Secs(60)) }));
        assert_eq!(steps[2], CanaryStep::Pause(PauseSpec { duration: None }));
    }

    #[test]
    fn percent_resolution() {
        assert_eq!(IntOrPercent::Percent(25).resolve(3, true), 1);
        assert_eq!(IntOrPercent::Percent(25).resolve(3, false), 0);
        assert_eq!(IntOrPercent::Percent(25).resolve(10, false), 2);
        assert_eq!(IntOrPercent::Int(2).resolve(10, true), 2);
    }
}
