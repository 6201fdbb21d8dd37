//! The text that stands for a byte haystack in the flavors whose byte semantics are one
//! character per byte (Python bytes patterns, PCRE2 without UTF): byte `b` is the
//! character U+00`b` (Latin-1), so the `&str` engines run unchanged, and offsets are mapped
//! back to the bytes.
//!
//! An ASCII haystack is its own text (no copy, identity mapping). Otherwise the text is
//! built once per search or iteration (linear) and the mapping costs a binary search over
//! the positions of the bytes at or above 0x80, the only ones that take two bytes of text.

use std::borrow::Cow;

/// A byte haystack read as Latin-1 text.
#[derive(Debug)]
pub(crate) struct Latin1<'h> {
    text: Cow<'h, str>,
    /// Byte offsets (in the haystack) of the bytes ≥ 0x80, in order.
    high: Vec<usize>,
}

impl<'h> Latin1<'h> {
    pub(crate) fn new(bytes: &'h [u8]) -> Latin1<'h> {
        if let Some(ascii) = bytes
            .is_ascii()
            .then(|| std::str::from_utf8(bytes).ok())
            .flatten()
        {
            return Latin1 {
                text: Cow::Borrowed(ascii),
                high: Vec::new(),
            };
        }
        let mut high = Vec::new();
        let mut text = String::with_capacity(bytes.len() + bytes.len() / 4);
        for (i, &b) in bytes.iter().enumerate() {
            if b >= 0x80 {
                high.push(i);
            }
            text.push(char::from(b));
        }
        Latin1 {
            text: Cow::Owned(text),
            high,
        }
    }

    /// The haystack offset of text offset `t` (a character boundary of the text).
    pub(crate) fn to_bytes(&self, t: usize) -> usize {
        // The i-th high byte starts at text offset high[i] + i; count those before `t`.
        let (mut lo, mut hi) = (0, self.high.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.high[mid] + mid < t {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        t - lo
    }

    /// The text offset of haystack offset `b`.
    pub(crate) fn to_text(&self, b: usize) -> usize {
        b + self.high.partition_point(|&h| h < b)
    }

    /// Text slots mapped to haystack offsets.
    pub(crate) fn slots_to_bytes(&self, slots: &[Option<usize>]) -> Vec<Option<usize>> {
        slots.iter().map(|s| s.map(|t| self.to_bytes(t))).collect()
    }
}

impl AsRef<str> for Latin1<'_> {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip() {
        let bytes = b"a\xe9\xff\x00b\x80";
        let l = Latin1::new(bytes);
        assert_eq!(l.as_ref(), "a\u{e9}\u{ff}\u{0}b\u{80}");
        for b in 0..=bytes.len() {
            let t = l.to_text(b);
            assert!(l.as_ref().is_char_boundary(t));
            assert_eq!(l.to_bytes(t), b);
        }
        assert_eq!(l.to_text(bytes.len()), l.as_ref().len());
    }

    #[test]
    fn ascii_is_borrowed() {
        let l = Latin1::new(b"plain");
        assert!(matches!(l.text, Cow::Borrowed("plain")));
        assert_eq!(l.to_bytes(3), 3);
        assert_eq!(l.to_text(3), 3);
    }
}
