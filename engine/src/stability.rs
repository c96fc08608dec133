//! How stable each segment is: Hennig's cluster-wise bootstrap ("clusterboot", Hennig 2007,
//! Computational Statistics & Data Analysis 52). The rows are resampled with replacement and
//! clustered again, `BOOTSTRAPS` times; for each segment, the Jaccard similarity between its
//! members in the resample and the most similar new cluster, averaged over the resamples refitted.
//!
//! Hennig's reading of the mean: 0.85 or more highly stable, 0.75 to 0.85 stable, 0.6 to 0.75
//! doubtful (the segment is there, its boundary is not), below 0.6 unstable (an artefact of one
//! clustering rather than a group in the data).
//!
//! A resample can hold fewer different customers than there are segments (a few distinct rows,
//! k close to that number), and then cannot be clustered into k. Such a resample is left out
//! and counted, so the figures rest on the others and say how many; with fewer than half
//! refitted there is too little to go on, and the answer is a refusal.

use serde::{Deserialize, Serialize};

use crate::{
    error::FitError,
    kmeans::{KMeans, KMeansParams},
    matrix::Matrix,
    rng::Rng,
};

/// Resamples (Hennig suggests 20 at least, 100 for publication).
pub const BOOTSTRAPS: usize = 20;
/// Rows the bootstrap runs on at most; above, the caller passes a seeded sample.
pub const STABILITY_ROWS: usize = 10_000;
/// k-means++ starts per refit: real segments are found again from a few starts, and a segment
/// that only one lucky start finds is exactly what stability should expose.
const REFIT_STARTS: usize = 3;

/// Hennig's bands for a segment's mean Jaccard similarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    HighlyStable,
    Stable,
    Doubtful,
    Unstable,
}

impl Band {
    pub fn of(stability: f64) -> Band {
        if stability >= 0.85 {
            Band::HighlyStable
        } else if stability >= 0.75 {
            Band::Stable
        } else if stability >= 0.6 {
            Band::Doubtful
        } else {
            Band::Unstable
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Band::HighlyStable => "highly stable",
            Band::Stable => "stable",
            Band::Doubtful => "doubtful",
            Band::Unstable => "unstable",
        }
    }
}

/// Each segment's stability and what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StabilityReport {
    /// Each segment's mean Jaccard similarity with its best match, in [0, 1], in segment order.
    pub segments: Vec<f64>,
    /// Resamples refitted, and the mean taken over ("stability over 19 of 20 resamples").
    pub refitted: usize,
    /// Resamples drawn ([`BOOTSTRAPS`]).
    pub resamples: usize,
}

/// Each segment's stability in [0, 1], from `x` (model space) clustered into `labels` (0..k):
/// [`BOOTSTRAPS`] resamples refitted with `params` (k from `k`, fewer starts), seeded by
/// `params.seed`. A resample that cannot be split into k segments is left out (see the module
/// notes); `Err` when fewer than half could be. `progress(done)` after each resample.
pub fn segment_stability(
    x: &Matrix,
    labels: &[usize],
    k: usize,
    params: &KMeansParams,
    mut progress: impl FnMut(usize),
) -> Result<StabilityReport, FitError> {
    let n = x.rows();
    let refit = KMeansParams { n_clusters: k, n_init: REFIT_STARTS.min(params.n_init.max(1)), ..*params }.check()?;
    let mut rng = Rng::new(params.seed ^ 0x636c_7573_7465_7262);
    let mut sums = vec![0.0; k];
    let mut counted = vec![0usize; k];
    let mut refitted = 0;
    for done in 1..=BOOTSTRAPS {
        // Drawn whether or not the last refit worked, so each resample is the same for a seed.
        let draw: Vec<usize> = (0..n).map(|_| rng.below(n)).collect();
        let model = match KMeans::fit(&refit, &x.select_rows(&draw)) {
            Ok(model) => model,
            // Too few different customers in this resample for k segments: the data's nature,
            // not a fault; the other resamples still measure stability.
            Err(FitError::EmptySegment { .. } | FitError::TooFewSamples { .. }) => {
                progress(done);
                continue;
            }
            Err(e) => return Err(e),
        };
        refitted += 1;
        // Each row drawn at least once, with its new cluster (copies of a row share it).
        let mut new_label = vec![usize::MAX; n];
        for (&row, &l) in draw.iter().zip(model.labels()) {
            new_label[row] = l;
        }
        let mut together = vec![0usize; k * k];
        let (mut old_size, mut new_size) = (vec![0usize; k], vec![0usize; k]);
        for (row, &l) in new_label.iter().enumerate().filter(|(_, l)| **l != usize::MAX) {
            together[labels[row] * k + l] += 1;
            old_size[labels[row]] += 1;
            new_size[l] += 1;
        }
        for c in (0..k).filter(|&c| old_size[c] > 0) {
            let best = (0..k)
                .map(|d| {
                    let both = together[c * k + d];
                    both as f64 / (old_size[c] + new_size[d] - both) as f64
                })
                .fold(0.0, f64::max);
            sums[c] += best;
            counted[c] += 1;
        }
        progress(done);
    }
    if refitted * 2 < BOOTSTRAPS {
        return Err(FitError::TooFewResamples { refitted, resamples: BOOTSTRAPS, k });
    }
    let segments = sums.iter().zip(&counted).map(|(s, &c)| if c > 0 { s / c as f64 } else { 0.0 }).collect();
    Ok(StabilityReport { segments, refitted, resamples: BOOTSTRAPS })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fitted(x: &Matrix, k: usize) -> Vec<usize> {
        KMeans::fit(&KMeansParams::new(k).check().unwrap(), x).unwrap().labels().to_vec()
    }

    #[test]
    fn obvious_clusters_are_highly_stable() {
        let mut rng = Rng::new(4);
        let centres = [(0.0, 0.0), (20.0, 0.0), (0.0, 20.0), (20.0, 20.0)];
        let rows: Vec<Vec<f64>> =
            (0..800).map(|i| centres[i % 4]).map(|(cx, cy)| vec![cx + rng.next_f64(), cy + rng.next_f64()]).collect();
        let x = Matrix::from_rows(&rows);
        let s = segment_stability(&x, &fitted(&x, 4), 4, &KMeansParams::new(4), |_| {}).unwrap();
        assert_eq!((s.refitted, s.resamples), (BOOTSTRAPS, BOOTSTRAPS), "every resample has 800 customers");
        assert!(s.segments.iter().all(|&v| v >= 0.95), "{s:?}");
    }

    #[test]
    fn uniform_noise_cut_into_many_pieces_is_not() {
        let mut rng = Rng::new(5);
        let x = Matrix::new((0..2 * 1_000).map(|_| rng.next_f64()).collect(), 2);
        let s = segment_stability(&x, &fitted(&x, 8), 8, &KMeansParams::new(8), |_| {}).unwrap().segments;
        let mean = s.iter().sum::<f64>() / s.len() as f64;
        assert!(mean < 0.8, "mean stability {mean:.3} on noise: {s:?}");
        assert!(s.iter().any(|&v| Band::of(v) != Band::HighlyStable), "{s:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_figures_and_progress_counts_every_resample() {
        let x = Matrix::new((0..400).map(|i| ((i * 37) % 101) as f64).collect(), 2);
        let labels = fitted(&x, 3);
        let mut steps = 0;
        let a = segment_stability(&x, &labels, 3, &KMeansParams::new(3), |_| steps += 1).unwrap();
        assert_eq!(a, segment_stability(&x, &labels, 3, &KMeansParams::new(3), |_| {}).unwrap());
        assert_eq!(steps, BOOTSTRAPS);
    }

    /// `heavy` points with many copies each and `single` points written once, 20 rows in all: a
    /// resample misses a given single point about one time in three ((19/20)^20).
    fn few_distinct(heavy: usize, single: usize) -> Matrix {
        let rows: Vec<Vec<f64>> = (0..20 - single)
            .map(|i| vec![10.0 * (i % heavy) as f64, 0.0])
            .chain((0..single).map(|j| vec![10.0 * j as f64, 10.0]))
            .collect();
        Matrix::from_rows(&rows)
    }

    #[test]
    fn a_resample_with_too_few_different_customers_is_left_out_and_counted() {
        // Four distinct customers, k = 4: a resample without the single one cannot give 4 segments.
        let x = few_distinct(3, 1);
        let labels = fitted(&x, 4);
        let mut steps = 0;
        let s = segment_stability(&x, &labels, 4, &KMeansParams::new(4), |_| steps += 1).unwrap();
        assert_eq!((steps, s.resamples), (BOOTSTRAPS, BOOTSTRAPS), "every resample is drawn and reported");
        assert!(s.refitted < BOOTSTRAPS && 2 * s.refitted >= BOOTSTRAPS, "{} refitted", s.refitted);
        // Every refit that worked finds each distinct customer alone again: the failed ones
        // (which would count as 0) are not in the mean.
        assert_eq!(s.segments, vec![1.0; 4]);
        assert_eq!(s, segment_stability(&x, &labels, 4, &KMeansParams::new(4), |_| {}).unwrap(), "same seed");
    }

    #[test]
    fn fewer_than_half_refitted_is_a_refusal_that_says_what_to_do() {
        // Five distinct customers, three of them written once, k = 5: most resamples miss one.
        let x = few_distinct(2, 3);
        let e = segment_stability(&x, &fitted(&x, 5), 5, &KMeansParams::new(5), |_| {}).unwrap_err();
        let FitError::TooFewResamples { refitted, resamples, k } = e else { panic!("{e}") };
        assert!(2 * refitted < BOOTSTRAPS, "{refitted} refitted");
        assert_eq!((resamples, k), (BOOTSTRAPS, 5));
        assert_eq!(
            e.to_string(),
            format!(
                "Stability could not be measured: only {refitted} of 20 resamples of the customers had enough \
                 different customers for 5 segments. Train fewer segments, or add customers, to measure it."
            )
        );
    }

    #[test]
    fn bands_follow_hennig() {
        assert_eq!(
            [0.9, 0.8, 0.7, 0.5].map(Band::of),
            [Band::HighlyStable, Band::Stable, Band::Doubtful, Band::Unstable]
        );
        assert_eq!(Band::of(0.85), Band::HighlyStable);
        assert_eq!(Band::of(0.6), Band::Doubtful);
    }
}
