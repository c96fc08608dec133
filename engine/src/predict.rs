//! Assigning customers to the nearest segment centre: one rule for the nearest centre, the
//! runner-up and the confidence, used by Predict, the model's `classify` and batch files.

use crate::matrix::{squared_distance, Matrix};

#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Index of the nearest centre (lowest index on a tie).
    pub segment: usize,
    /// Euclidean distance to that centre, in the space of `centres`.
    pub distance: f64,
    /// Distance to every centre, in index order.
    pub distances: Vec<f64>,
    /// 1 − d₁/d₂ with d₁, d₂ the nearest and second-nearest distances: 0 on a boundary, 1 on a centre.
    pub confidence: f64,
    /// The second-nearest centre, if there is one.
    pub runner_up: Option<usize>,
}

/// Below this confidence a customer is borderline: nearly as close to another segment's centre.
pub const BORDERLINE: f64 = 0.2;

/// The nearest of some distances, the runner-up and how sure the choice is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest {
    /// The smallest distance's index, the lowest on a tie.
    pub index: usize,
    /// The smallest distance's index among the others, the lowest on a tie.
    pub runner_up: Option<usize>,
    /// 1 − d₁/d₂: 0 on a boundary, 1 on a centre (and when there is no second centre).
    pub confidence: f64,
}

impl Nearest {
    /// Ranks `distances` (not empty) in one pass.
    pub fn of(distances: &[f64]) -> Nearest {
        let (mut index, mut runner_up) = (0, None::<usize>);
        for (j, &d) in distances.iter().enumerate().skip(1) {
            if d < distances[index] {
                runner_up = Some(index);
                index = j;
            } else if runner_up.is_none_or(|r| d < distances[r]) {
                runner_up = Some(j);
            }
        }
        let d2 = runner_up.map_or(f64::INFINITY, |r| distances[r]);
        let confidence = if d2.is_finite() && d2 > 0.0 { 1.0 - distances[index] / d2 } else { 1.0 };
        Nearest { index, runner_up, confidence }
    }
}

pub fn predict(centres: &Matrix, point: &[f64]) -> Prediction {
    let distances: Vec<f64> = centres.iter_rows().map(|c| squared_distance(point, c).sqrt()).collect();
    let Nearest { index, runner_up, confidence } = Nearest::of(&distances);
    Prediction { segment: index, distance: distances[index], distances, confidence, runner_up }
}

pub fn predict_many(centres: &Matrix, x: &Matrix) -> Vec<Prediction> {
    x.iter_rows().map(|r| predict(centres, r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_centres() -> Matrix {
        Matrix::from_rows(&[vec![0.0, 0.0], vec![10.0, 0.0]])
    }

    #[test]
    fn nearest_centre_and_distance() {
        let p = predict(&two_centres(), &[3.0, 4.0]);
        assert_eq!(p.segment, 0);
        assert_eq!(p.distance, 5.0);
        assert_eq!(p.distances.len(), 2);
        assert_eq!(p.runner_up, Some(1));
    }

    #[test]
    fn confidence_is_zero_on_the_boundary_and_one_on_a_centre() {
        assert_eq!(predict(&two_centres(), &[5.0, 1.0]).confidence, 0.0);
        assert_eq!(predict(&two_centres(), &[10.0, 0.0]).confidence, 1.0);
    }

    #[test]
    fn ties_go_to_the_lowest_index() {
        assert_eq!(predict(&two_centres(), &[5.0, 0.0]).segment, 0);
        let n = Nearest::of(&[3.0, 1.0, 2.0, 1.0, 2.0]);
        assert_eq!((n.index, n.runner_up), (1, Some(3)));
        let n = Nearest::of(&[2.0, 5.0, 2.0, 1.0]);
        assert_eq!((n.index, n.runner_up, n.confidence), (3, Some(0), 0.5));
    }

    #[test]
    fn one_centre_has_no_runner_up_and_full_confidence() {
        assert_eq!(Nearest::of(&[4.0]), Nearest { index: 0, runner_up: None, confidence: 1.0 });
    }

    #[test]
    fn the_one_pass_ranking_is_the_sort() {
        let mut rng = crate::rng::Rng::new(5);
        for _ in 0..2_000 {
            let d: Vec<f64> = (0..1 + rng.below(8)).map(|_| rng.below(4) as f64).collect();
            let mut order: Vec<usize> = (0..d.len()).collect();
            order.sort_by(|&a, &b| d[a].total_cmp(&d[b]).then(a.cmp(&b)));
            let n = Nearest::of(&d);
            assert_eq!((n.index, n.runner_up), (order[0], order.get(1).copied()), "{d:?}");
        }
    }

    #[test]
    fn many_matches_one_by_one() {
        let x = Matrix::from_rows(&[vec![1.0, 0.0], vec![9.0, 0.0]]);
        let got: Vec<usize> = predict_many(&two_centres(), &x).iter().map(|p| p.segment).collect();
        assert_eq!(got, vec![0, 1]);
    }
}
