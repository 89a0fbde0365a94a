//! Character classes for Arabic news text.
//!
//! `char::is_alphanumeric()` is true for harakat and tatweel, so khabar
//! never uses it to find word characters; these functions are the truth.

/// Arabic harakat, Quranic marks and the superscript alef: the marks the
/// nlp level removes. `U+0653..=U+0655` (maddah, hamza above/below) are
/// included: after NFC they are only left where nothing composes with them.
#[inline]
pub fn is_arabic_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}')
}

/// Tatweel (kashida), the elongation stroke `ـ`.
pub const TATWEEL: char = '\u{0640}';

/// A letter of the Arabic script (base letters, after presentation forms are
/// expanded): `ء`..`ي`, the extended letters used for Persian/Urdu and
/// foreign sounds (`پ چ ژ گ ک ی`), alef wasla.
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}')
}

/// Zero-width and bidi control characters, the soft hyphen and the BOM:
/// invisible junk that scraping leaves inside words. ZWJ/ZWNJ are included:
/// Arabic news does not use them meaningfully.
#[inline]
pub fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Arabic presentation forms (contextual glyph codes and ligatures such as
/// `ﻻ` and `ﷲ`), which old software and PDFs emit instead of letters.
#[inline]
pub fn is_arabic_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// Arabic-Indic (`٠..٩`) or Persian (`۰..۹`) digit value.
#[inline]
pub fn eastern_digit_value(c: char) -> Option<u8> {
    match c {
        '\u{0660}'..='\u{0669}' => Some(c as u32 as u8 - 0x60),
        '\u{06F0}'..='\u{06F9}' => Some((c as u32 - 0x06F0) as u8),
        _ => None,
    }
}

/// Alef with hamza above/below, alef with madda, alef wasla: the variants
/// the search level folds to bare alef `ا`.
#[inline]
pub fn is_alef_variant(c: char) -> bool {
    matches!(c, 'أ' | 'إ' | 'آ' | 'ٱ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harakat_and_tatweel_are_not_letters() {
        for c in ['\u{064E}', '\u{0651}', '\u{0652}', TATWEEL] {
            assert!(!is_arabic_letter(c), "{c:?}");
            // The trap this module exists for:
            assert!(c.is_alphanumeric());
        }
        assert!(is_arabic_diacritic('\u{064E}'));
        assert!(!is_arabic_diacritic(TATWEEL));
    }

    #[test]
    fn hamza_seats_are_letters() {
        for c in ['ء', 'أ', 'إ', 'آ', 'ؤ', 'ئ', 'ة', 'ى', 'ی', 'ک', 'پ'] {
            assert!(is_arabic_letter(c), "{c}");
        }
    }

    #[test]
    fn eastern_digits() {
        assert_eq!(eastern_digit_value('٣'), Some(3));
        assert_eq!(eastern_digit_value('۷'), Some(7));
        assert_eq!(eastern_digit_value('7'), None);
    }
}
