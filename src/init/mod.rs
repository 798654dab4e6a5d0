//! `orderbridge init`: a first draft of a child profile for a shop's own export, guessed from
//! a sample and shown to a person to confirm (Embulk's `guess` is the model).
//!
//! The draft `extends` the base and activates only what is certain to mean what the base
//! means — header aliases the sample needs (`matching`); everything a person must decide is
//! written as comments: the columns nothing matched, and for each lookup the sample's values
//! no entry covers, with their counts (`crate::validate::coverage`, the same report
//! `validate-profile --sample` prints, so the draft and that report list the same values).
//!
//! Nothing here prints or writes a file: the command line decides where the text goes.

mod content;
pub(crate) mod matching;
mod shapes;
mod shop;
mod write;

pub use shop::shop_file_text;

use jiff::civil::Date;

use crate::engine::Plan;
use crate::i18n::Msg;
use crate::profile::{Diagnostic, ProfileText};
use crate::run::{InputSource, RunError};
use crate::validate::coverage::{Coverage, coverage};
use matching::{BaseField, HeaderGuess};

/// What `init` was asked: the base profile (with the name the draft's `extends` writes), the
/// sample, "today" for the sample's relative-date rules, and the other visible profiles
/// (their fields' headers are the known aliases).
pub struct Request<'a> {
    /// The base's text; it is compiled once, by the caller, into the plan [`draft`] takes.
    pub base: &'a ProfileText,
    /// How the draft names its parent: the name or path given on the command line.
    pub extends: &'a str,
    /// The shop's sample export: its header is matched, then its rows are run for coverage.
    pub sample: &'a InputSource,
    /// The day the sample is run as of (age conditions, `{as_of:…}`).
    pub as_of: Date,
    /// The other profiles found (unparsable ones are skipped): the headers their fields
    /// accept count as known aliases of those fields.
    pub others: &'a [ProfileText],
    /// The language of the draft's comments.
    pub lang: crate::i18n::Lang,
    /// Whose profile it is, for its `description`: the shop's name, else a file's.
    pub name: &'a str,
}

/// A draft child profile and what went into it.
#[derive(Debug)]
pub struct Draft {
    /// The TOML text, starting with the `#:schema` directive and `extends`; for an update,
    /// the block of comments to add at the end of the kept profile (empty: nothing new).
    pub text: String,
    /// How the sample's header was matched to the base's fields: matches, unmatched columns,
    /// fields still without a column.
    pub header: HeaderGuess,
    /// The sample's coverage with the draft's aliases, or why the sample could not be run
    /// (a required field still has no column): then no lookup value is listed.
    pub coverage: Result<Coverage, RunError>,
}

impl Draft {
    /// Values the draft leaves for a person to decide: lookup values no entry covers, in rows
    /// no earlier rule decided.
    pub fn undecided(&self) -> usize {
        self.coverage.as_ref().map_or(0, |c| c.uncovered.iter().filter(|u| u.decided).count())
    }
}

/// Why no draft could be made.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The base cannot take the draft's aliases (a matched header another field already
    /// accepts), located in the base's file.
    #[error("{}", self.render(crate::i18n::Lang::En))]
    Profile(Vec<Diagnostic>),
    /// The sample cannot be opened or its header read.
    #[error(transparent)]
    Input(#[from] crate::io::error::InputError),
}

impl InitError {
    /// The failure in `lang`: the base profile's problems, one after the other, or the
    /// sample's.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        match self {
            InitError::Profile(d) => d.iter().map(|d| d.render(lang)).collect::<Vec<_>>().join("\n"),
            InitError::Input(e) => e.msg().render(lang),
        }
    }
}

/// Makes the draft from `plan`, the base compiled once by the caller: reads the sample's
/// header with the base's decoding rules, matches it to the base's fields, then adds the
/// matched aliases to the plan (exactly the profile the draft describes) and runs the sample
/// through it to find the values no lookup covers.
pub fn draft(req: &Request, plan: Plan) -> Result<Draft, InitError> {
    make(req, plan, None)
}

/// Refreshes a kept draft from a new sample (`init --update`): `plan` and `req.base` are the
/// kept profile itself (with the shop's edits), so only what they do not cover yet is found,
/// and [`Draft::text`] is what to add below `existing` (its text), all comments: the new
/// columns, header aliases, required fields still without a column, and lookup values.
pub fn update(req: &Request, plan: Plan, existing: &str) -> Result<Draft, InitError> {
    make(req, plan, Some(existing))
}

fn make(req: &Request, mut plan: Plan, existing: Option<&str>) -> Result<Draft, InitError> {
    let sample = content::read_sample(&plan, req.sample)?;
    let header = sample.header.clone();

    let fields: Vec<BaseField> =
        plan.input.fields.iter().map(|f| BaseField { name: f.name.clone(), headers: f.headers.clone() }).collect();
    let known = known_aliases(req.base, req.others);
    let mut guess = matching::guess(&header, &fields, &known);

    for m in &guess.matches {
        if let Err(other) = plan.input.add_header(m.field, &m.header) {
            let msg = Msg::new("diag-header-twice")
                .arg("header", &m.header)
                .arg("first", other)
                .arg("second", &fields[m.field].name);
            let d = Diagnostic::at(&req.base.display_path(), &req.base.text, None, msg);
            return Err(InitError::Profile(vec![d]));
        }
    }
    by_content(req, &mut plan, &sample, &mut guess);
    let coverage = coverage(&plan, req.sample, req.as_of);
    let parts = write::Parts { req, plan: &plan, guess: &guess, coverage: &coverage, existing };
    let text = write::render(&parts).unwrap_or_default();
    Ok(Draft { text, header: guess, coverage })
}

/// Required fields the names left without a column are looked for among the columns nothing
/// reads, by what they hold ([`content`]); each one found becomes a header alias like a
/// matched name, marked as a guess.
fn by_content(req: &Request, plan: &mut Plan, sample: &content::Sample, guess: &mut HeaderGuess) {
    let wanted: Vec<usize> =
        guess.missing.iter().copied().filter(|&i| plan.input.fields[i].default.is_none()).collect();
    if wanted.is_empty() {
        return;
    }
    let norm: Vec<String> = sample.header.iter().map(|h| crate::io::headers::normalise(h)).collect();
    let mut bound: Vec<Option<usize>> = plan
        .input
        .fields
        .iter()
        .map(|f| f.headers.iter().find_map(|h| norm.iter().position(|c| *c == crate::io::headers::normalise(h))))
        .collect();
    let free: Vec<usize> = guess.unmatched.iter().map(|(c, _)| *c).collect();
    let effective = req.base.effective(req.lang).unwrap_or_default();
    let shapes = shapes::field_shapes(plan, &effective);
    for (field, col, fit) in content::guess(plan, sample, &shapes, &mut bound, &wanted, &free, req.as_of) {
        let header = &sample.header[col];
        if plan.input.add_header(field, header).is_err() {
            continue;
        }
        guess.matches.push(matching::Match {
            column: col,
            header: header.clone(),
            field,
            how: matching::How::Content(fit),
        });
        guess.unmatched.retain(|(c, _)| *c != col);
        guess.missing.retain(|f| *f != field);
    }
    guess.matches.sort_by_key(|m| m.column);
}

/// (profile, field, header) for every header another profile's fields accept. A profile that
/// does not parse is skipped: it cannot teach anything.
fn known_aliases(base: &ProfileText, others: &[ProfileText]) -> Vec<(String, String, String)> {
    let mut known = Vec::new();
    for other in others.iter().filter(|o| o.name != base.name) {
        let Ok(doc) = other.parse() else { continue };
        for (field, f) in &doc.input.fields {
            for h in &f.get_ref().headers {
                known.push((other.name.clone(), field.clone(), h.clone()));
            }
        }
    }
    known
}

/// Whether the plan's lookup of this index matches by regex (an entry for it is then a
/// `pattern`, not `from`).
fn is_pattern_lookup(plan: &Plan, lookup: &str) -> bool {
    plan.lookups()
        .iter()
        .find(|l| l.name == lookup)
        .is_some_and(|l| !matches!(l.matcher, crate::engine::lookup::Matcher::Exact(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::charset::InputEncoding;

    /// The base is compiled once, by the caller: the draft works from that plan alone, so a
    /// base whose text no longer parses (never read again) still gives it.
    #[test]
    fn the_draft_uses_the_plan_it_is_given_and_never_compiles_the_base_again() {
        let base = crate::profile::find("goq-rakuten-legacy", None).unwrap();
        let plan = crate::engine::compile(&base).unwrap();
        // The sample's header is the base's own, its first field's column renamed.
        let mut names: Vec<String> = plan.input.fields.iter().map(|f| f.headers[0].clone()).collect();
        let renamed = format!("{}X", names[0]);
        names[0] = renamed.clone();
        let bytes = format!("{}\n", names.join(",")).into_bytes();
        let sample = InputSource::Bytes { name: "sample.csv".into(), bytes, encoding: Some(InputEncoding::Utf8) };
        let unreadable = ProfileText::new(base.name.clone(), base.origin.clone(), "[[rules".into());
        let req = Request {
            base: &unreadable,
            extends: "goq-rakuten-legacy",
            sample: &sample,
            as_of: jiff::civil::date(2024, 10, 18),
            others: &[],
            lang: crate::i18n::Lang::En,
            name: "shop",
        };
        let d = draft(&req, plan).unwrap();
        assert_eq!(d.header.matches.len(), 1, "{}", d.text);
        assert!(d.text.contains(&renamed), "{}", d.text);
        assert!(d.coverage.is_ok(), "{:?}", d.coverage.err());
    }
}
