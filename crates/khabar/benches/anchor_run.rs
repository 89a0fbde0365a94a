//! Not a criterion bench: the khabar side of `scripts/bench-anchors.sh`.
//! Reads a text file the way the anchor scripts do (one paragraph per
//! non-empty line, stripped), runs the text layer on each paragraph as its
//! own document, and prints one timing record on stderr in the anchors'
//! format, with process time measured inside the process:
//!
//!     {"tool":"khabar","load_s":…,"process_s":…,"words":…,"paragraphs":…,…}
//!
//! `process_s` is the median of `--repeat N` passes (default 5; the first
//! pass is included in the median). Run by the script as
//! `anchor_run FILE [--repeat N]`; under a plain `cargo bench` it does nothing.

use std::time::Instant;

fn main() {
    let t0 = Instant::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args.iter().find(|a| !a.starts_with("--") && !a.is_empty());
    let Some(file) = file else {
        eprintln!("anchor_run: no input file (run by scripts/bench-anchors.sh); skipping");
        return;
    };
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(5)
        .max(1);
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let paragraphs: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let pipeline = khabar::Pipeline::text_layer().expect("text layer builds");
    let load_s = t0.elapsed().as_secs_f64();

    let words: usize = paragraphs.iter().map(|p| p.split_whitespace().count()).sum();
    let mut times = Vec::with_capacity(repeat);
    let mut counts = None;
    for _ in 0..repeat {
        let t = Instant::now();
        let (mut tokens, mut sentences) = (0usize, 0usize);
        for p in &paragraphs {
            let d = pipeline.analyze(std::hint::black_box(p));
            tokens += d.tokens.len();
            sentences += d.sentences.len();
        }
        times.push(t.elapsed().as_secs_f64());
        // Every pass must produce the same output counts.
        match counts {
            None => counts = Some((tokens, sentences)),
            Some(c) => assert_eq!(c, (tokens, sentences), "passes disagree"),
        }
    }
    let (tokens, sentences) = counts.unwrap();
    assert!(tokens > 0 && sentences > 0, "no output: {tokens} tokens, {sentences} sentences");
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    eprintln!(
        "{{\"tool\": \"khabar\", \"load_s\": {load_s:.4}, \"process_s\": {median:.6}, \"words\": {words}, \"paragraphs\": {}, \"tokens\": {tokens}, \"sentences\": {sentences}, \"passes\": {repeat}, \"min_s\": {:.6}, \"max_s\": {:.6}}}",
        paragraphs.len(),
        times[0],
        times[times.len() - 1]
    );
}
