//! The Batch page's file, column mapping and results: kept in the app's state, so a visit to
//! another page leaves them as they were. Results belong to the model that made them: they are
//! shown while that model is the current one (renamed or scored since, perhaps), and never for
//! another.

use std::sync::Arc;

use engine::SegmentModel;
use gloo_file::Blob;
use leptos::prelude::*;

use crate::{
    jobs::Source,
    protocol::{BatchSummary, FileSummary, PageRow},
};

/// A classified file: its summary, the results file the worker wrote, and the model that made
/// them as it was then.
#[derive(Clone)]
pub struct Results {
    pub summary: BatchSummary,
    pub csv: Blob,
    pub model: SegmentModel,
}

impl Results {
    /// Whether these results are `model`'s.
    pub fn of(&self, model: &SegmentModel) -> bool {
        self.model.same_training(model)
    }

    /// Whether the results file was written with `model`'s segment names (not renamed since).
    pub fn named_as(&self, model: &SegmentModel) -> bool {
        self.model.segments.iter().map(|s| &s.label.name).eq(model.segments.iter().map(|s| &s.label.name))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct BatchState {
    /// The file shown and, as it was chosen, its source (a workbook's other sheets are read from it).
    pub file: RwSignal<Option<Arc<FileSummary>>>,
    pub source: StoredValue<Option<Source>, LocalStorage>,
    /// For each model input (numeric features, then categories), the file column it is read from,
    /// and the inputs (by name) it was made for.
    pub mapping: RwSignal<Vec<Option<usize>>>,
    mapped_inputs: StoredValue<Vec<String>>,
    pub needs_mapping: RwSignal<bool>,
    /// While a file is being read, the mapping shown belongs to the file before: no classifying.
    pub loading: RwSignal<bool>,
    pub results: RwSignal<Option<Results>, LocalStorage>,
    /// The page of results shown, and its rows.
    pub page: RwSignal<usize>,
    pub rows: RwSignal<Vec<PageRow>>,
    /// Why the last file or classification was refused; why a results file could not be written.
    pub error: RwSignal<Option<String>>,
    pub file_error: RwSignal<Option<String>>,
    /// Of order lines made into a customer table here: what was read and left out.
    pub orders_note: RwSignal<Option<String>>,
    /// The file's columns the segment lists leave out (none at first: every column is ticked).
    pub list_unticked: RwSignal<Vec<usize>>,
}

impl BatchState {
    pub fn new() -> BatchState {
        BatchState {
            file: RwSignal::new(None),
            source: StoredValue::new_local(None),
            mapping: RwSignal::new(Vec::new()),
            mapped_inputs: StoredValue::new(Vec::new()),
            needs_mapping: RwSignal::new(false),
            loading: RwSignal::new(false),
            results: RwSignal::new_local(None),
            page: RwSignal::new(0),
            rows: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            file_error: RwSignal::new(None),
            orders_note: RwSignal::new(None),
            list_unticked: RwSignal::new(Vec::new()),
        }
    }

    /// A file was read: find the model's inputs in it by name (else the user maps them), and
    /// drop the results of the file before.
    pub fn show_file(self, summary: FileSummary, model: &SegmentModel, source: Option<Source>) {
        self.map_columns(&summary, model);
        self.error.set(None);
        self.orders_note.set(None);
        self.list_unticked.set(Vec::new());
        self.source.set_value(source);
        self.file.set(Some(Arc::new(summary)));
        self.results.set(None);
        self.rows.set(Vec::new());
    }

    /// The current model changed: a mapping made for other inputs is made again for its inputs,
    /// so Classify never reads one model's columns for another.
    pub fn follow(self, model: &SegmentModel) {
        if self.mapped_inputs.with_value(|m| *m != model.inputs()) {
            if let Some(file) = self.file.get_untracked() {
                self.map_columns(&file, model);
            }
        }
    }

    /// Each of `model`'s inputs found in `file` by name, or left for the user to map.
    fn map_columns(self, file: &FileSummary, model: &SegmentModel) {
        let inputs = model.inputs();
        let found = engine::resolve_columns(&inputs, &file.headers);
        self.needs_mapping.set(found.is_err());
        self.mapping.set(found.map_or_else(|_| vec![None; inputs.len()], |cols| cols.into_iter().map(Some).collect()));
        self.mapped_inputs.set_value(inputs);
    }

    /// A page of results arrived.
    pub fn show_page(self, page: usize, rows: Vec<PageRow>) {
        self.page.set(page);
        self.rows.set(rows);
    }

    /// A classification arrived: its results, from the first page.
    pub fn show_results(self, results: Results) {
        self.results.set(Some(results));
        self.file_error.set(None);
        self.page.set(0);
    }
}

impl Default for BatchState {
    fn default() -> Self {
        BatchState::new()
    }
}
