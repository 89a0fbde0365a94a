//! `khabar eval` (being built).

use std::process::ExitCode;

/// Arguments of `khabar eval`.
#[derive(clap::Args)]
pub struct EvalArgs {}

/// Run `khabar eval`.
pub fn run(_args: EvalArgs) -> ExitCode {
    eprintln!("khabar eval: not built yet");
    ExitCode::from(2)
}
