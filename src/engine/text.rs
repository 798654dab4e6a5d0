//! Transform steps applied to a value's text, in place, with reused buffers.

use jiff::civil::{Date, DateTime};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::RuleId;
use super::template::Message;

/// A compiled transform step.
#[derive(Debug)]
pub enum Step {
    Trim,
    Nfkc,
    Uppercase,
    Lowercase,
    StripPrefix(String),
    Unwrap(String, String),
    RemoveChars(Vec<char>),
    Replace(Regex, String),
    RejectIf(Regex, RuleId, Message),
    /// Index into the plan's lookups.
    Lookup(usize),
    Date(DateStep),
}

/// Parse a date in one of several accepted forms and write it in one form.
#[derive(Debug)]
pub struct DateStep {
    pub shape: Option<Regex>,
    pub formats: Vec<String>,
    pub to: String,
    pub rule: RuleId,
    pub message: Message,
}

impl DateStep {
    /// The calendar date of `text`, if it has an accepted form and exists on the calendar.
    pub fn parse(&self, text: &str) -> Option<Date> {
        if let Some(shape) = &self.shape
            && !shape.is_match(text)
        {
            return None;
        }
        self.formats.iter().find_map(|f| DateTime::strptime(f, text).ok()).map(|dt| dt.date())
    }
}

/// Trims Unicode white space (which includes U+3000) in place.
pub fn trim_in_place(s: &mut String) {
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    if start > 0 {
        s.drain(..start);
    }
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
        Step::RemoveChars(set) => buf.retain(|c| !set.contains(&c)),
        Step::Replace(re, with) => {
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

    #[test]
    fn trims_ideographic_space() {
        assert_eq!(run(&[Step::Trim], "\u{3000} 12 \u{3000}"), "12");
    }

    #[test]
    fn nfkc_folds_full_width_digits_and_dash() {
        assert_eq!(run(&[Step::Nfkc], "３５７２－９６"), "3572-96");
    }

    #[test]
    fn unwrap_needs_both_ends() {
        let s = [Step::Unwrap("=\"".into(), "\"".into())];
        assert_eq!(run(&s, "=\"0123\""), "0123");
        assert_eq!(run(&s, "=\"0123"), "=\"0123");
    }

    #[test]
    fn replace_uses_groups() {
        let s = [Step::Replace(Regex::new("^[A-D]([0-9]+)[A-D]$").unwrap(), "$1".into())];
        assert_eq!(run(&s, "A444413758703A"), "444413758703");
        assert_eq!(run(&s, "A4444"), "A4444");
    }

    #[test]
    fn date_step_honours_shape_and_calendar() {
        let d = DateStep {
            shape: Some(Regex::new("^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$|^[0-9]{8}$").unwrap()),
            formats: vec!["%Y/%m/%d".into(), "%Y%m%d".into()],
            to: "%Y%m%d".into(),
            rule: 0,
            message: Message::default(),
        };
        assert_eq!(d.parse("2024/1/5"), Some(jiff::civil::date(2024, 1, 5)));
        assert_eq!(d.parse("20241018"), Some(jiff::civil::date(2024, 10, 18)));
        assert_eq!(d.parse("2024101"), None);
        assert_eq!(d.parse("2024/02/30"), None);
    }
}
