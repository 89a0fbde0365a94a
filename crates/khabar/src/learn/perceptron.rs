//! The averaged perceptron (Collins 2002), sparse over hashed features.
//!
//! Training keeps, per (feature, class), the current weight, the running
//! total and the step of the last change, so averaging is lazy and costs
//! nothing per step. The trained model keeps only the averaged weights
//! that are not zero, as `f32`, in one flat array.

use super::features::Hashed;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    weight: f32,
    total: f64,
    stamp: u32,
}

/// A perceptron being trained over `n_classes` classes.
#[derive(Debug)]
pub struct Perceptron {
    n_classes: usize,
    cells: FxHashMap<Hashed, Vec<(u16, Cell)>>,
    step: u32,
}

impl Perceptron {
    /// A fresh perceptron.
    pub fn new(n_classes: usize) -> Self {
        assert!(n_classes > 0 && n_classes <= u16::MAX as usize);
        Perceptron { n_classes, cells: FxHashMap::default(), step: 0 }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Scores of every class under the current (not averaged) weights.
    pub fn scores(&self, feats: &[Hashed], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.n_classes, 0.0);
        for f in feats {
            if let Some(row) = self.cells.get(f) {
                for (c, cell) in row {
                    out[*c as usize] += cell.weight;
                }
            }
        }
    }

    /// Best class among `allowed` (all when `None`) under the current weights.
    pub fn predict(&self, feats: &[Hashed], allowed: Option<&[u16]>, buf: &mut Vec<f32>) -> u16 {
        self.scores(feats, buf);
        argmax(buf, allowed)
    }

    /// One training step: if `guess != truth`, move weights toward `truth`.
    /// Call once per decision, even when the guess was right.
    pub fn update(&mut self, feats: &[Hashed], truth: u16, guess: u16) {
        self.step += 1;
        if truth == guess {
            return;
        }
        self.add(feats, truth, 1.0);
        self.add(feats, guess, -1.0);
    }

    /// Add `delta` to the weights of `class` for `feats`, at the current
    /// step (no step is counted: call [`Perceptron::tick`] once per
    /// decision first). For structured updates, where the gold and the
    /// guessed path have different features at one position.
    pub fn add(&mut self, feats: &[Hashed], class: u16, delta: f32) {
        let step = self.step;
        for f in feats {
            let row = self.cells.entry(*f).or_default();
            let cell = match row.iter_mut().find(|(c, _)| *c == class) {
                Some((_, cell)) => cell,
                None => {
                    row.push((class, Cell { weight: 0.0, total: 0.0, stamp: step }));
                    &mut row.last_mut().expect("just pushed").1
                }
            };
            cell.total += (step - cell.stamp) as f64 * cell.weight as f64;
            cell.stamp = step;
            cell.weight += delta;
        }
    }

    /// Ranking update for single-class use (class 0 scores a candidate):
    /// move toward the gold candidate's features, away from the guessed
    /// one's. Counts as one step.
    pub fn update_rank(&mut self, gold: &[Hashed], guess: &[Hashed]) {
        self.step += 1;
        let step = self.step;
        for (feats, delta) in [(gold, 1.0f32), (guess, -1.0f32)] {
            for f in feats {
                let row = self.cells.entry(*f).or_default();
                if row.is_empty() {
                    row.push((0, Cell { weight: 0.0, total: 0.0, stamp: step }));
                }
                let cell = &mut row[0].1;
                cell.total += (step - cell.stamp) as f64 * cell.weight as f64;
                cell.stamp = step;
                cell.weight += delta;
            }
        }
    }

    /// Advance the step counter without changing weights (a correct
    /// ranking decision, which still counts for averaging).
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Score under class 0 (ranking use), current weights.
    pub fn score0(&self, feats: &[Hashed]) -> f32 {
        feats.iter().filter_map(|f| self.cells.get(f)).filter_map(|r| r.first()).map(|(_, c)| c.weight).sum()
    }

    /// Average the weights over all steps and keep the non-zero ones.
    pub fn finish(self) -> PerceptronModel {
        let step = self.step.max(1);
        let mut rows: Vec<(Hashed, Vec<(u16, f32)>)> = Vec::with_capacity(self.cells.len());
        for (f, row) in self.cells {
            let mut kept = Vec::new();
            for (c, cell) in row {
                let total = cell.total + (step - cell.stamp) as f64 * cell.weight as f64;
                let avg = (total / step as f64) as f32;
                if avg.abs() > 1e-4 {
                    kept.push((c, avg));
                }
            }
            if !kept.is_empty() {
                rows.push((f, kept));
            }
        }
        rows.sort_unstable_by_key(|(f, _)| *f);
        PerceptronModel::from_rows(self.n_classes, rows)
    }
}

fn argmax(scores: &[f32], allowed: Option<&[u16]>) -> u16 {
    let mut best = 0u16;
    let mut best_score = f32::NEG_INFINITY;
    let mut consider = |c: u16| {
        let s = scores[c as usize];
        if s > best_score {
            best_score = s;
            best = c;
        }
    };
    match allowed {
        Some(list) => list.iter().for_each(|&c| consider(c)),
        None => (0..scores.len() as u16).for_each(consider),
    }
    best
}

/// A trained, averaged perceptron: read-only and compact.
///
/// Models with few classes (POS, entity tags) keep each feature's weights as
/// a dense row in an open-addressing table, so scoring a feature is one
/// probe and one contiguous add: the lookups are most of a tagger's time.
/// Models with many classes (lemma edit scripts) keep sparse rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "StoredModel", into = "StoredModel")]
pub struct PerceptronModel {
    n_classes: usize,
    table: Table,
}

/// The largest stored weight, in `i16` steps.
const QUANT_MAX: f32 = 32000.0;

/// Largest class count stored densely.
const DENSE_MAX_CLASSES: usize = 32;

#[derive(Debug, Clone)]
enum Table {
    /// `keys[slot]` (0 = empty) and `weights[slot * n .. slot * n + n]`,
    /// stored as `i16` steps of `scale`: half the memory of `f32`, so more
    /// of the table stays in cache.
    Dense { keys: Vec<Hashed>, weights: Vec<i16>, scale: f32, mask: usize },
    Sparse { index: FxHashMap<Hashed, (u32, u32)>, entries: Vec<(u16, f32)> },
}

/// `acc[c] += row[c]` with the row's length known at compile time, so the
/// loop is unrolled into vector adds (one of unknown length stays a scalar
/// loop): this add is most of a tagger's scoring. Integer sums, so the
/// order of features and classes cannot change a score.
#[inline(always)]
fn add_row_n<const N: usize>(acc: &mut [i32; DENSE_MAX_CLASSES], row: &[i16]) {
    let row: &[i16; N] = row.try_into().expect("rows are n_classes long");
    for k in 0..N {
        acc[k] += row[k] as i32;
    }
}

/// Scores of `feats` into `acc`, the row length fixed by `N`.
#[inline(never)]
fn dense_scores<const N: usize>(keys: &[Hashed], weights: &[i16], mask: usize, feats: &[Hashed], acc: &mut [i32; DENSE_MAX_CLASSES]) {
    for &f in feats {
        if let Some(row) = PerceptronModel::dense_row(keys, weights, mask, N, f) {
            add_row_n::<N>(acc, row);
        }
    }
}

/// A feature hash as a table key: never 0, which marks an empty slot.
#[inline]
fn slot_key(f: Hashed) -> Hashed {
    if f == 0 {
        1
    } else {
        f
    }
}

/// How a model is stored: rows sorted by feature hash.
#[derive(Serialize, Deserialize)]
struct StoredModel {
    n_classes: u32,
    rows: Vec<(Hashed, Vec<(u16, f32)>)>,
}

impl From<StoredModel> for PerceptronModel {
    fn from(s: StoredModel) -> Self {
        PerceptronModel::from_rows(s.n_classes as usize, s.rows)
    }
}

impl From<PerceptronModel> for StoredModel {
    fn from(m: PerceptronModel) -> Self {
        let n = m.n_classes;
        let mut rows: Vec<(Hashed, Vec<(u16, f32)>)> = match &m.table {
            Table::Dense { keys, weights, scale, .. } => keys
                .iter()
                .enumerate()
                .filter(|(_, k)| **k != 0)
                .map(|(slot, k)| {
                    let row = &weights[slot * n..slot * n + n];
                    (*k, row.iter().enumerate().filter(|(_, w)| **w != 0).map(|(c, w)| (c as u16, *w as f32 * scale)).collect())
                })
                .collect(),
            Table::Sparse { index, entries } => index
                .iter()
                .map(|(f, &(start, len))| (*f, entries[start as usize..(start + len) as usize].to_vec()))
                .collect(),
        };
        rows.sort_unstable_by_key(|(f, _)| *f);
        StoredModel { n_classes: n as u32, rows }
    }
}

impl PerceptronModel {
    fn from_rows(n_classes: usize, rows: Vec<(Hashed, Vec<(u16, f32)>)>) -> Self {
        if n_classes <= DENSE_MAX_CLASSES {
            // Load factor at most 1/2 keeps probe chains short.
            let cap = (rows.len() * 2).next_power_of_two().max(16);
            let mask = cap - 1;
            let mut keys = vec![0 as Hashed; cap];
            let mut exact = vec![0f32; cap * n_classes];
            for (f, row) in rows {
                let k = slot_key(f);
                let mut slot = (k as usize) & mask;
                while keys[slot] != 0 && keys[slot] != k {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = k;
                for (c, w) in row {
                    exact[slot * n_classes + c as usize] += w;
                }
            }
            let max = exact.iter().fold(0f32, |m, w| m.max(w.abs()));
            let scale = if max > 0.0 { max / QUANT_MAX } else { 1.0 };
            let weights = exact.iter().map(|w| (w / scale).round() as i16).collect();
            return PerceptronModel { n_classes, table: Table::Dense { keys, weights, scale, mask } };
        }
        let mut index = FxHashMap::with_capacity_and_hasher(rows.len(), Default::default());
        let mut entries = Vec::with_capacity(rows.iter().map(|(_, r)| r.len()).sum());
        for (f, row) in rows {
            index.insert(f, (entries.len() as u32, row.len() as u32));
            entries.extend(row);
        }
        PerceptronModel { n_classes, table: Table::Sparse { index, entries } }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// The mean of several models' weights (models over the same classes,
    /// e.g. trained in different orders): one model that scores as the
    /// average of their scores. An empty slice gives an empty model.
    pub fn average(models: &[PerceptronModel]) -> PerceptronModel {
        let n_classes = models.first().map_or(1, |m| m.n_classes);
        let k = models.len().max(1) as f32;
        let mut sum: FxHashMap<Hashed, Vec<f32>> = FxHashMap::default();
        for m in models {
            assert_eq!(m.n_classes, n_classes, "models over different classes");
            for (f, row) in StoredModel::from(m.clone()).rows {
                let acc = sum.entry(f).or_insert_with(|| vec![0.0; n_classes]);
                for (c, w) in row {
                    acc[c as usize] += w;
                }
            }
        }
        let mut rows: Vec<(Hashed, Vec<(u16, f32)>)> = sum
            .into_iter()
            .map(|(f, acc)| (f, acc.iter().enumerate().filter(|(_, w)| **w != 0.0).map(|(c, w)| (c as u16, w / k)).collect()))
            .collect();
        rows.sort_unstable_by_key(|(f, _)| *f);
        PerceptronModel::from_rows(n_classes, rows)
    }

    /// The model without the features in `drop` (rows moved elsewhere).
    pub fn without(self, drop: &rustc_hash::FxHashSet<Hashed>) -> PerceptronModel {
        let n = self.n_classes;
        let rows = StoredModel::from(self).rows.into_iter().filter(|(f, _)| !drop.contains(f)).collect();
        PerceptronModel::from_rows(n, rows)
    }

    /// The weights of feature `f` for every class (`None` when it has none).
    pub fn row(&self, f: Hashed) -> Option<Vec<f32>> {
        let n = self.n_classes;
        match &self.table {
            Table::Dense { keys, weights, scale, mask } => {
                Self::dense_row(keys, weights, *mask, n, f).map(|r| r.iter().map(|&w| w as f32 * scale).collect())
            }
            Table::Sparse { index, entries } => index.get(&f).map(|&(start, len)| {
                let mut row = vec![0.0; n];
                for &(c, w) in &entries[start as usize..(start + len) as usize] {
                    row[c as usize] += w;
                }
                row
            }),
        }
    }

    /// Number of features with weights.
    pub fn n_features(&self) -> usize {
        match &self.table {
            Table::Dense { keys, .. } => keys.iter().filter(|k| **k != 0).count(),
            Table::Sparse { index, .. } => index.len(),
        }
    }

    /// Approximate memory held, in bytes.
    pub fn heap_bytes(&self) -> usize {
        match &self.table {
            Table::Dense { keys, weights, .. } => keys.capacity() * 8 + weights.capacity() * 2,
            Table::Sparse { index, entries } => index.capacity() * (8 + 8 + 8) + entries.capacity() * 8,
        }
    }

    /// The dense row of feature `f`, if it has weights.
    #[inline]
    fn dense_row<'a>(keys: &[Hashed], weights: &'a [i16], mask: usize, n: usize, f: Hashed) -> Option<&'a [i16]> {
        let k = slot_key(f);
        let mut slot = (k as usize) & mask;
        loop {
            let here = keys[slot];
            if here == k {
                return Some(&weights[slot * n..slot * n + n]);
            }
            if here == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Scores of every class.
    #[inline]
    pub fn scores(&self, feats: &[Hashed], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.n_classes, 0.0);
        let n = self.n_classes;
        match &self.table {
            Table::Dense { keys, weights, scale, mask } => {
                let mut acc = [0i32; DENSE_MAX_CLASSES];
                let (keys, weights, mask) = (keys.as_slice(), weights.as_slice(), *mask);
                macro_rules! by_len {
                    ($($k:literal)*) => {
                        match n {
                            $($k => dense_scores::<$k>(keys, weights, mask, feats, &mut acc),)*
                            _ => unreachable!("dense models have 1..=32 classes"),
                        }
                    };
                }
                by_len!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32);
                for (o, a) in out.iter_mut().zip(acc) {
                    *o = a as f32 * scale;
                }
            }
            Table::Sparse { index, entries } => {
                for f in feats {
                    if let Some(&(start, len)) = index.get(f) {
                        for &(c, w) in &entries[start as usize..(start + len) as usize] {
                            out[c as usize] += w;
                        }
                    }
                }
            }
        }
    }

    /// Best class among `allowed` (all when `None`).
    #[inline]
    pub fn predict(&self, feats: &[Hashed], allowed: Option<&[u16]>, buf: &mut Vec<f32>) -> u16 {
        self.scores(feats, buf);
        argmax(buf, allowed)
    }

    /// Best class `c` for which `ok(c)` holds, if any.
    #[inline]
    pub fn predict_where(&self, feats: &[Hashed], ok: impl Fn(u16) -> bool, buf: &mut Vec<f32>) -> Option<u16> {
        self.scores(feats, buf);
        let mut best: Option<(u16, f32)> = None;
        for (c, &s) in buf.iter().enumerate() {
            let c = c as u16;
            if best.is_none_or(|(_, b)| s > b) && ok(c) {
                best = Some((c, s));
            }
        }
        best.map(|(c, _)| c)
    }

    /// Score under class 0 (ranking use).
    #[inline]
    pub fn score0(&self, feats: &[Hashed]) -> f32 {
        let mut s = 0.0;
        match &self.table {
            Table::Dense { keys, weights, scale, mask } => {
                let mut acc = 0i32;
                for &f in feats {
                    if let Some(row) = Self::dense_row(keys, weights, *mask, self.n_classes, f) {
                        acc += row[0] as i32;
                    }
                }
                s = acc as f32 * scale;
            }
            Table::Sparse { index, entries } => {
                for f in feats {
                    if let Some(&(start, len)) = index.get(f) {
                        if len > 0 && entries[start as usize].0 == 0 {
                            s += entries[start as usize].1;
                        }
                    }
                }
            }
        }
        s
    }
}

/// Two dense models over the same classes (a tagger's two passes) in one
/// table: each feature's row holds the first model's weights, then the
/// second's, as each model stores them. Features shared by the passes
/// (a word's own, which do not depend on tags) are then found once for
/// both, with one key probe and one cache line of weights, instead of once
/// per model: the probes, not the adds, are what scoring waits on.
///
/// Sums are kept as integers ([`Acc`]) until [`PairedModel::scores`], so
/// adding a feature set in parts gives the same numbers as
/// [`PerceptronModel::scores`] on the whole set.
#[derive(Debug, Clone)]
pub struct PairedModel {
    n: usize,
    keys: Vec<Hashed>,
    /// Rows of `2 * n` weights; row `slot` starts at `start + slot * 2 * n`
    /// (`start` puts the rows on 64-byte boundaries).
    weights: Vec<i16>,
    start: usize,
    scale: [f32; 2],
    mask: usize,
}

/// Integer score sums of a [`PairedModel`]: both models' classes.
pub type Acc = [i32; 2 * PAIRED_MAX_CLASSES];

/// Largest class count a [`PairedModel`] holds.
pub const PAIRED_MAX_CLASSES: usize = 16;

impl PairedModel {
    /// The pair, or `None` unless both are dense over the same `n <= 16`
    /// classes.
    pub fn new(a: &PerceptronModel, b: &PerceptronModel) -> Option<PairedModel> {
        let n = a.n_classes;
        if n != b.n_classes || n > PAIRED_MAX_CLASSES {
            return None;
        }
        let (Table::Dense { keys: ka, weights: wa, scale: sa, .. }, Table::Dense { keys: kb, weights: wb, scale: sb, .. }) = (&a.table, &b.table) else {
            return None;
        };
        let union: rustc_hash::FxHashSet<Hashed> = ka.iter().chain(kb).copied().filter(|&k| k != 0).collect();
        // Load factor at most 2/3: the weights are a whole cache line a
        // slot, so an emptier table is a bigger one.
        let cap = (union.len() * 3 / 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let stride = 2 * n;
        let mut keys = vec![0 as Hashed; cap];
        // 32 spare weights (64 bytes) to start the rows on a line boundary.
        let mut weights = vec![0i16; cap * stride + 32];
        let start = (64 - weights.as_ptr() as usize % 64) % 64 / 2;
        for (half, (src_keys, src_w)) in [(ka, wa), (kb, wb)].into_iter().enumerate() {
            for (slot, &k) in src_keys.iter().enumerate() {
                if k == 0 {
                    continue;
                }
                let mut at = (k as usize) & mask;
                while keys[at] != 0 && keys[at] != k {
                    at = (at + 1) & mask;
                }
                keys[at] = k;
                let row = start + at * stride + half * n;
                weights[row..row + n].copy_from_slice(&src_w[slot * n..slot * n + n]);
            }
        }
        Some(PairedModel { n, keys, weights, start, scale: [*sa, *sb], mask })
    }

    /// Add the weights of `feats` for both models into `acc`.
    pub fn add_both(&self, feats: &[Hashed], acc: &mut Acc) {
        macro_rules! by_len {
            ($($k:literal)*) => {
                match self.n {
                    $($k => self.add::<{ 2 * $k }>(feats, 0, acc),)*
                    _ => unreachable!("paired models have 1..=16 classes"),
                }
            };
        }
        by_len!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
    }

    /// Add the weights of `feats` for model `which` (0 or 1) into
    /// `acc[..n]`.
    pub fn add_one(&self, which: usize, feats: &[Hashed], acc: &mut Acc) {
        macro_rules! by_len {
            ($($k:literal)*) => {
                match self.n {
                    $($k => self.add::<$k>(feats, which * $k, acc),)*
                    _ => unreachable!("paired models have 1..=16 classes"),
                }
            };
        }
        by_len!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
    }

    /// `acc[..W] += row[from..from + W]` for each feature found.
    #[inline(never)]
    fn add<const W: usize>(&self, feats: &[Hashed], from: usize, acc: &mut Acc) {
        let stride = 2 * self.n;
        for &f in feats {
            let k = slot_key(f);
            let mut slot = (k as usize) & self.mask;
            loop {
                let here = self.keys[slot];
                if here == k {
                    let at = self.start + slot * stride + from;
                    let row: &[i16; W] = self.weights[at..at + W].try_into().expect("W weights");
                    for j in 0..W {
                        acc[j] += row[j] as i32;
                    }
                    break;
                }
                if here == 0 {
                    break;
                }
                slot = (slot + 1) & self.mask;
            }
        }
    }

    /// Model `which`'s scores from its sums in `acc[..n]`: what
    /// [`PerceptronModel::scores`] gives for all the features added.
    pub fn scores(&self, which: usize, acc: &Acc, out: &mut Vec<f32>) {
        out.clear();
        out.extend(acc[..self.n].iter().map(|&a| a as f32 * self.scale[which]));
    }

    /// Best class (the first of the best scores) from sums `acc`.
    pub fn predict(&self, which: usize, acc: &Acc, buf: &mut Vec<f32>) -> u16 {
        self.scores(which, acc, buf);
        argmax(buf, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::features::hash1;

    /// A toy task: the class is decided by the last letter of a word
    /// (`ة` feminine → 1, otherwise 0), with a distracting first letter.
    #[test]
    fn learns_a_separable_rule_and_round_trips() {
        let words = ["مدرسة", "كتاب", "مدينة", "قلم", "سيارة", "باب", "جامعة", "بيت"];
        let feats = |w: &str| vec![hash1(0, &w.chars().last().unwrap().to_string()), hash1(1, &w.chars().next().unwrap().to_string()), hash1(2, "")];
        let gold = |w: &str| if w.ends_with('ة') { 1u16 } else { 0 };
        let mut p = Perceptron::new(2);
        let mut buf = Vec::new();
        for _ in 0..5 {
            for w in words {
                let f = feats(w);
                let g = p.predict(&f, None, &mut buf);
                p.update(&f, gold(w), g);
            }
        }
        let m = p.finish();
        for w in ["حديقة", "ثوب"] {
            assert_eq!(m.predict(&feats(w), None, &mut buf), gold(w), "{w}");
        }
        // `allowed` restricts the answer.
        assert_eq!(m.predict(&feats("حديقة"), Some(&[0]), &mut buf), 0);
        let bytes = postcard::to_allocvec(&m).unwrap();
        let back: PerceptronModel = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.n_features(), m.n_features());
        assert_eq!(back.predict(&feats("حديقة"), None, &mut buf), 1);
    }

    /// Scores through a pair, in parts, are the models' own scores.
    #[test]
    fn paired_scores_equal_the_models() {
        let train = |salt: &str| {
            let mut p = Perceptron::new(3);
            let mut buf = Vec::new();
            for k in 0..200u32 {
                let f: Vec<Hashed> = (0..6).map(|j| hash1(j, &format!("{salt}{}", (k * 7 + j as u32 * 13) % 41))).collect();
                let g = p.predict(&f, None, &mut buf);
                p.update(&f, (k % 3) as u16, g);
            }
            p.finish()
        };
        let (a, b) = (train("x"), train("y"));
        let pair = PairedModel::new(&a, &b).expect("dense over 3 classes");
        let (mut want, mut got) = (Vec::new(), Vec::new());
        for k in 0..50u32 {
            let shared: Vec<Hashed> = (0..4).map(|j| hash1(j, &format!("x{}", (k + j as u32) % 41))).collect();
            let own: Vec<Hashed> = (4..6).map(|j| hash1(j, &format!("y{}", (k * 3 + j as u32) % 41))).chain([99]).collect();
            let mut both = [0i32; 2 * PAIRED_MAX_CLASSES];
            pair.add_both(&shared, &mut both);
            for (which, m) in [&a, &b].into_iter().enumerate() {
                let mut acc = [0i32; 2 * PAIRED_MAX_CLASSES];
                acc[..3].copy_from_slice(&both[which * 3..which * 3 + 3]);
                pair.add_one(which, &own, &mut acc);
                pair.scores(which, &acc, &mut got);
                let all: Vec<Hashed> = shared.iter().chain(&own).copied().collect();
                m.scores(&all, &mut want);
                assert_eq!(got, want, "{k} {which}");
            }
        }
    }
}
