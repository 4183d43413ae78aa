//! The SCORM 1.2 bridge (quiz build): when the site runs as a SCORM package inside an LMS
//! (launched by `lab scorm`'s launcher, which leaves `?scorm=1` on the run's URL), it finds the
//! LMS's `API` object, calls `LMSInitialize("")`, saves the unfinished run in `cmi.suspend_data`
//! after every answer and every move to the next question, and when the run ends writes the
//! status, score, session time and one interaction per question (the values come from
//! `quiz::scorm`), then `LMSCommit("")` and `LMSFinish("")`. Leaving the page before the end sends the session time and `LMSFinish` too.
//!
//! Architecture invariant: without an API (a normal visit, or natively) every function here does
//! nothing; the calls go through `browser::lms_call`, and an odd or missing answer from the LMS is
//! treated as a failure of that one call, never a panic.

use std::cell::RefCell;

use crate::quiz::run::Run;
use crate::quiz::scorm;
use crate::ui::browser;

/// The connected LMS session.
struct Session {
    started_ms: u64,
    mastery: u32,
    finished: bool,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Whether this page was launched as a SCORM package's run.
pub fn launched() -> bool {
    browser::location_search().trim_start_matches('?').split('&').any(|p| p == "scorm=1")
}

/// Connects to the LMS once per page when launched from a package: true when an API was found
/// and `LMSInitialize` answered `"true"`.
pub fn connect() -> bool {
    if SESSION.with(|s| s.borrow().is_some()) {
        return true;
    }
    if !launched() || !browser::lms_find() {
        return false;
    }
    if browser::lms_call("LMSInitialize", &[""]).as_deref() != Some("true") {
        return false;
    }
    let mastery = scorm::mastery(&get("cmi.student_data.mastery_score"));
    SESSION.with(|s| *s.borrow_mut() = Some(Session { started_ms: browser::now_ms(), mastery, finished: false }));
    // Leaving mid-run (the LMS's window closed, the frame replaced) still ends the LMS session
    // properly: the resume state is already committed after each answer.
    browser::on_page_hide(Box::new(leave));
    true
}

/// The page is going away before the run ended: the time spent, then `LMSFinish`.
fn leave() {
    let Some(started) = SESSION.with(|s| s.borrow().as_ref().filter(|s| !s.finished).map(|s| s.started_ms)) else {
        return;
    };
    set("cmi.core.session_time", &scorm::timespan(browser::now_ms().saturating_sub(started)));
    browser::lms_call("LMSCommit", &[""]);
    browser::lms_call("LMSFinish", &[""]);
    SESSION.with(|s| {
        if let Some(s) = s.borrow_mut().as_mut() {
            s.finished = true;
        }
    });
}

fn connected() -> bool {
    SESSION.with(|s| s.borrow().as_ref().is_some_and(|s| !s.finished))
}

fn get(element: &str) -> String {
    browser::lms_call("LMSGetValue", &[element]).unwrap_or_default()
}

fn set(element: &str, value: &str) -> bool {
    browser::lms_call("LMSSetValue", &[element, value]).as_deref() == Some("true")
}

/// The learner's name as the LMS knows it (`cmi.core.student_name`, "Last, First" in SCORM 1.2),
/// turned to "First Last"; `None` when not connected or the LMS gives none.
pub fn student_name() -> Option<String> {
    if !connected() {
        return None;
    }
    scorm::display_name(&get("cmi.core.student_name"))
}

/// The resume state the LMS holds for this learner (`cmi.suspend_data`), if any.
pub fn saved_run() -> Option<String> {
    if !connected() {
        return None;
    }
    let data = get("cmi.suspend_data");
    (!data.trim().is_empty()).then_some(data)
}

/// After an answer or a move to the next question: the run so far as resume state, the lesson incomplete, committed.
pub fn save(run: &Run) {
    if !connected() {
        return;
    }
    set("cmi.core.lesson_status", "incomplete");
    set("cmi.suspend_data", &scorm::suspend_data(run));
    set("cmi.core.exit", "suspend");
    browser::lms_call("LMSCommit", &[""]);
}

/// The run has ended: everything the LMS records, then commit and finish. Once per session.
pub fn finish(run: &Run) {
    let Some((started, mastery)) = SESSION.with(|s| s.borrow().as_ref().filter(|s| !s.finished).map(|s| (s.started_ms, s.mastery))) else {
        return;
    };
    let outcome = scorm::outcome(run, mastery);
    for (n, x) in outcome.interactions.iter().enumerate() {
        let at = |field: &str| format!("cmi.interactions.{n}.{field}");
        set(&at("id"), &x.id);
        set(&at("type"), x.kind);
        set(&at("correct_responses.0.pattern"), &x.correct_pattern);
        set(&at("student_response"), &x.student_response);
        set(&at("result"), x.result);
        set(&at("latency"), &x.latency);
    }
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.score.raw", &outcome.score_raw.to_string());
    set("cmi.core.lesson_status", outcome.lesson_status);
    set("cmi.core.session_time", &scorm::timespan(browser::now_ms().saturating_sub(started)));
    // The finished run stays as resume state: a relaunch shows its report, whose Retry starts anew.
    set("cmi.suspend_data", &scorm::suspend_data(run));
    set("cmi.core.exit", "");
    browser::lms_call("LMSCommit", &[""]);
    browser::lms_call("LMSFinish", &[""]);
    SESSION.with(|s| {
        if let Some(s) = s.borrow_mut().as_mut() {
            s.finished = true;
        }
    });
}
