//! Tagger experiments without touching the held-out split.
//!
//! `cargo run --release -p khabar --example tagger_tune -- DATA_DIR [FOLD…]`
//!
//! The held-out documents (hash % 5 == 0) are dropped first; of the rest,
//! documents with hash % 5 == FOLD (1..=4; default all four in turn) are the
//! tuning set and the others train. Prints UPOS and lemma on the tuning set's gold words, so
//! that a change is chosen here and only then confirmed on the held-out split
//! by `khabar train morph`.
//!
//! Environment switches for error analysis: `SEG=1` scores the segmenter
//! instead (words F1 per fold); `KHABAR_DUMP=X>NOUN` prints those tagging
//! errors with their neighbours; `KHABAR_LEMMA=1` counts lemma errors by
//! gold UPOS and prints the verbs'; `KHABAR_COVER=1` prints how often the
//! spelling dictionary knows the words of each gold tag; `KHABAR_FRAC=0.5`
//! trains on that share of the training sentences (a learning curve).
use khabar::morph::data::{gold_words, is_held_out, document_of};
use khabar::morph::train::{evaluate_tagger, load_split, HELD_OUT_EVERY};
use khabar::morph::tagger::{GoldWord, TaggerModel};
use std::path::PathBuf;

fn main() -> khabar::Result<()> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let mut folds: Vec<usize> = args.map(|s| s.parse().expect("FOLD is a number 1..=4")).collect();
    if folds.is_empty() {
        folds = (1..HELD_OUT_EVERY).collect();
    }
    let (rest, _heldout) = load_split(&data)?;
    let dic = khabar::morph::wordlist::read_dictionary(std::path::Path::new(khabar::morph::wordlist::HUNSPELL_AR))?;
    let aff = khabar::morph::wordlist::read_dictionary(&std::path::Path::new(khabar::morph::wordlist::HUNSPELL_AR).with_extension("aff"))?;
    let words = khabar::morph::wordlist::build(&data)?.with_classes(&dic).with_verb_lemmas(&dic, &aff);
    if std::env::var("SEG").is_ok() {
        // The segmenter on the same folds (words F1 on the tuning fold).
        let mut sum = 0.0;
        for &fold in &folds {
            let (tr, te): (Vec<_>, Vec<_>) = rest.iter().cloned().partition(|s| !is_held_out(&document_of(s), HELD_OUT_EVERY, fold));
            let (m, _) = khabar::morph::segment::SegmenterModel::train_with(&tr, words.clone());
            let ev = khabar::morph::segment::evaluate(&m, &te);
            println!("fold {fold}: segmentation words F1 {:.2}", ev.f1);
            sum += ev.f1;
        }
        println!("mean segmentation F1 {:.3}", sum / folds.len() as f64);
        return Ok(());
    }
    let (mut sum_upos, mut sum_lemma) = (0.0, 0.0);
    for &fold in &folds {
        assert!((1..HELD_OUT_EVERY).contains(&fold), "FOLD must be 1..=4");
        let (u, l) = run_fold(&rest, &words, fold);
        sum_upos += u;
        sum_lemma += l;
    }
    let n = folds.len() as f64;
    println!("mean over folds {folds:?}: UPOS {:.2} lemma {:.2}", sum_upos / n, sum_lemma / n);
    Ok(())
}

fn run_fold(rest: &[khabar::morph::padt::RebuiltSentence], words: &khabar::morph::wordlist::WordList, fold: usize) -> (f64, f64) {
    let (mut tr, mut te): (Vec<Vec<GoldWord>>, Vec<Vec<GoldWord>>) = (Vec::new(), Vec::new());
    for s in rest {
        if is_held_out(&document_of(s), HELD_OUT_EVERY, fold) {
            te.push(gold_words(s));
        } else {
            tr.push(gold_words(s));
        }
    }
    // KHABAR_FRAC=0.5 trains on that share of the training sentences (the
    // first ones, so documents stay mostly whole): a learning curve.
    if let Some(frac) = std::env::var("KHABAR_FRAC").ok().and_then(|v| v.parse::<f64>().ok()) {
        tr.truncate(((tr.len() as f64) * frac).round() as usize);
    }
    let t0 = std::time::Instant::now();
    let (tagger, _) = TaggerModel::train_with(&tr, words.clone());
    let secs = t0.elapsed().as_secs_f64();
    let e = evaluate_tagger(&tagger, &te);
    println!(
        "fold {fold}: train {} sents, tune {} sents / {} words: UPOS {:.2} lemma {:.2} ({secs:.0} s training, {:.0} words/s)",
        tr.len(),
        te.len(),
        e.words,
        e.upos,
        e.lemma,
        e.words_per_sec
    );
    // KHABAR_COVER=1 prints, per gold tag, how often the dictionary knows the word.
    if std::env::var("KHABAR_COVER").is_ok() {
        let mut by: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
        for s in &te {
            for w in s {
                let folded: String = w.form.chars().map(|c| match c { 'أ' | 'إ' | 'آ' | 'ٱ' => 'ا', 'ى' => 'ي', c => c }).collect();
                let bare = folded.strip_prefix("ال").unwrap_or(&folded);
                let known = words.class_of(&folded) != 0 || words.class_of(bare) != 0;
                let e = by.entry(w.upos.clone()).or_default();
                e.0 += 1;
                e.1 += known as usize;
                if !known && w.upos != "X" && std::env::var("KHABAR_COVER_DUMP").is_ok() {
                    println!("MISS {} {}", w.upos, w.form);
                }
            }
        }
        for (t, (n, k)) in by {
            println!("COVER {t:>6} {n:>6} known {:.1}%", 100.0 * k as f64 / n as f64);
        }
    }
    // KHABAR_LEMMA=1 counts lemma errors by gold UPOS (and prints verbs').
    if std::env::var("KHABAR_LEMMA").is_ok() {
        use khabar::morph::tagger::WordIn;
        let mut by: std::collections::BTreeMap<String, usize> = Default::default();
        for s in &te {
            let ins: Vec<WordIn<'_>> = s.iter().map(|w| WordIn { form: &w.form, role: w.role }).collect();
            for (g, (_, lemma)) in s.iter().zip(tagger.tag(&ins)) {
                if g.lemma != lemma {
                    *by.entry(g.upos.clone()).or_default() += 1;
                    if g.upos == "VERB" {
                        println!("LEMMA {} gold {} got {}", g.form, g.lemma, lemma);
                    }
                }
            }
        }
        println!("LEMMA errors by gold UPOS: {by:?}");
    }
    // KHABAR_DUMP=GOLD>PRED prints those errors with their neighbours.
    if let Ok(want) = std::env::var("KHABAR_DUMP") {
        use khabar::morph::tagger::WordIn;
        for s in &te {
            let ins: Vec<WordIn<'_>> = s.iter().map(|w| WordIn { form: &w.form, role: w.role }).collect();
            let out = tagger.tag(&ins);
            for (i, (g, (tag, _))) in s.iter().zip(&out).enumerate() {
                if format!("{}>{}", g.upos, tag) == want {
                    let lo = i.saturating_sub(3);
                    let ctx: Vec<String> = (lo..(i + 4).min(s.len())).map(|j| if j == i { format!("[{}]", s[j].form) } else { format!("{}/{}", s[j].form, s[j].upos) }).collect();
                    println!("DUMP {}", ctx.join(" "));
                }
            }
        }
    }
    for (g, p, c) in e.confusions.iter().take(6) {
        println!("  {g:>6} -> {p:<6} {c}");
    }
    (e.upos, e.lemma)
}
