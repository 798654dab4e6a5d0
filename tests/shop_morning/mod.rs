//! One run for the whole morning: several `--profile`s over the same exports as one run (both
//! files, both lists, one summary with a part per profile, the worst exit code, all or
//! nothing across profiles, one ledger transaction), and the shop file that names them.

mod several;
mod shop_file;

use std::path::PathBuf;

use crate::common::{PAY, Table, Workspace, YAHOO};

/// An export with one shipped Rakuten order, one Rakuten order with a tracking number no
/// carrier gives (rejected by goq-rakuten-pay, exit 1) and one shipped Yahoo! order: each
/// profile excludes the other's rows as another store's.
pub fn morning_export(ws: &Workspace) -> PathBuf {
    let table = Table::for_profile(PAY)
        .row(PAY, &[])
        .row(PAY, &[("受注番号", "100234-20241017-0000099"), ("お荷物伝票番号", "12345")])
        .row(YAHOO, &[]);
    ws.write("orders.csv", table.cp932_lf())
}

/// `orderbridge run` with `args`, from the workspace, with nothing else added.
pub fn run(ws: &Workspace, args: &[&str]) -> crate::common::RunResult {
    ws.run_args(args)
}
