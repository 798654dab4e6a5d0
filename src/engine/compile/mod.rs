//! Compiling a parsed profile into a [`Plan`]: every name resolved, every regex compiled,
//! every lookup prepared, and every problem reported with its location (all of them, not
//! only the first).
//!
//! This file holds the entry points, the [`Compiler`]'s shared state and the assembly of the
//! plan; each part of a profile is compiled in its own file: fields, values and their steps
//! ([`values`]), lookups ([`lookups`]), rules, checks, warnings and their conditions
//! ([`conditions`]), messages and path templates ([`templates`]), the input's encoding and
//! delimiter ([`input`]), the output section and builtin rules ([`output`]), and the checks
//! across the whole profile ([`crosscheck`]).

mod conditions;
mod crosscheck;
mod input;
mod lookups;
mod output;
mod rule_index;
mod templates;
mod values;

use std::collections::HashMap;
use std::ops::Range;

use regex::{Regex, RegexBuilder};
use toml::Spanned;

use super::intern::intern;
use super::pattern::{Pattern, REGEX_SIZE_LIMIT};
use super::*;
use crate::i18n::Msg;
use crate::profile::diag::suggestion;
use crate::profile::schema::*;
use crate::profile::{Diagnostic, ProfileText};

/// Variables the engine supplies to messages of its own rules and of failing steps.
const ENGINE_VARS: &[&str] = &["value", "column", "char", "codepoint", "expected", "found", "field"];

/// Parses and compiles a profile. Every problem found is returned, located.
pub fn compile(source: &ProfileText) -> Result<Plan, Vec<Diagnostic>> {
    if !source.is_runnable() {
        let m = Msg::new("profile-not-runnable").arg("name", &source.name);
        return Err(vec![Diagnostic::at(&source.display_path(), &source.text, None, m)]);
    }
    let doc = source.parse().map_err(|d| vec![d])?;
    compile_doc(source, &doc)
}

/// Compiles an already parsed profile.
pub fn compile_doc(source: &ProfileText, doc: &ProfileDoc) -> Result<Plan, Vec<Diagnostic>> {
    let mut c = Compiler {
        src: source,
        diags: Vec::new(),
        rule_names: Vec::new(),
        rule_kinds: HashMap::new(),
        slots: HashMap::new(),
        day_offsets: Vec::new(),
        as_of_formats: Vec::new(),
        lookup_ids: doc.lookups.keys().enumerate().map(|(i, n)| (n.clone(), i)).collect(),
        used_lookups: vec![false; doc.lookups.len()],
        counters: Vec::new(),
        params: &doc.param_values,
        regexes: HashMap::new(),
    };
    let plan = c.plan(doc);
    if c.diags.is_empty() { Ok(plan) } else { Err(c.diags) }
}

/// The state shared while one profile is compiled: the diagnostics found so far, and the
/// names and constants interned into the plan.
struct Compiler<'a> {
    src: &'a ProfileText,
    diags: Vec<Diagnostic>,
    rule_names: Vec<String>,
    /// How each rule name is used; a name cannot both exclude and reject.
    rule_kinds: HashMap<String, RuleKind>,
    slots: HashMap<String, SlotId>,
    day_offsets: Vec<i32>,
    as_of_formats: Vec<String>,
    /// Lookup indexes by name (lookups are compiled in name order), for `in_lookup`.
    lookup_ids: HashMap<String, usize>,
    /// Which lookups a step or condition names: one nothing names is an error (in a child
    /// profile, most likely a misspelt lookup that would silently change nothing).
    used_lookups: Vec<bool>,
    /// The keys `count_of` conditions count, interned.
    counters: Vec<count::CounterPlan>,
    /// The parameters' values for this run (defaults, a child's, `--set`): a message names one
    /// as `{param.NAME}`, put in when the profile is compiled.
    params: &'a std::collections::BTreeMap<String, crate::profile::schema::ParamValue>,
    /// The regexes built so far, by pattern and case: a profile tests the same pattern in
    /// several places (`^[0-9]{12}$` for each carrier), and building one costs more than a
    /// small file's searches.
    regexes: HashMap<(String, bool), Regex>,
}

impl RuleKind {
    fn word(self) -> Msg {
        Msg::new(match self {
            RuleKind::Exclude => "diag-kind-exclusion",
            RuleKind::Reject => "diag-kind-rejection",
            RuleKind::Warn => "diag-kind-warning",
        })
    }
}

/// What a name refers to during compilation, before values are compiled.
struct Names<'d> {
    lookups: HashMap<&'d str, usize>,
    date_sets: HashMap<&'d str, &'d DateFormatsDoc>,
}

impl<'a> Compiler<'a> {
    /// Every lookup no step or condition names, reported at its first entry — if that entry is
    /// in the profile's own file (a parent's lookup may go unused once a child removed the rule
    /// that named it), and only when nothing else is wrong (a misspelt reference already says
    /// what the unused lookup would).
    fn unused_lookups(&mut self, doc: &ProfileDoc) {
        if !self.diags.is_empty() {
            return;
        }
        let own = 0..self.src.text.len();
        for (i, (name, l)) in doc.lookups.iter().enumerate() {
            let span = l.entries.first().map(|e| e.span());
            if !self.used_lookups[i] && span.as_ref().is_some_and(|s| own.contains(&s.start)) {
                let hint = suggestion(
                    name,
                    doc.lookups.keys().enumerate().filter(|(j, _)| self.used_lookups[*j]).map(|(_, n)| n.as_str()),
                );
                self.err(span, Msg::new("diag-lookup-unused").arg("name", name).arg("hint", hint));
            }
        }
    }

    fn err(&mut self, span: Option<Range<usize>>, msg: impl Into<Msg>) {
        let d = self.src.diag(span, msg);
        self.diags.push(d);
    }

    fn rule(&mut self, name: &str, kind: RuleKind, span: Option<Range<usize>>) -> RuleId {
        match self.rule_kinds.get(name) {
            Some(k) if *k != kind => {
                let (k, name) = (*k, name.to_string());
                self.err(
                    span,
                    Msg::new("diag-rule-kinds").arg("rule", &name).arg("here", kind.word()).arg("there", k.word()),
                );
            }
            _ => {
                self.rule_kinds.insert(name.to_string(), kind);
            }
        }
        intern(&mut self.rule_names, name)
    }

    fn regex(&mut self, pattern: &Spanned<String>, ignore_case: bool) -> Option<Regex> {
        let key = (pattern.get_ref().clone(), ignore_case);
        if let Some(re) = self.regexes.get(&key) {
            return Some(re.clone());
        }
        match RegexBuilder::new(pattern.get_ref()).case_insensitive(ignore_case).size_limit(REGEX_SIZE_LIMIT).build() {
            Ok(re) => Some(self.regexes.entry(key).or_insert(re).clone()),
            Err(e) => {
                self.err(Some(pattern.span()), Msg::new("diag-regex").arg("error", one_line(&e.to_string())));
                None
            }
        }
    }

    /// A yes/no pattern (`matches`, `reject_if`, a date `shape`): a byte-table shape is made
    /// without building its regex, which it never searches with
    /// ([`crate::engine::pattern::Pattern::table`]); any other, or a broken one, through
    /// [`Compiler::regex`].
    fn pattern(&mut self, pattern: &Spanned<String>) -> Option<Pattern> {
        Pattern::table(pattern.get_ref()).or_else(|| self.regex(pattern, false).map(Pattern::new))
    }

    fn slot(&mut self, name: &Spanned<String>) -> Option<SlotId> {
        match self.slots.get(name.get_ref().as_str()) {
            Some(s) => Some(*s),
            None => {
                let hint = suggestion(name.get_ref(), self.slots.keys().map(String::as_str));
                self.err(
                    Some(name.span()),
                    Msg::new("diag-unknown-name").arg("name", name.get_ref()).arg("hint", hint),
                );
                None
            }
        }
    }

    fn plan(&mut self, doc: &ProfileDoc) -> Plan {
        let (fields, slot_names) = self.slots(doc);
        let names = Names {
            lookups: doc.lookups.keys().enumerate().map(|(i, n)| (n.as_str(), i)).collect(),
            date_sets: doc.date_formats.iter().map(|(n, d)| (n.as_str(), d)).collect(),
        };
        let lookups: Vec<Lookup> = doc.lookups.iter().map(|(n, l)| self.lookup(n, l)).collect();
        let values: Vec<ValuePlan> = doc.values.values().map(|v| self.value(v, &names)).collect();
        self.check_cycles(&values, fields.len(), &slot_names);

        let rules = self.rules(&doc.rules);
        let columns = self.columns(&doc.output);
        let checks = doc.checks.iter().filter_map(|ch| self.check(ch, None)).collect();
        let warnings = self.warnings(&doc.warnings);

        let route = self.path_template(&doc.output.path, true);
        let (file_label, file_note) = self.file_texts(&doc.output);
        let duplicate_key = self.duplicate_key(&doc.output);
        let ledger_key = self.ledger_key(doc.ledger.as_ref(), &doc.output);
        let (ledger_upload, ledger_correction) = self.ledger_upload(doc.ledger.as_ref());
        let output = self.output(&doc.output);
        let rejects = RejectsPlan {
            path: self.path_template(&doc.output.rejects.path, false),
            headers: doc.output.rejects.headers.clone(),
            warned_path: self.path_template(&doc.output.rejects.warned_path, false),
            excluded_path: self.path_template(&doc.output.rejects.excluded_path, false),
        };
        let builtin = self.builtins(&doc.builtin_rules);
        self.unused_lookups(doc);
        let input = InputPlan {
            encoding: self.input_encoding(&doc.input.encoding),
            delimiter: self.input_delimiter(&doc.input.delimiter),
            trim: doc.input.trim,
            fields,
        };
        let time_zone = self.time_zone(doc.time_zone.as_ref());

        let rule_slots = Plan::rule_slots(&rules);
        let mut plan = Plan {
            name: self.src.name.clone(),
            description: doc.description.clone(),
            time_zone,
            input,
            slot_names,
            values,
            lookups,
            rules,
            rule_slots,
            columns,
            checks,
            warnings,
            route,
            file_label,
            file_note,
            output,
            rejects,
            rule_names: std::mem::take(&mut self.rule_names),
            rule_index: Vec::new(),
            builtin,
            duplicate_key,
            ledger_key,
            ledger_upload,
            ledger_correction,
            ledger_scope: doc.ledger.as_ref().and_then(|l| l.scope.clone()).unwrap_or_else(|| self.src.name.clone()),
            day_offsets: std::mem::take(&mut self.day_offsets),
            as_of_formats: std::mem::take(&mut self.as_of_formats),
            counters: std::mem::take(&mut self.counters),
            params: doc.param_values.clone(),
        };
        self.check_output_encodable(&plan, doc);
        plan.rule_index = self.rule_index(&plan, doc);
        plan
    }

    /// The profile's time zone (for `as_of` and date checks), or the system's.
    fn time_zone(&mut self, tz: Option<&Spanned<String>>) -> jiff::tz::TimeZone {
        match tz {
            Some(tz) => crate::common::zone::named(tz.get_ref()).unwrap_or_else(|e| {
                self.err(Some(tz.span()), Msg::new("diag-time-zone").arg("zone", tz.get_ref()).arg("error", e));
                jiff::tz::TimeZone::UTC
            }),
            None => jiff::tz::TimeZone::system(),
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
