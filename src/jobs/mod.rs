//! The page's side of the workers: ask a job, get a typed answer, show what the running job is
//! doing, cancel it, and cope when a worker dies.
//!
//! A worker is replaced by a new one in three cases: Cancel; a job superseded while it runs (a
//! sweep for settings no longer shown); and a worker that dies or stops making sense (a panic, an
//! out-of-memory abort, a reply the page cannot read). The new worker is handed the same files
//! again (and the last classification) without showing it; the page's state is only ever changed
//! by answers, so a job that did not finish leaves it as it was. A file that kills the new worker
//! too is let go (the user is told to choose it again), and after three deaths in a row no worker
//! is started again: every job then fails at once, saying to reload. The bookkeeping is
//! [`queue::Queue`], plain Rust tested natively; this module posts its messages and reads the
//! replies, and `requests` has one typed call per request.

mod queue;
mod requests;
mod split_sweep;
#[cfg(feature = "test-hooks")]
mod test_hooks;

use gloo_file::Blob;
use leptos::prelude::*;
use wasm_bindgen::{prelude::*, JsCast};

pub use queue::{JobError, Topic, TopicKind};
pub use requests::sweep_topic;
pub use split_sweep::sweep_on_both;
#[cfg(feature = "test-hooks")]
pub use test_hooks::expose as expose_test_hooks;

use crate::protocol::{keys, Envelope, Progress, Reply, Request, Response, Slot};
use queue::{Answer, Pending, Queue, Restart};

/// The worker's script: scripts/build.mjs writes it, loading wasm-bindgen's `no-modules` glue.
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
    /// Refused or failed: the page where it was asked says why.
    Failed,
    /// The worker stopped: what happened and what to do.
    Stopped(String),
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

    /// The file's name as the user chose it.
    pub fn name(&self) -> &str {
        match self {
            Source::Demo => crate::demo::DEMO_NAME,
            Source::File { name, .. } => name,
        }
    }
}

/// The browser's listeners on a worker, kept alive as long as it is.
type Listener = Closure<dyn FnMut(web_sys::Event)>;

#[derive(Default)]
struct Inner {
    queue: Queue<Blob>,
    worker: Option<web_sys::Worker>,
    listeners: Vec<Listener>,
    /// Why there is no worker any more: it died too often in a row. Every job fails with this.
    given_up: Option<String>,
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

    /// Asks `request`; `pick` takes the answer it expects from the response, and anything else
    /// is a failure the user is told about, never dropped. A job about `topic` supersedes the
    /// jobs it makes pointless ([`Topic::supersedes`]).
    #[allow(clippy::too_many_arguments)]
    fn ask<T: 'static>(
        self,
        request: Request,
        bytes: Option<Blob>,
        label: &str,
        quiet: bool,
        topic: Option<Topic>,
        done: impl FnOnce(Outcome<T>) + 'static,
        pick: fn(Response, Option<Blob>) -> Option<T>,
    ) {
        if let Some(why) = self.inner.with_value(|i| i.given_up.clone()) {
            return done(Err(JobError::Failed(why)));
        }
        let unexpected = format!("The worker gave an unexpected answer to “{label}”. Reload the page and try again.");
        let done = Box::new(move |answer: Answer<Blob>| {
            done(answer.and_then(|(r, bytes)| pick(r, bytes).ok_or(JobError::Failed(unexpected))))
        });
        // The status shows the job the worker is on: one asked behind another shows once it starts.
        let Some((asked, behind)) = self.inner.try_update_value(|i| {
            let asked = i.queue.ask(request, bytes, label.to_owned(), quiet, now(), done, topic);
            let behind = i.queue.showing_other_than(asked.job);
            (asked, behind)
        }) else {
            return;
        };
        if !quiet && !behind {
            let progress = Progress { phase: "waiting".into(), done: 0.0, total: 1.0 };
            self.status.set(Some(Status {
                job: asked.job,
                label: label.to_owned(),
                progress,
                state: JobState::Running,
            }));
        }
        for pending in asked.superseded {
            pending.finish(Err(JobError::Superseded));
        }
        if asked.interrupt {
            self.restart(Restart::Interrupt);
        } else {
            self.flush();
        }
    }

    /// Stops the running job now; every waiting job is answered [`JobError::Cancelled`].
    pub fn cancel(self) {
        self.status.update(|s| {
            if let Some(s) = s.as_mut().filter(|s| s.running()) {
                s.progress.phase = "cancelled".into();
                s.state = JobState::Cancelled;
            }
        });
        for pending in self.restart(Restart::Cancel) {
            pending.finish(Err(JobError::Cancelled));
        }
    }

    /// The worker died (`what` happened): every job it had fails with a message naming the one
    /// it was on, and a new worker takes over with the same files (but one that killed it while
    /// being handed over).
    fn died(self, what: &str) {
        let running = self.inner.with_value(|i| i.queue.running().map(|p| (p.label.clone(), p.is_replay())));
        let (over, started) = self.replace(Restart::Died);
        // A worker that could not be started has been reported by the call that found it out.
        let again = started && self.inner.with_value(|i| i.worker.is_some());
        let message = match &running {
            Some((label, true)) if again => let_go_message(label, what),
            _ => stopped_message(running.as_ref().map(|(label, _)| label.as_str()), what, again),
        };
        if !again {
            self.inner.update_value(|i| i.given_up = Some(message.clone()));
        }
        // The status shows what stopped, even when the job was a quiet one.
        let label = running.map(|(label, _)| label).unwrap_or_else(|| "Starting the worker".to_owned());
        let progress = Progress { phase: "stopped".into(), done: 0.0, total: 1.0 };
        self.status.set(Some(Status { job: 0, label, progress, state: JobState::Stopped(message.clone()) }));
        for pending in over {
            pending.finish(Err(JobError::Failed(message.clone())));
        }
    }

    /// Stops every job about `kind` (the user pressed its Stop): one waiting is dropped, one
    /// running ends its worker, which a new one replaces with the same files and the other jobs.
    pub fn cancel_topic(self, kind: TopicKind) {
        let Some((dropped, running)) = self.inner.try_update_value(|i| i.queue.drop_kind(kind)) else {
            return;
        };
        self.status.update(|s| {
            if let Some(s) = s.as_mut().filter(|s| s.running() && dropped.iter().any(|(job, _)| *job == s.job)) {
                s.progress.phase = "cancelled".into();
                s.state = JobState::Cancelled;
            }
        });
        if running {
            self.restart(Restart::Interrupt);
        }
        for (_, pending) in dropped {
            pending.finish(Err(JobError::Cancelled));
        }
    }

    /// Ends the worker and starts another (unless the queue says it keeps dying), handing it the
    /// files the old one held; returns the jobs that are over.
    fn restart(self, why: Restart) -> Vec<Pending<Blob>> {
        self.replace(why).0
    }

    /// [`Jobs::restart`], and whether a new worker was started.
    fn replace(self, why: Restart) -> (Vec<Pending<Blob>>, bool) {
        let (over, again) = self
            .inner
            .try_update_value(|i| {
                if let Some(w) = i.worker.take() {
                    // Its messages already on their way must not reach the page any more.
                    w.set_onmessage(None);
                    w.set_onerror(None);
                    w.set_onmessageerror(None);
                    w.terminate();
                }
                i.listeners.clear();
                i.queue.restart(why, now())
            })
            .unwrap_or_default();
        if again {
            self.spawn();
        }
        (over, again)
    }

    fn spawn(self) {
        let Ok(worker) = web_sys::Worker::new(WORKER_SCRIPT) else {
            return self.died("it could not be started");
        };
        let listen = |f: Box<dyn FnMut(web_sys::Event)>| Closure::wrap(f);
        let on_message = listen(Box::new(move |e: web_sys::Event| {
            if let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() {
                self.receive(e.data());
            }
        }));
        // An uncaught error in the worker: a panic or an out-of-memory abort traps its
        // WebAssembly, and the worker is no longer of any use.
        let on_error = listen(Box::new(move |_| self.died("out of memory?")));
        let on_message_error = listen(Box::new(move |_| self.died("a message from it could not be read")));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_message_error.as_ref().unchecked_ref()));
        self.inner.update_value(|i| {
            i.worker = Some(worker);
            i.listeners = vec![on_message, on_error, on_message_error];
        });
    }

    /// Posts queued messages in order once the worker is ready; a file's bytes are read first
    /// and transferred, never copied through a string.
    fn flush(self) {
        let next = self.inner.try_update_value(|i| Some((i.queue.next_to_send()?, i.worker.clone()?))).flatten();
        let Some((out, worker)) = next else { return };
        leptos::task::spawn_local(async move {
            // A file to read goes as the Blob it is (the worker reads it in pieces, so a log of any
            // size is never held whole); other bytes (model-space points) as a transferred buffer.
            let streamed = matches!(out.request, Request::Load { .. } | Request::Customers { .. });
            let json = serde_json::to_string(&Envelope { job: out.job, body: out.request }).unwrap_or_default();
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &keys::JSON.into(), &json.into());
            let transfer = js_sys::Array::new();
            let mut unreadable = false;
            match out.bytes {
                Some(blob) if streamed => {
                    let _ = js_sys::Reflect::set(&message, &keys::BLOB.into(), blob.as_ref());
                }
                Some(blob) => match gloo_file::futures::read_as_array_buffer(&blob).await {
                    Ok(buffer) => {
                        let _ = js_sys::Reflect::set(&message, &keys::BYTES.into(), &buffer);
                        transfer.push(&buffer);
                    }
                    Err(_) => unreadable = true,
                },
                None => {}
            }
            // A restart may have replaced the worker while the file was read.
            let current = self.inner.with_value(|i| i.worker.as_ref().is_some_and(|w| w == &worker));
            if current && unreadable {
                // The file changed or went away since it was chosen: say so rather than send nothing.
                self.inner.update_value(|i| i.queue.sent());
                self.settle(out.job, Err(UNREADABLE.to_owned()), None);
                self.flush();
            } else if current {
                let _ = worker.post_message_with_transfer(&message, &transfer);
                self.inner.update_value(|i| i.queue.sent());
                self.flush();
            }
        });
    }

    /// Job `job` has its answer: the job status says so, then whoever asked is told.
    fn settle(self, job: u32, answer: Result<Response, String>, bytes: Option<Blob>) {
        let Some((pending, answer)) = self.inner.try_update_value(|i| i.queue.answer(job, answer, bytes)).flatten()
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

    fn receive(self, data: JsValue) {
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
        let reply = field(keys::JSON).and_then(|j| j.as_string()).and_then(|j| serde_json::from_str::<Reply>(&j).ok());
        let Some(reply) = reply else {
            return self.died("its answer could not be read");
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
                let bytes = field(keys::BLOB).and_then(|b| b.dyn_into::<web_sys::Blob>().ok()).map(Blob::from);
                self.settle(job, answer, bytes);
            }
            Reply::Unreadable { reason } => self.died(&format!("it could not read a message from the page: {reason}")),
        }
    }
}

/// Said when a file chosen earlier cannot be read again to hand it to the worker.
const UNREADABLE: &str = "The file could not be read again: it was changed, moved or deleted since it was chosen. \
    Choose it again.";

/// "The worker stopped while reading customers.csv (out of memory?). …": `running` is the label
/// of the job it was on ("Reading customers.csv"; empty for the files a new worker is handed);
/// `again`, whether a new worker took over.
fn stopped_message(running: Option<&str>, what: &str, again: bool) -> String {
    let doing = match running {
        None => "starting".to_owned(),
        Some(label) => {
            let mut chars = label.chars();
            chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
        }
    };
    if again {
        format!(
            "The worker stopped while {doing} ({what}). Nothing was changed, and a new worker has taken over; \
             if it happens again, try a smaller file or close other tabs."
        )
    } else {
        format!(
            "The worker stopped while {doing} ({what}), for the third time in a row, so it is not started \
             again. Nothing was changed; reload the page to go on, with a smaller file or fewer tabs open."
        )
    }
}

/// The worker died while `taking_over` what the one before held: that is let go, and the user
/// must hand it again.
fn let_go_message(taking_over: &str, what: &str) -> String {
    format!(
        "The worker stopped while {taking_over} ({what}), so the new worker does not hold it. Choose the file \
         again to go on (a smaller one, or with fewer tabs open, if it happens again)."
    )
}

/// "14:05:09", in the browser's time zone.
fn time_of_day() -> String {
    let d = js_sys::Date::new_0();
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_worker_says_what_it_was_doing() {
        assert_eq!(
            stopped_message(Some("Reading customers.csv"), "out of memory?", true),
            "The worker stopped while reading customers.csv (out of memory?). Nothing was changed, and a new \
             worker has taken over; if it happens again, try a smaller file or close other tabs."
        );
        assert!(stopped_message(None, "x", true).starts_with("The worker stopped while starting (x)."));
        assert!(let_go_message("taking over a.csv from the worker before", "x")
            .starts_with("The worker stopped while taking over a.csv from the worker before (x), so the new"));
        assert!(stopped_message(Some("Training"), "x", false).contains("so it is not started again"));
    }
}
