//! A format-neutral tree of values with line numbers: what the pack reader reads.
//!
//! TOML (at build time, with lines) and JSON (in the browser, without) both become a `Node`, so
//! a single reader checks both.

/// A value and the line it starts on, when known.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: Option<u32>,
}

/// The kinds of value a pack may contain.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Array(Vec<Node>),
    /// Keys in file order where the format keeps it; each key with the line it is written on.
    Table(Vec<(String, Option<u32>, Node)>),
    /// Something a pack never holds (a TOML date, a JSON null); named for messages.
    Other(&'static str),
}

impl Node {
    /// A node without a known line.
    pub fn new(value: Value) -> Node {
        Node { value, line: None }
    }

    /// The name of this value's type, for messages ("expected a string, found an integer").
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number with a fraction",
            Value::Bool(_) => "true or false",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
            Value::Other(name) => name,
        }
    }

    /// Converts a JSON value (no line numbers).
    pub fn from_json(value: &serde_json::Value) -> Node {
        use serde_json::Value as J;
        Node::new(match value {
            J::Null => Value::Other("null"),
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            J::String(s) => Value::Str(s.clone()),
            J::Array(items) => Value::Array(items.iter().map(Node::from_json).collect()),
            J::Object(map) => Value::Table(map.iter().map(|(k, v)| (k.clone(), None, Node::from_json(v))).collect()),
        })
    }
}
