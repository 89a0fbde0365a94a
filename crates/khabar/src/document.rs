//! The document: the original text and its layers of annotation.

use crate::text::{normalize, AlignedText, Level};
use crate::{SentenceId, Span, TokenId};
use serde::{Deserialize, Serialize};

/// What a token is, decided by the tokenizer from its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum TokenKind {
    /// A run of Arabic letters: `والرئيس` ("and the president").
    Word,
    /// A run of letters of another script (Latin, Cyrillic…), digits allowed
    /// after the first letter: `NATO`, `F16`.
    Latin,
    /// Digits with decimal/thousands separators or a date/range joiner:
    /// `1,500`, `3.5`, `١٥٠`, `15-7`.
    Number,
    /// Punctuation: `، ؛ ؟ « » … . ! ( )`; runs of the same mark (`...`,
    /// `!!`) are one token.
    Punct,
    /// Any other visible character: `% $ € +`, emoji.
    Symbol,
    /// `https://…`, `www.…`.
    Url,
    /// `name@example.org`.
    Email,
    /// `#سوريا`.
    Hashtag,
    /// `@user`.
    Mention,
}

impl TokenKind {
    /// Lower-case name as used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Latin => "latin",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Symbol => "symbol",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Mention => "mention",
        }
    }
}

/// A written unit: what a reader sees between spaces and punctuation,
/// clitics still attached (`وأضاف`, "and he added").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where it is in the original text.
    pub span: Span,
    /// Where its nlp-normalized form is in [`Document::nlp`].
    pub norm: Span,
    /// What it is.
    pub kind: TokenKind,
    /// True when run-together repair cut this token out of a longer written
    /// one (`الولاياتالمتحدة` → `الولايات` + `المتحدة`).
    pub repaired: bool,
}

/// Universal part-of-speech tags (UD v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Upos {
    ADJ,
    ADP,
    ADV,
    AUX,
    CCONJ,
    DET,
    INTJ,
    NOUN,
    NUM,
    PART,
    PRON,
    PROPN,
    PUNCT,
    SCONJ,
    SYM,
    VERB,
    X,
}

impl Upos {
    /// All tags, in the order above.
    pub const ALL: [Upos; 17] = [
        Upos::ADJ,
        Upos::ADP,
        Upos::ADV,
        Upos::AUX,
        Upos::CCONJ,
        Upos::DET,
        Upos::INTJ,
        Upos::NOUN,
        Upos::NUM,
        Upos::PART,
        Upos::PRON,
        Upos::PROPN,
        Upos::PUNCT,
        Upos::SCONJ,
        Upos::SYM,
        Upos::VERB,
        Upos::X,
    ];

    /// The tag's name: `NOUN`.
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::ADJ => "ADJ",
            Upos::ADP => "ADP",
            Upos::ADV => "ADV",
            Upos::AUX => "AUX",
            Upos::CCONJ => "CCONJ",
            Upos::DET => "DET",
            Upos::INTJ => "INTJ",
            Upos::NOUN => "NOUN",
            Upos::NUM => "NUM",
            Upos::PART => "PART",
            Upos::PRON => "PRON",
            Upos::PROPN => "PROPN",
            Upos::PUNCT => "PUNCT",
            Upos::SCONJ => "SCONJ",
            Upos::SYM => "SYM",
            Upos::VERB => "VERB",
            Upos::X => "X",
        }
    }

    /// Parse a tag name; UD v1's `CONJ` reads as `CCONJ`.
    pub fn parse(s: &str) -> Option<Upos> {
        if s == "CONJ" {
            return Some(Upos::CCONJ);
        }
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }
}

/// A syntactic word: one piece of a token after clitic segmentation.
///
/// `وبالمدينة` ("and in the city") is one token and three words: `و`
/// (CCONJ), `ب` (ADP), `المدينة` (NOUN, lemma `مدينة`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The token it is written in.
    pub token: TokenId,
    /// The part of the token's original text that writes it; empty for a
    /// piece written with no letter of its own.
    pub span: Span,
    /// Its form with spelling restored, nlp level: `للرئيس` gives `ل` and
    /// `الرئيس`; `شقيقته` gives `شقيقة` and `ه`.
    pub form: String,
    /// Part of speech.
    pub pos: Upos,
    /// Lemma: unvocalized, standard spelling, no article (`مفاوضة` for
    /// `المفاوضات`, `زار` for `يزورون`).
    pub lemma: String,
}

/// The type of a named entity (ANERcorp's four).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityType {
    /// A person: `باراك أوباما`.
    PER,
    /// A place: `حلب`, `الولايات المتحدة`.
    LOC,
    /// An organization: `الاتحاد الأوروبي`, `وزارة الخارجية`.
    ORG,
    /// Anything else named: events, nationalities as names, products.
    MISC,
}

impl EntityType {
    /// `PER`, `LOC`, `ORG` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::PER => "PER",
            EntityType::LOC => "LOC",
            EntityType::ORG => "ORG",
            EntityType::MISC => "MISC",
        }
    }
}

/// A named-entity mention, without the clitics glued to it: in `وبوتين`
/// ("and Putin") the entity is `بوتين`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The mention in the original text.
    pub span: Span,
    /// Its type.
    pub kind: EntityType,
    /// The fullest name the article uses for the same entity (`باراك أوباما`
    /// for a later `أوباما`), nlp level; the mention itself when alone.
    pub canonical: String,
    /// A title or role written before the name (`الرئيس الأمريكي` in
    /// `الرئيس الأمريكي باراك أوباما`), kept apart from the name.
    pub title: Option<Span>,
}

/// Who a quote is attributed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The speaker as written where the quote is attributed: a name, a
    /// title or role (`المتحدث باسم البيت الأبيض`), or, for a continuation
    /// (`وأضاف` with no subject), the span of the previous speaker.
    pub span: Span,
    /// The speaker's canonical name (through entity linking), or the role.
    pub canonical: String,
}

/// Direct speech in marks, after a colon, or indirect (`قال إن …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuoteKind {
    /// In `« »`, `" "`, `“ ”`.
    Direct,
    /// After a colon, with no marks.
    Colon,
    /// Reported: `قال إن …`, `أكد أن …`.
    Indirect,
}

impl QuoteKind {
    /// `direct`, `colon` or `indirect`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Colon => "colon",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// Something said, and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// What was said, without the quotation marks.
    pub span: Span,
    /// How it is marked.
    pub kind: QuoteKind,
    /// The verb of saying (`قال`, `وأضاف`, `أوضح`), if any.
    pub cue: Option<Span>,
    /// The speaker, if found.
    pub speaker: Option<Speaker>,
}

/// A number or quantity in the text, with what it counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// The number as written (`48`, `١٥٠ ألف`, `عشرات`, `3.5%`).
    pub span: Span,
    /// Its value (`150000` for `١٥٠ ألف`; `3.5` for `3.5%`; the low end of a
    /// range); for vague quantities (`عشرات`, "tens of") the smallest value
    /// they can mean.
    pub value: f64,
    /// The high end of a range (`10-15`), if it is one.
    pub high: Option<f64>,
    /// The counted noun or unit, as a lemma (`قتيل` for `48 قتيلا`, `دقيقة`,
    /// `%`, `دولار`).
    pub unit: Option<String>,
    /// Where the unit is written, if it is.
    pub unit_span: Option<Span>,
}

/// A key term or phrase of the article, grouped by lemma.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    /// How it is shown: its commonest written form in the article
    /// (`وقف إطلاق النار`, "ceasefire").
    pub text: String,
    /// The grouping key: lemmas of its words joined by spaces
    /// (`مفاوضة` for `المفاوضات`/`مفاوضات`/`بالمفاوضات`).
    pub lemma: String,
    /// Its score; comparable across articles (higher is more key).
    pub score: f64,
    /// Where it occurs in the original text.
    pub mentions: Vec<Span>,
}

/// A sentence, or a unit standing alone like a headline or a dateline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// From the start of its first token to the end of its last, in the original.
    pub span: Span,
    /// First token.
    pub first: TokenId,
    /// One past the last token.
    pub end: TokenId,
}

impl Sentence {
    /// The ids of its tokens.
    pub fn tokens(&self) -> impl Iterator<Item = TokenId> {
        (self.first.0..self.end.0).map(TokenId)
    }
}

/// Names of the layers a [`Document`] can carry; stages declare which they
/// need and which they add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Layer {
    /// `Document::tokens`.
    Tokens,
    /// Tokens checked for run-together words (`Token::repaired`).
    Repaired,
    /// `Document::sentences`.
    Sentences,
    /// `Document::words`: clitic segmentation, POS and lemma.
    Words,
    /// `Document::entities`, with canonical names.
    Entities,
    /// `Document::quotes`.
    Quotes,
    /// `Document::numbers`.
    Numbers,
    /// `Document::keywords`.
    Keywords,
    /// `Document::summary`.
    Summary,
}

impl Layer {
    /// Lower-case name as used in JSON and error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Tokens => "tokens",
            Layer::Repaired => "repaired",
            Layer::Sentences => "sentences",
            Layer::Words => "words",
            Layer::Entities => "entities",
            Layer::Quotes => "quotes",
            Layer::Numbers => "numbers",
            Layer::Keywords => "keywords",
            Layer::Summary => "summary",
        }
    }
}

/// One article: its original text, never changed, and flat layers of
/// annotation that point into it by byte [`Span`]s and typed ids.
///
/// ```
/// use khabar::Document;
/// let doc = Document::new("قال الوزير"); // "the minister said"
/// assert_eq!(doc.text(), "قال الوزير");
/// assert!(doc.tokens.is_empty()); // nothing analyzed yet
/// ```
#[derive(Debug, Clone)]
pub struct Document {
    /// The caller's id, if any (JSONL `id`).
    pub id: Option<serde_json::Value>,
    text: String,
    /// The nlp-level normalization of the text, aligned to it.
    pub nlp: AlignedText,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Sentences in text order, covering all tokens.
    pub sentences: Vec<Sentence>,
    /// Syntactic words in text order, each inside one token.
    pub words: Vec<Word>,
    /// Named-entity mentions in text order.
    pub entities: Vec<Entity>,
    /// Quotes in text order.
    pub quotes: Vec<Quote>,
    /// Numbers and quantities in text order.
    pub numbers: Vec<Number>,
    /// Keywords, best first.
    pub keywords: Vec<Keyword>,
    /// The summary: ids of the chosen sentences, in text order.
    pub summary: Vec<SentenceId>,
    /// Layers present, in the order stages added them.
    pub layers: Vec<Layer>,
}

impl Document {
    /// A document over `text` with no layers yet (the nlp normalization is
    /// computed at once: every stage reads it).
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let nlp = normalize(&text, Level::Nlp);
        Document {
            id: None,
            text,
            nlp,
            tokens: Vec::new(),
            sentences: Vec::new(),
            words: Vec::new(),
            entities: Vec::new(),
            quotes: Vec::new(),
            numbers: Vec::new(),
            keywords: Vec::new(),
            summary: Vec::new(),
            layers: Vec::new(),
        }
    }

    /// The original text.
    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The original text of a token.
    #[inline]
    pub fn token_text(&self, id: TokenId) -> &str {
        self.tokens[id.index()].span.slice(&self.text)
    }

    /// The nlp-normalized form of a token (`مُحَمَّدٌ` → `محمد`).
    #[inline]
    pub fn token_norm(&self, id: TokenId) -> &str {
        self.tokens[id.index()].norm.slice(self.nlp.as_str())
    }

    /// The original text of a sentence.
    pub fn sentence_text(&self, id: SentenceId) -> &str {
        self.sentences[id.index()].span.slice(&self.text)
    }

    /// True when `layer` has been added.
    pub fn has_layer(&self, layer: Layer) -> bool {
        self.layers.contains(&layer)
    }

    /// Number of word tokens (Arabic or Latin): the unit of words/s figures.
    pub fn word_count(&self) -> usize {
        self.tokens.iter().filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Latin)).count()
    }
}
