//! Why a profile could not be found or read: kinds with the catalog's words.

use crate::i18n::Msg;

/// Why a profile could not be found or read. The reader's words: [`FindError::msg`].
#[derive(Debug, thiserror::Error)]
#[error("{}", self.msg().render(crate::i18n::Lang::En))]
pub enum FindError {
    NotFound {
        name: String,
        looked: Msg,
        hint: Msg,
    },
    Read {
        path: String,
        source: std::io::Error,
    },
    NotAFile {
        path: String,
        problem: Msg,
    },
    /// A folder named by `--mappings` or `$ORDERBRIDGE_MAPPINGS` that cannot be searched.
    Dir {
        dir: String,
        from: Msg,
        problem: Msg,
    },
}

impl FindError {
    /// What went wrong, as a catalog message.
    pub fn msg(&self) -> Msg {
        match self {
            FindError::NotFound { name, looked, hint } => {
                Msg::new("find-not-found").arg("name", name).arg("looked", looked.clone()).arg("hint", hint.clone())
            }
            FindError::Read { path, source } => {
                Msg::at_path(path, Msg::new("find-cannot-read").arg("error", crate::i18n::io_error(source)))
            }
            FindError::NotAFile { path, problem } => Msg::at_path(path, problem.clone()),
            FindError::Dir { dir, from, problem } => {
                Msg::new("find-dir").arg("from", from.clone()).arg("dir", dir).arg("problem", problem.clone())
            }
        }
    }
}
