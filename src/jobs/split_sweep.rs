//! A big file's k sweep on both workers: the first sends the second the scaled features, then
//! each takes about half of the k (`split_ks`) and the shares are merged. The result is the same
//! as one worker sweeping every k (tested in `worker`); Cancel on either stops both.

use std::{cell::RefCell, rc::Rc};

use engine::{
    sweep::{split_ks, Sweep},
    SweepRequest,
};

use super::{sweep_topic, Jobs, Outcome, TopicKind};
use crate::protocol::FileKey;

/// Sweeps `request` on `first` (which holds the Train file, `file`) and `second`; `show` gets
/// the merged sweep and the file it is of, or why there is none, and nothing when the sweep was
/// cancelled or superseded.
pub fn sweep_on_both(
    first: Jobs,
    second: Jobs,
    (file, request): (FileKey, SweepRequest),
    label: &'static str,
    show: impl Fn(Result<(FileKey, Sweep), String>) + 'static,
) {
    let ks = match request.ks() {
        Ok(ks) => ks,
        Err(e) => return show(Err(e.to_string())),
    };
    let [mine, theirs] = split_ks(&ks);
    // The shares' answers; `None` once the sweep was cancelled. Not a StoredValue: the answers
    // must be collected even if the user has left the page meanwhile.
    let shares = Rc::new(RefCell::new(Some(Vec::<Result<(FileKey, Sweep), String>>::new())));
    let show = Rc::new(show);
    let collect = {
        let show = show.clone();
        move |other: Jobs| {
            let (show, shares) = (show.clone(), shares.clone());
            move |answer: Outcome<(FileKey, Sweep)>| {
                let share = match answer {
                    Ok(sweep) => Ok(sweep),
                    Err(e) if e.is_quiet() => {
                        // One share cancelled ends the sweep: stop the other if it is still running.
                        let other_running = shares.borrow_mut().take().is_some_and(|s| s.is_empty());
                        if other_running {
                            other.cancel_topic(TopicKind::Sweep);
                        }
                        return;
                    }
                    Err(e) => Err(e.to_string()),
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
                let all: Result<Vec<(FileKey, Sweep)>, String> = both.into_iter().collect();
                show(all.and_then(|shares| {
                    let file = shares.first().map(|(f, _)| *f).ok_or("No share of the sweep came back.")?;
                    if shares.iter().any(|(f, _)| *f != file) {
                        return Err("The two workers swept different files; compare k again.".to_owned());
                    }
                    Sweep::merge(shares.into_iter().map(|(_, s)| s).collect()).map(|s| (file, s))
                }));
            }
        }
    };
    let params = request.fit.params;
    let topic = sweep_topic(file, &request);
    first.model_space(file, request.clone(), label, move |answer| match answer {
        Ok(points) => {
            second.sweep_points(topic, points, theirs, params, label, collect(first));
            first.sweep(file, request, Some(mine), label, collect(second));
        }
        Err(e) if e.is_quiet() => {}
        Err(e) => show(Err(e.to_string())),
    });
}
