//! Numbers and quantities: `48 قتيلا` ("48 killed"), `١٥٠ ألف مدني`
//! ("150 thousand civilians"), `عشرات الجرحى` ("tens of wounded"), `3.5%`,
//! `2.5 مليون دولار`, `بين 10 و15`.
//!
//! One pass over each sentence's words (see [`parse`]), reading:
//! - **digits** from the nlp text, where every script's digits are ASCII:
//!   `1,500` and `1.500.000` are thousands, `3.5`, `٣٫٥` and `3,5` decimals;
//! - **number words** in their case and gender forms (`ثلاثة`/`ثلاث`,
//!   `عشرون`/`عشرين`, `مئة`/`مائة`/`مئتين`, `ثلاثمائة`, `ألفان`/`ألفين`),
//!   teens (`خمسة عشر`), compounds joined by `و` in falling order (`ثلاثة
//!   وعشرون`, `ألف وخمسمائة`, `ثلاثة ملايين وخمسمائة ألف`), with clitics
//!   (`وثلاثة`, `بخمسة`: the words layer's form without its proclitic, or
//!   the proclitic cut here when the segmenter left it on);
//! - **scale words** after digits or words: `١٥٠ ألف` = 150000, `2.5 مليون`,
//!   `3 مليارات`, `عشرين ألفا`; fractions with a scale (`نصف مليون`,
//!   `مليون ونصف`);
//! - **vague quantities**, valued at the smallest amount they can mean (the
//!   plural of a round number is "more than one of them", so two):
//!   `عشرات` 20, `مئات` 200, `آلاف` 2000, `ملايين` 2e6, `مليارات` 2e9;
//!   `بضعة`/`بضع` and `عدة` 3 (they take a plural noun); `عشرات الآلاف`
//!   20000; `بضعة عشر` 13. Nothing in [`crate::Number`] marks a value as vague;
//! - **ranges**: `10-15`, `بين 10 و15`, `من 10 إلى 15`, `10 - 15` give
//!   `value` = low, `high` = high, when low < high; one scale or percent
//!   after the second half serves both (`بين 10 و15 ألفا` = 10000–15000).
//!   After a verb of change (`ارتفع من 10 إلى 15`, "rose from 10 to 15")
//!   the two are separate numbers;
//! - **percentages**: `%`, `٪`, `في المئة`, `بالمئة`, `بالمائة` → unit `%`;
//!   the marker is part of the number's span and is its `unit_span`;
//! - **money**: a currency word or sign after the number (`دولار`, `مليون
//!   دولار`, `يورو`, `ريال`, `دينار`, `جنيه`, `ليرة`, `$`, `€`) or a sign
//!   just before it (`$50`) → unit the currency's lemma;
//! - **the counted noun**: the noun right after the number → unit its lemma
//!   (`48 قتيلا` → `قتيل`), or, where the lemma is missing, the form
//!   without article and accusative alef. After exact numbers the noun
//!   must be indefinite; after vague ones it may be definite (`عشرات
//!   الجرحى` → `جريح`) or come after a partitive `من`. `واحد`/`اثنان`
//!   and defined units (`الأيام الثلاثة`) count the noun *before* them.
//!
//! **Dates are not quantities.** Day-month and full dates (`15-7`,
//! `2016/11/29`), a day before a month name (`15 تموز`), clock times
//! (`10:30`) and labels (`رقم 5`, `القرار 2254`, `الساعة 10`) give no
//! number. **Years** are kept, with the unit [`YEAR`] (`"year"`, not a
//! lemma, so that `عام 2016`, "the year 2016", never reads as "2016
//! years", which is `2016 عاما` → unit `عام`): a four-digit number after
//! `عام`/`العام`/`سنة` (its `unit_span`) or before `م`/`هـ`, and a bare
//! integer 1900–2100 with no counted noun after it. A year range
//! (`2015-2016`) is a range with unit `year`.

pub mod digits;
pub mod lexicon;
pub mod parse;

use crate::document::{Document, Layer};
use crate::pipeline::Stage;

pub use parse::YEAR;

/// Finds numbers and quantities: fills [`Document::numbers`].
///
/// ```
/// use khabar::{Pipeline, number::NumberStage};
/// use khabar::token::{Tokenizer, repair::RepairStage};
/// use khabar::{sentence::SentenceSplitter, morph::stage::MorphStage};
/// let p = Pipeline::builder()
///     .stage(Tokenizer::new())
///     .stage(RepairStage::embedded().unwrap())
///     .stage(SentenceSplitter::new())
///     .stage(MorphStage::embedded().unwrap())
///     .stage(NumberStage::new())
///     .build()
///     .unwrap();
/// // "The fighting killed 48 and lasted 90 minutes."
/// let doc = p.analyze("أسفر القتال عن 48 قتيلا واستمر 90 دقيقة.");
/// let n = &doc.numbers[0];
/// assert_eq!((n.value, n.unit.as_deref()), (48.0, Some("قتيل")));
/// assert_eq!(doc.numbers[1].unit.as_deref(), Some("دقيقة"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct NumberStage {
    _private: (),
}

impl NumberStage {
    /// The stage (rules only, no model).
    pub fn new() -> Self {
        NumberStage { _private: () }
    }
}

impl Stage for NumberStage {
    fn name(&self) -> &'static str {
        "numbers"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Words]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Numbers]
    }
    fn run(&self, doc: &mut Document) {
        let numbers = find(doc);
        doc.numbers = numbers;
    }
}

/// The numbers of `doc` (tokens, sentences and words filled), in text order.
pub fn find(doc: &Document) -> Vec<crate::Number> {
    let mut out = Vec::new();
    let mut items = Vec::new();
    let words = &doc.words;
    let mut w = 0;
    for s in &doc.sentences {
        // Words are in text order, each in one token: this sentence's
        // words are the run whose tokens fall in `first..end`.
        while w < words.len() && words[w].token < s.first {
            w += 1;
        }
        let start = w;
        while w < words.len() && words[w].token < s.end {
            w += 1;
        }
        if start == w {
            continue;
        }
        parse::items(doc, &words[start..w], &mut items);
        parse::scan(&items, &mut out);
    }
    out
}

#[cfg(test)]
mod tests;
