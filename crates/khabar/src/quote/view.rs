//! A per-token view of a document that quote finding and entity linking
//! both read: each token's proclitic readings and folding keys, the part of
//! speech of its base word, and its sentence.

use super::lexicon::{lexicon, stems, CueClass, Stem};
use crate::document::{Document, TokenKind, Upos};
use crate::text::{normalize, Level};
use crate::Span;

/// Nlp text of an original span of `doc`, single spaces between words.
pub fn nlp_of(doc: &Document, span: Span) -> String {
    let n = normalize(span.slice(doc.text()), Level::Nlp);
    n.as_str().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tokens of `doc` that overlap an original span.
pub fn tokens_in(doc: &Document, span: Span) -> std::ops::Range<usize> {
    let toks = &doc.tokens;
    let a = toks.partition_point(|t| t.span.end <= span.start);
    let b = toks.partition_point(|t| t.span.start < span.end);
    a..b.max(a)
}

/// What the view knows about one token.
#[derive(Debug, Clone)]
pub struct TokView {
    /// Readings with proclitics removed; the first is the token itself.
    pub stems: Vec<Stem>,
    /// The token's kind.
    pub kind: TokenKind,
    /// The sentence it is in.
    pub sent: usize,
    /// Part of speech of its base word (not a proclitic), when the words
    /// layer is there.
    pub pos: Option<Upos>,
    /// Folded lemma of its base word when that is a verb (the words layer
    /// being there).
    pub lemma_key: Option<String>,
    /// Where its base word starts in the original, per the words layer.
    pub base_start: Option<u32>,
}

/// The view over a whole document.
#[derive(Debug)]
pub struct DocView<'a> {
    /// The document.
    pub doc: &'a Document,
    /// One entry per token.
    pub toks: Vec<TokView>,
}

/// Single-letter proclitics as the words layer writes them.
fn is_proclitic_form(f: &str) -> bool {
    matches!(f, "و" | "ف" | "ب" | "ل" | "ك" | "س")
}

impl<'a> DocView<'a> {
    /// Build the view (tokens required; sentences and words used when there).
    pub fn new(doc: &'a Document) -> Self {
        Self::for_tokens(doc, |_| true)
    }

    /// The view with readings (`stems`, and so [`DocView::key`]) only for
    /// the tokens `i` where `keep(i)`; the others have none (their key is
    /// empty). The readings are most of the view's cost, and a caller that
    /// reads a few stretches of the text needs only theirs.
    pub fn for_tokens(doc: &'a Document, keep: impl Fn(usize) -> bool) -> Self {
        let mut toks: Vec<TokView> = doc
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let norm = t.norm.slice(doc.nlp.as_str());
                let stems = if !keep(i) {
                    Vec::new()
                } else if t.kind == TokenKind::Word {
                    stems(norm)
                } else {
                    let key = super::lexicon::fold_key(norm);
                    vec![Stem { text: norm.to_string(), key, prefix_chars: 0, conj_only: true }]
                };
                TokView { stems, kind: t.kind, sent: 0, pos: None, lemma_key: None, base_start: None }
            })
            .collect();
        for (si, s) in doc.sentences.iter().enumerate() {
            for ti in s.first.index()..s.end.index().min(toks.len()) {
                toks[ti].sent = si;
            }
        }
        // The base word of a token: its first word that is not a
        // one-letter proclitic (or its only word).
        let mut i = 0;
        while i < doc.words.len() {
            let t = doc.words[i].token.index();
            let mut j = i;
            while j < doc.words.len() && doc.words[j].token.index() == t {
                j += 1;
            }
            let group = &doc.words[i..j];
            let base = group.iter().find(|w| !(is_proclitic_form(&w.form) && group.len() > 1)).unwrap_or(&group[0]);
            if let Some(tv) = toks.get_mut(t) {
                tv.pos = Some(base.pos);
                // Only a verb's lemma is read (cues); folding every lemma was
                // a third of building the view.
                tv.lemma_key = (base.pos == Upos::VERB && !base.lemma.is_empty()).then(|| super::lexicon::fold_key(&base.lemma));
                tv.base_start = Some(base.span.start);
            }
            i = j;
        }
        DocView { doc, toks }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The token's own folded key.
    pub fn key(&self, i: usize) -> &str {
        self.toks[i].stems.first().map_or("", |s| &s.key)
    }

    /// True when the token is punctuation written as `s`.
    pub fn is_punct(&self, i: usize, s: &str) -> bool {
        self.toks[i].kind == TokenKind::Punct && self.doc.token_norm(crate::TokenId(i as u32)) == s
    }

    /// True for a punctuation token.
    pub fn punct(&self, i: usize) -> bool {
        self.toks[i].kind == TokenKind::Punct
    }

    /// True for a sentence-ending mark (`.` `!` `؟` `…`).
    pub fn is_terminator(&self, i: usize) -> bool {
        self.punct(i) && self.doc.token_norm(crate::TokenId(i as u32)).chars().all(|c| matches!(c, '.' | '!' | '?' | '؟' | '…'))
    }

    /// The cue class of a token, if it is a verb or phrase of saying:
    /// matched on its spelling with `و`/`ف` removed, or on the words
    /// layer's lemma for a verb.
    pub fn cue(&self, i: usize) -> Option<CueClass> {
        let t = &self.toks[i];
        if t.kind != TokenKind::Word {
            return None;
        }
        let lex = lexicon();
        for s in t.stems.iter().filter(|s| s.conj_only) {
            if let Some(c) = lex.cue_form(&s.key) {
                // A participle or phrase written with the article is a noun
                // (`القائل`), not a cue.
                return Some(c);
            }
        }
        if t.pos == Some(Upos::VERB) {
            if let Some(l) = t.lemma_key.as_deref() {
                // A present in the first person plural (`ونشير`, "and we
                // point out"; `سنؤكد`, "we will stress") is the writer's or
                // the speaker's own voice, no cue for someone else's words.
                // (A past in `نا` may be "… told us", `أبلغنا المتحدث`, and
                // stays a cue.)
                let form = t.stems.iter().filter(|s| s.conj_only).last().map(|s| s.key.as_str());
                let form = form.map(|f| f.strip_prefix('س').filter(|r| r.starts_with('ن')).unwrap_or(f));
                let first_person = form.is_some_and(|f| f.starts_with('ن') && !l.starts_with('ن'));
                if let Some(c) = lex.cue_lemma(l).filter(|_| !first_person) {
                    return Some(c);
                }
            }
        }
        None
    }

    /// True for `إن`/`أن` (with `ب` or `ف`, or a pronoun: `بأن`, `فإن`,
    /// `إنه`): the complementizer that opens reported speech.
    pub fn is_complementizer(&self, i: usize) -> bool {
        const FORMS: &[&str] = &["ان", "انه", "انها", "انهم", "انهما", "انهن", "اننا", "انني", "انا", "انك", "انكم"];
        let t = &self.toks[i];
        t.kind == TokenKind::Word
            && t.stems.iter().any(|s| {
                // Not after `ل` (`لأن`, "because") nor `و` alone (`وإن`, "even if").
                let ok_prefix = s.prefix_chars == 0 || {
                    let w = &t.stems[0].text;
                    (w.starts_with('ب') || w.starts_with('ف')) && s.prefix_chars == 1
                };
                ok_prefix && FORMS.contains(&s.key.as_str())
            })
    }

    /// Where the token's stem with `prefix_chars` proclitic letters removed
    /// starts in the original text.
    pub fn stem_start(&self, i: usize, prefix_chars: u8) -> u32 {
        let span = self.doc.tokens[i].span;
        if prefix_chars == 0 {
            return span.start;
        }
        let text = span.slice(self.doc.text());
        let mut letters = 0;
        for (off, c) in text.char_indices() {
            if crate::text::chars::is_arabic_diacritic(c) || c == crate::text::chars::TATWEEL {
                continue;
            }
            if letters == prefix_chars {
                return span.start + off as u32;
            }
            letters += 1;
        }
        span.start
    }

    /// The original span from token `a` (its stem after `prefix` letters)
    /// to the end of token `b` (inclusive).
    pub fn span(&self, a: usize, prefix: u8, b: usize) -> Span {
        Span { start: self.stem_start(a, prefix), end: self.doc.tokens[b].span.end }
    }

    /// The nlp text of tokens `a..=b`, the first read as its stem with
    /// `prefix` letters removed (article restored), single spaces between.
    pub fn stem_text(&self, a: usize, prefix: u8, b: usize) -> String {
        let mut out = String::new();
        for i in a..=b {
            let t = &self.toks[i];
            let s = if i == a { t.stems.iter().find(|s| s.prefix_chars == prefix).unwrap_or(&t.stems[0]) } else { &t.stems[0] };
            if !out.is_empty() && t.kind != TokenKind::Punct {
                out.push(' ');
            }
            out.push_str(&s.text);
        }
        out
    }

    /// Nlp text of an original span.
    pub fn nlp_of(&self, span: Span) -> String {
        nlp_of(self.doc, span)
    }

    /// Tokens that overlap an original span.
    pub fn tokens_in(&self, span: Span) -> std::ops::Range<usize> {
        tokens_in(self.doc, span)
    }

    /// The length in tokens of the title entry that starts at token `i`
    /// (its first token read with or without proclitics) and ends before
    /// `end`, and the proclitic letters of the first token: `وللرئيس`
    /// starts `الرئيس` after two letters. Titles ending in `باسم` take the
    /// body after it (`المتحدث باسم البيت الأبيض`); nationality adjectives
    /// and qualifiers after a title are part of it (`الرئيس الأمريكي
    /// السابق`).
    pub fn title_at(&self, i: usize, end: usize) -> Option<(usize, u8)> {
        let lex = lexicon();
        let t = &self.toks[i];
        if t.kind != TokenKind::Word {
            return None;
        }
        let mut best: Option<(usize, u8)> = None;
        for s in &t.stems {
            // A deputy, an assistant or an undersecretary in construct with
            // a title is a title: `نائب رئيس الوزراء وزير الخارجية`
            // ("deputy prime minister, foreign minister"). Without this the
            // chain was read as a plain noun phrase that stopped before the
            // name.
            // (At most three deputies in a row are read: a longer run is
            // no title, and the look-ahead stays bounded.)
            let deputy = |k: &str| matches!(k, "نايب" | "نايبا" | "مساعد" | "مساعدا" | "وكيل" | "وكيلا");
            if deputy(s.key.as_str()) && i + 1 < end && !(1..4).all(|d| i + d < end && deputy(self.key(i + d))) {
                if let Some((m, 0)) = self.title_at(i + 1, end) {
                    if best.is_none_or(|(n, _)| m + 1 > n) {
                        best = Some((m + 1, s.prefix_chars));
                    }
                }
            }
            if !lex.starts_title(&s.key) {
                continue;
            }
            for entry in lex.titles() {
                if entry[0] != s.key || i + entry.len() > end {
                    continue;
                }
                if (1..entry.len()).all(|k| self.key(i + k) == entry[k]) && best.is_none_or(|(n, _)| entry.len() > n) {
                    let mut n = entry.len();
                    match entry.last().map(String::as_str) {
                        Some("باسم") => n += self.body_len(i + n, end),
                        // A title in construct state takes a definite
                        // genitive: `مدير المرصد` ("the observatory's director").
                        // Or a place or body named without the article:
                        // `والي نواكشوط` ("the governor of Nouakchott"),
                        // or a head word and its name (`مدرب نادي أربيل`,
                        // "the coach of Erbil club"), or a noun in construct
                        // with a definite one (`رئيسة بعثة المنظمة`, "the
                        // head of the organization's mission").
                        Some(w)
                            if !w.starts_with("ال")
                                && w != "."
                                && i + n < end
                                && (self.key(i + n).starts_with("ال")
                                    || self.in_place_or_body(i + n)
                                    || self.is_head(i + n)
                                    || self.body_word(i + n, end)) =>
                        {
                            n += self.body_len(i + n, end);
                        }
                        _ => {}
                    }
                    best = Some((n, s.prefix_chars));
                }
            }
        }
        let (mut n, p) = best?;
        loop {
            while i + n < end && lex.is_nationality(self.key(i + n)) {
                n += 1;
            }
            // A definite title takes the definite adjectives that agree
            // with it: `الخبير الاقتصادي` ("the economist"), `المتحدث
            // الرسمي`.
            while i + n < end
                && self.key(i + n - 1).starts_with("ال")
                && self.key(i + n).starts_with("ال")
                && self.toks[i + n].pos == Some(crate::Upos::ADJ)
                && !self.is_stop(i + n)
                && !self.in_person(i + n)
            {
                n += 1;
            }
            // A second portfolio joined by `و`: `وزير الخارجية وشؤون
            // المغتربين` ("minister of foreign affairs and expatriates").
            if i + n + 1 < end && self.key(i + n - 1).starts_with("ال") && self.joined_construct(i + n) {
                n += 1;
                while i + n < end && self.key(i + n).starts_with("ال") && !self.is_stop(i + n) && !self.in_person(i + n) {
                    n += 1;
                }
                continue;
            }
            // Titles chain: `المتحدث العسكري العقيد` ("the military
            // spokesman, Colonel"); not into a counterpart with a pronoun
            // (`وزير الخارجية المصري نظيره الأمريكي`, "the Egyptian
            // foreign minister [informed] his American counterpart"), the
            // object of a transitive cue.
            match (i + n < end && !self.has_enclitic(i + n)).then(|| self.title_at(i + n, end)).flatten() {
                Some((m, 0)) => n += m,
                _ => break,
            }
        }
        Some((n, p))
    }

    /// Whether token `i` lies in a place or an organization the entity
    /// layer found, or is a place in khabar's name lists (`نواكشوط`).
    pub(super) fn in_place_or_body(&self, i: usize) -> bool {
        use crate::ner::gazetteer::{fold, Gazetteer, LOC};
        self.entity_at(i).is_some_and(|e| matches!(self.doc.entities[e].kind, crate::EntityType::LOC | crate::EntityType::ORG))
            || self.toks[i].kind == TokenKind::Word && Gazetteer::embedded().get(&fold(self.key(i))) & LOC != 0
    }

    /// Length of the body a spokesman speaks for (`البيت الأبيض`, `وزارة
    /// الخارجية الروسية`): any first word, then the words that continue a
    /// body's name ([`DocView::body_word`]).
    pub(super) fn body_len(&self, i: usize, end: usize) -> usize {
        if i >= end || self.toks[i].kind != TokenKind::Word || self.is_stop(i) {
            return 0;
        }
        let mut n = 1;
        while i + n < end && n < 6 && self.body_word(i + n, end) {
            n += 1;
        }
        n
    }

    /// A word that continues the name of a body: a word with the article
    /// (`وزارة الصحة`), one joined to it by `و` (`وزارة الاقتصاد
    /// والمالية`), a domain after an adjective (`الشركة الوطنية للمياه`),
    /// or a noun in construct with a word with the article (`جماعة أنصار
    /// الله`, `مديرية شؤون المخدرات`). Never a function word, a verb or
    /// part of a person's name.
    pub(super) fn body_word(&self, j: usize, end: usize) -> bool {
        if self.toks[j].kind != TokenKind::Word || self.is_stop(j) || self.is_verb(j) || self.name_before_person(j) {
            return false;
        }
        let k = self.key(j);
        if k.starts_with("ال") {
            return true;
        }
        if self.coordinated(j) || self.domain_lam(j) || self.lam_idafa(j) {
            return true;
        }
        // A listed head word and the name it governs, article or not:
        // `حكومة ولاية الواحة` ("the government of the Oasis state"),
        // `منطقة وادي الرمل`, where the entity layer may know neither
        // name.
        if self.headed(j) || j + 1 < end && self.is_head(j) && self.headed(j + 1) {
            return true;
        }
        j + 1 < end
            && self.toks[j].pos == Some(crate::Upos::NOUN)
            && !self.has_proclitic(j)
            && !self.in_person(j)
            && !self.first_name_at(j)
            && self.toks[j + 1].kind == TokenKind::Word
            && self.key(j + 1).starts_with("ال")
            && !self.is_stop(j + 1)
    }

    /// A name the tagger gave no analysis (`X`) right before a person
    /// entity: the first name the entity model left out (`قائد الفريق
    /// هيمن رشيد`, "team captain Hemin Rashid", found as `رشيد`), not
    /// more of a body's name.
    fn name_before_person(&self, j: usize) -> bool {
        matches!(self.toks[j].pos, Some(crate::Upos::X | crate::Upos::PROPN)) && !self.in_person(j) && j + 1 < self.len() && self.in_person(j + 1)
    }

    /// The closing mark of a short name in marks that opens at `o`, after
    /// a word that heads a name (`صحيفة «الشرق الأوسط»`, "the paper
    /// «Asharq al-Awsat»"; `موقع "أكسيوس"`) or a bare preposition
    /// (`لـ«الخبر»`): one to three words, no punctuation. Such marks hold
    /// a name, not speech.
    pub(super) fn named_in_marks(&self, o: usize, end: usize) -> Option<usize> {
        let close = match self.doc.token_norm(crate::TokenId(o as u32)) {
            "«" => "»",
            "“" => "”",
            "\"" => "\"",
            _ => return None,
        };
        if o == 0 {
            return None;
        }
        static MEDIA: std::sync::OnceLock<rustc_hash::FxHashSet<String>> = std::sync::OnceLock::new();
        let media = super::speaker::folded_set(&MEDIA, "ل ب موقع منصة حساب صفحة تطبيق");
        let before = self.is_head(o - 1) || media.contains(self.key(o - 1));
        if !before {
            return None;
        }
        let c = (o + 1..end.min(o + 5)).find(|&k| self.toks[k].kind != TokenKind::Word && self.toks[k].kind != TokenKind::Latin && self.toks[k].kind != TokenKind::Number)?;
        (c > o + 1 && self.doc.token_norm(crate::TokenId(c as u32)) == close).then_some(c)
    }

    /// A word that heads a place's or a body's name in the entity stage's
    /// lists (`ولاية`, `منطقة`, `وزارة`), written without proclitics.
    pub(super) fn is_head(&self, j: usize) -> bool {
        use crate::ner::gazetteer::{fold, Gazetteer, LOC_HEAD, ORG_HEAD};
        // The lists are matched on the nlp spelling (`ة` kept), not on
        // the folded key.
        self.toks[j].kind == TokenKind::Word
            && !self.has_proclitic(j)
            && self.toks[j].stems.first().is_some_and(|s| Gazetteer::embedded().get(&fold(&s.text)) & (LOC_HEAD | ORG_HEAD) != 0)
    }

    /// The name right after a head word, in construct with it (`كسلا` in
    /// `ولاية كسلا`): a plain word, not a function word, a verb, a
    /// first name or part of a person.
    pub(super) fn headed(&self, j: usize) -> bool {
        j > 0
            && self.is_head(j - 1)
            && self.toks[j].kind == TokenKind::Word
            && !self.is_stop(j)
            && !self.is_verb(j)
            && !self.has_proclitic(j)
            && !self.in_person(j)
            && !self.first_name_at(j)
    }

    /// `و` + a word with the article after a word with the article: the
    /// second half of a body's name (`الاقتصاد والمالية`, "economy and
    /// finance").
    pub(super) fn coordinated(&self, j: usize) -> bool {
        j > 0
            && (self.key(j - 1).starts_with("ال") || self.key(j - 1).starts_with("لل"))
            && self.key(j).starts_with('و')
            && self.toks[j].stems.iter().any(|s| s.prefix_chars == 1 && s.key.starts_with("ال"))
    }

    /// `و` + a noun in construct with a word with the article: `وشؤون
    /// المغتربين` ("and expatriate affairs").
    fn joined_construct(&self, j: usize) -> bool {
        self.toks[j].kind == TokenKind::Word
            && self.key(j).starts_with('و')
            // The segmenter split the `و` off (`وزير`, "minister", keeps it).
            && self.has_proclitic(j)
            && self.toks[j].stems.iter().any(|s| s.prefix_chars == 1 && !s.key.starts_with("ال") && s.key.chars().count() >= 3)
            && j + 1 < self.len()
            && self.toks[j + 1].kind == TokenKind::Word
            && self.key(j + 1).starts_with("ال")
            && !self.is_stop(j + 1)
            && !self.in_person(j + 1)
    }

    /// `لل` + a domain after an adjective with the article: `المعهد
    /// الوطني للصحة` ("the national institute of health"). Not the media
    /// a statement was made to (`للصحفيين`, "to the journalists").
    pub(super) fn domain_lam(&self, j: usize) -> bool {
        const MEDIA: [&str; 11] = ["صحف", "صحاف", "صحيف", "وكال", "قنا", "تلفزيون", "اذاع", "موقع", "مراسل", "وسائل", "اعلام"];
        let w = self.key(j);
        let Some(rest) = w.strip_prefix("لل") else { return false };
        j > 0 && self.toks[j - 1].pos == Some(crate::Upos::ADJ) && self.key(j - 1).starts_with("ال") && !MEDIA.iter().any(|m| rest.starts_with(m))
    }

    /// Token `i` is a first name in khabar's name lists (`سلمى`, `عمر`):
    /// it starts a person's name, never continues a body's. Looked up as
    /// written: the folded key drops hamza (`علاء`).
    pub(super) fn first_name_at(&self, i: usize) -> bool {
        use crate::ner::gazetteer::{fold, Gazetteer, PER_FIRST};
        self.toks[i].stems.first().is_some_and(|s| Gazetteer::embedded().get(&fold(&s.text)) & PER_FIRST != 0)
    }
}
