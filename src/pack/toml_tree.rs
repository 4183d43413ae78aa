//! TOML → [`Node`], keeping the line of every key and value (native only: the TOML parser stays
//! out of the wasm, where it would cost about 51 KB brotli).

use super::problem::Problem;
use super::tree::{Node, Value};
use toml::de::{DeTable, DeValue};

/// Parses TOML text. A syntax error is returned as a problem with its line.
pub fn parse(file: &str, text: &str) -> Result<Node, Problem> {
    let lines = LineIndex::new(text);
    match DeTable::parse(text) {
        Ok(table) => Ok(Node { value: table_value(table.get_ref(), &lines), line: Some(1) }),
        Err(e) => Err(Problem {
            file: file.to_owned(),
            line: e.span().map(|s| lines.line(s.start)),
            question: None,
            field: String::new(),
            message: format!("not valid TOML: {}", e.message().trim_end()),
        }),
    }
}

struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    /// 1-based line of a byte offset.
    fn line(&self, offset: usize) -> u32 {
        (self.0.partition_point(|&nl| nl < offset) + 1) as u32
    }
}

fn table_value(table: &DeTable<'_>, lines: &LineIndex) -> Value {
    let mut entries: Vec<(String, Option<u32>, Node)> = table
        .iter()
        .map(|(k, v)| {
            let key_line = lines.line(k.span().start);
            (k.get_ref().to_string(), Some(key_line), node(v.get_ref(), v.span().start, lines))
        })
        .collect();
    entries.sort_by_key(|(_, line, _)| *line);
    Value::Table(entries)
}

fn node(value: &DeValue<'_>, start: usize, lines: &LineIndex) -> Node {
    let value = match value {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => {
            let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
            let digits = digits.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b");
            match i64::from_str_radix(digits, i.radix()) {
                Ok(n) => Value::Int(n),
                Err(_) => Value::Other("an integer too large"),
            }
        }
        DeValue::Float(f) => Value::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(_) => Value::Other("a date"),
        DeValue::Array(items) => Value::Array(items.iter().map(|v| node(v.get_ref(), v.span().start, lines)).collect()),
        DeValue::Table(t) => table_value(t, lines),
    };
    Node { value, line: Some(lines.line(start)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lines_and_values() {
        let root = parse("t.toml", "a = 1\n\n[[q]]\nid = \"x\"\nn = 0x10\n").unwrap();
        let Value::Table(entries) = &root.value else { panic!("a table") };
        assert_eq!(entries[0].0, "a");
        assert_eq!(entries[0].1, Some(1));
        let (_, line, q) = &entries[1];
        assert_eq!(*line, Some(3));
        let Value::Array(items) = &q.value else { panic!("an array") };
        let Value::Table(fields) = &items[0].value else { panic!("a table") };
        assert_eq!(fields[0], ("id".into(), Some(4), Node { value: Value::Str("x".into()), line: Some(4) }));
        assert_eq!(fields[1].2.value, Value::Int(16));
    }

    #[test]
    fn syntax_errors_carry_their_line() {
        let p = parse("bad.toml", "a = 1\nb = \n").unwrap_err();
        assert_eq!(p.line, Some(2));
        assert!(p.message.starts_with("not valid TOML"), "{}", p.message);
    }
}
