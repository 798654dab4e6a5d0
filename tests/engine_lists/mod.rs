//! Conditions over lists and counts. One list, one place: a shipped profile keeps each list
//! (stores, statuses, ...) once, so adding a value is one edit; the `in_lookup` condition a
//! rule uses to test a value against a lookup's own entries (instead of a copy of them). And
//! `count_of`: a limit on the rows one key may have in a run (楽天ペイ's 20 shipments per
//! destination), counted in input order across every input of the run.

mod count_of;
mod in_lookup;
mod one_list;

use std::path::{Path, PathBuf};

use orderbridge::profile::{Origin, ProfileText};
use orderbridge::validate::{Validation, validate};

const PROFILES: [&str; 4] = ["goq-rakuten-legacy", "goq-rakuten-pay", "goq-yahoo", "rakuten-legacy-check"];

/// Validates `text`; a shipped profile's as if it were the shipped file, so that its tests
/// file and its base are found.
fn validate_text(name: &str, text: &str) -> Validation {
    let path = match PROFILES.contains(&name) {
        true => Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings").join(format!("{name}.toml")),
        false => PathBuf::from(format!("{name}.toml")),
    };
    validate(&ProfileText::new(name.to_string(), Origin::File(path), text.to_string()))
}

/// `text` with `old` replaced by `new`, where `old` must occur exactly once.
fn edit_once(text: &str, old: &str, new: &str) -> String {
    assert_eq!(text.matches(old).count(), 1, "`{old}` occurs once");
    text.replacen(old, new, 1)
}

/// The names of the profile tests that failed, with why.
fn failures(v: &Validation) -> Vec<String> {
    assert!(v.diagnostics.is_empty(), "the profile compiles: {:?}", v.diagnostics);
    v.tests
        .iter()
        .filter_map(|t| t.failure.as_ref().map(|f| format!("{}: {}", t.name, f.render(orderbridge::i18n::Lang::En))))
        .collect()
}
