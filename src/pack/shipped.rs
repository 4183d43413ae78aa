//! The light reader of packs the site itself wrote: the shipped `data/packs/*.json` files (`lab
//! build-site` writes them with [`super::to_json`] after [`super::read_pack`] has checked them) and
//! the imported packs the browser keeps (stored with `to_json` after the same check).
//!
//! It takes the JSON as `to_json` writes it and checks only what it needs to build a [`Pack`]: every
//! field there and of the right type. It does not apply the pack rules again (they were applied when
//! the file was written), so it is a fraction of the size of the validating reader, which only the
//! instructor build needs (for imports). A file that is not what `to_json` writes (truncated by a
//! proxy, edited by hand) gives one [`Problem`] that names the field, never a panic.
//!
//! Reading a field never fails: a field that is missing or of the wrong type records the file's
//! first problem (unless one was recorded before) and gives a placeholder, and [`read_shipped`]
//! reports that problem instead of what was read. The fields are read in the order an early return
//! per field would have stopped at, so the problem is the same one. Without a `?` per field, a field
//! read is one call, not a call plus its own path dropping every field read before it
//! (docs/performance.md, "Session 12"; `sim::shipped` reads scenarios the same way).

use std::cell::RefCell;

use serde_json::{Map, Value};

use super::model::{ChoiceOption, Difficulty, Interaction, Kind, Pack, Question};
use super::problem::Problem;
use crate::str_map::StrMap;

/// What went wrong: the question (if any), the field and what was expected.
struct Wrong {
    question: Option<String>,
    field: String,
    expected: &'static str,
}

/// Reads a pack from the JSON `to_json` writes. `file` names it in the problem.
pub fn read_shipped(file: &str, text: &str) -> Result<Pack, Vec<Problem>> {
    let problem = |question, field, message| vec![Problem { file: file.to_owned(), line: None, question, field, message }];
    let value: Value = serde_json::from_str(text)
        .map_err(|e| problem(None, String::new(), format!("not valid JSON: {e}")))?;
    let first = RefCell::new(None);
    let pack = pack(object(&value, None, String::new(), "a pack (an object)", &first));
    match first.into_inner() {
        None => Ok(pack),
        Some(w) => Err(problem(
            w.question,
            w.field,
            format!("expected {}; this file was not written by `lab build-site` (build the site again, or import the pack again)", w.expected),
        )),
    }
}

/// The fields of one JSON object, the question they belong to (for problems) and the file's first
/// problem.
struct Object<'v> {
    /// `None`: not an object (already recorded); every field then reads as absent.
    map: Option<&'v Map<String, Value>>,
    question: Option<&'v str>,
    /// `option[2].` inside an option, else empty.
    prefix: String,
    first: &'v RefCell<Option<Wrong>>,
}

impl<'v> Object<'v> {
    /// Records that `name` is not `expected`, unless a field read before it was wrong.
    #[inline(never)]
    fn fail(&self, name: &str, expected: &'static str) {
        record(self.first, self.question, || format!("{}{name}", self.prefix), expected);
    }

    /// A field that may be absent (then `None`); present, it must be what `get` accepts.
    fn optional<T>(&self, name: &str, expected: &'static str, get: fn(&'v Value) -> Option<T>) -> Option<T> {
        let v = self.map?.get(name)?;
        let got = get(v);
        if got.is_none() {
            self.fail(name, expected);
        }
        got
    }

    /// A field that must be there and be what `get` accepts; else `placeholder`.
    fn required<T>(&self, name: &str, expected: &'static str, get: fn(&'v Value) -> Option<T>, placeholder: T) -> T {
        match self.map.and_then(|map| map.get(name)).and_then(get) {
            Some(x) => x,
            None => {
                self.fail(name, expected);
                placeholder
            }
        }
    }

    #[inline(never)]
    fn string(&self, name: &str) -> String {
        self.required(name, "a string", text, String::new())
    }

    #[inline(never)]
    fn optional_string(&self, name: &str) -> Option<String> {
        self.optional(name, "a string", text)
    }

    #[inline(never)]
    fn strings(&self, name: &str) -> Vec<String> {
        self.required(name, "a list of strings", texts, Vec::new())
    }

    #[inline(never)]
    fn optional_strings(&self, name: &str) -> Vec<String> {
        self.optional(name, "a list of strings", texts).unwrap_or_default()
    }

    #[inline(never)]
    fn number(&self, name: &str, max: u64) -> u64 {
        match self.map.and_then(|map| map.get(name)).and_then(Value::as_u64).filter(|n| *n <= max) {
            Some(n) => n,
            None => {
                self.fail(name, "a whole number");
                0
            }
        }
    }
}

/// Keeps the first problem of a file.
fn record(first: &RefCell<Option<Wrong>>, question: Option<&str>, field: impl FnOnce() -> String, expected: &'static str) {
    let mut first = first.borrow_mut();
    if first.is_none() {
        *first = Some(Wrong { question: question.map(str::to_owned), field: field(), expected });
    }
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn texts(v: &Value) -> Option<Vec<String>> {
    v.as_array()?.iter().map(text).collect()
}

/// `v` as an object whose fields are under `prefix`; if it is not one, the problem names the object
/// itself (`prefix` without its dot).
fn object<'v>(v: &'v Value, question: Option<&'v str>, prefix: String, expected: &'static str, first: &'v RefCell<Option<Wrong>>) -> Object<'v> {
    let map = v.as_object();
    if map.is_none() {
        record(first, question, || prefix.trim_end_matches('.').to_owned(), expected);
    }
    Object { map, question, prefix, first }
}

fn pack(o: Object<'_>) -> Pack {
    let questions = o.required("question", "a list of questions", |v| v.as_array().map(Vec::as_slice), &[][..]);
    Pack {
        id: o.string("id"),
        title: o.string("title"),
        summary: o.string("summary"),
        tags: o.strings("tags"),
        minutes: o.number("minutes", u32::MAX as u64) as u32,
        badge: o.string("badge"),
        test: o.strings("test"),
        challenge: o.strings("challenge"),
        questions: questions.iter().enumerate().map(|(i, q)| question(i, q, o.first)).collect(),
        imported_from: o.optional_string("imported_from"),
    }
}

fn question<'v>(index: usize, v: &'v Value, first: &'v RefCell<Option<Wrong>>) -> Question {
    let id = v.get("id").and_then(Value::as_str);
    // Not an object, the problem names the question by its place: `question[3]`.
    let o = object(v, id, format!("question[{}]", index + 1), "a question (an object)", first);
    let o = Object { prefix: String::new(), ..o };
    let options = o.optional("option", "a list of options", Value::as_array).map_or(&[][..], Vec::as_slice);
    Question {
        id: o.string("id"),
        kind: o.required("kind", "a question kind", |v| v.as_str().and_then(Kind::from_name), Kind::Conceptual),
        interaction: o.required("interaction", "an interaction", |v| v.as_str().and_then(Interaction::from_name), Interaction::Single),
        difficulty: o.required("difficulty", "a difficulty", |v| v.as_str().and_then(Difficulty::from_name), Difficulty::Easy),
        time_limit: o.number("time_limit", u32::MAX as u64) as u32,
        attempts: o.number("attempts", u8::MAX as u64) as u8,
        title: o.string("title"),
        prompt: o.string("prompt"),
        code: o.optional_string("code"),
        code_lang: o.optional_string("code_lang"),
        options: options.iter().enumerate().map(|(i, opt)| option(id, i, opt, first)).collect(),
        steps: o.optional_strings("steps"),
        order_misconception: o.optional_string("order_misconception"),
        hint: o.string("hint"),
        solution: o.strings("solution"),
        explanation: o.string("explanation"),
        quick_check: o.string("quick_check"),
        mistakes: o.strings("mistakes"),
        sim_state: o.optional_string("sim_state"),
        pool: o.optional_string("pool"),
        waive: o.optional("waive", "a table of strings", waivers).unwrap_or_default(),
    }
}

fn option<'v>(question: Option<&'v str>, index: usize, v: &'v Value, first: &'v RefCell<Option<Wrong>>) -> ChoiceOption {
    let o = object(v, question, format!("option[{}].", index + 1), "an option (an object)", first);
    ChoiceOption {
        text: o.string("text"),
        correct: o.optional("correct", "true or false", Value::as_bool).unwrap_or(false),
        misconception: o.optional_string("misconception"),
        why: o.optional_string("why"),
    }
}

fn waivers(v: &Value) -> Option<StrMap<String>> {
    let mut out = StrMap::new();
    for (k, v) in v.as_object()? {
        out.insert(k.clone(), text(v)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::to_json;

    /// A pack that uses every field `to_json` may write, optional ones included.
    fn every_field() -> Pack {
        let q = |id: &str, interaction| Question {
            id: id.into(),
            kind: Kind::CommandOutput,
            interaction,
            difficulty: Difficulty::Expert,
            time_limit: 90,
            attempts: 2,
            title: "T".into(),
            prompt: "P \"quoted\" é".into(),
            code: Some("kubectl get pods".into()),
            code_lang: Some("shell".into()),
            options: vec![],
            steps: vec![],
            order_misconception: None,
            hint: "h".into(),
            solution: vec!["s1".into(), "s2".into()],
            explanation: "e".into(),
            quick_check: "c".into(),
            mistakes: vec!["m".into()],
            sim_state: Some("state".into()),
            pool: Some("pool-a".into()),
            waive: [("rule".to_string(), "reason".to_string())].into_iter().collect(),
        };
        let mut choice = q("q-choice", Interaction::Multiple);
        choice.options = vec![
            ChoiceOption { text: "a".into(), correct: true, misconception: None, why: Some("why".into()) },
            ChoiceOption { text: "b".into(), correct: false, misconception: Some("m".into()), why: None },
        ];
        let mut order = q("q-order", Interaction::Ordering);
        order.steps = vec!["one".into(), "two".into()];
        order.order_misconception = Some("om".into());
        order.code = None;
        order.code_lang = None;
        order.sim_state = None;
        order.pool = None;
        order.waive = StrMap::new();
        Pack {
            id: "p".into(),
            title: "Pack".into(),
            summary: "S".into(),
            tags: vec!["t".into()],
            minutes: 12,
            badge: "B".into(),
            test: vec!["pool-a".into()],
            challenge: vec!["q-order".into()],
            questions: vec![choice, order],
            imported_from: Some("gift".into()),
        }
    }

    #[test]
    fn reads_back_what_to_json_writes() {
        let pack = every_field();
        assert_eq!(read_shipped("p.json", &to_json(&pack)), Ok(pack));
    }

    #[test]
    fn the_site_form_leaves_out_only_what_lab_check_reads() {
        let pack = every_field();
        let site = crate::pack::to_site_json(&pack);
        assert!(!site.contains("\"waive\"") && !site.contains("\"sim_state\"") && !site.contains("\"state\""), "{site}");
        assert!(site.len() < to_json(&pack).len());
        // Read back, it is the pack with those two fields empty.
        let mut expected = pack.clone();
        for q in &mut expected.questions {
            q.waive.clear();
            q.sim_state = None;
        }
        assert_eq!(read_shipped("p.json", &site), Ok(expected));
        // A damaged site file still gives one problem naming the field.
        let p = read_shipped("p.json", &site.replacen("\"hint\":\"h\",", "", 1)).unwrap_err();
        assert_eq!((p.len(), p[0].question.as_deref(), p[0].field.as_str()), (1, Some("q-choice"), "hint"));
        assert!(p[0].to_string().contains("expected a string"), "{}", p[0]);
    }

    #[test]
    fn a_broken_file_is_one_problem_naming_the_field() {
        let err = |text: &str| read_shipped("p.json", text).unwrap_err();
        let json = to_json(&every_field());
        let p = err(&json[..json.len() / 2]);
        assert_eq!(p.len(), 1);
        assert!(p[0].message.starts_with("not valid JSON:"), "{}", p[0]);
        assert!(err("[]")[0].message.starts_with("expected a pack"));

        let p = err(&json.replacen("\"time_limit\":90", "\"time_limit\":\"90\"", 1));
        assert_eq!((p[0].question.as_deref(), p[0].field.as_str()), (Some("q-choice"), "time_limit"));
        assert!(p[0].to_string().contains("expected a whole number"), "{}", p[0]);
        let p = err(&json.replacen("\"attempts\":2", "\"attempts\":300", 1));
        assert_eq!(p[0].field, "attempts", "too big for its type");
        let p = err(&json.replacen("\"kind\":\"command-output\"", "\"kind\":\"poetry\"", 1));
        assert_eq!(p[0].field, "kind");
        let p = err(&json.replacen("\"correct\":true", "\"correct\":1", 1));
        assert_eq!(p[0].field, "option[1].correct");
        let p = err(&json.replacen("\"title\":\"Pack\",", "", 1));
        assert_eq!((p[0].question.as_deref(), p[0].field.as_str()), (None, "title"));
        assert!(p[0].to_string().starts_with("p.json: field `title`: expected a string; this file was not written by `lab build-site`"), "{}", p[0]);
    }

    /// What a field must be, as the reader reads it (a test's own table, not the reader's).
    #[derive(Clone, Copy, PartialEq)]
    enum Shape {
        Str,
        Strs,
        Number(u64),
        Bool,
        /// A name of one of the question's enums (`kind`…).
        Name,
        Table,
        List,
    }

    /// Every field the reader reads, in the order it reads them: (where, name, shape, required,
    /// what the message says was expected). `where` is `""` for the pack, `q` for a question, `o`
    /// for an option; a question's options are read after `code_lang`, the questions after `challenge`.
    const FIELDS: &[(&str, &str, Shape, bool, &str)] = {
        use Shape::*;
        &[
            ("", "question", List, true, "a list of questions"),
            ("", "id", Str, true, "a string"),
            ("", "title", Str, true, "a string"),
            ("", "summary", Str, true, "a string"),
            ("", "tags", Strs, true, "a list of strings"),
            ("", "minutes", Number(u32::MAX as u64), true, "a whole number"),
            ("", "badge", Str, true, "a string"),
            ("", "test", Strs, true, "a list of strings"),
            ("", "challenge", Strs, true, "a list of strings"),
            ("q", "option", List, false, "a list of options"),
            ("q", "id", Str, true, "a string"),
            ("q", "kind", Name, true, "a question kind"),
            ("q", "interaction", Name, true, "an interaction"),
            ("q", "difficulty", Name, true, "a difficulty"),
            ("q", "time_limit", Number(u32::MAX as u64), true, "a whole number"),
            ("q", "attempts", Number(u8::MAX as u64), true, "a whole number"),
            ("q", "title", Str, true, "a string"),
            ("q", "prompt", Str, true, "a string"),
            ("q", "code", Str, false, "a string"),
            ("q", "code_lang", Str, false, "a string"),
            ("o", "text", Str, true, "a string"),
            ("o", "correct", Bool, false, "true or false"),
            ("o", "misconception", Str, false, "a string"),
            ("o", "why", Str, false, "a string"),
            ("q", "steps", Strs, false, "a list of strings"),
            ("q", "order_misconception", Str, false, "a string"),
            ("q", "hint", Str, true, "a string"),
            ("q", "solution", Strs, true, "a list of strings"),
            ("q", "explanation", Str, true, "a string"),
            ("q", "quick_check", Str, true, "a string"),
            ("q", "mistakes", Strs, true, "a list of strings"),
            ("q", "sim_state", Str, false, "a string"),
            ("q", "pool", Str, false, "a string"),
            ("q", "waive", Table, false, "a table of strings"),
            ("", "imported_from", Str, false, "a string"),
        ]
    };

    /// The object of the pack document where a field of `place` lives: the pack, its first
    /// question or that question's first option.
    fn place<'a>(doc: &'a mut Value, place: &str) -> &'a mut Map<String, Value> {
        let pack = doc.as_object_mut().unwrap();
        if place.is_empty() {
            return pack;
        }
        let q = pack["question"][0].as_object_mut().unwrap();
        if place == "q" { q } else { q["option"][0].as_object_mut().unwrap() }
    }

    /// `Some(value)` puts the field in, `None` leaves it out.
    fn edit(field: &(&str, &str, Shape, bool, &str), to: Option<&Value>, doc: &mut Value) {
        let obj = place(doc, field.0);
        match to {
            Some(v) => obj.insert(field.1.to_owned(), v.clone()),
            None => obj.remove(field.1),
        };
    }

    /// The problem the reader must give for field `f` broken, as (question, field, expected).
    fn broken(f: &(&str, &str, Shape, bool, &str)) -> (Option<String>, String, String) {
        let question = (!f.0.is_empty()).then(|| "q-choice".to_owned());
        let field = if f.0 == "o" { format!("option[1].{}", f.1) } else { f.1.to_owned() };
        (question, field, f.4.to_owned())
    }

    fn problem_of(doc: &Value) -> Result<(Option<String>, String, String), Vec<Problem>> {
        match read_shipped("p.json", &doc.to_string()) {
            Ok(_) => Err(vec![]),
            Err(p) if p.len() == 1 => {
                let expected = p[0].message.strip_prefix("expected ").and_then(|m| m.split_once(';')).map(|(e, _)| e.to_owned());
                Ok((p[0].question.clone(), p[0].field.clone(), expected.ok_or_else(|| p.clone())?))
            }
            Err(p) => Err(p),
        }
    }

    /// Every field left out, set to `null` or to a value of every JSON type: read as the table
    /// says (accepted, or refused naming the field, its question and what was expected).
    #[test]
    fn every_field_of_every_type_is_read_or_named() {
        let doc: Value = serde_json::from_str(&to_json(&every_field())).unwrap();
        let values: Vec<Value> = ["null", "true", "7", "300", "4294967296", "-1", "1.5", "\"x\"", "\"expert\"", "[]", "[\"x\"]", "[1]", "{}", "{\"a\":\"b\"}", "{\"a\":1}"]
            .iter()
            .map(|t| serde_json::from_str(t).unwrap())
            .collect();
        for f in FIELDS {
            for to in std::iter::once(None).chain(values.iter().map(Some)) {
                let accepted = match to {
                    None => !f.3,
                    Some(v) => match f.2 {
                        Shape::Str => v.is_string(),
                        Shape::Strs => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
                        Shape::Number(max) => v.as_u64().is_some_and(|n| n <= max),
                        Shape::Bool => v.is_boolean(),
                        Shape::Name => v.as_str() == Some("expert") && f.1 == "difficulty",
                        Shape::Table => v.as_object().is_some_and(|o| o.values().all(Value::is_string)),
                        // The questions or options themselves are read next (below).
                        Shape::List => v.as_array().is_some_and(Vec::is_empty),
                    },
                };
                let mut edited = doc.clone();
                edit(f, to, &mut edited);
                let got = problem_of(&edited);
                let item_not_object = f.2 == Shape::List && to.and_then(Value::as_array).is_some_and(|a| !a.is_empty());
                let expected = if accepted {
                    Err(vec![])
                } else if item_not_object && f.1 == "question" {
                    Ok((None, "question[1]".to_owned(), "a question (an object)".to_owned()))
                } else if item_not_object {
                    Ok((Some("q-choice".to_owned()), "option[1]".to_owned(), "an option (an object)".to_owned()))
                } else {
                    Ok(broken(f))
                };
                // A changed question id names the question by its new id (or none, not a string).
                let expected = match (expected, f.0, f.1) {
                    (Ok((_, field, e)), "q", "id") => Ok((to.and_then(Value::as_str).map(str::to_owned), field, e)),
                    (e, ..) => e,
                };
                assert_eq!(got, expected, "{}{} = {to:?}", f.0, f.1);
            }
        }
    }

    /// Two fields broken: the problem is the one read first (as a reader that stopped at the first
    /// problem would report), for every pair; and a pack or question that is not an object comes
    /// before any of its fields.
    #[test]
    fn of_two_broken_fields_the_first_read_is_named() {
        let doc: Value = serde_json::from_str(&to_json(&every_field())).unwrap();
        // A broken question id also changes which question later problems name: leave it out here.
        let fields: Vec<_> = FIELDS.iter().filter(|f| (f.0, f.1) != ("q", "id")).collect();
        for (i, a) in fields.iter().enumerate() {
            for b in &fields[i + 1..] {
                let mut edited = doc.clone();
                edit(b, Some(&Value::Null), &mut edited);
                edit(a, Some(&Value::Null), &mut edited);
                assert_eq!(problem_of(&edited), Ok(broken(a)), "{}{} then {}{}", a.0, a.1, b.0, b.1);
            }
        }
        let mut edited = doc.clone();
        edited["question"][0]["option"][0] = Value::Null;
        edited["question"][0]["hint"] = Value::Null;
        assert_eq!(problem_of(&edited), Ok((Some("q-choice".into()), "option[1]".into(), "an option (an object)".into())));
        let mut edited = doc.clone();
        edited["question"][1] = Value::from("q");
        edited["imported_from"] = Value::Null;
        assert_eq!(problem_of(&edited), Ok((None, "question[2]".into(), "a question (an object)".into())));
        edited["question"][0]["option"][1]["why"] = Value::Null;
        assert_eq!(problem_of(&edited), Ok((Some("q-choice".into()), "option[2].why".into(), "a string".into())));
    }

    #[test]
    fn no_cut_or_edit_of_a_file_panics() {
        let json = to_json(&every_field());
        for end in (0..json.len()).filter(|i| json.is_char_boundary(*i)) {
            assert!(read_shipped("p.json", &json[..end]).is_err());
        }
        for (from, to) in [("\"", "'"), ("[", "{"), ("2", "-2"), (":", ":null,\"x\":")] {
            let _ = read_shipped("p.json", &json.replace(from, to));
        }
    }
}
