//! `--help` in the chosen language. The English help is clap's, from the doc comments of the
//! argument structs; for Japanese, the built command is walked and every `about` and argument
//! help is replaced from the catalog (`locales/*/cli.ftl`, keys `help-…`), with the headings
//! clap writes itself (`Usage:`, `Options:`, …) in Japanese too.
//!
//! Keys: `help-about` for the tool, `help-<command>-about` (`help-profile-show-about` for a
//! nested one), `help-<command>-arg-<id>` for an argument, or `help-arg-<id>` for one every
//! command shares (`--mappings`, `--lang`, `--help`). A unit test checks that every command and
//! argument has its key in both languages, and that the English text is the doc comment.

use clap::Command;

use crate::i18n::{Lang, tr};

/// `cmd` (not yet built) with its help in `lang`.
pub fn localize(mut cmd: Command, lang: Lang) -> Command {
    cmd.build();
    if lang == Lang::En {
        return cmd;
    }
    localize_built(cmd, "", lang)
}

fn localize_built(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let t = |key: &str| tr(lang, key, &[]);
    cmd = cmd
        .about(t(&about_key(path)))
        .long_about(None::<&str>)
        .help_template(t("help-template"))
        .subcommand_help_heading(t("help-heading-commands"))
        .subcommand_value_name(t("help-value-command"));
    let ids: Vec<(String, bool, Vec<String>, Vec<String>)> = cmd
        .get_arguments()
        .map(|a| {
            let defaults = if a.is_hide_default_value_set() { &[][..] } else { a.get_default_values() };
            let defaults = defaults.iter().map(|d| d.to_string_lossy().into_owned()).collect();
            let names = match a.get_value_names() {
                Some(names) => names.iter().map(|n| n.to_string()).collect(),
                None if a.is_positional() || a.get_action().takes_values() => {
                    vec![a.get_id().to_string().to_uppercase()]
                }
                None => Vec::new(),
            };
            (a.get_id().to_string(), a.is_positional(), defaults, names)
        })
        .collect();
    for (id, positional, defaults, names) in ids {
        // A placeholder like `<FILE>` is a word the reader fills in: in their language where the
        // catalog has it (`help-value-file`); a literal form such as `YYYY-MM-DD` stays.
        let names: Vec<String> = names
            .iter()
            .map(|n| {
                let key: String =
                    n.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
                let key = format!("help-value-{key}");
                if has_key(lang, &key) { t(&key) } else { n.clone() }
            })
            .collect();
        let mut text = t(&arg_key(path, &id, |k| has_key(lang, k)));
        // clap's `[default: …]` is English: the default goes into the sentence instead.
        if !defaults.is_empty() {
            text.push_str(&tr(lang, "help-default", &[("value", &defaults.join(", "))]));
        }
        let heading = t(if positional { "help-heading-arguments" } else { "help-heading-options" });
        cmd = cmd.mut_arg(&id, |a| {
            let a = a.help(text).long_help(None::<&str>).help_heading(heading).hide_default_value(!defaults.is_empty());
            if names.is_empty() { a } else { a.value_names(names) }
        });
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in subs {
        let sub_path = child_path(path, &name);
        cmd = cmd.mut_subcommand(&name, |s| localize_built(s, &sub_path, lang));
    }
    cmd
}

/// The key of the `about` of the command at `path` (`""` for the tool itself).
pub fn about_key(path: &str) -> String {
    if path.is_empty() {
        "help-about".into()
    } else if path.ends_with(HELP) {
        "help-help-about".into()
    } else {
        format!("help-{path}-about")
    }
}

/// How the path of clap's `help` subcommand ends: it has one text wherever it is.
const HELP: &str = "#help";

/// The path of subcommand `name` of the command at `path` (`run`, `profile-show`). The
/// subcommands of clap's `help` (`help run`) are the commands they name.
pub fn child_path(path: &str, name: &str) -> String {
    let base = path.strip_suffix(HELP).unwrap_or(path);
    if name == "help" {
        format!("{base}{HELP}")
    } else if base.is_empty() {
        name.into()
    } else {
        format!("{base}-{name}")
    }
}

/// The key of argument `id` of the command at `path`: its own, else the shared one.
pub fn arg_key(path: &str, id: &str, exists: impl Fn(&str) -> bool) -> String {
    let id = id.replace('_', "-");
    let own = if path.is_empty() { format!("help-arg-{id}") } else { format!("help-{path}-arg-{id}") };
    if exists(&own) { own } else { format!("help-arg-{id}") }
}

fn has_key(lang: Lang, key: &str) -> bool {
    tr(lang, key, &[]) != key
}

/// A usage error (an unknown option, a missing argument, a bad value) in `lang`. Clap words
/// its errors in English only; the kinds a user meets get the catalog's words, with the same
/// facts (the option, the value, clap's suggestion). `None`: clap's own text is used.
pub fn usage_error(e: &clap::Error, lang: Lang) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang == Lang::En {
        return None;
    }
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let (key, args): (&str, Vec<(&str, String)>) = match e.kind() {
        ErrorKind::MissingRequiredArgument => ("usage-missing", vec![("arg", arg)]),
        ErrorKind::UnknownArgument => ("usage-unknown", vec![("arg", arg)]),
        ErrorKind::InvalidSubcommand => {
            ("usage-unknown-command", vec![("command", text(ContextKind::InvalidSubcommand).unwrap_or_default())])
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            ("usage-invalid-value", vec![("arg", arg), ("value", text(ContextKind::InvalidValue).unwrap_or_default())])
        }
        ErrorKind::ArgumentConflict => {
            ("usage-conflict", vec![("arg", arg), ("other", text(ContextKind::PriorArg).unwrap_or_default())])
        }
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            ("usage-values", vec![("arg", arg)])
        }
        _ => return None,
    };
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut out = tr(lang, "cli-error", &[("message", &tr(lang, key, &args))]);
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue]
        .into_iter()
        .find_map(text);
    if let Some(s) = suggested {
        out.push_str(&format!("\n  {}", tr(lang, "did-you-mean", &[("name", &s)])));
    }
    if let Some(valid) = text(ContextKind::ValidValue) {
        out.push_str(&format!("\n  {}", tr(lang, "usage-valid-values", &[("values", &valid)])));
    }
    out.push_str(&format!("\n\n{}", tr(lang, "usage-see-help", &[])));
    Some(out)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// Every command and argument (clap's own `--help`, `--version` and `help` included) with
    /// its key, and its English help as clap has it.
    fn every_help(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        out.push((about_key(path), cmd.get_about().map(ToString::to_string).unwrap_or_default()));
        for a in cmd.get_arguments() {
            let key = arg_key(path, a.get_id().as_str(), |k| has_key(Lang::En, k));
            out.push((key, a.get_help().map(ToString::to_string).unwrap_or_default()));
        }
        for s in cmd.get_subcommands() {
            every_help(s, &child_path(path, s.get_name()), out);
        }
    }

    #[test]
    fn every_command_and_argument_has_its_help_in_both_languages_and_the_english_is_the_doc_comment() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        let mut all = Vec::new();
        every_help(&cmd, "", &mut all);
        assert!(all.len() > 30, "{all:?}");
        for (key, english) in &all {
            assert!(has_key(Lang::Ja, key), "{key} is not in locales/ja/cli.ftl");
            assert_eq!(&tr(Lang::En, key, &[]), english, "{key} in locales/en/cli.ftl is not the doc comment");
        }
    }

    /// The `COMMAND -x` / `COMMAND --name` mentions in backquotes of `text`.
    fn option_mentions(text: &str) -> Vec<(String, String)> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .filter_map(|quoted| {
                let mut words = quoted.split_whitespace().skip_while(|w| *w == "orderbridge");
                let (cmd, opt) = (words.next()?, words.next()?);
                opt.starts_with('-').then(|| (cmd.to_string(), opt.split('=').next().unwrap_or(opt).to_string()))
            })
            .collect()
    }

    #[test]
    fn every_option_a_help_text_mentions_exists() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        let mut all = Vec::new();
        every_help(&cmd, "", &mut all);
        let mut checked = 0;
        for (key, _) in &all {
            for lang in [Lang::En, Lang::Ja] {
                for (name, opt) in option_mentions(&tr(lang, key, &[])) {
                    let Some(sub) = cmd.find_subcommand(&name) else { continue };
                    let known = sub.get_arguments().any(|a| {
                        a.get_long().is_some_and(|l| opt == format!("--{l}"))
                            || a.get_short().is_some_and(|s| opt == format!("-{s}"))
                    });
                    assert!(known, "{key} ({lang:?}) mentions `{name} {opt}`, which `{name}` does not have");
                    checked += 1;
                }
            }
        }
        assert!(checked >= 2, "the help texts mention options of other commands: {checked}");
    }

    /// `Cli::parse_localized` parses with clap's command as built and localizes only to show
    /// help or a usage error: the localized command must accept exactly what the plain one
    /// does, with the same result (its help differs in words only).
    #[test]
    fn the_localized_command_parses_as_the_plain_one() {
        use clap::FromArgMatches;
        // Whole command lines (split at spaces), some of them wrong.
        let lines = [
            "run --profile goq-rakuten-legacy --as-of 2024-10-18 --out out a.csv b.csv",
            "run --profile a --profile b --dry-run --lang ja -",
            "run --no-ledger --set window_days=7 in.csv",
            "ledger --ledger l.sqlite confirm --last",
            "ledger show 100234-20241018-0000000001 --json",
            "serve --port 8080",
            "validate-profile my-shop --verbose",
            "init --from export.csv --base goq-rakuten-legacy",
            "run --as-of 2024-13-40 x.csv",
            "run --no-such-option",
            "no-such-command at all",
            "--lang xx list-profiles",
            "list-profiles --json",
            "validate-profile --all",
            "ledger files --json",
            "profile show",
            "init --base",
            "run --help",
            "--version",
            "",
        ];
        for line in lines {
            let args: Vec<&str> = std::iter::once("orderbridge").chain(line.split_whitespace()).collect();
            let parse = |cmd: Command| {
                cmd.try_get_matches_from(&args)
                    .and_then(|m| super::super::Cli::from_arg_matches(&m))
                    .map(|cli| format!("{cli:?}"))
                    .map_err(|e| e.kind())
            };
            let plain = parse(super::super::Cli::command());
            assert_eq!(plain, parse(localize(super::super::Cli::command(), Lang::Ja)), "{line}");
        }
    }

    #[test]
    fn japanese_help_has_no_english_heading() {
        let mut cmd = localize(super::super::Cli::command(), Lang::Ja);
        let run = cmd.find_subcommand_mut("run").unwrap();
        let help = run.render_help().to_string();
        assert!(help.contains("使い方:"), "{help}");
        assert!(help.contains("オプション:"), "{help}");
        assert!(help.contains("出力"), "{help}");
        for english in ["Usage:", "Options:", "Arguments:", "Print help"] {
            assert!(!help.contains(english), "{english} in\n{help}");
        }
    }
}
