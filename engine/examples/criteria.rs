//! What each criterion picks on a file of numbers (one customer a line, no header, separated by
//! spaces, tabs or commas), and the recommendation: `cargo run --release -p engine --example
//! criteria -- FILE [FROM TO] [--standard]`. Used to check the recommendation on public benchmark
//! sets with known k (tests/data/sipu).

use std::time::Instant;

use engine::{
    sweep::{sweep, Criterion, SweepRequest},
    Matrix, Scaler, ScalingKind,
};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: criteria FILE [FROM TO] [--standard]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let rows: Vec<Vec<f64>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(|c: char| c.is_whitespace() || c == ',')
                .filter(|c| !c.is_empty())
                .map(|c| c.parse().unwrap())
                .collect()
        })
        .collect();
    let numbers: Vec<usize> = args[1..].iter().filter_map(|a| a.parse().ok()).collect();
    let (from, to) = match numbers[..] {
        [a, b] => (a, b),
        _ => (2, 25),
    };
    let x = Matrix::from_rows(&rows);
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
