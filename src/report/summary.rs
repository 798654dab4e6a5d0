//! The summary a shop operator reads on the terminal after a run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::{Example, FileReport, Report};

/// Everything the summary shows beyond the report.
#[derive(Debug, Clone)]
pub struct SummaryExtras {
    pub elapsed: Duration,
    pub dry_run: bool,
    pub strict_blocked: bool,
    pub encodings: Vec<(String, String)>,
    /// Where the profile came from (its file, or "built in").
    pub profile_origin: String,
    /// The files rows went to, written or not.
    pub files: Vec<FileReport>,
    /// The output folder, so the summary names the reject file where the operator finds it.
    pub out_dir: std::path::PathBuf,
}

/// The summary printed on stderr: counts per file and per rule, the encoding, the time.
pub fn summary(report: &Report, extras: &SummaryExtras) -> String {
    let mut s = String::new();
    let r = &report.rows;
    let _ = writeln!(s, "orderbridge: profile {} ({}), as of {}", report.profile, extras.profile_origin, report.as_of);
    for (path, enc) in &extras.encodings {
        let rows = report.inputs.iter().find(|i| &i.path == path).map_or(0, |i| i.rows);
        let _ = writeln!(s, "  input   {path} ({enc}, {})", rows_word(rows));
    }
    for d in &report.defaulted_fields {
        let _ = writeln!(s, "  note     {} has no column {}: every row of it gets {:?}", d.input, d.field, d.default);
    }
    let _ = writeln!(s, "  read     {:>7}", r.read);
    let verb = if extras.dry_run || extras.strict_blocked { "would write" } else { "written" };
    let _ = writeln!(s, "  {verb:<8} {:>7}", r.written);
    let width = extras.files.iter().map(|f| f.path.len()).max().unwrap_or(0);
    for f in &extras.files {
        let _ = writeln!(s, "    {:<width$}  {:>7}", f.path, rows_word(f.rows));
    }
    let _ = writeln!(s, "  excluded {:>7}", r.excluded);
    rules_with_examples(&mut s, &report.excluded_by_rule, &report.excluded_examples);
    let _ = writeln!(s, "  rejected {:>7}", r.rejected);
    rules(&mut s, &report.rejected_by_rule);
    if r.warnings > 0 {
        let _ = writeln!(s, "  warnings {:>7} (written, but check them)", rows_word(r.warnings));
        rules(&mut s, &report.warnings_by_rule);
        for (rule, examples) in &report.warning_examples {
            for e in examples {
                let _ = writeln!(s, "      {rule}: {} (×{})", clip(&e.value), e.rows);
            }
        }
    }
    if let Some(rej) = &report.rejects_file {
        let what = if extras.dry_run { "would be listed in" } else { "listed in" };
        let path = extras.out_dir.join(rej);
        let _ = writeln!(
            s,
            "  rejected rows {what} {}: its reason column says what to fix (in the order system, or in the profile when it does not know a value)",
            path.display()
        );
    }
    let moved = if extras.dry_run { "would be moved" } else { "moved" };
    for f in &report.archived {
        let _ = writeln!(
            s,
            "  archived {f}: the previous run's file, not written by this one, {moved} to .orderbridge.archive/"
        );
    }
    if !report.not_from_this_run.is_empty() {
        let _ = writeln!(
            s,
            "  note     not from this run (left as they are; upload them only if you know them): {}",
            report.not_from_this_run.join(", ")
        );
    }
    for (what, file) in [("warned rows", &report.warned_file), ("excluded rows", &report.excluded_file)] {
        if let Some(f) = file {
            let verb = if extras.dry_run { "would be listed in" } else { "listed in" };
            let _ = writeln!(s, "  {what} {verb} {} (not an upload file)", extras.out_dir.join(f).display());
        }
    }
    // A rule that excluded most rows of a run that otherwise succeeded deserves a look.
    // Not for rows a ledger holds back as already sent: that is the point of a ledger.
    let already_sent = report.ledger.as_ref().map(|l| l.rule.as_str());
    if let Some((rule, n)) = report.excluded_by_rule.iter().max_by_key(|(_, n)| **n)
        && Some(rule.as_str()) != already_sent
        && r.read >= 10
        && *n * 2 > r.read
    {
        let _ = writeln!(s, "  note     {rule} excluded {n} of {} rows: check that this is what you expect", r.read);
    }
    if extras.strict_blocked {
        let _ = writeln!(s, "  --strict: rows were rejected, so no upload file was written");
    }
    let _ = write!(s, "  time     {:.2}s", extras.elapsed.as_secs_f64());
    s
}

/// `1 row`, `2 rows`.
fn rows_word(n: u64) -> String {
    if n == 1 { "1 row".into() } else { format!("{n} rows") }
}

/// A value shown in the summary: one line, at most 60 characters.
fn clip(v: &str) -> String {
    let one_line = v.replace(['\r', '\n'], " ");
    if one_line.chars().count() > 60 { one_line.chars().take(59).collect::<String>() + "…" } else { one_line }
}

/// Rules with their counts, each followed by its message and the values that decided it.
fn rules_with_examples(s: &mut String, map: &BTreeMap<String, u64>, examples: &BTreeMap<String, Vec<Example>>) {
    let mut items: Vec<(&String, &u64)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (name, n) in items {
        let e = examples.get(name).map(Vec::as_slice).unwrap_or_default();
        let message = e.iter().find(|x| !x.message.is_empty()).map(|x| clip(&x.message)).unwrap_or_default();
        let values: Vec<String> =
            e.iter().filter(|x| !x.value.is_empty()).map(|x| format!("{} ×{}", clip(&x.value), x.rows)).collect();
        let sep = if message.is_empty() || values.is_empty() { "" } else { ": " };
        let _ = writeln!(s, "    {name:<22} {n:>7}  {message}{sep}{}", values.join(", "));
    }
}

fn rules(s: &mut String, map: &BTreeMap<String, u64>) {
    let mut items: Vec<(&String, &u64)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (name, n) in items {
        let _ = writeln!(s, "    {name:<22} {n:>7}");
    }
}
