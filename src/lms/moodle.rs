//! Moodle XML: the export `lab export-pack --format moodle-xml` writes, and the import `lab
//! import-pack --format moodle-xml` reads.
//!
//! The structure follows what Moodle's importer reads (`question/format/xml/format.php`,
//! `import_multichoice`, `import_headers`, `import_hints`, and the ordering question type's
//! `import_from_xml`): one `<question type="category">` per pack, then per question `name`,
//! `questiontext` (HTML in CDATA), `generalfeedback`, `defaultgrade`, `penalty`, `hidden`,
//! `idnumber` and the type's own fields. Fractions are percentages from Moodle's list of grades
//! (its import refuses others): a select-all question gives each right option 100/k and each wrong
//! one −100/(n−k), so a learner who ticks everything scores 0.

use super::xml::{self, Element, cdata, escape};
use super::{Import, blank_pack, blank_question, feedback_html, question_html, read_feedback_html, read_question_html, slug, strip_tags};
use crate::pack::{ChoiceOption, Interaction, Pack, Question};

/// The grades Moodle accepts for an answer (`question_bank::fraction_options_full`), in percent.
pub const GRADES: [f64; 21] = [
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0, 20.0, 16.66667, 14.28571, 12.5, 11.11111,
    10.0, 5.0, 0.0,
];

/// `100 / n` as Moodle spells it (five decimals, trailing zeros dropped).
fn share(n: usize) -> String {
    let v = 100.0 / n.max(1) as f64;
    let s = format!("{v:.5}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Whether a fraction (in percent) is one Moodle's import accepts: a grade of the list or its
/// negative.
pub fn valid_fraction(f: f64) -> bool {
    GRADES.iter().any(|g| (f.abs() - g).abs() < 0.00001)
}

fn text_el(out: &mut String, indent: &str, name: &str, html: &str) {
    out.push_str(&format!("{indent}<{name} format=\"html\">\n{indent}  <text>{}</text>\n{indent}</{name}>\n", cdata(html)));
}

/// The fraction of each option of a choice question, in percent.
pub fn fractions(q: &Question) -> Vec<String> {
    let right = q.options.iter().filter(|o| o.correct).count();
    let wrong = q.options.len() - right;
    q.options
        .iter()
        .map(|o| match (q.interaction, o.correct) {
            (Interaction::Multiple, true) => share(right),
            (Interaction::Multiple, false) => format!("-{}", share(wrong)),
            (_, true) => "100".to_owned(),
            (_, false) => "0".to_owned(),
        })
        .collect()
}

/// The pack as a Moodle XML question bank: one category named after the pack (its idnumber is
/// the pack's id), then every question.
pub fn export(pack: &Pack) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    out.push_str("  <question type=\"category\">\n");
    out.push_str(&format!("    <category>\n      <text>{}</text>\n    </category>\n", escape(&format!("$course$/top/Rollback Lab/{}", pack.title.replace('/', "//")))));
    text_el(&mut out, "    ", "info", &format!("<p>{}</p>", escape(&pack.summary)));
    out.push_str(&format!("    <idnumber>{}</idnumber>\n  </question>\n", escape(&pack.id)));
    for q in &pack.questions {
        out.push_str(&question(q));
    }
    out.push_str("</quiz>\n");
    out
}

fn question(q: &Question) -> String {
    let qtype = if q.interaction == Interaction::Ordering { "ordering" } else { "multichoice" };
    let mut out = format!("  <question type=\"{qtype}\">\n");
    out.push_str(&format!("    <name>\n      <text>{}</text>\n    </name>\n", escape(&q.title)));
    text_el(&mut out, "    ", "questiontext", &question_html(q));
    text_el(&mut out, "    ", "generalfeedback", &feedback_html(q));
    out.push_str("    <defaultgrade>1</defaultgrade>\n    <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n");
    out.push_str(&format!("    <idnumber>{}</idnumber>\n", escape(&q.id)));
    if q.interaction == Interaction::Ordering {
        // Written in full: the ordering type's defaults (a random subset of items, partial
        // grading by relative position) would change what the question asks.
        out.push_str("    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n");
        out.push_str(&format!("    <selectcount>{}</selectcount>\n", q.steps.len()));
        out.push_str("    <gradingtype>ABSOLUTE_POSITION</gradingtype>\n    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n");
        combined_feedback(&mut out);
        for (i, step) in q.steps.iter().enumerate() {
            out.push_str(&format!("    <answer fraction=\"{}\" format=\"html\">\n      <text>{}</text>\n    </answer>\n", i + 1, cdata(&escape(step))));
        }
    } else {
        out.push_str(&format!("    <single>{}</single>\n", q.interaction == Interaction::Single));
        out.push_str("    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n    <showstandardinstruction>0</showstandardinstruction>\n");
        combined_feedback(&mut out);
        for (o, fraction) in q.options.iter().zip(fractions(q)) {
            out.push_str(&format!("    <answer fraction=\"{fraction}\" format=\"html\">\n      <text>{}</text>\n", cdata(&escape(&o.text))));
            let why = o.why.as_deref().map(escape).unwrap_or_default();
            out.push_str(&format!("      <feedback format=\"html\">\n        <text>{}</text>\n      </feedback>\n    </answer>\n", cdata(&why)));
        }
    }
    if !q.hint.is_empty() {
        text_el(&mut out, "    ", "hint", &format!("<p>{}</p>", escape(&q.hint)));
    }
    out.push_str("  </question>\n");
    out
}

fn combined_feedback(out: &mut String) {
    for name in ["correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"] {
        out.push_str(&format!("    <{name} format=\"html\">\n      <text></text>\n    </{name}>\n"));
    }
    out.push_str("    <shownumcorrect/>\n");
}

/// Reads a Moodle XML question bank into a draft pack. Every question type other than
/// multichoice and ordering, and every construct the pack format has no place for, is named
/// with its line in `problems`.
pub fn import(file: &str, text: &str) -> Result<Import, String> {
    let root = xml::parse(text).map_err(|e| format!("{file}:{e}"))?;
    if root.name != "quiz" {
        return Err(format!("{file}:{}: the root element is <{}>, Moodle XML has <quiz>", root.line, root.name));
    }
    let stem = std::path::Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or("imported");
    let mut pack = blank_pack(slug(stem.trim_end_matches(".moodle")), String::new());
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    for q in root.all("question") {
        let problem = |problems: &mut Vec<String>, line: u32, msg: String| problems.push(format!("{file}:{line}: {msg}"));
        match q.attr("type").unwrap_or("") {
            "category" => {
                if let Some(id) = q.child("idnumber").map(|e| e.text.trim()).filter(|s| !s.is_empty()) {
                    pack.id = id.to_owned();
                }
                if let Some(path) = q.text_of("category") {
                    pack.title = path.rsplit('/').next().unwrap_or("").trim().to_owned();
                }
                if let Some(info) = q.text_of("info") {
                    pack.summary = strip_tags(info);
                }
            }
            "multichoice" | "ordering" => match read_question(q, file, &mut problems) {
                Some(question) => {
                    pack.questions.push(question);
                    lines.push(q.line);
                }
                None => problem(&mut problems, q.line, "question skipped".into()),
            },
            "" => problem(&mut problems, q.line, "a question without a type is not supported".into()),
            other => problem(&mut problems, q.line, format!("{other} questions are not supported (only multichoice and ordering)")),
        }
    }
    if pack.title.is_empty() {
        pack.title = stem.to_owned();
    }
    Ok(Import { pack, problems, lines })
}

fn read_question(q: &Element, file: &str, problems: &mut Vec<String>) -> Option<Question> {
    let ordering = q.attr("type") == Some("ordering");
    let title = q.text_of("name").unwrap_or("").trim().to_owned();
    let id = q.child("idnumber").map(|e| e.text.trim().to_owned()).filter(|s| !s.is_empty()).unwrap_or_else(|| slug(&title));
    let answers: Vec<&Element> = q.all("answer").collect();
    let interaction = if ordering {
        Interaction::Ordering
    } else if q.child("single").is_some_and(|s| s.text.trim() == "false" || s.text.trim() == "0") {
        Interaction::Multiple
    } else {
        Interaction::Single
    };
    let mut question = blank_question(id, interaction);
    question.title = title;
    let (prompt, code, lang) = read_question_html(q.text_of("questiontext").unwrap_or(""));
    question.prompt = prompt;
    question.code = code;
    question.code_lang = lang;
    let (explanation, solution) = read_feedback_html(q.text_of("generalfeedback").unwrap_or(""));
    question.explanation = explanation;
    question.solution = solution;
    let hints: Vec<String> = q.all("hint").map(|h| strip_tags(h.child("text").map_or(&h.text, |t| &t.text))).collect();
    if hints.len() > 1 {
        problems.push(format!("{file}:{}: only the first of {} hints is kept (a pack question has one hint)", q.all("hint").nth(1).map_or(q.line, |h| h.line), hints.len()));
    }
    question.hint = hints.into_iter().next().unwrap_or_default();
    let fraction = |a: &Element| a.attr("fraction").and_then(super::percent);
    if ordering {
        // The right order is the order of the `answer` elements: the ordering type's importer
        // ignores their fractions (it numbers the items itself), so this reader does too.
        question.steps = answers.iter().map(|a| strip_tags(a.text_of_self())).collect();
        for (field, want, moodle_default) in [("selecttype", "ALL", "RANDOM"), ("gradingtype", "ABSOLUTE_POSITION", "RELATIVE")] {
            match q.child(field) {
                Some(el) if el.text.trim() != want => {
                    problems.push(format!("{file}:{}: {field} {} is read as {want} (a pack question orders every step and grades absolute positions)", el.line, el.text.trim()));
                }
                Some(_) => {}
                None => problems.push(format!("{file}:{}: no {field}: Moodle reads it as {moodle_default}, this import as {want} (a pack question orders every step and grades absolute positions)", q.line)),
            }
        }
    } else {
        for a in &answers {
            let Some(f) = fraction(a) else {
                problems.push(format!("{file}:{}: an answer without a valid fraction is skipped", a.line));
                continue;
            };
            let correct = f > 0;
            if interaction == Interaction::Single && correct && f < 9_999_000 {
                let shown = a.attr("fraction").unwrap_or("").trim();
                problems.push(format!("{file}:{}: a partial-credit answer ({shown}%) of a single-choice question is read as right", a.line));
            }
            let why = a.text_of("feedback").map(strip_tags).filter(|s| !s.is_empty());
            question.options.push(ChoiceOption { text: strip_tags(a.text_of_self()), correct, misconception: None, why });
        }
        if !question.options.iter().any(|o| o.correct) {
            problems.push(format!("{file}:{}: no answer has a positive fraction", q.line));
            return None;
        }
    }
    Some(question)
}

impl Element {
    /// The text of an `<answer>`: its `<text>` child.
    fn text_of_self(&self) -> &str {
        self.child("text").map_or(self.text.as_str(), |t| t.text.as_str())
    }
}
