//! The one yew state of a running incident: an [`IncidentRun`] behind a `Reducible`, so every
//! change (the clock, a typed line, a button, the chaos panel, "I'm done") is one dispatched
//! [`Action`] and the rules stay in the core.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use crate::incident::{Action, IncidentRun};

/// A shared, versioned handle on the run. The run is changed in place (cloning the simulator on
/// every tick would cost more than the tick); the version tells components when to re-render.
#[derive(Clone)]
pub struct RunState {
    run: Rc<RefCell<IncidentRun>>,
    version: u64,
}

impl PartialEq for RunState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run) && self.version == other.version
    }
}

impl RunState {
    /// Wraps a fresh run.
    pub fn new(run: IncidentRun) -> RunState {
        RunState { run: Rc::new(RefCell::new(run)), version: 0 }
    }

    /// The run, to read.
    pub fn get(&self) -> Ref<'_, IncidentRun> {
        self.run.borrow()
    }

    /// Bumped on every change.
    pub fn version(&self) -> u64 {
        self.version
    }
}

/// What a re-render depends on: nothing changed, no new version (a paused or finished clock).
fn fingerprint(run: &IncidentRun) -> (u32, usize, bool, usize) {
    (run.sim().tick(), run.transcript().len(), run.is_finished(), run.sim().failures().len())
}

impl Reducible for RunState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let changed = {
            let mut run = self.run.borrow_mut();
            let before = fingerprint(&run);
            run.reduce(action);
            fingerprint(&run) != before
        };
        if changed { Rc::new(RunState { run: self.run.clone(), version: self.version + 1 }) } else { self }
    }
}
