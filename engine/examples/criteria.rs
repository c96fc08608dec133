//! What each criterion picks on a customer CSV (every numeric column that is not an id), and the
//! recommendation: `cargo run --release -p engine --example criteria -- FILE.csv [FROM TO]
//! [--standard]`. Used to check the recommendation on public benchmark sets with known k
//! (tests/data/sipu, with a header line added: `awk 'BEGIN{print "x,y"} {print $1","$2}'`).

use std::time::Instant;

use engine::{
    prep::{read_for_training, Preparation},
    sweep::{sweep, Criterion, SweepRequest},
    Scaler, ScalingKind, Table,
};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: criteria FILE [FROM TO] [--standard]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table = Table::from_csv_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    let columns: Vec<usize> = (0..table.headers().len())
        .filter(|&c| table.is_numeric_column(c) && !engine::looks_like_identifier(&table, c))
        .collect();
    let numbers: Vec<usize> = args[1..].iter().filter_map(|a| a.parse().ok()).collect();
    let (from, to) = match numbers[..] {
        [a, b] => (a, b),
        _ => (2, 25),
    };
    let reading =
        read_for_training(&table, &columns, &Preparation::default()).unwrap_or_else(|e| panic!("{path}: {e}"));
    if let Some(e) = reading.extraction.skipped.first() {
        panic!("{path}: {e}");
    }
    let x = reading.extraction.matrix;
    let scaling = if args.iter().any(|a| a == "--standard") { ScalingKind::Standard } else { ScalingKind::None };
    let x = Scaler::fit(scaling, &x).transform(&x);
    let start = Instant::now();
    let s = sweep(&x, &SweepRequest::new(vec![], from..=to), |_| {}).unwrap();
    let took = start.elapsed();
    for c in Criterion::ALL {
        println!("{:<28} {:?}", c.name(), c.pick(&s.scores));
    }
    let r = s.recommend().unwrap();
    println!(
        "recommended k = {} ({} rows, sweep {from}..{to} in {:.2} s)\n{}",
        r.k,
        x.rows(),
        took.as_secs_f64(),
        r.reason
    );
}
