//! Matching a required field to a column by what the column holds, when no header name fits.
//!
//! The profile already knows what each field's values look like: its lookups know the
//! statuses and the carriers, its date steps the date forms, its checks the tracking numbers
//! (with their check digits) and the order numbers. So each candidate cell is put in the
//! field's place and its row decided by the engine, beside the same row holding a nonsense
//! value ([`PROBE`]): where the profile refuses, warns about or cannot look up the nonsense
//! but takes the cell, the cell fits. A field the profile never refuses is judged by the
//! shapes its patterns describe ([`super::shapes`]). No marketplace or order system is known
//! here: what fits is what the profile accepts.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::shapes::FieldShapes;
use crate::engine::{Decision, InputCtx, Plan, RowState};
use crate::io::headers::normalise;
use crate::io::input::InputError;
use crate::run::InputSource;

/// Most sample rows read to judge columns: enough to see every status and carrier of a day.
const SAMPLE_ROWS: usize = 500;
/// Share of a column's informative cells that must fit for it to be offered.
const MIN_FIT: f64 = 0.5;
/// A value no profile accepts for any field, to see what the profile does with a wrong one.
const PROBE: &str = "?";

/// The sample's header and first rows, decoded and trimmed as the profile reads them.
pub struct Sample {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads the header and up to [`SAMPLE_ROWS`] rows of `source` as `plan` reads its input.
pub fn read_sample(plan: &Plan, source: &InputSource) -> Result<Sample, InputError> {
    let (mut file, _) = source.open(plan.input.format())?;
    let mut rec = csv::ByteRecord::new();
    let mut rows = Vec::new();
    while rows.len() < SAMPLE_ROWS && file.read(&mut rec)? {
        let row = rec
            .iter()
            .map(|b| {
                let s = crate::io::decode_lossy(file.encoding, b);
                if plan.input.trim { s.trim_matches(|c: char| c.is_whitespace()).to_string() } else { s }
            })
            .collect();
        rows.push(row);
    }
    Ok(Sample { header: file.header.clone(), rows })
}

/// A column found for a field by its content.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fit {
    /// Cells that fit, of those the profile has an opinion on.
    pub fits: usize,
    pub rows: usize,
    /// The rules a wrong value meets where this column's values pass (the evidence).
    pub rules: Vec<String>,
    /// The lookups that know this column's values where they do not know a wrong one (a
    /// lookup with a silent fallback: no rule to name).
    pub lookups: Vec<String>,
    /// Whether the profile's patterns (not only its decisions) describe the values.
    pub shaped: bool,
    /// Other columns that fit about as well (headers): a person should choose.
    pub also: Vec<String>,
}

/// What the engine and the shapes say of one candidate column for one field.
struct Score {
    fits: usize,
    rows: usize,
    rules: BTreeSet<String>,
    shaped: bool,
}

impl Score {
    fn ratio(&self) -> f64 {
        if self.rows == 0 { 0.0 } else { self.fits as f64 / self.rows as f64 }
    }
}

/// Finds columns for the `wanted` fields (indices, required fields without a column) among
/// `free` columns, surest pair first, each column and field at most once. `bound`: the
/// column each field reads now (`None`: its default, or nothing yet).
pub fn guess(
    plan: &Plan,
    sample: &Sample,
    shapes: &FieldShapes,
    bound: &mut [Option<usize>],
    wanted: &[usize],
    free: &[usize],
    as_of: Date,
) -> Vec<(usize, usize, Fit)> {
    let ctx = InputCtx::new(plan, as_of, "sample");
    let mut row = RowState::new(plan);
    let mut wanted: Vec<usize> = wanted.to_vec();
    let mut free: Vec<usize> = free.to_vec();
    let mut found = Vec::new();
    loop {
        // Every (field, column) pair judged with what is bound so far.
        let mut scored: Vec<(usize, usize, Score)> = Vec::new();
        for &field in &wanted {
            let cells: Vec<(usize, Vec<Cell>)> = free
                .iter()
                .map(|&col| (col, evaluate(plan, sample, shapes, bound, field, col, &ctx, &mut row)))
                .collect();
            // The rules some column's values escape: those about this field. A rule no
            // column escapes (one whose message only quotes the field) judges something else.
            let escapable: BTreeSet<String> = cells
                .iter()
                .flat_map(|(_, cs)| cs.iter().flat_map(|c| c.against.difference(&c.mine).cloned()))
                .collect();
            for (col, cs) in &cells {
                let s = score(cs, &escapable);
                if s.fits > 0 && s.ratio() >= MIN_FIT {
                    scored.push((field, *col, s));
                }
            }
        }
        // Ratios a tenth apart are as good (a defect or two in the sample); then the name
        // decides (two date columns), then the ratio, the count, the first column.
        let key = |(f, c, s): &(usize, usize, Score)| {
            ((s.ratio() * 10.0).round() as u32, name_overlap(plan, sample, *f, *c), s.ratio(), s.fits)
        };
        let best = scored.iter().max_by(|a, b| {
            let (ka, kb) = (key(a), key(b));
            (ka.0, ka.1).cmp(&(kb.0, kb.1)).then(ka.2.total_cmp(&kb.2)).then(ka.3.cmp(&kb.3)).then(b.1.cmp(&a.1))
        });
        let Some((field, col, s)) = best else { break };
        let (field, col) = (*field, *col);
        let also = scored
            .iter()
            .filter(|(f, c, o)| *f == field && *c != col && o.ratio() + 0.1 >= s.ratio())
            .map(|(_, c, _)| sample.header[*c].clone())
            .collect();
        let (rules, lookups) = s.rules.iter().cloned().partition(|r| plan.rule_by_name(r).is_some());
        let (rules, lookups): (Vec<String>, Vec<String>) = (rules, lookups);
        let lookups = if rules.is_empty() { lookups } else { Vec::new() };
        let fit = Fit { fits: s.fits, rows: s.rows, rules, lookups, shaped: s.shaped, also };
        bound[field] = Some(col);
        wanted.retain(|f| *f != field);
        free.retain(|c| *c != col);
        found.push((field, col, fit));
    }
    found.sort_by_key(|(_, col, _)| *col);
    found
}

/// What one non-empty cell of a column did in a field's place.
struct Cell {
    /// What the profile holds against a wrong value on this row and not against an empty one.
    against: BTreeSet<String>,
    /// The problems of the row holding the cell.
    mine: BTreeSet<String>,
    /// Per shape of the field that tells the cell's row from a wrong value's: whether the
    /// cell resembles it.
    shaped: Vec<bool>,
}

/// Each non-empty cell of `col` put in `field`'s place, beside a wrong and an empty value.
#[allow(clippy::too_many_arguments)]
fn evaluate(
    plan: &Plan,
    sample: &Sample,
    shapes: &FieldShapes,
    bound: &[Option<usize>],
    field: usize,
    col: usize,
    ctx: &InputCtx,
    row: &mut RowState,
) -> Vec<Cell> {
    let defaults = plan.input.defaults();
    let at = Placed { plan, ctx, shapes: &shapes[field], defaults: &defaults, bound, field };
    let mut out = Vec::new();
    for cells in &sample.rows {
        let Some(cell) = cells.get(col).filter(|c| !c.is_empty()) else { continue };
        let wrong = at.decide(row, cells, PROBE);
        let empty = at.decide(row, cells, "");
        // A row decided the same whatever the field holds (an earlier rule) says nothing of
        // the field. An empty value rejected may hide what a wrong one meets later: then all
        // the wrong value meets counts (a problem no column escapes is dropped in `score`).
        let against: BTreeSet<String> = if empty.rejected {
            if wrong.seen != empty.seen { wrong.problems.clone() } else { BTreeSet::new() }
        } else {
            wrong.problems.difference(&empty.problems).cloned().collect()
        };
        let mine = at.decide(row, cells, cell);
        let shaped = shapes[field]
            .iter()
            .zip(mine.texts.iter().zip(&wrong.texts))
            .filter(|(_, (t, w))| !t.is_empty() && !w.is_empty())
            .filter(|((_, shape), (_, w))| !shape.resembles(w))
            .map(|((_, shape), (t, _))| shape.resembles(t))
            .collect();
        out.push(Cell { against, mine: mine.problems, shaped });
    }
    out
}

/// How a column fares: over the cells the profile's decisions judge (a problem about the
/// field met by a wrong value), those that escape it; for a field no decision judges, over
/// the cells a shape applies to, those resembling it.
fn score(cells: &[Cell], escapable: &BTreeSet<String>) -> Score {
    let mut s = Score { fits: 0, rows: 0, rules: BTreeSet::new(), shaped: false };
    let (mut shape_rows, mut shape_fits) = (0, 0);
    for c in cells {
        let against: BTreeSet<&String> = c.against.intersection(escapable).collect();
        if !against.is_empty() {
            s.rows += 1;
            if against.iter().all(|a| !c.mine.contains(*a)) {
                s.fits += 1;
                s.rules.extend(against.into_iter().cloned());
            }
        } else if !c.shaped.is_empty() {
            shape_rows += 1;
            shape_fits += usize::from(c.shaped.iter().any(|f| *f));
        }
    }
    if s.rows == 0 && shape_fits > 0 {
        s = Score { fits: shape_fits, rows: shape_rows, rules: BTreeSet::new(), shaped: true };
    }
    s
}

/// A row decided with one value in a field's place.
struct Placed<'a> {
    plan: &'a Plan,
    ctx: &'a InputCtx,
    shapes: &'a [(crate::engine::SlotId, super::shapes::Shape)],
    defaults: &'a [String],
    bound: &'a [Option<usize>],
    field: usize,
}

/// What deciding a row said: whether it was rejected, the rules it met, the texts of the slots the
/// field's shapes test.
struct Decided {
    rejected: bool,
    /// The outcome, rule, message and warnings, to compare two decisions of the row.
    seen: String,
    /// The rule that rejected the row, or those that warned about it and the lookups that
    /// did not know one of its values.
    problems: BTreeSet<String>,
    texts: Vec<String>,
}

impl Placed<'_> {
    fn decide(&self, row: &mut RowState, cells: &[String], value: &str) -> Decided {
        row.begin();
        for (i, default) in self.defaults.iter().enumerate() {
            let text = if i == self.field {
                value
            } else {
                self.bound[i].and_then(|c| cells.get(c)).map_or(default.as_str(), |v| v.as_str())
            };
            row.set_field(i, text);
        }
        let d = self.plan.decide(row, self.ctx);
        let name = |r| self.plan.rule_name(r).to_string();
        let rejected = matches!(d, Decision::Rejected { .. });
        let mut problems: BTreeSet<String> = BTreeSet::new();
        if let Decision::Rejected { rule, .. } = &d {
            problems.insert(name(*rule));
        } else {
            problems.extend(row.warnings.iter().map(|(r, _)| name(*r)));
            let lookups = self.plan.lookups();
            problems.extend(row.misses.iter().map(|(l, _)| lookups[*l].name.clone()));
        }
        let texts = self.shapes.iter().map(|(slot, _)| row.text(*slot).to_string()).collect();
        let seen = format!("{d:?} {:?} {:?}", row.warnings, row.misses);
        Decided { rejected, seen, problems, texts }
    }
}

/// Characters the column's header shares with the field's accepted names (the best one): a
/// tie-break between columns whose contents fit equally (two date columns).
fn name_overlap(plan: &Plan, sample: &Sample, field: usize, col: usize) -> usize {
    let cell: BTreeSet<char> = normalise(&sample.header[col]).chars().collect();
    let f = &plan.input.fields[field];
    std::iter::once(&f.name)
        .chain(&f.headers)
        .map(|h| normalise(h).chars().collect::<BTreeSet<char>>().intersection(&cell).count())
        .max()
        .unwrap_or(0)
}
