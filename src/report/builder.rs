//! The report of a run, assembled as the run goes: the phase that opens the inputs says what
//! they are, and each sink, when it finishes, adds what it alone knows (the counts, the files
//! written, the lists, the ledger's part). The run then takes the finished [`Report`] and the
//! facts its front ends read beside it (the files planned, the preview).

use super::{Counts, DefaultedField, Example, FileReport, LedgerReport, Report, RowCounts, SetAside, by_rule};
use crate::engine::Plan;

/// Values shown per exclusion rule in the report and the summary.
pub const EXAMPLES: usize = 5;

/// The values that excluded rows under one rule: value, rows, and the rule's message for it.
pub type ExcludedValues = Vec<(String, u64, String)>;

/// A report being assembled, and the facts of the run that are not in it.
#[derive(Debug, Default)]
pub struct ReportBuilder {
    report: Report,
    /// Per input: its name and the label of its encoding (its rows come with the counts).
    inputs: Vec<(String, String)>,
    rows_per_input: Vec<u64>,
    /// The upload files rows went to, written or not (`--strict`, `--dry-run`).
    pub planned_files: Vec<FileReport>,
    /// `--strict` stopped the upload files from being written.
    pub strict_blocked: bool,
    /// The upload files written: path under the output folder and SHA-256.
    pub written: Vec<(String, String)>,
    /// First rows of each upload file (dry-run preview), by file path.
    pub previews: Vec<(String, Vec<Vec<String>>)>,
    /// The first rejected rows (dry-run preview): input, row, rule, message.
    pub rejected_preview: Vec<(String, u64, String, String)>,
}

impl ReportBuilder {
    pub fn new(plan: &Plan, as_of: String) -> Self {
        let report = Report { profile: plan.name.clone(), as_of, params: plan.params.clone(), ..Report::default() };
        ReportBuilder { report, ..ReportBuilder::default() }
    }

    /// The run's inputs, in order: name, the label of its encoding, and the fields it has no
    /// column for (`(field name, default)`: every row of it gets the default).
    pub fn input(&mut self, name: &str, encoding: &str, defaulted: impl Iterator<Item = (String, String)>) {
        self.inputs.push((name.to_string(), encoding.to_string()));
        self.report.defaulted_fields.extend(defaulted.map(|(field, default)| DefaultedField {
            input: name.to_string(),
            field,
            default,
        }));
    }

    /// The name of input `i`.
    pub fn input_name(&self, i: usize) -> &str {
        self.inputs.get(i).map_or("", |(n, _)| n.as_str())
    }

    /// The counts of the rows: per outcome and rule, per input, and the examples per rule
    /// (the most frequent values that excluded rows; the first distinct warning messages).
    pub fn counts(
        &mut self,
        plan: &Plan,
        counts: &Counts,
        per_input: &[u64],
        excluded: Vec<(String, ExcludedValues)>,
        warnings: &[Vec<(String, u64)>],
    ) {
        let r = &mut self.report;
        r.rows = RowCounts {
            read: counts.read,
            written: counts.written,
            excluded: counts.excluded,
            rejected: counts.rejected,
            warnings: counts.warned_rows,
        };
        r.excluded_by_rule = by_rule(plan, &counts.excluded_by_rule);
        r.rejected_by_rule = by_rule(plan, &counts.rejected_by_rule);
        r.warnings_by_rule = by_rule(plan, &counts.warnings_by_rule);
        let counted = (0..plan.rule_names.len())
            .filter(|&i| counts.excluded_by_rule[i] + counts.rejected_by_rule[i] + counts.warnings_by_rule[i] > 0);
        r.rules = super::rule_texts(plan, counted);
        self.rows_per_input = per_input.to_vec();
        r.excluded_examples = excluded
            .into_iter()
            .map(|(rule, v)| {
                let v: Vec<Example> = v
                    .into_iter()
                    .filter(|(value, _, message)| !value.is_empty() || !message.is_empty())
                    .map(|(value, rows, message)| Example { value, rows, message })
                    .collect();
                (rule, v)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        r.warning_examples = warnings
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.is_empty())
            .map(|(rule, e)| {
                let v = e.iter().map(|(m, n)| Example { value: m.clone(), rows: *n, message: String::new() }).collect();
                (plan.rule_name(rule).to_string(), v)
            })
            .collect();
    }

    /// The counts as the ledger records them: read, written, excluded, rejected.
    pub fn row_numbers(&self) -> [u64; 4] {
        let r = &self.report.rows;
        [r.read, r.written, r.excluded, r.rejected]
    }

    /// The reject file (path under the output folder), if any row was rejected.
    pub fn rejects_file(&mut self, path: Option<String>) {
        self.report.rejects_file = path;
    }

    /// The list of written rows with a warning, if any.
    pub fn warned_file(&mut self, path: Option<String>) {
        self.report.warned_file = path;
    }

    /// The list of excluded rows (`--list-excluded`), if any.
    pub fn excluded_file(&mut self, path: Option<String>) {
        self.report.excluded_file = path;
    }

    /// What became of the output folder: the files rows went to (none exist if `blocked`),
    /// those written with their SHA-256, the previous run's files archived, the files found
    /// that no run of the profile wrote, and a manifest not obeyed.
    pub fn upload_files(
        &mut self,
        planned: Vec<FileReport>,
        blocked: bool,
        written: Vec<(String, String)>,
        archived: Vec<String>,
        not_ours: Vec<String>,
        set_aside: Option<SetAside>,
    ) {
        // Only files that exist afterwards (or would, with --dry-run).
        self.report.files = if blocked { Vec::new() } else { planned.clone() };
        self.planned_files = planned;
        self.strict_blocked = blocked;
        self.written = written;
        self.report.archived = archived;
        self.report.not_from_this_run = not_ours;
        self.report.manifest_set_aside = set_aside;
    }

    pub fn ledger(&mut self, ledger: LedgerReport) {
        self.report.ledger = Some(ledger);
    }

    /// The finished report.
    pub fn report(&self) -> Report {
        let mut report = self.report.clone();
        report.inputs = self
            .inputs
            .iter()
            .zip(&self.rows_per_input)
            .map(|((path, encoding), rows)| super::InputReport {
                path: path.clone(),
                encoding: encoding.clone(),
                rows: *rows,
            })
            .collect();
        report
    }
}
