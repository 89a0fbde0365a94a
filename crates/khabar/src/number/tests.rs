//! Unit tests on a stand-in words layer (one word per token, POS from a
//! short list, no lemma), so the rules are tested apart from the
//! morphology models; proclitics are then cut by the stage's own fallback.
//! Every sentence here was written for these tests.

use super::*;
use crate::document::{TokenKind, Upos, Word};
use crate::sentence::SentenceSplitter;
use crate::token::Tokenizer;
use crate::{Stage, TokenId};

fn doc(text: &str) -> Document {
    let mut d = Document::new(text);
    Tokenizer::new().run(&mut d);
    SentenceSplitter::new().run(&mut d);
    let mut words = Vec::new();
    for (i, t) in d.tokens.iter().enumerate() {
        let form = t.norm.slice(d.nlp.as_str()).to_string();
        let pos = match t.kind {
            TokenKind::Number => Upos::NUM,
            TokenKind::Punct => Upos::PUNCT,
            TokenKind::Symbol => Upos::SYM,
            TokenKind::Word if matches!(form.as_str(), "في" | "من" | "إلى" | "بين" | "على" | "عن" | "و" | "حتى") => {
                Upos::ADP
            }
            TokenKind::Word
                if matches!(
                    form.as_str(),
                    "قتل" | "ارتفع" | "وصل" | "استمر" | "قال" | "دفع" | "نما" | "نزح"
                ) =>
            {
                Upos::VERB
            }
            _ => Upos::NOUN,
        };
        words.push(Word {
            token: TokenId(i as u32),
            span: t.span,
            form,
            pos,
            lemma: String::new(),
        });
    }
    d.words = words;
    NumberStage::new().run(&mut d);
    d
}

/// (surface, value, high, unit) of every number found.
fn nums(text: &str) -> Vec<(String, f64, Option<f64>, Option<String>)> {
    let d = doc(text);
    d.numbers
        .iter()
        .map(|n| (n.span.slice(d.text()).to_string(), n.value, n.high, n.unit.clone()))
        .collect()
}

fn one(text: &str) -> (String, f64, Option<f64>, Option<String>) {
    let v = nums(text);
    assert_eq!(v.len(), 1, "{text}: {v:?}");
    v.into_iter().next().unwrap()
}

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn digits_and_counted_nouns() {
    // "48 killed in clashes"
    assert_eq!(one("سقط 48 قتيلا في الاشتباكات"), (s("48"), 48.0, None, Some(s("قتيل"))));
    // "about 1,500 refugees"
    assert_eq!(one("نحو 1,500 لاجئ"), (s("1,500"), 1500.0, None, Some(s("لاجئ"))));
    // Arabic-Indic digits and the Arabic decimal separator: "3.5 tons"
    assert_eq!(one("نقل ٣٫٥ طن"), (s("٣٫٥"), 3.5, None, Some(s("طن"))));
    // A definite noun after an exact number is not what it counts.
    assert_eq!(one("وصل 5 الوزراء"), (s("5"), 5.0, None, None));
}

#[test]
fn scale_words() {
    // "about 150 thousand civilians"
    assert_eq!(one("نحو ١٥٠ ألف مدني"), (s("١٥٠ ألف"), 150000.0, None, Some(s("مدني"))));
    assert_eq!(
        one("بلغ 2.5 مليون دولار"),
        (s("2.5 مليون"), 2_500_000.0, None, Some(s("دولار")))
    );
    assert_eq!(one("خسر 3 مليارات يورو"), (s("3 مليارات"), 3e9, None, Some(s("يورو"))));
    assert_eq!(one("حضر عشرون ألفا"), (s("عشرون ألفا"), 20000.0, None, None));
    assert_eq!(
        one("بلغ 3 مليارات و500 مليون دولار"),
        (s("3 مليارات و500 مليون"), 3.5e9, None, Some(s("دولار")))
    );
    assert_eq!(
        one("نزح نصف مليون شخص"),
        (s("نصف مليون"), 500_000.0, None, Some(s("شخص")))
    );
    assert_eq!(one("نزح مليون ونصف"), (s("مليون ونصف"), 1_500_000.0, None, None));
    // "The government allotted two and a half billion dinars."
    assert_eq!(
        one("خصصت الحكومة مليارين ونصف المليار دينار"),
        (s("مليارين ونصف المليار"), 2_500_000_000.0, None, Some(s("دينار")))
    );
}

#[test]
fn number_words() {
    assert_eq!(one("وصل ثلاثة وعشرون لاجئا").1, 23.0);
    assert_eq!(one("وصل خمسة عشر جنديا").1, 15.0);
    assert_eq!(one("وصل أحد عشر جنديا").1, 11.0);
    assert_eq!(one("وصل اثنا عشر جنديا").1, 12.0);
    assert_eq!(one("وصل مئتين وخمسين طفلا").1, 250.0);
    assert_eq!(one("وصل ثلاثمائة جندي").1, 300.0);
    assert_eq!(one("وصل ثلاث مئة جندي").1, 300.0);
    assert_eq!(one("وصل ألفان").1, 2000.0);
    assert_eq!(one("وصل ألف وخمسمائة جندي").1, 1500.0);
    assert_eq!(one("وصل ثلاثة ملايين وخمسمائة ألف").1, 3_500_000.0);
    assert_eq!(one("وصل مئة ألف لاجئ").1, 100_000.0);
    // With a proclitic the segmenter did not cut: "and with three boats"
    let (surface, v, _, unit) = one("وصل وبثلاثة قوارب");
    assert_eq!((surface.as_str(), v, unit.as_deref()), ("ثلاثة", 3.0, Some("قوارب")));
    assert_eq!(one("وصل وثلاثة").0, "ثلاثة");
}

#[test]
fn separate_numbers_stay_apart() {
    // "three and four": not 7.
    assert_eq!(nums("وصل ثلاثة وأربعة").len(), 2);
    // Digits after `و` with no scale of their own: two numbers.
    assert_eq!(nums("وصل 10 آلاف و15").len(), 2);
}

#[test]
fn vague_quantities() {
    assert_eq!(one("أصيب عشرات الجرحى"), (s("عشرات"), 20.0, None, Some(s("جرحى"))));
    assert_eq!(one("نزح عشرات الآلاف"), (s("عشرات الآلاف"), 20000.0, None, None));
    assert_eq!(one("نزح مئات الآلاف من المدنيين").3, Some(s("مدنيين")));
    assert_eq!(one("نزح آلاف المدنيين").1, 2000.0);
    assert_eq!(one("بقي بضعة أيام").1, 3.0);
    assert_eq!(one("تكرر عدة مرات").1, 3.0);
    assert_eq!(one("نزح الآلاف").1, 2000.0);
}

#[test]
fn ranges() {
    assert_eq!(one("قتل 10-15 شخصا"), (s("10-15"), 10.0, Some(15.0), Some(s("شخص"))));
    assert_eq!(
        one("بين 10 و15 جنديا"),
        (s("10 و15"), 10.0, Some(15.0), Some(s("جندي")))
    );
    assert_eq!(
        one("من 10 إلى 15 شخصا"),
        (s("10 إلى 15"), 10.0, Some(15.0), Some(s("شخص")))
    );
    assert_eq!(one("بين 10 و15 ألفا"), (s("10 و15 ألفا"), 10000.0, Some(15000.0), None));
    assert_eq!(
        one("بين 3 و5 في المئة"),
        (s("3 و5 في المئة"), 3.0, Some(5.0), Some(s("%")))
    );
    // A change, not a range.
    assert_eq!(nums("ارتفع العدد من 10 إلى 15").len(), 2);
}

#[test]
fn percentages() {
    assert_eq!(one("نما 3.5%"), (s("3.5%"), 3.5, None, Some(s("%"))));
    assert_eq!(one("نما ٣٫٥٪"), (s("٣٫٥٪"), 3.5, None, Some(s("%"))));
    assert_eq!(one("نما 3.5 في المئة"), (s("3.5 في المئة"), 3.5, None, Some(s("%"))));
    assert_eq!(one("نما 3.5 بالمئة"), (s("3.5 بالمئة"), 3.5, None, Some(s("%"))));
    assert_eq!(one("نما خمسة بالمائة"), (s("خمسة بالمائة"), 5.0, None, Some(s("%"))));
}

#[test]
fn money() {
    assert_eq!(one("دفع 50 دولارا"), (s("50"), 50.0, None, Some(s("دولار"))));
    assert_eq!(one("دفع $50"), (s("50"), 50.0, None, Some(s("دولار"))));
    assert_eq!(one("دفع 50€"), (s("50"), 50.0, None, Some(s("يورو"))));
    assert_eq!(one("دفع 20 ريالا").3, Some(s("ريال")));
    assert_eq!(one("دفع ملايين الدولارات").3, Some(s("دولار")));
}

#[test]
fn dates_and_years() {
    // A dateline: "Damascus 15-7 (agencies)"
    assert!(nums("دمشق 15-7 (وكالات)").is_empty());
    assert!(nums("في 2016/11/29").is_empty());
    assert!(nums("في 15 تموز").is_empty());
    assert!(nums("عند 10:30").is_empty());
    assert!(nums("صدر القرار 2254").is_empty());
    assert_eq!(one("في عام 2016"), (s("2016"), 2016.0, None, Some(s(YEAR))));
    assert_eq!(one("في 2016 وصل"), (s("2016"), 2016.0, None, Some(s(YEAR))));
    assert_eq!(one("في 1437 هـ").3, Some(s(YEAR)));
    assert_eq!(one("بين 2015-2016").3, Some(s(YEAR)));
    // A four-digit count is a count.
    assert_eq!(one("وصل 2000 جندي").3, Some(s("جندي")));
    // "for 5 years": a duration, counted in years.
    assert_eq!(one("منذ 5 أعوام").3, Some(s("أعوام")));
}

#[test]
fn unit_before() {
    // "one person", "the three days"
    assert_eq!(one("قتل شخص واحد"), (s("واحد"), 1.0, None, Some(s("شخص"))));
    assert_eq!(one("خلال الأيام الثلاثة"), (s("الثلاثة"), 3.0, None, Some(s("أيام"))));
    // `واحد` with no noun before it is a pronoun ("one of them").
    assert!(nums("قال واحد منهم").is_empty());
}

#[test]
fn spans_are_in_order_and_on_boundaries() {
    let text = "قُتِلَ ٤٨ شخصاً، وأصيب عشراتُ الجرحى بين 10 و15 ألفا، ونما 3.5٪ عام 2016.";
    let d = doc(text);
    let mut last = 0;
    for n in &d.numbers {
        assert!(n.span.start >= last);
        assert!(text.is_char_boundary(n.span.start as usize) && text.is_char_boundary(n.span.end as usize));
        last = n.span.end;
    }
    assert_eq!(d.numbers.len(), 5);
}
