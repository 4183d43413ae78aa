//! The text wrapper shared by share links, result codes and incident replay codes: `<kind><version>.<base64url>`, where
//! the base64url holds `body length (varint) ‖ body ‖ checksum (4 bytes)`.
//!
//! - The **prefix** (`s1.` for a session link, `r1.` for a result code, `p1.` for a replay code) says what the text is and
//!   which version of the body follows, so a later app can keep reading version 1 and a result
//!   code pasted where a link belongs is named for what it is.
//! - The **declared length** lets a cut-short text be reported as truncated (and by how much)
//!   rather than as a checksum mismatch, which would say less.
//! - The **checksum** is the low 32 bits of FNV-1a over the prefix and the body ([`crate::fnv`]),
//!   so a mangled character is caught with odds of 1 in 4 billion of slipping by, and a body moved
//!   under another prefix fails too. It catches accidents, not forgery: anyone can recompute it.
//!
//! Architecture invariant: decoding never panics, and every failure is a [`DecodeError`] that says
//! what is wrong and where.

use std::fmt;

use crate::base64url::{self, Base64Error};
use super::wire::{ReadError, Reader, Writer};

/// What a text is, by its first letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A session share link (`s`).
    Link,
    /// A learner's result code (`r`).
    Result,
    /// An incident run's replay code (`p`, for playback).
    Replay,
}

impl Kind {
    /// The letter that starts the text.
    pub fn letter(self) -> char {
        match self {
            Kind::Link => 's',
            Kind::Result => 'r',
            Kind::Replay => 'p',
        }
    }

    /// What it is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Link => "session link",
            Kind::Result => "result code",
            Kind::Replay => "replay code",
        }
    }

    fn from_letter(c: char) -> Option<Kind> {
        match c {
            's' => Some(Kind::Link),
            'r' => Some(Kind::Result),
            'p' => Some(Kind::Replay),
            _ => None,
        }
    }
}

/// Why a link or a result code could not be read. `Display` gives a sentence for the learner or
/// the instructor; positions count characters from 1, from the start of the code itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Nothing was given.
    Empty,
    /// The text does not start like any code (`s1.` or `r1.`).
    NotACode {
        /// What was expected.
        expected: Kind,
    },
    /// A code of the other kind (a result code where a session link belongs, or the reverse).
    WrongKind {
        /// What was expected.
        expected: Kind,
        /// What it is.
        found: Kind,
    },
    /// A version this app does not read (a code from a newer app, or a mangled prefix).
    UnknownVersion {
        /// The kind.
        kind: Kind,
        /// The version as written.
        version: String,
        /// The newest version this app reads.
        newest: u32,
    },
    /// A character that cannot appear in a code.
    BadCharacter {
        /// 1-based character position in the code.
        position: usize,
        /// The character.
        found: char,
    },
    /// The code is shorter than it says it is: cut off when copied.
    Truncated {
        /// Roughly how many characters are missing (0 when the length itself was cut).
        missing_chars: usize,
    },
    /// Characters after the end of the code.
    TrailingCharacters {
        /// Roughly how many.
        extra_chars: usize,
    },
    /// The checksum does not match: a character was changed.
    ChecksumMismatch,
    /// A field holds a value the format does not allow (only a forged or buggy code gets here,
    /// since the checksum passed).
    FieldOutOfRange {
        /// The field.
        field: &'static str,
        /// The value found.
        value: u64,
        /// The smallest allowed.
        min: u64,
        /// The largest allowed.
        max: u64,
    },
    /// A field that does not fit the format (text that is not UTF-8, bytes ending mid-field).
    BadField {
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        why: &'static str,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "nothing to read: the code is empty"),
            DecodeError::NotACode { expected } => {
                write!(f, "this is not a {}: it should start with \"{}1.\"", expected.noun(), expected.letter())
            }
            DecodeError::WrongKind { expected, found } => {
                write!(f, "this is a {}, not a {}", found.noun(), expected.noun())
            }
            DecodeError::UnknownVersion { kind, version, newest } => write!(
                f,
                "this {} is version {version}, and this app reads versions 1 to {newest}; \
                 it may come from a newer Rollback Lab",
                kind.noun()
            ),
            DecodeError::BadCharacter { position, found } => {
                write!(f, "character {position} ({found:?}) cannot appear in a code; was it retyped or wrapped?")
            }
            DecodeError::Truncated { missing_chars: 0 } => write!(f, "the code is cut short"),
            DecodeError::Truncated { missing_chars } => {
                write!(f, "the code is cut short: about {missing_chars} characters are missing at the end")
            }
            DecodeError::TrailingCharacters { extra_chars } => {
                write!(f, "the code has about {extra_chars} extra characters at the end")
            }
            DecodeError::ChecksumMismatch => {
                write!(f, "the checksum does not match: a character of the code was changed")
            }
            DecodeError::FieldOutOfRange { field, value, min, max } => {
                write!(f, "the {field} is {value}, outside {min} to {max}")
            }
            DecodeError::BadField { field, why } => write!(f, "the {field} {why}"),
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<ReadError> for DecodeError {
    fn from(e: ReadError) -> DecodeError {
        match e {
            ReadError::Truncated { field } => DecodeError::BadField { field, why: "ends before its end" },
            ReadError::OutOfRange { field, value, min, max } => DecodeError::FieldOutOfRange { field, value, min, max },
            ReadError::NotText { field } => DecodeError::BadField { field, why: "is not valid text" },
            ReadError::Trailing { .. } => {
                DecodeError::BadField { field: "body", why: "has bytes after its last field" }
            }
        }
    }
}

/// The checksum of a body under a prefix: the low 32 bits of FNV-1a.
fn checksum(prefix: &str, body: &[u8]) -> u32 {
    crate::fnv::update(crate::fnv::hash(prefix.as_bytes()), body) as u32
}

/// Wraps `body` as a `kind` code of `version`.
pub fn seal(kind: Kind, version: u32, body: &[u8]) -> String {
    let prefix = format!("{}{version}.", kind.letter());
    let mut w = Writer::new();
    w.varint(body.len() as u64);
    let mut bytes = w.finish();
    bytes.extend_from_slice(body);
    bytes.extend_from_slice(&checksum(&prefix, body).to_le_bytes());
    format!("{prefix}{}", base64url::encode(&bytes))
}

/// Characters of base64url that `n` bytes take (without padding).
fn chars_for(n: usize) -> usize {
    // Saturating: `n` comes from an untrusted length field.
    n.saturating_mul(4).div_ceil(3)
}

/// Unwraps a `kind` code: checks the prefix, the characters, the length and the checksum, and
/// returns the version and the body. `newest` is the newest version the caller reads.
pub fn open(text: &str, kind: Kind, newest: u32) -> Result<(u32, Vec<u8>), DecodeError> {
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    let Some(dot) = text.find('.').filter(|&d| d <= 12) else {
        return Err(match text.chars().next().and_then(Kind::from_letter) {
            Some(found) if found != kind && text.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) => {
                DecodeError::WrongKind { expected: kind, found }
            }
            _ => DecodeError::NotACode { expected: kind },
        });
    };
    let head = &text[..dot];
    let mut head_chars = head.chars();
    let found = head_chars.next().and_then(Kind::from_letter).ok_or(DecodeError::NotACode { expected: kind })?;
    let version_text = head_chars.as_str();
    if version_text.is_empty() || !version_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::NotACode { expected: kind });
    }
    if found != kind {
        return Err(DecodeError::WrongKind { expected: kind, found });
    }
    let version = match version_text.parse::<u32>() {
        Ok(v) if (1..=newest).contains(&v) && !version_text.starts_with('0') => v,
        _ => return Err(DecodeError::UnknownVersion { kind, version: version_text.to_owned(), newest }),
    };
    let prefix = &text[..=dot];
    let data = &text[dot + 1..];
    let decoded = base64url::decode(data);
    if let Err(Base64Error::BadCharacter { offset, found }) = decoded {
        let position = text[..dot + 1 + offset].chars().count() + 1;
        return Err(DecodeError::BadCharacter { position, found });
    }
    // The length first, from the whole groups of four characters (which always decode): a text
    // cut or extended anywhere is then reported as such, even when its last group no longer
    // decodes, rather than as a checksum mismatch, which would say less.
    let whole = &data[..data.len() - data.len() % 4];
    let header_bytes = if whole.is_empty() {
        decoded.clone().unwrap_or_default()
    } else {
        base64url::decode(whole).unwrap_or_default()
    };
    if let Some(e) = length_error(&header_bytes, data.len()) {
        return Err(e);
    }
    // Right length, yet undecodable: stray bits in the last character, i.e. a changed character.
    let Ok(bytes) = decoded else { return Err(DecodeError::ChecksumMismatch) };
    let mut r = Reader::new(&bytes);
    let len = r.varint("length").map_err(|_| DecodeError::Truncated { missing_chars: 0 })? as usize;
    // `length_error` has checked that exactly `len` bytes and the checksum follow; `get` keeps
    // that a promise rather than a panic.
    let body_start = bytes.len() - r.remaining();
    let body =
        bytes.get(body_start..body_start.saturating_add(len)).ok_or(DecodeError::Truncated { missing_chars: 0 })?;
    let sum: [u8; 4] = bytes
        .get(body_start.saturating_add(len)..)
        .and_then(|s| s.try_into().ok())
        .ok_or(DecodeError::Truncated { missing_chars: 0 })?;
    if u32::from_le_bytes(sum) != checksum(prefix, body) {
        return Err(DecodeError::ChecksumMismatch);
    }
    Ok((version, body.to_vec()))
}

/// Compares the declared length with the bytes there (`chars` characters of base64url): `None`
/// when they agree exactly.
fn length_error(bytes: &[u8], chars: usize) -> Option<DecodeError> {
    let mut r = Reader::new(bytes);
    let Ok(len) = r.varint("length") else { return Some(DecodeError::Truncated { missing_chars: 0 }) };
    let header = bytes.len() - r.remaining();
    let needed = (header as u64).saturating_add(len).saturating_add(4);
    let needed_chars = usize::try_from(needed).map_or(usize::MAX, chars_for);
    if needed_chars > chars {
        Some(DecodeError::Truncated { missing_chars: needed_chars - chars })
    } else if needed_chars < chars {
        Some(DecodeError::TrailingCharacters { extra_chars: chars - needed_chars })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open() {
        for body in [&b""[..], b"x", b"hello world", &[0u8; 300]] {
            let code = seal(Kind::Link, 1, body);
            assert!(code.starts_with("s1."));
            assert_eq!(open(&code, Kind::Link, 1), Ok((1, body.to_vec())));
        }
    }

    #[test]
    fn every_kind_of_damage_is_named() {
        let code = seal(Kind::Link, 1, b"a session body of some length");
        assert_eq!(open("", Kind::Link, 1), Err(DecodeError::Empty));
        assert_eq!(open("hello", Kind::Link, 1), Err(DecodeError::NotACode { expected: Kind::Link }));
        assert_eq!(
            open(&code.replacen('s', "r", 1), Kind::Link, 1),
            Err(DecodeError::WrongKind { expected: Kind::Link, found: Kind::Result })
        );
        assert!(matches!(open(&code.replacen("s1", "s2", 1), Kind::Link, 1), Err(DecodeError::UnknownVersion { .. })));
        let mut bad = code.clone();
        bad.insert(10, '!');
        assert_eq!(open(&bad, Kind::Link, 1), Err(DecodeError::BadCharacter { position: 11, found: '!' }));
        assert!(matches!(
            open(&code[..code.len() - 6], Kind::Link, 1),
            Err(DecodeError::Truncated { missing_chars: 6 })
        ));
        assert!(matches!(open(&format!("{code}AAAA"), Kind::Link, 1), Err(DecodeError::TrailingCharacters { .. })));
        let mut flipped: Vec<char> = code.chars().collect();
        flipped[12] = if flipped[12] == 'A' { 'B' } else { 'A' };
        let flipped: String = flipped.into_iter().collect();
        assert_eq!(open(&flipped, Kind::Link, 1), Err(DecodeError::ChecksumMismatch));
        assert_eq!(
            open(&code, Kind::Result, 1),
            Err(DecodeError::WrongKind { expected: Kind::Result, found: Kind::Link })
        );
    }
}
