//! `khabar train` (being built).

use std::process::ExitCode;

/// Arguments of `khabar train`.
#[derive(clap::Args)]
pub struct TrainArgs {}

/// Run `khabar train`.
pub fn run(_args: TrainArgs) -> ExitCode {
    eprintln!("khabar train: not built yet");
    ExitCode::from(2)
}
