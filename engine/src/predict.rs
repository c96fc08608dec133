//! Assigning customers to the nearest segment centre.

use crate::matrix::{squared_distance, Matrix};

#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Id of the nearest centre (lowest id on a tie).
    pub segment: usize,
    /// Euclidean distance to that centre, in the space of `centers`.
    pub distance: f64,
    /// Distance to every centre, in id order.
    pub distances: Vec<f64>,
    /// 1 − d₁/d₂ with d₁, d₂ the nearest and second-nearest distances: 0 on a boundary, 1 on a centre.
    pub confidence: f64,
}

pub fn predict(centers: &Matrix, point: &[f64]) -> Prediction {
    let distances: Vec<f64> = centers.iter_rows().map(|c| squared_distance(point, c).sqrt()).collect();
    let mut segment = 0;
    for (j, &d) in distances.iter().enumerate() {
        if d < distances[segment] {
            segment = j;
        }
    }
    let d1 = distances[segment];
    let d2 = distances.iter().enumerate().filter(|&(j, _)| j != segment).map(|(_, &d)| d).fold(f64::INFINITY, f64::min);
    let confidence = if d2.is_finite() && d2 > 0.0 { 1.0 - d1 / d2 } else { 1.0 };
    Prediction { segment, distance: d1, distances, confidence }
}

pub fn predict_many(centers: &Matrix, x: &Matrix) -> Vec<Prediction> {
    x.iter_rows().map(|r| predict(centers, r)).collect()
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
    }

    #[test]
    fn confidence_is_zero_on_the_boundary_and_one_on_a_centre() {
        assert_eq!(predict(&two_centres(), &[5.0, 1.0]).confidence, 0.0);
        assert_eq!(predict(&two_centres(), &[10.0, 0.0]).confidence, 1.0);
    }

    #[test]
    fn ties_go_to_the_lowest_id() {
        assert_eq!(predict(&two_centres(), &[5.0, 0.0]).segment, 0);
    }

    #[test]
    fn many_matches_one_by_one() {
        let x = Matrix::from_rows(&[vec![1.0, 0.0], vec![9.0, 0.0]]);
        let got: Vec<usize> = predict_many(&two_centres(), &x).iter().map(|p| p.segment).collect();
        assert_eq!(got, vec![0, 1]);
    }
}
