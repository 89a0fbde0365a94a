//! What the entity tagger sees of each token: the token, its clitics
//! stripped, its affixes and shape, its neighbours, the name lists and the
//! previous tags.
//!
//! Clitics are stripped here by rule, not by the morphology model: the
//! rule gives candidate stems (`وبالعراق` → `العراق`, `عراق`) and the
//! perceptron learns which to trust. This keeps the entity model
//! independent of the morphology model, which is retrained on its own
//! schedule; the stage uses the words layer only to cut the clitics off the
//! final span.

use super::clusters::Clusters;
use super::gazetteer::{self, Gazetteer};
use crate::document::TokenKind;
use crate::learn::features::{hash1p, hash2p, prefix, suffix, Piece};
use crate::learn::FeatureSet;

/// One token, prepared once per sentence.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// Folded nlp form, clitics and all: `وبالعراق`.
    pub form: String,
    /// Conjunction and preposition stripped, article kept: `العراق`;
    /// `للبيت` gives `البيت`.
    pub stem: String,
    /// `stem` without the article: `عراق`.
    pub bare: String,
    /// The proclitics stripped, in order: `وب`; `-` when none.
    pub pro: String,
    /// Token kind.
    pub kind: &'static str,
    /// Gazetteer bits of the token alone (form, stem, bare, or the stem with a
    /// leading `ب`/`ل`/`ك` cut: `لواشنطن`).
    pub gaz: u16,
    /// Place in the longest list phrase covering it: `B-loc`, `I-org`…;
    /// empty when none.
    pub gaz_span: &'static str,
    /// The bare stem is a nisba adjective of a listed place (`المراكشي`
    /// from `مراكش`, `الوجدية` from `وجدة`, `السلاوية` from `سلا`).
    pub nisba: bool,
    /// Part of speech of the token's stem word (the morphology's, see
    /// [`TokMorph`]); empty without the words layer.
    pub upos: &'static str,
    /// Word clusters (small, large) of the form, else the stem;
    /// `NO_CLUSTER` when unknown.
    pub cl_form: [u16; 2],
    /// Word clusters of the stem, else the bare stem, else the form.
    pub cl_stem: [u16; 2],
    /// Its features that do not depend on tags (see `fixed_features`).
    pub fixed: Vec<crate::learn::Hashed>,
    /// Hashed values of the templates paired with the previous tag (see
    /// [`transition_bases`]); the first is the token's identity.
    pub trans: Vec<crate::learn::Hashed>,
}

fn kind_str(k: TokenKind) -> &'static str {
    match k {
        TokenKind::Word => "w",
        TokenKind::Latin => "l",
        TokenKind::Number => "n",
        TokenKind::Punct => "p",
        TokenKind::Symbol => "s",
        _ => "o",
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Strip the proclitics of a folded token by rule: `(stem, pro)`.
///
/// ```
/// use khabar::ner::features::strip;
/// assert_eq!(strip("وبالعراق"), ("العراق".to_string(), "وب".to_string())); // "and in Iraq"
/// assert_eq!(strip("للبيت"), ("البيت".to_string(), "ل".to_string())); // "to the house"
/// assert_eq!(strip("وبوتين"), ("بوتين".to_string(), "و".to_string())); // "and Putin"
/// ```
pub fn strip(form: &str) -> (String, String) {
    let mut s = form;
    let mut pro = String::new();
    // A conjunction before at least three letters.
    if let Some(c) = s.chars().next().filter(|c| matches!(c, 'و' | 'ف')) {
        let rest = &s[c.len_utf8()..];
        if chars(rest) >= 3 {
            pro.push(c);
            s = rest;
        }
    }
    if let Some(rest) = s.strip_prefix("لل") {
        if chars(rest) >= 2 {
            pro.push('ل');
            return (format!("ال{rest}"), pro);
        }
    }
    // A preposition is only certain before the article; before a bare
    // stem it is left to the `cut` candidate (see [`prepare`]).
    if let Some(c) = s.chars().next().filter(|c| matches!(c, 'ب' | 'ل' | 'ك')) {
        let rest = &s[c.len_utf8()..];
        if rest.starts_with("ال") && chars(rest) >= 4 {
            pro.push(c);
            s = rest;
        }
    }
    (s.to_string(), pro)
}

/// What the morphology says of one token: the part of speech and lemma
/// of its stem word (the first word after the proclitics) and whether an
/// enclitic pronoun follows it (`وزيرها`, "her minister").
#[derive(Debug, Clone, Copy, Default)]
pub struct TokMorph<'a> {
    /// UPOS name of the stem word: `NOUN`, `X`…
    pub upos: &'static str,
    /// Its lemma.
    pub lemma: &'a str,
    /// A word follows the stem word in the token (an enclitic).
    pub enc: bool,
}

/// Cluster id of a word the clusters do not know.
pub const NO_CLUSTER: u16 = u16::MAX;

/// Prepare the tokens of one sentence: `(nlp text, kind)` each.
pub fn prepare(tokens: &[(&str, TokenKind)], gaz: &Gazetteer) -> Vec<Prepared> {
    prepare_with(tokens, gaz, None)
}

/// [`prepare`] with word clusters.
pub fn prepare_with(tokens: &[(&str, TokenKind)], gaz: &Gazetteer, clusters: Option<&Clusters>) -> Vec<Prepared> {
    prepare_full(tokens, None, gaz, clusters)
}

/// [`prepare_with`] with the morphology's view of each token (one per
/// token), for a model trained with it.
pub fn prepare_full(
    tokens: &[(&str, TokenKind)],
    morph: Option<&[TokMorph<'_>]>,
    gaz: &Gazetteer,
    clusters: Option<&Clusters>,
) -> Vec<Prepared> {
    let none = [NO_CLUSTER; 2];
    let mut out: Vec<Prepared> = tokens
        .iter()
        .map(|(norm, kind)| {
            let form = gazetteer::fold(norm);
            let (stem, pro) = strip(&form);
            let bare = stem.strip_prefix("ال").filter(|r| chars(r) >= 2).unwrap_or(&stem).to_string();
            let mut g = gaz.get(&form) | gaz.get(&stem) | gaz.get(&bare);
            // `لواشنطن`, `بموسكو`: a preposition on a bare name.
            if let Some(c) = stem.chars().next().filter(|c| matches!(c, 'ب' | 'ل' | 'ك')) {
                let rest = &stem[c.len_utf8()..];
                if chars(rest) >= 3 {
                    g |= gaz.get(rest) & !(gazetteer::TITLE | gazetteer::ORG_HEAD | gazetteer::LOC_HEAD);
                }
            }
            if gaz.nationality(&bare) {
                g |= gazetteer::NAT;
            }
            let nisba = nisba_of_place(gaz, &bare);
            let (cl_form, cl_stem) = match clusters {
                Some(c) => {
                    let st = c.get(&stem).or_else(|| c.get(&bare));
                    (c.get(&form).or(st).unwrap_or(none), st.or_else(|| c.get(&form)).unwrap_or(none))
                }
                None => (none, none),
            };
            Prepared {
                form,
                stem,
                bare,
                pro: if pro.is_empty() { "-".to_string() } else { pro },
                kind: kind_str(*kind),
                gaz: g,
                gaz_span: "",
                nisba,
                upos: "",
                cl_form,
                cl_stem,
                fixed: Vec::new(),
                trans: Vec::new(),
            }
        })
        .collect();
    mark_phrases(&mut out, gaz);
    let morph = morph.filter(|m| m.len() == out.len());
    if let Some(m) = morph {
        for (w, t) in out.iter_mut().zip(m) {
            w.upos = t.upos;
        }
    }
    // Each form and bare stem is hashed into several features (its own and
    // its neighbours'): hash its bytes once (the same hash values, see
    // [`Piece`]).
    let pieces: Vec<Pieces> = out.iter().map(|w| Pieces { form: Piece::of(&w.form), bare: Piece::of(&w.bare) }).collect();
    for i in 0..out.len() {
        out[i].fixed = fixed_features(&out, &pieces, morph, i);
        out[i].trans = transition_bases(&out, &pieces, i);
    }
    out
}

/// A token's form and bare stem as hash pieces.
#[derive(Clone, Copy)]
struct Pieces {
    form: Piece,
    bare: Piece,
}

/// A nisba adjective of a listed place: the bare stem less `ي`, `ية`,
/// `يون`, `يين`, `يات` is a place, with or without a final `ة` restored
/// (`المراكشي` ← `مراكش`, `الوجدية` ← `وجدة`), or less `وي`, `وية` after
/// a final alef (`السلاوية` ← `سلا`).
fn nisba_of_place(gaz: &Gazetteer, bare: &str) -> bool {
    const ENDS: [&str; 7] = ["ية", "يون", "يين", "يات", "وية", "وي", "ي"];
    let mut key = String::new();
    for end in ENDS {
        let Some(base) = bare.strip_suffix(end) else { continue };
        if chars(base) < 2 {
            continue;
        }
        if end.starts_with('و') {
            if base.ends_with('ا') && gaz.get(base) & gazetteer::LOC != 0 {
                return true;
            }
            continue;
        }
        for restored in ["", "ة"] {
            key.clear();
            key.push_str(base);
            key.push_str(restored);
            if gaz.get(&key) & gazetteer::LOC != 0 {
                return true;
            }
        }
    }
    false
}

const SPAN_TAGS: [(&str, &str); 7] = [
    ("B-loc", "I-loc"),
    ("B-org", "I-org"),
    ("B-first", "I-first"),
    ("B-last", "I-last"),
    ("B-title", "I-title"),
    ("B-nat", "I-nat"),
    ("B-misc", "I-misc"),
];

/// Longest list phrases of two words or more, left to right; the first
/// token is matched by its stem (clitics off).
fn mark_phrases(ws: &mut [Prepared], gaz: &Gazetteer) {
    let mut key = String::with_capacity(64);
    let mut i = 0;
    while i < ws.len() {
        let mut found: Option<(usize, u16)> = None;
        let max = gazetteer::MAX_WORDS.min(ws.len() - i);
        // The first token's stem, and the same with a leading preposition
        // cut when no article follows it (`لجامعة الدول العربية`, "to the
        // Arab League"; `بمدينة`): the rule in [`strip`] keeps those.
        let stem = ws[i].stem.as_str();
        let cut = stem
            .chars()
            .next()
            .filter(|c| matches!(c, 'ب' | 'ل' | 'ك'))
            .map(|c| &stem[c.len_utf8()..])
            .filter(|r| chars(r) >= 3);
        'outer: for n in (2..=max).rev() {
            for first in std::iter::once(stem).chain(cut) {
                key.clear();
                key.push_str(first);
                for w in &ws[i + 1..i + n] {
                    key.push(' ');
                    key.push_str(&w.form);
                }
                let c = gaz.get(&key);
                if c != 0 {
                    found = Some((n, c));
                    break 'outer;
                }
            }
        }
        match found {
            Some((n, c)) => {
                let k = (0..7).find(|&k| c & (1 << k) != 0).unwrap_or(0);
                ws[i].gaz_span = SPAN_TAGS[k].0;
                for w in &mut ws[i + 1..i + n] {
                    w.gaz_span = SPAN_TAGS[k].1;
                }
                i += n;
            }
            None => {
                if ws[i].gaz & 0x7F != 0 {
                    let k = (0..7).find(|&k| ws[i].gaz & (1 << k) != 0).unwrap_or(0);
                    ws[i].gaz_span = SPAN_TAGS[k].0;
                }
                i += 1;
            }
        }
    }
}



const NUM: [&str; 12] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];

// Feature templates (one byte each; never reuse a number for another meaning).
const T_BIAS: u8 = 0;
const T_FORM: u8 = 1;
const T_STEM: u8 = 2;
const T_BARE: u8 = 3;
const T_PRO: u8 = 4;
const T_PRE2: u8 = 5;
const T_PRE3: u8 = 6;
const T_SUF1: u8 = 7;
const T_SUF2: u8 = 8;
const T_SUF3: u8 = 9;
const T_LEN: u8 = 10;
const T_KIND: u8 = 11;
const T_GAZ: u8 = 12;
const T_GAZ_SPAN: u8 = 13;
const T_PREV_FORM: u8 = 14;
const T_NEXT_FORM: u8 = 15;
const T_PREV2_FORM: u8 = 16;
const T_NEXT2_FORM: u8 = 17;
const T_PREV_BARE: u8 = 18;
const T_NEXT_BARE: u8 = 19;
const T_PREV_GAZ: u8 = 20;
const T_NEXT_GAZ: u8 = 21;
const T_PREV2_GAZ: u8 = 22;
const T_PREV_TAG: u8 = 23;
// 24 was the two previous tags (greedy decoder).
const T_PREV_TAG_BARE: u8 = 25;
const T_PREV_TAG_SUF2: u8 = 26;
const T_BIGRAM_L: u8 = 27;
const T_BIGRAM_R: u8 = 28;
const T_PREV_TAG_GAZ: u8 = 29;
const T_NEXT_GAZ_SPAN: u8 = 30;
const T_PREV_GAZ_SPAN: u8 = 31;
const T_AL_PRO: u8 = 32;
const T_PREV_TAG_PREV_FORM: u8 = 33;
const T_NEXT_KIND: u8 = 34;
const T_PREV_KIND: u8 = 35;
const T_CHAR3: u8 = 36;
// Word clusters (small `S`, large `L` granularity; 50, 51, 54-60 and 62
// were used by experiments, see `fixed_features`).
const T_CL_STEM_S: u8 = 52;
const T_CL_STEM_L: u8 = 53;
const T_PREV_TAG_CL_L: u8 = 61;
// Neighbour shapes and list-class pairs.
const T_NEXT_SHAPE: u8 = 63;
const T_PREV_SHAPE: u8 = 64;
const T_NEXT_AFFIX: u8 = 65;
const T_GAZ_PAIR_R: u8 = 66;
const T_GAZ_PAIR_L: u8 = 67;
const T_PREV_TAG_PREV_GAZ: u8 = 68;
const T_PREV_TAG_SHAPE: u8 = 69;
const T_DOC_NEIGHBOURS: u8 = 70;
const T_DOC_NEXT_R0: u8 = 71;
// The morphology's view (stem word's UPOS, enclitic, neighbours' lemmas).
const T_UPOS: u8 = 72;
const T_PREV_UPOS: u8 = 73;
const T_NEXT_UPOS: u8 = 74;
// 75-77 were the neighbours' UPOS pair and lemmas (tried, dropped).
const T_PREV_TAG_UPOS: u8 = 78;
// Spans after a head word (`وزارة … `), nisba adjectives of places.
const T_HEAD_SPAN: u8 = 79;
const T_NISBA: u8 = 80;
const T_NEXT_NISBA: u8 = 81;
// 82-84 were the spelling dictionary's classes (tried, dropped).
// Second pass: the first pass's tags around, and elsewhere in the document.
const T_R0: u8 = 40;
const T_R1: u8 = 41;
const T_R1R2: u8 = 42;
const T_L1R1: u8 = 43;
const T_R1_BARE: u8 = 44;
const T_DOC: u8 = 45;
const T_DOC_BARE: u8 = 46;
const T_R0_GAZ: u8 = 47;

fn gaz_names(bits: u16) -> impl Iterator<Item = &'static str> {
    gazetteer::CLASSES.iter().filter(move |(b, _)| bits & b != 0).map(|(_, n)| *n)
}

/// What the second pass knows beyond the first: the first pass's tags of
/// the sentence, and for each token the entity type the first pass gave the
/// same bare stem elsewhere in the document (`-` when none).
#[derive(Debug, Clone, Copy)]
pub struct Right<'a> {
    /// First-pass tag names of the sentence.
    pub tags: &'a [&'a str],
    /// Type seen elsewhere in the document, per token.
    pub doc: &'a [&'a str],
}

/// Features of token `i` that do not depend on tags: computed once per
/// token in [`prepare`] and shared by both passes. The first
/// [`N_IDENTITY`] are the token's identity.
fn fixed_features(ws: &[Prepared], pieces: &[Pieces], morph: Option<&[TokMorph<'_>]>, i: usize) -> Vec<crate::learn::Hashed> {
    let mut f = FeatureSet::default();
    let w = &ws[i];
    let at = |j: isize| -> Option<&Prepared> {
        if j < 0 {
            None
        } else {
            ws.get(j as usize)
        }
    };
    let ii = i as isize;
    let start = Piece::of("<s>");
    let piece_at = |j: isize| if j < 0 { None } else { pieces.get(j as usize) };
    let form_at = |j: isize| piece_at(j).map_or(start, |p| p.form);
    let bare_at = |j: isize| piece_at(j).map_or(start, |p| p.bare);
    let own = pieces[i];
    let b = w.bare.as_str();
    f.items.push(hash1p(T_FORM, own.form));
    f.add(T_STEM, &w.stem);
    f.items.push(hash1p(T_BARE, own.bare));
    f.add(T_BIAS, "");
    // Letter trigrams: what a foreign name looks like (`شوماخر`).
    // Each is a slice of `b` between char boundaries: the bytes of the
    // three letters, without building a string.
    if w.kind == "w" && b.chars().nth(3).is_some() {
        let mut starts = b.char_indices().map(|(k, _)| k).chain([b.len()]);
        let mut win = [starts.next().expect("a letter"), starts.next().expect("4 letters"), starts.next().expect("4 letters")];
        for end in starts {
            f.add(T_CHAR3, &b[win[0]..end]);
            win = [win[1], win[2], end];
        }
    }
    f.add(T_PRO, &w.pro);
    f.add(T_PRE2, prefix(b, 2));
    f.add(T_PRE3, prefix(b, 3));
    f.add(T_SUF1, suffix(b, 1));
    f.add(T_SUF2, suffix(b, 2));
    f.add(T_SUF3, suffix(b, 3));
    f.add(T_LEN, NUM[chars(b).min(11)]);
    f.add(T_KIND, w.kind);
    f.add2(T_AL_PRO, if w.stem.starts_with("ال") { "al" } else { "-" }, &w.pro);
    for g in gaz_names(w.gaz) {
        f.add(T_GAZ, g);
    }
    f.add(T_GAZ_SPAN, w.gaz_span);
    f.items.push(hash1p(T_PREV_FORM, form_at(ii - 1)));
    f.items.push(hash1p(T_NEXT_FORM, form_at(ii + 1)));
    f.items.push(hash1p(T_PREV2_FORM, form_at(ii - 2)));
    f.items.push(hash1p(T_NEXT2_FORM, form_at(ii + 2)));
    f.items.push(hash1p(T_PREV_BARE, bare_at(ii - 1)));
    f.items.push(hash1p(T_NEXT_BARE, bare_at(ii + 1)));
    f.items.push(hash2p(T_BIGRAM_L, form_at(ii - 1), own.bare));
    f.items.push(hash2p(T_BIGRAM_R, own.bare, form_at(ii + 1)));
    for (t, j) in [(T_PREV_GAZ, ii - 1), (T_NEXT_GAZ, ii + 1), (T_PREV2_GAZ, ii - 2)] {
        if let Some(p) = at(j) {
            for g in gaz_names(p.gaz) {
                f.add(t, g);
            }
        }
    }
    f.add(T_NEXT_GAZ_SPAN, at(ii + 1).map_or("<s>", |p| p.gaz_span));
    f.add(T_PREV_GAZ_SPAN, at(ii - 1).map_or("<s>", |p| p.gaz_span));
    f.add(T_NEXT_KIND, at(ii + 1).map_or("<s>", |p| p.kind));
    f.add(T_PREV_KIND, at(ii - 1).map_or("<s>", |p| p.kind));
    // The neighbours' shapes: article and proclitics, first two and last
    // two letters of the bare stem (a verb after a name, `يقول`; an
    // adjective, `الأمريكي`).
    fn shape(p: Option<&Prepared>) -> (&str, &str) {
        p.map_or(("<s>", ""), |p| (if p.stem.starts_with("ال") { "al" } else { "-" }, p.pro.as_str()))
    }
    let (a, pr) = shape(at(ii + 1));
    f.add2(T_NEXT_SHAPE, a, pr);
    let (a, pr) = shape(at(ii - 1));
    f.add2(T_PREV_SHAPE, a, pr);
    if let Some(p) = at(ii + 1) {
        f.add2(T_NEXT_AFFIX, prefix(&p.bare, 2), suffix(&p.bare, 2));
    }
    // Pairs of list classes: a first name before a surname, a title
    // before a first name.
    let gz = |p: Option<&Prepared>| p.map_or(0, |p| p.gaz);
    for (t, x, y) in [(T_GAZ_PAIR_R, w.gaz, gz(at(ii + 1))), (T_GAZ_PAIR_L, gz(at(ii - 1)), w.gaz)] {
        if x != 0 || y != 0 {
            for g in gaz_names(x).chain(std::iter::once("-").filter(|_| x == 0)) {
                for h in gaz_names(y).chain(std::iter::once("-").filter(|_| y == 0)) {
                    f.add2(t, g, h);
                }
            }
        }
    }
    // Word clusters of the stem at both granularities. (Cluster ids of the
    // form, of the neighbours and of the stem with its proclitics were
    // tried too, templates 50, 51 and 54-60, and did not help on the
    // tuning split.)
    let add_cl = |f: &mut FeatureSet, t: u8, id: u16| f.items.push(crate::learn::features::hash1(t, cl_name(id)));
    add_cl(&mut f, T_CL_STEM_S, w.cl_stem[0]);
    add_cl(&mut f, T_CL_STEM_L, w.cl_stem[1]);
    {
        // The nearest head word to the left, up to four tokens back, with
        // only words between (`وزارة الخارجية والتعاون الدولي`): its class
        // and distance, and whether this token has the article.
        let al = if w.stem.starts_with("ال") { "al" } else { "-" };
        for k in 2..=4usize {
            let Some(j) = i.checked_sub(k) else { break };
            if ws[j + 1..i].iter().any(|p| p.kind != "w") {
                break;
            }
            let g = ws[j].gaz;
            let class = if g & gazetteer::ORG_HEAD != 0 {
                "org"
            } else if g & gazetteer::LOC_HEAD != 0 {
                "loc"
            } else {
                continue;
            };
            f.add2(T_HEAD_SPAN, class, NUM[k]);
            f.add2(T_HEAD_SPAN, class, al);
            break;
        }
    }
    if w.nisba {
        f.add(T_NISBA, "");
    }
    if at(ii + 1).is_some_and(|p| p.nisba) {
        f.add(T_NEXT_NISBA, w.kind);
    }
    if let Some(m) = morph {
        let up = |j: isize| if j < 0 { "<s>" } else { m.get(j as usize).map_or("</s>", |t| t.upos) };
        f.add2(T_UPOS, m[i].upos, if m[i].enc { "e" } else { "-" });
        f.add(T_PREV_UPOS, up(ii - 1));
        f.add(T_NEXT_UPOS, up(ii + 1));
    }
    f.items
}

/// Cluster ids as feature values (`?` unknown, `<>` beyond the sentence).
fn cl_name(id: u16) -> &'static str {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    match id {
        NO_CLUSTER => "?",
        x if x == NO_CLUSTER - 1 => "<>",
        x => NAMES.get_or_init(|| (0..1024).map(|i| i.to_string()).collect()).get(x as usize).map_or("?", |s| s.as_str()),
    }
}

/// How many of the fixed features are the token's identity (form, stem,
/// bare stem).
const N_IDENTITY: usize = 3;

/// The values of the templates that are paired with the previous tag:
/// bare stem (the identity, first), nothing (the tag bigram alone), last
/// two letters, previous form, fine cluster, name-list classes.
fn transition_bases(ws: &[Prepared], pieces: &[Pieces], i: usize) -> Vec<crate::learn::Hashed> {
    let mut f = FeatureSet::default();
    let w = &ws[i];
    let b = w.bare.as_str();
    f.items.push(hash1p(T_PREV_TAG_BARE, pieces[i].bare));
    f.add(T_PREV_TAG, "");
    f.add(T_PREV_TAG_SUF2, suffix(b, 2));
    f.items.push(hash1p(T_PREV_TAG_PREV_FORM, if i >= 1 { pieces[i - 1].form } else { Piece::of("<s>") }));
    f.add(T_PREV_TAG_CL_L, cl_name(w.cl_stem[1]));
    for g in gaz_names(w.gaz) {
        f.add(T_PREV_TAG_GAZ, g);
    }
    // Whether an entity goes on: the previous token's list classes (a
    // head word, `مجلس`), the token's article and proclitics (`و` often
    // starts a new name, an adjective with the article often continues).
    if i >= 1 {
        for g in gaz_names(ws[i - 1].gaz) {
            f.add(T_PREV_TAG_PREV_GAZ, g);
        }
    }
    f.add2(T_PREV_TAG_SHAPE, if w.stem.starts_with("ال") { "al" } else { "-" }, &w.pro);
    if !w.upos.is_empty() {
        f.add(T_PREV_TAG_UPOS, w.upos);
    }
    f.items
}

/// A transition base paired with the previous tag `prev` (an index into
/// the tag names, the sentence start being one past the last tag).
#[inline]
pub fn with_prev(base: crate::learn::Hashed, prev: u16) -> crate::learn::Hashed {
    crate::learn::features::mix(base ^ (prev as u64 + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// The features of token `i` that do not depend on the previous tag
/// (the token's fixed features and, in pass 2, pass 1's tags).
///
/// `hide` (training only) drops the token's identity, so that what an
/// unseen name still has (letters, affixes, lists, context) learns to
/// carry the decision, as it must at run time.
pub fn emission(f: &mut FeatureSet, ws: &[Prepared], i: usize, right: Option<Right<'_>>, hide: bool) {
    f.clear();
    let w = &ws[i];
    f.items.extend_from_slice(if hide { &w.fixed[N_IDENTITY..] } else { &w.fixed });
    if let Some(r) = right {
        add_right(f, ws, i, r);
    }
}

/// The features [`emission`] adds to `ws[i].fixed` in pass 2, alone (into
/// a cleared `f`): a decoder that scores the fixed features once for both
/// passes adds only these for pass 2.
pub fn emission_right(f: &mut FeatureSet, ws: &[Prepared], i: usize, right: Right<'_>) {
    f.clear();
    add_right(f, ws, i, right);
}

/// Pass 2's own emission features of token `i`, appended to `f`.
fn add_right(f: &mut FeatureSet, ws: &[Prepared], i: usize, r: Right<'_>) {
    let w = &ws[i];
    let b = w.bare.as_str();
    let get = |j: usize| r.tags.get(j).copied().unwrap_or("</s>");
    f.add(T_R0, get(i));
    f.add(T_R1, get(i + 1));
    f.add2(T_R1R2, get(i + 1), get(i + 2));
    f.add2(T_R1_BARE, get(i + 1), b);
    let d = r.doc.get(i).copied().unwrap_or("-");
    f.add(T_DOC, d);
    f.add2(T_DOC_BARE, d, suffix(b, 2));
    f.add2(T_R0_GAZ, get(i), w.gaz_span);
    // The neighbours' types elsewhere in the document (`فرناندو` before
    // a `ألونسو` found alone elsewhere).
    let dn = r.doc.get(i + 1).copied().unwrap_or("</s>");
    let dp = if i >= 1 { r.doc[i - 1] } else { "<s>" };
    f.add2(T_DOC_NEIGHBOURS, dp, dn);
    f.add2(T_DOC_NEXT_R0, dn, get(i));
}

/// The transition base pass 2 adds for the pass-1 tag right of a token
/// (`</s>` at the end): every value it can take, for tables built ahead.
pub fn right_tag_base(tag: &str) -> crate::learn::Hashed {
    crate::learn::features::hash1(T_L1R1, tag)
}

/// The bases of token `i`'s features paired with the previous tag (see
/// [`with_prev`]); `hide` as in [`emission`].
pub fn transition(out: &mut Vec<crate::learn::Hashed>, ws: &[Prepared], i: usize, right: Option<Right<'_>>, hide: bool) {
    out.clear();
    out.extend_from_slice(if hide { &ws[i].trans[1..] } else { &ws[i].trans });
    if let Some(r) = right {
        out.push(right_tag_base(r.tags.get(i + 1).copied().unwrap_or("</s>")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepares_stems_and_list_phrases() {
        let g = Gazetteer::embedded();
        // "and in the United States and to Washington"
        let toks = [("وبالولايات", TokenKind::Word), ("المتحدة", TokenKind::Word), ("ولواشنطن", TokenKind::Word)];
        let ws = prepare(&toks, g);
        assert_eq!(ws[0].stem, "الولايات");
        assert_eq!(ws[0].pro, "وب");
        assert_eq!((ws[0].gaz_span, ws[1].gaz_span), ("B-loc", "I-loc"));
        assert_ne!(ws[2].gaz & gazetteer::LOC, 0);
        let mut f = FeatureSet::default();
        emission(&mut f, &ws, 1, None, false);
        assert!(f.items.len() > 25);
        let mut t = Vec::new();
        transition(&mut t, &ws, 1, None, false);
        assert_eq!(t.len(), ws[1].trans.len());
        transition(&mut t, &ws, 1, None, true);
        assert_eq!(t.len(), ws[1].trans.len() - 1);
        assert_ne!(with_prev(t[0], 0), with_prev(t[0], 1));
    }

    #[test]
    fn preposition_before_a_listed_phrase_and_nisba_of_places() {
        let g = Gazetteer::embedded();
        // "to the Arab League": `ل` on a word without the article.
        let toks = [("لجامعة", TokenKind::Word), ("الدول", TokenKind::Word), ("العربية", TokenKind::Word)];
        let ws = prepare(&toks, g);
        assert_eq!((ws[0].gaz_span, ws[1].gaz_span, ws[2].gaz_span), ("B-org", "I-org", "I-org"));
        // "the Marrakchi", "the Oujdi", "the Slaoui" (of Marrakesh, Oujda,
        // Salé); "the general" is not of a place.
        for (w, is) in [("المراكشي", true), ("الوجدية", true), ("السلاوية", true), ("العام", false)] {
            let ws = prepare(&[(w, TokenKind::Word)], g);
            assert_eq!(ws[0].nisba, is, "{w}");
        }
    }

    /// The features hashed from pieces and slices are the string hashes.
    #[test]
    fn piecewise_features_are_the_string_hashes() {
        use crate::learn::features::{hash1, hash2};
        let g = Gazetteer::embedded();
        // "Schumacher won in Monza"
        let toks = [("شوماخر", TokenKind::Word), ("فاز", TokenKind::Word), ("بمونزا", TokenKind::Word)];
        let ws = prepare(&toks, g);
        let (a, b) = (&ws[0], &ws[1]);
        for h in [
            hash1(T_FORM, &b.form),
            hash1(T_BARE, &b.bare),
            hash1(T_PREV_FORM, &a.form),
            hash1(T_PREV2_FORM, "<s>"),
            hash1(T_NEXT_BARE, &ws[2].bare),
            hash2(T_BIGRAM_L, &a.form, &b.bare),
            hash2(T_BIGRAM_R, &b.bare, &ws[2].form),
        ] {
            assert!(b.fixed.contains(&h));
        }
        let tri: Vec<crate::learn::Hashed> = ["شوم", "وما", "ماخ", "اخر"].iter().map(|t| hash1(T_CHAR3, t)).collect();
        assert_eq!(a.fixed.iter().filter(|h| tri.contains(h)).count(), 4);
        assert!(!b.fixed.contains(&hash1(T_CHAR3, "فاز")), "three letters have no trigrams");
        assert_eq!(b.trans[0], hash1(T_PREV_TAG_BARE, &b.bare));
        assert!(b.trans.contains(&hash1(T_PREV_TAG_PREV_FORM, &a.form)));
        assert!(a.trans.contains(&hash1(T_PREV_TAG_PREV_FORM, "<s>")));
    }

    #[test]
    fn head_words_reach_the_words_after_them() {
        let g = Gazetteer::embedded();
        // "the ministry of foreign affairs and cooperation"
        let toks = [("وزارة", TokenKind::Word), ("الخارجية", TokenKind::Word), ("والتعاون", TokenKind::Word)];
        let ws = prepare(&toks, g);
        let near = crate::learn::features::hash2(T_HEAD_SPAN, "org", "2");
        assert!(ws[2].fixed.contains(&near));
        assert!(!ws[1].fixed.contains(&near));
    }
}


