//! The page's side of the workers: ask a job, get a typed answer, show what the running job is
//! doing, and cancel it.
//!
//! Cancel ends the worker at once and starts a new one, which is handed the same files again
//! (and the last classification) without showing it; the page's state is only ever changed by
//! answers, so a cancelled job leaves it as it was. The bookkeeping is [`queue::Queue`], plain
//! Rust tested natively; this module posts its messages and reads the replies.

mod queue;
mod split_sweep;

use engine::{
    metrics::SilhouetteReport, prep::Preparation, stability::StabilityReport, sweep::Sweep, KMeansParams, Matrix,
    SegmentModel, SweepRequest, TrainRequest,
};
use gloo_file::Blob;
use leptos::prelude::*;
use wasm_bindgen::{prelude::*, JsCast};

pub use queue::JobError;
pub use split_sweep::sweep_on_both;

use crate::protocol::{
    Borderline, Classified, Envelope, FileKey, FileSummary, Inspection, PageRow, Progress, Reply, Request, Response,
    Slot, Trained,
};
use queue::{Answer, Queue};

/// The worker script trunk builds (`data-type="worker"` with a loader shim).
const WORKER_SCRIPT: &str = "./worker_loader.js";

/// What a job's answer is, or why there is none.
pub type Outcome<T> = Result<T, JobError>;

/// What the job status shows: the last job that was not quiet, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub job: u32,
    /// What the job is ("Training").
    pub label: String,
    pub progress: Progress,
    pub state: JobState,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JobState {
    Running,
    /// Answered at `at` (time of day), `took_ms` after it was asked.
    Finished {
        at: String,
        took_ms: f64,
    },
    Failed,
    Cancelled,
}

impl Status {
    pub fn running(&self) -> bool {
        self.state == JobState::Running
    }
}

/// A file the worker should hold.
#[derive(Clone)]
pub enum Source {
    Demo,
    /// A chosen file; of a workbook, the sheet `sheet` (`None`: the fullest).
    File {
        name: String,
        blob: Blob,
        sheet: Option<String>,
    },
}

impl Source {
    /// The request that has the worker read this source into `slot`, and the bytes to send with it.
    fn load_request(&self, slot: Slot) -> (Request, Option<Blob>) {
        match self {
            Source::Demo => (Request::Load { slot, name: String::new(), demo: true, sheet: None }, None),
            Source::File { name, blob, sheet } => {
                let request = Request::Load { slot, name: name.clone(), demo: false, sheet: sheet.clone() };
                (request, Some(blob.clone()))
            }
        }
    }

    /// "Reading customers.csv".
    fn label(&self) -> String {
        match self {
            Source::Demo => "Loading the demo".to_owned(),
            Source::File { name, .. } => format!("Reading {name}"),
        }
    }
}

#[derive(Default)]
struct Inner {
    queue: Queue<Blob>,
    worker: Option<web_sys::Worker>,
    on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

/// Handle to a worker, shared through context.
#[derive(Clone, Copy)]
pub struct Jobs {
    inner: StoredValue<Inner, LocalStorage>,
    pub status: RwSignal<Option<Status>>,
}

pub fn use_jobs() -> Jobs {
    expect_context::<Jobs>()
}

/// The second worker, on the other core: it scores new models and sweeps files of up to
/// `AUTO_SWEEP_ROWS` rows, so the main worker stays free to train. Started on first use, so
/// opening the app costs one worker, not two.
#[derive(Clone, Copy)]
pub struct SecondWorker {
    jobs: RwSignal<Option<Jobs>>,
    /// The app's owner: the worker must outlive the page that first asks for it.
    owner: StoredValue<Owner>,
}

impl SecondWorker {
    /// Call where the app state is made; the worker starts later, under that owner.
    pub fn new() -> SecondWorker {
        SecondWorker { jobs: RwSignal::new(None), owner: StoredValue::new(Owner::current().unwrap_or_default()) }
    }

    /// The worker, started (with the demo) if it was not yet.
    pub fn jobs(self) -> Jobs {
        if let Some(jobs) = self.jobs.get_untracked() {
            return jobs;
        }
        let jobs = self.owner.with_value(|owner| owner.with(Jobs::start));
        self.jobs.set(Some(jobs));
        jobs
    }

    /// What the worker is doing, once it has started.
    pub fn status(self) -> Option<Status> {
        self.jobs.get().and_then(|jobs| jobs.status.get())
    }
}

impl Default for SecondWorker {
    fn default() -> Self {
        SecondWorker::new()
    }
}

pub fn use_second_worker() -> SecondWorker {
    expect_context::<SecondWorker>()
}

/// Milliseconds since 1970, the clock job times are taken on.
fn now() -> f64 {
    js_sys::Date::now()
}

impl Jobs {
    /// Starts the worker and hands it the demo data.
    pub fn start() -> Jobs {
        let jobs = Jobs { inner: StoredValue::new_local(Inner::default()), status: RwSignal::new(None) };
        jobs.spawn();
        jobs.load(Slot::Train, Source::Demo, true, |_| {});
        jobs
    }

    /// Reads `source` into `slot`; the answer is the file's summary.
    pub fn load(self, slot: Slot, source: Source, quiet: bool, done: impl FnOnce(Outcome<FileSummary>) + 'static) {
        let (request, bytes) = source.load_request(slot);
        self.ask(request, bytes, &source.label(), quiet, done, |r, _| match r {
            Response::Loaded(summary) => Some(*summary),
            _ => None,
        });
    }

    /// The Train file becomes the Batch file too.
    pub fn use_train_file(self, done: impl FnOnce(Outcome<FileSummary>) + 'static) {
        self.ask(Request::UseTrainFile, None, "Using the training file", false, done, |r, _| match r {
            Response::Loaded(summary) => Some(*summary),
            _ => None,
        });
    }

    /// How many Train rows `features` and `prep` leave out or fill, and why.
    pub fn inspect(self, features: Vec<usize>, prep: Preparation, done: impl FnOnce(Outcome<Inspection>) + 'static) {
        self.ask(Request::Inspect { features, prep }, None, "Checking rows", true, done, |r, _| match r {
            Response::Inspected(inspection) => Some(inspection),
            _ => None,
        });
    }

    /// The sweep `request` on the Train file, or `only` these k of it.
    pub fn sweep(
        self,
        request: SweepRequest,
        only: Option<Vec<usize>>,
        label: &str,
        done: impl FnOnce(Outcome<Sweep>) + 'static,
    ) {
        self.ask(Request::Sweep { request, only }, None, label, false, done, swept);
    }

    /// The Train file's features as `request` prepares them: the dimension, and the points as bytes.
    pub fn model_space(self, request: SweepRequest, label: &str, done: impl FnOnce(Outcome<(usize, Blob)>) + 'static) {
        self.ask(Request::ModelSpace { request }, None, label, false, done, |r, bytes| match (r, bytes) {
            (Response::ModelSpace { dim }, Some(bytes)) => Some((dim, bytes)),
            _ => None,
        });
    }

    /// A share `ks` of a sweep on model-space points sent as `points` (from [`Jobs::model_space`]).
    pub fn sweep_points(
        self,
        dim: usize,
        ks: Vec<usize>,
        params: KMeansParams,
        points: Blob,
        label: &str,
        done: impl FnOnce(Outcome<Sweep>) + 'static,
    ) {
        self.ask(Request::SweepPoints { dim, ks, params }, Some(points), label, false, done, swept);
    }

    /// A model from the Train file.
    pub fn train(self, request: TrainRequest, done: impl FnOnce(Outcome<Trained>) + 'static) {
        self.ask(Request::Train { request }, None, "Training", false, done, |r, _| match r {
            Response::Trained(trained) => Some(*trained),
            _ => None,
        });
    }

    /// Classifies the Batch file; the answer comes with the results file.
    pub fn classify(
        self,
        model: SegmentModel,
        columns: Vec<usize>,
        done: impl FnOnce(Outcome<(Classified, Blob)>) + 'static,
    ) {
        let request = Request::Classify { model: Box::new(model), columns };
        self.ask(request, None, "Classifying", false, done, |r, bytes| match (r, bytes) {
            (Response::Classified(classified), Some(csv)) => Some((classified, csv)),
            _ => None,
        });
    }

    /// The last classification (by `model`) as an Excel workbook.
    pub fn results_xlsx(self, model: SegmentModel, done: impl FnOnce(Outcome<Blob>) + 'static) {
        let request = Request::ResultsXlsx { model: Box::new(model) };
        self.ask(request, None, "Writing the workbook", false, done, |r, bytes| match (r, bytes) {
            (Response::ResultsXlsx, Some(xlsx)) => Some(xlsx),
            _ => None,
        });
    }

    /// Rows `start..start + len` of the last classification.
    pub fn page(self, start: usize, len: usize, done: impl FnOnce(Outcome<Vec<PageRow>>) + 'static) {
        self.ask(Request::Page { start, len }, None, "Fetching rows", true, done, |r, _| match r {
            Response::Page(rows) => Some(rows),
            _ => None,
        });
    }

    /// The mean silhouette of `points` (model space) under `labels`.
    pub fn silhouette(
        self,
        points: Matrix,
        labels: Vec<usize>,
        k: usize,
        done: impl FnOnce(Outcome<Option<SilhouetteReport>>) + 'static,
    ) {
        self.ask(Request::Silhouette { points, labels, k }, None, "Scoring the model", true, done, scored);
    }

    /// The mean silhouette of `model` on every row of the Train file, which must be `file`.
    pub fn exact_silhouette(
        self,
        model: SegmentModel,
        file: FileKey,
        label: &str,
        done: impl FnOnce(Outcome<Option<SilhouetteReport>>) + 'static,
    ) {
        let request = Request::ExactSilhouette { model: Box::new(model), file };
        self.ask(request, None, label, false, done, scored);
    }

    /// Each segment's stability on `points` (model space) under `labels`, refitted with `params`.
    pub fn stability(
        self,
        points: Matrix,
        labels: Vec<usize>,
        params: KMeansParams,
        label: &str,
        done: impl FnOnce(Outcome<StabilityReport>) + 'static,
    ) {
        let k = params.n_clusters;
        self.ask(Request::Stability { points, labels, k, params }, None, label, false, done, |r, _| match r {
            Response::Stable(report) => Some(report),
            _ => None,
        });
    }

    /// The Train file's least certain customers under `model` (trained on it: `file`), with the
    /// CSV of all of them.
    pub fn borderline(
        self,
        model: SegmentModel,
        file: FileKey,
        done: impl FnOnce(Outcome<(Borderline, Blob)>) + 'static,
    ) {
        let request = Request::Borderline { model: Box::new(model), file };
        self.ask(request, None, "Finding borderline customers", false, done, |r, bytes| match (r, bytes) {
            (Response::Borderline(found), Some(csv)) => Some((found, csv)),
            _ => None,
        });
    }

    /// Asks `request`; `pick` takes the answer it expects from the response, and anything else
    /// is a failure the user is told about, never dropped.
    fn ask<T: 'static>(
        self,
        request: Request,
        bytes: Option<Blob>,
        label: &str,
        quiet: bool,
        done: impl FnOnce(Outcome<T>) + 'static,
        pick: fn(Response, Option<Blob>) -> Option<T>,
    ) {
        let unexpected = format!("The worker gave an unexpected answer to “{label}”. Reload the page and try again.");
        let done = Box::new(move |answer: Answer<Blob>| {
            done(answer.and_then(|(r, bytes)| pick(r, bytes).ok_or(JobError::Failed(unexpected))))
        });
        let job = self.inner.try_update_value(|i| i.queue.ask(request, bytes, label.to_owned(), quiet, now(), done));
        if let (Some(job), false) = (job, quiet) {
            let progress = Progress { phase: "waiting".into(), done: 0.0, total: 1.0 };
            self.status.set(Some(Status { job, label: label.to_owned(), progress, state: JobState::Running }));
        }
        self.flush();
    }

    /// Stops the running job now; every waiting job is answered [`JobError::Cancelled`].
    pub fn cancel(self) {
        let cancelled = self
            .inner
            .try_update_value(|i| {
                if let Some(w) = i.worker.take() {
                    w.terminate();
                }
                i.queue.restart(now())
            })
            .unwrap_or_default();
        self.status.update(|s| {
            if let Some(s) = s.as_mut().filter(|s| s.running()) {
                s.progress.phase = "cancelled".into();
                s.state = JobState::Cancelled;
            }
        });
        for pending in cancelled {
            pending.finish(Err(JobError::Cancelled));
        }
        self.spawn();
    }

    fn spawn(self) {
        let Ok(worker) = web_sys::Worker::new(WORKER_SCRIPT) else {
            return;
        };
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            self.receive(e.data());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        self.inner.update_value(|i| {
            i.worker = Some(worker);
            i.on_message = Some(on_message);
        });
    }

    /// Posts queued messages in order once the worker is ready; a file's bytes are read first
    /// and transferred, never copied through a string.
    fn flush(self) {
        let next = self.inner.try_update_value(|i| Some((i.queue.next_to_send()?, i.worker.clone()?))).flatten();
        let Some((out, worker)) = next else { return };
        leptos::task::spawn_local(async move {
            let json = serde_json::to_string(&Envelope { job: out.job, body: out.request }).unwrap_or_default();
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"json".into(), &json.into());
            let transfer = js_sys::Array::new();
            if let Some(blob) = out.bytes {
                if let Ok(buffer) = gloo_file::futures::read_as_array_buffer(&blob).await {
                    let _ = js_sys::Reflect::set(&message, &"bytes".into(), &buffer);
                    transfer.push(&buffer);
                }
            }
            // A cancel may have replaced the worker while the file was read.
            let current = self.inner.with_value(|i| i.worker.as_ref().is_some_and(|w| w == &worker));
            if current {
                let _ = worker.post_message_with_transfer(&message, &transfer);
                self.inner.update_value(|i| i.queue.sent());
                self.flush();
            }
        });
    }

    fn receive(self, data: JsValue) {
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
        let Some(reply) =
            field("json").and_then(|j| j.as_string()).and_then(|j| serde_json::from_str::<Reply>(&j).ok())
        else {
            return;
        };
        match reply {
            Reply::Ready => {
                self.inner.update_value(|i| i.queue.set_ready());
                self.flush();
            }
            Reply::Progress { job, progress } => {
                let shown =
                    self.inner.with_value(|i| i.queue.pending(job).filter(|p| !p.quiet).map(|p| p.label.clone()));
                if let Some(label) = shown {
                    self.status.set(Some(Status { job, label, progress, state: JobState::Running }));
                }
            }
            Reply::Done { job, answer } => {
                let bytes = field("blob").and_then(|b| b.dyn_into::<web_sys::Blob>().ok()).map(Blob::from);
                let Some((pending, answer)) =
                    self.inner.try_update_value(|i| i.queue.answer(job, answer, bytes)).flatten()
                else {
                    return;
                };
                if !pending.quiet {
                    let state = match &answer {
                        Ok(_) => JobState::Finished { at: time_of_day(), took_ms: now() - pending.asked },
                        Err(_) => JobState::Failed,
                    };
                    self.status.update(|s| {
                        if let Some(s) = s.as_mut().filter(|s| s.job == job) {
                            s.progress.done = s.progress.total;
                            s.progress.phase = if state == JobState::Failed { "failed" } else { "done" }.into();
                            s.state = state;
                        }
                    });
                }
                pending.finish(answer);
            }
        }
    }
}

fn swept(r: Response, _: Option<Blob>) -> Option<Sweep> {
    match r {
        Response::Swept(sweep) => Some(sweep),
        _ => None,
    }
}

fn scored(r: Response, _: Option<Blob>) -> Option<Option<SilhouetteReport>> {
    match r {
        Response::Scored(silhouette) => Some(silhouette),
        _ => None,
    }
}

/// "14:05:09", in the browser's time zone.
fn time_of_day() -> String {
    let d = js_sys::Date::new_0();
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}
