//! `orderbridge validate-profile`: static checks with locations, the profile's own tests, and
//! (with `--sample`) what a real export would meet. The library finds all of it
//! ([`crate::validate`]); this file only prints it.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::{CliError, Exit, print_stdout};
use crate::i18n::{Lang, Msg};
use crate::profile;
use crate::run::InputSource;
use crate::validate::coverage::{Consequence, Coverage, OutcomeKey, coverage};
use crate::validate::validate;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Profile name or path to a .toml file.
    pub profile: String,
    /// Folder to look up profiles by name in first.
    #[arg(long, value_name = "DIR")]
    pub mappings: Option<PathBuf>,
    /// An export to check the profile against: missing columns, values no lookup covers.
    #[arg(long, value_name = "INPUT")]
    pub sample: Option<PathBuf>,
    /// "Today" for the sample's relative-date rules (default: today in the profile's time zone).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "sample")]
    pub as_of: Option<String>,
    /// Print only problems, failed tests, skipped tests and the verdict (the default).
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also list every test that passed, and each test skipped for its parameters by name.
    #[arg(long, short)]
    pub verbose: bool,
    /// Print the merged profile (its `extends` chain applied) as TOML instead of checking it.
    #[arg(long, conflicts_with_all = ["sample", "quiet", "verbose"])]
    pub effective: bool,
}

pub fn execute(a: ValidateArgs, lang: Lang) -> Result<Exit, CliError> {
    let source = profile::find(&a.profile, a.mappings.as_deref())?;
    if a.effective {
        let text = source.clone().with_tests().effective(lang).map_err(|d| CliError::Profile(vec![d]))?;
        print_stdout(&text)?;
        return Ok(Exit::Success);
    }
    let report = validate(&source);
    let mut ok = report.is_ok();
    // With a sample, the sample comes first: what the shop's export meets is what it asked;
    // the profile's own problems and its verdict follow.
    if let (Some(sample), Some(plan)) = (&a.sample, &report.plan) {
        let as_of = super::as_of(a.as_of.as_deref(), plan)?;
        match coverage(plan, &InputSource::Path(sample.clone()), as_of) {
            Ok(c) => print_stdout(&render_coverage(&c, lang))?,
            Err(e) => {
                let title = Msg::new("sample-title").arg("path", sample.display()).render(lang);
                print_stdout(&format!("{title}\n  {}\n", e.msg().render(lang)))?;
                ok = false;
            }
        }
        print_stdout("\n")?;
    }
    print_stdout(&report.render_with(&source.display_path(), a.verbose && !a.quiet, lang))?;
    Ok(if ok { Exit::Success } else { Exit::Failed })
}

/// Values from the sample are shown up to this many characters: a broken export must not
/// print a megabyte-long line.
const VALUE_MAX_CHARS: usize = 200;

/// A sample's value as shown: quoted, cut to [`VALUE_MAX_CHARS`] with its full length.
fn shown(value: &str, lang: Lang) -> String {
    match value.char_indices().nth(VALUE_MAX_CHARS) {
        Some((i, _)) => {
            format!("{:?}… {}", &value[..i], Msg::new("sample-characters").arg("n", value.chars().count()).render(lang))
        }
        None => format!("{value:?}"),
    }
}

fn outcome_text(o: &OutcomeKey, lang: Lang) -> String {
    match o {
        OutcomeKey::Written => Msg::new("sample-written").render(lang),
        OutcomeKey::Excluded(rule) => Msg::new("sample-excluded-by").arg("rule", rule).render(lang),
        OutcomeKey::Rejected(rule) => Msg::new("sample-rejected-by").arg("rule", rule).render(lang),
    }
}

fn counted(items: &[(OutcomeKey, u64)], lang: Lang) -> String {
    items.iter().map(|(o, n)| format!("{} ×{n}", outcome_text(o, lang))).collect::<Vec<_>>().join(", ")
}

/// The sample's rows by outcome, then the values no lookup covers: first those that decided
/// rows, then those only seen in rows an earlier rule decided.
fn render_coverage(c: &Coverage, lang: Lang) -> String {
    let mut s = String::new();
    let title = Msg::new("sample-header")
        .arg("path", &c.input)
        .arg("encoding", c.encoding.clone())
        .arg("columns", c.columns)
        .arg("as-of", c.as_of);
    let _ = writeln!(s, "{}", title.render(lang));
    let _ = writeln!(
        s,
        "  {}",
        Msg::new("sample-rows").arg("n", c.rows).arg("outcomes", counted(&c.outcomes, lang)).render(lang)
    );
    if c.uncovered.is_empty() {
        let _ = writeln!(s, "  {}", Msg::new("sample-all-covered").render(lang));
    }
    for decided in [true, false] {
        let items: Vec<_> = c.uncovered.iter().filter(|u| u.decided == decided).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "  {}",
            Msg::new(if decided { "sample-uncovered-decided" } else { "sample-uncovered-earlier" }).render(lang)
        );
        for u in items {
            let consequence = match &u.consequence {
                Consequence::Rejected(rule) => Msg::new("sample-then-rejected").arg("rule", rule).render(lang),
                Consequence::Fallback { value, warning: Some(w) } => Msg::new("sample-then-fallback-warning")
                    .arg("value", format!("{value:?}"))
                    .arg("warning", w)
                    .render(lang),
                Consequence::Fallback { value, warning: None } => {
                    Msg::new("sample-then-fallback").arg("value", format!("{value:?}")).render(lang)
                }
            };
            let prefix = u.column.as_ref().map(|c| format!("{c}: ")).unwrap_or_default();
            if u.decided {
                let m = Msg::new("sample-uncovered-value")
                    .arg("value", shown(&u.value, lang))
                    .arg("rows", u.rows)
                    .arg("lookup", &u.lookup)
                    .arg("consequence", consequence)
                    .arg("seen", counted(&u.seen, lang));
                let _ = writeln!(s, "    {prefix}{}", m.render(lang));
            } else {
                // What happens to these rows is what decided them, not the lookup: say that
                // first, and what the lookup would do only if that rule changes.
                let m = Msg::new("sample-uncovered-value-earlier")
                    .arg("value", shown(&u.value, lang))
                    .arg("rows", u.rows)
                    .arg("seen", counted(&u.seen, lang))
                    .arg("lookup", &u.lookup)
                    .arg("consequence", consequence);
                let _ = writeln!(s, "    {prefix}{}", m.render(lang));
            }
        }
    }
    s
}
