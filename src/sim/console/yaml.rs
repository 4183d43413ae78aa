//! `-o yaml`: a JSON value printed the way kubectl prints YAML (sigs.k8s.io/yaml over go-yaml):
//! keys sorted, two-space indentation, list items at their key's indentation, strings quoted only
//! when a plain scalar would read back as something else (a number, a boolean, null, a timestamp)
//! or would not parse.

use std::fmt::Write as _;

use serde_json::Value;

/// The YAML text of `v` (ends with a newline when `v` is a map or a list).
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => write_map(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => write_list(&mut out, a, 0),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

fn write_map(out: &mut String, m: &serde_json::Map<String, Value>, ind: usize) {
    let mut keys: Vec<&String> = m.keys().collect();
    crate::sort::sort(&mut keys);
    for (i, k) in keys.into_iter().enumerate() {
        let Some(v) = m.get(k) else { continue };
        // The first key of a map inside a list item follows the "- " on the same line.
        if i > 0 || ind == 0 || !out.ends_with("- ") {
            indent(out, ind);
        }
        out.push_str(&string(k));
        out.push(':');
        write_value_after_key(out, v, ind);
    }
}

fn write_value_after_key(out: &mut String, v: &Value, ind: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(out, m, ind + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_list(out, a, ind);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn write_list(out: &mut String, a: &[Value], ind: usize) {
    for v in a {
        indent(out, ind);
        out.push_str("- ");
        match v {
            Value::Object(m) if !m.is_empty() => write_map(out, m, ind + 2),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_list(out, inner, ind + 2);
            }
            other => {
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Object(_) => "{}".to_string(),
        Value::Array(_) => "[]".to_string(),
    }
}

/// A string as a plain scalar when that reads back as the same string, else double-quoted.
fn string(s: &str) -> String {
    if needs_quotes(s) {
        let mut q = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => q.push_str("\\\""),
                '\\' => q.push_str("\\\\"),
                '\n' => q.push_str("\\n"),
                '\t' => q.push_str("\\t"),
                c if c.is_control() => {
                    let _ = write!(q, "\\u{:04X}", u32::from(c));
                }
                c => q.push(c),
            }
        }
        q.push('"');
        q
    } else {
        s.to_string()
    }
}

fn needs_quotes(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(lower.as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~") {
        return true;
    }
    let looks_numeric = crate::sim::decimal::is_float_literal(s) || s.strip_prefix("0x").is_some_and(|h| u64::from_str_radix(h, 16).is_ok());
    let looks_timestamp = s.len() >= 10 && s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(7) == Some(&b'-') && s.chars().take(4).all(|c| c.is_ascii_digit());
    if looks_numeric || looks_timestamp {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return true;
    }
    s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.chars().any(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kubectl_layout() {
        let v = json!({
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {"name": "p", "labels": {"app": "x"}, "creationTimestamp": "2026-03-02T09:00:00Z"},
            "spec": {"containers": [{"name": "x", "image": "reg/x:v1", "ports": [{"containerPort": 8080}]}]},
            "status": {"ready": true, "count": "3", "empty": "", "conditions": []},
        });
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"2026-03-02T09:00:00Z\"\n  labels:\n    app: x\n  name: p\nspec:\n  containers:\n  - image: reg/x:v1\n    name: x\n    ports:\n    - containerPort: 8080\nstatus:\n  conditions: []\n  count: \"3\"\n  empty: \"\"\n  ready: true\n"
        );
    }
}
