//! Step 4 of loading a profile ([`super`]): merging the files of an `extends` chain into one
//! profile, as span-keeping TOML trees.
//!
//! Why trees and not the typed schema: in a TOML tree every key is optional — a key the child
//! does not write is simply absent, never a default — so "not given" stays apart from
//! "default" until the whole chain is merged (the layer ruff keeps as `Option` fields). The
//! schema's defaults apply once, when the merged tree is read into [`ProfileDoc`], and every
//! value still carries the span of the file it came from ([`super::chain`]).
//!
//! The rules (documented for shops in the README, "Editing a profile safely"):
//! - a table merges into the parent's key by key, recursively;
//! - `lookups.NAME.entries`: the child's entries come first, then the parent's (first match
//!   wins, so a child adds a value or overrides one);
//! - named items — `rules`, `output.columns` and `tests` by `name`, `checks` and `warnings`
//!   by `rule`, `skip_tests` by `name` — a child's item of a parent's name replaces it in
//!   place; a new name is added at the end, or where `before = "x"` / `after = "x"` says;
//!   `remove = true` removes the parent's item of that name (an error if there is none);
//! - entries of `input.fields`, `values` and `rule_labels` are replaced whole (a field's `headers` are
//!   the whole list, so a child cannot end up with half of each);
//! - anything else the child gives (a string, a number, another array) replaces the parent's.
//!
//! [`ProfileDoc`]: super::schema::ProfileDoc

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::Diagnostic;
use super::diag::Problem;
use super::text::Chain;
use crate::i18n::Msg;

/// Arrays of named items: their path and the key that names an item.
const NAMED: &[(&[&str], &str)] = &[
    (&["rules"], "name"),
    (&["checks"], "rule"),
    (&["warnings"], "rule"),
    (&["tests"], "name"),
    (&["skip_tests"], "name"),
    (&["output", "columns"], "name"),
];

/// Tables whose entries a child replaces whole.
const WHOLE: &[&[&str]] = &[&["input", "fields"], &["values"], &["rule_labels"]];

/// Merges the files of `chain` root first into one tree, which borrows their texts. A problem
/// is located in the file it is in.
pub fn merge(chain: &Chain) -> Result<DeTable<'_>, Diagnostic> {
    let mut merged = DeTable::new();
    for (i, (layer, text)) in chain.parsed_texts().enumerate().rev() {
        let mut table = DeTable::parse(text).map_err(|e| layer.toml_diag(&e))?.into_inner();
        table.remove("extends");
        // Being a base is not inherited: the child of a base is a profile to run.
        if i > 0 {
            table.remove("runnable");
        }
        let mut path = Vec::new();
        merge_table(&mut merged, table, &mut path).map_err(|(span, m)| chain.diag(span, m))?;
    }
    Ok(merged)
}

fn path_is(path: &[String], want: &[&str]) -> bool {
    path.len() == want.len() && path.iter().zip(want).all(|(a, b)| a == b)
}

/// Merges `child` into `acc` key by key; `path` is where `acc` is in the profile.
fn merge_table<'i>(acc: &mut DeTable<'i>, child: DeTable<'i>, path: &mut Vec<String>) -> Result<(), Problem> {
    let whole = WHOLE.iter().any(|w| path_is(path, w));
    for (key, value) in child {
        path.push(key.get_ref().to_string());
        let span = value.span();
        let named = NAMED.iter().find(|(p, _)| path_is(path, p)).map(|(_, k)| *k);
        let entries = path.len() == 3 && path[0] == "lookups" && path[2] == "entries";
        let parent = if whole { None } else { acc.remove(key.get_ref().as_ref()) };
        let merged = match (parent, value.into_inner()) {
            (parent, DeValue::Array(items)) if named.is_some() => {
                let parent = match parent.map(Spanned::into_inner) {
                    Some(DeValue::Array(p)) => p.to_vec(),
                    _ => Vec::new(),
                };
                DeValue::Array(merge_named(parent, &items, named.unwrap_or("name"), path)?)
            }
            (Some(parent), DeValue::Array(items)) if entries => match parent.into_inner() {
                DeValue::Array(p) => {
                    let mut all = DeArray::new();
                    items.iter().chain(p.iter()).for_each(|i| all.push(i.clone()));
                    DeValue::Array(all)
                }
                _ => DeValue::Array(items),
            },
            (Some(parent), DeValue::Table(t)) => match parent.into_inner() {
                DeValue::Table(mut p) => {
                    merge_table(&mut p, t, path)?;
                    DeValue::Table(p)
                }
                _ => DeValue::Table(t),
            },
            (None, DeValue::Table(t)) => {
                // Merged into nothing, so that named items and placement keys are handled
                // (and checked) in a new table too.
                let mut p = DeTable::new();
                merge_table(&mut p, t, path)?;
                DeValue::Table(p)
            }
            (_, v) => v,
        };
        acc.insert(key, Spanned::new(span, merged));
        path.pop();
    }
    Ok(())
}

/// Where a child's item goes, and whether it removes.
struct Placement {
    remove: bool,
    before: Option<(String, Range<usize>)>,
    after: Option<(String, Range<usize>)>,
}

/// Takes `remove`, `before` and `after` out of an item.
fn placement(t: &mut DeTable<'_>) -> Result<Placement, Problem> {
    let remove = match t.remove("remove") {
        None => false,
        Some(v) => match v.get_ref() {
            DeValue::Boolean(b) => *b,
            _ => return Err((Some(v.span()), Msg::new("profile-merge-remove-bool"))),
        },
    };
    let mut anchor = |k: &str| -> Result<Option<(String, Range<usize>)>, Problem> {
        match t.remove(k) {
            None => Ok(None),
            Some(v) => match v.get_ref() {
                DeValue::String(s) => Ok(Some((s.to_string(), v.span()))),
                _ => Err((Some(v.span()), Msg::new("profile-merge-anchor-text").arg("key", k))),
            },
        }
    };
    let before = anchor("before")?;
    let after = anchor("after")?;
    Ok(Placement { remove, before, after })
}

fn name_of<'a>(item: &'a Spanned<DeValue<'_>>, key: &str) -> Option<&'a str> {
    match item.get_ref() {
        DeValue::Table(t) => t.get(key).and_then(|v| v.get_ref().as_str()),
        _ => None,
    }
}

/// Merges a child's array of named items into the parent's.
fn merge_named<'i>(
    parent: Vec<Spanned<DeValue<'i>>>,
    child: &[Spanned<DeValue<'i>>],
    key: &str,
    path: &[String],
) -> Result<DeArray<'i>, Problem> {
    let what = path.join(".");
    // Each item, and whether the child gave it: a child's items never replace each other
    // (two checks may share a rule name).
    let mut items: Vec<(Spanned<DeValue<'i>>, bool)> = parent.into_iter().map(|i| (i, false)).collect();
    for item in child {
        let span = item.span();
        let DeValue::Table(t) = item.get_ref() else {
            items.push((item.clone(), true));
            continue;
        };
        let mut t = t.clone();
        let place = placement(&mut t)?;
        let Some((name, name_span)) = t.get(key).and_then(|v| v.get_ref().as_str().map(|s| (s.to_string(), v.span())))
        else {
            if place.remove || place.before.is_some() || place.after.is_some() {
                let m = Msg::new("profile-merge-needs-name").arg("what", &what).arg("key", key);
                return Err((Some(span), m));
            }
            items.push((Spanned::new(span, DeValue::Table(t)), true));
            continue;
        };
        let existing: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, (i, mine))| !mine && name_of(i, key) == Some(&name))
            .map(|(n, _)| n)
            .collect();
        if existing.len() > 1 {
            let m = Msg::new("profile-merge-ambiguous").arg("what", &what).arg("name", &name);
            return Err((Some(name_span), m));
        }
        if place.remove {
            match existing.first() {
                Some(&i) => {
                    items.remove(i);
                }
                None => {
                    let m = Msg::new("profile-merge-remove-missing").arg("what", &what).arg("name", &name);
                    return Err((Some(name_span), m));
                }
            }
            continue;
        }
        let new = (Spanned::new(span, DeValue::Table(t)), true);
        let anchor = match (&place.before, &place.after) {
            (Some(_), Some((_, s))) => {
                return Err((Some(s.clone()), Msg::new("profile-merge-before-and-after")));
            }
            (Some(a), None) => Some((a, 0)),
            (None, Some(a)) => Some((a, 1)),
            (None, None) => None,
        };
        match (anchor, existing.first()) {
            (None, Some(&i)) => items[i] = new,
            (None, None) => items.push(new),
            (Some(((anchor, anchor_span), offset)), old) => {
                if let Some(&i) = old {
                    items.remove(i);
                }
                let Some(at) = items.iter().position(|(i, _)| name_of(i, key) == Some(anchor)) else {
                    let m = Msg::new("profile-merge-anchor-missing").arg("what", &what).arg("name", anchor);
                    return Err((Some(anchor_span.clone()), m));
                };
                items.insert(at + offset, new);
            }
        }
    }
    let mut out = DeArray::new();
    items.into_iter().for_each(|(i, _)| out.push(i));
    Ok(out)
}

#[cfg(test)]
mod tests;
