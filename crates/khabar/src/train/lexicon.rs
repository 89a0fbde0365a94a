//! Building the run-together repair lexicon (`models/lexicon.bin`).
//!
//! Words are counted as khabar's tokenizer writes them (nlp-normalized,
//! alef-folded, clitics attached) from four sources in the data folder.
//! Two parts are kept out of the counts:
//! - **test**: the second half (by paragraph order) of
//!   `padt-raw-news.txt`, for `khabar eval repair`;
//! - **dev**: the last tenth of ANERcorp's sentences and the paragraphs from
//!   40% to 50% of `padt-raw-news.txt`, to tune the
//!   splitter's threshold.
//!
//! The splitter's cut weights are learned on the counted text itself, by
//! folds (see [`cut_examples`]); the threshold is then tuned on dev.
//!
//! PADT's CoNLL-U forms are vocalized and clitic-split (`لِ` `اَلحَظرِ`);
//! they are turned back into written words crudely (diacritics dropped,
//! proclitics glued on, `ل`+`ال` → `لل`, pronoun suffixes glued back with
//! `ة`→`ت`, `ى`→`ي`), so clitic pieces never count as free-standing words.

use crate::document::{Document, TokenKind};
use crate::error::{Error, ErrorKind, Result};
use crate::eval::repair::{corrupt, score_clean, score_corrupted, Corrupted, RepairCounts, RepairReport, XorShift};
use crate::pipeline::Stage;
use crate::text::{normalize, Level};
use crate::token::lexicon::{
    fold, Feature, Lexicon, LexiconFile, RepairParams, DEFAULT_CHAR_ORDER, FEATURE_NAMES, NUM_FEATURES,
};
use crate::token::repair::{cut_features, RepairStage};
use crate::token::Tokenizer;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// ANERcorp (CAMeL train split), `TOKEN TAG` per line.
pub const ANERCORP: &str = "anercorp/anercorp-camel-train.txt";
/// ARCD train, SQuAD JSON.
pub const ARCD: &str = "arcd/arcd-train.json";
/// PADT folder: `*.conllu` and the raw news text.
pub const PADT_DIR: &str = "ud-arabic-padt-1.3";
/// Unvocalized PADT news; its second half is the held-out test text.
pub const RAW_NEWS: &str = "ud-arabic-padt-1.3/padt-raw-news.txt";
/// Share of ANERcorp sentences (the last ones) kept out as dev text.
pub const DEV_FRACTION: f64 = 0.1;

/// Licences as stated in each data folder's README.
const LICENCE_ANERCORP: &str = "CC BY-SA 4.0";
const LICENCE_ARCD: &str = "MIT (dataset); paragraphs are Wikipedia text, CC BY-SA";
const LICENCE_PADT: &str = "CC BY-NC-SA 3.0";

fn read(data: &Path, rel: &str) -> Result<String> {
    let path = data.join(rel);
    std::fs::read_to_string(&path).map_err(|e| Error::io(&path.display().to_string(), e))
}

/// Paragraphs of a blank-line-separated text, each with its hard line
/// wraps joined by spaces (the wraps are the file's, not the writer's).
///
/// ```
/// // "first line / second line", blank line, "another paragraph"
/// let ps = khabar::train::lexicon::paragraphs("سطر أول\nسطر ثان\n\nفقرة أخرى\n");
/// assert_eq!(ps, ["سطر أول سطر ثان", "فقرة أخرى"]);
/// ```
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !cur.is_empty() {
                out.push(cur.join(" "));
                cur.clear();
            }
        } else {
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        out.push(cur.join(" "));
    }
    out
}

/// The raw news paragraphs in file order, split into (counted: the first
/// 40%, dev: the next 10%, test: the second half).
pub fn raw_news_split(data: &Path) -> Result<(Vec<String>, Vec<String>, Vec<String>)> {
    let mut ps = paragraphs(&read(data, RAW_NEWS)?);
    let test = ps.split_off(ps.len() / 2);
    let dev = ps.split_off(ps.len() * 4 / 5);
    Ok((ps, dev, test))
}

/// The held-out test text of `khabar eval repair`: the second half of the
/// raw news paragraphs.
pub fn test_paragraphs(data: &Path) -> Result<Vec<String>> {
    Ok(raw_news_split(data)?.2)
}

/// ANERcorp sentences as text (tokens joined by spaces), split into
/// (lexicon part, dev part).
pub fn anercorp_split(data: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let text = read(data, ANERCORP)?;
    let mut sentences = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !cur.is_empty() {
                sentences.push(cur.join(" "));
                cur.clear();
            }
            continue;
        }
        let token = line.rsplit_once(' ').map_or(line, |(t, _)| t);
        cur.push(token);
    }
    if !cur.is_empty() {
        sentences.push(cur.join(" "));
    }
    let dev_start = sentences.len() - (sentences.len() as f64 * DEV_FRACTION).round() as usize;
    let dev = sentences.split_off(dev_start);
    Ok((sentences, dev))
}

/// The dev text used to tune the threshold: the last tenth of ANERcorp's
/// sentences and the fifth tenth of the raw news paragraphs (news of the
/// same source and time as the test half, which stays unseen).
pub fn dev_paragraphs(data: &Path) -> Result<Vec<String>> {
    let mut dev = anercorp_split(data)?.1;
    dev.extend(raw_news_split(data)?.1);
    Ok(dev)
}

/// ARCD paragraph contexts and questions.
pub fn arcd_texts(data: &Path) -> Result<Vec<String>> {
    let json: serde_json::Value = serde_json::from_str(&read(data, ARCD)?)
        .map_err(|e| Error::new(ErrorKind::Eval, format!("{ARCD}: not JSON: {e}")))?;
    let mut out = Vec::new();
    for article in json["data"].as_array().into_iter().flatten() {
        for p in article["paragraphs"].as_array().into_iter().flatten() {
            if let Some(c) = p["context"].as_str() {
                out.push(c.to_string());
            }
            for q in p["qas"].as_array().into_iter().flatten() {
                if let Some(q) = q["question"].as_str() {
                    out.push(q.to_string());
                }
            }
        }
    }
    Ok(out)
}

/// One-letter proclitics, written attached to the next word.
fn is_proclitic(form: &str, upos: &str) -> bool {
    matches!(form, "و" | "ف" | "ب" | "ل" | "ك" | "س") && matches!(upos, "CONJ" | "CCONJ" | "SCONJ" | "ADP" | "PART")
}

/// Pronoun suffixes (`ه ها هم …`, genitive or accusative), written
/// attached to the word before.
fn is_enclitic(upos: &str, feats: &str) -> bool {
    upos == "PRON" && feats.contains("PronType=Prs") && (feats.contains("Case=Gen") || feats.contains("Case=Acc"))
}

/// PADT CoNLL-U sentences rebuilt as written text, one string each.
///
/// ```
/// // "to the ban" and "his book", as PADT writes them (vocalized, split).
/// let conllu = "1\tلِ\tلِ\tADP\t_\t_\t2\tcase\t_\t_\n\
///               2\tاَلحَظرِ\tحَظر\tNOUN\t_\t_\t0\troot\t_\t_\n\
///               3\tكِتَابَةُ\tكِتَابَة\tNOUN\t_\t_\t2\tnmod\t_\t_\n\
///               4\tهُ\tهُوَ\tPRON\t_\tCase=Gen|PronType=Prs\t3\tnmod\t_\t_\n\n";
/// assert_eq!(khabar::train::lexicon::padt_written_sentences(conllu), ["للحظر كتابته"]);
/// ```
pub fn padt_written_sentences(conllu: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut prefix = String::new();
    let flush = |words: &mut Vec<String>, prefix: &mut String, out: &mut Vec<String>| {
        if !prefix.is_empty() {
            words.push(std::mem::take(prefix));
        }
        if !words.is_empty() {
            out.push(words.join(" "));
            words.clear();
        }
    };
    for line in conllu.lines() {
        if line.trim().is_empty() {
            flush(&mut words, &mut prefix, &mut out);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 || !cols[0].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let norm = normalize(cols[1], Level::Nlp);
        let form = norm.as_str();
        let (upos, feats) = (cols[3], cols[5]);
        if form.is_empty() {
            continue;
        }
        if is_proclitic(form, upos) {
            prefix.push_str(form);
            continue;
        }
        if is_enclitic(upos, feats) && prefix.is_empty() {
            if let Some(last) = words.last_mut() {
                if last.ends_with('ة') {
                    last.pop();
                    last.push('ت');
                } else if last.ends_with('ى') {
                    last.pop();
                    last.push('ي');
                }
                last.push_str(form);
                continue;
            }
        }
        let mut w = std::mem::take(&mut prefix);
        if w.ends_with('ل') && form.starts_with("ال") {
            // لِ + اَلحَظرِ is written للحظر.
            w.push_str(&form["ا".len()..]);
        } else {
            w.push_str(form);
        }
        words.push(w);
    }
    flush(&mut words, &mut prefix, &mut out);
    out
}

/// Written sentences of every `*.conllu` file in the PADT folder.
pub fn padt_texts(data: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let dir = data.join(PADT_DIR);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir.display().to_string(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    let mut names = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| Error::io(&f.display().to_string(), e))?;
        out.extend(padt_written_sentences(&text));
        names.push(format!("{PADT_DIR}/{}", f.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
    }
    Ok((out, names))
}

/// Count the Arabic word tokens of `texts` as the tokenizer writes them,
/// alef-folded. Returns the counts and the number of running words.
///
/// ```
/// // "and he said: the minister said" — "قال" twice, "وقال" once.
/// let (counts, n) = khabar::train::lexicon::count_words(&["وقال: قال الوزير قال".to_string()]);
/// assert_eq!((counts["قال"], counts["وقال"], n), (2, 1, 4));
/// ```
pub fn count_words(texts: &[String]) -> (FxHashMap<String, u32>, u64) {
    let tokenizer = Tokenizer::new();
    let mut counts: FxHashMap<String, u32> = FxHashMap::default();
    let mut n = 0;
    for t in texts {
        let mut doc = Document::new(t.as_str());
        tokenizer.run(&mut doc);
        for (i, tok) in doc.tokens.iter().enumerate() {
            if tok.kind == TokenKind::Word {
                let w = fold(doc.token_norm(crate::TokenId(i as u32)));
                *counts.entry(w).or_insert(0) += 1;
                n += 1;
            }
        }
    }
    (counts, n)
}

/// One data source as recorded in the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Path under the data folder.
    pub file: String,
    /// Its licence.
    pub licence: &'static str,
    /// What part was used and for what.
    pub used: String,
    /// Arabic word tokens counted into the lexicon.
    pub words_counted: u64,
}

/// One threshold tried on the dev text.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TuneRow {
    /// The threshold.
    pub threshold: f32,
    /// Counts summed over the dev seeds.
    pub counts: RepairCounts,
    /// Precision over the dev seeds.
    pub precision: f64,
    /// Recall over the dev seeds.
    pub recall: f64,
    /// Cuts per 2,000 tokens on clean dev text.
    pub clean_per_2000_tokens: f64,
}

/// What the tuner aims for on dev (stricter than the targets, to leave a
/// margin for the shift from dev to test text).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TuneGoal {
    /// Lowest acceptable precision.
    pub min_precision: f64,
    /// Most clean-text cuts per 2,000 tokens.
    pub max_clean_per_2000: f64,
    /// Deletion rate of the dev runs.
    pub rate: f64,
    /// Seeds of the dev runs (their counts are summed).
    pub seeds: [u64; 5],
}

impl Default for TuneGoal {
    fn default() -> Self {
        TuneGoal { min_precision: 0.96, max_clean_per_2000: 0.8, rate: 0.02, seeds: [11, 12, 13, 14, 15] }
    }
}

/// Try thresholds on dev; pick the one with the best recall among those
/// meeting `goal` (or the most precise one if none does).
pub fn tune(lexicon: Arc<Lexicon>, dev: &[String], goal: &TuneGoal) -> (RepairParams, Vec<TuneRow>) {
    let sets: Vec<Vec<Corrupted>> = goal.seeds.iter().map(|&s| corrupt(dev, goal.rate, s).0).collect();
    let base = lexicon.params();
    let mut rows = Vec::new();
    for step in 0..=40 {
        let threshold = -6.0 + 0.25 * step as f32;
        let params = RepairParams { threshold, ..base };
        let stage = RepairStage::new(lexicon.clone()).with_params(params);
        let mut counts = RepairCounts::default();
        for set in &sets {
            counts.add(score_corrupted(&stage, set, 0).0);
        }
        let clean = score_clean(&stage, dev, 0).0;
        rows.push(TuneRow {
            threshold,
            counts,
            precision: counts.precision(),
            recall: counts.recall(),
            clean_per_2000_tokens: clean.per_2000_tokens,
        });
    }
    let ok = |r: &&TuneRow| r.precision >= goal.min_precision && r.clean_per_2000_tokens <= goal.max_clean_per_2000;
    let best = rows
        .iter()
        .filter(ok)
        .max_by(|a, b| a.recall.total_cmp(&b.recall).then(b.threshold.total_cmp(&a.threshold)))
        .or_else(|| rows.iter().max_by(|a, b| a.precision.total_cmp(&b.precision)))
        .expect("at least one row");
    (RepairParams { threshold: best.threshold, ..base }, rows)
}

/// A text's Arabic word tokens as lexicon keys, each with whether it can
/// be glued to the word before (that word is an Arabic word and exactly
/// one space lies between them).
pub fn keyed_words(text: &str) -> Vec<(String, bool)> {
    let mut doc = Document::new(text);
    Tokenizer::new().run(&mut doc);
    let t = doc.text();
    let mut out = Vec::new();
    for (i, tok) in doc.tokens.iter().enumerate() {
        if tok.kind != TokenKind::Word {
            continue;
        }
        let glueable = i > 0 && {
            let prev = doc.tokens[i - 1];
            prev.kind == TokenKind::Word && &t[prev.span.end as usize..tok.span.start as usize] == " "
        };
        out.push((fold(doc.token_norm(crate::TokenId(i as u32))), glueable));
    }
    out
}

/// Shortest piece the splitter makes (see [`RepairParams::min_piece_chars`]).
const MIN_PIECE_CHARS: usize = 2;

/// Labelled candidate cuts for learning the cut weights.
///
/// The texts are cut into `folds` contiguous blocks; for each block a
/// lexicon is counted from the others, so the block's words are unknown
/// as often as held-out words are. In the block, `glue_rate` of the gaps
/// between two words are glued (positives: the true cut is labelled 1,
/// the other cuts of the same token 0), and every other unknown token
/// gives its cuts labelled 0: real words the splitter must leave alone.
pub fn cut_examples(keyed: &[Vec<(String, bool)>], opts: &TrainOptions) -> Vec<([f32; NUM_FEATURES], bool)> {
    let (folds, glue_rate, min_piece_chars) = (opts.folds, opts.glue_rate, MIN_PIECE_CHARS);
    let fold_of = |i: usize| i * folds / keyed.len().max(1);
    let mut rng = XorShift::new(opts.seed);
    let mut out = Vec::new();
    for k in 0..folds {
        let others = keyed.iter().enumerate().filter(|&(i, _)| fold_of(i) != k).map(|(_, w)| w);
        let lex = Lexicon::from_file(build_file(others, opts));
        let letters = |w: &str| w.chars().count();
        for (i, words) in keyed.iter().enumerate() {
            if fold_of(i) != k {
                continue;
            }
            let mut x = 0;
            while x < words.len() {
                let glue =
                    x + 1 < words.len() && words[x + 1].1 && (rng.next_u64() as f64 / u64::MAX as f64) < glue_rate;
                if glue {
                    let (a, b) = (&words[x].0, &words[x + 1].0);
                    let joined = format!("{a}{b}");
                    if letters(a) >= min_piece_chars && letters(b) >= min_piece_chars && lex.count(&joined) == 0 {
                        let prev = (words[x].1 && x > 0).then(|| words[x - 1].0.as_str());
                        let next = words.get(x + 2).filter(|w| w.1).map(|w| w.0.as_str());
                        for (cut, f) in cut_features(&lex, &joined, min_piece_chars, prev, next) {
                            out.push((f, cut == a.len()));
                        }
                    }
                    x += 2;
                    continue;
                }
                let w = &words[x].0;
                if lex.count(w) == 0 {
                    let prev = (words[x].1 && x > 0).then(|| words[x - 1].0.as_str());
                    let next = words.get(x + 1).filter(|w| w.1).map(|w| w.0.as_str());
                    for (_, f) in cut_features(&lex, w, min_piece_chars, prev, next) {
                        out.push((f, false));
                    }
                }
                x += 1;
            }
        }
    }
    out
}

/// Fit logistic-regression weights to labelled feature vectors by Newton's
/// method with an L2 penalty `l2` (features standardized while fitting,
/// the weights returned for the raw features).
pub fn fit_logistic(examples: &[([f32; NUM_FEATURES], bool)], l2: f64, iterations: usize) -> Vec<f32> {
    const D: usize = NUM_FEATURES;
    let n = examples.len().max(1) as f64;
    let mut mean = [0f64; D];
    let mut sd = [0f64; D];
    for (f, _) in examples {
        for d in 0..D {
            mean[d] += f[d] as f64 / n;
        }
    }
    for (f, _) in examples {
        for d in 0..D {
            sd[d] += (f[d] as f64 - mean[d]).powi(2) / n;
        }
    }
    for d in 0..D {
        sd[d] = sd[d].sqrt();
        // The bias (and any constant feature) is left as it is.
        if sd[d] < 1e-9 {
            mean[d] = 0.0;
            sd[d] = 1.0;
        }
    }
    let z = |f: &[f32; D], d: usize| (f[d] as f64 - mean[d]) / sd[d];
    let mut w = [0f64; D];
    for _ in 0..iterations {
        let mut grad = [0f64; D];
        let mut hess = [[0f64; D]; D];
        for (f, y) in examples {
            let x: [f64; D] = std::array::from_fn(|d| z(f, d));
            let s: f64 = (0..D).map(|d| w[d] * x[d]).sum();
            let p = 1.0 / (1.0 + (-s).exp());
            let r = if *y { 1.0 } else { 0.0 } - p;
            let v = p * (1.0 - p);
            for i in 0..D {
                grad[i] += r * x[i];
                for j in 0..=i {
                    hess[i][j] += v * x[i] * x[j];
                }
            }
        }
        for i in 0..D {
            // The bias is not penalized.
            let pen = if i == Feature::Bias as usize { 0.0 } else { l2 };
            grad[i] -= pen * w[i];
            hess[i][i] += pen + 1e-9;
        }
        // Only the lower triangle was summed; mirror it.
        let lower = hess;
        for (i, row) in hess.iter_mut().enumerate() {
            for (j, h) in row.iter_mut().enumerate().skip(i + 1) {
                *h = lower[j][i];
            }
        }
        let step = solve(hess, grad);
        for d in 0..D {
            w[d] += step[d];
        }
    }
    // Undo the standardization: w·z = Σ w_d (f_d − m_d)/s_d.
    let mut raw = vec![0f32; D];
    let mut bias = w[Feature::Bias as usize];
    for d in 0..D {
        if d != Feature::Bias as usize {
            raw[d] = (w[d] / sd[d]) as f32;
            bias -= w[d] * mean[d] / sd[d];
        }
    }
    raw[Feature::Bias as usize] = bias as f32;
    raw
}

/// Solve `a x = b` for a symmetric positive definite `a` (Gaussian
/// elimination with partial pivoting; sizes here are tiny).
fn solve<const D: usize>(mut a: [[f64; D]; D], mut b: [f64; D]) -> [f64; D] {
    for col in 0..D {
        let piv = (col..D).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs())).unwrap_or(col);
        a.swap(col, piv);
        b.swap(col, piv);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        for row in col + 1..D {
            let m = a[row][col] / d;
            if m != 0.0 {
                let pivot = a[col];
                for (x, p) in a[row][col..].iter_mut().zip(&pivot[col..]) {
                    *x -= m * p;
                }
                b[row] -= m * b[col];
            }
        }
    }
    let mut x = [0f64; D];
    for row in (0..D).rev() {
        let s: f64 = (row + 1..D).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-12 { 0.0 } else { (b[row] - s) / a[row][row] };
    }
    x
}

/// Settings of [`train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// The data folder (`../shared/data`).
    pub data: PathBuf,
    /// Character model order.
    pub char_order: u8,
    /// Words seen fewer times than this are left out of the file (they still
    /// count in `N` and `V`).
    pub min_count: u32,
    /// What tuning aims for.
    pub goal: TuneGoal,
    /// Folds for the cut examples.
    pub folds: usize,
    /// Share of gaps glued to make positive cut examples.
    pub glue_rate: f64,
    /// Seed of that gluing.
    pub seed: u64,
    /// L2 penalty of the logistic regression (on standardized features).
    pub l2: f64,
    /// Word pairs seen fewer times than this are left out of the file.
    pub min_bigram: u32,
}

impl TrainOptions {
    /// Defaults over the data folder `data`.
    pub fn new(data: impl Into<PathBuf>) -> Self {
        TrainOptions {
            data: data.into(),
            char_order: DEFAULT_CHAR_ORDER,
            min_count: 1,
            goal: TuneGoal::default(),
            folds: 5,
            glue_rate: 0.05,
            seed: 7,
            l2: 1.0,
            min_bigram: 2,
        }
    }
}

/// A trained lexicon and what the manifest records about it.
#[derive(Debug)]
pub struct Trained {
    /// The lexicon with its tuned settings.
    pub lexicon: Lexicon,
    /// Sources and their licences.
    pub sources: Vec<Source>,
    /// The dev table and the chosen row.
    pub tuning: Vec<TuneRow>,
    /// The tuning goal.
    pub goal: TuneGoal,
    /// Running words counted.
    pub running_words: u64,
    /// Candidate cuts the weights were fitted on, and how many were true.
    pub cut_examples: usize,
    /// (see `cut_examples`)
    pub cut_positives: usize,
}

/// Count, build, tune. Reads only the lexicon parts and the dev part; the
/// test part is never read here.
pub fn train(opts: &TrainOptions) -> Result<Trained> {
    let data = opts.data.as_path();
    let mut sources = Vec::new();
    // Every counted text as keyed words, blocks in source order so each
    // fold of the cut examples is a different stretch of text.
    let mut keyed: Vec<Vec<(String, bool)>> = Vec::new();
    let mut add = |texts: &[String], file: String, licence: &'static str, used: String, sources: &mut Vec<Source>| {
        let before = keyed.len();
        keyed.extend(texts.iter().map(|t| keyed_words(t)));
        let n = keyed[before..].iter().map(|k| k.len() as u64).sum();
        sources.push(Source { file, licence, used, words_counted: n });
    };
    let (aner, mut dev) = anercorp_split(data)?;
    add(
        &aner,
        ANERCORP.into(),
        LICENCE_ANERCORP,
        format!("first {} sentences counted; last {} held out as dev (threshold tuning)", aner.len(), dev.len()),
        &mut sources,
    );
    let arcd = arcd_texts(data)?;
    add(&arcd, ARCD.into(), LICENCE_ARCD, "all contexts and questions counted".into(), &mut sources);
    let (padt, names) = padt_texts(data)?;
    add(
        &padt,
        names.join(", "),
        LICENCE_PADT,
        format!("{} sentences, forms de-vocalized and clitics re-attached, counted", padt.len()),
        &mut sources,
    );
    let (news, news_dev, test) = raw_news_split(data)?;
    add(
        &news,
        RAW_NEWS.into(),
        LICENCE_PADT,
        format!(
            "first {} paragraphs counted; next {} held out as dev (threshold tuning); last {} held out \
             as test (khabar eval repair), never counted nor used for tuning",
            news.len(),
            news_dev.len(),
            test.len()
        ),
        &mut sources,
    );
    dev.extend(news_dev);
    drop(test);
    let examples = cut_examples(&keyed, opts);
    let positives = examples.iter().filter(|e| e.1).count();
    let weights = fit_logistic(&examples, opts.l2, 12);
    let file = build_file(keyed.iter(), opts);
    let running = file.total;
    let mut lexicon = Lexicon::from_file(file);
    lexicon.set_weights(weights);
    let lexicon = Arc::new(lexicon);
    let (params, tuning) = tune(lexicon.clone(), &dev, &opts.goal);
    let mut lexicon = Arc::try_unwrap(lexicon).unwrap_or_else(|l| (*l).clone());
    lexicon.set_params(params);
    Ok(Trained {
        lexicon,
        sources,
        tuning,
        goal: opts.goal,
        running_words: running,
        cut_examples: examples.len(),
        cut_positives: positives,
    })
}

/// A lexicon file from keyed texts: word counts (words under
/// `min_count` left out but still counted in N and V) and pair counts
/// (pairs under `min_bigram` left out).
fn build_file<'a>(texts: impl Iterator<Item = &'a Vec<(String, bool)>> + Clone, opts: &TrainOptions) -> LexiconFile {
    let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
    let mut total = 0u64;
    for words in texts.clone() {
        for (w, _) in words {
            *counts.entry(w.as_str()).or_insert(0) += 1;
            total += 1;
        }
    }
    let types = counts.len() as u64;
    let mut words: Vec<(String, u32)> =
        counts.iter().filter(|&(_, &c)| c >= opts.min_count).map(|(w, &c)| (w.to_string(), c)).collect();
    words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let index: FxHashMap<&str, u32> = words.iter().enumerate().map(|(i, (w, _))| (w.as_str(), i as u32)).collect();
    let mut pairs: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for ws in texts {
        for k in 1..ws.len() {
            if !ws[k].1 {
                continue;
            }
            if let (Some(&x), Some(&y)) = (index.get(ws[k - 1].0.as_str()), index.get(ws[k].0.as_str())) {
                *pairs.entry((x, y)).or_insert(0) += 1;
            }
        }
    }
    let mut bigrams: Vec<(u32, u32, u32)> =
        pairs.into_iter().filter(|&(_, c)| c >= opts.min_bigram).map(|((x, y), c)| (x, y, c)).collect();
    bigrams.sort_unstable();
    LexiconFile {
        words,
        total,
        types,
        char_order: opts.char_order,
        params: RepairParams::default(),
        weights: Vec::new(),
        bigrams,
    }
}

/// The manifest written beside the model: data and licences, the split,
/// the command, the tuning table and the held-out scores.
pub fn manifest(trained: &Trained, command: &str, model_bytes: usize, test: &RepairReport) -> serde_json::Value {
    let lex = &trained.lexicon;
    let params = lex.params();
    let chosen = trained.tuning.iter().find(|r| r.threshold == params.threshold);
    serde_json::json!({
        "model": crate::token::lexicon::KIND,
        "format_version": crate::token::lexicon::FORMAT_VERSION,
        "file": "models/lexicon.bin",
        "bytes": model_bytes,
        "command": command,
        "trained_by": format!("khabar {}", env!("CARGO_PKG_VERSION")),
        "what": "Run-together repair: alef-folded written-word counts (clitics attached), counts of \
                 word pairs seen twice or more, and logistic-regression weights over candidate-cut \
                 features; the character model and affix tables are rebuilt from the words at load time.",
        "licence": "Derived from ANERcorp (CC BY-SA 4.0), PADT (CC BY-NC-SA 3.0) and ARCD \
                    (MIT; Wikipedia text CC BY-SA): the model carries the NonCommercial and \
                    ShareAlike terms of CC BY-NC-SA 3.0.",
        "data": trained.sources,
        "held_out": {
            "test": "padt-raw-news.txt: second half of its paragraphs (blank-line separated, \
                     in file order); never counted, never used for tuning",
            "dev": format!("anercorp-camel-train.txt: last {}% of sentences, and padt-raw-news.txt: \
                            paragraphs from 40% to 50% of the file; never counted, used to tune the \
                            threshold", (DEV_FRACTION * 100.0).round()),
        },
        "lexicon": {
            "words": lex.len(),
            "running_words": trained.running_words,
            "char_order": lex.to_file().char_order,
        },
        "params": params,
        "weights": FEATURE_NAMES.iter().zip(lex.weights()).map(|(n, w)| (n.to_string(), serde_json::json!(w))).collect::<serde_json::Map<_, _>>(),
        "cut_examples": { "candidates": trained.cut_examples, "true_cuts": trained.cut_positives,
                          "how": "5 contiguous folds of the counted text; each fold's words scored against a lexicon of the other four; 5% of its gaps glued" },
        "tuning": {
            "goal": trained.goal,
            "chosen": chosen,
            "table": trained.tuning,
        },
        "scores": {
            "test": test,
            "eval_command": "khabar eval repair --data ../shared/data --rate 0.02 --seed 1",
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padt_rebuild_handles_clitics() {
        // "and in his city", "to the president", "on him": invented lines.
        let conllu = "1\tوَ\tوَ\tCONJ\t_\t_\t0\tcc\t_\t_\n\
                      2\tفِي\tفِي\tADP\t_\t_\t3\tcase\t_\t_\n\
                      3\tمَدِينَةِ\tمَدِينَة\tNOUN\t_\t_\t0\troot\t_\t_\n\
                      4\tهِ\tهُوَ\tPRON\t_\tCase=Gen|PronType=Prs\t3\tnmod\t_\t_\n\
                      5\tلِ\tلِ\tADP\t_\t_\t6\tcase\t_\t_\n\
                      6\tاَلرَّئِيسِ\tرَئِيس\tNOUN\t_\t_\t3\tnmod\t_\t_\n\
                      7\tعَلَى\tعَلَى\tADP\t_\t_\t8\tcase\t_\t_\n\
                      8\tهِ\tهُوَ\tPRON\t_\tCase=Gen|PronType=Prs\t3\tnmod\t_\t_\n\
                      9\tهُوَ\tهُوَ\tPRON\t_\tCase=Nom|PronType=Prs\t3\tnsubj\t_\t_\n\n";
        assert_eq!(padt_written_sentences(conllu), ["وفي مدينته للرئيس عليه هو"]);
    }

    #[test]
    fn anercorp_style_lines_and_paragraphs() {
        let ps = paragraphs("\n\nأ ب\nج\n\n\n\nد\n");
        assert_eq!(ps, ["أ ب ج", "د"]);
        let (counts, n) = count_words(&["أعلن اعلن، 2016 NATO".to_string()]);
        assert_eq!((counts["اعلن"], n), (2, 2));
    }
}
