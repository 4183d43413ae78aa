//! Taking a question run in the browser the way a learner would: find the open question in the
//! pack (as the site serves it) by the title on screen, then click the right (or a wrong) options,
//! or order the steps with the "move up" buttons, and submit. Shared by the quiz, accessibility and
//! SCORM end-to-end tests.

use serde_json::Value;
use thirtyfour::prelude::*;

use super::{Site, repo};

/// The pack as the site serves it.
pub fn pack(id: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(format!("dist/data/packs/{id}.json"))).expect("built pack");
    serde_json::from_str(&text).expect("pack JSON")
}

/// Text as the page shows it: inline-code backticks are rendered, not shown.
pub fn shown(text: &str) -> String {
    text.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn question_by_title<'a>(pack: &'a Value, title: &str) -> &'a Value {
    pack["question"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| shown(q["title"].as_str().unwrap()) == shown(title))
        .unwrap_or_else(|| panic!("no question titled {title:?}"))
}

pub async fn texts(site: &Site, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in site.driver.find_all(By::Css(css)).await.unwrap() {
        out.push(shown(&el.text().await.unwrap()));
    }
    out
}

/// Answers the open question right (or wrong) and submits.
pub async fn answer(site: &Site, pack: &Value, right: bool) {
    let title = site.wait_css("#question-title").await.text().await.unwrap();
    let q = question_by_title(pack, &title);
    if q["interaction"] == "ordering" {
        let wanted: Vec<String> = q["steps"].as_array().unwrap().iter().map(|s| shown(s.as_str().unwrap())).collect();
        // Selection sort with the "move up" buttons, as a keyboard user would.
        for target in 0..wanted.len() {
            let now = texts(site, ".steps .step .step-text").await;
            let from = now.iter().position(|t| *t == wanted[target]).expect("step on screen");
            for pos in (target + 1..=from).rev() {
                site.click(&format!("button[aria-label='Move step {} up']", pos + 1)).await;
            }
        }
        if !right {
            site.click("button[aria-label='Move step 1 down']").await;
        }
    } else {
        let options = q["option"].as_array().unwrap();
        let on_screen = texts(site, ".options .option .option-text").await;
        let buttons = site.driver.find_all(By::Css(".options .option")).await.unwrap();
        let mut chose_wrong = false;
        for (i, text) in on_screen.iter().enumerate() {
            let o = options.iter().find(|o| shown(o["text"].as_str().unwrap()) == *text).expect("option on screen");
            let correct = o["correct"].as_bool().unwrap_or(false);
            let pick = if right { correct } else { !correct && !chose_wrong };
            if pick {
                chose_wrong |= !correct;
                buttons[i].click().await.unwrap();
            }
        }
    }
    site.click(".controls .submit").await;
}
