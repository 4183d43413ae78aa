//! Time in a run: the multiplier a learner may choose, deadlines, and how time left is shown.
//!
//! Timers are deadlines, never tick counters: a question opened at `opened_ms` ends at an absolute
//! `deadline_ms`, and "time left" is always `deadline_ms - now_ms`. A background tab whose timers the
//! browser throttles, or a reload, therefore cannot stretch a question: the next `now_ms` the UI
//! passes in simply shows the time really left, or that it is up.

use serde::{Deserialize, Serialize};

/// The per-learner time accommodation, chosen in settings and shown in every result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TimeMultiplier {
    /// The authored time limits.
    #[default]
    #[serde(rename = "x1")]
    X1,
    /// Half as much time again.
    #[serde(rename = "x1.5")]
    X1_5,
    /// Twice the time.
    #[serde(rename = "x2")]
    X2,
    /// No countdown at all.
    #[serde(rename = "untimed")]
    Untimed,
    /// Ten times the time: WCAG 2.2.1 asks that a time limit can be extended at least tenfold.
    /// Listed after `Untimed` because result codes store the index into [`TimeMultiplier::ALL`].
    #[serde(rename = "x10")]
    X10,
}

impl TimeMultiplier {
    /// Every value, in the order the settings page lists them.
    pub const ALL: &'static [TimeMultiplier] =
        &[TimeMultiplier::X1, TimeMultiplier::X1_5, TimeMultiplier::X2, TimeMultiplier::Untimed, TimeMultiplier::X10];

    /// The values in the order a learner chooses from: growing time, then none.
    pub const MENU: &'static [TimeMultiplier] =
        &[TimeMultiplier::X1, TimeMultiplier::X1_5, TimeMultiplier::X2, TimeMultiplier::X10, TimeMultiplier::Untimed];

    /// One sentence saying what the choice does, shown where it is chosen.
    pub const EXPLANATION: &'static str = "The time multiplier stretches every question's time limit (×2 doubles \
        it); choose more time or no timer if you need it. It is shown with your results, and it never changes your score.";

    /// The spelling stored in progress and in saved runs.
    pub fn name(self) -> &'static str {
        match self {
            TimeMultiplier::X1 => "x1",
            TimeMultiplier::X1_5 => "x1.5",
            TimeMultiplier::X2 => "x2",
            TimeMultiplier::Untimed => "untimed",
            TimeMultiplier::X10 => "x10",
        }
    }

    /// Reads the stored spelling.
    pub fn from_name(name: &str) -> Option<TimeMultiplier> {
        TimeMultiplier::ALL.iter().copied().find(|m| m.name() == name)
    }

    /// The label shown to learners, in settings and in results ("×1.5").
    pub fn label(self) -> &'static str {
        match self {
            TimeMultiplier::X1 => "×1",
            TimeMultiplier::X1_5 => "×1.5",
            TimeMultiplier::X2 => "×2",
            TimeMultiplier::Untimed => "untimed",
            TimeMultiplier::X10 => "×10",
        }
    }

    /// The time allowed for a limit of `seconds`, in milliseconds, or `None` when untimed.
    ///
    /// Integer arithmetic (×3/2 rather than ×1.5) so the deadline is the same to the millisecond
    /// natively and in wasm; saturating so no limit can overflow.
    pub fn allowance_ms(self, seconds: u32) -> Option<u64> {
        let ms = u64::from(seconds).saturating_mul(1000);
        match self {
            TimeMultiplier::X1 => Some(ms),
            TimeMultiplier::X1_5 => Some(ms.saturating_mul(3) / 2),
            TimeMultiplier::X2 => Some(ms.saturating_mul(2)),
            TimeMultiplier::X10 => Some(ms.saturating_mul(10)),
            TimeMultiplier::Untimed => None,
        }
    }
}

/// The deadline of a question opened at `opened_ms` with a limit of `seconds`: `None` when untimed.
pub fn deadline_ms(opened_ms: u64, seconds: u32, multiplier: TimeMultiplier) -> Option<u64> {
    multiplier.allowance_ms(seconds).map(|a| opened_ms.saturating_add(a))
}

/// The milliseconds left before `deadline_ms` at `now_ms` (zero once it has passed).
pub fn remaining_ms(deadline_ms: u64, now_ms: u64) -> u64 {
    deadline_ms.saturating_sub(now_ms)
}

/// Remaining time as the countdown shows it, `m:ss`.
///
/// Rounds up to the whole second: the display reads `0:00` only when time is really up, never
/// while a fraction of a second is still left to submit in.
pub fn mmss(remaining_ms: u64) -> String {
    let seconds = remaining_ms.div_ceil(1000);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The seconds an answer took, as every page shows them and as a session's result code stores
/// them: rounded to the nearest second (a 0.9 s answer is 1 s, a 4.4 s answer 4 s). The learner's
/// "Answered in" chip and the instructor's leaderboard both go through here, so they agree; the
/// countdown, which shows time *left*, rounds up instead ([`mmss`]).
pub fn answer_seconds(elapsed_ms: u64) -> u64 {
    elapsed_ms.saturating_add(500) / 1000
}

/// An answer's time as `m:ss`, from [`answer_seconds`].
pub fn answer_mmss(elapsed_ms: u64) -> String {
    let seconds = answer_seconds(elapsed_ms);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Remaining time in words, for a screen reader asked for the time: "2 minutes 5 seconds".
/// Rounds up to the second like [`mmss`].
pub fn spoken(remaining_ms: u64) -> String {
    let seconds = remaining_ms.div_ceil(1000);
    let (m, s) = (seconds / 60, seconds % 60);
    let unit = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (m, s) {
        (0, s) => unit(s, "second"),
        (m, 0) => unit(m, "minute"),
        (m, s) => format!("{} {}", unit(m, "minute"), unit(s, "second")),
    }
}

/// Whether the countdown is in its last 30 seconds, which the UI marks visibly.
pub fn is_final_stretch(remaining_ms: u64) -> bool {
    remaining_ms > 0 && remaining_ms <= 30_000
}

/// What a screen reader should hear when the countdown went from `before_ms` to `after_ms` left,
/// if anything.
///
/// An aria-live region that spoke every second would drown out the question, so this speaks only
/// when a threshold is crossed: every 5 minutes while more than 5 are left (a ×10 limit can be long),
/// each whole minute below that, then 30 and 10 seconds, then time up. The UI calls
/// it with the previous and current remaining time on each repaint; crossing several thresholds at
/// once (a tab returning from the background) says only the latest.
pub fn announcement(before_ms: u64, after_ms: u64) -> Option<String> {
    if after_ms >= before_ms {
        return None;
    }
    if after_ms == 0 {
        return Some("Time is up.".to_owned());
    }
    for (threshold, text) in [(10_000, "10 seconds left."), (30_000, "30 seconds left.")] {
        if after_ms <= threshold && before_ms > threshold {
            return Some(text.to_owned());
        }
    }
    // Whole minutes: crossed when the minute count (rounded up) drops.
    let (before_min, after_min) = (before_ms.div_ceil(60_000), after_ms.div_ceil(60_000));
    if after_min < before_min && after_min >= 1 && (after_min <= 5 || after_min % 5 == 0) {
        return Some(if after_min == 1 { "1 minute left.".to_owned() } else { format!("{after_min} minutes left.") });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_seconds_round_to_nearest_like_the_result_code() {
        // 4.4 s and 4.5 s: the chip said 5 s (rounded up) while the leaderboard said 4 s.
        assert_eq!(answer_seconds(4_400), 4);
        assert_eq!(answer_seconds(4_499), 4);
        assert_eq!(answer_seconds(4_500), 5);
        assert_eq!(answer_seconds(900), 1);
        assert_eq!(answer_seconds(0), 0);
        assert_eq!(answer_seconds(u64::MAX), u64::MAX / 1000);
        assert_eq!(answer_mmss(4_400), "0:04");
        assert_eq!(answer_mmss(65_600), "1:06");
    }

    #[test]
    fn multipliers_stretch_the_deadline() {
        assert_eq!(deadline_ms(1_000, 60, TimeMultiplier::X1), Some(61_000));
        assert_eq!(deadline_ms(1_000, 60, TimeMultiplier::X1_5), Some(91_000));
        assert_eq!(deadline_ms(1_000, 60, TimeMultiplier::X2), Some(121_000));
        assert_eq!(deadline_ms(1_000, 60, TimeMultiplier::Untimed), None);
        assert_eq!(deadline_ms(1_000, 60, TimeMultiplier::X10), Some(601_000));
        assert_eq!(deadline_ms(u64::MAX, u32::MAX, TimeMultiplier::X2), Some(u64::MAX));
        for m in TimeMultiplier::ALL {
            assert_eq!(TimeMultiplier::from_name(m.name()), Some(*m));
        }
    }

    #[test]
    fn countdown_text() {
        assert_eq!(mmss(0), "0:00");
        assert_eq!(mmss(1), "0:01");
        assert_eq!(mmss(59_001), "1:00");
        assert_eq!(mmss(150_000), "2:30");
        assert_eq!(spoken(125_000), "2 minutes 5 seconds");
        assert_eq!(spoken(60_000), "1 minute");
        assert_eq!(spoken(999), "1 second");
        assert_eq!(spoken(0), "0 seconds");
        assert!(is_final_stretch(30_000) && !is_final_stretch(30_001) && !is_final_stretch(0));
    }

    #[test]
    fn announcements_only_at_thresholds() {
        assert_eq!(announcement(125_000, 124_000), None);
        assert_eq!(announcement(120_500, 119_500).as_deref(), Some("2 minutes left."));
        assert_eq!(announcement(60_200, 59_900).as_deref(), Some("1 minute left."));
        assert_eq!(announcement(30_400, 29_900).as_deref(), Some("30 seconds left."));
        assert_eq!(announcement(10_400, 9_900).as_deref(), Some("10 seconds left."));
        assert_eq!(announcement(100_000, 5_000).as_deref(), Some("10 seconds left."));
        assert_eq!(announcement(400, 0).as_deref(), Some("Time is up."));
        assert_eq!(announcement(0, 0), None);
        // Long limits speak every five minutes, not every minute.
        assert_eq!(announcement(600_500, 599_500).as_deref(), Some("10 minutes left."));
        assert_eq!(announcement(540_500, 539_500), None);
        assert_eq!(announcement(300_500, 299_500).as_deref(), Some("5 minutes left."));
        assert_eq!(announcement(240_500, 239_500).as_deref(), Some("4 minutes left."));
    }
}
