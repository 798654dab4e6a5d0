//! Matching a sample's header cells to the base profile's fields, for `orderbridge init`.
//!
//! Only cells the base does not read already are candidates, and only fields that found no
//! column: a field that binds keeps its column, so a draft never makes a working binding
//! ambiguous. Each cell is compared in rising order of doubt — the field's own name, the same
//! after normalisation ([`normalise`]: NFKC, invisible characters), a header another visible
//! profile accepts for a field of the same name (a known alias), then edit distance — and the
//! surest pairs are taken first, each cell and each field at most once. The comparison rules
//! are those of the binder ([`crate::io::headers`]), not a second copy.

use crate::io::headers::{NEAR_MISS_MIN_CHARS, edit_distance, normalise};

/// One field of the base, as matching needs it.
#[derive(Debug, Clone)]
pub struct BaseField {
    pub name: String,
    /// Accepted header names, first preferred.
    pub headers: Vec<String>,
}

/// How a cell was matched to a field, surest first (the order is the ranking).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum How {
    /// The cell is the field's name as the profile writes it.
    FieldName,
    /// The cell equals an accepted name (or the field's name) once both are normalised.
    Normalised,
    /// Another profile accepts this header for a field of the same name.
    KnownAlias { profile: String },
    /// This many edits from an accepted name (1 or 2).
    EditDistance(usize),
    /// No name fits; the column's values are what the profile expects of the field.
    Content(super::content::Fit),
}

impl How {
    /// Whether a person should look before trusting it.
    pub fn certain(&self) -> bool {
        matches!(self, How::FieldName | How::Normalised)
    }
}

/// A cell of the sample matched to a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// 0-based column of the sample.
    pub column: usize,
    pub header: String,
    /// Index into the base's fields.
    pub field: usize,
    pub how: How,
}

/// What the header of a sample means to the base.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderGuess {
    pub matches: Vec<Match>,
    /// Columns (0-based, with their cells) neither read by the base nor matched.
    pub unmatched: Vec<(usize, String)>,
    /// Fields (indices) that have no column, matched or not, after the guess.
    pub missing: Vec<usize>,
}

/// Names this many characters long or shorter are only matched exactly or normalised; a
/// two-edit match needs at least [`TWO_EDITS_MIN_CHARS`].
const TWO_EDITS_MIN_CHARS: usize = 5;

/// Matches `header` (the sample's cells) to `fields`. `known`: (profile, field name, header)
/// for every header the other visible profiles accept.
pub fn guess(header: &[String], fields: &[BaseField], known: &[(String, String, String)]) -> HeaderGuess {
    let norm_cells: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let norm_names: Vec<Vec<String>> =
        fields.iter().map(|f| f.headers.iter().map(|h| normalise(h)).collect()).collect();
    // What the base already reads: a cell equal (normalised) to an accepted name. Those that
    // are equal only after normalisation are still offered, as a certain alias, so the draft
    // shows the difference; the field keeps its column either way.
    let exact_bound: Vec<bool> = fields.iter().map(|f| header.iter().any(|c| f.headers.contains(c))).collect();
    let read_as_is: Vec<bool> = header.iter().map(|c| fields.iter().any(|f| f.headers.contains(c))).collect();

    let mut candidates: Vec<(How, usize, usize)> = Vec::new();
    for (col, cell) in norm_cells.iter().enumerate() {
        if read_as_is[col] || cell.is_empty() {
            continue;
        }
        for (i, f) in fields.iter().enumerate() {
            if exact_bound[i] {
                continue;
            }
            if let Some(how) = compare(&header[col], cell, f, &norm_names[i], known) {
                candidates.push((how, col, i));
            }
        }
    }
    candidates.sort();
    let mut guess = HeaderGuess::default();
    let (mut cell_used, mut field_used) = (vec![false; header.len()], vec![false; fields.len()]);
    for (how, col, field) in candidates {
        if cell_used[col] || field_used[field] {
            continue;
        }
        cell_used[col] = true;
        field_used[field] = true;
        guess.matches.push(Match { column: col, header: header[col].clone(), field, how });
    }
    guess.matches.sort_by_key(|m| m.column);
    guess.unmatched = (0..header.len())
        .filter(|&c| !read_as_is[c] && !cell_used[c] && !norm_names.iter().flatten().any(|n| *n == norm_cells[c]))
        .map(|c| (c, header[c].clone()))
        .collect();
    guess.missing = (0..fields.len())
        .filter(|&i| !exact_bound[i] && !field_used[i] && !norm_names[i].iter().any(|n| norm_cells.contains(n)))
        .collect();
    guess
}

/// The surest way `cell` (`norm`: normalised) names field `f`, if any.
fn compare(cell: &str, norm: &str, f: &BaseField, names: &[String], known: &[(String, String, String)]) -> Option<How> {
    if cell == f.name {
        return Some(How::FieldName);
    }
    if names.iter().any(|n| n == norm) || normalise(&f.name) == norm {
        return Some(How::Normalised);
    }
    if let Some((profile, _, _)) = known.iter().find(|(_, field, h)| *field == f.name && normalise(h) == norm) {
        return Some(How::KnownAlias { profile: profile.clone() });
    }
    names
        .iter()
        .filter_map(|n| {
            let chars = n.chars().count();
            let max = if chars >= TWO_EDITS_MIN_CHARS { 2 } else { 1 };
            (chars >= NEAR_MISS_MIN_CHARS).then(|| edit_distance(norm, n, max)).flatten()
        })
        .min()
        .map(How::EditDistance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<BaseField> {
        let f = |name: &str, headers: &[&str]| BaseField {
            name: name.into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
        };
        vec![
            f("order_id", &["受注番号"]),
            f("status", &["受注ステータス"]),
            f("tracking_number", &["お荷物伝票番号"]),
            f("ship_date", &["出荷日"]),
            f("updated", &["最終更新日時"]),
        ]
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn found(g: &HeaderGuess) -> Vec<(&str, usize, How)> {
        g.matches.iter().map(|m| (m.header.as_str(), m.field, m.how.clone())).collect()
    }

    #[test]
    fn headers_the_base_reads_are_not_offered() {
        let g =
            guess(&cells(&["受注番号", "受注ステータス", "お荷物伝票番号", "出荷日", "最終更新日時"]), &fields(), &[]);
        assert_eq!(g, HeaderGuess::default());
    }

    #[test]
    fn field_name_normalised_known_alias_and_edits_are_ranked() {
        let known = [("other".to_string(), "tracking_number".to_string(), "追跡番号".to_string())];
        let header = cells(&["order_id", "受注ｽﾃｰﾀｽ", "追跡番号", "出荷日付", "最終更新日"]);
        let g = guess(&header, &fields(), &known);
        assert_eq!(
            found(&g),
            [
                ("order_id", 0, How::FieldName),
                ("受注ｽﾃｰﾀｽ", 1, How::Normalised),
                ("追跡番号", 2, How::KnownAlias { profile: "other".into() }),
                ("出荷日付", 3, How::EditDistance(1)),
                ("最終更新日", 4, How::EditDistance(1)),
            ]
        );
        assert!(g.unmatched.is_empty() && g.missing.is_empty(), "{g:?}");
        assert!(How::Normalised.certain() && !How::EditDistance(1).certain());
    }

    #[test]
    fn a_field_that_binds_keeps_its_column_and_is_not_matched_again() {
        let g = guess(&cells(&["受注番号", "受注番号2", "備考"]), &fields(), &[]);
        assert!(g.matches.is_empty(), "{g:?}");
        assert_eq!(g.unmatched, [(1, "受注番号2".to_string()), (2, "備考".to_string())]);
        assert_eq!(g.missing, [1, 2, 3, 4]);
    }

    #[test]
    fn each_cell_and_each_field_is_taken_once_surest_first() {
        // Both cells are one edit from `受注ステータス`; the normalised one is surer.
        let g = guess(&cells(&["受注ステータ", "受注ｽﾃｰﾀｽ"]), &fields(), &[]);
        assert_eq!(found(&g), [("受注ｽﾃｰﾀｽ", 1, How::Normalised)]);
        assert_eq!(g.unmatched, [(0, "受注ステータ".to_string())]);
    }

    #[test]
    fn two_edits_only_for_long_names_and_short_names_never_by_distance() {
        let g = guess(&cells(&["最終更新"]), &fields(), &[]);
        assert_eq!(found(&g), [("最終更新", 4, How::EditDistance(2))]);
        // `出荷` is one edit from `出荷日`, a three-character name: one edit is allowed there…
        let g = guess(&cells(&["出荷"]), &fields(), &[]);
        assert_eq!(found(&g), [("出荷", 3, How::EditDistance(1))]);
        // …but two edits from a four-character name are not.
        let g = guess(&cells(&["受注"]), &fields(), &[]);
        assert!(g.matches.is_empty(), "{g:?}");
    }
}
