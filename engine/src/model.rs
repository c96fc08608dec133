//! The trained segment model: everything needed to show, explain and apply the
//! segments without the training data. It is also the model file users download.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::{
    dataset::MAX_MAGNITUDE,
    kmeans::{KMeansParams, MAX_CLUSTERS},
    matrix::Matrix,
    naming::SegmentLabel,
    predict::{predict, Prediction},
    prep::{category_key, Encoding, MissingRule, Transform, MAX_CATEGORIES},
    scaling::MIN_SCALE,
    stats::FeatureStats,
};

pub const FORMAT: &str = "segmentum-model";
/// Version 2 added categories, transforms and filled missing values; version 1 files (numbers
/// only) are read as they are.
pub const VERSION: u32 = 2;
/// Every version this build reads.
pub const READS_VERSIONS: [u32; 2] = [1, 2];

/// One segment: its identity, its centre and who was in it at training time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// 1 to k, in the stable order of the centres; the number users see everywhere.
    pub id: usize,
    #[serde(flatten)]
    pub label: SegmentLabel,
    /// Centre in the features' original units. (The model file keeps its version 1 names.)
    #[serde(rename = "centroid")]
    pub centre: Vec<f64>,
    /// Centre in model space (after scaling), where distances are measured.
    #[serde(rename = "model_centroid")]
    pub model_centre: Vec<f64>,
    pub size: usize,
    /// Fraction of the training rows in this segment.
    pub share: f64,
    /// Per-feature statistics over the segment's members (original units).
    pub stats: Vec<FeatureStats>,
    /// Mean Jaccard similarity with its best match over the bootstrap resamples refitted, in
    /// [0, 1] (`stability::segment_stability`); unknown until measured, and in older files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability: Option<f64>,
    /// The mean silhouette of its members, on the rows the model's silhouette was measured on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub silhouette: Option<f64>,
    /// Per category feature, the share of its members with each value (in the category's order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mix: Vec<Vec<f64>>,
}

/// How the model was trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// The k-means settings, at the top of `training` in the file: `k` (`n_clusters`), `n_init`,
    /// `seed`, `max_iter`, `tol`, as every version has written them.
    #[serde(flatten)]
    pub params: KMeansParams,
    pub n_iter: usize,
    pub rows_used: usize,
    pub rows_skipped: usize,
    pub inertia: f64,
    pub silhouette: Option<f64>,
    /// Rows the silhouette was computed on: every row up to 10,000, above that a seeded sample of
    /// 10,000 ([`crate::metrics::SILHOUETTE_EXACT_LIMIT`]), or every row when the app scored it
    /// exactly; 0 until it is scored.
    pub silhouette_rows: usize,
    /// ISO 8601, supplied by the caller (the engine has no clock).
    pub created_at: String,
    pub source: String,
    /// Of the bootstrap resamples stability was measured over, how many refitted and how many
    /// were drawn ([`crate::stability::StabilityReport`]); none until it is measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability_resamples: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentModel {
    pub format: String,
    pub version: u32,
    /// The features and how a customer's cells become coordinates (the file's `features`,
    /// `scaling`, `transforms`, `missing`, `fill` and `categories`).
    #[serde(flatten)]
    pub encoding: Encoding,
    /// Statistics of each numeric feature over all training rows (original units).
    pub feature_stats: Vec<FeatureStats>,
    pub segments: Vec<Segment>,
    pub training: TrainingInfo,
    /// Of a model trained on a customer table built from order lines: how that table was built
    /// (columns by header, date order, analysis date), so Batch builds another file's the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orders: Option<crate::rfm::OrderRule>,
    /// Of a model read from another tool's file (PMML): which tool, and each segment's cluster as
    /// that file names it, so results and cards can say which of its clusters a customer is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Imported>,
}

/// Where an imported model came from: the file's format and tool, and its clusters in segment order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// The file's format: "pmml".
    pub format: String,
    /// The tool that wrote it, as its header says ("KNIME", "R", "Segmentum"), or empty.
    pub application: String,
    /// One per segment, in segment order.
    pub clusters: Vec<ImportedCluster>,
}

/// A segment's cluster in the imported file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedCluster {
    /// The cluster's `id` in the file, else its 1-based position there: what a `source_cluster`
    /// column holds.
    pub id: String,
    /// The cluster's name in the file, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One customer's segment, explained.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// Index into `segments` (the segment's id is `segments[segment].id`).
    pub segment: usize,
    /// Euclidean distance to the segment's centre in the features' original units.
    pub distance: f64,
    /// Distance to every centre in original units, in id order.
    pub distances: Vec<f64>,
    /// 1 − d₁/d₂ measured in model space (where the segments were found): 0 on a boundary, 1 on a centre.
    pub confidence: f64,
    /// The second-nearest segment, if there is one.
    pub runner_up: Option<usize>,
}

/// Why a model file was refused. The current model is never touched by a refused file.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ModelError {
    #[error("This file is not a Segmentum model: it is not valid JSON ({reason}).")]
    NotJson { reason: String },
    #[error("This file is not a Segmentum model (format is {found}, expected \"segmentum-model\").")]
    WrongFormat { found: String },
    #[error("This model file has version {found}; this version of Segmentum reads versions 1 to {supported}.")]
    UnsupportedVersion { found: String, supported: u32 },
    #[error("The model file is damaged: {reason}.")]
    BadShape { reason: String },
    #[error("The model file is damaged: {what} is not a finite number within ±1e16.")]
    NonFinite { what: String },
}

/// Why a rename was refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RenameError {
    #[error("A segment name cannot be empty.")]
    Empty,
    #[error("Another segment is already called \"{0}\".")]
    Taken(String),
    #[error("There is no segment {0}.")]
    NoSuchSegment(usize),
}

impl SegmentModel {
    /// A model of these parts in the current file format: trained here, not from order lines
    /// (`orders`) nor read from another tool's file (`imported`) until the caller says so.
    pub(crate) fn of_parts(
        encoding: Encoding,
        feature_stats: Vec<FeatureStats>,
        segments: Vec<Segment>,
        training: TrainingInfo,
    ) -> SegmentModel {
        SegmentModel {
            format: FORMAT.to_owned(),
            version: VERSION,
            encoding,
            feature_stats,
            segments,
            training,
            orders: None,
            imported: None,
        }
    }

    pub fn k(&self) -> usize {
        self.segments.len()
    }

    /// The numeric features' headers.
    pub fn features(&self) -> &[String] {
        &self.encoding.features
    }

    /// Each segment's share of all revenue, when a feature is headed Monetary: its size × its
    /// members' average Monetary, over the sum of those of every segment (so the shares sum to
    /// 1; a segment whose members net a loss has a negative share). None without a Monetary
    /// feature, or when the total is not above 0.
    pub fn revenue_shares(&self) -> Option<Vec<f64>> {
        let j = self.features().iter().position(|f| crate::naming::rfm::is_monetary(f))?;
        let revenue: Vec<f64> = self
            .segments
            .iter()
            .map(|s| match (s.size, s.stats.get(j)) {
                (0, _) => Some(0.0),
                (size, Some(stats)) => Some(size as f64 * stats.mean),
                (_, None) => None,
            })
            .collect::<Option<_>>()?;
        let total: f64 = revenue.iter().sum();
        (total.is_finite() && total > 0.0).then(|| revenue.iter().map(|r| r / total).collect())
    }

    /// What a customer needs to be classified: the numeric features, then the categories.
    pub fn inputs(&self) -> Vec<String> {
        self.encoding.features.iter().chain(self.encoding.categories.iter().map(|c| &c.name)).cloned().collect()
    }

    /// Centres in model space, one row per segment id.
    pub fn centres(&self) -> Matrix {
        Matrix::new(self.segments.iter().flat_map(|s| s.model_centre.iter().copied()).collect(), self.encoding.dim())
    }

    /// The segment for one customer: `point` its numbers in original units, `codes` the index
    /// of its value of each category. Distances are in model space.
    pub fn predict(&self, point: &[f64], codes: &[u16]) -> Prediction {
        predict(&self.centres(), &self.encoding.encode_row(point, codes))
    }

    /// The segment for one customer, with distances a user can read: over the numeric features,
    /// in their original units.
    pub fn classify(&self, point: &[f64], codes: &[u16]) -> Classification {
        let p = self.predict(point, codes);
        let distances: Vec<f64> = self
            .segments
            .iter()
            .map(|s| s.centre.iter().zip(point).map(|(c, v)| (c - v) * (c - v)).sum::<f64>().sqrt())
            .collect();
        Classification {
            segment: p.segment,
            distance: distances[p.segment],
            distances,
            confidence: p.confidence,
            runner_up: p.runner_up,
        }
    }

    /// Whether `other` is this model as it was trained, perhaps renamed or scored since: the same
    /// training (time, source, features and their preparation) and the same centres. Results a
    /// model produced belong to it, and to nothing else.
    pub fn same_training(&self, other: &SegmentModel) -> bool {
        let (a, b) = (&self.training, &other.training);
        // A model read back from its own PMML file is another model: its results add the
        // file's clusters (`source_cluster`).
        a.created_at == b.created_at
            && a.source == b.source
            && self.imported == other.imported
            && self.encoding == other.encoding
            && self.segments.iter().map(|s| &s.model_centre).eq(other.segments.iter().map(|s| &s.model_centre))
    }

    pub fn rename(&mut self, id: usize, name: &str) -> Result<(), RenameError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(RenameError::Empty);
        }
        if self.segments.iter().any(|s| s.id != id && s.label.name == name) {
            return Err(RenameError::Taken(name.to_owned()));
        }
        let segment = self.segments.iter_mut().find(|s| s.id == id).ok_or(RenameError::NoSuchSegment(id))?;
        segment.label.name = name.to_owned();
        Ok(())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads and checks a model file: format, version, shapes and numbers.
    pub fn from_json(text: &str) -> Result<SegmentModel, ModelError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| not_json(text, e))?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            other => {
                return Err(ModelError::WrongFormat {
                    found: other.map_or_else(|| "missing".to_owned(), |f| format!("\"{f}\"")),
                })
            }
        }
        match value.get("version") {
            Some(v) if v.as_u64().is_some_and(|v| READS_VERSIONS.iter().any(|&r| u64::from(r) == v)) => {}
            other => {
                return Err(ModelError::UnsupportedVersion {
                    found: other.map_or_else(|| "missing".to_owned(), |v| v.to_string()),
                    supported: VERSION,
                })
            }
        }
        let model: SegmentModel =
            serde_json::from_value(value).map_err(|e| ModelError::BadShape { reason: e.to_string() })?;
        model.validate()?;
        Ok(model)
    }

    pub(crate) fn validate(&self) -> Result<(), ModelError> {
        let dim = self.features().len();
        let shape = |reason: String| Err(ModelError::BadShape { reason });
        if dim == 0 {
            return shape("it has no numeric features".into());
        }
        self.validate_encoding()?;
        let model_dim = self.encoding.dim();
        if self.segments.is_empty() || self.segments.len() > MAX_CLUSTERS {
            return shape(format!("it has {} segments (1 to {MAX_CLUSTERS} expected)", self.segments.len()));
        }
        let scaling = &self.encoding.scaling;
        if scaling.offset.len() != dim || scaling.scale.len() != dim {
            return shape(format!("the scaling has {} values for {dim} features", scaling.offset.len()));
        }
        if self.feature_stats.len() != dim {
            return shape(format!("it has statistics for {} of {dim} features", self.feature_stats.len()));
        }
        in_range("a scaling value", scaling.offset.iter().chain(&scaling.scale))?;
        if scaling.scale.iter().any(|&s| s < MIN_SCALE) {
            return shape(format!("a scaling factor is below {MIN_SCALE:e}"));
        }
        in_range("a feature statistic", self.feature_stats.iter().flat_map(FeatureStats::values))?;
        if let Some(imported) = &self.imported {
            if imported.clusters.len() != self.segments.len() {
                return shape(format!(
                    "it names {} imported clusters for {} segments",
                    imported.clusters.len(),
                    self.segments.len()
                ));
            }
        }
        if self.training.stability_resamples.is_some_and(|(refitted, drawn)| refitted > drawn || drawn == 0) {
            return shape("the stability's resamples do not add up".to_owned());
        }
        for (i, s) in self.segments.iter().enumerate() {
            if s.id != i + 1 {
                return shape(format!(
                    "segment ids must be 1 to {} in order, found {} at position {}",
                    self.k(),
                    s.id,
                    i + 1
                ));
            }
            if s.centre.len() != dim || s.model_centre.len() != model_dim {
                return shape(format!(
                    "segment \"{}\" has a centre with {} values for {dim} features",
                    s.label.name,
                    s.centre.len()
                ));
            }
            let mix_fits = s.mix.len() == self.encoding.categories.len()
                && s.mix.iter().zip(&self.encoding.categories).all(|(m, c)| m.len() == c.values.len())
                && s.mix.iter().flatten().all(|v| (0.0..=1.0).contains(v));
            if !mix_fits {
                return shape(format!("segment \"{}\" has shares that do not fit its categories", s.label.name));
            }
            let what = format!("the centre or a statistic of segment \"{}\"", s.label.name);
            in_range(
                &what,
                s.centre.iter().chain(&s.model_centre).chain(s.stats.iter().flat_map(FeatureStats::values)),
            )?;
            if s.stability.is_some_and(|v| !(0.0..=1.0).contains(&v)) {
                return shape(format!("segment \"{}\" has a stability outside 0 to 1", s.label.name));
            }
            if s.silhouette.is_some_and(|v| !(-1.0..=1.0).contains(&v)) {
                return shape(format!("segment \"{}\" has a silhouette outside -1 to 1", s.label.name));
            }
            if s.stats.len() != dim {
                return shape(format!(
                    "segment \"{}\" has statistics for {} of {dim} features",
                    s.label.name,
                    s.stats.len()
                ));
            }
            // The colour goes into the page's styles: only plain hex colours get there.
            if !is_hex_colour(&s.label.colour) {
                return shape(format!(
                    "segment \"{}\" has the colour {:?}, not a #RRGGBB colour",
                    s.label.name, s.label.colour
                ));
            }
            if self.segments[..i].iter().any(|o| o.label.name == s.label.name) {
                return shape(format!("two segments are called \"{}\"", s.label.name));
            }
        }
        Ok(())
    }
}

impl SegmentModel {
    /// Transforms, fill values and categories fit the features and are finite.
    fn validate_encoding(&self) -> Result<(), ModelError> {
        let e = &self.encoding;
        let dim = e.features.len();
        let shape = |reason: String| Err(ModelError::BadShape { reason });
        if !e.transforms.is_empty() && e.transforms.len() != dim {
            return shape(format!("it has {} transforms for {dim} features", e.transforms.len()));
        }
        for t in &e.transforms {
            if let Transform::Winsorize { low, high } = t {
                in_range("a winsorizing limit", [low, high].into_iter())?;
                if low > high {
                    return shape("a winsorizing limit is above the other".into());
                }
            }
        }
        let fills = match e.missing {
            MissingRule::Skip => 0,
            _ => dim,
        };
        if e.fill.len() != fills {
            return shape(format!("it has {} fill values for {fills} features", e.fill.len()));
        }
        in_range("a fill value", e.fill.iter())?;
        for c in &e.categories {
            if c.values.is_empty() || c.values.len() > MAX_CATEGORIES || c.shares.len() != c.values.len() {
                return shape(format!("category \"{}\" has {} values", c.name, c.values.len()));
            }
            let keys: std::collections::HashSet<String> = c.values.iter().map(|v| category_key(v)).collect();
            if keys.len() != c.values.len() || keys.contains("") {
                return shape(format!("category \"{}\" has an empty or repeated value", c.name));
            }
            if !(c.weight.is_finite() && c.weight > 0.0 && c.weight <= 1e6) {
                return shape(format!("category \"{}\" has a weight that is not a positive number", c.name));
            }
            if c.shares.iter().any(|v| !(0.0..=1.0).contains(v)) {
                return shape(format!("category \"{}\" has a share outside 0 to 1", c.name));
            }
        }
        Ok(())
    }
}

fn is_hex_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
}

/// Python's `json` writes NaN and Infinity, which JSON has no words for: say so rather than "expected value".
fn not_json(text: &str, e: serde_json::Error) -> ModelError {
    let token = ["NaN", "Infinity"].into_iter().find(|t| text.contains(t));
    match token {
        Some(t) if e.is_syntax() => ModelError::NonFinite { what: format!("a value ({t}, line {})", e.line()) },
        _ => ModelError::NotJson { reason: e.to_string() },
    }
}

/// The largest number a model may hold: room above the largest data value for
/// rounding in centres and spreads, far below where squared distances overflow.
pub(crate) const MODEL_LIMIT: f64 = 10.0 * MAX_MAGNITUDE;

/// Numbers in the model are finite and within [`MODEL_LIMIT`].
fn in_range<'a>(what: &str, mut values: impl Iterator<Item = &'a f64>) -> Result<(), ModelError> {
    if values.all(|v| v.is_finite() && v.abs() <= MODEL_LIMIT) {
        Ok(())
    } else {
        Err(ModelError::NonFinite { what: what.to_owned() })
    }
}
