//! Transform steps applied to a value's text, in place, with reused buffers.

use jiff::civil::{Date, DateTime};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::RuleId;
use super::numdate::NumericFormat;
use super::pattern::Pattern;
use super::template::Message;
use crate::common::charset::trim_tail;

/// A compiled transform step.
#[derive(Debug)]
pub enum Step {
    Trim,
    Nfkc,
    Uppercase,
    Lowercase,
    StripPrefix(String),
    Unwrap(String, String),
    RemoveChars(CharSet),
    /// The regex with its replacement, and the same regex as a quick yes/no pre-check (most
    /// values do not match, and a test is cheaper than a replacement search).
    Replace(Regex, String, Pattern),
    RejectIf(Pattern, RuleId, Message),
    /// Index into the plan's lookups.
    Lookup(usize),
    Date(DateStep),
}

/// The characters a `remove_chars` step removes, with its ASCII ones as a byte table: most
/// values (tracking numbers) are ASCII, and one pass over their bytes says whether any is to go.
#[derive(Debug)]
pub struct CharSet {
    chars: Vec<char>,
    ascii: [bool; 128],
}

impl CharSet {
    pub fn new(chars: impl IntoIterator<Item = char>) -> Self {
        let chars: Vec<char> = chars.into_iter().collect();
        let mut ascii = [false; 128];
        for c in chars.iter().filter(|c| c.is_ascii()) {
            ascii[*c as usize] = true;
        }
        CharSet { chars, ascii }
    }
}

/// Parse a date in one of several accepted forms and write it in one form.
#[derive(Debug)]
pub struct DateStep {
    pub shape: Option<Pattern>,
    pub formats: Vec<InputFormat>,
    pub to: String,
    /// `to` written without jiff's formatter, when it is a plain numeric date format (every
    /// shipped output format is; see [`NumericFormat::for_output`]).
    pub fast: Option<NumericFormat>,
    pub rule: RuleId,
    pub message: Message,
}

/// An accepted input form of a date step.
#[derive(Debug)]
pub struct InputFormat {
    pub format: String,
    /// Its punctuation signature (see [`punctuation`]): a value can only match a format with
    /// the same signature, so most failing `strptime` calls are skipped.
    pub signature: Punctuation,
    /// The jiff-free shortcut for plain numeric forms.
    pub numeric: Option<NumericFormat>,
}

impl InputFormat {
    pub fn new(format: &str) -> Self {
        InputFormat {
            format: format.to_string(),
            signature: format_punctuation(format),
            numeric: NumericFormat::new(format),
        }
    }

    fn parse(&self, text: &str) -> Option<Date> {
        if let Some(date) = self.numeric.as_ref().and_then(|n| n.parse(text)) {
            return Some(date);
        }
        DateTime::strptime(&self.format, text).ok().map(|dt| dt.date())
    }
}

impl DateStep {
    /// Writes `date` in the output format.
    pub fn format_into(&self, date: Date, out: &mut String) {
        match &self.fast {
            Some(f) if (1..=9999).contains(&date.year()) => f.format(date, out),
            _ => {
                use std::fmt::Write;
                let _ = write!(out, "{}", date.strftime(&self.to));
            }
        }
    }

    /// The calendar date of `text`, if it has an accepted form and exists on the calendar.
    pub fn parse(&self, text: &str) -> Option<Date> {
        if let Some(shape) = &self.shape
            && !shape.is_match(text)
        {
            return None;
        }
        let sig = punctuation(text);
        self.formats.iter().filter(|f| f.signature == sig).find_map(|f| f.parse(text))
    }
}

/// How many of each separator (`/ - : . space T`) a date text or a format's literal part has,
/// one byte each (saturating at 255), packed into one word: a format is picked by comparing one.
pub type Punctuation = u64;

const SEPARATORS: [u8; 6] = [b'/', b'-', b':', b'.', b' ', b'T'];

/// Per byte: one in the byte of the word that counts it, if it is a separator (one table
/// look-up and one addition a byte; every date of every row is signed).
const SEPARATOR_ONE: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut k = 0;
    while k < SEPARATORS.len() {
        t[SEPARATORS[k] as usize] = 1 << (8 * k);
        k += 1;
    }
    t
};

/// The punctuation signature of a value, or of a format when `%` directives are skipped.
pub fn punctuation(text: &str) -> Punctuation {
    let b = text.as_bytes();
    if b.len() < 256 {
        // No count can pass 255, so no byte carries into the next.
        return b.iter().fold(0, |sig, &c| sig + SEPARATOR_ONE[usize::from(c)]);
    }
    let mut sig = [0u8; 8];
    for &c in b {
        if let Some(k) = SEPARATORS.iter().position(|s| *s == c) {
            sig[k] = sig[k].saturating_add(1);
        }
    }
    u64::from_le_bytes(sig)
}

/// The signature a value matching `format` has: its literal separators, directives skipped.
pub fn format_punctuation(format: &str) -> Punctuation {
    let mut literal = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            // A directive, possibly with flags (`%-m`, `%_d`): skip to its letter.
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            literal.push(c);
        }
    }
    punctuation(&literal)
}

/// Trims Unicode white space (which includes U+3000) in place.
pub fn trim_in_place(s: &mut String) {
    trim_tail(s, 0);
}

/// Applies one of the infallible text steps. Returns `false` for steps that need the engine
/// (reject, lookup, date), which the caller handles.
pub fn apply_simple(step: &Step, buf: &mut String, scratch: &mut String) -> bool {
    match step {
        Step::Trim => trim_in_place(buf),
        Step::Nfkc => {
            if !buf.is_ascii() {
                scratch.clear();
                scratch.extend(buf.nfkc());
                std::mem::swap(buf, scratch);
            }
        }
        Step::Uppercase => {
            if buf.is_ascii() {
                buf.make_ascii_uppercase();
            } else {
                *buf = buf.to_uppercase();
            }
        }
        Step::Lowercase => {
            if buf.is_ascii() {
                buf.make_ascii_lowercase();
            } else {
                *buf = buf.to_lowercase();
            }
        }
        Step::StripPrefix(p) => {
            if buf.starts_with(p.as_str()) {
                buf.drain(..p.len());
            }
        }
        Step::Unwrap(pre, suf) => {
            if buf.len() >= pre.len() + suf.len() && buf.starts_with(pre.as_str()) && buf.ends_with(suf.as_str()) {
                buf.truncate(buf.len() - suf.len());
                buf.drain(..pre.len());
            }
        }
        Step::RemoveChars(set) => {
            // An ASCII value (a tracking number, mostly) holds none of the set's other
            // characters: look for its ASCII ones first, and rebuild only if one is there.
            let present = buf.bytes().any(|b| b >= 0x80 || set.ascii[usize::from(b)]);
            if present {
                buf.retain(|c| !set.chars.contains(&c));
            }
        }
        Step::Replace(re, with, quick) => {
            if !quick.is_match(buf) {
                return true;
            }
            if let std::borrow::Cow::Owned(s) = re.replace_all(buf, with.as_str()) {
                *buf = s;
            }
        }
        Step::RejectIf(..) | Step::Lookup(_) | Step::Date(_) => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(steps: &[Step], input: &str) -> String {
        let mut buf = input.to_string();
        let mut scratch = String::new();
        for s in steps {
            assert!(apply_simple(s, &mut buf, &mut scratch));
        }
        buf
    }

    /// The table gives the signature counting each separator, as six comparisons would.
    #[test]
    fn punctuation_counts_each_separator() {
        let long = "/".repeat(300) + &"-".repeat(255) + &":".repeat(256);
        for text in
            ["", "2024/10/18 04:09:45", "2024-10-18T04:09:45.123", "a/b-c:d.e f T", "日付 2024/1/5", "////", &long]
        {
            let counts: [u8; 8] =
                std::array::from_fn(|k| text.bytes().filter(|b| Some(b) == SEPARATORS.get(k)).count().min(255) as u8);
            assert_eq!(punctuation(text), u64::from_le_bytes(counts), "{text}");
        }
        assert_eq!(format_punctuation("%Y/%m/%d %H:%M:%S"), u64::from_le_bytes([2, 0, 2, 0, 1, 0, 0, 0]));
    }

    #[test]
    fn trims_ideographic_space() {
        assert_eq!(run(&[Step::Trim], "\u{3000} 12 \u{3000}"), "12");
    }

    #[test]
    fn nfkc_folds_full_width_digits_and_dash() {
        assert_eq!(run(&[Step::Nfkc], "３５７２－９６"), "3572-96");
    }

    #[test]
    fn remove_chars_removes_ascii_and_other_characters() {
        let s = [Step::RemoveChars(CharSet::new(" \t-‐－ー".chars()))];
        assert_eq!(run(&s, "1234-5678 90"), "1234567890");
        assert_eq!(run(&s, "123456789012"), "123456789012");
        assert_eq!(run(&s, "1234ー5678－9\t0"), "1234567890");
        assert_eq!(run(&[Step::RemoveChars(CharSet::new(['ー']))], "12-34"), "12-34");
        assert_eq!(run(&[Step::RemoveChars(CharSet::new(['a', 'ー']))], "abーcaー"), "bc");
    }

    #[test]
    fn unwrap_needs_both_ends() {
        let s = [Step::Unwrap("=\"".into(), "\"".into())];
        assert_eq!(run(&s, "=\"0123\""), "0123");
        assert_eq!(run(&s, "=\"0123"), "=\"0123");
    }

    #[test]
    fn replace_uses_groups() {
        let re = Regex::new("^[A-D]([0-9]+)[A-D]$").unwrap();
        let s = [Step::Replace(re.clone(), "$1".into(), Pattern::new(re))];
        assert_eq!(run(&s, "A444413758703A"), "444413758703");
        assert_eq!(run(&s, "A4444"), "A4444");
    }

    #[test]
    fn date_step_honours_shape_and_calendar() {
        let d = DateStep {
            shape: Some(Pattern::new(Regex::new("^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$|^[0-9]{8}$").unwrap())),
            formats: ["%Y/%m/%d", "%Y%m%d"].iter().map(|f| InputFormat::new(f)).collect(),
            to: "%Y%m%d".into(),
            fast: NumericFormat::for_output("%Y%m%d"),
            rule: 0,
            message: Message::default(),
        };
        assert_eq!(d.parse("2024/1/5"), Some(jiff::civil::date(2024, 1, 5)));
        assert_eq!(d.parse("20241018"), Some(jiff::civil::date(2024, 10, 18)));
        assert_eq!(d.parse("2024101"), None);
        assert_eq!(d.parse("2024/02/30"), None);
    }

    #[test]
    fn fast_date_format_matches_jiff() {
        for fmt in ["%Y%m%d", "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"] {
            let step = DateStep {
                shape: None,
                formats: vec![],
                to: fmt.into(),
                fast: NumericFormat::for_output(fmt),
                rule: 0,
                message: Message::default(),
            };
            assert!(step.fast.is_some(), "{fmt}");
            for date in [
                jiff::civil::date(2024, 1, 5),
                jiff::civil::date(2014, 10, 18),
                jiff::civil::date(999, 12, 31),
                jiff::civil::date(9999, 2, 28),
            ] {
                let mut fast = String::new();
                step.format_into(date, &mut fast);
                assert_eq!(fast, date.strftime(fmt).to_string(), "{fmt} {date}");
            }
        }
        assert!(NumericFormat::for_output("%Y%m%d %H:%M").is_none());
        assert!(NumericFormat::for_output("%y").is_none());
    }
}
