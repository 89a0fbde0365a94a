//! Training and evaluation data for the morphology models, drawn from the
//! rebuilt PADT sentences: the held-out split and the gold words with their
//! roles in the written tokens.

use super::padt::{RebuiltSentence, RebuiltToken};
use super::tagger::{GoldWord, Role};
use crate::text::{normalize, Level};

/// The document a PADT sentence comes from (`AFP_ARB_20000715.0011#3` →
/// `AFP_ARB_20000715.0011`), or its sentence id when that is missing.
pub fn document_of(s: &RebuiltSentence) -> String {
    // PADT 1.3 writes `# orig_file_sentence AFP…#3`, with no `=`.
    let value = |key: &str| {
        s.sentence.comments.iter().find_map(|c| {
            let rest = c.strip_prefix(key)?;
            Some(rest.trim_start_matches([' ', '=']).trim().to_string())
        })
    };
    match value("orig_file_sentence") {
        Some(c) => c.split_once('#').map_or(c.clone(), |(doc, _)| doc.to_string()),
        None => value("sent_id").unwrap_or_default(),
    }
}

/// Split sentences by document: a document is held out when the FNV-1a
/// hash of its id is `offset` modulo `k`. The choice depends on the id
/// alone, so the same documents are held out whichever file or files they
/// are read from (training reads both PADT files, `khabar eval ud --heldout`
/// one). Documents never straddle the split.
pub fn split_by_document(sents: Vec<RebuiltSentence>, k: usize, offset: usize) -> (Vec<RebuiltSentence>, Vec<RebuiltSentence>) {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for s in sents {
        if is_held_out(&document_of(&s), k, offset) {
            test.push(s);
        } else {
            train.push(s);
        }
    }
    (train, test)
}

/// Whether document `doc` is on the held-out side (see [`split_by_document`]).
pub fn is_held_out(doc: &str, k: usize, offset: usize) -> bool {
    // FNV-1a, written out: a hash that no library upgrade can change.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in doc.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % k as u64) as usize == offset % k
}

/// Is this gold word a proclitic (single-letter conjunction, preposition or
/// particle glued to what follows)?
fn is_proclitic_piece(form: &str, upos: &str) -> bool {
    matches!(upos, "CONJ" | "CCONJ" | "ADP" | "PART" | "SCONJ")
        && matches!(form, "و" | "ف" | "ب" | "ك" | "ل" | "س" | "أ")
}

/// The role of each piece of a rebuilt token: proclitics before the stem,
/// enclitics after it.
pub fn roles(tok: &RebuiltToken, s: &RebuiltSentence) -> Vec<Role> {
    let n = tok.pieces.len();
    if n <= 1 || !tok.analyzed {
        return vec![Role::Whole; n];
    }
    let words = &s.sentence.words;
    let stem = tok
        .pieces
        .iter()
        .position(|(form, w)| !is_proclitic_piece(form, &words[*w].upos))
        .unwrap_or(n - 1);
    (0..n)
        .map(|i| match i.cmp(&stem) {
            std::cmp::Ordering::Less => Role::Proclitic,
            std::cmp::Ordering::Equal => Role::Stem,
            std::cmp::Ordering::Greater => Role::Enclitic,
        })
        .collect()
}

/// Text as the models see it: nlp level (no harakat, ASCII digits).
pub fn nlp(s: &str) -> String {
    normalize(s, Level::Nlp).as_str().to_string()
}

/// UD v1 `CONJ` is `CCONJ` in v2; khabar speaks v2.
pub fn upos_v2(upos: &str) -> &str {
    if upos == "CONJ" {
        "CCONJ"
    } else {
        upos
    }
}

/// The gold words of a sentence for the tagger, with roles.
pub fn gold_words(s: &RebuiltSentence) -> Vec<GoldWord> {
    let words = &s.sentence.words;
    let mut out = Vec::with_capacity(words.len());
    for tok in &s.tokens {
        let r = roles(tok, s);
        for ((form, w), role) in tok.pieces.iter().zip(r) {
            let gw = &words[*w];
            let lemma = super::padt::strip_diacritics(&gw.lemma);
            out.push(GoldWord {
                form: nlp(form),
                role,
                upos: upos_v2(&gw.upos).to_string(),
                lemma: nlp(&lemma),
            });
        }
    }
    out
}
