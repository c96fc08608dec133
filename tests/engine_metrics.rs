//! Metrics against hand-computed tiny examples.

use engine::{
    metrics::{calinski_harabasz, davies_bouldin, silhouette, silhouette_sampled},
    rng::Rng,
    sweep::{sweep, Criterion, SweepRequest},
    Matrix,
};

/// Two clusters on a line: {0, 2} and {10, 12}; centres 1 and 11.
fn line() -> (Matrix, Vec<usize>, Matrix) {
    (
        Matrix::from_rows(&[vec![0.0], vec![2.0], vec![10.0], vec![12.0]]),
        vec![0, 0, 1, 1],
        Matrix::from_rows(&[vec![1.0], vec![11.0]]),
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn silhouette_by_hand() {
    // Point 0: a = 2, b = (10 + 12) / 2 = 11 → 9/11. Point 1: a = 2, b = 9 → 7/9. Symmetric for the others.
    let (x, labels, _) = line();
    let expected = (9.0 / 11.0 + 7.0 / 9.0) / 2.0;
    assert!(close(silhouette(&x, &labels, 2).unwrap(), expected));
}

#[test]
fn silhouette_singleton_scores_zero() {
    let x = Matrix::from_rows(&[vec![0.0], vec![2.0], vec![10.0]]);
    // Points 0 and 1: a = 2, b = 10 and 8 → 0.8, 0.75; point 2 alone → 0.
    assert!(close(silhouette(&x, &[0, 0, 1], 2).unwrap(), (0.8 + 0.75) / 3.0));
}

#[test]
fn silhouette_is_undefined_for_one_cluster_or_all_singletons() {
    let (x, _, _) = line();
    assert_eq!(silhouette(&x, &[0, 0, 0, 0], 1), None);
    assert_eq!(silhouette(&x, &[0, 1, 2, 3], 4), None);
}

#[test]
fn small_data_silhouette_is_exact() {
    let (x, labels, _) = line();
    let (s, rows) = silhouette_sampled(&x, &labels, 2, 1, 10);
    assert_eq!(rows, 4);
    assert_eq!(s, silhouette(&x, &labels, 2));
}

/// The definition, point by point: every distance measured twice, summed in row order.
fn silhouette_by_definition(x: &Matrix, labels: &[usize], k: usize) -> f64 {
    let sizes: Vec<usize> = (0..k).map(|c| labels.iter().filter(|&&l| l == c).count()).collect();
    let mut total = 0.0;
    for (i, &own) in labels.iter().enumerate() {
        let mut sums = vec![0.0; k];
        for (j, &l) in labels.iter().enumerate() {
            sums[l] += x.row(i).iter().zip(x.row(j)).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt();
        }
        if sizes[own] > 1 {
            let a = sums[own] / (sizes[own] - 1) as f64;
            let b = (0..k)
                .filter(|&c| c != own && sizes[c] > 0)
                .map(|c| sums[c] / sizes[c] as f64)
                .fold(f64::INFINITY, f64::min);
            if a.max(b) > 0.0 {
                total += (b - a) / a.max(b);
            }
        }
    }
    total / labels.len() as f64
}

#[test]
fn tiled_silhouette_agrees_with_the_definition() {
    // Sizes around the tiles (64 rows, 512 columns) and the four lanes; 1 to 4 features;
    // empty, single-point and duplicate-point clusters.
    for (case, &(n, dim, k)) in
        [(7, 1, 3), (65, 2, 3), (513, 3, 5), (1_031, 2, 8), (2_000, 4, 4), (600, 2, 12)].iter().enumerate()
    {
        let mut rng = Rng::new(case as u64);
        let mut values: Vec<f64> = (0..n * dim).map(|_| (rng.next_f64() * 20.0).round() / 2.0).collect();
        values.copy_within(..dim, dim);
        let x = Matrix::new(values, dim);
        // Cluster k − 1 stays empty; cluster 0 holds only the first point.
        let labels: Vec<usize> = (0..n).map(|i| if i == 0 { 0 } else { 1 + rng.below(k - 2) }).collect();
        let tiled = silhouette(&x, &labels, k).unwrap();
        let reference = silhouette_by_definition(&x, &labels, k);
        assert!((tiled - reference).abs() < 1e-12, "case {case}: {tiled} vs {reference}");
    }
}

#[test]
fn calinski_harabasz_by_hand() {
    // Between: 2·(1−6)² + 2·(11−6)² = 100 over k−1 = 1; within: 4·1 = 4 over n−k = 2 → 50.
    let (x, labels, centres) = line();
    assert!(close(calinski_harabasz(&x, &labels, &centres).unwrap(), 50.0));
}

#[test]
fn davies_bouldin_by_hand() {
    // Spreads 1 and 1, centre distance 10 → (1 + 1) / 10 for both clusters.
    let (x, labels, centres) = line();
    assert!(close(davies_bouldin(&x, &labels, &centres).unwrap(), 0.2));
}

#[test]
fn sweep_scores_every_k_and_says_what_each_criterion_picks() {
    let (x, _, _) = line();
    let s = sweep(&x, &SweepRequest::new(vec![], 2..=3), |_| {}).unwrap();
    assert_eq!(s.scores.iter().map(|s| s.k).collect::<Vec<_>>(), vec![2, 3]);
    let r = s.recommend().unwrap();
    assert_eq!(r.k, 2);
    assert!(r.picks.contains(&(Criterion::Silhouette, 2)), "{:?}", r.picks);
    assert!(
        r.reason.starts_with(&format!("{} of {} criteria pick k = 2 (silhouette", r.agreeing, r.picks.len())),
        "{}",
        r.reason
    );
}

#[test]
fn exact_silhouette_of_a_model_is_the_training_figure_on_small_files_and_near_the_sample_on_big_ones() {
    use engine::{segment_table, segmentation::exact_silhouette, FitSettings, ScalingKind, Table, TrainRequest};
    let table_of = |rows: usize| {
        let mut rng = Rng::new(rows as u64);
        let mut csv = String::from("id,income,spending\n");
        for i in 0..rows {
            let c = rng.below(4) as f64;
            let line = format!(
                "{i},{:.2},{:.2}\n",
                20.0 + 25.0 * c + rng.next_f64() * 18.0,
                90.0 - 20.0 * c + rng.next_f64() * 15.0
            );
            csv.push_str(&line);
        }
        Table::from_csv_bytes(csv.as_bytes()).unwrap()
    };
    for rows in [3_000, 24_000] {
        let table = table_of(rows);
        let request =
            TrainRequest::from(FitSettings { scaling: ScalingKind::Standard, ..FitSettings::new(vec![1, 2], 4) });
        let model = segment_table(&table, &request).unwrap().model;
        let mut seen = Vec::new();
        let (exact, scored) = exact_silhouette(&model, &table, &mut |p| seen.push(p)).unwrap();
        let (exact, sampled) = (exact.unwrap().mean, model.training.silhouette.unwrap());
        assert_eq!(scored, rows);
        assert_eq!(seen.last(), Some(&1.0));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "progress only grows");
        if rows <= engine::metrics::SILHOUETTE_EXACT_LIMIT {
            assert_eq!(exact, sampled, "all rows were the sample");
        } else {
            assert_eq!(model.training.silhouette_rows, engine::metrics::SILHOUETTE_EXACT_LIMIT);
            assert!((exact - sampled).abs() < 0.01, "{exact} vs sampled {sampled}");
        }
    }
    let other = Table::from_csv_bytes(b"age\n30\n").unwrap();
    let model = segment_table(&table_of(50), &TrainRequest::new(vec![1, 2], 2)).unwrap().model;
    assert_eq!(exact_silhouette(&model, &other, &mut |_| {}).unwrap_err(), vec!["income", "spending"]);
}
