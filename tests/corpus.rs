//! The hostile-file corpus (tests/corpus/manifest.json), read natively: each
//! refused file gets its message, each accepted one reads as described, each
//! generated bomb is written and refused. The browser suite drives the same
//! files through the real UI.

#[path = "../engine/examples/bombs/mod.rs"]
mod bombs;

use engine::{
    default_features,
    prep::{read_for_training, Preparation},
    Table,
};
use serde_json::Value;

fn corpus(file: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/corpus/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn manifest() -> Value {
    serde_json::from_slice(&corpus("manifest.json")).unwrap()
}

fn str_of<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("{key} in {case}"))
}

#[test]
fn refused_files_say_why() {
    for case in manifest()["refused"].as_array().unwrap() {
        let file = str_of(case, "file");
        let result = Table::from_file_bytes(&corpus(file), None).and_then(|t| t.numeric_columns());
        let message = result.expect_err(file).to_string();
        assert!(message.contains(str_of(case, "message")), "{file}: {message}");
    }
}

#[test]
fn generated_bombs_are_refused_with_their_message() {
    for case in manifest()["generated"]["refused"].as_array().unwrap() {
        let shape = bombs::Shape::named(str_of(case, "shape")).unwrap_or_else(|| panic!("{case}"));
        let sizes = if case["lying"].as_bool().unwrap() { bombs::Sizes::Lying } else { bombs::Sizes::True };
        let bytes = bombs::xlsx(shape, case["size_mb"].as_u64().unwrap() * 1_000_000, sizes);
        let message = Table::from_file_bytes(&bytes, None).expect_err(&case.to_string()).to_string();
        assert!(message.contains(str_of(case, "message")), "{case}: {message}");
    }
}

#[test]
fn accepted_files_read_as_described() {
    for case in manifest()["accepted"].as_array().unwrap() {
        let file = str_of(case, "file");
        let table = Table::from_file_bytes(&corpus(file), None).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(table.row_count() as u64, case["rows"].as_u64().unwrap(), "{file}");
        let notes = table.notes().join(" · ");
        assert!(notes.contains(str_of(case, "notes")), "{file}: {notes}");
        assert!(table.rows().flatten().any(|c| c == str_of(case, "cell")), "{file}");
        let features = default_features(&table);
        assert_eq!(features.len(), 2, "{file}: two features are found to train on");
        let extraction = read_for_training(&table, &features, &Preparation::default()).unwrap().extraction;
        match case["alert"].as_str() {
            Some(alert) => {
                let first = extraction.skipped.first().map(ToString::to_string).unwrap_or_default();
                assert!(first.contains(alert), "{file}: {first}");
            }
            None => assert_eq!(extraction.skipped, [], "{file}"),
        }
    }
}

#[test]
fn numbers_in_awkward_files_are_read_right() {
    let values = |file: &str| {
        let t = Table::from_file_bytes(&corpus(file), None).unwrap();
        let extraction = read_for_training(&t, &default_features(&t), &Preparation::default()).unwrap().extraction;
        assert_eq!(extraction.skipped, [], "{file}");
        extraction.matrix.values().to_vec()
    };
    assert_eq!(values("semicolon-decimal-comma.csv"), [15.5, 39.0, 16.25, 81.0, 1017.5, 6.5, 18.0, 77.75, 19.5, 40.0]);
    assert_eq!(values("thousands-separators.csv"), [15000.0, 39.0, 1016000.5, 81.0, 17000.0, 6.0, 18000.0, 77.0]);
    assert_eq!(values("latin1.csv"), [15.0, 39.0, 16.0, 81.0, 17.0, 6.0, 18.0, 77.0]);
}
