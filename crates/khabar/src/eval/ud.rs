//! `khabar eval ud`: the CoNLL 2018 shared task's scores for tokens, words,
//! UPOS and lemma, from raw text.
//!
//! Both sides are laid on one character axis: the text's characters with
//! whitespace removed. A token is a range on that axis; a word of a
//! multiword token shares its token's range. Words are aligned as the
//! official scorer (conll18_ud_eval.py) aligns them: outside multiword
//! tokens by identical ranges; where either side has a multiword token, the
//! overlapping stretch is aligned by the longest common subsequence of word
//! forms. UPOS and lemma count an aligned word only when they also agree.
//! F1 uses the gold and system counts, so a missed or extra word costs
//! precision or recall. (This is khabar's own implementation of the
//! published algorithm.)
//!
//! Forms and lemmas are compared at the nlp level on both sides (no
//! harakat, ASCII digits), since PADT 1.3 writes Arabic-Indic digits and
//! vocalized lemmas; UD v1 `CONJ` counts as `CCONJ`.

use crate::document::{Document, Layer};
use crate::error::{Error, ErrorKind, Result};
use crate::morph::data::{nlp, upos_v2};
use crate::morph::padt::{strip_diacritics, RebuiltSentence};
use crate::Pipeline;
use serde::Serialize;

/// One word on the character axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalWord {
    /// First character (whitespace excluded) of its token.
    pub start: usize,
    /// One past its token's last character.
    pub end: usize,
    /// Part of a multiword token.
    pub multi: bool,
    /// Form, nlp level.
    pub form: String,
    /// UPOS (v2 names).
    pub upos: String,
    /// Lemma, nlp level.
    pub lemma: String,
}

/// One side of the comparison.
#[derive(Debug, Clone, Default)]
pub struct EvalSide {
    /// Token ranges on the character axis.
    pub tokens: Vec<(usize, usize)>,
    /// Words in order.
    pub words: Vec<EvalWord>,
}

/// Precision, recall and F1 in percent, with the counts behind them.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    /// Items on the gold side.
    pub gold: usize,
    /// Items on the system side.
    pub system: usize,
    /// Items that match.
    pub correct: usize,
    /// `correct / system`, percent.
    pub precision: f64,
    /// `correct / gold`, percent.
    pub recall: f64,
    /// Harmonic mean, percent.
    pub f1: f64,
}

impl Prf {
    fn new(gold: usize, system: usize, correct: usize) -> Prf {
        let p = if system == 0 { 0.0 } else { 100.0 * correct as f64 / system as f64 };
        let r = if gold == 0 { 0.0 } else { 100.0 * correct as f64 / gold as f64 };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        Prf { gold, system, correct, precision: p, recall: r, f1: f }
    }
}

/// The scores `khabar eval ud` prints.
#[derive(Debug, Clone, Serialize)]
pub struct UdScores {
    /// Token boundaries.
    pub tokens: Prf,
    /// Syntactic words (segmentation).
    pub words: Prf,
    /// Words with the right UPOS.
    pub upos: Prf,
    /// Words with the right lemma.
    pub lemma: Prf,
}

/// Score `system` against `gold`; both must cover the same characters.
pub fn score(gold: &EvalSide, system: &EvalSide) -> UdScores {
    let gt: rustc_hash::FxHashSet<(usize, usize)> = gold.tokens.iter().copied().collect();
    let token_ok = system.tokens.iter().filter(|t| gt.contains(t)).count();
    let pairs = align(&gold.words, &system.words);
    let upos_ok = pairs.iter().filter(|&&(g, s)| gold.words[g].upos == system.words[s].upos).count();
    let lemma_ok = pairs.iter().filter(|&&(g, s)| gold.words[g].lemma == system.words[s].lemma).count();
    let (ng, ns) = (gold.words.len(), system.words.len());
    UdScores {
        tokens: Prf::new(gold.tokens.len(), system.tokens.len(), token_ok),
        words: Prf::new(ng, ns, pairs.len()),
        upos: Prf::new(ng, ns, upos_ok),
        lemma: Prf::new(ng, ns, lemma_ok),
    }
}

/// Aligned `(gold, system)` word index pairs.
pub fn align(gold: &[EvalWord], system: &[EvalWord]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut gi, mut si) = (0, 0);
    while gi < gold.len() && si < system.len() {
        if gold[gi].multi || system[si].multi {
            let (gs, ss, ge, se) = multiword_stretch(gold, system, gi, si);
            gi = ge;
            si = se;
            if ge > gs && se > ss {
                align_by_lcs(&gold[gs..ge], &system[ss..se], gs, ss, &mut out);
            }
        } else if (gold[gi].start, gold[gi].end) == (system[si].start, system[si].end) {
            out.push((gi, si));
            gi += 1;
            si += 1;
        } else if gold[gi].start <= system[si].start {
            gi += 1;
        } else {
            si += 1;
        }
    }
    out
}

/// The smallest stretch around a multiword token at `gi` or `si` such that
/// no token on either side crosses its end: `(gold start, system start,
/// gold end, system end)`.
fn multiword_stretch(gold: &[EvalWord], system: &[EvalWord], mut gi: usize, mut si: usize) -> (usize, usize, usize, usize) {
    let mut end;
    if gold[gi].multi {
        end = gold[gi].end;
        if !system[si].multi && system[si].start < gold[gi].start {
            si += 1;
        }
    } else {
        end = system[si].end;
        if !gold[gi].multi && gold[gi].start < system[si].start {
            gi += 1;
        }
    }
    let (gs, ss) = (gi, si);
    let beyond = |ws: &[EvalWord], i: usize, end: usize| {
        i >= ws.len() || if ws[i].multi { ws[i].start >= end } else { ws[i].end > end }
    };
    while !beyond(gold, gi, end) || !beyond(system, si, end) {
        if gi < gold.len() && (si >= system.len() || gold[gi].start <= system[si].start) {
            if gold[gi].multi {
                end = end.max(gold[gi].end);
            }
            gi += 1;
        } else {
            if system[si].multi {
                end = end.max(system[si].end);
            }
            si += 1;
        }
    }
    (gs, ss, gi, si)
}

fn align_by_lcs(g: &[EvalWord], s: &[EvalWord], g0: usize, s0: usize, out: &mut Vec<(usize, usize)>) {
    let (n, m) = (g.len(), s.len());
    // lcs[i][j]: LCS length of g[i..] and s[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if g[i].form == s[j].form { 1 + lcs[i + 1][j + 1] } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if g[i].form == s[j].form {
            out.push((g0 + i, s0 + j));
            i += 1;
            j += 1;
        } else if lcs[i][j] == lcs[i + 1][j] {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// Number of non-whitespace characters in `s`.
fn solid_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// The gold side of rebuilt PADT sentences laid one after another, and the
/// raw text they are written as (one sentence per paragraph).
pub fn gold_side(sentences: &[RebuiltSentence]) -> (String, EvalSide) {
    let mut text = String::new();
    let mut side = EvalSide::default();
    let mut pos = 0;
    for s in sentences {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&s.text());
        for t in &s.tokens {
            let n = solid_chars(&t.text);
            let (start, end) = (pos, pos + n);
            pos = end;
            side.tokens.push((start, end));
            let multi = t.pieces.len() > 1;
            for (form, wi) in &t.pieces {
                let w = &s.sentence.words[*wi];
                side.words.push(EvalWord {
                    start,
                    end,
                    multi,
                    form: nlp(form),
                    upos: upos_v2(&w.upos).to_string(),
                    lemma: nlp(&strip_diacritics(&w.lemma)),
                });
            }
        }
    }
    (text, side)
}

/// The gold side of a UD 2.x CoNLL-U file that has `# text` lines and
/// multiword-token lines, and its raw text (one sentence per paragraph).
/// Returns `None` when a sentence lacks `# text` (then the file is read
/// as PADT 1.3 and its written tokens rebuilt instead).
pub fn gold_side_ud2(conllu: &str, file: &str) -> Result<Option<(String, EvalSide, usize)>> {
    let mut text = String::new();
    let mut side = EvalSide::default();
    let mut pos = 0;
    let mut sentences = 0;
    let mut has_text = false;
    let mut in_sentence = false;
    // Range of the multiword token being read: (last word id, start, end).
    let mut mwt: Option<(u32, usize, usize)> = None;
    for (n, line) in conllu.lines().enumerate() {
        let bad = |why: &str| {
            Error::new(ErrorKind::Eval, format!("{why}: {line:?}"))
                .at(crate::Location { file: Some(file.to_string()), line: Some(n as u64 + 1), byte: None })
        };
        if line.trim().is_empty() {
            if in_sentence && !has_text {
                return Ok(None);
            }
            in_sentence = false;
            has_text = false;
            continue;
        }
        if !in_sentence {
            in_sentence = true;
            sentences += 1;
        }
        if let Some(c) = line.strip_prefix('#') {
            if let Some(t) = c.trim_start().strip_prefix("text") {
                if let Some(t) = t.trim_start().strip_prefix('=') {
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    text.push_str(t.trim());
                    has_text = true;
                }
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(bad("a word line needs 10 tab-separated columns"));
        }
        if !has_text {
            return Ok(None);
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty nodes have no surface
        }
        if let Some((_, b)) = id.split_once('-') {
            let last: u32 = b.parse().map_err(|_| bad("bad range id"))?;
            let n = solid_chars(cols[1]);
            side.tokens.push((pos, pos + n));
            mwt = Some((last, pos, pos + n));
            pos += n;
            continue;
        }
        let wid: u32 = id.parse().map_err(|_| bad("bad word id"))?;
        let word = |start, end, multi| EvalWord {
            start,
            end,
            multi,
            form: nlp(cols[1]),
            upos: upos_v2(cols[3]).to_string(),
            lemma: nlp(&strip_diacritics(cols[2])),
        };
        match mwt {
            Some((last, start, end)) if wid <= last => {
                side.words.push(word(start, end, true));
                if wid == last {
                    mwt = None;
                }
            }
            _ => {
                mwt = None;
                let n = solid_chars(cols[1]);
                side.tokens.push((pos, pos + n));
                side.words.push(word(pos, pos + n, false));
                pos += n;
            }
        }
    }
    if in_sentence && !has_text {
        return Ok(None);
    }
    Ok(Some((text, side, sentences)))
}

/// The system side of an analyzed document.
pub fn system_side(doc: &Document) -> EvalSide {
    let text = doc.text();
    let mut side = EvalSide::default();
    // Character-axis position of each token, counted in one forward pass.
    let mut pos = 0;
    let mut byte = 0;
    let mut ranges = Vec::with_capacity(doc.tokens.len());
    for t in &doc.tokens {
        pos += solid_chars(&text[byte..t.span.start as usize]);
        let n = solid_chars(t.span.slice(text));
        ranges.push((pos, pos + n));
        pos += n;
        byte = t.span.end as usize;
    }
    side.tokens = ranges.clone();
    let mut wi = 0;
    for (ti, &(start, end)) in ranges.iter().enumerate() {
        let from = wi;
        while wi < doc.words.len() && doc.words[wi].token.index() == ti {
            wi += 1;
        }
        let words = &doc.words[from..wi];
        if words.is_empty() {
            // No words layer: the token is its own word.
            let norm = doc.tokens[ti].norm.slice(doc.nlp.as_str());
            side.words.push(EvalWord { start, end, multi: false, form: norm.to_string(), upos: "X".into(), lemma: String::new() });
            continue;
        }
        let multi = words.len() > 1;
        for w in words {
            side.words.push(EvalWord {
                start,
                end,
                multi,
                form: w.form.clone(),
                upos: w.pos.as_str().to_string(),
                lemma: w.lemma.clone(),
            });
        }
    }
    side
}

/// What `khabar eval ud` reports.
#[derive(Debug, Clone, Serialize)]
pub struct UdReport {
    /// The gold file.
    pub file: String,
    /// Which sentences were scored.
    pub part: String,
    /// Sentences scored.
    pub sentences: usize,
    /// The scores.
    pub scores: UdScores,
    /// Words per second of the whole pipeline on this text, one thread.
    pub words_per_sec: f64,
}

/// Analyze the raw text of rebuilt PADT `sentences` with `pipeline` and
/// score it.
pub fn evaluate(pipeline: &Pipeline, sentences: &[RebuiltSentence], file: &str, part: &str) -> Result<UdReport> {
    let (text, gold) = gold_side(sentences);
    evaluate_text(pipeline, &text, &gold, sentences.len(), file, part)
}

/// Score `pipeline` on a CoNLL-U file: a UD 2.x file with `# text` and
/// multiword-token lines is read as it is; a file without `# text` (UD
/// Arabic PADT 1.3) has its written tokens rebuilt first, and then
/// `heldout_only` keeps only khabar's held-out documents.
pub fn evaluate_file(pipeline: &Pipeline, path: &std::path::Path, heldout_only: bool) -> Result<UdReport> {
    let file = path.display().to_string();
    let raw = std::fs::read_to_string(path).map_err(|e| Error::io(&file, e))?;
    if let Some((text, gold, n)) = gold_side_ud2(&raw, &file)? {
        return evaluate_text(pipeline, &text, &gold, n, &file, "all (# text lines)");
    }
    let sentences: Vec<RebuiltSentence> = crate::morph::padt::parse_conllu(&raw, &file)?
        .into_iter()
        .map(|s| {
            let tokens = crate::morph::padt::rebuild(&s);
            RebuiltSentence { sentence: s, tokens }
        })
        .collect();
    if heldout_only {
        use crate::morph::train::{HELD_OUT_EVERY, HELD_OUT_OFFSET};
        let (_, test) = crate::morph::data::split_by_document(sentences, HELD_OUT_EVERY, HELD_OUT_OFFSET);
        return evaluate(pipeline, &test, &file, "held-out documents (rebuilt tokens)");
    }
    evaluate(pipeline, &sentences, &file, "all (rebuilt tokens)")
}

fn evaluate_text(pipeline: &Pipeline, text: &str, gold: &EvalSide, sentences: usize, file: &str, part: &str) -> Result<UdReport> {
    let t0 = std::time::Instant::now();
    let doc = pipeline.analyze(text);
    let secs = t0.elapsed().as_secs_f64().max(1e-9);
    if !doc.has_layer(Layer::Tokens) {
        return Err(Error::new(ErrorKind::Eval, "the pipeline makes no tokens"));
    }
    let system = system_side(&doc);
    let gold_chars = gold.tokens.last().map_or(0, |t| t.1);
    let sys_chars = system.tokens.last().map_or(0, |t| t.1);
    let _ = sys_chars;
    if gold_chars != solid_chars(text) {
        return Err(Error::new(
            ErrorKind::Eval,
            format!("{file}: the gold tokens hold {gold_chars} characters but the text has {}", solid_chars(text)),
        ));
    }
    let scores = score(gold, &system);
    Ok(UdReport {
        file: file.to_string(),
        part: part.to_string(),
        sentences,
        words_per_sec: gold.words.len() as f64 / secs,
        scores,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: usize, end: usize, multi: bool, form: &str) -> EvalWord {
        EvalWord { start, end, multi, form: form.into(), upos: "X".into(), lemma: String::new() }
    }

    /// A UD 2.x fixture we wrote: "and he said: the city" with a
    /// multiword token for وقال.
    const UD2: &str = "# sent_id = 1\n# text = وقال: المدينة\n1-2\tوقال\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
1\tو\tوَ\tCCONJ\t_\t_\t0\tcc\t_\t_\n2\tقال\tقَال\tVERB\t_\t_\t0\troot\t_\t_\n\
3\t:\t:\tPUNCT\t_\t_\t2\tpunct\t_\t_\n4\tالمدينة\tمَدِينَة\tNOUN\t_\t_\t2\tobj\t_\t_\n\n";

    #[test]
    fn ud2_files_are_read_with_their_text_and_multiword_tokens() {
        let (text, side, n) = gold_side_ud2(UD2, "t.conllu").unwrap().unwrap();
        assert_eq!(text, "وقال: المدينة");
        assert_eq!(n, 1);
        assert_eq!(side.tokens, vec![(0, 4), (4, 5), (5, 12)]);
        assert_eq!(side.words.len(), 4);
        assert!(side.words[0].multi && side.words[1].multi && !side.words[2].multi);
        assert_eq!(side.words[1].lemma, "قال");
        // No # text: not a UD 2.x file.
        let bare = UD2.replace("# text = وقال: المدينة\n", "");
        assert!(gold_side_ud2(&bare, "t.conllu").unwrap().is_none());
    }

    #[test]
    fn identical_sides_score_100() {
        // وبالمدينة (and-in-the-city) as one multiword token, then قال.
        let side = EvalSide {
            tokens: vec![(0, 9), (9, 12)],
            words: vec![w(0, 9, true, "و"), w(0, 9, true, "ب"), w(0, 9, true, "المدينة"), w(9, 12, false, "قال")],
        };
        let s = score(&side, &side);
        assert_eq!(s.words.f1, 100.0);
        assert_eq!(s.tokens.f1, 100.0);
    }

    #[test]
    fn a_missed_clitic_costs_recall_only_inside_the_token() {
        let gold = EvalSide {
            tokens: vec![(0, 9), (9, 12)],
            words: vec![w(0, 9, true, "و"), w(0, 9, true, "ب"), w(0, 9, true, "المدينة"), w(9, 12, false, "قال")],
        };
        // The system split off و but left بالمدينة whole.
        let system = EvalSide {
            tokens: vec![(0, 9), (9, 12)],
            words: vec![w(0, 9, true, "و"), w(0, 9, true, "بالمدينة"), w(9, 12, false, "قال")],
        };
        let s = score(&gold, &system);
        assert_eq!(s.words.correct, 2); // و and قال
        assert_eq!((s.words.gold, s.words.system), (4, 3));
        assert_eq!(s.tokens.correct, 2);
    }

    #[test]
    fn a_wrong_token_boundary_misaligns_both_words() {
        // Gold: two tokens at 0..3 and 3..6; system: one token 0..6.
        let gold = EvalSide { tokens: vec![(0, 3), (3, 6)], words: vec![w(0, 3, false, "في"), w(3, 6, false, "بيت")] };
        let system = EvalSide { tokens: vec![(0, 6)], words: vec![w(0, 6, false, "فيبيت")] };
        let s = score(&gold, &system);
        assert_eq!(s.words.correct, 0);
        assert_eq!(s.tokens.correct, 0);
    }
}
