//! Matching a profile's fields to an export's header row.
//!
//! Header names are typed by people and passed through spreadsheets, so they are compared
//! after [`normalise`]: a full-width `ＩＤ`, a half-width `ｽﾃｰﾀｽ`, a zero-width space or a
//! BOM pasted into a cell must not decide which column a field reads. The other danger is a
//! silent miss: an optional field whose column is absent takes its default on every row, so
//! a header one typo away from one of its names is refused with "did you mean" instead.
//!
//! This module knows nothing of plans or profiles: callers describe each field as a
//! [`WantedField`].

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use super::error::InputError;
use crate::i18n::Msg;
use crate::profile::diag::did_you_mean;

/// One field a profile reads, as the binder needs it.
#[derive(Debug, Clone, Copy)]
pub struct WantedField<'a> {
    /// The field's name in the profile, for messages.
    pub name: &'a str,
    /// Accepted header names, first preferred.
    pub headers: &'a [String],
    /// Whether the field has a default, so its column may be absent.
    pub optional: bool,
}

impl<'a> WantedField<'a> {
    pub fn new(name: &'a str, headers: &'a [String], optional: bool) -> Self {
        WantedField { name, headers, optional }
    }
}

/// Where each of the profile's fields is in one input: a column index, or `None` for an
/// absent column with a default.
#[derive(Debug, Clone, Default)]
pub struct Binding {
    pub columns: Vec<Option<usize>>,
    /// Fields (indices into the wanted list) whose column is absent, so their default is
    /// used on every row: worth saying in a summary, since nothing else shows it.
    pub defaulted: Vec<usize>,
}

/// Longest header cell shown in a message, in characters.
const SHOWN_CELL: usize = 80;
/// Most header cells listed in a message.
const SHOWN_CELLS: usize = 40;
/// About the longest list of cells in a message, in characters.
const SHOWN_LIST_CHARS: usize = 1000;
/// Most column numbers listed for one ambiguous name.
const SHOWN_COLUMNS: usize = 10;
/// Shortest accepted name (in characters) checked for one-edit near misses: one edit to a
/// one- or two-character name (`単価` → `単位`) is a different word as often as a typo.
pub const NEAR_MISS_MIN_CHARS: usize = 3;

/// The form header names are compared in: invisible characters (zero-width space, joiners,
/// word joiner, BOM) removed anywhere, NFKC (full-width Latin and half-width katakana become
/// their ordinary forms, U+3000 becomes a space), then ASCII white space trimmed.
pub fn normalise(s: &str) -> String {
    let visible: String = s.chars().filter(|c| !is_invisible(*c)).collect();
    let folded: String = visible.nfkc().collect();
    folded.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{3000}').to_string()
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Resolves `fields` to columns of `header` (the export's first row, from `display`).
///
/// A field takes the column of its first accepted name found in the header (names and
/// header compared after [`normalise`]). Refused, all problems in one message: an accepted
/// name matching two or more columns; a required field with no column; an optional field
/// with no column while a header is one edit from one of its names (and is not a name any
/// field accepts).
pub fn bind(display: &str, header: &[String], fields: &[WantedField]) -> Result<Binding, InputError> {
    let norm_header: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let norm_names: Vec<Vec<String>> =
        fields.iter().map(|f| f.headers.iter().map(|h| normalise(h)).filter(|h| !h.is_empty()).collect()).collect();
    let accepted: HashSet<&str> = norm_names.iter().flatten().map(String::as_str).collect();

    let mut binding = Binding { columns: Vec::with_capacity(fields.len()), defaulted: Vec::new() };
    let mut problems = Vec::new();
    let mut required_missing = false;
    for (i, (f, names)) in fields.iter().zip(&norm_names).enumerate() {
        let found = names.iter().find_map(|n| {
            let at: Vec<usize> = (0..norm_header.len()).filter(|&j| norm_header[j] == *n).collect();
            (!at.is_empty()).then_some((n, at))
        });
        match found {
            Some((n, at)) if at.len() > 1 => {
                problems.push(ambiguous(n, &at, header, f.name));
                binding.columns.push(None);
            }
            Some((_, at)) => binding.columns.push(Some(at[0])),
            None if f.optional => {
                if let Some(p) = near_miss(f, names, header, &norm_header, &accepted) {
                    problems.push(p);
                } else {
                    binding.defaulted.push(i);
                }
                binding.columns.push(None);
            }
            None => {
                problems.push(required(f, names, header, &norm_header));
                required_missing = true;
                binding.columns.push(None);
            }
        }
    }
    if problems.is_empty() {
        return Ok(binding);
    }
    if required_missing {
        let cells = listed(header.iter().map(|h| shown(h)), SHOWN_CELLS);
        problems.push(Msg::new("header-has").arg("cells", cells));
    }
    Err(InputError::At { path: display.to_string(), line: 1, message: Msg::join("\n  ", problems) })
}

/// Refuses a header that begins with `list_headers`, the leading columns of the lists a run
/// writes (rejected, warned and excluded rows; the profile names them): such a file is a run's
/// output given back as an input. Read as an export, its rows would bind (the original
/// columns follow) and go out again under the list's line numbers, with the fixes made in a
/// copy the order system never sees; the shop fixes the order there and exports again.
pub fn refuse_row_list(display: &str, header: &[String], list_headers: &[String]) -> Result<(), InputError> {
    let is_list = !list_headers.is_empty()
        && header.len() >= list_headers.len()
        && header.iter().zip(list_headers).all(|(h, l)| normalise(h) == normalise(l));
    if !is_list {
        return Ok(());
    }
    let columns = listed(list_headers.iter().map(|h| shown(h)), SHOWN_CELLS);
    let message = Msg::new("input-is-row-list").arg("columns", columns).arg("first", shown(&list_headers[0]));
    Err(InputError::At { path: display.to_string(), line: 1, message })
}

/// "column `x` appears 2 times (columns 1, 13)", with the cells as written when they differ.
fn ambiguous(name: &str, at: &[usize], header: &[String], field: &str) -> Msg {
    let same = at.iter().all(|&j| header[j] == header[at[0]]);
    let cols = listed(
        at.iter().map(|&j| if same { (j + 1).to_string() } else { format!("{} `{}`", j + 1, shown(&header[j])) }),
        SHOWN_COLUMNS,
    );
    let msg = if same {
        Msg::new("header-ambiguous-same").arg("cell", shown(&header[at[0]]))
    } else {
        Msg::new("header-ambiguous").arg("name", name)
    };
    msg.arg("times", at.len()).arg("columns", cols).arg("field", field)
}

/// The error for an absent optional field when a header is one edit from one of its names.
fn near_miss(
    f: &WantedField,
    names: &[String],
    header: &[String],
    norm_header: &[String],
    accepted: &HashSet<&str>,
) -> Option<Msg> {
    let (j, name) = norm_header.iter().enumerate().find_map(|(j, h)| {
        if accepted.contains(h.as_str()) {
            return None;
        }
        names.iter().find(|n| n.chars().count() >= NEAR_MISS_MIN_CHARS && one_edit(h, n)).map(|n| (j, n))
    })?;
    Some(
        Msg::new("header-near-miss")
            .arg("column", j + 1)
            .arg("cell", shown(&header[j]))
            .arg("field", f.name)
            .arg("name", name),
    )
}

/// Whether `a` and `b` are exactly one inserted, removed or changed character apart.
fn one_edit(a: &str, b: &str) -> bool {
    edit_distance(a, b, 1) == Some(1)
}

/// The number of inserted, removed or changed characters between `a` and `b`, when it is at
/// most `max` (`None` beyond). Cheap bounds first: a header cell may be huge, and Levenshtein
/// is quadratic. `orderbridge init` uses this too, to match a renamed header to a field.
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > 4 * max || a.chars().count().abs_diff(b.chars().count()) > max {
        return None;
    }
    Some(strsim::levenshtein(a, b)).filter(|&d| d <= max)
}

/// Today's message for a required field without a column, with a suggestion.
fn required(f: &WantedField, names: &[String], header: &[String], norm_header: &[String]) -> Msg {
    let hint = names.iter().find_map(|n| {
        // Only cells of a plausible length are candidates: the similarity is quadratic.
        let near = norm_header.iter().filter(|h| h.len() <= 4 * n.len() + 16).map(String::as_str);
        let best = did_you_mean(n, near)?;
        let j = norm_header.iter().position(|h| h == best)?;
        Some(Msg::text(" ").then("", Msg::new("did-you-mean").arg("name", shown(&header[j]))))
    });
    Msg::new("header-required-missing")
        .arg("field", f.name)
        .arg("names", listed(f.headers.iter().map(|h| shown(h)), SHOWN_CELLS))
        .arg("hint", hint.unwrap_or_else(|| Msg::text("")))
}

/// A header cell for a message: control and invisible characters escaped, cut to
/// [`SHOWN_CELL`] characters.
fn shown(cell: &str) -> String {
    let mut out = String::new();
    for (n, c) in cell.chars().enumerate() {
        if n == SHOWN_CELL {
            out.push('…');
            break;
        }
        if c.is_control() || is_invisible(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Joins up to `max` items (and at most about [`SHOWN_LIST_CHARS`]) with the language's list
/// separator (", " / "、"), then "… and N more".
fn listed(items: impl ExactSizeIterator<Item = String>, max: usize) -> Msg {
    let total = items.len();
    let (mut out, mut chars) = (Vec::new(), 0);
    for item in items.take(max) {
        chars += item.chars().count() + 2;
        out.push(Msg::text(item));
        if chars >= SHOWN_LIST_CHARS {
            break;
        }
    }
    if total > out.len() {
        out.push(Msg::new("list-more").arg("n", total - out.len()));
    }
    out.into_iter()
        .reduce(|list, next| Msg::new("list-join").arg("list", list).arg("next", next))
        .unwrap_or(Msg::text(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// Binds fields given as (name, accepted names, optional) against `header`.
    fn try_bind(header: &[&str], fields: &[(&str, &[&str], bool)]) -> Result<Binding, String> {
        let owned: Vec<(String, Vec<String>, bool)> =
            fields.iter().map(|(n, h, o)| (n.to_string(), names(h), *o)).collect();
        let wanted: Vec<WantedField> = owned.iter().map(|(n, h, o)| WantedField::new(n, h, *o)).collect();
        bind("orders.csv", &names(header), &wanted).map_err(|e| e.to_string())
    }

    #[test]
    fn normalises_width_invisibles_and_padding() {
        assert_eq!(normalise("販売店舗\u{200B}"), "販売店舗");
        assert_eq!(normalise("送付先ＩＤ"), "送付先ID");
        assert_eq!(normalise("受注ｽﾃｰﾀｽ"), "受注ステータス");
        assert_eq!(normalise("受注\u{FEFF}番号"), "受注番号");
        assert_eq!(normalise("\u{3000}配送方法\u{3000} "), "配送方法");
        assert_eq!(normalise("a\u{200C}b\u{200D}c\u{2060}"), "abc");
    }

    #[test]
    fn zero_width_space_after_a_name_still_binds() {
        let b = try_bind(&["受注番号", "販売店舗\u{200B}"], &[("store", &["販売店舗"], true)]).unwrap();
        assert_eq!(b.columns, [Some(1)]);
        assert!(b.defaulted.is_empty());
    }

    #[test]
    fn full_width_and_half_width_forms_bind() {
        let fields: &[(&str, &[&str], bool)] = &[("dest", &["送付先ID"], true), ("status", &["受注ステータス"], false)];
        let b = try_bind(&["受注ｽﾃｰﾀｽ", "送付先ＩＤ"], fields).unwrap();
        assert_eq!(b.columns, [Some(1), Some(0)]);
    }

    #[test]
    fn bom_inside_and_ideographic_padding_bind() {
        let fields: &[(&str, &[&str], bool)] = &[("order", &["受注番号"], false), ("method", &["配送方法"], false)];
        let b = try_bind(&["\u{3000}配送方法\u{3000}", "受注\u{FEFF}番号"], fields).unwrap();
        assert_eq!(b.columns, [Some(1), Some(0)]);
    }

    #[test]
    fn one_edit_from_an_optional_name_is_refused_with_did_you_mean() {
        let e = try_bind(&["受注番号", "販売店"], &[("store", &["販売店舗"], true)]).unwrap_err();
        assert!(e.starts_with("orders.csv:1: column 2 `販売店`"), "{e}");
        assert!(e.contains("did you mean `販売店舗`?") && e.contains("`store`"), "{e}");
    }

    #[test]
    fn two_edits_away_is_an_ordinary_column() {
        let b = try_bind(&["送付先氏名"], &[("dest", &["送付先ID"], true)]).unwrap();
        assert_eq!(b.columns, [None]);
        assert_eq!(b.defaulted, [0]);
    }

    #[test]
    fn near_miss_that_another_field_accepts_is_not_an_error() {
        // `受注番号1` is one edit from `受注番号`, but it is `sub`'s own column.
        let fields: &[(&str, &[&str], bool)] = &[("order", &["受注番号"], true), ("sub", &["受注番号１"], false)];
        let b = try_bind(&["受注番号1"], fields).unwrap();
        assert_eq!(b.columns, [None, Some(0)]);
        assert_eq!(b.defaulted, [0]);
    }

    #[test]
    fn short_names_are_matched_exactly_only() {
        let b = try_bind(&["単位"], &[("price", &["単価"], true)]).unwrap();
        assert_eq!(b.defaulted, [0]);
    }

    #[test]
    fn two_headers_equal_after_normalisation_are_ambiguous() {
        let e = try_bind(&["送付先ID", "氏名", "送付先ＩＤ"], &[("dest", &["送付先ID"], true)]).unwrap_err();
        assert!(e.starts_with("orders.csv:1: "), "{e}");
        assert!(e.contains("columns 1 `送付先ID`, 3 `送付先ＩＤ`") && e.contains("`dest` is ambiguous"), "{e}");
        let e = try_bind(&["受注番号", "受注番号"], &[("order", &["受注番号"], false)]).unwrap_err();
        assert!(e.contains("column `受注番号` appears 2 times (columns 1, 2)"), "{e}");
    }

    #[test]
    fn unread_duplicates_and_a_preferred_name_with_an_alias_are_fine() {
        let fields: &[(&str, &[&str], bool)] = &[("order", &["受注番号", "注文番号"], false)];
        let b = try_bind(&["商品名", "注文番号", "商品名", "受注番号"], fields).unwrap();
        assert_eq!(b.columns, [Some(3)]);
    }

    #[test]
    fn defaulted_lists_absent_optional_fields() {
        let fields: &[(&str, &[&str], bool)] =
            &[("order", &["受注番号"], false), ("store", &["販売店舗"], true), ("kind", &["注文種別"], true)];
        let b = try_bind(&["受注番号", "注文種別"], fields).unwrap();
        assert_eq!(b.columns, [Some(0), None, Some(1)]);
        assert_eq!(b.defaulted, [1]);
    }

    #[test]
    fn required_missing_names_field_names_suggestion_and_header() {
        let e =
            try_bind(&["受注番号", "最終更新日"], &[("updated", &["最終更新日時", "更新日時"], false)]).unwrap_err();
        assert!(e.starts_with("orders.csv:1: required column for `updated` not found"), "{e}");
        assert!(e.contains("accepted names: 最終更新日時, 更新日時 (did you mean `最終更新日`?)"), "{e}");
        assert!(e.contains("the header has: 受注番号, 最終更新日"), "{e}");
    }

    #[test]
    fn messages_stay_short_for_absurd_headers() {
        let huge = "長".repeat(2_000);
        let mut header: Vec<&str> = vec![huge.as_str(); 2_000];
        header.push("受注番号");
        header.push("受注番号");
        let e = try_bind(&header, &[("order", &["受注番号"], false), ("x", &["無い列"], false)]).unwrap_err();
        assert!(e.chars().count() < 1_500, "{} characters", e.chars().count());
        assert!(e.contains("columns 2001, 2002") && e.contains("… and 1989 more"), "{e}");
        let many: Vec<String> = (0..1000).map(|_| "受注番号".to_string()).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let e = try_bind(&many, &[("order", &["受注番号"], false)]).unwrap_err();
        assert!(e.len() < 400 && e.contains("… and 990 more"), "{e}");
    }
}
