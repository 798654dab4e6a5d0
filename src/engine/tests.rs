//! Unit tests of the plan's own helpers (folding before encoding).

use super::*;
use crate::common::charset::OutputEncoding;

#[test]
fn fold_turns_wave_dash_into_fullwidth_tilde() {
    let output = OutputPlan {
        format: CsvFormat { encoding: OutputEncoding::ShiftJis, crlf: true, quote_always: false, replace_with: None },
        header: true,
        fold: vec![('\u{301C}', '\u{FF5E}')],
        replace_warning: None,
    };
    let mut folded = String::new();
    output.fold_into("a〜b", &mut folded);
    assert_eq!(folded, "a\u{FF5E}b");
    assert!(crate::common::charset::encodable(OutputEncoding::ShiftJis, '\u{FF5E}'));
}

/// Values with no character in the table's range are copied; a value with one is folded
/// wherever the character is, whatever the table's range (a table may fold kanji too).
#[test]
fn fold_applies_to_every_character_of_the_table_only() {
    let mut output = OutputPlan {
        format: CsvFormat { encoding: OutputEncoding::ShiftJis, crlf: true, quote_always: false, replace_with: None },
        header: true,
        fold: vec![('\u{00A0}', ' '), ('\u{2014}', '\u{2015}'), ('\u{301C}', '\u{FF5E}')],
        replace_warning: None,
    };
    let mut out = String::new();
    for (src, want) in [
        ("受注〜番号", "受注\u{FF5E}番号"),
        ("\u{00A0}漢字—", " 漢字\u{2015}"),
        ("漢字カナｶﾅ", "漢字カナｶﾅ"),
        ("\u{2015}\u{00A1}", "\u{2015}\u{00A1}"),
        ("", ""),
    ] {
        output.fold_into(src, &mut out);
        assert_eq!(out, want, "{src}");
    }
    output.fold = vec![('髙', '高')];
    output.fold_into("髙橋", &mut out);
    assert_eq!(out, "高橋");
}
