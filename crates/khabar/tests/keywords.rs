//! Keywords on short articles written by the khabar team (no corpus text):
//! the main entity and the topic in the top five, no stop word or dateline
//! fragment in the top ten, and lemma grouping across clitics.

use khabar::summary::keywords::{is_stop_word, KeywordStage};
use khabar::{Document, Pipeline};

/// `(article, main entity, topic)`: the entity and topic are written as a
/// piece every matching keyword text or lemma contains.
const ARTICLES: &[(&str, &str, &str)] = &[
    // Ceasefire talks on Syria in Geneva.
    (
        "جنيف (وكالات) -\n\
         استؤنفت في جنيف أمس المفاوضات بين الحكومة السورية والمعارضة حول وقف إطلاق النار. \
         وقال المبعوث الدولي إن المفاوضات تسير ببطء لكنها جدية. \
         وأضاف أن الطرفين اتفقا على مواصلة المفاوضات الأسبوع المقبل في جنيف. \
         ويأمل الوسطاء أن تؤدي المفاوضات إلى وقف إطلاق النار في حلب قبل نهاية الشهر.",
        "جنيف",
        "مفاوض",
    ),
    // Football: Al-Ahly wins the cup final.
    (
        "القاهرة -\n\
         فاز النادي الأهلي بكأس مصر بعد فوزه على الزمالك بهدفين مقابل هدف في المباراة النهائية. \
         وسجل مهاجم الأهلي الهدف الأول في الدقيقة العشرين من المباراة. \
         وقال مدرب الأهلي إن اللاعبين قدموا مباراة كبيرة أمام جماهير غفيرة. \
         وهذه هي الكأس الثالثة للأهلي في المواسم الخمسة الأخيرة.",
        "الأهلي",
        "مبارا",
    ),
    // Economy: Egypt's central bank raises interest rates.
    (
        "رفع البنك المركزي المصري أسعار الفائدة بمقدار نقطتين مئويتين يوم الخميس لمواجهة التضخم. \
         وقال البنك في بيان إن ارتفاع التضخم دفعه إلى رفع الفائدة للمرة الثانية هذا العام. \
         ويتوقع خبراء أن يؤدي رفع الفائدة إلى تباطؤ الاقتراض في مصر. \
         وبلغ التضخم في مصر أعلى مستوى له منذ خمس سنوات.",
        "مصر",
        "تضخم",
    ),
    // An earthquake in Turkey.
    (
        "أنقرة (رويترز) -\n\
         ضرب زلزال بقوة ست درجات جنوب تركيا فجر الأحد وأدى إلى انهيار عشرات المباني. \
         وقالت السلطات التركية إن فرق الإنقاذ تبحث عن ناجين تحت الأنقاض. \
         وشعر السكان بالزلزال في عدة مدن وخرجوا إلى الشوارع خوفا من هزات ارتدادية. \
         وأعلنت تركيا الحداد ثلاثة أيام على ضحايا الزلزال.",
        "تركيا",
        "زلزال",
    ),
    // Elections in Tunisia.
    (
        "تونس -\n\
         توجه الناخبون في تونس إلى صناديق الاقتراع الأحد لاختيار برلمان جديد في انتخابات تشريعية. \
         وقالت الهيئة العليا المستقلة للانتخابات إن نسبة المشاركة بلغت أربعين في المئة. \
         ويتنافس في الانتخابات أكثر من ألف مرشح على مقاعد البرلمان. \
         وتعد هذه الانتخابات الثالثة في تونس منذ الثورة.",
        "تونس",
        "انتخاب",
    ),
    // Oil: OPEC cuts output.
    (
        "فيينا (أ ف ب) -\n\
         قررت منظمة أوبك خفض إنتاج النفط بمليون برميل يوميا لدعم الأسعار. \
         وقال وزير النفط السعودي إن خفض الإنتاج ضروري بعد تراجع أسعار النفط في الأسواق. \
         وارتفعت أسعار النفط بعد إعلان أوبك قرارها. \
         ويبدأ تطبيق خفض الإنتاج مطلع الشهر المقبل.",
        "أوبك",
        "نفط",
    ),
    // Health: a vaccination campaign in Jordan.
    (
        "أطلقت وزارة الصحة في الأردن حملة وطنية لتطعيم الأطفال ضد الحصبة. \
         وقال وزير الصحة إن الحملة تستهدف مليون طفل في جميع محافظات الأردن. \
         وأوضح أن فرق التطعيم ستزور المدارس والبيوت خلال أسبوعين. \
         ودعت الوزارة الأهالي إلى المشاركة في حملة التطعيم لحماية أطفالهم من الحصبة.",
        "الأردن",
        "تطعيم",
    ),
];

fn pipeline() -> Pipeline {
    Pipeline::builder()
        .stage(khabar::token::Tokenizer::new())
        .stage(khabar::token::repair::RepairStage::embedded().unwrap())
        .stage(khabar::sentence::SentenceSplitter::new())
        .stage(khabar::morph::stage::MorphStage::embedded().unwrap())
        .stage(khabar::ner::NerStage::embedded().unwrap())
        .stage(khabar::ner::link::LinkStage::new())
        .stage(khabar::number::NumberStage::new())
        .stage(KeywordStage::embedded().unwrap())
        .build()
        .unwrap()
}

fn matches(k: &khabar::Keyword, piece: &str) -> bool {
    // The article is matched with and without its article prefix so that
    // `الأهلي` finds a keyword shown as `الأهلي` or keyed `أهلي`.
    let bare = piece.strip_prefix("ال").unwrap_or(piece);
    k.text.contains(piece) || k.lemma.contains(piece) || k.text.contains(bare) || k.lemma.contains(bare)
}

fn show(doc: &Document) -> String {
    doc.keywords.iter().map(|k| format!("{} [{}] {:.2} ×{}", k.text, k.lemma, k.score, k.mentions.len())).collect::<Vec<_>>().join(" | ")
}

#[test]
fn main_entity_and_topic_in_top_five() {
    let p = pipeline();
    for (text, entity, topic) in ARTICLES {
        let doc = p.analyze(text);
        eprintln!("{entity}/{topic}: {}", show(&doc));
        let top5 = &doc.keywords[..doc.keywords.len().min(5)];
        assert!(top5.iter().any(|k| matches(k, entity)), "entity {entity} not in top 5: {}", show(&doc));
        assert!(top5.iter().any(|k| matches(k, topic)), "topic {topic} not in top 5: {}", show(&doc));
    }
}

#[test]
fn no_stop_word_number_or_dateline_in_top_ten() {
    let p = pipeline();
    // Agency names of the datelines above; they must never be keywords.
    let agencies = ["وكالات", "رويترز", "أ ف ب"];
    for (text, ..) in ARTICLES {
        let doc = p.analyze(text);
        assert!(doc.keywords.len() <= 10);
        for k in &doc.keywords {
            assert!(!is_stop_word(&k.text) && !is_stop_word(&k.lemma), "stop word {k:?}");
            assert!(!k.text.chars().any(|c| c.is_ascii_digit() || "،.؟!()-«»".contains(c)), "{k:?}");
            assert!(!agencies.iter().any(|a| k.text.contains(a)), "dateline fragment {k:?}");
            assert!(k.score > 0.0 && k.score.is_finite());
            for m in &k.mentions {
                assert!(text.is_char_boundary(m.start as usize) && text.is_char_boundary(m.end as usize));
            }
        }
        // Best first.
        assert!(doc.keywords.windows(2).all(|w| w[0].score >= w[1].score));
    }
}

#[test]
fn lemma_groups_clitic_forms() {
    // "The talks resumed. The talks are serious. The parties disagreed in
    //  the talks. Talks will go on."
    let doc = pipeline().analyze(
        "استؤنفت المفاوضات بين الطرفين في العاصمة. وقال الوسيط إن المفاوضات جدية. \
         واختلف الطرفان بالمفاوضات حول الحدود. وستتواصل مفاوضات الطرفين غدا.",
    );
    let talks: Vec<_> = doc.keywords.iter().filter(|k| k.text.contains("مفاوضات")).collect();
    assert_eq!(talks.len(), 1, "{}", show(&doc));
    assert_eq!(talks[0].mentions.len(), 4, "{}", show(&doc));
    assert_eq!(doc.keywords[0].lemma, talks[0].lemma, "{}", show(&doc));
}

#[test]
fn scores_compare_across_articles() {
    // The same paragraph scores the same inside a longer article: the
    // scale does not depend on the article's other terms.
    let p = pipeline();
    let short = p.analyze(ARTICLES[3].0);
    let long = p.analyze(&format!("{}\nوفي خبر آخر، افتتح متحف جديد للفنون في المدينة القديمة بحضور الفنانين.", ARTICLES[3].0));
    let score = |d: &Document| d.keywords.iter().find(|k| k.lemma.contains("زلزال")).map(|k| k.score).unwrap();
    assert!((score(&short) - score(&long)).abs() < 1e-9);
}
