//! The worker: it holds the customer tables and does every heavy step —
//! reading, the k sweep, training, classifying, writing the results file — so
//! the page's thread only renders. `Worker` is plain Rust (tested natively);
//! `run` connects it to the browser's worker scope.

use std::{
    cell::RefCell,
    sync::{Arc, Weak},
};

use engine::{
    batch::{classify_extraction, least_certain, results_csv_in_parts, rows_csv_in_parts, BatchResult, PROGRESS_ROWS},
    kmeans::FitStep,
    prep::{read_for_model, read_for_training, Extraction, Preparation, Reading},
    scaled_features, segment_reading,
    segmentation::exact_silhouette,
    sweep::{sweep, sweep_ks, Sweep},
    KMeansParams, Matrix, SweepRequest, Table, TrainStep,
};

use crate::{
    demo::{DEMO_CSV, DEMO_NAME},
    format,
    protocol::{
        BatchSummary, Borderline, Classified, FileKey, FileSummary, Inspection, PageRow, Progress, Request, Response,
        ScatterSample, Slot, Timings, Trained, BORDERLINE_LISTED,
    },
};

/// A file the worker has read.
struct Loaded {
    name: String,
    /// The sheet asked for, of a workbook.
    sheet: Option<String>,
    table: Table,
    /// The same file loaded on both pages is read once.
    key: FileKey,
}

/// A model's inputs read from a file: the reading it was trained on, or a reading of its own.
enum Inputs {
    Fitted(Arc<Reading>),
    Read(Extraction),
}

impl Inputs {
    fn extraction(&self) -> &Extraction {
        match self {
            Inputs::Fitted(reading) => &reading.extraction,
            Inputs::Read(extraction) => extraction,
        }
    }
}

/// A file's features as training reads them.
struct Extracted {
    file: Weak<Loaded>,
    columns: Vec<usize>,
    prep: Preparation,
    reading: Arc<Reading>,
}

/// The worker's tables and last results.
pub struct Worker {
    train: Option<Arc<Loaded>>,
    batch: Option<Arc<Loaded>>,
    results: Option<(Arc<Loaded>, BatchResult)>,
    /// The last features read for training, and from which file: checking rows, training and
    /// classifying the same file read its cells once.
    extracted: RefCell<Option<Extracted>>,
    /// Milliseconds from some fixed start.
    clock: fn() -> f64,
}

/// Where a request's progress goes.
pub type Report<'a> = &'a mut dyn FnMut(Progress);
/// Where the parts of a results file go, in order.
pub type Parts<'a> = &'a mut dyn FnMut(&[u8]);

/// Rounds of [`Worker::warm_up`]: enough for V8 to optimise the paths a big file takes.
const WARM_UP_ROUNDS: usize = 25;

/// Bytes of results file written before they are handed on: wasm memory stays small.
const PART_BYTES: usize = 4 << 20;

impl Worker {
    pub fn new(clock: fn() -> f64) -> Worker {
        Worker { train: None, batch: None, results: None, extracted: RefCell::new(None), clock }
    }

    /// Handles one request: its answer, or why there is none. Progress goes to `report` and a
    /// file the answer comes with (a results file, model-space points) to `parts`.
    pub fn handle(
        &mut self,
        request: Request,
        bytes: Option<Vec<u8>>,
        report: Report,
        parts: Parts,
    ) -> Result<Response, String> {
        match request {
            Request::Load { slot, name, demo, sheet } => {
                let bytes = if demo { DEMO_CSV.to_vec() } else { bytes.unwrap_or_default() };
                let name = if demo { DEMO_NAME.to_owned() } else { name };
                self.load(slot, name, sheet, &bytes, report).map(|s| Response::Loaded(Box::new(s)))
            }
            Request::UseTrainFile => self.use_train_file(),
            Request::Inspect { features, prep } => self.inspect(&features, &prep),
            Request::Sweep { request, only } => self.sweep(&request, only, report),
            Request::ModelSpace { request } => self.send_model_space(&request, parts),
            Request::SweepPoints { dim, ks, params } => points_from_bytes(&bytes.unwrap_or_default(), dim)
                .and_then(|x| sweep_share(&x, &ks, params, report))
                .map(Response::Swept),
            Request::Train { request } => self.train(&request, report),
            Request::Classify { model, columns } => self.classify(&model, &columns, report, parts),
            Request::Page { start, len } => self.page(start, len),
            Request::ResultsXlsx { model } => self.results_xlsx(&model, report, parts),
            Request::Silhouette { points, labels, k } => {
                report(progress("Scoring the model".into(), 0.0, 1.0));
                Ok(Response::Scored(engine::metrics::silhouette_report(&points, &labels, k, &mut |_| {})))
            }
            Request::ExactSilhouette { model, file } => self.exact_silhouette(&model, file, report),
            Request::Borderline { model, file } => self.borderline(&model, file, report, parts),
            Request::Stability { points, labels, k, params } => {
                let total = engine::stability::BOOTSTRAPS as f64;
                engine::stability::segment_stability(&points, &labels, k, &params, |done| {
                    report(progress(format!("refit {done} of {total}"), done as f64, total));
                })
                .map(Response::Stable)
                .map_err(|e| e.to_string())
            }
        }
    }

    fn load(
        &mut self,
        slot: Slot,
        name: String,
        sheet: Option<String>,
        bytes: &[u8],
        report: Report,
    ) -> Result<FileSummary, String> {
        report(progress(format!("Reading {name}"), 0.0, 1.0));
        let mut timer = Timer::new(self.clock);
        let key = FileKey { len: bytes.len(), hash: fnv1a(bytes) };
        timer.lap("hash");
        let same = [&self.train, &self.batch]
            .into_iter()
            .flatten()
            .find(|l| l.key == key && l.name == name && l.sheet == sheet)
            .cloned();
        let loaded = match same {
            Some(l) => l,
            None => {
                // A new file: the numbers read from an old one would only hold memory.
                *self.extracted.borrow_mut() = None;
                let table = Table::from_file_bytes(bytes, sheet.as_deref()).map_err(|e| format!("{name}: {e}"))?;
                Arc::new(Loaded { name, sheet, table, key })
            }
        };
        timer.lap("parse");
        let mut summary = FileSummary::of(&loaded.name, &loaded.table)?;
        timer.lap("column types and preview");
        summary.timings = timer.laps;
        match slot {
            Slot::Train => self.train = Some(loaded),
            Slot::Batch => {
                self.batch = Some(loaded);
                self.results = None;
            }
        }
        Ok(summary)
    }

    /// Runs a file's whole journey — read, train, classify, write — on the demo, a few times.
    ///
    /// V8 runs WebAssembly in a baseline tier first and moves a function to optimised code only
    /// for its next call, once it has been busy: the single long call that reads a million-row
    /// file would otherwise run unoptimised from start to end, about twice as slow. Run before
    /// the worker says it is ready, this costs some tens of milliseconds of an idle core.
    /// Returns the rounds that went all the way.
    pub fn warm_up(clock: fn() -> f64) -> usize {
        let (report, parts) = (&mut |_| {}, &mut |_: &[u8]| {});
        let mut done = 0;
        for _ in 0..WARM_UP_ROUNDS {
            let mut w = Worker::new(clock);
            let Ok(summary) = w.load(Slot::Train, DEMO_NAME.into(), None, DEMO_CSV, report) else { break };
            let mut request = engine::TrainRequest::new(summary.default_features.clone(), 5);
            request.fit.params.n_init = 2;
            let Ok(Response::Trained(trained)) = w.train(&request, report) else { break };
            let classified =
                w.use_train_file().and_then(|_| w.classify(&trained.model, &summary.default_features, report, parts));
            if classified.is_err() {
                break;
            }
            done += 1;
        }
        done
    }

    /// The Train file becomes the Batch file too: classify the customers you trained on without reading them again.
    fn use_train_file(&mut self) -> Result<Response, String> {
        let loaded = self.table(Slot::Train)?.clone();
        let summary = FileSummary::of(&loaded.name, &loaded.table)?;
        self.batch = Some(loaded);
        self.results = None;
        Ok(Response::Loaded(Box::new(summary)))
    }

    fn table(&self, slot: Slot) -> Result<&Arc<Loaded>, String> {
        let loaded = match slot {
            Slot::Train => &self.train,
            Slot::Batch => &self.batch,
        };
        loaded.as_ref().ok_or_else(|| "Load a file first.".to_owned())
    }

    /// `columns` and `prep`'s categories of `loaded` read for training, from the last reading
    /// when it was the same; an error when a column is not in the file (a request about the
    /// file loaded before).
    fn read(&self, loaded: &Arc<Loaded>, columns: &[usize], prep: &Preparation) -> Result<Arc<Reading>, String> {
        check_columns(loaded, columns.iter().chain(&prep.categories))?;
        let mut cache = self.extracted.borrow_mut();
        let same = |e: &&Extracted| e.file.as_ptr() == Arc::as_ptr(loaded) && e.columns == columns && e.prep == *prep;
        if let Some(e) = cache.as_ref().filter(same) {
            return Ok(e.reading.clone());
        }
        // Dropped first, so two readings of a big file are never held at once.
        *cache = None;
        let reading = Arc::new(read_for_training(&loaded.table, columns, prep).map_err(|e| e.to_string())?);
        *cache = Some(Extracted {
            file: Arc::downgrade(loaded),
            columns: columns.to_vec(),
            prep: prep.clone(),
            reading: reading.clone(),
        });
        Ok(reading)
    }

    /// `model`'s inputs read from `columns` of `loaded`: the training reading when the model was
    /// fitted on it (not copied), else a new one.
    fn read_inputs(
        &self,
        loaded: &Arc<Loaded>,
        model: &engine::SegmentModel,
        columns: &[usize],
    ) -> Result<Inputs, String> {
        check_columns(loaded, columns.iter())?;
        let cache = self.extracted.borrow();
        let fitted = cache.as_ref().filter(|e| e.file.as_ptr() == Arc::as_ptr(loaded));
        if let Some(e) = fitted.filter(|e| e.reading.serves(columns, &model.encoding)) {
            return Ok(Inputs::Fitted(e.reading.clone()));
        }
        let (numbers, categories) = columns.split_at(model.features().len().min(columns.len()));
        Ok(Inputs::Read(read_for_model(&loaded.table, numbers, categories, &model.encoding)))
    }

    fn inspect(&self, features: &[usize], prep: &Preparation) -> Result<Response, String> {
        let reading = self.read(self.table(Slot::Train)?, features, prep)?;
        let ex = &reading.extraction;
        let first = ex.skipped.iter().take(5).map(ToString::to_string).collect();
        // A filled cell's advice is to fill it, which is done: its finding alone.
        let first_filled = ex.filled.iter().take(5).map(engine::DataError::finding).collect();
        Ok(Response::Inspected(Inspection {
            skipped: ex.skipped.len(),
            first,
            filled: ex.filled.len(),
            first_filled,
            negative: (0..features.len()).map(|j| reading.has_negative(j)).collect(),
        }))
    }

    /// The Train table's features as `request` prepares them, or why there is nothing to sweep.
    fn model_space(&self, request: &SweepRequest) -> Result<Matrix, String> {
        let fit = &request.fit;
        let reading = self.read(self.table(Slot::Train)?, &fit.columns, &fit.prep)?;
        scaled_features(&reading, &fit.prep.transforms, fit.scaling).map(|(_, x)| x).map_err(|e| e.to_string())
    }

    /// The whole sweep, or `only` some of its k: one share of a sweep split between the workers.
    fn sweep(&self, request: &SweepRequest, only: Option<Vec<usize>>, report: Report) -> Result<Response, String> {
        let x = self.model_space(request)?;
        let sweep = match only {
            Some(share) => sweep_share(&x, &share, request.fit.params, report)?,
            None => {
                let (mut done, total, top) = (0, request.k_to.saturating_sub(request.k_from) + 1, request.k_to);
                sweep(&x, request, |k| {
                    report(progress(format!("Sweeping k = {k} of {top}"), done as f64, total as f64));
                    done += 1;
                })
                .map_err(|e| e.to_string())?
            }
        };
        Ok(Response::Swept(sweep))
    }

    /// The scaled features, as bytes through `parts` (in 4 MB pieces).
    fn send_model_space(&self, request: &SweepRequest, parts: Parts) -> Result<Response, String> {
        let x = self.model_space(request)?;
        let mut bytes = Vec::with_capacity(PART_BYTES.min(x.values().len() * 8));
        for chunk in x.values().chunks(PART_BYTES / 8) {
            bytes.clear();
            bytes.extend(chunk.iter().flat_map(|v| v.to_le_bytes()));
            parts(&bytes);
        }
        Ok(Response::ModelSpace { dim: x.dim() })
    }

    /// Trains without the silhouette, which the page has scored by a second worker meanwhile.
    fn train(&self, request: &engine::TrainRequest, report: Report) -> Result<Response, String> {
        let request = &engine::TrainRequest { silhouette: false, ..request.clone() };
        let loaded = self.table(Slot::Train)?;
        let mut timer = Timer::new(self.clock);
        let rows = format::thousands(loaded.table.row_count());
        report(progress(format!("Training on {rows} rows"), 0.0, 1.0));
        let mut refined = false;
        let reading = (*self.read(loaded, &request.fit.columns, &request.fit.prep)?).clone();
        let s = segment_reading(reading, request, &mut |step| match step {
            TrainStep::Fit(FitStep::Start { done, total }) => {
                if done == 1 {
                    timer.lap("extract and scale features");
                }
                report(progress(format!("Training: start {done} of {total}"), done as f64, total as f64 + 1.0));
            }
            TrainStep::Fit(FitStep::Refining { rows }) => {
                refined = true;
                timer.lap(STARTS);
                let rows = format::thousands(rows);
                report(progress(format!("Training: refining on all {rows} rows"), 1.0, 1.0));
            }
            TrainStep::Scoring if refined => timer.lap(REFINE),
            TrainStep::Scoring => timer.lap(STARTS),
        })
        .map_err(|e| e.to_string())?;
        let sample = ScatterSample::of(&s.points, &s.labels, request.fit.params.seed);

        timer.lap("statistics, names and samples");
        let trained = Trained {
            model: s.model,
            sample,
            silhouette_sample: s.silhouette_sample,
            file: loaded.key,
            timings: timer.laps,
        };
        Ok(Response::Trained(Box::new(trained)))
    }

    /// Scores `model` on every row of the Train table, which must be `file`, the one it was trained on.
    fn exact_silhouette(
        &self,
        model: &engine::SegmentModel,
        file: FileKey,
        report: Report,
    ) -> Result<Response, String> {
        let loaded = self.table(Slot::Train)?;
        let changed =
            || "The training file has changed since this model was trained; train again to score it.".to_owned();
        if loaded.key != file {
            return Err(changed());
        }
        let mut shown = None;
        let (report, rows) = exact_silhouette(model, &loaded.table, &mut |done| {
            // A message per percent: enough for the bar, few enough not to slow the job.
            let percent = (done * 100.0).floor() as u32;
            if shown != Some(percent) {
                shown = Some(percent);
                report(progress(format!("{percent}% of the pairs measured"), done, 1.0));
            }
        })
        .map_err(|_| changed())?;
        if rows != model.training.rows_used {
            return Err(changed());
        }
        Ok(Response::Scored(report))
    }

    /// The Train table's least certain customers under `model` (trained on it: `file`).
    fn borderline(
        &self,
        model: &engine::SegmentModel,
        file: FileKey,
        report: Report,
        parts: Parts,
    ) -> Result<Response, String> {
        let loaded = self.table(Slot::Train)?;
        if loaded.key != file {
            return Err("The training file has changed since this model was trained; train again to find its borderline customers.".into());
        }
        let (numbers, categories) =
            engine::model_columns(model, loaded.table.headers()).map_err(|missing| missing.join(", "))?;
        let columns = [numbers, categories].concat();
        report(progress("Finding the least certain customers".into(), 0.0, 1.0));
        let n = loaded.table.row_count();
        let result = classify_extraction(model, self.read_inputs(loaded, model, &columns)?.extraction(), n, |_| {});
        let rows = least_certain(&result, engine::predict::BORDERLINE);
        rows_csv_in_parts(model, &loaded.table, &result, rows.iter().copied(), PART_BYTES, parts);
        let t = &loaded.table;
        let listed = rows.iter().take(BORDERLINE_LISTED).map(|&i| page_row(t, &result, i)).collect();
        Ok(Response::Borderline(Borderline { rows: listed, total: rows.len(), rows_classified: result.classified() }))
    }

    fn classify(
        &mut self,
        model: &engine::SegmentModel,
        columns: &[usize],
        report: Report,
        parts: Parts,
    ) -> Result<Response, String> {
        let loaded = self.table(Slot::Batch)?.clone();
        let mut timer = Timer::new(self.clock);
        let n = loaded.table.row_count();
        let total = format::thousands(n);
        report(progress(format!("Classifying 0 / {total}"), 0.0, n as f64));
        let inputs = self.read_inputs(&loaded, model, columns)?;
        let result = classify_extraction(model, inputs.extraction(), n, |done| {
            if done % PROGRESS_ROWS == 0 || done == n {
                let phase = format!("Classifying {} / {total}", format::thousands(done));
                report(progress(phase, done as f64, n as f64));
            }
        });
        let filled = &inputs.extraction().filled;
        timer.lap("classify");
        report(progress("Writing the results file".into(), n as f64, n as f64));
        results_csv_in_parts(model, &loaded.table, &result, PART_BYTES, parts);
        timer.lap("write CSV");
        let summary = BatchSummary {
            name: loaded.name.clone(),
            rows: n,
            classified: result.classified(),
            counts: result.counts(model.k()),
            first_error: result.errors.first().map(|(_, e)| e.to_string()),
            filled: filled.len(),
            first_filled: filled.first().map(engine::DataError::finding),
        };
        self.results = Some((loaded, result));
        Ok(Response::Classified(Classified { summary, timings: timer.laps }))
    }

    fn results_xlsx(&self, model: &engine::SegmentModel, report: Report, parts: Parts) -> Result<Response, String> {
        let (loaded, result) = self.results.as_ref().ok_or("Classify a file first.")?;
        report(progress("Writing the workbook".into(), 0.0, 1.0));
        let bytes = engine::batch::results_xlsx(model, &loaded.table, result).map_err(|e| e.to_string())?;
        parts(&bytes);
        Ok(Response::ResultsXlsx)
    }

    fn page(&self, start: usize, len: usize) -> Result<Response, String> {
        let (loaded, result) = self.results.as_ref().ok_or("Classify a file first.")?;
        let t = &loaded.table;
        let rows = (start..(start + len).min(t.row_count())).map(|i| page_row(t, result, i)).collect();
        Ok(Response::Page(rows))
    }
}

/// An error when a requested column is not in the file (a request about the file loaded before).
fn check_columns<'a>(loaded: &Loaded, mut columns: impl Iterator<Item = &'a usize>) -> Result<(), String> {
    let width = loaded.table.headers().len();
    match columns.find(|&&c| c >= width) {
        Some(&col) => Err(format!(
            "{} has {width} columns, so column {} cannot be read. Choose the features again.",
            loaded.name,
            col + 1
        )),
        None => Ok(()),
    }
}

/// Row `i` of `table` as the page shows it, with its result from `result`.
fn page_row(table: &Table, result: &BatchResult, i: usize) -> PageRow {
    PageRow {
        line: table.line(i),
        cells: table.row(i).into_iter().map(format::cell).collect(),
        result: result.get(i).map(|r| (r.segment, r.distance, r.confidence)).map_err(ToString::to_string),
    }
}

/// One share of a sweep: these k, ascending.
fn sweep_share(x: &Matrix, ks: &[usize], params: KMeansParams, report: Report) -> Result<Sweep, String> {
    let mut done = 0;
    let result = sweep_ks(x, ks, params, |k| {
        report(progress(format!("Sweeping k = {k}"), done as f64, ks.len() as f64));
        done += 1;
    });
    result.map_err(|e| e.to_string())
}

/// Model-space points from the bytes `ModelSpace` wrote.
fn points_from_bytes(bytes: &[u8], dim: usize) -> Result<Matrix, String> {
    let (values, rest) = bytes.as_chunks::<8>();
    if dim == 0 || !rest.is_empty() || !values.len().is_multiple_of(dim) || values.is_empty() {
        return Err("The points to sweep did not arrive whole; compare k again.".into());
    }
    Ok(Matrix::new(values.iter().map(|b| f64::from_le_bytes(*b)).collect(), dim))
}

/// Timing names of training's two k-means phases (the benchmark reads them).
pub const STARTS: &str = "k-means++ starts and their Lloyd runs (on a 5,000-row sample above that)";
pub const REFINE: &str = "Lloyd iterations on all rows from the best start";

fn progress(phase: String, done: f64, total: f64) -> Progress {
    Progress { phase, done, total }
}

/// Named laps of a job, in milliseconds.
struct Timer {
    clock: fn() -> f64,
    last: f64,
    laps: Timings,
}

impl Timer {
    fn new(clock: fn() -> f64) -> Timer {
        Timer { clock, last: clock(), laps: Vec::new() }
    }

    fn lap(&mut self, name: &str) {
        let now = (self.clock)();
        self.laps.push((name.to_owned(), now - self.last));
        self.last = now;
    }
}

/// FNV-1a over 8-byte words: enough to tell whether two loads are the same file, at memory speed.
fn fnv1a(bytes: &[u8]) -> u64 {
    let (blocks, tail) = bytes.as_chunks::<8>();
    // In pieces, so V8 optimises the loop after the first few (it optimises a wasm function for
    // its next call); the value is the same as one pass.
    let h = blocks.chunks(8192).fold(0xcbf2_9ce4_8422_2325, fnv1a_words);
    let tail = tail.iter().fold(0u64, |w, &b| (w << 8) | u64::from(b));
    fnv1a_step(h, tail)
}

#[inline(never)]
fn fnv1a_words(h: u64, words: &[[u8; 8]]) -> u64 {
    words.iter().fold(h, |h, w| fnv1a_step(h, u64::from_le_bytes(*w)))
}

fn fnv1a_step(h: u64, word: u64) -> u64 {
    (h ^ word).wrapping_mul(0x100_0000_01b3)
}

/// Connects a [`Worker`] to the browser: one JSON message in, JSON replies out,
/// file bytes arriving as a transferred ArrayBuffer and results leaving as a Blob.
#[cfg(target_arch = "wasm32")]
pub fn run() {
    use wasm_bindgen::{prelude::*, JsCast};

    use crate::protocol::Reply;

    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    fn now() -> f64 {
        js_sys::global().unchecked_into::<web_sys::WorkerGlobalScope>().performance().map_or(0.0, |p| p.now())
    }
    let _ = Worker::warm_up(now);
    let mut worker = Worker::new(now);
    fn post(scope: &web_sys::DedicatedWorkerGlobalScope, reply: &Reply, blob: Option<web_sys::Blob>) {
        let message = js_sys::Object::new();
        let json = serde_json::to_string(reply).unwrap_or_default();
        let _ = js_sys::Reflect::set(&message, &"json".into(), &json.into());
        if let Some(blob) = blob {
            let _ = js_sys::Reflect::set(&message, &"blob".into(), &blob);
        }
        let _ = scope.post_message(&message);
    }
    let post_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let data = e.data();
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
        let Some(envelope) = field("json")
            .and_then(|j| j.as_string())
            .and_then(|j| serde_json::from_str::<crate::protocol::Envelope<Request>>(&j).ok())
        else {
            return;
        };
        let bytes = field("bytes")
            .filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>())
            .map(|b| js_sys::Uint8Array::new(&b).to_vec());
        let job = envelope.job;
        let blobs = js_sys::Array::new();
        let answer = worker.handle(
            envelope.body,
            bytes,
            &mut |progress| post(&post_scope, &Reply::Progress { job, progress }, None),
            &mut |part| {
                // SAFETY: the view is read by the Blob constructor right here, before any
                // allocation could move wasm memory; each part is copied once, into the Blob.
                let view = unsafe { js_sys::Uint8Array::view(part) };
                if let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&view)) {
                    blobs.push(&blob);
                }
            },
        );
        // The parts are joined by reference, not copied again.
        let kind = match answer {
            Ok(Response::Classified(_) | Response::Borderline(_)) => "text/csv;charset=utf-8",
            Ok(Response::ResultsXlsx) => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ => "application/octet-stream",
        };
        let blob = (blobs.length() > 0)
            .then(|| {
                let options = web_sys::BlobPropertyBag::new();
                options.set_type(kind);
                web_sys::Blob::new_with_blob_sequence_and_options(&blobs, &options).ok()
            })
            .flatten();
        post(&post_scope, &Reply::Done { job, answer }, blob);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this are lost: the page waits for it.
    post(&scope, &Reply::Ready, None);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> f64 {
        0.0
    }

    /// The answer, the progress reported on the way, and the file written, if any.
    struct Ran {
        answer: Result<Response, String>,
        progress: Vec<Progress>,
        file: Option<Vec<u8>>,
    }

    fn run(w: &mut Worker, request: Request, bytes: Option<&[u8]>) -> Ran {
        let (mut progress, mut file) = (Vec::new(), Vec::new());
        let answer =
            w.handle(request, bytes.map(<[u8]>::to_vec), &mut |p| progress.push(p), &mut |p| file.extend_from_slice(p));
        Ran { answer, progress, file: (!file.is_empty()).then_some(file) }
    }

    fn demo_load() -> Request {
        Request::Load { slot: Slot::Train, name: String::new(), demo: true, sheet: None }
    }

    #[test]
    fn demo_loads_trains_classifies_and_pages() {
        let mut w = Worker::new(clock);
        let Ok(Response::Loaded(summary)) = run(&mut w, demo_load(), None).answer else { panic!("not loaded") };
        assert_eq!((summary.name.as_str(), summary.rows), (DEMO_NAME, 200));
        let request = engine::TrainRequest::new(summary.default_features.clone(), 5);
        let ran = run(&mut w, Request::Train { request }, None);
        assert!(ran.progress.iter().any(|p| p.phase == "Training: start 20 of 20"));
        let Ok(Response::Trained(trained)) = ran.answer else { panic!("not trained") };
        let Trained { model, sample, silhouette_sample: (points, labels), file, timings } = *trained;
        assert_eq!((sample.total, sample.points.rows(), timings.len()), (200, 200, 3));
        assert_eq!(file, FileKey { len: DEMO_CSV.len(), hash: fnv1a(DEMO_CSV) });
        let scored = run(&mut w, Request::Silhouette { points, labels, k: 5 }, None).answer;
        let reference = engine::segment_table(&crate::demo::demo_table(), &engine::TrainRequest::new(vec![3, 4], 5));
        let Ok(Response::Scored(Some(report))) = scored else { panic!("not scored") };
        let reference = reference.unwrap().model;
        assert_eq!(Some(report.mean), reference.training.silhouette);
        assert_eq!(report.segments, reference.segments.iter().map(|s| s.silhouette).collect::<Vec<_>>());
        assert_eq!(timings[1].0, STARTS);
        run(
            &mut w,
            Request::Load { slot: Slot::Batch, name: "b.csv".into(), demo: false, sheet: None },
            Some(DEMO_CSV),
        );
        let ran = run(&mut w, Request::Classify { model: Box::new(model), columns: summary.default_features }, None);
        let Ok(Response::Classified(Classified { summary, .. })) = ran.answer else { panic!("not classified") };
        assert_eq!((summary.rows, summary.classified), (200, 200));
        assert_eq!(ran.file.unwrap().iter().filter(|&&b| b == b'\n').count(), 201);
        let Ok(Response::Page(rows)) = run(&mut w, Request::Page { start: 190, len: 25 }, None).answer else {
            panic!("no page")
        };
        assert_eq!((rows.len(), rows[0].line), (10, 192));
    }

    #[test]
    fn filled_cells_are_told_without_the_advice_to_fill_them() {
        let mut w = Worker::new(clock);
        let file = b"income,spending\n1,2\n,4\n5,NA\n7,8\n".as_slice();
        let load = |slot| Request::Load { slot, name: "gaps.csv".into(), demo: false, sheet: None };
        run(&mut w, load(Slot::Train), Some(file));
        let prep = Preparation { missing: engine::prep::MissingRule::Mean, ..Preparation::default() };
        let inspected = run(&mut w, Request::Inspect { features: vec![0, 1], prep: prep.clone() }, None).answer;
        let Ok(Response::Inspected(i)) = inspected else { panic!("not inspected") };
        assert_eq!(i.filled, 2);
        assert_eq!(
            i.first_filled,
            ["Line 3, column \"income\" is empty.", "Line 4, column \"spending\": \"NA\" marks a missing value."]
        );
        let request =
            engine::TrainRequest::from(engine::FitSettings { prep, ..engine::FitSettings::new(vec![0, 1], 2) });
        let Ok(Response::Trained(trained)) = run(&mut w, Request::Train { request }, None).answer else {
            panic!("not trained")
        };
        run(&mut w, load(Slot::Batch), Some(file));
        let ran = run(&mut w, Request::Classify { model: Box::new(trained.model), columns: vec![0, 1] }, None);
        let Ok(Response::Classified(Classified { summary, .. })) = ran.answer else { panic!("not classified") };
        assert_eq!(summary.filled, 2);
        assert_eq!(summary.first_filled.as_deref(), Some("Line 3, column \"income\" is empty."));
    }

    #[test]
    fn categories_are_offered_trained_and_classified_reading_the_training_file_once() {
        let mut w = Worker::new(clock);
        let Ok(Response::Loaded(summary)) = run(&mut w, demo_load(), None).answer else { panic!("not loaded") };
        assert_eq!(summary.categories, [(1, 2)], "Genre, with its 2 values");
        let prep = Preparation { categories: vec![1], ..Preparation::default() };
        let inspected = run(&mut w, Request::Inspect { features: vec![2, 3, 4], prep: prep.clone() }, None).answer;
        let Ok(Response::Inspected(i)) = inspected else { panic!("not inspected") };
        assert_eq!((i.skipped, i.filled, i.negative), (0, 0, vec![false; 3]));
        let request = engine::TrainRequest::from(engine::FitSettings {
            prep,
            scaling: engine::ScalingKind::Standard,
            ..engine::FitSettings::new(vec![2, 3, 4], 5)
        });
        let Ok(Response::Trained(trained)) = run(&mut w, Request::Train { request: request.clone() }, None).answer
        else {
            panic!("not trained")
        };
        let reference = engine::segment_table(&crate::demo::demo_table(), &request).unwrap().model;
        assert_eq!(trained.model.training.inertia, reference.training.inertia);
        assert_eq!(trained.silhouette_sample.0.dim(), 5, "scored in model space, categories included");
        // The model's inputs are the numbers, then Genre: read from the training reading.
        let reading = w.extracted.borrow().as_ref().unwrap().reading.clone();
        assert!(reading.serves(&[2, 3, 4, 1], &trained.model.encoding));
        run(&mut w, Request::UseTrainFile, None);
        let model = Box::new(trained.model);
        let ran = run(&mut w, Request::Classify { model, columns: vec![2, 3, 4, 1] }, None);
        let Ok(Response::Classified(Classified { summary, .. })) = ran.answer else { panic!("not classified") };
        assert_eq!((summary.rows, summary.classified), (200, 200));
    }

    #[test]
    fn the_exact_silhouette_knows_the_training_file_by_its_bytes_not_its_name() {
        let mut w = Worker::new(clock);
        let a = b"income,spending\n1,1\n2,1\n9,9\n10,9\n1,2\n10,10\n";
        let b = b"income,spending\n1,1\n2,1\n9,9\n10,9\n1,2\n10,11\n";
        let load = |bytes: &[u8], w: &mut Worker| {
            run(w, Request::Load { slot: Slot::Train, name: "same.csv".into(), demo: false, sheet: None }, Some(bytes))
                .answer
        };
        load(a, &mut w).unwrap();
        let Ok(Response::Trained(trained)) =
            run(&mut w, Request::Train { request: engine::TrainRequest::new(vec![0, 1], 2) }, None).answer
        else {
            panic!("not trained")
        };
        let exact = |w: &mut Worker| {
            run(w, Request::ExactSilhouette { model: Box::new(trained.model.clone()), file: trained.file }, None).answer
        };
        assert!(matches!(exact(&mut w), Ok(Response::Scored(Some(_)))));
        load(b, &mut w).unwrap();
        assert_eq!(
            exact(&mut w),
            Err("The training file has changed since this model was trained; train again to score it.".into())
        );
    }

    #[test]
    fn a_sweep_shared_through_model_space_bytes_equals_the_whole_sweep() {
        let mut w = Worker::new(clock);
        run(&mut w, demo_load(), None);
        let mut request = SweepRequest::new(vec![3, 4], 2..=10);
        request.fit.scaling = engine::ScalingKind::Standard;
        request.fit.params = KMeansParams::new(2).n_init(3).seed(7).max_iter(50);
        let whole = |only| Request::Sweep { request: request.clone(), only };
        let Ok(Response::Swept(expected)) = run(&mut w, whole(None), None).answer else { panic!("no sweep") };
        let ran = run(&mut w, Request::ModelSpace { request: request.clone() }, None);
        let Ok(Response::ModelSpace { dim }) = ran.answer else { panic!("no model space") };
        let [mine, theirs] = engine::sweep::split_ks(&request.ks().unwrap());
        // The second worker has no table: only the bytes.
        let mut second = Worker::new(clock);
        let share = Request::SweepPoints { dim, ks: theirs, params: request.fit.params };
        let Ok(Response::Swept(b)) = run(&mut second, share, ran.file.as_deref()).answer else { panic!() };
        let Ok(Response::Swept(a)) = run(&mut w, whole(Some(mine)), None).answer else { panic!() };
        assert_eq!(Sweep::merge(vec![a, b]), Ok(expected));
        let damaged = Request::SweepPoints { dim: 2, ks: vec![2], params: KMeansParams::new(2) };
        assert!(run(&mut second, damaged, Some(&[1, 2, 3])).answer.is_err());
    }

    #[test]
    fn a_sweep_uses_every_setting_of_its_request() {
        let mut w = Worker::new(clock);
        run(&mut w, demo_load(), None);
        let mut sweep = |max_iter| {
            let mut request = SweepRequest::new(vec![3, 4], 4..=4);
            request.fit.params = KMeansParams::new(2).n_init(1).max_iter(max_iter);
            match run(&mut w, Request::Sweep { request, only: None }, None).answer {
                Ok(Response::Swept(s)) => s.scores[0].inertia,
                other => panic!("{other:?}"),
            }
        };
        assert_ne!(sweep(1), sweep(300), "one iteration stops before the optimum");
    }

    #[test]
    fn sweep_ranges_and_row_counts_are_refused_in_the_engine_s_words() {
        let mut w = Worker::new(clock);
        run(
            &mut w,
            Request::Load { slot: Slot::Train, name: "two.csv".into(), demo: false, sheet: None },
            Some(b"a,b\n1,2\n3,4\n"),
        );
        let sweep = |w: &mut Worker, (k_from, k_to)| {
            run(
                w,
                Request::Sweep {
                    request: SweepRequest { k_from, k_to, ..SweepRequest::new(vec![0, 1], 2..=2) },
                    only: None,
                },
                None,
            )
            .answer
        };
        assert_eq!(sweep(&mut w, (2, 10)), Err(engine::FitError::TooFewRowsForSweep { rows: 2, k: 10 }.to_string()));
        assert_eq!(sweep(&mut w, (5, 3)), Err(engine::FitError::EmptyKRange { from: 5, to: 3 }.to_string()));
    }

    #[test]
    fn warming_up_takes_the_demo_all_the_way_every_round() {
        assert_eq!(Worker::warm_up(clock), WARM_UP_ROUNDS);
    }

    #[test]
    fn bad_files_and_missing_tables_are_answered_not_panicked() {
        let mut w = Worker::new(clock);
        let ran =
            run(&mut w, Request::Load { slot: Slot::Train, name: "x.csv".into(), demo: false, sheet: None }, Some(b""));
        assert_eq!(
            ran.answer,
            Err("x.csv: The file is empty. Choose a CSV file with a header row and at least one customer.".into())
        );
        assert!(run(&mut w, Request::Page { start: 0, len: 5 }, None).answer.is_err());
        assert!(run(&mut w, Request::Inspect { features: vec![0], prep: Default::default() }, None).answer.is_err());
    }

    #[test]
    fn a_request_about_the_columns_of_the_file_before_is_answered_not_panicked() {
        // Found in the browser: the page asked about a 5-column file's features just after a
        // 2-column workbook replaced it.
        let mut w = Worker::new(clock);
        let load = Request::Load { slot: Slot::Train, name: "two.csv".into(), demo: false, sheet: None };
        run(&mut w, load, Some(b"a,b\n1,2\n3,4\n"));
        let ran = run(&mut w, Request::Inspect { features: vec![3, 4], prep: Default::default() }, None);
        assert_eq!(
            ran.answer,
            Err("two.csv has 2 columns, so column 4 cannot be read. Choose the features again.".into())
        );
        let request = engine::TrainRequest::new(vec![0, 4], 2);
        assert!(run(&mut w, Request::Train { request }, None).answer.is_err());
    }
}
