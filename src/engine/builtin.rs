//! The engine's own rules, beside the profile's `[[rules]]`: the cases no profile rule can
//! see (a row of the wrong width, bytes not in the input's encoding, a character the output
//! encoding cannot hold, a path a route may not use, a row already written to its file, a row
//! already in a confirmed upload). Each is a named rule like the profile's — the profile may
//! rename it and word its message under `[builtin_rules]` — so a row they decide is counted,
//! listed and reported by its rule's name like any other. Which stage applies each one:
//! `bad_path` while the plan routes a row ([`super::Plan::decide`]); the others where their
//! facts are known, in the run's decider and writing stage (`run::decide::builtin`).

use super::RuleId;
use super::template::Message;
use crate::i18n::{Lang, Msg};

/// One of the engine's own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinRule {
    /// A record with another number of fields than the header (rejects).
    FieldCount,
    /// A field with bytes that are not valid in the input's encoding (rejects).
    Undecodable,
    /// A column with a character the output encoding cannot write (rejects).
    Unencodable,
    /// A route whose values make a path that cannot be used (rejects).
    BadPath,
    /// A row whose duplicate key was already written to the same file (excludes).
    Duplicate,
    /// A row already in a confirmed upload with the same values (excludes; with a ledger).
    AlreadySent,
    /// A row of an upload that adds whose correction column changed after a confirmed send
    /// (excludes; with a ledger): sending it would add a second report, not correct the first.
    ChangedAfterSend,
    /// A row of an upload that adds already in a confirmed upload, with other values now
    /// (excludes; with a ledger): sent again it would be added a second time, not replace it.
    ChangedSinceSend,
}

impl BuiltinRule {
    pub const ALL: [BuiltinRule; 8] = [
        BuiltinRule::Undecodable,
        BuiltinRule::FieldCount,
        BuiltinRule::Duplicate,
        BuiltinRule::Unencodable,
        BuiltinRule::BadPath,
        BuiltinRule::AlreadySent,
        BuiltinRule::ChangedAfterSend,
        BuiltinRule::ChangedSinceSend,
    ];

    /// Its key under `[builtin_rules]`, and its name unless the profile gives another.
    pub fn key(self) -> &'static str {
        match self {
            BuiltinRule::FieldCount => "field_count",
            BuiltinRule::Undecodable => "undecodable",
            BuiltinRule::Unencodable => "unencodable",
            BuiltinRule::BadPath => "bad_path",
            BuiltinRule::Duplicate => "duplicate",
            BuiltinRule::AlreadySent => "already_sent",
            BuiltinRule::ChangedAfterSend => "changed_after_send",
            BuiltinRule::ChangedSinceSend => "changed_since_send",
        }
    }

    /// Whether the rule excludes its rows (else it rejects them).
    pub fn excludes(self) -> bool {
        matches!(
            self,
            BuiltinRule::Duplicate
                | BuiltinRule::AlreadySent
                | BuiltinRule::ChangedAfterSend
                | BuiltinRule::ChangedSinceSend
        )
    }

    /// Whether the rule decides rows that are not read into fields (their message can only
    /// use the values the engine passes).
    pub fn unread(self) -> bool {
        matches!(self, BuiltinRule::FieldCount | BuiltinRule::Undecodable)
    }

    /// The catalog key of its message when the profile words none.
    pub fn message_key(self) -> &'static str {
        match self {
            BuiltinRule::Undecodable => "builtin-message-undecodable",
            BuiltinRule::FieldCount => "builtin-message-field-count",
            BuiltinRule::Duplicate => "builtin-message-duplicate",
            BuiltinRule::Unencodable => "builtin-message-unencodable",
            BuiltinRule::BadPath => "builtin-message-bad-path",
            BuiltinRule::AlreadySent => "builtin-message-already-sent",
            BuiltinRule::ChangedAfterSend => "builtin-message-changed_after_send",
            BuiltinRule::ChangedSinceSend => "builtin-message-changed-since-send",
        }
    }

    /// The values the engine passes to its message (the placeholders it may use beside the
    /// row's fields and values).
    pub fn vars(self) -> &'static [&'static str] {
        match self {
            BuiltinRule::Undecodable => &["column", "expected"],
            BuiltinRule::FieldCount => &["found", "expected"],
            BuiltinRule::Duplicate | BuiltinRule::AlreadySent | BuiltinRule::ChangedSinceSend => &[],
            BuiltinRule::Unencodable => &["column", "char", "codepoint"],
            BuiltinRule::BadPath => &["field", "value"],
            BuiltinRule::ChangedAfterSend => &["old", "new", "sent_at"],
        }
    }

    /// The message when the profile words none, as a template of the profile: the catalog's
    /// message, each of its values left as the placeholder the row fills (`{column}`). It is
    /// written into the reject file, and an output file never depends on who runs the tool
    /// (the command line in one locale, the page in the browser's language must give the same
    /// bytes): so always the catalog's English, as before; a profile words it for its shop
    /// under `[builtin_rules]` (the shipped profiles do).
    pub fn default_message(self) -> String {
        self.default_message_in(Lang::En)
    }

    fn default_message_in(self, lang: Lang) -> String {
        self.vars().iter().fold(Msg::new(self.message_key()), |m, v| m.arg(v, format!("{{{v}}}"))).render(lang)
    }
}

/// A rule the engine applies itself, named and worded by the profile.
#[derive(Debug)]
pub struct Builtin {
    pub rule: RuleId,
    pub message: Message,
}

/// The engine's rules as the plan has them.
#[derive(Debug)]
pub struct Builtins {
    pub undecodable: Builtin,
    pub field_count: Builtin,
    pub duplicate: Builtin,
    pub unencodable: Builtin,
    pub bad_path: Builtin,
    pub already_sent: Builtin,
    pub changed_after_send: Builtin,
    pub changed_since_send: Builtin,
}

impl Builtins {
    pub fn get(&self, rule: BuiltinRule) -> &Builtin {
        match rule {
            BuiltinRule::FieldCount => &self.field_count,
            BuiltinRule::Undecodable => &self.undecodable,
            BuiltinRule::Unencodable => &self.unencodable,
            BuiltinRule::BadPath => &self.bad_path,
            BuiltinRule::Duplicate => &self.duplicate,
            BuiltinRule::AlreadySent => &self.already_sent,
            BuiltinRule::ChangedAfterSend => &self.changed_after_send,
            BuiltinRule::ChangedSinceSend => &self.changed_since_send,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_default_message_is_the_catalog_s_with_the_values_left_as_placeholders() {
        let en = |b: BuiltinRule| b.default_message_in(Lang::En);
        assert_eq!(en(BuiltinRule::FieldCount), "{found} fields where the header has {expected}");
        assert_eq!(en(BuiltinRule::BadPath), "{field} = \"{value}\" cannot be used in a file path");
        assert_eq!(
            en(BuiltinRule::Unencodable),
            "column {column}: {char} ({codepoint}) cannot be written in the output encoding"
        );
        assert_eq!(en(BuiltinRule::AlreadySent), "already in a confirmed upload, with the same values");
        assert_eq!(
            BuiltinRule::Undecodable.default_message_in(Lang::Ja),
            "列「{column}」に {expected} として読めないバイトがあります"
        );
        for b in BuiltinRule::ALL {
            for lang in Lang::ALL {
                let m = b.default_message_in(lang);
                for v in b.vars() {
                    assert!(m.contains(&format!("{{{v}}}")), "{} ({lang:?}) lacks {{{v}}}: {m}", b.key());
                }
            }
        }
    }
}
