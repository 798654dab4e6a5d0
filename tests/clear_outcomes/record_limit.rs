//! The maximum record size: a record over it stops the run naming its line, a quote never closed
//! in a large file is named, and huge headers and values are shown cut.

use super::assert_refused;
use crate::common::*;

// ------------------------------------------------------------------------------------------
// A maximum record size
// ------------------------------------------------------------------------------------------

/// A little over the 16 MiB limit.
const OVER_LIMIT: usize = 17 << 20;

#[test]
fn a_record_over_the_limit_stops_the_run_naming_its_line() {
    let ws = Workspace::new();
    let mut bytes = Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932();
    bytes.extend(std::iter::repeat_n(b'x', OVER_LIMIT));
    let input = ws.write("orders.csv", &bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "orders.csv:3:", &["a record over 16 MiB", "is this really an export?"]);
    assert!(r.stderr.len() < 2000, "a short message: {} bytes", r.stderr.len());
}

#[test]
fn a_quote_never_closed_in_a_large_file_is_named() {
    let ws = Workspace::new();
    let mut bytes = Table::new(GOQ_HEADER).row(LEGACY, &[]).cp932();
    bytes.extend_from_slice(b"\"");
    for _ in 0..(OVER_LIMIT / 64) {
        bytes.extend_from_slice(&[b'y'; 63]);
        bytes.push(b'\n');
    }
    let input = ws.write("orders.csv", &bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "orders.csv:3:", &["a record over 16 MiB", "quoted field starts on line 3"]);
}

#[test]
fn a_huge_header_line_gives_a_short_message() {
    let ws = Workspace::new();
    let mut bytes = sjis("受注番号,");
    bytes.extend(std::iter::repeat_n(b'h', OVER_LIMIT));
    bytes.extend_from_slice(b"\r\n1\r\n");
    let input = ws.write("orders.csv", &bytes);
    let r = ws.run(LEGACY, AS_OF, &[input], &[]);
    assert_refused(&ws, &r, "orders.csv:1:", &["a record over 16 MiB"]);
    assert!(r.stderr.len() < 2000, "a short message: {} bytes", r.stderr.len());
}

#[test]
fn a_huge_value_in_a_sample_is_shown_cut() {
    let ws = Workspace::new();
    let huge = "宅".repeat(100_000);
    let sample = ws.write("orders.csv", Table::new(GOQ_HEADER).row(LEGACY, &[("配送方法", &huge)]).cp932());
    let r = ws.run_args(&["validate-profile", LEGACY, "--sample", sample.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(r.code, 0, "{}", r.context());
    let line = r.stdout.lines().find(|l| l.contains("配送方法:")).expect("the value is listed");
    assert!(line.contains("… (100000 characters)"), "{}", &line[..line.len().min(600)]);
    assert!(line.len() < 1000, "a short line: {} bytes", line.len());
}
