//! Cluster-quality metrics, with scikit-learn's definitions and edge cases.

mod silhouette;

pub use silhouette::{
    silhouette, silhouette_report, silhouette_values, silhouette_with_progress, SilhouetteReport, PROFILE_POINTS,
};

use crate::matrix::{sample_labelled, squared_distance, Matrix};

/// Rows up to which the silhouette is computed exactly; above, on a seeded sample of this size
/// (scikit-learn's `silhouette_score(sample_size=…)`). A model's silhouette; a k sweep, which
/// scores one for every k, uses a smaller sample (`sweep::SWEEP_SILHOUETTE_ROWS`).
pub const SILHOUETTE_EXACT_LIMIT: usize = 10_000;

/// The points and labels [`silhouette_sampled`] scores: all of them up to
/// [`SILHOUETTE_EXACT_LIMIT`] rows, else a seeded sample of that many.
pub fn silhouette_sample(x: &Matrix, labels: &[usize], seed: u64) -> (Matrix, Vec<usize>) {
    sample_labelled(x, labels, SILHOUETTE_EXACT_LIMIT, seed)
}

/// Silhouette exact up to `limit` rows, else on a seeded uniform sample of that many. Returns the
/// score and the number of rows it was computed on.
pub fn silhouette_sampled(x: &Matrix, labels: &[usize], k: usize, seed: u64, limit: usize) -> (Option<f64>, usize) {
    if x.rows() <= limit {
        return (silhouette(x, labels, k), x.rows());
    }
    let (sample, sample_labels) = sample_labelled(x, labels, limit, seed);
    (silhouette(&sample, &sample_labels, k), sample.rows())
}

/// Calinski–Harabasz index: between-cluster over within-cluster dispersion, each per degree of freedom.
/// `None` when fewer than 2 clusters are used or every point is its own cluster.
pub fn calinski_harabasz(x: &Matrix, labels: &[usize], centres: &Matrix) -> Option<f64> {
    let n = x.rows();
    let k = centres.rows();
    let sizes = cluster_sizes(labels, k);
    let used = sizes.iter().filter(|&&s| s > 0).count();
    if used < 2 || used >= n {
        return None;
    }
    let mean: Vec<f64> = (0..x.dim()).map(|j| x.column(j).sum::<f64>() / n as f64).collect();
    let within: f64 = x.iter_rows().zip(labels).map(|(r, &l)| squared_distance(r, centres.row(l))).sum();
    let between: f64 = (0..k).map(|j| sizes[j] as f64 * squared_distance(centres.row(j), &mean)).sum();
    if within == 0.0 {
        return Some(1.0);
    }
    Some(between * (n - used) as f64 / (within * (used - 1) as f64))
}

/// Davies–Bouldin index (lower is better): mean over clusters of the worst (sᵢ + sⱼ) / dᵢⱼ,
/// s the mean distance of members to their centre, d the distance between centres.
pub fn davies_bouldin(x: &Matrix, labels: &[usize], centres: &Matrix) -> Option<f64> {
    let k = centres.rows();
    let sizes = cluster_sizes(labels, k);
    let used: Vec<usize> = (0..k).filter(|&j| sizes[j] > 0).collect();
    if used.len() < 2 {
        return None;
    }
    let mut spread = vec![0.0; k];
    for (r, &l) in x.iter_rows().zip(labels) {
        spread[l] += squared_distance(r, centres.row(l)).sqrt();
    }
    for j in 0..k {
        if sizes[j] > 0 {
            spread[j] /= sizes[j] as f64;
        }
    }
    if used.iter().all(|&j| spread[j] == 0.0) {
        return Some(0.0);
    }
    let worst = used.iter().map(|&i| {
        used.iter()
            .filter(|&&j| j != i)
            .map(|&j| {
                let d = squared_distance(centres.row(i), centres.row(j)).sqrt();
                // Coincident centres are skipped, as scikit-learn sets their distance to infinity.
                if d == 0.0 {
                    0.0
                } else {
                    (spread[i] + spread[j]) / d
                }
            })
            .fold(0.0, f64::max)
    });
    Some(worst.sum::<f64>() / used.len() as f64)
}

fn cluster_sizes(labels: &[usize], k: usize) -> Vec<usize> {
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    sizes
}
