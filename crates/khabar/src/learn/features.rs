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
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    let (i, _) = s.char_indices().nth(count - n).expect("in range");
    &s[i..]
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

/// The features of one decision, reused between decisions to avoid
/// allocation.
#[derive(Debug, Default, Clone)]
pub struct FeatureSet {
    /// The hashes.
    pub items: Vec<Hashed>,
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
}
