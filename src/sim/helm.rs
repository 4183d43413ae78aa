//! Helm releases: the revisions Helm records for the app (chart, app version, values, status,
//! description, time) and what each revision renders into the cluster.
//!
//! The chart renders two objects the simulator has: the app's Deployment (image tag = the
//! revision's app version) and its ConfigMap (`<app>-config`, data = the revision's `config`
//! values). Like most charts, the Deployment carries a checksum of the ConfigMap, so a values
//! change alone still rolls the pods.
//!
//! Architecture invariant: a release changes only through the named operations here
//! (`helm_rollback`, `helm_uninstall`, and the scenario's scheduled upgrade); a dry run changes
//! nothing. Kubernetes objects change only through the simulator's own operations, so the
//! deployment controller rolls the pods as for any other template change. Helm keeps no watch on
//! the cluster: a `kubectl` change made behind Helm's back leaves the release record as it was.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cluster::Template;
use super::duration::Secs;
use super::scenario::{Scenario, Strategy};
use super::simulator::Sim;

/// The `[helm]` section of a scenario: the release that manages the app.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HelmSpec {
    /// Release name (`checkout`).
    pub release: String,
    /// Chart name (`checkout`); the CHART column prints `<chart>-<chart_version>`.
    pub chart: String,
    /// Revisions recorded before tick 0, oldest first; the last one is deployed at tick 0 and its
    /// app version must be `app.version`.
    pub history: Vec<HelmRevisionSpec>,
    /// The chart version of the `helm upgrade` that applies the scenario's `[update]` (absent: the
    /// update is not made through Helm).
    #[serde(default)]
    pub upgrade_chart_version: Option<String>,
}

/// One revision recorded before tick 0.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HelmRevisionSpec {
    /// Chart version (`1.4.0`).
    pub chart_version: String,
    /// App version, which is the image tag the chart deploys (one of the scenario's versions).
    pub app_version: String,
    /// The `config` values (the ConfigMap's data); default: `app.config`.
    #[serde(default)]
    pub config: Option<BTreeMap<String, String>>,
    /// How long before tick 0 it was made (default: a day per revision back).
    #[serde(default)]
    pub age: Option<Secs>,
}

impl HelmSpec {
    /// Every problem with the section, each naming the field.
    pub fn validate(&self, sc: &Scenario) -> Vec<String> {
        let mut errs = Vec::new();
        if !super::scenario::is_dns_label(&self.release) {
            errs.push(format!("helm.release: {:?} is not a valid release name", self.release));
        }
        if sc.app.strategy != Strategy::Rolling {
            errs.push("helm: a Helm release needs strategy \"rolling\" (it manages a Deployment)".to_string());
        }
        match self.history.last() {
            None => errs.push("helm.history: at least one revision is needed".to_string()),
            Some(last) if last.app_version != sc.app.version => errs.push(format!(
                "helm.history: the last revision is the deployed one; its app_version {:?} must be app.version {:?}",
                last.app_version, sc.app.version
            )),
            Some(_) => {}
        }
        let known = sc.known_versions();
        for (i, r) in self.history.iter().enumerate() {
            if !known.contains(&r.app_version.as_str()) {
                errs.push(format!("helm.history[{i}].app_version: {:?} is not one of the scenario's versions ({})", r.app_version, known.join(", ")));
            }
        }
        if self.upgrade_chart_version.is_some() && sc.update.as_ref().and_then(|u| u.version.as_ref()).is_none() {
            errs.push("helm.upgrade_chart_version: the scenario's [update] must set a version for the upgrade".to_string());
        }
        errs
    }
}

/// A release's status, as `helm` prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum HelmStatus {
    /// `deployed`
    Deployed,
    /// `superseded`
    Superseded,
    /// `failed`
    Failed,
    /// `uninstalled`
    Uninstalled,
}

impl HelmStatus {
    /// The word Helm prints.
    pub fn as_str(self) -> &'static str {
        match self {
            HelmStatus::Deployed => "deployed",
            HelmStatus::Superseded => "superseded",
            HelmStatus::Failed => "failed",
            HelmStatus::Uninstalled => "uninstalled",
        }
    }
}

/// One revision of a release.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HelmRevision {
    /// Revision number, from 1.
    pub revision: u32,
    /// When it was made, in seconds relative to tick 0.
    pub updated: i64,
    /// Status.
    pub status: HelmStatus,
    /// Chart version.
    pub chart_version: String,
    /// App version (the image tag it deploys).
    pub app_version: String,
    /// The `config` values it renders into the ConfigMap.
    pub config: BTreeMap<String, String>,
    /// Description (`Install complete`, `Upgrade complete`, `Rollback to 2`).
    pub description: String,
}

/// A release and its history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HelmRelease {
    /// Name.
    pub name: String,
    /// Namespace it is installed in.
    pub namespace: String,
    /// Chart name.
    pub chart: String,
    /// Image repository (a computed value).
    pub image: String,
    /// Replica count (a computed value).
    pub replicas: u32,
    /// Revisions, oldest first.
    pub revisions: Vec<HelmRevision>,
}

impl HelmRelease {
    /// Builds the release of a scenario's `[helm]` section at tick 0.
    pub fn from_spec(spec: &HelmSpec, sc: &Scenario) -> HelmRelease {
        let n = spec.history.len();
        let revisions = spec
            .history
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let back = i64::try_from(n - i).unwrap_or(1);
                HelmRevision {
                    revision: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    updated: -r.age.map_or(back * 86_400 - 1_234, |a| i64::from(a.0)),
                    status: if i + 1 == n { HelmStatus::Deployed } else { HelmStatus::Superseded },
                    chart_version: r.chart_version.clone(),
                    app_version: r.app_version.clone(),
                    config: r.config.clone().unwrap_or_else(|| sc.app.config.clone()),
                    description: if i == 0 { "Install complete".to_string() } else { "Upgrade complete".to_string() },
                }
            })
            .collect();
        HelmRelease {
            name: spec.release.clone(),
            namespace: sc.cluster.namespace.clone(),
            chart: spec.chart.clone(),
            image: sc.app.image.clone(),
            replicas: sc.app.replicas,
            revisions,
        }
    }

    /// The newest revision (what `helm status` shows).
    pub fn last(&self) -> Option<&HelmRevision> {
        self.revisions.last()
    }

    /// Revision `n`.
    pub fn revision(&self, n: u32) -> Option<&HelmRevision> {
        self.revisions.iter().find(|r| r.revision == n)
    }

    /// `<chart>-<version>`, the CHART column.
    pub fn chart_label(&self, r: &HelmRevision) -> String {
        format!("{}-{}", self.chart, r.chart_version)
    }

    /// Nanoseconds printed after a revision's time: a real release time always has some; these are
    /// fixed per revision so output is stable.
    pub fn nanos(&self, r: &HelmRevision) -> u32 {
        let h = super::event::fnv_str(&format!("{}#{}", self.name, r.revision));
        u32::try_from(h % 1_000_000_000).unwrap_or(0)
    }
}

impl Sim {
    /// The Helm release, if a Helm release manages the app (and it has not been uninstalled).
    pub fn helm_release(&self) -> Option<&HelmRelease> {
        self.helm.as_ref()
    }

    /// Records the scenario's update as a `helm upgrade` (called when the update is applied).
    pub(crate) fn helm_on_update(&mut self) {
        let Some(chart_version) = self.scenario.helm.as_ref().and_then(|h| h.upgrade_chart_version.clone()) else { return };
        let Some(version) = self.scenario.update.as_ref().and_then(|u| u.version.clone()) else { return };
        let config = self.app_configmap().map(|c| c.data.clone()).unwrap_or_default();
        let tick = i64::from(self.tick);
        let Some(rel) = self.helm.as_mut() else { return };
        for r in &mut rel.revisions {
            if r.status == HelmStatus::Deployed {
                r.status = HelmStatus::Superseded;
            }
        }
        let revision = rel.last().map_or(1, |r| r.revision + 1);
        rel.revisions.push(HelmRevision {
            revision,
            updated: tick,
            status: HelmStatus::Deployed,
            chart_version,
            app_version: version,
            config,
            description: "Upgrade complete".to_string(),
        });
    }

    /// `helm rollback RELEASE [REVISION]`: a new revision with revision `to`'s chart and values
    /// (0 means the one before the newest), rendered into the cluster. Returns the new revision's
    /// number, or Helm's error text (without the `Error: ` prefix). A dry run checks the same
    /// things and changes nothing.
    pub(crate) fn helm_rollback(&mut self, release: &str, to: u32, dry_run: bool) -> Result<u32, String> {
        let tick = i64::from(self.tick);
        let Some(rel) = self.helm.as_ref().filter(|r| r.name == release) else { return Err("release: not found".to_string()) };
        let Some(current) = rel.last() else { return Err(format!("no revision for release {release:?}")) };
        let target_no = if to == 0 { current.revision.saturating_sub(1) } else { to };
        let Some(target) = rel.revision(target_no).cloned() else { return Err(format!("release has no {target_no} version")) };
        let new_no = current.revision + 1;
        if dry_run {
            return Ok(new_no);
        }
        if let Some(rel) = self.helm.as_mut() {
            for r in &mut rel.revisions {
                if r.status == HelmStatus::Deployed {
                    r.status = HelmStatus::Superseded;
                }
            }
            rel.revisions.push(HelmRevision {
                revision: new_no,
                updated: tick,
                status: HelmStatus::Deployed,
                description: format!("Rollback to {target_no}"),
                ..target.clone()
            });
        }
        self.helm_render(&target.app_version, &target.config);
        Ok(new_no)
    }

    /// Marks the newest revision failed (a `--wait` that timed out), with Helm's description.
    pub(crate) fn helm_fail_last(&mut self, description: String) {
        if let Some(r) = self.helm.as_mut().and_then(|rel| rel.revisions.last_mut()) {
            r.status = HelmStatus::Failed;
            r.description = description;
        }
    }

    /// `helm uninstall RELEASE`: the release's objects are deleted (the Deployment's pods go away:
    /// the simulator scales it to zero) and the release record is gone.
    pub(crate) fn helm_uninstall(&mut self, release: &str) -> Result<(), String> {
        if self.helm.as_ref().is_none_or(|r| r.name != release) {
            return Err(format!("uninstall: Release not loaded: {release}: release: not found"));
        }
        self.helm = None;
        self.scale_workload(0);
        Ok(())
    }

    /// Applies what a revision renders: the ConfigMap's data, then the Deployment's image. When the
    /// values changed but the image did not, the config checksum in the pod template changes, so
    /// the pods roll anyway.
    fn helm_render(&mut self, app_version: &str, config: &BTreeMap<String, String>) {
        let name = format!("{}-config", self.scenario.app.name);
        let mut config_changed = false;
        if let Some(cm) = self.workload.configmaps.iter_mut().find(|c| c.name == name)
            && cm.data != *config
        {
            cm.data = config.clone();
            config_changed = true;
        }
        if config_changed {
            self.config_changed();
        }
        let vid = self.intern_version(app_version);
        let current = self.current_template();
        if current.vid != vid {
            self.set_workload_template(Template { vid, restart_gen: current.restart_gen }, None);
        } else if config_changed {
            self.restart_deployment();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const SCENARIO: &str = r#"{"id":"t","title":"T",
        "app":{"name":"checkout","strategy":"rolling","image":"reg/checkout","version":"v1","previous_versions":["v0"],"replicas":3,
               "config":{"TIMEOUT_MS":"800"}},
        "update":{"at":"10s","version":"v2","config":{"TIMEOUT_MS":"5"}},
        "helm":{"release":"checkout","chart":"checkout","upgrade_chart_version":"1.5.0",
                "history":[{"chart_version":"1.3.0","app_version":"v0"},{"chart_version":"1.4.0","app_version":"v1"}]}}"#;

    fn sim() -> Sim {
        Sim::new(&Scenario::from_json(SCENARIO).unwrap(), 1)
    }

    #[test]
    fn the_update_is_recorded_as_an_upgrade() {
        let mut s = sim();
        s.run_until(20);
        let rel = s.helm_release().unwrap();
        let st: Vec<(u32, &str, &str, &str)> =
            rel.revisions.iter().map(|r| (r.revision, r.status.as_str(), r.app_version.as_str(), r.description.as_str())).collect();
        assert_eq!(st, vec![(1, "superseded", "v0", "Install complete"), (2, "superseded", "v1", "Upgrade complete"), (3, "deployed", "v2", "Upgrade complete")]);
        assert_eq!(rel.last().unwrap().config.get("TIMEOUT_MS").map(String::as_str), Some("5"));
    }

    #[test]
    fn rollback_renders_the_old_revision_and_records_a_new_one() {
        let mut s = sim();
        s.run_until(60);
        assert_eq!(s.helm_rollback("checkout", 2, false), Ok(4));
        let rel = s.helm_release().unwrap();
        let last = rel.last().unwrap();
        assert_eq!((last.revision, last.status, last.app_version.as_str(), last.description.as_str()), (4, HelmStatus::Deployed, "v1", "Rollback to 2"));
        assert_eq!(rel.revision(3).unwrap().status, HelmStatus::Superseded);
        assert!(s.config_is_initial());
        assert_eq!(s.version_name(s.current_template_vid()), "v1");
    }

    #[test]
    fn a_dry_run_changes_nothing() {
        let mut s = sim();
        s.run_until(60);
        let before = (s.helm_release().cloned(), s.current_template(), s.app_configmap().cloned());
        assert_eq!(s.helm_rollback("checkout", 2, true), Ok(4));
        assert_eq!((s.helm_release().cloned(), s.current_template(), s.app_configmap().cloned()), before);
    }

    #[test]
    fn errors_name_the_release_or_revision() {
        let mut s = sim();
        assert_eq!(s.helm_rollback("nope", 1, false), Err("release: not found".to_string()));
        assert_eq!(s.helm_rollback("checkout", 9, false), Err("release has no 9 version".to_string()));
        assert_eq!(s.helm_uninstall("nope"), Err("uninstall: Release not loaded: nope: release: not found".to_string()));
    }

    #[test]
    fn a_values_only_rollback_still_rolls_the_pods() {
        let mut s = sim();
        s.run_until(60);
        // Revision 3 has v2 with the bad value; pretend the image had been fixed by hand.
        let before = s.current_template();
        s.helm_render("v2", &BTreeMap::from([("TIMEOUT_MS".to_string(), "800".to_string())]));
        assert_eq!(s.current_template().vid, before.vid);
        assert_ne!(s.current_template().restart_gen, before.restart_gen);
    }
}
