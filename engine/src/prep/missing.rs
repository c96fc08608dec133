//! What to do with a customer whose number is missing: leave the customer out (as the original
//! tool does), or give the cell the column's mean or median over the training rows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingRule {
    /// Leave the row out and say why.
    #[default]
    Skip,
    /// The column's mean over the training rows that have a number there.
    Mean,
    /// The column's median (the middle value; the mean of the two middle ones for an even count).
    Median,
}

impl MissingRule {
    pub const ALL: [MissingRule; 3] = [MissingRule::Skip, MissingRule::Mean, MissingRule::Median];

    /// The value used in forms and files.
    pub fn key(self) -> &'static str {
        match self {
            MissingRule::Skip => "skip",
            MissingRule::Mean => "mean",
            MissingRule::Median => "median",
        }
    }

    pub fn from_key(key: &str) -> Option<MissingRule> {
        MissingRule::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            MissingRule::Skip => "Leave the customer out",
            MissingRule::Mean => "Fill with the column's mean",
            MissingRule::Median => "Fill with the column's median",
        }
    }

    /// The value missing cells get, from the numbers present (not empty), or `None` when there are none.
    pub fn fill_value(self, mut present: Vec<f64>) -> Option<f64> {
        if present.is_empty() {
            return None;
        }
        match self {
            MissingRule::Skip => None,
            MissingRule::Mean => Some(present.iter().sum::<f64>() / present.len() as f64),
            MissingRule::Median => {
                present.sort_by(f64::total_cmp);
                Some(crate::stats::quantile_sorted(&present, 0.5))
            }
        }
    }
}
