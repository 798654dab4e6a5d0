//! A posted export gives the command line's counts and byte-identical files and zip entries
//! (every list the command line writes, named after the file the browser sent); `--strict` and
//! several files in one run behave as on the command line.

use super::*;

/// `orderbridge run` on `input` (run in `dir`): its output folder and its report.
fn cli_run(dir: &Path, profile: &str, inputs: &[&str]) -> (tempfile::TempDir, Value) {
    cli_run_with(dir, profile, inputs, &[])
}

fn cli_run_with(dir: &Path, profile: &str, inputs: &[&str], extra: &[&str]) -> (tempfile::TempDir, Value) {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    let mut cmd = bin();
    cmd.current_dir(dir).args(["run", "--profile", profile, "--as-of", AS_OF, "--out"]).arg(out.path().join("o"));
    cmd.arg("--report").arg(&report).args(extra).args(inputs);
    let status = cmd.output().unwrap().status.code();
    assert!(matches!(status, Some(0 | 1)), "{status:?}");
    let json = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    (out, json)
}

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir).into_iter().map(|rel| (rel.clone(), std::fs::read(dir.join(&rel)).unwrap())).collect()
}

#[test]
fn a_posted_export_gives_the_cli_counts_and_byte_identical_files() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let status = page.run(LEGACY, &[(name, &bytes)]);
    assert_eq!(status["state"], "done", "{status}");
    let id = status["id"].as_str().unwrap();
    let result = &status["result"];

    // The CLI on a file of the name the browser sent, asked for every list it writes: every
    // file — the lists, whose 入力ファイル column names the input, too — must be the same bytes.
    let dir = manifest().join("tests/fixtures/goq");
    let (cli, report) = cli_run_with(&dir, LEGACY, &[name], &["--list-excluded"]);
    assert!(page.server().root().join(id).join("in/1").join(name).exists(), "the server's copy is elsewhere");
    for key in ["profile", "as_of", "rows", "excluded_by_rule", "rejected_by_rule", "warnings_by_rule", "files"] {
        assert_eq!(result["report"][key], report[key], "{key}");
    }
    assert_eq!(result["report"]["rejects_file"], report["rejects_file"]);
    assert_eq!(result["report"]["inputs"][0]["path"], name, "the page names the input by its file name");
    assert_eq!(result["counts"], report["rows"]);
    assert_eq!(result["exit"], 1);
    // Everything the CLI wrote is offered: the list of warned rows (four future ship dates) too.
    let expected = tree(&cli.path().join("o"));
    assert!(
        expected.contains_key("warned_goq-rakuten-legacy_20241018.csv"),
        "the CLI wrote the warned list: {:?}",
        expected.keys()
    );
    assert_eq!(result["report"]["warned_file"], report["warned_file"]);
    assert_eq!(result["report"]["excluded_file"], report["excluded_file"]);
    assert!(expected.contains_key("excluded_goq-rakuten-legacy_20241018.csv"), "{:?}", expected.keys());

    let mut downloaded = BTreeMap::new();
    for f in result["files"].as_array().unwrap() {
        let r = page.get(f["url"].as_str().unwrap());
        assert_eq!(r.status, 200);
        let file_name = f["name"].as_str().unwrap();
        // The folder stays in the name: rakuten/… and rakuten2/… never collide in downloads.
        assert_eq!(file_name, f["path"].as_str().unwrap().replace('/', "_"));
        assert_eq!(
            r.header("content-disposition").unwrap(),
            format!("attachment; filename=\"{file_name}\"; filename*=UTF-8''{file_name}")
        );
        assert_eq!(f["preview"]["rows"].as_array().unwrap().len(), f["rows"].as_u64().unwrap().min(10) as usize);
        downloaded.insert(f["path"].as_str().unwrap().to_string(), r.body);
    }
    let rejects = &result["rejects"];
    for list in [rejects, &result["warned"], &result["excluded_list"]] {
        let r = page.get(list["url"].as_str().unwrap());
        downloaded.insert(list["path"].as_str().unwrap().to_string(), r.body);
    }
    assert_eq!(result["warned"]["rows"], report["rows"]["warnings"]);
    assert_eq!(downloaded, expected, "each download is the CLI's file, byte for byte");

    // The zip: laid out as --out, each entry the same bytes.
    let r = page.get(result["zip_url"].as_str().unwrap());
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/zip"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body)).unwrap();
    let mut entries = BTreeMap::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut b).unwrap();
        entries.insert(e.name().unwrap().to_string(), b);
    }
    assert_eq!(entries, expected, "the zip holds the CLI's files, byte for byte");

    // Each upload file says which store it is for and where in RMS it is uploaded.
    for f in result["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let store = if path.starts_with("rakuten2/") { "楽天2号店" } else { "楽天市場店" };
        assert_eq!(f["label"], store, "{path}");
        let kind = ["tuuzyou", "auction", "kyoudou"].iter().position(|k| path.contains(k)).unwrap();
        let screen = format!(
            "RMS › 受注・問い合わせ管理 › データダウンロード › データアップロード（{}）",
            ["通常購入", "オークション", "共同購入"][kind]
        );
        assert_eq!(f["note"].as_str(), Some(screen.as_str()), "{path}");
    }

    // The warned and excluded rows are tables like the rejected ones, named by the sent file.
    let (warned, excluded) = (&result["warned_list"], &result["excluded_list"]);
    assert_eq!(warned["total"], report["rows"]["warnings"]);
    assert_eq!(warned["rows"].as_array().unwrap().len() as u64, report["rows"]["warnings"].as_u64().unwrap());
    assert_eq!(warned["rows"][0]["rule"], "future_ship_date");
    assert_eq!(excluded["total"], report["rows"]["excluded"]);
    assert_eq!(excluded["shown"], excluded["rows"].as_array().unwrap().len());
    assert!(excluded["rows"].as_array().unwrap().iter().any(|r| r["rule"] == "other_store"), "{excluded}");
    for list in [warned, excluded] {
        assert_eq!(list["rows"][0]["file"], name);
        assert_eq!(list["order_column"], "受注番号");
        assert!(list["rows"][0]["order"].as_str().unwrap().contains('-'), "{list}");
    }

    // The rejected rows' table: file, line, rule, reason, order number and columns.
    let row = &rejects["rows"][0];
    assert_eq!(row["file"], name);
    assert!(row["line"].as_u64().unwrap() > 1 && row["order"].as_str().unwrap().starts_with("100234-"));
    assert_eq!(rejects["order_column"], "受注番号");
    assert_eq!(rejects["total"], report["rows"]["rejected"]);
    let bad_date = result["rejected_by_rule"].as_array().unwrap().iter().find(|r| r["rule"] == "bad_date").unwrap();
    let message = bad_date["message"].as_str().unwrap();
    assert!(message.contains("日付") && !message.contains('{'), "each rule with a row's message: {message}");
    let words = &result["rules"]["bad_date"];
    assert_eq!(words["label"]["ja"], "読めない日付", "and its label, in each language: {words}");
    assert!(words["about"]["ja"].as_str().unwrap().contains("最終更新日時"), "{words}");
}

#[test]
fn strict_writes_no_upload_file_as_on_the_command_line() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let r = page.post(&[("profile", LEGACY), ("as_of", AS_OF), ("strict", "1")], &[(name, &bytes)]);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let s = page.get(&format!("/api/runs/{id}?wait=30000")).json();
    let result = &s["result"];
    assert_eq!((result["strict_blocked"].as_bool(), result["files"].as_array().map(Vec::len)), (Some(true), Some(0)));
    let dir = manifest().join("tests/fixtures/goq");
    let (cli, report) = cli_run_with(&dir, LEGACY, &[name], &["--strict", "--list-excluded"]);
    assert_eq!(result["report"]["rows"], report["rows"]);
    assert_eq!(result["report"]["files"], report["files"]);
    assert_eq!(result["planned"].as_array().unwrap().len(), 6, "what would have been written");
    let expected = tree(&cli.path().join("o"));
    assert_eq!(expected.len(), 3, "the lists of rejected, warned and excluded rows only: {:?}", expected.keys());
    for list in [&result["rejects"], &result["warned"], &result["excluded_list"]] {
        let bytes = page.get(list["url"].as_str().unwrap()).body;
        assert_eq!(Some(&bytes), expected.get(list["path"].as_str().unwrap()));
    }
}

#[test]
fn several_files_are_one_run() {
    let page = Page::start();
    let (name, bytes) = fixture();
    let other = "orders_utf8_aliases_2024-10-18.csv";
    let other_bytes = std::fs::read(manifest().join("tests/fixtures/goq").join(other)).unwrap();
    let status = page.run(PAY, &[(name, &bytes), (other, &other_bytes)]);
    let dir = manifest().join("tests/fixtures/goq");
    let (_, report) = cli_run(&dir, PAY, &[name, other]);
    for key in ["rows", "excluded_by_rule", "rejected_by_rule", "files"] {
        assert_eq!(status["result"]["report"][key], report[key], "{key}");
    }
    assert_eq!(status["result"]["inputs"].as_array().unwrap().len(), 2);
}
