//! What a run does is said plainly, never done silently: profile lookup that never falls back to
//! the built-in copy, the same input by another name, inputs whose files would collide by
//! `{input_stem}`, `--as-of` in one form, a record size limit, `validate-profile --quiet`,
//! `profile show`, full-width quotes in a profile, output through a closed pipe, and a folder
//! that after a run holds exactly that run's upload files.

mod folder_after_a_run;
mod inputs;
mod profile_commands;
mod profile_lookup;
mod record_limit;

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped(name: &str) -> String {
    fs::read_to_string(manifest().join("mappings").join(format!("{name}.toml"))).unwrap()
}

/// The shipped yahoo profile with its route changed to `path`.
fn yahoo_copy(path: &str) -> String {
    let text = shipped(YAHOO);
    let old = "path = \"yahoo/shipstatus_{as_of:%Y%m%d}.csv\"";
    assert!(text.contains(old), "the shipped route");
    text.replacen(old, &format!("path = \"{path}\""), 1)
}

fn yahoo_input(ws: &Workspace) -> PathBuf {
    ws.write("orders.csv", Table::new(GOQ_HEADER).row(YAHOO, &[]).cp932())
}

/// Exit 2, stderr names `file` and says each of `needles`, and nothing was written.
fn assert_refused(ws: &Workspace, r: &RunResult, file: &str, needles: &[&str]) {
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains(file), "stderr names {file}:\n{}", r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "stderr says {n:?}:\n{}", r.stderr);
    }
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(!ws.out().exists(), "no output folder: {:?}", files_under(&ws.out()));
}
