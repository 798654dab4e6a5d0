//! The files of an `extends` chain, child first, and the source map that tells which file a
//! byte offset of the merged profile came from.
//!
//! Why a source map: the chain is merged as span-keeping TOML trees ([`super::merge`]), so
//! every value keeps the span of the text it was written in, and `Diagnostic::at` needs to
//! know which file that text is. Each file is parsed preceded by white space that moves it to
//! its own byte range (`base..base + len`), disjoint from the others'; a span then names its
//! file by its range alone, through every later step (merge, parameters, serde, compile).
//! The child keeps base 0, so a profile without `extends` has exactly the spans it had before.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::{Diagnostic, Origin, Source, read};
use crate::i18n::Msg;

/// One file of the chain.
#[derive(Debug, Clone)]
pub struct Layer {
    /// How messages name the file (`display_path`).
    pub display: String,
    pub origin: Origin,
    pub name: String,
    pub text: String,
    /// Where this file's text starts in the merged profile's offsets.
    pub base: usize,
    /// A profile's tests file ([`super::layout`]), the layer after its profile's.
    pub tests: bool,
}

impl Layer {
    /// The text as parsed: moved to `base` by a line of spaces.
    pub fn padded(&self) -> String {
        if self.base == 0 {
            return self.text.clone();
        }
        let mut s = " ".repeat(self.base - 1);
        s.push('\n');
        s.push_str(&self.text);
        s
    }

    /// Whether `offset` is inside this file's text (its end included, for a span at the end).
    pub fn holds(&self, offset: usize) -> bool {
        offset >= self.base && offset <= self.base + self.text.len()
    }

    /// A located diagnostic for `span` (merged offsets) in this file.
    pub fn diag(&self, span: Option<Range<usize>>, message: impl Into<Msg>) -> Diagnostic {
        let local = span.map(|s| s.start.saturating_sub(self.base)..s.end.saturating_sub(self.base));
        // Span 0..0 means "not located"; a real span at the start of a parent stays located.
        let local = local.map(|s| if s == (0..0) && self.base > 0 { 0..1.min(self.text.len()) } else { s });
        Diagnostic::at(&self.display, &self.text, local, message)
    }
}

/// What identifies a file in the chain, for finding a cycle.
fn identity(origin: &Origin, name: &str) -> String {
    match origin {
        Origin::File(p) => std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()).display().to_string(),
        Origin::Builtin => format!("<built-in>/{name}"),
    }
}

/// The chain of `source`: itself, then its parent, the parent's parent, ... Every file is
/// parsed once here (to read `extends`); a syntax error is reported in the file it is in.
pub fn resolve(source: &Source) -> Result<Vec<Layer>, Diagnostic> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut current = (source.name.clone(), source.origin.clone(), source.text.clone());
    // The `extends` value that named the current file, and its span in the child.
    let mut named_by: Option<(String, Range<usize>)> = None;
    loop {
        let (name, origin, text) = current;
        let base = layers.last().map_or(0, |l| l.base + l.text.len() + 1);
        let display = super::display_path(&origin, &name);
        ids.push(identity(&origin, &name));
        let layer = Layer { display, origin, name, text, base, tests: false };
        let padded = layer.padded();
        let builtin = layer.origin == Origin::Builtin;
        let extends = match DeTable::parse(&padded) {
            Ok(table) if !builtin && !read::is_profile(table.get_ref()) => {
                return Err(not_a_profile(&layer, layers.last(), &named_by, Msg::new("profile-not-a-profile-keys")));
            }
            Ok(table) => extends_of(table.get_ref()).map_err(|(span, m)| layer.diag(span, m))?,
            Err(e) if !builtin && !read::quotable_until(&layer.text, local_start(&layer, &e)) => {
                let problem = super::improve_toml_message(e.message());
                let message = Msg::new("profile-not-a-profile-toml").arg("problem", problem);
                return Err(not_a_profile(&layer, layers.last(), &named_by, message));
            }
            Err(e) => return Err(super::toml_diag(&layer, &e)),
        };
        let tests = match source.tests {
            true => tests_layer(&layer)?,
            false => None,
        };
        layers.push(layer);
        let child = layers.len() - 1;
        layers.extend(tests);
        let Some((parent, span)) = extends else { return Ok(layers) };
        let child = &layers[child];
        let found = find_parent(&parent, &child.origin, source.mappings.as_deref()).map_err(|e| {
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
    let found = super::layout::tests_file(&layer.origin, &layer.name).map_err(|m| layer.diag(None, m))?;
    let Some((origin, name, text)) = found else { return Ok(None) };
    let display = super::display_path(&origin, &name);
    let base = layer.base + layer.text.len() + 1;
    let tests = Layer { display, origin, name, text, base, tests: true };
    let padded = tests.padded();
    let table = DeTable::parse(&padded).map_err(|e| super::toml_diag(&tests, &e))?;
    if let Some((span, m)) = super::layout::foreign_key(table.get_ref(), &layer.display) {
        return Err(tests.diag(Some(span), m));
    }
    Ok(Some(tests))
}

/// The `extends` value of a parsed file, with its span.
fn extends_of(table: &DeTable<'_>) -> Result<Option<(String, Range<usize>)>, super::diag::Problem> {
    let Some(v) = table.get("extends") else { return Ok(None) };
    match v.get_ref() {
        DeValue::String(s) => Ok(Some((s.to_string(), v.span()))),
        _ => Err((Some(v.span()), Msg::new("profile-extends-not-text"))),
    }
}

/// Finds the parent named by `extends`: a path (ending in `.toml` or with a separator) is
/// relative to the child's folder; a name is found as `run --profile NAME` finds it. A name that
/// finds the child itself (`mappings/goq-yahoo.toml` saying `extends = "goq-yahoo"`) means
/// the built-in profile of that name: the shop's file changes the shipped one.
fn find_parent(spec: &str, child: &Origin, mappings: Option<&Path>) -> Result<Source, super::FindError> {
    let is_path = spec.ends_with(".toml") || spec.contains('/') || spec.contains(std::path::MAIN_SEPARATOR);
    if is_path {
        let rel = PathBuf::from(spec);
        let path = match child {
            Origin::File(p) if rel.is_relative() => p.parent().map_or(rel.clone(), |d| d.join(&rel)),
            _ => rel,
        };
        let mut found = super::find(&path.display().to_string(), mappings)?;
        found.mappings = mappings.map(Path::to_path_buf);
        return Ok(found);
    }
    let mut found = super::find(spec, mappings)?;
    if let (Origin::File(a), Origin::File(b)) = (child, &found.origin)
        && identity(&Origin::File(a.clone()), "") == identity(&Origin::File(b.clone()), "")
        && let Some((name, text)) = super::BUILTIN.iter().find(|(n, _)| *n == spec)
    {
        found = Source::new(name.to_string(), Origin::Builtin, text.to_string());
    }
    found.mappings = mappings.map(Path::to_path_buf);
    Ok(found)
}
