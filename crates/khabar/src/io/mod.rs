//! Reading inputs and writing analyzed documents: JSON (schema v1), JSONL,
//! CoNLL-U and a text report for people.
//!
//! The CLI is a thin layer over this module: [`Inputs`] turns files and
//! standard input into [`Record`]s (a document, or the error in its place),
//! [`Analyzer`] runs the pipeline over them in order-keeping chunks, and
//! [`DocumentWriter`] writes each in the chosen [`Format`].
//!
//! ```
//! use khabar::io::{Analyzer, DocumentWriter, Format, JsonlReader, Limits};
//! let p = khabar::Pipeline::full().unwrap();
//! // "The minister said: «We met too.»"
//! let input = "{\"id\":\"a\",\"text\":\"قال الوزير: «التقينا أيضا.»\"}\n";
//! let mut out = Vec::new();
//! let mut writer = DocumentWriter::new(Format::Jsonl, false);
//! for record in Analyzer::new(&p, 1).chunks(JsonlReader::new(input.as_bytes(), "a.jsonl", Limits::default())).flatten() {
//!     writer.write_record(&record, &mut out).unwrap();
//! }
//! let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
//! assert_eq!(v["id"], "a");
//! assert_eq!(v["sentences"].as_array().unwrap().len(), 1);
//! ```

mod batch;
pub mod conllu;
pub mod input;
pub mod json;
pub mod report;

pub use batch::{Analyzer, Chunks, CHUNK_BYTES, CHUNK_RECORDS};
pub use input::{InputMode, Inputs, JsonlReader, Limits, Record, RecordError};
pub use json::{CharOffsets, JsonStyle};

use crate::document::Document;
use serde_json::Value;
use std::io::{self, Write};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The readable report ([`report`]).
    Text,
    /// Schema v1 objects, pretty-printed, one after another (a JSON stream,
    /// as `jq` reads it; use [`Format::Jsonl`] for one object a line).
    Json,
    /// Schema v1 objects, one a line.
    Jsonl,
    /// CoNLL-U ([`conllu`]).
    Conllu,
}

impl Format {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Conllu => "conllu",
        }
    }
}

/// Writes documents and error records, one after another, in one format.
///
/// It keeps count of the documents written, to give CoNLL-U documents that
/// have no id a unique name (`doc3`).
///
/// ```
/// use khabar::io::{DocumentWriter, Format};
/// let mut doc = khabar::Pipeline::full().unwrap().analyze("عاد الوفد."); // "The delegation returned."
/// doc.id = Some("n1".into());
/// let mut out = Vec::new();
/// DocumentWriter::new(Format::Conllu, false).write_document(&doc, &mut out).unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("# newdoc id = n1\n# sent_id = n1-1\n"));
/// ```
#[derive(Debug)]
pub struct DocumentWriter {
    format: Format,
    color: bool,
    docs: u64,
}

impl DocumentWriter {
    /// A writer of `format`; `color` applies to the text report only.
    pub fn new(format: Format, color: bool) -> Self {
        DocumentWriter { format, color, docs: 0 }
    }

    /// The format written.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Write one analyzed document.
    pub fn write_document<W: Write>(&mut self, doc: &Document, w: &mut W) -> io::Result<()> {
        self.docs += 1;
        match self.format {
            Format::Text => report::write_document(doc, report::ReportOptions { color: self.color }, w),
            Format::Json => {
                json::write_document(doc, JsonStyle::Pretty, w)?;
                writeln!(w)
            }
            Format::Jsonl => {
                json::write_document(doc, JsonStyle::Compact, w)?;
                writeln!(w)
            }
            Format::Conllu => {
                let label = match &doc.id {
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                    None => format!("doc{}", self.docs),
                };
                conllu::write_document(doc, Some(&label), w)
            }
        }
    }

    /// Write the stand-in for an input that failed: an error record in JSON
    /// and JSONL (in the failed record's place, so outputs and inputs stay
    /// in step), a marked line in the text report. CoNLL-U has no place for
    /// it: nothing is written, and the caller reports it on stderr as it
    /// does in every format.
    pub fn write_error<W: Write>(&mut self, failed: &RecordError, w: &mut W) -> io::Result<()> {
        match self.format {
            Format::Json | Format::Jsonl => {
                json::write_error(&failed.error, failed.id.as_ref(), w)?;
                writeln!(w)
            }
            Format::Text => report::write_error(&failed.error, report::ReportOptions { color: self.color }, w),
            Format::Conllu => Ok(()),
        }
    }

    /// Write a record: its document or its error.
    pub fn write_record<W: Write>(&mut self, record: &Record, w: &mut W) -> io::Result<()> {
        match &record.content {
            Ok(doc) => self.write_document(doc, w),
            Err(e) => self.write_error(e, w),
        }
    }
}
