//! [`IncidentRun`]: one run of an incident, the simulator plus the rules of the run.
//!
//! The browser, `lab` and the grader all drive a run the same way, through [`IncidentRun::reduce`],
//! so the rules below are written once:
//!
//! 1. The clock never passes the run's end (the scenario's duration; for the grader's comparison
//!    runs, the learner's last tick). A console `wait` is a command, not the clock: it may.
//! 2. A graded run has a time limit. The clock may reach it; asking it to go further finishes the
//!    run, and so does a command that leaves the clock at or past the limit. A graded run therefore
//!    never records an action after its limit.
//! 3. [`Action::Finish`] plays the rest of the scenario out as the learner left it, to the end.
//!    A finished run ignores every later action.
//! 4. A script ([`IncidentRun::play`]) runs each action at its tick; an action at or after the end
//!    is not run, and the script stops where the run stops accepting commands.
//!
//! Architecture invariant: plain Rust, no clock (time is the tick counter), never panics on any
//! action or line.

use super::script::Script;
use super::transcript::TranscriptEntry;
use crate::clock::clock;
use crate::sim::{Failure, Scenario, Sim};

/// Whether a run is graded (with a time limit) or a sandbox (no limit, never graded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The learner has until `limit` (a tick); then the run finishes and is graded.
    Graded {
        /// The time limit in simulated seconds.
        limit: u32,
    },
    /// Free practice: no limit, the console still answers after the end.
    Sandbox,
}

impl Mode {
    /// The graded mode with the scenario's time limit.
    pub fn graded(scenario: &Scenario) -> Mode {
        Mode::Graded { limit: scenario.time_limit_secs() }
    }

    /// How a scenario runs by default: graded when it has a `[workflow]`, else a sandbox.
    pub fn for_scenario(scenario: &Scenario) -> Mode {
        if scenario.workflow.is_some() { Mode::graded(scenario) } else { Mode::Sandbox }
    }
}

/// Everything that changes a run.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// One simulated second (the page's clock, the step button).
    Step,
    /// Let time pass until the tick (a script's next action).
    AdvanceTo(u32),
    /// Run a console line at the current tick.
    Exec(String),
    /// Add a failure now or later (the Sandbox's chaos panel).
    Inject(Failure),
    /// The learner is done: the rest plays out to the end.
    Finish,
}

/// One run of an incident: the simulator, the mode and its limit, the end, the transcript.
#[derive(Clone, Debug)]
pub struct IncidentRun {
    sim: Sim,
    mode: Mode,
    end: u32,
    transcript: Vec<TranscriptEntry>,
    finished: bool,
}

impl IncidentRun {
    /// A fresh run of `scenario` with randomness from `seed`.
    pub fn new(scenario: &Scenario, seed: u64, mode: Mode) -> IncidentRun {
        IncidentRun { sim: Sim::new(scenario, seed), mode, end: IncidentRun::end_of(scenario), transcript: Vec::new(), finished: false }
    }

    /// The tick a fresh run of `scenario` ends at: the scenario's duration.
    pub fn end_of(scenario: &Scenario) -> u32 {
        scenario.duration.0
    }

    /// The same run ending at `end` instead of the scenario's duration (the grader compares runs
    /// up to the learner's last tick).
    pub fn ending_at(mut self, end: u32) -> IncidentRun {
        self.end = end;
        self
    }

    /// Plays `script` on a fresh run and finishes it: how `lab sim`, `lab grade`, `lab check`,
    /// replay codes and the grader's reference run all replay a script.
    pub fn replay(scenario: &Scenario, seed: u64, mode: Mode, script: &Script) -> IncidentRun {
        let mut run = IncidentRun::new(scenario, seed, mode);
        run.play(script);
        run.reduce(Action::Finish);
        run
    }

    /// Runs the script's actions at their ticks (rule 4); does not finish the run. The actions at or
    /// past the end are not simulated (the clock never goes there); each is reported by a note in
    /// the transcript instead, so a typo such as `1000h` costs nothing and is visible.
    pub fn play(&mut self, script: &Script) {
        for (i, a) in script.actions.iter().enumerate() {
            if a.at >= self.end {
                for late in script.actions.iter().skip(i) {
                    let text = format!(
                        "not simulated: past the scenario's end at {}: {} {}",
                        crate::sim::duration::format_duration(self.end),
                        crate::sim::duration::format_duration(late.at),
                        late.command
                    );
                    self.transcript.push(TranscriptEntry { tick: self.sim.tick(), line: String::new(), text, is_error: true });
                }
                break;
            }
            self.reduce(Action::AdvanceTo(a.at));
            if !self.accepts_commands() {
                break;
            }
            self.reduce(Action::Exec(a.command.clone()));
        }
    }

    /// Applies one action under the run's rules (see the module docs).
    pub fn reduce(&mut self, action: Action) {
        if self.finished {
            return;
        }
        match action {
            Action::Step => self.step(),
            Action::AdvanceTo(tick) => {
                while !self.finished && self.sim.tick() < tick.min(self.end) {
                    self.step();
                }
                // Asked past the limit (and the end): the run is over.
                if tick > self.end {
                    self.step();
                }
            }
            Action::Exec(line) => {
                let tick = self.sim.tick();
                let out = self.sim.exec(&line);
                self.transcript.push(TranscriptEntry { tick, line: line.trim().to_string(), text: out.text, is_error: out.is_error });
                if self.limit().is_some_and(|l| self.sim.tick() >= l) {
                    self.finish();
                }
            }
            Action::Inject(f) => {
                let text = format!("Injected {} on {} at {}.", f.kind.name(), f.kind.target_label(), clock(f.at));
                self.sim.inject(f);
                self.transcript.push(TranscriptEntry { tick: self.sim.tick(), line: String::new(), text, is_error: false });
            }
            Action::Finish => self.finish(),
        }
    }

    fn step(&mut self) {
        match self.mode {
            Mode::Graded { limit } if self.sim.tick() >= limit => self.finish(),
            _ if self.sim.tick() >= self.end => {}
            _ => self.sim.step(),
        }
    }

    fn finish(&mut self) {
        self.sim.run_until(self.end);
        self.finished = true;
    }

    /// The simulator, to read (its view, metrics, events, action log).
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// The simulator, keeping nothing else of the run.
    pub fn into_sim(self) -> Sim {
        self.sim
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The time limit of a graded run.
    pub fn limit(&self) -> Option<u32> {
        match self.mode {
            Mode::Graded { limit } => Some(limit),
            Mode::Sandbox => None,
        }
    }

    /// The tick the run ends at.
    pub fn end(&self) -> u32 {
        self.end
    }

    /// Whether the run is finished (graded: the learner is done or the time is up).
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Whether the clock has stopped (at the end, or finished); the console of a sandbox still answers.
    pub fn clock_stopped(&self) -> bool {
        self.finished || self.sim.tick() >= self.end
    }

    /// Whether a console line would run now.
    pub fn accepts_commands(&self) -> bool {
        !self.finished
    }

    /// The console transcript, oldest first.
    pub fn transcript(&self) -> &[TranscriptEntry] {
        &self.transcript
    }

    /// The run as a script: each recorded action at its tick (what a replay code carries).
    pub fn script(&self) -> Script {
        Script::from_timed(self.sim.actions().iter().map(|a| (a.tick, a.line.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(limit: &str) -> Scenario {
        Scenario::from_json(&format!(
            r#"{{"id":"t","title":"T","duration":"10m","time_limit":"{limit}","app":{{"name":"myapp","strategy":"rolling","image":"reg/myapp","version":"v2","previous_versions":["v1"],"replicas":2}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn graded_runs_finish_at_the_limit_and_then_ignore_everything() {
        let sc = scenario("2m");
        let mut run = IncidentRun::new(&sc, 1, Mode::graded(&sc));
        run.reduce(Action::AdvanceTo(120));
        assert_eq!((run.sim().tick(), run.is_finished()), (120, false));
        run.reduce(Action::Step);
        assert!(run.is_finished());
        assert_eq!(run.sim().tick(), 600, "finishing plays the rest out");
        run.reduce(Action::Exec("kubectl get pods".into()));
        assert!(run.sim().actions().is_empty() && run.transcript().is_empty());
    }

    #[test]
    fn a_script_stops_at_the_limit() {
        let sc = scenario("2m");
        let script = Script::parse("10 kubectl get pods\n2m metrics\n3m alerts\n").unwrap();
        let run = IncidentRun::replay(&sc, 1, Mode::graded(&sc), &script);
        let ticks: Vec<u32> = run.sim().actions().iter().map(|a| a.tick).collect();
        assert_eq!(ticks, vec![10, 120], "the action at the limit runs (and ends the run), the later one does not");
        assert_eq!(run.transcript().len(), 2);
        assert_eq!(run.script().actions.len(), 2);
    }

    #[test]
    fn a_line_past_the_end_is_reported_and_not_simulated() {
        let sc = scenario("5m");
        let script = Script::parse("10 kubectl get pods\n20 kubectl frobnicate\n1000h kubectl rollout undo deploy/myapp\n").unwrap();
        let run = IncidentRun::replay(&sc, 1, Mode::graded(&sc), &script);
        assert_eq!(run.sim().tick(), 600, "the clock stops at the scenario's end, never at 1000h");
        let actions: Vec<(u32, bool)> = run.sim().actions().iter().map(|a| (a.tick, a.ok)).collect();
        assert_eq!(actions, vec![(10, true), (20, false)], "the unknown command is a failed action; the late line never runs");
        assert!(run.transcript()[1].text.starts_with("error: unknown command \"frobnicate\""), "{:?}", run.transcript()[1]);
        let note = &run.transcript()[2];
        assert!(note.is_note() && note.text == "not simulated: past the scenario's end at 10m: 1000h kubectl rollout undo deploy/myapp", "{note:?}");
    }

    #[test]
    fn a_sandbox_clock_stops_at_the_end_and_the_console_still_answers() {
        let sc = scenario("2m");
        let mut run = IncidentRun::new(&sc, 1, Mode::Sandbox);
        run.reduce(Action::AdvanceTo(5000));
        assert_eq!(run.sim().tick(), 600);
        assert!(run.clock_stopped() && !run.is_finished());
        run.reduce(Action::Exec("kubectl get pods".into()));
        assert_eq!(run.transcript().len(), 1);
        run.reduce(Action::Inject(Failure { at: 0, until: None, kind: crate::sim::FailureKind::NodeFailure { node: "node-1".into() } }));
        assert!(run.transcript()[1].is_note());
    }
}
