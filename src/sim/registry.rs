//! The model registry (versions and aliases, MLflow-style) and the serving layer.
//!
//! Architecture invariant: moving an alias changes only the registry. The server keeps the model
//! version it loaded until `reload` (or a redeploy that reloads), exactly the trap MLflow users meet.

use std::collections::BTreeMap;

use serde::Serialize;

use super::event::{Level, Source};
use super::simulator::Sim;

/// One registered model version.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelVersion {
    /// Version number.
    pub version: u32,
    /// Accuracy on live traffic.
    pub accuracy: f64,
    /// Run that produced it.
    pub run_id: String,
    /// Tags (`validation_status=rejected`, …).
    pub tags: BTreeMap<String, String>,
    /// Registration tick (negative: before the scenario).
    pub created: i64,
}

/// The registered versions by number, ascending: a `BTreeMap<u32, ModelVersion>`'s operations on a
/// sorted `Vec` (the map's B-tree code was compiled for this one type in the incident build).
/// Serialized as that map was.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Versions(Vec<ModelVersion>);

impl Versions {
    /// Adds `v`, or replaces the version of the same number (as `BTreeMap::insert` does).
    pub fn insert(&mut self, v: ModelVersion) {
        match self.0.binary_search_by_key(&v.version, |x| x.version) {
            Ok(i) => self.0[i] = v,
            Err(i) => self.0.insert(i, v),
        }
    }

    pub fn get(&self, version: u32) -> Option<&ModelVersion> {
        self.0.iter().find(|v| v.version == version)
    }

    pub fn get_mut(&mut self, version: u32) -> Option<&mut ModelVersion> {
        self.0.iter_mut().find(|v| v.version == version)
    }

    pub fn contains(&self, version: u32) -> bool {
        self.get(version).is_some()
    }

    /// The highest version number.
    pub fn latest(&self) -> Option<u32> {
        self.0.last().map(|v| v.version)
    }

    /// The versions, lowest number first.
    pub fn iter(&self) -> std::slice::Iter<'_, ModelVersion> {
        self.0.iter()
    }
}

impl Serialize for Versions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|v| (v.version, v)))
    }
}

/// The registry for the scenario's model plus the server that serves it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Registry {
    /// Registered model name.
    pub model: String,
    /// Versions by number.
    pub versions: Versions,
    /// Alias → version.
    pub aliases: crate::str_map::StrMap<u32>,
    /// Alias the server resolves at load time.
    pub serving_alias: String,
    /// Version the server has loaded.
    pub loaded: u32,
    /// Tick it was loaded.
    pub loaded_at: i64,
    /// A reload in progress: (version being loaded, tick it completes).
    pub reloading: Option<(u32, u32)>,
}

impl Registry {
    /// Aliases pointing at `version`, comma-separated.
    pub fn aliases_of(&self, version: u32) -> String {
        self.aliases.iter().filter(|(_, v)| **v == version).map(|(a, _)| a.as_str()).collect::<Vec<_>>().join(",")
    }
}

/// Seconds a reload takes (the server keeps serving the old model meanwhile).
pub const RELOAD_SECONDS: u32 = 10;

impl Sim {
    /// `registry tag MODEL VERSION KEY=VALUE`.
    pub(crate) fn tag_model_version(&mut self, version: u32, key: &str, value: &str) {
        let Some(r) = self.registry.as_mut() else { return };
        let model = r.model.clone();
        if let Some(v) = r.versions.get_mut(version) {
            v.tags.insert(key.to_string(), value.to_string());
            self.emit(Source::Registry, Level::Normal, "VersionTagged", format!("model/{model}"), format!("version {version} tagged {key}={value}"));
        }
    }

    /// (accuracy, drift) of the model the server is serving now, if any.
    pub(crate) fn serving_quality(&self) -> (Option<f64>, Option<f64>) {
        let Some(reg) = self.registry.as_ref() else { return (None, None) };
        let loaded = reg.loaded;
        let mut acc = reg.versions.get(loaded).map_or(0.9, |v| v.accuracy);
        for (m, cap) in &self.model_accuracy_caps {
            if *m == loaded {
                acc = acc.min(*cap);
            }
        }
        let mut drift: f64 = 0.03;
        for (m, d) in &self.model_drift {
            if *m == loaded {
                drift = drift.max(*d);
            }
        }
        (Some(acc), Some(drift))
    }

    /// Moves `alias` to `version`. Returns the version it pointed at before.
    pub(crate) fn registry_set_alias(&mut self, alias: &str, version: u32) -> Result<Option<u32>, String> {
        let Some(reg) = self.registry.as_mut() else { return Err("no model registry in this scenario".to_string()) };
        if !reg.versions.contains(version) {
            return Err(format!("RESOURCE_DOES_NOT_EXIST: Model Version (name={}, version={version}) not found", reg.model));
        }
        let before = reg.aliases.insert(alias.to_string(), version);
        let model = reg.model.clone();
        self.emit(
            Source::Registry,
            Level::Normal,
            "AliasMoved",
            format!("model/{model}"),
            format!("alias '{alias}' -> version {version}{}", before.map(|b| format!(" (was {b})")).unwrap_or_default()),
        );
        Ok(before)
    }

    /// Starts reloading the server from its alias.
    pub(crate) fn serving_reload(&mut self) -> Result<(u32, u32), String> {
        let tick = self.tick;
        let Some(reg) = self.registry.as_mut() else { return Err("no model server in this scenario".to_string()) };
        let Some(&target) = reg.aliases.get(&reg.serving_alias) else {
            return Err(format!("alias '{}' is not set on model '{}'", reg.serving_alias, reg.model));
        };
        reg.reloading = Some((target, tick + RELOAD_SECONDS));
        let (model, alias, loaded) = (reg.model.clone(), reg.serving_alias.clone(), reg.loaded);
        self.emit(
            Source::Registry,
            Level::Normal,
            "ReloadStarted",
            format!("serving/{model}"),
            format!("loading models:/{model}@{alias} (version {target}), serving version {loaded} meanwhile"),
        );
        Ok((loaded, target))
    }

    /// Completes a reload when due.
    pub(crate) fn serving_tick(&mut self) {
        let tick = self.tick;
        let Some(reg) = self.registry.as_mut() else { return };
        let Some((v, at)) = reg.reloading else { return };
        if tick < at {
            return;
        }
        reg.reloading = None;
        let before = reg.loaded;
        reg.loaded = v;
        reg.loaded_at = i64::from(tick);
        let model = reg.model.clone();
        self.emit(
            Source::Registry,
            Level::Normal,
            "ModelLoaded",
            format!("serving/{model}"),
            format!("now serving version {v} (was {before})"),
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn version(version: u32, i: usize) -> ModelVersion {
        ModelVersion { version, accuracy: 0.5 + i as f64 / 100.0, run_id: format!("run{i}"), tags: BTreeMap::new(), created: i as i64 }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        /// `Versions` answers as the `BTreeMap<u32, ModelVersion>` it replaced: inserts (repeated
        /// numbers replace), lookups, tags set through `get_mut`, the latest, both orders and the JSON.
        #[test]
        fn versions_behave_as_the_map_they_replaced(
            inserted in proptest::collection::vec(0u32..12, 0..16),
            tagged in proptest::collection::vec((0u32..14, "[a-z]{1,3}", "[a-z0-9=]{0,3}"), 0..6),
            asked in proptest::collection::vec(0u32..14, 0..8),
        ) {
            let mut ours = Versions::default();
            let mut map = BTreeMap::new();
            for (i, &n) in inserted.iter().enumerate() {
                ours.insert(version(n, i));
                map.insert(n, version(n, i));
            }
            for (n, k, v) in &tagged {
                if let Some(x) = ours.get_mut(*n) {
                    x.tags.insert(k.clone(), v.clone());
                }
                if let Some(x) = map.get_mut(n) {
                    x.tags.insert(k.clone(), v.clone());
                }
            }
            for n in asked.iter().chain(&inserted) {
                prop_assert_eq!(ours.get(*n), map.get(n));
                prop_assert_eq!(ours.contains(*n), map.contains_key(n));
            }
            prop_assert_eq!(ours.latest(), map.keys().next_back().copied());
            prop_assert!(ours.iter().eq(map.values()));
            prop_assert!(ours.iter().rev().eq(map.values().rev()));
            prop_assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&map).unwrap());
        }
    }
}
