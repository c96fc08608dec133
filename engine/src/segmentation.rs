//! From a table to a named segment model: the one call the app makes to train.

use thiserror::Error;

use crate::{
    dataset::{Extraction, Table},
    error::{DataError, FitError},
    features::{resolve_columns, Role},
    kmeans::{assign_nearest, Assignment, FitStep, KMeans, KMeansParams},
    matrix::Matrix,
    metrics::{silhouette_report, silhouette_sample, SilhouetteReport},
    model::{Segment, SegmentModel, TrainingInfo, FORMAT, VERSION},
    naming::name_segments,
    scaling::{Scaler, ScalingKind},
    stats::{column_stats, segment_stats},
};

/// Anything that can stop a training run.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SegmentError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Fit(#[from] FitError),
    #[error("No row has a number in every chosen feature, so there is nothing to train on. {first}")]
    NoUsableRows { first: String },
}

/// What to train on and how.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainRequest {
    /// Table columns used as features, in order.
    pub columns: Vec<usize>,
    pub scaling: ScalingKind,
    pub params: KMeansParams,
    /// File name or demo label, kept in the model.
    pub source: String,
    /// ISO 8601 time of training, kept in the model.
    pub created_at: String,
    /// Whether to score the model's silhouette now; an app may score it later from
    /// [`crate::metrics::silhouette_sample`] so the model is ready sooner.
    #[serde(default = "yes")]
    pub silhouette: bool,
}

fn yes() -> bool {
    true
}

impl TrainRequest {
    /// Raw features, default k-means settings, no source or time.
    pub fn new(columns: Vec<usize>, k: usize) -> Self {
        TrainRequest {
            columns,
            scaling: ScalingKind::None,
            params: KMeansParams::new(k),
            source: String::new(),
            created_at: String::new(),
            silhouette: true,
        }
    }
}

/// A trained model with the data it was trained on.
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    pub model: SegmentModel,
    /// The training points (original units), one per used table row.
    pub points: Matrix,
    /// Segment id of each point.
    pub labels: Vec<usize>,
    /// The table row each point came from.
    pub row_indices: Vec<usize>,
    /// Rows left out because a feature cell was empty or not a number.
    pub skipped: Vec<DataError>,
    /// The silhouette as Analytics shows it, when the request asked for it (the model keeps the
    /// mean and each segment's figure; the plot's coefficients are here).
    pub silhouette: Option<SilhouetteReport>,
}

/// The income and spending columns, in that order.
pub fn income_spending_columns(table: &Table) -> Result<Vec<usize>, DataError> {
    Ok(vec![Role::Income.find_in(table)?, Role::Spending.find_in(table)?])
}

/// Where training is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainStep {
    Fit(FitStep),
    /// k-means is done; silhouette, statistics and names follow.
    Scoring,
}

/// Trains k-means on the chosen columns of `table` and names the segments.
/// Rows with a bad feature cell are left out and listed in `skipped`, never dropped silently.
pub fn segment_table(table: &Table, request: &TrainRequest) -> Result<Segmentation, SegmentError> {
    segment_extraction(table, table.extract(&request.columns), request, &mut |_| {})
}

/// [`segment_table`] from the request's columns already read from `table` as numbers, with a
/// progress callback.
pub fn segment_extraction(
    table: &Table,
    extraction: Extraction,
    request: &TrainRequest,
    progress: &mut dyn FnMut(TrainStep),
) -> Result<Segmentation, SegmentError> {
    if request.columns.is_empty() {
        return Err(FitError::NoFeatures.into());
    }
    let params = request.params.check()?;
    let (scaler, scaled) = scaled_features(&extraction, request.scaling)?;
    let points = extraction.matrix;
    let kmeans =
        KMeans::fit_with_progress(&params, &scaled, Assignment::default(), &mut |s| progress(TrainStep::Fit(s)))?;
    progress(TrainStep::Scoring);
    let (report, silhouette_rows) = if request.silhouette {
        let (sample, labels) = silhouette_sample(&scaled, kmeans.labels(), params.get().seed);
        (silhouette_report(&sample, &labels, kmeans.n_clusters(), &mut |_| {}), sample.rows())
    } else {
        (None, 0)
    };

    let features: Vec<String> = request.columns.iter().map(|&c| table.headers()[c].clone()).collect();
    let feature_stats = column_stats(&points);
    let centres = Matrix::new(kmeans.centres().iter_rows().flat_map(|c| scaler.inverse_row(c)).collect(), points.dim());
    let labels = name_segments(&features, &feature_stats, &centres);
    let member_stats = segment_stats(&points, kmeans.labels(), kmeans.n_clusters());
    let total = points.rows() as f64;
    let segments = labels
        .into_iter()
        .zip(member_stats)
        .enumerate()
        .map(|(id, (label, stats))| {
            let size = stats[0].count;
            Segment {
                id: id + 1,
                label,
                centre: centres.row(id).to_vec(),
                model_centre: kmeans.centres().row(id).to_vec(),
                size,
                share: size as f64 / total,
                stats,
                stability: None,
                silhouette: report.as_ref().and_then(|r| r.segments[id]),
            }
        })
        .collect();
    let p = params.get();
    let training = TrainingInfo {
        k: p.n_clusters,
        n_init: p.n_init,
        seed: p.seed,
        max_iter: p.max_iter,
        tol: p.tol,
        n_iter: kmeans.n_iter(),
        rows_used: points.rows(),
        rows_skipped: extraction.skipped.len(),
        inertia: kmeans.inertia(),
        silhouette: report.as_ref().map(|r| r.mean),
        silhouette_rows,
        created_at: request.created_at.clone(),
        source: request.source.clone(),
    };
    let model = SegmentModel {
        format: FORMAT.to_owned(),
        version: VERSION,
        features,
        scaling: scaler,
        feature_stats,
        segments,
        training,
    };
    Ok(Segmentation {
        model,
        points,
        labels: kmeans.labels().to_vec(),
        row_indices: extraction.row_indices,
        skipped: extraction.skipped,
        silhouette: report,
    })
}

/// The features read from a table, scaled into model space with a scaler fitted to them, or why
/// there is nothing to fit (no row has a number in every feature).
pub fn scaled_features(extraction: &Extraction, scaling: ScalingKind) -> Result<(Scaler, Matrix), SegmentError> {
    if extraction.matrix.rows() == 0 {
        let first = extraction.skipped.first().map(ToString::to_string).unwrap_or_default();
        return Err(SegmentError::NoUsableRows { first });
    }
    let scaler = Scaler::fit(scaling, &extraction.matrix);
    let scaled = scaler.transform(&extraction.matrix);
    Ok((scaler, scaled))
}

/// The model's mean silhouette on every row of `table` that has its features, with no sample:
/// each row in its nearest segment, distances in model space. On the file the model was trained
/// on, this is the figure a sampled silhouette estimates. Returns the report (mean, per segment,
/// plot) and the rows scored, or the names of the model's features the table lacks.
pub fn exact_silhouette(
    model: &SegmentModel,
    table: &Table,
    progress: &mut dyn FnMut(f64),
) -> Result<(Option<SilhouetteReport>, usize), Vec<String>> {
    let columns = resolve_columns(&model.features, table.headers())?;
    let points = model.scaling.transform(&table.extract(&columns).matrix);
    let mut labels = vec![0; points.rows()];
    assign_nearest(&points, &model.centres(), &mut labels);
    Ok((silhouette_report(&points, &labels, model.k(), progress), points.rows()))
}
