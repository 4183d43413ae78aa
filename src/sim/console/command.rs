//! The typed console commands and their canonical spelling.
//!
//! Architecture invariant: every spelling of the same action parses to the same [`Command`] value
//! (`deploy/myapp`, `deployment myapp` and `deployments.apps/myapp` all become the same [`Target`]), so
//! the grader compares `Command`s, never strings. [`Command`]'s `Display` is the canonical spelling,
//! which parses back to the same value.

use std::fmt;

use serde::Serialize;

/// A Kubernetes resource type the console knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ResourceKind {
    /// `pods`
    Pod,
    /// `deployments.apps`
    Deployment,
    /// `replicasets.apps`
    ReplicaSet,
    /// `events`
    Event,
    /// `configmaps`
    ConfigMap,
    /// `services`
    Service,
    /// `nodes`
    Node,
    /// `rollouts.argoproj.io`
    Rollout,
    /// `analysisruns.argoproj.io`
    AnalysisRun,
    /// `poddisruptionbudgets.policy`
    PodDisruptionBudget,
    /// `statefulsets.apps`
    StatefulSet,
    /// `controllerrevisions.apps`
    ControllerRevision,
    /// `persistentvolumeclaims`
    PersistentVolumeClaim,
}

impl ResourceKind {
    /// Every kind, in `kubectl get all`-ish order.
    pub const ALL: [ResourceKind; 13] = [
        ResourceKind::Pod,
        ResourceKind::Service,
        ResourceKind::Deployment,
        ResourceKind::ReplicaSet,
        ResourceKind::StatefulSet,
        ResourceKind::ControllerRevision,
        ResourceKind::PersistentVolumeClaim,
        ResourceKind::Rollout,
        ResourceKind::AnalysisRun,
        ResourceKind::ConfigMap,
        ResourceKind::Event,
        ResourceKind::Node,
        ResourceKind::PodDisruptionBudget,
    ];

    /// Parses a resource type as kubectl accepts it (singular, plural, short name, `.group`).
    pub fn parse(word: &str) -> Option<ResourceKind> {
        let w = word.to_ascii_lowercase();
        Some(match w.as_str() {
            "pod" | "pods" | "po" => ResourceKind::Pod,
            "deployment" | "deployments" | "deploy" | "deployment.apps" | "deployments.apps" => ResourceKind::Deployment,
            "replicaset" | "replicasets" | "rs" | "replicaset.apps" | "replicasets.apps" => ResourceKind::ReplicaSet,
            "event" | "events" | "ev" => ResourceKind::Event,
            "configmap" | "configmaps" | "cm" => ResourceKind::ConfigMap,
            "service" | "services" | "svc" => ResourceKind::Service,
            "node" | "nodes" | "no" => ResourceKind::Node,
            "rollout" | "rollouts" | "ro" | "rollout.argoproj.io" | "rollouts.argoproj.io" => ResourceKind::Rollout,
            "analysisrun" | "analysisruns" | "ar" | "analysisruns.argoproj.io" => ResourceKind::AnalysisRun,
            "poddisruptionbudget" | "poddisruptionbudgets" | "pdb" | "poddisruptionbudget.policy" | "poddisruptionbudgets.policy" => {
                ResourceKind::PodDisruptionBudget
            }
            "statefulset" | "statefulsets" | "sts" | "statefulset.apps" | "statefulsets.apps" => ResourceKind::StatefulSet,
            "controllerrevision" | "controllerrevisions" | "controllerrevision.apps" | "controllerrevisions.apps" => ResourceKind::ControllerRevision,
            "persistentvolumeclaim" | "persistentvolumeclaims" | "pvc" => ResourceKind::PersistentVolumeClaim,
            _ => return None,
        })
    }

    /// The names suggestions are drawn from.
    pub const WORDS: [&'static str; 25] = [
        "pods", "deployments", "deploy", "replicasets", "rs", "events", "configmaps", "cm", "services", "svc", "nodes",
        "rollouts", "analysisruns", "pod", "deployment", "replicaset", "configmap", "service", "poddisruptionbudgets", "pdb",
        "statefulsets", "sts", "controllerrevisions", "persistentvolumeclaims", "pvc",
    ];

    /// Canonical singular name (`deployment`).
    pub fn singular(self) -> &'static str {
        match self {
            ResourceKind::Pod => "pod",
            ResourceKind::Deployment => "deployment",
            ResourceKind::ReplicaSet => "replicaset",
            ResourceKind::Event => "event",
            ResourceKind::ConfigMap => "configmap",
            ResourceKind::Service => "service",
            ResourceKind::Node => "node",
            ResourceKind::Rollout => "rollout",
            ResourceKind::AnalysisRun => "analysisrun",
            ResourceKind::PodDisruptionBudget => "poddisruptionbudget",
            ResourceKind::StatefulSet => "statefulset",
            ResourceKind::ControllerRevision => "controllerrevision",
            ResourceKind::PersistentVolumeClaim => "persistentvolumeclaim",
        }
    }

    /// Canonical plural name (`deployments`).
    pub fn plural(self) -> &'static str {
        match self {
            ResourceKind::Pod => "pods",
            ResourceKind::Deployment => "deployments",
            ResourceKind::ReplicaSet => "replicasets",
            ResourceKind::Event => "events",
            ResourceKind::ConfigMap => "configmaps",
            ResourceKind::Service => "services",
            ResourceKind::Node => "nodes",
            ResourceKind::Rollout => "rollouts",
            ResourceKind::AnalysisRun => "analysisruns",
            ResourceKind::PodDisruptionBudget => "poddisruptionbudgets",
            ResourceKind::StatefulSet => "statefulsets",
            ResourceKind::ControllerRevision => "controllerrevisions",
            ResourceKind::PersistentVolumeClaim => "persistentvolumeclaims",
        }
    }

    /// The `resource.group` form used in API errors (`deployments.apps`).
    pub fn api_name(self) -> &'static str {
        match self {
            ResourceKind::Deployment => "deployments.apps",
            ResourceKind::ReplicaSet => "replicasets.apps",
            ResourceKind::Rollout => "rollouts.argoproj.io",
            ResourceKind::AnalysisRun => "analysisruns.argoproj.io",
            ResourceKind::PodDisruptionBudget => "poddisruptionbudgets.policy",
            ResourceKind::StatefulSet => "statefulsets.apps",
            ResourceKind::ControllerRevision => "controllerrevisions.apps",
            other => other.plural(),
        }
    }

    /// The `kind.group/name` prefix kubectl prints in confirmations (`deployment.apps`).
    pub fn printed(self) -> &'static str {
        match self {
            ResourceKind::Deployment => "deployment.apps",
            ResourceKind::ReplicaSet => "replicaset.apps",
            ResourceKind::Rollout => "rollout.argoproj.io",
            ResourceKind::AnalysisRun => "analysisrun.argoproj.io",
            ResourceKind::PodDisruptionBudget => "poddisruptionbudget.policy",
            ResourceKind::StatefulSet => "statefulset.apps",
            ResourceKind::ControllerRevision => "controllerrevision.apps",
            other => other.singular(),
        }
    }
}

/// A named object: `deployment/myapp`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Target {
    /// Type.
    pub kind: ResourceKind,
    /// Name.
    pub name: String,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.singular(), self.name)
    }
}

/// `-o` formats.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum OutputFormat {
    /// `-o wide`
    Wide,
    /// `-o name`
    Name,
    /// `-o yaml`
    Yaml,
    /// `-o json`
    Json,
    /// `-o jsonpath=TEMPLATE` (the template as typed, without the `jsonpath=`).
    JsonPath(String),
    /// `-o custom-columns=HEADER:PATH,…` (the spec as typed, without the `custom-columns=`).
    CustomColumns(String),
}

impl OutputFormat {
    /// As typed after `-o` (`jsonpath={.x}`).
    pub fn as_string(&self) -> String {
        match self {
            OutputFormat::Wide => "wide".to_string(),
            OutputFormat::Name => "name".to_string(),
            OutputFormat::Yaml => "yaml".to_string(),
            OutputFormat::Json => "json".to_string(),
            OutputFormat::JsonPath(t) => format!("jsonpath={t}"),
            OutputFormat::CustomColumns(c) => format!("custom-columns={c}"),
        }
    }
}

/// kubectl's `--dry-run` strategies (cmdutil's `DryRunStrategy`). `--dry-run=none`, `--dry-run=false`
/// and no flag at all are the same command: a real change, so they parse to `None` on the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum DryRun {
    /// `--dry-run=client` (also bare `--dry-run` and `--dry-run=true`, both deprecated): print what
    /// would be sent, send nothing.
    Client,
    /// `--dry-run=server`: the server validates the change and persists nothing.
    Server,
}

impl DryRun {
    /// As typed after `--dry-run=`.
    pub fn as_str(self) -> &'static str {
        match self {
            DryRun::Client => "client",
            DryRun::Server => "server",
        }
    }

    /// The suffix kubectl's printer adds to the operation (`PrintFlagsWithDryRunStrategy`).
    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// `kubectl patch --type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PatchType {
    /// `--type=strategic` (the default for built-in kinds).
    Strategic,
    /// `--type=merge` (RFC 7386).
    Merge,
    /// `--type=json` (RFC 6902 operations).
    Json,
}

impl PatchType {
    /// As typed after `--type=`.
    pub fn as_str(self) -> &'static str {
        match self {
            PatchType::Strategic => "strategic",
            PatchType::Merge => "merge",
            PatchType::Json => "json",
        }
    }
}

/// `kubectl top` resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum TopKind {
    /// `kubectl top pods`
    Pods,
    /// `kubectl top nodes`
    Nodes,
}

/// kubectl subcommands.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Kubectl {
    /// `kubectl get KIND[,KIND…] [NAME] [-o FMT] [-l SELECTOR] [--field-selector S] [--sort-by PATH]
    /// [--no-headers] [-A] [--show-labels]`
    Get {
        kinds: Vec<ResourceKind>,
        name: Option<String>,
        output: Option<OutputFormat>,
        selector: Option<String>,
        field_selector: Option<String>,
        sort_by: Option<String>,
        no_headers: bool,
        all_namespaces: bool,
        show_labels: bool,
    },
    /// `kubectl describe KIND [NAME] [-l SELECTOR]`
    Describe { kind: ResourceKind, name: Option<String>, selector: Option<String> },
    /// `kubectl logs POD|KIND/NAME|-l SELECTOR [-p] [--since D] [--tail N]` (`target` is `None`
    /// with a selector).
    Logs { target: Option<Target>, selector: Option<String>, previous: bool, since: Option<u32>, tail: Option<u32> },
    /// `kubectl top pods|nodes [NAME] [-l SELECTOR]`
    Top { kind: TopKind, name: Option<String>, selector: Option<String> },
    /// `kubectl rollout status KIND/NAME`
    RolloutStatus { target: Target },
    /// `kubectl rollout history KIND/NAME [--revision N]`
    RolloutHistory { target: Target, revision: Option<u32> },
    /// `kubectl rollout undo KIND/NAME [--to-revision N] [--dry-run=…]` (`to_revision` is kubectl's
    /// int64: a negative one is kept, to be refused as kubectl refuses it; 0 is `None`).
    RolloutUndo { target: Target, to_revision: Option<i64>, dry_run: Option<DryRun> },
    /// `kubectl rollout pause KIND/NAME`
    RolloutPause { target: Target },
    /// `kubectl rollout resume KIND/NAME`
    RolloutResume { target: Target },
    /// `kubectl rollout restart KIND/NAME`
    RolloutRestart { target: Target },
    /// `kubectl set image KIND/NAME CONTAINER=IMAGE` (`CONTAINER` may be `*`: every container)
    SetImage { target: Target, container: String, image: String, dry_run: Option<DryRun> },
    /// `kubectl scale KIND/NAME --replicas N`
    Scale { target: Target, replicas: u32, dry_run: Option<DryRun> },
    /// `kubectl patch KIND NAME -p PATCH [--type strategic|merge|json]` (`patch_type` `None` is the
    /// default, strategic)
    Patch { target: Target, patch: String, patch_type: Option<PatchType>, dry_run: Option<DryRun> },
    /// `kubectl delete KIND NAME [--cascade=orphan]` (`orphan`: the dependents are left running;
    /// `background`, `foreground` and `true` are the default, a cascading delete)
    Delete { target: Target, orphan: bool, dry_run: Option<DryRun> },
    /// `kubectl cordon NODE` (`unschedulable` true) / `kubectl uncordon NODE`
    Cordon { node: String, unschedulable: bool, dry_run: Option<DryRun> },
    /// `kubectl drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force] [--timeout D]
    /// [--disable-eviction]`: cordons, then evicts (or, with `--disable-eviction`, deletes) the
    /// node's pods. The flags that change nothing for this cluster's pods are accepted and dropped.
    Drain { node: String, disable_eviction: bool, dry_run: Option<DryRun> },
}

/// `kubectl argo rollouts` subcommands.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Argo {
    /// `get rollout NAME`
    Get { name: String },
    /// `list rollouts`
    List,
    /// `status NAME`
    Status { name: String },
    /// `promote NAME [--full]`
    Promote { name: String, full: bool },
    /// `abort NAME`
    Abort { name: String },
    /// `undo NAME [--to-revision N]`
    Undo { name: String, to_revision: Option<u32> },
    /// `retry rollout NAME`
    Retry { name: String },
    /// `pause NAME`
    Pause { name: String },
    /// `set image NAME CONTAINER=IMAGE`
    SetImage { name: String, container: String, image: String },
}

/// Model registry commands (`registry …`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Registry {
    /// `registry models`
    Models,
    /// `registry versions MODEL`
    Versions { model: String },
    /// `registry alias set MODEL ALIAS VERSION`
    SetAlias { model: String, alias: String, version: u32 },
    /// `registry tag MODEL VERSION KEY=VALUE`
    Tag { model: String, version: u32, key: String, value: String },
}

/// Serving commands (`serving …`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Serving {
    /// `serving status`
    Status,
    /// `serving reload`
    Reload,
}

/// Database commands (`db …`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Db {
    /// `db status`
    Status,
    /// `db snapshot create NAME`
    SnapshotCreate { name: String },
    /// `db snapshot list`
    SnapshotList,
    /// `db snapshot restore NAME`
    SnapshotRestore { name: String },
    /// `db writes stop`
    StopWrites,
    /// `db writes resume`
    ResumeWrites,
    /// `db migrate VERSION`
    Migrate { to: u32 },
}

/// Traffic commands (`traffic …`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Traffic {
    /// `traffic show`
    Show,
    /// `traffic switch SERVICE VERSION`: point a Service at one version.
    Switch { service: String, version: String },
    /// `traffic weight ROLLOUT PERCENT`: set the canary weight on the router.
    Weight { rollout: String, percent: u32 },
}

/// A parsed console line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Command {
    /// A blank line or a comment.
    Empty,
    /// kubectl, with its `-n` namespace and `--context` if given.
    Kubectl { namespace: Option<String>, context: Option<String>, cmd: Kubectl },
    /// kubectl argo rollouts, with its `-n` namespace if given.
    Argo { namespace: Option<String>, cmd: Argo },
    /// Model registry.
    Registry(Registry),
    /// Model server.
    Serving(Serving),
    /// Database.
    Db(Db),
    /// Traffic router.
    Traffic(Traffic),
    /// `metrics [VERSION]`
    Metrics { version: Option<String> },
    /// `alerts`
    Alerts,
    /// `notify TEAM MESSAGE…`
    Notify { team: String, message: String },
    /// `wait DURATION`: let simulated time pass.
    Wait { seconds: u32 },
    /// `help [TOPIC…]`
    Help { topic: Vec<String> },
    // ----- release tools (grammar and execution in `helm.rs`, `argocd.rs`, `git.rs`) -----
    /// `helm …`
    Helm(super::helm::HelmCommand),
    /// `argocd app …`
    Argocd(super::argocd::ArgocdCommand),
    /// `git …` in the clone of the Argo CD Application's repository.
    Git(super::git::GitCommand),
}

use super::parse::write_quoted;

impl Command {
    /// Whether the command is a dry run (`--dry-run=client|server`): it changes nothing, so the
    /// grader counts it for no step and no harm.
    pub fn is_dry_run(&self) -> bool {
        matches!(self, Command::Kubectl { cmd, .. } if cmd.dry_run().is_some())
    }
}

fn write_dry_run(f: &mut fmt::Formatter<'_>, d: &Option<DryRun>) -> fmt::Result {
    match d {
        Some(d) => write!(f, " --dry-run={}", d.as_str()),
        None => Ok(()),
    }
}

impl fmt::Display for Kubectl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kubectl::Get { kinds, name, output, selector, field_selector, sort_by, no_headers, all_namespaces, show_labels } => {
                let ks: Vec<&str> = kinds.iter().map(|k| k.plural()).collect();
                write!(f, "kubectl get {}", ks.join(","))?;
                if let Some(n) = name {
                    write_quoted(f, " ", n)?;
                }
                if *all_namespaces {
                    write!(f, " -A")?;
                }
                if let Some(s) = selector {
                    write_quoted(f, " -l ", s)?;
                }
                if let Some(s) = field_selector {
                    write_quoted(f, " --field-selector=", s)?;
                }
                if let Some(s) = sort_by {
                    write_quoted(f, " --sort-by=", s)?;
                }
                if *no_headers {
                    write!(f, " --no-headers")?;
                }
                if *show_labels {
                    write!(f, " --show-labels")?;
                }
                if let Some(o) = output {
                    write_quoted(f, " -o ", &o.as_string())?;
                }
                Ok(())
            }
            Kubectl::Describe { kind, name, selector } => {
                write!(f, "kubectl describe {}", kind.singular())?;
                if let Some(n) = name {
                    write_quoted(f, " ", n)?;
                }
                if let Some(s) = selector {
                    write_quoted(f, " -l ", s)?;
                }
                Ok(())
            }
            Kubectl::Logs { target, selector, previous, since, tail } => {
                write!(f, "kubectl logs")?;
                match target {
                    Some(t) if t.kind == ResourceKind::Pod => write_quoted(f, " ", &t.name)?,
                    Some(t) => write_quoted(f, " ", &t.to_string())?,
                    None => {}
                }
                if let Some(s) = selector {
                    write_quoted(f, " -l ", s)?;
                }
                if *previous {
                    write!(f, " --previous")?;
                }
                if let Some(s) = since {
                    write!(f, " --since={}", super::super::duration::format_duration(*s))?;
                }
                if let Some(t) = tail {
                    write!(f, " --tail={t}")?;
                }
                Ok(())
            }
            Kubectl::Top { kind, name, selector } => {
                write!(f, "kubectl top {}", if *kind == TopKind::Pods { "pods" } else { "nodes" })?;
                if let Some(n) = name {
                    write_quoted(f, " ", n)?;
                }
                if let Some(s) = selector {
                    write_quoted(f, " -l ", s)?;
                }
                Ok(())
            }
            Kubectl::RolloutStatus { target } => write_quoted(f, "kubectl rollout status ", &target.to_string()),
            Kubectl::RolloutHistory { target, revision } => {
                write_quoted(f, "kubectl rollout history ", &target.to_string())?;
                if let Some(r) = revision {
                    write!(f, " --revision={r}")?;
                }
                Ok(())
            }
            Kubectl::RolloutUndo { target, to_revision, dry_run } => {
                write_quoted(f, "kubectl rollout undo ", &target.to_string())?;
                if let Some(r) = to_revision {
                    write!(f, " --to-revision={r}")?;
                }
                write_dry_run(f, dry_run)
            }
            Kubectl::RolloutPause { target } => write_quoted(f, "kubectl rollout pause ", &target.to_string()),
            Kubectl::RolloutResume { target } => write_quoted(f, "kubectl rollout resume ", &target.to_string()),
            Kubectl::RolloutRestart { target } => write_quoted(f, "kubectl rollout restart ", &target.to_string()),
            Kubectl::SetImage { target, container, image, dry_run } => {
                write_quoted(f, "kubectl set image ", &target.to_string())?;
                write_quoted(f, " ", &format!("{container}={image}"))?;
                write_dry_run(f, dry_run)
            }
            Kubectl::Scale { target, replicas, dry_run } => {
                write_quoted(f, "kubectl scale ", &target.to_string())?;
                write!(f, " --replicas={replicas}")?;
                write_dry_run(f, dry_run)
            }
            Kubectl::Patch { target, patch, patch_type, dry_run } => {
                write_quoted(f, "kubectl patch ", &target.to_string())?;
                if let Some(t) = patch_type {
                    write!(f, " --type={}", t.as_str())?;
                }
                write_quoted(f, " -p ", patch)?;
                write_dry_run(f, dry_run)
            }
            Kubectl::Delete { target, orphan, dry_run } => {
                write_quoted(f, "kubectl delete ", &target.to_string())?;
                if *orphan {
                    write!(f, " --cascade=orphan")?;
                }
                write_dry_run(f, dry_run)
            }
            Kubectl::Cordon { node, unschedulable, dry_run } => {
                write_quoted(f, if *unschedulable { "kubectl cordon " } else { "kubectl uncordon " }, node)?;
                write_dry_run(f, dry_run)
            }
            Kubectl::Drain { node, disable_eviction, dry_run } => {
                write_quoted(f, "kubectl drain ", node)?;
                f.write_str(" --ignore-daemonsets")?;
                if *disable_eviction {
                    write!(f, " --disable-eviction")?;
                }
                write_dry_run(f, dry_run)
            }
        }
    }
}

impl Kubectl {
    /// The `--dry-run` strategy of a mutating command (`None` for a real change or a read).
    pub fn dry_run(&self) -> Option<DryRun> {
        match self {
            Kubectl::RolloutUndo { dry_run, .. }
            | Kubectl::SetImage { dry_run, .. }
            | Kubectl::Scale { dry_run, .. }
            | Kubectl::Patch { dry_run, .. }
            | Kubectl::Delete { dry_run, .. }
            | Kubectl::Cordon { dry_run, .. }
            | Kubectl::Drain { dry_run, .. } => *dry_run,
            _ => None,
        }
    }
}

impl fmt::Display for Argo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Argo::Get { name } => write_quoted(f, "kubectl argo rollouts get rollout ", name),
            Argo::List => write!(f, "kubectl argo rollouts list rollouts"),
            Argo::Status { name } => write_quoted(f, "kubectl argo rollouts status ", name),
            Argo::Promote { name, full } => {
                write_quoted(f, "kubectl argo rollouts promote ", name)?;
                f.write_str(if *full { " --full" } else { "" })
            }
            Argo::Abort { name } => write_quoted(f, "kubectl argo rollouts abort ", name),
            Argo::Undo { name, to_revision } => {
                write_quoted(f, "kubectl argo rollouts undo ", name)?;
                if let Some(r) = to_revision {
                    write!(f, " --to-revision={r}")?;
                }
                Ok(())
            }
            Argo::Retry { name } => write_quoted(f, "kubectl argo rollouts retry rollout ", name),
            Argo::Pause { name } => write_quoted(f, "kubectl argo rollouts pause ", name),
            Argo::SetImage { name, container, image } => {
                write_quoted(f, "kubectl argo rollouts set image ", name)?;
                write_quoted(f, " ", &format!("{container}={image}"))
            }
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Empty => Ok(()),
            Command::Kubectl { namespace, context, cmd } => {
                write!(f, "{cmd}")?;
                if let Some(n) = namespace {
                    write_quoted(f, " -n ", n)?;
                }
                if let Some(c) = context {
                    write_quoted(f, " --context=", c)?;
                }
                Ok(())
            }
            Command::Argo { namespace, cmd } => {
                write!(f, "{cmd}")?;
                if let Some(n) = namespace {
                    write_quoted(f, " -n ", n)?;
                }
                Ok(())
            }
            Command::Registry(r) => match r {
                Registry::Models => write!(f, "registry models"),
                Registry::Versions { model } => write_quoted(f, "registry versions ", model),
                Registry::SetAlias { model, alias, version } => {
                    write_quoted(f, "registry alias set ", model)?;
                    write_quoted(f, " ", alias)?;
                    write!(f, " {version}")
                }
                Registry::Tag { model, version, key, value } => {
                    write_quoted(f, "registry tag ", model)?;
                    write!(f, " {version}")?;
                    write_quoted(f, " ", &format!("{key}={value}"))
                }
            },
            Command::Serving(s) => match s {
                Serving::Status => write!(f, "serving status"),
                Serving::Reload => write!(f, "serving reload"),
            },
            Command::Db(d) => match d {
                Db::Status => write!(f, "db status"),
                Db::SnapshotCreate { name } => write_quoted(f, "db snapshot create ", name),
                Db::SnapshotList => write!(f, "db snapshot list"),
                Db::SnapshotRestore { name } => write_quoted(f, "db snapshot restore ", name),
                Db::StopWrites => write!(f, "db writes stop"),
                Db::ResumeWrites => write!(f, "db writes resume"),
                Db::Migrate { to } => write!(f, "db migrate {to}"),
            },
            Command::Traffic(t) => match t {
                Traffic::Show => write!(f, "traffic show"),
                Traffic::Switch { service, version } => {
                    write_quoted(f, "traffic switch ", service)?;
                    write_quoted(f, " ", version)
                }
                Traffic::Weight { rollout, percent } => {
                    write_quoted(f, "traffic weight ", rollout)?;
                    write!(f, " {percent}")
                }
            },
            Command::Metrics { version } => match version {
                Some(v) => write_quoted(f, "metrics ", v),
                None => write!(f, "metrics"),
            },
            Command::Alerts => write!(f, "alerts"),
            Command::Notify { team, message } => {
                write_quoted(f, "notify ", team)?;
                write_quoted(f, " ", message)
            }
            Command::Wait { seconds } => write!(f, "wait {}", super::super::duration::format_duration(*seconds)),
            Command::Help { topic } => {
                write!(f, "help")?;
                for t in topic {
                    write_quoted(f, " ", t)?;
                }
                Ok(())
            }
            Command::Helm(c) => write!(f, "{c}"),
            Command::Argocd(c) => write!(f, "{c}"),
            Command::Git(c) => write!(f, "{c}"),
        }
    }
}

impl Command {
    /// Whether the command only looks: it reads the system and changes nothing in it (a `get`,
    /// `describe`, `logs`, status, history, metrics, alerts, help). Notifying a team and waiting are
    /// not looks: one talks to people, the other lets time pass. The grader credits a diagnosis step
    /// only to looks made once the failure could be seen.
    pub fn is_look(&self) -> bool {
        match self {
            Command::Empty | Command::Metrics { .. } | Command::Alerts | Command::Help { .. } => true,
            Command::Notify { .. } | Command::Wait { .. } => false,
            // Exhaustive on purpose: a new kubectl command must be classified here.
            Command::Kubectl { cmd, .. } => match cmd {
                Kubectl::Get { .. } | Kubectl::Describe { .. } | Kubectl::Logs { .. } | Kubectl::Top { .. } | Kubectl::RolloutStatus { .. } | Kubectl::RolloutHistory { .. } => true,
                Kubectl::RolloutUndo { .. }
                | Kubectl::RolloutPause { .. }
                | Kubectl::RolloutResume { .. }
                | Kubectl::RolloutRestart { .. }
                | Kubectl::SetImage { .. }
                | Kubectl::Scale { .. }
                | Kubectl::Patch { .. }
                | Kubectl::Delete { .. }
                | Kubectl::Cordon { .. }
                | Kubectl::Drain { .. } => false,
            },
            Command::Argo { cmd, .. } => matches!(cmd, Argo::Get { .. } | Argo::List | Argo::Status { .. }),
            Command::Registry(r) => matches!(r, Registry::Models | Registry::Versions { .. }),
            Command::Serving(s) => matches!(s, Serving::Status),
            Command::Db(d) => matches!(d, Db::Status | Db::SnapshotList),
            Command::Traffic(t) => matches!(t, Traffic::Show),
            Command::Helm(c) => c.is_look(),
            Command::Argocd(c) => c.is_look(),
            Command::Git(c) => c.is_look(),
        }
    }
}
