//! How long loading a profile takes, split into TOML parsing and compilation (a small run's
//! fixed cost), and validating it (its tests included). usage: cargo run --release --example profile_timing -- mappings/goq-rakuten-legacy.toml
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "mappings/goq-rakuten-legacy.toml".into());
    let source = orderbridge::profile::find(&path, None).expect("profile");
    let n = 50;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(source.parse().expect("parses"));
    }
    let parse = t.elapsed() / n;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(orderbridge::engine::compile(&source).expect("compiles"));
    }
    let total = t.elapsed() / n;
    let t = Instant::now();
    let v = orderbridge::validate::validate(&source);
    let tests = t.elapsed();
    println!("{path}: parse {parse:?}, parse + compile {total:?}; validate with {} tests {tests:?}", v.tests.len());
}
