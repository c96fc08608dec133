//! The worker's side of the messages: one JSON envelope in (with a file's bytes as a transferred
//! ArrayBuffer), JSON replies out (with a file as a Blob). A message that cannot be read is
//! answered, not dropped: with its job's number when that much can be read, else with
//! `Reply::Unreadable`, so the page never waits for an answer that will not come.

use serde::Deserialize;

use crate::protocol::{Envelope, Reply, Request};

/// Why a message could not be read, and the job it was, if that much could be read.
#[derive(Debug, PartialEq)]
pub struct Unread {
    pub job: Option<u32>,
    pub reason: String,
}

impl Unread {
    /// The reply that tells the page.
    pub fn reply(self) -> Reply {
        match self.job {
            Some(job) => Reply::Done {
                job,
                answer: Err(format!(
                    "The worker could not read the page's request ({}). Reload the page; if it happens again, \
                     the page and the worker are from different versions of Segmentum.",
                    self.reason
                )),
            },
            None => Reply::Unreadable { reason: self.reason },
        }
    }
}

/// The envelope in a message's JSON text.
pub fn read_envelope(json: Option<String>) -> Result<Envelope<Request>, Unread> {
    #[derive(Deserialize)]
    struct JobOnly {
        job: u32,
    }
    let Some(json) = json else {
        return Err(Unread { job: None, reason: "the message has no text".into() });
    };
    serde_json::from_str(&json)
        .map_err(|e| Unread { job: serde_json::from_str::<JobOnly>(&json).ok().map(|j| j.job), reason: e.to_string() })
}

/// `reply` as JSON; a reply that cannot be written becomes its job's failure, which can.
pub fn reply_json(reply: &Reply) -> String {
    serde_json::to_string(reply).unwrap_or_else(|e| {
        let failed = match reply {
            Reply::Done { job, .. } | Reply::Progress { job, .. } => Reply::Done {
                job: *job,
                answer: Err(format!(
                    "The worker could not send its answer ({e}). Try again; if it happens again, reload the page."
                )),
            },
            _ => Reply::Unreadable { reason: e.to_string() },
        };
        serde_json::to_string(&failed).unwrap_or_default()
    })
}

/// Connects a [`super::Worker`] to the browser's worker scope.
#[cfg(target_arch = "wasm32")]
pub fn run() {
    use std::cell::RefCell;

    use wasm_bindgen::{prelude::*, JsCast};

    use super::{
        hooks::{self, Hooks},
        warm_up, Worker,
    };
    use crate::protocol::{keys, ModelFormat, Response, ResultsFormat};

    console_error_panic_hook::set_once();
    fn now() -> f64 {
        js_sys::global().unchecked_into::<web_sys::WorkerGlobalScope>().performance().map_or(0.0, |p| p.now())
    }
    fn post_json(json: &str, blob: Option<web_sys::Blob>) {
        let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &keys::JSON.into(), &json.into());
        if let Some(blob) = blob {
            let _ = js_sys::Reflect::set(&message, &keys::BLOB.into(), &blob);
        }
        let _ = scope.post_message(&message);
    }
    fn post(reply: &Reply, blob: Option<web_sys::Blob>) {
        post_json(&reply_json(reply), blob);
    }
    let _ = warm_up(now);
    let worker = RefCell::new(Worker::new(now));
    let hooks = RefCell::new(Hooks::default());
    let handle = move |(envelope, bytes): hooks::Message, mut armed: hooks::Armed| {
        let job = envelope.job;
        let blobs = js_sys::Array::new();
        let answer = worker.borrow_mut().handle(
            envelope.body,
            bytes,
            &mut |progress| {
                hooks::strike(&mut armed);
                post(&Reply::Progress { job, progress }, None)
            },
            &mut |part| {
                // SAFETY: the view is read by the Blob constructor right here, before any
                // allocation could move wasm memory; each part is copied once, into the Blob.
                let view = unsafe { js_sys::Uint8Array::view(part) };
                if let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&view)) {
                    blobs.push(&blob);
                }
            },
        );
        hooks::strike(&mut armed);
        // The parts are joined by reference, not copied again.
        let kind = match answer {
            Ok(Response::Classified(_) | Response::Borderline(_) | Response::ResultsFile(ResultsFormat::Csv)) => {
                "text/csv;charset=utf-8"
            }
            Ok(Response::ResultsFile(ResultsFormat::Xlsx)) => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            Ok(Response::ResultsFile(ResultsFormat::Lists)) => "application/zip",
            Ok(Response::ModelFile(ModelFormat::Pmml)) => "application/xml",
            _ => "application/octet-stream",
        };
        let blob = (blobs.length() > 0)
            .then(|| {
                let options = web_sys::BlobPropertyBag::new();
                options.set_type(kind);
                web_sys::Blob::new_with_blob_sequence_and_options(&blobs, &options).ok()
            })
            .flatten();
        if hooks::garbles(&armed) {
            return post_json("{ not json", None);
        }
        post(&Reply::Done { job, answer }, blob);
    };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let data = e.data();
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
        let envelope = match read_envelope(field(keys::JSON).and_then(|j| j.as_string())) {
            Ok(envelope) => envelope,
            Err(unread) => return post(&unread.reply(), None),
        };
        // A file comes as its Blob, read in pieces when the job runs; other bytes as a buffer.
        let file = field(keys::BLOB)
            .and_then(|b| b.dyn_into::<web_sys::Blob>().ok())
            .map(|blob| crate::chunks::Input::File(std::rc::Rc::new(crate::chunks::BlobSource::new(blob))));
        let bytes = field(keys::BYTES)
            .filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>())
            .map(|b| crate::chunks::Input::Bytes(js_sys::Uint8Array::new(&b).to_vec()));
        let admitted = hooks.borrow_mut().admit((envelope, file.or(bytes)));
        for (message, armed) in admitted {
            handle(message, armed);
        }
    });
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this are lost: the page waits for it.
    post(&Reply::Ready, None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Response;

    #[test]
    fn a_request_that_does_not_parse_is_answered_with_its_job_when_it_can_be_read() {
        let ok = read_envelope(Some(r#"{"job":4,"body":"UseTrainFile"}"#.into())).unwrap();
        assert_eq!((ok.job, ok.body), (4, Request::UseTrainFile));
        let bad = read_envelope(Some(r#"{"job":5,"body":{"Teleport":{}}}"#.into())).unwrap_err();
        assert_eq!(bad.job, Some(5));
        let Reply::Done { job: 5, answer: Err(why) } = bad.reply() else { panic!("not answered") };
        assert!(why.starts_with("The worker could not read the page's request (unknown variant `Teleport`"), "{why}");
        let none = read_envelope(Some("{ not json".into())).unwrap_err();
        assert_eq!(none.job, None);
        assert!(matches!(none.reply(), Reply::Unreadable { .. }));
        assert!(read_envelope(None).is_err());
    }

    #[test]
    fn replies_are_always_json() {
        let reply = Reply::Done { job: 1, answer: Ok(Response::Page(Vec::new())) };
        let back: Reply = serde_json::from_str(&reply_json(&reply)).unwrap();
        assert!(matches!(back, Reply::Done { job: 1, .. }));
    }
}
