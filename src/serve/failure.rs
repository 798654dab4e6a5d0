//! A run of the page that did nothing, kept as what went wrong (typed, with catalog messages)
//! and put into words only when the page asks, in the language of that request: two browsers
//! in two languages read the same failed run each in their own.

use super::view::Failure;
use crate::i18n::{Lang, Msg};
use crate::io::input::InputError;
use crate::profile::Diagnostic;
use crate::run::RunError;

/// Why a run of the page did nothing.
#[derive(Debug)]
pub enum FailedRun {
    /// The profile does not compile: its problems, located.
    Profile(Vec<Diagnostic>),
    /// The run stopped before writing anything.
    Run(RunError),
}

impl FailedRun {
    /// What the page shows, in `lang`; `plain` replaces the server's own paths with what the
    /// page's user knows (the run's).
    pub fn view(&self, lang: Lang, plain: &dyn Fn(&str) -> String) -> Failure {
        match self {
            FailedRun::Profile(problems) => profile_error(problems, lang),
            FailedRun::Run(e) => run_error(e, lang, plain),
        }
    }
}

/// A run that did nothing: the same facts as the command line's `error:` line (file, line,
/// the library's message with what to do), with the page's hint (a catalog key), in `lang`.
pub fn run_error(e: &RunError, lang: Lang, plain: &dyn Fn(&str) -> String) -> Failure {
    let none = String::new();
    let (kind, hint, file, line, message): (_, _, _, _, Msg) = match e.inner() {
        RunError::Input(i @ InputError::At { path, line, .. }) => {
            ("input", "error-hint-input", path, Some(*line), i.message())
        }
        RunError::Input(i @ (InputError::Format { path, .. } | InputError::Io { path, .. })) => {
            ("input", "error-hint-input", path, None, i.message())
        }
        RunError::Output(o) => ("output", "error-hint-output", &none, None, o.msg()),
        RunError::Path(m) => ("output", "error-hint-output", &none, None, m.clone()),
        RunError::Ledger(l) => ("output", "error-hint-output", &none, None, l.msg.clone()),
        RunError::Cancelled | RunError::PendingUploads(_) => ("output", "error-hint-output", &none, None, e.msg()),
        RunError::DuplicateInput(_) | RunError::NoInput | RunError::Profiles(_) | RunError::InProfile { .. } => {
            ("request", "error-hint-request", &none, None, e.msg())
        }
    };
    Failure {
        kind,
        hint,
        file: (!file.is_empty()).then(|| plain(file)),
        line,
        message: plain(&message.render(lang)),
        text: plain(&e.msg().render(lang)),
    }
}

/// A profile that does not compile: its problems, located (file:line:column), in `lang`.
pub fn profile_error(problems: &[Diagnostic], lang: Lang) -> Failure {
    let text = problems.iter().map(|d| d.render(lang)).collect::<Vec<_>>().join("\n");
    Failure {
        kind: "profile",
        hint: "profile-invalid",
        file: problems.first().map(|d| d.file.clone()),
        line: problems.first().and_then(|d| d.line_col.map(|(l, _)| l as u64)),
        message: text.clone(),
        text,
    }
}
