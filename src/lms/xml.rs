//! A small XML reader for the files `lab import-pack` reads (Moodle XML): elements, attributes,
//! text and CDATA, with the line each element starts on. No DTDs, no namespaces beyond keeping the
//! prefixed name. Written here rather than pulling in an XML crate: Moodle XML is plain, and the
//! reader needs line numbers for its messages. Never panics; a malformed file is an error with its
//! line.

/// One element.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The text directly inside the element (text and CDATA sections joined, entities decoded).
    pub text: String,
    pub line: u32,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of `<name><text>…</text></name>`, the shape Moodle uses for every text field.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.child("text").map_or(c.text.as_str(), |t| t.text.as_str()))
    }
}

/// Decodes the five named entities and numeric character references.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..end];
        let decoded = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32),
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    crate::scorm_package::xml_escape(text)
}

/// Wraps text in CDATA, splitting any `]]>` it contains.
pub fn cdata(text: &str) -> String {
    format!("<![CDATA[{}]]>", text.replace("]]>", "]]]]><![CDATA[>"))
}

struct Reader<'a> {
    s: &'a str,
    pos: usize,
    line: u32,
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn advance(&mut self, n: usize) {
        let n = n.min(self.s.len() - self.pos);
        self.line += self.s[self.pos..self.pos + n].matches('\n').count() as u32;
        self.pos += n;
    }

    fn skip_past(&mut self, end: &str, what: &str) -> Result<String, String> {
        match self.rest().find(end) {
            Some(i) => {
                let inner = self.rest()[..i].to_owned();
                self.advance(i + end.len());
                Ok(inner)
            }
            None => Err(format!("{}: {what} is never closed", self.line)),
        }
    }

    fn skip_ws(&mut self) {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.advance(n);
    }

    fn name(&mut self) -> String {
        let n = self.rest().find(|c: char| c.is_whitespace() || c == '>' || c == '/' || c == '=').unwrap_or(self.rest().len());
        let name = self.rest()[..n].to_owned();
        self.advance(n);
        name
    }

    /// Skips the prolog, comments, processing instructions and doctype before or between elements.
    fn skip_misc(&mut self) -> Result<(), String> {
        loop {
            self.skip_ws();
            if self.rest().starts_with("<?") {
                self.skip_past("?>", "a processing instruction")?;
            } else if self.rest().starts_with("<!--") {
                self.skip_past("-->", "a comment")?;
            } else if self.rest().starts_with("<!DOCTYPE") {
                self.skip_past(">", "the doctype")?;
            } else {
                return Ok(());
            }
        }
    }

    fn element(&mut self, depth: usize) -> Result<Element, String> {
        if depth > 64 {
            return Err(format!("{}: elements nested too deep", self.line));
        }
        if !self.rest().starts_with('<') {
            return Err(format!("{}: expected an element", self.line));
        }
        let line = self.line;
        self.advance(1);
        let name = self.name();
        if name.is_empty() {
            return Err(format!("{line}: an element without a name"));
        }
        let mut el = Element { name, line, ..Element::default() };
        loop {
            self.skip_ws();
            if self.rest().starts_with("/>") {
                self.advance(2);
                return Ok(el);
            }
            if self.rest().starts_with('>') {
                self.advance(1);
                break;
            }
            if self.rest().is_empty() {
                return Err(format!("{line}: <{}> is never closed", el.name));
            }
            let key = self.name();
            if key.is_empty() {
                return Err(format!("{}: unexpected character in <{}>", self.line, el.name));
            }
            self.skip_ws();
            if !self.rest().starts_with('=') {
                return Err(format!("{}: attribute {key} of <{}> has no value", self.line, el.name));
            }
            self.advance(1);
            self.skip_ws();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return Err(format!("{}: attribute {key} of <{}> is not quoted", self.line, el.name)),
            };
            self.advance(1);
            let value = self.skip_past(&quote.to_string(), "an attribute value")?;
            el.attrs.push((key, unescape(&value)));
        }
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return Err(format!("{line}: <{}> is never closed", el.name));
            }
            if rest.starts_with("</") {
                self.advance(2);
                let close = self.name();
                self.skip_ws();
                if close != el.name || !self.rest().starts_with('>') {
                    return Err(format!("{}: </{close}> does not close <{}> (line {line})", self.line, el.name));
                }
                self.advance(1);
                return Ok(el);
            } else if rest.starts_with("<![CDATA[") {
                self.advance(9);
                let inner = self.skip_past("]]>", "a CDATA section")?;
                el.text.push_str(&inner);
            } else if rest.starts_with("<!--") {
                self.skip_past("-->", "a comment")?;
            } else if rest.starts_with("<?") {
                self.skip_past("?>", "a processing instruction")?;
            } else if rest.starts_with('<') {
                let child = self.element(depth + 1)?;
                el.children.push(child);
            } else {
                let n = rest.find('<').unwrap_or(rest.len());
                let text = unescape(&rest[..n]);
                el.text.push_str(&text);
                self.advance(n);
            }
        }
    }
}

/// Parses a document and returns its root element. Errors read `LINE: message`.
pub fn parse(text: &str) -> Result<Element, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = Reader { s: text, pos: 0, line: 1 };
    r.skip_misc()?;
    let root = r.element(0)?;
    r.skip_misc()?;
    if !r.rest().trim().is_empty() {
        return Err(format!("{}: text after the root element", r.line));
    }
    Ok(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_cdata_and_lines() {
        let doc = "<?xml version=\"1.0\"?>\n<quiz>\n<!-- c -->\n<q a=\"1 &amp; 2\">\n<text><![CDATA[<p>x]]]]><![CDATA[>y</p>]]></text>\n<e/></q>\n</quiz>";
        let root = parse(doc).unwrap();
        let q = root.child("q").unwrap();
        assert_eq!(q.line, 4);
        assert_eq!(q.attr("a"), Some("1 & 2"));
        assert_eq!(q.child("text").unwrap().text, "<p>x]]>y</p>");
        assert!(q.child("e").is_some());
    }

    #[test]
    fn malformed_input_is_an_error_with_a_line() {
        for bad in ["", "<a>", "<a></b>", "<a b=c></a>", "<a><b></a>", "<a>&</a>x", "<", "<a b=\"x></a>"] {
            let e = parse(bad).unwrap_err();
            assert!(e.split(':').next().unwrap().parse::<u32>().is_ok(), "{bad:?}: {e}");
        }
        assert_eq!(unescape("&lt;&#65;&#x42;&bogus;&"), "<AB&bogus;&");
        assert_eq!(cdata("a]]>b"), "<![CDATA[a]]]]><![CDATA[>b]]>");
    }
}
