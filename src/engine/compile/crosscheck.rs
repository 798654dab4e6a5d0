//! Checks across the whole profile, made once its parts are compiled: header names two
//! fields share, values that depend on each other in a cycle, and constants the output
//! encoding cannot hold.

use std::collections::{BTreeMap, HashMap};

use super::Compiler;
use crate::common::charset::encodable;
use crate::engine::{Plan, ValuePlan};
use crate::i18n::Msg;
use crate::profile::schema::ProfileDoc;

impl Compiler<'_> {
    /// Two fields accepting the same header name would make a column ambiguous.
    pub(super) fn check_header_overlap(&mut self, doc: &ProfileDoc) {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (name, f) in &doc.input.fields {
            for h in &f.get_ref().headers {
                if let Some(other) = seen.insert(h.as_str(), name.as_str()) {
                    let msg = Msg::new("diag-header-twice").arg("header", h).arg("first", other).arg("second", name);
                    self.err(Some(f.span()), msg);
                }
            }
        }
    }

    /// Values must not depend on themselves.
    pub(super) fn check_cycles(&mut self, values: &[ValuePlan], nf: usize, names: &[String]) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        fn visit(
            i: usize,
            values: &[ValuePlan],
            nf: usize,
            marks: &mut [Mark],
            path: &mut Vec<usize>,
        ) -> Option<Vec<usize>> {
            match marks[i] {
                Mark::Done => return None,
                Mark::Active => {
                    let start = path.iter().position(|p| *p == i).unwrap_or(0);
                    return Some(path[start..].to_vec());
                }
                Mark::New => {}
            }
            marks[i] = Mark::Active;
            path.push(i);
            for d in &values[i].deps {
                if *d >= nf
                    && let Some(c) = visit(*d - nf, values, nf, marks, path)
                {
                    return Some(c);
                }
            }
            path.pop();
            marks[i] = Mark::Done;
            None
        }
        let mut marks = vec![Mark::New; values.len()];
        for i in 0..values.len() {
            if let Some(cycle) = visit(i, values, nf, &mut marks, &mut Vec::new()) {
                let names: Vec<&str> = cycle.iter().map(|c| names[c + nf].as_str()).collect();
                self.err(None, Msg::new("diag-cycle").arg("cycle", format!("{} → {}", names.join(" → "), names[0])));
                return;
            }
        }
    }

    /// Every constant the output can hold — lookup results and the header's column names —
    /// must survive the output encoding after folding: a profile that could only ever produce
    /// rejections (or an unwritable header) is wrong before any row is read.
    pub(super) fn check_output_encodable(&mut self, plan: &Plan, doc: &ProfileDoc) {
        let mut bad = BTreeMap::new();
        let mut folded = String::new();
        let constants = plan
            .lookup_outputs()
            .map(|(lookup, out)| (Msg::new("diag-lookup-value").arg("lookup", lookup).arg("value", out), out))
            .chain(plan.columns.iter().map(|c| (Msg::new("diag-column-name").arg("column", &c.name), c.name.as_str())));
        for (what, text) in constants {
            plan.output.fold_into(text, &mut folded);
            if let Some(ch) = folded.chars().find(|c| !encodable(plan.output.format.encoding, *c)) {
                let msg = Msg::at_path(what, Msg::new("diag-unencodable-constant").arg("char", ch));
                // Each problem once, in a stable order (that of the English words).
                bad.insert(msg.render(crate::i18n::Lang::En), msg);
            }
        }
        for msg in bad.into_values() {
            self.err(Some(doc.output.encoding.span()), msg);
        }
    }
}
