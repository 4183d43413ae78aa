//! The traffic model: requests per second split by Services and weights, and what each version does
//! with its share (errors, latency, accuracy, drift).
//!
//! Architecture invariant: runs once per tick after the controllers; reads pods, services, the rollout
//! weight, the resolved failure effects, the database and the serving layer; writes one
//! [`TickMetrics`] and the counters. Only exact floating-point operations are used (no `exp`, `ln`,
//! `powf`), so results are bit-identical natively and in wasm.

use super::cluster::{PodPhase, Selector};
use super::event::{Level, Source};
use super::metrics::{TickMetrics, VersionSample};
use super::scenario::Strategy;
use super::simulator::Sim;

/// Per-version accumulators for one tick (reused between ticks to avoid allocation).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Acc {
    rps: f64,
    endpoints: u32,
    /// Endpoints in each traffic group, before the group's requests are shared out.
    group_endpoints: [u32; 2],
    blackholed: u32,
    config_error: f64,
    orphan_rps: f64,
    /// Whether the version has any pod (terminating ones included).
    has_pods: bool,
}

/// What the alert rules and the state mark read of the pods at the end of a tick, counted by the
/// traffic model's pass over the pods ([`Sim::traffic_tick`]): nothing changes a pod between it
/// and them, so one pass serves the three.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct PodTally {
    /// A pod is in CrashLoopBackOff.
    pub crash_looping: bool,
    /// A pod is in ErrImagePull or ImagePullBackOff.
    pub image_pull: bool,
    /// [`Sim::settled_version`].
    pub settled: Option<usize>,
}

impl Sim {
    // ----- named operations (what the `traffic` command does) -----

    /// `traffic switch SERVICE VERSION`: the Service routes to that version (to the ReplicaSet
    /// running it, when a Rollout manages the Services). Returns how many ready pods it now selects.
    pub(crate) fn route_service_to(&mut self, service: &str, version: &str) -> usize {
        let vid = self.intern_version(version);
        // Prefer the ReplicaSet running that version (what an Argo-managed service selects).
        let rs = self
            .workload.replicasets
            .iter()
            .filter(|r| r.template.vid == vid)
            .max_by_key(|r| (self.rs_pod_counts(r.uid).1, r.revision))
            .map(|r| r.uid);
        let sel = match (self.workload.rollout.is_some(), rs) {
            (true, Some(u)) => Selector::ReplicaSet(u),
            _ => Selector::Version(vid),
        };
        let ready = self.workload.pods.iter().filter(|p| p.ready && self.service_selects(sel, p)).count();
        if let Some(s) = self.workload.services.iter_mut().find(|s| s.name == service) {
            s.selector = sel;
        }
        self.emit(Source::Action, Level::Normal, "ServiceSelectorChanged", format!("service/{service}"), format!("now routes to version {version}"));
        ready
    }

    /// `traffic weight ROLLOUT PERCENT`: the router's canary weight, until the controller's next step.
    pub(crate) fn set_canary_weight(&mut self, percent: u32) {
        let Some(ro) = self.workload.rollout.as_mut() else { return };
        ro.manual_weight = Some(percent);
        let owner = format!("rollout/{}", ro.name);
        self.emit(Source::Action, Level::Normal, "CanaryWeightSet", &owner, format!("canary weight set to {percent}% on the router"));
    }

    /// The traffic split of the last tick: (version, share of requests).
    pub fn traffic_split(&self) -> Vec<(String, f64)> {
        let Some(m) = self.telemetry.metrics.last() else { return Vec::new() };
        if m.rps <= 0.0 {
            return Vec::new();
        }
        m.by_version.iter().filter(|v| v.rps > 0.0).map(|v| (self.version_name(usize::from(v.vid)).to_string(), v.rps / m.rps)).collect()
    }

    fn selector_matches(&self, sel: Selector, pod_rs: u32, pod_vid: usize) -> bool {
        match sel {
            Selector::App => true,
            Selector::Version(v) => v == pod_vid,
            Selector::ReplicaSet(u) => u == pod_rs,
            Selector::Nothing => false,
        }
    }

    fn selector_vid(&self, sel: Selector) -> usize {
        match sel {
            Selector::Version(v) => v,
            Selector::ReplicaSet(u) => self.rs_index(u).and_then(|i| self.workload.replicasets.get(i)).map_or(0, |r| r.template.vid),
            _ => self.current_template_vid(),
        }
    }

    /// Traffic groups for this tick: (selector, share of user traffic).
    fn traffic_groups(&self) -> [(Selector, f64); 2] {
        let prod = self.workload.services.iter().find(|s| s.production).map_or(Selector::Nothing, |s| s.selector);
        match (self.scenario.app.strategy, self.workload.rollout.as_ref()) {
            (Strategy::Canary, Some(ro)) => {
                let canary_sel = self.workload.services.iter().find(|s| s.name.ends_with("-canary")).map_or(Selector::Nothing, |s| s.selector);
                let mut w = if ro.new_uid.is_some() { f64::from(ro.effective_weight().min(100)) / 100.0 } else { 0.0 };
                let canary_vid = self.selector_vid(canary_sel);
                if self.traits.get(canary_vid).is_some_and(|t| t.no_traffic) {
                    w = 0.0;
                }
                [(prod, 1.0 - w), (canary_sel, w)]
            }
            _ => [(prod, 1.0), (Selector::Nothing, 0.0)],
        }
    }

    /// Computes this tick's traffic and appends its metrics.
    pub(crate) fn traffic_tick(&mut self) {
        let tick = self.tick;
        let nv = self.versions.len();
        let mut acc = std::mem::take(&mut self.telemetry.acc_scratch);
        acc.clear();
        acc.resize(nv, Acc::default());
        let app = &self.scenario.app;
        let rps_total = (app.rps * (1.0 + 0.03 * self.rng.noise())).max(0.0);
        let groups = self.traffic_groups();
        let active = groups.map(|(_, share)| share > 0.0);
        // One pass over the pods: the endpoints of each traffic group (ready pods matching its
        // selector) per version, which versions have pods, and the tally the alerts and the state
        // mark read. Each group's share is spread evenly over its endpoints once their number is known.
        let mut n = [0u32; 2];
        // The second group's config-error rates, added after the first group's as when the groups
        // were counted one after the other (the float sum is the same bit for bit). Rarely any.
        let mut second_config_errors: Vec<(usize, f64)> = Vec::new();
        let (settled_vid, settled_want) = self.settled_target().unwrap_or((usize::MAX, 0));
        let (mut settled_ok, mut settled_n) = (settled_want > 0, 0u32);
        let mut tally = PodTally::default();
        for p in &self.workload.pods {
            if let Some(a) = acc.get_mut(p.vid) {
                a.has_pods = true;
            }
            tally.crash_looping |= p.phase == PodPhase::CrashLoopBackOff;
            tally.image_pull |= matches!(p.phase, PodPhase::ImagePullBackOff | PodPhase::ErrImagePull);
            if p.phase != PodPhase::Terminating {
                settled_ok &= p.ready && p.phase == PodPhase::Running && p.vid == settled_vid;
                settled_n += 1;
            }
            if !(p.ready && p.phase == PodPhase::Running) {
                continue;
            }
            for (g, &(sel, _)) in groups.iter().enumerate() {
                if !(active.get(g).copied().unwrap_or(false) && self.selector_matches(sel, p.rs_uid, p.vid)) {
                    continue;
                }
                if let Some(c) = n.get_mut(g) {
                    *c += 1;
                }
                let Some(a) = acc.get_mut(p.vid) else { continue };
                if let Some(c) = a.group_endpoints.get_mut(g) {
                    *c += 1;
                }
                if p.node.and_then(|i| self.workload.nodes.get(i)).is_some_and(|nd| !nd.ready) {
                    a.blackholed += 1;
                }
                if let Some(fi) = p.bad_config
                    && let Some(super::failure::FailureKind::BadConfig { error_rate: Some(r), .. }) = self.failures.get(fi).map(|f| &f.kind) {
                        if g == 0 {
                            a.config_error += r;
                        } else {
                            second_config_errors.push((p.vid, *r));
                        }
                    }
            }
        }
        for (vid, r) in second_config_errors {
            if let Some(a) = acc.get_mut(vid) {
                a.config_error += r;
            }
        }
        tally.settled = (settled_ok && settled_n == settled_want).then_some(settled_vid);
        self.telemetry.pods_seen = tally;
        for (g, (sel, share)) in groups.into_iter().enumerate() {
            if share <= 0.0 {
                continue;
            }
            let group_rps = rps_total * share;
            let n = n.get(g).copied().unwrap_or(0);
            if n == 0 {
                let vid = self.selector_vid(sel);
                if let Some(a) = acc.get_mut(vid) {
                    a.orphan_rps += group_rps;
                }
                continue;
            }
            let per_pod = group_rps / f64::from(n);
            for a in acc.iter_mut() {
                let ge = a.group_endpoints.get(g).copied().unwrap_or(0);
                // One addition per pod, as a router sends each its share: the sum is the same,
                // bit for bit, as adding them pod by pod.
                for _ in 0..ge {
                    a.rps += per_pod;
                }
                a.endpoints += ge;
            }
        }

        let capacity = app.pod_capacity_rps.max(1e-9);
        let base_latency = app.base_latency_ms;
        let base_err = app.base_error_rate;
        let schema = self.db.as_ref().map(|d| d.schema_version);
        let dep_err = self.global_traits.dependency_error;
        let (model_acc, model_drift) = self.serving_quality();
        let baseline_acc = self.baseline_accuracy;
        let mut by_version = Vec::with_capacity(2);
        let mut total_req = 0.0;
        let mut total_failed = 0.0;
        let mut p50_w = 0.0;
        let mut p99_max: f64 = 0.0;
        let mut acc_w = 0.0;
        let mut drift_w = 0.0;
        let mut ok_total = 0.0;
        let mut bad_pred = 0.0;
        for vid in 0..nv {
            let a = acc.get(vid).copied().unwrap_or_default();
            let req = a.rps + a.orphan_rps;
            let has_pods = a.has_pods;
            if req <= 0.0 && !has_pods {
                continue;
            }
            let tr = self.traits.get(vid).cloned().unwrap_or_default();
            let mut ok_share = 1.0 - base_err;
            let mut p50 = base_latency;
            let mut extra_p99 = 0.0;
            if a.endpoints > 0 {
                let per_pod = a.rps / f64::from(a.endpoints);
                let util = per_pod / capacity;
                // Queueing: latency grows with the square of utilisation, sharply past saturation.
                p50 *= 1.0 + 0.6 * util * util;
                if util > 1.0 {
                    ok_share *= 1.0 / util;
                    extra_p99 += 1500.0 * (util - 1.0);
                }
                ok_share *= 1.0 - f64::from(a.blackholed) / f64::from(a.endpoints);
                ok_share *= 1.0 - (a.config_error / f64::from(a.endpoints)).min(1.0);
                if let Some((thr, rate)) = tr.load_errors
                    && per_pod > thr {
                        ok_share *= 1.0 - rate;
                    }
            }
            if let (Some((from, rate)), Some(s)) = (tr.schema_break, schema)
                && s >= from {
                    ok_share *= 1.0 - rate;
                }
            ok_share *= 1.0 - dep_err;
            p50 += tr.extra_ms * 0.6;
            p50 *= 1.0 + 0.04 * self.rng.noise();
            let p99 = p50 * 3.0 + tr.extra_ms * 0.4 + extra_p99;
            // Requests with no endpoint behind the service fail outright (503).
            let ok_req = a.rps * ok_share.clamp(0.0, 1.0);
            let failed = req - ok_req;
            let success_rate = if req > 0.0 { ok_req / req } else { 1.0 };
            let accuracy = model_acc.map(|m| {
                let capped = tr.accuracy.map_or(m, |c| m.min(c));
                (capped + 0.004 * self.rng.noise()).clamp(0.0, 1.0)
            });
            let drift = model_drift.map(|d| (d.max(tr.drift) + 0.005 * self.rng.noise()).max(0.0));
            total_req += req;
            total_failed += failed;
            ok_total += ok_req;
            p50_w += a.rps * p50;
            if req > rps_total * 0.01 {
                p99_max = p99_max.max(p99);
            }
            if let Some(x) = accuracy {
                acc_w += ok_req * x;
                if let Some(b) = baseline_acc {
                    bad_pred += ok_req * (b - x).max(0.0);
                }
            }
            if let Some(d) = drift {
                drift_w += ok_req * d;
            }
            by_version.push(VersionSample {
                vid: u16::try_from(vid).unwrap_or(u16::MAX),
                rps: req,
                success_rate,
                p50_ms: p50,
                p99_ms: p99,
                accuracy,
                drift,
                ready_pods: a.endpoints,
            });
        }
        self.telemetry.acc_scratch = acc;
        let served = total_req - total_failed;
        let accuracy_true = if model_acc.is_some() && ok_total > 0.0 { Some(acc_w / ok_total) } else { model_acc };
        let drift = if model_drift.is_some() && ok_total > 0.0 { Some(drift_w / ok_total) } else { model_drift };
        let delay = self.ground_truth_delay;
        let accuracy_known = if model_acc.is_none() {
            None
        } else if tick < delay {
            baseline_acc
        } else {
            // Ticks are stored consecutively, so the entry `delay` ticks back is found by index.
            let want = tick - delay;
            let len = self.telemetry.metrics.ticks.len();
            len.checked_sub(delay as usize)
                .and_then(|i| self.telemetry.metrics.ticks.get(i))
                .filter(|t| t.tick == want)
                .and_then(|t| t.accuracy_true)
                .or(baseline_acc)
        };
        let c = &mut self.telemetry.metrics.counters;
        c.total_requests += total_req;
        c.failed_requests += total_failed;
        c.bad_predictions += bad_pred;
        let slo = &self.scenario.slo;
        let budget = (1.0 - slo.target) * self.scenario.app.rps * f64::from(slo.window.0);
        c.error_budget_consumed = if budget > 0.0 { c.failed_requests / budget } else { 0.0 };
        self.telemetry.metrics.ticks.push(TickMetrics {
            tick,
            rps: total_req,
            success_rate: if total_req > 0.0 { served / total_req } else { 1.0 },
            p50_ms: if total_req > 0.0 { p50_w / total_req.max(1e-9) } else { 0.0 },
            p99_ms: p99_max,
            accuracy_known,
            accuracy_true,
            drift,
            failed: total_failed,
            by_version,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::{Scenario, Sim};

    fn rolling(failures: &str) -> Scenario {
        Scenario::from_json(&format!(
            r#"{{"id":"t","title":"T","app":{{"name":"myapp","strategy":"rolling","image":"reg/myapp","version":"v2","previous_versions":["v1"],"built_versions":["v3"],"replicas":4}},"failures":[{failures}]}}"#
        ))
        .unwrap()
    }

    /// The tally is the pods at the end of the last tick only: a command between ticks changes
    /// them, and the state mark taken after the command counts them again.
    #[test]
    fn a_pod_deleted_between_ticks_unsettles_the_next_mark_not_the_tally() {
        let mut sim = Sim::new(&rolling(""), 1);
        sim.run_until(30);
        assert_eq!(sim.telemetry.pods_seen.settled, sim.settled_version());
        assert!(sim.state_marks().last().is_some_and(|m| m.settled.is_some()));
        let pod = sim.pods().first().map(|p| p.name.clone()).unwrap_or_default();
        let out = sim.exec(&format!("kubectl delete pod {pod}"));
        assert!(!out.is_error, "{}", out.text);
        // The last tick's tally still says settled; the mark recorded by the command does not.
        assert!(sim.telemetry.pods_seen.settled.is_some());
        let mark = sim.state_marks().last().cloned().unwrap_or_default();
        assert_eq!((mark.tick, mark.settled), (30, None));
        // The next tick counts again.
        sim.step();
        assert_eq!(sim.telemetry.pods_seen.settled, None);
        assert_eq!(sim.telemetry.pods_seen.settled, sim.settled_version());
    }

    /// Each tick's tally of crash-looping pods follows the pods: it starts false, turns true once
    /// the bad version crash-loops, and false again after the rollback replaces those pods.
    #[test]
    fn the_crash_loop_tally_follows_the_pods_tick_by_tick() {
        let mut sim = Sim::new(&rolling(r#"{"kind":"crash-loop","version":"v3"}"#), 1);
        sim.run_until(10);
        assert!(!sim.telemetry.pods_seen.crash_looping);
        sim.exec("kubectl set image deployment/myapp myapp=reg/myapp:v3");
        let mut seen = false;
        for _ in 0..120 {
            sim.step();
            let fresh = sim.pods().iter().any(|p| p.phase == crate::sim::cluster::PodPhase::CrashLoopBackOff);
            assert_eq!(sim.telemetry.pods_seen.crash_looping, fresh, "tick {}", sim.tick());
            seen |= fresh;
        }
        assert!(seen, "the v3 pods never crash-looped");
        sim.exec("kubectl rollout undo deployment/myapp");
        sim.run_until(sim.tick() + 300);
        assert!(!sim.telemetry.pods_seen.crash_looping);
        assert!(!sim.pods().iter().any(|p| p.phase == crate::sim::cluster::PodPhase::CrashLoopBackOff));
    }
}
