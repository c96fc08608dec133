//! The model as an ONNX file, for scoring where a runtime already runs (ONNX Runtime in a
//! service, a notebook, a database extension): given each customer's numbers, it returns
//! `segment_id`, `distance_to_centroid`, `confidence` and `distances` (to every centre)
//! computed as Batch computes them ([`crate::batch::classify_extraction`]).
//!
//! One graph input per numeric feature, named by its header, a column of doubles (`[N, 1]`);
//! a missing number is NaN. Per feature, in Batch's order: the fill of a missing number (when
//! the model has one), the transform, the scaling; then the squared distance to every centre
//! where the segments were found, summed feature by feature in Batch's order, so the same
//! doubles come out and a tie goes where Batch sends it. Everything is float64: the results
//! equal Batch's to about 1e-12, not to the 1e-7 of a float32 model.
//!
//! Where ONNX cannot say what Batch says, it differs, by design:
//! - a row with a missing number the model does not fill gets `segment_id` 0 and NaN figures,
//!   where Batch writes why (a graph returns numbers, not messages);
//! - the numbers are taken as given: Batch's checks of a file's cells (text that is not a
//!   number, magnitudes past 1e15) are the caller's;
//! - categories are not exported yet (the model is refused, see [`OnnxError::Categories`]).

pub mod proto;

use std::fmt::Write;

use prost::Message;
use thiserror::Error;

use super::about;
use crate::{model::SegmentModel, prep::Transform};
use proto::{
    attribute_type, data_type, AttributeProto, Dimension, DimensionValue, GraphProto, ModelProto, NodeProto,
    OperatorSetIdProto, StringStringEntryProto, TensorProto, TensorShapeProto, TypeProto, TypeProtoTensor,
    ValueInfoProto,
};

/// ONNX IR version 8 with the default domain's opset 17 (ONNX 1.12): read by every ONNX
/// Runtime since 1.12, and every operator used has had its double kernels since.
pub const IR_VERSION: i64 = 8;
pub const OPSET: i64 = 17;
pub const PRODUCER: &str = "Segmentum";

/// The graph's outputs, in order.
pub const OUTPUTS: [&str; 4] = ["segment_id", "distance_to_centroid", "confidence", "distances"];

/// Why a model cannot be written as ONNX.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum OnnxError {
    #[error(
        "Category features ({names}) are not exported to ONNX yet. Export the model as SQL or PMML, \
         which carry them, or train it on numeric features only."
    )]
    Categories { names: String },
    #[error(
        "A feature is called \"{name}\", the name of one of the ONNX model's results. Rename that column \
         and train again."
    )]
    ReservedName { name: String },
    #[error(
        "Two features are called \"{name}\", and an ONNX model needs one input per name. Rename one of \
         the columns and train again."
    )]
    RepeatedName { name: String },
    #[error("A feature has no name, and an ONNX model's inputs need one. Give the column a header and train again.")]
    Unnamed,
    #[error("The model does not fit together ({reason}). Load its file again, or train it again.")]
    Damaged { reason: String },
}

/// The model as a serialized ONNX `ModelProto`, scoring as Batch does (see the module's doc).
pub fn model_onnx(model: &SegmentModel) -> Result<Vec<u8>, OnnxError> {
    onnx_refusal(model).map_or(Ok(()), Err)?;
    let graph = Builder::new(model).graph();
    Ok(ModelProto {
        ir_version: Some(IR_VERSION),
        producer_name: Some(PRODUCER.to_owned()),
        producer_version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        domain: None,
        model_version: None,
        doc_string: Some(doc(model)),
        graph: Some(graph),
        opset_import: vec![OperatorSetIdProto { domain: Some(String::new()), version: Some(OPSET) }],
        metadata_props: metadata(model),
    }
    .encode_to_vec())
}

/// Why the model cannot be written as ONNX, if it cannot — without writing it: what the graph
/// cannot carry, and a model whose parts do not fit (one edited by hand), which would otherwise
/// make a graph no runtime loads.
pub fn onnx_refusal(model: &SegmentModel) -> Option<OnnxError> {
    check(model).err()
}

fn check(model: &SegmentModel) -> Result<(), OnnxError> {
    let e = &model.encoding;
    if !e.categories.is_empty() {
        let names: Vec<String> = e.categories.iter().map(|c| format!("\"{}\"", c.name)).collect();
        return Err(OnnxError::Categories { names: names.join(", ") });
    }
    for (j, f) in e.features.iter().enumerate() {
        if f.is_empty() {
            return Err(OnnxError::Unnamed);
        }
        if OUTPUTS.contains(&f.as_str()) {
            return Err(OnnxError::ReservedName { name: f.clone() });
        }
        if e.features[..j].contains(f) {
            return Err(OnnxError::RepeatedName { name: f.clone() });
        }
    }
    let n = e.features.len();
    let damaged = |reason: &str| Err(OnnxError::Damaged { reason: reason.to_owned() });
    if n == 0 {
        return damaged("it has no numeric features");
    }
    if model.segments.is_empty() {
        return damaged("it has no segments");
    }
    if e.scaling.offset.len() != n || e.scaling.scale.len() != n {
        return damaged("its scaling does not have one value per feature");
    }
    if !(e.transforms.is_empty() || e.transforms.len() == n) || !(e.fill.is_empty() || e.fill.len() == n) {
        return damaged("its transforms or fill values do not have one per feature");
    }
    if model.segments.iter().any(|s| s.centre.len() != n || s.model_centre.len() != n) {
        return damaged("a centre does not have one value per feature");
    }
    Ok(())
}

/// What the model is, for a person opening the file (a viewer shows it as the description).
fn doc(model: &SegmentModel) -> String {
    let e = &model.encoding;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Segmentum: {} customer segments ({}), {}.",
        model.k(),
        about::method(model),
        about::trained(model),
    );
    let _ = writeln!(
        out,
        "Inputs, one [N, 1] double column each: {}; scaling: {}.",
        about::features(model),
        about::scaling(e.scaling.kind)
    );
    if e.fill.len() == e.features.len() {
        let _ = writeln!(out, "A missing number (NaN) is filled with the training {} of its feature.", e.missing.key());
    } else {
        out.push_str("A missing number (NaN) is not filled: that row gets segment_id 0 and NaN figures.\n");
    }
    let names: Vec<String> = model.segments.iter().map(|s| format!("{} {}", s.id, s.label.name)).collect();
    let _ = writeln!(out, "Segments: {}.", names.join(", "));
    out.push_str(
        "Outputs: segment_id; distance_to_centroid and distances (to every centre, in id order) in the \
         features' own units; confidence 1 - d1/d2 where the segments were found. All float64, as \
         Segmentum's Batch.",
    );
    out
}

/// Where the model came from, as key and value pairs a runtime hands back (ONNX Runtime's
/// `custom_metadata_map`).
fn metadata(model: &SegmentModel) -> Vec<StringStringEntryProto> {
    let t = &model.training;
    // Ids in order: a JSON object written by hand, since a map would sort "10" before "2".
    let names: Vec<String> = model
        .segments
        .iter()
        .map(|s| format!("\"{}\":{}", s.id, serde_json::Value::from(s.label.name.as_str())))
        .collect();
    [
        ("source", t.source.clone()),
        ("created_at", t.created_at.clone()),
        ("k", model.k().to_string()),
        ("segment_names", format!("{{{}}}", names.join(","))),
        ("features", serde_json::Value::from(model.features().to_vec()).to_string()),
    ]
    .into_iter()
    .map(|(key, value)| StringStringEntryProto { key: Some(key.to_owned()), value: Some(value) })
    .collect()
}

/// Writes the graph: nodes in the order they run, constants as initializers. Its own values are
/// named with a prefix no feature starts with, so none is taken by an input.
struct Builder<'a> {
    model: &'a SegmentModel,
    p: String,
    nodes: Vec<NodeProto>,
    constants: Vec<TensorProto>,
}

impl<'a> Builder<'a> {
    fn new(model: &'a SegmentModel) -> Builder<'a> {
        let mut p = "segmentum_".to_owned();
        while model.features().iter().any(|f| f.starts_with(&p)) {
            p.push('_');
        }
        Builder { model, p, nodes: Vec::new(), constants: Vec::new() }
    }

    fn n(&self) -> usize {
        self.model.features().len()
    }

    fn k(&self) -> usize {
        self.model.k()
    }

    fn filled(&self) -> bool {
        self.model.encoding.fill.len() == self.n()
    }

    fn name(&self, what: &str) -> String {
        format!("{}{what}", self.p)
    }

    /// Adds a node computing `output` (one of the graph's own names, or an output's).
    fn op(&mut self, op: &str, inputs: &[&str], output: String, attributes: Vec<AttributeProto>) -> String {
        self.nodes.push(NodeProto {
            input: inputs.iter().map(|&i| i.to_owned()).collect(),
            output: vec![output.clone()],
            name: Some(output.clone()),
            op_type: Some(op.to_owned()),
            attribute: attributes,
            doc_string: None,
            domain: None,
        });
        output
    }

    fn constant(&mut self, what: &str, dims: &[i64], data_type: i32, fill: impl FnOnce(&mut TensorProto)) -> String {
        let name = self.name(what);
        let mut t = TensorProto {
            dims: dims.to_vec(),
            data_type: Some(data_type),
            name: Some(name.clone()),
            ..TensorProto::default()
        };
        fill(&mut t);
        self.constants.push(t);
        name
    }

    /// A double: a scalar, which broadcasts against any column.
    fn scalar(&mut self, what: &str, value: f64) -> String {
        self.constant(what, &[], data_type::DOUBLE, |t| t.double_data = vec![value])
    }

    /// A scalar double used by several steps, added once.
    fn shared(&mut self, what: &str, value: f64) -> String {
        let name = self.name(what);
        if self.constants.iter().any(|t| t.name.as_deref() == Some(name.as_str())) {
            return name;
        }
        self.scalar(what, value)
    }

    /// One value per segment, in id order: a row, which broadcasts against an `[N, 1]` column.
    fn per_segment(&mut self, what: &str, values: Vec<f64>) -> String {
        let k = values.len() as i64;
        self.constant(what, &[k], data_type::DOUBLE, |t| t.double_data = values)
    }

    fn int64s(&mut self, what: &str, dims: &[i64], values: Vec<i64>) -> String {
        self.constant(what, dims, data_type::INT64, |t| t.int64_data = values)
    }

    fn graph(mut self) -> GraphProto {
        let (n, k) = (self.n(), self.k());
        let features = self.model.features().to_vec();
        let mut model_space = None;
        let mut original = None;
        for (j, feature) in features.iter().enumerate() {
            let value = self.fill(j, feature);
            let transformed = self.transform(j, &value);
            let z = self.scale(j, &transformed);
            let model_centres = self.model.segments.iter().map(|s| s.model_centre[j]).collect();
            model_space = Some(self.add_squares(model_space, &z, &format!("model_{}", j + 1), model_centres));
            let centres = self.model.segments.iter().map(|s| s.centre[j]).collect();
            original = Some(self.add_squares(original, &value, &format!("original_{}", j + 1), centres));
        }
        // n ≥ 1 (checked), so both sums exist.
        let model_space = model_space.unwrap_or_default();
        let original = original.unwrap_or_default();
        let distances = self.op("Sqrt", &[&model_space], self.name("model_distances"), Vec::new());
        let best = self.op("ArgMin", &[&distances], self.name("best"), argmin());
        self.segment_id(&best, &distances);
        // The squares are summed as (x − c)², never expanded, so no sum is below 0 to guard
        // before the square root.
        let all = self.op("Sqrt", &[&original], OUTPUTS[3].to_owned(), Vec::new());
        let axis = self.int64s("axis_1", &[1], vec![1]);
        let column = self.op("Unsqueeze", &[&best, &axis], self.name("best_column"), Vec::new());
        let chosen = self.op("GatherElements", &[&all, &column], self.name("chosen"), vec![int("axis", 1)]);
        self.op("Squeeze", &[&chosen, &axis], OUTPUTS[1].to_owned(), Vec::new());
        self.confidence(&distances, &column);

        let doc = format!("{n} features in, {k} segments out; float64 throughout, as Segmentum's Batch.");
        GraphProto {
            node: self.nodes,
            name: Some("segmentum".to_owned()),
            initializer: self.constants,
            doc_string: Some(doc),
            input: features.iter().map(|f| value_info(f, data_type::DOUBLE, &[symbolic(), fixed(1)])).collect(),
            output: vec![
                value_info(OUTPUTS[0], data_type::INT64, &[symbolic()]),
                value_info(OUTPUTS[1], data_type::DOUBLE, &[symbolic()]),
                value_info(OUTPUTS[2], data_type::DOUBLE, &[symbolic()]),
                value_info(OUTPUTS[3], data_type::DOUBLE, &[symbolic(), fixed(k as i64)]),
            ],
        }
    }

    /// The feature's number as Batch measures it: a missing one (NaN) given the model's fill
    /// value, when it has one.
    fn fill(&mut self, j: usize, input: &str) -> String {
        if !self.filled() {
            return input.to_owned();
        }
        let value = self.model.encoding.fill[j];
        let fill = self.scalar(&format!("fill_{}", j + 1), value);
        let missing = self.op("IsNaN", &[input], self.name(&format!("missing_{}", j + 1)), Vec::new());
        self.op("Where", &[&missing, &fill, input], self.name(&format!("filled_{}", j + 1)), Vec::new())
    }

    /// [`Transform::apply`]: sign(x)·ln(1 + |x|), or the value clipped to the winsorizing limits.
    fn transform(&mut self, j: usize, x: &str) -> String {
        let at = |what: &str| format!("{what}_{}", j + 1);
        match self.model.encoding.transform(j) {
            Transform::None => x.to_owned(),
            Transform::Log => {
                // ln(1 + |x|) where Rust computes ln_1p(|x|): the two differ by the rounding of
                // 1 + |x|, at most 1.1e-16 absolute, far below what the comparison tolerates.
                let one = self.shared("one", 1.0);
                let size = self.op("Abs", &[x], self.name(&at("abs")), Vec::new());
                let shifted = self.op("Add", &[&size, &one], self.name(&at("one_plus")), Vec::new());
                let log = self.op("Log", &[&shifted], self.name(&at("log")), Vec::new());
                let sign = self.op("Sign", &[x], self.name(&at("sign")), Vec::new());
                self.op("Mul", &[&sign, &log], self.name(&at("transformed")), Vec::new())
            }
            Transform::Winsorize { low, high } => {
                let low = self.scalar(&at("low"), low);
                let high = self.scalar(&at("high"), high);
                self.op("Clip", &[x, &low, &high], self.name(&at("transformed")), Vec::new())
            }
        }
    }

    /// (x − offset) / scale. x − 0 and x / 1 are x to the bit, so a step that changes nothing
    /// (no scaling) is left out.
    fn scale(&mut self, j: usize, x: &str) -> String {
        let (offset, scale) = (self.model.encoding.scaling.offset[j], self.model.encoding.scaling.scale[j]);
        let mut value = x.to_owned();
        if offset != 0.0 {
            let c = self.scalar(&format!("offset_{}", j + 1), offset);
            value = self.op("Sub", &[&value, &c], self.name(&format!("centred_{}", j + 1)), Vec::new());
        }
        if scale != 1.0 {
            let c = self.scalar(&format!("scale_{}", j + 1), scale);
            value = self.op("Div", &[&value, &c], self.name(&format!("scaled_{}", j + 1)), Vec::new());
        }
        value
    }

    /// `sum` + (x − c)² for every centre's coordinate c: an `[N, k]` running sum, feature by
    /// feature as Batch's `squared_distance` adds them (a ReduceSum may add in another order).
    fn add_squares(&mut self, sum: Option<String>, x: &str, what: &str, centres: Vec<f64>) -> String {
        let c = self.per_segment(&format!("centres_{what}"), centres);
        let diff = self.op("Sub", &[x, &c], self.name(&format!("diff_{what}")), Vec::new());
        let square = self.op("Mul", &[&diff, &diff], self.name(&format!("square_{what}")), Vec::new());
        match sum {
            None => square,
            Some(sum) => self.op("Add", &[&sum, &square], self.name(&format!("sum_{what}")), Vec::new()),
        }
    }

    /// Ids from 1; without fill values a row with a missing number gets 0, not a segment.
    fn segment_id(&mut self, best: &str, distances: &str) {
        let one = self.int64s("id_one", &[], vec![1]);
        if self.filled() {
            self.op("Add", &[best, &one], OUTPUTS[0].to_owned(), Vec::new());
            return;
        }
        let id = self.op("Add", &[best, &one], self.name("id"), Vec::new());
        // A NaN makes every distance of its row NaN: the first says.
        let first = self.int64s("first", &[], vec![0]);
        let d = self.op("Gather", &[distances, &first], self.name("first_distance"), vec![int("axis", 1)]);
        let missing = self.op("IsNaN", &[&d], self.name("missing"), Vec::new());
        let none = self.int64s("no_segment", &[], vec![0]);
        self.op("Where", &[&missing, &none, &id], OUTPUTS[0].to_owned(), Vec::new());
    }

    /// [`crate::predict::Nearest::of`]: 1 − d1/d2 with d2 the nearest of the other centres; 1
    /// when there is none (k = 1) or it is at distance 0.
    fn confidence(&mut self, distances: &str, best_column: &str) {
        let ids = self.int64s("ids", &[self.k() as i64], (0..self.k() as i64).collect());
        let far = self.shared("infinity", f64::INFINITY);
        let zero = self.shared("zero", 0.0);
        let one = self.shared("one", 1.0);
        let d1 = self.op("ReduceMin", &[distances], self.name("d1"), reduce_min());
        let is_best = self.op("Equal", &[best_column, &ids], self.name("is_best"), Vec::new());
        let others = self.op("Where", &[&is_best, &far, distances], self.name("others"), Vec::new());
        let d2 = self.op("ReduceMin", &[&others], self.name("d2"), reduce_min());
        let positive = self.op("Greater", &[&d2, &zero], self.name("d2_positive"), Vec::new());
        let finite = self.op("Less", &[&d2, &far], self.name("d2_finite"), Vec::new());
        let ok = self.op("And", &[&positive, &finite], self.name("has_runner_up"), Vec::new());
        let ratio = self.op("Div", &[&d1, &d2], self.name("ratio"), Vec::new());
        let margin = self.op("Sub", &[&one, &ratio], self.name("margin"), Vec::new());
        if self.filled() {
            self.op("Where", &[&ok, &margin, &one], OUTPUTS[2].to_owned(), Vec::new());
            return;
        }
        // A row with a missing number has NaN distances: its confidence is NaN too, not 1.
        let confidence = self.op("Where", &[&ok, &margin, &one], self.name("confidence"), Vec::new());
        let unscored = self.op("IsNaN", &[&d1], self.name("unscored"), Vec::new());
        self.op("Where", &[&unscored, &d1, &confidence], OUTPUTS[2].to_owned(), Vec::new());
    }
}

fn int(name: &str, value: i64) -> AttributeProto {
    AttributeProto {
        name: Some(name.to_owned()),
        i: Some(value),
        r#type: Some(attribute_type::INT),
        ..AttributeProto::default()
    }
}

fn ints(name: &str, values: Vec<i64>) -> AttributeProto {
    AttributeProto {
        name: Some(name.to_owned()),
        ints: values,
        r#type: Some(attribute_type::INTS),
        ..AttributeProto::default()
    }
}

/// The nearest centre over axis 1, the first on a tie (Batch's lowest id), as an `[N]` index.
fn argmin() -> Vec<AttributeProto> {
    vec![int("axis", 1), int("keepdims", 0), int("select_last_index", 0)]
}

/// The smallest of each row, as an `[N]` column (opset 17 takes the axes as an attribute).
fn reduce_min() -> Vec<AttributeProto> {
    vec![ints("axes", vec![1]), int("keepdims", 0)]
}

fn symbolic() -> Dimension {
    Dimension { value: Some(DimensionValue::DimParam("N".to_owned())) }
}

fn fixed(size: i64) -> Dimension {
    Dimension { value: Some(DimensionValue::DimValue(size)) }
}

fn value_info(name: &str, elem_type: i32, dims: &[Dimension]) -> ValueInfoProto {
    ValueInfoProto {
        name: Some(name.to_owned()),
        r#type: Some(TypeProto {
            tensor_type: Some(TypeProtoTensor {
                elem_type: Some(elem_type),
                shape: Some(TensorShapeProto { dim: dims.to_vec() }),
            }),
        }),
        doc_string: None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::{prep::Preparation, FitSettings, KMeansParams, Table, TrainRequest};

    const CSV: &[u8] = b"Annual Income (k$),Spending Score (1-100),Genre\n15,39,Male\n16,81,Female\n\
        17,6,Female\n18,77,Male\n60,40,Female\n62,42,Male\n120,10,Female\n125,90,Male\n,50,Female\n";

    fn train(categories: Vec<usize>, missing: crate::prep::MissingRule) -> SegmentModel {
        let table = Table::from_csv_bytes(CSV).unwrap();
        let fit = FitSettings {
            columns: vec![0, 1],
            prep: Preparation { categories, transforms: Vec::new(), missing },
            scaling: crate::ScalingKind::Standard,
            params: KMeansParams::new(3),
        };
        let mut request = TrainRequest::from(fit);
        request.source = "mall.csv".to_owned();
        request.created_at = "2026-12-04T00:00:00Z".to_owned();
        crate::segment_table(&table, &request).unwrap().model
    }

    fn decoded(model: &SegmentModel) -> ModelProto {
        ModelProto::decode(model_onnx(model).unwrap().as_slice()).unwrap()
    }

    #[test]
    fn a_model_with_categories_is_refused_and_told_where_they_go() {
        let model = train(vec![2], Default::default());
        let e = model_onnx(&model).unwrap_err();
        assert_eq!(e, OnnxError::Categories { names: "\"Genre\"".to_owned() });
        let text = e.to_string();
        assert!(
            text.contains("not exported to ONNX yet") && text.contains("as SQL or PMML, which carry them"),
            "{text}"
        );
    }

    #[test]
    fn the_file_reads_back_with_its_versions_inputs_outputs_and_provenance() {
        let model = train(Vec::new(), Default::default());
        let onnx = decoded(&model);
        assert_eq!(onnx.ir_version, Some(8));
        assert_eq!(onnx.producer_name.as_deref(), Some("Segmentum"));
        assert_eq!(onnx.opset_import, vec![OperatorSetIdProto { domain: Some(String::new()), version: Some(17) }]);
        let graph = onnx.graph.unwrap();
        let names = |v: &[ValueInfoProto]| v.iter().map(|i| i.name.clone().unwrap()).collect::<Vec<_>>();
        assert_eq!(names(&graph.input), ["Annual Income (k$)", "Spending Score (1-100)"]);
        assert_eq!(names(&graph.output), OUTPUTS);
        let shape = |v: &ValueInfoProto| {
            let t = v.r#type.clone().unwrap().tensor_type.unwrap();
            (t.elem_type.unwrap(), t.shape.unwrap().dim.into_iter().map(|d| d.value.unwrap()).collect::<Vec<_>>())
        };
        let n = DimensionValue::DimParam("N".to_owned());
        assert_eq!(shape(&graph.input[0]), (data_type::DOUBLE, vec![n.clone(), DimensionValue::DimValue(1)]));
        assert_eq!(shape(&graph.output[0]), (data_type::INT64, vec![n.clone()]));
        assert_eq!(shape(&graph.output[3]), (data_type::DOUBLE, vec![n, DimensionValue::DimValue(3)]));
        let meta: Vec<(String, String)> =
            onnx.metadata_props.into_iter().map(|p| (p.key.unwrap(), p.value.unwrap())).collect();
        assert!(meta.contains(&("source".into(), "mall.csv".into())), "{meta:?}");
        assert!(meta.contains(&("k".into(), "3".into())), "{meta:?}");
        let (_, names) = meta.iter().find(|(k, _)| k == "segment_names").unwrap();
        let names: serde_json::Value = serde_json::from_str(names).unwrap();
        assert_eq!(names["2"], model.segments[1].label.name.as_str());
        assert!(onnx.doc_string.unwrap().contains("trained 2026-12-04T00:00:00Z on \"mall.csv\""));
    }

    #[test]
    fn every_value_is_named_once_and_made_before_it_is_used() {
        for missing in [crate::prep::MissingRule::Skip, crate::prep::MissingRule::Mean] {
            let graph = decoded(&train(Vec::new(), missing)).graph.unwrap();
            let mut known: HashSet<String> = graph.input.iter().map(|i| i.name.clone().unwrap()).collect();
            for t in &graph.initializer {
                assert!(known.insert(t.name.clone().unwrap()), "{:?} named twice", t.name);
            }
            for node in &graph.node {
                for i in &node.input {
                    assert!(known.contains(i), "{:?} reads {i} before it is made", node.op_type);
                }
                for o in &node.output {
                    assert!(known.insert(o.clone()), "{o} made twice");
                }
            }
            assert!(graph.output.iter().all(|o| known.contains(o.name.as_ref().unwrap())));
            let fills = graph.node.iter().filter(|n| n.op_type.as_deref() == Some("IsNaN")).count();
            // Filled: one per feature (two); not filled: the segment id's and the confidence's.
            assert_eq!(fills, 2, "{missing:?}");
        }
    }

    #[test]
    fn constants_are_the_model_s_doubles_to_the_bit() {
        let model = train(Vec::new(), crate::prep::MissingRule::Mean);
        let graph = decoded(&model).graph.unwrap();
        let constant = |what: &str| {
            let t = graph.initializer.iter().find(|t| t.name.as_deref() == Some(&format!("segmentum_{what}"))).unwrap();
            assert_eq!(t.data_type, Some(data_type::DOUBLE));
            t.double_data.clone()
        };
        let e = &model.encoding;
        assert_eq!(constant("fill_1"), [e.fill[0]]);
        assert_eq!(constant("offset_2"), [e.scaling.offset[1]]);
        assert_eq!(constant("scale_2"), [e.scaling.scale[1]]);
        let centres: Vec<f64> = model.segments.iter().map(|s| s.model_centre[1]).collect();
        assert_eq!(constant("centres_model_2"), centres);
        let originals: Vec<f64> = model.segments.iter().map(|s| s.centre[0]).collect();
        assert_eq!(constant("centres_original_1"), originals);
    }

    #[test]
    fn names_an_onnx_graph_cannot_take_are_refused() {
        let model = train(Vec::new(), Default::default());
        let renamed = |names: [&str; 2]| {
            let mut m = model.clone();
            m.encoding.features = names.map(str::to_owned).to_vec();
            model_onnx(&m).unwrap_err()
        };
        assert_eq!(renamed(["confidence", "b"]), OnnxError::ReservedName { name: "confidence".into() });
        assert_eq!(renamed(["a", "a"]), OnnxError::RepeatedName { name: "a".into() });
        assert_eq!(renamed(["", "b"]), OnnxError::Unnamed);
        let mut short = model.clone();
        short.segments[0].centre.pop();
        assert!(matches!(model_onnx(&short), Err(OnnxError::Damaged { .. })));
    }

    #[test]
    fn internal_names_step_aside_for_a_feature_that_starts_like_them() {
        let mut model = train(Vec::new(), Default::default());
        model.encoding.features[0] = "segmentum_offset_1".to_owned();
        let graph = decoded(&model).graph.unwrap();
        assert!(graph.initializer.iter().all(|t| t.name.as_deref().unwrap().starts_with("segmentum__")));
    }
}
