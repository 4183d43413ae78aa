//! Alerting rules evaluated every tick, Prometheus-style: a condition must hold for a while before
//! the alert fires, and must stay false for a while before it resolves (no flapping on noise).
//!
//! Architecture invariant: rules read the latest metrics and the cluster state; they only write the
//! alert list and emit `AlertFiring` / `AlertResolved` events on transitions (so no formatting happens
//! on ticks where nothing changes).

use serde::Serialize;

use super::cluster::PodPhase;
use super::event::{Level, Source};
use super::rollout::RolloutPhase;
use super::simulator::Sim;
use crate::fixed::fixed;

/// The alert rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Rule {
    /// Success rate under 99% (smoothed over ~30 s) for 30 s.
    HighErrorRate,
    /// Error budget burning more than 14.4× faster than sustainable for 2 minutes.
    ErrorBudgetBurn,
    /// p99 latency above the SLO for 1 minute.
    HighLatencyP99,
    /// Accuracy (as known from late ground truth) 3 points under the baseline for 1 minute.
    ModelAccuracyDrop,
    /// Prediction drift score above 0.2 for 2 minutes.
    PredictionDrift,
    /// A pod in CrashLoopBackOff for 1 minute.
    KubePodCrashLooping,
    /// A pod stuck in ImagePullBackOff / ErrImagePull for 1 minute.
    KubePodImagePull,
    /// The Deployment exceeded its progress deadline.
    KubeDeploymentRolloutStuck,
    /// The Rollout is Degraded.
    RolloutDegraded,
    /// A node NotReady for 1 minute.
    KubeNodeNotReady,
}

/// Every rule, in display order.
pub const RULES: [Rule; 10] = [
    Rule::HighErrorRate,
    Rule::ErrorBudgetBurn,
    Rule::HighLatencyP99,
    Rule::ModelAccuracyDrop,
    Rule::PredictionDrift,
    Rule::KubePodCrashLooping,
    Rule::KubePodImagePull,
    Rule::KubeDeploymentRolloutStuck,
    Rule::RolloutDegraded,
    Rule::KubeNodeNotReady,
];

impl Rule {
    /// Alert name.
    pub fn name(self) -> &'static str {
        match self {
            Rule::HighErrorRate => "HighErrorRate",
            Rule::ErrorBudgetBurn => "ErrorBudgetBurn",
            Rule::HighLatencyP99 => "HighLatencyP99",
            Rule::ModelAccuracyDrop => "ModelAccuracyDrop",
            Rule::PredictionDrift => "PredictionDrift",
            Rule::KubePodCrashLooping => "KubePodCrashLooping",
            Rule::KubePodImagePull => "KubePodImagePullBackOff",
            Rule::KubeDeploymentRolloutStuck => "KubeDeploymentRolloutStuck",
            Rule::RolloutDegraded => "RolloutDegraded",
            Rule::KubeNodeNotReady => "KubeNodeNotReady",
        }
    }

    /// `critical` or `warning`.
    pub fn severity(self) -> &'static str {
        match self {
            Rule::HighErrorRate | Rule::ErrorBudgetBurn | Rule::RolloutDegraded => "critical",
            _ => "warning",
        }
    }

    fn for_s(self) -> u32 {
        match self {
            Rule::HighErrorRate => 30,
            Rule::ErrorBudgetBurn | Rule::PredictionDrift => 120,
            Rule::KubeDeploymentRolloutStuck | Rule::RolloutDegraded => 0,
            _ => 60,
        }
    }
}

/// State of one rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// The rule.
    pub rule: Rule,
    /// Whether it is firing.
    pub firing: bool,
    /// Tick it started firing.
    pub since: Option<u32>,
    /// Summary at the time it fired.
    pub summary: String,
    pub(crate) holding_since: Option<u32>,
    pub(crate) clear_since: Option<u32>,
}

impl Alert {
    /// A quiet alert for `rule`.
    pub fn new(rule: Rule) -> Alert {
        Alert { rule, firing: false, since: None, summary: String::new(), holding_since: None, clear_since: None }
    }
}

impl Sim {
    /// Evaluates every rule for this tick.
    pub(crate) fn alerts_tick(&mut self) {
        let tick = self.tick;
        let Some(m) = self.telemetry.metrics.ticks.last() else { return };
        let err = 1.0 - m.success_rate;
        self.telemetry.err_ewma += (err - self.telemetry.err_ewma) / 30.0;
        self.telemetry.p99_ewma += (m.p99_ms - self.telemetry.p99_ewma) / 30.0;
        let budget_rate = (1.0 - self.scenario.slo.target).max(1e-9);
        let p99_objective = self.scenario.slo.latency_p99_ms;
        let acc_known = m.accuracy_known;
        let drift = m.drift;
        debug_assert_eq!(
            (self.telemetry.pods_seen.crash_looping, self.telemetry.pods_seen.image_pull),
            (
                self.workload.pods.iter().any(|p| p.phase == PodPhase::CrashLoopBackOff),
                self.workload.pods.iter().any(|p| matches!(p.phase, PodPhase::ImagePullBackOff | PodPhase::ErrImagePull))
            ),
            "the pods changed after the traffic model counted them"
        );
        for ai in 0..self.telemetry.alerts.len() {
            let Some(rule) = self.telemetry.alerts.get(ai).map(|a| a.rule) else { continue };
            let cond = match rule {
                Rule::HighErrorRate => self.telemetry.err_ewma > 0.01,
                Rule::ErrorBudgetBurn => self.telemetry.err_ewma / budget_rate > 14.4,
                Rule::HighLatencyP99 => self.telemetry.p99_ewma > p99_objective,
                Rule::ModelAccuracyDrop => match (acc_known, self.baseline_accuracy) {
                    (Some(a), Some(b)) => a < b - 0.03,
                    _ => false,
                },
                Rule::PredictionDrift => drift.is_some_and(|d| d > 0.2),
                // The pods as the traffic model's pass counted them this tick (nothing changed them since).
                Rule::KubePodCrashLooping => self.telemetry.pods_seen.crash_looping,
                Rule::KubePodImagePull => self.telemetry.pods_seen.image_pull,
                Rule::KubeDeploymentRolloutStuck => {
                    self.workload.deployment.as_ref().is_some_and(|d| d.progressing.reason == "ProgressDeadlineExceeded")
                }
                Rule::RolloutDegraded => self.workload.rollout.as_ref().is_some_and(|r| r.phase == RolloutPhase::Degraded),
                Rule::KubeNodeNotReady => self.workload.nodes.iter().any(|n| !n.ready),
            };
            let Some(a) = self.telemetry.alerts.get_mut(ai) else { continue };
            if cond {
                a.clear_since = None;
                let since = *a.holding_since.get_or_insert(tick);
                if !a.firing && tick >= since + rule.for_s() {
                    a.firing = true;
                    a.since = Some(tick);
                    let summary = self.alert_summary(rule);
                    if let Some(a) = self.telemetry.alerts.get_mut(ai) {
                        a.summary = summary.clone();
                    }
                    self.emit(Source::Alert, if rule.severity() == "critical" { Level::Warning } else { Level::Normal }, "AlertFiring", format!("alert/{}", rule.name()), format!("[{}] {summary}", rule.severity()));
                }
            } else {
                a.holding_since = None;
                if a.firing {
                    let since = *a.clear_since.get_or_insert(tick);
                    let hold = if rule.for_s() == 0 { 0 } else { 60 };
                    if tick >= since + hold {
                        a.firing = false;
                        a.since = None;
                        a.clear_since = None;
                        self.emit(Source::Alert, Level::Normal, "AlertResolved", format!("alert/{}", rule.name()), "resolved".to_string());
                    }
                }
            }
        }
    }

    fn alert_summary(&self, rule: Rule) -> String {
        let m = self.telemetry.metrics.ticks.last();
        match rule {
            Rule::HighErrorRate => format!("success rate {}% is under 99%", fixed((1.0 - self.telemetry.err_ewma) * 100.0, 2)),
            Rule::ErrorBudgetBurn => format!(
                "error budget burning {}x faster than sustainable (SLO {}%)",
                fixed(self.telemetry.err_ewma / (1.0 - self.scenario.slo.target).max(1e-9), 1),
                crate::fixed::shortest(self.scenario.slo.target * 100.0)
            ),
            Rule::HighLatencyP99 => format!("p99 latency {}ms is over the {}ms objective", fixed(self.telemetry.p99_ewma, 0), fixed(self.scenario.slo.latency_p99_ms, 0)),
            Rule::ModelAccuracyDrop => format!(
                "accuracy {} (ground truth from {} ago) is under the baseline {}",
                fixed(m.and_then(|m| m.accuracy_known).unwrap_or(0.0), 3),
                super::duration::format_duration(self.ground_truth_delay),
                fixed(self.baseline_accuracy.unwrap_or(0.0), 3)
            ),
            Rule::PredictionDrift => format!("prediction drift score {} is over 0.20", fixed(m.and_then(|m| m.drift).unwrap_or(0.0), 2)),
            Rule::KubePodCrashLooping => {
                let n = self.workload.pods.iter().filter(|p| p.phase == PodPhase::CrashLoopBackOff).count();
                format!("{n} pod(s) in CrashLoopBackOff")
            }
            Rule::KubePodImagePull => "pods cannot pull their image".to_string(),
            Rule::KubeDeploymentRolloutStuck => format!("deployment {} exceeded its progress deadline", self.scenario.app.name),
            Rule::RolloutDegraded => format!("rollout {} is Degraded: {}", self.scenario.app.name, self.workload.rollout.as_ref().map(|r| r.message.as_str()).unwrap_or("")),
            Rule::KubeNodeNotReady => {
                let names: Vec<&str> = self.workload.nodes.iter().filter(|n| !n.ready).map(|n| n.name.as_str()).collect();
                format!("node(s) NotReady: {}", names.join(", "))
            }
        }
    }
}
