//! "Did you mean …?" suggestions for mistyped names: field names in a pack file, commands and
//! flags in the console.

/// `c` in lower case for comparing typed words with ASCII ones (commands, flags, ids, slugs): ASCII
/// letters lowered, the two characters whose lower case holds an ASCII letter (`İ` is `i` with a
/// combining dot above, the Kelvin sign is `k`), any other character as it is. Against an ASCII
/// word it compares as `char::to_lowercase` would (tested over every character), without bringing
/// the Unicode case table into the wasm (about 11 KB); two non-ASCII letters that differ only in
/// case stay different.
pub fn fold_case(c: char) -> impl Iterator<Item = char> {
    let (first, second) = match c {
        '\u{130}' => ('i', Some('\u{307}')),
        '\u{212A}' => ('k', None),
        c => (c.to_ascii_lowercase(), None),
    };
    std::iter::once(first).chain(second)
}

/// `text` through [`fold_case`].
pub fn fold(text: &str) -> String {
    text.chars().flat_map(fold_case).collect()
}

/// Levenshtein distance over chars, with two rows of memory.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a likely typo: at most two edits,
/// and fewer than half of the word's length.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 2).clamp(1, 2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_is_unicode_lower_case_wherever_ascii_is_involved() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let folded: String = fold_case(c).collect();
            let lower: String = c.to_lowercase().collect();
            if c.is_ascii() || lower.chars().any(|l| l.is_ascii()) {
                assert_eq!(folded, lower, "{c:?}");
            } else {
                assert_eq!(folded, c.to_string(), "{c:?}: a character with no ASCII in its lower case stays as it is");
            }
        }
        assert_eq!(fold("RollOut İ\u{212A}É"), "rollout i\u{307}kÉ");
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("hint", "hnit"), 2);
        assert_eq!(edit_distance("é", "e"), 1);
    }

    #[test]
    fn suggests_only_near_misses() {
        let fields = ["question", "title", "summary"];
        assert_eq!(closest("questions", fields), Some("question"));
        assert_eq!(closest("titel", fields), Some("title"));
        assert_eq!(closest("xyz", fields), None);
        assert_eq!(closest("", fields), None);
    }
}
