//! Observability commands: `metrics`, `alerts`, plus `notify` and `wait`.

use std::fmt::Write as _;

use super::table::columns;
use crate::sim::duration::format_duration;
use crate::sim::simulator::{Output, Sim};
use crate::fixed::fixed;

/// Runs `metrics [VERSION]`: last-minute figures per version.
pub(crate) fn exec_metrics(sim: &Sim, version: Option<&str>) -> Output {
    let tick = sim.tick();
    if sim.metrics().ticks.is_empty() {
        return Output::ok("no metrics yet (time has not started)");
    }
    if let Some(v) = version
        && !sim.versions().iter().any(|x| x == v) {
            return Output::err(format!("metrics: unknown version \"{v}\" (known: {})", sim.versions().join(", ")));
        }
    let has_model = sim.registry().is_some();
    let mut header = vec!["VERSION".to_string(), "RPS".into(), "SUCCESS".into(), "P50".into(), "P99".into(), "PODS NOW".into()];
    if has_model {
        header.push("DRIFT".into());
    }
    let mut rows = vec![header];
    let last = sim.metrics().last();
    for (vid, name) in sim.versions().iter().enumerate() {
        if version.is_some_and(|v| v != name) {
            continue;
        }
        let Some(w) = sim.metrics().window_for_version(vid, tick, 60) else { continue };
        let sample = last.and_then(|m| m.by_version.iter().find(|s| usize::from(s.vid) == vid));
        let mut r = vec![
            name.clone(),
            fixed(w.rps, 1),
            format!("{}%", fixed(w.success_rate * 100.0, 2)),
            format!("{}ms", fixed(w.p50_ms, 0)),
            format!("{}ms", fixed(w.p99_ms, 0)),
            sample.map_or(0, |s| s.ready_pods).to_string(),
        ];
        if has_model {
            r.push(sample.and_then(|s| s.drift).map_or("-".to_string(), |d| fixed(d, 2)));
        }
        rows.push(r);
    }
    if version.is_none()
        && let Some(w) = sim.metrics().window_all(tick, 60) {
            let mut r = vec![
                "ALL".to_string(),
                fixed(w.rps, 1),
                format!("{}%", fixed(w.success_rate * 100.0, 2)),
                format!("{}ms", fixed(w.p50_ms, 0)),
                format!("{}ms", fixed(w.p99_ms, 0)),
                sim.pods().iter().filter(|p| p.ready).count().to_string(),
            ];
            if has_model {
                r.push(last.and_then(|m| m.drift).map_or("-".to_string(), |d| fixed(d, 2)));
            }
            rows.push(r);
        }
    let mut s = format!("last 60s (t={})\n", format_duration(tick));
    s.push_str(&columns(&rows, 3, 0));
    if has_model {
        let known = last.and_then(|m| m.accuracy_known);
        let _ = write!(
            s,
            "\n\naccuracy (ground truth arrives {} late): {}",
            format_duration(sim.ground_truth_delay),
            known.map_or("pending".to_string(), |a| fixed(a, 3))
        );
        if let Some(b) = sim.baseline_accuracy {
            let _ = write!(s, " (baseline {})", fixed(b, 3));
        }
    }
    let c = &sim.metrics().counters;
    let slo = &sim.scenario().slo;
    let burn = sim.metrics().window_all(tick, 300).map_or(0.0, |w| (1.0 - w.success_rate) / (1.0 - slo.target).max(1e-9));
    let _ = write!(
        s,
        "\nfailed requests so far: {}\nerror budget: {}% of the {} budget used, burn rate {}x (5m)",
        c.failed_requests.round() as u64,
        fixed(c.error_budget_consumed * 100.0, 2),
        format_duration(slo.window.0),
        fixed(burn, 1)
    );
    if has_model {
        let _ = write!(s, "\nbad predictions so far: {}", c.bad_predictions.round() as u64);
    }
    Output::ok(s)
}

/// Runs `alerts`.
pub(crate) fn exec_alerts(sim: &Sim) -> Output {
    let firing: Vec<_> = sim.alerts().iter().filter(|a| a.firing).collect();
    if firing.is_empty() {
        return Output::ok("No alerts firing.");
    }
    let mut rows = vec![vec!["ALERT".to_string(), "SEVERITY".into(), "FOR".into(), "SUMMARY".into()]];
    for a in firing {
        rows.push(vec![
            a.rule.name().to_string(),
            a.rule.severity().to_string(),
            format_duration(sim.tick().saturating_sub(a.since.unwrap_or(sim.tick()))),
            a.summary.clone(),
        ]);
    }
    Output::ok(columns(&rows, 3, 0))
}
