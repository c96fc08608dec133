//! From a table to named segments: the one call the app makes to train.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::{
    dataset::Table,
    error::{DataError, FitError},
    features::Role,
    kmeans::{KMeans, KMeansParams},
    matrix::Matrix,
    naming::{name_segments, SegmentLabel},
    stats::{column_stats, segment_stats, FeatureStats},
};

/// Anything that can stop a segmentation.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SegmentError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Fit(#[from] FitError),
}

/// One segment: its identity, its centre in original units and who is in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub id: usize,
    #[serde(flatten)]
    pub label: SegmentLabel,
    pub centroid: Vec<f64>,
    pub size: usize,
    /// Fraction of the training rows in this segment.
    pub share: f64,
    /// Per-feature statistics over the segment's members.
    pub stats: Vec<FeatureStats>,
}

/// A trained segmentation of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    pub features: Vec<String>,
    pub feature_stats: Vec<FeatureStats>,
    pub segments: Vec<Segment>,
    pub kmeans: KMeans,
    /// The training points (original units), one per used table row.
    pub points: Matrix,
    /// The table row each point came from.
    pub row_indices: Vec<usize>,
    /// Rows left out because a feature cell was empty or not a number.
    pub skipped: Vec<DataError>,
}

impl Segmentation {
    /// Segment id of each training point, aligned with `points`.
    pub fn labels(&self) -> &[usize] {
        self.kmeans.labels()
    }
}

/// The income and spending columns, in that order.
pub fn income_spending_columns(table: &Table) -> Result<Vec<usize>, DataError> {
    Ok(vec![
        Role::Income.find_in(table)?,
        Role::Spending.find_in(table)?,
    ])
}

/// Trains k-means on `columns` of `table` and names the segments.
/// Rows with a bad feature cell are left out and listed in `skipped`.
pub fn segment_table(
    table: &Table,
    columns: &[usize],
    params: KMeansParams,
) -> Result<Segmentation, SegmentError> {
    if columns.is_empty() {
        return Err(FitError::NoFeatures.into());
    }
    let params = params.check()?;
    let extraction = table.extract(columns);
    let points = extraction.matrix;
    let kmeans = KMeans::fit(&params, &points)?;
    let features: Vec<String> = columns
        .iter()
        .map(|&c| table.headers()[c].clone())
        .collect();
    let feature_stats = column_stats(&points);
    let labels = name_segments(&features, &feature_stats, kmeans.centers());
    let member_stats = segment_stats(&points, kmeans.labels(), kmeans.n_clusters());
    let total = points.rows() as f64;
    let segments = labels
        .into_iter()
        .zip(member_stats)
        .enumerate()
        .map(|(id, (label, stats))| {
            let size = stats[0].count;
            Segment {
                id,
                label,
                centroid: kmeans.centers().row(id).to_vec(),
                size,
                share: size as f64 / total,
                stats,
            }
        })
        .collect();
    Ok(Segmentation {
        features,
        feature_stats,
        segments,
        kmeans,
        points,
        row_indices: extraction.row_indices,
        skipped: extraction.skipped,
    })
}
