//! Features as 64-bit hashes of (template, value).
//!
//! A feature like "suffix-2 = ية" is never stored as a string: it is hashed
//! once into a `u64`, and the model keeps weights only for hashes seen in
//! training. 64 bits make collisions negligible at our sizes.

use std::hash::Hasher;

/// A hashed feature.
pub type Hashed = u64;

/// A final avalanche over a 64-bit value (splitmix64's), for hashes built
/// by hand.
#[inline]
pub fn mix(h: u64) -> u64 {
    let mut z = h.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The first `n` characters of `s` (all of it when shorter): `كتاب`, 2 →
/// `كت` ("book").
pub fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The last `n` characters of `s` (all of it when shorter): `مدرسة`, 2 →
/// `سة` ("school").
pub fn suffix(s: &str, n: usize) -> &str {
    // From the end: one walk over `n` characters, not two over the word.
    match n.checked_sub(1).map(|k| s.char_indices().nth_back(k)) {
        Some(Some((i, _))) => &s[i..],
        Some(None) => s,
        None => "",
    }
}

/// Hash a template id with one string value.
#[inline]
pub fn hash1(template: u8, value: &str) -> Hashed {
    let mut h = rustc_hash::FxHasher::default();
    h.write_u8(template);
    h.write(value.as_bytes());
    mix(h.finish())
}

/// Hash a template id with two string values.
#[inline]
pub fn hash2(template: u8, a: &str, b: &str) -> Hashed {
    let mut h = rustc_hash::FxHasher::default();
    h.write_u8(template);
    h.write(a.as_bytes());
    h.write_u8(0xFF); // not valid UTF-8: keeps ("ab","c") apart from ("a","bc")
    h.write(b.as_bytes());
    mix(h.finish())
}

/// FxHasher's multiplier (rustc-hash 2, 64-bit); a test checks that the
/// piecewise hashes below agree with [`hash1`] and [`hash2`].
const FX_K: u64 = 0xf135_7aea_2e62_a9c5;

/// A string's share of a feature hash, computed once and combined with
/// any template by [`hash1p`] / [`hash2p`] into exactly the value
/// [`hash1`] / [`hash2`] give for the string. A word's affixes and a tag's
/// name are used by many templates and many decisions; hashing their bytes
/// once instead of per feature is most of the saving.
///
/// FxHasher keeps one word `h` and does `h = (h + x) * K` per write, where
/// a byte string is first reduced to one `u64`; so a fresh hasher's state
/// after writing `s` is that reduction times `K`, and it enters any longer
/// hash additively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Piece(u64);

impl Piece {
    /// The piece of `s`.
    #[inline]
    pub fn of(s: &str) -> Piece {
        let mut h = rustc_hash::FxHasher::default();
        h.write(s.as_bytes());
        // `finish` rotates the state left by 26; undo it.
        Piece(h.finish().rotate_right(26))
    }
}

/// [`hash1`] of a string given by its piece.
#[inline]
pub fn hash1p(template: u8, value: Piece) -> Hashed {
    let h = (template as u64).wrapping_mul(FX_K).wrapping_mul(FX_K).wrapping_add(value.0);
    mix(h.rotate_left(26))
}

/// [`hash2`] of two strings given by their pieces.
#[inline]
pub fn hash2p(template: u8, a: Piece, b: Piece) -> Hashed {
    let h = (template as u64).wrapping_mul(FX_K).wrapping_mul(FX_K).wrapping_add(a.0);
    let h = h.wrapping_add(0xFF).wrapping_mul(FX_K).wrapping_mul(FX_K).wrapping_add(b.0);
    mix(h.rotate_left(26))
}

/// The features of one decision, reused between decisions to avoid
/// allocation.
#[derive(Debug, Clone)]
pub struct FeatureSet {
    /// The hashes.
    pub items: Vec<Hashed>,
}

impl Default for FeatureSet {
    /// Room for a decision's features from the start: a set built once per
    /// token (the entity tagger's) would otherwise grow through four or
    /// five reallocations each time.
    fn default() -> Self {
        FeatureSet { items: Vec::with_capacity(64) }
    }
}

impl FeatureSet {
    /// Empty it for the next decision.
    #[inline]
    pub fn clear(&mut self) {
        self.items.clear();
    }
    /// Add `template = value`.
    #[inline]
    pub fn add(&mut self, template: u8, value: &str) {
        self.items.push(hash1(template, value));
    }
    /// Add `template = (a, b)`.
    #[inline]
    pub fn add2(&mut self, template: u8, a: &str, b: &str) {
        self.items.push(hash2(template, a, b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_values_separate() {
        assert_ne!(hash1(1, "كتاب"), hash1(2, "كتاب"));
        assert_ne!(hash1(1, "كتاب"), hash1(1, "كتب"));
        assert_ne!(hash2(1, "ab", "c"), hash2(1, "a", "bc"));
        assert_eq!(hash2(3, "في", "بيت"), hash2(3, "في", "بيت"));
    }

    #[test]
    fn affixes() {
        assert_eq!(suffix("مدرسة", 2), "سة");
        assert_eq!(suffix("مدرسة", 5), "مدرسة");
        assert_eq!(suffix("مدرسة", 9), "مدرسة");
        assert_eq!(suffix("", 2), "");
        assert_eq!(suffix("ab", 0), "");
        assert_eq!(prefix("كتاب", 2), "كت");
        assert_eq!(prefix("كتاب", 7), "كتاب");
    }

    #[test]
    fn pieces_give_the_same_hashes() {
        let words = ["", "a", "ال", "كتاب", "مدرسة", "<s>", "NOUN", "الولاياتالمتحدة", "0123456789abcdefg"];
        for t in [0u8, 1, 29, 77, 255] {
            for a in words {
                assert_eq!(hash1p(t, Piece::of(a)), hash1(t, a), "{t} {a}");
                for b in words {
                    assert_eq!(hash2p(t, Piece::of(a), Piece::of(b)), hash2(t, a, b), "{t} {a} {b}");
                }
            }
        }
    }
}
