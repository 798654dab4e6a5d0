//! Templates: operator messages, and the paths of upload and reject files.

use std::ops::Range;

use toml::Spanned;

use super::Compiler;
use crate::engine::intern::intern;
use crate::engine::template::{Message, Part, RawPart, Template, split};
use crate::i18n::Msg;
use crate::profile::diag::suggestion;
use crate::profile::schema::ParamValue;

impl Compiler<'_> {
    /// A message template: placeholders are fields, values or the engine's variables.
    pub(super) fn message(&mut self, text: &str, span: Option<Range<usize>>, vars: &[&str]) -> Message {
        self.template(text, span, vars, false)
    }

    pub(super) fn template(&mut self, text: &str, span: Option<Range<usize>>, vars: &[&str], path: bool) -> Template {
        let raw = match split(text) {
            Ok(r) => r,
            Err(e) => {
                self.err(span, Msg::new("diag-template").arg("text", text).arg("error", e));
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
                        if self.src.slice(at..at + name.len()) == Some(name) { at..at + name.len() } else { sp }
                    });
                    if let Some(fmt) = name.strip_prefix("as_of:") {
                        let probe = jiff::fmt::strtime::format(fmt, jiff::civil::date(2024, 10, 18));
                        if probe.is_err() {
                            self.err(span.clone(), Msg::new("diag-template-date").arg("name", format!("{{{name}}}")));
                        }
                        parts.push(Part::AsOf(intern(&mut self.as_of_formats, fmt)));
                    } else if name == "as_of" {
                        parts.push(Part::AsOf(intern(&mut self.as_of_formats, "%Y-%m-%d")));
                    } else if name == "input_stem" {
                        parts.push(Part::InputStem);
                    } else if name == "profile" && path {
                        parts.push(Part::Profile);
                    } else if let Some(param) = param_name(name) {
                        // A parameter is fixed for the whole run: its value is put in now.
                        if let Some(v) = self.param_text(name, param, span.clone()) {
                            parts.push(Part::Lit(v));
                        }
                    } else if let Some(s) = self.slots.get(name) {
                        parts.push(Part::Slot(*s));
                    } else if vars.contains(&name) {
                        parts.push(Part::Var(name.to_string()));
                    } else {
                        let hint = suggestion(name, self.slots.keys().map(String::as_str).chain(vars.iter().copied()));
                        let key = if path { "diag-path-unknown-name" } else { "diag-message-unknown-name" };
                        self.err(
                            span.clone(),
                            Msg::new(key).arg("text", text).arg("name", format!("{{{name}}}")).arg("hint", hint),
                        );
                    }
                }
            }
        }
        Template { parts }
    }

    /// The value of parameter `param` as a message shows it (`name`: the placeholder as
    /// written); an undeclared parameter is an error at `span`.
    fn param_text(&mut self, name: &str, param: &str, span: Option<Range<usize>>) -> Option<String> {
        match self.params.get(param) {
            Some(ParamValue::String(v)) => Some(v.clone()),
            Some(v) => Some(v.to_string()),
            None => {
                let hint = suggestion(param, self.params.keys().map(String::as_str));
                let m = Msg::new("diag-message-unknown-param").arg("name", format!("{{{name}}}")).arg("hint", hint);
                self.err(span, m);
                None
            }
        }
    }

    /// A text shown where no row is (a rule's label and its sentence): `{params.NAME}` is put
    /// in now; any other placeholder is an error at its place, since no row fills it.
    pub(super) fn plain_text(&mut self, t: &Spanned<String>) -> String {
        let span = Some(t.span());
        let raw = match split(t.get_ref()) {
            Ok(r) => r,
            Err(e) => {
                self.err(span, Msg::new("diag-template").arg("text", t.get_ref()).arg("error", e));
                return t.get_ref().clone();
            }
        };
        let mut text = String::new();
        for p in raw {
            match p {
                RawPart::Lit(s) => text.push_str(&s),
                RawPart::Name(name, offset) => {
                    let at = t.span().start + 1 + offset;
                    let here =
                        if self.src.slice(at..at + name.len()) == Some(name) { at..at + name.len() } else { t.span() };
                    match param_name(name) {
                        Some(param) => text.push_str(&self.param_text(name, param, Some(here)).unwrap_or_default()),
                        None => {
                            let m = Msg::new("diag-label-placeholder")
                                .arg("text", t.get_ref())
                                .arg("name", format!("{{{name}}}"));
                            self.err(Some(here), m);
                        }
                    }
                }
            }
        }
        text
    }

    /// A path template under `--out`: relative, no `..`, no empty component. Values put into
    /// it are checked per row ([`crate::engine::render::is_safe_component`]); `{as_of:FORMAT}`
    /// formats are checked here for every date ([`crate::common::outpath::check_date_format`]).
    pub(super) fn path_template(&mut self, t: &Spanned<String>, allow_values: bool) -> Template {
        let span = if t.span() == (0..0) { None } else { Some(t.span()) };
        let before = self.diags.len();
        let tpl = self.template(t.get_ref(), span.clone(), &[], true);
        if self.diags.len() > before {
            return tpl;
        }
        if !allow_values && tpl.parts.iter().any(|p| matches!(p, Part::Slot(_) | Part::InputStem)) {
            self.err(span.clone(), Msg::new("diag-reject-path"));
        }
        let sample: String = tpl
            .parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.as_str(),
                _ => "x",
            })
            .collect();
        if let Err(problem) = crate::common::outpath::check(&sample) {
            self.err(
                span.clone(),
                Msg::new("diag-path-outside").arg("path", t.get_ref()).arg("problem", problem.msg()),
            );
        }
        let formats: Vec<String> = tpl
            .parts
            .iter()
            .filter_map(|p| match p {
                Part::AsOf(i) => Some(self.as_of_formats[*i].clone()),
                _ => None,
            })
            .collect();
        for fmt in formats {
            if let Err(problem) = crate::common::outpath::check_date_format(&fmt) {
                self.err(span.clone(), Msg::at_path(format!("path `{}`", t.get_ref()), problem.msg()));
            }
        }
        tpl
    }
}

/// The parameter a placeholder names: `{params.NAME}` (as the profile's `[params]` table is
/// written), or `{param.NAME}`.
fn param_name(name: &str) -> Option<&str> {
    name.strip_prefix("params.").or_else(|| name.strip_prefix("param."))
}
