//! The sentence splitter: cuts the token stream into sentences, and gives
//! headlines and datelines units of their own.
//!
//! Rules, in the order they are tried:
//! 1. A blank line always ends a sentence. A single line break ends one when
//!    the line before it is short (a headline, a list item, a dateline on
//!    its own line); after a long line it is a soft wrap and does not.
//! 2. At the start of a line, a dateline — one to three words, maybe a
//!    date, maybe an agency in brackets, then a dash (`دمشق (وكالات) -`),
//!    or one word and an agency in brackets with no dash (`تونس (وات)`) —
//!    is a unit of its own, even after a long line.
//! 3. `. ! ? ؟ …` (and runs like `...`, `؟!`) end a sentence, with any closing
//!    quotes and brackets right after them (`«…انتهى.»`). A full stop glued
//!    to the next word still ends it (`أيضا.وفيما`).
//! 4. A full stop after an abbreviation or a single letter (`د.` `م.` `أ.`,
//!    `U.S.`) does not end one, nor does a mark inside short brackets
//!    (`(د.ب.أ)`), unless the bracket opened the sentence
//!    (`(وقد غادر الوفد.)` is a sentence). Decimals never reach here: `3.5`
//!    is one token.

use crate::document::{Document, Layer, Sentence, Token, TokenKind};
use crate::pipeline::Stage;
use crate::{Span, TokenId};

/// Lines at least this many characters long are taken to be hard-wrapped
/// prose, so the line break after them is not a sentence boundary.
const SOFT_WRAP_MIN_CHARS: usize = 55;
/// An open bracket suppresses sentence ends for at most this many tokens.
const MAX_BRACKET_TOKENS: usize = 40;

/// Latin abbreviations that take a full stop (lower-cased).
const LATIN_ABBREVIATIONS: &[&str] = &["mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "vs", "inc", "ltd", "co"];

/// The sentence splitter stage.
///
/// ```
/// use khabar::Pipeline;
/// // Dateline, then two sentences glued by a full stop, then an abbreviation:
/// // "Cairo (agencies) - The talks ended. And in Doha, Dr. Ahmad spoke."
/// let p = Pipeline::text_layer().unwrap();
/// let doc = p.analyze("القاهرة (وكالات) - انتهت المحادثات.وفي الدوحة تحدث د. أحمد.");
/// let s: Vec<&str> = (0..doc.sentences.len()).map(|i| doc.sentence_text(khabar::SentenceId(i as u32))).collect();
/// assert_eq!(s, ["القاهرة (وكالات) -", "انتهت المحادثات.", "وفي الدوحة تحدث د. أحمد."]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct SentenceSplitter {
    _private: (),
}

impl SentenceSplitter {
    /// The splitter (no settings yet).
    pub fn new() -> Self {
        SentenceSplitter { _private: () }
    }
}

impl Stage for SentenceSplitter {
    fn name(&self) -> &'static str {
        "sentences"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn run(&self, doc: &mut Document) {
        let starts = sentence_starts(Texts { orig: doc.text(), norm: doc.nlp.as_str() }, &doc.tokens);
        let mut sentences = Vec::with_capacity(starts.len());
        for (k, &first) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(doc.tokens.len());
            let span = Span::new(doc.tokens[first].span.start as usize, doc.tokens[end - 1].span.end as usize);
            sentences.push(Sentence { span, first: TokenId(first as u32), end: TokenId(end as u32) });
        }
        doc.sentences = sentences;
    }
}

/// How the whitespace between two tokens breaks lines.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Gap {
    /// Same line (maybe no space at all).
    None,
    /// One line break after a short line: a boundary.
    HardLine,
    /// One line break after a long line: hard-wrapped prose, no boundary.
    SoftWrap,
    /// A blank line or a paragraph separator.
    Paragraph,
}

fn gap(t: Texts<'_>, prev: &Token, next: &Token) -> Gap {
    let text = t.orig;
    let between = &text[prev.span.end as usize..next.span.start as usize];
    let mut breaks = 0;
    for c in between.chars() {
        match c {
            '\n' | '\u{2028}' | '\u{0B}' | '\u{0C}' => breaks += 1,
            '\u{2029}' => breaks += 2,
            _ => {}
        }
    }
    match breaks {
        0 => Gap::None,
        1 => {
            let line_start = text[..prev.span.end as usize].rfind('\n').map_or(0, |i| i + 1);
            let line = text[line_start..prev.span.end as usize].trim();
            if line.chars().count() >= SOFT_WRAP_MIN_CHARS {
                Gap::SoftWrap
            } else {
                Gap::HardLine
            }
        }
        _ => Gap::Paragraph,
    }
}

/// The two texts the rules read: the original (for line breaks, which
/// normalization keeps anyway) and the nlp text (for what a token is: a
/// standalone tatweel there is already a dash).
#[derive(Clone, Copy)]
struct Texts<'a> {
    orig: &'a str,
    norm: &'a str,
}

fn tok_str<'a>(t: Texts<'a>, tok: &Token) -> &'a str {
    tok.norm.slice(t.norm)
}

fn is_terminator(s: &str) -> bool {
    s.chars().all(|c| matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔'))
}

fn is_closer(s: &str) -> bool {
    matches!(s, "»" | "”" | "’" | ")" | "]" | "}" | "\"" | "'" | "›")
}

fn is_dash(s: &str) -> bool {
    matches!(s, "-" | "–" | "—" | "--" | "―")
}

/// Token indices where sentences start (always begins with 0 when there
/// are tokens).
fn sentence_starts(text: Texts<'_>, toks: &[Token]) -> Vec<usize> {
    let n = toks.len();
    let mut starts = Vec::with_capacity(n / 20 + 1);
    if n == 0 {
        return starts;
    }
    starts.push(0);
    let mut bracket_open: Option<usize> = None;
    let mut line_start = true;
    let mut i = 0;
    while i < n {
        let last_start = *starts.last().expect("nonempty");
        if i > 0 {
            let g = gap(text, &toks[i - 1], &toks[i]);
            // A dateline on the next line starts a unit even after a long
            // line (a long headline, not wrapped prose).
            let dateline_next = g == Gap::SoftWrap && dateline_end(text, toks, i).is_some();
            if matches!(g, Gap::HardLine | Gap::Paragraph) || dateline_next {
                if last_start != i {
                    starts.push(i);
                }
                bracket_open = None;
                line_start = true;
            }
        }
        if line_start {
            line_start = false;
            if let Some(after) = dateline_end(text, toks, i) {
                if after < n && !starts.contains(&after) {
                    starts.push(after);
                }
                i = after;
                continue;
            }
        }
        let t = &toks[i];
        if t.kind == TokenKind::Punct {
            let s = tok_str(text, t);
            match s {
                "(" | "[" => bracket_open = Some(i),
                ")" | "]" => bracket_open = None,
                _ => {}
            }
            // A bracket that opens a sentence holds a sentence of its own:
            // `(وقد غادر الوفد.)`; other short brackets hold `(د.ب.أ)`.
            let bracket_holds_sentence = bracket_open == Some(last_start);
            if is_terminator(s)
                && !is_abbreviation_stop(text, toks, i)
                && (bracket_holds_sentence || !in_short_bracket(bracket_open, i))
            {
                // Take closing quotes/brackets and further marks along.
                let mut j = i + 1;
                while j < n
                    && toks[j].kind == TokenKind::Punct
                    && gap(text, &toks[j - 1], &toks[j]) == Gap::None
                    && (is_terminator(tok_str(text, &toks[j])) || is_closer(tok_str(text, &toks[j])))
                {
                    let s = tok_str(text, &toks[j]);
                    let glued = toks[j - 1].span.end == toks[j].span.start;
                    // `"` and `'` open as well as close: only glued ones close.
                    if matches!(s, "\"" | "'") && !glued {
                        break;
                    }
                    j += 1;
                }
                if j < n {
                    starts.push(j);
                    bracket_open = None;
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    starts
}

fn in_short_bracket(open: Option<usize>, i: usize) -> bool {
    open.is_some_and(|o| i - o <= MAX_BRACKET_TOKENS)
}

/// A full stop right after an abbreviation or a lone letter: `د.` `U.S.`.
fn is_abbreviation_stop(text: Texts<'_>, toks: &[Token], i: usize) -> bool {
    if tok_str(text, &toks[i]) != "." || i == 0 {
        return false;
    }
    let prev = &toks[i - 1];
    if prev.span.end != toks[i].span.start {
        return false;
    }
    let p = tok_str(text, prev);
    match prev.kind {
        TokenKind::Word => {
            // One letter, ignoring tatweel and harakat (`هـ.` is one letter).
            p.chars().filter(|&c| crate::text::chars::is_arabic_letter(c)).count() == 1
        }
        TokenKind::Latin => {
            p.chars().count() == 1 || LATIN_ABBREVIATIONS.contains(&p.to_ascii_lowercase().as_str())
        }
        _ => false,
    }
}

/// If a dateline starts at token `i` (`دمشق (وكالات الانباء) -`,
/// `بغداد 15-7 (اف ب) -`), the index after its dash.
fn dateline_end(text: Texts<'_>, toks: &[Token], i: usize) -> Option<usize> {
    let n = toks.len();
    let mut j = i;
    let mut words = 0;
    while j < n && toks[j].kind == TokenKind::Word && words < 3 {
        words += 1;
        j += 1;
    }
    if words == 0 {
        return None;
    }
    while j < n && toks[j].kind == TokenKind::Number {
        j += 1;
    }
    let mut bracketed = false;
    if j < n && tok_str(text, &toks[j]) == "(" {
        let close = (j + 1..n.min(j + 10)).find(|&k| tok_str(text, &toks[k]) == ")")?;
        j = close + 1;
        bracketed = true;
    }
    let dashed = j < n && is_dash(tok_str(text, &toks[j]));
    if !dashed {
        // `قرطاج (وات) كان …`: a place and a short agency in brackets need
        // no dash.
        return (bracketed && words == 1 && j < n && toks[j].kind == TokenKind::Word && same_line(text, toks, i, j))
            .then_some(j);
    }
    // Everything so far on one line, and something after the dash on it.
    if !same_line(text, toks, i, j) {
        return None;
    }
    if j + 1 >= n || gap(text, &toks[j], &toks[j + 1]) != Gap::None {
        return None;
    }
    // Without an agency in brackets, only short place names: one or two words.
    if !bracketed && words > 2 {
        return None;
    }
    Some(j + 1)
}

/// No line break between tokens `i` and `j` (inclusive).
fn same_line(text: Texts<'_>, toks: &[Token], i: usize, j: usize) -> bool {
    (i + 1..=j).all(|k| gap(text, &toks[k - 1], &toks[k]) == Gap::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::Tokenizer;

    fn split(s: &str) -> Vec<String> {
        let mut doc = Document::new(s);
        Tokenizer::new().run(&mut doc);
        SentenceSplitter::new().run(&mut doc);
        doc.sentences.iter().map(|x| x.span.slice(s).to_string()).collect()
    }

    #[test]
    fn glued_full_stop_splits() {
        assert_eq!(split("قال ذلك أيضا.وفيما بعد عاد"), ["قال ذلك أيضا.", "وفيما بعد عاد"]);
    }

    #[test]
    fn closing_quote_stays() {
        assert_eq!(split("قال: «انتهى الأمر.» ثم غادر."), ["قال: «انتهى الأمر.»", "ثم غادر."]);
        assert_eq!(split("قال \"انتهى.\" ثم غادر"), ["قال \"انتهى.\"", "ثم غادر"]);
    }

    #[test]
    fn abbreviations_and_brackets() {
        assert_eq!(split("التقى د. سمير بالوفد (أ.ف.ب) أمس. وعاد"), ["التقى د. سمير بالوفد (أ.ف.ب) أمس.", "وعاد"]);
        assert_eq!(split("in the U.S. today"), ["in the U.S. today"]);
    }

    #[test]
    fn lines() {
        assert_eq!(split("عنوان قصير\nالنص يبدأ هنا."), ["عنوان قصير", "النص يبدأ هنا."]);
        let wrapped = "هذا سطر طويل من نص خبري ملفوف عند عرض ثابت كما في الأرشيف\nويكمل الجملة نفسها.";
        assert_eq!(split(wrapped).len(), 1);
        assert_eq!(split("فقرة أولى\n\nفقرة ثانية").len(), 2);
    }

    #[test]
    fn datelines() {
        assert_eq!(split("بغداد 15-7 (اف ب) - توجه الوفد"), ["بغداد 15-7 (اف ب) -", "توجه الوفد"]);
        assert_eq!(split("القاهرة - أعلنت الوزارة"), ["القاهرة -", "أعلنت الوزارة"]);
        assert_eq!(split("عمان (بترا) ـ أعلنت الوزارة"), ["عمان (بترا) ـ", "أعلنت الوزارة"]);
        assert_eq!(split("تونس (وات) استقبل الرئيس"), ["تونس (وات)", "استقبل الرئيس"]);
        // Not at a line start: no dateline.
        assert_eq!(split("قال إن القاهرة - كما يبدو - توافق").len(), 1);
    }

    #[test]
    fn empty_and_punct_only() {
        assert!(split("").is_empty());
        assert_eq!(split("...!"), ["...!"]);
    }
}
