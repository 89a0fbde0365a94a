//! `khabar analyze` (being built).

use std::process::ExitCode;

/// Arguments of `khabar analyze`.
#[derive(clap::Args)]
pub struct AnalyzeArgs {}

/// Run `khabar analyze`.
pub fn run(_args: AnalyzeArgs) -> ExitCode {
    eprintln!("khabar analyze: not built yet");
    ExitCode::from(2)
}
