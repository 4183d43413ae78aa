//! The draft pack an import of a Moodle XML or GIFT question bank makes, for `lab import-pack`
//! and the instructor build's import page alike.
//!
//! [`draft`] reads the bank with the format's importer ([`super::moodle`], [`super::gift`]), fills
//! what no LMS format carries with the defaults below (the one place they are defined), marks the
//! pack `imported_from` its format, and checks it with the pack reader under the draft relaxations
//! (`pack::read::DRAFT_RELAXATIONS`): a question the check refuses is left out and named with its
//! line, like every construct the importer dropped. [`to_toml`] writes a pack in the authoring form
//! (docs/pack-format.md), with `TODO` in every field the draft left empty so `lab check` points at
//! each.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{Import, gift, moodle, slug};
use crate::pack::read::{CODE_LANGS, DRAFT_RELAXATIONS, is_slug};
use crate::pack::{Difficulty, Interaction, Kind, Pack, Problem};

/// What every imported question gets, since no LMS format carries it.
pub const DEFAULT_KIND: Kind = Kind::Conceptual;
pub const DEFAULT_DIFFICULTY: Difficulty = Difficulty::Medium;
/// Seconds per question in a timed run.
pub const DEFAULT_TIME_LIMIT: u32 = 120;
pub const DEFAULT_ATTEMPTS: u8 = 2;
/// The pack's estimated minutes per question (the time limit's worth).
pub const MINUTES_PER_QUESTION: u32 = 2;
/// The pack's tag that marks an import; the format's name is the second tag.
pub const IMPORTED_TAG: &str = "imported";

/// A question bank format the import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    MoodleXml,
    Gift,
}

impl Source {
    /// The spelling in `imported_from` and in the pack's tags.
    pub fn name(self) -> &'static str {
        match self {
            Source::MoodleXml => "moodle-xml",
            Source::Gift => "gift",
        }
    }

    /// The name people know.
    pub fn label(self) -> &'static str {
        match self {
            Source::MoodleXml => "Moodle XML",
            Source::Gift => "GIFT",
        }
    }

    /// The label of an `imported_from` value.
    pub fn label_of(name: &str) -> Option<&'static str> {
        [Source::MoodleXml, Source::Gift].into_iter().find(|s| s.name() == name).map(Source::label)
    }
}

/// What a file holds, judged from its content (its name only names it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detected {
    /// A pack's JSON form (starts with `{`).
    PackJson,
    /// A question bank: Moodle XML starts with `<` (`<?xml`, `<quiz`); anything else that is
    /// text is read as GIFT.
    Bank(Source),
    /// Not something to read, with the message saying why.
    Unreadable(String),
}

/// Decides how to read `text` (the file `file`, or pasted).
pub fn detect(file: &str, text: &str) -> Detected {
    if let Some(why) = not_text(file, text) {
        return Detected::Unreadable(why);
    }
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.is_empty() {
        Detected::Unreadable(format!("{file}: the file is empty"))
    } else if start.starts_with('{') {
        Detected::PackJson
    } else if start.starts_with('<') {
        Detected::Bank(Source::MoodleXml)
    } else {
        Detected::Bank(Source::Gift)
    }
}

/// Why `text` is not a text file, if it is not: NUL bytes or bytes that were not UTF-8 (a browser
/// decodes those as U+FFFD).
fn not_text(file: &str, text: &str) -> Option<String> {
    (text.contains('\0') || text.contains('\u{fffd}')).then(|| {
        format!("{file}: not a text file (it holds bytes that are not UTF-8 text); choose a Moodle XML file, a GIFT file or a pack's JSON")
    })
}

/// A draft pack made from a question bank.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The questions that passed the check, with the defaults; `imported_from` is set.
    pub pack: Pack,
    pub source: Source,
    /// Every construct the importer could not hold (`file:line: message`).
    pub dropped: Vec<String>,
    /// Every question the pack check refused (`file:line: question “title” not imported: why`).
    pub refused: Vec<String>,
    /// What was filled by default, one line each.
    pub filled: Vec<String>,
}

impl Draft {
    /// Whether any question is left: a draft without one is not a pack and is never stored.
    pub fn usable(&self) -> bool {
        !self.pack.questions.is_empty()
    }

    /// Every construct dropped and every question refused, in that order.
    pub fn problems(&self) -> Vec<String> {
        self.dropped.iter().chain(&self.refused).cloned().collect()
    }

    /// The draft as TOML, with what was filled by default as comments at the top.
    pub fn to_toml(&self) -> String {
        let mut out = format!("# A draft pack imported from {} by Rollback Lab.\n", self.source.label());
        for line in &self.filled {
            let _ = writeln!(out, "# Default: {}", line.replace('\n', " "));
        }
        out.push_str(&to_toml(&self.pack));
        out
    }
}

/// The name the check gives the draft in its problems (never `.toml`: a pack file may not be a
/// draft).
pub fn check_name(file: &str) -> String {
    format!("{file} (draft)")
}

/// Reads a question bank into a checked draft pack. An error is a file that cannot be read at all
/// (not text, not XML); a file read with no usable question gives a draft that is not
/// [`Draft::usable`], with every reason listed.
pub fn draft(file: &str, text: &str, source: Source) -> Result<Draft, String> {
    if let Some(why) = not_text(file, text) {
        return Err(why);
    }
    let text = text.trim_start_matches('\u{feff}');
    let Import { mut pack, problems: dropped, lines } = match source {
        Source::MoodleXml => moodle::import(file, text)?,
        Source::Gift => gift::import(file, text)?,
    };
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file).split('.').next().unwrap_or("").to_owned();
    let mut filled = Vec::new();
    let mut lines_by_id = std::collections::BTreeMap::new();

    // The pack.
    if !is_slug(&pack.id) {
        let id = slug(if pack.id.trim().is_empty() { &stem } else { &pack.id });
        filled.push(format!("pack id `{id}` (made from {})", if pack.id.trim().is_empty() { "the file name".to_owned() } else { format!("`{}`", pack.id) }));
        pack.id = id;
    }
    if pack.title.trim().is_empty() {
        pack.title = if stem.is_empty() { "Imported questions".to_owned() } else { stem.clone() };
        filled.push(format!("title “{}” (from the file name)", pack.title));
    }
    if pack.summary.trim().is_empty() {
        pack.summary = format!("Questions imported from {}.", source.label());
        filled.push(format!("summary “{}”", pack.summary));
    }
    pack.badge = pack.title.clone();
    filled.push(format!("badge “{}” (named after the pack)", pack.badge));
    pack.tags = vec![IMPORTED_TAG.to_owned(), source.name().to_owned()];
    filled.push(format!("tags {IMPORTED_TAG}, {}", source.name()));
    pack.imported_from = Some(source.name().to_owned());

    // The questions: ids the pack format accepts, once each; a title; a known code language.
    let mut taken = BTreeSet::new();
    for (q, &line) in pack.questions.iter_mut().zip(&lines) {
        let wanted = if is_slug(&q.id) { q.id.clone() } else { slug(&q.id) };
        let mut id = wanted.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        if id != q.id {
            filled.push(format!("line {line}: question id `{id}` (the file's `{}` is {})", q.id, if taken.contains(&wanted) { "taken" } else { "not one the pack format accepts" }));
            q.id = id.clone();
        }
        taken.insert(id.clone());
        lines_by_id.insert(id, line);
        if q.title.trim().is_empty() {
            q.title = q.prompt.chars().take(60).collect::<String>().trim().to_owned();
            if !q.title.is_empty() {
                filled.push(format!("line {line}: title “{}” (from the question text)", q.title));
            }
        }
        if let Some(lang) = q.code_lang.as_deref().filter(|l| !CODE_LANGS.contains(l)) {
            filled.push(format!("line {line}: code language `{lang}` read as `text`"));
            q.code_lang = Some("text".to_owned());
        }
        if q.code.is_some() && q.code_lang.is_none() {
            q.code_lang = Some("text".to_owned());
        }
    }

    // The check, under the draft relaxations: a question it refuses is left out, with its line.
    let mut refused = Vec::new();
    loop {
        fill_runs(&mut pack);
        if pack.questions.is_empty() {
            break;
        }
        let problems = match crate::pack::from_json(&check_name(file), &crate::pack::to_json(&pack)) {
            // The check reads back exactly the draft, or something is lost without a word.
            Ok(checked) if checked == pack => break,
            Ok(_) => return Err(format!("{file}: the draft pack did not read back as written")),
            Err(problems) => problems,
        };
        let mut out = BTreeSet::new();
        for p in &problems {
            let Some(id) = p.question.as_deref().filter(|id| lines_by_id.contains_key(*id)) else {
                // A problem of the pack itself: the defaults above are wrong. Said, never hidden.
                return Err(format!("{file}: the draft pack is not valid: {p}"));
            };
            out.insert(id.to_owned());
            refused.push(refusal(file, &pack, lines_by_id[id], id, p));
        }
        pack.questions.retain(|q| !out.contains(&q.id));
    }
    let n = pack.questions.len();
    filled.push(format!("Test and Challenge: all {n} question{} in file order", if n == 1 { "" } else { "s" }));
    filled.push(format!("{} minutes ({MINUTES_PER_QUESTION} per question)", pack.minutes));
    filled.push(format!(
        "every question: kind {}, difficulty {}, time limit {DEFAULT_TIME_LIMIT} s, {DEFAULT_ATTEMPTS} attempts",
        DEFAULT_KIND.name(),
        DEFAULT_DIFFICULTY.name()
    ));
    filled.push("no common mistakes, misconceptions or quick checks: no LMS format carries them".to_owned());
    crate::sort::sort_by_key(&mut refused, |line| line_number(line));
    Ok(Draft { pack, source, dropped, refused, filled })
}

/// The Test and the Challenge as every question in file order, and the minutes they take.
fn fill_runs(pack: &mut Pack) {
    let ids: Vec<String> = pack.questions.iter().map(|q| q.id.clone()).collect();
    pack.test = ids.clone();
    pack.challenge = ids;
    pack.minutes = (pack.questions.len() as u32).saturating_mul(MINUTES_PER_QUESTION).clamp(1, 240);
}

fn refusal(file: &str, pack: &Pack, line: u32, id: &str, p: &Problem) -> String {
    let title = pack.question(id).map_or(id, |q| q.title.as_str());
    let field = if p.field.is_empty() { String::new() } else { format!("field `{}`: ", p.field) };
    format!("{file}:{line}: question “{title}” not imported: {field}{}", p.message)
}

/// The line number in a `file:line: …` message (0 when there is none), for sorting.
fn line_number(message: &str) -> u32 {
    message.split(": ").next().and_then(|head| head.rsplit(':').next()).and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// What the draft relaxes, for the page and the docs.
pub fn relaxations() -> &'static [&'static str] {
    &DRAFT_RELAXATIONS
}

/// A TOML basic string.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "[]".to_owned();
    }
    let mut out = String::from("[\n");
    for item in items {
        let _ = writeln!(out, "  {},", string(item));
    }
    out.push(']');
    out
}

/// The pack as TOML.
pub fn to_toml(pack: &Pack) -> String {
    let mut out = String::new();
    let todo = |s: &str| if s.is_empty() { "TODO".to_owned() } else { s.to_owned() };
    let _ = writeln!(out, "# Imported by Rollback Lab (`lab import-pack` or the import page). Fill in every TODO, then run `lab check`.");
    let _ = writeln!(out, "id = {}", string(&pack.id));
    let _ = writeln!(out, "title = {}", string(&pack.title));
    let _ = writeln!(out, "summary = {}", string(&todo(&pack.summary)));
    let _ = writeln!(out, "tags = {}", list(&pack.tags));
    let _ = writeln!(out, "minutes = {}", pack.minutes);
    let _ = writeln!(out, "badge = {}", string(&todo(&pack.badge)));
    let ids: Vec<String> = pack.questions.iter().map(|q| q.id.clone()).collect();
    let test = if pack.test.is_empty() { &ids } else { &pack.test };
    let _ = writeln!(out, "test = {}", list(test));
    let challenge = if pack.challenge.is_empty() { &ids } else { &pack.challenge };
    let _ = writeln!(out, "challenge = {}", list(challenge));
    for q in &pack.questions {
        let _ = writeln!(out, "\n[[question]]");
        let _ = writeln!(out, "id = {}", string(&q.id));
        let _ = writeln!(out, "kind = {}", string(q.kind.name()));
        let _ = writeln!(out, "interaction = {}", string(q.interaction.name()));
        let _ = writeln!(out, "difficulty = {}", string(q.difficulty.name()));
        let _ = writeln!(out, "time_limit = {}", q.time_limit);
        let _ = writeln!(out, "title = {}", string(&q.title));
        let _ = writeln!(out, "prompt = {}", string(&q.prompt));
        if let Some(code) = &q.code {
            let _ = writeln!(out, "code = {}", string(code));
            let _ = writeln!(out, "code_lang = {}", string(q.code_lang.as_deref().unwrap_or("text")));
        }
        if q.interaction == Interaction::Ordering {
            let _ = writeln!(out, "steps = {}", list(&q.steps));
            let _ = writeln!(out, "order_misconception = \"TODO\"");
        }
        let _ = writeln!(out, "hint = {}", string(&todo(&q.hint)));
        let _ = writeln!(out, "solution = {}", list(&q.solution));
        let _ = writeln!(out, "explanation = {}", string(&todo(&q.explanation)));
        let _ = writeln!(out, "quick_check = {}", string(&todo(&q.quick_check)));
        let mistakes = if q.mistakes.is_empty() { vec!["TODO".to_owned()] } else { q.mistakes.clone() };
        let _ = writeln!(out, "mistakes = {}", list(&mistakes));
        for o in &q.options {
            let _ = writeln!(out, "\n[[question.option]]");
            let _ = writeln!(out, "text = {}", string(&o.text));
            if o.correct {
                let _ = writeln!(out, "correct = true");
            } else {
                let _ = writeln!(out, "misconception = {}", string(o.misconception.as_deref().unwrap_or("TODO")));
            }
            if let Some(why) = &o.why {
                let _ = writeln!(out, "why = {}", string(why));
            }
        }
    }
    out
}
