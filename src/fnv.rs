//! FNV-1a, a tiny hash whose value is the same on every platform and every run.
//!
//! Used where a stable fingerprint must match across native and wasm builds (asset names,
//! trace hashes, checksums of share links), which `std`'s `DefaultHasher` does not promise.

/// FNV-1a 64-bit offset basis.
pub const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// Folds `bytes` into a running FNV-1a state (start from [`OFFSET`]).
pub fn update(mut state: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        state ^= u64::from(b);
        state = state.wrapping_mul(PRIME);
    }
    state
}

/// The FNV-1a 64-bit hash of `bytes`.
pub fn hash(bytes: &[u8]) -> u64 {
    update(OFFSET, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_published_vectors() {
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
