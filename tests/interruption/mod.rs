//! A run that is killed, or whose writes fail part way, leaves no upload file in a partial
//! state (README "Files are written to a temporary name (`.orderbridge-*.partial`) … renamed
//! into place only after the whole run succeeded"; `cli.md`: "With exit 2 no output file
//! exists afterwards").
//!
//! (a) The binary is started on a large export (300 000 rows, several upload files and a reject
//!     file), killed with SIGKILL while its temporary files are growing, and what is left is
//!     checked: only `.orderbridge-*.partial` temporaries — or, over the output of an earlier
//!     complete run, that output byte for byte. A rerun then writes the same files as a run in
//!     a fresh folder.
//! (b) The binary is run under a file-size limit (`ulimit -f`, with SIGXFSZ ignored so that
//!     `write` fails with EFBIG instead of killing the process): exit 2, the file and the OS
//!     error named on stderr, and no upload file, reject file or temporary left.

mod killed;
mod write_errors;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Instant;

use crate::common::{AS_OF, LEGACY, files_under, sjis};

const HEADER: &str = "受注番号,販売店舗,注文種別,受注ステータス,出荷日,配送方法,お荷物伝票番号,レコードナンバー,送付先ID,発送明細ID,最終更新日時,商品名";

/// Rows of the large export: long enough that a debug build takes seconds (about 7 s for
/// 300 000 rows on the 2-core CI machine), so the run can be killed in the middle.
const BIG_ROWS: u64 = 300_000;

/// One GoQ row (CP932): order `n`, to `store` with `order_type`, status `status`.
fn push_row(out: &mut Vec<u8>, n: u64, store: &[u8], order_type: &[u8], status: &[u8], tail: &[u8]) {
    out.extend_from_slice(format!("100234-20241018-{n:010},").as_bytes());
    for f in [store, order_type, status] {
        out.extend_from_slice(f);
        out.push(b',');
    }
    out.extend_from_slice(b"2024/10/18,");
    out.extend_from_slice(tail);
    out.extend_from_slice(format!(",{},,,2024/10/17 13:45:00,", 133_100_000 + n).as_bytes());
    out.extend_from_slice(&sjis("国産 はちみつ 1kg"));
    out.extend_from_slice(b"\r\n");
}

/// Where a row goes.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Row {
    /// rakuten/tuuzyou
    Rakuten,
    /// rakuten2/tuuzyou
    Rakuten2,
    /// rakuten/auction
    Auction,
    /// rakuten2/auction
    Auction2,
    /// the reject file (unknown status)
    Rejected,
}

/// A CP932 export (CRLF) of the rows `(order number, where it goes)`.
pub(crate) fn export(rows: impl Iterator<Item = (u64, Row)>) -> Vec<u8> {
    let (r1, r2) = (sjis("楽天市場店"), sjis("楽天2号店"));
    let (normal, auction) = (sjis("通常購入"), sjis("オークション"));
    let (shipped, unknown) = (sjis("処理済"), sjis("謎のステータス"));
    // Method and tracking: ヤマト, a 7DR number written with dashes.
    let mut tail = sjis("ヤマト運輸 宅急便");
    tail.extend_from_slice(b",3572-9670-0003");
    let mut out = sjis(HEADER);
    out.extend_from_slice(b"\r\n");
    for (n, row) in rows {
        let store = if matches!(row, Row::Rakuten2 | Row::Auction2) { &r2 } else { &r1 };
        let order_type = if matches!(row, Row::Auction | Row::Auction2) { &auction } else { &normal };
        let status = if row == Row::Rejected { &unknown } else { &shipped };
        push_row(&mut out, n, store, order_type, status, &tail);
    }
    out
}

/// Rows `first..first + rows`: most to rakuten/tuuzyou, every 7th to rakuten2/, every 11th
/// an auction, every 10 000th rejected, so a run writes four upload files and a reject file.
pub(crate) fn mixed(first: u64, rows: u64) -> impl Iterator<Item = (u64, Row)> {
    (first..first + rows).map(|n| {
        let row = match (n % 10_000 == 17, n % 7 == 3, n % 11 == 5) {
            (true, _, _) => Row::Rejected,
            (_, true, true) => Row::Auction2,
            (_, true, false) => Row::Rakuten2,
            (_, false, true) => Row::Auction,
            _ => Row::Rakuten,
        };
        (n, row)
    })
}

pub(crate) fn big_export() -> &'static [u8] {
    static BIG: OnceLock<Vec<u8>> = OnceLock::new();
    BIG.get_or_init(|| export(mixed(0, BIG_ROWS)))
}

/// The files a complete run of the big export writes: path under `--out` → bytes.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// The final files under `out` (temporaries left out).
pub(crate) fn finals(out: &Path) -> Files {
    files_under(out)
        .into_iter()
        .filter(|f| !is_temporary(f))
        .map(|f| {
            let bytes = std::fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn temporaries(out: &Path) -> Vec<String> {
    files_under(out).into_iter().filter(|f| is_temporary(f)).collect()
}

fn is_temporary(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with(".orderbridge-") && name.ends_with(".partial")
}

/// `orderbridge run --profile goq-rakuten-legacy --as-of … --out out orders.csv`, run from
/// `dir` (relative paths, so the reject file's 入力ファイル is the same in every folder).
fn run_cmd(dir: &Path) -> Command {
    let mut c = crate::common::std_bin();
    c.current_dir(dir).env_remove("ORDERBRIDGE_MAPPINGS");
    c.args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "orders.csv"]);
    c
}

fn run_to_end(dir: &Path) -> Output {
    run_cmd(dir).output().unwrap()
}

/// What a complete run of the big export writes in a fresh folder.
pub(crate) fn reference() -> &'static Files {
    static REF: OnceLock<Files> = OnceLock::new();
    REF.get_or_init(|| {
        let ws = tempfile::tempdir().unwrap();
        std::fs::write(ws.path().join("orders.csv"), big_export()).unwrap();
        let started = Instant::now();
        let o = run_to_end(ws.path());
        eprintln!("reference run of {BIG_ROWS} rows: {:.1?}", started.elapsed());
        assert_eq!(o.status.code(), Some(1), "some rows are rejected: {}", String::from_utf8_lossy(&o.stderr));
        let files = finals(&ws.path().join("out"));
        let names: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "rakuten/auction_2024_10_18.csv",
                "rakuten/tuuzyou_2024_10_18.csv",
                "rakuten2/auction_2024_10_18.csv",
                "rakuten2/tuuzyou_2024_10_18.csv",
                "rejected_goq-rakuten-legacy_20241018.csv"
            ],
            "the big export writes four upload files and a reject file"
        );
        files
    })
}

fn names(files: &Files) -> Vec<&str> {
    files.iter().map(|(f, _)| f.as_str()).collect()
}

pub(crate) fn assert_same_files(got: &Files, want: &Files, what: &str) {
    assert_eq!(names(got), names(want), "{what}: the same files");
    for ((f, a), (_, b)) in got.iter().zip(want) {
        assert!(a == b, "{what}: {f} differs ({} bytes, expected {} bytes)", a.len(), b.len());
    }
}
