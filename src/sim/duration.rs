//! Durations as people type them: `45`, `45s`, `1m30s`, `2h`.
//!
//! Used by action scripts, scenario files and console commands (`wait 30s`). Never panics.

use std::fmt::Write as _;

/// Parses `45`, `45s`, `1m`, `1m30s`, `1h2m3s` into seconds.
///
/// Returns a message saying what was wrong on failure (empty input, unknown unit, overflow).
pub fn parse_duration(text: &str) -> Result<u32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty duration".to_string());
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<u32>().map_err(|_| format!("duration {t:?} is too large"));
    }
    let mut total: u64 = 0;
    let mut num: Option<u64> = None;
    let mut last_unit_rank = 4u8;
    for c in t.chars() {
        if let Some(d) = c.to_digit(10) {
            let n = num.unwrap_or(0).saturating_mul(10).saturating_add(u64::from(d));
            num = Some(n);
            continue;
        }
        let (mult, rank) = match c {
            'h' => (3600u64, 3u8),
            'm' => (60, 2),
            's' => (1, 1),
            _ => return Err(format!("invalid duration {t:?}: unexpected {c:?} (use e.g. 45, 45s, 1m30s)")),
        };
        let Some(n) = num.take() else {
            return Err(format!("invalid duration {t:?}: unit {c:?} without a number"));
        };
        if rank >= last_unit_rank {
            return Err(format!("invalid duration {t:?}: units must go from hours to seconds"));
        }
        last_unit_rank = rank;
        total = total.saturating_add(n.saturating_mul(mult));
    }
    if num.is_some() {
        return Err(format!("invalid duration {t:?}: missing unit after the last number"));
    }
    u32::try_from(total).map_err(|_| format!("duration {t:?} is too large"))
}

/// Formats seconds the way the parser reads them back (`90` → `1m30s`).
pub fn format_duration(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        let _ = write!(out, "{h}h");
    }
    if m > 0 {
        let _ = write!(out, "{m}m");
    }
    if s > 0 || out.is_empty() {
        let _ = write!(out, "{s}s");
    }
    out
}

/// Seconds in scenario files: an integer (`60`) or a duration string (`"1m"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Secs(pub u32);

impl serde::Serialize for Secs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Secs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of seconds or a duration such as \"1m30s\"")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Secs, E> {
                u32::try_from(v).map(Secs).map_err(|_| E::custom("duration too large"))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Secs, E> {
                u32::try_from(v).map(Secs).map_err(|_| E::custom("duration must be 0 or more seconds"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Secs, E> {
                parse_duration(v).map(Secs).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms() {
        assert_eq!(parse_duration("45"), Ok(45));
        assert_eq!(parse_duration("45s"), Ok(45));
        assert_eq!(parse_duration("1m30s"), Ok(90));
        assert_eq!(parse_duration("2h"), Ok(7200));
        assert_eq!(parse_duration(" 1h1m1s "), Ok(3661));
    }

    #[test]
    fn rejects_junk() {
        for bad in ["", "m", "1x", "1s1m", "1m1", "99999999999999999999", "1é"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn round_trips() {
        for s in [0, 5, 60, 90, 3600, 3661] {
            assert_eq!(parse_duration(&format_duration(s)), Ok(s));
        }
    }
}
