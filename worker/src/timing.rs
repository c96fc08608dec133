//! How long each phase of a job takes, and where a job is, for the progress bar.

use crate::protocol::{Progress, Timings};

/// Timing names of training's two k-means phases (the benchmark reads them).
pub const STARTS: &str = "k-means++ starts and their Lloyd runs (on a 5,000-row sample above that)";
pub const REFINE: &str = "Lloyd iterations on all rows from the best start";

pub fn progress(phase: String, done: f64, total: f64) -> Progress {
    Progress { phase, done, total }
}

/// Named laps of a job, in milliseconds.
pub struct Timer {
    clock: fn() -> f64,
    last: f64,
    pub laps: Timings,
}

impl Timer {
    pub fn new(clock: fn() -> f64) -> Timer {
        Timer { clock, last: clock(), laps: Vec::new() }
    }

    pub fn lap(&mut self, name: &str) {
        let now = (self.clock)();
        self.laps.push((name.to_owned(), now - self.last));
        self.last = now;
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    thread_local! {
        static NOW: Cell<f64> = const { Cell::new(0.0) };
    }

    fn clock() -> f64 {
        NOW.with(Cell::get)
    }

    #[test]
    fn laps_are_the_time_since_the_lap_before() {
        NOW.with(|n| n.set(100.0));
        let mut t = Timer::new(clock);
        NOW.with(|n| n.set(130.0));
        t.lap("read");
        NOW.with(|n| n.set(180.0));
        t.lap("fit");
        assert_eq!(t.laps, vec![("read".to_owned(), 30.0), ("fit".to_owned(), 50.0)]);
    }
}
