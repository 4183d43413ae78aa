use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::packs::Loading;
use crate::quiz::run::{Run, Settings};
use crate::quiz::{Mode, review};
use crate::ui::browser;
use crate::ui::components::lazy_run::{self, LazyRunView};
use crate::ui::components::run_view::SharedRun;
use crate::ui::pack_store;
use crate::ui::progress_store::use_progress;

const RUN_KEY: &str = "rollback-lab.run.review";

/// Spaced review: questions chosen for the misunderstandings that are due.
#[component]
pub fn ReviewPage() -> Html {
    let progress = use_progress();
    let state = use_state(|| Loading::<Option<(SharedRun, Rc<Vec<String>>)>>::Pending);
    {
        let state = state.clone();
        let schedule = progress.progress.review.clone();
        let multiplier = progress.progress.settings.multiplier;
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                // Nothing due and no run to resume: no question could be picked, so no pack is
                // downloaded (a first visit, or a learner who is up to date).
                if schedule.due_count(browser::now_ms()) == 0 && browser::storage_get_raw(RUN_KEY).is_none() {
                    return state.set(Loading::Ready(None));
                }
                // A run is coming (questions due, or one to resume): its view downloads while the
                // packs do.
                lazy_run::PART.prefetch();
                let index = match pack_store::shipped_index().await {
                    Ok(i) => i,
                    Err(e) => return state.set(Loading::Failed(e)),
                };
                let mut packs = Vec::new();
                for entry in &index.packs {
                    // A pack that fails to load only removes its own questions from the review.
                    if let Ok(p) = pack_store::load(&entry.id).await {
                        packs.push(p);
                    }
                }
                let shipped = Rc::new(index.packs.into_iter().map(|p| p.id).collect::<Vec<_>>());
                let now = browser::now_ms();
                if let Some(saved) = browser::storage_get_raw(RUN_KEY) {
                    if let Ok(r) = Run::resume(&saved, packs.iter(), now) {
                        if !r.is_finished() {
                            return state.set(Loading::Ready(Some((SharedRun(Rc::new(RefCell::new(r))), shipped))));
                        }
                    }
                }
                let picked = review::pick(&schedule, packs.iter(), now, now, 10);
                if picked.is_empty() {
                    return state.set(Loading::Ready(None));
                }
                let run = Run::new(picked, Settings::new(Mode::Review, now, multiplier), now);
                browser::storage_set_raw(RUN_KEY, &run.to_json());
                state.set(Loading::Ready(Some((SharedRun(Rc::new(RefCell::new(run))), shipped))));
            });
        });
    }
    html! {
        <section class="page quiz" aria-labelledby="review-title">
            <h1 id="review-title">{ "Review" }</h1>
            <p class="lead">{ "Questions you missed come back, chosen by the misunderstanding behind the wrong answer. Get one right and it waits longer before it returns." }</p>
            {
                match &*state {
                    Loading::Pending => html! { <p role="status">{ "Choosing your review…" }</p> },
                    Loading::Failed(e) => html! { <p class="notice error" role="alert">{ e }</p> },
                    Loading::Ready(None) => {
                        let next = match progress.progress.review.next_due_ms() {
                            Some(at) => format!("The next review comes due on {}.", browser::local_time_text(at)),
                            None => "Nothing is scheduled yet: wrong answers in any mode come back here later.".to_owned(),
                        };
                        html! { <p class="notice ok" role="status">{ "Nothing is due for review now. " }{ next }</p> }
                    }
                    Loading::Ready(Some((run, shipped))) => html! {
                        <LazyRunView run={run.clone()} storage_key={RUN_KEY} shipped={shipped.clone()} />
                    },
                }
            }
        </section>
    }
}
