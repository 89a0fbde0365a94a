//! The one error type of khabar.
//!
//! Analysis itself never fails: any valid UTF-8 yields a [`crate::Document`].
//! Errors come from building a pipeline, loading a model, or I/O. Each carries
//! a stable [`ErrorKind::code`] that the CLI (and later the server and the
//! Python package) print unchanged, so scripts can match on it.

use std::fmt;

/// What went wrong, in a form that is stable across releases.
///
/// New kinds may be added; match with a wildcard arm.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Reading or writing a file or stream failed.
    Io,
    /// Input bytes are not valid UTF-8.
    InvalidUtf8,
    /// Input contains a NUL byte (almost always a binary file by mistake).
    NulByte,
    /// A record is larger than the configured limit.
    TooLarge,
    /// A JSONL line is not a JSON object, or lacks a string `text`.
    BadRecord,
    /// The input is empty.
    EmptyInput,
    /// A model file is corrupt, of the wrong kind, or of an unsupported version.
    Model,
    /// A pipeline was built with a stage whose requirements nothing provides.
    Pipeline,
    /// A command-line or configuration value is not acceptable.
    Config,
    /// An evaluation input (gold file) could not be used.
    Eval,
    /// A bug in khabar: a stage panicked on one document. The CLI reports
    /// it for that document and goes on with the others.
    Internal,
}

impl ErrorKind {
    /// The stable code shown to users, e.g. `E_INVALID_UTF8`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Io => "E_IO",
            ErrorKind::InvalidUtf8 => "E_INVALID_UTF8",
            ErrorKind::NulByte => "E_NUL_BYTE",
            ErrorKind::TooLarge => "E_TOO_LARGE",
            ErrorKind::BadRecord => "E_BAD_RECORD",
            ErrorKind::EmptyInput => "E_EMPTY_INPUT",
            ErrorKind::Model => "E_MODEL",
            ErrorKind::Pipeline => "E_PIPELINE",
            ErrorKind::Config => "E_CONFIG",
            ErrorKind::Eval => "E_EVAL",
            ErrorKind::Internal => "E_INTERNAL",
        }
    }
}

/// khabar's error: a kind, a message for people, and where it happened.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    location: Option<Location>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// Where in the input an error was found: a file (or `-` for stdin), and a
/// 1-based line and/or a 0-based byte offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// File name as the user gave it; `-` for standard input.
    pub file: Option<String>,
    /// 1-based line number (JSONL records).
    pub line: Option<u64>,
    /// 0-based byte offset into the file or record.
    pub byte: Option<u64>,
}

impl Error {
    /// A new error of `kind` with a human-readable `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), location: None, source: None }
    }

    /// Attach the place where the error happened.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Attach an underlying cause.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Its stable code, e.g. `E_BAD_RECORD`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The message without code or location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where it happened, if known.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// An I/O error on `file`.
    pub fn io(file: &str, err: std::io::Error) -> Self {
        Error::new(ErrorKind::Io, format!("{err}"))
            .at(Location { file: Some(file.to_string()), ..Default::default() })
            .with_source(err)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.clone());
        }
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(byte) = self.byte {
            parts.push(format!("byte {byte}"));
        }
        f.write_str(&parts.join(", "))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.kind.code())?;
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// `Result` with khabar's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
