//! JSON output, schema version 1 (see DESIGN.md, "JSON output").
//!
//! One object per document. Offsets are Unicode code point offsets into
//! `text`, end-exclusive, so `text[start:end]` works in Python; inside the
//! engine they are byte offsets, and [`CharOffsets`] converts them at this
//! boundary.
//!
//! Each layer is written by one function (`write_sentences`,
//! `write_tokens`, …) chosen by `layer_writer`; a layer the pipeline did
//! not compute is left out, and the `layers` array says which were computed,
//! so that a consumer can tell "no entities found" (`"entities":[]`) from
//! "entities not computed" (no key, and no `entities` in `layers`).

use crate::document::{Document, Layer};
use crate::error::Error;
use crate::{Span, TokenId};
use serde_json::Value;
use std::io::{self, Write};

/// The schema version written in every document object.
pub const SCHEMA_VERSION: u32 = 1;

/// How documents are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JsonStyle {
    /// All on one line: JSONL.
    #[default]
    Compact,
    /// One field per line and one layer item (`{"start":0,"end":3,…}`) per
    /// line: readable, and still small enough to scroll through.
    Pretty,
}

/// Converts byte offsets of one text into code point offsets.
///
/// It keeps a cursor and counts only the bytes between the cursor and the
/// asked offset, so asking for offsets in ascending order (the order every
/// layer is stored in) costs one pass over the text in all: O(n) per layer
/// rather than a count from the start for each span. Going backwards works
/// too, at the cost of the distance moved back.
///
/// ```
/// use khabar::io::json::CharOffsets;
/// let text = "قالَ 😀 نعم"; // "he said 😀 yes": a fatha and a 4-byte emoji
/// let mut c = CharOffsets::new(text);
/// assert_eq!(c.char_offset(0), 0);
/// assert_eq!(c.char_offset("قالَ".len()), 4); // 3 letters + the fatha
/// assert_eq!(c.char_offset("قالَ 😀".len()), 6); // the emoji is one code point
/// assert_eq!(c.char_offset(text.len()), text.chars().count());
/// ```
#[derive(Debug, Clone)]
pub struct CharOffsets<'a> {
    bytes: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    /// A converter for `text`, with its cursor at the start.
    pub fn new(text: &'a str) -> Self {
        CharOffsets { bytes: text.as_bytes(), byte: 0, chars: 0 }
    }

    /// The code point offset of byte offset `byte`, which must lie on a
    /// character boundary of the text (every engine span does).
    pub fn char_offset(&mut self, byte: usize) -> usize {
        debug_assert!(byte <= self.bytes.len());
        if byte >= self.byte {
            self.chars += count_chars(&self.bytes[self.byte..byte]);
        } else {
            self.chars -= count_chars(&self.bytes[byte..self.byte]);
        }
        self.byte = byte;
        self.chars
    }

    /// `span` as a code point `(start, end)` pair.
    pub fn span(&mut self, span: Span) -> (usize, usize) {
        let start = self.char_offset(span.start as usize);
        let end = self.char_offset(span.end as usize);
        (start, end)
    }
}

/// Number of code points in valid UTF-8 bytes: every byte that is not a
/// continuation byte (`10xxxxxx`) starts one. The loop has no branch, so the
/// compiler vectorizes it.
#[inline]
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Writes separators and keys for either [`JsonStyle`], so that the layer
/// functions do not care which one is in use.
struct Out {
    pretty: bool,
}

impl Out {
    /// `"key":` (after a comma unless it is the first field).
    fn field<W: Write + ?Sized>(&self, w: &mut W, first: bool, key: &str) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.pretty {
            w.write_all(b"\n  ")?;
        }
        write_str(w, key)?;
        w.write_all(if self.pretty { b": " } else { b":" })
    }

    /// `[item,item,…]`, each item written by `item`.
    fn array<W, T, I, F>(&self, w: &mut W, items: I, mut item: F) -> io::Result<()>
    where
        W: Write + ?Sized,
        I: IntoIterator<Item = T>,
        F: FnMut(&mut W, T) -> io::Result<()>,
    {
        w.write_all(b"[")?;
        let mut any = false;
        for (i, x) in items.into_iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            if self.pretty {
                w.write_all(b"\n    ")?;
            }
            item(w, x)?;
            any = true;
        }
        if self.pretty && any {
            w.write_all(b"\n  ")?;
        }
        w.write_all(b"]")
    }
}

/// A JSON string, escaped.
fn write_str<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *w, s).map_err(io::Error::from)
}

/// Any JSON value (ids are whatever the caller gave: string, number…).
fn write_value<W: Write + ?Sized>(w: &mut W, v: &Value) -> io::Result<()> {
    serde_json::to_writer(&mut *w, v).map_err(io::Error::from)
}

/// The function that writes one layer as a field of the document object.
type LayerFn<W> = fn(&Document, &Out, &mut W) -> io::Result<()>;

/// Where a layer goes in the object (schema order) and what writes it;
/// `None` for a layer that has no key of its own.
///
/// The match is exhaustive on purpose: a new [`Layer`] does not compile
/// until someone decides here how it is written.
fn layer_writer<W: Write + ?Sized>(layer: Layer) -> Option<(u8, LayerFn<W>)> {
    match layer {
        Layer::Sentences => Some((0, write_sentences::<W>)),
        Layer::Tokens => Some((1, write_tokens::<W>)),
        Layer::Words => Some((2, write_words::<W>)),
        Layer::Entities => Some((3, write_entities::<W>)),
        Layer::Quotes => Some((4, write_quotes::<W>)),
        Layer::Numbers => Some((5, write_numbers::<W>)),
        Layer::Keywords => Some((6, write_keywords::<W>)),
        Layer::Summary => Some((7, write_summary::<W>)),
        // A flag on tokens (`"repaired":true`), named in `layers` only.
        Layer::Repaired => None,
    }
}

/// Write `doc` as one schema v1 object (no trailing newline).
///
/// ```
/// use khabar::io::json::{write_document, JsonStyle};
/// let p = khabar::Pipeline::full().unwrap();
/// let doc = p.analyze("قالَ الوزير."); // "the minister said."
/// let mut out = Vec::new();
/// write_document(&doc, JsonStyle::Compact, &mut out).unwrap();
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(v["schema_version"], 1);
/// // Code point offsets: the fatha counts as one, so "الوزير" starts at 5.
/// assert_eq!(v["tokens"][1]["start"], 5);
/// assert_eq!(v["tokens"][1]["text"], "الوزير");
/// ```
pub fn write_document<W: Write + ?Sized>(doc: &Document, style: JsonStyle, w: &mut W) -> io::Result<()> {
    let out = Out { pretty: style == JsonStyle::Pretty };
    w.write_all(b"{")?;
    out.field(w, true, "schema_version")?;
    write!(w, "{SCHEMA_VERSION}")?;
    out.field(w, false, "id")?;
    match &doc.id {
        Some(id) => write_value(w, id)?,
        None => w.write_all(b"null")?,
    }
    out.field(w, false, "text")?;
    write_str(w, doc.text())?;

    // The layers computed, once each, in the order the stages added them.
    let mut names: Vec<Layer> = Vec::with_capacity(doc.layers.len());
    for &l in &doc.layers {
        if !names.contains(&l) {
            names.push(l);
        }
    }
    out.field(w, false, "layers")?;
    w.write_all(b"[")?;
    for (i, l) in names.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        write_str(w, l.as_str())?;
    }
    w.write_all(b"]")?;

    let mut writers: Vec<(u8, LayerFn<W>)> = names.iter().filter_map(|&l| layer_writer::<W>(l)).collect();
    writers.sort_by_key(|&(rank, _)| rank);
    for (_, f) in writers {
        f(doc, &out, w)?;
    }
    if out.pretty {
        w.write_all(b"\n")?;
    }
    w.write_all(b"}")
}

/// `"sentences":[{"start","end"}]`.
fn write_sentences<W: Write + ?Sized>(doc: &Document, out: &Out, w: &mut W) -> io::Result<()> {
    let mut offsets = CharOffsets::new(doc.text());
    out.field(w, false, "sentences")?;
    out.array(w, &doc.sentences, |w, s| {
        let (start, end) = offsets.span(s.span);
        write!(w, "{{\"start\":{start},\"end\":{end}}}")
    })
}

/// `"tokens":[{"start","end","text","norm","kind"}]`, plus `"repaired":true`
/// on tokens that run-together repair cut out of a longer one.
fn write_tokens<W: Write + ?Sized>(doc: &Document, out: &Out, w: &mut W) -> io::Result<()> {
    let mut offsets = CharOffsets::new(doc.text());
    out.field(w, false, "tokens")?;
    out.array(w, doc.tokens.iter().enumerate(), |w, (i, t)| {
        let id = TokenId(i as u32);
        let (start, end) = offsets.span(t.span);
        write!(w, "{{\"start\":{start},\"end\":{end},\"text\":")?;
        write_str(w, doc.token_text(id))?;
        w.write_all(b",\"norm\":")?;
        write_str(w, doc.token_norm(id))?;
        write!(w, ",\"kind\":\"{}\"", t.kind.as_str())?;
        if t.repaired {
            w.write_all(b",\"repaired\":true")?;
        }
        w.write_all(b"}")
    })
}

fn write_words<W: Write + ?Sized>(doc: &Document, out: &Out, w: &mut W) -> io::Result<()> {
    let mut offsets = CharOffsets::new(doc.text());
    out.field(w, false, "words")?;
    out.array(w, doc.words.iter(), |w, word| {
        let (start, end) = offsets.span(word.span);
        write!(w, "{{\"token\":{},\"start\":{start},\"end\":{end},\"form\":", word.token.0)?;
        write_str(w, &word.form)?;
        write!(w, ",\"pos\":\"{}\",\"lemma\":", word.pos.as_str())?;
        write_str(w, &word.lemma)?;
        w.write_all(b"}")
    })
}

fn write_entities<W: Write + ?Sized>(doc: &Document, out: &Out, w: &mut W) -> io::Result<()> {
    let mut offsets = CharOffsets::new(doc.text());
    out.field(w, false, "entities")?;
    out.array(w, doc.entities.iter(), |w, e| {
        let (start, end) = offsets.span(e.span);
        write!(w, "{{\"start\":{start},\"end\":{end},\"text\":")?;
        write_str(w, e.span.slice(doc.text()))?;
        write!(w, ",\"type\":\"{}\",\"canonical\":", e.kind.as_str())?;
        write_str(w, &e.canonical)?;
        if let Some(t) = e.title {
            let (ts, te) = offsets.span(t);
            write!(w, ",\"title\":{{\"start\":{ts},\"end\":{te},\"text\":")?;
            write_str(w, t.slice(doc.text()))?;
            w.write_all(b"}")?;
        }
        w.write_all(b"}")
    })
}

fn write_quotes<W: Write + ?Sized>(doc: &Document, out: &Out, w: &mut W) -> io::Result<()> {
    let mut offsets = CharOffsets::new(doc.text());
    out.field(w, false, "quotes")?;
    out.array(w, doc.quotes.iter(), |w, q| {
        let (start, end) = offsets.span(q.span);
        write!(w, "{{\"start\":{start},\"end\":{end},\"text\":")?;
        write_str(w, q.span.slice(doc.text()))?;
        write!(w, ",\"kind\":\"{}\",\"cue\":", q.kind.as_str())?;
        match q.cue {
            Some(c) => write_str(w, c.slice(doc.text()))?,
            None => w.write_all(b"null")?,
        }
        w.write_all(b",\"speaker\":")?;
        match &q.speaker {
            Some(sp) => {
                let (ss, se) = offsets.span(sp.span);
                write!(w, "{{\"start\":{ss},\"end\":{se},\"text\":")?;
                write_str(w, sp.span.slice(doc.text()))?;
                w.write_all(b",\"canonical\":")?;
                write_str(w, &sp.canonical)?;
                w.write_all(b"}")?;
            }
            None => w.write_all(b"null")?,
        }
        w.write_all(b"}")
    })
}

fn write_numbers<W: Write + ?Sized>(doc: &Document, out: &Out, w: &mut W) -> io::Result<()> {
    let mut offsets = CharOffsets::new(doc.text());
    out.field(w, false, "numbers")?;
    out.array(w, doc.numbers.iter(), |w, n| {
        let (start, end) = offsets.span(n.span);
        write!(w, "{{\"start\":{start},\"end\":{end},\"text\":")?;
        write_str(w, n.span.slice(doc.text()))?;
        w.write_all(b",\"value\":")?;
        write_value(w, &serde_json::json!(n.value))?;
        if let Some(h) = n.high {
            w.write_all(b",\"high\":")?;
            write_value(w, &serde_json::json!(h))?;
        }
        w.write_all(b",\"unit\":")?;
        match &n.unit {
            Some(u) => write_str(w, u)?,
            None => w.write_all(b"null")?,
        }
        w.write_all(b"}")
    })
}

fn write_keywords<W: Write + ?Sized>(doc: &Document, out: &Out, w: &mut W) -> io::Result<()> {
    out.field(w, false, "keywords")?;
    out.array(w, doc.keywords.iter(), |w, k| {
        w.write_all(b"{\"text\":")?;
        write_str(w, &k.text)?;
        w.write_all(b",\"lemma\":")?;
        write_str(w, &k.lemma)?;
        w.write_all(b",\"score\":")?;
        write_value(w, &serde_json::json!((k.score * 10_000.0).round() / 10_000.0))?;
        write!(w, ",\"count\":{}}}", k.mentions.len())
    })
}

fn write_summary<W: Write + ?Sized>(doc: &Document, out: &Out, w: &mut W) -> io::Result<()> {
    out.field(w, false, "summary")?;
    out.array(w, doc.summary.iter(), |w, s| write!(w, "{}", s.0))
}

/// Write the record that stands in for an input that could not be analyzed
/// (one line, no trailing newline):
/// `{"error":{"code","message","file","line","byte"},"id"}`, where `file`,
/// `line`, `byte` and `id` appear only when known.
///
/// ```
/// use khabar::{Error, ErrorKind, Location};
/// use khabar::io::json::write_error;
/// // A JSONL record {"id":7,"txt":"خبر"} ("news") with its key misspelt.
/// let err = Error::new(ErrorKind::BadRecord, "record has no `text` field")
///     .at(Location { file: Some("a.jsonl".into()), line: Some(3), byte: None });
/// let mut out = Vec::new();
/// write_error(&err, Some(&serde_json::json!(7)), &mut out).unwrap();
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(v["error"]["code"], "E_BAD_RECORD");
/// assert_eq!(v["error"]["line"], 3);
/// assert_eq!(v["id"], 7);
/// ```
pub fn write_error<W: Write + ?Sized>(err: &Error, id: Option<&Value>, w: &mut W) -> io::Result<()> {
    w.write_all(b"{\"error\":{\"code\":")?;
    write_str(w, err.code())?;
    w.write_all(b",\"message\":")?;
    write_str(w, err.message())?;
    if let Some(loc) = err.location() {
        if let Some(file) = &loc.file {
            w.write_all(b",\"file\":")?;
            write_str(w, file)?;
        }
        if let Some(line) = loc.line {
            write!(w, ",\"line\":{line}")?;
        }
        if let Some(byte) = loc.byte {
            write!(w, ",\"byte\":{byte}")?;
        }
    }
    w.write_all(b"}")?;
    if let Some(id) = id {
        w.write_all(b",\"id\":")?;
        write_value(w, id)?;
    }
    w.write_all(b"}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::TokenKind;
    use crate::{ErrorKind, Location, Pipeline};

    fn to_value(doc: &Document, style: JsonStyle) -> Value {
        let mut out = Vec::new();
        write_document(doc, style, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    /// Python-style slicing by code points, to check offsets the way a
    /// consumer would use them.
    fn cp_slice(text: &str, start: u64, end: u64) -> String {
        text.chars().skip(start as usize).take((end - start) as usize).collect()
    }

    #[test]
    fn char_offsets_match_a_naive_count_in_any_order() {
        // Harakat, a 4-byte emoji, Latin, Arabic-Indic digits.
        let text = "قالَ 😀 NATO ١٥٠ شخصًا";
        let boundaries: Vec<usize> = (0..=text.len()).filter(|&b| text.is_char_boundary(b)).collect();
        let mut c = CharOffsets::new(text);
        for &b in &boundaries {
            assert_eq!(c.char_offset(b), text[..b].chars().count());
        }
        for &b in boundaries.iter().rev().step_by(3) {
            assert_eq!(c.char_offset(b), text[..b].chars().count());
        }
    }

    #[test]
    fn offsets_are_code_points_and_slice_back_to_the_token() {
        // "He said 😀: «we met» on https://example.org 150 times"
        let text = "قالَ 😀: «التقينا» في https://example.org ١٥٠ مرة";
        let doc = Pipeline::full().unwrap().analyze(text);
        let v = to_value(&doc, JsonStyle::Compact);
        let toks = v["tokens"].as_array().unwrap();
        assert_eq!(toks.len(), doc.tokens.len());
        for t in toks {
            let (s, e) = (t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap());
            assert_eq!(cp_slice(text, s, e), t["text"].as_str().unwrap());
        }
        // The emoji is one code point: "قالَ" is 4, a space, the emoji at 5.
        let emoji = toks.iter().find(|t| t["text"] == "😀").unwrap();
        assert_eq!((emoji["start"].as_u64(), emoji["end"].as_u64()), (Some(5), Some(6)));
        assert_eq!(toks[0]["norm"], "قال");
        let kinds: Vec<&str> = toks.iter().map(|t| t["kind"].as_str().unwrap()).collect();
        assert!(kinds.contains(&"url") && kinds.contains(&"number") && kinds.contains(&"punct"));
        for s in v["sentences"].as_array().unwrap() {
            assert!(s["start"].as_u64() < s["end"].as_u64());
        }
    }

    #[test]
    fn only_computed_layers_are_written_and_named() {
        let mut doc = Document::new("خبر عاجل"); // "breaking news"
        doc.id = Some(Value::from("d1"));
        let v = to_value(&doc, JsonStyle::Compact);
        assert_eq!(v["layers"], serde_json::json!([]));
        assert!(v.get("tokens").is_none() && v.get("sentences").is_none());
        assert_eq!(v["id"], "d1");

        let doc = Pipeline::full().unwrap().analyze("خبر عاجل");
        let v = to_value(&doc, JsonStyle::Compact);
        assert_eq!(
            v["layers"],
            serde_json::json!([
            "tokens", "repaired", "sentences", "words", "entities", "numbers", "quotes", "keywords", "summary"
        ])
        );
        assert!(v["entities"].is_array() && v["quotes"].is_array() && v["numbers"].is_array());
        assert_eq!(v["id"], Value::Null);
        assert_eq!(v["words"][0]["form"], "خبر");
        assert_eq!(v["words"][1]["token"], 1);
        let doc = Pipeline::text_layer().unwrap().analyze("خبر عاجل");
        let v = to_value(&doc, JsonStyle::Compact);
        assert!(v.get("words").is_none());
    }

    #[test]
    fn repaired_flag_only_on_repaired_tokens() {
        let mut doc = Pipeline::full().unwrap().analyze("الولايات المتحدة"); // "the United States"
        doc.tokens[1].repaired = true;
        let v = to_value(&doc, JsonStyle::Compact);
        assert!(v["tokens"][0].get("repaired").is_none());
        assert_eq!(v["tokens"][1]["repaired"], true);
    }

    #[test]
    fn pretty_and_compact_carry_the_same_value() {
        let doc = Pipeline::full().unwrap().analyze("انتهى الاجتماع. وعاد الوفد."); // "The meeting ended. The delegation returned."
        let compact = to_value(&doc, JsonStyle::Compact);
        assert_eq!(compact, to_value(&doc, JsonStyle::Pretty));
        let mut out = Vec::new();
        write_document(&doc, JsonStyle::Compact, &mut out).unwrap();
        assert!(!out.contains(&b'\n'));
        assert_eq!(compact["tokens"][0]["kind"], TokenKind::Word.as_str());
    }

    #[test]
    fn error_record_has_only_known_fields() {
        let err = Error::new(ErrorKind::NulByte, "NUL byte").at(Location {
            file: Some("x.txt".into()),
            line: None,
            byte: Some(12),
        });
        let mut out = Vec::new();
        write_error(&err, None, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, serde_json::json!({"error":{"code":"E_NUL_BYTE","message":"NUL byte","file":"x.txt","byte":12}}));
    }
}
