//! The incident build's split part (see `../lazy_part.rs`): everything an incident needs once the
//! learner presses Start, or once a replay link is decoded: the running incident (cluster, traffic,
//! charts, alerts, console, the moves), the simulator behind it, the grader and the grade report.
//! The main module keeps what the briefing needs: the scenario, its reader, the page, and the replay
//! code's decoder (a broken link is explained without downloading the part).

use yew::prelude::*;

use super::grade_report::{GradeReportView, grade_report};
use super::session::{SessionProps, keyed};
use crate::grade::{Comparisons, GradeReport, grade_with};
use crate::incident::{IncidentRun, Mode, Script};
use crate::session::replay_code::Replay;
use crate::sim::Scenario;

/// The part's entry points.
#[derive(Clone, Copy)]
pub struct Screens {
    /// The running incident, under a key (a new key starts a new run).
    pub session: fn(String, SessionProps) -> Html,
    /// A graded run's report, with its replay link (relative, and absolute to copy).
    pub report: fn(&GradeReport, &Scenario, &str, &str) -> Html,
    /// Grades a finished run (with its comparison runs, if they were simulated already) and gives
    /// its replay code.
    pub grade: fn(&Scenario, &IncidentRun, Option<&Comparisons>) -> (GradeReport, String),
    /// Replays a decoded run under the same rules as a live one, and grades it.
    pub replay: fn(&Scenario, &Replay) -> (GradeReport, String),
    /// The grade's baseline and reference runs for a run of this seed, simulated ahead of "I'm done".
    pub compare: fn(&Scenario, u64) -> Option<Comparisons>,
}

/// The reference workflow's timed commands, for the report's timeline.
fn reference_steps(scenario: &Scenario) -> Vec<(u32, String)> {
    let script = scenario.workflow.as_ref().and_then(|w| Script::parse(&w.reference_script).ok()).unwrap_or_default();
    script.actions.into_iter().map(|a| (a.at, a.command)).collect()
}

fn report(report: &GradeReport, scenario: &Scenario, href: &str, url: &str) -> Html {
    grade_report(&GradeReportView { report, reference: &reference_steps(scenario), replay_href: Some(href), replay_url: Some(url) })
}

fn grade(scenario: &Scenario, run: &IncidentRun, ready: Option<&Comparisons>) -> (GradeReport, String) {
    (grade_with(scenario, run.sim(), ready), Replay::encode(run.sim().seed(), &run.script()))
}

fn replay(scenario: &Scenario, r: &Replay) -> (GradeReport, String) {
    grade(scenario, &IncidentRun::replay(scenario, r.seed, Mode::graded(scenario), &r.script), None)
}

fn compare(scenario: &Scenario, seed: u64) -> Option<Comparisons> {
    Comparisons::simulate(scenario, seed, IncidentRun::end_of(scenario))
}

const SCREENS: Screens = Screens { session: keyed, report, grade, replay, compare };

crate::split_part!(screens_part: Screens = SCREENS, "Loading the incident…");

pub use screens_part::PART;
