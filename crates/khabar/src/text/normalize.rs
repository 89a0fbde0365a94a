//! The three normalization levels, all offset-preserving.

use super::aligned::{AlignedBuilder, AlignedText};
use super::chars::*;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// How far to normalize. Each level includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// NFC; Arabic presentation forms and ligatures expanded (`ﻻ`→`لا`,
    /// `ﷲ`→`الله`); zero-width and bidi control characters dropped. What a
    /// person should see.
    Display,
    /// Display, plus harakat and tatweel removed, Arabic-Indic and Persian
    /// digits to ASCII (`٢٠١٦`→`2016`, `٫`→`.`, `٬`→`,`, `٪`→`%`), Persian
    /// `ک ی` to Arabic `ك ي`. What the models see. Hamza and ta marbuta kept.
    Nlp,
    /// Nlp, plus alef variants `أ إ آ ٱ`→`ا`, `ى`→`ي`, ASCII lower case, and
    /// (see [`SearchOptions`]) optionally `ة`→`ه`. Lossy: for search keys
    /// only. Hamza seats `ؤ ئ` are kept.
    Search,
}

/// Options of the search level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchOptions {
    /// Fold ta marbuta `ة` to `ه` (`مدرسة` and `مدرسه` meet).
    pub fold_ta_marbuta: bool,
}

/// Normalize `text` to `level`, keeping the alignment to the original.
///
/// ```
/// use khabar::text::{normalize, Level};
/// // "the Arab League" with harakat, tatweel, and Arabic-Indic digits:
/// let n = normalize("الجَامِعَـة العربية ٢٠١٦", Level::Nlp);
/// assert_eq!(n.as_str(), "الجامعة العربية 2016");
/// ```
pub fn normalize(text: &str, level: Level) -> AlignedText {
    normalize_with(text, level, SearchOptions::default())
}

/// [`normalize`] with explicit search options.
pub fn normalize_with(text: &str, level: Level, opts: SearchOptions) -> AlignedText {
    let mut b = AlignedBuilder::with_capacity(text.len());
    normalize_range(text, 0..text.len(), level, opts, &mut b);
    let first = b.finish(text.len());
    // Markup left by scraping (`<p>`, `&nbsp;`) is not text: a tag becomes
    // a space, a character reference its character (see [`markup_at`]).
    // It is looked for in the normalized text, so that what the level
    // drops or maps (harakat, controls, digits) cannot hide markup from
    // this pass and show it to the next.
    if first.as_str().contains(['<', '&']) {
        strip_markup(first, level, opts)
    } else {
        first
    }
}

/// [`normalize_with`]'s second step: the markup of the normalized `t`
/// replaced, the map composed back to the original.
fn strip_markup(t: AlignedText, level: Level, opts: SearchOptions) -> AlignedText {
    let s = t.as_str();
    let bytes = s.as_bytes();
    let mut marks: Vec<(usize, usize, char)> = Vec::new();
    // Between a `<` that is not itself a tag and the next `>`, no tag is
    // replaced: removing one inside (`<a<p>>`) would make a tag of the
    // outer `<…>` for a second pass. References inside are replaced: none
    // stands for a letter, white space, `/`, `!`, `-`, `=`, `<` or `>`, so
    // none can complete a tag (`<b&nbsp;>`, `<&#47;b>`).
    let mut open = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' | b'&' if !(open && bytes[i] == b'<') => {
                if let Some((end, c)) = markup_at(s, i) {
                    marks.push((i, end, c));
                    i = end;
                    continue;
                }
                // Only a `<` that a tag could start from: `< 5` cannot.
                if bytes[i] == b'<' && bytes.get(i + 1).is_some_and(|&c| matches!(c, b'/' | b'!') || c.is_ascii_alphabetic()) {
                    open = true;
                }
            }
            b'>' => open = false,
            _ => {}
        }
        i += 1;
    }
    if marks.is_empty() {
        return t;
    }
    let pieces: Vec<_> = t.pieces().collect();
    // Regions to rewrite: each mark, widened over any piece that maps as a
    // block (a recomposed word), with the marks it then meets. A region
    // keeps its text that is not markup and maps as one block.
    let mut regions: Vec<(usize, usize)> = Vec::new();
    let mut p = 0;
    for &(ms, me, _) in &marks {
        let (mut a, mut z) = (ms, me);
        while p < pieces.len() && pieces[p].0.end <= a {
            p += 1;
        }
        let mut k = p;
        while k < pieces.len() && pieces[k].0.start < z {
            if !pieces[k].2 {
                a = a.min(pieces[k].0.start);
                z = z.max(pieces[k].0.end);
            }
            k += 1;
        }
        match regions.last_mut() {
            Some(last) if a < last.1 => last.1 = last.1.max(z),
            _ => regions.push((a, z)),
        }
    }
    let mut b = AlignedBuilder::with_capacity(s.len());
    // The kept text `from..to` with its own map; ranges come in order, so
    // the pieces are walked once.
    let mut next = 0;
    let mut emit_kept = |b: &mut AlignedBuilder, from: usize, to: usize| {
        while next < pieces.len() && pieces[next].0.end <= from {
            next += 1;
        }
        let mut k = next;
        while k < pieces.len() && pieces[k].0.start < to {
            let (n, o, linear) = &pieces[k];
            let (x, y) = (from.max(n.start), to.min(n.end));
            if x < y {
                if *linear {
                    b.copy(&s[x..y], o.start + (x - n.start));
                } else {
                    b.replace_whole(&s[x..y], o.clone());
                }
            }
            k += 1;
        }
    };
    let mut keep_from = 0;
    let mut m = 0;
    let mut out = String::new();
    for (a, z) in regions {
        emit_kept(&mut b, keep_from, a);
        out.clear();
        let mut pos = a;
        while m < marks.len() && marks[m].0 < z {
            let (ms, me, c) = marks[m];
            out.push_str(&s[pos..ms]);
            push_mapped_letter(c, level, opts, &mut out);
            pos = me;
            m += 1;
        }
        out.push_str(&s[pos..z]);
        let orig = t.to_original(crate::Span::new(a, z));
        b.replace_whole(&out, orig.start as usize..orig.end as usize);
        keep_from = z;
    }
    emit_kept(&mut b, keep_from, s.len());
    b.finish(t.original_len())
}

/// HTML markup at byte `i` of `text`: its end and what it stands for. A
/// tag (`<p>`, `</div>`, `<br/>`, `<a href="…">`, a comment) stands for a
/// space, and so does a whole `<script>` or `<style>` block; a character
/// reference for its character (`&nbsp;` a no-break space,
/// `&laquo;` `«`, `&#1605;` `م`). References to `<`, `>` and `&`
/// themselves, to marks and to controls are left as text, and marks
/// written right after a reference go with it, so that what
/// comes out holds no new markup and normalizing it again changes
/// nothing. [`normalize_with`] also leaves alone a tag written inside an
/// unclosed one (`<a<p>>`), whose removal would close the outer one.
///
/// ```
/// use khabar::text::{normalize, Level};
/// // "<p>Beirut&nbsp;- the minister said</p>"
/// let n = normalize("<p>بيروت&nbsp;- قال الوزير</p>", Level::Nlp);
/// assert_eq!(n.as_str(), " بيروت\u{a0}- قال الوزير ");
/// ```
pub fn markup_at(text: &str, i: usize) -> Option<(usize, char)> {
    let rest = text.get(i..).filter(|r| r.starts_with(['<', '&']))?;
    let b = rest.as_bytes();
    // Within a window, so that unclosed markup repeated costs no more
    // than linear time.
    let find = |from: usize, needle: &[u8], window: usize| {
        let hay = &b[from.min(b.len())..(from + window).min(b.len())];
        hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|k| from + k)
    };
    if b[0] == b'<' {
        if rest.starts_with("<!--") {
            return find(4, b"-->", 4096).map(|k| (i + k + 3, ' '));
        }
        // `<` `/`? letter, a name of letters and digits, then the end of
        // the name: white space, `/` or `>`; then anything but `<` up to
        // `>`, within a bound.
        let mut k = 1 + (b.get(1) == Some(&b'/')) as usize;
        if !b.get(k).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        while b.get(k).is_some_and(u8::is_ascii_alphanumeric) {
            k += 1;
        }
        if !matches!(b.get(k), Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')) {
            return None;
        }
        let close = b.iter().take(1024).position(|&c| c == b'>')?;
        if b[1..close].contains(&b'<') {
            return None;
        }
        // A script or a style block is code, not text: up to its end tag.
        let name = &rest[1..k];
        for (block, end_tag) in [("script", &b"</script"[..]), ("style", &b"</style"[..])] {
            if name.eq_ignore_ascii_case(block) {
                if let Some(at) = find(close + 1, end_tag, 1 << 16) {
                    if let Some(gt) = find(at, b">", 1024) {
                        return Some((i + gt + 1, ' '));
                    }
                }
            }
        }
        return Some((i + close + 1, ' '));
    }
    // `&name;` or `&#digits;` / `&#xhex;`.
    let semi = b.iter().take(12).position(|&c| c == b';')?;
    let name = &rest[1..semi];
    let c = if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() => u32::from_str_radix(hex, 16).ok()?,
            _ if !num.is_empty() && num.bytes().all(|d| d.is_ascii_digit()) => num.parse().ok()?,
            _ => return None,
        };
        let c = char::from_u32(v)?;
        // Never a Latin letter, a digit, a character some level drops
        // (tatweel) or `< > & ; # / - ! =`, which could make new markup with
        // the text around (`&n&#98;sp;`, `<!-&#45;`).
        let plain = (c.is_ascii_punctuation() && !matches!(c, '<' | '>' | '&' | ';' | '#' | '/' | '-' | '!' | '='))
            || (('\u{0621}'..='\u{064A}').contains(&c) && c != TATWEEL)
            || matches!(c, '،' | '؛' | '؟' | '«' | '»' | '“' | '”' | '‘' | '’' | '–' | '—' | '…');
        if c == '\u{00A0}' {
            c
        } else if plain {
            c
        } else {
            return None;
        }
    } else {
        match name {
            // A no-break space, not an ASCII one, which could end a tag's
            // name (`<b&nbsp;>`) for a second pass.
            "nbsp" | "ensp" | "emsp" | "thinsp" => '\u{00A0}',
            "quot" => '"',
            "apos" => '\'',
            "laquo" => '«',
            "raquo" => '»',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            _ => return None,
        }
    };
    // Marks written after a reference go with it: kept, they would join
    // the character it stands for on a second pass (`&#1575;` + hamza
    // above is `أ`).
    let mut end = i + semi + 1;
    for m in text[end..].chars() {
        if unicode_normalization::char::canonical_combining_class(m) == 0 && !composes_backwards(m) {
            break;
        }
        end += m.len_utf8();
    }
    Some((end, c))
}

/// The normalization of `text[range]`, markup-free, appended to `b`.
fn normalize_range(text: &str, range: std::ops::Range<usize>, level: Level, opts: SearchOptions, b: &mut AlignedBuilder) {
    // NFC cannot compose across ASCII whitespace, so each whitespace-delimited
    // chunk is checked on its own and only the rare chunk that is not
    // quickly known to be NFC takes the slow path.
    // A chunk also ends before `<` and after `>` (unless U+0338 follows,
    // which composes with it): no composition crosses there, and a
    // recomposed word then never takes in markup, which must stay apart.
    let bytes = &text.as_bytes()[..range.end];
    let mut start = range.start;
    while start < bytes.len() {
        let mut end = bytes.len();
        for (k, &c) in bytes[start..].iter().enumerate() {
            let at = start + k;
            if c.is_ascii_whitespace() {
                end = at + 1;
                break;
            }
            if c == b'<' && at > start {
                end = at;
                break;
            }
            // (`>` composes with one mark only: U+0338, into `≯`.)
            if c == b'>' && at + 1 < bytes.len() && !text[at + 1..].starts_with('\u{338}') {
                end = at + 1;
                break;
            }
        }
        let chunk = &text[start..end];
        if surely_nfc(chunk) {
            map_chars(text, start..end, level, opts, b);
        } else {
            // Other white space (a no-break space) does not end a chunk
            // above but must not join a recomposed block either: the slow
            // path takes the pieces between such spaces one by one.
            let mut a = start;
            for (k, c) in chunk.char_indices() {
                if c.is_whitespace() && !c.is_ascii() {
                    let e = start + k + c.len_utf8();
                    slow_chunk(text, a..e, level, opts, b);
                    a = e;
                }
            }
            if a < end {
                slow_chunk(text, a..end, level, opts, b);
            }
        }
        start = end;
    }
}

/// The slow path over `text[range]`, a chunk that may not be NFC: see
/// [`normalize_with`].
fn slow_chunk(text: &str, range: std::ops::Range<usize>, level: Level, opts: SearchOptions, b: &mut AlignedBuilder) {
    let (start, end) = (range.start, range.end);
    let chunk = &text[start..end];
    let mark = b.mark();
    if !chunk.chars().any(|c| is_invisible_control(c) || is_arabic_presentation_form(c))
        && matches!(is_nfc_quick(chunk.chars()), IsNormalized::Yes)
    {
        map_chars(text, start..end, level, opts, b);
    } else {
        normalize_unnormalized(text, start..end, level, opts, b);
    }
    // Dropping a character (a tatweel between two marks) can leave
    // marks out of canonical order or free to compose: then the
    // chunk is recomposed and maps as one block.
    let out = &b.as_str()[mark_len(&mark)..];
    if !unicode_normalization::is_nfc(out) {
        // White space at either end of the chunk (the ASCII
        // delimiter, and other white space such as a no-break
        // space, which does not end a chunk) stays a plain copy, so
        // the block never swallows the space around a word.
        let same_ws = |c: &str, o: &str| if !c.is_empty() && o.len() >= c.len() { c.len() } else { 0 };
        let c_tail = &chunk[chunk.trim_end_matches(char::is_whitespace).len()..];
        let tail = if out.ends_with(c_tail) { same_ws(c_tail, out) } else { 0 };
        let c_head = &chunk[..chunk.len() - chunk.trim_start_matches(char::is_whitespace).len()];
        let head = if out.starts_with(c_head) && c_head.len() + tail < out.len() { same_ws(c_head, out) } else { 0 };
        let core = &out[head..out.len() - tail];
        let (core_start, core_end) = (start + head, end - tail);
        let fixed: String = core.nfc().collect();
        b.rewind(mark);
        if head > 0 {
            b.copy(&text[start..core_start], start);
        }
        b.replace_whole(&fixed, core_start..core_end);
        if tail > 0 {
            b.copy(&text[core_end..end], core_end);
        }
    }
}

fn mark_len(m: &super::aligned::BuilderMark) -> usize {
    m.text_len()
}

/// A cheap test that covers almost all Arabic news text: ASCII and the
/// Arabic block compose with nothing, except the madda/hamza marks
/// `U+0653..=U+0655` and runs of two or more marks (which NFC may reorder,
/// e.g. shadda after fatha).
#[inline]
fn surely_nfc(chunk: &str) -> bool {
    let mut prev_mark = false;
    for c in chunk.chars() {
        if c.is_ascii() {
            prev_mark = false;
            continue;
        }
        if !('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{0653}'..='\u{0655}').contains(&c) || c == '\u{061C}' {
            return false;
        }
        let mark = is_arabic_diacritic(c);
        if mark && prev_mark {
            return false;
        }
        prev_mark = mark;
    }
    true
}

/// Slow path: cut the text into clusters (a starter and the combining marks
/// after it, with any invisible controls among them), and for each cluster
/// that needs it: drop the controls and expand presentation forms first (so
/// a mark meets its base: `ا` + ZWSP + hamza above is `أ`), then NFC, then
/// the level's mapping. The output of a rebuilt cluster maps to the
/// cluster's whole original range. Doing it in this order is what makes
/// normalization idempotent.
fn normalize_unnormalized(text: &str, range: std::ops::Range<usize>, level: Level, opts: SearchOptions, b: &mut AlignedBuilder) {
    let is_mark = |c: char| unicode_normalization::char::canonical_combining_class(c) != 0 || composes_backwards(c);
    let mut start = range.start;
    while start < range.end {
        let first = text[start..].chars().next().expect("in range");
        let mut end = start + first.len_utf8();
        // Take the marks after the starter, and invisible controls only
        // where a mark follows them (so they stand between base and mark);
        // trailing controls are left to the fast path, which drops them
        // without blurring the letter's mapping.
        'cluster: while end < range.end {
            let mut k = end;
            for c in text[end..range.end].chars() {
                if is_invisible_control(c) {
                    k += c.len_utf8();
                    continue;
                }
                if is_mark(c) {
                    end = k + c.len_utf8();
                    continue 'cluster;
                }
                break;
            }
            break;
        }
        let cluster = &text[start..end];
        let needs_rebuild = cluster.chars().any(|c| is_invisible_control(c) || is_arabic_presentation_form(c))
            || !matches!(is_nfc_quick(cluster.chars()), IsNormalized::Yes);
        if needs_rebuild {
            let mut pre = String::with_capacity(cluster.len());
            for c in cluster.chars() {
                if is_invisible_control(c) {
                    continue;
                }
                if is_arabic_presentation_form(c) {
                    // A haraka's isolated or medial form (`ﹰ` is a space and
                    // fathatan, `ﹱ` a tatweel and fathatan) is only a haraka:
                    // at the levels that drop harakat, its space or tatweel
                    // goes too, or a token would hold a space.
                    if level >= Level::Nlp && std::iter::once(c).nfkc().all(|d| d == ' ' || d == TATWEEL || is_arabic_diacritic(d)) {
                        continue;
                    }
                    pre.extend(std::iter::once(c).nfkc());
                } else {
                    pre.push(c);
                }
            }
            let mut out = String::with_capacity(pre.len());
            for c in pre.nfc() {
                if c == TATWEEL && level >= Level::Nlp && is_standalone_tatweel(text, start) {
                    out.push('-');
                } else {
                    push_mapped_letter(c, level, opts, &mut out);
                }
            }
            // Dropping a mark can unblock a composition it stood in the
            // way of (`e` + maddah + grave): compose once more.
            if !matches!(is_nfc_quick(out.chars()), IsNormalized::Yes) {
                out = out.nfc().collect();
            }
            b.replace_whole(&out, start..end);
        } else {
            map_chars(text, start..end, level, opts, b);
        }
        start = end;
    }
}

/// Characters with combining class 0 that NFC may still merge into the
/// preceding character (Arabic madda/hamza above and below have class 230
/// or 220, so this only matters for other scripts' vowel signs).
fn composes_backwards(c: char) -> bool {
    !matches!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes)
}

/// Fast path over NFC text `full[range]`: copy runs of untouched
/// characters in bulk. The whole text is passed so that context (a
/// tatweel's neighbours) can be seen across cluster boundaries.
fn map_chars(full: &str, range: std::ops::Range<usize>, level: Level, opts: SearchOptions, b: &mut AlignedBuilder) {
    let base = range.start;
    let text = &full[range];
    let mut run_start = 0;
    let mut buf = String::new();
    for (i, c) in text.char_indices() {
        if is_untouched(c, level, opts) {
            continue;
        }
        b.copy(&text[run_start..i], base + run_start);
        let len = c.len_utf8();
        buf.clear();
        if c == TATWEEL && level >= Level::Nlp && is_standalone_tatweel(full, base + i) {
            // Between spaces a tatweel is a dash (`القاهرة ـ قال`), not elongation.
            buf.push('-');
        } else {
            push_mapped(c, level, opts, &mut buf);
        }
        b.replace(&buf, base + i..base + i + len);
        run_start = i + len;
    }
    b.copy(&text[run_start..], base + run_start);
}

/// A tatweel standing between spaces (or the ends of the text), ignoring
/// other tatweels, marks and invisible controls: there it is a dash
/// (`القاهرة ـ قال`). Anywhere else it is elongation and is dropped. The rule
/// looks only at whitespace, so a token's text normalizes the same alone as
/// in its context.
fn is_standalone_tatweel(text: &str, i: usize) -> bool {
    let skip = |c: &char| *c == TATWEEL || is_arabic_diacritic(*c) || is_invisible_control(*c);
    let prev = text[..i].chars().rev().find(|c| !skip(c));
    let next = text[i..].chars().find(|c| !skip(c));
    prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace)
}

/// True when `c` passes through `level` unchanged. Kept cheap: it is asked
/// of every character.
#[inline]
fn is_untouched(c: char, level: Level, opts: SearchOptions) -> bool {
    if c.is_ascii() {
        return !(level == Level::Search && c.is_ascii_uppercase());
    }
    match level {
        Level::Display => !(is_invisible_control(c) || is_arabic_presentation_form(c)),
        Level::Nlp => {
            // Plain Arabic letters are the bulk of the text.
            if ('\u{0621}'..='\u{063A}').contains(&c) || ('\u{0641}'..='\u{064A}').contains(&c) {
                return true;
            }
            !needs_nlp(c)
        }
        Level::Search => {
            if ('\u{0621}'..='\u{063A}').contains(&c) || ('\u{0641}'..='\u{064A}').contains(&c) {
                return !(is_alef_variant(c) || c == 'ى' || (opts.fold_ta_marbuta && c == 'ة'));
            }
            !needs_nlp(c) && !is_alef_variant(c)
        }
    }
}

#[inline]
fn needs_nlp(c: char) -> bool {
    is_invisible_control(c)
        || is_arabic_presentation_form(c)
        || is_arabic_diacritic(c)
        || c == TATWEEL
        || eastern_digit_value(c).is_some()
        || matches!(c, '٫' | '٬' | '٪' | 'ک' | 'ی')
}

/// Append what `c` becomes at `level` (possibly nothing).
fn push_mapped(c: char, level: Level, opts: SearchOptions, out: &mut String) {
    if is_invisible_control(c) {
        return;
    }
    if is_arabic_presentation_form(c) {
        // Compatibility decomposition turns contextual forms into letters
        // and ligatures into their letter sequences; then map those.
        for e in std::iter::once(c).nfkc() {
            push_mapped_letter(e, level, opts, out);
        }
        return;
    }
    push_mapped_letter(c, level, opts, out);
}

fn push_mapped_letter(c: char, level: Level, opts: SearchOptions, out: &mut String) {
    if level >= Level::Nlp {
        if is_arabic_diacritic(c) || c == TATWEEL || is_invisible_control(c) {
            return;
        }
        if let Some(d) = eastern_digit_value(c) {
            out.push((b'0' + d) as char);
            return;
        }
        let c = match c {
            '٫' => '.',
            '٬' => ',',
            '٪' => '%',
            'ک' => 'ك',
            'ی' => 'ي',
            other => other,
        };
        if level == Level::Search {
            let c = match c {
                'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
                'ى' => 'ي',
                'ة' if opts.fold_ta_marbuta => 'ه',
                c if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
                c => c,
            };
            out.push(c);
            return;
        }
        out.push(c);
        return;
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn markup_is_not_text() {
        // "<p>The minister&nbsp;said: &laquo;yes&raquo;</p>"
        let src = "<p>قال&nbsp;الوزير: &laquo;نعم&raquo;</p><!-- x --><br/>&#1605;";
        let a = normalize(src, Level::Nlp);
        assert_eq!(a.as_str(), " قال\u{a0}الوزير: «نعم»   م");
        // The word after a tag maps back to its own place in the original.
        let at = a.as_str().find("قال").unwrap();
        assert_eq!(a.to_original(Span::new(at, at + "قال".len())).slice(src), "قال");
        // Not markup: a comparison, a bare ampersand, references to `<`,
        // `>` and `&` themselves, unknown names.
        for plain in ["a < b and c > d", "AT&T", "&lt;p&gt;", "&amp;", "&foo;", "<3", "< p>"] {
            assert_eq!(normalize(plain, Level::Display).as_str(), plain, "{plain}");
        }
        // Code in a page is no text.
        let page = "<script type=\"text/javascript\">var a = 1 < 2;</script>خبر<STYLE>p { color: red }</STYLE>";
        assert_eq!(normalize(page, Level::Nlp).as_str(), " خبر ");
        // A mark after a reference goes with it (it would compose with the
        // character on a second pass).
        assert_eq!(normalize("&#1575;\u{654}ب", Level::Display).as_str(), "اب");
        // Markup that removing markup would make is left alone, and text
        // in a recomposed word stays.
        assert_eq!(normalize("قال&laquo;e\u{640}\u{301}", Level::Nlp).as_str(), "قال«é");
        for tricky in [
            "<a<p>>", "x<y <b>z</b>", "&n&#98;sp;", "&nbsp&#59;", "<<b>p>", "<b&nbsp;>x", "<b&#32;>x", "<&#47;b>x", "<br&#47;>x",
            "<!-&#45; c -->x", "&n&#1600;bsp;x", "<&#1600;p>x", "قال&laquo;e\u{640}\u{301}",
        ] {
            for l in [Level::Display, Level::Nlp, Level::Search] {
                let once = normalize(tricky, l);
                assert_eq!(normalize(once.as_str(), l).as_str(), once.as_str(), "{tricky}");
            }
        }
        // Once is enough.
        for l in [Level::Display, Level::Nlp, Level::Search] {
            let once = normalize(src, l);
            assert_eq!(normalize(once.as_str(), l).as_str(), once.as_str());
        }
    }

    fn n(s: &str, l: Level) -> String {
        normalize(s, l).as_str().to_string()
    }

    #[test]
    fn display_expands_ligatures_and_drops_controls() {
        assert_eq!(n("\u{FEFB}", Level::Display), "لا");
        assert_eq!(n("\u{FDF2}", Level::Display), "الله");
        assert_eq!(n("سو\u{200F}ريا\u{200B}", Level::Display), "سوريا");
        // Display keeps harakat and tatweel.
        assert_eq!(n("كـتَاب", Level::Display), "كـتَاب");
    }

    #[test]
    fn nfc_composes_decomposed_hamza() {
        // alef + combining hamza above -> أ
        assert_eq!(n("\u{0627}\u{0654}حمد", Level::Display), "أحمد");
        assert_eq!(n("\u{0627}\u{0654}حمد", Level::Nlp), "أحمد");
    }

    #[test]
    fn nlp_strips_marks_and_maps_digits() {
        assert_eq!(n("مُحَمَّدٌ", Level::Nlp), "محمد");
        // A tatweel on its own is a dash; inside a word it is dropped.
        assert_eq!(n("القاهرة ـ قال كـتب", Level::Nlp), "القاهرة - قال كتب");
        assert_eq!(n("١٥٠ و۲۳ و٣٫٥ و١٬٥٠٠ و٪", Level::Nlp), "150 و23 و3.5 و1,500 و%");
        assert_eq!(n("کتاب یک", Level::Nlp), "كتاب يك");
        // Hamza and ta marbuta survive nlp.
        assert_eq!(n("أسئلة مؤتمر إلى", Level::Nlp), "أسئلة مؤتمر إلى");
    }

    #[test]
    fn search_folds_alef_and_ya_but_keeps_hamza_seats() {
        assert_eq!(n("أحمد إلى آمال ٱلعلم", Level::Search), "احمد الي امال العلم");
        assert_eq!(n("مؤتمر رئيس", Level::Search), "مؤتمر رئيس");
        assert_eq!(n("مدرسة", Level::Search), "مدرسة");
        let folded = normalize_with("مدرسة", Level::Search, SearchOptions { fold_ta_marbuta: true });
        assert_eq!(folded.as_str(), "مدرسه");
        assert_eq!(n("NATO", Level::Search), "nato");
    }

    #[test]
    fn every_piece_maps_back() {
        let orig = "قـال \u{FEFB} ٣٠ مُحَمَّد";
        let a = normalize(orig, Level::Nlp);
        assert_eq!(a.as_str(), "قال لا 30 محمد");
        let s = a.as_str();
        let find = |w: &str| {
            let i = s.find(w).unwrap();
            a.to_original(Span::new(i, i + w.len())).slice(orig).to_string()
        };
        assert_eq!(find("قال"), "قـال");
        assert_eq!(find("لا"), "\u{FEFB}");
        assert_eq!(find("30"), "٣٠");
        assert_eq!(find("محمد"), "مُحَمَّد");
    }
}
