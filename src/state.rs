//! What the user is working on, shared by every page through context.

use std::sync::Arc;

use engine::{
    default_features, segment_table, DataError, Matrix, SegmentError, SegmentModel, Segmentation, Table, TrainRequest,
};
use leptos::prelude::*;

/// The demo file, embedded at build time so the Overview needs no upload and no request.
pub const DEMO_CSV: &[u8] = include_bytes!("../data/mall_customers_demo.csv");
pub const DEMO_NAME: &str = "Mall customers (demo)";
/// Segments shown for the demo: the five classic mall archetypes.
pub const DEMO_K: usize = 5;

/// A loaded CSV file, with each column's type worked out once.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub name: String,
    pub table: Table,
    /// Whether each column holds numbers (empty cells allowed).
    pub numeric: Vec<bool>,
}

impl Dataset {
    /// A file the user chose, or the sentence to show them when it cannot be used.
    pub fn from_file(name: String, bytes: &[u8]) -> Result<Dataset, String> {
        let read = || -> Result<Dataset, DataError> {
            let table = Table::from_csv_bytes(bytes)?;
            let numeric = table.numeric_columns()?;
            Ok(Dataset { name: name.clone(), table, numeric })
        };
        read().map_err(|e| format!("{name}: {e}"))
    }

    pub fn demo() -> Dataset {
        // The demo is a build-time constant checked by tests (tests/demo_data.rs).
        Dataset::from_file(DEMO_NAME.to_owned(), DEMO_CSV).expect("the embedded demo CSV reads")
    }
}

/// The training points behind a model, when they are in memory (not after a reload or a model upload).
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingData {
    pub points: Matrix,
    pub labels: Vec<usize>,
}

/// The model every page shows, with its training points when available.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub model: SegmentModel,
    pub data: Option<TrainingData>,
}

impl Current {
    pub fn from_segmentation(s: Segmentation) -> Current {
        Current { model: s.model, data: Some(TrainingData { points: s.points, labels: s.labels }) }
    }

    /// A model without its data (restored from the browser or loaded from a file).
    pub fn model_only(model: SegmentModel) -> Current {
        Current { model, data: None }
    }

    /// The demo trained at k = 5 with default settings.
    pub fn demo(dataset: &Dataset, created_at: &str) -> Result<Current, SegmentError> {
        let request = TrainRequest {
            source: dataset.name.clone(),
            created_at: created_at.to_owned(),
            ..TrainRequest::new(default_features(&dataset.table), DEMO_K)
        };
        Ok(Current::from_segmentation(segment_table(&dataset.table, &request)?))
    }
}

/// Shared app state: handed to pages through context.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The data on the Train page.
    pub dataset: RwSignal<Arc<Dataset>>,
    /// The model the Overview, Analytics (and later Predict and Batch) show.
    pub current: RwSignal<Arc<Current>>,
}

pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_trains_five_segments_on_all_rows() {
        let d = Dataset::demo();
        let c = Current::demo(&d, "2026-01-01T00:00:00Z").unwrap();
        assert_eq!(d.table.row_count(), 200);
        assert_eq!(c.model.k(), 5);
        assert_eq!(c.model.segments.iter().map(|s| s.size).sum::<usize>(), 200);
        assert_eq!(c.data.unwrap().points.rows(), 200);
        assert_eq!(c.model.training.source, DEMO_NAME);
    }

    #[test]
    fn a_file_that_cannot_be_used_says_which_and_why() {
        let e = Dataset::from_file("names.csv".into(), b"name,city\nAnn,Paris\n").unwrap_err();
        assert!(e.starts_with("names.csv: No column holds numbers"), "{e}");
        let e = Dataset::from_file("empty.csv".into(), b"").unwrap_err();
        assert!(e.starts_with("empty.csv: The file is empty"), "{e}");
    }
}

/// Shares a large value between signals; equal only when it is the same allocation,
/// so memos skip comparing whole tables.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Arc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
