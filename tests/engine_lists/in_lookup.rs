//! The `in_lookup` condition: true when the lookup maps the value; an unknown lookup located with a
//! suggestion.

use super::{failures, validate_text};

// ---------------------------------------------------------------------------------------------
// in_lookup
// ---------------------------------------------------------------------------------------------

/// A small profile whose rules and checks test values with `in_lookup`, and tests that pin
/// down what "in the lookup" means: an exact entry (case matters), a classifier pattern
/// (with its `ignore_case`), `on_empty`, and a column check's default value.
const IN_LOOKUP_PROFILE: &str = r#"
description = "in_lookup"
[input]
encoding = "utf-8"
[input.fields]
method = { headers = ["method"] }
code = { headers = ["code"] }
[lookups.carrier]
ignore_case = true
on_empty = "none"
entries = [{ pattern = "ヤマト|yamato", to = "1001" }]
on_missing = { value = "1000" }
[lookups.codes]
entries = [{ to = "x", from = ["A", "B"] }]
on_missing = { value = "?" }
[[rules]]
name = "unknown_method"
action = "exclude"
when = { not = { value = "method", in_lookup = "carrier" } }
[output]
path = "out.csv"
encoding = "utf-8"
[[output.columns]]
name = "method"
value = "method"
[[output.columns]]
name = "code"
value = "code"
checks = [{ rule = "unknown_code", require = { in_lookup = "codes" }, message = "no code {code}" }]
[test_defaults]
as_of = "2024-10-18"
row = { "method" = "ヤマト運輸", "code" = "A" }
[[tests]]
name = "a pattern match and an exact entry are in their lookups"
output = { "method" = "ヤマト運輸", "code" = "A" }
[[tests]]
name = "a classifier's ignore_case applies"
row = { "method" = "YAMATO" }
output = { "method" = "YAMATO" }
[[tests]]
name = "an empty value is in a lookup with on_empty"
row = { "method" = "" }
output = { "method" = "" }
[[tests]]
name = "a value no pattern matches is not in the lookup, whatever on_missing would give"
row = { "method" = "佐川急便" }
excluded = "unknown_method"
[[tests]]
name = "an exact lookup is exact"
row = { "code" = "a" }
rejected = "unknown_code"
[[tests]]
name = "an empty value is not in a lookup without on_empty"
row = { "code" = "" }
rejected = "unknown_code"
"#;

#[test]
fn in_lookup_means_the_lookup_maps_the_value() {
    let v = validate_text("in-lookup", IN_LOOKUP_PROFILE);
    assert_eq!(failures(&v), Vec::<String>::new());
    assert_eq!(v.tests.len(), 6);
}

#[test]
fn an_unknown_lookup_in_in_lookup_is_located_with_a_suggestion() {
    let text = IN_LOOKUP_PROFILE.replacen(r#"in_lookup = "carrier""#, r#"in_lookup = "carriers""#, 1);
    let v = validate_text("in-lookup", &text);
    let line = text[..text.find("\"carriers\"").unwrap()].matches('\n').count() + 1;
    let diags: Vec<String> = v.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].starts_with(&format!("in-lookup.toml:{line}:")), "located: {}", diags[0]);
    assert!(diags[0].contains("unknown lookup `carriers` (did you mean `carrier`?)"), "{}", diags[0]);
}
