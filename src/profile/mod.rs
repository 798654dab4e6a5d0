//! Mapping profiles: the TOML schema, finding a profile by name or path, and parsing it with
//! located errors. Compiling a profile into something that runs is [`crate::engine`]'s job.

pub mod chain;
pub mod diag;
pub mod effective;
mod error;
pub mod json_schema;
pub mod layout;
pub mod merge;
pub mod params;
pub mod quotes;
pub mod read;
pub mod schema;

use std::path::{Path, PathBuf};

use crate::i18n::Msg;

pub use diag::Diagnostic;
pub use error::FindError;
pub use schema::ProfileDoc;

/// The shipped profiles, compiled into the binary so an installed tool works anywhere (their
/// tests files are in [`layout::BUILTIN_TESTS`]). `goq-base` is the GoQ input side the three
/// GoQ profiles extend: a base, not a profile to run.
pub const BUILTIN: &[(&str, &str)] = &[
    ("goq-base", include_str!("../../mappings/goq-base.toml")),
    ("goq-rakuten-legacy", include_str!("../../mappings/goq-rakuten-legacy.toml")),
    ("goq-rakuten-pay", include_str!("../../mappings/goq-rakuten-pay.toml")),
    ("goq-yahoo", include_str!("../../mappings/goq-yahoo.toml")),
    ("rakuten-legacy-check", include_str!("../../mappings/rakuten-legacy-check.toml")),
];

/// Environment variable naming a directory of profiles.
pub const MAPPINGS_ENV: &str = "ORDERBRIDGE_MAPPINGS";

/// Where a profile's text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
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

/// A profile's source text, its name and where it was found; parsed lazily by [`Source::parse`],
/// which also reads the files it `extends`.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub origin: Origin,
    pub text: String,
    /// The `--mappings` folder a parent named by `extends = "NAME"` is looked up in first.
    pub mappings: Option<PathBuf>,
    /// `run --set NAME=VALUE` overrides of parameters, in the order given.
    pub overrides: Vec<(String, String)>,
    /// Whether each profile of the chain brings its tests file ([`layout`]): for validation,
    /// never for a run.
    pub tests: bool,
    /// The files of the `extends` chain (child first), known once [`Source::parse`] ran: the
    /// source map that locates a span in the file it came from.
    layers: std::sync::OnceLock<Vec<chain::Layer>>,
}

/// Where a search folder was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirFrom {
    /// `--mappings DIR`.
    Option,
    /// `$ORDERBRIDGE_MAPPINGS`.
    Env,
    /// `./mappings`, the default: it may be missing.
    Default,
}

impl DirFrom {
    fn describe(self) -> Msg {
        match self {
            DirFrom::Option => Msg::text("--mappings"),
            DirFrom::Env => Msg::text("$ORDERBRIDGE_MAPPINGS"),
            DirFrom::Default => Msg::new("find-default-dir"),
        }
    }
}

/// Directories searched for profiles by name, in order: `--mappings`, `$ORDERBRIDGE_MAPPINGS`,
/// `./mappings`, each with where it was named.
pub fn search_dirs(mappings: Option<&Path>) -> Vec<(PathBuf, DirFrom)> {
    let mut dirs = Vec::new();
    if let Some(d) = mappings {
        dirs.push((d.to_path_buf(), DirFrom::Option));
    }
    if let Some(d) = std::env::var_os(MAPPINGS_ENV).filter(|d| !d.is_empty()) {
        dirs.push((PathBuf::from(d), DirFrom::Env));
    }
    dirs.push((PathBuf::from("mappings"), DirFrom::Default));
    dirs
}

/// [`search_dirs`] that exist. A folder the user named (`--mappings`, `$ORDERBRIDGE_MAPPINGS`)
/// that is missing, or any of them that is not a folder or cannot be looked into, is an error:
/// a typo there must not quietly give the built-in copy. Only `./mappings` may be missing.
fn existing_dirs(mappings: Option<&Path>) -> Result<Vec<(PathBuf, DirFrom)>, FindError> {
    let mut found = Vec::new();
    for (dir, from) in search_dirs(mappings) {
        let problem = match std::fs::metadata(&dir) {
            Ok(m) if m.is_dir() => {
                found.push((dir, from));
                continue;
            }
            Ok(_) => Msg::new("find-dir-not-a-folder"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && from == DirFrom::Default => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && from == DirFrom::Env => {
                Msg::new("find-dir-env-missing").arg("var", MAPPINGS_ENV)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Msg::new("find-dir-missing"),
            Err(e) => Msg::new("find-dir-unreadable").arg("error", crate::i18n::io_error(&e)),
        };
        return Err(FindError::Dir { dir: dir.display().to_string(), from: from.describe(), problem });
    }
    Ok(found)
}

/// Finds a profile: a value ending in `.toml` or containing a path separator is a file;
/// anything else is a name looked up in [`search_dirs`], then among the built-in profiles.
/// A `NAME.toml` that exists in a folder but cannot be read (a folder, a broken link, no
/// permission) is an error, never a reason to use the next folder or the built-in copy.
pub fn find(spec: &str, mappings: Option<&Path>) -> Result<Source, FindError> {
    if spec.ends_with(".toml") || spec.contains('/') || spec.contains(std::path::MAIN_SEPARATOR) {
        let path = PathBuf::from(spec);
        return read_file(&path).map(|s| s.with_mappings(mappings));
    }
    let dirs = existing_dirs(mappings)?;
    for (dir, _) in &dirs {
        let path = dir.join(format!("{spec}.toml"));
        match std::fs::symlink_metadata(&path) {
            Ok(_) => return read_file(&path).map(|s| s.with_mappings(mappings)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(FindError::Read { path: path.display().to_string(), source }),
        }
    }
    if let Some((name, text)) = BUILTIN.iter().find(|(n, _)| *n == spec) {
        return Ok(Source::new(name.to_string(), Origin::Builtin, text.to_string()).with_mappings(mappings));
    }
    let known: Vec<String> = list(mappings).unwrap_or_default().into_iter().map(|l| l.name).collect();
    Err(FindError::NotFound {
        name: spec.to_string(),
        looked: Msg::join(
            ", ",
            dirs.iter().map(|(d, _)| Msg::text(d.display())).chain([Msg::new("find-builtin-profiles")]),
        ),
        hint: diag::suggestion(spec, known.iter().map(String::as_str)),
    })
}

/// Reads a profile file ([`read::read_profile_file`]: a bounded regular file), saying plainly
/// what is wrong when it is not one.
fn read_file(path: &Path) -> Result<Source, FindError> {
    let text = read::read_profile_file(path)?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Source::new(name, Origin::File(path.to_path_buf()), text))
}

/// One profile visible by name: its source, or why its file cannot be read.
#[derive(Debug)]
pub struct Listed {
    pub name: String,
    pub origin: Origin,
    pub source: Result<Source, FindError>,
}

/// Every profile visible from here, first occurrence of a name wins (the lookup order of
/// [`find`]). A file that cannot be read is listed with its error, so nothing hides (and it
/// hides a built-in profile of the same name, as it does for [`find`]). A folder that cannot
/// be searched is an error, as for [`find`].
pub fn list(mappings: Option<&Path>) -> Result<Vec<Listed>, FindError> {
    let mut found: Vec<Listed> = Vec::new();
    for (dir, from) in existing_dirs(mappings)? {
        let read_err = |e: std::io::Error| FindError::Dir {
            dir: dir.display().to_string(),
            from: from.describe(),
            problem: Msg::new("find-dir-unreadable").arg("error", crate::i18n::io_error(&e)),
        };
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(read_err)? {
            let path = entry.map_err(read_err)?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                paths.push(path);
            }
        }
        paths.sort();
        for path in paths {
            let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if !found.iter().any(|f| f.name == name) {
                let source = read_file(&path).map(|s| s.with_mappings(mappings));
                found.push(Listed { name, origin: Origin::File(path.clone()), source });
            }
        }
    }
    for (name, text) in BUILTIN {
        if !found.iter().any(|f| f.name == *name) {
            let source = Source::new(name.to_string(), Origin::Builtin, text.to_string());
            found.push(Listed { name: name.to_string(), origin: Origin::Builtin, source: Ok(source) });
        }
    }
    Ok(found)
}

/// How messages name a profile file: its path, or `<built-in>/NAME.toml`.
fn display_path(origin: &Origin, name: &str) -> String {
    match origin {
        Origin::File(p) => p.display().to_string(),
        Origin::Builtin => format!("<built-in>/{name}.toml"),
    }
}

/// A TOML or serde error located in the file of `layer` (its span is in merged offsets).
fn toml_diag(layer: &chain::Layer, e: &toml::de::Error) -> Diagnostic {
    let message = improve_toml_message(e.message());
    // TOML reports a string closed by a full-width quote where it gives up, often a line or
    // more later: point at the quote instead.
    let local = e.span().map(|s| s.start.saturating_sub(layer.base));
    if let Some(quote) = local.and_then(|start| quotes::misplaced(&layer.text, start)) {
        let c = &layer.text[quote.clone()];
        let message = Msg::new("diag-full-width-quote").arg("quote", c).arg("toml", message);
        return Diagnostic::at(&layer.display, &layer.text, Some(quote), message);
    }
    layer.diag(e.span(), message)
}

impl Source {
    pub fn new(name: String, origin: Origin, text: String) -> Source {
        Source { name, origin, text, mappings: None, overrides: Vec::new(), tests: false, layers: Default::default() }
    }

    /// This source, finding the parents it `extends` in `mappings` first.
    pub fn with_mappings(mut self, mappings: Option<&Path>) -> Source {
        self.mappings = mappings.map(Path::to_path_buf);
        self
    }

    /// This source with the tests files of its chain ([`layout`]), as validation reads it.
    pub fn with_tests(mut self) -> Source {
        self.tests = true;
        self.layers = Default::default();
        self
    }

    /// Whether this is a profile to run: `runnable = false` in its own text marks a base that
    /// other profiles extend.
    pub fn is_runnable(&self) -> bool {
        layout::is_runnable(&self.text)
    }

    /// This source with `run --set NAME=VALUE` overrides.
    pub fn with_overrides(mut self, overrides: Vec<(String, String)>) -> Source {
        self.overrides = overrides;
        self
    }

    /// The name used in messages: the file path, or `<builtin>/NAME.toml`.
    pub fn display_path(&self) -> String {
        display_path(&self.origin, &self.name)
    }

    /// The files of the `extends` chain, child first (known after a [`Source::parse`]).
    pub fn layers(&self) -> Option<&[chain::Layer]> {
        self.layers.get().map(Vec::as_slice)
    }

    /// The file a span of the merged profile was written in.
    pub fn layer_of(&self, offset: usize) -> Option<&chain::Layer> {
        self.layers()?.iter().find(|l| l.holds(offset))
    }

    /// Whether this profile's own text says `extends` (a child profile).
    pub fn is_child(&self) -> bool {
        toml::de::DeTable::parse(&self.text).is_ok_and(|t| t.get_ref().contains_key("extends"))
    }

    /// Parses the chain of files (`extends`), merges it, puts in the parameters' values and
    /// reads the result into the schema; a syntax error or unknown key comes back located in
    /// the file where it is.
    pub fn parse(&self) -> Result<ProfileDoc, Diagnostic> {
        let layers = self.chain()?;
        merge::with_merged(self, &layers, |mut tree, overrides| {
            let values = params::apply(&mut tree, overrides, 0..self.text.len()).map_err(|(s, m)| self.diag(s, m))?;
            // The whole profile spans the child's text: a missing top-level key is reported
            // at its first line, as for a single file.
            let whole = toml::Spanned::new(0..self.text.len(), tree);
            let mut doc = <ProfileDoc as serde::Deserialize>::deserialize(toml::de::Deserializer::from(whole))
                .map_err(|e| self.toml_diag(&e))?;
            doc.param_values = values;
            Ok(doc)
        })
    }

    /// The merged profile as TOML text (`validate-profile --effective`): parameters stay
    /// declared with their defaults, `extends` is gone, everything else is as merged; its
    /// header comment in `lang`.
    pub fn effective(&self, lang: crate::i18n::Lang) -> Result<String, Diagnostic> {
        let layers = self.chain()?;
        merge::with_merged(self, &layers, |tree, _| Ok(effective::to_toml(&tree, 0..self.text.len(), lang)))
    }

    /// The chain of files, resolved once and kept as the source map.
    fn chain(&self) -> Result<Vec<chain::Layer>, Diagnostic> {
        if let Some(l) = self.layers.get() {
            return Ok(l.clone());
        }
        let layers = chain::resolve(self)?;
        let _ = self.layers.set(layers.clone());
        Ok(layers)
    }

    fn toml_diag(&self, e: &toml::de::Error) -> Diagnostic {
        match e.span().and_then(|s| self.layer_of(s.start)) {
            Some(layer) => toml_diag(layer, e),
            None => Diagnostic::at(&self.display_path(), &self.text, None, improve_toml_message(e.message())),
        }
    }

    /// A located diagnostic for a span of the merged profile: in the file it was written in.
    pub fn diag(&self, span: Option<std::ops::Range<usize>>, message: impl Into<Msg>) -> Diagnostic {
        match span.as_ref().filter(|s| **s != (0..0)).and_then(|s| self.layer_of(s.start)) {
            Some(layer) => layer.diag(span, message),
            None => Diagnostic::at(&self.display_path(), &self.text, span, message),
        }
    }

    /// The text a span of the merged profile covers, in whichever file it is.
    pub fn slice(&self, span: std::ops::Range<usize>) -> Option<&str> {
        match self.layer_of(span.start) {
            Some(l) => l.text.get(span.start - l.base..span.end.checked_sub(l.base)?),
            None => self.text.get(span),
        }
    }
}

/// serde's two common messages in the catalog's words: "missing field `x`", and "unknown
/// field `x`, expected one of `a`, `b`" with a "did you mean". Any other message of the TOML
/// parser (a syntax error) is its own English, introduced by the catalog.
fn improve_toml_message(msg: &str) -> Msg {
    let msg = msg.trim_end();
    let toml = || Msg::new("diag-toml").arg("message", msg);
    if let Some(rest) = msg.strip_prefix("missing field `") {
        return match rest.strip_suffix('`') {
            Some(field) if !field.contains('`') => Msg::new("diag-missing-field").arg("field", field),
            _ => toml(),
        };
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => invalid_type(found, expected),
            None => toml(),
        };
    }
    let Some(rest) = msg.strip_prefix("unknown field `") else {
        return toml();
    };
    let Some((wanted, expected)) = rest.split_once('`') else {
        return toml();
    };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    if candidates.is_empty() {
        return toml();
    }
    let hint = diag::suggestion(wanted, candidates.iter().copied());
    let names = candidates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
    Msg::new("diag-unknown-field").arg("field", wanted).arg("names", names).arg("hint", hint)
}

/// serde's "invalid type: string \"x\", expected i32" in the user's words: the kind of value
/// written (with the value) and the kind the key takes.
fn invalid_type(found: &str, expected: &str) -> Msg {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let found_word = match kind {
        "string" => Some("type-string"),
        "integer" => Some("type-integer"),
        "boolean" => Some("type-boolean"),
        "floating" => Some("type-number"),
        "sequence" => Some("type-list"),
        "map" => Some("type-table"),
        _ => None,
    };
    let expected = expected.trim();
    let integer = |e: &str| {
        e.strip_prefix(['i', 'u'])
            .is_some_and(|n| n == "size" || (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
    };
    let expected_word = match expected {
        e if integer(e) => Some("type-integer"),
        "a string" | "a borrowed string" | "string" => Some("type-string"),
        "a boolean" => Some("type-boolean"),
        "f32" | "f64" => Some("type-number"),
        "a sequence" => Some("type-list"),
        e if e.starts_with("struct ") || e.starts_with("a map") || e == "map" => Some("type-table"),
        _ => None,
    };
    let found = match (found_word, value.trim_start_matches("point ")) {
        (Some(w), "") => Msg::new(w),
        (Some(w), v) => Msg::new(w).then(" ", Msg::text(v)),
        (None, _) => Msg::text(found),
    };
    let expected = expected_word.map_or_else(|| Msg::text(expected), Msg::new);
    Msg::new("diag-invalid-type").arg("found", found).arg("expected", expected)
}
