//! Writes a synthetic mall-customers CSV with the classic header to stdout.
//!
//! Customers are drawn around five income × spending centres (the shape of
//! the public Mall Customers data), with age and gender, from a fixed seed,
//! so the same arguments always give the same bytes.
//!
//!     cargo run -p engine --example generate_customers -- --rows 200 --seed 7 > data/mall_customers_demo.csv
//!     cargo run -p engine --release --example generate_customers -- --rows 1000000 > /tmp/customers-1m.csv

use std::io::{BufWriter, Write};

use engine::rng::Rng;

/// (share, income mean, income sd, spending mean, spending sd, age mean, age sd)
const GROUPS: [(f64, f64, f64, f64, f64, f64, f64); 5] = [
    (0.40, 55.0, 8.0, 50.0, 6.0, 43.0, 14.0),   // standard
    (0.19, 87.0, 14.0, 82.0, 9.0, 32.0, 4.0),   // target
    (0.19, 88.0, 14.0, 17.0, 10.0, 41.0, 11.0), // sensible
    (0.11, 26.0, 7.0, 21.0, 13.0, 45.0, 13.0),  // careful
    (0.11, 25.0, 7.0, 79.0, 10.0, 25.0, 5.0),   // careless
];

fn main() {
    let mut rows = 200usize;
    let mut seed = 7u64;
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).map(String::as_str).unwrap_or("");
        match pair[0].as_str() {
            "--rows" => rows = value.parse().expect("--rows takes a whole number"),
            "--seed" => seed = value.parse().expect("--seed takes a whole number"),
            other => panic!("unknown argument {other}; use --rows N --seed S"),
        }
    }
    let mut rng = Rng::new(seed);
    let width = rows.to_string().len().max(4);
    let mut out = BufWriter::new(std::io::stdout().lock());
    write!(out, "CustomerID,Genre,Age,Annual Income (k$),Spending Score (1-100)\r\n").unwrap();
    for id in 1..=rows {
        let g = pick_group(&mut rng);
        let (_, im, is, sm, ss, am, asd) = GROUPS[g];
        let genre = if rng.next_f64() < 0.56 { "Female" } else { "Male" };
        let age = normal(&mut rng, am, asd).round().clamp(18.0, 70.0);
        let income = normal(&mut rng, im, is).round().clamp(15.0, 140.0);
        let spending = normal(&mut rng, sm, ss).round().clamp(1.0, 99.0);
        write!(out, "{id:0width$},{genre},{age},{income},{spending}\r\n").unwrap();
    }
}

fn pick_group(rng: &mut Rng) -> usize {
    let mut u = rng.next_f64();
    for (i, g) in GROUPS.iter().enumerate() {
        if u < g.0 {
            return i;
        }
        u -= g.0;
    }
    GROUPS.len() - 1
}

/// Box–Muller; fine for synthetic data that is generated once and committed.
fn normal(rng: &mut Rng, mean: f64, sd: f64) -> f64 {
    let u1 = 1.0 - rng.next_f64();
    let u2 = rng.next_f64();
    mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}
