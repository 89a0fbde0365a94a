//! In-document name linking: which mention of an article is the fullest
//! name of the same entity. Used by [`crate::ner::link`]-style linking of
//! entities and by quote speakers when no entity layer is there.

use super::lexicon::fold_key;
use super::view::{nlp_of, tokens_in, DocView};
use crate::document::{Document, EntityType};
use crate::Span;

/// A name mention to link.
#[derive(Debug, Clone)]
pub struct NameMention {
    /// Where it is written (no clitics, no title).
    pub span: Span,
    /// Its nlp-level text.
    pub text: String,
    /// True for a person: persons link a surname to the full name.
    pub person: bool,
    /// True for an organization: a short name links to the one longer
    /// organization name that starts with it (`الوداد` → `الوداد
    /// البيضاوي`).
    pub org: bool,
}

/// For each mention, the index of the mention whose text is its canonical
/// name: for a person, the longest person mention whose folded words end
/// with this one's (`أوباما` → `باراك أوباما`), spelling variants folded
/// (`سورية` = `سوريا`); for other mentions, the first one spelled the same.
/// A person or an organization no fuller name ends with links to the one
/// longer name of its kind that starts with it (`محمد` → `محمد الغنوشي`,
/// `الوداد` → `الوداد البيضاوي`), when only one does. Among several
/// different full names that fit, the nearest one before the mention
/// wins, else the first one after; the canonical text is that name's
/// first occurrence.
///
/// ```
/// use khabar::quote::names::{link_names, NameMention};
/// use khabar::Span;
/// let m = |s: u32, t: &str| NameMention { span: Span { start: s, end: s + 1 }, text: t.into(), person: true, org: false };
/// // "Barack Obama" … "Obama" … "Kerry" … "John Kerry"
/// let ms = [m(0, "باراك أوباما"), m(10, "اوباما"), m(20, "كيري"), m(30, "جون كيري")];
/// assert_eq!(link_names(&ms), [0, 0, 3, 3]);
/// ```
pub fn link_names(mentions: &[NameMention]) -> Vec<usize> {
    let keys: Vec<Vec<String>> = mentions.iter().map(|m| fold_key(&m.text).split(' ').map(str::to_string).collect()).collect();
    (0..mentions.len())
        .map(|i| {
            let me = &keys[i];
            let fits = |j: usize| {
                let k = &keys[j];
                mentions[j].person == mentions[i].person
                    && if mentions[i].person { k.len() >= me.len() && k[k.len() - me.len()..] == me[..] } else { k == me }
            };
            let mut cands: Vec<usize> = (0..mentions.len()).filter(|&j| fits(j)).collect();
            let same_kind = |j: usize| mentions[j].person == mentions[i].person && mentions[j].org == mentions[i].org;
            if (mentions[i].person || mentions[i].org) && cands.iter().all(|&j| keys[j].len() == me.len()) {
                // No fuller name ends with it: a first name (`الشيخ محمد`)
                // links to the one full name that starts with it, if only one
                // does; so does an organization's short name (`الوداد` →
                // `الوداد البيضاوي`; not `الاتحاد` when the article has
                // `الاتحاد الأوروبي` and `الاتحاد الأفريقي`).
                let starts: Vec<usize> = (0..mentions.len())
                    .filter(|&j| same_kind(j) && keys[j].len() > me.len() && keys[j][..me.len()] == me[..])
                    .collect();
                let distinct: std::collections::BTreeSet<&Vec<String>> = starts.iter().map(|&j| &keys[j]).collect();
                if distinct.len() == 1 {
                    cands = starts;
                }
            }
            let Some(max) = cands.iter().map(|&j| keys[j].len()).max() else { return i };
            let longest: Vec<usize> = cands.into_iter().filter(|&j| keys[j].len() == max).collect();
            let at = mentions[i].span.start;
            // Nearest before (or itself), else first after.
            let pick = longest.iter().copied().filter(|&j| mentions[j].span.start <= at).max_by_key(|&j| mentions[j].span.start).unwrap_or_else(|| longest[0]);
            // The first occurrence of the picked name's spelling-folded form.
            longest.iter().copied().find(|&j| keys[j] == keys[pick]).unwrap_or(pick)
        })
        .collect()
}

/// Link the entities of `doc` in place (the work of `ner::link::LinkStage`):
/// trim a title out of a person mention into `title`, or set `title` to the
/// title written right before it; then give every mention the canonical
/// name of [`link_names`]. Reads tokens and sentences; words when there.
///
/// ```
/// use khabar::{Document, Entity, EntityType, Span, Stage};
/// // "Minister Kerry said … Kerry added": the first mention holds the title.
/// let text = "قال الوزير جون كيري كلاما. وأضاف كيري كلاما.";
/// let mut doc = Document::new(text);
/// khabar::token::Tokenizer::new().run(&mut doc);
/// khabar::sentence::SentenceSplitter::new().run(&mut doc);
/// let a = text.find("الوزير").unwrap();
/// let b = text.rfind("كيري").unwrap();
/// doc.entities.push(Entity { span: Span::new(a, a + "الوزير جون كيري".len()), kind: EntityType::PER, canonical: String::new(), title: None });
/// doc.entities.push(Entity { span: Span::new(b, b + "كيري".len()), kind: EntityType::PER, canonical: String::new(), title: None });
/// khabar::quote::names::link_entities(&mut doc);
/// assert_eq!(doc.entities[0].span.slice(text), "جون كيري");
/// assert_eq!(doc.entities[0].title.unwrap().slice(text), "الوزير");
/// assert_eq!(doc.entities[1].canonical, "جون كيري");
/// ```
pub fn link_entities(doc: &mut Document) {
    let edits = titles(doc);
    // The entity stage's own form (`البيت الأبيض` for the span `لبيت
    // الأبيض` after `ل`; `الولايات المتحدة` for a repaired glued token)
    // is kept as the mention's text unless the title step moves the span.
    let mut own: Vec<Option<String>> = Vec::with_capacity(doc.entities.len());
    for (e, (span, title)) in doc.entities.iter_mut().zip(edits) {
        own.push((span == e.span && !e.canonical.is_empty()).then(|| e.canonical.clone()));
        e.span = span;
        if title.is_some() {
            e.title = title;
        }
    }
    let mentions: Vec<NameMention> = doc
        .entities
        .iter()
        .zip(own)
        .map(|(e, own)| NameMention {
            span: e.span,
            text: own.unwrap_or_else(|| nlp_of(doc, e.span)),
            person: e.kind == EntityType::PER,
            org: e.kind == EntityType::ORG,
        })
        .collect();
    let links = link_names(&mentions);
    for (e, j) in doc.entities.iter_mut().zip(links) {
        e.canonical = mentions[j].text.clone();
    }
}

/// For each entity, its span with any leading title trimmed off, and the
/// title span (inside the old mention, or written right before it).
fn titles(doc: &Document) -> Vec<(Span, Option<Span>)> {
    // Only persons take titles, written inside the mention or in the ten
    // tokens before it: the view reads those tokens only (its readings are
    // a fold of each token).
    let mut keep = vec![false; doc.tokens.len()];
    for e in doc.entities.iter().filter(|e| e.kind == EntityType::PER) {
        let toks = tokens_in(doc, e.span);
        if !toks.is_empty() {
            keep[toks.start.saturating_sub(10)..toks.end].iter_mut().for_each(|k| *k = true);
        }
    }
    if !keep.contains(&true) {
        return doc.entities.iter().map(|e| (e.span, None)).collect();
    }
    let v = DocView::for_tokens(doc, |i| keep[i]);
    let n = v.len();
    doc.entities
        .iter()
        .map(|e| {
            if e.kind != EntityType::PER {
                return (e.span, None);
            }
            let toks = v.tokens_in(e.span);
            if toks.is_empty() {
                return (e.span, None);
            }
            // The title inside the mention: keep the name after it.
            if let Some((t, _)) = v.title_at(toks.start, toks.end) {
                if toks.start + t < toks.end {
                    let name_start = doc.tokens[toks.start + t].span.start.max(e.span.start);
                    let last_title = doc.tokens[toks.start + t - 1].span.end;
                    return (Span { start: name_start, end: e.span.end }, Some(Span { start: e.span.start, end: last_title }));
                }
                return (e.span, None);
            }
            // The title right before it, in the same sentence: the longest
            // that ends where the name starts.
            let first = toks.start;
            let sent_start = doc.sentences.get(v.toks[first].sent).map_or(0, |s| s.first.index());
            let from = sent_start.max(first.saturating_sub(10));
            let title = (from..first).find_map(|t| {
                if let Some((len, p)) = v.title_at(t, first.min(n)) {
                    if t + len == first {
                        return Some(v.span(t, p, first - 1));
                    }
                }
                // A title whose complement runs on to the name (`ممثلة
                // المنظمة في اليمن سلمى الحداد`): the speaker phrase read
                // there has this person after its title.
                let np = v.phrase_at(t, toks.end.min(n), true)?;
                (np.title > 0 && t + np.title == first && np.last + 1 >= toks.end).then(|| v.span(t, np.prefix, first - 1))
            });
            (e.span, title)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: u32, t: &str, person: bool) -> NameMention {
        NameMention { span: Span { start: s, end: s + 1 }, text: t.into(), person, org: false }
    }

    #[test]
    fn an_organizations_short_name_links_to_its_one_full_name() {
        let org = |s: u32, t: &str| NameMention { span: Span { start: s, end: s + 1 }, text: t.into(), person: false, org: true };
        // "Wydad of Casablanca" … "Wydad" … "Raja": the short name takes
        // the full one; a name no longer one starts with stays itself.
        let ms = [org(0, "الوداد البيضاوي"), org(5, "الوداد"), org(9, "الرجاء")];
        assert_eq!(link_names(&ms), [0, 0, 2]);
        // "the European Union" … "the African Union" … "the Union": two
        // full names start with it, so it is left alone.
        let ms = [org(0, "الاتحاد الأوروبي"), org(5, "الاتحاد الأفريقي"), org(9, "الاتحاد")];
        assert_eq!(link_names(&ms), [0, 1, 2]);
        // A place is not linked so (`القدس` is not `القدس الشرقية`).
        let loc = |s: u32, t: &str| NameMention { span: Span { start: s, end: s + 1 }, text: t.into(), person: false, org: false };
        assert_eq!(link_names(&[loc(0, "القدس الشرقية"), loc(5, "القدس")]), [0, 1]);
    }

    #[test]
    fn surname_links_to_nearest_full_name() {
        // "George Bush" … "Bush" … "Jeb Bush" … "Bush"
        let ms = [m(0, "جورج بوش", true), m(5, "بوش", true), m(10, "جيب بوش", true), m(15, "بوش", true)];
        assert_eq!(link_names(&ms), [0, 0, 2, 2]);
    }

    #[test]
    fn variants_fold_for_places() {
        // "Syria" spelled with ta marbuta and with alef; "Damascus".
        let ms = [m(0, "سورية", false), m(5, "سوريا", false), m(9, "دمشق", false)];
        assert_eq!(link_names(&ms), [0, 0, 2]);
    }
}
