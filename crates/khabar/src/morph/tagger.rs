//! Part of speech and lemma for syntactic words (after clitic segmentation).
//!
//! POS: an averaged perceptron, greedy left to right, features from the
//! word, its affixes, its neighbours, its place in the written token
//! (proclitic, stem, enclitic) and the two previous predicted tags.
//!
//! Lemma: the lemma is **unvocalized, in the treebank's standard spelling**
//! (hamza seats as the dictionary writes them), without the article, in the
//! dictionary citation form (verbs: 3rd person masculine singular perfect;
//! nouns and adjectives: singular masculine where the treebank does so):
//! `المفاوضات` → `مفاوضة`, `يزور` → `زار`. It comes from a dictionary of
//! (form, tag) pairs seen in training; for unseen words a second perceptron
//! picks an edit script (strip so many letters at each end, append these)
//! learned from the training pairs.

use super::wordlist::{WordInfo, WordList};
use crate::learn::features::{hash1p, hash2p, prefix, suffix, FeatureSet, Piece};
use crate::learn::perceptron::{Acc, PAIRED_MAX_CLASSES};
use crate::learn::{PairedModel, Perceptron, PerceptronModel};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Where a word sits in its written token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The token is this one word.
    Whole,
    /// A proclitic: `و` in `وقال`.
    Proclitic,
    /// The stem of a token with clitics.
    Stem,
    /// An enclitic pronoun: `ه` in `كتابه`.
    Enclitic,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Whole => "W",
            Role::Proclitic => "P",
            Role::Stem => "S",
            Role::Enclitic => "E",
        }
    }
}

/// A word to tag: its restored form (nlp-normalized) and its role.
#[derive(Debug, Clone, Copy)]
pub struct WordIn<'a> {
    /// `الرئيس` (the form after restoration: `للرئيس` gives `ل` + `الرئيس`).
    pub form: &'a str,
    /// Its place in the written token.
    pub role: Role,
}

/// A gold word for training.
#[derive(Debug, Clone)]
pub struct GoldWord {
    /// Restored form, nlp-normalized (no harakat).
    pub form: String,
    /// Role in its token.
    pub role: Role,
    /// UPOS.
    pub upos: String,
    /// Lemma, unvocalized.
    pub lemma: String,
}

/// An edit script turning a form into its lemma.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct EditScript {
    strip_front: u8,
    strip_back: u8,
    append: String,
}

impl EditScript {
    fn learn(form: &str, lemma: &str) -> EditScript {
        let f: Vec<char> = form.chars().collect();
        let l: Vec<char> = lemma.chars().collect();
        let mut best = (0usize, 0usize); // (front strip, common length)
        for p in 0..=f.len().min(3) {
            let k = f[p..].iter().zip(&l).take_while(|(a, b)| a == b).count();
            if k > best.1 {
                best = (p, k);
            }
        }
        let (p, k) = best;
        EditScript {
            strip_front: p as u8,
            strip_back: (f.len() - p - k) as u8,
            append: l[k..].iter().collect(),
        }
    }

    fn applies(&self, n_chars: usize) -> bool {
        (self.strip_front + self.strip_back) as usize <= n_chars
            && (self.strip_front as usize + self.strip_back as usize) < n_chars + self.append.chars().count()
    }

    fn apply(&self, form: &str) -> String {
        let chars: Vec<char> = form.chars().collect();
        let end = chars.len().saturating_sub(self.strip_back as usize);
        let start = (self.strip_front as usize).min(end);
        let mut s: String = chars[start..end].iter().collect();
        s.push_str(&self.append);
        s
    }
}

/// The trained POS tagger and lemmatizer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaggerModel {
    tags: Vec<String>,
    pos: PerceptronModel,
    pos2: PerceptronModel,
    scripts: Vec<EditScript>,
    lemma: PerceptronModel,
    /// form → (tag, lemma) for pairs seen in training.
    dict: FxHashMap<String, Vec<(u16, String)>>,
    /// Raw-text word list (frequency, name share), for unseen words.
    words: WordList,
    /// Hashes of the folded forms seen in training: a form unseen as
    /// written but seen folded is spelled otherwise than the treebank
    /// spells it (`اوضاع` for `أوضاع`, "conditions").
    folded_seen: rustc_hash::FxHashSet<u64>,
    /// `pos` and `pos2` in one table, built on first use.
    #[serde(skip)]
    paired: std::sync::OnceLock<Option<PairedModel>>,
}

/// What training says about a form: the tags it was seen with (bit mask)
/// and whether it was seen as written (2), only folded (1), or not (0).
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    mask: u64,
    spell: u8,
}

fn folded_key(folded: &str) -> u64 {
    crate::learn::features::hash1(0xB3, folded)
}

#[inline]
fn hash_u(template: u8, a: u64, b: u64) -> u64 {
    let mut z = consts().bare[template as usize] ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const EPOCHS: usize = 8;
const MIN_SCRIPT_COUNT: u32 = 2;

// Feature templates (one byte each; never reuse a number for another meaning).
const T_BIAS: u8 = 0;
const T_FORM: u8 = 1;
const T_FOLD: u8 = 2;
const T_PRE1: u8 = 3;
const T_PRE2: u8 = 4;
const T_SUF1: u8 = 5;
const T_SUF2: u8 = 6;
const T_SUF3: u8 = 7;
const T_ROLE: u8 = 8;
const T_ROLE_FORM: u8 = 9;
const T_PREV_TAG: u8 = 10;
const T_PREV2_TAGS: u8 = 11;
const T_PREV_TAG_FORM: u8 = 12;
const T_PREV_FORM: u8 = 13;
const T_NEXT_FORM: u8 = 14;
const T_PREV2_FORM: u8 = 15;
const T_NEXT2_FORM: u8 = 16;
const T_SHAPE: u8 = 17;
const T_LEN: u8 = 18;
const T_NEXT_SUF2: u8 = 19;
const T_PREV_SUF2: u8 = 20;
const T_ROLE_SUF2: u8 = 21;
const T_DEF_SUF1: u8 = 22;
const T_PRE3: u8 = 23;
const T_SUF4: u8 = 24;
const T_DEF_AGREE: u8 = 25;
const T_FEM_AGREE: u8 = 26;
const T_NEXT_PRE2: u8 = 27;
const T_PREV_TAG_SUF2: u8 = 28;
const T_CHAR3: u8 = 29;
const T_R0: u8 = 30;
const T_R1: u8 = 31;
const T_R1R2: u8 = 32;
const T_L1R1: u8 = 33;
const T_R1_FORM: u8 = 34;
const T_R0_SUF2: u8 = 35;
// From the raw-text word list (see `wordlist`).
const T_LX_FREQ: u8 = 60;
const T_LX_NE: u8 = 61;
const T_LX_ALT: u8 = 62;
const T_LX_ALT_NE: u8 = 63;
const T_LX_FREQ_SUF: u8 = 64;
const T_LX_NE_PREV: u8 = 65;
const T_LX_ROLE: u8 = 66;
const T_LX_NEXT_NE: u8 = 67;
const T_LX_PREV_NE: u8 = 68;
const T_AMB: u8 = 70;
const T_AMB_ROLE: u8 = 71;
const T_SPELL_CTX: u8 = 72;
const T_SPELL_NE: u8 = 73;
const T_DUP: u8 = 74;
const T_VARIANTS: u8 = 75;
const T_CLITIC_LEFT: u8 = 76;
const T_HUN: u8 = 77;
const T_HUN_SUF: u8 = 78;
const T_HUN_PREV: u8 = 79;
const T_HUN_NEXT: u8 = 80;
const T_HUN_FLAG: u8 = 81;
const T_HUN_FLAG_SUF: u8 = 82;
// lemma
const L_TAG: u8 = 40;
const L_SUF1: u8 = 41;
const L_SUF2: u8 = 42;
const L_SUF3: u8 = 43;
const L_PRE1: u8 = 44;
const L_PRE2: u8 = 45;
const L_TAG_SUF2: u8 = 46;
const L_TAG_PRE2: u8 = 47;
const L_LEN: u8 = 48;
const L_BIAS: u8 = 49;
const L_TAG_SUF3: u8 = 50;

/// The search-level letter folding (`أ إ آ ٱ`→`ا`, `ى`→`ي`) on text that is
/// already nlp-normalized, without building an alignment: hamza-less news
/// spellings then share features with the treebank's.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

const SMALL_NUMBERS: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];



fn shape(s: &str) -> &'static str {
    let mut chars = s.chars();
    match chars.next() {
        None => "empty",
        Some(c) if c.is_ascii_digit() => "digit",
        Some(c) if crate::text::chars::is_arabic_letter(c) => "arabic",
        Some(c) if c.is_alphabetic() => "latin",
        Some(_) => "other",
    }
}

/// Pre-computed per-word strings and word-list look-ups, so features are
/// built without re-folding or re-hashing.
struct Prepared<'a> {
    form: &'a str,
    folded: String,
    role: Role,
    /// The word itself in the raw-text list.
    lx: WordInfo,
    /// Its other article form: `الرئيس` → `رئيس`, `رئيس` → `الرئيس`.
    alt: WordInfo,
    /// What training says about it (jackknifed while training).
    seen: Seen,
    /// Words of the sentence spelled otherwise than the treebank (0..=3).
    variants: u8,
    /// A whole word starting with a proclitic letter (`وقطار`, "and a
    /// train", left unsplit): the rest in the word list.
    clitic_left: Option<WordInfo>,
    /// Spelling-dictionary classes of the word as written, without the
    /// article, and without a noun suffix (3 bits each).
    hun: u32,
    /// The dictionary's affix class of the first of those three that it lists.
    hun_flag: u16,
    /// The strings its features hash, hashed once.
    p: Pieces,
}

/// Pieces ([`Piece`]) of a word's strings: the folded form's first 1..=3
/// and last 1..=4 letters, and so on. Each is used by several templates,
/// in both passes and by the neighbours' features.
#[derive(Debug, Clone, Copy)]
struct Pieces {
    form: Piece,
    fold: Piece,
    /// `prefix(folded, k + 1)`.
    pre: [Piece; 3],
    /// `suffix(folded, k + 1)`.
    suf: [Piece; 4],
    shape: Piece,
    len: Piece,
    /// `hash1(0, suffix(folded, 1))`, the dictionary features' suffix.
    suf1_h: u64,
    /// The folded form starts with the article / ends with ta marbuta.
    al: bool,
    fem: bool,
}

impl Pieces {
    fn of(form: &str, x: &str) -> Pieces {
        let suf = [suffix(x, 1), suffix(x, 2), suffix(x, 3), suffix(x, 4)].map(Piece::of);
        Pieces {
            form: Piece::of(form),
            fold: Piece::of(x),
            pre: [prefix(x, 1), prefix(x, 2), prefix(x, 3)].map(Piece::of),
            suf,
            shape: Piece::of(shape(x)),
            len: Piece::of(SMALL_NUMBERS[x.chars().count().min(8)]),
            suf1_h: hash1p(0, suf[0]),
            al: x.starts_with("ال"),
            fem: x.ends_with('ة'),
        }
    }
}

/// Pieces of the fixed strings the features use.
struct Consts {
    empty: Piece,
    bos: Piece,
    eos: Piece,
    /// `suffix("<s>", 2)` and `prefix("<s>", 2)`: a neighbour outside the
    /// sentence reads as the word `<s>`.
    bos_suf2: Piece,
    bos_pre2: Piece,
    al: Piece,
    dash: Piece,
    /// `"00" "01" "10" "11"`.
    pair: [Piece; 4],
    num: [Piece; 8],
    nine: Piece,
    roles: [Piece; 4],
    /// `hash1(t, "")` for every template `t`.
    bare: [u64; 256],
}

fn consts() -> &'static Consts {
    static C: std::sync::OnceLock<Consts> = std::sync::OnceLock::new();
    C.get_or_init(|| Consts {
        empty: Piece::of(""),
        bos: Piece::of("<s>"),
        eos: Piece::of("</s>"),
        bos_suf2: Piece::of(suffix("<s>", 2)),
        bos_pre2: Piece::of(prefix("<s>", 2)),
        al: Piece::of("al"),
        dash: Piece::of("-"),
        pair: ["00", "01", "10", "11"].map(Piece::of),
        num: NUM.map(Piece::of),
        nine: Piece::of("9"),
        roles: [Role::Whole, Role::Proclitic, Role::Stem, Role::Enclitic].map(|r| Piece::of(r.as_str())),
        bare: std::array::from_fn(|t| hash1p(t as u8, Piece::of(""))),
    })
}

impl Role {
    fn piece(self) -> Piece {
        consts().roles[self as usize]
    }
}

fn prepare<'a>(words: &[WordIn<'a>], list: &WordList, seen: impl Fn(usize, &str, &str) -> Seen) -> Vec<Prepared<'a>> {
    let mut out = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let folded = fold(w.form);
            let (lx, alt) = if list.is_empty() {
                (WordInfo::default(), WordInfo::default())
            } else {
                let alt = match folded.strip_prefix("ال") {
                    Some(rest) => list.get(&[rest]),
                    None => list.get(&["ال", &folded]),
                };
                (list.get(&[&folded]), alt)
            };
            let seen = seen(i, w.form, &folded);
            let clitic_left = (w.role == Role::Whole
                && !list.is_empty()
                && folded.chars().count() >= 4
                && folded.starts_with(['و', 'ف', 'ب', 'ل']))
            .then(|| list.get(&[&folded[folded.char_indices().nth(1).map_or(0, |(k, _)| k)..]]));
            let (hun, hun_flag) = list.dictionary_pattern(&folded);
            let p = Pieces::of(w.form, &folded);
            Prepared { form: w.form, folded, role: w.role, lx, alt, seen, variants: 0, clitic_left, hun, hun_flag, p }
        })
        .collect::<Vec<_>>();
    let n = out.iter().filter(|p| p.seen.spell == 1).count().min(3) as u8;
    out.iter_mut().for_each(|p| p.variants = n);
    out
}


const NUM: [&str; 8] = ["0", "1", "2", "3", "4", "5", "6", "7"];

/// Which of a decision's features to build: those of the word and its
/// neighbours' forms, which are the same in both passes and whatever the
/// tags ([`Part::Word`]), those of the two tags before it ([`Part::Prev`]),
/// those of pass 1's tags (pass 2 only: [`Part::Right`]), or all of them in
/// the order training used ([`Part::All`]). Tagging builds the word part
/// once per word, and the tag part once for both passes where pass 2 sees
/// the same tags before the word as pass 1; a dense model's integer sums
/// do not depend on the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    All,
    Word,
    Prev,
    Right,
}

/// The features of word `i`, appended to `f`, given the two previous tags
/// and, in pass 2, pass 1's tags of the sentence (as pieces).
#[allow(clippy::too_many_arguments)]
fn pos_features(f: &mut FeatureSet, ws: &[Prepared<'_>], i: usize, prev: Piece, prev2: Piece, right: Option<&[Piece]>, hide: bool, part: Part) {
    let c = consts();
    let word = matches!(part, Part::All | Part::Word);
    let ctx = matches!(part, Part::All | Part::Prev);
    let items = &mut f.items;
    let w = &ws[i];
    let p = &w.p;
    if matches!(part, Part::All | Part::Right) {
        if let Some(r) = right {
            let get = |j: usize| r.get(j).copied().unwrap_or(c.eos);
            items.push(hash1p(T_R0, get(i)));
            items.push(hash1p(T_R1, get(i + 1)));
            items.push(hash2p(T_R1R2, get(i + 1), get(i + 2)));
            items.push(hash2p(T_L1R1, prev, get(i + 1)));
            if !hide {
                items.push(hash2p(T_R1_FORM, get(i + 1), p.fold));
            }
            items.push(hash2p(T_R0_SUF2, get(i), p.suf[1]));
        }
    }
    if word {
        items.push(hash1p(T_BIAS, c.empty));
    }
    // `hide` (training only) drops the word's identity, so that the
    // features an unseen word still has (affixes, letters, the word list,
    // context) learn to carry the decision, as they must at run time.
    if !hide {
        if word {
            items.push(hash1p(T_FORM, p.form));
            items.push(hash1p(T_FOLD, p.fold));
            items.push(hash2p(T_ROLE_FORM, w.role.piece(), p.fold));
        }
        if ctx {
            items.push(hash2p(T_PREV_TAG_FORM, prev, p.fold));
        }
    }
    if word {
        items.push(hash1p(T_PRE1, p.pre[0]));
        items.push(hash1p(T_PRE2, p.pre[1]));
        items.push(hash1p(T_SUF1, p.suf[0]));
        items.push(hash1p(T_SUF2, p.suf[1]));
        items.push(hash1p(T_SUF3, p.suf[2]));
        items.push(hash1p(T_ROLE, w.role.piece()));
        items.push(hash2p(T_ROLE_SUF2, w.role.piece(), p.suf[1]));
        items.push(hash2p(T_DEF_SUF1, if p.al { c.al } else { c.dash }, p.suf[0]));
        // Letter trigrams inside the word: what a foreign name or an unseen
        // broken plural looks like, beyond its ends.
        let x = w.folded.as_str();
        if x.chars().nth(3).is_some() {
            // Each trigram starts where the one before it did, one letter on.
            let mut starts = x.char_indices().map(|(k, _)| k);
            let mut ends = x.char_indices().map(|(k, _)| k).skip(3).chain([x.len()]);
            while let (Some(a), Some(b)) = (starts.next(), ends.next()) {
                items.push(hash1p(T_CHAR3, Piece::of(&x[a..b])));
            }
        }
        items.push(hash1p(T_PRE3, p.pre[2]));
        items.push(hash1p(T_SUF4, p.suf[3]));
    }
    if ctx {
        items.push(hash1p(T_PREV_TAG, prev));
        items.push(hash2p(T_PREV_TAG_SUF2, prev, p.suf[1]));
        items.push(hash2p(T_PREV2_TAGS, prev, prev2));
    }
    // A neighbour's pieces, or those of the word `<s>` outside the sentence.
    let at = |j: isize| (j >= 0).then(|| ws.get(j as usize)).flatten().map(|n| &n.p);
    let i = i as isize;
    if word {
        items.push(hash1p(T_SHAPE, p.shape));
        items.push(hash1p(T_LEN, p.len));
        let form = |j: isize| at(j).map_or(c.bos, |n| n.fold);
        items.push(hash1p(T_PREV_FORM, form(i - 1)));
        items.push(hash1p(T_NEXT_FORM, form(i + 1)));
        items.push(hash1p(T_PREV2_FORM, form(i - 2)));
        items.push(hash1p(T_NEXT2_FORM, form(i + 2)));
        items.push(hash1p(T_NEXT_SUF2, at(i + 1).map_or(c.bos_suf2, |n| n.suf[1])));
        items.push(hash1p(T_PREV_SUF2, at(i - 1).map_or(c.bos_suf2, |n| n.suf[1])));
        items.push(hash1p(T_NEXT_PRE2, at(i + 1).map_or(c.bos_pre2, |n| n.pre[1])));
    }
    if ctx {
        // Adjectives agree with their noun in definiteness and gender: the
        // strongest cue between NOUN and ADJ. (`<s>` has neither.)
        let pair = |a: bool, b: bool| c.pair[(a as usize) << 1 | b as usize];
        let (p_al, p_fem) = at(i - 1).map_or((false, false), |n| (n.al, n.fem));
        items.push(hash2p(T_DEF_AGREE, prev, pair(p_al, p.al)));
        items.push(hash2p(T_FEM_AGREE, prev, pair(p_fem, p.fem)));
    }
    list_features(f, ws, i as usize, prev, part);
}

/// The word-list features of word `i`.
fn list_features(f: &mut FeatureSet, ws: &[Prepared<'_>], i: usize, prev: Piece, part: Part) {
    let c = consts();
    let word = matches!(part, Part::All | Part::Word);
    let ctx = matches!(part, Part::All | Part::Prev);
    let w = &ws[i];
    let p = &w.p;
    let al = if p.al { c.al } else { c.dash };
    let (lx, alt) = (w.lx, w.alt);
    let num = |k: u8| c.num[k as usize];
    let items = &mut f.items;
    if word {
        items.push(hash2p(T_LX_FREQ, num(lx.freq), al));
        items.push(hash2p(T_LX_NE, num(lx.ne_share), num(lx.ne_type)));
        items.push(hash2p(T_LX_ALT, num(alt.freq), al));
        items.push(hash2p(T_LX_ALT_NE, num(alt.ne_share), num(alt.ne_type)));
        items.push(hash2p(T_LX_FREQ_SUF, num(lx.freq), p.suf[0]));
    }
    if ctx {
        items.push(hash2p(T_LX_NE_PREV, num(lx.ne_share), prev));
    }
    if word {
        items.push(hash2p(T_LX_ROLE, num((lx.freq * 4 + lx.ne_share) % 8), w.role.piece()));
        let ne = |j: Option<&Prepared<'_>>| j.map_or(c.nine, |p| num(p.lx.ne_share * 2 + (p.lx.freq >= 3) as u8));
        items.push(hash2p(T_LX_NEXT_NE, ne(ws.get(i + 1)), num(lx.ne_share)));
        items.push(hash2p(T_LX_PREV_NE, ne(i.checked_sub(1).and_then(|j| ws.get(j))), num(lx.ne_share)));
        // The tags training saw the form with, and whether the treebank spells
        // it so: unanalysed PADT tokens (tagged X) keep raw spellings.
        let sp = |j: Option<&Prepared<'_>>| j.map_or(3, |p| p.seen.spell as u64);
        let prev_w = i.checked_sub(1).and_then(|j| ws.get(j));
        items.push(hash_u(T_AMB, w.seen.mask, w.seen.spell as u64));
        items.push(hash_u(T_AMB_ROLE, w.seen.mask, w.role as u64));
        items.push(hash_u(T_SPELL_CTX, sp(prev_w) * 4 + sp(ws.get(i + 1)), w.seen.spell as u64));
        items.push(hash_u(T_SPELL_NE, w.seen.spell as u64 * 8 + lx.ne_share as u64, lx.freq as u64));
        // PADT writes a token it left unanalysed once per word it would have
        // had (`وقطار وقطار`, "and a train" twice): a repeated form is such a
        // token. Several raw spellings in one sentence mark an unanalysed
        // stretch.
        let dup = (prev_w.is_some_and(|p| p.form == w.form) as u64) | (ws.get(i + 1).is_some_and(|n| n.form == w.form) as u64) << 1;
        items.push(hash_u(T_DUP, dup, w.seen.spell as u64));
        items.push(hash_u(T_VARIANTS, w.variants as u64, w.seen.spell as u64));
        if let Some(rest) = w.clitic_left {
            items.push(hash_u(T_CLITIC_LEFT, w.seen.spell as u64, rest.freq as u64));
        }
    }
    // A spelling dictionary's word classes: a word it lacks is likely a
    // name; one it lists only as a verb stem is likely a verb.
    let hun3 = w.hun as u64;
    if word {
        items.push(hash_u(T_HUN, hun3, 0));
        items.push(hash_u(T_HUN_SUF, hun3, p.suf1_h));
    }
    if ctx {
        items.push(hash_u(T_HUN_PREV, hun3, hash1p(0, prev)));
    }
    if word {
        items.push(hash_u(T_HUN_NEXT, hun3, ws.get(i + 1).map_or(999, |p| p.hun as u64)));
        // Its affix class tells nouns from adjectives from verb stems.
        items.push(hash_u(T_HUN_FLAG, w.hun_flag as u64, 0));
        items.push(hash_u(T_HUN_FLAG_SUF, w.hun_flag as u64, p.suf1_h));
    }
}

fn lemma_features(f: &mut FeatureSet, form: &str, tag: &str) {
    f.clear();
    f.add(L_BIAS, "");
    f.add(L_TAG, tag);
    f.add(L_SUF1, suffix(form, 1));
    f.add(L_SUF2, suffix(form, 2));
    f.add(L_SUF3, suffix(form, 3));
    f.add(L_PRE1, prefix(form, 1));
    f.add(L_PRE2, prefix(form, 2));
    f.add2(L_TAG_SUF2, tag, suffix(form, 2));
    f.add2(L_TAG_SUF3, tag, suffix(form, 3));
    f.add2(L_TAG_PRE2, tag, prefix(form, 2));
    f.add(L_LEN, SMALL_NUMBERS[form.chars().count().min(10)]);
}

/// Report of a training run.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    /// Sentences used.
    pub sentences: usize,
    /// Words used.
    pub words: usize,
    /// Number of POS tags.
    pub tags: usize,
    /// Number of lemma edit scripts.
    pub scripts: usize,
    /// Features kept in the POS model.
    pub pos_features: usize,
    /// Features kept in the lemma model.
    pub lemma_features: usize,
}

const FOLDS: usize = 5;

/// Prefixes of the present in the first person (`ن` "we", `أ` "I"). The
/// second person's `ت` is left out: it is also the third person feminine,
/// which the treebank tags, and it begins many place and women's names
/// (`تريم`, `تولين`).
const PERSON_PREFIXES: [char; 2] = ['ن', 'أ'];
/// Past endings of the first and second persons, longest first.
const PERSON_PAST_ENDINGS: [&str; 4] = ["تما", "تم", "تن", "نا"];
/// Train one POS pass on the sentences `which`.
fn train_pos(
    prepared: &[Vec<Prepared<'_>>],
    gold: &[Vec<u16>],
    tags: &[String],
    which: &[usize],
    first: Option<&[Vec<&str>]>,
) -> PerceptronModel {
    let mut pos = Perceptron::new(tags.len());
    let mut f = FeatureSet::default();
    let mut buf = Vec::new();
    let mut order = which.to_vec();
    // A fixed shuffle of sentence order per epoch (deterministic).
    let mut rng = crate::learn::SHUFFLE_SEED;
    let tag_p: Vec<Piece> = tags.iter().map(|t| Piece::of(t)).collect();
    let first: Option<Vec<Vec<Piece>>> = first.map(|r| r.iter().map(|s| s.iter().map(|t| Piece::of(t)).collect()).collect());
    for _ in 0..EPOCHS {
        crate::learn::shuffle(&mut order, &mut rng);
        for &si in &order {
            let ws = &prepared[si];
            let right = first.as_ref().map(|r| r[si].as_slice());
            let (mut p1, mut p2) = (consts().bos, consts().bos);
            for i in 0..ws.len() {
                // The generator also steps once per word: that is part of
                // the shuffle the shipped model was trained with. (It used
                // to drive word dropout, measured at 10% with no gain once
                // the jackknifed "seen" features existed, and removed.)
                crate::learn::xorshift(&mut rng);
                f.clear();
                pos_features(&mut f, ws, i, p1, p2, right, false, Part::All);
                let guess = pos.predict(&f.items, None, &mut buf);
                pos.update(&f.items, gold[si][i], guess);
                p2 = p1;
                p1 = tag_p[guess as usize];
            }
        }
    }
    pos.finish()
}

/// Greedy left-to-right tagging with the first pass's model.
fn run_pos<'t>(m: &PerceptronModel, tags: &'t [String], ws: &[Prepared<'_>]) -> Vec<&'t str> {
    let tag_p: Vec<Piece> = tags.iter().map(|t| Piece::of(t)).collect();
    let word = WordFeatures::new(ws);
    run_pos_ids(m, &tag_p, ws, &word, None).into_iter().map(|t| tags[t as usize].as_str()).collect()
}

/// The [`Part::Word`] features of every word of a sentence, built once for
/// both passes.
struct WordFeatures {
    items: Vec<crate::learn::Hashed>,
    /// Word `i`'s are `items[start[i]..start[i + 1]]`.
    start: Vec<usize>,
}

impl WordFeatures {
    fn new(ws: &[Prepared<'_>]) -> WordFeatures {
        let mut f = FeatureSet::default();
        let mut start = Vec::with_capacity(ws.len() + 1);
        start.push(0);
        let bos = consts().bos;
        for i in 0..ws.len() {
            pos_features(&mut f, ws, i, bos, bos, None, false, Part::Word);
            start.push(f.items.len());
        }
        WordFeatures { items: f.items, start }
    }

    fn of(&self, i: usize) -> &[crate::learn::Hashed] {
        &self.items[self.start[i]..self.start[i + 1]]
    }
}

/// [`run_pos`] on tags as pieces, giving tag ids.
fn run_pos_ids(m: &PerceptronModel, tag_p: &[Piece], ws: &[Prepared<'_>], word: &WordFeatures, right: Option<&[Piece]>) -> Vec<u16> {
    let mut f = FeatureSet::default();
    let mut buf = Vec::new();
    let mut out: Vec<u16> = Vec::with_capacity(ws.len());
    let bos = consts().bos;
    for i in 0..ws.len() {
        let p1 = if i >= 1 { tag_p[out[i - 1] as usize] } else { bos };
        let p2 = if i >= 2 { tag_p[out[i - 2] as usize] } else { bos };
        f.clear();
        f.items.extend_from_slice(word.of(i));
        pos_features(&mut f, ws, i, p1, p2, right, false, Part::Prev);
        pos_features(&mut f, ws, i, p1, p2, right, false, Part::Right);
        out.push(m.predict(&f.items, None, &mut buf));
    }
    out
}

/// Both passes through the paired models: what `run_pos_ids` with `pos`,
/// then with `pos2` and pass 1's tags, gives, with each word's own
/// features looked up once for both passes, and its previous-tag features
/// too where pass 2 has the same two tags before the word as pass 1.
fn run_paired(pair: &PairedModel, tag_p: &[Piece], ws: &[Prepared<'_>], word: &WordFeatures) -> Vec<u16> {
    let n = tag_p.len();
    let both: Vec<Acc> = (0..ws.len())
        .map(|i| {
            let mut acc = [0; 2 * PAIRED_MAX_CLASSES];
            pair.add_both(word.of(i), &mut acc);
            acc
        })
        .collect();
    let mut f = FeatureSet::default();
    let mut buf = Vec::new();
    let bos = consts().bos;
    let prevs = |out: &[u16], i: usize| {
        (if i >= 1 { tag_p[out[i - 1] as usize] } else { bos }, if i >= 2 { tag_p[out[i - 2] as usize] } else { bos })
    };
    // Pass 1, keeping pass 2's sums of each word's previous-tag features.
    let mut first: Vec<u16> = Vec::with_capacity(ws.len());
    let mut prev_sums: Vec<[i32; PAIRED_MAX_CLASSES]> = Vec::with_capacity(ws.len());
    for (i, own) in both.iter().enumerate() {
        let (p1, p2) = prevs(&first, i);
        f.clear();
        pos_features(&mut f, ws, i, p1, p2, None, false, Part::Prev);
        let mut tags = [0; 2 * PAIRED_MAX_CLASSES];
        pair.add_both(&f.items, &mut tags);
        let mut acc = [0; 2 * PAIRED_MAX_CLASSES];
        for ((a, o), t) in acc.iter_mut().zip(own).zip(&tags).take(n) {
            *a = o + t;
        }
        let mut second = [0; PAIRED_MAX_CLASSES];
        second[..n].copy_from_slice(&tags[n..2 * n]);
        prev_sums.push(second);
        first.push(pair.predict(0, &acc, &mut buf));
    }
    let right: Vec<Piece> = first.iter().map(|&t| tag_p[t as usize]).collect();
    let mut out: Vec<u16> = Vec::with_capacity(ws.len());
    for (i, (own, kept)) in both.iter().zip(&prev_sums).enumerate() {
        let (p1, p2) = prevs(&out, i);
        let mut acc = [0; 2 * PAIRED_MAX_CLASSES];
        acc[..n].copy_from_slice(&own[n..2 * n]);
        f.clear();
        if prevs(&first, i) == (p1, p2) {
            for (a, k) in acc.iter_mut().zip(kept).take(n) {
                *a += k;
            }
        } else {
            pos_features(&mut f, ws, i, p1, p2, None, false, Part::Prev);
        }
        pos_features(&mut f, ws, i, p1, p2, Some(&right), false, Part::Right);
        pair.add_one(1, &f.items, &mut acc);
        out.push(pair.predict(1, &acc, &mut buf));
    }
    out
}

impl TaggerModel {
    /// Train on gold sentences.
    pub fn train(sentences: &[Vec<GoldWord>]) -> (TaggerModel, TrainReport) {
        Self::train_with(sentences, WordList::default())
    }

    /// Train on gold sentences, with a raw-text word list (see
    /// [`super::wordlist`]) whose frequencies and name shares become
    /// features, and which the model keeps.
    pub fn train_with(sentences: &[Vec<GoldWord>], words: WordList) -> (TaggerModel, TrainReport) {
        let mut tags: Vec<String> = Vec::new();
        let mut tag_id: FxHashMap<String, u16> = FxHashMap::default();
        let mut scripts: Vec<EditScript> = Vec::new();
        let mut script_id: FxHashMap<EditScript, u16> = FxHashMap::default();
        let mut dict_counts: FxHashMap<(String, u16), FxHashMap<String, u32>> = FxHashMap::default();
        let mut script_count: FxHashMap<EditScript, u32> = FxHashMap::default();
        for s in sentences {
            for w in s {
                let t = *tag_id.entry(w.upos.clone()).or_insert_with(|| {
                    tags.push(w.upos.clone());
                    (tags.len() - 1) as u16
                });
                *script_count.entry(EditScript::learn(&w.form, &w.lemma)).or_default() += 1;
                *dict_counts.entry((w.form.clone(), t)).or_default().entry(w.lemma.clone()).or_default() += 1;
            }
        }
        // A script seen once is one word's spelling, not a pattern: the
        // dictionary covers that word, and as a class it would only be
        // misapplied to others.
        let mut kept: Vec<(EditScript, u32)> = script_count.into_iter().filter(|(_, n)| *n >= MIN_SCRIPT_COUNT).collect();
        kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.append.cmp(&b.0.append)));
        for (sc, _) in kept {
            script_id.insert(sc.clone(), scripts.len() as u16);
            scripts.push(sc);
        }
        // Jackknifed "seen" information: sentences in FOLDS contiguous
        // blocks (documents mostly stay in one), each seeing the others.
        let n_s = sentences.len().max(1);
        let block = |si: usize| si * FOLDS / n_s;
        let mut fold_forms: Vec<FxHashMap<&str, u64>> = vec![FxHashMap::default(); FOLDS];
        let mut fold_folded: Vec<FxHashMap<u64, u32>> = vec![FxHashMap::default(); FOLDS];
        let mut folded_seen: rustc_hash::FxHashSet<u64> = Default::default();
        for (si, s) in sentences.iter().enumerate() {
            for w in s {
                *fold_forms[block(si)].entry(w.form.as_str()).or_default() |= 1u64 << tag_id[&w.upos].min(63);
                let k = folded_key(&fold(&w.form));
                *fold_folded[block(si)].entry(k).or_default() += 1;
                folded_seen.insert(k);
            }
        }
        let prepared: Vec<Vec<Prepared<'_>>> = sentences
            .iter()
            .enumerate()
            .map(|(si, s)| {
                let b = block(si);
                let seen = |_: usize, form: &str, folded: &str| {
                    let mask = (0..FOLDS).filter(|&k| k != b).fold(0u64, |m, k| m | fold_forms[k].get(form).copied().unwrap_or(0));
                    let fk = folded_key(folded);
                    let spell = if mask != 0 {
                        2
                    } else {
                        (0..FOLDS).any(|k| k != b && fold_folded[k].contains_key(&fk)) as u8
                    };
                    Seen { mask, spell }
                };
                prepare(&s.iter().map(|w| WordIn { form: &w.form, role: w.role }).collect::<Vec<_>>(), &words, seen)
            })
            .collect();
        let gold: Vec<Vec<u16>> = sentences.iter().map(|s| s.iter().map(|w| tag_id[&w.upos]).collect()).collect();
        let all: Vec<usize> = (0..sentences.len()).collect();
        // Pass 1 reads left context only. Pass 2 also sees pass 1's tags to
        // the right; to learn how far to trust them, it trains on pass-1
        // tags predicted by models that did not see the sentence (5 folds).
        let pos = train_pos(&prepared, &gold, &tags, &all, None);
        let mut first: Vec<Vec<&str>> = vec![Vec::new(); sentences.len()];
        for fold in 0..FOLDS {
            let (held, rest): (Vec<usize>, Vec<usize>) = all.iter().partition(|&&i| i % FOLDS == fold);
            let m = train_pos(&prepared, &gold, &tags, &rest, None);
            for i in held {
                first[i] = run_pos(&m, &tags, &prepared[i]);
            }
        }
        let pos2 = train_pos(&prepared, &gold, &tags, &all, Some(&first));
        let n_words = sentences.iter().map(Vec::len).sum();

        let mut lem = Perceptron::new(scripts.len().max(1));
        let mut f = FeatureSet::default();
        let mut buf = Vec::new();
        for _ in 0..EPOCHS {
            for s in sentences {
                for w in s {
                    // Lemma scripts are learned with the gold tag.
                    let Some(&truth) = script_id.get(&EditScript::learn(&w.form, &w.lemma)) else { continue };
                    lemma_features(&mut f, &w.form, &w.upos);
                    let n = w.form.chars().count();
                    let allowed: Vec<u16> =
                        (0..scripts.len() as u16).filter(|&k| scripts[k as usize].applies(n)).collect();
                    let g = lem.predict(&f.items, Some(&allowed), &mut buf);
                    lem.update(&f.items, truth, g);
                }
            }
        }
        let mut dict: FxHashMap<String, Vec<(u16, String)>> = FxHashMap::default();
        for ((form, tag), lemmas) in dict_counts {
            let best = lemmas.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).expect("nonempty").0;
            dict.entry(form).or_default().push((tag, best));
        }
        for v in dict.values_mut() {
            v.sort();
        }
        let lemma = lem.finish();
        let report = TrainReport {
            sentences: sentences.len(),
            words: n_words,
            tags: tags.len(),
            scripts: scripts.len(),
            pos_features: pos.n_features() + pos2.n_features(),
            lemma_features: lemma.n_features(),
        };
        (TaggerModel { tags, pos, pos2, scripts, lemma, dict, words, folded_seen, paired: Default::default() }, report)
    }

    /// Tag one sentence of words: `(tag, lemma)` per word.
    ///
    /// ```no_run
    /// # use khabar::morph::tagger::{TaggerModel, WordIn, Role};
    /// # fn demo(m: &TaggerModel) {
    /// // "and he visited the city": و + زار + المدينة
    /// let words = [WordIn { form: "و", role: Role::Proclitic }, WordIn { form: "زار", role: Role::Stem },
    ///              WordIn { form: "المدينة", role: Role::Whole }];
    /// let out = m.tag(&words);
    /// assert_eq!(out[2].0, "NOUN");
    /// # }
    /// ```
    pub fn tag(&self, words: &[WordIn<'_>]) -> Vec<(&str, String)> {
        // One dictionary look-up a word, for its "seen" features and its lemma.
        let entries: Vec<Option<&Vec<(u16, String)>>> = words.iter().map(|w| self.dict.get(w.form)).collect();
        let ws = prepare(words, &self.words, |i, _, folded| self.seen(entries[i], folded));
        let tag_p: Vec<Piece> = self.tags.iter().map(|t| Piece::of(t)).collect();
        let word = WordFeatures::new(&ws);
        let second = match self.paired.get_or_init(|| PairedModel::new(&self.pos, &self.pos2)) {
            Some(pair) => run_paired(pair, &tag_p, &ws, &word),
            None => {
                let first: Vec<Piece> = run_pos_ids(&self.pos, &tag_p, &ws, &word, None).into_iter().map(|t| tag_p[t as usize]).collect();
                run_pos_ids(&self.pos2, &tag_p, &ws, &word, Some(&first))
            }
        };
        let mut f = FeatureSet::default();
        let mut buf = Vec::new();
        second
            .into_iter()
            .zip(&ws)
            .zip(entries)
            .map(|((t, w), entry)| (self.tags[t as usize].as_str(), self.lemma_of(entry, w.form, t, &mut f, &mut buf)))
            .collect()
    }

    /// The lemma of `form` tagged `tag`; `entry` is its dictionary entry.
    fn lemma_of(&self, entry: Option<&Vec<(u16, String)>>, form: &str, tag: u16, f: &mut FeatureSet, buf: &mut Vec<f32>) -> String {
        let tag_s = self.tags[tag as usize].as_str();
        if let Some(seen) = entry {
            if let Some((_, l)) = seen.iter().find(|(t, _)| *t == tag) {
                return l.clone();
            }
            // Seen with another tag: its lemma there beats a guessed script,
            // unless a verb/noun change moves the citation form.
            if tag_s != "VERB" {
                if let Some((_, l)) = seen.iter().find(|(t, _)| self.tags[*t as usize] != "VERB") {
                    return l.clone();
                }
            }
        }
        // PADT's lemma of a name or an unanalysed word (X) is the word as
        // written, article included.
        if matches!(tag_s, "PUNCT" | "NUM" | "SYM" | "X") {
            return form.to_string();
        }
        // A verb the spelling dictionary conjugates: its lemma there
        // (`يوضح` → `أوضح`, which no edit script can guess).
        if tag_s == "VERB" {
            if let Some(l) = self.dictionary_verb_lemma(form) {
                return l.to_string();
            }
        }
        lemma_features(f, form, tag_s);
        let n = form.chars().count();
        let k = self.lemma.predict_where(&f.items, |k| self.scripts[k as usize].applies(n), buf);
        let guess = match k {
            Some(k) => self.scripts[k as usize].apply(form),
            None => form.to_string(),
        };
        // A feminine plural whose singular in `ة` the spelling dictionary
        // lists, when the script's guess is no word it knows: `وكالات` →
        // `وكالة` ("agencies"), not `وكال`.
        // The same when the guess is the masculine word the dictionary also
        // lists but raw text writes less often than the singular in `ة`:
        // `وكالات` → `وكالة`, not the rare `وكال`.
        if matches!(tag_s, "NOUN" | "ADJ") {
            let bare = form.strip_prefix("ال").filter(|b| b.chars().count() >= 4).unwrap_or(form);
            // The look-up folds hamza, so the written ending may also be
            // `آت` (`منشآت` → `منشأة`, "facilities") or a verb's `أت`
            // (`قرأت`, "she read", tagged a noun by mistake), which is no
            // plural and keeps the script's guess.
            let ending = if let Some(s) = bare.strip_suffix("ات") {
                Some((s.to_string(), format!("{s}ة")))
            } else {
                bare.strip_suffix("آت").map(|s| (format!("{s}أ"), format!("{s}أة")))
            };
            if let Some((stem, singular)) = ending.filter(|_| self.words.feminine_singular_classes(&fold(bare)) & 1 != 0) {
                let stem = stem.as_str();
                let known = self.words.dict_entry(&fold(&guess)).0 != 0;
                if !known || (guess == stem && self.words.get(&[&singular]).freq > self.words.get(&[stem]).freq) {
                    return singular;
                }
            }
        }
        guess
    }

    fn dictionary_verb_lemma(&self, form: &str) -> Option<&str> {
        if let Some(l) = self.words.verb_lemma(form) {
            return Some(l);
        }
        // Subject endings the dictionary's stems leave off, longest first.
        ["تما", "تم", "تن", "ون", "وا", "ان", "ين", "نا", "ت", "ن", "ا", "و", "ي"]
            .iter()
            .filter_map(|suf| form.strip_suffix(suf).filter(|r| r.chars().count() >= 2))
            .find_map(|r| self.words.verb_lemma(r))
    }

    /// Whether a word has the shape [`TaggerModel::person_verb_lemma`]
    /// looks at: a first-person prefix of the present (`نريد`, "we want";
    /// `أعتقد`, "I believe") or an ending of the first or second person
    /// in the past (`سمعنا`, "we heard"; `قلتم`, "you said").
    pub fn person_shaped(form: &str) -> bool {
        (form.starts_with(PERSON_PREFIXES) && form.chars().nth(2).is_some()) || PERSON_PAST_ENDINGS.iter().any(|e| form.ends_with(e))
    }

    /// The verb of a first- or second-person form the spelling dictionary
    /// conjugates only in the third person: `نريد` ("we want", as `يريد`) →
    /// `أراد`, `سمعنا` ("we heard") → `سمع`. The treebank leaves many such
    /// words unanalysed (`X`), so the tagger reads them as names. `None`
    /// unless the dictionary lists the stem as a verb and as nothing else:
    /// a noun with `نا`, "our" (`بيتنا`, "our house"), or an accusative
    /// (`ثامنا`, "eighthly") is no verb.
    pub fn person_verb_lemma(&self, form: &str) -> Option<&str> {
        use super::wordlist::{CLASS_FUNCTION, CLASS_NOUN};
        let verb_only = |w: &str| self.words.class_of(&fold(w)) & (CLASS_NOUN | CLASS_FUNCTION) == 0;
        if !verb_only(form) || form.strip_suffix('ا').is_some_and(|r| !verb_only(r)) {
            return None;
        }
        // Only stems the dictionary lists whole: stripping the tagger's
        // longer list of endings turns foreign names into verbs
        // (`أورفان` → `يورف`).
        let past = || {
            PERSON_PAST_ENDINGS
                .iter()
                .find_map(|suf| form.strip_suffix(suf).filter(|r| r.chars().count() >= 3))
                .filter(|stem| verb_only(stem))
                .and_then(|stem| self.words.verb_lemma(stem))
        };
        // The present, looked up in the third person. (The dictionary
        // lists a few first-person forms too, but the form as written
        // finds names: `أنطون` folds to `انطون`, "they fold".)
        let present = || {
            let first = form.chars().next().filter(|c| PERSON_PREFIXES.contains(c) && form.chars().nth(2).is_some())?;
            let third = format!("ي{}", &form[first.len_utf8()..]);
            self.words.verb_lemma(&third).filter(|_| verb_only(&third))
        };
        past().or_else(present)
    }

    /// What training says about a form, given its dictionary entry.
    fn seen(&self, entry: Option<&Vec<(u16, String)>>, folded: &str) -> Seen {
        match entry {
            Some(v) => Seen { mask: v.iter().fold(0u64, |m, (t, _)| m | 1u64 << (*t).min(63)), spell: 2 },
            None => Seen { mask: 0, spell: self.folded_seen.contains(&folded_key(folded)) as u8 },
        }
    }

    /// The tags a form was seen with in training (empty when unseen):
    /// `قال` ("said") → `["VERB"]`.
    pub fn seen_tags(&self, form: &str) -> Vec<&str> {
        self.dict.get(form).map_or_else(Vec::new, |v| v.iter().map(|(t, _)| self.tags[*t as usize].as_str()).collect())
    }

    /// The tag set.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// Approximate heap memory of the loaded model, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.pos.heap_bytes()
            + self.lemma.heap_bytes()
            + self.words.heap_bytes()
            + self.dict.iter().map(|(f, v)| f.len() + 48 + v.iter().map(|(_, l)| l.len() + 32).sum::<usize>()).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_scripts() {
        for (form, lemma) in [("المفاوضات", "مفاوضة"), ("يزور", "زار"), ("كتاب", "كتاب"), ("ه", "هو")] {
            let s = EditScript::learn(form, lemma);
            assert_eq!(s.apply(form), lemma, "{form} -> {lemma}: {s:?}");
        }
        let s = EditScript::learn("الحكومات", "حكومة");
        assert_eq!(s.apply("الجامعات"), "جامعة");
    }

    /// Tagging builds a word's features in two parts; together they must be
    /// the features training saw.
    #[test]
    fn word_and_context_parts_make_all() {
        // "and the minister visited the new cities ." with made-up tags.
        let words: Vec<WordIn<'_>> = [("و", Role::Proclitic), ("زار", Role::Stem), ("الوزير", Role::Whole), ("المدن", Role::Whole), ("الجديدة", Role::Whole), (".", Role::Whole)]
            .iter()
            .map(|&(form, role)| WordIn { form, role })
            .collect();
        let ws = prepare(&words, &WordList::default(), |_, _, _| Seen { mask: 5, spell: 1 });
        let tags = ["CONJ", "VERB", "NOUN", "NOUN", "ADJ", "PUNCT"].map(Piece::of);
        for right in [None, Some(&tags[..])] {
            for i in 0..ws.len() {
                let (p1, p2) = (if i > 0 { tags[i - 1] } else { consts().bos }, if i > 1 { tags[i - 2] } else { consts().bos });
                let mut all = FeatureSet::default();
                pos_features(&mut all, &ws, i, p1, p2, right, false, Part::All);
                let mut parts = FeatureSet::default();
                pos_features(&mut parts, &ws, i, consts().bos, consts().bos, None, false, Part::Word);
                pos_features(&mut parts, &ws, i, p1, p2, right, false, Part::Prev);
                pos_features(&mut parts, &ws, i, p1, p2, right, false, Part::Right);
                all.items.sort_unstable();
                parts.items.sort_unstable();
                assert_eq!(all.items, parts.items, "word {i}");
            }
        }
    }

    fn gw(form: &str, role: Role, upos: &str, lemma: &str) -> GoldWord {
        GoldWord { form: form.into(), role, upos: upos.into(), lemma: lemma.into() }
    }

    /// A tiny treebank we wrote: the tagger must at least learn it, and
    /// generalize the `ال…ات` → `…ة` lemma pattern to a new word.
    #[test]
    fn learns_a_toy_treebank() {
        let s1 = vec![
            gw("زار", Role::Whole, "VERB", "زار"),
            gw("الوزير", Role::Whole, "NOUN", "وزير"),
            gw("المدينة", Role::Whole, "NOUN", "مدينة"),
            gw(".", Role::Whole, "PUNCT", "."),
        ];
        let s2 = vec![
            gw("و", Role::Proclitic, "CONJ", "و"),
            gw("بدأت", Role::Stem, "VERB", "بدأ"),
            gw("المفاوضات", Role::Whole, "NOUN", "مفاوضة"),
            gw("في", Role::Whole, "ADP", "في"),
            gw("الجامعات", Role::Whole, "NOUN", "جامعة"),
        ];
        let s3 = vec![
            gw("كتب", Role::Whole, "VERB", "كتب"),
            gw("الصحفي", Role::Whole, "NOUN", "صحفي"),
            gw("عن", Role::Whole, "ADP", "عن"),
            gw("المحادثات", Role::Whole, "NOUN", "محادثة"),
        ];
        let data = vec![s1, s2, s3];
        let (m, report) = TaggerModel::train(&data);
        assert_eq!(report.words, 13);
        let words = [WordIn { form: "زار", role: Role::Whole }, WordIn { form: "الوزير", role: Role::Whole }];
        let out = m.tag(&words);
        assert_eq!(out[0].0, "VERB");
        assert_eq!(out[1], ("NOUN", "وزير".to_string()));
        // Unseen word, seen pattern.
        let out = m.tag(&[WordIn { form: "في", role: Role::Whole }, WordIn { form: "المبادرات", role: Role::Whole }]);
        assert_eq!(out[1].0, "NOUN");
        assert_eq!(out[1].1, "مبادرة");
        let bytes = postcard::to_allocvec(&m).unwrap();
        let back: TaggerModel = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.tag(&words)[1].1, "وزير");
    }
}

#[cfg(test)]
mod embedded_tests {
    #[test]
    fn feminine_plurals_take_the_dictionary_singular_as_lemma() {
        // "The international agencies said the big companies fell in the
        // markets today."
        let doc = crate::Pipeline::full().unwrap().analyze("وقالت الوكالات الدولية إن الشركات الكبرى تراجعت في الأسواق اليوم.");
        let lemma = |form: &str| doc.words.iter().find(|w| w.form == form).map(|w| w.lemma.clone());
        assert_eq!(lemma("الوكالات").as_deref(), Some("وكالة"));
        assert_eq!(lemma("الشركات").as_deref(), Some("شركة"));
    }

    #[test]
    fn a_verb_in_hamza_t_read_as_a_noun_keeps_a_lemma_and_does_not_panic() {
        // "in [she] read the new" and "the [she] came up": ungrammatical,
        // so the tagger calls the verb a noun. Its ending `أت` folds to the
        // plural's `ات`, and the singular `قرة`/`طرة` is listed; the lemma
        // rule once cut `ات` off a word that does not end in it, and
        // panicked.
        let p = crate::Pipeline::morphology().unwrap();
        for (text, form) in [("في قرأت الجديدة", "قرأت"), ("الطرأت", "الطرأت"), ("في لجأت الجديدة", "لجأت")] {
            let doc = p.analyze(text);
            let w = doc.words.iter().find(|w| w.form == form).unwrap_or_else(|| panic!("{form} in {:?}", doc.words));
            assert!(!w.lemma.ends_with('ة'), "{form}: {}", w.lemma);
        }
        // "The minister visited the facilities": `آت` is hamza and alef;
        // the singular is written with the hamza, `منشأة`.
        let doc = p.analyze("زار الوزير المنشآت الجديدة.");
        assert!(doc.words.iter().any(|w| w.form == "المنشآت"), "{:?}", doc.words);
    }

    #[test]
    fn agencies_stay_one_word_with_their_singular_as_lemma() {
        // "And the news agencies reported that the meeting ended."
        let doc = crate::Pipeline::full().unwrap().analyze("وذكرت وكالات الأنباء أن الاجتماع انتهى.");
        let forms: Vec<&str> = doc.words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(&forms[..4], ["و", "ذكرت", "وكالات", "الأنباء"]);
        assert_eq!(doc.words[2].lemma, "وكالة");
    }
}
