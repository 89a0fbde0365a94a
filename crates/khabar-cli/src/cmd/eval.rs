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
    /// Extractive summaries: khabar's summary (after the full analysis, and
    /// the summary-only fast path `khabar-fast`), Lead-N and a
    /// TextRank-style graph ranker on a folder of `*.toml` cases (`title`,
    /// `text`, `reference`), scored with ROUGE-1/2/L F against the
    /// hand-written references, side by side, with the time per article of
    /// each.
    Summary(SummaryArgs),
}

/// Arguments of `khabar eval summary`.
#[derive(clap::Args, Debug)]
struct SummaryArgs {
    /// The folder of cases (default: the repo's tests/summaries).
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Sentences to choose per article.
    #[arg(long, default_value_t = 3)]
    sentences: usize,
    /// Also score an outside tool's picks: a JSONL file, one record per
    /// case in file-name order, whose arrays of strings (other than
    /// `sentences`) are each a method's chosen sentences (run_sumy.py's
    /// output). Repeatable.
    #[arg(long, value_name = "FILE")]
    score_jsonl: Vec<PathBuf>,
    /// Processing seconds the outside tool reported for each
    /// --score-jsonl file, in the same order (for the time column).
    #[arg(long, value_name = "SECONDS")]
    external_seconds: Vec<f64>,
    /// Print each article's picks and ROUGE-1 F per method to stderr.
    #[arg(long, short)]
    verbose: bool,
    /// Time each khabar pipeline (full, and the summary-only fast path) by
    /// repeating passes over the set for at least this many seconds.
    #[arg(long, default_value_t = 0.5, value_name = "SECONDS")]
    time: f64,
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
        EvalCommand::Summary(a) => summary(a),
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

fn summary(a: SummaryArgs) -> khabar::Result<String> {
    use khabar::eval::rouge::{evaluate_pipeline, evaluate_summaries, read_cases, score_external, time_per_article};
    use khabar::summary::summarize::SummaryStage;
    // Run from the repo root, `tests/summaries` is the set; from elsewhere,
    // the set of the source tree this binary was built from.
    let dir = a.dir.clone().unwrap_or_else(|| {
        let here = PathBuf::from("tests/summaries");
        if here.is_dir() {
            here
        } else {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/summaries"))
        }
    });
    let cases = read_cases(&dir)?;
    let pipeline = khabar::Pipeline::full()?;
    let mut report = evaluate_summaries(&pipeline, &cases, &SummaryStage::new(a.sentences), &dir.display().to_string());
    // The single pass above is too short to time 20-odd articles well:
    // re-time the full analysis over repeated passes.
    let full_ms = time_per_article(&khabar::Pipeline::full_with_summary(a.sentences)?, &cases, a.time);
    report.analysis_ms_per_article = full_ms;
    for m in &mut report.methods {
        m.ms_per_article_with_analysis = m.ms_per_article + full_ms;
    }
    // The fast path: text layer + summary only, timed as a whole.
    let fast = khabar::Pipeline::summary_fast(a.sentences)?;
    let (row, picks) = evaluate_pipeline("khabar-fast", &fast, &cases, a.time);
    report.methods.insert(1, row);
    report.picks.extend(picks);
    if a.verbose {
        for p in &report.picks {
            eprintln!("{}\t{}\t{:?}\tR1-F {:.3}", p.article, p.method, p.sentences, p.rouge.rouge1.f);
        }
    }
    for (i, path) in a.score_jsonl.iter().enumerate() {
        let text = std::fs::read_to_string(path).map_err(|e| khabar::Error::io(&path.display().to_string(), e))?;
        let records: Vec<serde_json::Value> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(serde_json::from_str)
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| khabar::Error::new(khabar::ErrorKind::Eval, format!("{}: {e}", path.display())))?;
        if records.len() != cases.len() {
            return Err(khabar::Error::new(
                khabar::ErrorKind::Eval,
                format!("{}: {} records for {} cases", path.display(), records.len(), cases.len()),
            ));
        }
        // The methods are the record's string-array fields but `sentences`.
        let methods: Vec<String> = records[0]
            .as_object()
            .map(|o| o.iter().filter(|(k, v)| *k != "sentences" && v.is_array()).map(|(k, _)| k.clone()).collect())
            .unwrap_or_default();
        let seconds = a.external_seconds.get(i).copied().unwrap_or(0.0);
        for m in methods {
            let picks: Vec<Vec<String>> = records
                .iter()
                .map(|r| {
                    r[&m].as_array().map(|v| v.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
                })
                .collect();
            report.methods.push(score_external(&format!("sumy-{m}"), &cases, &picks, seconds));
        }
    }
    Ok(serde_json::to_string_pretty(&report).expect("json"))
}
