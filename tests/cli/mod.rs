//! The command-line contract (`docs/domain/cli.md`): encodings and layouts giving the same
//! bytes, exit codes, atomic writes, `--dry-run`, `--strict`, several inputs, the report,
//! profile lookup, `list-profiles` and `validate-profile`.

mod exit_codes;
mod output_folder;
mod profile_lookup;
mod report;
mod upload_bytes;

use std::fs;
use std::path::Path;

use crate::common::*;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A small export touching every output column of the GoQ profiles, Japanese text included:
/// Rakuten rows of each order type and store, a Yahoo! row, a cancelled row, a memo with a
/// comma, a quote and a line break.
fn mixed_table() -> Table {
    Table::new(GOQ_HEADER)
        .row(LEGACY, &[("商品名", "はちみつ, \"特選\"\n1kg")])
        .row(
            LEGACY,
            &[
                ("受注番号", "100234-20241018-0000010001"),
                ("注文種別", "オークション"),
                ("配送方法", "佐川急便"),
                ("お荷物伝票番号", "'５６４７０８７００００６"),
                ("出荷日", "2024-10-17"),
            ],
        )
        .row(
            LEGACY,
            &[
                ("受注番号", "100234-20241018-0000010002"),
                ("販売店舗", "楽天2号店"),
                ("受注ステータス", "発送待ち"),
                ("出荷日", ""),
                ("お荷物伝票番号", ""),
                ("レコードナンバー", ""),
            ],
        )
        .row(LEGACY, &[("受注番号", "100234-20241018-0000010003"), ("受注ステータス", "キャンセル")])
        .row(YAHOO, &[("配送方法", "ゆうパック"), ("お荷物伝票番号", "=\"357296700003\"")])
        .row(YAHOO, &[("受注番号", "sample-store-10000004"), ("受注ステータス", "新規受付")])
}

/// Every file under `out` with its bytes.
fn snapshot(out: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(out).into_iter().map(|f| (f.clone(), fs::read(out.join(&f)).unwrap())).collect()
}

fn no_partial_files(root: &Path) {
    let partial: Vec<String> =
        files_under(root).into_iter().filter(|f| f.contains(".orderbridge-") || f.ends_with(".partial")).collect();
    assert!(partial.is_empty(), "temporary files left behind: {partial:?}");
}
