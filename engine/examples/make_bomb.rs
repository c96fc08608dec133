//! Writes a decompression bomb shaped as an .xlsx workbook, for the browser suite and for trying
//! the workbook guard by hand:
//!
//!     cargo run -p engine --example make_bomb -- OUT.xlsx [SHAPE] [SIZE_MB] [--lying]
//!
//! (a fraction of a second: each repeated segment is compressed once).
//! SHAPE is many-cells (the default: a sheet of 2.4 GB of rows), one-huge-cell, whitespace,
//! shared-strings, far-corners, huge-dimension or string-count; SIZE_MB is what the big part
//! unpacks to (default 2400); --lying states every part's size in the zip directory as 1 KB.

mod bombs;

use bombs::{Shape, Sizes};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: make_bomb OUT.xlsx [SHAPE] [SIZE_MB] [--lying]");
        std::process::exit(2);
    };
    let sizes = if args.iter().any(|a| a == "--lying") { Sizes::Lying } else { Sizes::True };
    let rest: Vec<&String> = args[1..].iter().filter(|a| *a != "--lying").collect();
    let name = rest.first().map_or("many-cells", |s| s.as_str());
    let Some(shape) = Shape::named(name) else {
        let names: Vec<&str> = Shape::NAMED.iter().map(|(n, _)| *n).collect();
        eprintln!("unknown shape {name}; one of {}", names.join(", "));
        std::process::exit(2);
    };
    let mb: u64 = rest.get(1).map_or(2400, |s| s.parse().expect("SIZE_MB is a whole number"));
    let bytes = bombs::xlsx(shape, mb * 1_000_000, sizes);
    std::fs::write(path, &bytes).expect("a written file");
    let unpacked = if shape.unpacks_to_size() { format!(", unpacking to about {mb} MB") } else { String::new() };
    println!("{path}: {} bytes, {name}{unpacked}", bytes.len());
}
