//! The entity tagger: BIO tags over tokens, a structured averaged
//! perceptron decoded with Viterbi (first order), twice; each pass is the
//! mean of a few perceptrons trained in different orders.
//!
//! Pass 1 reads the token, its stems, the name lists, two tokens each side
//! and, paired with the previous tag, a few of those. Pass 2 adds pass 1's tags to the right and,
//! for each token, the type pass 1 gave the same stem elsewhere in the
//! document (a name written in full once, `فلاديمير بوتين`, and later alone,
//! `بوتين`). Pass 2 learns how far to trust pass 1 from pass-1 tags made by
//! models that never saw the sentence (5 folds), as the POS tagger does.

use super::features::{emission, emission_right, right_tag_base, transition, with_prev, Prepared, Right};
use crate::document::EntityType;
use crate::learn::perceptron::{Acc, PAIRED_MAX_CLASSES};
use crate::learn::{FeatureSet, PairedModel, Perceptron, PerceptronModel};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

/// The tag names, by id: `O`, then `B-`/`I-` of PER, LOC, ORG, MISC.
pub const TAGS: [&str; 9] = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"];

/// Entity types in tag order.
pub const TYPES: [EntityType; 4] = [EntityType::PER, EntityType::LOC, EntityType::ORG, EntityType::MISC];

/// Tag id of `B-` (`inside` false) or `I-` of a type.
pub fn tag_id(t: EntityType, inside: bool) -> u16 {
    let k = TYPES.iter().position(|&x| x == t).expect("a type") as u16;
    1 + 2 * k + inside as u16
}

/// The type of a tag, if it is not `O`.
pub fn tag_type(tag: u16) -> Option<EntityType> {
    (tag > 0).then(|| TYPES[((tag - 1) / 2) as usize])
}

/// True for an `I-` tag.
pub fn is_inside(tag: u16) -> bool {
    tag > 0 && tag & 1 == 0
}

/// `I-X` may only follow `B-X` or `I-X`.
#[inline]
fn allowed(prev: u16, tag: u16) -> bool {
    !is_inside(tag) || (prev > 0 && (prev - 1) / 2 == (tag - 1) / 2)
}

/// One training sentence: prepared tokens, gold tag ids, and which
/// document it belongs to (for the document features of pass 2).
#[derive(Debug, Clone)]
pub struct Sequence {
    /// The tokens.
    pub tokens: Vec<Prepared>,
    /// Gold tag ids ([`TAGS`]).
    pub gold: Vec<u16>,
    /// Document number; sentences of one document are consecutive.
    pub doc: usize,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Folds for pass 2's view of pass 1 (0 or 1: one pass only).
    pub folds: usize,
    /// Models trained in different orders and averaged, per pass (1: one).
    pub average: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 5, folds: 5, average: 3 }
    }
}

/// A pass's transition weights regrouped by base feature: for each base,
/// its non-zero weights as `(previous tag × N + tag, weight)`. The same
/// numbers as the pass model's rows for `with_prev(base, prev)`, read with
/// one look-up per base instead of one per base and previous tag.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Transitions {
    index: FxHashMap<crate::learn::Hashed, (u32, u32)>,
    entries: Vec<(u8, f32)>,
    /// The same rows for decoding (see [`TransTable`]), built from `index`
    /// and `entries` on first use, not stored: the model file keeps its
    /// format.
    #[serde(skip)]
    fast: std::sync::OnceLock<TransTable>,
}

/// Rows of at least this many weights are kept dense for decoding. The
/// common bases (the tag bigram alone, frequent endings, list classes)
/// have most of the 90 pairs, and their sparse adds, an index load and a
/// scattered add each, were most of the decoder's instructions; a dense
/// row is a run of vector adds. Rare bases (a token's own stem) have a
/// few weights and stay sparse, so the table stays small and in cache.
const DENSE_MIN: u32 = 16;

/// Marks a dense row in [`TransTable::spans`].
const DENSE: u32 = u32::MAX;

/// [`Transitions`] for decoding: an open-addressing table of bases (one
/// probe, no hashing: the bases are hashes already), each slot pointing at
/// its sparse entries or at a dense row of [`TRANS`] weights.
#[derive(Debug, Clone, Default)]
struct TransTable {
    keys: Vec<crate::learn::Hashed>,
    /// `(start, len)` of the slot's entries in [`Transitions::entries`];
    /// `len` 0 is an empty slot, [`DENSE`] a row at `dense[start * TRANS..]`.
    spans: Vec<(u32, u32)>,
    dense: Vec<f32>,
    mask: usize,
}

/// Previous tags (the tags and the sentence start) × tags.
const TRANS: usize = (N + 1) * N;

impl Transitions {
    /// Move the transition rows of `m` into a table (see [`Transitions::build`]).
    fn split(m: PerceptronModel, bases: &FxHashSet<crate::learn::Hashed>) -> (PerceptronModel, Transitions) {
        let t = Transitions::build(&m, bases);
        let keys: FxHashSet<crate::learn::Hashed> = bases.iter().flat_map(|&b| (0..=START).map(move |p| with_prev(b, p))).collect();
        (m.without(&keys), t)
    }

    /// Regroup the rows of `m` for every base in `bases` (all those
    /// training produced: a base never produced has no weights).
    fn build(m: &PerceptronModel, bases: &FxHashSet<crate::learn::Hashed>) -> Transitions {
        let mut sorted: Vec<crate::learn::Hashed> = bases.iter().copied().collect();
        sorted.sort_unstable();
        let mut t = Transitions::default();
        for b in sorted {
            let start = t.entries.len();
            for p in 0..=START {
                if let Some(row) = m.row(with_prev(b, p)) {
                    for (tag, &w) in row.iter().enumerate() {
                        if w != 0.0 {
                            t.entries.push(((p as usize * N + tag) as u8, w));
                        }
                    }
                }
            }
            if t.entries.len() > start {
                t.index.insert(b, (start as u32, (t.entries.len() - start) as u32));
            }
        }
        t
    }

    /// The decoding table, built on first use.
    fn table(&self) -> &TransTable {
        self.fast.get_or_init(|| {
            // Load factor at most 1/2 keeps probe chains short.
            let cap = (self.index.len() * 2).next_power_of_two().max(16);
            let mut t = TransTable { keys: vec![0; cap], spans: vec![(0, 0); cap], dense: Vec::new(), mask: cap - 1 };
            for (&b, &(start, len)) in &self.index {
                let mut slot = b as usize & t.mask;
                while t.spans[slot].1 != 0 {
                    slot = (slot + 1) & t.mask;
                }
                t.keys[slot] = b;
                t.spans[slot] = if len >= DENSE_MIN {
                    let row = t.dense.len() / TRANS;
                    t.dense.resize(t.dense.len() + TRANS, 0.0);
                    for &(k, w) in &self.entries[start as usize..(start + len) as usize] {
                        t.dense[row * TRANS + k as usize] = w;
                    }
                    (row as u32, DENSE)
                } else {
                    (start, len)
                };
            }
            t
        })
    }

    /// Add the weights of `bases` into `out[prev * N + tag]`.
    ///
    /// A dense row adds `0.0` where the sparse one added nothing: `out`
    /// starts at `+0.0` and sums of non-zero weights are never `-0.0`, so
    /// `x + 0.0 == x` and every score is the number the sparse adds give
    /// (the bases are added in the same order).
    #[inline]
    fn add(&self, bases: &[crate::learn::Hashed], out: &mut [f32; TRANS]) {
        let t = self.table();
        for &b in bases {
            let mut slot = b as usize & t.mask;
            loop {
                let (start, len) = t.spans[slot];
                if len == 0 {
                    break;
                }
                if t.keys[slot] == b {
                    if len == DENSE {
                        let at = start as usize * TRANS;
                        let row: &[f32; TRANS] = t.dense[at..at + TRANS].try_into().expect("TRANS weights");
                        for k in 0..TRANS {
                            out[k] += row[k];
                        }
                    } else {
                        for &(k, w) in &self.entries[start as usize..(start + len) as usize] {
                            out[k as usize] += w;
                        }
                    }
                    break;
                }
                slot = (slot + 1) & t.mask;
            }
        }
    }
}

/// Every transition base the training sentences produce, in a pass with
/// or without pass 1's tags.
fn all_bases(seqs: &[Sequence], right: Option<RightData<'_>>) -> FxHashSet<crate::learn::Hashed> {
    let mut set = FxHashSet::default();
    let mut b = Vec::new();
    for (si, s) in seqs.iter().enumerate() {
        let r = right.map(|(t, d)| Right { tags: &t[si], doc: &d[si] });
        for i in 0..s.tokens.len() {
            transition(&mut b, &s.tokens, i, r, false);
            set.extend(b.iter().copied());
        }
    }
    if right.is_some() {
        set.extend(TAGS.iter().chain(&["</s>"]).map(|t| right_tag_base(t)));
    }
    set
}

/// The trained tagger.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NerTagger {
    pass1: PerceptronModel,
    pass2: Option<PerceptronModel>,
    trans1: Transitions,
    trans2: Option<Transitions>,
    /// [`super::gazetteer::Gazetteer::fingerprint`] of the lists it was trained with.
    pub gazetteer: u64,
    /// Both passes' emission rows in one table (see [`NerTagger::tag_document`]),
    /// built from `pass1` and `pass2` on first use rather than stored, so the
    /// model file keeps its format; [`NerTagger::warm`] builds it at load.
    #[serde(skip)]
    paired: std::sync::OnceLock<Option<PairedModel>>,
}

/// Share (per mille) of training tokens whose identity features are hidden.
const HIDE_PER_MILLE: u64 = 50;

fn xorshift(rng: &mut u64) -> u64 {
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    *rng
}

/// For every token of a document, the type pass 1 gave the same bare stem
/// in other places of the document (the commonest), or `-`.
fn doc_types<'a>(sents: &[&'a [Prepared]], tags: &[Vec<u16>]) -> Vec<Vec<&'static str>> {
    let mut counts: FxHashMap<&'a str, [u32; 4]> = FxHashMap::default();
    for (ws, ts) in sents.iter().zip(tags) {
        for (w, &t) in ws.iter().zip(ts) {
            if t > 0 && w.kind != "p" {
                counts.entry(w.bare.as_str()).or_default()[((t - 1) / 2) as usize] += 1;
            }
        }
    }
    const NAMES: [&str; 4] = ["PER", "LOC", "ORG", "MISC"];
    sents
        .iter()
        .zip(tags)
        .map(|(ws, ts)| {
            ws.iter()
                .zip(ts)
                .map(|(w, &t)| {
                    let Some(c) = counts.get(w.bare.as_str()) else { return "-" };
                    let mut c = *c;
                    if t > 0 {
                        c[((t - 1) / 2) as usize] -= 1;
                    }
                    let (k, n) = c.iter().enumerate().max_by_key(|(k, n)| (**n, 4 - *k)).expect("4");
                    if *n == 0 {
                        "-"
                    } else {
                        NAMES[k]
                    }
                })
                .collect()
        })
        .collect()
}

/// Pass-1 tag names and document types per sentence, for pass 2.
type RightData<'a> = (&'a [Vec<&'a str>], &'a [Vec<&'a str>]);

/// Index of the sentence start among previous tags.
const START: u16 = TAGS.len() as u16;
const N: usize = TAGS.len();

/// `tag` may follow `prev` (`START` at the sentence start).
#[inline]
fn allowed_after(prev: u16, tag: u16) -> bool {
    if prev == START {
        !is_inside(tag)
    } else {
        allowed(prev, tag)
    }
}

/// Reusable buffers of the decoder.
#[derive(Default)]
struct Scratch {
    f: FeatureSet,
    bases: Vec<crate::learn::Hashed>,
    buf: Vec<f32>,
    delta: Vec<[f32; N]>,
    back: Vec<[u16; N]>,
}

/// The best tag sequence (Viterbi over BIO tags, first order): each
/// token's score is its tag-independent features ([`emission`]) plus its
/// features paired with the previous tag ([`transition`]), all scored
/// through `score` (training, and passes before their [`Transitions`] are
/// built; a trained pass decodes with [`decode`], the same numbers).
/// `hide` (training only) hides tokens' identity features.
fn viterbi(
    score: &impl Fn(&[crate::learn::Hashed], &mut Vec<f32>),
    ws: &[Prepared],
    right: Option<Right<'_>>,
    hide: Option<&[bool]>,
    sc: &mut Scratch,
) -> Vec<u16> {
    let n = ws.len();
    if n == 0 {
        return Vec::new();
    }
    let hidden = |i: usize| hide.is_some_and(|h| h[i]);
    sc.delta.clear();
    sc.delta.resize(n, [f32::NEG_INFINITY; N]);
    sc.back.clear();
    sc.back.resize(n, [0; N]);
    let mut em = [0f32; N];
    let mut row = [0f32; N];
    for i in 0..n {
        emission(&mut sc.f, ws, i, right, hidden(i));
        score(&sc.f.items, &mut sc.buf);
        em.copy_from_slice(&sc.buf[..N]);
        transition(&mut sc.bases, ws, i, right, hidden(i));
        let prevs = if i == 0 { START..START + 1 } else { 0..START };
        for p in prevs {
            let dp = if i == 0 { 0.0 } else { sc.delta[i - 1][p as usize] };
            if dp == f32::NEG_INFINITY {
                continue;
            }
            sc.f.clear();
            sc.f.items.extend(sc.bases.iter().map(|&b| with_prev(b, p)));
            score(&sc.f.items, &mut sc.buf);
            row.copy_from_slice(&sc.buf[..N]);
            relax(sc, i, p, dp, &em, &row);
        }
    }
    backtrack(sc, n)
}

/// Extend the best paths into token `i` from previous tag `p`, whose path
/// scores `dp`: emission `em` plus transition `row` (scores after `p`).
#[inline]
fn relax(sc: &mut Scratch, i: usize, p: u16, dp: f32, em: &[f32; N], row: &[f32]) {
    for t in 0..N {
        if allowed_after(p, t as u16) {
            let s = dp + em[t] + row[t];
            if s > sc.delta[i][t] {
                sc.delta[i][t] = s;
                sc.back[i][t] = p;
            }
        }
    }
}

/// The best path ending at token `n - 1`, from `sc.delta` and `sc.back`.
fn backtrack(sc: &Scratch, n: usize) -> Vec<u16> {
    let mut t = (0..N).max_by(|&a, &b| sc.delta[n - 1][a].total_cmp(&sc.delta[n - 1][b]).then(b.cmp(&a))).expect("tags") as u16;
    let mut out = vec![0u16; n];
    for i in (0..n).rev() {
        out[i] = t;
        t = sc.back[i][t as usize];
    }
    out
}

/// [`viterbi`] for a trained pass, its emission scores given (`em[i]` for
/// token `i`, scored by the caller so that both passes can share the
/// look-ups of the fixed features) and its transition pairs read from
/// `trans` (one look-up per base). Same arithmetic in the same order as
/// [`viterbi`], so the same scores and paths.
fn decode(trans: &Transitions, ws: &[Prepared], right: Option<Right<'_>>, em: &[[f32; N]], sc: &mut Scratch) -> Vec<u16> {
    let n = ws.len();
    if n == 0 {
        return Vec::new();
    }
    sc.delta.clear();
    sc.delta.resize(n, [f32::NEG_INFINITY; N]);
    sc.back.clear();
    sc.back.resize(n, [0; N]);
    let mut tr = [0f32; TRANS];
    for (i, e) in em.iter().enumerate().take(n) {
        transition(&mut sc.bases, ws, i, right, false);
        tr.fill(0.0);
        trans.add(&sc.bases, &mut tr);
        let prevs = if i == 0 { START..START + 1 } else { 0..START };
        for p in prevs {
            let dp = if i == 0 { 0.0 } else { sc.delta[i - 1][p as usize] };
            if dp == f32::NEG_INFINITY {
                continue;
            }
            relax(sc, i, p, dp, e, &tr[p as usize * N..p as usize * N + N]);
        }
    }
    backtrack(sc, n)
}

/// A trained pass over one sentence, scoring its own emissions.
fn viterbi_trained(m: &PerceptronModel, trans: &Transitions, ws: &[Prepared], right: Option<Right<'_>>, sc: &mut Scratch) -> Vec<u16> {
    let mut em = Vec::with_capacity(ws.len());
    for i in 0..ws.len() {
        emission(&mut sc.f, ws, i, right, false);
        m.scores(&sc.f.items, &mut sc.buf);
        em.push(sc.buf[..N].try_into().expect("N scores"));
    }
    decode(trans, ws, right, &em, sc)
}

/// Train one pass: a structured perceptron (Collins 2002) decoding with
/// [`viterbi`], updating where the best path leaves the gold one.
fn train_pass(seqs: &[Sequence], which: &[usize], right: Option<RightData<'_>>, epochs: usize, average: usize) -> PerceptronModel {
    if average <= 1 {
        return train_one(seqs, which, right, epochs, 0x2545_F491_4F6C_DD1D);
    }
    let models: Vec<PerceptronModel> = (0..average as u64)
        .map(|k| train_one(seqs, which, right, epochs, 0x2545_F491_4F6C_DD1D ^ k.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        .collect();
    PerceptronModel::average(&models)
}

fn train_one(seqs: &[Sequence], which: &[usize], right: Option<RightData<'_>>, epochs: usize, seed: u64) -> PerceptronModel {
    let mut p = Perceptron::new(TAGS.len());
    let mut sc = Scratch::default();
    let mut bases = Vec::new();
    let mut order = which.to_vec();
    let mut rng = seed;
    let mut hide = Vec::new();
    for _ in 0..epochs {
        for k in (1..order.len()).rev() {
            order.swap(k, (xorshift(&mut rng) % (k as u64 + 1)) as usize);
        }
        for &si in &order {
            let s = &seqs[si];
            let r = right.map(|(t, d)| Right { tags: &t[si], doc: &d[si] });
            hide.clear();
            hide.extend((0..s.tokens.len()).map(|_| xorshift(&mut rng) % 1000 < HIDE_PER_MILLE));
            let guess = viterbi(&|f: &[crate::learn::Hashed], b: &mut Vec<f32>| p.scores(f, b), &s.tokens, r, Some(&hide), &mut sc);
            for i in 0..s.tokens.len() {
                p.tick();
                let (g, y) = (s.gold[i], guess[i]);
                let gp = if i == 0 { START } else { s.gold[i - 1] };
                let yp = if i == 0 { START } else { guess[i - 1] };
                if g == y && gp == yp {
                    continue;
                }
                if g != y {
                    emission(&mut sc.f, &s.tokens, i, r, hide[i]);
                    p.add(&sc.f.items, g, 1.0);
                    p.add(&sc.f.items, y, -1.0);
                }
                transition(&mut bases, &s.tokens, i, r, hide[i]);
                sc.f.clear();
                sc.f.items.extend(bases.iter().map(|&b| with_prev(b, gp)));
                p.add(&sc.f.items, g, 1.0);
                sc.f.clear();
                sc.f.items.extend(bases.iter().map(|&b| with_prev(b, yp)));
                p.add(&sc.f.items, y, -1.0);
            }
        }
    }
    p.finish()
}

fn run_pass(m: &PerceptronModel, ws: &[Prepared], right: Option<Right<'_>>, sc: &mut Scratch) -> Vec<u16> {
    viterbi(&|f: &[crate::learn::Hashed], b: &mut Vec<f32>| m.scores(f, b), ws, right, None, sc)
}

/// Document groups of a sequence list: ranges of consecutive equal `doc`.
fn doc_ranges(seqs: &[Sequence]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=seqs.len() {
        if i == seqs.len() || seqs[i].doc != seqs[start].doc {
            out.push(start..i);
            start = i;
        }
    }
    out
}

impl NerTagger {
    /// Train on gold sequences.
    pub fn train(seqs: &[Sequence], opts: TrainOptions, gazetteer: u64) -> NerTagger {
        let all: Vec<usize> = (0..seqs.len()).collect();
        let (pass1, trans1) = Transitions::split(train_pass(seqs, &all, None, opts.epochs, opts.average), &all_bases(seqs, None));
        if opts.folds < 2 {
            return NerTagger { pass1, pass2: None, trans1, trans2: None, gazetteer, paired: Default::default() };
        }
        // Pass-1 tags of every sentence from a model that did not see it;
        // folds are whole documents so the document feature is honest too.
        let docs = doc_ranges(seqs);
        let mut first: Vec<Vec<u16>> = vec![Vec::new(); seqs.len()];
        let mut sc = Scratch::default();
        for fold in 0..opts.folds {
            let rest: Vec<usize> =
                docs.iter().enumerate().filter(|(d, _)| d % opts.folds != fold).flat_map(|(_, r)| r.clone()).collect();
            let m = train_pass(seqs, &rest, None, opts.epochs, opts.average);
            for r in docs.iter().enumerate().filter(|(d, _)| d % opts.folds == fold).map(|(_, r)| r) {
                for i in r.clone() {
                    first[i] = run_pass(&m, &seqs[i].tokens, None, &mut sc);
                }
            }
        }
        let names: Vec<Vec<&str>> = first.iter().map(|t| t.iter().map(|&x| TAGS[x as usize]).collect()).collect();
        let mut doc: Vec<Vec<&str>> = vec![Vec::new(); seqs.len()];
        for r in &docs {
            let sents: Vec<&[Prepared]> = seqs[r.clone()].iter().map(|s| s.tokens.as_slice()).collect();
            for (k, d) in doc_types(&sents, &first[r.clone()]).into_iter().enumerate() {
                doc[r.start + k] = d;
            }
        }
        let (pass2, trans2) =
            Transitions::split(train_pass(seqs, &all, Some((&names, &doc)), opts.epochs, opts.average), &all_bases(seqs, Some((&names, &doc))));
        NerTagger { pass1, pass2: Some(pass2), trans1, trans2: Some(trans2), gazetteer, paired: Default::default() }
    }

    /// The two passes' emission rows in one table, when there are two.
    fn paired(&self) -> Option<&PairedModel> {
        self.paired.get_or_init(|| self.pass2.as_ref().and_then(|p2| PairedModel::new(&self.pass1, p2))).as_ref()
    }

    /// Build what decoding builds on first use (the paired table), so that
    /// loading, not the first document, pays for it.
    pub fn warm(&self) {
        self.paired();
        self.trans1.table();
        if let Some(t) = &self.trans2 {
            t.table();
        }
    }

    /// Tag the sentences of one document: tag ids ([`TAGS`]) per token.
    ///
    /// Both passes score every token's fixed features (`Prepared::fixed`,
    /// most of its emission features): through the paired table they are
    /// looked up once, pass 1 taking its half of the sums at once and pass
    /// 2 keeping its half until it adds its own features. The sums are
    /// integers, so the scores are the numbers each pass model gives.
    pub fn tag_document(&self, sents: &[&[Prepared]]) -> Vec<Vec<u16>> {
        let mut sc = Scratch::default();
        if let (Some(pair), Some(trans2)) = (self.paired(), &self.trans2) {
            return self.tag_paired(pair, trans2, sents, &mut sc);
        }
        let first: Vec<Vec<u16>> = sents.iter().map(|ws| viterbi_trained(&self.pass1, &self.trans1, ws, None, &mut sc)).collect();
        let (Some(pass2), Some(trans2)) = (&self.pass2, &self.trans2) else { return first };
        let doc = doc_types(sents, &first);
        sents
            .iter()
            .zip(&first)
            .zip(&doc)
            .map(|((ws, t1), d)| {
                let names: Vec<&str> = t1.iter().map(|&x| TAGS[x as usize]).collect();
                viterbi_trained(pass2, trans2, ws, Some(Right { tags: &names, doc: d }), &mut sc)
            })
            .collect()
    }

    /// [`NerTagger::tag_document`] through the paired table.
    fn tag_paired(&self, pair: &PairedModel, trans2: &Transitions, sents: &[&[Prepared]], sc: &mut Scratch) -> Vec<Vec<u16>> {
        const _: () = assert!(N <= PAIRED_MAX_CLASSES);
        // Pass 2's sums of the fixed features, token by token over the document.
        let mut second: Vec<[i32; N]> = Vec::with_capacity(sents.iter().map(|s| s.len()).sum());
        let mut em: Vec<[f32; N]> = Vec::new();
        let mut first = Vec::with_capacity(sents.len());
        for ws in sents {
            em.clear();
            for w in ws.iter() {
                let mut acc: Acc = [0; 2 * PAIRED_MAX_CLASSES];
                pair.add_both(&w.fixed, &mut acc);
                second.push(acc[N..2 * N].try_into().expect("N sums"));
                pair.scores(0, &acc, &mut sc.buf);
                em.push(sc.buf[..N].try_into().expect("N scores"));
            }
            first.push(decode(&self.trans1, ws, None, &em, sc));
        }
        let doc = doc_types(sents, &first);
        let mut k = 0;
        let mut out = Vec::with_capacity(sents.len());
        for ((ws, t1), d) in sents.iter().zip(&first).zip(&doc) {
            let names: Vec<&str> = t1.iter().map(|&x| TAGS[x as usize]).collect();
            let r = Right { tags: &names, doc: d };
            em.clear();
            for i in 0..ws.len() {
                let mut acc: Acc = [0; 2 * PAIRED_MAX_CLASSES];
                acc[..N].copy_from_slice(&second[k]);
                k += 1;
                emission_right(&mut sc.f, ws, i, r);
                pair.add_one(1, &sc.f.items, &mut acc);
                pair.scores(1, &acc, &mut sc.buf);
                em.push(sc.buf[..N].try_into().expect("N scores"));
            }
            out.push(decode(trans2, ws, Some(r), &em, sc));
        }
        out
    }

    /// Features kept, both passes.
    pub fn n_features(&self) -> usize {
        self.pass1.n_features() + self.pass2.as_ref().map_or(0, |m| m.n_features())
    }
}

/// Entities of a tag sequence as `(first, end, type)` token ranges; a
/// stray `I-` (none are produced, but gold files have them) opens one.
///
/// ```
/// use khabar::ner::model::{chunks, tag_id};
/// use khabar::EntityType;
/// let tags = [0, tag_id(EntityType::PER, false), tag_id(EntityType::PER, true), 0];
/// assert_eq!(chunks(&tags), vec![(1, 3, EntityType::PER)]);
/// ```
pub fn chunks(tags: &[u16]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let ty = tag_type(t);
        let continues = is_inside(t) && open.is_some_and(|(_, o)| Some(o) == ty);
        if !continues {
            if let Some((s, o)) = open.take() {
                out.push((s, i, o));
            }
            if let Some(ty) = ty {
                open = Some((i, ty));
            }
        }
    }
    if let Some((s, o)) = open {
        out.push((s, tags.len(), o));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoding table adds the very numbers (bit for bit) that the
    /// sparse entries give, over the shipped model's bases in groups, with
    /// a base it does not know among them.
    #[test]
    fn transition_table_adds_the_sparse_numbers() {
        let m = crate::ner::NerModel::embedded().expect("model");
        for tr in [Some(&m.tagger.trans1), m.tagger.trans2.as_ref()].into_iter().flatten() {
            let mut bases: Vec<crate::learn::Hashed> = tr.index.keys().copied().collect();
            bases.sort_unstable();
            // The bases with most weights (dense rows) in every group too.
            let mut big: Vec<crate::learn::Hashed> = bases.iter().copied().filter(|b| tr.index[b].1 >= DENSE_MIN).collect();
            big.truncate(6);
            assert!(!big.is_empty());
            for group in bases.chunks(5) {
                let list: Vec<crate::learn::Hashed> = big.iter().chain(group).copied().chain([12345]).collect();
                let mut want = [0f32; TRANS];
                for b in &list {
                    if let Some(&(start, len)) = tr.index.get(b) {
                        for &(k, w) in &tr.entries[start as usize..(start + len) as usize] {
                            want[k as usize] += w;
                        }
                    }
                }
                let mut got = [0f32; TRANS];
                tr.add(&list, &mut got);
                assert_eq!(got.map(f32::to_bits), want.map(f32::to_bits));
            }
        }
    }
}
