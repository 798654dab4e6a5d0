//! Helpers shared by the integration tests: building GoQ exports (CP932 or UTF-8) from a header
//! and rows, running the binary in a temporary folder, and reading what it wrote (the report,
//! the reject file, CP932 upload files).

mod defaults;
mod exports;
mod shipped;
mod workspace;
pub use defaults::*;
pub use exports::*;
pub use shipped::*;
pub use workspace::*;

pub const LEGACY: &str = "goq-rakuten-legacy";
pub const PAY: &str = "goq-rakuten-pay";
pub const YAHOO: &str = "goq-yahoo";
pub const CHECK: &str = "rakuten-legacy-check";

/// The as-of date every GoQ test runs with.
pub const AS_OF: &str = "2024-10-18";
/// The as-of date of the legacy-check tests (the seed's day).
pub const CHECK_AS_OF: &str = "2014-10-16";

/// A 12-digit Yamato/Sagawa number passing 7DR (35729670000 mod 7 = 3).
pub const GOOD_TRACKING: &str = "357296700003";

/// The columns of a GoQ export as the tests write them (GoQ's own header names).
pub const GOQ_HEADER: &[&str] = &[
    "受注番号",
    "販売店舗",
    "注文種別",
    "受注ステータス",
    "出荷日",
    "配送方法",
    "お荷物伝票番号",
    "レコードナンバー",
    "送付先ID",
    "発送明細ID",
    "最終更新日時",
    "商品名",
];

/// The legacy upload's seven columns (input of `rakuten-legacy-check`).
pub const LEGACY_HEADER: &[&str] =
    &["受注番号", "受注ステータス", "配送日", "お荷物伝票番号", "レコードナンバー", "消費税再計算フラグ", "配送会社"];

/// The header the tests write for a profile.
pub fn header_for(profile: &str) -> &'static [&'static str] {
    if profile == CHECK { LEGACY_HEADER } else { GOQ_HEADER }
}

pub fn as_of_for(profile: &str) -> &'static str {
    if profile == CHECK { CHECK_AS_OF } else { AS_OF }
}

/// The upload path of the default row of each profile.
pub fn default_path(profile: &str) -> &'static str {
    match profile {
        LEGACY => "rakuten/tuuzyou_2024_10_18.csv",
        PAY => "rakuten/hassou_20241018.csv",
        YAHOO => "yahoo/shipstatus_20241018.csv",
        CHECK => "checked/orders.csv",
        _ => panic!("unknown profile {profile}"),
    }
}

/// The reject file's name for a shipped profile at its as-of (the profile's name is in it).
pub fn rejects_name(profile: &str) -> &'static str {
    match profile {
        LEGACY => "rejected_goq-rakuten-legacy_20241018.csv",
        PAY => "rejected_goq-rakuten-pay_20241018.csv",
        YAHOO => "rejected_goq-yahoo_20241018.csv",
        CHECK => "rejected_rakuten-legacy-check_20141016.csv",
        _ => panic!("unknown profile {profile}"),
    }
}

/// A small UTF-8 test profile: `body` (its `[input.fields]`, lookups and values) and one output
/// column `(name, value)`, written to `out.csv` with LF line ends.
pub fn small_profile(body: &str, column: (&str, &str)) -> String {
    format!(
        r#"description = "test"
[input]
encoding = "utf-8"
{body}
[output]
path = "out.csv"
encoding = "utf-8"
newline = "lf"
[output.rejects]
headers = ["入力ファイル", "行", "ルール", "理由"]
[[output.columns]]
name = "{}"
value = "{}"
"#,
        column.0, column.1
    )
}

/// One `#[test]` per case, so a failure names its case: `cases!(check { name: a, b, c; ... })`
/// defines `fn name() { check(a, b, c) }` for each line.
macro_rules! cases {
    ($check:ident { $($name:ident: $($arg:expr),+;)* }) => {
        $(
            #[test]
            fn $name() {
                $check($($arg),+);
            }
        )*
    };
}
pub(crate) use cases;
