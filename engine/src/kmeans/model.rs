//! The fitted model: read-only centres, labels and inertia.

use serde::{Deserialize, Serialize};

use super::{
    algorithm::{lloyd, Assignment},
    init::kmeans_plusplus,
    params::{KMeansParams, ValidKMeansParams},
};
use crate::{error::FitError, matrix::Matrix, rng::Rng};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KMeans {
    centres: Matrix,
    labels: Vec<usize>,
    inertia: f64,
    n_iter: usize,
}

impl KMeans {
    /// Runs `n_init` seeded k-means++ starts and keeps the lowest inertia.
    ///
    /// Above [`START_SAMPLE_ROWS`] rows the starts run on a seeded uniform sample
    /// of that many rows, and only the best is then refined on every row: the
    /// choice between starts needs far fewer rows than the final centres do.
    ///
    /// Clusters are then numbered in a stable order: by their centres compared
    /// coordinate by coordinate (first feature ascending, ties broken by the next),
    /// so the numbering does not depend on which random start won.
    pub fn fit(params: &ValidKMeansParams, x: &Matrix) -> Result<KMeans, FitError> {
        KMeans::fit_with_progress(params, x, Assignment::default(), &mut |_| {})
    }

    /// [`KMeans::fit`] with a choice of assignment step and a progress callback.
    pub fn fit_with_progress(
        params: &ValidKMeansParams,
        x: &Matrix,
        how: Assignment,
        progress: &mut dyn FnMut(FitStep),
    ) -> Result<KMeans, FitError> {
        let p = params.get();
        if x.rows() < p.n_clusters {
            return Err(FitError::TooFewSamples { samples: x.rows(), clusters: p.n_clusters });
        }
        if x.values().iter().any(|v| !v.is_finite()) {
            return Err(FitError::NonFiniteData);
        }
        let mut rng = Rng::new(p.seed);
        let best = if x.rows() <= START_SAMPLE_ROWS {
            best_of_starts(x, p, how, &mut rng, progress)
        } else {
            let sample = x.select_rows(&rng.sample_indices(x.rows(), START_SAMPLE_ROWS));
            let start = best_of_starts(&sample, p, how, &mut rng, progress);
            progress(FitStep::Refining { rows: x.rows() });
            let run = lloyd(x, start.centres, p.max_iter, scaled_tolerance(x, p.tol), how);
            KMeans { centres: run.centres, labels: run.labels, inertia: run.inertia, n_iter: run.n_iter }
        };
        if best.has_empty_cluster() {
            return Err(FitError::EmptySegment { clusters: p.n_clusters, distinct: distinct_rows(x) });
        }
        Ok(best.into_stable_order())
    }

    /// Only possible when the data has fewer distinct points than clusters:
    /// Lloyd's relocation fills every other empty cluster.
    fn has_empty_cluster(&self) -> bool {
        let mut sizes = vec![0usize; self.centres.rows()];
        for &l in &self.labels {
            sizes[l] += 1;
        }
        sizes.contains(&0)
    }

    pub fn centres(&self) -> &Matrix {
        &self.centres
    }

    pub fn labels(&self) -> &[usize] {
        &self.labels
    }

    pub fn inertia(&self) -> f64 {
        self.inertia
    }

    pub fn n_iter(&self) -> usize {
        self.n_iter
    }

    pub fn n_clusters(&self) -> usize {
        self.centres.rows()
    }

    fn into_stable_order(self) -> KMeans {
        let k = self.centres.rows();
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (self.centres.row(a), self.centres.row(b));
            ra.iter().zip(rb).map(|(x, y)| x.total_cmp(y)).find(|o| o.is_ne()).unwrap_or(a.cmp(&b))
        });
        let mut new_id = vec![0; k];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = new;
        }
        KMeans {
            centres: self.centres.select_rows(&order),
            labels: self.labels.iter().map(|&l| new_id[l]).collect(),
            inertia: self.inertia,
            n_iter: self.n_iter,
        }
    }
}

/// Rows above which the starts are compared on a sample (see [`KMeans::fit`]).
pub const START_SAMPLE_ROWS: usize = 5_000;

/// Where a fit is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FitStep {
    /// Start `done` of `total` is finished.
    Start { done: usize, total: usize },
    /// The best start is being refined on all `rows`.
    Refining { rows: usize },
}

/// The lowest-inertia run of `n_init` k-means++ starts on `x`.
fn best_of_starts(
    x: &Matrix,
    p: &KMeansParams,
    how: Assignment,
    rng: &mut Rng,
    progress: &mut dyn FnMut(FitStep),
) -> KMeans {
    let tol = scaled_tolerance(x, p.tol);
    let mut best: Option<KMeans> = None;
    for done in 1..=p.n_init {
        let start = kmeans_plusplus(x, p.n_clusters, rng);
        let run = lloyd(x, start, p.max_iter, tol, how);
        if best.as_ref().is_none_or(|b| run.inertia < b.inertia) {
            best = Some(KMeans { centres: run.centres, labels: run.labels, inertia: run.inertia, n_iter: run.n_iter });
        }
        progress(FitStep::Start { done, total: p.n_init });
    }
    best.expect("n_init >= 1 is checked")
}

/// How many different points `x` holds.
fn distinct_rows(x: &Matrix) -> usize {
    let mut rows: Vec<&[f64]> = x.iter_rows().collect();
    let order = |a: &&[f64], b: &&[f64]| a.iter().zip(*b).map(|(p, q)| p.total_cmp(q)).find(|o| o.is_ne());
    rows.sort_by(|a, b| order(a, b).unwrap_or(std::cmp::Ordering::Equal));
    rows.dedup_by(|a, b| order(a, b).is_none());
    rows.len()
}

/// scikit-learn's `_tolerance`: `tol` times the mean per-feature variance, so it is independent of units.
fn scaled_tolerance(x: &Matrix, tol: f64) -> f64 {
    let n = x.rows() as f64;
    let dim = x.dim();
    let mut total_variance = 0.0;
    for j in 0..dim {
        let mean = x.column(j).sum::<f64>() / n;
        total_variance += x.column(j).map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    }
    total_variance / dim as f64 * tol
}
