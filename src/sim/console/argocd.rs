//! `argocd app …` (the Argo CD CLI): its grammar, and its commands against the simulated
//! Application.
//!
//! Architecture invariant: layouts and messages are the CLI's and the API server's own (the
//! `%-20s%s` summary of `app get`, the tab-aligned resource and history tables, `rollback cannot be
//! initiated when auto-sync is enabled`, …; each string is listed with its source file in
//! docs/console-fidelity.md). Errors are printed as the CLI's logger prints a fatal error on a
//! terminal (`FATA[0000] …`). `sync` and `rollback` print the final status the CLI prints once
//! the operation has completed (the real CLI also streams resource updates while it waits; the
//! simulated operation completes at once, so there is nothing to stream).

use std::fmt::Write as _;
use std::fmt;

use serde::Serialize;

use super::cobra::{self, Flag, switch, value};
use super::parse::{ParseError, err, write_quoted};
use super::table::columns;
use crate::sim::calendar;
use crate::sim::gitops::{GitOps, SyncStatus};
use crate::sim::simulator::{Output, Sim};

/// The sync policy `argocd app set --sync-policy` sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum SyncPolicy {
    /// `none` / `manual`: automated sync off.
    None,
    /// `automated` / `auto` / `automatic`.
    Automated,
}

/// An `argocd app` subcommand.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ArgocdCommand {
    /// `argocd app list`
    List,
    /// `argocd app get APP [--refresh]`
    Get { app: String, refresh: bool },
    /// `argocd app history APP`
    History { app: String },
    /// `argocd app rollback APP [ID]`
    Rollback { app: String, id: Option<u32> },
    /// `argocd app set APP [--sync-policy P] [--self-heal[=B]] [--auto-prune[=B]]`
    Set { app: String, sync_policy: Option<SyncPolicy>, self_heal: Option<bool>, auto_prune: Option<bool> },
    /// `argocd app sync APP`
    Sync { app: String },
}

/// `argocd app` subcommands the console knows.
pub const ARGOCD_APP_SUBCOMMANDS: [&str; 6] = ["list", "get", "history", "rollback", "set", "sync"];

impl ArgocdCommand {
    /// Whether the command only looks (changes nothing): `list`, `get` and `history`.
    pub fn is_look(&self) -> bool {
        matches!(self, ArgocdCommand::List | ArgocdCommand::Get { .. } | ArgocdCommand::History { .. })
    }
}

impl fmt::Display for ArgocdCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgocdCommand::List => write!(f, "argocd app list"),
            ArgocdCommand::Get { app, refresh } => {
                write_quoted(f, "argocd app get ", app)?;
                f.write_str(if *refresh { " --refresh" } else { "" })
            }
            ArgocdCommand::History { app } => write_quoted(f, "argocd app history ", app),
            ArgocdCommand::Rollback { app, id } => {
                write_quoted(f, "argocd app rollback ", app)?;
                if let Some(i) = id {
                    write!(f, " {i}")?;
                }
                Ok(())
            }
            ArgocdCommand::Set { app, sync_policy, self_heal, auto_prune } => {
                write_quoted(f, "argocd app set ", app)?;
                match sync_policy {
                    Some(SyncPolicy::None) => write!(f, " --sync-policy none")?,
                    Some(SyncPolicy::Automated) => write!(f, " --sync-policy automated")?,
                    None => {}
                }
                if let Some(h) = self_heal {
                    write!(f, " --self-heal={h}")?;
                }
                if let Some(p) = auto_prune {
                    write!(f, " --auto-prune={p}")?;
                }
                Ok(())
            }
            ArgocdCommand::Sync { app } => write_quoted(f, "argocd app sync ", app),
        }
    }
}

fn usage(sub: &str, use_line: &str) -> ParseError {
    // argocd prints the command's whole help here and exits 1; the console keeps its usage line.
    ParseError { message: format!("Usage:\n  argocd app {sub} {use_line} [flags]") }
}

/// An Application name; one that cannot exist (it would start with `-`, after `--`) gets the
/// server's NotFound answer here.
fn app_name(x: &str) -> Result<String, ParseError> {
    if x.starts_with('-') { err(format!("FATA[0000] {}", crate::sim::gitops::not_found(&cobra::clean(x)))) } else { Ok(x.to_string()) }
}

/// Parses the words after `argocd`.
pub fn parse_argocd(words: &[String]) -> Result<super::Command, ParseError> {
    let Some((group, rest)) = words.split_first() else {
        return Ok(super::Command::Help { topic: vec!["argocd".to_string()] });
    };
    if group != "app" && group != "apps" && group != "application" {
        if group == "help" || group == "--help" || group == "-h" {
            return Ok(super::Command::Help { topic: vec!["argocd".to_string()] });
        }
        return err(cobra::unknown_command(group, "argocd", ["app"]));
    }
    let Some((sub, rest)) = rest.split_first() else {
        return Ok(super::Command::Help { topic: vec!["argocd".to_string()] });
    };
    let split = |specs: &[Flag]| -> Result<cobra::Args, ParseError> {
        cobra::split(rest, specs).map_err(|e| ParseError { message: format!("Error: {e}") })
    };
    let one = |a: &cobra::Args, use_line: &str| -> Result<String, ParseError> {
        match a.pos.as_slice() {
            [x] => app_name(x),
            _ => Err(usage(sub, use_line)),
        }
    };
    let cmd = match sub.as_str() {
        "list" | "ls" => {
            let a = split(&[])?;
            if let Some(x) = a.pos.first() {
                return err(format!("the console's argocd app list takes no arguments, got {:?}", cobra::clean(x)));
            }
            ArgocdCommand::List
        }
        "get" => {
            let a = split(&[switch("refresh", None), switch("hard-refresh", None)])?;
            let refresh = a.on("refresh") || a.on("hard-refresh");
            ArgocdCommand::Get { app: one(&a, "APPNAME")?, refresh }
        }
        "history" => {
            let a = split(&[])?;
            ArgocdCommand::History { app: one(&a, "APPNAME")? }
        }
        "rollback" => {
            let a = split(&[switch("prune", None), value("timeout", None)])?;
            match a.pos.as_slice() {
                [app] => ArgocdCommand::Rollback { app: app_name(app)?, id: None },
                [app, id, ..] => match id.parse::<u32>() {
                    Ok(n) => ArgocdCommand::Rollback { app: app_name(app)?, id: Some(n) },
                    Err(_) => return err(format!("FATA[0000] strconv.Atoi: parsing \"{}\": invalid syntax", cobra::clean(id))),
                },
                [] => return Err(usage(sub, "APPNAME [ID]")),
            }
        }
        "set" => {
            let a = split(&[value("sync-policy", None), switch("self-heal", None), switch("auto-prune", None)])?;
            let app = one(&a, "APPNAME")?;
            let sync_policy = match a.get("sync-policy") {
                None => None,
                Some("none" | "manual") => Some(SyncPolicy::None),
                Some("automated" | "automatic" | "auto") => Some(SyncPolicy::Automated),
                Some(other) => return err(format!("FATA[0000] Invalid sync-policy: {}", cobra::clean(other))),
            };
            let flag = |n: &str| a.given(n).then(|| a.on(n));
            let (self_heal, auto_prune) = (flag("self-heal"), flag("auto-prune"));
            if sync_policy.is_none() && self_heal.is_none() && auto_prune.is_none() {
                return err("the console's argocd app set changes --sync-policy, --self-heal and --auto-prune");
            }
            ArgocdCommand::Set { app, sync_policy, self_heal, auto_prune }
        }
        "sync" => {
            let a = split(&[switch("prune", None), value("timeout", None)])?;
            ArgocdCommand::Sync { app: one(&a, "[APPNAME... | -l selector | --project project-name]")? }
        }
        "help" | "--help" | "-h" => return Ok(super::Command::Help { topic: vec!["argocd".to_string()] }),
        other => {
            return err(cobra::unknown_command(other, "argocd app", ARGOCD_APP_SUBCOMMANDS.iter().copied()));
        }
    };
    Ok(super::Command::Argocd(cmd))
}

const FMT_WIDTH: usize = 20;

fn line(out: &mut String, key: &str, val: &str) {
    let _ = writeln!(out, "{key:<FMT_WIDTH$}{val}");
}

/// The summary `argocd app get` prints (`printAppSummaryTable`).
fn summary(sim: &Sim, g: &GitOps) -> String {
    let app = &g.app;
    let mut s = String::new();
    line(&mut s, "Name:", &format!("argocd/{}", app.name));
    line(&mut s, "Project:", &app.project);
    line(&mut s, "Server:", "https://kubernetes.default.svc");
    line(&mut s, "Namespace:", &app.namespace);
    line(&mut s, "URL:", &format!("https://argocd.example.com/applications/{}", app.name));
    s.push_str("Source:\n");
    line(&mut s, "- Repo:", &g.repo.url);
    line(&mut s, "  Target:", "HEAD");
    line(&mut s, "  Path:", &app.path);
    line(&mut s, "SyncWindow:", "Sync Allowed");
    let policy = match (app.automated, app.prune) {
        (true, true) => "Automated (Prune)",
        (true, false) => "Automated",
        (false, _) => "Manual",
    };
    line(&mut s, "Sync Policy:", policy);
    let short = app.seen_head.get(..7).unwrap_or(&app.seen_head);
    let status = match sim.argocd_sync_status() {
        SyncStatus::Synced => format!("Synced to HEAD ({short})"),
        SyncStatus::OutOfSync => format!("OutOfSync from HEAD ({short})"),
    };
    line(&mut s, "Sync Status:", &status);
    line(&mut s, "Health Status:", sim.argocd_health().as_str());
    s
}

/// The resource table (`printAppResources`): tabwriter, padding 2.
fn resources(sim: &Sim, g: &GitOps) -> String {
    let name = &sim.scenario().app.name;
    let ns = &g.app.namespace;
    let sync = sim.argocd_sync_status().as_str();
    let rows = vec![
        ["GROUP", "KIND", "NAMESPACE", "NAME", "STATUS", "HEALTH", "HOOK", "MESSAGE"].map(str::to_string).to_vec(),
        vec![String::new(), "Service".into(), ns.clone(), name.clone(), "Synced".into(), "Healthy".into(), String::new(), format!("service/{name} unchanged")],
        vec![
            "apps".into(),
            "Deployment".into(),
            ns.clone(),
            name.clone(),
            sync.to_string(),
            sim.argocd_health().as_str().to_string(),
            String::new(),
            format!("deployment.apps/{name} configured"),
        ],
    ];
    columns(&rows, 2, 0)
}

/// What `sync` and `rollback` print once the operation has completed (`printFinalStatus`).
fn final_status(sim: &Sim, g: &GitOps) -> String {
    let mut s = String::from("\n");
    s.push_str(&summary(sim, g));
    s.push('\n');
    if let Some(op) = &g.app.operation {
        line(&mut s, "Operation:", "Sync");
        line(&mut s, "Sync Revision:", &op.sha);
        line(&mut s, "Phase:", "Succeeded");
        line(&mut s, "Start:", &calendar::go_string(op.at, 0));
        line(&mut s, "Finished:", &calendar::go_string(op.at, 0));
        line(&mut s, "Duration:", "0s");
        line(&mut s, "Message:", "successfully synced (all tasks run)");
    }
    s.push('\n');
    s.push_str(&resources(sim, g));
    s
}

/// `argocd app list` (default output `wide`): tabwriter, padding 2 (`printApplicationTable`).
fn app_list(sim: &Sim) -> String {
    let mut rows = vec![["NAME", "CLUSTER", "NAMESPACE", "PROJECT", "STATUS", "HEALTH", "SYNCPOLICY", "CONDITIONS", "REPO", "PATH", "TARGET"]
        .map(str::to_string)
        .to_vec()];
    if let Some(g) = sim.gitops() {
        let policy = match (g.app.automated, g.app.prune) {
            (true, true) => "Auto-Prune",
            (true, false) => "Auto",
            (false, _) => "Manual",
        };
        rows.push(vec![
            format!("argocd/{}", g.app.name),
            "https://kubernetes.default.svc".to_string(),
            g.app.namespace.clone(),
            g.app.project.clone(),
            sim.argocd_sync_status().as_str().to_string(),
            sim.argocd_health().as_str().to_string(),
            policy.to_string(),
            "<none>".to_string(),
            g.repo.url.clone(),
            g.app.path.clone(),
            "HEAD".to_string(),
        ]);
    }
    columns(&rows, 2, 0)
}

fn fatal(msg: &str) -> Output {
    Output::err(format!("FATA[0000] {msg}"))
}

/// Runs an `argocd app` command.
pub fn exec_argocd(sim: &mut Sim, cmd: &ArgocdCommand) -> Output {
    let app_name = match cmd {
        ArgocdCommand::List => return Output::ok(app_list(sim)),
        ArgocdCommand::Get { app, .. } | ArgocdCommand::History { app } | ArgocdCommand::Rollback { app, .. } | ArgocdCommand::Set { app, .. } | ArgocdCommand::Sync { app } => app,
    };
    if sim.gitops().is_none_or(|g| &g.app.name != app_name) {
        return fatal(&crate::sim::gitops::not_found(app_name));
    }
    match cmd {
        ArgocdCommand::List => Output::ok(app_list(sim)),
        ArgocdCommand::Get { app, refresh } => {
            if *refresh {
                sim.argocd_refresh(app);
            }
            let Some(g) = sim.gitops() else { return fatal("no application") };
            Output::ok(format!("{}\n{}", summary(sim, g), resources(sim, g)))
        }
        ArgocdCommand::History { .. } => {
            let Some(g) = sim.gitops() else { return fatal("no application") };
            let mut rows = vec![vec!["SOURCE".to_string(), g.repo.url.clone()], vec!["ID".into(), "DATE".into(), "REVISION".into()]];
            for h in &g.app.history {
                rows.push(vec![h.id.to_string(), calendar::go_string(h.deployed_at, 0), format!("HEAD ({})", h.sha.get(..7).unwrap_or(&h.sha))]);
            }
            Output::ok(columns(&rows, 2, 0))
        }
        ArgocdCommand::Rollback { app, id } => match sim.argocd_rollback(app, *id) {
            Err(e) => fatal(&e),
            Ok(_) => match sim.gitops() {
                Some(g) => Output::ok(final_status(sim, g)),
                None => fatal("no application"),
            },
        },
        ArgocdCommand::Set { app, sync_policy, self_heal, auto_prune } => {
            let automated = sync_policy.map(|p| p == SyncPolicy::Automated);
            match sim.argocd_set_policy(app, automated, *self_heal, *auto_prune) {
                Ok(()) => Output::ok(""),
                Err(e) => fatal(&e),
            }
        }
        ArgocdCommand::Sync { app } => match sim.argocd_sync(app) {
            Err(e) => fatal(&e),
            Ok(()) => match sim.gitops() {
                Some(g) => Output::ok(final_status(sim, g)),
                None => fatal("no application"),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Scenario;

    fn sim() -> Sim {
        let sc = Scenario::from_json(
            r#"{"id":"t","title":"T",
            "app":{"name":"catalog","strategy":"rolling","image":"reg/catalog","version":"v3","previous_versions":["v2"],"replicas":3},
            "update":{"at":"10s","version":"v4"},
            "argocd":{"app":"catalog","repo_url":"https://git.example.com/platform/deploy.git","path":"apps/catalog",
                      "poll_interval":"1m","update_commit":"catalog: v4",
                      "commits":[{"message":"catalog: v2","version":"v2"},{"message":"catalog: v3","version":"v3"}]}}"#,
        )
        .unwrap();
        let mut s = Sim::new(&sc, 1);
        s.run_until(90);
        s
    }

    #[test]
    fn get_prints_the_summary_and_resources() {
        let mut s = sim();
        let head = s.gitops().unwrap().app.seen_head.get(..7).unwrap().to_string();
        let out = s.exec("argocd app get catalog");
        assert!(!out.is_error);
        let want = format!(
            "Name:               argocd/catalog\n\
             Project:            default\n\
             Server:             https://kubernetes.default.svc\n\
             Namespace:          default\n\
             URL:                https://argocd.example.com/applications/catalog\n\
             Source:\n\
             - Repo:             https://git.example.com/platform/deploy.git\n  \
             Target:           HEAD\n  \
             Path:             apps/catalog\n\
             SyncWindow:         Sync Allowed\n\
             Sync Policy:        Automated (Prune)\n\
             Sync Status:        Synced to HEAD ({head})\n\
             Health Status:      Healthy\n\
             \n\
             GROUP  KIND        NAMESPACE  NAME     STATUS  HEALTH   HOOK  MESSAGE\n       \
             Service     default    catalog  Synced  Healthy        service/catalog unchanged\n\
             apps   Deployment  default    catalog  Synced  Healthy        deployment.apps/catalog configured"
        );
        assert_eq!(out.text, want);
    }

    #[test]
    fn list_is_the_wide_table() {
        let mut s = sim();
        let out = s.exec("argocd app list").text;
        assert_eq!(
            out,
            "NAME            CLUSTER                         NAMESPACE  PROJECT  STATUS  HEALTH   SYNCPOLICY  CONDITIONS  REPO                                         PATH          TARGET\n\
             argocd/catalog  https://kubernetes.default.svc  default    default  Synced  Healthy  Auto-Prune  <none>      https://git.example.com/platform/deploy.git  apps/catalog  HEAD"
        );
        s.exec("argocd app set catalog --sync-policy none");
        assert!(s.exec("argocd app ls").text.contains("  Manual  "));
    }

    #[test]
    fn history_lists_every_sync() {
        let mut s = sim();
        let out = s.exec("argocd app history catalog").text;
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "SOURCE  https://git.example.com/platform/deploy.git");
        assert_eq!(lines[1], "ID      DATE                           REVISION");
        assert!(lines[4].starts_with("2       2026-03-10 09:00:10 +0000 UTC  HEAD ("), "{}", lines[4]);
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn rollback_refused_then_allowed() {
        let mut s = sim();
        let out = s.exec("argocd app rollback catalog 1");
        assert_eq!(out, Output::err("FATA[0000] rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled"));
        assert_eq!(s.exec("argocd app set catalog --sync-policy none"), Output::ok(""));
        let out = s.exec("argocd app rollback catalog 1");
        assert!(!out.is_error, "{}", out.text);
        assert!(out.text.contains("\nSync Policy:        Manual\n"), "{}", out.text);
        assert!(out.text.contains("\nSync Status:        OutOfSync from HEAD ("), "{}", out.text);
        assert!(out.text.contains("\nMessage:            successfully synced (all tasks run)\n"), "{}", out.text);
        assert_eq!(s.version_name(s.current_template_vid()), "v3");
    }

    #[test]
    fn errors_are_the_clis() {
        let mut s = sim();
        for (line, want) in [
            ("argocd app get nope", "FATA[0000] rpc error: code = NotFound desc = applications.argoproj.io \"nope\" not found"),
            ("argocd app rollback catalog 9", "FATA[0000] application 'catalog' does not have deployment id '9' in history"),
            ("argocd app rollback catalog x", "FATA[0000] strconv.Atoi: parsing \"x\": invalid syntax"),
            ("argocd app set catalog --sync-policy sometimes", "FATA[0000] Invalid sync-policy: sometimes"),
            ("argocd app rollbak catalog", "Error: unknown command \"rollbak\" for \"argocd app\"\n\nDid you mean this?\n\trollback\n\nRun 'argocd app --help' for usage."),
            ("argocd app sync catalog --foo", "Error: unknown flag: --foo"),
        ] {
            let out = s.exec(line);
            assert!(out.is_error, "{line}");
            assert_eq!(out.text, want, "{line}");
        }
    }

    #[test]
    fn canonical_lines_parse_back() {
        for line in [
            "argocd app list",
            "argocd app get catalog",
            "argocd app get catalog --refresh",
            "argocd app history catalog",
            "argocd app rollback catalog 1",
            "argocd app set catalog --sync-policy none",
            "argocd app set catalog --sync-policy automated --self-heal=true",
            "argocd app sync catalog",
        ] {
            let c = crate::sim::parse(line).unwrap();
            assert_eq!(c.to_string(), line);
        }
        assert_eq!(crate::sim::parse("argocd app set catalog --sync-policy manual"), crate::sim::parse("argocd app set catalog --sync-policy none"));
        assert_eq!(crate::sim::parse("argocd app rollback").unwrap_err().message, "Usage:\n  argocd app rollback APPNAME [ID] [flags]");
    }

    #[test]
    fn looks_are_get_and_history() {
        let look = |l: &str| match crate::sim::parse(l).unwrap() {
            crate::sim::Command::Argocd(c) => c.is_look(),
            other => panic!("{other:?}"),
        };
        assert!(look("argocd app get catalog") && look("argocd app history catalog"));
        assert!(!look("argocd app sync catalog") && !look("argocd app rollback catalog") && !look("argocd app set catalog --sync-policy none"));
    }
}
