//! k-means clustering with scikit-learn's vocabulary and behaviour.

mod algorithm;
mod init;
mod model;
mod params;

pub(crate) use algorithm::assign_nearest;
pub use algorithm::Assignment;
pub use model::{FitStep, KMeans, START_SAMPLE_ROWS};
pub use params::{KMeansParams, ValidKMeansParams, DEFAULT_N_INIT, DEFAULT_SEED, MAX_CLUSTERS};
