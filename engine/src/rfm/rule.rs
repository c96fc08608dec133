//! How a customer table was built from order lines, as a model trained on it keeps it: so
//! another month's lines are built into a table the same way before they are classified.

use serde::{Deserialize, Serialize};

use super::{OrderColumns, OrderNames};
use crate::dates::DateOrder;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRule {
    /// The order lines' columns by header.
    pub columns: OrderNames,
    /// The day/month order used when the dates did not decide it themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrder>,
    /// A fixed analysis date (days since 1970-01-01); none: the day after each file's latest
    /// date, so this month's lines are measured to this month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<i64>,
}

impl OrderRule {
    pub fn new(
        columns: OrderColumns,
        headers: &[String],
        date_order: Option<DateOrder>,
        analysis: Option<i64>,
    ) -> OrderRule {
        OrderRule { columns: columns.names(headers), date_order, analysis }
    }
}
