//! Row-major feature matrix: one flat `Vec<f64>`, no per-row allocation.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Shape")]
pub struct Matrix {
    values: Vec<f64>,
    dim: usize,
}

/// A matrix as it arrives in a message, before its shape is checked: one that does not hold
/// whole rows is refused when read, never indexed.
#[derive(Deserialize)]
struct Shape {
    values: Vec<f64>,
    dim: usize,
}

impl TryFrom<Shape> for Matrix {
    type Error = String;

    fn try_from(s: Shape) -> Result<Matrix, String> {
        if s.dim == 0 || !s.values.len().is_multiple_of(s.dim) {
            return Err(format!("{} values do not make rows of {}", s.values.len(), s.dim));
        }
        Ok(Matrix { values: s.values, dim: s.dim })
    }
}

impl Matrix {
    /// `values.len()` must be a multiple of `dim` (and `dim` > 0).
    pub fn new(values: Vec<f64>, dim: usize) -> Self {
        assert!(dim > 0 && values.len().is_multiple_of(dim), "matrix shape");
        Self { values, dim }
    }

    pub fn from_rows(rows: &[Vec<f64>]) -> Self {
        let dim = rows.first().map_or(1, Vec::len).max(1);
        Self::new(rows.iter().flatten().copied().collect(), dim)
    }

    pub fn rows(&self) -> usize {
        self.values.len() / self.dim
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn row(&self, i: usize) -> &[f64] {
        &self.values[i * self.dim..(i + 1) * self.dim]
    }

    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        &mut self.values[i * self.dim..(i + 1) * self.dim]
    }

    pub fn iter_rows(&self) -> std::slice::ChunksExact<'_, f64> {
        self.values.chunks_exact(self.dim)
    }

    pub fn values(&self) -> &[f64] {
        &self.values
    }

    pub fn column(&self, j: usize) -> impl Iterator<Item = f64> + Clone + '_ {
        self.iter_rows().map(move |r| r[j])
    }

    /// The rows at `indices`, in that order.
    pub fn select_rows(&self, indices: &[usize]) -> Matrix {
        let mut values = Vec::with_capacity(indices.len() * self.dim);
        for &i in indices {
            values.extend_from_slice(self.row(i));
        }
        Matrix::new(values, self.dim)
    }

    pub fn to_rows(&self) -> Vec<Vec<f64>> {
        self.iter_rows().map(<[f64]>::to_vec).collect()
    }
}

/// At most `count` of the points `x` with their `labels`: all of them, or a seeded uniform sample
/// in row order. The one way customers are sampled for a silhouette or a scatter.
pub fn sample_labelled(x: &Matrix, labels: &[usize], count: usize, seed: u64) -> (Matrix, Vec<usize>) {
    if x.rows() <= count {
        return (x.clone(), labels.to_vec());
    }
    let idx = crate::rng::Rng::new(seed).sample_indices(x.rows(), count);
    (x.select_rows(&idx), idx.iter().map(|&i| labels[i]).collect())
}

/// Squared Euclidean distance.
#[inline]
pub fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// [`squared_distance`] for rows of `D` values, summed in the same order (so to the same bits);
/// `D = 0` takes rows of any length. The k-means loops are compiled for each small `D` (see
/// [`by_dim`]), where the loop unrolls and the bounds are checked once.
#[inline(always)]
pub fn squared_distance_of<const D: usize>(a: &[f64], b: &[f64]) -> f64 {
    if D == 0 {
        return squared_distance(a, b);
    }
    let (a, b) = (&a[..D], &b[..D]);
    let mut total = 0.0;
    for t in 0..D {
        let e = a[t] - b[t];
        total += e * e;
    }
    total
}

/// Calls `$f::<D>($args)` with `D` the row length `$dim` when it is 1 to 4 (most customer
/// tables have 2 to 4 features), else with `D = 0`, the version for any length.
macro_rules! by_dim {
    ($dim:expr, $f:ident($($arg:expr),* $(,)?)) => {
        match $dim {
            1 => $f::<1>($($arg),*),
            2 => $f::<2>($($arg),*),
            3 => $f::<3>($($arg),*),
            4 => $f::<4>($($arg),*),
            _ => $f::<0>($($arg),*),
        }
    };
}
pub(crate) use by_dim;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_matrix_read_from_json_holds_whole_rows() {
        let m: Matrix = serde_json::from_str(r#"{"values":[1,2,3,4],"dim":2}"#).unwrap();
        assert_eq!(m.rows(), 2);
        assert!(serde_json::from_str::<Matrix>(r#"{"values":[1,2,3],"dim":2}"#).is_err());
        assert!(serde_json::from_str::<Matrix>(r#"{"values":[],"dim":0}"#).is_err());
    }
}
