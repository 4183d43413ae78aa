//! The light reader of packs the site itself wrote: the shipped `data/packs/*.json` files (`lab
//! build-site` writes them with [`super::to_json`] after [`super::read_pack`] has checked them) and
//! the imported packs the browser keeps (stored with `to_json` after the same check).
//!
//! It takes the JSON as `to_json` writes it and checks only what it needs to build a [`Pack`]: every
//! field there and of the right type. It does not apply the pack rules again (they were applied when
//! the file was written), so it is a fraction of the size of the validating reader, which only the
//! instructor build needs (for imports). A file that is not what `to_json` writes (truncated by a
//! proxy, edited by hand) gives one [`Problem`] that names the field, never a panic.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::model::{ChoiceOption, Difficulty, Interaction, Kind, Pack, Question};
use super::problem::Problem;

/// What went wrong: the question (if any), the field and what was expected.
struct Wrong {
    question: Option<String>,
    field: String,
    expected: &'static str,
}

type Read<T> = Result<T, Wrong>;

/// Reads a pack from the JSON `to_json` writes. `file` names it in the problem.
pub fn read_shipped(file: &str, text: &str) -> Result<Pack, Vec<Problem>> {
    let problem = |question, field, message| vec![Problem { file: file.to_owned(), line: None, question, field, message }];
    let value: Value = serde_json::from_str(text)
        .map_err(|e| problem(None, String::new(), format!("not valid JSON: {e}")))?;
    pack(&value).map_err(|w| {
        problem(w.question, w.field, format!("expected {}; this file was not written by `lab build-site` (build the site again, or import the pack again)", w.expected))
    })
}

/// The fields of one JSON object, and the question they belong to (for problems).
struct Object<'v> {
    map: &'v Map<String, Value>,
    question: Option<&'v str>,
    /// `option[2].` inside an option, else empty.
    prefix: String,
}

impl<'v> Object<'v> {
    fn wrong(&self, name: &str, expected: &'static str) -> Wrong {
        Wrong { question: self.question.map(str::to_owned), field: format!("{}{name}", self.prefix), expected }
    }

    /// A field that may be absent (then `None`); present, it must be what `get` accepts.
    fn optional<T>(&self, name: &str, expected: &'static str, get: impl Fn(&'v Value) -> Option<T>) -> Read<Option<T>> {
        match self.map.get(name) {
            None => Ok(None),
            Some(v) => get(v).map(Some).ok_or_else(|| self.wrong(name, expected)),
        }
    }

    fn required<T>(&self, name: &str, expected: &'static str, get: impl Fn(&'v Value) -> Option<T>) -> Read<T> {
        self.optional(name, expected, get)?.ok_or_else(|| self.wrong(name, expected))
    }

    fn string(&self, name: &str) -> Read<String> {
        self.required(name, "a string", text)
    }

    fn optional_string(&self, name: &str) -> Read<Option<String>> {
        self.optional(name, "a string", text)
    }

    fn strings(&self, name: &str) -> Read<Vec<String>> {
        self.required(name, "a list of strings", texts)
    }

    fn optional_strings(&self, name: &str) -> Read<Vec<String>> {
        Ok(self.optional(name, "a list of strings", texts)?.unwrap_or_default())
    }

    fn number(&self, name: &str, max: u64) -> Read<u64> {
        self.required(name, "a whole number", |v| v.as_u64().filter(|n| *n <= max))
    }

    fn name<T>(&self, name: &str, expected: &'static str, from_name: fn(&str) -> Option<T>) -> Read<T> {
        self.required(name, expected, |v| v.as_str().and_then(from_name))
    }
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn texts(v: &Value) -> Option<Vec<String>> {
    v.as_array()?.iter().map(text).collect()
}

fn object<'v>(v: &'v Value, question: Option<&'v str>, prefix: String, expected: &'static str) -> Read<Object<'v>> {
    match v.as_object() {
        Some(map) => Ok(Object { map, question, prefix }),
        None => Err(Wrong { question: question.map(str::to_owned), field: prefix.trim_end_matches('.').to_owned(), expected }),
    }
}

fn pack(v: &Value) -> Read<Pack> {
    let o = object(v, None, String::new(), "a pack (an object)")?;
    let questions = o.required("question", "a list of questions", Value::as_array)?;
    Ok(Pack {
        id: o.string("id")?,
        title: o.string("title")?,
        summary: o.string("summary")?,
        tags: o.strings("tags")?,
        minutes: o.number("minutes", u32::MAX as u64)? as u32,
        badge: o.string("badge")?,
        test: o.strings("test")?,
        challenge: o.strings("challenge")?,
        questions: questions.iter().enumerate().map(|(i, q)| question(i, q)).collect::<Read<_>>()?,
        imported_from: o.optional_string("imported_from")?,
    })
}

fn question(index: usize, v: &Value) -> Read<Question> {
    let id = v.get("id").and_then(Value::as_str);
    let field = format!("question[{}]", index + 1);
    let o = object(v, id, String::new(), "a question (an object)").map_err(|w| Wrong { field, ..w })?;
    let options = o.optional("option", "a list of options", Value::as_array)?.map_or(&[][..], Vec::as_slice);
    Ok(Question {
        id: o.string("id")?,
        kind: o.name("kind", "a question kind", Kind::from_name)?,
        interaction: o.name("interaction", "an interaction", Interaction::from_name)?,
        difficulty: o.name("difficulty", "a difficulty", Difficulty::from_name)?,
        time_limit: o.number("time_limit", u32::MAX as u64)? as u32,
        attempts: o.number("attempts", u8::MAX as u64)? as u8,
        title: o.string("title")?,
        prompt: o.string("prompt")?,
        code: o.optional_string("code")?,
        code_lang: o.optional_string("code_lang")?,
        options: options.iter().enumerate().map(|(i, opt)| option(id, i, opt)).collect::<Read<_>>()?,
        steps: o.optional_strings("steps")?,
        order_misconception: o.optional_string("order_misconception")?,
        hint: o.string("hint")?,
        solution: o.strings("solution")?,
        explanation: o.string("explanation")?,
        quick_check: o.string("quick_check")?,
        mistakes: o.strings("mistakes")?,
        sim_state: o.optional_string("sim_state")?,
        pool: o.optional_string("pool")?,
        waive: o.optional("waive", "a table of strings", waivers)?.unwrap_or_default(),
    })
}

fn option<'v>(question: Option<&'v str>, index: usize, v: &'v Value) -> Read<ChoiceOption> {
    let o = object(v, question, format!("option[{}].", index + 1), "an option (an object)")?;
    Ok(ChoiceOption {
        text: o.string("text")?,
        correct: o.optional("correct", "true or false", Value::as_bool)?.unwrap_or(false),
        misconception: o.optional_string("misconception")?,
        why: o.optional_string("why")?,
    })
}

fn waivers(v: &Value) -> Option<BTreeMap<String, String>> {
    // Inserted one by one: `collect` would sort the pairs first, one more copy of the sort in the wasm.
    let mut out = BTreeMap::new();
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
            waive: BTreeMap::from([("rule".to_string(), "reason".to_string())]),
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
        order.waive = BTreeMap::new();
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
