//! Quotes and their speakers: who said what.
//!
//! [`QuoteStage`] finds three kinds of speech (see [`crate::QuoteKind`]):
//! - **direct**, in `« »`, `" "` or `“ ”`: the content is what lies between
//!   the marks, across sentence boundaries when the splitter cut inside;
//! - **colon**: a cue, then a colon and unmarked speech to the sentence end
//!   (`وقال الوزير: سنواصل المفاوضات`, "the minister said: we will go on
//!   negotiating");
//! - **indirect**: a cue, then `إن`/`أن` (`بأن`, `إلى أن`, `إنه` …) and the
//!   content to the sentence end (`أكد أن الاتفاق قريب`, "he stressed that
//!   the deal is near"); and attribution phrases (`بحسب المرصد`, "according
//!   to the observatory"), whose content is the rest of the sentence.
//!
//! The cue is a verb of saying in any person (`قالت`, `وأضافوا`), a
//! circumstantial participle (`مضيفا`, "adding") or a phrase (`بحسب`,
//! `وفقا لـ`, `نقلا عن`), from the fact list `lexicon/cues.txt`, matched on
//! the token with `و`/`ف` removed or on the words layer's lemma.
//!
//! The speaker is the subject after the cue (Arabic is verb-first:
//! `وقال الوزير كيري إن`), or the phrase right before it (`كيري قال`);
//! a title with a name gives the name (`الرئيس الأمريكي باراك أوباما` →
//! `باراك أوباما`), a bare role gives the role (`مصدر دبلوماسي`); a cue with
//! no subject (`وأضاف أن`, "and he added that") continues the previous
//! quote's speaker. With the entity layer present, a name's canonical form
//! is the entity's (see `ner::link`); without it, names after titles are
//! linked within the article by the same rules ([`names::link_names`]).

pub mod lexicon;
pub mod names;
pub mod speaker;
pub mod view;

use crate::document::{Document, EntityType, Layer, Quote, QuoteKind, Speaker, Upos};
use crate::pipeline::Stage;
use crate::Span;
use rustc_hash::FxHashMap;
use lexicon::CueClass;
use names::{link_names, NameMention};
use speaker::Np;
use view::DocView;

/// The quote stage: fills `Document::quotes`.
///
/// ```
/// use khabar::{Pipeline, QuoteKind};
/// use khabar::quote::QuoteStage;
/// let full = Pipeline::builder()
///     .stage(khabar::token::Tokenizer::new())
///     .stage(khabar::sentence::SentenceSplitter::new())
///     .stage(khabar::morph::stage::MorphStage::embedded().unwrap())
///     .stage(QuoteStage::new())
///     .build()
///     .unwrap();
/// // "The minister said: we will continue the negotiations."
/// let doc = full.analyze("وقال الوزير: سنواصل المفاوضات.");
/// let q = &doc.quotes[0];
/// assert_eq!(q.kind, QuoteKind::Colon);
/// assert_eq!(q.span.slice(doc.text()), "سنواصل المفاوضات");
/// assert_eq!(q.cue.unwrap().slice(doc.text()), "وقال");
/// assert_eq!(q.speaker.as_ref().unwrap().canonical, "الوزير");
/// ```
#[derive(Debug, Clone, Default)]
pub struct QuoteStage {
    _private: (),
}

impl QuoteStage {
    /// The stage, on the embedded fact lists.
    pub fn new() -> Self {
        QuoteStage { _private: () }
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Words]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }
    fn run(&self, doc: &mut Document) {
        doc.quotes = find_quotes(doc);
    }
}

/// A quote before its speaker is resolved: token ranges, inclusive.
#[derive(Debug, Clone)]
struct Cand {
    a: usize,
    b: usize,
    kind: QuoteKind,
    cue: Option<usize>,
    /// Where the speaker may be looked for after the cue (exclusive).
    bound: usize,
    /// A speaker phrase already found (attribution phrases).
    np: Option<Np>,
}

/// Top-level pairs of quotation marks `(open, close)`, token indices.
fn mark_pairs(v: &DocView<'_>) -> Vec<(usize, usize)> {
    /// A straight-quote pair longer than this is a stray mark.
    const MAX_TOKENS: usize = 300;
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut out = Vec::new();
    for i in 0..v.len() {
        if !v.punct(i) {
            continue;
        }
        let s = v.doc.token_norm(crate::TokenId(i as u32));
        let (open, close) = match s {
            "«" => (Some('«'), None),
            "“" => (Some('“'), None),
            "»" => (None, Some('«')),
            "”" => (None, Some('“')),
            "\"" if stack.last().is_some_and(|&(c, _)| c == '"') => (None, Some('"')),
            "\"" => (Some('"'), None),
            _ => (None, None),
        };
        if let Some(c) = open {
            stack.push((c, i));
        } else if let Some(c) = close {
            if let Some(pos) = stack.iter().rposition(|&(o, _)| o == c) {
                let (_, o) = stack[pos];
                stack.truncate(pos);
                if stack.is_empty() && i > o + 1 && i - o <= MAX_TOKENS {
                    out.push((o, i));
                }
            }
        }
    }
    out
}

/// Token range `(first, end)` of sentence `s`, or of the whole text.
fn sentence_range(doc: &Document, s: usize, n: usize) -> (usize, usize) {
    doc.sentences.get(s).map_or((0, n), |s| (s.first.index(), s.end.index().min(n)))
}

/// The last content token of a sentence-final stretch: drops a trailing
/// full stop and commas.
fn trim_end(v: &DocView<'_>, a: usize, mut b: usize) -> Option<usize> {
    while b >= a && (v.is_terminator(b) || v.is_punct(b, "،") || v.is_punct(b, ",") || v.is_punct(b, ":") || v.is_punct(b, "-")) {
        if b == 0 {
            return None;
        }
        b -= 1;
    }
    (b >= a).then_some(b)
}

/// Words that make a following `أن` part of a noun phrase, not speech:
/// "necessity, importance, must, after, before, without, possible".
fn blocks_complementizer(key: &str) -> bool {
    matches!(key, "ضرورا" | "اهميا" | "يجب" | "بعد" | "قبل" | "دون" | "يمكن" | "بد" | "لابد" | "على")
}

fn find_quotes(doc: &Document) -> Vec<Quote> {
    let v = DocView::new(doc);
    let n = v.len();
    if n == 0 {
        return Vec::new();
    }
    let pairs = mark_pairs(&v);
    let mut pair_of: Vec<Option<usize>> = vec![None; n];
    for (p, &(o, c)) in pairs.iter().enumerate() {
        for slot in &mut pair_of[o..=c] {
            *slot = Some(p);
        }
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut embedded = vec![false; pairs.len()];
    // Pairs the indirect scan read as a name inside its clause (`قالت
    // مصادر لـ«الخبر» إن …`): no quote of their own.
    let mut names = vec![false; pairs.len()];

    // Indirect speech: a cue, then a complementizer within the clause.
    for j in 0..n {
        let Some(class) = v.cue(j) else { continue };
        if class == CueClass::Prep || pair_of[j].is_some() {
            continue;
        }
        let (_, e) = sentence_range(doc, v.toks[j].sent, n);
        let mut found = None;
        let mut k = j;
        while k + 1 < e.min(j + 16) {
            k += 1;
            // A name in marks (`لـ«الخبر»`, "to «Al-Khabar»", a paper) right
            // before the complementizer is part of the clause, not speech.
            if let Some(p) = pair_of[k] {
                let (o, c) = pairs[p];
                let then_that = || c - o <= 4 && v.is_complementizer(c + 1) && v.key(c + 1) != "انا";
                if o == k && c + 1 < e && (then_that() || v.named_in_marks(o, e) == Some(c)) {
                    names[p] = true;
                    k = c;
                    continue;
                }
            }
            if pair_of[k].is_some() || v.is_punct(k, ":") || v.cue(k).is_some() {
                break;
            }
            // An aside between commas before the complementizer: `وأكدت
            // الوزيرة، في مؤتمر عقدته أمس، أن …` ("the minister stressed,
            // at a conference she held yesterday, that …").
            if v.is_punct(k, "،") || v.is_punct(k, ",") {
                let close = (k + 1..e.min(k + 12)).find(|&m| v.is_punct(m, "،") || v.is_punct(m, ","));
                if let Some(m) = close.filter(|&m| m + 1 < e && pair_of[m + 1].is_none() && v.is_complementizer(m + 1)) {
                    found = Some(m + 1);
                    break;
                }
            }
            if v.is_complementizer(k) {
                if !blocks_complementizer(v.key(k - 1)) {
                    found = Some(k);
                }
                break;
            }
            if v.toks[k].pos == Some(crate::Upos::VERB) && !v.key(k).starts_with("قول") {
                break;
            }
        }
        let Some(k) = found else { continue };
        let Some(mut b) = trim_end(&v, k + 1, e.saturating_sub(1)) else { continue };
        let a = k + 1;
        if let Some(p) = pair_of[a] {
            let (o, c) = pairs[p];
            if o == a && c + 1 >= b {
                // `قال إن «…»`: the marked quote itself, found below.
                continue;
            }
        }
        // A pair that opens inside and closes after the sentence is a quote
        // of its own; one wholly inside is part of this one.
        for t in a..=b {
            if let Some(p) = pair_of[t] {
                if pairs[p].0 == t {
                    if pairs[p].1 > b + 1 {
                        b = t.saturating_sub(1);
                        break;
                    }
                    embedded[p] = true;
                }
            }
        }
        if b < a {
            continue;
        }
        cands.push(Cand { a, b, kind: QuoteKind::Indirect, cue: Some(j), bound: k, np: None });
    }

    // Colon speech: a cue, then a colon not followed by marks.
    for i in 0..n {
        if !v.is_punct(i, ":") || pair_of[i].is_some() {
            continue;
        }
        let (s, e) = sentence_range(doc, v.toks[i].sent, n);
        if i + 1 >= e || pair_of[i + 1].is_some() {
            continue;
        }
        let cue = (s.max(i.saturating_sub(12))..i).rev().take_while(|&j| pair_of[j].is_none()).find(|&j| v.cue(j).is_some());
        // No cue: a headline `لافروف: …` ("Lavrov: …"), the speaker alone
        // before the colon.
        let np = if cue.is_none() { v.phrase_at(s, i, false).filter(|np| np.last + 1 == i) } else { None };
        if cue.is_none() && np.is_none() {
            continue;
        }
        let Some(mut b) = trim_end(&v, i + 1, e - 1) else { continue };
        for t in i + 1..=b {
            if let Some(p) = pair_of[t] {
                if pairs[p].0 == t && pairs[p].1 > b + 1 {
                    b = t.saturating_sub(1);
                    break;
                }
                embedded[p] = true;
            }
        }
        if b > i {
            cands.push(Cand { a: i + 1, b, kind: QuoteKind::Colon, cue, bound: i, np });
        }
    }

    // Direct speech in marks.
    for (p, &(o, c)) in pairs.iter().enumerate() {
        if embedded[p] {
            continue;
        }
        let (s, _) = sentence_range(doc, v.toks[o].sent, n);
        // A name in marks: one the indirect scan read inside its clause
        // (`قالت مصادر لـ«الخبر» إن …`), or a short one after a head word,
        // `موقع`, `منصة`, `حساب` or a bare preposition (`صحيفة «الشرق
        // الأوسط»`): whom or what the clause names, not speech.
        if names[p] || v.named_in_marks(o, n) == Some(c) {
            continue;
        }
        let mut cue = (s..o).rev().take_while(|&j| pair_of[j].is_none()).find(|&j| v.cue(j).is_some());
        let mut bound = o;
        if cue.is_none() {
            // Attribution after the marks: `«…»، قال الوزير`.
            let (_, e) = sentence_range(doc, v.toks[c].sent, n);
            let mut k = c + 1;
            if k < e && (v.is_punct(k, "،") || v.is_punct(k, ",") || v.is_punct(k, "-")) {
                k += 1;
            }
            // `«…»، هكذا قال الوزير` ("…, thus said the minister"); after
            // `هكذا` any verb attributes (`هكذا علق`, "thus commented").
            let thus = k + 1 < e && v.key(k) == "هكذا";
            if thus {
                k += 1;
            }
            if k < e && (v.cue(k) == Some(CueClass::Verb) || thus && v.is_verb(k)) {
                cue = Some(k);
                bound = e;
            }
        }
        if cue.is_none() {
            // No cue: speech only if it reads as a statement, not a name in
            // scare quotes.
            let words = (o + 1..c).filter(|&t| v.toks[t].kind == crate::TokenKind::Word).count();
            let verb = (o + 1..c).any(|t| v.toks[t].pos == Some(crate::Upos::VERB));
            let own_sentence = o == s || (o > s && v.is_punct(o - 1, ":"));
            if words < 3 || !(verb || own_sentence || v.is_terminator(c - 1)) {
                continue;
            }
        }
        // A full stop inside the marks ends the sentence, not the words.
        let b = if c - 1 > o + 1 && v.is_punct(c - 1, ".") { c - 2 } else { c - 1 };
        cands.push(Cand { a: o + 1, b, kind: QuoteKind::Direct, cue, bound, np: None });
    }

    // An opening mark after a cue that nothing closes in its sentence
    // (`وقال الوزير " نعتقد أن …` to the sentence's end): text cut into
    // sentences, or a closing mark lost. Speech up to the sentence's end.
    let stray = |t: usize| pair_of[t].is_none() && v.punct(t) && matches!(v.doc.token_norm(crate::TokenId(t as u32)), "«" | "»" | "“" | "”" | "\"");
    for o in 0..n {
        if !stray(o) || matches!(v.doc.token_norm(crate::TokenId(o as u32)), "»" | "”") {
            continue;
        }
        let (s, e) = sentence_range(doc, v.toks[o].sent, n);
        // The only stray mark of its sentence: with another one (`» … «`,
        // marks written the other way round) the marks say nothing sure.
        if (s..e).any(|t| t != o && stray(t)) || (o + 1..e).any(|t| pair_of[t].is_some()) {
            continue;
        }
        // The cue close before the mark, with no `إن`/`أن` between: that
        // is indirect speech, found above.
        let Some(cue) = (s.max(o.saturating_sub(8))..o).rev().take_while(|&j| pair_of[j].is_none() && !v.is_complementizer(j)).find(|&j| v.cue(j) == Some(CueClass::Verb)) else { continue };
        let Some(b) = trim_end(&v, o + 1, e.saturating_sub(1)) else { continue };
        let words = (o + 1..=b).filter(|&t| v.toks[t].kind == crate::TokenKind::Word).count();
        if words >= 3 {
            cands.push(Cand { a: o + 1, b, kind: QuoteKind::Direct, cue: Some(cue), bound: o, np: None });
        }
    }

    // Attribution phrases: `بحسب المرصد` at the start or the end of a
    // sentence.
    for j in 0..n {
        if v.cue(j) != Some(CueClass::Prep) || pair_of[j].is_some() {
            continue;
        }
        if cands.iter().any(|c| c.a <= j && j <= c.b) {
            continue;
        }
        let (s, e) = sentence_range(doc, v.toks[j].sent, n);
        let mut k = j + 1;
        if k < e && matches!(v.key(k), "ل" | "عن" | "الي") {
            k += 1;
        }
        let Some(np) = v.speaker_after(k, e, true) else { continue };
        if is_norm(&v, &np) {
            continue;
        }
        let (a, b) = if j == s {
            let mut a = np.last + 1;
            while a < e && (v.punct(a) || v.is_complementizer(a)) {
                a += 1;
            }
            match trim_end(&v, a, e.saturating_sub(1)) {
                Some(b) if a < e => (a, b),
                _ => continue,
            }
        } else {
            match trim_end(&v, s, j - 1) {
                Some(b) => (s, b),
                None => continue,
            }
        };
        cands.push(Cand { a, b, kind: QuoteKind::Indirect, cue: Some(j), bound: e, np: Some(np) });
    }

    cands.sort_by_key(|c| (c.a, c.kind != QuoteKind::Direct));
    // A quote runs up to the cue of the next one in its sentence
    // (`قال إن …، مضيفا أن …`).
    let cues: Vec<usize> = cands.iter().filter_map(|c| c.cue).collect();
    for c in &mut cands {
        if c.kind == QuoteKind::Direct {
            continue;
        }
        if let Some(&next) = cues.iter().filter(|&&q| q > c.a && q <= c.b).min() {
            // The cue token itself may carry `و`: cut before it.
            match trim_end(&v, c.a, next - 1) {
                Some(b) => c.b = b,
                None => c.b = c.a.saturating_sub(1),
            }
        }
    }
    cands.retain(|c| c.b >= c.a);
    let snapshot = cands.clone();
    cands.retain(|c| !snapshot.iter().any(|o| (o.a, o.b) != (c.a, c.b) && o.a <= c.a && c.b <= o.b));
    cands.dedup_by_key(|c| (c.a, c.b));

    resolve_speakers(&v, &cands)
}

/// What a quote's speaker resolved to before names are linked.
enum Who {
    None,
    Span(Span, String),
    /// A name with no entity behind it: index into the pseudo-mentions.
    Pseudo(usize),
    /// The speaker of an earlier quote.
    Same(usize),
}

fn resolve_speakers(v: &DocView<'_>, cands: &[Cand]) -> Vec<Quote> {
    let doc = v.doc;
    let n = v.len();
    let mut pseudo: Vec<NameMention> = Vec::new();
    // Names written after a title anywhere in the article, so that a later
    // surname links to them even without an entity layer.
    for i in 0..n {
        let (_, e) = sentence_range(doc, v.toks[i].sent, n);
        if let Some((t, _)) = v.title_at(i, e) {
            if let Some(np) = v.phrase_at(i, e, true).filter(|np| np.title == t && np.last >= i + t) {
                let span = v.span(i + t, 0, np.last);
                pseudo.push(NameMention { span, text: v.nlp_of(span), person: true, org: false });
            }
        }
    }

    // Person entities a speaker phrase widened to the left (narrow
    // canonical, wide canonical): see [`np_who`]; and to the right, over a
    // surname the article uses alone (see [`Widened::right`]).
    let mut widened = Widened { left: Vec::new(), right: surnames_left_out(v) };
    for (_, span, text) in &widened.right {
        pseudo.push(NameMention { span: *span, text: text.clone(), person: true, org: false });
    }
    let mut who: Vec<Who> = Vec::with_capacity(cands.len());
    for (qi, c) in cands.iter().enumerate() {
        let sent = c.cue.map_or(v.toks[c.a].sent, |j| v.toks[j].sent);
        let (s, e) = sentence_range(doc, sent, n);
        let previous = (0..qi).rev().find(|&p| !matches!(who[p], Who::None));
        // The gender a quote's speaker showed on its own cue (following
        // continuations back to the quote that named the speaker).
        let shown = |mut p: usize| {
            while let Who::Same(r) = who[p] {
                p = r;
            }
            cands[p].cue.and_then(|j| cue_gender(v, j))
        };
        // No subject: the previous speaker, unless the cue's gender says
        // otherwise (`وأضافت`, "and she added", after a man's quote): then
        // the last earlier speaker whose cue agrees.
        let continuation = || {
            let Some(p) = previous else { return Who::None };
            match (c.cue.and_then(|j| cue_gender(v, j)), shown(p)) {
                (Some(g), Some(pg)) if g != pg => {
                    (0..p).rev().find(|&q| !matches!(who[q], Who::None) && shown(q) == Some(g)).map_or(Who::Same(p), Who::Same)
                }
                _ => Who::Same(p),
            }
        };
        let w = match (c.cue, c.cue.and_then(|j| v.cue(j))) {
            (Some(_), Some(CueClass::Prep)) => c.np.map_or(Who::None, |np| np_who(v, np, &mut pseudo, &mut widened)),
            (Some(j), Some(CueClass::Participle)) => {
                // Same speaker as the clause it hangs on: an earlier quote
                // of the sentence, or the subject of an earlier cue verb, or
                // else of the sentence's first verb (`وانتقدت النقابة القرار،
                // معتبرة أنه …`, "the union criticized the decision,
                // considering it …": the union, not the last speaker).
                let earlier = (0..qi).rev().find(|&p| cands[p].cue.is_some_and(|k| k >= s && k < j));
                match earlier {
                    Some(p) => Who::Same(p),
                    None => {
                        let verb = (s..j)
                            .find(|&k| matches!(v.cue(k), Some(CueClass::Verb | CueClass::Transmit)))
                            .or_else(|| (s..j).find(|&k| v.is_verb(k)));
                        let np = match verb {
                            Some(k) => v.speaker_after(k + 1, j, false),
                            None => untagged_verb_subject(v, s, j),
                        };
                        match np {
                            Some(np) => np_who(v, np, &mut pseudo, &mut widened),
                            None => continuation(),
                        }
                    }
                }
            }
            (Some(j), class) => {
                let bound = if c.bound > j { c.bound.min(e) } else { e };
                let mut after = j + 1;
                if class == Some(CueClass::Transmit) {
                    if let Some(k) = (j + 1..bound).find(|&k| v.key(k) == "عن") {
                        after = k + 1;
                    }
                }
                let np = v.speaker_after(after, bound, false).or_else(|| {
                    // Subject first (`كيري قال`): only when the cue has no
                    // conjunction, or the phrase opens the sentence.
                    let start = (0..qi).rev().find(|&p| cands[p].b < j && cands[p].b >= s).map_or(s, |p| cands[p].b + 1);
                    v.speaker_before(j, start)
                });
                // No subject: a person who opened the clause before the
                // cue, or the sentence before it when that holds no quote
                // (`واستقبل الوزير فلان الوفد. وقال إنه …`, "the minister
                // X received the delegation. He said …"), else the
                // previous speaker.
                // Not for a cue that adds to what was said (`وأضاف`,
                // `وتابعت`) when there is a previous speaker, and not for a
                // person whose verb's gender is not the cue's.
                let cue_g = cue_gender(v, j);
                let agrees = |k: usize| cue_g.is_none_or(|g| verb_gender(v, k) == g);
                let adds = previous.is_some() && continues(v, j);
                let named = || {
                    if adds {
                        return None;
                    }
                    opening_person(v, s, j).filter(|_| agrees(s)).or_else(|| {
                        let (ps, pe) = sentence_range(doc, sent.checked_sub(1)?, n);
                        let quoted = cands.iter().any(|o| o.a < pe && o.b >= ps);
                        if quoted || pe > j {
                            return None;
                        }
                        opening_person(v, ps, pe).filter(|_| agrees(ps))
                    })
                };
                match np.or_else(named) {
                    Some(np) => np_who(v, np, &mut pseudo, &mut widened),
                    None => continuation(),
                }
            }
            (None, _) if c.np.is_some() => c.np.map_or(Who::None, |np| np_who(v, np, &mut pseudo, &mut widened)),
            (None, _) => {
                // Marks with no cue: a colon after a speaker, or more of
                // the previous speaker's words.
                // After the colon, also the subject of the verb that opens
                // the sentence: `وكتب الرئيس على منصة «إكس»: «…»` ("the
                // president wrote on the platform «X»: «…»").
                let o = c.a - 1;
                let colon = o > s && v.is_punct(o - 1, ":");
                let opener = || (v.is_verb(s) && !v.is_verb(s + 1)).then(|| v.speaker_after(s + 1, o - 1, false)).flatten();
                match colon.then(|| v.speaker_before(o - 1, s).or_else(opener)).flatten() {
                    Some(np) => np_who(v, np, &mut pseudo, &mut widened),
                    None => match previous {
                        Some(p) if v.toks[cands[p].b].sent + 2 >= v.toks[c.a].sent => Who::Same(p),
                        _ => Who::None,
                    },
                }
            }
        };
        who.push(w);
    }

    // Entities take part too: a bare surname links to a full entity name.
    let entity_base = pseudo.len();
    let mut all = pseudo.clone();
    all.extend(doc.entities.iter().map(|e| NameMention { span: e.span, text: e.canonical.clone(), person: e.kind == EntityType::PER, org: e.kind == EntityType::ORG }));
    let links = link_names(&all);
    let canonical_of = |i: usize| {
        let j = links[i];
        if j >= entity_base {
            doc.entities[j - entity_base].canonical.clone()
        } else {
            all[j].text.clone()
        }
    };
    let mut out: Vec<Quote> = Vec::with_capacity(cands.len());
    for (qi, c) in cands.iter().enumerate() {
        let mut w = &who[qi];
        while let Who::Same(p) = w {
            w = &who[*p];
        }
        // A later mention of a widened person (`العتيبي`, linked to the
        // entity `فهد العتيبي`) takes the wide name too.
        let wide = |c: String| widened.left.iter().find(|(narrow, _)| *narrow == c).map_or(c, |(_, w)| w.clone());
        let speaker = match w {
            Who::None | Who::Same(_) => None,
            Who::Span(span, canonical) => Some(Speaker { span: *span, canonical: wide(canonical.clone()) }),
            Who::Pseudo(i) => Some(Speaker { span: pseudo[*i].span, canonical: wide(canonical_of(*i)) }),
        };
        let span = Span { start: doc.tokens[c.a].span.start, end: doc.tokens[c.b].span.end };
        out.push(Quote { span, kind: c.kind, cue: c.cue.map(|j| doc.tokens[j].span), speaker });
    }
    out
}

/// The gender a past or present verb at `k` shows: feminine when it ends
/// in `ت` (`استقبلت`, "she received") or starts with `ت` (`تقول`), else
/// masculine. A conjunction before it is left out.
fn verb_gender(v: &DocView<'_>, k: usize) -> Gender {
    let w = without_conjunction(v, k);
    if w.ends_with('ت') || w.starts_with('ت') {
        Gender::Feminine
    } else {
        Gender::Masculine
    }
}

/// A cue that adds to what the previous speaker said (`وأضاف`, "and he
/// added"; `وتابعت`, `وأردف`, `واستطرد`).
fn continues(v: &DocView<'_>, j: usize) -> bool {
    let k = lexicon::fold_key(without_conjunction(v, j));
    ["اضاف", "يضيف", "تضيف", "تابع", "يتابع", "تتابع", "اردف", "استطرد"].iter().any(|p| k.starts_with(p))
}

/// Token `k` as written, without a leading `و`/`ف` when at least three
/// letters remain (`وأضاف` → `أضاف`; `وصل` stays).
fn without_conjunction<'d>(v: &'d DocView<'_>, k: usize) -> &'d str {
    let tok = v.toks[k].stems.first().map_or("", |s| s.text.as_str());
    tok.strip_prefix('و').or_else(|| tok.strip_prefix('ف')).filter(|r| r.chars().count() >= 3).unwrap_or(tok)
}

/// The person who is the subject of the verb that opens the stretch
/// `s..end` (a sentence, or the part of one before a cue): `واستقبل رئيس
/// الوزراء فلان الوفد` ("and the prime minister X received the
/// delegation"). `None` when the stretch does not open with a verb that
/// is not itself a cue, or its subject is not a person (a title with a
/// name, a person entity, a bare name).
fn opening_person(v: &DocView<'_>, s: usize, end: usize) -> Option<Np> {
    if s + 1 >= end || !v.is_verb(s) || v.cue(s).is_some() {
        return None;
    }
    let np = v.speaker_after(s + 1, end, false)?;
    let person = (np.first..=np.last).any(|t| v.in_person(t)) || np.bare_name || np.title > 0 && np.last >= np.first + np.title;
    person.then_some(np)
}

/// The subject of a clause whose verb the tagger read as a noun, for a
/// participle at `j` in a sentence from `s` with no verb before it: `في
/// المقابل، نشر فلان رسالة قائلا: …` ("in turn, X posted a message,
/// saying: …"), where `نشر` ("posted") was tagged as the noun "posting".
/// The clause's first word (at the sentence start or after a comma),
/// bare, followed by a person: a person entity, a proper name, or a title
/// with a name. Otherwise the participle would take the previous speaker.
fn untagged_verb_subject(v: &DocView<'_>, s: usize, j: usize) -> Option<Np> {
    (s..j).find_map(|k| {
        let opens = k == s || v.is_punct(k - 1, "،") || v.is_punct(k - 1, ",");
        let bare_noun = v.toks[k].kind == crate::TokenKind::Word
            && v.toks[k].pos == Some(Upos::NOUN)
            && !v.is_stop(k)
            && !v.key(k).starts_with("ال")
            && !v.has_proclitic(k);
        if !opens || !bare_noun {
            return None;
        }
        let np = v.phrase_at(k + 1, j, false)?;
        let person = v.in_person(np.first) || np.bare_name || np.title > 0 && np.last >= np.first + np.title;
        person.then_some(np)
    })
}

/// A speaker's grammatical gender, as a cue shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Masculine,
    Feminine,
}

/// The gender a cue shows its speaker to have: a verb of saying agrees
/// with its subject (`قالت`, "she said"; `قال`, `يقول`; `تقول`), a
/// participle with the speaker it follows (`مضيفة`; `مضيفا`). `None` for
/// plurals and relaying verbs.
fn cue_gender(v: &DocView<'_>, j: usize) -> Option<Gender> {
    let class = v.cue(j)?;
    let tok = v.toks[j].stems.first()?.text.as_str();
    // The cue itself, without a conjunction when that is what matched.
    let w = match tok.strip_prefix('و').or_else(|| tok.strip_prefix('ف')) {
        Some(rest) if lexicon::lexicon().cue_form(&lexicon::fold_key(rest)).is_some() => rest,
        _ => tok,
    };
    match class {
        CueClass::Verb => {
            // The ending added to the verb's base form (the lexicon's
            // lemma), not the word's first or last letter: `تابع` and `لفت`
            // ("he continued", "he pointed out") are masculine bases.
            let lex = lexicon::lexicon();
            let key = lexicon::fold_key(w);
            let base = |suffix: &str| key.strip_suffix(suffix).is_some_and(|b| lex.cue_lemma(b).is_some());
            if lex.cue_lemma(&key).is_some() || base("ا") && !base("تا") {
                Some(Gender::Masculine)
            } else if base("ت") || base("تا") {
                Some(Gender::Feminine)
            } else if base("وا") || base("ن") {
                None
            } else if w.starts_with('ي') {
                Some(Gender::Masculine)
            } else if w.starts_with('ت') {
                Some(Gender::Feminine)
            } else {
                None
            }
        }
        CueClass::Participle => {
            if w.ends_with('ة') || w.ends_with("ةً") {
                Some(Gender::Feminine)
            } else if w.ends_with('ا') || w.ends_with("اً") {
                Some(Gender::Masculine)
            } else {
                None
            }
        }
        CueClass::Prep | CueClass::Transmit => None,
    }
}

/// Person entities a speaker resolution widened.
struct Widened {
    /// Narrow canonical, wide canonical: a first name the entity left out
    /// before it (see [`np_who`]).
    left: Vec<(String, String)>,
    /// Entity span, wide span, wide text: a surname left out after it
    /// ([`surnames_left_out`]).
    right: Vec<(Span, Span, String)>,
}

/// Person entities followed by a word with the article that the entity
/// model left out and the article uses alone as a speaker right after a
/// cue elsewhere: `نضال خليل` + `الطويل` … `وقال الطويل:` ("Nidal Khalil
/// al-Tawil … al-Tawil said:"). That word is the person's surname: the
/// mention widens over it, and the lone word links to the whole name.
fn surnames_left_out(v: &DocView<'_>) -> Vec<(Span, Span, String)> {
    let doc = v.doc;
    let n = v.len();
    let lex = lexicon::lexicon();
    let mut out = Vec::new();
    // Words alone right after a cue (followed by no more of a name), and
    // where: found once, not per entity, and only when a person is
    // followed by a word that could be a surname.
    let mut after_cue: Option<FxHashMap<&str, Vec<usize>>> = None;
    for e in doc.entities.iter().filter(|e| e.kind == EntityType::PER) {
        let r = v.tokens_in(e.span);
        let j = r.end;
        if r.is_empty() || j >= n || v.toks[j].sent != v.toks[r.start].sent || v.entity_at(j).is_some() {
            continue;
        }
        let key = v.key(j);
        let surname_like = v.toks[j].kind == crate::TokenKind::Word
            && key.starts_with("ال")
            && key.chars().count() > 3
            && !v.is_stop(j)
            && !v.is_verb(j)
            && !v.has_proclitic(j)
            // A nationality word is a surname too when the article uses
            // it alone as a subject (`محمد شياع السوداني` … `وأضاف
            // السوداني أن`): as an adjective it would not stand alone
            // after a cue, so that use marks the surname.
            && !lex.is_title_word(key)
            && !v.in_place_or_body(j);
        if !surname_like {
            continue;
        }
        // Alone right after a cue, and followed by no more of a name.
        let after_cue = after_cue.get_or_insert_with(|| {
            let mut m: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
            for k in 1..n {
                if v.cue(k - 1).is_some() && v.entity_at(k).is_none() && (k + 1 >= n || v.toks[k + 1].kind != crate::TokenKind::Word || v.is_stop(k + 1)) {
                    m.entry(v.key(k)).or_default().push(k);
                }
            }
            m
        });
        let alone = after_cue.get(key).is_some_and(|at| at.iter().any(|&k| k != j));
        if alone {
            let span = Span { start: e.span.start, end: doc.tokens[j].span.end };
            out.push((e.span, span, v.nlp_of(span)));
        }
    }
    out
}

/// A speaker phrase to a speaker: the person entity in it, an entity it
/// starts with, the name after its title, or the phrase as a role.
fn np_who(v: &DocView<'_>, np: Np, pseudo: &mut Vec<NameMention>, widened: &mut Widened) -> Who {
    let doc = v.doc;
    let whole = v.span(np.first, np.prefix, np.last);
    let after_title = if np.title > 0 && np.first + np.title <= np.last { Some(v.span(np.first + np.title, 0, np.last)) } else { None };
    let overlaps = |e: &crate::Entity, s: Span| e.span.start < s.end && s.start < e.span.end;
    if let Some(e) = doc.entities.iter().find(|e| e.kind == EntityType::PER && overlaps(e, after_title.unwrap_or(whole))) {
        // The entity model may leave a first name out of a person
        // (`وزيرة المالية نورة فهد العتيبي` → `فهد العتيبي`, `الباحثة ريما
        // أبو جودة` → `أبو جودة`). Right after a title, the name-like
        // words between the title and the entity are the start of that
        // name: the speaker is widened over them, and so are later
        // mentions that link to the entity (`وأشارت العتيبي`).
        let name_start = np.first + np.title;
        let ent = v.tokens_in(e.span);
        if np.title > 0 && name_start < ent.start && ent.end - 1 <= np.last && (name_start..ent.start).all(|k| v.name_like(k)) {
            let span = Span { start: doc.tokens[name_start].span.start, end: e.span.end };
            let text = v.nlp_of(span);
            if !widened.left.iter().any(|(n, _)| *n == e.canonical) {
                widened.left.push((e.canonical.clone(), text.clone()));
            }
            return Who::Span(span, text);
        }
        if let Some((_, span, text)) = widened.right.iter().find(|(s, _, _)| *s == e.span) {
            return Who::Span(*span, text.clone());
        }
        return Who::Span(e.span, e.canonical.clone());
    }
    if np.title == 0 {
        if let Some(e) = doc.entities.iter().find(|e| overlaps(e, v.doc.tokens[np.first].span)) {
            return Who::Span(e.span, e.canonical.clone());
        }
    }
    // What follows a title is a name unless the tagger saw only common
    // words there: `مدير مدرسة إعدادية` ("the head of a middle school") is
    // a role as a whole, not the title `مدير` and a person `مدرسة إعدادية`.
    let common = |a: usize, b: usize| {
        (a..=b).all(|i| matches!(v.toks[i].pos, Some(Upos::NOUN | Upos::ADJ | Upos::ADP | Upos::DET | Upos::NUM)))
    };
    let after_title = after_title.filter(|_| !common(np.first + np.title, np.last));
    // A word with the article the entity layer left alone, which is the
    // last word of a person found elsewhere (`وأكدت البقالي` after `سلمى
    // البقالي`), is that person's surname.
    let surname = np.title == 0 && np.first == np.last && {
        let key = lexicon::fold_key(&v.stem_text(np.first, np.prefix, np.last));
        let ends_with_key = |name: &str| name.rsplit_once(' ').is_some_and(|(_, w)| lexicon::fold_key(w) == key);
        key.starts_with("ال") && doc.entities.iter().any(|e| e.kind == EntityType::PER && ends_with_key(&e.canonical))
            || widened.right.iter().any(|(_, _, t)| ends_with_key(t))
    };
    if let Some(span) = after_title.or((np.bare_name || surname).then_some(whole)) {
        pseudo.push(NameMention { span, text: v.nlp_of(span), person: true, org: false });
        return Who::Pseudo(pseudo.len() - 1);
    }
    // A title alone, of two words or more, that a person named earlier
    // carries (`مدرب المنتخب الجزائري` after `مدرب المنتخب الجزائري لكرة
    // القدم رابح زروقي`) is that person. One word (`المتحدث`) is too
    // general to say whom.
    if np.title > 0 && np.first + np.title > np.last && np.last > np.first {
        let role = lexicon::fold_key(&v.stem_text(np.first, np.prefix, np.last));
        let before = |e: &&crate::Entity| e.span.end <= whole.start;
        let titled = doc.entities.iter().filter(before).rev().find(|e| {
            e.kind == EntityType::PER && e.title.is_some_and(|t| lexicon::fold_key(t.slice(doc.text())).starts_with(&role))
        });
        if let Some(e) = titled {
            return Who::Span(e.span, e.canonical.clone());
        }
    }
    Who::Span(whole, v.stem_text(np.first, np.prefix, np.last))
}

/// Whether an attribution phrase's "source" is a rule, not a speaker:
/// `وفق القانون` is "in accordance with the law", where `بحسب المرصد`
/// ("according to the observatory") names who said it.
fn is_norm(v: &DocView<'_>, np: &Np) -> bool {
    static NORMS: std::sync::OnceLock<rustc_hash::FxHashSet<String>> = std::sync::OnceLock::new();
    // Laws, texts and rules a statement can conform to. (Not `نظام` or
    // `برنامج`: also a regime and a programme, which speak.)
    let norms = speaker::folded_set(
        &NORMS,
        "قانون قوانين دستور لائحة لوائح اتفاق اتفاقية اتفاقيات قرار قرارات مادة بند بنود شريعة معايير معيار \
         خطة جدول عقد مرسوم ميثاق قواعد قاعدة شروط أحكام تعليمات توجيهات إجراءات مبادئ مبدأ أصول نصوص نص \
         بروتوكول مذكرة تشريعات تشريع",
    );
    // A named body is a source whatever its head word.
    if v.entity_at(np.first).is_some_and(|e| v.doc.entities[e].kind == EntityType::ORG) {
        return false;
    }
    let key = v.toks[np.first].stems.iter().find(|s| s.prefix_chars == np.prefix).map_or("", |s| s.key.as_str());
    norms.contains(key.strip_prefix("ال").unwrap_or(key))
}
