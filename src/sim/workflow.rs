//! The `[workflow]` section of a scenario: the reference workflow as data (steps, their order,
//! harmful moves, success conditions, debrief) and its validation against the scenario.
//!
//! It lives beside the scenario because a scenario file carries it; the grader
//! reads it and matches a learner's parsed commands against it (`grade::matcher`). So `grade`
//! depends on `sim`, never the reverse.
//!
//! A matcher is written as an example command line (`kubectl rollout undo deploy/checkout`) that is
//! parsed with the console's own parser; [`command_tree`] is the shape both sides are compared in.


use serde::{Deserialize, Serialize};

use super::console::{Command, parse};
use super::duration::Secs;
use super::scenario::Scenario;

/// The whole `[workflow]` section.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    /// Time from the start of the incident to mitigation that earns the full speed score.
    pub target_mitigation: Secs,
    /// When the briefing itself hands the problem over (a node to drain before it is retired):
    /// the incident starts then, for the looks that count and for time to mitigate, even before
    /// any user is hurt or any warning is raised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_from: Option<Secs>,
    /// Score needed to pass (default 70), on top of the hard conditions (see `grade::grader`).
    #[serde(default = "default_pass_score")]
    pub pass_score: u32,
    /// The reference steps, in the order the reference workflow shows them.
    pub steps: Vec<Step>,
    /// Moves that make things worse.
    #[serde(default)]
    pub harmful: Vec<Harmful>,
    /// What the final state must look like.
    pub success: Success,
    /// The debrief shown after grading.
    pub debrief: Debrief,
    /// The reference action script (one action a line: a time, then a console command), replayed by
    /// `lab check` to prove the scenario can be passed; a UI may replay it as a demonstration.
    pub reference_script: String,
    /// Seed the reference script is checked with (default 1).
    #[serde(default = "default_seed")]
    pub reference_seed: u64,
}

fn default_pass_score() -> u32 {
    70
}
fn default_seed() -> u64 {
    1
}

/// One step of the reference workflow.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable id, used by `after` and in finding ids (`missing:undo`).
    pub id: String,
    /// What the step is, for the learner (`Roll the Deployment back to the previous revision`).
    pub label: String,
    /// Why it matters (shown when it is missing).
    #[serde(default)]
    pub why: String,
    /// Equivalent ways to do it: any one counts.
    #[serde(rename = "match")]
    pub matchers: Vec<Matcher>,
    /// Steps that must come first: an id, or `{ any_of = [ids] }` when one of several suffices.
    #[serde(default)]
    pub after: Vec<After>,
    /// Whether the step is required (default true); optional steps are shown and credited, never missed.
    #[serde(default = "default_true")]
    pub required: bool,
    /// Whether only a command that succeeded counts (default true; false for looks that may print an
    /// error, such as `rollout status` past the deadline).
    #[serde(default = "default_true")]
    pub require_success: bool,
}

fn default_true() -> bool {
    true
}

/// An ordering constraint.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum After {
    /// This step must come first (if it is done at all).
    Step(String),
    /// At least one of these steps must come first.
    AnyOf {
        /// The alternatives.
        any_of: Vec<String>,
    },
}

impl After {
    /// The step ids this constraint names.
    pub fn ids(&self) -> Vec<&str> {
        match self {
            After::Step(s) => vec![s.as_str()],
            After::AnyOf { any_of } => any_of.iter().map(String::as_str).collect(),
        }
    }

    /// `undo` or `one of resume, set-image`, for messages.
    pub fn describe(&self) -> String {
        match self {
            After::Step(s) => s.clone(),
            After::AnyOf { any_of } => format!("one of {}", any_of.join(", ")),
        }
    }
}

/// An example command and the fields of it that may differ.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Matcher {
    /// An example command line, parsed with the console's parser.
    pub command: String,
    /// Field names of the parsed command whose value does not matter (`replicas`, `message`).
    #[serde(default)]
    pub any: Vec<String>,
}

/// How bad a harmful action is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Poor practice; costs a little.
    Minor,
    /// Prolongs or widens the incident.
    Major,
    /// Destroys the way back or causes an outage; fails the run.
    Critical,
}

impl Severity {
    /// Points taken off the safety sub-score (out of 100) per occurrence.
    pub fn penalty(self) -> u32 {
        match self {
            Severity::Minor => 15,
            Severity::Major => 40,
            Severity::Critical => 100,
        }
    }

    /// `minor`, `major` or `critical`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Major => "major",
            Severity::Critical => "critical",
        }
    }
}

/// A move that makes things worse.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Harmful {
    /// Stable id (finding id `harmful:<id>`).
    pub id: String,
    /// What the move is (`Deleted the blue ReplicaSet`).
    pub label: String,
    /// How bad.
    pub severity: Severity,
    /// Why it harms.
    pub why: String,
    /// What the reference workflow does instead.
    #[serde(default)]
    pub instead: String,
    /// The commands that are this move.
    #[serde(rename = "match")]
    pub matchers: Vec<Matcher>,
    /// Not harmful once all of these steps have been done (`db snapshot restore` after `stop-writes`).
    #[serde(default)]
    pub unless_after: Vec<String>,
    /// Not harmful if this step follows within `within` (resume immediately followed by undo).
    #[serde(default)]
    pub unless_followed_by: Option<String>,
    /// The window for `unless_followed_by` (default 60 s).
    #[serde(default = "default_within")]
    pub within: Secs,
    /// Whether only a command that succeeded counts (default true: a refused command changed nothing).
    #[serde(default = "default_true")]
    pub require_success: bool,
}

fn default_within() -> Secs {
    Secs(60)
}

/// Conditions on the run's end. Each field that is set is one condition.
///
/// The *service* conditions (`serving`, `max_error_rate`, `min_accuracy`, `max_p99_ms`) are also
/// evaluated tick by tick to find when the incident was mitigated; the *state* conditions (the rest)
/// are checked on the final state only.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Success {
    /// Trailing window the service conditions are averaged over at the end (default 2 minutes).
    #[serde(default = "default_window")]
    pub window: Secs,
    /// Versions allowed to serve production traffic; at least `min_share` of requests must reach them.
    #[serde(default)]
    pub serving: Vec<String>,
    /// Share of requests that must reach `serving` versions (default 0.99).
    #[serde(default = "default_share")]
    pub min_share: f64,
    /// Highest acceptable error rate (0..1).
    #[serde(default)]
    pub max_error_rate: Option<f64>,
    /// Lowest acceptable true model accuracy.
    #[serde(default)]
    pub min_accuracy: Option<f64>,
    /// Highest acceptable p99 latency in ms.
    #[serde(default)]
    pub max_p99_ms: Option<f64>,
    /// The app's ConfigMap must be back to its tick-0 content.
    #[serde(default)]
    pub config_initial: bool,
    /// The model version the server must have loaded.
    #[serde(default)]
    pub model_loaded: Option<u32>,
    /// The model version the serving alias must point at.
    #[serde(default)]
    pub model_alias: Option<u32>,
    /// The database schema version.
    #[serde(default)]
    pub schema_version: Option<u32>,
    /// Whether writes must be on at the end.
    #[serde(default)]
    pub writes_enabled: Option<bool>,
    /// A snapshot taken during the run must exist (the state before a restore, kept to reconcile).
    #[serde(default)]
    pub snapshot_taken: bool,
    /// The workload must have left the Degraded phase.
    #[serde(default)]
    pub not_degraded: bool,
    /// Every replica of the workload must be Running and Ready on this version (none left on
    /// another, none missing), and the workload's template must be this version: a rollback that
    /// left a broken pod behind, or one that will roll again, is not finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_on: Option<String>,
    /// This node must be drained: cordoned, with no pod left on it but terminating ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_drained: Option<String>,
    /// Teams one of which must have been told (`notify TEAM …`): where the fix belongs to someone
    /// else (a failing dependency), escalating is the end condition, not an optional courtesy.
    #[serde(default)]
    pub escalate_to: Vec<String>,
}

fn default_window() -> Secs {
    Secs(120)
}
fn default_share() -> f64 {
    0.99
}

/// The debrief.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Debrief {
    /// What went wrong and why.
    pub what_happened: String,
    /// The reference workflow in prose.
    pub reference: String,
    /// The one thing to remember.
    pub lesson: String,
}
/// A command as a JSON tree (what matchers compare): serde's externally tagged shape, written out in
/// [`super::console::tree`].
///
/// A `kubectl patch` body is compared as JSON, not as text, so `{"data":{"A":"1"}}` and
/// `{ "data": { "A": "1" } }` are the same patch (and an example's keys must be in the learner's).
pub fn command_tree(cmd: &Command) -> serde_json::Value {
    super::console::tree::tree(cmd)
}

/// Every field name in a tree (to check a matcher's `any` list names real fields), each once, in
/// no particular order (the caller sorts). A `Vec`, not a `BTreeSet`: the set's code was compiled
/// for `String` in the incident build for this one use.
fn field_names<'v>(v: &'v serde_json::Value, out: &mut Vec<&'v str>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if !out.contains(&k.as_str()) {
                    out.push(k);
                }
                field_names(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| field_names(x, out)),
        _ => {}
    }
}

impl Workflow {
    /// Every problem with the section, each naming the field (`workflow.steps[2].after[0]: …`).
    pub fn validate(&self, sc: &Scenario) -> Vec<String> {
        let mut errs = Vec::new();
        let ids: Vec<&str> = self.steps.iter().map(|s| s.id.as_str()).collect();
        if self.steps.is_empty() {
            errs.push("workflow.steps: at least one step is needed".to_string());
        }
        if !self.steps.iter().any(|s| s.required) {
            errs.push("workflow.steps: at least one step must be required".to_string());
        }
        if self.pass_score > 100 {
            errs.push(format!("workflow.pass_score: must be 0..100, got {}", self.pass_score));
        }
        for (i, s) in self.steps.iter().enumerate() {
            let at = format!("workflow.steps[{i}]");
            if s.id.is_empty() || !s.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
                errs.push(format!("{at}.id: {:?} must be lowercase letters, digits and '-'", s.id));
            }
            if ids.iter().filter(|x| **x == s.id).count() > 1 {
                errs.push(format!("{at}.id: {:?} is used by more than one step", s.id));
            }
            if s.label.trim().is_empty() {
                errs.push(format!("{at}.label: must not be empty"));
            }
            if s.matchers.is_empty() {
                errs.push(format!("{at}.match: at least one matcher is needed"));
            }
            for (j, m) in s.matchers.iter().enumerate() {
                check_matcher(m, sc, &format!("{at}.match[{j}]"), &mut errs);
            }
            for (j, a) in s.after.iter().enumerate() {
                if let After::AnyOf { any_of } = a
                    && any_of.is_empty()
                {
                    errs.push(format!("{at}.after[{j}].any_of: must name at least one step"));
                }
                for id in a.ids() {
                    if !ids.contains(&id) {
                        errs.push(format!("{at}.after[{j}]: unknown step id {id:?} (steps: {})", ids.join(", ")));
                    } else if id == s.id {
                        errs.push(format!("{at}.after[{j}]: a step cannot come after itself"));
                    }
                }
            }
        }
        if let Some(cycle) = self.find_cycle() {
            errs.push(format!("workflow.steps: the order has a cycle ({})", cycle.join(" -> ")));
        }
        let mut hids: Vec<&str> = Vec::new();
        for (i, h) in self.harmful.iter().enumerate() {
            let at = format!("workflow.harmful[{i}]");
            if hids.contains(&h.id.as_str()) {
                errs.push(format!("{at}.id: {:?} is used twice", h.id));
            } else {
                hids.push(&h.id);
            }
            if h.why.trim().is_empty() {
                errs.push(format!("{at}.why: say why the move harms"));
            }
            if h.matchers.is_empty() {
                errs.push(format!("{at}.match: at least one matcher is needed"));
            }
            for (j, m) in h.matchers.iter().enumerate() {
                check_matcher(m, sc, &format!("{at}.match[{j}]"), &mut errs);
            }
            for id in h.unless_after.iter().chain(h.unless_followed_by.iter()) {
                if !ids.contains(&id.as_str()) {
                    errs.push(format!("{at}: unknown step id {id:?} in unless_after/unless_followed_by"));
                }
            }
        }
        let s = &self.success;
        let known = sc.known_versions();
        for v in &s.serving {
            if !known.contains(&v.as_str()) {
                errs.push(format!("workflow.success.serving: {v:?} is not one of the scenario's versions ({})", known.join(", ")));
            }
        }
        if let Some(v) = &s.settled_on
            && !known.contains(&v.as_str())
        {
            errs.push(format!("workflow.success.settled_on: {v:?} is not one of the scenario's versions ({})", known.join(", ")));
        }
        if !(0.0..=1.0).contains(&s.min_share) {
            errs.push("workflow.success.min_share: must be between 0 and 1".to_string());
        }
        if s.max_error_rate.is_some_and(|r| !(0.0..=1.0).contains(&r)) {
            errs.push("workflow.success.max_error_rate: must be between 0 and 1".to_string());
        }
        if s.window.0 == 0 || s.window.0 > sc.duration.0 {
            errs.push("workflow.success.window: must be between 1 s and the scenario's duration".to_string());
        }
        if s.serving.is_empty() && s.max_error_rate.is_none() && s.min_accuracy.is_none() && s.max_p99_ms.is_none() {
            errs.push("workflow.success: at least one service condition (serving, max_error_rate, min_accuracy, max_p99_ms) is needed".to_string());
        }
        if (s.model_loaded.is_some() || s.model_alias.is_some() || s.min_accuracy.is_some()) && sc.model.is_none() {
            errs.push("workflow.success: model conditions need a [model] section".to_string());
        }
        if let (Some(m), Some(spec)) = (s.model_loaded.or(s.model_alias), &sc.model)
            && !spec.versions.iter().any(|v| v.version == m)
        {
            errs.push(format!("workflow.success.model_loaded/model_alias: model version {m} is not registered"));
        }
        if (s.schema_version.is_some() || s.writes_enabled.is_some() || s.snapshot_taken) && sc.database.is_none() {
            errs.push("workflow.success: database conditions need a [database] section".to_string());
        }
        let limit = sc.time_limit_secs();
        if self.target_mitigation.0 == 0 || self.target_mitigation.0 >= limit {
            errs.push(format!("workflow.target_mitigation: must be more than 0 and less than the time limit ({limit} s)"));
        }
        for (name, text) in [("what_happened", &self.debrief.what_happened), ("reference", &self.debrief.reference), ("lesson", &self.debrief.lesson)] {
            if text.trim().is_empty() {
                errs.push(format!("workflow.debrief.{name}: must not be empty"));
            }
        }
        if self.reference_script.trim().is_empty() {
            errs.push("workflow.reference_script: must not be empty".to_string());
        }
        errs
    }

    /// A cycle in the `after` graph, if any (as step ids).
    fn find_cycle(&self) -> Option<Vec<String>> {
        // Depth-first search with colours; the graph is tiny.
        fn visit<'a>(w: &'a Workflow, id: &'a str, state: &mut Vec<(&'a str, u8)>, path: &mut Vec<&'a str>) -> Option<Vec<String>> {
            match state.iter().find(|(x, _)| *x == id).map(|(_, c)| *c) {
                Some(2) => return None,
                Some(1) => {
                    let start = path.iter().position(|p| *p == id).unwrap_or(0);
                    let mut c: Vec<String> = path.iter().skip(start).map(|s| s.to_string()).collect();
                    c.push(id.to_string());
                    return Some(c);
                }
                _ => {}
            }
            state.push((id, 1));
            path.push(id);
            if let Some(step) = w.steps.iter().find(|s| s.id == id) {
                for a in &step.after {
                    for dep in a.ids() {
                        if w.steps.iter().any(|s| s.id == dep)
                            && let Some(c) = visit(w, dep, state, path)
                        {
                            return Some(c);
                        }
                    }
                }
            }
            path.pop();
            if let Some(e) = state.iter_mut().find(|(x, _)| *x == id) {
                e.1 = 2;
            }
            None
        }
        let mut state = Vec::new();
        for s in &self.steps {
            let mut path = Vec::new();
            if let Some(c) = visit(self, &s.id, &mut state, &mut path) {
                return Some(c);
            }
        }
        None
    }
}

/// Checks that a matcher parses, that its `any` fields exist, and that the objects it names exist
/// in the scenario (a matcher naming `deployment/chekout` could never match a successful command).
fn check_matcher(m: &Matcher, sc: &Scenario, at: &str, errs: &mut Vec<String>) {
    let cmd = match parse(&m.command) {
        Ok(Command::Empty) => {
            errs.push(format!("{at}.command: empty command"));
            return;
        }
        Ok(c) => c,
        Err(e) => {
            errs.push(format!("{at}.command: {:?} does not parse: {}", m.command, e.message.lines().next().unwrap_or("")));
            return;
        }
    };
    let tree = command_tree(&cmd);
    let mut names = Vec::new();
    field_names(&tree, &mut names);
    for a in &m.any {
        if !names.contains(&a.as_str()) {
            crate::sort::sort(&mut names);
            errs.push(format!("{at}.any: {a:?} is not a field of {:?} (fields: {})", m.command, names.join(", ")));
            return;
        }
    }
    use super::console::{Argo, Kubectl, ResourceKind, Traffic};
    let app = &sc.app.name;
    let wrong_workload = |kind: ResourceKind, name: &str| -> Option<String> {
        let expected = match sc.app.strategy {
            super::scenario::Strategy::Rolling => ResourceKind::Deployment,
            super::scenario::Strategy::StatefulSet => ResourceKind::StatefulSet,
            _ => ResourceKind::Rollout,
        };
        (matches!(kind, ResourceKind::Deployment | ResourceKind::Rollout | ResourceKind::StatefulSet) && (kind != expected || name != app))
            .then(|| format!("{at}.command: {:?} names {}/{name}, but the scenario's workload is {}/{app}", m.command, kind.singular(), expected.singular()))
    };
    let problem = match &cmd {
        Command::Kubectl {
            cmd:
                Kubectl::RolloutUndo { target, .. }
                | Kubectl::RolloutStatus { target }
                | Kubectl::RolloutHistory { target, .. }
                | Kubectl::RolloutPause { target }
                | Kubectl::RolloutResume { target }
                | Kubectl::RolloutRestart { target }
                | Kubectl::SetImage { target, .. }
                | Kubectl::Scale { target, .. },
            ..
        } => wrong_workload(target.kind, &target.name),
        Command::Argo { cmd: a, .. } => match a {
            Argo::Get { name } | Argo::Status { name } | Argo::Promote { name, .. } | Argo::Abort { name } | Argo::Undo { name, .. }
            | Argo::Retry { name } | Argo::Pause { name } | Argo::SetImage { name, .. } => {
                (name != app && name != "*").then(|| format!("{at}.command: {:?} names rollout {name:?}, but the scenario's rollout is {app:?}", m.command))
            }
            Argo::List => None,
        },
        Command::Traffic(Traffic::Switch { version, .. }) if version != "*" && !sc.known_versions().contains(&version.as_str()) => {
            Some(format!("{at}.command: {:?} names version {version:?}, not one of the scenario's versions", m.command))
        }
        Command::Registry(super::console::Registry::SetAlias { model, .. }) | Command::Registry(super::console::Registry::Tag { model, .. })
            if sc.model.as_ref().is_none_or(|x| &x.name != model) =>
        {
            Some(format!("{at}.command: {:?} names model {model:?}, which the scenario does not have", m.command))
        }
        _ => None,
    };
    if let Some(p) = problem {
        errs.push(p);
    }
}

