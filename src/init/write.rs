//! The draft's TOML text. Active lines are only the `#:schema` directive, `extends` and the
//! matched fields (each written whole, since a child's field replaces the parent's: the
//! base's headers and default are kept); every other line is a comment, so the draft
//! validates as it is and changes nothing the shop has not decided. Comments are in the
//! language of the messages; every text from the sample in them is a quoted TOML string, so
//! a header or value with a line break cannot end a comment early.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::content::Fit;
use super::matching::{HeaderGuess, How};
use super::{Request, is_pattern_lookup};
use crate::engine::Plan;
use crate::i18n::Msg;
use crate::i18n::grouped;
use crate::profile::json_schema::SCHEMA_DIRECTIVE;
use crate::run::RunError;
use crate::validate::coverage::{Coverage, OutcomeKey, Uncovered};

/// Most output values of a lookup shown as examples of what `to` may be.
const SHOWN_OUTPUTS: usize = 8;

pub(super) struct Parts<'a> {
    pub req: &'a Request<'a>,
    /// The base's plan with the draft's aliases added.
    pub plan: &'a Plan,
    pub guess: &'a HeaderGuess,
    pub coverage: &'a Result<Coverage, RunError>,
    /// `init --update`: the kept profile's text. Then only what it does not mention yet is
    /// written, all of it as comments (a table added below the shop's own could clash with
    /// one of them), and nothing of the shop's text is repeated.
    pub existing: Option<&'a str>,
}

impl Parts<'_> {
    /// Whether `needle` (a quoted header or value, an entry) is new to the kept profile.
    fn fresh(&self, needle: &str) -> bool {
        self.existing.is_none_or(|e| !e.contains(needle))
    }

    /// An active line of a draft; a comment in an update.
    fn active(&self, out: &mut String, line: &str) {
        let hash = if self.existing.is_some() { "# " } else { "" };
        let _ = writeln!(out, "{hash}{line}");
    }
}

/// A TOML string (basic or literal, as the `toml` crate chooses): safe anywhere, one line.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A key as written in a table header: bare when TOML allows it, quoted otherwise.
fn key(s: &str) -> String {
    let bare = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { s.to_string() } else { quoted(s) }
}

/// A comment line: `# text`, any line break in `text` turned into a space.
fn comment(out: &mut String, text: &str) {
    let one_line: String = text.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    let _ = writeln!(out, "# {one_line}");
}

/// The draft's text, or with [`Parts::existing`] the block an update adds below it (`None`:
/// nothing new to add).
pub(super) fn render(p: &Parts) -> Option<String> {
    let lang = p.req.lang;
    let t = |m: Msg| m.render(lang);
    let mut out = String::new();
    if p.existing.is_some() {
        let sample = quoted(&p.req.sample.display());
        comment(&mut out, &format!("==== {} ====", t(Msg::new("init-update-title").arg("sample", sample))));
        let before = out.len();
        let mut body = String::new();
        headers(&mut body, p, &t);
        let _ = writeln!(body);
        lookups(&mut body, p, &t);
        // Only section titles and the sample's row count: nothing new.
        let boilerplate = |l: &str| {
            l.is_empty() || l.starts_with("# == ") || l.starts_with(&format!("# {}", t(Msg::new("init-all-covered"))))
        };
        let rows = coverage_rows(p, &t);
        if body.lines().all(|l| boilerplate(l) || Some(l) == rows.as_deref()) {
            return None;
        }
        out.insert_str(before, &body);
        return Some(out);
    }
    let _ = writeln!(out, "{SCHEMA_DIRECTIVE}");
    let sample = quoted(&p.req.sample.display());
    comment(&mut out, &t(Msg::new("init-title").arg("sample", &sample).arg("base", p.req.extends)));
    comment(&mut out, &t(Msg::new("init-review")));
    comment(&mut out, &t(Msg::new("init-check").arg("sample", quoted(&p.req.sample.display()))));
    let _ = writeln!(out, "extends = {}", quoted(p.req.extends));
    let description = Msg::new("init-description").arg("name", p.req.name).arg("base", p.req.extends);
    let _ = writeln!(out, "description = {}", quoted(&t(description)));
    let _ = writeln!(out);
    headers(&mut out, p, &t);
    let _ = writeln!(out);
    lookups(&mut out, p, &t);
    Some(out)
}

/// The matched fields, then the columns nothing matched and the fields still without one.
fn headers(out: &mut String, p: &Parts, t: &dyn Fn(Msg) -> String) {
    comment(out, &format!("== {} ==", t(Msg::new("init-section-headers"))));
    let g = p.guess;
    if g.matches.is_empty() && g.unmatched.is_empty() && g.missing.is_empty() && p.existing.is_none() {
        comment(out, &t(Msg::new("init-headers-as-is")));
    }
    for m in &g.matches {
        let field = &p.plan.input.fields[m.field];
        let how = match &m.how {
            How::FieldName => Msg::new("init-how-field-name"),
            How::Normalised => Msg::new("init-how-normalised"),
            How::KnownAlias { profile } => Msg::new("init-how-known").arg("profile", profile),
            How::EditDistance(1) => Msg::new("init-how-edit-1"),
            How::EditDistance(n) => Msg::new("init-how-edit-n").arg("n", n),
            How::Content(fit) => content_how(fit),
        };
        comment(
            out,
            &t(Msg::new("init-match")
                .arg("column", m.column + 1)
                .arg("header", quoted(&m.header))
                .arg("field", &field.name)
                .arg("how", t(how))),
        );
        p.active(out, &format!("[input.fields.{}]", key(&field.name)));
        // The plan holds the draft's aliases: the base's headers, then the matched one.
        let names: Vec<String> = field.headers.iter().map(|h| quoted(h)).collect();
        p.active(out, &format!("headers = [{}]", names.join(", ")));
        if let Some(d) = &field.default {
            p.active(out, &format!("default = {}", quoted(d)));
        }
        let _ = writeln!(out);
    }
    let unmatched: Vec<&(usize, String)> = g.unmatched.iter().filter(|(_, cell)| p.fresh(&quoted(cell))).collect();
    if !unmatched.is_empty() {
        comment(out, &t(Msg::new("init-unmatched")));
        for (col, cell) in unmatched {
            comment(
                out,
                &format!("  {}", t(Msg::new("init-column").arg("column", col + 1).arg("header", quoted(cell)))),
            );
        }
    }
    for &i in &g.missing {
        let f = &p.plan.input.fields[i];
        let accepted: Vec<String> = f.headers.iter().map(|h| quoted(h)).collect();
        let msg = match &f.default {
            None => Msg::new("init-missing-required").arg("field", &f.name).arg("headers", accepted.join(", ")),
            Some(d) => Msg::new("init-missing-optional").arg("field", &f.name).arg("default", quoted(d)),
        };
        let line = t(msg);
        if p.fresh(&line) {
            comment(out, &line);
        }
    }
}

/// Per lookup, the sample's values no entry covers, most rows first, as commented entries.
fn lookups(out: &mut String, p: &Parts, t: &dyn Fn(Msg) -> String) {
    comment(out, &format!("== {} ==", t(Msg::new("init-section-lookups"))));
    let coverage = match p.coverage {
        Ok(c) => c,
        Err(e) => {
            comment(out, &t(Msg::new("init-not-run").arg("error", e.msg())));
            return;
        }
    };
    comment(out, &coverage_rows(p, t).unwrap_or_default()[2..]);
    // A value only in rows an earlier rule decided (another store's, a cancelled order's) is
    // not the lookup's to decide: it is named, never drafted as an entry.
    let pattern = |lookup: &str| is_pattern_lookup(p.plan, lookup);
    let (decided, earlier): (Vec<&Uncovered>, Vec<&Uncovered>) = coverage
        .uncovered
        .iter()
        .filter(|u| if u.decided { p.fresh(&entry_key(u, pattern(&u.lookup))) } else { p.fresh(&quoted(&u.value)) })
        .partition(|u| u.decided);
    if !earlier.is_empty() {
        let mut earlier = earlier;
        earlier.sort_by(|a, b| a.lookup.cmp(&b.lookup).then(b.rows.cmp(&a.rows)).then_with(|| a.value.cmp(&b.value)));
        comment(out, &t(Msg::new("init-earlier")));
        for u in earlier {
            let now: Vec<String> = u.seen.iter().map(|(o, n)| format!("{} ×{}", t(outcome(o)), grouped(*n))).collect();
            let line = Msg::new("init-earlier-value")
                .arg("lookup", &u.lookup)
                .arg("value", quoted(&u.value))
                .arg("now", now.join(", "));
            comment(out, &format!("  {}", t(line)));
        }
        let _ = writeln!(out);
    }
    if decided.is_empty() {
        if p.existing.is_none() {
            comment(out, &t(Msg::new("init-all-covered")));
        }
        return;
    }
    let mut by_lookup: BTreeMap<&str, Vec<&Uncovered>> = BTreeMap::new();
    for u in decided {
        by_lookup.entry(u.lookup.as_str()).or_default().push(u);
    }
    for (lookup, mut values) in by_lookup {
        values.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.value.cmp(&b.value)));
        let column = values.iter().find_map(|u| u.column.as_deref()).map(quoted).unwrap_or_else(|| "-".into());
        comment(out, &t(Msg::new("init-lookup").arg("lookup", lookup).arg("column", column)));
        if let Some(l) = p.plan.lookups().iter().find(|l| l.name == lookup) {
            let mut outputs: Vec<&String> = Vec::new();
            for o in &l.outputs {
                if !outputs.contains(&o) {
                    outputs.push(o);
                }
            }
            if !outputs.is_empty() {
                let shown: Vec<String> = outputs.iter().take(SHOWN_OUTPUTS).map(|o| quoted(o)).collect();
                comment(out, &t(Msg::new("init-lookup-outputs").arg("values", shown.join(", "))));
            }
        }
        let pattern = pattern(lookup);
        let _ = writeln!(out, "# [lookups.{}]", key(lookup));
        let _ = writeln!(out, "# entries = [");
        for u in values {
            let entry = format!("{}, to = \"?\" }},", entry_key(u, pattern));
            let now: Vec<String> = u.seen.iter().map(|(o, n)| format!("{} ×{}", t(outcome(o)), grouped(*n))).collect();
            let count = t(Msg::new("init-value").arg("count", grouped(u.rows)).arg("now", now.join(", ")));
            comment(out, &format!("  {entry}  # {count}"));
        }
        let _ = writeln!(out, "# ]");
        let _ = writeln!(out);
    }
}

/// Why a column was taken for its content: how many of its values fit, what a wrong value
/// meets instead (or the profile's patterns), and the other columns that fit as well.
fn content_how(fit: &Fit) -> Msg {
    let why = if !fit.rules.is_empty() {
        Msg::new("init-why-rules").arg("rules", fit.rules.join(", "))
    } else if !fit.lookups.is_empty() {
        let tables: Vec<String> = fit.lookups.iter().map(|l| format!("[lookups.{}]", key(l))).collect();
        Msg::new("init-why-lookups").arg("lookups", tables.join(", "))
    } else {
        Msg::new("init-why-shape")
    };
    let sure = if fit.also.is_empty() && fit.fits == fit.rows {
        Msg::new("init-content-likely")
    } else if fit.also.is_empty() {
        Msg::new("init-content-mostly")
    } else {
        let others: Vec<String> = fit.also.iter().map(|h| quoted(h)).collect();
        Msg::new("init-content-also").arg("columns", others.join(", "))
    };
    Msg::new("init-how-content")
        .arg("fits", grouped(fit.fits as u64))
        .arg("rows", grouped(fit.rows as u64))
        .arg("why", why)
        .arg("sure", sure)
}

/// The comment line saying how many rows of the sample were run, as of which day.
fn coverage_rows(p: &Parts, t: &dyn Fn(Msg) -> String) -> Option<String> {
    let c = p.coverage.as_ref().ok()?;
    Some(format!("# {}", t(Msg::new("init-rows").arg("rows", grouped(c.rows)).arg("as_of", c.as_of))))
}

/// The start of a value's entry, up to its `to`: what an update looks for in the kept text.
fn entry_key(u: &Uncovered, pattern: bool) -> String {
    if pattern {
        format!("{{ pattern = {}", quoted(&format!("^{}$", regex::escape(&u.value))))
    } else {
        format!("{{ from = [{}]", quoted(&u.value))
    }
}

fn outcome(o: &OutcomeKey) -> Msg {
    match o {
        OutcomeKey::Written => Msg::new("init-now-written"),
        OutcomeKey::Excluded(rule) => Msg::new("init-now-excluded").arg("rule", rule),
        OutcomeKey::Rejected(rule) => Msg::new("init-now-rejected").arg("rule", rule),
    }
}
