//! What the fuzz targets do with their input, shared by `fuzz/fuzz_targets/*.rs` and
//! `tests/fuzz_regressions.rs` (so a crash input replays through exactly the same code in
//! `cargo test`). Each function panics when orderbridge panics or breaks a promise it makes
//! (the checks below say which); anything else, errors included, is a sensible result.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jiff::civil::{Date, date};
use orderbridge::engine::CheckDigit;
use orderbridge::engine::{InputEncoding, Plan};
use orderbridge::io::{Detected, FieldDecoder, InputFile, decode_into, decode_lossy, detect};
use orderbridge::profile::{BUILTIN, Origin, ProfileText};
use orderbridge::run::{RunOptions, run};
use orderbridge::validate::{Actual, decide_row, validate};
use unicode_normalization::UnicodeNormalization;

/// The profile the export and tracking targets run.
pub const PROFILE: &str = "goq-rakuten-legacy";
/// "Today" for every run: the day of the shared fixtures.
pub const AS_OF: Date = date(2024, 10, 18);

/// The shipped legacy profile, compiled once per process.
pub fn legacy_plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let (name, text) = BUILTIN.iter().find(|(n, _)| *n == PROFILE).expect("shipped profile");
        let source = ProfileText::new(name.to_string(), Origin::Builtin, text.to_string());
        orderbridge::engine::compile(&source).unwrap_or_else(|d| panic!("{PROFILE} does not compile: {d:?}"))
    })
}

// ---------------------------------------------------------------------------------------------
// (a) export: arbitrary bytes as a GoQ export
// ---------------------------------------------------------------------------------------------

/// The bytes are written to a file and read twice: directly (`InputFile::open`, `bind`, every
/// record read and every field decoded, as well as through the field cache) and by a whole
/// `run` of the shipped legacy profile into a temporary folder. Checked: decoding never lets
/// NUL or CP932 user-defined characters through (a private-use character written as UTF-8 is
/// text; the CP932 upload file cannot hold it) and the field cache agrees with it; record
/// lines increase; `run` fails exactly when the direct read fails, counts the same records,
/// and the files it writes hold the rows it reports (upload files strict CP932).
pub fn export(data: &[u8]) {
    for choice in [InputEncoding::Auto, InputEncoding::Utf8, InputEncoding::ShiftJis] {
        for whole in [true, false] {
            match (choice, detect(data, whole, choice)) {
                (InputEncoding::Utf8, Ok(d)) => assert!(matches!(d, Detected::Utf8 { .. })),
                (InputEncoding::ShiftJis, Ok(d)) => assert_eq!(d, Detected::ShiftJis),
                (InputEncoding::Auto, Ok(Detected::Utf8 { bom: false })) if whole => {
                    assert!(std::str::from_utf8(data).is_ok(), "detected UTF-8 for invalid UTF-8")
                }
                _ => {}
            }
        }
    }

    let plan = legacy_plan();
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("orders.csv");
    std::fs::write(&input, data).expect("write input");
    let direct = read_directly(&input, plan);

    let out_dir = dir.path().join("out");
    let opts = RunOptions { preview_rows: 3, ..RunOptions::new(out_dir.clone(), AS_OF) };
    let outcome = run(plan, std::slice::from_ref(&input), &opts, &mut ());
    let outcome = match (direct, outcome) {
        (Direct::Read { records, bound: true }, Ok(o)) => {
            assert_eq!(o.report.rows.read, records, "run and a direct read count different records");
            o
        }
        (Direct::Read { bound: true, .. }, Err(e)) => panic!("run failed on an input that reads and binds: {e}"),
        (direct, Ok(_)) => panic!("run succeeded on an input that does not read and bind: {direct:?}"),
        (_, Err(_)) => return,
    };
    let rows = &outcome.report.rows;
    assert_eq!(rows.read, rows.written + rows.excluded + rows.rejected, "{rows:?}");
    let mut written = 0;
    for f in &outcome.report.files {
        let bytes = std::fs::read(out_dir.join(&f.path)).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        assert_eq!(bytes.len() as u64, f.bytes, "{}: size", f.path);
        let text = encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .unwrap_or_else(|| panic!("{}: not valid CP932", f.path));
        assert!(!text.contains('\0') && !text.chars().any(is_user_defined), "{}: NUL or user-defined", f.path);
        // Header plus one record per row.
        assert_eq!(csv_records(&bytes), f.rows + 1, "{}: records", f.path);
        written += f.rows;
    }
    assert_eq!(written, rows.written, "rows in files vs rows written");
    match &outcome.report.rejects_file {
        Some(p) => {
            let bytes = std::fs::read(out_dir.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{p}: no BOM");
            assert!(std::str::from_utf8(&bytes).is_ok(), "{p}: not UTF-8");
            assert_eq!(csv_records(&bytes[3..]), rows.rejected + 1, "{p}: records");
        }
        None => assert_eq!(rows.rejected, 0),
    }
}

#[derive(Debug)]
enum Direct {
    NotOpened,
    Read { records: u64, bound: bool },
    Failed,
}

fn read_directly(path: &Path, plan: &Plan) -> Direct {
    let Ok(mut file) = InputFile::open(path, plan.input.encoding) else { return Direct::NotOpened };
    let bound = file.bind(&plan.input.accepted_headers()).is_ok();
    let enc = file.encoding;
    let mut cache = FieldDecoder::new(64, false);
    let mut rec = csv::ByteRecord::new();
    let (mut records, mut last_line) = (0, 1);
    loop {
        match file.read(&mut rec) {
            Ok(true) => {}
            Ok(false) => return Direct::Read { records, bound },
            Err(_) => return Direct::Failed,
        }
        records += 1;
        let line = file.line(&rec);
        assert!(line > last_line, "record {records} on line {line}, after a record on line {last_line}");
        last_line = line;
        for (i, raw) in rec.iter().enumerate() {
            let mut text = String::new();
            let direct = decode_into(enc, raw, &mut text);
            if direct.is_ok() {
                assert!(!text.contains('\0'), "NUL decoded");
                match enc {
                    // CP932's user-defined area decodes to private use: never let through.
                    Detected::ShiftJis => assert!(!text.chars().any(is_user_defined), "user-defined character decoded"),
                    Detected::Utf8 { .. } | Detected::Utf16 { .. } => {
                        assert_eq!(Ok(text.as_str()), std::str::from_utf8(raw))
                    }
                }
            }
            if i < 64 {
                let mut cached = String::new();
                let via_cache = cache.decode(i, enc, raw, &mut cached);
                assert_eq!(via_cache.is_ok(), direct.is_ok(), "field cache disagrees");
                if direct.is_ok() {
                    assert_eq!(cached, text, "field cache disagrees");
                }
            }
            let _ = decode_lossy(enc, raw);
        }
    }
}

fn is_user_defined(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// Records in a CSV file whose records all end in a line break (as orderbridge writes them):
/// line breaks outside quotes, CRLF counted once. (Not the `csv` crate: building its reader
/// costs more than a whole run under coverage instrumentation.)
fn csv_records(bytes: &[u8]) -> u64 {
    let mut in_quotes = false;
    let mut n = 0;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes && (i == 0 || bytes[i - 1] != b'\r') => n += 1,
            b'\r' if !in_quotes => n += 1,
            _ => {}
        }
    }
    assert!(
        !in_quotes && (bytes.is_empty() || matches!(bytes.last(), Some(b'\n' | b'\r'))),
        "output ends inside a record"
    );
    n
}

// ---------------------------------------------------------------------------------------------
// (b) profile: arbitrary bytes as a profile
// ---------------------------------------------------------------------------------------------

/// A GoQ export (the bundled sample) for profiles that compile.
const SAMPLE: &[u8] = include_bytes!("../mappings/samples/goq_export_2014-10-16.csv");

/// The bytes (lossy UTF-8) as a profile: `validate` parses, compiles and runs its tests, and
/// the result is rendered. A profile that compiles also maps the bundled sample export in a
/// dry run: every upload and reject path it plans must stay inside the output folder.
pub fn profile(data: &[u8]) {
    let source = ProfileText::new("fuzz".into(), Origin::Builtin, String::from_utf8_lossy(data).into_owned());
    let v = validate(&source);
    let _ = v.render(&source.display_path(), orderbridge::i18n::Lang::En);
    // A base (`runnable = false`) is never compiled: it is fine when its files parse.
    assert_eq!(v.is_ok(), (v.plan.is_some() || v.base) && v.problem_count() == 0);
    let Some(plan) = &v.plan else { return };

    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("goq_export_2014-10-16.csv");
    std::fs::write(&input, SAMPLE).expect("write input");
    let out_dir = dir.path().join("out");
    let opts = RunOptions { dry_run: true, preview_rows: 2, ..RunOptions::new(out_dir.clone(), date(2014, 10, 16)) };
    if let Ok(o) = run(plan, &[input], &opts, &mut ()) {
        let rows = &o.report.rows;
        assert_eq!(rows.read, rows.written + rows.excluded + rows.rejected, "{rows:?}");
        for p in o.planned_files.iter().map(|f| f.path.as_str()).chain(o.report.rejects_file.as_deref()) {
            assert!(stays_inside(p), "planned output path {p:?} leaves the output folder");
        }
    }
    assert!(!out_dir.exists(), "a dry run created the output folder");
}

fn stays_inside(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty() && p.components().all(|c| matches!(c, std::path::Component::Normal(_)))
}

// ---------------------------------------------------------------------------------------------
// (c) tracking: the tracking-number normaliser and check digits
// ---------------------------------------------------------------------------------------------

/// Shipping methods of the shipped legacy profile and the carrier code each maps to.
pub const METHODS: &[(&str, &str)] = &[
    ("ヤマト運輸 宅急便", "1001"),
    ("佐川急便 飛脚宅配便", "1002"),
    ("クロネコゆうパケット", "1030"),
    ("日本郵便 ゆうパック", "1003"),
    ("EMS", "1017"),
    ("西濃運輸", "1004"),
    ("自社配送", "1000"),
    ("", ""),
];

/// Characters the shipped profile's `remove_chars` step removes.
const REMOVED: &str = " \t-‐‒–—―−ーｰ－";

/// The first byte chooses the shipping method ([`METHODS`]), the rest (lossy UTF-8) is the
/// お荷物伝票番号 of an otherwise valid row, decided by the shipped legacy profile. The
/// outcome must be what the profile says, computed here independently: normalised value,
/// Excel-damage rejection, and the check each carrier's case requires. The three check-digit
/// algorithms are also compared with reference implementations on the raw text.
pub fn tracking(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    let raw = String::from_utf8_lossy(rest);
    for (cd, reference) in [
        (CheckDigit::Mod7, mod7_ref as fn(&str) -> bool),
        (CheckDigit::Mod7First10, |s: &str| s.len() == 11 && mod7_ref(s)),
        (CheckDigit::UpuS10, upu_s10_ref),
    ] {
        assert_eq!(cd.is_valid(&raw), reference(&raw), "{cd:?} on {raw:?}");
    }

    let (method, code) = METHODS[usize::from(pick) % METHODS.len()];
    let status = if method.is_empty() { "発送待ち" } else { "処理済" };
    let row: Vec<(String, String)> = [
        ("受注番号", "100234-20241018-0000010000"),
        ("受注ステータス", status),
        ("出荷日", "2024/10/18"),
        ("配送方法", method),
        ("お荷物伝票番号", &raw),
        ("レコードナンバー", "133100002"),
        ("最終更新日時", "2024/10/17 13:45:00"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let actual = decide_row(legacy_plan(), &row, AS_OF).expect("every required column is given");

    match (normalise(&raw), &actual) {
        (None, Actual::Rejected { rule, .. }) if rule == "excel_damaged" => {}
        (Some(t), Actual::Rejected { rule, .. })
            if t.is_empty() && status == "処理済" && rule == "shipped_incomplete" => {}
        (Some(t), Actual::Rejected { rule, .. }) if !t.is_empty() && !passes(code, &t) && rule == "bad_tracking" => {}
        (Some(t), Actual::Written { columns, warnings, .. })
            if (t.is_empty() && status != "処理済") || (!t.is_empty() && passes(code, &t)) =>
        {
            let col = |name: &str| columns.iter().find(|(c, _)| c == name).map(|(_, v)| v.as_str());
            assert_eq!(col("お荷物伝票番号"), Some(t.as_str()), "normalised tracking number");
            assert_eq!(col("配送会社"), Some(code), "carrier code");
            let want: &[&str] = if code == "1000" { &["unknown_carrier"] } else { &[] };
            assert_eq!(warnings, want, "warnings");
        }
        (expected, actual) => {
            panic!("method {method:?}, tracking {raw:?}: normalised {expected:?}, but the row was {actual}")
        }
    }
}

/// The shipped profile's `[values.tracking]` steps, written out by hand: `None` when the
/// value is rejected as damaged by Excel.
pub fn normalise(raw: &str) -> Option<String> {
    let s = raw.trim(); // input.trim, then the `trim` step (the same)
    let s = s.strip_prefix('\'').unwrap_or(s);
    let s = if s.len() >= 3 && s.starts_with("=\"") && s.ends_with('"') { &s[2..s.len() - 1] } else { s };
    if excel_number(s) {
        return None;
    }
    let s: String = s.nfkc().filter(|c| !REMOVED.contains(*c)).collect();
    let s = s.to_uppercase();
    let b = s.as_bytes();
    let wrapped = |c: u8| (b'A'..=b'D').contains(&c);
    if b.len() >= 3 && wrapped(b[0]) && wrapped(b[b.len() - 1]) && b[1..b.len() - 1].iter().all(u8::is_ascii_digit) {
        return Some(s[1..s.len() - 1].to_string());
    }
    Some(s)
}

/// `^[0-9](\.[0-9]+)?E\+[0-9]+$`
fn excel_number(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |from: usize| b[from.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits(0) == 0 {
        return false;
    }
    let mut i = 1;
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    if !b[i..].starts_with(b"E+") {
        return false;
    }
    let n = digits(i + 2);
    n > 0 && i + 2 + n == b.len()
}

/// Whether the profile's `bad_tracking` check passes `t` (not empty) for carrier `code`.
fn passes(code: &str, t: &str) -> bool {
    let twelve = t.len() == 12 && t.bytes().all(|c| c.is_ascii_digit());
    match code {
        "1001" | "1002" | "1030" => twelve && mod7_ref(t),
        "1003" => (twelve && mod7_ref(t)) || (t.len() == 11 && mod7_ref(t)) || upu_s10_ref(t),
        "1017" => upu_s10_ref(t),
        _ => (1..=120).contains(&t.len()) && t.bytes().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()),
    }
}

/// 7DR: the number formed by all digits but the last, mod 7, is the last digit. Computed in
/// chunks of 18 digits (a different route from the engine's digit-by-digit fold).
fn mod7_ref(s: &str) -> bool {
    if s.len() < 2 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let (body, check) = s.split_at(s.len() - 1);
    let mut rem: u128 = 0;
    for chunk in body.as_bytes().chunks(18) {
        let value: u128 = std::str::from_utf8(chunk).unwrap().parse().unwrap();
        rem = (rem * 10u128.pow(chunk.len() as u32) + value) % 7;
    }
    rem.to_string() == check
}

/// UPU S10: `AA` + 8 digits + check digit + `AA`.
fn upu_s10_ref(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 13 || !s.is_ascii() {
        return false;
    }
    let (prefix, serial, check, suffix) = (&s[..2], &s[2..10], &s[10..11], &s[11..]);
    if !(prefix.chars().chain(suffix.chars()).all(|c| c.is_ascii_uppercase())
        && serial.chars().chain(check.chars()).all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let sum: u32 = serial.chars().zip([8, 6, 4, 2, 3, 5, 9, 7]).map(|(d, w)| d.to_digit(10).unwrap() * w).sum();
    let expected = match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        c => c,
    };
    check == expected.to_string()
}

// ---------------------------------------------------------------------------------------------
// Seed corpus
// ---------------------------------------------------------------------------------------------

/// The seed files of one target (`fuzz/corpus/<target>/seed-*`), sorted; inputs libFuzzer
/// added next to them are not seeds.
pub fn seeds(corpus_dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut seeds: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(corpus_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", corpus_dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("seed-")))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read seed");
            (p, bytes)
        })
        .collect();
    seeds.sort();
    seeds
}
