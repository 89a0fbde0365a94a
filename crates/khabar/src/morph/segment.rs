//! Clitic segmentation: a written token becomes its syntactic words.
//!
//! `وبالمفاوضات` ("and in the negotiations") is `و` + `ب` + `المفاوضات`;
//! `للرئيس` ("for the president") is `ل` + `الرئيس`, the article's alef
//! restored; `شقيقته` ("his sister") is `شقيقة` + `ه`, the ta marbuta
//! restored. Names that only look clitic-laden (`بوتين`, `لافروف`) stay whole.
//!
//! Method: a small affix grammar proposes every segmentation a token could
//! have (proclitics `أ? (و|ف)? (ب|ك|ل|س)?`, one enclitic pronoun, the
//! spelling restorations of the PADT rebuild, and a few fused words such as
//! `مما` = `من` + `ما`); a ranking perceptron picks one. Its features look at
//! the affixes, the restored stem (is it a word seen in training, how often,
//! how it begins and ends), the token's own history in training and the
//! neighbouring tokens. A token seen in training with a single segmentation
//! is answered from a table, without scoring.
//!
//! Training counts (how often a stem or a token's analysis was seen) are
//! jackknifed: a training token sees counts from the other folds only, so
//! the perceptron learns how far to trust them on words it has not seen,
//! which is what it meets at run time.

use super::padt::{RebuiltSentence, RebuiltToken};
use super::tagger::Role;
use super::data;
use super::wordlist::{WordInfo, WordList};
use crate::learn::features::mix;
use crate::learn::{Perceptron, PerceptronModel};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One syntactic word of a written token.
///
/// In `للرئيس` ("for the president"): `Piece { span: 0..2, form: "ل", role:
/// Proclitic }` and `Piece { span: 2..12, form: "الرئيس", role: Stem }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    /// Byte range of the token's nlp text this word is written with. Pieces
    /// tile the token; a word with no letter of its own (the `ي` of
    /// `محامي`, "my lawyer" = `محامي` + `ي`) has an empty range.
    pub span: Range<usize>,
    /// The word in the treebank's restored spelling (`الرئيس` for the
    /// written `لرئيس`).
    pub form: String,
    /// Its place in the token.
    pub role: Role,
}

/// Model kind in the file header (for [`crate::model::encode`]).
pub const KIND: &str = "segmenter";
/// Format version of the `segmenter` model file; bump it whenever
/// [`SegmenterModel`] changes shape or meaning.
pub const FORMAT_VERSION: u32 = 4;

// ---------------------------------------------------------------------------
// The affix grammar.

/// Proclitic letters, by code (0 = none).
const PROCS: [&str; 8] = ["", "و", "ف", "ب", "ك", "ل", "س", "أ"];
const P_WA: u8 = 1;
const P_FA: u8 = 2;
const P_BI: u8 = 3;
const P_KA: u8 = 4;
const P_LI: u8 = 5;
const P_SA: u8 = 6;
const P_A: u8 = 7;

/// Enclitic pronouns, by code (0 = none).
const ENCLS: [&str; 13] = ["", "ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "نا", "ني", "ي"];
const E_YA: u8 = 12;

/// Restorations at the start of the stem, after `ل`: none, the article's
/// alef (`لرئيس` → `الرئيس`), the whole article (`لجنة` → `اللجنة`).
const PRE: [&str; 3] = ["", "ا", "ال"];

/// Restorations at the end of the stem, before an enclitic.
#[allow(dead_code)]
const END_NONE: u8 = 0;
/// `ت` → `ة`: `شقيقت|ه` → `شقيقة`.
const END_TA: u8 = 1;
/// `ا` → `ى`: `مستوا|ه` → `مستوى`.
const END_ALEF: u8 = 2;
/// `ي` → `ى`: `علي|ه` → `على`.
const END_YA: u8 = 3;
/// `آ` → `أى`: `رآ|ه` → `رأى`.
const END_MADDA: u8 = 4;
/// Hamza seat → `ء`: `أعضاؤ|ه` → `أعضاء`.
const END_HAMZA: u8 = 5;
/// `و` → `وا`: `قالو|ه` → `قالوا`.
const END_WAW: u8 = 6;
/// `تمو` → `تم`: `رأيتمو|ه` → `رأيتم`.
const END_TUMU: u8 = 7;
/// First-person `ي` merged into a stem ending in `ي`: `محامي` → `محامي` +
/// `ي` (empty span).
const END_YA_MERGE: u8 = 8;

/// Words written fused: surface after the proclitics, and (letters written,
/// form) per word. `مما` ("from what") = `م`:`من` + `ما`:`ما`.
const FUSED: [(&str, &[(&str, &str)]); 13] = [
    ("", &[]),
    ("مما", &[("م", "من"), ("ما", "ما")]),
    ("ممن", &[("م", "من"), ("من", "من")]),
    ("عما", &[("ع", "عن"), ("ما", "ما")]),
    ("عمن", &[("ع", "عن"), ("من", "من")]),
    ("ألا", &[("أ", "أن"), ("لا", "لا")]),
    ("إلا", &[("إ", "إن"), ("لا", "لا")]),
    ("ئلا", &[("ئ", "أن"), ("لا", "لا")]),
    ("كيلا", &[("كي", "كي"), ("لا", "لا")]),
    ("حسبما", &[("حسب", "حسب"), ("ما", "ما")]),
    ("منا", &[("م", "من"), ("نا", "نا")]),
    ("عنا", &[("ع", "عن"), ("نا", "نا")]),
    ("مني", &[("م", "من"), ("ني", "ني")]),
];

/// Tokens longer than this (bytes) are left whole: no Arabic word with
/// clitics comes near it, and it bounds the stack buffers.
const MAX_TOKEN: usize = 96;
/// Most candidates one token can have (the grammar yields far fewer).
const MAX_CANDS: usize = 64;

/// One segmentation of a token, as byte offsets and grammar codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cand {
    procs: [u8; 3],
    n_proc: u8,
    /// Surface of the stem (or of the fused word) in the token.
    stem: (u16, u16),
    pre: u8,
    end: u8,
    encl: u8,
    fused: u8,
}

impl Cand {
    /// A token-independent code for the analysis: what the memo tables and
    /// the label features key on.
    fn code(&self) -> u32 {
        let p = self.procs[0] as u32 | (self.procs[1] as u32) << 3 | (self.procs[2] as u32) << 6;
        p | (self.pre as u32) << 9 | (self.end as u32) << 11 | (self.encl as u32) << 15 | (self.fused as u32) << 19
    }

    fn procs_code(&self) -> u32 {
        self.code() & 0x7FF
    }

    fn encl_code(&self) -> u32 {
        (self.code() >> 11) & 0xFF
    }

    fn kind(&self) -> u32 {
        (self.n_proc > 0) as u32 | ((self.encl > 0) as u32) << 1 | ((self.fused > 0) as u32) << 2
    }

    /// Rebuild from a code (the memo stores codes) for `token`; `None` when
    /// the code does not fit the token.
    fn from_code(token: &str, code: u32) -> Option<Cand> {
        let procs = [(code & 7) as u8, (code >> 3 & 7) as u8, (code >> 6 & 7) as u8];
        let n_proc = procs.iter().take_while(|&&p| p != 0).count() as u8;
        let pre = (code >> 9 & 3) as u8;
        let end = (code >> 11 & 15) as u8;
        let encl = (code >> 15 & 15) as u8;
        let fused = (code >> 19 & 15) as u8;
        let mut at = 0;
        for &p in &procs[..n_proc as usize] {
            let s = PROCS.get(p as usize)?;
            if !token[at..].starts_with(s) {
                return None;
            }
            at += s.len();
        }
        let stem_end = if end == END_YA_MERGE { token.len() } else { token.len().checked_sub(ENCLS.get(encl as usize)?.len())? };
        if stem_end <= at || token.len() > MAX_TOKEN || (fused as usize) >= FUSED.len() {
            return None;
        }
        Some(Cand { procs, n_proc, stem: (at as u16, stem_end as u16), pre, end, encl, fused })
    }
}

/// The restored stem form in three parts: restored prefix, letters taken
/// from the token, restored ending.
#[derive(Clone, Copy)]
struct StemForm<'a> {
    pre: &'static str,
    core: &'a str,
    post: &'static str,
}

impl StemForm<'_> {
    fn hash(&self, h: H) -> H {
        h.bytes(self.pre.as_bytes()).bytes(self.core.as_bytes()).bytes(self.post.as_bytes())
    }

    /// Write it into `buf`, returning the str (stack buffer, no allocation).
    fn write<'b>(&self, buf: &'b mut [u8; 128]) -> &'b str {
        let mut n = 0;
        for part in [self.pre, self.core, self.post] {
            buf[n..n + part.len()].copy_from_slice(part.as_bytes());
            n += part.len();
        }
        std::str::from_utf8(&buf[..n]).expect("concatenation of strs")
    }

    fn to_owned_string(self) -> String {
        let mut s = String::with_capacity(self.pre.len() + self.core.len() + self.post.len());
        s.push_str(self.pre);
        s.push_str(self.core);
        s.push_str(self.post);
        s
    }
}

fn stem_form<'a>(token: &'a str, c: &Cand) -> StemForm<'a> {
    let s = &token[c.stem.0 as usize..c.stem.1 as usize];
    let last = s.char_indices().next_back().map_or(0, |(i, _)| i);
    let (core, post) = match c.end {
        END_TA => (&s[..last], "ة"),
        END_ALEF | END_YA => (&s[..last], "ى"),
        END_MADDA => (&s[..last], "أى"),
        END_HAMZA => (&s[..last], "ء"),
        END_WAW => (s, "ا"),
        END_TUMU => (&s[..last], ""),
        _ => (s, ""),
    };
    StemForm { pre: PRE[c.pre as usize], core, post }
}

/// A pronoun on a particle that never carries one: `كاوه` (a name) is not
/// `ك` + `أو` ("or") + `ه`. Such analyses stay among the training
/// candidates (dropping them there moved the tuning folds' training and
/// cost 0.03 F1) and are only never chosen.
fn pronoun_on_particle(token: &str, c: &Cand) -> bool {
    c.encl != 0 && matches!(&token[c.stem.0 as usize..c.stem.1 as usize], "أو" | "او" | "ثم" | "قد" | "لم" | "لن" | "هل" | "بل")
}

/// Every segmentation the grammar allows for `token` (the whole token
/// first). Returns how many were written into `out`.

fn candidates(token: &str, out: &mut [Cand; MAX_CANDS]) -> usize {
    let mut n = 0;
    let whole = Cand { stem: (0, token.len().min(u16::MAX as usize) as u16), ..Cand::default() };
    out[n] = whole;
    n += 1;
    if token.len() > MAX_TOKEN || token.len() < 4 {
        return n;
    }
    // Proclitic sequences: أ? (و|ف)? (ب|ك|ل|س)?
    let mut seqs: [([u8; 3], u8, usize); 12] = [([0; 3], 0, 0); 12];
    let mut n_seq = 1;
    let mut stack: [([u8; 3], u8, usize); 12] = [([0; 3], 0, 0); 12];
    let mut sp = 1;
    while sp > 0 {
        sp -= 1;
        let (ps, np, at) = stack[sp];
        let last = if np == 0 { 0 } else { ps[np as usize - 1] };
        let next: &[u8] = match last {
            0 => &[P_A, P_WA, P_FA, P_BI, P_KA, P_LI, P_SA],
            P_A => &[P_WA, P_FA, P_BI, P_KA, P_LI, P_SA],
            P_WA | P_FA => &[P_BI, P_KA, P_LI, P_SA],
            _ => &[],
        };
        for &p in next {
            let s = PROCS[p as usize];
            if token[at..].starts_with(s) && token.len() - at - s.len() >= 2 {
                let mut ps2 = ps;
                ps2[np as usize] = p;
                let item = (ps2, np + 1, at + s.len());
                if n_seq < seqs.len() {
                    seqs[n_seq] = item;
                    n_seq += 1;
                }
                if sp < stack.len() {
                    stack[sp] = item;
                    sp += 1;
                }
            }
        }
    }
    let mut push = |c: Cand, out: &mut [Cand; MAX_CANDS]| {
        if n < MAX_CANDS && !(c.n_proc == 0 && c.encl == 0 && c.fused == 0) {
            out[n] = c;
            n += 1;
        }
    };
    for &(procs, n_proc, at) in &seqs[..n_seq] {
        let rest = &token[at..];
        let last = if n_proc == 0 { 0 } else { procs[n_proc as usize - 1] };
        let base = Cand { procs, n_proc, stem: (at as u16, token.len() as u16), ..Cand::default() };
        for (f, (surface, _)) in FUSED.iter().enumerate().skip(1) {
            if rest == *surface && (*surface != "ئلا" || last == P_LI) {
                push(Cand { fused: f as u8, ..base }, out);
            }
        }
        // The future particle only goes before an imperfect verb.
        if last == P_SA && !rest.starts_with(['ي', 'ت', 'ن', 'أ']) {
            continue;
        }
        let pres: &[u8] = if last == P_LI && rest.starts_with('ل') { &[0, 1, 2] } else { &[0] };
        for &pre in pres {
            // No enclitic.
            if rest.chars().count() >= 2 && !(pre == 0 && n_proc == 0) {
                push(Cand { pre, ..base }, out);
            }
            for (e, suf) in ENCLS.iter().enumerate().skip(1) {
                if !rest.ends_with(suf) || rest.len() <= suf.len() {
                    continue;
                }
                let stem_end = token.len() - suf.len();
                let s = &token[at..stem_end];
                let n_chars = s.chars().count();
                // A one-letter host is a preposition (`له`, `بها`).
                if n_chars == 1 && !matches!(s, "ل" | "ب") {
                    continue;
                }
                // The article and a possessive exclude each other: `المتهم`
                // ("the accused") is not `المت` + `هم`. Only form VIII verbs
                // and nouns begin with `الت` and still take a pronoun
                // (`التزامه`, "his commitment").
                if pre > 0 || (s.starts_with("ال") && !(s.starts_with("الت") && n_chars >= 5)) {
                    continue;
                }
                let c = Cand { pre, encl: e as u8, stem: (at as u16, stem_end as u16), ..base };
                push(c, out);
                let lastc = s.chars().next_back().expect("non-empty");
                let ends: &[u8] = match lastc {
                    'ت' => &[END_TA],
                    'ا' => &[END_ALEF],
                    'ي' => &[END_YA],
                    'آ' => &[END_MADDA],
                    'ؤ' | 'ئ' | 'أ' => &[END_HAMZA],
                    'و' if s.ends_with("تمو") => &[END_WAW, END_TUMU],
                    'و' => &[END_WAW],
                    _ => &[],
                };
                if n_chars >= 2 {
                    for &end in ends {
                        push(Cand { end, ..c }, out);
                    }
                }
            }
            // First-person ي merged into a stem ending in ي.
            if rest.ends_with('ي') && rest.chars().count() >= 3 {
                push(Cand { pre, encl: E_YA, end: END_YA_MERGE, ..base }, out);
            }
        }
    }
    n
}

/// The role of each piece, as [`data::roles`] assigns them to gold tokens:
/// single-letter proclitics before the first other piece, which is the
/// stem; enclitics after it.
fn assign_roles(pieces: &mut [Piece]) {
    if pieces.len() == 1 {
        pieces[0].role = Role::Whole;
        return;
    }
    let n = pieces.len();
    let stem = pieces.iter().position(|p| !PROCS[1..].contains(&p.form.as_str())).unwrap_or(n - 1);
    for (i, p) in pieces.iter_mut().enumerate() {
        p.role = match i.cmp(&stem) {
            std::cmp::Ordering::Less => Role::Proclitic,
            std::cmp::Ordering::Equal => Role::Stem,
            std::cmp::Ordering::Greater => Role::Enclitic,
        };
    }
}

fn materialize(token: &str, c: &Cand) -> Vec<Piece> {
    let mut out = Vec::with_capacity(c.n_proc as usize + 2);
    let mut at = 0;
    for &p in &c.procs[..c.n_proc as usize] {
        let s = PROCS[p as usize];
        out.push(Piece { span: at..at + s.len(), form: s.to_string(), role: Role::Proclitic });
        at += s.len();
    }
    if c.fused > 0 {
        for (surface, form) in FUSED[c.fused as usize].1 {
            out.push(Piece { span: at..at + surface.len(), form: form.to_string(), role: Role::Stem });
            at += surface.len();
        }
    } else {
        let (a, b) = (c.stem.0 as usize, c.stem.1 as usize);
        out.push(Piece { span: a..b, form: stem_form(token, c).to_owned_string(), role: Role::Stem });
        if c.end == END_YA_MERGE {
            out.push(Piece { span: b..b, form: "ي".to_string(), role: Role::Enclitic });
        } else if c.encl > 0 {
            out.push(Piece { span: b..token.len(), form: ENCLS[c.encl as usize].to_string(), role: Role::Enclitic });
        }
    }
    assign_roles(&mut out);
    out
}

fn whole(token: &str) -> Vec<Piece> {
    vec![Piece { span: 0..token.len(), form: token.to_string(), role: Role::Whole }]
}

// ---------------------------------------------------------------------------
// Hashing and counts.

/// A byte-at-a-time hash, so that a string hashed in parts (a restored
/// stem: prefix, letters of the token, ending) equals the same string
/// hashed whole.
#[derive(Clone, Copy)]
struct H(u64);

impl H {
    #[inline]
    fn new(template: u8) -> H {
        H(0xcbf2_9ce4_8422_2325 ^ (template as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
    #[inline]
    fn bytes(mut self, b: &[u8]) -> H {
        for &x in b {
            self.0 = (self.0 ^ x as u64).wrapping_mul(0x0000_0100_0000_01B3);
        }
        self
    }
    #[inline]
    fn str(self, s: &str) -> H {
        self.bytes(s.as_bytes()).sep()
    }
    #[inline]
    fn sep(self) -> H {
        self.bytes(&[0xFF])
    }
    #[inline]
    fn u(self, v: u64) -> H {
        H(mix(self.0 ^ v.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
    }
    #[inline]
    fn done(self) -> u64 {
        mix(self.0)
    }
}


const H_STEM: u8 = 200;
const H_TOKEN: u8 = 201;

/// The word list's folding of the alef forms and `ى` (`أ إ آ ٱ` → `ا`,
/// `ى` → `ي`), for dictionary look-ups.
fn fold_letters(s: &str) -> String {
    s.chars().map(|c| match c { 'أ' | 'إ' | 'آ' | 'ٱ' => 'ا', 'ى' => 'ي', c => c }).collect()
}

fn stem_key(f: &StemForm<'_>) -> u64 {
    f.hash(H::new(H_STEM)).done()
}

fn token_key(token: &str) -> u64 {
    H::new(H_TOKEN).bytes(token.as_bytes()).done()
}

fn analysis_key(tok_key: u64, code: u32) -> u64 {
    mix(tok_key ^ (code as u64 + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// Counts from training: words (stems and whole tokens, restored form),
/// tokens, and (token, analysis) pairs, all by hash.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Counts {
    stems: FxHashMap<u64, u32>,
    tokens: FxHashMap<u64, u32>,
    analyses: FxHashMap<u64, u32>,
}

impl Counts {
    fn add(&mut self, text: &str, pieces: &[Piece], code: u32) {
        let tk = token_key(text);
        *self.tokens.entry(tk).or_default() += 1;
        *self.analyses.entry(analysis_key(tk, code)).or_default() += 1;
        for p in pieces {
            if matches!(p.role, Role::Whole | Role::Stem) {
                let k = H::new(H_STEM).bytes(p.form.as_bytes()).done();
                *self.stems.entry(k).or_default() += 1;
            }
        }
    }
}

/// Counts as one training token sees them: everything, minus its own fold.
#[derive(Clone, Copy)]
struct View<'a> {
    all: &'a Counts,
    minus: Option<&'a Counts>,
}

impl View<'_> {
    #[inline]
    fn get(&self, pick: impl Fn(&Counts) -> &FxHashMap<u64, u32>, k: u64) -> u32 {
        let n = pick(self.all).get(&k).copied().unwrap_or(0);
        match self.minus {
            Some(m) if n > 0 => n - pick(m).get(&k).copied().unwrap_or(0),
            _ => n,
        }
    }
    fn stem(&self, k: u64) -> u32 {
        self.get(|c| &c.stems, k)
    }
    fn token(&self, k: u64) -> u32 {
        self.get(|c| &c.tokens, k)
    }
    fn analysis(&self, k: u64) -> u32 {
        self.get(|c| &c.analyses, k)
    }
}

/// A count's frequency bin (the word list's bins), as a hash input.
fn bin(n: u32) -> u64 {
    super::wordlist::freq_bin(n) as u64
}

// ---------------------------------------------------------------------------
// Features.

/// Per-token context, hashed once.
struct Ctx {
    /// The whole token in the raw-text word list.
    raw: WordInfo,
    tok_key: u64,
    tok_count: u32,
    tok_bin: u64,
    prev: u64,
    next: u64,
    n_chars: u64,
}

const MAX_FEATS: usize = 48;

fn context(token: &str, prev: Option<&str>, next: Option<&str>, view: View<'_>, words: &WordList) -> Ctx {
    let tok_key = token_key(token);
    let raw = words.get(&[token]);
    let tok_count = view.token(tok_key);
    let h = |s: Option<&str>| H::new(1).str(s.unwrap_or("<s>")).done();
    Ctx {
        raw,
        tok_key,
        tok_count,
        tok_bin: bin(tok_count),
        prev: h(prev),
        next: h(next),
        n_chars: token.chars().count().min(12) as u64,
    }
}

fn first_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn last_chars(s: &str, n: usize) -> &str {
    let mut it = s.char_indices().rev();
    let mut start = s.len();
    for _ in 0..n {
        match it.next() {
            Some((i, _)) => start = i,
            None => break,
        }
    }
    &s[start..]
}

/// The features of candidate `c` of `token`, into `out`; returns the count.
fn features(token: &str, c: &Cand, ctx: &Ctx, view: View<'_>, words: &WordList, out: &mut [u64; MAX_FEATS]) -> usize {
    let code = c.code() as u64;
    let kind = c.kind() as u64;
    let procs = c.procs_code() as u64;
    let encl = c.encl_code() as u64;
    let mut n = 0;
    // The template number is kept at each call site for reading; the hash
    // already carries it.
    let mut put = |_template: u8, h: u64| {
        out[n] = h;
        n += 1;
    };
    put(10, H::new(10).u(code).done());
    put(11, H::new(11).u(procs).done());
    put(12, H::new(12).u(encl).done());
    // What training said about this very token.
    let an = view.analysis(analysis_key(ctx.tok_key, c.code()));
    let share = (4 * an).checked_div(ctx.tok_count).map_or(9, u64::from);
    put(13, H::new(13).u(bin(an)).u(share).done());
    put(14, H::new(14).u(kind).u(ctx.tok_bin).done());
    put(15, H::new(15).u(code).u(ctx.prev).done());
    put(16, H::new(16).u(kind).u(ctx.next).done());
    put(17, H::new(17).u(code).u(ctx.n_chars).done());
    if c.fused > 0 {
        return n;
    }
    let sf = stem_form(token, c);
    let sk = stem_key(&sf);
    let mut buf = [0u8; 128];
    let stem = sf.write(&mut buf);
    let sc = view.stem(sk);
    let stem_len = stem.chars().count().min(10) as u64;
    put(20, H::new(20).u(sk).done());
    put(21, H::new(21).u(sk).u(kind).done());
    put(22, H::new(22).u(bin(sc)).u(kind).done());
    put(23, H::new(23).u(bin(sc)).u(ctx.tok_bin).u(kind).done());
    put(24, H::new(24).u(stem_len).u(kind).done());
    put(25, H::new(25).u(stem_len).u(code).done());
    let f1 = first_chars(stem, 1);
    let f2 = first_chars(stem, 2);
    let l1 = last_chars(stem, 1);
    let l2 = last_chars(stem, 2);
    let l3 = last_chars(stem, 3);
    put(26, H::new(26).u(procs).str(f1).done());
    put(27, H::new(27).u(procs).str(f2).done());
    put(28, H::new(28).u(encl).str(l1).done());
    put(29, H::new(29).u(encl).str(l2).done());
    put(30, H::new(30).u(encl).str(l3).done());
    put(31, H::new(31).u(procs).str(l1).done());
    put(32, H::new(32).u(encl).str(f1).done());
    put(33, H::new(33).u(code).str(f2).str(l2).done());
    put(34, H::new(34).u(bin(sc)).u(code).done());
    put(35, H::new(35).u(encl).str(f2).done());
    let surf = &token[c.stem.0 as usize..c.stem.1 as usize];
    put(36, H::new(36).u(encl).str(last_chars(surf, 2)).done());
    put(37, H::new(37).u(encl).str(last_chars(surf, 3)).done());
    put(38, H::new(38).u(procs).str(first_chars(stem, 3)).done());
    // Raw text beyond the treebank: is the stem written as a word of its
    // own, and is the whole token (a name like `لافروف`) frequent or a name?
    if !words.is_empty() {
        let rs = words.get(&[stem]);
        let rt = ctx.raw;
        let name = |w: WordInfo| (w.ne_share as u64) << 3 | w.ne_type as u64;
        put(40, H::new(40).u(rs.freq as u64).u(kind).done());
        put(41, H::new(41).u(rs.freq as u64).u(rt.freq as u64).u(kind).done());
        put(42, H::new(42).u(rs.freq as u64).u(procs).u(encl).done());
        put(43, H::new(43).u(name(rt)).u(kind).done());
        put(44, H::new(44).u(name(rs)).u(rt.freq as u64).u(kind).done());
        put(45, H::new(45).u(rs.freq as u64).u(bin(sc)).u(kind).done());
        // The spelling dictionary: is the stem a noun, verb or function
        // word, as written, without the article or without an ending?
        // (`وكالات`, "agencies", is no `و` + `ك` + `الات`.)
        let folded = fold_letters(stem);
        let (mut pat, _) = words.dictionary_pattern(&folded);
        // A whole token that is a feminine plural whose singular in `ة` the
        // dictionary lists (`وزارات` → `وزارة`, "ministries"; `وكالات` →
        // `وكالة`) counts as that word without its ending: the dictionary keeps such plurals
        // under the singular, and without this a split (`و` + `زارات`,
        // whose `زار` is a verb) looked better than the whole word.
        if pat >> 6 == 0 && kind == 0 {
            pat |= (words.feminine_singular_classes(&folded) as u32) << 6;
        }
        put(46, H::new(46).u(pat as u64).u(kind).done());
        put(47, H::new(47).u(pat as u64).u(procs).u(encl).done());
        put(48, H::new(48).u(pat as u64).u(rs.freq as u64).done());
        // A stem that raw text also writes with the article is a noun of
        // its own: `الوكالات` is common, so `وكالات` ("agencies") is one
        // word, not `و` + `ك` + `الات`.
        // Not asked of a stem of two letters, which folds into other words
        // with the article (`أن` + the article reads as `الآن`, "now").
        let definite =
            if stem.starts_with("ال") || stem.chars().nth(2).is_none() { 9 } else { words.get(&["ال", stem]).freq as u64 };
        put(49, H::new(49).u(definite).u(kind).done());
        put(50, H::new(50).u(definite).u(procs).u(rs.freq as u64).done());
    }
    n
}

// ---------------------------------------------------------------------------
// The model.

/// The trained clitic segmenter.
///
/// ```no_run
/// # use khabar::morph::segment::SegmenterModel;
/// # fn demo(m: &SegmenterModel) {
/// // "and in the negotiations" → و + ب + المفاوضات
/// let words = m.segment("وبالمفاوضات", Some("قال"), None);
/// let forms: Vec<&str> = words.iter().map(|p| p.form.as_str()).collect();
/// assert_eq!(forms, ["و", "ب", "المفاوضات"]);
/// # }
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SegmenterModel {
    weights: PerceptronModel,
    counts: Counts,
    /// Raw-text word list: is a stem a written word, is the token a name.
    words: WordList,
    /// Token hash → analysis code, for tokens seen in training with one
    /// analysis only.
    memo: FxHashMap<u64, u32>,
}

/// Report of a training run.
#[derive(Debug, Clone, Serialize)]
pub struct SegTrainReport {
    /// Sentences read.
    pub sentences: usize,
    /// Analysed tokens used for training.
    pub tokens: usize,
    /// Tokens left out because PADT left them unanalysed.
    pub unanalyzed: usize,
    /// Training tokens whose gold segmentation the grammar proposes.
    pub covered: usize,
    /// Training tokens with more than one candidate (the ones ranked).
    pub ambiguous: usize,
    /// Features with a weight.
    pub features: usize,
    /// Tokens answered from the memo table.
    pub memo_entries: usize,
    /// Errors per epoch on the training tokens (ranking mistakes).
    pub epoch_errors: Vec<usize>,
}

/// A gold token, nlp-normalized, with its pieces (spans into the nlp
/// text); `analyzed == false` tokens have forms only (empty spans).
#[derive(Debug, Clone)]
struct GoldTok {
    text: String,
    pieces: Vec<Piece>,
    analyzed: bool,
}

fn gold_token(t: &RebuiltToken) -> GoldTok {
    let text = data::nlp(&t.text);
    if !t.analyzed || t.spans.len() != t.pieces.len() {
        let mut pieces: Vec<Piece> =
            t.pieces.iter().map(|(f, _)| Piece { span: 0..0, form: data::nlp(f), role: Role::Whole }).collect();
        assign_roles(&mut pieces);
        return GoldTok { text, pieces, analyzed: false };
    }
    // Normalize piece by piece so the spans follow the nlp text.
    let mut joined = String::with_capacity(text.len());
    let mut pieces = Vec::with_capacity(t.pieces.len());
    for (span, (form, _)) in t.spans.iter().zip(&t.pieces) {
        let start = joined.len();
        joined.push_str(&data::nlp(&t.text[span.clone()]));
        pieces.push(Piece { span: start..joined.len(), form: data::nlp(form), role: Role::Whole });
    }
    assign_roles(&mut pieces);
    let analyzed = joined == text;
    GoldTok { text, pieces, analyzed }
}

struct Example {
    text: String,
    prev: Option<String>,
    next: Option<String>,
    fold: usize,
    gold: GoldTok,
}

fn examples(sents: &[RebuiltSentence]) -> Vec<Example> {
    let mut out = Vec::new();
    for s in sents {
        let doc = data::document_of(s);
        let fold = (H::new(2).str(&doc).done() % FOLDS as u64) as usize;
        let golds: Vec<GoldTok> = s.tokens.iter().map(gold_token).collect();
        for (i, g) in golds.iter().enumerate() {
            out.push(Example {
                text: g.text.clone(),
                prev: i.checked_sub(1).map(|j| golds[j].text.clone()),
                next: golds.get(i + 1).map(|x| x.text.clone()),
                fold,
                gold: g.clone(),
            });
        }
    }
    out
}

/// Index of the gold segmentation among the candidates.
fn gold_index(text: &str, cands: &[Cand], gold: &[Piece]) -> Option<usize> {
    cands.iter().position(|c| {
        let m = materialize(text, c);
        m.len() == gold.len() && m.iter().zip(gold).all(|(a, b)| a.span == b.span && a.form == b.form)
    })
}

const FOLDS: usize = 5;
const EPOCHS: usize = 10;

/// Candidates of any token: only the whole token unless it is a plain
/// Arabic word.
fn candidates_for(token: &str, out: &mut [Cand; MAX_CANDS]) -> usize {
    if is_candidate_token(token) {
        candidates(token, out)
    } else {
        out[0] = Cand { stem: (0, token.len().min(u16::MAX as usize) as u16), ..Cand::default() };
        1
    }
}

fn is_candidate_token(token: &str) -> bool {
    token.len() >= 4 && token.len() <= MAX_TOKEN && token.chars().all(crate::text::chars::is_arabic_letter)
}

impl SegmenterModel {
    /// Train on rebuilt PADT sentences (tokens PADT left unanalysed are
    /// skipped).
    pub fn train(train: &[RebuiltSentence]) -> (SegmenterModel, SegTrainReport) {
        Self::train_with(train, WordList::default())
    }

    /// Train with a raw-text word list (see [`super::wordlist`]), which
    /// the model keeps: "is the stem a word" and "is the token a name"
    /// evidence for tokens the treebank never shows (`لافروف`, "Lavrov",
    /// stays whole because raw news writes it and marks it a person).
    pub fn train_with(train: &[RebuiltSentence], words: WordList) -> (SegmenterModel, SegTrainReport) {
        let exs = examples(train);
        let mut report = SegTrainReport {
            sentences: train.len(),
            tokens: 0,
            unanalyzed: 0,
            covered: 0,
            ambiguous: 0,
            features: 0,
            memo_entries: 0,
            epoch_errors: Vec::new(),
        };
        // Gold codes, and the counts (all, and per fold).
        let mut all = Counts::default();
        let mut folds: Vec<Counts> = vec![Counts::default(); FOLDS];
        let mut cands = [Cand::default(); MAX_CANDS];
        let mut gold_codes: Vec<Option<u32>> = Vec::with_capacity(exs.len());
        for ex in &exs {
            if !ex.gold.analyzed {
                report.unanalyzed += 1;
                gold_codes.push(None);
                continue;
            }
            report.tokens += 1;
            let n = candidates_for(&ex.text, &mut cands);
            let gi = gold_index(&ex.text, &cands[..n], &ex.gold.pieces);
            let code = gi.map(|i| cands[i].code());
            if let Some(code) = code {
                report.covered += 1;
                all.add(&ex.text, &ex.gold.pieces, code);
                folds[ex.fold].add(&ex.text, &ex.gold.pieces, code);
            } else {
                // Still a word: its stem counts.
                all.add(&ex.text, &ex.gold.pieces, u32::MAX);
                folds[ex.fold].add(&ex.text, &ex.gold.pieces, u32::MAX);
            }
            gold_codes.push(code);
        }
        let mut p = Perceptron::new(1);
        let mut order: Vec<usize> = (0..exs.len())
            .filter(|&i| gold_codes[i].is_some() && is_candidate_token(&exs[i].text))
            .filter(|&i| candidates(&exs[i].text, &mut cands) > 1)
            .collect();
        report.ambiguous = order.len();
        let mut rng = crate::learn::SHUFFLE_SEED;
        let mut feats: Vec<[u64; MAX_FEATS]> = vec![[0; MAX_FEATS]; MAX_CANDS];
        let mut nf = [0usize; MAX_CANDS];
        for _ in 0..EPOCHS {
            crate::learn::shuffle(&mut order, &mut rng);
            let mut errors = 0;
            for &i in &order {
                let ex = &exs[i];
                let view = View { all: &all, minus: Some(&folds[ex.fold]) };
                let ctx = context(&ex.text, ex.prev.as_deref(), ex.next.as_deref(), view, &words);
                let n = candidates(&ex.text, &mut cands);
                let gold = gold_codes[i].expect("filtered");
                let mut best = (f32::NEG_INFINITY, 0);
                let mut gi = 0;
                for j in 0..n {
                    nf[j] = features(&ex.text, &cands[j], &ctx, view, &words, &mut feats[j]);
                    let s = p.score0(&feats[j][..nf[j]]);
                    if s > best.0 {
                        best = (s, j);
                    }
                    if cands[j].code() == gold {
                        gi = j;
                    }
                }
                if best.1 != gi {
                    errors += 1;
                    p.update_rank(&feats[gi][..nf[gi]], &feats[best.1][..nf[best.1]]);
                } else {
                    p.tick();
                }
            }
            report.epoch_errors.push(errors);
        }
        let weights = p.finish();
        report.features = weights.n_features();
        // The memo: tokens with exactly one analysis in training.
        let mut seen: FxHashMap<u64, Option<u32>> = FxHashMap::default();
        for (ex, code) in exs.iter().zip(&gold_codes) {
            if !ex.gold.analyzed {
                continue;
            }
            let k = token_key(&ex.text);
            match (seen.get(&k), code) {
                (None, Some(c)) => {
                    seen.insert(k, Some(*c));
                }
                (Some(Some(old)), Some(c)) if old == c => {}
                _ => {
                    seen.insert(k, None);
                }
            }
        }
        let memo: FxHashMap<u64, u32> = seen.into_iter().filter_map(|(k, v)| Some((k, v?))).collect();
        report.memo_entries = memo.len();
        (SegmenterModel { weights, counts: all, words, memo }, report)
    }

    /// Segment one token (its nlp-normalized text), with the tokens around
    /// it for context.
    ///
    /// ```no_run
    /// # use khabar::morph::segment::SegmenterModel;
    /// # fn demo(m: &SegmenterModel) {
    /// // "for the president" → ل + الرئيس
    /// let w = m.segment("للرئيس", None, None);
    /// assert_eq!((w[1].span.clone(), w[1].form.as_str()), (2..12, "الرئيس"));
    /// // "Putin" stays whole
    /// assert_eq!(m.segment("بوتين", None, None).len(), 1);
    /// # }
    /// ```
    pub fn segment(&self, token_nlp: &str, prev: Option<&str>, next: Option<&str>) -> Vec<Piece> {
        self.segment_with(token_nlp, prev, next, true)
    }

    fn segment_with(&self, token: &str, prev: Option<&str>, next: Option<&str>, use_memo: bool) -> Vec<Piece> {
        if !is_candidate_token(token) {
            return whole(token);
        }
        if use_memo {
            if let Some(&code) = self.memo.get(&token_key(token)) {
                if let Some(c) = Cand::from_code(token, code) {
                    return materialize(token, &c);
                }
            }
        }
        let mut cands = [Cand::default(); MAX_CANDS];
        let n = candidates(token, &mut cands);
        if n == 1 {
            return whole(token);
        }
        let view = View { all: &self.counts, minus: None };
        let ctx = context(token, prev, next, view, &self.words);
        let mut feats = [0u64; MAX_FEATS];
        let mut best = (f32::NEG_INFINITY, 0);
        for (j, c) in cands[..n].iter().enumerate() {
            if pronoun_on_particle(token, c) {
                continue;
            }
            let k = features(token, c, &ctx, view, &self.words, &mut feats);
            let s = self.weights.score0(&feats[..k]);
            if s > best.0 {
                best = (s, j);
            }
        }
        materialize(token, &cands[best.1])
    }

    /// Whether training saw this token, always split the same way into
    /// more than one word (`بأن` = `ب` + `أن`, "that").
    pub fn seen_split(&self, token_nlp: &str) -> bool {
        self.memo
            .get(&token_key(token_nlp))
            .and_then(|&code| Cand::from_code(token_nlp, code))
            .is_some_and(|c| materialize(token_nlp, &c).len() > 1)
    }

    /// Whether the spelling dictionary lists the word as written (`فعلي`,
    /// "actual"; `وسوسة`, "whispering"; `صورة`): a token that only looks
    /// like a clitic and a name, or a lemma that is a real word.
    pub fn dictionary_knows(&self, word_nlp: &str) -> bool {
        self.dictionary_classes(word_nlp) != 0
    }

    /// The spelling dictionary's classes of a word as written (bits:
    /// [`crate::morph::wordlist::CLASS_NOUN`], `CLASS_VERB`,
    /// `CLASS_FUNCTION`; 0 when it lacks the word).
    pub fn dictionary_classes(&self, word_nlp: &str) -> u8 {
        self.words.class_of(&fold_letters(word_nlp))
    }

    /// Number of tokens answered from the memo table.
    pub fn memo_len(&self) -> usize {
        self.memo.len()
    }

    /// Approximate heap memory of the loaded model, in bytes.
    pub fn heap_bytes(&self) -> usize {
        let c = &self.counts;
        self.weights.heap_bytes() + self.words.heap_bytes() + (c.stems.capacity() + c.tokens.capacity() + c.analyses.capacity() + self.memo.capacity()) * 16
    }
}

// ---------------------------------------------------------------------------
// Evaluation.

/// Scores of the segmenter on held-out gold sentences.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SegEvalReport {
    /// Tokens scored (analysed ones).
    pub tokens: usize,
    /// Tokens PADT left unanalysed (scored on forms only).
    pub unanalyzed: usize,
    /// Gold words in the scored tokens.
    pub gold_words: usize,
    /// Predicted words in the scored tokens.
    pub pred_words: usize,
    /// Words matching on (token, span, form).
    pub matched: usize,
    /// Precision, recall, F1 on (token, span, form), percent.
    pub precision: f64,
    /// Recall, percent.
    pub recall: f64,
    /// F1, percent.
    pub f1: f64,
    /// F1 on forms only, words aligned within each token by LCS (what the
    /// CoNLL 2018 scorer's "Words" does when tokens agree), percent.
    pub forms_f1: f64,
    /// The same over all tokens, unanalysed ones included, percent.
    pub forms_f1_all: f64,
    /// Tokens whose whole segmentation is right, percent.
    pub token_accuracy: f64,
    /// Gold tokens with two or more words.
    pub multiword_gold: usize,
    /// Of those, segmented exactly right, percent.
    pub multiword_recall: f64,
    /// Tokens the model split into two or more words.
    pub multiword_pred: usize,
    /// Of those, segmented exactly right, percent.
    pub multiword_precision: f64,
    /// Held-out tokens whose gold segmentation the grammar proposes, percent.
    pub coverage: f64,
    /// Held-out tokens answered from the memo table, percent.
    pub memo_share: f64,
    /// Error patterns `(gold, predicted, count)`, most frequent first (at
    /// most 25), written as affix labels like `و+S` or `S+ه`.
    pub errors: Vec<(String, String, usize)>,
    /// Tokens per second, one thread (segmentation only, from nlp text).
    pub tokens_per_sec: f64,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn lcs(a: &[&str], b: &[&str]) -> usize {
    let mut dp = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in 0..a.len() {
        for j in 0..b.len() {
            dp[i + 1][j + 1] = if a[i] == b[j] { dp[i][j] + 1 } else { dp[i][j + 1].max(dp[i + 1][j]) };
        }
    }
    dp[a.len()][b.len()]
}

/// Closed-class words shown by name in error patterns.
const FUNCTION_WORDS: [&str; 16] = ["من", "ما", "عن", "أن", "إن", "لا", "كي", "حسب", "في", "على", "علي", "إلى", "إلي", "لم", "قد", "ل"];

/// A segmentation written as an affix pattern: proclitics, `S` for the
/// stem (with its restored part in brackets), enclitics: `و+ل+[ا]S`,
/// `S[ة]+ه`.
fn pattern(text: &str, pieces: &[Piece]) -> String {
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            out.push('+');
        }
        match p.role {
            Role::Proclitic | Role::Enclitic => out.push_str(&p.form),
            Role::Whole | Role::Stem => {
                let surface = &text[p.span.clone()];
                if pieces.len() > 1 && FUNCTION_WORDS.contains(&p.form.as_str()) {
                    // A function word (`من`, `ما`) says more than `S`.
                    out.push_str(&p.form);
                } else if p.form == surface {
                    out.push('S');
                } else if let Some(rest) = p.form.strip_suffix(surface) {
                    out.push_str(&format!("[{rest}]S"));
                } else {
                    out.push_str("S*");
                }
            }
        }
    }
    out
}

/// Score `model` on held-out sentences: words F1 on (token, span, form),
/// forms-only F1, token accuracy, candidate coverage, error patterns and
/// speed.
pub fn evaluate(model: &SegmenterModel, test: &[RebuiltSentence]) -> SegEvalReport {
    let exs = examples(test);
    let mut r = SegEvalReport::default();
    let (mut forms_gold, mut forms_pred, mut forms_match) = (0usize, 0usize, 0usize);
    let (mut all_gold, mut all_pred, mut all_match) = (0usize, 0usize, 0usize);
    let (mut right, mut covered, mut memo_hits) = (0usize, 0usize, 0usize);
    let (mut mw_right_gold, mut mw_right_pred) = (0usize, 0usize);
    let mut errors: FxHashMap<(String, String), usize> = FxHashMap::default();
    let mut cands = [Cand::default(); MAX_CANDS];
    for ex in &exs {
        let pred = model.segment(&ex.text, ex.prev.as_deref(), ex.next.as_deref());
        let g: Vec<&str> = ex.gold.pieces.iter().map(|p| p.form.as_str()).collect();
        let q: Vec<&str> = pred.iter().map(|p| p.form.as_str()).collect();
        let l = lcs(&g, &q);
        all_gold += g.len();
        all_pred += q.len();
        all_match += l;
        if !ex.gold.analyzed {
            r.unanalyzed += 1;
            continue;
        }
        r.tokens += 1;
        forms_gold += g.len();
        forms_pred += q.len();
        forms_match += l;
        r.gold_words += g.len();
        r.pred_words += q.len();
        let m = pred.iter().filter(|p| ex.gold.pieces.iter().any(|x| x.span == p.span && x.form == p.form)).count();
        r.matched += m;
        let ok = m == g.len() && q.len() == g.len();
        right += ok as usize;
        if g.len() > 1 {
            r.multiword_gold += 1;
            mw_right_gold += ok as usize;
        }
        if q.len() > 1 {
            r.multiword_pred += 1;
            mw_right_pred += ok as usize;
        }
        let n = candidates_for(&ex.text, &mut cands);
        if gold_index(&ex.text, &cands[..n], &ex.gold.pieces).is_some() {
            covered += 1;
        }
        if is_candidate_token(&ex.text) && model.memo.contains_key(&token_key(&ex.text)) {
            memo_hits += 1;
        }
        if !ok {
            *errors.entry((pattern(&ex.text, &ex.gold.pieces), pattern(&ex.text, &pred))).or_default() += 1;
        }
    }
    r.precision = pct(r.matched, r.pred_words);
    r.recall = pct(r.matched, r.gold_words);
    r.f1 = f1(r.precision, r.recall);
    r.forms_f1 = f1(pct(forms_match, forms_pred), pct(forms_match, forms_gold));
    r.forms_f1_all = f1(pct(all_match, all_pred), pct(all_match, all_gold));
    r.token_accuracy = pct(right, r.tokens);
    r.multiword_recall = pct(mw_right_gold, r.multiword_gold);
    r.multiword_precision = pct(mw_right_pred, r.multiword_pred);
    r.coverage = pct(covered, r.tokens);
    r.memo_share = pct(memo_hits, r.tokens);
    let mut errs: Vec<((String, String), usize)> = errors.into_iter().collect();
    errs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    r.errors = errs.into_iter().take(25).map(|((g, p), n)| (g, p, n)).collect();
    r.tokens_per_sec = speed(model, &exs);
    r
}

/// Tokens per second over the examples, one thread, repeated for at least
/// half a second.
fn speed(model: &SegmenterModel, exs: &[Example]) -> f64 {
    if exs.is_empty() {
        return 0.0;
    }
    let start = std::time::Instant::now();
    let mut n = 0usize;
    let mut check = 0usize;
    while start.elapsed().as_secs_f64() < 0.5 {
        for ex in exs {
            check += model.segment(&ex.text, ex.prev.as_deref(), ex.next.as_deref()).len();
        }
        n += exs.len();
    }
    // The piece count keeps the work from being optimized away.
    assert!(check >= n);
    n as f64 / start.elapsed().as_secs_f64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::morph::padt::{parse_conllu, rebuild};

    fn forms(p: &[Piece]) -> Vec<&str> {
        p.iter().map(|x| x.form.as_str()).collect()
    }

    #[test]
    fn grammar_proposes_the_restorations() {
        let mut cands = [Cand::default(); MAX_CANDS];
        let has = |token: &str, want: &[&str], cands: &mut [Cand; MAX_CANDS]| {
            let n = candidates(token, cands);
            assert!(
                cands[..n].iter().any(|c| forms(&materialize(token, c)) == want),
                "{token}: {want:?} not among {:?}",
                cands[..n].iter().map(|c| forms(&materialize(token, c)).join("+")).collect::<Vec<_>>()
            );
        };
        // "for the president", "for the committee"
        has("للرئيس", &["ل", "الرئيس"], &mut cands);
        has("للجنة", &["ل", "اللجنة"], &mut cands);
        // "and in the negotiations", "so she will hold it"
        has("وبالمفاوضات", &["و", "ب", "المفاوضات"], &mut cands);
        has("فستعقدها", &["ف", "س", "تعقد", "ها"], &mut cands);
        // "his sister", "its level", "its members", "they said it", "you saw him"
        has("شقيقته", &["شقيقة", "ه"], &mut cands);
        has("مستواه", &["مستوى", "ه"], &mut cands);
        has("أعضاؤه", &["أعضاء", "ه"], &mut cands);
        has("قالوه", &["قالوا", "ه"], &mut cands);
        has("رأيتموه", &["رأيتم", "ه"], &mut cands);
        // "on him" both ways, "to him", "my lawyer", "from what", "that not"
        has("عليه", &["على", "ه"], &mut cands);
        has("عليه", &["علي", "ه"], &mut cands);
        has("له", &["ل", "ه"], &mut cands);
        has("محامي", &["محامي", "ي"], &mut cands);
        has("ومما", &["و", "من", "ما"], &mut cands);
        has("ألا", &["أن", "لا"], &mut cands);
        has("لئلا", &["ل", "أن", "لا"], &mut cands);
        // The future particle needs an imperfect verb after it.
        let n = candidates("سورية", &mut cands);
        assert!(cands[..n].iter().all(|c| c.procs[0] != P_SA));
    }

    #[test]
    fn codes_round_trip() {
        let mut cands = [Cand::default(); MAX_CANDS];
        for token in ["وللجنة", "فسيعقدونها", "شقيقته", "ومما", "محامي", "بوتين"] {
            let n = candidates(token, &mut cands);
            for c in &cands[..n] {
                assert_eq!(Cand::from_code(token, c.code()), Some(*c), "{token}");
            }
        }
    }

    #[test]
    fn roles_and_spans() {
        let c = Cand { procs: [P_WA, P_LI, 0], n_proc: 2, stem: (4, 12), pre: 1, ..Cand::default() };
        // "and for the people"
        let p = materialize("وللشعب", &c);
        assert_eq!(forms(&p), ["و", "ل", "الشعب"]);
        assert_eq!(p.iter().map(|x| x.role).collect::<Vec<_>>(), [Role::Proclitic, Role::Proclitic, Role::Stem]);
        assert_eq!(p[2].span, 4..12);
    }

    /// A CoNLL-U sentence from `(form, upos, xpos, feats)` rows.
    fn conllu(doc: usize, rows: &[(&str, &str, &str, &str)]) -> String {
        let mut s = format!("# orig_file_sentence DOC{doc}#1\n");
        for (i, (form, upos, xpos, feats)) in rows.iter().enumerate() {
            s.push_str(&format!("{}\t{form}\t{form}\t{upos}\t{xpos}\t{feats}\t0\tdep\t_\t_\n", i + 1));
        }
        s.push('\n');
        s
    }

    const CONJ: (&str, &str, &str) = ("CONJ", "C---------", "_");
    const PREP: (&str, &str, &str) = ("ADP", "P---------", "AdpType=Prep");
    const FUT: (&str, &str, &str) = ("PART", "F---------", "_");
    const PRON3: (&str, &str, &str) = ("PRON", "SP---3MS2-", "Case=Gen|Person=3|PronType=Prs");
    const NOUN: (&str, &str, &str) = ("NOUN", "N------S1R", "_");
    const PROPN: (&str, &str, &str) = ("PROPN", "Z---------", "_");
    const VERB: (&str, &str, &str) = ("VERB", "VIIA-3MS--", "_");

    fn r<'a>(form: &'a str, t: (&'a str, &'a str, &'a str)) -> (&'a str, &'a str, &'a str, &'a str) {
        (form, t.0, t.1, t.2)
    }

    /// Our own small treebank: clitic patterns on common words, and the
    /// names and words that only look like clitic + word, each whole.
    fn fixture() -> Vec<RebuiltSentence> {
        let w = |f: &'static str| r(f, NOUN);
        let rows: Vec<Vec<(&str, &str, &str, &str)>> = vec![
            // و قال بوتين ل الصحفيين "and Putin told the journalists"
            vec![r("و", CONJ), r("قال", VERB), r("بوتين", PROPN), r("ل", PREP), w("الصحفيين")],
            // و أكد لافروف ب المؤتمر "and Lavrov stressed at the conference"
            vec![r("و", CONJ), r("أكد", VERB), r("لافروف", PROPN), r("ب", PREP), w("المؤتمر")],
            // كانت فرنسا و سورية ل الرئيس "France and Syria were for the president"
            vec![r("كانت", VERB), r("فرنسا", PROPN), r("و", CONJ), r("سورية", PROPN), r("ل", PREP), w("الرئيس")],
            // إلى البانيا و الله "to Albania, and God"
            vec![r("إلى", PREP), r("البانيا", PROPN), r("و", CONJ), w("الله")],
            // زار شقيقة ه ب المدينة "he visited his sister in the city"
            vec![r("زار", VERB), w("شقيقة"), r("ه", PRON3), r("ب", PREP), w("المدينة")],
            // س يعقد ه و ل الحكومة "he will hold it, and for the government"
            vec![r("س", FUT), r("يعقد", VERB), r("ه", PRON3), r("و", CONJ), r("ل", PREP), w("الحكومة")],
            // و ب المفاوضات كتاب ه "and in the negotiations his book"
            vec![r("و", CONJ), r("ب", PREP), w("المفاوضات"), w("كتاب"), r("ه", PRON3)],
            // بوتين و لافروف في فرنسا "Putin and Lavrov in France"
            vec![r("بوتين", PROPN), r("و", CONJ), r("لافروف", PROPN), r("في", PREP), r("فرنسا", PROPN)],
            // و قال ل الوزير ب المدينة "and he told the minister in the city"
            vec![r("و", CONJ), r("قال", VERB), r("ل", PREP), w("الوزير"), r("ب", PREP), w("المدينة")],
            // كانت سورية ب المؤتمر "Syria was at the conference"
            vec![r("كانت", VERB), r("سورية", PROPN), r("ب", PREP), w("المؤتمر")],
            // و زار رئيس ه "and his president visited"
            vec![r("و", CONJ), r("زار", VERB), w("رئيس"), r("ه", PRON3)],
            // زار بوتين البانيا "Putin visited Albania"
            vec![r("زار", VERB), r("بوتين", PROPN), r("البانيا", PROPN)],
            // قال لافروف إلى فرنسا "Lavrov said, to France"
            vec![r("قال", VERB), r("لافروف", PROPN), r("إلى", PREP), r("فرنسا", PROPN)],
            // كانت بوتين و لافروف "Putin and Lavrov were"
            vec![r("كانت", VERB), r("بوتين", PROPN), r("و", CONJ), r("لافروف", PROPN)],
        ];
        let mut text = String::new();
        for (i, s) in rows.iter().enumerate() {
            text.push_str(&conllu(i, s));
        }
        parse_conllu(&text, "fixture")
            .unwrap()
            .into_iter()
            .map(|s| {
                let tokens = rebuild(&s);
                RebuiltSentence { sentence: s, tokens }
            })
            .collect()
    }

    #[test]
    fn learns_a_tiny_treebank_and_keeps_names_whole() {
        let train = fixture();
        let (m, rep) = SegmenterModel::train(&train);
        assert_eq!(rep.covered, rep.tokens, "{rep:?}");
        for name in ["بوتين", "لافروف", "البانيا", "الله", "إلى", "كانت", "سورية", "فرنسا"] {
            assert_eq!(forms(&m.segment(name, Some("قال"), None)), [name], "{name}");
            // Also through the model, not the memo table.
            assert_eq!(forms(&m.segment_with(name, None, None, false)), [name], "{name} (model)");
        }
        // Seen patterns on words not in the fixture:
        // "and in the meetings", "to the ministry", "her book"
        assert_eq!(forms(&m.segment("وبالاجتماعات", None, None)), ["و", "ب", "الاجتماعات"]);
        assert_eq!(forms(&m.segment("للوزارة", None, None)), ["ل", "الوزارة"]);
        assert_eq!(forms(&m.segment("وقال", None, None)), ["و", "قال"]);
        let p = m.segment("شقيقته", None, None);
        assert_eq!(forms(&p), ["شقيقة", "ه"]);
        assert_eq!(p[0].span, 0..10);
        // Evaluation on the training data itself is perfect, and the model
        // survives a round trip through the model file format.
        let rep = evaluate(&m, &train);
        assert_eq!(rep.token_accuracy, 100.0, "{rep:?}");
        let bytes = crate::model::encode(KIND, FORMAT_VERSION, &m).unwrap();
        let back: SegmenterModel = crate::model::decode(&bytes, KIND, FORMAT_VERSION).unwrap();
        assert_eq!(forms(&back.segment("للوزارة", None, None)), ["ل", "الوزارة"]);
    }

    #[test]
    fn any_string_is_safe() {
        let (m, _) = SegmenterModel::train(&fixture());
        for s in ["", "و", "ـ", "abc", "123", "وال", "لل", "للل", "ههه", "ومما", "ي"] {
            let p = m.segment(s, None, None);
            assert!(!p.is_empty());
            let mut at = 0;
            for x in &p {
                assert_eq!(x.span.start, at, "{s}");
                assert!(x.span.end <= s.len());
                at = x.span.end;
            }
            assert_eq!(at, s.len(), "{s}");
        }
    }

    /// Writes the held-out tokens for `scripts/compare-farasa.py` into the
    /// folder named by `KHABAR_SEG_EXPORT` (outside the repo): one sentence a
    /// line (`heldout.txt`), gold and khabar pieces per token
    /// (`heldout.tsv`), and the evaluation report (`report.json`).
    #[test]
    #[ignore]
    fn segment_export() {
        let Ok(dir) = std::env::var("KHABAR_SEG_EXPORT") else { return };
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        let (train, test) = data::split_by_document(padt(), 5, 0);
        // KHABAR_SEG_SHIPPED: the embedded model's segmenter (trained by
        // `khabar train morph` on the same split, with the word list and the
        // dictionary) instead of one trained here without them.
        let m = if std::env::var("KHABAR_SEG_SHIPPED").is_ok() {
            crate::morph::stage::MorphModel::embedded().unwrap().segmenter.clone()
        } else {
            SegmenterModel::train(&train).0
        };
        let ev = evaluate(&m, &test);
        std::fs::write(dir.join("report.json"), serde_json::to_string_pretty(&ev).unwrap()).unwrap();
        let pieces = |p: &[Piece]| p.iter().map(|x| format!("{}:{}:{}", x.span.start, x.span.end, x.form)).collect::<Vec<_>>().join(" ");
        let (mut txt, mut tsv) = (String::new(), String::new());
        for (si, s) in test.iter().enumerate() {
            let golds: Vec<GoldTok> = s.tokens.iter().map(gold_token).collect();
            let line: Vec<&str> = golds.iter().map(|g| g.text.as_str()).collect();
            txt.push_str(&line.join(" "));
            txt.push('\n');
            for (i, g) in golds.iter().enumerate() {
                let prev = i.checked_sub(1).map(|j| golds[j].text.as_str());
                let next = golds.get(i + 1).map(|x| x.text.as_str());
                let p = m.segment(&g.text, prev, next);
                tsv.push_str(&format!("{si}\t{i}\t{}\t{}\t{}\t{}\n", g.text, g.analyzed, pieces(&g.pieces), pieces(&p)));
            }
        }
        std::fs::write(dir.join("heldout.txt"), txt).unwrap();
        std::fs::write(dir.join("heldout.tsv"), tsv).unwrap();
    }

    fn padt() -> Vec<RebuiltSentence> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud-arabic-padt-1.3");
        let mut all = Vec::new();
        for f in ["padt-ud1.3-dev.conllu", "padt-ud1.3-test.conllu"] {
            all.extend(super::super::padt::rebuild_file(dir.join(f)).unwrap());
        }
        all
    }

    #[test]
    fn feminine_plurals_of_dictionary_words_stay_whole() {
        // "ministries" is `وزارات`, not `و` + `زارات`; its dictionary entry
        // is the singular `وزارة`. The plain conjunction still splits.
        let m = &crate::morph::stage::MorphModel::embedded().unwrap().segmenter;
        let forms = |t: &str| m.segment(t, None, None).into_iter().map(|p| p.form).collect::<Vec<_>>();
        assert_eq!(forms("وزارات"), ["وزارات"]);
        assert_eq!(forms("والوزارات"), ["و", "الوزارات"]);
    }

    #[test]
    fn particles_carry_no_pronoun() {
        // The Kurdish name `كاوه` is not "like" + "or" + "him"; "and to
        // him" still splits.
        let m = &crate::morph::stage::MorphModel::embedded().unwrap().segmenter;
        let forms = |t: &str| m.segment(t, None, None).into_iter().map(|p| p.form).collect::<Vec<_>>();
        assert_eq!(forms("كاوه"), ["كاوه"]);
        assert_eq!(forms("وله"), ["و", "ل", "ه"]);
    }

    /// Held-out figures on PADT (reads ../shared):
    /// `cargo test --release -p khabar --lib segment_figures -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn segment_figures() {
        if std::env::var("KSEG_CV").is_ok() {
            let all = padt();
            let (mut f, mut a) = (0.0, 0.0);
            for k in 0..5 {
                let (train, test) = data::split_by_document(all.clone(), 5, k);
                let (mut m, _) = SegmenterModel::train(&train);
                if std::env::var("KSEG_NOMEMO").is_ok() {
                    m.memo.clear();
                }
                let ev = evaluate(&m, &test);
                f += ev.f1 / 5.0;
                a += ev.token_accuracy / 5.0;
            }
            println!("CV f1 {f:.3} tokacc {a:.3}");
            return;
        }
        let (train, test) = data::split_by_document(padt(), 5, 0);
        let t0 = std::time::Instant::now();
        let (mut m, rep) = SegmenterModel::train(&train);
        if std::env::var("KSEG_NOMEMO").is_ok() {
            m.memo.clear();
        }
        println!("trained in {:.1}s: {}", t0.elapsed().as_secs_f64(), serde_json::to_string(&rep).unwrap());
        let ev = evaluate(&m, &test);
        println!(
            "SUMMARY f1 {:.2} forms {:.2} tokacc {:.2} mw r/p {:.1}/{:.1} cov {:.2} memo {:.1} tok/s {:.0}",
            ev.f1, ev.forms_f1, ev.token_accuracy, ev.multiword_recall, ev.multiword_precision, ev.coverage, ev.memo_share, ev.tokens_per_sec
        );
        println!("{}", serde_json::to_string(&ev).unwrap());
        let bytes = crate::model::encode(KIND, FORMAT_VERSION, &m).unwrap();
        println!("model file {} bytes", bytes.len());
        if let Ok(path) = std::env::var("KHABAR_SEG_DUMP") {
            // Error list for our own analysis; stays outside the repo.
            let mut s = String::new();
            for ex in examples(&test) {
                if !ex.gold.analyzed {
                    continue;
                }
                let p = m.segment(&ex.text, ex.prev.as_deref(), ex.next.as_deref());
                let g: Vec<_> = ex.gold.pieces.iter().map(|x| (x.span.clone(), x.form.clone())).collect();
                let q: Vec<_> = p.iter().map(|x| (x.span.clone(), x.form.clone())).collect();
                if g != q {
                    s.push_str(&format!("{}\t{}\t{}\n", ex.text, forms(&ex.gold.pieces).join("+"), forms(&p).join("+")));
                }
            }
            std::fs::write(path, s).unwrap();
        }
        // The names and look-alikes, through the model and through the memo.
        for name in ["بوتين", "لافروف", "البانيا", "الله", "إلى", "كانت", "سورية", "فرنسا"] {
            println!("{name}: {:?} / model only {:?}", forms(&m.segment(name, None, None)), forms(&m.segment_with(name, None, None, false)));
        }
    }
}
