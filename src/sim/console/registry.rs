//! The model-registry CLI (`registry …`) and the model server CLI (`serving …`).
//!
//! These are lab commands in the spirit of the MLflow client: aliases instead of stages, and a server
//! that keeps the version it loaded until it reloads.

use std::fmt::Write as _;

use super::command::{Registry, Serving};
use super::table::{columns, human_duration};
use crate::sim::simulator::{Output, Sim};

fn model_known(sim: &Sim, model: &str) -> Result<(), Output> {
    match &sim.registry() {
        None => Err(Output::err("registry: this scenario has no model registry")),
        Some(r) if r.model != model => Err(Output::err(format!("RESOURCE_DOES_NOT_EXIST: Registered Model with name={model} not found"))),
        Some(_) => Ok(()),
    }
}

/// Runs a `registry` command.
pub(crate) fn exec_registry(sim: &mut Sim, cmd: &Registry) -> Output {
    match cmd {
        Registry::Models => match &sim.registry() {
            None => Output::err("registry: this scenario has no model registry"),
            Some(r) => {
                let latest = r.versions.latest().unwrap_or(0);
                let aliases: Vec<String> = r.aliases.iter().map(|(a, v)| format!("{a}={v}")).collect();
                Output::ok(columns(
                    &[
                        vec!["NAME".into(), "LATEST VERSION".into(), "ALIASES".into()],
                        vec![r.model.clone(), latest.to_string(), aliases.join(",")],
                    ],
                    3,
                    0,
                ))
            }
        },
        Registry::Versions { model } => {
            if let Err(o) = model_known(sim, model) {
                return o;
            }
            let Some(r) = &sim.registry() else { return Output::err("registry: no registry") };
            let mut rows = vec![vec!["VERSION".to_string(), "ALIASES".into(), "RUN ID".into(), "CREATED".into(), "TAGS".into()]];
            for v in r.versions.iter().rev() {
                let tags: Vec<String> = v.tags.iter().map(|(k, x)| format!("{k}={x}")).collect();
                let aliases = r.aliases_of(v.version);
                rows.push(vec![
                    v.version.to_string(),
                    if aliases.is_empty() { "-".into() } else { aliases },
                    v.run_id.clone(),
                    human_duration(i64::from(sim.tick()) - v.created),
                    if tags.is_empty() { "-".into() } else { tags.join(",") },
                ]);
            }
            let mut s = columns(&rows, 3, 0);
            let _ = write!(s, "\n\nserving: models:/{}@{} loaded version {}", r.model, r.serving_alias, r.loaded);
            Output::ok(s)
        }
        Registry::SetAlias { model, alias, version } => {
            if let Err(o) = model_known(sim, model) {
                return o;
            }
            match sim.registry_set_alias(alias, *version) {
                Err(e) => Output::err(e),
                Ok(before) => {
                    let loaded = sim.registry().map_or(0, |r| r.loaded);
                    let serving_alias = sim.registry().is_some_and(|r| r.serving_alias == *alias);
                    let mut s = format!(
                        "Alias '{alias}' of model '{model}' now points to version {version}{}.",
                        before.map(|b| format!(" (was {b})")).unwrap_or_default()
                    );
                    if serving_alias && loaded != *version {
                        let _ = write!(s, "\nNote: the model server still serves version {loaded} until it reloads ('serving reload').");
                    }
                    Output::ok(s)
                }
            }
        }
        Registry::Tag { model, version, key, value } => {
            if let Err(o) = model_known(sim, model) {
                return o;
            }
            let Some(r) = sim.registry() else { return Output::err("registry: no registry") };
            if !r.versions.contains(*version) {
                return Output::err(format!("RESOURCE_DOES_NOT_EXIST: Model Version (name={model}, version={version}) not found"));
            }
            sim.tag_model_version(*version, key, value);
            Output::ok(format!("Set tag {key}={value} on version {version} of model '{model}'."))
        }
    }
}

/// Runs a `serving` command.
pub(crate) fn exec_serving(sim: &mut Sim, cmd: &Serving) -> Output {
    match cmd {
        Serving::Status => match &sim.registry() {
            None => Output::err("serving: this scenario has no model server"),
            Some(r) => {
                let target = r.aliases.get(&r.serving_alias).copied();
                let mut s = format!(
                    "endpoint:  {}-serving\nmodel:     models:/{}@{}\nloaded:    version {} (since {} ago)\nalias now: {}",
                    sim.scenario().app.name,
                    r.model,
                    r.serving_alias,
                    r.loaded,
                    human_duration(i64::from(sim.tick()) - r.loaded_at),
                    target.map_or("unset".to_string(), |t| format!("version {t}"))
                );
                if let Some((v, at)) = r.reloading {
                    let _ = write!(s, "\nreloading: version {v}, ready in {}s", at.saturating_sub(sim.tick()));
                } else if target.is_some_and(|t| t != r.loaded) {
                    s.push_str("\nwarning:   the alias has moved; run 'serving reload' to serve it");
                }
                Output::ok(s)
            }
        },
        Serving::Reload => match sim.serving_reload() {
            Err(e) => Output::err(format!("serving: {e}")),
            Ok((from, to)) => Output::ok(format!(
                "Reloading {}-serving: version {from} -> version {to} (ready in {}s; version {from} keeps serving meanwhile).",
                sim.scenario().app.name,
                crate::sim::registry::RELOAD_SECONDS
            )),
        },
    }
}
