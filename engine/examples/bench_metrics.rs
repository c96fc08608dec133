//! How the exact silhouette's cost grows with rows (it is O(n²)), natively, median of 3.
//!
//!     cargo run --release -p engine --example bench_metrics ROWS...

use std::time::Instant;

use engine::{metrics::silhouette, rng::Rng, KMeans, KMeansParams, Matrix};

fn main() {
    for n in std::env::args().skip(1).map(|a| a.parse().expect("rows")).collect::<Vec<usize>>() {
        let mut rng = Rng::new(n as u64);
        let x = Matrix::new((0..2 * n).map(|_| rng.next_f64() * 100.0).collect(), 2);
        let model = KMeans::fit(&KMeansParams::new(5).n_init(1).check().unwrap(), &x).unwrap();
        let mut times: Vec<f64> = (0..3)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(silhouette(&x, model.labels(), 5));
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!("silhouette n={n:>6}: median {:>8.1} ms", times[1]);
    }
}
