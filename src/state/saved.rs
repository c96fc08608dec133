//! What the browser keeps between visits: the current model, the Train settings and the customer
//! on Predict. Each is read back only if it is still valid; anything else is forgotten.

use engine::SegmentModel;
use serde::{de::DeserializeOwned, Serialize};

use super::{Customer, SavedTrain};
use crate::{browser, protocol::FileKey};

const MODEL_KEY: &str = "segmentum.model";
const MODEL_FILE_KEY: &str = "segmentum.model-file";
const TRAIN_KEY: &str = "segmentum.train-settings";
const CUSTOMER_KEY: &str = "segmentum.predict-customer";

/// The model saved by an earlier visit, if it is still valid, and the file it was trained on.
pub fn model() -> Option<(SegmentModel, Option<FileKey>)> {
    let text = browser::stored(MODEL_KEY)?;
    let model = SegmentModel::from_json(&text).ok();
    if model.is_none() {
        browser::forget(MODEL_KEY);
    }
    Some((model?, read(MODEL_FILE_KEY)))
}

pub fn save_model(model: &SegmentModel, file: Option<FileKey>) {
    browser::store(MODEL_KEY, &model.to_json());
    match file {
        Some(file) => write(MODEL_FILE_KEY, &file),
        None => browser::forget(MODEL_FILE_KEY),
    }
}

/// The Train settings saved by an earlier visit (defaults when none are).
pub fn train() -> SavedTrain {
    read(TRAIN_KEY).unwrap_or_default()
}

pub fn save_train(saved: &SavedTrain) {
    write(TRAIN_KEY, saved);
}

/// The customer typed on Predict in an earlier visit.
pub fn customer() -> Option<Customer> {
    read(CUSTOMER_KEY)
}

pub fn save_customer(customer: &Customer) {
    write(CUSTOMER_KEY, customer);
}

fn read<T: DeserializeOwned>(key: &str) -> Option<T> {
    let value = serde_json::from_str(&browser::stored(key)?).ok();
    if value.is_none() {
        browser::forget(key);
    }
    value
}

fn write<T: Serialize>(key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        browser::store(key, &text);
    }
}
