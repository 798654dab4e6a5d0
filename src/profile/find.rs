//! Step 1 of loading a profile ([`super`]): from what the user typed — a name or a path — to
//! the file it means. A name is looked up in the search folders (`--mappings`,
//! `$ORDERBRIDGE_MAPPINGS`, `./mappings`), then among the profiles built into the binary; a
//! parent named by `extends` is found the same way ([`parent`]). The file found is read by
//! [`super::read`], step 2.

use std::path::{Path, PathBuf};

use super::error::FindError;
use super::read;
use super::text::{Origin, ProfileText};
use crate::i18n::Msg;

/// The shipped profiles, compiled into the binary so an installed tool works anywhere (their
/// tests files are in [`super::layout::BUILTIN_TESTS`]). `goq-base` is the GoQ input side the three
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
/// anything else is a name looked up in `search_dirs`, then among the built-in profiles.
/// A `NAME.toml` that exists in a folder but cannot be read (a folder, a broken link, no
/// permission) is an error, never a reason to use the next folder or the built-in copy.
pub fn find(spec: &str, mappings: Option<&Path>) -> Result<ProfileText, FindError> {
    if spec.ends_with(".toml") || spec.contains('/') || spec.contains(std::path::MAIN_SEPARATOR) {
        let path = PathBuf::from(spec);
        return read::read_file(&path).map(|s| s.with_mappings(mappings));
    }
    let dirs = existing_dirs(mappings)?;
    for (dir, _) in &dirs {
        let path = dir.join(format!("{spec}.toml"));
        match std::fs::symlink_metadata(&path) {
            Ok(_) => return read::read_file(&path).map(|s| s.with_mappings(mappings)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(FindError::Read { path: path.display().to_string(), source }),
        }
    }
    if let Some((name, text)) = BUILTIN.iter().find(|(n, _)| *n == spec) {
        return Ok(ProfileText::new(name.to_string(), Origin::Builtin, text.to_string()).with_mappings(mappings));
    }
    let known: Vec<String> = list(mappings).unwrap_or_default().into_iter().map(|l| l.name).collect();
    Err(FindError::NotFound {
        name: spec.to_string(),
        looked: Msg::join(
            ", ",
            dirs.iter().map(|(d, _)| Msg::text(d.display())).chain([Msg::new("find-builtin-profiles")]),
        ),
        hint: super::diag::suggestion(spec, known.iter().map(String::as_str)),
    })
}

/// One profile visible by name: its source, or why its file cannot be read.
#[derive(Debug)]
pub struct Listed {
    pub name: String,
    pub origin: Origin,
    pub source: Result<ProfileText, FindError>,
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
                let source = read::read_file(&path).map(|s| s.with_mappings(mappings));
                found.push(Listed { name, origin: Origin::File(path.clone()), source });
            }
        }
    }
    for (name, text) in BUILTIN {
        if !found.iter().any(|f| f.name == *name) {
            let source = ProfileText::new(name.to_string(), Origin::Builtin, text.to_string());
            found.push(Listed { name: name.to_string(), origin: Origin::Builtin, source: Ok(source) });
        }
    }
    Ok(found)
}

/// Finds the parent named by `extends` (step 3 of [`super`] comes back here for each parent):
/// a path (ending in `.toml` or with a separator) is relative to the child's folder; a name is
/// found as `run --profile NAME` finds it. A name that finds the child itself
/// (`mappings/goq-yahoo.toml` saying `extends = "goq-yahoo"`) means the built-in profile of
/// that name: the shop's file changes the shipped one.
pub fn parent(spec: &str, child: &Origin, mappings: Option<&Path>) -> Result<ProfileText, FindError> {
    let is_path = spec.ends_with(".toml") || spec.contains('/') || spec.contains(std::path::MAIN_SEPARATOR);
    if is_path {
        let rel = PathBuf::from(spec);
        let path = match child {
            Origin::File(p) if rel.is_relative() => p.parent().map_or(rel.clone(), |d| d.join(&rel)),
            _ => rel,
        };
        let mut found = find(&path.display().to_string(), mappings)?;
        found.mappings = mappings.map(Path::to_path_buf);
        return Ok(found);
    }
    let mut found = find(spec, mappings)?;
    if let (Origin::File(a), Origin::File(b)) = (child, &found.origin)
        && same_file(a, b)
        && let Some((name, text)) = BUILTIN.iter().find(|(n, _)| *n == spec)
    {
        found = ProfileText::new(name.to_string(), Origin::Builtin, text.to_string());
    }
    found.mappings = mappings.map(Path::to_path_buf);
    Ok(found)
}

/// Whether two paths name one file (compared as canonical paths where they resolve).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    canonical(a) == canonical(b)
}
