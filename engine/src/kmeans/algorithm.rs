//! Lloyd iterations, following scikit-learn's `_kmeans_single_lloyd`:
//! stop when labels no longer change ("strict convergence") or when the total
//! squared centre shift falls to `tol`; empty clusters take the points farthest
//! from their centres.
//!
//! Two ways to assign points, with the same results bit for bit: `Lloyd`
//! measures every point against every centre each iteration; `Hamerly` keeps
//! Hamerly's bounds (an upper bound on the distance to the own centre, a lower
//! bound on the distance to the next one) and skips points that cannot have
//! changed centre. It falls back to measuring whenever a bound is within
//! rounding of deciding, so ties are settled exactly as `Lloyd` settles them.

use crate::matrix::{by_dim, squared_distance, squared_distance_of, Matrix};

/// How Lloyd's assignment step finds each point's nearest centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Assignment {
    /// Every distance, every iteration: the reference.
    Lloyd,
    /// Hamerly's bounds skip most distances once centres settle.
    #[default]
    Hamerly,
}

pub(super) struct LloydResult {
    pub centres: Matrix,
    pub labels: Vec<usize>,
    pub inertia: f64,
    pub n_iter: usize,
}

/// Relative margin by which a bound must decide; closer calls are measured.
const MARGIN: f64 = 1e-9;

pub(super) fn lloyd(x: &Matrix, centres: Matrix, max_iter: usize, tol: f64, how: Assignment) -> LloydResult {
    by_dim!(x.dim(), lloyd_of(x, centres, max_iter, tol, how))
}

fn lloyd_of<const D: usize>(
    x: &Matrix,
    mut centres: Matrix,
    max_iter: usize,
    tol: f64,
    how: Assignment,
) -> LloydResult {
    let n = x.rows();
    let mut labels = vec![0usize; n];
    let mut previous = vec![usize::MAX; n];
    let mut bounds = Bounds::new(n);
    let mut strict = false;
    let mut n_iter = 0;
    let mut moved: Option<Matrix> = None;
    for _ in 0..max_iter {
        n_iter += 1;
        match (how, &moved) {
            (Assignment::Hamerly, Some(old)) => bounds.assign::<D>(x, old, &centres, &mut labels),
            (Assignment::Hamerly, None) => bounds.assign_all::<D>(x, &centres, &mut labels),
            (Assignment::Lloyd, _) => assign_nearest_of::<D>(x, &centres, &mut labels),
        }
        let updated = update_centres(x, &centres, &labels);
        if labels == previous {
            // Same labels give the same centres: nothing left to move.
            centres = updated;
            strict = true;
            break;
        }
        let shift: f64 = updated.iter_rows().zip(centres.iter_rows()).map(|(a, b)| squared_distance(a, b)).sum();
        moved = Some(std::mem::replace(&mut centres, updated));
        // Bounds follow `labels`; keep them describing the same assignment after the swap.
        previous.copy_from_slice(&labels);
        if shift <= tol {
            break;
        }
    }
    if !strict {
        // Labels must describe the final centres.
        assign_nearest_of::<D>(x, &centres, &mut labels);
    }
    let inertia = inertia(x, &centres, &labels);
    LloydResult { centres, labels, inertia, n_iter }
}

/// Sets each point's label to its nearest centre (lowest index on ties).
pub(crate) fn assign_nearest(x: &Matrix, centres: &Matrix, labels: &mut [usize]) {
    by_dim!(x.dim(), assign_nearest_of(x, centres, labels))
}

fn assign_nearest_of<const D: usize>(x: &Matrix, centres: &Matrix, labels: &mut [usize]) {
    for (row, label) in x.iter_rows().zip(labels.iter_mut()) {
        *label = nearest::<D>(row, centres).0;
    }
}

/// The nearest centre's index and squared distance.
#[inline]
fn nearest<const D: usize>(point: &[f64], centres: &Matrix) -> (usize, f64) {
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (j, c) in centres.iter_rows().enumerate() {
        let d = squared_distance_of::<D>(point, c);
        if d < best_d {
            best_d = d;
            best = j;
        }
    }
    (best, best_d)
}

/// Hamerly's two bounds per point, as distances (not squared).
struct Bounds {
    upper: Vec<f64>,
    lower: Vec<f64>,
}

impl Bounds {
    fn new(n: usize) -> Bounds {
        Bounds { upper: vec![0.0; n], lower: vec![0.0; n] }
    }

    /// Measures every point: labels as [`assign_nearest`] gives them, and tight bounds.
    fn assign_all<const D: usize>(&mut self, x: &Matrix, centres: &Matrix, labels: &mut [usize]) {
        for (i, row) in x.iter_rows().enumerate() {
            self.measure::<D>(i, row, centres, labels);
        }
    }

    fn measure<const D: usize>(&mut self, i: usize, row: &[f64], centres: &Matrix, labels: &mut [usize]) {
        let (mut best, mut best_d, mut second_d) = (0, f64::INFINITY, f64::INFINITY);
        for (j, c) in centres.iter_rows().enumerate() {
            let d = squared_distance_of::<D>(row, c);
            if d < best_d {
                second_d = best_d;
                best_d = d;
                best = j;
            } else if d < second_d {
                second_d = d;
            }
        }
        labels[i] = best;
        self.upper[i] = best_d.sqrt();
        self.lower[i] = second_d.sqrt();
    }

    /// Moves the bounds by how far the centres moved from `old`, then measures
    /// only the points whose bounds no longer prove their centre is the nearest.
    fn assign<const D: usize>(&mut self, x: &Matrix, old: &Matrix, centres: &Matrix, labels: &mut [usize]) {
        let k = centres.rows();
        let moves: Vec<f64> = (0..k).map(|j| squared_distance(old.row(j), centres.row(j)).sqrt()).collect();
        // The largest move, and the largest among the others for the centre that made it.
        let top = (0..k).fold(0, |b, j| if moves[j] > moves[b] { j } else { b });
        let second = (0..k).filter(|&j| j != top).map(|j| moves[j]).fold(0.0, f64::max);
        // Half the distance from each centre to its nearest other centre.
        let half_gap: Vec<f64> = (0..k)
            .map(|j| {
                let nearest = (0..k)
                    .filter(|&o| o != j)
                    .map(|o| squared_distance(centres.row(j), centres.row(o)))
                    .fold(f64::INFINITY, f64::min);
                0.5 * nearest.sqrt()
            })
            .collect();
        for (i, row) in x.iter_rows().enumerate() {
            let own = labels[i];
            self.upper[i] += moves[own];
            self.lower[i] -= if own == top { second } else { moves[top] };
            let fence = self.lower[i].max(half_gap[own]);
            if decided(self.upper[i], fence) {
                continue;
            }
            self.upper[i] = squared_distance_of::<D>(row, centres.row(own)).sqrt();
            if decided(self.upper[i], fence) {
                continue;
            }
            self.measure::<D>(i, row, centres, labels);
        }
    }
}

/// True when `upper` is below `fence` by more than rounding could account for.
#[inline]
fn decided(upper: f64, fence: f64) -> bool {
    upper < fence - MARGIN * (fence.abs() + upper.abs())
}

/// Means of the assigned points; an empty cluster is moved onto the point
/// farthest from its centre, which leaves its old cluster (scikit-learn's relocation).
fn update_centres(x: &Matrix, centres: &Matrix, labels: &[usize]) -> Matrix {
    let k = centres.rows();
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
        let distances: Vec<f64> =
            x.iter_rows().zip(labels).map(|(row, &l)| squared_distance(row, centres.row(l))).collect();
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
    let mut out = centres.clone();
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
pub(crate) fn inertia(x: &Matrix, centres: &Matrix, labels: &[usize]) -> f64 {
    x.iter_rows().zip(labels).map(|(r, &l)| squared_distance(r, centres.row(l))).sum()
}
