//! Training and scoring on `TOKEN TAG` files (ANERcorp's format).
//!
//! Each gold sentence is written out as its tokens joined by spaces and
//! analyzed by khabar's own text layer (tokenizer, run-together repair,
//! sentence splitter), exactly as raw text would be; khabar's tokens are
//! then mapped back to the gold tokens they lie in. Training labels come
//! through that map, and predictions are scored through it, at gold-token
//! level: ANERcorp marks whole written tokens, clitics included
//! (`والعراق B-LOC`), so an entity matches when it covers the same gold
//! tokens with the same type.
//!
//! ANERcorp has no document boundaries; blocks of [`DOC_BLOCK`] consecutive
//! sentences stand in for documents (the second pass looks across a
//! document).
//!
//! The split: the last tenth of ANERcorp's sentences is **dev**, held out
//! from training and from tuning (the same tenth the repair lexicon keeps
//! out); tuning used the ninth before it ([`tune_split`]), trained on the
//! rest.

use super::clusters::Clusters;
use super::features::{prepare_full, Prepared};
use crate::morph::stage::MorphStage;
use super::gazetteer::Gazetteer;
use super::model::{chunks, tag_id, NerTagger, Sequence, TrainOptions, TYPES};
use super::score::{Counter, Scores};
use super::{NerModel, NerStage};
use crate::document::{Document, EntityType, TokenKind};
use crate::error::{Error, ErrorKind, Result};
use crate::pipeline::Stage;
use serde::Serialize;
use std::path::Path;

/// The ANERcorp file, relative to the data folder.
pub const ANERCORP: &str = "anercorp/anercorp-camel-train.txt";
/// Share of ANERcorp sentences (the last ones) held out as dev.
pub const DEV_FRACTION: f64 = 0.1;
/// Sentences per pseudo-document.
pub const DOC_BLOCK: usize = 20;

/// A gold sentence: tokens and tag ids ([`super::model::TAGS`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldSentence {
    /// The written tokens.
    pub tokens: Vec<String>,
    /// Tag ids.
    pub tags: Vec<u16>,
}

fn parse_tag(tag: &str) -> Option<u16> {
    if tag == "O" {
        return Some(0);
    }
    let (bio, ty) = tag.split_once('-')?;
    let ty = match ty {
        "PERS" | "PER" => EntityType::PER,
        "LOC" => EntityType::LOC,
        "ORG" => EntityType::ORG,
        "MISC" => EntityType::MISC,
        _ => return None,
    };
    match bio {
        "B" => Some(tag_id(ty, false)),
        "I" => Some(tag_id(ty, true)),
        _ => None,
    }
}

/// Read a `TOKEN TAG` file (blank line between sentences; IOB tags with
/// ANERcorp's `PERS` or `PER`, `LOC`, `ORG`, `MISC`).
///
/// ```
/// // "Putin visited Cairo ."
/// let s = khabar::ner::train::parse_token_tag("بوتين B-PERS\nزار O\nالقاهرة B-LOC\n. O\n", "x").unwrap();
/// assert_eq!(s.len(), 1);
/// assert_eq!(s[0].tokens[2], "القاهرة");
/// ```
pub fn parse_token_tag(text: &str, name: &str) -> Result<Vec<GoldSentence>> {
    let mut out = Vec::new();
    let mut cur = GoldSentence { tokens: Vec::new(), tags: Vec::new() };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::replace(&mut cur, GoldSentence { tokens: Vec::new(), tags: Vec::new() }));
            }
            continue;
        }
        let (tok, tag) = line.rsplit_once([' ', '\t']).ok_or_else(|| {
            Error::new(ErrorKind::Eval, format!("{name}:{}: expected `TOKEN TAG`, found `{line}`", n + 1))
        })?;
        let tag = parse_tag(tag.trim())
            .ok_or_else(|| Error::new(ErrorKind::Eval, format!("{name}:{}: unknown tag `{tag}`", n + 1)))?;
        cur.tokens.push(tok.trim().to_string());
        cur.tags.push(tag);
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Read a `TOKEN TAG` file from disk.
pub fn read_token_tag(path: &Path) -> Result<Vec<GoldSentence>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(&path.display().to_string(), e))?;
    parse_token_tag(&text, &path.display().to_string())
}

/// ANERcorp split into (train, dev): dev is the last tenth of sentences.
pub fn anercorp_split(data: &Path) -> Result<(Vec<GoldSentence>, Vec<GoldSentence>)> {
    let mut all = read_token_tag(&data.join(ANERCORP))?;
    let dev_start = all.len() - (all.len() as f64 * DEV_FRACTION).round() as usize;
    let dev = all.split_off(dev_start);
    Ok((all, dev))
}

/// The training part split again for tuning: (fit, tune), tune being its
/// last ninth (as large as dev).
pub fn tune_split(train: Vec<GoldSentence>) -> (Vec<GoldSentence>, Vec<GoldSentence>) {
    tune_split_fold(train, TUNE_FOLDS - 1)
}

/// Ninths of the training part that can serve as tuning parts.
pub const TUNE_FOLDS: usize = 9;

/// The training part split for tuning on its `fold`-th ninth (0-based; the
/// last, [`TUNE_FOLDS`] − 1, is [`tune_split`]'s): (fit, tune). Scoring a
/// change on a few ninths tells it from the training order's noise.
pub fn tune_split_fold(train: Vec<GoldSentence>, fold: usize) -> (Vec<GoldSentence>, Vec<GoldSentence>) {
    let n = train.len();
    let size = n / TUNE_FOLDS;
    let fold = fold.min(TUNE_FOLDS - 1);
    let (a, b) = if fold == TUNE_FOLDS - 1 { (n - size, n) } else { (fold * size, (fold + 1) * size) };
    let mut fit = Vec::with_capacity(n - (b - a));
    let mut tune = Vec::with_capacity(b - a);
    for (i, s) in train.into_iter().enumerate() {
        if (a..b).contains(&i) {
            tune.push(s);
        } else {
            fit.push(s);
        }
    }
    (fit, tune)
}

/// A gold sentence analyzed by the text layer, and for each khabar token
/// the gold token it lies in.
struct Analyzed {
    doc: Document,
    gold_of: Vec<usize>,
}

fn analyze(s: &GoldSentence, stages: &[&dyn Stage]) -> Analyzed {
    let mut starts = Vec::with_capacity(s.tokens.len());
    let mut text = String::new();
    for t in &s.tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        starts.push(text.len());
        text.push_str(t);
    }
    let mut doc = Document::new(text);
    for st in stages {
        st.run(&mut doc);
    }
    let gold_of = doc
        .tokens
        .iter()
        .map(|t| starts.partition_point(|&b| b <= t.span.start as usize).saturating_sub(1))
        .collect();
    Analyzed { doc, gold_of }
}

fn prepared_sentences(
    doc: &Document,
    gaz: &Gazetteer,
    clusters: &Clusters,
    morph: bool,
) -> Vec<Vec<Prepared>> {
    let nlp = doc.nlp.as_str();
    let tm = if morph { super::token_morph(doc) } else { Vec::new() };
    doc.sentences
        .iter()
        .map(|s| {
            let toks: Vec<(&str, TokenKind)> =
                s.tokens().map(|t| (doc.tokens[t.index()].norm.slice(nlp), doc.tokens[t.index()].kind)).collect();
            let m = morph.then(|| &tm[s.first.index()..s.end.index()]);
            prepare_full(&toks, m, gaz, Some(clusters))
        })
        .collect()
}

/// Labels of khabar tokens `first..end` from the gold tags, as a valid BIO
/// sequence.
fn labels(a: &Analyzed, gold: &GoldSentence, first: usize, end: usize) -> Vec<u16> {
    let mut out: Vec<u16> = Vec::with_capacity(end - first);
    for k in first..end {
        let g = a.gold_of[k];
        let mut t = gold.tags[g];
        // The second khabar token of one gold token continues its entity.
        if t > 0 && k > 0 && a.gold_of[k - 1] == g && k > first {
            t = tag_id(TYPES[((t - 1) / 2) as usize], true);
        }
        let prev = out.last().copied().unwrap_or(0);
        if super::model::is_inside(t) && (prev == 0 || (prev - 1) / 2 != (t - 1) / 2) {
            t -= 1;
        }
        out.push(t);
    }
    out
}

fn text_stages() -> Result<Vec<Box<dyn Stage>>> {
    Ok(vec![
        Box::new(crate::token::Tokenizer::new()),
        Box::new(crate::token::repair::RepairStage::embedded()?),
        Box::new(crate::sentence::SentenceSplitter::new()),
    ])
}

/// The stages each gold sentence goes through: the text layer, and the
/// morphology when the entity model reads it.
fn analysis_stages(morph: Option<&MorphStage>) -> Result<Vec<Box<dyn Stage>>> {
    let mut stages = text_stages()?;
    if let Some(m) = morph {
        stages.push(Box::new(m.clone()));
    }
    Ok(stages)
}

/// Training sequences from gold sentences (document = block of
/// [`DOC_BLOCK`]); with `morph`, each token carries the morphology's view.
pub fn sequences(
    gold: &[GoldSentence],
    clusters: &Clusters,
    morph: Option<&MorphStage>,
) -> Result<Vec<Sequence>> {
    let stages = analysis_stages(morph)?;
    let refs: Vec<&dyn Stage> = stages.iter().map(|b| b.as_ref()).collect();
    let gaz = Gazetteer::embedded();
    let mut out = Vec::new();
    for (n, g) in gold.iter().enumerate() {
        let a = analyze(g, &refs);
        for (s, ws) in a.doc.sentences.iter().zip(prepared_sentences(&a.doc, gaz, clusters, morph.is_some())) {
            let gold = labels(&a, g, s.first.index(), s.end.index());
            out.push(Sequence { tokens: ws, gold, doc: n / DOC_BLOCK });
        }
    }
    Ok(out)
}

/// Unlabeled text for the word clusters, from the data folder: ARCD
/// contexts and questions, and the first half of `padt-raw-news.txt`'s
/// paragraphs (the second half is `khabar eval repair`'s test), and the
/// written sentences of PADT's two treebank files (forms only).
pub fn raw_texts(data: &Path) -> Result<Vec<String>> {
    let mut out = crate::train::lexicon::arcd_texts(data)?;
    let (a, b, _) = crate::train::lexicon::raw_news_split(data)?;
    out.extend(a);
    out.extend(b);
    out.extend(crate::train::lexicon::padt_texts(data)?.0);
    Ok(out)
}

/// Folded token forms of texts as the tokenizer (and repair) cut them.
fn folded_tokens<'a>(texts: impl Iterator<Item = String> + 'a) -> Result<Vec<Vec<String>>> {
    let stages = text_stages()?;
    let mut out = Vec::new();
    for text in texts {
        let mut doc = Document::new(text);
        for st in &stages[..2] {
            st.run(&mut doc);
        }
        let nlp = doc.nlp.as_str();
        let toks: Vec<String> = doc.tokens.iter().map(|t| super::gazetteer::fold(t.norm.slice(nlp))).collect();
        if !toks.is_empty() {
            out.push(toks);
        }
    }
    Ok(out)
}

/// Learn word clusters from the tokens of the training sentences (tags
/// unused) and the given raw texts.
pub fn learn_clusters(gold: &[GoldSentence], raw: &[String]) -> Result<Clusters> {
    let mut sents = folded_tokens(gold.iter().map(|g| g.tokens.join(" ")))?;
    sents.extend(folded_tokens(raw.iter().cloned())?);
    Ok(Clusters::learn(&sents))
}

/// Train a model on gold sentences (clusters from their own tokens only).
pub fn train(gold: &[GoldSentence], opts: TrainOptions) -> Result<(NerModel, TrainReport)> {
    train_with_raw(gold, &[], opts)
}

/// Train a model on gold sentences, with word clusters learned from their
/// tokens and the raw texts.
pub fn train_with_raw(gold: &[GoldSentence], raw: &[String], opts: TrainOptions) -> Result<(NerModel, TrainReport)> {
    train_with_morph(gold, raw, opts, None)
}

/// [`train_with_raw`], the tokens also seen through `morph` (a morphology
/// model whose word list never counted the labels of the sentences the
/// entity model will be scored on: see `morph::wordlist::AnerHeldOut`).
pub fn train_with_morph(
    gold: &[GoldSentence],
    raw: &[String],
    opts: TrainOptions,
    morph: Option<&MorphStage>,
) -> Result<(NerModel, TrainReport)> {
    let t0 = std::time::Instant::now();
    let clusters = learn_clusters(gold, raw)?;
    let cluster_seconds = t0.elapsed().as_secs_f64();
    let seqs = sequences(gold, &clusters, morph)?;
    let t0 = std::time::Instant::now();
    let tagger = NerTagger::train(&seqs, opts, Gazetteer::embedded().fingerprint());
    let report = TrainReport {
        sentences: gold.len(),
        tokens: seqs.iter().map(|s| s.tokens.len()).sum(),
        features: tagger.n_features(),
        epochs: opts.epochs,
        folds: opts.folds,
        average: opts.average,
        seconds: t0.elapsed().as_secs_f64(),
        gazetteer_phrases: Gazetteer::embedded().len(),
        cluster_words: clusters.len(),
        cluster_seconds,
    };
    Ok((NerModel { tagger, clusters, morph: morph.is_some() }, report))
}

/// What training did.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    /// Gold sentences.
    pub sentences: usize,
    /// khabar tokens.
    pub tokens: usize,
    /// Features kept (both passes).
    pub features: usize,
    /// Epochs.
    pub epochs: usize,
    /// Folds for the second pass (0: one pass).
    pub folds: usize,
    /// Models averaged per pass.
    pub average: usize,
    /// Seconds spent in the perceptron.
    pub seconds: f64,
    /// Phrases in the name lists.
    pub gazetteer_phrases: usize,
    /// Words given clusters.
    pub cluster_words: usize,
    /// Seconds spent learning the clusters.
    pub cluster_seconds: f64,
}

/// A scoring run.
#[derive(Debug, Clone, Serialize)]
pub struct NerReport {
    /// What was scored.
    pub data: String,
    /// Gold sentences.
    pub sentences: usize,
    /// Gold tokens.
    pub tokens: usize,
    /// Entity-level exact match at gold-token level.
    pub scores: Scores,
    /// Tokens per second of the entity tagger alone (features and both
    /// passes), one core.
    pub ner_tokens_per_sec: f64,
}

/// One error, for error analysis: what gold said and what was found, as
/// `type:text` (empty when nothing), and the sentence.
#[derive(Debug, Clone, Serialize)]
pub struct NerError {
    /// `miss`, `false`, `type` or `boundary`.
    pub kind: &'static str,
    /// The gold entity.
    pub gold: String,
    /// The predicted entity.
    pub predicted: String,
    /// The sentence, tokens joined by spaces.
    pub sentence: String,
}

fn render(g: &GoldSentence, c: &(usize, usize, EntityType)) -> String {
    format!("{}:{}", c.2.as_str(), g.tokens[c.0..c.1].join(" "))
}

/// Score a model on gold sentences; with `errors`, also list the errors.
/// A model that reads the morphology gets the embedded one.
pub fn evaluate(model: &NerModel, gold: &[GoldSentence], data: &str, errors: Option<&mut Vec<NerError>>) -> Result<NerReport> {
    let morph = if model.morph { Some(MorphStage::embedded()?) } else { None };
    evaluate_with(model, morph.as_ref(), gold, data, errors)
}

/// [`evaluate`] with a given morphology (used when the model reads it).
pub fn evaluate_with(
    model: &NerModel,
    morph: Option<&MorphStage>,
    gold: &[GoldSentence],
    data: &str,
    mut errors: Option<&mut Vec<NerError>>,
) -> Result<NerReport> {
    let stages = analysis_stages(morph.filter(|_| model.morph))?;
    let refs: Vec<&dyn Stage> = stages.iter().map(|b| b.as_ref()).collect();
    let gaz = Gazetteer::embedded();
    let mut counter = Counter::default();
    let mut tagger_secs = 0.0;
    let mut n_tokens = 0usize;
    for block in gold.chunks(DOC_BLOCK) {
        let analyzed: Vec<Analyzed> = block.iter().map(|g| analyze(g, &refs)).collect();
        let t0 = std::time::Instant::now();
        let prepared: Vec<Vec<Vec<Prepared>>> =
            analyzed.iter().map(|a| prepared_sentences(&a.doc, gaz, &model.clusters, model.morph)).collect();
        let flat: Vec<&[Prepared]> = prepared.iter().flatten().map(Vec::as_slice).collect();
        let mut tagged = model.tagger.tag_document(&flat);
        // What the stage does after tagging (`ner::complete_listed`).
        for (ws, tags) in flat.iter().zip(&mut tagged) {
            super::complete_listed(ws, tags);
        }
        tagger_secs += t0.elapsed().as_secs_f64();
        n_tokens += flat.iter().map(|s| s.len()).sum::<usize>();
        let mut tagged = tagged.into_iter();
        for (a, g) in analyzed.iter().zip(block) {
            let mut pred = Vec::new();
            for s in &a.doc.sentences {
                let tags = tagged.next().expect("one per sentence");
                // The chunks the stage keeps (`ner::sentence_chunks`).
                for (x, y, ty) in super::sentence_chunks(&a.doc, &tags, s.first.index()) {
                    let c = (a.gold_of[x], a.gold_of[y - 1] + 1, ty);
                    if !pred.contains(&c) {
                        pred.push(c);
                    }
                }
            }
            let gold_chunks = chunks(&g.tags);
            counter.add(&gold_chunks, &pred);
            if let Some(errs) = errors.as_deref_mut() {
                let sentence = g.tokens.join(" ");
                for c in &gold_chunks {
                    if pred.contains(c) {
                        continue;
                    }
                    let same = pred.iter().find(|p| (p.0, p.1) == (c.0, c.1));
                    let overlap = pred.iter().find(|p| p.0 < c.1 && c.0 < p.1);
                    let (kind, p) = match (same, overlap) {
                        (Some(p), _) => ("type", render(g, p)),
                        (None, Some(p)) => ("boundary", render(g, p)),
                        (None, None) => ("miss", String::new()),
                    };
                    errs.push(NerError { kind, gold: render(g, c), predicted: p, sentence: sentence.clone() });
                }
                for p in &pred {
                    if !gold_chunks.iter().any(|c| c.0 < p.1 && p.0 < c.1) {
                        errs.push(NerError { kind: "false", gold: String::new(), predicted: render(g, p), sentence: sentence.clone() });
                    }
                }
            }
        }
    }
    Ok(NerReport {
        data: data.to_string(),
        sentences: gold.len(),
        tokens: gold.iter().map(|g| g.tokens.len()).sum(),
        scores: counter.finish(),
        ner_tokens_per_sec: if tagger_secs > 0.0 { n_tokens as f64 / tagger_secs } else { 0.0 },
    })
}

/// Score the stage's model (convenience for callers holding a stage).
pub fn evaluate_stage(stage: &NerStage, gold: &[GoldSentence], data: &str) -> Result<NerReport> {
    evaluate(stage.model(), gold, data, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy corpus we wrote: names after titles and prepositions, clitics
    /// glued on. The tagger must learn it and carry it to a new sentence.
    /// (The seventh sentence, a city after `إلى`, was added with the
    /// neighbour-shape features: with six sentences the new sentence's
    /// `موسكو`, seen once after `في`, was lost.)
    #[test]
    fn learns_a_toy_corpus_and_scores_it() {
        let text = "\
قال O\nالرئيس O\nبوتين B-PERS\nفي O\nموسكو B-LOC\n. O\n\n\
زار O\nالوزير O\nكيري B-PERS\nالقاهرة B-LOC\n. O\n\n\
وصل O\nالرئيس O\nأوباما B-PERS\nإلى O\nبغداد B-LOC\n. O\n\n\
التقى O\nبوتين B-PERS\nوزير O\nخارجية O\nفرنسا B-LOC\n. O\n\n\
أعلنت O\nالأمم B-ORG\nالمتحدة I-ORG\nفي O\nجنيف B-LOC\n. O\n\n\
وقال O\nالوزير O\nلافروف B-PERS\nفي O\nدمشق B-LOC\n. O\n\n\
وعاد O\nالوزير O\nكيري B-PERS\nإلى O\nباريس B-LOC\n. O\n";
        let gold = parse_token_tag(text, "toy").unwrap();
        assert_eq!(gold.len(), 7);
        let (model, report) = train(&gold, TrainOptions { epochs: 8, folds: 2, average: 2 }).unwrap();
        assert!(report.features > 50);
        let r = evaluate(&model, &gold, "toy", None).unwrap();
        assert!(r.scores.overall.f1 > 90.0, "{:?}", r.scores);
        // New sentence: "and the minister Lavrov arrived in Moscow"
        let new = parse_token_tag("ووصل O\nالوزير O\nلافروف B-PERS\nإلى O\nموسكو B-LOC\n", "new").unwrap();
        let r = evaluate(&model, &new, "new", None).unwrap();
        assert_eq!(r.scores.per_type["LOC"].correct, 1, "{:?}", r.scores);
        // The model file round-trips.
        let back = NerModel::from_bytes(&model.to_bytes().unwrap()).unwrap();
        assert_eq!(back.tagger.n_features(), model.tagger.n_features());
    }

    #[test]
    fn tuning_folds_are_disjoint_ninths() {
        let sents: Vec<GoldSentence> =
            (0..40).map(|i| GoldSentence { tokens: vec![i.to_string()], tags: vec![0] }).collect();
        let (fit, tune) = tune_split(sents.clone());
        assert_eq!((fit.len(), tune.len()), (36, 4));
        assert_eq!(tune[0].tokens[0], "36");
        let (fit, tune) = tune_split_fold(sents, 2);
        assert_eq!((fit.len(), tune.len()), (36, 4));
        assert_eq!(tune.iter().map(|s| s.tokens[0].as_str()).collect::<Vec<_>>(), ["8", "9", "10", "11"]);
        assert!(fit.iter().all(|s| !tune.contains(s)));
    }

    #[test]
    fn reads_tags_and_rejects_bad_lines() {
        let s = parse_token_tag("والعراق B-LOC\nو O\nسوريا B-LOC\n\nعمرو B-PER\nموسى I-PER\n", "x").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(chunks(&s[1].tags), vec![(0, 2, EntityType::PER)]);
        assert!(parse_token_tag("كلمة X-FOO\n", "x").is_err());
        assert!(parse_token_tag("كلمة\n", "x").is_err());
    }
}

/// Words per second of the pipeline through entities, one core, per stage
/// and in all (words: Arabic and Latin word tokens).
#[derive(Debug, Clone, Serialize)]
pub struct Throughput {
    /// Word tokens analyzed.
    pub words: usize,
    /// Stage name → seconds.
    pub stage_seconds: Vec<(String, f64)>,
    /// Words per second, all stages together.
    pub words_per_sec: f64,
    /// Words per second of the entity stage alone.
    pub ner_words_per_sec: f64,
    /// Entities found.
    pub entities: usize,
}

/// Time the embedded pipeline (tokenizer, repair, sentences, morphology)
/// and `stage` on the gold sentences as plain text, documents of
/// [`DOC_BLOCK`] sentences, one a line.
pub fn time_pipeline(stage: &NerStage, gold: &[GoldSentence]) -> Result<Throughput> {
    let mut stages: Vec<Box<dyn Stage>> = text_stages()?;
    stages.push(Box::new(crate::morph::stage::MorphStage::embedded()?));
    let mut docs: Vec<Document> = gold
        .chunks(DOC_BLOCK)
        .map(|b| Document::new(b.iter().map(|s| s.tokens.join(" ")).collect::<Vec<_>>().join("\n")))
        .collect();
    let mut secs: Vec<(String, f64)> = Vec::new();
    for st in stages.iter().map(|b| b.as_ref()).chain(std::iter::once(stage as &dyn Stage)) {
        let t0 = std::time::Instant::now();
        for d in &mut docs {
            st.run(d);
        }
        secs.push((st.name().to_string(), t0.elapsed().as_secs_f64()));
    }
    let words: usize = docs.iter().map(Document::word_count).sum();
    let total: f64 = secs.iter().map(|(_, s)| s).sum();
    let ner = secs.last().map_or(0.0, |(_, s)| *s);
    Ok(Throughput {
        words,
        words_per_sec: words as f64 / total.max(1e-9),
        ner_words_per_sec: words as f64 / ner.max(1e-9),
        entities: docs.iter().map(|d| d.entities.len()).sum(),
        stage_seconds: secs,
    })
}
