//! The generic mapping engine: a profile compiled into a [`Plan`], and a row decided by it.
//!
//! Compilation ([`compile`]) resolves every name to an index, compiles every regex and
//! prepares every lookup once. Deciding a row ([`Plan::decide`]) then only evaluates: values
//! are computed on demand and cached for the row, so a value that cannot be computed (a lookup
//! miss, a date that does not parse) rejects the row at the first step that needs it.

mod builtin;
pub(crate) mod checkdigit;
pub(crate) mod compile;
mod count;
mod eval;
mod explain;
pub(crate) mod intern;
pub(crate) mod ledger_key;
pub(crate) mod lookup;
mod numdate;
mod outcome;
pub(crate) mod pattern;
mod render;
pub(crate) mod template;
pub(crate) mod text;

use jiff::civil::Date;

pub(crate) use crate::common::charset::{CsvFormat, Delimiter, InputFormat};
pub(crate) use crate::profile::schema::ParamValue;
pub(crate) use builtin::{Builtin, BuiltinRule, Builtins};
pub(crate) use eval::Reject;
pub(crate) use outcome::{Decision, Outcome};

// The engine's public face: a profile compiled into a plan, and what a caller needs to decide
// one row through it (the benchmarks, the fuzz targets and the tests use these).
pub use crate::common::charset::InputEncoding;
pub use checkdigit::CheckDigit;
pub use compile::compile;
pub use eval::{InputCtx, RowState};

use lookup::Lookup;
use template::{Message, Template};
use text::Step;

/// Index of a field or value in a row's slots: fields first, then derived values.
pub type SlotId = usize;
/// Index of a rule name in [`Plan::rule_names`].
pub type RuleId = usize;

/// What an upload does at the marketplace (`[ledger] upload`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UploadKind {
    /// Each row adds a report (a shipment): a row sent twice is reported twice, so a run
    /// never writes rows of a file whose upload is not known.
    Adds,
    /// Each row states a state: sending it again is harmless (the default).
    #[default]
    Sets,
}

/// A compiled profile, ready to decide rows.
#[derive(Debug)]
pub struct Plan {
    /// The profile's name (its file name without `.toml`, or the built-in's name): reports,
    /// `{profile}` in paths and the ledger's default scope use it.
    pub name: String,
    /// The profile's `description`, as written, for listings and reports.
    pub description: String,
    /// The profile's `time_zone` (else the system's): gives "today" when a run has no
    /// `--as-of`.
    pub time_zone: jiff::tz::TimeZone,
    /// How the input files are read and their header bound to the profile's fields.
    pub input: InputPlan,
    /// Names of all slots (fields, then values), for messages and diagnostics.
    pub slot_names: Vec<String>,
    values: Vec<ValuePlan>,
    lookups: Vec<Lookup>,
    rules: Vec<RulePlan>,
    /// Per rule of `rules`, the slots its condition reads ([`Plan::deciding_values`]).
    rule_slots: Vec<Vec<SlotId>>,
    /// The upload file's columns, in output order.
    pub columns: Vec<ColumnPlan>,
    checks: Vec<Check>,
    warnings: Vec<WarningPlan>,
    /// The path template (under `--out`) a written row's upload file is rendered from, per
    /// row: rows rendering the same path go to the same file.
    pub route: Template,
    /// What the operator calls a file (`[output] file_label`), rendered from the first row
    /// routed to it: the path alone does not say which store a folder stands for.
    pub file_label: Option<Template>,
    /// Where a file is to be uploaded (`[output] file_note`), rendered like `file_label`.
    pub file_note: Option<Template>,
    /// How the upload files are written.
    pub output: OutputPlan,
    /// Where and in what layout the rows not written (rejected, warned, excluded) are listed.
    pub rejects: RejectsPlan,
    /// Every rule name the plan can report, interned.
    pub rule_names: Vec<String>,
    /// Per rule of `rule_names`, what front ends may ask about it ([`Plan::rules`]).
    rule_index: Vec<RuleInfo>,
    /// The engine's own rules (duplicates, unencodable characters, …) with the names and
    /// wording this profile gives them.
    pub builtin: Builtins,
    /// Output column indexes forming the duplicate key.
    pub duplicate_key: Vec<usize>,
    /// Output column indexes forming the ledger key (`[ledger] key`); empty: the profile
    /// cannot be run with a ledger.
    pub ledger_key: Vec<usize>,
    /// The name a ledger files this plan's history under (`[ledger] scope`, else the name).
    pub ledger_scope: String,
    /// What the upload does at the marketplace (`[ledger] upload`): whether a row sent twice
    /// is harmless or a second report.
    pub ledger_upload: UploadKind,
    /// Positions in [`Plan::ledger_key`] of the columns a correction changes
    /// (`[ledger] correction`), for `changed_after_send`.
    pub ledger_correction: Vec<usize>,
    /// `older_than_days` offsets, resolved to dates per run.
    day_offsets: Vec<i32>,
    /// `{as_of:FORMAT}` formats, resolved to strings per run.
    as_of_formats: Vec<String>,
    /// The keys `count_of` conditions count, each kind once per run.
    counters: Vec<count::CounterPlan>,
    /// The value of every `[params]` parameter this plan was compiled with (default or
    /// `--set`), for the report.
    pub params: std::collections::BTreeMap<String, crate::profile::schema::ParamValue>,
}

/// How a profile's input files are read: encoding, delimiter, trimming, and the fields bound
/// by header name.
#[derive(Debug)]
pub struct InputPlan {
    /// The encoding the profile names; `Auto`: decided per file from its first bytes.
    pub encoding: InputEncoding,
    /// How fields are separated; `Auto`: decided per file from its header row.
    pub delimiter: Delimiter,
    /// Whether every field's value loses its surrounding white space as it is read.
    pub trim: bool,
    /// The fields, in slot order (field `i` is slot `i`).
    pub fields: Vec<FieldPlan>,
}

impl InputPlan {
    /// What the reader needs to know: the encoding and the delimiter.
    pub fn format(&self) -> InputFormat {
        InputFormat { encoding: self.encoding, delimiter: self.delimiter }
    }

    /// Per field, in order: its name, the header names it accepts, and whether it has a
    /// default for an absent column (what binding a file's header needs).
    pub fn accepted_headers(&self) -> Vec<(&str, &[String], bool)> {
        self.fields.iter().map(|f| (f.name.as_str(), f.headers.as_slice(), f.default.is_some())).collect()
    }

    /// Accepts one more header name for the field of index `field` (`init`'s alias, added to a
    /// compiled plan as a profile would add it to the field's `headers`). A header names one
    /// field: when another field accepts it already, nothing changes and that field's name
    /// comes back.
    pub fn add_header(&mut self, field: usize, header: &str) -> Result<(), String> {
        if let Some(other) = self.fields.iter().find(|f| f.headers.iter().any(|h| h == header)) {
            return Err(other.name.clone());
        }
        self.fields[field].headers.push(header.to_string());
        Ok(())
    }

    /// Per field, in order: the text used when its column is absent.
    pub fn defaults(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.default.clone().unwrap_or_default()).collect()
    }
}

/// A field found by header name.
#[derive(Debug)]
pub struct FieldPlan {
    /// The field's name in the profile, as values and conditions name it.
    pub name: String,
    /// The header names it is found under, in order of preference: the first one present in a
    /// file's header binds it (compared normalised, see `io::headers`).
    pub headers: Vec<String>,
    /// The text used when no column of the file has one of `headers`; `None`: the column is
    /// required and its absence stops the run.
    pub default: Option<String>,
}

#[derive(Debug)]
struct ValuePlan {
    source: ValueSource,
    steps: Vec<Step>,
    /// Slots that must be computed before this one.
    deps: Vec<SlotId>,
}

#[derive(Debug)]
enum ValueSource {
    Slot(SlotId),
    Template(Template),
    Constant(String),
}

/// What a profile's rule does to a row whose condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The row is left out on purpose (not an error): counted, listed only with
    /// `--list-excluded`.
    Exclude,
    /// The row is an error: it goes to the reject file, with the rule's message.
    Reject,
}

#[derive(Debug)]
struct RulePlan {
    rule: RuleId,
    action: Action,
    when: Cond,
    message: Message,
}

/// One column of the upload file: its header and the slot its text comes from.
#[derive(Debug)]
pub struct ColumnPlan {
    /// The column's header name, as written in the upload file's header row.
    pub name: String,
    /// The field or value whose text fills the column.
    pub slot: SlotId,
    checks: Vec<Check>,
}

#[derive(Debug)]
struct Check {
    rule: RuleId,
    message: Message,
    when: Option<Cond>,
    /// `(when, require)`: the first case whose `when` holds gives the requirement.
    cases: Vec<(Option<Cond>, Cond)>,
    hints: Vec<(Cond, Message)>,
}

#[derive(Debug)]
struct WarningPlan {
    rule: RuleId,
    when: Cond,
    message: Message,
}

/// A compiled condition.
#[derive(Debug)]
enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Test(SlotId, Test),
    /// `count_of`: the row's key (of [`Plan::counters`]) already has `over` counted rows (or
    /// distinct values).
    Count {
        counter: usize,
        over: u32,
    },
}

#[derive(Debug)]
enum Test {
    Equals(String),
    In(Vec<String>),
    Matches(pattern::Pattern),
    Empty(bool),
    MaxChars(usize),
    CheckDigit(CheckDigit),
    /// Index into the run's cutoff dates.
    OlderThan(usize),
    /// The lookup of this index maps the value (does not fall to `on_missing`).
    InLookup(usize),
}

/// How the upload files are written: their byte layout, header row and character folding.
#[derive(Debug)]
pub struct OutputPlan {
    /// How rows become bytes: what the writer follows.
    pub format: CsvFormat,
    /// Whether each upload file starts with a header row of the column names.
    pub header: bool,
    /// Sorted `(from, to)` character pairs applied before encoding.
    pub fold: Vec<(char, char)>,
    /// When `format.replace_with` is set: the warning for each character replaced.
    pub replace_warning: Option<(RuleId, Message)>,
}

impl OutputPlan {
    /// Writes `src` into `dst` with the fold table applied (e.g. WAVE DASH → FULLWIDTH TILDE).
    /// Folding happens when a row's columns are assembled, so the duplicate key, the profile
    /// tests and the file all see the same characters.
    pub fn fold_into(&self, src: &str, dst: &mut String) {
        dst.clear();
        self.fold_onto(src, dst);
    }

    /// Appends `src`, folded as [`OutputPlan::fold_into`] folds it, to `dst`.
    pub fn fold_onto(&self, src: &str, dst: &mut String) {
        // The table is sorted: a value with no character between its first and last key (the
        // shipped tables end at U+301C, below kana and kanji) is copied as it is.
        let (Some(lo), Some(hi)) = (self.fold.first(), self.fold.last()) else {
            dst.push_str(src);
            return;
        };
        if src.is_ascii() || !src.chars().any(|c| (lo.0..=hi.0).contains(&c)) {
            dst.push_str(src);
            return;
        }
        dst.extend(src.chars().map(|c| self.fold.binary_search_by_key(&c, |p| p.0).map_or(c, |i| self.fold[i].1)));
    }
}

/// Where the rows that are not written are listed, and how: the original columns after four
/// added ones (by default `file`, `line`, `rule`, `reason`).
#[derive(Debug)]
pub struct RejectsPlan {
    /// The path template (under `--out`) of the reject file.
    pub path: Template,
    /// The header names of the four added columns: input file, line, rule, message.
    pub headers: [String; 4],
    /// The list of warned rows, beside the reject file, in its layout.
    pub warned_path: Template,
    /// The list of excluded rows (`--list-excluded`), in the same layout.
    pub excluded_path: Template,
}

/// What a rule does to a row. A name has one kind: it cannot both exclude and reject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// Leaves the row out on purpose ([`Action::Exclude`]).
    Exclude,
    /// Sends the row to the reject file ([`Action::Reject`]).
    Reject,
    /// Writes the row and lists it among the warned rows.
    Warn,
}

/// Whether a rule is one the engine applies itself (`Builtins`, which a profile may rename
/// and reword) or one the profile states (a rule, check, warning, lookup miss or step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleOrigin {
    /// One of the engine's own rules (`Builtins`).
    Builtin,
    /// A rule the profile states.
    Profile,
}

/// One rule the plan can report, as a front end shows it: so that it asks the plan, never
/// the profile's TOML again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Its index in [`Plan::rule_names`], as decisions and reports carry it.
    pub id: RuleId,
    /// Its name, the label a report and the reject file use.
    pub name: String,
    /// What it does to a row.
    pub kind: RuleKind,
    /// Whether the engine or the profile states it.
    pub origin: RuleOrigin,
    /// Its message as the profile words it, `{…}` placeholders as written (the first place
    /// that names it: rules, lookups, steps, column checks, checks, warnings, the output's
    /// replacement warning, the engine's rules); `None` when the profile gives none and the
    /// engine's own wording applies.
    pub message: Option<String>,
    /// Its label from the profile's `[rule_labels]` (`{params.NAME}` put in); `None` when the
    /// profile gives none (a front end then uses the catalog's for a built-in rule).
    pub label: Option<String>,
    /// The sentence about it from `[rule_labels]`, for a table that shows no row.
    pub about: Option<String>,
    /// Which of the engine's rules it is, when it is one.
    pub builtin: Option<BuiltinRule>,
}

impl Plan {
    /// Number of input fields (the first slots).
    pub fn field_count(&self) -> usize {
        self.input.fields.len()
    }

    /// The name of rule `rule`, as reports and the reject file show it.
    pub fn rule_name(&self, rule: RuleId) -> &str {
        &self.rule_names[rule]
    }

    /// Every rule the plan can report, in [`RuleId`] order.
    pub fn rules(&self) -> &[RuleInfo] {
        &self.rule_index
    }

    /// The rule of this name, if the plan has one.
    pub fn rule_by_name(&self, name: &str) -> Option<&RuleInfo> {
        self.rule_index.iter().find(|r| r.name == name)
    }

    /// Every distinct value a lookup can write into an output column, for static checks.
    pub fn lookup_outputs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.lookups.iter().flat_map(|l| l.all_outputs().map(move |o| (l.name.as_str(), o)))
    }

    /// The prepared lookups, by name (used by `validate-profile --sample`).
    pub fn lookups(&self) -> &[Lookup] {
        &self.lookups
    }

    /// Values whose first step is a lookup applied directly to a field: `(field slot, lookup)`.
    /// These are the pairs whose coverage a sample can show.
    pub fn field_lookups(&self) -> Vec<(SlotId, usize)> {
        let nf = self.field_count();
        self.values
            .iter()
            .filter_map(|v| match (&v.source, v.steps.first()) {
                (ValueSource::Slot(s), Some(Step::Lookup(l))) if *s < nf => Some((*s, *l)),
                _ => None,
            })
            .collect()
    }

    /// Resolves `day_offsets` and `as_of_formats` for a run on `as_of`.
    fn run_constants(&self, as_of: Date) -> (Vec<Date>, Vec<String>) {
        let cutoffs = self
            .day_offsets
            .iter()
            .map(|d| as_of.checked_sub(jiff::Span::new().days(*d)).unwrap_or(Date::MIN))
            .collect();
        let strings = self.as_of_formats.iter().map(|f| as_of.strftime(f).to_string()).collect();
        (cutoffs, strings)
    }
}

#[cfg(test)]
mod tests;
