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
    model::{Imported, ImportedCluster, Segment, SegmentModel, TrainingInfo},
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
    let (clustering, wrappers) = find_clustering(root)?;
    // The models from the outermost in: each one's transformations and mining schema apply in turn.
    let models: Vec<&Element> = wrappers.into_iter().chain([clustering]).collect();
    let scopes: Vec<&Element> = std::iter::once(root.child("TransformationDictionary"))
        .chain(models.iter().map(|m| m.child("LocalTransformations")))
        .flatten()
        .collect();
    let schemas: Vec<&Element> = models.iter().filter_map(|m| m.child("MiningSchema")).collect();
    let fields = Fields::new(dictionary, &scopes);
    check_kind(clustering)?;
    let coordinates = coordinates(clustering, &fields)?;
    let clusters = clusters(clustering, coordinates.len())?;
    let layout = Layout::of(&coordinates)?;
    let encoding = layout.encoding(&fields, &schemas, clustering, &header)?;
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

/// The file's one clustering model, and the models wrapping it (outermost first).
fn find_clustering(root: &Element) -> Result<(&Element, Vec<&Element>), PmmlError> {
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
            Ok((inner, vec![model]))
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

    fn encoding(
        &self,
        fields: &Fields,
        schemas: &[&Element],
        clustering: &Element,
        header: &Header,
    ) -> Result<Encoding, PmmlError> {
        let features: Vec<String> = self.numbers.iter().map(|(f, ..)| f.clone()).collect();
        let offset: Vec<f64> = self.numbers.iter().map(|n| n.2).collect();
        let scale: Vec<f64> = self.numbers.iter().map(|n| n.3).collect();
        let identity = offset.iter().all(|&o| o == 0.0) && scale.iter().all(|&s| s == 1.0);
        let transforms: Vec<Transform> = self.numbers.iter().map(|n| n.1).collect();
        let transforms = if transforms.iter().all(|t| *t == Transform::None) { Vec::new() } else { transforms };
        let category_names: Vec<String> = self.categories.iter().map(|(f, ..)| f.clone()).collect();
        let (missing, fill) = inputs(fields, schemas, &features, &category_names)?;
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

/// How the mining schemas treat the model's inputs (`features` the numbers', `categories` the
/// categories' data fields): refused where an evaluator would score a customer otherwise than
/// Batch does; else the fill values, when every numeric feature's missing value is replaced (the
/// outermost schema's replacement first, as it is applied first), or none, so a customer with a
/// missing number is left out, as Batch does without fill values.
fn inputs(
    fields: &Fields,
    schemas: &[&Element],
    features: &[String],
    categories: &[String],
) -> Result<(MissingRule, Vec<f64>), PmmlError> {
    // Only active fields are the model's inputs; a target or supplementary field is not read.
    let schema: Vec<&Element> = schemas
        .iter()
        .flat_map(|s| s.children_named("MiningField"))
        .filter(|f| matches!(f.attr("usageType"), None | Some("active")))
        .collect();
    for f in &schema {
        let Some(name) = f.attr("name") else { continue };
        let number = features.iter().any(|x| x == name);
        let category = categories.iter().any(|x| x == name);
        // A field the model does not read is not scored, whatever its treatment.
        if number || category || fields.is_derived(name) {
            treated_as_read(f, name, number)?;
        }
    }
    for name in features.iter().chain(categories) {
        if let Some(value) = fields.data(name).and_then(|d| d.children_named("Value").find(|v| declared_missing(v))) {
            let value = super::excerpt(value.attr("value").unwrap_or(""), 40);
            return Err(PmmlError::treatment(
                name,
                format!("the value \"{value}\" declared missing (a Value with property=\"missing\")"),
                format!(
                    "an evaluator treats \"{value}\" as no value, where Segmentum reads it as a value of the field"
                ),
            ));
        }
    }
    let replacement = |name: &str| {
        schema
            .iter()
            .filter(|f| f.attr("name") == Some(name))
            .find_map(|f| Some((*f, f.attr("missingValueReplacement")?)))
    };
    let mut fill = Vec::with_capacity(features.len());
    for name in features {
        if let Some((_, text)) = replacement(name) {
            fill.push(number(&format!("the missing value replacement of \"{name}\""), text)?);
        }
    }
    if fill.is_empty() {
        return Ok((MissingRule::Skip, Vec::new()));
    }
    if fill.len() < features.len() {
        // Batch fills every number or none: a customer missing only the unreplaced field would
        // be scored by the file's tool and left out here.
        let filled = features.iter().find(|f| replacement(f).is_some()).expect("a replacement");
        let unfilled = features.iter().find(|f| replacement(f).is_none()).expect("a field without");
        let text = super::excerpt(replacement(filled).map_or("", |r| r.1), 40);
        return Err(PmmlError::treatment(
            filled,
            format!("missingValueReplacement=\"{text}\""),
            format!(
                "its missing values are replaced, but \"{}\" has no replacement, and Segmentum fills missing \
                 numbers in every field or in none",
                super::excerpt(unfilled, 100)
            ),
        ));
    }
    let median =
        features.iter().all(|f| replacement(f).map(|r| r.0.attr("missingValueTreatment")) == Some(Some("asMedian")));
    Ok((if median { MissingRule::Median } else { MissingRule::Mean }, fill))
}

/// A data field's `Value` that the file declares a missing value, unless Segmentum reads that
/// text as missing itself (empty, `NA`, `null`, …).
fn declared_missing(value: &Element) -> bool {
    value.attr("property") == Some("missing") && !crate::dataset::is_missing(value.attr("value").unwrap_or(""))
}

/// One active mining field the model reads (`number` when it is a numeric feature's data
/// field): refused when its treatment is not Batch's.
fn treated_as_read(f: &Element, name: &str, number: bool) -> Result<(), PmmlError> {
    let limits = || {
        let limit = |attr: &str| f.attr(attr).map(|v| format!(" {attr}=\"{}\"", super::excerpt(v, 40)));
        format!("{}{}", limit("lowValue").unwrap_or_default(), limit("highValue").unwrap_or_default())
    };
    let not_applied = "(Segmentum does not apply lowValue and highValue; it scores every number as it is)";
    match f.attr("outliers") {
        None | Some("asIs") => {}
        Some("asMissingValues") => {
            return Err(PmmlError::treatment(
                name,
                format!("outliers=\"asMissingValues\"{}", limits()),
                format!("a value below its lowValue or above its highValue counts as missing {not_applied}"),
            ))
        }
        Some("asExtremeValues") => {
            return Err(PmmlError::treatment(
                name,
                format!("outliers=\"asExtremeValues\"{}", limits()),
                format!("a value below its lowValue or above its highValue is replaced by that limit {not_applied}"),
            ))
        }
        Some(other) => {
            return Err(PmmlError::treatment(
                name,
                format!("outliers=\"{}\"", super::excerpt(other, 40)),
                "an outlier treatment PMML does not define (asIs, asMissingValues, asExtremeValues)".to_owned(),
            ))
        }
    }
    // An invalid value is text in a number field, or a category the file does not list. Batch
    // reports either as an error on the customer's row and scores nothing for it: that is what
    // returnInvalid (PMML's default) asks, and what asIs comes to in practice for these inputs,
    // as no distance can be measured from such a value. (A DataField's Interval is not read: a
    // number outside it is scored as it is, which is asIs; under returnInvalid an evaluator would
    // leave that customer unscored.)
    let row_error = "where Segmentum reports an invalid value as an error on the customer's row";
    match f.attr("invalidValueTreatment") {
        None | Some("returnInvalid" | "asIs") => {}
        Some("asMissing") => {
            return Err(PmmlError::treatment(
                name,
                "invalidValueTreatment=\"asMissing\"".to_owned(),
                format!(
                    "an invalid value (text in a number field, a category the file does not list) counts as \
                     missing, {row_error}"
                ),
            ))
        }
        Some("asValue") => {
            let replacement = super::excerpt(f.attr("invalidValueReplacement").unwrap_or("?"), 40);
            return Err(PmmlError::treatment(
                name,
                format!("invalidValueTreatment=\"asValue\" (invalidValueReplacement=\"{replacement}\")"),
                format!("an invalid value is replaced by \"{replacement}\", {row_error}"),
            ));
        }
        Some(other) => {
            return Err(PmmlError::treatment(
                name,
                format!("invalidValueTreatment=\"{}\"", super::excerpt(other, 40)),
                "an invalid-value treatment PMML does not define (returnInvalid, asIs, asMissing, asValue)".to_owned(),
            ))
        }
    }
    // A replacement is honoured as the fill of a numeric feature only (see `inputs`).
    if let (false, Some(v)) = (number, f.attr("missingValueReplacement")) {
        let v = super::excerpt(v, 40);
        return Err(PmmlError::treatment(
            name,
            format!("missingValueReplacement=\"{v}\""),
            format!(
                "a customer without a value is given \"{v}\", where Segmentum fills missing numbers of input fields \
                 only (an empty category, or a missing input, is an error on the customer's row)"
            ),
        ));
    }
    Ok(())
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
    let imported = Imported { format: "pmml".into(), application: header.application, clusters: imported_clusters };
    let model = SegmentModel {
        imported: Some(imported),
        ..SegmentModel::of_parts(encoding, feature_stats, segments, training)
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
