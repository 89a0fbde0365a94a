//! Reading a number token's digits (nlp level, so ASCII: `١٥٠` is `150`,
//! `٣٫٥` is `3.5`, `١٬٥٠٠` is `1,500`).

/// What a number token says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Digits {
    /// One value: `48`, `1,500`, `3.5`.
    Value {
        /// The value.
        value: f64,
        /// Written as four digits with no separator (`2016`): could be a year.
        four_digits: bool,
    },
    /// `10-15`: a range, low below high.
    Range(f64, f64),
    /// `15-7`, `2016/11/29`, `15-7-2016`: a date, not a quantity.
    Date,
    /// Something else (other numeric characters the scanner kept together).
    Other,
}

/// Read one number token's nlp text.
///
/// ```
/// use khabar::number::digits::{read, Digits};
/// assert_eq!(read("1,500"), Digits::Value { value: 1500.0, four_digits: false });
/// assert_eq!(read("10-15"), Digits::Range(10.0, 15.0)); // "10 to 15"
/// assert_eq!(read("15-7"), Digits::Date); // a dateline's day-month
/// ```
pub fn read(s: &str) -> Digits {
    if s.contains('/') {
        // `2016/11/29`, `29/11`: dates; fractions are written in words.
        return Digits::Date;
    }
    if s.contains('-') {
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() != 2 {
            return Digits::Date;
        }
        let (Some(a), Some(b)) = (plain(parts[0]), plain(parts[1])) else {
            return Digits::Other;
        };
        // A range is written low-high; day-month (`15-7`) or a score
        // (`2-1`) has the larger number first, and a month-year (`7-2016`)
        // jumps from a month to a year.
        let is_year = |x: f64| (1900.0..=2100.0).contains(&x);
        if a < b && (is_year(a) == is_year(b)) {
            return Digits::Range(a, b);
        }
        return Digits::Date;
    }
    match plain(s) {
        Some(v) => Digits::Value {
            value: v,
            four_digits: s.len() == 4 && s.bytes().all(|c| c.is_ascii_digit()),
        },
        None => Digits::Other,
    }
}

/// One number with separators: `1,500` and `1.500.000` are thousands;
/// `3.5` and `3,5` are decimals; `1,500.5` mixes both.
fn plain(s: &str) -> Option<f64> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit() || c == b',' || c == b'.') {
        return None;
    }
    let commas = s.bytes().filter(|&c| c == b',').count();
    let dots = s.bytes().filter(|&c| c == b'.').count();
    let groups_of_three = |sep: char| s.split(sep).skip(1).all(|g| g.len() == 3);
    let cleaned: String = match (commas, dots) {
        (0, 0) => s.to_string(),
        (0, 1) => s.to_string(),
        // Two or more dots can only be thousands (`1.500.000`).
        (0, _) if groups_of_three('.') => s.replace('.', ""),
        (_, 0) if groups_of_three(',') => s.replace(',', ""),
        // One comma not followed by three digits: a decimal comma (`3,5`).
        (1, 0) => s.replace(',', "."),
        (_, 1) => {
            let (int, frac) = s.split_once('.').expect("one dot");
            if !int.contains(',') || !int.split(',').skip(1).all(|g| g.len() == 3) {
                return None;
            }
            format!("{}.{}", int.replace(',', ""), frac)
        }
        _ => return None,
    };
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: f64) -> Digits {
        Digits::Value {
            value: x,
            four_digits: false,
        }
    }

    #[test]
    fn separators() {
        assert_eq!(read("48"), v(48.0));
        assert_eq!(read("1,500"), v(1500.0));
        assert_eq!(read("1,500,000"), v(1_500_000.0));
        assert_eq!(read("1.500.000"), v(1_500_000.0));
        assert_eq!(read("3.5"), v(3.5));
        assert_eq!(read("3,5"), v(3.5));
        assert_eq!(read("1,500.25"), v(1500.25));
        assert_eq!(
            read("2016"),
            Digits::Value {
                value: 2016.0,
                four_digits: true
            }
        );
    }

    #[test]
    fn ranges_and_dates() {
        assert_eq!(read("10-15"), Digits::Range(10.0, 15.0));
        assert_eq!(read("2015-2016"), Digits::Range(2015.0, 2016.0));
        assert_eq!(read("15-7"), Digits::Date);
        assert_eq!(read("7-2016"), Digits::Date);
        assert_eq!(read("15-7-2016"), Digits::Date);
        assert_eq!(read("2016/11/29"), Digits::Date);
    }
}
