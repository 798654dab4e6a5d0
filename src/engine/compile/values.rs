//! Fields and values: their slots, where each value comes from, and its transform steps.

use std::ops::Range;

use toml::Spanned;

use super::{Compiler, Names, RuleKind};
use crate::engine::numdate::NumericFormat;
use crate::engine::pattern::Pattern;
use crate::engine::template::Part;
use crate::engine::text::{self, DateStep, Step};
use crate::engine::{FieldPlan, ValuePlan, ValueSource};
use crate::i18n::Msg;
use crate::profile::diag::suggestion;
use crate::profile::schema::{ProfileDoc, StepDoc, ValueDoc};

impl Compiler<'_> {
    /// The fields, then the values: each gets a slot, in that order. Returns the fields and
    /// every slot's name.
    pub(super) fn slots(&mut self, doc: &ProfileDoc) -> (Vec<FieldPlan>, Vec<String>) {
        let mut slot_names: Vec<String> = Vec::new();
        let fields: Vec<FieldPlan> = doc
            .input
            .fields
            .iter()
            .map(|(name, f)| {
                if f.get_ref().headers.is_empty() {
                    self.err(Some(f.span()), Msg::new("diag-field-no-headers").arg("field", name));
                }
                FieldPlan {
                    name: name.clone(),
                    headers: f.get_ref().headers.clone(),
                    default: f.get_ref().default.clone(),
                }
            })
            .collect();
        for f in &fields {
            self.slots.insert(f.name.clone(), slot_names.len());
            slot_names.push(f.name.clone());
        }
        self.check_header_overlap(doc);
        for name in doc.values.keys() {
            if self.slots.contains_key(name) {
                self.err(None, Msg::new("diag-field-and-value").arg("name", name));
            }
            self.slots.insert(name.clone(), slot_names.len());
            slot_names.push(name.clone());
        }
        (fields, slot_names)
    }

    /// A value: where it comes from (a field or value, a template, a constant), then its steps.
    pub(super) fn value(&mut self, v: &ValueDoc, names: &Names<'_>) -> ValuePlan {
        let mut deps = Vec::new();
        let source = match (&v.from, &v.template, &v.constant) {
            (Some(from), None, None) => {
                let s = self.slot(from).unwrap_or(0);
                deps.push(s);
                ValueSource::Slot(s)
            }
            (None, Some(t), None) => {
                let tpl = self.template(t.get_ref(), Some(t.span()), &[], false);
                deps.extend(tpl.parts.iter().filter_map(|p| if let Part::Slot(s) = p { Some(*s) } else { None }));
                ValueSource::Template(tpl)
            }
            (None, None, Some(c)) => ValueSource::Constant(c.clone()),
            _ => {
                let span = v
                    .from
                    .as_ref()
                    .map(|f| f.span())
                    .or(v.template.as_ref().map(|t| t.span()))
                    .or(v.steps.first().map(|s| s.span()));
                self.err(span, Msg::new("diag-value-one"));
                ValueSource::Constant(String::new())
            }
        };
        let steps = v.steps.iter().filter_map(|s| self.step(s, names)).collect();
        ValuePlan { source, steps, deps }
    }

    /// One step: exactly one operation, with only the options that operation takes.
    fn step(&mut self, s: &Spanned<StepDoc>, names: &Names<'_>) -> Option<Step> {
        let span = Some(s.span());
        let d = s.get_ref();
        let ops: Vec<&str> = [
            ("trim", d.trim.is_some()),
            ("nfkc", d.nfkc.is_some()),
            ("uppercase", d.uppercase.is_some()),
            ("lowercase", d.lowercase.is_some()),
            ("strip_prefix", d.strip_prefix.is_some()),
            ("unwrap", d.unwrap.is_some()),
            ("remove_chars", d.remove_chars.is_some()),
            ("replace", d.replace.is_some()),
            ("reject_if", d.reject_if.is_some()),
            ("lookup", d.lookup.is_some()),
            ("date", d.date.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, present)| present.then_some(n))
        .collect();
        let op = match ops.as_slice() {
            [op] => *op,
            [] => {
                self.err(span, Msg::new("diag-step-none"));
                return None;
            }
            many => {
                self.err(span, Msg::new("diag-step-many").arg("operations", many.join(", ")));
                return None;
            }
        };
        let allowed: &[&str] = match op {
            "replace" => &["with"],
            "reject_if" => &["rule", "message"],
            "date" => &["to", "rule", "message"],
            _ => &[],
        };
        for (opt, present) in [
            ("with", d.with.is_some()),
            ("to", d.to.is_some()),
            ("rule", d.rule.is_some()),
            ("message", d.message.is_some()),
        ] {
            if present && !allowed.contains(&opt) {
                self.err(span.clone(), Msg::new("diag-step-option").arg("option", opt).arg("step", op));
            }
        }
        let flag = |b: Option<bool>| b == Some(true);
        Some(match op {
            "trim" if flag(d.trim) => Step::Trim,
            "nfkc" if flag(d.nfkc) => Step::Nfkc,
            "uppercase" if flag(d.uppercase) => Step::Uppercase,
            "lowercase" if flag(d.lowercase) => Step::Lowercase,
            "trim" | "nfkc" | "uppercase" | "lowercase" => {
                self.err(span, Msg::new("diag-step-true").arg("step", op));
                return None;
            }
            "strip_prefix" => Step::StripPrefix(d.strip_prefix.clone()?),
            "unwrap" => {
                let (a, b) = d.unwrap.clone()?;
                Step::Unwrap(a, b)
            }
            "remove_chars" => Step::RemoveChars(text::CharSet::new(d.remove_chars.as_ref()?.chars())),
            "replace" => {
                let re = self.regex(d.replace.as_ref()?, false)?;
                Step::Replace(re.clone(), d.with.clone().unwrap_or_default(), Pattern::new(re))
            }
            "reject_if" => {
                let pattern = self.pattern(d.reject_if.as_ref()?)?;
                let Some(rule) = &d.rule else {
                    self.err(span, Msg::new("diag-reject-if-rule"));
                    return None;
                };
                let rule = self.rule(rule, RuleKind::Reject, span.clone());
                let message = self.message(
                    d.message.as_deref().unwrap_or(self.rule_names[rule].as_str()).to_string().as_str(),
                    span,
                    &["value"],
                );
                Step::RejectIf(pattern, rule, message)
            }
            "lookup" => {
                let name = d.lookup.as_ref()?;
                match names.lookups.get(name.get_ref().as_str()) {
                    Some(i) => {
                        self.used_lookups[*i] = true;
                        Step::Lookup(*i)
                    }
                    None => {
                        let hint = suggestion(name.get_ref(), names.lookups.keys().copied());
                        self.err(
                            Some(name.span()),
                            Msg::new("diag-unknown-lookup").arg("name", name.get_ref()).arg("hint", hint),
                        );
                        return None;
                    }
                }
            }
            "date" => return self.date_step(d, span, names),
            _ => unreachable!(),
        })
    }

    /// A `date` step: the input formats of a `date_formats` set, converted to the `to` format.
    fn date_step(&mut self, d: &StepDoc, span: Option<Range<usize>>, names: &Names<'_>) -> Option<Step> {
        let set_name = d.date.as_ref()?;
        let Some(set) = names.date_sets.get(set_name.get_ref().as_str()) else {
            let hint = suggestion(set_name.get_ref(), names.date_sets.keys().copied());
            self.err(
                Some(set_name.span()),
                Msg::new("diag-unknown-date-formats").arg("name", set_name.get_ref()).arg("hint", hint),
            );
            return None;
        };
        let Some(to) = &d.to else {
            self.err(span, Msg::new("diag-date-to"));
            return None;
        };
        self.date_format(to);
        let formats: Vec<text::InputFormat> = set
            .formats
            .iter()
            .map(|f| {
                self.date_format(f);
                text::InputFormat::new(f.get_ref())
            })
            .collect();
        let shape = set.shape.as_ref().and_then(|s| self.pattern(s));
        let rule_name = d.rule.clone().unwrap_or_else(|| "bad_date".to_string());
        let rule = self.rule(&rule_name, RuleKind::Reject, span.clone());
        let message = self.message(d.message.as_deref().unwrap_or(&rule_name), span, &["value"]);
        Some(Step::Date(DateStep {
            shape,
            formats,
            to: to.get_ref().clone(),
            fast: NumericFormat::for_output(to.get_ref()),
            rule,
            message,
        }))
    }

    /// A date format must format and parse back a sample date (this catches unknown
    /// directives, which jiff would only report at run time).
    fn date_format(&mut self, f: &Spanned<String>) {
        let sample = jiff::civil::date(2024, 10, 18).at(9, 5, 7, 0);
        let ok = jiff::fmt::strtime::format(f.get_ref().as_str(), sample).ok().is_some_and(|s| {
            jiff::civil::DateTime::strptime(f.get_ref(), &s).is_ok()
                || jiff::civil::Date::strptime(f.get_ref(), &s).is_ok()
        });
        if !ok {
            self.err(Some(f.span()), Msg::new("diag-date-format").arg("format", f.get_ref()));
        }
    }
}
