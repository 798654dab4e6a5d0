//! Where a profile's tests live, and which profiles are bases rather than profiles to run.
//!
//! Tests: a run never needs a profile's `[[tests]]`, so a profile may keep them in a sibling
//! file, `tests/<name>.toml` next to `<name>.toml` (the shipped profiles do, and the binary
//! carries those files as it carries the profiles). When a profile is validated, that file
//! joins the `extends` chain as one more layer right after its profile: its tests are merged
//! as if written in the profile (a child inherits them, skips them by name, adds its own), and
//! a problem in it is located in it. A tests file holds only tests: anything else in it would
//! change the profile for validation alone.
//!
//! Bases: `runnable = false` marks a profile that other profiles extend (the GoQ input side
//! the three GoQ profiles share) but that is not one to run: `run` and the page refuse it,
//! `list-profiles` shows it as a base ([`super::ProfileText::is_runnable`] reads the key). The key
//! is never inherited, so its children run.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use super::Origin;
use crate::i18n::Msg;

/// The shipped profiles' tests files, compiled into the binary as the profiles are.
pub const BUILTIN_TESTS: &[(&str, &str)] = &[
    ("goq-rakuten-legacy", include_str!("../../mappings/tests/goq-rakuten-legacy.toml")),
    ("goq-rakuten-pay", include_str!("../../mappings/tests/goq-rakuten-pay.toml")),
    ("goq-yahoo", include_str!("../../mappings/tests/goq-yahoo.toml")),
    ("rakuten-legacy-check", include_str!("../../mappings/tests/rakuten-legacy-check.toml")),
];

/// The top-level keys a tests file may have.
const TESTS_KEYS: &[&str] = &["test_defaults", "tests", "skip_tests"];

/// The folder, next to a profile, that holds its tests file.
pub const TESTS_DIR: &str = "tests";

/// `dir/tests/<stem>.toml` for the profile file `dir/<stem>.toml`.
pub fn tests_path(profile: &Path) -> Option<PathBuf> {
    let stem = profile.file_stem()?;
    let dir = profile.parent().unwrap_or(Path::new(""));
    Some(dir.join(TESTS_DIR).join(stem).with_extension("toml"))
}

/// Where the tests file of the profile `name` (found at `origin`) is, if it has one: its
/// origin, the name messages give it (`tests/NAME`) and its text. A tests file that exists but
/// cannot be read is an error naming it.
pub fn tests_file(origin: &Origin, name: &str) -> Result<Option<(Origin, String, String)>, Msg> {
    match origin {
        Origin::File(p) => {
            let Some(path) = tests_path(p) else { return Ok(None) };
            if std::fs::symlink_metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
                return Ok(None);
            }
            let source = super::read::read_file(&path).map_err(|e| {
                Msg::new("profile-tests-file-unreadable").arg("path", path.display()).arg("error", e.msg())
            })?;
            Ok(Some((source.origin, format!("{TESTS_DIR}/{name}"), source.text)))
        }
        Origin::Builtin => Ok(BUILTIN_TESTS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| (Origin::Builtin, format!("{TESTS_DIR}/{n}"), text.to_string()))),
    }
}

/// The first top-level key of a tests file that is not a test's, with its span: the problem
/// names it and the profile it belongs in.
pub fn foreign_key(table: &DeTable<'_>, profile: &str) -> Option<(Range<usize>, Msg)> {
    let (key, _) = table.iter().find(|(k, _)| !TESTS_KEYS.contains(&k.get_ref().as_ref()))?;
    let m = Msg::new("profile-tests-file-key").arg("key", key.get_ref().as_ref()).arg("profile", profile);
    Some((key.span(), m))
}

/// The `description` a profile's own text gives (a base's, which cannot be compiled).
pub fn own_description(text: &str) -> Option<String> {
    let table = DeTable::parse(text).ok()?;
    table.get_ref().get("description")?.get_ref().as_str().map(str::to_string)
}
