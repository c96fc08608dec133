//! From a PMML document's tree to a [`SegmentModel`]: find the one clustering model, check its
//! measure, read each centre coordinate ([`super::fields`]) and each cluster, and put them in
//! model-space order (numbers, then each category's values) with field weights folded into the
//! scaling, so Batch's squared distances are the file's. Segments are named as any trained
//! model's are; there were no customers here, so sizes come from the file (or are 0) and the
//! statistics are the centres'.

use super::{
    fields::{is_numeric, number, Coordinate, Fields},
    xml::Element,
    PmmlError, MAX_DATA_FIELDS, MAX_FIELDS,
};
use crate::{
    export::pmml::APPLICATION,
    kmeans::KMeansParams,
    matrix::Matrix,
    model::{Imported, ImportedCluster, Segment, SegmentModel, TrainingInfo, FORMAT, VERSION},
    naming::{category_standouts, name_segments_with},
    prep::{Category, Encoding, MissingRule, Transform},
    scaling::{Scaler, ScalingKind},
    stats::FeatureStats,
};

/// Every model element PMML 4.4 defines, to name what a file holds instead.
const MODELS: [&str; 19] = [
    "AnomalyDetectionModel",
    "AssociationModel",
    "BayesianNetworkModel",
    "BaselineModel",
    "ClusteringModel",
    "GaussianProcessModel",
    "GeneralRegressionModel",
    "MiningModel",
    "NaiveBayesModel",
    "NearestNeighborModel",
    "NeuralNetwork",
    "RegressionModel",
    "RuleSetModel",
    "SequenceModel",
    "Scorecard",
    "SupportVectorMachineModel",
    "TextModel",
    "TimeSeriesModel",
    "TreeModel",
];

pub fn model(root: &Element) -> Result<SegmentModel, PmmlError> {
    if root.name != "PMML" {
        return Err(PmmlError::NotPmml { root: Some(root.name.clone()) });
    }
    check_version(root.attr("version"))?;
    let header = Header::of(root);
    let dictionary = root.child("DataDictionary").ok_or(PmmlError::Missing { what: "DataDictionary".into() })?;
    if dictionary.children_named("DataField").count() > MAX_DATA_FIELDS {
        return Err(PmmlError::TooMany { what: "data fields", limit: MAX_DATA_FIELDS });
    }
    let (clustering, mut scopes) = find_clustering(root)?;
    scopes.insert(0, root.child("TransformationDictionary"));
    scopes.push(clustering.child("LocalTransformations"));
    let scopes: Vec<&Element> = scopes.into_iter().flatten().collect();
    let fields = Fields::new(dictionary, &scopes);
    check_kind(clustering)?;
    let coordinates = coordinates(clustering, &fields)?;
    let clusters = clusters(clustering, coordinates.len())?;
    let layout = Layout::of(&coordinates)?;
    let encoding = layout.encoding(&fields, clustering, &header)?;
    assemble(encoding, &layout, clusters, header)
}

/// PMML 3.2 to 4.4 (any 3.x or 4.x reads alike here); a file without a version (Spark writes
/// some) is read as it is.
fn check_version(version: Option<&str>) -> Result<(), PmmlError> {
    match version.map(str::trim) {
        None => Ok(()),
        Some(v) if v.starts_with("3.") || v.starts_with("4.") => Ok(()),
        Some(v) => Err(PmmlError::Version { version: v.chars().take(20).collect() }),
    }
}

/// What the header says of the file's origin.
struct Header {
    /// The application's name and version ("KNIME 4.7.1"), or empty.
    application: String,
    /// Whether Segmentum wrote it (then its extensions are read).
    own: bool,
    source: Option<String>,
    timestamp: String,
}

impl Header {
    fn of(root: &Element) -> Header {
        let header = root.child("Header");
        let app = header.and_then(|h| h.child("Application"));
        let name = app.and_then(|a| a.attr("name")).unwrap_or("").trim();
        let version = app.and_then(|a| a.attr("version")).unwrap_or("").trim();
        let application: String = format!("{name} {version}").trim().chars().take(100).collect();
        let own = name == APPLICATION;
        let source = header
            .filter(|_| own)
            .and_then(|h| h.children_named("Extension").find(|e| e.attr("name") == Some("source")))
            .and_then(|e| e.attr("value"))
            .map(|v| v.chars().take(300).collect());
        let timestamp = header.and_then(|h| h.child("Timestamp")).map_or("", |t| t.text.trim());
        Header { application, own, source, timestamp: timestamp.chars().take(64).collect() }
    }
}

/// The file's one clustering model, and the local transformations of the models wrapping it.
fn find_clustering(root: &Element) -> Result<(&Element, Vec<Option<&Element>>), PmmlError> {
    let model = only_model(root.children.iter())?;
    match model.name.as_str() {
        "ClusteringModel" => Ok((model, Vec::new())),
        "MiningModel" => {
            let segments: Vec<&Element> =
                model.child("Segmentation").map(|s| s.children_named("Segment").collect()).unwrap_or_default();
            let [segment] = segments[..] else {
                return Err(PmmlError::SeveralModels {
                    found: format!("a MiningModel of {} segments", segments.len()),
                });
            };
            let inner = only_model(segment.children.iter())?;
            if inner.name != "ClusteringModel" {
                return Err(PmmlError::NotClustering { found: format!("a MiningModel around a {}", inner.name) });
            }
            Ok((inner, vec![model.child("LocalTransformations")]))
        }
        other => Err(PmmlError::NotClustering { found: format!("a {other}") }),
    }
}

fn only_model<'a>(children: impl Iterator<Item = &'a Element>) -> Result<&'a Element, PmmlError> {
    let models: Vec<&Element> = children.filter(|c| MODELS.contains(&c.name.as_str())).collect();
    match models[..] {
        [one] => Ok(one),
        [] => Err(PmmlError::Missing { what: "model (no ClusteringModel or other model element)".into() }),
        _ => Err(PmmlError::SeveralModels {
            found: models.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// A centre-based model measured by (squared) Euclidean distance with absolute differences.
fn check_kind(clustering: &Element) -> Result<(), PmmlError> {
    let unsupported = |what: String| Err(PmmlError::Unsupported { what });
    match clustering.attr("modelClass") {
        None | Some("centerBased") => {}
        Some(other) => return unsupported(format!("modelClass=\"{other}\" (only centerBased models have centres)")),
    }
    let measure =
        clustering.child("ComparisonMeasure").ok_or(PmmlError::Missing { what: "ComparisonMeasure".into() })?;
    match measure.attr("kind") {
        None | Some("distance") => {}
        Some(other) => return unsupported(format!("a {other} measure")),
    }
    match measure.content().next().map(|m| m.name.as_str()) {
        Some("squaredEuclidean" | "euclidean") => {}
        Some(other) => return unsupported(format!("the {other} distance")),
        None => return Err(PmmlError::Missing { what: "distance in its ComparisonMeasure".into() }),
    }
    match measure.attr("compareFunction") {
        None | Some("absDiff") => Ok(()),
        Some(other) => unsupported(format!("the compare function {other}")),
    }
}

/// Each centre coordinate in the file's order, with its field weight.
fn coordinates(clustering: &Element, fields: &Fields) -> Result<Vec<(Coordinate, f64)>, PmmlError> {
    let clustering_fields: Vec<&Element> =
        clustering.children_named("ClusteringField").filter(|f| f.attr("isCenterField") != Some("false")).collect();
    if clustering_fields.len() > MAX_FIELDS {
        return Err(PmmlError::TooMany { what: "clustering fields", limit: MAX_FIELDS });
    }
    if clustering_fields.is_empty() {
        // PMML 3's centre fields: derived fields whose expressions are the coordinates.
        let centre_fields: Vec<&Element> =
            clustering.child("CenterFields").map(|c| c.children_named("DerivedField").collect()).unwrap_or_default();
        if centre_fields.is_empty() {
            return Err(PmmlError::Missing { what: "ClusteringField list (nor CenterFields)".into() });
        }
        if centre_fields.len() > MAX_FIELDS {
            return Err(PmmlError::TooMany { what: "centre fields", limit: MAX_FIELDS });
        }
        return centre_fields.into_iter().map(|d| Ok((fields.coordinate_of_derived(d)?, 1.0))).collect();
    }
    clustering_fields
        .into_iter()
        .map(|f| {
            let name = f.attr("field").ok_or(PmmlError::Missing { what: "field on a ClusteringField".into() })?;
            match f.attr("compareFunction") {
                None | Some("absDiff") => {}
                Some(other) => {
                    return Err(PmmlError::Unsupported { what: format!("the compare function {other} on \"{name}\"") })
                }
            }
            let weight = match f.attr("fieldWeight") {
                Some(w) => number(&format!("the weight of \"{name}\""), w)?,
                None => 1.0,
            };
            if weight <= 0.0 {
                return Err(PmmlError::Unsupported { what: format!("a weight of {weight} on \"{name}\"") });
            }
            Ok((fields.coordinate_of_field(name)?, weight))
        })
        .collect()
}

/// One cluster of the file.
struct FileCluster {
    id: String,
    name: Option<String>,
    size: usize,
    centre: Vec<f64>,
}

/// The largest cluster size taken from a file: fifty of them still sum within a 32-bit `usize`.
const MAX_CLUSTER_SIZE: usize = 50_000_000;

fn clusters(clustering: &Element, dim: usize) -> Result<Vec<FileCluster>, PmmlError> {
    let clusters: Vec<FileCluster> = clustering
        .children_named("Cluster")
        .enumerate()
        .map(|(i, c)| {
            let id = c
                .attr("id")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map_or_else(|| (i + 1).to_string(), str::to_owned);
            let name = c.attr("name").map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
            // A file's sizes are its word: capped, so their sum cannot overflow (on wasm32 either).
            let size = c.attr("size").and_then(|s| s.trim().parse::<usize>().ok()).unwrap_or(0).min(MAX_CLUSTER_SIZE);
            let centre = centre(c, &id, dim)?;
            Ok(FileCluster { id, name, size, centre })
        })
        .collect::<Result<_, PmmlError>>()?;
    if clusters.is_empty() {
        return Err(PmmlError::Missing { what: "Cluster".into() });
    }
    Ok(clusters)
}

/// A cluster's centre: its Array of `dim` numbers.
fn centre(cluster: &Element, id: &str, dim: usize) -> Result<Vec<f64>, PmmlError> {
    let Some(array) = cluster.child("Array") else {
        let what = match cluster.content().find(|c| c.name.contains("SparseArray")) {
            Some(_) => "a centre written as a sparse array".to_owned(),
            None => return Err(PmmlError::Missing { what: format!("centre (Array) in cluster {id}") }),
        };
        return Err(PmmlError::Unsupported { what });
    };
    match array.attr("type") {
        None | Some("real" | "int") => {}
        Some(other) => return Err(PmmlError::Unsupported { what: format!("a centre of type {other}") }),
    }
    if let Some(n) = array.attr("n") {
        match n.trim().parse::<usize>() {
            Ok(n) if n <= MAX_FIELDS => {}
            _ => return Err(PmmlError::TooMany { what: "values in a centre", limit: MAX_FIELDS }),
        }
    }
    let mut values = Vec::new();
    for token in array.text.split_whitespace() {
        if values.len() >= MAX_FIELDS {
            return Err(PmmlError::TooMany { what: "values in a centre", limit: MAX_FIELDS });
        }
        let token = token.trim_matches('"');
        values.push(number(&format!("a centre value of cluster {id}"), token)?);
    }
    let stated = array.attr("n").and_then(|n| n.trim().parse::<usize>().ok()).unwrap_or(values.len());
    if values.len() != dim || stated != dim {
        let found = if stated == values.len() { values.len() } else { stated.min(values.len()) };
        return Err(PmmlError::CentreLength { cluster: id.to_owned(), found, expected: dim });
    }
    Ok(values)
}

/// Where each file coordinate goes in model space, and the factor its centre values take
/// (a field weight's square root, a reversed scaling's sign).
struct Layout {
    /// Per numeric feature: its field, transform, offset and scale (the weight folded in).
    numbers: Vec<(String, Transform, f64, f64)>,
    /// Per category: its field, values and weight (the field weight folded in).
    categories: Vec<(String, Vec<String>, f64)>,
    /// Per model-space coordinate, the file's coordinate and the factor.
    order: Vec<(usize, f64)>,
}

impl Layout {
    fn of(coordinates: &[(Coordinate, f64)]) -> Result<Layout, PmmlError> {
        let mut numbers: Vec<(String, Transform, f64, f64)> = Vec::new();
        let mut number_order = Vec::new();
        let mut categories: Vec<(String, Vec<String>, f64)> = Vec::new();
        let mut category_order: Vec<Vec<(usize, f64)>> = Vec::new();
        for (i, (c, w)) in coordinates.iter().enumerate() {
            let root = w.sqrt();
            match c {
                Coordinate::Number { field, transform, offset, scale, sign } => {
                    if numbers.iter().any(|(f, ..)| f == field) {
                        return Err(PmmlError::Unsupported {
                            what: format!("the field \"{field}\" in two coordinates"),
                        });
                    }
                    // w·(x − c)² = (√w·x − √w·c)²: the weight scales the coordinate and the centre.
                    let scale = if root == 1.0 { *scale } else { scale / root };
                    numbers.push((field.clone(), *transform, *offset, scale));
                    number_order.push((i, sign * root));
                }
                Coordinate::OneHot { field, value, weight } => {
                    let weight = weight * root;
                    let at = match categories.iter().position(|(f, ..)| f == field) {
                        Some(at) => at,
                        None => {
                            categories.push((field.clone(), Vec::new(), weight));
                            category_order.push(Vec::new());
                            categories.len() - 1
                        }
                    };
                    let (_, values, category_weight) = &mut categories[at];
                    if *category_weight != weight {
                        return Err(PmmlError::Unsupported {
                            what: format!("values of \"{field}\" with different weights"),
                        });
                    }
                    if values.contains(value) {
                        return Err(PmmlError::Unsupported {
                            what: format!("the value \"{value}\" of \"{field}\" twice"),
                        });
                    }
                    values.push(value.clone());
                    category_order[at].push((i, root));
                }
            }
        }
        if numbers.is_empty() {
            return Err(PmmlError::Unsupported {
                what: "no numeric field (Segmentum's segments need at least one number)".into(),
            });
        }
        let order = number_order.into_iter().chain(category_order.into_iter().flatten()).collect();
        Ok(Layout { numbers, categories, order })
    }

    /// A file centre in model space.
    fn model_centre(&self, centre: &[f64]) -> Vec<f64> {
        self.order
            .iter()
            .map(|&(i, factor)| centre.get(i).map_or(0.0, |&v| if factor == 1.0 { v } else { v * factor }))
            .collect()
    }

    fn encoding(&self, fields: &Fields, clustering: &Element, header: &Header) -> Result<Encoding, PmmlError> {
        let features: Vec<String> = self.numbers.iter().map(|(f, ..)| f.clone()).collect();
        let offset: Vec<f64> = self.numbers.iter().map(|n| n.2).collect();
        let scale: Vec<f64> = self.numbers.iter().map(|n| n.3).collect();
        let identity = offset.iter().all(|&o| o == 0.0) && scale.iter().all(|&s| s == 1.0);
        let transforms: Vec<Transform> = self.numbers.iter().map(|n| n.1).collect();
        let transforms = if transforms.iter().all(|t| *t == Transform::None) { Vec::new() } else { transforms };
        let (missing, fill) = missing(clustering, &features);
        let categories = self
            .categories
            .iter()
            .map(|(name, values, weight)| {
                if fields.data(name).is_some_and(is_numeric) && values.iter().any(|v| v.trim().parse::<f64>().is_err())
                {
                    return Err(PmmlError::Unsupported { what: format!("text values of the number field \"{name}\"") });
                }
                Ok(Category {
                    name: name.clone(),
                    values: values.clone(),
                    shares: vec![0.0; values.len()],
                    weight: *weight,
                })
            })
            .collect::<Result<_, PmmlError>>()?;
        Ok(Encoding {
            features,
            scaling: Scaler { kind: scaling_kind(clustering, header, identity), offset, scale },
            transforms,
            missing,
            fill,
            categories,
        })
    }
}

/// The scaling's name: Segmentum's own file says it; otherwise none when every coordinate is
/// the raw number, else standardised (the scaling any tool's two-point normalisation reads as).
fn scaling_kind(clustering: &Element, header: &Header, identity: bool) -> ScalingKind {
    let own = clustering
        .children_named("Extension")
        .find(|e| header.own && e.attr("name") == Some("scaling"))
        .and_then(|e| ScalingKind::from_key(e.attr("value")?));
    match own {
        _ if identity => ScalingKind::None,
        Some(ScalingKind::None) | None => ScalingKind::Standard,
        Some(kind) => kind,
    }
}

/// The fill values, when the mining schema replaces every numeric feature's missing value;
/// otherwise a customer with a missing number is left out, as Batch does without fill values.
fn missing(clustering: &Element, features: &[String]) -> (MissingRule, Vec<f64>) {
    let schema: Vec<&Element> =
        clustering.child("MiningSchema").map(|s| s.children_named("MiningField").collect()).unwrap_or_default();
    let field = |name: &str| schema.iter().find(|f| f.attr("name") == Some(name)).copied();
    let fill: Option<Vec<f64>> = features
        .iter()
        .map(|f| number("a missing value replacement", field(f)?.attr("missingValueReplacement")?).ok())
        .collect();
    match fill {
        Some(fill) => {
            let median =
                features.iter().all(|f| field(f).and_then(|m| m.attr("missingValueTreatment")) == Some("asMedian"));
            (if median { MissingRule::Median } else { MissingRule::Mean }, fill)
        }
        None => (MissingRule::Skip, Vec::new()),
    }
}

fn assemble(
    mut encoding: Encoding,
    layout: &Layout,
    clusters: Vec<FileCluster>,
    header: Header,
) -> Result<SegmentModel, PmmlError> {
    let k = clusters.len();
    let dim = encoding.features.len();
    let model_centres: Vec<Vec<f64>> = clusters.iter().map(|c| layout.model_centre(&c.centre)).collect();
    let centres: Vec<Vec<f64>> = model_centres.iter().map(|m| encoding.original(m)).collect();
    let mixes: Vec<Vec<Vec<f64>>> = model_centres.iter().map(|m| mix(&encoding, m)).collect();
    let total: usize = clusters.iter().map(|c| c.size).sum();
    for (j, category) in encoding.categories.iter_mut().enumerate() {
        category.shares = shares(&mixes, &clusters, j, category.values.len(), total);
    }
    // Statistics of the centres: naming reads each segment against the others.
    let feature_stats: Vec<FeatureStats> =
        (0..dim).map(|j| FeatureStats { count: 0, ..FeatureStats::of(centres.iter().map(|c| c[j])) }).collect();
    let centre_matrix = Matrix::new(centres.iter().flatten().copied().collect(), dim);
    let standouts = category_standouts(&encoding.categories, &mixes);
    let labels = name_segments_with(&encoding.features, &feature_stats, &centre_matrix, &standouts);
    let imported_clusters =
        clusters.iter().map(|c| ImportedCluster { id: c.id.clone(), name: c.name.clone() }).collect();
    let segments = clusters
        .into_iter()
        .zip(labels)
        .zip(centres.into_iter().zip(model_centres))
        .zip(mixes)
        .enumerate()
        .map(|(i, (((cluster, label), (centre, model_centre)), mix))| Segment {
            id: i + 1,
            label,
            stats: centre
                .iter()
                .map(|&c| FeatureStats { count: cluster.size, mean: c, std: 0.0, min: c, max: c })
                .collect(),
            centre,
            model_centre,
            size: cluster.size,
            share: if total > 0 { cluster.size as f64 / total as f64 } else { 0.0 },
            stability: None,
            silhouette: None,
            mix,
        })
        .collect();
    let source = header.source.clone().unwrap_or_else(|| {
        if header.application.is_empty() {
            "PMML file".to_owned()
        } else {
            format!("PMML from {}", header.application)
        }
    });
    let training = TrainingInfo {
        params: KMeansParams::new(k),
        n_iter: 0,
        rows_used: 0,
        rows_skipped: 0,
        inertia: 0.0,
        silhouette: None,
        silhouette_rows: 0,
        created_at: header.timestamp.clone(),
        source,
        stability_resamples: None,
    };
    let model = SegmentModel {
        format: FORMAT.to_owned(),
        version: VERSION,
        encoding,
        feature_stats,
        segments,
        training,
        orders: None,
        imported: Some(Imported {
            format: "pmml".into(),
            application: header.application,
            clusters: imported_clusters,
        }),
    };
    model.validate()?;
    Ok(model)
}

/// A centre's category coordinates over their weight: a k-means centre's is the share of its
/// members with each value.
fn mix(encoding: &Encoding, model_centre: &[f64]) -> Vec<Vec<f64>> {
    let mut at = encoding.features.len();
    encoding
        .categories
        .iter()
        .map(|c| {
            let shares = model_centre.get(at..at + c.values.len()).unwrap_or(&[]);
            at += c.values.len();
            shares.iter().map(|v| (v / c.weight).clamp(0.0, 1.0)).collect()
        })
        .collect()
}

/// All customers' share of each value: the clusters' shares weighted by their sizes (equally
/// without sizes).
fn shares(mixes: &[Vec<Vec<f64>>], clusters: &[FileCluster], j: usize, values: usize, total: usize) -> Vec<f64> {
    let weight =
        |i: usize| if total > 0 { clusters[i].size as f64 / total as f64 } else { 1.0 / clusters.len() as f64 };
    (0..values)
        .map(|v| {
            let share: f64 = mixes.iter().enumerate().map(|(i, m)| weight(i) * m[j][v]).sum();
            share.clamp(0.0, 1.0)
        })
        .collect()
}
