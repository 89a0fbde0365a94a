//! The word lexicon behind run-together repair: written-word frequencies and
//! a character n-gram model for words it has never seen.
//!
//! A word's probability is a Witten–Bell unigram over the lexicon whose
//! new-word mass is spread by the character model:
//!
//! ```text
//! P(w) = c(w) / (N + V)                     when w is in the lexicon
//! P(w) = V / (N + V) · P_char(w)            otherwise
//! ```
//!
//! with `N` running words and `V` distinct words in the training text.
//! `P_char` is an interpolated Witten–Bell character model over the word
//! types, with word-start and word-end symbols; it is what knows that `ة`
//! and `ى` end words and that `ال` starts them. It is computed when the
//! lexicon loads, as are the affix tables (how many word types are a known
//! word plus `هم`, `ان`, …), so the file holds only words, counts, pairs
//! of words seen together and the splitter's weights, and stays small.
//!
//! The splitter does not trust these probabilities alone: a cut is scored
//! by a logistic regression over [`Feature`]s (the word model's margin,
//! which pieces are known, the pair count, affix shares, `ة`/`ى`/`ال` at
//! the junction, …) learned by `khabar train lexicon` on text the fold's
//! lexicon never saw.
//!
//! Keys are nlp-normalized and alef-folded (`أ إ آ ٱ` → `ا`): news writes
//! hamza-less `اعلن` beside `أعلن`, and folding pools their counts. `ة` and
//! `ى` are kept: they are the best evidence of where a word ends.

use crate::error::Result;
use crate::model;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Model kind in the file header.
pub const KIND: &str = "lexicon";
/// Format version of the `lexicon` model file; bump it whenever
/// [`LexiconFile`] changes shape or meaning.
pub const FORMAT_VERSION: u32 = 1;

/// Order of the character model (the predicted character plus this minus
/// one characters of history). Tuned on the dev part: 5 beat 4 and 6.
pub const DEFAULT_CHAR_ORDER: u8 = 5;

/// The symbol before the first and after the last letter of a word.
const BOUNDARY: u8 = 0;
/// Id of a letter outside `ء..ي` (Persian and other extended letters).
const OTHER_LETTER: u8 = 43;
/// Symbols the character model can predict: the boundary, 42 letters, other.
const ALPHABET: usize = 44;

/// What the splitter looks at for one candidate cut of an unknown token
/// into a left piece X and a right piece Y (`الحكومة|السورية`). A cut's
/// score is the dot product of these with [`LexiconFile::weights`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Feature {
    /// Always 1.
    Bias,
    /// ln P(X) + ln P(Y) − ln P(XY as one unseen word): the word model's
    /// own verdict.
    Margin,
    /// X is a known word.
    KnownX,
    /// Y is a known word.
    KnownY,
    /// Both are.
    BothKnown,
    /// ln(count(X) + 1).
    LnCountX,
    /// ln(count(Y) + 1).
    LnCountY,
    /// ln P(X) per letter.
    PerLetterX,
    /// ln P(Y) per letter.
    PerLetterY,
    /// ln P(XY) per letter, as one unseen word.
    PerLetterWhole,
    /// X has two letters (`في`, `من`: frequent, and frequent word starts).
    XLen2,
    /// X has three letters.
    XLen3,
    /// Y has two letters (`ان`, `هم`: frequent, and frequent word ends).
    YLen2,
    /// Y has three letters.
    YLen3,
    /// Letters of XY over ten.
    WholeLen,
    /// X ends in ta marbuta `ة`, which only ends words.
    XEndsTaMarbuta,
    /// X ends in alef maqsura `ى`, which only ends words.
    XEndsAlefMaqsura,
    /// Y starts with the article `ال`.
    YStartsAl,
    /// Character model: ln P(X ends, Y starts) − ln P(the word goes on).
    Junction,
    /// ln share of word types that are a known word plus Y (Y of at most
    /// four letters; half a type if none): `هم` in `كتابهم`.
    Suffix,
    /// `Suffix` − ln P(Y): more an ending than a word of its own?
    SuffixOverWord,
    /// ln share of word types that are X plus a known word (half a type if
    /// none).
    Prefix,
    /// `Prefix` − ln P(X).
    PrefixOverWord,
    /// ln P(X) + ln P(Y | X) − ln P(XY as one unseen word), the pair
    /// probability from "X Y" counts: `إلا في`, `بين يدي` are common pairs.
    BigramMargin,
    /// "X Y" was seen as a pair.
    HasBigram,
    /// How much likelier than nothing Y is as a suffix (`Suffix` above its
    /// floor), when "X Y" was never seen as a pair: `يكشفان` is a dual,
    /// not "reveals that".
    SuffixNoPair,
    /// The same for X as a prefix.
    PrefixNoPair,
    /// ln(1 + count of the pair (word before the token, X)).
    LnPrevPair,
    /// ln(1 + count of the pair (Y, word after the token)).
    LnNextPair,
}

/// Number of [`Feature`]s.
pub const NUM_FEATURES: usize = Feature::LnNextPair as usize + 1;

/// Names of the [`Feature`]s, in order (for manifests and reports).
pub const FEATURE_NAMES: [&str; NUM_FEATURES] = [
    "bias",
    "margin",
    "known_x",
    "known_y",
    "both_known",
    "ln_count_x",
    "ln_count_y",
    "per_letter_x",
    "per_letter_y",
    "per_letter_whole",
    "x_len2",
    "x_len3",
    "y_len2",
    "y_len3",
    "whole_len",
    "x_ends_ta_marbuta",
    "x_ends_alef_maqsura",
    "y_starts_al",
    "junction",
    "suffix",
    "suffix_over_word",
    "prefix",
    "prefix_over_word",
    "bigram_margin",
    "has_bigram",
    "suffix_no_pair",
    "prefix_no_pair",
    "ln_prev_pair",
    "ln_next_pair",
];

/// Weights before training: the word model alone, with a 2% prior of a
/// missing space (the score is then a log-odds).
pub fn default_weights() -> Vec<f32> {
    let mut w = vec![0.0; NUM_FEATURES];
    w[Feature::Bias as usize] = (0.02f32).ln();
    w[Feature::Margin as usize] = 1.0;
    w
}

/// Settings of the splitter that travel with the lexicon they were tuned on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RepairParams {
    /// The best cut of an unknown token is made when its score (a log-odds)
    /// is above this.
    pub threshold: f32,
    /// Shortest piece, in letters: one-letter pieces would be clitics
    /// (`و`, `ب`), which are written attached and must stay so.
    pub min_piece_chars: u8,
    /// Most pieces one token may be cut into.
    pub max_pieces: u8,
}

impl Default for RepairParams {
    fn default() -> Self {
        RepairParams { threshold: 0.0, min_piece_chars: 2, max_pieces: 4 }
    }
}

/// What a `lexicon` model file holds (postcard payload, see [`crate::model`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LexiconFile {
    /// Alef-folded written words and their counts, most frequent first.
    pub words: Vec<(String, u32)>,
    /// Running words the counts came from (`N`; it can exceed the sum of
    /// `words` when rare words were pruned).
    pub total: u64,
    /// Distinct words in the training text (`V`, same remark).
    pub types: u64,
    /// Order of the character model built from `words` at load time.
    pub char_order: u8,
    /// The splitter's settings, tuned on held-out dev text.
    pub params: RepairParams,
    /// One weight per [`Feature`] (empty: [`default_weights`]).
    pub weights: Vec<f32>,

    /// Word pairs seen with one space between them, as indices into
    /// `words`, with their counts (rare pairs pruned).
    pub bigrams: Vec<(u32, u32, u32)>,
}

impl LexiconFile {
    /// Encode as a `lexicon` model file (header, then postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        model::encode(KIND, FORMAT_VERSION, self)
    }
}

/// Written-word counts and a character model, for scoring candidate words.
///
/// ```
/// use khabar::token::lexicon::{Lexicon, RepairParams};
/// // "the government" ×3, "the Syrian" ×2, "in" ×5
/// let lex = Lexicon::from_counts(
///     [("الحكومة", 3), ("السورية", 2), ("في", 5)].map(|(w, c)| (w.to_string(), c)),
///     RepairParams::default(),
/// );
/// assert_eq!(lex.count("الحكومة"), 3);
/// // Alef variants share one entry: "أعلن" ("announced") is looked up as "اعلن".
/// assert_eq!(khabar::token::lexicon::fold("أعلن"), "اعلن");
/// ```
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Word → (count, index in the file's word list).
    words: FxHashMap<Box<str>, (u32, u32)>,
    /// (index of X << 32 | index of Y) → count of the pair "X Y".
    bigrams: FxHashMap<u64, u32>,
    total: u64,
    types: u64,
    chars: CharModel,
    params: RepairParams,
    weights: Vec<f32>,
    /// `ln(N + V)`: a known word's log-probability is `ln c - this`.
    ln_denominator: f32,
    /// By length in letters (the last entry for all longer ones): the log
    /// mass of unseen words of that length, over the character model's
    /// share of that length. Short words are almost all known, so an
    /// unknown two-letter piece is far less likely than the character model
    /// alone would say.
    ln_unseen_by_len: [f32; MAX_LEN + 1],
    /// Affixes: for a letter string `s` (2–4 letters), how many word types
    /// are another known word plus `s` (`كتابهم` = `كتاب` + `هم`), or `s`
    /// plus another known word (`فيما` = `في` + `ما`).
    suffixes: FxHashMap<Box<str>, u32>,
    prefixes: FxHashMap<Box<str>, u32>,
    /// `ln V`, to turn affix type counts into shares.
    ln_types: f32,
}

/// Longest length with its own unseen-word mass; longer words share it.
const MAX_LEN: usize = 16;
/// Longest affix (in letters) counted in the affix tables.
pub(crate) const MAX_AFFIX: usize = 4;

impl Lexicon {
    /// Build from `(word, count)` pairs (words are folded here), taking `N`
    /// and `V` from them.
    pub fn from_counts(counts: impl IntoIterator<Item = (String, u32)>, params: RepairParams) -> Self {
        let mut merged: FxHashMap<String, u32> = FxHashMap::default();
        for (w, c) in counts {
            if c > 0 && !w.is_empty() {
                *merged.entry(fold(&w)).or_insert(0) += c;
            }
        }
        let total = merged.values().map(|&c| c as u64).sum();
        let types = merged.len() as u64;
        let mut words: Vec<(String, u32)> = merged.into_iter().collect();
        sort_words(&mut words);
        Self::from_file(LexiconFile {
            words,
            total,
            types,
            char_order: DEFAULT_CHAR_ORDER,
            params,
            weights: Vec::new(),
            bigrams: Vec::new(),
        })
    }

    /// Build from a decoded model file.
    pub fn from_file(file: LexiconFile) -> Self {
        let order = file.char_order.clamp(2, 7) as usize;
        let chars = CharModel::train(file.words.iter().map(|(w, _)| w.as_str()), order);
        let total = file.total.max(1);
        let types = file.types.max(1);
        let n_words = file.words.len() as u32;
        let words: FxHashMap<Box<str>, (u32, u32)> =
            file.words.into_iter().enumerate().map(|(i, (w, c))| (w.into_boxed_str(), (c, i as u32))).collect();
        let bigrams: FxHashMap<u64, u32> = file
            .bigrams
            .iter()
            .filter(|&&(x, y, _)| x < n_words && y < n_words)
            .map(|&(x, y, c)| (pair_key(x, y), c))
            .collect();
        let denom = (total + types) as f64;
        // Good–Turing by length: words seen once stand for the unseen ones.
        let mut once = [0u64; MAX_LEN + 1];
        let mut of_len = [0u64; MAX_LEN + 1];
        let mut suffixes: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut prefixes: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut bounds = Vec::with_capacity(32);
        for (w, &(c, _)) in &words {
            bounds.clear();
            bounds.extend(w.char_indices().map(|(i, _)| i));
            bounds.push(w.len());
            let n = bounds.len() - 1;
            let l = n.min(MAX_LEN);
            of_len[l] += 1;
            if c == 1 {
                once[l] += 1;
            }
            for k in 2..=MAX_AFFIX.min(n.saturating_sub(2)) {
                let cut = bounds[n - k];
                if words.contains_key(&w[..cut]) {
                    *suffixes.entry(w[cut..].into()).or_insert(0) += 1;
                }
                let cut = bounds[k];
                if words.contains_key(&w[cut..]) {
                    *prefixes.entry(w[..cut].into()).or_insert(0) += 1;
                }
            }
        }
        let n_types = words.len().max(1) as f64;
        let mut ln_unseen_by_len = [0f32; MAX_LEN + 1];
        for l in 0..=MAX_LEN {
            let mass = (once[l] as f64 + 0.5) / denom;
            let char_share = (of_len[l] as f64 + 1.0) / (n_types + (MAX_LEN + 1) as f64);
            ln_unseen_by_len[l] = (mass / char_share).ln() as f32;
        }

        let weights = if file.weights.len() == NUM_FEATURES { file.weights } else { default_weights() };
        Lexicon {
            words,
            bigrams,
            total,
            types,
            chars,
            params: file.params,
            weights,
            ln_denominator: denom.ln() as f32,
            ln_unseen_by_len,
            suffixes,
            prefixes,
            ln_types: n_types.ln() as f32,
        }
    }

    /// Read a `lexicon` model file. A file of another kind or format version
    /// is an [`crate::ErrorKind::Model`] error saying which.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let file: LexiconFile = model::decode(bytes, KIND, FORMAT_VERSION)?;
        Ok(Self::from_file(file))
    }

    /// The file form (words in their original order, so pair indices hold).
    pub fn to_file(&self) -> LexiconFile {
        let mut indexed: Vec<(u32, &str, u32)> = self.words.iter().map(|(w, &(c, i))| (i, &**w, c)).collect();
        indexed.sort_unstable();
        let words = indexed.into_iter().map(|(_, w, c)| (w.to_string(), c)).collect();
        let mut bigrams: Vec<(u32, u32, u32)> =
            self.bigrams.iter().map(|(&k, &c)| ((k >> 32) as u32, k as u32, c)).collect();
        bigrams.sort_unstable();
        LexiconFile {
            bigrams,
            words,
            total: self.total,
            types: self.types,
            char_order: self.chars.order as u8,
            params: self.params,
            weights: self.weights.clone(),
        }
    }

    /// Encode as a `lexicon` model file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        self.to_file().to_bytes()
    }

    /// The splitter settings stored with this lexicon.
    pub fn params(&self) -> RepairParams {
        self.params
    }

    /// One weight per [`Feature`].
    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    /// Replace the feature weights (training).
    pub fn set_weights(&mut self, weights: Vec<f32>) {
        assert_eq!(weights.len(), NUM_FEATURES, "one weight per feature");
        self.weights = weights;
    }

    /// The score (log-odds that this is the true cut) of a cut's features.
    #[inline]
    pub fn score(&self, f: &[f32; NUM_FEATURES]) -> f32 {
        self.weights.iter().zip(f).map(|(w, x)| w * x).sum()
    }

    /// Replace the splitter settings (used when tuning).
    pub fn set_params(&mut self, params: RepairParams) {
        self.params = params;
    }

    /// Count of an alef-folded word; 0 when unknown.
    #[inline]
    pub fn count(&self, folded: &str) -> u32 {
        self.words.get(folded).map_or(0, |&(c, _)| c)
    }

    /// Count and index of an alef-folded word, if known.
    #[inline]
    pub(crate) fn lookup(&self, folded: &str) -> Option<(u32, u32)> {
        self.words.get(folded).copied()
    }

    /// Count of the pair of word indices (x, y); 0 when unseen.
    #[inline]
    pub(crate) fn bigram_ids(&self, x: u32, y: u32) -> u32 {
        self.bigrams.get(&pair_key(x, y)).copied().unwrap_or(0)
    }

    /// Count of the alef-folded word pair "x y" (0 when unseen or pruned).
    ///
    /// ```
    /// use khabar::token::lexicon::{Lexicon, LexiconFile, RepairParams};
    /// // "except in" seen 3 times as a pair.
    /// let lex = Lexicon::from_file(LexiconFile {
    ///     words: vec![("الا".into(), 5), ("في".into(), 9)],
    ///     total: 14, types: 2, char_order: 5,
    ///     params: RepairParams::default(), weights: vec![],
    ///     bigrams: vec![(0, 1, 3)],
    /// });
    /// assert_eq!(lex.bigram("الا", "في"), 3);
    /// assert_eq!(lex.bigram("في", "الا"), 0);
    /// ```
    pub fn bigram(&self, x: &str, y: &str) -> u32 {
        match (self.lookup(x), self.lookup(y)) {
            (Some((_, i)), Some((_, j))) => self.bigram_ids(i, j),
            _ => 0,
        }
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the lexicon has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Running words of the training text.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Log-probability of a known word with count `c > 0`.
    #[inline]
    pub(crate) fn ln_known(&self, c: u32) -> f32 {
        (c as f32).ln() - self.ln_denominator
    }

    /// Log mass of unseen words of `len` letters, to add to a
    /// character-model score.
    #[inline]
    pub(crate) fn ln_unseen(&self, len: usize) -> f32 {
        self.ln_unseen_by_len[len.min(MAX_LEN)]
    }

    /// ln share of half a word type: what an affix no type shows gets.
    #[inline]
    pub(crate) fn ln_affix_floor(&self) -> f32 {
        -std::f32::consts::LN_2 - self.ln_types
    }

    /// ln of the share of word types that are a known word plus the suffix
    /// `s`; `None` when none is.
    #[inline]
    pub(crate) fn ln_suffix(&self, s: &str) -> Option<f32> {
        self.suffixes.get(s).map(|&c| (c as f32).ln() - self.ln_types)
    }

    /// ln of the share of word types that are the prefix `s` plus a known
    /// word; `None` when none is.
    #[inline]
    pub(crate) fn ln_prefix(&self, s: &str) -> Option<f32> {
        self.prefixes.get(s).map(|&c| (c as f32).ln() - self.ln_types)
    }

    /// The character model.
    pub(crate) fn chars(&self) -> &CharModel {
        &self.chars
    }

    /// Log-probability of any (folded) word: the unigram if known, else the
    /// unseen mass times the character model.
    ///
    /// ```
    /// use khabar::token::lexicon::{Lexicon, RepairParams};
    /// let lex = Lexicon::from_counts(
    ///     [("المتحدة", 4), ("الولايات", 4), ("الأمم", 2)].map(|(w, c)| (w.to_string(), c)),
    ///     RepairParams::default(),
    /// );
    /// // A seen word ("the United") outscores an unseen one of the same length.
    /// assert!(lex.ln_prob("المتحدة") > lex.ln_prob("المتحدت"));
    /// ```
    pub fn ln_prob(&self, folded: &str) -> f32 {
        match self.count(folded) {
            0 => {
                let ids: Vec<u8> = folded.chars().map(char_id).collect();
                self.ln_unseen(ids.len()) + self.chars.ln_word(&ids)
            }
            c => self.ln_known(c),
        }
    }
}

#[inline]
fn pair_key(x: u32, y: u32) -> u64 {
    ((x as u64) << 32) | y as u64
}

fn sort_words(words: &mut [(String, u32)]) {
    words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}

/// True when `s` holds an alef variant that [`fold`] would change.
#[inline]
pub fn needs_fold(s: &str) -> bool {
    // أ آ إ are D8 A3, D8 A2, D8 A5; ٱ is D9 B1. A byte scan is enough: those
    // second bytes never follow D8/D9 inside another character.
    let b = s.as_bytes();
    b.windows(2).any(|w| matches!(w, [0xD8, 0xA2 | 0xA3 | 0xA5] | [0xD9, 0xB1]))
}

/// The lexicon key of an nlp-normalized word: alef variants become bare
/// alef. Same length in bytes, so offsets into the key are offsets into
/// the word.
///
/// ```
/// // "Ahmad went to Iraq" — hamza seats fold to bare alef.
/// assert_eq!(khabar::token::lexicon::fold("أحمد إلى آخر"), "احمد الى اخر");
/// ```
pub fn fold(s: &str) -> String {
    if !needs_fold(s) {
        return s.to_string();
    }
    s.chars().map(|c| if matches!(c, 'أ' | 'إ' | 'آ' | 'ٱ') { 'ا' } else { c }).collect()
}

/// Character-model symbol of a folded letter.
#[inline]
pub(crate) fn char_id(c: char) -> u8 {
    match c {
        '\u{0621}'..='\u{064A}' => (c as u32 - 0x0620) as u8,
        _ => OTHER_LETTER,
    }
}

/// Interpolated Witten–Bell character n-gram model, kept in back-off form:
/// for every seen (history, next) the final interpolated log-probability,
/// for every seen history the log weight it passes to the shorter one.
/// Most look-ups hit the longest history at once.
#[derive(Debug, Clone)]
pub(crate) struct CharModel {
    order: usize,
    /// key(history, next) → ln P(next | history), interpolated.
    ngram: FxHashMap<u64, f32>,
    /// key(history) → ln γ(history), the back-off weight.
    backoff: FxHashMap<u64, f32>,
    /// ln of the uniform distribution the empty history backs off to.
    ln_uniform: f32,
}

/// Pack a history (at most 7 symbols of 6 bits) with its length in the
/// bits above them, so histories of different lengths never collide.
#[inline]
fn hist_key(h: &[u8]) -> u64 {
    let mut k = 0u64;
    for &s in h {
        k = (k << 6) | s as u64;
    }
    ((h.len() as u64) << 42) | k
}

#[inline]
fn ngram_key(hk: u64, next: u8) -> u64 {
    (hk << 6) | next as u64
}

/// Number of symbols in a history key.
#[inline]
fn key_len(hk: u64) -> u32 {
    (hk >> 42) as u32
}

/// The history key one symbol shorter (dropping the oldest), or `None` for
/// the empty history.
#[inline]
fn shorter(hk: u64) -> Option<u64> {
    let n = key_len(hk);
    if n == 0 {
        return None;
    }
    let rest = hk & ((1u64 << (6 * (n - 1))) - 1);
    Some(((n as u64 - 1) << 42) | rest)
}

impl CharModel {
    /// Count every (history, next) over word types, then interpolate.
    fn train<'a>(words: impl Iterator<Item = &'a str>, order: usize) -> Self {
        // (count of history+next), and per history (total, distinct nexts).
        let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
        let mut hists: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
        let mut seq: Vec<u8> = Vec::with_capacity(32);
        for w in words {
            seq.clear();
            seq.push(BOUNDARY);
            seq.extend(w.chars().map(char_id));
            seq.push(BOUNDARY);
            for i in 1..seq.len() {
                let next = seq[i];
                let lo = i.saturating_sub(order - 1);
                for start in (lo..=i).rev() {
                    let hk = hist_key(&seq[start..i]);
                    let e = counts.entry(ngram_key(hk, next)).or_insert(0);
                    *e += 1;
                    let fresh = *e == 1;
                    let h = hists.entry(hk).or_insert((0, 0));
                    h.0 += 1;
                    if fresh {
                        h.1 += 1;
                    }
                }
            }
        }
        // Interpolate shortest histories first so each longer one can use
        // the finished value of the history one shorter.
        let mut keys: Vec<u64> = counts.keys().copied().collect();
        keys.sort_unstable_by_key(|&k| (key_len(k >> 6), k));
        let ln_uniform = -(ALPHABET as f32).ln();
        let mut ngram: FxHashMap<u64, f32> = FxHashMap::default();
        ngram.reserve(keys.len());
        for k in keys {
            let hk = k >> 6;
            let next = (k & 63) as u8;
            let (total, distinct) = hists[&hk];
            let lower = match shorter(hk) {
                None => ln_uniform.exp(),
                // Every suffix of a seen n-gram was counted too, and shorter
                // ones come first, so its value is final.
                Some(sk) => ngram[&ngram_key(sk, next)].exp(),
            };
            let p = (counts[&k] as f32 + distinct as f32 * lower) / (total + distinct) as f32;
            ngram.insert(k, p.ln());
        }
        let backoff = hists
            .iter()
            .map(|(&hk, &(total, distinct))| (hk, (distinct as f32 / (total + distinct) as f32).ln()))
            .collect();
        CharModel { order, ngram, backoff, ln_uniform }
    }

    /// ln P(next | history); `history` is the symbols before `next`, of which
    /// the last `order - 1` are used.
    #[inline]
    pub(crate) fn ln_prob(&self, history: &[u8], next: u8) -> f32 {
        let h = &history[history.len().saturating_sub(self.order - 1)..];
        let mut acc = 0.0;
        for start in 0..=h.len() {
            let hk = hist_key(&h[start..]);
            if let Some(&lp) = self.ngram.get(&ngram_key(hk, next)) {
                return acc + lp;
            }
            if let Some(&g) = self.backoff.get(&hk) {
                acc += g;
            }
        }
        // Never seen at all: `acc` holds every back-off weight down to the
        // empty history.
        acc + self.ln_uniform
    }

    /// ln P_char of a whole word given as symbols (without boundaries).
    pub(crate) fn ln_word(&self, ids: &[u8]) -> f32 {
        let mut seq = Vec::with_capacity(ids.len() + 2);
        seq.push(BOUNDARY);
        seq.extend_from_slice(ids);
        let mut lp = 0.0;
        for i in 1..seq.len() {
            lp += self.ln_prob(&seq[..i], seq[i]);
        }
        lp + self.ln_prob(&seq, BOUNDARY)
    }

    /// Characters of history used.
    #[inline]
    pub(crate) fn history_len(&self) -> usize {
        self.order - 1
    }
}
