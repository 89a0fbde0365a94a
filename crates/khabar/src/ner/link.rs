//! In-document entity linking: every mention gets the fullest name the
//! article uses for the same entity, and a person's title is kept apart
//! from the name.
//!
//! - A title or role before a person (`الرئيس الأمريكي` in `الرئيس الأمريكي
//!   باراك أوباما`, "US President Barack Obama") becomes the entity's
//!   `title`; when the entity model put the title inside the mention, the
//!   mention is trimmed to the name. Titles are the fact list
//!   `quote/lexicon/titles.txt`, followed by nationality adjectives and
//!   qualifiers (`quote/lexicon/nationalities.txt`).
//! - A person mention links to the longest person mention, before or after
//!   it, whose words end with its words (`أوباما` → `باراك أوباما`); other
//!   mentions link to the first mention spelled the same once folded.
//! - Spelling is compared with [`crate::quote::lexicon::fold_key`]: alef
//!   and hamza forms, `ى`/`ي`, ta marbuta and alef endings (`سورية` =
//!   `سوريا`) and `أمريكي`/`أميركي` meet.

use crate::document::{Document, Layer};
use crate::pipeline::Stage;
use crate::quote::names::link_entities;

/// The linking stage: rewrites `Entity::canonical` and sets
/// `Entity::title` (and trims a title out of a person mention).
///
/// ```
/// use khabar::{Document, Entity, EntityType, Stage};
/// use khabar::ner::link::LinkStage;
/// // "US President Barack Obama said … Obama added"
/// let text = "قال الرئيس الأمريكي باراك أوباما كلاما. وأضاف أوباما كلاما.";
/// let mut doc = Document::new(text);
/// khabar::token::Tokenizer::new().run(&mut doc);
/// khabar::sentence::SentenceSplitter::new().run(&mut doc);
/// let at = |s: &str, from: usize| { let i = text[from..].find(s).unwrap() + from; khabar::Span::new(i, i + s.len()) };
/// for (s, from) in [("باراك أوباما", 0), ("أوباما", 60)] {
///     doc.entities.push(Entity { span: at(s, from), kind: EntityType::PER, canonical: s.into(), title: None });
/// }
/// LinkStage::new().run(&mut doc);
/// assert_eq!(doc.entities[1].canonical, "باراك أوباما");
/// assert_eq!(doc.entities[0].title.unwrap().slice(text), "الرئيس الأمريكي");
/// ```
#[derive(Debug, Clone, Default)]
pub struct LinkStage {
    _private: (),
}

impl LinkStage {
    /// The stage, on the embedded title lists.
    pub fn new() -> Self {
        LinkStage { _private: () }
    }
}

impl Stage for LinkStage {
    fn name(&self) -> &'static str {
        "link"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Words, Layer::Entities]
    }
    fn provides(&self) -> &'static [Layer] {
        &[]
    }
    fn run(&self, doc: &mut Document) {
        link_entities(doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Entity, EntityType, Span};

    #[test]
    fn the_entity_stages_restored_form_survives_linking() {
        // "The delegation went to the White House", `للبيت` = `ل` + `البيت`:
        // the span leaves out the `ل` and the written alef is gone, so the
        // canonical form must come from the entity stage, not the span.
        let text = "توجه الوفد للبيت الأبيض.";
        let mut doc = Document::new(text);
        crate::token::Tokenizer::new().run(&mut doc);
        crate::sentence::SentenceSplitter::new().run(&mut doc);
        let i = text.find("لبيت الأبيض").unwrap();
        let span = Span::new(i, i + "لبيت الأبيض".len());
        doc.entities.push(Entity { span, kind: EntityType::ORG, canonical: "البيت الأبيض".into(), title: None });
        crate::quote::names::link_entities(&mut doc);
        assert_eq!(doc.entities[0].span, span);
        assert_eq!(doc.entities[0].canonical, "البيت الأبيض");
    }

    fn doc_with(text: &str, ents: &[(&str, usize, EntityType)]) -> Document {
        let mut doc = Document::new(text);
        crate::token::Tokenizer::new().run(&mut doc);
        crate::sentence::SentenceSplitter::new().run(&mut doc);
        for &(s, nth, kind) in ents {
            let i = text.match_indices(s).nth(nth).unwrap().0;
            doc.entities.push(Entity { span: Span::new(i, i + s.len()), kind, canonical: s.into(), title: None });
        }
        doc.entities.sort_by_key(|e| e.span);
        doc
    }

    #[test]
    fn title_inside_the_mention_is_trimmed() {
        // "Russian Foreign Minister Sergei Lavrov said …"
        let text = "وقال وزير الخارجية الروسي سيرغي لافروف إن الحوار مستمر.";
        let mut doc = doc_with(text, &[("وزير الخارجية الروسي سيرغي لافروف", 0, EntityType::PER)]);
        LinkStage::new().run(&mut doc);
        let e = &doc.entities[0];
        assert_eq!(e.span.slice(text), "سيرغي لافروف");
        assert_eq!(e.title.unwrap().slice(text), "وزير الخارجية الروسي");
        assert_eq!(e.canonical, "سيرغي لافروف");
    }

    #[test]
    fn variants_and_surnames_link() {
        // "the American John Kerry … Kerry … in Syria … in Syria (alef)"
        let text = "التقى الوزير الاميركي جون كيري نظيره. وقال كيري إن سورية بحاجة للسلام وإن سوريا تعبت.";
        let mut doc = doc_with(
            text,
            &[("جون كيري", 0, EntityType::PER), ("كيري", 1, EntityType::PER), ("سورية", 0, EntityType::LOC), ("سوريا", 0, EntityType::LOC)],
        );
        LinkStage::new().run(&mut doc);
        let c: Vec<&str> = doc.entities.iter().map(|e| e.canonical.as_str()).collect();
        assert_eq!(c, ["جون كيري", "جون كيري", "سورية", "سورية"]);
        assert_eq!(doc.entities[0].title.unwrap().slice(text), "الوزير الاميركي");
    }

    #[test]
    fn spokesman_title_takes_its_body() {
        // "White House spokesman Josh Earnest"
        let text = "وقال المتحدث باسم البيت الأبيض جوش إرنست إن الرئيس مرتاح.";
        let mut doc = doc_with(text, &[("جوش إرنست", 0, EntityType::PER)]);
        LinkStage::new().run(&mut doc);
        assert_eq!(doc.entities[0].title.unwrap().slice(text), "المتحدث باسم البيت الأبيض");
    }
}
