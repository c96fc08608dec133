//! From a table's cells to the coordinates k-means measures, and back: which columns, how
//! missing numbers are filled, how skewed ones are transformed, how categories become
//! coordinates, and the scaling. Fitted on the training rows and kept in the model
//! ([`Encoding`]), so Predict and Batch prepare a customer exactly as training did.
//!
//! Order, per numeric feature: fill a missing value → transform → scale. Then each category's
//! one-hot coordinates, after all numbers.

mod category;
mod missing;
mod read;
mod transform;

pub use category::{
    category_columns, category_key, Category, CATEGORY_WEIGHT, MAX_CATEGORIES, STANDOUT_LIFT, STANDOUT_SHARE,
};
pub use missing::MissingRule;
pub use read::{read_for_model, read_for_training, Extraction, Reading};
pub use transform::{Transform, TransformKind, WINSOR_HIGH, WINSOR_LOW};

use serde::{Deserialize, Serialize};

use crate::{
    matrix::Matrix,
    scaling::{Scaler, ScalingKind},
};

/// What a training asks for besides its numeric columns and their scaling.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Preparation {
    /// Table columns used as categories, in order.
    #[serde(default)]
    pub categories: Vec<usize>,
    /// A transform per numeric column, in their order (missing ones: none).
    #[serde(default)]
    pub transforms: Vec<TransformKind>,
    #[serde(default)]
    pub missing: MissingRule,
}

/// The fitted preparation, as the model file keeps it (its fields sit at the top of the file;
/// a version 1 file has only `features` and `scaling`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Encoding {
    /// The numeric features' headers, in order.
    pub features: Vec<String>,
    /// The scaling of the numeric features, after their transforms.
    pub scaling: Scaler,
    /// One per numeric feature, or none at all (no transforms).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transforms: Vec<Transform>,
    #[serde(default)]
    pub missing: MissingRule,
    /// Per numeric feature, the value a missing cell gets (empty when such customers are left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fill: Vec<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
}

impl Encoding {
    /// Fits transforms and scaling to what training read.
    pub fn fit(reading: &Reading, transforms: &[TransformKind], scaling: ScalingKind) -> Encoding {
        let x = &reading.extraction.matrix;
        let fitted: Vec<Transform> = if transforms.iter().all(|&t| t == TransformKind::None) {
            Vec::new()
        } else {
            (0..x.dim()).map(|j| transforms.get(j).copied().unwrap_or_default().fit(x.column(j))).collect()
        };
        let transformed = apply_transforms(&fitted, x);
        Encoding {
            features: reading.features.clone(),
            scaling: Scaler::fit(scaling, transformed.as_ref().unwrap_or(x)),
            transforms: fitted,
            missing: reading.missing,
            fill: reading.fill.clone(),
            categories: reading.categories.clone(),
        }
    }

    /// Coordinates per customer: one per numeric feature, then one per category value.
    pub fn dim(&self) -> usize {
        self.features.len() + self.categories.iter().map(|c| c.values.len()).sum::<usize>()
    }

    pub fn transform(&self, j: usize) -> Transform {
        self.transforms.get(j).copied().unwrap_or_default()
    }

    /// One customer in model space: `numbers` in original units, `codes` one per category.
    #[inline]
    pub fn encode_into(&self, numbers: &[f64], codes: &[u16], out: &mut [f64]) {
        let n = self.features.len();
        let (offset, scale) = (&self.scaling.offset, &self.scaling.scale);
        if self.transforms.is_empty() {
            for j in 0..n {
                out[j] = (numbers[j] - offset[j]) / scale[j];
            }
        } else {
            for j in 0..n {
                out[j] = (self.transforms[j].apply(numbers[j]) - offset[j]) / scale[j];
            }
        }
        let mut at = n;
        for (category, &code) in self.categories.iter().zip(codes) {
            let values = category.values.len();
            let one_hot = &mut out[at..at + values];
            one_hot.fill(0.0);
            // Codes come from reading with this encoding, so each is one of its values.
            if let Some(own) = one_hot.get_mut(usize::from(code)) {
                *own = category.weight;
            }
            at += values;
        }
    }

    pub fn encode_row(&self, numbers: &[f64], codes: &[u16]) -> Vec<f64> {
        let mut out = vec![0.0; self.dim()];
        self.encode_into(numbers, codes, &mut out);
        out
    }

    /// Every customer read in model space.
    pub fn encode(&self, extraction: &Extraction) -> Matrix {
        let x = &extraction.matrix;
        if self.categories.is_empty() && self.transforms.is_empty() && self.scaling.kind == ScalingKind::None {
            return x.clone();
        }
        let (dim, width) = (self.dim(), self.categories.len());
        let mut values = vec![0.0; x.rows() * dim];
        for (i, (row, out)) in x.iter_rows().zip(values.chunks_exact_mut(dim)).enumerate() {
            self.encode_into(row, &extraction.codes[i * width..(i + 1) * width], out);
        }
        Matrix::new(values, dim)
    }

    /// A point of model space in the numeric features' original units (its categories' part,
    /// after the numbers, is left out).
    pub fn original(&self, point: &[f64]) -> Vec<f64> {
        let numbers = self.scaling.inverse_row(&point[..self.features.len()]);
        numbers.into_iter().enumerate().map(|(j, y)| self.transform(j).invert(y)).collect()
    }
}

/// `x` with each column's transform applied, or `None` when there are none.
fn apply_transforms(transforms: &[Transform], x: &Matrix) -> Option<Matrix> {
    if transforms.is_empty() {
        return None;
    }
    let values = x.iter_rows().flat_map(|r| r.iter().zip(transforms).map(|(&v, t)| t.apply(v))).collect();
    Some(Matrix::new(values, x.dim()))
}
