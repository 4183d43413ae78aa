//! Question bank exports and imports (src/lms): every shipped pack through Moodle XML and GIFT and
//! back keeps every field the format carries; the Moodle XML has the structure Moodle's importer
//! (`question/format/xml/format.php` and the ordering type) reads; GIFT constructs the pack format
//! cannot hold are named with their line; the QTI zip holds what Canvas reads.

use std::io::Read as _;
use std::path::Path;
use std::process::Command;

use rollback_lab::cli::check::load_packs;
use rollback_lab::lms::xml::{self, Element};
use rollback_lab::lms::{gift, moodle, qti};
use rollback_lab::pack::{Interaction, Pack, Question};

fn shipped() -> Vec<Pack> {
    let packs: Vec<Pack> = load_packs(Path::new("static/packs")).unwrap().into_iter().map(|f| f.result.unwrap()).collect();
    assert!(packs.len() >= 10, "only {} packs", packs.len());
    packs
}

/// The fields a format carries, from one question.
fn carried(q: &Question, with_hint: bool) -> String {
    let options: Vec<String> = q.options.iter().map(|o| format!("{:?} {} {:?}", o.text, o.correct, o.why)).collect();
    format!(
        "id={:?}\ninteraction={:?}\ntitle={:?}\nprompt={:?}\ncode={:?} {:?}\noptions={options:#?}\nsteps={:#?}\nexplanation={:?}\nsolution={:#?}\nhint={:?}",
        q.id,
        q.interaction,
        q.title,
        q.prompt,
        q.code,
        q.code_lang,
        q.steps,
        q.explanation,
        q.solution,
        if with_hint { q.hint.as_str() } else { "" }
    )
}

#[test]
fn every_pack_round_trips_through_moodle_xml() {
    let mut questions = 0;
    for pack in shipped() {
        let text = moodle::export(&pack);
        let back = moodle::import(&format!("{}.moodle.xml", pack.id), &text).unwrap();
        assert!(back.problems.is_empty(), "{}: {:?}", pack.id, back.problems);
        assert_eq!((&back.pack.id, &back.pack.title, &back.pack.summary), (&pack.id, &pack.title, &pack.summary));
        assert_eq!(back.pack.questions.len(), pack.questions.len(), "{}", pack.id);
        for (a, b) in pack.questions.iter().zip(&back.pack.questions) {
            assert_eq!(carried(a, true), carried(b, true), "{} / {}", pack.id, a.id);
            questions += 1;
        }
        // The draft the import writes is valid TOML.
        let toml = rollback_lab::lms::draft::to_toml(&back.pack);
        rollback_lab::pack::toml_tree::parse("draft.toml", &toml).unwrap();
    }
    assert!(questions > 100, "{questions}");
}

#[test]
fn every_pack_round_trips_through_gift_but_ordering() {
    let mut skipped_total = 0;
    for pack in shipped() {
        let (text, skipped) = gift::export(&pack);
        let ordering: Vec<&Question> = pack.questions.iter().filter(|q| q.interaction == Interaction::Ordering).collect();
        assert_eq!(skipped.len(), ordering.len(), "{}", pack.id);
        for (line, q) in skipped.iter().zip(&ordering) {
            assert!(line.starts_with(&format!("{}: ordering question skipped", q.id)), "{line}");
        }
        skipped_total += skipped.len();
        // A GIFT question never holds a blank line (it would end the question).
        let back = gift::import(&format!("{}.gift.txt", pack.id), &text).unwrap();
        assert!(back.problems.is_empty(), "{}: {:?}", pack.id, back.problems);
        assert_eq!(back.pack.id, pack.id);
        assert_eq!(back.pack.title, pack.title);
        let choice: Vec<&Question> = pack.questions.iter().filter(|q| q.interaction != Interaction::Ordering).collect();
        assert_eq!(back.pack.questions.len(), choice.len(), "{}", pack.id);
        for (a, b) in choice.iter().zip(&back.pack.questions) {
            assert_eq!(carried(a, false), carried(b, false), "{} / {}", pack.id, a.id);
        }
    }
    assert!(skipped_total > 0, "no shipped pack has an ordering question; the skip path is untested");
}

fn text_child<'a>(q: &'a Element, name: &str, ctx: &str) -> &'a str {
    let el = q.child(name).unwrap_or_else(|| panic!("{ctx}: <{name}> missing"));
    el.child("text").unwrap_or_else(|| panic!("{ctx}: <{name}><text> missing")).text.as_str()
}

fn scalar<'a>(q: &'a Element, name: &str, ctx: &str) -> &'a str {
    q.child(name).unwrap_or_else(|| panic!("{ctx}: <{name}> missing")).text.trim()
}

/// Walks the XML the way format.php reads it.
fn check_moodle_structure(pack: &Pack, text: &str) {
    let root = xml::parse(text).unwrap();
    assert_eq!(root.name, "quiz");
    let questions: Vec<&Element> = root.all("question").collect();
    assert_eq!(root.children.len(), questions.len(), "{}: only <question> elements under <quiz>", pack.id);
    let category = questions[0];
    assert_eq!(category.attr("type"), Some("category"));
    assert!(text_child(category, "category", &pack.id).starts_with("$course$/top/"));
    assert_eq!(questions.len(), pack.questions.len() + 1);
    for (q, source) in questions[1..].iter().zip(&pack.questions) {
        let ctx = format!("{} / {}", pack.id, source.id);
        assert!(!text_child(q, "name", &ctx).trim().is_empty(), "{ctx}: empty name");
        for field in ["questiontext", "generalfeedback"] {
            assert_eq!(q.child(field).unwrap().attr("format"), Some("html"), "{ctx}: {field} format");
            text_child(q, field, &ctx);
        }
        assert!(!text_child(q, "questiontext", &ctx).is_empty());
        assert_eq!(scalar(q, "defaultgrade", &ctx).parse::<f64>().unwrap(), 1.0);
        let penalty: f64 = scalar(q, "penalty", &ctx).parse().unwrap();
        assert!((0.0..=1.0).contains(&penalty));
        assert_eq!(scalar(q, "hidden", &ctx), "0");
        assert_eq!(scalar(q, "idnumber", &ctx), source.id);
        for field in ["correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"] {
            text_child(q, field, &ctx);
        }
        let answers: Vec<&Element> = q.all("answer").collect();
        let fractions: Vec<f64> = answers.iter().map(|a| a.attr("fraction").unwrap().parse().unwrap()).collect();
        for a in &answers {
            assert!(a.attr("format").is_some(), "{ctx}: answer format");
            assert!(a.child("text").is_some_and(|t| !t.text.is_empty()), "{ctx}: answer text");
        }
        match source.interaction {
            Interaction::Ordering => {
                assert_eq!(q.attr("type"), Some("ordering"), "{ctx}");
                assert_eq!(scalar(q, "layouttype", &ctx), "VERTICAL");
                assert_eq!(scalar(q, "selecttype", &ctx), "ALL");
                assert_eq!(scalar(q, "selectcount", &ctx).parse::<usize>().unwrap(), answers.len());
                assert_eq!(scalar(q, "gradingtype", &ctx), "ABSOLUTE_POSITION");
                assert!(["SHOW", "HIDE"].contains(&scalar(q, "showgrading", &ctx)));
                assert_eq!(scalar(q, "numberingstyle", &ctx), "none");
                assert!(answers.len() >= 2, "{ctx}: the ordering type needs two items");
                let expected: Vec<f64> = (1..=answers.len()).map(|i| i as f64).collect();
                assert_eq!(fractions, expected, "{ctx}: the items' fractions give their positions");
            }
            interaction => {
                assert_eq!(q.attr("type"), Some("multichoice"), "{ctx}");
                let single = interaction == Interaction::Single;
                assert_eq!(scalar(q, "single", &ctx), if single { "true" } else { "false" });
                assert!(["true", "false"].contains(&scalar(q, "shuffleanswers", &ctx)));
                assert!(["abc", "ABCD", "123", "none"].contains(&scalar(q, "answernumbering", &ctx)));
                assert!(answers.len() >= 2, "{ctx}");
                for (a, f) in answers.iter().zip(&fractions) {
                    assert!(moodle::valid_fraction(*f), "{ctx}: fraction {f} is not one of Moodle's grades");
                    text_child(a, "feedback", &ctx);
                }
                let positive: f64 = fractions.iter().filter(|f| **f > 0.0).sum();
                let max = fractions.iter().cloned().fold(f64::MIN, f64::max);
                if single {
                    assert_eq!(max, 100.0, "{ctx}: a single-choice question needs a 100% answer");
                } else {
                    assert!((positive - 100.0).abs() < 0.01, "{ctx}: right answers sum to {positive}, not 100");
                    let negative: f64 = fractions.iter().filter(|f| **f < 0.0).sum();
                    assert!((-100.01..0.0).contains(&negative), "{ctx}: wrong answers sum to {negative}");
                }
            }
        }
    }
}

#[test]
fn every_pack_exports_moodle_xml_of_the_structure_moodle_reads() {
    for pack in shipped() {
        check_moodle_structure(&pack, &moodle::export(&pack));
    }
}

#[test]
fn the_structure_check_catches_a_bad_fraction() {
    let pack = shipped().into_iter().find(|p| p.questions.iter().any(|q| q.interaction == Interaction::Multiple)).unwrap();
    let text = moodle::export(&pack);
    let broken = text.replacen("fraction=\"-", "fraction=\"-7", 1);
    assert_ne!(broken, text);
    let result = std::panic::catch_unwind(|| check_moodle_structure(&pack, &broken));
    assert!(result.is_err(), "a fraction outside Moodle's grades passed the check");
}

#[test]
fn gift_constructs_the_pack_format_cannot_hold_are_named_with_their_line() {
    let file = "tests/fixtures/lms/unsupported.gift";
    let text = std::fs::read_to_string(file).unwrap();
    let imported = gift::import(file, &text).unwrap();
    let expected = [
        format!("{file}:11: numeric answers are not supported"),
        format!("{file}:13: true/false questions are not supported"),
        format!("{file}:15: matching questions are not supported"),
        format!("{file}:20: short-answer questions are not supported"),
        format!("{file}:22: missing-word questions (text after the answers) are not supported"),
        format!("{file}:24: essay questions (no answers) are not supported"),
    ];
    assert_eq!(imported.problems, expected);
    let ids: Vec<&str> = imported.pack.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["good-single", "good-multiple"]);
    let single = &imported.pack.questions[0];
    assert_eq!(single.interaction, Interaction::Single);
    assert_eq!(single.correct_options(), [0]);
    assert_eq!(single.options[1].why.as_deref(), Some("Restart re-creates pods of the same revision."));
    let multiple = &imported.pack.questions[1];
    assert_eq!(multiple.interaction, Interaction::Multiple);
    assert_eq!(multiple.correct_options(), [0, 1]);
}

#[test]
fn odd_input_gives_errors_not_panics() {
    for text in ["", "{", "}", "::", "::t", "::t::x{", "x{~a}", "x{=a}", "x{~%zz%a =b}", "\\", "{####}", "::a::[weird]q{=a ~b}"] {
        let _ = gift::import("x.gift", text).unwrap();
    }
    for text in ["", "<quiz>", "<quiz><question type=\"multichoice\"><answer fraction=\"x\"/></question></quiz>", "<other/>", "<quiz><question/></quiz>"] {
        let _ = moodle::import("x.xml", text);
    }
    let foreign = "<quiz>\n<question type=\"truefalse\"><name><text>tf</text></name></question>\n<question type=\"multichoice\">\n<name><text>No idnumber</text></name>\n<questiontext format=\"html\"><text>Plain &lt;b&gt;text&lt;/b&gt;</text></questiontext>\n<answer fraction=\"100\"><text>yes</text></answer>\n<answer fraction=\"0\"><text>no</text></answer>\n<hint><text>one</text></hint>\n<hint><text>two</text></hint>\n</question>\n</quiz>";
    let imported = moodle::import("foreign.xml", foreign).unwrap();
    assert_eq!(imported.problems.len(), 2, "{:?}", imported.problems);
    assert!(imported.problems[0].starts_with("foreign.xml:2: truefalse questions are not supported"), "{:?}", imported.problems);
    assert!(imported.problems[1].starts_with("foreign.xml:9: only the first of 2 hints"), "{:?}", imported.problems);
    let q = &imported.pack.questions[0];
    assert_eq!((q.id.as_str(), q.prompt.as_str(), q.hint.as_str()), ("no-idnumber", "Plain text", "one"));
}

#[test]
fn an_ordering_question_is_read_in_document_order_as_moodle_does() {
    // Moodle's ordering type takes the order of the `answer` elements and ignores their
    // fractions; a file whose fractions disagree must not be read in another order here. The
    // second question leaves `selecttype` and `gradingtype` to Moodle's defaults, which differ
    // from what a pack asks: the import says so.
    let text = "<quiz>\n<question type=\"ordering\">\n<name><text>Order</text></name>\n\
        <questiontext format=\"html\"><text>Put them in order</text></questiontext>\n\
        <selecttype>ALL</selecttype><gradingtype>ABSOLUTE_POSITION</gradingtype>\n\
        <answer fraction=\"3\"><text>first</text></answer>\n<answer fraction=\"1\"><text>second</text></answer>\n\
        <answer fraction=\"2\"><text>third</text></answer>\n</question>\n\
        <question type=\"ordering\">\n<name><text>Defaults</text></name>\n\
        <questiontext format=\"html\"><text>Again</text></questiontext>\n\
        <answer fraction=\"1\"><text>a</text></answer>\n<answer fraction=\"1\"><text>b</text></answer>\n</question>\n</quiz>";
    let imported = moodle::import("order.xml", text).unwrap();
    let steps: Vec<Vec<&str>> = imported.pack.questions.iter().map(|q| q.steps.iter().map(String::as_str).collect()).collect();
    assert_eq!(steps, [vec!["first", "second", "third"], vec!["a", "b"]]);
    assert_eq!(
        imported.problems,
        [
            "order.xml:10: no selecttype: Moodle reads it as RANDOM, this import as ALL (a pack question orders every step and grades absolute positions)",
            "order.xml:10: no gradingtype: Moodle reads it as RELATIVE, this import as ABSOLUTE_POSITION (a pack question orders every step and grades absolute positions)",
        ]
    );
}

#[test]
fn the_qti_zip_holds_a_manifest_and_every_choice_question() {
    for pack in shipped() {
        let (bytes, skipped) = qti::package(&pack).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut manifest = String::new();
        zip.by_name("imsmanifest.xml").unwrap().read_to_string(&mut manifest).unwrap();
        let manifest = xml::parse(&manifest).unwrap();
        let resource = manifest.child("resources").unwrap().child("resource").unwrap();
        assert_eq!(resource.attr("type"), Some("imsqti_xmlv1p2"));
        let href = resource.child("file").unwrap().attr("href").unwrap().to_owned();
        let mut assessment = String::new();
        zip.by_name(&href).unwrap().read_to_string(&mut assessment).unwrap();
        let root = xml::parse(&assessment).unwrap();
        let section = root.child("assessment").unwrap().child("section").unwrap();
        let items: Vec<&Element> = section.all("item").collect();
        let choice: Vec<&Question> = pack.questions.iter().filter(|q| q.interaction != Interaction::Ordering).collect();
        assert_eq!(items.len(), choice.len(), "{}", pack.id);
        assert_eq!(skipped.len(), pack.questions.len() - choice.len());
        for (item, q) in items.iter().zip(&choice) {
            assert_eq!(item.attr("ident"), Some(q.id.as_str()));
            let lid = item.child("presentation").unwrap().child("response_lid").unwrap();
            let labels = lid.child("render_choice").unwrap().all("response_label").count();
            assert_eq!(labels, q.options.len());
            assert_eq!(lid.attr("rcardinality"), Some(if q.interaction == Interaction::Single { "Single" } else { "Multiple" }));
            let whys = q.options.iter().filter(|o| o.why.is_some()).count();
            assert_eq!(item.all("itemfeedback").count(), whys + 1, "{}", q.id);
        }
        // The same pack gives the same bytes (the build's hashes stay stable).
        assert_eq!(qti::package(&pack).unwrap().0, qti::package(&pack).unwrap().0);
    }
}

fn lab(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lab")).args(args).output().unwrap()
}

#[test]
fn the_commands_export_and_import() {
    let dir = std::env::temp_dir().join(format!("lms-exports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xml_file = dir.join("kr.moodle.xml");
    let o = lab(&["export-pack", "kubectl-rollout", "--format", "moodle-xml", "-o", xml_file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let toml_file = dir.join("kr.toml");
    let o = lab(&["import-pack", xml_file.to_str().unwrap(), "--format", "moodle-xml", "-o", toml_file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let draft = std::fs::read_to_string(&toml_file).unwrap();
    assert!(draft.contains("id = \"kubectl-rollout\""));
    let o = lab(&["export-pack", "static/packs/kubectl-rollout.toml", "--format", "gift"]);
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.lines().count() >= 1 && stderr.lines().all(|l| l.contains("ordering question skipped")), "{stderr}");
    let o = lab(&["export-pack", "canary", "--format", "qti"]);
    assert_eq!(o.status.code(), Some(1));
    let o = lab(&["import-pack", "tests/fixtures/lms/unsupported.gift", "--format", "gift"]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("tests/fixtures/lms/unsupported.gift:11: numeric answers are not supported"), "{stderr}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("id = \"good-multiple\""));
    let o = lab(&["import-pack", "x.gift", "--format", "docx"]);
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_build_writes_three_exports_per_pack_where_the_pack_page_links() {
    let dir = std::env::temp_dir().join(format!("lms-site-{}", std::process::id()));
    let out = dir.join(rollback_lab::cli::site::EXPORTS_DIR);
    let log = rollback_lab::cli::site::write_exports(Path::new("static/packs"), &out).unwrap();
    let packs = shipped();
    assert_eq!(log, format!("wrote {} question bank exports\n", packs.len() * 3));
    for pack in &packs {
        let xml = std::fs::read_to_string(out.join(format!("{}.moodle.xml", pack.id))).unwrap();
        assert_eq!(xml, moodle::export(pack));
        let gift_text = std::fs::read_to_string(out.join(format!("{}.gift.txt", pack.id))).unwrap();
        assert_eq!(gift_text, gift::export(pack).0);
        let zip = std::fs::read(out.join(format!("{}.qti.zip", pack.id))).unwrap();
        assert_eq!(zip, qti::package(pack).unwrap().0);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
