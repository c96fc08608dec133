//! Evidence for the number of segments: every metric for every k in a range, and (in
//! `criteria`) what each criterion picks and the recommendation they make together.

mod criteria;
mod gap;

pub use criteria::{Criterion, Recommendation, Structure};

use serde::{Deserialize, Serialize};

use crate::{
    error::FitError,
    kmeans::{KMeans, KMeansParams, MAX_CLUSTERS},
    matrix::Matrix,
    metrics::{calinski_harabasz, davies_bouldin, silhouette_sampled},
    segmentation::{FitSettings, TrainRequest},
};

/// Rows a sweep scores each k's silhouette on at most (a seeded sample above). On 5,000 rows the
/// mean's standard error is about 0.004 (customers' silhouettes spread about 0.3) and every k is
/// scored on the same rows; 10,000 (four times the pairs) took 2.4 s of a 100,000-row sweep over
/// k = 2..25.
pub const SWEEP_SILHOUETTE_ROWS: usize = 5_000;

/// What a k sweep compares: the settings a training uses, for a range of k. Training from
/// [`SweepRequest::train`] uses exactly the settings compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepRequest {
    /// Features, preparation, scaling and k-means settings; `params.n_clusters` is set per k.
    #[serde(flatten)]
    pub fit: FitSettings,
    pub k_from: usize,
    pub k_to: usize,
}

impl SweepRequest {
    /// These columns, raw, over `ks`, with default k-means settings.
    pub fn new(columns: Vec<usize>, ks: std::ops::RangeInclusive<usize>) -> Self {
        SweepRequest { fit: FitSettings::new(columns, 2), k_from: *ks.start(), k_to: *ks.end() }
    }

    /// The k to fit, lowest first, or why the range is not one. (Each k is checked against the
    /// data by [`sweep_ks`].)
    pub fn ks(&self) -> Result<Vec<usize>, FitError> {
        if self.k_from > self.k_to {
            return Err(FitError::EmptyKRange { from: self.k_from, to: self.k_to });
        }
        Ok((self.k_from..=self.k_to).collect())
    }

    /// Training `k` segments with the settings this sweep compared.
    pub fn train(&self, k: usize) -> TrainRequest {
        let params = KMeansParams { n_clusters: k, ..self.fit.params };
        TrainRequest::from(FitSettings { params, ..self.fit.clone() })
    }
}

/// Every metric for one k: WCSS, silhouette, Calinski–Harabasz, Davies–Bouldin and the gap
/// statistic (the five figures the criteria in `criteria` vote on).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KScore {
    pub k: usize,
    /// Within-cluster sum of squares (k-means inertia): lower is tighter; look for the elbow.
    pub inertia: f64,
    /// Mean silhouette in [−1, 1]: higher is better separated.
    pub silhouette: Option<f64>,
    /// Calinski–Harabasz: higher is better.
    pub calinski_harabasz: Option<f64>,
    /// Davies–Bouldin: lower is better.
    pub davies_bouldin: Option<f64>,
    /// Gap statistic: how much tighter than uniform data of the same extent; with its standard error.
    #[serde(default)]
    pub gap: Option<f64>,
    #[serde(default)]
    pub gap_se: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    pub scores: Vec<KScore>,
    /// Rows the silhouette was computed on (fewer than the data when sampled).
    pub silhouette_rows: usize,
    pub rows: usize,
    /// Why the sweep stopped before the end of the range, if it did.
    pub stopped: Option<Stopped>,
}

/// The k at which a sweep stopped, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stopped {
    pub k: usize,
    pub reason: String,
}

/// Fits k-means for every k of `request` on model-space data `x` (its features, scaled).
/// `Err` when the range is not one, or when not even its first k could be fitted.
pub fn sweep(x: &Matrix, request: &SweepRequest, progress: impl FnMut(usize)) -> Result<Sweep, FitError> {
    let (sweep, stop) = sweep_list(x, &request.ks()?, request.fit.params, progress)?;
    match stop {
        Some(e) if sweep.scores.is_empty() => Err(e),
        _ => Ok(sweep),
    }
}

/// [`sweep`] for some of the k, ascending: one share of a sweep split between workers
/// (see [`split_ks`] and [`Sweep::merge`]). A k that leaves a segment empty ends the share,
/// as in [`sweep`], even if it is the first.
pub fn sweep_ks(
    x: &Matrix,
    ks: &[usize],
    params: KMeansParams,
    progress: impl FnMut(usize),
) -> Result<Sweep, FitError> {
    sweep_list(x, ks, params, progress).map(|(sweep, _)| sweep)
}

/// Every k is 2 to [`MAX_CLUSTERS`] and below the number of rows (a silhouette needs a cluster
/// with two points).
fn check_ks(ks: &[usize], rows: usize) -> Result<(), FitError> {
    if let Some(&k) = ks.iter().find(|k| !(2..=MAX_CLUSTERS).contains(*k)) {
        return Err(FitError::KOutOfRange { k, max: MAX_CLUSTERS });
    }
    match ks.iter().max() {
        Some(&k) if k >= rows => Err(FitError::TooFewRowsForSweep { rows, k }),
        _ => Ok(()),
    }
}

fn sweep_list(
    x: &Matrix,
    ks: &[usize],
    base: KMeansParams,
    mut progress: impl FnMut(usize),
) -> Result<(Sweep, Option<FitError>), FitError> {
    check_ks(ks, x.rows())?;
    let references = gap::References::new(x, base.seed);
    let mut scores = Vec::new();
    let mut silhouette_rows = x.rows();
    for &k in ks {
        progress(k);
        let params = KMeansParams { n_clusters: k, ..base }.check()?;
        let model = match KMeans::fit(&params, x) {
            Ok(m) => m,
            // Larger k would leave more segments empty: show the k that work.
            Err(e @ FitError::EmptySegment { .. }) => {
                let stopped = Some(Stopped { k, reason: e.to_string() });
                return Ok((Sweep { scores, silhouette_rows, rows: x.rows(), stopped }, Some(e)));
            }
            Err(e) => return Err(e),
        };
        let (silhouette, rows) = silhouette_sampled(x, model.labels(), k, base.seed, SWEEP_SILHOUETTE_ROWS);
        let (gap, gap_se) = references.gap(k, model.inertia(), &base).unzip();
        silhouette_rows = rows;
        scores.push(KScore {
            k,
            inertia: model.inertia(),
            silhouette,
            calinski_harabasz: calinski_harabasz(x, model.labels(), model.centres()),
            davies_bouldin: davies_bouldin(x, model.labels(), model.centres()),
            gap,
            gap_se,
        });
    }
    Ok((Sweep { scores, silhouette_rows, rows: x.rows(), stopped: None }, None))
}

/// The k of a sweep in two shares of about equal work (a fit costs more the larger k is),
/// each ascending.
pub fn split_ks(ks: &[usize]) -> [Vec<usize>; 2] {
    let mut shares: [Vec<usize>; 2] = Default::default();
    let mut work = [0; 2];
    for &k in ks.iter().rev() {
        let lighter = usize::from(work[1] < work[0]);
        shares[lighter].insert(0, k);
        work[lighter] += k;
    }
    shares
}

impl Sweep {
    /// One sweep from the shares of a split one: the same as sweeping the whole range at once.
    /// A share that stopped at some k drops every larger k. `Err` says why when no k could be fitted.
    pub fn merge(shares: Vec<Sweep>) -> Result<Sweep, String> {
        let stopped = shares.iter().filter_map(|s| s.stopped.clone()).min_by_key(|s| s.k);
        let limit = stopped.as_ref().map_or(usize::MAX, |s| s.k);
        let mut scores: Vec<KScore> =
            shares.iter().flat_map(|s| s.scores.iter().copied()).filter(|s| s.k < limit).collect();
        scores.sort_by_key(|s| s.k);
        let Some(scored) = shares.iter().find(|s| !s.scores.is_empty()) else {
            return Err(stopped.map_or_else(|| "Nothing was swept.".into(), |s| s.reason));
        };
        Ok(Sweep { scores, silhouette_rows: scored.silhouette_rows, rows: scored.rows, stopped })
    }
}
