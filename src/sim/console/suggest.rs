//! "Did you mean …?" suggestions by edit distance, the way cobra does it.
//!
//! Works on `char`s, never on byte offsets, so any UTF-8 input is safe.

/// Edit distance between two strings, case-insensitive ([`crate::suggest::edit_distance`] on the
/// words in lower case, [`crate::suggest::fold`]); `usize::MAX` when the lengths alone rule a typo out.
pub fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (crate::suggest::fold(a), crate::suggest::fold(b));
    // Long inputs cannot be near any command word; bail out cheaply.
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 3 || la > 64 {
        return usize::MAX;
    }
    crate::suggest::edit_distance(&a, &b)
}

/// Candidates within distance 2 of `word`, or that start with it (cobra's rules), best first.
pub fn suggestions<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    suggestions_among(word, &mut candidates.into_iter())
}

/// [`suggestions`] over any iterator through one compiled body: the generic function is compiled
/// once per candidates' type (four copies of about 800 B raw in the incident build, session 10).
fn suggestions_among(word: &str, candidates: &mut dyn Iterator<Item = &str>) -> Vec<String> {
    if word.is_empty() {
        return Vec::new();
    }
    let lower = crate::suggest::fold(word);
    let mut found: Vec<(usize, String)> = Vec::new();
    for c in candidates {
        let d = distance(word, c);
        // cobra suggests by distance and by prefix; a shared stem of four letters (`rollbak` →
        // `rollout`) catches the typos learners make most.
        let folded = crate::suggest::fold(c);
        let stem = lower.chars().zip(folded.chars()).take_while(|(a, b)| a == b).count() >= 4;
        let prefix = (folded.starts_with(&lower) && lower.chars().count() >= 2) || stem;
        if (d <= 2 || prefix) && !found.iter().any(|(_, s)| s == c) && c != word {
            found.push((if prefix { d.min(1) } else { d }, c.to_string()));
        }
    }
    crate::sort::sort(&mut found);
    found.into_iter().map(|(_, s)| s).take(3).collect()
}

/// The cobra block appended to an error: `\n\nDid you mean this?\n\tword`.
pub fn did_you_mean(list: &[String]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut s = String::from("\n\nDid you mean this?");
    for w in list {
        s.push_str("\n\t");
        s.push_str(w);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("rollbak", "rollback"), 1);
        assert_eq!(distance("rollout", "rollout"), 0);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("é", "e"), 1);
    }

    #[test]
    fn suggests_close_words() {
        let s = suggestions("rolout", ["rollout", "get", "logs"]);
        assert_eq!(s, vec!["rollout".to_string()]);
        assert!(suggestions("zzzzzz", ["rollout"]).is_empty());
    }
}
