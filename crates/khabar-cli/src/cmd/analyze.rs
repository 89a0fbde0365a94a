//! `khabar analyze`: files or standard input in, analyzed documents out.
//!
//! A thin layer over `khabar::io`: [`Inputs`] reads, [`Analyzer`] runs the
//! pipeline in order-keeping chunks, [`DocumentWriter`] writes. This file
//! only turns flags into those, reports failures on stderr, draws the
//! progress bar and picks the exit code (0 all good, 1 some input failed;
//! clap exits 2 on usage errors).

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar::io::{input, Analyzer, DocumentWriter, Format, InputMode, Inputs, Limits, Record};
use khabar::Pipeline;
use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

/// Arguments of `khabar analyze`.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Input: a file ending in .jsonl (or .ndjson) is read as one record a line, \
{\"id\":…,\"text\":…}; any other file, and standard input, is one document \
(its id is the file name). --input overrides this. Blank JSONL lines are \
skipped and counted on stderr.

Output: --format defaults to jsonl when any input is JSONL, text otherwise. \
An input that fails (bad UTF-8, NUL byte, empty, too large, bad JSONL record, \
unreadable file) is reported on stderr and, in json/jsonl, by an error record \
{\"error\":{\"code\",\"message\",\"file\",\"line\"},\"id\"} in its place; the \
rest is processed and the exit code is 1.")]
pub struct AnalyzeArgs {
    /// Input files; standard input when none (`-` also means standard input).
    #[arg(value_name = "FILE")]
    files: Vec<String>,

    /// Output format [default: jsonl for JSONL input, text otherwise].
    #[arg(long, short = 'f', value_enum)]
    format: Option<FormatArg>,

    /// How to read inputs.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    input: InputArg,

    /// Threads to analyze with (0: one per core). Output order is always the input order.
    #[arg(long, short = 'j', default_value_t = 1, value_name = "N")]
    threads: usize,

    /// Largest record (a text file or one JSONL line): bytes, or with a unit
    /// k, M, G (powers of 1024; `64MB` = `64MiB` = `64M`).
    #[arg(long, default_value = "64MiB", value_name = "SIZE", value_parser = parse_size)]
    max_record_bytes: usize,

    /// Sentences in each document's extractive summary.
    #[arg(long, default_value_t = 3, value_name = "N")]
    summary_sentences: usize,

    /// Which analysis to run.
    #[arg(long, value_enum, default_value_t = PipelineArg::Full)]
    pipeline: PipelineArg,
}

/// `--pipeline`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PipelineArg {
    /// Everything: text layer, morphology, entities, numbers, quotes,
    /// keywords, summary.
    Full,
    /// Only the text layer (tokens, sentences) and the summary: the fast
    /// path for summaries alone (no models but the repair lexicon).
    Summary,
}

/// `--format`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FormatArg {
    /// A readable report: entities, quotes and numbers, then numbered
    /// sentences with their tokens and words.
    Text,
    /// JSON schema v1, pretty-printed, one object per document.
    Json,
    /// JSON schema v1, one object per line.
    Jsonl,
    /// CoNLL-U: a block per sentence, a line per token.
    Conllu,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Conllu => Format::Conllu,
        }
    }
}

/// `--input`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum InputArg {
    /// By file name: `.jsonl`/`.ndjson` are JSONL, the rest (and stdin) text.
    Auto,
    /// Each input is one document.
    Text,
    /// Each line of each input is a record {"id":…,"text":…}.
    Jsonl,
}

impl From<InputArg> for InputMode {
    fn from(m: InputArg) -> InputMode {
        match m {
            InputArg::Auto => InputMode::Auto,
            InputArg::Text => InputMode::Text,
            InputArg::Jsonl => InputMode::Jsonl,
        }
    }
}

/// Parse `--max-record-bytes`: `1000`, `512k`, `64M`, `64MB`, `1GiB`.
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().map_err(|_| format!("`{s}` is not a size (examples: 1000, 512k, 64M)"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        u => return Err(format!("unknown unit `{u}` (use k, M or G)")),
    };
    let bytes = n.checked_mul(mult).ok_or_else(|| format!("`{s}` is too large"))?;
    if bytes == 0 {
        return Err("the limit must be at least 1 byte".into());
    }
    if bytes > input::MAX_RECORD_BYTES_CEILING as u64 {
        // Spans are u32 byte offsets: a longer text cannot be annotated.
        return Err(format!("the limit can be at most {} bytes (4 GiB - 1)", input::MAX_RECORD_BYTES_CEILING));
    }
    Ok(bytes as usize)
}

/// Inputs above either size show a progress bar (on a terminal only).
const PROGRESS_MIN_BYTES: u64 = 1 << 20;
const PROGRESS_MIN_RECORDS: u64 = 1000;

/// The progress bar on stderr: created only once the input proves large,
/// and only when stderr is a terminal; messages go around it.
struct Progress {
    bar: Option<ProgressBar>,
    allowed: bool,
    total: Option<u64>,
    bytes: u64,
    records: u64,
}

impl Progress {
    fn new(total: Option<u64>) -> Self {
        Progress { bar: None, allowed: std::io::stderr().is_terminal(), total, bytes: 0, records: 0 }
    }

    fn advance(&mut self, chunk: &[Record]) {
        self.records += chunk.len() as u64;
        self.bytes += chunk.iter().map(|r| r.input_bytes).sum::<u64>();
        let large = self.total.unwrap_or(self.bytes).max(self.bytes) > PROGRESS_MIN_BYTES
            || self.records > PROGRESS_MIN_RECORDS;
        if self.bar.is_none() && self.allowed && large {
            let bar = match self.total {
                Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_style(
                    ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({eta} left)")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                ),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                    ProgressStyle::with_template("{spinner} {bytes} read, {msg} [{elapsed}]")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                ),
            };
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(self.bytes);
            bar.set_message(format!("{} records", self.records));
        }
    }

    fn eprintln(&self, msg: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{msg}")),
            None => eprintln!("{msg}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Run `khabar analyze`.
pub fn run(args: AnalyzeArgs) -> ExitCode {
    let built = match args.pipeline {
        PipelineArg::Full => Pipeline::full_with_summary(args.summary_sentences),
        PipelineArg::Summary => Pipeline::summary_fast(args.summary_sentences),
    };
    let pipeline = match built {
        Ok(p) => p,
        Err(e) => {
            eprintln!("khabar: {e}");
            return ExitCode::from(1);
        }
    };
    if args.files_are_stdin_terminal() {
        eprintln!("khabar: reading standard input (end with Ctrl-D)");
    }
    let limits = Limits { max_record_bytes: args.max_record_bytes };
    let mut inputs = Inputs::new(args.files, args.input.into(), limits);
    let format = match args.format {
        Some(f) => f.into(),
        None if inputs.any_jsonl() => Format::Jsonl,
        None => Format::Text,
    };

    let stdout = std::io::stdout();
    let color = format == Format::Text
        && stdout.is_terminal()
        && !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty());
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut writer = DocumentWriter::new(format, color);
    let analyzer = Analyzer::new(&pipeline, args.threads);
    let mut progress = Progress::new(inputs.total_bytes());
    let (mut seen, mut failed) = (0u64, 0u64);

    for chunk in analyzer.chunks(inputs.by_ref()) {
        progress.advance(&chunk);
        for record in &chunk {
            seen += 1;
            if let Err(e) = &record.content {
                failed += 1;
                progress.eprintln(&format!("khabar: {}", e.error));
            }
            if let Err(e) = writer.write_record(record, &mut out) {
                progress.finish();
                return write_failed(e, failed);
            }
        }
        // Stream: whoever reads our output sees each chunk as it is done.
        if let Err(e) = out.flush() {
            progress.finish();
            return write_failed(e, failed);
        }
    }
    progress.finish();
    for (file, n) in inputs.blank_lines() {
        eprintln!("khabar: note: {file}: skipped {n} blank line{}", if *n == 1 { "" } else { "s" });
    }
    if failed > 0 {
        eprintln!("khabar: {failed} of {seen} input{} failed", if seen == 1 { "" } else { "s" });
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

impl AnalyzeArgs {
    /// True when we are about to wait on a person typing at the terminal.
    fn files_are_stdin_terminal(&self) -> bool {
        (self.files.is_empty() || self.files.iter().any(|f| f == input::STDIN_NAME)) && std::io::stdin().is_terminal()
    }
}

/// Writing stdout failed. A closed pipe (`khabar analyze … | head`) is the
/// reader saying it has enough: stop quietly. Anything else is reported.
fn write_failed(e: std::io::Error, failed: u64) -> ExitCode {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS };
    }
    eprintln!("khabar: {}", khabar::Error::io("<stdout>", e));
    ExitCode::from(1)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("512k"), Ok(512 * 1024));
        assert_eq!(parse_size("64MB"), Ok(64 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("5G").is_err());
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("M").is_err());
    }
}
