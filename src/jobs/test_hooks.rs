//! Test builds only (`--features test-hooks`): `window.segmentumTest.fault(worker, fault)` arms a
//! fault in the main or the second worker (see `worker/hooks.rs`), so browser tests in every
//! engine can make a worker die, garble a reply, or hold its jobs, and see the page cope.

use wasm_bindgen::{prelude::*, JsCast};

use super::{Jobs, SecondWorker};
use crate::protocol::{Fault, Request, Response};

/// Puts `segmentumTest` on `window`.
pub fn expose(main: Jobs, second: SecondWorker) {
    let fault = Closure::<dyn Fn(String, String) -> bool>::new(move |which: String, kind: String| {
        let fault = match kind.as_str() {
            "panic" => Fault::Panic,
            "exhaust" => Fault::Exhaust,
            "garble" => Fault::GarbleReply,
            "hold" => Fault::Hold,
            "release" => Fault::Release,
            _ => return false,
        };
        let jobs = match which.as_str() {
            "main" => main,
            "second" => second.jobs(),
            _ => return false,
        };
        jobs.ask(
            Request::Fault(fault),
            None,
            "",
            true,
            None,
            |_: super::Outcome<()>| {},
            |r, _| match r {
                Response::Fault => Some(()),
                _ => None,
            },
        );
        true
    });
    let hooks = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&hooks, &"fault".into(), fault.as_ref().unchecked_ref());
    fault.forget();
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"segmentumTest".into(), &hooks);
    }
}
