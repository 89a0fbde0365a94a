//! `khabar eval <what>`: score a stage on held-out data and print a JSON
//! report on stdout. One subcommand per scorer (`repair` today; `ud`, `ner`
//! and others join as further variants of [`EvalCommand`]).

use clap::{Subcommand, ValueEnum};
use khabar::eval::repair::{evaluate, RepairEvalOptions};
use khabar::token::lexicon::Lexicon;
use khabar::token::repair::RepairStage;
use khabar::train::lexicon::{dev_paragraphs, test_paragraphs};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Arguments of `khabar eval`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    what: EvalCommand,
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Run-together repair: delete a share of the spaces between Arabic
    /// words in held-out news, repair, and count spaces restored, missed
    /// and cuts made elsewhere; count cuts on the clean text; time it.
    Repair(RepairArgs),
    /// Tokens, words (clitic segmentation), UPOS and lemma from raw text,
    /// scored as the CoNLL 2018 shared task does. A UD 2.x file is analyzed
    /// from its `# text` lines; a PADT 1.3 file (no `# text`) from its
    /// rebuilt written tokens.
    Ud(UdArgs),
    /// Named entities on a `TOKEN TAG` file (IOB; PERS or PER, LOC, ORG,
    /// MISC), or on khabar's ANERcorp dev split: entity-level exact match,
    /// overall and per type, at the file's token level.
    Ner(NerArgs),
}

/// Arguments of `khabar eval ner`.
#[derive(clap::Args, Debug)]
struct NerArgs {
    /// The gold `TOKEN TAG` file (blank line between sentences).
    #[arg(value_name = "FILE", required_unless_present = "anercorp_dev")]
    gold: Option<PathBuf>,
    /// Score the dev split of ANERcorp (its last tenth of sentences, never
    /// trained or tuned on) instead of a file.
    #[arg(long, conflicts_with = "gold")]
    anercorp_dev: bool,
    /// The data folder (for --anercorp-dev).
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    data: PathBuf,
    /// An ner model file to score instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Print the errors (gold, found, sentence) to stderr, tab-separated.
    #[arg(long, short)]
    verbose: bool,
    /// Also time the embedded pipeline through entities on the same text
    /// (one core) and add `throughput` to the report.
    #[arg(long)]
    time: bool,
}

/// Arguments of `khabar eval ud`.
#[derive(clap::Args, Debug)]
struct UdArgs {
    /// The gold CoNLL-U file.
    #[arg(value_name = "GOLD.conllu")]
    gold: PathBuf,
    /// For a PADT 1.3 file: score only khabar's held-out documents (a fifth,
    /// chosen by a hash of the document id), which its shipped model never
    /// trained on.
    #[arg(long)]
    heldout: bool,
}

/// Which held-out part to score.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// Second half of padt-raw-news.txt paragraphs (never in the lexicon).
    Test,
    /// Last tenth of ANERcorp sentences and paragraphs 40-50% of padt-raw-news.txt (used to tune the threshold).
    Dev,
}

/// Arguments of `khabar eval repair`.
#[derive(clap::Args, Debug)]
struct RepairArgs {
    /// The data folder.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    data: PathBuf,
    /// Share of eligible gaps (one space between two Arabic words) to delete.
    #[arg(long, default_value_t = 0.02)]
    rate: f64,
    /// Seed of the choice of gaps.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A lexicon model file to score instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Override the model's split threshold (for error analysis).
    #[arg(long)]
    threshold: Option<f32>,
    /// Which held-out part.
    #[arg(long, value_enum, default_value_t = Part::Test)]
    part: Part,
    /// Seconds to time each throughput measurement (0 skips timing).
    #[arg(long, default_value_t = 1.0)]
    time: f64,
    /// Print errors (missed, wrong and clean-text cuts) to stderr.
    #[arg(long, short)]
    verbose: bool,
    /// Also print to stderr every candidate cut of these words, with its
    /// score and features (repeatable).
    #[arg(long, value_name = "WORD")]
    explain: Vec<String>,
    /// Most errors of each run to print with --verbose.
    #[arg(long, default_value_t = 60)]
    examples: usize,
}

/// Run `khabar eval`.
pub fn run(args: EvalArgs) -> ExitCode {
    let result = match args.what {
        EvalCommand::Repair(a) => repair(a),
        EvalCommand::Ud(a) => ud(a),
        EvalCommand::Ner(a) => ner(a),
    };
    match result {
        Ok(json) => {
            use std::io::Write;
            // A reader that stops early (`| head`) is not an error.
            match writeln!(std::io::stdout().lock(), "{json}") {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("khabar eval: writing the report: {e}");
                    ExitCode::from(1)
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(e) => {
            eprintln!("khabar eval: {e}");
            ExitCode::from(1)
        }
    }
}

fn repair(a: RepairArgs) -> khabar::Result<String> {
    if !(0.0..=1.0).contains(&a.rate) {
        return Err(khabar::Error::new(khabar::ErrorKind::Config, format!("--rate {} is not in 0..1", a.rate)));
    }
    let (stage, bytes) = match &a.model {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| khabar::Error::io(&p.display().to_string(), e))?;
            (RepairStage::new(Arc::new(Lexicon::from_bytes(&bytes)?)), Some(bytes.len()))
        }
        None => (RepairStage::embedded()?, None),
    };
    let stage = match a.threshold {
        Some(t) => {
            let params = khabar::token::lexicon::RepairParams { threshold: t, ..stage.params() };
            stage.with_params(params)
        }
        None => stage,
    };
    for w in &a.explain {
        let norm = khabar::text::normalize(w, khabar::text::Level::Nlp);
        for c in stage.explain(norm.as_str()) {
            let f: Vec<String> = c.features.iter().map(|x| format!("{x:.2}")).collect();
            eprintln!("{}|{} {:.2} [{}]", c.left, c.right, c.score, f.join(" "));
        }
    }
    let (name, paragraphs) = match a.part {
        Part::Test => ("padt-raw-news.txt, second half of paragraphs (held out)", test_paragraphs(&a.data)?),
        Part::Dev => {
            ("anercorp last tenth of sentences + padt-raw-news paragraphs 40-50% (dev)", dev_paragraphs(&a.data)?)
        }
    };
    let opts = RepairEvalOptions {
        rate: a.rate,
        seed: a.seed,
        max_examples: if a.verbose { a.examples } else { 0 },
        throughput: (a.time > 0.0).then(|| Duration::from_secs_f64(a.time)),
    };
    let (mut report, errors) = evaluate(&stage, name, &paragraphs, &opts);
    report.model_bytes = bytes.or(Some(khabar::token::repair::embedded_model_len()));
    for e in &errors {
        eprintln!("{:7} {}", e.kind, e.token);
    }
    Ok(serde_json::to_string_pretty(&report).expect("report serializes"))
}

fn ud(a: UdArgs) -> khabar::Result<String> {
    let pipeline = khabar::Pipeline::full()?;
    let report = khabar::eval::ud::evaluate_file(&pipeline, &a.gold, a.heldout)?;
    Ok(serde_json::to_string_pretty(&report).expect("json"))
}

fn ner(a: NerArgs) -> khabar::Result<String> {
    use khabar::ner::train::{anercorp_split, evaluate, read_token_tag, time_pipeline};
    use khabar::ner::{NerModel, NerStage};
    let model = match &a.model {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| khabar::Error::io(&p.display().to_string(), e))?;
            Arc::new(NerModel::from_bytes(&bytes)?)
        }
        None => NerModel::embedded()?,
    };
    let (gold, name) = match &a.gold {
        Some(p) => (read_token_tag(p)?, p.display().to_string()),
        None => (anercorp_split(&a.data)?.1, "anercorp-camel-train.txt, last 10% of sentences (dev, held out)".to_string()),
    };
    let mut errors = Vec::new();
    let report = evaluate(&model, &gold, &name, a.verbose.then_some(&mut errors))?;
    for e in &errors {
        eprintln!("{}\t{}\t{}\t{}", e.kind, e.gold, e.predicted, e.sentence);
    }
    let mut json = serde_json::to_value(&report).expect("json");
    if a.time {
        json["throughput"] = serde_json::to_value(time_pipeline(&NerStage::new(model), &gold)?).expect("json");
    }
    Ok(serde_json::to_string_pretty(&json).expect("json"))
}
