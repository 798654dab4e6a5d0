//! The output section (encoding, line ends, quoting, folding, unencodable characters, the
//! columns and the duplicate key), and the builtin rules.

use super::{Compiler, ENGINE_VARS, RuleKind, single_char};
use crate::common::charset::{CsvFormat, OutputEncoding, encodable};
use crate::engine::template::{Part, Template};
use crate::engine::{Builtin, BuiltinRule, Builtins, ColumnPlan, OutputPlan, UploadKind};
use crate::i18n::Msg;
use crate::profile::diag::suggestion;
use crate::profile::schema::{BuiltinDoc, BuiltinRulesDoc, LedgerDoc, OutputDoc, UploadDoc};
use toml::Spanned;

impl Compiler<'_> {
    /// The output columns and the checks on each.
    pub(super) fn columns(&mut self, o: &OutputDoc) -> Vec<ColumnPlan> {
        let columns = o
            .columns
            .iter()
            .filter_map(|col| {
                let slot = self.slot(&col.value)?;
                let checks = col.checks.iter().filter_map(|ch| self.check(ch, Some(slot))).collect();
                Some(ColumnPlan { name: col.name.clone(), slot, checks })
            })
            .collect();
        if o.columns.is_empty() {
            self.err(Some(o.path.span()), Msg::new("diag-no-columns"));
        }
        columns
    }

    /// The templates of a file's display name and destination note (`[output] file_label`,
    /// `file_note`): messages over the row's values, so a name the profile does not know is
    /// an error with its location.
    pub(super) fn file_texts(&mut self, o: &OutputDoc) -> (Option<Template>, Option<Template>) {
        let mut one = |t: &Option<Spanned<String>>| {
            t.as_ref().map(|t| {
                let span = if t.span() == (0..0) { None } else { Some(t.span()) };
                self.message(t.get_ref(), span, &[])
            })
        };
        (one(&o.file_label), one(&o.file_note))
    }

    /// The output columns forming the duplicate key, by index.
    pub(super) fn duplicate_key(&mut self, o: &OutputDoc) -> Vec<usize> {
        self.key_columns("duplicate_key", &o.duplicate_key, o)
    }

    /// The output columns forming the ledger key (`[ledger] key`), by index.
    pub(super) fn ledger_key(&mut self, l: Option<&LedgerDoc>, o: &OutputDoc) -> Vec<usize> {
        let Some(l) = l else { return Vec::new() };
        if l.key.is_empty() {
            self.err(None, Msg::new("diag-ledger-key-empty"));
        }
        self.key_columns("[ledger] key", &l.key, o)
    }

    /// What the profile's upload does, and the positions in the ledger key of the columns a
    /// correction changes (`[ledger] correction`: key columns, not all of them).
    pub(super) fn ledger_upload(&mut self, l: Option<&LedgerDoc>) -> (UploadKind, Vec<usize>) {
        let Some(l) = l else { return (UploadKind::Sets, Vec::new()) };
        let kind = match l.upload {
            UploadDoc::Sets => UploadKind::Sets,
            UploadDoc::Adds => UploadKind::Adds,
        };
        let mut positions = Vec::new();
        for c in &l.correction {
            match l.key.iter().position(|k| k.get_ref() == c.get_ref()) {
                Some(p) => positions.push(p),
                None => self.err(Some(c.span()), Msg::new("diag-ledger-correction-not-key").arg("name", c.get_ref())),
            }
        }
        if !l.correction.is_empty() && l.correction.len() >= l.key.len() {
            self.err(None, Msg::new("diag-ledger-correction-whole-key"));
        }
        (kind, positions)
    }

    fn key_columns(&mut self, what: &str, keys: &[Spanned<String>], o: &OutputDoc) -> Vec<usize> {
        keys.iter()
            .filter_map(|k| match o.columns.iter().position(|c| &c.name == k.get_ref()) {
                Some(i) => Some(i),
                None => {
                    let hint = suggestion(k.get_ref(), o.columns.iter().map(|c| c.name.as_str()));
                    self.err(
                        Some(k.span()),
                        Msg::new("diag-duplicate-key").arg("what", what).arg("name", k.get_ref()).arg("hint", hint),
                    );
                    None
                }
            })
            .collect()
    }

    /// How upload files are written: the [`CsvFormat`], the header, the fold table, and the
    /// warning for a replaced character.
    pub(super) fn output(&mut self, o: &OutputDoc) -> OutputPlan {
        let label = o.encoding.get_ref().to_ascii_lowercase();
        let encoding = OutputEncoding::from_label(&label).unwrap_or_else(|| {
            self.err(Some(o.encoding.span()), Msg::new("diag-output-encoding").arg("label", label));
            OutputEncoding::Utf8
        });
        let crlf = match o.newline.get_ref().as_str() {
            "crlf" => true,
            "lf" => false,
            other => {
                self.err(Some(o.newline.span()), Msg::new("diag-newline").arg("value", other));
                true
            }
        };
        let quote_always = match o.quote.get_ref().as_str() {
            "necessary" => false,
            "always" => true,
            other => {
                self.err(Some(o.quote.span()), Msg::new("diag-quote").arg("value", other));
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
                            Msg::new("diag-fold-unencodable")
                                .arg("from", from)
                                .arg("to", to)
                                .arg("codepoint", format!("U+{:04X}", t as u32)),
                        );
                    }
                    fold.push((f, t));
                }
                _ => self.err(Some(o.path.span()), Msg::new("diag-fold-one-char").arg("from", from).arg("to", to)),
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
                    self.err(Some(o.path.span()), Msg::new("diag-replace-with").arg("value", r));
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

    /// The encoding input files are read in: `auto` or a label of the one list.
    /// The rules the engine applies itself, with the names and messages the profile gives them.
    pub(super) fn builtins(&mut self, b: &BuiltinRulesDoc) -> Builtins {
        let mut one = |doc: &Option<BuiltinDoc>, which: BuiltinRule| {
            let name = doc.as_ref().and_then(|d| d.name.clone()).unwrap_or_else(|| which.key().to_string());
            let kind = if which.excludes() { RuleKind::Exclude } else { RuleKind::Reject };
            let rule = self.rule(&name, kind, None);
            let default;
            let text = match doc.as_ref().and_then(|d| d.message.as_deref()) {
                Some(text) => text,
                None => {
                    default = which.default_message();
                    &default
                }
            };
            let vars: Vec<&str> = ENGINE_VARS.iter().chain(which.vars()).copied().collect();
            let message = self.message(text, None, &vars);
            // A row rejected for its width or its bytes is not read into fields, so its message
            // can only use what the engine passes.
            if which.unread() && message.parts.iter().any(|p| matches!(p, Part::Slot(_))) {
                self.err(
                    None,
                    Msg::new("diag-builtin-unread")
                        .arg("rule", which.key())
                        .arg("first", if which == BuiltinRule::FieldCount { "{found}" } else { "{column}" })
                        .arg("second", "{expected}"),
                );
            }
            Builtin { rule, message }
        };
        Builtins {
            undecodable: one(&b.undecodable, BuiltinRule::Undecodable),
            field_count: one(&b.field_count, BuiltinRule::FieldCount),
            duplicate: one(&b.duplicate, BuiltinRule::Duplicate),
            unencodable: one(&b.unencodable, BuiltinRule::Unencodable),
            bad_path: one(&b.bad_path, BuiltinRule::BadPath),
            already_sent: one(&b.already_sent, BuiltinRule::AlreadySent),
            changed_after_send: one(&b.changed_after_send, BuiltinRule::ChangedAfterSend),
            changed_since_send: one(&b.changed_since_send, BuiltinRule::ChangedSinceSend),
        }
    }
}
