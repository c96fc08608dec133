//! Order lines into a customer table (issue 19): for each customer, how recently they bought,
//! how often and how much — one pass over the lines, memory growing with the customers, not
//! the lines, so the lines can arrive in chunks of a file never held whole.
//!
//! The rules:
//! - a line with an empty customer is left out and counted;
//! - a line is a cancellation when its quantity (or amount) is negative or its order id starts
//!   with `C`; cancellations subtract from Monetary and are not orders;
//! - Recency = calendar days from the customer's last non-cancelled line to the analysis date;
//!   Frequency = distinct non-cancelled orders (lines, without an order column); Monetary = the
//!   sum of quantity × price (or amount) over all the customer's lines; Tenure = calendar days
//!   from the customer's first line to the analysis date;
//! - a customer with only cancellations is left out and counted; one whose net Monetary is zero
//!   or less is kept and counted.
//!
//! Dates in day/month fields are read both ways as they stream in (each customer keeps its first
//! and last day under either reading), and the file's order is chosen at the end from all of
//! them ([`crate::dates::OrderEvidence`]).

use std::collections::{HashMap, HashSet};

use crate::{
    dataset::{parse_number, Decimal},
    dates::{DateOrder, OrderEvidence, Written},
};

/// Where the order lines' fields are, by column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderColumns {
    pub customer: usize,
    pub date: usize,
    pub order: Option<usize>,
    /// The line's amount; else quantity × price.
    pub amount: Option<usize>,
    pub quantity: Option<usize>,
    pub price: Option<usize>,
}

/// A line that cannot be read, with the cell to name.
#[derive(Debug, Clone, PartialEq)]
pub struct LineProblem {
    pub line: u64,
    pub column: usize,
    pub value: String,
    pub why: &'static str,
}

/// A day under both readings of a day/month date (the same for ISO and serial dates).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Both {
    day_first: Option<i64>,
    month_first: Option<i64>,
}

impl Both {
    fn of(written: Written) -> Both {
        Both {
            day_first: written.day(Some(DateOrder::DayFirst)).ok(),
            month_first: written.day(Some(DateOrder::MonthFirst)).ok(),
        }
    }
}

/// Earliest and latest of a customer's days, under each reading.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    day_first: Option<(i64, i64)>,
    month_first: Option<(i64, i64)>,
}

impl Span {
    fn add(&mut self, day: Both) {
        let widen = |span: &mut Option<(i64, i64)>, d: Option<i64>| {
            if let Some(d) = d {
                *span = Some(span.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))));
            }
        };
        widen(&mut self.day_first, day.day_first);
        widen(&mut self.month_first, day.month_first);
    }

    fn get(self, order: DateOrder) -> Option<(i64, i64)> {
        match order {
            DateOrder::DayFirst => self.day_first,
            DateOrder::MonthFirst => self.month_first,
        }
    }
}

#[derive(Debug, Default)]
struct Customer {
    id: String,
    all_lines: Span,
    bought: Span,
    orders: HashSet<String>,
    bought_lines: usize,
    monetary: f64,
}

/// The lines read so far.
#[derive(Debug, Default)]
pub struct Aggregator {
    columns: Option<OrderColumns>,
    decimal: Decimal,
    index: HashMap<String, usize>,
    customers: Vec<Customer>,
    evidence: OrderEvidence,
    pub lines: usize,
    pub without_customer: usize,
    pub cancellations: usize,
    /// Lines that could not be read, first few kept.
    pub problems: Vec<LineProblem>,
    pub unreadable: usize,
    /// Lines whose date is no day when read day first, and month first (25/12 month first):
    /// left out of the table read that way, so the page must say how many.
    not_a_day: (usize, usize),
}

/// Lines that could not be read kept with their cell, at most.
const KEPT_PROBLEMS: usize = 20;

impl Aggregator {
    pub fn new(columns: OrderColumns, decimal: Decimal) -> Aggregator {
        Aggregator { columns: Some(columns), decimal, ..Aggregator::default() }
    }

    /// Reads one order line (`cells` in column order), line `line` of the file.
    pub fn add(&mut self, line: u64, cells: &[&str]) {
        let Some(c) = self.columns else { return };
        self.lines += 1;
        let customer = trimmed(cells, c.customer);
        if customer.is_empty() {
            self.without_customer += 1;
            return;
        }
        match self.read(line, cells, c) {
            Ok((written, value, order, cancelled)) => {
                self.evidence.observe(written);
                self.cancellations += usize::from(cancelled);
                let at = match self.index.get(customer) {
                    Some(&at) => at,
                    None => {
                        self.index.insert(customer.to_owned(), self.customers.len());
                        self.customers.push(Customer { id: customer.to_owned(), ..Customer::default() });
                        self.customers.len() - 1
                    }
                };
                let day = Both::of(written);
                self.not_a_day.0 += usize::from(day.day_first.is_none());
                self.not_a_day.1 += usize::from(day.month_first.is_none());
                let record = &mut self.customers[at];
                record.monetary += value;
                record.all_lines.add(day);
                if !cancelled {
                    record.bought.add(day);
                    record.bought_lines += 1;
                    if let Some(order) = order {
                        record.orders.insert(order);
                    }
                }
            }
            Err(problem) => {
                self.unreadable += 1;
                if self.problems.len() < KEPT_PROBLEMS {
                    self.problems.push(problem);
                }
            }
        }
    }

    /// The line's date, value, order id and whether it is a cancellation.
    fn read(
        &self,
        line: u64,
        cells: &[&str],
        c: OrderColumns,
    ) -> Result<(Written, f64, Option<String>, bool), LineProblem> {
        let cell = |col: usize| trimmed(cells, col);
        let problem = |column: usize, why| LineProblem { line, column, value: cell(column).to_owned(), why };
        let number = |col: usize| parse_number(cell(col), self.decimal).map_err(|_| problem(col, "is not a number"));
        let written = Written::of(cell(c.date)).ok_or_else(|| problem(c.date, "is not a date"))?;
        let value = match (c.amount, c.quantity, c.price) {
            (Some(amount), _, _) => number(amount)?,
            (None, Some(q), Some(p)) => number(q)? * number(p)?,
            _ => return Err(problem(c.customer, "has no amount, nor a quantity and a price")),
        };
        let quantity_negative = c.quantity.map(number).transpose()?.is_some_and(|q| q < 0.0);
        let order = c.order.map(|o| cell(o).to_owned()).filter(|o| !o.is_empty());
        let cancelled = quantity_negative || value < 0.0 || order.as_deref().is_some_and(|o| o.starts_with(['C', 'c']));
        Ok((written, value, order, cancelled))
    }

    /// Lines whose date is no calendar day when read in `order` (none in the order the dates
    /// decide).
    pub fn lines_without_a_day(&self, order: DateOrder) -> usize {
        match order {
            DateOrder::DayFirst => self.not_a_day.0,
            DateOrder::MonthFirst => self.not_a_day.1,
        }
    }

    /// What the dates say about their order.
    pub fn date_order(&self) -> crate::dates::OrderFound {
        self.evidence.found()
    }

    /// The customer table at `analysis` (days since 1970-01-01; none: the day after the latest
    /// date), reading day/month dates in `order`. Customers in first-seen order.
    pub fn finish(&self, order: DateOrder, analysis: Option<i64>) -> CustomerTable {
        let latest = self.customers.iter().filter_map(|c| c.all_lines.get(order)).map(|(_, hi)| hi).max();
        let analysis = analysis.or(latest.map(|d| d + 1)).unwrap_or(0);
        let mut table = CustomerTable { analysis, ..CustomerTable::default() };
        for c in &self.customers {
            let (Some((first, _)), Some((_, last))) = (c.all_lines.get(order), c.bought.get(order)) else {
                table.only_cancelled += 1;
                continue;
            };
            let frequency =
                if self.columns.is_some_and(|c| c.order.is_some()) { c.orders.len() } else { c.bought_lines };
            table.net_not_positive += usize::from(c.monetary <= 0.0);
            table.rows.push(CustomerRow {
                customer: c.id.clone(),
                recency: analysis - last,
                frequency,
                monetary: c.monetary,
                tenure: analysis - first,
                first,
                last,
            });
        }
        table
    }
}

/// Cell `col` of a line, trimmed; empty past its end.
fn trimmed<'a>(cells: &[&'a str], col: usize) -> &'a str {
    cells.get(col).map_or("", |s| s.trim())
}

/// One row per customer.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRow {
    pub customer: String,
    pub recency: i64,
    pub frequency: usize,
    pub monetary: f64,
    pub tenure: i64,
    /// First line and last non-cancelled line, days since 1970-01-01.
    pub first: i64,
    pub last: i64,
}

/// The customer table and what was left out of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerTable {
    pub analysis: i64,
    pub rows: Vec<CustomerRow>,
    /// Customers with only cancellations (left out).
    pub only_cancelled: usize,
    /// Customers whose net Monetary is zero or less (kept).
    pub net_not_positive: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{days_from_civil, OrderFound};

    const COLUMNS: OrderColumns =
        OrderColumns { customer: 1, date: 2, order: Some(0), amount: None, quantity: Some(3), price: Some(4) };

    fn read(lines: &[&str]) -> Aggregator {
        let mut a = Aggregator::new(COLUMNS, Decimal::Point);
        for (i, line) in lines.iter().enumerate() {
            a.add(i as u64 + 2, &line.split(',').collect::<Vec<_>>());
        }
        a
    }

    fn day(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d).unwrap()
    }

    #[test]
    fn the_rules_give_each_customer_its_recency_frequency_monetary_and_tenure() {
        let a = read(&[
            "536365,17850,01/12/2010 08:26,6,2.55",
            "536365,17850,01/12/2010 08:26,2,10.00",
            "536366,17850,13/12/2010 09:00,1,5.00",
            "C536367,17850,14/12/2010 10:00,-1,5.00",
            "536368,,14/12/2010,3,1.00",
            "536369,13047,02/12/2010,1,3.00",
            "C536370,99999,05/12/2010,-2,4.00",
            "536371,12345,03/12/2010,1,2.00",
            "C536372,12345,04/12/2010,-3,2.00",
        ]);
        assert_eq!(a.date_order(), OrderFound::Decided(DateOrder::DayFirst), "13/12 decides");
        assert_eq!(a.lines_without_a_day(DateOrder::DayFirst), 0);
        assert_eq!(a.lines_without_a_day(DateOrder::MonthFirst), 2, "13/12 and 14/12 are no day month first");
        assert_eq!((a.lines, a.without_customer, a.cancellations), (9, 1, 3));
        let t = a.finish(DateOrder::DayFirst, None);
        assert_eq!(t.analysis, day(2010, 12, 15), "the day after the latest date");
        assert_eq!(t.only_cancelled, 1, "99999 only cancelled");
        assert_eq!(t.net_not_positive, 1, "12345 returned more than it bought");
        let ids: Vec<&str> = t.rows.iter().map(|r| r.customer.as_str()).collect();
        assert_eq!(ids, ["17850", "13047", "12345"], "first-seen order");
        let r = &t.rows[0];
        assert_eq!((r.recency, r.frequency, r.tenure), (2, 2, 14), "last bought 13/12; two orders; first 01/12");
        assert!((r.monetary - (15.3 + 20.0 + 5.0 - 5.0)).abs() < 1e-9, "cancellations subtract: {}", r.monetary);
        assert_eq!((t.rows[2].monetary, t.rows[2].frequency), (-4.0, 1));
    }

    #[test]
    fn an_ambiguous_file_is_read_the_way_the_user_chooses() {
        let a = read(&["1,A,01/02/2024,1,1", "2,A,03/02/2024,1,1"]);
        assert_eq!(a.date_order(), OrderFound::Ambiguous);
        let day_first = a.finish(DateOrder::DayFirst, None);
        let month_first = a.finish(DateOrder::MonthFirst, None);
        assert_eq!(day_first.rows[0].last, day(2024, 2, 3));
        assert_eq!(month_first.rows[0].last, day(2024, 3, 2));
        assert_eq!(day_first.rows[0].tenure, 3);
        assert_eq!(month_first.rows[0].tenure, 61, "2 January to 3 March (the day after the last) in a leap year");
    }

    #[test]
    fn a_line_that_cannot_be_read_is_named_by_line_column_and_value() {
        let a = read(&["1,A,yesterday,1,1", "2,A,2024-01-01,one,1"]);
        assert_eq!(a.unreadable, 2);
        assert_eq!(a.problems[0], LineProblem { line: 2, column: 2, value: "yesterday".into(), why: "is not a date" });
        assert_eq!(a.problems[1].column, 3);
        assert!(a.finish(DateOrder::DayFirst, None).rows.is_empty());
    }
}
