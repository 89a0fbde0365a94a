//! The character-level scanner behind the tokenizer.

use crate::document::TokenKind;
use crate::text::chars::{is_arabic_diacritic, is_arabic_letter, TATWEEL};
use crate::Span;

/// A token found in normalized text, before mapping to the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawToken {
    /// Byte range in the scanned (normalized) text.
    pub span: Span,
    /// Its kind.
    pub kind: TokenKind,
}

/// Cut nlp-normalized text into tokens.
///
/// ```
/// use khabar::token::scan;
/// // "in 2016.and when" — a full stop glued to the next word
/// let toks: Vec<_> = scan("في 2016.وفيما").into_iter().map(|t| t.kind.as_str()).collect();
/// assert_eq!(toks, ["word", "number", "punct", "word"]);
/// ```
pub fn scan(s: &str) -> Vec<RawToken> {
    let mut out = Vec::with_capacity(s.len() / 6 + 1);
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = char_at(s, i);
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        let (end, kind) = if is_arabic_letter(c) {
            (run(s, i, is_arabic_letter), TokenKind::Word)
        } else if c.is_ascii_digit() {
            (number_end(s, i), TokenKind::Number)
        } else if c.is_ascii_alphabetic() || (c.is_alphabetic() && !c.is_ascii()) {
            if let Some(e) = url_end(s, i) {
                (e, TokenKind::Url)
            } else if let Some(e) = email_end(s, i) {
                (e, TokenKind::Email)
            } else {
                (latin_end(s, i), TokenKind::Latin)
            }
        } else if c.is_numeric() {
            (run(s, i, |c| c.is_numeric()), TokenKind::Number)
        } else if c == '#' && next_is(s, i + 1, is_tag_char) {
            (run(s, i + 1, is_tag_char), TokenKind::Hashtag)
        } else if c == '@' && next_is(s, i + 1, |c| c.is_ascii_alphanumeric() || c == '_') {
            (run(s, i + 1, |c| c.is_ascii_alphanumeric() || c == '_'), TokenKind::Mention)
        } else if is_punct(c) {
            // A run of the same mark is one token: `...`, `!!`, `--`.
            (run(s, i, |d| d == c), TokenKind::Punct)
        } else {
            (i + clen, TokenKind::Symbol)
        };
        out.push(RawToken { span: Span::new(i, end), kind });
        i = end;
    }
    out
}

#[inline]
fn char_at(s: &str, i: usize) -> char {
    // Fast path for ASCII; otherwise decode one char.
    let b = s.as_bytes()[i];
    if b < 0x80 {
        b as char
    } else {
        s[i..].chars().next().expect("char boundary")
    }
}

#[inline]
fn run(s: &str, start: usize, pred: impl Fn(char) -> bool) -> usize {
    let mut i = start;
    for c in s[start..].chars() {
        if !pred(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

#[inline]
fn next_is(s: &str, i: usize, pred: impl Fn(char) -> bool) -> bool {
    s[i..].chars().next().is_some_and(pred)
}

fn is_tag_char(c: char) -> bool {
    is_arabic_letter(c) || c.is_ascii_alphanumeric() || c == '_'
}

/// Digits, with `,` or `.` between digit groups (`1,500`, `3.5`) and one
/// kind of `-` or `/` joiner between digit groups (`15-7`, `2016/11/29`).
fn number_end(s: &str, start: usize) -> usize {
    let b = s.as_bytes();
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = digits(start);
    let mut joiner: Option<u8> = None;
    while i + 1 < b.len() && b[i + 1].is_ascii_digit() {
        match b[i] {
            b',' | b'.' => i = digits(i + 1),
            j @ (b'-' | b'/') if joiner.is_none_or(|k| k == j) => {
                joiner = Some(j);
                i = digits(i + 1);
            }
            _ => break,
        }
    }
    i
}

/// Letters of a non-Arabic script and digits; `-` `'` `’` kept inside
/// when a letter follows (`al-Assad`, `O'Brien`).
fn latin_end(s: &str, start: usize) -> usize {
    let mut i = start;
    let mut chars = s[start..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let joiner_then_letter = matches!(c, '-' | '\'' | '’')
            && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic() && is_latin_char(n));
        if is_latin_char(c) || joiner_then_letter {
            i = start + off + c.len_utf8();
        } else {
            break;
        }
    }
    i
}

fn is_latin_char(c: char) -> bool {
    (c.is_alphanumeric() && !is_arabic_letter(c) && !is_arabic_diacritic(c) && c != TATWEEL) || is_mark_like(c)
}

/// Combining marks of non-Arabic scripts (left by NFC where nothing composes).
fn is_mark_like(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

fn url_end(s: &str, start: usize) -> Option<usize> {
    let rest = &s[start..];
    let lower_prefix = |p: &str| rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let prefix_len = if lower_prefix("https://") {
        8
    } else if lower_prefix("http://") {
        7
    } else if lower_prefix("www.") {
        4
    } else {
        return None;
    };
    let mut end = start + prefix_len;
    for c in s[end..].chars() {
        if c.is_whitespace() || matches!(c, '«' | '»' | '"' | '<' | '>' | '“' | '”') {
            break;
        }
        end += c.len_utf8();
    }
    // Punctuation at the end belongs to the sentence, not the address.
    while end > start + prefix_len {
        let last = s[..end].chars().next_back().expect("nonempty");
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '\'' | '،' | '؛' | '؟' | '…') {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    (end > start + prefix_len).then_some(end)
}

fn email_end(s: &str, start: usize) -> Option<usize> {
    let b = s.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut i = start;
    while i < b.len() && local(b[i]) {
        i += 1;
    }
    if i == start || i >= b.len() || b[i] != b'@' {
        return None;
    }
    i += 1;
    let dom_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b'.') {
        i += 1;
    }
    // Trailing dots are sentence punctuation.
    while i > dom_start && b[i - 1] == b'.' {
        i -= 1;
    }
    let last_dot = b[dom_start..i].iter().rposition(|&c| c == b'.').map(|d| dom_start + d);
    match last_dot {
        Some(d) if d > dom_start && d + 1 < i => Some(i),
        _ => None,
    }
}

/// Punctuation marks (as opposed to symbols such as `% $ + =`).
pub(crate) fn is_punct(c: char) -> bool {
    matches!(c,
        '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}'
        | '-' | '_' | '/' | '\\' | '*' | '&' | '#' | '@'
        | '،' | '؛' | '؟' | '«' | '»' | '…' | '٭' | '۔'
        | '“' | '”' | '‘' | '’' | '„' | '‹' | '›'
        | '‐' | '‑' | '‒' | '–' | '—' | '―' | '·' | '•')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(&str, &'static str)> {
        scan(s).into_iter().map(|t| (t.span.slice(s), t.kind.as_str())).collect()
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("1,500 و3.5 في 15-7 و2016/11/29 و50%"),
            [
                ("1,500", "number"),
                ("و", "word"),
                ("3.5", "number"),
                ("في", "word"),
                ("15-7", "number"),
                ("و", "word"),
                ("2016/11/29", "number"),
                ("و", "word"),
                ("50", "number"),
                ("%", "symbol")
            ]
        );
        // A number then a full stop ends a sentence, it is no decimal.
        assert_eq!(toks("عام 2016."), [("عام", "word"), ("2016", "number"), (".", "punct")]);
    }

    #[test]
    fn arabic_punctuation_and_quotes() {
        assert_eq!(
            toks("قال:«نعم»،ثم؟!"),
            [
                ("قال", "word"),
                (":", "punct"),
                ("«", "punct"),
                ("نعم", "word"),
                ("»", "punct"),
                ("،", "punct"),
                ("ثم", "word"),
                ("؟", "punct"),
                ("!", "punct")
            ]
        );
        assert_eq!(toks("انتظر..."), [("انتظر", "word"), ("...", "punct")]);
        assert_eq!(toks("انتظر…"), [("انتظر", "word"), ("…", "punct")]);
    }

    #[test]
    fn web_things() {
        assert_eq!(
            toks("راجع https://example.org/a?b=1. أو www.example.com، أو اكتب news@example.org."),
            [
                ("راجع", "word"),
                ("https://example.org/a?b=1", "url"),
                (".", "punct"),
                ("أو", "word"),
                ("www.example.com", "url"),
                ("،", "punct"),
                ("أو", "word"),
                ("اكتب", "word"),
                ("news@example.org", "email"),
                (".", "punct")
            ]
        );
        assert_eq!(
            toks("#سوريا_اليوم @khabar_news #"),
            [("#سوريا_اليوم", "hashtag"), ("@khabar_news", "mention"), ("#", "punct")]
        );
    }

    #[test]
    fn latin_words() {
        assert_eq!(
            toks("حلف NATO وal-Assad وF16"),
            [
                ("حلف", "word"),
                ("NATO", "latin"),
                ("و", "word"),
                ("al-Assad", "latin"),
                ("و", "word"),
                ("F16", "latin")
            ]
        );
    }

    #[test]
    fn scripts_do_not_glue() {
        assert_eq!(toks("و15 قتيلا"), [("و", "word"), ("15", "number"), ("قتيلا", "word")]);
        assert_eq!(toks("€5 😀"), [("€", "symbol"), ("5", "number"), ("😀", "symbol")]);
    }
}
