use std::rc::Rc;

use yew::prelude::*;

use super::packs::Loading;
use crate::grade::{Comparisons, GradeReport};
use crate::session::replay_code::{self, Replay};
use crate::sim::Scenario;
use crate::ui::browser;
use crate::ui::components::incident::briefing::paragraphs;
use crate::ui::components::incident::lazy;
use crate::ui::components::incident::run_state::RunState;
use crate::ui::components::incident::session::SessionProps;
use crate::ui::components::lazy_part::{self, use_part};
use crate::clock::clock;
use crate::ui::components::incident::{best_grades, scenario_store};
use crate::ui::components::nav_link::NavLink;
use crate::ui::route::Route;
use crate::ui::router::use_location;

#[derive(Properties, PartialEq)]
pub struct IncidentPageProps {
    pub id: String,
}

#[derive(Clone, PartialEq)]
enum Phase {
    Briefing,
    Running { seed: u64, attempt: u32 },
    Report { report: Rc<GradeReport>, code: String, replayed: bool },
    BadReplay(String),
}

/// How long after the start the page simulates the grade's comparison runs: late enough not to
/// delay the first frames of the session, early enough to be ready before any real "I'm done".
const COMPARE_AFTER_MS: u32 = 1_500;

/// The absolute URL of a site path (for copying), resolved against `<base href>`.
fn absolute(path: &str) -> String {
    format!("{}{}", browser::base_uri(), path)
}

/// The briefing's paragraphs and the run's facts (before Start, and to reread during the run).
fn briefing_text(sc: &Scenario) -> Html {
    html! {
        <>
            { paragraphs(&sc.briefing) }
            <ul class="facts">
                <li>{ format!("Exercises: {}", sc.tags().join(", ")) }</li>
                if let Some(d) = sc.difficulty { <li>{ format!("Difficulty: {}", d.label()) }</li> }
                if sc.starts_at.0 > 0 {
                    <li>{ format!("You take over at {} of simulated time, the moment this briefing describes; the clock counts from the start of the scenario.", clock(sc.starts_at.0)) }</li>
                }
                <li>{ format!("Time limit: {} of simulated time", clock(sc.time_limit_secs())) }</li>
                if let Some(w) = &sc.workflow { <li>{ format!("Target time to mitigate: {}", clock(w.target_mitigation.0)) }</li> }
            </ul>
        </>
    }
}

/// One incident: the briefing, then the live session, then the grade (or a replayed run's grade).
#[component]
pub fn IncidentPage(props: &IncidentPageProps) -> Html {
    let location = use_location();
    let query = location.as_ref().map(|l| l.query_str().to_owned()).unwrap_or_default();
    let code = replay_code::from_query(&query).map(str::to_owned);
    let scenario = use_state(|| Loading::<Rc<Scenario>>::Pending);
    let phase = use_state(|| Phase::Briefing);
    {
        let scenario = scenario.clone();
        let phase = phase.clone();
        use_effect_with((props.id.clone(), code.clone()), move |(id, code)| {
            let (id, code) = (id.clone(), code.clone());
            phase.set(Phase::Briefing);
            yew::platform::spawn_local(async move {
                match scenario_store::load(&id).await {
                    Ok(sc) => {
                        if let Some(code) = code {
                            // A broken link is explained at once; a good one is replayed by the
                            // build's part (the simulator and the grader), downloaded for it.
                            phase.set(match Replay::decode_for(&code, &sc) {
                                Ok(r) => match (lazy::PART.fetch)().await {
                                    Some(screens) => {
                                        let (report, code) = (screens.replay)(&sc, &r);
                                        Phase::Report { report: Rc::new(report), code, replayed: true }
                                    }
                                    None => Phase::BadReplay(format!("the part of the app that replays runs could not be downloaded: {}", lazy_part::WHY_UNREACHABLE)),
                                },
                                Err(e) => Phase::BadReplay(e.to_string()),
                            });
                        }
                        scenario.set(Loading::Ready(Rc::new(sc)));
                    }
                    Err(e) => scenario.set(Loading::Failed(e)),
                }
            });
        });
    }
    // The grade's baseline and reference runs depend only on the scenario, the seed and the end,
    // so they are simulated while the learner plays; "I'm done" then simulates the learner's run only.
    // The same effect gives the focus to the grade's heading when a report appears (a run just
    // graded, or a replay): one effect for both keeps the build smaller than two.
    let compared = use_mut_ref(|| None::<Comparisons>);
    // The running incident and the grade report are the build's split part, loaded when a run
    // starts or a report is shown (a replay link), or when the learner heads for Start.
    let screens = use_part(&lazy::PART, matches!(*phase, Phase::Running { .. } | Phase::Report { .. }));
    {
        let compared = compared.clone();
        let running = match (&*phase, &*scenario) {
            (Phase::Running { seed, .. }, Loading::Ready(sc)) => Some((*seed, sc.clone())),
            _ => None,
        };
        // A report shown, once its screen is here (a replay link's report waits for the part).
        let shown = match (&*phase, &*scenario, screens.is_ok()) {
            (Phase::Report { report, .. }, Loading::Ready(_), true) => Some(Rc::as_ptr(report) as usize),
            _ => None,
        };
        use_effect_with((running.as_ref().map(|(seed, sc)| (*seed, sc.id.clone())), shown), move |(_, shown)| {
            if shown.is_some() {
                browser::focus_by_id("grade-title");
            }
            let timer = running.map(|(seed, sc)| {
                gloo::timers::callback::Timeout::new(COMPARE_AFTER_MS, move || {
                    // The part is here once the run is on screen; if not yet, "I'm done" simulates
                    // the comparison runs itself.
                    *compared.borrow_mut() = (lazy::PART.ready)().and_then(|screens| (screens.compare)(&sc, seed));
                })
            });
            move || drop(timer)
        });
    }
    let back = html! { <p class="crumbs"><NavLink to={Route::Incidents}>{ "← All incidents" }</NavLink></p> };
    let sc = match &*scenario {
        Loading::Pending => return html! { <section class="page">{ back }<p role="status">{ "Loading the scenario…" }</p></section> },
        Loading::Failed(e) => {
            return html! {
                <section class="page">{ back }<h1>{ "This incident is unavailable" }</h1>
                    <div class="notice error" role="alert"><p>{ e }</p></div></section>
            };
        }
        Loading::Ready(sc) => sc.clone(),
    };
    let start = {
        let phase = phase.clone();
        let attempt = match &*phase { Phase::Running { attempt, .. } => *attempt + 1, _ => 0 };
        Callback::from(move |_: MouseEvent| {
            // Any seed is fine; a small one keeps replay links short.
            phase.set(Phase::Running { seed: browser::now_ms() % 1_000_000, attempt });
        })
    };
    let body = match &*phase {
        Phase::Briefing => html! {
            <div class="briefing">
                <h2>{ "Briefing" }</h2>
                { briefing_text(&sc) }
                <p class="meta">{ "The clock runs at 1× (one simulated second per second); pause, speed up or step at any time. Type commands in the console or use the buttons for the common moves — both count the same. Press “I'm done” when you are satisfied: the rest of the scenario then plays out as you left it, and you are graded. The briefing stays available above the panels." }</p>
                <button type="button" class="button primary start-incident" onclick={start} onpointerenter={lazy::PART.on_intent()} onfocus={lazy::PART.on_intent()}>{ "Start the incident" }</button>
            </div>
        },
        Phase::Running { seed, attempt } => match screens {
            Ok(screens) => {
                let on_finish = {
                    let phase = phase.clone();
                    let sc = sc.clone();
                    let compared = compared.clone();
                    Callback::from(move |run: RunState| {
                        let (report, code) = (screens.grade)(&sc, &run.get(), compared.borrow().as_ref());
                        best_grades::record(&sc.id, report.score);
                        phase.set(Phase::Report { report: Rc::new(report), code, replayed: false });
                    })
                };
                let children = html! {
                    <details class="briefing briefing-again">
                        <summary>{ "Briefing" }</summary>
                        { briefing_text(&sc) }
                    </details>
                };
                (screens.session)(
                    format!("{seed}-{attempt}"),
                    SessionProps { scenario: sc.clone(), seed: *seed, graded: true, chaos: false, on_finish, children },
                )
            }
            Err(waiting) => waiting,
        },
        Phase::Report { report, code, replayed } => {
            let href = format!("incidents/{}?replay={code}", sc.id);
            html! {
                <>
                    if *replayed {
                        <p class="notice ok replay-note" role="note">{ format!("This is a replay of a run (seed {}): the same actions at the same simulated times, graded again.", report.seed) }</p>
                    }
                    { match screens {
                        Ok(screens) => (screens.report)(report, &sc, &href, &absolute(&href)),
                        Err(waiting) => waiting,
                    } }
                    <p class="actions">
                        <NavLink to={Route::Incident { id: sc.id.clone() }} classes="button">{ "Back to the briefing" }</NavLink>
                        <button type="button" class="button primary" onclick={start}>{ "Try again" }</button>
                    </p>
                </>
            }
        }
        Phase::BadReplay(why) => html! {
            <div class="notice error bad-replay" role="alert">
                <p><strong>{ "This replay link cannot be replayed" }</strong>{ format!(": {why}.") }</p>
                <p>{ "Ask for the link again, or start the incident yourself below." }</p>
                <p><NavLink to={Route::Incident { id: sc.id.clone() }} classes="button">{ "Go to the briefing" }</NavLink></p>
            </div>
        },
    };
    html! {
        <section class={classes!("page", "incident", matches!(&*phase, Phase::Running { .. }).then_some("running"))} aria-labelledby="incident-title">
            { back }
            <h1 id="incident-title">{ &sc.title }</h1>
            { body }
        </section>
    }
}
