//! Throughput of the text layer, stage by stage and end to end, on real news
//! text from ../shared/data (not part of the repo; a corpus that is missing
//! is skipped with a message).
//!
//!     cargo bench -p khabar --bench text_layer
//!     cargo bench -p khabar --bench text_layer -- text_layer   # filter
//!
//! Each corpus is analyzed once up front; its output counts (nlp bytes,
//! tokens, words, sentences) are printed and every timed iteration asserts
//! it produced the same counts, so a stage that silently breaks (no tokens,
//! one giant sentence) cannot look fast. Measurement times are short on
//! purpose (shared machines); raise them with criterion's CLI flags.

#![allow(missing_docs)] // criterion_group! generates an undocumented fn

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use khabar::sentence::SentenceSplitter;
use khabar::text::{normalize, Level};
use khabar::token::Tokenizer;
use khabar::{Document, Pipeline, Stage};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

fn data_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
}

/// PADT raw news text, as it is (paragraphs, hard-wrapped lines).
fn padt() -> Option<String> {
    let p = data_dir().join("ud-arabic-padt-1.3/padt-raw-news.txt");
    match std::fs::read_to_string(&p) {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("skipping padt-raw-news: cannot read {} ({e}); the benches read ../shared/data", p.display());
            None
        }
    }
}

/// ANERcorp train (`TOKEN TAG` a line, blank line between sentences) as
/// text: tokens joined by spaces, sentences by newlines.
fn anercorp() -> Option<String> {
    let p = data_dir().join("anercorp/anercorp-camel-train.txt");
    let raw = match std::fs::read_to_string(&p) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("skipping anercorp: cannot read {} ({e}); the benches read ../shared/data", p.display());
            return None;
        }
    };
    let mut out = String::with_capacity(raw.len());
    let mut line_empty = true;
    for line in raw.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !line_empty {
                out.push('\n');
                line_empty = true;
            }
            continue;
        }
        let token = line.rsplit_once(' ').map_or(line, |(t, _tag)| t);
        if !line_empty {
            out.push(' ');
        }
        out.push_str(token);
        line_empty = false;
    }
    Some(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    nlp_bytes: usize,
    tokens: usize,
    words: usize,
    sentences: usize,
}

fn bench_corpus(c: &mut Criterion, name: &str, text: &str) {
    let pipeline = Pipeline::text_layer().expect("text layer builds");
    let doc = pipeline.analyze(text);
    let counts = Counts {
        nlp_bytes: doc.nlp.as_str().len(),
        tokens: doc.tokens.len(),
        words: doc.word_count(),
        sentences: doc.sentences.len(),
    };
    eprintln!(
        "{name}: {} bytes, {} chars -> nlp {} bytes, {} tokens ({} words), {} sentences",
        text.len(),
        text.chars().count(),
        counts.nlp_bytes,
        counts.tokens,
        counts.words,
        counts.sentences
    );
    assert!(counts.tokens > 0 && counts.words > 0 && counts.sentences > 0, "{name}: empty output {counts:?}");
    assert!(counts.sentences < counts.tokens, "{name}: a sentence per token? {counts:?}");

    // Stage inputs prepared outside the timed part.
    let fresh = Document::new(text);
    let mut tokenized = Document::new(text);
    Tokenizer::new().run(&mut tokenized);
    // Repair may add tokens (a glued pair becomes two), never remove them.
    let raw_tokens = tokenized.tokens.len();
    assert!(raw_tokens <= counts.tokens && raw_tokens * 100 > counts.tokens * 99, "{name}: tokenizer alone {raw_tokens} vs text layer {}", counts.tokens);
    let mut split_alone = tokenized.clone();
    SentenceSplitter::new().run(&mut split_alone);
    let raw_sentences = split_alone.sentences.len();
    eprintln!("{name}: tokenizer alone {raw_tokens} tokens; repair added {}", counts.tokens - raw_tokens);

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(text.len() as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));

    g.bench_function("normalize_nlp", |b| {
        b.iter(|| {
            let a = normalize(black_box(text), Level::Nlp);
            assert_eq!(a.as_str().len(), counts.nlp_bytes);
            a
        })
    });
    g.bench_function("tokenize", |b| {
        let t = Tokenizer::new();
        b.iter_batched(
            || fresh.clone(),
            |mut d| {
                t.run(&mut d);
                assert_eq!(d.tokens.len(), raw_tokens);
                d
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("sentences", |b| {
        let s = SentenceSplitter::new();
        b.iter_batched(
            || tokenized.clone(),
            |mut d| {
                s.run(&mut d);
                assert_eq!(d.sentences.len(), raw_sentences);
                d
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("text_layer", |b| {
        b.iter(|| {
            let d = pipeline.analyze(black_box(text));
            assert_eq!((d.tokens.len(), d.sentences.len()), (counts.tokens, counts.sentences));
            d
        })
    });
    g.finish();

    // The same end-to-end run counted in words (words/s).
    let mut g = c.benchmark_group(format!("{name}-words"));
    g.throughput(Throughput::Elements(counts.words as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("text_layer", |b| {
        b.iter(|| {
            let d = pipeline.analyze(black_box(text));
            assert_eq!(d.word_count(), counts.words);
            d
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let mut any = false;
    if let Some(t) = padt() {
        bench_corpus(c, "padt-raw-news", &t);
        any = true;
    }
    if let Some(t) = anercorp() {
        bench_corpus(c, "anercorp-train", &t);
        any = true;
    }
    if !any {
        eprintln!("text_layer bench: no corpus found under {}; nothing measured", data_dir().display());
    }
}

criterion_group!(text_layer, benches);
criterion_main!(text_layer);
