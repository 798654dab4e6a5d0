//! The words an operator meets: a parameter's type in the catalog's words, a rule's message
//! shown whole in the summary, the "one rule excluded most rows" note only when the run found
//! nothing to upload, and a run's own row list refused as an input, saying which file to use.

use std::path::PathBuf;

use crate::common::*;

/// `orderbridge ARGS` in Japanese, from the workspace: (exit code, stdout + stderr).
fn japanese(ws: &Workspace, args: &[&str]) -> (i32, String) {
    let out = bin().current_dir(ws.path()).env("ORDERBRIDGE_LANG", "ja").args(args).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().expect("exit code"), text)
}

#[test]
fn a_parameter_type_is_named_in_japanese_words() {
    let ws = Workspace::new();
    let input = ws.write("orders.csv", Table::for_profile(LEGACY).row(LEGACY, &[]).cp932());
    let input = input.to_str().unwrap();
    let (code, text) = japanese(
        &ws,
        &["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "--set", "window_days=一週間", input],
    );
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--set window_days=一週間: window_days には整数を指定してください"), "{text}");
    assert!(!text.contains("integer"), "no TOML type name in a Japanese message: {text}");

    let child = ws.write("child.toml", "extends = \"goq-rakuten-legacy\"\n\n[params.window_days]\ndefault = \"7\"\n");
    let (code, text) = japanese(&ws, &["validate-profile", child.to_str().unwrap()]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("type の指定どおり、default には整数を書いてください"), "{text}");
    assert!(!text.contains("integer 型"), "{text}");
}

#[test]
fn a_warning_message_is_shown_whole_in_the_summary() {
    let ws = Workspace::new();
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("配送方法", "自社便ABC"), ("お荷物伝票番号", "X1")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    let whole = "配送方法「自社便ABC」に当てはまる配送会社がないため 1000（その他）にしました。\
                 正しい会社なら [lookups.carrier_code] にパターンを追加してください。 (×1)";
    let line = r.stderr.lines().position(|l| l.contains("(unknown_carrier)")).unwrap_or_else(|| panic!("{}", r.stderr));
    assert_eq!(r.stderr.lines().nth(line + 1).map(str::trim), Some(whole), "under its rule's line: {}", r.stderr);
    assert!(!r.stderr.contains("…"), "nothing is cut: {}", r.stderr);
}

/// A long value makes the message longer than a line of the summary: it is shown whole all
/// the same (its second sentence says where to act).
#[test]
fn a_long_warning_message_is_shown_whole_too() {
    let ws = Workspace::new();
    let method = format!("自社便{}", "大型家具の設置込み配達".repeat(5));
    let t = Table::for_profile(LEGACY).row(LEGACY, &[("配送方法", method.as_str()), ("お荷物伝票番号", "X1")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 0, "{}", r.context());
    let whole = format!(
        "配送方法「{method}」に当てはまる配送会社がないため 1000（その他）にしました。\
         正しい会社なら [lookups.carrier_code] にパターンを追加してください。 (×1)"
    );
    let line = r.stderr.lines().position(|l| l.contains("(unknown_carrier)")).unwrap_or_else(|| panic!("{}", r.stderr));
    assert_eq!(
        r.stderr.lines().nth(line + 1).map(str::trim),
        Some(whole.as_str()),
        "under its rule's line: {}",
        r.stderr
    );
}

/// Ten orders, `own` of them from the Rakuten store and the rest from Yahoo! (which the
/// legacy profile's `other_store` rule excludes).
fn mall_day(ws: &Workspace, own: usize) -> RunResult {
    let mut t = Table::for_profile(LEGACY);
    for n in 0..10 {
        let order = format!("100234-20241018-00000{:05}", 10000 + n);
        let store = if n < own { "楽天市場店" } else { "Yahoo!ショッピング店" };
        t = t.row(LEGACY, &[("受注番号", order.as_str()), ("販売店舗", store)]);
    }
    ws.run_table(LEGACY, &t)
}

#[test]
fn the_mostly_excluded_note_is_only_for_a_run_with_nothing_to_upload() {
    let ws = Workspace::new();
    let r = mall_day(&ws, 2);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.by_rule("excluded_by_rule"), [("other_store".to_string(), 8)].into(), "{}", r.context());
    assert_eq!(r.rows("written"), 2);
    assert!(!r.stderr.contains("excluded 8 of 10"), "a shop on several malls, on an ordinary day: {}", r.stderr);

    let ws = Workspace::new();
    let r = mall_day(&ws, 0);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("written"), 0);
    assert!(
        r.stderr.contains("note     nothing to upload: other_store excluded 10 of 10 rows."),
        "no row of the profile's own stores at all: {}",
        r.stderr
    );
}

/// A run that rejects one row (and warns on another): its reject file and warned list.
fn lists(ws: &Workspace) -> (PathBuf, PathBuf) {
    let t = Table::for_profile(LEGACY)
        .row(LEGACY, &[("受注ステータス", "出荷完了")])
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010001"), ("配送方法", "自社便"), ("お荷物伝票番号", "X1")]);
    let r = ws.run_table(LEGACY, &t);
    assert_eq!(r.code, 1, "{}", r.context());
    let name = |prefix: &str| {
        let f = r.files().into_iter().find(|f| f.starts_with(prefix)).unwrap_or_else(|| panic!("{:?}", r.files()));
        r.out.join(f)
    };
    (name("rejected_"), name("warned_"))
}

#[test]
fn a_row_list_given_back_as_an_input_is_refused_saying_which_file_to_use() {
    let ws = Workspace::new();
    let (rejected, warned) = lists(&ws);
    for list in [rejected, warned] {
        let again = Workspace::new();
        let r = again.run(LEGACY, AS_OF, std::slice::from_ref(&list), &[]);
        assert_eq!(r.code, 2, "{}", r.context());
        let name = list.display().to_string();
        assert!(
            r.stderr.contains(&format!(
                "{name}:1: this is a list of rows a run wrote (its first columns are 入力ファイル, 行, ルール, 理由), not an export"
            )),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("in its 入力ファイル column"), "{}", r.stderr);
        assert!(files_under(&again.out()).is_empty(), "nothing written: {:?}", files_under(&again.out()));
    }
}
