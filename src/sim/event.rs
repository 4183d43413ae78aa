//! The event log: everything that happened, in order, with the tick it happened at.
//!
//! Architecture invariant: events are appended, never edited or removed; the log (with the metrics
//! history) is what the trace hash covers and what the golden tests compare.

use serde::Serialize;

/// Who produced an event. Kubernetes-sourced events also appear in `kubectl get events`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The Kubernetes control plane (deployment controller, kubelet, scheduler).
    Kubernetes,
    /// The Argo Rollouts controller.
    Argo,
    /// The monitoring system (alerts firing and resolving).
    Alert,
    /// The model registry and the serving layer.
    Registry,
    /// The database.
    Database,
    /// A failure from the scenario or the chaos panel starting or ending.
    Chaos,
    /// A learner action typed in the console or clicked.
    Action,
    /// A message sent to a team.
    Notify,
}

impl Source {
    /// The lowercase name used in the plain-text event log.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Kubernetes => "k8s",
            Source::Argo => "argo",
            Source::Alert => "alert",
            Source::Registry => "registry",
            Source::Database => "db",
            Source::Chaos => "chaos",
            Source::Action => "action",
            Source::Notify => "notify",
        }
    }
}

/// Severity, as Kubernetes events have it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Level {
    /// Routine.
    Normal,
    /// Something is wrong or may be.
    Warning,
}

impl Level {
    /// `Normal` or `Warning`, as kubectl prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Normal => "Normal",
            Level::Warning => "Warning",
        }
    }
}

/// One entry of the event log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Simulated second at which it happened.
    pub tick: u32,
    /// Who produced it.
    pub source: Source,
    /// Normal or Warning.
    pub level: Level,
    /// A CamelCase reason (`ScalingReplicaSet`, `BackOff`, `AlertFiring`, …).
    pub reason: String,
    /// The object it concerns, as `kind/name` (`deployment/myapp`, `pod/myapp-…`).
    pub object: String,
    /// Human-readable message, worded like the real tool.
    pub message: String,
}

impl Event {
    /// The event as one line of the plain-text log: `[  12s] k8s Normal ScalingReplicaSet deployment/myapp: …`.
    pub fn to_line(&self) -> String {
        format!(
            "[{:>5}] {} {} {} {}: {}",
            fmt_clock(self.tick),
            self.source.as_str(),
            self.level.as_str(),
            self.reason,
            self.object,
            self.message
        )
    }
}

/// Formats a tick as a compact clock: `45s`, `1m30s`, `1h2m`.
pub fn fmt_clock(tick: u32) -> String {
    let (h, m, s) = (tick / 3600, (tick / 60) % 60, tick % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{m}m{s:02}s")
    } else {
        format!("{s}s")
    }
}

/// A 64-bit FNV-1a hasher: tiny, stable across platforms and Rust versions (unlike `std`'s
/// `DefaultHasher`, whose algorithm is explicitly unspecified).
#[derive(Clone, Copy, Debug)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    /// Feeds bytes.
    pub fn bytes(&mut self, data: &[u8]) {
        for b in data {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Feeds a `u32` as little-endian bytes.
    pub fn u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }

    /// Feeds a `u64` as little-endian bytes.
    pub fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }

    /// Feeds a string followed by a separator, so `("ab","c")` and `("a","bc")` differ.
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
        self.bytes(&[0xff]);
    }

    /// The hash so far.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// FNV-1a of a string: used for deterministic pod-template hashes.
pub fn fnv_str(s: &str) -> u64 {
    let mut h = Fnv64::default();
    h.str(s);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_value() {
        // FNV-1a 64 of "a" is a published test vector.
        let mut h = Fnv64::default();
        h.bytes(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn clock_format() {
        assert_eq!(fmt_clock(5), "5s");
        assert_eq!(fmt_clock(90), "1m30s");
        assert_eq!(fmt_clock(3725), "1h2m5s");
    }
}
