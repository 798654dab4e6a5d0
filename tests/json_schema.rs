//! The JSON Schema of the profile format (`orderbridge schema`, `mappings/profile.schema.json`):
//! the checked-in file is what the loader's types generate, every shipped profile names it on
//! its first line and validates against it, and it rejects what the loader rejects.
//!
//! `UPDATE_SCHEMA=1 cargo test --test tests json_schema::` rewrites the checked-in file from
//! the types (after a change to `src/profile/schema/`); review the diff and commit it.

use std::path::Path;

use orderbridge::profile::{SCHEMA_DIRECTIVE, SCHEMA_FILE, json_schema, json_schema_text};
use serde_json::Value;

use crate::common::bin;

/// The `.toml` files in `dir`: (file name, text), sorted by name.
fn toml_files(dir: &Path) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    found.sort();
    found
}

/// Every shipped profile: (file name, text).
fn shipped() -> Vec<(String, String)> {
    let found = toml_files(&crate::common::mappings_dir());
    assert!(found.len() >= 4, "the shipped profiles are found: {found:?}");
    found
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&json_schema()).expect("the generated schema is a valid draft-7 schema")
}

/// The schema's complaints about a profile's text, one line each.
fn schema_errors(text: &str) -> Vec<String> {
    let instance: Value = toml::from_str(text).expect("the profile is TOML");
    validator().iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn checked_in_schema_is_the_generated_one() {
    let path = crate::common::mappings_dir().join(SCHEMA_FILE);
    let generated = json_schema_text();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap();
    assert!(
        checked_in == generated,
        "{} differs from the schema the loader's types generate: run \
         `UPDATE_SCHEMA=1 cargo test --test tests json_schema::` and commit the file",
        path.display()
    );
}

#[test]
fn schema_command_prints_the_checked_in_schema() {
    let out = bin().arg("schema").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let checked_in = std::fs::read(crate::common::mappings_dir().join(SCHEMA_FILE)).unwrap();
    assert!(out.stdout == checked_in, "`orderbridge schema` prints mappings/{SCHEMA_FILE}");
}

#[test]
fn schema_carries_the_doc_comments_and_denies_unknown_keys() {
    let schema = json_schema();
    assert_eq!(schema["additionalProperties"], Value::Bool(false));
    let description = schema["properties"]["description"]["description"].as_str().unwrap();
    assert!(description.starts_with("One line shown by `list-profiles`"), "{description}");
    let entries = &schema["definitions"]["LookupDoc"]["properties"]["entries"]["description"];
    assert!(entries.as_str().unwrap().starts_with("Entries tried in order."), "{entries}");
    assert!(!json_schema_text().contains("null"), "TOML has no null; the schema offers none");
}

#[test]
fn every_shipped_profile_names_the_schema_on_its_first_line() {
    for (name, text) in shipped() {
        assert_eq!(text.lines().next(), Some(SCHEMA_DIRECTIVE), "{name}'s first line");
        assert!(crate::common::mappings_dir().join(SCHEMA_FILE).is_file(), "{name}'s directive resolves beside it");
    }
}

#[test]
fn every_shipped_profile_validates_against_the_schema() {
    for (name, text) in shipped() {
        let errors = schema_errors(&text);
        assert!(errors.is_empty(), "{name}:\n  {}", errors.join("\n  "));
    }
}

/// The child profiles of the `extends` tests: a child omits what its parent gives.
fn children() -> Vec<(String, String)> {
    let found = toml_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/children"));
    assert!(!found.is_empty(), "the child fixtures are found");
    found
}

#[test]
fn child_profiles_validate_against_the_schema() {
    for (name, text) in children() {
        assert!(text.contains("extends = "), "{name} is a child");
        let errors = schema_errors(&text);
        assert!(errors.is_empty(), "{name}:\n  {}", errors.join("\n  "));
    }
    let placed = "extends = \"goq-yahoo\"\n[[rules]]\nname = \"stale\"\nremove = true\n\
                  [[rules]]\nname = \"x\"\nbefore = \"stale\"\naction = \"exclude\"\nwhen = { value = \"a\", empty = true }\n";
    assert_eq!(schema_errors(placed), Vec::<String>::new(), "remove and before on named items");
}

#[test]
fn a_child_is_still_checked_for_typos_and_a_whole_profile_for_required_keys() {
    let typo = "extends = \"goq-yahoo\"\n[lookups.store_folder]\nentrys = []\n";
    let errors = schema_errors(typo);
    assert!(errors.iter().any(|e| e.contains("entrys")), "{errors:?}");
    let unnamed = "extends = \"goq-yahoo\"\n[[rules]]\nremove = true\n";
    let errors = schema_errors(unnamed);
    assert!(errors.iter().any(|e| e.contains("name")), "a child's rule is still named: {errors:?}");
    // rakuten-legacy-check extends nothing: it is a whole profile.
    let (_, text) = shipped().into_iter().find(|(n, _)| n == "rakuten-legacy-check.toml").unwrap();
    let without = text.replacen("description = ", "# description = ", 1);
    let errors = schema_errors(&without);
    assert!(errors.iter().any(|e| e.contains("description")), "{errors:?}");
    let removing = format!("{text}\n[[skip_tests]]\nname = \"x\"\nreason = \"y\"\nremove = true\n");
    assert!(!schema_errors(&removing).is_empty(), "remove is a child's word only");
}

/// A base (`runnable = false`) lacks what its children give, as a child lacks what its parent
/// gives; a profile that says `runnable = true` is whole.
#[test]
fn a_base_is_a_layer_for_the_schema() {
    let base = "runnable = false\ndescription = \"x\"\n[input.fields]\na = { headers = [\"A\"] }\n";
    assert_eq!(schema_errors(base), Vec::<String>::new());
    let errors = schema_errors(&base.replace("runnable = false", "runnable = true"));
    assert!(errors.iter().any(|e| e.contains("output")), "{errors:?}");
}

#[test]
fn a_parameter_reference_is_accepted_where_a_value_is_taken() {
    let child = "extends = \"goq-yahoo\"\n[lookups.store_folder]\non_empty = { param = \"folder\" }\n\
                 entries = [{ from = [\"a\"], to = { param = \"folder\" } }]\n";
    assert_eq!(schema_errors(child), Vec::<String>::new());
    let wrong = "extends = \"goq-yahoo\"\n[lookups.store_folder]\non_empty = { parameter = \"folder\" }\n";
    assert!(!schema_errors(wrong).is_empty(), "a misspelt reference is not a reference");
}

#[test]
fn a_misspelt_key_is_rejected_by_the_schema_as_by_the_loader() {
    let (_, text) = shipped().into_iter().find(|(n, _)| n == "goq-yahoo.toml").unwrap();
    // `on_missing` → `on_mising` in the first lookup that has one; `ignore_case` added as
    // `ignorecase` at the top level.
    assert!(text.contains("on_missing"), "the profile has a lookup with on_missing");
    for typo in [text.replacen("on_missing", "on_mising", 1), format!("{text}\nignorecase = true\n")] {
        let errors = schema_errors(&typo);
        assert!(!errors.is_empty(), "the schema rejects the typo");
        assert!(errors.iter().any(|e| e.contains("on_mising") || e.contains("ignorecase")), "{errors:?}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("typo.toml");
        std::fs::write(&path, &typo).unwrap();
        let out = bin().arg("validate-profile").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "the loader rejects it too");
    }
}

#[test]
fn a_value_of_the_wrong_type_is_rejected_by_the_schema() {
    let (_, text) = shipped().into_iter().find(|(n, _)| n == "goq-base.toml").unwrap();
    assert!(text.contains("time_zone = \"Asia/Tokyo\""), "the GoQ profiles' base sets their time zone");
    let errors = schema_errors(&text.replacen("time_zone = \"Asia/Tokyo\"", "time_zone = 9", 1));
    assert!(errors.iter().any(|e| e.ends_with(" at /time_zone") && e.starts_with("9 is not valid")), "{errors:?}");
}
