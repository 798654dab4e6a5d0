//! A regex used as a yes/no test (`matches`, `reject_if`, a date `shape`, the pre-check of a
//! `replace`), on short values, once or twice per row. Three tiers, chosen when the profile is
//! compiled:
//! - the commonest shape, one ASCII character class repeated between two bounds over the whole
//!   value (`^[0-9]{12}$`, `^[0-9]*$`, `^[0-9A-Z]{1,120}$`): a byte table;
//! - any other pattern whose DFA is small (a date shape, `^[0-9](\.[0-9]+)?E\+[0-9]+$`): a fully
//!   built dense DFA, one table lookup per byte with none of the regex engine's per-search set-up,
//!   which dominates on values of 10 to 20 bytes;
//! - anything else (Unicode word boundaries, huge classes): the compiled `Regex`.

use regex::Regex;
use regex_automata::dfa::{Automaton, dense};
use regex_automata::{Input, MatchKind};
use regex_syntax::hir::{Class, HirKind, Look};

/// Largest dense DFA built for a pattern; larger ones use the regex engine.
const DFA_SIZE_LIMIT: usize = 256 * 1024;

/// A compiled test pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    regex: Regex,
    simple: Option<Simple>,
    /// Boxed: a DFA value is large, and conditions holding patterns are many.
    dfa: Option<Box<dense::DFA<Vec<u32>>>>,
}

/// `^[class]{min,max}$` over ASCII.
#[derive(Debug, Clone)]
struct Simple {
    allowed: [bool; 128],
    min: usize,
    max: Option<usize>,
}

impl Pattern {
    /// Wraps an already compiled regex (built with the default syntax options), choosing the
    /// fastest tier that gives the same answers.
    pub fn new(regex: Regex) -> Self {
        let simple = simple_shape(regex.as_str());
        let dfa = if simple.is_none() { small_dfa(regex.as_str()) } else { None };
        Pattern { regex, simple, dfa }
    }

    pub fn is_match(&self, text: &str) -> bool {
        if let Some(s) = &self.simple {
            let b = text.as_bytes();
            return b.len() >= s.min
                && s.max.is_none_or(|m| b.len() <= m)
                && b.iter().all(|c| (*c as usize) < 128 && s.allowed[*c as usize]);
        }
        if let Some(dfa) = &self.dfa
            && let Ok(found) = dfa.try_search_fwd(&Input::new(text).earliest(true))
        {
            return found.is_some();
        }
        self.regex.is_match(text)
    }

    /// The pattern as written (for the tests' messages).
    #[cfg(test)]
    pub fn as_str(&self) -> &str {
        self.regex.as_str()
    }
}

/// A dense DFA for `pattern`, if it can be built within [`DFA_SIZE_LIMIT`] (patterns with
/// Unicode word boundaries cannot).
fn small_dfa(pattern: &str) -> Option<Box<dense::DFA<Vec<u32>>>> {
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::LeftmostFirst)
                .dfa_size_limit(Some(DFA_SIZE_LIMIT))
                .determinize_size_limit(Some(4 * DFA_SIZE_LIMIT)),
        )
        .build(pattern)
        .ok()
        .map(Box::new)
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
    use proptest::prelude::*;

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
    fn other_shapes_take_the_dfa() {
        for pat in
            ["[0-9]{12}", "^[0-9]{6}-[0-9]{8}$", "^[^0-9]*$", "^(a|b)$", "^[あ-ん]+$", r"^[0-9](\.[0-9]+)?E\+[0-9]+$"]
        {
            let p = p(pat);
            assert!(p.simple.is_none() && p.dfa.is_some(), "{pat}");
        }
        assert!(p(r"\bA\b").dfa.is_none(), "Unicode word boundaries need the regex engine");
    }

    /// Texts for the agreement test: mostly ASCII digits, letters and separators, some
    /// Japanese, full-width and combining characters.
    fn texts() -> impl Strategy<Value = String> {
        "[0-9A-Ea-e/:. +\\-Eあ１\u{3000}\u{0301}]{0,24}"
    }

    proptest::proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Every tier answers as the regex engine does, for the patterns of the shipped
        /// profiles and a few others.
        #[test]
        fn every_tier_agrees_with_the_regex(text in texts()) {
            static PATTERNS: std::sync::LazyLock<Vec<Pattern>> = std::sync::LazyLock::new(|| {
                [
                    "^[0-9]{12}$", "^[0-9]*$", "^[0-9A-Z]{1,120}$", r"^[0-9](\.[0-9]+)?E\+[0-9]+$",
                    "^[A-D]([0-9]+)[A-D]$", "^[0-9]{4}[0-9]{4}$", "[0-9]{3}", "^$", "E", r"\d+$", "(?i)^abc",
                    "^([0-9]{4}/[0-9]{1,2}/[0-9]{1,2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{8})( [0-9]{1,2}:[0-5][0-9](:[0-5][0-9])?)?$",
                ]
                .into_iter()
                .map(p)
                .collect()
            });
            for p in PATTERNS.iter() {
                prop_assert_eq!(p.is_match(&text), p.regex.is_match(&text), "{} on {:?}", p.as_str(), text);
            }
        }
    }
}
