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
    match args.what {
        TrainCommand::Lexicon(a) => match lexicon(a) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("khabar train lexicon: {e}");
                ExitCode::from(1)
            }
        },
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
    let (mut report, _) = evaluate(&stage, "padt-raw-news.txt, second half of paragraphs", &test, &RepairEvalOptions::default());
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
