//! The reader against small files in each tool's documented shape (tests/data/pmml), each
//! checked against the file's own arithmetic written out here, and against hostile files.

use super::*;
use crate::model::SegmentModel;

fn file(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pmml").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> SegmentModel {
    read_pmml(&file(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The file's squared distances from a point it prepared itself (`coords`, with its field
/// `weights`), to its `centres`: the model's must be the same, and so its nearest.
fn assert_scores_as_file(
    model: &SegmentModel,
    point: &[f64],
    codes: &[u16],
    coords: &[f64],
    weights: &[f64],
    centres: &[&[f64]],
) {
    let file: Vec<f64> = centres
        .iter()
        .map(|c| c.iter().zip(coords).zip(weights).map(|((c, x), w)| w * (x - c) * (x - c)).sum())
        .collect();
    let p = model.predict(point, codes);
    for (got, want) in p.distances.iter().zip(&file) {
        assert!((got * got - want).abs() <= 1e-9 * (1.0 + want), "{got}² vs {want} at {point:?}");
    }
    let nearest = (0..file.len()).min_by(|&a, &b| file[a].total_cmp(&file[b])).unwrap();
    assert_eq!(p.segment, nearest, "{point:?}");
}

fn ids(model: &SegmentModel) -> Vec<(String, Option<String>)> {
    model.imported.as_ref().unwrap().clusters.iter().map(|c| (c.id.clone(), c.name.clone())).collect()
}

#[test]
fn r_pmml_kmeans_reads_raw_numbers_and_ids_by_position() {
    let m = read("r_kmeans.pmml");
    assert_eq!(m.features(), ["Annual Income (k$)", "Spending Score (1-100)"]);
    assert_eq!(m.encoding.scaling.kind, crate::ScalingKind::None);
    assert_eq!(ids(&m)[1], ("2".to_owned(), Some("2".to_owned())));
    assert_eq!(m.imported.as_ref().unwrap().application, "SoftwareAG PMML Generator 2.5.2");
    assert_eq!((m.training.rows_used, m.training.created_at.as_str()), (0, "2024-05-02 10:11:12"));
    assert_eq!(m.segments[1].size, 39);
    // Income and spending: the mall's archetypes name the segments, as for a model trained here.
    assert!(
        m.segments.iter().any(|s| s.label.name.contains("Target") || s.label.name.contains("Careful")),
        "{:?}",
        m.segments.iter().map(|s| &s.label.name).collect::<Vec<_>>()
    );
    let centres: [&[f64]; 3] =
        [&[55.2962962962963, 49.5185185185185], &[86.5384615384615, 82.1282051282051], &[40.675, 31.6]];
    for p in [[15.0, 39.0], [90.0, 90.0], [60.0, 50.0], [48.0, 40.5]] {
        assert_scores_as_file(&m, &p, &[], &p, &[1.0, 1.0], &centres);
    }
}

#[test]
fn knime_mining_model_wrapper_and_its_two_point_normalisation() {
    let m = read("knime_mining.pmml");
    assert_eq!(m.features(), ["Age", "Annual Income (k$)"]);
    assert_eq!(ids(&m), vec![("1".into(), Some("cluster_0".into())), ("2".into(), Some("cluster_1".into()))]);
    let norm = |x: f64, o2: f64, n1: f64| n1 + x * (0.0 - n1) / o2;
    for p in [[19.0, 15.0], [70.0, 137.0], [38.0, 60.0], [45.0, 20.0]] {
        let coords = [norm(p[0], 38.85, -2.728436329109879), norm(p[1], 60.56, -2.3069)];
        assert_scores_as_file(&m, &p, &[], &coords, &[1.0, 1.0], &[&[-0.7120, 0.1045], &[0.6705, -0.0984]]);
    }
}

#[test]
fn spark_without_a_version_and_with_field_numbers() {
    let m = read("spark_noversion.pmml");
    assert_eq!(m.features(), ["field_0", "field_1", "field_2"]);
    assert_eq!(m.training.source, "PMML from Apache Spark MLlib 3.5.1");
    for p in [[0.0, 0.0, 0.0], [5.0, 5.0, 5.0], [5.1, 5.0, 5.0], [10.0, 1.0, 9.0]] {
        assert_scores_as_file(&m, &p, &[], &p, &[1.0; 3], &[&[1.0, 1.5, 2.0], &[9.0, 8.5, 8.0]]);
    }
}

#[test]
fn bigml_field_weights_and_missing_value_replacements() {
    let m = read("bigml_weights.pmml");
    assert_eq!(ids(&m)[0], ("000000".to_owned(), Some("Cluster 0".to_owned())));
    assert_eq!((m.encoding.missing, m.encoding.fill.clone()), (crate::prep::MissingRule::Mean, vec![60.5, 50.0]));
    for p in [[30.0, 20.0], [50.0, 50.0], [49.0, 10.0], [52.0, 90.0]] {
        assert_scores_as_file(&m, &p, &[], &p, &[4.0, 0.25], &[&[30.0, 80.0], &[70.0, 20.0]]);
    }
    // Centres in the file's units, whatever the weights.
    assert_eq!(m.segments[0].centre, vec![30.0, 80.0]);
}

#[test]
fn spss_transformation_dictionary_with_norm_continuous_and_norm_discrete() {
    let m = read("spss_norm.pmml");
    assert_eq!(m.features(), ["Income"]);
    let region = &m.encoding.categories[0];
    assert_eq!(
        (region.name.as_str(), region.values.clone(), region.weight),
        ("Region", vec!["North".into(), "South".into()], 1.0)
    );
    assert_eq!(ids(&m)[0], ("3".to_owned(), Some("North, high income".to_owned())));
    // The file orders Region_North, Income_z, Region_South; model space: Income, North, South.
    assert_eq!(m.segments[0].model_centre, vec![1.2, 0.9, 0.1]);
    assert_eq!(m.segments[0].mix, vec![vec![0.9, 0.1]]);
    let centres: [&[f64]; 3] = [&[0.9, 1.2, 0.1], &[0.2, -0.1, 0.8], &[0.5, -1.3, 0.5]];
    for (income, code) in [(80.0, 0u16), (45.0, 1), (30.0, 0), (58.0, 1)] {
        let one_hot = [f64::from(u8::from(code == 0)), (income - 50.0) / 20.0, f64::from(u8::from(code == 1))];
        assert_scores_as_file(&m, &[income], &[code], &one_hot, &[1.0; 3], &centres);
    }
}

#[test]
fn rapidminer_euclidean_distance_picks_the_same_centre() {
    let m = read("rapidminer_euclidean.pmml");
    for p in [[30.0, 900.0], [150.0, 700.0], [100.0, 800.0]] {
        assert_scores_as_file(&m, &p, &[], &p, &[1.0, 1.0], &[&[20.0, 1500.0], &[200.0, 120.0]]);
    }
}

const SPARK: &str = "spark_noversion.pmml";

fn edited(name: &str, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(file(name)).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

#[test]
fn what_cannot_be_applied_is_named() {
    let unsupported = |bytes: Vec<u8>, words: &str| match read_pmml(&bytes) {
        Err(e) => assert!(e.to_string().contains(words), "{e} should say {words}"),
        Ok(_) => panic!("read, but {words}"),
    };
    unsupported(edited(SPARK, "<squaredEuclidean/>", "<cityBlock/>"), "cityBlock");
    unsupported(edited(SPARK, "modelClass=\"centerBased\"", "modelClass=\"distributionBased\""), "distributionBased");
    unsupported(edited(SPARK, "compareFunction=\"absDiff\"", "compareFunction=\"gaussSim\""), "gaussSim");
    unsupported(edited(SPARK, "1.0 1.5 2.0", "1.0 1.5"), "2 centre values for 3");
    unsupported(edited(SPARK, "1.0 1.5 2.0", "1.0 1.5 NaN"), "not a finite number");
    unsupported(edited(SPARK, "1.0 1.5 2.0", "1.0 1.5 1e300"), "not a finite number");
    unsupported(edited(SPARK, "1.0 1.5 2.0", "1.0 1.5 two"), "not a number");
    unsupported(edited(SPARK, "<ClusteringField field=\"field_2\" compareFunction=\"absDiff\"/>", ""), "2");
    let no_fields = String::from_utf8(file(SPARK))
        .unwrap()
        .lines()
        .filter(|l| !l.contains("ClusteringField"))
        .collect::<Vec<_>>()
        .join("\n");
    unsupported(no_fields.into_bytes(), "ClusteringField list");
    unsupported(
        edited(SPARK, "<ClusteringModel ", "<TreeModel ").replace_last("</ClusteringModel>", "</TreeModel>"),
        "TreeModel",
    );
    unsupported(
        edited(
            "knime_mining.pmml",
            "<LinearNorm orig=\"38.85\" norm=\"0.0\"/>",
            "<LinearNorm orig=\"38.85\" norm=\"0.0\"/><LinearNorm orig=\"80\" norm=\"2.0\"/>",
        ),
        "3 points",
    );
    unsupported(
        edited(
            "spss_norm.pmml",
            "<pmml:NormDiscrete field=\"Region\" value=\"North\"/>",
            "<pmml:Discretize field=\"Income\"/>",
        ),
        "Discretize",
    );
    unsupported(edited("r_kmeans.pmml", "version=\"4.4\"", "version=\"2.0\""), "version 2.0");
    unsupported(b"<html><body/></html>".to_vec(), "<html>");
    unsupported(
        edited(
            SPARK,
            "<ClusteringField field=\"field_0\" compareFunction=\"absDiff\"/>",
            "<ClusteringField field=\"field_9\"/>",
        ),
        "field_9",
    );
}

/// `replace_last` for byte vectors of UTF-8, so an edit can rename a closing tag.
trait ReplaceLast {
    fn replace_last(self, from: &str, to: &str) -> Vec<u8>;
}

impl ReplaceLast for Vec<u8> {
    fn replace_last(self, from: &str, to: &str) -> Vec<u8> {
        let text = String::from_utf8(self).unwrap();
        let at = text.rfind(from).unwrap();
        format!("{}{to}{}", &text[..at], &text[at + from.len()..]).into_bytes()
    }
}

/// Each hostile file is refused, each well under a second.
#[test]
fn hostile_files_are_refused_quickly() {
    let laughs = {
        let mut s = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for i in 1..10 {
            s += &format!("<!ENTITY lol{i} \"{}\">", format!("&lol{};", i - 1).repeat(10));
        }
        s + "]><PMML>&lol9;</PMML>"
    };
    let external =
        "<?xml version=\"1.0\"?><!DOCTYPE PMML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><PMML>&xxe;</PMML>";
    let deep = "<a>".repeat(1_000_000) + &"</a>".repeat(1_000_000);
    let huge_array =
        String::from_utf8(edited(SPARK, "<Array type=\"real\" n=\"3\">", "<Array type=\"real\" n=\"999999999\">"))
            .unwrap();
    let many_clusters = {
        let text = String::from_utf8(file(SPARK)).unwrap();
        let cluster = "<Cluster/>".repeat(1_000_000);
        text.replacen("<Cluster name=\"cluster_0\">", &format!("{cluster}<Cluster name=\"cluster_0\">"), 1)
    };
    let wrong_model = String::from_utf8(edited(SPARK, "<ClusteringModel ", "<RegressionModel "))
        .unwrap()
        .replace("</ClusteringModel>", "</RegressionModel>");
    let cases: [(&str, &[u8], &str); 7] = [
        ("billion laughs", laughs.as_bytes(), "DOCTYPE"),
        ("external entity", external.as_bytes(), "DOCTYPE"),
        ("deep nesting", deep.as_bytes(), "deep"),
        ("huge array", huge_array.as_bytes(), "values in a centre"),
        ("a million clusters", many_clusters.as_bytes(), "clusters"),
        ("regression model", wrong_model.as_bytes(), "RegressionModel"),
        ("wrong root", b"<?xml version=\"1.0\"?><svg/>", "<svg>"),
    ];
    // Each is refused by a cap or a rule met while reading, before the work it asks for is done;
    // no clock is asserted (a loaded machine is slower, not wrong).
    for (what, bytes, words) in cases {
        let e = read_pmml(bytes).expect_err(what);
        assert!(e.to_string().contains(words), "{what}: {e}");
    }
}

#[test]
fn old_model_files_still_load_and_the_imported_clusters_fit_the_segments() {
    let mut m = read("r_kmeans.pmml");
    let json = m.to_json();
    assert!(json.contains("\"imported\""));
    assert_eq!(SegmentModel::from_json(&json).unwrap(), m);
    m.imported = None;
    let json = m.to_json();
    assert!(!json.contains("imported"), "a model without it writes the file as before");
    assert_eq!(SegmentModel::from_json(&json).unwrap().imported, None);
    let mut m = read("r_kmeans.pmml");
    m.imported.as_mut().unwrap().clusters.pop();
    assert!(SegmentModel::from_json(&m.to_json()).unwrap_err().to_string().contains("imported clusters"));
}

#[test]
fn nyoka_standard_scaler_as_apply_functions() {
    let m = read("nyoka_standard.pmml");
    assert_eq!(
        (m.encoding.scaling.offset.clone(), m.encoding.scaling.scale.clone()),
        (vec![60.5, 50.0], vec![26.25, 25.5])
    );
    assert_eq!(ids(&m)[1].0, "1");
    for p in [[15.0, 39.0], [90.0, 90.0], [60.0, 50.0], [70.0, 60.0]] {
        let coords = [(p[0] - 60.5) / 26.25, (p[1] - 50.0) / 25.5];
        assert_scores_as_file(&m, &p, &[], &coords, &[1.0, 1.0], &[&[-0.2, -0.03], &[0.99, 1.24]]);
    }
}

/// A file refused for a setting Segmentum cannot apply: the error names `field`, and its
/// message the field and each of `words` (the attribute and its value).
fn refused_setting(bytes: Vec<u8>, field: &str, words: &[&str]) {
    let e = read_pmml(&bytes).expect_err(field);
    let PmmlError::Treatment { field: named, .. } = &e else { panic!("{field}: another refusal: {e}") };
    assert_eq!(named, field, "{e}");
    let message = e.to_string();
    for word in std::iter::once(&format!("\"{field}\"")[..]).chain(words.iter().copied()) {
        assert!(message.contains(word), "{message} should say {word}");
    }
}

const SPARK_FIELD_0: &str = "<MiningField name=\"field_0\" usageType=\"active\"/>";

fn spark_field_0(attrs: &str) -> Vec<u8> {
    edited(SPARK, SPARK_FIELD_0, &format!("<MiningField name=\"field_0\" usageType=\"active\" {attrs}/>"))
}

#[test]
fn outliers_as_missing_values_are_refused() {
    refused_setting(
        spark_field_0("outliers=\"asMissingValues\" lowValue=\"0\" highValue=\"9\""),
        "field_0",
        &["outliers=\"asMissingValues\"", "lowValue=\"0\" highValue=\"9\"", "does not apply lowValue and highValue"],
    );
}

#[test]
fn outliers_as_extreme_values_are_refused() {
    refused_setting(
        spark_field_0("outliers=\"asExtremeValues\" lowValue=\"0\" highValue=\"9\""),
        "field_0",
        &["outliers=\"asExtremeValues\"", "replaced by that limit", "does not apply lowValue and highValue"],
    );
}

#[test]
fn invalid_values_as_missing_are_refused_in_a_wrapping_model_too() {
    // The first is the KNIME MiningModel's own schema, around the clustering model's.
    let bytes = edited(
        "knime_mining.pmml",
        "<MiningField name=\"Age\" invalidValueTreatment=\"asIs\"/>",
        "<MiningField name=\"Age\" invalidValueTreatment=\"asMissing\"/>",
    );
    refused_setting(bytes, "Age", &["invalidValueTreatment=\"asMissing\"", "counts as missing"]);
}

#[test]
fn invalid_values_replaced_by_a_value_are_refused() {
    refused_setting(
        spark_field_0("invalidValueTreatment=\"asValue\" invalidValueReplacement=\"5\""),
        "field_0",
        &["invalidValueTreatment=\"asValue\"", "invalidValueReplacement=\"5\""],
    );
}

#[test]
fn map_missing_to_on_a_norm_continuous_is_refused() {
    let bytes = edited(
        "knime_mining.pmml",
        "<NormContinuous field=\"Age\">",
        "<NormContinuous field=\"Age\" mapMissingTo=\"0\">",
    );
    refused_setting(bytes, "Age*", &["mapMissingTo=\"0\"", "NormContinuous"]);
}

#[test]
fn map_missing_to_on_a_norm_discrete_is_refused() {
    let bytes = edited(
        "spss_norm.pmml",
        "<pmml:NormDiscrete field=\"Region\" value=\"South\"/>",
        "<pmml:NormDiscrete field=\"Region\" value=\"South\" mapMissingTo=\"0\"/>",
    );
    refused_setting(bytes, "Region_South", &["mapMissingTo=\"0\"", "NormDiscrete"]);
}

#[test]
fn map_missing_to_on_a_field_ref_and_an_apply_default_are_refused() {
    let nyoka = "nyoka_standard.pmml";
    let bytes = edited(nyoka, "<FieldRef field=\"spending\"/>", "<FieldRef field=\"spending\" mapMissingTo=\"50\"/>");
    refused_setting(bytes, "standardScaler(spending)", &["mapMissingTo=\"50\"", "FieldRef"]);
    let bytes = edited(nyoka, "<Apply function=\"/\">", "<Apply function=\"/\" defaultValue=\"0\">");
    refused_setting(bytes, "standardScaler(income)", &["defaultValue=\"0\"", "Apply"]);
    let bytes = edited(nyoka, "<Apply function=\"-\">", "<Apply function=\"-\" mapMissingTo=\"0\">");
    refused_setting(bytes, "standardScaler(income)", &["mapMissingTo=\"0\"", "Apply"]);
}

#[test]
fn a_derived_field_of_whole_numbers_is_refused() {
    let bytes = edited(
        "knime_mining.pmml",
        "<DerivedField name=\"Age*\" optype=\"continuous\" dataType=\"double\">",
        "<DerivedField name=\"Age*\" optype=\"continuous\" dataType=\"integer\">",
    );
    refused_setting(bytes, "Age*", &["dataType=\"integer\"", "whole numbers"]);
    // A renamed integer field (a FieldRef) keeps its own values: read as the field.
    let renamed = edited(
        SPARK,
        "<ClusteringField field=\"field_0\" compareFunction=\"absDiff\"/>",
        "<ClusteringField field=\"first\" compareFunction=\"absDiff\"/>",
    )
    .replace_last(
        "<ClusteringModel ",
        "<TransformationDictionary><DerivedField name=\"first\" optype=\"continuous\" dataType=\"integer\">\
         <FieldRef field=\"field_0\"/></DerivedField></TransformationDictionary><ClusteringModel ",
    );
    assert_eq!(read_pmml(&renamed).unwrap().features(), read(SPARK).features());
}

#[test]
fn a_missing_value_replacement_of_a_category_is_refused() {
    let bytes = edited(
        "spss_norm.pmml",
        "<pmml:MiningField name=\"Region\"/>",
        "<pmml:MiningField name=\"Region\" missingValueReplacement=\"North\"/>",
    );
    refused_setting(bytes, "Region", &["missingValueReplacement=\"North\"", "fills missing numbers"]);
}

#[test]
fn a_missing_value_replacement_of_some_numbers_but_not_all_is_refused() {
    let bigml = "bigml_weights.pmml";
    let bytes = edited(
        bigml,
        "<MiningField name=\"spending\" missingValueReplacement=\"50\"/>",
        "<MiningField name=\"spending\"/>",
    );
    refused_setting(bytes, "income", &["missingValueReplacement=\"60.5\"", "\"spending\" has no replacement"]);
    // A replacement that is not a number is not dropped silently either.
    let bytes = edited(bigml, "missingValueReplacement=\"50\"", "missingValueReplacement=\"fifty\"");
    let e = read_pmml(&bytes).unwrap_err();
    assert!(matches!(&e, PmmlError::BadNumber { what, .. } if what.contains("\"spending\"")), "{e}");
}

#[test]
fn a_missing_value_replacement_of_a_derived_field_is_refused() {
    // The clustering model's own schema (inside KNIME's wrapper) names the wrapper's "Age*".
    let bytes = edited(
        "knime_mining.pmml",
        "invalidValueTreatment=\"asIs\"/>\n          </MiningSchema>",
        "invalidValueTreatment=\"asIs\"/><MiningField name=\"Age*\" missingValueReplacement=\"0\"/></MiningSchema>",
    );
    refused_setting(bytes, "Age*", &["missingValueReplacement=\"0\"", "input fields"]);
}

#[test]
fn a_value_the_file_declares_missing_is_refused() {
    let bytes = edited(
        SPARK,
        "<DataField name=\"field_1\" optype=\"continuous\" dataType=\"double\"/>",
        "<DataField name=\"field_1\" optype=\"continuous\" dataType=\"double\"><Value value=\"-999\" property=\"missing\"/></DataField>",
    );
    refused_setting(bytes, "field_1", &["\"-999\"", "property=\"missing\""]);
}

/// The settings that score as Batch does are read, and the model is the same as without them.
#[test]
fn treatments_that_score_as_batch_does_are_accepted() {
    let plain = read(SPARK);
    let same = |bytes: Vec<u8>, what: &str| {
        let m = read_pmml(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(m, plain, "{what}");
    };
    for attrs in [
        "invalidValueTreatment=\"asIs\"",
        "invalidValueTreatment=\"returnInvalid\"",
        "outliers=\"asIs\" lowValue=\"0\" highValue=\"9\"",
        "missingValueTreatment=\"returnInvalid\"",
        "missingValueTreatment=\"asMean\"",
        "importance=\"0.7\" optype=\"continuous\"",
    ] {
        same(spark_field_0(attrs), attrs);
    }
    // A field the model does not score by is not read, whatever its treatment.
    let unused = edited(
        SPARK,
        SPARK_FIELD_0,
        &format!(
            "{SPARK_FIELD_0}<MiningField name=\"id\" usageType=\"supplementary\" outliers=\"asMissingValues\"/>\
             <MiningField name=\"field_0\" usageType=\"target\" invalidValueTreatment=\"asMissing\"/>"
        ),
    );
    same(unused, "a supplementary and a target field");
    // A missing marker Segmentum reads as missing itself.
    let na = edited(
        SPARK,
        "<DataField name=\"field_1\" optype=\"continuous\" dataType=\"double\"/>",
        "<DataField name=\"field_1\" optype=\"continuous\" dataType=\"double\"><Value value=\"NA\" property=\"missing\"/></DataField>",
    );
    same(na, "NA declared missing");
    // KNIME writes asIs on both schemas; an Apply's invalid-value treatment changes none of the
    // functions read.
    read("knime_mining.pmml");
    let nyoka = edited(
        "nyoka_standard.pmml",
        "<Apply function=\"/\">",
        "<Apply function=\"/\" invalidValueTreatment=\"asMissing\">",
    );
    assert_eq!(read_pmml(&nyoka).unwrap(), read("nyoka_standard.pmml"));
}
