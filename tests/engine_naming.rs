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

// RFM segment names (issue 19): a model on exactly Recency, Frequency and Monetary (and Tenure).

mod rfm {
    use engine::{
        naming::rfm::RfmName,
        prep::{Preparation, TransformKind},
        rng::Rng,
        segment_table, FitSettings, ScalingKind, Segmentation, Table, TrainRequest,
    };

    /// The five groups of the synthetic customer table, in its row order.
    const GROUPS: [&str; 5] = ["best", "regulars", "lapsed big spenders", "recent one-off", "lapsed one-off"];

    /// Customers as a table built from order lines heads them, with Monetary copied as Amount
    /// (a header the RFM names do not take): the best customers (a few spending 100× the
    /// median), regulars spread over the middle, lapsed big spenders, recent one-off buyers and
    /// lapsed one-off buyers, in that order. Scores are ranks among all customers, so the base is
    /// shaped like a real one: most customers neither the newest nor the longest gone.
    fn customers() -> (Table, Vec<usize>) {
        let mut rng = Rng::new(19);
        let mut between = |lo: f64, hi: f64| lo + (hi - lo) * rng.next_f64();
        let mut text = String::from("Recency,Frequency,Monetary,Tenure,Amount\n");
        let mut group = Vec::new();
        let mut add = |g: usize, r: f64, f: f64, m: f64, t: f64| {
            let (r, f, m, t) = (r.round(), f.round(), (m * 100.0).round() / 100.0, t.round());
            text += &format!("{r},{f},{m},{},{m}\n", t.max(r));
            group.push(g);
        };
        for i in 0..100 {
            let m = if i % 25 == 0 { 200_000.0 } else { 2_000.0 * between(0.5, 2.0) };
            add(0, between(1.0, 30.0), between(8.0, 20.0), m, between(300.0, 700.0));
        }
        for _ in 0..200 {
            add(1, between(20.0, 150.0), between(2.0, 6.0), 300.0 * between(0.5, 2.0), between(150.0, 600.0));
        }
        for _ in 0..80 {
            add(2, between(200.0, 400.0), between(5.0, 15.0), 1_500.0 * between(0.5, 2.0), between(400.0, 800.0));
        }
        for _ in 0..100 {
            let r = between(0.0, 10.0);
            add(3, r, 1.0, between(20.0, 100.0), r);
        }
        for _ in 0..200 {
            let r = between(200.0, 500.0);
            add(4, r, 1.0, between(15.0, 70.0), r);
        }
        (Table::from_csv_bytes(text.as_bytes()).unwrap(), group)
    }

    /// Log on every feature and z-scores, as the app starts an RFM table.
    fn train(table: &Table, columns: Vec<usize>, k: usize) -> Segmentation {
        let transforms = vec![TransformKind::Log; columns.len()];
        let request = TrainRequest::from(FitSettings {
            prep: Preparation { transforms, ..Preparation::default() },
            scaling: ScalingKind::Standard,
            ..FitSettings::new(columns, k)
        });
        segment_table(table, &request).unwrap()
    }

    /// The name of the segment most of each group's customers are in.
    fn group_names(s: &Segmentation, group: &[usize]) -> Vec<String> {
        (0..GROUPS.len())
            .map(|g| {
                let mut counts = vec![0; s.model.k()];
                for (&row, &label) in s.row_indices.iter().zip(&s.labels) {
                    if group[row] == g {
                        counts[label] += 1;
                    }
                }
                let most = (0..counts.len()).max_by_key(|&i| counts[i]).unwrap();
                s.model.segments[most].label.name.clone()
            })
            .collect()
    }

    fn rfm_names() -> Vec<&'static str> {
        RfmName::ALL.iter().map(|n| n.name()).collect()
    }

    fn assert_named_as_marketers_would(got: &[String]) {
        let ok: [&[&str]; 5] = [
            &["Champions"],
            &["Need Attention", "Loyal Customers"],
            &["Can't Lose Them", "At Risk"],
            &["New Customers"],
            &["Lost", "Hibernating"],
        ];
        assert_eq!(got.len(), ok.len());
        for ((name, want), group) in got.iter().zip(ok).zip(GROUPS) {
            assert!(want.contains(&name.as_str()), "{group} are {name:?}; all: {got:?}");
        }
    }

    #[test]
    fn clearly_placed_groups_get_the_names_marketers_use() {
        let (table, group) = customers();
        let s = train(&table, vec![0, 1, 2], 5);
        let got = group_names(&s, &group);
        assert_named_as_marketers_would(&got);
        for segment in &s.model.segments {
            let name = RfmName::ALL.iter().find(|n| n.name() == segment.label.name).unwrap();
            assert_eq!(segment.label.strategy, name.strategy());
            assert!(segment.label.description.starts_with(name.description()), "{}", segment.label.description);
            assert!(segment.label.description.contains("RFM scores R "), "{}", segment.label.description);
        }
    }

    #[test]
    fn feature_order_and_tenure_do_not_change_the_names() {
        let (table, group) = customers();
        assert_named_as_marketers_would(&group_names(&train(&table, vec![0, 2, 1], 5), &group));
        assert_named_as_marketers_would(&group_names(&train(&table, vec![3, 0, 1, 2], 5), &group));
    }

    #[test]
    fn ten_segments_get_the_ten_names() {
        let (table, _) = customers();
        let s = train(&table, vec![0, 1, 2], 10);
        let mut got: Vec<&str> = s.model.segments.iter().map(|s| s.label.name.as_str()).collect();
        got.sort_unstable();
        let mut want = rfm_names();
        want.sort_unstable();
        assert_eq!(got, want);
        let mut colours: Vec<&str> = s.model.segments.iter().map(|s| s.label.colour.as_str()).collect();
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), 10);
    }

    #[test]
    fn twelve_segments_repeat_names_but_never_alike() {
        let (table, _) = customers();
        for columns in [vec![0, 1, 2], vec![0, 1, 2, 3]] {
            let s = train(&table, columns, 12);
            let names: Vec<&str> = s.model.segments.iter().map(|s| s.label.name.as_str()).collect();
            let mut unique = names.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), 12, "{names:?}");
            for name in rfm_names() {
                assert!(names.iter().any(|n| n.starts_with(name)), "{name} missing from {names:?}");
            }
            assert!(names.iter().all(|n| rfm_names().iter().any(|r| n.starts_with(r))), "{names:?}");
        }
    }

    #[test]
    fn from_averages_alone_the_names_follow_the_centres() {
        // No customers to rank: each average scores as its z would rank in a normal feature.
        let got = super::names(
            &["recency", "FREQUENCY", "Monetary"],
            &[vec![10.0, 90.0, 90.0], vec![90.0, 90.0, 90.0], vec![10.0, 10.0, 10.0], vec![90.0, 10.0, 10.0]],
        );
        assert_eq!(got, ["Champions", "Can't Lose Them", "New Customers", "Lost"]);
    }

    #[test]
    fn features_that_are_not_rfm_keep_their_names() {
        let (table, _) = customers();
        // Amount is spend to the lexicon, not Monetary.
        let s = train(&table, vec![0, 1, 4], 5);
        for segment in &s.model.segments {
            assert!(!rfm_names().contains(&segment.label.name.as_str()), "{}", segment.label.name);
        }
        assert!(s.model.segments.iter().any(|s| s.label.name.starts_with("Lapsed")), "{:?}", s.model.segments);
        assert_eq!(s.model.revenue_shares(), None, "no feature is headed Monetary");
    }

    #[test]
    fn revenue_shares_are_each_segments_part_of_all_monetary() {
        let table =
            Table::from_csv_bytes(b"Recency,Frequency,Monetary\n1,1,10\n2,1,30\n100,5,200\n120,5,400\n").unwrap();
        let s = train(&table, vec![0, 1, 2], 2);
        let shares = s.model.revenue_shares().unwrap();
        // Segment 1 holds the recent customers (ids follow the first feature): 40 of 640.
        assert!((shares[0] - 40.0 / 640.0).abs() < 1e-12, "{shares:?}");
        assert!((shares[1] - 600.0 / 640.0).abs() < 1e-12, "{shares:?}");

        let (table, _) = customers();
        let s = train(&table, vec![0, 2, 1, 3], 5);
        let shares = s.model.revenue_shares().unwrap();
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let total: f64 = s.points.column(1).sum();
        for (id, share) in shares.iter().enumerate() {
            let mine: f64 = s.points.iter_rows().zip(&s.labels).filter(|(_, &l)| l == id).map(|(r, _)| r[1]).sum();
            assert!((share - mine / total).abs() < 1e-9, "segment {}: {share} vs {}", id + 1, mine / total);
        }
    }

    #[test]
    fn revenue_shares_need_revenue() {
        let table = Table::from_csv_bytes(b"Recency,Frequency,Monetary\n1,1,0\n2,1,0\n100,5,0\n120,5,0\n").unwrap();
        let s = segment_table(&table, &TrainRequest::new(vec![0, 1, 2], 2)).unwrap();
        assert_eq!(s.model.revenue_shares(), None);
    }
}
