//! Public clustering benchmarks with known answers: P. Fränti's SIPU sets S1 (15 clusters),
//! A1 (20) and unbalance (8 of very different sizes), from the `gagolews/clustering-data-v1`
//! collection (tests/data/sipu, see its README), the classic Mall file and scikit-learn's wine
//! data standardised (tests/data/wine.data).
//!
//! scikit-learn 1.9.1's figures, from `KMeans(n_clusters=k, n_init=20, random_state=0).fit(X)`
//! on the same files (X = np.loadtxt('tests/data/sipu/NAME.data')):
//! S1 k=15 inertia 8917615616867.258; A1 k=20 12146257522.2589; unbalance k=8 214492062847.6831.

use engine::{
    sweep::{sweep, Criterion, SweepRequest},
    KMeans, KMeansParams, Matrix, Scaler, ScalingKind,
};

fn numbers(path: &str) -> Vec<Vec<f64>> {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(|c: char| c.is_whitespace() || c == ',')
                .filter(|c| !c.is_empty())
                .map(|c| c.parse().unwrap())
                .collect()
        })
        .collect()
}

fn sipu(name: &str) -> (Matrix, Vec<usize>) {
    let x = Matrix::from_rows(&numbers(&format!("tests/data/sipu/{name}.data")));
    let labels = numbers(&format!("tests/data/sipu/{name}.labels0")).into_iter().map(|r| r[0] as usize).collect();
    (x, labels)
}

/// The mean of each labelled cluster (labels 1..=k).
fn true_centres(x: &Matrix, labels: &[usize]) -> Matrix {
    let k = *labels.iter().max().unwrap();
    let mut sums = vec![vec![0.0; x.dim()]; k];
    let mut counts = vec![0.0; k];
    for (row, &l) in x.iter_rows().zip(labels) {
        counts[l - 1] += 1.0;
        sums[l - 1].iter_mut().zip(row).for_each(|(s, v)| *s += v);
    }
    Matrix::from_rows(&sums.iter().zip(&counts).map(|(s, c)| s.iter().map(|v| v / c).collect()).collect::<Vec<_>>())
}

/// Fränti & Sieranoja's centroid index (2018): map every centre of one set to its nearest in the
/// other; CI counts the centres of the other set that nobody maps to; the larger of both directions.
fn centroid_index(a: &Matrix, b: &Matrix) -> usize {
    let orphans = |from: &Matrix, to: &Matrix| {
        let mut hit = vec![false; to.rows()];
        for c in from.iter_rows() {
            let nearest = (0..to.rows())
                .min_by(|&i, &j| {
                    engine::matrix::squared_distance(c, to.row(i))
                        .total_cmp(&engine::matrix::squared_distance(c, to.row(j)))
                })
                .unwrap();
            hit[nearest] = true;
        }
        hit.iter().filter(|h| !**h).count()
    };
    orphans(a, b).max(orphans(b, a))
}

fn fit(x: &Matrix, k: usize) -> KMeans {
    KMeans::fit(&KMeansParams::new(k).check().unwrap(), x).unwrap()
}

#[test]
fn s1_and_a1_reach_the_ground_truth_with_scikit_learn_s_inertia() {
    for (name, k, sklearn) in
        [("s1", 15, 8917615616867.258), ("a1", 20, 12146257522.2589), ("unbalance", 8, 214492062847.6831)]
    {
        let (x, labels) = sipu(name);
        let m = fit(&x, k);
        assert_eq!(centroid_index(m.centres(), &true_centres(&x, &labels)), 0, "{name}: a centre is misplaced");
        let ratio = m.inertia() / sklearn;
        assert!(ratio <= 1.005, "{name}: inertia {} is {:.4} × scikit-learn's", m.inertia(), ratio);
    }
}

#[test]
fn the_centroid_index_counts_a_misplaced_centre() {
    let truth = Matrix::from_rows(&[vec![0.0, 0.0], vec![10.0, 0.0], vec![0.0, 10.0]]);
    // Two centres in one cluster, none in another.
    let found = Matrix::from_rows(&[vec![0.0, 0.0], vec![0.5, 0.0], vec![0.0, 10.0]]);
    assert_eq!(centroid_index(&found, &truth), 1);
    assert_eq!(centroid_index(&truth, &truth), 0);
}

/// The recommendation over k = 2..25 and what each criterion picks.
fn recommended(x: &Matrix) -> (usize, Vec<(Criterion, usize)>) {
    let s = sweep(x, &SweepRequest::new(vec![], 2..=25), |_| {}).unwrap();
    let r = s.recommend().unwrap();
    (r.k, r.picks)
}

#[test]
fn the_recommendation_finds_the_true_k_on_the_benchmarks() {
    for (name, k) in [("s1", 15), ("a1", 20), ("unbalance", 8)] {
        let (got, picks) = recommended(&sipu(name).0);
        assert_eq!(got, k, "{name}: {picks:?}");
    }
}

#[test]
fn the_recommendation_stays_5_on_the_mall_file_and_3_on_wine() {
    let mall: Vec<Vec<f64>> = {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/Mall_Customers.csv");
        let t = engine::Table::from_csv_bytes(&std::fs::read(path).unwrap()).unwrap();
        let columns = engine::income_spending_columns(&t).unwrap();
        let extraction = engine::prep::read_for_training(&t, &columns, &Default::default()).unwrap().extraction;
        assert_eq!(extraction.skipped, [], "every customer has both numbers");
        extraction.matrix.to_rows()
    };
    assert_eq!(recommended(&Matrix::from_rows(&mall)).0, 5);
    let wine = Matrix::from_rows(&numbers("tests/data/wine.data"));
    let standard = Scaler::fit(ScalingKind::Standard, &wine).transform(&wine);
    assert_eq!(recommended(&standard).0, 3);
}
