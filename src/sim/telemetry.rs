//! The telemetry part of the simulator's state: what a run records and what an observer sees.
//!
//! Invariants: the event log and the metrics history only grow, in tick order (one metrics sample
//! per simulated second); alerts keep one entry per rule; the smoothed error rate and p99 feed the
//! alert rules only. The trace hash is computed over this part alone.

use super::alert::Alert;
use super::event::Event;
use super::metrics::MetricsHistory;
use super::simulator::Notification;
use super::traffic::{Acc, PodTally};

/// What the run has recorded and observed: events, metrics, alerts, notifications.
#[derive(Clone, Debug)]
pub struct Telemetry {
    pub(crate) events: Vec<Event>,
    pub(crate) metrics: MetricsHistory,
    pub(crate) alerts: Vec<Alert>,
    pub(crate) notifications: Vec<Notification>,
    /// Exponentially smoothed error rate (the alert rules' input).
    pub(crate) err_ewma: f64,
    /// Exponentially smoothed p99 latency (the alert rules' input).
    pub(crate) p99_ewma: f64,
    /// Per-version accumulators reused across ticks (no allocation per tick).
    pub(crate) acc_scratch: Vec<Acc>,
    /// The pods as the traffic model's pass saw them this tick (read by the alert rules and the
    /// state mark after it, in the same tick only).
    pub(crate) pods_seen: PodTally,
}
