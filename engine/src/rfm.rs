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

use serde::{Deserialize, Serialize};

use crate::{
    dataset::Decimal,
    dates::{iso_date, push_iso_date, DateOrder, OrderEvidence, OrderFound, Written},
    text::{excerpt, header_key, quoted_list},
};

mod customers;
mod hash;
mod numbers;
mod orders;
mod recognise;
mod rule;

use customers::Customers;
use numbers::read_number;
use orders::OrderSet;

pub use recognise::recognise;
pub use rule::OrderRule;

/// Where the order lines' fields are, by column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderColumns {
    pub customer: usize,
    pub date: usize,
    pub order: Option<usize>,
    /// The line's amount; else quantity × price.
    pub amount: Option<usize>,
    pub quantity: Option<usize>,
    pub price: Option<usize>,
}

impl OrderColumns {
    /// The columns by their header names, so a model can find them again in another file.
    pub fn names(&self, headers: &[String]) -> OrderNames {
        let name = |c: usize| headers.get(c).cloned().unwrap_or_default();
        OrderNames {
            customer: name(self.customer),
            date: name(self.date),
            order: self.order.map(name),
            amount: self.amount.map(name),
            quantity: self.quantity.map(name),
            price: self.price.map(name),
        }
    }
}

/// The order lines' columns by header name (compared by [`header_key`]), as a model keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderNames {
    pub customer: String,
    pub date: String,
    pub order: Option<String>,
    pub amount: Option<String>,
    pub quantity: Option<String>,
    pub price: Option<String>,
}

impl OrderNames {
    /// The same columns in a file with these headers, or a message naming what is missing.
    pub fn resolve(&self, headers: &[String]) -> Result<OrderColumns, String> {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let find = |name: &str| {
            let key = header_key(name);
            keys.iter().position(|k| *k == key).ok_or_else(|| {
                format!("This file has no column \"{}\" (its columns: {}).", excerpt(name), quoted_list(headers))
            })
        };
        let optional = |name: &Option<String>| name.as_deref().map(find).transpose();
        let columns = OrderColumns {
            customer: find(&self.customer)?,
            date: find(&self.date)?,
            order: optional(&self.order)?,
            amount: optional(&self.amount)?,
            quantity: optional(&self.quantity)?,
            price: optional(&self.price)?,
        };
        if columns.amount.is_none() && (columns.quantity.is_none() || columns.price.is_none()) {
            return Err("Order lines need an amount column, or a quantity and a unit price column.".into());
        }
        Ok(columns)
    }
}

/// A line that cannot be read, with the cell to name.
#[derive(Debug, Clone, PartialEq)]
pub struct LineProblem {
    pub line: u64,
    pub column: usize,
    pub value: String,
    pub why: &'static str,
}

impl LineProblem {
    /// As the page says it: `line 12, column InvoiceDate: "31/31/2024" is not a date`.
    pub fn message(&self, headers: &[String]) -> String {
        let column = headers.get(self.column).map_or_else(|| format!("{}", self.column + 1), |h| excerpt(h));
        format!("line {}, column {column}: \"{}\" {}", self.line, excerpt(&self.value), self.why)
    }
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

/// Earliest and latest of a customer's days, under each reading (day first, month first), as
/// days since 1970-01-01 in 32 bits (years 0 to 9999 need 22): a customer's figures and id fit
/// one cache line, which is what a file of a million customers waits on.
#[derive(Debug, Clone, Copy)]
struct Span([(i32, i32); 2]);

impl Default for Span {
    fn default() -> Span {
        Span([(i32::MAX, i32::MIN); 2])
    }
}

impl Span {
    fn add(&mut self, day: Both) {
        for (span, d) in self.0.iter_mut().zip([day.day_first, day.month_first]) {
            if let Some(d) = d.and_then(|d| i32::try_from(d).ok()) {
                *span = (span.0.min(d), span.1.max(d));
            }
        }
    }

    fn get(self, order: DateOrder) -> Option<(i64, i64)> {
        let (lo, hi) = match order {
            DateOrder::DayFirst => self.0[0],
            DateOrder::MonthFirst => self.0[1],
        };
        (lo <= hi).then(|| (i64::from(lo), i64::from(hi)))
    }
}

/// What is kept of a customer while the lines stream in (its id is kept beside it, in
/// [`Customers`]): 48 bytes.
#[derive(Debug, Default)]
struct Customer {
    all_lines: Span,
    bought: Span,
    monetary: f64,
    /// Distinct non-cancelled orders so far (see [`Aggregator::orders`]).
    orders: u32,
    bought_lines: u32,
}

/// The date cell of the previous line and how it reads: the lines of an order are consecutive
/// and share their date, so most lines' dates are read by comparing a few bytes.
#[derive(Debug)]
struct LastDate {
    text: String,
    written: Written,
    day: Both,
}

/// What one line says, read.
struct Line<'a> {
    written: Written,
    day: Both,
    value: f64,
    order: Option<&'a str>,
    cancelled: bool,
}

/// The lines read so far.
#[derive(Debug, Default)]
pub struct Aggregator {
    columns: Option<OrderColumns>,
    decimal: Decimal,
    customers: Customers<Customer>,
    /// Every (customer, order) pair seen on a non-cancelled line, by a 64-bit hash of the two
    /// (see [`orders`] for the odds of two sharing one: Frequency is exact in practice).
    orders: OrderSet,
    /// The customer of the previous line (its place and its id's hash): an order's lines come
    /// together, so most lines find their customer by comparing its id with this one's, without
    /// a lookup.
    previous: Option<(usize, u64)>,
    /// The (customer, order) pair of the last non-cancelled line counted in `orders`: the other
    /// lines of its order, which follow it in every export, are not looked up again.
    counted: Option<(usize, String)>,
    last_date: Option<LastDate>,
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
    /// The first few of those, under each reading.
    not_a_day_kept: (Vec<LineProblem>, Vec<LineProblem>),
}

/// Lines that could not be read kept with their cell, at most.
const KEPT_PROBLEMS: usize = 20;

/// Why a customer is not in the table.
pub const ONLY_CANCELLATIONS: &str = "only cancellations: no purchase to measure";
/// Why a customer whose purchases' dates are no calendar day in the order used is not in the table.
pub const NO_DAY: &str = "no purchase on a date that reads as a day";

impl Aggregator {
    pub fn new(columns: OrderColumns, decimal: Decimal) -> Aggregator {
        Aggregator { columns: Some(columns), decimal, ..Aggregator::default() }
    }

    /// Reads one order line (`cells` in column order), line `line` of the file.
    ///
    /// Not inlined, on purpose: V8 optimises a wasm function for its next call, so a function
    /// called once per line is optimised a few thousand lines into a big file.
    #[inline(never)]
    pub fn add(&mut self, line: u64, cells: &[&str]) {
        let Some(c) = self.columns else { return };
        self.lines += 1;
        let customer = trimmed(cells, c.customer);
        if customer.is_empty() {
            self.without_customer += 1;
            return;
        }
        match self.read(line, cells, c) {
            Ok(Line { written, day, value, order, cancelled }) => {
                self.evidence.observe(written);
                self.cancellations += usize::from(cancelled);
                let previous = self.previous.filter(|&(at, _)| self.customers.is_at(at, customer));
                let hash = previous.map_or_else(|| hash::hash_bytes(customer.as_bytes()), |(_, hash)| hash);
                // The other lines of the order last counted follow it: counted already.
                let counted = |(at, _): (usize, u64)| {
                    self.counted.as_ref().is_some_and(|(c, o)| *c == at && Some(o.as_str()) == order)
                };
                let new_order = if cancelled || previous.is_some_and(counted) { None } else { order };
                // The order set's slot is read before the customer is looked up, so that the two
                // waits on memory overlap.
                let ahead = new_order.map(|order| self.orders.read_ahead(hash::order_pair(hash, order)));
                let at = match previous {
                    Some((at, _)) => at,
                    None => {
                        let at = self.customers.place(customer, hash);
                        self.previous = Some((at, hash));
                        at
                    }
                };
                for (ok, count, kept, why) in [
                    (day.day_first.is_some(), &mut self.not_a_day.0, &mut self.not_a_day_kept.0, NOT_A_DAY_DAY_FIRST),
                    (
                        day.month_first.is_some(),
                        &mut self.not_a_day.1,
                        &mut self.not_a_day_kept.1,
                        NOT_A_DAY_MONTH_FIRST,
                    ),
                ] {
                    if !ok {
                        *count += 1;
                        if kept.len() < KEPT_PROBLEMS {
                            kept.push(LineProblem { line, column: c.date, value: trimmed(cells, c.date).into(), why });
                        }
                    }
                }
                let record = self.customers.figures_mut(at);
                record.monetary += value;
                record.all_lines.add(day);
                if !cancelled {
                    record.bought.add(day);
                    record.bought_lines += 1;
                    if let (Some(order), Some(ahead)) = (new_order, ahead) {
                        record.orders += u32::from(self.orders.insert(ahead));
                        let (c, o) = self.counted.get_or_insert_with(|| (at, String::new()));
                        *c = at;
                        o.clear();
                        o.push_str(order);
                    } else if order.is_none() {
                        // A purchase without an order id is an order of its own, not none.
                        record.orders += 1;
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
    fn read<'a>(&mut self, line: u64, cells: &[&'a str], c: OrderColumns) -> Result<Line<'a>, LineProblem> {
        let cell = |col: usize| trimmed(cells, col);
        let problem = |column: usize, why| LineProblem { line, column, value: cell(column).to_owned(), why };
        let date = cell(c.date);
        let (written, day) = match &mut self.last_date {
            Some(last) if last.text == date => (last.written, last.day),
            last => {
                let written = Written::of(date).ok_or_else(|| problem(c.date, "is not a date"))?;
                let day = Both::of(written);
                let kept = last.get_or_insert_with(|| LastDate { text: String::new(), written, day });
                kept.text.clear();
                kept.text.push_str(date);
                (kept.written, kept.day) = (written, day);
                (written, day)
            }
        };
        let decimal = self.decimal;
        let number = |col: usize| read_number(cell(col), decimal).map_err(|_| problem(col, "is not a number"));
        let (value, quantity_negative) = match (c.amount, c.quantity, c.price) {
            (Some(amount), quantity, _) => {
                (number(amount)?, quantity.map(number).transpose()?.is_some_and(|q| q < 0.0))
            }
            (None, Some(q), Some(p)) => {
                let quantity = number(q)?;
                (quantity * number(p)?, quantity < 0.0)
            }
            _ => return Err(problem(c.customer, "has no amount, nor a quantity and a price")),
        };
        let order = c.order.map(cell).filter(|o| !o.is_empty());
        let cancelled = quantity_negative || value < 0.0 || order.is_some_and(|o| o.starts_with(['C', 'c']));
        Ok(Line { written, day, value, order, cancelled })
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
    pub fn date_order(&self) -> OrderFound {
        self.evidence.found()
    }

    /// The customer table at `analysis` (days since 1970-01-01; none: the day after the latest
    /// date), reading day/month dates in `order`. Customers in first-seen order.
    pub fn finish(&self, order: DateOrder, analysis: Option<i64>) -> CustomerTable {
        let latest = self.customers.iter().filter_map(|(_, c)| c.all_lines.get(order)).map(|(_, hi)| hi).max();
        let analysis = analysis.or(latest.map(|d| d + 1)).unwrap_or(0);
        let mut table = CustomerTable { analysis, ..CustomerTable::default() };
        for (position, (id, c)) in self.customers.iter().enumerate() {
            let (Some((first, _)), Some((_, last))) = (c.all_lines.get(order), c.bought.get(order)) else {
                let why = if c.bought_lines > 0 { NO_DAY } else { ONLY_CANCELLATIONS };
                table.left_out.push(LeftOut { position, customer: id.to_owned(), why });
                continue;
            };
            let frequency =
                (if self.columns.is_some_and(|c| c.order.is_some()) { c.orders } else { c.bought_lines }) as usize;
            table.net_not_positive += usize::from(c.monetary <= 0.0);
            table.rows.push(CustomerRow {
                customer: id.to_owned(),
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

    /// What the page says about a table built from these lines in `order`: the counts, and the
    /// first lines that could not be read, each naming its line, column (`headers`) and value.
    pub fn summary(&self, table: &CustomerTable, order: DateOrder, headers: &[String]) -> BuildSummary {
        let not_a_day = match order {
            DateOrder::DayFirst => &self.not_a_day_kept.0,
            DateOrder::MonthFirst => &self.not_a_day_kept.1,
        };
        let mut problems: Vec<&LineProblem> = self.problems.iter().chain(not_a_day).collect();
        problems.sort_by_key(|p| p.line);
        problems.truncate(KEPT_PROBLEMS);
        BuildSummary {
            lines: self.lines,
            without_customer: self.without_customer,
            cancellations: self.cancellations,
            unreadable: self.unreadable,
            without_a_day: self.lines_without_a_day(order),
            first_problems: problems.iter().map(|p| p.message(headers)).collect(),
            customers: table.rows.len(),
            left_out: table.left_out.len(),
            net_not_positive: table.net_not_positive,
            date_order: self.date_order(),
            order_used: order,
            analysis: table.analysis,
            analysis_date: iso_date(table.analysis),
        }
    }
}

const NOT_A_DAY_DAY_FIRST: &str = "is no day of the calendar read as day/month/year";
const NOT_A_DAY_MONTH_FIRST: &str = "is no day of the calendar read as month/day/year";

/// Cell `col` of a line, trimmed; empty past its end.
fn trimmed<'a>(cells: &[&'a str], col: usize) -> &'a str {
    let cell = cells.get(col).map_or("", |s| *s);
    // Most cells start and end with a printable ASCII character (no whitespace, no start of a
    // wider character that might be one): nothing to trim, without a pass over the characters.
    let printable = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x7F);
    if printable(cell.as_bytes().first()) && printable(cell.as_bytes().last()) {
        cell
    } else {
        cell.trim()
    }
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

/// A customer of the file who is not in the table, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The customer's place in first-seen order among all the file's customers.
    pub position: usize,
    pub customer: String,
    pub why: &'static str,
}

/// The customer table and what was left out of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerTable {
    pub analysis: i64,
    pub rows: Vec<CustomerRow>,
    /// Customers with only cancellations, in first-seen order (not in `rows`).
    pub left_out: Vec<LeftOut>,
    /// Customers whose net Monetary is zero or less (kept).
    pub net_not_positive: usize,
}

/// The columns of [`CustomerTable::to_csv`] after the customer's.
pub const TABLE_COLUMNS: [&str; 6] = ["Recency", "Frequency", "Monetary", "Tenure", "First purchase", "Last purchase"];
/// The column that says why a customer was left out.
pub const LEFT_OUT_COLUMN: &str = "Left out";

impl CustomerTable {
    /// The table as CSV: `customer_header`, then Recency, Frequency, Monetary, Tenure, First
    /// purchase and Last purchase (ISO dates), one row per customer in first-seen order; with
    /// `with_left_out`, the customers left out too, in their first-seen place with empty figures
    /// and the reason in a last column, `Left out`. Monetary is written as the shortest text that
    /// reads back as the same number, so a table trained from the file equals one trained from
    /// the figures.
    pub fn to_csv(&self, customer_header: &str, with_left_out: bool) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(64 * (self.rows.len() + 1));
        let mut integers = itoa::Buffer::new();
        push_field(&mut out, customer_header);
        for column in TABLE_COLUMNS {
            out.push(',');
            out.push_str(column);
        }
        if with_left_out {
            out.push(',');
            out.push_str(LEFT_OUT_COLUMN);
        }
        out.push('\n');
        let mut left_out = self.left_out.iter().filter(|_| with_left_out).peekable();
        let mut rows = self.rows.iter();
        for position in 0.. {
            if let Some(l) = left_out.next_if(|l| l.position == position) {
                push_left_out(&mut out, l);
                continue;
            }
            let Some(r) = rows.next() else {
                // Only customers left out after the last row remain.
                left_out.for_each(|l| push_left_out(&mut out, l));
                break;
            };
            push_field(&mut out, &r.customer);
            // A million rows at a time: the integers and dates are placed without `write!`.
            for n in [r.recency, r.frequency as i64] {
                out.push(',');
                out.push_str(integers.format(n));
            }
            let _ = write!(out, ",{}", r.monetary);
            out.push(',');
            out.push_str(integers.format(r.tenure));
            for day in [r.first, r.last] {
                out.push(',');
                push_iso_date(&mut out, day);
            }
            if with_left_out {
                out.push(',');
            }
            out.push('\n');
        }
        out
    }
}

/// A field as CSV writes it: quoted when it holds a comma, a quote or a line break, or starts or
/// ends with a space a reader might trim.
fn push_field(out: &mut String, field: &str) {
    let quote = field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ');
    if quote {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// A customer left out, as a row of the table: the id, no figures, the reason.
fn push_left_out(out: &mut String, l: &LeftOut) {
    push_field(out, &l.customer);
    out.push_str(",,,,,,,");
    push_field(out, l.why);
    out.push('\n');
}

/// What building a customer table found, for the page's summary (`rfm-summary`) and the
/// worker's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildSummary {
    /// Order lines read (every data row of the file).
    pub lines: usize,
    /// Lines with an empty customer, left out.
    pub without_customer: usize,
    /// Cancellation lines (negative quantity or amount, or an order id starting with C).
    pub cancellations: usize,
    /// Lines whose date or number could not be read, left out.
    pub unreadable: usize,
    /// Lines whose date is no day of the calendar in the order used, left out of the dates.
    pub without_a_day: usize,
    /// The first few of those lines: `line 12, column InvoiceDate: "31/31/2024" is not a date`.
    pub first_problems: Vec<String>,
    /// Customers in the table.
    pub customers: usize,
    /// Customers left out (only cancellations).
    pub left_out: usize,
    /// Customers in the table whose net Monetary is zero or less.
    pub net_not_positive: usize,
    /// What the dates say about day/month order.
    pub date_order: OrderFound,
    /// The order the table was built with (decided by the dates, or chosen).
    pub order_used: DateOrder,
    /// The analysis date, days since 1970-01-01, and as an ISO date.
    pub analysis: i64,
    pub analysis_date: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::days_from_civil;

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
    fn a_purchase_without_an_order_id_is_an_order_of_its_own() {
        // Found in review: with an order column, a line whose order cell is empty counted as no
        // order, so a buyer could have Frequency 0.
        let a = read(&[
            "A1,c1,2024-03-01,1,2.00",
            ",c1,2024-03-02,1,2.00",
            ",c1,2024-03-03,1,2.00",
            ",c2,2024-03-03,1,5.00",
        ]);
        let t = a.finish(DateOrder::DayFirst, None);
        assert_eq!(
            t.rows.iter().map(|r| (r.customer.as_str(), r.frequency)).collect::<Vec<_>>(),
            [("c1", 3), ("c2", 1)]
        );
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
        assert_eq!(t.left_out, [LeftOut { position: 2, customer: "99999".into(), why: ONLY_CANCELLATIONS }]);
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
