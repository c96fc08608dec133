//! Text columns with few values (gender, region, channel) as features: each value becomes one
//! coordinate, 1 for the customers who have it and 0 for the others (one-hot), times
//! [`CATEGORY_WEIGHT`].
//!
//! The weight: two customers with different values of a category are then 1 apart on it (two
//! coordinates each differ by 1/√2), as far as two customers one standard deviation apart on a
//! standardised number. So, with standardised (or robust) numbers, one category counts about as
//! much as one number, however many values it has.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::{dataset::Table, features::looks_like_identifier};

/// A text column with more values than this is not offered as a category.
pub const MAX_CATEGORIES: usize = 50;

/// Each one-hot coordinate of a customer's own value: 1/√2.
pub const CATEGORY_WEIGHT: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// A category feature as the model keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// The column's header.
    pub name: String,
    /// Its values as first written in the training file (trimmed), in the order of their keys.
    pub values: Vec<String>,
    /// The share of training customers with each value.
    pub shares: Vec<f64>,
    /// Each one-hot coordinate's value for the customer's own value.
    pub weight: f64,
}

/// How category values are compared: trimmed, without case ("Female", " female " are one value).
pub fn category_key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The value with the most customers in each segment that stands out against all customers,
/// for names: at least [`STANDOUT_SHARE`] of the segment, and [`STANDOUT_LIFT`] more than overall.
pub const STANDOUT_SHARE: f64 = 0.6;
pub const STANDOUT_LIFT: f64 = 0.15;

impl Category {
    /// The value that stands out in a segment with these shares, and its share.
    pub fn standout(&self, mix: &[f64]) -> Option<(usize, f64)> {
        let (best, &share) = mix.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
        (share >= STANDOUT_SHARE && share - self.shares[best] >= STANDOUT_LIFT).then_some((best, share))
    }
}

/// Text columns that can be categories, with their number of distinct values (2 to
/// [`MAX_CATEGORIES`], trimmed, any case, empty cells not counted); id-like columns are not.
/// Big files are judged on [`SAMPLE_ROWS`] evenly spaced rows, as column types are: a value
/// past the 50th met at training stops it with its reason.
pub fn category_columns(table: &Table) -> Vec<(usize, usize)> {
    (0..table.headers().len())
        .filter(|&c| !crate::features::is_identifier_header(&table.headers()[c]))
        .filter(|&c| !table.is_numeric_column(c) || crate::features::is_code(table, c))
        .filter_map(|c| distinct_values(table, c).map(|n| (c, n)))
        .filter(|&(c, n)| n >= 2 && !looks_like_identifier(table, c))
        .collect()
}

/// Rows examined when looking for categories.
pub const SAMPLE_ROWS: usize = 10_000;

/// How many values column `col` holds (in the rows examined), if at most [`MAX_CATEGORIES`].
fn distinct_values(table: &Table, col: usize) -> Option<usize> {
    // Cells are compared as written first (no allocation per row); only new spellings are keyed.
    let mut spellings: HashMap<&str, ()> = HashMap::new();
    let mut keys: HashMap<String, ()> = HashMap::new();
    let step = table.row_count().div_ceil(SAMPLE_ROWS).max(1);
    for row in (0..table.row_count()).step_by(step) {
        if table.shape_error(row).is_some() {
            continue;
        }
        let text = table.cell(row, col).trim();
        if text.is_empty() || spellings.contains_key(text) {
            continue;
        }
        spellings.insert(text, ());
        keys.insert(category_key(text), ());
        if keys.len() > MAX_CATEGORIES || spellings.len() > 4 * MAX_CATEGORIES {
            return None;
        }
    }
    Some(keys.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_columns_with_few_values_are_categories_and_ids_are_not() {
        let mut text = String::from("id,Genre,Name,Age\n");
        for i in 0..60 {
            let genre = [" Female", "male", "MALE ", "female"][i % 4];
            text += &format!("C{i},{genre},Person {i},{}\n", 20 + i);
        }
        let t = Table::from_csv_bytes(text.as_bytes()).unwrap();
        assert_eq!(category_columns(&t), vec![(1, 2)], "Genre: 2 values; Name: 60; id is an id; Age a number");
    }

    #[test]
    fn two_customers_of_different_values_are_one_apart() {
        let d = (2.0 * CATEGORY_WEIGHT * CATEGORY_WEIGHT).sqrt();
        assert!((d - 1.0).abs() < 1e-15);
    }
}
