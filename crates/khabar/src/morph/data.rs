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

/// Split sentences by document: every `k`-th document (in sorted order of
/// document ids, starting with the `offset`-th) goes to the held-out side.
/// Documents never straddle the split, so no article is seen in training
/// and scored in testing.
pub fn split_by_document(sents: Vec<RebuiltSentence>, k: usize, offset: usize) -> (Vec<RebuiltSentence>, Vec<RebuiltSentence>) {
    let mut docs: Vec<String> = sents.iter().map(document_of).collect();
    docs.sort();
    docs.dedup();
    let held: rustc_hash::FxHashSet<&str> =
        docs.iter().enumerate().filter(|(i, _)| i % k == offset % k).map(|(_, d)| d.as_str()).collect();
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for s in sents {
        if held.contains(document_of(&s).as_str()) {
            test.push(s);
        } else {
            train.push(s);
        }
    }
    (train, test)
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
