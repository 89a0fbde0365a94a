//! Throughput of morphology on real news text from ../shared/data: clitic
//! segmentation alone, the whole morph stage (segmentation + POS + lemma),
//! and the full pipeline, in word tokens per second.
//!
//!     cargo bench -p khabar --bench morph
//!
//! Output counts (words produced) are checked on every iteration, so a
//! stage that silently stops producing cannot look fast.

#![allow(missing_docs)] // criterion_group! generates an undocumented fn

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use khabar::morph::stage::{MorphModel, MorphStage};
use khabar::{Pipeline, Stage, TokenKind};
use std::hint::black_box;
use std::time::Duration;

fn padt() -> Option<String> {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/ud-arabic-padt-1.3/padt-raw-news.txt");
    std::fs::read_to_string(p).map_err(|e| eprintln!("skipping: cannot read {p} ({e})")).ok()
}

fn benches(c: &mut Criterion) {
    let Some(text) = padt() else { return };
    let model = MorphModel::embedded().expect("embedded morph model");
    let text_layer = Pipeline::text_layer().expect("text layer");
    let base = text_layer.analyze(&text);
    let word_tokens: Vec<&str> =
        base.tokens.iter().filter(|t| t.kind == TokenKind::Word).map(|t| t.norm.slice(base.nlp.as_str())).collect();
    let n_tokens = base.word_count() as u64;
    let stage = MorphStage::new(model.clone());
    let mut analyzed = base.clone();
    stage.run(&mut analyzed);
    let n_words = analyzed.words.len();
    let pieces: usize = word_tokens.iter().map(|t| model.segmenter.segment(t, None, None).len()).sum();
    eprintln!(
        "padt-raw-news: {} word tokens ({} Arabic), {} syntactic words after the morph stage, {} pieces from Arabic tokens",
        n_tokens,
        word_tokens.len(),
        n_words,
        pieces
    );
    assert!(n_words as u64 > n_tokens && pieces > word_tokens.len(), "segmentation split nothing");

    let mut g = c.benchmark_group("morph-padt-raw-news");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    g.throughput(Throughput::Elements(word_tokens.len() as u64));
    g.bench_function("segment_only", |b| {
        b.iter(|| {
            let mut n = 0;
            for t in &word_tokens {
                n += model.segmenter.segment(black_box(t), None, None).len();
            }
            assert_eq!(n, pieces);
            n
        })
    });
    g.throughput(Throughput::Elements(n_tokens));
    g.bench_function("morph_stage", |b| {
        b.iter_batched(
            || base.clone(),
            |mut d| {
                stage.run(&mut d);
                assert_eq!(d.words.len(), n_words);
                d
            },
            BatchSize::LargeInput,
        )
    });
    let full = Pipeline::full().expect("full pipeline");
    g.bench_function("full_pipeline", |b| {
        b.iter(|| {
            let d = full.analyze(black_box(&text));
            assert_eq!(d.words.len(), n_words);
            d
        })
    });
    // The same text as articles (one per paragraph): the summary's
    // centrality is quadratic in a document's sentences, so one 842-sentence
    // document is not what a news archive looks like.
    let paragraphs: Vec<&str> = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
    let para_words: usize = paragraphs.iter().map(|p| full.analyze(p).words.len()).sum();
    eprintln!("{} paragraphs, {para_words} syntactic words when analyzed one by one", paragraphs.len());
    // Issue 4's scope (text layer, morphology, entities with linking,
    // numbers, quotes), before keywords and the summary.
    let who_what = Pipeline::through_quotes().expect("pipeline");
    g.bench_function("through_quotes_per_paragraph", |b| {
        b.iter(|| {
            let n: usize = paragraphs.iter().map(|p| who_what.analyze(black_box(p)).words.len()).sum();
            assert_eq!(n, para_words);
            n
        })
    });
    g.bench_function("full_pipeline_per_paragraph", |b| {
        b.iter(|| {
            let n: usize = paragraphs.iter().map(|p| full.analyze(black_box(p)).words.len()).sum();
            assert_eq!(n, para_words);
            n
        })
    });
    g.finish();
}

criterion_group!(morph, benches);
criterion_main!(morph);
