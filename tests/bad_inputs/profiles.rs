//! Bad profiles and arguments: a catastrophic regex, a profile that does not parse, misspelt or
//! undefined names, an unknown encoding, a missing file, `--as-of` month 13; and odd profiles that
//! must still work (no field read, a NUL in a default).

use std::fs;

use super::{ROUTED, assert_refused, good_row};
use crate::common::*;

// ------------------------------------------------------------------------------------------
// Bad profiles and arguments
// ------------------------------------------------------------------------------------------

fn with_profile(toml: &str) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    ws.write("p.toml", toml);
    let input = ws.write("orders.csv", "受注番号,行き先\nA1,x\n");
    let r = ws.run("./p.toml", AS_OF, &[input], &[]);
    (ws, r)
}

/// Line and column of the first occurrence of `needle` in `text`, 1-based.
fn line_col(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{line}:{col}")
}

#[test]
fn catastrophic_regex_is_a_clear_error() {
    let toml = ROUTED.replace(
        "value = \"order_number\"\n",
        "value = \"order_number\"\nchecks = [{ rule = \"r\", message = \"m\", require = { matches = \"(((a{100}){100}){100})\" } }]\n",
    );
    let (ws, r) = with_profile(&toml);
    let at = line_col(&toml, "\"(((a{100}");
    assert_refused(&ws, &r, &format!("p.toml:{at}"), &["regex"]);
}

#[test]
fn profile_that_does_not_parse() {
    let toml = ROUTED.replace("[output.rejects]", "[output.rejects");
    let (ws, r) = with_profile(&toml);
    let line = toml[..toml.find("[output.rejects").unwrap()].matches('\n').count() + 1;
    let at = format!("p.toml:{line}:");
    assert_refused(&ws, &r, &at, &[]);
    let after = &r.stderr[r.stderr.find(&at).unwrap() + at.len()..];
    assert!(after.starts_with(|c: char| c.is_ascii_digit()), "a column follows the line: {}", r.stderr);
}

#[test]
fn profile_with_a_misspelt_key() {
    let toml = ROUTED.replace("encoding = \"utf-8\"", "encodng = \"utf-8\"");
    let (ws, r) = with_profile(&toml);
    let at = line_col(&toml, "encodng");
    assert_refused(&ws, &r, &format!("p.toml:{at}"), &["encodng", "did you mean", "encoding"]);
}

#[test]
fn profile_referencing_an_undefined_lookup() {
    let toml = ROUTED.replace(
        "[output]",
        "[values.order]\nfrom = \"order_number\"\nsteps = [{ lookup = \"shop_codes\" }]\n\n[output]",
    );
    let (ws, r) = with_profile(&toml);
    let at = line_col(&toml, "\"shop_codes\"");
    assert_refused(&ws, &r, &format!("p.toml:{at}"), &["shop_codes"]);
}

#[test]
fn profile_referencing_an_undefined_field() {
    let toml = ROUTED.replace("value = \"order_number\"", "value = \"order_numbr\"");
    let (ws, r) = with_profile(&toml);
    assert_refused(&ws, &r, "p.toml:", &["order_numbr", "order_number"]);
}

#[test]
fn profile_with_an_unknown_encoding() {
    let toml = ROUTED.replace("encoding = \"utf-8\"", "encoding = \"latin-9\"");
    let (ws, r) = with_profile(&toml);
    assert_refused(&ws, &r, "p.toml:", &["latin-9"]);
}

#[test]
fn profile_file_that_does_not_exist() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", good_row().cp932());
    let r = ws.run("./nowhere.toml", AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "nowhere.toml", &[]);
}

#[test]
fn as_of_month_13() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", good_row().cp932());
    let r = ws.run(LEGACY, "2024-13-01", &[input], &[]);
    assert_refused(&ws, &r, "2024-13-01", &["--as-of"]);
}

/// A profile that reads no column at all (only constants) still writes one row per record:
/// records in a batch have no decoded fields then.
#[test]
fn profile_reading_no_field() {
    let ws = Workspace::new();
    ws.write("constant.toml", small_profile("[input.fields]\n[values.c]\nconstant = \"x\"", ("C", "c")));
    let input = ws.write("in.csv", "a,b\n1,2\n3,4\n5,6\n");
    let r = ws.run("./constant.toml", AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(fs::read_to_string(ws.path().join("out/out.csv")).unwrap(), "C\nx\nx\nx\n");
}

/// A field whose default holds a NUL does not make the fields decoded after it (in the same
/// record or later ones) undecodable.
#[test]
fn nul_in_a_default_does_not_spill_into_other_fields() {
    let ws = Workspace::new();
    let fields = "[input.fields]\na = { headers = [\"A\"], default = \"\\u0000\" }\nb = { headers = [\"B\"] }";
    ws.write("nul.toml", small_profile(fields, ("B", "b")));
    let input = ws.write("in.csv", "B\nabc\nあいう\nxyz\n");
    let r = ws.run("./nul.toml", AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(fs::read_to_string(ws.path().join("out/out.csv")).unwrap(), "B\nabc\nあいう\nxyz\n");
}
