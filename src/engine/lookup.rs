//! Lookup tables: exact value lists and ordered regex classifiers, prepared once.

/// Hash maps on the per-row path use foldhash: several times faster than SipHash on short
/// strings, and lookup keys come from the shop's own profile and export, not an attacker.
pub type FastMap<K, V> = foldhash::HashMap<K, V>;

use regex_automata::meta::Regex as MultiRegex;
use regex_automata::{Input, PatternSet};

use super::RuleId;
use super::template::Message;

/// Most inputs a regex lookup remembers per reader.
pub const MEMO_LIMIT: usize = 4096;

/// A prepared lookup. Exact tables are hashed; regex classifiers are one multi-pattern regex
/// whose lowest matching pattern is the first entry in profile order.
#[derive(Debug)]
pub struct Lookup {
    pub name: String,
    pub matcher: Matcher,
    /// Output of each entry, by entry index.
    pub outputs: Vec<String>,
    pub on_empty: Option<String>,
    pub on_missing: Missing,
}

#[derive(Debug)]
pub enum Matcher {
    Exact(FastMap<String, usize>),
    /// All entry patterns in one regex searched for every pattern that matches anywhere (what
    /// `regex::RegexSet` does), built without a literal prefilter: building Aho-Corasick for
    /// twenty alternations of shipping-method names took 2 ms, most of a profile's compile
    /// time, while lookups on repeated values are remembered and searches are few.
    Regex(MultiRegex),
}

/// What a lookup miss does.
#[derive(Debug)]
pub enum Missing {
    Reject { rule: RuleId, message: Message },
    Value { value: String, warn: Option<(RuleId, Message)> },
}

/// The result of looking a value up.
pub enum Found<'a> {
    Hit(&'a str),
    Miss(&'a Missing),
}

impl Lookup {
    pub fn find(&self, input: &str) -> Found<'_> {
        if input.is_empty()
            && let Some(v) = &self.on_empty
        {
            return Found::Hit(v);
        }
        let idx = match &self.matcher {
            Matcher::Exact(map) => map.get(input).copied(),
            Matcher::Regex(re) => first_match(re, input),
        };
        match idx {
            Some(i) => Found::Hit(&self.outputs[i]),
            None => Found::Miss(&self.on_missing),
        }
    }

    /// [`Lookup::find`], remembering regex results in `memo` (bounded, so a column with
    /// millions of distinct values costs no more memory than [`MEMO_LIMIT`] entries).
    pub fn find_memo<'a>(&'a self, input: &str, memo: &mut FastMap<String, Option<usize>>) -> Found<'a> {
        if !matches!(self.matcher, Matcher::Regex(_)) || input.is_empty() {
            return self.find(input);
        }
        let idx = match memo.get(input) {
            Some(i) => *i,
            None => {
                let i = match &self.matcher {
                    Matcher::Regex(re) => first_match(re, input),
                    Matcher::Exact(map) => map.get(input).copied(),
                };
                if memo.len() < MEMO_LIMIT {
                    memo.insert(input.to_string(), i);
                }
                i
            }
        };
        match idx {
            Some(i) => Found::Hit(&self.outputs[i]),
            None => Found::Miss(&self.on_missing),
        }
    }

    /// Every output this lookup can give, for static checks (fold table, encodability).
    pub fn all_outputs(&self) -> impl Iterator<Item = &str> {
        let fallback = match &self.on_missing {
            Missing::Value { value, .. } => Some(value.as_str()),
            Missing::Reject { .. } => None,
        };
        self.outputs.iter().map(String::as_str).chain(self.on_empty.as_deref()).chain(fallback)
    }
}

/// Builds the regex of a classifier lookup: `patterns` in profile order, configured as
/// `regex::RegexSetBuilder` configures its regex (Unicode, UTF-8, no capture groups, the
/// lazy DFA's cache size, `ignore_case` as the profile says) except for the prefilter, with
/// its error messages.
pub fn multi_regex(patterns: &[&str], ignore_case: bool, size_limit: usize) -> Result<MultiRegex, String> {
    use regex_automata::meta::Config;
    use regex_automata::nfa::thompson::WhichCaptures;
    MultiRegex::builder()
        .configure(
            Config::new()
                .match_kind(regex_automata::MatchKind::All)
                .which_captures(WhichCaptures::None)
                .auto_prefilter(false)
                .nfa_size_limit(Some(size_limit))
                .hybrid_cache_capacity(2 * (1 << 20))
                .utf8_empty(true),
        )
        .syntax(regex_automata::util::syntax::Config::new().utf8(true).case_insensitive(ignore_case))
        .build_many(patterns)
        .map_err(|e| match (e.size_limit(), e.syntax_error()) {
            (Some(limit), _) => format!("Compiled regex exceeds size limit of {limit} bytes."),
            (None, Some(syntax)) => syntax.to_string(),
            (None, None) => e.to_string(),
        })
}

/// The lowest-numbered pattern of `re` that matches somewhere in `input`.
fn first_match(re: &MultiRegex, input: &str) -> Option<usize> {
    let mut set = PatternSet::new(re.pattern_len());
    re.which_overlapping_matches(&Input::new(input), &mut set);
    set.iter().next().map(|p| p.as_usize())
}
