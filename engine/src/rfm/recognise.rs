//! Is this file order lines, and where are their fields? Judged from the headers' words and
//! the first lines' values: a customer column whose customers come back, a date column that
//! reads as dates, and an amount or a quantity and a unit price that read as numbers.

use super::OrderColumns;
use crate::{
    dataset::{parse_number, Table},
    dates::Written,
    text::words,
};

/// Rows looked at: the worker builds the table from the file's first chunk.
const SAMPLE_ROWS: usize = 5_000;
/// Share of a column's non-empty cells that must read as dates, or as numbers.
const MOSTLY: f64 = 0.9;

/// The order-lines columns of `table` (the file's first few thousand lines), if it has them:
/// a customer (customer, client, buyer, member, user, account or shopper, best with id, number
/// or no; or an e-mail), a date (date, time, created, ordered, … whose cells read as dates), and
/// a quantity and a unit price (preferred: they are per line, where an export's totals may be per
/// order) or an amount (amount, total, revenue, sales, value, subtotal) that read as numbers; an
/// order id (order, invoice, transaction, receipt, …; Shopify's `Name` of `#1001`s) when one
/// column alone is it. A customer table (one row per customer) is not order lines: some customer
/// must appear on more than one line.
pub fn recognise(table: &Table) -> Option<OrderColumns> {
    let columns: Vec<Column> = (0..table.headers().len()).map(|c| Column::of(table, c)).collect();
    let customer = best(&columns, |c| c.customer_score())?;
    let date = best(&columns, |c| if c.index == customer { 0 } else { c.date_score() })?;
    let taken = |c: &Column| c.index == customer || c.index == date;
    let pick = |score: fn(&Column) -> u32| best(&columns, |c| if taken(c) { 0 } else { score(c) });
    let (quantity, price) = (pick(Column::quantity_score), pick(Column::price_score));
    let (amount, quantity, price) = match (quantity, price) {
        (Some(q), Some(p)) if q != p => (None, Some(q), Some(p)),
        _ => (Some(pick(Column::amount_score)?), None, None),
    };
    // Not a column already chosen: "Order Quantity" is a quantity, not an order id.
    let chosen = [amount, quantity, price];
    let order =
        unique_best(&columns, |c| if taken(c) || chosen.contains(&Some(c.index)) { 0 } else { c.order_score() });
    Some(OrderColumns { customer, date, order, amount, quantity, price })
}

/// The column with the highest score (above 0), the first on a tie.
fn best(columns: &[Column], score: impl Fn(&Column) -> u32) -> Option<usize> {
    let (mut found, mut high) = (None, 0);
    for c in columns {
        let s = score(c);
        if s > high {
            (found, high) = (Some(c.index), s);
        }
    }
    found
}

/// The column with the highest score, when no other has it.
fn unique_best(columns: &[Column], score: impl Fn(&Column) -> u32) -> Option<usize> {
    let found = best(columns, &score)?;
    let high = score(&columns[found]);
    (columns.iter().filter(|c| score(c) == high).count() == 1).then_some(found)
}

/// What a column's header and first cells say.
struct Column {
    index: usize,
    words: Vec<String>,
    filled: usize,
    dates: usize,
    numbers: usize,
    /// Some non-empty value appears on more than one line.
    repeats: bool,
    /// Most non-empty values are written `#1001`, as Shopify writes its order names.
    order_names: usize,
}

impl Column {
    fn of(table: &Table, index: usize) -> Column {
        let rows = table.row_count().min(SAMPLE_ROWS);
        let decimal = table.layout().decimal;
        let (mut filled, mut dates, mut numbers, mut order_names) = (0, 0, 0, 0);
        let mut seen = std::collections::HashSet::new();
        let mut repeats = false;
        for row in 0..rows {
            let cell = table.cell(row, index).trim();
            if cell.is_empty() {
                continue;
            }
            filled += 1;
            dates += usize::from(Written::of(cell).is_some());
            numbers += usize::from(parse_number(cell, decimal).is_ok());
            order_names += usize::from(
                cell.strip_prefix('#').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
            );
            repeats |= !seen.insert(cell);
        }
        Column { index, words: words(&table.headers()[index]), filled, dates, numbers, repeats, order_names }
    }

    fn has(&self, any: &[&str]) -> bool {
        self.words.iter().any(|w| any.contains(&w.as_str()))
    }

    fn mostly(&self, count: usize) -> bool {
        self.filled > 0 && count as f64 >= MOSTLY * self.filled as f64
    }

    fn numeric(&self) -> bool {
        self.mostly(self.numbers)
    }

    fn customer_score(&self) -> u32 {
        // Dates written as dates are no customer; numbers may be ids even in Excel's serial range.
        if !self.repeats || (self.mostly(self.dates) && !self.numeric()) {
            return 0;
        }
        let who = self.has(&["customer", "client", "buyer", "member", "user", "account", "shopper", "cust"]);
        let id = self.has(&["id", "number", "no", "num", "nr", "code", "key", "ref"]);
        let email = self.has(&["email", "mail"]);
        match (who, id, email) {
            (true, true, _) => 4,
            (_, _, true) => 3,
            (true, false, false) if !self.has(&["name", "type", "segment", "group", "since"]) => 2,
            _ => 0,
        }
    }

    fn date_score(&self) -> u32 {
        if !self.mostly(self.dates) {
            return 0;
        }
        let when = self.has(&["date", "datetime", "timestamp", "time", "created", "ordered", "purchased", "placed"]);
        let paid = self.has(&["paid", "processed"]);
        let of_an_order = self.has(&["order", "invoice", "purchase", "transaction", "sale", "created", "placed"]);
        match (when, paid, of_an_order) {
            (true, _, true) => 4,
            (true, _, false) if self.has(&["date", "datetime", "timestamp"]) => 3,
            (true, _, false) => 2,
            (false, true, _) => 1,
            _ => 0,
        }
    }

    fn quantity_score(&self) -> u32 {
        u32::from(self.numeric() && self.has(&["qty", "quantity", "units", "quantities"]))
    }

    fn price_score(&self) -> u32 {
        if !self.numeric() || !self.has(&["price"]) || self.has(&["compare", "total", "discount"]) {
            return 0;
        }
        if self.has(&["unit", "item", "lineitem", "each"]) {
            2
        } else {
            1
        }
    }

    fn amount_score(&self) -> u32 {
        let excluded = ["discount", "tax", "taxes", "shipping", "refund", "refunded", "balance", "outstanding"];
        if !self.numeric() || self.has(&excluded) {
            return 0;
        }
        if self.has(&["line", "lineitem"]) && self.has(&["total", "amount", "value"]) {
            4
        } else if self.has(&["amount", "revenue", "sales", "spend", "monetary"]) {
            3
        } else if self.has(&["total", "subtotal", "value"]) {
            2
        } else {
            0
        }
    }

    fn order_score(&self) -> u32 {
        let kind = self.has(&["order", "invoice", "transaction", "receipt", "ticket", "basket", "bill"]);
        let about = self.has(&["date", "time", "status", "total", "amount", "value", "type", "count", "created"]);
        if kind && !about {
            return if self.has(&["id", "no", "number", "num", "nr", "code", "ref"]) || self.words.len() == 1 {
                3
            } else {
                1
            };
        }
        u32::from(self.words == ["name"] && self.mostly(self.order_names)) * 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(csv: &str) -> Option<OrderColumns> {
        recognise(&Table::from_csv_bytes(csv.as_bytes()).unwrap())
    }

    #[test]
    fn online_retail_is_order_lines() {
        let found = columns(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
             536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\n\
             536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom\n\
             536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850,United Kingdom\n",
        );
        let expected =
            OrderColumns { customer: 6, date: 4, order: Some(0), amount: None, quantity: Some(3), price: Some(5) };
        assert_eq!(found, Some(expected));
    }
}
