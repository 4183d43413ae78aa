//! The draft pack a Moodle XML or GIFT bank becomes (`lms::draft`), for the browser's import page
//! and `lab import-pack`: the defaults, the relaxations of the pack check and nothing more, every
//! construct dropped and every question refused named with its line, files that are not banks, and
//! a round trip from every shipped pack through Moodle XML to a draft with the same questions,
//! answers and feedback that the quiz build's reader reads and a run grades.

use std::path::Path;
use std::process::Command;

use rollback_lab::cli::check::load_packs;
use rollback_lab::lms::draft::{self, Detected, Draft, Source};
use rollback_lab::lms::{gift, moodle};
use rollback_lab::pack::read::DRAFT_RELAXATIONS;
use rollback_lab::pack::{self, Difficulty, Interaction, Kind, Pack, Question};
use rollback_lab::quiz::grade::grade;
use rollback_lab::quiz::run::{Action, Effect, Run, Status};
use rollback_lab::quiz::{Mode, TimeMultiplier};

const GIFT_FIXTURE: &str = "tests/fixtures/lms/unsupported.gift";
const MOODLE_FIXTURE: &str = "tests/fixtures/lms/bank.moodle.xml";

fn shipped() -> Vec<Pack> {
    let packs: Vec<Pack> = load_packs(Path::new("static/packs")).unwrap().into_iter().map(|f| f.result.unwrap()).collect();
    assert!(packs.len() >= 10, "only {} packs", packs.len());
    packs
}

fn fixture(file: &str, source: Source) -> Draft {
    let text = std::fs::read_to_string(file).unwrap();
    draft::draft(file, &text, source).unwrap()
}

/// What the browser stores is what the import page's check accepts, and both readers read it back
/// as the same pack.
fn stored(d: &Draft) -> Pack {
    let json = pack::to_json(&d.pack);
    let checked = pack::from_json("bank.xml (draft)", &json).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(checked, d.pack);
    assert_eq!(pack::read_shipped("bank.json", &json).unwrap(), d.pack, "the quiz build's reader");
    checked
}

/// The fields a format carries, from one question (as tests/lms_exports.rs compares them).
fn carried(q: &Question) -> String {
    let options: Vec<String> = q.options.iter().map(|o| format!("{:?} {} {:?}", o.text, o.correct, o.why)).collect();
    format!(
        "id={:?}\ninteraction={:?}\ntitle={:?}\nprompt={:?}\ncode={:?} {:?}\noptions={options:#?}\nsteps={:#?}\nexplanation={:?}\nsolution={:#?}\nhint={:?}",
        q.id, q.interaction, q.title, q.prompt, q.code, q.code_lang, q.steps, q.explanation, q.solution, q.hint
    )
}

#[test]
fn a_gift_bank_becomes_a_draft_with_the_defaults_and_its_dropped_constructs() {
    let d = fixture(GIFT_FIXTURE, Source::Gift);
    assert_eq!(d.source, Source::Gift);
    let f = GIFT_FIXTURE;
    assert_eq!(
        d.dropped,
        [
            format!("{f}:11: numeric answers are not supported"),
            format!("{f}:13: true/false questions are not supported"),
            format!("{f}:15: matching questions are not supported"),
            format!("{f}:20: short-answer questions are not supported"),
            format!("{f}:22: missing-word questions (text after the answers) are not supported"),
            format!("{f}:24: essay questions (no answers) are not supported"),
        ]
    );
    assert_eq!(d.refused, Vec::<String>::new());
    let p = &d.pack;
    assert_eq!((p.id.as_str(), p.title.as_str()), ("unsupported", "Imported"), "the id from the file's name, the title from $CATEGORY");
    assert_eq!(p.imported_from.as_deref(), Some("gift"));
    assert_eq!(p.tags, ["imported", "gift"]);
    assert_eq!(p.badge, "Imported", "the badge is named after the pack");
    assert_eq!(p.summary, "Questions imported from GIFT.");
    assert_eq!(p.test, ["good-single", "good-multiple"], "the Test is every question in file order");
    assert_eq!(p.challenge, p.test);
    assert_eq!(p.minutes, 4);
    for q in &p.questions {
        assert_eq!((q.kind, q.difficulty, q.time_limit, q.attempts), (Kind::Conceptual, Difficulty::Medium, 120, 2), "{}", q.id);
        assert!(q.mistakes.is_empty() && q.quick_check.is_empty() && q.hint.is_empty(), "{}", q.id);
        assert!(q.options.iter().all(|o| o.misconception.is_none()), "{}", q.id);
    }
    // Grading keeps exactly the right answers the file marked.
    assert_eq!(p.questions[0].correct_options(), [0]);
    assert_eq!(p.questions[1].correct_options(), [0, 1]);
    for line in ["badge “Imported” (named after the pack)", "tags imported, gift", "Test and Challenge: all 2 questions in file order"] {
        assert!(d.filled.iter().any(|l| l == line), "{line} not in {:#?}", d.filled);
    }
    stored(&d);
}

#[test]
fn a_moodle_bank_names_what_it_dropped_and_refused_with_lines() {
    let d = fixture(MOODLE_FIXTURE, Source::MoodleXml);
    let f = MOODLE_FIXTURE;
    assert_eq!(
        d.dropped,
        [
            format!("{f}:19: truefalse questions are not supported (only multichoice and ordering)"),
            format!("{f}:42: no answer has a positive fraction"),
            format!("{f}:42: question skipped"),
        ]
    );
    // Grading is never relaxed: two right answers of a single-choice question, or an ordering of
    // two steps, are refused with their line, not repaired.
    assert_eq!(
        d.refused,
        [
            format!("{f}:34: question “Two right answers” not imported: field `option`: a single-choice question has exactly one `correct = true` option, found 2"),
            format!("{f}:60: question “Too short” not imported: field `steps`: expected 3 to 7 items, found 2"),
        ]
    );
    let p = &d.pack;
    assert_eq!((p.id.as_str(), p.title.as_str()), ("release-safety", "Release safety"));
    let ids: Vec<&str> = p.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["undo", "undo-2", "switch"], "a taken id gets a suffix");
    assert_eq!(p.test, ids);
    assert_eq!(p.questions[0].code_lang.as_deref(), Some("text"), "bash is not a pack language");
    assert_eq!(p.questions[0].hint, "Think of history.");
    assert_eq!(p.questions[0].options[0].why.as_deref(), Some("Right: it rolls back."));
    assert_eq!(p.questions[1].correct_options(), [0, 1]);
    assert_eq!(p.questions[2].title, "Order a blue-green switch.", "an empty name takes the question text");
    assert_eq!(p.questions[2].steps, ["Deploy green", "Test green", "Switch the service to green"]);
    for line in [
        "pack id `release-safety` (made from `Release Safety`)",
        "line 8: code language `bash` read as `text`",
        "line 25: question id `undo-2` (the file's `undo` is taken)",
        "line 50: title “Order a blue-green switch.” (from the question text)",
    ] {
        assert!(d.filled.iter().any(|l| l == line), "{line} not in {:#?}", d.filled);
    }
    stored(&d);
}

#[test]
fn the_draft_relaxations_are_exactly_those_listed() {
    let d = fixture(MOODLE_FIXTURE, Source::MoodleXml);
    let json = pack::to_json(&d.pack);
    // Without `imported_from` the same pack fails the strict check, on each relaxed rule.
    let strict = json.replacen(",\"imported_from\":\"moodle-xml\"", "", 1);
    assert_ne!(strict, json);
    let problems: Vec<String> = pack::from_json("x.json", &strict).unwrap_err().iter().map(ToString::to_string).collect();
    for expected in [
        "field `test`: expected exactly 10 items, found 3",
        "field `challenge`: expected exactly 5 items, found 3",
        "field `hint`: is empty",
        "field `explanation`: is empty",
        "field `quick_check`: is empty",
        "field `solution`: expected 2 to 5 items, found 0",
        "field `mistakes`: expected 2 to 4 items, found 0",
        "misconception`: is missing",
        "field `order_misconception`: is missing",
    ] {
        assert!(problems.iter().any(|p| p.contains(expected)), "{expected} not in {problems:#?}");
    }
    assert_eq!(DRAFT_RELAXATIONS.len(), 6);
    // A pack file may never be a draft; an unknown format is refused.
    let toml_problems = pack::from_json("bank.toml", &json.replace("\"id\":\"release-safety\"", "\"id\":\"bank\"")).unwrap_err();
    assert!(toml_problems.iter().any(|p| p.field == "imported_from" && p.message.starts_with("unknown field")), "{toml_problems:?}");
    let odd = pack::from_json("x.json", &json.replace("\"imported_from\":\"moodle-xml\"", "\"imported_from\":\"docx\"")).unwrap_err();
    assert!(odd.iter().any(|p| p.field == "imported_from" && p.message.contains("expected one of: moodle-xml, gift")), "{odd:?}");
    // What grading relies on still holds in a draft: a second right answer on a single-choice
    // question, a select-all with one right answer, a repeated step, two options.
    let q0 = &d.pack.questions[0];
    for (what, broken) in [
        ("two right", json.replacen("\"text\":\"kubectl rollout restart\"", "\"text\":\"kubectl rollout restart\",\"correct\":true", 1)),
        ("one right of a select-all", json.replacen("{\"text\":\"A manual abort\",\"correct\":true}", "{\"text\":\"A manual abort\"}", 1)),
        ("a repeated step", json.replacen("\"Test green\"", "\"Deploy green\"", 1)),
        ("two options", json.replacen(",{\"text\":\"kubectl scale --replicas=0\"}", "", 1)),
    ] {
        assert_ne!(broken, json, "{what}: the edit applies");
        assert!(pack::from_json("x.json", &broken).is_err(), "{what} passed the draft check");
    }
    assert_eq!(q0.correct_options(), [0]);
}

#[test]
fn every_shipped_pack_round_trips_through_moodle_xml_into_a_browser_draft() {
    let mut questions = 0;
    for original in shipped() {
        let xml = moodle::export(&original);
        let d = draft::draft(&format!("{}.moodle.xml", original.id), &xml, Source::MoodleXml).unwrap();
        assert!(d.dropped.is_empty() && d.refused.is_empty(), "{}: {:?} {:?}", original.id, d.dropped, d.refused);
        let back = stored(&d);
        assert_eq!((&back.id, &back.title, &back.summary), (&original.id, &original.title, &original.summary));
        assert_eq!(back.questions.len(), original.questions.len(), "{}", original.id);
        for (a, b) in original.questions.iter().zip(&back.questions) {
            assert_eq!(carried(a), carried(b), "{} / {}", original.id, a.id);
            // The right answer of the original is the right answer of the draft.
            let right: Vec<u8> = match a.interaction {
                Interaction::Ordering => (0..a.steps.len() as u8).collect(),
                _ => a.correct_options().iter().map(|&i| i as u8).collect(),
            };
            assert!(grade(b, &right).correct, "{} / {}", original.id, a.id);
            questions += 1;
        }
    }
    assert!(questions > 100, "{questions}");
}

#[test]
fn a_draft_runs_like_any_pack_and_grades_the_marked_answer() {
    let d = fixture(GIFT_FIXTURE, Source::Gift);
    let p = stored(&d);
    for mode in [Mode::Practice, Mode::Test, Mode::Challenge] {
        let run = Run::for_pack(&p, mode, 7, TimeMultiplier::X1, &[], 0);
        assert_eq!(run.len(), 2, "{mode:?} deals every question of the draft");
    }
    let mut run = Run::for_pack(&p, Mode::Practice, 7, TimeMultiplier::X1, &[], 0);
    assert!(!run.hint_available(0), "a question without a hint offers none");
    let q = run.question(0).unwrap().clone();
    let hints = run.reduce(Action::Hint, 1);
    assert_ne!(hints, Effect::Changed);
    for action in run.correct_actions(0) {
        run.reduce(action, 2);
    }
    run.reduce(Action::Submit, 3);
    assert_eq!(run.slot(0).unwrap().status, Status::Correct, "{}", q.id);
}

#[test]
fn files_that_are_not_banks_are_named_never_a_panic() {
    assert_eq!(draft::detect("a.json", "  {\"id\": 1}"), Detected::PackJson);
    assert_eq!(draft::detect("a.txt", "\u{feff}<?xml version=\"1.0\"?><quiz/>"), Detected::Bank(Source::MoodleXml));
    assert_eq!(draft::detect("a.json", "<quiz></quiz>"), Detected::Bank(Source::MoodleXml), "the content decides, not the name");
    assert_eq!(draft::detect("a.xml", "::t::q{=a ~b ~c}"), Detected::Bank(Source::Gift));
    assert_eq!(draft::detect("a.gift", " \n\t"), Detected::Unreadable("a.gift: the file is empty".into()));
    let Detected::Unreadable(why) = draft::detect("a.png", "\u{fffd}PNG\r\n\u{1a}\n\0\0") else { panic!("binary read as a bank") };
    assert!(why.starts_with("a.png: not a text file"), "{why}");

    // A truncated XML file is one error with its line.
    let truncated = "<?xml version=\"1.0\"?>\n<quiz>\n  <question type=\"multichoice\">\n    <name><text>Cut";
    let err = draft::draft("cut.xml", truncated, Source::MoodleXml).unwrap_err();
    assert!(err.starts_with("cut.xml:"), "{err}");
    assert!(draft::draft("junk.gift", "\0\u{1}", Source::Gift).unwrap_err().contains("not a text file"));
    // A bank with only unsupported questions, an empty bank: no usable question, every reason kept.
    let only_bad = "::Pods::How many replicas?{#1}\n\n::Paused::Paused can be undone.{FALSE}\n";
    let d = draft::draft("bad.gift", only_bad, Source::Gift).unwrap();
    assert!(!d.usable());
    assert_eq!(d.problems(), ["bad.gift:1: numeric answers are not supported", "bad.gift:3: true/false questions are not supported"]);
    for text in ["", "<quiz></quiz>", "<quiz><question type=\"multichoice\"><answer fraction=\"0\"><text>a</text></answer></question></quiz>"] {
        let source = if text.starts_with('<') { Source::MoodleXml } else { Source::Gift };
        let d = draft::draft("empty", text, source).unwrap();
        assert!(!d.usable(), "{text}");
    }
    // Whatever the text, no panic and the draft (when usable) passes the check.
    for text in ["{", "}", "::", "x{~a}", "x{=a ~b ~c}", "::a::[weird]q{=a ~b ~c}", "<quiz><question/></quiz>", "<other/>", "<", "<quiz"] {
        for source in [Source::Gift, Source::MoodleXml] {
            if let Ok(d) = draft::draft("odd", text, source)
                && d.usable()
            {
                stored(&d);
            }
        }
    }
}

#[test]
fn gift_and_moodle_import_lines_follow_their_questions() {
    let text = std::fs::read_to_string(GIFT_FIXTURE).unwrap();
    assert_eq!(gift::import(GIFT_FIXTURE, &text).unwrap().lines, [5, 27]);
    let text = std::fs::read_to_string(MOODLE_FIXTURE).unwrap();
    assert_eq!(moodle::import(MOODLE_FIXTURE, &text).unwrap().lines, [8, 25, 34, 50, 60]);
}

#[test]
fn lab_import_pack_writes_the_same_draft_and_refuses_a_bank_with_no_usable_question() {
    let o = Command::new(env!("CARGO_BIN_EXE_lab")).args(["import-pack", MOODLE_FIXTURE, "--format", "moodle-xml"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.starts_with("# A draft pack imported from Moodle XML"), "{stdout}");
    assert!(stdout.contains("badge = \"Release safety\"") && stdout.contains("test = [\n  \"undo\",\n  \"undo-2\",\n  \"switch\",\n]"), "{stdout}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    let d = fixture(MOODLE_FIXTURE, Source::MoodleXml);
    for line in d.problems() {
        assert!(stderr.contains(&line), "{line} not in {stderr}");
    }
    assert_eq!(stdout, d.to_toml());

    let dir = std::env::temp_dir().join(format!("lms-draft-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.gift");
    std::fs::write(&bad, "::Pods::How many replicas?{#1}\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_lab")).args(["import-pack", bad.to_str().unwrap(), "--format", "gift"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("bad.gift:1: numeric answers are not supported") && stderr.contains("no usable questions"), "{stderr}");
    assert!(o.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_session_can_be_built_from_a_draft_and_a_learner_with_the_pack_takes_it() {
    use rollback_lab::session::spec::SessionSpec;
    let d = fixture(MOODLE_FIXTURE, Source::MoodleXml);
    let p = stored(&d);
    let picks: Vec<(String, String)> = p.questions.iter().map(|q| (p.id.clone(), q.id.clone())).collect();
    let spec = SessionSpec::from_questions("From a bank", &[&p], &picks).unwrap();
    // The pack as the learner's quiz build reads it from storage deals the same questions.
    let learner = pack::read_shipped("release-safety.json", &pack::to_json(&p)).unwrap();
    let run = spec.start_run(&[&learner], TimeMultiplier::X1, 0).unwrap();
    assert_eq!(run.len(), 3);
    let ordering = (0..run.len()).find(|&i| run.question(i).unwrap().interaction == Interaction::Ordering).unwrap();
    assert_eq!(run.question(ordering).unwrap().steps.len(), 3);
}

#[test]
fn every_cut_and_splice_of_the_fixtures_is_read_or_refused_without_a_panic() {
    let mut usable = 0;
    for (file, source) in [(MOODLE_FIXTURE, Source::MoodleXml), (GIFT_FIXTURE, Source::Gift)] {
        let text = std::fs::read_to_string(file).unwrap();
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(3).collect();
        for &cut in &cuts {
            for candidate in [text[..cut].to_owned(), format!("{}{{}}<>%#~=:\\{}", &text[..cut], &text[cut..])] {
                // As the page does: the content decides the format; whatever comes back, no panic,
                // and a usable draft is one the check accepts.
                let detected = draft::detect(file, &candidate);
                let source = match detected {
                    Detected::Bank(s) => s,
                    _ => source,
                };
                if let Ok(d) = draft::draft(file, &candidate, source)
                    && d.usable()
                {
                    stored(&d);
                    usable += 1;
                }
            }
        }
    }
    assert!(usable > 50, "{usable}");
}
