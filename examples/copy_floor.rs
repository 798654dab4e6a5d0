//! The physical floor of a mapping job: read every record of a CSV with the `csv` crate and
//! write every field back (CRLF), no decoding, no mapping. `bench/run.sh` compares the engine
//! with this on the same file.
//!
//! usage: cargo run --release --example copy_floor -- INPUT OUTPUT

use std::fs::File;
use std::io::BufWriter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output] = args.as_slice() else {
        return Err("usage: copy_floor INPUT OUTPUT".into());
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(File::open(input)?);
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(BufWriter::new(File::create(output)?));
    let mut rec = csv::ByteRecord::new();
    let mut rows = 0u64;
    while reader.read_byte_record(&mut rec)? {
        writer.write_byte_record(&rec)?;
        rows += 1;
    }
    writer.flush()?;
    eprintln!("{rows} records copied");
    Ok(())
}
