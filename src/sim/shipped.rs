//! The light reader of scenarios the site itself wrote: the shipped `data/scenarios/*.json` files
//! (`lab build-site` writes them with `serde_json::to_string` after [`Scenario::from_toml`] has
//! checked them; see `cli::grade::write_scenarios`).
//!
//! It walks a `serde_json::Value` (whose reader the incident build carries anyway: the grader
//! compares commands as JSON trees) instead of going through serde's derived readers, which cost
//! the incident build more than its whole scenario check. It takes the JSON as `write_scenarios`
//! writes it: every field present and of the right type (a field that may be left out of the file
//! is an `Option` written as `null`, or one of the few written only when set). It ignores fields it
//! does not know. A file that is not what the site wrote (truncated by a proxy, edited by hand)
//! gives one message that names the file and the field, never a panic. The native side (`lab`, the
//! TOML sources, tests) keeps the validating reader, [`Scenario::from_json`] / `from_toml`.
//!
//! What it reads is checked with [`Scenario::validate`] by [`read_shipped`], as the validating
//! reader does: the simulator and the grader rely on those checks (a workflow whose steps wait for
//! each other in a cycle, a scenario with no node).

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::duration::Secs;
use super::failure::FailureSpec;
use super::gitops::{ArgoCdSpec, CommitSpec};
use super::helm::{HelmRevisionSpec, HelmSpec};
use super::scenario::*;
use super::workflow::{After, Debrief, Harmful, Matcher, Severity, Step, Success, Workflow};

/// What went wrong: the field (`app.canary.steps[1].pause`) and what was expected there.
#[derive(Debug)]
pub struct Wrong {
    /// The field's path, `.` between names and `[i]` for list items (counted from 0, as
    /// [`Scenario::validate`] counts).
    pub field: String,
    /// `a string`, `a whole number`…
    pub expected: &'static str,
}

impl std::fmt::Display for Wrong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "field `{}`: expected {}; this file was not written by `lab build-site` (build the site again)", self.field, self.expected)
    }
}

type Read<T> = Result<T, Wrong>;

/// Reads a scenario from the JSON `lab build-site` writes and checks it like the validating reader.
/// `file` names it in the message.
pub fn read_shipped(file: &str, text: &str) -> Result<Scenario, String> {
    let sc = read_fields(text).map_err(|e| format!("{file}: {e}"))?;
    let errors = sc.validate();
    if errors.is_empty() { Ok(sc) } else { Err(format!("{file}: {}", errors.join("\n"))) }
}

/// Reads a scenario's fields without checking the scenario rules. The message says what was wrong
/// (not JSON, or which field is missing or of the wrong type).
pub fn read_fields(text: &str) -> Result<Scenario, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    read_value(&value)
}

/// [`read_fields`] on a document already parsed.
pub fn read_value(value: &Value) -> Result<Scenario, String> {
    scenario(value).map_err(|w| w.to_string())
}

/// The fields of one JSON object and its path (`app.canary.`, empty at the top).
///
/// Reading a field never fails: a field that is missing or of the wrong type records the first
/// such problem of the document (fields are read in order, so it is the first a reader that
/// stopped there would report) and gives a placeholder, and [`read_object`] returns that problem
/// instead of what was read. A reader is then one call per field with no early return: with `?`
/// on every field, each field read added its own path dropping the fields read before it (some
/// 300 B of wasm per field, docs/performance.md "Session 11").
pub struct Obj<'v> {
    /// `None`: not an object (already recorded); every field then reads as missing.
    map: Option<&'v Map<String, Value>>,
    prefix: String,
    first: &'v RefCell<Option<Wrong>>,
}

/// Reads the object `v` with `read`: what `read` made, or the first field that was wrong. `expected`
/// names what `v` should be when it is not an object.
pub fn read_object<T>(v: &Value, expected: &'static str, read: impl FnOnce(Obj<'_>) -> T) -> Read<T> {
    let first = RefCell::new(None);
    let out = read(as_obj(v, String::new(), expected, &first));
    match first.into_inner() {
        Some(w) => Err(w),
        None => Ok(out),
    }
}

impl<'v> Obj<'v> {
    fn wrong(&self, name: &str, expected: &'static str) -> Wrong {
        Wrong { field: format!("{}{name}", self.prefix), expected }
    }

    /// Records that `name` is not `expected` (unless a field before it was wrong) and gives `placeholder`.
    fn fail<T>(&self, name: &str, expected: &'static str, placeholder: T) -> T {
        record(self.first, || self.wrong(name, expected));
        placeholder
    }

    fn field(&self, name: &str) -> Option<&'v Value> {
        self.map?.get(name)
    }

    /// A field that must be there and be what `read` accepts; else `placeholder`.
    pub fn get_or<T>(&self, name: &str, expected: &'static str, read: fn(&'v Value) -> Option<T>, placeholder: T) -> T {
        match self.field(name).and_then(read) {
            Some(x) => x,
            None => self.fail(name, expected, placeholder),
        }
    }

    /// A field that must be there and be what `read` accepts.
    pub fn get<T: Default>(&self, name: &str, expected: &'static str, read: fn(&'v Value) -> Option<T>) -> T {
        self.get_or(name, expected, read, T::default())
    }

    /// A field that may be absent or `null` (then `None`); else it must be what `read` accepts.
    pub fn opt<T>(&self, name: &str, expected: &'static str, read: fn(&'v Value) -> Option<T>) -> Option<T> {
        match self.field(name) {
            None | Some(Value::Null) => None,
            Some(v) => match read(v) {
                Some(x) => Some(x),
                None => self.fail(name, expected, None),
            },
        }
    }

    pub fn string(&self, name: &str) -> String {
        self.get(name, "a string", text)
    }

    pub fn opt_string(&self, name: &str) -> Option<String> {
        self.opt(name, "a string", text)
    }

    pub fn strings(&self, name: &str) -> Vec<String> {
        self.get(name, "a list of strings", texts)
    }

    pub fn bool(&self, name: &str) -> bool {
        self.get(name, "true or false", Value::as_bool)
    }

    fn u32(&self, name: &str) -> u32 {
        self.get(name, "a whole number", whole)
    }

    fn opt_u32(&self, name: &str) -> Option<u32> {
        self.opt(name, "a whole number", whole)
    }

    fn f64(&self, name: &str) -> f64 {
        self.get(name, "a number", Value::as_f64)
    }

    fn opt_f64(&self, name: &str) -> Option<f64> {
        self.opt(name, "a number", Value::as_f64)
    }

    fn secs(&self, name: &str) -> Secs {
        self.get(name, "a number of seconds", secs)
    }

    fn opt_secs(&self, name: &str) -> Option<Secs> {
        self.opt(name, "a number of seconds", secs)
    }

    fn table(&self, name: &str) -> BTreeMap<String, String> {
        self.get(name, "a table of strings", table)
    }

    /// A nested object that must be there.
    fn object(&self, name: &str) -> Obj<'v> {
        match self.field(name) {
            Some(v) => as_obj(v, format!("{}{name}.", self.prefix), "an object", self.first),
            None => Obj { map: None, prefix: String::new(), first: self.fail(name, "an object", self.first) },
        }
    }

    /// A nested object that may be absent or `null`, read with `read`.
    fn opt_object<T>(&self, name: &str, read: fn(Obj<'v>) -> T) -> Option<T> {
        match self.field(name) {
            None | Some(Value::Null) => None,
            Some(_) => Some(read(self.object(name))),
        }
    }

    /// A list of objects, each read with `read`.
    fn objects<T>(&self, name: &str, read: fn(Obj<'v>) -> T) -> Vec<T> {
        let items = self.get_or(name, "a list", list, &[]);
        let mut out = Vec::with_capacity(items.len());
        for (i, v) in items.iter().enumerate() {
            out.push(read(as_obj(v, format!("{}{name}[{i}].", self.prefix), "an object", self.first)));
        }
        out
    }
}

/// Keeps the first problem of a document.
fn record(first: &RefCell<Option<Wrong>>, wrong: impl FnOnce() -> Wrong) {
    let mut first = first.borrow_mut();
    if first.is_none() {
        *first = Some(wrong());
    }
}

/// `v` as an object whose fields are under `prefix`; if it is not one, the problem names the object
/// itself.
fn as_obj<'v>(v: &'v Value, prefix: String, expected: &'static str, first: &'v RefCell<Option<Wrong>>) -> Obj<'v> {
    let map = v.as_object();
    if map.is_none() {
        record(first, || Wrong { field: prefix.trim_end_matches('.').to_owned(), expected });
    }
    Obj { map, prefix, first }
}

fn list(v: &Value) -> Option<&[Value]> {
    v.as_array().map(Vec::as_slice)
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn texts(v: &Value) -> Option<Vec<String>> {
    v.as_array()?.iter().map(text).collect()
}

fn whole(v: &Value) -> Option<u32> {
    u32::try_from(v.as_u64()?).ok()
}

fn secs(v: &Value) -> Option<Secs> {
    whole(v).map(Secs)
}

fn table(v: &Value) -> Option<BTreeMap<String, String>> {
    // Inserted one by one: `collect` would sort the pairs first, one more copy of the sort in the wasm.
    let mut out = BTreeMap::new();
    for (k, v) in v.as_object()? {
        out.insert(k.clone(), text(v)?);
    }
    Some(out)
}

fn numbers(v: &Value) -> Option<crate::str_map::StrMap<u32>> {
    let mut out = crate::str_map::StrMap::new();
    for (k, v) in v.as_object()? {
        out.insert(k.clone(), whole(v)?);
    }
    Some(out)
}

/// `1` (pods) or `"25%"` (at most 100%), as [`IntOrPercent`] is written.
fn int_or_percent(v: &Value) -> Option<IntOrPercent> {
    match v {
        Value::String(s) => s.strip_suffix('%')?.parse().ok().filter(|p| *p <= 100).map(IntOrPercent::Percent),
        _ => whole(v).map(IntOrPercent::Int),
    }
}

fn strategy(v: &Value) -> Option<Strategy> {
    [Strategy::Rolling, Strategy::BlueGreen, Strategy::Canary, Strategy::StatefulSet].into_iter().find(|s| Some(s.as_str()) == v.as_str())
}

fn measure(v: &Value) -> Option<Measure> {
    Some(match v.as_str()? {
        "success-rate" => Measure::SuccessRate,
        "error-rate" => Measure::ErrorRate,
        "latency-p99" => Measure::LatencyP99,
        _ => return None,
    })
}

fn severity(v: &Value) -> Option<Severity> {
    [Severity::Minor, Severity::Major, Severity::Critical].into_iter().find(|s| Some(s.as_str()) == v.as_str())
}

fn difficulty(v: &Value) -> Option<crate::pack::Difficulty> {
    crate::pack::Difficulty::from_name(v.as_str()?)
}

fn scenario(v: &Value) -> Read<Scenario> {
    read_object(v, "a scenario (an object)", |o| Scenario {
        id: o.string("id"),
        title: o.string("title"),
        summary: o.string("summary"),
        briefing: o.string("briefing"),
        starts_at: o.secs("starts_at"),
        duration: o.secs("duration"),
        cluster: cluster(o.object("cluster")),
        app: app(o.object("app")),
        update: o.opt_object("update", update),
        model: o.opt_object("model", model),
        database: o.opt_object("database", database),
        slo: slo(o.object("slo")),
        failures: o.objects("failures", failure),
        difficulty: o.opt("difficulty", "a difficulty", difficulty),
        time_limit: o.opt_secs("time_limit"),
        workflow: o.opt_object("workflow", workflow),
        helm: o.opt_object("helm", helm),
        argocd: o.opt_object("argocd", argocd),
    })
}

fn cluster(o: Obj) -> ClusterSpec {
    ClusterSpec {
        namespace: o.string("namespace"),
        nodes: o.strings("nodes"),
        max_pods_per_node: o.u32("max_pods_per_node"),
        age: o.secs("age"),
        eviction_timeout: o.secs("eviction_timeout"),
    }
}

fn app(o: Obj) -> AppSpec {
    AppSpec {
        name: o.string("name"),
        strategy: o.get_or("strategy", "a strategy", strategy, Strategy::Rolling),
        image: o.string("image"),
        version: o.string("version"),
        previous_versions: o.strings("previous_versions"),
        built_versions: o.strings("built_versions"),
        replicas: o.u32("replicas"),
        revision_history_limit: o.u32("revision_history_limit"),
        progress_deadline: o.secs("progress_deadline"),
        max_surge: o.get_or("max_surge", "a number of pods or a percentage", int_or_percent, IntOrPercent::Int(0)),
        max_unavailable: o.get_or("max_unavailable", "a number of pods or a percentage", int_or_percent, IntOrPercent::Int(0)),
        paused: o.bool("paused"),
        ready_after: o.secs("ready_after"),
        rps: o.f64("rps"),
        pod_capacity_rps: o.f64("pod_capacity_rps"),
        base_latency_ms: o.f64("base_latency_ms"),
        pdb: o.opt_object("pdb", |o| PdbSpec {
            min_available: o.opt("min_available", "a number of pods or a percentage", int_or_percent),
            max_unavailable: o.opt("max_unavailable", "a number of pods or a percentage", int_or_percent),
        }),
        base_error_rate: o.f64("base_error_rate"),
        config: o.table("config"),
        dependencies: o.strings("dependencies"),
        blue_green: o.opt_object("blue_green", |o| BlueGreenSpec {
            auto_promotion_enabled: o.bool("auto_promotion_enabled"),
            auto_promotion_seconds: o.secs("auto_promotion_seconds"),
            scale_down_delay: o.secs("scale_down_delay"),
            preview_replica_count: o.opt_u32("preview_replica_count"),
            post_promotion_analysis: o.opt_object("post_promotion_analysis", analysis),
        }),
        canary: o.opt_object("canary", |o| {
            let steps = o.get_or("steps", "a list", list, &[]);
            CanarySpec {
                steps: steps.iter().enumerate().map(|(i, v)| canary_step(&o, i, v)).collect(),
                analysis: o.opt_object("analysis", analysis),
                scale_down_delay: o.secs("scale_down_delay"),
            }
        }),
        statefulset: o.opt_object("statefulset", |o| StatefulSetSpec { partition: o.u32("partition") }),
    }
}

/// `{"set_weight": 20}` or `{"pause": {"duration": 60}}` (`null`: until promoted).
fn canary_step(canary: &Obj, i: usize, v: &Value) -> CanaryStep {
    let at = format!("steps[{i}]");
    let expected = "a step (`set_weight` or `pause`)";
    let step = as_obj(v, format!("{}{at}.", canary.prefix), expected, canary.first);
    if let Some(map) = step.map
        && map.len() == 1
    {
        if map.contains_key("set_weight") {
            return CanaryStep::SetWeight(step.u32("set_weight"));
        }
        if map.contains_key("pause") {
            return CanaryStep::Pause(PauseSpec { duration: step.object("pause").opt_secs("duration") });
        }
    }
    canary.fail(&at, expected, CanaryStep::SetWeight(0))
}

fn analysis(o: Obj) -> AnalysisSpec {
    AnalysisSpec {
        metric: o.string("metric"),
        measure: o.get_or("measure", "a measure", measure, Measure::SuccessRate),
        success_condition: o.string("success_condition"),
        interval: o.secs("interval"),
        failure_limit: o.u32("failure_limit"),
        consecutive_error_limit: o.u32("consecutive_error_limit"),
        count: o.opt_u32("count"),
    }
}

fn update(o: Obj) -> UpdateSpec {
    UpdateSpec {
        at: o.secs("at"),
        version: o.opt_string("version"),
        config: o.table("config"),
        migrate_schema_to: o.opt_u32("migrate_schema_to"),
        model_version: o.opt_u32("model_version"),
        pause_after: o.opt_secs("pause_after"),
        change_cause: o.opt_string("change_cause"),
    }
}

fn model(o: Obj) -> ModelSpec {
    ModelSpec {
        name: o.string("name"),
        serving_alias: o.string("serving_alias"),
        versions: o.objects("versions", |o| ModelVersionSpec { version: o.u32("version"), accuracy: o.f64("accuracy"), run_id: o.opt_string("run_id") }),
        aliases: o.get("aliases", "a table of whole numbers", numbers),
        ground_truth_delay: o.secs("ground_truth_delay"),
    }
}

fn database(o: Obj) -> DatabaseSpec {
    DatabaseSpec {
        name: o.string("name"),
        schema_version: o.u32("schema_version"),
        rows: o.get("rows", "a whole number", Value::as_u64),
        writes_per_s: o.f64("writes_per_s"),
        reversible_migrations: o.bool("reversible_migrations"),
        snapshots: o.objects("snapshots", |o| SnapshotSpec { name: o.string("name"), age: o.secs("age") }),
    }
}

fn slo(o: Obj) -> SloSpec {
    SloSpec { target: o.f64("target"), latency_p99_ms: o.f64("latency_p99_ms"), window: o.secs("window") }
}

fn failure(o: Obj) -> FailureSpec {
    FailureSpec {
        kind: o.string("kind"),
        at: o.secs("at"),
        until: o.opt_secs("until"),
        version: o.opt_string("version"),
        model_version: o.opt_u32("model_version"),
        node: o.opt_string("node"),
        dependency: o.opt_string("dependency"),
        oom_after: o.opt_secs("oom_after"),
        extra_ms: o.opt_f64("extra_ms"),
        error_rate: o.opt_f64("error_rate"),
        rps_per_pod: o.opt_f64("rps_per_pod"),
        accuracy: o.opt_f64("accuracy"),
        drift: o.opt_f64("drift"),
        schema: o.opt_u32("schema"),
        key: o.opt_string("key"),
        value: o.opt_string("value"),
    }
}

fn workflow(o: Obj) -> Workflow {
    let debrief = o.object("debrief");
    Workflow {
        target_mitigation: o.secs("target_mitigation"),
        known_from: o.opt_secs("known_from"),
        pass_score: o.u32("pass_score"),
        steps: o.objects("steps", step),
        harmful: o.objects("harmful", harmful),
        success: success(o.object("success")),
        debrief: Debrief { what_happened: debrief.string("what_happened"), reference: debrief.string("reference"), lesson: debrief.string("lesson") },
        reference_script: o.string("reference_script"),
        reference_seed: o.get("reference_seed", "a whole number", Value::as_u64),
    }
}

fn matchers(o: &Obj) -> Vec<Matcher> {
    o.objects("match", |o| Matcher { command: o.string("command"), any: o.strings("any") })
}

fn step(o: Obj) -> Step {
    Step {
        id: o.string("id"),
        label: o.string("label"),
        why: o.string("why"),
        matchers: matchers(&o),
        after: o.get("after", "a list of step ids or `{\"any_of\": [ids]}`", |v| v.as_array()?.iter().map(after).collect()),
        required: o.bool("required"),
        require_success: o.bool("require_success"),
    }
}

/// `"undo"` or `{"any_of": ["undo", "abort"]}`.
fn after(v: &Value) -> Option<After> {
    match v {
        Value::String(s) => Some(After::Step(s.clone())),
        Value::Object(m) if m.len() == 1 => m.get("any_of").and_then(texts).map(|any_of| After::AnyOf { any_of }),
        _ => None,
    }
}

fn harmful(o: Obj) -> Harmful {
    Harmful {
        id: o.string("id"),
        label: o.string("label"),
        severity: o.get_or("severity", "a severity", severity, Severity::Minor),
        why: o.string("why"),
        instead: o.string("instead"),
        matchers: matchers(&o),
        unless_after: o.strings("unless_after"),
        unless_followed_by: o.opt_string("unless_followed_by"),
        within: o.secs("within"),
        require_success: o.bool("require_success"),
    }
}

fn success(o: Obj) -> Success {
    Success {
        window: o.secs("window"),
        serving: o.strings("serving"),
        min_share: o.f64("min_share"),
        max_error_rate: o.opt_f64("max_error_rate"),
        min_accuracy: o.opt_f64("min_accuracy"),
        max_p99_ms: o.opt_f64("max_p99_ms"),
        config_initial: o.bool("config_initial"),
        model_loaded: o.opt_u32("model_loaded"),
        model_alias: o.opt_u32("model_alias"),
        schema_version: o.opt_u32("schema_version"),
        writes_enabled: o.opt("writes_enabled", "true or false", Value::as_bool),
        snapshot_taken: o.bool("snapshot_taken"),
        not_degraded: o.bool("not_degraded"),
        settled_on: o.opt_string("settled_on"),
        node_drained: o.opt_string("node_drained"),
        escalate_to: o.strings("escalate_to"),
    }
}

fn helm(o: Obj) -> HelmSpec {
    HelmSpec {
        release: o.string("release"),
        chart: o.string("chart"),
        history: o.objects("history", |o| HelmRevisionSpec {
            chart_version: o.string("chart_version"),
            app_version: o.string("app_version"),
            config: o.opt("config", "a table of strings", table),
            age: o.opt_secs("age"),
        }),
        upgrade_chart_version: o.opt_string("upgrade_chart_version"),
    }
}

fn argocd(o: Obj) -> ArgoCdSpec {
    ArgoCdSpec {
        app: o.string("app"),
        project: o.string("project"),
        repo_url: o.string("repo_url"),
        path: o.string("path"),
        automated: o.bool("automated"),
        self_heal: o.bool("self_heal"),
        prune: o.bool("prune"),
        poll_interval: o.secs("poll_interval"),
        self_heal_delay: o.secs("self_heal_delay"),
        commits: o.objects("commits", |o| CommitSpec { message: o.string("message"), version: o.string("version") }),
        update_commit: o.opt_string("update_commit"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_wrong_field_in_reading_order_is_the_one_reported() {
        // `id` is read first: its problem is reported, not `title`'s or the cluster's.
        let e = read_fields(r#"{"id": 1, "title": 2, "cluster": []}"#).unwrap_err();
        assert!(e.starts_with("field `id`: expected a string"), "{e}");
        let e = read_fields(r#"[]"#).unwrap_err();
        assert!(e.starts_with("field ``: expected a scenario (an object)"), "{e}");
        // Inside a nested object, with its path; the fields after it (`app`…, all missing) are not reported.
        let e = read_fields(
            r#"{"id": "x", "title": "t", "summary": "s", "briefing": "b", "starts_at": 0, "duration": 60, "cluster": {"namespace": "d", "nodes": 3}}"#,
        )
        .unwrap_err();
        assert!(e.starts_with("field `cluster.nodes`: expected a list of strings"), "{e}");
    }
}
