//! The run view as a second wasm module. A learner who opens a pack's Practice page, a session link
//! or the review page first sees the start screen: the code that runs the questions (about 30 KB of
//! the build, brotli) is only needed once they press Start or resume. With the Cargo feature
//! `split`, `lab build-site` cuts that code out of the build into a module of its own
//! (`cli::split`), which this component fetches on first use, or earlier when the learner heads for
//! Start ([`prefetch`]); without the feature it renders the run view directly (native tests, the
//! wasm component tests, `every-page`).
//!
//! The split point is one function returning a plain function pointer that renders the view:
//! everything reachable only from it (the run view, its report, its key handling) goes to the
//! second module, and the pages keep calling the pointer on each render once it is loaded.

use yew::prelude::*;

use super::run_view::RunViewProps;

/// Renders the run view with these props.
type Render = fn(RunViewProps) -> Html;

#[cfg(feature = "split")]
mod load {
    use std::cell::Cell;

    use wasm_split_helpers::{SplitLoaderError, wasm_split};
    use yew::prelude::*;

    use super::Render;
    use crate::ui::components::run_view::{RunView, RunViewProps};

    fn render(props: RunViewProps) -> Html {
        html! { <RunView ..props /> }
    }

    /// The split point: calling it loads the `run` module first.
    #[wasm_split(run, fallible)]
    fn renderer() -> Result<Render, SplitLoaderError> {
        Ok(render)
    }

    thread_local! {
        static LOADED: Cell<Option<Render>> = const { Cell::new(None) };
    }

    /// The renderer if its module is already here.
    pub fn ready() -> Option<Render> {
        LOADED.with(Cell::get)
    }

    /// Loads the module (once; a failed load is retried on the next call).
    pub async fn fetch() -> Result<Render, SplitLoaderError> {
        let render = renderer().await?;
        LOADED.with(|l| l.set(Some(render)));
        Ok(render)
    }
}

#[cfg(not(feature = "split"))]
mod load {
    use yew::prelude::*;

    use super::Render;
    use crate::ui::components::run_view::{RunView, RunViewProps};

    fn render(props: RunViewProps) -> Html {
        html! { <RunView ..props /> }
    }

    pub fn ready() -> Option<Render> {
        Some(render)
    }

    pub async fn fetch() -> Result<Render, ()> {
        Ok(render)
    }
}

/// Starts loading the run module without waiting for it, so that pressing Start does not wait for
/// the network: when the learner shows the intent (points at or tabs to a Start button, see
/// [`on_intent`]) or the run is sure to come (a review with questions due, a session about to
/// start by itself). Never on a first visit's own path: a learner who only reads the start screen
/// downloads none of it.
pub fn prefetch() {
    if load::ready().is_some() || PREFETCHING.with(|p| p.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        // A failed load may be tried again (by the next intent, or by the view itself).
        if load::fetch().await.is_err() {
            PREFETCHING.with(|p| p.set(false));
        }
    });
}

thread_local! {
    /// Whether [`prefetch`] has started a load that has not failed.
    static PREFETCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A handler for a Start button's `onpointerenter` and `onfocus`: [`prefetch`]. (The progress build
/// has no Start button: its review starts when questions are due.)
#[cfg(any(feature = "quiz", feature = "session", feature = "every-page"))]
pub fn on_intent<E: 'static>() -> Callback<E> {
    Callback::from(|_: E| prefetch())
}

/// What the view shows while its module loads, or why it could not.
#[derive(Clone, Copy, PartialEq)]
enum Waiting {
    Loading,
    Failed,
}

/// The run view, loaded on first use.
#[component]
pub fn LazyRunView(props: &RunViewProps) -> Html {
    let render = use_state(load::ready);
    let waiting = use_state(|| Waiting::Loading);
    let attempt = use_state(|| 0u32);
    {
        let render = render.clone();
        let waiting = waiting.clone();
        use_effect_with(*attempt, move |_| {
            if render.is_none() {
                waiting.set(Waiting::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    match load::fetch().await {
                        Ok(f) => render.set(Some(f)),
                        Err(_) => waiting.set(Waiting::Failed),
                    }
                });
            }
        });
    }
    if let Some(render) = *render {
        return render(props.clone());
    }
    match *waiting {
        Waiting::Loading => html! {
            <p class="run-loading" role="status">{ "Loading the questions…" }</p>
        },
        Waiting::Failed => {
            let retry = {
                let attempt = attempt.clone();
                Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
            };
            html! {
                <div class="notice" role="alert">
                    <p>{ "The part of the app that runs the questions could not be downloaded (are you offline?). Your progress is saved." }</p>
                    <button class="button" onclick={retry}>{ "Try again" }</button>
                </div>
            }
        }
    }
}
