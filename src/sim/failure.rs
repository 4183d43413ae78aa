//! The failure catalog: what can go wrong, when, and to what.
//!
//! Architecture invariant: a [`Failure`] is pure data (kind, target, onset, optional end). The simulator
//! reads the active failures every tick to decide how pods and requests behave; failures never mutate
//! state themselves, except the two that model a one-off event (`node-failure` takes a node down,
//! `missing-revision` garbage-collects old ReplicaSets), and those act once, at onset.
//!
//! Scenario files declare failures with the flat [`FailureSpec`] (easy to write in TOML); the chaos panel
//! builds a [`Failure`] directly and passes it to `Sim::inject`.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::duration::Secs;

/// What the failure affects when it is tied to the model rather than to the app build.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelTarget {
    /// Every request served by pods of this app version.
    AppVersion(String),
    /// Every request served while this model version is loaded.
    ModelVersion(u32),
}

/// One kind of failure with its target and parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum FailureKind {
    /// Containers of `version` exit a few seconds after starting: Error, then CrashLoopBackOff.
    CrashLoop { version: String },
    /// The image for `version` cannot be pulled: ErrImagePull, then ImagePullBackOff.
    ImagePull { version: String },
    /// Containers of `version` leak memory and are OOMKilled after `oom_after_s` seconds of running.
    MemoryLeak { version: String, oom_after_s: u32 },
    /// Requests served by `version` take `extra_ms` longer at p99 (about 60% of that at p50).
    LatencyRegression { version: String, extra_ms: f64 },
    /// Above `rps_per_pod` requests per second per ready pod, `version` fails `error_rate` of requests.
    ErrorsUnderLoad { version: String, rps_per_pod: f64, error_rate: f64 },
    /// Predictions lose accuracy (down to `accuracy`) while HTTP stays 100% healthy.
    AccuracyDrop { target: ModelTarget, accuracy: f64 },
    /// The distribution of predictions shifts: the drift score rises to `drift` (PSI-like, 0.2 is bad).
    PredictionDrift { target: ModelTarget, drift: f64 },
    /// `version` fails `error_rate` of requests once the database schema is at `schema` or above
    /// (typically the old version after the new one migrated the schema).
    SchemaMismatch { version: String, schema: u32, error_rate: f64 },
    /// Pods that start while ConfigMap key `key` holds `value` break: they crash-loop when
    /// `error_rate` is `None`, otherwise they serve and fail that share of requests.
    BadConfig { key: String, value: String, error_rate: Option<f64> },
    /// The node goes NotReady; its pods are evicted after the eviction timeout.
    NodeFailure { node: String },
    /// Old ReplicaSets are garbage-collected, so there is no previous revision to undo to.
    MissingRevision,
    /// The traffic router sends nothing to `version` whatever the weights say (analysis has no data).
    CanaryNoTraffic { version: String },
    /// The metrics provider behind analysis runs returns errors.
    AnalysisProviderError,
    /// A downstream dependency fails `error_rate` of all requests, whatever version serves them.
    DependencyOutage { dependency: String, error_rate: f64 },
}

impl FailureKind {
    /// The catalog name, as written in scenario files (`crash-loop`, `image-pull`, …).
    pub fn name(&self) -> &'static str {
        match self {
            FailureKind::CrashLoop { .. } => "crash-loop",
            FailureKind::ImagePull { .. } => "image-pull",
            FailureKind::MemoryLeak { .. } => "memory-leak",
            FailureKind::LatencyRegression { .. } => "latency-regression",
            FailureKind::ErrorsUnderLoad { .. } => "errors-under-load",
            FailureKind::AccuracyDrop { .. } => "accuracy-drop",
            FailureKind::PredictionDrift { .. } => "prediction-drift",
            FailureKind::SchemaMismatch { .. } => "schema-mismatch",
            FailureKind::BadConfig { .. } => "bad-config",
            FailureKind::NodeFailure { .. } => "node-failure",
            FailureKind::MissingRevision => "missing-revision",
            FailureKind::CanaryNoTraffic { .. } => "canary-no-traffic",
            FailureKind::AnalysisProviderError => "analysis-provider-error",
            FailureKind::DependencyOutage { .. } => "dependency-outage",
        }
    }

    /// The app version the failure strikes, if it strikes one (a model version, a node, the config
    /// or a dependency are not app versions).
    pub fn app_version(&self) -> Option<&str> {
        match self {
            FailureKind::CrashLoop { version }
            | FailureKind::ImagePull { version }
            | FailureKind::MemoryLeak { version, .. }
            | FailureKind::LatencyRegression { version, .. }
            | FailureKind::ErrorsUnderLoad { version, .. }
            | FailureKind::SchemaMismatch { version, .. }
            | FailureKind::CanaryNoTraffic { version }
            | FailureKind::AccuracyDrop { target: ModelTarget::AppVersion(version), .. }
            | FailureKind::PredictionDrift { target: ModelTarget::AppVersion(version), .. } => Some(version),
            _ => None,
        }
    }

    /// What the failure targets, for the event log and the chaos panel (`version v2`, `node node-1`).
    pub fn target_label(&self) -> String {
        match self {
            FailureKind::CrashLoop { version }
            | FailureKind::ImagePull { version }
            | FailureKind::MemoryLeak { version, .. }
            | FailureKind::LatencyRegression { version, .. }
            | FailureKind::ErrorsUnderLoad { version, .. }
            | FailureKind::SchemaMismatch { version, .. }
            | FailureKind::CanaryNoTraffic { version } => format!("version {version}"),
            FailureKind::AccuracyDrop { target, .. } | FailureKind::PredictionDrift { target, .. } => match target {
                ModelTarget::AppVersion(v) => format!("version {v}"),
                ModelTarget::ModelVersion(m) => format!("model version {m}"),
            },
            FailureKind::BadConfig { key, value, .. } => format!("config {key}={value}"),
            FailureKind::NodeFailure { node } => format!("node {node}"),
            FailureKind::MissingRevision => "revision history".to_string(),
            FailureKind::AnalysisProviderError => "analysis provider".to_string(),
            FailureKind::DependencyOutage { dependency, .. } => format!("dependency {dependency}"),
        }
    }
}

/// Every catalog name, in the order the chaos panel lists them.
pub const CATALOG: [&str; 14] = [
    "crash-loop",
    "image-pull",
    "memory-leak",
    "latency-regression",
    "errors-under-load",
    "accuracy-drop",
    "prediction-drift",
    "schema-mismatch",
    "bad-config",
    "node-failure",
    "missing-revision",
    "canary-no-traffic",
    "analysis-provider-error",
    "dependency-outage",
];

/// A failure with its onset and optional end, in simulated seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Failure {
    /// Tick at which it starts.
    pub at: u32,
    /// Tick at which it stops (exclusive); `None` lasts to the end.
    pub until: Option<u32>,
    /// What fails and how.
    pub kind: FailureKind,
}

impl Failure {
    /// Whether the failure is in effect at `tick`.
    pub fn active_at(&self, tick: u32) -> bool {
        tick >= self.at && self.until.is_none_or(|u| tick < u)
    }
}

/// A failure as written in a scenario file: a flat table whose `kind` says which other fields apply.
///
/// ```toml
/// [[failures]]
/// kind = "crash-loop"
/// version = "v2"
/// at = "0s"
/// ```
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FailureSpec {
    /// Catalog name (see [`CATALOG`]).
    pub kind: String,
    /// Onset (default 0).
    #[serde(default)]
    pub at: Secs,
    /// End (exclusive); absent means until the end of the run.
    #[serde(default)]
    pub until: Option<Secs>,
    /// App version targeted.
    #[serde(default)]
    pub version: Option<String>,
    /// Model version targeted (accuracy-drop, prediction-drift).
    #[serde(default)]
    pub model_version: Option<u32>,
    /// Node targeted (node-failure).
    #[serde(default)]
    pub node: Option<String>,
    /// Dependency name (dependency-outage).
    #[serde(default)]
    pub dependency: Option<String>,
    /// Seconds of running before an OOM kill (memory-leak, default 120).
    #[serde(default)]
    pub oom_after: Option<Secs>,
    /// Extra p99 latency in ms (latency-regression, default 400).
    #[serde(default)]
    pub extra_ms: Option<f64>,
    /// Share of requests failed (errors-under-load 0.2, schema-mismatch 0.5, dependency-outage 0.3).
    #[serde(default)]
    pub error_rate: Option<f64>,
    /// Load threshold per ready pod (errors-under-load, default 60).
    #[serde(default)]
    pub rps_per_pod: Option<f64>,
    /// Accuracy reached (accuracy-drop, default 0.80).
    #[serde(default)]
    pub accuracy: Option<f64>,
    /// Drift score reached (prediction-drift, default 0.35).
    #[serde(default)]
    pub drift: Option<f64>,
    /// Schema version from which the target breaks (schema-mismatch).
    #[serde(default)]
    pub schema: Option<u32>,
    /// ConfigMap key (bad-config).
    #[serde(default)]
    pub key: Option<String>,
    /// ConfigMap value that breaks the app (bad-config).
    #[serde(default)]
    pub value: Option<String>,
}

impl FailureSpec {
    /// Turns the flat spec into a typed [`Failure`], or says which field is missing or wrong.
    pub fn to_failure(&self) -> Result<Failure, String> {
        let need_version = || {
            self.version.clone().ok_or_else(|| format!("kind {:?} needs field `version`", self.kind))
        };
        let model_target = || -> Result<ModelTarget, String> {
            match (&self.version, self.model_version) {
                (Some(v), None) => Ok(ModelTarget::AppVersion(v.clone())),
                (None, Some(m)) => Ok(ModelTarget::ModelVersion(m)),
                (Some(_), Some(_)) => Err(format!("kind {:?} takes `version` or `model_version`, not both", self.kind)),
                (None, None) => Err(format!("kind {:?} needs field `version` or `model_version`", self.kind)),
            }
        };
        let rate = |default: f64| -> Result<f64, String> {
            let r = self.error_rate.unwrap_or(default);
            if (0.0..=1.0).contains(&r) { Ok(r) } else { Err(format!("field `error_rate` must be between 0 and 1, got {}", crate::fixed::shortest(r))) }
        };
        let kind = match self.kind.as_str() {
            "crash-loop" => FailureKind::CrashLoop { version: need_version()? },
            "image-pull" => FailureKind::ImagePull { version: need_version()? },
            "memory-leak" => FailureKind::MemoryLeak {
                version: need_version()?,
                oom_after_s: self.oom_after.map_or(120, |s| s.0).max(1),
            },
            "latency-regression" => FailureKind::LatencyRegression {
                version: need_version()?,
                extra_ms: self.extra_ms.unwrap_or(400.0).max(0.0),
            },
            "errors-under-load" => FailureKind::ErrorsUnderLoad {
                version: need_version()?,
                rps_per_pod: self.rps_per_pod.unwrap_or(60.0).max(0.0),
                error_rate: rate(0.2)?,
            },
            "accuracy-drop" => FailureKind::AccuracyDrop {
                target: model_target()?,
                accuracy: self.accuracy.unwrap_or(0.80).clamp(0.0, 1.0),
            },
            "prediction-drift" => FailureKind::PredictionDrift {
                target: model_target()?,
                drift: self.drift.unwrap_or(0.35).max(0.0),
            },
            "schema-mismatch" => FailureKind::SchemaMismatch {
                version: need_version()?,
                schema: self.schema.ok_or_else(|| "kind \"schema-mismatch\" needs field `schema`".to_string())?,
                error_rate: rate(0.5)?,
            },
            "bad-config" => FailureKind::BadConfig {
                key: self.key.clone().ok_or_else(|| "kind \"bad-config\" needs field `key`".to_string())?,
                value: self.value.clone().ok_or_else(|| "kind \"bad-config\" needs field `value`".to_string())?,
                error_rate: match self.error_rate {
                    Some(_) => Some(rate(0.0)?),
                    None => None,
                },
            },
            "node-failure" => FailureKind::NodeFailure {
                node: self.node.clone().ok_or_else(|| "kind \"node-failure\" needs field `node`".to_string())?,
            },
            "missing-revision" => FailureKind::MissingRevision,
            "canary-no-traffic" => FailureKind::CanaryNoTraffic { version: need_version()? },
            "analysis-provider-error" => FailureKind::AnalysisProviderError,
            "dependency-outage" => FailureKind::DependencyOutage {
                dependency: self
                    .dependency
                    .clone()
                    .ok_or_else(|| "kind \"dependency-outage\" needs field `dependency`".to_string())?,
                error_rate: rate(0.3)?,
            },
            other => {
                let hint = super::console::suggest::suggestions(other, CATALOG.iter().copied());
                let mut msg = format!("unknown failure kind {other:?}");
                if let Some(h) = hint.first() {
                    let _ = write!(msg, " (did you mean {h:?}?)");
                }
                return Err(msg);
            }
        };
        let at = self.at.0;
        let until = self.until.map(|u| u.0);
        if let Some(u) = until
            && u <= at {
                return Err(format!("field `until` ({u}) must be after `at` ({at})"));
            }
        Ok(Failure { at, until, kind })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_needs_target() {
        let spec = FailureSpec { kind: "crash-loop".into(), ..Default::default() };
        assert_eq!(spec.to_failure().unwrap_err(), "kind \"crash-loop\" needs field `version`");
    }

    #[test]
    fn unknown_kind_suggests() {
        let spec = FailureSpec { kind: "crashloop".into(), ..Default::default() };
        let err = spec.to_failure().unwrap_err();
        assert!(err.contains("did you mean \"crash-loop\""), "{err}");
    }

    #[test]
    fn every_catalog_kind_converts_with_targets() {
        for kind in CATALOG {
            let spec = FailureSpec {
                kind: kind.into(),
                version: if kind.contains("accuracy") || kind.contains("drift") { None } else { Some("v2".into()) },
                model_version: Some(2).filter(|_| kind.contains("accuracy") || kind.contains("drift")),
                node: Some("node-1".into()),
                dependency: Some("feature-store".into()),
                schema: Some(5),
                key: Some("K".into()),
                value: Some("V".into()),
                ..Default::default()
            };
            let f = spec.to_failure().unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert_eq!(f.kind.name(), kind);
        }
    }

    #[test]
    fn activity_window() {
        let f = Failure { at: 10, until: Some(20), kind: FailureKind::MissingRevision };
        assert!(!f.active_at(9));
        assert!(f.active_at(10));
        assert!(!f.active_at(20));
    }
}
