use std::rc::Rc;

use yew::prelude::*;

use super::alerts_panel::AlertsPanel;
use super::chaos_panel::ChaosPanel;
use super::cluster_view::ClusterView;
use super::console::Console;
use super::event_log::EventLog;
use super::metric_chart::MetricChart;
use super::move_buttons::MoveButtons;
use super::time_controls::TimeControls;
use super::traffic_split::TrafficSplit;
use super::{ConsoleEntry, SharedSim, clock};
use crate::sim::{Failure, Scenario, Sim};

#[derive(Properties, PartialEq)]
pub struct SessionProps {
    pub scenario: Rc<Scenario>,
    pub seed: u64,
    /// Graded: the run has a time limit and an "I'm done" button, and ends in `on_finish`.
    #[prop_or_default]
    pub graded: bool,
    /// The Sandbox's chaos panel.
    #[prop_or_default]
    pub chaos: bool,
    /// Receives the finished run (graded sessions).
    #[prop_or_default]
    pub on_finish: Callback<Sim>,
}

/// The scrollback keeps this many entries.
const LOG_LIMIT: usize = 300;

fn push(log: &mut Rc<Vec<ConsoleEntry>>, entry: ConsoleEntry) {
    let v = Rc::make_mut(log);
    v.push(entry);
    if v.len() > LOG_LIMIT {
        let extra = v.len() - LOG_LIMIT;
        v.drain(..extra);
    }
}

/// Names in the running system, for Tab completion.
fn names(sim: &Sim, view: &crate::sim::StateView) -> Vec<String> {
    let w = &view.workload;
    let mut out = vec![w.name.clone(), format!("{}/{}", w.kind.to_ascii_lowercase(), w.name)];
    out.extend(view.pods.iter().map(|p| p.name.clone()));
    out.extend(view.replicasets.iter().map(|r| r.name.clone()));
    out.extend(view.services.iter().map(|s| s.name.clone()));
    out.extend(view.nodes.iter().map(|n| n.name.clone()));
    out.extend(sim.versions().iter().cloned());
    out.extend(sim.scenario().app.dependencies.iter().cloned());
    if let Some(m) = &view.model {
        out.push(m.model.clone());
    }
    out
}

/// A running incident or sandbox: time controls, cluster, traffic, charts, alerts, console and
/// events. The simulator advances with a timer: `speed` steps per real second.
#[component]
pub fn IncidentSession(props: &SessionProps) -> Html {
    let sim = use_mut_ref(|| Sim::new(&props.scenario, props.seed));
    let log = use_mut_ref(|| Rc::new(Vec::<ConsoleEntry>::new()));
    let ended = use_mut_ref(|| false);
    let speed = use_state(|| 1u32);
    let redraw = use_force_update();
    let limit = props.graded.then(|| props.scenario.time_limit_secs());

    let finish = {
        let sim = sim.clone();
        let ended = ended.clone();
        let on_finish = props.on_finish.clone();
        Callback::from(move |_: ()| {
            if std::mem::replace(&mut *ended.borrow_mut(), true) {
                return;
            }
            let run = sim.borrow().clone();
            on_finish.emit(run);
        })
    };

    // The clock: one simulated second per 1000/speed ms.
    {
        let sim = sim.clone();
        let redraw = redraw.clone();
        let finish = finish.clone();
        let ended = ended.clone();
        use_effect_with(*speed, move |speed| {
            let interval = (*speed > 0).then(|| {
                gloo::timers::callback::Interval::new(1000 / *speed, move || {
                    if *ended.borrow() {
                        return;
                    }
                    {
                        let mut s = sim.borrow_mut();
                        if limit.is_some_and(|l| s.tick() >= l) {
                            drop(s);
                            finish.emit(());
                            return;
                        }
                        if s.finished() {
                            return;
                        }
                        s.step();
                    }
                    redraw.force_update();
                })
            });
            move || drop(interval)
        });
    }

    let on_run = {
        let sim = sim.clone();
        let log = log.clone();
        let redraw = redraw.clone();
        let finish = finish.clone();
        let ended = ended.clone();
        Callback::from(move |line: String| {
            if *ended.borrow() {
                return;
            }
            let (tick, out, now) = {
                let mut s = sim.borrow_mut();
                let tick = s.tick();
                let out = s.exec(&line);
                (tick, out, s.tick())
            };
            push(&mut log.borrow_mut(), ConsoleEntry { tick, line: line.trim().to_owned(), text: out.text, is_error: out.is_error });
            redraw.force_update();
            if limit.is_some_and(|l| now >= l) {
                finish.emit(());
            }
        })
    };

    let on_step = {
        let sim = sim.clone();
        let redraw = redraw.clone();
        let finish = finish.clone();
        Callback::from(move |_: ()| {
            {
                let mut s = sim.borrow_mut();
                if limit.is_some_and(|l| s.tick() >= l) {
                    drop(s);
                    finish.emit(());
                    return;
                }
                if !s.finished() {
                    s.step();
                }
            }
            redraw.force_update();
        })
    };

    let on_inject = {
        let sim = sim.clone();
        let log = log.clone();
        let redraw = redraw.clone();
        Callback::from(move |f: Failure| {
            let text = format!("Injected {} on {} at {}.", f.kind.name(), f.kind.target_label(), clock(f.at));
            let tick = {
                let mut s = sim.borrow_mut();
                s.inject(f);
                s.tick()
            };
            push(&mut log.borrow_mut(), ConsoleEntry { tick, line: String::new(), text, is_error: false });
            redraw.force_update();
        })
    };

    let on_speed = {
        let speed = speed.clone();
        Callback::from(move |s: u32| speed.set(s))
    };
    let on_done = {
        let finish = finish.clone();
        Callback::from(move |_: MouseEvent| finish.emit(()))
    };

    let s = sim.borrow();
    let view = Rc::new(s.view());
    let versions = Rc::new(s.versions().to_vec());
    let ticks = &s.metrics().ticks;
    let success = Rc::new(ticks.iter().map(|t| (t.tick, t.success_rate * 100.0)).collect::<Vec<_>>());
    let p99 = Rc::new(ticks.iter().map(|t| (t.tick, t.p99_ms)).collect::<Vec<_>>());
    let accuracy = Rc::new(ticks.iter().filter_map(|t| t.accuracy_known.map(|a| (t.tick, a * 100.0))).collect::<Vec<_>>());
    let slo = &props.scenario.slo;
    let p99_max = p99.iter().map(|p| p.1).fold(slo.latency_p99_ms * 1.5, f64::max).max(100.0);
    let span = limit.unwrap_or(props.scenario.duration.0).min(600);
    let completion = Rc::new(names(&s, &view));
    let production = view.services.iter().find(|x| x.production).map(|x| x.name.clone()).unwrap_or_default();
    let tick = s.tick();
    let event_count = s.events().len() as u64;
    let over = s.finished();
    let shared = SharedSim(sim.clone());
    let model_versions: Vec<u32> = props.scenario.model.as_ref().map(|m| m.versions.iter().map(|v| v.version).collect()).unwrap_or_default();
    drop(s);
    let log_now = log.borrow().clone();

    html! {
        <div class="incident-session">
            <div class="session-bar">
                <TimeControls {tick} {limit} speed={*speed} {on_speed} {on_step} />
                if props.graded {
                    <button type="button" class="button primary done" onclick={on_done}>{ "I'm done" }</button>
                }
            </div>
            if over && !props.graded {
                <p class="notice warn" role="status">{ "The scenario's time is over; the console still answers. Pick another strategy or reload to start again." }</p>
            }
            <div class="session-grid">
                <section class="panel panel-cluster" aria-labelledby="cluster-title">
                    <h2 id="cluster-title">{ "Cluster" }</h2>
                    <ClusterView view={view.clone()} versions={versions.clone()} />
                </section>
                <section class="panel panel-traffic" aria-labelledby="traffic-title">
                    <h2 id="traffic-title">{ "Traffic" }</h2>
                    <TrafficSplit view={view.clone()} versions={versions.clone()} />
                    <h2 id="alerts-title">{ "Alerts" }</h2>
                    <AlertsPanel view={view.clone()} />
                </section>
                <section class="panel panel-charts" aria-labelledby="charts-title">
                    <h2 id="charts-title">{ "Metrics" }</h2>
                    <div class="charts">
                        <MetricChart title="Success rate" points={success} min={(slo.target * 100.0 - 10.0).clamp(0.0, 99.0).min(90.0)} max={100.0} unit="%" threshold={Some(slo.target * 100.0)} min_span={span} />
                        <MetricChart title="p99 latency" points={p99} min={0.0} max={p99_max} unit="ms" threshold={Some(slo.latency_p99_ms)} min_span={span} />
                        if props.scenario.model.is_some() {
                            <MetricChart title="Accuracy (known, late)" points={accuracy} min={50.0} max={100.0} unit="%" min_span={span}
                                empty_note="Ground truth arrives late: accuracy shows up after the labelling delay." />
                        }
                    </div>
                </section>
                <section class="panel panel-console" aria-labelledby="console-title">
                    <h2 id="console-title">{ "Console" }</h2>
                    <MoveButtons scenario={props.scenario.clone()} stable_version={view.workload.stable_version.clone()}
                        production_service={production} on_run={on_run.clone()} />
                    <Console log={log_now} on_run={on_run} names={completion} />
                </section>
                if props.chaos {
                    <section class="panel panel-chaos">
                        <ChaosPanel versions={versions.clone()} nodes={Rc::new(view.nodes.iter().map(|n| n.name.clone()).collect::<Vec<_>>())}
                            dependencies={Rc::new(props.scenario.app.dependencies.clone())} model_versions={Rc::new(model_versions)}
                            {tick} {on_inject} />
                    </section>
                }
                <section class="panel panel-events" aria-labelledby="events-title">
                    <h2 id="events-title">{ "Event log" }</h2>
                    <EventLog sim={shared} version={event_count} />
                </section>
            </div>
        </div>
    }
}
