//! A small HTTP/1.1 client over a plain TCP stream, so that a test controls every byte: a
//! wrong `Host`, a raw `..` in the path (a URL library would normalise it away), a foreign
//! `Origin`, a chunked body, `Expect: 100-continue`.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// A request: method, path (sent as is), headers and an optional body.
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    /// Send the body in chunks of this size with `Transfer-Encoding: chunked`.
    pub chunked: Option<usize>,
    /// Send `Expect: 100-continue` and the body only if the server asks for it.
    pub expect_continue: bool,
}

impl<'a> Request<'a> {
    pub fn new(method: &'a str, path: &'a str) -> Self {
        Request { method, path, headers: Vec::new(), body: None, chunked: None, expect_continue: false }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn body(mut self, body: Vec<u8>) -> Self {
        self.body = Some(body);
        self
    }

    pub fn send(self, addr: SocketAddr) -> Response {
        let mut stream = TcpStream::connect(addr).expect("connect to the server");
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut head = format!("{} {} HTTP/1.1\r\n", self.method, self.path);
        if !self.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {addr}\r\n"));
        }
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("Connection: close\r\n");
        if let Some(body) = &self.body {
            match self.chunked {
                Some(_) => head.push_str("Transfer-Encoding: chunked\r\n"),
                None => head.push_str(&format!("Content-Length: {}\r\n", body.len())),
            }
            if self.expect_continue {
                head.push_str("Expect: 100-continue\r\n");
            }
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        if let Some(body) = &self.body {
            if self.expect_continue {
                let first = read_head(&mut reader);
                if first.0 != 100 {
                    return finish(first, &mut reader);
                }
            }
            // A server that answers early may close the connection while the body is still
            // being sent; the answer is read all the same.
            let _ = match self.chunked {
                Some(n) => body.chunks(n).try_for_each(|c| {
                    stream.write_all(format!("{:x}\r\n", c.len()).as_bytes())?;
                    stream.write_all(c)?;
                    stream.write_all(b"\r\n")
                }),
                None => stream.write_all(body),
            };
            if self.chunked.is_some() {
                let _ = stream.write_all(b"0\r\n\r\n");
            }
        }
        let head = read_head(&mut reader);
        finish(head, &mut reader)
    }
}

fn read_head(reader: &mut impl BufRead) -> (u16, Vec<(String, String)>) {
    let mut line = String::new();
    reader.read_line(&mut line).expect("a status line");
    let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    (status, headers)
}

fn finish((status, headers): (u16, Vec<(String, String)>), reader: &mut impl BufRead) -> Response {
    let get = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk).unwrap();
            body.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(len) = get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(len, 0);
        reader.read_exact(&mut body).unwrap();
    } else {
        let _ = reader.read_to_end(&mut body);
    }
    Response { status, headers, body }
}

/// A `multipart/form-data` body: text fields, then files (name, bytes); and its content type.
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----orderbridge-test-boundary-7f3a";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\
                 Content-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
