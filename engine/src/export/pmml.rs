//! The model as PMML 4.4, the XML that scoring engines, BI tools and data-mining suites read
//! (KNIME, SAS, SPSS, R, JPMML, PMML4S): one `ClusteringModel` whose `LocalTransformations`
//! prepare a customer as Batch does ([`crate::prep`]) and whose centres are the model's.
//!
//! Per numeric feature, in Batch's order: a missing number gets the fill value
//! (`missingValueReplacement`; without one a missing number makes the row invalid, as Batch
//! leaves it out); the transform as built-in functions (the log as `sign(x)·ln1p(|x|)`,
//! winsorizing as `max(low, min(x, high))`); the scaling as `(x − offset) / scale` in built-in
//! functions (a `NormContinuous` through two points would divide by (offset + scale) − offset,
//! not always the same double as scale). Per category value a
//! `NormDiscrete` (1 for the customer's value, else 0) times the category weight, so the
//! centres are written exactly as the model keeps them. Distances are squared Euclidean over
//! those coordinates: the nearest centre is Batch's nearest.
//!
//! Where PMML differs, by design: category values are compared as written, with their case
//! (Batch compares them trimmed and without case), and a value outside the model's is invalid.

use std::collections::HashSet;

use crate::{
    model::SegmentModel,
    prep::{MissingRule, Transform},
};

/// The namespace and version written.
pub const PMML_NAMESPACE: &str = "http://www.dmg.org/PMML-4_4";
pub const PMML_VERSION: &str = "4.4";
/// The application named in the header; the reader knows its own files by it.
pub const APPLICATION: &str = "Segmentum";

/// The model as a PMML 4.4 document.
pub fn model_pmml(model: &SegmentModel) -> String {
    let names = FieldNames::of(model);
    let mut x = Xml::default();
    x.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.open("PMML", &[("xmlns", PMML_NAMESPACE.into()), ("version", PMML_VERSION.into())]);
    header(&mut x, model);
    data_dictionary(&mut x, model);
    x.open(
        "ClusteringModel",
        &[
            ("modelName", "Segmentum segments".into()),
            ("functionName", "clustering".into()),
            ("modelClass", "centerBased".into()),
            ("numberOfClusters", model.k().to_string()),
            ("algorithmName", "k-means".into()),
        ],
    );
    // The scaling's name, which two points cannot say; a reader that does not know it skips it.
    x.leaf(
        "Extension",
        &[
            ("extender", APPLICATION.into()),
            ("name", "scaling".into()),
            ("value", model.encoding.scaling.kind.key().into()),
        ],
    );
    mining_schema(&mut x, model);
    output(&mut x);
    local_transformations(&mut x, model, &names);
    x.open("ComparisonMeasure", &[("kind", "distance".into())]);
    x.leaf("squaredEuclidean", &[]);
    x.close("ComparisonMeasure");
    for field in &names.coordinates {
        x.leaf("ClusteringField", &[("field", field.clone()), ("compareFunction", "absDiff".into())]);
    }
    clusters(&mut x, model);
    x.close("ClusteringModel");
    x.close("PMML");
    x.out
}

/// Where the model came from, so a file read back (here or elsewhere) says so.
fn header(x: &mut Xml, model: &SegmentModel) {
    let t = &model.training;
    x.open("Header", &[("description", format!("{} customer segments (k-means)", model.k()))]);
    // Extensions come first in a Header; the reader takes the source back from this one.
    x.leaf("Extension", &[("extender", APPLICATION.into()), ("name", "source".into()), ("value", t.source.clone())]);
    x.leaf("Application", &[("name", APPLICATION.into()), ("version", env!("CARGO_PKG_VERSION").into())]);
    if !t.source.is_empty() {
        x.text_leaf("Annotation", &format!("Trained on {}", t.source));
    }
    if !t.created_at.is_empty() {
        x.text_leaf("Timestamp", &t.created_at);
    }
    x.close("Header");
}

fn data_dictionary(x: &mut Xml, model: &SegmentModel) {
    let e = &model.encoding;
    x.open("DataDictionary", &[("numberOfFields", model.inputs().len().to_string())]);
    for f in &e.features {
        x.leaf("DataField", &[("name", f.clone()), ("optype", "continuous".into()), ("dataType", "double".into())]);
    }
    for c in &e.categories {
        x.open(
            "DataField",
            &[("name", c.name.clone()), ("optype", "categorical".into()), ("dataType", "string".into())],
        );
        for v in &c.values {
            x.leaf("Value", &[("value", v.clone())]);
        }
        x.close("DataField");
    }
    x.close("DataDictionary");
}

/// Every input is active; a missing number gets the fill value, or makes the row invalid.
fn mining_schema(x: &mut Xml, model: &SegmentModel) {
    let e = &model.encoding;
    x.open("MiningSchema", &[]);
    for (j, f) in e.features.iter().enumerate() {
        let mut attrs = vec![("name", f.clone()), ("usageType", "active".into())];
        match (e.fill.get(j), e.missing) {
            (Some(fill), rule) => {
                attrs.push(("missingValueReplacement", number(*fill)));
                let treatment = if rule == MissingRule::Median { "asMedian" } else { "asMean" };
                attrs.push(("missingValueTreatment", treatment.into()));
            }
            (None, _) => attrs.push(("missingValueTreatment", "returnInvalid".into())),
        }
        x.leaf("MiningField", &attrs);
    }
    for c in &e.categories {
        x.leaf(
            "MiningField",
            &[
                ("name", c.name.clone()),
                ("usageType", "active".into()),
                ("missingValueTreatment", "returnInvalid".into()),
                ("invalidValueTreatment", "returnInvalid".into()),
            ],
        );
    }
    x.close("MiningSchema");
}

/// The segment's id (1 to k, as Batch writes it) and its name.
fn output(x: &mut Xml) {
    x.open("Output", &[]);
    let fields = [("segment_id", "predictedValue"), ("segment_name", "predictedDisplayValue")];
    for (name, feature) in fields {
        x.leaf(
            "OutputField",
            &[
                ("name", name.into()),
                ("feature", feature.into()),
                ("optype", "categorical".into()),
                ("dataType", "string".into()),
            ],
        );
    }
    x.close("Output");
}

fn local_transformations(x: &mut Xml, model: &SegmentModel, names: &FieldNames) {
    let e = &model.encoding;
    x.open("LocalTransformations", &[]);
    for (j, feature) in e.features.iter().enumerate() {
        let input = match (e.transform(j), names.transformed.get(j).and_then(Option::as_ref)) {
            (Transform::None, _) | (_, None) => feature.clone(),
            (t, Some(name)) => {
                derived(x, name);
                transform_expression(x, t, feature);
                x.close("DerivedField");
                name.clone()
            }
        };
        let (offset, scale) = (e.scaling.offset[j], e.scaling.scale[j]);
        derived(x, &names.coordinates[j]);
        // (x − offset) / scale as Batch computes it: a NormContinuous through (offset, 0) and
        // (offset + scale, 1) would divide by (offset + scale) − offset, which is not always scale.
        x.open("Apply", &[("function", "/".into())]);
        x.open("Apply", &[("function", "-".into())]);
        x.leaf("FieldRef", &[("field", input)]);
        x.text_leaf_with("Constant", &[("dataType", "double".into())], &number(offset));
        x.close("Apply");
        x.text_leaf_with("Constant", &[("dataType", "double".into())], &number(scale));
        x.close("Apply");
        x.close("DerivedField");
    }
    let mut at = e.features.len();
    for c in &e.categories {
        for v in &c.values {
            derived(x, &names.coordinates[at]);
            // The weight as a factor, so the one-hot coordinate is exactly Batch's.
            x.open("Apply", &[("function", "*".into())]);
            x.leaf("NormDiscrete", &[("field", c.name.clone()), ("value", v.clone())]);
            x.text_leaf_with("Constant", &[("dataType", "double".into())], &number(c.weight));
            x.close("Apply");
            x.close("DerivedField");
            at += 1;
        }
    }
    x.close("LocalTransformations");
}

fn derived(x: &mut Xml, name: &str) {
    x.open("DerivedField", &[("name", name.into()), ("optype", "continuous".into()), ("dataType", "double".into())]);
}

/// The log as `if(x < 0, -1, 1) * ln1p(abs(x))` (multiplying by ±1 is exact, as copysign);
/// winsorizing as `max(min(x, high), low)`.
fn transform_expression(x: &mut Xml, t: Transform, field: &str) {
    let field_ref = |x: &mut Xml| x.leaf("FieldRef", &[("field", field.into())]);
    let constant = |x: &mut Xml, v: f64| x.text_leaf_with("Constant", &[("dataType", "double".into())], &number(v));
    match t {
        Transform::None => field_ref(x),
        Transform::Log => {
            x.open("Apply", &[("function", "*".into())]);
            x.open("Apply", &[("function", "if".into())]);
            x.open("Apply", &[("function", "lessThan".into())]);
            field_ref(x);
            constant(x, 0.0);
            x.close("Apply");
            constant(x, -1.0);
            constant(x, 1.0);
            x.close("Apply");
            x.open("Apply", &[("function", "ln1p".into())]);
            x.open("Apply", &[("function", "abs".into())]);
            field_ref(x);
            x.close("Apply");
            x.close("Apply");
            x.close("Apply");
        }
        Transform::Winsorize { low, high } => {
            x.open("Apply", &[("function", "max".into())]);
            x.open("Apply", &[("function", "min".into())]);
            field_ref(x);
            constant(x, high);
            x.close("Apply");
            constant(x, low);
            x.close("Apply");
        }
    }
}

fn clusters(x: &mut Xml, model: &SegmentModel) {
    let dim = model.encoding.dim().to_string();
    for s in &model.segments {
        let mut attrs = vec![("id", s.id.to_string()), ("name", s.label.name.clone())];
        if s.size > 0 {
            attrs.push(("size", s.size.to_string()));
        }
        x.open("Cluster", &attrs);
        let centre: Vec<String> = s.model_centre.iter().map(|&v| number(v)).collect();
        x.text_leaf_with("Array", &[("type", "real".into()), ("n", dim.clone())], &centre.join(" "));
        x.close("Cluster");
    }
}

/// The derived fields' names: distinct from every input's and from each other's, whatever the
/// headers are called ("scaled(Age)", "Genre=Female"; a clash gets " #2").
struct FieldNames {
    /// Per numeric feature, the transformed field's name (none without a transform).
    transformed: Vec<Option<String>>,
    /// One per model-space coordinate, in its order.
    coordinates: Vec<String>,
}

impl FieldNames {
    fn of(model: &SegmentModel) -> FieldNames {
        let e = &model.encoding;
        let mut taken: HashSet<String> = model.inputs().into_iter().collect();
        let mut fresh = |wanted: String| {
            let name = (1..)
                .map(|n| if n == 1 { wanted.clone() } else { format!("{wanted} #{n}") })
                .find(|n| !taken.contains(n));
            let name = name.unwrap_or(wanted);
            taken.insert(name.clone());
            name
        };
        let transformed = (0..e.features.len())
            .map(|j| match e.transform(j) {
                Transform::None => None,
                Transform::Log => Some(fresh(format!("log({})", e.features[j]))),
                Transform::Winsorize { .. } => Some(fresh(format!("winsorized({})", e.features[j]))),
            })
            .collect();
        let mut coordinates: Vec<String> = e.features.iter().map(|f| fresh(format!("scaled({f})"))).collect();
        for c in &e.categories {
            coordinates.extend(c.values.iter().map(|v| fresh(format!("{}={v}", c.name))));
        }
        FieldNames { transformed, coordinates }
    }
}

/// The shortest text that reads back as the same double (`1e16`, `0.1`, `5.0`).
fn number(v: f64) -> String {
    format!("{v:?}")
}

/// A small indenting XML writer: every attribute and text escaped.
#[derive(Default)]
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn start(&mut self, tag: &str, attrs: &[(&str, String)]) {
        self.out.extend(std::iter::repeat_n("  ", self.depth));
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }

    fn open(&mut self, tag: &str, attrs: &[(&str, String)]) {
        self.start(tag, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    fn leaf(&mut self, tag: &str, attrs: &[(&str, String)]) {
        self.start(tag, attrs);
        self.out.push_str("/>\n");
    }

    fn text_leaf(&mut self, tag: &str, text: &str) {
        self.text_leaf_with(tag, &[], text);
    }

    fn text_leaf_with(&mut self, tag: &str, attrs: &[(&str, String)], text: &str) {
        self.start(tag, attrs);
        self.out.push('>');
        self.out.push_str(&escape(text));
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    fn close(&mut self, tag: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.out.extend(std::iter::repeat_n("  ", self.depth));
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }
}

/// Text as XML 1.0 can hold it: markup characters escaped, and the control characters it cannot
/// hold at all (not even as references) replaced by U+FFFD. Tabs and line breaks in an
/// attribute are written as references, so a reader's normalisation keeps them.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        prep::{Preparation, TransformKind},
        segment_table, FitSettings, KMeansParams, ScalingKind, Table, TrainRequest,
    };

    fn trained(categories: bool) -> SegmentModel {
        let mut text = String::from("Genre,Age,Annual Income (k$),Spending Score (1-100)\n");
        for i in 0..40 {
            let genre = ["Female", "Male & <Other>"][i % 2];
            text += &format!("{genre},{},{},{}\n", 20 + i, 15 + (i * 7) % 90, (i * 13) % 100);
        }
        let table = Table::from_csv_bytes(text.as_bytes()).unwrap();
        let prep = Preparation {
            categories: if categories { vec![0] } else { Vec::new() },
            transforms: vec![TransformKind::Winsorize, TransformKind::Log, TransformKind::None],
            missing: crate::prep::MissingRule::Mean,
        };
        let fit =
            FitSettings { columns: vec![1, 2, 3], prep, scaling: ScalingKind::Standard, params: KMeansParams::new(3) };
        let mut request = TrainRequest::from(fit);
        request.source = "mall \"A\" & B.csv".into();
        request.created_at = "2026-12-04T00:00:00Z".into();
        segment_table(&table, &request).unwrap().model
    }

    #[test]
    fn the_document_is_well_formed_pmml_4_4_with_every_part() {
        let pmml = model_pmml(&trained(true));
        let mut reader = quick_xml::Reader::from_str(&pmml);
        let mut depth = 0i32;
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Start(_) => depth += 1,
                quick_xml::events::Event::End(_) => depth -= 1,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0);
        for part in [
            "xmlns=\"http://www.dmg.org/PMML-4_4\" version=\"4.4\"",
            "<Application name=\"Segmentum\"",
            "value=\"mall &quot;A&quot; &amp; B.csv\"",
            "<Timestamp>2026-12-04T00:00:00Z</Timestamp>",
            "modelClass=\"centerBased\" numberOfClusters=\"3\"",
            "<Value value=\"Male &amp; &lt;Other&gt;\"/>",
            "missingValueTreatment=\"asMean\"",
            "<Apply function=\"ln1p\">",
            "<Apply function=\"max\">",
            "<NormDiscrete field=\"Genre\" value=\"Female\"/>",
            "<Constant dataType=\"double\">0.7071067811865476</Constant>",
            "<squaredEuclidean/>",
            "<ClusteringField field=\"Genre=Female\" compareFunction=\"absDiff\"/>",
            "<Array type=\"real\" n=\"5\">",
        ] {
            assert!(pmml.contains(part), "{part} missing from\n{pmml}");
        }
    }

    #[test]
    fn centres_and_scaling_are_written_to_the_last_digit() {
        let model = trained(false);
        let pmml = model_pmml(&model);
        for s in &model.segments {
            let centre: Vec<String> = s.model_centre.iter().map(|v| format!("{v:?}")).collect();
            assert!(pmml.contains(&centre.join(" ")), "segment {}", s.id);
            let back: Vec<f64> = centre.iter().map(|t| t.parse().unwrap()).collect();
            assert_eq!(back, s.model_centre);
        }
        // (x − offset) / scale with the model's own doubles, not a line through two points.
        let (offset, scale) = (model.encoding.scaling.offset[2], model.encoding.scaling.scale[2]);
        assert!(pmml.contains(&format!("<Constant dataType=\"double\">{offset:?}</Constant>")));
        assert!(pmml.contains(&format!("<Constant dataType=\"double\">{scale:?}</Constant>")));
        assert!(!pmml.contains("LinearNorm"));
    }

    #[test]
    fn derived_names_never_clash_with_inputs() {
        let mut model = trained(true);
        model.encoding.features[1] = "scaled(Age)".into();
        let names = FieldNames::of(&model);
        let all: HashSet<&String> = names.coordinates.iter().chain(names.transformed.iter().flatten()).collect();
        assert_eq!(all.len(), names.coordinates.len() + 2);
        assert!(names.coordinates.iter().all(|n| !model.inputs().contains(n)), "{:?}", names.coordinates);
        assert_eq!(names.coordinates[0], "scaled(Age) #2");
    }

    #[test]
    fn text_xml_cannot_hold_is_replaced() {
        assert_eq!(escape("a\u{1}b<\t"), "a\u{FFFD}b&lt;&#9;");
    }
}
