//! A float written with a fixed number of decimals, exactly as `format!("{x:.N}")` writes it, without
//! the standard library's float formatting.
//!
//! `core`'s float formatting (Grisu with a Dragon fallback, and their tables) is about 20 KB of wasm,
//! and it comes into a build with the first `{:.1}`: the results dashboard's few percentages and
//! times carried all of it (docs/performance.md, "Session 11"). The value of a finite `f64` is
//! `m × 2^e` exactly, so `x × 10^N` rounded to an integer is plain integer arithmetic: a small big
//! number, shifted, rounded half to even as the standard library rounds, then written in decimal.
//! Tested against `format!` over every kind of value (`tests` below).

/// `x` with `decimals` digits after the point, as `format!("{x:.decimals$}")` writes it: `-` for a
/// negative value (and negative zero), `NaN`, `inf` and `-inf` as they are.
pub fn fixed(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
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
    use super::fixed;
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

    #[test]
    fn random_doubles_of_every_magnitude_are_written_as_format_writes_them() {
        let mut random = Shuffler::new(0x5eed_f1c5);
        for _ in 0..200_000 {
            let bits = (u64::from(random.below(u32::MAX)) << 32) | u64::from(random.below(u32::MAX)) | u64::from(random.below(2));
            check(f64::from_bits(bits));
        }
        for _ in 0..100_000 {
            // Values a page shows: between 1e-6 and 1e9, scaled from random integers.
            let whole = f64::from(random.below(1_000_000_000));
            let scale = [1.0, 10.0, 100.0, 1000.0, 1e6, 1e9][random.below(6) as usize];
            check(whole / scale);
        }
    }
}
