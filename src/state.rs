//! What the user is working on, shared by every page through context.

use std::sync::Arc;

use engine::{default_features, segment_table, SegmentError, SegmentModel, Segmentation, Table, TrainRequest};
use leptos::prelude::*;

use crate::protocol::{FileSummary, Request, ScatterSample};

/// A k sweep's file, request and outcome (the sweep, or why it could not run).
pub type SweepRun = (String, Request, Result<Shared<engine::sweep::Sweep>, String>);

/// The demo file, embedded at build time so the Overview needs no upload and no request.
pub const DEMO_CSV: &[u8] = include_bytes!("../data/mall_customers_demo.csv");
pub const DEMO_NAME: &str = "Mall customers (demo)";
/// Segments shown for the demo: the five classic mall archetypes.
pub const DEMO_K: usize = 5;

/// The demo file as a table (the page and the worker each read it from the binary).
pub fn demo_table() -> Table {
    // The demo is a build-time constant checked by tests (tests/demo_data.rs).
    Table::from_csv_bytes(DEMO_CSV).expect("the embedded demo CSV reads")
}

/// What the Train page shows of the demo before the worker answers.
pub fn demo_summary() -> FileSummary {
    FileSummary::of(DEMO_NAME, &demo_table()).expect("the demo has numbers")
}

/// The model every page shows, with the customers its scatter draws when they are known.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub model: SegmentModel,
    pub data: Option<ScatterSample>,
}

impl Current {
    pub fn from_segmentation(s: Segmentation, seed: u64) -> Current {
        let data = ScatterSample::of(&s.points, &s.labels, seed);
        Current { model: s.model, data: Some(data) }
    }

    /// A model without its data (restored from the browser or loaded from a file).
    pub fn model_only(model: SegmentModel) -> Current {
        Current { model, data: None }
    }

    /// The demo trained at k = 5 with default settings.
    pub fn demo(created_at: &str) -> Result<Current, SegmentError> {
        let table = demo_table();
        let request = TrainRequest {
            source: DEMO_NAME.to_owned(),
            created_at: created_at.to_owned(),
            ..TrainRequest::new(default_features(&table), DEMO_K)
        };
        let seed = request.params.seed;
        Ok(Current::from_segmentation(segment_table(&table, &request)?, seed))
    }
}

/// Shared app state: handed to pages through context.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The file on the Train page (the worker holds its rows).
    pub train_file: RwSignal<Arc<FileSummary>>,
    /// The last k sweep and the request that produced it: kept across pages, shown while it matches the settings.
    pub sweep: RwSignal<Option<SweepRun>>,
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
        let c = Current::demo("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(demo_summary().rows, 200);
        assert_eq!(c.model.k(), 5);
        assert_eq!(c.model.segments.iter().map(|s| s.size).sum::<usize>(), 200);
        assert_eq!(c.data.unwrap().points.rows(), 200);
        assert_eq!(c.model.training.source, DEMO_NAME);
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
