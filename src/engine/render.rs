//! Rendering a row's messages and its route path from their templates.

use super::Plan;
use super::eval::{InputCtx, OrReject, Reject, RowState};
use super::template::{Message, Part, Template};

impl Plan {
    /// Renders a message. Placeholders name fields and values (computed if they can be) or
    /// the variables the engine passes; anything that cannot be computed renders empty.
    pub fn render_message(&self, m: &Message, row: &mut RowState, ctx: &InputCtx, vars: &[(&str, &str)]) -> String {
        let mut out = String::new();
        self.render_into(m, row, ctx, vars, &mut out);
        out
    }

    pub(super) fn render_into(
        &self,
        t: &Template,
        row: &mut RowState,
        ctx: &InputCtx,
        vars: &[(&str, &str)],
        out: &mut String,
    ) {
        for part in &t.parts {
            match part {
                Part::Lit(s) => out.push_str(s),
                Part::Slot(s) => {
                    if self.ensure(*s, row, ctx).is_ok() {
                        out.push_str(row.text(*s));
                    }
                }
                Part::AsOf(i) => out.push_str(&ctx.as_of_strings[*i]),
                Part::InputStem => out.push_str(&ctx.input_stem),
                Part::Profile => out.push_str(&self.name),
                Part::Var(name) => {
                    if let Some((_, v)) = vars.iter().find(|(n, _)| n == name) {
                        out.push_str(v);
                    }
                }
            }
        }
    }

    /// Renders a route path. A value placed into a path must be one plain path component
    /// (no separator, not `.` or `..`, not empty), so no row can write outside `--out`.
    pub(super) fn render_path(
        &self,
        t: &Template,
        row: &mut RowState,
        ctx: &InputCtx,
        out: &mut String,
    ) -> OrReject<()> {
        for part in &t.parts {
            match part {
                Part::Slot(s) => {
                    self.ensure(*s, row, ctx)?;
                    if !row.safe_path_part(*s, is_safe_component) {
                        let value = row.text(*s).to_string();
                        let vars = [("value", value.as_str()), ("field", self.slot_names[*s].as_str())];
                        let message = self.render_message(&self.builtin.bad_path.message, row, ctx, &vars);
                        return Err(Box::new(Reject { rule: self.builtin.bad_path.rule, message }));
                    }
                    out.push_str(row.text(*s));
                }
                Part::Lit(s) => out.push_str(s),
                Part::AsOf(i) => out.push_str(&ctx.as_of_strings[*i]),
                Part::InputStem => out.push_str(&ctx.input_stem),
                Part::Profile => out.push_str(&self.name),
                Part::Var(_) => {}
            }
        }
        Ok(())
    }
}

/// Whether `v` can stand as (part of) one path component without changing the directory:
/// the rules of [`crate::common::outpath::check_component`] (no separator, `..`, control character,
/// Windows-reserved name or character, nor an over-long name).
pub fn is_safe_component(v: &str) -> bool {
    crate::common::outpath::check_component(v).is_ok()
}
