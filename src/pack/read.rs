//! The pack reader: checks a [`Node`] tree against the pack format and builds a [`Pack`].
//!
//! It reports every problem it can find in one pass (a missing field does not hide a typo three
//! questions further down), each with the file, the line when known, the question and the field.
//! The rules are those of docs/pack-format.md.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{ChoiceOption, Difficulty, Interaction, Kind, Pack, Question};
use super::problem::Problem;
use super::tree::{Node, Value};
use crate::str_map::StrMap;
use crate::{sort, suggest};

const PACK_FIELDS: &[&str] = &["id", "title", "summary", "tags", "minutes", "badge", "test", "challenge", "question"];
/// The pack fields of a pack's JSON form: those of a pack file, and a draft's `imported_from`.
const JSON_PACK_FIELDS: &[&str] = &["id", "title", "summary", "tags", "minutes", "badge", "test", "challenge", "question", "imported_from"];
const QUESTION_FIELDS: &[&str] = &[
    "id",
    "kind",
    "interaction",
    "difficulty",
    "time_limit",
    "attempts",
    "title",
    "prompt",
    "code",
    "code_lang",
    "option",
    "steps",
    "order_misconception",
    "hint",
    "solution",
    "explanation",
    "quick_check",
    "mistakes",
    "sim_state",
    "pool",
    "waive",
];
const OPTION_FIELDS: &[&str] = &["text", "correct", "misconception", "why"];
pub const CODE_LANGS: &[&str] = &["shell", "python", "yaml", "text", "json"];

/// Questions in a pack's Test and Challenge.
pub const TEST_SIZE: usize = 10;
pub const CHALLENGE_SIZE: usize = 5;

/// The formats a draft pack may be imported from (`imported_from`), file spelling and label.
pub const DRAFT_SOURCES: [(&str, &str); 2] = [("moodle-xml", "Moodle XML"), ("gift", "GIFT")];

/// The rules a draft pack (one with `imported_from`, made in the browser from a Moodle XML or GIFT
/// bank by `lms::draft`) is spared, because no LMS format carries what they ask for. Everything
/// else, and every rule grading relies on (one right option for single choice, at least two right
/// and one wrong for select-all, distinct options and steps, 3 to 6 options, 3 to 7 steps), still
/// holds. docs/lms-exports.md lists them; `lms::draft` tests each.
pub const DRAFT_RELAXATIONS: [&str; 6] = [
    "`test` and `challenge` may list any number of questions (at least one), not exactly 10 and 5, and the Test need not span easy, medium and hard",
    "`hint` may be empty (the question offers no hint)",
    "`explanation` and `quick_check` may be empty",
    "`solution` may have 0 to 5 steps, not 2 to 5",
    "`mistakes` may have 0 to 4 entries, not 2 to 4",
    "a wrong option may have no `misconception`, and an ordering question no `order_misconception` (review by misconception skips them)",
];

/// Reads and checks a pack. `file` names it in problems; when it ends in `.toml` (a pack in the
/// repository), the pack's id must equal the file's name without that extension.
pub fn read_pack(file: &str, root: &Node) -> Result<Pack, Vec<Problem>> {
    let mut ctx = Ctx { file, problems: Vec::new(), draft: false };
    let pack = read_root(&mut ctx, root);
    match pack {
        Some(pack) if ctx.problems.is_empty() => Ok(pack),
        _ => {
            if ctx.problems.is_empty() {
                ctx.report(root.line, None, "", "the pack could not be read");
            }
            Err(ctx.problems)
        }
    }
}

struct Ctx<'a> {
    file: &'a str,
    problems: Vec<Problem>,
    /// A draft pack (`imported_from` is set): [`DRAFT_RELAXATIONS`] apply.
    draft: bool,
}

impl Ctx<'_> {
    fn report(&mut self, line: Option<u32>, question: Option<&str>, field: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line,
            question: question.map(str::to_owned),
            field: field.to_owned(),
            message: message.into(),
        });
    }
}

/// The fields of one table, with a record of which were read, so the rest can be reported as unknown.
struct Fields<'n> {
    entries: &'n [(String, Option<u32>, Node)],
    line: Option<u32>,
    question: Option<String>,
    /// Prefix for field names in problems (`option[2].`).
    prefix: String,
}

impl<'n> Fields<'n> {
    fn of(ctx: &mut Ctx, node: &'n Node, what: &str, question: Option<&str>, field: &str) -> Option<Fields<'n>> {
        match &node.value {
            Value::Table(entries) => Some(Fields {
                entries,
                line: node.line,
                question: question.map(str::to_owned),
                prefix: if field.is_empty() { String::new() } else { format!("{field}.") },
            }),
            _ => {
                ctx.report(node.line, question, field, format!("expected {what} (a table), found {}", node.type_name()));
                None
            }
        }
    }

    fn get(&self, name: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _, _)| k == name).map(|(_, _, n)| n)
    }

    fn q(&self) -> Option<&str> {
        self.question.as_deref()
    }

    fn field(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// Line of a field's value, or of the table when the field is absent.
    fn line_of(&self, name: &str) -> Option<u32> {
        self.get(name).and_then(|n| n.line).or(self.line)
    }

    fn report(&self, ctx: &mut Ctx, name: &str, message: impl Into<String>) {
        ctx.report(self.line_of(name), self.q(), &self.field(name), message);
    }

    /// Reports every field not in `known`, suggesting the nearest known name.
    fn reject_unknown(&self, ctx: &mut Ctx, known: &[&str]) {
        for (key, line, _) in self.entries {
            if known.contains(&key.as_str()) {
                continue;
            }
            let hint = match suggest::closest(key, known.iter().copied()) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => format!("; expected one of: {}", known.join(", ")),
            };
            ctx.report(line.or(self.line), self.q(), &self.field(key), format!("unknown field{hint}"));
        }
    }

    fn string(&self, ctx: &mut Ctx, name: &str, required: bool) -> Option<String> {
        let Some(node) = self.get(name) else {
            if required {
                self.report(ctx, name, "is missing");
            }
            return None;
        };
        match &node.value {
            Value::Str(s) if s.trim().is_empty() => {
                self.report(ctx, name, "is empty; write the text");
                None
            }
            Value::Str(s) => Some(s.clone()),
            _ => {
                self.report(ctx, name, format!("expected a string, found {}", node.type_name()));
                None
            }
        }
    }

    /// A required string, except in a draft pack, where it may be empty or absent (then "").
    fn text(&self, ctx: &mut Ctx, name: &str) -> Option<String> {
        if ctx.draft {
            match self.get(name).map(|n| &n.value) {
                None => return Some(String::new()),
                Some(Value::Str(s)) if s.trim().is_empty() => return Some(String::new()),
                _ => {}
            }
        }
        self.string(ctx, name, true)
    }

    fn int(&self, ctx: &mut Ctx, name: &str, min: i64, max: i64, unit: &str) -> Option<i64> {
        let node = self.get(name)?;
        match node.value {
            Value::Int(n) if (min..=max).contains(&n) => Some(n),
            Value::Int(n) => {
                self.report(ctx, name, format!("expected {min} to {max}{unit}, found {n}"));
                None
            }
            _ => {
                self.report(ctx, name, format!("expected a whole number, found {}", node.type_name()));
                None
            }
        }
    }

    fn required_int(&self, ctx: &mut Ctx, name: &str, min: i64, max: i64, unit: &str) -> Option<i64> {
        if self.get(name).is_none() {
            self.report(ctx, name, format!("is missing; expected {min} to {max}{unit}"));
            return None;
        }
        self.int(ctx, name, min, max, unit)
    }

    fn bool(&self, ctx: &mut Ctx, name: &str) -> Option<bool> {
        let node = self.get(name)?;
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.report(ctx, name, format!("expected true or false, found {}", node.type_name()));
                None
            }
        }
    }

    /// A list of non-empty strings with a length in `min..=max`.
    fn strings(&self, ctx: &mut Ctx, name: &str, min: usize, max: usize, required: bool) -> Option<Vec<String>> {
        let Some(node) = self.get(name) else {
            if required {
                self.report(ctx, name, format!("is missing; expected a list of {min} to {max} strings"));
            }
            return None;
        };
        let Value::Array(items) = &node.value else {
            self.report(ctx, name, format!("expected a list of strings, found {}", node.type_name()));
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match &item.value {
                Value::Str(s) if !s.trim().is_empty() => out.push(s.clone()),
                Value::Str(_) => {
                    ctx.report(item.line.or(node.line), self.q(), &self.field(name), format!("item {} is empty", i + 1));
                    ok = false;
                }
                _ => {
                    let found = item.type_name();
                    ctx.report(item.line.or(node.line), self.q(), &self.field(name), format!("item {} should be a string, found {found}", i + 1));
                    ok = false;
                }
            }
        }
        // A wrong length is reported but the items are still returned, so the caller can check them
        // too (a duplicate in a list that is also too short is a second problem worth knowing).
        if !(min..=max).contains(&items.len()) {
            let expected = if min == max { format!("exactly {min}") } else { format!("{min} to {max}") };
            self.report(ctx, name, format!("expected {expected} items, found {}", items.len()));
        }
        ok.then_some(out)
    }

    /// A string that must be one of `names`.
    fn choice<T: Copy>(&self, ctx: &mut Ctx, name: &str, parse: fn(&str) -> Option<T>, names: &[&str]) -> Option<T> {
        let value = self.string(ctx, name, true)?;
        match parse(&value) {
            Some(v) => Some(v),
            None => {
                let hint = match suggest::closest(&value, names.iter().copied()) {
                    Some(near) => format!("; did you mean `{near}`?"),
                    None => String::new(),
                };
                self.report(ctx, name, format!("unknown value `{value}`; expected one of: {}{hint}", names.join(", ")));
                None
            }
        }
    }
}

/// Ids and tags: lowercase letters and digits in words joined by single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

fn check_slug(ctx: &mut Ctx, fields: &Fields, name: &str, value: &str) -> bool {
    if is_slug(value) {
        return true;
    }
    fields.report(ctx, name, format!("`{value}` should be lowercase letters and digits joined by hyphens, like `delete-old-env-too-early`"));
    false
}

fn stem(file: &str) -> Option<&str> {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    name.strip_suffix(".toml")
}

fn read_root(ctx: &mut Ctx, root: &Node) -> Option<Pack> {
    let fields = Fields::of(ctx, root, "a pack", None, "")?;
    // A pack file (`.toml`) is never a draft: there `imported_from` is an unknown field.
    let pack_file = stem(ctx.file).is_some();
    fields.reject_unknown(ctx, if pack_file { PACK_FIELDS } else { JSON_PACK_FIELDS });
    // Read first: it decides which rules apply to the rest.
    let imported_from = if pack_file { None } else { fields.string(ctx, "imported_from", false) };
    if let Some(source) = &imported_from {
        if DRAFT_SOURCES.iter().any(|(name, _)| name == source) {
            ctx.draft = true;
        } else {
            let names: Vec<&str> = DRAFT_SOURCES.iter().map(|(name, _)| *name).collect();
            fields.report(ctx, "imported_from", format!("unknown value `{source}`; expected one of: {}", names.join(", ")));
        }
    }

    let id = fields.string(ctx, "id", true);
    if let Some(id) = &id
        && check_slug(ctx, &fields, "id", id)
        && let Some(stem) = stem(ctx.file).filter(|s| s != id)
    {
        fields.report(ctx, "id", format!("is `{id}` but the file is named `{stem}`; name the file after the pack's id"));
    }
    let title = fields.string(ctx, "title", true);
    let summary = fields.string(ctx, "summary", true);
    let badge = fields.string(ctx, "badge", true);
    let minutes = fields.required_int(ctx, "minutes", 1, 240, " minutes");
    let tags = fields.strings(ctx, "tags", 1, 12, true);
    if let Some(tags) = &tags {
        for tag in tags {
            check_slug(ctx, &fields, "tags", tag);
        }
    }
    let (test_size, challenge_size) = if ctx.draft { ((1, 1000), (1, 1000)) } else { ((TEST_SIZE, TEST_SIZE), (CHALLENGE_SIZE, CHALLENGE_SIZE)) };
    let test = fields.strings(ctx, "test", test_size.0, test_size.1, true);
    let challenge = fields.strings(ctx, "challenge", challenge_size.0, challenge_size.1, true);

    let (questions, all_ids) = read_questions(ctx, &fields);

    // Cross-references. A question with problems of its own still exists for these checks.
    let by_id: BTreeMap<&str, &Question> = sort::map_of(questions.iter().map(|q| (q.id.as_str(), q)));
    let mut pools: BTreeMap<&str, Vec<&Question>> = BTreeMap::new();
    for q in &questions {
        if let Some(pool) = &q.pool {
            pools.entry(pool.as_str()).or_default().push(q);
        }
    }
    for (pool, members) in &pools {
        if all_ids.contains(*pool) {
            ctx.report(None, Some(&members[0].id), "pool", format!("`{pool}` is also a question's id; name the pool differently"));
        }
        let levels: BTreeSet<Difficulty> = sort::set_of(members.iter().map(|q| q.difficulty));
        if levels.len() > 1 {
            let listed: Vec<String> = members.iter().map(|q| format!("{} ({})", q.id, q.difficulty.name())).collect();
            ctx.report(
                None,
                Some(&members[0].id),
                "pool",
                format!("the pool `{pool}` mixes difficulties: {}; a pool's questions must be interchangeable", listed.join(", ")),
            );
        }
    }
    // What each slot may draw: a pool's members, or one question.
    let slot_members = |slot: &str| -> Option<Vec<String>> {
        match pools.get(slot) {
            Some(members) => Some(members.iter().map(|q| q.id.clone()).collect()),
            None => all_ids.contains(slot).then(|| vec![slot.to_owned()]),
        }
    };
    for (name, list) in [("test", &test), ("challenge", &challenge)] {
        let Some(list) = list else { continue };
        let mut seen = BTreeSet::new();
        let mut drawn_by: BTreeMap<String, &str> = BTreeMap::new();
        for slot in list {
            if !seen.insert(slot.as_str()) {
                fields.report(ctx, name, format!("lists `{slot}` twice"));
                continue;
            }
            let Some(members) = slot_members(slot) else {
                let names = all_ids.iter().map(String::as_str).chain(pools.keys().copied());
                let hint = suggest::closest(slot, names).map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
                fields.report(ctx, name, format!("names `{slot}`, which is neither a question nor a pool of the pack{hint}"));
                continue;
            };
            for id in members {
                if let Some(other) = drawn_by.insert(id.clone(), slot) {
                    fields.report(ctx, name, format!("question `{id}` can be drawn by both `{other}` and `{slot}`; a slot's questions belong to it alone"));
                }
            }
        }
    }
    if let Some(test) = &test {
        let slot_level = |slot: &str| slot_members(slot).and_then(|m| by_id.get(m.first()?.as_str()).map(|q| q.difficulty));
        let levels: BTreeSet<Difficulty> = sort::set_of(test.iter().filter_map(|slot| slot_level(slot)));
        let missing: Vec<&str> = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard]
            .into_iter()
            .filter(|d| !levels.contains(d))
            .map(Difficulty::name)
            .collect();
        // Judged only when every slot could be read: otherwise the count is meaningless.
        if !missing.is_empty() && !ctx.draft && test.iter().all(|slot| slot_level(slot).is_some()) {
            fields.report(ctx, "test", format!("should span easy, medium and hard; it has no {} question", missing.join(" or ")));
        }
    }

    Some(Pack {
        id: id?,
        title: title?,
        summary: summary?,
        tags: tags?,
        minutes: u32::try_from(minutes?).ok()?,
        badge: badge?,
        test: test?,
        challenge: challenge?,
        questions,
        imported_from: if ctx.draft { imported_from } else { None },
    })
}

/// Reads every question; returns those that read cleanly, and the ids of all question tables.
fn read_questions(ctx: &mut Ctx, pack: &Fields) -> (Vec<Question>, BTreeSet<String>) {
    let Some(node) = pack.get("question") else {
        pack.report(ctx, "question", "is missing; add questions as [[question]] blocks");
        return (Vec::new(), BTreeSet::new());
    };
    let Value::Array(items) = &node.value else {
        pack.report(ctx, "question", format!("expected [[question]] blocks, found {}", node.type_name()));
        return (Vec::new(), BTreeSet::new());
    };
    if items.is_empty() {
        pack.report(ctx, "question", "the pack has no questions");
    }
    let mut questions = Vec::with_capacity(items.len());
    let mut lines_by_id: BTreeMap<String, Option<u32>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        // The id names the question in every other problem, so read it first.
        let id = match &item.value {
            Value::Table(entries) => entries.iter().find(|(k, _, _)| k == "id").and_then(|(_, _, n)| match &n.value {
                Value::Str(s) if !s.trim().is_empty() => Some(s.clone()),
                _ => None,
            }),
            _ => None,
        };
        let label = id.clone().unwrap_or_else(|| format!("#{}", i + 1));
        if let Some(id) = &id {
            if let Some(first) = lines_by_id.get(id) {
                let at = first.map(|l| format!(" (first at line {l})")).unwrap_or_default();
                ctx.report(item.line, Some(id), "id", format!("is used by another question too{at}; ids must be unique"));
            } else {
                lines_by_id.insert(id.clone(), item.line);
            }
        }
        if let Some(q) = read_question(ctx, item, &label) {
            questions.push(q);
        }
    }
    (questions, sort::set_of(lines_by_id.into_keys()))
}

fn read_question(ctx: &mut Ctx, node: &Node, label: &str) -> Option<Question> {
    let f = Fields::of(ctx, node, "a question", Some(label), "")?;
    f.reject_unknown(ctx, QUESTION_FIELDS);
    let id = f.string(ctx, "id", true);
    if let Some(id) = &id {
        check_slug(ctx, &f, "id", id);
    }
    let kind = f.choice(ctx, "kind", Kind::from_name, &Kind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>());
    let interaction =
        f.choice(ctx, "interaction", Interaction::from_name, &Interaction::ALL.iter().map(|k| k.name()).collect::<Vec<_>>());
    let difficulty =
        f.choice(ctx, "difficulty", Difficulty::from_name, &Difficulty::ALL.iter().map(|k| k.name()).collect::<Vec<_>>());
    let time_limit = f.required_int(ctx, "time_limit", 10, 900, " seconds");
    let attempts = if f.get("attempts").is_some() { f.int(ctx, "attempts", 1, 5, " attempts") } else { Some(2) };
    let title = f.string(ctx, "title", true);
    let prompt = f.string(ctx, "prompt", true);
    let code = f.string(ctx, "code", false);
    let code_lang = f.string(ctx, "code_lang", false);
    match (&code, &code_lang) {
        (Some(_), None) if f.get("code_lang").is_none() => {
            f.report(ctx, "code_lang", format!("is missing; a question with `code` says its language: {}", CODE_LANGS.join(", ")))
        }
        (None, Some(_)) if f.get("code").is_none() => f.report(ctx, "code_lang", "is set but the question has no `code`"),
        (_, Some(lang)) if !CODE_LANGS.contains(&lang.as_str()) => {
            f.report(ctx, "code_lang", format!("unknown language `{lang}`; expected one of: {}", CODE_LANGS.join(", ")))
        }
        _ => {}
    }
    let hint = f.text(ctx, "hint");
    let solution = f.strings(ctx, "solution", if ctx.draft { 0 } else { 2 }, 5, !ctx.draft).or_else(|| ctx.draft.then(Vec::new).filter(|_| f.get("solution").is_none()));
    let explanation = f.text(ctx, "explanation");
    let quick_check = f.text(ctx, "quick_check");
    let mistakes = f.strings(ctx, "mistakes", if ctx.draft { 0 } else { 2 }, 4, !ctx.draft).or_else(|| ctx.draft.then(Vec::new).filter(|_| f.get("mistakes").is_none()));
    let sim_state = f.string(ctx, "sim_state", false);
    let waive = read_waivers(ctx, &f);
    let pool = f.string(ctx, "pool", false);
    if let Some(pool) = &pool {
        check_slug(ctx, &f, "pool", pool);
    }

    let (options, steps, order_misconception) = match interaction {
        Some(Interaction::Ordering) => {
            if f.get("option").is_some() {
                f.report(ctx, "option", "an ordering question has `steps`, not options");
            }
            let steps = f.strings(ctx, "steps", 3, 7, true);
            if let Some(steps) = &steps {
                let mut seen = BTreeSet::new();
                for step in steps {
                    if !seen.insert(step.trim()) {
                        f.report(ctx, "steps", format!("the step \"{step}\" appears twice; every step must be different"));
                    }
                }
            }
            let tag = f.string(ctx, "order_misconception", !ctx.draft);
            if let Some(tag) = &tag {
                check_slug(ctx, &f, "order_misconception", tag);
            }
            // A draft's ordering question may have none: `Some(None)`, not a missing field.
            (Some(Vec::new()), steps, if ctx.draft { Some(tag) } else { tag.map(Some) })
        }
        Some(choice) => {
            for name in ["steps", "order_misconception"] {
                if f.get(name).is_some() {
                    f.report(ctx, name, format!("only ordering questions have `{name}`; this one is `{}`", choice.name()));
                }
            }
            (read_options(ctx, &f, choice), Some(Vec::new()), Some(None))
        }
        None => (None, None, None),
    };

    Some(Question {
        id: id?,
        kind: kind?,
        interaction: interaction?,
        difficulty: difficulty?,
        time_limit: u32::try_from(time_limit?).ok()?,
        attempts: u8::try_from(attempts?).ok()?,
        title: title?,
        prompt: prompt?,
        code,
        code_lang,
        options: options?,
        steps: steps?,
        order_misconception: order_misconception?,
        hint: hint?,
        solution: solution?,
        explanation: explanation?,
        quick_check: quick_check?,
        mistakes: mistakes?,
        sim_state,
        pool,
        waive,
    })
}

/// `waive = { rule = "reason" }`: lint rules the question is exempt from. Which rule names exist is
/// the linter's business (`lab check`); here every waiver needs a reason.
fn read_waivers(ctx: &mut Ctx, f: &Fields) -> StrMap<String> {
    let mut waivers = StrMap::new();
    let Some(node) = f.get("waive") else { return waivers };
    let Value::Table(entries) = &node.value else {
        f.report(ctx, "waive", format!("expected a table of rule = \"reason\", found {}", node.type_name()));
        return waivers;
    };
    for (rule, line, value) in entries {
        match &value.value {
            Value::Str(reason) if !reason.trim().is_empty() => {
                waivers.insert(rule.clone(), reason.clone());
            }
            _ => ctx.report(line.or(node.line), f.q(), &f.field("waive"), format!("`{rule}` needs a reason: a string saying why the rule does not apply")),
        }
    }
    waivers
}

fn read_options(ctx: &mut Ctx, q: &Fields, interaction: Interaction) -> Option<Vec<ChoiceOption>> {
    let Some(node) = q.get("option") else {
        q.report(ctx, "option", "is missing; a choice question needs 3 to 6 [[question.option]] blocks");
        return None;
    };
    let Value::Array(items) = &node.value else {
        q.report(ctx, "option", format!("expected [[question.option]] blocks, found {}", node.type_name()));
        return None;
    };
    let mut options = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let name = format!("option[{}]", i + 1);
        let Some(f) = Fields::of(ctx, item, "an option", q.q(), &name) else {
            ok = false;
            continue;
        };
        f.reject_unknown(ctx, OPTION_FIELDS);
        let text = f.string(ctx, "text", true);
        let correct = if f.get("correct").is_some() { f.bool(ctx, "correct") } else { Some(false) };
        let misconception = f.string(ctx, "misconception", false);
        let why = f.string(ctx, "why", false);
        match (correct, &misconception) {
            (Some(false), None) if f.get("misconception").is_none() && !ctx.draft => {
                f.report(ctx, "misconception", "is missing; every wrong option names the misunderstanding it reveals")
            }
            (Some(true), Some(_)) => f.report(ctx, "misconception", "is set on a correct option; only wrong options have one"),
            (_, Some(tag)) => {
                check_slug(ctx, &f, "misconception", tag);
            }
            _ => {}
        }
        match (text, correct) {
            (Some(text), Some(correct)) => options.push(ChoiceOption { text, correct, misconception, why }),
            _ => ok = false,
        }
    }
    if !(3..=6).contains(&items.len()) {
        q.report(ctx, "option", format!("expected 3 to 6 options, found {}", items.len()));
        ok = false;
    }
    let mut seen = BTreeSet::new();
    for o in &options {
        if !seen.insert(o.text.trim()) {
            q.report(ctx, "option", format!("the option \"{}\" appears twice", o.text));
            ok = false;
        }
    }
    if ok {
        let correct = options.iter().filter(|o| o.correct).count();
        let wrong = options.len() - correct;
        match interaction {
            Interaction::Single if correct != 1 => {
                q.report(ctx, "option", format!("a single-choice question has exactly one `correct = true` option, found {correct}"));
                ok = false;
            }
            Interaction::Multiple if correct < 2 || wrong < 1 => {
                q.report(
                    ctx,
                    "option",
                    format!("a select-all question has at least two correct options and one wrong one, found {correct} correct and {wrong} wrong"),
                );
                ok = false;
            }
            _ => {}
        }
    }
    ok.then_some(options)
}
