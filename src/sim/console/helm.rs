//! `helm` (v3): its grammar, its commands and their output against the simulated release.
//!
//! Architecture invariant: output and errors are Helm's own (table columns of `list` and
//! `history`, `Rollback was a success! Happy Helming!`, `Error: release: not found`, …; each string
//! is listed with its source file in docs/console-fidelity.md). Tables are laid out like the
//! `uitable` package Helm uses: every cell padded to its column's width, columns joined by a tab.
//! A dry run prints what the real one prints and changes nothing.

use std::fmt::Write as _;
use std::fmt;

use serde::Serialize;

use super::cobra::{self, Flag, switch, value};
use super::parse::{ParseError, write_quoted};
use crate::sim::calendar;
use crate::sim::helm::{HelmRelease, HelmRevision, HelmStatus};
use crate::sim::simulator::{Output, Sim};

/// Whether a command acts or only shows what it would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Run {
    /// It acts.
    Apply,
    /// `--dry-run`: it checks and prints, and changes nothing. (A string in the grader's tree, so
    /// a matcher for the real command never matches a dry run.)
    DryRun,
}

/// A `helm` subcommand.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum HelmAction {
    /// `helm list [-a] [-A]`
    List { all: bool, all_namespaces: bool },
    /// `helm history RELEASE [--max N]`
    History { release: String, max: Option<u32> },
    /// `helm status RELEASE [--revision N] [--show-desc]`
    Status { release: String, revision: Option<u32>, show_desc: bool },
    /// `helm get values RELEASE [--revision N] [-a]`
    GetValues { release: String, revision: Option<u32>, all: bool },
    /// `helm rollback RELEASE [REVISION] [--dry-run] [--wait] [--timeout D]`
    Rollback { release: String, revision: Option<u32>, run: Run, wait: bool, timeout: Option<u32> },
    /// `helm uninstall RELEASE [--dry-run]`
    Uninstall { release: String, run: Run },
}

/// A `helm` command line: the subcommand and the `-n` namespace if given.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct HelmCommand {
    /// `-n NAMESPACE`.
    pub namespace: Option<String>,
    /// The subcommand.
    pub action: HelmAction,
}

/// `helm` subcommands the console knows (completion and suggestions).
pub const HELM_SUBCOMMANDS: [&str; 6] = ["list", "history", "status", "get", "rollback", "uninstall"];

impl HelmCommand {
    /// Whether the command only looks (changes nothing): list, history, status, get values, and
    /// any dry run.
    pub fn is_look(&self) -> bool {
        match &self.action {
            HelmAction::List { .. } | HelmAction::History { .. } | HelmAction::Status { .. } | HelmAction::GetValues { .. } => true,
            HelmAction::Rollback { run, .. } | HelmAction::Uninstall { run, .. } => *run == Run::DryRun,
        }
    }
}

impl fmt::Display for HelmCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.action {
            HelmAction::List { all, all_namespaces } => {
                write!(f, "helm list")?;
                if *all {
                    write!(f, " --all")?;
                }
                if *all_namespaces {
                    write!(f, " --all-namespaces")?;
                }
            }
            HelmAction::History { release, max } => {
                write_quoted(f, "helm history ", release)?;
                if let Some(m) = max {
                    write!(f, " --max={m}")?;
                }
            }
            HelmAction::Status { release, revision, show_desc } => {
                write_quoted(f, "helm status ", release)?;
                if let Some(r) = revision {
                    write!(f, " --revision={r}")?;
                }
                if *show_desc {
                    write!(f, " --show-desc")?;
                }
            }
            HelmAction::GetValues { release, revision, all } => {
                write_quoted(f, "helm get values ", release)?;
                if let Some(r) = revision {
                    write!(f, " --revision={r}")?;
                }
                if *all {
                    write!(f, " --all")?;
                }
            }
            HelmAction::Rollback { release, revision, run, wait, timeout } => {
                write_quoted(f, "helm rollback ", release)?;
                if let Some(r) = revision {
                    write!(f, " {r}")?;
                }
                if *run == Run::DryRun {
                    write!(f, " --dry-run")?;
                }
                if *wait {
                    write!(f, " --wait")?;
                }
                if let Some(t) = timeout {
                    write!(f, " --timeout={t}s")?;
                }
            }
            HelmAction::Uninstall { release, run } => {
                write_quoted(f, "helm uninstall ", release)?;
                if *run == Run::DryRun {
                    write!(f, " --dry-run")?;
                }
            }
        }
        if let Some(n) = &self.namespace {
            write_quoted(f, " -n ", n)?;
        }
        Ok(())
    }
}

/// helm's error (out of line, like `parse::err`).
#[inline(never)]
fn err<T>(message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { message: format!("Error: {}", message.into()) })
}

const NS: Flag = value("namespace", Some('n'));

/// cobra's argument-count error as Helm's `require` package words it.
fn arg_count(path: &str, use_line: &str, exact: bool) -> ParseError {
    let how = if exact { "requires 1 argument" } else { "requires at least 1 argument" };
    ParseError { message: format!("Error: \"{path}\" {how}\n\nUsage:  {use_line}") }
}

fn one_release(a: &cobra::Args, path: &str, use_line: &str) -> Result<String, ParseError> {
    match a.pos.as_slice() {
        [r] => Ok(r.clone()),
        _ => Err(arg_count(path, use_line, true)),
    }
}

/// Helm's release-name rule (`chartutil.ValidateReleaseName`): at most 53 characters of
/// dot-separated DNS labels.
fn valid_release_name(name: &str) -> bool {
    name.len() <= 53 && name.split('.').all(crate::sim::scenario::is_dns_label)
}

/// The release name, or the error the action prints for an invalid one (`what` is its prefix:
/// `releaseContent: Release`, `prepareRollback: Release`, `release`, `uninstall: Release`).
fn checked(name: String, what: &str) -> Result<String, ParseError> {
    if valid_release_name(&name) { Ok(name) } else { err(format!("{what} name is invalid: {}", cobra::clean(&name))) }
}

fn revision_flag(a: &cobra::Args) -> Result<Option<u32>, ParseError> {
    match a.int("revision").map_err(|e| ParseError { message: format!("Error: {e}") })? {
        None | Some(0) => Ok(None),
        Some(n) => u32::try_from(n).map(Some).map_err(|_| ParseError { message: "Error: release: not found".to_string() }),
    }
}

/// Go's `time.ParseDuration` as pflag reports it for `--timeout`.
fn timeout_flag(a: &cobra::Args) -> Result<Option<u32>, ParseError> {
    let Some(v) = a.get("timeout") else { return Ok(None) };
    if v != "0" && v.bytes().all(|b| b.is_ascii_digit()) {
        return err(format!("invalid argument \"{}\" for \"--timeout\" flag: time: missing unit in duration \"{}\"", cobra::clean(v), cobra::clean(v)));
    }
    crate::sim::duration::parse_duration(v)
        .map(Some)
        .map_err(|_| ParseError { message: format!("Error: invalid argument \"{}\" for \"--timeout\" flag: time: invalid duration \"{}\"", cobra::clean(v), cobra::clean(v)) })
}

/// Parses the words after `helm`.
pub fn parse_helm(words: &[String]) -> Result<super::Command, ParseError> {
    let Some((sub, rest)) = words.split_first() else {
        return Ok(super::Command::Help { topic: vec!["helm".to_string()] });
    };
    let split = |specs: &[Flag]| -> Result<cobra::Args, ParseError> {
        let mut all = vec![NS];
        all.extend_from_slice(specs);
        cobra::split(rest, &all).map_err(|e| ParseError { message: format!("Error: {e}") })
    };
    let (action, a) = match sub.as_str() {
        "list" | "ls" => {
            let a = split(&[switch("all", Some('a')), switch("all-namespaces", Some('A'))])?;
            if !a.pos.is_empty() {
                return err("\"helm list\" accepts no arguments\n\nUsage:  helm list [flags]");
            }
            (HelmAction::List { all: a.on("all"), all_namespaces: a.on("all-namespaces") }, a)
        }
        "history" | "hist" => {
            let a = split(&[value("max", None)])?;
            let max = match a.int("max").map_err(|e| ParseError { message: format!("Error: {e}") })? {
                None => None,
                Some(n) => Some(u32::try_from(n.max(0)).unwrap_or(0)),
            };
            (HelmAction::History { release: checked(one_release(&a, "helm history", "helm history RELEASE_NAME [flags]")?, "release")?, max }, a)
        }
        "status" => {
            let a = split(&[value("revision", None), switch("show-desc", None)])?;
            let revision = revision_flag(&a)?;
            (HelmAction::Status { release: checked(one_release(&a, "helm status", "helm status RELEASE_NAME [flags]")?, "releaseContent: Release")?, revision, show_desc: a.on("show-desc") }, a)
        }
        "get" => {
            let Some((what, grest)) = rest.split_first() else {
                return err("unknown command \"\" for \"helm get\"");
            };
            if what != "values" {
                return Err(ParseError { message: cobra::unknown_command(what, "helm get", ["values", "all", "manifest", "notes", "hooks", "metadata"]) });
            }
            let a = cobra::split(grest, &[NS, value("revision", None), switch("all", Some('a'))])
                .map_err(|e| ParseError { message: format!("Error: {e}") })?;
            let revision = revision_flag(&a)?;
            let all = a.on("all");
            (HelmAction::GetValues { release: checked(one_release(&a, "helm get values", "helm get values RELEASE_NAME [flags]")?, "releaseContent: Release")?, revision, all }, a)
        }
        "rollback" => {
            let a = split(&[
                switch("dry-run", None),
                switch("wait", None),
                value("timeout", None),
                switch("force", None),
                switch("recreate-pods", None),
                switch("no-hooks", None),
                switch("cleanup-on-fail", None),
                switch("wait-for-jobs", None),
                value("history-max", None),
            ])?;
            let (release, revision) = match a.pos.as_slice() {
                [] => return Err(arg_count("helm rollback", "helm rollback <RELEASE> [REVISION] [flags]", false)),
                [r] => (r.clone(), None),
                [r, n, ..] => match n.parse::<i64>() {
                    Ok(v) if v < 0 => return err("invalid release revision"),
                    Ok(0) => (r.clone(), None),
                    Ok(v) => (r.clone(), Some(u32::try_from(v).unwrap_or(u32::MAX))),
                    Err(_) => return err(format!("could not convert revision to a number: strconv.Atoi: parsing \"{}\": invalid syntax", cobra::clean(n))),
                },
            };
            let release = checked(release, "prepareRollback: Release")?;
            let timeout = timeout_flag(&a)?;
            let run = if a.on("dry-run") { Run::DryRun } else { Run::Apply };
            (HelmAction::Rollback { release, revision, run, wait: a.on("wait"), timeout }, a)
        }
        "uninstall" | "un" | "delete" | "del" => {
            let a = split(&[switch("dry-run", None), switch("keep-history", None), switch("wait", None), value("timeout", None)])?;
            let release = match a.pos.as_slice() {
                [r] => checked(r.clone(), "uninstall: Release")?,
                [] => return Err(arg_count("helm uninstall", "helm uninstall RELEASE_NAME [...] [flags]", false)),
                _ => return err("the console uninstalls one release at a time"),
            };
            (HelmAction::Uninstall { release, run: if a.on("dry-run") { Run::DryRun } else { Run::Apply } }, a)
        }
        "help" | "--help" | "-h" => return Ok(super::Command::Help { topic: vec!["helm".to_string()] }),
        other if other.starts_with('-') => return err(format!("unknown flag: {}", cobra::clean(other))),
        // Real helm commands the simulated one does not run: say so rather than suggest themselves.
        "upgrade" | "install" | "template" | "repo" | "pull" | "test" => {
            return err(format!("the simulated helm has no \"{sub}\" command (it has {})", HELM_SUBCOMMANDS.join(", ")));
        }
        other => {
            return Err(ParseError { message: cobra::unknown_command(other, "helm", HELM_SUBCOMMANDS.iter().copied()) });
        }
    };
    Ok(super::Command::Helm(HelmCommand { namespace: a.get("namespace").map(str::to_string), action }))
}

/// Lays out rows like `uitable`: each cell padded to its column's width, cells joined by a tab.
fn uitable(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; n];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    rows.iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, c)| {
                    let w = widths.get(i).copied().unwrap_or(0);
                    format!("{c}{}", " ".repeat(w.saturating_sub(c.chars().count())))
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A YAML scalar as Go's YAML encoder writes a string: quoted when it would read back as
/// something else (a number, a boolean, null) or is empty.
fn yaml_str(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let special = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"].contains(&lower.as_str());
    let numeric = crate::sim::decimal::is_float_literal(s) || s.starts_with("0x");
    let odd = s.is_empty() || s.starts_with([' ', '-', '?', ':', '{', '[', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '#']) || s.contains(": ") || s.contains(" #") || s.ends_with(' ');
    if special || numeric || odd { format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")) } else { s.to_string() }
}

/// The values of a revision as Helm prints them (user-supplied, or all computed values).
fn values_yaml(rel: &HelmRelease, r: &HelmRevision, all: bool) -> String {
    let mut out = String::new();
    if !r.config.is_empty() {
        out.push_str("config:\n");
        for (k, v) in &r.config {
            let _ = writeln!(out, "  {k}: {}", yaml_str(v));
        }
    } else if all {
        out.push_str("config: {}\n");
    }
    out.push_str("image:\n");
    if all {
        out.push_str("  pullPolicy: IfNotPresent\n");
        let _ = writeln!(out, "  repository: {}", yaml_str(&rel.image));
    }
    let _ = writeln!(out, "  tag: {}", yaml_str(&r.app_version));
    if all {
        let _ = writeln!(out, "replicaCount: {}\nservice:\n  port: 80\n  type: ClusterIP", rel.replicas);
    }
    out.trim_end().to_string()
}

/// The release if `-n` (or the current namespace) has it.
fn release<'a>(sim: &'a Sim, ns: Option<&str>, name: &str) -> Option<&'a HelmRelease> {
    let ns = ns.unwrap_or(&sim.scenario().cluster.namespace);
    sim.helm_release().filter(|r| r.name == name && r.namespace == ns)
}

/// Runs a `helm` command.
pub fn exec_helm(sim: &mut Sim, cmd: &HelmCommand) -> Output {
    let ns = cmd.namespace.as_deref();
    let not_found = || Output::err("Error: release: not found");
    match &cmd.action {
        HelmAction::List { all, all_namespaces } => {
            let mut rows = vec![["NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"].map(str::to_string).to_vec()];
            let ns_now = ns.unwrap_or(&sim.scenario().cluster.namespace).to_string();
            if let Some(rel) = sim.helm_release().filter(|r| *all_namespaces || r.namespace == ns_now)
                && let Some(last) = rel.last()
                && (*all || matches!(last.status, HelmStatus::Deployed | HelmStatus::Failed))
            {
                rows.push(vec![
                    rel.name.clone(),
                    rel.namespace.clone(),
                    last.revision.to_string(),
                    calendar::go_string(last.updated, rel.nanos(last)),
                    last.status.as_str().to_string(),
                    rel.chart_label(last),
                    last.app_version.clone(),
                ]);
            }
            Output::ok(uitable(&rows))
        }
        HelmAction::History { release: name, max } => {
            let Some(rel) = release(sim, ns, name) else { return not_found() };
            let max = max.unwrap_or(256) as usize;
            let skip = rel.revisions.len().saturating_sub(max);
            let mut rows = vec![["REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"].map(str::to_string).to_vec()];
            for r in rel.revisions.iter().skip(skip) {
                rows.push(vec![
                    r.revision.to_string(),
                    calendar::ansic(r.updated),
                    r.status.as_str().to_string(),
                    rel.chart_label(r),
                    r.app_version.clone(),
                    r.description.clone(),
                ]);
            }
            Output::ok(uitable(&rows))
        }
        HelmAction::Status { release: name, revision, show_desc } => {
            let Some(rel) = release(sim, ns, name) else { return not_found() };
            let r = match revision {
                Some(n) => rel.revision(*n),
                None => rel.last(),
            };
            let Some(r) = r else { return not_found() };
            let desc = if *show_desc { format!("DESCRIPTION: {}\n", r.description) } else { String::new() };
            Output::ok(format!(
                "NAME: {}\nLAST DEPLOYED: {}\nNAMESPACE: {}\nSTATUS: {}\nREVISION: {}\n{desc}TEST SUITE: None",
                rel.name,
                calendar::ansic(r.updated),
                rel.namespace,
                r.status.as_str(),
                r.revision
            ))
        }
        HelmAction::GetValues { release: name, revision, all } => {
            let Some(rel) = release(sim, ns, name) else { return not_found() };
            let r = match revision {
                Some(n) => rel.revision(*n),
                None => rel.last(),
            };
            let Some(r) = r else { return not_found() };
            let head = if *all { "COMPUTED VALUES:" } else { "USER-SUPPLIED VALUES:" };
            Output::ok(format!("{head}\n{}", values_yaml(rel, r, *all)))
        }
        HelmAction::Rollback { release: name, revision, run, wait, timeout } => {
            if release(sim, ns, name).is_none() {
                return not_found();
            }
            if let Err(e) = sim.helm_rollback(name, revision.unwrap_or(0), *run == Run::DryRun) {
                return Output::err(format!("Error: {e}"));
            }
            if *wait && *run == Run::Apply {
                // Helm polls until the Deployment's pods are ready, for up to --timeout (5m).
                let limit = timeout.unwrap_or(300);
                let end = sim.tick().saturating_add(limit.min(3600)).min(sim.scenario().duration.0.max(sim.tick()));
                while sim.tick() < end && !sim.deployment_rollout_status().0.ends_with("successfully rolled out") {
                    sim.step();
                }
                if !sim.deployment_rollout_status().0.ends_with("successfully rolled out") {
                    sim.helm_fail_last(format!("Release \"{name}\" failed: context deadline exceeded"));
                    return Output::err(format!("Error: release {name} failed: context deadline exceeded"));
                }
            }
            Output::ok("Rollback was a success! Happy Helming!")
        }
        HelmAction::Uninstall { release: name, run } => {
            if release(sim, ns, name).is_none() {
                return Output::err(format!("Error: uninstall: Release not loaded: {name}: release: not found"));
            }
            if *run == Run::Apply
                && let Err(e) = sim.helm_uninstall(name)
            {
                return Output::err(format!("Error: {e}"));
            }
            Output::ok(format!("release \"{name}\" uninstalled"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Scenario;

    fn sim() -> Sim {
        let sc = Scenario::from_json(
            r#"{"id":"t","title":"T",
            "app":{"name":"checkout","strategy":"rolling","image":"reg/checkout","version":"v1","previous_versions":["v0"],"replicas":3,
                   "config":{"TIMEOUT_MS":"800","REGION":"eu"}},
            "update":{"at":"10s","version":"v2","config":{"TIMEOUT_MS":"5"}},
            "helm":{"release":"checkout","chart":"checkout","upgrade_chart_version":"1.5.0",
                    "history":[{"chart_version":"1.3.0","app_version":"v0","age":"48h"},{"chart_version":"1.4.0","app_version":"v1","age":"24h"}]}}"#,
        )
        .unwrap();
        let mut s = Sim::new(&sc, 1);
        s.run_until(60);
        s
    }

    fn run(s: &mut Sim, line: &str) -> Output {
        s.exec(line)
    }

    #[test]
    fn history_is_helms_table() {
        let mut s = sim();
        let out = run(&mut s, "helm history checkout");
        assert!(!out.is_error);
        let want = "REVISION\tUPDATED                 \tSTATUS    \tCHART         \tAPP VERSION\tDESCRIPTION     \n\
                    1       \tSun Mar  8 09:00:00 2026\tsuperseded\tcheckout-1.3.0\tv0         \tInstall complete\n\
                    2       \tMon Mar  9 09:00:00 2026\tsuperseded\tcheckout-1.4.0\tv1         \tUpgrade complete\n\
                    3       \tTue Mar 10 09:00:10 2026\tdeployed  \tcheckout-1.5.0\tv2         \tUpgrade complete";
        assert_eq!(out.text, want);
        let out = run(&mut s, "helm hist checkout --max 1");
        assert_eq!(out.text.lines().count(), 2);
        assert!(out.text.lines().nth(1).unwrap().starts_with("3 "));
    }

    #[test]
    fn list_and_status() {
        let mut s = sim();
        let out = run(&mut s, "helm list");
        let lines: Vec<&str> = out.text.lines().collect();
        assert_eq!(lines[0].split('\t').map(str::trim_end).collect::<Vec<_>>(), ["NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"]);
        let cells: Vec<&str> = lines[1].split('\t').map(str::trim_end).collect();
        assert_eq!(cells[..3], ["checkout", "default", "3"]);
        assert!(cells[3].starts_with("2026-03-10 09:00:10") && cells[3].ends_with(" +0000 UTC"), "{}", cells[3]);
        assert_eq!(cells[4..], ["deployed", "checkout-1.5.0", "v2"]);
        assert_eq!(run(&mut s, "helm ls -n other").text.lines().count(), 1, "another namespace lists only the header");
        let st = run(&mut s, "helm status checkout").text;
        assert_eq!(st, "NAME: checkout\nLAST DEPLOYED: Tue Mar 10 09:00:10 2026\nNAMESPACE: default\nSTATUS: deployed\nREVISION: 3\nTEST SUITE: None");
        assert!(run(&mut s, "helm status checkout --revision 2").text.contains("STATUS: superseded\nREVISION: 2\nTEST SUITE: None"));
        assert!(run(&mut s, "helm status checkout --show-desc").text.contains("REVISION: 3\nDESCRIPTION: Upgrade complete\nTEST SUITE: None"));
    }

    #[test]
    fn get_values_quotes_like_go_yaml() {
        let mut s = sim();
        assert_eq!(run(&mut s, "helm get values checkout").text, "USER-SUPPLIED VALUES:\nconfig:\n  REGION: eu\n  TIMEOUT_MS: \"5\"\nimage:\n  tag: v2");
        let all = run(&mut s, "helm get values checkout --revision 2 -a").text;
        assert!(all.starts_with("COMPUTED VALUES:\nconfig:\n  REGION: eu\n  TIMEOUT_MS: \"800\"\nimage:\n  pullPolicy: IfNotPresent\n  repository: reg/checkout\n  tag: v1\nreplicaCount: 3"), "{all}");
    }

    #[test]
    fn rollback_and_its_dry_run() {
        let mut s = sim();
        let dry = run(&mut s, "helm rollback checkout 2 --dry-run");
        assert_eq!(dry, Output::ok("Rollback was a success! Happy Helming!"));
        assert_eq!(s.helm_release().unwrap().revisions.len(), 3, "a dry run records nothing");
        assert_eq!(s.version_name(s.current_template_vid()), "v2", "a dry run changes nothing");
        let out = run(&mut s, "helm rollback checkout 2 --wait --timeout 5m");
        assert_eq!(out, Output::ok("Rollback was a success! Happy Helming!"));
        assert!(s.tick() > 60, "--wait let time pass");
        assert!(s.deployment_rollout_status().0.ends_with("successfully rolled out"));
        let h = run(&mut s, "helm history checkout").text;
        let last = h.lines().last().unwrap();
        assert!(last.starts_with("4 ") && last.contains("\tdeployed  \tcheckout-1.4.0\tv1 ") && last.trim_end().ends_with("\tRollback to 2"), "{last}");
        assert!(s.config_is_initial());
    }

    #[test]
    fn errors_are_helms() {
        let mut s = sim();
        for (line, want) in [
            ("helm history nope", "Error: release: not found"),
            ("helm status checkout -n other", "Error: release: not found"),
            ("helm get values checkout --revision 9", "Error: release: not found"),
            ("helm rollback checkout 9", "Error: release has no 9 version"),
            ("helm rollback nope 1", "Error: release: not found"),
            ("helm rollback checkout two", "Error: could not convert revision to a number: strconv.Atoi: parsing \"two\": invalid syntax"),
            ("helm rollback checkout -1", "Error: unknown shorthand flag: '1' in -1"),
            ("helm rollback", "Error: \"helm rollback\" requires at least 1 argument\n\nUsage:  helm rollback <RELEASE> [REVISION] [flags]"),
            ("helm history", "Error: \"helm history\" requires 1 argument\n\nUsage:  helm history RELEASE_NAME [flags]"),
            ("helm rollbak checkout", "Error: unknown command \"rollbak\" for \"helm\"\n\nDid you mean this?\n\trollback\n\nRun 'helm --help' for usage."),
            ("helm rollback checkout --dryrun", "Error: unknown flag: --dryrun"),
            ("helm rollback checkout --timeout 300", "Error: invalid argument \"300\" for \"--timeout\" flag: time: missing unit in duration \"300\""),
            ("helm uninstall nope", "Error: uninstall: Release not loaded: nope: release: not found"),
            ("helm upgrade checkout ./chart", "Error: the simulated helm has no \"upgrade\" command (it has list, history, status, get, rollback, uninstall)"),
            ("helm history -- -x", "Error: release name is invalid: -x"),
            ("helm status Checkout", "Error: releaseContent: Release name is invalid: Checkout"),
            ("helm rollback -- -x 2", "Error: prepareRollback: Release name is invalid: -x"),
        ] {
            let out = run(&mut s, line);
            assert!(out.is_error, "{line}");
            assert_eq!(out.text, want, "{line}");
        }
        assert_eq!(s.helm_release().unwrap().revisions.len(), 3, "no error changed the release");
    }

    #[test]
    fn uninstall_removes_the_release_and_the_pods() {
        let mut s = sim();
        assert_eq!(run(&mut s, "helm uninstall checkout --dry-run").text, "release \"checkout\" uninstalled");
        assert!(s.helm_release().is_some());
        assert_eq!(run(&mut s, "helm uninstall checkout").text, "release \"checkout\" uninstalled");
        assert!(s.helm_release().is_none());
        assert_eq!(run(&mut s, "helm list -a").text.lines().count(), 1);
        s.run_until(120);
        assert!(s.pods().iter().all(|p| p.phase == crate::sim::cluster::PodPhase::Terminating) || s.pods().is_empty());
    }

    #[test]
    fn reads_and_dry_runs_are_looks() {
        let look = |l: &str| match crate::sim::parse(l).unwrap() {
            crate::sim::Command::Helm(c) => c.is_look(),
            other => panic!("{other:?}"),
        };
        for l in ["helm list", "helm history checkout", "helm status checkout", "helm get values checkout -a", "helm rollback checkout 2 --dry-run", "helm uninstall checkout --dry-run"] {
            assert!(look(l), "{l}");
        }
        assert!(!look("helm rollback checkout 2") && !look("helm uninstall checkout"));
    }

    #[test]
    fn canonical_lines_parse_back() {
        for line in [
            "helm list --all",
            "helm history checkout --max=2",
            "helm status checkout --revision=2 --show-desc -n prod",
            "helm get values checkout --revision=1 --all",
            "helm rollback checkout 2 --dry-run --wait --timeout=120s",
            "helm uninstall checkout",
        ] {
            let c = crate::sim::parse(line).unwrap();
            assert_eq!(c.to_string(), line);
            assert_eq!(crate::sim::parse(&c.to_string()), Ok(c));
        }
    }
}
