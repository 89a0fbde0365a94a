//! First- and second-person verbs the tagger read as names.
//!
//! The treebank leaves much first-person speech unanalysed (`X`), so the
//! tagger reads `نريد` ("we want") or `سمعنا` ("we heard") as it reads names,
//! and they became keywords of quote-heavy articles. This stage, run after
//! the entity stage, makes such a word a verb when nothing says it is a
//! name: it lies in no entity, it is not where a name stands, and the
//! spelling dictionary conjugates it ([`super::tagger::TaggerModel::person_verb_lemma`]).

use super::stage::MorphModel;
use super::tagger::TaggerModel;
use super::wordlist::{CLASS_FUNCTION, CLASS_NOUN};
use crate::document::{Document, Layer, Upos};
use crate::error::Result;
use crate::pipeline::Stage;
use std::sync::Arc;

/// Makes first- and second-person verbs tagged `X` verbs (needs words and
/// entities).
///
/// ```
/// let doc = khabar::Pipeline::through_quotes().unwrap().analyze("وقالت الوزيرة: «نريد حلا».");
/// // "The minister said: «We want a solution»."
/// let w = doc.words.iter().find(|w| w.form == "نريد").unwrap();
/// assert_eq!((w.pos, w.lemma.as_str()), (khabar::Upos::VERB, "أراد"));
/// ```
#[derive(Debug, Clone)]
pub struct PersonVerbStage {
    model: Arc<MorphModel>,
}

impl PersonVerbStage {
    /// The stage on the embedded morphology model.
    pub fn embedded() -> Result<Self> {
        Ok(PersonVerbStage { model: MorphModel::embedded()? })
    }
}

impl Stage for PersonVerbStage {
    fn name(&self) -> &'static str {
        "person-verbs"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Words, Layer::Entities]
    }
    fn provides(&self) -> &'static [Layer] {
        &[]
    }
    fn run(&self, doc: &mut Document) {
        let words = &doc.words;
        // The cheap tests first: most documents have no candidate.
        let candidates: Vec<usize> = (0..words.len()).filter(|&k| words[k].pos == Upos::X && TaggerModel::person_shaped(&words[k].form)).collect();
        if candidates.is_empty() {
            return;
        }
        let sentence_of = |j: usize| doc.sentences.partition_point(|s| s.end.index() <= words[j].token.index());
        // A neighbour in the same sentence.
        let neighbour = |k: usize, d: isize| {
            let j = k.checked_add_signed(d).filter(|&j| j < words.len() && sentence_of(j) == sentence_of(k))?;
            Some(&words[j])
        };
        let in_entity = |k: usize| {
            let span = words[k].span;
            doc.entities.iter().any(|e| e.span.start <= span.start && span.end <= e.span.end)
        };
        // An `X` the dictionary has no noun or function word for: a name,
        // as far as the dictionary can tell.
        let name_like = |w: Option<&crate::document::Word>| {
            w.is_some_and(|w| w.pos == Upos::X && w.form.chars().any(char::is_alphabetic) && self.model.segmenter.dictionary_classes(&w.form) & (CLASS_NOUN | CLASS_FUNCTION) == 0)
        };
        // Not where a name stands: after a noun, adjective, number,
        // preposition or verb (`وقالت أروى`, "and Arwa said"; `في نزوى`, "in
        // Nizwa"); after "and" that follows an `X` (`سارة وأسيل`, "Sara and
        // Asil"); beside a name-like `X`, since names come in runs (`تشن
        // غوانغ`; `تشن` is also "she wages").
        let where_a_name_stands = |k: usize| {
            let prev = neighbour(k, -1);
            let after_head = prev.is_some_and(|p| matches!(p.pos, Upos::NOUN | Upos::PROPN | Upos::ADJ | Upos::NUM | Upos::ADP | Upos::VERB));
            let and_name = prev.is_some_and(|p| matches!(p.form.as_str(), "و" | "ف")) && neighbour(k, -2).is_some_and(|p| p.pos == Upos::X);
            after_head || and_name || name_like(prev) || name_like(neighbour(k, 1))
        };
        let found: Vec<(usize, String)> = candidates
            .into_iter()
            .filter(|&k| !in_entity(k) && !where_a_name_stands(k))
            .filter_map(|k| Some((k, self.model.person_verb(&words[k].form)?.to_string())))
            .collect();
        for (k, lemma) in found {
            doc.words[k].pos = Upos::VERB;
            doc.words[k].lemma = lemma;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Pipeline, Upos};

    /// The words this stage changes in `text`: `(form, lemma)` of each word
    /// tagged otherwise by the morphology alone than by the pipeline that
    /// runs this stage.
    fn changed(text: &str) -> Vec<(String, String)> {
        static P: std::sync::OnceLock<(Pipeline, Pipeline)> = std::sync::OnceLock::new();
        let (morph, full) = P.get_or_init(|| (Pipeline::morphology().unwrap(), Pipeline::through_quotes().unwrap()));
        let (a, b) = (morph.analyze(text), full.analyze(text));
        assert_eq!(a.words.len(), b.words.len());
        a.words
            .iter()
            .zip(&b.words)
            .filter(|(x, y)| x.pos != y.pos)
            .map(|(x, y)| {
                assert_eq!((x.pos, y.pos), (Upos::X, Upos::VERB), "{x:?} → {y:?}");
                (y.form.clone(), y.lemma.clone())
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn first_person_verbs_are_verbs() {
        // "The minister said: «We want to protect the farmers», and added:
        // «We believe the season will be better»." The treebank leaves
        // such verbs unanalysed, and the tagger had read them as names
        // (`X`), which made them keywords.
        let c = changed("وقالت الوزيرة: «نريد أن نحمي المزارعين»، وأضافت: «نعتقد أن الموسم سيكون أفضل».");
        for want in [pair("نريد", "أراد"), pair("نعتقد", "اعتقد")] {
            assert!(c.contains(&want), "{want:?} in {c:?}");
        }
        assert!(c.iter().any(|(f, _)| f == "نحمي"), "{c:?}");
    }

    #[test]
    fn names_stay_names() {
        // A listed first name that is also "I praise"; a run of foreign
        // names whose first looks like "she wages" (`تشن`); women's names
        // after "she said"; places after "governorate" and "in"; a name
        // joined to another by "and", and one opening a sentence, which
        // the entity stage finds.
        let c = changed(
            "وصل أحمد إلى المدينة، والتقى الوزير الصيني تشن غوانغ. وقالت أروى إن المدرسة مغلقة، وقالت نرمين إن الحفل تأجل. \
             وقتل جنديان في محافظة أبين، وافتتح مستشفى في نزوى. وكرمت الجامعة الطالبتين سارة وأروى. أروى طالبة في الجامعة.",
        );
        assert_eq!(c, vec![]);
    }
}
