//! Feature scaling, fitted on training data and stored in the model so
//! prediction applies exactly the same transform.

use serde::{Deserialize, Serialize};

use crate::{matrix::Matrix, stats::quantile_sorted};

/// Which scaling the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ScalingKind {
    /// Raw values, as the original tool (and the scikit-learn reference figures) use.
    #[default]
    None,
    /// z-scores with the population standard deviation (scikit-learn's StandardScaler).
    Standard,
    /// Each feature mapped onto [0, 1] (scikit-learn's MinMaxScaler).
    MinMax,
    /// Median removed, divided by the interquartile range (scikit-learn's RobustScaler): a few
    /// extreme customers do not stretch everybody else together.
    Robust,
}

impl ScalingKind {
    pub const ALL: [ScalingKind; 4] =
        [ScalingKind::None, ScalingKind::Standard, ScalingKind::MinMax, ScalingKind::Robust];

    /// The value used in forms and files.
    pub fn key(self) -> &'static str {
        match self {
            ScalingKind::None => "none",
            ScalingKind::Standard => "standard",
            ScalingKind::MinMax => "minmax",
            ScalingKind::Robust => "robust",
        }
    }

    pub fn from_key(key: &str) -> Option<ScalingKind> {
        ScalingKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            ScalingKind::None => "None (raw values)",
            ScalingKind::Standard => "Standardise (z-score)",
            ScalingKind::MinMax => "Min–max to [0, 1]",
            ScalingKind::Robust => "Robust (median, interquartile range)",
        }
    }
}

/// A fitted scaling: model value = (value − offset) / scale, per feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scaler {
    pub kind: ScalingKind,
    pub offset: Vec<f64>,
    pub scale: Vec<f64>,
}

/// The smallest spread treated as variation: dividing by less would blow
/// coordinates up past any useful range (and a model file is checked for it).
pub const MIN_SCALE: f64 = 1e-12;

impl Scaler {
    /// Fits on `x`. A feature that does not vary (its spread below [`MIN_SCALE`]) gets
    /// scale 1, as scikit-learn does for zero spread.
    pub fn fit(kind: ScalingKind, x: &Matrix) -> Scaler {
        let dim = x.dim();
        let (offset, scale) = match kind {
            ScalingKind::None => (vec![0.0; dim], vec![1.0; dim]),
            ScalingKind::Standard => (0..dim)
                .map(|j| {
                    let s = crate::stats::FeatureStats::of(x.column(j));
                    (s.mean, s.std)
                })
                .unzip(),
            ScalingKind::MinMax => (0..dim)
                .map(|j| {
                    let s = crate::stats::FeatureStats::of(x.column(j));
                    (s.min, s.max - s.min)
                })
                .unzip(),
            ScalingKind::Robust => (0..dim)
                .map(|j| {
                    let mut sorted: Vec<f64> = x.column(j).collect();
                    sorted.sort_by(f64::total_cmp);
                    let q = |p| if sorted.is_empty() { 0.0 } else { quantile_sorted(&sorted, p) };
                    (q(0.5), q(0.75) - q(0.25))
                })
                .unzip(),
        };
        let scale = scale.into_iter().map(|s: f64| if s >= MIN_SCALE && s.is_finite() { s } else { 1.0 }).collect();
        Scaler { kind, offset, scale }
    }

    pub fn dim(&self) -> usize {
        self.offset.len()
    }

    pub fn transform_row(&self, row: &[f64]) -> Vec<f64> {
        row.iter().zip(&self.offset).zip(&self.scale).map(|((v, o), s)| (v - o) / s).collect()
    }

    pub fn inverse_row(&self, row: &[f64]) -> Vec<f64> {
        row.iter().zip(&self.offset).zip(&self.scale).map(|((v, o), s)| v * s + o).collect()
    }

    pub fn transform(&self, x: &Matrix) -> Matrix {
        if self.kind == ScalingKind::None {
            return x.clone();
        }
        Matrix::new(x.iter_rows().flat_map(|r| self.transform_row(r)).collect(), x.dim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Matrix {
        Matrix::from_rows(&[vec![1.0, 10.0], vec![3.0, 10.0], vec![5.0, 10.0]])
    }

    #[test]
    fn standard_matches_hand_computation() {
        let s = Scaler::fit(ScalingKind::Standard, &data());
        let t = s.transform(&data());
        let sd = (8.0f64 / 3.0).sqrt();
        assert_eq!(t.row(0)[0], -2.0 / sd);
        assert_eq!(t.row(2)[0], 2.0 / sd);
        assert_eq!(t.column(1).collect::<Vec<_>>(), vec![0.0; 3], "constant feature: scale 1");
    }

    #[test]
    fn minmax_maps_to_unit_interval() {
        let t = Scaler::fit(ScalingKind::MinMax, &data()).transform(&data());
        assert_eq!(t.column(0).collect::<Vec<_>>(), vec![0.0, 0.5, 1.0]);
    }

    #[test]
    fn robust_is_median_and_interquartile_range() {
        // scikit-learn: RobustScaler().fit([[1], [3], [5], [100]]) → center_ 4, scale_ 26.25 (28.75 − 2.5).
        let x = Matrix::from_rows(&[vec![1.0], vec![3.0], vec![5.0], vec![100.0]]);
        let s = Scaler::fit(ScalingKind::Robust, &x);
        assert_eq!((s.offset[0], s.scale[0]), (4.0, 26.25));
    }

    #[test]
    fn round_trips() {
        for kind in ScalingKind::ALL {
            let s = Scaler::fit(kind, &data());
            for r in data().iter_rows() {
                let back = s.inverse_row(&s.transform_row(r));
                assert!(back.iter().zip(r).all(|(a, b)| (a - b).abs() < 1e-12), "{kind:?}");
            }
        }
    }

    #[test]
    fn keys_round_trip() {
        for kind in ScalingKind::ALL {
            assert_eq!(ScalingKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(ScalingKind::from_key("log"), None);
    }
}
