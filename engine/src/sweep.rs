//! Evidence for the number of segments: every metric for every k in a range, and a recommendation.

use serde::{Deserialize, Serialize};

use crate::{
    error::FitError,
    kmeans::{KMeans, KMeansParams},
    matrix::Matrix,
    metrics::{calinski_harabasz, davies_bouldin, silhouette_sampled},
};

/// The four metrics for one k.
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    pub scores: Vec<KScore>,
    /// Rows the silhouette was computed on (fewer than the data when sampled).
    pub silhouette_rows: usize,
    pub rows: usize,
    /// Why the sweep stopped before the end of the range, if it did.
    pub stopped: Option<String>,
}

/// The k to suggest and one sentence saying why.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub k: usize,
    pub reason: String,
}

/// Fits k-means for every k in `ks` with `base` settings (its `n_clusters` is ignored) on model-space data `x`.
pub fn sweep(
    x: &Matrix,
    ks: std::ops::RangeInclusive<usize>,
    base: KMeansParams,
    mut progress: impl FnMut(usize),
) -> Result<Sweep, FitError> {
    let mut scores = Vec::new();
    let mut silhouette_rows = x.rows();
    let mut stopped = None;
    for k in ks {
        progress(k);
        let params = KMeansParams { n_clusters: k, ..base }.check()?;
        let model = match KMeans::fit(&params, x) {
            Ok(m) => m,
            // Larger k would leave more segments empty: show the k that work.
            Err(e @ FitError::EmptySegment { .. }) if !scores.is_empty() => {
                stopped = Some(e.to_string());
                break;
            }
            Err(e) => return Err(e),
        };
        let (silhouette, rows) = silhouette_sampled(x, model.labels(), k, base.seed);
        silhouette_rows = rows;
        scores.push(KScore {
            k,
            inertia: model.inertia(),
            silhouette,
            calinski_harabasz: calinski_harabasz(x, model.labels(), model.centers()),
            davies_bouldin: davies_bouldin(x, model.labels(), model.centers()),
        });
    }
    Ok(Sweep { scores, silhouette_rows, rows: x.rows(), stopped })
}

impl Sweep {
    /// The k with the highest silhouette (the lower k on a tie), with the runner-up for context.
    pub fn recommend(&self) -> Option<Recommendation> {
        let mut ranked: Vec<(usize, f64)> = self.scores.iter().filter_map(|s| s.silhouette.map(|v| (s.k, v))).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let &(k, best) = ranked.first()?;
        let reason = match ranked.get(1) {
            Some(&(k2, second)) => format!(
                "k = {k} has the highest mean silhouette ({best:.3}): its segments are the most clearly separated; the runner-up is k = {k2} ({second:.3})."
            ),
            None => format!("k = {k} is the only k with a defined silhouette ({best:.3})."),
        };
        Some(Recommendation { k, reason })
    }
}
