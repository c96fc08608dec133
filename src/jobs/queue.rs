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
    /// A newer request made this one pointless (a sweep for settings no longer shown, …).
    Superseded,
    /// The worker refused or failed, and says why.
    Failed(String),
}

impl JobError {
    /// Whether the page has nothing to tell the user about it: they asked for it themselves.
    pub fn is_quiet(&self) -> bool {
        matches!(self, JobError::Cancelled | JobError::Superseded)
    }
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobError::Cancelled => f.write_str("Cancelled. Everything is as it was before."),
            JobError::Superseded => f.write_str("Replaced by a newer request."),
            JobError::Failed(why) => f.write_str(why),
        }
    }
}

/// A job's answer: the response and the bytes that came with it, or why there is none.
pub type Answer<B> = Result<(Response, Option<B>), JobError>;
/// What to do with an answer.
pub type Done<B> = Box<dyn FnOnce(Answer<B>)>;

/// What a job is about, when a newer job makes it pointless (see [`Topic::supersedes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub kind: TopicKind,
    /// What exactly: the settings swept, the model scored, …
    pub key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicKind {
    /// Which rows the chosen features leave out: quick, so only waiting ones are dropped.
    Inspect,
    /// A k sweep: a running one is stopped too.
    Sweep,
    /// Training a model (keyed by its time of training): a newer training, or the scoring of
    /// another model, never stops it; it stops the scoring of any other model.
    Model,
    /// Scoring a model (its silhouette, stability, borderline customers): a running one is
    /// stopped too once another model is scored or trained.
    Scoring,
}

impl TopicKind {
    /// Whether a running job of this kind is worth stopping the worker for.
    fn interrupts(self) -> bool {
        !matches!(self, TopicKind::Inspect)
    }
}

impl Topic {
    /// Whether a job about `self` makes one about `older` pointless: the same kind of thing with
    /// another key (a training asked twice is two trainings: both go on), or scoring of a model
    /// that a training replaces.
    fn supersedes(&self, older: &Topic) -> bool {
        self.key != older.key
            && match (self.kind, older.kind) {
                (TopicKind::Model, TopicKind::Model) => false,
                (TopicKind::Model, TopicKind::Scoring) => true,
                (new, old) => new == old,
            }
    }
}

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
    topic: Option<Topic>,
    /// When it was posted to the worker, in posting order (the worker answers in that order:
    /// the first posted is the one running).
    sent: Option<u64>,
    /// Asked by a restart to bring a new worker to the old one's state.
    replay: bool,
}

/// What the worker holds because of the requests it answered: its two files and the last
/// classification. Folded from the answered requests by [`Held::after`], so a new worker is
/// handed exactly this.
#[derive(Debug, Clone, PartialEq)]
pub struct Held<B> {
    train: Option<(Request, Option<B>)>,
    batch: Option<(Request, Option<B>)>,
    classified: Option<Request>,
    /// Test builds: a hold the tests armed outlasts a restart, as the files do.
    #[cfg(feature = "test-hooks")]
    hold: bool,
}

impl<B> Default for Held<B> {
    fn default() -> Self {
        Held {
            train: None,
            batch: None,
            classified: None,
            #[cfg(feature = "test-hooks")]
            hold: false,
        }
    }
}

impl<B: Clone> Held<B> {
    /// What the worker holds once it has answered `request` (sent with `bytes`).
    fn after(&mut self, request: &Request, bytes: &Option<B>) {
        match request {
            Request::Load { slot: Slot::Train, .. } | Request::Customers { slot: Slot::Train, .. } => {
                self.train = Some((request.clone(), bytes.clone()))
            }
            Request::Load { slot: Slot::Batch, .. } | Request::Customers { slot: Slot::Batch, .. } => {
                self.batch = Some((request.clone(), bytes.clone()));
                self.classified = None;
            }
            Request::UseTrainFile => {
                self.batch = self.train.clone().map(|(r, b)| (into_slot(r, Slot::Batch), b));
                self.classified = None;
            }
            Request::Classify { .. } => self.classified = Some(request.clone()),
            #[cfg(feature = "test-hooks")]
            Request::Fault(fault) => match fault {
                crate::protocol::Fault::Hold => self.hold = true,
                crate::protocol::Fault::Release => self.hold = false,
                _ => {}
            },
            _ => {}
        }
    }

    /// Forgets what `request` gave the worker: a new worker died while being handed it, or
    /// could not be handed it.
    fn let_go(&mut self, request: &Request) {
        match request {
            Request::Load { slot: Slot::Train, .. } | Request::Customers { slot: Slot::Train, .. } => self.train = None,
            Request::Load { slot: Slot::Batch, .. } | Request::Customers { slot: Slot::Batch, .. } => {
                self.batch = None;
                self.classified = None;
            }
            Request::Classify { .. } => self.classified = None,
            #[cfg(feature = "test-hooks")]
            Request::Fault(crate::protocol::Fault::Hold) => self.hold = false,
            _ => {}
        }
    }

    /// The requests that bring a new worker to this state, in order.
    fn replay(&self) -> Vec<(Request, Option<B>)> {
        #[cfg(feature = "test-hooks")]
        let hold = self.hold.then(|| (Request::Fault(crate::protocol::Fault::Hold), None));
        #[cfg(not(feature = "test-hooks"))]
        let hold = None;
        let files = self.train.iter().chain(&self.batch).cloned();
        hold.into_iter().chain(files).chain(self.classified.iter().map(|r| (r.clone(), None))).collect()
    }
}

/// What a job that hands a new worker the old one's `request` is doing, as the user would say it.
fn replay_label(request: &Request) -> String {
    match request {
        Request::Load { name, .. } | Request::Customers { name, .. } => {
            format!("taking over {name} from the worker before")
        }
        _ => "taking over from the worker before".to_owned(),
    }
}

fn into_slot(request: Request, slot: Slot) -> Request {
    match request {
        Request::Load { name, demo, sheet, .. } => Request::Load { slot, name, demo, sheet },
        Request::Customers { name, sheet, build, .. } => Request::Customers { slot, name, sheet, build },
        other => other,
    }
}

/// Why a worker is replaced, which decides what happens to the jobs it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restart {
    /// The user pressed Cancel: every job is cancelled.
    Cancel,
    /// The worker died or stopped making sense: every job failed.
    Died,
    /// A running job was superseded: the other jobs go to the new worker.
    Interrupt,
}

/// What a new job did to the jobs before it.
pub struct Asked<B> {
    pub job: u32,
    /// Jobs it makes pointless, answered by no one yet: each is to be told.
    pub superseded: Vec<Pending<B>>,
    /// One of them is running: the worker is to be restarted ([`Restart::Interrupt`]).
    pub interrupt: bool,
}

/// How many times in a row a worker may die before it is no longer restarted.
const MAX_DEATHS: u32 = 3;

/// One worker's queue and pending jobs.
pub struct Queue<B> {
    ready: bool,
    sending: bool,
    next_job: u32,
    outgoing: VecDeque<Outgoing<B>>,
    pending: BTreeMap<u32, Pending<B>>,
    held: Held<B>,
    /// Deaths since the last answer.
    deaths: u32,
    /// Messages posted so far.
    posted: u64,
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
            deaths: 0,
            posted: 0,
        }
    }
}

impl<B: Clone> Queue<B> {
    /// Queues `request` (with `bytes`) as a new job. Jobs it supersedes ([`Topic::supersedes`])
    /// are taken out of the queue and handed back to be told.
    #[allow(clippy::too_many_arguments)]
    pub fn ask(
        &mut self,
        request: Request,
        bytes: Option<B>,
        label: String,
        quiet: bool,
        now: f64,
        done: Done<B>,
        topic: Option<Topic>,
    ) -> Asked<B> {
        let stale: Vec<u32> = match &topic {
            Some(t) => self
                .pending
                .iter()
                .filter(|(_, p)| p.topic.as_ref().is_some_and(|o| t.supersedes(o)))
                .map(|(&job, _)| job)
                .collect(),
            None => Vec::new(),
        };
        let superseded: Vec<Pending<B>> = stale.iter().filter_map(|job| self.pending.remove(job)).collect();
        self.outgoing.retain(|o| !stale.contains(&o.job));
        let interrupt =
            superseded.iter().any(|p| p.sent.is_some() && p.topic.as_ref().is_some_and(|t| t.kind.interrupts()));
        // A hold or release counts from when it is asked: one still unanswered at a restart
        // must not leave the new worker held, or released, against the test's last word.
        #[cfg(feature = "test-hooks")]
        if matches!(request, Request::Fault(_)) {
            self.held.after(&request, &None);
        }
        let job = self.next_job;
        self.next_job += 1;
        self.outgoing.push_back(Outgoing { job, request: request.clone(), bytes: bytes.clone() });
        let pending = Pending { label, quiet, asked: now, request, bytes, done, topic, sent: None, replay: false };
        self.pending.insert(job, pending);
        Asked { job, superseded, interrupt }
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
        if let Some(p) = self.pending.get_mut(&next.job) {
            p.sent = Some(self.posted);
        }
        self.posted += 1;
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

    /// Takes out every job about `kind` (the user stopped it), to be told; and whether one of
    /// them was running (the worker is then to be restarted, [`Restart::Interrupt`]).
    pub fn drop_kind(&mut self, kind: TopicKind) -> (Vec<(u32, Pending<B>)>, bool) {
        let jobs: Vec<u32> = self
            .pending
            .iter()
            .filter(|(_, p)| p.topic.as_ref().is_some_and(|t| t.kind == kind))
            .map(|(&job, _)| job)
            .collect();
        self.outgoing.retain(|o| !jobs.contains(&o.job));
        let dropped: Vec<(u32, Pending<B>)> =
            jobs.iter().filter_map(|job| self.pending.remove(job).map(|p| (*job, p))).collect();
        let running = dropped.iter().any(|(_, p)| p.sent.is_some());
        (dropped, running)
    }

    /// Whether a job that shows in the job status, other than `job`, is waiting for its answer.
    pub fn showing_other_than(&self, job: u32) -> bool {
        self.pending.iter().any(|(&j, p)| j != job && !p.quiet)
    }

    /// The job the worker is on: the first posted and not yet answered.
    pub fn running(&self) -> Option<&Pending<B>> {
        self.pending.values().filter(|p| p.sent.is_some()).min_by_key(|p| p.sent)
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
        self.deaths = 0;
        // Order lines loaded are only looked at: the worker holds what it held before.
        let looked_at = matches!(&answer, Ok(Response::Loaded(summary)) if summary.orders.is_some());
        if answer.is_ok() && !looked_at {
            self.held.after(&pending.request, &pending.bytes);
        } else if pending.replay && !looked_at {
            self.held.let_go(&pending.request);
        }
        Some((pending, answer.map(|r| (r, bytes)).map_err(JobError::Failed)))
    }

    /// Readies the queue for a new worker and queues (quietly) what brings it to the state the
    /// old one was in. Returns the jobs to be told they are over (cancelled, or failed; after
    /// an interrupt there are none: every job goes to the new worker, after the replay), and
    /// whether to start a new worker.
    ///
    /// A worker that died while being handed one of the old one's files cannot hold it: that file
    /// is let go rather than handed to the next one. After [`MAX_DEATHS`] deaths in a row without an
    /// answer between, no new worker is to be started.
    pub fn restart(&mut self, why: Restart, now: f64) -> (Vec<Pending<B>>, bool) {
        if why == Restart::Died {
            if let Some(replay) = self.running().filter(|p| p.replay).map(|p| p.request.clone()) {
                self.held.let_go(&replay);
            }
            self.deaths += 1;
        }
        self.ready = false;
        self.sending = false;
        self.outgoing.clear();
        let all = std::mem::take(&mut self.pending);
        let (over, kept) = match why {
            Restart::Interrupt => (Vec::new(), all),
            Restart::Cancel | Restart::Died => (all.into_values().collect(), BTreeMap::new()),
        };
        if self.deaths >= MAX_DEATHS {
            self.held = Held::default();
            return (over, false);
        }
        for (request, bytes) in self.held.replay() {
            let label = replay_label(&request);
            let job = self.ask(request, bytes, label, true, now, Box::new(|_| {}), None).job;
            if let Some(p) = self.pending.get_mut(&job) {
                p.replay = true;
            }
        }
        for (job, mut p) in kept.into_iter().filter(|(_, p)| !p.replay) {
            p.sent = None;
            self.outgoing.push_back(Outgoing { job, request: p.request.clone(), bytes: p.bytes.clone() });
            self.pending.insert(job, p);
        }
        (over, true)
    }
}

impl<B> Pending<B> {
    /// Whether it hands a new worker what the old one held (asked by a restart, not the user).
    pub fn is_replay(&self) -> bool {
        self.replay
    }

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
        ask_about(q, log, request, bytes, None).job
    }

    fn ask_about(
        q: &mut Queue<&'static str>,
        log: &Log,
        request: Request,
        bytes: Option<&'static str>,
        topic: Option<Topic>,
    ) -> Asked<&'static str> {
        let log = log.clone();
        let job = q.next_job;
        let asked = q.ask(
            request,
            bytes,
            format!("label {job}"),
            false,
            0.0,
            Box::new(move |a| log.borrow_mut().push((job, a))),
            topic,
        );
        assert_eq!(asked.job, job);
        asked
    }

    fn sweep_topic(key: &str) -> Option<Topic> {
        Some(Topic { kind: TopicKind::Sweep, key: key.into() })
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
        let (cancelled, again) = q.restart(Restart::Cancel, 10.0);
        assert!(again);
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

    #[test]
    fn order_lines_looked_at_are_not_held_and_a_built_table_is_replayed_by_its_build() {
        use crate::protocol::{BuildSettings, OrderLines};
        use engine::rfm::OrderColumns;
        let (mut q, log) = (Queue::default(), Log::default());
        q.set_ready();
        let columns = OrderColumns { customer: 0, date: 1, order: None, amount: Some(2), quantity: None, price: None };
        let mut lines = crate::demo::demo_summary();
        lines.orders = Some(OrderLines { columns, bytes: 10, whole: true });
        let looked_at = || Ok(Response::Loaded(Box::new(lines.clone())));
        let build = BuildSettings { columns, date_order: None, analysis: None, keep_left_out: true };
        let customers = Request::Customers { slot: Slot::Batch, name: "orders.csv".into(), sheet: None, build };
        let jobs = [
            ask(&mut q, &log, load(Slot::Train, "customers.csv"), Some("CUSTOMERS")),
            ask(&mut q, &log, load(Slot::Train, "orders.csv"), Some("ORDERS")),
            ask(&mut q, &log, load(Slot::Batch, "orders.csv"), Some("ORDERS")),
            ask(&mut q, &log, customers.clone(), Some("ORDERS")),
        ];
        sent(&mut q);
        answer(&mut q, jobs[0], Ok(Response::Scored(None)));
        answer(&mut q, jobs[1], looked_at());
        answer(&mut q, jobs[2], looked_at());
        answer(&mut q, jobs[3], Ok(Response::Scored(None)));
        q.restart(Restart::Cancel, 10.0);
        q.set_ready();
        let replayed: Vec<(Request, Option<&str>)> = sent(&mut q).into_iter().map(|m| (m.request, m.bytes)).collect();
        // Train still holds the customer table (order lines were only looked at); Batch the
        // table built from the order lines, built again from them.
        assert_eq!(
            replayed,
            vec![(load(Slot::Train, "customers.csv"), Some("CUSTOMERS")), (customers, Some("ORDERS"))]
        );
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

    #[test]
    fn a_newer_sweep_drops_a_waiting_one_and_interrupts_a_running_one_keeping_the_other_jobs() {
        let (mut q, log) = (Queue::default(), Log::default());
        q.set_ready();
        let file = ask(&mut q, &log, load(Slot::Train, "a.csv"), Some("A"));
        sent(&mut q);
        answer(&mut q, file, Ok(Response::Scored(None)));
        let sweep = |k| Request::Sweep { request: engine::SweepRequest::new(vec![k], 2..=4), only: None };
        let old = ask_about(&mut q, &log, sweep(0), None, sweep_topic("a"));
        let waiting = ask_about(&mut q, &log, sweep(1), None, sweep_topic("b"));
        assert_eq!(waiting.superseded.len(), 1, "the first, not yet posted, is dropped");
        assert!(!waiting.interrupt);
        assert_eq!(waiting.superseded.into_iter().next().map(|p| p.label), Some(format!("label {}", old.job)));
        sent(&mut q);
        let other = ask(&mut q, &log, Request::Page { start: 0, len: 1 }, None);
        let newest = ask_about(&mut q, &log, sweep(2), None, sweep_topic("c"));
        assert!(newest.interrupt, "the one running is stopped");
        let same = ask_about(&mut q, &log, sweep(2), None, sweep_topic("c"));
        assert!(same.superseded.is_empty(), "the same sweep asked twice supersedes nothing");
        let (over, again) = q.restart(Restart::Interrupt, 1.0);
        assert!(over.is_empty() && again);
        q.set_ready();
        let resent: Vec<Request> = sent(&mut q).into_iter().map(|m| m.request).collect();
        assert_eq!(resent, vec![load(Slot::Train, "a.csv"), Request::Page { start: 0, len: 1 }, sweep(2), sweep(2)]);
        assert_eq!(
            q.running().map(|p| p.label.clone()).as_deref(),
            Some("taking over a.csv from the worker before"),
            "the replay runs first"
        );
        let _ = other;
    }

    #[test]
    fn inspections_drop_waiting_ones_but_never_stop_the_worker() {
        let (mut q, log) = (Queue::default(), Log::default());
        q.set_ready();
        let inspect = |c| Request::Inspect { features: vec![c], prep: Default::default() };
        let topic = |k: &str| Some(Topic { kind: TopicKind::Inspect, key: k.into() });
        ask_about(&mut q, &log, inspect(0), None, topic("0"));
        sent(&mut q);
        let next = ask_about(&mut q, &log, inspect(1), None, topic("1"));
        assert_eq!((next.superseded.len(), next.interrupt), (1, false));
    }

    #[test]
    fn a_dead_worker_fails_every_job_names_the_running_one_and_gives_up_after_three_deaths() {
        let (mut q, log) = (Queue::default(), Log::default());
        q.set_ready();
        let file = ask(&mut q, &log, load(Slot::Train, "a.csv"), Some("A"));
        sent(&mut q);
        answer(&mut q, file, Ok(Response::Scored(None)));
        let reading = ask(&mut q, &log, load(Slot::Batch, "huge.csv"), Some("HUGE"));
        let after = ask(&mut q, &log, Request::Page { start: 0, len: 1 }, None);
        q.next_to_send();
        q.sent();
        assert_eq!(q.running().map(|p| p.label.clone()), Some(format!("label {reading}")));
        let (failed, again) = q.restart(Restart::Died, 1.0);
        assert!(again);
        assert_eq!(failed.len(), 2, "{after} waited behind it");
        q.set_ready();
        let replayed: Vec<Request> = sent(&mut q).into_iter().map(|m| m.request).collect();
        assert_eq!(replayed, vec![load(Slot::Train, "a.csv")], "the file that killed it is not held");
        // The replay kills the next worker too: the file is let go, not handed on again.
        let (_, again) = q.restart(Restart::Died, 2.0);
        assert!(again);
        q.set_ready();
        assert!(sent(&mut q).is_empty());
        let (_, again) = q.restart(Restart::Died, 3.0);
        assert!(!again, "three deaths in a row: no new worker");
    }

    #[test]
    fn a_training_stops_the_scoring_of_another_model_but_not_another_training() {
        let topic = |kind, key: &str| Topic { kind, key: key.into() };
        let (train_a, train_b) = (topic(TopicKind::Model, "a"), topic(TopicKind::Model, "b"));
        let (score_a, score_b) = (topic(TopicKind::Scoring, "a"), topic(TopicKind::Scoring, "b"));
        assert!(train_b.supersedes(&score_a));
        assert!(!score_b.supersedes(&train_a), "scoring never stops a training");
        assert!(!train_b.supersedes(&train_a), "two trainings asked are two models");
        assert!(score_b.supersedes(&score_a));
        assert!(!score_a.supersedes(&score_a), "the same scoring asked twice");
    }

    #[test]
    fn stopping_a_kind_takes_out_its_jobs_and_says_whether_one_was_running() {
        let (mut q, log) = (Queue::default(), Log::default());
        q.set_ready();
        let scoring = |k: &str| Some(Topic { kind: TopicKind::Scoring, key: k.into() });
        let sweep = Request::Sweep { request: engine::SweepRequest::new(vec![0], 2..=4), only: None };
        ask_about(&mut q, &log, sweep.clone(), None, sweep_topic("a"));
        sent(&mut q);
        let page = ask(&mut q, &log, Request::Page { start: 0, len: 1 }, None);
        ask_about(&mut q, &log, Request::Page { start: 1, len: 1 }, None, scoring("m"));
        let (dropped, running) = q.drop_kind(TopicKind::Scoring);
        assert_eq!((dropped.len(), running), (1, false), "a waiting scoring is only taken out");
        let (dropped, running) = q.drop_kind(TopicKind::Sweep);
        assert_eq!((dropped.len(), running), (1, true), "the running sweep needs a restart");
        assert!(q.pending(page).is_some(), "other jobs stay");
        assert_eq!(sent(&mut q).into_iter().map(|m| m.job).collect::<Vec<_>>(), vec![page]);
    }

    #[cfg(feature = "test-hooks")]
    #[test]
    fn a_hold_the_tests_armed_is_handed_to_a_new_worker_before_the_files() {
        use crate::protocol::Fault;
        let (mut q, log) = (Queue::default(), Log::default());
        q.set_ready();
        let file = ask(&mut q, &log, load(Slot::Train, "a.csv"), Some("A"));
        let hold = ask(&mut q, &log, Request::Fault(Fault::Hold), None);
        sent(&mut q);
        answer(&mut q, file, Ok(Response::Scored(None)));
        answer(&mut q, hold, Ok(Response::Scored(None)));
        q.restart(Restart::Cancel, 1.0);
        q.set_ready();
        let replayed: Vec<Request> = sent(&mut q).into_iter().map(|m| m.request).collect();
        assert_eq!(replayed, vec![Request::Fault(Fault::Hold), load(Slot::Train, "a.csv")]);
    }

    #[test]
    fn a_file_the_new_worker_could_not_be_handed_is_let_go() {
        let (mut q, log) = (Queue::default(), Log::default());
        q.set_ready();
        let (train, batch) = (
            ask(&mut q, &log, load(Slot::Train, "a.csv"), Some("A")),
            ask(&mut q, &log, load(Slot::Batch, "b.csv"), Some("B")),
        );
        sent(&mut q);
        answer(&mut q, train, Ok(Response::Scored(None)));
        answer(&mut q, batch, Ok(Response::Scored(None)));
        q.restart(Restart::Cancel, 1.0);
        q.set_ready();
        let replayed = sent(&mut q);
        assert!(q.pending(replayed[0].job).is_some_and(Pending::is_replay));
        // a.csv went away since it was chosen: its replay fails, and it is not held any more.
        answer(&mut q, replayed[0].job, Err("could not be read".into()));
        answer(&mut q, replayed[1].job, Ok(Response::Scored(None)));
        q.restart(Restart::Cancel, 2.0);
        q.set_ready();
        let again: Vec<Request> = sent(&mut q).into_iter().map(|m| m.request).collect();
        assert_eq!(again, vec![load(Slot::Batch, "b.csv")]);
    }

    #[cfg(feature = "test-hooks")]
    #[test]
    fn a_release_counts_from_when_it_is_asked() {
        use crate::protocol::Fault;
        let (mut q, log) = (Queue::default(), Log::default());
        q.set_ready();
        ask(&mut q, &log, Request::Fault(Fault::Hold), None);
        ask(&mut q, &log, Request::Fault(Fault::Release), None);
        // Neither answered yet when the worker is replaced: the new one is not held.
        q.restart(Restart::Cancel, 1.0);
        q.set_ready();
        assert!(sent(&mut q).is_empty());
    }
}
