//! Entity-level exact-match scoring: a predicted entity counts when it
//! covers exactly the gold tokens of a gold entity, with the same type.

use crate::document::EntityType;
use serde::Serialize;
use std::collections::BTreeMap;

/// Precision, recall and F1 (percentages) with their counts.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Exact matches.
    pub correct: usize,
    /// correct / predicted, in %.
    pub precision: f64,
    /// correct / gold, in %.
    pub recall: f64,
    /// Harmonic mean, in %.
    pub f1: f64,
}

impl Prf {
    fn finish(mut self) -> Prf {
        let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
        self.precision = pct(self.correct, self.predicted);
        self.recall = pct(self.correct, self.gold);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
        self
    }
}

/// Counts being gathered, overall and per type.
#[derive(Debug, Clone, Default)]
pub struct Counter {
    per: BTreeMap<&'static str, Prf>,
}

/// An entity as `(first token, end token, type)`.
pub type Chunk = (usize, usize, EntityType);

impl Counter {
    /// Add one sentence's gold and predicted entities (token ranges over
    /// the same tokens).
    ///
    /// ```
    /// use khabar::ner::score::Counter;
    /// use khabar::EntityType::{LOC, PER};
    /// let mut c = Counter::default();
    /// c.add(&[(0, 2, PER), (4, 5, LOC)], &[(0, 2, PER), (4, 5, PER)]);
    /// let r = c.finish();
    /// assert_eq!(r.overall.correct, 1);
    /// assert_eq!(r.per_type["LOC"].recall, 0.0);
    /// ```
    pub fn add(&mut self, gold: &[Chunk], pred: &[Chunk]) {
        for g in gold {
            self.per.entry(g.2.as_str()).or_default().gold += 1;
            if pred.contains(g) {
                self.per.entry(g.2.as_str()).or_default().correct += 1;
            }
        }
        for p in pred {
            self.per.entry(p.2.as_str()).or_default().predicted += 1;
        }
    }

    /// The scores.
    pub fn finish(&self) -> Scores {
        let mut overall = Prf::default();
        let mut per_type = BTreeMap::new();
        for (k, v) in &self.per {
            overall.gold += v.gold;
            overall.predicted += v.predicted;
            overall.correct += v.correct;
            per_type.insert(k.to_string(), v.finish());
        }
        Scores { overall: overall.finish(), per_type }
    }
}

/// Overall and per-type scores.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    /// All types together (micro-averaged).
    pub overall: Prf,
    /// `PER`, `LOC`, `ORG`, `MISC`.
    pub per_type: BTreeMap<String, Prf>,
}
