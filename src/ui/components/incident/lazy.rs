//! The incident build's split part (see `../lazy_part.rs`): the running incident (cluster, traffic,
//! charts, alerts, console, the moves) and its grade report. The briefing, the scenario, the
//! simulator and the grader stay in the main module: the page grades a finished run, a replay link
//! grades on arrival, and the comparison runs are simulated while the learner plays.

use yew::prelude::*;

use super::grade_report::{GradeReportView, grade_report};
use super::session::{IncidentSession, SessionProps};

/// The part's entry points.
#[derive(Clone, Copy)]
pub struct Screens {
    /// The running incident, under a key (a new key starts a new run).
    pub session: fn(String, SessionProps) -> Html,
    /// A graded run's report.
    pub report: for<'a> fn(&GradeReportView<'a>) -> Html,
}

fn session(key: String, props: SessionProps) -> Html {
    html! { <IncidentSession key={key} ..props /> }
}

const SCREENS: Screens = Screens { session, report: grade_report };

crate::split_part!(screens_part: Screens = SCREENS, "Loading the incident…");

pub use screens_part::PART;
