//! The compact binary form inside links and result codes: LEB128 varints, length-prefixed UTF-8,
//! fixed little-endian integers, read back with the name of the field that is wrong.
//!
//! Why binary rather than JSON: a session of 30 questions fits in a few hundred characters, which
//! keeps the share link short enough for chat tools and QR codes. Why varints: nearly every number
//! (counts, seconds, points) is small, and a varint of a small number is one byte.
//!
//! The reader never panics and never allocates from a length it has not checked against the bytes
//! that are actually there: every input is untrusted.

/// Why a body could not be read. The envelope turns these into [`super::envelope::DecodeError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The bytes ended inside this field.
    Truncated {
        /// The field being read.
        field: &'static str,
    },
    /// A value outside what the format allows.
    OutOfRange {
        /// The field.
        field: &'static str,
        /// The value read (saturated to `u64::MAX` for an over-long varint).
        value: u64,
        /// The smallest allowed.
        min: u64,
        /// The largest allowed.
        max: u64,
    },
    /// A text field that is not UTF-8.
    NotText {
        /// The field.
        field: &'static str,
    },
    /// Bytes left after the last field.
    Trailing {
        /// How many.
        bytes: usize,
    },
}

/// Appends fields to a body.
#[derive(Clone, Debug, Default)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    /// An empty body.
    pub fn new() -> Writer {
        Writer::default()
    }

    /// An unsigned LEB128 varint: 7 bits a byte, high bit set on every byte but the last.
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    /// One byte.
    pub fn byte(&mut self, b: u8) {
        self.bytes.push(b);
    }

    /// A little-endian `u32` (hashes, whose bits are all significant, so a varint would only grow).
    pub fn u32_le(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A little-endian `u64`.
    pub fn u64_le(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A text: its byte length as a varint, then its UTF-8.
    pub fn text(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// The body written.
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads fields from a body, front to back.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], ReadError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(ReadError::Truncated { field })?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    /// A varint; more than ten bytes, or bits past 64, is out of range.
    pub fn varint(&mut self, field: &'static str) -> Result<u64, ReadError> {
        let mut v = 0u64;
        for shift in (0..70).step_by(7) {
            let b = *self.take(1, field)?.first().ok_or(ReadError::Truncated { field })?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err(ReadError::OutOfRange { field, value: u64::MAX, min: 0, max: u64::MAX });
            }
            v |= part << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ReadError::OutOfRange { field, value: u64::MAX, min: 0, max: u64::MAX })
    }

    /// A varint that must lie in `min..=max`.
    pub fn ranged(&mut self, field: &'static str, min: u64, max: u64) -> Result<u64, ReadError> {
        let value = self.varint(field)?;
        if value < min || value > max {
            return Err(ReadError::OutOfRange { field, value, min, max });
        }
        Ok(value)
    }

    /// One byte that must lie in `min..=max`.
    pub fn byte(&mut self, field: &'static str, min: u8, max: u8) -> Result<u8, ReadError> {
        let b = *self.take(1, field)?.first().ok_or(ReadError::Truncated { field })?;
        if b < min || b > max {
            return Err(ReadError::OutOfRange { field, value: u64::from(b), min: u64::from(min), max: u64::from(max) });
        }
        Ok(b)
    }

    /// A little-endian `u32`.
    pub fn u32_le(&mut self, field: &'static str) -> Result<u32, ReadError> {
        let b = self.take(4, field)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A little-endian `u64`.
    pub fn u64_le(&mut self, field: &'static str) -> Result<u64, ReadError> {
        let b = self.take(8, field)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// A text of at most `max_bytes` bytes of UTF-8.
    pub fn text(&mut self, field: &'static str, max_bytes: usize) -> Result<String, ReadError> {
        let len = self.ranged(field, 0, max_bytes as u64)? as usize;
        let raw = self.take(len, field)?;
        std::str::from_utf8(raw).map(str::to_owned).map_err(|_| ReadError::NotText { field })
    }

    /// Bytes not read yet: a count read next can be at most this, since every item takes a byte
    /// or more. Checking a count against it first means no input can make the reader allocate
    /// more than the input's own size.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    /// A count of items of at least one byte each, at most `max`.
    pub fn count(&mut self, field: &'static str, max: u64) -> Result<usize, ReadError> {
        let n = self.ranged(field, 0, max)?;
        if n > self.remaining() as u64 {
            return Err(ReadError::Truncated { field });
        }
        Ok(n as usize)
    }

    /// Succeeds when every byte was read.
    pub fn end(&self) -> Result<(), ReadError> {
        match self.remaining() {
            0 => Ok(()),
            bytes => Err(ReadError::Trailing { bytes }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_every_width() {
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u64::from(u32::MAX), u64::MAX - 1, u64::MAX] {
            let mut w = Writer::new();
            w.varint(v);
            let bytes = w.finish();
            let mut r = Reader::new(&bytes);
            assert_eq!(r.varint("v"), Ok(v));
            assert_eq!(r.end(), Ok(()));
        }
    }

    #[test]
    fn bad_bodies_name_the_field() {
        assert_eq!(Reader::new(&[0x80]).varint("n"), Err(ReadError::Truncated { field: "n" }));
        assert!(matches!(Reader::new(&[0xff; 11]).varint("n"), Err(ReadError::OutOfRange { field: "n", .. })));
        assert!(matches!(Reader::new(&[0x7f]).ranged("n", 1, 5), Err(ReadError::OutOfRange { value: 127, .. })));
        assert_eq!(Reader::new(&[2, 0xff, 0xfe]).text("t", 10), Err(ReadError::NotText { field: "t" }));
        assert_eq!(Reader::new(&[5, b'a']).text("t", 10), Err(ReadError::Truncated { field: "t" }));
        assert_eq!(Reader::new(&[100, 1]).count("c", 1000), Err(ReadError::Truncated { field: "c" }));
        assert_eq!(Reader::new(&[1]).end(), Err(ReadError::Trailing { bytes: 1 }));
    }
}
