//! Metrics against hand-computed tiny examples.

use engine::{
    metrics::{calinski_harabasz, davies_bouldin, silhouette, silhouette_sampled},
    sweep::sweep,
    KMeansParams, Matrix,
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
    let (s, rows) = silhouette_sampled(&x, &labels, 2, 1);
    assert_eq!(rows, 4);
    assert_eq!(s, silhouette(&x, &labels, 2));
}

#[test]
fn calinski_harabasz_by_hand() {
    // Between: 2·(1−6)² + 2·(11−6)² = 100 over k−1 = 1; within: 4·1 = 4 over n−k = 2 → 50.
    let (x, labels, centers) = line();
    assert!(close(calinski_harabasz(&x, &labels, &centers).unwrap(), 50.0));
}

#[test]
fn davies_bouldin_by_hand() {
    // Spreads 1 and 1, centre distance 10 → (1 + 1) / 10 for both clusters.
    let (x, labels, centers) = line();
    assert!(close(davies_bouldin(&x, &labels, &centers).unwrap(), 0.2));
}

#[test]
fn sweep_scores_every_k_and_recommends_the_best_silhouette() {
    let (x, _, _) = line();
    let s = sweep(&x, 2..=3, KMeansParams::new(2), |_| {}).unwrap();
    assert_eq!(s.scores.iter().map(|s| s.k).collect::<Vec<_>>(), vec![2, 3]);
    let r = s.recommend().unwrap();
    assert_eq!(r.k, 2);
    assert!(r.reason.contains("runner-up is k = 3"), "{}", r.reason);
}
