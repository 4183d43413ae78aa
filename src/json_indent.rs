//! Indented JSON from compact JSON: the text `serde_json::to_string_pretty` writes, made from the
//! text `serde_json::to_string` wrote. A derived `Serialize` is compiled once per formatter, so a
//! type written both compact (localStorage) and pretty (a file to download) carried two copies of
//! its serializer and serde_json's pretty formatter; with this it carries one (measured in the quiz
//! build, docs/performance.md "Session 10").
//!
//! Architecture invariant: for any compact text serde_json writes, the result is byte for byte
//! serde_json's pretty text of the same value (two-space indent, `": "`, one element per line,
//! `[]` and `{}` for empty containers; [`indent_by`] with another indent), tested against it over the
//! saved-progress fixtures and random values. Strings are copied untouched, escapes included. The
//! incident build's `kubectl get -o json` uses it too, so serde_json's pretty formatter is left out of
//! every build.

/// `v`'s compact JSON text, the same as `v.to_string()`: `Value`'s `Display` would also bring
/// serde_json's pretty writer (for `{:#}`), a second copy of `Value`'s serializer. The incident
/// build writes every `Value` with this, never with `Display` (docs/performance.md "Session 13").
pub fn compact(v: &serde_json::Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// `compact`, as serde_json's pretty printer writes the same value. `compact` must be what
/// `serde_json::to_string` (or `Value`'s `Display`) wrote: no whitespace outside strings.
pub fn indent(compact: &str) -> String {
    indent_by(compact, "  ")
}

/// [`indent`] with `unit` for each level instead of two spaces: what serde_json's
/// `PrettyFormatter::with_indent(unit)` writes (kubectl's `-o json` indents by four spaces).
pub fn indent_by(compact: &str, unit: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(unit);
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::shuffle::Shuffler;
    use serde_json::{Map, Value, json};

    fn same_as_serde(value: &Value) {
        let compact = serde_json::to_string(value).unwrap();
        assert_eq!(super::compact(value), value.to_string(), "the text `Value`'s `Display` writes");
        assert_eq!(
            indent(&compact),
            serde_json::to_string_pretty(value).unwrap(),
            "{compact}"
        );
        for unit in ["    ", "\t"] {
            let mut four = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(unit.as_bytes());
            serde::Serialize::serialize(
                value,
                &mut serde_json::Serializer::with_formatter(&mut four, fmt),
            )
            .unwrap();
            assert_eq!(
                indent_by(&compact, unit),
                String::from_utf8(four).unwrap(),
                "{compact}"
            );
        }
    }

    /// Strings that look like JSON's punctuation, escapes and non-ASCII text.
    const STRINGS: [&str; 14] = [
        "",
        "plain",
        "a,b",
        "k:v",
        "{}",
        "[]",
        "{\"x\":[1,2]}",
        "quote \" inside",
        "back\\slash",
        "\\\"",
        "tab\tnew\nline",
        "\u{1}\u{1f}",
        "é 日本 🚀",
        "\\u0041",
    ];

    fn random_value(rng: &mut Shuffler, depth: u32) -> Value {
        match rng.below(if depth >= 4 { 5 } else { 8 }) {
            0 => Value::Null,
            1 => Value::Bool(rng.below(2) == 1),
            2 => json!(rng.below(u32::MAX) as i64 - i64::from(i32::MAX)),
            3 => json!(f64::from(rng.below(100_000)) / 64.0),
            4 => Value::String(
                STRINGS[rng.below(STRINGS.len() as u32) as usize].repeat(1 + rng.below(2) as usize),
            ),
            5 | 6 => {
                let mut map = Map::new();
                for _ in 0..rng.below(5) {
                    let key = format!(
                        "{}{}",
                        STRINGS[rng.below(STRINGS.len() as u32) as usize],
                        rng.below(10)
                    );
                    map.insert(key, random_value(rng, depth + 1));
                }
                Value::Object(map)
            }
            _ => Value::Array(
                (0..rng.below(5))
                    .map(|_| random_value(rng, depth + 1))
                    .collect(),
            ),
        }
    }

    #[test]
    fn indents_as_serde_json_over_random_values() {
        let mut rng = Shuffler::new(5);
        for _ in 0..20_000 {
            same_as_serde(&random_value(&mut rng, 0));
        }
        for v in [
            json!({}),
            json!([]),
            json!([[]]),
            json!({"a": {}}),
            json!([{}, []]),
            json!("x"),
            json!(1),
            json!(null),
        ] {
            same_as_serde(&v);
        }
    }

    #[test]
    fn indents_the_saved_progress_fixtures_as_serde_json() {
        for file in [
            "progress-v2.json",
            "progress-v2.compact.json",
            "run-canary-challenge.json",
        ] {
            let text = std::fs::read_to_string(format!("tests/fixtures/saved/{file}")).unwrap();
            let value: Value = serde_json::from_str(&text).unwrap();
            same_as_serde(&value);
        }
        // What the learner downloads is the pretty text of what localStorage holds.
        let compact =
            std::fs::read_to_string("tests/fixtures/saved/progress-v2.compact.json").unwrap();
        let export = std::fs::read_to_string("tests/fixtures/saved/progress-v2.json").unwrap();
        assert_eq!(indent(compact.trim_end()), export.trim_end());
    }
}
