//! Properties over random GoQ exports drawn from the spec's value space
//! (`docs/domain/shipped-profiles.md`, `carriers.md`, `encoding.md`, `goq-export.md`):
//! every status of the status table, cancelled and unknown ones; the stores, order types and
//! shipping methods; dates in every accepted form and invalid ones; valid, damaged and junk
//! tracking numbers; random Unicode (emoji, 〜, ①㈱髙﨑, commas, quotes, CR/LF, NUL) in the
//! free-text columns and sometimes in 受注番号; random header aliases, column order, absent
//! optional columns, quoting, line ends, blank lines, padding, encodings and duplicates.
//!
//! Each case is written as one file (CP932 when every character has a CP932 form, UTF-8
//! otherwise, and sometimes UTF-16 LE with BOM as Excel's 「Unicode テキスト」; comma- or
//! tab-separated, the delimiter left to detection) and run through the real pipeline ([`orderbridge::run::run`]) with every
//! shipped GoQ profile, in the generated order and shuffled. What must hold:
//! - `read == written + excluded + rejected`, and `read` is the number of records;
//! - every upload file decodes as CP932 without errors (no U+FFFD, no user-defined area), holds
//!   no `&#`, and read back with the csv crate gives exactly the rows written: as many as the
//!   report says, each with the profile's column count, under the profile's header;
//! - a row's outcome does not depend on the rows around it: each row decided alone
//!   ([`decide_row`], the real plan) gives the same outcome, columns, file, warnings and rule
//!   as inside the file, except a written row whose duplicate key was already written to the
//!   same file, which must be excluded as `duplicate`;
//! - the reject file lists exactly the rejected rows, in input order, with their physical
//!   line, rule and original columns;
//! - a legacy upload file written by `goq-rakuten-legacy`, checked by `rakuten-legacy-check`,
//!   comes back byte for byte (the check profile accepts what the legacy profile writes).

mod export_file;
mod generator;
mod through_profiles;
mod value_space;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::civil::Date;
use orderbridge::engine::{Plan, compile};
use orderbridge::profile;
use proptest::test_runner::Config;

use crate::common::{CHECK, LEGACY, PAY, YAHOO};

fn as_of() -> Date {
    jiff::civil::date(2024, 10, 18)
}

/// The shipped GoQ profiles and the legacy check profile, compiled once.
fn plans() -> &'static BTreeMap<&'static str, Plan> {
    static PLANS: OnceLock<BTreeMap<&'static str, Plan>> = OnceLock::new();
    PLANS.get_or_init(|| {
        [LEGACY, PAY, YAHOO, CHECK]
            .into_iter()
            .map(|name| {
                let source = profile::find(name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
                let plan = compile(&source).unwrap_or_else(|d| panic!("{name}: {d:?}"));
                (name, plan)
            })
            .collect()
    })
}

/// How a row is laid out in the file.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Width {
    Same,
    /// One field more than the header.
    Extra,
    /// The last field missing.
    Missing,
}

#[derive(Debug, Clone)]
struct GenRow {
    values: Vec<String>,
    width: Width,
    /// A blank line before the record (skipped, not counted).
    blank_before: bool,
    /// Bit `i`: quote field `i` even when it does not need it.
    quote_mask: u32,
    /// Copy fields from an earlier row: (which, whole row or only the key fields).
    copy_from: Option<(usize, bool)>,
}

/// The header: which alias each logical field uses, which optional columns are absent, and
/// the column order.
#[derive(Debug, Clone)]
struct Layout {
    /// Logical field of each column, in file order.
    columns: Vec<usize>,
    headers: Vec<String>,
}

#[derive(Debug, Clone)]
struct Case {
    layout: Layout,
    rows: Vec<GenRow>,
    crlf: bool,
    final_newline: bool,
    bom: bool,
    /// Fields separated by tabs instead of commas.
    tab: bool,
    /// Written as UTF-16 LE with BOM.
    utf16: bool,
    /// The rows in another order.
    shuffled: Vec<usize>,
}

// ------------------------------------------------------------------------------------------
// Writing a case as a file
// ------------------------------------------------------------------------------------------

/// One record of the file as the tool sees it.
#[derive(Debug, Clone)]
struct Record {
    /// The row's cells in file order, as the tool decodes them.
    cells: Vec<String>,
    width: Width,
    /// The row Excel shows it on: the header is row 1, a blank line is a row, line breaks
    /// inside quotes are not.
    excel_row: u64,
    /// Index of the generated row.
    row: usize,
}

struct Written {
    bytes: Vec<u8>,
    records: Vec<Record>,
    cp932: bool,
    /// How the file was written, for messages: encoding and delimiter.
    label: String,
}

// ------------------------------------------------------------------------------------------
// Expected outcomes
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Written { path: String, columns: Vec<String>, warnings: Vec<String> },
    Excluded(String),
    Rejected(String),
}

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, max_shrink_iters: 2000, ..Config::default() }
}
