//! The summary a shop operator reads on the terminal after a run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::{FileReport, Report};

/// Everything the summary shows beyond the report.
#[derive(Debug, Clone)]
pub struct SummaryExtras {
    pub elapsed: Duration,
    pub dry_run: bool,
    pub strict_blocked: bool,
    pub encodings: Vec<(String, String)>,
    /// Per warning rule, example messages with counts.
    pub warning_examples: Vec<(String, Vec<(String, u64)>)>,
    /// The files rows went to, written or not.
    pub files: Vec<FileReport>,
    /// The output folder, so the summary names the reject file where the operator finds it.
    pub out_dir: std::path::PathBuf,
}

/// The summary printed on stderr: counts per file and per rule, the encoding, the time.
pub fn summary(report: &Report, extras: &SummaryExtras) -> String {
    let mut s = String::new();
    let r = &report.rows;
    let _ = writeln!(s, "orderbridge: profile {}, as of {}", report.profile, report.as_of);
    for (path, enc) in &extras.encodings {
        let rows = report.inputs.iter().find(|i| &i.path == path).map_or(0, |i| i.rows);
        let _ = writeln!(s, "  input   {path} ({enc}, {rows} rows)");
    }
    let _ = writeln!(s, "  read     {:>7}", r.read);
    let verb = if extras.dry_run || extras.strict_blocked { "would write" } else { "written" };
    let _ = writeln!(s, "  {verb:<8} {:>7}", r.written);
    let width = extras.files.iter().map(|f| f.path.len()).max().unwrap_or(0);
    for f in &extras.files {
        let _ = writeln!(s, "    {:<width$}  {:>7} rows", f.path, f.rows);
    }
    let _ = writeln!(s, "  excluded {:>7}", r.excluded);
    rules(&mut s, &report.excluded_by_rule);
    let _ = writeln!(s, "  rejected {:>7}", r.rejected);
    rules(&mut s, &report.rejected_by_rule);
    if r.warnings > 0 {
        let _ = writeln!(s, "  warnings {:>7} rows (written, but check them)", r.warnings);
        rules(&mut s, &report.warnings_by_rule);
        for (rule, examples) in &extras.warning_examples {
            for (message, n) in examples {
                let _ = writeln!(s, "      {rule}: {message} (×{n})");
            }
        }
    }
    if let Some(rej) = &report.rejects_file {
        let what = if extras.dry_run { "would be listed in" } else { "listed in" };
        let path = extras.out_dir.join(rej);
        let _ = writeln!(s, "  rejected rows {what} {}: fix them in the order system and export again", path.display());
    }
    if extras.strict_blocked {
        let _ = writeln!(s, "  --strict: rows were rejected, so no upload file was written");
    }
    let _ = write!(s, "  time     {:.2}s", extras.elapsed.as_secs_f64());
    s
}

fn rules(s: &mut String, map: &BTreeMap<String, u64>) {
    let mut items: Vec<(&String, &u64)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (name, n) in items {
        let _ = writeln!(s, "    {name:<22} {n:>7}");
    }
}
