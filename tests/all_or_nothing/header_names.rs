//! Header names read as typed (a zero-width space after a name, a full-width name, one edit from
//! an optional field's name) and a UTF-8 export read through a pipe as from the file.

use std::io::Write;
use std::process::Stdio;

use super::{assert_exit, assert_tree, final_files, ob, stderr, tree};
use crate::common::*;

// ------------------------------------------------------------------------------------------
// Header names as people type them
// ------------------------------------------------------------------------------------------

fn stores_table(header: &[&str]) -> Table {
    let mut t = Table::new(header);
    let rows: Vec<(u32, &str)> = vec![(1, "楽天市場店"), (2, "楽天2号店"), (3, "楽天2号店")];
    let store = header[1];
    for (n, s) in rows {
        let number = format!("100234-20241018-{n:010}");
        let record = format!("{}", 133_100_000 + n);
        t = t.row(LEGACY, &[("受注番号", &number), ("レコードナンバー", &record), (store, s)]);
    }
    t
}

#[test]
fn a_zero_width_space_after_a_header_name_is_read_as_the_name() {
    let clean_ws = Workspace::new();
    let clean = clean_ws.write("orders.csv", stores_table(GOQ_HEADER).utf8());
    let r = clean_ws.run(LEGACY, AS_OF, &[clean], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    let want = tree(&clean_ws.out());
    assert_eq!(final_files(&want), ["rakuten/tuuzyou_2024_10_18.csv", "rakuten2/tuuzyou_2024_10_18.csv"]);

    let mut header = GOQ_HEADER.to_vec();
    header[1] = "販売店舗\u{200B}";
    let ws = Workspace::new();
    let input = ws.write("orders.csv", stores_table(&header).utf8());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_tree(&tree(&ws.out()), &want, "販売店舗 + U+200B: the same files as the clean header");
}

#[test]
fn a_header_one_edit_from_an_optional_fields_name_stops_the_run() {
    let mut header = GOQ_HEADER.to_vec();
    header[1] = "販売店";
    let ws = Workspace::new();
    let input = ws.write("orders.csv", stores_table(&header).cp932());
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 2, "{}", r.context());
    assert!(r.stderr.contains("`販売店`") && r.stderr.contains("did you mean `販売店舗`?"), "{}", r.stderr);
    assert!(!ws.out().exists(), "nothing written: {:?}", tree(&ws.out()).keys());
}

#[test]
fn a_full_width_header_name_is_read_as_its_ordinary_form() {
    let table = |id_header: &str| {
        let header: Vec<&str> = GOQ_HEADER.iter().map(|h| if *h == "送付先ID" { id_header } else { h }).collect();
        Table::new(&header).row(PAY, &[(id_header, "1234567")])
    };
    let clean_ws = Workspace::new();
    let r = clean_ws.run_table(PAY, &table("送付先ID"));
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.column(default_path(PAY), "送付先ID"), ["1234567"], "the profile writes 送付先ID");
    let want = tree(&clean_ws.out());

    let ws = Workspace::new();
    let r = ws.run_table(PAY, &table("送付先ＩＤ"));
    assert_eq!(r.code, 0, "{}", r.context());
    assert_tree(&tree(&ws.out()), &want, "送付先ＩＤ: the same files as 送付先ID");
}

// ------------------------------------------------------------------------------------------
// UTF-8 through a pipe
// ------------------------------------------------------------------------------------------

/// A UTF-8 export over 64 KiB in which byte 65536 falls inside a multi-byte character of a
/// 受注ステータス value (a character the run needs whole: a broken one rejects the row).
fn utf8_export_split_at_64k() -> Vec<u8> {
    const AT: usize = 65536;
    let status_col = GOQ_HEADER.iter().position(|h| *h == "受注ステータス").unwrap();
    for pad in 0..400 {
        let mut t = Table::new(GOQ_HEADER);
        for n in 0..800u32 {
            let number = format!("100234-20241018-{n:010}");
            let record = format!("{}", 133_100_000 + n);
            let name =
                if n == 0 { format!("{}国産はちみつ", "x".repeat(pad)) } else { "国産はちみつ".into() };
            let store = if n % 3 == 0 { "楽天2号店" } else { "楽天市場店" };
            t = t.row(
                LEGACY,
                &[("受注番号", &number), ("レコードナンバー", &record), ("商品名", &name), ("販売店舗", store)],
            );
        }
        let bytes = t.utf8();
        // The line holding byte AT, and where in it AT falls.
        let start = bytes[..AT].iter().rposition(|&b| b == b'\n').unwrap() + 1;
        let end = start + bytes[start..].iter().position(|&b| b == b'\n').unwrap();
        let line = std::str::from_utf8(&bytes[start..end]).unwrap();
        let mut field_start = start;
        for (i, field) in line.split(',').enumerate() {
            let field_end = field_start + field.len();
            // A continuation byte at AT: the character started before it.
            if i == status_col && field_start < AT && AT < field_end && bytes[AT] & 0xC0 == 0x80 {
                return bytes;
            }
            field_start = field_end + 1;
        }
    }
    panic!("no padding puts byte 65536 inside a 受注ステータス character");
}

#[test]
fn a_utf8_export_through_a_pipe_is_read_as_from_the_file() {
    let bytes = utf8_export_split_at_64k();
    assert!(bytes.len() > 65536 + 4096);

    let by_path = Workspace::new();
    let input = by_path.write("u8.csv", &bytes);
    let r = by_path.run(LEGACY, AS_OF, &[input], &[]);
    assert_eq!(r.code, 0, "{}", r.context());
    assert_eq!(r.rows("written"), 800);
    let want = tree(&by_path.out());
    assert_eq!(final_files(&want), ["rakuten/tuuzyou_2024_10_18.csv", "rakuten2/tuuzyou_2024_10_18.csv"]);

    let ws = Workspace::new();
    let mut child = ob(ws.path())
        .args(["run", "--profile", LEGACY, "--as-of", AS_OF, "--out", "out", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        // In pieces, so a read can end anywhere.
        // A run that stops early closes the pipe: its exit status says why.
        for piece in bytes.chunks(4093) {
            if stdin.write_all(piece).is_err() {
                break;
            }
        }
    });
    let o = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_exit(&o, 0, "the export through a pipe");
    assert!(stderr(&o).contains("UTF-8"), "read as UTF-8: {}", stderr(&o));
    assert_tree(&tree(&ws.out()), &want, "through a pipe: the same files as from the file");
}
