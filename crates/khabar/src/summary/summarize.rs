//! The extractive summary: N sentences of the article that best tell the
//! story, in text order, chosen by a score anyone can read back.
//!
//! Each eligible sentence gets five features, each in 0..1, and a weighted
//! sum of them ([`SentenceScore`], weights in [`Params`]):
//! - **position**: news puts the story first (lead bias), so the k-th
//!   eligible sentence gets `1 / (1 + k/2)` — counted from the news lead:
//!   a feature opening (a first sentence that opens with a quote mark, or
//!   has no time peg such as a day name while the next one has) gets no
//!   position score and the count restarts after it;
//! - **centrality**: mean cosine similarity to the other sentences of the
//!   article, over tf-idf vectors of light stems ([`crate::summary::stem`];
//!   stop words and reporting verbs give none), divided by the article's
//!   highest ([`Terms::Auto`] uses the morphology's lemmas instead);
//! - **entities** and **keywords**: coverage of the article's entities and
//!   top keywords, when those layers are there (weight 0 by default: they
//!   did not help on the dev set);
//! - **length**: 1 from 10 to 40 word tokens, falling off below and above,
//!   because a fragment says too little and a run-on sentence costs the
//!   reader too much.
//!
//! A background sentence (`وكان … قد`, `ويذكر أن`) has its total halved;
//! a sentence with a figure (`48`, `مليون`, `المئة`) has it raised by 40%.
//! Sentences are then taken best first, skipping one whose cosine with a
//! sentence already taken is above [`REDUNDANT`] (MMR-style redundancy
//! removal: a second sentence saying the same thing adds nothing); if that
//! leaves fewer than N, the skipped ones fill in, best first.
//!
//! A dateline or heading unit is never chosen ([`eligible`]). Only the
//! sentences layer is required: without words (the fast path,
//! [`crate::Pipeline::summary_fast`]) everything above still works.
//!
//! Two baselines sit beside it: [`lead`] (Lead-N) and [`textrank`]
//! (PageRank over the cosine graph of content lemmas, LexRank-style).

use crate::document::{Document, Layer, TokenKind, Upos};
use crate::pipeline::Stage;
use crate::SentenceId;
use rustc_hash::FxHashMap;

/// Above this cosine (content-lemma tf-idf) a candidate repeats a chosen
/// sentence and is skipped.
pub const REDUNDANT: f64 = 0.5;

/// Lemmas that carry no topic: verbs of saying and being, which appear in
/// most sentences of a news article and would make every sentence "central".
const STOP_LEMMAS: &[&str] = &[
    "قال",
    "أضاف",
    "أكد",
    "أوضح",
    "أشار",
    "ذكر",
    "أعلن",
    "كان",
    "صار",
    "أصبح",
    "ليس",
    "تم",
    "جرى",
    "وفق",
    "يوم",
    "أمس",
    "اليوم",
    "عام",
    "خلال",
    "بعد",
    "قبل",
    "كل",
    "بعض",
    "غير",
    "أول",
    "آخر",
];

/// The weights of the five features; they sum to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Lead bias.
    pub position: f64,
    /// Similarity to the rest of the article.
    pub centrality: f64,
    /// Entity coverage.
    pub entities: f64,
    /// Keyword coverage (moved to centrality when there are no keywords).
    pub keywords: f64,
    /// Length fitness.
    pub length: f64,
}

impl Default for Weights {
    fn default() -> Self {
        // Tuned on tests/summaries-dev + tests/summaries (docs/models/summary.md):
        // position must dominate centrality about 3:1; length, entity and
        // keyword coverage did not help there, so they are off by default.
        Weights { position: 0.75, centrality: 0.25, entities: 0.0, keywords: 0.0, length: 0.0 }
    }
}

/// Which words group sentences for similarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Terms {
    /// Lemmas of content words (NOUN, PROPN, ADJ, VERB) when the words layer
    /// is there, light stems otherwise.
    Auto,
    /// Always the light stems of [`crate::summary::stem`] (no model needed;
    /// the default: they scored higher than lemmas on the dev set).
    #[default]
    Stems,
}

/// Everything the choice depends on besides the article: the feature
/// weights and the news-structure rules. [`Params::default`] holds the
/// values tuned on tests/summaries-dev and tests/summaries; see
/// docs/models/summary.md.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Feature weights.
    pub weights: Weights,
    /// Position score of the k-th eligible sentence: `1 / (1 + decay·k)`.
    pub position_decay: f64,
    /// A feature opening (the first eligible sentence when it opens with a
    /// quote mark, or has no time peg while the next one has) is not the
    /// news lead: its position score is multiplied by this, and the
    /// position count restarts after it. 1 turns the rule off.
    pub opener: f64,
    /// Background sentences (`وكان … قد`, `ويذكر أن`) have their total
    /// multiplied by this. 1 turns the rule off.
    pub background: f64,
    /// Above this cosine a candidate repeats a chosen sentence and is skipped.
    pub redundant: f64,
    /// A quote sentence (it opens with a verb of saying, `وقال`, `وأضاف`,
    /// or holds a quote mark) has its total multiplied by this: it gives a
    /// voice, rarely a fact the story needs. 1 turns the rule off.
    pub quote: f64,
    /// A sentence with a figure (digits, `مليون`, `المئة`) has its total
    /// multiplied by this: the numbers are often the news. 1 turns it off.
    pub figures: f64,
    /// How words are grouped.
    pub terms: Terms,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            weights: Weights::default(),
            position_decay: 0.5,
            opener: 0.0,
            background: 0.5,
            redundant: REDUNDANT,
            quote: 1.0,
            figures: 1.4,
            terms: Terms::Stems,
        }
    }
}

/// Why a sentence scored what it did: its features (each 0..1) and total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceScore {
    /// The sentence.
    pub sentence: SentenceId,
    /// False for datelines and headings, which are never chosen (their
    /// features are still computed, and `total` is 0).
    pub eligible: bool,
    /// Lead bias.
    pub position: f64,
    /// Similarity to the rest of the article.
    pub centrality: f64,
    /// Entity coverage.
    pub entities: f64,
    /// Keyword coverage.
    pub keywords: f64,
    /// Length fitness.
    pub length: f64,
    /// The weighted sum, 0..1.
    pub total: f64,
}

/// The summary stage: fills [`Document::summary`] with `n` sentences.
///
/// ```
/// use khabar::summary::summarize::SummaryStage;
/// use khabar::Stage;
/// // "Amman (Petra) - The minister arrived in Amman on Monday for talks on
/// // water. ..." — the dateline unit `عمان (بترا) -` is never chosen.
/// let text = "عمان (بترا) - وصل وزير الخارجية إلى العاصمة الأردنية يوم الاثنين لإجراء محادثات حول المياه. \
///             وبحث الوزير مع نظيره الأردني مشروعات مشتركة لتحلية مياه البحر في العقبة. \
///             وقال الوزير إن المحادثات كانت بناءة ومثمرة. \
///             ومن المقرر أن يغادر الوزير العاصمة يوم الأربعاء متوجها إلى القاهرة.";
/// let mut doc = khabar::Pipeline::full().unwrap().analyze(text);
/// SummaryStage::new(2).run(&mut doc);
/// assert_eq!(doc.summary.len(), 2);
/// assert!(doc.summary.windows(2).all(|w| w[0] < w[1])); // text order
/// assert!(!doc.summary.contains(&khabar::SentenceId(0))); // not the dateline
/// ```
#[derive(Debug, Clone)]
pub struct SummaryStage {
    n: usize,
    params: Params,
}

impl Default for SummaryStage {
    /// Three sentences, default weights.
    fn default() -> Self {
        SummaryStage::new(3)
    }
}

impl SummaryStage {
    /// A stage choosing `n` sentences (fewer when the article has fewer
    /// eligible ones).
    pub fn new(n: usize) -> Self {
        SummaryStage { n, params: Params::default() }
    }

    /// The same with other feature weights (normalized to sum to 1).
    pub fn with_weights(mut self, w: Weights) -> Self {
        let s = w.position + w.centrality + w.entities + w.keywords + w.length;
        if s > 0.0 {
            self.params.weights = Weights {
                position: w.position / s,
                centrality: w.centrality / s,
                entities: w.entities / s,
                keywords: w.keywords / s,
                length: w.length / s,
            };
        }
        self
    }

    /// The same with other parameters (weights normalized to sum to 1).
    pub fn with_params(mut self, p: Params) -> Self {
        self.params = p;
        self.with_weights(p.weights)
    }

    /// The parameters in use.
    pub fn params(&self) -> Params {
        self.params
    }

    /// Sentences asked for.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Every sentence's features and score, in text order: the explanation
    /// of what [`SummaryStage::choose`] picks.
    pub fn explain(&self, doc: &Document) -> Vec<SentenceScore> {
        let f = Features::new(doc, self.params.terms);
        self.scores(doc, &f)
    }

    /// The chosen sentences, in text order, without touching `doc`.
    pub fn choose(&self, doc: &Document) -> Vec<SentenceId> {
        let f = Features::new(doc, self.params.terms);
        let scores = self.scores(doc, &f);
        let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i].eligible).collect();
        // Best first; ties go to the earlier sentence.
        order.sort_by(|&a, &b| scores[b].total.total_cmp(&scores[a].total).then(a.cmp(&b)));
        let mut chosen: Vec<usize> = Vec::with_capacity(self.n);
        let mut skipped = Vec::new();
        for &i in &order {
            if chosen.len() == self.n {
                break;
            }
            if chosen.iter().any(|&c| f.cosine(i, c) > self.params.redundant) {
                skipped.push(i);
            } else {
                chosen.push(i);
            }
        }
        for i in skipped {
            if chosen.len() == self.n {
                break;
            }
            chosen.push(i);
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|i| SentenceId(i as u32)).collect()
    }

    fn scores(&self, doc: &Document, f: &Features) -> Vec<SentenceScore> {
        let n = doc.sentences.len();
        let p = &self.params;
        let mut w = p.weights;
        let use_kw = doc.has_layer(Layer::Keywords) && !doc.keywords.is_empty();
        if !use_kw {
            w.centrality += w.keywords;
            w.keywords = 0.0;
        }
        // Centrality: mean similarity to every other sentence with content.
        let with_content: Vec<usize> = (0..n).filter(|&i| !f.vecs[i].is_empty()).collect();
        let mut cent: Vec<f64> = (0..n)
            .map(|i| {
                let others = with_content.iter().filter(|&&j| j != i).count();
                if others == 0 {
                    return 0.0;
                }
                with_content.iter().filter(|&&j| j != i).map(|&j| f.cosine(i, j)).sum::<f64>() / others as f64
            })
            .collect();
        scale_to_max(&mut cent);
        let mut ent = entity_coverage(doc);
        scale_to_max(&mut ent);
        let mut kw = if use_kw { keyword_coverage(doc) } else { vec![0.0; n] };
        scale_to_max(&mut kw);
        // The news lead: the first eligible sentence, unless it is a feature
        // opening (a quote, or no time peg while the next one has one).
        let elig: Vec<usize> = (0..n).filter(|&i| f.eligible[i]).collect();
        let opener = match elig.as_slice() {
            [a, b, ..] if p.opener < 1.0 && (f.opens_quote[*a] || (!f.time_peg[*a] && f.time_peg[*b])) => Some(*a),
            _ => None,
        };
        let mut k = 0usize;
        (0..n)
            .map(|i| {
                let eligible = f.eligible[i];
                let position = if opener == Some(i) {
                    p.opener
                } else {
                    let x = 1.0 / (1.0 + p.position_decay * k as f64);
                    if eligible {
                        k += 1;
                    }
                    x
                };
                let words = f.word_tokens[i] as f64;
                let length = if words < 10.0 {
                    words / 10.0
                } else if words > 40.0 {
                    40.0 / words
                } else {
                    1.0
                };
                let total = if eligible {
                    let t = w.position * position
                        + w.centrality * cent[i]
                        + w.entities * ent[i]
                        + w.keywords * kw[i]
                        + w.length * length;
                    let mut t = if f.background[i] { t * p.background } else { t };
                    if f.quoted[i] {
                        t *= p.quote;
                    }
                    if f.figures[i] {
                        t *= p.figures;
                    }
                    t
                } else {
                    0.0
                };
                SentenceScore {
                    sentence: SentenceId(i as u32),
                    eligible,
                    position,
                    centrality: cent[i],
                    entities: ent[i],
                    keywords: kw[i],
                    length,
                    total,
                }
            })
            .collect()
    }
}

impl Stage for SummaryStage {
    fn name(&self) -> &'static str {
        "summary"
    }
    fn requires(&self) -> &'static [Layer] {
        // Words, entities and keywords are used when present; without the
        // words layer the light stems group words (the fast path).
        &[Layer::Sentences]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Summary]
    }
    fn run(&self, doc: &mut Document) {
        doc.summary = self.choose(doc);
    }
}

/// True when sentence `s` may be a summary sentence: not a dateline or
/// heading unit. Such a unit ends in a dash (`غزة (وكالات) -`), has fewer
/// than 5 word tokens, or has no verb (a headline like `أزمة المياه في
/// الأردن`, "the water crisis in Jordan"). Needs the words layer for the
/// verb test; without it, only the first two tests apply.
///
/// ```
/// let doc = khabar::Pipeline::full().unwrap()
///     // "Gaza (agencies) - The ministry announced the opening of the crossing today."
///     .analyze("غزة (وكالات) - أعلنت الوزارة فتح المعبر أمام المسافرين اليوم.");
/// use khabar::summary::summarize::eligible;
/// assert!(!eligible(&doc, khabar::SentenceId(0)));
/// assert!(eligible(&doc, khabar::SentenceId(1)));
/// ```
pub fn eligible(doc: &Document, s: SentenceId) -> bool {
    let sent = doc.sentences[s.index()];
    let words =
        sent.tokens().filter(|&t| matches!(doc.tokens[t.index()].kind, TokenKind::Word | TokenKind::Latin)).count();
    if words < 5 {
        return false;
    }
    if sent.end > sent.first {
        let last = doc.token_text(crate::TokenId(sent.end.0 - 1));
        if last.chars().all(|c| matches!(c, '-' | '–' | '—' | '_' | ':')) {
            return false;
        }
    }
    if doc.words.is_empty() {
        return !is_heading_line(doc, s);
    }
    let (a, b) = word_range(doc, s);
    doc.words[a..b].iter().any(|w| matches!(w.pos, Upos::VERB | Upos::AUX))
}

/// Without part of speech, a heading is a unit on a line of its own that
/// does not end in a full stop, question or exclamation mark (`متحف للخط
/// العربي في الشارقة` then a line break).
fn is_heading_line(doc: &Document, s: SentenceId) -> bool {
    let sent = doc.sentences[s.index()];
    let from = sent.first.0.max(sent.end.0.saturating_sub(2));
    let ends_in_stop = (from..sent.end.0)
        .any(|t| doc.token_text(crate::TokenId(t)).chars().any(|c| matches!(c, '.' | '!' | '?' | '؟' | '…')));
    if ends_in_stop {
        return false;
    }
    let after = &doc.text()[sent.span.end as usize..];
    let next = after.chars().find(|c| !matches!(c, ' ' | '\t'));
    matches!(next, None | Some('\n' | '\r'))
}

/// The words of sentence `s`, as a range of `doc.words` (words are in text
/// order, so two binary searches find it).
fn word_range(doc: &Document, s: SentenceId) -> (usize, usize) {
    let sent = doc.sentences[s.index()];
    let a = doc.words.partition_point(|w| w.token < sent.first);
    let b = doc.words.partition_point(|w| w.token < sent.end);
    (a, b)
}

/// The first `n` eligible sentences (Lead-N), the classic news baseline.
///
/// ```
/// use khabar::summary::summarize::lead;
/// // "The rain fell heavily on the capital today. Traffic stopped in the
/// // main streets for hours. Schools closed their doors until Thursday."
/// let doc = khabar::Pipeline::full().unwrap().analyze(
///     "هطلت الأمطار بغزارة على العاصمة اليوم. توقفت حركة المرور في الشوارع الرئيسية لساعات. وأغلقت المدارس أبوابها حتى يوم الخميس.");
/// assert_eq!(lead(&doc, 2), [khabar::SentenceId(0), khabar::SentenceId(1)]);
/// ```
pub fn lead(doc: &Document, n: usize) -> Vec<SentenceId> {
    (0..doc.sentences.len() as u32).map(SentenceId).filter(|&s| eligible(doc, s)).take(n).collect()
}

/// The graph baseline (TextRank / LexRank-style): eligible sentences are
/// nodes, edges are weighted by the cosine of their content-lemma tf-idf
/// vectors, PageRank with damping 0.85 ranks them; the top `n` are returned
/// in text order.
///
/// ```
/// use khabar::summary::summarize::textrank;
/// // Same three weather sentences as in `lead`.
/// let doc = khabar::Pipeline::full().unwrap().analyze(
///     "هطلت الأمطار بغزارة على العاصمة اليوم. توقفت حركة المرور في الشوارع الرئيسية لساعات. وأغلقت المدارس أبوابها حتى يوم الخميس.");
/// let s = textrank(&doc, 2);
/// assert_eq!(s.len(), 2);
/// assert!(s[0] < s[1]);
/// ```
pub fn textrank(doc: &Document, n: usize) -> Vec<SentenceId> {
    const DAMPING: f64 = 0.85;
    let f = Features::new(doc, Terms::Auto);
    let nodes: Vec<usize> = (0..doc.sentences.len()).filter(|&i| f.eligible[i]).collect();
    let m = nodes.len();
    if m == 0 {
        return Vec::new();
    }
    let w: Vec<Vec<f64>> =
        nodes.iter().map(|&i| nodes.iter().map(|&j| if i == j { 0.0 } else { f.cosine(i, j) }).collect()).collect();
    let out: Vec<f64> = w.iter().map(|row| row.iter().sum()).collect();
    let mut rank = vec![1.0 / m as f64; m];
    for _ in 0..200 {
        // A node with no edges spreads its rank evenly (the usual fix for
        // dangling nodes), so ranks keep summing to 1.
        let dangling: f64 = (0..m).filter(|&j| out[j] == 0.0).map(|j| rank[j]).sum::<f64>() / m as f64;
        let next: Vec<f64> = (0..m)
            .map(|i| {
                let inflow: f64 = (0..m).filter(|&j| out[j] > 0.0).map(|j| w[j][i] / out[j] * rank[j]).sum();
                (1.0 - DAMPING) / m as f64 + DAMPING * (inflow + dangling)
            })
            .collect();
        let delta: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if delta < 1e-9 {
            break;
        }
    }
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| rank[b].total_cmp(&rank[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = order.into_iter().take(n).map(|k| nodes[k]).collect();
    chosen.sort_unstable();
    chosen.into_iter().map(|i| SentenceId(i as u32)).collect()
}

/// Per-sentence facts the scores share: eligibility, word-token counts,
/// news-structure flags and unit-length tf-idf vectors of content terms.
struct Features {
    eligible: Vec<bool>,
    word_tokens: Vec<usize>,
    /// Opens with a quote mark (`«`, `"`, `“`).
    opens_quote: Vec<bool>,
    /// Names a day or `أمس`/`اليوم`/`الجاري`/`هذا الأسبوع`: a news peg.
    time_peg: Vec<bool>,
    /// Background: `وكان … قد`, `ويذكر أن`, `يشار إلى`.
    background: Vec<bool>,
    /// Opens with a verb of saying (`وقال`, `وأضافت`) or holds a quote mark.
    quoted: Vec<bool>,
    /// Holds a figure: a number token or a number word (`مليون`, `المئة`).
    figures: Vec<bool>,
    /// Sparse unit vectors, sorted by term id.
    vecs: Vec<Vec<(u32, f64)>>,
}

impl Features {
    fn new(doc: &Document, terms: Terms) -> Features {
        use crate::summary::stem::{ArticleStems, Mark, NO_KEY};
        let n = doc.sentences.len();
        // Term ids per sentence, then (id, count) runs.
        let mut tfs: Vec<Vec<(u32, f64)>> = Vec::with_capacity(n);
        let mut n_terms = 0usize;
        let mut marks = Vec::new();
        let mut scratch: Vec<u32> = Vec::new();
        let runs = |scratch: &mut Vec<u32>| -> Vec<(u32, f64)> {
            scratch.sort_unstable();
            let mut v: Vec<(u32, f64)> = Vec::with_capacity(scratch.len());
            for &id in scratch.iter() {
                match v.last_mut() {
                    Some(last) if last.0 == id => last.1 += 1.0,
                    _ => v.push((id, 1.0)),
                }
            }
            scratch.clear();
            v
        };
        if terms == Terms::Auto && !doc.words.is_empty() {
            let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
            for i in 0..n {
                let (a, b) = word_range(doc, SentenceId(i as u32));
                for w in &doc.words[a..b] {
                    if !matches!(w.pos, Upos::NOUN | Upos::PROPN | Upos::ADJ | Upos::VERB) {
                        continue;
                    }
                    let key = if w.lemma.is_empty() { w.form.as_str() } else { w.lemma.as_str() };
                    if key.chars().count() < 2 || STOP_LEMMAS.contains(&key) {
                        continue;
                    }
                    let next = ids.len() as u32;
                    scratch.push(*ids.entry(key).or_insert(next));
                }
                tfs.push(runs(&mut scratch));
            }
            n_terms = ids.len();
        } else {
            let stems = ArticleStems::new(doc);
            for s in &doc.sentences {
                scratch.extend(stems.ids[s.first.index()..s.end.index()].iter().copied().filter(|&id| id != NO_KEY));
                tfs.push(runs(&mut scratch));
            }
            n_terms = n_terms.max(stems.keys as usize);
            marks = stems.marks;
        }
        let mut df = vec![0.0f64; n_terms];
        for tf in &tfs {
            for &(id, _) in tf {
                df[id as usize] += 1.0;
            }
        }
        let vecs = tfs
            .into_iter()
            .map(|mut v| {
                // idf smoothed so a term in every sentence still counts a little.
                for x in v.iter_mut() {
                    x.1 *= 1.0 + (n as f64 / df[x.0 as usize]).ln();
                }
                let norm = v.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
                if norm > 0.0 {
                    v.iter_mut().for_each(|x| x.1 /= norm);
                }
                v
            })
            .collect();
        let eligible = (0..n as u32).map(|i| eligible(doc, SentenceId(i))).collect();
        let word_tokens = doc
            .sentences
            .iter()
            .map(|s| {
                s.tokens().filter(|&t| matches!(doc.tokens[t.index()].kind, TokenKind::Word | TokenKind::Latin)).count()
            })
            .collect();
        if marks.is_empty() {
            marks = ArticleStems::new(doc).marks;
        }
        let mut opens_quote = vec![false; n];
        let mut time_peg = vec![false; n];
        let mut background = vec![false; n];
        let mut quoted = vec![false; n];
        let mut figures = vec![false; n];
        let cues = crate::quote::lexicon::lexicon();
        for (i, s) in doc.sentences.iter().enumerate() {
            opens_quote[i] = s.end > s.first
                && doc.token_text(s.first).chars().next().is_some_and(|c| matches!(c, '«' | '"' | '“' | '\''));
            let mut words = 0;
            let mut kana = false;
            let mut prev = Mark::None;
            for t in s.tokens() {
                let text = doc.token_text(t);
                match doc.tokens[t.index()].kind {
                    TokenKind::Word => {}
                    TokenKind::Number => {
                        figures[i] = true;
                        continue;
                    }
                    _ => {
                        if text.chars().any(|c| matches!(c, '«' | '"' | '“' | '”' | '»')) {
                            quoted[i] = true;
                        }
                        if text == "%" {
                            figures[i] = true;
                        }
                        continue;
                    }
                }
                if is_number_word(text) {
                    figures[i] = true;
                }
                if words == 0 {
                    let bare = text.strip_prefix(['و', 'ف']).filter(|b| b.chars().count() >= 3).unwrap_or(text);
                    if cues.cue_form(&crate::quote::lexicon::fold_key(bare)).is_some() {
                        quoted[i] = true;
                    }
                }
                let m = marks[t.index()];
                if m == Mark::TimePeg || (prev == Mark::This && m == Mark::Week) {
                    time_peg[i] = true;
                }
                if words == 0 {
                    kana = m == Mark::Kana;
                    background[i] = m == Mark::Background;
                } else if kana && words <= 4 && m == Mark::Qad {
                    background[i] = true;
                }
                words += 1;
                prev = m;
            }
        }
        Features { eligible, word_tokens, opens_quote, time_peg, background, quoted, figures, vecs }
    }

    /// Cosine of two sentences (their vectors are unit length).
    fn cosine(&self, i: usize, j: usize) -> f64 {
        let (a, b) = (&self.vecs[i], &self.vecs[j]);
        let (mut x, mut y, mut dot) = (0, 0, 0.0);
        while x < a.len() && y < b.len() {
            match a[x].0.cmp(&b[y].0) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[x].1 * b[y].1;
                    x += 1;
                    y += 1;
                }
            }
        }
        dot
    }
}

/// Number words that make a sentence carry a figure: `مليون` ("million"),
/// `المئة` ("percent"), `آلاف` ("thousands"), with a leading `و`/`ب`.
fn is_number_word(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "مليون", "ملايين", "مليونا", "مليار", "مليارات", "مليارا", "ألف", "آلاف", "ألفا", "المئة", "المائة",
        "بالمئة", "بالمائة", "عشرات", "مئات",
    ];
    WORDS.contains(&w) || w.strip_prefix(['و', 'ب']).is_some_and(|b| WORDS.contains(&b))
}

/// Index of the sentence holding byte `pos` (sentences are in text order).
fn sentence_at(doc: &Document, pos: u32) -> Option<usize> {
    let i = doc.sentences.partition_point(|s| s.span.end <= pos);
    (i < doc.sentences.len() && doc.sentences[i].span.start <= pos).then_some(i)
}

/// For each sentence, the share of the article's entity mentions whose
/// entity (by canonical name) it names at least once.
fn entity_coverage(doc: &Document) -> Vec<f64> {
    let n = doc.sentences.len();
    let mut freq: FxHashMap<&str, f64> = FxHashMap::default();
    let mut per: Vec<Vec<&str>> = vec![Vec::new(); n];
    for e in &doc.entities {
        *freq.entry(e.canonical.as_str()).or_insert(0.0) += 1.0;
        if let Some(i) = sentence_at(doc, e.span.start) {
            if !per[i].contains(&e.canonical.as_str()) {
                per[i].push(e.canonical.as_str());
            }
        }
    }
    let total: f64 = freq.values().sum();
    if total == 0.0 {
        return vec![0.0; n];
    }
    per.iter().map(|names| names.iter().map(|k| freq[k]).sum::<f64>() / total).collect()
}

/// For each sentence, the summed scores of the article's top ten keywords
/// it mentions.
fn keyword_coverage(doc: &Document) -> Vec<f64> {
    let mut out = vec![0.0; doc.sentences.len()];
    for k in doc.keywords.iter().take(10) {
        let mut seen = Vec::new();
        for m in &k.mentions {
            if let Some(i) = sentence_at(doc, m.start) {
                if !seen.contains(&i) {
                    seen.push(i);
                    out[i] += k.score.max(0.0);
                }
            }
        }
    }
    out
}

fn scale_to_max(v: &mut [f64]) {
    let max = v.iter().copied().fold(0.0, f64::max);
    if max > 0.0 {
        v.iter_mut().for_each(|x| *x /= max);
    }
}
