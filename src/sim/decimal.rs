//! Numbers written as text, without the standard float parser.
//!
//! `str::parse::<f64>` brings the whole of `core::num::dec2flt` into the wasm (its code and an 11 KB
//! table of powers of five). The simulator needs two things from it: whether a string *is* a float
//! literal (YAML output quotes such strings) and the value of an analysis threshold
//! (`result[0] >= 0.95`), which is a short decimal. [`is_float_literal`] follows the standard
//! parser's grammar exactly; [`parse_short`] gives the standard parser's value, bit for bit, for
//! every decimal of at most 15 significant digits and a decimal exponent within ±22 (Clinger's fast
//! path: both the digits and the power of ten are exact in an `f64`, so one rounding gives the
//! correctly rounded value), and `None` outside it.

/// Whether `s.parse::<f64>()` would succeed: `Sign? ('inf' | 'infinity' | 'nan' | Number)` with
/// `Number ::= (Digit+ | Digit+ '.' Digit* | Digit* '.' Digit+) ('e' Sign? Digit+)?`, case-insensitive,
/// no surrounding spaces.
pub fn is_float_literal(s: &str) -> bool {
    let b = s.as_bytes();
    let b = match b.first() {
        Some(b'+' | b'-') => &b[1..],
        _ => b,
    };
    if [&b"inf"[..], b"infinity", b"nan"].iter().any(|w| b.eq_ignore_ascii_case(w)) {
        return true;
    }
    let digits = |from: usize| b.get(from..).map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
    let int = digits(0);
    let mut i = int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        frac = digits(i + 1);
        i += 1 + frac;
    }
    if int + frac == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digits(i);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

/// The value of a decimal literal with at most 15 significant digits and a decimal exponent (after
/// moving the point to the end of the digits) within ±22, exactly as `s.parse::<f64>()` gives it;
/// `None` for anything else (not a number, `inf`, `nan`, or too many digits).
pub fn parse_short(s: &str) -> Option<f64> {
    if !is_float_literal(s) {
        return None;
    }
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (digits, exp) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], &body[at + 1..]),
        None => (body, ""),
    };
    if !digits.bytes().any(|c| c.is_ascii_digit()) {
        return None; // inf, infinity, nan
    }
    let exp: i64 = match exp.strip_prefix('-') {
        Some(e) => -e.bytes().fold(0i64, |n, c| (n * 10 + i64::from(c - b'0')).min(1_000_000)),
        None => exp.trim_start_matches('+').bytes().fold(0i64, |n, c| (n * 10 + i64::from(c - b'0')).min(1_000_000)),
    };
    let (mut mantissa, mut significant, mut scale) = (0u64, 0u32, 0i64);
    let mut after_point = false;
    for c in digits.bytes() {
        if c == b'.' {
            after_point = true;
            continue;
        }
        if mantissa > 0 || c != b'0' {
            significant += 1;
            if significant > 15 {
                return None;
            }
        }
        mantissa = mantissa * 10 + u64::from(c - b'0');
        if after_point {
            scale -= 1;
        }
    }
    let value = if mantissa == 0 {
        0.0
    } else {
        let e = exp + scale;
        if !(-22..=22).contains(&e) {
            return None;
        }
        let mut power = 1.0f64;
        for _ in 0..e.unsigned_abs() {
            power *= 10.0;
        }
        if e >= 0 { mantissa as f64 * power } else { mantissa as f64 / power }
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency).
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn literals_are_what_the_standard_parser_accepts() {
        let alphabet = b"0123456789.eE+-infatyINFAN x";
        let mut seed = 17;
        for _ in 0..200_000 {
            let len = lcg(&mut seed) % 9;
            let s: String = (0..len).map(|_| alphabet[(lcg(&mut seed) % alphabet.len() as u64) as usize] as char).collect();
            assert_eq!(is_float_literal(&s), s.parse::<f64>().is_ok(), "{s:?}");
        }
        for s in ["", ".", "+", "-.", "1.", ".5", "+.5e-3", "1e", "1e+", "e5", "inf", "-Infinity", "NaN", "nan1", "0x10", " 1", "1 ", "١"] {
            assert_eq!(is_float_literal(s), s.parse::<f64>().is_ok(), "{s:?}");
        }
    }

    #[test]
    fn short_decimals_read_bit_for_bit_as_the_standard_parser_reads_them() {
        let mut seed = 23;
        let mut checked = 0;
        for _ in 0..200_000 {
            let digits = 1 + lcg(&mut seed) % 15;
            let mantissa: String = (0..digits).map(|_| char::from(b'0' + (lcg(&mut seed) % 10) as u8)).collect();
            let point = (lcg(&mut seed) % (digits + 1)) as usize;
            let exp = lcg(&mut seed) % 14;
            let sign = ["", "-", "+"][(lcg(&mut seed) % 3) as usize];
            let s = match lcg(&mut seed) % 3 {
                0 => format!("{sign}{}.{}", &mantissa[..point], &mantissa[point..]),
                1 => format!("{sign}{mantissa}e-{exp}"),
                _ => format!("{sign}{}.{}E{exp}", &mantissa[..point], &mantissa[point..]),
            };
            let std: f64 = s.parse().unwrap_or_else(|_| panic!("{s:?}"));
            let ours = parse_short(&s).unwrap_or_else(|| panic!("{s:?} is within the fast path"));
            assert_eq!(ours.to_bits(), std.to_bits(), "{s:?}");
            checked += 1;
        }
        assert_eq!(checked, 200_000);
        for s in ["0.95", "500", "0.999", "-0", "0e999", ".5", "5.", "1e22", "1e-22", "123456789012345", "0.000000000000000000001"] {
            assert_eq!(parse_short(s).map(f64::to_bits), s.parse::<f64>().ok().map(f64::to_bits), "{s:?}");
        }
    }

    #[test]
    fn outside_the_fast_path_is_none_never_a_wrong_value() {
        for s in ["1234567890123456", "0.1234567890123456", "1e23", "1e-23", "1e99999999999999999999", "inf", "NaN", "", "x", "1.2.3"] {
            assert_eq!(parse_short(s), None, "{s:?}");
        }
    }
}
