//! Part of speech and lemma for syntactic words (after clitic segmentation).
//!
//! POS: an averaged perceptron, greedy left to right, features from the
//! word, its affixes, its neighbours, its place in the written token
//! (proclitic, stem, enclitic) and the two previous predicted tags.
//!
//! Lemma: the lemma is **unvocalized, in the treebank's standard spelling**
//! (hamza seats as the dictionary writes them), without the article, in the
//! dictionary citation form (verbs: 3rd person masculine singular perfect;
//! nouns and adjectives: singular masculine where the treebank does so):
//! `المفاوضات` → `مفاوضة`, `يزور` → `زار`. It comes from a dictionary of
//! (form, tag) pairs seen in training; for unseen words a second perceptron
//! picks an edit script (strip so many letters at each end, append these)
//! learned from the training pairs.

use crate::learn::features::FeatureSet;
use crate::learn::{Perceptron, PerceptronModel};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Where a word sits in its written token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The token is this one word.
    Whole,
    /// A proclitic: `و` in `وقال`.
    Proclitic,
    /// The stem of a token with clitics.
    Stem,
    /// An enclitic pronoun: `ه` in `كتابه`.
    Enclitic,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Whole => "W",
            Role::Proclitic => "P",
            Role::Stem => "S",
            Role::Enclitic => "E",
        }
    }
}

/// A word to tag: its restored form (nlp-normalized) and its role.
#[derive(Debug, Clone, Copy)]
pub struct WordIn<'a> {
    /// `الرئيس` (the form after restoration: `للرئيس` gives `ل` + `الرئيس`).
    pub form: &'a str,
    /// Its place in the written token.
    pub role: Role,
}

/// A gold word for training.
#[derive(Debug, Clone)]
pub struct GoldWord {
    /// Restored form, nlp-normalized (no harakat).
    pub form: String,
    /// Role in its token.
    pub role: Role,
    /// UPOS.
    pub upos: String,
    /// Lemma, unvocalized.
    pub lemma: String,
}

/// An edit script turning a form into its lemma.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct EditScript {
    strip_front: u8,
    strip_back: u8,
    append: String,
}

impl EditScript {
    fn learn(form: &str, lemma: &str) -> EditScript {
        let f: Vec<char> = form.chars().collect();
        let l: Vec<char> = lemma.chars().collect();
        let mut best = (0usize, 0usize); // (front strip, common length)
        for p in 0..=f.len().min(3) {
            let k = f[p..].iter().zip(&l).take_while(|(a, b)| a == b).count();
            if k > best.1 {
                best = (p, k);
            }
        }
        let (p, k) = best;
        EditScript {
            strip_front: p as u8,
            strip_back: (f.len() - p - k) as u8,
            append: l[k..].iter().collect(),
        }
    }

    fn applies(&self, n_chars: usize) -> bool {
        (self.strip_front + self.strip_back) as usize <= n_chars
            && (self.strip_front as usize + self.strip_back as usize) < n_chars + self.append.chars().count()
    }

    fn apply(&self, form: &str) -> String {
        let chars: Vec<char> = form.chars().collect();
        let end = chars.len().saturating_sub(self.strip_back as usize);
        let start = (self.strip_front as usize).min(end);
        let mut s: String = chars[start..end].iter().collect();
        s.push_str(&self.append);
        s
    }
}

/// The trained POS tagger and lemmatizer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaggerModel {
    tags: Vec<String>,
    pos: PerceptronModel,
    pos2: PerceptronModel,
    scripts: Vec<EditScript>,
    lemma: PerceptronModel,
    /// form → (tag, lemma) for pairs seen in training.
    dict: FxHashMap<String, Vec<(u16, String)>>,
}

const EPOCHS: usize = 8;
const MIN_SCRIPT_COUNT: u32 = 2;

// Feature templates (one byte each; never reuse a number for another meaning).
const T_BIAS: u8 = 0;
const T_FORM: u8 = 1;
const T_FOLD: u8 = 2;
const T_PRE1: u8 = 3;
const T_PRE2: u8 = 4;
const T_SUF1: u8 = 5;
const T_SUF2: u8 = 6;
const T_SUF3: u8 = 7;
const T_ROLE: u8 = 8;
const T_ROLE_FORM: u8 = 9;
const T_PREV_TAG: u8 = 10;
const T_PREV2_TAGS: u8 = 11;
const T_PREV_TAG_FORM: u8 = 12;
const T_PREV_FORM: u8 = 13;
const T_NEXT_FORM: u8 = 14;
const T_PREV2_FORM: u8 = 15;
const T_NEXT2_FORM: u8 = 16;
const T_SHAPE: u8 = 17;
const T_LEN: u8 = 18;
const T_NEXT_SUF2: u8 = 19;
const T_PREV_SUF2: u8 = 20;
const T_ROLE_SUF2: u8 = 21;
const T_DEF_SUF1: u8 = 22;
const T_PRE3: u8 = 23;
const T_SUF4: u8 = 24;
const T_DEF_AGREE: u8 = 25;
const T_FEM_AGREE: u8 = 26;
const T_NEXT_PRE2: u8 = 27;
const T_PREV_TAG_SUF2: u8 = 28;
const T_CHAR3: u8 = 29;
const T_R0: u8 = 30;
const T_R1: u8 = 31;
const T_R1R2: u8 = 32;
const T_L1R1: u8 = 33;
const T_R1_FORM: u8 = 34;
const T_R0_SUF2: u8 = 35;
// lemma
const L_TAG: u8 = 40;
const L_SUF1: u8 = 41;
const L_SUF2: u8 = 42;
const L_SUF3: u8 = 43;
const L_PRE1: u8 = 44;
const L_PRE2: u8 = 45;
const L_TAG_SUF2: u8 = 46;
const L_TAG_PRE2: u8 = 47;
const L_LEN: u8 = 48;
const L_BIAS: u8 = 49;
const L_TAG_SUF3: u8 = 50;

/// The search-level letter folding (`أ إ آ ٱ`→`ا`, `ى`→`ي`) on text that is
/// already nlp-normalized, without building an alignment: hamza-less news
/// spellings then share features with the treebank's.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

const SMALL_NUMBERS: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn suffix(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    let (i, _) = s.char_indices().nth(count - n).expect("in range");
    &s[i..]
}

fn shape(s: &str) -> &'static str {
    let mut chars = s.chars();
    match chars.next() {
        None => "empty",
        Some(c) if c.is_ascii_digit() => "digit",
        Some(c) if crate::text::chars::is_arabic_letter(c) => "arabic",
        Some(c) if c.is_alphabetic() => "latin",
        Some(_) => "other",
    }
}

/// Pre-computed per-word strings, so features are built without re-folding.
struct Prepared {
    form: String,
    folded: String,
    role: Role,
}

fn prepare(words: &[WordIn<'_>]) -> Vec<Prepared> {
    words.iter().map(|w| Prepared { form: w.form.to_string(), folded: fold(w.form), role: w.role }).collect()
}

/// First-pass tags of the whole sentence, for the second pass to look right.
type RightTags<'a> = Option<&'a [&'a str]>;

fn pos_features(f: &mut FeatureSet, ws: &[Prepared], i: usize, prev: &str, prev2: &str, right: RightTags<'_>) {
    f.clear();
    if let Some(r) = right {
        let get = |j: usize| r.get(j).copied().unwrap_or("</s>");
        let x = ws[i].folded.as_str();
        f.add(T_R0, get(i));
        f.add(T_R1, get(i + 1));
        f.add2(T_R1R2, get(i + 1), get(i + 2));
        f.add2(T_L1R1, prev, get(i + 1));
        f.add2(T_R1_FORM, get(i + 1), x);
        f.add2(T_R0_SUF2, get(i), suffix(x, 2));
    }
    let w = &ws[i];
    let x = w.folded.as_str();
    f.add(T_BIAS, "");
    f.add(T_FORM, &w.form);
    f.add(T_FOLD, x);
    f.add(T_PRE1, prefix(x, 1));
    f.add(T_PRE2, prefix(x, 2));
    f.add(T_SUF1, suffix(x, 1));
    f.add(T_SUF2, suffix(x, 2));
    f.add(T_SUF3, suffix(x, 3));
    f.add(T_ROLE, w.role.as_str());
    f.add2(T_ROLE_FORM, w.role.as_str(), x);
    f.add2(T_ROLE_SUF2, w.role.as_str(), suffix(x, 2));
    f.add2(T_DEF_SUF1, if x.starts_with("ال") { "al" } else { "-" }, suffix(x, 1));
    // Letter trigrams inside the word: what a foreign name or an unseen
    // broken plural looks like, beyond its ends.
    let cs: Vec<char> = x.chars().collect();
    if cs.len() > 3 {
        let mut tri = String::with_capacity(12);
        for k in 0..cs.len() - 2 {
            tri.clear();
            tri.extend(&cs[k..k + 3]);
            f.add(T_CHAR3, &tri);
        }
    }
    f.add(T_PRE3, prefix(x, 3));
    f.add(T_SUF4, suffix(x, 4));
    f.add(T_PREV_TAG, prev);
    f.add2(T_PREV_TAG_SUF2, prev, suffix(x, 2));
    f.add2(T_PREV2_TAGS, prev, prev2);
    f.add2(T_PREV_TAG_FORM, prev, x);
    f.add(T_SHAPE, shape(x));
    f.add(T_LEN, SMALL_NUMBERS[x.chars().count().min(8)]);
    let at = |j: isize| -> &str {
        if j < 0 || j as usize >= ws.len() {
            "<s>"
        } else {
            ws[j as usize].folded.as_str()
        }
    };
    let i = i as isize;
    f.add(T_PREV_FORM, at(i - 1));
    f.add(T_NEXT_FORM, at(i + 1));
    f.add(T_PREV2_FORM, at(i - 2));
    f.add(T_NEXT2_FORM, at(i + 2));
    f.add(T_NEXT_SUF2, suffix(at(i + 1), 2));
    f.add(T_PREV_SUF2, suffix(at(i - 1), 2));
    f.add(T_NEXT_PRE2, prefix(at(i + 1), 2));
    // Adjectives agree with their noun in definiteness and gender: the
    // strongest cue between NOUN and ADJ.
    let pair = |a: bool, b: bool| match (a, b) {
        (true, true) => "11",
        (true, false) => "10",
        (false, true) => "01",
        (false, false) => "00",
    };
    let p = at(i - 1);
    f.add2(T_DEF_AGREE, prev, pair(p.starts_with("ال"), x.starts_with("ال")));
    f.add2(T_FEM_AGREE, prev, pair(p.ends_with('ة'), x.ends_with('ة')));
}

fn lemma_features(f: &mut FeatureSet, form: &str, tag: &str) {
    f.clear();
    f.add(L_BIAS, "");
    f.add(L_TAG, tag);
    f.add(L_SUF1, suffix(form, 1));
    f.add(L_SUF2, suffix(form, 2));
    f.add(L_SUF3, suffix(form, 3));
    f.add(L_PRE1, prefix(form, 1));
    f.add(L_PRE2, prefix(form, 2));
    f.add2(L_TAG_SUF2, tag, suffix(form, 2));
    f.add2(L_TAG_SUF3, tag, suffix(form, 3));
    f.add2(L_TAG_PRE2, tag, prefix(form, 2));
    f.add(L_LEN, SMALL_NUMBERS[form.chars().count().min(10)]);
}

/// Report of a training run.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    /// Sentences used.
    pub sentences: usize,
    /// Words used.
    pub words: usize,
    /// Number of POS tags.
    pub tags: usize,
    /// Number of lemma edit scripts.
    pub scripts: usize,
    /// Features kept in the POS model.
    pub pos_features: usize,
    /// Features kept in the lemma model.
    pub lemma_features: usize,
}

const FOLDS: usize = 5;

/// Train one POS pass on the sentences `which`.
fn train_pos(
    prepared: &[Vec<Prepared>],
    gold: &[Vec<u16>],
    tags: &[String],
    which: &[usize],
    first: Option<&[Vec<&str>]>,
) -> PerceptronModel {
    let mut pos = Perceptron::new(tags.len());
    let mut f = FeatureSet::default();
    let mut buf = Vec::new();
    let mut order = which.to_vec();
    // A fixed shuffle of sentence order per epoch (deterministic).
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..EPOCHS {
        for k in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(k, (rng % (k as u64 + 1)) as usize);
        }
        for &si in &order {
            let ws = &prepared[si];
            let right = first.map(|r| r[si].as_slice());
            let (mut p1, mut p2) = ("<s>", "<s>");
            for i in 0..ws.len() {
                pos_features(&mut f, ws, i, p1, p2, right);
                let guess = pos.predict(&f.items, None, &mut buf);
                pos.update(&f.items, gold[si][i], guess);
                p2 = p1;
                p1 = tags[guess as usize].as_str();
            }
        }
    }
    pos.finish()
}

/// Greedy left-to-right tagging with one pass.
fn run_pos<'t>(m: &PerceptronModel, tags: &'t [String], ws: &[Prepared], right: RightTags<'_>) -> Vec<&'t str> {
    run_pos_ids(m, tags, ws, right).into_iter().map(|t| tags[t as usize].as_str()).collect()
}

/// [`run_pos`], giving tag ids.
fn run_pos_ids(m: &PerceptronModel, tags: &[String], ws: &[Prepared], right: RightTags<'_>) -> Vec<u16> {
    let mut f = FeatureSet::default();
    let mut buf = Vec::new();
    let mut out: Vec<u16> = Vec::with_capacity(ws.len());
    for i in 0..ws.len() {
        let p1 = if i >= 1 { tags[out[i - 1] as usize].as_str() } else { "<s>" };
        let p2 = if i >= 2 { tags[out[i - 2] as usize].as_str() } else { "<s>" };
        pos_features(&mut f, ws, i, p1, p2, right);
        out.push(m.predict(&f.items, None, &mut buf));
    }
    out
}

impl TaggerModel {
    /// Train on gold sentences.
    pub fn train(sentences: &[Vec<GoldWord>]) -> (TaggerModel, TrainReport) {
        let mut tags: Vec<String> = Vec::new();
        let mut tag_id: FxHashMap<String, u16> = FxHashMap::default();
        let mut scripts: Vec<EditScript> = Vec::new();
        let mut script_id: FxHashMap<EditScript, u16> = FxHashMap::default();
        let mut dict_counts: FxHashMap<(String, u16), FxHashMap<String, u32>> = FxHashMap::default();
        let mut script_count: FxHashMap<EditScript, u32> = FxHashMap::default();
        for s in sentences {
            for w in s {
                let t = *tag_id.entry(w.upos.clone()).or_insert_with(|| {
                    tags.push(w.upos.clone());
                    (tags.len() - 1) as u16
                });
                *script_count.entry(EditScript::learn(&w.form, &w.lemma)).or_default() += 1;
                *dict_counts.entry((w.form.clone(), t)).or_default().entry(w.lemma.clone()).or_default() += 1;
            }
        }
        // A script seen once is one word's spelling, not a pattern: the
        // dictionary covers that word, and as a class it would only be
        // misapplied to others.
        let mut kept: Vec<(EditScript, u32)> = script_count.into_iter().filter(|(_, n)| *n >= MIN_SCRIPT_COUNT).collect();
        kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.append.cmp(&b.0.append)));
        for (sc, _) in kept {
            script_id.insert(sc.clone(), scripts.len() as u16);
            scripts.push(sc);
        }
        let prepared: Vec<Vec<Prepared>> = sentences
            .iter()
            .map(|s| prepare(&s.iter().map(|w| WordIn { form: &w.form, role: w.role }).collect::<Vec<_>>()))
            .collect();
        let gold: Vec<Vec<u16>> = sentences.iter().map(|s| s.iter().map(|w| tag_id[&w.upos]).collect()).collect();
        let all: Vec<usize> = (0..sentences.len()).collect();
        // Pass 1 reads left context only. Pass 2 also sees pass 1's tags to
        // the right; to learn how far to trust them, it trains on pass-1
        // tags predicted by models that did not see the sentence (5 folds).
        let pos = train_pos(&prepared, &gold, &tags, &all, None);
        let mut first: Vec<Vec<&str>> = vec![Vec::new(); sentences.len()];
        for fold in 0..FOLDS {
            let (held, rest): (Vec<usize>, Vec<usize>) = all.iter().partition(|&&i| i % FOLDS == fold);
            let m = train_pos(&prepared, &gold, &tags, &rest, None);
            for i in held {
                first[i] = run_pos(&m, &tags, &prepared[i], None);
            }
        }
        let pos2 = train_pos(&prepared, &gold, &tags, &all, Some(&first));
        let n_words = sentences.iter().map(Vec::len).sum();

        let mut lem = Perceptron::new(scripts.len().max(1));
        let mut f = FeatureSet::default();
        let mut buf = Vec::new();
        for _ in 0..EPOCHS {
            for s in sentences {
                for w in s {
                    // Lemma scripts are learned with the gold tag.
                    let Some(&truth) = script_id.get(&EditScript::learn(&w.form, &w.lemma)) else { continue };
                    lemma_features(&mut f, &w.form, &w.upos);
                    let n = w.form.chars().count();
                    let allowed: Vec<u16> =
                        (0..scripts.len() as u16).filter(|&k| scripts[k as usize].applies(n)).collect();
                    let g = lem.predict(&f.items, Some(&allowed), &mut buf);
                    lem.update(&f.items, truth, g);
                }
            }
        }
        let mut dict: FxHashMap<String, Vec<(u16, String)>> = FxHashMap::default();
        for ((form, tag), lemmas) in dict_counts {
            let best = lemmas.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).expect("nonempty").0;
            dict.entry(form).or_default().push((tag, best));
        }
        for v in dict.values_mut() {
            v.sort();
        }
        let lemma = lem.finish();
        let report = TrainReport {
            sentences: sentences.len(),
            words: n_words,
            tags: tags.len(),
            scripts: scripts.len(),
            pos_features: pos.n_features() + pos2.n_features(),
            lemma_features: lemma.n_features(),
        };
        (TaggerModel { tags, pos, pos2, scripts, lemma, dict }, report)
    }

    /// Tag one sentence of words: `(tag, lemma)` per word.
    ///
    /// ```no_run
    /// # use khabar::morph::tagger::{TaggerModel, WordIn, Role};
    /// # fn demo(m: &TaggerModel) {
    /// // "and he visited the city": و + زار + المدينة
    /// let words = [WordIn { form: "و", role: Role::Proclitic }, WordIn { form: "زار", role: Role::Stem },
    ///              WordIn { form: "المدينة", role: Role::Whole }];
    /// let out = m.tag(&words);
    /// assert_eq!(out[2].0, "NOUN");
    /// # }
    /// ```
    pub fn tag(&self, words: &[WordIn<'_>]) -> Vec<(&str, String)> {
        let ws = prepare(words);
        let first = run_pos(&self.pos, &self.tags, &ws, None);
        let second = run_pos_ids(&self.pos2, &self.tags, &ws, Some(&first));
        let mut f = FeatureSet::default();
        let mut buf = Vec::new();
        second
            .into_iter()
            .zip(&ws)
            .map(|(t, w)| (self.tags[t as usize].as_str(), self.lemma_of(&w.form, t, &mut f, &mut buf)))
            .collect()
    }

    fn lemma_of(&self, form: &str, tag: u16, f: &mut FeatureSet, buf: &mut Vec<f32>) -> String {
        let tag_s = self.tags[tag as usize].as_str();
        if let Some(seen) = self.dict.get(form) {
            if let Some((_, l)) = seen.iter().find(|(t, _)| *t == tag) {
                return l.clone();
            }
            // Seen with another tag: its lemma there beats a guessed script,
            // unless a verb/noun change moves the citation form.
            if tag_s != "VERB" {
                if let Some((_, l)) = seen.iter().find(|(t, _)| self.tags[*t as usize] != "VERB") {
                    return l.clone();
                }
            }
        }
        if matches!(tag_s, "PUNCT" | "NUM" | "SYM") {
            return form.to_string();
        }
        lemma_features(f, form, tag_s);
        let n = form.chars().count();
        let k = self.lemma.predict_where(&f.items, |k| self.scripts[k as usize].applies(n), buf);
        match k {
            Some(k) => self.scripts[k as usize].apply(form),
            None => form.to_string(),
        }
    }

    /// The tag set.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// Approximate heap memory of the loaded model, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.pos.heap_bytes()
            + self.lemma.heap_bytes()
            + self.dict.iter().map(|(f, v)| f.len() + 48 + v.iter().map(|(_, l)| l.len() + 32).sum::<usize>()).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_scripts() {
        for (form, lemma) in [("المفاوضات", "مفاوضة"), ("يزور", "زار"), ("كتاب", "كتاب"), ("ه", "هو")] {
            let s = EditScript::learn(form, lemma);
            assert_eq!(s.apply(form), lemma, "{form} -> {lemma}: {s:?}");
        }
        let s = EditScript::learn("الحكومات", "حكومة");
        assert_eq!(s.apply("الجامعات"), "جامعة");
    }

    fn gw(form: &str, role: Role, upos: &str, lemma: &str) -> GoldWord {
        GoldWord { form: form.into(), role, upos: upos.into(), lemma: lemma.into() }
    }

    /// A tiny treebank we wrote: the tagger must at least learn it, and
    /// generalize the `ال…ات` → `…ة` lemma pattern to a new word.
    #[test]
    fn learns_a_toy_treebank() {
        let s1 = vec![
            gw("زار", Role::Whole, "VERB", "زار"),
            gw("الوزير", Role::Whole, "NOUN", "وزير"),
            gw("المدينة", Role::Whole, "NOUN", "مدينة"),
            gw(".", Role::Whole, "PUNCT", "."),
        ];
        let s2 = vec![
            gw("و", Role::Proclitic, "CONJ", "و"),
            gw("بدأت", Role::Stem, "VERB", "بدأ"),
            gw("المفاوضات", Role::Whole, "NOUN", "مفاوضة"),
            gw("في", Role::Whole, "ADP", "في"),
            gw("الجامعات", Role::Whole, "NOUN", "جامعة"),
        ];
        let s3 = vec![
            gw("كتب", Role::Whole, "VERB", "كتب"),
            gw("الصحفي", Role::Whole, "NOUN", "صحفي"),
            gw("عن", Role::Whole, "ADP", "عن"),
            gw("المحادثات", Role::Whole, "NOUN", "محادثة"),
        ];
        let data = vec![s1, s2, s3];
        let (m, report) = TaggerModel::train(&data);
        assert_eq!(report.words, 13);
        let words = [WordIn { form: "زار", role: Role::Whole }, WordIn { form: "الوزير", role: Role::Whole }];
        let out = m.tag(&words);
        assert_eq!(out[0].0, "VERB");
        assert_eq!(out[1], ("NOUN", "وزير".to_string()));
        // Unseen word, seen pattern.
        let out = m.tag(&[WordIn { form: "في", role: Role::Whole }, WordIn { form: "المبادرات", role: Role::Whole }]);
        assert_eq!(out[1].0, "NOUN");
        assert_eq!(out[1].1, "مبادرة");
        let bytes = postcard::to_allocvec(&m).unwrap();
        let back: TaggerModel = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.tag(&words)[1].1, "وزير");
    }
}
