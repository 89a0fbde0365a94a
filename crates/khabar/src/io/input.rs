//! Reading inputs: whole text files, standard input, JSONL records; with
//! the limits and the error locations that let one bad input fail alone.
//!
//! Every input unit becomes a [`Record`]: a [`Document`] ready to analyze,
//! or a [`RecordError`] that stands in its place, so the output keeps one
//! entry per input and its order. Nothing here panics on any bytes.
//!
//! Choices that a caller may rely on:
//! - A plain text file (or standard input in text mode) is one document; its
//!   id is the file name as given. Zero bytes is `E_EMPTY_INPUT`; text that is
//!   only whitespace is a document with no tokens.
//! - A leading UTF-8 byte order mark is dropped (offsets are into the text
//!   without it); a NUL byte or invalid UTF-8 is an error naming the byte
//!   offset of the first bad byte in the file and its line.
//! - In JSONL, each line `{"id":…,"text":…}` is a record; a trailing `\r`
//!   is dropped. **Blank lines (only spaces, tabs) are skipped and counted**
//!   ([`JsonlReader::blank_lines`]), not errors: they carry no record, and
//!   files often end with one. A file with no record at all is
//!   `E_EMPTY_INPUT`. The size limit applies to the raw line; a longer line is
//!   not kept in memory: it is skipped to its newline and reported.
//! - A NUL *escaped* in a JSON string (`"\u0000"`) is accepted: it was put
//!   there on purpose, unlike a raw NUL byte, which means a binary file.

use crate::document::Document;
use crate::error::{Error, ErrorKind, Location};
use memchr::memchr;
use serde_json::Value;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

/// Default limit on one record (a text file, or a JSONL line): 64 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// The largest limit accepted: spans are `u32` byte offsets.
pub const MAX_RECORD_BYTES_CEILING: usize = u32::MAX as usize;

/// The name used for standard input in messages and `file` fields.
pub const STDIN_NAME: &str = "-";

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputMode {
    /// By name: `*.jsonl` / `*.ndjson` are JSONL, anything else (and standard
    /// input) is text.
    #[default]
    Auto,
    /// The whole input is one document.
    Text,
    /// One JSON record a line.
    Jsonl,
}

impl InputMode {
    /// The mode for the input named `name` (`-` for standard input): `Text`
    /// or `Jsonl`, never `Auto`.
    ///
    /// ```
    /// use khabar::io::InputMode;
    /// assert_eq!(InputMode::Auto.resolve("akhbar.jsonl"), InputMode::Jsonl); // akhbar: "news"
    /// assert_eq!(InputMode::Auto.resolve("maqal.txt"), InputMode::Text); // maqal: "article"
    /// assert_eq!(InputMode::Auto.resolve("-"), InputMode::Text);
    /// ```
    pub fn resolve(self, name: &str) -> InputMode {
        match self {
            InputMode::Auto => {
                let ext = Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
                match ext.as_deref() {
                    Some("jsonl" | "ndjson") if name != STDIN_NAME => InputMode::Jsonl,
                    _ => InputMode::Text,
                }
            }
            m => m,
        }
    }
}

/// Limits on what one record may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest record, in bytes (a whole text file, or one JSONL line).
    pub max_record_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_record_bytes: DEFAULT_MAX_RECORD_BYTES }
    }
}

/// An input that could not become a document, and the id of its record if
/// that much could be read.
#[derive(Debug)]
pub struct RecordError {
    /// What went wrong and where.
    pub error: Error,
    /// The record's `id`, when the line parsed far enough to have one.
    pub id: Option<Value>,
}

/// One unit of input: a document to analyze, or the error in its place.
#[derive(Debug)]
pub struct Record {
    /// The input it came from (`-` for standard input).
    pub file: Arc<str>,
    /// 1-based line, for JSONL records.
    pub line: Option<u64>,
    /// Input bytes it took up (for progress).
    pub input_bytes: u64,
    /// The document, or why there is none.
    pub content: Result<Document, RecordError>,
}

impl Record {
    fn failed(file: &Arc<str>, line: Option<u64>, input_bytes: u64, error: Error, id: Option<Value>) -> Record {
        Record { file: file.clone(), line, input_bytes, content: Err(RecordError { error, id }) }
    }
}

/// The first NUL byte or invalid UTF-8 sequence in `bytes`: which, and
/// its offset; `None` when the bytes are clean text.
fn first_bad_byte(bytes: &[u8]) -> Option<(ErrorKind, usize)> {
    let bad_utf8 = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
    match memchr(0, bad_utf8.map_or(bytes, |end| &bytes[..end])) {
        Some(at) => Some((ErrorKind::NulByte, at)),
        None => bad_utf8.map(|at| (ErrorKind::InvalidUtf8, at)),
    }
}

/// What the bad byte at `at` is, for messages.
fn bad_byte_name(kind: ErrorKind, bytes: &[u8], at: usize) -> String {
    if kind == ErrorKind::NulByte {
        "NUL byte".to_string()
    } else {
        format!("invalid UTF-8 (byte 0x{:02X})", bytes[at])
    }
}

/// Check the bytes of a whole text input and make them the text of a
/// document: drop a BOM, refuse empty input, NUL bytes and invalid UTF-8.
/// Errors name `file` and the line and byte offset (in the input as read,
/// BOM included) of the first bad byte.
///
/// ```
/// use khabar::io::input::text_from_bytes;
/// // "news" in Arabic, then a stray Latin-1 byte.
/// let mut bytes = "خبر".as_bytes().to_vec();
/// assert_eq!(text_from_bytes(bytes.clone(), "a.txt").unwrap(), "خبر");
/// bytes.push(0xE9);
/// let err = text_from_bytes(bytes, "a.txt").unwrap_err();
/// assert_eq!(err.code(), "E_INVALID_UTF8");
/// assert_eq!(err.location().unwrap().byte, Some(6));
/// ```
pub fn text_from_bytes(mut bytes: Vec<u8>, file: &str) -> Result<String, Error> {
    let bom = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    if bytes.len() == bom {
        return Err(Error::new(ErrorKind::EmptyInput, "the input is empty")
            .at(Location { file: Some(file.to_string()), ..Default::default() }));
    }
    if let Some((kind, at)) = first_bad_byte(&bytes[bom..]) {
        let at = at + bom;
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64;
        let what = bad_byte_name(kind, &bytes, at);
        let hint = if kind == ErrorKind::NulByte { ": this looks like a binary file" } else { "" };
        return Err(Error::new(kind, format!("{what} at byte {at} (line {line}){hint}")).at(Location {
            file: Some(file.to_string()),
            line: Some(line),
            byte: Some(at as u64),
        }));
    }
    bytes.drain(..bom);
    // Checked just above; from_utf8 again is cheap next to analysis and keeps
    // this crate free of unsafe code.
    String::from_utf8(bytes).map_err(|e| Error::new(ErrorKind::InvalidUtf8, e.to_string()))
}

/// Read a whole text input from `reader` as one document's text, stopping
/// after `limits.max_record_bytes + 1` bytes so that an oversized input
/// costs no more memory than the limit.
pub fn read_text<R: Read>(reader: R, file: &str, limits: Limits) -> Result<String, Error> {
    let mut bytes = Vec::new();
    let max = limits.max_record_bytes;
    reader.take(max as u64 + 1).read_to_end(&mut bytes).map_err(|e| Error::io(file, e))?;
    if bytes.len() > max {
        return Err(too_large(max, Location { file: Some(file.to_string()), ..Default::default() }));
    }
    text_from_bytes(bytes, file)
}

fn too_large(max: usize, at: Location) -> Error {
    Error::new(ErrorKind::TooLarge, format!("record is larger than the limit of {max} bytes (--max-record-bytes)"))
        .at(at)
}

/// Make a document from one JSONL line (without its newline). `line` is its
/// 1-based number and `offset` the byte offset of its start in the file,
/// for error locations.
///
/// ```
/// use khabar::io::input::parse_record;
/// // "The minister arrived"
/// let doc = parse_record(r#"{"id":"n1","text":"وصل الوزير"}"#.as_bytes(), "a.jsonl", 1, 0).unwrap();
/// assert_eq!(doc.text(), "وصل الوزير");
/// let err = parse_record(br#"{"id":"n2"}"#, "a.jsonl", 2, 37).unwrap_err();
/// assert_eq!(err.error.code(), "E_BAD_RECORD");
/// assert_eq!(err.id, Some(serde_json::json!("n2")));
/// ```
// The error is big next to a pointer, but it is built once per bad line,
// never on the hot path; boxing it would only add an allocation.
#[allow(clippy::result_large_err)]
pub fn parse_record(bytes: &[u8], file: &str, line: u64, offset: u64) -> Result<Document, RecordError> {
    let at = |byte: Option<u64>| Location { file: Some(file.to_string()), line: Some(line), byte };
    let fail = |kind, message: String, byte, id| Err(RecordError { error: Error::new(kind, message).at(at(byte)), id });
    if let Some((kind, col)) = first_bad_byte(bytes) {
        let what = bad_byte_name(kind, bytes, col);
        let abs = offset + col as u64;
        let id = salvage_id(bytes);
        return fail(kind, format!("{what} at byte {col} of the line (byte {abs} of the file)"), Some(abs), id);
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            // serde_json says "at line 1 column N"; within one line only the
            // column means anything, and the line is ours to give.
            let mut msg = e.to_string();
            if let Some(i) = msg.rfind(" at line ") {
                msg.truncate(i);
            }
            return fail(ErrorKind::BadRecord, format!("not valid JSON (column {}): {msg}", e.column()), None, None);
        }
    };
    let Value::Object(mut obj) = value else {
        return fail(
            ErrorKind::BadRecord,
            format!("a record must be a JSON object, found {}", json_type(&value)),
            None,
            None,
        );
    };
    let id = obj.remove("id");
    match obj.remove("text") {
        Some(Value::String(text)) => {
            let mut doc = Document::new(text);
            doc.id = id;
            Ok(doc)
        }
        Some(other) => {
            fail(ErrorKind::BadRecord, format!("`text` must be a string, found {}", json_type(&other)), None, id)
        }
        None => fail(ErrorKind::BadRecord, "the record has no `text` field".to_string(), None, id),
    }
}

/// The `id` of a line that has bad bytes, when they sit inside a string
/// (usually `text`): the line is read again with them replaced, only to
/// give the error record its id.
fn salvage_id(bytes: &[u8]) -> Option<Value> {
    let clean = String::from_utf8_lossy(bytes).replace('\0', " ");
    match serde_json::from_str::<Value>(&clean) {
        Ok(Value::Object(mut obj)) => obj.remove("id"),
        _ => None,
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What reading one line gave.
enum Line {
    /// The line is in the buffer (newline and `\r` removed).
    Read,
    /// The line was longer than the limit and was skipped; its length.
    TooLong(u64),
    /// End of input.
    Eof,
}

/// Streams the records of one JSONL input, a line at a time: memory holds
/// one line (at most the record limit), never the file.
///
/// ```
/// use khabar::io::{JsonlReader, Limits};
/// // Two records ("news", "breaking"), a blank line, and a line that is not JSON.
/// let input = "{\"id\":1,\"text\":\"خبر\"}\n\n{\"id\":2,\"text\":\"عاجل\"}\nخبر\n";
/// let mut r = JsonlReader::new(input.as_bytes(), "a.jsonl", Limits::default());
/// let records: Vec<_> = r.by_ref().collect();
/// assert_eq!(records.len(), 3);
/// assert_eq!(records[1].content.as_ref().unwrap().text(), "عاجل");
/// assert_eq!(records[2].line, Some(4));
/// assert!(records[2].content.is_err());
/// assert_eq!(r.blank_lines(), 1);
/// ```
pub struct JsonlReader<R> {
    reader: R,
    file: Arc<str>,
    limits: Limits,
    buf: Vec<u8>,
    /// Lines read so far (the number of the current one).
    line: u64,
    /// Byte offset in the input of the next line.
    offset: u64,
    blank_lines: u64,
    records: u64,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    /// Records of `reader`, named `file` in errors.
    pub fn new(reader: R, file: &str, limits: Limits) -> Self {
        JsonlReader {
            reader,
            file: Arc::from(file),
            limits,
            buf: Vec::new(),
            line: 0,
            offset: 0,
            blank_lines: 0,
            records: 0,
            done: false,
        }
    }

    /// Blank lines skipped so far.
    pub fn blank_lines(&self) -> u64 {
        self.blank_lines
    }

    /// Read the next line into `buf`, keeping at most the limit; the bytes
    /// of a longer line are consumed and dropped as they come.
    fn read_line(&mut self) -> io::Result<Line> {
        self.buf.clear();
        let max = self.limits.max_record_bytes;
        let mut len: u64 = 0;
        let mut too_long = false;
        let mut any = false;
        loop {
            let avail = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                break;
            }
            any = true;
            let (piece, newline) = match memchr(b'\n', avail) {
                Some(i) => (&avail[..i], true),
                None => (avail, false),
            };
            len += piece.len() as u64;
            if !too_long {
                if self.buf.len() + piece.len() > max {
                    too_long = true;
                    // Give the memory back: the rest of this line is skipped.
                    self.buf = Vec::new();
                } else {
                    self.buf.extend_from_slice(piece);
                }
            }
            let used = piece.len() + usize::from(newline);
            self.reader.consume(used);
            self.offset += used as u64;
            if newline {
                break;
            }
        }
        if !any {
            return Ok(Line::Eof);
        }
        if too_long {
            return Ok(Line::TooLong(len));
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        Ok(Line::Read)
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if self.done {
                return None;
            }
            let start = self.offset;
            let line = self.line + 1;
            let read = self.read_line();
            let used = self.offset - start;
            match read {
                Err(e) => {
                    // The rest of the input cannot be read: report it once.
                    self.done = true;
                    let err = Error::new(ErrorKind::Io, format!("reading line {line} failed: {e}"))
                        .at(Location { file: Some(self.file.to_string()), line: Some(line), byte: Some(start) })
                        .with_source(e);
                    return Some(Record::failed(&self.file, Some(line), used, err, None));
                }
                Ok(Line::Eof) => {
                    self.done = true;
                    if self.records == 0 {
                        let what = if self.blank_lines > 0 { "only blank lines" } else { "nothing" };
                        let err =
                            Error::new(ErrorKind::EmptyInput, format!("no JSONL records: the input holds {what}"))
                                .at(Location { file: Some(self.file.to_string()), ..Default::default() });
                        self.records += 1;
                        return Some(Record::failed(&self.file, None, 0, err, None));
                    }
                    return None;
                }
                Ok(Line::TooLong(len)) => {
                    self.line = line;
                    self.records += 1;
                    let max = self.limits.max_record_bytes;
                    let err = Error::new(
                        ErrorKind::TooLarge,
                        format!(
                            "line of {len} bytes is larger than the limit of {max} bytes (--max-record-bytes); skipped"
                        ),
                    )
                    .at(Location {
                        file: Some(self.file.to_string()),
                        line: Some(line),
                        byte: Some(start),
                    });
                    return Some(Record::failed(&self.file, Some(line), used, err, None));
                }
                Ok(Line::Read) => {
                    self.line = line;
                    let mut bytes = &self.buf[..];
                    let mut start = start;
                    if line == 1 && bytes.starts_with(BOM) {
                        bytes = &bytes[BOM.len()..];
                        start += BOM.len() as u64;
                    }
                    if bytes.iter().all(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\x0C' | b'\x0B')) {
                        self.blank_lines += 1;
                        continue;
                    }
                    self.records += 1;
                    let content = parse_record(bytes, &self.file, line, start);
                    return Some(Record { file: self.file.clone(), line: Some(line), input_bytes: used, content });
                }
            }
        }
    }
}

/// One input named on the command line, and how to read it.
#[derive(Debug, Clone)]
struct Source {
    name: String,
    mode: InputMode,
}

/// All inputs of a run, in order, as one stream of [`Record`]s: each text
/// input one record, each JSONL input one per line. An input that cannot be
/// opened is one error record (`E_IO`), and the stream goes on.
///
/// ```no_run
/// use khabar::io::{InputMode, Inputs, Limits};
/// // Two articles: "maqal" ("article") as text, "akhbar" ("news") as JSONL.
/// let mut inputs = Inputs::new(vec!["maqal.txt".into(), "akhbar.jsonl".into()], InputMode::Auto, Limits::default());
/// for record in inputs.by_ref() {
///     match record.content {
///         Ok(doc) => println!("{} bytes", doc.text().len()),
///         Err(e) => eprintln!("{}", e.error),
///     }
/// }
/// ```
pub struct Inputs {
    pending: VecDeque<Source>,
    current: Option<JsonlReader<Box<dyn BufRead>>>,
    limits: Limits,
    blank: Vec<(Arc<str>, u64)>,
}

impl Inputs {
    /// The inputs named `files` (`-` is standard input; none means standard
    /// input), each read per `mode`.
    pub fn new(files: Vec<String>, mode: InputMode, limits: Limits) -> Self {
        let files = if files.is_empty() { vec![STDIN_NAME.to_string()] } else { files };
        let pending = files.into_iter().map(|name| Source { mode: mode.resolve(&name), name }).collect();
        Inputs { pending, current: None, limits, blank: Vec::new() }
    }

    /// True when any input is read as JSONL.
    pub fn any_jsonl(&self) -> bool {
        self.pending.iter().any(|s| s.mode == InputMode::Jsonl)
    }

    /// Total size in bytes of the inputs, when all are files whose size is
    /// known (not standard input).
    pub fn total_bytes(&self) -> Option<u64> {
        self.pending
            .iter()
            .map(|s| if s.name == STDIN_NAME { None } else { std::fs::metadata(&s.name).ok().map(|m| m.len()) })
            .sum()
    }

    /// Blank JSONL lines skipped, per input, for inputs finished so far.
    pub fn blank_lines(&self) -> &[(Arc<str>, u64)] {
        &self.blank
    }

    fn open(name: &str) -> io::Result<Box<dyn BufRead>> {
        if name == STDIN_NAME {
            Ok(Box::new(io::stdin().lock()))
        } else {
            Ok(Box::new(BufReader::with_capacity(1 << 16, File::open(name)?)))
        }
    }

    fn finish_current(&mut self) {
        if let Some(r) = self.current.take() {
            if r.blank_lines() > 0 {
                self.blank.push((r.file.clone(), r.blank_lines()));
            }
        }
    }
}

impl Iterator for Inputs {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(r) = self.current.as_mut() {
                if let Some(rec) = r.next() {
                    return Some(rec);
                }
                self.finish_current();
            }
            let source = self.pending.pop_front()?;
            let file: Arc<str> = Arc::from(source.name.as_str());
            let reader = match Self::open(&source.name) {
                Ok(r) => r,
                Err(e) => return Some(Record::failed(&file, None, 0, Error::io(&source.name, e), None)),
            };
            match source.mode {
                InputMode::Jsonl => self.current = Some(JsonlReader::new(reader, &source.name, self.limits)),
                _ => {
                    // A file bigger than the limit fails without being read.
                    let size = std::fs::metadata(&source.name).ok().filter(|m| m.is_file()).map(|m| m.len());
                    if let Some(size) = size.filter(|&s| s > self.limits.max_record_bytes as u64) {
                        let err = too_large(
                            self.limits.max_record_bytes,
                            Location { file: Some(source.name.clone()), ..Default::default() },
                        );
                        return Some(Record::failed(&file, None, size, err, None));
                    }
                    let content =
                        read_text(reader, &source.name, self.limits).map_err(|error| RecordError { error, id: None });
                    let input_bytes = match &content {
                        Ok(t) => t.len() as u64,
                        Err(_) => size.unwrap_or(0),
                    };
                    let content = content.map(|text| {
                        let mut doc = Document::new(text);
                        if source.name != STDIN_NAME {
                            doc.id = Some(Value::String(source.name.clone()));
                        }
                        doc
                    });
                    return Some(Record { file, line: None, input_bytes, content });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(input: &[u8], max: usize) -> (Vec<Record>, u64) {
        let mut r = JsonlReader::new(input, "t.jsonl", Limits { max_record_bytes: max });
        let v: Vec<Record> = r.by_ref().collect();
        (v, r.blank_lines())
    }

    fn code(r: &Record) -> &'static str {
        r.content.as_ref().err().map_or("ok", |e| e.error.code())
    }

    #[test]
    fn text_checks_name_the_first_bad_byte_and_its_line() {
        // "first line\nsecond" with a NUL on line 2.
        let mut b = "سطر أول\nثان".as_bytes().to_vec();
        let at = b.len();
        b.push(0);
        let e = text_from_bytes(b, "x.txt").unwrap_err();
        assert_eq!(e.code(), "E_NUL_BYTE");
        assert_eq!(
            e.location().unwrap(),
            &Location { file: Some("x.txt".into()), line: Some(2), byte: Some(at as u64) }
        );

        let e = text_from_bytes(Vec::new(), "x.txt").unwrap_err();
        assert_eq!(e.code(), "E_EMPTY_INPUT");
        let e = text_from_bytes(BOM.to_vec(), "x.txt").unwrap_err();
        assert_eq!(e.code(), "E_EMPTY_INPUT");

        // A truncated 2-byte letter at the very end.
        let mut b = [BOM, "خبر".as_bytes()].concat();
        b.push(0xD8);
        let e = text_from_bytes(b, "x.txt").unwrap_err();
        assert_eq!(e.code(), "E_INVALID_UTF8");
        assert_eq!(e.location().unwrap().byte, Some(9));
        assert!(e.message().contains("byte 9"), "{}", e.message());

        assert_eq!(text_from_bytes([BOM, "خبر".as_bytes()].concat(), "x").unwrap(), "خبر");
        assert_eq!(text_from_bytes(b" \n".to_vec(), "x").unwrap(), " \n");
    }

    #[test]
    fn read_text_stops_at_the_limit() {
        let text = "خبر ".repeat(100);
        let e = read_text(text.as_bytes(), "big.txt", Limits { max_record_bytes: 50 }).unwrap_err();
        assert_eq!(e.code(), "E_TOO_LARGE");
        assert_eq!(read_text(text.as_bytes(), "ok.txt", Limits { max_record_bytes: text.len() }).unwrap(), text);
    }

    #[test]
    fn every_line_gives_a_record_or_is_a_counted_blank() {
        let input = concat!(
            "{\"id\":1,\"text\":\"خبر\"}\r\n", // "news", CRLF
            "   \n",
            "[1,2]\n",
            "{\"id\":\"x\",\"text\":5}\n",
            "{\"id\":\"y\"}\n",
            "{\"text\":\n",
            "{\"id\":7,\"text\":\"عاجل\"}", // "breaking", no final newline
        );
        let (recs, blank) = records(input.as_bytes(), 1000);
        assert_eq!(blank, 1);
        let codes: Vec<&str> = recs.iter().map(code).collect();
        assert_eq!(codes, ["ok", "E_BAD_RECORD", "E_BAD_RECORD", "E_BAD_RECORD", "E_BAD_RECORD", "ok"]);
        let lines: Vec<u64> = recs.iter().map(|r| r.line.unwrap()).collect();
        assert_eq!(lines, [1, 3, 4, 5, 6, 7]);
        assert_eq!(recs[0].content.as_ref().unwrap().text(), "خبر");
        assert_eq!(recs[2].content.as_ref().unwrap_err().id, Some(Value::from("x")));
        assert!(recs[1].content.as_ref().unwrap_err().error.message().contains("found an array"));
        assert!(recs[4].content.as_ref().unwrap_err().error.message().starts_with("not valid JSON (column"));
        assert_eq!(recs[5].content.as_ref().unwrap().id, Some(Value::from(7)));
        assert_eq!(recs.iter().map(|r| r.input_bytes).sum::<u64>() + 4, input.len() as u64);
    }

    #[test]
    fn long_line_is_skipped_without_being_kept() {
        let long = format!("{{\"text\":\"{}\"}}", "خ".repeat(500));
        let input = format!("{{\"text\":\"أ\"}}\n{long}\n{{\"text\":\"ب\"}}\n");
        let (recs, _) = records(input.as_bytes(), 100);
        let codes: Vec<&str> = recs.iter().map(code).collect();
        assert_eq!(codes, ["ok", "E_TOO_LARGE", "ok"]);
        let e = &recs[1].content.as_ref().unwrap_err().error;
        assert_eq!(e.location().unwrap().line, Some(2));
        assert_eq!(e.location().unwrap().byte, Some(14));
        assert!(e.message().contains(&format!("{} bytes", long.len())));
    }

    #[test]
    fn bad_bytes_in_a_line_give_file_offsets() {
        let mut input = b"{\"text\":\"a\"}\n{\"text\":\"".to_vec();
        input.push(0xFF);
        input.extend_from_slice(b"\"}\n{\"text\":\"\x00\"}\n");
        let (recs, _) = records(&input, 1000);
        let codes: Vec<&str> = recs.iter().map(code).collect();
        assert_eq!(codes, ["ok", "E_INVALID_UTF8", "E_NUL_BYTE"]);
        assert_eq!(recs[1].content.as_ref().unwrap_err().error.location().unwrap().byte, Some(22));
        assert_eq!(recs[2].content.as_ref().unwrap_err().error.location().unwrap().byte, Some(35));
        // Without an id there is none to give back; with one, it is salvaged.
        assert_eq!(recs[1].content.as_ref().unwrap_err().id, None);
        let (recs, _) = records(b"{\"id\":9,\"text\":\"\xD8\x00\"}", 1000);
        assert_eq!(recs[0].content.as_ref().unwrap_err().id, Some(Value::from(9)));
        // An escaped NUL is deliberate and accepted.
        let (recs, _) = records(br#"{"text":"a\u0000b"}"#, 1000);
        assert_eq!(code(&recs[0]), "ok");
    }

    #[test]
    fn empty_jsonl_is_one_error() {
        for input in [&b""[..], b"\n\n", b"\xEF\xBB\xBF\n"] {
            let (recs, _) = records(input, 1000);
            assert_eq!(recs.iter().map(code).collect::<Vec<_>>(), ["E_EMPTY_INPUT"], "{input:?}");
        }
    }

    #[test]
    fn bom_on_the_first_line_is_dropped() {
        let (recs, _) = records("\u{FEFF}{\"text\":\"خبر\"}\n".as_bytes(), 1000);
        assert_eq!(recs[0].content.as_ref().unwrap().text(), "خبر");
    }

    #[test]
    fn modes_resolve_by_extension() {
        assert_eq!(InputMode::Auto.resolve("a.JSONL"), InputMode::Jsonl);
        assert_eq!(InputMode::Auto.resolve("a.ndjson"), InputMode::Jsonl);
        assert_eq!(InputMode::Auto.resolve("a.json"), InputMode::Text);
        assert_eq!(InputMode::Jsonl.resolve("-"), InputMode::Jsonl);
        assert_eq!(InputMode::Text.resolve("a.jsonl"), InputMode::Text);
    }
}
