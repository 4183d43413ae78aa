//! What an instructor's browser keeps of their sessions: each session built (its share link, from
//! which the spec is read back, and when it was made) and the result codes loaded on its dashboard,
//! under one versioned schema in one localStorage entry.
//!
//! Architecture invariant (as [`crate::quiz::progress`]): reading never panics and never silently
//! drops data. [`SessionStore::load`] returns the store, plus every session entry it could not read
//! (its raw JSON and what is wrong, with the path), or — when the whole text is unreadable — the
//! raw text and the error, so the UI can report it, keep it aside for download, and only then
//! start fresh.
//!
//! # Schema, version 1 (what [`SessionStore::to_json`] writes)
//! ```json
//! {
//!   "version": 1,
//!   "sessions": [
//!     { "link": "s1.…", "created": 1767225600000, "codes": ["r1.…", "r1.…"] }
//!   ]
//! }
//! ```
//! - `link`: the session's share code (the `s1.` word of [`super::link`]); the spec, its title and
//!   its id are read from it, so they cannot disagree with what learners were sent.
//! - `created`: when the instructor built it (ms since 1970).
//! - `codes`: the result codes loaded on its dashboard, in load order (only codes that loaded).
//!
//! Version 1 is the first schema; there is nothing older to migrate yet. A text written by a newer
//! schema is refused with a message saying so (and kept), never half-read. Within a version,
//! unknown fields are ignored and a missing `codes` reads as none.

use serde_json::{Map, Value};

use super::link;
use super::spec::{SessionId, SessionSpec};
use crate::quiz::json_walk::{At, PathError};

/// The schema version this build writes.
pub const VERSION: u32 = 1;

/// The localStorage key of the store.
pub const STORAGE_KEY: &str = "rollback-lab.sessions";

/// The localStorage key where unreadable text is kept aside (the latest), for download.
pub const ASIDE_KEY: &str = "rollback-lab.sessions.unreadable";

/// Sessions kept at most (the oldest go first, and [`SessionStore::add_session`] says so).
pub const SESSIONS_CAP: usize = 200;

/// Result codes kept per session at most (a code is about 100 characters: 2,000 of them are
/// 200 kB, well within localStorage's 5 MB).
pub const CODES_CAP: usize = 2000;

/// Texts longer than this are refused before parsing.
const TEXT_MAX: usize = 8 * 1024 * 1024;

/// Longest code accepted when reading (result codes are far shorter).
const CODE_MAX: usize = 4096;

/// One session the instructor built.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredSession {
    /// The spec, read from `link`.
    pub spec: SessionSpec,
    /// The share code ([`link::encode`] of the spec).
    pub link: String,
    /// When it was built, in ms.
    pub created_ms: u64,
    /// The result codes loaded, in load order.
    pub codes: Vec<String>,
}

impl StoredSession {
    /// Its id.
    pub fn id(&self) -> SessionId {
        self.spec.id()
    }
}

/// A session entry that could not be read: kept aside with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    /// The entry exactly as stored (JSON).
    pub raw: String,
    /// What is wrong, with its path.
    pub error: String,
}

/// The outcome of reading the store.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreLoad {
    /// The store (empty when nothing was stored), and the entries it had to leave out.
    Ok(SessionStore, Vec<SetAside>),
    /// Nothing usable: keep `raw` aside, show `error`, start fresh.
    Unreadable {
        /// The text exactly as stored.
        raw: String,
        /// What is wrong.
        error: String,
    },
}

/// Every session kept, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionStore {
    /// The sessions.
    pub sessions: Vec<StoredSession>,
}

impl SessionStore {
    /// Reads what localStorage held. Never panics; never drops data without saying so.
    pub fn load(text: &str) -> StoreLoad {
        if text.trim().is_empty() {
            return StoreLoad::Ok(SessionStore::default(), Vec::new());
        }
        match SessionStore::import(text) {
            Ok((store, _, aside)) => StoreLoad::Ok(store, aside),
            Err(e) => StoreLoad::Unreadable { raw: text.to_owned(), error: e.to_string() },
        }
    }

    /// Reads a store file (an export, or what localStorage held): the store, the schema version it
    /// was written in, and the session entries left out with why. The whole text fails only when
    /// it is not a store at all (not JSON, no or unknown version, `sessions` not a list).
    pub fn import(text: &str) -> Result<(SessionStore, u32, Vec<SetAside>), PathError> {
        let top = |message: String| PathError { path: "$".to_owned(), message };
        if text.len() > TEXT_MAX {
            return Err(top(format!("the file is {} bytes, more than a session store can be", text.len())));
        }
        let value: Value = serde_json::from_str(text).map_err(|e| top(format!("not valid JSON: {e}")))?;
        let root = At::root(&value);
        root.object()?;
        let version = root.field("version")?;
        match version.value().as_u64() {
            Some(1) => {}
            Some(v) if v > u64::from(VERSION) => {
                return Err(version.error(format!(
                    "written by a newer Rollback Lab (session store schema {v}); this one reads up to {VERSION}"
                )));
            }
            _ => return Err(version.error(format!("expected a schema version from 1 to {VERSION}"))),
        }
        let mut store = SessionStore::default();
        let mut aside = Vec::new();
        for entry in root.field("sessions")?.items()? {
            match read_session(&entry) {
                Ok(s) => {
                    if let Some(i) = store.index(s.id()) {
                        // The same session twice (two exports merged by hand): one entry, all codes.
                        let kept = &mut store.sessions[i];
                        kept.created_ms = kept.created_ms.min(s.created_ms);
                        for c in s.codes {
                            if !kept.codes.contains(&c) {
                                kept.codes.push(c);
                            }
                        }
                    } else {
                        store.sessions.push(s);
                    }
                }
                Err(e) => aside.push(SetAside { raw: compact(entry.value()), error: e.to_string() }),
            }
        }
        Ok((store, 1, aside))
    }

    /// The compact JSON kept in localStorage.
    pub fn to_json(&self) -> String {
        compact(&self.value())
    }

    /// The same, indented, for a file the instructor downloads (and may import elsewhere).
    pub fn export(&self) -> String {
        // serde_json's pretty text, made from the compact one (`json_indent`).
        crate::json_indent::indent(&self.to_json())
    }

    fn value(&self) -> Value {
        // The objects built by hand, as `json!` would (its `to_value` of each field compiles
        // serde_json's value serializer into the build for these few fields).
        let sessions = self.sessions.iter().map(|s| {
            let codes = s.codes.iter().map(|c| Value::String(c.clone())).collect();
            object([("link", Value::String(s.link.clone())), ("created", s.created_ms.into()), ("codes", Value::Array(codes))])
        });
        object([("version", VERSION.into()), ("sessions", Value::Array(sessions.collect()))])
    }

    fn index(&self, id: SessionId) -> Option<usize> {
        self.sessions.iter().position(|s| s.id() == id)
    }

    /// The session `id`, if kept.
    pub fn get(&self, id: SessionId) -> Option<&StoredSession> {
        self.index(id).map(|i| &self.sessions[i])
    }

    /// Keeps `spec` (built at `now_ms`) unless it is kept already, in which case nothing changes.
    /// Returns the session dropped to stay within [`SESSIONS_CAP`] (the oldest), if any, so the
    /// caller can say so.
    pub fn add_session(&mut self, spec: &SessionSpec, now_ms: u64) -> Option<StoredSession> {
        if self.index(spec.id()).is_some() {
            return None;
        }
        self.sessions.push(StoredSession {
            spec: spec.clone(),
            link: link::encode(spec),
            created_ms: now_ms,
            codes: Vec::new(),
        });
        (self.sessions.len() > SESSIONS_CAP).then(|| self.sessions.remove(0))
    }

    /// Sets the result codes of session `id` (adding the session, at `now_ms`, if it is not kept).
    /// Returns how many codes were left out to stay within [`CODES_CAP`] (the caller says so).
    pub fn set_codes(&mut self, spec: &SessionSpec, codes: Vec<String>, now_ms: u64) -> usize {
        self.add_session(spec, now_ms);
        let over = codes.len().saturating_sub(CODES_CAP);
        if let Some(i) = self.index(spec.id()) {
            let mut codes = codes;
            codes.truncate(CODES_CAP);
            self.sessions[i].codes = codes;
        }
        over
    }

    /// Forgets session `id`; returns it if it was kept.
    pub fn remove(&mut self, id: SessionId) -> Option<StoredSession> {
        self.index(id).map(|i| self.sessions.remove(i))
    }

    /// Adds an imported store: sessions not kept yet are added; for a session kept on both sides,
    /// codes missing here are appended. Returns (sessions added, codes added).
    pub fn merge(&mut self, other: SessionStore) -> (usize, usize) {
        let (mut sessions, mut codes) = (0, 0);
        for s in other.sessions {
            match self.index(s.id()) {
                Some(i) => {
                    let kept = &mut self.sessions[i];
                    for c in s.codes {
                        if !kept.codes.contains(&c) && kept.codes.len() < CODES_CAP {
                            kept.codes.push(c);
                            codes += 1;
                        }
                    }
                }
                None => {
                    codes += s.codes.len();
                    self.sessions.push(s);
                    sessions += 1;
                }
            }
        }
        (sessions, codes)
    }
}

/// The text kept under [`ASIDE_KEY`] once `new` is set aside too: a JSON list of
/// `{"problem": …, "data": …}`, each `data` exactly the text that could not be read. What was kept
/// before stays (nothing set aside is ever dropped): an earlier list is extended, any other earlier
/// text becomes the first entry as it was. An entry whose data is kept already is not added twice,
/// so reading the same bad data again changes nothing.
pub fn add_aside(existing: Option<&str>, new: &[SetAside]) -> String {
    let mut list: Vec<Value> = match existing.map(str::trim).filter(|t| !t.is_empty()) {
        None => Vec::new(),
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) if items.iter().all(|i| i.get("data").is_some_and(Value::is_string)) => items,
            _ => vec![problem_and_data("kept aside by an earlier visit", text)],
        },
    };
    for a in new {
        if !list.iter().any(|i| i.get("data").and_then(Value::as_str) == Some(a.raw.as_str())) {
            list.push(problem_and_data(&a.error, &a.raw));
        }
    }
    compact(&Value::Array(list))
}

/// `value`'s compact text, as its `to_string` writes it, through `serde_json::to_string` (the
/// `Display` of a `Value` compiles its pretty writer too). A `Value` always has a text: its keys
/// are strings.
fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A JSON object of `fields` (serde_json's map orders its keys, as `json!` gives them).
fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    let mut map = Map::new();
    for (key, value) in fields {
        map.insert(key.to_owned(), value);
    }
    Value::Object(map)
}

/// One entry of [`add_aside`]'s list.
fn problem_and_data(problem: &str, data: &str) -> Value {
    object([("problem", Value::String(problem.to_owned())), ("data", Value::String(data.to_owned()))])
}

/// How many pieces of data [`add_aside`]'s text holds (0 for none or an empty text; 1 for a text
/// that is not its list, which it would keep as one).
pub fn aside_count(text: &str) -> usize {
    if text.trim().is_empty() {
        return 0;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items.len(),
        _ => 1,
    }
}

fn read_session(at: &At) -> Result<StoredSession, PathError> {
    at.object()?;
    let link_at = at.field("link")?;
    let link_text = link_at.str()?;
    let spec = link::decode(link_text).map_err(|e| link_at.error(format!("not a session link: {e}")))?;
    let created_ms = at.field_ms("created")?;
    let mut codes = Vec::new();
    if let Some(list) = at.opt("codes")? {
        for c in list.items()? {
            let text = c.str()?;
            if text.len() > CODE_MAX {
                return Err(c.error(format!("a code of {} characters; result codes are far shorter", text.len())));
            }
            codes.push(text.to_owned());
        }
    }
    Ok(StoredSession { link: link::encode(&spec), spec, created_ms, codes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::spec::SpecQuestion;
    use serde_json::json;

    fn spec(title: &str) -> SessionSpec {
        SessionSpec {
            title: title.into(),
            questions: vec![SpecQuestion { pack: "canary".into(), question: "abort-signals".into(), fingerprint: 7 }],
            drawn: None,
            shuffle_questions: true,
            seed: 3,
            time_limit_s: Some(45),
            attempts: Some(2),
            start_ms: None,
        }
    }

    #[test]
    fn round_trips_through_json_and_export() {
        let mut s = SessionStore::default();
        assert!(s.add_session(&spec("Friday"), 1000).is_none());
        assert!(s.add_session(&spec("Friday"), 9999).is_none(), "the same session is not added twice");
        assert_eq!(s.set_codes(&spec("Friday"), vec!["r1.a".into(), "r1.b".into()], 2000), 0);
        s.add_session(&spec("Monday"), 3000);
        assert_eq!(s.sessions.len(), 2);
        assert_eq!(s.sessions[0].created_ms, 1000);
        for text in [s.to_json(), s.export()] {
            match SessionStore::load(&text) {
                StoreLoad::Ok(back, aside) => {
                    assert_eq!(back, s);
                    assert!(aside.is_empty());
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn empty_text_is_an_empty_store() {
        assert_eq!(SessionStore::load("  "), StoreLoad::Ok(SessionStore::default(), Vec::new()));
    }

    #[test]
    fn unreadable_text_is_kept_with_why() {
        for (text, says) in [
            ("{not json", "not valid JSON"),
            ("[]", "$"),
            ("{\"sessions\": []}", "version"),
            ("{\"version\": 9, \"sessions\": []}", "newer Rollback Lab"),
            ("{\"version\": 0, \"sessions\": []}", "schema version"),
            ("{\"version\": 1, \"sessions\": {}}", "sessions"),
        ] {
            match SessionStore::load(text) {
                StoreLoad::Unreadable { raw, error } => {
                    assert_eq!(raw, text);
                    assert!(error.contains(says), "{text}: {error}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_bad_entry_is_set_aside_and_the_others_load() {
        let good = link::encode(&spec("Friday"));
        let text = format!(
            r#"{{"version": 1, "sessions": [
                {{"link": "s1.garbage", "created": 1, "codes": []}},
                {{"link": "{good}", "created": 5, "codes": ["r1.x"]}},
                {{"link": "{good}", "created": "yesterday"}},
                {{"link": "{good}", "created": 2, "codes": ["r1.x", "r1.y"], "extra": true}}
            ]}}"#
        );
        let StoreLoad::Ok(store, aside) = SessionStore::load(&text) else { panic!("loads") };
        assert_eq!(store.sessions.len(), 1, "the same session twice is one entry");
        assert_eq!(store.sessions[0].codes, vec!["r1.x".to_owned(), "r1.y".to_owned()]);
        assert_eq!(store.sessions[0].created_ms, 2);
        assert_eq!(aside.len(), 2);
        assert!(aside[0].error.starts_with("$.sessions[0].link"), "{}", aside[0].error);
        assert!(aside[0].raw.contains("s1.garbage"));
        assert!(aside[1].error.starts_with("$.sessions[2].created"), "{}", aside[1].error);
    }

    #[test]
    fn set_aside_data_accumulates_and_is_never_dropped() {
        let a = SetAside { raw: "{not json".into(), error: "$: not valid JSON".into() };
        let b = SetAside { raw: "{\"link\": 5}".into(), error: "$.sessions[0].link: expected a string".into() };
        let once = add_aside(None, std::slice::from_ref(&a));
        let list: Value = serde_json::from_str(&once).unwrap();
        assert_eq!(list, json!([{ "problem": "$: not valid JSON", "data": "{not json" }]));
        assert_eq!(add_aside(Some(&once), std::slice::from_ref(&a)), once, "the same data is kept once");
        let both = add_aside(Some(&once), std::slice::from_ref(&b));
        assert_eq!(aside_count(&both), 2);
        let list: Value = serde_json::from_str(&both).unwrap();
        assert_eq!(list[0]["data"], "{not json", "the earlier entry stays first");
        assert_eq!(list[1]["data"], "{\"link\": 5}");
        // Whatever an older build kept under the key is wrapped, not overwritten.
        for earlier in ["[{\"link\": \"s1.x\"}]", "raw junk", "{\"a\": 1}"] {
            let out = add_aside(Some(earlier), std::slice::from_ref(&b));
            let list: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(list[0]["data"], earlier, "{out}");
            assert_eq!(list[1]["data"], b.raw.as_str());
        }
        assert_eq!(aside_count(""), 0);
        assert_eq!(aside_count("raw junk"), 1);
    }

    #[test]
    fn remove_merge_and_caps() {
        let mut s = SessionStore::default();
        s.add_session(&spec("A"), 1);
        let mut other = SessionStore::default();
        other.set_codes(&spec("A"), vec!["r1.a".into()], 5);
        other.set_codes(&spec("B"), vec!["r1.b".into(), "r1.c".into()], 6);
        assert_eq!(s.merge(other.clone()), (1, 3));
        assert_eq!(s.merge(other), (0, 0), "merging twice adds nothing");
        assert_eq!(s.get(spec("A").id()).map(|x| x.codes.len()), Some(1));
        assert!(s.remove(spec("A").id()).is_some());
        assert!(s.remove(spec("A").id()).is_none());
        assert_eq!(s.sessions.len(), 1);

        let over = s.set_codes(&spec("B"), (0..CODES_CAP + 3).map(|i| format!("r1.{i}")).collect(), 7);
        assert_eq!(over, 3);
        assert_eq!(s.get(spec("B").id()).map(|x| x.codes.len()), Some(CODES_CAP));

        let mut s = SessionStore::default();
        for i in 0..SESSIONS_CAP {
            assert!(s.add_session(&spec(&format!("S{i}")), i as u64).is_none());
        }
        let dropped = s.add_session(&spec("one more"), 10_000);
        assert_eq!(dropped.map(|d| d.spec.title), Some("S0".to_owned()), "the oldest goes, and is named");
        assert_eq!(s.sessions.len(), SESSIONS_CAP);
    }

    #[test]
    fn the_values_built_by_hand_are_the_ones_json_wrote() {
        let mut store = SessionStore::default();
        for (i, title) in ["Friday", "Week 3 \"quiz\"", "été <&>"].into_iter().enumerate() {
            store.add_session(&spec(title), 1_767_225_600_000 + i as u64);
        }
        store.sessions[1].codes = vec!["r1.a".into(), "r1.\u{0}\n".into()];
        let by_json = json!({
            "version": VERSION,
            "sessions": store.sessions.iter().map(|s| json!({ "link": s.link, "created": s.created_ms, "codes": s.codes })).collect::<Vec<_>>(),
        });
        assert_eq!(store.value(), by_json);
        assert_eq!(store.to_json(), by_json.to_string());
        assert_eq!(SessionStore::default().to_json(), json!({ "version": VERSION, "sessions": [] }).to_string());
        let aside = [SetAside { raw: "{x".into(), error: "$: \"bad\"".into() }];
        let want = json!([{ "problem": "kept aside by an earlier visit", "data": "old" }, { "problem": "$: \"bad\"", "data": "{x" }]);
        assert_eq!(add_aside(Some("old"), &aside), want.to_string());
    }
}
