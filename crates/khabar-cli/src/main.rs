//! `khabar`: the command-line face of the khabar engine.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// khabar (خبر): Arabic news text into structured facts.
#[derive(Parser)]
#[command(name = "khabar", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze articles: sentences, tokens, and more.
    Analyze(cmd::analyze::AnalyzeArgs),
    /// Train a model from ../shared/data into models/.
    Train(cmd::train::TrainArgs),
    /// Score khabar on a dataset.
    Eval(cmd::eval::EvalArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Analyze(a) => cmd::analyze::run(a),
        Command::Train(a) => cmd::train::run(a),
        Command::Eval(a) => cmd::eval::run(a),
    }
}
