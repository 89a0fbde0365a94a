//! ROUGE-1, ROUGE-2 and ROUGE-L, computed by khabar itself, and the
//! summary evaluation that uses them (`khabar eval summary`).
//!
//! The unit is the **word token of the nlp-normalized text**: khabar's
//! tokenizer runs on the summary and on the reference, and every token of
//! kind word, latin or number counts, in its nlp form (diacritics and
//! tatweel gone, hamza and ta marbuta kept); punctuation does not count.
//! Clitics stay attached (`والرئيس` ≠ `الرئيس`), as in the usual ROUGE on
//! Arabic: no lemmas and no stemming, so a figure here reads like one from
//! the reference ROUGE script run on whitespace tokens without a stemmer.
//!
//! ```
//! use khabar::eval::rouge::{rouge, rouge_tokens};
//! // "the minister arrived in Cairo" vs "the minister arrived in Amman"
//! let s = rouge("وصل الوزير إلى القاهرة", "وصل الوزير إلى عمان");
//! assert_eq!(rouge_tokens("وصلَ الوزيرُ.").len(), 2);
//! assert!((s.rouge1.f - 0.75).abs() < 1e-9);
//! assert!((s.rouge2.f - 2.0 / 3.0).abs() < 1e-9);
//! ```

use crate::document::{Document, TokenKind};
use crate::error::{Error, ErrorKind, Result};
use crate::summary::summarize::{eligible, lead, textrank, SummaryStage};
use crate::{Pipeline, SentenceId, Stage};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Precision, recall and their harmonic mean (F1), each in 0..1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RougeScore {
    /// Share of the summary's units found in the reference.
    pub precision: f64,
    /// Share of the reference's units found in the summary.
    pub recall: f64,
    /// Harmonic mean of the two (0 when both are 0).
    pub f: f64,
}

impl RougeScore {
    fn from_counts(overlap: f64, cand: f64, refr: f64) -> RougeScore {
        let precision = if cand > 0.0 { overlap / cand } else { 0.0 };
        let recall = if refr > 0.0 { overlap / refr } else { 0.0 };
        let f = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        RougeScore { precision, recall, f }
    }
}

/// ROUGE-1, ROUGE-2 and ROUGE-L of one summary against one reference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rouge {
    /// Unigram overlap.
    pub rouge1: RougeScore,
    /// Bigram overlap.
    pub rouge2: RougeScore,
    /// Longest common subsequence.
    #[serde(rename = "rougeL")]
    pub rouge_l: RougeScore,
}

/// The units ROUGE counts in `text`: its word, latin and number tokens in
/// nlp-normalized form.
///
/// ```
/// // "The minister said: «we agreed»." → قال, الوزير, اتفقنا
/// let t = khabar::eval::rouge::rouge_tokens("قالَ الوزير: «اتفقنا».");
/// assert_eq!(t, ["قال", "الوزير", "اتفقنا"]);
/// ```
pub fn rouge_tokens(text: &str) -> Vec<String> {
    let mut doc = Document::new(text);
    crate::token::Tokenizer::new().run(&mut doc);
    doc_tokens(&doc, None)
}

/// The ROUGE units of sentences `ids` of a tokenized document, in order
/// (what a method's pick is scored on).
pub fn sentence_tokens(doc: &Document, ids: &[SentenceId]) -> Vec<String> {
    doc_tokens(doc, Some(ids))
}

/// The ROUGE units of a document's sentences `ids` (all when `None`); the
/// document must be tokenized.
fn doc_tokens(doc: &Document, ids: Option<&[SentenceId]>) -> Vec<String> {
    let keep = |k: TokenKind| matches!(k, TokenKind::Word | TokenKind::Latin | TokenKind::Number);
    let mut out = Vec::new();
    let mut push = |range: std::ops::Range<u32>| {
        for i in range {
            let t = &doc.tokens[i as usize];
            if keep(t.kind) {
                out.push(t.norm.slice(doc.nlp.as_str()).to_string());
            }
        }
    };
    match ids {
        None => push(0..doc.tokens.len() as u32),
        Some(ids) => {
            for id in ids {
                let s = doc.sentences[id.index()];
                push(s.first.0..s.end.0);
            }
        }
    }
    out
}

fn ngrams<S: AsRef<str>>(toks: &[S], n: usize) -> FxHashMap<Vec<&str>, usize> {
    let mut m = FxHashMap::default();
    if n == 0 || toks.len() < n {
        return m;
    }
    for w in toks.windows(n) {
        *m.entry(w.iter().map(|s| s.as_ref()).collect()).or_insert(0) += 1;
    }
    m
}

/// ROUGE-N: clipped n-gram overlap (an n-gram counts as often as it occurs
/// in both, at most).
///
/// ```
/// use khabar::eval::rouge::rouge_n;
/// // candidate "a b a", reference "a a c": unigrams overlap a×2 → P = R = 2/3
/// let s = rouge_n(&["أ", "ب", "أ"], &["أ", "أ", "ج"], 1);
/// assert!((s.precision - 2.0 / 3.0).abs() < 1e-9);
/// ```
pub fn rouge_n<S: AsRef<str>>(cand: &[S], refr: &[S], n: usize) -> RougeScore {
    let c = ngrams(cand, n);
    let r = ngrams(refr, n);
    let overlap: usize = c.iter().map(|(g, k)| (*k).min(r.get(g).copied().unwrap_or(0))).sum();
    let total = |m: &FxHashMap<Vec<&str>, usize>| m.values().sum::<usize>() as f64;
    RougeScore::from_counts(overlap as f64, total(&c), total(&r))
}

/// Length of the longest common subsequence (dynamic programming, two rows).
fn lcs<S: AsRef<str>>(a: &[S], b: &[S]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x.as_ref() == y.as_ref() { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// ROUGE-L over the whole summary and reference as one sequence each
/// (summary-level LCS, not the union-LCS of the sentence-level variant):
/// P = LCS/|summary|, R = LCS/|reference|.
///
/// ```
/// use khabar::eval::rouge::rouge_l;
/// // "a b c d" vs "a c d e": LCS = a c d, so P = R = 3/4
/// let s = rouge_l(&["أ", "ب", "ج", "د"], &["أ", "ج", "د", "ه"]);
/// assert!((s.f - 0.75).abs() < 1e-9);
/// ```
pub fn rouge_l<S: AsRef<str>>(cand: &[S], refr: &[S]) -> RougeScore {
    RougeScore::from_counts(lcs(cand, refr) as f64, cand.len() as f64, refr.len() as f64)
}

/// ROUGE-1/2/L of two token sequences.
pub fn rouge_seq<S: AsRef<str>>(cand: &[S], refr: &[S]) -> Rouge {
    Rouge { rouge1: rouge_n(cand, refr, 1), rouge2: rouge_n(cand, refr, 2), rouge_l: rouge_l(cand, refr) }
}

/// ROUGE-1/2/L of a summary text against a reference text, over
/// [`rouge_tokens`].
pub fn rouge(summary: &str, reference: &str) -> Rouge {
    rouge_seq(&rouge_tokens(summary), &rouge_tokens(reference))
}

// ---------------------------------------------------------------------------
// The summary evaluation set.

/// One article of the evaluation set, with its reference summary.
///
/// A case file is TOML with three strings:
///
/// ```toml
/// title = "…"
/// text = """
/// عمان (خاص) - وصل الوزير إلى العاصمة. …
/// """
/// reference = """…"""
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryCase {
    /// The file stem (`weather-storm`).
    pub name: String,
    /// A title, for people (not given to the summarizer).
    pub title: String,
    /// The article.
    pub text: String,
    /// The reference summary, written by hand (may be abstractive).
    pub reference: String,
}

/// Parse a case file: `key = "…"` or `key = """…"""` lines and `#`
/// comments, the small part of TOML the set uses (the library does not
/// depend on a TOML crate; the tests check this against one).
pub fn parse_case(name: &str, src: &str) -> Result<SummaryCase> {
    let bad = |m: String| Error::new(ErrorKind::Eval, format!("{name}: {m}"));
    let mut fields: FxHashMap<String, String> = FxHashMap::default();
    let mut rest = src;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(r) = rest.strip_prefix('#') {
            rest = r.split_once('\n').map_or("", |x| x.1);
            continue;
        }
        let (key, r) = rest.split_once('=').ok_or_else(|| bad("expected `key = value`".into()))?;
        let key = key.trim().to_string();
        let r = r.trim_start_matches([' ', '\t']);
        let (value, r) = if let Some(r) = r.strip_prefix("\"\"\"") {
            // A newline right after the opening quotes is not part of the string.
            let r = r.strip_prefix("\r\n").or_else(|| r.strip_prefix('\n')).unwrap_or(r);
            let end = r.find("\"\"\"").ok_or_else(|| bad(format!("unterminated \"\"\" string for `{key}`")))?;
            (unescape(&r[..end]), &r[end + 3..])
        } else if let Some(r) = r.strip_prefix('"') {
            let mut end = None;
            let mut esc = false;
            for (i, c) in r.char_indices() {
                match c {
                    '\\' if !esc => esc = true,
                    '"' if !esc => {
                        end = Some(i);
                        break;
                    }
                    '\n' => break,
                    _ => esc = false,
                }
            }
            let end = end.ok_or_else(|| bad(format!("unterminated string for `{key}`")))?;
            (unescape(&r[..end]), &r[end + 1..])
        } else {
            return Err(bad(format!("`{key}`: only strings are read")));
        };
        fields.insert(key, value);
        rest = r;
    }
    let mut take = |k: &str| fields.remove(k).ok_or_else(|| bad(format!("missing `{k}`")));
    Ok(SummaryCase {
        name: name.to_string(),
        title: take("title")?,
        text: take("text")?,
        reference: take("reference")?,
    })
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            // A backslash at the end of a line joins it to the next (TOML).
            Some('\n') => {
                while it.clone().next().is_some_and(char::is_whitespace) {
                    it.next();
                }
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Read every `*.toml` in `dir`, sorted by file name.
pub fn read_cases(dir: &Path) -> Result<Vec<SummaryCase>> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(&dir.display().to_string(), e))?;
    let mut paths: Vec<PathBuf> =
        rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Error::new(ErrorKind::Eval, format!("{}: no .toml summary cases", dir.display())));
    }
    paths
        .iter()
        .map(|p| {
            let src = std::fs::read_to_string(p).map_err(|e| Error::io(&p.display().to_string(), e))?;
            parse_case(&p.file_stem().unwrap_or_default().to_string_lossy(), &src)
        })
        .collect()
}

/// Mean scores and time of one summarizer over the set.
#[derive(Debug, Clone, Serialize)]
pub struct MethodReport {
    /// `khabar`, `lead3` (`leadN` for N sentences), `textrank`, or an outside tool's name.
    pub method: String,
    /// Mean ROUGE-1 F.
    pub rouge1_f: f64,
    /// Mean ROUGE-2 F.
    pub rouge2_f: f64,
    /// Mean ROUGE-L F.
    #[serde(rename = "rougeL_f")]
    pub rouge_l_f: f64,
    /// Mean ROUGE-1 recall and precision (for seeing length effects).
    pub rouge1_r: f64,
    /// Mean ROUGE-1 precision.
    pub rouge1_p: f64,
    /// Milliseconds per article of the sentence choice alone (analysis
    /// excluded), or, for an outside tool, what it reported.
    pub ms_per_article: f64,
    /// Milliseconds per article including khabar's analysis (tokens to
    /// entities), comparable with an outside tool's whole processing time.
    pub ms_per_article_with_analysis: f64,
}

/// What one method chose in one article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticlePick {
    /// The case name.
    pub article: String,
    /// The method.
    pub method: String,
    /// Indices of the chosen sentences, in text order.
    pub sentences: Vec<usize>,
    /// Its scores.
    pub rouge: Rouge,
}

/// The report of `khabar eval summary`.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryReport {
    /// Where the cases came from.
    pub set: String,
    /// Number of articles.
    pub articles: usize,
    /// Sentences asked of each method.
    pub sentences: usize,
    /// What ROUGE counts.
    pub units: &'static str,
    /// Milliseconds per article of khabar's analysis (shared by the three
    /// khabar-side methods).
    pub analysis_ms_per_article: f64,
    /// One row per method, side by side.
    pub methods: Vec<MethodReport>,
    /// Every pick, for inspection and for the tests' invariants.
    #[serde(skip)]
    pub picks: Vec<ArticlePick>,
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mean_row(method: &str, scores: &[Rouge], ms_select: f64, ms_analysis: f64) -> MethodReport {
    let n = scores.len().max(1) as f64;
    let avg = |f: &dyn Fn(&Rouge) -> f64| scores.iter().map(f).sum::<f64>() / n;
    MethodReport {
        method: method.to_string(),
        rouge1_f: avg(&|r| r.rouge1.f),
        rouge2_f: avg(&|r| r.rouge2.f),
        rouge_l_f: avg(&|r| r.rouge_l.f),
        rouge1_r: avg(&|r| r.rouge1.recall),
        rouge1_p: avg(&|r| r.rouge1.precision),
        ms_per_article: ms_select,
        ms_per_article_with_analysis: ms_select + ms_analysis,
    }
}

/// Analyze every case with `pipeline` (which must provide sentences and
/// words; entities and keywords are used when it provides them), pick
/// `stage.n()` sentences with khabar's [`SummaryStage`], [`lead`] and
/// [`textrank`], and score each against the reference.
pub fn evaluate_summaries(
    pipeline: &Pipeline,
    cases: &[SummaryCase],
    stage: &SummaryStage,
    set: &str,
) -> SummaryReport {
    let n = stage.n();
    let mut analysis = std::time::Duration::ZERO;
    let mut times = [std::time::Duration::ZERO; 3];
    let mut scores: [Vec<Rouge>; 3] = Default::default();
    let lead_name = format!("lead{n}");
    let names = ["khabar", lead_name.as_str(), "textrank"];
    let mut picks = Vec::new();
    for case in cases {
        let t = Instant::now();
        let mut doc = pipeline.analyze(&case.text);
        analysis += t.elapsed();
        let reference = rouge_tokens(&case.reference);
        for (m, name) in names.iter().enumerate() {
            let t = Instant::now();
            let chosen = match m {
                0 => {
                    stage.run(&mut doc);
                    doc.summary.clone()
                }
                1 => lead(&doc, n),
                _ => textrank(&doc, n),
            };
            times[m] += t.elapsed();
            let r = rouge_seq(&doc_tokens(&doc, Some(&chosen)), &reference);
            scores[m].push(r);
            picks.push(ArticlePick {
                article: case.name.clone(),
                method: name.to_string(),
                sentences: chosen.iter().map(|s| s.index()).collect(),
                rouge: r,
            });
        }
    }
    let k = cases.len().max(1) as f64;
    let a = ms(analysis) / k;
    SummaryReport {
        set: set.to_string(),
        articles: cases.len(),
        sentences: n,
        units: "word/latin/number tokens of the nlp-normalized text, clitics attached, no stemming",
        analysis_ms_per_article: a,
        methods: (0..3).map(|m| mean_row(names[m], &scores[m], ms(times[m]) / k, a)).collect(),
        picks,
    }
}

/// Score khabar's summary as produced by a whole `pipeline` (which must
/// end with the summary stage, e.g. [`Pipeline::summary_fast`]) under the
/// name `method`, and time it: the time column is the whole pipeline per
/// article, averaged over repeated passes over the set (at least
/// `min_seconds`, after one warm-up pass), so that short sets still give a
/// stable figure.
pub fn evaluate_pipeline(
    method: &str,
    pipeline: &Pipeline,
    cases: &[SummaryCase],
    min_seconds: f64,
) -> (MethodReport, Vec<ArticlePick>) {
    let mut scores = Vec::new();
    let mut picks = Vec::new();
    for case in cases {
        let doc = pipeline.analyze(&case.text);
        let r = rouge_seq(&doc_tokens(&doc, Some(&doc.summary)), &rouge_tokens(&case.reference));
        scores.push(r);
        picks.push(ArticlePick {
            article: case.name.clone(),
            method: method.to_string(),
            sentences: doc.summary.iter().map(|s| s.index()).collect(),
            rouge: r,
        });
    }
    let per = time_per_article(pipeline, cases, min_seconds);
    let mut row = mean_row(method, &scores, per, 0.0);
    row.ms_per_article_with_analysis = per;
    (row, picks)
}

/// Milliseconds per article of `pipeline.analyze` over `cases`, averaged
/// over whole passes until `min_seconds` have gone by (one warm-up pass
/// first, not counted).
pub fn time_per_article(pipeline: &Pipeline, cases: &[SummaryCase], min_seconds: f64) -> f64 {
    if cases.is_empty() {
        return 0.0;
    }
    let pass = || {
        for c in cases {
            std::hint::black_box(pipeline.analyze(std::hint::black_box(&c.text)));
        }
    };
    pass();
    let t = Instant::now();
    let mut passes = 0usize;
    while passes == 0 || t.elapsed().as_secs_f64() < min_seconds {
        pass();
        passes += 1;
    }
    ms(t.elapsed()) / (passes * cases.len()) as f64
}

/// Score an outside tool's picks: `summaries[i]` is the list of sentences
/// it chose for `cases[i]`; `seconds` is the processing time it reported
/// for the whole set.
pub fn score_external(method: &str, cases: &[SummaryCase], summaries: &[Vec<String>], seconds: f64) -> MethodReport {
    let scores: Vec<Rouge> = cases
        .iter()
        .zip(summaries)
        .map(|(c, s)| rouge_seq(&rouge_tokens(&s.join(" ")), &rouge_tokens(&c.reference)))
        .collect();
    let per = 1000.0 * seconds / cases.len().max(1) as f64;
    mean_row(method, &scores, per, 0.0)
}

/// True when no chosen sentence of `doc.summary` is ineligible (a dateline
/// or heading); for tests and reports.
pub fn summary_is_eligible(doc: &Document) -> bool {
    doc.summary.iter().all(|&s| eligible(doc, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn rouge1_by_hand() {
        // cand: الجيش دخل المدينة اليوم (4); ref: دخل الجيش المدينة أمس (4)
        // overlap {الجيش, دخل, المدينة} = 3 → P = R = F = 0.75
        let s = rouge_n(&toks("الجيش دخل المدينة اليوم"), &toks("دخل الجيش المدينة أمس"), 1);
        assert!((s.precision - 0.75).abs() < 1e-12);
        assert!((s.recall - 0.75).abs() < 1e-12);
        assert!((s.f - 0.75).abs() < 1e-12);
    }

    #[test]
    fn rouge2_by_hand() {
        // cand bigrams: (الجيش دخل) (دخل المدينة) (المدينة اليوم)
        // ref bigrams:  (دخل الجيش) (الجيش المدينة) (المدينة أمس)
        // no overlap → 0; then a case with one shared bigram of 3 and 2.
        let s = rouge_n(&toks("الجيش دخل المدينة اليوم"), &toks("دخل الجيش المدينة أمس"), 2);
        assert_eq!(s.f, 0.0);
        // cand "أ ب ج د" bigrams: أب بج جد (3); ref "ب ج ه" bigrams: بج جه (2)
        // overlap 1 → P = 1/3, R = 1/2, F = 2·(1/6)/(5/6) = 0.4
        let s = rouge_n(&toks("أ ب ج د"), &toks("ب ج ه"), 2);
        assert!((s.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.recall - 0.5).abs() < 1e-12);
        assert!((s.f - 0.4).abs() < 1e-12);
    }

    #[test]
    fn clipped_counts() {
        // cand "أ أ أ" vs ref "أ ب": overlap clipped to 1 → P = 1/3, R = 1/2
        let s = rouge_n(&toks("أ أ أ"), &toks("أ ب"), 1);
        assert!((s.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.recall - 0.5).abs() < 1e-12);
    }

    #[test]
    fn rouge_l_by_hand() {
        // cand: أ ب ج د ه (5), ref: ب د ه و (4); LCS = ب د ه (3)
        // P = 3/5, R = 3/4, F = 2·0.45/1.35 = 2/3
        let s = rouge_l(&toks("أ ب ج د ه"), &toks("ب د ه و"));
        assert!((s.precision - 0.6).abs() < 1e-12);
        assert!((s.recall - 0.75).abs() < 1e-12);
        assert!((s.f - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(lcs(&toks("أ ب"), &toks("ب أ")), 1);
    }

    #[test]
    fn empty_is_zero() {
        let e: Vec<&str> = Vec::new();
        assert_eq!(rouge_n(&e, &toks("أ"), 1).f, 0.0);
        assert_eq!(rouge_l(&toks("أ"), &e).f, 0.0);
        assert_eq!(rouge_n(&toks("أ"), &toks("أ"), 2).f, 0.0);
    }

    #[test]
    fn tokens_are_normalized_words() {
        // Diacritics dropped, punctuation not counted, numbers counted.
        assert_eq!(rouge_tokens("قُتِلَ 48 شخصاً، في حلب."), ["قتل", "48", "شخصا", "في", "حلب"]);
        let r = rouge("قُتِلَ 48 شخصاً", "قتل 48 شخصا");
        assert!((r.rouge1.f - 1.0).abs() < 1e-12 && (r.rouge_l.f - 1.0).abs() < 1e-12);
    }

    #[test]
    fn parses_cases() {
        let c = parse_case(
            "x",
            "# comment\ntitle = \"عنوان \\\"ما\\\"\"\ntext = \"\"\"\nسطر أول\nسطر ثان\n\"\"\"\nreference = \"\"\"ملخص\"\"\"\n",
        )
        .unwrap();
        assert_eq!(c.title, "عنوان \"ما\"");
        assert_eq!(c.text, "سطر أول\nسطر ثان\n");
        assert_eq!(c.reference, "ملخص");
        assert!(parse_case("x", "title = \"a\"\ntext = \"b\"").is_err());
    }
}
