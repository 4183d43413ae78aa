//! The results dashboard: many result codes pasted at once (or several files' contents), each
//! problem reported on its own while the rest still load; a leaderboard; item analysis; CSV.
//!
//! Nothing here sees the learners' packs: the spec says which questions there were, and each code
//! says what its learner did with them, in the spec's order. Option texts and labels for the charts
//! come from the instructor's own packs in the UI.
//!
//! # The numbers
//! - **Score**: the sum of a learner's points (thousandths, see [`crate::quiz::score`]). Time is
//!   never part of it; it only breaks ties on the leaderboard (less total time ranks higher).
//!   Equal score and equal time share a rank ("1, 2, 2, 4").
//! - **Percent correct**: learners whose answer ended `Correct`, over all learners loaded.
//! - **Discrimination index** `D = p_upper − p_lower`: learners are put in leaderboard order (score,
//!   then time, then name, so ties at a group boundary fall the same way every time); the upper
//!   group is the first `g` and the lower group the last `g`, with `g = round(0.27 · n)` and at
//!   least 1; `p` is the share of the group that answered the question right. It runs from −1 to
//!   1: near 1 the question separates strong from weak learners, near 0 it does not, below 0 the
//!   weak ones do better on it (often a flawed key). Undefined (`None`) under 2 learners. 27% is
//!   Kelley's classic choice: large enough groups, yet far enough apart.
//! - **Average time**: the mean seconds over learners who settled the question (right, wrong,
//!   time up or skipped); questions never reached or still open are left out.
//! - **Option counts**: how many learners chose each option on their *first* try, the unaided
//!   answer; later tries follow feedback and would count the same learner twice. Learners with no
//!   try are counted apart (`no_answer`).

use std::collections::BTreeMap;
use std::fmt;

use super::envelope::DecodeError;
use super::result_code::ResultCode;
use super::spec::{SessionId, SessionSpec, SpecQuestion};
use crate::fixed::fixed;
use crate::quiz::Status;
use crate::quiz::score::{FULL, format_points, percent};

/// What is wrong with one pasted code. The code is left out; the others still load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// It cannot be read, and why.
    Corrupted(DecodeError),
    /// A valid code of another session (or of an edited version of this one).
    OtherSession {
        /// The session it belongs to.
        found: SessionId,
    },
    /// The very same result as one loaded before, under the same name: pasted twice.
    Duplicate {
        /// The name.
        name: String,
        /// The position of the code kept, when it came in this same load (`None`: an earlier load).
        first: Option<usize>,
    },
    /// A second, different result under a name already loaded: the first one is kept.
    SameName {
        /// The name.
        name: String,
        /// The position of the code kept, when it came in this same load (`None`: an earlier load).
        first: Option<usize>,
    },
    /// A code of this session whose answers do not match its questions (only a forged or buggy
    /// code gets here).
    WrongShape {
        /// Answers in the code.
        answers: usize,
        /// Questions in the session.
        questions: usize,
    },
}

/// One code that was not loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeProblem {
    /// Its position among the codes of this load (one paste or one file), from 1.
    pub position: usize,
    /// Its first characters, to find it in what was pasted.
    pub excerpt: String,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl fmt::Display for CodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "code {} ({}): ", self.position, self.excerpt)?;
        match &self.kind {
            ProblemKind::Corrupted(e) => write!(f, "{e}"),
            ProblemKind::OtherSession { found } => {
                write!(f, "this code belongs to another session (id {found}), or to an earlier version of this one")
            }
            ProblemKind::Duplicate { name, first: Some(first) } => {
                write!(f, "a copy of code {first} ({name}); counted once")
            }
            ProblemKind::Duplicate { name, first: None } => {
                write!(f, "a copy of the result already loaded for {name}; counted once")
            }
            ProblemKind::SameName { name, first: Some(first) } => write!(
                f,
                "a second, different result for the name {name:?}; code {first} was kept and this one left out"
            ),
            ProblemKind::SameName { name, first: None } => write!(
                f,
                "a second, different result for the name {name:?}; the one loaded earlier was kept and this one left out"
            ),
            ProblemKind::WrongShape { answers, questions } => {
                write!(f, "it holds {answers} answers, and the session has {questions} questions")
            }
        }
    }
}

/// One line of the leaderboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    /// 1 for the best; equal score and time share a rank.
    pub rank: u32,
    /// The learner's name.
    pub name: String,
    /// Points, in thousandths.
    pub score: u32,
    /// Points possible, in thousandths.
    pub max: u32,
    /// Questions answered right.
    pub correct: u32,
    /// Total seconds (shown apart from the score).
    pub time_s: u64,
    /// The learner's time accommodation.
    pub multiplier: crate::quiz::TimeMultiplier,
    /// The index of the learner's result in [`Dashboard::results`].
    pub result: usize,
}

/// The item analysis of one question (see the module docs for each formula).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemStats {
    /// The question.
    pub question: SpecQuestion,
    /// Learners loaded.
    pub responses: u32,
    /// Of which answered right.
    pub correct: u32,
    /// `correct / responses`, as a percentage (0 with no learners).
    pub percent_correct: f64,
    /// `p_upper − p_lower` over the 27% groups; `None` under 2 learners.
    pub discrimination: Option<f64>,
    /// Mean seconds over learners who settled the question.
    pub average_time_s: Option<f64>,
    /// First-try choices per authored option (as long as the highest option anyone chose).
    pub option_counts: Vec<u32>,
    /// Learners who made no try.
    pub no_answer: u32,
}

/// The results of one session.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    /// The session.
    pub spec: SessionSpec,
    /// Its id (what codes must carry).
    pub session: SessionId,
    /// The results loaded, in the order pasted.
    pub results: Vec<ResultCode>,
    /// For each loaded result, the load it came in (from 1) and its position in that load, to name
    /// it in problems of the same load.
    positions: Vec<(usize, usize)>,
    /// Loads so far ([`Dashboard::add`] calls).
    loads: usize,
    /// Each loaded name's key ([`name_key`]) → its index in `results`, so a load of n codes is
    /// not n² name comparisons.
    names: BTreeMap<String, usize>,
}

/// The key two names are the same person by: trimmed, ignoring case (`str::to_lowercase`, from
/// smaller tables).
fn name_key(name: &str) -> String {
    crate::lower_case::lower(name.trim())
}

fn excerpt(code: &str) -> String {
    let mut e: String = code.chars().take(16).collect();
    if code.chars().count() > 16 {
        e.push('…');
    }
    e
}

impl Dashboard {
    /// An empty dashboard for `spec`.
    pub fn new(spec: &SessionSpec) -> Dashboard {
        Dashboard { spec: spec.clone(), session: spec.id(), results: Vec::new(), positions: Vec::new(), loads: 0, names: BTreeMap::new() }
    }

    /// A dashboard of the codes in `codes_text` (separated by any whitespace), and the codes left
    /// out with why. For several files, call [`Dashboard::add`] once per file (or join them).
    pub fn load(spec: &SessionSpec, codes_text: &str) -> (Dashboard, Vec<CodeProblem>) {
        let mut d = Dashboard::new(spec);
        let problems = d.add(codes_text);
        (d, problems)
    }

    /// Adds the codes in `codes_text` (one load: a paste or a file); returns those left out.
    /// Positions are counted from 1 within this load, so the problem list of a load stands on its
    /// own; a code clashing with one of an earlier load says so rather than giving a stale number.
    pub fn add(&mut self, codes_text: &str) -> Vec<CodeProblem> {
        let mut problems = Vec::new();
        self.loads += 1;
        let load = self.loads;
        for (i, code) in codes_text.split_whitespace().enumerate() {
            let position = i + 1;
            let problem = |kind| CodeProblem { position, excerpt: excerpt(code), kind };
            let result = match ResultCode::decode(code) {
                Ok(r) => r,
                Err(e) => {
                    problems.push(problem(ProblemKind::Corrupted(e)));
                    continue;
                }
            };
            if result.session != self.session {
                problems.push(problem(ProblemKind::OtherSession { found: result.session }));
                continue;
            }
            if result.answers.len() != self.spec.questions.len() {
                problems.push(problem(ProblemKind::WrongShape {
                    answers: result.answers.len(),
                    questions: self.spec.questions.len(),
                }));
                continue;
            }
            let key = name_key(&result.name);
            if let Some(&i) = self.names.get(&key) {
                let kept = &self.results[i];
                let first = match self.positions.get(i) {
                    Some(&(l, p)) if l == load => Some(p),
                    _ => None,
                };
                let name = kept.name.clone();
                let same = kept.answers == result.answers && kept.multiplier == result.multiplier;
                problems.push(problem(if same {
                    ProblemKind::Duplicate { name, first }
                } else {
                    ProblemKind::SameName { name, first }
                }));
                continue;
            }
            self.names.insert(key, self.results.len());
            self.results.push(result);
            self.positions.push((load, position));
        }
        problems
    }

    /// Indices of [`Dashboard::results`] in leaderboard order: score (high first), then total
    /// time (low first), then name and load order so the order never depends on chance.
    fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.results.len()).collect();
        // Each key computed once, not once per comparison.
        let keys: Vec<(u32, u64, String)> =
            self.results.iter().map(|r| (r.score(), r.time_s(), name_key(&r.name))).collect();
        crate::sort::sort_by(&mut order, |&a, &b| {
            let (ka, kb) = (&keys[a], &keys[b]);
            kb.0.cmp(&ka.0).then(ka.1.cmp(&kb.1)).then(ka.2.cmp(&kb.2)).then(a.cmp(&b))
        });
        order
    }

    /// The leaderboard.
    pub fn leaderboard(&self) -> Vec<Standing> {
        let max = FULL.saturating_mul(self.spec.questions.len() as u32);
        let mut out: Vec<Standing> = Vec::with_capacity(self.results.len());
        for (i, index) in self.order().into_iter().enumerate() {
            let r = &self.results[index];
            let (score, time_s) = (r.score(), r.time_s());
            let rank = match out.last() {
                Some(prev) if prev.score == score && prev.time_s == time_s => prev.rank,
                _ => i as u32 + 1,
            };
            out.push(Standing {
                rank,
                name: r.name.clone(),
                score,
                max,
                correct: r.correct(),
                time_s,
                multiplier: r.multiplier,
                result: index,
            });
        }
        out
    }

    /// The item analysis of every question, in the spec's order.
    pub fn items(&self) -> Vec<ItemStats> {
        let order = self.order();
        let n = order.len();
        // g = round(0.27 n), at least 1, in integers so every platform agrees.
        let g = ((27 * n + 50) / 100).max(1);
        self.spec
            .questions
            .iter()
            .enumerate()
            .map(|(q, question)| {
                let answers: Vec<_> = order.iter().filter_map(|&i| self.results[i].answers.get(q)).collect();
                let right = |group: &[&super::result_code::Answer]| {
                    group.iter().filter(|a| a.status == Status::Correct).count() as f64 / group.len().max(1) as f64
                };
                let correct = answers.iter().filter(|a| a.status == Status::Correct).count() as u32;
                let discrimination =
                    (n >= 2).then(|| right(&answers[..g.min(n)]) - right(&answers[n.saturating_sub(g)..]));
                let settled: Vec<u32> = answers.iter().filter(|a| a.status.is_settled()).map(|a| a.time_s).collect();
                let average_time_s = (!settled.is_empty())
                    .then(|| settled.iter().map(|&t| f64::from(t)).sum::<f64>() / settled.len() as f64);
                let mut option_counts: Vec<u32> = Vec::new();
                let mut no_answer = 0;
                for a in &answers {
                    match a.tries.first() {
                        None => no_answer += 1,
                        Some(_) => {
                            for option in a.chosen(0) {
                                let o = usize::from(option);
                                if option_counts.len() <= o {
                                    option_counts.resize(o + 1, 0);
                                }
                                option_counts[o] += 1;
                            }
                        }
                    }
                }
                ItemStats {
                    question: question.clone(),
                    responses: n as u32,
                    correct,
                    percent_correct: if n == 0 { 0.0 } else { 100.0 * f64::from(correct) / n as f64 },
                    discrimination,
                    average_time_s,
                    option_counts,
                    no_answer,
                }
            })
            .collect()
    }

    /// The leaderboard with every learner's answers, as CSV (RFC 4180 quoting, `\n` line ends):
    /// rank, name, score, max, percent, correct, time, multiplier, then per question its status,
    /// points and seconds.
    pub fn to_csv(&self) -> String {
        let mut header: Vec<String> =
            ["rank", "name", "score", "max", "percent", "correct", "time_s", "multiplier"].map(str::to_owned).to_vec();
        for (i, q) in self.spec.questions.iter().enumerate() {
            let label = format!("q{} {}/{}", i + 1, q.pack, q.question);
            header.extend([format!("{label} status"), format!("{label} points"), format!("{label} time_s")]);
        }
        let mut out = csv_row(&header);
        for s in self.leaderboard() {
            let mut row = vec![
                s.rank.to_string(),
                s.name.clone(),
                format_points(s.score),
                format_points(s.max),
                percent(s.score, s.max).to_string(),
                s.correct.to_string(),
                s.time_s.to_string(),
                s.multiplier.name().to_owned(),
            ];
            for a in &self.results[s.result].answers {
                row.extend([a.status.name().to_owned(), format_points(a.points), a.time_s.to_string()]);
            }
            out.push_str(&csv_row(&row));
        }
        out
    }

    /// The item analysis as CSV, with no titles (see [`Dashboard::items_csv_titled`]).
    pub fn items_csv(&self) -> String {
        self.items_csv_titled(&|_, _| None)
    }

    /// The item analysis as CSV: one row per question (its number, title, pack and id), then the
    /// first-try count of each option (columns A, B, … as many as the most options chosen on any
    /// question). `title(pack, id)` gives a question's title from the instructor's packs; the
    /// column is empty for a question it does not know. RFC 4180 quoting as [`csv_field`].
    pub fn items_csv_titled(&self, title: &dyn Fn(&str, &str) -> Option<String>) -> String {
        let items = self.items();
        let width = items.iter().map(|i| i.option_counts.len()).max().unwrap_or(0).min(26);
        let mut header: Vec<String> = [
            "question",
            "title",
            "pack",
            "id",
            "responses",
            "correct",
            "percent_correct",
            "discrimination",
            "average_time_s",
            "no_answer",
        ]
        .map(str::to_owned)
        .to_vec();
        header.extend((0..width).map(|i| crate::quiz::run::letter(i as u8).to_string()));
        let mut out = csv_row(&header);
        for (i, item) in items.iter().enumerate() {
            let mut row = vec![
                (i + 1).to_string(),
                title(&item.question.pack, &item.question.question).unwrap_or_default(),
                item.question.pack.clone(),
                item.question.question.clone(),
                item.responses.to_string(),
                item.correct.to_string(),
                fixed(item.percent_correct, 1),
                item.discrimination.map_or(String::new(), |d| fixed(d, 2)),
                item.average_time_s.map_or(String::new(), |t| fixed(t, 1)),
                item.no_answer.to_string(),
            ];
            row.extend((0..width).map(|o| item.option_counts.get(o).copied().unwrap_or(0).to_string()));
            out.push_str(&csv_row(&row));
        }
        out
    }

    /// How many learners chose each status on each question, for the charts: `[question][status]`
    /// with statuses in [`Status::ALL`] order.
    pub fn status_counts(&self) -> Vec<BTreeMap<Status, u32>> {
        (0..self.spec.questions.len())
            .map(|q| {
                let mut counts = BTreeMap::new();
                for r in &self.results {
                    if let Some(a) = r.answers.get(q) {
                        *counts.entry(a.status).or_insert(0) += 1;
                    }
                }
                counts
            })
            .collect()
    }
}

/// One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled), and
/// prefixed with `'` when it starts like a spreadsheet formula (`=`, `+`, `-`, `@`, tab, CR):
/// names are typed by learners, and a name such as `=HYPERLINK(…)` must open as text.
pub fn csv_field(field: &str) -> String {
    let field =
        if field.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{field}") } else { field.to_owned() };
    if field.contains([',', '"', '\n', '\r']) { format!("\"{}\"", field.replace('"', "\"\"")) } else { field }
}

fn csv_row(fields: &[String]) -> String {
    let mut line = fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",");
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("Ada"), "Ada");
        assert_eq!(csv_field("Lovelace, Ada"), "\"Lovelace, Ada\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("-5"), "'-5");
    }
}
