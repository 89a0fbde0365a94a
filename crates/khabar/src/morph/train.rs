//! Training the morphology models from UD Arabic PADT, with the held-out
//! scores that go into the model's manifest.

use super::data::{gold_words, split_by_document};
use super::padt::{rebuild_file, RebuiltSentence};
use super::segment::{evaluate, SegEvalReport, SegTrainReport, SegmenterModel};
use super::stage::MorphModel;
use super::tagger::{GoldWord, TaggerModel, TrainReport, WordIn};
use crate::error::Result;
use serde::Serialize;
use std::path::Path;

/// A PADT document is held out when the hash of its id is
/// [`HELD_OUT_OFFSET`] modulo `HELD_OUT_EVERY` (see `data::split_by_document`).
pub const HELD_OUT_EVERY: usize = 5;
/// Which of the documents modulo [`HELD_OUT_EVERY`] are held out.
pub const HELD_OUT_OFFSET: usize = 0;

/// The PADT files used, relative to the data directory.
pub const PADT_FILES: [&str; 2] =
    ["ud-arabic-padt-1.3/padt-ud1.3-dev.conllu", "ud-arabic-padt-1.3/padt-ud1.3-test.conllu"];

/// Read and rebuild both PADT files, and split them by document.
pub fn load_split(data_dir: &Path) -> Result<(Vec<RebuiltSentence>, Vec<RebuiltSentence>)> {
    let mut all = Vec::new();
    for f in PADT_FILES {
        all.extend(rebuild_file(data_dir.join(f))?);
    }
    Ok(split_by_document(all, HELD_OUT_EVERY, HELD_OUT_OFFSET))
}

/// Tagger scores on gold words (gold segmentation), percent.
#[derive(Debug, Clone, Serialize)]
pub struct TaggerEval {
    /// Words scored.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// Lemma accuracy (exact, unvocalized).
    pub lemma: f64,
    /// Most frequent UPOS confusions `(gold, predicted, count)`.
    pub confusions: Vec<(String, String, usize)>,
    /// Words per second, one thread (tagging only).
    pub words_per_sec: f64,
}

/// Score the tagger on gold words of `test`.
pub fn evaluate_tagger(m: &TaggerModel, test: &[Vec<GoldWord>]) -> TaggerEval {
    let mut conf: rustc_hash::FxHashMap<(String, String), usize> = Default::default();
    let (mut n, mut pos_ok, mut lem_ok) = (0usize, 0usize, 0usize);
    let t0 = std::time::Instant::now();
    for s in test {
        let ins: Vec<WordIn<'_>> = s.iter().map(|w| WordIn { form: &w.form, role: w.role }).collect();
        for (g, (tag, lemma)) in s.iter().zip(m.tag(&ins)) {
            n += 1;
            if g.upos == tag {
                pos_ok += 1;
            } else {
                *conf.entry((g.upos.clone(), tag.to_string())).or_default() += 1;
            }
            lem_ok += (g.lemma == lemma) as usize;
        }
    }
    let secs = t0.elapsed().as_secs_f64().max(1e-9);
    let mut confusions: Vec<(String, String, usize)> = conf.into_iter().map(|((a, b), c)| (a, b, c)).collect();
    confusions.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    confusions.truncate(15);
    let pct = |k: usize| if n == 0 { 0.0 } else { 100.0 * k as f64 / n as f64 };
    TaggerEval { words: n, upos: pct(pos_ok), lemma: pct(lem_ok), confusions, words_per_sec: n as f64 / secs }
}

/// Everything a morphology training run measured.
#[derive(Debug, Clone, Serialize)]
pub struct MorphTrainReport {
    /// Training sentences / held-out sentences.
    pub train_sentences: usize,
    /// Held-out sentences.
    pub heldout_sentences: usize,
    /// Segmenter training.
    pub segmenter_train: SegTrainReport,
    /// Tagger training.
    pub tagger_train: TrainReport,
    /// Segmentation on held-out tokens.
    pub segmenter_heldout: SegEvalReport,
    /// POS and lemma on held-out gold words.
    pub tagger_heldout: TaggerEval,
}

/// Train both models on the training side of the split and score them on
/// the held-out side. `dictionary` is the hunspell `.dic` whose word
/// classes the tagger uses ([`super::wordlist::HUNSPELL_AR`]).
pub fn train_morph(data_dir: &Path, dictionary: &Path) -> Result<(MorphModel, MorphTrainReport)> {
    train_morph_holding_out(data_dir, dictionary, super::wordlist::AnerHeldOut::Nothing)
}

/// [`train_morph`] with the word list leaving out the ANERcorp sentences
/// `held_out` names (see [`super::wordlist::AnerHeldOut`]).
pub fn train_morph_holding_out(
    data_dir: &Path,
    dictionary: &Path,
    held_out: super::wordlist::AnerHeldOut,
) -> Result<(MorphModel, MorphTrainReport)> {
    let (train, test) = load_split(data_dir)?;
    let dic = super::wordlist::read_dictionary(dictionary)?;
    let aff = super::wordlist::read_dictionary(&dictionary.with_extension("aff"))?;
    let words = super::wordlist::build_holding_out(data_dir, held_out)?.with_classes(&dic);
    let (segmenter, segmenter_train) = SegmenterModel::train_with(&train, words.clone());
    let words = words.with_verb_lemmas(&dic, &aff);
    let segmenter_heldout = evaluate(&segmenter, &test);
    let tr: Vec<Vec<GoldWord>> = train.iter().map(gold_words).collect();
    let te: Vec<Vec<GoldWord>> = test.iter().map(gold_words).collect();
    let (tagger, tagger_train) = TaggerModel::train_with(&tr, words);
    let tagger_heldout = evaluate_tagger(&tagger, &te);
    let report = MorphTrainReport {
        train_sentences: train.len(),
        heldout_sentences: test.len(),
        segmenter_train,
        tagger_train,
        segmenter_heldout,
        tagger_heldout,
    };
    Ok((MorphModel { segmenter, tagger }, report))
}
