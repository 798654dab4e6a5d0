//! The tool's own words in Japanese and English. The language comes from `--lang`,
//! `ORDERBRIDGE_LANG` or the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`); these tests set it
//! explicitly (the rest of the suite runs in English, see `common::bin`). The facts (files,
//! lines, counts, rule names) are the same in both languages, and the JSON report does not
//! change with the language.

use std::path::PathBuf;
use std::process::Output;

use crate::common::*;

/// How a test chooses the language.
#[derive(Clone, Copy, Debug)]
enum Choice {
    /// `--lang ja|en` on the command line (with the opposite locale, to show it wins).
    Flag(&'static str),
    /// The locale: `LANG=…`, nothing else set.
    Lang(&'static str),
}

/// The binary run from `ws` with `args`, the language chosen by `choice` only.
fn ob(ws: &Workspace, choice: Choice, args: &[&std::ffi::OsStr]) -> Output {
    let mut c = bin();
    c.current_dir(ws.path())
        .env_remove("ORDERBRIDGE_MAPPINGS")
        .env_remove("ORDERBRIDGE_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    match choice {
        Choice::Flag(lang) => {
            c.env("LANG", if lang == "ja" { "C" } else { "ja_JP.UTF-8" }).arg("--lang").arg(lang);
        }
        Choice::Lang(locale) => {
            c.env("LANG", locale);
        }
    }
    c.args(args).output().unwrap()
}

const JA: [Choice; 2] = [Choice::Flag("ja"), Choice::Lang("ja_JP.UTF-8")];

impl Choice {
    fn is_ja(self) -> bool {
        matches!(self, Choice::Flag("ja") | Choice::Lang("ja_JP.UTF-8"))
    }
}
const EN: [Choice; 2] = [Choice::Flag("en"), Choice::Lang("C")];

fn run_in(ws: &Workspace, choice: Choice, inputs: &[PathBuf], extra: &[&str]) -> (i32, String) {
    let out = ws.out();
    let report = ws.report_path();
    let mut args: Vec<&std::ffi::OsStr> =
        ["run", "--profile", LEGACY, "--as-of", AS_OF, "--out"].map(|s| s.as_ref()).to_vec();
    args.push(out.as_os_str());
    args.extend(["--report".as_ref(), report.as_os_str()]);
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    let o = ob(ws, choice, &args);
    (o.status.code().unwrap(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Whether `text` holds an English sentence of the tool: a run of three or more lowercase
/// ASCII words (rule names like `unknown_status`, paths and the profile's own words aside).
fn english_sentence(text: &str) -> Option<String> {
    // The usage line names the commands (`orderbridge profile show`).
    for line in text.lines().filter(|l| !l.starts_with("使い方:")) {
        let words: Vec<&str> = line.split([' ', ':', ';', ',', '(', ')']).filter(|w| !w.is_empty()).collect();
        for w in words.windows(3) {
            if w.iter().all(|x| x.chars().all(|c| c.is_ascii_lowercase()) && x.len() > 1) {
                return Some(line.to_string());
            }
        }
    }
    None
}

fn clean_export() -> Vec<u8> {
    Table::for_profile(LEGACY).row(LEGACY, &[]).row(LEGACY, &[("受注番号", "100234-20241018-0000010001")]).cp932()
}

fn export_with_a_reject() -> Vec<u8> {
    Table::for_profile(LEGACY)
        .row(LEGACY, &[])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010002"), ("受注ステータス", "謎の状態")])
        .cp932()
}

#[test]
fn a_clean_run_summary_reads_like_rakutens_result_mail_in_japanese() {
    for choice in JA {
        let ws = Workspace::new();
        let input = ws.write("orders.csv", clean_export());
        let (code, err) = run_in(&ws, choice, &[input], &[]);
        assert_eq!(code, 0, "{choice:?}: {err}");
        assert!(err.contains("正常終了:2件、エラー:0件、除外:0件（読み込み:2件）"), "{choice:?}:\n{err}");
        assert!(err.contains("rakuten/tuuzyou_2024_10_18.csv"), "{choice:?}:\n{err}");
        assert!(err.contains("orders.csv（Shift_JIS、2件）"), "{choice:?}:\n{err}");
        assert_eq!(english_sentence(&err), None, "{choice:?}:\n{err}");
    }
}

#[test]
fn a_clean_run_summary_is_english_under_an_english_locale() {
    for choice in EN {
        let ws = Workspace::new();
        let input = ws.write("orders.csv", clean_export());
        let (code, err) = run_in(&ws, choice, &[input], &[]);
        assert_eq!(code, 0, "{choice:?}: {err}");
        assert!(err.contains("result: 2 written, 0 rejected, 0 excluded (of 2 read)"), "{choice:?}:\n{err}");
        assert!(err.contains("  written        2"), "{choice:?}:\n{err}");
        assert!(!err.contains("件"), "{choice:?}:\n{err}");
    }
}

#[test]
fn a_run_with_rejects_names_the_reject_file_and_the_rule_in_both_languages() {
    for (choice, says) in [
        (
            JA[0],
            &[
                "エラー:1件",
                "unknown_status",
                "エラーの行は",
                "rejected_goq-rakuten-legacy_20241018.csv",
                "「理由」の列",
            ][..],
        ),
        (JA[1], &["正常終了:1件、エラー:1件"][..]),
        (
            EN[0],
            &[
                "result: 1 written, 1 rejected",
                "unknown_status",
                "rejected rows listed in",
                "rejected_goq-rakuten-legacy_20241018.csv",
            ][..],
        ),
        (EN[1], &["its reason column says what to fix"][..]),
    ] {
        let ws = Workspace::new();
        let input = ws.write("orders.csv", export_with_a_reject());
        let (code, err) = run_in(&ws, choice, &[input], &[]);
        assert_eq!(code, 1, "{choice:?}: {err}");
        for s in says {
            assert!(err.contains(s), "{choice:?}: no {s:?} in\n{err}");
        }
        if choice.is_ja() {
            assert_eq!(english_sentence(&err), None, "{choice:?}:\n{err}");
        }
    }
}

#[test]
fn the_json_report_is_the_same_in_both_languages() {
    let mut reports = Vec::new();
    let ws = Workspace::new();
    ws.write("orders.csv", export_with_a_reject());
    for choice in [JA[0], EN[0]] {
        let _ = std::fs::remove_dir_all(ws.out());
        // Without history: a report names its ledger, each command's own here.
        let (code, err) = run_in(&ws, choice, &["orders.csv".into()], &["--no-ledger"]);
        assert_eq!(code, 1, "{err}");
        reports.push(std::fs::read(ws.report_path()).unwrap());
    }
    assert_eq!(String::from_utf8_lossy(&reports[0]), String::from_utf8_lossy(&reports[1]));
}

/// Each kind of input error: its Japanese and English words, with the same file and line.
#[test]
fn input_errors_in_both_languages() {
    let header_only = Table::for_profile(LEGACY).cp932();
    let missing_column = Table::new(&["受注番号", "受注ステータス"]).row(LEGACY, &[]).cp932();
    let mut unclosed = Table::for_profile(LEGACY).row(LEGACY, &[]).text("\r\n");
    unclosed.push_str("\"100234-20241018-0000010003,楽天市場店\r\n");
    let cases: [(&str, Option<Vec<u8>>, &str, &str); 5] = [
        (
            "missing.csv",
            None,
            "missing.csv: ファイルまたはフォルダーが見つかりません",
            "missing.csv: No such file or directory",
        ),
        ("empty.csv", Some(Vec::new()), "empty.csv: ファイルが空です", "empty.csv: the file is empty"),
        (
            "columns.csv",
            Some(missing_column),
            "受注データに method の列がありません",
            "required column for `method` not found",
        ),
        (
            "quote.csv",
            Some(sjis(&unclosed)),
            "quote.csv（3行目）：この行で始まる",
            "quote.csv:3: a quoted field starts on this line",
        ),
        ("header.csv", Some(header_only), "正常終了:0件", "result: 0 written"),
    ];
    for (name, bytes, ja, en) in cases {
        for (choices, says, prefix) in [(JA, ja, "エラー: "), (EN, en, "error: ")] {
            for choice in choices {
                let ws = Workspace::new();
                let input = match &bytes {
                    Some(b) => ws.write(name, b),
                    None => ws.path().join(name),
                };
                let (code, err) = run_in(&ws, choice, &[input], &[]);
                assert!(err.contains(says), "{name} {choice:?}: no {says:?} in\n{err}");
                if code == 2 {
                    assert!(err.starts_with(prefix), "{name} {choice:?}:\n{err}");
                }
                if prefix == "エラー: " {
                    assert_eq!(english_sentence(&err), None, "{name} {choice:?}:\n{err}");
                }
            }
        }
    }
}

#[test]
fn validate_profile_speaks_the_language_for_a_valid_and_an_invalid_profile() {
    let ws = Workspace::new();
    let broken = ws.write("broken.toml", "[profile]\nname = \"x\"\n\n[[tests]]\nname = \"t\"\n");
    for (choice, valid, invalid) in [
        (JA[0], "問題なし: 問題 0件", "使えません"),
        (JA[1], "テスト ", "失敗したテスト 0件"),
        (EN[0], "valid: 0 problem(s)", "INVALID"),
        (EN[1], "test(s) run", "0 failed"),
    ] {
        let o = ob(&ws, choice, &["validate-profile".as_ref(), LEGACY.as_ref()]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{choice:?}: {out}");
        assert!(out.contains(valid), "{choice:?}: no {valid:?} in\n{out}");
        let o = ob(&ws, choice, &["validate-profile".as_ref(), broken.as_os_str()]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(2), "{choice:?}: {out}");
        assert!(out.contains("broken.toml"), "{choice:?}: {out}");
        assert!(out.contains(invalid), "{choice:?}: no {invalid:?} in\n{out}");
    }
}

/// A profile that parses but does not compile (a step names a lookup that does not exist):
/// the located diagnostic, with its "did you mean", in each language.
#[test]
fn a_profile_diagnostic_is_worded_in_the_language() {
    let ws = Workspace::new();
    let shipped =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/goq-yahoo.toml"));
    let text = shipped.unwrap().replace(r#"{ lookup = "yahoo_carrier" }"#, r#"{ lookup = "yahoo_carier" }"#);
    let path = ws.write("my-shop.toml", text);
    for (choices, says) in [
        (JA, "変換表 `yahoo_carier` はありません （もしかして「yahoo_carrier」ですか？）"),
        (EN, "unknown lookup `yahoo_carier` (did you mean `yahoo_carrier`?)"),
    ] {
        for choice in choices {
            let o = ob(&ws, choice, &["validate-profile".as_ref(), path.as_os_str()]);
            let out = String::from_utf8_lossy(&o.stdout);
            assert_eq!(o.status.code(), Some(2), "{choice:?}: {out}");
            assert!(out.contains("my-shop.toml:"), "{choice:?}: {out}");
            assert!(out.contains(says), "{choice:?}: no {says:?} in\n{out}");
            if choices[0].is_ja() {
                assert_eq!(english_sentence(&out), None, "{choice:?}:\n{out}");
            }
        }
    }
}

/// A value of the wrong type (text where a number goes) is named with both kinds, in words.
#[test]
fn a_value_of_the_wrong_type_is_explained_in_the_language() {
    let ws = Workspace::new();
    let child = "extends = \"goq-rakuten-legacy\"\n[[rules]]\nname = \"stale\"\naction = \"exclude\"\n\
                 when = { value = \"updated\", older_than_days = \"x\" }\n";
    let path = ws.write("my-shop.toml", child);
    for (choices, says) in [
        (JA, "my-shop.toml:5:47: この値は文字列 \"x\"ですが、ここには整数を書きます"),
        (EN, "my-shop.toml:5:47: this value is text \"x\", but this key takes a whole number"),
    ] {
        for choice in choices {
            let o = ob(&ws, choice, &["validate-profile".as_ref(), path.as_os_str()]);
            let out = String::from_utf8_lossy(&o.stdout);
            assert_eq!(o.status.code(), Some(2), "{choice:?}: {out}");
            assert!(out.contains(says), "{choice:?}: no {says:?} in\n{out}");
            if choices[0].is_ja() {
                assert_eq!(english_sentence(&out), None, "{choice:?}:\n{out}");
            }
        }
    }
}

#[test]
fn help_of_every_command_is_japanese_under_a_japanese_locale() {
    let ws = Workspace::new();
    for cmd in
        [&[][..], &["run"], &["validate-profile"], &["list-profiles"], &["profile"], &["profile", "show"], &["serve"]]
    {
        let mut args: Vec<&std::ffi::OsStr> = cmd.iter().map(|s| s.as_ref()).collect();
        args.push("--help".as_ref());
        for choice in JA {
            let o = ob(&ws, choice, &args);
            let out = String::from_utf8_lossy(&o.stdout);
            assert!(o.status.success(), "{cmd:?} {choice:?}");
            assert!(out.contains("使い方:"), "{cmd:?} {choice:?}:\n{out}");
            assert!(!out.contains("Usage:") && !out.contains("Print help"), "{cmd:?} {choice:?}:\n{out}");
            assert_eq!(english_sentence(&out), None, "{cmd:?} {choice:?}:\n{out}");
        }
        for choice in EN {
            let o = ob(&ws, choice, &args);
            let out = String::from_utf8_lossy(&o.stdout);
            assert!(out.contains("Usage:") && out.contains("Print help"), "{cmd:?} {choice:?}:\n{out}");
        }
    }
}

#[test]
fn the_locale_variables_are_read_in_order_and_orderbridge_lang_overrides_them() {
    let ws = Workspace::new();
    let help = |vars: &[(&str, &str)]| {
        let mut c = bin();
        c.current_dir(ws.path())
            .env_remove("ORDERBRIDGE_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        for (k, v) in vars {
            c.env(k, v);
        }
        String::from_utf8_lossy(&c.arg("--help").output().unwrap().stdout).into_owned()
    };
    assert!(help(&[]).contains("Usage:"));
    assert!(help(&[("LC_ALL", "ja_JP.UTF-8"), ("LANG", "C")]).contains("使い方:"));
    assert!(help(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")]).contains("Usage:"));
    assert!(help(&[("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")]).contains("使い方:"));
    assert!(help(&[("ORDERBRIDGE_LANG", "ja"), ("LANG", "C")]).contains("使い方:"));
    assert!(help(&[("ORDERBRIDGE_LANG", "en"), ("LANG", "ja_JP.UTF-8")]).contains("Usage:"));
}

#[test]
fn usage_errors_are_worded_in_the_language_too() {
    let ws = Workspace::new();
    for (args, ja, en) in [
        (
            // `--out` may come from the shop file: the export is what is always required.
            &["run", "--profile", LEGACY][..],
            "指定が足りません: <受注データ>...",
            "the following required arguments were not provided",
        ),
        (&["run", "--bogus"], "そのようなオプションはありません: --bogus", "unexpected argument '--bogus'"),
        (&["runn"], "（もしかして「run」ですか？）", "unrecognized subcommand 'runn'"),
    ] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        for (choices, says) in [(JA, ja), (EN, en)] {
            for choice in choices {
                let o = ob(&ws, choice, &args);
                let err = String::from_utf8_lossy(&o.stderr);
                assert_eq!(o.status.code(), Some(2), "{args:?} {choice:?}: {err}");
                assert!(err.contains(says), "{args:?} {choice:?}: no {says:?} in\n{err}");
            }
        }
    }
}

/// The Japanese summary names a built-in profile in words (no `<built-in>/….toml`, which is
/// no file on disk), and the values behind a rule's count read as Japanese: in 「（…、…）」
/// with 件, not `: a ×2, b ×1`. English keeps its own punctuation.
#[test]
fn the_summary_punctuates_examples_and_names_a_built_in_profile_in_the_language() {
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("受注番号", "100234-20241018-0000020001"), ("販売店舗", "〇〇本店")])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000020002"), ("販売店舗", "〇〇本店")])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000020003"), ("販売店舗", "△△店")])
        .row(
            LEGACY,
            &[("受注番号", "100234-20241018-0000020004"), ("配送方法", "自社便ABC"), ("お荷物伝票番号", "X1")],
        );
    let ws = Workspace::new();
    let input = ws.write("orders.csv", t.cp932());

    let (code, ja) = run_in(&ws, JA[0], std::slice::from_ref(&input), &[]);
    assert_eq!(code, 0, "{ja}");
    assert!(ja.contains(&format!("プロファイル {LEGACY}（組み込み）、基準日")), "{ja}");
    assert!(!ja.contains("<built-in>"), "{ja}");
    assert!(ja.contains("楽天の店舗の注文ではありません。（〇〇本店 2件、△△店 1件）"), "{ja}");
    assert!(ja.contains("にパターンを追加してください。（1件）"), "{ja}");
    assert!(!ja.contains('×'), "{ja}");

    let (code, en) = run_in(&ws, EN[0], &[input], &[]);
    assert_eq!(code, 0, "{en}");
    assert!(en.contains(&format!("profile {LEGACY} (built in), as of")), "{en}");
    assert!(en.contains("楽天の店舗の注文ではありません。: 〇〇本店 ×2, △△店 ×1"), "{en}");
    assert!(en.contains("にパターンを追加してください。 (×1)"), "{en}");
}

/// The three states of an upload file read the same in every Japanese screen: the summary's
/// hint says to record the file as 「アップロード済み」, `ledger files` shows 未記録 and then
/// 済み（time） under アップロード, and `ledger confirm` answers アップロード済みにしました.
#[test]
fn the_ledger_speaks_of_uploaded_files_in_one_word_in_japanese() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", clean_export());
    let ledger = ws.path().join("history.sqlite");
    let (out, ledger_s) = (ws.out(), ledger.to_str().unwrap());
    let run = ob(
        &ws,
        JA[0],
        &os_args(&[
            "run",
            "--profile",
            LEGACY,
            "--as-of",
            AS_OF,
            "--out",
            out.to_str().unwrap(),
            "--ledger",
            ledger_s,
            input.to_str().unwrap(),
        ]),
    );
    let (code, text) = said(&run);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains(&format!("送信履歴 {ledger_s}：この実行を #1 として記録しました")), "{text}");
    assert!(text.contains("次のコマンドで「アップロード済み」と記録してください"), "{text}");

    let (code, files) = said(&ob(&ws, JA[0], &os_args(&["ledger", "--ledger", ledger_s, "files"])));
    assert_eq!(code, Some(0), "{files}");
    assert!(files.contains("アップロード") && files.contains("未記録"), "{files}");
    assert!(!files.contains("確認"), "{files}");

    let (code, confirmed) = said(&ob(&ws, JA[0], &os_args(&["ledger", "--ledger", ledger_s, "confirm", "--last"])));
    assert_eq!(code, Some(0), "{confirmed}");
    assert!(confirmed.contains("アップロード済みにしました（2件。実行 #1 で"), "{confirmed}");

    let (code, files) = said(&ob(&ws, JA[0], &os_args(&["ledger", "--ledger", ledger_s, "files"])));
    assert_eq!(code, Some(0), "{files}");
    assert!(files.contains("済み（") && !files.contains("未記録"), "{files}");
}

/// An exit code and everything printed.
fn said(o: &Output) -> (Option<i32>, String) {
    (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr))
}

fn os_args<'a>(v: &[&'a str]) -> Vec<&'a std::ffi::OsStr> {
    v.iter().map(|s| std::ffi::OsStr::new(*s)).collect()
}

/// A column the export lacks is named with the value every row gets, quoted as the language
/// quotes (「…」 in Japanese; not Rust's `"…"`).
#[test]
fn a_defaulted_column_quotes_its_value_in_the_language() {
    let header: Vec<&str> = GOQ_HEADER.iter().copied().filter(|h| *h != "注文種別").collect();
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::new(&header).row(LEGACY, &[]).cp932());
    let (code, ja) = run_in(&ws, JA[0], std::slice::from_ref(&input), &[]);
    assert_eq!(code, 0, "{ja}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(ws.report_path()).unwrap()).unwrap();
    let default = report["defaulted_fields"][0]["default"].as_str().unwrap().to_string();
    assert!(!default.is_empty(), "{report}");
    assert!(ja.contains(&format!("の列がないため、すべての行で「{default}」を使いました")), "{ja}");
    let (code, en) = run_in(&ws, EN[0], &[input], &[]);
    assert_eq!(code, 0, "{en}");
    assert!(en.contains(&format!("every row of it gets \"{default}\"")), "{en}");
}

/// Lists of column names are separated as the language separates them: 「、」 in Japanese,
/// ", " in English.
#[test]
fn a_list_of_columns_is_separated_in_the_language() {
    let ws = Workspace::new();
    let input = ws.write("columns.csv", Table::new(&["受注番号", "受注ステータス"]).row(LEGACY, &[]).cp932());
    let (code, ja) = run_in(&ws, JA[0], std::slice::from_ref(&input), &[]);
    assert_eq!(code, 2, "{ja}");
    assert!(ja.contains("この受注データの列: 受注番号、受注ステータス"), "{ja}");
    assert!(ja.contains("（使える列名: 配送方法、配送会社、配送業者）"), "{ja}");
    let (code, en) = run_in(&ws, EN[0], &[input], &[]);
    assert_eq!(code, 2, "{en}");
    assert!(en.contains("the header has: 受注番号, 受注ステータス"), "{en}");
}

/// The placeholders of the Japanese --help are words the reader fills in (`<受注データ>`,
/// `--out <フォルダー>`), not clap's English `<INPUT>` / `<FILE>`; literal forms stay.
#[test]
fn the_japanese_help_names_its_placeholders_in_japanese() {
    let ws = Workspace::new();
    let o = ob(&ws, JA[0], &os_args(&["run", "--help"]));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.contains("使い方: orderbridge run [OPTIONS] <受注データ>..."), "{help}");
    assert!(help.contains("--out <フォルダー>") && help.contains("--shop <ファイル>"), "{help}");
    assert!(help.contains("--as-of <YYYY-MM-DD>"), "{help}");
    assert!(!help.contains("<INPUT>") && !help.contains("<FILE>") && !help.contains("<OUT>"), "{help}");
    let o = ob(&ws, EN[0], &os_args(&["run", "--help"]));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.contains("<INPUT>...") && help.contains("--out <OUT>"), "{help}");
}
