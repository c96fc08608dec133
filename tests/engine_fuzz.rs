//! Property tests: no file, cell or model text makes the readers panic, and any
//! valid table comes back from the results writer with every cell intact.
//!
//! Case counts are set per property (13,500 cases in all). scripts/test.sh fixes
//! `PROPTEST_RNG_SEED` so CI runs are repeatable; a plain `cargo test` explores new cases.

use engine::{
    batch::{classify_table, neutralise, results_csv, RESULT_COLUMNS},
    dataset::{parse_number, Decimal, MAX_MAGNITUDE},
    default_features,
    prep::{read_for_training, MissingRule, Preparation, TransformKind},
    segment_table,
    sweep::{sweep, SweepRequest},
    FitError, FitSettings, KMeansParams, Scaler, ScalingKind, SegmentError, SegmentModel, Table, TrainRequest,
};
use proptest::{prelude::*, test_runner::TestRunner};
use std::{cell::Cell, sync::LazyLock};

const DEMO: &[u8] = include_bytes!("../data/mall_customers_demo.csv");

/// Trained once: every case classifies with it.
static DEMO_MODEL: LazyLock<SegmentModel> = LazyLock::new(|| {
    let t = Table::from_csv_bytes(DEMO).unwrap();
    segment_table(&t, &TrainRequest::new(default_features(&t), 5)).unwrap().model
});

/// Everything a reader can be asked about a table, so a panic anywhere shows.
fn exercise(table: &Table) {
    for col in 0..table.headers().len() {
        table.is_numeric_column(col);
        for row in 0..table.row_count() {
            let _ = table.number(row, col).map_err(|e| e.to_string());
        }
    }
    let _ = table.numeric_columns();
    default_features(table);
}

/// Bytes drawn mostly from the characters that give CSV its structure.
fn csvish_bytes() -> impl Strategy<Value = Vec<u8>> {
    let structural = prop::sample::select(b",;\t\"\r\n '.-+e0123456789aN\xE9\xEF\xBB\xBF\xFF\xFE\0".to_vec());
    prop::collection::vec(prop_oneof![8 => structural, 1 => any::<u8>()], 0..400)
}

/// A cell as people type them: text with delimiters, quotes, newlines and formula characters, or a number.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Zé0-9 ,;\t\"'=+@.\n-]{0,12}", (-1e6f64..1e6).prop_map(|v| format!("{v}")), Just(String::new()),]
}

/// A table with unique names and at least one non-blank cell per row (blank rows are not rows).
fn table() -> impl Strategy<Value = (Vec<String>, Vec<Vec<String>>)> {
    (1usize..5, 1usize..20).prop_flat_map(|(extra, rows)| {
        let width = extra + 2;
        let mut headers: Vec<String> = vec!["income".into(), "spending".into()];
        headers.extend((0..extra).map(|i| format!("note {i}")));
        let row = prop::collection::vec(cell(), width).prop_map(|mut r| {
            if r.iter().all(|c| c.trim().is_empty()) {
                r[0] = "x".into();
            }
            r
        });
        (Just(headers), prop::collection::vec(row, rows))
    })
}

fn write_csv(headers: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().quote_style(csv::QuoteStyle::Always).from_writer(Vec::new());
    w.write_record(headers).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn reading_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(t) = Table::from_csv_bytes(&bytes) { exercise(&t) }
    }

    #[test]
    fn reading_csv_like_bytes_never_panics(bytes in csvish_bytes()) {
        if let Ok(t) = Table::from_csv_bytes(&bytes) { exercise(&t) }
    }

    #[test]
    fn numbers_are_finite_and_bounded_or_refused(text in "\\PC{0,16}|[-+0-9.,' eE]{0,16}") {
        for decimal in [Decimal::Point, Decimal::Comma] {
            if let Ok(v) = parse_number(&text, decimal) {
                prop_assert!(v.is_finite() && v.abs() <= MAX_MAGNITUDE, "{text:?} -> {v}");
            }
        }
    }

    #[test]
    fn loading_arbitrary_text_as_a_model_never_panics(text in "\\PC{0,200}") {
        let _ = SegmentModel::from_json(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A damaged model file is refused, or it loads and classifies to finite figures.
    #[test]
    fn damaged_model_files_are_refused_or_usable(
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(b"0-9e.\"{}[],:x ".to_vec())), 1..4)
    ) {
        let mut json = DEMO_MODEL.to_json().into_bytes();
        for (at, byte) in edits {
            let i = at.index(json.len());
            json[i] = byte;
        }
        let Ok(text) = String::from_utf8(json) else { return Ok(()) };
        if let Ok(model) = SegmentModel::from_json(&text) {
            let c = model.classify(&vec![50.0; model.features().len()], &[]);
            prop_assert!(c.segment < model.k());
            prop_assert!(c.distance.is_finite());
        }
    }

    /// Every row comes back in order with every original cell (formula-like text made inert), then its result.
    #[test]
    fn results_keep_every_cell((headers, rows) in table()) {
        let model = &*DEMO_MODEL;
        let input = write_csv(&headers, &rows);
        let table = Table::from_csv_bytes(&input).unwrap();
        prop_assert_eq!(table.headers(), &headers[..]);
        prop_assert_eq!(table.rows().collect::<Vec<_>>(), rows.iter().map(|r| r.iter().map(String::as_str).collect::<Vec<_>>()).collect::<Vec<_>>());
        let outcomes = classify_table(model, &table, &[0, 1]);
        let out = results_csv(model, &table, &outcomes);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&out[..]);
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        prop_assert_eq!(records.len(), rows.len() + 1);
        let expected_header: Vec<String> =
            headers.iter().map(|h| h.to_string()).chain(RESULT_COLUMNS.map(String::from)).collect();
        prop_assert_eq!(records[0].iter().collect::<Vec<_>>(), expected_header);
        for (i, (record, row)) in records[1..].iter().zip(&rows).enumerate() {
            let cells: Vec<&str> = record.iter().collect();
            let expected: Vec<String> = row.iter().map(|c| neutralise(c).into_owned()).collect();
            prop_assert_eq!(&cells[..row.len()], &expected[..]);
            let error = cells[row.len() + RESULT_COLUMNS.len() - 1];
            prop_assert_eq!(error.is_empty(), outcomes.get(i).is_ok());
        }
    }
}

/// Values that trouble k-means: repeats, constants, extremes and tiny differences.
fn awkward_value() -> impl Strategy<Value = f64> {
    prop_oneof![prop::sample::select(vec![0.0, 1.0, 1.0, -3.5, MAX_MAGNITUDE, -MAX_MAGNITUDE, 1e-9]), -1e3f64..1e3,]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Duplicates, constant columns and extreme values train to a valid model and a finite sweep, or a refusal.
    #[test]
    fn training_on_awkward_numbers_never_panics(
        rows in prop::collection::vec((awkward_value(), awkward_value()), 1..40),
        k in 1usize..6,
        scaling in prop::sample::select(ScalingKind::ALL.to_vec()),
    ) {
        let csv: String = std::iter::once("a,b".to_owned()).chain(rows.iter().map(|(a, b)| format!("{a},{b}"))).collect::<Vec<_>>().join("\n");
        let table = Table::from_csv_bytes(csv.as_bytes()).unwrap();
        let request = TrainRequest::from(FitSettings { scaling, params: KMeansParams::new(k).n_init(2), ..FitSettings::new(vec![0, 1], k) });
        match segment_table(&table, &request) {
            Ok(s) => {
                prop_assert_eq!(s.model.k(), k);
                prop_assert!(s.labels.iter().all(|&l| l < k));
                prop_assert!(s.model.training.inertia.is_finite());
                let reloaded = SegmentModel::from_json(&s.model.to_json());
                prop_assert!(reloaded.is_ok(), "{:?}", reloaded);
            }
            // The only refusals: fewer rows, or fewer distinct customers, than segments.
            Err(SegmentError::Fit(FitError::TooFewSamples { samples, clusters })) => {
                prop_assert!(samples == rows.len() && clusters == k && samples < k);
            }
            Err(SegmentError::Fit(FitError::EmptySegment { clusters, distinct })) => {
                prop_assert!(clusters == k && distinct < k, "{} distinct for k = {}", distinct, k);
            }
            Err(e) => prop_assert!(false, "unexpected refusal: {}", e),
        }
        let x = read_for_training(&table, &[0, 1], &Preparation::default()).unwrap().extraction.matrix;
        prop_assert_eq!(x.rows(), rows.len(), "every awkward value is a number");
        let scaled = Scaler::fit(scaling, &x).transform(&x);
        let mut quick = SweepRequest::new(vec![], 2..=4);
        quick.fit.params = KMeansParams::new(2).n_init(1);
        if let Ok(sw) = sweep(&scaled, &quick, |_| {}) {
            prop_assert!(sw.scores.iter().all(|s| s.inertia.is_finite()));
        }
    }
}

/// Cases of [`prepared_features_never_panic_and_keep_every_row`].
const PREPARED_CASES: u32 = 200;

/// Categories (with odd spellings and empty cells), missing numbers and every transform and
/// scaling: training gives a valid model that reloads, or a refusal with a reason; classifying
/// another file with it (unseen values, gaps, negatives) keeps every row and never panics.
///
/// A refusal is allowed, so the cases that trained are counted: a change that made every
/// training fail would otherwise pass. (Run by hand rather than by `proptest!` to count them.)
#[test]
fn prepared_features_never_panic_and_keep_every_row() {
    let rows = prop::collection::vec(
        (
            awkward_value(),
            prop::sample::select(vec!["", "NA", "-2", "7"]),
            prop::sample::select(vec!["a", " A ", "b", "", "Ω", "c"]),
        ),
        1..40,
    );
    let other = prop::collection::vec(
        (awkward_value(), prop::sample::select(vec!["", "-1", "3"]), prop::sample::select(vec!["a", "z", "", "B"])),
        0..10,
    );
    let cases = (
        rows,
        other,
        1usize..5,
        prop::sample::select(ScalingKind::ALL.to_vec()),
        prop::sample::select(TransformKind::ALL.to_vec()),
        prop::sample::select(MissingRule::ALL.to_vec()),
    );
    let mut config = ProptestConfig::with_cases(PREPARED_CASES);
    config.source_file = Some(file!());
    let mut runner = TestRunner::new(config);
    let (ran, trained) = (Cell::new(0u32), Cell::new(0u32));
    let outcome = runner.run(&cases, |(rows, other, k, scaling, transform, missing)| {
        ran.set(ran.get() + 1);
        let file = |rows: &[(f64, &str, &str)]| {
            let lines = rows.iter().map(|(a, b, c)| format!("{a},{b},{c}"));
            Table::from_csv_bytes(
                std::iter::once("a,b,kind".to_owned()).chain(lines).collect::<Vec<_>>().join("\n").as_bytes(),
            )
        };
        let Ok(table) = file(&rows) else { return Ok(()) };
        let prep = Preparation { categories: vec![2], transforms: vec![TransformKind::None, transform], missing };
        let request = TrainRequest::from(FitSettings {
            scaling,
            prep,
            params: KMeansParams::new(k).n_init(2),
            ..FitSettings::new(vec![0, 1], k)
        });
        let Ok(s) = segment_table(&table, &request) else { return Ok(()) };
        trained.set(trained.get() + 1);
        prop_assert!(s.model.training.inertia.is_finite());
        prop_assert_eq!(s.model.training.rows_used + s.skipped.len(), table.row_count());
        let reloaded = SegmentModel::from_json(&s.model.to_json());
        prop_assert!(reloaded.is_ok(), "{:?}", reloaded);
        if let Ok(batch) = file(&other) {
            let result = classify_table(&s.model, &batch, &[0, 1, 2]);
            prop_assert_eq!(result.len(), batch.row_count());
            prop_assert!(
                (0..result.len()).all(|i| result.get(i).map_or(true, |r| r.segment < k && r.confidence.is_finite()))
            );
        }
        Ok(())
    });
    if let Err(e) = outcome {
        panic!("{e}\n{runner}");
    }
    let (ran, trained) = (ran.get(), trained.get());
    assert!(trained >= MIN_TRAINED, "only {trained} of {ran} cases trained (at least {MIN_TRAINED} expected)");
}

/// Cases of [`PREPARED_CASES`] that must train: half. About 85 % do (168 to 181 of 200 over six
/// seeds); the rest are refused for a reason (every row left out, fewer customers than segments).
const MIN_TRAINED: u32 = PREPARED_CASES / 2;
