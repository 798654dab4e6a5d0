//! Copies of the shipped profiles changed by hand (every 1001 made 1009, 処理済 made 処理中) fail
//! their own tests through the binary; unchanged copies pass.

use std::path::Path;

use super::PROFILES;

/// The shipped files (profiles, base, tests files) copied into a temporary `mappings` folder,
/// each changed by `change(file name, text)`.
fn copy_of_mappings(change: impl Fn(&str, String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tests")).unwrap();
    for sub in ["", "tests"] {
        for entry in std::fs::read_dir(crate::common::mappings_dir().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let file = path.file_name().unwrap().to_str().unwrap().to_string();
                let text = change(&format!("{sub}/{file}"), std::fs::read_to_string(&path).unwrap());
                std::fs::write(dir.path().join(sub).join(&file), text).unwrap();
            }
        }
    }
    dir
}

/// Runs `validate-profile NAME --mappings <copy>`.
fn validate_copy_with_binary(name: &str, copy: &Path) -> (Option<i32>, String) {
    let out = crate::common::bin().args(["validate-profile", name, "--mappings"]).arg(copy).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The profile is still a valid profile (no diagnostics), and its own tests fail.
fn assert_caught_by_binary(name: &str, what: &str, copy: &Path) {
    let (code, stdout) = validate_copy_with_binary(name, copy);
    assert_eq!(code, Some(2), "{name}: {what}: validate-profile should exit 2\n{stdout}");
    assert!(stdout.contains("FAILED"), "{name}: {what}: no test FAILED\n{stdout}");
    assert!(
        stdout.contains(": INVALID: ") && stdout.contains(" problem(s) (0 in the profile, "),
        "{name}: {what}: the copy should still be a valid profile, caught by its tests only\n{stdout}"
    );
}

#[test]
fn unmutated_copies_pass_through_the_binary() {
    let copy = copy_of_mappings(|_, text| text);
    for name in PROFILES {
        let (code, stdout) = validate_copy_with_binary(name, copy.path());
        assert_eq!(code, Some(0), "{name}:\n{stdout}");
        assert!(!stdout.contains("FAILED"), "{name}:\n{stdout}");
        assert!(stdout.contains(&format!("{}/{name}.toml: valid", copy.path().display())), "{stdout}");
        assert!(!stdout.contains(" 0 test(s) run"), "the tests file is found beside the copy:\n{stdout}");
    }
}

#[test]
fn legacy_with_every_1001_replaced_by_1009_fails_its_own_tests() {
    let copy = copy_of_mappings(
        |file, text| {
            if file.starts_with("tests/") { text } else { text.replace("\"1001\"", "\"1009\"") }
        },
    );
    let original = std::fs::read_to_string(crate::common::mappings_dir().join("goq-rakuten-legacy.toml")).unwrap();
    assert!(original.contains("\"1001\""), "the profile mentions \"1001\"");
    assert_caught_by_binary("goq-rakuten-legacy", "\"1001\" → \"1009\"", copy.path());
}

/// The status table is written once, in goq-base: a wrong translation there fails the tests of
/// each of the three GoQ profiles.
#[test]
fn status_table_with_処理済_translated_to_処理中_fails_its_own_tests() {
    let needle = "{ to = \"処理済\",";
    let base = std::fs::read_to_string(crate::common::mappings_dir().join("goq-base.toml")).unwrap();
    assert_eq!(base.matches(needle).count(), 1, "one status-table entry translates to 処理済");
    let copy =
        copy_of_mappings(
            |file, text| {
                if file == "/goq-base.toml" { text.replace(needle, "{ to = \"処理中\",") } else { text }
            },
        );
    for name in ["goq-rakuten-legacy", "goq-rakuten-pay", "goq-yahoo"] {
        assert!(
            !std::fs::read_to_string(crate::common::mappings_dir().join(format!("{name}.toml")))
                .unwrap()
                .contains(needle)
        );
        assert_caught_by_binary(name, "status table to = 処理済 → 処理中", copy.path());
    }
}
