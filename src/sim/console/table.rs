//! Output formatting shared by the console commands: kubectl's column layout and AGE durations.

/// Lays out rows like Go's `tabwriter` as kubectl configures it: each column as wide as its widest
/// cell plus `padding`, at least `min_width`; the last column is not padded. Widths count characters.
pub fn columns(rows: &[Vec<String>], padding: usize, min_width: usize) -> String {
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; ncols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i + 1 < r.len()
                && let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(c.chars().count() + padding).max(min_width);
                }
        }
    }
    let mut out = String::new();
    for (ri, r) in rows.iter().enumerate() {
        if ri > 0 {
            out.push('\n');
        }
        for (i, c) in r.iter().enumerate() {
            out.push_str(c);
            if i + 1 < r.len() {
                let w = widths.get(i).copied().unwrap_or(0);
                for _ in c.chars().count()..w {
                    out.push(' ');
                }
            }
        }
    }
    out
}

/// kubectl's table layout for `get` (padding 3, minimum width 6).
pub fn kubectl_table(rows: &[Vec<String>]) -> String {
    columns(rows, 3, 6)
}

/// kubectl's `HumanDuration` (the AGE column): `45s`, `2m`, `5m30s`, `3h`, `2d5h`, …
pub fn human_duration(secs: i64) -> String {
    if secs < -1 {
        return "<invalid>".to_string();
    }
    if secs < 0 {
        return "0s".to_string();
    }
    if secs < 60 * 2 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 { format!("{}d", hours / 24) } else { format!("{}d{h}h", hours / 24) };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    format!("{}y", hours / 24 / 365)
}

/// The RFC 3339 time of a tick (`2026-03-10T09:00:45Z`), on the simulated calendar every tool
/// shares (`sim::calendar`: Helm's and Argo CD's dates count from the same instant).
pub fn timestamp(tick: i64) -> String {
    let c = crate::sim::calendar::civil(tick);
    let (h, m, s) = c.hms;
    format!("{:04}-{:02}-{:02}T{h:02}:{m:02}:{s:02}Z", c.year, c.month, c.day)
}

/// Wall-clock label for a tick in logs (`09:00:45`): the incident starts at 09:00:00.
pub fn clock(tick: i64) -> String {
    let t = (9 * 3600 + tick).rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_columns() {
        let rows = vec![
            vec!["NAME".to_string(), "READY".to_string(), "UP-TO-DATE".to_string(), "AVAILABLE".to_string(), "AGE".to_string()],
            vec!["myapp".to_string(), "3/3".to_string(), "3".to_string(), "3".to_string(), "3d".to_string()],
        ];
        assert_eq!(kubectl_table(&rows), "NAME    READY   UP-TO-DATE   AVAILABLE   AGE\nmyapp   3/3     3            3           3d");
    }

    #[test]
    fn timestamps() {
        assert_eq!(timestamp(0), "2026-03-10T09:00:00Z");
        assert_eq!(timestamp(45), "2026-03-10T09:00:45Z");
        assert_eq!(timestamp(-10 * 86_400), "2026-02-28T09:00:00Z");
        assert_eq!(timestamp(15 * 3600), "2026-03-11T00:00:00Z");
    }

    #[test]
    fn ages() {
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(119), "119s");
        assert_eq!(human_duration(330), "5m30s");
        assert_eq!(human_duration(600), "10m");
        assert_eq!(human_duration(3 * 3600 + 120), "3h2m");
        assert_eq!(human_duration(3 * 86400), "3d");
        assert_eq!(human_duration(-5), "<invalid>");
    }
}
