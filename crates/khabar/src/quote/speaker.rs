//! The speaker phrase next to a cue: a title with a name (`الرئيس الأمريكي
//! باراك أوباما`), a named entity, a role (`مصدر دبلوماسي`, "a diplomatic
//! source"), or a definite noun (`الجيش`, "the army").

use super::lexicon::{fold_key, lexicon};
use super::view::DocView;
use crate::document::{EntityType, TokenKind, Upos};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// Function words that never start or continue a speaker phrase, folded.
struct Stops {
    preps: FxHashSet<String>,
    adjuncts: FxHashSet<String>,
    particles: FxHashSet<String>,
}

fn stops() -> &'static Stops {
    static CELL: OnceLock<Stops> = OnceLock::new();
    CELL.get_or_init(|| {
        let set = |s: &str| s.split_whitespace().map(fold_key).collect::<FxHashSet<_>>();
        Stops {
            // Prepositions and prepositional nouns: "in, from, on, about,
            // to, with, during, before, after, since, about, against, …"
            preps: set("ل ب في من على عن إلى الى مع خلال أمام لدى بعد قبل منذ حول ضد عبر داخل خارج بين نحو عند حتى تجاه بشأن عقب إثر أثناء وسط إزاء خلف فوق تحت دون لدي"),
            // Time words and adverbs that sit between a verb and its
            // subject: "today, yesterday, Sunday…, also, likewise, in turn".
            adjuncts: set("اليوم أمس غدا الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت صباح مساء صباحا مساء ليلة الليلة يوم مؤخرا أيضا كذلك بدوره بدورها بدورهم أخيرا سابقا لاحقا مجددا كما حينها آنذاك"),
            // Particles, pronouns, demonstratives, relatives, conjunctions.
            particles: set("لا لم لن قد ما إذ إذا هو هي هم هما نحن أنا هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين اللذان اللتان ثم أو أم كما حيث لكن لكنه عندما بينما فيما إنه أنه إن أن بأن إلا غير كل بعض أي منه عنه له لها لهم فقط"),
        }
    })
}

static SOURCES: OnceLock<FxHashSet<String>> = OnceLock::new();
static EVENTS: OnceLock<FxHashSet<String>> = OnceLock::new();

/// The folded keys of the words of `words`, built once in `cell`.
pub(super) fn folded_set<'a>(cell: &'a OnceLock<FxHashSet<String>>, words: &str) -> &'a FxHashSet<String> {
    cell.get_or_init(|| words.split_whitespace().map(fold_key).collect())
}

/// A speaker phrase: tokens `first..=last`, the first read after `prefix`
/// proclitic letters, of which the first `title` tokens are a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Np {
    /// First token.
    pub first: usize,
    /// Proclitic letters removed from the first token.
    pub prefix: u8,
    /// Last token (inclusive).
    pub last: usize,
    /// Tokens of the phrase that are a title (0 when none).
    pub title: usize,
    /// True when the phrase has no title and is a bare name.
    pub bare_name: bool,
}

impl DocView<'_> {
    pub(super) fn has_proclitic(&self, i: usize) -> bool {
        self.toks[i].base_start.is_some_and(|b| b > self.doc.tokens[i].span.start)
    }

    /// A function word, time word, cue or complementizer: never part of a
    /// speaker phrase.
    pub(super) fn is_stop(&self, i: usize) -> bool {
        let t = &self.toks[i];
        if t.kind != TokenKind::Word {
            return true;
        }
        let s = stops();
        let k = self.key(i);
        s.preps.contains(k)
            || s.adjuncts.contains(k)
            || s.particles.contains(k)
            || self.cue(i).is_some()
            || self.is_complementizer(i)
            // `قوله` ("his saying") in `نقلت عن مصدر قوله إن`.
            || k.starts_with("قول")
    }

    fn is_adjunct(&self, i: usize) -> bool {
        let t = &self.toks[i];
        t.kind == TokenKind::Word && t.stems.iter().filter(|s| s.conj_only).any(|s| stops().adjuncts.contains(&s.key))
    }

    /// `ل` + article (`للصحفيين`, "to the journalists"): a dative, not a
    /// subject.
    fn is_dative(&self, i: usize) -> bool {
        let w = &self.toks[i].stems[0].text;
        self.toks[i].kind == TokenKind::Word && (w.starts_with("لل") || w.starts_with("ولل"))
    }

    pub(super) fn is_verb(&self, i: usize) -> bool {
        self.toks[i].pos == Some(Upos::VERB)
    }

    /// A token that can be part of a personal name after a title: no
    /// article (unless tagged a proper noun), no clitic, not a function word.
    pub(super) fn name_like(&self, i: usize) -> bool {
        let t = &self.toks[i];
        if t.kind != TokenKind::Word || self.is_stop(i) || self.is_dative(i) {
            return false;
        }
        let lex = lexicon();
        let k = self.key(i);
        if lex.is_nationality(k) || lex.is_title_word(k) || lex.is_role(k) {
            return false;
        }
        let proper = matches!(t.pos, Some(Upos::PROPN | Upos::X));
        // A word ending in a pronoun (`نظيره`, "his counterpart") is the
        // object of a transitive cue (`أبلغ`, "informed"), never a name.
        (proper || !k.starts_with("ال") && !self.is_verb(i)) && !self.has_proclitic(i) && !self.has_enclitic(i)
    }

    /// A time noun and its adjective at `i`, `i + 1`: `الأسبوع الماضي`,
    /// `الشهر المقبل`, `العام الجاري`.
    fn is_time_phrase(&self, i: usize) -> bool {
        const NOUNS: [&str; 7] = ["الأسبوع", "الشهر", "العام", "السنة", "الأسابيع", "الأشهر", "الفترة"];
        const ADJS: [&str; 9] = ["الماضي", "الماضية", "المقبل", "المقبلة", "الجاري", "الحالي", "الفائت", "الأخير", "الأخيرة"];
        let is = |list: &[&str], k: &str| list.iter().any(|w| super::lexicon::fold_key(w) == k);
        is(&NOUNS, self.key(i)) && is(&ADJS, self.key(i + 1))
    }

    /// The index of the entity that covers (part of) token `i`.
    pub(super) fn entity_at(&self, i: usize) -> Option<usize> {
        let sp = self.doc.tokens[i].span;
        self.doc.entities.iter().position(|e| e.span.start < sp.end && sp.start < e.span.end)
    }

    /// The speaker phrase starting at token `i` (before `end`): the
    /// subject after a cue. Adjuncts (`أمس`, `للصحفيين`) before it are
    /// skipped. `prep_ok` lets the first token carry a preposition (the
    /// source after `وفقا لـ`).
    pub fn speaker_after(&self, mut i: usize, end: usize, prep_ok: bool) -> Option<Np> {
        let mut skipped = 0;
        while i < end && skipped < 4 {
            if self.is_adjunct(i) {
                i += 1;
            } else if i + 1 < end && self.is_time_phrase(i) {
                // `الأسبوع الماضي` ("last week") is when, not who.
                i += 2;
            } else if !prep_ok && self.is_dative(i) {
                // The dative and the words that qualify it.
                i += 1;
                while i < end && self.key(i).starts_with("ال") && self.title_at(i, end).is_none() && !self.is_stop(i) {
                    i += 1;
                }
            } else {
                break;
            }
            skipped += 1;
        }
        self.phrase_at(i, end, prep_ok)
    }

    /// The phrase that starts exactly at token `i`.
    pub fn phrase_at(&self, i: usize, end: usize, prep_ok: bool) -> Option<Np> {
        // `أم` ("or") is a function word, but `أم محمد` ("the mother of
        // Muhammad") is a name: a person entity, or a first name after it.
        // (The name is looked up as written: the folded key drops hamza.)
        let kunya = i + 1 < end && self.key(i) == "ام" && (self.in_person(i) || self.first_name_at(i + 1));
        if i >= end || self.is_stop(i) && !kunya {
            return None;
        }
        if kunya {
            let ent_end = self.entity_at(i).map_or(i + 1, |e| self.tokens_in(self.doc.entities[e].span).end.saturating_sub(1));
            return Some(Np { first: i, prefix: 0, last: ent_end.max(i + 1).min(end - 1), title: 0, bare_name: true });
        }
        let lex = lexicon();
        let t = &self.toks[i];
        // Where the words layer kept the token whole, no reading with a
        // proclitic cut off: `والدة` ("mother") is not `و` + `الدة`.
        let whole = t.pos.is_some() && !self.has_proclitic(i);
        let readable = |s: &&crate::quote::lexicon::Stem| (prep_ok || s.conj_only) && !(whole && s.prefix_chars > 0);
        let prefixes: Vec<u8> = t.stems.iter().filter(readable).map(|s| s.prefix_chars).collect();
        // A title, then the name it qualifies.
        if let Some((n, p)) = self.title_at(i, end).filter(|&(_, p)| prefixes.contains(&p)) {
            let mut last = i + n - 1;
            let mut names = 0;
            while last + 1 < end
                && names < 6
                && !self.in_place_or_body(last + 1)
                && (self.name_like(last + 1)
                    || self.in_person(last + 1)
                    || names > 0 && (self.name_link(last) || self.surname_after_first_name(last)))
            {
                last += 1;
                names += 1;
            }
            let np = Np { first: i, prefix: p, last, title: n, bare_name: false };
            return Some(if names == 0 { self.reach_person(np, end) } else { np });
        }
        // A named entity.
        if let Some(e) = self.entity_at(i) {
            let ent = &self.doc.entities[e];
            let mut last = self.tokens_in(ent.span).end.saturating_sub(1).max(i);
            while last + 1 < end && lex.is_nationality(self.key(last + 1)) {
                last += 1;
            }
            let p = t.stems.iter().filter(|s| self.stem_start(i, s.prefix_chars) <= ent.span.start).map(|s| s.prefix_chars).max().unwrap_or(0);
            return Some(Np { first: i, prefix: p, last, title: 0, bare_name: ent.kind == EntityType::PER });
        }
        // A role noun or a definite noun, with its modifiers.
        let role = t.stems.iter().find(|s| readable(s) && lex.is_role(&s.key));
        let definite = t.stems.iter().find(|s| readable(s) && s.key.starts_with("ال") && s.key.chars().count() > 3);
        let proper = matches!(t.pos, Some(Upos::PROPN | Upos::X)) && !self.has_proclitic(i);
        // An indefinite noun subject (`مشارك`, "a participant") is a role.
        let noun = t.pos == Some(Upos::NOUN) && !self.has_proclitic(i);
        let p = match (role, definite) {
            (Some(s), _) | (None, Some(s)) => s.prefix_chars,
            (None, None) if proper || noun => 0,
            _ => return None,
        };
        if role.is_none() && self.is_verb(i) {
            return None;
        }
        let mut last = i;
        while last + 1 < end && last - i < 6 {
            let j = last + 1;
            // `المتحدث باسم الوزارة` ("the spokesman for the ministry"):
            // `باسم` binds what follows to the role.
            if self.key(j) == "باسم" && j + 1 < end && !self.is_stop(j + 1) {
                last = j + 1;
                continue;
            }
            // `صحيفة «الشرق الأوسط»` ("the paper «Asharq al-Awsat»"): a
            // name in marks after its head word is part of the phrase.
            if let Some(c) = self.named_in_marks(j, end) {
                last = c;
                continue;
            }
            // `بيان صادر عن وزارة الداخلية` ("a statement issued by the
            // interior ministry"): the statement and its issuer are one
            // source.
            // (Keys are folded: `صادرة` is `صادرا`.)
            if self.is_event(i) && j + 1 < end && matches!(self.key(j), "صادر" | "صادرا" | "الصادر" | "الصادرا") && self.key(j + 1) == "عن" {
                if let Some(body) = self.phrase_at(j + 2, end, false) {
                    last = body.last;
                    break;
                }
            }
            // `مصدر في قيادة الجيش` ("a source in the army command"): a
            // source or an official and the body they belong to.
            if (role.is_some() || noun) && self.key(j) == "في" && self.source_role(i) && j + 1 < end && !self.is_event(j + 1) {
                let n = self.body_len(j + 1, end);
                // The body ends in a word with the article, a known place
                // or body, or a name governed by a head word (`ولاية كسلا`).
                if n > 0 && (self.key(j + n).starts_with("ال") || self.in_place_or_body(j + n) || n >= 2 && self.headed(j + n)) {
                    last = j + n;
                    continue;
                }
            }
            if self.is_stop(j)
                || self.has_proclitic(j) && !self.lam_idafa(j) && !self.coordinated(j) && !self.domain_lam(j)
                || self.is_verb(j) && !matches!(self.toks[j].pos, Some(Upos::X))
            {
                break;
            }
            if self.is_dative(j) && !self.domain_lam(j) {
                break;
            }
            // A word with a pronoun after a complete phrase is the object
            // of a transitive cue: `وأبلغ وزير الخارجية المصري نظيره …`
            // ("the Egyptian foreign minister informed his counterpart").
            // After a construct head it is the complement (`رئيس
            // وزرائها`, "its prime minister").
            if self.has_enclitic(j) && self.key(last).starts_with("ال") {
                break;
            }
            // A definite noun after a definite word starts a new phrase,
            // the verb's object (`انتقدت نقابة الأطباء الخطة`, "the doctors'
            // union criticized the plan"); a definite adjective agrees and
            // stays (`وزارة الصحة العامة`).
            if self.key(last).starts_with("ال") && self.key(j).starts_with("ال") && self.toks[j].pos == Some(Upos::NOUN) {
                break;
            }
            last = j;
        }
        let np = Np { first: i, prefix: p, last, title: 0, bare_name: role.is_none() && definite.is_none() && proper };
        Some(if role.is_some() || noun { self.reach_person(np, end) } else { np })
    }

    /// A title or role phrase that stopped short of the person it names,
    /// its complement running on: `ممثلة المنظمة في اليمن سلمى الحداد`
    /// ("the organization's representative in Yemen, Salma al-Haddad"),
    /// `مدرب نادي أربيل كاوه البرزنجي` ("Erbil club's coach Kawa
    /// al-Barzanji"). When a person entity starts a few words after the
    /// phrase, with nothing between that ends a subject (a punctuation
    /// mark, a verb, a function word other than `في`, a dative, a word
    /// with a pronoun suffix such as `نظيره`, "his counterpart", whose name
    /// is the object's), the phrase is that person, with all before it as
    /// the title. Places and bodies between stay in the title.
    fn reach_person(&self, np: Np, end: usize) -> Np {
        let mut j = np.last + 1;
        while j < end && j <= np.last + 8 {
            if let Some(e) = self.entity_at(j) {
                let ent = &self.doc.entities[e];
                let r = self.tokens_in(ent.span);
                if ent.kind == EntityType::PER {
                    if r.start != j {
                        break;
                    }
                    // Unanalysed names right before the person are the
                    // start of its name (`أمادو` + `سيدي كوليبالي`), not
                    // of the title: the speaker widens over them.
                    let mut t = j;
                    while t > np.last + 1 && matches!(self.toks[t - 1].pos, Some(Upos::X | Upos::PROPN)) && self.name_like(t - 1) && self.entity_at(t - 1).is_none() {
                        t -= 1;
                    }
                    let last = r.end.saturating_sub(1).max(j);
                    return Np { first: np.first, prefix: np.prefix, last, title: t - np.first, bare_name: false };
                }
                j = r.end.max(j + 1);
                continue;
            }
            // `في` a body or place, and `إلى`/`لدى` a place or body
            // (`المبعوث الأممي إلى سوريا`, "the UN envoy to Syria"), are the
            // title's complement.
            let to_place = matches!(self.key(j), "الي" | "لدي") && j + 1 < end && self.in_place_or_body(j + 1);
            let stop = self.toks[j].kind != TokenKind::Word
                || self.is_stop(j) && self.key(j) != "في" && !to_place
                || self.is_verb(j) && !matches!(self.toks[j].pos, Some(Upos::X))
                || self.is_dative(j) && !self.domain_lam(j)
                || self.has_enclitic(j);
            if stop {
                break;
            }
            j += 1;
        }
        np
    }

    /// Whether the words layer ends token `i` with a pronoun (`نظيره`,
    /// "his counterpart").
    pub(super) fn has_enclitic(&self, i: usize) -> bool {
        let words = &self.doc.words;
        let a = words.partition_point(|w| w.token.index() < i);
        let b = words.partition_point(|w| w.token.index() <= i);
        b > a + 1 && words[b - 1].pos == Upos::PRON
    }

    /// A source or an official (`مصدر`, `مسؤولون`), residents or
    /// witnesses (`سكانا`, `شهودا`, accusative after `إن`/`أن`): the roles
    /// a body or a place after `في` belongs to.
    fn source_role(&self, i: usize) -> bool {
        let set = folded_set(&SOURCES, "مصدر مصدرا مصادر مسؤول مسؤولا مسؤولة مسؤولون مسؤولين سكان سكانا أهالي شهود شهودا");
        self.toks[i].stems.iter().any(|s| set.contains(&s.key))
    }

    /// A noun of an occasion or a statement, which `في` after a source
    /// introduces instead of a body: `مصدر في تصريح`, `مسؤول في ختام
    /// الاجتماع`.
    fn is_event(&self, i: usize) -> bool {
        let set = folded_set(
            &EVENTS,
            "تصريح تصريحات حديث بيان مقابلة مؤتمر اتصال لقاء رسالة كلمة رد تعليق ختام نهاية بداية أعقاب إطار ظل ضوء سياق خضم حينه",
        );
        set.contains(self.key(i))
    }

    /// `ل` + a noun without the article continuing a name (`المرصد
    /// السوري لحقوق الإنسان`).
    pub(super) fn lam_idafa(&self, i: usize) -> bool {
        let w = &self.toks[i].stems[0].text;
        w.starts_with('ل') && !w.starts_with("لل") && i + 1 < self.len() && self.key(i + 1).starts_with("ال")
    }

    /// A name part that binds the next word to it, article or not:
    /// `عبد الرحمن`, `أبو محمد`, `بن سلمان`, `آل ثاني`.
    fn name_link(&self, i: usize) -> bool {
        matches!(self.key(i), "عبد" | "ابو" | "بن" | "ابن" | "بنت" | "ال") && i + 1 < self.len() && self.toks[i + 1].kind == TokenKind::Word && !self.is_stop(i + 1)
    }

    /// A word with the article after a listed first name: the rest of
    /// the name (`سلمى البقالي`, `محمد الأمين`), not a new phrase.
    fn surname_after_first_name(&self, i: usize) -> bool {
        let j = i + 1;
        j < self.len()
            && self.first_name_at(i)
            && self.toks[j].kind == TokenKind::Word
            && self.key(j).starts_with("ال")
            && !self.is_stop(j)
            && !self.has_proclitic(j)
            && !lexicon().is_nationality(self.key(j))
            && !lexicon().is_title_word(self.key(j))
            && !self.in_place_or_body(j)
    }

    pub(super) fn in_person(&self, i: usize) -> bool {
        self.entity_at(i).is_some_and(|e| self.doc.entities[e].kind == EntityType::PER)
    }

    /// The speaker phrase that ends right before token `cue` (subject
    /// before the verb: `كيري قال`), starting at the sentence start or
    /// after a conjunction or comma.
    pub fn speaker_before(&self, mut cue: usize, start: usize) -> Option<Np> {
        // `وكان الجيش قد أعلن` ("the army had announced"): step over `قد`.
        if cue > start && matches!(self.key(cue - 1), "قد" | "لقد") {
            cue -= 1;
        }
        if cue == 0 || cue <= start {
            return None;
        }
        // Walk back over words that can be in a phrase.
        let mut a = cue;
        let mut limit = 6;
        while a > start && cue - a < limit {
            let j = a - 1;
            // `سكانا في منطقة الوادي قالوا` ("residents in the valley area
            // said"): a source, residents or witnesses and the body or
            // place after `في` are one subject, as after the verb
            // ([`DocView::phrase_at`]); the place alone is not the speaker.
            if self.key(j) == "في" && j > start && self.source_role(j - 1) && !self.is_event(a) {
                a = j - 1;
                limit = 9;
                continue;
            }
            if self.toks[j].kind != TokenKind::Word || self.is_stop(j) || self.is_verb(j) && !self.in_person(j) {
                break;
            }
            a = j;
        }
        // Try the longest phrase that ends exactly before the cue.
        (a..cue).find_map(|s| {
            let np = self.phrase_at(s, cue, false)?;
            (np.last + 1 == cue).then_some(np)
        })
    }
}
