//! Deciding one row: values on demand, rules in order, columns and their checks, the route.

use jiff::civil::Date;

use super::count::RunCounts;
use super::lookup::{Found, Missing};
pub use super::row::RowState;
use super::text::{Step, apply_simple};
use super::{Action, Check, Cond, Decision, Plan, RuleId, SlotId, Test, ValueSource};

/// What deciding the rows of one input needs beyond the row: as-of, the input's file stem
/// (for `{input_stem}` routes), what as-of resolves to (cut-off dates, formatted dates), and
/// the run's `count_of` counts (shared by every input of the run, see [`InputCtx::for_input`]).
#[derive(Debug, Clone)]
pub struct InputCtx {
    /// The run's as-of date (`--as-of`, else today in the profile's time zone).
    pub as_of: Date,
    /// The current input's file name without its extension, what `{input_stem}` renders.
    pub input_stem: String,
    cutoffs: Vec<Date>,
    pub(super) as_of_strings: Vec<String>,
    pub(super) counts: RunCounts,
}

impl InputCtx {
    /// The context of a run's first input, with counts of its own.
    pub fn new(plan: &Plan, as_of: Date, input_stem: &str) -> Self {
        let (cutoffs, as_of_strings) = plan.run_constants(as_of);
        let counts = RunCounts::new(&plan.counters);
        InputCtx { as_of, input_stem: input_stem.to_string(), cutoffs, as_of_strings, counts }
    }

    /// The context of another input of the same run: the same as-of and the same counts (a
    /// `count_of` key spans every input of the run), another file stem.
    pub fn for_input(&self, input_stem: &str) -> Self {
        InputCtx { input_stem: input_stem.to_string(), ..self.clone() }
    }
}

/// Why a row was rejected: the rule and the operator's message, rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub rule: RuleId,
    pub message: String,
}

/// What deciding a row computes: a result, or the rejection that ends the row there. Boxed:
/// every condition and value returns one, and a result of two words comes back in registers
/// (a rejection is rare, an allocation then costs nothing that matters).
pub(super) type OrReject<T> = Result<T, Box<Reject>>;

impl Plan {
    /// Decides the row whose fields were set in `row`: excluded, rejected, or written (with
    /// its columns and path left in `row`). Follows the order of the profile: rules, then
    /// columns with their checks, then row checks, then the route, then warnings.
    pub fn decide(&self, row: &mut RowState, ctx: &InputCtx) -> Decision {
        match self.decide_inner(row, ctx) {
            Ok(d) => d,
            Err(r) => {
                let Reject { rule, message } = *r;
                Decision::Rejected { rule, message }
            }
        }
    }

    fn decide_inner(&self, row: &mut RowState, ctx: &InputCtx) -> OrReject<Decision> {
        for rule in &self.rules {
            if self.cond(&rule.when, row, ctx)? {
                return Ok(match rule.action {
                    Action::Exclude => Decision::Excluded { rule: rule.rule },
                    Action::Reject => Decision::Rejected {
                        rule: rule.rule,
                        message: self.render_message(&rule.message, row, ctx, &[]),
                    },
                });
            }
        }
        for (i, col) in self.columns.iter().enumerate() {
            self.ensure(col.slot, row, ctx)?;
            for check in &col.checks {
                self.check(check, row, ctx)?;
            }
            let text = std::mem::take(&mut row.slots[col.slot].text);
            self.output.fold_into(&text, &mut row.columns[i]);
            row.slots[col.slot].text = text;
        }
        for check in &self.checks {
            self.check(check, row, ctx)?;
        }
        let mut path = std::mem::take(&mut row.path);
        path.clear();
        let routed = self.render_path(&self.route, row, ctx, &mut path);
        row.path = path;
        routed?;
        for w in &self.warnings {
            if self.cond(&w.when, row, ctx)? {
                let msg = self.render_message(&w.message, row, ctx, &[]);
                row.warnings.push((w.rule, msg));
            }
        }
        self.count_written(row, ctx);
        Ok(Decision::Written { path: () })
    }

    fn check(&self, check: &Check, row: &mut RowState, ctx: &InputCtx) -> OrReject<()> {
        if let Some(when) = &check.when
            && !self.cond(when, row, ctx)?
        {
            return Ok(());
        }
        let mut requirement = None;
        for (when, require) in &check.cases {
            let applies = match when {
                Some(w) => self.cond(w, row, ctx)?,
                None => true,
            };
            if applies {
                requirement = Some(require);
                break;
            }
        }
        let Some(require) = requirement else {
            return Ok(());
        };
        if self.cond(require, row, ctx)? {
            return Ok(());
        }
        let mut message = &check.message;
        for (when, hint) in &check.hints {
            if self.cond(when, row, ctx).unwrap_or(false) {
                message = hint;
                break;
            }
        }
        Err(Box::new(Reject { rule: check.rule, message: self.render_message(message, row, ctx, &[]) }))
    }

    fn cond(&self, c: &Cond, row: &mut RowState, ctx: &InputCtx) -> OrReject<bool> {
        Ok(match c {
            Cond::Test(slot, test) => self.test(*slot, test, row, ctx)?,
            Cond::All(cs) => {
                for c in cs {
                    if !self.cond_leaf(c, row, ctx)? {
                        return Ok(false);
                    }
                }
                true
            }
            Cond::Any(cs) => {
                for c in cs {
                    if self.cond_leaf(c, row, ctx)? {
                        return Ok(true);
                    }
                }
                false
            }
            Cond::Not(c) => !self.cond_leaf(c, row, ctx)?,
            Cond::Count { counter, over } => self.count_over(*counter, *over, row, ctx)?,
        })
    }

    /// A member of `all`, `any` or `not`: most are tests, evaluated here without another call.
    #[inline(always)]
    fn cond_leaf(&self, c: &Cond, row: &mut RowState, ctx: &InputCtx) -> OrReject<bool> {
        match c {
            Cond::Test(slot, test) => self.test(*slot, test, row, ctx),
            _ => self.cond(c, row, ctx),
        }
    }

    #[inline(always)]
    fn test(&self, slot: SlotId, test: &Test, row: &mut RowState, ctx: &InputCtx) -> OrReject<bool> {
        self.ensure(slot, row, ctx)?;
        let v = &row.slots[slot];
        let text = v.text.as_str();
        Ok(match test {
            Test::Equals(s) => text == s,
            Test::In(list) => list.iter().any(|s| s == text),
            Test::Matches(re) => re.is_match(text),
            Test::Empty(want) => text.is_empty() == *want,
            Test::MaxChars(n) => text.chars().count() <= *n,
            Test::CheckDigit(cd) => cd.is_valid(text),
            Test::OlderThan(i) => v.date.is_some_and(|d| d < ctx.cutoffs[*i]),
            Test::InLookup(l) => matches!(self.lookups[*l].find_memo(text, &mut row.memo[*l]), Found::Hit(_)),
        })
    }

    /// Computes slot `id` for this row if it is not computed yet. Inlined: nearly every call
    /// finds the slot computed (a field, or a value an earlier step needed).
    #[inline(always)]
    pub(super) fn ensure(&self, id: SlotId, row: &mut RowState, ctx: &InputCtx) -> OrReject<()> {
        let slot = &row.slots[id];
        if slot.generation == row.generation || slot.busy {
            return Ok(());
        }
        self.compute_slot(id, row, ctx)
    }

    #[inline(never)]
    fn compute_slot(&self, id: SlotId, row: &mut RowState, ctx: &InputCtx) -> OrReject<()> {
        let nf = self.field_count();
        debug_assert!(id >= nf, "fields are set by the reader before deciding");
        let value = &self.values[id - nf];
        for dep in &value.deps {
            self.ensure(*dep, row, ctx)?;
        }
        row.slots[id].busy = true;
        let mut buf = std::mem::take(&mut row.slots[id].text);
        buf.clear();
        let result = self.compute(value, &mut buf, row, ctx);
        let s = &mut row.slots[id];
        s.busy = false;
        s.text = buf;
        match result {
            Ok(date) => {
                s.date = date;
                s.generation = row.generation;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    fn compute(
        &self,
        value: &super::ValuePlan,
        buf: &mut String,
        row: &mut RowState,
        ctx: &InputCtx,
    ) -> OrReject<Option<Date>> {
        let mut date = None;
        let mut steps = value.steps.as_slice();
        // A lookup straight on a field or value: look its text up where it is, without
        // copying it first (a miss takes the general path, which warns or rejects).
        if let (ValueSource::Slot(s), Some(Step::Lookup(l))) = (&value.source, steps.first()) {
            let lookup = &self.lookups[*l];
            if let Found::Hit(out) = lookup.find_memo(&row.slots[*s].text, &mut row.memo[*l]) {
                buf.push_str(out);
                steps = &steps[1..];
                if steps.is_empty() {
                    return Ok(None);
                }
                let mut scratch = std::mem::take(&mut row.scratch);
                let result = self.apply_steps(steps, buf, &mut scratch, &mut date, row, ctx);
                row.scratch = scratch;
                return result.map(|()| date);
            }
        }
        match &value.source {
            ValueSource::Slot(s) => {
                let src = &row.slots[*s];
                buf.push_str(&src.text);
                date = src.date;
            }
            ValueSource::Template(t) => self.render_into(t, row, ctx, &[], buf),
            ValueSource::Constant(c) => buf.push_str(c),
        }
        let mut scratch = std::mem::take(&mut row.scratch);
        let result = self.apply_steps(steps, buf, &mut scratch, &mut date, row, ctx);
        row.scratch = scratch;
        result.map(|()| date)
    }

    fn apply_steps(
        &self,
        steps: &[Step],
        buf: &mut String,
        scratch: &mut String,
        date: &mut Option<Date>,
        row: &mut RowState,
        ctx: &InputCtx,
    ) -> OrReject<()> {
        for step in steps {
            if apply_simple(step, buf, scratch) {
                *date = None;
                continue;
            }
            match step {
                Step::RejectIf(re, rule, message) => {
                    if re.is_match(buf) {
                        let vars = [("value", buf.as_str())];
                        return Err(Box::new(Reject {
                            rule: *rule,
                            message: self.render_message(message, row, ctx, &vars),
                        }));
                    }
                }
                Step::Lookup(l) => {
                    let lookup = &self.lookups[*l];
                    let found = lookup.find_memo(buf, &mut row.memo[*l]);
                    if let Found::Miss(_) = found {
                        row.misses.push((*l, buf.clone()));
                    }
                    match found {
                        Found::Hit(out) => {
                            buf.clear();
                            buf.push_str(out);
                        }
                        Found::Miss(Missing::Reject { rule, message }) => {
                            let vars = [("value", buf.as_str())];
                            return Err(Box::new(Reject {
                                rule: *rule,
                                message: self.render_message(message, row, ctx, &vars),
                            }));
                        }
                        Found::Miss(Missing::Value { value, warn }) => {
                            if let Some((rule, message)) = warn {
                                let vars = [("value", buf.as_str())];
                                let msg = self.render_message(message, row, ctx, &vars);
                                row.warnings.push((*rule, msg));
                            }
                            buf.clear();
                            buf.push_str(value);
                        }
                    }
                    *date = None;
                }
                Step::Date(d) => {
                    if buf.is_empty() {
                        *date = None;
                        continue;
                    }
                    match d.parse(buf) {
                        Some(parsed) => {
                            *date = Some(parsed);
                            buf.clear();
                            d.format_into(parsed, buf);
                        }
                        None => {
                            let vars = [("value", buf.as_str())];
                            return Err(Box::new(Reject {
                                rule: d.rule,
                                message: self.render_message(&d.message, row, ctx, &vars),
                            }));
                        }
                    }
                }
                _ => unreachable!("simple steps are applied above"),
            }
        }
        Ok(())
    }
}
