//! Fact lists shared by quote detection and entity linking — verbs of
//! saying, titles, role nouns, nationality adjectives — and the folding key
//! that lets spelling variants meet.
//!
//! The lists are plain text under `quote/lexicon/`, compiled by hand and
//! embedded with `include_str!`, so the engine needs no file at run time.

use crate::text::{normalize, Level};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

const CUES: &str = include_str!("lexicon/cues.txt");
const TITLES: &str = include_str!("lexicon/titles.txt");
const ROLES: &str = include_str!("lexicon/roles.txt");
const NATIONALITIES: &str = include_str!("lexicon/nationalities.txt");

/// What a cue word does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueClass {
    /// A finite verb of saying: `قال` ("said"), `وأضافت` ("and she added").
    Verb,
    /// A circumstantial participle: `مضيفا` ("adding"); its speaker is the
    /// subject of the clause it hangs on.
    Participle,
    /// An attribution phrase: `بحسب` ("according to"); the source follows.
    Prep,
    /// A verb that relays another's words: `نقل` in `نقلت الوكالة عن مسؤول
    /// قوله` ("the agency quoted an official as saying"); the speaker is the
    /// source after `عن`.
    Transmit,
}

/// The compiled lists, folded with [`fold_key`].
#[derive(Debug)]
pub struct Lexicon {
    /// Every inflected cue form (folded) and its class.
    cue_forms: FxHashMap<String, CueClass>,
    /// Cue verb lemmas (folded), to match the words layer's lemmas.
    cue_lemmas: FxHashMap<String, CueClass>,
    /// Title entries as folded token sequences, longest first.
    titles: Vec<Vec<String>>,
    /// First folded token of every title entry, for a quick reject.
    title_first: FxHashSet<String>,
    /// Every folded token that occurs in some title entry.
    title_words: FxHashSet<String>,
    /// Role nouns (folded, without and with the article).
    roles: FxHashSet<String>,
    /// Nationality adjectives and title qualifiers (folded, all forms).
    nationalities: FxHashSet<String>,
}

/// The embedded lexicon, compiled once per process.
pub fn lexicon() -> &'static Lexicon {
    static CELL: OnceLock<Lexicon> = OnceLock::new();
    CELL.get_or_init(Lexicon::compile)
}

fn entries(src: &str) -> impl Iterator<Item = &str> {
    src.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    fn compile() -> Lexicon {
        let mut cue_forms = FxHashMap::default();
        let mut cue_lemmas = FxHashMap::default();
        let mut class = CueClass::Verb;
        for line in entries(CUES) {
            match line {
                "[verb]" => class = CueClass::Verb,
                "[participle]" => class = CueClass::Participle,
                "[prep]" => class = CueClass::Prep,
                "[transmit]" => class = CueClass::Transmit,
                _ => {
                    let mut words = line.split_whitespace();
                    let Some(base) = words.next() else { continue };
                    let b = fold_key(base);
                    let generated: Vec<String> = match class {
                        // Past-tense person endings: she, they, they (f.),
                        // the two, the two (f.).
                        CueClass::Verb | CueClass::Transmit => {
                            cue_lemmas.insert(b.clone(), class);
                            ["", "ت", "وا", "ن", "ا", "تا"].iter().map(|s| format!("{b}{s}")).collect()
                        }
                        // Accusative participle: m., f., pl., dual f.
                        CueClass::Participle => ["ا", "ة", "ين", "تين"].iter().map(|s| fold_key(&format!("{base}{s}"))).collect(),
                        CueClass::Prep => vec![b],
                    };
                    for g in generated.into_iter().chain(words.map(fold_key)) {
                        cue_forms.entry(g).or_insert(class);
                    }
                }
            }
        }
        let mut titles: Vec<Vec<String>> = entries(TITLES).map(|l| l.split_whitespace().flat_map(split_abbrev).map(|w| fold_key(&w)).collect()).collect();
        titles.sort_by_key(|t: &Vec<String>| std::cmp::Reverse(t.len()));
        titles.dedup();
        let title_first = titles.iter().map(|t| t[0].clone()).collect();
        let title_words = titles.iter().flatten().cloned().collect();
        let mut roles = FxHashSet::default();
        for l in entries(ROLES) {
            let k = fold_key(l);
            roles.insert(format!("ال{k}"));
            roles.insert(k);
        }
        let mut nationalities = FxHashSet::default();
        for l in entries(NATIONALITIES) {
            for w in l.split_whitespace() {
                let bare = w.strip_prefix("ال").unwrap_or(w);
                // m., f., pl. (nom./obl.), each with and without the article.
                for form in [bare.to_string(), format!("{bare}ة"), format!("{bare}ون"), format!("{bare}ين")] {
                    nationalities.insert(fold_key(&form));
                    nationalities.insert(fold_key(&format!("ال{form}")));
                }
            }
        }
        Lexicon { cue_forms, cue_lemmas, titles, title_first, title_words, roles, nationalities }
    }

    /// The class of a cue form (folded, proclitic `و`/`ف` already removed).
    pub fn cue_form(&self, key: &str) -> Option<CueClass> {
        self.cue_forms.get(key).copied()
    }

    /// The class of a cue verb given its lemma (folded).
    pub fn cue_lemma(&self, key: &str) -> Option<CueClass> {
        self.cue_lemmas.get(key).copied()
    }

    /// Title entries (folded token sequences), longest first.
    pub fn titles(&self) -> &[Vec<String>] {
        &self.titles
    }

    /// True when some title entry starts with this folded token.
    pub fn starts_title(&self, key: &str) -> bool {
        self.title_first.contains(key)
    }

    /// True when this folded token is part of some title entry.
    pub fn is_title_word(&self, key: &str) -> bool {
        self.title_words.contains(key)
    }

    /// True for a role noun (folded): `مصدر`, `المسؤول`.
    pub fn is_role(&self, key: &str) -> bool {
        self.roles.contains(key)
    }

    /// True for a nationality adjective or title qualifier (folded):
    /// `الأميركي` and `الأمريكي` both.
    pub fn is_nationality(&self, key: &str) -> bool {
        self.nationalities.contains(key)
    }
}

/// `د.` is written as two tokens (`د` and `.`); title entries are split the
/// same way so they match token by token.
fn split_abbrev(w: &str) -> Vec<String> {
    match w.strip_suffix('.') {
        Some(head) if !head.is_empty() => vec![head.to_string(), ".".to_string()],
        _ => vec![w.to_string()],
    }
}

/// The folding key used to compare names, titles and cues: search-level
/// normalization (no harakat, alef variants to `ا`, `ى` to `ي`), then
/// hamza seats `ؤ ئ` to `و ي`, lone hamza dropped, ta marbuta to `ا` (so
/// `سورية` and `سوريا` meet), and the `أمريكا`/`أميركا` spellings joined.
///
/// ```
/// use khabar::quote::lexicon::fold_key;
/// // "American", spelled three ways in real news text:
/// assert_eq!(fold_key("الأمريكي"), fold_key("الاميركي"));
/// assert_eq!(fold_key("أميركي"), fold_key("امريكي"));
/// // "Syria", with ta marbuta and with alef:
/// assert_eq!(fold_key("سورية"), fold_key("سوريا"));
/// ```
pub fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Nearly every token is plain letters and ASCII: nothing there composes,
    // is a mark or a presentation form, so the search level is a map per
    // character, and building an aligned text (most of this function's
    // cost in the quote and linking stages) can be skipped.
    let plain = |c: char| c.is_ascii() || ('\u{0621}'..='\u{063A}').contains(&c) || ('\u{0641}'..='\u{064A}').contains(&c);
    if s.chars().all(plain) {
        let search = |c: char| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' => 'ي',
            c => c.to_ascii_lowercase(),
        };
        fold_chars(s.chars().map(search), &mut out);
    } else {
        fold_chars(normalize(s, Level::Search).as_str().chars(), &mut out);
    }
    // The long vowel of أمريكا/أميركا sits on either side of the ra.
    // (Searched only when there is a kaf: most words have none, and even a
    // short search costs more than the fold.)
    if out.as_bytes().windows(2).any(|b| b == "ك".as_bytes()) && (out.contains("مريك") || out.contains("ميرك")) {
        out = out.replace("مريك", "مرك").replace("ميرك", "مرك");
    }
    out
}

/// The folds of [`fold_key`] after the search level.
#[inline]
fn fold_chars(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        match c {
            // Plain letters, the bulk, go straight through.
            'ا'..='غ' | 'ف'..='ي' if c != 'ة' => out.push(c),
            'ؤ' => out.push('و'),
            'ئ' => out.push('ي'),
            'ء' => {}
            'ة' => out.push('ا'),
            c if c.is_whitespace() => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

/// One reading of a token with proclitics removed: `وللرئيس` reads as
/// itself, as `للرئيس` (after `و`) and as `الرئيس` (after `و` and `ل`, the
/// article's alef restored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stem {
    /// The stem, nlp level, article restored after `ل`.
    pub text: String,
    /// Its folding key.
    pub key: String,
    /// Letters of proclitics removed (0, 1 or 2).
    pub prefix_chars: u8,
    /// True when only a conjunction (`و`, `ف`) was removed, or nothing: the
    /// readings a verb can have.
    pub conj_only: bool,
}

/// The readings of a token (nlp text) with none, a conjunction, and a
/// conjunction plus a preposition removed, shortest prefix first.
///
/// ```
/// use khabar::quote::lexicon::stems;
/// // "and to the president"
/// let s: Vec<String> = stems("وللرئيس").into_iter().map(|s| s.text).collect();
/// assert_eq!(s, ["وللرئيس", "للرئيس", "الرئيس"]);
/// ```
pub fn stems(tok: &str) -> Vec<Stem> {
    let mut out = Vec::with_capacity(3);
    // The reading `rest` (with the article's alef given back when `alef`),
    // unless it is too short or already there; built only when kept.
    let push = |out: &mut Vec<Stem>, alef: bool, rest: &str, prefix_chars: u8, conj_only: bool| {
        if rest.chars().count() + alef as usize >= 2
            && !out.iter().any(|s: &Stem| if alef { s.text.strip_prefix('ا') == Some(rest) } else { s.text == rest })
        {
            let text = if alef { format!("ا{rest}") } else { rest.to_string() };
            let key = fold_key(&text);
            out.push(Stem { text, key, prefix_chars, conj_only });
        }
    };
    // The token itself always, however short (`د` of `د.`).
    out.push(Stem { text: tok.to_string(), key: fold_key(tok), prefix_chars: 0, conj_only: true });
    let conj = tok.strip_prefix('و').or_else(|| tok.strip_prefix('ف'));
    if let Some(rest) = conj {
        push(&mut out, false, rest, 1, true);
    }
    for (b, n) in [(Some(tok), 0), (conj, 1)] {
        let Some(b) = b else { continue };
        for p in ['ب', 'ل', 'ك'] {
            if let Some(rest) = b.strip_prefix(p) {
                // `ل` + `الرئيس` is written `للرئيس`: give the article back.
                let alef = p == 'ل' && rest.starts_with('ل') && !rest.starts_with("لا");
                push(&mut out, alef, rest, n + 1, false);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_forms_generated() {
        let l = lexicon();
        // "she said", "they confirmed", "adding" (f.), "according to"
        assert_eq!(l.cue_form(&fold_key("قالت")), Some(CueClass::Verb));
        assert_eq!(l.cue_form(&fold_key("أكدوا")), Some(CueClass::Verb));
        assert_eq!(l.cue_form(&fold_key("مضيفة")), Some(CueClass::Participle));
        assert_eq!(l.cue_form(&fold_key("بحسب")), Some(CueClass::Prep));
        assert_eq!(l.cue_form(&fold_key("نقلت")), Some(CueClass::Transmit));
        assert_eq!(l.cue_form(&fold_key("الرئيس")), None);
    }

    #[test]
    fn titles_roles_nationalities() {
        let l = lexicon();
        assert!(l.starts_title(&fold_key("الرئيس")));
        assert!(l.titles().iter().any(|t| t == &[fold_key("المتحدث"), fold_key("باسم")]));
        assert!(l.titles().iter().any(|t| t == &["د".to_string(), ".".to_string()]));
        assert!(l.is_role(&fold_key("مصدر")) && l.is_role(&fold_key("المصادر")));
        for w in ["الأمريكي", "الأميركي", "الاميركي", "أمريكية", "الروسية", "السوريين"] {
            assert!(l.is_nationality(&fold_key(w)), "{w}");
        }
    }

    #[test]
    fn stems_and_folds() {
        assert_eq!(fold_key("رئيس"), "رييس");
        assert_eq!(fold_key("إنه"), "انه");
        // The per-character path agrees with the normalizer's (a haraka
        // sends the second spelling through it).
        for (plain, marked) in [("أحمد إلى NATO", "أَحمد إلى NATO"), ("مؤتمر  سورية ", "مُؤتمر  سورية "), ("الأمريكي", "الأَمريكي")] {
            assert_eq!(fold_key(plain), fold_key(marked), "{plain}");
        }
        let s = stems("بأن");
        assert!(s.iter().any(|s| s.key == "ان" && s.prefix_chars == 1));
        // `لا` is a word, not `ل` + article.
        assert!(stems("لافروف").iter().all(|s| s.text != "الافروف"));
    }
}
