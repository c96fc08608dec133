//! Parity with scikit-learn on the classic public Mall Customers file (../shared/data).
//!
//! Reference (shared/README.md): scikit-learn 1.9, raw income and spending,
//! `KMeans(n_clusters=k, random_state=2, n_init='auto')`: k=5 inertia 44448.455,
//! sizes 81/39/35/23/22, centroids ≈ (55.30, 49.52) (88.20, 17.11) (26.30, 20.91)
//! (86.54, 82.13) (25.73, 79.36).

use engine::{income_spending_columns, segment_table, KMeansParams, Segmentation, Table};

fn mall() -> Table {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/Mall_Customers.csv"
    );
    let bytes = std::fs::read(path).expect("the classic Mall file is in ../shared/data");
    Table::from_csv_bytes(&bytes).expect("the classic file parses")
}

fn fit(k: usize) -> Segmentation {
    let table = mall();
    let cols = income_spending_columns(&table).unwrap();
    segment_table(&table, &cols, KMeansParams::new(k)).unwrap()
}

fn segment_near(s: &Segmentation, income: f64, spending: f64) -> &engine::Segment {
    s.segments
        .iter()
        .find(|seg| {
            (seg.centroid[0] - income).abs() < 0.5 && (seg.centroid[1] - spending).abs() < 0.5
        })
        .unwrap_or_else(|| panic!("no centroid near ({income}, {spending}): {:?}", s.segments))
}

#[test]
fn reads_all_200_rows_and_five_columns() {
    let t = mall();
    assert_eq!(t.row_count(), 200);
    assert_eq!(t.headers().len(), 5);
    assert_eq!(t.rows()[0][0], "0001", "original cell text is kept");
}

#[test]
fn k5_inertia_matches_scikit_learn() {
    let s = fit(5);
    let expected = 44448.455;
    assert!(
        (s.kmeans.inertia() - expected).abs() / expected < 1e-4,
        "inertia {}",
        s.kmeans.inertia()
    );
}

#[test]
fn k5_cluster_sizes_match_scikit_learn() {
    let mut sizes: Vec<usize> = fit(5).segments.iter().map(|s| s.size).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(sizes, vec![81, 39, 35, 23, 22]);
}

#[test]
fn k5_archetype_names_land_on_the_right_centroids() {
    let s = fit(5);
    assert_eq!(
        segment_near(&s, 55.30, 49.52).label.name,
        "Standard Customers"
    );
    assert_eq!(
        segment_near(&s, 88.20, 17.11).label.name,
        "Sensible Customers"
    );
    assert_eq!(
        segment_near(&s, 26.30, 20.91).label.name,
        "Careful Spenders"
    );
    assert_eq!(segment_near(&s, 86.54, 82.13).label.name, "Target Group");
    assert_eq!(
        segment_near(&s, 25.73, 79.36).label.name,
        "Careless Customers"
    );
}

#[test]
fn k5_is_deterministic_including_ids_and_names() {
    let (a, b) = (fit(5), fit(5));
    assert_eq!(a.kmeans, b.kmeans);
    assert_eq!(a.segments, b.segments);
}

#[test]
fn ids_do_not_depend_on_the_seed() {
    let table = mall();
    let cols = income_spending_columns(&table).unwrap();
    let names = |seed| -> Vec<String> {
        segment_table(&table, &cols, KMeansParams::new(5).seed(seed))
            .unwrap()
            .segments
            .into_iter()
            .map(|s| s.label.name)
            .collect()
    };
    assert_eq!(names(1), names(99));
}
