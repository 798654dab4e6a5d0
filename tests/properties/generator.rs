//! A generated case: rows drawn from the value space, a layout (header aliases, column order,
//! quoting, line ends, encoding), and a check that a sample of cases meets every outcome of every
//! shipped profile.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::export_file::{build, cp932_char};
use super::through_profiles::{decide_alone, expected_in_file};
use super::value_space::{
    F_ORDER, F_RECORD, F_TRACKING, FIELDS, METHODS, ORDER_TYPES, STATUSES, STORES, date_text, dates, digits_or_junk,
    free_text, fresh_date, method_and_tracking, order_number, padded, real_time, select, tracking,
};
use super::{Case, Expect, GenRow, Layout, Width, plans};
use crate::common::{LEGACY, PAY, YAHOO};

/// A row every profile of its store writes (or excludes for a reason that is not an error).
fn good_values() -> impl Strategy<Value = Vec<String>> {
    const GOOD_STORES: &[&str] =
        &["楽天市場店", "楽天市場", "楽天2号店", "Yahoo!ショッピング店", "Yahoo!ショッピング", "ヤフーショッピング"];
    const GOOD_STATUSES: &[&str] = &[
        "処理済",
        "出荷済",
        "出荷済み",
        "発送済",
        "発送済み",
        "他社処理済み",
        "処理済",
        "発送待ち",
        "新規受付",
        "キャンセル",
    ];
    (
        prop_oneof![
            6 => (0u32..1000).prop_map(|n| format!("100234-20241018-{:010}", 10000 + n)),
            1 => (0u32..100).prop_map(|n| format!("sample-store-{}", 10000000 + n)),
            1 => free_text(),
        ],
        select(GOOD_STORES),
        select(&["通常購入", "通常", "定期購入", "頒布会", "オークション", "共同購入"]),
        select(GOOD_STATUSES),
        dates((Just(2024i16), Just(10u8), 1u8..=18), real_time()),
        method_and_tracking(),
        prop_oneof![Just(String::new()), "[0-9]{9}"],
        prop_oneof![Just(String::new()), "[0-9]{1,8}"],
        prop_oneof![Just(String::new()), "[0-9]{1,8}"],
        fresh_date(),
        (free_text(), free_text(), free_text()),
    )
        .prop_map(|(o, s, t, st, sd, (m, tr), rec, dest, line, upd, (f1, f2, f3))| {
            vec![o, s, t, st, sd, m, tr, rec, dest, line, upd, f1, f2, f3]
        })
}

/// Anything from the value space, field by field.
fn any_values() -> impl Strategy<Value = Vec<String>> {
    (
        (padded(order_number()), padded(select(STORES)), padded(select(ORDER_TYPES)), padded(select(STATUSES))),
        (padded(date_text()), padded(select(METHODS)), padded(tracking())),
        (
            prop_oneof![Just(String::new()), Just("133100002".to_string()), digits_or_junk()],
            digits_or_junk(),
            digits_or_junk(),
        ),
        padded(date_text()),
        (free_text(), free_text(), free_text()),
    )
        .prop_map(|((o, s, t, st), (sd, m, tr), (rec, dest, line), upd, (f1, f2, f3))| {
            vec![o, s, t, st, sd, m, tr, rec, dest, line, upd, f1, f2, f3]
        })
}

/// The values of one row, in the order of [`FIELDS`]: a good row with some fields (none,
/// a few, or all) taken from anywhere in the value space.
fn row_values() -> impl Strategy<Value = Vec<String>> {
    let mask = prop_oneof![
        3 => proptest::collection::vec(proptest::bool::weighted(0.12), FIELDS.len()),
        1 => Just(vec![true; FIELDS.len()]),
    ];
    (good_values(), any_values(), mask).prop_map(|(good, any, mask)| {
        good.into_iter().zip(any).zip(mask).map(|((g, a), m)| if m { a } else { g }).collect()
    })
}

fn gen_row() -> impl Strategy<Value = GenRow> {
    (
        row_values(),
        prop_oneof![30 => Just(Width::Same), 1 => Just(Width::Extra), 1 => Just(Width::Missing)],
        proptest::bool::weighted(0.05),
        prop_oneof![2 => Just(0u32), 1 => Just(u32::MAX), 2 => any::<u32>()],
        proptest::option::weighted(0.3, (any::<usize>(), any::<bool>())),
    )
        .prop_map(|(values, width, blank_before, quote_mask, copy_from)| GenRow {
            values,
            width,
            blank_before,
            quote_mask,
            copy_from,
        })
}

pub(super) fn layout() -> impl Strategy<Value = Layout> {
    let choices = proptest::collection::vec((0usize..3, proptest::bool::weighted(0.8)), FIELDS.len());
    (choices, any::<bool>(), any::<bool>()).prop_flat_map(|(choices, goq_names, goq_order)| {
        let mut columns = Vec::new();
        let mut headers = Vec::new();
        for (i, ((names, required), (alias, present))) in FIELDS.iter().zip(&choices).enumerate() {
            if *required || *present {
                columns.push(i);
                // GoQ's own names half the time, an alias otherwise.
                headers.push(names[if goq_names { 0 } else { alias % names.len() }].to_string());
            }
        }
        let n = columns.len();
        (Just((columns, headers)), Just((0..n).collect::<Vec<_>>()).prop_shuffle(), Just(goq_order)).prop_map(
            |((columns, headers), order, keep)| {
                let order: Vec<usize> = if keep { (0..columns.len()).collect() } else { order };
                Layout {
                    columns: order.iter().map(|&i| columns[i]).collect(),
                    headers: order.iter().map(|&i| headers[i].clone()).collect(),
                }
            },
        )
    })
}

pub(super) fn case() -> impl Strategy<Value = Case> {
    (
        layout(),
        proptest::collection::vec(gen_row(), 1..=40),
        any::<bool>(),
        proptest::bool::weighted(0.8),
        any::<bool>(),
        any::<bool>(),
        (proptest::bool::weighted(0.3), proptest::bool::weighted(0.2)),
    )
        .prop_flat_map(|(layout, rows, crlf, final_newline, cp932, bom, (tab, utf16))| {
            let n = rows.len();
            let fixed = (layout, rows, crlf, final_newline, cp932, bom, tab, utf16);
            (Just(fixed), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        })
        .prop_map(|((layout, mut rows, crlf, final_newline, cp932, bom, tab, utf16), shuffled)| {
            // Duplicates: a row copies an earlier one whole (one order over several item
            // lines) or only its key fields (the same order number with another record).
            for i in 1..rows.len() {
                if let Some((j, whole)) = rows[i].copy_from {
                    let j = j % i;
                    let src = rows[j].values.clone();
                    let fields: &[usize] =
                        if whole { &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } else { &[F_ORDER, F_RECORD, F_TRACKING] };
                    for &f in fields {
                        rows[i].values[f] = src[f].clone();
                    }
                }
            }
            // Half the cases: every character CP932 cannot hold replaced, so the file is CP932.
            if cp932 {
                for r in &mut rows {
                    for v in &mut r.values {
                        *v = v.chars().map(|c| if cp932_char(c) { c } else { '〓' }).collect();
                    }
                }
            }
            Case { layout, rows, crlf, final_newline, bom, tab, utf16, shuffled }
        })
}

/// The generator reaches the interesting parts of the value space: over a fixed sample of
/// cases, every outcome kind and the rules the properties are about occur (otherwise the
/// property above would pass vacuously).
#[test]
fn the_generator_covers_every_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let mut seen: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
    let (mut cp932, mut utf8, mut utf16, mut tab) = (0, 0, 0, 0);
    for _ in 0..64 {
        let case = strategy.new_tree(&mut runner).unwrap().current();
        let w = build(&case, &(0..case.rows.len()).collect::<Vec<_>>());
        match (w.cp932, case.utf16) {
            (true, _) => cp932 += 1,
            (false, false) => utf8 += 1,
            (false, true) => utf16 += 1,
        }
        tab += usize::from(case.tab);
        for name in [LEGACY, PAY, YAHOO] {
            let plan = &plans()[name];
            let alone: Vec<Expect> = w.records.iter().map(|r| decide_alone(plan, &case.layout.headers, r)).collect();
            for e in expected_in_file(plan, &alone) {
                let key = match e {
                    Expect::Written { warnings, .. } if warnings.is_empty() => "written".to_string(),
                    Expect::Written { warnings, .. } => format!("warned:{}", warnings.join("+")),
                    Expect::Excluded(r) => format!("excluded:{r}"),
                    Expect::Rejected(r) => format!("rejected:{r}"),
                };
                *seen.entry(name).or_default().entry(key).or_insert(0) += 1;
            }
        }
    }
    eprintln!("outcomes over the sample: {seen:#?}");
    assert!(cp932 >= 8 && utf8 >= 8 && utf16 >= 4, "every encoding: {cp932} CP932, {utf8} UTF-8, {utf16} UTF-16");
    assert!((4..=60).contains(&tab), "both delimiters: {tab} of 64 cases tab-separated");
    let common_keys = [
        "written",
        "warned:unknown_carrier",
        "excluded:other_store",
        "excluded:cancelled",
        "excluded:stale",
        "excluded:duplicate",
        "rejected:bad_date",
        "rejected:unknown_status",
        "rejected:excel_damaged",
        "rejected:bad_tracking",
        "rejected:shipped_incomplete",
        "rejected:unencodable",
        "rejected:field_count",
        "rejected:undecodable",
    ];
    for name in [LEGACY, PAY, YAHOO] {
        let got = &seen[name];
        let mut want: Vec<&str> = common_keys.to_vec();
        if name == YAHOO {
            // An unmatched method is rejected (no_yahoo_carrier_code), never warned.
            want.retain(|k| *k != "warned:unknown_carrier");
        }
        match name {
            LEGACY => want.extend([
                "rejected:missing_order_number",
                "rejected:unknown_order_type",
                "rejected:bad_record_number",
            ]),
            PAY => want.extend(["excluded:not_shipped", "rejected:bad_order_number", "rejected:bad_id"]),
            _ => want.extend([
                "excluded:not_shipped",
                "rejected:missing_order_number",
                "rejected:bad_order_number",
                "rejected:no_yahoo_carrier_code",
            ]),
        }
        if name == PAY || name == YAHOO {
            // 注文番号 and OrderId must match a pattern: no free text reaches these files.
            want.retain(|k| *k != "rejected:unencodable");
        }
        for k in want {
            assert!(got.get(k).copied().unwrap_or(0) > 0, "{name}: the generator never produced {k}: {got:?}");
        }
    }
}
