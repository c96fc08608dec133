//! The page's side of the worker: send a request and get its answer, show what
//! the running job is doing, and cancel it.
//!
//! Cancel ends the worker at once and starts a new one, which is handed the
//! same files again (and the last classification) without a progress bar; the
//! page's state is only ever changed by answers, so a cancelled job leaves it
//! as it was.

use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen::{prelude::*, JsCast};

use crate::protocol::{Envelope, Request, Response, Slot};

/// The worker script trunk builds (`data-type="worker"` with a loader shim).
const WORKER_SCRIPT: &str = "./worker_loader.js";

/// What a cancelled job is answered.
pub const CANCELLED: &str = "Cancelled. Everything is as it was before.";

/// An answer: the reply (with the results file when there is one), or why there is none.
pub type Answer = Result<(Response, Option<web_sys::Blob>), String>;

/// What the progress bar shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// What the job is ("Training"), and where it is ("start 3 of 20").
    pub label: String,
    pub phase: String,
    pub done: f64,
    pub total: f64,
    /// False once the job has answered; the bar then stays full until the next job.
    pub running: bool,
}

/// A file the worker should hold, kept so a new worker can be handed it again.
#[derive(Clone)]
pub enum Source {
    Demo,
    File { name: String, blob: web_sys::Blob },
}

impl Source {
    /// The request that has the worker read this source into `slot`, and the bytes to send with it.
    fn load_request(&self, slot: Slot) -> (Request, Option<web_sys::Blob>) {
        match self {
            Source::Demo => (Request::Load { slot, name: String::new(), demo: true }, None),
            Source::File { name, blob } => {
                (Request::Load { slot, name: name.clone(), demo: false }, Some(blob.clone()))
            }
        }
    }
}

struct Outgoing {
    json: String,
    blob: Option<web_sys::Blob>,
}

struct Pending {
    label: String,
    /// Quiet jobs (page fetches, replays) never show in the progress bar.
    quiet: bool,
    done: Option<Box<dyn FnOnce(Answer)>>,
}

#[derive(Default)]
struct Inner {
    worker: Option<web_sys::Worker>,
    ready: bool,
    sending: bool,
    queue: Vec<Outgoing>,
    next_job: u32,
    pending: BTreeMap<u32, Pending>,
    train: Option<Source>,
    batch: Option<Source>,
    last_classify: Option<Request>,
    on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

impl Inner {
    /// Keeps what a new worker must be told again after a cancel.
    fn remember(&mut self, done: &Request) {
        match done {
            Request::UseTrainFile => {
                self.batch = self.train.clone();
                self.last_classify = None;
            }
            Request::Classify { .. } => self.last_classify = Some(done.clone()),
            _ => {}
        }
    }
}

/// Handle to the worker, shared through context.
#[derive(Clone, Copy)]
pub struct Jobs {
    inner: StoredValue<Inner, LocalStorage>,
    pub progress: RwSignal<Option<Progress>>,
}

pub fn use_jobs() -> Jobs {
    expect_context::<Jobs>()
}

/// A second worker, on the other core: it scores new models and sweeps files of
/// up to `AUTO_SWEEP_ROWS` rows, so the main worker stays free to train. Started
/// on first use, so opening the app costs one worker, not two.
#[derive(Clone, Copy)]
pub struct Scorer {
    jobs: RwSignal<Option<Jobs>>,
    /// The app's owner: the worker must outlive the page that first asks for it.
    owner: StoredValue<Owner>,
}

impl Scorer {
    /// Call where the app state is made; the worker starts later, under that owner.
    pub fn new() -> Scorer {
        Scorer { jobs: RwSignal::new(None), owner: StoredValue::new(Owner::current().unwrap_or_default()) }
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
    pub fn progress(self) -> Option<Progress> {
        self.jobs.get().and_then(|jobs| jobs.progress.get())
    }
}

impl Default for Scorer {
    fn default() -> Self {
        Scorer::new()
    }
}

pub fn use_scorer() -> Scorer {
    expect_context::<Scorer>()
}

impl Jobs {
    /// Starts the worker and hands it the demo data.
    pub fn start() -> Jobs {
        let jobs = Jobs::start_empty();
        jobs.load(Slot::Train, Source::Demo, |_| {});
        jobs
    }

    /// Starts a worker with no data.
    pub fn start_empty() -> Jobs {
        let jobs = Jobs { inner: StoredValue::new_local(Inner::default()), progress: RwSignal::new(None) };
        jobs.spawn();
        jobs
    }

    /// Reads `source` into `slot` of the worker; `done` gets the file's summary or why it cannot be used.
    pub fn load(self, slot: Slot, source: Source, done: impl FnOnce(Answer) + 'static) {
        let label = match &source {
            Source::Demo => "Loading the demo".to_owned(),
            Source::File { name, .. } => format!("Reading {name}"),
        };
        let (request, blob) = source.load_request(slot);
        self.send(request, blob, label, false, move |answer: Answer| {
            // Only a file that loaded is handed to a new worker after a cancel.
            if answer.is_ok() {
                self.inner.update_value(|i| match slot {
                    Slot::Train => i.train = Some(source),
                    Slot::Batch => {
                        i.batch = Some(source);
                        i.last_classify = None;
                    }
                });
            }
            done(answer);
        });
    }

    /// Runs `request`, showing `label` in the progress bar unless `quiet`.
    pub fn run(self, request: Request, label: &str, quiet: bool, done: impl FnOnce(Answer) + 'static) {
        self.run_with_bytes(request, None, label, quiet, done);
    }

    /// [`Jobs::run`] with bytes for the worker, transferred from `blob`.
    pub fn run_with_bytes(
        self,
        request: Request,
        blob: Option<web_sys::Blob>,
        label: &str,
        quiet: bool,
        done: impl FnOnce(Answer) + 'static,
    ) {
        let kept = request.clone();
        self.send(request, blob, label.to_owned(), quiet, move |answer: Answer| {
            if answer.is_ok() {
                self.inner.update_value(|i| i.remember(&kept));
            }
            done(answer);
        });
    }

    /// Stops the running job now; every waiting job is answered "cancelled".
    pub fn cancel(self) {
        let (pending, replay) = self
            .inner
            .try_update_value(|i| {
                if let Some(w) = i.worker.take() {
                    w.terminate();
                }
                i.queue.clear();
                let pending = std::mem::take(&mut i.pending);
                (pending, (i.train.clone(), i.batch.clone(), i.last_classify.clone()))
            })
            .unwrap_or_default();
        self.progress.update(|p| {
            if let Some(p) = p {
                p.phase = "cancelled".into();
                p.running = false;
            }
        });
        for (_, p) in pending {
            if let Some(done) = p.done {
                done(Err(CANCELLED.into()));
            }
        }
        self.spawn();
        let (train, batch, classify) = replay;
        for (slot, source) in [(Slot::Train, train), (Slot::Batch, batch)] {
            if let Some(source) = source {
                let (request, blob) = source.load_request(slot);
                self.send(request, blob, String::new(), true, |_| {});
            }
        }
        if let Some(request) = classify {
            self.send(request, None, String::new(), true, |_| {});
        }
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
            i.ready = false;
            i.sending = false;
            i.on_message = Some(on_message);
        });
    }

    fn send(
        self,
        request: Request,
        blob: Option<web_sys::Blob>,
        label: String,
        quiet: bool,
        done: impl FnOnce(Answer) + 'static,
    ) {
        self.inner.update_value(|i| {
            let job = i.next_job;
            i.next_job += 1;
            let json = serde_json::to_string(&Envelope { job, body: request }).unwrap_or_default();
            i.pending.insert(job, Pending { label, quiet, done: Some(Box::new(done)) });
            i.queue.push(Outgoing { json, blob });
        });
        self.flush();
    }

    /// Posts queued messages in order once the worker is ready; a file's bytes are read first
    /// and transferred, never copied through a string.
    fn flush(self) {
        let next = self
            .inner
            .try_update_value(|i| {
                if !i.ready || i.sending || i.queue.is_empty() {
                    return None;
                }
                i.sending = true;
                Some((i.queue.remove(0), i.worker.clone()))
            })
            .flatten();
        let Some((out, Some(worker))) = next else { return };
        leptos::task::spawn_local(async move {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"json".into(), &out.json.into());
            let transfer = js_sys::Array::new();
            if let Some(blob) = out.blob {
                if let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await {
                    let _ = js_sys::Reflect::set(&message, &"bytes".into(), &buffer);
                    transfer.push(&buffer);
                }
            }
            // A cancel may have replaced the worker while the file was read.
            let current = self.inner.with_value(|i| i.worker.as_ref().is_some_and(|w| w == &worker));
            if current {
                let _ = worker.post_message_with_transfer(&message, &transfer);
                self.inner.update_value(|i| i.sending = false);
                self.flush();
            }
        });
    }

    fn receive(self, data: JsValue) {
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
        let Some(json) = field("json").and_then(|j| j.as_string()) else { return };
        if json == "\"ready\"" {
            self.inner.update_value(|i| i.ready = true);
            self.flush();
            return;
        }
        let Ok(Envelope { job, body }) = serde_json::from_str::<Envelope<Response>>(&json) else { return };
        if let Response::Progress { phase, done, total } = body {
            let shown = self.inner.with_value(|i| i.pending.get(&job).filter(|p| !p.quiet).map(|p| p.label.clone()));
            if let Some(label) = shown {
                self.progress.set(Some(Progress { label, phase, done, total, running: true }));
            }
            return;
        }
        let Some(pending) = self.inner.try_update_value(|i| i.pending.remove(&job)).flatten() else { return };
        if !pending.quiet {
            self.progress.update(|p| {
                if let Some(p) = p.as_mut().filter(|p| p.label == pending.label) {
                    p.done = p.total;
                    p.phase = "done".into();
                    p.running = false;
                }
            });
        }
        let blob = field("blob").and_then(|b| b.dyn_into::<web_sys::Blob>().ok());
        let answer = match body {
            Response::Failed { message } => Err(message),
            other => Ok((other, blob)),
        };
        if let Some(done) = pending.done {
            done(answer);
        }
    }
}
