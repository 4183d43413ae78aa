//! The presenter's clock: the session's questions one after the other, each for its time limit,
//! with the presenter's controls — start, pause/resume, and next (end the current question now).
//!
//! Question `i` occupies `[sum of the earlier limits, + its own limit)` of *schedule time*: the time
//! since the start, less the time spent paused, plus the time skipped by "next". Everything is a
//! function of the state and `now_ms`, so a reload (the state is kept as text) shows the same.
//!
//! Honesty note for the page: a serverless presenter does not see learners' answers as they are
//! given. It knows only the result codes the instructor has loaded on the dashboard of this browser.

/// Where the schedule stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Before the start, this long to go.
    Before(u64),
    /// Question `index` is open, this long left.
    Question {
        /// From 0.
        index: usize,
        /// Time left on it.
        left_ms: u64,
    },
    /// Every question's time is over.
    Over,
}

/// The presenter's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    /// When it started (ms since 1970).
    pub start_ms: u64,
    /// When it was paused, while paused.
    pub paused_at: Option<u64>,
    /// Time spent paused before, in all.
    pub paused_ms: u64,
    /// Time skipped by "next", in all.
    pub skipped_ms: u64,
}

impl Clock {
    /// A clock started at `start_ms`.
    pub fn started(start_ms: u64) -> Clock {
        Clock { start_ms, ..Clock::default() }
    }

    /// Schedule time at `now_ms` (0 before the start; frozen while paused).
    pub fn elapsed(&self, now_ms: u64) -> u64 {
        let now = self.paused_at.map_or(now_ms, |p| p.min(now_ms));
        now.saturating_sub(self.start_ms).saturating_sub(self.paused_ms).saturating_add(self.skipped_ms)
    }

    /// Where the questions of these limits (seconds) stand at `now_ms`.
    pub fn phase(&self, limits_s: &[u32], now_ms: u64) -> Phase {
        if now_ms < self.start_ms {
            return Phase::Before(self.start_ms - now_ms);
        }
        let elapsed = self.elapsed(now_ms);
        let mut end = 0u64;
        for (index, &limit) in limits_s.iter().enumerate() {
            end = end.saturating_add(u64::from(limit) * 1000);
            if elapsed < end {
                return Phase::Question { index, left_ms: end - elapsed };
            }
        }
        Phase::Over
    }

    /// Whether it is paused.
    pub fn paused(&self) -> bool {
        self.paused_at.is_some()
    }

    /// Pauses at `now_ms` (nothing if paused already).
    pub fn pause(&mut self, now_ms: u64) {
        if self.paused_at.is_none() {
            self.paused_at = Some(now_ms.max(self.start_ms));
        }
    }

    /// Resumes at `now_ms` (nothing if running).
    pub fn resume(&mut self, now_ms: u64) {
        if let Some(p) = self.paused_at.take() {
            self.paused_ms = self.paused_ms.saturating_add(now_ms.saturating_sub(p));
        }
    }

    /// Ends the open question now: its remaining time is skipped (nothing before the start or
    /// after the last question).
    pub fn next(&mut self, limits_s: &[u32], now_ms: u64) {
        if let Phase::Question { left_ms, .. } = self.phase(limits_s, now_ms) {
            self.skipped_ms = self.skipped_ms.saturating_add(left_ms);
        }
    }

    /// The clock as text for localStorage: `start,paused_ms,skipped_ms[,paused_at]`.
    pub fn to_text(&self) -> String {
        let mut s = format!("{},{},{}", self.start_ms, self.paused_ms, self.skipped_ms);
        if let Some(p) = self.paused_at {
            s.push_str(&format!(",{p}"));
        }
        s
    }

    /// Reads [`Clock::to_text`]; a bare number (what earlier builds stored: the start) is a clock
    /// started then. `None` for anything else.
    pub fn from_text(text: &str) -> Option<Clock> {
        let parts: Vec<u64> = text.trim().split(',').map(|p| p.parse().ok()).collect::<Option<_>>()?;
        match parts[..] {
            [start] => Some(Clock::started(start)),
            [start_ms, paused_ms, skipped_ms] => Some(Clock { start_ms, paused_at: None, paused_ms, skipped_ms }),
            [start_ms, paused_ms, skipped_ms, p] => Some(Clock { start_ms, paused_at: Some(p), paused_ms, skipped_ms }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: [u32; 2] = [10, 20];

    #[test]
    fn the_schedule_follows_the_limits() {
        let c = Clock::started(1000);
        assert_eq!(c.phase(&L, 500), Phase::Before(500));
        assert_eq!(c.phase(&L, 1000), Phase::Question { index: 0, left_ms: 10_000 });
        assert_eq!(c.phase(&L, 11_000), Phase::Question { index: 1, left_ms: 20_000 });
        assert_eq!(c.phase(&L, 31_000), Phase::Over);
    }

    #[test]
    fn a_pause_freezes_the_clock_and_resume_continues() {
        let mut c = Clock::started(0);
        c.pause(4_000);
        assert!(c.paused());
        assert_eq!(c.phase(&L, 60_000), Phase::Question { index: 0, left_ms: 6_000 }, "frozen while paused");
        c.pause(9_000);
        assert_eq!(c.paused_at, Some(4_000), "a second pause changes nothing");
        c.resume(64_000);
        assert!(!c.paused());
        assert_eq!(c.phase(&L, 65_000), Phase::Question { index: 0, left_ms: 5_000 });
        assert_eq!(c.phase(&L, 70_000), Phase::Question { index: 1, left_ms: 20_000 });
    }

    #[test]
    fn next_ends_the_open_question_only() {
        let mut c = Clock::started(0);
        c.next(&L, 3_000);
        assert_eq!(c.phase(&L, 3_000), Phase::Question { index: 1, left_ms: 20_000 });
        c.next(&L, 4_000);
        assert_eq!(c.phase(&L, 4_000), Phase::Over);
        let skipped = c.skipped_ms;
        c.next(&L, 5_000);
        assert_eq!(c.skipped_ms, skipped, "nothing to skip after the end");
        // Next while paused moves on, and the clock stays paused on the new question.
        let mut c = Clock::started(0);
        c.pause(2_000);
        c.next(&L, 9_000);
        assert_eq!(c.phase(&L, 50_000), Phase::Question { index: 1, left_ms: 20_000 });
    }

    #[test]
    fn the_text_round_trips_and_refuses_junk() {
        let mut c = Clock::started(123);
        c.pause(500);
        c.skipped_ms = 7;
        assert_eq!(Clock::from_text(&c.to_text()), Some(c));
        c.resume(900);
        assert_eq!(Clock::from_text(&c.to_text()), Some(c));
        assert_eq!(Clock::from_text("42"), Some(Clock::started(42)));
        for junk in ["", "x", "1,2", "1,2,3,4,5", "-1", "1,,3"] {
            assert_eq!(Clock::from_text(junk), None, "{junk:?}");
        }
    }
}
