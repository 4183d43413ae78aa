//! The console parser: one line in, a typed [`Command`] or a precise [`ParseError`] out.
//!
//! Architecture invariant: never panics, whatever the input (no slicing by byte offsets, no indexing
//! that can go out of bounds, no `unwrap` on user data). Errors are worded like the real tool's
//! (`error: unknown command "rollbak" for "kubectl"`, `error: unknown flag: --foo`) and carry
//! "Did you mean this?" suggestions.

use std::fmt;

use super::command::{Argo, Command, Db, DryRun, Kubectl, OutputFormat, PatchType, Registry, ResourceKind, Serving, Target, TopKind, Traffic};
use super::suggest::{did_you_mean, suggestions};
use crate::sim::duration::parse_duration;

/// Why a line did not parse; `Display` gives the full text the tool would print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The message, possibly several lines.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// A parse error with `message` (`argocd.rs` and `git.rs` use it too). Out of line: inlined, each of
/// its hundred call sites carried the allocation of its message.
#[inline(never)]
pub(super) fn err<T>(message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { message: message.into() })
}

/// Top-level programs the console knows.
pub const PROGRAMS: [&str; 14] = [
    "kubectl", "registry", "serving", "db", "traffic", "metrics", "alerts", "notify", "wait", "help", "kubectl-argo-rollouts", "helm", "argocd", "git",
];

/// kubectl subcommands the console knows.
pub const KUBECTL_SUBCOMMANDS: [&str; 14] =
    ["get", "describe", "logs", "top", "rollout", "set", "scale", "patch", "delete", "cordon", "uncordon", "drain", "argo", "help"];

/// The one kubeconfig context the simulated cluster has (`--context` accepts only it).
pub const CONTEXT: &str = "lab";

/// `kubectl get -o` formats the console prints (jsonpath and custom-columns take `=…`).
pub const OUTPUT_FORMATS: [&str; 6] = ["wide", "name", "yaml", "json", "jsonpath=", "custom-columns="];

/// `kubectl rollout` subcommands.
pub const ROLLOUT_SUBCOMMANDS: [&str; 6] = ["status", "history", "undo", "pause", "resume", "restart"];

/// `kubectl argo rollouts` subcommands.
pub const ARGO_SUBCOMMANDS: [&str; 9] = ["get", "list", "status", "promote", "abort", "undo", "retry", "pause", "set"];

/// `registry` subcommands.
pub const REGISTRY_SUBCOMMANDS: [&str; 4] = ["models", "versions", "alias", "tag"];

/// `serving` subcommands.
pub const SERVING_SUBCOMMANDS: [&str; 2] = ["status", "reload"];

/// `db` subcommands.
pub const DB_SUBCOMMANDS: [&str; 4] = ["status", "snapshot", "writes", "migrate"];

/// `db snapshot` subcommands.
pub const DB_SNAPSHOT_SUBCOMMANDS: [&str; 3] = ["create", "list", "restore"];

/// `db writes` subcommands.
pub const DB_WRITES_SUBCOMMANDS: [&str; 2] = ["stop", "resume"];

/// `traffic` subcommands.
pub const TRAFFIC_SUBCOMMANDS: [&str; 3] = ["show", "switch", "weight"];

/// Quotes a word so that [`tokenize`] reads it back as one word (single quotes, `'` escaped); a
/// word the shell would not split is left as it is. Canonical command lines are built with it.
pub fn quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=%@,".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Writes `before`, then `word` as [`quote`] quotes it: the canonical command lines' one way to
/// write a word, out of line (each `write!` of a `quote` inlined its own formatting and drop).
#[inline(never)]
pub(super) fn write_quoted(f: &mut fmt::Formatter<'_>, before: &str, word: &str) -> fmt::Result {
    f.write_str(before)?;
    f.write_str(&quote(word))
}

/// Splits a line into words like a POSIX shell: single and double quotes, backslash escapes, and an
/// unquoted `#` starting a comment.
pub fn tokenize(line: &str) -> Result<Vec<String>, ParseError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => return err("error: unexpected EOF while looking for matching `''"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => cur.push(x),
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                            None => return err("error: unexpected EOF while looking for matching `\"'"),
                        },
                        Some(x) => cur.push(x),
                        None => return err("error: unexpected EOF while looking for matching `\"'"),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(x) = chars.next() {
                    cur.push(x);
                }
            }
            '#' if !in_word => break,
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

/// Parses one console line.
pub fn parse(line: &str) -> Result<Command, ParseError> {
    let words = tokenize(line)?;
    let Some((first, rest)) = words.split_first() else { return Ok(Command::Empty) };
    match first.as_str() {
        "kubectl" | "k" => parse_kubectl(rest),
        "kubectl-argo-rollouts" => parse_argo(rest),
        "registry" | "mlflow" => parse_registry(rest),
        "serving" => parse_serving(rest),
        "db" => parse_db(rest),
        "traffic" => parse_traffic(rest),
        // Release tools: each has its own grammar file.
        "helm" => super::helm::parse_helm(rest),
        "argocd" => super::argocd::parse_argocd(rest),
        "git" => super::git::parse_git(rest),
        "metrics" => {
            no_flags(rest, "metrics")?;
            match rest {
                [] => Ok(Command::Metrics { version: None }),
                [v] => Ok(Command::Metrics { version: Some(v.clone()) }),
                _ => err("usage: metrics [VERSION]"),
            }
        }
        "alerts" => {
            no_flags(rest, "alerts")?;
            if rest.is_empty() { Ok(Command::Alerts) } else { err("usage: alerts") }
        }
        "notify" => match rest {
            [team, msg @ ..] if !msg.is_empty() && !team.starts_with('-') => {
                Ok(Command::Notify { team: team.trim_start_matches('#').to_string(), message: msg.join(" ") })
            }
            _ => err("usage: notify TEAM MESSAGE"),
        },
        "wait" | "sleep" => match rest {
            [d] => parse_duration(d).map(|seconds| Command::Wait { seconds }).map_err(|e| ParseError { message: format!("wait: {e}") }),
            _ => err("usage: wait DURATION (e.g. wait 30s, wait 2m)"),
        },
        "help" | "?" => Ok(Command::Help { topic: rest.to_vec() }),
        other => {
            let s = suggestions(other, PROGRAMS.iter().copied().filter(|p| *p != "kubectl-argo-rollouts"));
            let mut m = format!("{}: command not found", printable(other));
            m.push_str(&did_you_mean(&s));
            err(m)
        }
    }
}

/// Caps and cleans a word for inclusion in an error message.
fn printable(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

fn no_flags(rest: &[String], cmd: &str) -> Result<(), ParseError> {
    if let Some(f) = rest.iter().find(|w| w.starts_with('-') && w.len() > 1) {
        return err(format!("{cmd}: unknown flag: {}", printable(f)));
    }
    Ok(())
}

/// A flag a command accepts.
#[derive(Clone, Copy, Debug)]
struct Flag {
    long: &'static str,
    short: Option<char>,
    takes_value: bool,
    /// pflag's `NoOptDefVal`: the value when the flag is given bare (`--dry-run`); such a flag
    /// takes a value only inline (`--dry-run=server`), never from the next word.
    bare_value: Option<&'static str>,
}

const fn fl(long: &'static str, short: Option<char>, takes_value: bool) -> Flag {
    Flag { long, short, takes_value, bare_value: None }
}

/// kubectl's `--dry-run` (cmdutil's `AddDryRunFlag`: a string flag whose bare form means "unchanged").
const DRY_RUN: Flag = Flag { long: "dry-run", short: None, takes_value: true, bare_value: Some("unchanged") };

/// kubectl's global `--context`.
const CONTEXT_FLAG: Flag = fl("context", None, true);

/// How a tool words its errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tool {
    Kubectl,
    Argo,
}

/// Positional arguments and flags of one command.
#[derive(Debug, Default)]
struct Args {
    pos: Vec<String>,
    flags: Vec<(&'static str, String)>,
}

impl Args {
    fn get(&self, long: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(l, _)| *l == long).map(|(_, v)| v.as_str())
    }

    fn bool(&self, long: &str) -> bool {
        self.get(long).is_some_and(|v| v != "false")
    }
}

fn usage_suffix(tool: Tool, path: &str) -> String {
    match tool {
        Tool::Kubectl => format!("\nSee '{path} --help' for usage."),
        Tool::Argo => String::new(),
    }
}

fn prefix(tool: Tool) -> &'static str {
    match tool {
        Tool::Kubectl => "error: ",
        Tool::Argo => "Error: ",
    }
}

/// Splits flags from positional arguments, rejecting unknown flags with suggestions.
fn split_flags(words: &[String], specs: &[Flag], path: &str, tool: Tool) -> Result<Args, ParseError> {
    let mut args = Args::default();
    let mut i = 0usize;
    let mut only_pos = false;
    while let Some(w) = words.get(i) {
        i += 1;
        if only_pos || w == "-" || !w.starts_with('-') {
            args.pos.push(w.clone());
            continue;
        }
        if w == "--" {
            only_pos = true;
            continue;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(spec) = specs.iter().find(|s| s.long == name) else {
                let s = suggestions(name, specs.iter().map(|s| s.long));
                let s: Vec<String> = s.into_iter().map(|x| format!("--{x}")).collect();
                return err(format!(
                    "{}unknown flag: --{}{}{}",
                    prefix(tool),
                    printable(name),
                    usage_suffix(tool, path),
                    did_you_mean(&s)
                ));
            };
            let value = if let (Some(bare), None) = (spec.bare_value, inline.as_ref()) {
                bare.to_string()
            } else if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None => match words.get(i) {
                        Some(v) => {
                            i += 1;
                            v.clone()
                        }
                        None => {
                            return err(format!("{}flag needs an argument: --{}{}", prefix(tool), spec.long, usage_suffix(tool, path)));
                        }
                    },
                }
            } else {
                match inline.as_deref() {
                    None | Some("true") => "true".to_string(),
                    Some("false") => "false".to_string(),
                    Some(v) => {
                        return err(format!(
                            "{}invalid argument \"{}\" for \"--{}\" flag: strconv.ParseBool: parsing \"{}\": invalid syntax{}",
                            prefix(tool),
                            printable(v),
                            spec.long,
                            printable(v),
                            usage_suffix(tool, path)
                        ));
                    }
                }
            };
            args.flags.push((spec.long, value));
            continue;
        }
        // Short flags: -n value, -nvalue, -n=value, -pf (grouped booleans).
        let mut rest: Vec<char> = w.chars().skip(1).collect();
        while !rest.is_empty() {
            let c = rest.remove(0);
            let Some(spec) = specs.iter().find(|s| s.short == Some(c)) else {
                return err(format!("{}unknown shorthand flag: '{}' in {}{}", prefix(tool), c, printable(w), usage_suffix(tool, path)));
            };
            if spec.takes_value {
                let mut v: String = rest.drain(..).collect();
                if let Some(stripped) = v.strip_prefix('=') {
                    v = stripped.to_string();
                }
                if v.is_empty() {
                    match words.get(i) {
                        Some(next) => {
                            i += 1;
                            v = next.clone();
                        }
                        None => {
                            return err(format!("{}flag needs an argument: '{}' in -{}{}", prefix(tool), c, c, usage_suffix(tool, path)));
                        }
                    }
                }
                args.flags.push((spec.long, v));
            } else {
                args.flags.push((spec.long, "true".to_string()));
            }
        }
    }
    Ok(args)
}

fn parse_u32_flag(args: &Args, long: &str, tool: Tool, path: &str) -> Result<Option<u32>, ParseError> {
    match args.get(long) {
        None => Ok(None),
        Some(v) => v.parse::<u32>().map(Some).map_err(|_| ParseError {
            message: format!(
                "{}invalid argument \"{}\" for \"--{long}\" flag: strconv.ParseInt: parsing \"{}\": invalid syntax{}",
                prefix(tool),
                printable(v),
                printable(v),
                usage_suffix(tool, path)
            ),
        }),
    }
}

/// cmdutil's `GetDryRunStrategy`: `client`, `server`, `none`, a boolean (deprecated) or the bare
/// flag (deprecated, client). The deprecation warnings are [`warnings`]'s.
fn parse_dry_run(args: &Args) -> Result<Option<DryRun>, ParseError> {
    let Some(v) = args.get("dry-run") else { return Ok(None) };
    if let Some(b) = parse_go_bool(v) {
        return Ok(b.then_some(DryRun::Client));
    }
    match v {
        "unchanged" | "client" => Ok(Some(DryRun::Client)),
        "server" => Ok(Some(DryRun::Server)),
        "none" => Ok(None),
        other => err(format!("error: Invalid dry-run value ({}). Must be \"none\", \"server\", or \"client\".", printable(other))),
    }
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The warnings kubectl prints on stderr (through klog) for a line before running it: the
/// deprecated spellings of `--dry-run` (cmdutil's `GetDryRunStrategy`). Empty for anything else.
/// The simulator prints them above the command's output, as a terminal shows them.
pub fn warnings(line: &str) -> Vec<String> {
    if !line.contains("--dry-run") {
        return Vec::new();
    }
    let Ok(words) = tokenize(line) else { return Vec::new() };
    if !matches!(words.first().map(String::as_str), Some("kubectl" | "k")) || parse(line).is_err() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for w in words.iter().skip(1).take_while(|w| *w != "--") {
        if w == "--dry-run" {
            out.push(klog_warning(714, "--dry-run is deprecated and can be replaced with --dry-run=client."));
        } else if let Some(v) = w.strip_prefix("--dry-run=")
            && let Some(b) = parse_go_bool(v)
        {
            let (line_no, to) = if b { (728, "client") } else { (731, "none") };
            out.push(klog_warning(line_no, &format!("--dry-run={v} is deprecated (boolean value) and can be replaced with --dry-run={to}.")));
        }
    }
    out
}

/// A klog warning line as kubectl prints it, with the header reduced to its level and source line
/// (the simulator has no wall-clock date or process id to put there).
fn klog_warning(line_no: u32, message: &str) -> String {
    format!("W helpers.go:{line_no}] {message}")
}

fn unknown_resource(word: &str) -> ParseError {
    let s = suggestions(word, ResourceKind::WORDS.iter().copied());
    ParseError { message: format!("error: the server doesn't have a resource type \"{}\"{}", printable(word), did_you_mean(&s)) }
}

/// `TYPE/NAME` or `TYPE NAME` at the start of `pos`.
fn target(pos: &[String]) -> Result<(Target, usize), ParseError> {
    let Some(first) = pos.first() else { return err("error: required resource not specified") };
    if let Some((k, n)) = first.split_once('/') {
        let kind = ResourceKind::parse(k).ok_or_else(|| unknown_resource(k))?;
        if n.is_empty() {
            return err("error: arguments in resource/name form must have a single resource and name");
        }
        return Ok((Target { kind, name: n.to_string() }, 1));
    }
    let kind = ResourceKind::parse(first).ok_or_else(|| unknown_resource(first))?;
    match pos.get(1) {
        Some(n) => Ok((Target { kind, name: n.clone() }, 2)),
        None => err("error: resource(s) were provided, but no name was specified"),
    }
}

fn no_extra(pos: &[String], used: usize, path: &str) -> Result<(), ParseError> {
    match pos.get(used) {
        None => Ok(()),
        Some(x) => err(format!("error: unexpected argument \"{}\"\nSee '{path} --help' for usage.", printable(x))),
    }
}

const NS: Flag = fl("namespace", Some('n'), true);

/// Flags every kubectl subcommand takes (`-n`, `--context`) plus its own.
fn kflags(own: &[Flag]) -> Vec<Flag> {
    let mut v = vec![NS, CONTEXT_FLAG];
    v.extend_from_slice(own);
    v
}

/// `-o` as kubectl's printer flags read it.
fn parse_output(o: &str) -> Result<OutputFormat, ParseError> {
    let (name, arg) = match o.split_once('=') {
        Some((n, a)) => (n, Some(a)),
        None => (o, None),
    };
    Ok(match (name, arg) {
        ("wide", None) => OutputFormat::Wide,
        ("name", None) => OutputFormat::Name,
        ("yaml", None) => OutputFormat::Yaml,
        ("json", None) => OutputFormat::Json,
        ("jsonpath", Some(t)) if !t.is_empty() => OutputFormat::JsonPath(t.to_string()),
        ("jsonpath", _) => return err("error: template format specified but no template given"),
        ("custom-columns", Some(c)) if !c.is_empty() => OutputFormat::CustomColumns(c.to_string()),
        ("custom-columns", _) => return err("error: custom-columns format specified but no custom columns given"),
        _ => {
            let s = suggestions(name, ["wide", "name", "yaml", "json", "jsonpath", "custom-columns"]);
            return err(format!(
                "error: unable to match a printer suitable for the output format \"{}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-file,name,template,templatefile,wide,yaml{}",
                printable(o),
                did_you_mean(&s)
            ));
        }
    })
}

fn parse_kubectl(words: &[String]) -> Result<Command, ParseError> {
    // `-n ns` and `--context c` may come before the subcommand.
    let mut words: Vec<String> = words.to_vec();
    let mut namespace: Option<String> = None;
    let mut context: Option<String> = None;
    while let Some(first) = words.first() {
        if first == "-n" || first == "--namespace" || first == "--context" {
            let Some(v) = words.get(1).cloned() else {
                return err(if first == "--context" {
                    "error: flag needs an argument: --context\nSee 'kubectl --help' for usage."
                } else {
                    "error: flag needs an argument: 'n' in -n\nSee 'kubectl --help' for usage."
                });
            };
            if first == "--context" {
                context = Some(v);
            } else {
                namespace = Some(v);
            }
            words.drain(..2);
        } else if let Some(v) = first.strip_prefix("--namespace=").or_else(|| first.strip_prefix("-n=")) {
            namespace = Some(v.to_string());
            words.remove(0);
        } else if let Some(v) = first.strip_prefix("--context=") {
            context = Some(v.to_string());
            words.remove(0);
        } else {
            break;
        }
    }
    let Some((sub, rest)) = words.split_first() else {
        return Ok(Command::Help { topic: vec!["kubectl".to_string()] });
    };
    let wrap = |cmd: Kubectl, args: &Args, namespace: Option<String>| -> Command {
        Command::Kubectl {
            namespace: args.get("namespace").map(str::to_string).or(namespace),
            context: args.get("context").map(str::to_string).or(context.clone()),
            cmd,
        }
    };
    match sub.as_str() {
        "get" => {
            let path = "kubectl get";
            let specs = kflags(&[
                fl("output", Some('o'), true),
                fl("selector", Some('l'), true),
                fl("field-selector", None, true),
                fl("sort-by", None, true),
                fl("no-headers", None, false),
                fl("watch", Some('w'), false),
                fl("all-namespaces", Some('A'), false),
                fl("show-labels", None, false),
            ]);
            let a = split_flags(rest, &specs, path, Tool::Kubectl)?;
            let Some(first) = a.pos.first() else {
                return err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
            };
            let (kinds_word, mut name) = match first.split_once('/') {
                Some((k, n)) => (k.to_string(), Some(n.to_string())),
                None => (first.clone(), None),
            };
            let mut kinds = Vec::new();
            for k in kinds_word.split(',') {
                if k == "all" {
                    kinds.extend([ResourceKind::Pod, ResourceKind::Service, ResourceKind::Deployment, ResourceKind::ReplicaSet, ResourceKind::StatefulSet]);
                    continue;
                }
                let kind = ResourceKind::parse(k).ok_or_else(|| unknown_resource(k))?;
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            if name.is_none() {
                name = a.pos.get(1).cloned();
                no_extra(&a.pos, 2, path)?;
            } else {
                no_extra(&a.pos, 1, path)?;
            }
            let output = a.get("output").map(parse_output).transpose()?;
            let all_namespaces = a.bool("all-namespaces");
            if all_namespaces && name.is_some() {
                return err("error: a resource cannot be retrieved by name across all namespaces");
            }
            let sort_by = a.get("sort-by").filter(|s| !s.is_empty()).map(str::to_string);
            Ok(wrap(
                Kubectl::Get {
                    kinds,
                    name,
                    output,
                    selector: a.get("selector").map(str::to_string),
                    field_selector: a.get("field-selector").map(str::to_string),
                    sort_by,
                    no_headers: a.bool("no-headers"),
                    all_namespaces,
                    show_labels: a.bool("show-labels"),
                },
                &a,
                namespace,
            ))
        }
        "describe" => {
            let path = "kubectl describe";
            let a = split_flags(rest, &kflags(&[fl("selector", Some('l'), true)]), path, Tool::Kubectl)?;
            let Some(first) = a.pos.first() else {
                return err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
            };
            let (kind, name) = match first.split_once('/') {
                Some((k, n)) => (ResourceKind::parse(k).ok_or_else(|| unknown_resource(k))?, Some(n.to_string())),
                None => (ResourceKind::parse(first).ok_or_else(|| unknown_resource(first))?, a.pos.get(1).cloned()),
            };
            no_extra(&a.pos, if first.contains('/') { 1 } else { 2 }, path)?;
            Ok(wrap(Kubectl::Describe { kind, name, selector: a.get("selector").map(str::to_string) }, &a, namespace))
        }
        "logs" => {
            let path = "kubectl logs";
            let specs = kflags(&[
                fl("previous", Some('p'), false),
                fl("tail", None, true),
                fl("since", None, true),
                fl("selector", Some('l'), true),
                fl("container", Some('c'), true),
                fl("follow", Some('f'), false),
                fl("timestamps", None, false),
                fl("all-containers", None, false),
                fl("prefix", None, false),
            ]);
            let a = split_flags(rest, &specs, path, Tool::Kubectl)?;
            let selector = a.get("selector").filter(|s| !s.is_empty()).map(str::to_string);
            let usage = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";
            let target = match (a.pos.as_slice(), &selector) {
                ([], None) => return err(usage),
                ([], Some(_)) => None,
                ([_, ..], Some(_)) => {
                    return err("error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples");
                }
                ([first], None) | ([first, _], None) => Some(match first.split_once('/') {
                    Some((k, n)) => Target { kind: ResourceKind::parse(k).ok_or_else(|| unknown_resource(k))?, name: n.to_string() },
                    None => Target { kind: ResourceKind::Pod, name: first.clone() },
                }),
                _ => return err(usage),
            };
            let tail = match a.get("tail") {
                Some("-1") => None,
                Some(t) if t.starts_with('-') && t.parse::<i64>().is_ok() => return err("error: --tail must be greater than or equal to -1"),
                _ => parse_u32_flag(&a, "tail", Tool::Kubectl, path)?,
            };
            let since = match a.get("since") {
                None => None,
                Some(d) => match parse_duration(d) {
                    Ok(0) => return err("error: --since must be greater than 0"),
                    Ok(s) => Some(s),
                    Err(_) => {
                        return err(format!(
                            "error: invalid argument \"{}\" for \"--since\" flag: time: invalid duration \"{}\"\nSee 'kubectl logs --help' for usage.",
                            printable(d),
                            printable(d)
                        ));
                    }
                },
            };
            Ok(wrap(Kubectl::Logs { target, selector, previous: a.bool("previous"), since, tail }, &a, namespace))
        }
        "top" => {
            let Some((tsub, trest)) = rest.split_first() else {
                return Ok(Command::Help { topic: vec!["kubectl".to_string(), "top".to_string()] });
            };
            let kind = match tsub.as_str() {
                "pod" | "pods" | "po" => TopKind::Pods,
                "node" | "nodes" | "no" => TopKind::Nodes,
                other => {
                    let s = suggestions(other, ["pod", "node"]);
                    return err(format!("error: unknown command \"{}\" for \"kubectl top\"{}", printable(other), did_you_mean(&s)));
                }
            };
            let path = format!("kubectl top {tsub}");
            let a = split_flags(trest, &kflags(&[fl("selector", Some('l'), true), fl("no-headers", None, false), fl("containers", None, false)]), &path, Tool::Kubectl)?;
            no_extra(&a.pos, 1, &path)?;
            Ok(wrap(Kubectl::Top { kind, name: a.pos.first().cloned(), selector: a.get("selector").map(str::to_string) }, &a, namespace))
        }
        "rollout" => {
            let Some((rsub, rrest)) = rest.split_first() else {
                return Ok(Command::Help { topic: vec!["kubectl".to_string(), "rollout".to_string()] });
            };
            let path = format!("kubectl rollout {rsub}");
            // Only `undo` takes --dry-run (cmdutil.AddDryRunFlag is called by rollout_undo.go alone).
            let specs = match rsub.as_str() {
                "status" => kflags(&[fl("watch", Some('w'), false), fl("timeout", None, true), fl("revision", None, true)]),
                "history" => kflags(&[fl("revision", None, true)]),
                "undo" => kflags(&[fl("to-revision", None, true), DRY_RUN]),
                "pause" | "resume" | "restart" => kflags(&[]),
                other => {
                    let s = suggestions(other, ROLLOUT_SUBCOMMANDS.iter().copied());
                    return err(format!("error: unknown command \"{}\" for \"kubectl rollout\"{}", printable(other), did_you_mean(&s)));
                }
            };
            let a = split_flags(rrest, &specs, &path, Tool::Kubectl)?;
            let dry_run = parse_dry_run(&a)?;
            let (t, used) = target(&a.pos)?;
            no_extra(&a.pos, used, &path)?;
            let cmd = match rsub.as_str() {
                "status" => Kubectl::RolloutStatus { target: t },
                "history" => Kubectl::RolloutHistory { target: t, revision: parse_u32_flag(&a, "revision", Tool::Kubectl, &path)? },
                "undo" => Kubectl::RolloutUndo { target: t, to_revision: parse_i64_flag(&a, "to-revision", &path)?.filter(|r| *r != 0), dry_run },
                "pause" => Kubectl::RolloutPause { target: t },
                "resume" => Kubectl::RolloutResume { target: t },
                _ => Kubectl::RolloutRestart { target: t },
            };
            Ok(wrap(cmd, &a, namespace))
        }
        "set" => {
            let Some((ssub, srest)) = rest.split_first() else {
                return err("error: unknown command \"\" for \"kubectl set\"\n\nDid you mean this?\n\timage");
            };
            if ssub != "image" {
                let s = suggestions(ssub, ["image", "env", "resources"]);
                return err(format!("error: unknown command \"{}\" for \"kubectl set\"{}", printable(ssub), did_you_mean(&s)));
            }
            let path = "kubectl set image";
            let a = split_flags(srest, &kflags(&[fl("record", None, false), DRY_RUN]), path, Tool::Kubectl)?;
            let dry_run = parse_dry_run(&a)?;
            let (t, used) = target(&a.pos)?;
            let Some(pair) = a.pos.get(used) else {
                return err("error: at least one image update is required\nSee 'kubectl set image -h' for help and examples");
            };
            let Some((container, image)) = pair.split_once('=') else {
                return err(format!("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'): {}", printable(pair)));
            };
            if container.is_empty() || image.is_empty() {
                return err("error: at least one image update is required\nSee 'kubectl set image -h' for help and examples");
            }
            no_extra(&a.pos, used + 1, path)?;
            Ok(wrap(Kubectl::SetImage { target: t, container: container.to_string(), image: image.to_string(), dry_run }, &a, namespace))
        }
        "scale" => {
            let path = "kubectl scale";
            let a = split_flags(rest, &kflags(&[fl("replicas", None, true), DRY_RUN]), path, Tool::Kubectl)?;
            let dry_run = parse_dry_run(&a)?;
            let (t, used) = target(&a.pos)?;
            no_extra(&a.pos, used, path)?;
            // An int flag: a negative count parses, then Validate refuses it (scale.go).
            if a.get("replicas").is_some_and(|v| v.starts_with('-') && v.parse::<i64>().is_ok()) {
                return err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
            }
            let Some(replicas) = parse_u32_flag(&a, "replicas", Tool::Kubectl, path)? else {
                return err("error: required flag(s) \"replicas\" not set");
            };
            Ok(wrap(Kubectl::Scale { target: t, replicas, dry_run }, &a, namespace))
        }
        "patch" => {
            let path = "kubectl patch";
            let a = split_flags(rest, &kflags(&[fl("patch", Some('p'), true), fl("type", None, true), DRY_RUN]), path, Tool::Kubectl)?;
            let dry_run = parse_dry_run(&a)?;
            let (t, used) = target(&a.pos)?;
            no_extra(&a.pos, used, path)?;
            let Some(patch) = a.get("patch") else {
                return err("error: must specify -p to patch\nSee 'kubectl patch -h' for help and examples");
            };
            let patch_type = match a.get("type") {
                None | Some("strategic") => None,
                Some("merge") => Some(PatchType::Merge),
                Some("json") => Some(PatchType::Json),
                Some(other) => {
                    return err(format!(
                        "error: --type must be one of [json merge strategic], not \"{}\"",
                        printable(other)
                    ));
                }
            };
            Ok(wrap(Kubectl::Patch { target: t, patch: patch.to_string(), patch_type, dry_run }, &a, namespace))
        }
        "delete" => {
            let path = "kubectl delete";
            let a = split_flags(
                rest,
                &kflags(&[fl("force", None, false), fl("grace-period", None, true), fl("wait", None, false), fl("cascade", None, true), DRY_RUN]),
                path,
                Tool::Kubectl,
            )?;
            let dry_run = parse_dry_run(&a)?;
            // delete_flags.go's parseCascadingFlag: a boolean (strconv.ParseBool) is the deprecated
            // spelling, false meaning orphan.
            let orphan = match a.get("cascade") {
                None | Some("background" | "foreground" | "1" | "t" | "T" | "TRUE" | "true" | "True") => false,
                Some("orphan" | "0" | "f" | "F" | "FALSE" | "false" | "False") => true,
                Some(other) => {
                    return err(format!(
                        "error: invalid cascade value ({}). Must be \"background\", \"foreground\", or \"orphan\"",
                        printable(other)
                    ));
                }
            };
            let (t, used) = target(&a.pos)?;
            no_extra(&a.pos, used, path)?;
            Ok(wrap(Kubectl::Delete { target: t, orphan, dry_run }, &a, namespace))
        }
        "cordon" | "uncordon" => {
            let path = format!("kubectl {sub}");
            let a = split_flags(rest, &kflags(&[DRY_RUN]), &path, Tool::Kubectl)?;
            let dry_run = parse_dry_run(&a)?;
            let Some(node) = a.pos.first() else {
                return err(format!("error: USAGE: {sub} NODE [flags]\nSee '{path} -h' for help and examples"));
            };
            no_extra(&a.pos, 1, &path)?;
            let node = node.strip_prefix("node/").or_else(|| node.strip_prefix("nodes/")).unwrap_or(node).to_string();
            Ok(wrap(Kubectl::Cordon { node, unschedulable: sub == "cordon", dry_run }, &a, namespace))
        }
        "drain" => {
            let path = "kubectl drain";
            let flags = kflags(&[
                fl("ignore-daemonsets", None, false),
                fl("delete-emptydir-data", None, false),
                fl("force", None, false),
                fl("disable-eviction", None, false),
                fl("timeout", None, true),
                fl("grace-period", None, true),
                DRY_RUN,
            ]);
            let a = split_flags(rest, &flags, path, Tool::Kubectl)?;
            let dry_run = parse_dry_run(&a)?;
            let Some(node) = a.pos.first() else {
                return err("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples");
            };
            no_extra(&a.pos, 1, path)?;
            if let Some(t) = a.get("timeout")
                && crate::sim::duration::parse_duration(t).is_err()
                && t != "0"
            {
                return err(format!(
                    "error: invalid argument \"{}\" for \"--timeout\" flag: time: invalid duration \"{}\"\nSee 'kubectl drain --help' for usage.",
                    printable(t),
                    printable(t)
                ));
            }
            let node = node.strip_prefix("node/").or_else(|| node.strip_prefix("nodes/")).unwrap_or(node).to_string();
            let disable_eviction = a.get("disable-eviction").is_some();
            Ok(wrap(Kubectl::Drain { node, disable_eviction, dry_run }, &a, namespace))
        }
        "argo" => match rest.split_first() {
            Some((r, arest)) if r == "rollouts" => {
                let cmd = parse_argo(arest)?;
                match cmd {
                    Command::Argo { namespace: ns, cmd } => Ok(Command::Argo { namespace: ns.or(namespace), cmd }),
                    other => Ok(other),
                }
            }
            _ => err("error: unknown command \"argo\" for \"kubectl\"\n\nDid you mean this?\n\targo rollouts"),
        },
        "help" => Ok(Command::Help { topic: std::iter::once("kubectl".to_string()).chain(rest.iter().cloned()).collect() }),
        "--help" | "-h" => Ok(Command::Help { topic: vec!["kubectl".to_string()] }),
        other if other.starts_with('-') => {
            err(format!("error: unknown flag: {}\nSee 'kubectl --help' for usage.", printable(other)))
        }
        other => {
            let s = suggestions(other, KUBECTL_SUBCOMMANDS.iter().copied().filter(|c| *c != "help"));
            err(format!("error: unknown command \"{}\" for \"kubectl\"{}", printable(other), did_you_mean(&s)))
        }
    }
}

/// An int64 flag as pflag parses it (kubectl's `--to-revision`).
fn parse_i64_flag(args: &Args, long: &str, path: &str) -> Result<Option<i64>, ParseError> {
    match args.get(long) {
        None => Ok(None),
        Some(v) => v.parse::<i64>().map(Some).map_err(|_| ParseError {
            message: format!(
                "error: invalid argument \"{}\" for \"--{long}\" flag: strconv.ParseInt: parsing \"{}\": {}\nSee '{path} --help' for usage.",
                printable(v),
                printable(v),
                if v.trim_start_matches(['-', '+']).chars().all(|c| c.is_ascii_digit()) && !v.trim_start_matches(['-', '+']).is_empty() { "value out of range" } else { "invalid syntax" }
            ),
        }),
    }
}

fn argo_args(words: &[String], extra: &[Flag], path: &str) -> Result<Args, ParseError> {
    let mut specs = vec![NS, fl("watch", Some('w'), false), fl("timeout", None, true)];
    specs.extend_from_slice(extra);
    split_flags(words, &specs, path, Tool::Argo)
}

fn one_name(a: &Args) -> Result<String, ParseError> {
    match a.pos.as_slice() {
        [n] => Ok(n.clone()),
        other => err(format!("Error: accepts 1 arg(s), received {}", other.len())),
    }
}

fn parse_argo(words: &[String]) -> Result<Command, ParseError> {
    let Some((sub, rest)) = words.split_first() else {
        return Ok(Command::Help { topic: vec!["argo".to_string()] });
    };
    let path = format!("kubectl argo rollouts {sub}");
    let (cmd, a) = match sub.as_str() {
        "get" => {
            let a = argo_args(rest, &[], &path)?;
            match a.pos.as_slice() {
                [kind, name] if matches!(kind.as_str(), "rollout" | "rollouts" | "ro") => (Argo::Get { name: name.clone() }, a),
                [kind, _] => {
                    let s = suggestions(kind, ["rollout", "experiment"]);
                    return err(format!("Error: unknown command \"{}\" for \"kubectl-argo-rollouts get\"{}", printable(kind), did_you_mean(&s)));
                }
                _ => return err("Error: accepts 1 arg(s), received 0\n\nUsage: kubectl argo rollouts get rollout ROLLOUT_NAME"),
            }
        }
        "list" => {
            let a = argo_args(rest, &[fl("all-namespaces", Some('A'), false)], &path)?;
            match a.pos.as_slice() {
                [k] if matches!(k.as_str(), "rollouts" | "rollout" | "ro") => (Argo::List, a),
                _ => return err("Error: usage: kubectl argo rollouts list rollouts"),
            }
        }
        "status" => {
            let a = argo_args(rest, &[], &path)?;
            (Argo::Status { name: one_name(&a)? }, a)
        }
        "promote" => {
            let a = argo_args(rest, &[fl("full", None, false)], &path)?;
            let full = a.bool("full");
            (Argo::Promote { name: one_name(&a)?, full }, a)
        }
        "abort" => {
            let a = argo_args(rest, &[], &path)?;
            (Argo::Abort { name: one_name(&a)? }, a)
        }
        "undo" => {
            let a = argo_args(rest, &[fl("to-revision", None, true)], &path)?;
            let to_revision = parse_u32_flag(&a, "to-revision", Tool::Argo, &path)?.filter(|r| *r > 0);
            (Argo::Undo { name: one_name(&a)?, to_revision }, a)
        }
        "retry" => {
            let a = argo_args(rest, &[], &path)?;
            match a.pos.as_slice() {
                [kind, name] if matches!(kind.as_str(), "rollout" | "rollouts" | "ro") => (Argo::Retry { name: name.clone() }, a),
                [name] => (Argo::Retry { name: name.clone() }, a),
                _ => return err("Error: accepts 1 arg(s), received 0\n\nUsage: kubectl argo rollouts retry rollout ROLLOUT_NAME"),
            }
        }
        "pause" => {
            let a = argo_args(rest, &[], &path)?;
            (Argo::Pause { name: one_name(&a)? }, a)
        }
        "set" => {
            let Some((s, srest)) = rest.split_first() else {
                return err("Error: unknown command \"\" for \"kubectl-argo-rollouts set\"");
            };
            if s != "image" {
                let sg = suggestions(s, ["image"]);
                return err(format!("Error: unknown command \"{}\" for \"kubectl-argo-rollouts set\"{}", printable(s), did_you_mean(&sg)));
            }
            let a = argo_args(srest, &[], "kubectl argo rollouts set image")?;
            match a.pos.as_slice() {
                [name, pair] => match pair.split_once('=') {
                    Some((c, i)) if !c.is_empty() && !i.is_empty() => {
                        (Argo::SetImage { name: name.clone(), container: c.to_string(), image: i.to_string() }, a)
                    }
                    _ => return err(format!("Error: invalid format \"{}\", expected CONTAINER=IMAGE", printable(pair))),
                },
                other => return err(format!("Error: accepts 2 arg(s), received {}", other.len())),
            }
        }
        "help" | "--help" | "-h" => return Ok(Command::Help { topic: vec!["argo".to_string()] }),
        other => {
            let s = suggestions(other, ARGO_SUBCOMMANDS.iter().copied());
            return err(format!(
                "Error: unknown command \"{}\" for \"kubectl-argo-rollouts\"{}\nRun 'kubectl-argo-rollouts --help' for usage.",
                printable(other),
                did_you_mean(&s)
            ));
        }
    };
    Ok(Command::Argo { namespace: a.get("namespace").map(str::to_string), cmd })
}

fn lab_unknown(tool: &str, word: &str, subs: &[&str]) -> ParseError {
    let s = suggestions(word, subs.iter().copied());
    ParseError { message: format!("{tool}: unknown command \"{}\"{}", printable(word), did_you_mean(&s)) }
}

fn parse_version_number(tool: &str, v: &str) -> Result<u32, ParseError> {
    v.parse::<u32>().map_err(|_| ParseError { message: format!("{tool}: version must be a number, got \"{}\"", printable(v)) })
}

fn parse_registry(words: &[String]) -> Result<Command, ParseError> {
    no_flags(words, "registry")?;
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let subs = REGISTRY_SUBCOMMANDS;
    let r = match w.as_slice() {
        [] => return Ok(Command::Help { topic: vec!["registry".to_string()] }),
        ["models"] | ["list"] => Registry::Models,
        ["versions", m] | ["list", m] => Registry::Versions { model: (*m).to_string() },
        ["alias", "set", m, a, v] => Registry::SetAlias { model: (*m).to_string(), alias: (*a).to_string(), version: parse_version_number("registry", v)? },
        ["alias", ..] => return err("usage: registry alias set MODEL ALIAS VERSION"),
        ["tag", m, v, kv] => match kv.split_once('=') {
            Some((k, val)) if !k.is_empty() => Registry::Tag {
                model: (*m).to_string(),
                version: parse_version_number("registry", v)?,
                key: k.to_string(),
                value: val.to_string(),
            },
            _ => return err("usage: registry tag MODEL VERSION KEY=VALUE"),
        },
        ["tag", ..] => return err("usage: registry tag MODEL VERSION KEY=VALUE"),
        ["versions"] => return err("usage: registry versions MODEL"),
        [x, ..] if subs.contains(x) => return err(format!("usage: registry {x} …  (see 'help registry')")),
        [x, ..] => return Err(lab_unknown("registry", x, &subs)),
    };
    Ok(Command::Registry(r))
}

fn parse_serving(words: &[String]) -> Result<Command, ParseError> {
    no_flags(words, "serving")?;
    match words.first().map(String::as_str) {
        None | Some("status") if words.len() <= 1 => Ok(Command::Serving(Serving::Status)),
        Some("reload") | Some("restart") => Ok(Command::Serving(Serving::Reload)),
        Some(x) => Err(lab_unknown("serving", x, &SERVING_SUBCOMMANDS)),
        None => err("usage: serving status|reload"),
    }
}

fn parse_db(words: &[String]) -> Result<Command, ParseError> {
    no_flags(words, "db")?;
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let d = match w.as_slice() {
        [] | ["status"] => Db::Status,
        ["snapshot", "create", n] => Db::SnapshotCreate { name: (*n).to_string() },
        ["snapshot", "list"] | ["snapshots"] => Db::SnapshotList,
        ["snapshot", "restore", n] | ["restore", n] => Db::SnapshotRestore { name: (*n).to_string() },
        ["snapshot", x, ..] if !DB_SNAPSHOT_SUBCOMMANDS.contains(x) => {
            return Err(lab_unknown("db snapshot", x, &DB_SNAPSHOT_SUBCOMMANDS));
        }
        ["snapshot", ..] => return err("usage: db snapshot create NAME | db snapshot list | db snapshot restore NAME"),
        ["writes", "stop"] | ["stop-writes"] => Db::StopWrites,
        ["writes", "resume"] | ["writes", "start"] | ["resume-writes"] => Db::ResumeWrites,
        ["writes", ..] => return err("usage: db writes stop|resume"),
        ["migrate", v] => Db::Migrate { to: parse_version_number("db", v)? },
        ["migrate", ..] => return err("usage: db migrate SCHEMA_VERSION"),
        [x, ..] => return Err(lab_unknown("db", x, &DB_SUBCOMMANDS)),
    };
    Ok(Command::Db(d))
}

fn parse_traffic(words: &[String]) -> Result<Command, ParseError> {
    no_flags(words, "traffic")?;
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let t = match w.as_slice() {
        [] | ["show"] => Traffic::Show,
        ["switch", s, v] => Traffic::Switch { service: (*s).to_string(), version: (*v).to_string() },
        ["switch", ..] => return err("usage: traffic switch SERVICE VERSION"),
        ["weight", r, p] => {
            let p = p.trim_end_matches('%');
            match p.parse::<u32>() {
                Ok(n) if n <= 100 => Traffic::Weight { rollout: (*r).to_string(), percent: n },
                _ => return err(format!("traffic: weight must be a whole percentage from 0 to 100, got \"{}\"", printable(p))),
            }
        }
        ["weight", ..] => return err("usage: traffic weight ROLLOUT PERCENT"),
        [x, ..] => return Err(lab_unknown("traffic", x, &TRAFFIC_SUBCOMMANDS)),
    };
    Ok(Command::Traffic(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Command {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn statefulset_spellings_and_cascade() {
        let a = p("kubectl rollout undo sts/myapp");
        for s in ["kubectl rollout undo statefulset myapp", "kubectl rollout undo statefulsets.apps/myapp", "kubectl rollout undo statefulset.apps/myapp"] {
            assert_eq!(a, p(s), "{s}");
        }
        assert_eq!(p("kubectl get persistentvolumeclaims"), p("kubectl get pvc"));
        assert_eq!(p("kubectl get controllerrevision"), p("kubectl get controllerrevisions.apps"));
        let orphan = p("kubectl delete sts myapp --cascade=orphan");
        assert_eq!(orphan, p("kubectl delete sts myapp --cascade=false"));
        assert_ne!(orphan, p("kubectl delete sts myapp"));
        for cascade in ["background", "foreground", "true"] {
            assert_eq!(p(&format!("kubectl delete sts myapp --cascade={cascade}")), p("kubectl delete sts myapp"), "{cascade}");
        }
        assert_eq!(
            parse("kubectl delete sts myapp --cascade=sideways").unwrap_err().message,
            "error: invalid cascade value (sideways). Must be \"background\", \"foreground\", or \"orphan\""
        );
        assert!(p("kubectl get all").to_string().contains("statefulsets"), "get all lists StatefulSets as kubectl does");
    }

    #[test]
    fn equivalent_spellings() {
        let a = p("kubectl rollout undo deploy/myapp");
        assert_eq!(a, p("kubectl rollout undo deployment myapp"));
        assert_eq!(a, p("kubectl rollout undo deployments.apps/myapp"));
        assert_eq!(a, p("k rollout undo deployment/myapp"));
        assert_eq!(p("kubectl rollout undo deploy/myapp --to-revision=2"), p("kubectl rollout undo deployment/myapp --to-revision 2"));
        assert_eq!(p("kubectl argo rollouts abort myapp"), p("kubectl-argo-rollouts abort myapp"));
        assert_eq!(p("kubectl get po"), p("kubectl get pods"));
        // --dry-run: none, false and no flag are one command; bare, true and client another.
        let real = p("kubectl rollout undo deploy/myapp");
        assert_eq!(real, p("kubectl rollout undo deploy/myapp --dry-run=none"));
        assert_eq!(real, p("kubectl rollout undo deploy/myapp --dry-run=false"));
        assert!(!real.is_dry_run());
        let client = p("kubectl rollout undo deploy/myapp --dry-run=client");
        assert!(client.is_dry_run());
        assert_eq!(client, p("kubectl rollout undo --dry-run deploy/myapp"));
        assert_eq!(client, p("kubectl rollout undo deploy/myapp --dry-run=true"));
        assert!(p("kubectl delete pod x --dry-run=server").is_dry_run());
        assert!(!p("kubectl get pods").is_dry_run());
        assert_eq!(p("kubectl rollout undo deploy/myapp --to-revision=0"), real);
        assert_eq!(p("kubectl --context lab get pods"), p("kubectl get pods --context=lab"));
        assert_eq!(p("kubectl get pods -ojson"), p("kubectl get pods --output=json"));
        assert_eq!(p("kubectl patch deploy myapp --type=strategic -p '{}'"), p("kubectl patch deploy myapp -p '{}'"));
    }

    #[test]
    fn kubectl_flag_errors() {
        let e = |s: &str| parse(s).unwrap_err().message;
        assert_eq!(e("kubectl rollout undo deploy/myapp --dry-run=bogus"), "error: Invalid dry-run value (bogus). Must be \"none\", \"server\", or \"client\".");
        assert_eq!(e("kubectl rollout restart deploy/myapp --dry-run=server"), "error: unknown flag: --dry-run\nSee 'kubectl rollout restart --help' for usage.");
        assert_eq!(
            e("kubectl rollout undo deploy/myapp --to-revision=two"),
            "error: invalid argument \"two\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"two\": invalid syntax\nSee 'kubectl rollout undo --help' for usage."
        );
        assert_eq!(e("kubectl get pods -o jsonpath"), "error: template format specified but no template given");
        assert_eq!(e("kubectl scale deploy/myapp --replicas=-1"), "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        assert_eq!(e("kubectl get pods -A mypod"), "error: a resource cannot be retrieved by name across all namespaces");
        assert_eq!(e("kubectl logs mypod -l app=x"), "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples");
        assert!(e("kubectl top services").starts_with("error: unknown command \"services\" for \"kubectl top\""));
    }

    #[test]
    fn dry_run_warnings_are_klogs() {
        assert_eq!(warnings("kubectl rollout undo deploy/x --dry-run"), vec!["W helpers.go:714] --dry-run is deprecated and can be replaced with --dry-run=client.".to_string()]);
        assert_eq!(warnings("kubectl scale deploy/x --replicas=1 --dry-run=true"), vec!["W helpers.go:728] --dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.".to_string()]);
        assert!(warnings("kubectl rollout undo deploy/x --dry-run=server").is_empty());
        assert!(warnings("kubectl rollout undo deploy/x --dry-run=bogus").is_empty(), "a refused line warns nothing");
        assert!(warnings("notify team --dry-run").is_empty());
    }

    #[test]
    fn canonical_round_trip() {
        for s in [
            "kubectl get pods -o wide",
            "kubectl rollout undo deploy/myapp --to-revision=3",
            "kubectl -n prod rollout status deployment myapp",
            "kubectl set image deployment/myapp myapp=reg/myapp:v1",
            "kubectl patch cm myapp-config -p '{\"data\":{\"A\":\"1\"}}'",
            "kubectl argo rollouts promote myapp --full",
            "kubectl argo rollouts undo myapp --to-revision=2",
            "registry alias set fraud champion 2",
            "db snapshot restore pre-v2",
            "traffic weight myapp 0",
            "notify ml-oncall rolled back to v1, investigating",
            "wait 1m30s",
            "kubectl logs deploy/myapp --previous --tail=20",
            "kubectl get events --sort-by=.lastTimestamp",
            "kubectl get pods -A --no-headers --field-selector=status.phase=Running -l app=myapp",
            "kubectl get deploy myapp -o jsonpath='{.spec.template.spec.containers[0].image}'",
            "kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image",
            "kubectl get pods -o json --context=lab",
            "kubectl describe pods -l version=v2",
            "kubectl logs -l app=myapp --previous --since=5m --tail=3",
            "kubectl top pods -l app=myapp",
            "kubectl top nodes",
            "kubectl rollout undo deploy/myapp --to-revision=-1",
            "kubectl rollout undo deploy/myapp --dry-run=server",
            "kubectl set image deployment/myapp '*=reg/myapp:v1' --dry-run=client",
            "kubectl scale deploy/myapp --replicas=3 --dry-run=server",
            "kubectl patch deployment myapp --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"reg/myapp:v1\"}]'",
            "kubectl delete pod myapp-x --dry-run=client",
            "kubectl rollout undo sts/myapp --to-revision=2",
            "kubectl delete statefulset myapp --cascade=orphan --dry-run=server",
            "kubectl get controllerrevisions,pvc -o wide",
            "kubectl patch statefulset myapp --type=merge -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}'",
        ] {
            let c = p(s);
            assert_eq!(parse(&c.to_string()), Ok(c.clone()), "{s} -> {c}");
        }
    }

    #[test]
    fn unknown_command_suggests() {
        let e = parse("kubectl rollbak undo").unwrap_err().message;
        assert_eq!(e, "error: unknown command \"rollbak\" for \"kubectl\"\n\nDid you mean this?\n\trollout");
        let e = parse("kubctl get pods").unwrap_err().message;
        assert!(e.starts_with("kubctl: command not found\n\nDid you mean this?\n\tkubectl"), "{e}");
    }

    #[test]
    fn unknown_flag() {
        let e = parse("kubectl rollout undo deploy/myapp --to-revison=2").unwrap_err().message;
        assert_eq!(
            e,
            "error: unknown flag: --to-revison\nSee 'kubectl rollout undo --help' for usage.\n\nDid you mean this?\n\t--to-revision"
        );
        let e = parse("kubectl argo rollouts promote myapp --foo").unwrap_err().message;
        assert_eq!(e, "Error: unknown flag: --foo");
    }

    #[test]
    fn unknown_resource() {
        let e = parse("kubectl get podz").unwrap_err().message;
        assert!(e.starts_with("error: the server doesn't have a resource type \"podz\""), "{e}");
        let e = parse("kubectl rollout undo myapp").unwrap_err().message;
        assert_eq!(e, "error: the server doesn't have a resource type \"myapp\"");
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for s in ["", "   ", "#", "'", "\"", "\\", "kubectl -n", "kubectl rollout undo deploy/", "kubectl get /x", "é/ü", "kubectl -", "kubectl get pods -o", "kubectl logs -p", "db migrate -1", "kubectl rollout undo deploy/x -"] {
            let _ = parse(s);
        }
    }

    #[test]
    fn quoting_survives_the_tokenizer() {
        for msg in ["rolled back", "it's fine", "naïve — ok", "100%", "a\\b"] {
            let line = format!("notify team {}", quote(msg));
            assert_eq!(tokenize(&line).unwrap(), vec!["notify", "team", msg], "{line}");
        }
        assert_eq!(quote("deployment/checkout"), "deployment/checkout");
    }

    #[test]
    fn quotes_and_comments() {
        assert_eq!(tokenize("a 'b c' \"d \\\"e\\\"\" # f").unwrap(), vec!["a", "b c", "d \"e\""]);
        assert_eq!(parse("# just a comment"), Ok(Command::Empty));
    }
}
