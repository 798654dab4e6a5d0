//! Lookups: exact values or regex patterns mapped to outputs, and what a miss does.

use toml::Spanned;

use super::{Compiler, REGEX_SIZE_LIMIT, RuleKind, one_line};
use crate::engine::lookup::{self, FastMap, Lookup, Matcher, Missing};
use crate::i18n::Msg;
use crate::profile::schema::LookupDoc;

impl Compiler<'_> {
    /// A lookup: its matcher (exact values, or one regex set), its outputs, and what a value
    /// it does not hold does.
    pub(super) fn lookup(&mut self, name: &str, l: &LookupDoc) -> Lookup {
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
                            let msg = Msg::new("diag-lookup-two-outputs")
                                .arg("lookup", name)
                                .arg("from", f)
                                .arg("first", &outputs[prev])
                                .arg("second", &entry.to);
                            self.err(Some(e.span()), msg);
                        }
                    }
                }
                (None, Some(p)) => patterns.push(p),
                _ => self.err(Some(e.span()), Msg::new("diag-lookup-entry").arg("lookup", name)),
            }
        }
        let matcher = if patterns.is_empty() {
            Matcher::Exact(exact)
        } else {
            if !exact.is_empty() {
                self.err(l.entries.first().map(|e| e.span()), Msg::new("diag-lookup-mixed").arg("lookup", name));
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
                            Msg::new("diag-lookup-pattern").arg("lookup", name).arg("error", one_line(&e.to_string())),
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
                        self.err(span, Msg::new("diag-on-missing").arg("lookup", name));
                        Missing::Value { value: String::new(), warn: None }
                    }
                }
            }
        };
        let small = match &matcher {
            Matcher::Exact(map) => lookup::SmallTable::new(map),
            Matcher::Regex(_) => None,
        };
        Lookup { name: name.to_string(), matcher, outputs, on_empty: l.on_empty.clone(), on_missing, small }
    }
}
