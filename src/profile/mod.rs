//! Mapping profiles: the TOML schema, finding a profile by name or path, and parsing it with
//! located errors. Compiling a profile into something that runs is [`crate::engine`]'s job.

pub mod diag;
pub mod schema;

use std::path::{Path, PathBuf};

pub use diag::Diagnostic;
pub use schema::ProfileDoc;

/// The shipped profiles, compiled into the binary so an installed tool works anywhere.
pub const BUILTIN: &[(&str, &str)] = &[
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

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Builtin => f.write_str("(built in)"),
        }
    }
}

/// A profile's source text, its name and where it was found; parsed lazily by [`Source::parse`].
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub origin: Origin,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("profile `{name}` not found (looked in {looked}){hint}")]
    NotFound { name: String, looked: String, hint: String },
    #[error("{path}: {source}")]
    Read { path: String, source: std::io::Error },
}

/// Directories searched for profiles by name, in order: `--mappings`, `$ORDERBRIDGE_MAPPINGS`,
/// `./mappings`.
pub fn search_dirs(mappings: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = mappings {
        dirs.push(d.to_path_buf());
    }
    if let Some(d) = std::env::var_os(MAPPINGS_ENV).filter(|d| !d.is_empty()) {
        dirs.push(PathBuf::from(d));
    }
    dirs.push(PathBuf::from("mappings"));
    dirs
}

/// Finds a profile: a value ending in `.toml` or containing a path separator is a file;
/// anything else is a name looked up in [`search_dirs`], then among the built-in profiles.
pub fn find(spec: &str, mappings: Option<&Path>) -> Result<Source, FindError> {
    if spec.ends_with(".toml") || spec.contains('/') || spec.contains(std::path::MAIN_SEPARATOR) {
        let path = PathBuf::from(spec);
        return read_file(&path);
    }
    let dirs = search_dirs(mappings);
    for dir in &dirs {
        let path = dir.join(format!("{spec}.toml"));
        if path.is_file() {
            return read_file(&path);
        }
    }
    if let Some((name, text)) = BUILTIN.iter().find(|(n, _)| *n == spec) {
        return Ok(Source { name: name.to_string(), origin: Origin::Builtin, text: text.to_string() });
    }
    let known: Vec<String> = list(mappings).into_iter().map(|s| s.name).collect();
    Err(FindError::NotFound {
        name: spec.to_string(),
        looked: dirs
            .iter()
            .map(|d| d.display().to_string())
            .chain(["built-in profiles".into()])
            .collect::<Vec<_>>()
            .join(", "),
        hint: diag::suggestion(spec, known.iter().map(String::as_str)),
    })
}

fn read_file(path: &Path) -> Result<Source, FindError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| FindError::Read { path: path.display().to_string(), source })?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Source { name, origin: Origin::File(path.to_path_buf()), text })
}

/// Every profile visible from here, first occurrence of a name wins (the lookup order of
/// [`find`]); unreadable files are listed with their error as text so nothing hides.
pub fn list(mappings: Option<&Path>) -> Vec<Source> {
    let mut found: Vec<Source> = Vec::new();
    for dir in search_dirs(mappings) {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(src) = read_file(&path)
                && !found.iter().any(|f| f.name == src.name)
            {
                found.push(src);
            }
        }
    }
    for (name, text) in BUILTIN {
        if !found.iter().any(|f| f.name == *name) {
            found.push(Source { name: name.to_string(), origin: Origin::Builtin, text: text.to_string() });
        }
    }
    found
}

impl Source {
    /// The name used in messages: the file path, or `<builtin>/NAME.toml`.
    pub fn display_path(&self) -> String {
        match &self.origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Builtin => format!("<built-in>/{}.toml", self.name),
        }
    }

    /// Parses the TOML into the schema; a syntax error or unknown key comes back located.
    pub fn parse(&self) -> Result<ProfileDoc, Diagnostic> {
        toml::from_str::<ProfileDoc>(&self.text).map_err(|e| {
            let message = improve_toml_message(e.message());
            Diagnostic::at(&self.display_path(), &self.text, e.span(), message)
        })
    }

    /// A located diagnostic for a span of this profile's text.
    pub fn diag(&self, span: Option<std::ops::Range<usize>>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.display_path(), &self.text, span, message)
    }
}

/// serde's "unknown field `x`, expected one of `a`, `b`" gains a "did you mean".
fn improve_toml_message(msg: &str) -> String {
    let msg = msg.trim_end();
    let Some(rest) = msg.strip_prefix("unknown field `") else {
        return msg.to_string();
    };
    let Some((wanted, expected)) = rest.split_once('`') else {
        return msg.to_string();
    };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match diag::did_you_mean(wanted, candidates) {
        Some(c) => format!("{msg} (did you mean `{c}`?)"),
        None => msg.to_string(),
    }
}
