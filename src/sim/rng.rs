//! The simulator's only source of randomness.
//!
//! Architecture invariant: every random draw in the simulator goes through [`SimRng`], which wraps
//! ChaCha8 seeded from a `u64` (`crate::chacha8`: the stream of `rand_chacha::ChaCha8Rng::seed_from_u64`
//! word for word, in less code). ChaCha8 produces the same stream on every platform, and the helpers
//! below only ever draw `u32`/`u64` words (never `usize`, which is 32 bits on wasm32) and only use exact
//! IEEE operations on the results, so a seed gives the same trace natively and in the browser.

use crate::chacha8::ChaCha8;

/// A seeded, portable random number generator with the few draws the simulator needs.
#[derive(Clone, Debug)]
pub struct SimRng {
    inner: ChaCha8,
}

impl SimRng {
    /// Creates the generator for `seed`.
    pub fn new(seed: u64) -> Self {
        SimRng { inner: ChaCha8::seed_from_u64(seed) }
    }

    /// A uniform `u32` in `0..n` (returns 0 when `n` is 0).
    ///
    /// Uses the multiply-shift reduction: the bias is below 2^-32 per value, far under anything a
    /// learner could notice, and it costs one draw, which keeps the stream position predictable.
    pub fn below(&mut self, n: u32) -> u32 {
        if n == 0 {
            return 0;
        }
        ((u64::from(self.inner.next_u32()) * u64::from(n)) >> 32) as u32
    }

    /// A uniform `u32` in `lo..=hi` (returns `lo` when `hi < lo`).
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// A uniform `f64` in `[0, 1)` built from 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.inner.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Approximately standard-normal noise (sum of four uniforms, rescaled).
    ///
    /// Box–Muller would need `ln` and `cos`, whose last bit can differ between the native libm and the
    /// one compiled into wasm; sums of uniforms only need exact arithmetic.
    pub fn noise(&mut self) -> f64 {
        let s = self.unit() + self.unit() + self.unit() + self.unit();
        // Sum of 4 U(0,1): mean 2, variance 4/12.
        (s - 2.0) * 1.732_050_807_568_877_2
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A Kubernetes-style random suffix of `len` characters from the alphabet the API server uses
    /// for generated names (no vowels, no look-alike characters).
    pub fn k8s_suffix(&mut self, len: u32) -> String {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let mut s = String::with_capacity(len as usize);
        for _ in 0..len {
            let i = self.below(ALPHABET.len() as u32) as usize;
            s.push(char::from(ALPHABET.get(i).copied().unwrap_or(b'x')));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = SimRng::new(7);
        let mut b = SimRng::new(7);
        for _ in 0..100 {
            assert_eq!(a.below(1000), b.below(1000));
        }
        assert_eq!(a.k8s_suffix(5), b.k8s_suffix(5));
    }

    #[test]
    fn draws_stay_in_range() {
        let mut r = SimRng::new(1);
        for _ in 0..10_000 {
            assert!(r.below(7) < 7);
            let x = r.range(3, 5);
            assert!((3..=5).contains(&x));
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert_eq!(r.below(0), 0);
        assert_eq!(r.range(5, 2), 5);
    }
}
