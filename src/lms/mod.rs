//! Question bank exports and imports for learning management systems (`lab export-pack
//! --format moodle-xml|gift|qti`, `lab import-pack`, and the instructor build's import page). The
//! browser downloads the export files `lab build-site` writes; only the instructor build compiles
//! this module into the wasm, for its import of Moodle XML and GIFT (the readers and [`draft`]; the
//! writers are dead code there and LTO drops them; `qti` and `load_pack` are native only).
//!
//! - [`moodle`]: Moodle XML, written and read (the structure Moodle's `question/format/xml/format.php`
//!   and the ordering question type read).
//! - [`gift`]: GIFT, written and read; ordering has no GIFT form.
//! - [`qti`]: a QTI 1.2 zip for Canvas (single and multiple choice).
//! - [`xml`]: the small XML reader the Moodle import uses.
//! - [`draft`]: the draft pack an import makes (defaults, checked), and its TOML.
//!
//! What each format carries is listed in docs/lms-exports.md; the round-trip tests
//! (tests/lms_exports.rs) check exactly those fields.

pub mod draft;
pub mod gift;
pub mod moodle;
#[cfg(not(target_arch = "wasm32"))]
pub mod qti;
pub mod xml;

use crate::pack::{Interaction, Pack, Question};

/// What an import gives: the questions it could read, as a draft pack, and one line per
/// construct it could not (`file:line: message`).
#[derive(Debug)]
pub struct Import {
    pub pack: Pack,
    pub problems: Vec<String>,
    /// The line each of `pack.questions` starts on in the file.
    pub lines: Vec<u32>,
}

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    MoodleXml,
    Gift,
    Qti,
}

impl Format {
    /// The file name suffix `lab build-site` uses under `data/exports/`.
    pub fn suffix(self) -> &'static str {
        match self {
            Format::MoodleXml => "moodle.xml",
            Format::Gift => "gift.txt",
            Format::Qti => "qti.zip",
        }
    }
}

/// A question with the fields no LMS format carries set to neutral defaults; imports fill in
/// the rest.
pub(crate) fn blank_question(id: String, interaction: Interaction) -> Question {
    Question {
        id,
        kind: draft::DEFAULT_KIND,
        interaction,
        difficulty: draft::DEFAULT_DIFFICULTY,
        time_limit: draft::DEFAULT_TIME_LIMIT,
        attempts: draft::DEFAULT_ATTEMPTS,
        title: String::new(),
        prompt: String::new(),
        code: None,
        code_lang: None,
        options: Vec::new(),
        steps: Vec::new(),
        order_misconception: None,
        hint: String::new(),
        solution: Vec::new(),
        explanation: String::new(),
        quick_check: String::new(),
        mistakes: Vec::new(),
        sim_state: None,
        pool: None,
        waive: Default::default(),
    }
}

pub(crate) fn blank_pack(id: String, title: String) -> Pack {
    Pack {
        id,
        title,
        summary: String::new(),
        tags: Vec::new(),
        minutes: 20,
        badge: String::new(),
        test: Vec::new(),
        challenge: Vec::new(),
        questions: Vec::new(),
        imported_from: None,
    }
}

/// A percentage as Moodle XML fractions and GIFT weights write it (`100`, `-33.33333`, `+50`, `.5`),
/// in hundred-thousandths of a percent (`100` is 10,000,000); `None` for anything else (exponents,
/// `inf`, `NaN` included). Digits past the fifth decimal are dropped, except that a value they alone
/// make non-zero stays non-zero, so its sign (right or wrong) is kept. Read by hand rather than as an
/// `f64`: the instructor build then carries no float parser (its tables cost about 10 KB brotli).
pub(crate) fn percent(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let mut value: i64 = 0;
    for b in whole.bytes() {
        value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    for i in 0..5 {
        let digit = fraction.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
        value = value.checked_mul(10)?.checked_add(digit)?;
    }
    if value == 0 && fraction.bytes().skip(5).any(|b| b != b'0') {
        value = 1;
    }
    Some(if negative { -value } else { value })
}

/// A slug made from free text (for ids of imported questions that have none): ASCII letters and
/// digits in lower case, every run of anything else one `-`, at most about 40 characters.
pub(crate) fn slug(text: &str) -> String {
    slug_folded(text, crate::suggest::fold_case)
}

/// [`slug`] with the case fold given: `suggest::fold_case` in the app, `char::to_lowercase` as the
/// reference its slugs are tested against.
fn slug_folded<I: Iterator<Item = char>>(text: &str, fold: impl FnMut(char) -> I) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "question".to_owned() } else { out }
}

/// The question text as HTML: the prompt as a paragraph, the code (escaped) in a `pre` block.
pub(crate) fn question_html(q: &Question) -> String {
    let mut html = format!("<p>{}</p>", xml::escape(&q.prompt));
    if let Some(code) = &q.code {
        let lang = q.code_lang.as_deref().unwrap_or("text");
        html.push_str(&format!("<pre><code class=\"language-{}\">{}</code></pre>", xml::escape(lang), xml::escape(code)));
    }
    html
}

/// The general feedback as HTML: the explanation, then the worked solution as a numbered list.
pub(crate) fn feedback_html(q: &Question) -> String {
    let mut html = format!("<p>{}</p>", xml::escape(&q.explanation));
    if !q.solution.is_empty() {
        html.push_str("<ol>");
        for step in &q.solution {
            html.push_str(&format!("<li>{}</li>", xml::escape(step)));
        }
        html.push_str("</ol>");
    }
    html
}

/// The inner text of every `<tag …>…</tag>` in `html`, in order.
fn inner_all<'a>(html: &'a str, tag: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        if !(after.starts_with('>') || after.starts_with(' ')) {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let attrs = &after[..gt];
        let body = &after[gt + 1..];
        let Some(end) = body.find(&close) else { break };
        out.push((attrs, &body[..end]));
        rest = &body[end + close.len()..];
    }
    out
}

/// Text with every tag removed and entities decoded.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    xml::unescape(&out)
}

/// Reads question HTML back: (prompt, code, code language). HTML that [`question_html`] did not
/// write gives its text as the prompt.
pub(crate) fn read_question_html(html: &str) -> (String, Option<String>, Option<String>) {
    let paragraphs = inner_all(html, "p");
    let code = inner_all(html, "pre").into_iter().next().map(|(_, pre)| {
        let (attrs, body) = inner_all(pre, "code").into_iter().next().unwrap_or(("", pre));
        let lang = attrs.split("language-").nth(1).map(|l| l.trim_end_matches('"').split('"').next().unwrap_or("").to_owned());
        (xml::unescape(body), lang.filter(|l| !l.is_empty()))
    });
    let prompt = if paragraphs.is_empty() {
        let without_pre = match html.find("<pre") {
            Some(i) => &html[..i],
            None => html,
        };
        strip_tags(without_pre)
    } else {
        paragraphs.iter().map(|(_, p)| strip_tags(p)).collect::<Vec<_>>().join("\n\n")
    };
    match code {
        Some((code, lang)) => (prompt, Some(code), lang),
        None => (prompt, None, None),
    }
}

/// Reads general feedback back: (explanation, solution steps).
pub(crate) fn read_feedback_html(html: &str) -> (String, Vec<String>) {
    let paragraphs = inner_all(html, "p");
    let steps: Vec<String> = inner_all(html, "li").into_iter().map(|(_, li)| strip_tags(li)).collect();
    let explanation = if paragraphs.is_empty() {
        let before_list = match html.find("<ol") {
            Some(i) => &html[..i],
            None => html,
        };
        strip_tags(before_list)
    } else {
        paragraphs.iter().map(|(_, p)| strip_tags(p)).collect::<Vec<_>>().join("\n\n")
    };
    (explanation, steps)
}

/// Reads the pack at `arg`: a path to a TOML file, or the id of a pack in `static/packs`.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_pack(arg: &str) -> Result<Pack, String> {
    let path = if arg.ends_with(".toml") || arg.contains('/') {
        std::path::PathBuf::from(arg)
    } else {
        std::path::PathBuf::from("static/packs").join(format!("{arg}.toml"))
    };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
    crate::cli::check::read_toml_pack(&name, &text)
        .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_round_trips() {
        let mut q = blank_question("a".into(), Interaction::Single);
        q.prompt = "Run `a < b` & see".into();
        q.code = Some("x: <1>\n  y: ]]>".into());
        q.code_lang = Some("yaml".into());
        q.explanation = "Because <reasons>.".into();
        q.solution = vec!["one".into(), "two & three".into()];
        let (p, c, l) = read_question_html(&question_html(&q));
        assert_eq!((p.as_str(), c.as_deref(), l.as_deref()), (q.prompt.as_str(), q.code.as_deref(), Some("yaml")));
        let (e, s) = read_feedback_html(&feedback_html(&q));
        assert_eq!((e, s), (q.explanation.clone(), q.solution.clone()));
        assert_eq!(read_question_html("plain <b>bold</b>").0, "plain bold");
        assert_eq!(slug("What's Up, Doc?"), "what-s-up-doc");
    }

    /// The slug as `char::to_lowercase` makes it: `slug` folds case without the Unicode table, and
    /// must give the same slugs.
    fn unicode_slug(text: &str) -> String {
        slug_folded(text, char::to_lowercase)
    }

    #[test]
    fn slugs_are_those_of_unicode_lower_case() {
        // Every character alone, between letters, and after 39 letters (where the length cut falls).
        let long = "a".repeat(39);
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("x{c}y"), format!("{long}{c}z"), format!("{c}{c}9")] {
                assert_eq!(slug(&text), unicode_slug(&text), "{text:?}");
            }
        }
        // Mixed texts, from a small deterministic generator over a pool of interesting characters.
        let pool: Vec<char> = "aZ9 -_.,'İKÅÉßΣσ🦀ǅẞ\u{307}\u{212A}\u{1E9E}ﬃ".chars().collect();
        let mut seed = 0x2545F4914F6CDD1Du64;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for i in 0..(seed % 60) {
                text.push(pool[((seed >> (i % 50)) as usize + i as usize) % pool.len()]);
            }
            assert_eq!(slug(&text), unicode_slug(&text), "{text:?}");
        }
    }

    #[test]
    fn percentages_read_as_moodle_and_gift_write_them() {
        for (text, want) in [
            ("100", Some(10_000_000)),
            ("-33.33333", Some(-3_333_333)),
            ("+50", Some(5_000_000)),
            (" 0 ", Some(0)),
            (".5", Some(50_000)),
            ("5.", Some(500_000)),
            ("83.333333333", Some(8_333_333)),
            ("0.0000001", Some(1)),
            ("-0.0000001", Some(-1)),
            ("0.000000", Some(0)),
            ("", None),
            ("-", None),
            (".", None),
            ("1e2", None),
            ("inf", None),
            ("NaN", None),
            ("1.2.3", None),
            ("x", None),
            ("99999999999999999999", None),
        ] {
            assert_eq!(percent(text), want, "{text:?}");
        }
    }
}
