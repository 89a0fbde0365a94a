//! `khabar train <model>`: build a model from the data folder into models/.
//!
//! One subcommand per model; each is a thin layer over `khabar::train`.

use clap::Subcommand;
use khabar::eval::repair::{evaluate, RepairEvalOptions};
use khabar::token::repair::RepairStage;
use khabar::train::lexicon::{manifest, test_paragraphs, train, TrainOptions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Arguments of `khabar train`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    #[command(subcommand)]
    what: TrainCommand,
}

#[derive(Subcommand, Debug)]
enum TrainCommand {
    /// The word lexicon of run-together repair (models/lexicon.bin and its
    /// manifest). Tunes the split threshold on a dev part, then scores the
    /// held-out test part for the manifest.
    Lexicon(LexiconArgs),
    /// Clitic segmentation, POS and lemma (models/morph.bin and its
    /// manifest), from UD Arabic PADT: trained on the training documents,
    /// scored on the held-out ones (a fifth of the documents, by id hash).
    Morph(MorphArgs),
    /// Named entities (models/ner.bin and its manifest), from ANERcorp:
    /// trained on all but the last tenth of its sentences, scored on that
    /// tenth (dev), which nothing was tuned on.
    Ner(NerArgs),
    /// Document frequencies of lemmas for keyword scores
    /// (models/keywords.bin and its manifest), from ANERcorp (blocks of 20
    /// sentences), ARCD paragraphs and PADT raw news paragraphs, run
    /// through the embedded morphology.
    Keywords(KeywordsArgs),
}

/// Arguments of `khabar train keywords`.
#[derive(clap::Args, Debug)]
struct KeywordsArgs {
    /// The data folder.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    data: PathBuf,
    /// Where to write the model; the manifest goes beside it as
    /// `<name>.manifest.json`.
    #[arg(long, default_value = "models/keywords.bin", value_name = "FILE")]
    out: PathBuf,
    /// Leave lemmas found in fewer documents out of the file.
    #[arg(long, default_value_t = khabar::summary::keywords::MIN_DF)]
    min_df: u32,
    /// Threads for the morphology pass.
    #[arg(long, default_value_t = 2)]
    threads: usize,
}

/// Arguments of `khabar train ner`.
#[derive(clap::Args, Debug)]
struct NerArgs {
    /// The data folder.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    data: PathBuf,
    /// Where to write the model; the manifest goes beside it as
    /// `<name>.manifest.json`.
    #[arg(long, default_value = "models/ner.bin", value_name = "FILE")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 5)]
    epochs: usize,
    /// Folds for the second pass's view of the first (below 2: one pass).
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Models trained in different orders and averaged into one, per pass
    /// (the tagger's size grows, its speed does not change).
    #[arg(long, default_value_t = 3)]
    average: usize,
    /// Tuning run: train on the training part less its last ninth, score
    /// that ninth, print the report; writes nothing and never reads dev.
    #[arg(long)]
    tune: bool,
    /// With --tune, print the tuning errors to stderr, tab-separated.
    #[arg(long, short)]
    verbose: bool,
    /// Read the morphology's view of each token (the stem word's UPOS, an
    /// enclitic, the neighbours' UPOS) through this morphology model
    /// (tried on the tuning folds and not kept: off by default). For a
    /// model to ship, one trained by `khabar train morph --ner-dev-out`
    /// (its word list never counted ANERcorp's dev tenth; the shipped
    /// models/morph.bin did); with --tune, one trained by `khabar train
    /// morph --ner-tuning --ner-tune-fold K` for the same K, which never
    /// counted the tuning part either.
    #[arg(long, value_name = "FILE")]
    morph: Option<PathBuf>,
    /// With --tune, which ninth of the training part to score (0-8; 8,
    /// the last, by default; the others estimate the noise of a change).
    #[arg(long, default_value_t = 8)]
    tune_fold: usize,
}

/// Arguments of `khabar train morph`.
#[derive(clap::Args, Debug)]
struct MorphArgs {
    /// The data folder.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    data: PathBuf,
    /// Where to write the model; the manifest goes beside it as
    /// `<name>.manifest.json`.
    #[arg(long, default_value = "models/morph.bin", value_name = "FILE")]
    out: PathBuf,
    /// The Arabic hunspell dictionary (Debian package `hunspell-ar`, the
    /// Ayaspell word list): its word classes become tagger features and its
    /// verb stems give verb lemmas; the `.aff` beside it is read too.
    #[arg(long, default_value = khabar::morph::wordlist::HUNSPELL_AR, value_name = "FILE")]
    dictionary: PathBuf,
    /// Leave ANERcorp's entity dev tenth out of the word list: the model
    /// `khabar train ner --morph FILE` must read, so that the entity dev
    /// score never sees a label the morphology counted. (The shipped model
    /// counts every sentence: the shipped entity model does not read the
    /// morphology.) Write it outside models/.
    #[arg(long)]
    ner_dev_out: bool,
    /// Leave the entity tuning ninth out too (and the dev tenth): the model
    /// `khabar train ner --tune --morph FILE` reads. Write it outside models/.
    #[arg(long)]
    ner_tuning: bool,
    /// With --ner-tuning, which ninth of the entity training part is the
    /// tuning part (0-8; 8, the last, by default).
    #[arg(long, default_value_t = 8)]
    ner_tune_fold: usize,
}

/// Arguments of `khabar train lexicon`.
#[derive(clap::Args, Debug)]
struct LexiconArgs {
    /// The data folder.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    data: PathBuf,
    /// Where to write the model; the manifest goes beside it as
    /// `<name>.manifest.json`.
    #[arg(long, default_value = "models/lexicon.bin", value_name = "FILE")]
    out: PathBuf,
    /// Order of the character model.
    #[arg(long, default_value_t = khabar::token::lexicon::DEFAULT_CHAR_ORDER)]
    char_order: u8,
    /// Leave words seen fewer times out of the file.
    #[arg(long, default_value_t = 1)]
    min_count: u32,
}

/// Run `khabar train`.
pub fn run(args: TrainArgs) -> ExitCode {
    let (what, result) = match args.what {
        TrainCommand::Lexicon(a) => ("lexicon", lexicon(a)),
        TrainCommand::Morph(a) => ("morph", morph(a)),
        TrainCommand::Ner(a) => ("ner", ner(a)),
        TrainCommand::Keywords(a) => ("keywords", keywords(a)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("khabar train {what}: {e}");
            ExitCode::from(1)
        }
    }
}

fn lexicon(a: LexiconArgs) -> khabar::Result<()> {
    let mut opts = TrainOptions::new(&a.data);
    opts.char_order = a.char_order;
    opts.min_count = a.min_count;
    eprintln!("counting words in {} and tuning on dev…", a.data.display());
    let trained = train(&opts)?;
    let bytes = trained.lexicon.to_bytes()?;
    let io = |p: &PathBuf, e| khabar::Error::io(&p.display().to_string(), e);
    std::fs::write(&a.out, &bytes).map_err(|e| io(&a.out, e))?;
    eprintln!(
        "wrote {} ({} bytes, {} words, threshold {})",
        a.out.display(),
        bytes.len(),
        trained.lexicon.len(),
        trained.lexicon.params().threshold
    );
    // Scored once for the record; nothing above looked at this text.
    let test = test_paragraphs(&a.data)?;
    let stage = RepairStage::new(Arc::new(trained.lexicon.clone()));
    let (mut report, _) =
        evaluate(&stage, "padt-raw-news.txt, second half of paragraphs", &test, &RepairEvalOptions::default());
    report.model_bytes = Some(bytes.len());
    let command = format!(
        "khabar train lexicon --data {} --out {} --char-order {} --min-count {}",
        a.data.display(),
        a.out.display(),
        a.char_order,
        a.min_count
    );
    let m = manifest(&trained, &command, bytes.len(), &report);
    let text = serde_json::to_string_pretty(&m).expect("manifest serializes") + "\n";
    let mpath = a.out.with_extension("manifest.json");
    std::fs::write(&mpath, &text).map_err(|e| io(&mpath, e))?;
    eprintln!("wrote {}", mpath.display());
    println!("{}", serde_json::to_string_pretty(&report).expect("report serializes"));
    Ok(())
}

fn morph(a: MorphArgs) -> khabar::Result<()> {
    use khabar::morph::stage::MorphModel;
    use khabar::morph::train::{load_split, train_morph_holding_out, HELD_OUT_EVERY, HELD_OUT_OFFSET, PADT_FILES};
    let io = |p: &PathBuf, e| khabar::Error::io(&p.display().to_string(), e);
    eprintln!("rebuilding PADT tokens and training on {}…", a.data.display());
    let t0 = std::time::Instant::now();
    let held_out = if a.ner_tuning {
        khabar::morph::wordlist::AnerHeldOut::DevAndTuning(a.ner_tune_fold)
    } else if a.ner_dev_out {
        khabar::morph::wordlist::AnerHeldOut::Dev
    } else {
        khabar::morph::wordlist::AnerHeldOut::Nothing
    };
    let (model, report) = train_morph_holding_out(&a.data, &a.dictionary, held_out)?;
    let train_secs = t0.elapsed().as_secs_f64();
    let bytes = model.to_bytes()?;
    std::fs::write(&a.out, &bytes).map_err(|e| io(&a.out, e))?;
    eprintln!("wrote {} ({} bytes) in {train_secs:.1} s", a.out.display(), bytes.len());
    // Raw-text scores on the held-out documents with the new model.
    let (_, test) = load_split(&a.data)?;
    let pipeline = khabar::Pipeline::builder()
        .stage(khabar::token::Tokenizer::new())
        .stage(RepairStage::embedded()?)
        .stage(khabar::sentence::SentenceSplitter::new())
        .stage(khabar::morph::stage::MorphStage::new(Arc::new(MorphModel::from_bytes(&bytes)?)))
        .build()?;
    let raw = khabar::eval::ud::evaluate(&pipeline, &test, "PADT dev+test", "held-out documents")?;
    let manifest = serde_json::json!({
        "model": khabar::morph::stage::KIND,
        "format_version": khabar::morph::stage::FORMAT_VERSION,
        "file": a.out.display().to_string(),
        "bytes": bytes.len(),
        "command": format!("khabar train morph --data {} --out {} --dictionary {}{}", a.data.display(), a.out.display(), a.dictionary.display(), if a.ner_tuning { format!(" --ner-tuning --ner-tune-fold {}", a.ner_tune_fold) } else if a.ner_dev_out { " --ner-dev-out".to_string() } else { String::new() }),
        "data": PADT_FILES.iter().map(|f| serde_json::json!({"file": f, "licence": "CC BY-NC-SA 3.0", "used": "gold words and rebuilt tokens; the held-out documents are never trained on"}))
            .chain([
                serde_json::json!({"file": "anercorp/anercorp-camel-train.txt", "licence": "CC BY-SA 4.0", "used": if a.ner_tuning { "word list features: word frequencies and name shares (from its tags), all but the last tenth of sentences (the entity dev) and a ninth of the rest (the entity tuning part)" } else if a.ner_dev_out { "word list features: word frequencies and name shares (from its tags), all but the last tenth of sentences (the entity tagger's dev)" } else { "word list features: word frequencies and name shares (from its tags), every sentence (the shipped entity model does not read the morphology, and is scored on gold tokens)" }}),
                serde_json::json!({"file": "arcd/arcd-train.json", "licence": "MIT (dataset); Wikipedia text CC BY-SA", "used": "word list features: word frequencies"}),
                serde_json::json!({"file": "ud-arabic-padt-1.3/padt-raw-news.txt", "licence": "CC BY-NC-SA 3.0", "used": "word list features: first half of the paragraphs (the second half is the repair test text)"}),
                serde_json::json!({"file": a.dictionary.display().to_string(), "licence": "Ayaspell hunspell-ar (Debian hunspell-ar), GPL 2.0 / LGPL 2.1 / MPL 1.1, used under MPL 1.1", "used": "tagger features: hashed word -> dictionary section (noun/adjective, verb, function word) and affix-class number; lemmas of verbs: hashed conjugated stem -> verb lemma (the .aff's st: field; the lemmas are stored as text)"}),
            ])
            .collect::<Vec<_>>(),
        "split": format!("by document (orig_file_sentence prefix): held out when FNV-1a(document id) % {HELD_OUT_EVERY} == {HELD_OUT_OFFSET}; never trained on"),
        "licence": "Derived from UD Arabic PADT (CC BY-NC-SA 3.0), ANERcorp (CC BY-SA 4.0) and ARCD (MIT; Wikipedia text CC BY-SA): the model carries the NonCommercial and ShareAlike terms of CC BY-NC-SA 3.0.",
        "lemma_form": "unvocalized, the treebank's standard spelling, no article, dictionary citation form",
        "upos": "UD v2 names (PADT 1.3 CONJ read as CCONJ); foreign names are X as in PADT",
        "train_seconds": train_secs,
        "scores": {
            "heldout_gold_words": report,
            "heldout_raw_text": raw,
            "eval_command": format!("khabar eval ud {}/{} --heldout (and the same for the other PADT file)", a.data.display(), PADT_FILES[0]),
        },
    });
    let mpath = a.out.with_extension("manifest.json");
    let text = serde_json::to_string_pretty(&manifest).expect("json") + "\n";
    std::fs::write(&mpath, text).map_err(|e| io(&mpath, e))?;
    eprintln!(
        "held-out: segmentation words F1 {:.2}; gold words UPOS {:.2}, lemma {:.2}; raw text words {:.2}, UPOS {:.2}, lemma {:.2} (manifest {})",
        report.segmenter_heldout.f1,
        report.tagger_heldout.upos,
        report.tagger_heldout.lemma,
        raw.scores.words.f1,
        raw.scores.upos.f1,
        raw.scores.lemma.f1,
        mpath.display()
    );
    Ok(())
}

fn ner(a: NerArgs) -> khabar::Result<()> {
    use khabar::ner::model::TrainOptions;
    use khabar::ner::train::{anercorp_split, evaluate_with, raw_texts, train_with_morph, tune_split_fold, ANERCORP, DEV_FRACTION, DOC_BLOCK};
    let io = |p: &PathBuf, e| khabar::Error::io(&p.display().to_string(), e);
    let opts = TrainOptions { epochs: a.epochs, folds: a.folds, average: a.average };
    let (train_part, dev) = anercorp_split(&a.data)?;
    let raw = raw_texts(&a.data)?;
    let morph = match &a.morph {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| io(p, e))?;
            Some(khabar::morph::stage::MorphStage::new(Arc::new(khabar::morph::stage::MorphModel::from_bytes(&bytes)?)))
        }
        None => None,
    };
    if a.tune {
        let (fit, tune) = tune_split_fold(train_part, a.tune_fold);
        eprintln!("tuning: training on {} sentences, scoring {}…", fit.len(), tune.len());
        let (model, report) = train_with_morph(&fit, &raw, opts, morph.as_ref())?;
        let mut errors = Vec::new();
        let r = evaluate_with(&model, morph.as_ref(), &tune, "anercorp train part, last ninth (tuning)", a.verbose.then_some(&mut errors))?;
        for e in &errors {
            eprintln!("{}\t{}\t{}\t{}", e.kind, e.gold, e.predicted, e.sentence);
        }
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"train": report, "tune": r})).expect("json"));
        return Ok(());
    }
    eprintln!("training on {} ANERcorp sentences…", train_part.len());
    let (model, report) = train_with_morph(&train_part, &raw, opts, morph.as_ref())?;
    let bytes = model.to_bytes()?;
    std::fs::write(&a.out, &bytes).map_err(|e| io(&a.out, e))?;
    eprintln!("wrote {} ({} bytes, {} features) in {:.1} s", a.out.display(), bytes.len(), report.features, report.seconds);
    // Scored once for the record; nothing was tuned on these sentences.
    let dev_report = evaluate_with(&model, morph.as_ref(), &dev, "anercorp-camel-train.txt, last 10% of sentences (dev, held out)", None)?;
    let command = format!(
        "khabar train ner --data {} --out {} --epochs {} --folds {} --average {}{}",
        a.data.display(),
        a.out.display(),
        a.epochs,
        a.folds,
        a.average,
        a.morph.as_ref().map_or(String::new(), |p| format!(" --morph {}", p.display()))
    );
    let manifest = serde_json::json!({
        "model": khabar::ner::KIND,
        "format_version": khabar::ner::FORMAT_VERSION,
        "file": a.out.display().to_string(),
        "bytes": bytes.len(),
        "command": command,
        "data": [{
            "file": ANERCORP,
            "licence": "CC BY-SA 4.0",
            "used": format!("first {} sentences trained on (tags, and tokens for the word clusters); last {} (the last {:.0}%) held out as dev", report.sentences, dev.len(), DEV_FRACTION * 100.0),
        }, {
            "file": "arcd/arcd-train.json",
            "licence": "MIT",
            "used": "contexts and questions as unlabeled text for the word clusters",
        }, {
            "file": "ud-arabic-padt-1.3/padt-raw-news.txt",
            "licence": "CC BY-NC-SA 3.0",
            "used": "first half of the paragraphs as unlabeled text for the word clusters (the second half is khabar eval repair's test)",
        }, {
            "file": "ud-arabic-padt-1.3/padt-ud1.3-dev.conllu, padt-ud1.3-test.conllu",
            "licence": "CC BY-NC-SA 3.0",
            "used": "written sentences rebuilt from the word forms (no annotation used) as unlabeled text for the word clusters",
        }],
        "gazetteer": "name lists written by the khabar team (crates/khabar/src/ner/gazetteer/), embedded in the code",
        "licence": "Derived from ANERcorp (CC BY-SA 4.0): the model weights carry the Attribution and ShareAlike terms; redistribute under CC BY-SA 4.0 with attribution to Benajiba et al. (2007) and the CAMeL Lab split (Obeid et al. 2020). The word clusters also derive from PADT's raw news and treebank text (CC BY-NC-SA 3.0, non-commercial terms, as for models/lexicon.bin) and ARCD (MIT).",
        "split": format!("sentence order: last {:.0}% dev (never trained or tuned on); tuning used the last ninth of the rest (`khabar train ner --tune`); pseudo-documents of {DOC_BLOCK} sentences", DEV_FRACTION * 100.0),
        "train": report,
        "scores": {
            "dev": dev_report,
            "how": "entity-level exact match at ANERcorp token level (a gold token carries its clitics: `والعراق B-LOC`)",
            "eval_command": format!("khabar eval ner --anercorp-dev --data {}", a.data.display()),
        },
    });
    let mpath = a.out.with_extension("manifest.json");
    std::fs::write(&mpath, serde_json::to_string_pretty(&manifest).expect("json") + "\n").map_err(|e| io(&mpath, e))?;
    let o = &dev_report.scores.overall;
    eprintln!("dev: P {:.2} R {:.2} F1 {:.2} (manifest {})", o.precision, o.recall, o.f1, mpath.display());
    println!("{}", serde_json::to_string_pretty(&dev_report).expect("json"));
    Ok(())
}

fn keywords(a: KeywordsArgs) -> khabar::Result<()> {
    use khabar::summary::keywords::{document_frequencies, training_documents, ANERCORP_BLOCK, FORMAT_VERSION, KIND};
    let io = |p: &PathBuf, e| khabar::Error::io(&p.display().to_string(), e);
    let sources = training_documents(&a.data)?;
    let docs: Vec<String> = sources.iter().flat_map(|(_, d)| d.iter().cloned()).collect();
    eprintln!("analyzing {} documents from {}…", docs.len(), a.data.display());
    let t0 = std::time::Instant::now();
    let pipeline = khabar::Pipeline::morphology()?;
    let model = document_frequencies(&pipeline, &docs, a.threads, a.min_df);
    let secs = t0.elapsed().as_secs_f64();
    let bytes = model.to_bytes()?;
    std::fs::write(&a.out, &bytes).map_err(|e| io(&a.out, e))?;
    eprintln!("wrote {} ({} bytes, {} lemmas, {} documents) in {secs:.1} s", a.out.display(), bytes.len(), model.df.len(), model.docs);
    let licence = |f: &str| match f {
        f if f.starts_with("anercorp") => "CC BY-SA 4.0",
        f if f.starts_with("arcd") => "MIT (dataset); paragraphs are Wikipedia text, CC BY-SA",
        _ => "CC BY-NC-SA 3.0",
    };
    let used = |f: &str| match f {
        f if f.starts_with("anercorp") => format!("all sentences, in blocks of {ANERCORP_BLOCK} as pseudo-documents"),
        f if f.starts_with("arcd") => "paragraph contexts, one document each (questions not used)".to_string(),
        _ => "all paragraphs, one document each".to_string(),
    };
    let manifest = serde_json::json!({
        "model": KIND,
        "format_version": FORMAT_VERSION,
        "file": a.out.display().to_string(),
        "bytes": bytes.len(),
        "command": format!("khabar train keywords --data {} --out {} --min-df {}", a.data.display(), a.out.display(), a.min_df),
        "data": sources.iter().map(|(f, d)| serde_json::json!({"file": f, "licence": licence(f), "documents": d.len(), "used": used(f)})).collect::<Vec<_>>(),
        "what": "document frequency of each content-word lemma (NOUN, PROPN, X, ADJ, VERB; stop words, numbers and punctuation left out), from the embedded morphology; only counts are kept, no text",
        "documents": model.docs,
        "lemmas": model.df.len(),
        "min_df": a.min_df,
        "licence": "Counts derived from ANERcorp (CC BY-SA 4.0), ARCD (MIT; Wikipedia text CC BY-SA) and PADT raw news (CC BY-NC-SA 3.0), through the morph model (CC BY-NC-SA 3.0): the file carries the NonCommercial and ShareAlike terms of CC BY-NC-SA 3.0.",
        "seconds": secs,
        "scores": "none: document frequencies are unsupervised statistics; keyword quality is checked by the hand-written articles in crates/khabar/tests/keywords.rs",
    });
    let mpath = a.out.with_extension("manifest.json");
    let text = serde_json::to_string_pretty(&manifest).expect("json") + "\n";
    std::fs::write(&mpath, text).map_err(|e| io(&mpath, e))?;
    eprintln!("wrote {}", mpath.display());
    Ok(())
}
