//! Keywords and keyphrases: the terms an article is about, best first.
//!
//! Three kinds of term compete in one ranking:
//! - **entities**, keyed by their canonical name (`باراك أوباما` for every
//!   later `أوباما`), boosted because a news article is usually about
//!   someone or somewhere;
//! - **phrases**: runs of 2–4 content words inside a sentence
//!   (noun–noun, noun–adjective: `وقف إطلاق النار`, "ceasefire") that occur
//!   at least twice, keyed by their lemmas;
//! - **words**: single content words (NOUN, PROPN, X, ADJ; VERB at a lower
//!   weight) keyed by lemma, so `المفاوضات`, `مفاوضات` and `بالمفاوضات`
//!   ("the talks", "talks", "in the talks") are one term.
//!
//! A mention is counted once, in the largest unit that holds it: a word
//! inside an entity counts for the entity, a word inside a kept phrase for
//! the phrase. Stop words (an embedded fact list, `stopwords.txt`), numbers,
//! punctuation and everything in a dateline or headline fragment (a unit
//! ending in a dash, or shorter than four tokens: `جنيف (وكالات) -`) never
//! count.
//!
//! # Score
//!
//! `score = (1 + ln tf) × idf / idf_max × boost` (for an entity the square
//! root of `idf / idf_max`, so that a name the corpus uses often, `مصر`,
//! "Egypt", still outranks a rare generic word), where `tf` sums the
//! mentions (×1.5 for those in the first two sentences of the body), `idf =
//! ln((N + 1) / (df + 1)) + 1` with document frequencies learned at training
//! time (`khabar train keywords`, `models/keywords.bin`), `idf_max` the idf
//! of a lemma seen in at most one training document, and `boost` 1.5 for
//! PER/LOC/ORG entities, 1.2 for MISC, 1.3 for phrases, 0.7 for adjectives
//! and 0.5 for verbs alone. The scale does not depend on the article: a
//! rare noun said once in the body scores 1.0, and a score of 3 means the
//! same in any article.

use crate::document::{Document, EntityType, Keyword, Layer, TokenKind, Upos, Word};
use crate::error::{Error, Result};
use crate::pipeline::{Pipeline, Stage};
use crate::Span;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Model kind of `models/keywords.bin`.
pub const KIND: &str = "keywords";
/// Format version of `models/keywords.bin`; bump when [`KeywordModel`]
/// changes shape or meaning.
pub const FORMAT_VERSION: u32 = 1;
/// How many keywords the stage keeps by default.
pub const DEFAULT_MAX: usize = 10;
/// Lemmas in fewer training documents than this are left out of the model
/// (they read as "rare", the same as unseen ones).
pub const MIN_DF: u32 = 2;
/// ANERcorp has no document boundaries: this many consecutive sentences
/// make one pseudo-document for document frequencies.
pub const ANERCORP_BLOCK: usize = 20;

/// Weight of a mention in the first two sentences of the body (the lead
/// of a news article states its topic).
const LEAD_WEIGHT: f64 = 1.5;
const BOOST_ENTITY: f64 = 1.5;
const BOOST_MISC: f64 = 1.2;
const BOOST_PHRASE: f64 = 1.3;
const WEIGHT_ADJ: f64 = 0.7;
const WEIGHT_VERB: f64 = 0.5;

/// Document frequencies of lemmas, learned from news and encyclopedia text.
///
/// ```
/// use khabar::summary::keywords::KeywordModel;
/// // "talk" (مفاوضة) is in 3 of 10 documents: rarer terms weigh more.
/// let m = KeywordModel::from_counts(10, [("مفاوضة".to_string(), 3)]);
/// assert_eq!(m.df("مفاوضة"), 3);
/// assert!(m.idf("مفاوضة") < m.idf("هدنة")); // unseen: as rare as can be
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KeywordModel {
    /// Training documents counted.
    pub docs: u32,
    /// `(lemma, documents containing it)`, sorted by lemma.
    pub df: Vec<(String, u32)>,
}

impl KeywordModel {
    /// A model from counts (sorted here; order of `counts` does not matter).
    pub fn from_counts(docs: u32, counts: impl IntoIterator<Item = (String, u32)>) -> Self {
        let mut df: Vec<(String, u32)> = counts.into_iter().collect();
        df.sort_unstable();
        df.dedup_by(|a, b| a.0 == b.0);
        KeywordModel { docs, df }
    }

    /// Read a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let m: KeywordModel = crate::model::decode(bytes, KIND, FORMAT_VERSION)?;
        // Lookups binary-search; a file written out of order would silently
        // miss, so refuse it.
        if m.df.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err(Error::new(crate::ErrorKind::Model, "`keywords` model: lemmas not sorted"));
        }
        Ok(m)
    }

    /// Write a model file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        crate::model::encode(KIND, FORMAT_VERSION, self)
    }

    /// The model embedded in the binary (loaded once per process).
    pub fn embedded() -> Result<Arc<KeywordModel>> {
        static EMBEDDED: &[u8] = include_bytes!("../../../../models/keywords.bin");
        static MODEL: OnceLock<std::result::Result<Arc<KeywordModel>, String>> = OnceLock::new();
        MODEL
            .get_or_init(|| KeywordModel::from_bytes(EMBEDDED).map(Arc::new).map_err(|e| e.to_string()))
            .clone()
            .map_err(|m| Error::new(crate::ErrorKind::Model, format!("embedded keywords model: {m}")))
    }

    /// Documents containing `lemma` (0 when below [`MIN_DF`] or unseen).
    pub fn df(&self, lemma: &str) -> u32 {
        self.df.binary_search_by(|(l, _)| l.as_str().cmp(lemma)).map_or(0, |i| self.df[i].1)
    }

    /// `ln((N + 1) / (df + 1)) + 1`, with df at least 1 (a lemma in the
    /// article is in at least one document). 1.0 for every lemma when the
    /// model is empty.
    pub fn idf(&self, lemma: &str) -> f64 {
        let df = self.df(lemma).max(1) as f64;
        ((self.docs as f64 + 1.0) / (df + 1.0)).ln().max(0.0) + 1.0
    }

    /// The largest idf: that of an unseen lemma.
    pub fn idf_max(&self) -> f64 {
        ((self.docs as f64 + 1.0) / 2.0).ln().max(0.0) + 1.0
    }
}

/// Alef, alef maqsura and ta marbuta folded, so that the stop list matches
/// every common spelling (`اعلن` for `أعلن`).
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .collect()
}

fn stop_words() -> &'static FxHashSet<String> {
    static LIST: &str = include_str!("stopwords.txt");
    static SET: OnceLock<FxHashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        LIST.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(fold).collect()
    })
}

/// True when `f`, already folded like [`crate::summary::stem::fold_into`]
/// and without its article, is on the stop list (no allocation).
pub(crate) fn is_stop_folded(f: &str) -> bool {
    static LONGEST: OnceLock<usize> = OnceLock::new();
    let longest = *LONGEST.get_or_init(|| stop_words().iter().map(String::len).max().unwrap_or(0));
    f.len() <= longest && stop_words().contains(f)
}

/// True when `s` is on the stop list, with or without the article.
///
/// ```
/// use khabar::summary::keywords::is_stop_word;
/// assert!(is_stop_word("اليوم")); // "today"
/// assert!(is_stop_word("أعلن")); // "announced"
/// assert!(!is_stop_word("مفاوضات")); // "talks"
/// ```
pub fn is_stop_word(s: &str) -> bool {
    let f = fold(s);
    let set = stop_words();
    set.contains(&f) || f.strip_prefix("ال").is_some_and(|r| set.contains(r))
}

/// The weight of a word as a keyword on its own, or `None` when it is
/// never one (function word, stop word, number, punctuation, too short).
fn content_weight(doc: &Document, w: &Word) -> Option<f64> {
    let weight = match w.pos {
        Upos::NOUN | Upos::PROPN | Upos::X => 1.0,
        Upos::ADJ => WEIGHT_ADJ,
        Upos::VERB => WEIGHT_VERB,
        _ => return None,
    };
    let kind = doc.tokens[w.token.index()].kind;
    if !matches!(kind, TokenKind::Word | TokenKind::Latin) {
        return None;
    }
    // In Arabic news a Latin word counts when it names something (`BBC`,
    // `Reuters`), not when it is English prose (`an official`).
    if kind == TokenKind::Latin && w.form.starts_with(|c: char| c.is_lowercase()) {
        return None;
    }
    let letters = w.lemma.chars().filter(|c| c.is_alphabetic() && !crate::text::chars::is_arabic_diacritic(*c)).count();
    if letters < 2 || w.lemma.chars().any(|c| c.is_numeric()) {
        return None;
    }
    if is_stop_word(&w.lemma) || is_stop_word(&w.form) {
        return None;
    }
    Some(weight)
}

/// Whether a word may be part of a keyphrase, and whether it may start one.
fn phrase_role(doc: &Document, w: &Word) -> Option<bool> {
    match w.pos {
        Upos::NOUN | Upos::PROPN | Upos::X => content_weight(doc, w).map(|_| true),
        Upos::ADJ => content_weight(doc, w).map(|_| false),
        // Number words inside a name-like phrase (`مجموعة العشرين`), never digits.
        Upos::NUM if doc.tokens[w.token.index()].kind == TokenKind::Word && !is_stop_word(&w.form) => Some(false),
        _ => None,
    }
}

/// True when a sentence is a dateline or headline fragment whose words
/// must not count: it ends in a dash, or has fewer than four tokens.
fn is_fragment(doc: &Document, s: &crate::document::Sentence) -> bool {
    let n = (s.end.0 - s.first.0) as usize;
    if n < 4 {
        return true;
    }
    let last = crate::TokenId(s.end.0 - 1);
    matches!(doc.token_text(last), "-" | "–" | "—" | "ـ" | "--")
}

/// One term being counted.
#[derive(Default)]
struct Term {
    /// Sum of mention weights.
    tf: f64,
    /// Surface forms and how often each was seen.
    forms: FxHashMap<String, u32>,
    mentions: Vec<Span>,
    idf: f64,
    boost: f64,
    /// The first mention's position, for stable ties.
    first: u32,
}

impl Term {
    fn add(&mut self, span: Span, form: &str, weight: f64) {
        if self.mentions.is_empty() {
            self.first = span.start;
        }
        self.tf += weight;
        *self.forms.entry(form.to_string()).or_default() += 1;
        self.mentions.push(span);
    }

    fn text(&self) -> String {
        // Commonest form; ties go to the longer then the smaller string so
        // the choice does not depend on hash order.
        self.forms
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(a.0.len().cmp(&b.0.len())).then(b.0.cmp(a.0)))
            .map(|(f, _)| f.clone())
            .unwrap_or_default()
    }
}

/// Fills [`Document::keywords`], best first.
///
/// ```
/// use khabar::summary::keywords::KeywordStage;
/// let p = khabar::Pipeline::builder()
///     .stage(khabar::token::Tokenizer::new())
///     .stage(khabar::sentence::SentenceSplitter::new())
///     .stage(khabar::morph::stage::MorphStage::embedded().unwrap())
///     .stage(KeywordStage::embedded().unwrap())
///     .build()
///     .unwrap();
/// // "The talks resumed in Geneva. The parties said the talks were serious.
/// //  The mediator expects the talks to end next week."
/// let doc = p.analyze("استؤنفت المفاوضات في جنيف أمس. وقال الطرفان إن المفاوضات جدية. \
///                      ويتوقع الوسيط أن تنتهي بالمفاوضات الأسبوع المقبل.");
/// assert!(doc.keywords.iter().take(3).any(|k| k.text.contains("مفاوضات")));
/// ```
pub struct KeywordStage {
    model: Arc<KeywordModel>,
    max: usize,
}

impl KeywordStage {
    /// The stage on the embedded document frequencies.
    pub fn embedded() -> Result<Self> {
        Ok(KeywordStage::new(KeywordModel::embedded()?))
    }

    /// The stage on the given model.
    pub fn new(model: Arc<KeywordModel>) -> Self {
        KeywordStage { model, max: DEFAULT_MAX }
    }

    /// Keep at most `max` keywords.
    pub fn with_max(mut self, max: usize) -> Self {
        self.max = max;
        self
    }

    /// The keywords of an analyzed document (words required; entities
    /// used when present), best first, at most `max`.
    pub fn keywords(&self, doc: &Document) -> Vec<Keyword> {
        let m = &self.model;
        let idf_max = m.idf_max();
        let text = doc.text();

        // Sentence of each token; None for fragments. Body sentences are
        // numbered from 0 so the lead boost skips a dateline or headline.
        let mut tok_weight: Vec<Option<f64>> = vec![None; doc.tokens.len()];
        let mut body = 0usize;
        for s in &doc.sentences {
            if is_fragment(doc, s) {
                continue;
            }
            let w = if body < 2 { LEAD_WEIGHT } else { 1.0 };
            body += 1;
            for t in s.tokens() {
                tok_weight[t.index()] = Some(w);
            }
        }
        if doc.sentences.is_empty() {
            tok_weight.iter_mut().for_each(|w| *w = Some(1.0));
        }
        let word_weight = |w: &Word| tok_weight.get(w.token.index()).copied().flatten();

        // Entities, keyed by canonical name.
        let mut terms: FxHashMap<(u8, String), Term> = FxHashMap::default();
        let mut covered = vec![false; doc.words.len()];
        let entities: &[crate::Entity] = if doc.has_layer(Layer::Entities) { &doc.entities } else { &[] };
        let mut wi = 0usize;
        for e in entities {
            while wi < doc.words.len() && doc.words[wi].span.end <= e.span.start {
                wi += 1;
            }
            let mut weight = None;
            let mut idfs = Vec::new();
            let mut j = wi;
            while j < doc.words.len() && doc.words[j].span.start < e.span.end {
                let w = &doc.words[j];
                if !w.span.is_empty() && e.span.contains(w.span) {
                    covered[j] = true;
                    weight = weight.or(word_weight(w));
                    if content_weight(doc, w).is_some() {
                        idfs.push(m.idf(&w.lemma));
                    }
                }
                j += 1;
            }
            let Some(weight) = weight else { continue };
            let t = terms.entry((0, e.canonical.clone())).or_default();
            t.add(e.span, &e.canonical, weight);
            let idf = if idfs.is_empty() { idf_max } else { idfs.iter().sum::<f64>() / idfs.len() as f64 };
            let boost = if e.kind == EntityType::MISC { BOOST_MISC } else { BOOST_ENTITY };
            t.idf = t.idf.max(idf);
            t.boost = t.boost.max(boost);
        }

        // In-document linking leaves a short name apart from a longer one
        // it is a part of (`أوبك` beside `منظمة أوبك`): when exactly one
        // longer canonical holds it as whole words, they are one term.
        let keys: Vec<String> = terms.keys().map(|(_, k)| k.clone()).collect();
        for short in &keys {
            let sw: Vec<&str> = short.split_whitespace().collect();
            let longer: Vec<&String> = keys
                .iter()
                .filter(|k| {
                    let kw: Vec<&str> = k.split_whitespace().collect();
                    kw.len() > sw.len() && kw.windows(sw.len()).any(|w| w == sw.as_slice())
                })
                .collect();
            if let [long] = longer.as_slice() {
                if let Some(a) = terms.remove(&(0, short.clone())) {
                    if let Some(b) = terms.get_mut(&(0, (*long).clone())) {
                        b.tf += a.tf;
                        b.first = b.first.min(a.first);
                        b.mentions.extend(a.mentions);
                        *b.forms.entry((*long).clone()).or_default() += a.forms.values().sum::<u32>();
                        b.idf = b.idf.max(a.idf);
                        b.boost = b.boost.max(a.boost);
                    }
                }
            }
        }

        // Phrases: runs of phrase words in one sentence, adjacent, outside
        // entities; every 2–4-gram starting with a noun is a candidate.
        let mut phrases: FxHashMap<String, (Term, usize)> = FxHashMap::default();
        let mut run: Vec<usize> = Vec::new();
        let flush = |run: &mut Vec<usize>, phrases: &mut FxHashMap<String, (Term, usize)>| {
            for i in 0..run.len() {
                let first = &doc.words[run[i]];
                if phrase_role(doc, first) != Some(true) {
                    continue;
                }
                for n in 2..=4usize.min(run.len() - i) {
                    let ws = &run[i..i + n];
                    let last = &doc.words[ws[n - 1]];
                    if last.pos == Upos::NUM && n == 2 && first.pos != Upos::NOUN {
                        continue;
                    }
                    let key = ws.iter().map(|&k| doc.words[k].lemma.as_str()).collect::<Vec<_>>().join(" ");
                    let span = Span { start: first.span.start, end: last.span.end };
                    let weight = word_weight(first).unwrap_or(1.0);
                    let e = phrases.entry(key).or_insert_with(|| (Term::default(), n));
                    e.0.add(span, span.slice(text), weight);
                }
            }
            run.clear();
        };
        for (i, w) in doc.words.iter().enumerate() {
            let ok = !covered[i] && !w.span.is_empty() && word_weight(w).is_some() && phrase_role(doc, w).is_some();
            let adjacent = run.last().is_some_and(|&p| {
                let prev = &doc.words[p];
                // Next token, or the same token (no clitic between: a
                // clitic is a word of its own and would have broken the run).
                (w.token.0 == prev.token.0 + 1 || w.token == prev.token)
                    && same_sentence(doc, prev, w)
            });
            if !ok || !adjacent {
                flush(&mut run, &mut phrases);
            }
            if ok {
                run.push(i);
            }
        }
        flush(&mut run, &mut phrases);
        // Keep recurring phrases; drop one that only ever occurs inside a
        // longer kept one.
        let mut kept: Vec<(String, Term, usize)> =
            phrases.into_iter().filter(|(_, (t, _))| t.mentions.len() >= 2).map(|(k, (t, n))| (k, t, n)).collect();
        kept.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        let mut chosen: Vec<(String, Term, usize)> = Vec::new();
        for (k, t, n) in kept {
            let inside = chosen.iter().any(|(_, big, _)| {
                t.mentions.iter().all(|s| big.mentions.iter().any(|b| b.contains(*s)))
            });
            if !inside {
                chosen.push((k, t, n));
            }
        }
        let phrase_spans: Vec<Span> = chosen.iter().flat_map(|(_, t, _)| t.mentions.iter().copied()).collect();
        for (k, mut t, _) in chosen {
            let lemmas: Vec<&str> = k.split(' ').collect();
            t.idf = lemmas.iter().map(|l| m.idf(l)).sum::<f64>() / lemmas.len() as f64;
            t.boost = BOOST_PHRASE;
            terms.insert((1, k), t);
        }

        // Single words, keyed by lemma, outside entities and kept phrases.
        for (i, w) in doc.words.iter().enumerate() {
            if covered[i] || w.span.is_empty() {
                continue;
            }
            let (Some(weight), Some(pos_w)) = (word_weight(w), content_weight(doc, w)) else { continue };
            if phrase_spans.iter().any(|s| s.contains(w.span)) {
                continue;
            }
            // A name the entity stage missed here but found elsewhere is
            // the same term.
            let key = if terms.contains_key(&(0, w.lemma.clone())) { (0, w.lemma.clone()) } else { (2, w.lemma.clone()) };
            let is_entity = key.0 == 0;
            let t = terms.entry(key).or_default();
            if is_entity {
                let canonical = t.text();
                t.add(w.span, &canonical, weight);
            } else {
                t.add(w.span, &w.form, weight);
                t.idf = m.idf(&w.lemma);
                t.boost = t.boost.max(pos_w);
            }
        }

        let mut out: Vec<(u32, Keyword)> = terms
            .into_iter()
            .map(|((kind, lemma), mut t)| {
                t.mentions.sort_unstable();
                // A named entity is what the article is about even when the
                // corpus names it often (`مصر`, "Egypt"): its rarity counts
                // at the square root.
                let rarity = t.idf / idf_max;
                let rarity = if kind == 0 { rarity.sqrt() } else { rarity };
                let score = (1.0 + t.tf.ln()) * rarity * t.boost;
                (t.first, Keyword { text: t.text(), lemma, score, mentions: t.mentions })
            })
            .collect();
        out.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
        out.into_iter().take(self.max).map(|(_, k)| k).collect()
    }
}

fn same_sentence(doc: &Document, a: &Word, b: &Word) -> bool {
    // Sentences are few; a binary search on token ids finds each.
    let find = |t: u32| doc.sentences.partition_point(|s| s.end.0 <= t);
    doc.sentences.is_empty() || find(a.token.0) == find(b.token.0)
}

impl Stage for KeywordStage {
    fn name(&self) -> &'static str {
        "keywords"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Words]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Keywords]
    }
    fn run(&self, doc: &mut Document) {
        doc.keywords = self.keywords(doc);
    }
}

/// Training text for document frequencies, as `(source, documents)`:
/// ANERcorp sentences in blocks of [`ANERCORP_BLOCK`], ARCD paragraph
/// contexts (not the questions), PADT raw news paragraphs.
pub fn training_documents(data: &Path) -> Result<Vec<(&'static str, Vec<String>)>> {
    use crate::train::lexicon::{anercorp_split, raw_news_split, ANERCORP, ARCD, RAW_NEWS};
    let (mut sents, dev) = anercorp_split(data)?;
    sents.extend(dev);
    let aner: Vec<String> = sents.chunks(ANERCORP_BLOCK).map(|c| c.join(" ")).collect();
    let path = data.join(ARCD);
    let raw = std::fs::read_to_string(&path).map_err(|e| Error::io(&path.display().to_string(), e))?;
    let json: serde_json::Value = serde_json::from_str(&raw)
        .map_err(|e| Error::new(crate::ErrorKind::Eval, format!("{ARCD}: not JSON: {e}")))?;
    let mut arcd = Vec::new();
    for article in json["data"].as_array().into_iter().flatten() {
        for p in article["paragraphs"].as_array().into_iter().flatten() {
            if let Some(c) = p["context"].as_str() {
                arcd.push(c.to_string());
            }
        }
    }
    let (mut news, dev, test) = raw_news_split(data)?;
    news.extend(dev);
    news.extend(test);
    Ok(vec![(ANERCORP, aner), (ARCD, arcd), (RAW_NEWS, news)])
}

/// Count, for each lemma, the documents whose content words include it
/// (the same filter as the stage: no stop word, number or punctuation),
/// analyzing with `pipeline` (morphology at least) on `threads` threads.
/// Lemmas in fewer than `min_df` documents are dropped.
pub fn document_frequencies(pipeline: &Pipeline, docs: &[String], threads: usize, min_df: u32) -> KeywordModel {
    let mut counts: FxHashMap<String, u32> = FxHashMap::default();
    for chunk in docs.chunks(256) {
        let batch = pipeline.analyze_batch(chunk.iter().map(|t| Document::new(t.as_str())).collect(), threads);
        for d in &batch {
            let lemmas: FxHashSet<&str> =
                d.words.iter().filter(|w| content_weight(d, w).is_some()).map(|w| w.lemma.as_str()).collect();
            for l in lemmas {
                *counts.entry(l.to_string()).or_default() += 1;
            }
        }
    }
    KeywordModel::from_counts(docs.len() as u32, counts.into_iter().filter(|(_, c)| *c >= min_df))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        Pipeline::builder()
            .stage(crate::token::Tokenizer::new())
            .stage(crate::token::repair::RepairStage::embedded().unwrap())
            .stage(crate::sentence::SentenceSplitter::new())
            .stage(crate::morph::stage::MorphStage::embedded().unwrap())
            .stage(crate::ner::NerStage::embedded().unwrap())
            .stage(crate::ner::link::LinkStage::new())
            .stage(KeywordStage::embedded().unwrap())
            .build()
            .unwrap()
    }

    #[test]
    fn model_round_trip_and_idf_order() {
        let m = KeywordModel::from_counts(100, [("قال".into(), 90), ("هدنة".into(), 2)]);
        let back = KeywordModel::from_bytes(&m.to_bytes().unwrap()).unwrap();
        assert_eq!(back.df("هدنة"), 2);
        assert!(back.idf("قال") < back.idf("هدنة"));
        assert!(back.idf("هدنة") <= back.idf_max());
        let empty = KeywordModel::default();
        assert_eq!(empty.idf("أي"), 1.0);
    }

    #[test]
    fn stop_words_fold_spellings() {
        // "announced", "yesterday", "the year", "which", "Tuesday".
        for w in ["أعلن", "اعلن", "أمس", "العام", "الذي", "الثلاثاء", "قال"] {
            assert!(is_stop_word(w), "{w}");
        }
        // "ceasefire", "Geneva".
        for w in ["هدنة", "جنيف"] {
            assert!(!is_stop_word(w), "{w}");
        }
    }

    #[test]
    fn lemma_grouping_and_dateline() {
        // "Geneva (agencies) - The talks between the two parties resumed
        //  yesterday. The mediator said the talks are serious. The parties
        //  disagreed in the talks about the ceasefire."
        let doc = pipeline().analyze(
            "جنيف (وكالات) -\nاستؤنفت المفاوضات بين الطرفين أمس في المدينة. وقال الوسيط إن مفاوضات اليوم جدية. \
             واختلف الطرفان بالمفاوضات حول وقف إطلاق النار.",
        );
        let talks = doc.keywords.iter().find(|k| k.lemma.contains("مفاوض")).expect("talks are a keyword");
        assert_eq!(talks.mentions.len(), 3, "{:?}", doc.keywords);
        assert!(!doc.keywords.iter().any(|k| k.text.contains("وكالات")), "{:?}", doc.keywords);
        assert!(!doc.keywords.iter().any(|k| is_stop_word(&k.text)), "{:?}", doc.keywords);
    }

    #[test]
    fn english_prose_is_no_keyword() {
        // "The minister said the agreement is near." then an English line.
        let doc = pipeline().analyze("قال الوزير إن الاتفاق النووي قريب جدا.\nReuters quoted an official as saying the deal was near.");
        assert!(doc.keywords.iter().any(|k| k.text == "Reuters"), "{:?}", doc.keywords);
        for w in ["quoted", "official", "saying", "deal"] {
            assert!(!doc.keywords.iter().any(|k| k.text == w), "{w}: {:?}", doc.keywords);
        }
    }

    #[test]
    fn recurring_phrase_is_one_keyword() {
        // "The army announced a ceasefire in the city. The ceasefire held
        //  for hours, then the ceasefire collapsed in the evening."
        let doc = pipeline().analyze(
            "أعلن الجيش وقف إطلاق النار في المدينة. وصمد وقف إطلاق النار ساعات طويلة. \
             ثم انهار وقف إطلاق النار في المساء بعد قصف عنيف.",
        );
        let k = doc.keywords.iter().find(|k| k.text == "وقف إطلاق النار").unwrap_or_else(|| panic!("{:?}", doc.keywords));
        assert_eq!(k.mentions.len(), 3);
        // Its words are not listed again on their own.
        assert!(!doc.keywords.iter().any(|k| k.text == "إطلاق" || k.text == "وقف"), "{:?}", doc.keywords);
    }

    #[test]
    fn empty_and_odd_input_yield_no_panic() {
        let p = pipeline();
        for t in ["", " ", "123 456", "!!! ؟؟", "a"] {
            let d = p.analyze(t);
            assert!(d.keywords.len() <= DEFAULT_MAX);
        }
    }
}
