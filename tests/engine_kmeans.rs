//! k-means: hand-computed oracles, invariants and determinism.

use engine::{predict_many, sweep::SweepRequest, FitError, KMeans, KMeansParams, Matrix};

fn fit(x: &Matrix, k: usize) -> KMeans {
    KMeans::fit(&KMeansParams::new(k).check().unwrap(), x).unwrap()
}

/// Three tight blobs whose means are (0,0), (10,0) and (0,10).
fn blobs() -> Matrix {
    let mut rows = Vec::new();
    for (cx, cy) in [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)] {
        for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
            rows.push(vec![cx + dx, cy + dy]);
        }
    }
    Matrix::from_rows(&rows)
}

/// A spread of 300 pseudo-random points, for invariants.
fn cloud() -> Matrix {
    let mut rng = engine::rng::Rng::new(11);
    Matrix::from_rows(&(0..300).map(|_| vec![rng.next_f64() * 100.0, rng.next_f64() * 50.0]).collect::<Vec<_>>())
}

#[test]
fn finds_hand_computed_centres_and_inertia() {
    let m = fit(&blobs(), 3);
    // Stable order: by first coordinate, then second.
    assert_eq!(m.centres().to_rows(), vec![vec![0.0, 0.0], vec![0.0, 10.0], vec![10.0, 0.0]]);
    assert_eq!(m.inertia(), 12.0);
    assert_eq!(m.labels()[..4], [0, 0, 0, 0]);
}

#[test]
fn one_cluster_is_the_mean() {
    let x = Matrix::from_rows(&[vec![1.0], vec![2.0], vec![6.0]]);
    let m = fit(&x, 1);
    assert_eq!(m.centres().row(0), &[3.0]);
    assert_eq!(m.inertia(), 14.0);
}

#[test]
fn no_centre_is_closer_than_the_assigned_one() {
    let x = cloud();
    let m = fit(&x, 6);
    for (row, &label) in x.iter_rows().zip(m.labels()) {
        let d = |j: usize| engine::matrix::squared_distance(row, m.centres().row(j));
        assert!((0..6).all(|j| d(label) <= d(j)));
    }
}

#[test]
fn every_centre_is_the_mean_of_its_members() {
    let x = cloud();
    let m = fit(&x, 4);
    for j in 0..4 {
        let members: Vec<&[f64]> = x.iter_rows().zip(m.labels()).filter(|(_, &l)| l == j).map(|(r, _)| r).collect();
        assert!(!members.is_empty(), "no empty cluster");
        for d in 0..2 {
            let mean = members.iter().map(|r| r[d]).sum::<f64>() / members.len() as f64;
            assert!((mean - m.centres().row(j)[d]).abs() < 1e-9);
        }
    }
}

#[test]
fn inertia_is_the_sum_of_squared_distances() {
    let x = cloud();
    let m = fit(&x, 5);
    let sum: f64 =
        x.iter_rows().zip(m.labels()).map(|(r, &l)| engine::matrix::squared_distance(r, m.centres().row(l))).sum();
    assert!((sum - m.inertia()).abs() < 1e-9 * sum);
}

#[test]
fn same_seed_same_bits_other_seed_same_optimum() {
    let x = cloud();
    let a = KMeans::fit(&KMeansParams::new(4).seed(9).check().unwrap(), &x).unwrap();
    let b = KMeans::fit(&KMeansParams::new(4).seed(9).check().unwrap(), &x).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.inertia().to_bits(), b.inertia().to_bits());
    // Another seed starts elsewhere but, on three clear blobs, finds the same optimum.
    let x = blobs();
    let (a, c) = (fit(&x, 3), KMeans::fit(&KMeansParams::new(3).seed(77).check().unwrap(), &x).unwrap());
    assert_ne!(KMeansParams::new(3).seed, 77);
    assert_eq!((a.centres(), a.labels(), a.inertia()), (c.centres(), c.labels(), c.inertia()));
}

/// scikit-learn warns and returns an empty cluster; a segment with no customers has no
/// averages to show or save, so it is refused with the number that would work.
#[test]
fn more_clusters_than_distinct_points_is_an_error_that_says_how_many() {
    let x = Matrix::from_rows(&[vec![1.0], vec![1.0], vec![1.0], vec![5.0]]);
    let e = KMeans::fit(&KMeansParams::new(3).check().unwrap(), &x).unwrap_err();
    assert_eq!(e, FitError::EmptySegment { clusters: 3, distinct: 2 });
    assert!(e.to_string().contains("Choose at most 2 segments"), "{e}");
    assert_eq!(fit(&x, 2).inertia(), 0.0);
}

#[test]
fn a_sweep_stops_where_segments_would_be_empty() {
    let x = Matrix::from_rows(&[vec![1.0], vec![1.0], vec![2.0], vec![5.0], vec![5.0]]);
    let s = engine::sweep::sweep(&x, &SweepRequest::new(vec![], 2..=4), |_| {}).unwrap();
    assert_eq!(s.scores.iter().map(|s| s.k).collect::<Vec<_>>(), [2, 3]);
    assert!(s.stopped.unwrap().reason.contains("only 3 different customers"));
}

#[test]
fn fewer_samples_than_clusters_is_an_error_that_names_both() {
    let x = Matrix::from_rows(&[vec![1.0], vec![2.0]]);
    let e = KMeans::fit(&KMeansParams::new(3).check().unwrap(), &x).unwrap_err();
    assert_eq!(e, FitError::TooFewSamples { samples: 2, clusters: 3 });
    assert!(e.to_string().contains("n_samples=2 should be >= n_clusters=3"));
}

#[test]
fn non_finite_data_is_rejected() {
    let x = Matrix::from_rows(&[vec![1.0], vec![f64::NAN]]);
    assert_eq!(KMeans::fit(&KMeansParams::new(1).check().unwrap(), &x).unwrap_err(), FitError::NonFiniteData);
}

#[test]
fn max_iter_one_stops_after_one_iteration() {
    let m = KMeans::fit(&KMeansParams::new(5).max_iter(1).check().unwrap(), &cloud()).unwrap();
    assert_eq!(m.n_iter(), 1);
}

#[test]
fn predicting_the_training_data_gives_the_training_labels() {
    let x = cloud();
    let m = fit(&x, 5);
    let predicted: Vec<usize> = predict_many(m.centres(), &x).iter().map(|p| p.segment).collect();
    assert_eq!(predicted, m.labels());
}

/// Seeded blobs of various shapes: `n` points in `dim` dimensions around `centres` centres.
fn seeded_blobs(seed: u64, n: usize, dim: usize, centres: usize) -> Matrix {
    let mut rng = engine::rng::Rng::new(seed);
    let means: Vec<f64> = (0..centres * dim).map(|_| rng.next_f64() * 100.0).collect();
    let values = (0..n)
        .flat_map(|_| {
            let c = rng.below(centres);
            (0..dim).map(|j| means[c * dim + j] + (rng.next_f64() - 0.5) * 30.0).collect::<Vec<_>>()
        })
        .collect();
    Matrix::new(values, dim)
}

#[test]
fn hamerly_bounds_give_exactly_plain_lloyds_labels_centres_and_inertia() {
    use engine::kmeans::Assignment;
    let mut cases = 0;
    for seed in 0..12u64 {
        for (n, dim, blobs, k) in
            [(500, 2, 5, 5), (2_000, 3, 4, 6), (1_500, 5, 8, 3), (300, 1, 3, 7), (25_000, 2, 5, 5)]
        {
            let x = seeded_blobs(seed, n, dim, blobs);
            let params = KMeansParams::new(k).n_init(3).seed(seed).check().unwrap();
            let plain = KMeans::fit_with_progress(&params, &x, Assignment::Lloyd, &mut |_| {}).unwrap();
            let bounded = KMeans::fit_with_progress(&params, &x, Assignment::Hamerly, &mut |_| {}).unwrap();
            assert_eq!(plain.labels(), bounded.labels(), "seed {seed} n {n} dim {dim} k {k}");
            assert_eq!(plain.centres(), bounded.centres(), "seed {seed} n {n} dim {dim} k {k}");
            assert_eq!(plain.inertia().to_bits(), bounded.inertia().to_bits(), "seed {seed} n {n}");
            assert_eq!(plain.n_iter(), bounded.n_iter());
            cases += 1;
        }
    }
    assert_eq!(cases, 60);
}

#[test]
fn big_data_starts_on_a_sample_and_lands_where_every_start_on_all_rows_does() {
    use engine::kmeans::{FitStep, START_SAMPLE_ROWS};
    let x = seeded_blobs(3, START_SAMPLE_ROWS * 3, 2, 5);
    let params = KMeansParams::new(5).n_init(4).check().unwrap();
    let mut steps = Vec::new();
    let sampled = KMeans::fit_with_progress(&params, &x, Default::default(), &mut |s| steps.push(s)).unwrap();
    assert_eq!(steps.last(), Some(&FitStep::Refining { rows: x.rows() }));
    assert_eq!(steps.iter().filter(|s| matches!(s, FitStep::Start { .. })).count(), 4);
    // The same starts on every row (what the engine did before sampling) reach the same optimum.
    let full_starts: Vec<f64> = (0..4)
        .map(|s| KMeans::fit(&KMeansParams::new(5).n_init(1).seed(s).check().unwrap(), &x).unwrap().inertia())
        .collect();
    let best_full = full_starts.iter().copied().fold(f64::INFINITY, f64::min);
    assert!((sampled.inertia() - best_full).abs() / best_full < 1e-3, "{} vs {best_full}", sampled.inertia());
}

#[test]
fn a_sweep_split_in_two_shares_merges_into_the_whole_sweep() {
    use engine::sweep::{split_ks, sweep, sweep_ks, Sweep};
    assert_eq!(split_ks(&[2, 3, 4, 5, 6, 7, 8, 9, 10]), [vec![2, 3, 6, 7, 10], vec![4, 5, 8, 9]]);
    assert_eq!(split_ks(&[3]), [vec![3], vec![]]);
    let mut rng = engine::rng::Rng::new(5);
    let blobs = Matrix::new((0..2 * 3_000).map(|i| (i % 7) as f64 * 3.0 + rng.next_f64()).collect(), 2);
    // Only 3 distinct customers: every k from 4 leaves a segment empty, whichever share meets it first.
    let three = Matrix::from_rows(&[vec![1.0], vec![1.0], vec![2.0], vec![5.0], vec![5.0]]);
    for (x, ks) in [(&blobs, 2..=10), (&three, 2..=4), (&three, 3..=4)] {
        let whole = sweep(x, &SweepRequest::new(vec![], ks.clone()), |_| {}).unwrap();
        let shares =
            split_ks(&ks.collect::<Vec<_>>()).map(|share| sweep_ks(x, &share, KMeansParams::new(2), |_| {}).unwrap());
        assert_eq!(Sweep::merge(shares.to_vec()), Ok(whole.clone()));
        assert_eq!(Sweep::merge(shares.into_iter().rev().collect()), Ok(whole));
    }
    let share = sweep_ks(&three, &[4], KMeansParams::new(2), |_| {}).unwrap();
    assert!(share.scores.is_empty());
    assert!(Sweep::merge(vec![share]).unwrap_err().contains("only 3 different customers"));
}

#[test]
fn a_sweep_checks_its_range_and_the_rows_with_the_engine_s_errors() {
    use engine::{
        kmeans::MAX_CLUSTERS,
        sweep::{sweep, sweep_ks},
    };
    let x = cloud();
    let backwards = sweep(&x, &SweepRequest { k_from: 6, k_to: 3, ..SweepRequest::new(vec![], 2..=3) }, |_| {});
    assert_eq!(backwards.unwrap_err(), FitError::EmptyKRange { from: 6, to: 3 });
    let one = sweep(&x, &SweepRequest::new(vec![], 1..=3), |_| {});
    assert_eq!(one.unwrap_err(), FitError::KOutOfRange { k: 1, max: MAX_CLUSTERS });
    let past = sweep_ks(&x, &[MAX_CLUSTERS + 1], KMeansParams::new(2), |_| {});
    assert_eq!(past.unwrap_err(), FitError::KOutOfRange { k: MAX_CLUSTERS + 1, max: MAX_CLUSTERS });
    let few = Matrix::from_rows(&[vec![1.0], vec![2.0], vec![3.0], vec![4.0]]);
    let e = sweep(&few, &SweepRequest::new(vec![], 2..=4), |_| {}).unwrap_err();
    assert_eq!(e, FitError::TooFewRowsForSweep { rows: 4, k: 4 });
    assert!(e.to_string().contains("the data has 4"), "{e}");
}

#[test]
fn training_from_a_sweep_uses_every_setting_it_compared() {
    let mut request = SweepRequest::new(vec![2, 0], 2..=9);
    request.fit.scaling = engine::ScalingKind::MinMax;
    request.fit.params = KMeansParams::new(2).n_init(3).max_iter(7).tol(1e-6).seed(41);
    let train = request.train(4).fit;
    assert_eq!((train.columns, train.scaling), (vec![2, 0], engine::ScalingKind::MinMax));
    assert_eq!(train.params, KMeansParams::new(4).n_init(3).max_iter(7).tol(1e-6).seed(41));
}

#[test]
fn requests_keep_their_settings_at_the_top_of_their_json() {
    // One FitSettings inside each request, flattened: the messages between page and worker keep
    // their shape, and the k-means settings are named as in the model file.
    let sweep = serde_json::to_value(SweepRequest::new(vec![3, 4], 2..=10)).unwrap();
    let mut keys: Vec<&str> = sweep.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["columns", "k_from", "k_to", "params", "prep", "scaling"]);
    assert_eq!(sweep["params"]["k"], 2);
    let train = serde_json::to_value(engine::TrainRequest::new(vec![3, 4], 5)).unwrap();
    let mut keys: Vec<&str> = train.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["columns", "created_at", "params", "prep", "scaling", "silhouette", "source"]);
    // Parameters written as `n_clusters` (before they were named as in the model file) still read.
    let params: KMeansParams =
        serde_json::from_str(r#"{"n_clusters": 4, "n_init": 3, "seed": 41, "max_iter": 7, "tol": 1e-6}"#).unwrap();
    assert_eq!(params, KMeansParams::new(4).n_init(3).max_iter(7).tol(1e-6).seed(41));
}
