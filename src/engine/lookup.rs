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
    /// An exact table of few keys, as a [`SmallTable`] (looked up instead of the map).
    pub small: Option<SmallTable>,
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
        let idx = match (&self.matcher, &self.small) {
            (Matcher::Exact(_), Some(small)) => small.get(input),
            (Matcher::Exact(map), None) => map.get(input).copied(),
            (Matcher::Regex(re), _) => first_match(re, input),
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

/// Most keys a [`SmallTable`] holds.
const SMALL_MAX: usize = 64;

/// An exact table of few keys (a store list, a status table): each key in a slot of its own
/// under a multiplicative hash of its length and first and last eight bytes, whose multiplier
/// is searched for when the profile is compiled. A look-up is that hash and one comparison,
/// where the general map hashes every byte of the value and probes.
#[derive(Debug)]
pub struct SmallTable {
    multiplier: u64,
    shift: u32,
    slots: Vec<Option<(Box<str>, usize)>>,
}

impl SmallTable {
    /// The table of `map`'s keys, if they are few and a multiplier separating them is found.
    pub fn new(map: &FastMap<String, usize>) -> Option<Self> {
        if map.len() > SMALL_MAX {
            return None;
        }
        let min_bits = (usize::BITS - map.len().leading_zeros()).max(1) + 1;
        let keys: Vec<u64> = map.keys().map(|k| key_bits(k.as_bytes())).collect();
        for bits in min_bits..=min_bits + 3 {
            let shift = 64 - bits;
            let mut seed = 0x9E37_79B9_7F4A_7C15u64;
            for _ in 0..256 {
                seed = splitmix(seed);
                let multiplier = seed | 1;
                let mut used = vec![false; 1 << bits];
                let clash = keys
                    .iter()
                    .any(|k| std::mem::replace(&mut used[(k.wrapping_mul(multiplier) >> shift) as usize], true));
                if !clash {
                    let mut slots = vec![None; 1 << bits];
                    for (k, &i) in map {
                        slots[(key_bits(k.as_bytes()).wrapping_mul(multiplier) >> shift) as usize] =
                            Some((k.as_str().into(), i));
                    }
                    return Some(SmallTable { multiplier, shift, slots });
                }
            }
        }
        None
    }

    /// The index of `input`'s entry, as the map would give it.
    #[inline]
    pub fn get(&self, input: &str) -> Option<usize> {
        let slot = (key_bits(input.as_bytes()).wrapping_mul(self.multiplier) >> self.shift) as usize;
        match &self.slots[slot] {
            Some((key, i)) if **key == *input => Some(*i),
            _ => None,
        }
    }
}

/// A key's length and its first and last eight bytes, mixed (all of a key of up to 16 bytes).
#[inline]
fn key_bits(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 8 {
        let first = u64::from_le_bytes(b[..8].try_into().expect("eight bytes"));
        let last = u64::from_le_bytes(b[n - 8..].try_into().expect("eight bytes"));
        first ^ last.rotate_left(29) ^ (n as u64).rotate_right(7)
    } else {
        b.iter().fold(n as u64, |v, &c| v << 8 | u64::from(c)) ^ (n as u64) << 60
    }
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn table(keys: &[&str]) -> FastMap<String, usize> {
        keys.iter().enumerate().map(|(i, k)| (k.to_string(), i)).collect()
    }

    /// Keys like a status table's (short, long, empty, sharing their first bytes, symbols,
    /// one a prefix of another) get a table that answers for them and for near misses.
    #[test]
    fn small_tables_are_built_for_status_lists() {
        let keys = [
            "受付",
            "受付中",
            "入金前の確認待ち",
            "入金待ち",
            "準備待ち",
            "準備中",
            "準備完了",
            "★特別な扱い・小さな荷物",
            "完了後の確認待ち",
            "完了",
            "完了済",
            "完了済み",
            "終了",
            "終了済み",
            "他の窓口で完了",
            "保留",
            "",
            "通常",
            "第一店舗",
        ];
        let map = table(&keys);
        let small = SmallTable::new(&map).expect("a multiplier separates them");
        for (k, i) in &map {
            assert_eq!(small.get(k), Some(*i), "{k}");
        }
        for other in ["受", "完了済みX", "保", " ", "第一", "取消", "準備"] {
            assert_eq!(small.get(other), None, "{other}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

        /// A small table answers as the map it is built from, for keys and for other texts.
        #[test]
        fn small_table_answers_as_the_map(
            keys in prop::collection::hash_set("[a-c\\-あ]{0,20}", 0..40),
            probes in prop::collection::vec("[a-c\\-あ]{0,20}", 0..40),
        ) {
            let map: FastMap<String, usize> = keys.iter().enumerate().map(|(i, k)| (k.clone(), i)).collect();
            if let Some(small) = SmallTable::new(&map) {
                for p in keys.iter().chain(&probes) {
                    prop_assert_eq!(small.get(p), map.get(p).copied(), "{:?}", p);
                }
            }
        }
    }
}
