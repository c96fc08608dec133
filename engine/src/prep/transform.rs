//! Per-feature transforms for skewed amounts, applied before scaling: the log pulls a long
//! tail in (signed, sign(x)·ln(1 + |x|), so a net refund or any negative amount has a value on
//! the same scale — identical to ln(1 + x) from 0 up, so nothing written before changes), winsorizing clips the extreme 1 % at each end. Fitted on the training rows and kept
//! in the model, so a customer is transformed at prediction exactly as at training.

use serde::{Deserialize, Serialize};

use crate::stats::quantile_sorted;

/// The transform a user chooses for a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransformKind {
    #[default]
    None,
    /// sign(x)·ln(1 + |x|): ln(1 + x) from 0 up, mirrored below 0.
    Log,
    /// Values below the 1st percentile raised to it, above the 99th lowered to it.
    Winsorize,
}

/// Percentiles a winsorized feature is clipped to.
pub const WINSOR_LOW: f64 = 0.01;
pub const WINSOR_HIGH: f64 = 0.99;

impl TransformKind {
    pub const ALL: [TransformKind; 3] = [TransformKind::None, TransformKind::Log, TransformKind::Winsorize];

    pub fn key(self) -> &'static str {
        match self {
            TransformKind::None => "none",
            TransformKind::Log => "log",
            TransformKind::Winsorize => "winsorize",
        }
    }

    pub fn from_key(key: &str) -> Option<TransformKind> {
        TransformKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            TransformKind::None => "None",
            TransformKind::Log => "Log, ln(1 + x) (negatives mirrored)",
            TransformKind::Winsorize => "Winsorize at 1st/99th percentile",
        }
    }

    /// Fits the transform on a feature's training values (`values` in any order).
    pub fn fit(self, values: impl Iterator<Item = f64>) -> Transform {
        match self {
            TransformKind::None => Transform::None,
            TransformKind::Log => Transform::Log,
            TransformKind::Winsorize => {
                let mut sorted: Vec<f64> = values.collect();
                sorted.sort_by(f64::total_cmp);
                Transform::Winsorize {
                    low: quantile_sorted(&sorted, WINSOR_LOW),
                    high: quantile_sorted(&sorted, WINSOR_HIGH),
                }
            }
        }
    }
}

/// A fitted transform, as the model file keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Transform {
    #[default]
    None,
    Log,
    Winsorize {
        low: f64,
        high: f64,
    },
}

impl Transform {
    pub fn kind(self) -> TransformKind {
        match self {
            Transform::None => TransformKind::None,
            Transform::Log => TransformKind::Log,
            Transform::Winsorize { .. } => TransformKind::Winsorize,
        }
    }

    /// The value in the space the scaling sees; every number is in the log's domain.
    #[inline]
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Transform::None => x,
            Transform::Log => x.abs().ln_1p().copysign(x),
            Transform::Winsorize { low, high } => x.clamp(low, high),
        }
    }

    /// A transformed value back in the feature's units (a winsorized one stays clipped).
    pub fn invert(self, y: f64) -> f64 {
        match self {
            Transform::Log => y.abs().exp_m1().copysign(y),
            Transform::None | Transform::Winsorize { .. } => y,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_round_trips_and_winsorize_clips_to_numpy_s_percentiles() {
        for x in [0.0, 0.5, 3.0, 1e6, -0.5, -3.0, -1e6] {
            assert!((Transform::Log.invert(Transform::Log.apply(x)) - x).abs() <= 1e-9 * x.abs().max(1.0));
        }
        // ln(1 + x) from 0 up, as every model before wrote it; mirrored below, so a net refund of
        // 250 sits as far below 0 as a purchase of 250 above.
        assert_eq!(Transform::Log.apply(250.0), 250f64.ln_1p());
        assert_eq!(Transform::Log.apply(-250.0), -Transform::Log.apply(250.0));
        // numpy.percentile([0, 1, …, 100], [1, 99]) = 1, 99; of 1..=10: 1.09, 9.91.
        let t = TransformKind::Winsorize.fit((0..=100).map(f64::from));
        assert_eq!(t, Transform::Winsorize { low: 1.0, high: 99.0 });
        let Transform::Winsorize { low, high } = TransformKind::Winsorize.fit((1..=10).rev().map(f64::from)) else {
            panic!()
        };
        assert!((low - 1.09).abs() < 1e-12 && (high - 9.91).abs() < 1e-12, "{low} {high}");
        assert_eq!(t.apply(-5.0), 1.0);
        assert_eq!(t.apply(500.0), 99.0);
        assert_eq!(t.apply(42.0), 42.0);
    }

    #[test]
    fn keys_round_trip() {
        for k in TransformKind::ALL {
            assert_eq!(TransformKind::from_key(k.key()), Some(k));
        }
    }
}
