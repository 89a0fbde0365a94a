//! CoNLL-U output: one block per sentence, one line per token (columns
//! separated by tabs, shown here as spaces).
//!
//! ```text
//! # newdoc id = a.txt
//! # sent_id = a.txt-1
//! # text = قال الوزير.
//! 1  قال  _  _  _  _  _  _  _  _
//! 2  الوزير  _  _  _  _  _  _  _  SpaceAfter=No
//! 3  .  _  _  _  _  _  _  _  _
//! ```
//!
//! With the words layer, LEMMA and UPOS are filled and a token of several
//! words is a multiword token: a range line (`4-5 وأضاف`) followed by one
//! line per word (`4 و`, `5 أضاف`, "and he added"). Without it, one line
//! per token with `_` columns. HEAD and DEPREL stay `_`: khabar does not parse.

use crate::document::{Document, Layer, Token, Word};
use crate::{Span, TokenId};
use std::io::{self, Write};

/// Write the sentences of `doc` as CoNLL-U blocks, each ending with a blank
/// line. `doc_label` names the document in `# newdoc id` and prefixes the
/// `# sent_id`s (`a.txt-1`, `a.txt-2`, …) so that they stay unique across a
/// file of many documents; without one, sentence ids are plain numbers.
///
/// A document with no tokens writes nothing: CoNLL-U has no empty sentence.
/// Without a sentence layer, all tokens form one sentence.
///
/// ```
/// let doc = khabar::Pipeline::full().unwrap().analyze("وصل الوفد.وبدأ الاجتماع"); // "The delegation arrived. And the meeting began"
/// let mut out = Vec::new();
/// khabar::io::conllu::write_document(&doc, Some("d1"), &mut out).unwrap();
/// let s = String::from_utf8(out).unwrap();
/// assert!(s.starts_with("# newdoc id = d1\n# sent_id = d1-1\n# text = وصل الوفد.\n"));
/// // `الوفد` ("the delegation") has a lemma and a UPOS, and no space after it.
/// let line = s.lines().find(|l| l.starts_with("2\tالوفد\t")).unwrap();
/// assert!(line.ends_with("\tSpaceAfter=No"));
/// assert_eq!(line.split('\t').count(), 10);
/// assert!(s.contains("# sent_id = d1-2\n"));
/// ```
pub fn write_document<W: Write + ?Sized>(doc: &Document, doc_label: Option<&str>, w: &mut W) -> io::Result<()> {
    if doc.tokens.is_empty() {
        return Ok(());
    }
    let label = doc_label.map(clean_comment_value);
    if let Some(label) = &label {
        writeln!(w, "# newdoc id = {label}")?;
    }
    let whole = [(
        Span::new(doc.tokens[0].span.start as usize, doc.tokens[doc.tokens.len() - 1].span.end as usize),
        0,
        doc.tokens.len(),
    )];
    let sentences: Box<dyn Iterator<Item = (Span, usize, usize)>> = if doc.has_layer(Layer::Sentences) {
        Box::new(doc.sentences.iter().map(|s| (s.span, s.first.index(), s.end.index())))
    } else {
        Box::new(whole.into_iter())
    };
    for (k, (span, first, end)) in sentences.enumerate() {
        if first >= end {
            continue;
        }
        match &label {
            Some(label) => writeln!(w, "# sent_id = {label}-{}", k + 1)?,
            None => writeln!(w, "# sent_id = {}", k + 1)?,
        }
        writeln!(w, "# text = {}", clean_comment_value(span.slice(doc.text())))?;
        let mut n = 1;
        let mut wi = doc.words.partition_point(|x| x.token.index() < first);
        for i in first..end {
            let wj = wi + doc.words[wi..].iter().take_while(|x| x.token.index() == i).count();
            n = write_token(doc, TokenId(i as u32), n, &doc.words[wi..wj], w)?;
            wi = wj;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// The lines of one token. `n` is the number of its first word in the
/// sentence; returns the number after its last word.
///
/// Without the words layer (or for a token of one word) that is one line,
/// FORM the token as written. A token of several words writes a range line
/// `n-m FORM _ … MISC` and one line per word (FORM its restored form, LEMMA
/// and UPOS filled), as UD multiword tokens do: `4-5 وأضاف`, `4 و`, `5 أضاف`
/// ("and he added").
fn write_token<W: Write + ?Sized>(doc: &Document, id: TokenId, n: usize, words: &[Word], w: &mut W) -> io::Result<usize> {
    let t = &doc.tokens[id.index()];
    let form = clean_field(doc.token_text(id));
    let mut misc: Vec<&str> = Vec::new();
    if !space_after(doc, id, t) {
        misc.push("SpaceAfter=No");
    }
    if t.repaired {
        // Not a UD attribute; MISC allows any Name=Value, and it tells
        // a reader why two tokens appear where the text has one word.
        misc.push("Repaired=Yes");
    }
    let misc = if misc.is_empty() { "_".to_string() } else { misc.join("|") };
    let field = |s: &str| if s.is_empty() { "_".to_string() } else { clean_field(s).into_owned() };
    match words {
        [] => {
            writeln!(w, "{n}\t{form}\t_\t_\t_\t_\t_\t_\t_\t{misc}")?;
            Ok(n + 1)
        }
        [one] => {
            writeln!(w, "{n}\t{form}\t{}\t{}\t_\t_\t_\t_\t_\t{misc}", field(&one.lemma), one.pos.as_str())?;
            Ok(n + 1)
        }
        many => {
            let last = n + many.len() - 1;
            writeln!(w, "{n}-{last}\t{form}\t_\t_\t_\t_\t_\t_\t_\t{misc}")?;
            for (k, word) in many.iter().enumerate() {
                writeln!(
                    w,
                    "{}\t{}\t{}\t{}\t_\t_\t_\t_\t_\t_",
                    n + k,
                    field(&word.form),
                    field(&word.lemma),
                    word.pos.as_str()
                )?;
            }
            Ok(last + 1)
        }
    }
}

/// True unless the next token follows with no whitespace in between. The
/// gap is searched, not only its first character, because invisible marks
/// the tokenizer skipped (an RLM, a tatweel) can sit before the space. The
/// last token of the document gets no `SpaceAfter=No`, as in UD treebanks.
fn space_after(doc: &Document, id: TokenId, t: &Token) -> bool {
    match doc.tokens.get(id.index() + 1) {
        Some(next) => doc.text()[t.span.end as usize..next.span.start as usize].chars().any(char::is_whitespace),
        None => true,
    }
}

/// A comment value on one line: line breaks (and tabs, for tools that split
/// on them) become spaces.
fn clean_comment_value(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}', '\t'], " ")
}

/// A FORM field: CoNLL-U cannot hold tabs or line breaks there. Tokens never
/// contain whitespace today; this keeps the file parseable if one ever does.
fn clean_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        std::borrow::Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;

    fn conllu(text: &str, label: Option<&str>) -> String {
        let doc = Pipeline::full().unwrap().analyze(text);
        let mut out = Vec::new();
        write_document(&doc, label, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_token_line_has_ten_columns_and_blocks_end_blank() {
        // "He said: «we met in Doha.»\nAnd the talks continued."
        let s = conllu("قال: «التقينا في الدوحة.»\nواستمرت المحادثات.", Some("doc 1"));
        assert!(s.starts_with("# newdoc id = doc 1\n"));
        assert!(s.ends_with("\n\n"));
        for line in s.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            assert_eq!(line.split('\t').count(), 10, "{line}");
        }
        let texts: Vec<&str> = s.lines().filter_map(|l| l.strip_prefix("# text = ")).collect();
        assert!(texts.iter().all(|t| !t.contains('\n')));
        assert_eq!(s.lines().filter(|l| l.is_empty()).count(), texts.len());
    }

    #[test]
    fn multiword_tokens_get_a_range_line_and_word_lines() {
        // "and in the city" is one token of three words.
        let s = conllu("وبالمدينة", None);
        let lines: Vec<&str> = s.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
        assert_eq!(lines.len(), 4, "{s}");
        assert!(lines[0].starts_with("1-3\tوبالمدينة\t_\t"), "{s}");
        assert!(lines[1].starts_with("1\tو\tو\tCCONJ\t"), "{s}");
        assert!(lines[2].starts_with("2\tب\tب\tADP\t"), "{s}");
        assert!(lines[3].starts_with("3\tالمدينة\tمدينة\tNOUN\t"), "{s}");
    }

    #[test]
    fn without_words_every_column_but_misc_is_empty() {
        let doc = crate::Pipeline::text_layer().unwrap().analyze("قال: نعم"); // "He said: yes"
        let mut out = Vec::new();
        write_document(&doc, None, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("1\tقال\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"), "{s}");
        assert!(s.contains("2\t:\t_\t_\t_\t_\t_\t_\t_\t_\n"), "{s}");
    }

    #[test]
    fn space_after_no_where_the_next_token_is_glued() {
        let s = conllu("قال: نعم", None); // "He said: yes"
        let lines: Vec<&str> = s.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
        let cols = |l: &str| l.split('\t').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(cols(lines[0])[..2], ["1", "قال"]);
        assert_eq!(cols(lines[0])[9], "SpaceAfter=No");
        assert_eq!(cols(lines[1])[..2], ["2", ":"]);
        assert_eq!(cols(lines[1])[3], "PUNCT");
        assert_eq!(cols(lines[1])[9], "_");
        assert_eq!(cols(lines[2])[9], "_");
        assert!(s.contains("# sent_id = 1\n"));
    }

    #[test]
    fn newline_inside_a_sentence_becomes_a_space_in_text_comment() {
        // A long soft-wrapped line does not end the sentence.
        let first = "وأكد المتحدث باسم الوزارة أن الوفد سيصل إلى العاصمة صباح";
        let s = conllu(&format!("{first}\nالغد."), Some("x"));
        assert!(s.contains(&format!("# text = {first} الغد.\n")), "{s}");
    }

    #[test]
    fn empty_document_writes_nothing() {
        assert_eq!(conllu("   ", Some("x")), "");
    }
}
