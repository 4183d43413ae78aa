use std::rc::Rc;

use yew::prelude::*;

use super::alerts_panel::alerts_panel;
use super::chaos_panel::ChaosPanel;
use super::cluster_view::cluster_view;
use super::console::Console;
use super::done_button::{done_button, focus_follows};
use super::event_log::event_log;
use super::metric_chart::{MetricChart, metric_chart};
use super::move_buttons::{NotifyForm, move_buttons};
use super::run_state::RunState;
use super::time_controls::{TimeControls, time_controls};
use super::traffic_split::traffic_split;
use crate::incident::{Action, IncidentRun, Mode};
use crate::sim::console::moves::common_moves;
use crate::sim::{Failure, Scenario};

#[derive(Properties)]
pub struct SessionProps {
    pub scenario: Rc<Scenario>,
    pub seed: u64,
    /// Graded: the run has a time limit and an "I'm done" button, and ends in `on_finish`.
    #[prop_or_default]
    pub graded: bool,
    /// The Sandbox's chaos panel.
    #[prop_or_default]
    pub chaos: bool,
    /// Receives the finished run (graded sessions): the session's own run, to read, not a copy.
    #[prop_or_default]
    pub on_finish: Callback<RunState>,
    /// Shown above the panels, e.g. the briefing to reread.
    #[prop_or_default]
    pub children: Html,
}

/// The scenario is compared by pointer: the pages hand the session the `Rc` they loaded and keep it,
/// so the same scenario is the same `Rc`. A derived `PartialEq` would compare the whole `Scenario`
/// field by field (5.6 KB raw of the incident build, docs/performance.md "Session 10").
impl PartialEq for SessionProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scenario, &other.scenario)
            && self.seed == other.seed
            && self.graded == other.graded
            && self.chaos == other.chaos
            && self.on_finish == other.on_finish
            && self.children == other.children
    }
}

/// A running incident or sandbox under `key` (a new key starts a new run): how the builds' split
/// parts render one (`lazy.rs`, `pages/sandbox.rs`).
pub fn keyed(key: String, props: SessionProps) -> Html {
    html! { <IncidentSession key={key} ..props /> }
}

/// A running incident or sandbox: time controls, cluster, traffic, charts, alerts, console and
/// events. The run is an [`IncidentRun`] in one reducer; the clock dispatches a step every
/// 1000/speed ms, and the run's own rules decide when time is up.
#[component]
pub fn IncidentSession(props: &SessionProps) -> Html {
    let state = {
        let (scenario, seed, graded) = (props.scenario.clone(), props.seed, props.graded);
        use_reducer(move || {
            let mut run = IncidentRun::new(&scenario, seed, if graded { Mode::graded(&scenario) } else { Mode::Sandbox });
            // The learner takes over at the moment the briefing describes; the run itself still
            // starts at 0:00, so its grade and replay code are those of any other run.
            run.reduce(Action::AdvanceTo(scenario.starts_at.0));
            RunState::new(run)
        })
    };
    let speed = use_state(|| 1u32);
    // The move buttons' notify form: the team (the scenario's first dependency, else `oncall`) and
    // the message being typed.
    let notify = NotifyForm {
        team: use_state(|| props.scenario.app.dependencies.first().cloned().unwrap_or_else(|| "oncall".to_owned())),
        message: use_state(String::new),
        team_ref: use_node_ref(),
        message_ref: use_node_ref(),
    };
    let reported = use_mut_ref(|| false);
    // "I'm done" asks for a confirmation; the focus follows the question and its answer.
    let asking = use_state(|| false);
    let asked = use_mut_ref(|| None::<bool>);

    // A graded run that finished (the learner is done, or the time is up) goes to the page once.
    // The same effect moves the focus when `asking` changes: one effect for both keeps the build
    // smaller than two (each compiles its own `Effect`).
    {
        let on_finish = props.on_finish.clone();
        let state = state.clone();
        let graded = props.graded;
        use_effect_with((state.version(), *asking), move |(_, asking)| {
            if graded && state.get().is_finished() && !std::mem::replace(&mut *reported.borrow_mut(), true) {
                on_finish.emit((*state).clone());
            }
            focus_follows(*asking, &asked);
        });
    }

    // The clock: one simulated second per 1000/speed ms.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(*speed, move |speed| {
            let interval = (*speed > 0).then(|| gloo::timers::callback::Interval::new(1000 / *speed, move || dispatcher.dispatch(Action::Step)));
            move || drop(interval)
        });
    }

    let dispatch = |make: fn(String) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |line: String| dispatcher.dispatch(make(line)))
    };
    let on_run = dispatch(Action::Exec);
    let on_step = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(Action::Step))
    };
    let on_inject = {
        let dispatcher = state.dispatcher();
        Callback::from(move |f: Failure| dispatcher.dispatch(Action::Inject(f)))
    };
    let on_speed = {
        let speed = speed.clone();
        Callback::from(move |s: u32| speed.set(s))
    };
    let on_done = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(Action::Finish))
    };

    let run_state = (*state).clone();
    let run = run_state.get();
    let s = run.sim();
    let view = s.view();
    let versions = Rc::new(s.versions().to_vec());
    let ticks = &s.metrics().ticks;
    let success: Vec<_> = ticks.iter().map(|t| (t.tick, t.success_rate * 100.0)).collect();
    let p99: Vec<_> = ticks.iter().map(|t| (t.tick, t.p99_ms)).collect();
    let accuracy: Vec<_> = ticks.iter().filter_map(|t| t.accuracy_known.map(|a| (t.tick, a * 100.0))).collect();
    let slo = &props.scenario.slo;
    let p99_max = p99.iter().map(|p| p.1).fold(slo.latency_p99_ms * 1.5, f64::max).max(100.0);
    let limit = run.limit();
    let span = limit.unwrap_or(run.end()).min(600);
    let moves = common_moves(&props.scenario, &view);
    let tick = s.tick();
    let over = run.clock_stopped() && !props.graded;
    let model_versions: Vec<u32> = props.scenario.model.as_ref().map(|m| m.versions.iter().map(|v| v.version).collect()).unwrap_or_default();
    drop(run);

    html! {
        <div class="incident-session">
            <div class="session-bar">
                { time_controls(&TimeControls { tick, limit, speed: *speed, on_speed: &on_speed, on_step: &on_step }) }
                if props.graded {
                    { done_button(&asking, &on_done) }
                }
            </div>
            if over {
                <p class="notice warn" role="status">{ "The scenario's time is over; the console still answers. Pick another strategy or reload to start again." }</p>
            }
            { props.children.clone() }
            <div class="session-grid">
                <section class="panel panel-cluster" aria-labelledby="cluster-title">
                    <h2 id="cluster-title">{ "Cluster" }</h2>
                    { cluster_view(&view, &versions) }
                </section>
                <section class="panel panel-traffic" aria-labelledby="traffic-title">
                    <h2 id="traffic-title">{ "Traffic" }</h2>
                    { traffic_split(&view, &versions) }
                    <h2 id="alerts-title">{ "Alerts" }</h2>
                    { alerts_panel(&view) }
                </section>
                <section class="panel panel-charts" aria-labelledby="charts-title">
                    <h2 id="charts-title">{ "Metrics" }</h2>
                    <div class="charts">
                        { metric_chart(&MetricChart {
                            title: "Success rate", points: &success, min: (slo.target * 100.0 - 10.0).clamp(0.0, 99.0).min(90.0), max: 100.0, unit: "%",
                            threshold: Some(slo.target * 100.0), empty_note: "", min_span: span,
                        }) }
                        { metric_chart(&MetricChart {
                            title: "p99 latency", points: &p99, min: 0.0, max: p99_max, unit: "ms", threshold: Some(slo.latency_p99_ms), empty_note: "", min_span: span,
                        }) }
                        if props.scenario.model.is_some() {
                            { metric_chart(&MetricChart {
                                title: "Accuracy (known, late)", points: &accuracy, min: 50.0, max: 100.0, unit: "%", threshold: None,
                                empty_note: "Ground truth arrives late: accuracy shows up after the labelling delay.", min_span: span,
                            }) }
                        }
                    </div>
                </section>
                <section class="panel panel-console" aria-labelledby="console-title">
                    <h2 id="console-title">{ "Console" }</h2>
                    { move_buttons(&moves, &notify, &on_run) }
                    // The session mounts when the learner presses Start (an incident's, the sandbox's):
                    // the keyboard goes to the command line.
                    <Console run={run_state.clone()} {on_run} focus_on_mount=true />
                </section>
                // Only the sandbox build has the chaos panel: the incident build leaves its code out.
                if cfg!(feature = "sandbox") && props.chaos {
                    <section class="panel panel-chaos">
                        <ChaosPanel versions={versions.clone()} nodes={Rc::new(view.nodes.iter().map(|n| n.name.clone()).collect::<Vec<_>>())}
                            dependencies={Rc::new(props.scenario.app.dependencies.clone())} model_versions={Rc::new(model_versions)}
                            {tick} {on_inject} />
                    </section>
                }
                <section class="panel panel-events" aria-labelledby="events-title">
                    <h2 id="events-title">{ "Event log" }</h2>
                    { event_log(&run_state, props.graded) }
                </section>
            </div>
        </div>
    }
}
