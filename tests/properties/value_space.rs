//! The spec's value space a generated export draws from: GoQ's header names and aliases, the
//! statuses, stores, order types and shipping methods, dates in every form, valid, damaged and junk
//! tracking numbers, and free text with the characters that break things.

use proptest::prelude::*;

// ------------------------------------------------------------------------------------------
// The value space
// ------------------------------------------------------------------------------------------

/// Logical columns of a generated export; each has GoQ's header name and its aliases.
pub(super) const FIELDS: &[(&[&str], bool)] = &[
    (&["受注番号", "注文番号"], true),
    (&["販売店舗", "店舗", "店舗名"], false),
    (&["注文種別", "購入種別"], false),
    (&["受注ステータス", "ステータス"], true),
    (&["出荷日", "発送日", "出荷予定日"], true),
    (&["配送方法", "配送会社", "配送業者"], true),
    (&["お荷物伝票番号", "伝票番号", "送り状番号"], true),
    (&["レコードナンバー"], false),
    (&["送付先ID"], false),
    (&["発送明細ID"], false),
    (&["最終更新日時", "更新日時"], true),
    (&["商品名"], false),
    (&["ひとことメモ"], false),
    (&["注文者氏名"], false),
];

pub(super) const F_ORDER: usize = 0;

pub(super) const F_TRACKING: usize = 6;

pub(super) const F_RECORD: usize = 7;

/// Every GoQ status of the status table, the cancelled ones, and some in neither.
pub(super) const STATUSES: &[&str] = &[
    "新規受付",
    "新規",
    "発送前入金待ち",
    "入金待ち",
    "発送待ち",
    "出荷待ち",
    "出荷準備中",
    "★ネコポス・クリックポスト",
    "発送後入金待ち",
    "処理済",
    "出荷済",
    "出荷済み",
    "発送済",
    "発送済み",
    "他社処理済み",
    "保留",
    "キャンセル",
    "キャンセル確定",
    "キャンセル済",
    "キャンセル済み",
    "キャンセル待ち",
    "処理済み",
    "返品",
    "出荷済（一部）",
    "",
];

pub(super) const STORES: &[&str] = &[
    "楽天市場店",
    "楽天市場",
    "楽天2号店",
    "楽天２号店",
    "Yahoo!ショッピング店",
    "Yahoo!ショッピング",
    "ヤフーショッピング",
    "本店",
    "Amazon店",
    "",
];

pub(super) const ORDER_TYPES: &[&str] =
    &["通常購入", "通常", "定期購入", "頒布会", "オークション", "共同購入", "", "オークション(旧)", "予約"];

/// The carriers.md names, Latin ones in other cases, and methods that match no pattern.
pub(super) const METHODS: &[&str] = &[
    "ヤマト運輸 宅急便",
    "クロネコヤマト",
    "宅急便コンパクト",
    "ネコポス",
    "クロネコゆうパケット",
    "ヤマト運輸 クロネコゆうパケット",
    "佐川急便 飛脚宅配便",
    "飛脚メール便",
    "楽天倉庫",
    "日本郵便 楽天倉庫出荷",
    "日本郵便",
    "定形外郵便",
    "ゆうパック",
    "ゆうパケット",
    "ゆうメール",
    "クリックポスト",
    "レターパックプラス",
    "スマートレター",
    "簡易書留",
    "セイノースーパーエクスプレス",
    "西部運輸",
    "西濃運輸",
    "福山通運",
    "名鉄NX運輸",
    "名鉄運輸",
    "トナミ運輸",
    "第一貨物",
    "エコ配",
    "EMS",
    "ems",
    "国際スピード郵便",
    "DHL",
    "FedEx",
    "フェデックス",
    "ups",
    "NXトランスポート",
    "日本通運",
    "Rakuten EXPRESS",
    "rakuten express",
    "自社配送",
    "店頭受取",
    "メール便",
    "",
];

/// Characters that matter to CSV, CP932 and trimming.
const SPECIAL_CHARS: &[char] = &[
    '😀', '〜', '～', '①', '㈱', '髙', '﨑', ',', '"', '\r', '\n', '\u{3000}', ' ', '\t', '－', '−', '—', '‖', '¢',
    '£', '¬', '\u{A0}', 'é', '𠮷', '❤', '¥', '‾', 'ー', '・', '\u{FEFF}', '\u{FFFD}', '\u{E000}', '＂', '，', '\'',
    '=', '\u{2028}', '\0',
];

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range(' ', '~'),
        3 => proptest::char::range('ぁ', 'ゖ'),
        2 => proptest::char::range('ァ', 'ヺ'),
        3 => proptest::char::range('一', '龥'),
        4 => proptest::sample::select(SPECIAL_CHARS),
        1 => any::<char>(),
    ]
}

pub(super) fn free_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any_char(), 0..12).prop_map(|v| v.into_iter().collect())
}

pub(super) fn select(values: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(values).prop_map(str::to_string)
}

/// `s` sometimes with white space around it (trimmed by every profile).
pub(super) fn padded(s: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    const PADS: &[&str] = &["", "", "", "", "", " ", "\u{3000}", "\t", " \u{3000} "];
    (s, proptest::sample::select(PADS), proptest::sample::select(PADS)).prop_map(|(s, a, b)| format!("{a}{s}{b}"))
}

pub(super) fn order_number() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => (0u32..1000).prop_map(|n| format!("100234-20241018-{:010}", 10000 + n)),
        1 => Just("000000-201410".to_string()),
        2 => (0u32..100).prop_map(|n| format!("sample-store-{}", 10000000 + n)),
        1 => Just(String::new()),
        1 => Just("100234-20241018-000001000".to_string()),
        2 => free_text(),
    ]
}

type Time = Option<(u8, u8, Option<u8>)>;

/// Dates from `ymd` and `time` in one of the accepted forms (YYYY/M/D, YYYY-M-D, YYYYMMDD,
/// month, day and hour with or without a leading zero).
pub(super) fn dates(
    ymd: impl Strategy<Value = (i16, u8, u8)>,
    time: impl Strategy<Value = Time>,
) -> impl Strategy<Value = String> {
    (ymd, time, 0u8..3, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |((y, m, d), time, form, pad_m, pad_d, pad_h)| {
            let (m, d) = match form {
                2 => (format!("{m:02}"), format!("{d:02}")),
                _ => (
                    if pad_m { format!("{m:02}") } else { m.to_string() },
                    if pad_d { format!("{d:02}") } else { d.to_string() },
                ),
            };
            let mut s = match form {
                0 => format!("{y}/{m}/{d}"),
                1 => format!("{y}-{m}-{d}"),
                _ => format!("{y}{m}{d}"),
            };
            if let Some((h, mi, sec)) = time {
                let h = if pad_h { format!("{h:02}") } else { h.to_string() };
                s.push_str(&format!(" {h}:{mi:02}"));
                if let Some(sec) = sec {
                    s.push_str(&format!(":{sec:02}"));
                }
            }
            s
        },
    )
}

pub(super) fn real_time() -> impl Strategy<Value = Time> {
    prop_oneof![Just(None), (0u8..=23, 0u8..=59, proptest::option::of(0u8..=59)).prop_map(Some)]
}

/// A date that is neither stale nor invalid with as-of 2024-10-18.
pub(super) fn fresh_date() -> impl Strategy<Value = String> {
    dates((Just(2024i16), Just(10u8), 15u8..=20), real_time())
}

/// Any date text: near as-of (stale or not), anywhere, impossible ones, other forms, empty.
pub(super) fn date_text() -> impl Strategy<Value = String> {
    let near = (Just(2024i16), Just(10u8), 8u8..=20);
    let anywhere = (2023i16..=2025, 1u8..=12, 1u8..=31);
    let edge = (2023i16..=2025, 0u8..=13, 0u8..=32);
    let ymd = prop_oneof![6 => near, 2 => anywhere, 1 => edge];
    let time = prop_oneof![
        3 => Just(None),
        3 => (0u8..=23, 0u8..=59, proptest::option::of(0u8..=59)).prop_map(Some),
        1 => (0u8..=25, 0u8..=61, proptest::option::of(0u8..=61)).prop_map(Some),
    ];
    let valid_form = dates(ymd, time);
    const INVALID: &[&str] = &[
        "2024/02/30",
        "2023/2/29",
        "10月18日",
        "2024/13/45",
        "18.10.2024",
        "2024/10-18",
        "2024.10.18",
        "24/10/18",
        "241018",
        "2024年10月18日",
        "2024/10/18 25:00",
        "2024/10/18 14:60",
        "2024/10/18T14:00",
        "2024/10/18  14:00",
        "2024/10/18 14",
        "2024/10/18 1400",
        "2024/00/10",
        "2024/10/00",
        "2024/10/18 14:00:60",
        "2024/10/18 24:00",
        "２０２４/１０/１８",
        "2024-10-18T13:45:00",
        "abc",
    ];
    prop_oneof![
        12 => valid_form,
        3 => select(INVALID),
        2 => Just(String::new()),
        1 => free_text(),
    ]
}

fn seven_dr(n: u64) -> String {
    format!("{n:011}{}", n % 7)
}

fn upu_s10(prefix: &str, digits: u32, country: &str) -> String {
    let d = format!("{digits:08}");
    let weights = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = d.bytes().zip(weights).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let check = match sum % 11 {
        0 => 5,
        1 => 0,
        r => 11 - r,
    };
    format!("{prefix}{d}{check}{country}")
}

/// A correct tracking number for some carrier (7DR, 11-digit 書留, UPU S10, or free form).
fn valid_tracking() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => (0u64..100_000_000_000).prop_map(seven_dr),
        2 => (0u64..10_000_000_000).prop_map(|n| format!("{n:010}{}", n % 7)),
        2 => ("[A-Z]{2}", 0u32..100_000_000, "[A-Z]{2}").prop_map(|(p, d, c)| upu_s10(&p, d, &c)),
        1 => "[0-9A-Z]{1,20}",
    ]
}

/// Tracking numbers as they arrive: valid, or damaged the ways carriers.md lists, or junk.
pub(super) fn tracking() -> impl Strategy<Value = String> {
    const DASHES: &[&str] = &["-", "‐", "‒", "–", "—", "―", "−", "ー", "ｰ", "－", " "];
    let dashed = (valid_tracking(), proptest::sample::select(DASHES)).prop_map(|(t, dash)| {
        let chars: Vec<char> = t.chars().collect();
        chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(dash)
    });
    let full_width = valid_tracking().prop_map(|t| {
        t.chars()
            .map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 - 0x20 + 0xFF00).unwrap() } else { c })
            .collect::<String>()
    });
    let barcode = (valid_tracking(), proptest::sample::select(&['A', 'B', 'C', 'D', 'a', 'd'][..]))
        .prop_map(|(t, c)| format!("{c}{t}{c}"));
    // A 7DR number with a leading zero, as Excel shows it after turning it into a number.
    let lost_zero = (0u64..10_000_000_000).prop_map(|n| seven_dr(n)[1..].to_string());
    let damaged = (1u8..=9, "[0-9]{0,6}", 5u8..=14)
        .prop_map(|(d, frac, e)| if frac.is_empty() { format!("{d}E+{e}") } else { format!("{d}.{frac}E+{e}") });
    prop_oneof![
        6 => valid_tracking(),
        2 => valid_tracking().prop_map(|t| format!("'{t}")),
        1 => valid_tracking().prop_map(|t| format!("=\"{t}\"")),
        2 => dashed,
        2 => full_width,
        1 => barcode,
        1 => valid_tracking().prop_map(|t| t.to_lowercase()),
        2 => lost_zero,
        2 => damaged,
        1 => Just("3.57297E+11".to_string()),
        1 => Just("'3.57297E+11".to_string()),
        1 => (0u64..100_000_000_000).prop_map(|n| format!("{n:011}{}", (n % 7 + 1) % 10)),
        1 => Just("0".repeat(121)),
        3 => Just(String::new()),
        1 => free_text(),
    ]
}

pub(super) fn digits_or_junk() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        4 => "[0-9]{1,10}",
        1 => Just("12a".to_string()),
        1 => Just("１２３".to_string()),
        1 => Just("-1".to_string()),
    ]
}

/// A tracking number as a shop types or scans it: `t` with noise the normalisation removes.
fn noisy(t: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    const DASHES: &[&str] = &["-", "‐", "‒", "–", "—", "―", "−", "ー", "ｰ", "－", " "];
    (t, 0u8..8, proptest::sample::select(DASHES)).prop_map(|(t, how, dash)| match how {
        0 => format!("'{t}"),
        1 => format!("=\"{t}\""),
        2 => {
            t.chars().collect::<Vec<_>>().chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(dash)
        }
        3 => t
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 - 0x20 + 0xFF00).unwrap() } else { c })
            .collect(),
        4 => t.to_lowercase(),
        _ => t,
    })
}

/// A shipping method and a tracking number valid for its carrier.
pub(super) fn method_and_tracking() -> impl Strategy<Value = (String, String)> {
    let d7 = || (0u64..100_000_000_000).prop_map(seven_dr);
    let s10 = || ("[A-Z]{2}", 0u32..100_000_000, "[A-Z]{2}").prop_map(|(p, d, c)| upu_s10(&p, d, &c));
    let yamato = (select(&["ヤマト運輸 宅急便", "ネコポス", "宅急便コンパクト"]), noisy(d7()));
    let sagawa = (select(&["佐川急便 飛脚宅配便", "佐川急便"]), noisy(d7()));
    let post = (
        select(&["日本郵便", "ゆうパック", "ゆうパケット", "クリックポスト", "レターパックプラス"]),
        noisy(prop_oneof![d7(), (0u64..10_000_000_000).prop_map(|n| format!("{n:010}{}", n % 7)), s10()]),
    );
    let ems = (select(&["EMS", "ems"]), noisy(s10()));
    let other = (select(&["福山通運", "西濃運輸", "トナミ運輸", "自社配送"]), noisy("[0-9A-Z]{1,20}".prop_map(|s| s)));
    prop_oneof![4 => yamato, 2 => sagawa, 3 => post, 1 => ems, 1 => other]
}
