//! The tokenizer and run-together word repair.
//!
//! Tokenization works on the nlp-normalized text (so harakat, tatweel and
//! invisible controls never cut a word) and maps every token back to the
//! original text.

pub mod lexicon;
pub mod repair;
mod scan;

use crate::document::{Document, Layer, Token, TokenKind};
use crate::pipeline::Stage;
use crate::text::chars::{is_arabic_diacritic, TATWEEL};
use crate::text::Mapper;
use crate::Span;

pub use scan::{scan, RawToken};

/// The tokenizer stage: fills `Document::tokens`.
///
/// ```
/// use khabar::{Document, Stage, TokenKind};
/// use khabar::token::Tokenizer;
/// // "He said: «1,500 people» attended #Damascus"
/// let mut doc = Document::new("قال: «1,500 شخص» حضروا #دمشق");
/// Tokenizer::new().run(&mut doc);
/// let texts: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(khabar::TokenId(i as u32))).collect();
/// assert_eq!(texts, ["قال", ":", "«", "1,500", "شخص", "»", "حضروا", "#دمشق"]);
/// assert_eq!(doc.tokens[3].kind, TokenKind::Number);
/// assert_eq!(doc.tokens[7].kind, TokenKind::Hashtag);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Tokenizer {
    _private: (),
}

impl Tokenizer {
    /// The tokenizer (it has no settings yet).
    pub fn new() -> Self {
        Tokenizer { _private: () }
    }
}

impl Stage for Tokenizer {
    fn name(&self) -> &'static str {
        "tokenize"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn run(&self, doc: &mut Document) {
        let norm = doc.nlp.as_str();
        let mut tokens = Vec::with_capacity(norm.len() / 5);
        let mut mapper = Mapper::new(&doc.nlp);
        for raw in scan(norm) {
            let span = extend_over_marks(doc.text(), mapper.to_original(raw.span), raw.kind);
            // Tokens cut from one original character (the ligature `ﷺ` is
            // four words) cannot each have their own original span: they stay
            // one token, so spans never overlap.
            if let Some(last) = tokens.last_mut().filter(|t: &&mut Token| span.start < t.span.end) {
                last.norm.end = raw.span.end;
                last.span.end = last.span.end.max(span.end);
                if raw.kind == TokenKind::Word {
                    last.kind = TokenKind::Word;
                }
                continue;
            }
            tokens.push(Token { span, norm: raw.span, kind: raw.kind, repaired: false });
        }
        doc.tokens = tokens;
    }
}

/// For Arabic words, take in the harakat and tatweel written right after
/// the last letter: they belong to it even though the nlp text dropped them.
/// (Such a tatweel touches a letter, so normalization dropped it rather than
/// making it a dash.)
fn extend_over_marks(text: &str, s: Span, kind: TokenKind) -> Span {
    if kind != TokenKind::Word {
        return s;
    }
    let mut end = s.end as usize;
    let mut next = None;
    for c in text[end..].chars() {
        if is_arabic_diacritic(c) || c == TATWEEL {
            end += c.len_utf8();
        } else {
            next = Some(c);
            break;
        }
    }
    // Marks right before another Arabic letter sit inside a longer written
    // word the scanner cut for another reason; leave them to no one rather
    // than make this token's text depend on what follows.
    if next.is_some_and(|c| crate::text::chars::is_arabic_letter(c) || crate::text::chars::is_arabic_presentation_form(c)) {
        return s;
    }
    Span::new(s.start as usize, end)
}
