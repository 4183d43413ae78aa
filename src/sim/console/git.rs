//! A tiny `git` for the GitOps revert path: `git log --oneline`, `git revert [--no-edit] REV`,
//! `git push`, in the simulated clone of the Application's repository.
//!
//! Architecture invariant: the console changes the repository only through the simulator's
//! `git_revert` and `git_push`; output follows git's own layout (`[main 1a2b3c4] Revert "…"`,
//! `   9f8e7d6..1a2b3c4  main -> main`).

use std::fmt;

use serde::Serialize;

use super::parse::{ParseError, err, write_quoted};
use super::suggest::{did_you_mean, suggestions};
use crate::sim::gitops::Pushed;
use crate::sim::simulator::{Output, Sim};

/// A `git` command.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum GitCommand {
    /// `git log --oneline [-n N]`
    Log { max: Option<u32> },
    /// `git revert --no-edit REV`
    Revert { rev: String },
    /// `git push [origin [main]]`
    Push,
}

/// `git` subcommands the console knows.
pub const GIT_SUBCOMMANDS: [&str; 3] = ["log", "revert", "push"];

impl GitCommand {
    /// Whether the command only looks (changes nothing): `log`.
    pub fn is_look(&self) -> bool {
        matches!(self, GitCommand::Log { .. })
    }
}

impl fmt::Display for GitCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitCommand::Log { max: None } => write!(f, "git log --oneline"),
            GitCommand::Log { max: Some(n) } => write!(f, "git log --oneline -n {n}"),
            GitCommand::Revert { rev } => write_quoted(f, "git revert --no-edit ", rev),
            GitCommand::Push => write!(f, "git push"),
        }
    }
}

/// Parses the words after `git`.
pub fn parse_git(words: &[String]) -> Result<super::Command, ParseError> {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let cmd = match w.as_slice() {
        [] => return Ok(super::Command::Help { topic: vec!["git".to_string()] }),
        ["log", rest @ ..] => {
            let mut max = None;
            let mut oneline = false;
            let mut i = 0;
            while let Some(a) = rest.get(i) {
                match *a {
                    "--oneline" => oneline = true,
                    "-n" | "--max-count" => {
                        i += 1;
                        max = rest.get(i).and_then(|v| v.parse().ok());
                        if max.is_none() {
                            return err("fatal: '-n' requires a number");
                        }
                    }
                    x if x.starts_with('-') && x.len() > 1 && x[1..].bytes().all(|b| b.is_ascii_digit()) => max = x[1..].parse().ok(),
                    x => return err(format!("fatal: the console's git log takes --oneline and -n N, not '{}'", super::cobra::clean(x))),
                }
                i += 1;
            }
            if !oneline {
                return err("the console's git log prints only --oneline: try 'git log --oneline'");
            }
            GitCommand::Log { max }
        }
        ["revert", rest @ ..] => {
            let revs: Vec<&str> = rest.iter().copied().filter(|a| *a != "--no-edit").collect();
            match revs.as_slice() {
                [rev] if !rev.starts_with('-') => GitCommand::Revert { rev: (*rev).to_string() },
                [] => return err("usage: git revert [--no-edit] <commit>"),
                _ => return err("usage: git revert [--no-edit] <commit>  (the console reverts one commit)"),
            }
        }
        ["push"] | ["push", "origin"] | ["push", "origin", "main"] | ["push", "origin", "HEAD"] => GitCommand::Push,
        ["push", ..] => return err("usage: git push [origin [main]]"),
        ["help" | "--help" | "-h", ..] => return Ok(super::Command::Help { topic: vec!["git".to_string()] }),
        [other, ..] => {
            let s = suggestions(other, GIT_SUBCOMMANDS.iter().copied());
            let hint = did_you_mean(&s).replace("Did you mean this?", "The most similar command is");
            return err(format!("git: '{}' is not a git command. See 'git --help'.{hint}", super::cobra::clean(other)));
        }
    };
    Ok(super::Command::Git(cmd))
}

/// Runs a `git` command.
pub fn exec_git(sim: &mut Sim, cmd: &GitCommand) -> Output {
    match cmd {
        GitCommand::Log { max } => {
            let Some(g) = sim.gitops() else { return Output::err("fatal: not a git repository (or any of the parent directories): .git") };
            let commits = &g.repo.commits;
            let remote = g.repo.remote_head().map(|c| c.sha.clone());
            let n = max.map_or(usize::MAX, |m| m as usize);
            let lines: Vec<String> = commits
                .iter()
                .rev()
                .enumerate()
                .take(n)
                .map(|(i, c)| {
                    let mut refs = Vec::new();
                    if i == 0 {
                        refs.push("HEAD -> main".to_string());
                    }
                    if remote.as_deref() == Some(c.sha.as_str()) {
                        refs.push("origin/main".to_string());
                    }
                    if refs.is_empty() { format!("{} {}", c.short(), c.message) } else { format!("{} ({}) {}", c.short(), refs.join(", "), c.message) }
                })
                .collect();
            Output::ok(lines.join("\n"))
        }
        GitCommand::Revert { rev } => match sim.git_revert(rev) {
            Ok(r) => Output::ok(format!("[main {}] {}\n 1 file changed, 1 insertion(+), 1 deletion(-)", r.short, r.subject)),
            Err(e) => Output::err(e),
        },
        GitCommand::Push => {
            let url = sim.gitops().map(|g| g.repo.url.clone()).unwrap_or_default();
            match sim.git_push() {
                Ok(Pushed::UpToDate) => Output::ok("Everything up-to-date"),
                Ok(Pushed::Moved(a, b)) => Output::ok(format!("To {url}\n   {a}..{b}  main -> main")),
                Err(e) => Output::err(e),
            }
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
            "app":{"name":"catalog","strategy":"rolling","image":"reg/catalog","version":"v3","previous_versions":["v2"],"replicas":3},
            "update":{"at":"10s","version":"v4"},
            "argocd":{"app":"catalog","repo_url":"https://git.example.com/platform/deploy.git","path":"apps/catalog",
                      "update_commit":"catalog: v4",
                      "commits":[{"message":"catalog: v2","version":"v2"},{"message":"catalog: v3","version":"v3"}]}}"#,
        )
        .unwrap();
        let mut s = Sim::new(&sc, 1);
        s.run_until(30);
        s
    }

    #[test]
    fn log_revert_push() {
        let mut s = sim();
        let log = s.exec("git log --oneline").text;
        let first: Vec<&str> = log.lines().collect();
        assert_eq!(first.len(), 3);
        assert!(first[0].ends_with(" (HEAD -> main, origin/main) catalog: v4"), "{log}");
        let out = s.exec("git revert --no-edit HEAD");
        assert!(!out.is_error, "{}", out.text);
        let short = out.text.get(6..13).unwrap().to_string();
        assert_eq!(out.text, format!("[main {short}] Revert \"catalog: v4\"\n 1 file changed, 1 insertion(+), 1 deletion(-)"));
        let log = s.exec("git log --oneline -n 2").text;
        assert_eq!(log.lines().count(), 2);
        assert!(log.starts_with(&format!("{short} (HEAD -> main) Revert \"catalog: v4\"\n")), "{log}");
        assert!(log.lines().nth(1).unwrap().contains(" (origin/main) catalog: v4"), "{log}");
        let push = s.exec("git push").text;
        assert!(push.starts_with("To https://git.example.com/platform/deploy.git\n   ") && push.ends_with(&format!("..{short}  main -> main")), "{push}");
        assert_eq!(s.exec("git push origin main").text, "Everything up-to-date");
    }

    #[test]
    fn errors() {
        let mut s = sim();
        assert_eq!(s.exec("git revert --no-edit zzz").text, "fatal: bad revision 'zzz'");
        assert!(s.exec("git revrt HEAD").text.starts_with("git: 'revrt' is not a git command. See 'git --help'."));
        assert!(s.exec("git log").is_error);
        assert_eq!(crate::sim::parse("git revert HEAD"), crate::sim::parse("git revert --no-edit HEAD"));
        let look = |l: &str| matches!(crate::sim::parse(l), Ok(crate::sim::Command::Git(c)) if c.is_look());
        assert!(look("git log --oneline") && !look("git push") && !look("git revert --no-edit HEAD"));
    }
}
