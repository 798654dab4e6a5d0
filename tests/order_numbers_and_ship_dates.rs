//! Order numbers and ship dates (the spec's third version), through the binary: an order-system
//! suffix named with the number Rakuten knows, the ID lengths, the Yahoo! order id, and a future
//! ship date warned on written rows, counted once per row however many warnings it carries.

use crate::common::*;

fn run(profile: &str, rows: &[&[(&str, &str)]]) -> (Workspace, RunResult) {
    let ws = Workspace::new();
    let mut table = Table::for_profile(profile);
    for r in rows {
        table = table.row(profile, r);
    }
    let r = ws.run_table(profile, &table);
    (ws, r)
}

#[test]
fn a_suffixed_rakuten_number_is_rejected_in_every_rakuten_profile_naming_the_number_without_it() {
    let pay_and_legacy = [LEGACY, PAY];
    for profile in pay_and_legacy {
        for suffixed in ["100234-20241018-0000010005-R", "100234-20241018-0000010005-1", "100234-20241018-0000010005_2"]
        {
            let (_ws, r) = run(profile, &[&[("受注番号", suffixed)]]);
            assert_eq!(
                r.by_rule("rejected_by_rule"),
                [("order_number_suffix".to_string(), 1)].into(),
                "{}",
                r.context()
            );
            let reason = &r.reject_rows()[0][3];
            assert!(reason.contains("「100234-20241018-0000010005」"), "{profile} {suffixed}: {reason}");
        }
    }
    let (_ws, r) = run(CHECK, &[&[("受注番号", "123456-20220518-00006701-R")]]);
    assert_eq!(r.by_rule("rejected_by_rule"), [("order_number_suffix".to_string(), 1)].into(), "{}", r.context());
    assert!(r.reject_rows()[0][3].contains("「123456-20220518-00006701」"), "{:?}", r.reject_rows());
}

#[test]
fn eight_digit_serials_are_written_and_ids_are_limited_to_10_and_12_digits() {
    let (_ws, r) = run(
        PAY,
        &[
            &[("受注番号", "123456-20220518-00006701")],
            &[("受注番号", "100234-20241018-0000010001"), ("送付先ID", "1234567890"), ("発送明細ID", "123456789012")],
            &[("受注番号", "100234-20241018-0000010002"), ("送付先ID", "12345678901")],
            &[("受注番号", "100234-20241018-0000010003"), ("発送明細ID", "1234567890123")],
        ],
    );
    assert_eq!(r.rows("written"), 2, "{}", r.context());
    assert_eq!(r.by_rule("rejected_by_rule"), [("bad_id".to_string(), 2)].into(), "{}", r.context());
    let lines: Vec<u64> = r.reject_rows().iter().map(|row| row[1].parse().unwrap()).collect();
    assert_eq!(lines, [4, 5]);
}

#[test]
fn yahoo_order_ids_are_ascii_letters_digits_and_dashes_up_to_50() {
    let long = format!("store-{}", "1".repeat(58));
    let fifty = format!("store-{}", "1".repeat(44));
    let (_ws, r) = run(
        YAHOO,
        &[
            &[("受注番号", "ヤフー注文①")],
            &[("受注番号", "store_10000006")],
            &[("受注番号", &long)],
            &[("受注番号", &fifty)],
        ],
    );
    assert_eq!(r.by_rule("rejected_by_rule"), [("bad_order_number".to_string(), 3)].into(), "{}", r.context());
    assert_eq!(r.rows("written"), 1, "{}", r.context());
}

/// Two future ship dates and one on the as-of day: two rows warned. In the Rakuten profiles
/// one of them has an unknown carrier too: still one warned row, each rule counted once.
#[test]
fn a_future_ship_date_is_written_with_a_warning_and_a_row_counts_once() {
    for profile in [LEGACY, PAY, YAHOO] {
        let carrier: &[(&str, &str)] =
            if profile == YAHOO { &[] } else { &[("配送方法", "自社便"), ("お荷物伝票番号", "A-1")] };
        let second = [&[("受注番号", "100234-20241018-0000010002"), ("出荷日", "2024/10/25")][..], carrier].concat();
        let (_ws, r) = run(
            profile,
            &[
                &[("受注番号", "100234-20241018-0000010001"), ("出荷日", "2024/10/19")],
                &second,
                &[("受注番号", "100234-20241018-0000010003"), ("出荷日", "2024/10/18")],
            ],
        );
        assert_eq!(r.code, 0, "{}", r.context());
        assert_eq!(r.rows("written"), 3, "{}", r.context());
        assert_eq!(r.rows("warnings"), 2, "{profile}: {}", r.context());
        let mut want = std::collections::BTreeMap::from([("future_ship_date".to_string(), 2)]);
        if profile != YAHOO {
            want.insert("unknown_carrier".to_string(), 1);
        }
        assert_eq!(r.by_rule("warnings_by_rule"), want, "{}", r.context());
        let warned = r.report()["warned_file"].as_str().unwrap().to_string();
        let text = String::from_utf8_lossy(&r.bytes(&warned)).into_owned();
        // The message (not the order numbers, which hold 20241018 too) names the as-of day and
        // the ship date.
        let asof = text.contains("基準日 20241018") || text.contains("基準日 2024-10-18");
        assert!(asof, "the message names the as-of day: {text}");
        assert!(text.contains("日 20241025 は") || text.contains("日 2024-10-25 は"), "and the date: {text}");
        assert!(!text.contains(",4,future_ship_date"), "the as-of day itself is not in the future: {text}");
    }
}
