//! The mutants of a shipped profile: every mapping value (a literal, a lookup entry, a compared
//! value) changed one at a time, each a whole profile document.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use orderbridge::engine::CheckDigit;
use orderbridge::profile::{Origin, ProfileText};
use toml::{Table, Value};

/// The profile's effective text with its tests: its chain (goq-base) and tests files merged.
fn shipped_text(name: &str) -> String {
    let path = crate::common::mappings_dir().join(format!("{name}.toml"));
    let source = orderbridge::profile::find(path.to_str().unwrap(), Some(&crate::common::mappings_dir())).unwrap();
    source.with_tests().effective(orderbridge::i18n::Lang::En).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The sweep
// ---------------------------------------------------------------------------------------------

/// A value replacing a string that no test can expect.
const FRESH: &str = "MUTANT";

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Idx(usize),
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

fn render_path(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if s.is_empty() => s.push_str(k),
            Seg::Key(k) => {
                let _ = write!(s, ".{k}");
            }
            Seg::Idx(i) => {
                let _ = write!(s, "[{i}]");
            }
        }
    }
    s
}

fn get_mut<'a>(v: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()).unwrap_or_else(|| panic!("no key {k}")),
        Seg::Idx(i) => v.get_mut(*i).unwrap_or_else(|| panic!("no index {i}")),
    })
}

/// Every node of the document with its path, parents first.
fn walk<'a>(v: &'a Value, path: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, &'a Value)>) {
    out.push((path.clone(), v));
    match v {
        Value::Table(t) => {
            for (k, child) in t {
                path.push(key(k));
                walk(child, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                path.push(Seg::Idx(i));
                walk(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn has_key(path: &[Seg], k: &str) -> bool {
    path.iter().any(|s| matches!(s, Seg::Key(x) if x == k))
}

fn last_key(path: &[Seg]) -> Option<&str> {
    match path.last() {
        Some(Seg::Key(k)) => Some(k),
        _ => None,
    }
}

/// One changed copy of a profile.
pub(super) struct Mutant {
    pub(super) what: String,
    pub(super) doc: Value,
}

pub(super) struct Profile {
    pub(super) name: &'static str,
    pub(super) doc: Value,
    /// Names of the values a row shows: written by an output column or used in the path.
    output_values: BTreeSet<String>,
}

impl Profile {
    pub(super) fn load(name: &'static str) -> Profile {
        let table: Table = shipped_text(name).parse().unwrap_or_else(|e| panic!("{name}: {e}"));
        let doc = Value::Table(table);
        let mut output_values: BTreeSet<String> = doc["output"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c.get("value").and_then(Value::as_str).map(str::to_string))
            .collect();
        // `{store_folder}/{file_prefix}_{as_of:%Y_%m_%d}.csv`: the placeholders before any `:`
        let path = doc["output"]["path"].as_str().unwrap();
        for part in path.split('{').skip(1) {
            let name = part.split(['}', ':']).next().unwrap();
            output_values.insert(name.to_string());
        }
        Profile { name, doc, output_values }
    }

    /// The changed text as a profile of its own, in a folder with no tests file beside it.
    pub(super) fn source(&self, doc: &Value) -> ProfileText {
        let text = toml::to_string(doc).unwrap();
        let path = std::env::temp_dir().join("orderbridge-mutants-nowhere").join(format!("{}.toml", self.name));
        ProfileText::new(self.name.to_string(), Origin::File(path), text)
    }

    fn mutant(&self, what: String, path: &[Seg], change: impl FnOnce(&mut Value)) -> Mutant {
        let mut doc = self.doc.clone();
        change(get_mut(&mut doc, path));
        Mutant { what: format!("{}: {what}", render_path(path)), doc }
    }

    /// The values computed by a `{ lookup = name }` step.
    fn values_using_lookup(&self, lookup: &str) -> Vec<String> {
        let Some(values) = self.doc.get("values").and_then(Value::as_table) else { return Vec::new() };
        values
            .iter()
            .filter(|(_, v)| {
                v.get("steps")
                    .and_then(Value::as_array)
                    .is_some_and(|steps| steps.iter().any(|s| s.get("lookup").and_then(Value::as_str) == Some(lookup)))
            })
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The literals a condition compares the value `name` with (`equals` and `in`).
    fn literals_compared_with(&self, name: &str) -> BTreeSet<String> {
        let mut nodes = Vec::new();
        walk(&self.doc, &mut Vec::new(), &mut nodes);
        let mut out = BTreeSet::new();
        for (_, v) in nodes {
            if v.get("value").and_then(Value::as_str) == Some(name) && v.is_table() {
                if let Some(s) = v.get("equals").and_then(Value::as_str) {
                    out.insert(s.to_string());
                }
                for s in v.get("in").and_then(Value::as_array).into_iter().flatten() {
                    out.insert(s.as_str().unwrap().to_string());
                }
            }
        }
        out
    }

    /// Every single-value mutation of the profile's mapping (not of its tests).
    pub(super) fn mutants(&self) -> Vec<Mutant> {
        let mut out = Vec::new();
        self.lookup_mutants(&mut out);
        let mut nodes = Vec::new();
        walk(&self.doc, &mut Vec::new(), &mut nodes);
        for (path, v) in nodes {
            // Tests are not mapping; `hints` only change a message's wording, which a test
            // cannot assert (see KNOWN_SURVIVORS for the check digits inside hints).
            if has_key(&path, "tests") || has_key(&path, "test_defaults") {
                continue;
            }
            let in_hints = has_key(&path, "hints");
            match (last_key(&path), v) {
                (Some("check_digit"), Value::String(cur)) => {
                    for other in CheckDigit::NAMES.iter().filter(|n| *n != cur) {
                        out.push(self.mutant(format!("check_digit {cur} → {other}"), &path, |v| {
                            *v = Value::String(other.to_string())
                        }));
                    }
                }
                (Some("in"), Value::Array(items)) if !in_hints => {
                    for (i, item) in items.iter().enumerate() {
                        out.push(self.mutant(format!("`in` without {item}"), &path, |v| {
                            v.as_array_mut().unwrap().remove(i);
                        }));
                    }
                }
                (Some("equals"), Value::String(cur)) if !in_hints => {
                    out.push(self.mutant(format!("equals {cur:?} → {FRESH:?}"), &path, |v| *v = FRESH.into()));
                }
                (Some("older_than_days"), Value::Integer(n)) => {
                    for m in [n - 1, n + 1] {
                        out.push(self.mutant(format!("older_than_days {n} → {m}"), &path, |v| *v = Value::Integer(m)));
                    }
                }
                (Some("formats"), Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        out.push(self.mutant(format!("formats without {item}"), &path, |v| {
                            v.as_array_mut().unwrap().remove(i);
                        }));
                    }
                }
                (Some("remove_chars"), Value::String(chars)) => {
                    for c in chars.chars() {
                        let rest: String = chars.chars().filter(|x| *x != c).collect();
                        out.push(self.mutant(format!("remove_chars without U+{:04X}", c as u32), &path, |v| {
                            *v = Value::String(rest)
                        }));
                    }
                }
                (Some("fold"), Value::Table(t)) => {
                    for k in t.keys() {
                        let k2 = k.clone();
                        out.push(self.mutant(
                            format!("fold without U+{:04X}", k.chars().next().unwrap() as u32),
                            &path,
                            |v| {
                                v.as_table_mut().unwrap().remove(&k2);
                            },
                        ));
                    }
                }
                _ => {}
            }
            // values: constants and date output formats of the values an output column writes
            if let [Seg::Key(values), Seg::Key(name)] = path.as_slice()
                && values == "values"
                && self.output_values.contains(name)
            {
                if let Some(c) = v.get("constant").and_then(Value::as_str) {
                    let p = [path.clone(), vec![key("constant")]].concat();
                    out.push(self.mutant(format!("constant {c:?} → {FRESH:?}"), &p, |v| *v = FRESH.into()));
                }
                for (i, step) in v.get("steps").and_then(Value::as_array).into_iter().flatten().enumerate() {
                    if step.get("date").is_none() {
                        continue;
                    }
                    let cur = step["to"].as_str().unwrap();
                    let p = [path.clone(), vec![key("steps"), Seg::Idx(i), key("to")]].concat();
                    for other in ["%Y%m%d", "%Y-%m-%d", "%Y/%m/%d"].into_iter().filter(|o| *o != cur) {
                        out.push(self.mutant(format!("date output {cur} → {other}"), &p, |v| *v = other.into()));
                    }
                }
            }
        }
        out
    }

    fn lookup_mutants(&self, out: &mut Vec<Mutant>) {
        let Some(lookups) = self.doc.get("lookups").and_then(Value::as_table) else { return };
        for (lname, lookup) in lookups {
            let base = vec![key("lookups"), key(lname)];
            let entries = lookup["entries"].as_array().unwrap();
            let tos: Vec<&str> = entries.iter().map(|e| e["to"].as_str().unwrap()).collect();
            let mut distinct: Vec<&str> = Vec::new();
            for t in &tos {
                if !distinct.contains(t) {
                    distinct.push(t);
                }
            }
            // A lookup whose result no output column writes is only seen through the literals
            // conditions compare it with (the pay and Yahoo! status table: `equals = "処理済"`).
            // Changing an entry to another value on the same side of every such comparison
            // changes nothing a row can show, so that mutant is not made.
            let users = self.values_using_lookup(lname);
            let written = users.iter().any(|u| self.output_values.contains(u));
            let literals: BTreeSet<String> = users.iter().flat_map(|u| self.literals_compared_with(u)).collect();
            let observable = |old: &str, new: &str| written || literals.iter().any(|l| (old == l) != (new == l));
            for (i, entry) in entries.iter().enumerate() {
                let old = tos[i];
                // `to`: a fresh value, and the previous and next distinct value of the table
                let pos = distinct.iter().position(|d| *d == old).unwrap();
                let n = distinct.len();
                let mut candidates = vec![FRESH, distinct[(pos + n - 1) % n], distinct[(pos + 1) % n]];
                // and every value that flips a comparison, when only comparisons can see it
                if !written {
                    candidates.extend(distinct.iter().copied());
                }
                let mut seen = BTreeSet::new();
                for new in candidates {
                    if new == old || !seen.insert(new) || !observable(old, new) {
                        continue;
                    }
                    let p = [base.clone(), vec![key("entries"), Seg::Idx(i), key("to")]].concat();
                    out.push(self.mutant(format!("to {old:?} → {new:?}"), &p, |v| *v = new.into()));
                }
                // `from`: each value left out
                if let Some(from) = entry.get("from").and_then(Value::as_array) {
                    for (j, f) in from.iter().enumerate() {
                        let p = [base.clone(), vec![key("entries"), Seg::Idx(i), key("from")]].concat();
                        out.push(self.mutant(format!("from without {f}"), &p, |v| {
                            v.as_array_mut().unwrap().remove(j);
                        }));
                    }
                }
                // `pattern`: each alternative of a literal alternation left out, unless another
                // alternative of this or an earlier entry already matches everything it matches
                if let Some(pattern) = entry.get("pattern").and_then(Value::as_str)
                    && !pattern.contains(|c: char| "\\.^$*+?()[]{}".contains(c))
                {
                    let ignore_case = lookup.get("ignore_case").and_then(Value::as_bool).unwrap_or(false);
                    let norm = |s: &str| if ignore_case { s.to_lowercase() } else { s.to_string() };
                    let earlier: Vec<String> = entries[..i]
                        .iter()
                        .filter_map(|e| e.get("pattern").and_then(Value::as_str))
                        .flat_map(|p| p.split('|').map(norm))
                        .collect();
                    let alts: Vec<&str> = pattern.split('|').collect();
                    for (j, alt) in alts.iter().enumerate() {
                        let a = norm(alt);
                        let shadowed = earlier.iter().any(|e| a.contains(e.as_str()))
                            || alts.iter().enumerate().any(|(k, b)| k != j && a.contains(&norm(b)));
                        if alts.len() < 2 || shadowed {
                            continue;
                        }
                        let rest = alts
                            .iter()
                            .enumerate()
                            .filter(|(k, _)| *k != j)
                            .map(|(_, b)| *b)
                            .collect::<Vec<_>>()
                            .join("|");
                        let p = [base.clone(), vec![key("entries"), Seg::Idx(i), key("pattern")]].concat();
                        out.push(self.mutant(format!("pattern without {alt}"), &p, |v| *v = rest.into()));
                    }
                }
            }
            // fallbacks
            if let Some(v) = lookup.get("on_missing").and_then(|m| m.get("value")).and_then(Value::as_str) {
                let p = [base.clone(), vec![key("on_missing"), key("value")]].concat();
                out.push(self.mutant(format!("on_missing value {v:?} → {FRESH:?}"), &p, |v| *v = FRESH.into()));
            }
            if let Some(v) = lookup.get("on_empty").and_then(Value::as_str) {
                let p = [base.clone(), vec![key("on_empty")]].concat();
                out.push(self.mutant(format!("on_empty {v:?} → {FRESH:?}"), &p, |v| *v = FRESH.into()));
            }
        }
    }
}
