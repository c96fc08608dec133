//! Batch classification: features found by name or alias, every row out, nothing lost.

use engine::{
    batch::{classify_table, results_csv},
    income_spending_columns, resolve_columns, segment_table, SegmentModel, Table, TrainRequest,
};

fn mall_bytes() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/Mall_Customers.csv")).unwrap()
}

fn mall_model() -> SegmentModel {
    let t = Table::from_csv_bytes(&mall_bytes()).unwrap();
    segment_table(&t, &TrainRequest::new(income_spending_columns(&t).unwrap(), 5)).unwrap().model
}

fn names_of(model: &SegmentModel, csv: &str) -> Vec<String> {
    let t = Table::from_csv_bytes(csv.as_bytes()).unwrap();
    let cols = resolve_columns(model.features(), t.headers()).unwrap();
    let result = classify_table(model, &t, &cols);
    (0..result.len()).map(|i| model.segments[result.get(i).unwrap().segment].label.name.clone()).collect()
}

#[test]
fn the_original_tools_example_file_classifies_as_documented() {
    let m = mall_model();
    let got = names_of(&m, "annual_income,spending_score\n50,60\n80,85\n30,20\n90,15\n");
    assert_eq!(got, ["Standard Customers", "Target Group", "Careful Spenders", "Sensible Customers"]);
}

#[test]
fn single_customers_match_the_documented_checks() {
    let m = mall_model();
    let c = m.classify(&[80.0, 85.0], &[]);
    assert_eq!(m.segments[c.segment].label.name, "Target Group");
    assert_eq!(format!("{:.2}", c.distance), "7.14");
    assert_eq!(m.segments[m.classify(&[75.0, 80.0], &[]).segment].label.name, "Target Group");
    assert!(c.confidence > 0.0 && c.confidence < 1.0);
    assert!(c.runner_up.is_some());
}

#[test]
fn the_mall_file_round_trips_with_every_cell_and_the_training_counts() {
    let m = mall_model();
    let t = Table::from_csv_bytes(&mall_bytes()).unwrap();
    let cols = resolve_columns(m.features(), t.headers()).unwrap();
    let outcomes = classify_table(&m, &t, &cols);
    let mut counts = outcomes.counts(m.k());
    counts.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(counts, vec![81, 39, 35, 23, 22]);

    let out = Table::from_csv_bytes(&results_csv(&m, &t, &outcomes)).unwrap();
    assert_eq!(out.row_count(), 200);
    assert_eq!(&out.headers()[..5], t.headers());
    assert_eq!(out.headers()[5..], ["segment_id", "segment_name", "distance_to_centroid", "confidence", "error"]);
    for (a, b) in out.rows().zip(t.rows()) {
        assert_eq!(&a[..5], b.as_slice(), "original cells unchanged");
    }
}

#[test]
fn bad_rows_stay_in_the_output_with_a_reason() {
    let m = mall_model();
    let t = Table::from_csv_bytes(b"id,income,spending\n1,50,60\n2,abc,60\n3,80,85\n4,,10\n5,30,20\n").unwrap();
    let cols = resolve_columns(m.features(), t.headers()).unwrap();
    let outcomes = classify_table(&m, &t, &cols);
    assert_eq!(outcomes.errors.len(), 2);
    let out = Table::from_csv_bytes(&results_csv(&m, &t, &outcomes)).unwrap();
    let ids: Vec<&str> = (0..out.row_count()).map(|r| out.cell(r, 0)).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"], "every row, in order");
    assert_eq!(out.cell(1, 3), "", "no segment for a bad row");
    assert_eq!(out.cell(1, 7), "Line 3, column \"income\": \"abc\" is not a number.");
    assert!(out.cell(3, 7).starts_with("Line 5, column \"income\" is empty. Every customer needs a number there"));
    assert_eq!(out.cell(0, 7), "");
}

#[test]
fn missing_features_are_named() {
    let m = mall_model();
    let t = Table::from_csv_bytes(b"age,visits\n1,2\n").unwrap();
    assert_eq!(resolve_columns(m.features(), t.headers()).unwrap_err(), m.features());
}

#[test]
fn formula_cells_are_neutralised_in_the_download() {
    let m = mall_model();
    let t = Table::from_csv_bytes(b"name,income,spending\n=HYPERLINK(\"x\"),50,-5\n").unwrap();
    let cols = resolve_columns(m.features(), t.headers()).unwrap();
    let csv = results_csv(&m, &t, &classify_table(&m, &t, &cols));
    let out = Table::from_csv_bytes(&csv).unwrap();
    assert_eq!(out.cell(0, 0), "'=HYPERLINK(\"x\")");
    assert_eq!(out.cell(0, 2), "-5", "numbers stay numbers");
}

#[test]
fn quoted_cells_with_delimiters_quotes_and_newlines_survive() {
    let m = mall_model();
    let input = "note,income,spending\n\"a, \"\"b\"\"\nc\",50,60\n";
    let t = Table::from_csv_bytes(input.as_bytes()).unwrap();
    let cols = resolve_columns(m.features(), t.headers()).unwrap();
    let out = Table::from_csv_bytes(&results_csv(&m, &t, &classify_table(&m, &t, &cols))).unwrap();
    assert_eq!(out.cell(0, 0), "a, \"b\"\nc");
}

#[test]
fn batch_results_equal_classifying_one_customer_at_a_time() {
    let m = mall_model();
    let t = Table::from_csv_bytes(&mall_bytes()).unwrap();
    let cols = resolve_columns(m.features(), t.headers()).unwrap();
    let result = classify_table(&m, &t, &cols);
    for i in 0..t.row_count() {
        let point: Vec<f64> = cols.iter().map(|&c| t.number(i, c).unwrap()).collect();
        let one = m.classify(&point, &[]);
        let r = result.get(i).unwrap();
        assert_eq!((r.segment, r.distance, r.confidence), (one.segment, one.distance, one.confidence), "row {i}");
    }
}
