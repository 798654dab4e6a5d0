//! What stops a run before any row is decided: an input that cannot be read, or whose header
//! does not fit the profile. Every variant names the file; `At` also its line. The words are a
//! catalog message ([`InputError::msg`]), put into the reader's language at the front door.

use std::io;

use crate::i18n::{Lang, Msg};

/// Something that stops a run before any row is decided.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{}", self.msg().render(Lang::En))]
    Io { path: String, source: io::Error },
    #[error("{}", self.msg().render(Lang::En))]
    Format { path: String, message: Msg },
    #[error("{}", self.msg().render(Lang::En))]
    At { path: String, line: u64, message: Msg },
}

impl InputError {
    /// What went wrong, without the file's name and line.
    pub fn message(&self) -> Msg {
        match self {
            InputError::Io { source, .. } => crate::i18n::io_error(source),
            InputError::Format { message, .. } | InputError::At { message, .. } => message.clone(),
        }
    }

    /// The whole message: `path: message` or `path:line: message`.
    pub fn msg(&self) -> Msg {
        match self {
            InputError::Io { path, .. } | InputError::Format { path, .. } => Msg::at_path(path, self.message()),
            InputError::At { path, line, .. } => Msg::at_line(path, *line, self.message()),
        }
    }
}
