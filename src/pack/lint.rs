//! The pack linter: rules a pack can break and still be a valid pack, because they are about how
//! well its questions teach and test, not about the format.
//!
//! The reader ([`super::read`]) decides whether a pack can be shipped at all; the linter looks at
//! packs that read cleanly, all of them at once (near-duplicates are found across packs), and lists
//! what gives answers away or lets a test-wise learner pass without knowing the material. `lab
//! check` prints every [`Finding`] and fails while any remains. A question opts out of a rule with
//! `waive = { rule-name = "reason" }`; the linter reports waivers that name no rule and waivers that
//! waive nothing, so they do not pile up. The rules are defined exactly in docs/pack-format.md
//! ("Lint"); the functions here are their only implementation.
//!
//! Plain Rust, no I/O; never panics on any pack.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::model::{Interaction, Pack, Question};
use super::problem::Problem;
use crate::suggest;

/// A lint rule. Each has a stable kebab-case name: the one findings show in brackets and waivers use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A wrong option of a choice question has no `why`.
    MissingWhy,
    /// A Test or Challenge slot draws fewer than 3 questions.
    PoolSize,
    /// Too many single-choice questions of a pack have a right option that is clearly the longest.
    LongestOption,
    /// A text refers to an option by its letter, which shuffling changes.
    OptionLetter,
    /// The hint contains words that only the right option has.
    HintGivesAway,
    /// Two questions ask nearly the same thing.
    NearDuplicate,
    /// Every select-all question of a pack has the same number of right options.
    SelectAllCount,
    /// An option reads "all of the above" or the like, which shuffling breaks.
    AllOrNone,
    /// A waiver names no rule (not waivable).
    UnknownRule,
    /// A waiver waives nothing: the rule would not fire on that question (not waivable).
    UnusedWaiver,
}

impl Rule {
    /// Every rule, in the order findings of one question are listed.
    pub const ALL: &'static [Rule] = &[
        Rule::MissingWhy,
        Rule::PoolSize,
        Rule::LongestOption,
        Rule::OptionLetter,
        Rule::HintGivesAway,
        Rule::NearDuplicate,
        Rule::SelectAllCount,
        Rule::AllOrNone,
        Rule::UnknownRule,
        Rule::UnusedWaiver,
    ];

    /// The rules a question may waive: all but the two about waivers themselves.
    pub const WAIVABLE: &'static [Rule] = &[
        Rule::MissingWhy,
        Rule::PoolSize,
        Rule::LongestOption,
        Rule::OptionLetter,
        Rule::HintGivesAway,
        Rule::NearDuplicate,
        Rule::SelectAllCount,
        Rule::AllOrNone,
    ];

    /// The name findings and waivers use.
    pub fn name(self) -> &'static str {
        match self {
            Rule::MissingWhy => "missing-why",
            Rule::PoolSize => "pool-size",
            Rule::LongestOption => "longest-option",
            Rule::OptionLetter => "option-letter",
            Rule::HintGivesAway => "hint-gives-away",
            Rule::NearDuplicate => "near-duplicate",
            Rule::SelectAllCount => "select-all-count",
            Rule::AllOrNone => "all-or-none",
            Rule::UnknownRule => "unknown-rule",
            Rule::UnusedWaiver => "unused-waiver",
        }
    }

    /// The waivable rule of that name.
    pub fn waivable(name: &str) -> Option<Rule> {
        Rule::WAIVABLE.iter().copied().find(|r| r.name() == name)
    }
}

/// One thing the linter found: where (pack, question, field), which rule, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The pack's id.
    pub pack: String,
    /// The question concerned; `None` for a finding about the pack as a whole.
    pub question: Option<String>,
    /// The field concerned, named as the reader names fields (`option[2].why`, `hint`, `test`).
    pub field: String,
    pub rule: Rule,
    /// One line: what is wrong and what the rule asks for.
    pub message: String,
}

impl Finding {
    /// The finding as a [`Problem`] of `file` (the pack's file as the author knows it), so it prints
    /// like the reader's problems, with the rule in brackets before the message.
    pub fn problem(&self, file: &str) -> Problem {
        Problem {
            file: file.to_owned(),
            line: None,
            question: self.question.clone(),
            field: self.field.clone(),
            message: format!("[{}] {}", self.rule.name(), self.message),
        }
    }
}

impl fmt::Display for Finding {
    /// Printed with the pack's id where a file name would be.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.problem(&self.pack).fmt(f)
    }
}

/// A right option is "clearly the longest" when its length exceeds the longest wrong option's by
/// more than this factor, written as a fraction (11/10 = 1.1) to keep the arithmetic exact.
const CLEARLY_LONGER: (usize, usize) = (11, 10);
/// The largest share of a pack's single-choice questions that may have a clearly longest right
/// option (3/10 = 30%); chance with four options is 25%.
const LONGEST_SHARE_LIMIT: (usize, usize) = (3, 10);
/// Near-duplicates: Jaccard similarity of title+prompt word sets at or above 5/10 (see
/// docs/pack-format.md for why 0.5).
const NEAR_DUPLICATE: (usize, usize) = (5, 10);
/// The fewest questions a slot must be able to draw.
const MIN_POOL: usize = 3;
/// Distinctive words of the right option(s) a hint may contain before it gives the answer away.
const HINT_WORD_LIMIT: usize = 2;

/// Common words that say nothing about a question's subject; left out of the word sets of the
/// near-duplicate and hint rules.
const STOP_WORDS: &[&str] = &[
    "about", "after", "all", "also", "and", "any", "are", "because", "been", "before", "being", "both", "but", "can",
    "could", "does", "doing", "each", "for", "from", "has", "have", "how", "into", "its", "just", "more", "most", "not",
    "now", "one", "only", "other", "out", "over", "same", "should", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "two", "was", "were", "what", "when", "where",
    "which", "while", "who", "why", "will", "with", "would", "you", "your",
];

/// Lints `packs` (all of them: near-duplicates are looked for across packs) and returns every
/// finding that stands after the questions' waivers, plus the findings about waivers themselves.
/// Ordered by pack, then question (pack-level findings first), then rule.
pub fn lint(packs: &[&Pack]) -> Vec<Finding> {
    let mut raw: Vec<Raw> = Vec::new();
    let mut used: BTreeSet<(usize, usize, Rule)> = BTreeSet::new();
    for (p, pack) in packs.iter().enumerate() {
        pool_size(p, pack, &mut raw);
        for (q, question) in pack.questions.iter().enumerate() {
            per_question(p, q, &pack.id, question, &mut raw);
        }
        longest_option(p, pack, &mut raw, &mut used);
        select_all_count(p, pack, &mut raw, &mut used);
    }
    near_duplicates(packs, &mut raw);

    let waives = |p: usize, q: usize, rule: Rule| packs[p].questions[q].waive.contains_key(rule.name());
    let mut out: Vec<(usize, Option<usize>, Finding)> = Vec::new();
    for r in raw {
        let waivers: Vec<(usize, usize)> = r.exempt.iter().copied().filter(|&(p, q)| waives(p, q, r.finding.rule)).collect();
        for &(p, q) in &waivers {
            used.insert((p, q, r.finding.rule));
        }
        if waivers.is_empty() {
            out.push((r.pack, r.question, r.finding));
        }
    }
    for (p, pack) in packs.iter().enumerate() {
        for (q, question) in pack.questions.iter().enumerate() {
            for name in question.waive.keys() {
                let field = format!("waive.{name}");
                let at = |rule: Rule, message: String| Finding {
                    pack: pack.id.clone(),
                    question: Some(question.id.clone()),
                    field: field.clone(),
                    rule,
                    message,
                };
                match Rule::waivable(name) {
                    None if Rule::ALL.iter().any(|r| r.name() == name) => out.push((
                        p,
                        Some(q),
                        at(Rule::UnknownRule, format!("`{name}` is about waivers themselves and cannot be waived")),
                    )),
                    None => {
                        let names = Rule::WAIVABLE.iter().map(|r| r.name());
                        let hint = match suggest::closest(name, names) {
                            Some(n) => format!("did you mean `{n}`?"),
                            None => format!("the rules are {}", Rule::WAIVABLE.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ")),
                        };
                        out.push((p, Some(q), at(Rule::UnknownRule, format!("`{name}` is not a lint rule; {hint}"))));
                    }
                    Some(rule) if !used.contains(&(p, q, rule)) => out.push((
                        p,
                        Some(q),
                        at(Rule::UnusedWaiver, format!("waives `{name}`, which finds nothing on this question; remove the waiver")),
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    out.sort_by_key(|(p, q, f)| (*p, *q, f.rule));
    out.into_iter().map(|(_, _, f)| f).collect()
}

/// A finding before waivers: where it sorts, and which questions may waive it (any one suffices).
struct Raw {
    pack: usize,
    question: Option<usize>,
    finding: Finding,
    /// The questions (pack index, question index) whose waiver of the rule exempts the finding.
    exempt: Vec<(usize, usize)>,
}

impl Raw {
    /// A finding on one question, exempted by that question's waiver.
    fn on_question(p: usize, q: usize, pack: &str, question: &Question, field: String, rule: Rule, message: String) -> Raw {
        Raw {
            pack: p,
            question: Some(q),
            finding: Finding { pack: pack.to_owned(), question: Some(question.id.clone()), field, rule, message },
            exempt: vec![(p, q)],
        }
    }
}

/// [pool-size]: every Test and Challenge slot draws at least [`MIN_POOL`] questions; a slot naming a
/// single question is a finding too. Exempt when any question the slot draws waives the rule.
fn pool_size(p: usize, pack: &Pack, raw: &mut Vec<Raw>) {
    for (field, slots) in [("test", &pack.test), ("challenge", &pack.challenge)] {
        for slot in slots {
            let members = pack.slot_questions(slot);
            if members.is_empty() {
                continue; // names nothing: the reader refuses such a pack
            }
            let is_pool = pack.questions.iter().any(|q| q.pool.as_deref() == Some(slot.as_str()));
            let message = if !is_pool {
                format!(
                    "the slot `{slot}` names a single question, so every run shows it; make it a pool of at least {MIN_POOL} interchangeable questions"
                )
            } else if members.len() < MIN_POOL {
                format!(
                    "the slot `{slot}` draws from a pool of {} question(s); a pool needs at least {MIN_POOL} so retakes differ",
                    members.len()
                )
            } else {
                continue;
            };
            let exempt: Vec<(usize, usize)> = members
                .iter()
                .filter_map(|m| pack.questions.iter().position(|q| std::ptr::eq(q, *m)))
                .map(|q| (p, q))
                .collect();
            raw.push(Raw {
                pack: p,
                question: None,
                finding: Finding { pack: pack.id.clone(), question: None, field: field.to_owned(), rule: Rule::PoolSize, message },
                exempt,
            });
        }
    }
}

/// The rules judged on one question alone: [missing-why], [option-letter], [hint-gives-away],
/// [all-or-none].
fn per_question(p: usize, q: usize, pack_id: &str, question: &Question, raw: &mut Vec<Raw>) {
    let mut push = |field: String, rule: Rule, message: String| raw.push(Raw::on_question(p, q, pack_id, question, field, rule, message));
    let choice = matches!(question.interaction, Interaction::Single | Interaction::Multiple);
    if choice {
        for (i, o) in question.options.iter().enumerate() {
            if !o.correct && o.why.as_deref().is_none_or(|w| w.trim().is_empty()) {
                push(
                    format!("option[{}].why", i + 1),
                    Rule::MissingWhy,
                    "every wrong option says in one sentence why it is wrong".to_owned(),
                );
            }
        }
    }
    for (field, text) in texts(question) {
        if let Some(found) = letter_reference(&text) {
            push(
                field,
                Rule::OptionLetter,
                format!("refers to an option by letter (\"{found}\"); options are shuffled and relabelled, so name the option by what it says"),
            );
        }
    }
    if choice {
        let words = hint_give_away_words(question);
        if words.len() >= HINT_WORD_LIMIT {
            push(
                "hint".to_owned(),
                Rule::HintGivesAway,
                format!(
                    "the hint contains {} words found only in the right option ({}); a hint nudges without naming the answer",
                    words.len(),
                    words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
                ),
            );
        }
        for (i, o) in question.options.iter().enumerate() {
            if let Some(phrase) = all_or_none(&o.text) {
                push(
                    format!("option[{}].text", i + 1),
                    Rule::AllOrNone,
                    format!("\"{phrase}\" makes no sense once options are shuffled; write the option out"),
                );
            }
        }
    }
}

/// Every learner-facing text of a question that could name an option, with its field name. The
/// `code` is left out: it is code, not prose.
fn texts(q: &Question) -> Vec<(String, String)> {
    let mut out = vec![("title".to_owned(), q.title.clone()), ("prompt".to_owned(), q.prompt.clone())];
    for (i, o) in q.options.iter().enumerate() {
        out.push((format!("option[{}].text", i + 1), o.text.clone()));
        if let Some(why) = &o.why {
            out.push((format!("option[{}].why", i + 1), why.clone()));
        }
    }
    for (i, s) in q.steps.iter().enumerate() {
        out.push((format!("steps[{}]", i + 1), s.clone()));
    }
    out.push(("hint".to_owned(), q.hint.clone()));
    for (i, s) in q.solution.iter().enumerate() {
        out.push((format!("solution[{}]", i + 1), s.clone()));
    }
    out.push(("explanation".to_owned(), q.explanation.clone()));
    out.push(("quick_check".to_owned(), q.quick_check.clone()));
    for (i, s) in q.mistakes.iter().enumerate() {
        out.push((format!("mistakes[{}]", i + 1), s.clone()));
    }
    out
}

/// Option text as the learner sees it: inline-code backticks dropped, white space collapsed.
fn shown(text: &str) -> String {
    text.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The length the longest-option rule compares: characters of the text as shown.
pub fn option_length(text: &str) -> usize {
    shown(text).chars().count()
}

/// Whether a single-choice question's right option is clearly the longest: longer than
/// [`CLEARLY_LONGER`] × the longest wrong option. False for other questions.
pub fn right_is_clearly_longest(q: &Question) -> bool {
    if q.interaction != Interaction::Single {
        return false;
    }
    let right = q.options.iter().filter(|o| o.correct).map(|o| option_length(&o.text)).max();
    let wrong = q.options.iter().filter(|o| !o.correct).map(|o| option_length(&o.text)).max();
    match (right, wrong) {
        (Some(r), Some(w)) => r * CLEARLY_LONGER.1 > w * CLEARLY_LONGER.0,
        _ => false,
    }
}

fn over_share(part: usize, whole: usize, limit: (usize, usize)) -> bool {
    part * limit.1 > whole * limit.0
}

fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

/// [longest-option]: at most 30% of a pack's single-choice questions may have a clearly longest
/// right option; a question that waives the rule counts as not offending. Its waiver is in use when
/// the question offends and the pack would break the rule without any waivers.
fn longest_option(p: usize, pack: &Pack, raw: &mut Vec<Raw>, used: &mut BTreeSet<(usize, usize, Rule)>) {
    let singles = pack.questions.iter().filter(|q| q.interaction == Interaction::Single).count();
    let offending: Vec<usize> = (0..pack.questions.len()).filter(|&i| right_is_clearly_longest(&pack.questions[i])).collect();
    if !over_share(offending.len(), singles, LONGEST_SHARE_LIMIT) {
        return;
    }
    let waived = |i: &usize| pack.questions[*i].waive.contains_key(Rule::LongestOption.name());
    for &i in offending.iter().filter(|i| waived(i)) {
        used.insert((p, i, Rule::LongestOption));
    }
    let standing: Vec<usize> = offending.iter().copied().filter(|i| !waived(i)).collect();
    if over_share(standing.len(), singles, LONGEST_SHARE_LIMIT) {
        let ids: Vec<&str> = standing.iter().map(|&i| pack.questions[i].id.as_str()).collect();
        raw.push(Raw {
            pack: p,
            question: None,
            finding: Finding {
                pack: pack.id.clone(),
                question: None,
                field: "question".to_owned(),
                rule: Rule::LongestOption,
                message: format!(
                    "the right option is clearly the longest (over 1.1 × the longest wrong one) in {} of {singles} single-choice questions ({}%), at most 30% may be: {}",
                    standing.len(),
                    percent(standing.len(), singles),
                    ids.join(", ")
                ),
            },
            exempt: Vec::new(),
        });
    }
}

/// [select-all-count]: in a pack with at least two select-all questions, their counts of right
/// options must not all be equal. Questions that waive the rule are left out of the comparison;
/// their waivers are in use when the rule would fire without any waivers.
fn select_all_count(p: usize, pack: &Pack, raw: &mut Vec<Raw>, used: &mut BTreeSet<(usize, usize, Rule)>) {
    let all_same = |members: &[usize]| {
        members.len() >= 2 && {
            let counts: BTreeSet<usize> = members.iter().map(|&i| pack.questions[i].correct_options().len()).collect();
            counts.len() == 1
        }
    };
    let multiple: Vec<usize> = (0..pack.questions.len()).filter(|&i| pack.questions[i].interaction == Interaction::Multiple).collect();
    if !all_same(&multiple) {
        return;
    }
    let waived = |i: &usize| pack.questions[*i].waive.contains_key(Rule::SelectAllCount.name());
    for &i in multiple.iter().filter(|i| waived(i)) {
        used.insert((p, i, Rule::SelectAllCount));
    }
    let standing: Vec<usize> = multiple.iter().copied().filter(|i| !waived(i)).collect();
    if all_same(&standing) {
        let count = pack.questions[standing[0]].correct_options().len();
        let ids: Vec<&str> = standing.iter().map(|&i| pack.questions[i].id.as_str()).collect();
        raw.push(Raw {
            pack: p,
            question: None,
            finding: Finding {
                pack: pack.id.clone(),
                question: None,
                field: "question".to_owned(),
                rule: Rule::SelectAllCount,
                message: format!(
                    "all {} select-all questions have {count} right options ({}); vary the count so it gives nothing away",
                    standing.len(),
                    ids.join(", ")
                ),
            },
            exempt: Vec::new(),
        });
    }
}

/// [near-duplicate]: across all packs, two questions whose title+prompt word sets have a Jaccard
/// similarity of at least [`NEAR_DUPLICATE`], unless both are in the same pool of the same pack.
/// Reported once per pair, on the later question; a waiver on either question exempts the pair.
fn near_duplicates(packs: &[&Pack], raw: &mut Vec<Raw>) {
    let all: Vec<(usize, usize, BTreeSet<String>)> = packs
        .iter()
        .enumerate()
        .flat_map(|(p, pack)| pack.questions.iter().enumerate().map(move |(q, question)| (p, q, subject_words(question))))
        .collect();
    for (j, (pj, qj, later)) in all.iter().enumerate() {
        for (pi, qi, earlier) in &all[..j] {
            let (a, b) = (&packs[*pi].questions[*qi], &packs[*pj].questions[*qj]);
            if pi == pj && a.pool.is_some() && a.pool == b.pool {
                continue;
            }
            let Some((shared, union)) = jaccard(earlier, later) else { continue };
            if shared * NEAR_DUPLICATE.1 < union * NEAR_DUPLICATE.0 {
                continue;
            }
            let other = if pi == pj { format!("`{}`", a.id) } else { format!("`{}` of pack `{}`", a.id, packs[*pi].id) };
            let advice = if pi == pj {
                "put both in one pool, or make them ask different things"
            } else {
                "keep one, or make them ask different things"
            };
            raw.push(Raw {
                pack: *pj,
                question: Some(*qj),
                finding: Finding {
                    pack: packs[*pj].id.clone(),
                    question: Some(b.id.clone()),
                    field: "prompt".to_owned(),
                    rule: Rule::NearDuplicate,
                    message: format!(
                        "title and prompt share {}% of their words with {other} (near-duplicates from 50%); {advice}",
                        percent(shared, union)
                    ),
                },
                exempt: vec![(*pi, *qi), (*pj, *qj)],
            });
        }
    }
}

/// Shared and total distinct words, or `None` when both sets are empty.
fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Option<(usize, usize)> {
    let shared = a.intersection(b).count();
    let union = a.len() + b.len() - shared;
    (union > 0).then_some((shared, union))
}

/// Lowercased alphanumeric runs of at least `min` characters, minus [`STOP_WORDS`].
pub fn words(text: &str, min: usize) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= min)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// The words the near-duplicate rule compares: title and prompt, words of 3 or more characters.
pub fn subject_words(q: &Question) -> BTreeSet<String> {
    words(&format!("{} {}", q.title, q.prompt), 3)
}

/// The right option's distinctive words that the hint contains: words of 4 or more characters that
/// appear in a right option but in no wrong option, nor in the title, prompt or code.
pub fn hint_give_away_words(q: &Question) -> Vec<String> {
    let right: BTreeSet<String> = q.options.iter().filter(|o| o.correct).flat_map(|o| words(&o.text, 4)).collect();
    let mut known: BTreeSet<String> = q.options.iter().filter(|o| !o.correct).flat_map(|o| words(&o.text, 4)).collect();
    known.extend(words(&q.title, 4));
    known.extend(words(&q.prompt, 4));
    known.extend(words(q.code.as_deref().unwrap_or_default(), 4));
    let hint = words(&q.hint, 4);
    right.difference(&known).filter(|w| hint.contains(*w)).cloned().collect()
}

/// [all-or-none]: the phrase when an option reads "all of the above", "none of the above", "both of
/// the above" and the like: one of all, none, both, neither, either, any, each, then optionally
/// "of", then "the above" (case-insensitive, punctuation ignored).
pub fn all_or_none(text: &str) -> Option<String> {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    const LEADS: &[&str] = &["all", "none", "both", "neither", "either", "any", "each"];
    for (i, w) in words.iter().enumerate() {
        if !LEADS.contains(&w.as_str()) {
            continue;
        }
        let rest: Vec<&str> = words[i + 1..].iter().take(3).map(String::as_str).collect();
        let phrase = match rest.as_slice() {
            ["of", "the", "above", ..] => format!("{w} of the above"),
            ["the", "above", ..] => format!("{w} the above"),
            _ => continue,
        };
        return Some(phrase);
    }
    None
}

/// Option letters as the app shows them (up to six options).
const LETTERS: &[char] = &['A', 'B', 'C', 'D', 'E', 'F'];
/// Words that, right before a capital letter, make it an option letter: "option B", "answer C",
/// "choose D" (an "is" may come between: "the answer is C").
const LETTER_LEADS: &[&str] =
    &["option", "options", "answer", "answers", "choice", "choices", "choose", "chose", "chosen", "pick", "picked", "select", "selected"];
/// Words that, after "X is" or "X and Y are", make X an option letter: "C is right".
const VERDICTS: &[&str] = &["right", "correct", "wrong", "incorrect", "true", "false", "answer", "best"];
/// Words that may stand right before the letter of "X is right" ("So C is right", "that is why B is
/// wrong"); after any other word the letter is taken as part of a name ("Plan B is wrong", "release C
/// is wrong").
const SENTENCE_LEADS: &[&str] = &[
    "so", "then", "and", "but", "because", "hence", "thus", "therefore", "only", "here", "why", "yes", "no", "that", "since", "if",
    "whereas", "while", "although",
];

/// [option-letter]: the first place where `text` refers to an option by its letter, or `None`.
///
/// Inline code and fenced code are ignored (`kubectl get pods -A` is not a reference). Only capital
/// letters A to F count, and only as a word of their own (so "B-tree", "A/B test" and "B2" never
/// do). A letter is a reference when it
/// - starts the text or a line followed by `:`, `.` or `)` ("A: Roll back", "B) Wait");
/// - stands in parentheses: "(C)";
/// - follows one of "option(s)", "answer(s)", "choice(s)", "choose", "chose", "chosen", "pick",
///   "picked", "select", "selected", possibly with "is" between: "option B", "the answer is C";
/// - starts a list of letters joined by "and", "or" or commas, followed by "is"/"are"/"was"/"were",
///   an optional "the", "also" or "not", and one of right, correct, wrong, incorrect, true, false,
///   answer, best: "C is right", "B and D are wrong"; and the letter opens a sentence (the text, a
///   line, or after `.`, `!`, `?`, `:`, `;`) or follows a connective ([`SENTENCE_LEADS`]: "so",
///   "that", "why" …). "Plan B is wrong" and "release C is wrong" are about a plan and a release.
pub fn letter_reference(text: &str) -> Option<String> {
    let prose = without_code(text);
    let mut tokens: Vec<(&str, bool)> = Vec::new();
    for line in prose.lines() {
        for (i, t) in line.split_whitespace().enumerate() {
            tokens.push((t, i == 0));
        }
    }
    let letter = |t: &str| -> Option<char> {
        let core = t.trim_start_matches('(').trim_end_matches([',', '.', ';', ':', '!', '?', ')']);
        let mut chars = core.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if LETTERS.contains(&c) => Some(c),
            _ => None,
        }
    };
    let word = |t: &str| t.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let quote = |s: String| s.trim_end_matches([',', '.', ';', ':', '!', '?']).to_owned();
    for (i, &(t, line_start)) in tokens.iter().enumerate() {
        let Some(_) = letter(t) else { continue };
        let mut chars = t.chars();
        let first = chars.next();
        let rest: String = chars.collect();
        // "A:" "B." "C)" opening the text or a line.
        if line_start && matches!(rest.as_str(), ":" | "." | ")") {
            return Some(t.to_owned());
        }
        // "(C)".
        if first == Some('(') && t.trim_end_matches([',', '.', ';', ':', '!', '?']).ends_with(')') {
            return Some(quote(t.to_owned()));
        }
        // "option B", "the answer is C".
        let before = |n: usize| i.checked_sub(n).map(|k| tokens[k].0);
        if let Some(prev) = before(1) {
            let lead = |w: &str| LETTER_LEADS.contains(&word(w).as_str()) && !w.ends_with(['.', ',', ';', ':']);
            if lead(prev) {
                return Some(quote(format!("{prev} {t}")));
            }
            if word(prev) == "is" && before(2).is_some_and(lead) {
                return Some(quote(format!("{} {prev} {t}", before(2).unwrap_or_default())));
            }
        }
        // "C is right", "B and D are wrong".
        if let Some(prev) = before(1) {
            if letter(prev).is_some() || matches!(word(prev).as_str(), "and" | "or") && before(2).and_then(letter).is_some() {
                continue; // judged from the list's first letter
            }
            let opens_sentence = line_start || prev.ends_with(['.', '!', '?', ':', ';']);
            if !opens_sentence && !SENTENCE_LEADS.contains(&word(prev).as_str()) {
                continue;
            }
        }
        let mut j = i + 1;
        while j < tokens.len() && (letter(tokens[j].0).is_some() || matches!(tokens[j].0, "and" | "or" | "," | "&")) {
            j += 1;
        }
        let at = |k: usize| tokens.get(k).map(|(t, _)| word(t)).unwrap_or_default();
        if matches!(at(j).as_str(), "is" | "are" | "was" | "were") {
            let mut k = j + 1;
            if matches!(at(k).as_str(), "the" | "also" | "not") {
                k += 1;
            }
            if VERDICTS.contains(&at(k).as_str()) {
                let end = (k + 1).min(tokens.len());
                return Some(quote(tokens[i..end].iter().map(|(t, _)| *t).collect::<Vec<_>>().join(" ")));
            }
        }
    }
    None
}

/// `text` with inline code spans and fenced blocks blanked out (line breaks kept), so code is never
/// read as prose. A run of N backticks opens a span that the next run of N backticks closes.
fn without_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<usize> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '`' {
            let mut run = 1;
            while chars.peek() == Some(&'`') {
                chars.next();
                run += 1;
            }
            open = match open {
                None => Some(run),
                Some(n) if n == run => None,
                other => other,
            };
            out.push(' ');
        } else if open.is_some() && c != '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The give-away numbers of one pack that `lab check` prints.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackStats {
    /// Single-choice questions.
    pub singles: usize,
    /// Single-choice questions whose right option is clearly the longest.
    pub clearly_longest: usize,
    /// The number of right options of each select-all question, in pack order.
    pub select_all_rights: Vec<usize>,
    /// Pools, and the size of the smallest.
    pub pools: usize,
    pub smallest_pool: Option<usize>,
}

/// The give-away numbers of one pack.
pub fn pack_stats(pack: &Pack) -> PackStats {
    let mut pools: BTreeMap<&str, usize> = BTreeMap::new();
    for q in &pack.questions {
        if let Some(pool) = &q.pool {
            *pools.entry(pool).or_default() += 1;
        }
    }
    PackStats {
        singles: pack.questions.iter().filter(|q| q.interaction == Interaction::Single).count(),
        clearly_longest: pack.questions.iter().filter(|q| right_is_clearly_longest(q)).count(),
        select_all_rights: pack
            .questions
            .iter()
            .filter(|q| q.interaction == Interaction::Multiple)
            .map(|q| q.correct_options().len())
            .collect(),
        pools: pools.len(),
        smallest_pool: pools.values().copied().min(),
    }
}

/// The bank-wide give-away numbers over the single-choice questions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GiveAways {
    pub singles: usize,
    /// Questions whose right option is clearly the longest.
    pub clearly_longest: usize,
    /// What "always pick the longest option" scores, in questions: 1 when the right option is the
    /// only longest, 1/k when it ties with k−1 others, 0 otherwise.
    pub longest_strategy: f64,
}

/// The bank-wide give-away numbers.
pub fn give_aways(packs: &[&Pack]) -> GiveAways {
    let mut out = GiveAways::default();
    for q in packs.iter().flat_map(|p| &p.questions).filter(|q| q.interaction == Interaction::Single) {
        out.singles += 1;
        out.clearly_longest += usize::from(right_is_clearly_longest(q));
        let lengths: Vec<usize> = q.options.iter().map(|o| option_length(&o.text)).collect();
        let longest = lengths.iter().copied().max().unwrap_or(0);
        let tied = q.options.iter().zip(&lengths).filter(|(_, l)| **l == longest).collect::<Vec<_>>();
        let right = tied.iter().filter(|(o, _)| o.correct).count();
        if !tied.is_empty() {
            out.longest_strategy += right as f64 / tied.len() as f64;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_references_are_found() {
        for (text, found) in [
            ("A: Restore the snapshot", "A:"),
            ("B) Wait for the alarm", "B)"),
            ("C. Roll back now", "C."),
            ("First line\nD: second line", "D:"),
            ("Option B is tempting but wrong.", "Option B"),
            ("That is why options A and C fail.", "options A"),
            ("The answer is C.", "answer is C"),
            ("Pick E, since it waits.", "Pick E"),
            ("Only (C) restores the data.", "(C)"),
            ("C is right because the clock is UTC.", "C is right"),
            ("So B and D are wrong here.", "B and D are wrong"),
            ("Here A is the best choice.", "A is the best"),
            ("Why F is incorrect: it deletes data.", "F is incorrect"),
            ("You should choose D.", "choose D"),
            ("That is why C is wrong.", "C is wrong"),
            ("Measure first; E is correct only then.", "E is correct"),
        ] {
            assert_eq!(letter_reference(text).as_deref(), Some(found), "{text}");
        }
    }

    #[test]
    fn prose_and_code_that_only_look_like_letters_are_not() {
        for text in [
            "Indexes use a B-tree.",
            "Keep a Plan B ready.",
            "Plan B is wrong for stateful services.",
            "Going back to release C is wrong once the column is gone.",
            "Run an A/B test first.",
            "List pods with `kubectl get pods -A` in every namespace.",
            "```\nA: not prose\n```",
            "A rollback is right here.",
            "Choose a revision and roll back.",
            "The answer depends on the history limit.",
            "Vitamin C is good for you.",
            "Type E is a class name: this C is a language.",
            "Use option `-A` to list every namespace.",
            "Use the A record of the zone.",
            "The phases A2 and B2 run first.",
            // Shapes found in the shipped bank: sub-question labels, measurement phases, release names.
            "(a) about 20 minutes; (b) about 6 minutes, at 50%",
            "A rollback must answer a real regression.",
            "S F S F S",
            "E E E E E: the fifth consecutive error ends it in Error.",
            "S F S F: the second failure exceeds failureLimit 1.",
            "Release B: read `amount_cents`, and still write both columns",
            "Stop writing `amount` once nobody will roll back to Release A.",
            "Contract: drop `amount` after Release C's rollback window has passed",
        ] {
            assert_eq!(letter_reference(text), None, "{text}");
        }
    }

    #[test]
    fn findings_print_like_reader_problems_with_the_rule() {
        let f = Finding {
            pack: "canary".into(),
            question: Some("cn-x".into()),
            field: "option[2].why".into(),
            rule: Rule::MissingWhy,
            message: "every wrong option says in one sentence why it is wrong".into(),
        };
        assert_eq!(
            f.problem("static/packs/canary.toml").to_string(),
            "static/packs/canary.toml: question `cn-x`, field `option[2].why`: [missing-why] every wrong option says in one sentence why it is wrong"
        );
        assert!(f.to_string().starts_with("canary: question `cn-x`"));
        for rule in Rule::ALL {
            assert_eq!(Rule::waivable(rule.name()).is_some(), Rule::WAIVABLE.contains(rule));
        }
    }

    #[test]
    fn all_or_none_phrases() {
        assert_eq!(all_or_none("All of the above").as_deref(), Some("all of the above"));
        assert_eq!(all_or_none("None of the above.").as_deref(), Some("none of the above"));
        assert_eq!(all_or_none("Both the above, in order").as_deref(), Some("both the above"));
        assert_eq!(all_or_none("Apply all the manifests above"), None);
        assert_eq!(all_or_none("None of these pods restart"), None);
    }

    #[test]
    fn words_drop_stop_words_and_short_runs() {
        let w = words("What does `kubectl rollout undo` do to the Deployment's pods?", 4);
        assert_eq!(w.into_iter().collect::<Vec<_>>(), ["deployment", "kubectl", "pods", "rollout", "undo"]);
    }
}
