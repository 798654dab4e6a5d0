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

/// Size limit for one compiled regex: a profile cannot make the engine build a huge automaton.
pub(crate) const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Largest dense DFA built for a pattern; larger ones use the regex engine.
const DFA_SIZE_LIMIT: usize = 256 * 1024;

/// Uses of a pattern by the regex engine before its dense DFA is built.
const DFA_AFTER: u32 = 1_000;

/// The most repetitions a byte-table pattern is made without its regex (see [`Pattern::table`]).
const TABLE_MAX_REPEAT: u32 = 256;

/// A compiled test pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    tier: Tier,
}

#[derive(Debug, Clone)]
enum Tier {
    Table(Simple),
    Search(Search),
}

/// A pattern the regex engine searches, and later its DFA.
#[derive(Debug)]
struct Search {
    regex: Regex,
    /// Searches so far by the regex engine, up to [`DFA_AFTER`].
    uses: AtomicU32,
    /// Built once the pattern has been used [`DFA_AFTER`] times; `None` inside when it cannot
    /// be built small. Boxed: a DFA value is large, and conditions holding patterns are many.
    dfa: OnceLock<Option<Box<dense::DFA<Vec<u32>>>>>,
}

impl Clone for Search {
    fn clone(&self) -> Self {
        let uses = AtomicU32::new(self.uses.load(Ordering::Relaxed));
        Search { regex: self.regex.clone(), uses, dfa: self.dfa.clone() }
    }
}

/// `^[class]{min,max}$` over ASCII.
#[derive(Debug, Clone)]
struct Simple {
    allowed: [bool; 128],
    min: usize,
    max: Option<usize>,
    /// The pattern as written (for the tests' messages).
    #[cfg(test)]
    source: Box<str>,
}

impl Pattern {
    /// Wraps an already compiled regex (built with the default syntax options), with the byte
    /// table if its shape allows; the DFA waits for its uses.
    pub fn new(regex: Regex) -> Self {
        let tier = match simple_shape(regex.as_str()) {
            Some(simple) => Tier::Table(simple),
            None => Tier::Search(Search { regex, uses: AtomicU32::new(0), dfa: OnceLock::new() }),
        };
        Pattern { tier }
    }

    /// The byte table of `pattern`, when it has that shape, without building its regex (which
    /// it never searches with). Its syntax is the regex crate's: the shape is read from the
    /// same parser's tree, with the same options, so a pattern the parser refuses is not one.
    /// Its size is too: at most [`TABLE_MAX_REPEAT`] repetitions of a class of ASCII ranges
    /// stay far under the size limit a regex is built with (a test builds the largest).
    pub fn table(pattern: &str) -> Option<Self> {
        let simple = simple_shape(pattern)?;
        let repeats = simple.max.unwrap_or(simple.min);
        (repeats <= TABLE_MAX_REPEAT as usize).then_some(Pattern { tier: Tier::Table(simple) })
    }

    pub fn is_match(&self, text: &str) -> bool {
        match &self.tier {
            Tier::Table(s) => {
                let b = text.as_bytes();
                b.len() >= s.min
                    && s.max.is_none_or(|m| b.len() <= m)
                    && b.iter().all(|c| (*c as usize) < 128 && s.allowed[*c as usize])
            }
            Tier::Search(s) => s.is_match(text),
        }
    }

    /// The pattern as written (for the tests' messages).
    #[cfg(test)]
    pub fn as_str(&self) -> &str {
        match &self.tier {
            Tier::Table(s) => &s.source,
            Tier::Search(s) => s.regex.as_str(),
        }
    }
}

impl Search {
    fn is_match(&self, text: &str) -> bool {
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
    let (min, max) = (rep.min as usize, rep.max.map(|m| m as usize));
    Some(Simple {
        allowed,
        min,
        max,
        #[cfg(test)]
        source: pattern.into(),
    })
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

    /// The searched tier of a pattern (none for a byte table).
    fn search(p: &Pattern) -> Option<&Search> {
        match &p.tier {
            Tier::Table(_) => None,
            Tier::Search(s) => Some(s),
        }
    }

    #[test]
    fn simple_shapes_take_the_fast_path_and_agree_with_the_regex() {
        for pat in ["^[0-9]{12}$", "^[0-9]*$", "^[0-9A-Z]{1,120}$", "^[0-9]+$", r"^\d{3}$"] {
            let regex = Regex::new(pat).unwrap();
            let built = p(pat);
            assert!(search(&built).is_none() || pat.contains(r"\d"), "{pat} is simple");
            let table = Pattern::table(pat);
            assert_eq!(table.is_some(), search(&built).is_none(), "{pat}: the same tier without its regex");
            for text in ["", "1", "123", "357296700003", "3572967000031", "ABC123", "abc", "12a", "１２３", "0-1"] {
                assert_eq!(built.is_match(text), regex.is_match(text), "{pat} on {text:?}");
                if let Some(t) = &table {
                    assert_eq!(t.is_match(text), regex.is_match(text), "{pat} on {text:?}, table");
                }
            }
        }
    }

    /// A pattern made a byte table without its regex is one whose regex builds, far under the
    /// compiler's size limit: the largest such (the most ASCII ranges, the most repetitions).
    #[test]
    fn a_table_made_without_its_regex_has_a_regex_under_the_size_limit() {
        let class: String = (0..128u32).step_by(2).map(|c| format!("\\x{c:02x}")).collect();
        let most = TABLE_MAX_REPEAT;
        for rep in [format!("{{{most}}}"), format!("{{0,{most}}}"), format!("{{{most},}}"), "*".into()] {
            let pat = format!("^[{class}]{rep}$");
            assert!(Pattern::table(&pat).is_some(), "{pat}");
            let limit = REGEX_SIZE_LIMIT / 4;
            let built = regex::RegexBuilder::new(&pat).size_limit(limit).build();
            assert!(built.is_ok(), "{pat}: {built:?}");
        }
        assert!(Pattern::table(&format!("^[0-9]{{{}}}$", most + 1)).is_none(), "more goes to the regex");
        for broken in ["^[0-9{3}$", "^[9-0]{3}$", "^[0-9]{3,2}$", "^[0-9]{99999999999}$"] {
            assert!(Pattern::table(broken).is_none(), "{broken}: the regex reports it");
        }
    }

    #[test]
    fn other_shapes_take_the_dfa() {
        for pat in
            ["[0-9]{12}", "^[0-9]{6}-[0-9]{8}$", "^[^0-9]*$", "^(a|b)$", "^[あ-ん]+$", r"^[0-9](\.[0-9]+)?E\+[0-9]+$"]
        {
            let p = p(pat);
            assert!(Pattern::table(pat).is_none(), "{pat}");
            assert!(search(&p).is_some_and(|s| s.dfa_tier().is_some()), "{pat}");
        }
        assert!(search(&p(r"\bA\b")).unwrap().dfa_tier().is_none(), "Unicode word boundaries need the regex engine");
    }

    /// The DFA is built at a pattern's use number [`DFA_AFTER`], not before: a small file
    /// never pays for it; and a pattern that cannot have one keeps the regex engine.
    #[test]
    fn the_dfa_is_built_after_many_uses_only() {
        for pat in ["^(a|b)$", r"\bA\b"] {
            let p = p(pat);
            let s = search(&p).unwrap();
            for _ in 1..DFA_AFTER {
                assert!(p.is_match("a") == (pat == "^(a|b)$"));
            }
            assert!(s.dfa.get().is_none(), "{pat}: no DFA before use {DFA_AFTER}");
            p.is_match("b");
            assert!(s.dfa.get().is_some(), "{pat}: its tier chosen at use {DFA_AFTER}");
            assert_eq!(s.dfa.get().unwrap().is_some(), pat == "^(a|b)$");
        }
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
            static REGEXES: std::sync::LazyLock<Vec<Regex>> =
                std::sync::LazyLock::new(|| SOURCES.into_iter().map(|s| Regex::new(s).unwrap()).collect());
            static BEFORE: std::sync::LazyLock<Vec<Pattern>> =
                std::sync::LazyLock::new(|| SOURCES.into_iter().map(p).collect());
            static AFTER: std::sync::LazyLock<Vec<Pattern>> = std::sync::LazyLock::new(|| {
                let all: Vec<Pattern> = SOURCES.into_iter().map(p).collect();
                for s in all.iter().filter_map(search) {
                    s.dfa_tier();
                }
                all
            });
            for ((regex, before), after) in REGEXES.iter().zip(BEFORE.iter()).zip(AFTER.iter()) {
                let expected = regex.is_match(&text);
                if search(before).is_none_or(|s| s.dfa.get().is_none()) {
                    prop_assert_eq!(before.is_match(&text), expected, "{} on {:?}, before", before.as_str(), text);
                }
                prop_assert_eq!(after.is_match(&text), expected, "{} on {:?}, with its DFA", after.as_str(), text);
                if let Some(table) = Pattern::table(regex.as_str()) {
                    prop_assert_eq!(table.is_match(&text), expected, "{} on {:?}, table", regex.as_str(), text);
                }
            }
        }
    }
}
