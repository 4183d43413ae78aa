//! A build's split part: the code a page needs only after the learner presses Start, as a second
//! wasm module loaded on first use (`cli::split`, ARCHITECTURE.md "A build in two parts"). A quiz,
//! progress or session build's part is the run view (`lazy_run.rs`); the incident build's is the
//! running incident and its grade report (`incident/lazy.rs`); the sandbox build's is the running
//! sandbox (`pages/sandbox.rs`).
//!
//! A page declares its build's part with [`split_part!`]: one `#[wasm_split(run)]` function that
//! returns the part's entry points, plain function pointers that render it. Everything reachable
//! only from them goes to the second module; the page calls them on each render once they are
//! here ([`use_part`]). Without the Cargo feature `split` (native tests, the wasm component tests,
//! `every-page`) the entry points are simply there.
//!
//! Architecture invariant: one part per build (`Build::split_part`), so one flag says whether a
//! prefetch is under way.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;

use yew::prelude::*;

/// How a page reaches its build's part.
pub struct Part<R: 'static> {
    /// The entry points, if the part is here.
    pub ready: fn() -> Option<R>,
    /// Loads the part (once; after a failure, the next call tries again): `None` if it failed.
    pub fetch: fn() -> Pin<Box<dyn Future<Output = Option<R>>>>,
    /// What the page says while the part loads ("Loading the questions…").
    pub loading: &'static str,
}

/// Declares a build's part as module `$m`, whose `PART` is the [`Part`] of entry points `$value`
/// (of type `$ty`, from the enclosing module) that says `$loading` while it loads.
#[macro_export]
macro_rules! split_part {
    ($m:ident: $ty:ty = $value:expr, $loading:literal) => {
        #[cfg(feature = "split")]
        pub mod $m {
            use super::*;
            use $crate::ui::components::lazy_part::Part;

            /// The split point: calling it loads the part first.
            #[wasm_split_helpers::wasm_split(run, fallible)]
            fn entry() -> Result<$ty, wasm_split_helpers::SplitLoaderError> {
                Ok($value)
            }

            thread_local! {
                static LOADED: std::cell::Cell<Option<$ty>> = const { std::cell::Cell::new(None) };
            }

            fn ready() -> Option<$ty> {
                LOADED.with(std::cell::Cell::get)
            }

            fn fetch() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<$ty>>>> {
                Box::pin(async {
                    let entry = entry().await.ok()?;
                    LOADED.with(|l| l.set(Some(entry)));
                    Some(entry)
                })
            }

            pub static PART: Part<$ty> = Part { ready, fetch, loading: $loading };
        }

        #[cfg(not(feature = "split"))]
        pub mod $m {
            use super::*;
            use $crate::ui::components::lazy_part::Part;

            fn ready() -> Option<$ty> {
                Some($value)
            }

            fn fetch() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<$ty>>>> {
                Box::pin(async { ready() })
            }

            pub static PART: Part<$ty> = Part { ready, fetch, loading: $loading };
        }
    };
}

/// No load started by [`Part::prefetch`] yet, or it succeeded.
const IDLE: u8 = 0;
/// A load started by [`Part::prefetch`] is under way.
const LOADING: u8 = 1;
/// The last load started by [`Part::prefetch`] failed.
const FAILED: u8 = 2;

thread_local! {
    /// Where [`Part::prefetch`]'s load is: [`IDLE`], [`LOADING`] or [`FAILED`] (one part per build).
    static PREFETCH: Cell<u8> = const { Cell::new(IDLE) };
}

impl<R: Copy + 'static> Part<R> {
    /// Starts loading the part without waiting for it, so that pressing Start does not wait for the
    /// network: when the learner shows the intent (points at or tabs to a Start button, see
    /// [`Part::on_intent`]) or the part is sure to be needed (a review with questions due, a session
    /// about to start by itself). Never on a first visit's own path: a learner who only reads the
    /// start screen downloads none of it.
    pub fn prefetch(&self) {
        if (self.ready)().is_some() || PREFETCH.with(|p| p.replace(LOADING)) == LOADING {
            return;
        }
        let fetch = self.fetch;
        wasm_bindgen_futures::spawn_local(async move {
            // A failed load may be tried again (by the next intent, or by the page itself).
            let end = if fetch().await.is_some() { IDLE } else { FAILED };
            PREFETCH.with(|p| p.set(end));
        });
    }

    /// Whether the last [`Part::prefetch`] failed (and none was started since).
    #[cfg_attr(not(feature = "session"), allow(dead_code))]
    pub fn prefetch_failed(&self) -> bool {
        PREFETCH.with(Cell::get) == FAILED
    }

    /// Calls `begin` once the part is here (at once if it is), or `failed` if it cannot be
    /// downloaded. A run's Start goes through it: a timed question's clock starts when the run
    /// starts, so the run must not start while its questions cannot be shown. (The review and the
    /// incident have no such Start: the review is untimed, and an incident's clock starts with its
    /// session, which is the part.)
    #[cfg_attr(not(any(feature = "quiz", feature = "session")), allow(dead_code))]
    pub fn when_ready(&'static self, begin: impl FnOnce() + 'static, failed: impl FnOnce() + 'static) {
        if (self.ready)().is_some() {
            return begin();
        }
        let fetch = self.fetch;
        wasm_bindgen_futures::spawn_local(async move {
            match fetch().await {
                Some(_) => begin(),
                None => failed(),
            }
        });
    }

    /// A handler for a Start button's `onpointerenter` and `onfocus`: [`Part::prefetch`]. (The
    /// progress build has no Start button: its review starts when questions are due.)
    #[cfg_attr(not(any(feature = "quiz", feature = "session", feature = "incident", feature = "sandbox")), allow(dead_code))]
    pub fn on_intent<E: 'static>(&'static self) -> Callback<E> {
        Callback::from(move |_: E| self.prefetch())
    }
}

/// Why a part may not download, said the same way wherever a page reports it.
pub const WHY_UNREACHABLE: &str =
    "you may be offline, or a newer version of Rollback Lab may have been published since this page opened (then reload the page)";

/// The id of the "Try again" button shown when the part could not be downloaded.
const RETRY_ID: &str = "part-retry";

/// The part's entry points once `wanted` and loaded; until then what to show instead: the part's
/// loading message, or why it could not be downloaded with a "Try again" button (which gets the
/// focus: it replaces the Start button the learner pressed). Nothing the page saved is touched.
#[hook]
pub fn use_part<R: Copy + 'static>(part: &'static Part<R>, wanted: bool) -> Result<R, Html> {
    let loaded = use_state(|| (part.ready)());
    let failed = use_state(|| false);
    let attempt = use_state(|| 0u32);
    {
        let (loaded, failed) = (loaded.clone(), failed.clone());
        use_effect_with((wanted, *attempt), move |(wanted, _)| {
            if *wanted && loaded.is_none() {
                failed.set(false);
                wasm_bindgen_futures::spawn_local(async move {
                    match (part.fetch)().await {
                        Some(entry) => loaded.set(Some(entry)),
                        None => failed.set(true),
                    }
                });
            }
        });
    }
    use_effect_with(*failed, |failed| {
        if *failed {
            crate::ui::browser::focus_by_id(RETRY_ID);
        }
    });
    if let Some(entry) = *loaded {
        return Ok(entry);
    }
    if !*failed {
        return Err(html! { <p class="part-loading" role="status">{ part.loading }</p> });
    }
    let retry = Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1));
    Err(html! {
        <div class="notice error" role="alert">
            <p>{ "This part of the app could not be downloaded: " }{ WHY_UNREACHABLE }{ ". Nothing you did is lost." }</p>
            <button type="button" class="button" id={RETRY_ID} onclick={retry}>{ "Try again" }</button>
        </div>
    })
}
