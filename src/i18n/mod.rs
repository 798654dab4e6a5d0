//! Messages in two languages, Japanese (the default: the shops) and English. The catalogs are
//! Fluent files under `locales/<lang>/<part>.ftl`, compiled into the binary, one part per
//! front door or floor (`cli.ftl`, `serve.ftl`, `profile.ftl`, `ledger.ftl`, `init.ftl`, and
//! `errors.ftl` for the layout of located errors). The library keeps no language: a [`Msg`] is
//! rendered by whoever shows it, in the reader's.
//!
//! Fluent (`fluent-bundle`, the Project Fluent reference implementation in Rust) is used
//! directly rather than through `fluent-templates`: two languages and a handful of files are
//! embedded with `include_str!` in a few lines, without a macro crate or a directory walk at
//! build time, and the same crate's parser (`fluent-syntax`) lets a test compare the catalogs.

use std::borrow::Cow;

use fluent_bundle::FluentResource;

mod bundles;
mod locale;
pub(crate) use locale::{detect, io_error};

/// A language of the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Japanese, the default: the shop staff read it.
    Ja,
    /// English: asked for by `--lang`, `ORDERBRIDGE_LANG`, a locale that is not Japanese, or
    /// the browser.
    En,
}

impl Lang {
    /// Every language, in the order the message bundles are built and looked up in (each
    /// language's position here is its index).
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 tag (`ja`, `en`), as in `<html lang>` and the `locales/` folder names.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// `ja` or `en` (or a regional form such as `en-GB`), case-insensitively.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the page's language switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::Ja => 0,
            Lang::En => 1,
        }
    }
}

/// The language to answer in, from an `Accept-Language` header: the supported language the
/// browser ranks highest (by q-value, then by order); Japanese when it names neither.
pub fn from_accept_language(header: Option<&str>) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for item in header.unwrap_or("").split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.trim().parse::<f32>().ok()))
            .next()
            .unwrap_or(1.0);
        if let Some(lang) = Lang::parse(tag)
            && q > 0.0
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::Ja, |(_, l)| l)
}

/// One catalog file: its language folder, its file name and its text.
pub struct Catalog {
    /// The language of its messages (its folder under `locales/`).
    pub lang: Lang,
    /// Its file name, the same in both language folders (`serve.ftl`, …).
    pub file: &'static str,
    /// The Fluent source, as compiled into the binary.
    pub text: &'static str,
}

/// Every catalog compiled into the binary. A test checks that this is every `.ftl` file
/// under `locales/`.
pub const CATALOGS: &[Catalog] = &[
    Catalog { lang: Lang::Ja, file: "serve.ftl", text: include_str!("../../locales/ja/serve.ftl") },
    Catalog { lang: Lang::En, file: "serve.ftl", text: include_str!("../../locales/en/serve.ftl") },
    Catalog { lang: Lang::Ja, file: "cli.ftl", text: include_str!("../../locales/ja/cli.ftl") },
    Catalog { lang: Lang::En, file: "cli.ftl", text: include_str!("../../locales/en/cli.ftl") },
    Catalog { lang: Lang::Ja, file: "profile.ftl", text: include_str!("../../locales/ja/profile.ftl") },
    Catalog { lang: Lang::En, file: "profile.ftl", text: include_str!("../../locales/en/profile.ftl") },
    Catalog { lang: Lang::Ja, file: "ledger.ftl", text: include_str!("../../locales/ja/ledger.ftl") },
    Catalog { lang: Lang::En, file: "ledger.ftl", text: include_str!("../../locales/en/ledger.ftl") },
    Catalog { lang: Lang::Ja, file: "init.ftl", text: include_str!("../../locales/ja/init.ftl") },
    Catalog { lang: Lang::En, file: "init.ftl", text: include_str!("../../locales/en/init.ftl") },
    Catalog { lang: Lang::Ja, file: "errors.ftl", text: include_str!("../../locales/ja/errors.ftl") },
    Catalog { lang: Lang::En, file: "errors.ftl", text: include_str!("../../locales/en/errors.ftl") },
];

/// A message of the catalog not yet put into words: its key and its arguments. Errors and
/// diagnostics carry one, never its text, so that the front door (the command line, the page)
/// puts it into the reader's language with [`Msg::render`]; no language is kept for the
/// process. It has no `Display` for that reason: whoever wants text names the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    /// The message's key, the same in every catalog (`input-is-a-directory`, …).
    pub key: &'static str,
    /// Its placeholders' values, by placeholder name, in the order given.
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a [`Msg`]: text as it is (a name, a number, a path), or a message of its
/// own, put into the same language as the message around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text put in as it is, in every language.
    Text(String),
    /// A message put into the same language as the one around it.
    Msg(Msg),
    /// Messages with text of no language between them ([`Msg::join`]).
    Join(String, Vec<Msg>),
}

/// What [`Msg::arg`] takes: anything with a `Display` (as text) or a [`Msg`].
pub trait IntoArg {
    /// The argument this value becomes.
    fn into_arg(self) -> Arg;
}

impl<T: std::fmt::Display> IntoArg for T {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}

impl IntoArg for Msg {
    fn into_arg(self) -> Arg {
        Arg::Msg(self)
    }
}

impl Msg {
    /// The message of catalog key `key`, with no arguments yet ([`Msg::arg`] adds them).
    pub fn new(key: &'static str) -> Msg {
        Msg { key, args: Vec::new() }
    }

    /// Text that has no words of ours to translate (another program's message, a message a
    /// profile's author wrote), carried as a message so it sits where messages do.
    pub fn text(text: impl std::fmt::Display) -> Msg {
        Msg::new("verbatim").arg("text", text)
    }

    /// `message` about the file `path` (`path: message`).
    pub fn at_path(path: impl IntoArg, message: Msg) -> Msg {
        Msg::new("at-path").arg("path", path).arg("message", message)
    }

    /// `message` about line `line` of the file `path` (`path:line: message`).
    pub fn at_line(path: impl IntoArg, line: u64, message: Msg) -> Msg {
        Msg::new("at-line").arg("path", path).arg("line", line).arg("message", message)
    }

    /// This message followed by `next`, with `sep` (text of no language, e.g. `"; "`) between.
    pub fn then(self, sep: &str, next: Msg) -> Msg {
        Msg::new("joined").arg("first", self).arg("sep", sep).arg("second", next)
    }

    /// `msgs` with `sep` between each two (nothing for none).
    pub fn join(sep: &str, msgs: impl IntoIterator<Item = Msg>) -> Msg {
        let mut msgs: Vec<Msg> = msgs.into_iter().collect();
        if msgs.len() == 1 {
            return msgs.remove(0);
        }
        let mut m = Msg::new("verbatim");
        m.args.push(("text", Arg::Join(sep.to_string(), msgs)));
        m
    }

    /// Several messages, one a line.
    pub fn lines(msgs: impl IntoIterator<Item = Msg>) -> Msg {
        Msg::join("\n", msgs)
    }

    /// Adds the argument `name` (the catalog's `{ $name }`).
    pub fn arg(mut self, name: &'static str, value: impl IntoArg) -> Msg {
        self.args.push((name, value.into_arg()));
        self
    }

    /// The message in `lang`, its messages among its arguments in `lang` too.
    pub fn render(&self, lang: Lang) -> String {
        let texts: Vec<(&str, std::borrow::Cow<'_, str>)> = self
            .args
            .iter()
            .map(|(k, v)| match v {
                Arg::Text(t) => (*k, Cow::Borrowed(t.as_str())),
                Arg::Msg(m) => (*k, Cow::Owned(m.render(lang))),
                Arg::Join(sep, ms) => (*k, Cow::Owned(ms.iter().map(|m| m.render(lang)).collect::<Vec<_>>().join(sep))),
            })
            .collect();
        let args: Vec<(&str, &str)> = texts.iter().map(|(k, v)| (*k, v.as_ref())).collect();
        tr(lang, self.key, &args)
    }
}

/// The message `key` in `lang`, with `args` (name, text) filled in. A key missing from the
/// catalog comes back as the key itself, so a gap shows instead of hiding.
pub fn tr(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    bundles::BUNDLES.tr(lang, key, args)
}

/// Every message of the catalog file `file` in `lang` as a template for the page's script:
/// each placeable `{ $name }` becomes `{name}`, which the script fills in.
pub fn templates(lang: Lang, file: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in CATALOGS.iter().filter(|c| c.lang == lang && c.file == file) {
        for (key, vars) in messages(c.text) {
            let marks: Vec<(String, String)> = vars.iter().map(|v| (v.clone(), format!("{{{v}}}"))).collect();
            let args: Vec<(&str, &str)> = marks.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            out.push((key.clone(), tr(lang, &key, &args)));
        }
    }
    out
}

/// The messages of a catalog's text: each id with the variables its value uses, sorted.
pub fn messages(text: &str) -> Vec<(String, Vec<String>)> {
    let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
    let mut out = Vec::new();
    for entry in resource.entries() {
        if let fluent_syntax::ast::Entry::Message(m) = entry {
            let mut vars = Vec::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            for a in &m.attributes {
                pattern_vars(&a.value, &mut vars);
            }
            vars.sort();
            vars.dedup();
            out.push((m.id.name.to_string(), vars));
        }
    }
    out
}

fn pattern_vars(p: &fluent_syntax::ast::Pattern<&str>, out: &mut Vec<String>) {
    for el in &p.elements {
        if let fluent_syntax::ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &fluent_syntax::ast::Expression<&str>, out: &mut Vec<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression};
    let inline = match e {
        Expression::Inline(i) => i,
        Expression::Select { selector, variants } => {
            for v in variants {
                pattern_vars(&v.value, out);
            }
            selector
        }
    };
    match inline {
        InlineExpression::VariableReference { id } => out.push(id.name.to_string()),
        InlineExpression::FunctionReference { arguments, .. } => {
            let named = arguments.named.iter().map(|a| &a.value);
            for a in arguments.positional.iter().chain(named) {
                expression_vars(&Expression::Inline(a.clone()), out);
            }
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

/// A count as shops write it, in both languages: digits grouped by thousands (`1,234`).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Text for HTML: `& < > " '` as character references.
pub fn escape_html(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests;
