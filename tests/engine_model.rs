//! The model file: round trip, scaling applied at prediction, renames, and every refusal.

use engine::{
    income_spending_columns, model::RenameError, segment_table, FitSettings, ModelError, ScalingKind, SegmentModel,
    Table, TrainRequest,
};

const DEMO: &[u8] = include_bytes!("../data/mall_customers_demo.csv");

fn model(scaling: ScalingKind) -> SegmentModel {
    let t = Table::from_csv_bytes(DEMO).unwrap();
    let request =
        TrainRequest::from(FitSettings { scaling, ..FitSettings::new(income_spending_columns(&t).unwrap(), 5) });
    segment_table(&t, &request).unwrap().model
}

fn edited(f: impl FnOnce(&mut serde_json::Value)) -> Result<SegmentModel, ModelError> {
    let mut v: serde_json::Value = serde_json::from_str(&model(ScalingKind::None).to_json()).unwrap();
    f(&mut v);
    SegmentModel::from_json(&v.to_string())
}

#[test]
fn json_round_trip_is_exact() {
    for kind in ScalingKind::ALL {
        let m = model(kind);
        assert_eq!(SegmentModel::from_json(&m.to_json()).unwrap(), m);
    }
}

#[test]
fn prediction_applies_the_stored_scaling() {
    let m = model(ScalingKind::Standard);
    for s in &m.segments {
        let p = m.predict(&s.centre, &[]);
        assert_eq!(m.segments[p.segment].id, s.id);
        assert!(p.distance < 1e-9);
    }
}

#[test]
fn scaled_training_reports_centres_in_original_units() {
    let m = model(ScalingKind::MinMax);
    for s in &m.segments {
        assert!((s.centre[0] - s.stats[0].mean).abs() < 1e-9, "centre is the members' mean");
    }
}

#[test]
fn renames_live_in_the_model_and_must_be_unique() {
    let mut m = model(ScalingKind::None);
    m.rename(1, "  Weekend shoppers ").unwrap();
    assert_eq!(m.segments[0].label.name, "Weekend shoppers");
    let taken = m.segments[1].label.name.clone();
    assert_eq!(m.rename(1, &taken), Err(RenameError::Taken(taken)));
    assert_eq!(m.rename(1, " "), Err(RenameError::Empty));
    assert_eq!(m.rename(9, "x"), Err(RenameError::NoSuchSegment(9)));
    assert_eq!(SegmentModel::from_json(&m.to_json()).unwrap().segments[0].label.name, "Weekend shoppers");
}

#[test]
fn a_model_is_the_same_training_after_a_rename_and_a_reload_but_not_after_another_fit() {
    let m = model(ScalingKind::None);
    let mut renamed = SegmentModel::from_json(&m.to_json()).unwrap();
    renamed.rename(2, "Renamed").unwrap();
    renamed.segments[0].stability = Some(0.9);
    assert!(m.same_training(&renamed));
    assert!(!m.same_training(&model(ScalingKind::Standard)));
    let mut later = m.clone();
    later.training.created_at = "another time".into();
    assert!(!m.same_training(&later), "trained again on the same file and settings");
}

#[test]
fn not_json_is_refused() {
    let e = SegmentModel::from_json("CustomerID,Age\n1,2").unwrap_err();
    assert!(matches!(e, ModelError::NotJson { .. }));
    assert!(e.to_string().starts_with("This file is not a Segmentum model"));
}

#[test]
fn wrong_format_is_refused() {
    let e = edited(|v| v["format"] = "something-else".into()).unwrap_err();
    assert_eq!(e, ModelError::WrongFormat { found: "\"something-else\"".into() });
    assert!(matches!(SegmentModel::from_json("{}"), Err(ModelError::WrongFormat { .. })));
}

#[test]
fn wrong_version_is_refused() {
    let e = edited(|v| v["version"] = 99.into()).unwrap_err();
    assert_eq!(e, ModelError::UnsupportedVersion { found: "99".into(), supported: 2 });
}

#[test]
fn mismatched_shapes_are_refused() {
    let e = edited(|v| v["segments"][2]["centroid"] = serde_json::json!([1.0])).unwrap_err();
    assert!(e.to_string().contains("has a centre with 1 values for 2 features"), "{e}");
    let e = edited(|v| v["scaling"]["scale"] = serde_json::json!([1.0])).unwrap_err();
    assert!(matches!(e, ModelError::BadShape { .. }));
    let e = edited(|v| v["segments"] = serde_json::json!([])).unwrap_err();
    assert!(e.to_string().contains("0 segments"));
    let e = edited(|v| v["segments"][1]["id"] = 7.into()).unwrap_err();
    assert!(e.to_string().contains("segment ids"));
    let e = edited(|v| v["features"] = serde_json::json!("income")).unwrap_err();
    assert!(matches!(e, ModelError::BadShape { .. }));
}

#[test]
fn nan_centres_are_refused() {
    // JSON has no NaN: a NaN written by another tool arrives as null or a bare word.
    let e = edited(|v| v["segments"][0]["centroid"][0] = serde_json::Value::Null).unwrap_err();
    assert!(matches!(e, ModelError::BadShape { .. }));
    let text = model(ScalingKind::None).to_json().replacen("\"centroid\": [\n", "\"centroid\": [\n NaN, ", 1);
    let e = SegmentModel::from_json(&text).unwrap_err();
    assert!(matches!(e, ModelError::NonFinite { .. }));
    assert!(e.to_string().contains("a value (NaN, line"), "{e}");
    let text = model(ScalingKind::None).to_json().replacen("\"centroid\": [\n", "\"centroid\": [\n 1e400, ", 1);
    assert!(SegmentModel::from_json(&text).is_err(), "an overflowing number is refused");
}

#[test]
fn duplicate_names_are_refused() {
    let e = edited(|v| v["segments"][1]["name"] = v["segments"][0]["name"].clone()).unwrap_err();
    assert!(e.to_string().contains("two segments are called"));
}

#[test]
fn segment_statistics_must_match_the_features() {
    let e = edited(|v| v["segments"][0]["stats"] = serde_json::json!([])).unwrap_err();
    assert!(e.to_string().contains("has statistics for 0 of 2 features"), "{e}");
}

#[test]
fn colours_must_be_plain_hex() {
    let e = edited(|v| v["segments"][0]["colour"] = "red; background: url(http://example.com/x)".into()).unwrap_err();
    assert!(e.to_string().contains("not a #RRGGBB colour"), "{e}");
}

/// A version 2 file written before the k-means settings were one struct (tests/data/README.md).
const WRITTEN_BEFORE: &str = include_str!("data/model_v2_tiny.json");

#[test]
fn a_model_file_from_before_reads_and_writes_back_byte_for_byte() {
    let m = SegmentModel::from_json(WRITTEN_BEFORE).unwrap();
    let p = m.training.params;
    assert_eq!((p.n_clusters, p.n_init, p.seed, p.max_iter, p.tol), (2, 20, 2, 300, 1e-4));
    assert_eq!(m.to_json(), WRITTEN_BEFORE.trim_end(), "same keys, same order, same numbers");
    // The same file as version 1 (no `missing`) reads to the same settings.
    let mut v: serde_json::Value = serde_json::from_str(WRITTEN_BEFORE).unwrap();
    v["version"] = 1.into();
    v.as_object_mut().unwrap().remove("missing");
    assert_eq!(SegmentModel::from_json(&v.to_string()).unwrap().training, m.training);
}

#[test]
fn the_training_keys_of_a_new_model_file_are_the_ones_every_version_wrote() {
    let v: serde_json::Value = serde_json::from_str(&model(ScalingKind::Standard).to_json()).unwrap();
    let mut keys: Vec<&str> = v["training"].as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "created_at",
            "inertia",
            "k",
            "max_iter",
            "n_init",
            "n_iter",
            "rows_skipped",
            "rows_used",
            "seed",
            "silhouette",
            "silhouette_rows",
            "source",
            "tol"
        ]
    );
    let old: serde_json::Value = serde_json::from_str(WRITTEN_BEFORE).unwrap();
    let mut old_keys: Vec<&str> = old["training"].as_object().unwrap().keys().map(String::as_str).collect();
    old_keys.sort_unstable();
    assert_eq!(keys, old_keys);
}
