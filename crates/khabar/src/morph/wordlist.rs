//! A word list from raw text that is not the treebank: how often each
//! written word occurs, and how often ANERcorp marks it as part of a name.
//!
//! The morphology models are trained on 37k PADT tokens; most errors are on
//! words they never saw. Raw news and encyclopedia text answer two
//! questions the treebank cannot: "is this string a word at all?" (`تسلق`,
//! "he climbed", is; `افروف`, what is left of `لافروف` after a cut `ل`, is
//! not) and "is it a name?" (`لافروف`, "Lavrov", is marked PERS in
//! ANERcorp). Both models keep a compact copy: folded word hash → packed
//! frequency bin and name share, so nothing of the text itself is stored.
//!
//! Sources (under the data directory): ANERcorp (CAMeL train split,
//! `TOKEN TAG` lines, CC BY-SA 4.0; see [`AnerHeldOut`] for the sentences an
//! entity experiment leaves out), the ARCD contexts and questions, and
//! the first half of `padt-raw-news.txt` (news documents that are not in the
//! PADT `.conllu` files; the second half is `khabar eval repair`'s test
//! text and stays out).

use crate::error::Result;
use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};
use std::hash::Hasher;
use std::path::Path;

/// Entity type of a name, as ANERcorp marks it (0 = not a name).
pub const NE_NONE: u8 = 0;
/// A person: `بوتين` ("Putin").
pub const NE_PERS: u8 = 1;
/// A place: `فرنسا` ("France").
pub const NE_LOC: u8 = 2;
/// An organisation: `الأمم` in `الأمم المتحدة` ("the United Nations").
pub const NE_ORG: u8 = 3;
/// Other names.
pub const NE_MISC: u8 = 4;

/// What the list knows about one word, unpacked.
///
/// `فرنسا` ("France"): frequent (`freq` 4), mostly a name (`ne_share` 3),
/// a place (`ne_type` = [`NE_LOC`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordInfo {
    /// Frequency bin: 0 unseen, 1 once, 2 two or three times, 3 up to 9,
    /// 4 up to 99, 5 more.
    pub freq: u8,
    /// Share of its occurrences inside an ANERcorp name: 0 never, 1 under
    /// 30%, 2 under 70%, 3 more.
    pub ne_share: u8,
    /// Its most frequent entity type ([`NE_PERS`] …), 0 when never a name.
    pub ne_type: u8,
}

impl WordInfo {
    fn pack(self) -> u8 {
        self.freq | self.ne_share << 3 | self.ne_type << 5
    }
    fn unpack(v: u8) -> WordInfo {
        WordInfo { freq: v & 7, ne_share: v >> 3 & 3, ne_type: v >> 5 & 7 }
    }
}

/// The search-level letter folding (`أ إ آ ٱ`→`ا`, `ى`→`ي`), so that the
/// hamza-less spellings of raw news meet the treebank's.
#[inline]
fn fold_char(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        c => c,
    }
}

/// Hash of a word after folding, fed letter by letter so that a word given
/// in parts (`parts`) hashes as the same word given whole.
///
/// ```
/// use khabar::morph::wordlist::key;
/// // "the president", with and without the hamza seat
/// assert_eq!(key(&["أمين"]), key(&["امين"]));
/// assert_eq!(key(&["ال", "رئيس"]), key(&["الرئيس"]));
/// ```
#[inline]
pub fn key(parts: &[&str]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(0xA7);
    let mut b = [0u8; 4];
    for p in parts {
        for c in p.chars() {
            h.write(fold_char(c).encode_utf8(&mut b).as_bytes());
        }
    }
    let mut z = h.finish().wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The stored list: folded word hash → packed [`WordInfo`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WordList {
    table: FxHashMap<u64, u8>,
    /// Folded word hash → a spelling dictionary's word classes (bits 0–7:
    /// bit 0 noun or adjective, 1 verb, 2 function word) and the affix-class
    /// number of the word's first entry (bits 8–23), one look-up for both.
    dict: FxHashMap<u64, u32>,
    /// Folded verb stem hash → the verbs it can belong to: the dictionary's
    /// conjugated stems (`يوضح`) with their lemma (`أوضح`), as
    /// `index in verb_lemmas << 1 | 1 when the stem is a past form`.
    verb_stems: FxHashMap<u64, Vec<u32>>,
    /// Verb lemmas, unvocalized, each once.
    verb_lemmas: Vec<String>,
}

pub(crate) fn freq_bin(n: u32) -> u8 {
    match n {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=9 => 3,
        10..=99 => 4,
        _ => 5,
    }
}

/// Counts being gathered, before packing.
#[derive(Debug, Default)]
pub struct WordCounts {
    words: FxHashMap<u64, (u32, [u32; 5])>,
    /// Tokens counted.
    pub tokens: usize,
}

impl WordCounts {
    /// Count one written word (nlp text) with its entity type.
    pub fn add(&mut self, word: &str, ne: u8) {
        if word.is_empty() || !word.chars().all(crate::text::chars::is_arabic_letter) {
            return;
        }
        self.tokens += 1;
        let e = self.words.entry(key(&[word])).or_default();
        e.0 += 1;
        e.1[ne as usize] += 1;
    }

    /// Count every run of Arabic letters in a text (harakat removed first).
    pub fn add_text(&mut self, text: &str) {
        let nlp = super::data::nlp(text);
        for w in nlp.split(|c: char| !crate::text::chars::is_arabic_letter(c)) {
            self.add(w, NE_NONE);
        }
    }

    /// Pack into the stored list.
    pub fn finish(self) -> WordList {
        let table = self
            .words
            .into_iter()
            .map(|(k, (n, ne))| {
                let names: u32 = ne[1..].iter().sum();
                let share = if names == 0 || n == 0 {
                    0
                } else {
                    let r = names as f64 / n as f64;
                    if r < 0.3 {
                        1
                    } else if r < 0.7 {
                        2
                    } else {
                        3
                    }
                };
                let ne_type = if names == 0 { 0 } else { (1..5).max_by_key(|&t| (ne[t], 5 - t)).unwrap_or(0) as u8 };
                (k, WordInfo { freq: freq_bin(n), ne_share: share, ne_type }.pack())
            })
            .collect();
        WordList { table, ..Default::default() }
    }
}

impl WordList {
    /// What the list knows about the word given in `parts` (concatenated).
    #[inline]
    pub fn get(&self, parts: &[&str]) -> WordInfo {
        self.get_key(key(parts))
    }

    /// The same by [`key`].
    #[inline]
    pub fn get_key(&self, k: u64) -> WordInfo {
        self.table.get(&k).map_or_else(WordInfo::default, |&v| WordInfo::unpack(v))
    }

    /// Dictionary classes of a folded word (see [`WordList::with_classes`]).
    #[inline]
    pub fn class_of(&self, folded_word: &str) -> u8 {
        self.dict_entry(folded_word).0
    }

    /// The dictionary's affix-class number of a folded word (0 when none).
    #[inline]
    pub fn flag_of(&self, folded_word: &str) -> u16 {
        self.dict_entry(folded_word).1
    }

    /// Dictionary classes of the singular in `ة` of a folded feminine
    /// plural in `ات` (`وزارات` → `وزارة`, "ministries"); 0 when the word
    /// has no such ending or the dictionary lacks the singular. The
    /// dictionary files such plurals under their singular only, so neither
    /// [`WordList::dict_entry`] nor the endings of
    /// [`WordList::dictionary_pattern`] find them.
    pub fn feminine_singular_classes(&self, folded: &str) -> u8 {
        folded
            .strip_suffix("ات")
            .filter(|r| r.chars().count() >= 2)
            .map_or(0, |r| self.dict_entry(&format!("{r}ة")).0)
    }

    /// Dictionary classes and affix-class number of a folded word, `(0, 0)`
    /// when the dictionary lacks it.
    #[inline]
    pub fn dict_entry(&self, folded_word: &str) -> (u8, u16) {
        self.dict.get(&key(&[folded_word])).map_or((0, 0), |&v| (v as u8, (v >> 8) as u16))
    }

    /// Add the word classes of a hunspell `.dic` file in the Ayaspell
    /// layout (sections `stopwords.dic`, `tools.dic`, `names.dic` — nouns
    /// and adjectives — and `verb.huns.dic`).
    pub fn with_classes(mut self, dic: &str) -> WordList {
        let mut bit = 0u8;
        for line in dic.lines() {
            let line = line.trim();
            match line {
                "stopwords.dic" | "tools.dic" => bit = CLASS_FUNCTION,
                "names.dic" => bit = CLASS_NOUN,
                "verb.huns.dic" => bit = CLASS_VERB,
                _ => {}
            }
            if bit == 0 || line.starts_with(':') || line.starts_with('#') {
                continue;
            }
            let word = line.split(['/', '\t', ' ']).next().unwrap_or("");
            if word.is_empty() || !word.chars().all(crate::text::chars::is_arabic_letter) {
                continue;
            }
            let flag = line.split_once('/').and_then(|(_, r)| r.split(['\t', ' ']).next()?.parse::<u16>().ok());
            let v = self.dict.entry(key(&[word])).or_default();
            *v |= bit as u32;
            if *v >> 8 == 0 {
                *v |= (flag.unwrap_or(0) as u32) << 8;
            }
        }
        self
    }

    /// Dictionary classes of a word: as written, without the article, and
    /// without the article and a noun ending (`المفاوضات` → `مفاوض`; the
    /// accusative `ا` of `اجتماعا` → `اجتماع`).
    /// Returns the three 3-bit class sets packed (`as written | bare << 3 |
    /// stripped << 6`) and the affix class of the first found.
    pub fn dictionary_pattern(&self, folded: &str) -> (u32, u16) {
        let list = self;
        let bare = folded.strip_prefix("ال").filter(|r| r.chars().count() >= 2);
        let (a, fa) = list.dict_entry(folded);
        let (b, fb) = bare.map_or((0, 0), |r| list.dict_entry(r));
        let base = bare.unwrap_or(folded);
        // Longer endings first: `العسكريين` → `عسكر`+`يين` before `ين`.
        let sufs: &[&str] = &["يات", "يين", "يون", "ات", "ون", "ين", "ان", "ية", "ة", "ي", "ا"];
        let (c, fc) = sufs
            .iter()
            .filter_map(|suf| base.strip_suffix(suf).filter(|r| r.chars().count() >= 2))
            .map(|r| list.dict_entry(r))
            .find(|e| e.0 != 0)
            .unwrap_or((0, 0));
        let flag = if a != 0 {
            fa
        } else if b != 0 {
            fb
        } else {
            fc
        };
        (a as u32 | (b as u32) << 3 | (c as u32) << 6, flag)
    }

    /// Link the verb stems of a hunspell `.dic` (section `verb.huns.dic`,
    /// each entry's second field numbering a morphological alias) to their
    /// lemma, the `st:` field of that alias (`AM` lines) in the `.aff`.
    pub fn with_verb_lemmas(mut self, dic: &str, aff: &str) -> WordList {
        // `AM <count>` heads the aliases; they are numbered from 1.
        let aliases: Vec<Option<&str>> = aff
            .lines()
            .filter_map(|l| l.strip_prefix("AM "))
            .skip(1)
            .map(|a| a.split_whitespace().find_map(|f| f.strip_prefix("st:")))
            .collect();
        let aliases_past: Vec<bool> =
            aff.lines().filter_map(|l| l.strip_prefix("AM ")).skip(1).map(|a| a.split_whitespace().any(|f| f == "is:pst")).collect();
        let mut index: FxHashMap<String, u32> = FxHashMap::default();
        let mut in_verbs = false;
        for line in dic.lines() {
            let line = line.trim();
            if line.ends_with(".dic") {
                in_verbs = line == "verb.huns.dic";
                continue;
            }
            if !in_verbs {
                continue;
            }
            let mut fields = line.split_whitespace();
            let word = fields.next().unwrap_or("").split('/').next().unwrap_or("");
            let Some(alias) = fields.next().and_then(|n| n.parse::<usize>().ok()) else { continue };
            let Some(Some(lemma)) = alias.checked_sub(1).and_then(|i| aliases.get(i)) else { continue };
            if word.is_empty() || !word.chars().all(crate::text::chars::is_arabic_letter) {
                continue;
            }
            let past = aliases_past.get(alias - 1).copied().unwrap_or(false);
            let lemma = super::data::nlp(lemma);
            let next = self.verb_lemmas.len() as u32;
            let id = *index.entry(lemma.clone()).or_insert_with(|| {
                self.verb_lemmas.push(lemma);
                next
            });
            let v = self.verb_stems.entry(key(&[word])).or_default();
            let code = id << 1 | past as u32;
            if !v.contains(&code) {
                v.push(code);
            }
        }
        self
    }

    /// The lemma of a verb stem the dictionary lists (`يوضح`, "explains"
    /// → `أوضح`, "explained"). `stem` as written; it is looked up folded.
    /// When the stem belongs to several verbs: the one whose lemma it is
    /// (`أصبح` is the past of `أصبح`, not "I wake" of `صبح`), else a past
    /// reading, else the lemma most frequent in the raw text.
    pub fn verb_lemma(&self, stem: &str) -> Option<&str> {
        let cands = self.verb_stems.get(&key(&[stem]))?;
        let lemma = |c: &u32| self.verb_lemmas[(c >> 1) as usize].as_str();
        if let Some(c) = cands.iter().find(|c| lemma(c) == stem) {
            return Some(lemma(c));
        }
        let best = cands.iter().max_by_key(|c| (**c & 1, self.get(&[lemma(c)]).freq, std::cmp::Reverse(**c >> 1)))?;
        Some(lemma(best))
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// No words at all (a model trained without raw text).
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Approximate heap memory, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.table.capacity() * 16
    }
}

/// The ANERcorp sentences the list leaves out, words and tags.
///
/// The shipped entity model does not read the morphology (its morphology
/// features are opt-in, `khabar train ner --morph FILE`) and is scored on
/// gold tokens, where the clitic cut inside a token cannot matter: so the
/// shipped morphology counts every sentence ([`AnerHeldOut::Nothing`]), which
/// is worth about 0.2 held-out UPOS. An entity model that does read a
/// morphology model must be given one that never counted a label of a
/// sentence it is scored on: [`AnerHeldOut::Dev`] or
/// [`AnerHeldOut::DevAndTuning`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AnerHeldOut {
    /// Every sentence is counted (the shipped morphology model).
    #[default]
    Nothing,
    /// The entity dev tenth ([`crate::ner::train::anercorp_split`]) is left
    /// out: for `khabar train ner --morph FILE`.
    Dev,
    /// The dev tenth and a tuning ninth of the rest (its number, see
    /// [`crate::ner::train::tune_split_fold`]; the last, 8, is the default
    /// tuning part): for the morphology model that `khabar train ner
    /// --tune` reads.
    DevAndTuning(usize),
}

/// Build the list from the data directory (see the module notes for the
/// sources), every ANERcorp sentence counted. Missing files are an error: a
/// model trained without its list would silently lose accuracy.
pub fn build(data_dir: &Path) -> Result<WordList> {
    build_holding_out(data_dir, AnerHeldOut::Nothing)
}

/// [`build`], leaving out the ANERcorp sentences `held_out` names.
pub fn build_holding_out(data_dir: &Path, held_out: AnerHeldOut) -> Result<WordList> {
    Ok(counts_holding_out(data_dir, held_out)?.finish())
}

/// Dictionary class bit of a noun or adjective (the `names.dic` section):
/// `كتاب` ("book").
pub const CLASS_NOUN: u8 = 1;
/// Dictionary class bit of a verb stem (`verb.huns.dic`): `يكتب` ("writes").
pub const CLASS_VERB: u8 = 2;
/// Dictionary class bit of a function word (`stopwords.dic`, `tools.dic`):
/// `على` ("on").
pub const CLASS_FUNCTION: u8 = 4;

/// Where Debian's `hunspell-ar` puts the Arabic dictionary (Ayaspell).
pub const HUNSPELL_AR: &str = "/usr/share/hunspell/ar.dic";

/// Read a hunspell `.dic` or `.aff` file; a clear error when it is missing, since a
/// model trained without it would silently lose accuracy.
pub fn read_dictionary(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        crate::Error::io(&format!("{} (the Arabic hunspell dictionary: install Debian's hunspell-ar, or pass its path)", path.display()), e)
    })
}

/// The counts behind [`build`] (every ANERcorp sentence counted).
pub fn counts(data_dir: &Path) -> Result<WordCounts> {
    counts_holding_out(data_dir, AnerHeldOut::Nothing)
}

/// The counts behind [`build_holding_out`].
pub fn counts_holding_out(data_dir: &Path, held_out: AnerHeldOut) -> Result<WordCounts> {
    use crate::train::lexicon::{arcd_texts, raw_news_split};
    let mut c = WordCounts::default();
    // The same split as the entity tagger's, so the two can never disagree
    // on which sentences are dev.
    let (train, dev) = crate::ner::train::anercorp_split(data_dir)?;
    let counted = match held_out {
        AnerHeldOut::Nothing => train.into_iter().chain(dev).collect(),
        AnerHeldOut::Dev => train,
        AnerHeldOut::DevAndTuning(fold) => crate::ner::train::tune_split_fold(train, fold).0,
    };
    for s in &counted {
        for (tok, &tag) in s.tokens.iter().zip(&s.tags) {
            let ne = match crate::ner::model::tag_type(tag) {
                Some(crate::document::EntityType::PER) => NE_PERS,
                Some(crate::document::EntityType::LOC) => NE_LOC,
                Some(crate::document::EntityType::ORG) => NE_ORG,
                Some(_) => NE_MISC,
                None => NE_NONE,
            };
            c.add(&super::data::nlp(tok), ne);
        }
    }
    for t in arcd_texts(data_dir)? {
        c.add_text(&t);
    }
    let (counted, dev, _test) = raw_news_split(data_dir)?;
    for p in counted.iter().chain(&dev) {
        c.add_text(p);
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_names_and_bins() {
        let mut c = WordCounts::default();
        // "Putin visited France", "the minister"
        for (w, ne) in [("بوتين", NE_PERS), ("زار", NE_NONE), ("فرنسا", NE_LOC), ("الوزير", NE_NONE)] {
            c.add(w, ne);
        }
        c.add_text("قال الوزير إن الوزير زار فرنسا.");
        let l = c.finish();
        let putin = l.get(&["بوتين"]);
        assert_eq!((putin.freq, putin.ne_share, putin.ne_type), (1, 3, NE_PERS));
        let w = l.get(&["ال", "وزير"]);
        assert_eq!((w.freq, w.ne_share), (2, 0));
        assert_eq!(l.get(&["افروف"]), WordInfo::default());
        // Folding: `إن` and `ان` are one entry.
        assert_eq!(l.get(&["ان"]).freq, 1);
    }

    #[test]
    fn dictionary_sections_become_word_classes() {
        // A .dic in the Ayaspell layout, written for this test: a function
        // word "under", the noun "school" (affix class 61), a noun that is
        // also a verb stem "wrote"/"books", and a verb stem "writes".
        let dic = "5\n::::::::::::::\ntools.dic\n::::::::::::::\nتحت\n\
                   ::::::::::::::\nnames.dic\n::::::::::::::\nمدرسة/61\nكتب/61\n\
                   ::::::::::::::\nverb.huns.dic\n::::::::::::::\nيكتب/229\t1\nكتب/231\t2\n";
        let l = WordList::default().with_classes(dic);
        assert_eq!(l.class_of("تحت"), 4);
        assert_eq!(l.class_of("مدرسة"), 1);
        assert_eq!(l.flag_of("مدرسة"), 61);
        assert_eq!(l.class_of("كتب"), 1 | 2);
        assert_eq!(l.flag_of("كتب"), 61, "the first entry's class is kept");
        assert_eq!(l.class_of("يكتب"), 2);
        assert_eq!(l.class_of("بوتين"), 0);
        // The section names themselves are not words.
        assert_eq!(l.class_of("names"), 0);
        // Aliases written for this test: 1 "present of write", 2 "past of write".
        let aff = "AM 2\nAM is:prst st:كتب po:verb\nAM is:pst st:كتب po:verb\n";
        let l = l.with_verb_lemmas(dic, aff);
        assert_eq!(l.verb_lemma("يكتب"), Some("كتب"));
        assert_eq!(l.verb_lemma("كتب"), Some("كتب"), "a past stem that is its own lemma");
        assert_eq!(l.verb_lemma("مدرسة"), None, "nouns have no verb lemma");
    }
}
