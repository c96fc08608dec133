//! The shipped demo file: it must parse and show the five classic segments at k=5.

use engine::{income_spending_columns, segment_table, Table, TrainRequest};

const DEMO: &[u8] = include_bytes!("../data/mall_customers_demo.csv");

#[test]
fn demo_has_the_classic_header_and_about_200_rows() {
    let t = Table::from_csv_bytes(DEMO).unwrap();
    assert_eq!(t.headers(), ["CustomerID", "Genre", "Age", "Annual Income (k$)", "Spending Score (1-100)"]);
    assert_eq!(t.row_count(), 200);
}

#[test]
fn demo_at_k5_shows_the_five_archetypes() {
    let t = Table::from_csv_bytes(DEMO).unwrap();
    let s = segment_table(&t, &TrainRequest::new(income_spending_columns(&t).unwrap(), 5)).unwrap();
    let mut names: Vec<String> = s.model.segments.iter().map(|s| s.label.name.clone()).collect();
    names.sort();
    assert_eq!(
        names,
        ["Careful Spenders", "Careless Customers", "Sensible Customers", "Standard Customers", "Target Group"]
    );
    assert_eq!(s.model.segments.iter().map(|seg| seg.size).sum::<usize>(), 200);
    assert!(s.model.segments.iter().all(|seg| seg.size >= 10), "no segment of a handful of customers");
}
