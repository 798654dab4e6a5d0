//! The shipped profiles validate, pass the tests written inside them, and are the same text as
//! the copies compiled into the binary.

use std::fs;
use std::path::Path;

use orderbridge::profile::{self, Origin, Source};

fn shipped() -> Vec<Source> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings");
    let mut out: Vec<Source> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| profile::find(p.to_str().unwrap(), None).unwrap())
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[test]
fn four_profiles_ship_and_each_is_built_in() {
    let names: Vec<String> = shipped().into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["goq-rakuten-legacy", "goq-rakuten-pay", "goq-yahoo", "rakuten-legacy-check"]);
    for s in shipped() {
        let builtin = profile::BUILTIN.iter().find(|(n, _)| *n == s.name).expect("compiled in");
        assert_eq!(builtin.1, s.text, "{}: the built-in copy matches mappings/", s.name);
    }
}

#[test]
fn every_shipped_profile_validates_and_passes_its_own_tests() {
    for s in shipped() {
        assert!(matches!(s.origin, Origin::File(_)));
        let v = orderbridge::verify::validate(&s);
        assert!(v.diagnostics.is_empty(), "{}:\n{}", s.name, v.render(&s.display_path()));
        assert!(!v.tests.is_empty(), "{} carries tests", s.name);
        let failed: Vec<_> = v.tests.iter().filter(|t| t.failure.is_some()).collect();
        assert!(failed.is_empty(), "{}:\n{}", s.name, v.render(&s.display_path()));
    }
}
