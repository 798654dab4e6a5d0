//! Each profile's lists of rows (rejected, warned, excluded) are its own: profiles run into
//! one `--out` never write over, move or delete each other's lists, and a profile's own stale
//! list is archived with its upload files, never deleted.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;

const PAY_REJECTS: &str = "rejected_goq-rakuten-pay_20241018.csv";
const YAHOO_REJECTS: &str = "rejected_goq-yahoo_20241018.csv";

/// An export with the profile's good row and, if `reject`, a row whose status it does not know.
fn export(ws: &Workspace, profile: &str, name: &str, reject: bool) -> PathBuf {
    let order = if profile == YAHOO { "sample-store-10000009" } else { "100234-20241018-0000010009" };
    let mut t = Table::new(GOQ_HEADER).row(profile, &[]);
    if reject {
        t = t.row(profile, &[("受注番号", order), ("受注ステータス", "謎のステータス")]);
    }
    ws.write(name, t.cp932())
}

/// The paths (relative) of the files in the archive folder's one dated folder per archive.
fn archived_files(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let Ok(stamps) = fs::read_dir(out.join(".orderbridge.archive")) else { return found };
    for stamp in stamps.flatten() {
        for rel in files_under(&stamp.path()) {
            let bytes = fs::read(stamp.path().join(&rel)).unwrap();
            found.push((rel, bytes));
        }
    }
    found.sort();
    found
}

/// The README's morning: 楽天ペイ then Yahoo! into one `upload`, each with rows to fix; the
/// next run of Yahoo! has none. Every list stays its profile's: none is overwritten or lost,
/// and Yahoo!'s stale one is archived with the same bytes.
#[test]
fn two_profiles_in_one_folder_keep_their_own_lists_and_a_stale_one_is_archived() {
    let ws = Workspace::new();
    let pay = ws.run(PAY, AS_OF, &[export(&ws, PAY, "pay.csv", true)], &[]);
    assert_eq!(pay.code, 1, "{}", pay.context());
    assert_eq!(pay.report()["rejects_file"], PAY_REJECTS);
    let pay_list = pay.bytes(PAY_REJECTS);
    assert!(String::from_utf8_lossy(&pay_list).contains("100234-20241018-0000010009"));

    let yahoo = ws.run(YAHOO, AS_OF, &[export(&ws, YAHOO, "yahoo.csv", true)], &[]);
    assert_eq!(yahoo.code, 1, "{}", yahoo.context());
    assert_eq!(yahoo.report()["rejects_file"], YAHOO_REJECTS);
    let yahoo_list = yahoo.bytes(YAHOO_REJECTS);
    assert!(String::from_utf8_lossy(&yahoo_list).contains("sample-store-10000009"));
    assert_eq!(yahoo.bytes(PAY_REJECTS), pay_list, "楽天ペイ's list is untouched by Yahoo!'s run");
    let not_ours = &yahoo.report()["not_from_this_run"];
    assert_eq!(not_ours.as_array().unwrap().len(), 0, "another profile's files are not strangers: {not_ours}");

    // Yahoo! again, every row fixed: its own list is stale and archived, 楽天ペイ's stays.
    let again = ws.run(YAHOO, AS_OF, &[export(&ws, YAHOO, "yahoo2.csv", false)], &[]);
    assert_eq!(again.code, 0, "{}", again.context());
    assert!(again.report()["rejects_file"].is_null());
    assert_eq!(again.report()["archived"], serde_json::json!([YAHOO_REJECTS]));
    assert_eq!(
        again.files(),
        ["rakuten/hassou_20241018.csv", PAY_REJECTS, "yahoo/shipstatus_20241018.csv"],
        "{}",
        again.stderr
    );
    assert_eq!(again.bytes(PAY_REJECTS), pay_list);
    assert_eq!(archived_files(&ws.out()), [(YAHOO_REJECTS.to_string(), yahoo_list)], "the same bytes, kept");

    // 楽天ペイ the next day with nothing to fix: its list of the 18th is archived too.
    let next = ws.run(PAY, "2024-10-19", &[export(&ws, PAY, "pay2.csv", false)], &[]);
    assert_eq!(next.code, 0, "{}", next.context());
    let archived: Vec<String> = archived_files(&ws.out()).into_iter().map(|(rel, _)| rel).collect();
    assert!(archived.contains(&PAY_REJECTS.to_string()), "{archived:?}");
    assert!(!next.files().iter().any(|f| f.starts_with("rejected_")), "{:?}", next.files());
}

/// A child profile of each marketplace that gives its reject list the same path as the other.
fn same_list_path(ws: &Workspace, name: &str, parent: &str) -> PathBuf {
    let text = format!(
        "extends = \"{parent}\"\ndescription = \"test\"\n[output.rejects]\npath = \"rejected_{{as_of:%Y%m%d}}.csv\"\n"
    );
    ws.write(&format!("{name}.toml"), text)
}

/// Two profiles whose lists have one path: the second never writes over the first's list
/// (it stops with nothing written, saying whose list it is) and never removes it.
#[test]
fn a_list_of_another_profile_is_never_written_over_nor_removed() {
    let ws = Workspace::new();
    let a = same_list_path(&ws, "shop-pay", PAY);
    let b = same_list_path(&ws, "shop-yahoo", YAHOO);
    let a = a.to_string_lossy().into_owned();
    let b = b.to_string_lossy().into_owned();
    let first = ws.run(&a, AS_OF, &[export(&ws, PAY, "pay.csv", true)], &[]);
    assert_eq!(first.code, 1, "{}", first.context());
    let list = first.bytes("rejected_20241018.csv");

    let clash = ws.run(&b, AS_OF, &[export(&ws, YAHOO, "yahoo.csv", true)], &[]);
    assert_eq!(clash.code, 2, "{}", clash.context());
    assert!(
        clash.stderr.contains("rejected_20241018.csv is a file of profile shop-pay's last run"),
        "{}",
        clash.stderr
    );
    assert_eq!(clash.bytes("rejected_20241018.csv"), list, "not written over");
    assert!(!clash.files().contains(&"yahoo/shipstatus_20241018.csv".to_string()), "nothing written");

    let clean = ws.run(&b, AS_OF, &[export(&ws, YAHOO, "yahoo2.csv", false)], &[]);
    assert_eq!(clean.code, 0, "{}", clean.context());
    assert_eq!(clean.bytes("rejected_20241018.csv"), list, "not removed nor moved");
    assert!(archived_files(&ws.out()).is_empty());
}
