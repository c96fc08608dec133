//! Segmentum's engine: customer CSV in, named k-means segments out.
//!
//! Architecture invariant: no browser and no I/O here. Bytes come in, values
//! come out, and every error is a value with a message a user can act on.

pub mod batch;
pub mod dataset;
pub mod dates;
pub mod error;
pub mod export;
pub mod features;
pub mod format;
pub mod kmeans;
pub mod lexicon;
pub mod matrix;
pub mod metrics;
pub mod model;
pub mod naming;
pub mod pmml;
pub mod predict;
pub mod prep;
pub mod report;
pub mod rfm;
pub mod rng;
pub mod scaling;
pub mod segmentation;
pub mod stability;
pub mod stats;
pub mod sweep;
pub mod text;

pub use dataset::Table;
pub use error::{DataError, FitError, Place};
pub use features::{default_features, looks_like_identifier, resolve_columns, suggest, Role, Suggestion};
pub use kmeans::{KMeans, KMeansParams};
pub use matrix::Matrix;
pub use model::{Classification, ModelError, Segment, SegmentModel};
pub use predict::{predict, predict_many, Prediction};
pub use scaling::{Scaler, ScalingKind};
pub use segmentation::{
    income_spending_columns, model_columns, scaled_features, segment_reading, segment_table, FitSettings, SegmentError,
    Segmentation, TrainRequest, TrainStep,
};
pub use sweep::SweepRequest;
pub use text::header_key;
