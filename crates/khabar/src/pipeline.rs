//! Stages and the pipeline that runs them in order.

use crate::document::{Document, Layer};
use crate::error::{Error, ErrorKind, Result};
use rayon::prelude::*;

/// One step of analysis: reads some layers of a [`Document`], adds others.
///
/// A stage never fails on input: any text yields some annotation (possibly
/// none). What could fail — loading a model — happens when it is built.
pub trait Stage: Send + Sync {
    /// Short name for messages, e.g. `"tokenize"`.
    fn name(&self) -> &'static str;
    /// Layers that must be present before this stage runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers this stage adds.
    fn provides(&self) -> &'static [Layer];
    /// Annotate `doc` in place.
    fn run(&self, doc: &mut Document);
}

/// Collects stages; [`PipelineBuilder::build`] checks that each stage's
/// requirements are provided by a stage before it.
#[derive(Default)]
pub struct PipelineBuilder {
    stages: Vec<Box<dyn Stage>>,
}

impl PipelineBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Append a stage.
    pub fn stage(mut self, stage: impl Stage + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    /// Check the chain and build the pipeline.
    ///
    /// Fails with [`ErrorKind::Pipeline`] naming the stage and the missing
    /// layer when a requirement is not met.
    pub fn build(self) -> Result<Pipeline> {
        let mut have: Vec<Layer> = Vec::new();
        for s in &self.stages {
            for r in s.requires() {
                if !have.contains(r) {
                    return Err(Error::new(
                        ErrorKind::Pipeline,
                        format!(
                            "stage `{}` needs the `{}` layer, which no earlier stage provides",
                            s.name(),
                            r.as_str()
                        ),
                    ));
                }
            }
            have.extend_from_slice(s.provides());
        }
        Ok(Pipeline { stages: self.stages })
    }
}

/// A checked chain of stages.
///
/// ```
/// let p = khabar::Pipeline::text_layer().unwrap();
/// // "Washington and Moscow agreed. The talks lasted 90 minutes."
/// let doc = p.analyze("اتفقت واشنطن وموسكو. واستمرت المحادثات 90 دقيقة.");
/// assert_eq!(doc.sentences.len(), 2);
/// ```
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// Start building one.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::new()
    }

    /// The text layer: tokenize, repair run-together words (embedded
    /// lexicon), split sentences.
    pub fn text_layer() -> Result<Pipeline> {
        Pipeline::builder()
            .stage(crate::token::Tokenizer::new())
            .stage(crate::token::repair::RepairStage::embedded()?)
            .stage(crate::sentence::SentenceSplitter::new())
            .build()
    }

    /// The text layer and morphology: clitic segmentation, POS and lemma.
    pub fn morphology() -> Result<Pipeline> {
        Pipeline::builder()
            .stage(crate::token::Tokenizer::new())
            .stage(crate::token::repair::RepairStage::embedded()?)
            .stage(crate::sentence::SentenceSplitter::new())
            .stage(crate::morph::stage::MorphStage::embedded()?)
            .build()
    }

    /// Everything khabar can do today, on the embedded models: the text
    /// layer, morphology, named entities with in-document linking, numbers,
    /// quotes with their speakers, keywords and a 3-sentence summary.
    pub fn full() -> Result<Pipeline> {
        Pipeline::full_with_summary(3)
    }

    /// [`Pipeline::full`] with a summary of `sentences` sentences.
    pub fn full_with_summary(sentences: usize) -> Result<Pipeline> {
        through_quotes_stages()?
            .stage(crate::summary::keywords::KeywordStage::embedded()?)
            .stage(crate::summary::summarize::SummaryStage::new(sentences))
            .build()
    }

    /// Who and what: the text layer, morphology, named entities with
    /// linking, numbers and quotes with their speakers — [`Pipeline::full`]
    /// without keywords and summary.
    ///
    /// ```
    /// // "Lavrov said that talks would resume." → one indirect quote.
    /// let doc = khabar::Pipeline::through_quotes().unwrap().analyze("وقال لافروف إن المحادثات ستستأنف.");
    /// assert_eq!(doc.quotes.len(), 1);
    /// assert!(doc.summary.is_empty() && doc.keywords.is_empty());
    /// ```
    pub fn through_quotes() -> Result<Pipeline> {
        through_quotes_stages()?.build()
    }

    /// The summary's fast path: the text layer (tokenize, repair, split
    /// sentences) and a `sentences`-sentence summary, and nothing else — no
    /// morphology, entities, quotes, numbers or keywords. The summary groups
    /// words by light rule-based stems ([`crate::summary::stem`]) and takes
    /// a unit on its own line without a final full stop for a heading. For
    /// callers that only want summaries; quality and speed against the full
    /// analysis are in docs/models/summary.md.
    ///
    /// ```
    /// let p = khabar::Pipeline::summary_fast(1).unwrap();
    /// // "Rain fell on the capital today. Traffic stopped for hours."
    /// let doc = p.analyze("هطلت الأمطار بغزارة على العاصمة اليوم. وتوقفت حركة المرور في الشوارع الرئيسية لساعات.");
    /// assert_eq!(doc.summary.len(), 1);
    /// assert!(doc.words.is_empty() && doc.entities.is_empty());
    /// ```
    pub fn summary_fast(sentences: usize) -> Result<Pipeline> {
        Pipeline::builder()
            .stage(crate::token::Tokenizer::new())
            .stage(crate::token::repair::RepairStage::embedded()?)
            .stage(crate::sentence::SentenceSplitter::new())
            .stage(crate::summary::summarize::SummaryStage::new(sentences))
            .build()
    }

    /// Names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Run every stage on `doc`.
    pub fn run(&self, doc: &mut Document) {
        for s in &self.stages {
            s.run(doc);
            for l in s.provides() {
                if !doc.layers.contains(l) {
                    doc.layers.push(*l);
                }
            }
        }
    }

    /// Analyze one text.
    pub fn analyze(&self, text: &str) -> Document {
        let mut doc = Document::new(text);
        self.run(&mut doc);
        doc
    }

    /// Analyze many documents on the given thread pool size, keeping order
    /// and boundaries. `threads == 1` runs on the calling thread. Each call
    /// builds its own thread pool; to stream many batches, use
    /// [`crate::io::Analyzer`], which keeps one.
    pub fn analyze_batch(&self, docs: Vec<Document>, threads: usize) -> Vec<Document> {
        let mut docs = docs;
        if threads <= 1 || docs.len() < 2 {
            for d in &mut docs {
                self.run(d);
            }
            return docs;
        }
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(|| docs.par_iter_mut().for_each(|d| self.run(d))),
            Err(_) => docs.iter_mut().for_each(|d| self.run(d)),
        }
        docs
    }
}

/// The stages of [`Pipeline::through_quotes`], which [`Pipeline::full`]
/// extends.
fn through_quotes_stages() -> Result<PipelineBuilder> {
    Ok(Pipeline::builder()
        .stage(crate::token::Tokenizer::new())
        .stage(crate::token::repair::RepairStage::embedded()?)
        .stage(crate::sentence::SentenceSplitter::new())
        .stage(crate::morph::stage::MorphStage::embedded()?)
        .stage(crate::ner::NerStage::embedded()?)
        .stage(crate::morph::person::PersonVerbStage::embedded()?)
        .stage(crate::ner::link::LinkStage::new())
        .stage(crate::number::NumberStage::new())
        .stage(crate::quote::QuoteStage::new()))
}
