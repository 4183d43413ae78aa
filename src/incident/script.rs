//! Action scripts: `45 kubectl rollout undo deploy/x`, one timed console line a line, `#` comments.
//!
//! The one parser of the format. `lab sim`, `lab grade`, `lab check` (the reference scripts), the
//! grader's reference run and the tests all read scripts through [`Script::parse`]; replay codes
//! decode to a [`Script`] too, so every way of replaying a run starts from the same value.
//!
//! Architecture invariant: never panics; an error names the 1-based line and says what is wrong.

use std::fmt;

use crate::sim::duration::{format_duration, parse_duration};
use crate::sim::parse;

/// One timed action of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptAction {
    /// Line number in the script text (1-based; 0 for actions that did not come from a text).
    pub line: usize,
    /// Tick (simulated second) at which it runs.
    pub at: u32,
    /// The console line, as typed.
    pub command: String,
}

/// Timed console lines in time order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// The actions, never going back in time.
    pub actions: Vec<ScriptAction>,
}

/// Why a script could not be read: the line and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong (may span several lines, as the console's parse errors do).
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl ScriptError {
    /// The error prefixed with a file name, as compilers do: `actions.txt:3: …`.
    pub fn in_file(&self, file: &str) -> String {
        format!("{file}:{}: {}", self.line, self.message)
    }
}

impl Script {
    /// Parses a script. Only its form is checked (times, order, a command after each time): a
    /// command the console does not know is kept, and when the script runs it prints the console's
    /// error line and counts as a failed action, as it would in the browser; the run goes on.
    pub fn parse(text: &str) -> Result<Script, ScriptError> {
        Script::read(text, false)
    }

    /// Parses a script whose every command must also parse with the console's parser: a scenario's
    /// reference script (`lab check`), where a typo must be caught when the scenario is checked,
    /// not when a learner is graded.
    pub fn parse_strict(text: &str) -> Result<Script, ScriptError> {
        Script::read(text, true)
    }

    fn read(text: &str, strict: bool) -> Result<Script, ScriptError> {
        let mut actions = Vec::new();
        let mut last = 0u32;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let err = |message: String| ScriptError { line, message };
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (time, rest) = trimmed.split_once(char::is_whitespace).unwrap_or((trimmed, ""));
            let at = parse_duration(time).map_err(err)?;
            if at < last {
                return Err(err(format!("time {time} is before the previous action ({})", format_duration(last))));
            }
            let command = rest.trim().to_string();
            if command.is_empty() {
                return Err(err(format!("a command is needed after the time {time}")));
            }
            if strict && let Err(e) = parse(&command) {
                return Err(err(e.to_string()));
            }
            last = at;
            actions.push(ScriptAction { line, at, command });
        }
        Ok(Script { actions })
    }

    /// A script from timed lines already in time order (a replay code's, a run's action log).
    /// Lines are not parsed here: a line that does not parse is replayed as typed, and fails as it
    /// did in the run.
    pub fn from_timed<'a>(actions: impl IntoIterator<Item = (u32, &'a str)>) -> Script {
        Script { actions: actions.into_iter().map(|(at, command)| ScriptAction { line: 0, at, command: command.to_string() }).collect() }
    }

    /// Whether the script has no action.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_command_is_kept_only_a_bad_time_rejects() {
        let s = Script::parse("10 kubectl rollbak\n20 frobnicate --now\n30 kubectl get pods").unwrap();
        assert_eq!(s.actions.iter().map(|a| a.command.as_str()).collect::<Vec<_>>(), vec!["kubectl rollbak", "frobnicate --now", "kubectl get pods"]);
        let e = Script::parse("10 kubectl get pods\n1x0 kubectl get pods").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(Script::parse_strict("10 kubectl rollbak").is_err());
    }

    #[test]
    fn parses_times_comments_and_commands() {
        let s = Script::parse("# header\n\n30 kubectl get pods\n1m30s   kubectl rollout undo deploy/x\n").unwrap();
        assert_eq!(s.actions, vec![
            ScriptAction { line: 3, at: 30, command: "kubectl get pods".into() },
            ScriptAction { line: 4, at: 90, command: "kubectl rollout undo deploy/x".into() },
        ]);
    }

    #[test]
    fn errors_name_the_line() {
        for (text, line, part) in [
            ("10 metrics\n5 alerts", 2, "before the previous action (10s)"),
            ("10", 1, "a command is needed after the time 10"),
            ("x metrics", 1, ""),
            ("10 kubectl rollbak", 1, "rollbak"),
        ] {
            let e = Script::parse_strict(text).unwrap_err();
            assert_eq!(e.line, line, "{text}: {e}");
            assert!(e.message.contains(part), "{text}: {e}");
            assert!(e.in_file("a.txt").starts_with(&format!("a.txt:{line}: ")));
        }
    }
}
