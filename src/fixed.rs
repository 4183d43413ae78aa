//! A float written with a fixed number of decimals, exactly as `format!("{x:.N}")` writes it, without
//! the standard library's float formatting.
//!
//! `core`'s float formatting (Grisu with a Dragon fallback, and their tables) is about 20 KB of wasm,
//! and it comes into a build with the first `{:.1}`: the results dashboard's few percentages and
//! times carried all of it (docs/performance.md, "Session 11"). The value of a finite `f64` is
//! `m × 2^e` exactly, so `x × 10^N` rounded to an integer is plain integer arithmetic: a small big
//! number, shifted, rounded half to even as the standard library rounds, then written in decimal.
//! Tested against `format!` over every kind of value (`tests` below).

use std::cmp::Ordering;

/// `x` with `decimals` digits after the point, as `format!("{x:.decimals$}")` writes it: `-` for a
/// negative value (and negative zero), `NaN`, `inf` and `-inf` as they are.
pub fn fixed(x: f64, decimals: usize) -> String {
    let (sign, exponent, fraction) = match parts(x) {
        Ok(parts) => parts,
        Err(text) => return text,
    };
    // x = mantissa × 2^power, exactly.
    let (mantissa, power) = if exponent == 0 { (fraction, -1074) } else { (fraction | (1 << 52), exponent - 1075) };
    let mut n = Big::from(mantissa);
    for _ in 0..decimals {
        n.mul_small(10);
    }
    if power >= 0 {
        n.shl(power as u32);
    } else {
        n.shr_round_half_even(power.unsigned_abs());
    }
    let mut digits = n.into_decimal();
    if digits.len() <= decimals {
        digits.insert_str(0, &"0".repeat(decimals + 1 - digits.len()));
    }
    if decimals > 0 {
        digits.insert(digits.len() - decimals, '.');
    }
    format!("{sign}{digits}")
}

/// `x` as `format!("{x}")` writes it: the fewest significant digits that read back as `x` (of two
/// such, the nearer to `x`, a tie rounded up), never with an exponent; `NaN`, `inf`, `-inf`, `-0`.
///
/// The same rules as the standard library's shortest mode, from exact integers: `x` and the
/// half-distances to its neighbours (a quarter below a power of two; the bounds count when `x`'s
/// mantissa is even) are all multiples of `2^e`, so scaled by `10^max(0, -e)` they are integers, written
/// out in decimal. Cutting `j` digits off `x`'s digits leaves `d` and a rest `r`: `d` reads back as
/// `x` when `r` is within the lower half-distance, `d + 1` when `10^j - r` is within the upper one.
pub fn shortest(x: f64) -> String {
    let (sign, exponent, fraction) = match parts(x) {
        Ok(parts) => parts,
        Err(text) => return text,
    };
    if x == 0.0 {
        return format!("{sign}0");
    }
    // x = value × 2^power, its neighbours at minus × 2^power below and plus × 2^power above, halved.
    let (value, minus, plus, power, inclusive) = if exponent == 0 {
        (fraction << 1, 1, 1, -1075, true)
    } else if fraction == 0 {
        (1 << 54, 1, 2, exponent - 1077, true)
    } else {
        ((fraction | (1 << 52)) << 1, 1, 1, exponent - 1076, fraction & 1 == 0)
    };
    // unit = 2^power × 10^scale, an integer.
    let scale = (-power).max(0) as u32;
    let scaled = |n: u64| {
        let mut big = Big::from(n);
        for _ in 0..scale / 13 {
            big.mul_small(1_220_703_125); // 5^13
        }
        for _ in 0..scale % 13 {
            big.mul_small(5);
        }
        big.shl(power.max(0) as u32);
        big.into_decimal().into_bytes()
    };
    let digits = scaled(value);
    let unit = scaled(1);
    let (lower, upper) = (times(&unit, minus), times(&unit, plus));
    // Whether a distance is within a bound (the bound itself too when `inclusive`).
    let within = |distance: &[u8], bound: &[u8]| match compare(distance, bound) {
        Ordering::Less => true,
        Ordering::Equal => inclusive,
        Ordering::Greater => false,
    };
    for cut in (0..digits.len()).rev() {
        let (kept, rest) = digits.split_at(digits.len() - cut);
        let mut power_of_ten = vec![b'0'; cut + 1];
        power_of_ten[0] = b'1';
        let down = within(rest, &lower);
        // 10^cut - rest within the upper bound, that is 10^cut within upper + rest.
        let up = within(&power_of_ten, &add(&upper, rest));
        if !(down || up) {
            continue;
        }
        let mut kept = kept.to_vec();
        // The exponent of the first digit: x = 0.kept × 10^point.
        let mut point = kept.len() as i64 + cut as i64 - i64::from(scale);
        if up && (!down || compare(&add(rest, rest), &power_of_ten) != Ordering::Less) {
            let mut i = kept.len();
            while i > 0 && kept[i - 1] == b'9' {
                kept[i - 1] = b'0';
                i -= 1;
            }
            if i == 0 {
                kept.insert(0, b'1');
                kept.pop();
                point += 1;
            } else {
                kept[i - 1] += 1;
            }
        }
        while kept.len() > 1 && kept.last() == Some(&b'0') {
            kept.pop();
        }
        let kept = String::from_utf8(kept).unwrap_or_default();
        let len = kept.len() as i64;
        return if point <= 0 {
            format!("{sign}0.{}{kept}", "0".repeat(point.unsigned_abs() as usize))
        } else if point < len {
            format!("{sign}{}.{}", &kept[..point as usize], &kept[point as usize..])
        } else {
            format!("{sign}{kept}{}", "0".repeat((point - len) as usize))
        };
    }
    unreachable!("x itself reads back as x")
}

/// A finite float's sign (`"-"` for a negative one and negative zero, else `""`), its biased
/// exponent and its 52 fraction bits; NaN and the infinities as the standard library writes them.
fn parts(x: f64) -> Result<(&'static str, i32, u64), String> {
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_nan() {
        return Err("NaN".into());
    }
    if x.is_infinite() {
        return Err(format!("{sign}inf"));
    }
    let bits = x.to_bits();
    Ok((sign, ((bits >> 52) & 0x7ff) as i32, bits & ((1 << 52) - 1)))
}

/// Two decimal numbers (ASCII digits, leading zeros allowed) compared by value.
fn compare(a: &[u8], b: &[u8]) -> Ordering {
    let strip = |s: &[u8]| -> Vec<u8> { s.iter().copied().skip_while(|&c| c == b'0').collect() };
    let (a, b) = (strip(a), strip(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(&b))
}

/// The sum of two decimal numbers.
fn add(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut sum = Vec::with_capacity(a.len().max(b.len()) + 1);
    let (mut i, mut j, mut carry) = (a.len(), b.len(), 0);
    while i > 0 || j > 0 || carry > 0 {
        let mut digit = carry;
        if i > 0 {
            i -= 1;
            digit += a[i] - b'0';
        }
        if j > 0 {
            j -= 1;
            digit += b[j] - b'0';
        }
        sum.push(b'0' + digit % 10);
        carry = digit / 10;
    }
    sum.reverse();
    sum
}

/// A decimal number times 1 or 2.
fn times(a: &[u8], factor: u8) -> Vec<u8> {
    if factor == 2 { add(a, a) } else { a.to_vec() }
}

/// A non-negative integer of any size, little-endian 32-bit limbs (no leading zero limb).
struct Big(Vec<u32>);

impl Big {
    fn from(value: u64) -> Big {
        let mut big = Big(vec![value as u32, (value >> 32) as u32]);
        big.trim();
        big
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn mul_small(&mut self, factor: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn shl(&mut self, bits: u32) {
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let wide = (u64::from(*limb) << bits) | u64::from(carry);
                *limb = wide as u32;
                carry = (wide >> 32) as u32;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    fn bit(&self, index: u32) -> bool {
        self.0.get((index / 32) as usize).is_some_and(|limb| limb >> (index % 32) & 1 == 1)
    }

    /// Any bit below `index` set.
    fn any_below(&self, index: u32) -> bool {
        let (limbs, bits) = ((index / 32) as usize, index % 32);
        self.0.iter().take(limbs).any(|&limb| limb != 0)
            || (bits > 0 && self.0.get(limbs).is_some_and(|&limb| limb & ((1 << bits) - 1) != 0))
    }

    /// Divides by 2^bits, rounding to the nearest integer and a tie to the even one.
    fn shr_round_half_even(&mut self, bits: u32) {
        let half = bits > 0 && self.bit(bits - 1);
        let above_half = half && self.any_below(bits - 1);
        let (limbs, shift) = ((bits / 32) as usize, bits % 32);
        if limbs >= self.0.len() {
            self.0.clear();
        } else {
            self.0.drain(..limbs);
            if shift > 0 {
                for i in 0..self.0.len() {
                    let high = self.0.get(i + 1).copied().unwrap_or(0);
                    self.0[i] = ((u64::from(high) << 32 | u64::from(self.0[i])) >> shift) as u32;
                }
            }
        }
        self.trim();
        let odd = self.0.first().is_some_and(|limb| limb & 1 == 1);
        if above_half || (half && odd) {
            self.add_one();
        }
    }

    fn add_one(&mut self) {
        for limb in &mut self.0 {
            let (sum, overflow) = limb.overflowing_add(1);
            *limb = sum;
            if !overflow {
                return;
            }
        }
        self.0.push(1);
    }

    /// Divides by `divisor`, returning the remainder.
    fn div_small(&mut self, divisor: u32) -> u32 {
        let mut rest = 0u64;
        for limb in self.0.iter_mut().rev() {
            let wide = rest << 32 | u64::from(*limb);
            *limb = (wide / u64::from(divisor)) as u32;
            rest = wide % u64::from(divisor);
        }
        self.trim();
        rest as u32
    }

    fn into_decimal(mut self) -> String {
        // Nine digits at a time, lowest first.
        let mut chunks = Vec::new();
        while !self.0.is_empty() {
            chunks.push(self.div_small(1_000_000_000));
        }
        let mut text = chunks.pop().map_or_else(|| "0".to_owned(), |top| top.to_string());
        for chunk in chunks.iter().rev() {
            text.push_str(&format!("{chunk:09}"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::{fixed, shortest};
    use crate::quiz::shuffle::Shuffler;

    fn check(x: f64) {
        for decimals in 0..=4 {
            assert_eq!(fixed(x, decimals), format!("{x:.decimals$}"), "{x:e} with {decimals} decimals");
        }
    }

    #[test]
    fn special_values_are_written_as_the_standard_library_writes_them() {
        for x in [0.0, -0.0, f64::NAN, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE, -f64::MIN_POSITIVE, f64::MAX, f64::MIN, f64::EPSILON, 5e-324, -5e-324] {
            check(x);
        }
        assert_eq!(fixed(f64::MAX, 0).len(), 309);
        assert_eq!(fixed(-0.04, 1), "-0.0");
    }

    #[test]
    fn ties_round_to_even_and_near_ties_follow_the_exact_binary_value() {
        for x in [0.5, 1.5, 2.5, -2.5, 0.25, 0.35, 0.125, 1.005, 2.675, 1.045, 0.045, 99.95, 99.995, 1e21 + 0.5, 4503599627370495.5, 9007199254740993.0] {
            check(x);
        }
        assert_eq!(fixed(0.25, 1), "0.2");
        assert_eq!(fixed(0.35, 1), "0.3"); // 0.34999999999999997779…
    }

    #[test]
    fn the_dashboards_values_are_written_as_format_writes_them() {
        // Percentages k/n of every small class, times in tenths of a second, correlations.
        for n in 1..=200u32 {
            for k in 0..=n {
                check(100.0 * f64::from(k) / f64::from(n));
                check(f64::from(k) / f64::from(n) * 2.0 - 1.0);
            }
        }
        for tenths in 0..100_000u32 {
            check(f64::from(tenths) / 10.0);
        }
    }

    /// Any 64 bits read as a double: every magnitude, subnormals, NaNs and infinities included.
    fn any_double(random: &mut Shuffler) -> f64 {
        // `below(u32::MAX)` never draws the top value; the last bit is drawn on its own.
        f64::from_bits((u64::from(random.below(u32::MAX)) << 32) | u64::from(random.below(u32::MAX)) | u64::from(random.below(2)))
    }

    /// A value as a page shows one: a random integer below 10^9 divided by a power of ten, 3 or 7.
    fn page_value(random: &mut Shuffler) -> f64 {
        let scale = [1.0, 10.0, 100.0, 1000.0, 1e6, 1e9, 3.0, 7.0][random.below(8) as usize];
        f64::from(random.below(1_000_000_000)) / scale
    }

    #[test]
    fn random_doubles_of_every_magnitude_are_written_as_format_writes_them() {
        let mut random = Shuffler::new(0x5eed_f1c5);
        for _ in 0..200_000 {
            check(any_double(&mut random));
        }
        for _ in 0..100_000 {
            check(page_value(&mut random));
        }
    }

    fn check_shortest(x: f64) {
        assert_eq!(shortest(x), format!("{x}"), "{x:e}");
    }

    #[test]
    fn shortest_special_values_powers_of_two_and_subnormals_are_written_as_format_writes_them() {
        for x in [0.0, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE, f64::MAX, f64::MIN, f64::EPSILON, 5e-324, -5e-324, 0.1, 0.3, 1.0, 99.9, 0.1 + 0.2, 1e21, 1e22, 123456789012345680.0] {
            check_shortest(x);
        }
        // Every power of two: the smallest subnormals, then each exponent with a zero fraction.
        for bits in (0..52).map(|k| 1u64 << k).chain((1..2047).map(|e| e << 52)) {
            let x = f64::from_bits(bits);
            for y in [x, -x, f64::from_bits(bits + 1), f64::from_bits(bits - 1)] {
                check_shortest(y);
            }
        }
        for bits in (1..500u64).chain((0..500).map(|i| (1 << 52) - i)) {
            check_shortest(f64::from_bits(bits));
        }
        for p in -308..=308 {
            let x: f64 = format!("1e{p}").parse().unwrap();
            for y in [x, f64::from_bits(x.to_bits() + 1), f64::from_bits(x.to_bits() - 1), 5.0 * x, 9.5 * x] {
                check_shortest(y);
            }
        }
    }

    #[test]
    fn shortest_random_doubles_of_every_magnitude_are_written_as_format_writes_them() {
        let mut random = Shuffler::new(0x5eed_5407);
        for _ in 0..12_000 {
            check_shortest(any_double(&mut random));
        }
        for _ in 0..12_000 {
            check_shortest(page_value(&mut random));
        }
    }

    #[test]
    fn shortest_breaks_a_tie_between_two_equally_short_candidates_as_format_does() {
        // 2^(52-k) + m/2^k has its last bit at 2^-k: with k ≥ 2 its half-ulp interval holds both
        // neighbours of one fewer fractional digit, equally far (2^50 + 0.25: …624.2 and …624.3).
        for k in 1..12u32 {
            for m in (1..32u32).step_by(2) {
                let x = 2f64.powi(52 - k as i32) + f64::from(m) / f64::from(1u32 << k);
                check_shortest(x);
                check_shortest(-x);
            }
        }
    }

    #[test]
    fn shortest_writes_the_pages_values_as_format_writes_them() {
        // The incident timeline's x of a tick t of a run of `end` seconds (timeline_chart.rs), analysis
        // values (shares and rates k/n), SLO targets in percent.
        for end in (90..=3630u32).step_by(181).chain(90..=110) {
            for t in 0..=end {
                check_shortest(118.0 + f64::from(t) / f64::from(end) * 470.0);
            }
        }
        for n in 1..=120u32 {
            for k in 0..=n {
                check_shortest(f64::from(k) / f64::from(n));
                check_shortest(f64::from(k) / f64::from(n) * 100.0);
            }
        }
        for k in 0..=20_000u32 {
            check_shortest(f64::from(k) / 1000.0);
            check_shortest(f64::from(k) / 1000.0 * 100.0);
            check_shortest(f64::from(k) / 100.0);
        }
    }
}
