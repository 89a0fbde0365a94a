//! Name lists the khabar team wrote from general knowledge (never copied from
//! a dataset): countries and cities, first names and leaders' surnames,
//! titles, organizations and the words that head them, nationality
//! adjectives, events. They are embedded with `include_str!` and become
//! features of the tagger, so a list entry is evidence, not a verdict: the
//! model learns how far to trust each list (`الأردن` is a country and a
//! river; `عباس` a surname and a first name).
//!
//! Matching is on the search-level folding ([`fold`]) so that `امريكا` and
//! `أمريكا` meet, and a phrase's first token is matched with its clitics
//! stripped (`وبالولايات المتحدة` → `الولايات المتحدة`).

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// A place: `موسكو`.
pub const LOC: u16 = 1;
/// An organization: `الأمم المتحدة`.
pub const ORG: u16 = 2;
/// A first name: `فلاديمير`.
pub const PER_FIRST: u16 = 4;
/// A surname: `بوتين`.
pub const PER_LAST: u16 = 8;
/// A title before a name: `الرئيس`.
pub const TITLE: u16 = 16;
/// A nationality adjective: `روسي` (also `الروسية`, `الروس`…).
pub const NAT: u16 = 32;
/// Another kind of name: `كأس العالم`.
pub const MISC: u16 = 64;
/// A word heading a place name: `مدينة`.
pub const LOC_HEAD: u16 = 128;
/// A word heading an organization name: `وزارة`.
pub const ORG_HEAD: u16 = 256;

/// The lists and their classes, in bit order (for feature names).
pub const CLASSES: [(u16, &str); 9] = [
    (LOC, "loc"),
    (ORG, "org"),
    (PER_FIRST, "first"),
    (PER_LAST, "last"),
    (TITLE, "title"),
    (NAT, "nat"),
    (MISC, "misc"),
    (LOC_HEAD, "lochead"),
    (ORG_HEAD, "orghead"),
];

const SOURCES: [(u16, &str); 9] = [
    (LOC, include_str!("gazetteer/loc.txt")),
    (ORG, include_str!("gazetteer/org.txt")),
    (PER_FIRST, include_str!("gazetteer/per_first.txt")),
    (PER_LAST, include_str!("gazetteer/per_last.txt")),
    (TITLE, include_str!("gazetteer/titles.txt")),
    (NAT, include_str!("gazetteer/nationality.txt")),
    (MISC, include_str!("gazetteer/misc.txt")),
    (LOC_HEAD, include_str!("gazetteer/loc_head.txt")),
    (ORG_HEAD, include_str!("gazetteer/org_head.txt")),
];

/// Longest phrase in the lists, in words.
pub const MAX_WORDS: usize = 5;

/// The search-level letter folding (`أ إ آ ٱ`→`ا`, `ى`→`ي`, Latin lower
/// case) on nlp-normalized text.
///
/// ```
/// // "America", with and without the hamza
/// assert_eq!(khabar::ner::gazetteer::fold("أمريكا"), khabar::ner::gazetteer::fold("امريكا"));
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] appending to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    for c in s.chars() {
        out.push(match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            c => c.to_ascii_lowercase(),
        });
    }
}

/// The compiled lists: folded phrase (words joined by one space) → class bits.
#[derive(Debug, Default)]
pub struct Gazetteer {
    phrases: FxHashMap<String, u16>,
    fingerprint: u64,
}

impl Gazetteer {
    /// Compile from `(class, text)` pairs, one entry a line, `#` comments.
    pub fn from_sources(sources: &[(u16, &str)]) -> Gazetteer {
        let mut phrases: FxHashMap<String, u16> = FxHashMap::default();
        let mut h = rustc_hash::FxHasher::default();
        for (class, text) in sources {
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let norm = crate::text::normalize(line, crate::text::Level::Nlp);
                let key = fold(&norm.as_str().split_whitespace().collect::<Vec<_>>().join(" "));
                std::hash::Hasher::write(&mut h, key.as_bytes());
                std::hash::Hasher::write_u16(&mut h, *class);
                // News often writes a final `ة` as `ه` (`لشبونه`).
                if key.split(' ').any(|w| w.ends_with('ة')) {
                    let alt: Vec<String> =
                        key.split(' ').map(|w| w.strip_suffix('ة').map_or(w.to_string(), |r| format!("{r}ه"))).collect();
                    *phrases.entry(alt.join(" ")).or_default() |= class;
                }
                // Egyptian papers write a foreign `g` as `ج`: `هونج كونج`
                // for `هونغ كونغ`, `هامبورج`; only a word-final `غ` and
                // `نغ` are respelled, which Arabic words rarely are.
                if key.split(' ').any(|w| w.ends_with('غ') || w.contains("نغ")) {
                    let alt: Vec<String> = key
                        .split(' ')
                        .map(|w| {
                            let w = w.replace("نغ", "نج");
                            match w.strip_suffix('غ') {
                                Some(r) => format!("{r}ج"),
                                None => w,
                            }
                        })
                        .collect();
                    *phrases.entry(alt.join(" ")).or_default() |= class;
                }
                *phrases.entry(key).or_default() |= class;
            }
        }
        Gazetteer { phrases, fingerprint: std::hash::Hasher::finish(&h) }
    }

    /// The embedded lists (compiled once per process).
    pub fn embedded() -> &'static Gazetteer {
        static CELL: OnceLock<Gazetteer> = OnceLock::new();
        CELL.get_or_init(|| Gazetteer::from_sources(&SOURCES))
    }

    /// Class bits of a folded phrase (0 when absent): `موسكو` → [`LOC`].
    #[inline]
    pub fn get(&self, folded: &str) -> u16 {
        self.phrases.get(folded).copied().unwrap_or(0)
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// No phrases.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// A hash of the lists' contents: a model records the one it was
    /// trained with, so an edited list without retraining is noticed.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The nationality class of a folded stem, trying the adjective's
    /// endings: `روسية`, `الروس`… → [`NAT`] (article already stripped).
    pub fn nationality(&self, stem: &str) -> bool {
        if self.get(stem) & NAT != 0 {
            return true;
        }
        for end in ["ة", "ون", "ين", "ات", "ان"] {
            if let Some(base) = stem.strip_suffix(end) {
                if base.chars().count() >= 2 && self.get(base) & NAT != 0 {
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lists_compile_and_fold() {
        let g = Gazetteer::embedded();
        assert!(g.len() > 500);
        assert_ne!(g.get(&fold("موسكو")) & LOC, 0); // Moscow
        assert_ne!(g.get(&fold("امريكا")) & LOC, 0); // America, hamza-less
        assert_ne!(g.get(&fold("الأمم المتحدة")) & ORG, 0); // the United Nations
        assert_ne!(g.get(&fold("الرئيس")) & TITLE, 0); // the president
        assert!(g.nationality(&fold("روسية"))); // Russian (f.)
        assert_eq!(g.get("كتاب"), 0); // "book": in no list
        assert_ne!(g.get(&fold("لشبونه")) & LOC, 0); // Lisbon, final ة written ه
        // Hong Kong, Hamburg and Singapore with the Egyptian `ج` for `g`.
        assert_ne!(g.get(&fold("هونج كونج")) & LOC, 0);
        assert_ne!(g.get(&fold("هامبورج")) & LOC, 0);
        assert_ne!(g.get(&fold("سنجافورة")) & LOC, 0);
        // Only a final `غ` and `نغ` are respelled: Baghdad stays as it is.
        assert_eq!(g.get(&fold("بجداد")), 0);
    }
}
