//! Helpers shared by the integration tests: building GoQ exports (CP932 or UTF-8) from a header
//! and rows, running the binary in a temporary folder, and reading what it wrote (the report,
//! the reject file, CP932 upload files).

mod defaults;
mod shipped;
pub use defaults::*;
pub use shipped::*;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub const LEGACY: &str = "goq-rakuten-legacy";
pub const PAY: &str = "goq-rakuten-pay";
pub const YAHOO: &str = "goq-yahoo";
pub const CHECK: &str = "rakuten-legacy-check";

/// The as-of date every GoQ test runs with.
pub const AS_OF: &str = "2024-10-18";
/// The as-of date of the legacy-check tests (the seed's day).
pub const CHECK_AS_OF: &str = "2014-10-16";

/// A 12-digit Yamato/Sagawa number passing 7DR (35729670000 mod 7 = 3).
pub const GOOD_TRACKING: &str = "357296700003";

/// The columns of a GoQ export as the tests write them (GoQ's own header names).
pub const GOQ_HEADER: &[&str] = &[
    "受注番号",
    "販売店舗",
    "注文種別",
    "受注ステータス",
    "出荷日",
    "配送方法",
    "お荷物伝票番号",
    "レコードナンバー",
    "送付先ID",
    "発送明細ID",
    "最終更新日時",
    "商品名",
];

/// The legacy upload's seven columns (input of `rakuten-legacy-check`).
pub const LEGACY_HEADER: &[&str] =
    &["受注番号", "受注ステータス", "配送日", "お荷物伝票番号", "レコードナンバー", "消費税再計算フラグ", "配送会社"];

/// The header the tests write for a profile.
pub fn header_for(profile: &str) -> &'static [&'static str] {
    if profile == CHECK { LEGACY_HEADER } else { GOQ_HEADER }
}

pub fn as_of_for(profile: &str) -> &'static str {
    if profile == CHECK { CHECK_AS_OF } else { AS_OF }
}

/// A table of text: a header and rows, turned into CSV bytes in any encoding and line end.
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table { header: header.iter().map(|s| s.to_string()).collect(), rows: Vec::new() }
    }

    /// A table for `profile` with the shipped profile's default row changed by `overrides`
    /// (each override names a header of [`header_for`]).
    pub fn for_profile(profile: &str) -> Self {
        Table::new(header_for(profile))
    }

    /// Appends the profile's default row with `overrides` applied.
    pub fn row(mut self, profile: &str, overrides: &[(&str, &str)]) -> Self {
        let defaults = defaults_for(profile);
        let mut map: BTreeMap<&str, String> = defaults.iter().map(|(k, v)| (*k, v.to_string())).collect();
        for (k, v) in overrides {
            assert!(map.contains_key(k) || self.header.iter().any(|h| h == k), "unknown column {k}");
            map.insert(k, v.to_string());
        }
        let row = self.header.iter().map(|h| map.get(h.as_str()).cloned().unwrap_or_default()).collect();
        self.rows.push(row);
        self
    }

    /// The same table with its columns reordered by `order` (indexes into the header) and
    /// headers renamed by `rename`.
    pub fn reshaped(&self, order: &[usize], rename: &[(&str, &str)]) -> Table {
        assert_eq!(order.len(), self.header.len());
        let header = order
            .iter()
            .map(|&i| {
                let h = &self.header[i];
                rename.iter().find(|(from, _)| from == h).map_or(h.clone(), |(_, to)| to.to_string())
            })
            .collect();
        let rows = self.rows.iter().map(|r| order.iter().map(|&i| r[i].clone()).collect()).collect();
        Table { header, rows }
    }

    /// CSV text, quoted where needed, every record ended by `newline`.
    pub fn text(&self, newline: &str) -> String {
        let mut out = csv_record(&self.header);
        out.push_str(newline);
        for r in &self.rows {
            out.push_str(&csv_record(r));
            out.push_str(newline);
        }
        out
    }

    pub fn cp932(&self) -> Vec<u8> {
        sjis(&self.text("\r\n"))
    }

    /// CP932 with LF line ends.
    pub fn cp932_lf(&self) -> Vec<u8> {
        sjis(&self.text("\n"))
    }

    /// UTF-8 without BOM, LF.
    pub fn utf8(&self) -> Vec<u8> {
        self.text("\n").into_bytes()
    }

    pub fn utf8_bom(&self) -> Vec<u8> {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(self.text("\r\n").as_bytes());
        b
    }
}

/// One CSV record (no line end), quoting a field that holds a comma, quote, CR or LF.
pub fn csv_record<S: AsRef<str>>(fields: &[S]) -> String {
    fields
        .iter()
        .map(|f| {
            let f = f.as_ref();
            if f.contains([',', '"', '\r', '\n']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_string() }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `s` in CP932; panics if a character has no CP932 form (a test input must be encodable).
pub fn sjis(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(s);
    assert!(!unmappable, "test input is not encodable in CP932: {s:?}");
    bytes.into_owned()
}

/// CP932 bytes as text; panics on invalid bytes (upload files must be clean CP932).
pub fn decode_cp932(bytes: &[u8]) -> String {
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    assert!(!had_errors, "not valid CP932");
    text.into_owned()
}

/// Parses CSV text into records (header included).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    r.records().map(|rec| rec.expect("valid CSV").iter().map(str::to_string).collect()).collect()
}

/// Every file under `root`, relative, with `/` separators, sorted (empty if `root` is absent).
/// Every file under `root` but the tool's own bookkeeping that stays between runs (the lock
/// file `.orderbridge.lock`, the manifest `.orderbridge.manifest.json`, the archive folder
/// `.orderbridge.archive/`); leftover temporary files, backups and journals are listed.
pub fn files_under(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if !root.exists() {
        return out;
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let bookkeeping = [".orderbridge.lock", ".orderbridge.manifest.json", ".orderbridge.archive"];
            if p.file_name().is_some_and(|n| bookkeeping.iter().any(|b| n == *b)) {
                continue;
            } else if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// Whether `s` holds kana or kanji (a reason "in Japanese").
pub fn has_japanese(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
}

/// The binary, in English whatever the machine's locale (`ORDERBRIDGE_LANG` overrides
/// `LC_ALL`, `LC_MESSAGES` and `LANG`): the tests assert on English text, and only the
/// language tests choose another.
pub fn bin() -> Command {
    let mut c = Command::cargo_bin("orderbridge").unwrap();
    c.env("ORDERBRIDGE_LANG", "en");
    c
}

/// [`bin`] as a `std::process::Command` (for tests that spawn and signal the process).
pub fn std_bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_orderbridge"));
    c.env("ORDERBRIDGE_LANG", "en");
    c
}

/// A temporary folder holding inputs, `out/` and `report.json`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    pub fn new() -> Self {
        Workspace { dir: tempfile::tempdir().unwrap() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("out")
    }

    pub fn report_path(&self) -> PathBuf {
        self.path().join("report.json")
    }

    /// Writes `bytes` to `name` (relative to the workspace) and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, bytes).unwrap();
        p
    }

    /// `orderbridge run --profile P --as-of A --out <ws>/out --report <ws>/report.json [extra] inputs`,
    /// run from the workspace (so no `./mappings` is seen).
    pub fn run(&self, profile: &str, as_of: &str, inputs: &[PathBuf], extra: &[&str]) -> RunResult {
        let mut args: Vec<OsString> = vec!["run".into(), "--profile".into(), profile.into()];
        args.extend(["--as-of".into(), as_of.into(), "--out".into(), self.out().into()]);
        args.extend(["--report".into(), self.report_path().into()]);
        args.extend(extra.iter().map(OsString::from));
        args.extend(inputs.iter().map(|p| p.clone().into_os_string()));
        self.run_args(&args)
    }

    /// Runs the binary with exactly `args`, from the workspace.
    pub fn run_args<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> RunResult {
        let _ = fs::remove_file(self.report_path());
        let output = bin().current_dir(self.path()).env_remove("ORDERBRIDGE_MAPPINGS").args(args).output().unwrap();
        let report =
            fs::read(self.report_path()).ok().map(|b| serde_json::from_slice::<Value>(&b).expect("report JSON"));
        let r = RunResult {
            code: output.status.code().expect("exit code"),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            report,
            out: self.out(),
        };
        if let Some(rep) = &r.report {
            assert_counts_add_up(rep);
        }
        r
    }

    /// Runs `profile` over one input made of `table` in CP932 with LF line ends (the line
    /// numbers of CRLF inputs are checked on their own: see `rules.rs`,
    /// `reject_line_numbers_with_crlf`).
    pub fn run_table(&self, profile: &str, table: &Table) -> RunResult {
        let input = self.write("orders.csv", table.cp932_lf());
        self.run(profile, as_of_for(profile), &[input], &[])
    }
}

/// `read == written + excluded + rejected`, and each `*_by_rule` sums to its total.
pub fn assert_counts_add_up(report: &Value) {
    let rows = &report["rows"];
    let n = |k: &str| rows[k].as_u64().unwrap_or_else(|| panic!("rows.{k} missing: {report}"));
    assert_eq!(n("read"), n("written") + n("excluded") + n("rejected"), "read = written + excluded + rejected: {rows}");
    let sum = |k: &str| report[k].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum::<u64>();
    assert_eq!(sum("excluded_by_rule"), n("excluded"), "excluded_by_rule sums to rows.excluded");
    assert_eq!(sum("rejected_by_rule"), n("rejected"), "rejected_by_rule sums to rows.rejected");
    assert!(n("warnings") <= n("written"), "warnings are counted among written rows");
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct RunResult {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub report: Option<Value>,
    pub out: PathBuf,
}

impl RunResult {
    pub fn report(&self) -> &Value {
        self.report.as_ref().unwrap_or_else(|| panic!("no report (exit {}):\n{}", self.code, self.stderr))
    }

    pub fn rows(&self, key: &str) -> u64 {
        self.report()["rows"][key].as_u64().unwrap()
    }

    /// `{rule: count}` of `excluded_by_rule`, `rejected_by_rule` or `warnings_by_rule`, zero
    /// counts dropped.
    pub fn by_rule(&self, key: &str) -> BTreeMap<String, u64> {
        self.report()[key]
            .as_object()
            .unwrap_or_else(|| panic!("{key} missing"))
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
            .filter(|(_, v)| *v > 0)
            .collect()
    }

    /// Files under `--out`.
    pub fn files(&self) -> Vec<String> {
        files_under(&self.out)
    }

    /// Upload files under `--out` (everything but the lists of rejected, warned and excluded
    /// rows).
    pub fn uploads(&self) -> Vec<String> {
        let lists = ["rejected_", "warned_", "excluded_"];
        self.files().into_iter().filter(|f| !lists.iter().any(|l| f.starts_with(l))).collect()
    }

    /// The reject file's records (header first), checking it is UTF-8 with a BOM.
    pub fn rejects(&self) -> Vec<Vec<String>> {
        let name =
            self.files().into_iter().find(|f| f.starts_with("rejected_") && f.ends_with(".csv")).unwrap_or_else(|| {
                panic!("no reject file under {}: {:?}\n{}", self.out.display(), self.files(), self.stderr)
            });
        let bytes = fs::read(self.out.join(name)).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "the reject file starts with a UTF-8 BOM");
        let text = std::str::from_utf8(&bytes[3..]).expect("the reject file is UTF-8");
        parse_csv(text)
    }

    /// The reject file's data rows (header dropped).
    pub fn reject_rows(&self) -> Vec<Vec<String>> {
        let mut r = self.rejects();
        let header = r.remove(0);
        assert_eq!(&header[..4], ["入力ファイル", "行", "ルール", "理由"], "reject file header");
        r
    }

    /// An upload file's bytes.
    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        fs::read(self.out.join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}; files: {:?}\n{}", self.files(), self.stderr))
    }

    /// An upload file (CP932) as records, header first.
    pub fn upload(&self, rel: &str) -> Vec<Vec<String>> {
        parse_csv(&decode_cp932(&self.bytes(rel)))
    }

    /// The value of column `column` in every data row of the upload file `rel`.
    pub fn column(&self, rel: &str, column: &str) -> Vec<String> {
        let recs = self.upload(rel);
        let i = recs[0].iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column} in {rel}"));
        recs[1..].iter().map(|r| r[i].clone()).collect()
    }

    pub fn context(&self) -> String {
        let rejects = self
            .files()
            .into_iter()
            .filter(|f| f.starts_with("rejected_"))
            .map(|f| String::from_utf8_lossy(&fs::read(self.out.join(f)).unwrap_or_default()).into_owned())
            .collect::<Vec<_>>()
            .join("\n");
        format!("exit {}\nstderr:\n{}\nreport: {:?}\nrejects:\n{rejects}", self.code, self.stderr, self.report)
    }
}

/// The upload path of the default row of each profile.
pub fn default_path(profile: &str) -> &'static str {
    match profile {
        LEGACY => "rakuten/tuuzyou_2024_10_18.csv",
        PAY => "rakuten/hassou_20241018.csv",
        YAHOO => "yahoo/shipstatus_20241018.csv",
        CHECK => "checked/orders.csv",
        _ => panic!("unknown profile {profile}"),
    }
}

/// The reject file's name for a shipped profile at its as-of (the profile's name is in it).
pub fn rejects_name(profile: &str) -> &'static str {
    match profile {
        LEGACY => "rejected_goq-rakuten-legacy_20241018.csv",
        PAY => "rejected_goq-rakuten-pay_20241018.csv",
        YAHOO => "rejected_goq-yahoo_20241018.csv",
        CHECK => "rejected_rakuten-legacy-check_20141016.csv",
        _ => panic!("unknown profile {profile}"),
    }
}

/// `bytes` with every occurrence of the ASCII `marker` replaced by `raw` (to put bytes that
/// no text can hold into an input).
pub fn splice(bytes: &[u8], marker: &str, raw: &[u8]) -> Vec<u8> {
    let m = marker.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut found = false;
    while i < bytes.len() {
        if bytes[i..].starts_with(m) {
            out.extend_from_slice(raw);
            i += m.len();
            found = true;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    assert!(found, "marker {marker} not in the input");
    out
}

/// A small UTF-8 test profile: `body` (its `[input.fields]`, lookups and values) and one output
/// column `(name, value)`, written to `out.csv` with LF line ends.
pub fn small_profile(body: &str, column: (&str, &str)) -> String {
    format!(
        r#"description = "test"
[input]
encoding = "utf-8"
{body}
[output]
path = "out.csv"
encoding = "utf-8"
newline = "lf"
[output.rejects]
headers = ["入力ファイル", "行", "ルール", "理由"]
[[output.columns]]
name = "{}"
value = "{}"
"#,
        column.0, column.1
    )
}

/// One `#[test]` per case, so a failure names its case: `cases!(check { name: a, b, c; ... })`
/// defines `fn name() { check(a, b, c) }` for each line.
macro_rules! cases {
    ($check:ident { $($name:ident: $($arg:expr),+;)* }) => {
        $(
            #[test]
            fn $name() {
                $check($($arg),+);
            }
        )*
    };
}
pub(crate) use cases;
