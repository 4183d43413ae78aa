//! The incident screens' pieces (full build only): the running session and its panels, the grade
//! report, the replay code and the best grades. One component per file; the simulator and the
//! grader do the work, these only render their state and turn clicks and keys into console lines.

pub mod alerts_panel;
pub mod best_grades;
pub mod chaos_panel;
pub mod cluster_view;
pub mod console;
pub mod event_log;
pub mod grade_report;
pub mod metric_chart;
pub mod move_buttons;
pub mod replay_code;
pub mod scenario_store;
pub mod session;
pub mod time_controls;
pub mod timeline_chart;
pub mod traffic_split;

use std::cell::RefCell;
use std::rc::Rc;

use crate::sim::Sim;

/// Simulated seconds as `m:ss` (`h:mm:ss` past an hour).
pub fn clock(tick: u32) -> String {
    let (h, m, s) = (tick / 3600, tick / 60 % 60, tick % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// A simulator shared between the session and its panels (compared by identity).
#[derive(Clone)]
pub struct SharedSim(pub Rc<RefCell<Sim>>);

impl PartialEq for SharedSim {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One entry of the console's scrollback.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleEntry {
    /// Simulated second the command ran at.
    pub tick: u32,
    /// What was typed or clicked (empty for notes such as completions).
    pub line: String,
    /// What it printed.
    pub text: String,
    /// Whether it failed.
    pub is_error: bool,
}

/// Quotes a word for the console's shell-like parser (single quotes, `'` escaped).
pub fn shell_quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@,".contains(c)) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_formats() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(65), "1:05");
        assert_eq!(clock(3725), "1:02:05");
    }

    #[test]
    fn quoting_survives_the_parser() {
        for msg in ["rolled back", "it's fine", "naïve — ok", ""] {
            let line = format!("notify team {}", shell_quote(msg));
            match crate::sim::parse(&line) {
                Ok(crate::sim::Command::Notify { message, .. }) => assert_eq!(message, msg.trim(), "{line}"),
                other => assert!(msg.is_empty(), "{line}: {other:?}"),
            }
        }
    }
}
