//! The customer table `engine::rfm` builds from an order-lines CSV (headers InvoiceNo,
//! CustomerID, InvoiceDate, Quantity, UnitPrice, as the Online Retail export has them), written
//! as CSV for `tests/oracles/rfm_pandas.py` to compare with pandas.
//!
//! Usage: cargo run -p engine --example rfm_table -- LINES.csv
use engine::{
    dates::{DateOrder, OrderFound},
    rfm::{Aggregator, OrderColumns},
    Table,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: rfm_table LINES.csv")?;
    let table = Table::from_csv_bytes(&std::fs::read(path)?)?;
    let at = |name: &str| table.headers().iter().position(|h| h == name).ok_or(format!("no column {name}"));
    let columns = OrderColumns {
        customer: at("CustomerID")?,
        date: at("InvoiceDate")?,
        order: Some(at("InvoiceNo")?),
        amount: None,
        quantity: Some(at("Quantity")?),
        price: Some(at("UnitPrice")?),
    };
    let mut lines = Aggregator::new(columns, table.layout().decimal);
    for i in 0..table.row_count() {
        lines.add(table.line(i), &table.row(i));
    }
    let order = match lines.date_order() {
        OrderFound::Decided(order) => order,
        OrderFound::NotNeeded => DateOrder::DayFirst,
        found => return Err(format!("the dates do not decide their order: {found:?}").into()),
    };
    let customers = lines.finish(order, None);
    println!(
        "# lines={} without_customer={} cancellations={} unreadable={} only_cancelled={} net_not_positive={}",
        lines.lines,
        lines.without_customer,
        lines.cancellations,
        lines.unreadable,
        customers.only_cancelled,
        customers.net_not_positive
    );
    println!("customer,recency,frequency,monetary,tenure");
    for r in &customers.rows {
        println!("{},{},{},{:.6},{}", r.customer, r.recency, r.frequency, r.monetary, r.tenure);
    }
    Ok(())
}
