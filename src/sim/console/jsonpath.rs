//! The JSONPath subset of `kubectl get -o jsonpath=…`, `-o custom-columns=…` and `--sort-by`
//! that operators use: text and `{…}` expressions; fields (`.status.phase`, `['a.b']`), indices
//! (`[0]`, `[-1]`), wildcards (`[*]`, `.*`), filters on one field (`[?(@.type=="Ready")]`,
//! `!=`), string literals (`{"\n"}`) and `{range …}…{end}`. Anything else is refused with a
//! message that says what is not supported; nothing panics.
//!
//! Output follows kubectl: several results of one expression are separated by a space, strings
//! print as they are, maps and lists print as compact JSON, a missing field prints nothing.

use serde_json::Value;

/// A parsed template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Step {
    Field(String),
    Index(i64),
    Wildcard,
    Filter { path: Vec<String>, negate: bool, value: Value },
}

/// How deep `{range}`s may nest.
const MAX_RANGE_DEPTH: usize = 16;

fn unsupported(what: &str) -> String {
    format!("error: error parsing jsonpath {what}")
}

/// Parses a template (`{.items[*].metadata.name}`, `{range .items[*]}{.x}{"\n"}{end}`).
pub fn parse_template(text: &str) -> Result<Template, String> {
    let mut stack: Vec<(Vec<Step>, Vec<Node>)> = Vec::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            nodes.push(Node::Text(rest.to_string()));
            break;
        };
        if open > 0 {
            nodes.push(Node::Text(rest.get(..open).unwrap_or_default().to_string()));
        }
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = find_close(after) else {
            return Err(format!("error: error parsing jsonpath {text}, unclosed action"));
        };
        let inner = after.get(..close).unwrap_or_default().trim();
        rest = after.get(close + 1..).unwrap_or_default();
        if let Some(lit) = string_literal(inner) {
            nodes.push(Node::Text(lit));
        } else if let Some(r) = inner.strip_prefix("range ") {
            // Ranges nest by recursion when rendered (and dropped): keep the depth small.
            if stack.len() >= MAX_RANGE_DEPTH {
                return Err(format!("error: error parsing jsonpath {}: ranges nest deeper than {MAX_RANGE_DEPTH}", text.chars().take(60).collect::<String>()));
            }
            stack.push((parse_path(r.trim(), text)?, std::mem::take(&mut nodes)));
        } else if inner == "end" {
            let Some((path, outer)) = stack.pop() else {
                return Err(format!("error: error parsing jsonpath {text}, not in range, nothing to end"));
            };
            let body = std::mem::replace(&mut nodes, outer);
            nodes.push(Node::Range(path, body));
        } else {
            nodes.push(Node::Path(parse_path(inner, text)?));
        }
    }
    if !stack.is_empty() {
        return Err(format!("error: error parsing jsonpath {text}, unclosed range"));
    }
    Ok(Template { nodes })
}

/// The index of the `}` closing an action, skipping quoted strings.
fn find_close(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '}' => return Some(i),
                _ => {}
            },
        }
    }
    None
}

fn string_literal(inner: &str) -> Option<String> {
    let body = inner.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(x) => out.push(x),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Parses a path such as `.items[*].metadata.name`, `$.spec`, `status.phase` (kubectl accepts
/// the leading dot missing inside custom-columns).
pub(crate) fn parse_path(p: &str, whole: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let chars: Vec<char> = p.chars().collect();
    let mut i = 0usize;
    if chars.first() == Some(&'$') || chars.first() == Some(&'@') {
        i = 1;
    }
    while i < chars.len() {
        match chars.get(i).copied() {
            Some('.') => {
                if chars.get(i + 1) == Some(&'.') {
                    return Err(unsupported(&format!("{whole}: recursive descent (..) is not supported by this lab's console")));
                }
                i += 1;
                if chars.get(i) == Some(&'*') {
                    steps.push(Step::Wildcard);
                    i += 1;
                    continue;
                }
                let name = field_name(&chars, &mut i);
                if !name.is_empty() {
                    steps.push(Step::Field(name));
                }
            }
            Some('[') => {
                let Some(len) = chars.get(i..).unwrap_or_default().iter().position(|c| *c == ']') else {
                    return Err(format!("error: error parsing jsonpath {whole}, unterminated array"));
                };
                let inner: String = chars.get(i + 1..i + len).unwrap_or_default().iter().collect();
                // A filter may contain `]` only inside quotes, which it does not need here.
                i += len + 1;
                let inner = inner.trim();
                if inner == "*" {
                    steps.push(Step::Wildcard);
                } else if let Some(f) = inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
                    steps.push(parse_filter(f, whole)?);
                } else if let Some(name) = inner.strip_prefix('\'').and_then(|n| n.strip_suffix('\'')) {
                    steps.push(Step::Field(name.to_string()));
                } else if let Ok(n) = inner.parse::<i64>() {
                    steps.push(Step::Index(n));
                } else {
                    return Err(unsupported(&format!("{whole}: [{inner}] is not supported by this lab's console (use [N], [*] or [?(@.field==\"value\")])")));
                }
            }
            Some(_) if i == 0 => {
                // `status.phase` without the leading dot.
                steps.push(Step::Field(field_name(&chars, &mut i)));
            }
            Some(c) => return Err(format!("error: error parsing jsonpath {whole}, unrecognized character in action: U+{:04X} '{c}'", u32::from(c))),
            None => break,
        }
    }
    Ok(steps)
}

/// A field name up to the next unescaped `.` or `[`; `\.` is a dot inside the name
/// (`.metadata.annotations.deployment\.kubernetes\.io/revision`).
fn field_name(chars: &[char], i: &mut usize) -> String {
    let mut name = String::new();
    while let Some(&c) = chars.get(*i) {
        if c == '\\'
            && let Some(&next) = chars.get(*i + 1)
        {
            name.push(next);
            *i += 2;
            continue;
        }
        if c == '.' || c == '[' {
            break;
        }
        name.push(c);
        *i += 1;
    }
    name
}

fn parse_filter(f: &str, whole: &str) -> Result<Step, String> {
    let (lhs, rhs, negate) = if let Some((l, r)) = f.split_once("!=") {
        (l, r, true)
    } else if let Some((l, r)) = f.split_once("==") {
        (l, r, false)
    } else {
        return Err(unsupported(&format!("{whole}: only == and != filters are supported by this lab's console")));
    };
    let lhs = lhs.trim();
    let Some(path) = lhs.strip_prefix("@.") else {
        return Err(unsupported(&format!("{whole}: a filter must start with @.")));
    };
    let rhs = rhs.trim();
    let value = if let Some(s) = rhs.strip_prefix('"').and_then(|s| s.strip_suffix('"')).or_else(|| rhs.strip_prefix('\'').and_then(|s| s.strip_suffix('\''))) {
        Value::String(s.to_string())
    } else if let Ok(n) = rhs.parse::<i64>() {
        Value::from(n)
    } else if rhs == "true" || rhs == "false" {
        Value::Bool(rhs == "true")
    } else {
        return Err(unsupported(&format!("{whole}: cannot read the filter value {rhs}")));
    };
    Ok(Step::Filter { path: path.split('.').map(str::to_string).collect(), negate, value })
}

/// Every value the path reaches from `root`.
pub(crate) fn eval_path<'a>(steps: &[Step], root: &'a Value) -> Vec<&'a Value> {
    let mut cur: Vec<&Value> = vec![root];
    for s in steps {
        let mut next = Vec::new();
        for v in cur {
            match s {
                Step::Field(name) => {
                    if let Some(x) = v.get(name.as_str()) {
                        next.push(x);
                    }
                }
                Step::Index(n) => {
                    if let Value::Array(a) = v {
                        let idx = if *n < 0 { i64::try_from(a.len()).unwrap_or(0) + n } else { *n };
                        if let Some(x) = usize::try_from(idx).ok().and_then(|i| a.get(i)) {
                            next.push(x);
                        }
                    }
                }
                Step::Wildcard => match v {
                    Value::Array(a) => next.extend(a.iter()),
                    Value::Object(m) => next.extend(m.values()),
                    _ => {}
                },
                Step::Filter { path, negate, value } => {
                    if let Value::Array(a) = v {
                        for item in a {
                            let mut x = Some(item);
                            for p in path {
                                x = x.and_then(|y| y.get(p.as_str()));
                            }
                            if (x == Some(value)) != *negate {
                                next.push(item);
                            }
                        }
                    }
                }
            }
        }
        cur = next;
    }
    cur
}

/// How kubectl prints one value: strings raw, everything else as compact JSON.
pub fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => crate::json_indent::compact(other),
    }
}

fn render(nodes: &[Node], root: &Value, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Path(p) => {
                let vals: Vec<String> = eval_path(p, root).into_iter().map(text_of).collect();
                out.push_str(&vals.join(" "));
            }
            Node::Range(p, body) => {
                for v in eval_path(p, root) {
                    render(body, v, out);
                }
            }
        }
    }
}

impl Template {
    /// The template applied to `root`.
    pub fn render(&self, root: &Value) -> String {
        let mut out = String::new();
        render(&self.nodes, root, &mut out);
        out
    }
}

/// kubectl's `RelaxedJSONPathExpression`: `.a.b`, `a.b`, `{.a.b}` and `{a.b}` all name `.a.b`.
pub fn relaxed(expr: &str) -> String {
    let e = expr.trim();
    let e = e.strip_prefix('{').and_then(|x| x.strip_suffix('}')).unwrap_or(e);
    e.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(t: &str, v: &Value) -> String {
        parse_template(t).unwrap_or_else(|e| panic!("{t}: {e}")).render(v)
    }

    #[test]
    fn the_subset_operators_use() {
        let list = json!({"items": [
            {"metadata": {"name": "a"}, "spec": {"containers": [{"image": "r/x:v1"}]}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}},
            {"metadata": {"name": "b"}, "spec": {"containers": [{"image": "r/x:v2"}]}, "status": {"conditions": [{"type": "Ready", "status": "False"}]}},
        ]});
        assert_eq!(run("{.items[*].metadata.name}", &list), "a b");
        assert_eq!(run("{range .items[*]}{.metadata.name}{\"\\t\"}{.spec.containers[0].image}{\"\\n\"}{end}", &list), "a\tr/x:v1\nb\tr/x:v2\n");
        assert_eq!(run("{.items[0].status.conditions[?(@.type==\"Ready\")].status}", &list), "True");
        assert_eq!(run("{.items[-1].metadata.name}", &list), "b");
        assert_eq!(run("{.items[0].metadata}", &list), "{\"name\":\"a\"}");
        assert_eq!(run("names: {.items[*].metadata.name}!", &list), "names: a b!");
        assert_eq!(run("{.nothing.here}", &list), "");
        let annotated = json!({"metadata": {"annotations": {"deployment.kubernetes.io/revision": "4"}}});
        assert_eq!(run("{.metadata.annotations.deployment\\.kubernetes\\.io/revision}", &annotated), "4");
    }

    #[test]
    fn unsupported_is_an_error_not_a_panic() {
        for t in ["{..name}", "{.items[1:2]}", "{range .items[*]}", "{end}", "{.a", "{.items[?(@.x>1)]}", "{.a[}", "{.a]}", "{{}}", "{[", "{\"}"] {
            assert!(parse_template(t).is_err() || parse_template(t).is_ok(), "{t}");
        }
        assert!(parse_template("{..name}").is_err());
        assert!(parse_template("{.items[1:2]}").is_err());
        assert!(parse_template("{range .items[*]}").is_err());
        assert!(parse_template("{end}").is_err());
        let deep = format!("{}{}", "{range .}".repeat(10_000), "{end}".repeat(10_000));
        assert!(parse_template(&deep).is_err(), "deep nesting is refused, not a stack overflow");
        let ok = format!("{}{{.a}}{}", "{range .}".repeat(16), "{end}".repeat(16));
        assert_eq!(parse_template(&ok).map(|t| t.render(&json!({"a": 1}))), Ok("1".to_string()));
    }
}
