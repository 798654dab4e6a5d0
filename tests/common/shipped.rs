//! Editable copies of a shipped profile's files: the profile, its tests file and the base it
//! extends, so a test can change one value wherever it is written and validate or run the copy.

use std::fs;
use std::path::{Path, PathBuf};

pub fn mappings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings")
}

/// The shipped profile's own text.
pub fn shipped_profile_text(name: &str) -> String {
    fs::read_to_string(mappings_dir().join(format!("{name}.toml"))).unwrap()
}

/// A copy of a shipped profile as `<dir>/edited.toml`, with its tests as
/// `<dir>/tests/edited.toml` and the base it extends as `<dir>/goq-base.toml` (extended by
/// path, so the copy never reaches the shipped base).
pub struct ShippedCopy {
    pub dir: tempfile::TempDir,
    pub profile: PathBuf,
}

/// The files of a copy, in the order an edit is looked for.
pub const COPY_FILES: [&str; 3] = ["edited.toml", "tests/edited.toml", "goq-base.toml"];

impl ShippedCopy {
    /// Copies `name`'s files, each `(from, to)` edit applied once to the first file that holds
    /// `from` (a test fails at once when none does: the shipped text changed).
    pub fn new(name: &str, edits: &[(&str, &str)]) -> ShippedCopy {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("tests")).unwrap();
        let profile = shipped_profile_text(name).replacen("extends = \"goq-base\"", "extends = \"goq-base.toml\"", 1);
        let sources = [
            profile,
            fs::read_to_string(mappings_dir().join("tests").join(format!("{name}.toml"))).unwrap(),
            fs::read_to_string(mappings_dir().join("goq-base.toml")).unwrap(),
        ];
        let mut texts = sources.to_vec();
        for (from, to) in edits {
            let i =
                texts.iter().position(|t| t.contains(from)).unwrap_or_else(|| panic!("{name}: no file holds {from:?}"));
            texts[i] = texts[i].replacen(from, to, 1);
        }
        for (file, text) in COPY_FILES.iter().zip(&texts) {
            fs::write(dir.path().join(file), text).unwrap();
        }
        let profile = dir.path().join("edited.toml");
        ShippedCopy { dir, profile }
    }

    /// The copy's file holding `needle`, and the 1-based line it is on.
    pub fn locate(&self, needle: &str) -> (&'static str, usize) {
        for file in COPY_FILES {
            let text = fs::read_to_string(self.dir.path().join(file)).unwrap();
            if let Some(at) = text.find(needle) {
                return (file, text[..at].matches('\n').count() + 1);
            }
        }
        panic!("no file of the copy holds {needle:?}")
    }

    /// The text of one of [`COPY_FILES`].
    pub fn text(&self, file: &str) -> String {
        fs::read_to_string(self.dir.path().join(file)).unwrap()
    }
}
