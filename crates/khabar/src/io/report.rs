//! The text report: a document laid out for a person to read.
//!
//! ```text
//! ══ a.txt ══  2 sentences, 9 tokens
//! [1] قال الوزير: «التقينا».
//!     قال  الوزير  :/punct  «/punct  التقينا  »/punct  ./punct
//! [2] …
//! ```
//!
//! The headline facts come first (`Who:`, `Where:`, `Organizations:`,
//! `Said:`, `Figures:`), then `Summary:` and `Keywords:`. Sentences are
//! numbered; under each, its tokens, with the kind shown only for tokens
//! that are not words and repaired tokens marked `+`. The report is a list
//! of sections (`SECTIONS`), each reading one layer.

use crate::document::{Document, EntityType, Layer, TokenKind};
use crate::error::Error;
use crate::{SentenceId, TokenId};
use std::io::{self, Write};

/// How the report looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Use ANSI colours (the caller decides: only when writing to a terminal).
    pub color: bool,
}

/// ANSI styles, or nothing when colour is off.
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap<'a>(&self, code: &str, s: &'a str) -> std::borrow::Cow<'a, str> {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m").into()
        } else {
            s.into()
        }
    }
    fn bold<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        self.wrap("1", s)
    }
    fn dim<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        self.wrap("2", s)
    }
    fn header<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        self.wrap("1;36", s)
    }
    fn mark<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        self.wrap("33", s)
    }
    fn error<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        self.wrap("1;31", s)
    }
}

/// One part of the report; it writes nothing when its layer is absent.
type Section = fn(&Document, &Paint, &mut dyn Write) -> io::Result<()>;

/// The sections, in order: the headline facts first (who, where, which
/// organizations, what was said by whom, the figures), then the summary
/// and keywords, then every sentence. Each reads only its own layer and is
/// left out when that layer was not computed.
const SECTIONS: &[Section] = &[
    write_header,
    write_entities,
    write_quotes,
    write_numbers,
    write_summary,
    write_keywords,
    write_sentences,
];

/// Write the report for `doc`, ending with a blank line.
///
/// ```
/// use khabar::io::report::{write_document, ReportOptions};
/// let doc = khabar::Pipeline::full().unwrap().analyze("قال: نعم."); // "He said: yes."
/// let mut out = Vec::new();
/// write_document(&doc, ReportOptions::default(), &mut out).unwrap();
/// let s = String::from_utf8(out).unwrap();
/// assert!(s.contains("[1] قال: نعم.\n"));
/// assert!(s.contains("    قال  :/punct  نعم  ./punct\n"));
/// ```
pub fn write_document<W: Write>(doc: &Document, opts: ReportOptions, w: &mut W) -> io::Result<()> {
    let paint = Paint { on: opts.color };
    for section in SECTIONS {
        section(doc, &paint, w)?;
    }
    writeln!(w)
}

/// Write an input that failed, in the report's place for it.
///
/// ```
/// use khabar::{Error, ErrorKind};
/// use khabar::io::report::{write_error, ReportOptions};
/// let err = Error::new(ErrorKind::EmptyInput, "the file is empty");
/// let mut out = Vec::new();
/// write_error(&err, ReportOptions::default(), &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "!! E_EMPTY_INPUT: the file is empty\n\n");
/// ```
pub fn write_error<W: Write>(err: &Error, opts: ReportOptions, w: &mut W) -> io::Result<()> {
    let paint = Paint { on: opts.color };
    writeln!(w, "{}\n", paint.error(&format!("!! {err}")))
}

/// `══ id ══  2 sentences, 9 tokens`.
fn write_header(doc: &Document, paint: &Paint, w: &mut dyn Write) -> io::Result<()> {
    let id = match &doc.id {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => "document".to_string(),
    };
    let mut counts = Vec::new();
    if doc.has_layer(Layer::Sentences) {
        counts.push(plural(doc.sentences.len(), "sentence"));
    }
    if doc.has_layer(Layer::Tokens) {
        counts.push(plural(doc.tokens.len(), "token"));
        let repaired = doc.tokens.iter().filter(|t| t.repaired).count();
        if repaired > 0 {
            counts.push(format!("{repaired} repaired (+)"));
        }
    }
    writeln!(w, "{}  {}", paint.header(&format!("══ {id} ══")), counts.join(", "))
}

/// Each sentence numbered, then its tokens on the next line.
fn write_sentences(doc: &Document, paint: &Paint, w: &mut dyn Write) -> io::Result<()> {
    if !doc.has_layer(Layer::Tokens) {
        return Ok(());
    }
    if !doc.has_layer(Layer::Sentences) {
        // Tokens without sentences: one line of them.
        return write_tokens(doc, 0..doc.tokens.len(), paint, w);
    }
    for (k, s) in doc.sentences.iter().enumerate() {
        let text = one_line(doc.sentence_text(SentenceId(k as u32)));
        writeln!(w, "{} {}", paint.bold(&format!("[{}]", k + 1)), text)?;
        write_tokens(doc, s.first.index()..s.end.index(), paint, w)?;
    }
    Ok(())
}

/// Tokens separated by two spaces; `/kind` after non-words; `+` before
/// repaired ones.
fn write_tokens(doc: &Document, range: std::ops::Range<usize>, paint: &Paint, w: &mut dyn Write) -> io::Result<()> {
    let (first_token, last_token) = (range.start, range.end);
    let mut line = String::from("    ");
    for (n, i) in range.enumerate() {
        let t = &doc.tokens[i];
        if n > 0 {
            line.push_str("  ");
        }
        let text = one_line(doc.token_text(TokenId(i as u32)));
        if t.repaired {
            line.push_str(&paint.mark(&format!("+{text}")));
        } else {
            line.push_str(&text);
        }
        if t.kind != TokenKind::Word {
            line.push_str(&paint.dim(&format!("/{}", t.kind.as_str())));
        }
    }
    writeln!(w, "{line}")?;
    if doc.has_layer(Layer::Words) {
        write_words(doc, first_token..last_token, paint, w)?;
    }
    Ok(())
}

/// The words of the tokens, a token's words joined by `+`, each `form/POS`
/// and `:lemma` when the lemma is not the form:
/// `و/CCONJ+ب/ADP+المدينة/NOUN:مدينة`.
fn write_words(doc: &Document, tokens: std::ops::Range<usize>, paint: &Paint, w: &mut dyn Write) -> io::Result<()> {
    let start = doc.words.partition_point(|x| x.token.index() < tokens.start);
    let mut line = String::from("    ");
    let mut prev_token = None;
    for word in doc.words[start..].iter().take_while(|x| x.token.index() < tokens.end) {
        match prev_token {
            Some(t) if t == word.token => line.push('+'),
            Some(_) => line.push_str("  "),
            None => {}
        }
        prev_token = Some(word.token);
        line.push_str(&word.form);
        line.push_str(&paint.dim(&format!("/{}", word.pos.as_str())));
        if !word.lemma.is_empty() && word.lemma != word.form {
            line.push_str(&paint.dim(&format!(":{}", word.lemma)));
        }
    }
    writeln!(w, "{line}")
}

/// `Summary:` the chosen sentences, one a line, numbered as below.
fn write_summary(doc: &Document, paint: &Paint, w: &mut dyn Write) -> io::Result<()> {
    if !doc.has_layer(Layer::Summary) || doc.summary.is_empty() {
        return Ok(());
    }
    writeln!(w, "{}", paint.bold("Summary:"))?;
    for id in &doc.summary {
        writeln!(w, "    [{}] {}", id.0 + 1, one_line(doc.sentence_text(*id)))?;
    }
    Ok(())
}

/// `Keywords: المفاوضات · جنيف · …`, best first.
fn write_keywords(doc: &Document, paint: &Paint, w: &mut dyn Write) -> io::Result<()> {
    if !doc.has_layer(Layer::Keywords) || doc.keywords.is_empty() {
        return Ok(());
    }
    let items: Vec<String> = doc.keywords.iter().map(|k| k.text.clone()).collect();
    writeln!(w, "{} {}", paint.bold("Keywords:"), items.join(" · "))
}

/// `Who:`, `Where:`, `Organizations:`, `Also named:` (PER, LOC, ORG, MISC):
/// each entity once, by canonical name, most mentioned first, with how
/// often it is mentioned and the other forms it took:
/// `Who: باراك أوباما ×3 (أوباما) · سيرغي لافروف`.
fn write_entities(doc: &Document, paint: &Paint, w: &mut dyn Write) -> io::Result<()> {
    if !doc.has_layer(Layer::Entities) {
        return Ok(());
    }
    if doc.entities.is_empty() {
        return writeln!(w, "{} none", paint.bold("Who:"));
    }
    for (kind, label) in
        [(EntityType::PER, "Who:"), (EntityType::LOC, "Where:"), (EntityType::ORG, "Organizations:"), (EntityType::MISC, "Also named:")]
    {
        // (canonical, mentions, other forms), in order of first mention.
        let mut rows: Vec<(&str, usize, Vec<String>)> = Vec::new();
        for e in doc.entities.iter().filter(|e| e.kind == kind) {
            let k = match rows.iter().position(|r| r.0 == e.canonical) {
                Some(k) => k,
                None => {
                    rows.push((e.canonical.as_str(), 0, Vec::new()));
                    rows.len() - 1
                }
            };
            rows[k].1 += 1;
            let surface = one_line(e.span.slice(doc.text()));
            if surface != e.canonical && !rows[k].2.contains(&surface) {
                rows[k].2.push(surface);
            }
        }
        if rows.is_empty() {
            continue;
        }
        // Most mentioned first; the sort is stable, so ties keep text order.
        rows.sort_by(|a, b| b.1.cmp(&a.1));
        let items: Vec<String> = rows
            .iter()
            .map(|(name, n, forms)| {
                let mut item = name.to_string();
                if *n > 1 {
                    item.push_str(&format!(" ×{n}"));
                }
                if !forms.is_empty() {
                    item.push_str(&paint.dim(&format!(" ({})", forms.join("، "))));
                }
                item
            })
            .collect();
        writeln!(w, "{} {}", paint.bold(label), items.join(" · "))?;
    }
    Ok(())
}

/// `Said:` one quote a line: speaker — «what was said» [cue] kind.
fn write_quotes(doc: &Document, paint: &Paint, w: &mut dyn Write) -> io::Result<()> {
    if !doc.has_layer(Layer::Quotes) {
        return Ok(());
    }
    if doc.quotes.is_empty() {
        return writeln!(w, "{} none", paint.bold("Said:"));
    }
    writeln!(w, "{}", paint.bold("Said:"))?;
    for q in &doc.quotes {
        let who = q.speaker.as_ref().map_or("?".to_string(), |s| s.canonical.clone());
        let cue = q.cue.map(|c| format!(" [{}]", one_line(c.slice(doc.text())))).unwrap_or_default();
        writeln!(
            w,
            "    {} — «{}»{}",
            paint.mark(&who),
            one_line(q.span.slice(doc.text())),
            paint.dim(&format!("{cue} {}", q.kind.as_str()))
        )?;
    }
    Ok(())
}

/// `Figures:` each number as written, its value and what it counts.
fn write_numbers(doc: &Document, paint: &Paint, w: &mut dyn Write) -> io::Result<()> {
    if !doc.has_layer(Layer::Numbers) {
        return Ok(());
    }
    if doc.numbers.is_empty() {
        return writeln!(w, "{} none", paint.bold("Figures:"));
    }
    let items: Vec<String> = doc
        .numbers
        .iter()
        .map(|n| {
            let value = match n.high {
                Some(h) => format!("{}–{}", n.value, h),
                None => format!("{}", n.value),
            };
            let unit = n.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            format!("{} = {}{}", one_line(n.span.slice(doc.text())), value, unit)
        })
        .collect();
    writeln!(w, "{} {}", paint.bold("Figures:"), items.join(" · "))
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A piece of the original as one line a person reads (so each sentence
/// stays on its own line): line breaks as spaces, and, where scraping left
/// HTML (`<p>`, `&nbsp;`), the display normalization, which reads markup
/// as spaces and characters, with the spaces it leaves run together.
fn one_line(s: &str) -> String {
    let flat = s.replace("\r\n", " ").replace(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}'], " ");
    if !flat.contains(['<', '&']) {
        return flat;
    }
    let shown = crate::text::normalize(&flat, crate::text::Level::Display);
    shown.as_str().split(char::is_whitespace).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;

    fn report(doc: &Document, color: bool) -> String {
        let mut out = Vec::new();
        write_document(doc, ReportOptions { color }, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn scraped_markup_reads_as_text() {
        // "<p>The minister said:&nbsp;«We met».</p>" (offsets still cover the
        // markup; the report shows what a reader should see).
        let doc = Pipeline::text_layer().unwrap().analyze("<p>قال الوزير:&nbsp;«التقينا».</p>");
        let s = report(&doc, false);
        assert!(s.contains("[1] قال الوزير: «التقينا»."), "{s}");
        assert!(!s.contains("&nbsp;") && !s.contains("<p>"), "{s}");
    }

    #[test]
    fn entities_quotes_and_numbers_sections() {
        use crate::document::{Entity, EntityType, Number, Quote, QuoteKind, Speaker};
        use crate::Span;
        // "Obama said: «We will return.» Obama arrived with 48 aides."
        let text = "قال أوباما: «سنعود.» ووصل أوباما مع 48 مساعدا.";
        let mut doc = Document::new(text);
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        let second = text.rfind("أوباما").unwrap();
        doc.entities = vec![
            Entity { span: at("أوباما"), kind: EntityType::PER, canonical: "باراك أوباما".into(), title: None },
            Entity { span: Span::new(second, second + "أوباما".len()), kind: EntityType::PER, canonical: "باراك أوباما".into(), title: None },
        ];
        doc.quotes = vec![Quote {
            span: at("سنعود."),
            kind: QuoteKind::Direct,
            cue: Some(at("قال")),
            speaker: Some(Speaker { span: at("أوباما"), canonical: "باراك أوباما".into() }),
        }];
        doc.numbers = vec![Number { span: at("48"), value: 48.0, high: None, unit: Some("مساعد".into()), unit_span: Some(at("مساعدا")) }];
        doc.layers = vec![Layer::Entities, Layer::Quotes, Layer::Numbers];
        let s = report(&doc, false);
        let who = "Who: باراك أوباما ×2 (أوباما)\n";
        let said = "Said:\n    باراك أوباما — «سنعود.» [قال] direct\n";
        let figures = "Figures: 48 = 48 مساعد\n";
        assert!(s.contains(who) && s.contains(said) && s.contains(figures), "{s}");
        // Headline facts in that order, before anything else.
        let (a, b, c) = (s.find(who).unwrap(), s.find(said).unwrap(), s.find(figures).unwrap());
        assert!(a < b && b < c, "{s}");
        assert!(!s.contains("Where:"), "no place, no line: {s}");
        // Layers not computed write no section.
        doc.layers = vec![Layer::Numbers];
        let s = report(&doc, false);
        assert!(!s.contains("Who:") && !s.contains("Said:"), "{s}");
    }

    #[test]
    fn numbered_sentences_with_their_tokens() {
        // "He met them too.And while the talks... on www.example.com 150 times"
        let mut doc = Pipeline::morphology().unwrap().analyze("التقاهم أيضا.وفيما زار www.example.com ١٥٠ مرة");
        doc.id = Some(serde_json::Value::from("a.txt"));
        let s = report(&doc, false);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "══ a.txt ══  2 sentences, 8 tokens");
        assert_eq!(lines[1], "[1] التقاهم أيضا.");
        assert_eq!(lines[2], "    التقاهم  أيضا  ./punct");
        // With morphology, a words line follows each tokens line.
        assert!(lines[3].starts_with("    التقى/VERB+هم/PRON"), "{s}");
        assert_eq!(lines[4], "[2] وفيما زار www.example.com ١٥٠ مرة");
        assert_eq!(lines[5], "    وفيما  زار  www.example.com/url  ١٥٠/number  مرة");
        assert!(lines[6].contains("150/NUM"), "{s}");
        assert!(!s.contains('\x1b'));
    }

    #[test]
    fn repaired_tokens_are_marked_and_colour_is_optional() {
        let mut doc = Pipeline::full().unwrap().analyze("الولايات المتحدة"); // "the United States"
        doc.tokens[1].repaired = true;
        let plain = report(&doc, false);
        assert!(plain.contains("+المتحدة"), "{plain}");
        assert!(plain.contains("1 repaired (+)"));
        let coloured = report(&doc, true);
        assert!(coloured.contains("\x1b[33m+المتحدة\x1b[0m"));
    }
}
