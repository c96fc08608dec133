//! PMML out and back in: a model written by `export::model_pmml` and read by `pmml::read_pmml`
//! classifies every customer of the Mall file as the model itself does (same segment, distance
//! and confidence to 1e-12), for raw, standardised with a log and a category, mean-filled and
//! robust-scaled winsorized models. And the reader never panics: random bytes and random
//! mutations of a valid file are read or refused with a `PmmlError`, and a mutated file that
//! reads gives a model Batch can use.
//!
//! scripts/test.sh fixes `PROPTEST_RNG_SEED` so CI runs are repeatable.

use engine::{
    batch::{classify_table, BatchResult},
    export::model_pmml,
    pmml::read_pmml,
    prep::{MissingRule, Preparation, TransformKind},
    segment_table,
    segmentation::model_columns,
    FitSettings, KMeansParams, ScalingKind, SegmentModel, Table, TrainRequest,
};
use proptest::prelude::*;

const GENRE: usize = 1;
const AGE: usize = 2;
const INCOME: usize = 3;
const SPENDING: usize = 4;

fn mall_bytes() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/Mall_Customers.csv");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Mall file with an empty income every 7th row and an empty age every 11th, for fill values.
fn damaged_mall() -> Table {
    let text = String::from_utf8(mall_bytes()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (i, line) in lines.iter_mut().enumerate().skip(1) {
        let mut cells: Vec<&str> = line.split(',').collect();
        if i % 7 == 0 {
            cells[INCOME] = "";
        }
        if i % 11 == 0 {
            cells[AGE] = "";
        }
        *line = cells.join(",");
    }
    Table::from_csv_bytes(lines.join("\n").as_bytes()).unwrap()
}

fn train(table: &Table, columns: Vec<usize>, prep: Preparation, scaling: ScalingKind, k: usize) -> SegmentModel {
    let fit = FitSettings { columns, prep, scaling, params: KMeansParams::new(k) };
    let mut request = TrainRequest::from(fit);
    request.source = "Mall_Customers.csv".into();
    request.created_at = "2026-12-04T00:00:00Z".into();
    request.silhouette = false;
    segment_table(table, &request).unwrap().model
}

fn models() -> Vec<(&'static str, SegmentModel, Table)> {
    let mall = Table::from_csv_bytes(&mall_bytes()).unwrap();
    let damaged = damaged_mall();
    let transforms = |t: &[TransformKind]| t.to_vec();
    vec![
        ("raw", train(&mall, vec![INCOME, SPENDING], Preparation::default(), ScalingKind::None, 5), mall.clone()),
        (
            "standardised, log, category",
            train(
                &mall,
                vec![AGE, INCOME, SPENDING],
                Preparation {
                    categories: vec![GENRE],
                    transforms: transforms(&[TransformKind::None, TransformKind::Log, TransformKind::None]),
                    missing: MissingRule::Skip,
                },
                ScalingKind::Standard,
                6,
            ),
            mall.clone(),
        ),
        (
            "mean fill",
            train(
                &damaged,
                vec![AGE, INCOME, SPENDING],
                Preparation { missing: MissingRule::Mean, ..Preparation::default() },
                ScalingKind::Standard,
                4,
            ),
            damaged,
        ),
        (
            "robust, winsorized",
            train(
                &mall,
                vec![AGE, INCOME, SPENDING],
                Preparation {
                    transforms: transforms(&[TransformKind::Winsorize, TransformKind::None, TransformKind::Winsorize]),
                    ..Preparation::default()
                },
                ScalingKind::Robust,
                3,
            ),
            mall,
        ),
    ]
}

fn classify(model: &SegmentModel, table: &Table) -> BatchResult {
    let (numbers, categories) = model_columns(model, table.headers()).unwrap();
    classify_table(model, table, &[numbers, categories].concat())
}

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-12 * (1.0 + a.abs())
}

#[test]
fn a_model_read_back_from_its_pmml_classifies_every_customer_the_same() {
    for (name, model, table) in models() {
        let back = read_pmml(model_pmml(&model).as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back.features(), model.features(), "{name}");
        assert_eq!(back.encoding.transforms, model.encoding.transforms, "{name}");
        assert_eq!(back.encoding.scaling.kind, model.encoding.scaling.kind, "{name}");
        assert_eq!(
            (back.encoding.missing, &back.encoding.fill),
            (model.encoding.missing, &model.encoding.fill),
            "{name}"
        );
        assert_eq!(back.encoding.categories.len(), model.encoding.categories.len(), "{name}");
        assert_eq!(back.training.source, "Mall_Customers.csv");
        let ids: Vec<String> = back.imported.as_ref().unwrap().clusters.iter().map(|c| c.id.clone()).collect();
        assert_eq!(ids, (1..=model.k()).map(|i| i.to_string()).collect::<Vec<_>>());
        let (want, got) = (classify(&model, &table), classify(&back, &table));
        assert_eq!(want.segment, got.segment, "{name}");
        assert_eq!(want.errors, got.errors, "{name}");
        for row in 0..want.len() {
            assert!(
                close(want.distance[row], got.distance[row]),
                "{name} row {row}: {} vs {}",
                want.distance[row],
                got.distance[row]
            );
            assert!(close(want.confidence[row], got.confidence[row]), "{name} row {row}");
        }
        assert!(want.classified() > 150, "{name}");
    }
}

/// A valid file to mutate: the standardised model with a log and a category.
fn valid_pmml() -> String {
    model_pmml(&models().swap_remove(1).1)
}

/// What a mutation writes: bytes and markup a hostile or damaged file holds.
const SNIPPETS: [&str; 14] = [
    "NaN",
    "1e400",
    "-",
    "999999999",
    "&lol;",
    "<a>",
    "</Cluster>",
    "\"",
    "<!DOCTYPE x>",
    "<Cluster/>",
    " ",
    "0",
    "<Array n=\"2\">1 2</Array>",
    "\u{0}",
];

#[derive(Debug, Clone)]
enum Mutation {
    Byte(usize, u8),
    Cut(usize, usize),
    Insert(usize, usize),
    Repeat(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Byte(at, b)),
        (any::<usize>(), 0usize..200).prop_map(|(at, n)| Mutation::Cut(at, n)),
        (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(at, s)| Mutation::Insert(at, s)),
        (any::<usize>(), 0usize..300).prop_map(|(at, n)| Mutation::Repeat(at, n)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Byte(at, b) => {
                if let Some(byte) = bytes.get_mut(at % len) {
                    *byte = b;
                }
            }
            Mutation::Cut(at, n) => {
                let at = (at % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::Insert(at, s) => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, SNIPPETS[s].bytes());
            }
            Mutation::Repeat(at, n) => {
                let at = (at % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(end..end, copy);
            }
        }
    }
    bytes
}

/// A file that reads gives a model that survives its own file format and Batch.
fn usable(model: &SegmentModel, table: &Table) {
    let again = SegmentModel::from_json(&model.to_json()).expect("a model read from PMML is a valid model file");
    assert_eq!(again.k(), model.k());
    if let Ok((numbers, categories)) = model_columns(model, table.headers()) {
        let result = classify_table(model, table, &[numbers, categories].concat());
        assert_eq!(result.len(), table.row_count());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
        let _ = read_pmml(&bytes);
    }

    #[test]
    fn mutated_files_are_read_or_refused_never_panic(mutations in proptest::collection::vec(mutation(), 1..6)) {
        thread_local! {
            static VALID: (String, Table) = (valid_pmml(), Table::from_csv_bytes(&mall_bytes()).unwrap());
        }
        VALID.with(|(pmml, table)| {
            let bytes = mutate(pmml.clone().into_bytes(), &mutations);
            if let Ok(model) = read_pmml(&bytes) {
                usable(&model, table);
            }
        });
    }
}
