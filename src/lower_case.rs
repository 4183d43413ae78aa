//! Unicode lower case exactly as `str::to_lowercase` writes it, from tables of runs: the results
//! dashboard's name keys (`session::dashboard`) ignore case in any script, and the standard
//! library's table of every character with a lower case (1,463 pairs of `u32`, 11.7 KB) was the
//! largest piece of data in the instructor build (docs/performance.md, "Session 12").
//!
//! **Invariant:** [`lower`] gives what `str::to_lowercase` gives, for every string: the tables are
//! checked against tables made from the standard library (a new Unicode version in the toolchain
//! fails the test, which prints the new tables), and the function against the standard one over
//! every character, the final-sigma rule on both sides of every boundary of its sets, and random
//! strings.

/// Runs of characters whose lower case is one other character, at the same distance, one or two
/// characters apart; each run as three varints: its first character's distance from the previous
/// run's first character, `count << 1 | (step - 1)`, and the distance to the lower case, zigzag.
const LOWER: &[u8] = &[
    65, 52, 64, 127, 46, 64, 24, 14, 64, 40, 49, 2, 50, 7, 2, 7, 17, 2, 17, 47, 2, 46, 2, 241, 1, 1, 7, 2, 8, 2, 164, 3,
    1, 5, 2, 4, 2, 156, 3, 1, 2, 2, 2, 4, 154, 3, 2, 2, 2, 3, 2, 158, 1, 1, 2, 148, 3, 1, 2, 150, 3, 1, 2, 2,
    2, 2, 154, 3, 1, 2, 158, 3, 2, 2, 166, 3, 1, 2, 162, 3, 1, 2, 2, 4, 2, 166, 3, 1, 2, 170, 3, 2, 2, 172, 3, 1,
    7, 2, 6, 2, 180, 3, 1, 2, 2, 2, 2, 180, 3, 3, 2, 2, 2, 2, 180, 3, 1, 2, 2, 2, 4, 178, 3, 2, 5, 2, 4, 2,
    182, 3, 1, 2, 2, 4, 2, 2, 8, 2, 4, 1, 2, 2, 2, 2, 4, 1, 2, 2, 2, 2, 4, 1, 19, 2, 19, 19, 2, 19, 2, 4,
    1, 5, 2, 4, 2, 193, 1, 1, 2, 111, 1, 41, 2, 40, 2, 131, 2, 2, 19, 2, 24, 2, 214, 168, 1, 1, 2, 2, 2, 2, 197, 2,
    1, 2, 208, 168, 1, 3, 2, 2, 2, 2, 133, 3, 1, 2, 138, 1, 1, 2, 142, 1, 1, 11, 2, 170, 2, 5, 2, 6, 2, 2, 9, 2,
    232, 1, 7, 2, 76, 2, 6, 74, 4, 2, 128, 1, 2, 4, 126, 3, 34, 64, 18, 18, 64, 44, 2, 16, 9, 25, 2, 28, 2, 119, 3, 2,
    2, 2, 2, 13, 1, 2, 2, 3, 6, 131, 2, 3, 32, 160, 1, 16, 64, 64, 80, 35, 2, 42, 55, 2, 54, 2, 30, 1, 15, 2, 15, 97,
    2, 97, 76, 96, 239, 22, 76, 192, 113, 39, 2, 192, 113, 6, 2, 192, 113, 211, 5, 160, 1, 160, 223, 4, 80, 12, 16, 153, 17, 2, 2, 7,
    86, 255, 46, 45, 6, 255, 46, 195, 2, 151, 1, 2, 158, 1, 2, 253, 118, 2, 97, 2, 104, 16, 15, 16, 12, 15, 16, 16, 15, 16, 16, 15,
    16, 12, 15, 17, 9, 15, 15, 16, 15, 32, 16, 15, 16, 16, 15, 16, 16, 15, 16, 4, 15, 2, 4, 147, 1, 2, 2, 17, 12, 8, 171, 1,
    4, 2, 17, 12, 4, 15, 2, 4, 199, 1, 14, 4, 15, 2, 4, 223, 1, 2, 2, 13, 12, 4, 255, 1, 2, 4, 251, 1, 2, 2, 17, 170,
    2, 2, 185, 117, 4, 2, 253, 130, 1, 1, 2, 139, 129, 1, 7, 2, 56, 46, 32, 32, 35, 2, 2, 179, 6, 52, 52, 202, 14, 96, 96, 96,
    2, 2, 2, 2, 237, 167, 1, 1, 2, 203, 59, 1, 2, 205, 167, 1, 3, 7, 2, 6, 2, 183, 168, 1, 1, 2, 249, 167, 1, 1, 2, 189,
    168, 1, 1, 2, 187, 168, 1, 2, 2, 2, 3, 2, 2, 9, 4, 253, 168, 1, 2, 101, 2, 107, 5, 2, 7, 2, 2, 206, 242, 1, 47, 2,
    64, 29, 2, 162, 1, 15, 2, 16, 63, 2, 71, 5, 2, 4, 2, 135, 168, 4, 1, 11, 2, 13, 2, 2, 2, 2, 207, 148, 5, 3, 5, 2,
    6, 21, 2, 20, 2, 135, 149, 5, 1, 2, 157, 149, 5, 1, 2, 149, 149, 5, 1, 2, 129, 149, 5, 1, 2, 135, 149, 5, 2, 2, 163, 148,
    5, 1, 2, 211, 148, 5, 1, 2, 169, 148, 5, 1, 2, 192, 14, 1, 17, 2, 16, 2, 95, 1, 2, 133, 149, 5, 1, 2, 239, 168, 4, 1,
    5, 2, 4, 2, 205, 149, 5, 1, 17, 2, 16, 2, 129, 153, 5, 25, 2, 2, 172, 174, 1, 52, 64, 223, 9, 80, 80, 176, 1, 72, 80, 192,
    1, 22, 78, 12, 30, 78, 16, 14, 78, 8, 4, 78, 236, 13, 102, 128, 1, 208, 1, 44, 64, 208, 22, 64, 64, 160, 171, 1, 64, 64, 96, 50,
    54, 224, 244, 1, 68, 68,
];

/// Case_Ignorable: varint lengths of the alternate runs of characters outside and inside the set,
/// from U+0000 (the last run goes on to the end).
const CASE_IGNORABLE: &[u8] = &[
    39, 1, 6, 1, 11, 1, 35, 1, 1, 1, 71, 1, 4, 1, 1, 1, 4, 1, 2, 2, 247, 3, 192, 1, 4, 2, 4, 1, 9, 2, 1, 1,
    251, 1, 7, 207, 1, 1, 5, 1, 49, 45, 1, 1, 1, 2, 1, 2, 1, 1, 44, 1, 11, 6, 10, 11, 1, 1, 35, 1, 10, 21, 16, 1,
    101, 8, 1, 10, 1, 4, 33, 1, 1, 1, 30, 27, 91, 11, 58, 11, 4, 1, 2, 1, 24, 24, 43, 3, 44, 1, 7, 2, 5, 9, 41, 58,
    55, 1, 1, 1, 4, 8, 4, 1, 3, 7, 10, 2, 13, 1, 15, 1, 58, 1, 4, 4, 8, 1, 20, 2, 26, 1, 2, 2, 57, 1, 4, 2,
    4, 2, 2, 3, 3, 1, 30, 2, 3, 1, 11, 2, 57, 1, 4, 5, 1, 2, 4, 1, 20, 2, 22, 6, 1, 1, 58, 1, 2, 1, 1, 4,
    8, 1, 7, 2, 11, 2, 30, 1, 61, 1, 12, 1, 50, 1, 3, 1, 55, 1, 1, 3, 5, 3, 1, 4, 7, 2, 11, 2, 29, 1, 58, 1,
    2, 1, 6, 1, 5, 2, 20, 2, 28, 2, 57, 2, 4, 4, 8, 1, 20, 2, 29, 1, 72, 1, 7, 3, 1, 1, 90, 1, 2, 7, 11, 9,
    98, 1, 2, 9, 9, 1, 1, 7, 73, 2, 27, 1, 1, 1, 1, 1, 55, 14, 1, 5, 1, 2, 5, 11, 1, 36, 9, 1, 102, 4, 1, 6,
    1, 2, 2, 2, 25, 2, 4, 3, 16, 4, 13, 1, 2, 2, 6, 1, 15, 1, 94, 1, 224, 4, 3, 178, 7, 3, 29, 2, 30, 2, 30, 2,
    64, 2, 1, 7, 8, 1, 2, 11, 3, 1, 5, 1, 45, 5, 51, 1, 65, 2, 34, 1, 118, 3, 4, 2, 9, 1, 6, 3, 219, 1, 2, 2,
    1, 58, 1, 1, 7, 1, 1, 1, 1, 2, 8, 6, 10, 2, 1, 39, 1, 8, 46, 2, 12, 20, 4, 48, 1, 1, 5, 1, 1, 5, 1, 40,
    9, 12, 2, 32, 4, 2, 2, 1, 3, 56, 1, 1, 2, 3, 1, 1, 3, 58, 8, 2, 2, 64, 6, 82, 3, 1, 13, 1, 7, 4, 1, 6,
    1, 3, 2, 50, 63, 13, 1, 34, 101, 189, 3, 1, 1, 3, 11, 3, 13, 3, 13, 3, 13, 2, 12, 5, 8, 2, 10, 1, 2, 1, 2, 5,
    49, 5, 1, 10, 1, 1, 13, 1, 16, 13, 51, 33, 139, 23, 2, 113, 3, 125, 1, 15, 1, 96, 32, 47, 1, 213, 3, 1, 36, 4, 3, 5,
    5, 1, 93, 6, 93, 3, 150, 222, 1, 1, 226, 9, 6, 142, 2, 1, 98, 4, 1, 10, 1, 1, 28, 4, 80, 2, 14, 34, 78, 1, 23, 3,
    102, 4, 3, 2, 8, 1, 3, 1, 4, 1, 25, 2, 5, 1, 151, 1, 2, 26, 18, 13, 1, 38, 8, 25, 11, 46, 3, 48, 1, 2, 4, 2,
    2, 17, 1, 21, 2, 66, 6, 2, 2, 2, 2, 12, 1, 8, 1, 35, 1, 11, 1, 51, 1, 1, 3, 2, 2, 5, 2, 1, 1, 27, 1, 14,
    2, 5, 2, 1, 1, 100, 5, 9, 3, 121, 1, 2, 1, 4, 1, 176, 158, 1, 1, 147, 1, 17, 189, 4, 16, 3, 1, 12, 16, 34, 1, 2,
    1, 169, 1, 1, 7, 1, 6, 1, 11, 1, 35, 1, 1, 1, 47, 1, 45, 2, 67, 1, 21, 3, 129, 4, 1, 226, 1, 1, 149, 1, 5, 133,
    8, 6, 1, 42, 1, 9, 198, 4, 3, 1, 2, 5, 4, 40, 3, 4, 1, 165, 1, 2, 189, 4, 4, 38, 1, 26, 5, 1, 1, 187, 2, 2,
    24, 1, 52, 6, 70, 11, 49, 4, 123, 1, 54, 15, 41, 1, 2, 2, 10, 3, 49, 4, 2, 2, 2, 1, 4, 1, 10, 1, 50, 3, 36, 5,
    1, 8, 62, 1, 12, 2, 52, 9, 10, 4, 2, 1, 95, 3, 2, 1, 1, 2, 6, 1, 2, 1, 157, 1, 1, 3, 8, 21, 2, 57, 2, 3,
    1, 37, 7, 3, 5, 70, 6, 13, 1, 1, 1, 1, 1, 14, 2, 85, 8, 2, 3, 1, 1, 23, 1, 84, 6, 1, 1, 4, 2, 1, 2, 238,
    1, 4, 6, 2, 1, 2, 27, 2, 85, 8, 2, 1, 1, 2, 106, 1, 1, 1, 2, 6, 1, 1, 101, 1, 1, 1, 2, 4, 1, 5, 131, 2,
    9, 1, 2, 128, 2, 2, 1, 1, 4, 1, 144, 1, 4, 2, 2, 4, 1, 32, 10, 40, 6, 2, 4, 8, 1, 9, 6, 2, 3, 46, 13, 1,
    2, 198, 1, 1, 1, 3, 1, 1, 201, 1, 7, 1, 6, 1, 1, 82, 22, 2, 7, 1, 2, 1, 2, 122, 6, 3, 1, 1, 2, 1, 7, 1,
    1, 72, 2, 3, 1, 1, 1, 65, 1, 153, 2, 2, 11, 2, 52, 5, 5, 1, 1, 1, 23, 1, 213, 41, 17, 6, 15, 200, 89, 12, 3, 3,
    192, 19, 5, 59, 7, 9, 4, 252, 3, 3, 40, 2, 226, 3, 1, 63, 17, 64, 2, 1, 2, 13, 2, 252, 127, 4, 1, 7, 1, 2, 158, 25,
    2, 1, 4, 220, 36, 46, 2, 23, 160, 4, 3, 9, 16, 2, 7, 30, 4, 148, 1, 3, 187, 15, 55, 4, 50, 8, 1, 14, 1, 22, 5, 1,
    15, 208, 10, 7, 1, 17, 2, 7, 1, 2, 1, 5, 5, 62, 33, 1, 160, 1, 14, 240, 2, 1, 61, 4, 251, 3, 5, 254, 1, 2, 243, 1,
    1, 2, 1, 7, 2, 5, 1, 9, 1, 208, 3, 7, 109, 8, 175, 21, 5, 129, 152, 48, 1, 30, 96, 128, 1, 240, 1,
];

/// Cased and not Case_Ignorable (the final-sigma rule asks whether a character is cased only of
/// those that are not case-ignorable), in the same form as [`CASE_IGNORABLE`].
const CASED: &[u8] = &[
    65, 26, 6, 26, 47, 1, 10, 1, 4, 1, 5, 23, 1, 31, 1, 195, 1, 1, 4, 4, 208, 1, 2, 26, 192, 1, 4, 2, 2, 3, 3, 1,
    1, 6, 1, 1, 3, 1, 1, 1, 20, 1, 83, 1, 139, 1, 8, 166, 1, 1, 38, 9, 41, 151, 22, 38, 1, 1, 5, 1, 2, 43, 2, 3,
    160, 5, 86, 2, 6, 130, 17, 11, 5, 43, 2, 3, 64, 44, 63, 13, 1, 34, 101, 150, 2, 2, 6, 2, 38, 2, 6, 2, 8, 1, 1, 1,
    1, 1, 1, 1, 31, 2, 53, 1, 7, 1, 1, 3, 3, 1, 7, 3, 4, 2, 6, 4, 13, 5, 3, 1, 7, 133, 2, 1, 4, 1, 2, 10,
    1, 1, 3, 5, 6, 1, 1, 1, 1, 1, 1, 4, 1, 6, 4, 1, 2, 4, 5, 5, 4, 1, 17, 32, 3, 2, 177, 6, 52, 150, 14, 124,
    2, 103, 6, 4, 3, 2, 12, 38, 1, 1, 5, 1, 146, 242, 1, 46, 18, 28, 134, 1, 78, 1, 23, 3, 4, 1, 77, 24, 2, 3, 1, 181,
    6, 43, 5, 9, 7, 80, 192, 158, 1, 7, 12, 5, 137, 8, 26, 6, 26, 165, 9, 80, 96, 36, 4, 36, 116, 11, 1, 15, 1, 7, 1, 2,
    1, 11, 1, 15, 1, 7, 1, 2, 195, 13, 51, 13, 51, 93, 22, 10, 22, 154, 22, 64, 224, 170, 1, 64, 32, 25, 2, 25, 172, 202, 1, 85,
    1, 71, 1, 2, 2, 1, 2, 2, 2, 4, 1, 12, 1, 1, 1, 7, 1, 65, 1, 4, 2, 8, 1, 7, 1, 28, 1, 4, 1, 5, 1, 1,
    3, 7, 1, 212, 2, 2, 25, 1, 25, 1, 31, 1, 25, 1, 31, 1, 25, 1, 31, 1, 25, 1, 31, 1, 25, 1, 8, 180, 14, 10, 1, 20,
    6, 6, 213, 19, 68, 236, 15, 26, 6, 26, 6, 26,
];

/// The varint at `*at` of `table` (7 bits a byte, low bits first); `*at` moves past it.
fn varint(table: &[u8], at: &mut usize) -> u32 {
    let (mut value, mut shift) = (0, 0);
    while let Some(&byte) = table.get(*at) {
        *at += 1;
        value |= u32::from(byte & 0x7F) << shift;
        if byte < 0x80 {
            break;
        }
        shift += 7;
    }
    value
}

/// Whether `c` is in the set of alternate runs `table` ([`CASE_IGNORABLE`], [`CASED`]).
fn in_runs(table: &[u8], c: char) -> bool {
    let (mut at, mut end, mut inside) = (0, 0u32, false);
    while at < table.len() {
        end += varint(table, &mut at);
        if (c as u32) < end {
            return inside;
        }
        inside = !inside;
    }
    inside
}

/// The lower case of `c` when it is one character (every character but U+0130).
fn lower_char(c: char) -> char {
    let code = c as u32;
    let (mut at, mut first) = (0, 0u32);
    while at < LOWER.len() {
        first += varint(LOWER, &mut at);
        let shape = varint(LOWER, &mut at);
        let distance = varint(LOWER, &mut at);
        if code < first {
            break;
        }
        let (offset, step) = (code - first, (shape & 1) + 1);
        if offset % step == 0 && offset / step < shape >> 1 {
            let distance = (distance >> 1) as i32 ^ -((distance & 1) as i32);
            return char::from_u32(code.wrapping_add_signed(distance)).unwrap_or(c);
        }
    }
    c
}

/// Whether the first character of `chars` that is not case-ignorable is cased (Unicode's
/// Final_Sigma condition, looking one way from the sigma).
fn cased_past_ignorable(mut chars: impl Iterator<Item = char>) -> bool {
    chars.find(|&c| !in_runs(CASE_IGNORABLE, c)).is_some_and(|c| in_runs(CASED, c))
}

/// `text` in lower case: the same text as `text.to_lowercase()`.
pub fn lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            // A capital sigma at the end of a word is a final sigma.
            'Σ' => {
                let word_final = cased_past_ignorable(text[..i].chars().rev())
                    && !cased_past_ignorable(text[i + 'Σ'.len_utf8()..].chars());
                out.push(if word_final { 'ς' } else { 'σ' });
            }
            '\u{130}' => out.push_str("i\u{307}"),
            c => out.push(lower_char(c)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chacha8::ChaCha8;

    /// Appends `value` as a varint: 7 bits a byte, low bits first.
    fn push_varint(out: &mut Vec<u8>, mut value: u32) {
        while value >= 0x80 {
            out.push((value as u8 & 0x7F) | 0x80);
            value >>= 7;
        }
        out.push(value as u8);
    }

    /// The three tables as the standard library's case conversion gives them: (LOWER,
    /// CASE_IGNORABLE, CASED).
    fn tables_from_std() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        // Runs of characters mapped to one other character by the same distance, one or two apart.
        let mut runs: Vec<(u32, u32, u32, i32)> = Vec::new(); // first, count, stride, distance
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            let (Some(l), None) = (lower.next(), lower.next()) else { continue };
            if l == c {
                continue;
            }
            let (code, distance) = (c as u32, l as i32 - c as i32);
            if let Some(run) = runs.last_mut() {
                let gap = code - run.0;
                if run.3 == distance && run.1 == 1 && gap <= 2 {
                    (run.1, run.2) = (2, gap);
                    continue;
                }
                if run.3 == distance && run.1 > 1 && code == run.0 + run.1 * run.2 {
                    run.1 += 1;
                    continue;
                }
            }
            runs.push((code, 1, 1, distance));
        }
        let mut lower = Vec::new();
        let mut previous = 0;
        for (first, count, stride, distance) in runs {
            push_varint(&mut lower, first - previous);
            push_varint(&mut lower, count << 1 | (stride - 1));
            push_varint(&mut lower, ((distance << 1) ^ (distance >> 31)) as u32);
            previous = first;
        }
        // The two properties the final-sigma rule reads, probed through it: a capital sigma after
        // `c` is final when `c` is cased and not case-ignorable; after "A" and `c`, also when `c`
        // is case-ignorable.
        let final_sigma = |text: String| text.to_lowercase().ends_with('ς');
        let (mut ignorable, mut cased) = (Vec::new(), Vec::new());
        let (mut in_ignorable, mut in_cased, mut from_ignorable, mut from_cased) = (false, false, 0, 0);
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let is_cased = final_sigma(format!("{c}Σ"));
            let is_ignorable = !is_cased && final_sigma(format!("A{c}Σ"));
            if is_ignorable != in_ignorable {
                push_varint(&mut ignorable, c as u32 - from_ignorable);
                (in_ignorable, from_ignorable) = (is_ignorable, c as u32);
            }
            if is_cased != in_cased {
                push_varint(&mut cased, c as u32 - from_cased);
                (in_cased, from_cased) = (is_cased, c as u32);
            }
        }
        (lower, ignorable, cased)
    }

    #[test]
    fn the_tables_are_the_standard_librarys() {
        let (lower, ignorable, cased) = tables_from_std();
        let show = |t: &[u8]| t.chunks(32).map(|c| format!("{c:?}\n")).collect::<String>();
        assert!(
            lower == LOWER && ignorable == CASE_IGNORABLE && cased == CASED,
            "the toolchain's Unicode tables changed; the new ones:\nLOWER\n{}CASE_IGNORABLE\n{}CASED\n{}",
            show(&lower),
            show(&ignorable),
            show(&cased)
        );
    }

    #[test]
    fn every_character_lowers_as_the_standard_library_lowers_it() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(lower(&text), text.to_lowercase(), "{c:?}");
        }
    }

    #[test]
    fn the_final_sigma_on_both_sides_of_every_boundary_of_the_sets() {
        // The sets are the standard library's (test above); this reads them through `lower` at
        // each character where one of them starts or stops, and at the one before (every
        // character in debug takes minutes: each lookup walks the table).
        let mut boundaries = vec![0u32, 0x10FFFF];
        for table in [CASE_IGNORABLE, CASED] {
            let (mut at, mut end) = (0, 0);
            while at < table.len() {
                end += varint(table, &mut at);
                boundaries.extend([end.saturating_sub(1), end]);
            }
        }
        assert!(boundaries.len() > 2_000);
        for c in boundaries.into_iter().filter_map(char::from_u32) {
            for text in [format!("{c}Σ"), format!("A{c}Σ"), format!("AΣ{c}"), format!("AΣ{c}a"), format!("{c}Σ{c}")] {
                assert_eq!(lower(&text), text.to_lowercase(), "{text:?}");
            }
        }
    }

    #[test]
    fn random_strings_lower_as_the_standard_library_lowers_them() {
        // Sigmas, cased letters of several scripts, case-ignorable marks and punctuation, spaces
        // and a few characters of any kind.
        let alphabet: Vec<char> = "ΣσςAaÉéİıΑΩωДжǅǈᾈᾼ'.:\u{301}\u{345}\u{5BF}\u{200D} -_1ß".chars().collect();
        let mut rng = ChaCha8::seed_from_u64(12);
        for _ in 0..200_000 {
            let len = rng.next_u32() % 12;
            let text: String = (0..len)
                .map(|_| {
                    let r = rng.next_u32();
                    if r.is_multiple_of(8) {
                        char::from_u32((r >> 11) % 0x11_0000).unwrap_or('?')
                    } else {
                        alphabet[(r >> 3) as usize % alphabet.len()]
                    }
                })
                .collect();
            assert_eq!(lower(&text), text.to_lowercase(), "{text:?}");
        }
        assert_eq!(lower("ΟΔΥΣΣΕΥΣ"), "οδυσσευς");
    }
}
