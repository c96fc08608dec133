//! The exact mean silhouette in O(n²) time and O(n·k) memory, without an n×n matrix.
//!
//! Each pair of points is measured once: the distance counts towards both points' sums to the
//! other's cluster. Points are grouped by cluster and stored a column per feature, and pairs are
//! taken in tiles small enough to stay in the L1 cache, so the inner loops are straight runs over
//! arrays that the compiler turns into SIMD (two `f64` lanes natively and in wasm `simd128`).

use wide::f64x4;

use crate::matrix::Matrix;

/// Points of the row tile: their running sums are finished before the tile moves on.
const ROW_TILE: usize = 64;
/// Points of the column tile: its coordinates and sums (a few KB) stay cached across a row tile.
const COLUMN_TILE: usize = 1024;

/// Mean silhouette coefficient. `None` when it is undefined (fewer than 2 clusters in use, or
/// every point its own cluster). A point alone in its cluster scores 0, as in scikit-learn.
pub fn silhouette(x: &Matrix, labels: &[usize], k: usize) -> Option<f64> {
    let n = x.rows();
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let used = sizes.iter().filter(|&&s| s > 0).count();
    if used < 2 || used >= n {
        return None;
    }
    let grouped = Grouped::new(x, labels, &sizes);
    let sums = grouped.distance_sums();
    let mut total = 0.0;
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
                total += (b - a) / denom;
            }
        }
    }
    Some(total / n as f64)
}

/// The points reordered by cluster, one column per feature.
struct Grouped {
    columns: Vec<Vec<f64>>,
    /// Positions of each cluster's points in the reordered columns.
    ranges: Vec<std::ops::Range<usize>>,
    /// Cluster of each reordered point.
    labels: Vec<usize>,
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
        let mut columns = vec![vec![0.0; n]; x.dim()];
        let mut grouped_labels = vec![0; n];
        for (row, &l) in x.iter_rows().zip(labels) {
            let at = next[l];
            next[l] += 1;
            grouped_labels[at] = l;
            for (column, &v) in columns.iter_mut().zip(row) {
                column[at] = v;
            }
        }
        Self { columns, ranges, labels: grouped_labels }
    }

    /// `sums[c][p]`: the sum of distances from reordered point `p` to the points of cluster `c`.
    fn distance_sums(&self) -> Vec<Vec<f64>> {
        let n = self.labels.len();
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
        let (&last, first) = point.split_last().expect("at least one feature");
        squared.fill(0.0);
        // All features but the last into `squared`; the last is added in the pass that takes roots.
        for (&v, column) in first.iter().zip(&self.columns) {
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
        let (column, column_rest) = self.columns[point.len() - 1][range].as_chunks::<4>();
        let (s4, s_rest) = squared.as_chunks::<4>();
        let (b4, b_rest) = back.as_chunks_mut::<4>();
        let v4 = f64x4::splat(last);
        let mut lanes = f64x4::ZERO;
        for ((&s, &w), b) in s4.iter().zip(column).zip(b4) {
            let t = v4 - f64x4::new(w);
            let d = (f64x4::new(s) + t * t).sqrt();
            lanes += d;
            *b = (f64x4::new(*b) + d).to_array();
        }
        let l = lanes.to_array();
        let mut total = (l[0] + l[1]) + (l[2] + l[3]);
        for ((&s, &w), b) in s_rest.iter().zip(column_rest).zip(b_rest) {
            let d = (s + (last - w) * (last - w)).sqrt();
            total += d;
            *b += d;
        }
        total
    }
}
