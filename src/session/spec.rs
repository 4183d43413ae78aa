//! What an instructor's session is: its title, its questions (picked, or drawn by difficulty and
//! resolved to concrete ids when the session is built), the order, the time, the attempts and an
//! optional shared start.
//!
//! A spec names questions by `(pack id, question id)` and carries each one's fingerprint (the low
//! 32 bits of [`crate::quiz::run::fingerprint`]): a learner's app has its own copy of the packs,
//! and a learner whose copy differs in what grading relies on is told so instead of being graded
//! against other answers than everyone else.
//!
//! A draw is resolved at build time, never on the learner's side: every learner must get the same
//! questions, and the pack files may change between the instructor's build and a learner's visit.

use std::fmt;

use crate::pack::{Difficulty, Pack, Question};
use crate::quiz::run::{Run, Settings, fingerprint};
use crate::quiz::shuffle::Shuffler;
use crate::quiz::{Mode, TimeMultiplier};

/// The most questions a session holds (the link must stay shareable).
pub const MAX_QUESTIONS: usize = 200;
/// The longest title, in bytes of UTF-8.
pub const MAX_TITLE: usize = 200;
/// The longest pack or question id, in bytes.
pub const MAX_ID: usize = 64;
/// The shortest and longest time per question, in seconds.
pub const TIME_LIMIT_RANGE: (u32, u32) = (5, 3600);
/// The most packs a draw chooses from.
pub const MAX_DRAW_PACKS: usize = 50;
/// Start times above this are refused: it is the largest integer a JavaScript number holds
/// exactly, and the browser's clock is one.
pub const MAX_START_MS: u64 = (1 << 53) - 1;

/// One question of a session.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpecQuestion {
    /// The pack it comes from.
    pub pack: String,
    /// Its id in that pack.
    pub question: String,
    /// The low 32 bits of [`crate::quiz::run::fingerprint`] of the question the instructor saw:
    /// 32 bits tell an edited question apart well enough and keep the link short.
    pub fingerprint: u32,
}

/// "N questions of each difficulty from these packs", kept in the spec so the builder can show
/// (and redo) how the questions were chosen. The questions themselves are already in the spec.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DrawRule {
    /// The packs drawn from, in the order chosen.
    pub packs: Vec<String>,
    /// How many questions of each difficulty, in [`Difficulty::ALL`] order (easy, medium, hard, expert).
    pub per_difficulty: [u8; 4],
    /// The seed of the draw.
    pub seed: u64,
}

/// An instructor's session: everything a learner's app needs to deal the same timed Challenge.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SessionSpec {
    /// Shown to learners and on the dashboard.
    pub title: String,
    /// The questions, in the instructor's order.
    pub questions: Vec<SpecQuestion>,
    /// How the questions were drawn, when they were.
    pub drawn: Option<DrawRule>,
    /// Whether each learner sees the questions shuffled (by `seed`, so all in the same order).
    pub shuffle_questions: bool,
    /// The seed of the deal: the question order when shuffled, and every question's option order.
    pub seed: u64,
    /// Seconds per question for every question; `None`: each question's own limit.
    pub time_limit_s: Option<u32>,
    /// Tries per question (1–5); `None`: each question's own.
    pub attempts: Option<u8>,
    /// When everyone starts (ms since the Unix epoch); `None`: each learner starts when ready.
    pub start_ms: Option<u64>,
}

/// A session's identity: a hash of its whole encoded spec, carried by every result code so the
/// dashboard can tell codes of another session (or of an edited one) apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionId(pub u64);

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Why a spec cannot be built or shared as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// A pack that is not among those given.
    UnknownPack(String),
    /// A question its pack does not hold.
    UnknownQuestion {
        /// The pack.
        pack: String,
        /// The id asked for.
        question: String,
    },
    /// The same question twice.
    Duplicate {
        /// The pack.
        pack: String,
        /// The question.
        question: String,
    },
    /// A draw asks for more questions of a difficulty than the packs hold.
    NotEnough {
        /// The difficulty.
        difficulty: Difficulty,
        /// How many were asked for.
        wanted: u8,
        /// How many there are.
        available: usize,
    },
    /// No questions at all.
    Empty,
    /// A value outside what a link can carry.
    OutOfRange {
        /// The field.
        field: &'static str,
        /// What is allowed.
        allowed: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::UnknownPack(p) => write!(f, "there is no pack '{p}'"),
            BuildError::UnknownQuestion { pack, question } => write!(f, "pack '{pack}' has no question '{question}'"),
            BuildError::Duplicate { pack, question } => {
                write!(f, "question '{question}' of pack '{pack}' is chosen twice")
            }
            BuildError::NotEnough { difficulty, wanted, available } => {
                write!(f, "{wanted} {} questions were asked for, the chosen packs hold {available}", difficulty.name())
            }
            BuildError::Empty => write!(f, "the session has no questions"),
            BuildError::OutOfRange { field, allowed } => write!(f, "the {field} must be {allowed}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// Why a learner's packs cannot deal a session's question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The learner's app has no such pack.
    MissingPack(String),
    /// The pack is there without this question.
    MissingQuestion {
        /// The pack.
        pack: String,
        /// The question.
        question: String,
    },
    /// The question is there but differs in what grading relies on (options, answers, steps, limits).
    Changed {
        /// The pack.
        pack: String,
        /// The question.
        question: String,
    },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::MissingPack(p) => write!(f, "this app has no pack '{p}'"),
            Mismatch::MissingQuestion { pack, question } => {
                write!(f, "this app's pack '{pack}' has no question '{question}'")
            }
            Mismatch::Changed { pack, question } => write!(
                f,
                "question '{question}' of pack '{pack}' differs from the instructor's copy; \
                 reload the page to get the current packs"
            ),
        }
    }
}

/// The fingerprint a spec keeps for `question`.
pub fn short_fingerprint(question: &Question) -> u32 {
    fingerprint(question) as u32
}

fn find_pack<'a>(packs: &[&'a Pack], id: &str) -> Result<&'a Pack, BuildError> {
    packs.iter().copied().find(|p| p.id == id).ok_or_else(|| BuildError::UnknownPack(id.to_owned()))
}

impl SessionSpec {
    /// A session of the questions `picks` (pack id, question id), in that order, looked up in
    /// `packs`. Order fixed, seed 0, each question's own time and attempts, no shared start: set
    /// the public fields to change them, then [`SessionSpec::check`].
    pub fn from_questions(title: &str, packs: &[&Pack], picks: &[(String, String)]) -> Result<SessionSpec, BuildError> {
        let mut questions = Vec::with_capacity(picks.len());
        for (pack_id, question_id) in picks {
            let pack = find_pack(packs, pack_id)?;
            let q = pack
                .question(question_id)
                .ok_or_else(|| BuildError::UnknownQuestion { pack: pack_id.clone(), question: question_id.clone() })?;
            questions.push(SpecQuestion {
                pack: pack_id.clone(),
                question: question_id.clone(),
                fingerprint: short_fingerprint(q),
            });
        }
        let spec = SessionSpec {
            title: title.to_owned(),
            questions,
            drawn: None,
            shuffle_questions: false,
            seed: 0,
            time_limit_s: None,
            attempts: None,
            start_ms: None,
        };
        spec.check()?;
        Ok(spec)
    }

    /// A session drawn by `rule`: for each difficulty, easiest first, `per_difficulty` questions
    /// chosen uniformly (by `rule.seed`) from the questions of that difficulty in `rule.packs`,
    /// taken in pack order then authored order. The seed of the deal starts as the draw's seed.
    pub fn draw(title: &str, packs: &[&Pack], rule: DrawRule) -> Result<SessionSpec, BuildError> {
        let chosen: Vec<&Pack> = rule.packs.iter().map(|id| find_pack(packs, id)).collect::<Result<_, _>>()?;
        let mut shuffler = Shuffler::new(rule.seed);
        let mut picks = Vec::new();
        for (difficulty, &wanted) in Difficulty::ALL.iter().zip(&rule.per_difficulty) {
            let pool: Vec<(String, String)> = chosen
                .iter()
                .flat_map(|p| {
                    p.questions.iter().filter(|q| q.difficulty == *difficulty).map(|q| (p.id.clone(), q.id.clone()))
                })
                .collect();
            if pool.len() < usize::from(wanted) {
                return Err(BuildError::NotEnough { difficulty: *difficulty, wanted, available: pool.len() });
            }
            // A permutation of the whole pool, then its first `wanted`: uniform, and a function of
            // the seed alone (u32 draws, see quiz::shuffle).
            let order = shuffler.permutation(u32::try_from(pool.len()).unwrap_or(u32::MAX));
            picks.extend(order.into_iter().take(usize::from(wanted)).filter_map(|i| pool.get(i as usize).cloned()));
        }
        let seed = rule.seed;
        let mut spec = SessionSpec::from_questions(title, packs, &picks)?;
        spec.seed = seed;
        spec.drawn = Some(rule);
        spec.check()?;
        Ok(spec)
    }

    /// Checks that the spec can be shared: what [`crate::session::link::decode`] accepts, so a
    /// checked spec always comes back equal from its link.
    pub fn check(&self) -> Result<(), BuildError> {
        let range = |field: &'static str, allowed: String| Err(BuildError::OutOfRange { field, allowed });
        if self.questions.is_empty() {
            return Err(BuildError::Empty);
        }
        if self.questions.len() > MAX_QUESTIONS {
            return range("number of questions", format!("at most {MAX_QUESTIONS}"));
        }
        if self.title.len() > MAX_TITLE {
            return range("title", format!("at most {MAX_TITLE} bytes"));
        }
        let mut seen = std::collections::BTreeSet::new();
        for q in &self.questions {
            if q.pack.is_empty() || q.pack.len() > MAX_ID || q.question.is_empty() || q.question.len() > MAX_ID {
                return range("question ids", format!("1 to {MAX_ID} bytes"));
            }
            if !seen.insert((&q.pack, &q.question)) {
                return Err(BuildError::Duplicate { pack: q.pack.clone(), question: q.question.clone() });
            }
        }
        if let Some(t) = self.time_limit_s
            && !(TIME_LIMIT_RANGE.0..=TIME_LIMIT_RANGE.1).contains(&t)
        {
            return range("time per question", format!("{} to {} seconds", TIME_LIMIT_RANGE.0, TIME_LIMIT_RANGE.1));
        }
        if let Some(a) = self.attempts
            && !(1..=5).contains(&a)
        {
            return range("attempts", "1 to 5".to_owned());
        }
        if self.start_ms.is_some_and(|s| s > MAX_START_MS) {
            return range("start time", format!("at most {MAX_START_MS}"));
        }
        if let Some(rule) = &self.drawn {
            if rule.packs.len() > MAX_DRAW_PACKS {
                return range("packs of the draw", format!("at most {MAX_DRAW_PACKS}"));
            }
            if rule.packs.iter().any(|p| p.is_empty() || p.len() > MAX_ID) {
                return range("pack ids", format!("1 to {MAX_ID} bytes"));
            }
        }
        Ok(())
    }

    /// The session's identity (see [`SessionId`]).
    pub fn id(&self) -> SessionId {
        SessionId(crate::fnv::hash(&super::link::body(self)))
    }

    /// The run settings of the session for a learner with `multiplier`: Challenge rules, the
    /// session's seed, order, time and attempts, and no badge (a session is not a pack's Challenge).
    pub fn settings(&self, multiplier: TimeMultiplier) -> Settings {
        Settings {
            mode: Mode::Challenge,
            seed: self.seed,
            multiplier,
            shuffle_questions: self.shuffle_questions,
            time_limit_s: self.time_limit_s,
            attempts: self.attempts,
            badge_pack: None,
        }
    }

    /// The session's questions from the learner's `packs`, or every question that is missing or
    /// differs (all of them, so the message can list them at once).
    pub fn resolve(&self, packs: &[&Pack]) -> Result<Vec<(String, Question)>, Vec<Mismatch>> {
        let mut found = Vec::with_capacity(self.questions.len());
        let mut problems = Vec::new();
        for q in &self.questions {
            let Some(pack) = packs.iter().find(|p| p.id == q.pack) else {
                problems.push(Mismatch::MissingPack(q.pack.clone()));
                continue;
            };
            match pack.question(&q.question) {
                None => problems.push(Mismatch::MissingQuestion { pack: q.pack.clone(), question: q.question.clone() }),
                Some(question) if short_fingerprint(question) != q.fingerprint => {
                    problems.push(Mismatch::Changed { pack: q.pack.clone(), question: q.question.clone() })
                }
                Some(question) => found.push((q.pack.clone(), question.clone())),
            }
        }
        problems.dedup();
        if problems.is_empty() { Ok(found) } else { Err(problems) }
    }

    /// Deals the learner's run at `now_ms` (call it at the start time, when there is one).
    pub fn start_run(&self, packs: &[&Pack], multiplier: TimeMultiplier, now_ms: u64) -> Result<Run, Vec<Mismatch>> {
        Ok(Run::new(self.resolve(packs)?, self.settings(multiplier), now_ms))
    }

    /// Milliseconds until the shared start (0 when there is none or it has passed): the countdown.
    pub fn wait_ms(&self, now_ms: u64) -> u64 {
        self.start_ms.map_or(0, |s| s.saturating_sub(now_ms))
    }

    /// The position of a question in the spec.
    pub fn index_of(&self, pack: &str, question: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.pack == pack && q.question == question)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::pack::Interaction;
    use crate::quiz::grade::fixtures::{question, single};

    /// Two packs: `a` with easy a1–a3 and medium a4, `b` with easy b1 and hard b2 (ordering).
    pub(crate) fn packs() -> Vec<Pack> {
        let with = |mut q: Question, d: Difficulty| {
            q.difficulty = d;
            q
        };
        let pack = |id: &str, questions: Vec<Question>| Pack {
            id: id.to_owned(),
            title: id.to_uppercase(),
            summary: String::new(),
            tags: vec![],
            minutes: 5,
            badge: String::new(),
            test: vec![],
            challenge: vec![],
            questions,
            imported_from: None,
        };
        vec![
            pack(
                "a",
                vec![
                    single("a1", 0),
                    single("a2", 1),
                    question("a3", Interaction::Multiple, &[0, 2], 0),
                    with(single("a4", 3), Difficulty::Medium),
                ],
            ),
            pack("b", vec![single("b1", 2), with(question("b2", Interaction::Ordering, &[], 4), Difficulty::Hard)]),
        ]
    }

    fn ids(spec: &SessionSpec) -> Vec<String> {
        spec.questions.iter().map(|q| format!("{}/{}", q.pack, q.question)).collect()
    }

    #[test]
    fn picking_keeps_the_order_and_refuses_unknowns() {
        let p = packs();
        let refs: Vec<&Pack> = p.iter().collect();
        let pick = |list: &[(&str, &str)]| {
            let list: Vec<(String, String)> = list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            SessionSpec::from_questions("T", &refs, &list)
        };
        assert_eq!(ids(&pick(&[("b", "b2"), ("a", "a1")]).unwrap()), ["b/b2", "a/a1"]);
        assert_eq!(pick(&[("c", "x")]), Err(BuildError::UnknownPack("c".into())));
        assert!(matches!(pick(&[("a", "zz")]), Err(BuildError::UnknownQuestion { .. })));
        assert!(matches!(pick(&[("a", "a1"), ("a", "a1")]), Err(BuildError::Duplicate { .. })));
        assert_eq!(pick(&[]), Err(BuildError::Empty));
    }

    #[test]
    fn draws_are_seeded_by_difficulty_and_bounded() {
        let p = packs();
        let refs: Vec<&Pack> = p.iter().collect();
        let rule = |seed| DrawRule { packs: vec!["a".into(), "b".into()], per_difficulty: [2, 1, 1, 0], seed };
        let one = SessionSpec::draw("T", &refs, rule(5)).unwrap();
        assert_eq!(one, SessionSpec::draw("T", &refs, rule(5)).unwrap());
        assert_eq!(one.questions.len(), 4);
        assert_eq!(&ids(&one)[2..], ["a/a4", "b/b2"]);
        let easy: std::collections::BTreeSet<_> =
            (0..40).map(|s| ids(&SessionSpec::draw("T", &refs, rule(s)).unwrap())[..2].to_vec()).collect();
        assert!(easy.len() > 5, "the draw barely varies: {easy:?}");
        let too_many = DrawRule { packs: vec!["a".into()], per_difficulty: [0, 0, 1, 0], seed: 1 };
        assert!(matches!(
            SessionSpec::draw("T", &refs, too_many),
            Err(BuildError::NotEnough { difficulty: Difficulty::Hard, wanted: 1, available: 0 })
        ));
    }

    #[test]
    fn a_learner_with_other_packs_is_told_which_questions_differ() {
        let p = packs();
        let refs: Vec<&Pack> = p.iter().collect();
        let list = vec![("a".to_string(), "a1".to_string()), ("b".to_string(), "b1".to_string())];
        let spec = SessionSpec::from_questions("T", &refs, &list).unwrap();
        assert_eq!(spec.resolve(&refs).map(|q| q.len()), Ok(2));
        let mut edited = p.clone();
        edited[0].questions[0].options[1].correct = true;
        assert_eq!(
            spec.resolve(&[&edited[0]]),
            Err(vec![Mismatch::Changed { pack: "a".into(), question: "a1".into() }, Mismatch::MissingPack("b".into())])
        );
        let run = spec.start_run(&refs, TimeMultiplier::X1, 1000).unwrap();
        assert_eq!(run.mode(), Mode::Challenge);
        assert_eq!(spec.wait_ms(5), 0);
        let later = SessionSpec { start_ms: Some(10_000), ..spec };
        assert_eq!((later.wait_ms(4_000), later.wait_ms(20_000)), (6_000, 0));
    }
}
