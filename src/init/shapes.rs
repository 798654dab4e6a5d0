//! The shapes a profile's patterns give its fields, for matching a column by what it holds.
//!
//! A profile that never rejects a value of a field (a check only asks that an order number
//! is not empty) still says what the value looks like where it tests it: a check's
//! `matches`, a step's `replace` or `reject_if`. Those regexes are read from the merged
//! profile and tied to the field they describe (directly, or through the values computed
//! from it), so a column whose cells look like them is that field's — all the knowledge
//! stays in the profile. A regex that even a nonsense value or a very short one satisfies
//! says nothing and is left out.

use std::collections::{BTreeMap, BTreeSet};

use regex_automata::dfa::{Automaton, dense};
use regex_automata::{Anchored, Input};

use crate::engine::{Plan, SlotId};

/// Patterns shorter than this (in bytes, at their shortest) describe too little to tell one
/// column from another (`^[0-9]*$` fits every number).
const MIN_SHAPE_BYTES: usize = 4;

/// One regex of the profile, ready to tell whether a text looks like what it describes.
pub struct Shape {
    regex: regex::Regex,
    dfa: dense::DFA<Vec<u32>>,
    min_len: usize,
}

impl Shape {
    fn new(pattern: &str) -> Option<Shape> {
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let min_len = hir.properties().minimum_len()?;
        if min_len < MIN_SHAPE_BYTES {
            return None;
        }
        Some(Shape { regex: regex::Regex::new(pattern).ok()?, dfa: dense::DFA::new(pattern).ok()?, min_len })
    }

    /// Whether `text` is what the pattern describes, or its beginning lacking at most one
    /// byte: a check looking for a suffix (`…[-_]`) describes the numbers without it too.
    pub fn resembles(&self, text: &str) -> bool {
        if text.is_empty() {
            return false;
        }
        if self.regex.is_match(text) {
            return true;
        }
        if text.len() + 1 < self.min_len {
            return false;
        }
        let input = Input::new(text).anchored(Anchored::Yes);
        let Ok(mut state) = self.dfa.start_state_forward(&input) else { return false };
        for &b in text.as_bytes() {
            state = self.dfa.next_state(state, b);
            if self.dfa.is_dead_state(state) || self.dfa.is_quit_state(state) {
                return false;
            }
        }
        true
    }
}

/// Per field (in slot order): the slots computed from it (itself included) with the shapes
/// the profile tests them against.
pub type FieldShapes = Vec<Vec<(SlotId, Shape)>>;

/// The shapes of `plan`'s fields, read from the merged profile `effective` (its TOML text):
/// an unreadable text gives none, which only makes matching rely on the engine's decisions.
pub fn field_shapes(plan: &Plan, effective: &str) -> FieldShapes {
    let mut out: FieldShapes = (0..plan.field_count()).map(|_| Vec::new()).collect();
    let Ok(doc) = toml::from_str::<toml::Table>(effective) else { return out };
    let mut found: Vec<(String, String)> = Vec::new();
    let mut from: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if let Some(values) = doc.get("values").and_then(|v| v.as_table()) {
        for (name, v) in values {
            let sources = sources_of(v);
            if let Some(steps) = v.get("steps").and_then(|s| s.as_array()) {
                for step in steps.iter().filter_map(|s| s.as_table()) {
                    for key in ["replace", "reject_if"] {
                        if let Some(p) = step.get(key).and_then(|p| p.as_str()) {
                            found.extend(sources.iter().map(|s| (s.clone(), p.to_string())));
                        }
                    }
                }
            }
            from.insert(name.clone(), sources);
        }
    }
    if let Some(output) = doc.get("output").and_then(|o| o.as_table())
        && let Some(columns) = output.get("columns").and_then(|c| c.as_array())
    {
        for column in columns.iter().filter_map(|c| c.as_table()) {
            let subject = column.get("value").and_then(|v| v.as_str());
            for (key, child) in column {
                if key != "value" && key != "name" {
                    conditions(child, subject, &mut found);
                }
            }
        }
    }
    for key in ["rules", "checks", "warnings"] {
        if let Some(v) = doc.get(key) {
            conditions(v, None, &mut found);
        }
    }
    for (slot, pattern) in found {
        let Some(s) = plan.slot_names.iter().position(|n| *n == slot) else { continue };
        let Some(shape) = Shape::new(&pattern) else { continue };
        for (field, shapes) in out.iter_mut().enumerate() {
            if derives_from(&plan.slot_names[s], &plan.slot_names[field], &from) {
                shapes.push((s, shape));
                break;
            }
        }
    }
    out
}

/// The slots a value is computed from: its `from`, or the names its `template` uses.
fn sources_of(v: &toml::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(f) = v.get("from").and_then(|f| f.as_str()) {
        out.insert(f.to_string());
    }
    if let Some(t) = v.get("template").and_then(|t| t.as_str()) {
        for part in t.split('{').skip(1) {
            let name: String = part.chars().take_while(|c| *c != '}' && *c != ':').collect();
            out.insert(name);
        }
    }
    out
}

/// Whether slot `slot` is `field` or computed (through any number of values) from it alone.
fn derives_from(slot: &str, field: &str, from: &BTreeMap<String, BTreeSet<String>>) -> bool {
    let mut seen = BTreeSet::new();
    let mut at = slot.to_string();
    loop {
        if at == field {
            return true;
        }
        let Some(sources) = from.get(&at) else { return false };
        // A value of several slots (a template) is no one field's shape.
        if sources.len() != 1 || !seen.insert(at.clone()) {
            return false;
        }
        at = sources.iter().next().cloned().unwrap_or_default();
    }
}

/// Every `matches` in a condition tree, with the slot it tests: the table's own `value`, else
/// `subject` (the column a check belongs to).
fn conditions(v: &toml::Value, subject: Option<&str>, out: &mut Vec<(String, String)>) {
    match v {
        toml::Value::Table(t) => {
            let here = t.get("value").and_then(|v| v.as_str()).or(subject);
            if let (Some(slot), Some(p)) = (here, t.get("matches").and_then(|p| p.as_str())) {
                out.push((slot.to_string(), p.to_string()));
            }
            for (key, child) in t {
                if key != "value" && key != "matches" {
                    conditions(child, subject, out);
                }
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|c| conditions(c, subject, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_or_its_beginning_resembles_and_a_short_or_other_text_does_not() {
        let s = Shape::new("^[0-9]{6}-[0-9]{8}-[0-9]{8,10}[-_]").unwrap();
        assert!(s.resembles("100234-20241018-0000010000"), "lacks only the suffix");
        assert!(s.resembles("100234-20241018-0000010000-1"));
        assert!(!s.resembles("30595"), "a beginning far shorter than the shape");
        assert!(!s.resembles("2024/10/18 02:00:08"));
        assert!(!s.resembles(""));
    }

    #[test]
    fn patterns_that_fit_almost_anything_are_no_shape() {
        assert!(Shape::new("^[0-9]*$").is_none());
        assert!(Shape::new("^[0-9A-Z]{1,120}$").is_none());
        assert!(Shape::new("^[0-9]{12}$").is_some());
    }
}
