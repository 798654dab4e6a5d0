//! Receiving a run's request (`multipart/form-data`: one `profile` per profile to run, `as_of`,
//! `strict`, then one `files` part per export). Each export is streamed to the run's folder in 1 MiB writes —
//! never held whole in memory. Past the upload limit nothing more is written, the rest of the
//! request is read and dropped (so the browser gets the answer, not a reset connection), and
//! the folder is deleted: a refused upload leaves nothing on disk.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::StatusCode;
use tokio::io::AsyncWriteExt;

use super::runs::{RunDir, Runs, Upload, plain_file_name, upload_path};
use crate::i18n::{Lang, Msg};

/// Bytes allowed beyond the files themselves (the form's other fields and part headers).
pub const FORM_SLACK: u64 = 1 << 20;

/// Profiles one run may run at most.
pub const PROFILES_MAX: usize = 16;

/// Text fields longer than this are refused.
const TEXT_MAX: usize = 1024;

/// What a run's request carried.
pub struct Received {
    pub dir: RunDir,
    /// The profiles to run over the exports, in the order given (each once).
    pub profiles: Vec<String>,
    pub as_of: Option<String>,
    pub strict: bool,
    pub inputs: Vec<Upload>,
}

/// Why a run's request was refused: its kind (the answer's status) and, for a malformed
/// request, what was wrong as a catalog message, put into words in the request's language.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// Over the limit (413).
    #[error("over the upload limit")]
    TooLarge,
    /// A malformed request (400), with what was wrong.
    #[error("{}", .0.render(Lang::En))]
    Bad(Msg),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

fn multipart(e: MultipartError) -> UploadError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        UploadError::TooLarge
    } else {
        UploadError::Bad(Msg::text(e.body_text()))
    }
}

/// Reads the request into a new run folder.
pub async fn receive(mut form: Multipart, runs: &Runs, limit: u64) -> Result<Received, UploadError> {
    let dir = runs.new_dir()?;
    let mut got = Received { dir, profiles: Vec::new(), as_of: None, strict: false, inputs: Vec::new() };
    let mut total = 0u64;
    let mut too_large = false;
    while let Some(mut field) = form.next_field().await.map_err(multipart)? {
        let name = field.name().unwrap_or("").to_string();
        if name != "files" {
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(multipart)? {
                text.extend_from_slice(&chunk);
                if text.len() > TEXT_MAX {
                    return Err(UploadError::Bad(Msg::new("upload-field-too-long").arg("name", &name)));
                }
            }
            let not_text = || UploadError::Bad(Msg::new("upload-field-not-text").arg("name", &name));
            let text = String::from_utf8(text).map_err(|_| not_text())?;
            match name.as_str() {
                "profile" if got.profiles.len() >= PROFILES_MAX => {
                    return Err(UploadError::Bad(Msg::new("upload-too-many-profiles").arg("max", PROFILES_MAX)));
                }
                "profile" if !got.profiles.contains(&text) => got.profiles.push(text),
                "as_of" => got.as_of = Some(text).filter(|t| !t.trim().is_empty()),
                "strict" => got.strict = matches!(text.as_str(), "1" | "true" | "on"),
                _ => {}
            }
            continue;
        }
        if too_large {
            while field.chunk().await.map_err(multipart)?.is_some() {}
            continue;
        }
        let file_name = field.file_name().unwrap_or("").to_string();
        if !plain_file_name(&file_name) {
            return Err(UploadError::Bad(Msg::new("upload-not-plain-name").arg("name", &file_name)));
        }
        let path = upload_path(&got.dir.dir, got.inputs.len() + 1, &file_name);
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir(parent).await?;
        }
        let mut out = tokio::io::BufWriter::with_capacity(1 << 20, tokio::fs::File::create(&path).await?);
        let mut size = 0u64;
        while let Some(chunk) = field.chunk().await.map_err(multipart)? {
            total += chunk.len() as u64;
            if total > limit {
                too_large = true;
                break;
            }
            size += chunk.len() as u64;
            out.write_all(&chunk).await?;
        }
        if too_large {
            drop(out);
            tokio::fs::remove_file(&path).await?;
            while field.chunk().await.map_err(multipart)?.is_some() {}
            continue;
        }
        out.flush().await?;
        out.into_inner().shutdown().await?;
        got.inputs.push(Upload { name: file_name, path, size });
    }
    if too_large {
        return Err(UploadError::TooLarge);
    }
    Ok(got)
}
