//! Segment names come from centres relative to the data, never from ids, and never repeat.

use engine::{
    naming::{name_segments, PALETTE},
    stats::FeatureStats,
    Matrix,
};

fn stats(mean: f64, std: f64) -> FeatureStats {
    FeatureStats { count: 100, mean, std, min: mean - 2.0 * std, max: mean + 2.0 * std }
}

fn names(features: &[&str], centres: &[Vec<f64>]) -> Vec<String> {
    let features: Vec<String> = features.iter().map(|s| s.to_string()).collect();
    let overall = vec![stats(50.0, 20.0); features.len()];
    name_segments(&features, &overall, &Matrix::from_rows(centres)).into_iter().map(|l| l.name).collect()
}

const INCOME_SPENDING: [&str; 2] = ["Annual Income (k$)", "Spending Score (1-100)"];

#[test]
fn the_five_archetypes() {
    let got = names(
        &INCOME_SPENDING,
        &[vec![25.0, 25.0], vec![80.0, 80.0], vec![80.0, 20.0], vec![20.0, 80.0], vec![50.0, 50.0]],
    );
    assert_eq!(
        got,
        ["Careful Spenders", "Target Group", "Sensible Customers", "Careless Customers", "Standard Customers"]
    );
}

#[test]
fn feature_order_does_not_matter() {
    let got = names(&["spending", "income"], &[vec![80.0, 20.0]]);
    assert_eq!(got, ["Careless Customers"]);
}

#[test]
fn shapes_outside_the_archetypes_get_descriptive_names() {
    let got = names(&INCOME_SPENDING, &[vec![80.0, 50.0], vec![50.0, 20.0]]);
    assert_eq!(got, ["High income, average spending", "Average income, low spending"]);
}

#[test]
fn two_candidates_for_one_archetype_never_share_a_name() {
    let got = names(&INCOME_SPENDING, &[vec![80.0, 80.0], vec![72.0, 95.0], vec![50.0, 50.0]]);
    assert_eq!(got[0], "Target Group", "the one closest to the archetype keeps it");
    assert_eq!(got[1], "High income, high spending");
    let got = names(&INCOME_SPENDING, &[vec![80.0, 50.0], vec![90.0, 50.0]]);
    assert_ne!(got[0], got[1]);
    assert!(got[0].starts_with("High income, average spending ("), "{got:?}");
}

#[test]
fn other_features_name_what_stands_out() {
    let got = names(&["Age", "Visits"], &[vec![80.0, 20.0], vec![50.0, 55.0], vec![50.0, 5.0]]);
    assert_eq!(got, ["High Age, Low Visits", "Typical customers", "Low Visits"]);
}

#[test]
fn colours_are_distinct_and_from_the_palette() {
    let features: Vec<String> = INCOME_SPENDING.iter().map(|s| s.to_string()).collect();
    let centres: Vec<Vec<f64>> = (0..12).map(|i| vec![i as f64 * 8.0, 100.0 - i as f64 * 8.0]).collect();
    let labels = name_segments(&features, &[stats(50.0, 20.0); 2], &Matrix::from_rows(&centres));
    let mut colours: Vec<&str> = labels.iter().map(|l| l.colour.as_str()).collect();
    assert!(colours.iter().all(|c| PALETTE.contains(c)));
    colours.sort_unstable();
    colours.dedup();
    assert_eq!(colours.len(), 12);
}
