//! Base64url without padding (RFC 4648 §5), written out because it is thirty lines and a crate
//! would cost more in the wasm than it saves here.
//!
//! Why base64url: its alphabet (`A–Z a–z 0–9 - _`) is safe in a URL fragment and in a file name,
//! survives copy and paste, and never needs percent-encoding, so a share link stays one word.
//! Padding (`=`) is left off: the length already says how many bytes the last group holds.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a text is not base64url.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64Error {
    /// A character outside the alphabet, at this byte offset of the text given.
    BadCharacter {
        /// Byte offset in the text decoded.
        offset: usize,
        /// The character found.
        found: char,
    },
    /// A length that no byte string encodes to (one character left over in the last group): the
    /// text was cut short or one character was added.
    BadLength,
    /// The last character carries bits that no byte string sets: the text was altered.
    NonCanonical,
}

/// Encodes `bytes` as base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // A chunk of k bytes needs k + 1 characters.
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// The 6-bit value of an alphabet character.
fn value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// Decodes base64url without padding. Strict: only the alphabet, a possible length, and zero
/// unused bits at the end, so every byte string has exactly one text (two texts that decode to
/// the same bytes would let a mangled link slip past the checksum).
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    for (offset, found) in text.char_indices() {
        if !found.is_ascii() || value(found as u8).is_none() {
            return Err(Base64Error::BadCharacter { offset, found });
        }
    }
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return Err(Base64Error::BadLength);
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for group in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in group.iter().enumerate() {
            n |= value(c).unwrap_or(0) << (18 - 6 * i);
        }
        let full = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = group.len() - 1;
        if full[keep..].iter().any(|&b| b != 0) {
            return Err(Base64Error::NonCanonical);
        }
        out.extend_from_slice(&full[..keep]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_vectors_without_padding() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn every_length_round_trips() {
        let bytes: Vec<u8> = (0..=255).collect();
        for n in 0..bytes.len() {
            assert_eq!(decode(&encode(&bytes[..n])).unwrap(), &bytes[..n]);
        }
    }

    #[test]
    fn strictness() {
        assert_eq!(decode("Zm9v+g"), Err(Base64Error::BadCharacter { offset: 4, found: '+' }));
        assert_eq!(decode("Zé"), Err(Base64Error::BadCharacter { offset: 1, found: 'é' }));
        assert_eq!(decode("Zm9vY"), Err(Base64Error::BadLength));
        assert_eq!(decode("Zh"), Err(Base64Error::NonCanonical), "Zg and Zh would both read as 'f'");
    }
}
