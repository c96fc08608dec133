//! From a table to a named segment model: the one call the app makes to train.

use thiserror::Error;

use crate::{
    dataset::Table,
    error::{DataError, FitError},
    features::{resolve_columns, Role},
    kmeans::{assign_nearest, Assignment, FitStep, KMeans, KMeansParams},
    matrix::Matrix,
    metrics::{silhouette_report, silhouette_sample, SilhouetteReport},
    model::{Segment, SegmentModel, TrainingInfo},
    naming::{category_standouts, name_trained_segments, Members},
    prep::{read_for_model, read_for_training, Category, Encoding, Preparation, Reading, TransformKind},
    scaling::ScalingKind,
    stats::{column_stats, segment_stats},
};

/// Anything that can stop a training run.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SegmentError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Fit(#[from] FitError),
    #[error("No row has a value in every chosen feature, so there is nothing to train on. {first}")]
    NoUsableRows { first: String },
}

/// What a fit is on and how: the features, their preparation, the scaling and every k-means
/// setting. A sweep compares these over a range of k ([`crate::SweepRequest`]) and a training
/// fits them at one ([`TrainRequest`]), so what was compared is what is trained.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FitSettings {
    /// Table columns used as numeric features, in order.
    pub columns: Vec<usize>,
    /// Categories, transforms and missing values.
    #[serde(default)]
    pub prep: Preparation,
    pub scaling: ScalingKind,
    /// k-means settings; a sweep sets `n_clusters` per k.
    pub params: KMeansParams,
}

impl FitSettings {
    /// These columns, raw, `k` segments with default k-means settings.
    pub fn new(columns: Vec<usize>, k: usize) -> Self {
        FitSettings { columns, prep: Preparation::default(), scaling: ScalingKind::None, params: KMeansParams::new(k) }
    }
}

/// What to train on and how.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainRequest {
    /// The features, preparation, scaling and k-means settings; flattened, so the request's JSON
    /// has `columns`, `prep`, `scaling` and `params` at its top, beside `source`.
    #[serde(flatten)]
    pub fit: FitSettings,
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
        TrainRequest::from(FitSettings::new(columns, k))
    }
}

impl From<FitSettings> for TrainRequest {
    /// Training with these settings, no source or time, the silhouette scored.
    fn from(fit: FitSettings) -> Self {
        TrainRequest { fit, source: String::new(), created_at: String::new(), silhouette: true }
    }
}

/// A trained model with the data it was trained on.
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    pub model: SegmentModel,
    /// The training points (original units of the numeric features), one per used table row.
    pub points: Matrix,
    /// The seeded sample a silhouette is scored on (model space, at most 10,000 rows), with
    /// its labels: an app may score it elsewhere.
    pub silhouette_sample: (Matrix, Vec<usize>),
    /// Segment index (0-based, into `model.segments`) of each point.
    pub labels: Vec<usize>,
    /// The table row each point came from.
    pub row_indices: Vec<usize>,
    /// Rows left out because a feature cell was empty or not a number.
    pub skipped: Vec<DataError>,
    /// Rows whose missing numbers were filled (their first missing cell).
    pub filled: Vec<DataError>,
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
    segment_reading(read_for_training(table, &request.fit.columns, &request.fit.prep)?, request, &mut |_| {})
}

/// [`segment_table`] from the request's features already read from the table, with a
/// progress callback.
pub fn segment_reading(
    reading: Reading,
    request: &TrainRequest,
    progress: &mut dyn FnMut(TrainStep),
) -> Result<Segmentation, SegmentError> {
    let fit = &request.fit;
    if fit.columns.is_empty() {
        return Err(FitError::NoFeatures.into());
    }
    let params = fit.params.check()?;
    let (encoding, scaled) = scaled_features(&reading, &fit.prep.transforms, fit.scaling)?;
    let Reading { extraction, .. } = reading;
    let points = extraction.matrix;
    let kmeans =
        KMeans::fit_with_progress(&params, &scaled, Assignment::default(), &mut |s| progress(TrainStep::Fit(s)))?;
    progress(TrainStep::Scoring);
    let (sample, sample_labels) = silhouette_sample(&scaled, kmeans.labels(), params.get().seed);
    let (report, silhouette_rows) = if request.silhouette {
        (silhouette_report(&sample, &sample_labels, kmeans.n_clusters(), &mut |_| {}), sample.rows())
    } else {
        (None, 0)
    };

    let k = kmeans.n_clusters();
    let feature_stats = column_stats(&points);
    let centres = Matrix::new(kmeans.centres().iter_rows().flat_map(|c| encoding.original(c)).collect(), points.dim());
    let mixes = category_mixes(&encoding.categories, &extraction.codes, kmeans.labels(), k);
    let standouts = category_standouts(&encoding.categories, &mixes);
    let member_stats = segment_stats(&points, kmeans.labels(), k);
    // Named by its members' averages, the figure its card shows (with a transform the centre
    // mapped back is another number: a log's is nearer a geometric mean).
    let averages = Matrix::new(
        member_stats
            .iter()
            .zip(centres.iter_rows())
            .flat_map(|(stats, centre)| {
                stats.iter().zip(centre).map(|(s, &c)| if s.mean.is_finite() { s.mean } else { c })
            })
            .collect(),
        points.dim(),
    );
    let members = Members { points: &points, labels: kmeans.labels() };
    let labels = name_trained_segments(&encoding.features, &feature_stats, &averages, &standouts, members);
    let total = points.rows() as f64;
    let segments = labels
        .into_iter()
        .zip(member_stats)
        .zip(mixes)
        .enumerate()
        .map(|(id, ((label, stats), mix))| {
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
                mix,
            }
        })
        .collect();
    let training = TrainingInfo {
        params: *params.get(),
        n_iter: kmeans.n_iter(),
        rows_used: points.rows(),
        rows_skipped: extraction.skipped.len(),
        inertia: kmeans.inertia(),
        silhouette: report.as_ref().map(|r| r.mean),
        silhouette_rows,
        created_at: request.created_at.clone(),
        source: request.source.clone(),
        stability_resamples: None,
    };
    let model = SegmentModel::of_parts(encoding, feature_stats, segments, training);
    Ok(Segmentation {
        model,
        points,
        silhouette_sample: (sample, sample_labels),
        labels: kmeans.labels().to_vec(),
        row_indices: extraction.row_indices,
        skipped: extraction.skipped,
        filled: extraction.filled,
        silhouette: report,
    })
}

/// Per segment, per category, the share of its members with each value.
fn category_mixes(categories: &[Category], codes: &[u16], labels: &[usize], k: usize) -> Vec<Vec<Vec<f64>>> {
    let width = categories.len();
    let mut counts: Vec<Vec<Vec<usize>>> =
        (0..k).map(|_| categories.iter().map(|c| vec![0; c.values.len()]).collect()).collect();
    let mut sizes = vec![0usize; k];
    for (i, &l) in labels.iter().enumerate() {
        sizes[l] += 1;
        for (c, &code) in codes[i * width..(i + 1) * width].iter().enumerate() {
            counts[l][c][usize::from(code)] += 1;
        }
    }
    counts
        .into_iter()
        .zip(sizes)
        .map(|(per_category, size)| {
            per_category.into_iter().map(|c| c.into_iter().map(|n| n as f64 / size.max(1) as f64).collect()).collect()
        })
        .collect()
}

/// The features read from a table in model space, with the transforms and scaling fitted to
/// them, or why there is nothing to fit (no row has every feature).
pub fn scaled_features(
    reading: &Reading,
    transforms: &[TransformKind],
    scaling: ScalingKind,
) -> Result<(Encoding, Matrix), SegmentError> {
    let extraction = &reading.extraction;
    if extraction.matrix.rows() == 0 {
        // Only Train fits, so its wording of the reason.
        let first = extraction.skipped.first().map(DataError::on_train).unwrap_or_default();
        return Err(SegmentError::NoUsableRows { first });
    }
    let encoding = Encoding::fit(reading, transforms, scaling);
    let scaled = encoding.encode(extraction);
    Ok((encoding, scaled))
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
    let (columns, categories) = model_columns(model, table.headers())?;
    let points = model.encoding.encode(&read_for_model(table, &columns, &categories, &model.encoding));
    let mut labels = vec![0; points.rows()];
    assign_nearest(&points, &model.centres(), &mut labels);
    Ok((silhouette_report(&points, &labels, model.k(), progress), points.rows()))
}

/// Where a model's numeric features and categories are among `headers` (by name or meaning),
/// or the names of those not found.
pub fn model_columns(model: &SegmentModel, headers: &[String]) -> Result<(Vec<usize>, Vec<usize>), Vec<String>> {
    let names: Vec<String> = model.encoding.categories.iter().map(|c| c.name.clone()).collect();
    match (resolve_columns(model.features(), headers), resolve_columns(&names, headers)) {
        (Ok(columns), Ok(categories)) => Ok((columns, categories)),
        (a, b) => Err(a.err().unwrap_or_default().into_iter().chain(b.err().unwrap_or_default()).collect()),
    }
}
