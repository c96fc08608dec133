//! Phases of the big-file job natively: parse, extract, fit k=5, classify, write.
//!
//!     cargo run --release -p engine --example bench_pipeline -- FILE...
use std::time::Instant;

use engine::{
    batch::{classify_table, results_csv},
    default_features, segment_table, Table, TrainRequest,
};

fn main() {
    for path in std::env::args().skip(1) {
        let t = Instant::now();
        let bytes = std::fs::read(&path).unwrap();
        let read = t.elapsed();
        let t = Instant::now();
        let table = Table::from_csv_bytes(&bytes).unwrap();
        let parse = t.elapsed();
        let features = default_features(&table);
        let t = Instant::now();
        let s = segment_table(&table, &TrainRequest::new(features.clone(), 5)).unwrap();
        let fit = t.elapsed();
        let t = Instant::now();
        let outcomes = classify_table(&s.model, &table, &features);
        let classify = t.elapsed();
        let t = Instant::now();
        let csv = results_csv(&s.model, &table, &outcomes);
        let write = t.elapsed();
        println!(
            "{path}: rows {} read {read:?} parse {parse:?} fit {fit:?} (inertia {:.2}, {} iters) classify {classify:?} write {write:?} ({} MB)",
            table.row_count(),
            s.model.training.inertia,
            s.model.training.n_iter,
            csv.len() / 1_000_000
        );
    }
}
