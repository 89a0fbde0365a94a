//! The morphology stage: tokens → words with POS and lemma, on the
//! embedded models.

use super::segment::SegmenterModel;
use super::tagger::{Role, TaggerModel, WordIn};
use crate::document::{Document, Layer, TokenKind, Upos, Word};
use crate::error::Result;
use crate::pipeline::Stage;
use crate::text::Mapper;
use crate::{Span, TokenId};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// Model kind of `models/morph.bin`.
pub const KIND: &str = "morph";
/// Format version of `models/morph.bin`; bump when [`MorphModel`] (or a
/// model inside it) changes shape or meaning.
pub const FORMAT_VERSION: u32 = 7;

/// The segmenter and the tagger, saved as one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MorphModel {
    /// Clitic segmentation.
    pub segmenter: SegmenterModel,
    /// POS and lemma.
    pub tagger: TaggerModel,
}

impl MorphModel {
    /// Read a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        crate::model::decode(bytes, KIND, FORMAT_VERSION)
    }

    /// Write a model file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        crate::model::encode(KIND, FORMAT_VERSION, self)
    }

    /// The model embedded in the binary (loaded once per process).
    pub fn embedded() -> Result<Arc<MorphModel>> {
        static EMBEDDED: &[u8] = include_bytes!("../../../../models/morph.bin");
        static CELL: OnceLock<std::result::Result<Arc<MorphModel>, String>> = OnceLock::new();
        CELL.get_or_init(|| MorphModel::from_bytes(EMBEDDED).map(Arc::new).map_err(|e| e.to_string()))
            .clone()
            .map_err(|m| crate::Error::new(crate::ErrorKind::Model, format!("embedded morph model: {m}")))
    }

    /// The verb of a word the tagger read as a name or an unanalysed word
    /// (`X`) that is a first- or second-person form of a verb the spelling
    /// dictionary lists (`نريد`, "we want" → `أراد`), unless it is a name
    /// we list (`أحمد`, also "I praise") or has the article.
    pub(crate) fn person_verb(&self, form: &str) -> Option<&str> {
        if form.starts_with("ال") || listed(form, u16::MAX) {
            return None;
        }
        self.tagger.person_verb_lemma(form)
    }

    /// Words of one sentence's tokens `first..end`, appended to `out`.
    fn analyze_sentence(&self, doc: &Document, first: usize, end: usize, mapper: &mut Mapper<'_>, out: &mut Vec<Word>) {
        let base = out.len();
        let mut roles: Vec<Role> = Vec::new();
        for ti in first..end {
            let t = &doc.tokens[ti];
            let norm = t.norm.slice(doc.nlp.as_str());
            if t.kind != TokenKind::Word {
                out.push(Word { token: TokenId(ti as u32), span: t.span, form: norm.to_string(), pos: Upos::X, lemma: String::new() });
                roles.push(Role::Whole);
                continue;
            }
            let prev = (ti > first).then(|| doc.tokens[ti - 1].norm.slice(doc.nlp.as_str()));
            let next = (ti + 1 < end).then(|| doc.tokens[ti + 1].norm.slice(doc.nlp.as_str()));
            let pieces = if is_listed_name(norm) && !self.segmenter.seen_split(norm) {
                // A name we list (`ليلى`, `بوتين`, `فرنسا`) only looks like
                // a clitic and a word: keep it whole. The list is matched
                // folded, so a token training always split (`بأن`, which
                // folds to the listed `بان`) is split.
                vec![super::segment::Piece { span: 0..norm.len(), form: norm.to_string(), role: Role::Whole }]
            } else {
                let pieces = self.segmenter.segment(norm, prev, next);
                // `والبرازيل` ("and Brazil") kept whole, `ولينا` ("and Lina")
                // read as `ولي` + `نا` ("our guardian"): the conjunction and
                // a name we list are two words, whatever the context.
                // A token kept whole stays so when the spelling dictionary
                // lists it: `فعلي` ("actual") is no `ف` + `علي`, `وسوسة`
                // ("whispering") no `و` + `سوسة`.
                let whole = pieces.len() == 1;
                let split = (whole || pieces.last().is_some_and(|p| p.role == Role::Enclitic))
                    .then(|| conjunction_and_listed_name(norm))
                    .flatten()
                    .filter(|_| !whole || !self.segmenter.dictionary_knows(norm));
                split.unwrap_or(pieces)
            };
            let n = pieces.len();
            for (k, p) in pieces.into_iter().enumerate() {
                // Piece spans are in the token's nlp text; the first and last
                // piece reach the token's own original ends, so harakat and
                // tatweel written after the last letter stay inside.
                let span = if n == 1 {
                    t.span
                } else if p.span.is_empty() {
                    let at = mapper.to_original(Span::new(t.norm.start as usize + p.span.start, t.norm.start as usize + p.span.start)).start as usize;
                    let at = at.clamp(t.span.start as usize, t.span.end as usize);
                    Span::new(at, at)
                } else {
                    let s = mapper.to_original(Span::new(t.norm.start as usize + p.span.start, t.norm.start as usize + p.span.end));
                    let start = if k == 0 { t.span.start } else { s.start.max(t.span.start) };
                    let end = if k + 1 == n { t.span.end } else { s.end.min(t.span.end) };
                    Span::new(start as usize, end.max(start) as usize)
                };
                out.push(Word { token: TokenId(ti as u32), span, form: p.form, pos: Upos::X, lemma: String::new() });
                roles.push(p.role);
            }
        }
        let ins: Vec<WordIn<'_>> = out[base..].iter().zip(&roles).map(|(w, &role)| WordIn { form: &w.form, role }).collect();
        let tagged = self.tagger.tag(&ins);
        for (w, (tag, lemma)) in out[base..].iter_mut().zip(tagged) {
            w.pos = Upos::parse(tag).unwrap_or(Upos::X);
            w.lemma = lemma;
            // A place we list is its own lemma, without the article, as the
            // treebank writes it (`العراق` → `عراق`): an edit script had made
            // `الأرجنتين` ("Argentina") the plural of `أرجنة`.
            // (Only when the lemma guessed is no word the dictionary
            // knows: `صور`, "pictures", is also Tyre, and keeps `صورة`.)
            let bare = w.form.strip_prefix("ال").unwrap_or(&w.form);
            if w.pos == Upos::NOUN && bare != w.lemma {
                if let Some(bare) = listed_place_lemma(&w.form).filter(|_| !self.segmenter.dictionary_knows(&w.lemma)) {
                    w.lemma = bare;
                }
            }
        }
    }
}

/// Whether a single-word token is a person or place name in khabar's
/// compiled name lists (the NER gazetteer), folded (`ليلى`, "Layla").
fn is_listed_name(norm: &str) -> bool {
    let first = norm.chars().next();
    let last = norm.chars().next_back();
    // Only tokens that start like a proclitic or end like a pronoun
    // (`لينا` is not `لي` + `نا`) can be mis-split.
    if !matches!(first, Some('و' | 'ف' | 'ب' | 'ك' | 'ل' | 'س')) && !matches!(last, Some('ه' | 'ا' | 'ي' | 'ك' | 'م' | 'ن')) {
        return false;
    }
    listed(norm, NAMES)
}

/// The list classes of a person or place name.
const NAMES: u16 = crate::ner::gazetteer::LOC | crate::ner::gazetteer::PER_FIRST | crate::ner::gazetteer::PER_LAST;

/// Whether khabar's name lists hold `word` (matched folded) with one of
/// the `classes`.
fn listed(word: &str, classes: u16) -> bool {
    use crate::ner::gazetteer::{fold, Gazetteer};
    Gazetteer::embedded().get(&fold(word)) & classes != 0
}

/// The lemma of a noun that is a place in khabar's lists, written with
/// or without the article: the name without it (`الأرجنتين` →
/// `أرجنتين`). `None` for other words.
fn listed_place_lemma(form: &str) -> Option<String> {
    if !listed(form, crate::ner::gazetteer::LOC) {
        return None;
    }
    let bare = form.strip_prefix("ال").filter(|b| b.chars().count() >= 2).unwrap_or(form);
    Some(bare.to_string())
}

/// `و`/`ف` and a person or place name in khabar's lists (`والبرازيل`,
/// "and Brazil"; `وبريطانيا`), as two words; `None` when the token is no
/// such pair or is itself a listed name (`فرنسا`).
fn conjunction_and_listed_name(norm: &str) -> Option<Vec<super::segment::Piece>> {
    let first = norm.chars().next()?;
    if !matches!(first, 'و' | 'ف') {
        return None;
    }
    let rest = &norm[first.len_utf8()..];
    if rest.chars().count() < 3 || !listed(rest, NAMES) || listed(norm, NAMES) {
        return None;
    }
    let k = first.len_utf8();
    Some(vec![
        super::segment::Piece { span: 0..k, form: first.to_string(), role: Role::Proclitic },
        super::segment::Piece { span: k..norm.len(), form: rest.to_string(), role: Role::Stem },
    ])
}

/// Splits word tokens into syntactic words and tags them.
///
/// ```
/// let p = khabar::Pipeline::full().unwrap();
/// // "and in the city" — one token, three words
/// let doc = p.analyze("وبالمدينة");
/// let forms: Vec<&str> = doc.words.iter().map(|w| w.form.as_str()).collect();
/// assert_eq!(forms, ["و", "ب", "المدينة"]);
/// ```
#[derive(Debug, Clone)]
pub struct MorphStage {
    model: Arc<MorphModel>,
}

impl MorphStage {
    /// The stage on the embedded model.
    pub fn embedded() -> Result<Self> {
        Ok(MorphStage { model: MorphModel::embedded()? })
    }

    /// The stage on a given model.
    pub fn new(model: Arc<MorphModel>) -> Self {
        MorphStage { model }
    }
}

impl Stage for MorphStage {
    fn name(&self) -> &'static str {
        "morph"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Words]
    }
    fn run(&self, doc: &mut Document) {
        let mut words = Vec::with_capacity(doc.tokens.len() * 5 / 4);
        let mut mapper = Mapper::new(&doc.nlp);
        for s in &doc.sentences {
            self.model.analyze_sentence(doc, s.first.index(), s.end.index(), &mut mapper, &mut words);
        }
        doc.words = words;
    }
}

#[cfg(test)]
mod tests {
    /// The words of `text`'s tokens, as `form` lists per token.
    fn words_of(text: &str) -> Vec<Vec<String>> {
        let doc = crate::Pipeline::morphology().unwrap().analyze(text);
        let mut out: Vec<Vec<String>> = vec![Vec::new(); doc.tokens.len()];
        for w in &doc.words {
            out[w.token.index()].push(w.form.clone());
        }
        out
    }

    #[test]
    fn a_conjunction_before_a_listed_name_is_its_own_word() {
        // "The minister visited Brazil." with "and" glued to the name, at
        // the end of the sentence, where the segmenter had kept it whole.
        let w = words_of("زار الوزير والبرازيل.");
        assert_eq!(w[2], ["و", "البرازيل"]);
        // "He visited France": a listed name that starts like `ف` stays whole.
        let w = words_of("زار فرنسا.");
        assert_eq!(w[1], ["فرنسا"]);
        // "André arrived in Abha": listed names that end like `ه` and `ها`
        // ("him", "her") had been cut as `أندري` + `ه`, `أب` + `ها`.
        let w = words_of("وصل أندريه إلى أبها.");
        assert_eq!((&w[1], &w[3]), (&vec!["أندريه".to_string()], &vec!["أبها".to_string()]));
        // "Reem and Lina arrived": the conjunction and a listed name ending
        // like the pronoun `نا`, not `ولي` + `نا` ("our guardian").
        let w = words_of("وصلت ريم ولينا مساء أمس.");
        assert_eq!(w[2], ["و", "لينا"]);
        // Words the dictionary knows whole stay so: "an actual change",
        // "deep valleys".
        let w = words_of("حدث تغيير فعلي في وديان عميقة.");
        assert_eq!((w[2].len(), w[4].len()), (1, 1), "{w:?}");
    }

    #[test]
    fn a_listed_place_is_its_own_lemma() {
        // "The minister visited Argentina and Iraq."
        let doc = crate::Pipeline::morphology().unwrap().analyze("زار الوزير الأرجنتين والعراق.");
        let lemma = |form: &str| doc.words.iter().find(|w| w.form == form).map(|w| (w.pos, w.lemma.clone()));
        let mut nouns = 0;
        for (form, want) in [("الأرجنتين", "أرجنتين"), ("العراق", "عراق")] {
            let (pos, l) = lemma(form).unwrap_or_else(|| panic!("{form} in {:?}", doc.words));
            // (A place the tagger reads as `X` keeps its form, by the
            // treebank's rule for names.)
            if pos == crate::Upos::NOUN {
                assert_eq!(l, want);
                nouns += 1;
            }
        }
        assert!(nouns > 0, "{:?}", doc.words);
        // A common noun that is also a listed place keeps its own lemma:
        // "the exhibition showed pictures of the victims" (`صور`, Tyre).
        let doc = crate::Pipeline::morphology().unwrap().analyze("عرض المعرض صور الضحايا.");
        let w = doc.words.iter().find(|w| w.form == "صور").expect("صور");
        assert_ne!(w.lemma, "صور", "{w:?}");
    }
}
