//! The customer table `engine::rfm` builds from an order-lines CSV (headers InvoiceNo,
//! CustomerID, InvoiceDate, Quantity, UnitPrice, as the Online Retail export has them), read as
//! the worker reads it: in chunks through `dataset::RecordStream`, never held whole. Written as
//! CSV for `tests/oracles/rfm_pandas.py` to compare with pandas; the time it took goes to stderr,
//! for benchmarks (`generate.mjs --lines 10000000` writes about 700 MB).
//!
//! Usage: cargo run -p engine --example rfm_table -- LINES.csv
use std::io::Read;

use engine::{
    dataset::RecordStream,
    dates::{DateOrder, OrderFound},
    rfm::{Aggregator, OrderColumns},
};

/// The worker reads a few megabytes at a time.
const CHUNK: usize = 4 << 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: rfm_table LINES.csv")?;
    let started = std::time::Instant::now();
    let mut file = std::fs::File::open(path)?;
    let mut chunk = vec![0; CHUNK];
    let mut filled = read_chunk(&mut file, &mut chunk)?;
    let mut stream = RecordStream::start(&chunk[..filled])?;
    let headers = stream.headers();
    let at = |name: &str| headers.iter().position(|h| h == name).ok_or(format!("no column {name}"));
    let columns = OrderColumns {
        customer: at("CustomerID")?,
        date: at("InvoiceDate")?,
        order: Some(at("InvoiceNo")?),
        amount: None,
        quantity: Some(at("Quantity")?),
        price: Some(at("UnitPrice")?),
    };
    let mut lines = Aggregator::new(columns, stream.decimal());
    let mut add = |line: u64, cells: &[&str]| lines.add(line, cells);
    while filled > 0 {
        stream.feed(&chunk[..filled], &mut add)?;
        filled = read_chunk(&mut file, &mut chunk)?;
    }
    stream.finish(&mut add)?;
    let order = match lines.date_order() {
        OrderFound::Decided(order) => order,
        OrderFound::NotNeeded => DateOrder::DayFirst,
        found => return Err(format!("the dates do not decide their order: {found:?}").into()),
    };
    let customers = lines.finish(order, None);
    eprintln!(
        "rfm_table: {} lines, {} MB, {} customers in {} ms",
        lines.lines,
        stream.bytes_read() >> 20,
        customers.rows.len(),
        started.elapsed().as_millis()
    );
    println!(
        "# lines={} without_customer={} cancellations={} unreadable={} only_cancelled={} net_not_positive={}",
        lines.lines,
        lines.without_customer,
        lines.cancellations,
        lines.unreadable,
        customers.left_out.len(),
        customers.net_not_positive
    );
    println!("customer,recency,frequency,monetary,tenure");
    for r in &customers.rows {
        println!("{},{},{},{:.6},{}", r.customer, r.recency, r.frequency, r.monetary, r.tenure);
    }
    Ok(())
}

/// Fills `chunk` from `file` as far as it goes; 0 at the end.
fn read_chunk(file: &mut std::fs::File, chunk: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < chunk.len() {
        match file.read(&mut chunk[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}
