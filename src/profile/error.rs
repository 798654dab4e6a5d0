//! Why a profile could not be found or read (steps 1 and 2 of [`super`]).

use crate::i18n::Msg;

#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("{}", Msg::new("find-not-found").arg("name", .name).arg("looked", .looked).arg("hint", .hint))]
    NotFound { name: String, looked: String, hint: String },
    #[error("{path}: {}", Msg::new("find-cannot-read").arg("error", crate::i18n::io_error(.source)))]
    Read { path: String, source: std::io::Error },
    #[error("{path}: {problem}")]
    NotAFile { path: String, problem: String },
    /// A folder named by `--mappings` or `$ORDERBRIDGE_MAPPINGS` that cannot be searched.
    #[error("{}", Msg::new("find-dir").arg("from", .from).arg("dir", .dir).arg("problem", .problem))]
    Dir { dir: String, from: String, problem: String },
}
