//! The command-output questions that name a simulator state are checked against the simulator.

use std::path::Path;

use rollback_lab::cli::check::{check_sim_questions, load_packs};
use rollback_lab::pack::Pack;

fn shipped() -> Vec<Pack> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    load_packs(&dir.join("static/packs")).unwrap().into_iter().filter_map(|f| f.result.ok()).collect()
}

#[test]
fn shipped_sim_questions_match_the_simulator() {
    let packs = shipped();
    let refs: Vec<&Pack> = packs.iter().collect();
    let out = check_sim_questions(&refs, &Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios")).unwrap();
    let backed = packs.iter().flat_map(|p| &p.questions).filter(|q| q.sim_state.is_some()).count();
    assert!(backed >= 25, "only {backed} simulator-backed questions are shipped");
    assert!(out.contains(&format!("{backed} checked")), "{out}");
}

#[test]
fn a_quoted_output_that_differs_from_the_simulator_is_reported() {
    let mut packs = shipped();
    let q = packs
        .iter_mut()
        .flat_map(|p| p.questions.iter_mut())
        .find(|q| q.id == "kr-sim-crashloop-undo")
        .expect("the question");
    let right = q.options.iter_mut().find(|o| o.correct).unwrap();
    right.text = "`deployment.apps/checkout rolled back successfully`".into();
    q.sim_state = Some("rolling-crashloop@60".into());
    let refs: Vec<&Pack> = packs.iter().collect();
    let err = check_sim_questions(&refs, &Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios")).unwrap_err();
    assert!(
        err.contains("kr-sim-crashloop-undo") && err.contains("the simulator prints `deployment.apps/checkout rolled back`"),
        "{err}"
    );
    // A malformed state names what is expected.
    packs[0].questions[0].sim_state = Some("no-at-sign".into());
    let refs: Vec<&Pack> = packs.iter().collect();
    let err = check_sim_questions(&refs, &Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios")).unwrap_err();
    assert!(err.contains("should be SCENARIO@SECONDS"), "{err}");
}
