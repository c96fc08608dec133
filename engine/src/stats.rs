//! Descriptive statistics of features, overall and per segment.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;

/// Count, mean, population standard deviation, min and max of one feature.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FeatureStats {
    pub count: usize,
    pub mean: f64,
    pub std: f64,
    pub min: f64,
    pub max: f64,
}

impl FeatureStats {
    /// The figures in feature units, for checks that apply to all of them.
    pub fn values(&self) -> [&f64; 4] {
        [&self.mean, &self.std, &self.min, &self.max]
    }

    /// Two-pass mean and variance: exact enough for any realistic customer data.
    pub fn of(values: impl Iterator<Item = f64> + Clone) -> FeatureStats {
        let (mut count, mut sum, mut min, mut max) = (0usize, 0.0, f64::INFINITY, f64::NEG_INFINITY);
        for v in values.clone() {
            count += 1;
            sum += v;
            min = min.min(v);
            max = max.max(v);
        }
        if count == 0 {
            return FeatureStats { count, mean: f64::NAN, std: f64::NAN, min: f64::NAN, max: f64::NAN };
        }
        let mean = sum / count as f64;
        let var = values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / count as f64;
        FeatureStats { count, mean, std: var.sqrt(), min, max }
    }

    /// How many standard deviations `value` sits from the mean (0 when the feature does not vary).
    pub fn z(&self, value: f64) -> f64 {
        if self.std > 0.0 {
            (value - self.mean) / self.std
        } else {
            0.0
        }
    }
}

/// The `p` quantile (0 to 1) of sorted, non-empty `sorted`, interpolated linearly between
/// neighbours: numpy's default `percentile` (and pandas' `quantile`, scikit-learn's RobustScaler).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    match sorted.get(lo + 1) {
        Some(&next) => sorted[lo] + (h - lo as f64) * (next - sorted[lo]),
        None => sorted[lo],
    }
}

/// Statistics of every column of `x`.
pub fn column_stats(x: &Matrix) -> Vec<FeatureStats> {
    (0..x.dim()).map(|j| FeatureStats::of(x.column(j))).collect()
}

/// For each segment `0..k`, the statistics of every column over its members.
///
/// Two passes over the rows in all, accumulating every segment at once; each segment's members
/// are still added in row order, so the figures are those of [`FeatureStats::of`] on its members.
pub fn segment_stats(x: &Matrix, labels: &[usize], k: usize) -> Vec<Vec<FeatureStats>> {
    let dim = x.dim();
    let mut count = vec![0usize; k];
    let mut sum = vec![0.0; k * dim];
    let mut min = vec![f64::INFINITY; k * dim];
    let mut max = vec![f64::NEG_INFINITY; k * dim];
    for (row, &l) in x.iter_rows().zip(labels) {
        count[l] += 1;
        for (j, &v) in row.iter().enumerate() {
            let at = l * dim + j;
            sum[at] += v;
            min[at] = min[at].min(v);
            max[at] = max[at].max(v);
        }
    }
    let mean: Vec<f64> = (0..k * dim).map(|at| sum[at] / count[at / dim] as f64).collect();
    let mut squares = vec![0.0; k * dim];
    for (row, &l) in x.iter_rows().zip(labels) {
        for (j, &v) in row.iter().enumerate() {
            let at = l * dim + j;
            squares[at] += (v - mean[at]) * (v - mean[at]);
        }
    }
    (0..k)
        .map(|s| {
            (0..dim)
                .map(|j| {
                    let (at, n) = (s * dim + j, count[s]);
                    if n == 0 {
                        return FeatureStats { count: 0, mean: f64::NAN, std: f64::NAN, min: f64::NAN, max: f64::NAN };
                    }
                    let std = (squares[at] / n as f64).sqrt();
                    FeatureStats { count: n, mean: mean[at], std, min: min[at], max: max[at] }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_stats() {
        let s = FeatureStats::of([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0].into_iter());
        assert_eq!(s.count, 8);
        assert_eq!(s.mean, 5.0);
        assert_eq!(s.std, 2.0);
        assert_eq!((s.min, s.max), (2.0, 9.0));
        assert_eq!(s.z(9.0), 2.0);
    }

    #[test]
    fn constant_feature_has_zero_z() {
        let s = FeatureStats::of([3.0, 3.0].into_iter());
        assert_eq!(s.z(10.0), 0.0);
    }

    #[test]
    fn per_segment_stats_use_only_members() {
        let x = Matrix::from_rows(&[vec![1.0], vec![3.0], vec![10.0]]);
        let s = segment_stats(&x, &[0, 0, 1], 2);
        assert_eq!(s[0][0].mean, 2.0);
        assert_eq!(s[1][0].count, 1);
        assert_eq!(s[1][0].max, 10.0);
    }

    #[test]
    fn per_segment_stats_are_the_members_own_stats_bit_for_bit() {
        let mut rng = crate::rng::Rng::new(3);
        let x = Matrix::new((0..3 * 5_000).map(|_| rng.next_f64() * 1e3 - 200.0).collect(), 3);
        // Segment 3 of 5 stays empty.
        let labels: Vec<usize> = (0..5_000).map(|_| [0, 1, 2, 4][rng.below(4)]).collect();
        let stats = segment_stats(&x, &labels, 5);
        for (s, features) in stats.iter().enumerate() {
            for (j, got) in features.iter().enumerate() {
                let members = x.iter_rows().zip(&labels).filter(|(_, &l)| l == s).map(|(r, _)| r[j]);
                let want = FeatureStats::of(members);
                if s == 3 {
                    assert_eq!(got.count, 0);
                    assert!(got.mean.is_nan() && want.mean.is_nan());
                } else {
                    assert_eq!(*got, want);
                }
            }
        }
    }
}
