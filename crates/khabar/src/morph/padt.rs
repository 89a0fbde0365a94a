//! UD Arabic PADT 1.3: a small CoNLL-U reader and the rebuild of the written
//! tokens from the gold syntactic words.
//!
//! PADT 1.3 gives fully vocalized syntactic words with clitics split off and
//! spellings restored (`لِ` `اَلحُكُومَةِ`), but neither the written tokens
//! nor multiword-token lines. Clitic segmentation must learn from what news
//! actually writes (`للحكومة`, "for the government"), so [`rebuild`] glues
//! the words back into written tokens and undoes the restorations, giving the
//! structure a UD 2.x file would hold: one [`RebuiltToken`] per written token,
//! with the gold words inside it and the byte span each one covers.
//!
//! The rules (each has a fixture test below, and `docs/models/padt-rebuild.md`
//! lists them with the check figures against real PADT news text):
//! - diacritics U+064B–U+0652 and the dagger alef U+0670 are stripped; hamza
//!   letters, tatweel and digits stay as written (PADT digits are
//!   Arabic-Indic `١٥`; normalize with [`crate::text::Level::Nlp`] to compare
//!   with ASCII text);
//! - proclitics `و ف ب ك ل س` and interrogative `أ` (single-letter CONJ, ADP
//!   or PART words) stack onto the next word that has an Arabic letter;
//!   before punctuation or a number they stay a token of their own;
//! - enclitic pronouns (PRON, positional tag `SP…`, Case=Gen/Acc: `ه ها هم
//!   هما هن ك كم نا ني ي`) join the word before;
//! - `ل` + the article drops the article's alef (`لل…`), and a further lam
//!   after the article (`لله`, `للجنة`);
//! - before an enclitic: ta marbuta → `ت`, final alef maqsura → `ي` on `على
//!   إلى لدى حتى` and `ا` elsewhere (`أا` → `آ`), final hamza takes the seat
//!   its vowel asks for (`ؤ ئ أ ء`), the silent alef of verbal `ـوا` drops,
//!   `ـتم` gains `و`, `من`/`عن` lose their `ن` before `نا`/`ني`, and `ي` on a
//!   word ending in `ي` merges into it;
//! - whole words written as one: `من`/`عن` + `ما`/`من` (`مما ممن عما عمن`),
//!   `أن`/`إن` + `لا` (`ألا إلا`, `لئلا` after `ل`), `كي` + `لا`, `حسب` + `ما`;
//! - PADT repeats a token it could not analyse (UPOS X, unvocalized) once per
//!   word; such a run is one token, marked not [`RebuiltToken::analyzed`].

use crate::error::{Error, ErrorKind, Location, Result};
use crate::text::chars::{eastern_digit_value, is_arabic_letter, TATWEEL};
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::path::Path;

const FATHA: char = '\u{064E}';
const DAMMA: char = '\u{064F}';
const KASRA: char = '\u{0650}';
const FATHATAN: char = '\u{064B}';
const DAMMATAN: char = '\u{064C}';
const KASRATAN: char = '\u{064D}';
const SHADDA: char = '\u{0651}';

/// One word line of a CoNLL-U file (multiword-token and empty-node lines are
/// skipped by the reader). Columns that are `_` keep the `_`.
///
/// For the line `3 يَملِكُ مَلَك VERB VIIA-3MS-- …` (tab-separated; "he owns"):
/// `id` 3, `form` `يَملِكُ`, `lemma` `مَلَك`, `upos` `VERB`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluWord {
    /// 1-based word index in the sentence.
    pub id: u32,
    /// The word as the treebank writes it (PADT 1.3: vocalized).
    pub form: String,
    /// Lemma (PADT 1.3: vocalized).
    pub lemma: String,
    /// Universal POS (PADT 1.3 still says `CONJ` for `CCONJ`).
    pub upos: String,
    /// Language-specific tag: PADT's positional tag, e.g. `SP---3MS2-`.
    pub xpos: String,
    /// `Name=Value|…` features.
    pub feats: String,
    /// Head index (0 for the root); `_` reads as 0.
    pub head: u32,
    /// Dependency relation.
    pub deprel: String,
    /// Last column: `Gloss=…|Translit=…` in PADT.
    pub misc: String,
}

impl ConlluWord {
    /// The value of feature `name`: `Case` of `هِ` (Case=Gen) is `Gen`.
    pub fn feat(&self, name: &str) -> Option<&str> {
        self.feats.split('|').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k == name).then_some(v)
        })
    }

    /// The form without diacritics: `اَلحُكُومَةِ` → `الحكومة` ("the government").
    pub fn plain(&self) -> String {
        strip_diacritics(&self.form)
    }
}

/// A sentence: its comment lines (without the leading `#`, trimmed) and its
/// words in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConlluSentence {
    /// `sent_id = s-1`, `text = …`, …
    pub comments: Vec<String>,
    /// The syntactic words, in order.
    pub words: Vec<ConlluWord>,
}

impl ConlluSentence {
    /// The value of a `key = value` comment, e.g. `sent_id`.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// The `sent_id` comment.
    pub fn sent_id(&self) -> Option<&str> {
        self.comment("sent_id")
    }
}

/// Parse CoNLL-U text. `file` names the input in errors.
///
/// Word lines need the ten tab-separated columns; a word line with a range
/// id (`3-4`) or a decimal id (`3.1`) is skipped: the rebuild makes its own
/// tokens, and PADT 1.3 has neither. A malformed line is an `E_EVAL` error
/// with its line number.
///
/// ```
/// use khabar::morph::padt::parse_conllu;
/// // "the minister said" (قَالَ اَلوَزِيرُ)
/// let s = parse_conllu("# sent_id = a\n1\tقَالَ\tقَال\tVERB\t_\t_\t0\troot\t_\t_\n\
///                       2\tاَلوَزِيرُ\tوَزِير\tNOUN\t_\tCase=Nom\t1\tnsubj\t_\t_\n\n", "x").unwrap();
/// assert_eq!(s[0].sent_id(), Some("a"));
/// assert_eq!(s[0].words[1].plain(), "الوزير");
/// ```
pub fn parse_conllu(text: &str, file: &str) -> Result<Vec<ConlluSentence>> {
    let bad = |line: usize, msg: String| {
        Error::new(ErrorKind::Eval, msg).at(Location {
            file: Some(file.to_string()),
            line: Some(line as u64),
            byte: None,
        })
    };
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.trim().to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(bad(n + 1, format!("expected 10 tab-separated columns, found {}", cols.len())));
        }
        if cols[0].contains(['-', '.']) {
            continue;
        }
        let id = cols[0]
            .parse::<u32>()
            .map_err(|_| bad(n + 1, format!("word id {:?} is not a number", cols[0])))?;
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse::<u32>().map_err(|_| bad(n + 1, format!("head {:?} is not a number", cols[6])))?
        };
        cur.words.push(ConlluWord {
            id,
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() || !cur.comments.is_empty() {
        out.push(cur);
    }
    // A comment block with no words after it (a trailing `# newdoc`) is no sentence.
    out.retain(|s| !s.words.is_empty());
    Ok(out)
}

/// Read and parse a CoNLL-U file.
pub fn read_conllu(path: impl AsRef<Path>) -> Result<Vec<ConlluSentence>> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(&name, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::new(ErrorKind::InvalidUtf8, "the CoNLL-U file is not valid UTF-8")
            .at(Location { file: Some(name.clone()), line: None, byte: Some(e.utf8_error().valid_up_to() as u64) })
    })?;
    parse_conllu(&text, &name)
}

/// True for the marks the rebuild strips: harakat, tanwin, shadda, sukun
/// (U+064B–U+0652) and the dagger alef U+0670.
#[inline]
pub fn is_padt_diacritic(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}')
}

/// Remove the diacritics PADT writes, keeping every letter (hamza seats,
/// alef maqsura, ta marbuta) and tatweel: `مَسؤُولِيَّةُ` → `مسؤولية`
/// ("responsibility"), `هٰذَا` → `هذا` ("this").
pub fn strip_diacritics(s: &str) -> String {
    s.chars().filter(|&c| !is_padt_diacritic(c)).collect()
}

/// One written token rebuilt from gold words: what a UD 2.x file writes on a
/// multiword-token line, with its words.
///
/// `لِ` + `اَلحُكُومَةِ` ("for the government") rebuilds as text `للحكومة`,
/// pieces `[("ل", i), ("الحكومة", i + 1)]`, spans `[0..2, 2..14]` (`ل` and
/// `لحكومة`: the article's alef is not written after `ل`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RebuiltToken {
    /// The token as news writes it, unvocalized: `للحكومة`.
    pub text: String,
    /// Indices (0-based, into the sentence's words) of the gold words in it.
    pub words: Vec<usize>,
    /// Each word's unvocalized form in the treebank's restored spelling (a UD
    /// 2.x word FORM: `ل`, `الحكومة`), with its index.
    pub pieces: Vec<(String, usize)>,
    /// For each piece, the byte range of `text` it is written with: `ل` →
    /// `0..2`, `الحكومة` → `2..14`. Contiguous, covering `text`; a piece
    /// written with no letter of its own (`ي` merged into `محامي`, "my
    /// lawyer") has an empty range. Empty when the token is not `analyzed`.
    pub spans: Vec<Range<usize>>,
    /// False when PADT left the written token unanalysed (UPOS `X`,
    /// unvocalized, repeated once per word): the words are known but not
    /// where each is written. Leave such tokens out of segmentation training.
    pub analyzed: bool,
}

/// A gold sentence and its rebuilt tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RebuiltSentence {
    /// The sentence as read.
    pub sentence: ConlluSentence,
    /// Its written tokens, in order; every word is in exactly one.
    pub tokens: Vec<RebuiltToken>,
}

impl RebuiltSentence {
    /// The tokens joined with single spaces (no attempt to glue punctuation):
    /// `وقال وزير الخارجية لل صحفيين` is never produced, `وقال وزير الخارجية
    /// للصحفيين` is ("and the foreign minister told the journalists").
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, t) in self.tokens.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&t.text);
        }
        s
    }
}

/// Read a PADT CoNLL-U file and rebuild every sentence's written tokens.
pub fn rebuild_file(path: impl AsRef<Path>) -> Result<Vec<RebuiltSentence>> {
    Ok(read_conllu(path)?
        .into_iter()
        .map(|s| {
            let tokens = rebuild(&s);
            RebuiltSentence { sentence: s, tokens }
        })
        .collect())
}

/// Rebuild the written tokens of one sentence from its gold words.
///
/// ```
/// use khabar::morph::padt::{parse_conllu, rebuild};
/// // وَ + بِ + اَلمَدِينَةِ → وبالمدينة ("and in the city")
/// let s = &parse_conllu("1\tوَ\tوَ\tCONJ\tC---------\t_\t0\tcc\t_\t_\n\
///                        2\tبِ\tبِ\tADP\tP---------\t_\t3\tcase\t_\t_\n\
///                        3\tاَلمَدِينَةِ\tمَدِينَة\tNOUN\tN------S2D\tCase=Gen\t0\troot\t_\t_\n", "x").unwrap()[0];
/// let t = rebuild(s);
/// assert_eq!(t.len(), 1);
/// assert_eq!(t[0].text, "وبالمدينة");
/// assert_eq!(t[0].words, vec![0, 1, 2]);
/// ```
pub fn rebuild(sentence: &ConlluSentence) -> Vec<RebuiltToken> {
    let words = &sentence.words;
    let plain: Vec<String> = words.iter().map(ConlluWord::plain).collect();
    let mut out: Vec<RebuiltToken> = Vec::new();
    // The token being built; `open` while a clitic may still join it.
    let mut cur: Option<Builder> = None;
    let mut open = false;
    let mut pending: Vec<usize> = Vec::new();

    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let p = plain[i].as_str();

        if is_unanalyzed(w) && words.get(i + 1).is_some_and(|n| n.form == w.form) {
            flush(&mut cur, &mut out, &plain);
            if !pending.is_empty() {
                let b = Builder::from_proclitics(&pending, &plain);
                out.push(b.finish(&plain));
                pending.clear();
            }
            let mut j = i;
            while words.get(j + 1).is_some_and(|n| n.form == w.form) {
                j += 1;
            }
            out.push(RebuiltToken {
                text: p.to_string(),
                words: (i..=j).collect(),
                pieces: (i..=j).map(|k| (plain[k].clone(), k)).collect(),
                spans: Vec::new(),
                analyzed: false,
            });
            open = false;
            i = j + 1;
            continue;
        }

        if is_enclitic(w, p) {
            if !pending.is_empty() {
                flush(&mut cur, &mut out, &plain);
                let mut b = Builder::from_proclitics(&pending, &plain);
                pending.clear();
                b.attach_enclitic(i, words, &plain);
                cur = Some(b);
                open = true;
                i += 1;
                continue;
            }
            if open {
                if let Some(b) = cur.as_mut() {
                    b.attach_enclitic(i, words, &plain);
                    i += 1;
                    continue;
                }
            }
        }

        if open && i > 0 && fuses(&words[i - 1], &plain[i - 1], w, p) {
            if let Some(b) = cur.as_mut() {
                if b.last_word() == Some(i - 1) {
                    b.fuse(i, &plain);
                    i += 1;
                    continue;
                }
            }
        }

        if is_proclitic(w, p) {
            let next_takes_it = words.get(i + 1).is_some_and(|_| has_arabic_letter(&plain[i + 1]));
            pending.push(i);
            if next_takes_it {
                i += 1;
                continue;
            }
            // Before punctuation, a number or the end the proclitic is
            // written alone (news writes `لـ"…"`, `و15`; the tokenizer cuts
            // both the same way).
            flush(&mut cur, &mut out, &plain);
            out.push(Builder::from_proclitics(&pending, &plain).finish(&plain));
            pending.clear();
            open = false;
            i += 1;
            continue;
        }

        // A host word: starts a token, taking the pending proclitics.
        flush(&mut cur, &mut out, &plain);
        let mut b = Builder::from_proclitics(&pending, &plain);
        let after_lam = b.parts.last().is_some_and(|x| x.surface == "ل");
        pending.clear();
        let surface = if after_lam && is_article_word(w, p) {
            // لِ + اَلحُكُومَةِ → للحكومة; لِ + اَللّٰهِ → لله: the alef goes,
            // and so does the article's lam before a word-initial lam.
            let rest = &p["ا".len()..];
            if rest.starts_with("لل") {
                rest["ل".len()..].to_string()
            } else {
                rest.to_string()
            }
        } else {
            p.to_string()
        };
        b.parts.push(Part { word: i, surface });
        open = has_arabic_letter(p);
        cur = Some(b);
        i += 1;
    }
    flush(&mut cur, &mut out, &plain);
    if !pending.is_empty() {
        out.push(Builder::from_proclitics(&pending, &plain).finish(&plain));
    }
    out
}

fn flush(cur: &mut Option<Builder>, out: &mut Vec<RebuiltToken>, plain: &[String]) {
    if let Some(b) = cur.take() {
        out.push(b.finish(plain));
    }
}

/// A word and the letters of the token it is written with.
struct Part {
    word: usize,
    surface: String,
}

struct Builder {
    parts: Vec<Part>,
}

impl Builder {
    fn from_proclitics(pending: &[usize], plain: &[String]) -> Builder {
        Builder { parts: pending.iter().map(|&k| Part { word: k, surface: plain[k].clone() }).collect() }
    }

    fn last_word(&self) -> Option<usize> {
        self.parts.last().map(|p| p.word)
    }

    /// Join enclitic pronoun `e` to the last part, undoing the treebank's
    /// spelling of the host's ending.
    fn attach_enclitic(&mut self, e: usize, words: &[ConlluWord], plain: &[String]) {
        let e_plain = plain[e].as_str();
        let mut e_surface = e_plain.to_string();
        if let Some(host) = self.parts.last_mut() {
            let hw = &words[host.word];
            let hp = plain[host.word].as_str();
            let s = &mut host.surface;
            if s.ends_with('ة') {
                // شَقِيقَةُ + هُ → شقيقته ("his sister")
                s.pop();
                s.push('ت');
            } else if s.ends_with('ى') {
                s.pop();
                if matches!(hp, "على" | "إلى" | "لدى" | "حتى") {
                    // عَلَى + هِ → عليه ("on him")
                    s.push('ي');
                } else if s.ends_with('أ') {
                    // رَأَى + هُ → رآه ("he saw him")
                    s.pop();
                    s.push('آ');
                } else {
                    // مُستَوَى + هُ → مستواه ("its level")
                    s.push('ا');
                }
            } else if s.ends_with('ء') {
                // أَعضَاءُ + هُ → أعضاؤه, أَعضَاءِ + هِ → أعضائه ("its members")
                let seat = hamza_seat(&hw.form);
                s.pop();
                s.push(seat);
            } else if is_verb(hw) && s.ends_with("وا") && silent_alef(&hw.form) {
                // قَالُوا + هُ → قالوه ("they said it")
                s.pop();
            } else if is_verb(hw)
                && s.ends_with("تم")
                && hw.feat("Person") == Some("2")
                && hw.feat("Number") == Some("Plur")
            {
                // رَأَيتُم + هُ → رأيتموه ("you saw him")
                s.push('و');
            }
            if matches!(hp, "من" | "عن") && hw.upos == "ADP" && e_plain.starts_with('ن') && s.ends_with('ن') {
                // مِن + نَا → منا ("from us")
                s.pop();
            }
            if e_plain == "ي" && s.ends_with('ي') {
                // مُحَامِي + يَ → محامي ("my lawyer"), عَلَي + يَ → علي
                e_surface.clear();
            }
        }
        self.parts.push(Part { word: e, surface: e_surface });
    }

    /// Join a whole word written together with the one before it.
    fn fuse(&mut self, w: usize, plain: &[String]) {
        let n = self.parts.len();
        let before_is_lam = n >= 2 && self.parts[n - 2].surface == "ل";
        if let Some(host) = self.parts.last_mut() {
            match (plain[host.word].as_str(), plain[w].as_str()) {
                // مِن + مَا → مما, عَن + مَن → عمن: the nun assimilates
                ("من", _) => host.surface = "م".into(),
                ("عن", _) => host.surface = "ع".into(),
                // لِ + أَن + لَا → لئلا ("so as not to")
                ("أن", "لا") if before_is_lam => host.surface = "ئ".into(),
                // أَن + لَا → ألا
                ("أن", "لا") => host.surface = "أ".into(),
                ("إن", "لا") => host.surface = "إ".into(),
                _ => {}
            }
        }
        self.parts.push(Part { word: w, surface: plain[w].clone() });
    }

    fn finish(self, plain: &[String]) -> RebuiltToken {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(self.parts.len());
        for p in &self.parts {
            let start = text.len();
            text.push_str(&p.surface);
            spans.push(start..text.len());
        }
        RebuiltToken {
            text,
            words: self.parts.iter().map(|p| p.word).collect(),
            pieces: self.parts.iter().map(|p| (plain[p.word].clone(), p.word)).collect(),
            spans,
            analyzed: true,
        }
    }
}

fn is_verb(w: &ConlluWord) -> bool {
    matches!(w.upos.as_str(), "VERB" | "AUX")
}

fn has_arabic_letter(s: &str) -> bool {
    s.chars().any(is_arabic_letter)
}

/// Single-letter conjunctions, prepositions and particles that are written
/// joined to the next word. X words (`ب` in the agency name `ا ف ب`) are
/// abbreviations, never clitics.
fn is_proclitic(w: &ConlluWord, plain: &str) -> bool {
    matches!(plain, "و" | "ف" | "ب" | "ك" | "ل" | "س" | "أ")
        && matches!(w.upos.as_str(), "CONJ" | "CCONJ" | "SCONJ" | "ADP" | "PART")
}

/// Suffixed personal pronouns. Nominative pronouns (`هُوَ`, `هُم` as subject)
/// are separate words.
fn is_enclitic(w: &ConlluWord, plain: &str) -> bool {
    w.upos == "PRON"
        && (w.xpos.starts_with("SP") || w.feat("PronType") == Some("Prs"))
        && matches!(w.feat("Case"), Some("Gen" | "Acc"))
        && matches!(plain, "ه" | "ها" | "هم" | "هما" | "هن" | "ك" | "كم" | "كما" | "كن" | "نا" | "ني" | "ي")
}

/// Two whole words that news writes as one token.
fn fuses(prev: &ConlluWord, pp: &str, w: &ConlluWord, p: &str) -> bool {
    match (pp, p) {
        ("من" | "عن", "ما" | "من") => prev.upos == "ADP" && w.upos != "ADP",
        // أَن/إِن + لَا; not أَنَّ/إِنَّ (shadda), which stay apart.
        ("أن" | "إن", "لا") => w.upos == "PART" && !prev.form.contains(SHADDA) && prev.upos != "X",
        ("كي", "لا") => w.upos == "PART",
        ("حسب", "ما") => w.upos != "ADP",
        _ => false,
    }
}

/// A word PADT left unanalysed: tagged X and written without any harakat.
fn is_unanalyzed(w: &ConlluWord) -> bool {
    w.upos == "X" && w.form.chars().any(is_arabic_letter) && !w.form.chars().any(is_padt_diacritic)
}

/// A word with the definite article: PADT vocalizes it `اَل`; an unvocalized
/// (unanalysed) word is trusted when it is long enough not to be `الا`.
fn is_article_word(w: &ConlluWord, plain: &str) -> bool {
    if !plain.starts_with("ال") {
        return false;
    }
    let mut c = w.form.chars();
    let vocal_article = c.next() == Some('ا') && c.next() == Some(FATHA) && c.next() == Some('ل');
    vocal_article || (!w.form.chars().any(is_padt_diacritic) && plain.chars().count() >= 4)
}

/// The letters of a vocalized form, each with the marks written after it.
fn clusters(form: &str) -> Vec<(char, Vec<char>)> {
    let mut v: Vec<(char, Vec<char>)> = Vec::new();
    for c in form.chars() {
        if is_padt_diacritic(c) {
            if let Some(last) = v.last_mut() {
                last.1.push(c);
            }
        } else {
            v.push((c, Vec::new()));
        }
    }
    v
}

/// The seat of a word-final hamza once a suffix follows, from the vowel the
/// vocalized form gives it: kasra (or a ya before it) → `ئ`, damma → `ؤ`,
/// fatha → `ء` after a long vowel and `أ` after a consonant; unvocalized
/// stays `ء`.
fn hamza_seat(form: &str) -> char {
    let cl = clusters(form);
    let n = cl.len();
    let marks = cl.last().map(|c| c.1.as_slice()).unwrap_or(&[]);
    let prev = if n >= 2 { Some(cl[n - 2].0) } else { None };
    if marks.iter().any(|&m| m == KASRA || m == KASRATAN) || prev == Some('ي') {
        'ئ'
    } else if marks.iter().any(|&m| m == DAMMA || m == DAMMATAN) {
        'ؤ'
    } else if marks.iter().any(|&m| m == FATHA || m == FATHATAN) {
        if matches!(prev, Some('ا' | 'و')) {
            'ء'
        } else {
            'أ'
        }
    } else {
        'ء'
    }
}

/// Whether the final alef after waw is the silent one of the masculine plural
/// (`قَالُوا`), not a dual or root alef after a vowelled waw (`دَعَوَا`).
fn silent_alef(form: &str) -> bool {
    let cl = clusters(form);
    let n = cl.len();
    n >= 2 && cl[n - 1].0 == 'ا' && cl[n - 2].0 == 'و' && !cl[n - 2].1.contains(&FATHA)
}

/// Fold the alef variants `أ إ آ ٱ` to `ا` and `ى` to `ي`, as hamza-less
/// news writes them: `إلى` → `الي` ("to").
pub fn fold_alef(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            c => c,
        })
        .collect()
}

/// The words and numbers of unvocalized running text, as the check compares
/// them: runs of Arabic letters (harakat and tatweel dropped inside them) and
/// runs of digits (Arabic-Indic turned ASCII). `وقال: «نعم» في ٢٠٠٣` ("and
/// he said: yes, in 2003") → `وقال`, `نعم`, `في`, `2003`.
pub fn raw_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut digits = false;
    for c in text.chars() {
        if is_arabic_letter(c) {
            if digits && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            digits = false;
            cur.push(c);
        } else if is_padt_diacritic(c) || c == TATWEEL {
            continue;
        } else if let Some(d) = ascii_or_eastern_digit(c) {
            if !digits && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            digits = true;
            cur.push(char::from(b'0' + d));
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn ascii_or_eastern_digit(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        Some(c as u8 - b'0')
    } else {
        eastern_digit_value(c)
    }
}

/// How much of the rebuilt vocabulary real text of the same source writes:
/// the check figure of the rebuild. Word tokens are rebuilt tokens made of
/// Arabic letters only (tatweel dropped); numbers are compared with their
/// digits made ASCII.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawCheck {
    /// Distinct rebuilt word tokens.
    pub types: usize,
    /// … found as such in the raw text.
    pub types_exact: usize,
    /// … found after [`fold_alef`] on both sides.
    pub types_folded: usize,
    /// Rebuilt word tokens (running count).
    pub tokens: usize,
    /// … whose type is found as such.
    pub tokens_exact: usize,
    /// … whose type is found after folding.
    pub tokens_folded: usize,
    /// Distinct rebuilt numbers.
    pub number_types: usize,
    /// … found in the raw text.
    pub number_types_found: usize,
    /// Word types not found even after folding, most frequent first.
    pub misses: Vec<(String, usize)>,
    /// Every rebuilt word type, most frequent first, for finer figures
    /// (multiword tokens alone, frequent types alone).
    pub rows: Vec<TypeRow>,
}

/// One rebuilt word type in a [`RawCheck`]: `للحكومة` ("for the
/// government"), seen 12 times, multiword, found exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRow {
    /// The token text, tatweel dropped.
    pub text: String,
    /// Its number of occurrences in the rebuild.
    pub count: usize,
    /// Some occurrence is an analysed token of two or more words.
    pub multiword: bool,
    /// Found as such in the raw text.
    pub exact: bool,
    /// Found after [`fold_alef`].
    pub folded: bool,
}

impl RawCheck {
    fn pct(a: usize, b: usize) -> f64 {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    }

    /// One line: `types 61.2% exact / 70.3% folded; tokens …`.
    pub fn summary(&self) -> String {
        format!(
            "word types {}: {:.1}% exact, {:.1}% folded; word tokens {}: {:.1}% exact, {:.1}% folded; number types {}: {:.1}% found",
            self.types,
            Self::pct(self.types_exact, self.types),
            Self::pct(self.types_folded, self.types),
            self.tokens,
            Self::pct(self.tokens_exact, self.tokens),
            Self::pct(self.tokens_folded, self.tokens),
            self.number_types,
            Self::pct(self.number_types_found, self.number_types),
        )
    }
}

/// Compare the rebuilt tokens with the words of `raw` (see [`RawCheck`]).
pub fn check_against_raw(sentences: &[RebuiltSentence], raw: &str) -> RawCheck {
    let raw_words = raw_words(raw);
    let exact: FxHashSet<&str> = raw_words.iter().map(String::as_str).collect();
    let folded: FxHashSet<String> = raw_words.iter().map(|w| fold_alef(w)).collect();

    let mut words: FxHashMap<String, (usize, bool)> = FxHashMap::default();
    let mut numbers: FxHashSet<String> = FxHashSet::default();
    for s in sentences {
        for t in &s.tokens {
            let text: String = t.text.chars().filter(|&c| c != TATWEEL).collect();
            if text.is_empty() {
                continue;
            }
            if text.chars().all(is_arabic_letter) {
                let e = words.entry(text).or_default();
                e.0 += 1;
                e.1 |= t.analyzed && t.words.len() > 1;
            } else if text.chars().all(|c| ascii_or_eastern_digit(c).is_some()) {
                numbers.extend(raw_words_single(&text));
            }
        }
    }

    let mut r = RawCheck { types: words.len(), number_types: numbers.len(), ..Default::default() };
    for (w, &(n, multiword)) in &words {
        let row = TypeRow {
            text: w.clone(),
            count: n,
            multiword,
            exact: exact.contains(w.as_str()),
            folded: folded.contains(&fold_alef(w)),
        };
        r.tokens += n;
        if row.exact {
            r.types_exact += 1;
            r.tokens_exact += n;
        }
        if row.folded {
            r.types_folded += 1;
            r.tokens_folded += n;
        }
        r.rows.push(row);
    }
    r.rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    r.misses = r.rows.iter().filter(|x| !x.folded).map(|x| (x.text.clone(), x.count)).collect();
    r.number_types_found = numbers.iter().filter(|n| exact.contains(n.as_str())).count();
    r
}

fn raw_words_single(text: &str) -> Option<String> {
    raw_words(text).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CoNLL-U sentence from `(form, upos, xpos, feats)` rows; lemma is the
    /// form, heads are dummies. The sentences are the team's own.
    fn conllu(rows: &[(&str, &str, &str, &str)]) -> String {
        let mut s = String::from("# sent_id = t\n");
        for (i, (form, upos, xpos, feats)) in rows.iter().enumerate() {
            s.push_str(&format!("{}\t{form}\t{form}\t{upos}\t{xpos}\t{feats}\t0\tdep\t_\t_\n", i + 1));
        }
        s.push('\n');
        s
    }

    fn sent(rows: &[(&str, &str, &str, &str)]) -> ConlluSentence {
        parse_conllu(&conllu(rows), "test").unwrap().remove(0)
    }

    fn texts(rows: &[(&str, &str, &str, &str)]) -> Vec<String> {
        rebuild(&sent(rows)).into_iter().map(|t| t.text).collect()
    }

    const CONJ: (&str, &str, &str) = ("CONJ", "C---------", "_");
    const PREP: (&str, &str, &str) = ("ADP", "P---------", "AdpType=Prep");
    const FUT: (&str, &str, &str) = ("PART", "F---------", "_");
    const GEN_M: (&str, &str, &str) = ("PRON", "SP---3MS2-", "Case=Gen|Gender=Masc|Number=Sing|Person=3|PronType=Prs");
    const ACC_F: (&str, &str, &str) = ("PRON", "SP---3FS4-", "Case=Acc|Gender=Fem|Number=Sing|Person=3|PronType=Prs");
    const GEN_1S: (&str, &str, &str) = ("PRON", "SP---1MS2-", "Case=Gen|Gender=Masc|Number=Sing|Person=1|PronType=Prs");
    const GEN_1P: (&str, &str, &str) = ("PRON", "SP---1MP2-", "Case=Gen|Gender=Masc|Number=Plur|Person=1|PronType=Prs");
    const GEN_3P: (&str, &str, &str) = ("PRON", "SP---3MP2-", "Case=Gen|Gender=Masc|Number=Plur|Person=3|PronType=Prs");
    const NOUN_DEF: (&str, &str, &str) = ("NOUN", "N------S2D", "Case=Gen|Definite=Def|Number=Sing");
    const NOUN: (&str, &str, &str) = ("NOUN", "N------S1R", "Case=Nom|Definite=Red|Number=Sing");
    const VERB: (&str, &str, &str) = ("VERB", "VIIA-3MS--", "Aspect=Imp|Person=3|Number=Sing");
    const VERB_PL: (&str, &str, &str) = ("VERB", "VP-A-3MP--", "Aspect=Perf|Person=3|Number=Plur");

    fn r<'a>(form: &'a str, t: (&'a str, &'a str, &'a str)) -> (&'a str, &'a str, &'a str, &'a str) {
        (form, t.0, t.1, t.2)
    }

    #[test]
    fn reader_keeps_comments_and_skips_multiword_and_empty_nodes() {
        let text = "# newdoc id = d1\n# sent_id = s-1\n# text = وقال\n\
                    1-2\tوقال\t_\t_\t_\t_\t_\t_\t_\t_\n\
                    1\tوَ\tوَ\tCONJ\tC---------\t_\t2\tcc\t_\t_\n\
                    2\tقَالَ\tقَال\tVERB\tVP-A-3MS--\tAspect=Perf|Person=3\t0\troot\t_\tGloss=say\n\
                    2.1\tهُوَ\t_\tPRON\t_\t_\t_\t_\t_\t_\n\r\n\
                    1\tنَعَم\tنَعَم\tINTJ\t_\t_\t0\troot\t_\t_\n";
        let s = parse_conllu(text, "t").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].sent_id(), Some("s-1"));
        assert_eq!(s[0].comment("text"), Some("وقال"));
        assert_eq!(s[0].words.len(), 2);
        assert_eq!(s[0].words[1].feat("Person"), Some("3"));
        assert_eq!(s[0].words[1].feat("Mood"), None);
        assert_eq!(s[0].words[1].misc, "Gloss=say");
        assert_eq!(s[0].words[0].head, 2);
        assert_eq!(s[1].words[0].plain(), "نعم");
    }

    #[test]
    fn reader_reports_the_bad_line() {
        let err = parse_conllu("# sent_id = x\n1\tقَالَ\tVERB\n", "gold.conllu").unwrap_err();
        assert_eq!(err.code(), "E_EVAL");
        assert_eq!(err.location().and_then(|l| l.line), Some(2));
        let err = parse_conllu("x\tقَالَ\t_\t_\t_\t_\t_\t_\t_\t_\n", "g").unwrap_err();
        assert_eq!(err.location().and_then(|l| l.line), Some(1));
    }

    #[test]
    fn rebuild_file_reads_a_file() {
        let dir = std::env::temp_dir().join(format!("khabar-padt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("mini.conllu");
        // "and he told them" وَ قَالَ لَ هُم
        let rows = [r("وَ", CONJ), r("قَالَ", VERB), r("لَ", PREP), r("هُم", GEN_3P)];
        std::fs::write(&path, conllu(&rows)).unwrap();
        let s = rebuild_file(&path).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text(), "وقال لهم");
        let missing = rebuild_file(dir.join("none.conllu")).unwrap_err();
        assert_eq!(missing.code(), "E_IO");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn strips_harakat_and_dagger_alef_keeps_hamza() {
        assert_eq!(strip_diacritics("مَسؤُولِيَّةٌ"), "مسؤولية");
        assert_eq!(strip_diacritics("هٰذِهِ"), "هذه");
        assert_eq!(strip_diacritics("أَسئِلَةً"), "أسئلة");
        assert_eq!(strip_diacritics("إِنشَاءُ"), "إنشاء");
    }

    #[test]
    fn proclitics_stack_onto_the_next_word() {
        // وَ بِ اَلمَدِينَةِ: "and in the city"
        let t = rebuild(&sent(&[r("وَ", CONJ), r("بِ", PREP), r("اَلمَدِينَةِ", NOUN_DEF)]));
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].text, "وبالمدينة");
        assert_eq!(t[0].words, vec![0, 1, 2]);
        assert_eq!(t[0].pieces, vec![("و".into(), 0), ("ب".into(), 1), ("المدينة".into(), 2)]);
        assert_eq!(t[0].spans, vec![0..2, 2..4, 4..18]);
        // فَ سَ يَزُورُ: "so he will visit"; كَ شَاهِدٍ "as a witness"
        assert_eq!(texts(&[r("فَ", CONJ), r("سَ", FUT), r("يَزُورُ", VERB)]), vec!["فسيزور"]);
        assert_eq!(texts(&[r("كَ", PREP), r("شَاهِدٍ", NOUN)]), vec!["كشاهد"]);
        // أَ لَيسَ: "is it not"
        assert_eq!(texts(&[r("أَ", FUT), r("لَيسَ", VERB)]), vec!["أليس"]);
    }

    #[test]
    fn lam_before_the_article_drops_its_alef() {
        // لِ اَلرَّئِيسِ "for the president"
        let t = rebuild(&sent(&[r("لِ", PREP), r("اَلرَّئِيسِ", NOUN_DEF)]));
        assert_eq!(t[0].text, "للرئيس");
        assert_eq!(t[0].spans, vec![0..2, 2..12]);
        assert_eq!(t[0].pieces[1].0, "الرئيس");
        // وَ لِ اَلشَّعبِ "and for the people"
        assert_eq!(texts(&[r("وَ", CONJ), r("لِ", PREP), r("اَلشَّعبِ", NOUN_DEF)]), vec!["وللشعب"]);
        // لِ اَللّٰهِ "to God"; لِ اَللَّجنَةِ "to the committee"
        assert_eq!(texts(&[r("لِ", PREP), r("اَللّٰهِ", NOUN_DEF)]), vec!["لله"]);
        assert_eq!(texts(&[r("لِ", PREP), r("اَللَّجنَةِ", NOUN_DEF)]), vec!["للجنة"]);
        // لِ اَلَّذِينَ "for those who"
        let rel = ("PRON", "SR----MP2-", "Case=Gen|PronType=Rel");
        assert_eq!(texts(&[r("لِ", PREP), r("اَلَّذِينَ", rel)]), vec!["للذين"]);
        // Not an article: لِ اِلتِزَامِ "for the commitment of" keeps its alef.
        assert_eq!(texts(&[r("لِ", PREP), r("اِلتِزَامِ", NOUN)]), vec!["لالتزام"]);
        // بِ اَلمَدِينَةِ keeps it: only lam swallows the alef.
        assert_eq!(texts(&[r("بِ", PREP), r("اَلمَدِينَةِ", NOUN_DEF)]), vec!["بالمدينة"]);
    }

    #[test]
    fn ta_marbuta_becomes_ta_before_a_suffix() {
        // شَقِيقَةُ هُ "his sister"; حُكُومَةِ نَا "our government"
        let t = rebuild(&sent(&[r("شَقِيقَةُ", NOUN), r("هُ", GEN_M)]));
        assert_eq!(t[0].text, "شقيقته");
        assert_eq!(t[0].pieces, vec![("شقيقة".into(), 0), ("ه".into(), 1)]);
        assert_eq!(t[0].spans, vec![0..10, 10..12]);
        assert_eq!(texts(&[r("لِ", PREP), r("حُكُومَةِ", NOUN), r("نَا", GEN_1P)]), vec!["لحكومتنا"]);
    }

    #[test]
    fn alef_maqsura_before_a_suffix() {
        // عَلَى هِ "on him", إِلَى هِم "to them", لَدَى هَا "she has"
        assert_eq!(texts(&[r("عَلَى", PREP), r("هِ", GEN_M)]), vec!["عليه"]);
        assert_eq!(texts(&[r("إِلَى", PREP), r("هِم", GEN_3P)]), vec!["إليهم"]);
        assert_eq!(texts(&[r("لَدَى", PREP), r("هَا", ACC_F)]), vec!["لديها"]);
        // PADT's own عَلَي before a suffix stays.
        assert_eq!(texts(&[r("عَلَي", PREP), r("هَا", ACC_F)]), vec!["عليها"]);
        // مُستَوَى هُ "its level", أَلقَى هَا "he threw it", رَأَى هُ "he saw him"
        assert_eq!(texts(&[r("مُستَوَى", NOUN), r("هُ", GEN_M)]), vec!["مستواه"]);
        assert_eq!(texts(&[r("أَلقَى", VERB), r("هَا", ACC_F)]), vec!["ألقاها"]);
        assert_eq!(texts(&[r("رَأَى", VERB), r("هُ", GEN_M)]), vec!["رآه"]);
    }

    #[test]
    fn hamza_seat_follows_the_case_vowel() {
        // أَعضَاءُ هُ / أَعضَاءِ هِ / أَعضَاءَ هُ "its members" (nom/gen/acc)
        assert_eq!(texts(&[r("أَعضَاءُ", NOUN), r("هُ", GEN_M)]), vec!["أعضاؤه"]);
        assert_eq!(texts(&[r("أَعضَاءِ", NOUN), r("هِ", GEN_M)]), vec!["أعضائه"]);
        assert_eq!(texts(&[r("أَعضَاءَ", NOUN), r("هُ", GEN_M)]), vec!["أعضاءه"]);
        // جُزءَ هُ "part of it" (acc, after a consonant); شَيءِ هِ
        assert_eq!(texts(&[r("جُزءَ", NOUN), r("هُ", GEN_M)]), vec!["جزأه"]);
        assert_eq!(texts(&[r("شَيءَ", NOUN), r("هُ", GEN_M)]), vec!["شيئه"]);
        // An unvocalized host keeps its hamza.
        assert_eq!(texts(&[("بناء", "NOUN", "N------S1R", "_"), r("هُ", GEN_M)]), vec!["بناءه"]);
    }

    #[test]
    fn whole_words_written_as_one() {
        let ma = ("PRON", "S---------", "_");
        let man = ("PRON", "S---------", "_");
        let la = ("PART", "F---------", "_");
        let an = ("CONJ", "C---------", "_");
        // مِن مَا "from what", مِن مَن "from whom", عَن مَا "about what"
        let t = rebuild(&sent(&[r("مِن", PREP), r("مَا", ma)]));
        assert_eq!(t[0].text, "مما");
        assert_eq!(t[0].spans, vec![0..2, 2..6]);
        assert_eq!(texts(&[r("مِن", PREP), r("مَن", man)]), vec!["ممن"]);
        assert_eq!(texts(&[r("وَ", CONJ), r("عَن", PREP), r("مَا", ma)]), vec!["وعما"]);
        // أَن لَا "that … not", لِ أَن لَا "so as not to", كَي لَا
        assert_eq!(texts(&[r("أَن", an), r("لَا", la)]), vec!["ألا"]);
        assert_eq!(texts(&[r("لِ", PREP), r("أَن", an), r("لَا", la)]), vec!["لئلا"]);
        assert_eq!(texts(&[r("كَي", an), r("لَا", la)]), vec!["كيلا"]);
        // أَنَّ لَا stays apart (shadda: the other particle)
        assert_eq!(texts(&[r("أَنَّ", an), r("لَا", la)]), vec!["أن", "لا"]);
        // لِ أَن "in order to" is an ordinary proclitic
        assert_eq!(texts(&[r("لِ", PREP), r("أَن", an)]), vec!["لأن"]);
        // حَسَبَ مَا "according to what" is one token; فِي مَا stays two.
        assert_eq!(texts(&[r("حَسَبَ", PREP), r("مَا", ma)]), vec!["حسبما"]);
        assert_eq!(texts(&[r("فِي", PREP), r("مَا", ma)]), vec!["في", "ما"]);
        // من + من as two prepositions never fuse
        assert_eq!(texts(&[r("مِن", PREP), r("مِن", PREP)]), vec!["من", "من"]);
    }

    #[test]
    fn object_and_possessive_pronouns_join_the_word_before() {
        // يَملِكُ هَا "he owns it"
        let t = rebuild(&sent(&[r("يَملِكُ", VERB), r("هَا", ACC_F)]));
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].text, "يملكها");
        assert_eq!(t[0].words, vec![0, 1]);
        // لَ هُ "to him", وَ بِ هِ "and with it"
        assert_eq!(texts(&[r("لَ", PREP), r("هُ", GEN_M)]), vec!["له"]);
        assert_eq!(texts(&[r("وَ", CONJ), r("بِ", PREP), r("هِ", GEN_M)]), vec!["وبه"]);
        // مِن نَا "from us", عَن نِي "about me"
        let acc_1s = ("PRON", "SP---1MS4-", "Case=Acc|Person=1|PronType=Prs");
        assert_eq!(texts(&[r("مِن", PREP), r("نَا", GEN_1P)]), vec!["منا"]);
        assert_eq!(texts(&[r("عَن", PREP), r("نِي", acc_1s)]), vec!["عني"]);
        // إِنَّ نَا keeps both nuns: إننا "indeed we"
        assert_eq!(texts(&[("إِنَّ", "PART", "F---------", "_"), r("نَا", GEN_1P)]), vec!["إننا"]);
        // قَالُوا هُ "they said it" drops the silent alef; the dual keeps it.
        assert_eq!(texts(&[r("قَالُوا", VERB_PL), r("هُ", GEN_M)]), vec!["قالوه"]);
        assert_eq!(texts(&[r("قَالَا", VERB_PL), r("هُ", GEN_M)]), vec!["قالاه"]);
        // رَأَيتُم هُ "you saw him"
        let v2p = ("VERB", "VP-A-2MP--", "Aspect=Perf|Person=2|Number=Plur");
        assert_eq!(texts(&[r("رَأَيتُم", v2p), r("هُ", GEN_M)]), vec!["رأيتموه"]);
        // A nominative pronoun is a word of its own: هُوَ
        let nom = ("PRON", "SP---3MS1-", "Case=Nom|Person=3|PronType=Prs");
        assert_eq!(texts(&[r("قَالَ", VERB), r("هُوَ", nom)]), vec!["قال", "هو"]);
    }

    #[test]
    fn first_person_ya() {
        // كِتَابِ ِي "my book", لِ ِي "to me", مُحَامِي يَ "my lawyer", عَلَي يَ "on me"
        assert_eq!(texts(&[r("كِتَابِ", NOUN), r("ِي", GEN_1S)]), vec!["كتابي"]);
        assert_eq!(texts(&[r("لِ", PREP), r("ِي", GEN_1S)]), vec!["لي"]);
        let t = rebuild(&sent(&[r("مُحَامِي", NOUN), r("يَ", GEN_1S)]));
        assert_eq!(t[0].text, "محامي");
        assert_eq!(t[0].spans, vec![0..10, 10..10]);
        assert_eq!(texts(&[r("عَلَي", PREP), r("يَ", GEN_1S)]), vec!["علي"]);
        // مُستَوَى يَ "my level"
        assert_eq!(texts(&[r("مُستَوَى", NOUN), r("يَ", GEN_1S)]), vec!["مستواي"]);
    }

    #[test]
    fn names_and_abbreviations_stay_whole() {
        // وَاشِنطُن "Washington" starts with waw but is one word;
        // بَغدَادُ "Baghdad" with ba; the agency name ا ف ب is three X letters.
        let propn = ("PROPN", "Z---------", "_");
        let abbr = ("X", "Y---------", "Abbr=Yes");
        let t = texts(&[
            r("وَاشِنطُن", propn),
            r("بَغدَادُ", NOUN),
            r("ا", abbr),
            r("ف", abbr),
            r("ب", abbr),
        ]);
        assert_eq!(t, vec!["واشنطن", "بغداد", "ا", "ف", "ب"]);
    }

    #[test]
    fn punctuation_and_numbers_pass_through() {
        let punct = ("PUNCT", "G---------", "_");
        let num = ("NUM", "Q---------", "NumForm=Digit");
        // بَيرُوتُ ( ١٥ - ٧ ) ، وَ ٢٠ : "Beirut (15-7), and 20"
        let t = texts(&[
            r("بَيرُوتُ", NOUN),
            r("(", punct),
            r("١٥", num),
            r("-", punct),
            r("٧", num),
            r(")", punct),
            r("،", punct),
            r("وَ", CONJ),
            r("٢٠", num),
            r("لِ", PREP),
            r("«", punct),
            r("اَلنَّهَارِ", NOUN_DEF),
            r("»", punct),
        ]);
        assert_eq!(t, vec!["بيروت", "(", "١٥", "-", "٧", ")", "،", "و", "٢٠", "ل", "«", "النهار", "»"]);
        // A pronoun after punctuation has nothing to join.
        assert_eq!(texts(&[r("،", punct), r("هُ", GEN_M)]), vec!["،", "ه"]);
    }

    #[test]
    fn unanalysed_tokens_repeated_per_word_are_one_token() {
        // PADT writes an unanalysed وبيوتهم ("and their houses") once per word.
        let x = ("X", "U---------", "_");
        let t = rebuild(&sent(&[r("وبيوتهم", x), r("وبيوتهم", x), r("وبيوتهم", x), r("هُنَا", NOUN)]));
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].text, "وبيوتهم");
        assert_eq!(t[0].words, vec![0, 1, 2]);
        assert!(!t[0].analyzed && t[0].spans.is_empty());
        assert!(t[1].analyzed);
        // A single unanalysed X word is an ordinary token; repeated vocalized
        // words are not merged.
        assert_eq!(texts(&[r("بوش", x), r("جِدًّا", NOUN), r("جِدًّا", NOUN)]), vec!["بوش", "جدا", "جدا"]);
        // After لِ an unvocalized article word also loses its alef.
        assert_eq!(texts(&[r("لِ", PREP), r("الاميركيين", x)]), vec!["للاميركيين"]);
    }

    #[test]
    fn every_word_is_in_exactly_one_token_and_spans_tile_the_text() {
        let s = sent(&[
            r("وَ", CONJ),
            r("لِ", PREP),
            r("اَلحُكُومَةِ", NOUN_DEF),
            r("مِن", PREP),
            r("مَا", ("PRON", "S---------", "_")),
            r("قَالَ", VERB),
            r("هُ", GEN_M),
            r("فَ", CONJ),
            r("سَ", FUT),
            r("يَملِكُ", VERB),
            r("هَا", ACC_F),
            r("،", ("PUNCT", "G---------", "_")),
        ]);
        let toks = rebuild(&s);
        let mut seen: Vec<usize> = toks.iter().flat_map(|t| t.words.clone()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..s.words.len()).collect::<Vec<_>>());
        for t in &toks {
            assert_eq!(t.pieces.len(), t.words.len());
            assert_eq!(t.spans.len(), t.words.len());
            assert_eq!(t.spans.first().unwrap().start, 0);
            assert_eq!(t.spans.last().unwrap().end, t.text.len());
            for w in t.spans.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
        }
        let texts: Vec<_> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, vec!["وللحكومة", "مما", "قاله", "فسيملكها", "،"]);
    }

    #[test]
    fn raw_words_and_folding() {
        assert_eq!(raw_words("وقال: «نعم» في ٢٠٠٣ لـ\"الحياة\" و15"), vec!["وقال", "نعم", "في", "2003", "ل", "الحياة", "و", "15"]);
        assert_eq!(raw_words("حكومياً"), vec!["حكوميا"]);
        assert_eq!(fold_alef("إلى أين"), "الي اين");
    }

    #[test]
    fn check_counts_exact_and_folded_matches() {
        // Rebuilt: للرئيس (×2), أعضاؤه, وقالت, ١٥; raw text writes للرئيس, اعضاؤه, 15.
        let s = sent(&[
            r("لِ", PREP),
            r("اَلرَّئِيسِ", NOUN_DEF),
            r("لِ", PREP),
            r("اَلرَّئِيسِ", NOUN_DEF),
            r("أَعضَاءُ", NOUN),
            r("هُ", GEN_M),
            r("وَ", CONJ),
            r("قَالَت", VERB),
            r("١٥", ("NUM", "Q---------", "_")),
        ]);
        let rebuilt = vec![RebuiltSentence { tokens: rebuild(&s), sentence: s }];
        let c = check_against_raw(&rebuilt, "قال اعضاؤه للرئيس في 15 يوما.");
        assert_eq!((c.types, c.types_exact, c.types_folded), (3, 1, 2));
        assert_eq!((c.tokens, c.tokens_exact, c.tokens_folded), (4, 2, 3));
        assert_eq!((c.number_types, c.number_types_found), (1, 1));
        assert_eq!(c.misses, vec![("وقالت".to_string(), 1)]);
        let top = &c.rows[0];
        assert_eq!((top.text.as_str(), top.count, top.multiword, top.exact), ("للرئيس", 2, true, true));
        assert!(c.summary().contains("word types 3"));
    }

    /// The check figures on the real data: `cargo test -p khabar --lib
    /// padt_check_figures -- --ignored --nocapture`. Reads ../shared, so it
    /// is ignored by default.
    #[test]
    #[ignore]
    fn padt_check_figures() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud-arabic-padt-1.3");
        let mut all = Vec::new();
        for f in ["padt-ud1.3-dev.conllu", "padt-ud1.3-test.conllu"] {
            all.extend(rebuild_file(dir.join(f)).unwrap());
        }
        let raw = std::fs::read_to_string(dir.join("padt-raw-news.txt")).unwrap();
        let c = check_against_raw(&all, &raw);
        let words: usize = all.iter().map(|s| s.sentence.words.len()).sum();
        let tokens: usize = all.iter().map(|s| s.tokens.len()).sum();
        let multi = all.iter().flat_map(|s| &s.tokens).filter(|t| t.words.len() > 1).count();
        let unanalysed = all.iter().flat_map(|s| &s.tokens).filter(|t| !t.analyzed).count();
        println!("sentences {} words {words} tokens {tokens} multiword {multi} unanalysed {unanalysed}", all.len());
        println!("{}", c.summary());
        for (name, multi) in [("single-word", false), ("multiword", true)] {
            for min in [1, 3, 10] {
                let rows: Vec<&TypeRow> = c.rows.iter().filter(|r| r.multiword == multi && r.count >= min).collect();
                let n = rows.len().max(1) as f64;
                let tok: usize = rows.iter().map(|r| r.count).sum();
                let tok_exact: usize = rows.iter().filter(|r| r.exact).map(|r| r.count).sum();
                println!(
                    "{name} types seen >= {min}: {} types, {:.1}% exact, {:.1}% folded; {tok} tokens, {:.1}% exact",
                    rows.len(),
                    100.0 * rows.iter().filter(|r| r.exact).count() as f64 / n,
                    100.0 * rows.iter().filter(|r| r.folded).count() as f64 / n,
                    100.0 * tok_exact as f64 / tok.max(1) as f64,
                );
            }
        }
        if let Ok(out) = std::env::var("KHABAR_PADT_DUMP") {
            let mut s = String::new();
            for (w, n) in &c.misses {
                s.push_str(&format!("{n}\t{w}\n"));
            }
            std::fs::write(format!("{out}.misses"), s).unwrap();
            let mut s = String::new();
            for t in all.iter().flat_map(|s| &s.tokens) {
                let pieces: Vec<&str> = t.pieces.iter().map(|p| p.0.as_str()).collect();
                s.push_str(&format!("{}\t{}\t{}\n", t.text, pieces.join("+"), t.analyzed));
            }
            std::fs::write(format!("{out}.tokens"), s).unwrap();
        }
    }
}
