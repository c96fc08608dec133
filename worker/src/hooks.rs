//! Test builds only (`--features test-hooks`): faults the browser tests arm to see the page cope
//! with a worker that panics, runs out of memory or garbles a reply, and a hold that keeps jobs
//! waiting so a test can act while one is "running" without racing the machine's speed. A
//! normal build has the same calls, doing nothing.

use crate::protocol::{Envelope, Request};

/// A request with the file or bytes that came with it, as it arrived.
pub type Message = (Envelope<Request>, Option<crate::chunks::Input>);

#[cfg(feature = "test-hooks")]
pub use armed::*;

#[cfg(feature = "test-hooks")]
mod armed {
    use super::Message;
    use crate::protocol::{Fault, Request};

    /// What the tests have armed, and the jobs a hold keeps waiting.
    #[derive(Default)]
    pub struct Hooks {
        next: Option<Fault>,
        held: Option<Vec<Message>>,
    }

    /// A fault one job carries: it strikes mid-job ([`strike`]) or on its reply ([`garbles`]).
    pub type Armed = Option<Fault>;

    impl Hooks {
        /// The messages to handle now, each with the fault it carries: a fault request arms
        /// the next job; while a hold lasts, jobs wait and `Release` lets them go, in order.
        pub fn admit(&mut self, message: Message) -> Vec<(Message, Armed)> {
            match &message.0.body {
                Request::Fault(Fault::Hold) => self.held = Some(Vec::new()),
                Request::Fault(Fault::Release) => {
                    let waiting = self.held.take().unwrap_or_default();
                    return std::iter::once((message, None)).chain(waiting.into_iter().map(|m| (m, None))).collect();
                }
                Request::Fault(fault) => self.next = Some(*fault),
                _ => {
                    if let Some(held) = self.held.as_mut() {
                        held.push(message);
                        return Vec::new();
                    }
                    return vec![(message, self.next.take())];
                }
            }
            vec![(message, None)]
        }
    }

    /// Makes a job fail now if it carries a panic or an exhaustion.
    pub fn strike(armed: &mut Armed) {
        match armed.take() {
            Some(Fault::Panic) => panic!("test fault: the worker panics mid-job"),
            Some(Fault::Exhaust) => {
                // Allocate until the memory cannot grow: the allocator's failure aborts, as a
                // real out-of-memory would. The pages are never touched, so this costs no RAM.
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(Vec::with_capacity(64 << 20));
                }
            }
            other => *armed = other,
        }
    }

    /// Whether the job's reply is to be garbled.
    pub fn garbles(armed: &Armed) -> bool {
        *armed == Some(Fault::GarbleReply)
    }
}

#[cfg(not(feature = "test-hooks"))]
pub use inert::*;

#[cfg(not(feature = "test-hooks"))]
mod inert {
    use super::Message;

    #[derive(Default)]
    pub struct Hooks;

    pub type Armed = ();

    impl Hooks {
        pub fn admit(&mut self, message: Message) -> Vec<(Message, Armed)> {
            vec![(message, ())]
        }
    }

    pub fn strike(_: &mut Armed) {}

    pub fn garbles(_: &Armed) -> bool {
        false
    }
}

#[cfg(all(test, feature = "test-hooks"))]
mod tests {
    use super::*;
    use crate::protocol::{Envelope, Fault};

    fn message(job: u32, body: Request) -> Message {
        (Envelope { job, body }, None)
    }

    #[test]
    fn a_hold_keeps_jobs_waiting_until_release_then_lets_them_go_in_order() {
        let mut hooks = Hooks::default();
        assert_eq!(hooks.admit(message(0, Request::Fault(Fault::Hold))).len(), 1, "the hold is answered");
        assert!(hooks.admit(message(1, Request::UseTrainFile)).is_empty());
        assert!(hooks.admit(message(2, Request::Page { start: 0, len: 1 })).is_empty());
        let released: Vec<u32> =
            hooks.admit(message(3, Request::Fault(Fault::Release))).into_iter().map(|(m, _)| m.0.job).collect();
        assert_eq!(released, [3, 1, 2]);
        assert_eq!(hooks.admit(message(4, Request::UseTrainFile)).len(), 1, "no hold any more");
    }

    #[test]
    fn a_fault_is_carried_by_the_next_job_only() {
        let mut hooks = Hooks::default();
        let armed = hooks.admit(message(0, Request::Fault(Fault::GarbleReply)));
        assert_eq!(armed[0].1, None, "the fault request itself is answered normally");
        let next = hooks.admit(message(1, Request::UseTrainFile));
        assert!(garbles(&next[0].1));
        assert_eq!(hooks.admit(message(2, Request::UseTrainFile))[0].1, None);
    }
}
