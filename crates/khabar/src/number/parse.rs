//! The number grammar, over one sentence's words.
//!
//! A sentence becomes a row of `Item`s (its words, with proclitics the
//! segmenter left on a number word cut off here), and one left-to-right
//! pass reads, at each item that can start a number: the number itself
//! (digits or words, with scale words), a percent marker, a range's second
//! half, and what it counts.

use super::digits::{self, Digits};
use super::lexicon::{self as lx, Lex};
use crate::document::{Document, Number, TokenKind, Upos};
use crate::text::chars::{is_arabic_diacritic, TATWEEL};
use crate::Span;

/// One word of the sentence, as the grammar sees it.
#[derive(Debug, Clone)]
pub(crate) struct Item<'d> {
    /// nlp form (the words layer's `form`).
    pub form: &'d str,
    /// Folded nlp form (see [`lx::fold_into`]).
    pub folded: String,
    /// Where it is written (original text).
    pub span: Span,
    pub kind: TokenKind,
    pub pos: Upos,
    pub lemma: &'d str,
    /// A proclitic of the same token comes before it (`ثلاثة` in `وثلاثة`).
    pub glued: bool,
    /// The number word it is, written bare.
    pub lex: Option<Lex>,
    /// The number word it is after the article (`الآلاف`).
    pub def_lex: Option<Lex>,
    /// nlp text of its token (digits are read from it).
    pub token_norm: &'d str,
}

impl Item<'_> {
    fn is(&self, s: &str) -> bool {
        self.folded == s
    }
    fn is_number_token(&self) -> bool {
        self.kind == TokenKind::Number
    }
    /// Written with the article (on the unfolded form: `ألوية` folds to
    /// `الوية` and is no `ال` word).
    fn definite(&self) -> bool {
        self.form.starts_with("ال") && self.form.chars().count() > 3
    }
}

const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ل', 'ك'];

/// The items of the words `words` (all of one sentence).
pub(crate) fn items<'d>(doc: &'d Document, words: &'d [crate::document::Word], out: &mut Vec<Item<'d>>) {
    out.clear();
    let nlp = doc.nlp.as_str();
    let mut buf = String::new();
    for (k, w) in words.iter().enumerate() {
        let tok = &doc.tokens[w.token.index()];
        let token_norm = tok.norm.slice(nlp);
        let glued = k > 0 && words[k - 1].token == w.token;
        let alone = !glued && words.get(k + 1).is_none_or(|n| n.token != w.token);
        lx::fold_into(&w.form, &mut buf);
        let mut item = Item {
            form: &w.form,
            folded: buf.clone(),
            span: w.span,
            kind: tok.kind,
            pos: w.pos,
            lemma: &w.lemma,
            glued,
            lex: None,
            def_lex: None,
            token_norm,
        };
        if tok.kind == TokenKind::Word {
            classify(&mut item);
            // A number word whose proclitic the segmenter left on
            // (`وخمسين`, `بالمئة`): cut it here, so the grammar sees `و` +
            // `خمسين` either way.
            if alone && item.lex.is_none() && item.def_lex.is_none() {
                if let Some((pro, rest)) = split_proclitic(doc.text(), &item) {
                    out.push(pro);
                    out.push(rest);
                    continue;
                }
            }
        }
        out.push(item);
    }
}

fn classify(item: &mut Item<'_>) {
    item.lex = lx::lookup(&item.folded);
    if item.lex.is_none() && item.form.starts_with("ال") {
        if let Some(rest) = item.folded.strip_prefix("ال") {
            item.def_lex = lx::lookup(rest);
        }
    }
}

/// `وخمسين` → `و` + `خمسين`, `وبثلاثة` → `وب` + `ثلاثة`, when what is left
/// is a number word or a percent word (`المئة`). The original span is cut
/// after the proclitic letters and the harakat or tatweel written on them.
fn split_proclitic<'d>(text: &str, item: &Item<'d>) -> Option<(Item<'d>, Item<'d>)> {
    let mut chars = item.folded.chars();
    let c0 = chars.next()?;
    let c1 = chars.next();
    if !PROCLITICS.contains(&c0) {
        return None;
    }
    // At most `و`/`ف` then `ب`/`ل`/`ك`.
    let two = matches!(c0, 'و' | 'ف') && c1.is_some_and(|c| matches!(c, 'ب' | 'ل' | 'ك'));
    for n in 1..=(1 + two as usize) {
        let cut_n: usize = item.folded.chars().take(n).map(char::len_utf8).sum();
        let rest = &item.folded[cut_n..];
        let form = item.form.get(cut_n..)?;
        let mut r = Item {
            form,
            folded: rest.to_string(),
            glued: true,
            ..item.clone()
        };
        classify(&mut r);
        let is_percent_word = matches!(rest, "المئة" | "المائة" | "المية");
        if r.lex.is_none() && r.def_lex.is_none() && !is_percent_word {
            continue;
        }
        // Find the same letters in the original, skipping marks after each.
        let orig = item.span.slice(text);
        let mut at = 0;
        let mut letters = item.form[..cut_n].chars();
        let mut want = letters.next();
        for (i, c) in orig.char_indices() {
            match want {
                Some(w) if c == w => {
                    at = i + c.len_utf8();
                    want = letters.next();
                }
                None if is_arabic_diacritic(c) || c == TATWEEL => at = i + c.len_utf8(),
                Some(_) if at > 0 && (is_arabic_diacritic(c) || c == TATWEEL) => at = i + c.len_utf8(),
                _ => break,
            }
        }
        if want.is_some() || at == 0 {
            return None; // presentation forms or the like: leave it whole
        }
        let at = item.span.start as usize + at;
        if at >= item.span.end as usize {
            return None;
        }
        let pro = Item {
            form: item.form.get(..cut_n)?,
            folded: item.folded[..cut_n].to_string(),
            span: Span::new(item.span.start as usize, at),
            pos: if n == 1 && matches!(c0, 'و' | 'ف') {
                Upos::CCONJ
            } else {
                Upos::ADP
            },
            lemma: "",
            lex: None,
            def_lex: None,
            ..item.clone()
        };
        r.span = Span::new(at, item.span.end as usize);
        r.pos = Upos::NUM;
        r.lemma = "";
        return Some((pro, r));
    }
    None
}

// ---------------------------------------------------------------- grammar

/// A number read from items `start..end`.
#[derive(Debug, Clone, Copy)]
struct Read {
    end: usize,
    value: f64,
    /// The last scale word's scale (1 when none): `2.5 مليون` → 1e6.
    scale: f64,
    /// The value before that scale (`2.5`), for range halves that share
    /// one scale word (`بين 10 و15 ألفا`).
    mantissa: f64,
    digits: bool,
    vague: bool,
    /// A bare four-digit integer (`2016`): maybe a year.
    four_digits: bool,
    /// A number word for 1 or 2 standing alone (`واحد`, `اثنين`).
    one_or_two: bool,
}

fn arabic_comma_decimal(items: &[Item<'_>], p: usize) -> Option<f64> {
    let (c, b) = (items.get(p + 1)?, items.get(p + 2)?);
    if !(c.is("،") && b.is_number_token() && adjacent(items, p, p + 1) && adjacent(items, p + 1, p + 2)) {
        return None;
    }
    let (int, frac) = (items[p].token_norm, b.token_norm);
    if !int.bytes().all(|x| x.is_ascii_digit()) || !frac.bytes().all(|x| x.is_ascii_digit()) {
        return None;
    }
    format!("{int}.{frac}").parse().ok()
}

fn lex_at(items: &[Item<'_>], i: usize) -> Option<Lex> {
    items.get(i).and_then(|it| it.lex)
}

fn is_conj(items: &[Item<'_>], i: usize) -> bool {
    items.get(i).is_some_and(|it| it.is("و"))
}

/// 1–99 in words: `خمسة`, `خمسة عشر`, `خمسة وعشرون`, `عشرون`, `أحد عشر`.
fn below_hundred(items: &[Item<'_>], p: usize) -> Option<(usize, f64)> {
    match lex_at(items, p)? {
        Lex::Unit(u) => {
            if lex_at(items, p + 1) == Some(Lex::Ten) {
                Some((p + 2, u as f64 + 10.0))
            } else if is_conj(items, p + 1) {
                match lex_at(items, p + 2) {
                    Some(Lex::Tens(t)) => Some((p + 3, (u + t) as f64)),
                    _ => Some((p + 1, u as f64)),
                }
            } else {
                Some((p + 1, u as f64))
            }
        }
        Lex::Ahad => (lex_at(items, p + 1) == Some(Lex::Ten)).then_some((p + 2, 11.0)),
        Lex::Ten => Some((p + 1, 10.0)),
        Lex::Tens(t) => Some((p + 1, t as f64)),
        _ => None,
    }
}

/// 1–999 in words, or a vague word: `ثلاثمائة وخمسون`, `ثلاث مئة`, `عشرات`.
/// Returns the end, the value, and whether it is vague.
fn group(items: &[Item<'_>], p: usize) -> Option<(usize, f64, bool)> {
    let (q, hundreds) = match lex_at(items, p)? {
        Lex::Hundreds { value, .. } => (p + 1, value as f64),
        Lex::Unit(u) if u >= 3 && matches!(lex_at(items, p + 1), Some(Lex::Hundreds { single: true, .. })) => {
            (p + 2, u as f64 * 100.0)
        }
        Lex::Vague(v) => {
            // `بضعة عشر`: "ten and a few", at least 13.
            if v == 3.0 && lex_at(items, p + 1) == Some(Lex::Ten) {
                return Some((p + 2, 13.0, true));
            }
            return Some((p + 1, v, true));
        }
        _ => return below_hundred(items, p).map(|(q, v)| (q, v, false)),
    };
    if is_conj(items, q) {
        if let Some((r, v)) = below_hundred(items, q + 1) {
            return Some((r, hundreds + v, false));
        }
    }
    Some((q, hundreds, false))
}

/// A number up to its last scale word: `150 ألف`, `ثلاثة ملايين`,
/// `عشرات الآلاف`, `نصف مليون`, `مليون`.
fn chunk(items: &[Item<'_>], p: usize) -> Option<Read> {
    let it = items.get(p)?;
    let mut read = Read {
        end: p,
        value: 0.0,
        scale: 1.0,
        mantissa: 0.0,
        digits: false,
        vague: false,
        four_digits: false,
        one_or_two: false,
    };
    let mut base: Option<f64> = None;
    let mut needs_scale = false;
    if it.is_number_token() {
        match digits::read(it.token_norm) {
            Digits::Value { value, four_digits } => {
                base = Some(value);
                read.digits = true;
                read.four_digits = four_digits;
                read.end = p + 1;
                // `3،5`: the Arabic comma glued between digits is a decimal
                // comma (the tokenizer keeps it apart as punctuation).
                if let Some(v) = arabic_comma_decimal(items, p) {
                    base = Some(v);
                    read.four_digits = false;
                    read.end = p + 3;
                }
            }
            _ => return None,
        }
    } else if let Some((q, v, vague)) = group(items, p) {
        base = Some(v);
        read.vague = vague;
        read.one_or_two = q == p + 1 && matches!(it.lex, Some(Lex::Unit(1 | 2)));
        read.end = q;
    } else if let Some(Lex::Fraction(f)) = it.lex {
        base = Some(f);
        needs_scale = true;
        read.end = p + 1;
    } else if let Some(Lex::Vague(v)) = it.def_lex {
        // `العشرات`, `المئات` ("the tens/hundreds of").
        if v < 20.0 {
            return None;
        }
        base = Some(v);
        read.vague = true;
        read.end = p + 1;
    }
    // Scale words: `ألف`, `ملايين`; after a vague word also with the
    // article (`عشرات الآلاف`, "tens of thousands").
    let mut cur = base;
    while let Some(next) = items.get(read.end) {
        let lex = match (next.lex, next.def_lex) {
            (Some(l @ Lex::Scale { .. }), _) => l,
            (None, Some(l @ Lex::Scale { count: 0, .. })) if cur.is_none() || read.vague => l,
            _ => break,
        };
        let Lex::Scale { scale, count } = lex else {
            unreachable!()
        };
        // `ثلاثة وألف` is two numbers; `بألفين` alone is one.
        if next.glued && cur.is_some() {
            break;
        }
        match cur {
            None => {
                if count == 0 {
                    read.vague = true;
                }
                read.mantissa = if count == 0 {
                    lx::VAGUE_PLURAL_COUNT
                } else {
                    count as f64
                };
                cur = Some(read.mantissa * scale);
            }
            Some(c) if c < scale || read.digits => {
                read.mantissa = c;
                // `4.1 مليون` is 4100000, not 4099999.9999999995.
                let x = c * scale;
                cur = Some(if (x - x.round()).abs() < 1e-6 * x.abs() {
                    x.round()
                } else {
                    x
                });
            }
            Some(_) => break,
        }
        read.scale = scale;
        read.end += 1;
        read.four_digits = false;
        read.one_or_two = false;
    }
    if needs_scale && read.scale == 1.0 {
        return None;
    }
    read.value = cur?;
    if read.scale == 1.0 {
        read.mantissa = read.value;
    }
    Some(read)
}

/// A whole number: chunks joined by `و` in falling scale (`ثلاثة ملايين
/// وخمسمائة ألف`, `ألف وخمسمائة`, `3 مليارات و500 مليون`, `مليون ونصف`).
fn number(items: &[Item<'_>], p: usize) -> Option<Read> {
    let mut read = chunk(items, p)?;
    while read.scale > 1.0 && is_conj(items, read.end) {
        let q = read.end + 1;
        if let Some(Lex::Fraction(f)) = lex_at(items, q) {
            if !matches!(lex_at(items, q + 1), Some(Lex::Scale { .. })) {
                read.value += f * read.scale;
                read.end = q + 1;
                // `مليارين ونصف المليار` ("two and a half billion"): the
                // scale word again, with the article, is the fraction's.
                let again = items.get(q + 1).is_some_and(|it| {
                    !it.glued
                        && it.folded.strip_prefix("ال").and_then(lx::lookup).is_some_and(|l| matches!(l, Lex::Scale { scale, .. } if scale == read.scale))
                });
                if again {
                    read.end = q + 2;
                }
                break;
            }
        }
        let Some(next) = chunk(items, q) else { break };
        // Digits after `و` only continue with their own, smaller scale
        // word; otherwise `10 آلاف و15` is two numbers.
        let fits = next.value < read.scale && next.scale < read.scale && (!next.digits || next.scale > 1.0);
        if !fits || next.vague {
            break;
        }
        read.value += next.value;
        read.end = next.end;
        read.scale = next.scale;
        read.vague |= next.vague;
        if next.scale == 1.0 {
            break;
        }
    }
    Some(read)
}

/// A percent marker at `p`: `%`, `في المئة`, `بالمئة`; returns its end.
fn percent_at(items: &[Item<'_>], p: usize) -> Option<usize> {
    let it = items.get(p)?;
    if it.is("%") || it.is("٪") {
        return Some(p + 1);
    }
    let hundred = |i: usize| {
        items
            .get(i)
            .is_some_and(|x| matches!(x.folded.as_str(), "المئة" | "المائة" | "المية"))
    };
    if (it.is("في") || it.is("ب")) && hundred(p + 1) {
        return Some(p + 2);
    }
    if matches!(it.folded.as_str(), "بالمئة" | "بالمائة" | "بالمية") {
        return Some(p + 1);
    }
    None
}

/// The span of the whole token item `q` starts (its words up to the next
/// token).
fn token_span(items: &[Item<'_>], q: usize) -> Span {
    let mut end = items[q].span.end;
    let mut k = q + 1;
    while k < items.len() && items[k].glued {
        end = items[k].span.end;
        k += 1;
    }
    Span::new(items[q].span.start as usize, end as usize)
}

fn adjacent(items: &[Item<'_>], a: usize, b: usize) -> bool {
    items[a].span.end == items[b].span.start
}

/// The counted noun at `q`, as (lemma, span).
fn unit_at(items: &[Item<'_>], q: usize, allow_definite: bool) -> Option<(String, Span)> {
    let it = items.get(q)?;
    // The segmenter may cut a currency as if it had a pronoun (`جنيها` →
    // `جني` + `ها`): read the whole token first.
    if !it.glued && it.kind == TokenKind::Word && it.token_norm.len() > it.form.len() {
        let mut f = String::new();
        lx::fold_into(it.token_norm, &mut f);
        if let Some(c) = lx::currency(&f) {
            return Some((c.to_string(), token_span(items, q)));
        }
    }
    if let Some(c) = lx::currency(&it.folded) {
        if it.kind == TokenKind::Word || it.kind == TokenKind::Symbol {
            return Some((c.to_string(), it.span));
        }
    }
    if it.kind != TokenKind::Word || it.glued {
        return None;
    }
    // A partitive `من`: `عشرات من الجرحى` ("tens of the wounded"), `12 من
    // عناصر الحزب` ("12 of the party's members").
    if it.is("من") {
        let n = items.get(q + 1)?;
        if !n.glued && !n.is("من") {
            return unit_at(items, q + 1, true);
        }
        return None;
    }
    // `118 عام 2001`: the year word belongs to the next number.
    if lx::is_year_word(&it.folded) && items.get(q + 1).is_some_and(|x| x.is_number_token()) {
        return None;
    }
    // A past-tense plural verb taken for a noun (`رفضوا`, "they refused");
    // three letters or more before `وا`, so `عضوا` ("member", acc.) stays.
    if it
        .folded
        .strip_suffix("وا")
        .is_some_and(|stem| stem.chars().count() >= 3)
    {
        return None;
    }
    // X: words the tagger does not know, mostly nouns (`سجينا`).
    if !matches!(it.pos, Upos::NOUN | Upos::ADJ | Upos::X) {
        return None;
    }
    if it.lex.is_some() || it.def_lex.is_some() || lx::is_not_unit(&it.folded) || lx::is_month(&it.folded) {
        return None;
    }
    if it.definite() && !allow_definite {
        return None;
    }
    Some((unit_name(it), it.span))
}

/// The lemma of a counted noun, or failing that its form without the
/// article and the accusative alef (`قتيلا` → `قتيل`).
fn unit_name(it: &Item<'_>) -> String {
    let analyzed = it.pos != Upos::X && it.lemma != it.form;
    if analyzed && !it.lemma.is_empty() && it.lemma.chars().all(crate::text::chars::is_arabic_letter) {
        return it.lemma.to_string();
    }
    let mut s: &str = it.form;
    if let Some(r) = s.strip_prefix("ال").filter(|r| r.chars().count() >= 2) {
        s = r;
    }
    if s.chars().count() > 2 && s.ends_with('ا') && !s[..s.len() - 2].ends_with('ا') {
        s = &s[..s.len() - 2];
    }
    s.to_string()
}

/// The calendar-year marker used as a unit: not a lemma, so that `عام
/// 2016` ("the year 2016") never reads as "2016 years" (`2016 عاما`).
pub const YEAR: &str = "year";

/// Read every number of one sentence's items into `out`.
pub(crate) fn scan(items: &[Item<'_>], out: &mut Vec<Number>) {
    let n = items.len();
    let mut i = 0;
    while i < n {
        i = match one(items, i, out) {
            Some(next) => next.max(i + 1),
            None => i + 1,
        };
    }
}

fn folded_at<'a>(items: &'a [Item<'_>], i: usize) -> &'a str {
    items.get(i).map_or("", |x| x.folded.as_str())
}

/// Try a number starting at `i`; returns where to go on, `None` when
/// nothing starts here.
fn one(items: &[Item<'_>], i: usize, out: &mut Vec<Number>) -> Option<usize> {
    let it = &items[i];
    let prev = if i > 0 { Some(&items[i - 1]) } else { None };
    let prev_f = prev.map_or("", |p| p.folded.as_str());

    // Defined units after a defined noun: `الأيام الثلاثة` ("the three days").
    let def_unit = match it.def_lex {
        Some(Lex::Unit(u @ 3..=9)) => Some(u),
        Some(Lex::Ten) => Some(10),
        _ => None,
    };
    if let Some(u) = def_unit {
        let p = prev?;
        if !it.glued && p.definite() && matches!(p.pos, Upos::NOUN) && p.lex.is_none() && p.def_lex.is_none() {
            out.push(Number {
                span: it.span,
                value: u as f64,
                high: None,
                unit: Some(unit_name(p)),
                unit_span: Some(p.span),
            });
            return Some(i + 1);
        }
        return None;
    }

    // A range in one token: `10-15`.
    if it.is_number_token() {
        match digits::read(it.token_norm) {
            Digits::Date | Digits::Other => return Some(i + 1),
            Digits::Range(a, b) => {
                let mut num = Number {
                    span: it.span,
                    value: a,
                    high: Some(b),
                    unit: None,
                    unit_span: None,
                };
                let mut end = i + 1;
                if let Some(e) = percent_at(items, end) {
                    num.span.end = items[e - 1].span.end;
                    num.unit = Some("%".into());
                    num.unit_span = Some(Span::new(
                        items[end].span.start as usize,
                        items[e - 1].span.end as usize,
                    ));
                    end = e;
                } else if (1900.0..=2100.0).contains(&a) && a.fract() == 0.0 && unit_at(items, end, false).is_none() {
                    num.unit = Some(YEAR.into());
                    if lx::is_year_word(prev_f) {
                        num.unit_span = prev.map(|p| p.span);
                    }
                } else if let Some((u, s)) = unit_at(items, end, false) {
                    num.unit = Some(u);
                    num.unit_span = Some(s);
                }
                out.push(num);
                return Some(end);
            }
            Digits::Value { .. } => {}
        }
        // Clock time `10:30`: both halves are no quantity.
        if folded_at(items, i + 1) == ":"
            && items.get(i + 2).is_some_and(|x| x.is_number_token())
            && adjacent(items, i, i + 1)
            && adjacent(items, i + 1, i + 2)
        {
            return Some(i + 3);
        }
        if lx::is_label_word(prev_f) {
            return Some(i + 1);
        }
        // A list marker at the start of a sentence: `1- ...`, `2) ...`.
        if i == 0 && matches!(folded_at(items, 1), "-" | ")") && items.get(2).is_some_and(|x| x.kind == TokenKind::Word)
        {
            return Some(i + 2);
        }
    }

    let a = number(items, i)?;
    if a.one_or_two {
        // `واحد`/`اثنان` alone count the noun before them (`شخص واحد`,
        // "one person"); elsewhere `واحد` is a pronoun ("one of").
        let p = prev?;
        if !it.glued && p.kind == TokenKind::Word && p.pos == Upos::NOUN && p.lex.is_none() && !p.glued {
            out.push(Number {
                span: it.span,
                value: a.value,
                high: None,
                unit: Some(unit_name(p)),
                unit_span: Some(p.span),
            });
            return Some(a.end);
        }
        return None;
    }
    // Day of a month: `15 تموز`, `17 الشهر الجاري`, `يوم 28`, `26 من
    // الشهر المقبل`; not a quantity.
    if a.digits && a.scale == 1.0 && a.value.fract() == 0.0 && (1.0..=31.0).contains(&a.value) {
        let next = folded_at(items, a.end);
        let month_word = |f: &str| matches!(f, "الشهر" | "شهر" | "الجاري" | "الحالي");
        if lx::is_month(next)
            || month_word(next)
            || prev_f == "يوم"
            || (next == "من" && month_word(folded_at(items, a.end + 1)))
        {
            return Some(a.end + 1);
        }
    }

    let mut num = Number {
        span: Span::new(it.span.start as usize, items[a.end - 1].span.end as usize),
        value: a.value,
        high: None,
        unit: None,
        unit_span: None,
    };
    let mut end = a.end;
    let mut percent: Option<Span> = None;
    if let Some(e) = percent_at(items, end) {
        percent = Some(Span::new(
            items[end].span.start as usize,
            items[e - 1].span.end as usize,
        ));
        end = e;
    }

    // The second half of a range.
    let mut b_read: Option<Read> = None;
    let pprev_f = if i > 1 { items[i - 2].folded.as_str() } else { "" };
    let after_bayn = prev_f == "بين" || (lx::is_year_word(prev_f) && pprev_f == "بين");
    let dash = a.digits
        && matches!(folded_at(items, end), "-" | "–")
        && items.get(end + 1).is_some_and(|x| x.is_number_token());
    let ila = matches!(folded_at(items, end), "الي" | "حتي") && !change_verb_before(items, i);
    let b_start = ((after_bayn && is_conj(items, end)) || dash || ila).then_some(end + 1);
    if let Some(bs) = b_start {
        if let Some(b) = number(items, bs) {
            let mut low = a.value;
            // `بين 10 و15 ألفا`: one scale word for both halves.
            if a.scale == 1.0 && b.scale > 1.0 && a.value <= b.mantissa {
                low = a.value * b.scale;
            }
            // A year only ranges to a year (`من 1995 إلى 623 مليون` is not one).
            let years_agree = (a.four_digits && a.value >= 1000.0) == (b.four_digits && b.value >= 1000.0);
            if b.value > low && !b.one_or_two && years_agree {
                num.value = low;
                num.high = Some(b.value);
                num.span.end = items[b.end - 1].span.end;
                end = b.end;
                if let Some(e) = percent_at(items, end) {
                    percent = Some(Span::new(
                        items[end].span.start as usize,
                        items[e - 1].span.end as usize,
                    ));
                    end = e;
                }
                b_read = Some(b);
            }
        }
    }
    if let Some(ps) = percent {
        num.span.end = ps.end;
        num.unit = Some("%".into());
        num.unit_span = Some(ps);
        out.push(num);
        return Some(end);
    }

    let vague = a.vague || b_read.is_some_and(|b| b.vague);
    let four = a.four_digits && b_read.is_none_or(|b| b.four_digits);
    // Currency sign before the number: `$50`.
    if let Some(p) = prev {
        if p.kind == TokenKind::Symbol && adjacent(items, i - 1, i) {
            if let Some(c) = lx::currency(&p.folded) {
                num.unit = Some(c.into());
                num.unit_span = Some(p.span);
                out.push(num);
                return Some(end);
            }
        }
    }
    let integer = a.digits && a.scale == 1.0 && num.value.fract() == 0.0 && (1.0..=2100.0).contains(&num.value);
    if integer && lx::is_year_word(prev_f) {
        // `عام 2016`, and the short `عام 82` too.
        num.unit = Some(YEAR.into());
        num.unit_span = prev.map(|p| p.span);
        out.push(num);
        return Some(end);
    }
    if four {
        if lx::is_year_word(prev_f) {
            num.unit = Some(YEAR.into());
            num.unit_span = prev.map(|p| p.span);
            out.push(num);
            return Some(end);
        }
        if lx::is_era_mark(folded_at(items, end)) {
            num.unit = Some(YEAR.into());
            num.unit_span = Some(items[end].span);
            out.push(num);
            return Some(end + 1);
        }
    }
    if let Some((u, s)) = unit_at(items, end, vague) {
        num.unit = Some(u);
        num.unit_span = Some(s);
    } else if it.is("عدة") && a.end == i + 1 {
        // `زيارات عدة` ("several visits"): `عدة` after its plural noun.
        if let Some(p) =
            prev.filter(|p| !p.glued && !p.definite() && matches!(p.pos, Upos::NOUN | Upos::X) && p.lex.is_none())
        {
            num.unit = Some(unit_name(p));
            num.unit_span = Some(p.span);
        }
    } else if four && (1900.0..=2100.0).contains(&num.value) {
        num.unit = Some(YEAR.into());
    }
    out.push(num);
    Some(end)
}

fn change_verb_before(items: &[Item<'_>], i: usize) -> bool {
    let mut buf = String::new();
    items[i.saturating_sub(5)..i].iter().any(|x| {
        x.pos == Upos::VERB && {
            lx::fold_into(x.lemma, &mut buf);
            lx::is_change_verb(&buf) || lx::is_change_verb(&x.folded)
        }
    })
}
