//! Distributional word clusters learned from unlabeled text at training
//! time: words that occur between the same neighbours share a cluster, so
//! an unseen foreign name (`شوماخر`) can borrow what the tagger learned of
//! names that stood in the same places.
//!
//! Each word (folded form, and its clitic-stripped stem) seen at least
//! [`MIN_COUNT`] times gets a context vector: its neighbours' stems two
//! each side, hashed into four bands of [`BAND`] dimensions, weighted by
//! positive PMI and L2-normalized. Spherical k-means (deterministic
//! initialization from evenly spaced frequency ranks, [`ITERS`] rounds)
//! then groups them at two granularities, [`K_SMALL`] and [`K_LARGE`]
//! clusters. The result is a sorted word → (small id, large id) table
//! stored in the model.

use super::features::strip;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Clusters at the coarse granularity.
pub const K_SMALL: usize = 64;
/// Clusters at the fine granularity.
pub const K_LARGE: usize = 256;
/// Least count for a word to be clustered.
pub const MIN_COUNT: u32 = 3;
/// Hashed dimensions per context position.
pub const BAND: usize = 256;
/// Context positions: -2, -1, +1, +2.
const OFFSETS: [isize; 4] = [-2, -1, 1, 2];
const DIM: usize = BAND * OFFSETS.len();
/// k-means rounds.
pub const ITERS: usize = 12;

/// Word → cluster ids, sorted by word.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Clusters {
    words: Vec<String>,
    ids: Vec<[u16; 2]>,
    /// Word hash → position, built on first use: a look-up per token is
    /// one hash and one comparison instead of a binary search over strings.
    #[serde(skip)]
    index: std::sync::OnceLock<FxHashMap<u64, u32>>,
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A sparse row: (dimension, weight), sorted by dimension.
type Row = Vec<(u32, f32)>;

fn kmeans(rows: &[Row], order: &[usize], k: usize) -> Vec<u16> {
    let k = k.min(rows.len()).max(1);
    let mut cent = vec![0f32; k * DIM];
    // Evenly spaced frequency ranks.
    for c in 0..k {
        let r = &rows[order[c * order.len() / k]];
        for &(d, w) in r {
            cent[c * DIM + d as usize] = w;
        }
    }
    let mut assign = vec![0u16; rows.len()];
    for _ in 0..ITERS {
        for (i, r) in rows.iter().enumerate() {
            let mut best = (0usize, f32::NEG_INFINITY);
            for c in 0..k {
                let base = &cent[c * DIM..(c + 1) * DIM];
                let s: f32 = r.iter().map(|&(d, w)| base[d as usize] * w).sum();
                if s > best.1 {
                    best = (c, s);
                }
            }
            assign[i] = best.0 as u16;
        }
        let mut next = vec![0f32; k * DIM];
        let mut n = vec![0usize; k];
        for (i, r) in rows.iter().enumerate() {
            let c = assign[i] as usize;
            n[c] += 1;
            for &(d, w) in r {
                next[c * DIM + d as usize] += w;
            }
        }
        for c in 0..k {
            let v = &mut next[c * DIM..(c + 1) * DIM];
            if n[c] == 0 {
                v.copy_from_slice(&cent[c * DIM..(c + 1) * DIM]);
                continue;
            }
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|x| *x /= norm);
            }
        }
        cent = next;
    }
    assign
}

impl Clusters {
    /// Learn clusters from sentences of folded token forms.
    pub fn learn(sentences: &[Vec<String>]) -> Clusters {
        // Keys of each token: its form and its stem when different.
        let stems: Vec<Vec<String>> = sentences.iter().map(|s| s.iter().map(|w| strip(w).0).collect()).collect();
        let mut count: FxHashMap<&str, u32> = FxHashMap::default();
        for (s, st) in sentences.iter().zip(&stems) {
            for (w, m) in s.iter().zip(st) {
                *count.entry(w.as_str()).or_default() += 1;
                if m != w {
                    *count.entry(m.as_str()).or_default() += 1;
                }
            }
        }
        let mut vocab: Vec<(&str, u32)> = count.into_iter().filter(|&(_, c)| c >= MIN_COUNT).collect();
        vocab.sort_unstable();
        let index: FxHashMap<&str, u32> = vocab.iter().enumerate().map(|(i, (w, _))| (*w, i as u32)).collect();
        // Co-occurrence pairs (word, dimension).
        let edge = |j: isize| fnv(if j < 0 { "<s>" } else { "</s>" }) % BAND as u64;
        let mut pairs: Vec<u64> = Vec::new();
        for (s, st) in sentences.iter().zip(&stems) {
            let s_hash: Vec<u64> = st.iter().map(|m| fnv(m) % BAND as u64).collect();
            for i in 0..st.len() {
                let kf = index.get(s[i].as_str()).copied();
                let ks = if st[i] != s[i] { index.get(st[i].as_str()).copied() } else { None };
                for (b, off) in OFFSETS.iter().enumerate() {
                    let j = i as isize + off;
                    let h = if j < 0 || j as usize >= st.len() { edge(j) } else { s_hash[j as usize] };
                    let d = b as u64 * BAND as u64 + h;
                    for key in [kf, ks].into_iter().flatten() {
                        pairs.push(((key as u64) << 16) | d);
                    }
                }
            }
        }
        pairs.sort_unstable();
        // Counts, then positive PMI.
        let mut cells: Vec<(u32, u32, f32)> = Vec::new();
        for g in pairs.chunk_by(|a, b| a == b) {
            cells.push(((g[0] >> 16) as u32, (g[0] & 0xFFFF) as u32, g.len() as f32));
        }
        let total: f64 = cells.iter().map(|c| c.2 as f64).sum();
        let mut row_sum = vec![0f64; vocab.len()];
        let mut col_sum = vec![0f64; DIM];
        for &(w, d, c) in &cells {
            row_sum[w as usize] += c as f64;
            col_sum[d as usize] += c as f64;
        }
        let mut rows: Vec<Row> = vec![Vec::new(); vocab.len()];
        for &(w, d, c) in &cells {
            let pmi = ((c as f64 * total) / (row_sum[w as usize] * col_sum[d as usize])).ln();
            if pmi > 0.0 {
                rows[w as usize].push((d, pmi as f32));
            }
        }
        for r in &mut rows {
            let n = r.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            if n > 0.0 {
                r.iter_mut().for_each(|x| x.1 /= n);
            }
        }
        // Words with a context vector, most frequent first (ties by word).
        let mut order: Vec<usize> = (0..vocab.len()).filter(|&i| !rows[i].is_empty()).collect();
        order.sort_by(|&a, &b| vocab[b].1.cmp(&vocab[a].1).then(a.cmp(&b)));
        if order.is_empty() {
            return Clusters::default();
        }
        let kept: Vec<Row> = order.iter().map(|&i| std::mem::take(&mut rows[i])).collect();
        let ranks: Vec<usize> = (0..kept.len()).collect();
        let small = kmeans(&kept, &ranks, K_SMALL);
        let large = kmeans(&kept, &ranks, K_LARGE);
        let mut table: Vec<(String, [u16; 2])> =
            order.iter().enumerate().map(|(k, &i)| (vocab[i].0.to_string(), [small[k], large[k]])).collect();
        table.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (words, ids) = table.into_iter().unzip();
        Clusters { words, ids, index: Default::default() }
    }

    /// Cluster ids (small, large) of a folded word.
    pub fn get(&self, word: &str) -> Option<[u16; 2]> {
        let index = self.index.get_or_init(|| self.words.iter().enumerate().map(|(i, w)| (fnv(w), i as u32)).collect());
        let &i = index.get(&fnv(word))?;
        (self.words[i as usize] == word).then(|| self.ids[i as usize])
    }

    /// Words clustered.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when nothing was clustered.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_places_share_a_cluster() {
        let mut sents = Vec::new();
        for name in ["بوتين", "اوباما", "ميركل"] {
            for _ in 0..5 {
                sents.push(vec!["قال".to_string(), "الرئيس".to_string(), name.to_string(), "ان".to_string()]);
            }
        }
        let c = Clusters::learn(&sents);
        assert!(c.len() >= 6);
        assert!(c.get("بوتين").is_some());
        assert!(c.get("غائب").is_none());
    }
}
