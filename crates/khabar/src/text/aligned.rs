//! Normalized text that remembers where every byte came from.

use crate::Span;

/// One stretch of the normalized text and the original bytes it came from.
///
/// A *linear* segment has the same length on both sides and maps byte for
/// byte (a plain copy, or a same-width substitution such as `ک`→`ك`). A
/// non-linear one (a digit `٣` that became `3`, a ligature `ﻻ` that became
/// `لا`) maps as a whole: any byte inside it maps to the whole original range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    norm_start: u32,
    orig_start: u32,
    orig_end: u32,
    linear: bool,
}

/// A normalized string with a map from each of its bytes back to the original.
///
/// Every normalizer in khabar produces one, so any offset computed on
/// normalized text maps back to the original text that the user gave.
/// Original bytes that were dropped (tatweel, diacritics, bidi marks) are
/// covered by no normalized byte; a span that straddles them maps to an
/// original span that includes them.
///
/// ```
/// use khabar::text::{normalize, Level};
/// let original = "كـتاب"; // "book", with a tatweel
/// let norm = normalize(original, Level::Nlp);
/// assert_eq!(norm.as_str(), "كتاب");
/// let whole = norm.to_original(khabar::Span::new(0, norm.as_str().len()));
/// assert_eq!(whole.slice(original), "كـتاب");
/// ```
#[derive(Debug, Clone, Default)]
pub struct AlignedText {
    text: String,
    segments: Vec<Segment>,
    orig_len: u32,
}

impl AlignedText {
    /// The text unchanged: every byte maps to itself.
    pub fn identity(original: &str) -> Self {
        let mut b = AlignedBuilder::with_capacity(original.len());
        b.copy(original, 0);
        b.finish(original.len())
    }

    /// The normalized string.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in bytes of the original text this was made from.
    #[inline]
    pub fn original_len(&self) -> usize {
        self.orig_len as usize
    }

    /// True when the normalized text is byte-for-byte the original.
    pub fn is_identity(&self) -> bool {
        self.text.len() == self.orig_len as usize
            && self.segments.iter().all(|s| s.linear && s.orig_start == s.norm_start)
    }

    /// The map's pieces in order: normalized byte range, original byte
    /// range, and whether the piece maps byte for byte.
    pub(crate) fn pieces(&self) -> impl Iterator<Item = (std::ops::Range<usize>, std::ops::Range<usize>, bool)> + '_ {
        self.segments.iter().enumerate().map(|(i, s)| {
            (s.norm_start as usize..self.seg_norm_end(i) as usize, s.orig_start as usize..s.orig_end as usize, s.linear)
        })
    }

    fn segment_at(&self, norm_byte: u32) -> usize {
        // Last segment whose norm_start <= norm_byte.
        self.segments.partition_point(|s| s.norm_start <= norm_byte).saturating_sub(1)
    }

    fn seg_norm_end(&self, i: usize) -> u32 {
        self.segments.get(i + 1).map_or(self.text.len() as u32, |s| s.norm_start)
    }

    /// Original byte offset where normalized byte `pos` starts; for `pos`
    /// at the end of the text, the end of the original.
    pub fn start_to_original(&self, pos: usize) -> usize {
        let pos = pos as u32;
        if pos as usize >= self.text.len() || self.segments.is_empty() {
            return self.orig_len as usize;
        }
        let s = self.segments[self.segment_at(pos)];
        if s.linear {
            (s.orig_start + (pos - s.norm_start)) as usize
        } else {
            s.orig_start as usize
        }
    }

    /// Original byte offset where normalized byte `pos - 1` ends (the end of
    /// a span ending at `pos`); `0` for `pos == 0`.
    pub fn end_to_original(&self, pos: usize) -> usize {
        if pos == 0 || self.segments.is_empty() {
            return 0;
        }
        let last = (pos - 1) as u32;
        let i = self.segment_at(last);
        let s = self.segments[i];
        if s.linear {
            (s.orig_start + (pos as u32 - s.norm_start)) as usize
        } else {
            debug_assert!(pos as u32 <= self.seg_norm_end(i));
            s.orig_end as usize
        }
    }

    /// Map a span of the normalized text to the span of the original text it
    /// came from. An empty span maps to an empty span at its start.
    pub fn to_original(&self, span: Span) -> Span {
        let start = self.start_to_original(span.start as usize);
        if span.is_empty() {
            return Span::new(start, start);
        }
        let end = self.end_to_original(span.end as usize).max(start);
        Span::new(start, end)
    }
}

/// Maps many spans of an [`AlignedText`] in increasing order cheaply: it
/// remembers the last segment and walks forward instead of searching.
#[derive(Debug)]
pub struct Mapper<'a> {
    text: &'a AlignedText,
    seg: usize,
}

impl<'a> Mapper<'a> {
    /// A mapper starting at the beginning of `text`.
    pub fn new(text: &'a AlignedText) -> Self {
        Mapper { text, seg: 0 }
    }

    fn seek(&mut self, norm_byte: u32) -> usize {
        let segs = &self.text.segments;
        if self.seg >= segs.len() || segs[self.seg].norm_start > norm_byte {
            self.seg = self.text.segment_at(norm_byte);
        }
        while self.seg + 1 < segs.len() && segs[self.seg + 1].norm_start <= norm_byte {
            self.seg += 1;
        }
        self.seg
    }

    /// Same as [`AlignedText::to_original`].
    pub fn to_original(&mut self, span: Span) -> Span {
        let t = self.text;
        if t.segments.is_empty() {
            return Span::new(t.orig_len as usize, t.orig_len as usize);
        }
        let start = if span.start as usize >= t.text.len() {
            t.orig_len
        } else {
            let s = t.segments[self.seek(span.start)];
            if s.linear { s.orig_start + (span.start - s.norm_start) } else { s.orig_start }
        };
        if span.is_empty() {
            return Span::new(start as usize, start as usize);
        }
        let s = t.segments[self.seek(span.end - 1)];
        let end = if s.linear { s.orig_start + (span.end - s.norm_start) } else { s.orig_end };
        Span::new(start as usize, end.max(start) as usize)
    }
}

/// A saved position of an [`AlignedBuilder`].
#[derive(Debug, Clone, Copy)]
pub struct BuilderMark {
    text_len: usize,
    segments: usize,
    last: Option<Segment>,
}

impl BuilderMark {
    /// Length of the normalized text at the mark.
    pub fn text_len(&self) -> usize {
        self.text_len
    }
}

/// Builds an [`AlignedText`] left to right, one original piece at a time.
///
/// Pieces must be pushed in original order without overlap; original bytes
/// that are skipped over are "dropped".
#[derive(Debug)]
pub struct AlignedBuilder {
    text: String,
    segments: Vec<Segment>,
}

impl AlignedBuilder {
    /// An empty builder expecting about `cap` bytes of output.
    pub fn with_capacity(cap: usize) -> Self {
        AlignedBuilder { text: String::with_capacity(cap), segments: Vec::new() }
    }

    /// The normalized text so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Append `s`, which came unchanged in length from original bytes
    /// starting at `orig_start` (`s.len()` of them).
    #[inline]
    pub fn copy(&mut self, s: &str, orig_start: usize) {
        if s.is_empty() {
            return;
        }
        let norm_start = self.text.len() as u32;
        let orig_start = orig_start as u32;
        let orig_end = orig_start + s.len() as u32;
        self.text.push_str(s);
        if let Some(last) = self.segments.last_mut() {
            if last.linear && last.orig_end == orig_start {
                last.orig_end = orig_end;
                return;
            }
        }
        self.segments.push(Segment { norm_start, orig_start, orig_end, linear: true });
    }

    /// Append `s`, which replaces the original bytes `orig` as a whole. A
    /// one-character replacement of the same byte length (`ک`→`ك`) maps byte
    /// for byte; anything else maps as a block, so that no offset can land
    /// inside a character on either side.
    #[inline]
    pub fn replace(&mut self, s: &str, orig: std::ops::Range<usize>) {
        if s.len() == orig.len() && s.chars().nth(1).is_none() {
            self.copy(s, orig.start);
            return;
        }
        self.replace_whole(s, orig);
    }

    /// Append `s`, which replaces the original bytes `orig` as a block.
    #[inline]
    pub fn replace_whole(&mut self, s: &str, orig: std::ops::Range<usize>) {
        if s.is_empty() {
            return;
        }
        let norm_start = self.text.len() as u32;
        self.text.push_str(s);
        self.segments.push(Segment {
            norm_start,
            orig_start: orig.start as u32,
            orig_end: orig.end as u32,
            linear: false,
        });
    }

    /// A point to come back to with [`AlignedBuilder::rewind`].
    pub fn mark(&self) -> BuilderMark {
        BuilderMark { text_len: self.text.len(), segments: self.segments.len(), last: self.segments.last().copied() }
    }

    /// Undo everything appended since `mark`.
    pub fn rewind(&mut self, mark: BuilderMark) {
        self.text.truncate(mark.text_len);
        self.segments.truncate(mark.segments);
        if let (Some(last), Some(saved)) = (self.segments.last_mut(), mark.last) {
            // A later copy may have extended the last segment in place.
            *last = saved;
        }
    }

    /// Finish, given the original text's length.
    pub fn finish(self, orig_len: usize) -> AlignedText {
        AlignedText { text: self.text, segments: self.segments, orig_len: orig_len as u32 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_every_offset_to_itself() {
        let t = "سلام عليكم";
        let a = AlignedText::identity(t);
        assert!(a.is_identity());
        for i in 0..=t.len() {
            assert_eq!(a.start_to_original(i), if i == t.len() { t.len() } else { i });
        }
        assert_eq!(a.to_original(Span::new(0, 8)), Span::new(0, 8));
    }

    #[test]
    fn replaced_piece_maps_as_a_whole() {
        // "٣٠ يوما" ("30 days") with Arabic-Indic digits becoming ASCII.
        let orig = "٣٠ يوما";
        let mut b = AlignedBuilder::with_capacity(16);
        b.replace("3", 0..2);
        b.replace("0", 2..4);
        b.copy(&orig[4..], 4);
        let a = b.finish(orig.len());
        assert_eq!(a.as_str(), "30 يوما");
        assert_eq!(a.to_original(Span::new(0, 2)).slice(orig), "٣٠");
        assert_eq!(a.to_original(Span::new(3, a.as_str().len())).slice(orig), "يوما");
    }

    #[test]
    fn mapper_agrees_with_to_original() {
        let orig = "كـتاب ٣٠ و\u{FEFB}";
        let a = crate::text::normalize(orig, crate::text::Level::Nlp);
        let n = a.as_str().len();
        let mut m = Mapper::new(&a);
        for s in 0..=n {
            for e in s..=n {
                if a.as_str().is_char_boundary(s) && a.as_str().is_char_boundary(e) {
                    assert_eq!(m.to_original(Span::new(s, e)), a.to_original(Span::new(s, e)), "{s}..{e}");
                }
            }
        }
    }

    #[test]
    fn dropped_bytes_inside_a_span_are_included() {
        let orig = "كـتاب";
        let mut b = AlignedBuilder::with_capacity(16);
        b.copy("ك", 0);
        b.copy("تاب", 4);
        let a = b.finish(orig.len());
        assert_eq!(a.to_original(Span::new(0, 8)).slice(orig), orig);
        assert_eq!(a.to_original(Span::new(2, 8)).slice(orig), "تاب");
    }
}
