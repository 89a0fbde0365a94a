//! Run-together word repair: cut tokens that scraping glued together
//! (`الولاياتالمتحدة` → `الولايات` + `المتحدة`) back into written words.
//!
//! A token found in the lexicon is a real word and is left alone: one hash
//! look-up, the whole cost for almost every token. An unknown token of four
//! letters or more is first checked for any cut with a known piece or a
//! word-final `ة`/`ى` before it (a few look-ups; most unknown names have
//! none and stop there). Otherwise each such cut in two is scored — the
//! learned log-odds that it is where a space was lost, from the word model
//! and the features in [`crate::token::lexicon::Feature`], including pairs
//! with the neighbouring words — and the best is made when its score is
//! above a threshold tuned on held-out dev text; each piece that is itself
//! unknown is tried again. Pieces have at least two letters, so clitics
//! (`و`, `ب`, `ل`) are never cut off: `وموسكو` is one written word and
//! stays one. A known word is never cut, however long.

use super::lexicon::{char_id, fold, needs_fold, Feature, Lexicon, RepairParams, MAX_AFFIX, NUM_FEATURES};
use crate::document::{Document, Layer, Token, TokenKind};
use crate::error::{Error, ErrorKind, Result};
use crate::pipeline::Stage;
use crate::Span;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// The lexicon built by `khabar train lexicon`, embedded in the binary.
static EMBEDDED_MODEL: &[u8] = include_bytes!("../../../../models/lexicon.bin");

/// Size in bytes of the embedded lexicon model file.
pub fn embedded_model_len() -> usize {
    EMBEDDED_MODEL.len()
}

/// Splits tokens that scraping glued together.
///
/// ```
/// use khabar::Pipeline;
/// // "the United States" with the space lost: الولايات + المتحدة
/// let p = Pipeline::text_layer().unwrap();
/// let doc = p.analyze("زار الوزير الولاياتالمتحدة");
/// let words: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(khabar::TokenId(i as u32))).collect();
/// assert_eq!(words, ["زار", "الوزير", "الولايات", "المتحدة"]);
/// assert!(doc.tokens[2].repaired && doc.tokens[3].repaired);
/// ```
#[derive(Debug, Clone, Default)]
pub struct RepairStage {
    /// `None` only when the embedded model file is empty (a fresh tree
    /// before the first `khabar train lexicon`): the stage passes tokens
    /// through.
    lexicon: Option<Arc<Lexicon>>,
    /// The splitter settings: the lexicon's own unless overridden.
    params: RepairParams,
}

impl RepairStage {
    /// The stage with the embedded lexicon (decoded once per process).
    pub fn embedded() -> Result<Self> {
        static LOADED: OnceLock<std::result::Result<Option<Arc<Lexicon>>, String>> = OnceLock::new();
        let loaded = LOADED.get_or_init(|| {
            if EMBEDDED_MODEL.is_empty() {
                return Ok(None);
            }
            Lexicon::from_bytes(EMBEDDED_MODEL).map(|l| Some(Arc::new(l))).map_err(|e| e.message().to_string())
        });
        match loaded {
            Ok(lexicon) => Ok(RepairStage {
                params: lexicon.as_ref().map(|l| l.params()).unwrap_or_default(),
                lexicon: lexicon.clone(),
            }),
            Err(msg) => Err(Error::new(ErrorKind::Model, format!("embedded lexicon: {msg}"))),
        }
    }

    /// The stage over a given lexicon (its stored settings are used).
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        RepairStage { params: lexicon.params(), lexicon: Some(lexicon) }
    }

    /// The same stage with other splitter settings (used to tune them).
    pub fn with_params(mut self, params: RepairParams) -> Self {
        self.params = params;
        self
    }

    /// The splitter settings in use.
    pub fn params(&self) -> RepairParams {
        self.params
    }

    /// The lexicon, if any.
    pub fn lexicon(&self) -> Option<&Arc<Lexicon>> {
        self.lexicon.as_ref()
    }

    /// Where an nlp-normalized token would be cut: byte offsets into `norm`,
    /// ascending; empty when it is left whole.
    ///
    /// ```
    /// use khabar::token::repair::RepairStage;
    /// let stage = RepairStage::embedded().unwrap();
    /// // "the Syrian government", glued: the ta marbuta gives it away.
    /// let norm = "الحكومةالسورية";
    /// let cuts = stage.cuts(norm);
    /// assert_eq!(cuts.len(), 1);
    /// assert_eq!((&norm[..cuts[0]], &norm[cuts[0]..]), ("الحكومة", "السورية"));
    /// // "the government" alone is a known word: never cut.
    /// assert!(stage.cuts("الحكومة").is_empty());
    /// ```
    pub fn cuts(&self, norm: &str) -> Vec<usize> {
        let mut out = Vec::new();
        self.cuts_into(norm, &mut out);
        out
    }

    /// Every candidate cut of a token with its score and features, whether
    /// or not the token is known: for looking into a decision.
    ///
    /// ```
    /// use khabar::token::repair::RepairStage;
    /// let stage = RepairStage::embedded().unwrap();
    /// // "the Syrian government", glued: the best cut is after the ta marbuta.
    /// let best = stage.explain("الحكومةالسورية").into_iter().max_by(|a, b| a.score.total_cmp(&b.score)).unwrap();
    /// assert_eq!((best.left.as_str(), best.right.as_str()), ("الحكومة", "السورية"));
    /// ```
    pub fn explain(&self, norm: &str) -> Vec<CutScore> {
        let Some(lex) = self.lexicon.as_deref() else { return Vec::new() };
        let key = fold(norm);
        let min = self.params.min_piece_chars.max(1) as usize;
        cut_features(lex, &key, min, None, None)
            .into_iter()
            .map(|(cut, f)| CutScore {
                left: norm[..cut].to_string(),
                right: norm[cut..].to_string(),
                score: lex.score(&f),
                features: f.to_vec(),
            })
            .collect()
    }

    /// [`RepairStage::cuts`] into a reused vector (cleared first).
    pub fn cuts_into(&self, norm: &str, out: &mut Vec<usize>) {
        self.cuts_in_context(norm, None, None, out);
    }

    /// [`RepairStage::cuts_into`] for a token between two words (their
    /// nlp-normalized forms): pairs they make with the pieces count as
    /// evidence (`يجب` before `أنتصبح` makes `أن` likelier a word).
    pub fn cuts_in_context(&self, norm: &str, prev: Option<&str>, next: Option<&str>, out: &mut Vec<usize>) {
        out.clear();
        let Some(lex) = self.lexicon.as_deref() else { return };
        let params = self.params;
        let min = params.min_piece_chars.max(1) as usize;
        // Arabic letters are two bytes: too short to hold two pieces.
        if norm.len() < 4 * min {
            return;
        }
        let key: Cow<str> = if needs_fold(norm) { Cow::Owned(fold(norm)) } else { Cow::Borrowed(norm) };
        if lex.count(&key) > 0 {
            return;
        }
        if !worth_scoring(lex, &key, min) {
            return;
        }
        let mut s = Scorer::new(lex, params, &key);
        s.set_context(prev, next);
        let whole = s.whole_unknown();
        let mut pieces = 1;
        s.split(0, s.n, whole, min, &mut pieces, out);
    }
}

/// ln(e^x + e^y) without overflow.
#[inline]
fn ln_add(x: f32, y: f32) -> f32 {
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    hi + (lo - hi).exp().ln_1p()
}

/// Weight of P(Y) against the pair counts in ln P(Y | X).
const BIGRAM_MIX: f32 = 4.0;

/// True when some cut of `key` has a known piece or a word-final letter
/// before it (see [`Scorer::candidates`]); most unknown names have none,
/// and are settled with these look-ups alone.
fn worth_scoring(lex: &Lexicon, key: &str, min: usize) -> bool {
    let n = key.chars().count();
    n >= 2 * min
        && key.char_indices().skip(min).take(n + 1 - 2 * min).any(|(cut, _)| {
            key[..cut].ends_with(['ة', 'ى']) || lex.count(&key[..cut]) > 0 || lex.count(&key[cut..]) > 0
        })
}

/// One candidate cut as [`RepairStage::explain`] shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CutScore {
    /// The piece before the cut.
    pub left: String,
    /// The piece after it.
    pub right: String,
    /// Its score (log-odds); the best cut is made when above the threshold.
    pub score: f32,
    /// The values of [`crate::token::lexicon::Feature`], in order.
    pub features: Vec<f32>,
}

/// The candidate cuts of a whole (alef-folded) word against `lex`, as if
/// it were unknown: (byte offset of the cut, features). For training the
/// cut weights; a word shorter than two pieces gives none.
pub fn cut_features(
    lex: &Lexicon,
    key: &str,
    min_piece_chars: usize,
    prev: Option<&str>,
    next: Option<&str>,
) -> Vec<(usize, [f32; NUM_FEATURES])> {
    let mut s = Scorer::new(lex, lex.params(), key);
    let min = min_piece_chars.max(1);
    if s.n < 2 * min {
        return Vec::new();
    }
    s.set_context(prev, next);
    let whole = s.whole_unknown();
    s.candidates(0, s.n, whole, min).into_iter().map(|(j, f, _, _)| (s.bytes[j], f)).collect()
}

/// Scores pieces of one unknown token. Character-model terms of the whole
/// token are computed once; a piece reuses them wherever its history is the
/// same as the whole token's (from its start if it starts the token, or
/// after its first `order - 1` letters otherwise), so scoring every cut
/// costs a few look-ups per letter.
struct Scorer<'a> {
    lex: &'a Lexicon,
    params: RepairParams,
    key: &'a str,
    /// Byte offset of each letter in `key`, plus `key.len()`.
    bytes: Vec<usize>,
    ids: Vec<u8>,
    /// cum[k]: sum of ln P(letter i | whole-token history) for i < k.
    cum: Vec<f32>,
    /// ln P(word end | whole token).
    end_whole: f32,
    n: usize,
    hist: usize,
    /// Indices of the known words just before and after the token.
    prev: Option<u32>,
    next: Option<u32>,
}

impl<'a> Scorer<'a> {
    fn new(lex: &'a Lexicon, params: RepairParams, key: &'a str) -> Self {
        let mut bytes = Vec::with_capacity(key.len() / 2 + 1);
        let mut ids = Vec::with_capacity(key.len() / 2 + 1);
        for (i, c) in key.char_indices() {
            bytes.push(i);
            ids.push(char_id(c));
        }
        bytes.push(key.len());
        let n = ids.len();
        let hist = lex.chars().history_len();
        let mut s = Scorer {
            lex,
            params,
            key,
            bytes,
            ids,
            cum: Vec::with_capacity(n + 1),
            end_whole: 0.0,
            n,
            hist,
            prev: None,
            next: None,
        };
        // Computed lazily would save little: almost every cut needs them.
        let mut acc = 0.0;
        s.cum.push(0.0);
        for i in 0..n {
            acc += s.ln_char(0, i);
            s.cum.push(acc);
        }
        s.end_whole = s.ln_end(0, n);
        s
    }

    /// Note the neighbouring words (nlp-normalized), if known.
    fn set_context(&mut self, prev: Option<&str>, next: Option<&str>) {
        let id = |w: &str| {
            let key: Cow<str> = if needs_fold(w) { Cow::Owned(fold(w)) } else { Cow::Borrowed(w) };
            self.lex.lookup(&key).map(|(_, i)| i)
        };
        self.prev = prev.and_then(id);
        self.next = next.and_then(id);
    }

    /// ln P(letter i | history inside a word starting at letter a).
    #[inline]
    fn ln_char(&self, a: usize, i: usize) -> f32 {
        let mut buf = [0u8; 8];
        let h = self.history(a, i, &mut buf);
        self.lex.chars().ln_prob(h, self.ids[i])
    }

    /// ln P(word end after letter b-1 | word starting at letter a).
    #[inline]
    fn ln_end(&self, a: usize, b: usize) -> f32 {
        let mut buf = [0u8; 8];
        let h = self.history(a, b, &mut buf);
        self.lex.chars().ln_prob(h, 0)
    }

    /// The history before letter i of a word starting at a: the word-start
    /// symbol and the letters a..i, or just the last `hist` letters.
    #[inline]
    fn history<'b>(&'b self, a: usize, i: usize, buf: &'b mut [u8; 8]) -> &'b [u8] {
        if i - a >= self.hist {
            &self.ids[i - self.hist..i]
        } else {
            buf[0] = 0;
            buf[1..=i - a].copy_from_slice(&self.ids[a..i]);
            &buf[..=i - a]
        }
    }

    /// ln P(word) of letters a..b, given its count (0 when unknown).
    fn piece_with(&self, a: usize, b: usize, c: u32) -> f32 {
        if c > 0 {
            return self.lex.ln_known(c);
        }
        let reuse_from = if a == 0 { 0 } else { (a + self.hist).min(b) };
        let mut lp = self.cum[b] - self.cum[reuse_from];
        for i in a..reuse_from {
            lp += self.ln_char(a, i);
        }
        lp += if b == self.n && (a == 0 || b - a >= self.hist) { self.end_whole } else { self.ln_end(a, b) };
        self.lex.ln_unseen(b - a) + lp
    }

    /// The features of cutting letters a..b (whole ln P = `lp`) before
    /// letter j; `l` and `r` are the pieces' ln P. See [`Feature`].
    #[allow(clippy::too_many_arguments)]
    fn features(
        &self,
        (a, j, b): (usize, usize, usize),
        x: Option<(u32, u32)>,
        y: Option<(u32, u32)>,
        lp: f32,
        l: f32,
        r: f32,
    ) -> [f32; NUM_FEATURES] {
        let key = |x: usize, y: usize| &self.key[self.bytes[x]..self.bytes[y]];
        let (cx, cy) = (x.map_or(0, |v| v.0), y.map_or(0, |v| v.0));
        let pair = match (x, y) {
            (Some((_, i)), Some((_, k))) => self.lex.bigram_ids(i, k),
            _ => 0,
        };
        let (lx, ly, lt) = ((j - a) as f32, (b - j) as f32, (b - a) as f32);
        let last = self.ids[j - 1];
        let y0 = self.ids[j];
        let y_al = self.ids[j] == char_id('ا') && self.ids.get(j + 1) == Some(&char_id('ل'));
        // How much likelier the letters are as "word ends, new word starts"
        // than as one word going on.
        let junction = self.ln_end(a, j) + self.lex.chars().ln_prob(&[0], y0) - self.ln_char(a, j);
        let suffix = (b - j <= MAX_AFFIX).then(|| self.lex.ln_suffix(key(j, b))).flatten();
        let prefix = (j - a <= MAX_AFFIX).then(|| self.lex.ln_prefix(key(a, j))).flatten();
        let flag = |x: bool| if x { 1.0 } else { 0.0 };
        let mut f = [0f32; NUM_FEATURES];
        f[Feature::Bias as usize] = 1.0;
        f[Feature::Margin as usize] = l + r - lp;
        f[Feature::KnownX as usize] = flag(cx > 0);
        f[Feature::KnownY as usize] = flag(cy > 0);
        f[Feature::BothKnown as usize] = flag(cx > 0 && cy > 0);
        f[Feature::LnCountX as usize] = (cx as f32 + 1.0).ln();
        f[Feature::LnCountY as usize] = (cy as f32 + 1.0).ln();
        f[Feature::PerLetterX as usize] = l / lx;
        f[Feature::PerLetterY as usize] = r / ly;
        f[Feature::PerLetterWhole as usize] = lp / lt;
        f[Feature::XLen2 as usize] = flag(j - a == 2);
        f[Feature::XLen3 as usize] = flag(j - a == 3);
        f[Feature::YLen2 as usize] = flag(b - j == 2);
        f[Feature::YLen3 as usize] = flag(b - j == 3);
        f[Feature::WholeLen as usize] = lt / 10.0;
        f[Feature::XEndsTaMarbuta as usize] = flag(last == char_id('ة'));
        f[Feature::XEndsAlefMaqsura as usize] = flag(last == char_id('ى'));
        f[Feature::YStartsAl as usize] = flag(y_al);
        f[Feature::Junction as usize] = junction;
        // An affix no word type shows counts as half a type.
        let floor = self.lex.ln_affix_floor();
        let (suffix, prefix) = (suffix.unwrap_or(floor), prefix.unwrap_or(floor));
        f[Feature::Suffix as usize] = suffix;
        f[Feature::SuffixOverWord as usize] = suffix - r;
        f[Feature::Prefix as usize] = prefix;
        f[Feature::PrefixOverWord as usize] = prefix - l;
        // ln P(Y | X) with the pair count, interpolated with P(Y).
        // (In logs: e^r underflows for long unknown pieces.)
        let mixed = BIGRAM_MIX.ln() + r;
        let with_pair = if pair > 0 { ln_add((pair as f32).ln(), mixed) } else { mixed };
        let ln_y_given_x = with_pair - (cx as f32 + BIGRAM_MIX).ln();
        f[Feature::BigramMargin as usize] = l + ln_y_given_x - lp;
        f[Feature::HasBigram as usize] = flag(pair > 0);
        f[Feature::SuffixNoPair as usize] = if pair == 0 { suffix - floor } else { 0.0 };
        f[Feature::PrefixNoPair as usize] = if pair == 0 { prefix - floor } else { 0.0 };
        // Pairs with the neighbours, for cuts of the whole token only.
        let with_prev = match (self.prev, x) {
            (Some(p), Some((_, i))) if a == 0 => self.lex.bigram_ids(p, i),
            _ => 0,
        };
        let with_next = match (y, self.next) {
            (Some((_, k)), Some(q)) if b == self.n => self.lex.bigram_ids(k, q),
            _ => 0,
        };
        f[Feature::LnPrevPair as usize] = (with_prev as f32).ln_1p();
        f[Feature::LnNextPair as usize] = (with_next as f32).ln_1p();
        f
    }

    /// Every cut of letters a..b (ln P = `lp`): (letter index, features, l, r).
    /// Cuts where neither piece is a known word and nothing marks a word
    /// end (`ة`, `ى`) are not scored: they are never made at any useful
    /// threshold, and skipping them keeps unknown names cheap.
    fn candidates(&self, a: usize, b: usize, lp: f32, min: usize) -> Vec<(usize, [f32; NUM_FEATURES], f32, f32)> {
        let key = |x: usize, y: usize| &self.key[self.bytes[x]..self.bytes[y]];
        let (ta, alef_maqsura) = (char_id('ة'), char_id('ى'));
        (a + min..=b - min)
            .filter_map(|j| {
                let (x, y) = (self.lex.lookup(key(a, j)), self.lex.lookup(key(j, b)));
                let ends = self.ids[j - 1] == ta || self.ids[j - 1] == alef_maqsura;
                if x.is_none() && y.is_none() && !ends {
                    return None;
                }
                let l = self.piece_with(a, j, x.map_or(0, |v| v.0));
                let r = self.piece_with(j, b, y.map_or(0, |v| v.0));
                Some((j, self.features((a, j, b), x, y, lp, l, r), l, r))
            })
            .collect()
    }

    /// ln P of the whole token read as an unseen word (even if known).
    fn whole_unknown(&self) -> f32 {
        self.lex.ln_unseen(self.n) + self.cum[self.n] + self.end_whole
    }

    fn known(&self, a: usize, b: usize) -> bool {
        self.lex.count(&self.key[self.bytes[a]..self.bytes[b]]) > 0
    }

    /// Cut letters a..b (ln P = `lp`) at the best point if that wins by more
    /// than the threshold, then try each unknown piece again.
    fn split(&self, a: usize, b: usize, lp: f32, min: usize, pieces: &mut usize, out: &mut Vec<usize>) {
        let params = self.params;
        if *pieces >= params.max_pieces as usize || b - a < 2 * min {
            return;
        }
        let mut best: Option<(usize, f32, f32, f32)> = None;
        for (j, f, l, r) in self.candidates(a, b, lp, min) {
            let margin = self.lex.score(&f);
            if best.is_none_or(|(_, m, _, _)| margin > m) {
                best = Some((j, margin, l, r));
            }
        }
        let Some((j, margin, l, r)) = best else { return };
        if margin <= params.threshold {
            return;
        }
        *pieces += 1;
        if !self.known(a, j) {
            self.split(a, j, l, min, pieces, out);
        }
        out.push(self.bytes[j]);
        if !self.known(j, b) {
            self.split(j, b, r, min, pieces, out);
        }
    }
}

impl Stage for RepairStage {
    fn name(&self) -> &'static str {
        "repair"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Repaired]
    }
    fn run(&self, doc: &mut Document) {
        if self.lexicon.is_none() {
            return;
        }
        // Built only once a token is cut; most documents keep their tokens.
        let mut out: Option<Vec<Token>> = None;
        let mut cuts = Vec::new();
        let mut pieces = Vec::new();
        for (i, t) in doc.tokens.iter().enumerate() {
            cuts.clear();
            if t.kind == TokenKind::Word {
                let nlp = doc.nlp.as_str();
                let word =
                    |k: usize| doc.tokens.get(k).filter(|t| t.kind == TokenKind::Word).map(|t| t.norm.slice(nlp));
                let prev = i.checked_sub(1).and_then(word);
                self.cuts_in_context(t.norm.slice(nlp), prev, word(i + 1), &mut cuts);
            }
            if !cuts.is_empty() && piece_tokens(doc, t, &cuts, &mut pieces) {
                out.get_or_insert_with(|| {
                    let mut v = Vec::with_capacity(doc.tokens.len() + 8);
                    v.extend_from_slice(&doc.tokens[..i]);
                    v
                })
                .extend_from_slice(&pieces);
            } else if let Some(o) = out.as_mut() {
                o.push(*t);
            }
        }
        if let Some(tokens) = out {
            doc.tokens = tokens;
        }
    }
}

/// The tokens that replace `t` cut at `cuts` (offsets into its norm), or
/// false when a cut falls where the original cannot be divided (inside a
/// ligature the normalizer expanded, `ﻻ` → `لا`): then `t` stays whole.
///
/// The pieces tile `t`'s original span exactly: each cut is placed where the
/// next piece's first letter starts, so harakat and tatweel written after a
/// piece's last letter stay with it (`الحكومـةُ|السورية`).
fn piece_tokens(doc: &Document, t: &Token, cuts: &[usize], pieces: &mut Vec<Token>) -> bool {
    pieces.clear();
    let (mut norm_start, mut orig_start) = (t.norm.start as usize, t.span.start as usize);
    for k in 0..=cuts.len() {
        let (norm_end, orig_end) = match cuts.get(k) {
            Some(&c) => {
                let at = t.norm.start as usize + c;
                let (before, after) = (doc.nlp.end_to_original(at), doc.nlp.start_to_original(at));
                if before > after {
                    return false;
                }
                (at, after)
            }
            None => (t.norm.end as usize, t.span.end as usize),
        };
        if orig_end <= orig_start || orig_end > t.span.end as usize {
            return false;
        }
        pieces.push(Token {
            span: Span::new(orig_start, orig_end),
            norm: Span::new(norm_start, norm_end),
            kind: t.kind,
            repaired: true,
        });
        (norm_start, orig_start) = (norm_end, orig_end);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::lexicon::RepairParams;
    use crate::token::Tokenizer;
    use crate::TokenId;

    /// A small news-like lexicon written for these tests.
    fn stage() -> RepairStage {
        let text = "قال الرئيس إن الحكومة السورية ستعقد اجتماعا في العاصمة مع وفد من الولايات المتحدة \
            وأضاف الوزير أن المحادثات بين واشنطن وموسكو ستستمر في الأسبوع المقبل \
            وأعلنت الحكومة أن الوفد السوري وصل إلى العاصمة الروسية موسكو للمشاركة في المؤتمر \
            وقالت الوزارة إن الرئيس الأمريكي سيزور المنطقة في الشهر المقبل بعد الاجتماع \
            وأكد المتحدث باسم الخارجية أن الحكومة مستعدة للحوار مع جميع الأطراف في المنطقة \
            وذكرت وكالة الأنباء أن الوزير التقى نظيره في واشنطن على هامش القمة العربية \
            وكان الرئيس قد دعا إلى وقف القتال في المدينة خلال المحادثات السابقة";
        let mut counts: rustc_hash::FxHashMap<String, u32> = Default::default();
        for w in text.split_whitespace() {
            *counts.entry(w.to_string()).or_insert(0) += 1;
        }
        let params = RepairParams { threshold: -2.0, ..RepairParams::default() };
        RepairStage::new(Arc::new(Lexicon::from_counts(counts, params)))
    }

    fn run(stage: &RepairStage, text: &str) -> Document {
        let mut doc = Document::new(text);
        Tokenizer::new().run(&mut doc);
        stage.run(&mut doc);
        doc
    }

    fn texts(doc: &Document) -> Vec<&str> {
        (0..doc.tokens.len()).map(|i| doc.token_text(TokenId(i as u32))).collect()
    }

    #[test]
    fn glued_words_are_cut_and_marked() {
        let s = stage();
        // "a delegation from the United States arrived"
        let doc = run(&s, "وصل وفد من الولاياتالمتحدة أمس");
        assert_eq!(texts(&doc), ["وصل", "وفد", "من", "الولايات", "المتحدة", "أمس"]);
        let flags: Vec<bool> = doc.tokens.iter().map(|t| t.repaired).collect();
        assert_eq!(flags, [false, false, false, true, true, false]);
        // "the talks between Washington and Moscow": the conjunction stays on.
        let doc = run(&s, "المحادثات بين واشنطنوموسكو");
        assert_eq!(texts(&doc), ["المحادثات", "بين", "واشنطن", "وموسكو"]);
    }

    #[test]
    fn known_words_clitics_and_unknown_names_stay_whole() {
        let s = stage();
        // "and Moscow" is one written word; "Macron" is an unknown name that
        // begins like "ما" and must not be cut.
        for w in ["وموسكو", "الحكومة", "ماكرون", "وبالمحادثات"] {
            assert!(s.cuts(w).is_empty(), "{w} was cut at {:?}", s.cuts(w));
        }
    }

    #[test]
    fn spans_cover_the_original_with_diacritics_and_tatweel() {
        let s = stage();
        // Harakat and a tatweel inside the glued token: the pieces still tile
        // the original exactly, each mark staying with its letter.
        let text = "في الحكومـةُالسورية";
        let doc = run(&s, text);
        assert_eq!(texts(&doc), ["في", "الحكومـةُ", "السورية"]);
        assert_eq!(doc.token_norm(TokenId(1)), "الحكومة");
        assert_eq!(doc.tokens[1].span.end, doc.tokens[2].span.start);
        for w in doc.tokens.windows(2) {
            assert!(w[0].span.end <= w[1].span.start && w[0].norm.end <= w[1].norm.start);
        }
    }

    #[test]
    fn ligature_cuts_are_refused() {
        let s = stage();
        // "ﻻ" is one original character holding two letters; a cut that would
        // fall inside it is not made, whatever the scores say.
        let mut doc = Document::new("ﻻﻻ");
        Tokenizer::new().run(&mut doc);
        let t = doc.tokens[0];
        let mut pieces = Vec::new();
        assert!(!piece_tokens(&doc, &t, &[2], &mut pieces));
        s.run(&mut doc);
        assert!(doc.tokens.iter().all(|t| !t.span.is_empty()));
    }

    #[test]
    fn embedded_model_loads_and_wrong_version_is_typed() {
        let s = RepairStage::embedded().expect("embedded lexicon loads");
        if let Some(lex) = s.lexicon() {
            let bytes = lex.to_bytes().unwrap();
            let err = crate::model::decode::<crate::token::lexicon::LexiconFile>(
                &bytes,
                crate::token::lexicon::KIND,
                crate::token::lexicon::FORMAT_VERSION + 1,
            )
            .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Model);
            let mut stale = bytes.clone();
            stale[24..28].copy_from_slice(&(crate::token::lexicon::FORMAT_VERSION + 7).to_le_bytes());
            assert_eq!(Lexicon::from_bytes(&stale).unwrap_err().kind(), ErrorKind::Model);
        }
    }

    #[test]
    fn round_trip_keeps_words_and_params() {
        let s = stage();
        let lex = s.lexicon().unwrap();
        let back = Lexicon::from_bytes(&lex.to_bytes().unwrap()).unwrap();
        assert_eq!(back.len(), lex.len());
        assert_eq!(back.count("الحكومة"), lex.count("الحكومة"));
        assert_eq!(back.params(), lex.params());
        assert_eq!(back.ln_prob("ماكرون"), lex.ln_prob("ماكرون"));
    }
}
