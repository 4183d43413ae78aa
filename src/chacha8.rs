//! ChaCha8 as a random number generator: the stream of `rand_chacha::ChaCha8Rng::seed_from_u64`,
//! word for word, in one small block function.
//!
//! `rand_chacha` computes four blocks at a time with its rounds unrolled, which is fast and about
//! 4.3 KB of wasm (the quiz build's `Shuffler::below`, docs/performance.md "Session 11"). This one
//! computes one block at a time, the rounds in a loop: the quiz build's shuffles draw a few dozen
//! words, and the simulator (`sim::rng`, docs/performance.md "Session 12") a few per pod and tick.
//!
//! The generator, as `rand_chacha` defines it (Bernstein's ChaCha with a 64-bit block counter and a
//! 64-bit stream number, the stream 0): the state is the four constant words of "expand 32-byte k",
//! the 32-byte key as eight little-endian words, the block counter (low word first) and the stream;
//! a block is the state after four double rounds (a column round, then a diagonal round) added
//! word by word to the state before them; the words of blocks 0, 1, 2, … are the output in order.
//! `seed_from_u64` makes the key from the `u64` with PCG32 (XSH RR), as `rand_core`'s default
//! `SeedableRng::seed_from_u64` does: eight outputs, each four little-endian bytes of the key.
//!
//! **Invariant:** the same stream as `rand_chacha::ChaCha8Rng::seed_from_u64(seed)` read with
//! `next_u32` and `next_u64` (tested below over many seeds, across block boundaries and a counter
//! carry). `rand_chacha`'s `next_u64` is the next two words, the first the low half, also across
//! a block boundary.

/// "expand 32-byte k" as four little-endian words.
const CONSTANTS: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];

/// The quarter rounds of a double round: four columns, then four diagonals.
const QUARTERS: [[usize; 4]; 8] = [
    [0, 4, 8, 12],
    [1, 5, 9, 13],
    [2, 6, 10, 14],
    [3, 7, 11, 15],
    [0, 5, 10, 15],
    [1, 6, 11, 12],
    [2, 7, 8, 13],
    [3, 4, 9, 14],
];

/// A ChaCha8 generator: its key, the next block's number and the words of the current block left.
#[derive(Clone, Debug)]
pub struct ChaCha8 {
    key: [u32; 8],
    /// The number of the next block to compute.
    counter: u64,
    block: [u32; 16],
    /// Words of `block` already drawn (16: none left).
    used: usize,
}

impl ChaCha8 {
    /// The generator `rand_chacha::ChaCha8Rng::seed_from_u64(seed)` is.
    pub fn seed_from_u64(mut seed: u64) -> Self {
        let mut key = [0; 8];
        for word in &mut key {
            seed = seed.wrapping_mul(0x5851_f42d_4c95_7f2d).wrapping_add(0xa176_54e4_6fbe_17f3);
            *word = ((((seed >> 18) ^ seed) >> 27) as u32).rotate_right((seed >> 59) as u32);
        }
        ChaCha8 { key, counter: 0, block: [0; 16], used: 16 }
    }

    /// The next word of the stream.
    pub fn next_u32(&mut self) -> u32 {
        if self.used == 16 {
            self.block = block(&self.key, self.counter);
            self.counter = self.counter.wrapping_add(1);
            self.used = 0;
        }
        self.used += 1;
        self.block[self.used - 1]
    }

    /// The next two words of the stream, the first as the low half.
    pub fn next_u64(&mut self) -> u64 {
        let low = self.next_u32();
        u64::from(low) | (u64::from(self.next_u32()) << 32)
    }
}

/// Block number `counter` of the stream 0 of `key`.
fn block(key: &[u32; 8], counter: u64) -> [u32; 16] {
    let mut input = [0; 16];
    input[..4].copy_from_slice(&CONSTANTS);
    input[4..12].copy_from_slice(key);
    input[12] = counter as u32;
    input[13] = (counter >> 32) as u32;
    let mut x = input;
    for _ in 0..4 {
        for &[a, b, c, d] in &QUARTERS {
            for (shift, (p, q, r)) in [16, 12, 8, 7].into_iter().zip([(a, b, d), (c, d, b), (a, b, d), (c, d, b)]) {
                x[p] = x[p].wrapping_add(x[q]);
                x[r] = (x[r] ^ x[p]).rotate_left(shift);
            }
        }
    }
    for (word, start) in x.iter_mut().zip(input) {
        *word = word.wrapping_add(start);
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::{Rng, SeedableRng};

    fn same_stream(ours: &mut ChaCha8, theirs: &mut ChaCha8Rng, words: usize, what: &str) {
        for i in 0..words {
            assert_eq!(ours.next_u32(), theirs.next_u32(), "{what}, word {i}");
        }
    }

    #[test]
    fn the_stream_is_rand_chachas() {
        // Seeds near 0 and the top, every bit alone, and a spread of others; 300 words each cross
        // rand_chacha's four-block buffer four times.
        let mut seeds: Vec<u64> = (0..300).chain(u64::MAX - 300..=u64::MAX).collect();
        seeds.extend((0..64).map(|b| 1u64 << b));
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2_000 {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            seeds.push(s);
        }
        for seed in seeds {
            same_stream(
                &mut ChaCha8::seed_from_u64(seed),
                &mut ChaCha8Rng::seed_from_u64(seed),
                300,
                &format!("seed {seed}"),
            );
        }
        // A long stream.
        same_stream(&mut ChaCha8::seed_from_u64(7), &mut ChaCha8Rng::seed_from_u64(7), 100_000, "seed 7");
    }

    #[test]
    fn words_and_double_words_drawn_in_any_order_are_rand_chachas() {
        // Each seed draws its own pattern of u32 and u64, so double words start at every offset of a
        // block and straddle block boundaries (rand_chacha's four-block buffer among them).
        let mut pattern = ChaCha8::seed_from_u64(0x0dd5);
        for seed in (0..200).chain([u64::MAX, 1 << 63, 0x5eed]) {
            let (mut ours, mut theirs) = (ChaCha8::seed_from_u64(seed), ChaCha8Rng::seed_from_u64(seed));
            for i in 0..400 {
                if pattern.next_u32() & 1 == 0 {
                    assert_eq!(ours.next_u32(), theirs.next_u32(), "seed {seed}, draw {i}");
                } else {
                    assert_eq!(ours.next_u64(), theirs.next_u64(), "seed {seed}, draw {i}");
                }
            }
        }
        // Only double words, from the first word and from the second.
        for skip in [false, true] {
            let (mut ours, mut theirs) = (ChaCha8::seed_from_u64(42), ChaCha8Rng::seed_from_u64(42));
            if skip {
                assert_eq!(ours.next_u32(), theirs.next_u32());
            }
            for i in 0..10_000 {
                assert_eq!(ours.next_u64(), theirs.next_u64(), "skip {skip}, double word {i}");
            }
        }
    }

    #[test]
    fn the_block_counter_carries_into_its_high_word() {
        for seed in [0, 1, 0xdead_beef, u64::MAX] {
            for first_block in [u64::from(u32::MAX) - 3, (1 << 40) - 2, u64::MAX - 1] {
                let mut ours = ChaCha8::seed_from_u64(seed);
                ours.counter = first_block;
                let mut theirs = ChaCha8Rng::seed_from_u64(seed);
                theirs.set_word_pos(u128::from(first_block) * 16);
                same_stream(&mut ours, &mut theirs, 16 * 8, &format!("seed {seed} from block {first_block}"));
            }
        }
    }
}
