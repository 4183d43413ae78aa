//! The learner's side of a session as a state machine: give a name while the packs load, wait for
//! the shared start when there is one, take the challenge, hand back a result code.
//!
//! The name comes first because it needs nothing but the link: a learner who opens a share link
//! types while the question packs download, instead of waiting for them on a "Loading" line and
//! only then being asked (on a slow connection the packs are most of the wait). A learner who has
//! already given a name sees "Loading" until the packs are there, as before; packs that differ
//! from the instructor's block the session as soon as they are known, whether or not the name has
//! been given.
//!
//! [`Take`] decides; the page does the IO. Each [`TakeAction`] may ask for one [`Effect`] (save the
//! name, start the run, record the result), which the page carries out and, for a start, answers
//! with [`TakeAction::Started`] or [`TakeAction::StartFailed`]. The quiz run itself stays with the
//! page (its view answers questions on it); the clock tells the machine whether it is over.
//!
//! Architecture invariant: plain Rust, no clock (time is `now_ms`), never panics.

use super::spec::SessionSpec;
use crate::quiz::timer;

/// Where the learner is, which is what the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The packs are loading (the name has been given).
    Loading,
    /// The packs differ from the instructor's: the session cannot be taken here.
    Blocked,
    /// The learner has not given a name yet (the packs may still be loading).
    NeedsName,
    /// Waiting for the shared start, this many milliseconds away.
    Waiting {
        /// Milliseconds until the start.
        wait_ms: u64,
    },
    /// Ready to start (no shared start, or it has passed and the run has not started).
    Ready,
    /// The run is under way.
    Running,
    /// The result code is ready.
    Done,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TakeAction {
    /// The packs are loaded, with the problems found; `resumed` when a saved run was resumed.
    Loaded {
        /// Why the session cannot be taken here (empty when it can).
        problems: Vec<String>,
        /// A saved run was resumed.
        resumed: bool,
    },
    /// The learner gave a name.
    Name(String),
    /// The learner pressed "Start".
    Start,
    /// The run started.
    Started,
    /// The run could not start (the packs do not match the spec).
    StartFailed(Vec<String>),
    /// The page's clock; `run_finished` says whether the run is over.
    Tick {
        /// Whether the run (if any) is finished.
        run_finished: bool,
        /// Whether the run's view is here (it is a second wasm module, `ui::components::lazy_run`):
        /// a session that starts by itself waits for it, or its first question's clock would run
        /// while the question cannot be shown.
        view_ready: bool,
    },
    /// The result code of the finished run.
    Recorded(String),
}

/// What the page must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Save the learner's name (trimmed).
    SaveName(String),
    /// Start the run now.
    StartRun,
    /// The run is over: make its result code and answer with [`TakeAction::Recorded`].
    RecordResult,
    /// Save the result code.
    SaveResult(String),
}

/// The learner's session flow.
#[derive(Clone, Debug, PartialEq)]
pub struct Take {
    spec: SessionSpec,
    loaded: bool,
    problems: Vec<String>,
    name: Option<String>,
    running: bool,
    result: Option<String>,
    announcement: String,
    last_wait: u64,
}

impl Take {
    /// A learner opening the session, with what this browser saved before (a name, a result).
    pub fn new(spec: SessionSpec, saved_name: Option<String>, saved_result: Option<String>) -> Take {
        Take { spec, loaded: false, problems: Vec::new(), name: saved_name, running: false, result: saved_result, announcement: String::new(), last_wait: 0 }
    }

    /// The session.
    pub fn spec(&self) -> &SessionSpec {
        &self.spec
    }

    /// The learner's name, once given.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The result code, once recorded.
    pub fn result(&self) -> Option<&str> {
        self.result.as_deref()
    }

    /// Why the session cannot be taken here.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The latest countdown announcement for screen readers.
    pub fn announcement(&self) -> &str {
        &self.announcement
    }

    /// What to show at `now_ms`.
    pub fn stage(&self, now_ms: u64) -> Stage {
        if self.result.is_some() {
            Stage::Done
        } else if self.running {
            Stage::Running
        } else if self.loaded && !self.problems.is_empty() {
            Stage::Blocked
        } else if self.name.is_none() {
            Stage::NeedsName
        } else if !self.loaded {
            Stage::Loading
        } else if self.spec.start_ms.is_some() && self.spec.wait_ms(now_ms) > 0 {
            Stage::Waiting { wait_ms: self.spec.wait_ms(now_ms) }
        } else {
            Stage::Ready
        }
    }

    /// Applies one action at `now_ms`; returns what the page must do, if anything.
    pub fn reduce(&mut self, action: TakeAction, now_ms: u64) -> Option<Effect> {
        match action {
            TakeAction::Loaded { problems, resumed } => {
                self.loaded = true;
                self.problems = problems;
                self.running = resumed && self.result.is_none();
                None
            }
            TakeAction::Name(name) => {
                let name = name.trim().to_string();
                if name.is_empty() || self.name.is_some() {
                    return None;
                }
                self.name = Some(name.clone());
                self.last_wait = self.spec.wait_ms(now_ms);
                Some(Effect::SaveName(name))
            }
            TakeAction::Start => (self.stage(now_ms) == Stage::Ready).then_some(Effect::StartRun),
            TakeAction::Started => {
                self.running = true;
                None
            }
            TakeAction::StartFailed(problems) => {
                self.problems = problems;
                None
            }
            TakeAction::Tick { run_finished, view_ready } => {
                let wait = self.spec.wait_ms(now_ms);
                let mut effect = None;
                if self.spec.start_ms.is_some() && !self.running && self.result.is_none() && self.name.is_some() {
                    if let Some(text) = timer::announcement(self.last_wait, wait) {
                        self.announcement = format!("{text} before the start");
                    }
                    if wait == 0 && self.loaded && self.problems.is_empty() {
                        if view_ready {
                            self.announcement = "The session has started.".into();
                            effect = Some(Effect::StartRun);
                        } else {
                            self.announcement = "The session has started; its questions are still downloading.".into();
                        }
                    }
                }
                self.last_wait = wait;
                if self.running && run_finished && self.result.is_none() {
                    effect = Some(Effect::RecordResult);
                }
                effect
            }
            TakeAction::Recorded(code) => {
                if self.result.is_some() {
                    return None;
                }
                self.result = Some(code.clone());
                Some(Effect::SaveResult(code))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(start_ms: Option<u64>) -> SessionSpec {
        SessionSpec {
            title: "T".into(),
            questions: Vec::new(),
            drawn: None,
            shuffle_questions: false,
            seed: 1,
            time_limit_s: None,
            attempts: None,
            start_ms,
        }
    }

    #[test]
    fn the_name_is_asked_while_the_packs_load() {
        let mut t = Take::new(spec(None), None, None);
        assert_eq!(t.stage(0), Stage::NeedsName, "no wait for the packs before the name");
        assert_eq!(t.reduce(TakeAction::Start, 0), None);
        assert_eq!(t.reduce(TakeAction::Name("Ada".into()), 0), Some(Effect::SaveName("Ada".into())));
        assert_eq!(t.stage(0), Stage::Loading, "named, the packs still loading");
        assert_eq!(t.reduce(TakeAction::Start, 0), None, "nothing starts while loading");
        assert_eq!(t.reduce(TakeAction::Tick { run_finished: false, view_ready: true }, 10), None);
        t.reduce(TakeAction::Loaded { problems: vec![], resumed: false }, 20);
        assert_eq!(t.stage(20), Stage::Ready);
        // Packs that differ block the session whether the name came first or not.
        let mut blocked = Take::new(spec(None), None, None);
        blocked.reduce(TakeAction::Loaded { problems: vec!["pack x differs".into()], resumed: false }, 0);
        assert_eq!(blocked.stage(0), Stage::Blocked, "no name is asked for a session that cannot be taken");
        assert_eq!(blocked.reduce(TakeAction::Name("Ada".into()), 0), Some(Effect::SaveName("Ada".into())));
        assert_eq!((blocked.stage(0), blocked.reduce(TakeAction::Start, 0)), (Stage::Blocked, None));
        // A shared start that passes while the packs load starts the run once they are there.
        let mut late = Take::new(spec(Some(1_000)), Some("Ada".into()), None);
        assert_eq!(late.stage(0), Stage::Loading, "a saved name: no name field");
        assert_eq!(late.reduce(TakeAction::Tick { run_finished: false, view_ready: true }, 2_000), None, "no start without the packs");
        late.reduce(TakeAction::Loaded { problems: vec![], resumed: false }, 2_500);
        assert_eq!(late.stage(2_500), Stage::Ready);
        // A start that passes while the run's view downloads waits for it: no question's clock runs
        // before its question can be shown.
        assert_eq!(late.reduce(TakeAction::Tick { run_finished: false, view_ready: false }, 2_800), None);
        assert_eq!((late.stage(2_800), late.announcement()), (Stage::Ready, "The session has started; its questions are still downloading."));
        assert_eq!(late.reduce(TakeAction::Tick { run_finished: false, view_ready: true }, 3_000), Some(Effect::StartRun));
        assert_eq!(late.announcement(), "The session has started.");
        // A saved run resumes straight from Loading, the name field never shown.
        let mut resumed = Take::new(spec(None), Some("Ada".into()), None);
        assert_eq!(resumed.stage(0), Stage::Loading);
        resumed.reduce(TakeAction::Loaded { problems: vec![], resumed: true }, 0);
        assert_eq!(resumed.stage(0), Stage::Running);
    }

    #[test]
    fn without_a_shared_start_the_learner_names_then_starts() {
        let mut t = Take::new(spec(None), None, None);
        assert_eq!(t.stage(0), Stage::NeedsName);
        assert_eq!(t.reduce(TakeAction::Start, 0), None, "nothing starts before the name and the packs");
        t.reduce(TakeAction::Loaded { problems: vec![], resumed: false }, 0);
        assert_eq!(t.stage(0), Stage::NeedsName);
        assert_eq!(t.reduce(TakeAction::Name("  ".into()), 0), None);
        assert_eq!(t.reduce(TakeAction::Name(" Ada ".into()), 0), Some(Effect::SaveName("Ada".into())));
        assert_eq!(t.stage(0), Stage::Ready);
        assert_eq!(t.reduce(TakeAction::Start, 0), Some(Effect::StartRun));
        t.reduce(TakeAction::Started, 0);
        assert_eq!(t.stage(0), Stage::Running);
        assert_eq!(t.reduce(TakeAction::Tick { run_finished: false, view_ready: true }, 10), None);
        assert_eq!(t.reduce(TakeAction::Tick { run_finished: true, view_ready: true }, 20), Some(Effect::RecordResult));
        assert_eq!(t.reduce(TakeAction::Recorded("r1.x".into()), 20), Some(Effect::SaveResult("r1.x".into())));
        assert_eq!((t.stage(30), t.result()), (Stage::Done, Some("r1.x")));
        assert_eq!(t.reduce(TakeAction::Tick { run_finished: true, view_ready: true }, 40), None, "recorded once");
    }

    #[test]
    fn a_shared_start_counts_down_then_starts_by_itself() {
        let mut t = Take::new(spec(Some(120_000)), Some("Ada".into()), None);
        t.reduce(TakeAction::Loaded { problems: vec![], resumed: false }, 0);
        assert_eq!(t.stage(0), Stage::Waiting { wait_ms: 120_000 });
        assert_eq!(t.reduce(TakeAction::Start, 0), None, "no early start");
        t.reduce(TakeAction::Tick { run_finished: false, view_ready: true }, 0);
        assert_eq!(t.reduce(TakeAction::Tick { run_finished: false, view_ready: true }, 61_000), None);
        assert!(t.announcement().ends_with("before the start"), "{}", t.announcement());
        assert_eq!(t.reduce(TakeAction::Tick { run_finished: false, view_ready: true }, 120_000), Some(Effect::StartRun));
        assert_eq!(t.announcement(), "The session has started.");
    }

    #[test]
    fn problems_block_and_saved_state_resumes() {
        let mut t = Take::new(spec(Some(0)), Some("Ada".into()), None);
        t.reduce(TakeAction::Loaded { problems: vec!["pack x differs".into()], resumed: false }, 5);
        assert_eq!(t.stage(5), Stage::Blocked);
        assert_eq!(t.reduce(TakeAction::Tick { run_finished: false, view_ready: true }, 5), None, "a blocked session never starts");
        let mut r = Take::new(spec(None), Some("Ada".into()), None);
        r.reduce(TakeAction::Loaded { problems: vec![], resumed: true }, 0);
        assert_eq!(r.stage(0), Stage::Running);
        let done = Take::new(spec(None), Some("Ada".into()), Some("r1.y".into()));
        assert_eq!(done.stage(0), Stage::Done);
    }

    /// Rules of a session that starts by itself, over any order of events: a tick starts the run
    /// only when the run's view is here (no question's clock runs while it cannot be shown), only
    /// once the start has passed, and never twice; and a tick with the view here, past the start,
    /// loaded and named, does start it.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use proptest::prelude::*;

        use super::*;

        #[derive(Clone, Debug)]
        enum Event {
            Loaded,
            Name,
            Tick { view_ready: bool },
        }

        fn event() -> impl Strategy<Value = Event> {
            prop_oneof![Just(Event::Loaded), Just(Event::Name), any::<bool>().prop_map(|view_ready| Event::Tick { view_ready })]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1_000))]

            #[test]
            fn a_scheduled_start_waits_for_the_view(start in 0u64..5_000, events in prop::collection::vec((event(), 0u64..400), 0..40)) {
                let mut t = Take::new(spec(Some(start)), None, None);
                let (mut now, mut started) = (0u64, false);
                for (e, step) in events {
                    now += step;
                    let before = t.clone();
                    let effect = match e {
                        // The page loads its packs once.
                        Event::Loaded if before.loaded => None,
                        Event::Loaded => t.reduce(TakeAction::Loaded { problems: vec![], resumed: false }, now),
                        Event::Name => t.reduce(TakeAction::Name("Ada".into()), now),
                        Event::Tick { view_ready } => {
                            let effect = t.reduce(TakeAction::Tick { run_finished: false, view_ready }, now);
                            let due = before.loaded && before.name.is_some() && now >= start && !started;
                            prop_assert_eq!(effect == Some(Effect::StartRun), due && view_ready, "at {} (start {}), view {}", now, start, view_ready);
                            effect
                        }
                    };
                    if effect == Some(Effect::StartRun) {
                        prop_assert!(!started, "started twice");
                        prop_assert!(now >= start, "started before the start");
                        started = true;
                        t.reduce(TakeAction::Started, now);
                    }
                }
            }
        }
    }
}
