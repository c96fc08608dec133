//! The customer typed on Predict: kept in the app's state and saved in the browser with the model
//! it was typed for, so another page or a reload leaves it as it was; a new model starts from
//! its own averages and most common values.

use engine::SegmentModel;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One customer's inputs, and the model (by its training time) they were typed for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Customer {
    pub model: String,
    /// Each numeric feature's value, in the model's order.
    pub values: Vec<f64>,
    /// Each category's value, as its index in the model's values.
    pub codes: Vec<u16>,
}

impl Customer {
    /// Where a new model starts: each feature's training mean (rounded to what a person would
    /// type) and each category's most common value.
    pub fn starting(model: &SegmentModel) -> Customer {
        let most = |shares: &[f64]| {
            shares.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0))).map_or(0, |(i, _)| i)
        };
        Customer {
            model: model.training.created_at.clone(),
            values: model.feature_stats.iter().map(|s| (s.mean * 10.0).round() / 10.0).collect(),
            codes: model.encoding.categories.iter().map(|c| most(&c.shares) as u16).collect(),
        }
    }

    /// Whether these inputs fit `model`: typed for it, one value per feature and a known value
    /// per category.
    pub fn fits(&self, model: &SegmentModel) -> bool {
        let categories = &model.encoding.categories;
        self.model == model.training.created_at
            && self.values.len() == model.features().len()
            && self.codes.len() == categories.len()
            && self.codes.iter().zip(categories).all(|(&c, cat)| usize::from(c) < cat.values.len())
    }
}

/// The customer on Predict.
#[derive(Debug, Clone, Copy)]
pub struct PredictInputs {
    pub customer: RwSignal<Customer>,
}

impl PredictInputs {
    /// `saved` when it fits `model`, else where `model` starts.
    pub fn new(model: &SegmentModel, saved: Option<Customer>) -> PredictInputs {
        let customer = saved.filter(|c| c.fits(model)).unwrap_or_else(|| Customer::starting(model));
        PredictInputs { customer: RwSignal::new(customer) }
    }

    /// The model changed: keep the inputs if they were typed for it, else start from its own.
    pub fn follow(self, model: &SegmentModel) {
        if !self.customer.with_untracked(|c| c.fits(model)) {
            self.customer.set(Customer::starting(model));
        }
    }

    pub fn set_value(self, feature: usize, value: f64) {
        self.customer.update(|c| {
            if let Some(slot) = c.values.get_mut(feature) {
                *slot = value;
            }
        });
    }

    pub fn set_code(self, category: usize, code: u16) {
        self.customer.update(|c| {
            if let Some(slot) = c.codes.get_mut(category) {
                *slot = code;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_fit_the_model_they_were_typed_for_only() {
        let model = crate::state::Current::demo("t0").unwrap().model;
        let start = Customer::starting(&model);
        assert!(start.fits(&model));
        assert_eq!(start.values.len(), 2);
        let mut typed = start.clone();
        typed.values[0] = 80.0;
        let owner = Owner::new();
        owner.with(|| {
            let inputs = PredictInputs::new(&model, Some(typed.clone()));
            assert_eq!(inputs.customer.get_untracked(), typed, "restored");
            let mut other = model.clone();
            other.training.created_at = "t1".into();
            inputs.follow(&model);
            assert_eq!(inputs.customer.get_untracked().values[0], 80.0, "the same model keeps them");
            inputs.follow(&other);
            assert_eq!(inputs.customer.get_untracked(), Customer::starting(&other));
        });
    }
}
