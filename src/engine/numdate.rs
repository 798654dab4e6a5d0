//! Numeric date formats (`%Y`, `%m`, `%d`, `%H`, `%M`, `%S` and literal separators, as in
//! every shipped profile) read without jiff's general `strptime`, which is the costliest part
//! of a date step (two dates per row on the order exports), and date-only ones written without
//! its formatter.
//!
//! The shortcut only ever *accepts*: when a text has exactly the plain form of the format
//! (digits where the directives are, each separator once, nothing else) and the date and time
//! exist, it gives the date jiff would give. Anything else (a sign, extra white space, a date
//! that does not exist, a missing separator) returns `None` and the caller asks jiff, so the
//! profile's semantics are jiff's in every case. A differential property test pins this.

use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// A number of 1 to `max` digits, read greedily as jiff does.
    Num(Field, usize),
    /// A literal ASCII separator (not a digit, not `%`).
    Lit(u8),
}

/// A date format compiled for the shortcut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumericFormat {
    parts: Vec<Part>,
}

impl NumericFormat {
    /// The format's shortcut, if it has the supported form: `%Y`, `%m` and `%d` once each,
    /// optionally `%H` and `%M` (both) and then `%S`, without flags or widths, separated by
    /// ASCII characters that are not digits.
    pub fn new(format: &str) -> Option<Self> {
        let mut parts = Vec::new();
        let mut seen = [false; 6];
        let mut bytes = format.bytes();
        while let Some(b) = bytes.next() {
            let part = match b {
                b'%' => {
                    let (field, max) = match bytes.next()? {
                        b'Y' => (Field::Year, 4),
                        b'm' => (Field::Month, 2),
                        b'd' => (Field::Day, 2),
                        b'H' => (Field::Hour, 2),
                        b'M' => (Field::Minute, 2),
                        b'S' => (Field::Second, 2),
                        _ => return None,
                    };
                    if std::mem::replace(&mut seen[field as usize], true) {
                        return None;
                    }
                    Part::Num(field, max)
                }
                b if b.is_ascii() && !b.is_ascii_digit() && (b == b' ' || !b.is_ascii_whitespace()) => Part::Lit(b),
                _ => return None,
            };
            parts.push(part);
        }
        let [y, mo, d, h, mi, s] = seen;
        let time_ok = (h == mi) && (!s || h);
        (y && mo && d && time_ok).then_some(NumericFormat { parts })
    }

    /// The format for writing dates, if it has no time fields.
    pub fn for_output(format: &str) -> Option<Self> {
        Self::new(format)
            .filter(|f| f.parts.iter().all(|p| !matches!(p, Part::Num(Field::Hour | Field::Minute | Field::Second, _))))
    }

    /// Writes `date` (a year from 1 to 9999) in this date-only format, zero-padded as jiff's
    /// `%Y`, `%m` and `%d` are.
    pub fn format(&self, date: Date, out: &mut String) {
        for part in &self.parts {
            match *part {
                Part::Lit(c) => out.push(char::from(c)),
                Part::Num(field, width) => {
                    let n = match field {
                        Field::Year => date.year() as u32,
                        Field::Month => date.month() as u32,
                        Field::Day => date.day() as u32,
                        Field::Hour | Field::Minute | Field::Second => unreachable!("made by for_output"),
                    };
                    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
                    for d in &digits[4 - width..] {
                        out.push(char::from(b'0' + *d as u8));
                    }
                }
            }
        }
    }

    /// The date of `text` if it has the plain form of this format and exists; `None` means
    /// "ask jiff", not "invalid".
    pub fn parse(&self, text: &str) -> Option<Date> {
        let b = text.as_bytes();
        let mut i = 0;
        let mut v = [0i32; 6];
        for part in &self.parts {
            match *part {
                Part::Lit(c) => {
                    if b.get(i) != Some(&c) {
                        return None;
                    }
                    // (jiff lets a space in the format match any run of white space; here a
                    // second one is a mismatch or a number without digits, so jiff decides.)
                    i += 1;
                }
                Part::Num(field, max) => {
                    let start = i;
                    let mut n = 0i32;
                    while i < b.len() && i - start < max && b[i].is_ascii_digit() {
                        n = n * 10 + i32::from(b[i] - b'0');
                        i += 1;
                    }
                    if i == start {
                        return None;
                    }
                    v[field as usize] = n;
                }
            }
        }
        let [year, month, day, hour, minute, second] = v;
        // jiff reads a second of 60 as 59 (no leap seconds).
        if i != b.len() || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        Date::new(year as i16, month as i8, day as i8).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::DateTime;
    use proptest::prelude::*;

    const FORMATS: [&str; 9] = [
        "%Y/%m/%d",
        "%Y/%m/%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y-%m-%d",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y%m%d",
        "%Y%m%d %H:%M",
        "%Y%m%d %H:%M:%S",
    ];

    fn jiff(format: &str, text: &str) -> Option<Date> {
        DateTime::strptime(format, text).ok().map(|dt| dt.date())
    }

    #[test]
    fn supported_forms() {
        for f in FORMATS.iter().chain(&["%d.%m.%Y", "%m/%d/%Y %H:%M"]) {
            assert!(NumericFormat::new(f).is_some(), "{f}");
        }
        for f in [
            "%Y/%m",
            "%Y/%m/%d %H",
            "%Y/%m/%d\t%H:%M",
            "%Y/%m/%d %M:%S",
            "%Y/%m/%d %-H:%M",
            "%y/%m/%d",
            "%Y/%m/%d%%",
            "%Y年%m月%d日",
        ] {
            assert!(NumericFormat::new(f).is_none(), "{f}");
        }
    }

    #[test]
    fn plain_forms_are_read() {
        let f = NumericFormat::new("%Y/%m/%d %H:%M:%S").unwrap();
        assert_eq!(f.parse("2024/10/17 13:45:00"), Some(jiff::civil::date(2024, 10, 17)));
        assert_eq!(f.parse("2024/1/5 7:05:60"), Some(jiff::civil::date(2024, 1, 5)));
        assert_eq!(f.parse("2024/02/30 00:00:00"), None);
        assert_eq!(f.parse("2024/10/17 24:00:00"), None);
        assert_eq!(f.parse("2024/10/17  13:45:00"), None);
        let f = NumericFormat::new("%Y%m%d").unwrap();
        assert_eq!(f.parse("20241018"), Some(jiff::civil::date(2024, 10, 18)));
        assert_eq!(f.parse("2024101"), Some(jiff::civil::date(2024, 10, 1)), "greedy, like jiff");
        assert_eq!(f.parse("202410181"), None);
    }

    /// Texts near the formats: digits, the separators, white space and signs; and dates
    /// built from numbers around every limit (month 13, day 32, hour 24, second 60 and 61),
    /// padded or not, with any of the separators.
    fn near_date() -> impl Strategy<Value = String> {
        // A number up to `max` (the limits themselves often), padded or not, or no digits.
        let num = |max: u32| {
            let n = prop_oneof![0..=max, max - 1..=max];
            prop_oneof![
                10 => (n, any::<bool>()).prop_map(|(n, pad)| if pad { format!("{n:02}") } else { n.to_string() }),
                1 => Just(String::new()),
            ]
        };
        let built = (
            prop_oneof![(0..=10000u32).prop_map(|y| y.to_string()), Just("2024".to_string())],
            num(13),
            num(32),
            (num(25), num(61), num(61), 0..3usize),
            prop::sample::select(vec!["/", "-", ""]),
            prop::sample::select(vec![" ", "  ", "", "T"]),
        )
            .prop_map(|(y, mo, d, (h, mi, s, time), sep, gap)| {
                let date = format!("{y}{sep}{mo}{sep}{d}");
                match time {
                    0 => date,
                    1 => format!("{date}{gap}{h}:{mi}"),
                    _ => format!("{date}{gap}{h}:{mi}:{s}"),
                }
            });
        prop_oneof!["[0-9/: +-]{0,22}", built]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever the shortcut accepts, jiff accepts with the same date.
        #[test]
        fn agrees_with_jiff(text in near_date()) {
            for format in FORMATS {
                let fast = NumericFormat::new(format).unwrap().parse(&text);
                if fast.is_some() {
                    prop_assert_eq!(fast, jiff(format, &text), "{} on {:?}", format, text);
                }
            }
        }
    }

    /// The shortcut is taken on the dates a GoQ export holds (else it would save nothing).
    #[test]
    fn takes_the_common_forms() {
        for (format, text) in [
            ("%Y/%m/%d", "2024/10/18"),
            ("%Y/%m/%d %H:%M:%S", "2024/10/16 04:09:45"),
            ("%Y-%m-%d %H:%M:%S", "2024-09-23 16:15:31"),
            ("%Y%m%d", "20241019"),
            ("%Y/%m/%d %H:%M", "2024/9/3 8:05"),
        ] {
            let fast = NumericFormat::new(format).unwrap().parse(text);
            assert!(fast.is_some(), "{format} {text}");
            assert_eq!(fast, jiff(format, text));
        }
    }
}
