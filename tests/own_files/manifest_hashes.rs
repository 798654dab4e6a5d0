//! The manifest records each file the run wrote with the SHA-256 of its content (a later run
//! archives a file only if it is still what the tool wrote): the hash is taken as the bytes
//! are written, and must be the hash of the file as it lands, header and BOM included.

use std::fs;

use crate::all_or_nothing::{ab_workspace, assert_exit, run_a};

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn every_file_in_the_manifest_has_the_hash_of_its_content() {
    let ws = ab_workspace();
    assert_exit(&run_a(ws.path()), 1, "run A");
    let out = ws.path().join("out");
    let manifest = super::through_links::manifest(&out);
    let mut seen = Vec::new();
    let (profiles, lists) = (manifest["profiles"].as_object().expect("profiles"), manifest["lists"].as_object());
    for files in profiles.values().chain(lists.into_iter().flat_map(|l| l.values())) {
        for f in files.as_array().expect("files") {
            let path = f["path"].as_str().expect("path");
            let bytes = fs::read(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(f["sha256"].as_str(), Some(sha256_hex(&bytes).as_str()), "{path}");
            seen.push(path.to_string());
        }
    }
    assert!(seen.iter().any(|p| p.starts_with("rakuten/")), "an upload file: {seen:?}");
    assert!(seen.iter().any(|p| p.starts_with("rejected_")), "the reject file: {seen:?}");
}
