//! The library's modules depend on each other one way only (`src/lib.rs` says which way):
//! a module may name only the modules below it. Checked on the source text, so a new import
//! against the flow fails here, before it becomes a cycle.

use std::collections::BTreeSet;
use std::path::Path;

/// Each top-level module and the crate modules it may name (itself aside).
const ALLOWED: &[(&str, &[&str])] = &[
    // The leaves (src/common/): vocabularies several floors share, naming nothing above them.
    ("common/charset", &[]),
    ("common/digest", &[]),
    ("common/outpath", &["i18n"]),
    ("common/keyset", &[]),
    ("common/zone", &[]),
    ("common/values", &[]),
    ("profile", &["common/charset", "i18n"]),
    ("io", &["common/charset", "common/digest", "common/outpath", "profile", "i18n"]),
    ("engine", &["common/charset", "common/outpath", "common/keyset", "common/zone", "profile", "i18n"]),
    ("report", &["engine", "i18n"]),
    // The sync history: a store below run (which consults and records it); it words its
    // errors through the catalog and knows no plan, sink or front end.
    ("ledger", &["common/digest", "common/keyset", "common/values", "common/zone", "i18n"]),
    // The shop file: read and answered, a leaf the front ends consult.
    ("shop", &["profile", "i18n"]),
    (
        "run",
        &[
            "common/charset",
            "common/digest",
            "common/outpath",
            "common/keyset",
            "common/values",
            "profile",
            "engine",
            "io",
            "report",
            "ledger",
            "i18n",
        ],
    ),
    ("validate", &["common/charset", "profile", "engine", "io", "run", "report", "i18n"]),
    ("i18n", &[]),
    ("init", &["common/charset", "profile", "engine", "io", "run", "validate", "report", "shop", "i18n"]),
    (
        "serve",
        &["common/charset", "common/outpath", "profile", "engine", "io", "run", "report", "validate", "i18n", "ledger"],
    ),
];

/// The crate modules named (`crate::x`) in the code of `path` (a file or a folder), doc
/// comments left out.
fn named(path: &Path, out: &mut BTreeSet<String>) {
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap() {
            named(&e.unwrap().path(), out);
        }
        return;
    }
    if path.extension().is_none_or(|e| e != "rs") {
        return;
    }
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        for part in code.split("crate::").skip(1) {
            let word =
                |p: &str| -> String { p.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect() };
            // A leaf under `common/` is its own layer: `common/charset`, `common/outpath`, ….
            match part.strip_prefix("common::") {
                Some(rest) => out.insert(format!("common/{}", word(rest))),
                None => out.insert(word(part)),
            };
        }
    }
}

#[test]
fn modules_depend_on_each_other_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (module, allowed) in ALLOWED {
        let dir = src.join(module);
        let path = if dir.is_dir() { dir } else { src.join(format!("{module}.rs")) };
        assert!(path.exists(), "{} exists", path.display());
        let mut used = BTreeSet::new();
        named(&path, &mut used);
        for u in used {
            if u != *module && !allowed.contains(&u.as_str()) {
                wrong.push(format!("{module} names crate::{}", u.replace('/', "::")));
            }
        }
    }
    assert!(wrong.is_empty(), "against the one-way flow:\n  {}", wrong.join("\n  "));
}
