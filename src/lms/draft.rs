//! The TOML a pack import writes: the pack format's authoring form (docs/pack-format.md) with
//! the fields the imported file carried, and the fields no LMS format has (kind, difficulty,
//! misconceptions, quick check, mistakes, the Test and Challenge) left for the author, each
//! marked `TODO` so `lab check` points at every one.

use std::fmt::Write as _;

use crate::pack::{Interaction, Pack};

/// A TOML basic string.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "[]".to_owned();
    }
    let mut out = String::from("[\n");
    for item in items {
        let _ = writeln!(out, "  {},", string(item));
    }
    out.push(']');
    out
}

/// The pack as TOML.
pub fn to_toml(pack: &Pack) -> String {
    let mut out = String::new();
    let todo = |s: &str| if s.is_empty() { "TODO".to_owned() } else { s.to_owned() };
    let _ = writeln!(out, "# Imported by `lab import-pack`. Fill in every TODO, then run `lab check`.");
    let _ = writeln!(out, "id = {}", string(&pack.id));
    let _ = writeln!(out, "title = {}", string(&pack.title));
    let _ = writeln!(out, "summary = {}", string(&todo(&pack.summary)));
    let _ = writeln!(out, "tags = {}", list(&pack.tags));
    let _ = writeln!(out, "minutes = {}", pack.minutes);
    let _ = writeln!(out, "badge = {}", string(&todo(&pack.badge)));
    let ids: Vec<String> = pack.questions.iter().map(|q| q.id.clone()).collect();
    let test = if pack.test.is_empty() { &ids } else { &pack.test };
    let _ = writeln!(out, "test = {}", list(test));
    let challenge = if pack.challenge.is_empty() { &ids } else { &pack.challenge };
    let _ = writeln!(out, "challenge = {}", list(challenge));
    for q in &pack.questions {
        let _ = writeln!(out, "\n[[question]]");
        let _ = writeln!(out, "id = {}", string(&q.id));
        let _ = writeln!(out, "kind = {}", string(q.kind.name()));
        let _ = writeln!(out, "interaction = {}", string(q.interaction.name()));
        let _ = writeln!(out, "difficulty = {}", string(q.difficulty.name()));
        let _ = writeln!(out, "time_limit = {}", q.time_limit);
        let _ = writeln!(out, "title = {}", string(&q.title));
        let _ = writeln!(out, "prompt = {}", string(&q.prompt));
        if let Some(code) = &q.code {
            let _ = writeln!(out, "code = {}", string(code));
            let _ = writeln!(out, "code_lang = {}", string(q.code_lang.as_deref().unwrap_or("text")));
        }
        if q.interaction == Interaction::Ordering {
            let _ = writeln!(out, "steps = {}", list(&q.steps));
            let _ = writeln!(out, "order_misconception = \"TODO\"");
        }
        let _ = writeln!(out, "hint = {}", string(&todo(&q.hint)));
        let _ = writeln!(out, "solution = {}", list(&q.solution));
        let _ = writeln!(out, "explanation = {}", string(&todo(&q.explanation)));
        let _ = writeln!(out, "quick_check = {}", string(&todo(&q.quick_check)));
        let mistakes = if q.mistakes.is_empty() { vec!["TODO".to_owned()] } else { q.mistakes.clone() };
        let _ = writeln!(out, "mistakes = {}", list(&mistakes));
        for o in &q.options {
            let _ = writeln!(out, "\n[[question.option]]");
            let _ = writeln!(out, "text = {}", string(&o.text));
            if o.correct {
                let _ = writeln!(out, "correct = true");
            } else {
                let _ = writeln!(out, "misconception = {}", string(o.misconception.as_deref().unwrap_or("TODO")));
            }
            if let Some(why) = &o.why {
                let _ = writeln!(out, "why = {}", string(why));
            }
        }
    }
    out
}
