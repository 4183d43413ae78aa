//! GIFT, Moodle's plain-text question format: the export `lab export-pack --format gift` writes
//! and the import `lab import-pack --format gift` reads.
//!
//! A question is one paragraph (no blank line inside): `::title::[html]text{answers}`. Single
//! choice is `=right` and `~wrong`; select-all is `~%50%right` and `~%-50%wrong` (the same
//! fractions as the Moodle XML export); `#` starts an answer's feedback and `####` the general
//! feedback. Text is HTML with GIFT's special characters (`~ = # { } :` and `\`) escaped by a
//! backslash, and newlines written `&#10;` so a code block never holds a blank line. The
//! question's id rides in a `// id:` comment line (Moodle ignores comments). GIFT has no hints and
//! no ordering questions: the export skips ordering questions and reports each.

use super::xml::escape;
use super::{Import, blank_pack, blank_question, feedback_html, question_html, read_feedback_html, read_question_html, slug, strip_tags};
use crate::pack::{ChoiceOption, Interaction, Pack};

/// Escapes text for GIFT: HTML newlines as `&#10;`, then a backslash before each special character.
pub fn gift_escape(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for c in html.replace('\r', "").replace('\n', "&#10;").chars() {
        if matches!(c, '~' | '=' | '#' | '{' | '}' | ':' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Removes GIFT's backslash escapes (`\n` is a newline, as in Moodle).
pub fn gift_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(next) => out.push(next),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The pack in GIFT, and one line per question GIFT cannot hold (ordering).
pub fn export(pack: &Pack) -> (String, Vec<String>) {
    let mut out = format!("// Rollback Lab pack: {}\n// pack: {}\n$CATEGORY: $course$/top/Rollback Lab/{}\n\n", pack.title.replace('\n', " "), pack.id, pack.title.replace('\n', " "));
    let mut skipped = Vec::new();
    for q in &pack.questions {
        if q.interaction == Interaction::Ordering {
            skipped.push(format!("{}: ordering question skipped: GIFT has no ordering questions (use Moodle XML)", q.id));
            continue;
        }
        out.push_str(&format!("// id: {}\n", q.id));
        out.push_str(&format!("::{}::[html]{}{{\n", gift_escape(&escape(&q.title)), gift_escape(&question_html(q))));
        for (o, fraction) in q.options.iter().zip(super::moodle::fractions(q)) {
            let lead = match (q.interaction, o.correct) {
                (Interaction::Single, true) => "=".to_owned(),
                (Interaction::Single, false) => "~".to_owned(),
                _ => format!("~%{fraction}%"),
            };
            out.push_str(&format!("\t{lead}{}", gift_escape(&escape(&o.text))));
            if let Some(why) = &o.why {
                out.push_str(&format!("#{}", gift_escape(&escape(why))));
            }
            out.push('\n');
        }
        out.push_str(&format!("\t####{}\n}}\n\n", gift_escape(&feedback_html(q))));
    }
    (out, skipped)
}

/// The byte offsets of unescaped occurrences of `c` in `s`.
fn unescaped(s: &str, target: char) -> Vec<usize> {
    let mut out = Vec::new();
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == target {
            out.push(i);
        }
    }
    out
}

/// Splits `s` at the unescaped characters in `targets`, keeping each separator with the part it
/// starts.
fn split_answers(s: &str) -> Vec<(char, &str)> {
    let mut starts: Vec<(usize, char)> = Vec::new();
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '=' || c == '~' {
            starts.push((i, c));
        }
    }
    let mut out = Vec::new();
    for (n, &(i, c)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(s.len(), |&(j, _)| j);
        out.push((c, &s[i + 1..end]));
    }
    out
}

fn line_at(block: &str, first_line: u32, offset: usize) -> u32 {
    first_line + block[..offset.min(block.len())].matches('\n').count() as u32
}

/// Reads GIFT text into a draft pack; every construct the pack format cannot hold is named with
/// its line.
pub fn import(file: &str, text: &str) -> Result<Import, String> {
    let stem = std::path::Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or("imported");
    let mut pack = blank_pack(slug(stem.trim_end_matches(".gift")), stem.to_owned());
    let mut problems = Vec::new();
    let mut question_lines = Vec::new();
    let mut pending_id: Option<String> = None;
    let mut block = String::new();
    let mut block_line = 0u32;
    let lines: Vec<&str> = text.lines().collect();
    for (n, raw) in lines.iter().chain(std::iter::once(&"")).enumerate() {
        let line_no = n as u32 + 1;
        let trimmed = raw.trim();
        if let Some(comment) = trimmed.strip_prefix("//") {
            let comment = comment.trim();
            if let Some(id) = comment.strip_prefix("id:") {
                pending_id = Some(id.trim().to_owned());
            } else if let Some(id) = comment.strip_prefix("pack:") {
                pack.id = id.trim().to_owned();
            }
            continue;
        }
        if let Some(category) = trimmed.strip_prefix("$CATEGORY:") {
            pack.title = category.trim().rsplit('/').next().unwrap_or("").trim().to_owned();
            continue;
        }
        if !trimmed.is_empty() {
            if block.is_empty() {
                block_line = line_no;
            } else {
                block.push('\n');
            }
            block.push_str(raw);
            continue;
        }
        if block.is_empty() {
            continue;
        }
        let question = std::mem::take(&mut block);
        let id = pending_id.take();
        if let Some(q) = read_question(file, &question, block_line, id, &mut problems) {
            pack.questions.push(q);
            question_lines.push(block_line);
        }
    }
    Ok(Import { pack, problems, lines: question_lines })
}

fn read_question(file: &str, block: &str, first_line: u32, id: Option<String>, problems: &mut Vec<String>) -> Option<crate::pack::Question> {
    let mut report = |offset: usize, message: &str| problems.push(format!("{file}:{}: {message}", line_at(block, first_line, offset)));
    let mut rest = block.trim_start();
    let mut title = String::new();
    if let Some(after) = rest.strip_prefix("::") {
        let colons: Vec<usize> = unescaped(after, ':');
        match colons.windows(2).find(|w| w[1] == w[0] + 1) {
            Some(w) => {
                title = strip_tags(&gift_unescape(&after[..w[0]]));
                rest = &after[w[1] + 1..];
            }
            None => {
                report(0, "the title's closing :: is missing");
                return None;
            }
        }
    }
    let rest_offset = block.len() - rest.len();
    let mut body = rest.trim_start();
    let mut format = "moodle";
    if body.starts_with('[')
        && let Some(end) = body.find(']')
    {
        format = &body[1..end];
        body = &body[end + 1..];
    }
    if !matches!(format, "html" | "moodle" | "plain" | "markdown") {
        report(rest_offset, &format!("the text format [{format}] is not supported"));
    }
    let Some(&open) = unescaped(body, '{').first() else {
        report(0, "a question without an answer block (a description) is not supported");
        return None;
    };
    let body_offset = block.len() - body.len();
    let Some(&close) = unescaped(body, '}').iter().find(|&&c| c > open) else {
        report(body_offset + open, "the answer block's closing } is missing");
        return None;
    };
    let answers = body[open + 1..close].trim();
    let block_at = body_offset + open;
    if !body[close + 1..].trim().is_empty() {
        report(body_offset + close, "missing-word questions (text after the answers) are not supported");
        return None;
    }
    if answers.starts_with('#') && !answers.starts_with("####") {
        report(block_at, "numeric answers are not supported");
        return None;
    }
    let (answers, general) = match answers.find("####") {
        Some(i) if unescaped(answers, '#').contains(&i) => (&answers[..i], Some(&answers[i + 4..])),
        _ => (answers, None),
    };
    let head = answers.trim();
    if head.is_empty() {
        report(block_at, "essay questions (no answers) are not supported");
        return None;
    }
    if ["T", "F", "TRUE", "FALSE"].iter().any(|t| head == *t || head.starts_with(&format!("{t}#"))) {
        report(block_at, "true/false questions are not supported");
        return None;
    }
    let parts = split_answers(head);
    if parts.is_empty() {
        report(block_at, "no answers found in the answer block");
        return None;
    }
    if parts.iter().any(|(_, a)| a.contains("->")) {
        report(block_at, "matching questions are not supported");
        return None;
    }
    if parts.iter().all(|(c, _)| *c == '=') {
        report(block_at, "short-answer questions are not supported");
        return None;
    }
    let mut options = Vec::new();
    let mut weighted = false;
    for (lead, answer) in &parts {
        let mut answer = answer.trim();
        let mut weight: Option<i64> = None;
        if let Some(after) = answer.strip_prefix('%') {
            match after.find('%').and_then(|e| super::percent(&after[..e]).map(|w| (e, w))) {
                Some((e, w)) => {
                    weight = Some(w);
                    answer = &after[e + 1..];
                    weighted = true;
                }
                None => report(block_at, "an answer weight is not a number"),
            }
        }
        let hashes = unescaped(answer, '#');
        let (text, why) = match hashes.first() {
            Some(&h) => (&answer[..h], Some(&answer[h + 1..])),
            None => (answer, None),
        };
        let correct = *lead == '=' || weight.is_some_and(|w| w > 0);
        let why = why.map(|w| strip_tags(&gift_unescape(w.trim()))).filter(|w| !w.is_empty());
        options.push(ChoiceOption { text: strip_tags(&gift_unescape(text.trim())), correct, misconception: None, why });
    }
    let right = options.iter().filter(|o| o.correct).count();
    let interaction = if weighted || right > 1 { Interaction::Multiple } else { Interaction::Single };
    if right == 0 {
        report(block_at, "no answer is marked right");
        return None;
    }
    let html = gift_unescape(&body[..open]);
    let (prompt, code, lang) = if format == "html" { read_question_html(&html) } else { (strip_tags(&html), None, None) };
    let mut q = blank_question(id.unwrap_or_else(|| slug(if title.is_empty() { &prompt } else { &title })), interaction);
    q.title = if title.is_empty() { prompt.chars().take(60).collect() } else { title };
    q.prompt = prompt;
    q.code = code;
    q.code_lang = lang;
    q.options = options;
    if let Some(general) = general {
        let (explanation, solution) = read_feedback_html(&gift_unescape(general.trim()));
        q.explanation = explanation;
        q.solution = solution;
    }
    Some(q)
}
