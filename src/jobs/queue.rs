//! The page's bookkeeping for one worker, in plain Rust (tested natively): which messages wait
//! to be posted, which jobs wait for an answer, and what a new worker must be handed after a
//! cancel. `B` is the browser's Blob in the app, anything cloneable in tests.

use std::collections::{BTreeMap, VecDeque};

use crate::protocol::{Request, Response, Slot};

/// Why a job has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobError {
    /// The user pressed Cancel; everything is as it was before the job.
    Cancelled,
    /// The worker refused or failed, and says why.
    Failed(String),
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobError::Cancelled => f.write_str("Cancelled. Everything is as it was before."),
            JobError::Failed(why) => f.write_str(why),
        }
    }
}

/// A job's answer: the response and the bytes that came with it, or why there is none.
pub type Answer<B> = Result<(Response, Option<B>), JobError>;
/// What to do with an answer.
pub type Done<B> = Box<dyn FnOnce(Answer<B>)>;

/// A message waiting to be posted.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing<B> {
    pub job: u32,
    pub request: Request,
    pub bytes: Option<B>,
}

/// A job that was asked and not yet answered.
pub struct Pending<B> {
    pub label: String,
    /// Quiet jobs (page fetches, replays) never show in the job status.
    pub quiet: bool,
    /// When it was asked, in milliseconds.
    pub asked: f64,
    request: Request,
    bytes: Option<B>,
    done: Done<B>,
}

/// What the worker holds because of the requests it answered: its two files and the last
/// classification. Folded from the answered requests by [`Held::after`], so a new worker is
/// handed exactly this.
#[derive(Debug, Clone, PartialEq)]
pub struct Held<B> {
    train: Option<(Request, Option<B>)>,
    batch: Option<(Request, Option<B>)>,
    classified: Option<Request>,
}

impl<B> Default for Held<B> {
    fn default() -> Self {
        Held { train: None, batch: None, classified: None }
    }
}

impl<B: Clone> Held<B> {
    /// What the worker holds once it has answered `request` (sent with `bytes`).
    fn after(&mut self, request: &Request, bytes: &Option<B>) {
        match request {
            Request::Load { slot: Slot::Train, .. } => self.train = Some((request.clone(), bytes.clone())),
            Request::Load { slot: Slot::Batch, .. } => {
                self.batch = Some((request.clone(), bytes.clone()));
                self.classified = None;
            }
            Request::UseTrainFile => {
                self.batch = self.train.clone().map(|(r, b)| (into_slot(r, Slot::Batch), b));
                self.classified = None;
            }
            Request::Classify { .. } => self.classified = Some(request.clone()),
            _ => {}
        }
    }

    /// The requests that bring a new worker to this state, in order.
    fn replay(&self) -> Vec<(Request, Option<B>)> {
        let files = self.train.iter().chain(&self.batch).cloned();
        files.chain(self.classified.iter().map(|r| (r.clone(), None))).collect()
    }
}

fn into_slot(request: Request, slot: Slot) -> Request {
    match request {
        Request::Load { name, demo, sheet, .. } => Request::Load { slot, name, demo, sheet },
        other => other,
    }
}

/// One worker's queue and pending jobs.
pub struct Queue<B> {
    ready: bool,
    sending: bool,
    next_job: u32,
    outgoing: VecDeque<Outgoing<B>>,
    pending: BTreeMap<u32, Pending<B>>,
    held: Held<B>,
}

impl<B> Default for Queue<B> {
    fn default() -> Self {
        Queue {
            ready: false,
            sending: false,
            next_job: 0,
            outgoing: VecDeque::new(),
            pending: BTreeMap::new(),
            held: Held::default(),
        }
    }
}

impl<B: Clone> Queue<B> {
    /// Queues `request` (with `bytes`) as a new job; returns its number.
    pub fn ask(
        &mut self,
        request: Request,
        bytes: Option<B>,
        label: String,
        quiet: bool,
        now: f64,
        done: Done<B>,
    ) -> u32 {
        let job = self.next_job;
        self.next_job += 1;
        self.outgoing.push_back(Outgoing { job, request: request.clone(), bytes: bytes.clone() });
        self.pending.insert(job, Pending { label, quiet, asked: now, request, bytes, done });
        job
    }

    /// The worker listens: messages may go.
    pub fn set_ready(&mut self) {
        self.ready = true;
    }

    /// The next message to post, once the worker is ready and the one before has gone
    /// (a message's bytes are read before it is posted, and order must hold).
    pub fn next_to_send(&mut self) -> Option<Outgoing<B>> {
        if !self.ready || self.sending {
            return None;
        }
        let next = self.outgoing.pop_front()?;
        self.sending = true;
        Some(next)
    }

    /// The message [`Queue::next_to_send`] gave has been posted.
    pub fn sent(&mut self) {
        self.sending = false;
    }

    /// The job `job` while it waits for its answer.
    pub fn pending(&self, job: u32) -> Option<&Pending<B>> {
        self.pending.get(&job)
    }

    /// Job `job` is answered: what to call with what. A job that succeeded changes what the
    /// worker holds. `None` for a job this queue does not know (answered or cancelled).
    pub fn answer(
        &mut self,
        job: u32,
        answer: Result<Response, String>,
        bytes: Option<B>,
    ) -> Option<(Pending<B>, Answer<B>)> {
        let pending = self.pending.remove(&job)?;
        if answer.is_ok() {
            self.held.after(&pending.request, &pending.bytes);
        }
        Some((pending, answer.map(|r| (r, bytes)).map_err(JobError::Failed)))
    }

    /// Forgets every message and job for a new worker, and queues (quietly) what brings it
    /// to the state the old one was in. Returns the jobs that were waiting: each is to be told
    /// it was cancelled.
    pub fn restart(&mut self, now: f64) -> Vec<Pending<B>> {
        self.ready = false;
        self.sending = false;
        self.outgoing.clear();
        let cancelled = std::mem::take(&mut self.pending).into_values().collect();
        for (request, bytes) in self.held.replay() {
            self.ask(request, bytes, String::new(), true, now, Box::new(|_| {}));
        }
        cancelled
    }
}

impl<B> Pending<B> {
    /// Tells whoever asked.
    pub fn finish(self, answer: Answer<B>) {
        (self.done)(answer);
    }
}

#[cfg(test)]
mod tests {
    use std::{cell::RefCell, rc::Rc};

    use super::*;

    type Log = Rc<RefCell<Vec<(u32, Answer<&'static str>)>>>;

    fn load(slot: Slot, name: &str) -> Request {
        Request::Load { slot, name: name.into(), demo: false, sheet: None }
    }

    fn ask(q: &mut Queue<&'static str>, log: &Log, request: Request, bytes: Option<&'static str>) -> u32 {
        let log = log.clone();
        let job = q.next_job;
        q.ask(request, bytes, "label".into(), false, 0.0, Box::new(move |a| log.borrow_mut().push((job, a))))
    }

    fn sent(q: &mut Queue<&'static str>) -> Vec<Outgoing<&'static str>> {
        let mut out = Vec::new();
        while let Some(m) = q.next_to_send() {
            out.push(m);
            q.sent();
        }
        out
    }

    fn answer(q: &mut Queue<&'static str>, job: u32, a: Result<Response, String>) {
        if let Some((pending, answer)) = q.answer(job, a, None) {
            pending.finish(answer);
        }
    }

    #[test]
    fn messages_wait_for_the_worker_and_go_one_at_a_time_in_order() {
        let (mut q, log) = (Queue::default(), Log::default());
        ask(&mut q, &log, load(Slot::Train, "a.csv"), Some("A"));
        ask(&mut q, &log, Request::Inspect { features: vec![1], prep: Default::default() }, None);
        assert_eq!(q.next_to_send(), None, "not ready yet");
        q.set_ready();
        let first = q.next_to_send().unwrap();
        assert_eq!((first.job, first.bytes), (0, Some("A")));
        assert_eq!(q.next_to_send(), None, "the first is still being posted");
        q.sent();
        assert_eq!(q.next_to_send().unwrap().request, Request::Inspect { features: vec![1], prep: Default::default() });
    }

    #[test]
    fn answers_go_to_their_job_and_failures_say_why() {
        let (mut q, log) = (Queue::default(), Log::default());
        q.set_ready();
        let a = ask(&mut q, &log, Request::Page { start: 0, len: 5 }, None);
        let b = ask(&mut q, &log, Request::UseTrainFile, None);
        answer(&mut q, b, Err("Load a file first.".into()));
        answer(&mut q, a, Ok(Response::Page(vec![])));
        answer(&mut q, a, Ok(Response::Page(vec![])));
        let log = log.borrow();
        assert_eq!(log.len(), 2, "a job is answered once");
        assert_eq!(log[0], (b, Err(JobError::Failed("Load a file first.".into()))));
        assert_eq!(log[1], (a, Ok((Response::Page(vec![]), None))));
    }

    #[test]
    fn a_restart_cancels_every_waiting_job_and_replays_what_the_worker_held() {
        let (mut q, log) = (Queue::default(), Log::default());
        q.set_ready();
        let ok = || Ok(Response::Scored(None));
        let jobs = [
            ask(&mut q, &log, load(Slot::Train, "old.csv"), Some("OLD")),
            ask(&mut q, &log, Request::UseTrainFile, None),
            ask(&mut q, &log, load(Slot::Train, "new.csv"), Some("NEW")),
            ask(&mut q, &log, load(Slot::Train, "refused.csv"), Some("BAD")),
        ];
        let classify =
            Request::Classify { model: Box::new(crate::state::Current::demo("t").unwrap().model), columns: vec![3, 4] };
        let c = ask(&mut q, &log, classify.clone(), None);
        sent(&mut q);
        for job in &jobs[..3] {
            answer(&mut q, *job, ok());
        }
        answer(&mut q, jobs[3], Err("refused".into()));
        answer(&mut q, c, ok());
        let waiting = ask(&mut q, &log, Request::Inspect { features: vec![0], prep: Default::default() }, None);
        let cancelled = q.restart(10.0);
        assert_eq!(cancelled.len(), 1);
        for p in cancelled {
            p.finish(Err(JobError::Cancelled));
        }
        assert_eq!(log.borrow().last().unwrap(), &(waiting, Err(JobError::Cancelled)));
        assert_eq!(q.next_to_send(), None, "the new worker is not ready yet");
        q.set_ready();
        let replayed: Vec<(Request, Option<&str>)> = sent(&mut q).into_iter().map(|m| (m.request, m.bytes)).collect();
        assert_eq!(
            replayed,
            vec![
                (load(Slot::Train, "new.csv"), Some("NEW")),
                // The batch file is the train file as it was when it was used, not the new one.
                (load(Slot::Batch, "old.csv"), Some("OLD")),
                (classify, None),
            ]
        );
        assert!(replayed_jobs_are_quiet(&q));
    }

    fn replayed_jobs_are_quiet(q: &Queue<&'static str>) -> bool {
        q.pending.values().all(|p| p.quiet)
    }

    #[test]
    fn a_new_batch_file_forgets_the_last_classification() {
        let mut held = Held::<u8>::default();
        held.after(&load(Slot::Train, "t"), &Some(1));
        held.after(&Request::Page { start: 0, len: 1 }, &None);
        held.after(
            &Request::Classify { model: Box::new(crate::state::Current::demo("t").unwrap().model), columns: vec![] },
            &None,
        );
        held.after(&load(Slot::Batch, "b"), &Some(2));
        assert_eq!(held.replay(), vec![(load(Slot::Train, "t"), Some(1)), (load(Slot::Batch, "b"), Some(2))]);
    }
}
