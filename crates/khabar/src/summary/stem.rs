//! A light, rule-based clitic and suffix stripper that groups the words of
//! one article for the summary's similarity, without the morphology model.
//!
//! It is not a morphological analyzer: it only has to make `الحكومة`,
//! `والحكومة`, `للحكومة` and `حكومية` land on one key inside one article,
//! fast. The rules, in order, on the nlp-normalized token:
//! 1. fold spellings: `أ إ آ ٱ` → `ا`, `ى` → `ي`, `ة` → `ه`;
//! 2. strip an article with its proclitics (`وال فال بال كال لل ولل وبال ال`)
//!    when at least two letters remain;
//! 3. strip one suffix (pronoun `هما كما هم هن ها كم نا`, then plural/dual
//!    `ات ون ين ان`, then `يه`, `ه`, `ي`, `ت`) when at least three letters
//!    remain — once each group;
//! 4. a token without an article that starts with `و ف ب ل ك` loses that
//!    letter only when what is left is itself a key of another token of the
//!    same article ([`ArticleStems`]): `لواشنطن` joins `واشنطن` when
//!    `واشنطن` occurs, while `وزير` stays `وزير`.
//!
//! Stop words (the keyword stage's list, plus reporting verbs) give no key.

use crate::document::{Document, TokenKind};
use crate::summary::keywords::is_stop_folded;
use rustc_hash::FxHashMap;

const ARTICLES: &[&str] = &["وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال"];
const PRONOUNS: &[&str] = &["هما", "كما", "هم", "هن", "ها", "كم", "نا"];
const PLURALS: &[&str] = &["ات", "ون", "ين", "ان"];
const SINGLES: &[&str] = &["يه", "ه", "ي", "ت"];

/// Fold the spellings that vary between outlets into `out` (cleared first).
/// Each folded letter is two bytes in UTF-8 and so is its replacement, so
/// this works on bytes: lengths and boundaries do not change.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    fold_append(s, out);
}

/// [`fold_into`] without clearing `out`: appends.
fn fold_append(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let (mut last, mut i) = (0, 0);
    while i + 1 < b.len() {
        // 0xD8/0xD9 are lead bytes, never continuation bytes: `i` is the
        // start of a character whenever they match.
        let rep = match (b[i], b[i + 1]) {
            (0xD8, 0xA2 | 0xA3 | 0xA5) | (0xD9, 0xB1) => Some("ا"), // آ أ إ ٱ
            (0xD9, 0x89) => Some("ي"),                             // ى
            (0xD8, 0xA9) => Some("ه"),                             // ة
            _ => None,
        };
        if let Some(r) = rep {
            out.push_str(&s[last..i]);
            out.push_str(r);
            i += 2;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
}

/// Letters of a folded word token: Arabic letters are two bytes each in
/// UTF-8, and word tokens hold Arabic letters only.
fn chars(s: &str) -> usize {
    s.len() / 2
}

/// Step 2: the folded token without its article; and whether it had one.
fn strip_article(f: &str) -> (&str, bool) {
    for p in ARTICLES {
        if let Some(rest) = f.strip_prefix(p) {
            if chars(rest) >= 2 {
                return (rest, true);
            }
        }
    }
    (f, false)
}

/// Step 3: suffixes, one of each group, keeping at least three letters.
fn strip_suffixes(mut s: &str) -> &str {
    for group in [PRONOUNS, PLURALS, SINGLES] {
        for suf in group {
            if let Some(rest) = s.strip_suffix(suf) {
                if chars(rest) >= 3 {
                    s = rest;
                    break;
                }
            }
        }
    }
    s
}

/// The key of one folded token (steps 2–3), or `None` for a stop word or a
/// fragment under two letters. Also says whether an article was removed.
fn key_of(folded: &str) -> Option<(&str, bool)> {
    let (bare, had_article) = strip_article(folded);
    if is_stop_folded(bare) {
        return None;
    }
    let stem = strip_suffixes(bare);
    if chars(stem) < 2 || (stem.len() != bare.len() && is_stop_folded(stem)) {
        return None;
    }
    Some((stem, had_article))
}

/// What a token says about the news structure of its sentence (the summary
/// reads these instead of folding every token a second time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Nothing of note.
    None,
    /// A day name or `أمس`, `اليوم`, `الجاري`, `الليلة`: a news peg.
    TimePeg,
    /// `هذا`, which with a following `الأسبوع` is a news peg.
    This,
    /// `الأسبوع`.
    Week,
    /// `كان`, `كانت`, `وكان`, `وكانت`.
    Kana,
    /// `قد`.
    Qad,
    /// `يذكر`, `ويذكر`, `يشار`, `ويشار`, `وتجدر`: a background cue.
    Background,
}

/// Day names and deictic time words (folded, no conjunction).
const TIME_PEGS: &[&str] =
    &["الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "امس", "اليوم", "الجاري", "الليله"];

fn mark_of(folded: &str) -> Mark {
    let bare = folded.strip_prefix('و').filter(|r| r.starts_with("ال")).unwrap_or(folded);
    match bare {
        b if TIME_PEGS.contains(&b) => Mark::TimePeg,
        "هذا" => Mark::This,
        "الاسبوع" => Mark::Week,
        "وكان" | "وكانت" | "كان" | "كانت" => Mark::Kana,
        "قد" => Mark::Qad,
        "ويذكر" | "يذكر" | "يشار" | "ويشار" | "وتجدر" => Mark::Background,
        _ => Mark::None,
    }
}

/// No key for this token.
pub const NO_KEY: u32 = u32::MAX;

/// The content keys of every token of an article, as small integers:
/// `ids[t]` is the key id of token `t` ([`NO_KEY`] for punctuation,
/// numbers and stop words), `keys` the number of distinct keys, and
/// `marks[t]` its [`Mark`].
#[derive(Debug, Default)]
pub struct ArticleStems {
    /// One key id per token of the document.
    pub ids: Vec<u32>,
    /// Distinct keys (ids are `0..keys`).
    pub keys: u32,
    /// One mark per token.
    pub marks: Vec<Mark>,
}

impl ArticleStems {
    /// Key every word token of `doc` (needs the tokens layer only).
    ///
    /// ```
    /// use khabar::summary::stem::ArticleStems;
    /// // "The government met. And the government decided. A governmental
    /// // plan. He visited Washington. And returned to Washington."
    /// let doc = khabar::Pipeline::text_layer().unwrap()
    ///     .analyze("اجتمعت الحكومة. وقررت والحكومة. خطة حكومية. زار واشنطن. وعاد لواشنطن.");
    /// let s = ArticleStems::new(&doc);
    /// assert_eq!(s.ids[1], s.ids[4]); // الحكومة = والحكومة
    /// assert_eq!(s.ids[1], s.ids[7]); // = حكومية
    /// assert_eq!(s.ids[10], s.ids[13]); // واشنطن = لواشنطن
    /// assert_eq!(s.ids[2], khabar::summary::stem::NO_KEY); // the full stop
    /// ```
    pub fn new(doc: &Document) -> ArticleStems {
        let n = doc.tokens.len();
        // Pass 1: every word token folded, end to end in one buffer.
        let mut arena = String::with_capacity(doc.nlp.as_str().len());
        let mut spans: Vec<(u32, u32)> = Vec::with_capacity(n);
        let mut marks = vec![Mark::None; n];
        for (i, t) in doc.tokens.iter().enumerate() {
            let start = arena.len() as u32;
            if t.kind == TokenKind::Word {
                fold_append(doc.token_norm(crate::TokenId(i as u32)), &mut arena);
                marks[i] = mark_of(&arena[start as usize..]);
            }
            spans.push((start, arena.len() as u32));
        }
        // Pass 2: keys, interned as slices of the buffer.
        let mut interner: FxHashMap<&str, u32> = FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut ids = vec![NO_KEY; n];
        // Tokens that may lose a one-letter proclitic in step 4.
        let mut later: Vec<(usize, Option<&str>)> = Vec::new();
        for (i, &(a, b)) in spans.iter().enumerate() {
            let f = &arena[a as usize..b as usize];
            if f.is_empty() {
                continue;
            }
            let Some((key, had_article)) = key_of(f) else { continue };
            let next = interner.len() as u32;
            ids[i] = *interner.entry(key).or_insert(next);
            if !had_article && chars(f) >= 4 && f.starts_with(['و', 'ف', 'ب', 'ل', 'ك']) {
                later.push((i, key_of(&f['و'.len_utf8()..]).map(|(k, _)| k)));
            }
        }
        for (i, rest) in later {
            match rest {
                // `وقالت`: a stop word behind its conjunction.
                None => ids[i] = NO_KEY,
                Some(k) => {
                    if let Some(&id) = interner.get(k) {
                        ids[i] = id;
                    }
                }
            }
        }
        ArticleStems { ids, keys: interner.len() as u32, marks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Option<String> {
        let mut b = String::new();
        fold_into(s, &mut b);
        key_of(&b).map(|k| k.0.to_string())
    }

    #[test]
    fn groups_inflections() {
        assert_eq!(key("الحكومة"), key("حكومية"));
        assert_eq!(key("للحكومة"), key("الحكومة"));
        assert_eq!(key("المدارس"), key("مدارس"));
        assert_eq!(key("الوزارات"), key("وزارة"));
        assert_eq!(key("أعلنت"), key("اعلن")); // stop word either way
        assert_eq!(key("قالت"), None);
        // Short words keep their letters.
        assert_eq!(key("بيت").as_deref(), Some("بيت"));
        assert_eq!(key("عمان").as_deref(), Some("عمان"));
    }
}
