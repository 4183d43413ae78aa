//! The replay code: a run's seed and action log (tick + line) in a compact, URL-safe form.
//!
//! Format: base64url (no padding) of the UTF-8 text `r1 SEED\nTICK LINE\n…`, then `.` and the
//! 8-hex-digit FNV-1a checksum of that text, so a mangled link is recognised rather than replayed
//! as some other run. Decoding never panics; it says what is wrong.

use crate::{base64url, fnv};

/// A decoded replay: the seed and the timed command lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replay {
    pub seed: u64,
    pub actions: Vec<(u32, String)>,
}

/// More actions than a learner could type in an incident: the rest of a link is not trusted.
const MAX_ACTIONS: usize = 5000;

fn checksum(text: &str) -> String {
    format!("{:08x}", fnv::hash(text.as_bytes()) as u32)
}

/// Encodes a run for a link.
pub fn encode(seed: u64, actions: &[(u32, String)]) -> String {
    let mut text = format!("r1 {seed}");
    for (tick, line) in actions {
        // A line never holds a newline (the console input cannot), but make sure of it.
        text.push_str(&format!("\n{tick} {}", line.replace(['\n', '\r'], " ")));
    }
    format!("{}.{}", base64url::encode(text.as_bytes()), checksum(&text))
}

/// Decodes a code made by [`encode`], or says why it cannot be replayed.
pub fn decode(code: &str) -> Result<Replay, String> {
    let (body, sum) = code.trim().rsplit_once('.').ok_or("the code has no checksum (it looks cut short)")?;
    let bytes = base64url::decode(body).map_err(|_| "the code holds characters a replay code never has".to_owned())?;
    let text = String::from_utf8(bytes).map_err(|_| "the code does not decode to text".to_owned())?;
    if checksum(&text) != sum {
        return Err("the checksum does not match (the link was changed or cut)".into());
    }
    let mut lines = text.split('\n');
    let head = lines.next().unwrap_or_default();
    let seed = head
        .strip_prefix("r1 ")
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or("the code does not start with a replay header")?;
    let mut actions = Vec::new();
    let mut last = 0u32;
    for (i, l) in lines.enumerate() {
        if i >= MAX_ACTIONS {
            return Err(format!("the code holds more than {MAX_ACTIONS} actions"));
        }
        let (tick, line) = l.split_once(' ').ok_or_else(|| format!("action {} has no command", i + 1))?;
        let tick: u32 = tick.parse().map_err(|_| format!("action {} has no valid time", i + 1))?;
        if tick < last {
            return Err(format!("action {} goes back in time", i + 1));
        }
        last = tick;
        actions.push((tick, line.to_owned()));
    }
    Ok(Replay { seed, actions })
}

/// The replay code in a page's query string (`?replay=CODE`), if any.
pub fn from_query(query: &str) -> Option<&str> {
    query.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("replay="))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let actions = vec![(0, "kubectl get pods".to_owned()), (95, "notify payments 'rolled back — ok ✓'".to_owned()), (95, "x".into())];
        for n in 0..actions.len() {
            let code = encode(42, &actions[..n]);
            assert!(code.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{code}");
            assert_eq!(decode(&code), Ok(Replay { seed: 42, actions: actions[..n].to_vec() }));
        }
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64url::encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url::encode(b"fooba"), "Zm9vYmE");
        assert_eq!(base64url::encode(b"f"), "Zg");
        assert_eq!(base64url::decode("Zm9vYmE").ok().as_deref(), Some(&b"fooba"[..]));
        assert!(base64url::decode("Z").is_err());
    }

    #[test]
    fn mangled_codes_are_refused_without_panicking() {
        let code = encode(7, &[(60, "kubectl rollout undo deployment/checkout".into())]);
        let cut = &code[..code.len() / 2];
        assert!(decode(cut).is_err());
        assert!(decode(&code.replacen('A', "B", 1)).is_err() || !code.contains('A'));
        for bad in ["", ".", "abc", "é.0000", "!!!.12345678", "r1.00000000", &format!("{code}x")] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn query() {
        assert_eq!(from_query("?a=1&replay=XYZ.01"), Some("XYZ.01"));
        assert_eq!(from_query(""), None);
    }
}
