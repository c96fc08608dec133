//! What the user is working on, shared by every page through context: the Train file and its
//! settings, the k sweep, the current model, Batch's file and results, the customer on Predict.
//! Pages hold no state a user would miss: they read these signals and set single ones (a
//! checkbox, a select); a change that must keep several consistent goes through the methods here. Settings and inputs are also saved in the browser (`saved`), so a reload keeps
//! them; files and results are not.

mod batch;
mod export;
mod orders;
mod predict;
pub mod saved;
mod train;

use std::sync::Arc;

use engine::{
    default_features, metrics::SilhouetteReport, model::RenameError, segment_table, stability::StabilityReport,
    SegmentError, SegmentModel, Segmentation, TrainRequest,
};
use gloo_file::Blob;
use leptos::prelude::*;

pub use batch::{BatchState, Results};
pub use export::ExportSettings;
pub use orders::{BuiltTable, OrderFile, OrdersState};
pub use predict::{Customer, PredictInputs};
pub use train::{SavedTrain, SegmentCount, TrainSettings};

use crate::{
    demo::{demo_key, demo_summary, demo_table, DEMO_K, DEMO_NAME},
    jobs::Source,
    protocol::{Borderline, FileKey, FileSummary, ScatterSample},
};

/// A k sweep's file, request and outcome (the sweep, or why it could not run).
pub type SweepRun = (FileKey, engine::sweep::SweepRequest, Result<Shared<engine::sweep::Sweep>, String>);

/// The model every page shows, with the customers its scatter draws when they are known.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub model: SegmentModel,
    /// The drawn customers and the file they came from, when the model was trained here.
    pub data: Option<Shared<ScatterSample>>,
    pub file: Option<FileKey>,
    /// Each segment's sorted silhouette coefficients, thinned, for the silhouette plot.
    pub silhouette_plot: Option<Shared<Vec<Vec<f64>>>>,
}

impl Current {
    pub fn new(model: SegmentModel, data: ScatterSample, file: FileKey) -> Current {
        Current { model, data: Some(Shared::new(data)), file: Some(file), silhouette_plot: None }
    }

    /// A model without its data (restored from the browser or loaded from a file).
    pub fn model_only(model: SegmentModel) -> Current {
        Current { model, data: None, file: None, silhouette_plot: None }
    }

    /// A model kept by an earlier visit, trained on `file`: after a reload the workers hold the
    /// demo alone, so a model trained on it keeps its file (Analytics lists its borderline
    /// customers, Batch calls the demo its training file) and any other model loses it.
    pub fn restored(model: SegmentModel, file: Option<FileKey>) -> Current {
        let file = file.filter(|f| *f == demo_key());
        Current { file, ..Current::model_only(model) }
    }

    fn from_segmentation(s: Segmentation, seed: u64, file: FileKey) -> Current {
        let data = ScatterSample::of(&s.points, &s.labels, seed);
        let silhouette_plot = s.silhouette.map(|r| Shared::new(r.profile));
        Current { model: s.model, data: Some(Shared::new(data)), file: Some(file), silhouette_plot }
    }

    /// The demo trained at k = 5 with default settings.
    pub fn demo(created_at: &str) -> Result<Current, SegmentError> {
        let table = demo_table();
        let request = TrainRequest {
            source: DEMO_NAME.to_owned(),
            created_at: created_at.to_owned(),
            ..TrainRequest::new(default_features(&table), DEMO_K)
        };
        let seed = request.fit.params.seed;
        // Trained on the demo the workers hold from the start, under the same key.
        Ok(Current::from_segmentation(segment_table(&table, &request)?, seed, demo_key()))
    }
}

/// The least certain customers a model places, listed and all of them in a CSV.
#[derive(Clone)]
pub struct FoundBorderline {
    pub model: SegmentModel,
    /// The headers of the file they were found in.
    pub headers: Vec<String>,
    pub found: Borderline,
    pub csv: Blob,
}

/// Shared app state: handed to pages through context.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The file on the Train page (the worker holds its rows).
    pub train_file: RwSignal<Arc<FileSummary>>,
    /// The Train file as it was chosen (a workbook's other sheets are read from it); `None` for the demo.
    pub train_source: StoredValue<Option<Source>, LocalStorage>,
    /// The Train page's settings.
    pub train: TrainSettings,
    /// Order lines chosen on Train, and the customer table built from them.
    pub orders: OrdersState,
    /// The file chosen on Train before a reload, which the reload did not keep (files stay only
    /// while the page is open); loading any file answers it.
    pub file_not_reloaded: RwSignal<Option<String>>,
    /// What the last training said, or why it failed; a new file clears it.
    pub train_outcome: RwSignal<Option<Result<String, String>>>,
    /// Why the second worker could not read the Train file, if it could not.
    pub background_error: RwSignal<Option<String>>,
    /// Why the current model's silhouette or stability could not be measured.
    pub scoring_error: RwSignal<Option<String>>,
    /// The last k sweep and the request that produced it: kept across pages, shown while it matches the settings.
    pub sweep: RwSignal<Option<SweepRun>>,
    /// The file and settings the last sweep was asked for.
    pub sweep_asked: StoredValue<Option<(FileKey, engine::sweep::SweepRequest)>>,
    /// The model the Overview, Analytics, Predict and Batch show.
    pub current: RwSignal<Arc<Current>>,
    /// The Overview's axes: two of the model's features.
    pub axes: RwSignal<(usize, usize)>,
    /// Analytics' borderline customers, for the model that found them.
    pub borderline: RwSignal<Option<FoundBorderline>, LocalStorage>,
    pub batch: BatchState,
    pub predict: PredictInputs,
    /// The export panel's dialect and table.
    pub export: ExportSettings,
}

impl AppState {
    /// The state a visit starts in: `current` (a model kept from an earlier visit, or the demo),
    /// the demo on Train, and the settings and inputs saved by an earlier visit.
    pub fn new(current: Current, train: &SavedTrain, customer: Option<Customer>) -> AppState {
        let file = demo_summary();
        let predict = PredictInputs::new(&current.model, customer);
        AppState {
            train: TrainSettings::new(&file, train),
            train_file: RwSignal::new(Arc::new(file)),
            orders: OrdersState::new(),
            train_source: StoredValue::new_local(None),
            file_not_reloaded: RwSignal::new(train.file.clone()),
            train_outcome: RwSignal::new(None),
            background_error: RwSignal::new(None),
            scoring_error: RwSignal::new(None),
            sweep: RwSignal::new(None),
            sweep_asked: StoredValue::new(None),
            current: RwSignal::new(Arc::new(current)),
            axes: RwSignal::new((0, 1)),
            borderline: RwSignal::new_local(None),
            batch: BatchState::new(),
            predict,
            export: ExportSettings::default(),
        }
    }

    /// A file was read on Train: its columns as chosen for this table before (or its defaults),
    /// and no outcome of a training on another file.
    pub fn load_train_file(self, summary: FileSummary, source: Option<Source>, saved: &SavedTrain) {
        self.train.use_file(&summary, saved);
        self.train_source.set_value(source);
        self.file_not_reloaded.set(None);
        self.train_file.set(Arc::new(summary));
        self.train_outcome.set(None);
        self.background_error.set(None);
    }

    /// Renames segment `id` of the current model, or says why not.
    pub fn rename_segment(self, id: usize, name: &str) -> Result<(), RenameError> {
        self.current.try_update(|c| Arc::make_mut(c).model.rename(id, name)).unwrap_or(Ok(()))
    }

    /// Sets the current model's silhouette (mean, per segment, plot) and the rows it was computed
    /// on, if the current model is still the one trained at `created` and, when
    /// `only_if_missing`, has none yet.
    pub fn set_silhouette(self, created: &str, report: Option<SilhouetteReport>, rows: usize, only_if_missing: bool) {
        let wanted = self.current.with_untracked(|c| {
            let t = &c.model.training;
            t.created_at == created && !(only_if_missing && t.silhouette.is_some())
        });
        if wanted {
            self.current.update(|c| {
                let c = Arc::make_mut(c);
                c.model.training.silhouette = report.as_ref().map(|r| r.mean);
                c.model.training.silhouette_rows = rows;
                for (j, segment) in c.model.segments.iter_mut().enumerate() {
                    segment.silhouette = report.as_ref().and_then(|r| r.segments.get(j).copied().flatten());
                }
                c.silhouette_plot = report.map(|r| Shared::new(r.profile));
            });
        }
    }

    /// Sets each segment's stability, if the current model is still the one trained at `created`.
    pub fn set_stability(self, created: &str, report: &StabilityReport) {
        let stability = &report.segments;
        let wanted = self
            .current
            .with_untracked(|c| c.model.training.created_at == created && c.model.segments.len() == stability.len());
        if wanted {
            self.current.update(|c| {
                let model = &mut Arc::make_mut(c).model;
                model.training.stability_resamples = Some((report.refitted, report.resamples));
                for (segment, &v) in model.segments.iter_mut().zip(stability) {
                    segment.stability = Some(v);
                }
            });
        }
    }

    /// Makes `current` the model every page shows; Predict starts from its averages unless its
    /// inputs were typed for it.
    pub fn show_model(self, current: Current) {
        self.predict.follow(&current.model);
        self.batch.follow(&current.model);
        let n = current.model.features().len();
        self.axes.update(|(x, y)| {
            if *x >= n || *y >= n {
                (*x, *y) = (0, n.min(2) - 1);
            }
        });
        self.current.set(Arc::new(current));
    }
}

pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_trains_five_segments_on_all_rows() {
        let c = Current::demo("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(crate::demo::demo_summary().rows, 200);
        assert_eq!(c.model.k(), 5);
        assert_eq!(c.model.segments.iter().map(|s| s.size).sum::<usize>(), 200);
        assert_eq!(c.data.unwrap().points.rows(), 200);
        assert_eq!(c.model.training.source, DEMO_NAME);
    }

    #[test]
    fn a_restored_model_keeps_its_file_only_if_it_is_the_demo_the_workers_hold() {
        let demo = Current::demo("t0").unwrap();
        let other = FileKey { len: 10, hash: 1 };
        assert_eq!(Current::restored(demo.model.clone(), demo.file).file, Some(demo_key()));
        assert_eq!(Current::restored(demo.model.clone(), Some(other)).file, None);
        assert_eq!(Current::restored(demo.model, None).file, None);
    }

    #[test]
    fn changing_the_model_keeps_the_same_drawn_customers() {
        let owner = Owner::new();
        owner.with(|| {
            let state = AppState::new(Current::demo("t0").unwrap(), &SavedTrain::default(), None);
            let before = state.current.with_untracked(|c| c.data.clone());
            assert_eq!(state.rename_segment(1, "  VIPs "), Ok(()));
            let report =
                |mean| Some(SilhouetteReport { mean, segments: vec![Some(mean); 5], profile: vec![vec![mean]; 5] });
            state.set_silhouette("t0", report(0.5), 200, false);
            state.set_silhouette("t0", report(0.9), 200, true);
            state.set_silhouette("another model", report(0.1), 10, false);
            state.current.with_untracked(|c| {
                assert_eq!(c.model.segments[0].label.name, "VIPs");
                assert_eq!(c.model.training.silhouette, Some(0.5), "only if missing: the first stays");
                assert_eq!(c.model.segments[4].silhouette, Some(0.5));
                assert_eq!(c.silhouette_plot.as_ref().map(|p| p[0].clone()), Some(vec![0.5]));
                assert_eq!(c.data, before, "the same sample, not a copy");
            });
            assert!(state.rename_segment(2, "VIPs").is_err());
        });
    }
}
