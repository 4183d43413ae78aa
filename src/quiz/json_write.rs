//! Writing the learner's saved JSON (a run, progress, the pack standing, the review due times) by
//! hand, byte for byte as serde_json's compact writer writes the derived `Serialize` of the same
//! values: the derives stay, and the tests of each writer compare the two.
//!
//! serde's writer compiles its state machine and a `serialize_entry` per field type for every
//! saved shape; these few functions are all the learner builds need (docs/performance.md,
//! "Session 14").
//!
//! A comma goes before a key or a value unless the text so far ends where none may (`{`, `[`, `:`,
//! or nothing), so the writers never track whether an entry is the first.

/// JSON text being written.
#[derive(Default)]
pub struct Json(String);

impl Json {
    /// Nothing written yet.
    pub fn new() -> Json {
        Json(String::new())
    }

    /// The text written.
    pub fn done(self) -> String {
        self.0
    }

    /// A comma, unless the text ends with an opening bracket, a colon, or is empty.
    #[inline(never)]
    fn sep(&mut self) {
        if !matches!(self.0.as_bytes().last(), None | Some(b'{' | b'[' | b':')) {
            self.0.push(',');
        }
    }

    /// Opens an object.
    #[inline(never)]
    pub fn open(&mut self) -> &mut Self {
        self.sep();
        self.0.push('{');
        self
    }

    /// Closes an object.
    pub fn close(&mut self) -> &mut Self {
        self.0.push('}');
        self
    }

    /// Opens a list.
    #[inline(never)]
    pub fn open_list(&mut self) -> &mut Self {
        self.sep();
        self.0.push('[');
        self
    }

    /// Closes a list.
    pub fn close_list(&mut self) -> &mut Self {
        self.0.push(']');
        self
    }

    /// A key of the object being written; its value comes next.
    #[inline(never)]
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.string(key);
        self.0.push(':');
        self
    }

    /// A string, escaped as serde_json escapes: `"`, `\` and the control characters below U+0020
    /// (`\b`, `\t`, `\n`, `\f`, `\r` by name, the others as `\u00XX` in lowercase hex).
    #[inline(never)]
    pub fn string(&mut self, text: &str) -> &mut Self {
        self.sep();
        let out = &mut self.0;
        out.push('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{8}' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\u{c}' => out.push_str("\\f"),
                '\r' => out.push_str("\\r"),
                c if c < ' ' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(c as u8 >> 4)]));
                    out.push(char::from(HEX[usize::from(c as u8 & 0xf)]));
                }
                c => out.push(c),
            }
        }
        out.push('"');
        self
    }

    /// A whole number.
    #[inline(never)]
    pub fn uint(&mut self, n: u64) -> &mut Self {
        self.sep();
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = n;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.0.push(char::from(d));
        }
        self
    }

    /// `true` or `false`.
    pub fn bool(&mut self, b: bool) -> &mut Self {
        self.sep();
        self.0.push_str(if b { "true" } else { "false" });
        self
    }

    /// A whole number, or `null`.
    pub fn opt_uint(&mut self, n: Option<u64>) -> &mut Self {
        match n {
            Some(n) => self.uint(n),
            None => self.null(),
        }
    }

    /// A string, or `null`.
    pub fn opt_string(&mut self, text: Option<&str>) -> &mut Self {
        match text {
            Some(t) => self.string(t),
            None => self.null(),
        }
    }

    /// `null`.
    pub fn null(&mut self) -> &mut Self {
        self.sep();
        self.0.push_str("null");
        self
    }

    /// A list of small whole numbers.
    pub fn bytes(&mut self, list: &[u8]) -> &mut Self {
        self.open_list();
        for &b in list {
            self.uint(u64::from(b));
        }
        self.close_list()
    }

    /// A list of whole numbers.
    pub fn uints(&mut self, list: impl IntoIterator<Item = u64>) -> &mut Self {
        self.open_list();
        for n in list {
            self.uint(n);
        }
        self.close_list()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Any string, any whole number, and a list and object of them are written as serde_json
        /// writes them.
        #[test]
        fn values_are_written_as_serde_json_writes_them(text in any::<String>(), n in any::<u64>(), b in any::<bool>(), small in prop::collection::vec(any::<u8>(), 0..6)) {
            let one = |f: &dyn Fn(&mut Json)| { let mut j = Json::new(); f(&mut j); j.done() };
            prop_assert_eq!(one(&|j| { j.string(&text); }), serde_json::to_string(&text).unwrap());
            prop_assert_eq!(one(&|j| { j.uint(n); }), serde_json::to_string(&n).unwrap());
            prop_assert_eq!(one(&|j| { j.bool(b); }), serde_json::to_string(&b).unwrap());
            prop_assert_eq!(one(&|j| { j.opt_uint(None).opt_string(None); }), "null,null");
            prop_assert_eq!(one(&|j| { j.bytes(&small); }), serde_json::to_string(&small).unwrap());
            prop_assert_eq!(one(&|j| { j.uints([n, 0, n / 7]); }), serde_json::to_string(&[n, 0, n / 7]).unwrap());
            let mut map = std::collections::BTreeMap::new();
            map.insert(text.clone(), (n, text.clone(), b, Vec::<u8>::new()));
            map.insert(format!("{text}\u{1}"), (0, String::new(), !b, small.clone()));
            let mut j = Json::new();
            j.open();
            for (k, (n, s, b, l)) in &map {
                j.key(k).open_list().uint(*n).string(s).bool(*b).bytes(l).open().close().close_list();
            }
            j.close();
            prop_assert_eq!(j.done(), serde_json::to_string(&map.iter().map(|(k, (n, s, b, l))| (k, (n, s, b, l, serde_json::json!({})))).collect::<std::collections::BTreeMap<_, _>>()).unwrap());
        }
    }

    #[test]
    fn every_control_character_and_the_edges() {
        for c in (0u32..0x80).chain([0x7f, 0x80, 0x2028, 0x2029, 0xfeff, 0x10ffff]).filter_map(char::from_u32) {
            let text = format!("a{c}b{c}");
            let mut j = Json::new();
            j.string(&text);
            assert_eq!(j.done(), serde_json::to_string(&text).unwrap(), "U+{:04X}", c as u32);
        }
        for n in [0, 1, 9, 10, 99, 100, u64::from(u32::MAX), u64::MAX - 1, u64::MAX] {
            let mut j = Json::new();
            j.uint(n);
            assert_eq!(j.done(), n.to_string());
        }
    }
}
