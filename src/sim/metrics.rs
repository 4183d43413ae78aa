//! Per-tick metrics history and the incident counters.
//!
//! Architecture invariant: metrics are appended once per tick by the traffic model and never edited.
//! Accuracy is stored twice: the true value (for the grader and the debrief) and the value a dashboard
//! could show at that tick, which lags by the ground-truth delay.

use serde::Serialize;

/// One version's numbers for one tick.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VersionSample {
    /// Version index (see `Sim::version_name`).
    pub vid: u16,
    /// Requests per second it received.
    pub rps: f64,
    /// Share of its requests that succeeded (1.0 when it received none).
    pub success_rate: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// True accuracy of its predictions (if the app serves a model).
    pub accuracy: Option<f64>,
    /// Prediction drift score (if the app serves a model).
    pub drift: Option<f64>,
    /// Ready pods serving it.
    pub ready_pods: u32,
}

/// Everything measured at one tick.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TickMetrics {
    /// The tick.
    pub tick: u32,
    /// Requests per second arriving.
    pub rps: f64,
    /// Share of requests that succeeded.
    pub success_rate: f64,
    /// Median latency (traffic-weighted), ms.
    pub p50_ms: f64,
    /// 99th percentile latency (worst version carrying at least 1% of traffic), ms.
    pub p99_ms: f64,
    /// Accuracy a dashboard shows now: ground truth of predictions made one delay ago.
    pub accuracy_known: Option<f64>,
    /// Accuracy of the predictions made now (known to the grader, not to the learner).
    pub accuracy_true: Option<f64>,
    /// Prediction drift score (traffic-weighted).
    pub drift: Option<f64>,
    /// Failed requests during this tick.
    pub failed: f64,
    /// Per-version breakdown (versions that received traffic or have pods).
    pub by_version: Vec<VersionSample>,
}

/// Running totals over the whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Counters {
    /// Requests received.
    pub total_requests: f64,
    /// Requests that failed.
    pub failed_requests: f64,
    /// Predictions that were wrong beyond what the baseline model gets wrong.
    pub bad_predictions: f64,
    /// Share of the SLO's error budget (over its window) consumed by this run.
    pub error_budget_consumed: f64,
}

/// Aggregates over a window of ticks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Requests-weighted success rate.
    pub success_rate: f64,
    /// Requests-weighted p99 latency.
    pub p99_ms: f64,
    /// Requests-weighted p50 latency.
    pub p50_ms: f64,
    /// Mean requests per second.
    pub rps: f64,
}

/// The history.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MetricsHistory {
    /// One entry per tick, in order.
    pub ticks: Vec<TickMetrics>,
    /// Totals.
    pub counters: Counters,
}

impl MetricsHistory {
    /// The latest tick's metrics.
    pub fn last(&self) -> Option<&TickMetrics> {
        self.ticks.last()
    }

    /// Aggregates for version `vid` over the `len` ticks ending at `tick`; `None` if it got no traffic.
    pub fn window_for_version(&self, vid: usize, tick: u32, len: u32) -> Option<Window> {
        let from = tick.saturating_sub(len.max(1));
        let mut req = 0.0;
        let mut ok = 0.0;
        let mut p99 = 0.0;
        let mut p50 = 0.0;
        for t in self.ticks.iter().rev().take_while(|t| t.tick > from) {
            for v in t.by_version.iter().filter(|v| usize::from(v.vid) == vid) {
                req += v.rps;
                ok += v.rps * v.success_rate;
                p99 += v.rps * v.p99_ms;
                p50 += v.rps * v.p50_ms;
            }
        }
        if req <= 0.0 {
            return None;
        }
        Some(Window { success_rate: ok / req, p99_ms: p99 / req, p50_ms: p50 / req, rps: req / f64::from(len.max(1)) })
    }

    /// Aggregates for all traffic over the `len` ticks ending at `tick`.
    pub fn window_all(&self, tick: u32, len: u32) -> Option<Window> {
        let from = tick.saturating_sub(len.max(1));
        let mut req = 0.0;
        let mut ok = 0.0;
        let mut p99 = 0.0;
        let mut p50 = 0.0;
        for t in self.ticks.iter().rev().take_while(|t| t.tick > from) {
            req += t.rps;
            ok += t.rps * t.success_rate;
            p99 += t.rps * t.p99_ms;
            p50 += t.rps * t.p50_ms;
        }
        if req <= 0.0 {
            return None;
        }
        Some(Window { success_rate: ok / req, p99_ms: p99 / req, p50_ms: p50 / req, rps: req / f64::from(len.max(1)) })
    }
}
