//! The gap statistic's reference data (Tibshirani, Walther & Hastie 2001): how much lower the
//! data's log WCSS is than that of data spread uniformly over the same box.
//!
//! The references are `REFERENCES` sets of at most `REFERENCE_ROWS` points, uniform in the data's
//! bounding box, drawn from the sweep's seed alone — so both workers of a split sweep draw the
//! same ones. WCSS grows with the number of points, so a reference of m points stands for one of
//! n by adding ln(n / m) to its log WCSS.

use crate::{
    kmeans::{KMeans, KMeansParams},
    matrix::Matrix,
    rng::Rng,
};

/// Reference data sets (B in the paper, which uses 10 to 20; 8 keep the sweep quick).
const REFERENCES: usize = 8;
/// Points in each reference set.
const REFERENCE_ROWS: usize = 1_000;
/// k-means++ starts on each reference set: uniform data has no structure a second start would
/// find (with 2, every pick in `tests/engine_benchmarks.rs` was the same, and the sweep slower).
const REFERENCE_STARTS: usize = 1;

pub(super) struct References {
    sets: Vec<Matrix>,
    /// ln(n / m): from a reference set's size to the data's.
    scale: f64,
}

impl References {
    pub(super) fn new(x: &Matrix, seed: u64) -> References {
        let (n, dim) = (x.rows(), x.dim());
        let m = n.min(REFERENCE_ROWS);
        let (mut lo, mut hi) = (vec![f64::INFINITY; dim], vec![f64::NEG_INFINITY; dim]);
        for row in x.iter_rows() {
            for (j, &v) in row.iter().enumerate() {
                lo[j] = lo[j].min(v);
                hi[j] = hi[j].max(v);
            }
        }
        // Its own stream: the references do not depend on which k a share sweeps.
        let mut rng = Rng::new(seed ^ 0x6761_705f_7374_6174);
        let sets = (0..REFERENCES)
            .map(|_| {
                let values = (0..m * dim).map(|i| lo[i % dim] + rng.next_f64() * (hi[i % dim] - lo[i % dim])).collect();
                Matrix::new(values, dim)
            })
            .collect();
        References { sets, scale: (n as f64 / m.max(1) as f64).ln() }
    }

    /// Gap(k) and its standard error s(k) = sd · √(1 + 1/B), for data whose k-means WCSS is
    /// `inertia`; `None` when it is undefined (no spread, or k above a reference's size).
    pub(super) fn gap(&self, k: usize, inertia: f64, base: &KMeansParams) -> Option<(f64, f64)> {
        if inertia <= 0.0 || self.sets.iter().any(|s| s.rows() <= k) {
            return None;
        }
        let params = KMeansParams { n_clusters: k, n_init: REFERENCE_STARTS, ..*base }.check().ok()?;
        let logs: Vec<f64> = self
            .sets
            .iter()
            .map(|set| KMeans::fit(&params, set).map(|m| m.inertia().ln() + self.scale))
            .collect::<Result<_, _>>()
            .ok()?;
        let b = logs.len() as f64;
        let mean = logs.iter().sum::<f64>() / b;
        let sd = (logs.iter().map(|l| (l - mean) * (l - mean)).sum::<f64>() / b).sqrt();
        let gap = mean - inertia.ln();
        gap.is_finite().then_some((gap, sd * (1.0 + 1.0 / b).sqrt()))
    }
}
