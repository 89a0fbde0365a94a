//! A driver for instruction-count profiles of the pipeline through quotes
//! (issue 4's scope), one document per paragraph as in the `morph` bench.
//! Wall-clock benches are noisy on a shared machine; `callgrind` counts are
//! not, so speed changes are compared with this:
//!
//!     cargo build --release -p khabar --example through_quotes
//!     valgrind --tool=callgrind --collect-atstart=no \
//!         --toggle-collect='*through_quotes::analyze_all*' \
//!         target/release/examples/through_quotes [PASSES]
//!
//! Only `analyze_all` is counted, so loading the models does not weigh in.
//! The text is padt-raw-news.txt from ../shared/data.

use khabar::Pipeline;
use std::hint::black_box;

#[inline(never)]
fn analyze_all(p: &Pipeline, paragraphs: &[&str]) -> usize {
    paragraphs.iter().map(|t| p.analyze(black_box(t)).words.len()).sum()
}

fn main() -> khabar::Result<()> {
    let passes: usize = std::env::args().nth(1).map_or(1, |s| s.parse().expect("PASSES is a number"));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/ud-arabic-padt-1.3/padt-raw-news.txt");
    let text = std::fs::read_to_string(path).map_err(|e| khabar::Error::io(path, e))?;
    let paragraphs: Vec<&str> = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
    let p = Pipeline::through_quotes()?;
    let mut words = 0;
    for _ in 0..passes {
        words = analyze_all(&p, &paragraphs);
    }
    println!("{} paragraphs, {words} syntactic words", paragraphs.len());
    Ok(())
}
