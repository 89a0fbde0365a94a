//! Invariants of the text layer, shared by the property tests
//! (`crates/khabar/tests/properties.rs`) and the fuzz target
//! (`fuzz/fuzz_targets/pipeline.rs`), both of which include this file with
//! `#[path]`. Each check returns a readable message instead of panicking so
//! the caller can add the input to it.
#![allow(dead_code)]

use khabar::text::{normalize, normalize_with, AlignedText, Level, SearchOptions};
use khabar::{Document, Span, TokenKind};

/// Marks alignment errors where a position falls inside a character.
pub const MID_CHAR: &str = "mid-char:";

/// Every level, with the search level both with and without ta-marbuta folding.
pub const LEVELS: &[(Level, bool)] =
    &[(Level::Display, false), (Level::Nlp, false), (Level::Search, false), (Level::Search, true)];

/// Normalize at `level` (with the search option).
pub fn norm(text: &str, level: Level, fold_ta_marbuta: bool) -> AlignedText {
    normalize_with(text, level, SearchOptions { fold_ta_marbuta })
}

fn span_ok(s: Span, text: &str) -> bool {
    let (a, b) = (s.start as usize, s.end as usize);
    a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
}

/// Spans of tokens and sentences: inside the text, on char boundaries,
/// non-empty, ordered, non-overlapping; norm spans the same in `doc.nlp`;
/// sentences cover the tokens contiguously and span exactly their tokens.
pub fn check_document(doc: &Document) -> Result<(), String> {
    let text = doc.text();
    let nlp = doc.nlp.as_str();
    if doc.nlp.original_len() != text.len() {
        return Err(format!("nlp original_len {} != text len {}", doc.nlp.original_len(), text.len()));
    }
    for (i, t) in doc.tokens.iter().enumerate() {
        if !span_ok(t.span, text) || t.span.is_empty() {
            return Err(format!("token {i} span {:?} invalid or empty in text of {} bytes", t.span, text.len()));
        }
        if !span_ok(t.norm, nlp) || t.norm.is_empty() {
            return Err(format!(
                "token {i} norm span {:?} invalid or empty in nlp text of {} bytes",
                t.norm,
                nlp.len()
            ));
        }
        if i > 0 {
            let p = &doc.tokens[i - 1];
            if p.span.end > t.span.start {
                return Err(format!(
                    "tokens {} and {i} overlap or are out of order: {:?} {:?} ({:?} / {:?})",
                    i - 1,
                    p.span,
                    t.span,
                    p.span.slice(text),
                    t.span.slice(text)
                ));
            }
            if p.norm.end > t.norm.start {
                return Err(format!(
                    "norm spans of tokens {} and {i} overlap or are out of order: {:?} {:?}",
                    i - 1,
                    p.norm,
                    t.norm
                ));
            }
        }
    }
    if doc.tokens.is_empty() {
        if !doc.sentences.is_empty() {
            return Err(format!("{} sentences but no tokens", doc.sentences.len()));
        }
        return Ok(());
    }
    if doc.sentences.is_empty() {
        // Only an error when the sentence stage ran.
        if doc.has_layer(khabar::Layer::Sentences) {
            return Err(format!("{} tokens but no sentences", doc.tokens.len()));
        }
        return Ok(());
    }
    let mut next = 0u32;
    for (k, s) in doc.sentences.iter().enumerate() {
        if s.first.0 != next {
            return Err(format!("sentence {k} starts at token {} but the previous one ended at {next}", s.first.0));
        }
        if s.end.0 <= s.first.0 || s.end.index() > doc.tokens.len() {
            return Err(format!("sentence {k} has token range {}..{} (of {})", s.first.0, s.end.0, doc.tokens.len()));
        }
        let want = Span { start: doc.tokens[s.first.index()].span.start, end: doc.tokens[s.end.index() - 1].span.end };
        if s.span != want {
            return Err(format!("sentence {k} span {:?} is not its tokens' span {want:?}", s.span));
        }
        if !span_ok(s.span, text) {
            return Err(format!("sentence {k} span {:?} invalid", s.span));
        }
        next = s.end.0;
    }
    if next as usize != doc.tokens.len() {
        return Err(format!("sentences end at token {next} of {}", doc.tokens.len()));
    }
    Ok(())
}

/// For word tokens: the original text under the token, normalized on its
/// own at the nlp level, is the token's nlp form.
pub fn check_word_norms(doc: &Document) -> Result<(), String> {
    for (i, t) in doc.tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        let orig = t.span.slice(doc.text());
        let own = normalize(orig, Level::Nlp);
        let form = t.norm.slice(doc.nlp.as_str());
        if own.as_str() != form {
            return Err(format!(
                "word token {i}: original {orig:?} ({:?}) normalizes to {:?} but its norm form is {form:?}",
                t.span,
                own.as_str()
            ));
        }
    }
    Ok(())
}

/// The alignment of a normalization of `original`: every char boundary of
/// the normalized text maps to a char boundary of the original, and the map
/// never goes backwards (start and end of spans, and `to_original`).
pub fn check_alignment(original: &str, a: &AlignedText) -> Result<(), String> {
    let n = a.as_str();
    if a.original_len() != original.len() {
        return Err(format!("original_len {} != {}", a.original_len(), original.len()));
    }
    let bounds: Vec<usize> = n.char_indices().map(|(i, _)| i).chain(std::iter::once(n.len())).collect();
    let (mut last_s, mut last_e) = (0usize, 0usize);
    let (mut last_span_s, mut last_span_e) = (0u32, 0u32);
    for (k, &p) in bounds.iter().enumerate() {
        let s = a.start_to_original(p);
        let e = a.end_to_original(p);
        for (what, x) in [("start_to_original", s), ("end_to_original", e)] {
            if x > original.len() || !original.is_char_boundary(x) {
                return Err(format!(
                    "{MID_CHAR} {what}({p}) = {x}: not a char boundary of the original ({} bytes)",
                    original.len()
                ));
            }
        }
        if s < last_s || e < last_e {
            return Err(format!(
                "alignment goes backwards at normalized byte {p}: start {last_s}->{s}, end {last_e}->{e}"
            ));
        }
        (last_s, last_e) = (s, e);
        if let Some(&q) = bounds.get(k + 1) {
            let o = a.to_original(Span::new(p, q));
            if !span_ok(o, original) {
                return Err(format!("{MID_CHAR} to_original({p}..{q}) = {o:?} is not a valid span of the original"));
            }
            if o.start < last_span_s || o.end < last_span_e {
                return Err(format!(
                    "to_original goes backwards at {p}..{q}: {o:?} after {last_span_s}..{last_span_e}"
                ));
            }
            (last_span_s, last_span_e) = (o.start, o.end);
        }
    }
    Ok(())
}

/// Normalizing a normalized text again changes nothing.
pub fn check_idempotent(text: &str, level: Level, fold: bool) -> Result<(), String> {
    let once = norm(text, level, fold);
    let twice = norm(once.as_str(), level, fold);
    if once.as_str() != twice.as_str() {
        return Err(format!(
            "{level:?} (fold {fold}) is not idempotent: {:?} -> {:?} -> {:?}",
            text,
            once.as_str(),
            twice.as_str()
        ));
    }
    Ok(())
}

/// Alignment and idempotence at every level.
pub fn check_normalization(text: &str) -> Result<(), String> {
    for &(level, fold) in LEVELS {
        check_alignment(text, &norm(text, level, fold)).map_err(|e| format!("{level:?} (fold {fold}): {e}"))?;
        check_idempotent(text, level, fold)?;
    }
    Ok(())
}

// ------------------------------------------------------------ known bugs

/// Inputs that trigger a known, reported bug, for a given check. Each arm
/// is a bug the lead is fixing (see the `known_bug_*` tests in
/// crates/khabar/tests/properties.rs, ignored until then); remove the arm once fixed so the property covers those
/// inputs again. Returning true skips only that check for that input.
pub fn known_bug(_check: &str, _text: &str) -> bool {
    // Bugs 1-3 (overlapping tokens from a replaced block, same-length
    // replacements mapped into characters, non-idempotent NFC around
    // dropped controls) are fixed; add an arm here only for a new, filed bug.
    false
}

pub fn tokens_overlap_or_split_chars(text: &str) -> bool {
    use khabar::Stage;
    let mut doc = Document::new(text);
    khabar::token::Tokenizer::new().run(&mut doc);
    let on_boundary = |i: u32| text.is_char_boundary(i as usize);
    doc.tokens.windows(2).any(|w| w[0].span.end > w[1].span.start)
        || doc.tokens.iter().any(|t| !on_boundary(t.span.start) || !on_boundary(t.span.end))
}

/// BUG 2 shows in the alignment check as a position inside a character.
pub fn alignment_known_bug(_err: &str) -> bool {
    false
}

pub fn dropped_or_expanded_before_mark(text: &str) -> bool {
    use khabar::text::chars::{is_arabic_presentation_form, is_invisible_control};
    use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
    let is_control = |c: char| is_invisible_control(c) || is_arabic_presentation_form(c);
    let cs: Vec<char> = text.chars().collect();
    (1..cs.len()).any(|i| {
        let c = cs[i];
        (canonical_combining_class(c) != 0 || is_combining_mark(c) || ('\u{1160}'..='\u{11FF}').contains(&c))
            && is_control(cs[i - 1])
    })
}
