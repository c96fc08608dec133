//! Segmentum's Web Worker and the messages between it and the page.
//!
//! The worker holds the customer tables and does every heavy step — reading, the k sweep,
//! training, classifying, writing the results file — so the page's thread only renders.
//! [`Worker`] is plain Rust, tested natively; one module per concern: `store` the files it
//! holds, `cache` the last reading of their features, `modelling` sweeping, training and
//! scoring, `batch` classifying and the results files, `models` model files read and written
//! for other tools, `timing` phase timings and progress,
//! `warm_up` the start-up run, `transport` the messages to and from the page, and `hooks` the
//! faults a test build can inject. [`protocol`] is the typed contract both sides speak; [`demo`]
//! the demo customers both hold. Every request is checked against what the worker holds: a
//! request it cannot serve gets an answer saying why, never a panic.

pub mod demo;
pub mod protocol;

mod batch;
mod cache;
pub mod chunks;
// Both serve `transport::run`, which only a WebAssembly build has; their logic is tested natively.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]
mod hooks;
mod modelling;
mod models;
mod orders;
mod store;
mod timing;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod transport;
mod warm_up;

pub use timing::{REFINE, STARTS};
#[cfg(target_arch = "wasm32")]
pub use transport::run;
pub use warm_up::warm_up;

use crate::{
    chunks::Input,
    protocol::{FileSummary, Progress, Request, Response, Slot},
};

/// Where a request's progress goes.
pub type Report<'a> = &'a mut dyn FnMut(Progress);
/// Where the parts of a file the answer comes with go, in order.
pub type Parts<'a> = &'a mut dyn FnMut(&[u8]);

/// Bytes of results file written before they are handed on: wasm memory stays small.
const PART_BYTES: usize = 4 << 20;

/// The worker's files, the last reading of their features and the last results.
pub struct Worker {
    files: store::Store,
    cache: cache::ReadingCache,
    results: Option<batch::Results>,
    /// Milliseconds from some fixed start.
    clock: fn() -> f64,
}

impl Worker {
    pub fn new(clock: fn() -> f64) -> Worker {
        Worker { files: store::Store::default(), cache: Default::default(), results: None, clock }
    }

    /// Handles one request: its answer, or why there is none. Progress goes to `report` and a
    /// file the answer comes with (a results file, model-space points) to `parts`.
    pub fn handle(
        &mut self,
        request: Request,
        input: Option<Input>,
        report: Report,
        parts: Parts,
    ) -> Result<Response, String> {
        match request {
            Request::Load { slot, name, demo, sheet } => {
                let input = input.unwrap_or(Input::Bytes(Vec::new()));
                self.load(slot, (name, demo, sheet), input, report).map(|s| Response::Loaded(Box::new(s)))
            }
            Request::Customers { slot, name, sheet, build } => {
                let input = input.ok_or("The order lines did not arrive with the request. Choose the file again.")?;
                self.customers(slot, (name, sheet), &build, input, report, parts)
            }
            Request::UseTrainFile => self.use_train_file(),
            Request::Inspect { features, prep } => self.inspect(&features, &prep),
            Request::Sweep { request, only } => self.sweep(&request, only, report),
            Request::ModelSpace { request } => self.send_model_space(&request, parts),
            Request::SweepPoints { dim, ks, params, file } => {
                let bytes = match input {
                    Some(Input::Bytes(b)) => b,
                    _ => Vec::new(),
                };
                let x = modelling::points_from_bytes(&bytes, dim)?;
                let sweep = modelling::sweep_share(&x, &ks, params, report)?;
                Ok(Response::Swept { file, sweep })
            }
            Request::Train { request } => self.train(&request, report),
            Request::Classify { model, columns } => self.classify(&model, &columns, report, parts),
            Request::Page { start, len } => self.page(start, len),
            Request::ResultsFile { model, format, columns } => {
                self.results_file(&model, format, &columns, report, parts)
            }
            Request::Silhouette { points, labels, k } => {
                modelling::check_labels(&points, &labels, k)?;
                Ok(modelling::silhouette(&points, &labels, k, report))
            }
            Request::ExactSilhouette { model, file } => self.exact_silhouette(&model, file, report),
            Request::Borderline { model, file } => self.borderline(&model, file, report, parts),
            Request::Stability { points, labels, k, params } => {
                modelling::stability(&points, &labels, k, &params, report)
            }
            Request::ReadModel { .. } => models::read_model(input),
            Request::ModelFile { model, format } => models::model_file(&model, format, parts),
            #[cfg(feature = "test-hooks")]
            Request::Fault(_) => Ok(Response::Fault),
        }
    }

    /// Reads a file into `slot`. A new file drops the last reading (its numbers would only hold
    /// memory); a new Batch file drops the last results. Order lines are only looked at: their
    /// first piece is summarised and nothing is held until a customer table is built from them
    /// ([`Request::Customers`]), so a log of any size is never read whole.
    fn load(
        &mut self,
        slot: Slot,
        what: (String, bool, Option<String>),
        input: Input,
        report: Report,
    ) -> Result<FileSummary, String> {
        if !what.1 {
            if let Some(lines) = orders::peek(&what.0, &input)? {
                return Ok(lines);
            }
        }
        chunks::fits_whole(&what.0, input.size())?;
        let bytes = input.read_all()?;
        let before = self.files.get(slot).ok().cloned();
        let read = self.files.load(slot, what, &bytes, self.clock, report)?;
        if read.summary.orders.is_some() {
            // A workbook of order lines, like a text file of them, is only looked at: the slot
            // keeps what it held (the page's record of what the worker holds says the same).
            self.files.restore(slot, before);
            return Ok(read.summary);
        }
        if read.new {
            self.cache.clear();
        }
        if slot == Slot::Batch {
            self.results = None;
        }
        Ok(read.summary)
    }

    /// The Train file becomes the Batch file too: classify the customers you trained on without reading them again.
    fn use_train_file(&mut self) -> Result<Response, String> {
        let loaded = self.files.get(Slot::Train)?.clone();
        let summary = loaded.summary()?;
        self.files.put(Slot::Batch, loaded);
        self.results = None;
        Ok(Response::Loaded(Box::new(summary)))
    }
}

#[cfg(test)]
mod testing {
    use super::*;

    /// A clock that never moves.
    pub fn clock() -> f64 {
        0.0
    }

    /// The answer, the progress reported on the way, and the file written, if any.
    pub struct Ran {
        pub answer: Result<Response, String>,
        pub progress: Vec<Progress>,
        pub file: Option<Vec<u8>>,
    }

    pub fn run(w: &mut Worker, request: Request, bytes: Option<&[u8]>) -> Ran {
        let (mut progress, mut file) = (Vec::new(), Vec::new());
        let input = bytes.map(|b| Input::Bytes(b.to_vec()));
        let answer = w.handle(request, input, &mut |p| progress.push(p), &mut |p| file.extend_from_slice(p));
        Ran { answer, progress, file: (!file.is_empty()).then_some(file) }
    }

    pub fn demo_load() -> Request {
        Request::Load { slot: Slot::Train, name: String::new(), demo: true, sheet: None }
    }

    pub fn load(name: &str, slot: Slot) -> Request {
        Request::Load { slot, name: name.into(), demo: false, sheet: None }
    }
}

#[cfg(test)]
mod tests {
    use super::{testing::*, *};

    #[test]
    fn bad_files_and_missing_tables_are_answered_not_panicked() {
        let mut w = Worker::new(clock);
        let ran = run(&mut w, load("x.csv", Slot::Train), Some(b""));
        assert_eq!(
            ran.answer,
            Err("x.csv: The file is empty. Choose a CSV file with a header row and at least one customer.".into())
        );
        assert!(run(&mut w, Request::Page { start: 0, len: 5 }, None).answer.is_err());
        assert!(run(&mut w, Request::Inspect { features: vec![0], prep: Default::default() }, None).answer.is_err());
        assert!(run(&mut w, Request::UseTrainFile, None).answer.is_err());
    }

    #[test]
    fn a_request_about_the_columns_of_the_file_before_is_answered_not_panicked() {
        // Found in the browser: the page asked about a 5-column file's features just after a
        // 2-column workbook replaced it.
        let mut w = Worker::new(clock);
        run(&mut w, load("two.csv", Slot::Train), Some(b"a,b\n1,2\n3,4\n"));
        let ran = run(&mut w, Request::Inspect { features: vec![3, 4], prep: Default::default() }, None);
        assert_eq!(
            ran.answer,
            Err("two.csv has 2 columns, so column 4 cannot be read. Choose the features again.".into())
        );
        let request = engine::TrainRequest::new(vec![0, 4], 2);
        assert!(run(&mut w, Request::Train { request }, None).answer.is_err());
    }

    #[test]
    fn a_new_batch_file_drops_the_results_of_the_one_before() {
        let mut w = Worker::new(clock);
        run(&mut w, demo_load(), None);
        let Ok(Response::Trained(t)) =
            run(&mut w, Request::Train { request: engine::TrainRequest::new(vec![3, 4], 3) }, None).answer
        else {
            panic!("not trained")
        };
        run(&mut w, Request::UseTrainFile, None);
        run(&mut w, Request::Classify { model: Box::new(t.model), columns: vec![3, 4] }, None).answer.unwrap();
        assert!(run(&mut w, Request::Page { start: 0, len: 1 }, None).answer.is_ok());
        run(&mut w, load("b.csv", Slot::Batch), Some(b"a,b\n1,2\n")).answer.unwrap();
        assert_eq!(run(&mut w, Request::Page { start: 0, len: 1 }, None).answer, Err("Classify a file first.".into()));
    }
}
