//! Segment names come from centres relative to the data, never from ids, and never repeat.

use engine::{
    kmeans::MAX_CLUSTERS,
    naming::{name_segments, GENERATED, PALETTE},
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
    assert_eq!(got, ["Older occasional customers", "Typical customers", "Occasional customers"]);
    let got = names(&["Fresh", "Frozen"], &[vec![80.0, 20.0], vec![50.0, 5.0]]);
    assert_eq!(got, ["High Fresh, low Frozen", "Low Frozen"], "columns the lexicon does not know: by header");
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

#[test]
fn fifty_segments_get_fifty_colours_and_fifty_names() {
    let features: Vec<String> = ["age", "visits"].iter().map(|s| s.to_string()).collect();
    // Many centres that name alike ("High Age", "Typical customers", …): names must still differ.
    let centres: Vec<Vec<f64>> =
        (0..MAX_CLUSTERS).map(|i| vec![(i % 5) as f64 * 20.0, (i / 5) as f64 * 10.0]).collect();
    let labels = name_segments(&features, &[stats(50.0, 20.0); 2], &Matrix::from_rows(&centres));
    let mut colours: Vec<&str> = labels.iter().map(|l| l.colour.as_str()).collect();
    assert!(colours.iter().all(|c| PALETTE.contains(c) || GENERATED.contains(c)));
    colours.sort_unstable();
    colours.dedup();
    assert_eq!(colours.len(), MAX_CLUSTERS);
    let mut names: Vec<&str> = labels.iter().map(|l| l.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), MAX_CLUSTERS);
}

/// sRGB hex to OKLab (Björn Ottosson's matrices).
fn oklab(hex: &str) -> [f64; 3] {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (channel(0), channel(1), channel(2));
    let l = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b).cbrt();
    let m = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b).cbrt();
    let s = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b).cbrt();
    [
        0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
        1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
        0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s,
    ]
}

#[test]
fn every_pair_of_the_fifty_colours_is_apart() {
    let all: Vec<&str> = PALETTE.iter().chain(&GENERATED).copied().collect();
    assert_eq!(all.len(), MAX_CLUSTERS);
    let mut closest = f64::INFINITY;
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            let (p, q) = (oklab(a), oklab(b));
            let d = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt();
            closest = closest.min(d);
        }
    }
    // 0.02 in OKLab is about a just-noticeable difference; keep every pair well above it.
    assert!(closest > 0.04, "two colours are {closest:.3} apart");
}
