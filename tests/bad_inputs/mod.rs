//! Bad inputs, bad profiles and bad arguments: each case checks the exit code, that stderr
//! names the file (and the line/column where there is one), and which files exist afterwards.

mod encodings;
mod headers;
mod paths;
mod profiles;
mod records;

use crate::common::*;

/// Exit 2 with nothing written: stderr names `file` and every one of `needles`; no report, no
/// `--out`, no temporary file anywhere in the workspace.
fn assert_refused(ws: &Workspace, r: &RunResult, file: &str, needles: &[&str]) {
    let ctx = r.context();
    assert_eq!(r.code, 2, "{ctx}");
    assert!(r.stderr.contains(file), "stderr names {file}:\n{}", r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "stderr says {n:?}:\n{}", r.stderr);
    }
    assert!(r.report.is_none(), "no report after exit 2");
    assert!(!ws.out().exists(), "no output folder: {:?}", files_under(&ws.out()));
    let leftovers: Vec<String> = files_under(ws.path()).into_iter().filter(|f| f.contains(".orderbridge-")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn good_row() -> Table {
    Table::new(GOQ_HEADER).row(LEGACY, &[])
}

/// Runs the legacy profile over `bytes` written to `orders.csv`.
fn run_bytes(bytes: impl AsRef<[u8]>) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert!(r.stderr.contains("orders.csv"), "stderr names the input:\n{}", r.stderr);
    (ws, r)
}

const UPLOAD_ONLY: &[&str] = &["rakuten/tuuzyou_2024_10_18.csv"];

const UPLOAD_AND_REJECTS: &[&str] = &["rakuten/tuuzyou_2024_10_18.csv", "rejected_goq-rakuten-legacy_20241018.csv"];

/// GoQ header and `n` good rows with distinct record numbers, as text with `nl`.
fn good_rows(n: usize) -> Table {
    let mut t = Table::new(GOQ_HEADER);
    for i in 0..n {
        t = t.row(LEGACY, &[("レコードナンバー", &format!("{}", 1000 + i))]);
    }
    t
}

fn header_line() -> String {
    csv_record(GOQ_HEADER)
}

fn default_record() -> String {
    csv_record(&good_row().rows[0])
}

/// A small profile: 受注番号 and a route made of the 行き先 column.
pub(crate) const ROUTED: &str = r#"
description = "route test"

[input.fields]
order_number = { headers = ["受注番号"] }
dest = { headers = ["行き先"] }

[output]
path = "{dest}.csv"
encoding = "utf-8"

[output.rejects]
headers = ["入力ファイル", "行", "ルール", "理由"]

[[output.columns]]
name = "受注番号"
value = "order_number"

[builtin_rules]
bad_path = { message = "{field}「{value}」はファイル名に使えません。" }
"#;
