//! Scoring run-together repair: delete a random share of the spaces between
//! Arabic words in held-out text, run the repair, and count the spaces put
//! back exactly where they were, the ones missed and the cuts made anywhere
//! else; then count the cuts made on the same text left clean.
//!
//! The gaps are chosen with a seeded xorshift generator, so a (text, rate,
//! seed) triple always gives the same corruption and the same figures.

use crate::document::{Document, TokenKind};
use crate::pipeline::Stage;
use crate::sentence::SentenceSplitter;
use crate::text::chars::{is_arabic_diacritic, is_arabic_letter, TATWEEL};
use crate::token::repair::RepairStage;
use crate::token::Tokenizer;
use serde::Serialize;
use std::time::{Duration, Instant};

/// A tiny seeded generator (xorshift64*): reproducible, no dependency.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from `seed` (any value, zero included).
    pub fn new(seed: u64) -> Self {
        let s = seed ^ 0x9E37_79B9_7F4A_7C15;
        XorShift(if s == 0 { 1 } else { s })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`); the modulo bias is negligible here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// One paragraph with some spaces deleted.
#[derive(Debug, Clone)]
pub struct Corrupted {
    /// The text with the spaces removed.
    pub text: String,
    /// Byte offsets into `text` where a space was removed (where the second
    /// word now starts), ascending.
    pub deleted: Vec<usize>,
}

/// Byte offsets of the spaces that are a gap between two Arabic word tokens
/// separated by exactly one ASCII space: the gaps the evaluation may delete.
///
/// ```
/// use khabar::{Document, Stage};
/// use khabar::eval::repair::eligible_gaps;
/// // "the minister said: yes" — no gap before or after the colon counts.
/// let mut doc = Document::new("قال الوزير: نعم");
/// khabar::token::Tokenizer::new().run(&mut doc);
/// assert_eq!(eligible_gaps(&doc), vec![6]);
/// ```
pub fn eligible_gaps(doc: &Document) -> Vec<usize> {
    let text = doc.text();
    doc.tokens
        .windows(2)
        .filter(|w| w[0].kind == TokenKind::Word && w[1].kind == TokenKind::Word)
        .filter(|w| &text[w[0].span.end as usize..w[1].span.start as usize] == " ")
        .map(|w| w[0].span.end as usize)
        .collect()
}

/// Delete `rate` of all eligible gaps (rounded; chosen uniformly with
/// `seed`) across `paragraphs`. Returns the corrupted paragraphs and the
/// number of eligible gaps.
pub fn corrupt(paragraphs: &[String], rate: f64, seed: u64) -> (Vec<Corrupted>, usize) {
    let tokenizer = Tokenizer::new();
    let mut gaps: Vec<(usize, usize)> = Vec::new();
    for (p, text) in paragraphs.iter().enumerate() {
        let mut doc = Document::new(text.as_str());
        tokenizer.run(&mut doc);
        gaps.extend(eligible_gaps(&doc).into_iter().map(|g| (p, g)));
    }
    let total = gaps.len();
    let k = ((total as f64 * rate.clamp(0.0, 1.0)).round() as usize).min(total);
    // Partial Fisher–Yates: the first k are a uniform sample.
    let mut rng = XorShift::new(seed);
    for i in 0..k {
        let j = i + rng.below(total - i);
        gaps.swap(i, j);
    }
    let mut chosen: Vec<Vec<usize>> = vec![Vec::new(); paragraphs.len()];
    for &(p, g) in &gaps[..k] {
        chosen[p].push(g);
    }
    let out = paragraphs
        .iter()
        .zip(chosen)
        .map(|(text, mut del)| {
            del.sort_unstable();
            let mut out = String::with_capacity(text.len());
            let mut deleted = Vec::with_capacity(del.len());
            let mut last = 0;
            for g in del {
                out.push_str(&text[last..g]);
                deleted.push(out.len());
                last = g + 1;
            }
            out.push_str(&text[last..]);
            Corrupted { text: out, deleted }
        })
        .collect();
    (out, total)
}

/// Where repair cut tokens: the byte offset of each piece after the first.
/// Pieces of one cut token touch; distinct tokens never both are repaired
/// and touching, since two letter runs with nothing between are one token.
pub fn cut_offsets(doc: &Document) -> Vec<usize> {
    doc.tokens
        .windows(2)
        .filter(|w| w[0].repaired && w[1].repaired && w[0].span.end == w[1].span.start)
        .map(|w| w[1].span.start as usize)
        .collect()
}

/// One error, for reading: the written token with `|` where a space was
/// missed, put back wrongly, or cut on clean text.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorExample {
    /// `missed`, `wrong` (cut where no space was deleted) or `clean` (cut in
    /// untouched text).
    pub kind: &'static str,
    /// The token as written (original text), `|` at the cut or gap.
    pub token: String,
}

/// Raw counts of one scoring run.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct RepairCounts {
    /// Spaces deleted.
    pub deleted: usize,
    /// Deleted spaces that repair put back exactly.
    pub restored: usize,
    /// Deleted spaces not put back.
    pub missed: usize,
    /// Cuts at a place where no space was deleted.
    pub wrong: usize,
}

impl RepairCounts {
    /// restored / all cuts (1 when nothing was cut).
    pub fn precision(&self) -> f64 {
        ratio(self.restored, self.restored + self.wrong)
    }
    /// restored / deleted (1 when nothing was deleted).
    pub fn recall(&self) -> f64 {
        ratio(self.restored, self.deleted)
    }
    /// Harmonic mean of the two.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Add another run's counts.
    pub fn add(&mut self, o: RepairCounts) {
        self.deleted += o.deleted;
        self.restored += o.restored;
        self.missed += o.missed;
        self.wrong += o.wrong;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The token (original text) around byte `at` of `doc`'s text, with `|` at `at`.
fn show(doc: &Document, at: usize) -> String {
    let text = doc.text();
    let is_letter = |c: char| is_arabic_letter(c) || is_arabic_diacritic(c) || c == TATWEEL;
    let start = text[..at].char_indices().rev().take_while(|&(_, c)| is_letter(c)).last().map_or(at, |(i, _)| i);
    let end = text[at..].char_indices().find(|&(_, c)| !is_letter(c)).map_or(text.len(), |(i, _)| at + i);
    format!("{}|{}", &text[start..at], &text[at..end])
}

/// Run tokenizer and `stage` on corrupted paragraphs and count; up to
/// `max_examples` errors are returned for reading.
pub fn score_corrupted(
    stage: &RepairStage,
    set: &[Corrupted],
    max_examples: usize,
) -> (RepairCounts, Vec<ErrorExample>) {
    let tokenizer = Tokenizer::new();
    let mut c = RepairCounts::default();
    let mut examples = Vec::new();
    for item in set {
        let mut doc = Document::new(item.text.as_str());
        tokenizer.run(&mut doc);
        stage.run(&mut doc);
        let cuts = cut_offsets(&doc);
        c.deleted += item.deleted.len();
        for &d in &item.deleted {
            if cuts.binary_search(&d).is_ok() {
                c.restored += 1;
            } else {
                c.missed += 1;
                if examples.len() < max_examples {
                    examples.push(ErrorExample { kind: "missed", token: show(&doc, d) });
                }
            }
        }
        for &x in &cuts {
            if item.deleted.binary_search(&x).is_err() {
                c.wrong += 1;
                if examples.len() < max_examples {
                    examples.push(ErrorExample { kind: "wrong", token: show(&doc, x) });
                }
            }
        }
    }
    (c, examples)
}

/// Cuts made on clean text.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct CleanCounts {
    /// Tokens (all kinds) before repair.
    pub tokens: usize,
    /// Arabic word tokens before repair.
    pub word_tokens: usize,
    /// Cuts made (each is a false split: the text had its spaces).
    pub splits: usize,
    /// Cuts per 2,000 tokens.
    pub per_2000_tokens: f64,
    /// Cuts per 2,000 Arabic word tokens.
    pub per_2000_words: f64,
}

/// Run tokenizer and `stage` on clean paragraphs and count the cuts.
pub fn score_clean(
    stage: &RepairStage,
    paragraphs: &[String],
    max_examples: usize,
) -> (CleanCounts, Vec<ErrorExample>) {
    let tokenizer = Tokenizer::new();
    let mut c = CleanCounts::default();
    let mut examples = Vec::new();
    for p in paragraphs {
        let mut doc = Document::new(p.as_str());
        tokenizer.run(&mut doc);
        c.tokens += doc.tokens.len();
        c.word_tokens += doc.tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
        stage.run(&mut doc);
        for x in cut_offsets(&doc) {
            c.splits += 1;
            if examples.len() < max_examples {
                examples.push(ErrorExample { kind: "clean", token: show(&doc, x) });
            }
        }
    }
    c.per_2000_tokens = 2000.0 * c.splits as f64 / c.tokens.max(1) as f64;
    c.per_2000_words = 2000.0 * c.splits as f64 / c.word_tokens.max(1) as f64;
    (c, examples)
}

/// Speed of the text layer with and without repair, one thread.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Throughput {
    /// Bytes of text per pass.
    pub bytes: usize,
    /// Normalize + tokenize, MB/s (MB = 10^6 bytes).
    pub tokenize_mb_s: f64,
    /// The repair stage alone on tokenized documents, MB/s.
    pub repair_mb_s: f64,
    /// Normalize + tokenize + sentences (no repair), MB/s.
    pub text_layer_without_repair_mb_s: f64,
    /// Normalize + tokenize + repair + sentences, MB/s.
    pub text_layer_mb_s: f64,
    /// Share of the text layer's time spent in repair.
    pub repair_share: f64,
}

/// Time the text layer on `paragraphs` (each a document) for at least
/// `min_time` per measurement, on the calling thread.
pub fn throughput(stage: &RepairStage, paragraphs: &[String], min_time: Duration) -> Throughput {
    let bytes: usize = paragraphs.iter().map(|p| p.len()).sum();
    let tokenizer = Tokenizer::new();
    let splitter = SentenceSplitter::new();
    let timed = |f: &mut dyn FnMut() -> usize| -> f64 {
        let mut n = 0;
        let mut check = 0;
        let t = Instant::now();
        while t.elapsed() < min_time || n == 0 {
            check += f();
            n += 1;
        }
        // Keeps the work observable so it cannot be optimized away.
        assert!(check > 0 || bytes == 0);
        (bytes * n) as f64 / t.elapsed().as_secs_f64() / 1e6
    };
    let tokenize = timed(&mut || {
        paragraphs
            .iter()
            .map(|p| {
                let mut d = Document::new(p.as_str());
                tokenizer.run(&mut d);
                d.tokens.len()
            })
            .sum()
    });
    let without = timed(&mut || {
        paragraphs
            .iter()
            .map(|p| {
                let mut d = Document::new(p.as_str());
                tokenizer.run(&mut d);
                splitter.run(&mut d);
                d.sentences.len() + d.tokens.len()
            })
            .sum()
    });
    let with = timed(&mut || {
        paragraphs
            .iter()
            .map(|p| {
                let mut d = Document::new(p.as_str());
                tokenizer.run(&mut d);
                stage.run(&mut d);
                splitter.run(&mut d);
                d.sentences.len() + d.tokens.len()
            })
            .sum()
    });
    // Repair alone: tokenized copies prepared outside the clock.
    let docs: Vec<Document> = paragraphs
        .iter()
        .map(|p| {
            let mut d = Document::new(p.as_str());
            tokenizer.run(&mut d);
            d
        })
        .collect();
    let mut spent = Duration::ZERO;
    let mut n = 0;
    while spent < min_time || n == 0 {
        let mut copies = docs.clone();
        let t = Instant::now();
        for d in &mut copies {
            stage.run(d);
        }
        spent += t.elapsed();
        n += 1;
        assert!(copies.iter().map(|d| d.tokens.len()).sum::<usize>() >= docs.len().min(1));
    }
    let repair = (bytes * n) as f64 / spent.as_secs_f64() / 1e6;
    Throughput {
        bytes,
        tokenize_mb_s: tokenize,
        repair_mb_s: repair,
        text_layer_without_repair_mb_s: without,
        text_layer_mb_s: with,
        repair_share: (1.0 / repair) / (1.0 / with),
    }
}

/// Settings of [`evaluate`].
#[derive(Debug, Clone)]
pub struct RepairEvalOptions {
    /// Share of eligible gaps to delete.
    pub rate: f64,
    /// Seed of the gap choice.
    pub seed: u64,
    /// How many errors of each run to keep for reading.
    pub max_examples: usize,
    /// Time each throughput measurement this long; `None` skips them.
    pub throughput: Option<Duration>,
}

impl Default for RepairEvalOptions {
    fn default() -> Self {
        RepairEvalOptions { rate: 0.02, seed: 1, max_examples: 0, throughput: None }
    }
}

/// The report of `khabar eval repair`.
#[derive(Debug, Clone, Serialize)]
pub struct RepairReport {
    /// What text was scored.
    pub text: String,
    /// Paragraphs (documents) scored.
    pub paragraphs: usize,
    /// Share of eligible gaps deleted.
    pub rate: f64,
    /// Seed of the choice.
    pub seed: u64,
    /// Gaps that could be deleted.
    pub eligible_gaps: usize,
    /// Counts on the corrupted text.
    pub counts: RepairCounts,
    /// restored / all cuts on the corrupted text.
    pub precision: f64,
    /// restored / deleted.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Cuts on the untouched text.
    pub clean: CleanCounts,
    /// Speed, if measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput: Option<Throughput>,
    /// Size in bytes of the lexicon model scored, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_bytes: Option<usize>,
}

/// Corrupt `paragraphs`, repair, score; score the clean text; maybe time
/// it. Returns the report and error examples (missed, wrong, clean cuts).
pub fn evaluate(
    stage: &RepairStage,
    text_name: &str,
    paragraphs: &[String],
    opts: &RepairEvalOptions,
) -> (RepairReport, Vec<ErrorExample>) {
    let (set, eligible) = corrupt(paragraphs, opts.rate, opts.seed);
    let (counts, mut examples) = score_corrupted(stage, &set, opts.max_examples);
    let (clean, clean_examples) = score_clean(stage, paragraphs, opts.max_examples);
    examples.extend(clean_examples);
    let throughput = opts.throughput.map(|t| throughput(stage, paragraphs, t));
    let report = RepairReport {
        text: text_name.to_string(),
        paragraphs: paragraphs.len(),
        rate: opts.rate,
        seed: opts.seed,
        eligible_gaps: eligible,
        counts,
        precision: counts.precision(),
        recall: counts.recall(),
        f1: counts.f1(),
        clean,
        throughput,
        model_bytes: None,
    };
    (report, examples)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::lexicon::{Lexicon, RepairParams};
    use std::sync::Arc;

    fn paragraphs() -> Vec<String> {
        // Invented sentences: "the minister met the delegation in the capital",
        // "the talks between the two sides will continue tomorrow".
        vec![
            "التقى الوزير الوفد في العاصمة، وقال إن المحادثات مثمرة.".to_string(),
            "المحادثات بين الجانبين ستستمر غدا في العاصمة".to_string(),
        ]
    }

    #[test]
    fn corruption_is_seeded_and_exact() {
        let ps = paragraphs();
        let (a, eligible) = corrupt(&ps, 0.5, 7);
        let (b, _) = corrupt(&ps, 0.5, 7);
        assert_eq!(eligible, 13);
        let deleted: usize = a.iter().map(|c| c.deleted.len()).sum();
        assert_eq!(deleted, 7); // round(13 * 0.5)
        assert_eq!(a.iter().map(|c| &c.text).collect::<Vec<_>>(), b.iter().map(|c| &c.text).collect::<Vec<_>>());
        for (c, p) in a.iter().zip(&ps) {
            assert_eq!(c.text.len() + c.deleted.len(), p.len());
            for &d in &c.deleted {
                // A word starts right where the space was.
                assert!(!c.text[d..].starts_with(' ') && !c.text[..d].ends_with(' '));
            }
        }
        let (none, _) = corrupt(&ps, 0.0, 7);
        assert!(none.iter().all(|c| c.deleted.is_empty() && ps.contains(&c.text)));
    }

    #[test]
    fn scoring_counts_restored_missed_and_wrong() {
        let ps = paragraphs();
        let words = ps.iter().flat_map(|p| p.split([' ', '،', '.']));
        let mut counts: rustc_hash::FxHashMap<String, u32> = Default::default();
        for w in words.filter(|w| !w.is_empty()) {
            *counts.entry(w.to_string()).or_insert(0) += 3;
        }
        let lex = Lexicon::from_counts(counts, RepairParams { threshold: 0.0, ..RepairParams::default() });
        let stage = RepairStage::new(Arc::new(lex));
        let set = vec![Corrupted {
            text: "التقى الوزيرالوفد في العاصمة".to_string(), deleted: vec![23]
        }];
        let (c, ex) = score_corrupted(&stage, &set, 10);
        assert_eq!(c, RepairCounts { deleted: 1, restored: 1, missed: 0, wrong: 0 });
        assert!(ex.is_empty());
        // A deletion the text does not show is missed.
        let set = vec![Corrupted { text: "التقى الوزير".to_string(), deleted: vec![10] }];
        let (c, ex) = score_corrupted(&stage, &set, 10);
        assert_eq!((c.missed, c.recall()), (1, 0.0));
        assert_eq!(ex[0].kind, "missed");
        let (clean, _) = score_clean(&stage, &ps, 10);
        assert_eq!(clean.splits, 0);
        assert!(clean.tokens > clean.word_tokens);
    }

    #[test]
    fn xorshift_is_reproducible() {
        let mut a = XorShift::new(0);
        let mut b = XorShift::new(0);
        let xs: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        assert_eq!(xs, (0..4).map(|_| b.next_u64()).collect::<Vec<_>>());
        assert!(xs.windows(2).all(|w| w[0] != w[1]));
        assert!((0..100).all(|_| a.below(3) < 3));
    }
}
