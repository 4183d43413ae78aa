//! The one clock display of the app: seconds as `m:ss`, or `h:mm:ss` from an hour on.
//!
//! Simulated time (an incident's tick), a session's countdown and a learner's time on a question all
//! read the same way. (The simulator's own text formats, kubectl's `AGE` and the event log's `1m05s`,
//! are the tools' formats and stay with them.)

/// `65` → `1:05`, `3725` → `1:02:05`.
pub fn clock(secs: impl Into<u64>) -> String {
    let secs: u64 = secs.into();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(clock(0u32), "0:00");
        assert_eq!(clock(65u32), "1:05");
        assert_eq!(clock(3599u64), "59:59");
        assert_eq!(clock(3725u32), "1:02:05");
        assert!(!clock(u64::MAX).is_empty());
    }
}
