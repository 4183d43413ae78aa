//! A [`Command`] as the JSON tree the grader's matchers compare ([`crate::sim::workflow::command_tree`]),
//! written out by hand.
//!
//! The tree is the one serde's derived `Serialize` makes with `serde_json::to_value` (externally
//! tagged: a unit variant is its name as a string, any other variant an object with one key, its
//! name; `None` is `null`; numbers as `u64`, a negative `--to-revision` as `i64`), except that a
//! `kubectl patch`'s patch is the JSON it holds when it holds JSON. Serde's version stays as the
//! reference of the tests below, which compare the two over generated commands of every variant;
//! the derive cost the incident build a serializer per type (16 KB raw) for one function. Objects
//! are built with the API objects' builder (`objects::Obj`), with a few more kinds of field here.

use serde_json::Value;

use super::argocd::{ArgocdCommand, SyncPolicy};
use super::command::{Argo, Command, Db, DryRun, Kubectl, OutputFormat, PatchType, Registry, ResourceKind, Serving, Target, TopKind, Traffic};
use super::git::GitCommand;
use super::helm::{HelmAction, Run};
use super::objects::{Obj, one};

/// The names of [`ResourceKind`]'s variants, in their order.
const KINDS: [&str; 13] = [
    "Pod",
    "Deployment",
    "ReplicaSet",
    "Event",
    "ConfigMap",
    "Service",
    "Node",
    "Rollout",
    "AnalysisRun",
    "PodDisruptionBudget",
    "StatefulSet",
    "ControllerRevision",
    "PersistentVolumeClaim",
];

/// A unit variant: its name.
fn unit(name: &str) -> Value {
    Value::String(name.to_owned())
}

fn kind(k: ResourceKind) -> Value {
    unit(KINDS[k as usize])
}

fn opt<T>(x: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    x.map_or(Value::Null, f)
}

/// The fields of commands, on the API objects' builder (`objects::Obj`).
impl Obj {
    fn os(self, key: &str, s: &Option<String>) -> Obj {
        self.v(key, opt(s.as_deref(), Value::from))
    }

    fn u(self, key: &str, n: u32) -> Obj {
        self.n(key, u64::from(n))
    }

    fn on(self, key: &str, n: Option<u32>) -> Obj {
        self.v(key, opt(n, Value::from))
    }

    fn ob(self, key: &str, b: Option<bool>) -> Obj {
        self.v(key, opt(b, Value::Bool))
    }

    fn name(self, name: &str) -> Obj {
        self.s("name", name)
    }

    fn target(self, t: &Target) -> Obj {
        self.v("target", target(t))
    }

    fn dry_run(self, d: Option<DryRun>) -> Obj {
        self.v("dry_run", opt(d, |d| unit(if d == DryRun::Client { "Client" } else { "Server" })))
    }

    /// The object as the data of the variant `name`: `{name: object}`.
    fn tag(self, name: &str) -> Value {
        one(name, self.end())
    }
}

fn target(t: &Target) -> Value {
    Obj::new().v("kind", kind(t.kind)).name(&t.name).end()
}

/// The tree of `cmd` (see the module docs).
pub fn tree(cmd: &Command) -> Value {
    match cmd {
        Command::Empty => unit("Empty"),
        Command::Kubectl { namespace, context, cmd } => Obj::new().os("namespace", namespace).os("context", context).v("cmd", kubectl(cmd)).tag("Kubectl"),
        Command::Argo { namespace, cmd } => Obj::new().os("namespace", namespace).v("cmd", argo(cmd)).tag("Argo"),
        Command::Registry(r) => one("Registry", registry(r)),
        Command::Serving(s) => one("Serving", unit(if *s == Serving::Status { "Status" } else { "Reload" })),
        Command::Db(d) => one("Db", db(d)),
        Command::Traffic(t) => one("Traffic", traffic(t)),
        Command::Metrics { version } => Obj::new().os("version", version).tag("Metrics"),
        Command::Alerts => unit("Alerts"),
        Command::Notify { team, message } => Obj::new().s("team", team).s("message", message).tag("Notify"),
        Command::Wait { seconds } => Obj::new().u("seconds", *seconds).tag("Wait"),
        Command::Help { topic } => Obj::new().v("topic", topic.iter().map(|t| Value::from(t.as_str())).collect()).tag("Help"),
        Command::Helm(h) => one("Helm", Obj::new().os("namespace", &h.namespace).v("action", helm(&h.action)).end()),
        Command::Argocd(a) => one("Argocd", argocd(a)),
        Command::Git(g) => one("Git", git(g)),
    }
}

fn kubectl(cmd: &Kubectl) -> Value {
    let f = Obj::new();
    match cmd {
        Kubectl::Get { kinds, name, output, selector, field_selector, sort_by, no_headers, all_namespaces, show_labels } => f
            .v("kinds", kinds.iter().map(|k| kind(*k)).collect())
            .os("name", name)
            .v("output", opt(output.as_ref(), output_format))
            .os("selector", selector)
            .os("field_selector", field_selector)
            .os("sort_by", sort_by)
            .b("no_headers", *no_headers)
            .b("all_namespaces", *all_namespaces)
            .b("show_labels", *show_labels)
            .tag("Get"),
        Kubectl::Describe { kind: k, name, selector } => f.v("kind", kind(*k)).os("name", name).os("selector", selector).tag("Describe"),
        Kubectl::Logs { target: t, selector, previous, since, tail } => {
            f.v("target", opt(t.as_ref(), target)).os("selector", selector).b("previous", *previous).on("since", *since).on("tail", *tail).tag("Logs")
        }
        Kubectl::Top { kind: k, name, selector } => {
            f.v("kind", unit(if *k == TopKind::Pods { "Pods" } else { "Nodes" })).os("name", name).os("selector", selector).tag("Top")
        }
        Kubectl::RolloutStatus { target: t } => f.target(t).tag("RolloutStatus"),
        Kubectl::RolloutHistory { target: t, revision } => f.target(t).on("revision", *revision).tag("RolloutHistory"),
        Kubectl::RolloutUndo { target: t, to_revision, dry_run } => {
            f.target(t).v("to_revision", opt(*to_revision, Value::from)).dry_run(*dry_run).tag("RolloutUndo")
        }
        Kubectl::RolloutPause { target: t } => f.target(t).tag("RolloutPause"),
        Kubectl::RolloutResume { target: t } => f.target(t).tag("RolloutResume"),
        Kubectl::RolloutRestart { target: t } => f.target(t).tag("RolloutRestart"),
        Kubectl::SetImage { target: t, container, image, dry_run } => f.target(t).s("container", container).s("image", image).dry_run(*dry_run).tag("SetImage"),
        Kubectl::Scale { target: t, replicas, dry_run } => f.target(t).u("replicas", *replicas).dry_run(*dry_run).tag("Scale"),
        Kubectl::Patch { target: t, patch, patch_type, dry_run } => f
            .target(t)
            // The patch as the JSON it holds, so that spellings of the same patch compare equal.
            .v("patch", serde_json::from_str(patch).unwrap_or_else(|_| Value::from(patch.as_str())))
            .v(
                "patch_type",
                opt(*patch_type, |p| {
                    unit(match p {
                        PatchType::Strategic => "Strategic",
                        PatchType::Merge => "Merge",
                        PatchType::Json => "Json",
                    })
                }),
            )
            .dry_run(*dry_run)
            .tag("Patch"),
        Kubectl::Delete { target: t, orphan, dry_run } => f.target(t).b("orphan", *orphan).dry_run(*dry_run).tag("Delete"),
        Kubectl::Cordon { node, unschedulable, dry_run } => f.s("node", node).b("unschedulable", *unschedulable).dry_run(*dry_run).tag("Cordon"),
        Kubectl::Drain { node, disable_eviction, dry_run } => f.s("node", node).b("disable_eviction", *disable_eviction).dry_run(*dry_run).tag("Drain"),
    }
}

fn output_format(o: &OutputFormat) -> Value {
    match o {
        OutputFormat::Wide => unit("Wide"),
        OutputFormat::Name => unit("Name"),
        OutputFormat::Yaml => unit("Yaml"),
        OutputFormat::Json => unit("Json"),
        OutputFormat::JsonPath(t) => one("JsonPath", Value::from(t.as_str())),
        OutputFormat::CustomColumns(c) => one("CustomColumns", Value::from(c.as_str())),
    }
}

fn argo(cmd: &Argo) -> Value {
    let f = Obj::new();
    match cmd {
        Argo::Get { name } => f.name(name).tag("Get"),
        Argo::List => unit("List"),
        Argo::Status { name } => f.name(name).tag("Status"),
        Argo::Promote { name, full } => f.name(name).b("full", *full).tag("Promote"),
        Argo::Abort { name } => f.name(name).tag("Abort"),
        Argo::Undo { name, to_revision } => f.name(name).on("to_revision", *to_revision).tag("Undo"),
        Argo::Retry { name } => f.name(name).tag("Retry"),
        Argo::Pause { name } => f.name(name).tag("Pause"),
        Argo::SetImage { name, container, image } => f.name(name).s("container", container).s("image", image).tag("SetImage"),
    }
}

fn registry(cmd: &Registry) -> Value {
    let f = Obj::new();
    match cmd {
        Registry::Models => unit("Models"),
        Registry::Versions { model } => f.s("model", model).tag("Versions"),
        Registry::SetAlias { model, alias, version } => f.s("model", model).s("alias", alias).u("version", *version).tag("SetAlias"),
        Registry::Tag { model, version, key, value } => f.s("model", model).u("version", *version).s("key", key).s("value", value).tag("Tag"),
    }
}

fn db(cmd: &Db) -> Value {
    match cmd {
        Db::Status => unit("Status"),
        Db::SnapshotCreate { name } => Obj::new().name(name).tag("SnapshotCreate"),
        Db::SnapshotList => unit("SnapshotList"),
        Db::SnapshotRestore { name } => Obj::new().name(name).tag("SnapshotRestore"),
        Db::StopWrites => unit("StopWrites"),
        Db::ResumeWrites => unit("ResumeWrites"),
        Db::Migrate { to } => Obj::new().u("to", *to).tag("Migrate"),
    }
}

fn traffic(cmd: &Traffic) -> Value {
    match cmd {
        Traffic::Show => unit("Show"),
        Traffic::Switch { service, version } => Obj::new().s("service", service).s("version", version).tag("Switch"),
        Traffic::Weight { rollout, percent } => Obj::new().s("rollout", rollout).u("percent", *percent).tag("Weight"),
    }
}

fn run(r: Run) -> Value {
    unit(if r == Run::Apply { "Apply" } else { "DryRun" })
}

fn helm(action: &HelmAction) -> Value {
    let f = Obj::new();
    match action {
        HelmAction::List { all, all_namespaces } => f.b("all", *all).b("all_namespaces", *all_namespaces).tag("List"),
        HelmAction::History { release, max } => f.s("release", release).on("max", *max).tag("History"),
        HelmAction::Status { release, revision, show_desc } => f.s("release", release).on("revision", *revision).b("show_desc", *show_desc).tag("Status"),
        HelmAction::GetValues { release, revision, all } => f.s("release", release).on("revision", *revision).b("all", *all).tag("GetValues"),
        HelmAction::Rollback { release, revision, run: r, wait, timeout } => {
            f.s("release", release).on("revision", *revision).v("run", run(*r)).b("wait", *wait).on("timeout", *timeout).tag("Rollback")
        }
        HelmAction::Uninstall { release, run: r } => f.s("release", release).v("run", run(*r)).tag("Uninstall"),
    }
}

fn argocd(cmd: &ArgocdCommand) -> Value {
    let f = Obj::new();
    match cmd {
        ArgocdCommand::List => unit("List"),
        ArgocdCommand::Get { app, refresh } => f.s("app", app).b("refresh", *refresh).tag("Get"),
        ArgocdCommand::History { app } => f.s("app", app).tag("History"),
        ArgocdCommand::Rollback { app, id } => f.s("app", app).on("id", *id).tag("Rollback"),
        ArgocdCommand::Set { app, sync_policy, self_heal, auto_prune } => f
            .s("app", app)
            .v("sync_policy", opt(*sync_policy, |p| unit(if p == SyncPolicy::None { "None" } else { "Automated" })))
            .ob("self_heal", *self_heal)
            .ob("auto_prune", *auto_prune)
            .tag("Set"),
        ArgocdCommand::Sync { app } => f.s("app", app).tag("Sync"),
    }
}

fn git(cmd: &GitCommand) -> Value {
    match cmd {
        GitCommand::Log { max } => Obj::new().on("max", *max).tag("Log"),
        GitCommand::Revert { rev } => Obj::new().s("rev", rev).tag("Revert"),
        GitCommand::Push => unit("Push"),
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::{Rng, SeedableRng};

    use super::super::argocd::{ArgocdCommand, SyncPolicy};
    use super::super::command::*;
    use super::super::git::GitCommand;
    use super::super::helm::{HelmAction, HelmCommand, Run};
    use super::*;

    /// The reference: serde's derived `Serialize`, and the patch parsed where it is JSON.
    fn serde_tree(cmd: &Command) -> Value {
        let mut v = serde_json::to_value(cmd).unwrap_or(Value::Null);
        if let Some(p) = v.pointer_mut("/Kubectl/cmd/Patch/patch")
            && let Some(parsed) = p.as_str().and_then(|t| serde_json::from_str::<Value>(t).ok())
        {
            *p = parsed;
        }
        v
    }

    /// Random values of every field type, with the awkward ones often.
    struct Gen(ChaCha8Rng);

    impl Gen {
        fn below(&mut self, n: u32) -> u32 {
            self.0.next_u32() % n
        }
        fn b(&mut self) -> bool {
            self.below(2) == 0
        }
        fn n(&mut self) -> u32 {
            [0, 1, 2, 7, 100, u32::MAX, self.0.next_u32()][self.below(7) as usize]
        }
        fn s(&mut self) -> String {
            let pool = [
                "",
                "myapp",
                "a b",
                "é日本",
                "\"",
                "\\",
                "{\"spec\":{\"replicas\":2}}",
                "{ \"data\": { \"A\": \"1\" } }",
                "[{\"op\":\"replace\",\"path\":\"/x\",\"value\":1}]",
                "not json",
                "3",
                "null",
                "true",
                "{\"a\":",
                "*",
            ];
            if self.below(4) == 0 {
                (0..self.below(12)).map(|_| char::from_u32(self.below(0x3000)).unwrap_or('?')).collect()
            } else {
                pool[self.below(pool.len() as u32) as usize].to_string()
            }
        }
        fn opt<T>(&mut self, f: impl FnOnce(&mut Gen) -> T) -> Option<T> {
            if self.b() { Some(f(self)) } else { None }
        }
        fn os(&mut self) -> Option<String> {
            self.opt(Gen::s)
        }
        fn on(&mut self) -> Option<u32> {
            self.opt(Gen::n)
        }
        fn kind(&mut self) -> ResourceKind {
            ResourceKind::ALL[self.below(13) as usize]
        }
        fn target(&mut self) -> Target {
            Target { kind: self.kind(), name: self.s() }
        }
        fn dry(&mut self) -> Option<DryRun> {
            [None, Some(DryRun::Client), Some(DryRun::Server)][self.below(3) as usize]
        }
        fn run(&mut self) -> Run {
            if self.b() { Run::Apply } else { Run::DryRun }
        }

        fn kubectl(&mut self) -> Kubectl {
            match self.below(16) {
                0 => Kubectl::Get {
                    kinds: (0..self.below(4)).map(|_| self.kind()).collect(),
                    name: self.os(),
                    output: self.opt(|g| match g.below(6) {
                        0 => OutputFormat::Wide,
                        1 => OutputFormat::Name,
                        2 => OutputFormat::Yaml,
                        3 => OutputFormat::Json,
                        4 => OutputFormat::JsonPath(g.s()),
                        _ => OutputFormat::CustomColumns(g.s()),
                    }),
                    selector: self.os(),
                    field_selector: self.os(),
                    sort_by: self.os(),
                    no_headers: self.b(),
                    all_namespaces: self.b(),
                    show_labels: self.b(),
                },
                1 => Kubectl::Describe { kind: self.kind(), name: self.os(), selector: self.os() },
                2 => Kubectl::Logs { target: self.opt(Gen::target), selector: self.os(), previous: self.b(), since: self.on(), tail: self.on() },
                3 => Kubectl::Top { kind: if self.b() { TopKind::Pods } else { TopKind::Nodes }, name: self.os(), selector: self.os() },
                4 => Kubectl::RolloutStatus { target: self.target() },
                5 => Kubectl::RolloutHistory { target: self.target(), revision: self.on() },
                6 => Kubectl::RolloutUndo {
                    target: self.target(),
                    to_revision: self.opt(|g| [-1, 0, 2, i64::MIN, i64::MAX, g.0.next_u64() as i64][g.below(6) as usize]),
                    dry_run: self.dry(),
                },
                7 => Kubectl::RolloutPause { target: self.target() },
                8 => Kubectl::RolloutResume { target: self.target() },
                9 => Kubectl::RolloutRestart { target: self.target() },
                10 => Kubectl::SetImage { target: self.target(), container: self.s(), image: self.s(), dry_run: self.dry() },
                11 => Kubectl::Scale { target: self.target(), replicas: self.n(), dry_run: self.dry() },
                12 => Kubectl::Patch {
                    target: self.target(),
                    patch: self.s(),
                    patch_type: [None, Some(PatchType::Strategic), Some(PatchType::Merge), Some(PatchType::Json)][self.below(4) as usize],
                    dry_run: self.dry(),
                },
                13 => Kubectl::Delete { target: self.target(), orphan: self.b(), dry_run: self.dry() },
                14 => Kubectl::Cordon { node: self.s(), unschedulable: self.b(), dry_run: self.dry() },
                _ => Kubectl::Drain { node: self.s(), disable_eviction: self.b(), dry_run: self.dry() },
            }
        }

        fn command(&mut self) -> Command {
            match self.below(15) {
                0 => Command::Empty,
                1 => Command::Kubectl { namespace: self.os(), context: self.os(), cmd: self.kubectl() },
                2 => Command::Argo {
                    namespace: self.os(),
                    cmd: match self.below(9) {
                        0 => Argo::Get { name: self.s() },
                        1 => Argo::List,
                        2 => Argo::Status { name: self.s() },
                        3 => Argo::Promote { name: self.s(), full: self.b() },
                        4 => Argo::Abort { name: self.s() },
                        5 => Argo::Undo { name: self.s(), to_revision: self.on() },
                        6 => Argo::Retry { name: self.s() },
                        7 => Argo::Pause { name: self.s() },
                        _ => Argo::SetImage { name: self.s(), container: self.s(), image: self.s() },
                    },
                },
                3 => Command::Registry(match self.below(4) {
                    0 => Registry::Models,
                    1 => Registry::Versions { model: self.s() },
                    2 => Registry::SetAlias { model: self.s(), alias: self.s(), version: self.n() },
                    _ => Registry::Tag { model: self.s(), version: self.n(), key: self.s(), value: self.s() },
                }),
                4 => Command::Serving(if self.b() { Serving::Status } else { Serving::Reload }),
                5 => Command::Db(match self.below(7) {
                    0 => Db::Status,
                    1 => Db::SnapshotCreate { name: self.s() },
                    2 => Db::SnapshotList,
                    3 => Db::SnapshotRestore { name: self.s() },
                    4 => Db::StopWrites,
                    5 => Db::ResumeWrites,
                    _ => Db::Migrate { to: self.n() },
                }),
                6 => Command::Traffic(match self.below(3) {
                    0 => Traffic::Show,
                    1 => Traffic::Switch { service: self.s(), version: self.s() },
                    _ => Traffic::Weight { rollout: self.s(), percent: self.n() },
                }),
                7 => Command::Metrics { version: self.os() },
                8 => Command::Alerts,
                9 => Command::Notify { team: self.s(), message: self.s() },
                10 => Command::Wait { seconds: self.n() },
                11 => Command::Help { topic: (0..self.below(4)).map(|_| self.s()).collect() },
                12 => Command::Helm(HelmCommand {
                    namespace: self.os(),
                    action: match self.below(6) {
                        0 => HelmAction::List { all: self.b(), all_namespaces: self.b() },
                        1 => HelmAction::History { release: self.s(), max: self.on() },
                        2 => HelmAction::Status { release: self.s(), revision: self.on(), show_desc: self.b() },
                        3 => HelmAction::GetValues { release: self.s(), revision: self.on(), all: self.b() },
                        4 => HelmAction::Rollback { release: self.s(), revision: self.on(), run: self.run(), wait: self.b(), timeout: self.on() },
                        _ => HelmAction::Uninstall { release: self.s(), run: self.run() },
                    },
                }),
                13 => Command::Argocd(match self.below(6) {
                    0 => ArgocdCommand::List,
                    1 => ArgocdCommand::Get { app: self.s(), refresh: self.b() },
                    2 => ArgocdCommand::History { app: self.s() },
                    3 => ArgocdCommand::Rollback { app: self.s(), id: self.on() },
                    4 => ArgocdCommand::Set {
                        app: self.s(),
                        sync_policy: [None, Some(SyncPolicy::None), Some(SyncPolicy::Automated)][self.below(3) as usize],
                        self_heal: self.opt(Gen::b),
                        auto_prune: self.opt(Gen::b),
                    },
                    _ => ArgocdCommand::Sync { app: self.s() },
                }),
                _ => Command::Git(match self.below(3) {
                    0 => GitCommand::Log { max: self.on() },
                    1 => GitCommand::Revert { rev: self.s() },
                    _ => GitCommand::Push,
                }),
            }
        }
    }

    #[test]
    fn the_tree_is_serdes_over_generated_commands_of_every_variant() {
        let mut g = Gen(ChaCha8Rng::seed_from_u64(11));
        let mut variants = std::collections::BTreeSet::new();
        for _ in 0..50_000 {
            let cmd = g.command();
            let reference = serde_tree(&cmd);
            assert_eq!(tree(&cmd), reference, "{cmd:?}");
            // The variant and, for kubectl, its subcommand: every one must have come up.
            let name = |v: &Value| match v {
                Value::String(s) => s.clone(),
                Value::Object(m) => m.keys().next().cloned().unwrap_or_default(),
                _ => String::new(),
            };
            let inner = reference.as_object().and_then(|m| m.values().next()).cloned().unwrap_or(Value::Null);
            let sub = inner.get("cmd").or(inner.get("action")).unwrap_or(&inner);
            variants.insert(format!("{}/{}", name(&reference), name(sub)));
        }
        // Empty and Alerts, 16 kubectl, 9 argo, 4 registry, 2 serving, 7 db, 3 traffic, Metrics, Notify, Wait
        // and Help, 6 helm, 6 argocd, 3 git.
        assert_eq!(variants.len(), 2 + 16 + 9 + 4 + 2 + 7 + 3 + 4 + 6 + 6 + 3, "{variants:?}");
    }

    #[test]
    fn the_tree_is_serdes_for_every_resource_kind_and_parsed_lines() {
        for k in ResourceKind::ALL {
            let cmd = Command::Kubectl { namespace: None, context: None, cmd: Kubectl::RolloutStatus { target: Target { kind: k, name: "x".into() } } };
            assert_eq!(tree(&cmd), serde_tree(&cmd));
        }
        for line in [
            "kubectl rollout undo deploy/checkout --to-revision=-3 --dry-run=server",
            "kubectl patch cm app-config -p '{\"data\":{\"A\":\"1\"}}' --type merge",
            "kubectl patch deploy myapp -p 'not json'",
            "kubectl get pods,deploy -o jsonpath={.items[*].metadata.name} -l app=myapp -A --no-headers",
            "helm rollback checkout 2 --dry-run --wait --timeout 5m -n prod",
            "argocd app set catalog --sync-policy automated --self-heal=false",
            "git log --oneline -n 3",
            "help kubectl rollout",
        ] {
            let cmd = crate::sim::parse(line).unwrap();
            assert_eq!(tree(&cmd), serde_tree(&cmd), "{line}");
        }
    }
}
