//! Parity with scikit-learn on the classic public Mall Customers file (../shared/data).
//!
//! Reference (shared/README.md): scikit-learn 1.9, raw income and spending,
//! `KMeans(n_clusters=k, random_state=2, n_init='auto')`: k=5 inertia 44448.455,
//! sizes 81/39/35/23/22, centres ≈ (55.30, 49.52) (88.20, 17.11) (26.30, 20.91)
//! (86.54, 82.13) (25.73, 79.36).

use engine::{
    income_spending_columns,
    prep::{read_for_training, Preparation},
    segment_table,
    sweep::SweepRequest,
    FitSettings, KMeansParams, Segmentation, Table, TrainRequest,
};

fn mall() -> Table {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/Mall_Customers.csv");
    let bytes = std::fs::read(path).expect("the classic Mall file is in ../shared/data");
    Table::from_csv_bytes(&bytes).expect("the classic file parses")
}

fn fit(k: usize) -> Segmentation {
    let table = mall();
    let cols = income_spending_columns(&table).unwrap();
    segment_table(&table, &TrainRequest::new(cols, k)).unwrap()
}

fn segment_near(s: &Segmentation, income: f64, spending: f64) -> &engine::Segment {
    s.model
        .segments
        .iter()
        .find(|seg| (seg.centre[0] - income).abs() < 0.5 && (seg.centre[1] - spending).abs() < 0.5)
        .unwrap_or_else(|| panic!("no centre near ({income}, {spending}): {:?}", s.model.segments))
}

#[test]
fn reads_all_200_rows_and_five_columns() {
    let t = mall();
    assert_eq!(t.row_count(), 200);
    assert_eq!(t.headers().len(), 5);
    assert_eq!(t.cell(0, 0), "0001", "original cell text is kept");
}

#[test]
fn k5_inertia_matches_scikit_learn() {
    let s = fit(5);
    let expected = 44448.455;
    assert!((s.model.training.inertia - expected).abs() / expected < 1e-4, "inertia {}", s.model.training.inertia);
}

#[test]
fn k5_cluster_sizes_match_scikit_learn() {
    let mut sizes: Vec<usize> = fit(5).model.segments.iter().map(|s| s.size).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(sizes, vec![81, 39, 35, 23, 22]);
}

#[test]
fn k5_archetype_names_land_on_the_right_centres() {
    let s = fit(5);
    assert_eq!(segment_near(&s, 55.30, 49.52).label.name, "Standard Customers");
    assert_eq!(segment_near(&s, 88.20, 17.11).label.name, "Sensible Customers");
    assert_eq!(segment_near(&s, 26.30, 20.91).label.name, "Careful Spenders");
    assert_eq!(segment_near(&s, 86.54, 82.13).label.name, "Target Group");
    assert_eq!(segment_near(&s, 25.73, 79.36).label.name, "Careless Customers");
}

#[test]
fn k5_is_deterministic_including_ids_and_names() {
    let (a, b) = (fit(5), fit(5));
    assert_eq!(a, b);
}

#[test]
fn ids_do_not_depend_on_the_seed() {
    let table = mall();
    let cols = income_spending_columns(&table).unwrap();
    let names = |seed| -> Vec<String> {
        let request = TrainRequest::from(FitSettings {
            params: KMeansParams::new(5).seed(seed),
            ..FitSettings::new(cols.clone(), 5)
        });
        segment_table(&table, &request).unwrap().model.segments.into_iter().map(|s| s.label.name).collect()
    };
    assert_eq!(names(1), names(99));
}

/// Best inertia of 20 k-means++ starts per k, from scikit-learn 1.9 on the raw
/// income and spending columns (shared/README.md), computed with:
///   for k in range(2, 11): min(KMeans(k, n_init=1, random_state=s).fit(X).inertia_ for s in range(20))
const SKLEARN_BEST: [(usize, f64); 9] = [
    (2, 181363.60),
    (3, 106348.37),
    (4, 73679.79),
    (5, 44448.46),
    (6, 37233.82),
    (7, 30227.61),
    (8, 25011.92),
    (9, 21806.81),
    (10, 19721.55),
];

#[test]
fn every_k_from_2_to_10_is_within_half_a_percent_of_scikit_learns_best() {
    for (k, best) in SKLEARN_BEST {
        let ours = fit(k).model.training.inertia;
        assert!(ours <= best * 1.005, "k={k}: {ours} vs scikit-learn {best}");
    }
}

#[test]
fn sweep_recommends_five_with_scikit_learns_silhouette() {
    let table = mall();
    let cols = income_spending_columns(&table).unwrap();
    let reading = read_for_training(&table, &cols, &Preparation::default()).unwrap();
    assert_eq!(reading.extraction.skipped, [], "every customer has both numbers");
    let x = reading.extraction.matrix;
    let sweep = engine::sweep::sweep(&x, &SweepRequest::new(vec![], 2..=10), |_| {}).unwrap();
    assert_eq!(sweep.recommend().unwrap().k, 5);
    let k5 = sweep.scores.iter().find(|s| s.k == 5).unwrap();
    assert!((k5.inertia - 44448.455).abs() < 0.01);
    assert!((k5.silhouette.unwrap() - 0.5539).abs() < 0.0005, "{:?}", k5.silhouette);
}

#[test]
fn the_same_file_with_semicolons_and_a_bom_trains_the_same() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/Mall_Customers.csv");
    let text = std::fs::read_to_string(path).unwrap().replace(',', ";");
    let bytes = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let table = Table::from_csv_bytes(&bytes).unwrap();
    let s = segment_table(&table, &TrainRequest::new(income_spending_columns(&table).unwrap(), 5)).unwrap();
    assert_eq!(s.model, fit(5).model);
}
