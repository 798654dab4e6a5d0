//! Step 3 of loading a profile ([`super`]): the files of an `extends` chain, child first, each
//! parent found and read by steps 1 and 2 ([`super::find::parent`]), every file parsed once
//! here (to read its `extends`) — and the source map that tells which file a byte offset of
//! the merged profile came from.
//!
//! Why a source map: the chain is merged as span-keeping TOML trees ([`super::merge`]), so
//! every value keeps the span of the text it was written in, and `Diagnostic::at` needs to
//! know which file that text is. Each file is parsed preceded by white space that moves it to
//! its own byte range (`base..base + len`), disjoint from the others'; a span then names its
//! file by its range alone, through every later step (merge, parameters, serde, compile):
//! each of them locates its problems through the [`Chain`] it is handed.
//! The child keeps base 0, so a profile without `extends` has exactly the spans it had before.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::root::{RootKey, Value};
use super::text::{Chain, Layer, Origin, ProfileText, display_path};
use super::{Diagnostic, diag, find, layout, read};
use crate::i18n::Msg;

impl ProfileText {
    /// Step 3: the `extends` chain, resolved once and then kept with the text as its source
    /// map.
    pub fn chain(&self) -> Result<&Chain, Diagnostic> {
        if let Some(c) = self.resolved().get() {
            return Ok(c);
        }
        let chain = resolve(self)?;
        Ok(self.resolved().get_or_init(|| chain))
    }
}

/// What identifies a file in the chain, for finding a cycle.
fn identity(origin: &Origin, name: &str) -> String {
    match origin {
        Origin::File(p) => std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()).display().to_string(),
        Origin::Builtin => format!("<built-in>/{name}"),
    }
}

/// The chain of `source`: itself, then its parent, the parent's parent, ... Every file of the
/// user's is parsed once here (to read `extends`); a syntax error is reported in the file it
/// is in. A built-in file's `extends` is read from its first lines (step 4 parses it).
pub fn resolve(source: &ProfileText) -> Result<Chain, Diagnostic> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut current = (source.name.clone(), source.origin.clone(), source.text.clone());
    // The `extends` value that named the current file, and its span in the child.
    let mut named_by: Option<(String, Range<usize>)> = None;
    loop {
        let (name, origin, text) = current;
        let base = layers.last().map_or(0, |l| l.base + l.text.len() + 1);
        let display = display_path(&origin, &name);
        ids.push(identity(&origin, &name));
        let layer = Layer { display, origin, name, text, base, tests: false };
        let builtin = layer.origin == Origin::Builtin;
        let extends = match builtin.then(|| builtin_extends(&layer)).flatten() {
            Some(extends) => extends,
            None => parsed_extends(&layer, layers.last(), &named_by)?,
        };
        let tests = match source.tests {
            true => tests_layer(&layer)?,
            false => None,
        };
        layers.push(layer);
        let child = layers.len() - 1;
        layers.extend(tests);
        let Some((parent, span)) = extends else { return Ok(Chain::new(layers)) };
        let child = &layers[child];
        let found = find::parent(&parent, &child.origin, source.mappings.as_deref()).map_err(|e| {
            child.diag(
                Some(span.clone()),
                Msg::new("profile-extends-not-found").arg("name", &parent).arg("error", e.msg()),
            )
        })?;
        let id = identity(&found.origin, &found.name);
        if ids.contains(&id) {
            let mut names: Vec<String> = layers.iter().filter(|l| !l.tests).map(|l| l.display.clone()).collect();
            names.push(found.display_path());
            let chain = names.join(" → ");
            return Err(child.diag(Some(span), Msg::new("profile-extends-cycle").arg("chain", chain)));
        }
        current = (found.name, found.origin, found.text);
        named_by = Some((parent, span));
    }
}

/// Where a TOML error is in the layer's own text.
fn local_start(layer: &Layer, e: &toml::de::Error) -> usize {
    e.span().map_or(0, |s| s.start.saturating_sub(layer.base))
}

/// A file that is not a profile, named with its problem and never quoted: at the child's
/// `extends` line when a child named it, else on its own.
fn not_a_profile(
    layer: &Layer,
    child: Option<&Layer>,
    named_by: &Option<(String, Range<usize>)>,
    problem: Msg,
) -> Diagnostic {
    match (child, named_by) {
        (Some(child), Some((name, span))) => {
            let error = Msg::at_path(&layer.display, problem);
            child.diag(Some(span.clone()), Msg::new("profile-extends-not-found").arg("name", name).arg("error", error))
        }
        _ => Diagnostic::at(&layer.display, &layer.text, None, problem),
    }
}

/// The tests file of the profile `layer` ([`super::layout`]), as the layer after it.
fn tests_layer(layer: &Layer) -> Result<Option<Layer>, Diagnostic> {
    let found = layout::tests_file(&layer.origin, &layer.name).map_err(|m| layer.diag(None, m))?;
    let Some((origin, name, text)) = found else { return Ok(None) };
    let display = display_path(&origin, &name);
    let base = layer.base + layer.text.len() + 1;
    let tests = Layer { display, origin, name, text, base, tests: true };
    let padded = tests.padded();
    let table = DeTable::parse(&padded).map_err(|e| tests.toml_diag(&e))?;
    if let Some((span, m)) = layout::foreign_key(table.get_ref(), &layer.display) {
        return Err(tests.diag(Some(span), m));
    }
    Ok(Some(tests))
}

/// The `extends` value of a parsed file, with its span.
fn extends_of(table: &DeTable<'_>) -> Result<Option<(String, Range<usize>)>, diag::Problem> {
    let Some(v) = table.get("extends") else { return Ok(None) };
    match v.get_ref() {
        DeValue::String(s) => Ok(Some((s.to_string(), v.span()))),
        _ => Err((Some(v.span()), Msg::new("profile-extends-not-text"))),
    }
}

/// The `extends` of a built-in profile, read from the top of its text without the parser
/// (the built-in texts parse: a test says so); `None` when the top is not that simple.
fn builtin_extends(layer: &Layer) -> Option<Option<(String, Range<usize>)>> {
    match super::root::root_value(&layer.text, "extends")? {
        None => Some(None),
        Some(RootKey { value: Value::String(name), span, .. }) => {
            Some(Some((name.to_string(), span.start + layer.base..span.end + layer.base)))
        }
        Some(_) => None,
    }
}

/// The `extends` of a file, parsed (at its base): a syntax error is reported in it; a file of
/// the user's that is not a profile is named so (the child that named it, `child` by
/// `named_by`, says where).
fn parsed_extends(
    layer: &Layer,
    child: Option<&Layer>,
    named_by: &Option<(String, Range<usize>)>,
) -> Result<Option<(String, Range<usize>)>, Diagnostic> {
    let builtin = layer.origin == Origin::Builtin;
    match DeTable::parse(&layer.padded()) {
        Ok(table) if !builtin && !read::is_profile(table.get_ref()) => {
            Err(not_a_profile(layer, child, named_by, Msg::new("profile-not-a-profile-keys")))
        }
        Ok(table) => extends_of(table.get_ref()).map_err(|(span, m)| layer.diag(span, m)),
        Err(e) if !builtin && !read::quotable_until(&layer.text, local_start(layer, &e)) => {
            let problem = diag::toml_message(e.message());
            let message = Msg::new("profile-not-a-profile-toml").arg("problem", problem);
            Err(not_a_profile(layer, child, named_by, message))
        }
        Err(e) => Err(layer.toml_diag(&e)),
    }
}
