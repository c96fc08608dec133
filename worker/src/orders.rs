//! Order lines into a customer table, in the worker. A text file is looked at by its first piece
//! only ([`peek`]) and streamed through [`engine::rfm::Aggregator`] piece by piece when the table
//! is built, so memory grows with the customers, not the lines; a workbook is read whole (its
//! size is bounded by the workbook limits) and its rows go through the same aggregator.

use std::sync::Arc;

use engine::{
    dataset::{is_workbook, RecordStream},
    dates::{DateOrder, OrderFound},
    format,
    rfm::{Aggregator, OrderRule},
    Table,
};

use super::{
    chunks::{Input, CHUNK_BYTES},
    store::Loaded,
    timing::{progress, Timer},
    Parts, Report, Worker,
};
use crate::protocol::{BuildReport, BuildSettings, Built, FileKey, FileSummary, OrderLines, Response, Slot};

/// The summary of a text file that reads as order lines, from its first piece; `None` for any
/// other file (a workbook is recognised once read, [`recognised`]).
pub fn peek(name: &str, input: &Input) -> Result<Option<FileSummary>, String> {
    let head = input.head(CHUNK_BYTES)?;
    if is_workbook(&head) {
        return Ok(None);
    }
    let whole = head.len() as u64 == input.size();
    // Whole lines only: the last of the piece may go on in the next.
    let lines = if whole { &head[..] } else { &head[..head.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)] };
    let Ok(table) = Table::from_csv_bytes(lines) else { return Ok(None) };
    let Some(columns) = engine::rfm::recognise(&table) else { return Ok(None) };
    let key = FileKey { len: input.size() as usize, ..FileKey::of(&head) };
    let mut summary = FileSummary::of(name, key, &table)?;
    summary.orders = Some(OrderLines { columns, bytes: input.size(), whole });
    Ok(Some(summary))
}

/// The order columns of a workbook's table, when it reads as order lines.
pub fn recognised(table: &Table, bytes: u64) -> Option<OrderLines> {
    engine::rfm::recognise(table).map(|columns| OrderLines { columns, bytes, whole: true })
}

impl Worker {
    /// Builds the customer table of the order lines in `input` and holds it in `slot`; its CSV
    /// goes to `parts` (the page's download).
    pub(super) fn customers(
        &mut self,
        slot: Slot,
        (name, sheet): (String, Option<String>),
        build: &BuildSettings,
        input: Input,
        report: Report,
        parts: Parts,
    ) -> Result<Response, String> {
        let mut timer = Timer::new(self.clock);
        let (lines, headers) = aggregate(&name, sheet.as_deref(), build, input, report)?;
        timer.lap("read the order lines");
        let found = lines.date_order();
        // The file's own dates decide when they can; a choice is for dates that read both ways.
        let date_order = match found {
            OrderFound::Decided(order) => order,
            OrderFound::NotNeeded | OrderFound::Ambiguous => build.date_order.unwrap_or(DateOrder::DayFirst),
            OrderFound::Mixed => {
                let column = &headers[build.columns.date];
                return Err(format!(
                    "{name}: column \"{column}\" has dates that can only be day/month (a first number above 12) \
                     and others that can only be month/day (a second number above 12), so its dates cannot be \
                     read one way. Export the dates in one format (ISO, 2024-03-31, is safest) and choose the file again."
                ));
            }
        };
        let table = lines.finish(date_order, build.analysis);
        // Recency counts days to the analysis date: before the latest purchase it would be negative.
        if let (Some(analysis), Some(latest)) = (build.analysis, table.rows.iter().map(|r| r.last).max()) {
            if analysis < latest {
                return Err(format!(
                    "The analysis date {} is before the latest purchase in {name} ({}), so Recency would be \
                     negative. Choose a date on or after it, or leave it empty (the day after the latest purchase).",
                    engine::dates::iso_date(analysis),
                    engine::dates::iso_date(latest)
                ));
            }
        }
        let summary = lines.summary(&table, date_order, &headers);
        // Each form is let go once the next is made, so the peak holds two of them, not four
        // (wasm memory never shrinks: what is freed is reused).
        drop(lines);
        let csv = table.to_csv(&headers[build.columns.customer], build.keep_left_out);
        drop(table);
        timer.lap("customer table");
        let customers = Table::from_csv_bytes(csv.as_bytes()).map_err(|e| format!("{name}: {e}"))?;
        let key = FileKey::of(csv.as_bytes());
        let shown = format!("customers of {name}");
        let rule = OrderRule::new(build.columns, &headers, build.date_order.or(Some(date_order)), build.analysis);
        let loaded = Arc::new(Loaded { name: shown, sheet: None, table: customers, key, rule: Some(rule.clone()) });
        let mut file = loaded.summary()?;
        timer.lap("column types and preview");
        file.timings = timer.laps;
        self.files.put(slot, loaded);
        self.cache.clear();
        if slot == Slot::Batch {
            self.results = None;
        }
        parts(csv.as_bytes());
        Ok(Response::Customers(Box::new(Built { summary: file, report: BuildReport { summary, rule } })))
    }
}

/// Every order line of the file through one aggregator, and the file's headers.
fn aggregate(
    name: &str,
    sheet: Option<&str>,
    build: &BuildSettings,
    input: Input,
    report: Report,
) -> Result<(Aggregator, Vec<String>), String> {
    let named = |e: engine::DataError| format!("{name}: {e}");
    let total = input.size();
    let head = input.head(CHUNK_BYTES)?;
    if is_workbook(&head) {
        super::chunks::fits_whole(name, total)?;
        let table = Table::from_file_bytes(&input.read_all()?, sheet).map_err(named)?;
        check_columns(name, build, table.headers().len())?;
        let mut lines = Aggregator::new(build.columns, table.layout().decimal);
        for i in 0..table.row_count() {
            lines.add(table.line(i), &table.row(i));
        }
        return Ok((lines, table.headers().to_vec()));
    }
    let mut stream = RecordStream::start(&head).map_err(named)?;
    check_columns(name, build, stream.headers().len())?;
    let mut lines = Aggregator::new(build.columns, stream.decimal());
    input.for_each_chunk(&mut |piece, done| {
        stream.feed(piece, &mut |line, cells| lines.add(line, cells)).map_err(named)?;
        let phase = format!(
            "Reading order lines: {} lines, {} of {} MB",
            format::thousands(lines.lines as u64),
            format::thousands(done >> 20),
            format::thousands(total >> 20)
        );
        report(progress(phase, done as f64, total as f64));
        Ok(())
    })?;
    stream.finish(&mut |line, cells| lines.add(line, cells)).map_err(named)?;
    Ok((lines, stream.headers().to_vec()))
}

/// A mapping of this file's columns, or why not (the page sent one for another file).
fn check_columns(name: &str, build: &BuildSettings, width: usize) -> Result<(), String> {
    let c = build.columns;
    let all = [Some(c.customer), Some(c.date), c.order, c.amount, c.quantity, c.price];
    match all.into_iter().flatten().find(|&col| col >= width) {
        Some(col) => Err(format!(
            "{name} has {width} columns, so column {} cannot be read. Choose the order columns again.",
            col + 1
        )),
        None if c.amount.is_none() && (c.quantity.is_none() || c.price.is_none()) => Err(format!(
            "Choose where {name} has each line's amount, or its quantity and unit price: Monetary needs one of them."
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use engine::TrainRequest;

    use super::*;
    use crate::{
        chunks::InMemory,
        protocol::Request,
        testing::{clock, load, run},
    };

    /// Order lines of three customers: C1 buys twice (one order of two lines) and returns
    /// once, C2 only cancels, C3 buys once; one line has no customer.
    const LINES: &str = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n\
        536365,A,2,2024-03-01 08:26,2.55,C1\n\
        536365,B,1,2024-03-01 08:26,10.00,C1\n\
        536366,A,4,2024-03-10 09:00,1.00,C1\n\
        C536367,A,-1,2024-03-11 10:00,2.55,C1\n\
        C536368,B,-2,2024-03-05 10:00,3.00,C2\n\
        536369,A,3,2024-03-09 11:00,5.00,C3\n\
        536370,A,3,2024-03-09 11:00,5.00,\n\
        536371,B,1,2024-03-12 12:00,1.50,C3\n";

    /// Where LINES has each field.
    const COLUMNS: engine::rfm::OrderColumns = engine::rfm::OrderColumns {
        customer: 5,
        date: 3,
        order: Some(0),
        amount: None,
        quantity: Some(2),
        price: Some(4),
    };

    fn file(text: &str) -> Option<Input> {
        Some(Input::File(Rc::new(InMemory(text.as_bytes().to_vec()))))
    }

    fn build(w: &mut Worker, slot: Slot, keep_left_out: bool) -> Result<Response, String> {
        let columns = COLUMNS;
        let build = BuildSettings { columns, date_order: None, analysis: None, keep_left_out };
        let request = Request::Customers { slot, name: "orders.csv".into(), sheet: None, build };
        let (mut progress, mut csv) = (Vec::new(), Vec::new());
        let answer = w.handle(request, file(LINES), &mut |p| progress.push(p), &mut |p| csv.extend_from_slice(p));
        assert!(progress.last().is_some_and(|p| p.phase.starts_with("Reading order lines: 8 lines")), "{progress:?}");
        assert!(!csv.is_empty(), "the table comes back as CSV");
        answer
    }

    #[test]
    fn order_lines_are_only_looked_at_when_loaded_and_a_customer_table_is_not() {
        let mut w = Worker::new(clock);
        let request = Request::Load { slot: Slot::Train, name: "orders.csv".into(), demo: false, sheet: None };
        let Ok(Response::Loaded(lines)) = w.handle(request, file(LINES), &mut |_| {}, &mut |_| {}) else {
            panic!("not looked at")
        };
        let found = lines.orders.expect("order lines");
        assert_eq!((found.columns.customer, found.columns.date, found.columns.order), (5, 3, Some(0)));
        assert!(found.whole);
        assert!(w.files.get(Slot::Train).is_err(), "nothing held until a table is built");
        let mall = run(
            &mut w,
            load("mall.csv", Slot::Train),
            Some(b"CustomerID,Age,Income,Spending\n1,19,15,39\n2,21,15,81\n"),
        );
        let Ok(Response::Loaded(mall)) = mall.answer else { panic!("not loaded") };
        assert_eq!(mall.orders, None);
        // Order lines looked at after a customer table leave it held, as the page's record says.
        let request = Request::Load { slot: Slot::Train, name: "orders.csv".into(), demo: false, sheet: None };
        assert!(w.handle(request, file(LINES), &mut |_| {}, &mut |_| {}).is_ok());
        assert_eq!(w.files.get(Slot::Train).unwrap().name, "mall.csv");
    }

    #[test]
    fn a_customer_table_built_from_order_lines_is_trained_on_and_its_model_keeps_how() {
        let mut w = Worker::new(clock);
        let Ok(Response::Customers(built)) = build(&mut w, Slot::Train, false) else { panic!("not built") };
        let s = &built.report.summary;
        assert_eq!((s.lines, s.without_customer, s.cancellations), (8, 1, 2));
        assert_eq!((s.customers, s.left_out), (2, 1));
        assert_eq!(s.analysis_date, "2024-03-13", "the day after the latest line");
        assert_eq!(built.summary.headers[..4], ["CustomerID", "Recency", "Frequency", "Monetary"].map(String::from));
        assert_eq!(built.summary.rows, 2);
        assert_eq!(built.summary.default_features, [1, 2, 3], "R, F and M start chosen");
        let request = TrainRequest::new(vec![1, 2, 3], 2);
        let Ok(Response::Trained(t)) = run(&mut w, Request::Train { request }, None).answer else {
            panic!("not trained")
        };
        let rule = t.model.orders.expect("the model keeps how its table was built");
        assert_eq!(rule.columns.customer, "CustomerID");
        assert_eq!(rule.analysis, None, "the day after each file's latest date");
    }

    #[test]
    fn on_batch_every_customer_has_a_row_in_first_seen_order_with_why_one_is_left_out() {
        let mut w = Worker::new(clock);
        let Ok(Response::Customers(built)) = build(&mut w, Slot::Batch, true) else { panic!("not built") };
        assert_eq!(built.summary.rows, 3);
        let table = &w.files.get(Slot::Batch).unwrap().table;
        let customers: Vec<&str> = (0..3).map(|i| table.cell(i, 0)).collect();
        assert_eq!(customers, ["C1", "C2", "C3"]);
        assert_eq!(table.cell(1, 1), "", "C2 has no Recency");
        assert!(table.cell(1, table.headers().len() - 1).contains("only cancellations"));
    }

    #[test]
    fn an_analysis_date_before_the_latest_purchase_is_refused_naming_both() {
        let mut w = Worker::new(clock);
        let columns = COLUMNS;
        let analysis = engine::dates::days_from_civil(2024, 3, 10);
        let build = BuildSettings { columns, date_order: None, analysis, keep_left_out: false };
        let request = Request::Customers { slot: Slot::Train, name: "orders.csv".into(), sheet: None, build };
        let answer = w.handle(request, file(LINES), &mut |_| {}, &mut |_| {});
        assert_eq!(
            answer,
            Err("The analysis date 2024-03-10 is before the latest purchase in orders.csv (2024-03-12), so Recency \
                 would be negative. Choose a date on or after it, or leave it empty (the day after the latest purchase)."
                .into())
        );
    }

    #[test]
    fn a_mapping_for_another_file_is_refused_with_a_message() {
        let mut w = Worker::new(clock);
        let columns = engine::rfm::OrderColumns {
            customer: 9,
            date: 3,
            order: None,
            amount: Some(2),
            quantity: None,
            price: None,
        };
        let build = BuildSettings { columns, date_order: None, analysis: None, keep_left_out: false };
        let request = Request::Customers { slot: Slot::Train, name: "orders.csv".into(), sheet: None, build };
        let answer = w.handle(request, file(LINES), &mut |_| {}, &mut |_| {});
        assert_eq!(
            answer,
            Err("orders.csv has 6 columns, so column 10 cannot be read. Choose the order columns again.".into())
        );
    }
}
