//! Byte spans into the original text and typed ids between layers.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a text.
///
/// Spans in a [`crate::Document`] layer always point into the *original* text
/// and always fall on UTF-8 character boundaries.
///
/// ```
/// use khabar::Span;
/// let text = "قال الوزير"; // "the minister said"
/// let s = Span::new(0, 6);
/// assert_eq!(s.slice(text), "قال");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    #[inline]
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start: start as u32, end: end as u32 }
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no bytes.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }

    /// As a `Range<usize>`.
    #[inline]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The covered slice of `text`.
    #[inline]
    pub fn slice(self, text: &str) -> &str {
        &text[self.range()]
    }

    /// True when `other` lies inside `self`.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the layer's vector.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// Index of a [`crate::Token`] in `Document::tokens`.
    TokenId
);
id_type!(
    /// Index of a [`crate::Sentence`] in `Document::sentences`.
    SentenceId
);
