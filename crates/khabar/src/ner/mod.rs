//! Named entities: PER, LOC, ORG and MISC mentions, without the clitics
//! glued to them (`وبوتين`, "and Putin" → `بوتين`; `للبيت الأبيض`, "to the
//! White House" → `البيت الأبيض`).
//!
//! A BIO tagger over tokens ([`model`]) trained on ANERcorp, with features
//! from the token, its rule-stripped stems, its neighbours and name lists
//! the team wrote ([`gazetteer`]). ANERcorp marks whole written tokens
//! (`والعراق B-LOC`), so the tagger decides at token level; the stage then
//! trims the proclitics off the first token and the enclitic pronouns off
//! the last, using the words layer.

pub mod clusters;
pub mod features;
pub mod gazetteer;
pub mod link;
pub mod model;
pub mod score;
pub mod train;

use crate::document::{Document, Entity, EntityType, Layer, TokenKind};
use crate::error::Result;
use crate::pipeline::Stage;
use crate::Span;
use features::{prepare_full, Prepared, TokMorph};
use gazetteer::Gazetteer;
use model::{chunks, NerTagger};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// Model kind of `models/ner.bin`.
pub const KIND: &str = "ner";
/// Format version of `models/ner.bin`; bump when [`NerModel`] changes shape
/// or meaning.
pub const FORMAT_VERSION: u32 = 5;

/// The saved entity model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NerModel {
    /// The tagger.
    pub tagger: NerTagger,
    /// Word clusters learned from unlabeled text at training time.
    pub clusters: clusters::Clusters,
    /// Trained with the morphology's view of each token (the words
    /// layer's part of speech and lemma, [`features::TokMorph`]).
    pub morph: bool,
}

impl NerModel {
    /// Read a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let m: NerModel = crate::model::decode(bytes, KIND, FORMAT_VERSION)?;
        m.tagger.warm();
        Ok(m)
    }

    /// Write a model file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        crate::model::encode(KIND, FORMAT_VERSION, self)
    }

    /// The model embedded in the binary (loaded once per process).
    pub fn embedded() -> Result<Arc<NerModel>> {
        static EMBEDDED: &[u8] = include_bytes!("../../../../models/ner.bin");
        static CELL: OnceLock<std::result::Result<Arc<NerModel>, String>> = OnceLock::new();
        CELL.get_or_init(|| NerModel::from_bytes(EMBEDDED).map(Arc::new).map_err(|e| e.to_string()))
            .clone()
            .map_err(|m| crate::Error::new(crate::ErrorKind::Model, format!("embedded ner model: {m}")))
    }

    /// Tag ids ([`model::TAGS`]) for every token of `doc`, sentence by
    /// sentence, with the document as context. Needs tokens and sentences.
    pub fn token_tags(&self, doc: &Document) -> Vec<u16> {
        let gaz = Gazetteer::embedded();
        let nlp = doc.nlp.as_str();
        let morph = if self.morph { token_morph(doc) } else { Vec::new() };
        let prepared: Vec<Vec<Prepared>> = doc
            .sentences
            .iter()
            .map(|s| {
                let toks: Vec<(&str, TokenKind)> =
                    s.tokens().map(|t| (doc.tokens[t.index()].norm.slice(nlp), doc.tokens[t.index()].kind)).collect();
                let m = (!morph.is_empty()).then(|| &morph[s.first.index()..s.end.index()]);
                prepare_full(&toks, m, gaz, Some(&self.clusters))
            })
            .collect();
        let refs: Vec<&[Prepared]> = prepared.iter().map(Vec::as_slice).collect();
        let mut tagged = self.tagger.tag_document(&refs);
        for (ws, tags) in prepared.iter().zip(&mut tagged) {
            complete_listed(ws, tags);
        }
        let mut out = vec![0u16; doc.tokens.len()];
        for (s, tags) in doc.sentences.iter().zip(tagged) {
            out[s.first.index()..s.end.index()].copy_from_slice(&tags);
        }
        out
    }
}

/// Prepositions, particles and relative pronouns, which no name ends
/// with: the tagger sometimes runs a name into the word after it
/// (`ولفت الشيخ محمد إلى أن …`, "and Sheikh Muhammad pointed out that…",
/// read as the person `محمد إلى`).
const NEVER_LAST: [&str; 24] = [
    "إلى", "الى", "في", "من", "عن", "مع", "أن", "إن", "حتى", "منذ", "عند", "لدى", "قد", "لم", "لن", "ثم", "أو", "التي", "الذي",
    "الذين", "هذا", "هذه", "ذلك", "تلك",
];

/// The end of the entity chunk `first..end` of `doc`'s tokens once the
/// words in [`NEVER_LAST`] are cut from its end (`first` when nothing is
/// left).
pub fn trimmed_end(doc: &Document, first: usize, mut end: usize) -> usize {
    let nlp = doc.nlp.as_str();
    while end > first && NEVER_LAST.contains(&doc.tokens[end - 1].norm.slice(nlp)) {
        end -= 1;
    }
    end
}

/// The start of the entity chunk `first..end` once verbs of saying and
/// lower-case Latin words are cut from its front (`end` when nothing is
/// left): after a quote, `«…»، أضاف بن عمران` ("«…», added Ben Omran")
/// was once read as the person `أضاف بن عمران`, the verb joined to a name
/// by the kinship word.
pub fn trimmed_start(doc: &Document, mut first: usize, end: usize) -> usize {
    use crate::quote::lexicon::{fold_key, lexicon, CueClass};
    let nlp = doc.nlp.as_str();
    let lex = lexicon();
    let says = |w: &str| matches!(lex.cue_form(&fold_key(w)), Some(CueClass::Verb | CueClass::Participle | CueClass::Transmit));
    while first < end {
        let norm = doc.tokens[first].norm.slice(nlp);
        let bare = norm.strip_prefix('و').or_else(|| norm.strip_prefix('ف'));
        // A Latin word in lower case starts no name (`an official` in an
        // English line; ANERcorp's Latin names are all capitalized).
        let lower_latin = norm.starts_with(|c: char| c.is_ascii_lowercase());
        if !(says(norm) || bare.is_some_and(says) || lower_latin) {
            break;
        }
        first += 1;
    }
    first
}

/// A person chunk `first..end` of sentence tokens `s0..s1` widened over a
/// kinship word and the word after it that the tagger left outside
/// (`مبارك` + `أبو حديدة`, `خالد` + `بن سلمان`); over the word after a
/// chunk that ends in a kinship word or `عبد` (`طلال أبو` + `غزالة`); and
/// over the `أم`/`أبو` of a kunya before it (`أم` + `علاء`); only over
/// tokens it put in no entity (`tags`, the sentence's tag ids).
/// (Widening to the left over a listed first name, `نورة` + `فهد
/// العتيبي`, cost 0.55 F1 on one tuning ninth and was left out.)
pub fn person_bounds(doc: &Document, tags: &[u16], s0: usize, first: usize, end: usize) -> (usize, usize) {
    let free = |t: usize| tags.get(t - s0).is_some_and(|&g| g == 0) && doc.tokens[t].kind == TokenKind::Word;
    // A kunya the tagger began after its `أم`/`أبو` (`أم | علاء`).
    let kunya = |t: usize| matches!(folded_token(doc, t).as_str(), "ام" | "ابو");
    let first = if first > s0 && free(first - 1) && kunya(first - 1) { first - 1 } else { first };
    if end + 1 < s0 + tags.len() && free(end) && free(end + 1) && is_kin(doc, end) {
        (first, end + 2)
    } else if end > first && end < s0 + tags.len() && free(end) && (is_kin(doc, end - 1) || folded_token(doc, end - 1) == "عبد") {
        // No name ends in a kinship word or `عبد`: `طلال أبو` | `غزالة`.
        (first, end + 1)
    } else {
        (first, end)
    }
}

/// Token `t`'s nlp form, folded as the name lists are.
fn folded_token(doc: &Document, t: usize) -> String {
    gazetteer::fold(doc.tokens[t].norm.slice(doc.nlp.as_str()))
}

/// A kinship word that starts the rest of a name: `أبو`, `بن`, `ابن`,
/// `بنت`, `آل`.
fn is_kin(doc: &Document, t: usize) -> bool {
    matches!(folded_token(doc, t).as_str(), "ابو" | "بن" | "ابن" | "بنت" | "ال")
}

/// The entities of one sentence (tokens `s0..`, tag ids `tags`), as the
/// stage keeps them: [`trimmed_end`], [`trimmed_start`], a person
/// followed by a person that starts with a kinship word joined into one
/// (`مبارك` | `أبو حديدة`), and [`person_bounds`]. Token ranges are absolute.
pub fn sentence_chunks(doc: &Document, tags: &[u16], s0: usize) -> Vec<(usize, usize, EntityType)> {
    let mut out: Vec<(usize, usize, EntityType)> = Vec::new();
    for (a, b, kind) in chunks(tags) {
        let (a, b) = (s0 + a, s0 + b);
        let b = trimmed_end(doc, a, b);
        let a = trimmed_start(doc, a, b);
        if b == a {
            continue;
        }
        if kind == EntityType::PER && is_kin(doc, a) {
            if let Some(last) = out.last_mut().filter(|l| l.2 == EntityType::PER && l.1 == a) {
                last.1 = b;
                continue;
            }
        }
        let (a, b) = if kind == EntityType::PER { person_bounds(doc, tags, s0, a, b) } else { (a, b) };
        out.push((a, b, kind));
    }
    out
}

/// An organization the tagger ended inside a listed organization of two
/// words or more (`منظمة أطباء بلا | حدود`, "Doctors Without | Borders";
/// `البنك الآسيوي | للتنمية`): the rest of the name joins it when the
/// tagger put it in no entity. `ws` are the sentence's prepared tokens,
/// `tags` its tag ids. (Places are left alone: ANERcorp marks `مكة` in
/// the listed `مكة المكرمة`, and extending them cost 1.4 F1 on a tuning
/// ninth.)
pub fn complete_listed(ws: &[Prepared], tags: &mut [u16]) {
    let mut i = 0;
    while i < ws.len().min(tags.len()) {
        let Some(class) = ws[i].gaz_span.strip_prefix("B-") else {
            i += 1;
            continue;
        };
        let mut e = i + 1;
        while e < ws.len().min(tags.len()) && ws[e].gaz_span.starts_with("I-") {
            e += 1;
        }
        let kind = (class == "org").then_some(EntityType::ORG);
        if let (Some(kind), Some(k)) = (kind, (i..e).rev().find(|&k| tags[k] != 0)) {
            if k + 1 < e && model::tag_type(tags[k]) == Some(kind) && tags[k + 1..e].iter().all(|&t| t == 0) {
                for t in &mut tags[k + 1..e] {
                    *t = model::tag_id(kind, true);
                }
            }
        }
        i = e;
    }
}

/// Single-letter proclitics as the segmenter writes them as words.
const PROCLITICS: [&str; 6] = ["و", "ف", "ب", "ل", "ك", "س"];

/// Finds named entities (needs tokens, sentences and words).
///
/// ```
/// use khabar::{Pipeline, EntityType};
/// let p = Pipeline::builder()
///     .stage(khabar::token::Tokenizer::new())
///     .stage(khabar::sentence::SentenceSplitter::new())
///     .stage(khabar::morph::stage::MorphStage::embedded().unwrap())
///     .stage(khabar::ner::NerStage::embedded().unwrap())
///     .build()
///     .unwrap();
/// // "Putin arrived in Moscow"
/// let doc = p.analyze("وصل بوتين إلى موسكو");
/// let found: Vec<(&str, EntityType)> = doc.entities.iter().map(|e| (e.span.slice(doc.text()), e.kind)).collect();
/// assert!(found.contains(&("موسكو", EntityType::LOC)));
/// ```
#[derive(Debug, Clone)]
pub struct NerStage {
    model: Arc<NerModel>,
}

impl NerStage {
    /// The stage on the embedded model.
    pub fn embedded() -> Result<Self> {
        Ok(NerStage { model: NerModel::embedded()? })
    }

    /// The stage on a given model.
    pub fn new(model: Arc<NerModel>) -> Self {
        NerStage { model }
    }

    /// The model.
    pub fn model(&self) -> &Arc<NerModel> {
        &self.model
    }
}

/// For each token, the range of its words in `doc.words` (empty when the
/// words layer is absent).
fn word_ranges(doc: &Document) -> Vec<std::ops::Range<usize>> {
    let mut out = vec![0..0; doc.tokens.len()];
    let mut i = 0;
    while i < doc.words.len() {
        let t = doc.words[i].token.index();
        let mut j = i + 1;
        while j < doc.words.len() && doc.words[j].token.index() == t {
            j += 1;
        }
        if t < out.len() {
            out[t] = i..j;
        }
        i = j;
    }
    out
}

/// The morphology's view of every token of `doc` (see [`TokMorph`]):
/// `-` for a token without words.
pub fn token_morph(doc: &Document) -> Vec<TokMorph<'_>> {
    let words = word_ranges(doc);
    words
        .iter()
        .map(|r| match stem_word(doc, r) {
            Some(k) => TokMorph { upos: doc.words[k].pos.as_str(), lemma: doc.words[k].lemma.as_str(), enc: k + 1 < r.end },
            None => TokMorph { upos: "-", lemma: "-", enc: false },
        })
        .collect()
}

/// The token's stem word: the first word after its proclitics.
fn stem_word(doc: &Document, r: &std::ops::Range<usize>) -> Option<usize> {
    if r.is_empty() {
        return None;
    }
    let mut k = r.start;
    while k + 1 < r.end && PROCLITICS.contains(&doc.words[k].form.as_str()) {
        k += 1;
    }
    Some(k)
}

/// Where the name starts in a token and its canonical form there, by rule
/// (when there is no words layer): `وبوتين` → after `و`.
fn rule_start(doc: &Document, t: usize) -> (usize, String) {
    let tok = &doc.tokens[t];
    let norm = tok.norm.slice(doc.nlp.as_str());
    let (stem, pro) = features::strip(norm);
    let cut = pro.chars().count();
    let Some((b, _)) = norm.char_indices().nth(cut) else { return (tok.span.start as usize, norm.to_string()) };
    let start = tok.norm.start as usize + b;
    let orig = doc.nlp.to_original(Span::new(start, start)).start as usize;
    (orig.clamp(tok.span.start as usize, tok.span.end as usize), stem)
}

fn entity(doc: &Document, words: &[std::ops::Range<usize>], first: usize, end: usize, kind: EntityType) -> Entity {
    let nlp = doc.nlp.as_str();
    let last = end - 1;
    let is_word = |t: usize| doc.tokens[t].kind == TokenKind::Word;
    let mut start = doc.tokens[first].span.start as usize;
    let mut stop = doc.tokens[last].span.end as usize;
    let mut parts: Vec<String> = (first..end).map(|t| doc.tokens[t].norm.slice(nlp).to_string()).collect();
    if is_word(first) {
        match stem_word(doc, &words[first]) {
            Some(k) => {
                let w = &doc.words[k];
                start = w.span.start as usize;
                if first == last {
                    stop = w.span.end as usize;
                }
                parts[0] = w.form.clone();
            }
            None => {
                let (s, stem) = rule_start(doc, first);
                start = s;
                parts[0] = stem;
            }
        }
    }
    if last != first && is_word(last) {
        if let Some(k) = stem_word(doc, &words[last]) {
            // Only the enclitics go: a proclitic inside a name stays
            // (`وزارة الخارجية والتعاون`).
            stop = doc.words[k].span.end as usize;
            let before: String = doc.words[words[last].start..k].iter().map(|w| w.form.as_str()).collect();
            *parts.last_mut().expect("non-empty") = before + &doc.words[k].form;
        }
    }
    let stop = stop.max(start);
    Entity { span: Span::new(start, stop), kind, canonical: parts.join(" "), title: None }
}

impl Stage for NerStage {
    fn name(&self) -> &'static str {
        "ner"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Words]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }
    fn run(&self, doc: &mut Document) {
        let tags = self.model.token_tags(doc);
        let words = word_ranges(doc);
        let mut out = Vec::new();
        for s in &doc.sentences {
            for (a, b, kind) in sentence_chunks(doc, &tags[s.first.index()..s.end.index()], s.first.index()) {
                // A name has letters: an address, a number or a mark alone
                // is never an entity, whatever the tagger says.
                let has_word = doc.tokens[a..b].iter().any(|t| matches!(t.kind, TokenKind::Word | TokenKind::Latin));
                if has_word {
                    out.push(entity(doc, &words, a, b, kind));
                }
            }
        }
        doc.entities = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;

    #[test]
    fn an_organization_cut_inside_its_listed_name_is_completed() {
        use model::tag_id;
        let g = Gazetteer::embedded();
        let prep = |words: &[&str]| {
            let toks: Vec<(&str, TokenKind)> = words.iter().map(|w| (*w, TokenKind::Word)).collect();
            features::prepare(&toks, g)
        };
        // "the organization Doctors Without | Borders": the listed name
        // runs on after the tagger's entity, which ends inside it.
        let ws = prep(&["منظمة", "أطباء", "بلا", "حدود"]);
        let (b, i) = (tag_id(EntityType::ORG, false), tag_id(EntityType::ORG, true));
        let mut tags = [b, i, i, 0];
        complete_listed(&ws, &mut tags);
        assert_eq!(tags, [b, i, i, i]);
        // A place is left as the tagger had it (`مكة` | `المكرمة`).
        let ws = prep(&["مكة", "المكرمة"]);
        let mut tags = [tag_id(EntityType::LOC, false), 0];
        complete_listed(&ws, &mut tags);
        assert_eq!(tags[1], 0);
        // Nor does a name the tagger put in another entity change.
        let ws = prep(&["أطباء", "بلا", "حدود"]);
        let mut tags = [b, i, tag_id(EntityType::LOC, false)];
        complete_listed(&ws, &mut tags);
        assert_eq!(tags[2], tag_id(EntityType::LOC, false));
    }

    fn pipeline() -> Pipeline {
        Pipeline::builder()
            .stage(crate::token::Tokenizer::new())
            .stage(crate::token::repair::RepairStage::embedded().unwrap())
            .stage(crate::sentence::SentenceSplitter::new())
            .stage(crate::morph::stage::MorphStage::embedded().unwrap())
            .stage(NerStage::embedded().unwrap())
            .build()
            .unwrap()
    }

    fn found(doc: &Document) -> Vec<(&str, EntityType, &str)> {
        doc.entities.iter().map(|e| (e.span.slice(doc.text()), e.kind, e.canonical.as_str())).collect()
    }

    #[test]
    fn embedded_model_matches_the_lists() {
        // Edited name lists need a retrained model (`khabar train ner`).
        assert_eq!(NerModel::embedded().unwrap().tagger.gazetteer, Gazetteer::embedded().fingerprint());
    }

    #[test]
    fn finds_people_and_places() {
        // "The Russian president Vladimir Putin met in Moscow the American
        // foreign minister"
        let doc = pipeline().analyze("التقى الرئيس الروسي فلاديمير بوتين في موسكو وزير الخارجية الأمريكي");
        let f = found(&doc);
        assert!(f.contains(&("فلاديمير بوتين", EntityType::PER, "فلاديمير بوتين")), "{f:?}");
        assert!(f.contains(&("موسكو", EntityType::LOC, "موسكو")), "{f:?}");
        assert!(doc.entities.iter().all(|e| e.title.is_none()));
    }

    #[test]
    fn a_kinship_word_and_the_next_word_join_a_person() {
        // "Mubarak Abu Hadida said": a chunk `مبارك` alone widens over
        // `أبو حديدة`; a chunk that reaches the sentence end stays.
        let doc = pipeline().analyze("قال مبارك أبو حديدة");
        let tags = [0, 1, 0, 0];
        assert_eq!(person_bounds(&doc, &tags, 0, 1, 2), (1, 4));
        assert_eq!(person_bounds(&doc, &[0, 1, 2, 2], 0, 1, 4), (1, 4));
        // Two persons, the second led by `أبو`, are one.
        assert_eq!(sentence_chunks(&doc, &[0, 1, 1, 2], 0), vec![(1, 4, EntityType::PER)]);
        // A chunk that ends in `أبو` takes the word after it.
        assert_eq!(person_bounds(&doc, &[0, 1, 2, 0], 0, 1, 3), (1, 4));
        // So does one that ends in `عبد` ("Nourhan Abd | al-Fattah").
        let doc = pipeline().analyze("قالت نورهان عبد الفتاح");
        assert_eq!(person_bounds(&doc, &[0, 1, 2, 0], 0, 1, 3), (1, 4));
    }

    #[test]
    fn no_entity_ends_with_a_preposition() {
        // "Muhammad arrived in Amman": a chunk `محمد إلى` is cut to `محمد`,
        // one of `إلى` alone to nothing.
        let doc = pipeline().analyze("وصل محمد إلى عمان");
        assert_eq!(trimmed_end(&doc, 1, 3), 2);
        assert_eq!(trimmed_end(&doc, 2, 3), 2);
        assert_eq!(trimmed_end(&doc, 1, 4), 4);
    }

    #[test]
    fn no_entity_starts_with_a_verb_of_saying() {
        // "and Ben Omran added": a chunk `وأضاف بن عمران` is cut to `بن
        // عمران`; a name is left alone.
        let doc = pipeline().analyze("وأضاف بن عمران");
        assert_eq!(trimmed_start(&doc, 0, 3), 1);
        assert_eq!(trimmed_start(&doc, 1, 3), 1);
        assert_eq!(sentence_chunks(&doc, &[1, 2, 2], 0), vec![(1, 3, EntityType::PER)]);
        // "an official" in an English line is no organization; "Reuters" is
        // left alone.
        let doc = pipeline().analyze("Reuters quoted an official");
        assert_eq!(trimmed_start(&doc, 2, 4), 4);
        assert_eq!(trimmed_start(&doc, 0, 1), 0);
    }

    #[test]
    fn leaves_proclitics_out() {
        // "Obama called Merkel and Putin on the phone"
        let doc = pipeline().analyze("اتصل أوباما هاتفيا بالمستشارة ميركل وبوتين");
        let f = found(&doc);
        assert!(f.iter().any(|(s, k, c)| *s == "بوتين" && *k == EntityType::PER && *c == "بوتين"), "{f:?}");
        // "the delegation went to the White House"
        let doc = pipeline().analyze("توجه الوفد إلى واشنطن وقدم تقريره للبيت الأبيض");
        let f = found(&doc);
        // `للبيت`: the span starts after the first `ل`; the canonical form
        // restores the article.
        assert!(f.iter().any(|(s, _, c)| *s == "لبيت الأبيض" && *c == "البيت الأبيض"), "{f:?}");
        assert!(f.contains(&("واشنطن", EntityType::LOC, "واشنطن")), "{f:?}");
    }

    #[test]
    fn spans_are_inside_the_text_on_any_input() {
        let p = pipeline();
        for text in ["", "...", "وبـبغداد!!", "abc ولل ل و", "ﷺ محمد"] {
            let doc = p.analyze(text);
            for e in &doc.entities {
                assert!(e.span.end as usize <= text.len() && e.span.start <= e.span.end);
                assert!(text.is_char_boundary(e.span.start as usize) && text.is_char_boundary(e.span.end as usize));
            }
        }
    }
}
