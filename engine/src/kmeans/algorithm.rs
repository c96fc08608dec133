//! Lloyd iterations, following scikit-learn's `_kmeans_single_lloyd`:
//! stop when labels no longer change ("strict convergence") or when the total
//! squared centre shift falls to `tol`; empty clusters take the points farthest
//! from their centres.

use crate::matrix::{squared_distance, Matrix};

pub(super) struct LloydResult {
    pub centers: Matrix,
    pub labels: Vec<usize>,
    pub inertia: f64,
    pub n_iter: usize,
}

pub(super) fn lloyd(x: &Matrix, mut centers: Matrix, max_iter: usize, tol: f64) -> LloydResult {
    let n = x.rows();
    let mut labels = vec![0usize; n];
    let mut previous = vec![usize::MAX; n];
    let mut distances = vec![0.0; n];
    let mut strict = false;
    let mut n_iter = 0;
    for _ in 0..max_iter {
        n_iter += 1;
        assign_nearest(x, &centers, &mut labels, &mut distances);
        let updated = update_centers(x, &centers, &labels, &distances);
        if labels == previous {
            // Same labels give the same centres: nothing left to move.
            centers = updated;
            strict = true;
            break;
        }
        let shift: f64 = updated.iter_rows().zip(centers.iter_rows()).map(|(a, b)| squared_distance(a, b)).sum();
        centers = updated;
        std::mem::swap(&mut labels, &mut previous);
        if shift <= tol {
            break;
        }
    }
    if !strict {
        // Labels must describe the final centres.
        assign_nearest(x, &centers, &mut labels, &mut distances);
    }
    let inertia = inertia(x, &centers, &labels);
    LloydResult { centers, labels, inertia, n_iter }
}

/// Sets each point's label to its nearest centre (lowest index on ties) and records the squared distance.
pub(crate) fn assign_nearest(x: &Matrix, centers: &Matrix, labels: &mut [usize], distances: &mut [f64]) {
    for ((row, label), dist) in x.iter_rows().zip(labels.iter_mut()).zip(distances.iter_mut()) {
        let (best, d) = nearest(row, centers);
        *label = best;
        *dist = d;
    }
}

/// The nearest centre's index and squared distance.
#[inline]
pub(crate) fn nearest(point: &[f64], centers: &Matrix) -> (usize, f64) {
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (j, c) in centers.iter_rows().enumerate() {
        let d = squared_distance(point, c);
        if d < best_d {
            best_d = d;
            best = j;
        }
    }
    (best, best_d)
}

/// Means of the assigned points; an empty cluster is moved onto the point
/// farthest from its centre, which leaves its old cluster (scikit-learn's relocation).
fn update_centers(x: &Matrix, centers: &Matrix, labels: &[usize], distances: &[f64]) -> Matrix {
    let k = centers.rows();
    let dim = x.dim();
    let mut sums = vec![0.0; k * dim];
    let mut counts = vec![0usize; k];
    for (row, &label) in x.iter_rows().zip(labels) {
        counts[label] += 1;
        for (s, v) in sums[label * dim..(label + 1) * dim].iter_mut().zip(row) {
            *s += v;
        }
    }
    let empty: Vec<usize> = (0..k).filter(|&j| counts[j] == 0).collect();
    if !empty.is_empty() {
        let mut far: Vec<usize> = (0..x.rows()).collect();
        far.sort_by(|&a, &b| distances[b].total_cmp(&distances[a]).then(a.cmp(&b)));
        for (&cluster, &point) in empty.iter().zip(&far) {
            let old = labels[point];
            if counts[old] > 1 {
                counts[old] -= 1;
                for (s, v) in sums[old * dim..(old + 1) * dim].iter_mut().zip(x.row(point)) {
                    *s -= v;
                }
            }
            counts[cluster] = 1;
            sums[cluster * dim..(cluster + 1) * dim].copy_from_slice(x.row(point));
        }
    }
    let mut out = centers.clone();
    for j in 0..k {
        if counts[j] > 0 {
            let c = counts[j] as f64;
            for (o, s) in out.row_mut(j).iter_mut().zip(&sums[j * dim..(j + 1) * dim]) {
                *o = s / c;
            }
        }
    }
    out
}

/// Sum of squared distances from each point to its assigned centre.
pub(crate) fn inertia(x: &Matrix, centers: &Matrix, labels: &[usize]) -> f64 {
    x.iter_rows().zip(labels).map(|(r, &l)| squared_distance(r, centers.row(l))).sum()
}
