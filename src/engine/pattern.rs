//! A regex used as a yes/no test (`matches`, `reject_if`, a date `shape`, the pre-check of a
//! `replace`), on short values, once or twice per row. Three tiers:
//! - the commonest shape, one ASCII character class repeated between two bounds over the whole
//!   value (`^[0-9]{12}$`, `^[0-9]*$`, `^[0-9A-Z]{1,120}$`): a byte table, chosen when the
//!   profile is compiled;
//! - any other pattern, for its first [`DFA_AFTER`] uses: the compiled `Regex`;
//! - from then on, if its DFA is small (a date shape, `^[0-9](\.[0-9]+)?E\+[0-9]+$`): a fully
//!   built dense DFA, one table lookup per byte with none of the regex engine's per-search
//!   set-up, which dominates on values of 10 to 20 bytes. Building it costs as much as a few
//!   thousand searches, so a small file (a shop's daily few hundred rows) never pays it and a
//!   large one soon earns it back; unused patterns never build one.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use regex::Regex;
use regex_automata::dfa::{Automaton, dense};
use regex_automata::{Input, MatchKind};
use regex_syntax::hir::{Class, HirKind, Look};

/// Largest dense DFA built for a pattern; larger ones use the regex engine.
const DFA_SIZE_LIMIT: usize = 256 * 1024;

/// Uses of a pattern by the regex engine before its dense DFA is built.
const DFA_AFTER: u32 = 1_000;

/// A compiled test pattern.
#[derive(Debug)]
pub struct Pattern {
    regex: Regex,
    simple: Option<Simple>,
    /// Searches so far by the regex engine, up to [`DFA_AFTER`].
    uses: AtomicU32,
    /// Built once the pattern has been used [`DFA_AFTER`] times; `None` inside when it cannot
    /// be built small. Boxed: a DFA value is large, and conditions holding patterns are many.
    dfa: OnceLock<Option<Box<dense::DFA<Vec<u32>>>>>,
}

impl Clone for Pattern {
    fn clone(&self) -> Self {
        let uses = AtomicU32::new(self.uses.load(Ordering::Relaxed));
        Pattern { regex: self.regex.clone(), simple: self.simple.clone(), uses, dfa: self.dfa.clone() }
    }
}

/// `^[class]{min,max}$` over ASCII.
#[derive(Debug, Clone)]
struct Simple {
    allowed: [bool; 128],
    min: usize,
    max: Option<usize>,
}

impl Pattern {
    /// Wraps an already compiled regex (built with the default syntax options), with the byte
    /// table if its shape allows; the DFA waits for its uses.
    pub fn new(regex: Regex) -> Self {
        let simple = simple_shape(regex.as_str());
        Pattern { regex, simple, uses: AtomicU32::new(0), dfa: OnceLock::new() }
    }

    pub fn is_match(&self, text: &str) -> bool {
        if let Some(s) = &self.simple {
            let b = text.as_bytes();
            return b.len() >= s.min
                && s.max.is_none_or(|m| b.len() <= m)
                && b.iter().all(|c| (*c as usize) < 128 && s.allowed[*c as usize]);
        }
        let dfa = match self.dfa.get() {
            Some(dfa) => dfa.as_deref(),
            // Relaxed: the count only decides when to build; a few uses more or less between
            // threads change nothing an answer depends on.
            None if self.uses.fetch_add(1, Ordering::Relaxed) + 1 >= DFA_AFTER => self.dfa_tier(),
            None => None,
        };
        if let Some(dfa) = dfa
            && let Ok(found) = dfa.try_search_fwd(&Input::new(text).earliest(true))
        {
            return found.is_some();
        }
        self.regex.is_match(text)
    }

    /// The DFA tier, built now if not yet.
    fn dfa_tier(&self) -> Option<&dense::DFA<Vec<u32>>> {
        self.dfa.get_or_init(|| small_dfa(self.regex.as_str())).as_deref()
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
            assert!(p.simple.is_none() && p.dfa_tier().is_some(), "{pat}");
        }
        assert!(p(r"\bA\b").dfa_tier().is_none(), "Unicode word boundaries need the regex engine");
    }

    /// The DFA is built at a pattern's use number [`DFA_AFTER`], not before: a small file
    /// never pays for it; and a pattern that cannot have one keeps the regex engine.
    #[test]
    fn the_dfa_is_built_after_many_uses_only() {
        for pat in ["^(a|b)$", r"\bA\b"] {
            let p = p(pat);
            for _ in 1..DFA_AFTER {
                assert!(p.is_match("a") == (pat == "^(a|b)$"));
            }
            assert!(p.dfa.get().is_none(), "{pat}: no DFA before use {DFA_AFTER}");
            p.is_match("b");
            assert!(p.dfa.get().is_some(), "{pat}: its tier chosen at use {DFA_AFTER}");
            assert_eq!(p.dfa.get().unwrap().is_some(), pat == "^(a|b)$");
        }
        let simple = p("^[0-9]+$");
        for _ in 0..=DFA_AFTER {
            simple.is_match("1");
        }
        assert!(simple.dfa.get().is_none(), "the byte table needs no DFA");
    }

    /// Texts for the agreement test: mostly ASCII digits, letters and separators, some
    /// Japanese, full-width and combining characters.
    fn texts() -> impl Strategy<Value = String> {
        "[0-9A-Ea-e/:. +\\-Eあ１\u{3000}\u{0301}]{0,24}"
    }

    proptest::proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Every tier answers as the regex engine does, for the patterns of the shipped
        /// profiles and a few others: before and after the DFA tier is switched on.
        #[test]
        fn every_tier_agrees_with_the_regex(text in texts()) {
            const SOURCES: [&str; 12] = [
                "^[0-9]{12}$", "^[0-9]*$", "^[0-9A-Z]{1,120}$", r"^[0-9](\.[0-9]+)?E\+[0-9]+$",
                "^[A-D]([0-9]+)[A-D]$", "^[0-9]{4}[0-9]{4}$", "[0-9]{3}", "^$", "E", r"\d+$", "(?i)^abc",
                "^([0-9]{4}/[0-9]{1,2}/[0-9]{1,2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{8})( [0-9]{1,2}:[0-5][0-9](:[0-5][0-9])?)?$",
            ];
            static BEFORE: std::sync::LazyLock<Vec<Pattern>> =
                std::sync::LazyLock::new(|| SOURCES.into_iter().map(p).collect());
            static AFTER: std::sync::LazyLock<Vec<Pattern>> = std::sync::LazyLock::new(|| {
                let all: Vec<Pattern> = SOURCES.into_iter().map(p).collect();
                for p in &all {
                    p.dfa_tier();
                }
                all
            });
            for (before, after) in BEFORE.iter().zip(AFTER.iter()) {
                let expected = before.regex.is_match(&text);
                if before.dfa.get().is_none() {
                    prop_assert_eq!(before.is_match(&text), expected, "{} on {:?}, before", before.as_str(), text);
                }
                prop_assert_eq!(after.is_match(&text), expected, "{} on {:?}, with its DFA", after.as_str(), text);
            }
        }
    }
}
