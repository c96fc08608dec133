//! A big file's k sweep on both workers: the first sends the second the scaled features, then
//! each takes about half of the k (`split_ks`) and the shares are merged. The result is the same
//! as one worker sweeping every k (tested in `worker`); Cancel on either stops both.

use std::{cell::RefCell, rc::Rc};

use engine::{
    sweep::{split_ks, Sweep},
    SweepRequest,
};

use super::{JobError, Jobs, Outcome};

/// Sweeps `request` on `first` (which holds the Train file) and `second`; `show` gets the merged
/// sweep or why there is none, and nothing when the sweep was cancelled.
pub fn sweep_on_both(
    first: Jobs,
    second: Jobs,
    request: SweepRequest,
    label: &'static str,
    show: impl Fn(Result<Sweep, String>) + 'static,
) {
    let ks = match request.ks() {
        Ok(ks) => ks,
        Err(e) => return show(Err(e.to_string())),
    };
    let [mine, theirs] = split_ks(&ks);
    // The shares' answers; `None` once the sweep was cancelled. Not a StoredValue: the answers
    // must be collected even if the user has left the page meanwhile.
    let shares = Rc::new(RefCell::new(Some(Vec::<Result<Sweep, String>>::new())));
    let show = Rc::new(show);
    let collect = {
        let show = show.clone();
        move |other: Jobs| {
            let (show, shares) = (show.clone(), shares.clone());
            move |answer: Outcome<Sweep>| {
                let share = match answer {
                    Ok(sweep) => Ok(sweep),
                    Err(JobError::Cancelled) => {
                        // One share cancelled ends the sweep: stop the other if it is still running.
                        let other_running = shares.borrow_mut().take().is_some_and(|s| s.is_empty());
                        if other_running {
                            other.cancel();
                        }
                        return;
                    }
                    Err(JobError::Failed(why)) => Err(why),
                };
                let both = {
                    let mut shares = shares.borrow_mut();
                    let Some(done) = shares.as_mut() else { return };
                    done.push(share);
                    if done.len() < 2 {
                        return;
                    }
                    shares.take().unwrap_or_default()
                };
                let all: Result<Vec<Sweep>, String> = both.into_iter().collect();
                show(all.and_then(Sweep::merge));
            }
        }
    };
    let params = request.fit.params;
    first.model_space(request.clone(), label, move |answer| match answer {
        Ok((dim, points)) => {
            second.sweep_points(dim, theirs, params, points, label, collect(first));
            first.sweep(request, Some(mine), label, collect(second));
        }
        Err(JobError::Cancelled) => {}
        Err(JobError::Failed(why)) => show(Err(why)),
    });
}
