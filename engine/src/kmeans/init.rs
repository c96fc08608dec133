//! Greedy k-means++ seeding, as scikit-learn's `_kmeans_plusplus`:
//! each new centre is the best of `2 + ln(k)` candidates drawn with
//! probability proportional to the squared distance to the nearest centre so far
//! (Arthur & Vassilvitskii 2007, greedy variant).

use crate::{
    matrix::{by_dim, squared_distance_of, Matrix},
    rng::Rng,
};

pub(super) fn kmeans_plusplus(x: &Matrix, k: usize, rng: &mut Rng) -> Matrix {
    by_dim!(x.dim(), kmeans_plusplus_of(x, k, rng))
}

fn kmeans_plusplus_of<const D: usize>(x: &Matrix, k: usize, rng: &mut Rng) -> Matrix {
    let n = x.rows();
    let local_trials = 2 + (k as f64).ln() as usize;
    let mut centres = Vec::with_capacity(k * x.dim());

    let first = rng.below(n);
    centres.extend_from_slice(x.row(first));
    let mut closest: Vec<f64> = x.iter_rows().map(|r| squared_distance_of::<D>(r, x.row(first))).collect();
    let mut potential: f64 = closest.iter().sum();

    let mut cumulative = vec![0.0; n];
    let mut candidate = vec![0.0; n];
    let mut best = vec![0.0; n];
    for _ in 1..k {
        running_sum(&closest, &mut cumulative);
        let mut best_id = 0;
        let mut best_potential = f64::INFINITY;
        for _ in 0..local_trials {
            let target = rng.next_f64() * potential;
            let id = cumulative.partition_point(|&c| c < target).min(n - 1);
            let centre = x.row(id);
            let mut pot = 0.0;
            for ((d, &c), r) in candidate.iter_mut().zip(&closest).zip(x.iter_rows()) {
                *d = squared_distance_of::<D>(r, centre).min(c);
                pot += *d;
            }
            // Strictly lower wins, so the first of equal candidates is kept, as numpy's argmin does.
            if pot < best_potential {
                best_potential = pot;
                best_id = id;
                std::mem::swap(&mut best, &mut candidate);
            }
        }
        centres.extend_from_slice(x.row(best_id));
        potential = best_potential;
        std::mem::swap(&mut closest, &mut best);
    }
    Matrix::new(centres, x.dim())
}

fn running_sum(values: &[f64], out: &mut [f64]) {
    let mut total = 0.0;
    for (o, v) in out.iter_mut().zip(values) {
        total += v;
        *o = total;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::squared_distance;

    #[test]
    fn picks_k_distinct_data_points_on_separated_data() {
        let x = Matrix::from_rows(&[
            vec![0.0, 0.0],
            vec![0.1, 0.0],
            vec![10.0, 10.0],
            vec![10.1, 10.0],
            vec![-10.0, 10.0],
            vec![-10.1, 10.0],
        ]);
        let c = kmeans_plusplus(&x, 3, &mut Rng::new(1));
        assert_eq!(c.rows(), 3);
        // One centre near each blob: every pair of centres is far apart.
        for i in 0..3 {
            for j in (i + 1)..3 {
                assert!(squared_distance(c.row(i), c.row(j)) > 50.0);
            }
        }
    }

    #[test]
    fn handles_all_identical_points() {
        let x = Matrix::from_rows(&vec![vec![1.0, 1.0]; 5]);
        let c = kmeans_plusplus(&x, 3, &mut Rng::new(1));
        assert_eq!(c.rows(), 3);
        assert!(c.values().iter().all(|&v| v == 1.0));
    }
}
