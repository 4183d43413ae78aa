//! "Did you mean …?" suggestions for mistyped names: field names in a pack file, commands and
//! flags in the console.

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
