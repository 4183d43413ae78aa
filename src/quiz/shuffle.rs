//! Seeded, portable shuffles: the question order of a run and each question's option and step order.
//!
//! Architecture invariant: every draw is a `u32` from ChaCha8 seeded with a `u64` (`crate::chacha8`,
//! the stream of `rand_chacha::ChaCha8Rng::seed_from_u64` in less code), reduced by multiply-shift;
//! never a `usize` (32 bits on wasm32, 64 natively) and never `SmallRng` (whose algorithm differs by
//! platform). The same seed therefore gives the same run in the browser, in
//! tests and, later, on every learner's machine in an instructor session.

use crate::chacha8::ChaCha8;

/// A seeded source of permutations. One `Shuffler` deals a whole run, in a fixed sequence (the
/// question order first, then each question in run order), so a run is a function of its seed.
#[derive(Clone, Debug)]
pub struct Shuffler {
    rng: ChaCha8,
}

impl Shuffler {
    /// The shuffler for `seed`.
    pub fn new(seed: u64) -> Self {
        Shuffler { rng: ChaCha8::seed_from_u64(seed) }
    }

    /// A uniform value in `0..n` (0 when `n` is 0); the bias of multiply-shift is below 2^-32.
    pub fn below(&mut self, n: u32) -> u32 {
        ((u64::from(self.rng.next_u32()) * u64::from(n)) >> 32) as u32
    }

    /// A uniform permutation of `0..n` (Fisher–Yates).
    pub fn permutation(&mut self, n: u32) -> Vec<u32> {
        let mut items: Vec<u32> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.below(i + 1);
            items.swap(i as usize, j as usize);
        }
        items
    }

    /// A permutation of `0..n` for options and steps (at most 255 items, which no pack approaches:
    /// the reader allows 6 options and 7 steps).
    pub fn small_permutation(&mut self, n: usize) -> Vec<u8> {
        let n = n.min(usize::from(u8::MAX)) as u32;
        self.permutation(n).into_iter().map(|i| i as u8).collect()
    }

    /// A permutation of `0..n` that is never the identity when `n ≥ 2`: ordering steps must never be
    /// shown already in the right order, or the question answers itself.
    ///
    /// When the uniform draw happens to be the identity it is rotated by one, which keeps the result
    /// a function of the seed and costs no extra draws (so later questions are dealt the same).
    pub fn scrambled(&mut self, n: usize) -> Vec<u8> {
        let mut p = self.small_permutation(n);
        if p.len() >= 2 && p.iter().enumerate().all(|(i, &v)| usize::from(v) == i) {
            p.rotate_left(1);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_permutation(p: &[u8], n: usize) -> bool {
        let mut seen = vec![false; n];
        p.len() == n && p.iter().all(|&i| seen.get_mut(usize::from(i)).is_some_and(|s| !std::mem::replace(s, true)))
    }

    #[test]
    fn permutations_are_permutations_and_seeded() {
        for seed in 0..200 {
            let p = Shuffler::new(seed).small_permutation(6);
            assert!(is_permutation(&p, 6));
            assert_eq!(p, Shuffler::new(seed).small_permutation(6));
        }
        assert!(Shuffler::new(1).permutation(0).is_empty());
        assert_eq!(Shuffler::new(1).permutation(1), vec![0]);
    }

    #[test]
    fn scrambled_is_never_in_order() {
        for seed in 0..2_000 {
            for n in 2..=7 {
                let p = Shuffler::new(seed).scrambled(n);
                assert!(is_permutation(&p, n));
                assert!(p.iter().enumerate().any(|(i, &v)| usize::from(v) != i), "seed {seed} n {n}");
            }
        }
    }

    #[test]
    fn every_position_is_reached() {
        // Over many seeds, item 0 lands in every one of 4 places: the shuffle is not stuck.
        let mut places = [0u32; 4];
        for seed in 0..400 {
            let p = Shuffler::new(seed).small_permutation(4);
            let at = p.iter().position(|&v| v == 0).unwrap_or(0);
            places[at] += 1;
        }
        assert!(places.iter().all(|&c| c > 60), "{places:?}");
    }
}
