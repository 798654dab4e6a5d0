//! Uploads (customers' names) do not outlive their server: a second Ctrl-C during an upload
//! stops it at once with its folder deleted, and the folder of a server that was killed is
//! deleted by the next server to start — never a running server's.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};

use super::*;

/// `orderbridge serve` as a process of its own, its temporary folder under `tmp`: the
/// process, its address and its token.
fn spawn_serve(tmp: &Path) -> (Child, SocketAddr, String) {
    let mut child = std_bin()
        .args(["serve", "--port", "0", "--mappings"])
        .arg(manifest().join("mappings"))
        .env("TMPDIR", tmp)
        .env("TMP", tmp)
        .env("TEMP", tmp)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let rest = line.trim().strip_prefix("http://").unwrap_or_else(|| panic!("{line:?}"));
    let (addr, token) = rest.split_once("/?token=").unwrap();
    (child, addr.parse().unwrap(), token.to_string())
}

/// The servers' folders under `tmp`.
fn server_folders(tmp: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(tmp).unwrap().map(|e| e.unwrap().path());
    entries.filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("orderbridge-serve-")).collect()
}

/// Posts a run whose export never finishes arriving; returns once the export's file is on the
/// server's disk (the connection stays open).
fn unfinished_upload(addr: SocketAddr, token: &str, folder: &Path) -> TcpStream {
    let (_, export) = fixture();
    let (ct, body) = multipart(&[("profile", LEGACY)], &[("customers.csv", &export)]);
    let mut s = TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST /api/runs HTTP/1.1\r\nHost: {addr}\r\nCookie: orderbridge_{}={token}\r\nOrigin: http://{addr}\r\n\
         Content-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
        addr.port(),
        body.len() + 1_000_000
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(&body[..body.len() - 100]).unwrap();
    let started = Instant::now();
    while !files_under(folder).iter().any(|f| f.ends_with("customers.csv")) {
        assert!(started.elapsed() < Duration::from_secs(60), "the upload reaches the disk");
        std::thread::sleep(Duration::from_millis(20));
    }
    s
}

#[cfg(unix)]
fn signal(child: &Child, name: &str) {
    let k = std::process::Command::new("kill").args(["-s", name, &child.id().to_string()]).status().unwrap();
    assert!(k.success(), "kill -s {name}");
}

#[cfg(unix)]
#[test]
fn a_second_ctrl_c_during_an_upload_stops_at_once_and_leaves_no_upload_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, addr, token) = spawn_serve(tmp.path());
    let folders = server_folders(tmp.path());
    assert_eq!(folders.len(), 1);
    let folder = &folders[0];
    assert!(folder.to_string_lossy().contains(&format!("orderbridge-serve-{}-", child.id())), "marked with its pid");
    let _upload = unfinished_upload(addr, &token, folder);
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines().map_while(Result::ok);
    signal(&child, "INT");
    let said: Vec<String> = stderr.by_ref().take_while(|l| !l.contains("stopping")).collect();
    signal(&child, "INT");
    let rest: Vec<String> = stderr.collect();
    assert_eq!(child.wait().unwrap().code(), Some(130), "{said:#?} {rest:#?}");
    assert!(
        rest.iter().any(|l| l.contains("stopped at once; the uploaded and converted files were deleted")),
        "{rest:#?}"
    );
    assert!(!folder.exists(), "left behind: {:?}", files_under(folder));
}

#[test]
fn a_new_server_removes_the_folders_of_servers_no_longer_running() {
    let tmp = tempfile::tempdir().unwrap();
    let config = || Config { temp_parent: Some(tmp.path().to_path_buf()), ..Config::default() };
    let running = Page::with(config());
    let (mut child, addr, token) = spawn_serve(tmp.path());
    let dead = server_folders(tmp.path()).into_iter().find(|f| f != running.server().root()).unwrap();
    let _upload = unfinished_upload(addr, &token, &dead);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(dead.exists(), "a killed server cannot delete its folder");

    let next = Page::with(config());
    assert!(!dead.exists(), "the next server deletes it: {:?}", files_under(&dead));
    let mut left = server_folders(tmp.path());
    left.sort();
    let mut expected = vec![running.server().root().to_path_buf(), next.server().root().to_path_buf()];
    expected.sort();
    assert_eq!(left, expected, "the running servers' folders stay");
}
