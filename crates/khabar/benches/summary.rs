//! Speed of the extractive summary, per article, on the team's own summary
//! articles (tests/summaries and tests/summaries-dev, in the repo):
//!
//!     cargo bench -p khabar --bench summary
//!
//! - `fast_path`: [`Pipeline::summary_fast`] end to end (text layer + light
//!   stems + choice), what `khabar analyze --pipeline summary` runs;
//! - `choose_stems` / `choose_on_full`: the choice alone on documents
//!   already analyzed by the text layer / the full pipeline;
//! - `full_pipeline`: everything khabar does, summary included.
//!
//! Each timed iteration checks its output: every article gets exactly
//! min(3, eligible) sentences, the same count as the untimed run up front,
//! so a broken stage cannot look fast. Throughput is in articles.

#![allow(missing_docs)] // criterion_group! generates an undocumented fn

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar::eval::rouge::read_cases;
use khabar::summary::summarize::{eligible, SummaryStage};
use khabar::{Document, Pipeline, SentenceId};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn articles() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let mut out = Vec::new();
    for set in ["summaries", "summaries-dev"] {
        out.extend(read_cases(&root.join(set)).expect("summary cases").into_iter().map(|c| c.text));
    }
    out
}

/// min(3, eligible sentences) per article: what every run must choose.
fn expected(docs: &[Document]) -> usize {
    docs.iter()
        .map(|d| (0..d.sentences.len() as u32).filter(|&i| eligible(d, SentenceId(i))).count().min(3))
        .sum()
}

fn bench(c: &mut Criterion) {
    let texts = articles();
    let fast = Pipeline::summary_fast(3).unwrap();
    let full = Pipeline::full().unwrap();
    let text_layer = Pipeline::text_layer().unwrap();
    let stage = SummaryStage::new(3);
    let fast_docs: Vec<Document> = texts.iter().map(|t| fast.analyze(t)).collect();
    let full_docs: Vec<Document> = texts.iter().map(|t| full.analyze(t)).collect();
    let plain: Vec<Document> = texts.iter().map(|t| text_layer.analyze(t)).collect();
    let want_fast = expected(&fast_docs);
    let want_full = expected(&full_docs);
    assert_eq!(fast_docs.iter().map(|d| d.summary.len()).sum::<usize>(), want_fast);
    assert_eq!(full_docs.iter().map(|d| d.summary.len()).sum::<usize>(), want_full);
    eprintln!("{} articles; sentences chosen: fast path {want_fast}, full {want_full}", texts.len());

    let mut g = c.benchmark_group("summary");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("fast_path", |b| {
        b.iter(|| {
            let n: usize = texts.iter().map(|t| fast.analyze(black_box(t)).summary.len()).sum();
            assert_eq!(n, want_fast);
        })
    });
    g.bench_function("choose_stems", |b| {
        b.iter(|| {
            let n: usize = plain.iter().map(|d| stage.choose(black_box(d)).len()).sum();
            assert_eq!(n, want_fast);
        })
    });
    g.bench_function("choose_on_full", |b| {
        b.iter(|| {
            let n: usize = full_docs.iter().map(|d| stage.choose(black_box(d)).len()).sum();
            assert_eq!(n, want_full);
        })
    });
    g.bench_function("text_layer", |b| {
        b.iter(|| {
            let n: usize = texts.iter().map(|t| text_layer.analyze(black_box(t)).sentences.len()).sum();
            assert!(n > texts.len());
        })
    });
    g.bench_function("full_pipeline", |b| {
        b.iter(|| {
            let n: usize = texts.iter().map(|t| full.analyze(black_box(t)).summary.len()).sum();
            assert_eq!(n, want_full);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
