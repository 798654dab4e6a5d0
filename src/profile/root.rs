//! The root table's simple keys (`extends`, `runnable`), read from the top of a profile's text
//! without a TOML parser. Loading a profile asked the parser for them apart from the merge:
//! the child's text was parsed three times, its parent's twice, for two keys that sit on the
//! first lines. This reads only the lines before the first table header, and only when each
//! of them is blank, a comment or `key = value` with a bare key and a value of one line (a
//! string without escapes, `true` or `false`); otherwise it answers nothing and the caller
//! parses, as before.

use std::ops::Range;

/// A root key written as `key = value` on one line.
#[derive(Debug, PartialEq)]
pub(super) struct RootKey<'a> {
    pub key: &'a str,
    pub value: Value<'a>,
    /// Where the value is written in the text (its quotes included), as the parser's span.
    pub span: Range<usize>,
}

/// A value [`root_keys`] reads.
#[derive(Debug, PartialEq)]
pub(super) enum Value<'a> {
    String(&'a str),
    Bool(bool),
}

/// The keys of the root table written before the first table header, if every line there is
/// one [`root_keys`] reads (and no key is written twice); `None` otherwise.
pub(super) fn root_keys(text: &str) -> Option<Vec<RootKey<'_>>> {
    if text.starts_with('\u{feff}') {
        return None;
    }
    let mut keys: Vec<RootKey<'_>> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let body = line.strip_suffix('\n').unwrap_or(line);
        let body = body.strip_suffix('\r').unwrap_or(body);
        let lead = body.len() - body.trim_start_matches([' ', '\t']).len();
        let rest = &body[lead..];
        if rest.starts_with('[') {
            break;
        }
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        let key_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))?;
        let key = &rest[..key_len];
        let after_key = rest[key_len..].trim_start_matches([' ', '\t']);
        let after_eq = after_key.strip_prefix('=')?;
        let value_text = after_eq.trim_start_matches([' ', '\t']);
        let value_at = line_start + lead + (rest.len() - value_text.len());
        let (value, len) = value(value_text)?;
        let tail = value_text[len..].trim_start_matches([' ', '\t']);
        if key.is_empty() || !(tail.is_empty() || tail.starts_with('#')) || keys.iter().any(|k| k.key == key) {
            return None;
        }
        keys.push(RootKey { key, value, span: value_at..value_at + len });
    }
    Some(keys)
}

/// The value at the start of `text` and its length, if it is one of [`Value`]'s forms.
fn value(text: &str) -> Option<(Value<'_>, usize)> {
    if let Some(inner) = text.strip_prefix('"') {
        let end = inner.find(['"', '\\'])?;
        let s = &inner[..end];
        let plain = inner[end..].starts_with('"') && !s.chars().any(|c| c.is_control() && c != '\t');
        return plain.then_some((Value::String(s), end + 2));
    }
    for (word, b) in [("true", true), ("false", false)] {
        if let Some(after) = text.strip_prefix(word)
            && !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            return Some((Value::Bool(b), word.len()));
        }
    }
    None
}

/// The value of root key `key`, when [`root_keys`] reads the text: `Some(None)` when the key
/// is not there.
pub(super) fn root_value<'a>(text: &'a str, key: &str) -> Option<Option<RootKey<'a>>> {
    Some(root_keys(text)?.into_iter().find(|k| k.key == key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::de::{DeTable, DeValue};

    /// What the TOML parser says of the root keys `root_keys` read: the same values at the
    /// same spans.
    fn agrees(text: &str) {
        let Some(keys) = root_keys(text) else { return };
        let table = DeTable::parse(text).expect("a text root_keys reads parses");
        for k in &keys {
            let v = table.get_ref().get(k.key).unwrap_or_else(|| panic!("{} is a root key", k.key));
            assert_eq!(v.span(), k.span, "{}", k.key);
            match (&k.value, v.get_ref()) {
                (Value::String(s), DeValue::String(p)) => assert_eq!(s, p),
                (Value::Bool(b), DeValue::Boolean(p)) => assert_eq!(b, p),
                (ours, theirs) => panic!("{}: {ours:?} vs {theirs:?}", k.key),
            }
        }
        for name in ["extends", "runnable"] {
            let ours = keys.iter().any(|k| k.key == name);
            assert_eq!(ours, table.get_ref().contains_key(name), "{name} in {text:?}");
        }
    }

    #[test]
    fn the_builtin_profiles_are_read_as_the_parser_reads_them() {
        for (name, text) in crate::profile::BUILTIN {
            assert!(root_keys(text).is_some(), "{name}: its top is read without the parser");
            agrees(text);
        }
    }

    #[test]
    fn simple_tops_are_read_and_anything_else_is_left_to_the_parser() {
        let read = [
            "extends = \"goq-base\"   # a comment\nrunnable = false\n[input]\nx = 1\n",
            "# only a comment\n\n  runnable=true\r\nextends=\"a\"\n",
            "runnable = false\n[[rules]]\nrunnable = true\n",
            "",
        ];
        for text in read {
            assert!(root_keys(text).is_some(), "{text:?}");
            agrees(text);
        }
        let unread = [
            "extends = 'goq-base'\n",
            "extends = \"a\\u0062\"\n",
            "description = \"\"\"\nextends = \"x\"\n\"\"\"\n",
            "runnable = false\nrunnable = true\n",
            "extends.x = \"a\"\n",
            "\"extends\" = \"a\"\n",
            "runnable = falsey\n",
            "runnable = false x\n",
            "list = [\n\"a\"]\n",
            "\u{feff}extends = \"a\"\n",
            "extends = \"a\n",
        ];
        for text in unread {
            assert!(root_keys(text).is_none(), "{text:?}");
        }
    }
}
