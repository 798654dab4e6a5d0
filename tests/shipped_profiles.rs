//! The shipped profiles validate, pass their own tests (in `mappings/tests/`), and are the same
//! text as the copies compiled into the binary, their tests files and `goq-base` included.

use std::fs;

use orderbridge::profile::{self, Origin, ProfileText};

fn shipped() -> Vec<ProfileText> {
    let mut out: Vec<ProfileText> = fs::read_dir(crate::common::mappings_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| profile::find(p.to_str().unwrap(), None).unwrap())
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[test]
fn four_profiles_and_their_base_ship_and_each_is_built_in_with_its_tests() {
    let names: Vec<String> = shipped().into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["goq-base", "goq-rakuten-legacy", "goq-rakuten-pay", "goq-yahoo", "rakuten-legacy-check"]);
    for s in shipped() {
        let builtin = profile::BUILTIN.iter().find(|(n, _)| *n == s.name).expect("compiled in");
        assert_eq!(builtin.1, s.text, "{}: the built-in copy matches mappings/", s.name);
    }
    let tests: Vec<&str> = profile::BUILTIN_TESTS.iter().map(|(n, _)| *n).collect();
    assert_eq!(tests, &names[1..], "every profile to run has its tests file built in");
    for (name, text) in profile::BUILTIN_TESTS {
        let file =
            fs::read_to_string(crate::common::mappings_dir().join("tests").join(format!("{name}.toml"))).unwrap();
        assert_eq!(*text, file, "{name}: the built-in tests match mappings/tests/");
    }
}

#[test]
fn every_shipped_profile_validates_and_passes_its_own_tests() {
    for s in shipped() {
        assert!(matches!(s.origin, Origin::File(_)));
        let v = orderbridge::validate::validate(&s);
        assert!(v.diagnostics.is_empty(), "{}:\n{}", s.name, v.render(&s.display_path(), orderbridge::i18n::Lang::En));
        assert!(v.is_ok(), "{}:\n{}", s.name, v.render(&s.display_path(), orderbridge::i18n::Lang::En));
        if s.name == "goq-base" {
            assert!(v.base && v.tests.is_empty(), "the base is checked, not run");
            continue;
        }
        assert!(!v.tests.is_empty(), "{} carries tests", s.name);
        assert!(v.inherited.is_empty(), "{}: its tests file holds its own tests: {:?}", s.name, v.inherited);
        let failed: Vec<_> = v.tests.iter().filter(|t| t.failure.is_some()).collect();
        assert!(failed.is_empty(), "{}:\n{}", s.name, v.render(&s.display_path(), orderbridge::i18n::Lang::En));
    }
}

/// A run reads no tests file: the profile as a run parses it has no tests, and a tests file
/// that does not even parse does not stop a run.
#[test]
fn a_run_does_not_read_the_tests() {
    for s in shipped().into_iter().filter(|s| s.is_runnable()) {
        assert!(s.parse().unwrap().tests.is_empty(), "{}", s.name);
        assert!(!s.clone().with_tests().parse().unwrap().tests.is_empty(), "{}", s.name);
    }
}

/// Moving the input side into goq-base changed no profile's history: each files it under its
/// own name, as before.
#[test]
fn each_profile_keeps_its_ledger_scope() {
    for s in shipped().into_iter().filter(|s| s.is_runnable()) {
        let doc = s.parse().unwrap();
        assert_eq!(doc.ledger.unwrap().scope.as_deref(), Some(s.name.as_str()));
    }
}
