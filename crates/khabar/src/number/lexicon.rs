//! The closed word lists behind number reading: number words in their case
//! and gender forms, scale words, vague quantities, currencies, months and
//! the words that are never a counted noun.
//!
//! Keys are *folded*: nlp form with the alef variants `أ إ آ ٱ` → `ا` and
//! `ى` → `ي`, because news spells `أربعة`/`اربعة`, `آلاف`/`الاف`,
//! `ثماني`/`ثمانى` both ways and they must meet.

/// What a number word is, for the grammar in [`super::parse`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lex {
    /// 1–9 (`ثلاثة`, `ثلاث`, `اثنين`, `واحدة`); the value.
    Unit(u8),
    /// `احد`/`احدى`: 1, but only as the first half of `أحد عشر` (11);
    /// alone it means "one of" or "Sunday".
    Ahad,
    /// `عشرة`/`عشر`: 10 alone, or the second half of a teen (`خمسة عشر`).
    Ten,
    /// 20–90 (`عشرون`/`عشرين`); the value.
    Tens(u8),
    /// A whole hundreds word (`مئة`, `مائتين`, `ثلاثمائة`); the value.
    /// `single` marks `مئة`/`مائة`, which can also multiply a unit written
    /// apart (`ثلاث مئة` = 300).
    Hundreds {
        /// 100–900.
        value: u16,
        /// `مئة`/`مائة` itself.
        single: bool,
    },
    /// `ألف`, `مليون`, `مليار`…: the scale, and how many a word alone means:
    /// 1 for the singular (`ألف` = 1000), 2 for the dual (`ألفين` = 2000),
    /// 0 for the plural (`آلاف`), which alone is vague (see
    /// [`VAGUE_PLURAL_COUNT`]).
    Scale {
        /// 1e3, 1e6, 1e9, 1e12.
        scale: f64,
        /// 1 singular, 2 dual, 0 plural.
        count: u8,
    },
    /// A vague quantity with its smallest value (`عشرات` = 20, `بضعة` = 3).
    Vague(f64),
    /// `نصف` 0.5, `ربع` 0.25, `ثلث` 1/3: only read with a scale word
    /// (`نصف مليون`, `مليون ونصف`).
    Fraction(f64),
}

/// What a plural scale word alone counts: `آلاف` ("thousands") is at
/// least two thousands, so 2000; `ملايين` 2,000,000. The same reasoning
/// gives `عشرات` 20 and `مئات` 200: the plural of a round number means
/// "more than one of them", and the smallest such count is two.
pub const VAGUE_PLURAL_COUNT: f64 = 2.0;

/// Fold alef variants and alef maqsura, the spellings news mixes freely.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    for c in s.chars() {
        out.push(match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            c => c,
        });
    }
}

/// The number word `folded` is, if any (no article, no clitics).
///
/// ```
/// use khabar::number::lexicon::{lookup, Lex};
/// assert_eq!(lookup("ثلاث"), Some(Lex::Unit(3)));       // "three" (fem. counted)
/// assert_eq!(lookup("عشرين"), Some(Lex::Tens(20)));     // "twenty" (acc./gen.)
/// assert_eq!(lookup("بضعة"), Some(Lex::Vague(3.0)));    // "a few"
/// ```
pub fn lookup(folded: &str) -> Option<Lex> {
    use Lex::*;
    Some(match folded {
        "واحد" | "واحدة" => Unit(1),
        "اثنان" | "اثنين" | "اثنا" | "اثني" | "اثنتان" | "اثنتين" | "اثنتا" | "اثنتي" => {
            Unit(2)
        }
        "ثلاثة" | "ثلاث" => Unit(3),
        "اربعة" | "اربع" => Unit(4),
        "خمسة" | "خمس" => Unit(5),
        "ستة" | "ست" => Unit(6),
        "سبعة" | "سبع" => Unit(7),
        "ثمانية" | "ثماني" | "ثمان" => Unit(8),
        "تسعة" | "تسع" => Unit(9),
        "احد" | "احدي" => Ahad,
        "عشرة" | "عشر" => Ten,
        "عشرون" | "عشرين" => Tens(20),
        "ثلاثون" | "ثلاثين" => Tens(30),
        "اربعون" | "اربعين" => Tens(40),
        "خمسون" | "خمسين" => Tens(50),
        "ستون" | "ستين" => Tens(60),
        "سبعون" | "سبعين" => Tens(70),
        "ثمانون" | "ثمانين" => Tens(80),
        "تسعون" | "تسعين" => Tens(90),
        "مئة" | "مائة" | "ماية" => Hundreds {
            value: 100,
            single: true,
        },
        "مئتان" | "مئتين" | "مئتا" | "مئتي" | "مائتان" | "مائتين" | "مائتا" | "مائتي" => {
            Hundreds {
                value: 200,
                single: false,
            }
        }
        "ثلاثمئة" | "ثلاثمائة" => Hundreds {
            value: 300,
            single: false,
        },
        "اربعمئة" | "اربعمائة" => Hundreds {
            value: 400,
            single: false,
        },
        "خمسمئة" | "خمسمائة" => Hundreds {
            value: 500,
            single: false,
        },
        "ستمئة" | "ستمائة" => Hundreds {
            value: 600,
            single: false,
        },
        "سبعمئة" | "سبعمائة" => Hundreds {
            value: 700,
            single: false,
        },
        "ثمانمئة" | "ثمانمائة" | "ثمانيمئة" | "ثمانيمائة" => Hundreds {
            value: 800,
            single: false,
        },
        "تسعمئة" | "تسعمائة" => Hundreds {
            value: 900,
            single: false,
        },
        "الف" | "الفا" => Scale { scale: 1e3, count: 1 },
        "الفان" | "الفين" | "الفي" => Scale { scale: 1e3, count: 2 },
        "الاف" => Scale { scale: 1e3, count: 0 },
        "مليون" | "مليونا" => Scale { scale: 1e6, count: 1 },
        "مليونان" | "مليونين" | "مليوني" => Scale { scale: 1e6, count: 2 },
        "ملايين" => Scale { scale: 1e6, count: 0 },
        "مليار" | "مليارا" | "بليون" | "بليونا" => Scale { scale: 1e9, count: 1 },
        "ملياران" | "مليارين" | "ملياري" | "بليونان" | "بليونين" => {
            Scale { scale: 1e9, count: 2 }
        }
        "مليارات" | "بلايين" => Scale { scale: 1e9, count: 0 },
        "تريليون" | "تريليونا" => Scale { scale: 1e12, count: 1 },
        "تريليونات" => Scale { scale: 1e12, count: 0 },
        "عشرات" => Vague(20.0),
        "مئات" => Vague(200.0),
        "بضعة" | "بضع" => Vague(3.0),
        // "Several": used with a plural noun, so at least three.
        "عدة" => Vague(3.0),
        "نصف" => Fraction(0.5),
        "ربع" => Fraction(0.25),
        "ثلث" => Fraction(1.0 / 3.0),
        _ => return None,
    })
}

/// The currency a word or symbol names, as its lemma: `دولارا` → `دولار`,
/// `$` → `دولار`. Indefinite and definite forms both (`ملايين الدولارات`).
pub fn currency(folded: &str) -> Option<&'static str> {
    let f = folded
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(folded);
    Some(match f {
        "$" | "دولار" | "دولارا" | "دولارات" | "دولاران" | "دولارين" => "دولار",
        "€" | "يورو" | "اورو" => "يورو",
        "ريال" | "ريالا" | "ريالات" => "ريال",
        "دينار" | "دينارا" | "دنانير" | "ديناران" | "دينارين" => "دينار",
        "£" | "جنيه" | "جنيها" | "جنيهات" => "جنيه",
        "ليرة" | "ليرات" => "ليرة",
        "درهم" | "درهما" | "دراهم" => "درهم",
        "روبل" | "روبلا" | "روبلات" => "روبل",
        "يوان" | "يوانا" => "يوان",
        "¥" | "ين" => "ين",
        "فرنك" | "فرنكا" | "فرنكات" => "فرنك",
        "شيكل" | "شيكلا" | "شيكلات" | "شيقل" | "شيقلا" => "شيكل",
        "روبية" | "روبيات" => "روبية",
        _ => return None,
    })
}

/// Month names (Gregorian in both the Egyptian and the Levantine series,
/// and the Hijri months that are not also common words): a day number
/// before one is a date, not a quantity (`15 تموز`).
pub fn is_month(folded: &str) -> bool {
    matches!(
        folded,
        "يناير"
            | "فبراير"
            | "مارس"
            | "ابريل"
            | "مايو"
            | "يونيو"
            | "يونيه"
            | "يوليو"
            | "يوليه"
            | "اغسطس"
            | "سبتمبر"
            | "اكتوبر"
            | "نوفمبر"
            | "ديسمبر"
            | "كانون"
            | "شباط"
            | "اذار"
            | "نيسان"
            | "ايار"
            | "حزيران"
            | "تموز"
            | "اب"
            | "ايلول"
            | "تشرين"
            | "محرم"
            | "رجب"
            | "شعبان"
            | "رمضان"
            | "شوال"
            | "جمادي"
            | "ربيع"
            | "ذو"
    )
}

/// Words that say the number before them is a calendar year: `2016 م`,
/// `1437 هـ` (the nlp level keeps `هـ` as `ه`).
pub fn is_era_mark(folded: &str) -> bool {
    matches!(folded, "م" | "ه" | "هـ" | "ميلادي" | "ميلادية" | "هجري" | "هجرية")
}

/// Words before a year: `عام 2016`, `العام 2016`, `سنة 2016`, and the dual
/// of a range `عامي 2015 و2016`.
pub fn is_year_word(folded: &str) -> bool {
    matches!(folded, "عام" | "العام" | "سنة" | "السنة" | "عامي" | "العامين" | "سنتي")
}

/// Nouns after which a number is a label, not a quantity: `رقم 5` ("number
/// 5"), `القرار 2254` ("resolution 2254"), `المادة 3` ("article 3").
pub fn is_label_word(folded: &str) -> bool {
    matches!(
        folded,
        "رقم"
            | "القرار"
            | "المادة"
            | "البند"
            | "الفقرة"
            | "الفصل"
            | "الصفحة"
            | "الساعة"
            | "ص"
            | "القانون"
    )
}

/// Verbs of change: `ارتفع من 10 إلى 15` ("rose from 10 to 15") is two
/// values, not a range.
pub fn is_change_verb(lemma_folded: &str) -> bool {
    matches!(
        lemma_folded,
        "ارتفع"
            | "انخفض"
            | "تراجع"
            | "زاد"
            | "ازداد"
            | "قفز"
            | "هبط"
            | "صعد"
            | "تضاعف"
            | "نما"
            | "رفع"
            | "خفض"
            | "تقلص"
            | "انتقل"
            | "تحول"
    )
}

/// Words that follow numbers without being what they count: adverbs of
/// time and manner (`10 صباحا`, "10 in the morning"; `5 تقريبا`, "about
/// 5"), and function words the tagger may call nouns.
pub fn is_not_unit(folded: &str) -> bool {
    matches!(
        folded,
        "صباحا"
            | "صباح"
            | "مساء"
            | "مساءا"
            | "ظهرا"
            | "عصرا"
            | "ليلا"
            | "فجرا"
            | "تقريبا"
            | "فقط"
            | "فاكثر"
            | "ايضا"
            | "اخري"
            | "اخرين"
            | "اخرون"
            | "اخر"
            | "اخريات"
            | "بعد"
            | "قبل"
            | "منذ"
            | "حتي"
            | "نحو"
            | "حوالي"
            | "قرابة"
            | "اكثر"
            | "اقل"
            | "اي"
            | "كل"
            | "بين"
            | "عند"
            | "غير"
            | "سوي"
            | "حيث"
            | "يوميا"
            | "سنويا"
            | "شهريا"
            | "اسبوعيا"
            | "حاليا"
            | "امس"
            | "غدا"
            | "مقابل"
            | "خلال"
            | "ضد"
            | "لدي"
            | "الي"
            | "علي"
            | "في"
            | "من"
            | "عن"
            | "مع"
            | "او"
            | "ثم"
            | "ان"
            | "انه"
            | "لا"
            | "ما"
            | "لم"
            | "لن"
            | "قد"
            | "هو"
            | "هي"
            | "هذا"
            | "هذه"
            | "ذلك"
            | "تلك"
            | "الذي"
            | "التي"
            | "الذين"
            | "اصل"
            | "بينهم"
            | "منهم"
    )
}
