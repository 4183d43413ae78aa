//! Action scripts (`45 kubectl rollout undo deploy/x`, one a line, `#` comments), parsed without IO so
//! the grader can replay a scenario's reference script in the browser too.
//!
//! Architecture invariant: never panics; errors name the 1-based line.

use crate::sim::duration::parse_duration;
use crate::sim::{Scenario, Sim, parse};

/// Parses a script into (tick, command line) pairs, in time order.
pub fn parse_script(text: &str) -> Result<Vec<(u32, String)>, String> {
    let mut out = Vec::new();
    let mut last = 0u32;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (time, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let at = parse_duration(time).map_err(|e| format!("line {}: {e}", i + 1))?;
        if at < last {
            return Err(format!("line {}: time {time} is before the previous action", i + 1));
        }
        let cmd = rest.trim();
        if cmd.is_empty() {
            return Err(format!("line {}: a command is needed after the time", i + 1));
        }
        if let Err(e) = parse(cmd) {
            return Err(format!("line {}: {}", i + 1, e.message.lines().next().unwrap_or("")));
        }
        last = at;
        out.push((at, cmd.to_string()));
    }
    Ok(out)
}

/// Runs `scenario` with `seed`, the timed commands, until tick `end`.
pub fn run(scenario: &Scenario, seed: u64, actions: &[(u32, String)], end: u32) -> Sim {
    let mut sim = Sim::new(scenario, seed);
    for (at, cmd) in actions {
        if *at >= end {
            break;
        }
        sim.run_until(*at);
        sim.exec(cmd);
    }
    sim.run_until(end);
    sim
}
