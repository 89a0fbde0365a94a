//! The whole text layer on arbitrary bytes (valid UTF-8 only: the library
//! takes `&str`), checking the span and alignment invariants of
//! `fuzz/invariants.rs` (the same checks as the property tests).
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run pipeline -- -max_total_time=60
//!
//! Inputs that trigger a known, reported bug (`invariants::known_bug`) are
//! skipped so a session finds new bugs instead of the same one again; set
//! `KHABAR_FUZZ_STRICT=1` to check them too (to confirm a fix).
//!
//! Keep a crash input as `fuzz/regressions/<short-name>`; the test
//! `fuzz_regressions_replay` in crates/khabar/tests/properties.rs replays
//! every file there.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn pipeline() -> &'static khabar::Pipeline {
    static P: OnceLock<khabar::Pipeline> = OnceLock::new();
    P.get_or_init(|| khabar::Pipeline::text_layer().expect("the text layer builds"))
}

fn strict() -> bool {
    static S: OnceLock<bool> = OnceLock::new();
    *S.get_or_init(|| std::env::var_os("KHABAR_FUZZ_STRICT").is_some_and(|v| v == "1"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if !strict() && invariants::known_bug("document", text) {
        return;
    }
    let doc = pipeline().analyze(text);
    if let Err(e) = invariants::check_document(&doc) {
        panic!("span invariant: {e}\ninput: {text:?}");
    }
    if let Err(e) = invariants::check_alignment(text, &doc.nlp) {
        if strict() || !invariants::alignment_known_bug(&e) {
            panic!("nlp alignment: {e}\ninput: {text:?}");
        }
    }
    if let Err(e) = invariants::check_word_norms(&doc) {
        panic!("word norm: {e}\ninput: {text:?}");
    }
});
