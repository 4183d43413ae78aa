//! The session builder's "Put this session in your LMS" part: a SCORM 1.2 package of the session,
//! made in the browser from the files of the deployment it runs on (`scorm_package`), so an
//! instructor with no command line can upload it to Moodle, Canvas or any SCORM 1.2 LMS. Inside the
//! LMS, learners take the session as they would from its link, and the LMS records each one's
//! status, score, time and answers (`ui::scorm`).
//!
//! The package copies what the session page needs (the light build, the build with the session
//! page, the style, the packs) as listed by the deployment's service worker, stored uncompressed.

use yew::prelude::*;

use crate::scorm_package::{self, Launch, Package};
use crate::session::link;
use crate::ui::browser;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct ScormDownloadProps {
    /// The session's share code (`s1.…`).
    pub code: AttrValue,
}

#[derive(Clone, PartialEq)]
enum State {
    Idle,
    Working,
    Done { name: String, files: usize, bytes: usize },
    Failed(String),
}

/// Fetches the session's files from this deployment and makes the package: (file name, zip, files).
async fn make(code: String, mastery: u32) -> Result<(String, Vec<u8>, usize), String> {
    let spec = link::decode(&code).map_err(|e| format!("the session link is not readable: {e}"))?;
    let sw = browser::fetch_text("sw.js")
        .await
        .map_err(|e| format!("the list of this site's files could not be read ({e}); packages are made on a site served over http(s)"))?;
    let listed = crate::site_files::service_worker_files(&sw)?;
    let index = browser::fetch_text("index.html").await?;
    let wanted = scorm_package::session_files(&listed, &index, Route::SessionTake.build().name());
    let mut files = Vec::with_capacity(wanted.len());
    for name in wanted.iter().filter(|f| *f != "index.html") {
        files.push((name.clone(), browser::fetch_bytes(name).await?));
    }
    let launch = scorm_package::launch_page(&scorm_package::relative_index(&index)?)?;
    let package = Package { launch: Launch::Session { code, id: spec.id().to_string() }, title: spec.title.clone(), mastery };
    let entries = scorm_package::package_entries(&package, &launch, files);
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let zip = scorm_package::stored_zip(&refs)?;
    Ok((package.file_name(), zip, entries.len()))
}

/// The passing score typed, when it is a whole number from 0 to 100.
pub fn mastery(text: &str) -> Option<u32> {
    text.trim().parse::<u32>().ok().filter(|m| *m <= 100)
}

/// Download of the session as a SCORM 1.2 package, with its passing score.
#[component]
pub fn ScormDownload(props: &ScormDownloadProps) -> Html {
    let passing = use_state(|| "80".to_string());
    let state = use_state(|| State::Idle);
    let oninput = {
        let passing = passing.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                passing.set(input.value());
            }
        })
    };
    let onclick = {
        let (state, passing, code) = (state.clone(), passing.clone(), props.code.to_string());
        Callback::from(move |_: MouseEvent| {
            let Some(mastery) = mastery(&passing) else {
                state.set(State::Failed("the passing score must be a whole number from 0 to 100".into()));
                return;
            };
            state.set(State::Working);
            let (state, code) = (state.clone(), code.clone());
            yew::platform::spawn_local(async move {
                let outcome = match make(code, mastery).await {
                    Ok((name, zip, files)) => match browser::download_bytes(&name, "application/zip", &zip) {
                        Ok(()) => State::Done { name, files, bytes: zip.len() },
                        Err(e) => State::Failed(e),
                    },
                    Err(e) => State::Failed(e),
                };
                state.set(outcome);
            });
        })
    };
    let working = *state == State::Working;
    html! {
        <section class="scorm-download" aria-labelledby="scorm-title">
            <h3 id="scorm-title">{ "Put this session in your LMS" }</h3>
            <p>{ "Download it as a SCORM 1.2 package (a zip) and add it to a course as a SCORM activity in Moodle, Canvas or any LMS that takes SCORM 1.2. \
                  Learners then take the session inside the LMS, which records each learner's score, pass or fail, time and answers in its gradebook. \
                  The package holds a copy of this site, made here in your browser." }</p>
            <p class="scorm-fields">
                <label for="scorm-mastery">{ "Passing score (%)" }</label>
                <input id="scorm-mastery" type="number" min="0" max="100" inputmode="numeric" value={(*passing).clone()} {oninput} />
                <button type="button" id="scorm-download" class="button" disabled={working} {onclick}>{ "Download the SCORM package" }</button>
            </p>
            <p class="scorm-status" role="status">
                {
                    match &*state {
                        State::Idle => String::new(),
                        State::Working => "Making the package: copying this site's files…".to_owned(),
                        State::Done { name, files, bytes } => {
                            format!("Downloaded {name}: {files} files, {} MB. Upload it to your LMS as a SCORM package.", crate::fixed::fixed(*bytes as f64 / 1_000_000.0, 1))
                        }
                        State::Failed(e) => format!("The package could not be made: {e}."),
                    }
                }
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::mastery;

    #[test]
    fn the_passing_score_is_a_whole_percentage() {
        assert_eq!(mastery(" 80 "), Some(80));
        assert_eq!(mastery("0"), Some(0));
        assert_eq!(mastery("100"), Some(100));
        assert_eq!(mastery("101"), None);
        assert_eq!(mastery("-1"), None);
        assert_eq!(mastery("8o"), None);
        assert_eq!(mastery(""), None);
    }
}
