//! Concept cards of the Learn mode: a few short explanations per topic, read before practising
//! the topic's pack. Written in TOML (`static/concepts/<pack-id>.toml`), checked by `lab check`,
//! shipped as JSON (`data/concepts/<pack-id>.json`).
//!
//! Architecture invariant: plain data and checks, no IO; checking never panics and lists every
//! problem.

use serde::{Deserialize, Serialize};

/// The cards of one topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Equals the pack id the topic introduces.
    pub id: String,
    pub title: String,
    pub summary: String,
    #[serde(rename = "card")]
    pub cards: Vec<Card>,
}

/// One concept card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub title: String,
    /// Paragraphs with `inline code` and fenced blocks, like question prompts.
    pub body: String,
    /// A small plain-text diagram, shown preformatted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagram: Option<String>,
    /// What the diagram shows, for screen readers; required with a diagram.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagram_alt: Option<String>,
    pub key_point: String,
}

impl Topic {
    /// Every problem of a topic read from `file`; `pack_ids` are the packs that exist.
    pub fn problems(&self, file: &str, pack_ids: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        let mut say = |field: String, message: &str| out.push(format!("{file}: field `{field}`: {message}"));
        let stem = file.rsplit(['/', '\\']).next().unwrap_or(file).trim_end_matches(".toml");
        if self.id != stem {
            say("id".into(), &format!("is `{}` but the file is named `{stem}`", self.id));
        }
        if !pack_ids.contains(&self.id.as_str()) {
            say("id".into(), &format!("names no pack (packs: {})", pack_ids.join(", ")));
        }
        for (name, value) in [("title", &self.title), ("summary", &self.summary)] {
            if value.trim().is_empty() {
                say(name.into(), "is empty");
            }
        }
        if !(3..=8).contains(&self.cards.len()) {
            say("card".into(), &format!("expected 3 to 8 cards, found {}", self.cards.len()));
        }
        for (i, card) in self.cards.iter().enumerate() {
            let at = |f: &str| format!("card[{}].{f}", i + 1);
            for (name, value) in [("title", &card.title), ("body", &card.body), ("key_point", &card.key_point)] {
                if value.trim().is_empty() {
                    say(at(name), "is empty");
                }
            }
            match (&card.diagram, &card.diagram_alt) {
                (Some(_), None) => say(at("diagram_alt"), "is missing; a diagram needs a description for screen readers"),
                (None, Some(_)) => say(at("diagram_alt"), "is set but the card has no diagram"),
                (Some(d), Some(_)) => {
                    if d.lines().any(|l| l.chars().count() > 64) {
                        say(at("diagram"), "has a line longer than 64 characters (it would not fit a phone)");
                    }
                }
                (None, None) => {}
            }
        }
        out
    }

    /// Reads a topic from its JSON form (as the build writes it).
    pub fn from_json(text: &str) -> Result<Topic, String> {
        serde_json::from_str(text).map_err(|e| format!("the topic file is damaged: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(diagram: Option<&str>, alt: Option<&str>) -> Card {
        Card {
            title: "T".into(),
            body: "B".into(),
            diagram: diagram.map(Into::into),
            diagram_alt: alt.map(Into::into),
            key_point: "K".into(),
        }
    }

    #[test]
    fn reports_every_problem() {
        let topic = Topic {
            id: "canary".into(),
            title: " ".into(),
            summary: "S".into(),
            cards: vec![card(Some("x"), None), card(None, Some("alt"))],
        };
        let problems = topic.problems("static/concepts/canry.toml", &["canary"]);
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].contains("the file is named `canry`"));
        let good = Topic { cards: vec![card(None, None), card(Some("a"), Some("b")), card(None, None)], title: "T".into(), ..topic };
        assert!(good.problems("static/concepts/canary.toml", &["canary"]).is_empty());
        let json = serde_json::to_string(&good).unwrap();
        assert_eq!(Topic::from_json(&json).unwrap(), good);
        assert!(Topic::from_json("{\"id\": 1}").is_err());
    }
}
