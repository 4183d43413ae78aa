//! Reading untrusted JSON by hand, with the path of every problem.
//!
//! Saved progress and imported progress files come from outside the program (an old version, a
//! hand edit, a truncated write, a wrong file). serde's derived readers say *what* was wrong but not
//! *where* in nested data; learners and the UI need "`review.pause-semantics.box`: expected a whole
//! number from 1 to 5, found a string". [`At`] is a cursor on a `serde_json::Value` that carries its
//! path and turns every type or range mismatch into a [`PathError`]. It never panics.

use std::cell::RefCell;
use std::fmt;

use serde_json::{Map, Value};

/// A problem in a JSON document, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// Where: `$` for the document, then `.field`, `[index]`, or `["odd key"]`.
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Describes a JSON value's type for messages ("found a string").
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(n) if n.is_u64() || n.is_i64() => "a whole number",
        Value::Number(_) => "a number with a fraction",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `text` in double quotes as `{:?}` writes a `str` (`"x1.5"`, `"a \"b\"\n"`), for messages that
/// quote a name found in a document. `char::escape_debug` is the escape `{:?}` uses, but it also
/// escapes `'`, which a string's `{:?}` leaves alone; without `<str as Debug>` in the wasm. Tested
/// against `{:?}` for every `char` and random strings.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '\'' {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
    out
}

/// A value and the path that leads to it: the cursor it was reached from and the step from there.
/// The path is written only when an error needs it, so walking a document allocates nothing and a
/// cursor needs no drop (docs/performance.md, "Session 11"). `'v` is the document's lifetime, `'p`
/// the borrow of the cursor this one was reached from.
#[derive(Clone, Copy, Debug)]
pub struct At<'v, 'p> {
    value: &'v Value,
    from: Option<&'p At<'v, 'p>>,
    step: Step<'v>,
}

/// The last step of a path.
#[derive(Clone, Copy, Debug)]
enum Step<'v> {
    /// The document, `$`.
    Root,
    /// A field of an object.
    Key(&'v str),
    /// An item of a list.
    Index(usize),
}

impl<'v> At<'v, 'v> {
    /// The document itself, at path `$`.
    pub fn root(value: &'v Value) -> At<'v, 'v> {
        At { value, from: None, step: Step::Root }
    }
}

impl<'v, 'p> At<'v, 'p> {
    /// The value under the cursor.
    pub fn value(&self) -> &'v Value {
        self.value
    }

    /// The cursor's path: `$` for the document, then `.field`, `[index]`, or `["odd key"]`.
    pub fn path(&self) -> String {
        let mut path = String::new();
        self.write_path(&mut path);
        path
    }

    fn write_path(&self, out: &mut String) {
        if let Some(from) = self.from {
            from.write_path(out);
        }
        match self.step {
            Step::Root => out.push('$'),
            Step::Key(k) => out.push_str(&key_step(k)),
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }

    /// An error at this path.
    pub fn error(&self, message: impl Into<String>) -> PathError {
        PathError { path: self.path(), message: message.into() }
    }

    fn expected(&self, what: &str) -> PathError {
        self.error(format!("expected {what}, found {}", type_name(self.value)))
    }

    /// The value as an object.
    pub fn object(&self) -> Result<&'v Map<String, Value>, PathError> {
        self.value.as_object().ok_or_else(|| self.expected("an object"))
    }

    /// A required field of this object.
    pub fn field(&self, name: &str) -> Result<At<'v, '_>, PathError> {
        self.opt(name)?.ok_or_else(|| self.error(format!("missing field `{name}`")))
    }

    /// An optional field of this object: `None` when absent or `null`.
    pub fn opt(&self, name: &str) -> Result<Option<At<'v, '_>>, PathError> {
        Ok(self
            .object()?
            .get_key_value(name)
            .filter(|(_, v)| !v.is_null())
            .map(|(k, value)| At { value, from: Some(self), step: Step::Key(k) }))
    }

    /// The entries of this object, in key order (serde_json's map is sorted), each with its path.
    pub fn entries(&self) -> Result<Vec<(&'v str, At<'v, '_>)>, PathError> {
        Ok(self
            .object()?
            .iter()
            .map(|(k, value)| (k.as_str(), At { value, from: Some(self), step: Step::Key(k) }))
            .collect())
    }

    /// The items of this list, each with its path.
    pub fn items(&self) -> Result<Vec<At<'v, '_>>, PathError> {
        let items = self.value.as_array().ok_or_else(|| self.expected("a list"))?;
        Ok(items.iter().enumerate().map(|(i, value)| At { value, from: Some(self), step: Step::Index(i) }).collect())
    }

    /// A string.
    pub fn str(&self) -> Result<&'v str, PathError> {
        self.value.as_str().ok_or_else(|| self.expected("a string"))
    }

    /// A non-empty string of at most `max` characters (ids and tags: enough to stop a pasted novel).
    pub fn name(&self, max: usize) -> Result<&'v str, PathError> {
        let s = self.str()?;
        if s.is_empty() || s.chars().count() > max {
            return Err(
                self.error(format!("expected a name of 1 to {max} characters, found {} characters", s.chars().count()))
            );
        }
        Ok(s)
    }

    /// `true` or `false`.
    pub fn bool(&self) -> Result<bool, PathError> {
        self.value.as_bool().ok_or_else(|| self.expected("true or false"))
    }

    /// A whole number from `min` to `max`.
    pub fn uint(&self, min: u64, max: u64) -> Result<u64, PathError> {
        match self.value.as_u64() {
            Some(n) if (min..=max).contains(&n) => Ok(n),
            Some(n) => Err(self.error(format!("expected a whole number from {min} to {max}, found {n}"))),
            None => Err(self.expected(&format!("a whole number from {min} to {max}"))),
        }
    }

    /// A time in milliseconds since the Unix epoch (any `u64`; JSON readers in browsers lose
    /// precision past 2^53, which is the year 287396, so no range is imposed).
    pub fn ms(&self) -> Result<u64, PathError> {
        self.value.as_u64().ok_or_else(|| self.expected("a time in milliseconds (a whole number)"))
    }
}

// One call per field read (`at.field_uint("k", 0, 9)`, not `at.field("k")?.uint(0, 9)`): the field's
// cursor is made, read and its error written inside one shared function instead of at every field
// of every reader (docs/performance.md, "Session 11"). The answers and messages are those of
// `field` then the reader.
impl<'v> At<'v, '_> {
    /// A required string field.
    #[inline(never)]
    pub fn field_str(&self, name: &str) -> Result<&'v str, PathError> {
        self.field(name)?.str()
    }

    /// A required string field, owned.
    #[inline(never)]
    pub fn field_string(&self, name: &str) -> Result<String, PathError> {
        self.field_str(name).map(str::to_owned)
    }

    /// A required field that is a name (see [`At::name`]), owned.
    #[inline(never)]
    pub fn field_name(&self, name: &str, max: usize) -> Result<String, PathError> {
        self.field(name)?.name(max).map(str::to_owned)
    }

    /// A required `true` or `false` field.
    #[inline(never)]
    pub fn field_bool(&self, name: &str) -> Result<bool, PathError> {
        self.field(name)?.bool()
    }

    /// A required whole-number field from `min` to `max`.
    #[inline(never)]
    pub fn field_uint(&self, name: &str, min: u64, max: u64) -> Result<u64, PathError> {
        self.field(name)?.uint(min, max)
    }

    /// A required time field in milliseconds (see [`At::ms`]).
    #[inline(never)]
    pub fn field_ms(&self, name: &str) -> Result<u64, PathError> {
        self.field(name)?.ms()
    }

    /// An optional whole-number field from 0 to `max`: `None` when absent or `null`.
    #[inline(never)]
    pub fn opt_uint(&self, name: &str, max: u64) -> Result<Option<u64>, PathError> {
        self.opt(name)?.map(|at| at.uint(0, max)).transpose()
    }
}

/// The first problem of a document read without an early return per field.
///
/// A reader that stops at the first problem (`?` on every read) gets, at every read, its own path
/// that drops everything read before it: some hundreds of bytes of wasm per field. Read through
/// [`First::or`] instead, a read that fails records its problem (unless one was recorded before)
/// and gives a placeholder, the reader goes on, and [`First::result`] gives the problem instead of
/// what was read. Read in the same order, the problem is the one `?` would have returned
/// (docs/performance.md, "Session 12"). The placeholders' own problems come later, so they are
/// never the one reported.
#[derive(Default)]
pub struct First(RefCell<Option<PathError>>);

/// What [`First::or`] gives for a cursor that could not be reached: `null`, at `$`.
static NOTHING: Value = Value::Null;

impl First {
    /// What `read` gave, or `placeholder` once its problem is recorded.
    pub fn or<T>(&self, read: Result<T, PathError>, placeholder: T) -> T {
        match read {
            Ok(x) => x,
            Err(e) => {
                self.record(e);
                placeholder
            }
        }
    }

    /// What `read` gave, or the type's default once its problem is recorded.
    pub fn or_default<T: Default>(&self, read: Result<T, PathError>) -> T {
        self.or(read, T::default())
    }

    /// The cursor `read` reached, or one on `null` once its problem is recorded.
    pub fn at<'v, 'p>(&self, read: Result<At<'v, 'p>, PathError>) -> At<'v, 'p> {
        self.or(read, At::root(&NOTHING))
    }

    #[inline(never)]
    fn record(&self, e: PathError) {
        let mut first = self.0.borrow_mut();
        if first.is_none() {
            *first = Some(e);
        }
    }

    /// `out`, or the first problem recorded while it was read.
    pub fn result<T>(self, out: T) -> Result<T, PathError> {
        match self.0.into_inner() {
            None => Ok(out),
            Some(e) => Err(e),
        }
    }
}

/// The path step to key `k`: `.k` for plain keys, `["k"]` (JSON-quoted) for anything else.
fn key_step(k: &str) -> String {
    let plain = !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if plain { format!(".{k}") } else { format!("[{}]", serde_json::to_string(k).unwrap_or_default()) }
}

/// Edits of JSON documents for the tests that compare a reader with the one it replaced.
#[cfg(test)]
pub mod edits {
    /// Every place in a JSON document (`[]` the document; keys and list indices), deepest last.
    pub fn places(v: &serde_json::Value, at: Vec<serde_json::Value>, out: &mut Vec<Vec<serde_json::Value>>) {
        out.push(at.clone());
        let step = |k: serde_json::Value| [at.clone(), vec![k]].concat();
        match v {
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| places(x, step(k.as_str().into()), out)),
            serde_json::Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| places(x, step(i.into()), out)),
            _ => {}
        }
    }

    /// Sets the value at `place` (`None`: removes it from its object, or makes a list item `null`).
    pub fn set(doc: &mut serde_json::Value, place: &[serde_json::Value], to: Option<&serde_json::Value>) {
        let Some((last, parent)) = place.split_last() else { return };
        let parent = parent.iter().fold(doc, |v, k| match k.as_str() {
            Some(k) => &mut v[k],
            None => &mut v[k.as_u64().unwrap() as usize],
        });
        match (last.as_str(), to, parent) {
            (Some(k), None, serde_json::Value::Object(m)) => {
                m.remove(k);
            }
            (Some(k), to, parent) => parent[k] = to.cloned().unwrap_or_default(),
            (None, to, parent) => parent[last.as_u64().unwrap() as usize] = to.cloned().unwrap_or_default(),
        }
    }

    /// A value of every JSON type, with numbers at the edges of the ranges read, and `extra` (JSON
    /// texts of names a reader knows).
    pub fn values(extra: &[&str]) -> Vec<serde_json::Value> {
        let every = ["null", "true", "0", "7", "300", "70000", "4294967296", "-1", "1.5", "\"x\"", "\"\"", "[]", "[1]", "[\"x\"]", "{}", "{\"a\":1}"];
        every.iter().chain(extra).map(|t| serde_json::from_str(t).unwrap()).collect()
    }

    /// Reads `doc`, then `doc` with every place left out and set to each of `values`, then with every
    /// pair of places made `null`, with `read`, which gives the reader's answer and the reference's:
    /// they must be equal. Returns how many documents were read.
    pub fn compare<T: PartialEq + std::fmt::Debug>(doc: &serde_json::Value, values: &[serde_json::Value], read: impl Fn(&serde_json::Value) -> (T, T)) -> usize {
        let (got, want) = read(doc);
        assert_eq!(got, want, "unedited");
        let mut all = vec![];
        places(doc, vec![], &mut all);
        let mut count = 1;
        for place in &all {
            for to in std::iter::once(None).chain(values.iter().map(Some)) {
                let mut edited = doc.clone();
                set(&mut edited, place, to);
                let (got, want) = read(&edited);
                assert_eq!(got, want, "{place:?} = {to:?}");
                count += 1;
            }
        }
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                let mut edited = doc.clone();
                set(&mut edited, b, Some(&serde_json::Value::Null));
                set(&mut edited, a, Some(&serde_json::Value::Null));
                let (got, want) = read(&edited);
                assert_eq!(got, want, "{a:?} and {b:?} null");
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_is_a_strings_debug() {
        // Every char alone, first, in the middle and last (`{:?}` escapes some by their place in
        // a string in some Rust versions: grapheme extenders).
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("{c}a"), format!("a{c}"), format!("a{c}b"), format!("{c}{c}")] {
                assert_eq!(quoted(&text), format!("{text:?}"), "U+{:04X}", c as u32);
            }
        }
        // Random strings over ASCII, quotes, escapes, controls, combining marks and the rest.
        let pool: Vec<char> = "aZ09 '\"\\\n\r\t\0\u{7f}\u{80}\u{301}\u{200d}\u{ad}\u{feff}é€😀\u{e000}\u{10ffff}\u{2028}"
            .chars()
            .collect();
        let mut rng = crate::chacha8::ChaCha8::seed_from_u64(13);
        for _ in 0..20_000 {
            let len = rng.next_u32() % 12;
            let text: String = (0..len).map(|_| pool[rng.next_u32() as usize % pool.len()]).collect();
            assert_eq!(quoted(&text), format!("{text:?}"));
        }
        assert_eq!(quoted(""), "\"\"");
        assert_eq!(quoted("it's \"x\"\n"), r#""it's \"x\"\n""#);
    }

    #[test]
    fn errors_carry_paths() {
        let v: Value = serde_json::from_str(r#"{"a": {"b c": [1, "x"]}, "n": 9}"#).unwrap();
        let root = At::root(&v);
        // A cursor borrows the one it was reached from (its path is written from them on an error).
        let a = root.field("a").unwrap();
        let b_c = a.field("b c").unwrap();
        let list = b_c.items().unwrap();
        assert_eq!(list[0].uint(0, 5), Ok(1));
        assert_eq!(
            list[1].uint(0, 5).unwrap_err().to_string(),
            r#"$.a["b c"][1]: expected a whole number from 0 to 5, found a string"#
        );
        assert_eq!(
            root.field("n").unwrap().uint(0, 5).unwrap_err().to_string(),
            "$.n: expected a whole number from 0 to 5, found 9"
        );
        assert_eq!(root.field("z").unwrap_err().to_string(), "$: missing field `z`");
        assert_eq!(root.field("n").unwrap().object().unwrap_err().message, "expected an object, found a whole number");
        assert!(root.opt("z").unwrap().is_none());
    }
}
