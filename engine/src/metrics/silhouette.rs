//! The exact mean silhouette in O(n²) time and O(n·k) memory, without an n×n matrix.
//!
//! Each pair of points is measured once: the distance counts towards both points' sums to the
//! other's cluster. Points are grouped by cluster and stored a column per feature, and pairs are
//! taken in tiles small enough to stay in the cache, so the inner loops are straight runs over
//! arrays, taken four `f64` lanes at a time with `wide` (see `Grouped::pair_distances`).

use wide::f64x4;

use crate::matrix::Matrix;

/// Points of the row tile: each is measured against a whole column tile before the next.
const ROW_TILE: usize = 64;
/// Points of the column tile: their coordinates (8 KB a feature), their sums and the scratch
/// distances (8 KB each) stay cached while the 64 points of a row tile are measured against them.
const COLUMN_TILE: usize = 1024;

/// Mean silhouette coefficient. `None` when it is undefined (fewer than 2 clusters in use, or
/// every point its own cluster). A point alone in its cluster scores 0, as in scikit-learn.
pub fn silhouette(x: &Matrix, labels: &[usize], k: usize) -> Option<f64> {
    silhouette_with_progress(x, labels, k, &mut |_| {})
}

/// [`silhouette`], calling `progress` with the share of the work done (0 to 1) as it goes.
pub fn silhouette_with_progress(x: &Matrix, labels: &[usize], k: usize, progress: &mut dyn FnMut(f64)) -> Option<f64> {
    let (_, values) = grouped_values(x, labels, k, progress)?;
    Some(values.iter().sum::<f64>() / x.rows() as f64)
}

/// Each point's silhouette coefficient, in row order; `None` where [`silhouette`] is.
pub fn silhouette_values(x: &Matrix, labels: &[usize], k: usize) -> Option<Vec<f64>> {
    let (grouped, values) = grouped_values(x, labels, k, &mut |_| {})?;
    let mut out = vec![0.0; values.len()];
    for (&row, v) in grouped.rows.iter().zip(values) {
        out[row] = v;
    }
    Some(out)
}

/// Points of each segment kept for the silhouette plot: its sorted coefficients, thinned evenly.
pub const PROFILE_POINTS: usize = 100;

/// A clustering's silhouette as Analytics shows it: the mean (bit for bit [`silhouette`]), each
/// segment's mean, and each segment's coefficients sorted from highest to lowest and thinned to
/// at most [`PROFILE_POINTS`] for a silhouette plot (Rousseeuw 1987; Orange's widget).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SilhouetteReport {
    pub mean: f64,
    /// Each segment's mean coefficient; `None` for an empty segment.
    pub segments: Vec<Option<f64>>,
    pub profile: Vec<Vec<f64>>,
}

/// [`SilhouetteReport`] of `x` under `labels`, calling `progress` as [`silhouette_with_progress`].
pub fn silhouette_report(
    x: &Matrix,
    labels: &[usize],
    k: usize,
    progress: &mut dyn FnMut(f64),
) -> Option<SilhouetteReport> {
    let (grouped, values) = grouped_values(x, labels, k, progress)?;
    let mean = values.iter().sum::<f64>() / x.rows() as f64;
    let mut segments = Vec::with_capacity(k);
    let mut profile = Vec::with_capacity(k);
    for range in &grouped.ranges {
        let own = &values[range.clone()];
        segments.push((!own.is_empty()).then(|| own.iter().sum::<f64>() / own.len() as f64));
        let mut sorted = own.to_vec();
        sorted.sort_by(|a, b| b.total_cmp(a));
        profile.push(thin(&sorted, PROFILE_POINTS));
    }
    Some(SilhouetteReport { mean, segments, profile })
}

/// At most `count` evenly spaced values of `sorted`, keeping both ends.
fn thin(sorted: &[f64], count: usize) -> Vec<f64> {
    if sorted.len() <= count {
        return sorted.to_vec();
    }
    (0..count).map(|i| sorted[(i * (sorted.len() - 1) + (count - 1) / 2) / (count - 1)]).collect()
}

/// The points grouped by cluster and each one's coefficient in that order (0 for a point alone
/// in its cluster, as in scikit-learn).
fn grouped_values(
    x: &Matrix,
    labels: &[usize],
    k: usize,
    progress: &mut dyn FnMut(f64),
) -> Option<(Grouped, Vec<f64>)> {
    let n = x.rows();
    let sizes = super::cluster_sizes(labels, k);
    let used = sizes.iter().filter(|&&s| s > 0).count();
    if used < 2 || used >= n {
        return None;
    }
    let grouped = Grouped::new(x, labels, &sizes);
    let sums = grouped.distance_sums(progress);
    let mut values = vec![0.0; n];
    for (own, range) in grouped.ranges.iter().enumerate() {
        if sizes[own] <= 1 {
            continue;
        }
        for p in range.clone() {
            let a = sums[own][p] / (sizes[own] - 1) as f64;
            let b = (0..k)
                .filter(|&c| c != own && sizes[c] > 0)
                .map(|c| sums[c][p] / sizes[c] as f64)
                .fold(f64::INFINITY, f64::min);
            let denom = a.max(b);
            if denom > 0.0 {
                values[p] = (b - a) / denom;
            }
        }
    }
    Some((grouped, values))
}

/// The points reordered by cluster, one column per feature.
struct Grouped {
    columns: Vec<Vec<f64>>,
    /// Positions of each cluster's points in the reordered columns.
    ranges: Vec<std::ops::Range<usize>>,
    /// Cluster of each reordered point.
    labels: Vec<usize>,
    /// The row of `x` each reordered point came from.
    rows: Vec<usize>,
}

impl Grouped {
    fn new(x: &Matrix, labels: &[usize], sizes: &[usize]) -> Self {
        let mut next: Vec<usize> = sizes
            .iter()
            .scan(0, |start, &s| {
                let here = *start;
                *start += s;
                Some(here)
            })
            .collect();
        let ranges = next.iter().zip(sizes).map(|(&s, &len)| s..s + len).collect();
        let n = x.rows();
        // At least two columns: a single feature gets a column of zeros, which adds exactly nothing.
        let mut columns = vec![vec![0.0; n]; x.dim().max(2)];
        let mut grouped_labels = vec![0; n];
        let mut rows = vec![0; n];
        for (i, (row, &l)) in x.iter_rows().zip(labels).enumerate() {
            let at = next[l];
            next[l] += 1;
            grouped_labels[at] = l;
            rows[at] = i;
            for (column, &v) in columns.iter_mut().zip(row) {
                column[at] = v;
            }
        }
        Self { columns, ranges, labels: grouped_labels, rows }
    }

    /// `sums[c][p]`: the sum of distances from reordered point `p` to the points of cluster `c`.
    fn distance_sums(&self, progress: &mut dyn FnMut(f64)) -> Vec<Vec<f64>> {
        let n = self.labels.len();
        let pairs = |rows: usize| (rows * rows.saturating_sub(1) / 2) as f64;
        let mut sums = vec![vec![0.0; n]; self.ranges.len()];
        let mut squared = [0.0; COLUMN_TILE];
        let mut point = vec![0.0; self.columns.len()];
        for rows in (0..n).step_by(ROW_TILE) {
            let rows = rows..(rows + ROW_TILE).min(n);
            for start in (rows.start + 1..n).step_by(COLUMN_TILE) {
                let tile = start..(start + COLUMN_TILE).min(n);
                for i in rows.clone() {
                    let own = self.labels[i];
                    point.iter_mut().zip(&self.columns).for_each(|(v, column)| *v = column[i]);
                    // Only pairs (i, j) with j > i: each pair once.
                    for (c, range) in self.ranges.iter().enumerate() {
                        let from = tile.start.max(range.start).max(i + 1);
                        let to = tile.end.min(range.end);
                        if from >= to {
                            continue;
                        }
                        let squared = &mut squared[..to - from];
                        let to_i = self.pair_distances(&point, from..to, squared, &mut sums[own][from..to]);
                        sums[c][i] += to_i;
                    }
                }
            }
            // Pairs left are those among the rows after this tile.
            progress(1.0 - pairs(n - rows.end) / pairs(n));
        }
        sums
    }

    /// Distances from `point` to the reordered points `range`: adds each to `back` (their sums to
    /// `point`'s cluster) and returns their total. `squared` is scratch space of the range's length.
    ///
    /// Four lanes at a time, written out with `wide` because the compiler does not vectorise these
    /// loops for wasm by itself. Every lane does IEEE arithmetic in a fixed order, so the result
    /// is the same bits natively and in the browser.
    fn pair_distances(
        &self,
        point: &[f64],
        range: std::ops::Range<usize>,
        squared: &mut [f64],
        back: &mut [f64],
    ) -> f64 {
        // The last two features are added in the pass that takes roots; any before them first,
        // into `squared`. With two features (the usual case) that is a single pass.
        let (head, tail) = point.split_at(point.len() - 2);
        let (a, b) = (tail[0], tail[1]);
        let (ca, cb) = (&self.columns[head.len()][range.clone()], &self.columns[head.len() + 1][range.clone()]);
        if head.is_empty() {
            return finish::<false>(a, b, ca, cb, squared, back);
        }
        squared.fill(0.0);
        for (&v, column) in head.iter().zip(&self.columns) {
            let (column, column_rest) = column[range.clone()].as_chunks::<4>();
            let (s4, s_rest) = squared.as_chunks_mut::<4>();
            let v4 = f64x4::splat(v);
            for (s, &w) in s4.iter_mut().zip(column) {
                let t = v4 - f64x4::new(w);
                *s = (f64x4::new(*s) + t * t).to_array();
            }
            for (s, &w) in s_rest.iter_mut().zip(column_rest) {
                *s += (v - w) * (v - w);
            }
        }
        finish::<true>(a, b, ca, cb, squared, back)
    }
}

/// The pass that takes roots: distance² = `squared` (when `BASE`) + (a − ca)² + (b − cb)².
fn finish<const BASE: bool>(a: f64, b: f64, ca: &[f64], cb: &[f64], squared: &[f64], back: &mut [f64]) -> f64 {
    let (ca4, ca_rest) = ca.as_chunks::<4>();
    let (cb4, cb_rest) = cb.as_chunks::<4>();
    let (s4, s_rest) = squared[..ca.len()].as_chunks::<4>();
    let (back4, back_rest) = back.as_chunks_mut::<4>();
    let (a4, b4) = (f64x4::splat(a), f64x4::splat(b));
    let mut lanes = f64x4::ZERO;
    for (i, (back, (&wa, &wb))) in back4.iter_mut().zip(ca4.iter().zip(cb4)).enumerate() {
        let (ta, tb) = (a4 - f64x4::new(wa), b4 - f64x4::new(wb));
        let sum = if BASE { f64x4::new(s4[i]) + ta * ta + tb * tb } else { ta * ta + tb * tb };
        let d = sum.sqrt();
        lanes += d;
        *back = (f64x4::new(*back) + d).to_array();
    }
    let l = lanes.to_array();
    let mut total = (l[0] + l[1]) + (l[2] + l[3]);
    for (i, (back, (&wa, &wb))) in back_rest.iter_mut().zip(ca_rest.iter().zip(cb_rest)).enumerate() {
        let (ta, tb) = (a - wa, b - wb);
        let sum = if BASE { s_rest[i] + ta * ta + tb * tb } else { ta * ta + tb * tb };
        let d = sum.sqrt();
        total += d;
        *back += d;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_agrees_with_the_mean_and_the_values() {
        let mut rng = crate::rng::Rng::new(8);
        let x = Matrix::new((0..2 * 700).map(|_| rng.next_f64() * 10.0).collect(), 2);
        let labels: Vec<usize> = x.iter_rows().map(|r| usize::from(r[0] > 5.0) + 2 * usize::from(r[1] > 7.0)).collect();
        let report = silhouette_report(&x, &labels, 5, &mut |_| {}).unwrap();
        assert_eq!(report.mean.to_bits(), silhouette(&x, &labels, 5).unwrap().to_bits());
        assert_eq!(report.segments[4], None, "segment 4 is empty");
        let values = silhouette_values(&x, &labels, 5).unwrap();
        for s in 0..4 {
            let own: Vec<f64> = values.iter().zip(&labels).filter(|(_, &l)| l == s).map(|(v, _)| *v).collect();
            let mean = own.iter().sum::<f64>() / own.len() as f64;
            assert!((report.segments[s].unwrap() - mean).abs() < 1e-12);
            let p = &report.profile[s];
            assert!(p.len() <= PROFILE_POINTS && p.windows(2).all(|w| w[0] >= w[1]));
            let (hi, lo) = own.iter().fold((f64::MIN, f64::MAX), |(h, l), &v| (h.max(v), l.min(v)));
            assert_eq!((p[0], p[p.len() - 1]), (hi, lo), "both ends kept");
        }
    }

    #[test]
    fn thinning_keeps_short_lists_and_both_ends() {
        assert_eq!(thin(&[3.0, 2.0, 1.0], 5), vec![3.0, 2.0, 1.0]);
        let long: Vec<f64> = (0..1000).rev().map(f64::from).collect();
        let t = thin(&long, 100);
        assert_eq!((t.len(), t[0], t[99]), (100, 999.0, 0.0));
    }
}
