//! A profile's text as step 2 ([`super::read`]) gives it: the text, its name, where it was
//! found, and what the later steps need to know (the `--mappings` folder its parents are looked
//! up in, `--set` overrides, whether tests files join the chain). Not to be confused with
//! `run::InputSource`, an export to run.
//!
//! Once step 3 ([`super::chain`]) has resolved the `extends` chain, the chain ([`Chain`], its
//! files as [`Layer`]s) stays with the text: it is the source map by which a later step —
//! merging, parameters, the schema, and [`crate::engine::compile`] — locates a span in the
//! file it was written in ([`Chain::diag`], [`ProfileText::diag`]).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use toml::de::{DeTable, DeValue};

use super::{Diagnostic, diag, quotes};
use crate::i18n::Msg;

/// Where a profile's text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk: a path given, or one found in a mappings folder.
    File(PathBuf),
    /// One of the profiles compiled into the binary ([`super::BUILTIN`]).
    Builtin,
}

impl Origin {
    /// Where the profile comes from, for the reader: its path, or that it is built in.
    pub fn msg(&self) -> Msg {
        match self {
            Origin::File(p) => Msg::text(p.display()),
            Origin::Builtin => Msg::new("origin-builtin"),
        }
    }
}

/// A profile's text, its name and where it was found; parsed by [`ProfileText::parse`], which
/// also reads the files it `extends`.
#[derive(Debug, Clone)]
pub struct ProfileText {
    /// The profile's name: its file name without `.toml`, or the built-in's name.
    pub name: String,
    /// Where the text was found, for messages and the report.
    pub origin: Origin,
    /// The TOML source, as read.
    pub text: String,
    /// The `--mappings` folder a parent named by `extends = "NAME"` is looked up in first.
    pub mappings: Option<PathBuf>,
    /// `run --set NAME=VALUE` overrides of parameters, in the order given.
    pub overrides: Vec<(String, String)>,
    /// Whether each profile of the chain brings its tests file (`super::layout`): for validation,
    /// never for a run.
    pub tests: bool,
    /// The `extends` chain, once resolved: the source map.
    chain: OnceLock<Chain>,
}

/// How messages name a profile file: its path, or `<built-in>/NAME.toml`.
pub fn display_path(origin: &Origin, name: &str) -> String {
    match origin {
        Origin::File(p) => p.display().to_string(),
        Origin::Builtin => format!("<built-in>/{name}.toml"),
    }
}

impl ProfileText {
    /// A text as found, for a run: no mappings folder, no overrides, no tests files.
    pub fn new(name: String, origin: Origin, text: String) -> ProfileText {
        ProfileText { name, origin, text, mappings: None, overrides: Vec::new(), tests: false, chain: OnceLock::new() }
    }

    /// This text, finding the parents it `extends` in `mappings` first.
    pub fn with_mappings(mut self, mappings: Option<&Path>) -> ProfileText {
        self.mappings = mappings.map(Path::to_path_buf);
        self
    }

    /// This text with the tests files of its chain (`super::layout`), as validation reads it.
    pub fn with_tests(mut self) -> ProfileText {
        self.tests = true;
        self.chain = OnceLock::new();
        self
    }

    /// This text with `run --set NAME=VALUE` overrides.
    pub fn with_overrides(mut self, overrides: Vec<(String, String)>) -> ProfileText {
        self.overrides = overrides;
        self
    }

    /// Whether this is a profile to run: `runnable = false` in its own text marks a base that
    /// other profiles extend.
    pub fn is_runnable(&self) -> bool {
        // Only `runnable = false` at the root says no; read without the parser when the top
        // of the text allows, and confirmed by it when the answer would be no.
        if let Some(key) = super::root::root_value(&self.text, "runnable")
            && key.is_none_or(|k| k.value == super::root::Value::Bool(true))
        {
            return true;
        }
        // A text that does not parse is runnable here: parsing it reports the error.
        let Ok(table) = DeTable::parse(&self.text) else { return true };
        !matches!(table.get_ref().get("runnable").map(|v| v.get_ref()), Some(DeValue::Boolean(false)))
    }

    /// Whether this profile's own text says `extends` (a child profile).
    pub fn is_child(&self) -> bool {
        DeTable::parse(&self.text).is_ok_and(|t| t.get_ref().contains_key("extends"))
    }

    /// The name used in messages: the file path, or `<built-in>/NAME.toml`.
    pub fn display_path(&self) -> String {
        display_path(&self.origin, &self.name)
    }

    /// Where step 3 ([`super::chain`]) keeps the chain it resolved.
    pub(super) fn resolved(&self) -> &OnceLock<Chain> {
        &self.chain
    }

    /// The files of the `extends` chain, child first (known once the chain is resolved).
    pub fn layers(&self) -> Option<&[Layer]> {
        self.chain.get().map(Chain::layers)
    }

    /// The file a span of the merged profile was written in.
    pub fn layer_of(&self, offset: usize) -> Option<&Layer> {
        self.chain.get()?.layer_of(offset)
    }

    /// A located diagnostic for a span of the merged profile: in the file it was written in
    /// (in this text itself before the chain is resolved).
    pub fn diag(&self, span: Option<Range<usize>>, message: impl Into<Msg>) -> Diagnostic {
        match self.chain.get() {
            Some(chain) => chain.diag(span, message),
            None => Diagnostic::at(&self.display_path(), &self.text, span, message),
        }
    }

    /// The text a span of the merged profile covers, in whichever file it is.
    pub fn slice(&self, span: Range<usize>) -> Option<&str> {
        match self.chain.get() {
            Some(chain) => chain.slice(span),
            None => self.text.get(span),
        }
    }
}

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

    /// A TOML or serde error located in this file (its span is in merged offsets).
    pub fn toml_diag(&self, e: &toml::de::Error) -> Diagnostic {
        let message = diag::toml_message(e.message());
        // TOML reports a string closed by a full-width quote where it gives up, often a line
        // or more later: point at the quote instead.
        let local = e.span().map(|s| s.start.saturating_sub(self.base));
        if let Some(quote) = local.and_then(|start| quotes::misplaced(&self.text, start)) {
            let c = &self.text[quote.clone()];
            let message = Msg::new("diag-full-width-quote").arg("quote", c).arg("toml", message);
            return Diagnostic::at(&self.display, &self.text, Some(quote), message);
        }
        self.diag(e.span(), message)
    }
}

/// The resolved chain: its files, child first, each with its text as parsed (moved to its
/// base), which the merged tree borrows.
#[derive(Debug, Clone)]
pub struct Chain {
    layers: Vec<Layer>,
    padded: Vec<String>,
}

impl Chain {
    pub(super) fn new(layers: Vec<Layer>) -> Chain {
        let padded = layers.iter().map(Layer::padded).collect();
        Chain { layers, padded }
    }

    /// The files, child first.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// Each file with its text as parsed (at its base), child first.
    pub fn parsed_texts(&self) -> impl DoubleEndedIterator<Item = (&Layer, &str)> + ExactSizeIterator {
        self.layers.iter().zip(self.padded.iter().map(String::as_str))
    }

    /// The span of the profile's own file (the child's) in merged offsets.
    pub fn own(&self) -> Range<usize> {
        0..self.layers[0].text.len()
    }

    /// The file a span of the merged profile was written in.
    pub fn layer_of(&self, offset: usize) -> Option<&Layer> {
        self.layers.iter().find(|l| l.holds(offset))
    }

    /// A located diagnostic for a span of the merged profile, in the file it was written in
    /// (in the profile's own file when the span is none of them).
    pub fn diag(&self, span: Option<Range<usize>>, message: impl Into<Msg>) -> Diagnostic {
        match span.as_ref().filter(|s| **s != (0..0)).and_then(|s| self.layer_of(s.start)) {
            Some(layer) => layer.diag(span, message),
            None => Diagnostic::at(&self.layers[0].display, &self.layers[0].text, span, message),
        }
    }

    /// A TOML or serde error of the merged profile, located in the file it is in.
    pub fn toml_diag(&self, e: &toml::de::Error) -> Diagnostic {
        match e.span().and_then(|s| self.layer_of(s.start)) {
            Some(layer) => layer.toml_diag(e),
            None => {
                let own = &self.layers[0];
                Diagnostic::at(&own.display, &own.text, None, diag::toml_message(e.message()))
            }
        }
    }

    /// The text a span of the merged profile covers, in whichever file it is.
    pub fn slice(&self, span: Range<usize>) -> Option<&str> {
        match self.layer_of(span.start) {
            Some(l) => l.text.get(span.start - l.base..span.end.checked_sub(l.base)?),
            None => self.layers[0].text.get(span),
        }
    }
}
