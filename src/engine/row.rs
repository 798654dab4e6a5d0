//! A row's state while it is decided: its fields and the values computed from them (each
//! computed at most once a row), and the buffers reused from row to row.

use jiff::civil::Date;

use super::count::Pending;
use super::{Plan, RuleId, SlotId};

#[derive(Debug, Default, Clone)]
pub(super) struct SlotVal {
    /// Row generation this value was computed for.
    pub(super) generation: u64,
    pub(super) busy: bool,
    pub(super) text: String,
    pub(super) date: Option<Date>,
}

/// Reused buffers for deciding rows; one per reader, never shrunk.
#[derive(Debug, Clone)]
pub struct RowState {
    pub(super) generation: u64,
    pub(super) slots: Vec<SlotVal>,
    pub(super) scratch: String,
    /// Output column values of the last written row.
    pub columns: Vec<String>,
    /// Route path of the last written row.
    pub path: String,
    /// Warnings of the last decided row: rule and message.
    pub warnings: Vec<(RuleId, String)>,
    /// Per lookup, results already computed for an input (regex classifiers only: their
    /// inputs, like shipping method names, repeat on nearly every row).
    pub(super) memo: Vec<super::lookup::FastMap<String, Option<usize>>>,
    /// Lookup misses of the last decided row: lookup index and the value looked up (for
    /// `validate-profile --sample`; empty on the happy path, so it costs nothing).
    pub misses: Vec<(usize, String)>,
    /// The `count_of` keys this row met, counted if it is written.
    pub(super) pending: Pending,
    /// Values already found safe as route path components: a route takes a few store
    /// folders and order types, the same on nearly every row, and checking one walks its
    /// characters (bounded: [`SAFE_PARTS_MAX`]).
    pub(super) safe_parts: Vec<String>,
}

/// Most route values a row state remembers as safe path components.
const SAFE_PARTS_MAX: usize = 64;

impl RowState {
    /// Buffers sized for `plan`'s slots, columns and lookups; use it only with that plan.
    pub fn new(plan: &Plan) -> Self {
        RowState {
            generation: 0,
            slots: vec![SlotVal::default(); plan.slot_names.len()],
            scratch: String::new(),
            columns: vec![String::new(); plan.columns.len()],
            path: String::new(),
            warnings: Vec::new(),
            memo: vec![Default::default(); plan.lookups.len()],
            misses: Vec::new(),
            pending: Pending::default(),
            safe_parts: Vec::new(),
        }
    }

    /// Whether the text of slot `i` is a safe route path component by `check` (the route's
    /// one test, a pure function of the text), remembering the texts that passed.
    pub(super) fn safe_path_part(&mut self, i: SlotId, check: impl Fn(&str) -> bool) -> bool {
        let s = &self.slots[i];
        let text = if s.generation == self.generation { s.text.as_str() } else { "" };
        if self.safe_parts.iter().any(|p| p == text) {
            return true;
        }
        if !check(text) {
            return false;
        }
        if self.safe_parts.len() < SAFE_PARTS_MAX {
            self.safe_parts.push(text.to_string());
        }
        true
    }

    /// Starts a new row: every derived value is stale, fields are to be set.
    pub fn begin(&mut self) {
        self.generation += 1;
        self.warnings.clear();
        self.misses.clear();
        self.pending.clear();
    }

    /// The buffer of field `i`, cleared, to be filled by the reader for this row.
    pub fn field_buf(&mut self, i: SlotId) -> &mut String {
        let s = &mut self.slots[i];
        s.generation = self.generation;
        s.date = None;
        s.text.clear();
        &mut s.text
    }

    /// Sets field `i` for this row to `value` (copied into the field's reused buffer).
    pub fn set_field(&mut self, i: SlotId, value: &str) {
        self.field_buf(i).push_str(value);
    }

    /// The text of a slot computed for this row (empty if not computed).
    pub fn text(&self, i: SlotId) -> &str {
        let s = &self.slots[i];
        if s.generation == self.generation { &s.text } else { "" }
    }
}
