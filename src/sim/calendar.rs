//! The simulated calendar: the wall-clock instant a tick stands for, in the layouts the real tools
//! print (Helm's `time.ANSIC` and Go's `time.Time.String()`, Argo CD's history dates).
//!
//! Architecture invariant: no wall clock. Tick 0 is a fixed instant ([`EPOCH`]), so the same run
//! prints the same dates natively and in wasm, and golden files stay stable.

/// Unix seconds of tick 0: Tuesday 2026-03-10 09:00:00 UTC.
pub const EPOCH: i64 = 1_773_133_200;

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Calendar fields of a simulated instant (seconds relative to tick 0, negative before it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    /// Year.
    pub year: i64,
    /// Month, 1..=12.
    pub month: u32,
    /// Day of the month, 1..=31.
    pub day: u32,
    /// Hour, minute, second.
    pub hms: (u32, u32, u32),
    /// Day of the week, 0 = Thursday (1970-01-01 was a Thursday).
    weekday: usize,
}

/// The calendar fields of `secs` seconds after tick 0.
pub fn civil(secs: i64) -> Civil {
    let t = EPOCH.saturating_add(secs);
    let days = t.div_euclid(86_400);
    let rem = t.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    let hms = ((rem / 3600) as u32, ((rem % 3600) / 60) as u32, (rem % 60) as u32);
    Civil { year, month, day, hms, weekday: days.rem_euclid(7) as usize }
}

/// Go's `time.ANSIC` layout, `Mon Jan _2 15:04:05 2006` (Helm's `history` and `status`).
pub fn ansic(secs: i64) -> String {
    let c = civil(secs);
    let (h, m, s) = c.hms;
    format!(
        "{} {} {:>2} {h:02}:{m:02}:{s:02} {}",
        DAYS.get(c.weekday).copied().unwrap_or("?"),
        MONTHS.get(c.month.saturating_sub(1) as usize).copied().unwrap_or("?"),
        c.day,
        c.year
    )
}

/// Go's `time.RFC1123Z` layout, `Mon, 02 Jan 2006 15:04:05 -0700` (`kubectl describe`'s
/// CreationTimestamp), in UTC.
pub fn rfc1123z(secs: i64) -> String {
    let c = civil(secs);
    let (h, m, s) = c.hms;
    format!(
        "{}, {:02} {} {} {h:02}:{m:02}:{s:02} +0000",
        DAYS.get(c.weekday).copied().unwrap_or("?"),
        c.day,
        MONTHS.get(c.month.saturating_sub(1) as usize).copied().unwrap_or("?"),
        c.year
    )
}

/// Go's `time.Time.String()` for a UTC instant with `nanos` nanoseconds:
/// `2006-01-02 15:04:05.999999999 +0000 UTC` (trailing zeros of the fraction dropped, no fraction
/// when it is zero). Helm's `list` and Argo CD's `history` print this.
pub fn go_string(secs: i64, nanos: u32) -> String {
    let c = civil(secs);
    let (h, m, s) = c.hms;
    let mut frac = String::new();
    if nanos > 0 {
        frac = format!(".{:09}", nanos % 1_000_000_000);
        while frac.ends_with('0') {
            frac.pop();
        }
    }
    format!("{}-{:02}-{:02} {h:02}:{m:02}:{s:02}{frac} +0000 UTC", c.year, c.month, c.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_zero_is_the_epoch() {
        assert_eq!(ansic(0), "Tue Mar 10 09:00:00 2026");
        assert_eq!(go_string(0, 0), "2026-03-10 09:00:00 +0000 UTC");
        assert_eq!(rfc1123z(0), "Tue, 10 Mar 2026 09:00:00 +0000");
        assert_eq!(rfc1123z(-9 * 86_400), "Sun, 01 Mar 2026 09:00:00 +0000");
    }

    #[test]
    fn days_pad_with_a_space_and_time_goes_back() {
        // Nine days earlier: Sunday the 1st (ANSIC pads the day with a space).
        assert_eq!(ansic(-9 * 86_400), "Sun Mar  1 09:00:00 2026");
        // Across a year and a leap day.
        assert_eq!(go_string(-(69 * 86_400), 0), "2025-12-31 09:00:00 +0000 UTC");
        assert_eq!(ansic(1_800), "Tue Mar 10 09:30:00 2026");
    }

    #[test]
    fn fractions_drop_trailing_zeros() {
        assert_eq!(go_string(61, 120_000_000), "2026-03-10 09:01:01.12 +0000 UTC");
        assert_eq!(go_string(0, 1), "2026-03-10 09:00:00.000000001 +0000 UTC");
    }
}
