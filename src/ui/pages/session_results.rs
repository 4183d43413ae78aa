//! The results dashboard: result codes pasted or read from files, every unreadable or foreign one
//! listed, a leaderboard (score, then time apart), item analysis with charts, and CSV files.
//! Everything happens in this page; nothing is sent anywhere.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::fixed::fixed;
use crate::pack::{Interaction, Pack};
use crate::quiz::score::{format_points, percent};
use crate::session::{Dashboard, SessionSpec};
use crate::ui::browser;
use crate::ui::components::rich_text::inline;
use crate::ui::components::session::bar_chart::{Bar, BarChart};
use crate::ui::components::session::link_fragment::{link_problem, use_link_spec};
use crate::ui::components::session::session_packs;
use crate::ui::components::session::stored;

#[component]
pub fn SessionResultsPage() -> Html {
    let (hash, spec) = use_link_spec();
    match &*spec {
        Err(message) => link_problem(message),
        Ok(spec) => html! { <Results key={hash} spec={Rc::new(spec.clone())} /> },
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    spec: Rc<SessionSpec>,
}

fn seconds(s: u64) -> String {
    if s >= 60 {
        crate::clock::clock(s)
    } else {
        format!("{s} s")
    }
}

#[component]
fn Results(props: &ResultsProps) -> Html {
    let spec = props.spec.clone();
    let dashboard = use_mut_ref(|| Dashboard::new(&spec));
    let problems = use_state(Vec::<String>::new);
    let loaded_note = use_state(String::new);
    let draft = use_state(String::new);
    let redraw = use_force_update();
    // What the browser kept of this session: its codes are loaded again, so a reload loses nothing.
    let store_notes = use_state(Vec::<String>::new);
    // What went wrong keeping the codes of the latest load.
    let save_notes = use_state(Vec::<String>::new);
    {
        let dashboard = dashboard.clone();
        let loaded_note = loaded_note.clone();
        let problems = problems.clone();
        let store_notes = store_notes.clone();
        let redraw = redraw.clone();
        let spec = spec.clone();
        use_effect_with((), move |_| {
            let (mut kept, notes) = stored::read();
            let codes = kept.get(spec.id()).map(|s| s.codes.clone()).unwrap_or_default();
            if codes.is_empty() {
                // Opened from a link: the session joins "My sessions".
                kept.add_session(&spec, browser::now_ms());
                stored::write(&kept);
            } else {
                let found = dashboard.borrow_mut().add(&codes.join("\n"));
                let n = dashboard.borrow().results.len();
                loaded_note.set(format!(
                    "{n} result{} restored from this browser.",
                    if n == 1 { "" } else { "s" }
                ));
                problems.set(found.iter().map(|p| format!("Saved codes: {p}")).collect());
            }
            store_notes.set(notes);
            redraw.force_update();
        });
    }
    // The packs give the questions' titles and which options are right; the dashboard works without them.
    let packs = use_state(Vec::<Rc<Pack>>::new);
    {
        let packs = packs.clone();
        let spec = spec.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                let (loaded, _) = session_packs::load(&spec).await;
                packs.set(loaded.into_iter().map(Rc::new).collect());
            });
        });
    }
    // Adds codes from one source; problems accumulate, each named by its position and excerpt.
    let add = {
        let dashboard = dashboard.clone();
        let problems = problems.clone();
        let loaded_note = loaded_note.clone();
        let redraw = redraw.clone();
        let spec = spec.clone();
        let save_notes = save_notes.clone();
        Rc::new(move |text: String, source: String, earlier: Vec<String>| {
            let before = dashboard.borrow().results.len();
            let found = dashboard.borrow_mut().add(&text);
            let after = dashboard.borrow().results.len();
            let mut all = earlier;
            all.extend(found.iter().map(|p| format!("{source}: {p}")));
            loaded_note.set(format!(
                "{source}: {} code{} loaded, {} left out. {after} result{} in all.",
                after - before,
                if after - before == 1 { "" } else { "s" },
                found.len(),
                if after == 1 { "" } else { "s" }
            ));
            problems.set(all.clone());
            // Keep every loaded code in the browser, for the next visit.
            let codes: Vec<String> = dashboard.borrow().results.iter().map(|r| r.encode()).collect();
            let (mut kept, _) = stored::read();
            let over = kept.set_codes(&spec, codes, browser::now_ms());
            let mut notes = Vec::new();
            if !stored::write(&kept) {
                notes.push("This browser refused to keep the results: they will be gone after a reload. Download the CSV files to keep them.".to_owned());
            } else if over > 0 {
                notes.push(format!("{over} result codes were not kept in the browser (it keeps {} per session); download the CSV files to keep them.", crate::session::store::CODES_CAP));
            }
            save_notes.set(notes);
            redraw.force_update();
            // Focus goes to the summary of what loaded, so a keyboard user hears it and continues from there.
            browser::focus_by_id("load-note");
            all
        })
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                draft.set(t.value());
            }
        })
    };
    let on_paste = {
        let add = add.clone();
        let draft = draft.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            add((*draft).clone(), "Pasted codes".into(), Vec::new());
            draft.set(String::new());
        })
    };
    let on_files = {
        let add = add.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let Some(files) = input.files() else { return };
            let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
            let add = add.clone();
            // The problem list belongs to this load (these files) only.
            let mut earlier = Vec::new();
            yew::platform::spawn_local(async move {
                for file in files {
                    let text = wasm_bindgen_futures::JsFuture::from(file.text())
                        .await
                        .ok()
                        .and_then(|v| v.as_string());
                    match text {
                        Some(text) => earlier = add(text, format!("File {}", file.name()), earlier),
                        None => earlier.push(format!("File {}: it could not be read as text", file.name())),
                    }
                }
            });
        })
    };

    let d = dashboard.borrow();
    let question = |pack: &str, id: &str| {
        packs
            .iter()
            .find(|p| p.id == pack)
            .and_then(|p| p.question(id).cloned())
    };
    let standings = d.leaderboard();
    let items = d.items();
    let leaderboard = if standings.is_empty() {
        html! { <p class="meta">{ "No results yet: paste the learners' codes above." }</p> }
    } else {
        html! {
            <table class="leaderboard">
                <caption>{ "Ranked by score; equal scores by total time. Time is shown apart and never counted in the score." }</caption>
                <thead><tr>
                    <th scope="col">{ "Rank" }</th><th scope="col">{ "Name" }</th><th scope="col">{ "Score" }</th>
                    <th scope="col">{ "Correct" }</th><th scope="col">{ "Time" }</th><th scope="col">{ "Time multiplier" }</th>
                </tr></thead>
                <tbody>
                    { for standings.iter().map(|s| html! {
                        <tr>
                            <td class="rank">{ s.rank }</td>
                            <th scope="row" class="name">{ s.name.clone() }</th>
                            <td class="score">{ format!("{} / {} ({}%)", format_points(s.score), format_points(s.max), percent(s.score, s.max)) }</td>
                            <td class="correct">{ format!("{} of {}", s.correct, spec.questions.len()) }</td>
                            <td class="time">{ seconds(s.time_s) }</td>
                            <td>{ s.multiplier.label() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    };
    let overview: Vec<Bar> = items
        .iter()
        .enumerate()
        .map(|(i, item)| Bar {
            label: format!("Q{}", i + 1),
            fraction: item.percent_correct / 100.0,
            value_text: format!("{}%", fixed(item.percent_correct, 0)),
            highlight: false,
        })
        .collect();
    let item_rows = items.iter().enumerate().map(|(i, item)| {
        let q = question(&item.question.pack, &item.question.question);
        let title = q.as_ref().map_or_else(|| format!("{}/{}", item.question.pack, item.question.question), |q| q.title.clone());
        let ordering = q.as_ref().is_some_and(|q| q.interaction == Interaction::Ordering);
        let correct = q.as_ref().map(|q| q.correct_options()).unwrap_or_default();
        let total: u32 = item.option_counts.iter().sum::<u32>().max(1);
        // Every option of the question, also those nobody chose (the counts stop at the last chosen).
        let shown = item.option_counts.len().max(q.as_ref().map_or(0, |q| q.options.len()));
        let bars: Vec<Bar> = (0..shown)
            .map(|o| (o, item.option_counts.get(o).copied().unwrap_or(0)))
            .map(|(o, n)| {
                let letter = crate::quiz::run::letter(o as u8);
                let text = q.as_ref().and_then(|q| q.options.get(o)).map_or(String::new(), |opt| opt.text.replace('`', ""));
                Bar {
                    label: if text.is_empty() { letter.to_string() } else { format!("{letter}. {text}") },
                    fraction: f64::from(n) / f64::from(total),
                    value_text: if correct.contains(&o) { format!("{n} (right)") } else { n.to_string() },
                    highlight: correct.contains(&o),
                }
            })
            .collect();
        html! {
            <section class="item" aria-labelledby={format!("item-{i}")}>
                <h3 id={format!("item-{i}")}>{ format!("Q{}. ", i + 1) }{ inline(&title) }</h3>
                <dl class="item-stats">
                    <div><dt>{ "Correct" }</dt><dd class="percent-correct">{ format!("{}%", fixed(item.percent_correct, 0)) }</dd></div>
                    <div><dt>{ "Responses" }</dt><dd>{ format!("{} ({} right)", item.responses, item.correct) }</dd></div>
                    <div><dt>{ "Discrimination" }</dt><dd class="discrimination">{ item.discrimination.map_or("n/a (too few results)".to_owned(), |x| fixed(x, 2)) }</dd></div>
                    <div><dt>{ "Average time" }</dt><dd>{ item.average_time_s.map_or("n/a".to_owned(), |t| format!("{} s", fixed(t, 1))) }</dd></div>
                    <div><dt>{ "No answer" }</dt><dd>{ item.no_answer }</dd></div>
                </dl>
                if ordering {
                    <p class="meta">{ "An ordering question: its answers are sequences, so there are no option counts." }</p>
                } else if !bars.is_empty() {
                    <BarChart title={format!("First-try choices on question {}; the right options are highlighted", i + 1)} bars={bars.clone()} />
                    // The chart cuts long labels; every option's whole text is here, wrapped.
                    <ul class="item-options" aria-label={format!("Options of question {} in full", i + 1)}>
                        { for bars.iter().map(|b| html! {
                            <li class={classes!(b.highlight.then_some("right"))}>{ format!("{} — {}", b.label, b.value_text) }</li>
                        }) }
                    </ul>
                }
            </section>
        }
    });
    let has_results = !d.results.is_empty();
    let title_of = |pack: &str, id: &str| question(pack, id).map(|q| q.title.replace('`', ""));
    let csv = has_results.then(|| (d.to_csv(), d.items_csv_titled(&title_of)));
    html! {
        <section class="page session-results" aria-labelledby="results-title">
            <h1 id="results-title">{ format!("Results: {}", if spec.title.is_empty() { "session" } else { &spec.title }) }</h1>
            <p class="lead">{ format!("Session {} · {} questions. Everything below is computed in this page; no code leaves your browser.", spec.id(), spec.questions.len()) }</p>
            <form class="codes-input" onsubmit={on_paste}>
                <label for="codes">{ "Result codes (paste as many as you like, one per line or separated by spaces)" }</label>
                <textarea id="codes" rows="6" spellcheck="false" value={(*draft).clone()} oninput={on_draft} />
                <p><button type="submit" class="button primary load-codes">{ "Load the codes" }</button></p>
            </form>
            <p>
                <label for="code-files">{ "Or read result files (several at once)" }</label>
                <input type="file" id="code-files" multiple=true accept=".txt,text/plain" onchange={on_files} />
            </p>
            <div aria-live="polite" class="load-note" id="load-note" tabindex="-1">{ (*loaded_note).clone() }</div>
            { stored::problems_notice(&store_notes) }
            if !save_notes.is_empty() {
                <div class="notice warn save-notes" role="alert">
                    <ul>{ for save_notes.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
                </div>
            }
            if !problems.is_empty() {
                <div class="notice warn code-problems" role="alert">
                    <p>{ format!("In the latest load, {} code{} could not be used (the others loaded); codes are numbered from 1 within it:", problems.len(), if problems.len() == 1 { "" } else { "s" }) }</p>
                    <ul class="problems">{ for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
                </div>
            }
            <p class="notice honesty">{ "A static site cannot stop a determined learner from forging a code: the checksum catches accidents, such as a character lost in copying, not cheating." }</p>
            <h2>{ "Leaderboard" }</h2>
            { leaderboard }
            if has_results {
                <h2>{ "Questions" }</h2>
                <p class="meta">{ "Percent correct counts right answers among all results. Discrimination compares the top and bottom 27% of the leaderboard (percent right in the top group minus the bottom group): near 1, the question separates them well; near 0 or below, it does not. Option counts are first tries, by the letters of the pack (learners saw them shuffled)." }</p>
                <BarChart title="Percent correct by question" bars={overview} />
                { for item_rows }
                if let Some((board, items_csv)) = csv {
                    <h2>{ "Download" }</h2>
                    <p class="downloads">
                        <a class="button csv-results" download={format!("session-{}-results.csv", spec.id())} href={browser::data_url("text/csv", &board)}>{ "Results (CSV)" }</a>
                        { " " }
                        <a class="button csv-items" download={format!("session-{}-items.csv", spec.id())} href={browser::data_url("text/csv", &items_csv)}>{ "Item analysis (CSV)" }</a>
                    </p>
                }
            }
        </section>
    }
}
