//! A regex used as a yes/no test, with a fast path for the commonest shape in profiles: one
//! ASCII character class repeated between two bounds over the whole value (`^[0-9]{12}$`,
//! `^[0-9]*$`, `^[0-9A-Z]{1,120}$`). Those are checked with a byte table instead of running
//! the regex engine; anything else goes to the compiled `Regex`.

use regex::Regex;
use regex_syntax::hir::{Class, HirKind, Look};

/// A compiled test pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    regex: Regex,
    simple: Option<Simple>,
}

/// `^[class]{min,max}$` over ASCII.
#[derive(Debug, Clone)]
struct Simple {
    allowed: [bool; 128],
    min: usize,
    max: Option<usize>,
}

impl Pattern {
    /// Wraps an already compiled regex, recognising the simple shape when it has it.
    pub fn new(regex: Regex) -> Self {
        let simple = simple_shape(regex.as_str());
        Pattern { regex, simple }
    }

    pub fn is_match(&self, text: &str) -> bool {
        match &self.simple {
            Some(s) => {
                let b = text.as_bytes();
                b.len() >= s.min
                    && s.max.is_none_or(|m| b.len() <= m)
                    && b.iter().all(|c| (*c as usize) < 128 && s.allowed[*c as usize])
            }
            None => self.regex.is_match(text),
        }
    }

    pub fn as_str(&self) -> &str {
        self.regex.as_str()
    }
}

fn simple_shape(pattern: &str) -> Option<Simple> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let HirKind::Concat(parts) = hir.kind() else { return None };
    let [start, rep, end] = parts.as_slice() else { return None };
    if !matches!(start.kind(), HirKind::Look(Look::Start)) || !matches!(end.kind(), HirKind::Look(Look::End)) {
        return None;
    }
    let HirKind::Repetition(rep) = rep.kind() else { return None };
    let HirKind::Class(class) = rep.sub.kind() else { return None };
    let allowed = ascii_table(class)?;
    Some(Simple { allowed, min: rep.min as usize, max: rep.max.map(|m| m as usize) })
}

/// The class as a table over ASCII, if every member is ASCII.
fn ascii_table(class: &Class) -> Option<[bool; 128]> {
    let mut table = [false; 128];
    let ranges: Vec<(u32, u32)> = match class {
        Class::Unicode(c) => c.ranges().iter().map(|r| (r.start() as u32, r.end() as u32)).collect(),
        Class::Bytes(c) => c.ranges().iter().map(|r| (u32::from(r.start()), u32::from(r.end()))).collect(),
    };
    for (a, b) in ranges {
        if b >= 128 {
            return None;
        }
        for c in a..=b {
            table[c as usize] = true;
        }
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Pattern {
        Pattern::new(Regex::new(s).unwrap())
    }

    #[test]
    fn simple_shapes_take_the_fast_path_and_agree_with_the_regex() {
        for pat in ["^[0-9]{12}$", "^[0-9]*$", "^[0-9A-Z]{1,120}$", "^[0-9]+$", r"^\d{3}$"] {
            let fast = p(pat);
            assert!(fast.simple.is_some() || pat.contains(r"\d"), "{pat} is simple");
            for text in ["", "1", "123", "357296700003", "3572967000031", "ABC123", "abc", "12a", "１２３", "0-1"] {
                assert_eq!(fast.is_match(text), fast.regex.is_match(text), "{pat} on {text:?}");
            }
        }
    }

    #[test]
    fn other_shapes_use_the_regex() {
        for pat in ["[0-9]{12}", "^[0-9]{6}-[0-9]{8}$", "^[^0-9]*$", "^(a|b)$", "^[あ-ん]+$"] {
            assert!(p(pat).simple.is_none(), "{pat}");
        }
    }
}
