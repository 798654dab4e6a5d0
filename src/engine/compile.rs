//! Compiling a parsed profile into a [`Plan`]: every name resolved, every regex compiled,
//! every lookup prepared, and every problem reported with its location (all of them, not
//! only the first).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use regex::{Regex, RegexBuilder};
use toml::Spanned;

use super::checkdigit::CheckDigit;
use super::eval::is_safe_component;
use super::intern::intern;
use super::lookup::{self, FastMap, Lookup, Matcher, Missing};
use super::template::{Message, Part, RawPart, Template, split};
use super::text::{DateStep, Step};
use super::*;
use crate::charset::encodable;
use crate::profile::diag::suggestion;
use crate::profile::schema::*;
use crate::profile::{Diagnostic, Source};

/// Size limit for one compiled regex: a profile cannot make the engine build a huge automaton.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Variables the engine supplies to messages of its own rules and of failing steps.
const ENGINE_VARS: &[&str] = &["value", "column", "char", "codepoint", "expected", "found", "field"];

/// Parses and compiles a profile. Every problem found is returned, located.
pub fn compile(source: &Source) -> Result<Plan, Vec<Diagnostic>> {
    let doc = source.parse().map_err(|d| vec![d])?;
    compile_doc(source, &doc)
}

/// Compiles an already parsed profile.
pub fn compile_doc(source: &Source, doc: &ProfileDoc) -> Result<Plan, Vec<Diagnostic>> {
    let mut c = Compiler {
        src: source,
        diags: Vec::new(),
        rule_names: Vec::new(),
        rule_kinds: HashMap::new(),
        slots: HashMap::new(),
        day_offsets: Vec::new(),
        as_of_formats: Vec::new(),
    };
    let plan = c.plan(doc);
    if c.diags.is_empty() { Ok(plan) } else { Err(c.diags) }
}

struct Compiler<'a> {
    src: &'a Source,
    diags: Vec<Diagnostic>,
    rule_names: Vec<String>,
    /// How each rule name is used; a name cannot both exclude and reject.
    rule_kinds: HashMap<String, RuleKind>,
    slots: HashMap<String, SlotId>,
    day_offsets: Vec<i32>,
    as_of_formats: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleKind {
    Exclude,
    Reject,
    Warn,
}

impl RuleKind {
    fn word(self) -> &'static str {
        match self {
            RuleKind::Exclude => "an exclusion",
            RuleKind::Reject => "a rejection",
            RuleKind::Warn => "a warning",
        }
    }
}

/// What a name refers to during compilation, before values are compiled.
struct Names<'d> {
    lookups: HashMap<&'d str, usize>,
    date_sets: HashMap<&'d str, &'d DateFormatsDoc>,
}

impl<'a> Compiler<'a> {
    fn err(&mut self, span: Option<Range<usize>>, msg: impl Into<String>) {
        let d = self.src.diag(span, msg);
        self.diags.push(d);
    }

    fn rule(&mut self, name: &str, kind: RuleKind, span: Option<Range<usize>>) -> RuleId {
        match self.rule_kinds.get(name) {
            Some(k) if *k != kind => {
                let (k, name) = (*k, name.to_string());
                self.err(
                    span,
                    format!(
                        "rule `{name}` is used as {} here and as {} elsewhere; give them different names",
                        kind.word(),
                        k.word()
                    ),
                );
            }
            _ => {
                self.rule_kinds.insert(name.to_string(), kind);
            }
        }
        intern(&mut self.rule_names, name)
    }

    fn regex(&mut self, pattern: &Spanned<String>, ignore_case: bool) -> Option<Regex> {
        match RegexBuilder::new(pattern.get_ref()).case_insensitive(ignore_case).size_limit(REGEX_SIZE_LIMIT).build() {
            Ok(re) => Some(re),
            Err(e) => {
                self.err(Some(pattern.span()), format!("invalid regex: {}", one_line(&e.to_string())));
                None
            }
        }
    }

    fn slot(&mut self, name: &Spanned<String>) -> Option<SlotId> {
        match self.slots.get(name.get_ref().as_str()) {
            Some(s) => Some(*s),
            None => {
                let hint = suggestion(name.get_ref(), self.slots.keys().map(String::as_str));
                self.err(Some(name.span()), format!("unknown field or value `{}`{hint}", name.get_ref()));
                None
            }
        }
    }

    fn plan(&mut self, doc: &ProfileDoc) -> Plan {
        // Fields first, then values: their slot ids.
        let mut slot_names: Vec<String> = Vec::new();
        let fields: Vec<FieldPlan> = doc
            .input
            .fields
            .iter()
            .map(|(name, f)| {
                if f.get_ref().headers.is_empty() {
                    self.err(Some(f.span()), format!("field `{name}` needs at least one header name"));
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
                self.err(None, format!("`{name}` is both a field and a value; rename one"));
            }
            self.slots.insert(name.clone(), slot_names.len());
            slot_names.push(name.clone());
        }

        let names = Names {
            lookups: doc.lookups.keys().enumerate().map(|(i, n)| (n.as_str(), i)).collect(),
            date_sets: doc.date_formats.iter().map(|(n, d)| (n.as_str(), d)).collect(),
        };
        let lookups: Vec<Lookup> = doc.lookups.iter().map(|(n, l)| self.lookup(n, l)).collect();
        let values: Vec<ValuePlan> = doc.values.values().map(|v| self.value(v, &names)).collect();
        self.check_cycles(&values, fields.len(), &slot_names);

        let rules = doc
            .rules
            .iter()
            .filter_map(|r| {
                let (kind, action) = match r.action.get_ref().as_str() {
                    "exclude" => (RuleKind::Exclude, Action::Exclude),
                    "reject" => (RuleKind::Reject, Action::Reject),
                    other => {
                        self.err(Some(r.action.span()), format!("unknown action `{other}`: use `exclude` or `reject`"));
                        return None;
                    }
                };
                if doc.rules.iter().filter(|o| o.name.get_ref() == r.name.get_ref()).count() > 1 {
                    self.err(Some(r.name.span()), format!("rule `{}` is defined twice in [[rules]]", r.name.get_ref()));
                }
                let rule = self.rule(r.name.get_ref(), kind, Some(r.name.span()));
                let when = self.cond(&r.when, None)?;
                let message =
                    self.message(r.message.as_deref().unwrap_or(r.name.get_ref()), Some(r.name.span()), &["value"]);
                Some(RulePlan { rule, action, when, message })
            })
            .collect();

        let columns: Vec<ColumnPlan> = doc
            .output
            .columns
            .iter()
            .filter_map(|col| {
                let slot = self.slot(&col.value)?;
                let checks = col.checks.iter().filter_map(|ch| self.check(ch, Some(slot))).collect();
                Some(ColumnPlan { name: col.name.clone(), slot, checks })
            })
            .collect();
        if doc.output.columns.is_empty() {
            self.err(Some(doc.output.path.span()), "the output needs at least one column");
        }
        let checks = doc.checks.iter().filter_map(|ch| self.check(ch, None)).collect();
        let warnings = doc
            .warnings
            .iter()
            .filter_map(|w| {
                let rule = self.rule(w.rule.get_ref(), RuleKind::Warn, Some(w.rule.span()));
                let when = self.cond(&w.when, None)?;
                let message = self.message(&w.message, Some(w.rule.span()), &[]);
                Some(WarningPlan { rule, when, message })
            })
            .collect();

        let route = self.path_template(&doc.output.path, true);
        let duplicate_key = doc
            .output
            .duplicate_key
            .iter()
            .filter_map(|k| match doc.output.columns.iter().position(|c| &c.name == k.get_ref()) {
                Some(i) => Some(i),
                None => {
                    let hint = suggestion(k.get_ref(), doc.output.columns.iter().map(|c| c.name.as_str()));
                    self.err(
                        Some(k.span()),
                        format!("duplicate_key names `{}`, which is not an output column{hint}", k.get_ref()),
                    );
                    None
                }
            })
            .collect();
        let output = self.output(&doc.output);
        let rejects = RejectsPlan {
            path: self.path_template(&doc.output.rejects.path, false),
            headers: doc.output.rejects.headers.clone(),
        };
        let builtin = self.builtins(&doc.builtin_rules);
        let input = InputPlan { encoding: self.input_encoding(&doc.input.encoding), trim: doc.input.trim, fields };
        let time_zone = match &doc.time_zone {
            Some(tz) => jiff::tz::TimeZone::get(tz.get_ref()).unwrap_or_else(|e| {
                self.err(Some(tz.span()), format!("unknown time zone `{}`: {e}", tz.get_ref()));
                jiff::tz::TimeZone::UTC
            }),
            None => jiff::tz::TimeZone::system(),
        };

        let plan = Plan {
            name: self.src.name.clone(),
            description: doc.description.clone(),
            time_zone,
            input,
            slot_names,
            values,
            lookups,
            rules,
            columns,
            checks,
            warnings,
            route,
            output,
            rejects,
            rule_names: std::mem::take(&mut self.rule_names),
            builtin,
            duplicate_key,
            day_offsets: std::mem::take(&mut self.day_offsets),
            as_of_formats: std::mem::take(&mut self.as_of_formats),
        };
        self.check_output_encodable(&plan, doc);
        plan
    }

    /// Two fields accepting the same header name would make a column ambiguous.
    fn check_header_overlap(&mut self, doc: &ProfileDoc) {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (name, f) in &doc.input.fields {
            for h in &f.get_ref().headers {
                if let Some(other) = seen.insert(h.as_str(), name.as_str()) {
                    let msg = format!("header `{h}` is accepted by both `{other}` and `{name}`");
                    self.err(Some(f.span()), msg);
                }
            }
        }
    }

    fn lookup(&mut self, name: &str, l: &LookupDoc) -> Lookup {
        let mut outputs = Vec::new();
        let mut exact: FastMap<String, usize> = FastMap::default();
        let mut patterns: Vec<&Spanned<String>> = Vec::new();
        for (i, e) in l.entries.iter().enumerate() {
            let entry = e.get_ref();
            outputs.push(entry.to.clone());
            match (&entry.from, &entry.pattern) {
                (Some(from), None) => {
                    for f in from {
                        if let Some(prev) = exact.insert(f.clone(), i)
                            && outputs[prev] != entry.to
                        {
                            let msg =
                                format!("lookup `{name}`: `{f}` maps to `{}` and to `{}`", outputs[prev], entry.to);
                            self.err(Some(e.span()), msg);
                        }
                    }
                }
                (None, Some(p)) => patterns.push(p),
                _ => self.err(
                    Some(e.span()),
                    format!(
                        "lookup `{name}`: an entry needs exactly one of `from` (exact values) or `pattern` (regex)"
                    ),
                ),
            }
        }
        let matcher = if patterns.is_empty() {
            Matcher::Exact(exact)
        } else {
            if !exact.is_empty() {
                self.err(
                    l.entries.first().map(|e| e.span()),
                    format!("lookup `{name}` mixes `from` and `pattern` entries; use one kind per lookup"),
                );
            }
            let set = lookup::multi_regex(
                &patterns.iter().map(|p| p.get_ref().as_str()).collect::<Vec<_>>(),
                l.ignore_case,
                REGEX_SIZE_LIMIT * 4,
            );
            match set {
                Ok(s) => Matcher::Regex(s),
                Err(e) => {
                    // Compile each pattern alone to say which one is wrong, and where.
                    let before = self.diags.len();
                    for p in &patterns {
                        self.regex(p, l.ignore_case);
                    }
                    if self.diags.len() == before {
                        self.err(
                            l.entries.first().map(|e| e.span()),
                            format!("lookup `{name}`: {}", one_line(&e.to_string())),
                        );
                    }
                    Matcher::Exact(FastMap::default())
                }
            }
        };
        let on_missing = match &l.on_missing {
            None => {
                let rule = self.rule(name, RuleKind::Reject, None);
                let message = self.message(&format!("「{{value}}」 is not in lookup `{name}`"), None, &["value"]);
                Missing::Reject { rule, message }
            }
            Some(m) => {
                let span = Some(m.span());
                let m = m.get_ref();
                let message = self.message(m.message.as_deref().unwrap_or(name), span.clone(), &["value"]);
                match (&m.reject, &m.value) {
                    (Some(r), None) if m.warn.is_none() => {
                        Missing::Reject { rule: self.rule(r, RuleKind::Reject, span), message }
                    }
                    (None, Some(v)) => Missing::Value {
                        value: v.clone(),
                        warn: m.warn.as_ref().map(|w| (self.rule(w, RuleKind::Warn, span), message)),
                    },
                    _ => {
                        self.err(span, format!("lookup `{name}`: on_missing needs either `reject = \"rule\"` or `value = \"…\"` (optionally with `warn`)"));
                        Missing::Value { value: String::new(), warn: None }
                    }
                }
            }
        };
        Lookup { name: name.to_string(), matcher, outputs, on_empty: l.on_empty.clone(), on_missing }
    }

    fn value(&mut self, v: &ValueDoc, names: &Names<'_>) -> ValuePlan {
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
                self.err(span, "a value needs exactly one of `from`, `template` or `constant`");
                ValueSource::Constant(String::new())
            }
        };
        let steps = v.steps.iter().filter_map(|s| self.step(s, names)).collect();
        ValuePlan { source, steps, deps }
    }

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
                self.err(span, "a step needs one operation: trim, nfkc, uppercase, lowercase, strip_prefix, unwrap, remove_chars, replace, reject_if, lookup or date");
                return None;
            }
            many => {
                self.err(
                    span,
                    format!("a step has one operation, this one has {}: split it into several steps", many.join(", ")),
                );
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
                self.err(span.clone(), format!("`{opt}` does not belong to a `{op}` step"));
            }
        }
        let flag = |b: Option<bool>| b == Some(true);
        Some(match op {
            "trim" if flag(d.trim) => Step::Trim,
            "nfkc" if flag(d.nfkc) => Step::Nfkc,
            "uppercase" if flag(d.uppercase) => Step::Uppercase,
            "lowercase" if flag(d.lowercase) => Step::Lowercase,
            "trim" | "nfkc" | "uppercase" | "lowercase" => {
                self.err(span, format!("write `{op} = true` (false has no meaning; remove the step instead)"));
                return None;
            }
            "strip_prefix" => Step::StripPrefix(d.strip_prefix.clone()?),
            "unwrap" => {
                let (a, b) = d.unwrap.clone()?;
                Step::Unwrap(a, b)
            }
            "remove_chars" => Step::RemoveChars(d.remove_chars.as_ref()?.chars().collect()),
            "replace" => {
                let re = self.regex(d.replace.as_ref()?, false)?;
                Step::Replace(re.clone(), d.with.clone().unwrap_or_default(), super::pattern::Pattern::new(re))
            }
            "reject_if" => {
                let re = self.regex(d.reject_if.as_ref()?, false)?;
                let Some(rule) = &d.rule else {
                    self.err(span, "a `reject_if` step needs `rule` (the rejection rule's name)");
                    return None;
                };
                let rule = self.rule(rule, RuleKind::Reject, span.clone());
                let message = self.message(
                    d.message.as_deref().unwrap_or(self.rule_names[rule].as_str()).to_string().as_str(),
                    span,
                    &["value"],
                );
                Step::RejectIf(super::pattern::Pattern::new(re), rule, message)
            }
            "lookup" => {
                let name = d.lookup.as_ref()?;
                match names.lookups.get(name.get_ref().as_str()) {
                    Some(i) => Step::Lookup(*i),
                    None => {
                        let hint = suggestion(name.get_ref(), names.lookups.keys().copied());
                        self.err(Some(name.span()), format!("unknown lookup `{}`{hint}", name.get_ref()));
                        return None;
                    }
                }
            }
            "date" => {
                let set_name = d.date.as_ref()?;
                let Some(set) = names.date_sets.get(set_name.get_ref().as_str()) else {
                    let hint = suggestion(set_name.get_ref(), names.date_sets.keys().copied());
                    self.err(Some(set_name.span()), format!("unknown date_formats `{}`{hint}", set_name.get_ref()));
                    return None;
                };
                let Some(to) = &d.to else {
                    self.err(span, "a `date` step needs `to` (the output format, e.g. \"%Y%m%d\")");
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
                let shape = set.shape.as_ref().and_then(|s| self.regex(s, false)).map(super::pattern::Pattern::new);
                let rule_name = d.rule.clone().unwrap_or_else(|| "bad_date".to_string());
                let rule = self.rule(&rule_name, RuleKind::Reject, span.clone());
                let message = self.message(d.message.as_deref().unwrap_or(&rule_name), span, &["value"]);
                Step::Date(DateStep {
                    shape,
                    formats,
                    to: to.get_ref().clone(),
                    fast: super::numdate::NumericFormat::for_output(to.get_ref()),
                    rule,
                    message,
                })
            }
            _ => unreachable!(),
        })
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
            self.err(
                Some(f.span()),
                format!("invalid date format `{}` (jiff strftime syntax, e.g. \"%Y/%m/%d %H:%M\")", f.get_ref()),
            );
        }
    }

    fn check(&mut self, ch: &CheckDoc, default: Option<SlotId>) -> Option<Check> {
        let rule = self.rule(ch.rule.get_ref(), RuleKind::Reject, Some(ch.rule.span()));
        let when = match &ch.when {
            Some(w) => Some(self.cond(w, default)?),
            None => None,
        };
        let mut cases = Vec::new();
        match (&ch.require, ch.cases.is_empty()) {
            (Some(r), true) => cases.push((None, self.cond(r, default)?)),
            (None, false) => {
                for case in &ch.cases {
                    let w = match &case.when {
                        Some(w) => Some(self.cond(w, default)?),
                        None => None,
                    };
                    cases.push((w, self.cond(&case.require, default)?));
                }
            }
            _ => {
                self.err(
                    Some(ch.rule.span()),
                    format!("check `{}` needs either `require` or `cases`", ch.rule.get_ref()),
                );
                return None;
            }
        }
        let mut hints = Vec::new();
        for h in &ch.hints {
            let c = self.cond(&h.when, default)?;
            hints.push((c, self.message(&h.message, Some(h.when.span()), &[])));
        }
        let message = self.message(&ch.message, Some(ch.rule.span()), &[]);
        Some(Check { rule, message, when, cases, hints })
    }

    fn cond(&mut self, doc: &Spanned<ConditionDoc>, default: Option<SlotId>) -> Option<Cond> {
        let span = Some(doc.span());
        let d = doc.get_ref();
        let combinators = [d.all.is_some(), d.any.is_some(), d.not.is_some()].iter().filter(|b| **b).count();
        let tests: Vec<&str> = [
            ("equals", d.equals.is_some()),
            ("in", d.in_.is_some()),
            ("matches", d.matches.is_some()),
            ("empty", d.empty.is_some()),
            ("max_chars", d.max_chars.is_some()),
            ("check_digit", d.check_digit.is_some()),
            ("older_than_days", d.older_than_days.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, p)| p.then_some(n))
        .collect();
        if combinators + tests.len() != 1 {
            self.err(span, "a condition needs exactly one of: all, any, not, equals, in, matches, empty, max_chars, check_digit, older_than_days");
            return None;
        }
        if combinators == 1 && d.value.is_some() {
            self.err(span.clone(), "`value` goes inside the conditions of all / any / not, not beside them");
        }
        if let Some(all) = &d.all {
            return Some(Cond::All(all.iter().map(|c| self.cond(c, default)).collect::<Option<_>>()?));
        }
        if let Some(any) = &d.any {
            return Some(Cond::Any(any.iter().map(|c| self.cond(c, default)).collect::<Option<_>>()?));
        }
        if let Some(not) = &d.not {
            return Some(Cond::Not(Box::new(self.cond(not, default)?)));
        }
        let slot = match &d.value {
            Some(v) => self.slot(v)?,
            None => match default {
                Some(s) => s,
                None => {
                    self.err(span, "this condition needs `value` (the field or value it tests)");
                    return None;
                }
            },
        };
        let test = if let Some(e) = &d.equals {
            Test::Equals(e.clone())
        } else if let Some(list) = &d.in_ {
            Test::In(list.clone())
        } else if let Some(p) = &d.matches {
            Test::Matches(super::pattern::Pattern::new(self.regex(p, false)?))
        } else if let Some(e) = d.empty {
            Test::Empty(e)
        } else if let Some(n) = d.max_chars {
            Test::MaxChars(n)
        } else if let Some(cd) = &d.check_digit {
            match CheckDigit::from_name(cd.get_ref()) {
                Some(c) => Test::CheckDigit(c),
                None => {
                    let hint = suggestion(cd.get_ref(), CheckDigit::NAMES.iter().copied());
                    self.err(
                        Some(cd.span()),
                        format!(
                            "unknown check digit `{}`{hint}; known: {}",
                            cd.get_ref(),
                            CheckDigit::NAMES.join(", ")
                        ),
                    );
                    return None;
                }
            }
        } else {
            let days = d.older_than_days?;
            Test::OlderThan(intern(&mut self.day_offsets, &days))
        };
        Some(Cond::Test(slot, test))
    }

    /// A message template: placeholders are fields, values or the engine's variables.
    fn message(&mut self, text: &str, span: Option<Range<usize>>, vars: &[&str]) -> Message {
        self.template(text, span, vars, false)
    }

    fn template(&mut self, text: &str, span: Option<Range<usize>>, vars: &[&str], path: bool) -> Template {
        let raw = match split(text) {
            Ok(r) => r,
            Err(e) => {
                self.err(span, format!("template `{text}`: {e}"));
                return Template::default();
            }
        };
        let mut parts = Vec::new();
        for p in raw {
            match p {
                RawPart::Lit(s) => parts.push(Part::Lit(s)),
                RawPart::Name(name, offset) => {
                    // Point at the placeholder itself when the source text lines up (a string
                    // without escapes); otherwise at the whole string.
                    let span = span.clone().map(|sp| {
                        let at = sp.start + 1 + offset;
                        if self.src.text.get(at..at + name.len()) == Some(name) { at..at + name.len() } else { sp }
                    });
                    if let Some(fmt) = name.strip_prefix("as_of:") {
                        let probe = jiff::fmt::strtime::format(fmt, jiff::civil::date(2024, 10, 18));
                        if probe.is_err() {
                            self.err(span.clone(), format!("invalid date format in `{{{name}}}`"));
                        }
                        parts.push(Part::AsOf(intern(&mut self.as_of_formats, fmt)));
                    } else if name == "as_of" {
                        parts.push(Part::AsOf(intern(&mut self.as_of_formats, "%Y-%m-%d")));
                    } else if name == "input_stem" {
                        parts.push(Part::InputStem);
                    } else if let Some(s) = self.slots.get(name) {
                        parts.push(Part::Slot(*s));
                    } else if vars.contains(&name) {
                        parts.push(Part::Var(name.to_string()));
                    } else {
                        let hint = suggestion(name, self.slots.keys().map(String::as_str).chain(vars.iter().copied()));
                        let what = if path { "path" } else { "message" };
                        self.err(
                            span.clone(),
                            format!("{what} `{text}` refers to `{{{name}}}`, which is not a field or value{hint}"),
                        );
                    }
                }
            }
        }
        Template { parts }
    }

    /// A path template under `--out`: relative, no `..`, no empty component. Values put into
    /// it are checked per row ([`is_safe_component`]).
    fn path_template(&mut self, t: &Spanned<String>, allow_values: bool) -> Template {
        let span = if t.span() == (0..0) { None } else { Some(t.span()) };
        let before = self.diags.len();
        let tpl = self.template(t.get_ref(), span.clone(), &[], true);
        if self.diags.len() > before {
            return tpl;
        }
        if !allow_values && tpl.parts.iter().any(|p| matches!(p, Part::Slot(_) | Part::InputStem)) {
            self.err(
                span.clone(),
                "the reject file's path can use only `{as_of:FORMAT}`: one reject file serves every input",
            );
        }
        let sample: String = tpl
            .parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.as_str(),
                _ => "x",
            })
            .collect();
        let escapes = sample.starts_with(['/', '\\'])
            || sample.contains('\\')
            || sample.contains(':')
            || sample.split('/').any(|c| c.is_empty() || c == "." || c == "..")
            || !sample.split('/').all(is_safe_component);
        if escapes {
            self.err(span, format!("path `{}` must stay inside the output folder: relative, `/` between names, no `..`, `.` or empty parts", t.get_ref()));
        }
        tpl
    }

    fn output(&mut self, o: &OutputDoc) -> OutputPlan {
        let label = o.encoding.get_ref().to_ascii_lowercase();
        let encoding = OutputEncoding::from_label(&label).unwrap_or_else(|| {
            self.err(
                Some(o.encoding.span()),
                format!("unknown output encoding `{label}`: use `cp932` (Shift_JIS / Windows-31J) or `utf-8`"),
            );
            OutputEncoding::Utf8
        });
        let crlf = match o.newline.get_ref().as_str() {
            "crlf" => true,
            "lf" => false,
            other => {
                self.err(Some(o.newline.span()), format!("unknown newline `{other}`: use `crlf` or `lf`"));
                true
            }
        };
        let quote_always = match o.quote.get_ref().as_str() {
            "necessary" => false,
            "always" => true,
            other => {
                self.err(Some(o.quote.span()), format!("unknown quote style `{other}`: use `necessary` or `always`"));
                false
            }
        };
        let mut fold = Vec::new();
        for (from, to) in &o.fold {
            match (single_char(from), single_char(to)) {
                (Some(f), Some(t)) => {
                    if !encodable(encoding, t) {
                        self.err(
                            Some(o.path.span()),
                            format!(
                                "fold `{from}` → `{to}`: `{to}` (U+{:04X}) cannot be written in the output encoding",
                                t as u32
                            ),
                        );
                    }
                    fold.push((f, t));
                }
                _ => self.err(Some(o.path.span()), format!("fold `{from}` → `{to}`: both sides must be one character")),
            }
        }
        fold.sort();
        let replace = match &o.unencodable.replace_with {
            None => None,
            Some(r) => match single_char(r) {
                Some(c) if encodable(encoding, c) => {
                    let warn = o.unencodable.warn.clone().unwrap_or_else(|| "replaced_character".into());
                    let rule = self.rule(&warn, RuleKind::Warn, None);
                    let message = self.message(
                        o.unencodable.message.as_deref().unwrap_or("{column}: {char} ({codepoint}) replaced"),
                        None,
                        ENGINE_VARS,
                    );
                    Some((c, (rule, message)))
                }
                _ => {
                    self.err(
                        Some(o.path.span()),
                        format!("unencodable.replace_with `{r}` must be one character the output encoding can hold"),
                    );
                    None
                }
            },
        };
        let (replace_with, replace_warning) = replace.unzip();
        OutputPlan {
            format: CsvFormat { encoding, crlf, quote_always, replace_with },
            header: o.header,
            fold,
            replace_warning,
        }
    }

    fn input_encoding(&mut self, e: &Spanned<String>) -> InputEncoding {
        let label = e.get_ref().to_ascii_lowercase();
        InputEncoding::from_label(&label).unwrap_or_else(|| {
            let hint = suggestion(&label, ["auto", "utf-8", "cp932", "shift_jis"]);
            self.err(Some(e.span()), format!("unknown input encoding `{label}`{hint}: use `auto`, `utf-8` or `cp932`"));
            InputEncoding::Auto
        })
    }

    fn builtins(&mut self, b: &BuiltinRulesDoc) -> Builtins {
        let one = |c: &mut Self, doc: &Option<BuiltinDoc>, default_name: &str, kind: RuleKind, default_msg: &str| {
            let name = doc.as_ref().and_then(|d| d.name.clone()).unwrap_or_else(|| default_name.to_string());
            let rule = c.rule(&name, kind, None);
            let message =
                c.message(doc.as_ref().and_then(|d| d.message.as_deref()).unwrap_or(default_msg), None, ENGINE_VARS);
            // A row rejected for its width or its bytes is not read into fields, so its message
            // can only use what the engine passes.
            let unread = ["field_count", "undecodable"].contains(&default_name);
            if unread && message.parts.iter().any(|p| matches!(p, Part::Slot(_))) {
                c.err(
                    None,
                    format!(
                        "builtin_rules.{default_name}: the message names a field or value, but such a row is \
                         not read into fields; use {}",
                        if default_name == "field_count" {
                            "{found} and {expected}"
                        } else {
                            "{column} and {expected}"
                        }
                    ),
                );
            }
            Builtin { rule, message }
        };
        Builtins {
            undecodable: one(
                self,
                &b.undecodable,
                "undecodable",
                RuleKind::Reject,
                "column {column}: bytes that are not valid {expected}",
            ),
            field_count: one(
                self,
                &b.field_count,
                "field_count",
                RuleKind::Reject,
                "{found} fields where the header has {expected}",
            ),
            duplicate: one(
                self,
                &b.duplicate,
                "duplicate",
                RuleKind::Exclude,
                "the same row was already written to this file",
            ),
            unencodable: one(
                self,
                &b.unencodable,
                "unencodable",
                RuleKind::Reject,
                "column {column}: {char} ({codepoint}) cannot be written in the output encoding",
            ),
            bad_path: one(
                self,
                &b.bad_path,
                "bad_path",
                RuleKind::Reject,
                "{field} = \"{value}\" cannot be used in a file path",
            ),
        }
    }

    /// Values must not depend on themselves.
    fn check_cycles(&mut self, values: &[ValuePlan], nf: usize, names: &[String]) {
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
                self.err(None, format!("values depend on each other in a cycle: {} → {}", names.join(" → "), names[0]));
                return;
            }
        }
    }

    /// Every constant a lookup can write must survive the output encoding after folding.
    /// Every constant the output can hold — lookup results and the header's column names —
    /// must survive the output encoding after folding: a profile that could only ever produce
    /// rejections (or an unwritable header) is wrong before any row is read.
    fn check_output_encodable(&mut self, plan: &Plan, doc: &ProfileDoc) {
        let mut bad = BTreeMap::new();
        let mut folded = String::new();
        let constants = plan
            .lookup_outputs()
            .map(|(lookup, out)| (format!("lookup `{lookup}` value `{out}`"), out))
            .chain(plan.columns.iter().map(|c| (format!("output column name `{}`", c.name), c.name.as_str())));
        for (what, text) in constants {
            plan.output.fold_into(text, &mut folded);
            if let Some(ch) = folded.chars().find(|c| !encodable(plan.output.format.encoding, *c)) {
                bad.insert(format!("{what}: `{ch}` cannot be written in the output encoding"), ());
            }
        }
        for msg in bad.into_keys() {
            self.err(Some(doc.output.encoding.span()), msg);
        }
    }
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

fn one_line(s: &str) -> String {
    s.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}
