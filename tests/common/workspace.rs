//! Running the binary in a temporary folder (`bin()` pins `ORDERBRIDGE_LANG=en`) and reading
//! what it wrote: the files under a folder, the report, the reject file, the counts.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use super::as_of_for;
use super::exports::{Table, decode_cp932, parse_csv};

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

/// The binary, in English whatever the machine's locale (`ORDERBRIDGE_LANG` overrides
/// `LC_ALL`, `LC_MESSAGES` and `LANG`): the tests assert on English text, and only the
/// language tests choose another. History is on by default, so each command gets a data
/// home of its own (`XDG_DATA_HOME`, where the default ledger lives; removed with the
/// command) and no `ORDERBRIDGE_LEDGER`: tests never see each other's history nor the user's.
/// A test that wants one history across several commands uses a [`DataHome`]; one that sets
/// either variable itself wins.
pub fn bin() -> Bin {
    let home = new_home();
    let cmd = DataHome::command(home.path());
    Bin { cmd, _home: home }
}

/// A new data home: in memory where the system has a memory file system (`/dev/shm`), since
/// every run of the suite now creates a ledger, and its syncs to disk were most of its cost.
fn new_home() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let in_memory = shm.is_dir().then(|| tempfile::Builder::new().prefix("orderbridge-home").tempdir_in(shm).ok());
    in_memory.flatten().unwrap_or_else(|| tempfile::tempdir().unwrap())
}

/// A command of the binary and its own data home, removed when the command is dropped; used
/// as the [`Command`] it holds.
pub struct Bin {
    cmd: Command,
    _home: tempfile::TempDir,
}

impl std::ops::Deref for Bin {
    type Target = Command;
    fn deref(&self) -> &Command {
        &self.cmd
    }
}

impl std::ops::DerefMut for Bin {
    fn deref_mut(&mut self) -> &mut Command {
        &mut self.cmd
    }
}

/// One data home for several commands (the default ledger kept between them), as a shop's
/// machine has: `XDG_DATA_HOME` (the default ledger's folder on Linux, which the tests run on).
pub struct DataHome(pub tempfile::TempDir);

impl Default for DataHome {
    fn default() -> Self {
        Self::new()
    }
}

impl DataHome {
    pub fn new() -> Self {
        DataHome(new_home())
    }

    /// The default ledger of this data home.
    pub fn ledger(&self) -> PathBuf {
        self.0.path().join("orderbridge").join("ledger.sqlite")
    }

    /// The binary, in English, with this data home.
    pub fn bin(&self) -> Command {
        Self::command(self.0.path())
    }

    fn command(home: &Path) -> Command {
        let mut c = Command::cargo_bin("orderbridge").unwrap();
        c.env("ORDERBRIDGE_LANG", "en").env("XDG_DATA_HOME", home).env_remove("ORDERBRIDGE_LEDGER");
        c
    }
}

/// [`bin`] as a `std::process::Command` (for tests that spawn and signal the process). Its
/// data home outlives the command (the process may run on after it is dropped): a folder of
/// its own under the test build's temporary folder, where each test binary's run clears
/// those of earlier runs.
pub fn std_bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_orderbridge"));
    c.env("ORDERBRIDGE_LANG", "en").env("XDG_DATA_HOME", spawned_home()).env_remove("ORDERBRIDGE_LEDGER");
    c
}

/// A data home for a process the test starts itself (not through [`bin`] or [`std_bin`]),
/// which must never meet the user's own history.
pub fn spawned_home() -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    static N: AtomicU64 = AtomicU64::new(0);
    let root = ROOT.get_or_init(|| {
        let parent = Path::new(env!("CARGO_TARGET_TMPDIR")).join("data-homes");
        // Earlier runs' homes: of a process that has ended (where the system says so), else
        // older than an hour, so that a run going on beside this one keeps its own.
        for e in fs::read_dir(&parent).into_iter().flatten().flatten() {
            let old = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
            let ended = Path::new("/proc/self").exists() && !Path::new("/proc").join(e.file_name()).exists();
            if ended || old.is_some_and(|age| age.as_secs() > 3600) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
        parent.join(std::process::id().to_string())
    });
    let home = root.join(N.fetch_add(1, Ordering::Relaxed).to_string());
    fs::create_dir_all(&home).unwrap();
    home
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
