//! Running the demo through every step before the worker says it is ready.
//!
//! V8 runs WebAssembly in a baseline tier first and moves a function to optimised code only for
//! its next call, once it has been busy: the single long call that reads a million-row file would
//! otherwise run unoptimised from start to end, about twice as slow. Run before the worker says
//! it is ready, this costs some tens of milliseconds of an idle core.

use super::Worker;
use crate::protocol::{Request, Response, Slot};

/// Rounds of [`warm_up`]: enough for V8 to optimise the paths a big file takes.
pub const WARM_UP_ROUNDS: usize = 25;

/// Runs a file's whole journey — read, train, classify, write — on the demo, a few times.
/// Returns the rounds that went all the way.
pub fn warm_up(clock: fn() -> f64) -> usize {
    let mut done = 0;
    for _ in 0..WARM_UP_ROUNDS {
        if one_round(clock).is_none() {
            break;
        }
        done += 1;
    }
    done
}

fn one_round(clock: fn() -> f64) -> Option<()> {
    let mut w = Worker::new(clock);
    let mut ask = |request| w.handle(request, None, &mut |_| {}, &mut |_| {}).ok();
    let Some(Response::Loaded(summary)) =
        ask(Request::Load { slot: Slot::Train, name: String::new(), demo: true, sheet: None })
    else {
        return None;
    };
    let mut request = engine::TrainRequest::new(summary.default_features.clone(), 5);
    request.fit.params.n_init = 2;
    let Some(Response::Trained(trained)) = ask(Request::Train { request }) else { return None };
    ask(Request::UseTrainFile)?;
    let classify = Request::Classify { model: Box::new(trained.model), columns: summary.default_features.clone() };
    matches!(ask(classify), Some(Response::Classified(_))).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warming_up_takes_the_demo_all_the_way_every_round() {
        assert_eq!(warm_up(|| 0.0), WARM_UP_ROUNDS);
    }
}
