//! The catalogs as Fluent bundles, filled one message at a time: the first time a message is
//! asked for, its entry alone is cut from its catalog and parsed. A run of the command line
//! speaks one language and says a few dozen of its some 1,500 messages; parsing the catalogs
//! whole cost more than the rest of a small run's start. No message refers to another
//! message or term (a test says so), so each entry stands alone.

use std::sync::{Mutex, OnceLock, PoisonError};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use super::{CATALOGS, Lang};

/// The messages of every language, each language's read when it is first spoken.
pub(super) struct Bundles {
    langs: [OnceLock<Messages>; 2],
}

/// One language's messages: where each one's entry is, and those parsed so far.
struct Messages {
    /// Each message key with its entry's text in the catalog (the first, if two files had
    /// one: as one bundle of all the files would answer).
    entries: foldhash::HashMap<&'static str, &'static str>,
    bundle: Mutex<FluentBundle<FluentResource>>,
}

pub(super) static BUNDLES: Bundles = Bundles::new();

impl Bundles {
    pub(super) const fn new() -> Bundles {
        Bundles { langs: [const { OnceLock::new() }; 2] }
    }

    /// The message `key` in `lang`, with `args` (name, text) filled in; the key itself when
    /// the catalog has no such message.
    pub(super) fn tr(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let messages = self.langs[lang.index()].get_or_init(|| Messages::new(lang));
        let Some(entry) = messages.entries.get(key) else {
            return key.to_string();
        };
        // A panic elsewhere while formatting leaves the bundle as good as it was.
        let mut bundle = messages.bundle.lock().unwrap_or_else(PoisonError::into_inner);
        if !bundle.has_message(key) {
            // A syntax error is caught by the catalog test; what parsed is still used.
            let resource = FluentResource::try_new(entry.to_string()).unwrap_or_else(|(r, _)| r);
            let _ = bundle.add_resource(resource);
        }
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            fargs.set(*name, *value);
        }
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, Some(&fargs), &mut errors).into_owned()
    }

    /// Whether `lang`'s messages were read, and which of `keys` were parsed (for the tests).
    #[cfg(test)]
    pub(super) fn parsed(&self, lang: Lang, keys: &[&str]) -> Option<Vec<bool>> {
        let messages = self.langs[lang.index()].get()?;
        let bundle = messages.bundle.lock().unwrap();
        Some(keys.iter().map(|k| bundle.has_message(k)).collect())
    }
}

impl Messages {
    fn new(lang: Lang) -> Messages {
        let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("a valid language tag");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Unicode isolation marks around placeables help right-to-left text, which neither
        // language has; they would only show up in copied text and tests.
        bundle.set_use_isolating(false);
        let mut entries = foldhash::HashMap::default();
        for c in CATALOGS.iter().filter(|c| c.lang == lang) {
            for (key, entry) in entries_of(c.text) {
                entries.entry(key).or_insert(entry);
            }
        }
        Messages { entries, bundle: Mutex::new(bundle) }
    }
}

/// Each message of a catalog's text with its entry, found without parsing: an entry starts
/// at the beginning of a line with its identifier and `=`, and runs to the next line that
/// starts another entry or a comment (a message's further lines are indented; a select's
/// variants and closing brace start with `[`, `*` or `}`).
pub(super) fn entries_of(text: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    let mut open: Option<(&'static str, usize)> = None;
    let mut at = 0;
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let next = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        if bytes[at].is_ascii_alphabetic() || bytes[at] == b'#' || bytes[at] == b'-' {
            if let Some((key, start)) = open.take() {
                out.push((key, &text[start..at]));
            }
            open = message_id(&text[at..next]).map(|key| (key, at));
        }
        at = next;
    }
    if let Some((key, start)) = open {
        out.push((key, &text[start..]));
    }
    out
}

/// The identifier of the message a catalog line starts, if it starts one.
pub(super) fn message_id(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    let end = b.iter().position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')).unwrap_or(b.len());
    let rest = b[end..].iter().find(|c| **c != b' ');
    (b.first().is_some_and(u8::is_ascii_alphabetic) && rest == Some(&b'=')).then(|| &line[..end])
}
